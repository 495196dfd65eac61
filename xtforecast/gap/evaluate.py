"""Evaluate goals: from observations and sample paths to one summary row per goal.

:func:`evaluate_goal` judges one goal; :func:`evaluate_targets` runs a batch and returns the
summary table (``SUMMARY_COLUMNS`` first, then the extra columns listed in
:data:`EXTRA_COLUMNS`).

Order of judgement for one goal (a goal is never guessed):

1. ``evaluable: false`` -> ``insufficient_data`` with the goal's own reason.
2. **Observed data settle it.** When every year the measure reads is observed (as of
   ``as_of``), the measure is known up to the observations' bounds: a ``>=`` figure is the
   interval [value, upper natural bound], a ``<=`` figure [lower natural bound, value]. If the
   whole interval meets the goal -> ``achieved`` (p_attain 1); if none of it does ->
   ``off_track`` (p_attain 0). For stock goals the reported additions (a flow series such as
   ``high_tech_enterprises_added``) are a second source. Before T, a goal is settled only when
   it is *locked in*: a cumulative sum of non-negative flows that already reaches a ``>=``
   goal, or a stock the catalog marks ``monotone`` that already meets a ``>=`` goal.
3. **A bridge.** A year the measure needs lies between two observations (as of ``as_of``):
   paths between them are drawn with :func:`xtforecast.gap.bridge.bridge_paths`.
4. **Sample paths** from a growth model cover the years after the last observation (where a
   year is both observed and in the paths, the observation wins).
5. Otherwise ``insufficient_data`` with the reason (e.g. the target year has passed with no
   observation at or after it; no paths were given).

Extra numbers (gap, gap ratio, time distance, required growth, method classes) come from the
goal's *level view* (:func:`level_view`): base, latest and target value of the goal seen as a
level path.

Columns beyond the summary contract (``s`` = +1 for ``>=``/``>`` goals, -1 for ``<=``/``<``,
the catalog direction for ``==``):

* ``measure``: the goal's measure, the projected median or the observed value;
  ``measure_observed_lo``/``_hi``: its interval from observations (bounds widen it).
* ``gap = s * (target_value - measure)``: positive = shortfall, negative = beyond the goal.
* ``gap_ratio = gap / |target_value - base measure|``: the share of the required progress
  still missing (the base measure is the base-year level for level/share/rank/class goals and 0
  for increases, sums and growth rates, which start from nothing).
* ``time_distance``: Sicherl S-distance in years of the latest observation against the straight
  path base -> goal (+ ahead, - behind; :func:`~xtforecast.gap.growth_math.time_distance`).
* ``required_cagr`` (from the base), ``required_cagr_latest`` (from the latest observation),
  ``recent_cagr`` (between the last two observations) and ``required_acceleration =
  required_cagr_latest / recent_cagr`` (NaN when the recent pace moves away from the goal).
* ``status_<method>``, ``value_<method>``: each registered method's class and key number;
  ``statcan_score``: the -5..+5 score.
* ``p_source``: ``observed``, ``bridge`` or ``paths``; ``reason``/``evidence_reason`` in words.
* ``observed_outcome``/``observed_met``/``call_correct``: back-test (batch only).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from .._schema import SUMMARY_COLUMNS
from ..observations import cut_rule, known_by, select_series
from ..targets import Target
from .bridge import bridge_paths, series_sigma
from .evidence import EvidenceThresholds, evidence_grade
from .growth_math import cagr, time_distance
from .headline import HeadlineThresholds, headline_status
from .judge import PathJudge
from .measures import COMPARATOR_SIGN, change_base_year, class_ordinal, judge_interval, measure_spec
from .methods import METHODS, LevelView, MethodResult, run_methods
from .reasons import Reason

#: Columns after SUMMARY_COLUMNS in :func:`evaluate_targets` output.
EXTRA_COLUMNS = [
    "label_zh", "label_en", "binding", "latest_bound", "base_year", "base_value",
    "measure", "measure_observed_lo", "measure_observed_hi", "p_source", "n_paths",
    "gap", "gap_ratio", "time_distance", "required_cagr_latest", "recent_cagr",
    "required_acceleration",
] + [f"status_{m}" for m in METHODS] + [f"value_{m}" for m in METHODS] + [
    "statcan_score", "reason", "reason_zh", "reason_en", "reason_codes", "reason_code",
    "evidence_reason", "observed_outcome", "observed_met", "call_correct", "data_vintage",
    "cut_rule",
]

#: Number of bridge paths when the caller gives no paths to match.
N_BRIDGE = 10_000

#: How the level view reads a growth goal, per ``growth_basis`` (goes into ``reason``).
GROWTH_NOTES = {
    "yoy": "growth goal read as {g:g}% in {T} on {t0} (较上年增长): target level {xstar:g}",
    "average": "growth goal read as {g:g}% a year on average {t0}→{T} (年均增长): target level {xstar:g}",
}

#: Goals the evaluator refuses to judge: code -> the analyst's wording (``reason``) with
#: ``{placeholders}``. The code goes into ``reason_code`` so a reader (or a test) can tell
#: refusals apart; the reader's words in both languages are ``reason.<code>`` in i18n.
REFUSALS = {
    "growth_nonpositive_base": (
        "no growth rate exists from a base of {value:g} ({year}): a growth goal needs a positive "
        "base value, so it is not judged"),
}


def refusal(code: str, **kw) -> str:
    """The analyst's reason of a refusal in :data:`REFUSALS`, filled with ``kw``."""
    return REFUSALS[code].format(**kw)


