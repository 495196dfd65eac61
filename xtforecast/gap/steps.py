"""The steps of judging one goal, each a small function returning a small record.

:func:`~xtforecast.gap.evaluate.evaluate_goal` is the recipe that calls them in order:

1. :func:`read_goal`: the goal and what is known of it at the vintage (:class:`Goal`);
2. :func:`refusal_of`: a goal that cannot be judged at all (:class:`Refusal`);
3. :func:`settle_from_observations`: do the observations decide it (:class:`Observed`)?
4. :func:`sample_measure`: otherwise samples of its measure, from a bridge between two
   observations or from sample paths (:class:`Samples`), and :func:`judge_samples` on them;
   together the P(attain) side of the call (:class:`Call`);
5. :func:`view_numbers`: gap, gap ratio, time distance and required growth from the goal's
   level view (:func:`~xtforecast.gap.level.level_view`);
6. :func:`method_columns`: every registered method's class and key number;
7. :func:`evidence_of`: the evidence grade;
8. :func:`finish`: the reasons rendered into the summary's text columns.

The steps write no words: every reason is a :class:`~xtforecast.gap.reasons.Reason` or
:class:`~xtforecast.gap.reasons.Detail` code with values, worded by :mod:`xtforecast.i18n.gap`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..targets import Target
from .bridge import bridge_paths, series_sigma
from .config import EvaluationConfig
from .evidence import evidence_grade
from .growth_math import cagr, time_distance
from .headline import headline_status
from .judge import PathJudge
from .level import level_view
from .measures import MeasureSpec, change_base_year, judge_interval, measure_spec
from .methods import METHODS, LevelView, MethodResult, run_methods
from .reasons import Detail, Reason, codes, told
from .series import ADDITIONS, IndicatorFacts, ObservedSeries, goal_direction, goal_value

# -- 1. the goal --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Goal:
    """One goal and what is known of it at the vintage ``as_of``.

    Attributes
    ----------
    target : Target
    facts : IndicatorFacts
    series, flows : ObservedSeries
        The goal's own series and its reported additions (stock goals), as of ``as_of``.
    as_of : int or None
        The vintage as given; ``as_of_eff`` is it, else the latest observed year.
    recent_change : float
        The latest observed relative change, sign-adjusted towards the goal (NaN with fewer
        than two observations).
    recent_cagr : float
        Growth between the last two observations (NaN for class goals).
    """

    target: Target
    facts: IndicatorFacts
    series: ObservedSeries
    flows: ObservedSeries
    as_of: int | None
    as_of_eff: int | None
    recent_change: float
    recent_cagr: float

    @property
    def T(self) -> int:
        return int(self.target.target_year)

    @property
    def d(self) -> int:
        return goal_direction(self.target, self.facts)

    @property
    def value(self) -> float:
        return goal_value(self.target, self.facts)

    @property
    def past(self) -> bool:
        """The target year is not after the vintage: only observations can judge it."""
        return self.as_of_eff is not None and self.as_of_eff >= self.T


def read_goal(target: Target, history: pd.DataFrame | None, flow_history: pd.DataFrame | None,
              facts: IndicatorFacts, as_of: int | None) -> Goal:
    """The goal's series as of ``as_of`` and its latest change (step 1)."""
    series = ObservedSeries.from_frame(history, as_of, facts.levels if target.type == "class" else ())
    flows = ObservedSeries.from_frame(flow_history, as_of)
    as_of_eff = as_of if as_of is not None else (int(series.years[-1]) if len(series) else None)
    change = growth = np.nan
    if len(series) >= 2:
        d = goal_direction(target, facts)
        (y1, y2), (v1, v2) = series.years[-2:], series.values[-2:]
        change = d * (v2 - v1) / abs(v1) if v1 != 0 else d * np.sign(v2 - v1)
        growth = cagr(v1, v2, y2 - y1) if target.type != "class" else np.nan
    return Goal(target, facts, series, flows, as_of, as_of_eff, change, growth)


# -- 2. goals that cannot be judged -------------------------------------------------------------


