"""Evaluate goals: from observations and sample paths to one summary row per goal.

:func:`evaluate_goal` judges one goal, as a recipe of the named steps of
:mod:`~xtforecast.gap.steps`; :func:`evaluate_targets` runs a batch and returns the
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
* ``p_source``: ``observed``, ``bridge`` or ``paths``.
* ``reason_zh``/``reason_en``: the reader's causes, ``reason_codes`` their codes; ``reason``
  and ``evidence_reason``: the analyst's account in English with the numbers. All are worded
  from the same :class:`~xtforecast.gap.reasons.Reason` codes by :mod:`xtforecast.i18n.gap`;
  ``reason_code`` names a refusal or a disagreement of the methods with P(attain).
* ``observed_outcome``/``observed_met``/``call_correct``: back-test (batch only).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping
from dataclasses import replace

import numpy as np
import pandas as pd

from .._schema import SUMMARY_COLUMNS
from ..observations import cut_rule, select_series
from ..targets import Target
from .config import DEFAULT_CONFIG, N_BRIDGE, EvaluationConfig
from .level import level_view
from .measures import measure_spec
from .methods import METHODS
from .reasons import Detail, Reason, told
from .series import IndicatorFacts, indicator_facts
from .steps import (
    REFUSALS,
    Goal,
    call_columns,
    evidence_of,
    finish,
    finish_refused,
    goal_level_view,
    judge_samples,
    method_columns,
    observed_call,
    read_goal,
    refusal_of,
    sample_measure,
    settle_from_observations,
    view_numbers,
)

__all__ = ["EXTRA_COLUMNS", "REFUSALS", "N_BRIDGE", "EvaluationConfig", "IndicatorFacts", "indicator_facts",
           "level_view", "evaluate_goal", "evaluate_targets"]

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


def evaluate_goal(target: Target, history: pd.DataFrame | None, facts: IndicatorFacts | None = None, *,
                  as_of: int | None = None, paths=None, path_years=None, paths_are_flow: bool = False,
                  flow_history: pd.DataFrame | None = None, config: EvaluationConfig = DEFAULT_CONFIG,
                  rng: np.random.Generator | None = None) -> dict:
    """Judge one goal from its observations and, optionally, sample paths.

    Parameters
    ----------
    target : Target
    history : pandas.DataFrame or None
        Observations of the goal's series: ``year``, ``value``, ``bound`` (``""``, ``">="``,
        ``"<="``), optionally ``kind`` (``target`` rows are ignored).
    facts : IndicatorFacts, optional
        The catalog's facts of the indicator (default: higher is better, open bounds, a stock).
    as_of : int or None
        Data vintage (later years are ignored); None uses every observation.
    paths, path_years : numpy.ndarray, array_like of int, optional
        ``(n_paths, n_years)`` sample paths for the consecutive years ``path_years``.
    paths_are_flow, flow_history : bool, pandas.DataFrame, optional
        The paths are of the additions of a stock goal; the reported additions of the stock
        (``high_tech_enterprises_added``), a second observed source for its change (gross: flagged).
    config : EvaluationConfig
        Thresholds, bridge size and volatility (:mod:`~xtforecast.gap.config`).
    rng : numpy.random.Generator, optional
        For bridge paths (default ``default_rng(0)``).

    Returns
    -------
    dict
        The SUMMARY_COLUMNS except ``scenario``, :data:`EXTRA_COLUMNS` (without the back-test
        columns) and ``method_results`` (the :class:`MethodResult` objects).

    Raises
    ------
    ValueError
        If ``paths`` and ``path_years`` disagree, or the goal type or comparator is unknown.

    Examples
    --------
    >>> t = Target("sme", "tech_smes", "xingtai", "net_increase", ">=", 500.0, 2020, "a net 500 or more")
    >>> h = pd.DataFrame({"year": [2019, 2020], "value": [6615.0, 7141.0], "bound": ["", ""]})
    >>> r = evaluate_goal(t, h, as_of=2020)
    >>> r["status"], r["p_attain"], r["reason_codes"]
    ('achieved', 1.0, 'observed_met')
    """
    goal = read_goal(target, history, flow_history, facts or IndicatorFacts(), as_of)
    rec = start_record(goal)
    refusal = refusal_of(goal)
    if refusal is not None:
        return finish_refused(rec, goal, refusal, config)
    observed = settle_from_observations(goal)
    call = (observed_call(observed) if observed.settled is not None else judge_samples(
        goal, sample_measure(goal, observed, paths, path_years, paths_are_flow, config, rng), paths_are_flow, config))
    rec.update(call_columns(goal, observed, call, config))
    view, why = goal_level_view(goal, paths_are_flow)
    rec.update(view_numbers(goal, view, observed.spec, rec["measure"]))
    methods = method_columns(goal, view, why, observed.settled, call.p, config)
    rec.update(methods.columns, reason_code=methods.code, method_results=methods.results)
    rec["evidence"], evidence = evidence_of(goal, observed, call, config)
    return finish(rec, _reasons(rec["status"], call, methods, view), evidence)


def start_record(goal: Goal) -> dict:
    """The row of a goal before it is judged: every column NaN or empty, the goal's own fields,
    and its latest observation and growth."""
    t, s = goal.target, goal.series
    rec = {c: np.nan for c in SUMMARY_COLUMNS if c != "scenario"}
    rec.update(dict.fromkeys(EXTRA_COLUMNS, np.nan))
    rec.update(target_id=t.id, indicator=t.indicator, region=t.region, target_year=int(t.target_year),
               target_type=t.type, comparator=t.comparator, target_value=t.value, latest_year=np.nan,
               latest_bound="", label_zh=t.label_zh, label_en=t.label_en, binding=t.binding, p_source="",
               n_paths=0, reason="", reason_zh="", reason_en="", reason_codes="", reason_code="",
               evidence_reason="", observed_outcome=np.nan, observed_met=None, call_correct=None,
               base_year=t.base_year if t.base_year is not None else np.nan)
    if len(s):
        rec.update(latest_year=int(s.years[-1]), latest_value=float(s.values[-1]), latest_bound=str(s.bounds[-1]))
    rec["recent_cagr"] = goal.recent_cagr
    return rec


def _reasons(status: str, call, methods, view) -> list[Detail]:
    """The goal's reasons in order: the call's, the methods' disagreement with it, how the
    level view was built (the analyst's only), and, for no call, that nothing could judge it."""
    reasons = [*call.reasons, *methods.reasons]
    if view is not None and view.note:
        reasons.append(Detail("view_note", {"note": view.note}))
    if status == "insufficient_data" and not told(reasons):
        reasons.append(Reason("nothing_to_judge"))
    return reasons


# -- batch ------------------------------------------------------------------------------------

def evaluate_targets(targets: Iterable[Target], observations: pd.DataFrame, paths_by_key: Mapping | None = None,
                     as_of: int | None = None, catalog=None, *, scenario: str = "baseline",
                     config: EvaluationConfig = DEFAULT_CONFIG, seed: int = 0, vintage: str = "latest",
                     judges: dict | None = None) -> pd.DataFrame:
    """Evaluate many goals; one summary row each.

    Parameters
    ----------
    targets : iterable of Target
    observations : pandas.DataFrame
        The full tidy observations (``indicator, region, year, value, bound`` and optionally
        ``kind``, ``vintage``). Rows after ``as_of`` are used only for the back-test columns.
    paths_by_key : mapping, optional
        ``(indicator, region) -> paths``: a :class:`~xtforecast.projection.Projection`, a
        ``(paths, years)`` tuple or a dict with ``paths`` and ``years``. Paths of a stock's
        additions (``(indicator + config.flow_suffix, region)``) serve a stock goal without
        paths of its own.
    as_of : int, optional
        Data vintage.
    catalog : Catalog or mapping, optional
        ``indicator -> entry`` (an ``Indicator`` or a dict with ``direction``, ``bounds``,
        ``kind``, ``levels``, optionally ``monotone``), or a Catalog.
    scenario : str
        Written into the ``scenario`` column.
    config : EvaluationConfig
        Thresholds and tunables (see :func:`evaluate_goal`).
    seed : int
        Bridge random streams are keyed by ``(seed, target id)``.
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
    entries = getattr(catalog, "indicators", catalog) if catalog is not None else {}
    batch = _Batch(observations, paths_by_key or {}, as_of, vintage, config, seed)
    rows = []
    for t in targets:
        facts = indicator_facts(entries.get(t.indicator) if hasattr(entries, "get") else None)
        rec, judge = batch.evaluate(t, facts)
        if judges is not None and judge is not None:
            judges[t.id] = judge
        rec["scenario"] = scenario
        rows.append(rec)
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS + EXTRA_COLUMNS)


class _Batch:
    """What the goals of one batch share: the observations grouped by series (each series
    selected once), the paths, the vintage and the config."""

    def __init__(self, observations: pd.DataFrame, paths_by_key: Mapping, as_of, vintage: str,
                 config: EvaluationConfig, seed: int):
        # not dict(groupby): dict() would call the GroupBy's .keys, which is a list
        self.groups = {k: g for k, g in observations.groupby(["indicator", "region"], sort=False)}  # noqa: C416
        self.paths_by_key, self.as_of, self.vintage, self.config, self.seed = (
            paths_by_key, as_of, vintage, config, seed)
        self.cache: dict = {}

    def series(self, indicator: str, region: str, cut=None) -> pd.DataFrame | None:
        # the one series rule (cut, then one vintage): a revision not yet published at as_of
        # leaves the first release in its place, not an empty year
        key = (indicator, region, cut)
        if key not in self.cache:
            g = self.groups.get((indicator, region))
            self.cache[key] = None if g is None else select_series(g, indicator, region, cut, self.vintage)
        return self.cache[key]

    def evaluate(self, t: Target, facts: IndicatorFacts) -> tuple[dict, object]:
        """One goal's row, and its PathJudge (keyed by the series its paths are of) or None."""
        added = t.indicator + self.config.flow_suffix
        changes_a_stock = t.type in ("net_increase", "cumulative") and not facts.is_flow
        hist = self.series(t.indicator, t.region, self.as_of)
        flow = self.series(added, t.region, self.as_of) if changes_a_stock else None
        paths, years = _as_paths(self.paths_by_key.get((t.indicator, t.region)))
        paths_are_flow = False
        if paths is None and changes_a_stock:
            paths, years = _as_paths(self.paths_by_key.get((added, t.region)))
            paths_are_flow = paths is not None
        rng = np.random.default_rng([int(self.seed), zlib.crc32(t.id.encode())])
        rec = evaluate_goal(t, hist, facts, as_of=self.as_of, paths=paths, path_years=years,
                            paths_are_flow=paths_are_flow, flow_history=flow, config=self.config, rng=rng)
        rec.pop("method_results", None)
        judge = rec.pop("path_judge", None)
        if judge is not None:
            judge = replace(judge, key=(added if paths_are_flow else t.indicator, t.region))
        # which release, and what decided the information set: publication dates or years
        rec["data_vintage"] = self.vintage
        rec["cut_rule"] = cut_rule(hist) if hist is not None and self.as_of is not None else ""
        if self.as_of is not None and t.evaluable:
            # the outcome is judged on everything known now, read in the same vintage
            full_flow = self.series(added, t.region) if flow is not None else None
            _backtest(rec, t, self.series(t.indicator, t.region), full_flow, facts, self.as_of, self.config)
        return rec, judge


def _as_paths(obj) -> tuple:
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
    return p, y  # evaluate_goal converts and checks them (steps.checked_paths)


def _backtest(rec, target, hist, flow, facts, as_of, config) -> None:
    """Fill observed_outcome / call_correct when data after ``as_of`` settle the goal."""
    spec = measure_spec(target, facts.is_flow)
    if max(spec.years) <= as_of:
        return
    # everything known now: the goal's own series, else (stocks) its reported additions
    seen = settle_from_observations(read_goal(target, hist, flow, facts, None))
    if seen.settled is None:
        return
    rec["observed_outcome"] = seen.lo if np.isfinite(seen.lo) else seen.hi
    rec["observed_met"] = bool(seen.settled)
    p = rec.get("p_attain", np.nan)
    if rec.get("status") != "insufficient_data" and np.isfinite(p):
        rec["call_correct"] = bool((p >= config.headline.call) == seen.settled)
