"""Figures and reader-facing tables, in Chinese or English.

Every plotting function takes ``ax=None`` and returns the ``Axes`` it drew on (a new figure when
``ax`` is None), so figures compose in notebooks and reports; every one takes ``lang`` (``zh``
default, or ``en``) and registers the packaged Chinese font first (:func:`~xtforecast.fonts.
use_cjk_font`), so the same call draws the same figure on any machine.

Inputs are plain numpy/pandas: a history table (``year``, ``value``, optional ``bound``), the
projected ``years`` and ``paths`` (``n_sims × len(years)``) of a
:class:`~xtforecast.projection.Projection`, and the summary table of
:func:`~xtforecast.gap.evaluate.evaluate_targets` (:data:`~xtforecast._schema.SUMMARY_COLUMNS`,
plus ``label_zh``/``label_en`` and ``status_<method>`` when present).

Artists carry a ``gid`` (``band-80``, ``median``, ``target``, ``target-path``, ``bar-<id>``...)
so tests and downstream code can find them without relying on drawing order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from ._schema import STATUSES
from .fonts import use_cjk_font
from .i18n import check_lang, column_label, method_class_label, status_label, t, unit_label

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

#: P(attain) guide lines of :func:`p_attain_bars`: the headline cut-points (more likely than
#: not; on track), see :mod:`xtforecast.gap.headline`.
GUIDES = (0.5, 0.8)

# Goal types whose value lies on the indicator's own scale, so a star at (year, value) is
# meaningful on a chart of the series. Increases, sums and growth rates are not levels.
_LEVEL_TYPES = ("level", "share", "rank")

_FAN_COLOR = "#2c7fb8"
_OBS_COLOR = "#252525"
_TARGET_COLOR = "#d7301f"


# -- helpers ------------------------------------------------------------------------------------

#: :func:`fan_chart` frames the y-axis on the inner bands when the outermost band reaches more
#: than this multiple of them (and of the history and the goal), and says so on the chart.
CLIP_FACTOR = 2.0


def _new_ax(ax, figsize):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt
    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _fmt(v) -> str:
    """A number as a reader would write it: no float noise, thousands separated."""
    try:
        v = float(v)
    except (TypeError, ValueError):
        return str(v)
    if not np.isfinite(v):
        return "—"
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    return f"{v:.4g}"


def _require(df: pd.DataFrame, columns: Sequence[str], what: str) -> None:
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
    _require(summary, ["target_id"], "goal_labels")
    out = summary["target_id"].astype(str)
    other = "en" if lang == "zh" else "zh"
    # Fill from the least preferred source up, so the preferred label wins where it exists.
    for col in (f"label_{other}", f"label_{lang}"):
        if col in summary.columns:
            lab = summary[col].astype("string").str.strip()
            ok = lab.notna() & (lab != "")
            out = out.where(~ok.to_numpy(), lab.astype(str))
    return out


def _statuses(summary: pd.DataFrame) -> pd.Series:
    """Headline statuses, with a blank status read as insufficient_data (nothing to call)."""
    st = summary["status"].astype("string").fillna("").str.strip()
    st = st.mask(st == "", "insufficient_data")
    unknown = sorted(set(st) - set(STATUSES))
    if unknown:
        # status_label raises with the did-you-mean of the first unknown value.
        status_label(unknown[0])
    return st.astype(str)


def _one_scenario(summary: pd.DataFrame, fn: str) -> None:
    if "scenario" in summary.columns:
        sc = summary["scenario"].dropna().unique()
        if len(sc) > 1:
            raise ValueError(
                f"{fn} draws one scenario; the summary holds {len(sc)} ({', '.join(map(str, sc))}). "
                f"Filter it first, e.g. summary[summary['scenario'] == '{sc[0]}'], or use "
                "status_heatmap for goals × scenarios.")


# -- fan chart ----------------------------------------------------------------------------------

def fan_chart(history, years, paths, *, target=None, target_value=None, target_year=None,
              title=None, unit=None, lang="zh", levels=(50, 80, 95), ax=None,
              class_levels=None, kind=None):
    """History, projected fan and goal of one series.

    Draws the observations (exact figures as filled dots joined by a line; bounded figures —
    以上/ceilings — as open ▲/▼ markers with their own legend entry), the median of the paths
    and one shaded band per central interval in ``levels`` (widest lightest), the goal as a star
    at ``(target_year, target_value)`` with its words, and a dashed straight path from the last
    observation to the goal (the pace the plan implicitly asks for).

    Parameters
    ----------
    history : pandas.DataFrame or None
        Columns ``year``, ``value`` and optionally ``bound`` (``""``, ``">="``, ``"<="``), as in
        :attr:`Projection.history <xtforecast.projection.Projection.history>`.
    years : array-like of int
        The projected years (may be empty).
    paths : array-like or None
        ``(n_sims, len(years))`` sample paths; None or empty draws history and goal only.
    target : xtforecast.targets.Target, optional
        Gives the goal value, year, comparator and label. The star is drawn for goals on the
        series' own scale (``level``, ``share``, ``rank``, not ``relative``); for others
        (net increase, cumulative, growth, class) the goal is stated in words in the corner.
    target_value, target_year : float and int, optional
        Override (or replace) the goal's value and year.
    title : str, optional
        Default: the goal's label in ``lang`` when ``target`` is given.
    unit : str, optional
        Shown in the y-axis label.
    lang : {"zh", "en"}
    levels : sequence of float
        Central interval levels in percent, each in (0, 100).
    ax : matplotlib.axes.Axes, optional
    class_levels : sequence of str, optional
        For a class indicator (values 1, 2, ... = its levels, best first): the y ticks read
        ``A类``/``class A``, the best on top, and the goal's class is drawn as a star.
    kind : {"stock", "flow", ...}, optional
        The indicator's kind (catalog ``kind``); default: looked up in the bundled catalog
        by ``target.indicator``. A ``net_increase`` or ``cumulative`` goal on a stock is drawn
        on the stock: the star at ``x(t0) + value`` (t0 = the change's base year, which must
        be observed exactly), the base marked, the words saying both (净增 80 → 530).

    Notes
    -----
    The projection is drawn as a projection, as Our World in Data does: the observations
    solid, the median dashed from the last observation on, the bands shaded, and the median
    and the 80 % band labelled at their right end (the labels kept apart from each other).

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        For paths whose shape does not match ``years``, a level outside (0, 100), a history
        without ``year``/``value``, or an unknown ``lang``.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> hist = pd.DataFrame({"year": [2018, 2019, 2020], "value": [1.0, 1.2, 1.3]})
    >>> rng = np.random.default_rng(0)
    >>> paths = 1.3 + np.cumsum(rng.normal(0.1, 0.05, (200, 5)), axis=1)
    >>> ax = fan_chart(hist, np.arange(2021, 2026), paths, target_value=2.0,
    ...                target_year=2025, title="研发投入强度", unit="%")
    >>> ax.get_xlabel()
    '年份'
    """
    check_lang(lang)
    use_cjk_font()
    unit = unit_label(unit, lang) if unit else unit  # the reader's words, once for axis and goal
    years = np.asarray(years if years is not None else [], dtype=float).ravel()
    # Same rule as the models' level= (percent, strictly inside (0, 100); style anchor 3).
    levels = sorted({float(x) for x in levels}, reverse=True)
    bad = [x for x in levels if not 0 < x < 100]
    if bad:
        raise ValueError(f"levels are central interval widths in percent, each in (0, 100); "
                         f"got {bad}. Use e.g. levels=(50, 80, 95).")
    P = None
    if paths is not None:
        P = np.asarray(paths, dtype=float)
        if P.size == 0:
            P = None
        elif P.ndim != 2 or P.shape[1] != len(years):
            raise ValueError(f"paths must be (n_sims, len(years)) = (n, {len(years)}); got shape "
                             f"{P.shape}. Pass Projection.paths with Projection.years.")

    hist = _history_frame(history)
    ax = _new_ax(ax, (7.0, 4.2))

    # Goal: a Target gives the defaults; explicit arguments win.
    goal_words = None
    star_ok = True
    cmp = ">="
    if target is not None:
        cmp = target.comparator
        tv = target.value if target_value is None else target_value
        ty = target.target_year if target_year is None else target_year
        star_ok = target.type in _LEVEL_TYPES and not target.relative
        if title is None:
            title = (target.label_zh if lang == "zh" else target.label_en) or \
                    target.label_zh or target.label_en or target.id
    else:
        tv, ty = target_value, target_year
    try:
        tv_num = float(tv) if tv is not None else None
    except (TypeError, ValueError):
        tv_num, star_ok = None, False  # a class label ("B") has no place on a numeric axis
    if class_levels and tv is not None and str(tv) in [str(x) for x in class_levels]:
        # ... unless the axis is the class's own: B is level 2 of (A, B, C)
        tv_num, star_ok = float([str(x) for x in class_levels].index(str(tv)) + 1), True
    if tv is not None and ty is not None and class_levels and star_ok:
        sep = "：" if lang == "zh" else ": "
        goal_words = f"{t('axis.target', lang)}{sep}{t('table.class_goal', lang).format(level=tv)}"
        unit = None  # the ticks say the class
    elif tv is not None and ty is not None:
        goal_words = f"{t('axis.target', lang)}：{t(f'cmp.{cmp}', lang, default=cmp)} {_fmt(tv)}" \
            if lang == "zh" else f"{t('axis.target', lang)}: {t(f'cmp.{cmp}', lang, default=cmp)} {_fmt(tv)}"
        if unit and star_ok:
            goal_words += unit if unit.startswith("%") else f" {unit}"
        if target is not None and not star_ok:
            goal_words = f"{goal_words}（{t(f'type.{target.type}', lang)}，{int(ty)}）" if lang == "zh" \
                else f"{goal_words} ({t(f'type.{target.type}', lang)}, {int(ty)})"

    stock_goal = None
    if target is not None and target_value is None and tv_num is not None and ty is not None:
        stock_goal = _stock_goal(target, hist, kind)
    if stock_goal is not None:
        t0, x0 = stock_goal
        tv_num, star_ok = x0 + tv_num, True
        sep = "：" if lang == "zh" else ": "
        goal_words = (f"{t('axis.target', lang)}{sep}" + _PLOT_WORDS["net_on_stock"][lang].format(
            cmp=t(f"cmp.{cmp}", lang, default=cmp), k=_fmt(target.value), t0=t0, x0=_fmt(x0),
            level=_fmt(tv_num), T=int(ty)))
        if unit:
            goal_words += unit if unit.startswith("%") else ("" if lang == "zh" else f" {unit}")

    # History: exact figures joined by a line; bounds as open triangles pointing the way the true
    # value may lie (▲ = at least this, ▼ = at most this).
    last = None
    if not hist.empty:
        ax.plot(hist["year"], hist["value"], color=_OBS_COLOR, lw=1.2, zorder=3, gid="history-line")
        exact = hist[hist["bound"] == ""]
        if not exact.empty:
            ax.plot(exact["year"], exact["value"], "o", color=_OBS_COLOR, ms=5, zorder=4,
                    label=t("axis.observed", lang), gid="observed")
        for bound, marker, key in ((">=", "^", "axis.lower_bound"), ("<=", "v", "axis.upper_bound")):
            sub = hist[hist["bound"] == bound]
            if not sub.empty:
                ax.plot(sub["year"], sub["value"], marker, mfc="white", mec=_OBS_COLOR, mew=1.4,
                        ms=8, ls="none", zorder=5, label=t(key, lang), gid=f"bound{bound}")
        last = (float(hist["year"].iloc[-1]), float(hist["value"].iloc[-1]))

    # Fan: start it at the last observation when the projection continues from it, so the bands
    # open out of the data instead of floating one year to the right.
    if P is not None and len(years):
        x = years
        joined = last is not None and years[0] - 1 == last[0]
        if joined:
            x = np.concatenate([[last[0]], years])
        alphas = np.linspace(0.18, 0.45, len(levels)) if len(levels) > 1 else [0.3]
        band_top, band_bottom = {}, np.inf
        for lev, alpha in zip(levels, alphas):
            lo, hi = np.nanpercentile(P, [(100 - lev) / 2, 100 - (100 - lev) / 2], axis=0)
            band_top[lev], band_bottom = float(np.nanmax(hi)), min(band_bottom, float(np.nanmin(lo)))
            if joined:
                lo, hi = np.concatenate([[last[1]], lo]), np.concatenate([[last[1]], hi])
            ax.fill_between(x, lo, hi, color=_FAN_COLOR, alpha=alpha, lw=0, zorder=1,
                            label=t("axis.band", lang).format(level=_fmt(lev)), gid=f"band-{_fmt(lev)}")
        med = np.nanmedian(P, axis=0)
        if joined:
            med = np.concatenate([[last[1]], med])
        # dashed: a projection, not data (the observations are the solid line)
        ax.plot(x, med, color=_FAN_COLOR, lw=2, ls="--", zorder=2, label=t("axis.median", lang),
                gid="median")
        lab_lev = 80.0 if 80.0 in levels else levels[len(levels) // 2]
        lo_l, hi_l = np.nanpercentile(P[:, -1], [(100 - lab_lev) / 2, 100 - (100 - lab_lev) / 2])
        end_labels = [(float(x[-1]), float(med[-1]),
                       f"{t('axis.projected', lang)} {_fmt(med[-1])}", "median-label"),
                      (float(x[-1]), float(hi_l), t("axis.band", lang).format(level=_fmt(lab_lev)),
                       "band-label")]
    else:
        end_labels = []

    if goal_words is not None:
        if star_ok and tv_num is not None:
            if last is not None and ty > last[0]:
                ax.plot([last[0], ty], [last[1], tv_num], ls="--", color=_TARGET_COLOR, lw=1.2,
                        zorder=2, label=t("axis.target_path", lang), gid="target-path")
            ax.plot([ty], [tv_num], marker="*", ms=16, color=_TARGET_COLOR, mec="white", mew=0.8,
                    ls="none", zorder=6, label=t("axis.target", lang), gid="target")
            if stock_goal is not None:
                # the level the increase counts from, and the goal level as a line from it
                ax.plot([stock_goal[0], ty], [tv_num, tv_num], ls=":", lw=1.0, color=_TARGET_COLOR,
                        zorder=2, gid="target-level")
                ax.plot([stock_goal[0]], [stock_goal[1]], marker="o", ms=9, mfc="none",
                        mec=_TARGET_COLOR, mew=1.2, ls="none", zorder=5, gid="target-base")
            # Room for the star's half-width when the goal year is the last on the axis.
            lo_x, hi_x = ax.get_xlim()
            if hi_x < ty + 0.4:
                hi_x = ty + 0.4
                ax.set_xlim(lo_x, hi_x)
            # The words go in the corner, not beside the star: beside it they ran over the
            # bands and the median line. The star's colour ties them together.
            ax.text(0.02, 0.97, goal_words, transform=ax.transAxes, ha="left", va="top",
                    fontsize=9, color=_TARGET_COLOR, gid="target-text", zorder=7,
                    bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.85})
        else:
            # Not on this axis: say it in words rather than draw a star at a wrong height.
            ax.text(0.02, 0.97, goal_words, transform=ax.transAxes, ha="left", va="top",
                    fontsize=9, color=_TARGET_COLOR, gid="target-text", zorder=7,
                    bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.85})

    # A short reference series gives heavy upper tails (exponentiated Student-t): a 95 % band
    # reaching 15x the data would flatten the history, the median and the goal into the floor.
    # Frame the picture on the inner bands and say that the outer one runs on.
    if P is not None and len(years) and len(band_top) > 1:
        outer = max(band_top)
        # what must stay in the picture besides the inner bands: the history and the goal
        marks = ([float(hist["value"].min()), float(hist["value"].max())] if not hist.empty
                 else []) + ([tv_num] if star_ok and tv_num is not None else [])
        frame = max([band_top[lev] for lev in band_top if lev != outer] + marks)
        if frame > 0 and band_top[outer] > CLIP_FACTOR * frame:
            floor = min([band_bottom] + marks)
            bottom = floor - 0.05 * (1.15 * frame - floor)
            ax.set_ylim(max(bottom, 0.0) if floor >= 0 else bottom, 1.15 * frame)
            ax.text(0.99, 0.99, t("axis.band_clipped", lang).format(level=_fmt(outer)),
                    transform=ax.transAxes, ha="right", va="top", fontsize=8, color="#555555",
                    gid="band-clipped")

    _frame_years(ax, hist, years, ty if goal_words is not None else None)
    if class_levels:
        _class_ticks(ax, class_levels, lang)
    _year_ticks(ax, hist, years, ty if goal_words is not None else None)
    ax.set_xlabel(t("axis.year", lang))
    ax.set_ylabel(value_axis_label(unit, lang, translated=True))
    if end_labels:
        _end_labels(ax, end_labels)
    _apart(ax, "target-text", "band-clipped")
    if title:
        ax.set_title(title)
    if P is None and hist.empty and goal_words is None:
        ax.text(0.5, 0.5, t("axis.no_paths", lang), transform=ax.transAxes, ha="center")
    if ax.get_legend_handles_labels()[0]:
        # under the axes, not on them: "best" ignores the end labels and the goal's words
        n = len(ax.get_legend_handles_labels()[0])
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=min(n, 4), fontsize=8,
                  frameon=False)
    ax.grid(True, alpha=0.25)
    return ax


def _apart(ax, left_gid: str, right_gid: str) -> None:
    """The two corner notes (the goal's words top left, the clipped band's top right) share the
    top line; a long goal in a narrow chart would run into the other, which then moves down."""
    a = [x for x in ax.texts if x.get_gid() == left_gid]
    b = [x for x in ax.texts if x.get_gid() == right_gid]
    if not (a and b):
        return
    ax.figure.draw_without_rendering()
    r = ax.figure.canvas.get_renderer()
    if a[0].get_window_extent(r).overlaps(b[0].get_window_extent(r)):
        b[0].set_y(0.90)


def _year_ticks(ax, hist: pd.DataFrame, years, target_year) -> None:
    """Whole years as ticks, only over the years drawn (the room kept on the right for the
    end labels gets no tick of its own: a reader would look for data there)."""
    from matplotlib.ticker import FixedLocator
    span = [float(y) for y in hist["year"]] + [float(y) for y in np.asarray(years).ravel()]
    if target_year is not None:
        span.append(float(target_year))
    lo, hi = ax.get_xlim()
    first, last = (min(span), max(span)) if span else (lo, hi)
    first, last = int(np.ceil(max(first, lo))), int(np.floor(min(last, hi)))
    if last - first < 2:  # a lone year: its neighbours too, for a readable axis
        first, last = int(np.ceil(lo)), int(np.floor(hi))
    step = max(1, int(np.ceil((last - first + 1) / 8)))
    ticks = list(range(last, first - 1, -step))[::-1]  # the last year always gets its tick
    ax.xaxis.set_major_locator(FixedLocator(ticks))


#: Figure words of this module only (the shared vocabulary is :mod:`xtforecast.i18n`).
_PLOT_WORDS = {
    "net_on_stock": {"zh": "净增{cmp} {k}（{t0} 年 {x0} → {T} 年 {level}）",
                     "en": "net increase {cmp} {k} ({x0} in {t0} → {level} by {T})"},
}


@lru_cache(maxsize=4)
def _catalog_kinds(path: str, mtime: float) -> dict:
    from .catalog import read_indicators
    inds, _ = read_indicators(path)
    return {k: getattr(v, "kind", None) for k, v in inds.items()}


def _indicator_kind(indicator: str) -> str | None:
    """The catalog kind of ``indicator`` (the catalog ``config`` points at), or None when it
    cannot be read. Cached per file and modification time: one read for a report's charts."""
    from . import config
    path = Path(config.INDICATORS_FILE)
    try:
        return _catalog_kinds(str(path), path.stat().st_mtime).get(indicator)
    except Exception:  # a chart must not fail on the catalog; words are drawn then
        return None