@dataclass(frozen=True)
class Refusal:
    """Why a goal is not judged at all; ``code`` goes into ``reason_code`` (refusals only)."""

    reason: Reason
    code: str = ""
    evaluable: bool = True


#: Goals refused because the observations make their measure undefined (``reason_code``).
REFUSALS = ("growth_nonpositive_base",)


def refusal_of(goal: Goal) -> Refusal | None:
    """A goal marked not evaluable, a class outside the catalog's levels, no observation at
    all, or a growth goal from a base <= 0 (no growth rate exists from it); else None (step 2)."""
    t, facts, series = goal.target, goal.facts, goal.series
    if not t.evaluable:
        # the plan's own note per language, else the general sentence of each audience
        default = Reason("not_evaluable.default")
        return Refusal(Reason("not_evaluable", {"note": {"zh": t.reason_zh or default, "en": t.reason or default}}),
                       evaluable=False)
    if t.type == "class" and not np.isfinite(goal.value):
        return Refusal(Reason("class_not_in_levels", {"value": repr(t.value), "levels": list(facts.levels)}))
    if not len(series) and not len(goal.flows):
        where = {"indicator": t.indicator, "region": t.region}
        return Refusal(Reason("no_observation_as_of", {**where, "as_of": goal.as_of}) if goal.as_of
                       else Reason("no_observation", where))
    base = change_base_year(t) if t.type == "growth" else None
    if base is not None and series.has(base) and not series.value(base) > 0:
        return Refusal(Reason("growth_nonpositive_base", {"year": base, "value": series.value(base)}),
                       code="growth_nonpositive_base")
    return None


# -- 3. the observations ------------------------------------------------------------------------


@dataclass(frozen=True)
class Observed:
    """What the observations alone say of the goal's measure.

    ``settled`` is True (met), False (missed) or None (they do not decide); ``lo``/``hi`` the
    measure's interval from the observations; ``how`` the way they decided; ``exact`` that
    only exact figures did; ``measure`` the settled measure's face value.
    """

    spec: MeasureSpec
    settled: bool | None
    lo: float
    hi: float
    how: Detail | None = None
    exact: bool = False
    measure: float = np.nan


def observed_judgement(target: Target, spec: MeasureSpec, series: ObservedSeries, facts: IndicatorFacts,
                       is_flow: bool) -> tuple[bool | None, float, float, Detail | None]:
    """(settled, lo, hi, how) from observations alone; settled None if they do not decide."""
    value = goal_value(target, facts)
    if all(series.has(y) for y in spec.years):
        lo, hi = spec.on_intervals([series.interval(y, facts.bounds) for y in spec.years])
        return (judge_interval(lo, hi, target.comparator, value), lo, hi,
                Detail("observed_measure", {"measure": spec.description}))
    # locked in before T: a partial sum of non-negative flows already reaching a >= goal
    if (target.type in ("cumulative", "net_increase") and is_flow and len(spec.years) > 1
            and target.comparator in (">=", ">") and facts.bounds[0] is not None and facts.bounds[0] >= 0):
        seen = [y for y in spec.years if series.has(y)]
        if seen:
            lo = sum(series.interval(y, facts.bounds)[0] for y in seen)
            if judge_interval(lo, np.inf, target.comparator, value):
                return True, lo, np.inf, Detail("locked_in_additions", {"first": seen[0], "last": seen[-1],
                                                                        "total": lo})
    # locked in: a stock that cannot fall already meets a >= level goal
    upto = series.upto(int(target.target_year))
    if facts.monotone and target.type in ("level", "share") and target.comparator in (">=", ">") and len(upto):
        last = int(upto.years[-1])
        lo = series.interval(last, facts.bounds)[0]
        if judge_interval(lo, np.inf, target.comparator, value):
            return True, lo, np.inf, Detail("locked_in_monotone", {"value": lo, "year": last})
    return None, np.nan, np.nan, None


