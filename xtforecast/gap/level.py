"""A goal seen as a level path from base to target: the input of every published method.

:func:`level_view` reads the base, the latest and the target value of a goal off its observed
series; the required growth, the gap ratio, the time distance and the method columns all
come from it. One rule per goal type (:data:`VIEW_RULES`); a goal without a view gets the
reason as a :class:`~xtforecast.gap.reasons.Detail` code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..targets import Target
from .measures import change_base_year
from .methods import LevelView
from .reasons import Detail, Reason
from .series import IndicatorFacts, ObservedSeries, goal_direction


@dataclass(frozen=True)
class _Anchor:
    """Where a goal's level path starts and ends; ``path`` replaces the observations
    ``(years, values, t, xt)`` when the view is not the series itself (a running sum)."""

    t0: int
    x0: float
    xstar: float
    note: Detail | None = None
    path: tuple | None = None


def level_view(target: Target, series: ObservedSeries, facts: IndicatorFacts,
               is_flow: bool) -> tuple[LevelView | None, Detail | None]:
    """The goal seen as a level path from base to target, or None with the reason.

    =============  ============================================================================
    type           view
    =============  ============================================================================
    level, share,  x0 = value in base_year (the nearest observed year if base_year has none,
    rank           the first observation if no base_year: EUSTAT's rule); x* = goal value
    rank relative  x0 = rank in base_year; x* = x0 + value
    net_increase,  stock: x0 = x(t0), t0 = :func:`change_base_year`; x* = x0 + value.
    cumulative     flow: running sum from t0 + 1, x0 = 0 (no growth rates); a net_increase
                   on a flow without window: a level goal on the flow itself
    growth         x0 = x(t0) with t0 = :func:`change_base_year` (T-1 for ``yoy``, the base
                   year for ``average``); x* = x0 (1 + g/100)^(T - t0): the level at which the
                   goal's measure equals g. A base <= 0 has no view (no growth rate exists)
    class          none: ordinal classes have no growth path
    =============  ============================================================================

    Observations after T are not used (EUSTAT: evaluate up to the target year).
    """
    T = int(target.target_year)
    s = series.upto(T)
    if target.type == "class":
        return None, Detail("class_no_growth_path")
    if len(s) == 0:
        return None, Detail("no_observation_up_to_target")
    rule = VIEW_RULES.get(target.type)
    anchor = (rule(target, s, float(target.value), is_flow) if rule is not None
              else Detail("no_level_view_for_type", {"type": target.type}))
    if isinstance(anchor, Detail):
        return None, anchor
    years, values, t, xt = anchor.path or (s.years, s.values, int(s.years[-1]), float(s.values[-1]))
    return LevelView(int(anchor.t0), float(anchor.x0), int(t), float(xt), T, float(anchor.xstar),
                     goal_direction(target, facts), np.asarray(years, float), np.asarray(values, float),
                     anchor.path is None, anchor.note), None


def _observed_base(s: ObservedSeries, year: int, missing: Detail) -> tuple[int, float] | Detail:
    """The observation a change is counted from, or ``missing`` when there is none."""
    return (year, s.value(year)) if s.has(year) else missing


def _level(target: Target, s: ObservedSeries, val: float, is_flow: bool) -> _Anchor | Detail:
    if target.relative:  # relative applies to ranks only: a relative level has no reading
        return Detail("no_level_view_for_type", {"type": target.type})
    if target.base_year is None:
        t0 = int(s.years[0])
        return _Anchor(t0, s.value(t0), val, Detail("base_first_observation", {"year": t0}))
    t0 = int(s.years[np.argmin(np.abs(s.years - int(target.base_year)))])
    note = (None if t0 == int(target.base_year)
            else Detail("base_nearest_year", {"base_year": target.base_year, "year": t0}))
    return _Anchor(t0, s.value(t0), val, note)


def _rank(target: Target, s: ObservedSeries, val: float, is_flow: bool) -> _Anchor | Detail:
    if not target.relative:
        return _level(target, s, val, is_flow)
    b = int(target.base_year)
    base = _observed_base(s, b, Detail("rank_base_unobserved", {"year": b}))
    return base if isinstance(base, Detail) else _Anchor(base[0], base[1], base[1] + val)


def _change(target: Target, s: ObservedSeries, val: float, is_flow: bool) -> _Anchor | Detail:
    base = change_base_year(target)
    if is_flow and target.type == "net_increase" and not target.window:
        t0 = int(s.years[0])
        return _Anchor(t0, s.value(t0), val, Detail("flow_read_as_level"))
    if is_flow:
        return _running_sum(s, base, int(target.target_year), val)
    got = _observed_base(s, base, Detail("change_base_unobserved", {"type": target.type, "year": base}))
    if isinstance(got, Detail):
        return got
    t0, x0 = got
    xstar = x0 + val  # x(T) - x0 <op> k  <=>  x(T) <op> x0 + k
    return _Anchor(t0, x0, xstar, Detail("change_read_as_level", {
        "type": target.type, "year": t0, "value": val, "xstar": xstar}))


def _running_sum(s: ObservedSeries, base: int, T: int, val: float) -> _Anchor:
    """A flow summed from ``base + 1``: only the run of consecutive observed years counts."""
    run = []
    for y in range(base + 1, T + 1):
        if not s.has(y):
            break
        run.append(y)
    run = np.array(run, int)
    sums = np.cumsum([s.value(int(y)) for y in run])
    t, xt = (int(run[-1]), float(sums[-1])) if run.size else (base, 0.0)
    return _Anchor(base, 0.0, val, Detail("running_sum", {"first": base + 1}),
                   (np.r_[base, run].astype(int), np.r_[0.0, sums], t, xt))


def _growth(target: Target, s: ObservedSeries, val: float, is_flow: bool) -> _Anchor | Detail:
    b = change_base_year(target)
    got = _observed_base(s, b, Detail("growth_base_unobserved", {"year": b}))
    if isinstance(got, Detail):
        return got
    t0, x0 = got
    if not x0 > 0:
        return Reason("growth_nonpositive_base", {"year": t0, "value": x0})
    # the level that meets the goal: the same inequality as the measure, solved for x(T)
    T = int(target.target_year)
    xstar = x0 * (1.0 + val / 100.0) ** (T - t0)
    return _Anchor(t0, x0, xstar, Detail("growth_read_average" if target.growth_basis == "average"
                                         else "growth_read_yoy", {"g": val, "t0": t0, "T": T, "xstar": xstar}))


#: Goal type -> the rule that anchors its level view (``class`` has none).
VIEW_RULES: dict[str, Callable[[Target, ObservedSeries, float, bool], _Anchor | Detail]] = {
    "level": _level, "share": _level, "rank": _rank,
    "net_increase": _change, "cumulative": _change, "growth": _growth,
}