@dataclass(frozen=True)
class IndicatorFacts:
    """The catalog facts a goal needs.

    Attributes
    ----------
    direction : str
        ``higher`` or ``lower`` (which way is better).
    bounds : tuple
        Natural (lower, upper) bounds; None for open.
    kind : str
        ``stock``, ``flow``, ``ratio``, ``rank`` or ``class``.
    levels : tuple of str
        Class labels best-first (class indicators).
    monotone : bool
        The stock cannot fall (an optional catalog flag; default False, because counts such as
        high-tech enterprises lose certificates that are not renewed).
    """

    direction: str = "higher"
    bounds: tuple = (None, None)
    kind: str = "stock"
    levels: tuple = ()
    monotone: bool = False

    @property
    def d(self) -> int:
        return -1 if self.direction == "lower" else 1


def indicator_facts(entry) -> IndicatorFacts:
    """Catalog facts from an :class:`xtforecast.catalog.Indicator`, a dict, or None (defaults)."""
    if entry is None:
        return IndicatorFacts()
    get = entry.get if isinstance(entry, Mapping) else (lambda k, dflt=None: getattr(entry, k, dflt))
    bounds = get("bounds", None) or (None, None)
    return IndicatorFacts(direction=get("direction", "higher") or "higher",
                          bounds=(bounds[0], bounds[1]), kind=get("kind", "stock") or "stock",
                          levels=tuple(get("levels", ()) or ()),
                          monotone=bool(get("monotone", False)))


# -- observations -----------------------------------------------------------------------------

@dataclass(frozen=True)
class _Series:
    """One observed series as of ``as_of``: year -> (face value, bound)."""

    years: np.ndarray
    values: np.ndarray
    bounds: np.ndarray

    @classmethod
    def from_frame(cls, df: pd.DataFrame | None, as_of: int | None, levels=()) -> _Series:
        if df is None or len(df) == 0:
            return cls(np.zeros(0, int), np.zeros(0), np.zeros(0, object))
        # numpy from here on: this runs for every goal of a batch, pandas masks cost too much
        yrs = df["year"].to_numpy().astype(int)
        raw = df["value"].to_numpy()
        bnd = (df["bound"].fillna("").astype(str).to_numpy() if "bound" in df.columns
               else np.full(len(df), "", object))
        keep = np.ones(len(df), bool)
        if "kind" in df.columns:
            keep &= df["kind"].astype(str).to_numpy() != "target"  # a goal is never an observation
        if as_of is not None:
            keep &= known_by(df, as_of).to_numpy()  # published by then, else year <= as_of
        yrs, raw, bnd = yrs[keep], raw[keep], bnd[keep]
        vals = np.array([class_ordinal(v, levels) if levels else _num(v) for v in raw], float)
        ok = np.isfinite(vals)
        yrs, vals, bnd = yrs[ok], vals[ok], bnd[ok]
        # one figure per year: an exact figure beats a bound; otherwise the last row wins
        order = np.lexsort((bnd == "", yrs))
        yrs, vals, bnd = yrs[order], vals[order], bnd[order]
        last = np.r_[yrs[1:] != yrs[:-1], True] if yrs.size else np.zeros(0, bool)
        return cls(yrs[last], vals[last], bnd[last])

    def __len__(self) -> int:
        return int(self.years.size)

    def has(self, year: int) -> bool:
        return bool(np.any(self.years == year))

    def value(self, year: int) -> float:
        i = np.flatnonzero(self.years == year)
        return float(self.values[i[0]]) if i.size else np.nan

    def bound(self, year: int) -> str:
        i = np.flatnonzero(self.years == year)
        return str(self.bounds[i[0]]) if i.size else ""

    def interval(self, year: int, natural: tuple) -> tuple[float, float]:
        v, b = self.value(year), self.bound(year)
        lo_nat = -np.inf if natural[0] is None else float(natural[0])
        hi_nat = np.inf if natural[1] is None else float(natural[1])
        if b == ">=":
            return (v, hi_nat)
        if b == "<=":
            return (lo_nat, v)
        return (v, v)

    def upto(self, year: int) -> _Series:
        keep = self.years <= year
        return _Series(self.years[keep], self.values[keep], self.bounds[keep])


def _num(v) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return np.nan


# -- level view -------------------------------------------------------------------------------

def _goal_d(target: Target, facts: IndicatorFacts) -> int:
    """Desired direction: the comparator's (a ``<=`` goal wants lower), else the catalog's."""
    return COMPARATOR_SIGN.get(target.comparator, 0) or facts.d