def settle_from_observations(goal: Goal) -> Observed:
    """Do the observations decide the goal: its own series, else (stock goals) its reported
    additions, which are gross recognitions read as the net increase (step 3)."""
    t, series, is_flow = goal.target, goal.series, goal.facts.is_flow
    spec = measure_spec(t, is_flow)
    settled, lo, hi, how = observed_judgement(t, spec, series, goal.facts, is_flow)
    exact = settled is not None and series.exact(spec.years)
    if settled is None and len(goal.flows) and not is_flow:
        fspec = measure_spec(t, True)
        s2, lo2, hi2, how2 = observed_judgement(t, fspec, goal.flows, ADDITIONS, True)
        if s2 is not None:
            settled, lo, hi = s2, lo2, hi2
            how = Detail("gross_additions", {"how": how2})
            exact = goal.flows.exact(fspec.years)
    if settled is None:
        return Observed(spec, None, lo, hi)
    face = [series.value(y) if series.has(y) else np.nan for y in spec.years]
    # the face value of exact/bounded figures; the settling end of the interval otherwise
    measure = float(spec.on_values(face)) if np.all(np.isfinite(face)) else (lo if settled else hi)
    return Observed(spec, settled, lo, hi, how, exact, measure)


# -- 4. the samples and the call ------------------------------------------------------------------


@dataclass(frozen=True)
class Samples:
    """Samples of the goal's measure when the observations do not settle it.

    ``source`` is ``bridge``, ``paths`` or ``""`` (nothing to sample, ``reasons`` say why);
    ``paths`` holds the samples, one column per year of ``years``; ``series``/``spec`` are the
    observed values and the measure the samples complete (the additions' when the paths are of
    the additions).
    """

    series: ObservedSeries
    spec: MeasureSpec
    source: str = ""
    reasons: tuple = ()
    bridge_exact: bool = False
    paths: np.ndarray | None = None
    years: np.ndarray | None = None

    @property
    def cols(self) -> dict:
        """Year -> its samples (empty when there is nothing to sample)."""
        if self.paths is None:
            return {}
        return {int(y): self.paths[:, i] for i, y in enumerate(self.years)}


def checked_paths(paths, path_years) -> tuple[np.ndarray | None, np.ndarray | None]:
    """``(paths, years)`` as arrays, one consecutive year per column; (None, None) for no paths.

    Raises
    ------
    ValueError
        If the columns and the years disagree, or the years are not consecutive.
    """
    if paths is None:
        return None, None
    p, years = np.atleast_2d(np.asarray(paths, float)), np.asarray(path_years, int)
    if p.shape[1] != years.size:
        raise ValueError(f"paths have {p.shape[1]} columns but path_years has {years.size} "
                         "years; pass one year per column.")
    if years.size > 1 and np.any(np.diff(years) != 1):
        raise ValueError(f"path_years must be consecutive years; got {years.tolist()}.")
    return p, years


def bridge_for(spec: MeasureSpec, series: ObservedSeries, n: int, rng, sigma: float | None,
               year: int) -> tuple[dict, Reason, bool] | None:
    """Bridge columns for the needed years missing between two observations, the reason, and
    whether both ends are exact figures; None when no needed year lies between two."""
    missing = [y for y in spec.years if not series.has(y)]
    if not missing:
        return None
    before = series.years[series.years < min(missing)]
    after = series.years[series.years > max(missing)]
    if before.size == 0 or after.size == 0:
        return None
    y0, y1 = int(before[-1]), int(after[0])
    v0, v1 = series.value(y0), series.value(y1)
    sig = series_sigma(series.years, series.values) if sigma is None else sigma
    years = np.arange(y0, y1 + 1)
    br = bridge_paths(y0, v0, y1, v1, years, n, rng, sigma=sig)
    cols = {int(y): br[:, i] for i, y in enumerate(years) if not series.has(int(y))}
    why = Reason("bridge", {"year": year, "ends": [y0, y1], "y0": y0, "v0": v0, "y1": y1, "v1": v1,
                            "sigma": sig, "n_paths": n})
    return cols, why, series.exact([y0, y1])


