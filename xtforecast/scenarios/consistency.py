"""Checks across the operations of a scenario: their years against the vintage and the horizon,
and operations that contradict each other (:func:`check_consistency`).

Run by :func:`xtforecast.scenarios.spec.read_scenario` on a file's operations after inheritance,
by the engine on a run's overrides and by the sweep on knob operations added to a scenario.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import checks
from ..errors import Issue
from .operations import OPEN_END, OPERATIONS

if TYPE_CHECKING:  # the spec imports this module; the type is only named here
    from .spec import Operation


def _derived_of(catalog) -> dict[str, set[str]]:
    """driver -> the derived indicators it feeds (transitively)."""
    out: dict[str, set[str]] = {}
    if catalog is None:
        return out
    for ind in catalog.indicators.values():
        for d in ind.drivers:
            out.setdefault(d, set()).add(ind.id)
    changed = True
    while changed:
        changed = False
        for ds in out.values():
            more = set().union(*(out.get(x, set()) for x in ds)) - ds
            if more:
                ds |= more
                changed = True
    return out


def check_consistency(ops, as_of: int | None, horizon: int | None, catalog=None) -> list[Issue]:
    """Years against the vintage and horizon, and operations that contradict each other.

    Rules: an operation's years must be projected years (after ``as_of``, up to ``horizon``);
    after an operation that fixes a series' level (``hold``, ``target_path``), no later
    operation may change that series (or a driver of it) in the fixed years.
    """
    issues = [issue for op in ops for issue in _year_issues(op, as_of, horizon)]
    return issues + _contradictions(ops, _derived_of(catalog))


def _issue(op: Operation, key: str, rule: str, msg: str) -> Issue:
    return Issue(op.path, op.line, f"{op.keypath}.{key}" if key else op.keypath, rule, msg)


def _year_issues(op: Operation, as_of: int | None, horizon: int | None) -> list[Issue]:
    """An operation's years that are not projected years of the run."""
    out = []
    for key in ("from_year", "to_year", "year"):
        y = op.params.get(key)
        if not checks.is_whole(y):
            continue
        if as_of is not None and y <= as_of:
            out.append(_issue(op, key, "bad_year", f"{key} {y} is not a projected year: the data vintage "
                              f"as_of is {as_of}, so operations act on {as_of + 1} and later; move the "
                              f"year or as_of"))
        if horizon is not None and y > horizon:
            out.append(_issue(op, key, "bad_year", f"{key} {y} is after the horizon {horizon}; the "
                              f"operation would change nothing. Move the year or raise 'horizon'"))
    return out


def _contradictions(ops, feeds: dict[str, set[str]]) -> list[Issue]:
    """Later operations that change a series (or a driver of it) in years an earlier one fixes."""
    out = []
    for i, a in enumerate(ops):
        if not OPERATIONS[a.op].fixes or a.indicator is None:  # None: goal not resolved (no plan)
            continue
        for b in ops[i + 1:]:
            touches = b.indicator == a.indicator or a.indicator in feeds.get(b.indicator or "", ())
            if b.region == a.region and touches:
                out += _overlap(a, b)
    return out


def _overlap(a: Operation, b: Operation) -> list[Issue]:
    """The contradiction of ``b`` changing years that ``a`` fixes, if their windows meet."""
    a0, a1 = OPERATIONS[a.op].window(a.params)
    b0, b1 = OPERATIONS[b.op].window(b.params)
    lo, hi = max(a0, b0), min(a1, b1)
    if lo > hi:
        return []
    yrs = ("all years" if lo <= -OPEN_END else f"{lo} on" if hi >= OPEN_END
           else str(lo) if lo == hi else f"{lo}–{hi}")
    what = (f"'{a.indicator}'" if b.indicator == a.indicator
            else f"'{b.indicator}', which flows into '{a.indicator}',")
    return [_issue(b, "", "contradiction",
                   f"this {b.op} on {what} changes {yrs}, which {a.op} at line {a.line} "
                   f"({a.keypath}) fixes; a scenario cannot both {_fix_words(a.op)} and change it. "
                   f"Remove one, or make their years disjoint")]


def _fix_words(op: str) -> str:
    return {"hold": "hold the level", "target_path": "follow the straight path to the goal"}.get(
        op, "fix the level")