def _stock_goal(target, hist: pd.DataFrame, kind) -> tuple[int, float] | None:
    """``(t0, x(t0))`` when a change goal can be drawn on its stock: a ``net_increase`` or
    ``cumulative`` goal, an indicator that is a stock, and an exact observation in the
    change's base year (:func:`~xtforecast.gap.measures.change_base_year`)."""
    if target.type not in ("net_increase", "cumulative") or target.relative:
        return None
    kind = kind if kind is not None else _indicator_kind(target.indicator)
    if kind != "stock":
        return None
    from .gap.measures import change_base_year
    t0 = change_base_year(target)
    row = hist[(hist["year"] == t0) & (hist["bound"] == "")] if t0 is not None else hist.iloc[:0]
    if row.empty:
        return None
    return int(t0), float(row["value"].iloc[0])


#: Nearest two end labels may come, as a fraction of the axis height (one line of 8-point
#: text on a 4-inch chart, with air).
LABEL_GAP = 0.075


def _end_labels(ax, labels) -> None:
    """Direct labels just right of the projection's last year (OWID style): moved apart
    vertically so that no two overlap, kept inside the frame, with room made on the right."""
    lo, hi = ax.get_ylim()
    span = (hi - lo) or 1.0
    # below the note in the top-right corner that the outer band runs on, when there is one
    top = 0.86 if any(x.get_gid() == "band-clipped" for x in ax.texts) else 0.96
    rows = sorted([[float(np.clip((y - lo) / span, 0.04, top)), x, words, gid]
                   for x, y, words, gid in labels])
    for prev, row in zip(rows, rows[1:]):
        row[0] = max(row[0], prev[0] + LABEL_GAP)
    over = rows[-1][0] - top
    if over > 0:  # pushed past the top: the whole stack moves down
        for row in rows:
            row[0] -= over
    for frac, x, words, gid in rows:
        # x: 10 points right of the last year (clear of a goal star there); y: axes fraction
        ax.annotate(words, (x, frac), xytext=(10, 0), xycoords=("data", "axes fraction"),
                    textcoords="offset points", ha="left", va="center", fontsize=8,
                    color=_FAN_COLOR, gid=gid, annotation_clip=False)
    xl, xr = ax.get_xlim()
    last = max(r[1] for r in rows)
    ax.set_xlim(xl, max(xr, last + 0.5 + 0.22 * (last - xl)))


