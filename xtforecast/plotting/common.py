"""What every figure of :mod:`xtforecast.plotting` shares: status colours, goal labels, number
words, the value axis, a new axes when none is given, and showing a figure in a notebook."""

from __future__ import annotations

import io
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .._schema import STATUSES
from ..i18n import LANGS, check_lang, status_label, t, unit_label

#: Colour of each headline status: green to red as the call worsens, grey for "no call".
#: Colour-blind-safe enough to be read with the words that always accompany it.
STATUS_COLORS = {
    "achieved": "#1b7837",
    "on_track": "#5aae61",
    "acceleration_needed": "#f1a340",
    "off_track": "#d6604d",
    "regressing": "#8e0152",
    "insufficient_data": "#bdbdbd",
}

#: P(attain) guide lines of :func:`~xtforecast.plotting.p_attain_bars`: the headline cut-points
#: (more likely than not; on track), see :mod:`xtforecast.gap.headline`.
GUIDES = (0.5, 0.8)

FAN_COLOR = "#2c7fb8"
OBS_COLOR = "#252525"
TARGET_COLOR = "#d7301f"
#: The white box behind a chart's corner notes (the goal's words, the explorer's P(attain)):
#: they are drawn above the data, so they stay readable over a band
NOTE_BOX = {"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.85}


def new_ax(ax, figsize):
    """``ax``, or the axes of a new figure of ``figsize`` (constrained layout)."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt  # only when a figure is made: the tables need no pyplot
    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def fmt(v) -> str:
    """A number as a reader would write it: no float noise, thousands separated.

    Examples
    --------
    >>> fmt(12345.678), fmt(0.123456), fmt(float("nan")), fmt("B")
    ('12,346', '0.1235', '—', 'B')
    """
    try:
        v = float(v)
    except (TypeError, ValueError):
        return str(v)
    if not np.isfinite(v):
        return "—"
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    return f"{v:.4g}"


def require(df: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    """Raise a :class:`ValueError` naming the columns ``what`` needs and those it got."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{what} needs column(s) {missing}; got {list(df.columns)}. Pass the "
                         "summary table of xtforecast.gap.evaluate.evaluate_targets (or any "
                         "table with those columns).")


def goal_labels(summary: pd.DataFrame, lang: str = "zh") -> pd.Series:
    """The display label of each goal: ``label_<lang>``, else the other language, else the id.

    Parameters
    ----------
    summary : pandas.DataFrame
        Needs ``target_id``; ``label_zh``/``label_en`` are used when present and non-blank.
    lang : {"zh", "en"}

    Returns
    -------
    pandas.Series
        Strings, aligned with ``summary``.

    Examples
    --------
    >>> df = pd.DataFrame({"target_id": ["a", "b"], "label_zh": ["研发投入强度", ""]})
    >>> goal_labels(df, "zh").tolist()
    ['研发投入强度', 'b']
    """
    check_lang(lang)
    require(summary, ["target_id"], "goal_labels")
    out = summary["target_id"].astype(str)
    # Fill from the least preferred source up (the other languages, then the reader's), so the
    # preferred label wins where it exists.
    for col in [f"label_{x}" for x in LANGS if x != lang] + [f"label_{lang}"]:
        if col in summary.columns:
            lab = summary[col].astype("string").str.strip()
            ok = lab.notna() & (lab != "")
            out = out.where(~ok.to_numpy(), lab.astype(str))
    return out


def statuses(summary: pd.DataFrame) -> pd.Series:
    """Headline statuses, with a blank status read as insufficient_data (nothing to call)."""
    st = summary["status"].astype("string").fillna("").str.strip()
    st = st.mask(st == "", "insufficient_data")
    unknown = sorted(set(st) - set(STATUSES))
    if unknown:
        # status_label raises with the did-you-mean of the first unknown value.
        status_label(unknown[0])
    return st.astype(str)


def one_scenario(summary: pd.DataFrame, fn: str) -> None:
    """Refuse a summary of several scenarios for a figure ``fn`` of one."""
    if "scenario" in summary.columns:
        sc = summary["scenario"].dropna().unique()
        if len(sc) > 1:
            raise ValueError(
                f"{fn} draws one scenario; the summary holds {len(sc)} ({', '.join(map(str, sc))}). "
                f"Filter it first, e.g. summary[summary['scenario'] == '{sc[0]}'], or use "
                "status_heatmap for goals × scenarios.")


def value_axis_label(unit, lang: str = "zh", *, translated: bool = False) -> str:
    """The y-axis label of a series chart: 数值（个）/ Value (enterprises), or 数值 alone.

    ``unit`` is a catalog unit id (``count``, ``pct`` ...) put into the reader's words, or
    already words when ``translated``.

    Examples
    --------
    >>> value_axis_label("%", "en", translated=True)
    'Value (%)'
    >>> value_axis_label("count", "zh")
    '数值（个）'
    """
    check_lang(lang)
    if unit and not translated:
        unit = unit_label(unit, lang)
    if not unit:
        return t("axis.value", lang)
    return t("plot.value_axis", lang).format(value=t("axis.value", lang), unit=unit)


def show_figure(fig, *, close: bool = True) -> None:
    """Display a figure in a notebook as a PNG image, whatever the matplotlib backend.

    ``display(fig)`` shows a picture only under the inline backend, which registers IPython's
    PNG formatter for figures; with ``MPLBACKEND=Agg`` (CI, batch servers) it prints
    ``<Figure size ...>`` and the report has no charts. Rendering the PNG here makes reports and
    the explorer look the same under any backend.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to show.
    close : bool, default True
        Close the figure afterwards, so batch runs do not accumulate open figures.
    """

    # IPython and pyplot only where a figure is shown in a notebook
    import matplotlib.pyplot as plt
    from IPython.display import Image, display

    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    display(Image(data=buf.getvalue(), format="png"))
    if close:
        plt.close(fig)
