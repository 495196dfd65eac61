"""The fan chart of one series: history, projected bands, median and the goal.

:func:`fan_chart` is drawn in named steps: :func:`goal_of` decides how the goal is shown (a
star on the series' scale, or words), then :func:`draw_history`, :func:`draw_fan` and
:func:`draw_goal` draw, :func:`frame_on_inner_bands` keeps a heavy upper tail from flattening
the picture, and :func:`finish` frames the axes and adds the labels and the legend.

The projection is drawn as a projection, as Our World in Data does: the observations solid,
the median dashed from the last observation on, the bands shaded, and the median and the 80 %
band labelled at their right end (the labels kept apart from each other).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from .. import config
from .._schema import WHOLE_UNITS
from ..catalog import read_indicators
from ..errors import DataError
from ..fonts import use_cjk_font
from ..gap.measures import change_base_year
from ..i18n import check_lang, t, t_count, unit_label
from .common import FAN_COLOR, NOTE_BOX, OBS_COLOR, TARGET_COLOR, fmt, new_ax, value_axis_label
from .frame import apart, class_ticks, end_labels, frame_years, headroom, history_frame, rank_axis, year_ticks

# Goal types whose value lies on the indicator's own scale, so a star at (year, value) is
# meaningful on a chart of the series. Increases, sums and growth rates are not levels.
LEVEL_TYPES = ("level", "share", "rank")

#: :func:`fan_chart` frames the y-axis on the inner bands when the outermost band reaches more
#: than this multiple of them (and of the history and the goal), and says so on the chart.
CLIP_FACTOR = 2.0


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
    title, unit : str, optional
        The title (default: the goal's label in ``lang``) and the unit of the y axis.
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
    ranks = unit == "rank" or getattr(target, "type", None) == "rank"
    whole, says_unit = unit in WHOLE_UNITS, unit != "count"
    unit = unit_label(unit, lang) if unit else unit  # the reader's words, once for axis and goal
    years = np.asarray(years if years is not None else [], dtype=float).ravel()
    levels, P, hist = _levels(levels), _paths(paths, years), history_frame(history)
    ax = new_ax(ax, (7.0, 4.2))
    goal = goal_of(target, target_value, target_year, title=title, unit=unit, hist=hist,
                   class_levels=class_levels, kind=kind, lang=lang, says_unit=says_unit)
    last = draw_history(ax, hist, lang)
    fan = draw_fan(ax, P, years, levels, last, lang, whole)
    if goal.words is not None:
        draw_goal(ax, goal, last, lang)
    if fan is not None:
        frame_on_inner_bands(ax, fan, hist, goal, lang)
    if ranks:
        rank_axis(ax)
    finish(ax, hist, years, goal, fan, class_levels, lang)
    return ax


def _levels(levels) -> list[float]:
    # Same rule as the models' level= (percent, strictly inside (0, 100); style anchor 3).
    levels = sorted({float(x) for x in levels}, reverse=True)
    bad = [x for x in levels if not 0 < x < 100]
    if bad:
        raise ValueError(f"levels are central interval widths in percent, each in (0, 100); "
                         f"got {bad}. Use e.g. levels=(50, 80, 95).")
    return levels


def through_year(years, paths, year):
    """The projected years up to a goal's ``year`` and their columns of ``paths``.

    A series is projected to the plan's horizon, but a goal's chart is about its year: a 2020
    goal drawn with a fan to 2022 showed a median (the end label) that is not the one its
    table reports, for years the goal does not look at. ``year`` None keeps everything; no
    year left gives ``paths`` None (the chart shows the data and the goal only).

    Examples
    --------
    >>> import numpy as np
    >>> y, p = through_year([2021, 2022, 2023], np.ones((4, 3)), 2022)
    >>> y.tolist(), p.shape
    ([2021.0, 2022.0], (4, 2))
    >>> through_year([2021, 2022], np.ones((4, 2)), 2020)[1] is None
    True
    """
    years = np.asarray(years if years is not None else [], dtype=float).ravel()
    if year is None or not len(years):
        return years, paths
    keep = years <= float(year)  # also without paths: the years frame the x axis
    if paths is None or not keep.any():
        return years[keep], None
    return years[keep], np.asarray(paths)[:, keep]


def _paths(paths, years: np.ndarray) -> np.ndarray | None:
    if paths is None:
        return None
    P = np.asarray(paths, dtype=float)
    if P.size == 0:
        return None
    if P.ndim != 2 or P.shape[1] != len(years):
        raise ValueError(f"paths must be (n_sims, len(years)) = (n, {len(years)}); got shape "
                         f"{P.shape}. Pass Projection.paths with Projection.years.")
    return P


# -- the goal -----------------------------------------------------------------------------------

@dataclass
class Goal:
    """How :func:`fan_chart` shows a goal.

    Attributes
    ----------
    words : str or None
        The goal in words (None: no goal to show).
    value : float or None
        Its height on the chart's scale (None when it has none).
    year : int or None
    star : bool
        Drawn as a star at ``(year, value)``; else stated in words only.
    title : str or None
        The chart's title.
    unit : str or None
        The y axis's unit in words (None on a class chart: its ticks say the class).
    stock : tuple or None
        ``(t0, x(t0))``: a change goal drawn on its stock, from this base.
    says_unit : bool
        The goal's words end with the unit; not a count's (个 / count), since the goal's own
        label names what is counted (家, 名), as in the goal table.
    """

    words: str | None = None
    value: float | None = None
    year: int | None = None
    star: bool = True
    title: str | None = None
    unit: str | None = None
    stock: tuple | None = field(default=None)
    says_unit: bool = True


def goal_of(target, target_value, target_year, *, title, unit, hist: pd.DataFrame, class_levels,
            kind, lang: str, says_unit: bool = True) -> Goal:
    """The goal of a fan chart: value, year, whether a star can show it, and its words.

    A :class:`~xtforecast.targets.Target` gives the defaults; explicit arguments win.
    """
    cmp = ">="
    g = Goal(title=title, unit=unit, says_unit=says_unit)
    if target is not None:
        cmp = target.comparator
        tv = target.value if target_value is None else target_value
        g.year = target.target_year if target_year is None else target_year
        g.star = target.type in LEVEL_TYPES and not target.relative
        if title is None:
            g.title = getattr(target, f"label_{lang}") or target.label_zh or target.label_en or target.id
    else:
        tv, g.year = target_value, target_year
    try:
        g.value = float(tv) if tv is not None else None
    except (TypeError, ValueError):
        g.value, g.star = None, False  # a class label ("B") has no place on a numeric axis
    names = [str(x) for x in class_levels or ()]
    if names and tv is not None and str(tv) in names:
        # ... unless the axis is the class's own: B is level 2 of (A, B, C)
        g.value, g.star = float(names.index(str(tv)) + 1), True
    if tv is not None and g.year is not None:
        g.words = _goal_words(g, target, tv, cmp, bool(class_levels), lang)
    stock = None
    if target is not None and target_value is None and g.value is not None and g.year is not None:
        stock = stock_goal(target, hist, kind)
    if stock is not None:
        _on_stock(g, target, stock, cmp, lang)
    return g


def _labelled(text: str, lang: str) -> str:
    return t("plot.labelled", lang).format(label=t("axis.target", lang), text=text)


def _with_unit(words: str, unit: str, key: str, lang: str) -> str:
    # a percent joins its number (50%, 2.5%/年) in both languages; other units by template
    return words + unit if unit.startswith("%") else t(key, lang).format(words=words, unit=unit)


def _goal_words(g: Goal, target, tv, cmp: str, on_class_axis: bool, lang: str) -> str:
    """目标：高于 35,000 人 / Target: above 35,000 persons (its type and year when not on the scale);
    on a class chart 目标：达到B类, and the axis has no unit (the ticks say the class)."""
    if on_class_axis and g.star:
        g.unit = None
        return _labelled(t("table.class_goal", lang).format(level=tv), lang)
    if (target is not None and target.type == "rank" and g.value is not None
            and (target.relative or g.value < 0)):
        # "<= -1" read aloud is nonsense to a reader: say the move (as the goal table does)
        base = getattr(target, "base_year", None)
        key = "plot.rank_move" if base is not None else "plot.rank_move.no_base"
        return _labelled(t_count(key, abs(g.value), lang).format(n=fmt(abs(g.value)), base=base,
                                                                 year=int(g.year)), lang)
    words = _labelled(t("plot.goal_value", lang).format(cmp=t(f"cmp.{cmp}", lang, default=cmp),
                                                         value=fmt(tv)), lang)
    if g.unit and g.star and g.says_unit:
        words = _with_unit(words, g.unit, "plot.value_unit", lang)
    if target is not None and not g.star:
        words = t("plot.goal_of_type", lang).format(words=words, type=t(f"type.{target.type}", lang),
                                                    year=int(g.year))
    return words


def _on_stock(g: Goal, target, stock: tuple, cmp: str, lang: str) -> None:
    """A change goal drawn on its stock: the star at the level the change reaches."""
    t0, x0 = stock
    g.stock, g.value, g.star = stock, x0 + g.value, True
    words = _labelled(t("plot.net_on_stock", lang).format(
        cmp=t(f"cmp.{cmp}", lang, default=cmp), k=fmt(target.value), t0=t0, x0=fmt(x0),
        level=fmt(g.value), T=int(g.year)), lang)
    g.words = (_with_unit(words, g.unit, "plot.net_on_stock.unit", lang)
               if g.unit and g.says_unit else words)


def scale_of(catalog, indicator: str) -> dict:
    """The :func:`fan_chart` keywords an indicator's catalog entry sets: ``unit``, ``kind``
    and, for a class indicator, ``class_levels``.

    The report and the explorer draw the same chart from these, so a count's median reads
    whole and a class's ticks read 'A类' in both. An indicator the catalog lacks gets
    ``{}`` (the chart then states the goal in words, without a unit).

    Parameters
    ----------
    catalog : xtforecast.catalog.Catalog or None
    indicator : str

    Returns
    -------
    dict
    """
    ind = catalog.indicators.get(indicator) if catalog is not None else None
    if ind is None:
        return {}
    levels = tuple(ind.levels) if ind.kind == "class" and ind.levels else None
    return {"unit": ind.unit, "kind": ind.kind, "class_levels": levels}


@lru_cache(maxsize=4)
def _catalog_kinds(path: str, mtime: float) -> dict:
    inds, _ = read_indicators(path)
    return {k: getattr(v, "kind", None) for k, v in inds.items()}


def indicator_kind(indicator: str) -> str | None:
    """The catalog kind of ``indicator`` (the catalog ``config`` points at), or None when the
    catalog cannot be read. Cached per file and modification time: one read for a report's
    charts."""
    path = Path(config.INDICATORS_FILE)
    try:
        return _catalog_kinds(str(path), path.stat().st_mtime).get(indicator)
    except (OSError, DataError):
        # a chart must not fail on a missing or broken catalog: the goal is stated in words
        return None


def stock_goal(target, hist: pd.DataFrame, kind) -> tuple[int, float] | None:
    """``(t0, x(t0))`` when a change goal can be drawn on its stock: a ``net_increase`` or
    ``cumulative`` goal, an indicator that is a stock, and an exact observation in the
    change's base year (:func:`~xtforecast.gap.measures.change_base_year`)."""
    if target.type not in ("net_increase", "cumulative") or target.relative:
        return None
    kind = kind if kind is not None else indicator_kind(target.indicator)
    if kind != "stock":
        return None
    t0 = change_base_year(target)
    row = hist[(hist["year"] == t0) & (hist["bound"] == "")] if t0 is not None else hist.iloc[:0]
    if row.empty:
        return None
    return int(t0), float(row["value"].iloc[0])