def value_axis_label(unit, lang: str = "zh", *, translated: bool = False) -> str:
    """The y-axis label of a series chart: 数值（个）/ Value (enterprises), or 数值 alone.

    ``unit`` is a catalog unit id (``count``, ``pct`` ...) put into the reader's words, or
    already words when ``translated``.

    Examples
    --------
    >>> value_axis_label("%", "en", translated=True)
    'Value (%)'
    """
    check_lang(lang)
    if unit and not translated:
        unit = unit_label(unit, lang)
    if not unit:
        return t("axis.value", lang)
    return f"{t('axis.value', lang)}（{unit}）" if lang == "zh" else f"{t('axis.value', lang)} ({unit})"


def _frame_years(ax, hist: pd.DataFrame, years, target_year) -> None:
    """Frame the x-axis on the years drawn: data, projection and goal, half a year of margin.

    matplotlib's own limits for a single point span a century (1925–2125 around one 2019
    observation); a reader should see the years that matter, at least three of them.
    """
    span = [float(y) for y in hist["year"]] + [float(y) for y in np.asarray(years).ravel()]
    if target_year is not None:
        span.append(float(target_year))
    if not span:
        return
    lo, hi = min(span), max(span)
    if hi - lo < 2:  # too few years for a readable axis: centre them in three
        mid = (lo + hi) / 2
        lo, hi = mid - 1, mid + 1
    ax.set_xlim(lo - 0.5, hi + 0.5)


