"""What each goal type measures, and how a measure is compared with the goal.

A goal says ``measure <comparator> value``. The measure depends on the goal type
(DESIGN.md, target registry):

==============  ===========================================================================
type            measure
==============  ===========================================================================
level, share    x(T)
net_increase    x(T) - x(T-1), or x(T) - x(first-1) with a window; for a flow series the
                flow in T (summed over the window)
cumulative      sum of the flow over the window [first, T]; for a stock series
                x(T) - x(first-1)
growth          ``growth_basis: yoy`` (default): growth in T in percent, 100 (x(T) / x(T-1) - 1);
                ``average``: average annual growth from the base year t0 (window start - 1,
                else base_year), 100 ((x(T) / x(t0)) ** (1 / (T - t0)) - 1). No growth rate
                exists from a zero or negative base (NaN: never meets the goal; the evaluator
                refuses such a goal with the reason ``growth_nonpositive_base``)
rank            x(T) (lower is better); with ``relative`` the change x(T) - x(base)
class           the class ordinal at T (labels best-first, A = 1), so "<= B" means B or better
==============  ===========================================================================

The year a change is counted from is :func:`change_base_year`, and the level view of
:func:`xtforecast.gap.evaluate.level_view` (required CAGR, method columns) reads the same
year, so P(attain) and every method column judge the same quantity.

Each measure is a :class:`MeasureSpec`: the years it reads, the sign with which each year
enters (the measure is monotone in every input), and a vectorized function. The signs let the
same spec work on sample paths (arrays) and on observed intervals (a lower-bound figure
``>= 125`` is the interval [125, upper]): the lowest measure takes inputs with a ``+`` sign at
their low end and inputs with a ``-`` sign at their high end.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..targets import Target
from .reasons import Detail

# -- comparators ------------------------------------------------------------------------------

def _eq(a, b):
    return np.isclose(a, b, rtol=1e-9, atol=1e-9)


#: Comparator name -> vectorized test ``measure <op> value``.
COMPARE: dict[str, Callable] = {
    ">=": np.greater_equal,
    ">": np.greater,
    "<=": np.less_equal,
    "<": np.less,
    "==": _eq,
}

#: Which way a comparator wants the measure to move: +1 up, -1 down, 0 neither (``==``).
COMPARATOR_SIGN = {">=": 1, ">": 1, "<=": -1, "<": -1, "==": 0}


def compare(measure, comparator: str, value: float):
    """Test ``measure <comparator> value`` elementwise; NaN measures never meet a goal.

    Raises
    ------
    ValueError
        For a comparator outside ``>=, >, <=, <, ==``.
    """
    try:
        op = COMPARE[comparator]
    except KeyError:
        raise ValueError(f"comparator must be one of {list(COMPARE)}; got {comparator!r}. "
                         "Fix the goal's 'comparator' in the target file.") from None
    m = np.asarray(measure, dtype=float)
    with np.errstate(invalid="ignore"):
        return op(m, value) & ~np.isnan(m)


def judge_interval(lo: float, hi: float, comparator: str, value: float) -> bool | None:
    """Decide a goal from a measure known only to lie in ``[lo, hi]``.

    Returns
    -------
    bool or None
        True when every value in the interval meets the goal, False when none does, None when
        the interval straddles the threshold (the observation does not settle the goal).

    Examples
    --------
    >>> judge_interval(125.0, np.inf, ">=", 80.0)   # "+125 or more" against "a net 80 or more"
    True
    >>> judge_interval(-np.inf, 400.0, ">=", 500.0)  # a ceiling below the goal
    False
    """
    if not (np.isfinite(lo) or np.isfinite(hi)) or np.isnan(lo) or np.isnan(hi):
        return None
    if comparator == "==":
        if np.isclose(lo, value) and np.isclose(hi, value):
            return True
        return False if (value < lo or value > hi) else None
    if bool(compare(lo, comparator, value)) and bool(compare(hi, comparator, value)):
        return True
    # the extreme most favourable to the goal still fails -> missed
    best = hi if COMPARATOR_SIGN[comparator] > 0 else lo
    if not np.isfinite(best):
        return None
    return False if not bool(compare(best, comparator, value)) else None


# -- measures ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class MeasureSpec:
    """How a goal's measure is computed from the series' values in some years.

    Attributes
    ----------
    years : tuple of int
        Years whose values the measure reads.
    signs : tuple of int
        +1 if the measure increases with that year's value, -1 if it decreases.
    fn : callable
        ``fn(list_of_arrays) -> array``; each array holds one year's values (paths or scalars).
    base_measure_year : int or None
        Year whose value is the measure's starting point for ``gap_ratio`` (levels), or None
        when the measure starts from zero (increases, sums, growth rates).
    description : Detail
        The measure as a code with values (``measure_value``, ``measure_growth``, ...), worded
        by :mod:`xtforecast.i18n.gap` for the analyst's reasons.
    """

    years: tuple[int, ...]
    signs: tuple[int, ...]
    fn: Callable
    base_measure_year: int | None
    description: Detail

    def on_values(self, values: list) -> np.ndarray:
        """Evaluate on per-year arrays (broadcast together)."""
        return np.asarray(self.fn([np.asarray(v, dtype=float) for v in values]), dtype=float)

    def on_intervals(self, intervals: list[tuple[float, float]]) -> tuple[float, float]:
        """The measure's interval from per-year intervals (monotone in every input)."""
        lo_in = [iv[0] if s > 0 else iv[1] for iv, s in zip(intervals, self.signs)]
        hi_in = [iv[1] if s > 0 else iv[0] for iv, s in zip(intervals, self.signs)]
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            lo = float(self.fn([np.asarray(v, dtype=float) for v in lo_in]))
            hi = float(self.fn([np.asarray(v, dtype=float) for v in hi_in]))
        return (min(lo, hi), max(lo, hi)) if not (np.isnan(lo) or np.isnan(hi)) else (lo, hi)