def level_view(target: Target, series: _Series, facts: IndicatorFacts,
               is_flow: bool) -> tuple[LevelView | None, str]:
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
    d = _goal_d(target, facts)
    if target.type == "class":
        return None, "class goals are judged on their ordinal, not on a growth path"
    if len(s) == 0:
        return None, "no observation up to the target year"
    t, xt = int(s.years[-1]), float(s.values[-1])
    val = float(target.value)
    w = tuple(target.window) if target.window else None

    def fixed_base(b: int, what: str):
        if not s.has(b):
            return None, f"{what} needs an observation in {b}; none"
        return b, s.value(b)

    note = ""
    growth_ok = True
    years, values = s.years, s.values
    if target.type in ("level", "share", "rank") and not target.relative:
        if target.base_year is None:
            t0 = int(s.years[0])
            note = f"no base_year: first observation {t0} used"
        else:
            t0 = int(s.years[np.argmin(np.abs(s.years - int(target.base_year)))])
            if t0 != int(target.base_year):
                note = f"base_year {target.base_year} not observed: nearest year {t0} used (EUSTAT)"
        x0, xstar = s.value(t0), val
    elif target.type == "rank":
        b = fixed_base(int(target.base_year), "a relative rank goal")
        if b[0] is None:
            return None, b[1]
        t0, x0 = b
        xstar = x0 + val
    elif target.type in ("net_increase", "cumulative") and is_flow:
        base = change_base_year(target)
        if target.type == "net_increase" and w is None:
            t0 = int(s.years[0])
            x0, xstar = s.value(t0), val
            note = "a flow goal read as a level goal on the flow"
        else:
            # only the run of consecutive observed years from the window start can be summed
            run = []
            for y in range(base + 1, T + 1):
                if not s.has(y):
                    break
                run.append(y)
            run = np.array(run, int)
            sums = np.cumsum([s.value(int(y)) for y in run])
            t0, x0, xstar = base, 0.0, val
            years = np.r_[t0, run].astype(int)
            values = np.r_[0.0, sums]
            t, xt = (int(run[-1]), float(sums[-1])) if run.size else (t0, 0.0)
            growth_ok = False
            note = f"running sum of the flow from {base + 1}; growth rates undefined from a zero start"
    elif target.type in ("net_increase", "cumulative"):
        b = fixed_base(change_base_year(target), f"a {target.type} goal on a stock")
        if b[0] is None:
            return None, b[1]
        t0, x0 = b
        xstar = x0 + val  # x(T) - x0 <op> k  <=>  x(T) <op> x0 + k
        note = f"{target.type} read as the level x({t0}) + {val:g} = {xstar:g}"
    elif target.type == "growth":
        b = fixed_base(change_base_year(target), "a growth goal")
        if b[0] is None:
            return None, b[1]
        t0, x0 = b
        if not x0 > 0:
            return None, refusal("growth_nonpositive_base", year=t0, value=x0)
        # the level that meets the goal: the same inequality as the measure, solved for x(T)
        xstar = x0 * (1.0 + val / 100.0) ** (T - t0)
        note = GROWTH_NOTES[target.growth_basis].format(g=val, t0=t0, T=T, xstar=xstar)
    else:
        return None, f"no level view for goal type {target.type!r}"
    return LevelView(int(t0), float(x0), int(t), float(xt), T, float(xstar), d,
                     np.asarray(years, float), np.asarray(values, float), growth_ok, note), ""


# -- one goal ---------------------------------------------------------------------------------

def _as_paths(obj) -> tuple[np.ndarray | None, np.ndarray | None]:
    """(paths, years) from a Projection-like object, a (paths, years) tuple, or a dict."""
    if obj is None:
        return None, None
    if isinstance(obj, Mapping):
        p, y = obj.get("paths"), obj.get("years", obj.get("path_years"))
    elif isinstance(obj, tuple):
        p, y = obj
    else:
        p, y = getattr(obj, "paths", None), getattr(obj, "years", None)
    if p is None or y is None:
        return None, None
    return np.atleast_2d(np.asarray(p, float)), np.asarray(y, int)


def _check_paths(paths, path_years) -> None:
    if paths.shape[1] != path_years.size:
        raise ValueError(f"paths have {paths.shape[1]} columns but path_years has {path_years.size} "
                         "years; pass one year per column.")
    if path_years.size > 1 and np.any(np.diff(path_years) != 1):
        raise ValueError(f"path_years must be consecutive years; got {path_years.tolist()}.")


def _observed_judgement(target, spec, series: _Series, facts: IndicatorFacts,
                        is_flow: bool) -> tuple[bool | None, float, float, str]:
    """(settled, lo, hi, how) from observations alone; settled None if they do not decide."""
    T = int(target.target_year)
    value = _goal_value(target, facts)
    if all(series.has(y) for y in spec.years):
        lo, hi = spec.on_intervals([series.interval(y, facts.bounds) for y in spec.years])
        return judge_interval(lo, hi, target.comparator, value), lo, hi, "observed " + spec.description
    # locked in before T: a partial sum of non-negative flows already reaching a >= goal
    if (target.type in ("cumulative", "net_increase") and is_flow and len(spec.years) > 1
            and target.comparator in (">=", ">") and facts.bounds[0] is not None
            and facts.bounds[0] >= 0):
        seen = [y for y in spec.years if series.has(y)]
        if seen:
            lo = sum(series.interval(y, facts.bounds)[0] for y in seen)
            if judge_interval(lo, np.inf, target.comparator, value):
                return True, lo, np.inf, (f"locked in: observed additions {seen[0]}–{seen[-1]} "
                                          f"already sum to {lo:g}")
    # locked in: a stock that cannot fall already meets a >= level goal
    if (facts.monotone and target.type in ("level", "share") and target.comparator in (">=", ">")
            and len(series.upto(T))):
        last = int(series.upto(T).years[-1])
        lo = series.interval(last, facts.bounds)[0]
        if judge_interval(lo, np.inf, target.comparator, value):
            return True, lo, np.inf, f"locked in: monotone stock already {lo:g} in {last}"
    return None, np.nan, np.nan, ""


