"""Figures of a summary table: P(attain) bars of one scenario's goals
(:func:`p_attain_bars`), and P(attain) of goals × scenarios as a heat map
(:func:`status_heatmap`)."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import numpy as np
import pandas as pd

from .._schema import STATUSES
from ..fonts import use_cjk_font
from ..i18n import check_lang, status_label, t
from .common import GUIDES, STATUS_COLORS, goal_labels, new_ax, one_scenario, require, statuses

#: Characters per line of the heat map's "no data" word in a cell, and of a scenario name under
#: a column, by language: a Chinese character is about twice as wide as a Latin letter.
NA_WRAP = {"zh": 4, "en": 12}
NAME_WRAP = {"zh": 6, "en": 14}
#: Half-width characters per line of a goal's label beside its P(attain) bar (a Chinese
#: character counts two; an English letter is narrower than half of one).
GOAL_WRAP = {"zh": 44, "en": 50}


# -- P(attain) bars -----------------------------------------------------------------------------

def p_attain_bars(summary, *, lang="zh", ax=None, guides=GUIDES):
    """Horizontal bars of P(attain), one per goal, coloured by headline status.

    Goals whose status is ``insufficient_data`` (or whose P(attain) is missing) get a grey,
    hatched bar across the whole axis with the word 数据不足 / Insufficient data on it, so a
    missing call is visible and never mistaken for a probability of zero.

    Parameters
    ----------
    summary : pandas.DataFrame
        One scenario of the summary table: ``target_id``, ``p_attain``, ``status``; labels from
        ``label_zh``/``label_en`` when present (see :func:`goal_labels`). Goals are drawn top to
        bottom in row order.
    lang : {"zh", "en"}
    ax : matplotlib.axes.Axes, optional
    guides : sequence of float
        P(attain) values marked with dashed lines (default: the headline cut-points 0.5, 0.8).

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If a column is missing, the table holds several scenarios, or ``lang`` is unknown.
    xtforecast.i18n.UnknownLabelError
        For a status outside :data:`~xtforecast._schema.STATUSES`.

    Examples
    --------
    >>> df = pd.DataFrame({"target_id": ["a", "b"], "p_attain": [0.9, float("nan")],
    ...                    "status": ["on_track", "insufficient_data"]})
    >>> len(p_attain_bars(df).patches)
    2
    """
    from matplotlib.ticker import PercentFormatter  # matplotlib loads with the first figure

    check_lang(lang)
    use_cjk_font()
    summary = pd.DataFrame(summary).reset_index(drop=True)
    require(summary, ["target_id", "p_attain", "status"], "p_attain_bars")
    one_scenario(summary, "p_attain_bars")
    labels, status, n = goal_labels(summary, lang), statuses(summary), len(summary)
    p = pd.to_numeric(summary["p_attain"], errors="coerce").to_numpy(float)
    ax = new_ax(ax, (7.0, max(1.8, 0.45 * n + 1.0)))
    y = np.arange(n)
    # the statuses the bars are coloured by, for the legend
    seen = {_bar(ax, y[i], p[i], status.iloc[i], str(summary["target_id"].iloc[i]), lang)
            for i in range(n)}
    for g in guides:
        ax.axvline(g, ls="--", lw=0.9, color="#737373", zorder=0, gid=f"guide-{g:g}")
    # a long goal takes two lines rather than the bars' width (an English label of 90
    # characters left the bars a seventh of the figure)
    ax.set_yticks(y, [wrap_goal(str(g), GOAL_WRAP[lang]) for g in labels])
    ax.set_ylim(n - 0.5, -0.5)  # first goal on top, as in the table
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlabel(t("axis.p_attain", lang))
    _status_legend(ax, seen, n, lang)
    return ax


def _bar(ax, y: float, p: float, st: str, tid: str, lang: str) -> str:
    """One goal's bar and its words; returns the status the bar is coloured by."""
    if st == "insufficient_data" or not np.isfinite(p):
        ax.barh(y, 1.0, height=0.6, color="#f0f0f0", edgecolor=STATUS_COLORS["insufficient_data"],
                hatch="///", lw=0.8, gid=f"bar-{tid}")
        ax.text(0.5, y, status_label("insufficient_data", lang), ha="center", va="center",
                fontsize=9, color="#525252", gid=f"bar-text-{tid}")
        return "insufficient_data"
    ax.barh(y, p, height=0.6, color=STATUS_COLORS[st], gid=f"bar-{tid}")
    inside = p > 0.85
    ax.text(p - 0.01 if inside else p + 0.01, y, f"{p:.0%}", ha="right" if inside else "left",
            va="center", fontsize=9, color="white" if inside else "#252525", gid=f"bar-text-{tid}")
    return st


