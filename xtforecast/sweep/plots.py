"""P(attain) over two knobs: the sweep report's heat maps."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..fonts import use_cjk_font
from ..i18n import t

#: Knobs that are fractions shown as percent on an axis.
PERCENT_KNOBS = ("shock_depth",)


def knob_axis_label(name: str, lang: str) -> str:
    """The axis words of a knob in ``lang`` (``knob_axis.<name>`` of the vocabulary,
    :mod:`xtforecast.i18n.plots`); a knob without words keeps its name."""
    return t(f"knob_axis.{name}", lang, default=name)


def _tick(name: str, v) -> str:
    return f"{100 * float(v):g}" if name in PERCENT_KNOBS else f"{float(v):g}"


def p_heatmap(rows: pd.DataFrame, knob_x: str, knob_y: str, *, lang: str = "zh", ax=None,
              title: str = "", p_line: float | None = 0.8):
    """One goal's P(attain) over two knobs, as an annotated heat map.

    Parameters
    ----------
    rows : pandas.DataFrame
        Sweep rows of one goal under one scenario (columns ``knob_x``, ``knob_y``,
        ``p_attain``).
    knob_x, knob_y : str
        Knob columns on the x and y axes.
    lang : {"zh", "en"}
    ax : matplotlib.axes.Axes, optional
    title : str
    p_line : float, optional
        Cells with P(attain) at least this are outlined (the what-it-takes level).

    Returns
    -------
    matplotlib.axes.Axes
    """
    import matplotlib.pyplot as plt  # with the figure: the sweep itself runs without them
    import seaborn as sns

    use_cjk_font()
    wide = rows.pivot_table(index=knob_y, columns=knob_x, values="p_attain", aggfunc="first")
    wide = wide.sort_index(ascending=False)  # larger y at the top, as on any chart
    if ax is None:
        _, ax = plt.subplots(figsize=(1.2 + 0.55 * wide.shape[1], 1.0 + 0.45 * wide.shape[0]),
                             layout="constrained")
    annot = wide.map(lambda v: f"{100 * v:.0f}" if np.isfinite(v) else "").to_numpy()
    sns.heatmap(wide, ax=ax, vmin=0, vmax=1, cmap="RdYlGn", annot=annot, fmt="",
                annot_kws={"fontsize": 7}, linewidths=0.4, linecolor="white",
                cbar_kws={"label": t("plot.p_attain_pct", lang),
                          "format": "{x:.0%}"})
    if p_line is not None:
        for (i, j), v in np.ndenumerate(wide.to_numpy()):
            if np.isfinite(v) and v >= p_line:
                ax.add_patch(plt.Rectangle((j, i), 1, 1, fill=False, lw=1.2, ec="#1b5e20"))
    ax.set_xticklabels([_tick(knob_x, v) for v in wide.columns], rotation=0)
    ax.set_yticklabels([_tick(knob_y, v) for v in wide.index], rotation=0)
    ax.set_xlabel(knob_axis_label(knob_x, lang))
    ax.set_ylabel(knob_axis_label(knob_y, lang))
    if title:
        ax.set_title(title, fontsize=10)
    return ax