def _goal_value(target: Target, facts: IndicatorFacts) -> float:
    if target.type == "class":
        return class_ordinal(target.value, facts.levels)
    return float(target.value)


def _bridge_for(spec, series: _Series, n: int, rng, sigma) -> tuple[dict, str] | None:
    """Bridge columns for the needed years missing between two observations, or None."""
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
    how = (f"bridge {y0} ({v0:g}) → {y1} ({v1:g}), log-volatility {sig:.3f}/√year, {n} paths")
    return cols, how


def evaluate_goal(target: Target, history: pd.DataFrame | None, *, direction: str = "higher",
                  bounds: tuple = (None, None), kind: str = "stock", levels=(),
                  monotone: bool = False, as_of: int | None = None,
                  paths: np.ndarray | None = None, path_years=None, paths_are_flow: bool = False,
                  flow_history: pd.DataFrame | None = None,
                  headline: HeadlineThresholds = HeadlineThresholds(),
                  method_thresholds: dict | None = None,
                  evidence: EvidenceThresholds = EvidenceThresholds(),
                  rng: np.random.Generator | None = None, n_bridge: int = N_BRIDGE,
                  bridge_sigma: float | None = None) -> dict:
    """Judge one goal from its observations and, optionally, sample paths.

    Parameters
    ----------
    target : Target
    history : pandas.DataFrame or None
        Observations of the goal's indicator and region: ``year``, ``value``, ``bound``
        (``""``, ``">="``, ``"<="``), optionally ``kind`` (rows with kind ``target`` are
        ignored). Class values may be labels or ordinals. Years after ``as_of`` are ignored.
    direction : {"higher", "lower"}
    bounds : tuple
        Natural (lower, upper) bounds of the indicator; None for open.
    kind : str
        Catalog kind of the indicator (``flow`` means the series itself is the increase).
    levels : sequence of str
        Class labels best-first, for class goals.
    monotone : bool
        The stock cannot fall, so meeting a ``>=`` goal before T locks it in.
    as_of : int or None
        Data vintage; None uses every observation.
    paths : numpy.ndarray, optional
        ``(n_paths, n_years)`` sample paths of the indicator (or of its flow, with
        ``paths_are_flow``), for the consecutive years ``path_years``.
    path_years : array_like of int, optional
    paths_are_flow : bool
        The paths are of the additions (flow) of a stock goal; observed additions come from
        ``flow_history``.
    flow_history : pandas.DataFrame, optional
        Reported additions of a stock indicator (e.g. ``high_tech_enterprises_added``), a
        second observed source for ``net_increase`` and ``cumulative`` goals. Reported additions
        are gross; using them for a net goal is flagged in ``reason``.
    headline, method_thresholds, evidence
        Thresholds; defaults are documented in :mod:`~xtforecast.gap.headline`,
        :mod:`~xtforecast.gap.methods` and :mod:`~xtforecast.gap.evidence`.
    rng : numpy.random.Generator, optional
        For bridge paths (default ``default_rng(0)``).
    n_bridge : int
        Number of bridge paths when no paths are given.
    bridge_sigma : float, optional
        Bridge volatility; default estimated from the series (:func:`series_sigma`).

    Returns
    -------
    dict
        The SUMMARY_COLUMNS except ``scenario``, plus :data:`EXTRA_COLUMNS` (without the
        back-test columns) and ``method_results`` (the :class:`MethodResult` objects).

    Raises
    ------
    ValueError
        If ``paths`` and ``path_years`` disagree, or the goal type/comparator is unknown.

    Examples
    --------
    >>> import pandas as pd
    >>> from xtforecast.targets import Target
    >>> t = Target("sme", "tech_smes", "xingtai", "net_increase", ">=", 500.0, 2020, "净增500家以上")
    >>> h = pd.DataFrame({"year": [2019, 2020], "value": [6615.0, 7141.0], "bound": ["", ""]})
    >>> r = evaluate_goal(t, h, as_of=2020)
    >>> r["status"], r["p_attain"]
    ('achieved', 1.0)
    """
    facts = IndicatorFacts(direction, tuple(bounds), kind, tuple(levels or ()), monotone)
    T = int(target.target_year)
    rec = _base_record(target)
    series = _Series.from_frame(history, as_of, facts.levels if target.type == "class" else ())
    flows = _Series.from_frame(flow_history, as_of)
    is_flow = facts.kind == "flow"
    reasons: list[str] = []
    # the reader's version, as codes rendered in either language (the causes, no API detail)
    said: list[Reason] = []
    as_of_eff = as_of if as_of is not None else (int(series.years[-1]) if len(series) else None)

    # latest observation and the recent change (for regressing and required acceleration)
    d = _goal_d(target, facts)
    if len(series):
        rec.update(latest_year=int(series.years[-1]), latest_value=float(series.values[-1]),
                   latest_bound=str(series.bounds[-1]))
    recent_change = recent_cagr = np.nan
    if len(series) >= 2:
        (y1, y2), (v1, v2) = series.years[-2:], series.values[-2:]
        recent_change = d * (v2 - v1) / abs(v1) if v1 != 0 else d * np.sign(v2 - v1)
        recent_cagr = cagr(v1, v2, y2 - y1) if target.type != "class" else np.nan
    rec["recent_cagr"] = recent_cagr

    if not target.evaluable:
        return _finish_insufficient(rec, target.reason or "marked not evaluable", series, facts,
                                    as_of, T, evaluable=False, evidence=evidence,
                                    said=[_plan_note(target)])
    if target.type == "class" and not np.isfinite(_goal_value(target, facts)):
        return _finish_insufficient(rec, f"class {target.value!r} is not among the levels "
                                    f"{list(facts.levels)}; give the catalog's levels", series,
                                    facts, as_of, T, evidence=evidence,
                                    said=[Reason("class_not_in_levels",
                                                 {"value": repr(target.value),
                                                  "levels": list(facts.levels)})])

    if not len(series) and not len(flows):
        return _finish_insufficient(rec, f"no observation of '{target.indicator}' in "
                                    f"'{target.region}'" + (f" up to {as_of}" if as_of else ""),
                                    series, facts, as_of, T, evidence=evidence,
                                    said=[Reason("no_observation_as_of", {"as_of": as_of}) if as_of
                                          else Reason("no_observation")])

    refused = _refusal_of(target, series)
    if refused is not None:
        code, en, values = refused
        return _finish_insufficient(rec, en, series, facts, as_of, T, evidence=evidence,
                                    said=[Reason(code, values)], reason_code=code)

    spec = measure_spec(target, is_flow)
    value = _goal_value(target, facts)

    # 1. observations settle the goal?
    settled, lo, hi, how = _observed_judgement(target, spec, series, facts, is_flow)
    settled_exact = settled is not None and all(series.bound(y) == "" for y in spec.years
                                                if series.has(y))
    if settled is None and len(flows) and not is_flow:
        fspec = measure_spec(target, True)
        s2, lo2, hi2, how2 = _observed_judgement(target, fspec, flows,
                                                 IndicatorFacts(bounds=(0, None), kind="flow"), True)
        if s2 is not None:
            settled, lo, hi = s2, lo2, hi2
            how = how2 + " (reported additions are gross recognitions, used as the net increase)"
            settled_exact = all(flows.bound(y) == "" for y in fspec.years if flows.has(y))
    rec.update(measure_observed_lo=lo, measure_observed_hi=hi)

    # 2. the samples: bridge or paths
    p, p_source, n_paths = np.nan, "", 0
    bridged = bridge_exact = False
    if settled is not None:
        p, p_source = (1.0 if settled else 0.0), "observed"
        reasons.append(how + (" meets" if settled else " misses") + " the goal")
        said.append(Reason("observed_met" if settled else "observed_missed"))
        face = [series.value(y) if series.has(y) else np.nan for y in spec.years]
        # the face value of exact/bounded figures; the settling end of the interval otherwise
        rec["measure"] = (float(spec.on_values(face)) if np.all(np.isfinite(face))
                          else (lo if settled else hi))
    else:
        sample_series = flows if paths_are_flow else series
        sspec = measure_spec(target, True) if paths_are_flow else spec
        p_arr, p_years = (None, None)
        if paths is not None:
            p_arr = np.atleast_2d(np.asarray(paths, float))
            p_years = np.asarray(path_years, int)
            _check_paths(p_arr, p_years)
        n = p_arr.shape[0] if p_arr is not None else n_bridge
        br = _bridge_for(sspec, sample_series, n, rng if rng is not None else np.random.default_rng(0),
                         bridge_sigma)
        cols: dict[int, np.ndarray] = {}
        if br is not None:
            cols, bhow = br
            bridged = True
            ends = [y for y in sample_series.years if y < min(cols)][-1:] + \
                   [y for y in sample_series.years if y > max(cols)][:1]
            bridge_exact = all(sample_series.bound(int(y)) == "" for y in ends)
            p_source = "bridge"
            reasons.append(bhow + (f"; {T} is past, so P(attain) is the chance the goal was met"
                                   if as_of_eff is not None and as_of_eff >= T else ""))
            said.append(Reason("bridge", {"year": T, "ends": [int(y) for y in ends]}))
            if as_of_eff is not None and as_of_eff >= T:
                said.append(Reason("past_chance"))
        elif as_of_eff is not None and as_of_eff >= T:
            missing = [y for y in sspec.years if not sample_series.has(y)]
            if missing:
                why = (f"the measure ({sspec.description}) needs {sorted(missing)}, not observed "
                       "(and not between two observations)")
            else:
                why = (f"the observed measure lies in [{lo:g}, {hi:g}], which does not settle "
                       f"'{target.comparator} {target.value}'")
            reasons.append(f"the target year {T} is not after as_of {as_of_eff}, so only "
                           f"observations can judge it: {why}; a model nowcast is not an observation")
            said.append(Reason("past_unobserved", {"year": T, "as_of": as_of_eff,
                                                   "missing": sorted(missing)}) if missing
                        else Reason("past_unsettled", {"year": T, "as_of": as_of_eff}))
        elif p_arr is not None:
            cols = {int(y): p_arr[:, i] for i, y in enumerate(p_years)}
            p_source = "paths"
        else:
            last = int(sample_series.years[-1]) if len(sample_series) else None
            reasons.append("no sample paths for the years after the last observation"
                           + (f" ({last})" if last is not None else "")
                           + "; pass paths from a growth model")
            said.append(Reason("no_paths_after", {"last": last}) if last is not None
                        else Reason("no_paths"))
        if cols:
            # the key is the goal's series; evaluate_targets names the additions series instead
            # when these are flow paths
            judge = PathJudge(target.id, (target.indicator, target.region), sspec,
                              target.comparator, value,
                              {int(y): sample_series.value(y) for y in sspec.years
                               if sample_series.has(y)}, recent_change, headline)
            col_years = sorted(cols)
            missing = judge.missing_years(col_years)
            if missing:
                reasons.append(f"no value for {missing} (neither observed nor in the paths)")
                said.append(Reason("missing_years", {"years": missing}))
                p_source = ""
            else:
                got = (judge.judge(p_arr, p_years) if p_source == "paths" else
                       judge.judge(np.column_stack([cols[y] for y in col_years]), col_years))
                p, n_paths = got["p_attain"], got["n_paths"]
                rec.update(projected_median=got["projected_median"],
                           projected_p10=got["projected_p10"],
                           projected_p90=got["projected_p90"], measure=got["projected_median"])
                if p_source == "paths":
                    rec["path_judge"] = judge
                if p_source == "paths" and paths_are_flow:
                    reasons.append("paths of the additions (flow)")
    rec.update(p_attain=p, p_source=p_source, n_paths=n_paths)

    # 3. headline status
    status = headline_status(p, observed_met=settled, latest_change=recent_change,
                             thresholds=headline)
    rec["status"] = status

    # 4. level view: required growth, gap, time distance, methods
    view, why = level_view(target, flows if paths_are_flow else series, facts,
                           is_flow or paths_are_flow)
    _fill_view_numbers(rec, target, view, spec, series, value, d, facts)
    results = _agree_with_observation(run_methods(view, method_thresholds, why_none=why), settled)
    _explain_disagreement(rec, results, p, reasons, said,
                          past=as_of_eff is not None and as_of_eff >= T)
    for name, r in results.items():
        rec[f"status_{name}"] = r.label
        rec[f"value_{name}"] = r.value
    rec["statcan_score"] = (results["statcan"].detail.get("score", np.nan) if "statcan" in results
                            else np.nan)
    rec["method_results"] = results
    if view is not None and view.note:
        reasons.append(view.note)
    if status == "insufficient_data" and not reasons:
        reasons.append("nothing to judge the goal from")
    if status == "insufficient_data" and not said:
        said.append(Reason("nothing_to_judge"))
    rec["reason"] = "; ".join(reasons)
    _say(rec, said)

    # 5. evidence
    # a stock goal settled by its reported additions alone rests on the additions series
    ev_s = series if len(series) or not len(flows) else flows
    grade, ev = evidence_grade(
        evaluable=True, n_obs=len(ev_s), n_exact=int(np.sum(ev_s.bounds == "")),
        latest_year=int(ev_s.years[-1]) if len(ev_s) else None,
        latest_exact=bool(len(ev_s) and ev_s.bounds[-1] == ""), as_of=as_of, target_year=T,
        settled=settled is not None, settled_exact=settled_exact, bridged=bridged,
        bridge_exact=bridge_exact, thresholds=evidence)
    rec.update(evidence=grade, evidence_reason=ev)
    return rec