def _status_legend(ax, seen: set[str], n: int, lang: str) -> None:
    """The statuses drawn, in their order of severity, under the bars."""
    from matplotlib.patches import Patch  # matplotlib loads with the first figure

    handles = [Patch(facecolor=STATUS_COLORS[s] if s != "insufficient_data" else "#f0f0f0",
                     edgecolor=STATUS_COLORS[s], hatch="///" if s == "insufficient_data" else None,
                     label=status_label(s, lang))
               for s in STATUSES if s in seen]
    if handles:
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.18 if n > 3 else -0.3),
                  ncol=min(len(handles), 3), fontsize=8, frameon=False)


# -- heatmap ------------------------------------------------------------------------------------

def status_heatmap(table, *, lang="zh", ax=None, scenario_labels: Mapping[str, str] | None = None):
    """P(attain) of every goal under every scenario, as an annotated heatmap.

    Parameters
    ----------
    table : pandas.DataFrame
        Either the long summary of several scenarios (``scenario``, ``target_id``,
        ``p_attain``; labels from ``label_zh``/``label_en``), or a wide table already pivoted
        (index = goals, columns = scenarios, values = P(attain) in [0, 1]).
    lang : {"zh", "en"}
    ax : matplotlib.axes.Axes, optional
    scenario_labels : mapping, optional
        Scenario id -> display name (e.g. the scenario file's ``label_zh``).

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    Cells with no P(attain) (insufficient data) are left grey and say 数据不足 / n/a, so the
    colour scale only ever shows real probabilities.

    Examples
    --------
    >>> wide = pd.DataFrame({"baseline": [0.9, 0.2], "policy_push": [0.95, 0.6]},
    ...                     index=["目标一", "目标二"])
    >>> ax = status_heatmap(wide)
    >>> len(ax.texts)
    4
    """
    import seaborn as sns  # with the figure: seaborn is slow to import

    check_lang(lang)
    use_cjk_font()
    wide = _wide(pd.DataFrame(table), lang)
    if scenario_labels:
        wide = wide.rename(columns=lambda c: scenario_labels.get(c, c))
    wide.index.name = t("axis.goal", lang)
    wide.columns.name = t("axis.scenario", lang)
    ax = new_ax(ax, (1.6 + 1.4 * wide.shape[1], 1.2 + 0.5 * wide.shape[0]))
    ax.set_facecolor("#e0e0e0")
    annot = wide.map(lambda v: f"{v:.0%}" if np.isfinite(v) else "").to_numpy()
    sns.heatmap(wide, ax=ax, vmin=0, vmax=1, cmap="RdYlGn", annot=annot, fmt="",
                linewidths=0.5, linecolor="white",
                cbar_kws={"label": t("axis.p_attain", lang), "format": "{x:.0%}"})
    # Words on two lines where they are long (Insufficient / data), so they fit a cell.
    na_word = _wrap(status_label("insufficient_data", lang), NA_WRAP[lang])
    for (i, j), v in np.ndenumerate(wide.to_numpy()):
        if not np.isfinite(v):
            ax.text(j + 0.5, i + 0.5, na_word, ha="center", va="center", fontsize=8,
                    color="#525252", gid="na-text", linespacing=1.0)
    ax.set_xticks(np.arange(wide.shape[1]) + 0.5,
                  [_wrap(str(c), NAME_WRAP[lang]) for c in wide.columns])
    ax.tick_params(axis="y", rotation=0)
    ax.tick_params(axis="x", rotation=0)
    _fit_heatmap_words(ax)
    return ax


