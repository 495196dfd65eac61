"""What it would take: the least knob value for which P(attain) reaches a level.

For one goal under one scenario (:class:`~xtforecast.sweep.core.GoalBase`), P(attain) as a
function of an effort knob (``growth_pp`` by default) is read on a coarse scan from 0 to the
knob's bound in the helpful direction, checked for monotonicity there, and the first crossing is
refined by bisection to the knob's resolution. Because the paths are fixed, P is a
deterministic step function of the knob; the answer ``v`` satisfies ``P(v) >= p`` and
``P(v - step) < p`` (``step`` towards zero), which is what the tests check against a full
``xtforecast project`` run at ``v``.

Beside the answer stand the growth it asks of the series (the median path's yearly growth from
the latest observation to the target year), the series' own recent growth and the fastest
growth any peer in its pool sustained over as many years, so a reader sees whether the effort
is plausible.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import checks
from ..errors import XtForecastError
from ..gap.growth_math import cagr
from ..projection import growth_pool
from ..suggest import did_you_mean
from .core import GoalBase, _operations, judge_setting, knobbed_paths


@dataclass(frozen=True)
class EffortKnob:
    """A knob what-it-takes can solve for.

    Attributes
    ----------
    bound : float
        The largest effort searched (in the knob's unit); beyond it a goal is ``out_of_reach``.
    resolution : float
        The answer's precision (the bisection's last step).
    unit_zh, unit_en : str
    """

    bound: float
    resolution: float
    unit_zh: str
    unit_en: str


#: Knobs what-it-takes solves for. 30 pp a year is beyond any sustained growth gap the province
#: panels show between a city and its peers; 50 points of the city/province ratio likewise.
EFFORT_KNOBS = {
    "growth_pp": EffortKnob(30.0, 0.1, "百分点/年", "pp a year"),
    "ratio_pp": EffortKnob(50.0, 0.1, "个百分点", "points"),
}
#: Points of the coarse scan from 0 to the bound (the monotonicity check reads them).
SCAN_POINTS = 31
#: Outcomes, in the order a reader meets them.
OUTCOMES = ("already", "needs", "out_of_reach", "settled", "insufficient_data", "error")
#: Columns of a what-it-takes row.
TAKES_COLUMNS = ["target_id", "indicator", "region", "target_year", "knob", "p_target",
                 "outcome", "value", "p_at_value", "p_one_step_less", "p_at_zero", "bound",
                 "monotone", "growth_needed", "growth_baseline", "recent_growth",
                 "pool_fastest_growth", "pool_fastest_where", "note"]


def effort_knob(name: str) -> EffortKnob:
    """The :class:`EffortKnob` called ``name``, or an error naming the ones there are."""
    if name not in EFFORT_KNOBS:
        raise XtForecastError(f"what-it-takes solves for an effort knob; '{name}' is not one."
                              f"{did_you_mean(name, EFFORT_KNOBS)} Knobs: {', '.join(EFFORT_KNOBS)}")
    return EFFORT_KNOBS[name]


def check_p(p: float) -> float:
    """``p``, the confidence wanted, if it lies in (0, 1]; an error saying the rule otherwise."""
    checks.require(checks.probability(p), "p (the confidence wanted)")
    return p


class _P:
    """P(attain) of a goal as a function of whole steps of one knob (memoised)."""

    def __init__(self, base: GoalBase, knob: str, step: float, fixed: dict):
        self.base, self.knob, self.step, self.fixed = base, knob, step, dict(fixed)
        self.memo: dict[int, dict] = {}

    def value(self, k: int) -> float:
        return round(k * self.step, 10) + 0.0

    def at(self, k: int) -> dict:
        if k not in self.memo:
            self.memo[k] = judge_setting(self.base, {**self.fixed, self.knob: self.value(k)})
        return self.memo[k]

    def p(self, k: int) -> float:
        v = self.at(k)["p_attain"]
        return float(v) if v is not None and np.isfinite(v) else np.nan


#: Indicator kinds whose values are positions, not levels: a growth rate means nothing there.
NO_GROWTH_KINDS = ("rank", "class")


def _has_growth(base: GoalBase) -> bool:
    ind = base.inputs.catalog.indicators.get(base.goal.indicator)
    return getattr(ind, "kind", "stock") not in NO_GROWTH_KINDS


def _median_growth(base: GoalBase, setting: dict) -> float:
    """Yearly growth of the median path from the latest observation to the target year."""
    if base.judge is None or not _has_growth(base):
        return np.nan
    try:
        ops, _ = _operations(base, setting)
    except XtForecastError:
        return np.nan
    proj, _ = knobbed_paths(base, ops)
    T = int(base.goal.target_year)
    if proj.paths is None or T not in {int(y) for y in proj.years} or not len(proj.history):
        return np.nan
    last_year = int(proj.history["year"].iloc[-1])
    last = float(proj.history["value"].iloc[-1])
    med = float(np.median(proj.paths[:, [int(y) for y in proj.years].index(T)]))
    return float(cagr(last, med, T - last_year))


def pool_fastest(base: GoalBase) -> tuple[float, str]:
    """The fastest yearly growth a peer of the goal's series sustained over as many years as
    the goal still has (or the longest span a peer has, if shorter), and where and when.

    Returns ``(nan, "")`` when the series has no peers (no parent region, or no peer data).
    """
    g = base.goal
    if not _has_growth(base):
        return np.nan, ""
    got = growth_pool(base.inputs.obs, base.inputs.catalog, g.indicator, g.region, base.as_of)
    if got is None:
        return np.nan, ""
    pool = got[0]
    span_wanted = max(1, int(g.target_year) - int(base.as_of))
    longest = max((int(s.years[-1] - s.years[0]) for s in pool.series if s.id != g.region),
                  default=0)
    span = min(span_wanted, longest)
    if span < 1:
        return np.nan, ""
    best, where = -np.inf, ""
    for s in pool.series:
        if s.id == g.region:
            continue
        yrs, z = s.years.astype(int), s.z
        for i in range(len(yrs)):
            j = np.searchsorted(yrs, yrs[i] + span)
            if j < len(yrs) and yrs[j] == yrs[i] + span:
                rate = float(np.expm1((z[j] - z[i]) / span))
                if rate > best:
                    best, where = rate, f"{s.id} {yrs[i]}–{yrs[j]}"
    return (best, where) if np.isfinite(best) else (np.nan, "")


def _bisect(P: _P, lo: int, hi: int, sign: int, p: float) -> int:
    """The least ``k`` in ``(lo, hi]`` (in steps, signed) with ``P >= p``; P(lo) < p <= P(hi)."""
    while abs(hi - lo) > 1:
        mid = (lo + hi) // 2 if sign > 0 else -((-lo - hi) // 2)
        if P.p(mid) >= p:
            hi = mid
        else:
            lo = mid
    return hi


def what_it_takes(base: GoalBase, p: float = 0.8, knob: str = "growth_pp", *,
                  fixed: dict | None = None, bound: float | None = None) -> dict:
    """The least effort on ``knob`` for which the goal's P(attain) reaches ``p``.

    Parameters
    ----------
    base : GoalBase
        From :func:`xtforecast.sweep.core.prepare`.
    p : float
        The confidence wanted, in (0, 1].
    knob : str
        A key of :data:`EFFORT_KNOBS`.
    fixed : dict, optional
        Other knobs held at a value (``growth_from``: the year the effort starts).
    bound : float, optional
        Largest effort searched; default the knob's.

    Returns
    -------
    dict
        :data:`TAKES_COLUMNS`. ``outcome`` is ``already`` (the scenario reaches ``p`` with no
        extra effort), ``needs`` (``value`` is the answer), ``out_of_reach`` (not even at
        ``bound``), ``settled`` (observations decide the goal; no knob can change it),
        ``insufficient_data`` or ``error`` (the knob cannot be applied to the scenario).
    """
    check_p(p)
    ek = effort_knob(knob)
    bound = float(ek.bound if bound is None else bound)
    if not bound > 0:
        raise XtForecastError(f"the bound of the search must be > 0, got {bound:g}")
    g, row = base.goal, base.row
    out = dict.fromkeys(TAKES_COLUMNS, np.nan)
    out.update(target_id=g.id, indicator=g.indicator, region=g.region,
               target_year=int(g.target_year), knob=knob, p_target=p, bound=bound, note="",
               monotone=None, pool_fastest_where="",
               recent_growth=float(row.get("recent_cagr")) if row.get("recent_cagr") is not None
               else np.nan)
    P = _P(base, knob, ek.resolution, fixed or {})
    at0 = P.at(0)
    out["p_at_zero"] = P.p(0)
    out["growth_baseline"] = _median_growth(base, {**P.fixed, knob: 0.0})
    if at0["status"] == "error":
        return {**out, "outcome": "error", "note": at0["note"]}
    if row.get("status") == "insufficient_data" or not np.isfinite(P.p(0)):
        return {**out, "outcome": "insufficient_data", "note": str(row.get("reason") or "")}
    if base.judge is None:
        met = P.p(0) >= p
        return {**out, "outcome": "already" if met else "settled", "value": 0.0 if met else np.nan,
                "p_at_value": P.p(0) if met else np.nan,
                "note": f"judged from {row.get('p_source') or 'observations'}, not from projected "
                        "paths: the knobs cannot change it"}
    if P.p(0) >= p:
        return {**out, "outcome": "already", "value": 0.0, "p_at_value": P.p(0),
                "growth_needed": out["growth_baseline"], "monotone": True}
    # only an effort needs its yardstick: how fast have the peers grown?
    out["pool_fastest_growth"], out["pool_fastest_where"] = pool_fastest(base)
    return _search(P, out, bound, p)


def _search(P: _P, out: dict, bound: float, p: float) -> dict:
    n = int(round(bound / P.step))
    if P.at(n)["status"] == "error":
        # e.g. the scenario holds the series flat: no knob may move it
        return {**out, "outcome": "error", "note": P.at(n)["note"]}
    # the helpful direction: the end where P is higher (a lower-is-better goal needs -pp)
    sign = 1 if P.p(n) >= P.p(-n) else -1
    ks = sorted({int(round(sign * n * i / (SCAN_POINTS - 1))) for i in range(SCAN_POINTS)},
                key=abs)
    ps = [P.p(k) for k in ks]
    drops = [(ks[i], ks[i + 1]) for i in range(len(ks) - 1) if ps[i + 1] < ps[i]]
    out["monotone"] = not drops
    if drops:
        a, b = drops[0]
        out["note"] = (f"P(attain) is not monotone in {P.knob}: it falls from {P.p(a):.3f} at "
                       f"{P.value(a):g} to {P.p(b):.3f} at {P.value(b):g}; the answer is the "
                       "first crossing")
    first = next((i for i, v in enumerate(ps) if v >= p), None)
    if first is None:
        return {**out, "outcome": "out_of_reach", "value": np.nan,
                "p_at_value": P.p(sign * n),
                "note": (out["note"] + "; " if out["note"] else "") +
                f"P(attain) is {P.p(sign * n):.3f} even at {P.value(sign * n):g}, the bound searched"}
    k = _bisect(P, ks[first - 1], ks[first], sign, p)
    setting = {**P.fixed, P.knob: P.value(k)}
    return {**out, "outcome": "needs", "value": P.value(k), "p_at_value": P.p(k),
            "p_one_step_less": P.p(k - sign), "growth_needed": _median_growth(P.base, setting)}