def _base_record(target: Target) -> dict:
    rec = {c: np.nan for c in SUMMARY_COLUMNS if c != "scenario"}
    rec.update(dict.fromkeys(EXTRA_COLUMNS, np.nan))
    rec.update(target_id=target.id, indicator=target.indicator, region=target.region,
               target_year=int(target.target_year), target_type=target.type,
               comparator=target.comparator, target_value=target.value, latest_year=np.nan,
               latest_bound="", label_zh=target.label_zh, label_en=target.label_en,
               binding=target.binding, p_source="", n_paths=0, reason="", reason_zh="",
               reason_en="", reason_codes="",
               reason_code="", evidence_reason="",
               observed_outcome=np.nan, observed_met=None, call_correct=None,
               base_year=target.base_year if target.base_year is not None else np.nan)
    return rec


def _agree_with_observation(results: dict, settled: bool | None) -> dict:
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
            r = MethodResult("achieved", r.value, {**r.detail, **({"score": 5.0} if name == "statcan"
                                                                   else {})},
                             "the observations settle the goal: met")
        elif not settled and r.label in ("insufficient_data", "achieved"):
            r = MethodResult("not_achieved", r.value, r.detail,
                             "the observations settle the goal: missed")
        out[name] = r
    return out


def _explain_disagreement(rec: dict, results: dict, p: float, reasons: list,
                          said: list, past: bool) -> None:
    """Say why P(attain) or the method columns are missing when only one side judges.

    ``past``: the target year is not after the vintage, so only an observation can give P;
    otherwise a missing P means no sample paths, which the reasons already say.
    """
    judged = [r for r in results.values() if r.label != "insufficient_data"]
    if np.isfinite(p) and results and not judged:
        why = next(iter(results.values())).reason
        rec["reason_code"] = rec.get("reason_code") or "methods_cannot_judge"
        reasons.append(f"the method columns cannot judge this goal ({why}); only P(attain) does")
        said.append(Reason("methods_cannot_judge"))
    elif not np.isfinite(p) and judged and not past:
        rec["reason_code"] = rec.get("reason_code") or "no_paths"
    elif not np.isfinite(p) and judged:
        rec["reason_code"] = rec.get("reason_code") or "p_needs_observation"
        reasons.append("P(attain) is not given: the methods read the trend of the observations "
                       "before the target year, but whether the goal was met needs an "
                       "observation of it")
        said.append(Reason("p_needs_observation"))