def _class_ticks(ax, levels, lang: str) -> None:
    """Class indicators (1 = the first, best level) with their letters on the y-axis."""
    n = len(levels)
    ax.set_yticks(range(1, n + 1), [t("table.class", lang).format(level=lv) for lv in levels])
    ax.set_ylim(n + 0.5, 0.5)  # the best class on top


def _history_frame(history) -> pd.DataFrame:
    if history is None:
        return pd.DataFrame({"year": [], "value": [], "bound": []})
    h = pd.DataFrame(history)
    _require(h, ["year", "value"], "fan_chart history")
    h = h.copy()
    if "bound" not in h.columns:
        h["bound"] = ""
    h["bound"] = h["bound"].fillna("").astype(str).str.strip()
    h["value"] = pd.to_numeric(h["value"], errors="coerce")
    h = h.dropna(subset=["value"]).sort_values("year")
    return h[["year", "value", "bound"]].reset_index(drop=True)


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
    check_lang(lang)
    use_cjk_font()
    summary = pd.DataFrame(summary).reset_index(drop=True)
    _require(summary, ["target_id", "p_attain", "status"], "p_attain_bars")
    _one_scenario(summary, "p_attain_bars")
    labels = goal_labels(summary, lang)
    status = _statuses(summary)
    p = pd.to_numeric(summary["p_attain"], errors="coerce").to_numpy(float)
    n = len(summary)
    ax = _new_ax(ax, (7.0, max(1.8, 0.45 * n + 1.0)))
    y = np.arange(n)
    seen = []
    for i in range(n):
        st = status.iloc[i]
        tid = str(summary["target_id"].iloc[i])
        if st == "insufficient_data" or not np.isfinite(p[i]):
            ax.barh(y[i], 1.0, height=0.6, color="#f0f0f0", edgecolor=STATUS_COLORS["insufficient_data"],
                    hatch="///", lw=0.8, gid=f"bar-{tid}")
            ax.text(0.5, y[i], status_label("insufficient_data", lang), ha="center", va="center",
                    fontsize=9, color="#525252", gid=f"bar-text-{tid}")
            st = "insufficient_data"
        else:
            ax.barh(y[i], p[i], height=0.6, color=STATUS_COLORS[st], gid=f"bar-{tid}")
            inside = p[i] > 0.85
            ax.text(p[i] - 0.01 if inside else p[i] + 0.01, y[i], f"{p[i]:.0%}",
                    ha="right" if inside else "left", va="center", fontsize=9,
                    color="white" if inside else "#252525", gid=f"bar-text-{tid}")
        if st not in seen:
            seen.append(st)
    for g in guides:
        ax.axvline(g, ls="--", lw=0.9, color="#737373", zorder=0, gid=f"guide-{g:g}")
    from matplotlib.patches import Patch
    from matplotlib.ticker import PercentFormatter
    handles = [Patch(facecolor=STATUS_COLORS[s] if s != "insufficient_data" else "#f0f0f0",
                     edgecolor=STATUS_COLORS[s], hatch="///" if s == "insufficient_data" else None,
                     label=status_label(s, lang))
               for s in STATUSES if s in seen]
    ax.set_yticks(y, labels.tolist())
    ax.set_ylim(n - 0.5, -0.5)  # first goal on top, as in the table
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlabel(t("axis.p_attain", lang))
    if handles:
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.18 if n > 3 else -0.3),
                  ncol=min(len(handles), 3), fontsize=8, frameon=False)
    return ax


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
    import seaborn as sns

    check_lang(lang)
    use_cjk_font()
    df = pd.DataFrame(table)
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
    wide = wide.apply(pd.to_numeric, errors="coerce").astype(float)
    if scenario_labels:
        wide = wide.rename(columns=lambda c: scenario_labels.get(c, c))
    wide.index.name = t("axis.goal", lang)
    wide.columns.name = t("axis.scenario", lang)
    ax = _new_ax(ax, (1.6 + 1.4 * wide.shape[1], 1.2 + 0.5 * wide.shape[0]))
    ax.set_facecolor("#e0e0e0")
    annot = wide.map(lambda v: f"{v:.0%}" if np.isfinite(v) else "").to_numpy()
    sns.heatmap(wide, ax=ax, vmin=0, vmax=1, cmap="RdYlGn", annot=annot, fmt="",
                linewidths=0.5, linecolor="white",
                cbar_kws={"label": t("axis.p_attain", lang), "format": "{x:.0%}"})
    # Words on two lines where they are long (Insufficient / data), so they fit a cell.
    na_word = _wrap(status_label("insufficient_data", lang), 12 if lang == "en" else 4)
    for (i, j), v in np.ndenumerate(wide.to_numpy()):
        if not np.isfinite(v):
            ax.text(j + 0.5, i + 0.5, na_word, ha="center", va="center", fontsize=8,
                    color="#525252", gid="na-text", linespacing=1.0)
    ax.set_xticks(np.arange(wide.shape[1]) + 0.5,
                  [_wrap(str(c), 14 if lang == "en" else 6) for c in wide.columns])
    ax.tick_params(axis="y", rotation=0)
    ax.tick_params(axis="x", rotation=0)
    _fit_heatmap_words(ax)
    return ax