def sample_measure(goal: Goal, observed: Observed, paths, path_years, paths_are_flow: bool,
                   config: EvaluationConfig, rng: np.random.Generator | None) -> Samples:
    """A bridge where a needed year lies between two observations; else, for a target year
    that is past, the reason only an observation could judge it; else the sample paths; else
    the reason there are none (step 4)."""
    series = goal.flows if paths_are_flow else goal.series
    spec = measure_spec(goal.target, True) if paths_are_flow else observed.spec
    p_arr, p_years = checked_paths(paths, path_years)
    n = p_arr.shape[0] if p_arr is not None else config.n_bridge
    rng = rng if rng is not None else np.random.default_rng(0)
    bridged = bridge_for(spec, series, n, rng, config.bridge_sigma, goal.T)
    if bridged is not None:
        cols, why, exact = bridged
        past = (Reason("past_chance", {"year": goal.T}),) if goal.past else ()
        years = sorted(cols)
        return Samples(series, spec, "bridge", (why, *past), exact,
                       np.column_stack([cols[y] for y in years]), np.asarray(years, int))
    if goal.past:
        return Samples(series, spec, reasons=(_past_unjudged(goal, observed, spec, series),))
    if p_arr is not None:
        return Samples(series, spec, "paths", paths=p_arr, years=p_years)
    last = int(series.years[-1]) if len(series) else None
    return Samples(series, spec, reasons=(Reason("no_paths_after", {"last": last}) if last is not None
                                          else Reason("no_paths"),))


def _past_unjudged(goal: Goal, observed: Observed, spec: MeasureSpec, series: ObservedSeries) -> Reason:
    """A past target year that the observations neither settle nor bridge: a model nowcast
    is not an observation, so no P(attain)."""
    missing = sorted(y for y in spec.years if not series.has(y))
    when = {"year": goal.T, "as_of": goal.as_of_eff}
    if missing:
        return Reason("past_unobserved", {**when, "missing": missing, "measure": spec.description})
    return Reason("past_unsettled", {**when, "lo": observed.lo, "hi": observed.hi,
                                     "comparator": goal.target.comparator, "value": goal.target.value})


@dataclass(frozen=True)
class Call:
    """The P(attain) side of a goal's call: the probability, where it came from, why, and the
    summary numbers of the measure (``measure``, ``projected_median``/``_p10``/``_p90``)."""

    p: float = np.nan
    source: str = ""
    n_paths: int = 0
    reasons: tuple = ()
    numbers: Mapping = field(default_factory=dict)
    path_judge: PathJudge | None = None
    bridged: bool = False
    bridge_exact: bool = False


def observed_call(observed: Observed) -> Call:
    """The call of a goal the observations settle: P(attain) 1 or 0."""
    met = bool(observed.settled)
    return Call(1.0 if met else 0.0, "observed",
                reasons=(Reason("observed_met" if met else "observed_missed", {"how": observed.how}),),
                numbers={"measure": observed.measure})


def judge_samples(goal: Goal, samples: Samples, paths_are_flow: bool, config: EvaluationConfig) -> Call:
    """P(attain) and the measure's quantiles from the samples (observed years as constants)."""
    bridge = {"bridged": samples.source == "bridge", "bridge_exact": samples.bridge_exact}
    if samples.paths is None or not samples.years.size:
        return Call(source=samples.source, reasons=samples.reasons, **bridge)
    t, s, spec = goal.target, samples.series, samples.spec
    # the key is the goal's series; evaluate_targets names the additions series instead when
    # these are flow paths
    judge = PathJudge(t.id, (t.indicator, t.region), spec, t.comparator, goal.value,
                      {int(y): s.value(y) for y in spec.years if s.has(y)}, goal.recent_change, config.headline)
    missing = judge.missing_years(sorted(samples.years.tolist()))
    if missing:
        return Call(reasons=samples.reasons + (Reason("missing_years", {"years": missing}),), **bridge)
    by_paths = samples.source == "paths"
    got = judge.judge(samples.paths, samples.years)
    numbers = {k: got[k] for k in ("projected_median", "projected_p10", "projected_p90")}
    return Call(got["p_attain"], samples.source, got["n_paths"],
                samples.reasons + ((Detail("flow_paths"),) if by_paths and paths_are_flow else ()),
                {**numbers, "measure": got["projected_median"]}, judge if by_paths else None, **bridge)