def _wide(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Goals × scenarios of P(attain): a long summary pivoted, or a wide table as it is."""
    if {"scenario", "target_id", "p_attain"} <= set(df.columns):
        df = df.reset_index(drop=True)
        # Pivot on the id (two goals may share a label), then show the labels; goals and
        # scenarios keep their first-seen order (the plan's order), not alphabetical.
        names = dict(zip(df["target_id"].astype(str), goal_labels(df, lang)))
        df["target_id"] = df["target_id"].astype(str)
        goal_order = list(dict.fromkeys(df["target_id"]))
        sc_order = list(dict.fromkeys(df["scenario"]))
        wide = df.pivot_table(index="target_id", columns="scenario", values="p_attain",
                              aggfunc="first", dropna=False)
        wide = wide.reindex(index=goal_order, columns=sc_order)
        wide.index = [names[i] for i in wide.index]
    else:
        wide = df
    return wide.apply(pd.to_numeric, errors="coerce").astype(float)


def _wrap(words: str, width: int) -> str:
    """``words`` broken into lines of about ``width`` characters: at spaces for English, after
    any character for Chinese (which has no spaces)."""
    if " " in words.strip():
        return "\n".join(textwrap.wrap(words, width, break_long_words=False)) or words
    if not any("\u4e00" <= ch <= "\u9fff" for ch in words):
        return words  # an id such as policy_push is not cut in two
    return "\n".join(words[i:i + width] for i in range(0, len(words), width)) if len(words) > width \
        else words


def wrap_goal(words: str, width: int = GOAL_WRAP["zh"]) -> str:
    """A goal's label in lines of at most about ``width`` half-width characters (a Chinese
    character counts two): at spaces for English; for Chinese, in lines of equal width that
    never cut a number or a Latin word (``3000``, ``0.2``, ``B``), so no line is a lone ``5家``.

    Examples
    --------
    >>> wrap_goal("2020年新创办3000平米以上众创空间5家")
    '2020年新创办3000平米以上众创空间5家'
    >>> print(wrap_goal("三年内(2020-2022)引进院士、长江学者不少于20名(含柔性引进)"))
    三年内(2020-2022)引进院士、
    长江学者不少于20名(含柔性引进)
    >>> print(wrap_goal("Net increase of at least 500 technology-based SMEs in 2020", 50))
    Net increase of at least 500 technology-based SMEs
    in 2020
    """
    cjk = any("\u4e00" <= ch <= "\u9fff" for ch in words)
    if not cjk:
        return "\n".join(textwrap.wrap(words, width, break_long_words=False)) or words
    units = [2 if ord(ch) > 0x2E80 else 1 for ch in words]
    total = sum(units)
    if total <= width:
        return words
    n_lines = -(-total // width)  # as few lines as fit, of equal width
    ends = np.cumsum(units)
    cuts = [0]
    for k in range(1, n_lines):
        want = total * k / n_lines
        # a break after position i: not inside a number or a Latin word; after a pause
        # (、，) when one is near the middle, since Chinese words have no marked ends
        ok = [i for i in range(cuts[-1], len(words) - 1)
              if abs(ends[i] - want) <= 6 and not _joined(words[i], words[i + 1])]
        if not ok:
            continue
        pauses = [i for i in ok if words[i] in _PAUSES]
        cuts.append(min(pauses or ok, key=lambda i: abs(ends[i] - want)) + 1)
    return "\n".join(words[a:b] for a, b in zip(cuts, cuts[1:] + [len(words)]))


#: Marks after which a Chinese line may end most naturally.
_PAUSES = "、，,；;）)"


def _joined(a: str, b: str) -> bool:
    # two characters of one number or Latin word (3000, 0.2, 2020-2022, class B)
    return a.isascii() and b.isascii() and (a + b).strip(".%-").isalnum()


def _fit_heatmap_words(ax) -> None:
    """No label may run into its neighbour: the cell words shrink (down to 6 pt) until they fit
    their cell, and the scenario names shrink, then tilt, until no two touch."""
    fig = ax.figure
    # measure at the size the figure will have: run its layout (constrained) first
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    x0, x1 = ax.get_xlim()
    cell = ax.get_window_extent(renderer).width / abs(x1 - x0)  # pixels per column
    for txt in ax.texts:
        while txt.get_window_extent(renderer).width > 0.92 * cell and txt.get_fontsize() > 6:
            txt.set_fontsize(txt.get_fontsize() - 0.5)
    names = [lb.get_text().replace("\n", " ") for lb in ax.get_xticklabels()]
    cjk = any("\u4e00" <= ch <= "\u9fff" for n in names for ch in n)
    size = float(ax.get_xticklabels()[0].get_fontsize()) if names else 10.0

    def clash() -> bool:
        fig.draw_without_rendering()  # the tick texts are set (and laid out) at draw time
        boxes = [lb.get_window_extent(renderer) for lb in ax.get_xticklabels() if lb.get_text()]
        return any(a.x1 > b.x0 - 2 for a, b in zip(boxes, boxes[1:]))
    # narrower lines first (the names stay level and whole), then smaller type, and last the
    # names turned upright on one line each: a line's height always fits a column
    for width in ((8, 6, 5, 4) if cjk else (16, 12, 10, 8)):
        if not clash():
            return
        ax.set_xticklabels([_wrap(n, width) for n in names])
    while clash() and size > 7:
        size -= 0.5
        ax.tick_params(axis="x", labelsize=size)
    if clash():
        ax.set_xticklabels(names)
        ax.tick_params(axis="x", labelrotation=90)