def _wrap(words: str, width: int) -> str:
    """``words`` broken into lines of about ``width`` characters: at spaces for English, after
    any character for Chinese (which has no spaces)."""
    import textwrap
    if " " in words.strip():
        return "\n".join(textwrap.wrap(words, width, break_long_words=False)) or words
    if not any("\u4e00" <= ch <= "\u9fff" for ch in words):
        return words  # an id such as policy_push is not cut in two
    return "\n".join(words[i:i + width] for i in range(0, len(words), width)) if len(words) > width \
        else words


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


# -- tables -------------------------------------------------------------------------------------

#: Columns of :func:`status_table`, in order; those absent from the summary are skipped.
STATUS_TABLE_COLUMNS = [
    "goal", "scenario", "target_year", "target_type", "comparator", "target_value",
    "latest_year", "latest_value", "projected_median", "projected_p10", "projected_p90",
    "p_attain", "status", "required_cagr", "evidence",
]


def _basis_words(summary: pd.DataFrame, lang: str, catalog) -> list[str]:
    """Per row, what its paths were learned from (empty where no paths were used)."""
    from .i18n import projection_basis
    codes = summary["projection_method"] if "projection_method" in summary.columns \
        else [""] * len(summary)
    return [projection_basis(c, lang, catalog) if isinstance(c, str) and c else "" for c in codes]