# -- drawing ------------------------------------------------------------------------------------

def draw_history(ax, hist: pd.DataFrame, lang: str) -> tuple[float, float] | None:
    """Figures of consecutive years joined by a line, years apart by a dotted one (a solid line
    across 2020-2025 would draw four years nobody published); bounds as open triangles pointing
    the way the true value may lie (▲ = at least this, ▼ = at most this). Returns the last
    ``(year, value)``."""
    if hist.empty:
        return None
    years, values = hist["year"].to_numpy(float), hist["value"].to_numpy(float)
    before_gap = np.flatnonzero(np.diff(years) > 1)  # index of the figure before each gap
    # a NaN after each figure that a gap follows breaks the solid line there
    ax.plot(np.insert(years, before_gap + 1, np.nan), np.insert(values, before_gap + 1, np.nan),
            color=OBS_COLOR, lw=1.2, zorder=3, gid="history-line")
    exact = hist[hist["bound"] == ""]
    if not exact.empty:
        ax.plot(exact["year"], exact["value"], "o", color=OBS_COLOR, ms=5, zorder=4,
                label=t("axis.observed", lang), gid="observed")
    for bound, marker, key in ((">=", "^", "axis.lower_bound"), ("<=", "v", "axis.upper_bound")):
        sub = hist[hist["bound"] == bound]
        if not sub.empty:
            ax.plot(sub["year"], sub["value"], marker, mfc="white", mec=OBS_COLOR, mew=1.4,
                    ms=8, ls="none", zorder=5, label=t(key, lang), gid=f"bound{bound}")
    if len(before_gap):  # after the markers, so the legend names the figures first
        breaks = np.full(len(before_gap), np.nan)  # one NaN after each dotted segment
        gx = np.column_stack([years[before_gap], years[before_gap + 1], breaks])
        gy = np.column_stack([values[before_gap], values[before_gap + 1], breaks])
        ax.plot(gx.ravel(), gy.ravel(), color=OBS_COLOR, lw=1.0, ls=":", zorder=3,
                label=t("axis.data_gap", lang), gid="history-gap")
    return float(hist["year"].iloc[-1]), float(hist["value"].iloc[-1])