def _identity(v):
    return v[0]


def _diff(v):
    return v[0] - v[1]


def _total(v):
    return np.sum(np.broadcast_arrays(*v), axis=0) if len(v) > 1 else v[0]


def _growth_pct(v, years: int = 1):
    """Average annual growth in percent over ``years``; NaN from a base <= 0 or to a level < 0."""
    ok = (v[1] > 0) & (v[0] >= 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(ok, v[0], 1.0) / np.where(ok, v[1], 1.0)
        return np.where(ok, 100.0 * (ratio ** (1.0 / years) - 1.0), np.nan)


def _window(target: Target) -> tuple[int, int] | None:
    return tuple(target.window) if target.window else None


def change_base_year(target: Target) -> int | None:
    """The year whose value a change goal counts from (one definition for every reader).

    ==============================  ===========================================================
    goal                            base year
    ==============================  ===========================================================
    net_increase                    window start - 1, else T - 1
    cumulative                      window start - 1, else base_year, else T - 1
    growth, ``growth_basis: yoy``   T - 1
    growth, ``average``             window start - 1, else base_year
    other types                     None (a level has no change base)
    ==============================  ===========================================================

    The target loader refuses files where ``base_year`` says otherwise (a year-on-year goal
    with an older ``base_year``), so this table is the only reading.

    Examples
    --------
    >>> t = Target("g", "x", "r", "growth", ">=", 7.0, 2025, "7% a year", base_year=2020,
    ...            growth_basis="average")
    >>> change_base_year(t), change_base_year(Target("g", "x", "r", "growth", ">=", 7.0, 2025, "q"))
    (2020, 2024)
    """
    T, w = int(target.target_year), _window(target)
    if target.type == "net_increase":
        return w[0] - 1 if w else T - 1
    if target.type == "cumulative":
        return w[0] - 1 if w else (int(target.base_year) if target.base_year is not None else T - 1)
    if target.type == "growth":
        if target.growth_basis == "average":
            if w:
                return w[0] - 1
            if target.base_year is None:
                raise ValueError(f"goal '{target.id}': an average-growth goal needs 'base_year' or "
                                 "'window' (the year the average counts from). Add one to the goal.")
            return int(target.base_year)
        return T - 1
    return None


def _level_spec(t: Target, is_flow: bool) -> MeasureSpec:
    T = int(t.target_year)
    return MeasureSpec((T,), (1,), _identity, t.base_year, Detail("measure_value", {"year": T}))


def _change_spec(t: Target, is_flow: bool) -> MeasureSpec:
    """net_increase and cumulative: one definition, the change since :func:`change_base_year`.

    On a stock it is x(T) - x(base); on a flow (the series already is the increase, e.g.
    ``high_tech_enterprises_added``) the sum of the flow over base + 1 .. T, which is the same
    quantity when the flow is the stock's net additions.
    """
    T, base = int(t.target_year), change_base_year(t)
    if is_flow:
        years = tuple(range(base + 1, T + 1))
        return MeasureSpec(years, (1,) * len(years), _total, None, _flow_description(t.type, years))
    return MeasureSpec((T, base), (1, -1), _diff, None, Detail("measure_change", {"year": T, "base": base}))


def _flow_description(goal_type: str, years: tuple[int, ...]) -> Detail:
    """The additions (net_increase) or the sum (cumulative) of a flow, over a span or in one year."""
    span, many = {"first": years[0], "year": years[-1]}, len(years) > 1
    if goal_type == "net_increase":
        return Detail("measure_additions" if many else "measure_additions_in", span)
    return Detail("measure_sum" if many else "measure_sum_in", span)


def _growth_spec(t: Target, is_flow: bool) -> MeasureSpec:
    T, base = int(t.target_year), change_base_year(t)
    n = T - base
    if n == 1:
        return MeasureSpec((T, base), (1, -1), _growth_pct, None,
                           Detail("measure_growth", {"base": base, "year": T}))
    return MeasureSpec((T, base), (1, -1), lambda v: _growth_pct(v, n), None,
                       Detail("measure_average_growth", {"base": base, "year": T}))


def _rank_spec(t: Target, is_flow: bool) -> MeasureSpec:
    T = int(t.target_year)
    if t.relative:
        if t.base_year is None:
            raise ValueError(f"goal '{t.id}': a relative rank goal needs 'base_year' (the rank it "
                             "is measured against). Add base_year to the goal.")
        return MeasureSpec((T, int(t.base_year)), (1, -1), _diff, None,
                           Detail("measure_rank_change", {"base": t.base_year, "year": T}))
    return MeasureSpec((T,), (1,), _identity, t.base_year, Detail("measure_rank", {"year": T}))


def _class_spec(t: Target, is_flow: bool) -> MeasureSpec:
    T = int(t.target_year)
    return MeasureSpec((T,), (1,), _identity, t.base_year, Detail("measure_class", {"year": T}))


#: Goal type -> builder ``(target, is_flow) -> MeasureSpec``.
MEASURES: dict[str, Callable[[Target, bool], MeasureSpec]] = {
    "level": _level_spec,
    "share": _level_spec,
    "net_increase": _change_spec,
    "cumulative": _change_spec,
    "growth": _growth_spec,
    "rank": _rank_spec,
    "class": _class_spec,
}


def measure_spec(target: Target, is_flow: bool = False) -> MeasureSpec:
    """The :class:`MeasureSpec` of a goal.

    Parameters
    ----------
    target : Target
    is_flow : bool
        True when the series the values come from is a flow (the catalog ``kind`` is
        ``flow``, or the caller passes additions for a stock goal).

    Raises
    ------
    ValueError
        For an unknown goal type, listing the known ones.
    """
    try:
        build = MEASURES[target.type]
    except KeyError:
        raise ValueError(f"goal '{target.id}': type must be one of {list(MEASURES)}; got "
                         f"{target.type!r}. Fix 'type' in the target file.") from None
    return build(target, is_flow)


def class_ordinal(label, levels) -> float:
    """Ordinal of a class label among ``levels`` listed best-first (A = 1); NaN if unknown.

    Numbers pass through unchanged (the loader already stores class observations as ordinals).
    """
    if isinstance(label, (int, float, np.integer, np.floating)) and not isinstance(label, bool):
        return float(label)
    levels = [str(x) for x in (levels or ())]
    s = str(label).strip()
    return float(levels.index(s) + 1) if s in levels else np.nan