def _refusal_of(target: Target, series: _Series) -> tuple[str, str, dict] | None:
    """(code, the analyst's reason, the reader's reason's values) when the observations make the
    goal's measure undefined, else None.

    A growth rate from a zero or negative base does not exist (a base of -4 "grown" by 10% a
    year would give a target of -5.324, a fall); such a goal is refused, not judged.
    """
    if target.type != "growth":
        return None
    base = change_base_year(target)
    if series.has(base) and not series.value(base) > 0:
        v = series.value(base)
        return ("growth_nonpositive_base", refusal("growth_nonpositive_base", year=base, value=v),
                {"year": base, "value": f"{v:g}"})
    return None


def _plan_note(target: Target) -> Reason:
    """A goal the plan file marks not evaluable: its own note, per language (the plan's
    ``reason``/``reason_zh``), else the general sentence."""
    from ..i18n import t
    return Reason("not_evaluable", {"note": {
        "zh": target.reason_zh or t("reason.not_evaluable.default", "zh"),
        "en": target.reason or t("reason.not_evaluable.default", "en")}})


def _say(rec: dict, said: list[Reason]) -> None:
    """The reader's reasons: ``reason_zh``/``reason_en`` rendered from the same codes, and the
    codes themselves (``reason_codes``, ``;``-separated) for tables and tests."""
    from ..i18n import reason_text  # i18n imports the gap layer's vocabularies: import late
    rec["reason_zh"] = reason_text(said, "zh")
    rec["reason_en"] = reason_text(said, "en")
    rec["reason_codes"] = ";".join(r.code for r in said)