@dataclass
class Fan:
    """What :func:`draw_fan` drew: each band's top, the lowest band bottom, and the labels for
    the right end (``(x, y, words, gid)``)."""

    top: dict
    bottom: float
    end_labels: list


def draw_fan(ax, P, years: np.ndarray, levels: list[float], last, lang: str,
             whole: bool = False) -> Fan | None:
    """One shaded band per level (widest lightest) and the dashed median; None without paths.

    The fan starts at the last observation when the projection continues from it, so the
    bands open out of the data instead of floating one year to the right; ``whole`` (a count)
    labels the median without decimals.
    """
    if P is None or not len(years):
        return None
    x = years
    joined = last is not None and years[0] - 1 == last[0]
    if joined:
        x = np.concatenate([[last[0]], years])
    alphas = np.linspace(0.18, 0.45, len(levels)) if len(levels) > 1 else [0.3]
    top, bottom = {}, np.inf
    for lev, alpha in zip(levels, alphas):
        lo, hi = np.nanpercentile(P, [(100 - lev) / 2, 100 - (100 - lev) / 2], axis=0)
        top[lev], bottom = float(np.nanmax(hi)), min(bottom, float(np.nanmin(lo)))
        if joined:
            lo, hi = np.concatenate([[last[1]], lo]), np.concatenate([[last[1]], hi])
        ax.fill_between(x, lo, hi, color=FAN_COLOR, alpha=alpha, lw=0, zorder=1,
                        label=t("axis.band", lang).format(level=fmt(lev)), gid=f"band-{fmt(lev)}")
    med = np.nanmedian(P, axis=0)
    if joined:
        med = np.concatenate([[last[1]], med])
    # dashed: a projection, not data (the observations are the solid line)
    ax.plot(x, med, color=FAN_COLOR, lw=2, ls="--", zorder=2, label=t("axis.median", lang),
            gid="median")
    lab_lev = 80.0 if 80.0 in levels else levels[len(levels) // 2]
    _, hi_l = np.nanpercentile(P[:, -1], [(100 - lab_lev) / 2, 100 - (100 - lab_lev) / 2])
    # a count's median is labelled as the table shows it: whole (427, not 427.1)
    shown = round(float(med[-1])) if whole else med[-1]
    labels = [(float(x[-1]), float(med[-1]), f"{t('axis.projected', lang)} {fmt(shown)}",
               "median-label"),
              (float(x[-1]), float(hi_l), t("axis.band", lang).format(level=fmt(lab_lev)),
               "band-label")]
    return Fan(top, bottom, labels)


def draw_goal(ax, goal: Goal, last, lang: str) -> None:
    """The star, the straight path to it and (for a change on a stock) its base; the words in
    the corner. A goal not on this axis is said in words only, never drawn at a wrong height."""
    ty, tv = goal.year, goal.value
    if goal.star and tv is not None:
        if last is not None and ty > last[0]:
            ax.plot([last[0], ty], [last[1], tv], ls="--", color=TARGET_COLOR, lw=1.2,
                    zorder=2, label=t("axis.target_path", lang), gid="target-path")
        ax.plot([ty], [tv], marker="*", ms=16, color=TARGET_COLOR, mec="white", mew=0.8,
                ls="none", zorder=6, label=t("axis.target", lang), gid="target")
        if goal.stock is not None:
            # the level the increase counts from, and the goal level as a line from it
            ax.plot([goal.stock[0], ty], [tv, tv], ls=":", lw=1.0, color=TARGET_COLOR,
                    zorder=2, gid="target-level")
            ax.plot([goal.stock[0]], [goal.stock[1]], marker="o", ms=9, mfc="none",
                    mec=TARGET_COLOR, mew=1.2, ls="none", zorder=5, gid="target-base")
        # Room for the star's half-width when the goal year is the last on the axis.
        lo_x, hi_x = ax.get_xlim()
        if hi_x < ty + 0.4:
            ax.set_xlim(lo_x, ty + 0.4)
    # The words go in the corner, not beside the star: beside it they ran over the bands and
    # the median line. The star's colour ties them together.
    ax.text(0.02, 0.97, goal.words, transform=ax.transAxes, ha="left", va="top", fontsize=9,
            color=TARGET_COLOR, gid="target-text", zorder=7, bbox=NOTE_BOX)


def frame_on_inner_bands(ax, fan: Fan, hist: pd.DataFrame, goal: Goal, lang: str) -> None:
    """Frame the y axis on the inner bands when the outer one runs far above them, and say so.

    A short reference series gives heavy upper tails (exponentiated Student-t): a 95 % band
    reaching 15x the data would flatten the history, the median and the goal into the floor.
    """
    if len(fan.top) < 2:
        return
    outer = max(fan.top)
    # what must stay in the picture besides the inner bands: the history and the goal
    marks = ([float(hist["value"].min()), float(hist["value"].max())] if not hist.empty
             else []) + ([goal.value] if goal.star and goal.value is not None else [])
    frame = max([fan.top[lev] for lev in fan.top if lev != outer] + marks)
    if frame > 0 and fan.top[outer] > CLIP_FACTOR * frame:
        floor = min([fan.bottom] + marks)
        bottom = floor - 0.05 * (1.15 * frame - floor)
        ax.set_ylim(max(bottom, 0.0) if floor >= 0 else bottom, 1.15 * frame)
        ax.text(0.99, 0.99, t("axis.band_clipped", lang).format(level=fmt(outer)),
                transform=ax.transAxes, ha="right", va="top", fontsize=8, color="#555555",
                gid="band-clipped")


def finish(ax, hist: pd.DataFrame, years, goal: Goal, fan: Fan | None, class_levels,
           lang: str) -> None:
    """Years and values framed, axis titles, end labels, title, legend and grid."""
    goal_year = goal.year if goal.words is not None else None
    frame_years(ax, hist, years, goal_year)
    if class_levels:
        class_ticks(ax, class_levels, lang)
    year_ticks(ax, hist, years, goal_year)
    ax.set_xlabel(t("axis.year", lang))
    ax.set_ylabel(value_axis_label(goal.unit, lang, translated=True))
    if fan is not None:
        end_labels(ax, fan.end_labels)
    apart(ax, "target-text", "band-clipped")
    headroom(ax, ["target-text"])
    if goal.title:
        ax.set_title(goal.title)
    if fan is None and hist.empty and goal.words is None:
        ax.text(0.5, 0.5, t("axis.no_paths", lang), transform=ax.transAxes, ha="center")
    if ax.get_legend_handles_labels()[0]:
        # under the axes, not on them: "best" ignores the end labels and the goal's words
        n = len(ax.get_legend_handles_labels()[0])
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=min(n, 4), fontsize=8,
                  frameon=False)
    ax.grid(True, alpha=0.25)