def status_table(summary, lang="zh", catalog=None) -> pd.DataFrame:
    """The summary as a reader's table: translated headers and words, numbers left as numbers.

    Parameters
    ----------
    summary : pandas.DataFrame
        The summary table (needs ``target_id``; every other column is optional).
    lang : {"zh", "en"}
    catalog : Catalog, optional
        For region names in the evidence's basis (what the paths were learned from).

    Returns
    -------
    pandas.DataFrame
        Columns (those present) in :data:`STATUS_TABLE_COLUMNS` order with headers from
        :func:`xtforecast.i18n.column_label`; ``goal`` is the label in ``lang``; goal type,
        comparator, status and evidence in words. ``scenario`` is dropped when there is only one.

    Examples
    --------
    >>> df = pd.DataFrame({"target_id": ["a"], "status": ["off_track"], "p_attain": [0.1]})
    >>> status_table(df, "zh").columns.tolist()
    ['目标', '达标概率', '总体判断']
    >>> status_table(df, "en").iloc[0, -1]
    'Off track'
    """
    check_lang(lang)
    summary = pd.DataFrame(summary).reset_index(drop=True)
    _require(summary, ["target_id"], "status_table")
    out = pd.DataFrame(index=summary.index)
    words = {
        "target_type": lambda v: t(f"type.{v}", lang, default=v),
        "comparator": lambda v: t(f"cmp.{v}", lang, default=v),
        "evidence": lambda v: t(f"evidence.{v}", lang, default=v),
    }
    basis = _basis_words(summary, lang, catalog)
    for col in STATUS_TABLE_COLUMNS:
        if col == "goal":
            out[col] = goal_labels(summary, lang)
        elif col == "scenario":
            if col in summary.columns and summary[col].nunique(dropna=True) > 1:
                out[col] = summary[col]
        elif col == "status":
            if col in summary.columns:
                out[col] = [status_label(s, lang) for s in _statuses(summary)]
        elif col in summary.columns:
            s = summary[col]
            out[col] = s.map(lambda v, f=words[col]: "" if pd.isna(v) else f(str(v))) \
                if col in words else s
    if "evidence" in out.columns:
        pattern = t("basis.with_grade", lang)
        out["evidence"] = [pattern.format(grade=g, basis=b) if b else g
                           for g, b in zip(out["evidence"], basis)]
    return out.rename(columns=lambda c: column_label(c, lang))