def call_columns(goal: Goal, observed: Observed, call: Call, config: EvaluationConfig) -> dict:
    """The call's columns: P(attain), its source, the headline status and the measure's numbers
    (and the ``path_judge`` of a goal judged from sample paths)."""
    cols = {**call.numbers, "measure_observed_lo": observed.lo, "measure_observed_hi": observed.hi,
            "p_attain": call.p, "p_source": call.source, "n_paths": call.n_paths,
            "status": headline_status(call.p, observed_met=observed.settled, latest_change=goal.recent_change,
                                      thresholds=config.headline)}
    if call.path_judge is not None:
        cols["path_judge"] = call.path_judge
    return cols


# -- 5. the level view's numbers ------------------------------------------------------------------


def goal_level_view(goal: Goal, paths_are_flow: bool) -> tuple[LevelView | None, Detail | None]:
    """The goal's level view (:func:`~xtforecast.gap.level.level_view`), read on the series
    its samples complete: the additions when the paths are of the additions."""
    series = goal.flows if paths_are_flow else goal.series
    return level_view(goal.target, series, goal.facts, paths_are_flow or goal.facts.is_flow)


def view_numbers(goal: Goal, view: LevelView | None, spec: MeasureSpec, measure: float) -> dict:
    """Required growth, gap, gap ratio, time distance and required acceleration (step 5)."""
    t, out = goal.target, {}
    if view is not None:
        out.update(base_year=view.t0, base_value=view.x0)
        if view.growth_ok:
            out["required_cagr"] = (float(t.value) / 100.0 if t.type == "growth"
                                    else cagr(view.x0, view.xstar, view.T - view.t0))
            if view.T > view.t:
                out["required_cagr_latest"] = cagr(view.xt, view.xstar, view.T - view.t)
        if view.t > view.t0:
            out["time_distance"] = time_distance(view.t0, view.x0, view.t, view.xt, view.T, view.xstar)
    rca, rcl = goal.recent_cagr, out.get("required_cagr_latest", np.nan)
    # acceleration is defined only when the recent pace moves towards the goal
    if np.isfinite(rca) and np.isfinite(rcl) and goal.d * rca > 0:
        out["required_acceleration"] = rcl / rca
    if measure is not None and np.isfinite(measure):
        value = goal.value
        out["gap"] = goal.d * (value - measure)
        if spec.base_measure_year is not None or t.type in ("level", "share", "class") or (
                t.type == "rank" and not t.relative):
            base = view.x0 if view is not None else np.nan
        else:
            base = 0.0  # increases, sums and growth rates start from zero
        denom = abs(value - base) if np.isfinite(base) else np.nan
        out["gap_ratio"] = out["gap"] / denom if np.isfinite(denom) and denom > 0 else np.nan
    return out


# -- 6. the method columns ----------------------------------------------------------------------


@dataclass(frozen=True)
class MethodColumns:
    """Every registered method's verdict: the summary columns, the results, and the reasons
    (and ``reason_code``) when the methods and P(attain) cannot both judge."""

    columns: dict
    results: dict
    reasons: tuple = ()
    code: str = ""


def method_columns(goal: Goal, view: LevelView | None, why: Detail | None, settled: bool | None,
                   p: float, config: EvaluationConfig) -> MethodColumns:
    """Run every registered method on the level view (step 6)."""
    results = agree_with_observation(run_methods(view, config.method_thresholds, why_none=why), settled)
    cols = {}
    for name, r in results.items():
        cols[f"status_{name}"] = r.label
        cols[f"value_{name}"] = r.value
    cols["statcan_score"] = results["statcan"].detail.get("score", np.nan) if "statcan" in results else np.nan
    return MethodColumns(cols, results, *_disagreement(results, p, goal.past))