def _finish_insufficient(rec, reason, series, facts, as_of, T, evaluable=True, evidence=None,
                         said=(), reason_code="") -> dict:
    rec.update(status="insufficient_data", p_attain=np.nan, reason=reason, reason_code=reason_code)
    _say(rec, list(said) or [Reason("nothing_to_judge")])
    for name in METHODS:
        rec[f"status_{name}"] = "insufficient_data"
    n_exact = int(np.sum(series.bounds == "")) if len(series) else 0
    grade, ev = evidence_grade(evaluable=evaluable, n_obs=len(series), n_exact=n_exact,
                               latest_year=int(series.years[-1]) if len(series) else None,
                               latest_exact=bool(len(series) and series.bounds[-1] == ""),
                               as_of=as_of, target_year=T,
                               thresholds=evidence or EvidenceThresholds())
    rec.update(evidence="none" if not evaluable else grade, evidence_reason=ev, method_results={})
    return rec


def _fill_view_numbers(rec, target, view, spec, series, value, d, facts) -> None:
    """Required growth, gap, gap ratio and time distance."""
    if view is not None:
        rec.update(base_year=view.t0, base_value=view.x0)
        if view.growth_ok:
            rec["required_cagr"] = (float(target.value) / 100.0 if target.type == "growth"
                                    else cagr(view.x0, view.xstar, view.T - view.t0))
            if view.T > view.t:
                rec["required_cagr_latest"] = cagr(view.xt, view.xstar, view.T - view.t)
        if view.t > view.t0:
            rec["time_distance"] = time_distance(view.t0, view.x0, view.t, view.xt, view.T, view.xstar)
    rca = rec.get("recent_cagr", np.nan)
    rcl = rec.get("required_cagr_latest", np.nan)
    # acceleration is defined only when the recent pace moves towards the goal
    if np.isfinite(rca) and np.isfinite(rcl) and d * rca > 0:
        rec["required_acceleration"] = rcl / rca
    central = rec.get("measure", np.nan)
    if central is not None and np.isfinite(central):
        sign = COMPARATOR_SIGN.get(target.comparator, 0) or d
        rec["gap"] = sign * (value - central)
        if spec.base_measure_year is not None or target.type in ("level", "share", "class") or (
                target.type == "rank" and not target.relative):
            base = view.x0 if view is not None else np.nan
        else:
            base = 0.0  # increases, sums and growth rates start from zero
        denom = abs(value - base) if np.isfinite(base) else np.nan
        rec["gap_ratio"] = rec["gap"] / denom if np.isfinite(denom) and denom > 0 else np.nan


# -- batch ------------------------------------------------------------------------------------

def _catalog_entries(catalog) -> Mapping:
    if catalog is None:
        return {}
    return getattr(catalog, "indicators", catalog)