def method_table(summary, lang="zh") -> pd.DataFrame:
    """Each goal's class under every progress method, side by side, in words.

    Parameters
    ----------
    summary : pandas.DataFrame
        The summary with ``status_<method>`` columns (as from
        :func:`~xtforecast.gap.evaluate.evaluate_targets`); ``target_id`` required, the headline
        ``status`` and ``scenario`` used when present.
    lang : {"zh", "en"}

    Returns
    -------
    pandas.DataFrame
        Columns: goal, [scenario], headline status, then one column per method (registered
        methods in :data:`~xtforecast.gap.methods.METHODS` order), headed by the method's name.

    Raises
    ------
    ValueError
        If there is no ``status_<method>`` column (the summary of ``project --format csv``
        holds only the contract columns).

    Examples
    --------
    >>> df = pd.DataFrame({"target_id": ["a"], "status_unsd2022": ["fair_progress"]})
    >>> method_table(df, "zh").iloc[0].tolist()
    ['a', '有进展但需加快']
    """
    from .gap.methods import METHODS

    check_lang(lang)
    summary = pd.DataFrame(summary).reset_index(drop=True)
    _require(summary, ["target_id"], "method_table")
    cols = [c for c in summary.columns if c.startswith("status_")]
    if not cols:
        raise ValueError("method_table needs status_<method> columns (one per method, e.g. "
                         "status_unsd2022); the summary has none. Use the full table of "
                         "xtforecast.gap.evaluate.evaluate_targets, not the contract columns only.")
    order = {f"status_{m}": i for i, m in enumerate(METHODS)}
    cols.sort(key=lambda c: order.get(c, len(order)))
    out = pd.DataFrame({t("col.goal", lang): goal_labels(summary, lang)})
    if "scenario" in summary.columns and summary["scenario"].nunique(dropna=True) > 1:
        out[column_label("scenario", lang)] = summary["scenario"]
    if "status" in summary.columns:
        out[column_label("status", lang)] = [status_label(s, lang) for s in _statuses(summary)]
    for c in cols:
        name = t(f"method.{c[len('status_'):]}", lang, default=c[len("status_"):])
        out[name] = summary[c].map(lambda v: "" if pd.isna(v) else method_class_label(str(v), lang))
    return out


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
    import io

    from IPython.display import Image, display

    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    display(Image(data=buf.getvalue(), format="png"))
    if close:
        import matplotlib.pyplot as plt
        plt.close(fig)