def agree_with_observation(results: dict, settled: bool | None) -> dict:
    """Method columns that agree with an observed outcome (issue 12, Deliver 4).

    When the observations settle the goal, P(attain) is 1 or 0 and the methods must say the
    same: met -> every method ``achieved`` (the methods' own exception, EUSTAT's "already
    achieved"); missed -> a method that could not compute (one point only, no level view)
    or that read ``achieved`` says ``not_achieved``; its own progress class is kept otherwise
    (how far the goal was missed is still worth reading).
    """
    if settled is None:
        return results
    out = {}
    for name, r in results.items():
        if settled and r.label != "achieved":
            score = {"score": 5.0} if name == "statcan" else {}
            r = MethodResult("achieved", r.value, {**r.detail, **score}, Detail("settled_met"))
        elif not settled and r.label in ("insufficient_data", "achieved"):
            r = MethodResult("not_achieved", r.value, r.detail, Detail("settled_missed"))
        out[name] = r
    return out


def _disagreement(results: dict, p: float, past: bool) -> tuple[tuple[Reason, ...], str]:
    """Why P(attain) or the method columns are missing when only one side judges, and the
    ``reason_code``.

    ``past``: the target year is not after the vintage, so only an observation can give P;
    otherwise a missing P means no sample paths, which the reasons already say.
    """
    judged = [r for r in results.values() if r.label != "insufficient_data"]
    if np.isfinite(p) and results and not judged:
        why = next(iter(results.values())).reason
        return (Reason("methods_cannot_judge", {"why": why}),), "methods_cannot_judge"
    if not np.isfinite(p) and judged:
        return ((), "no_paths") if not past else ((Reason("p_needs_observation"),), "p_needs_observation")
    return (), ""


# -- 7. the evidence, 8. the words ----------------------------------------------------------------


def evidence_of(goal: Goal, observed: Observed, call: Call, config: EvaluationConfig):
    """The evidence grade and its reasons (step 7); a stock goal settled by its reported
    additions alone rests on the additions series."""
    ev = goal.series if len(goal.series) or not len(goal.flows) else goal.flows
    return evidence_grade(evaluable=True, **ev.evidence_counts(), as_of=goal.as_of, target_year=goal.T,
                          settled=observed.settled is not None, settled_exact=observed.exact,
                          bridged=call.bridged, bridge_exact=call.bridge_exact, thresholds=config.evidence)


def finish_refused(rec: dict, goal: Goal, refusal: Refusal, config: EvaluationConfig) -> dict:
    """The row of a goal that is not judged at all: no call, every method ``insufficient_data``,
    the evidence grade of its series (``none`` when not evaluable), and the refusal's reason."""
    grade, ev = evidence_grade(evaluable=refusal.evaluable, **goal.series.evidence_counts(),
                               as_of=goal.as_of, target_year=goal.T, thresholds=config.evidence)
    rec = {**rec, **{f"status_{name}": "insufficient_data" for name in METHODS}}
    rec.update(status="insufficient_data", p_attain=np.nan, reason_code=refusal.code, method_results={},
               evidence=grade if refusal.evaluable else "none")
    return finish(rec, [refusal.reason], ev)


#: The language of the analyst's account (the ``reason`` and ``evidence_reason`` columns).
ANALYST_LANG = "en"


def finish(rec: dict, reasons, evidence_reasons) -> dict:
    """The summary's text columns, worded from the codes (step 8): ``reason_zh``/``reason_en``
    for the reader, ``reason``/``evidence_reason`` for the analyst, ``reason_codes``."""
    # the words live in xtforecast.i18n, which stands above the gap layer and imports nothing
    # from it: the one place that turns codes into text imports it here, at the use
    from ..i18n import reason_text
    rec["reason"] = reason_text(reasons, ANALYST_LANG, "detail")
    rec["reason_zh"] = reason_text(told(reasons), "zh")
    rec["reason_en"] = reason_text(told(reasons), "en")
    rec["reason_codes"] = codes(reasons)
    rec["evidence_reason"] = reason_text(evidence_reasons, ANALYST_LANG, "detail")
    return rec