def evaluate_targets(targets: Iterable[Target], observations: pd.DataFrame,
                     paths_by_key: Mapping | None = None, as_of: int | None = None,
                     catalog=None, *, scenario: str = "baseline",
                     headline: HeadlineThresholds = HeadlineThresholds(),
                     method_thresholds: dict | None = None,
                     evidence: EvidenceThresholds = EvidenceThresholds(),
                     seed: int = 0, n_bridge: int = N_BRIDGE, flow_suffix: str = "_added",
                     vintage: str = "latest", judges: dict | None = None) -> pd.DataFrame:
    """Evaluate many goals; one summary row each.

    Parameters
    ----------
    targets : iterable of Target
    observations : pandas.DataFrame
        The full tidy observations (``indicator, region, year, value, bound`` and optionally
        ``kind``, ``vintage``). Rows after ``as_of`` are used only for the back-test columns.
    paths_by_key : mapping, optional
        ``(indicator, region) -> paths``, where paths is a
        :class:`~xtforecast.projection.Projection`, a ``(paths, years)`` tuple or a dict with
        ``paths`` and ``years``. Paths under ``(indicator + flow_suffix, region)`` are used as
        flow paths for a stock goal that has no paths of its own.
    as_of : int, optional
        Data vintage.
    catalog : Catalog or mapping, optional
        ``indicator -> entry`` (an ``Indicator`` or a dict with ``direction``, ``bounds``,
        ``kind``, ``levels``, optionally ``monotone``), or a Catalog.
    scenario : str
        Written into the ``scenario`` column.
    headline, method_thresholds, evidence
        Thresholds (see :func:`evaluate_goal`).
    seed : int
        Bridge random streams are keyed by ``(seed, target id)``.
    n_bridge : int
    flow_suffix : str
        Naming rule for the additions of a stock (``high_tech_enterprises_added``).
    vintage : {"latest", "first_release"}
        Which release of each figure, for the call and for its outcome alike
        (:func:`xtforecast.observations.one_vintage`).
    judges : dict, optional
        Filled with ``target id -> PathJudge`` for every goal judged from sample paths, so a
        caller can re-judge it on changed paths (:mod:`xtforecast.sweep`).

    Returns
    -------
    pandas.DataFrame
        ``SUMMARY_COLUMNS`` then :data:`EXTRA_COLUMNS`. ``observed_outcome`` is the observed
        measure when data *after* ``as_of`` settle the goal; ``call_correct`` whether the
        call "attain if p_attain >= 0.5" matched it (None where there is no outcome yet).
    """
    entries = _catalog_entries(catalog)
    paths_by_key = paths_by_key or {}
    # not dict(groupby): dict() would call the GroupBy's .keys, which is a list
    groups = {k: g for k, g in observations.groupby(["indicator", "region"], sort=False)}  # noqa: C416
    cache: dict = {}

    def series_of(indicator, region, cut=None):
        # the one series rule (cut, then one vintage): a revision not yet published at as_of
        # leaves the first release in its place, not an empty year
        key = (indicator, region, cut)
        if key not in cache:
            g = groups.get((indicator, region))
            cache[key] = None if g is None else select_series(g, indicator, region, cut, vintage)
        return cache[key]

    rows = []
    for t in targets:
        facts = indicator_facts(entries.get(t.indicator) if hasattr(entries, "get") else None)
        hist = series_of(t.indicator, t.region, as_of)
        flow = None
        if t.type in ("net_increase", "cumulative") and facts.kind != "flow":
            flow = series_of(t.indicator + flow_suffix, t.region, as_of)
        paths, years = _as_paths(paths_by_key.get((t.indicator, t.region)))
        paths_are_flow = False
        if paths is None and t.type in ("net_increase", "cumulative") and facts.kind != "flow":
            paths, years = _as_paths(paths_by_key.get((t.indicator + flow_suffix, t.region)))
            paths_are_flow = paths is not None
        rng = np.random.default_rng([int(seed), zlib.crc32(t.id.encode())])
        kw = {"direction": facts.direction, "bounds": facts.bounds, "kind": facts.kind,
                  "levels": facts.levels, "monotone": facts.monotone, "flow_history": flow,
                  "headline": headline, "method_thresholds": method_thresholds, "evidence": evidence,
                  "n_bridge": n_bridge}
        rec = evaluate_goal(t, hist, as_of=as_of, paths=paths, path_years=years,
                            paths_are_flow=paths_are_flow, rng=rng, **kw)
        rec.pop("method_results", None)
        judge = rec.pop("path_judge", None)
        if judges is not None and judge is not None:
            key = (t.indicator + flow_suffix if paths_are_flow else t.indicator, t.region)
            judges[t.id] = replace(judge, key=key)
        # which release, and what decided the information set: publication dates or years
        rec["data_vintage"] = vintage
        rec["cut_rule"] = cut_rule(hist) if hist is not None and as_of is not None else ""
        if as_of is not None and t.evaluable:
            # the outcome is judged on everything known now, read in the same vintage
            full_flow = (series_of(t.indicator + flow_suffix, t.region) if flow is not None
                         else None)
            _backtest(rec, t, series_of(t.indicator, t.region), full_flow, facts, as_of, headline)
        rec["scenario"] = scenario
        rows.append(rec)
    df = pd.DataFrame(rows, columns=SUMMARY_COLUMNS + EXTRA_COLUMNS)
    return df


def _backtest(rec, target, hist, flow, facts, as_of, headline) -> None:
    """Fill observed_outcome / call_correct when data after ``as_of`` settle the goal."""
    spec = measure_spec(target, facts.kind == "flow")
    if max(spec.years) <= as_of:
        return
    levels = facts.levels if target.type == "class" else ()
    full = _Series.from_frame(hist, None, levels)
    settled, lo, hi, _ = _observed_judgement(target, spec, full, facts, facts.kind == "flow")
    if settled is None and flow is not None and len(flow):
        fspec = measure_spec(target, True)
        settled, lo, hi, _ = _observed_judgement(target, fspec, _Series.from_frame(flow, None),
                                                 IndicatorFacts(bounds=(0, None), kind="flow"), True)
    if settled is None:
        return
    rec["observed_outcome"] = lo if np.isfinite(lo) else hi
    rec["observed_met"] = bool(settled)
    p = rec.get("p_attain", np.nan)
    if rec.get("status") != "insufficient_data" and np.isfinite(p):
        rec["call_correct"] = bool((p >= headline.call) == settled)
