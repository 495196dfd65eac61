"""The city back-test: every past vintage the data allow, projected and scored.

For every past data vintage (``as_of`` = the plan's base year, the year after, ...),
:func:`city_backtest` projects every evaluable goal with only the observations up to that
year, then compares with the observations that came later. A city plan has a handful of goals
and a few years, so this is a handful of outcomes: enough to spot a gross failure, far too few
to judge calibration (that is what :mod:`.m3` is for).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from ..errors import XtForecastError
from ..inputs import Inputs
from ..scenarios import ScenarioSpec
from ..targets import Plan
from .calls import (
    CALL_COLUMNS,
    by_horizon,
    calls_from_summary,
    goal_outcomes,
    mark_distinct,
    out_of_sample_base_rate,
    score_calls,
)
from .naive import naive_calls
from .scores import reliability_table
from .words import statement, too_few_sentence, verdict_sentence


@dataclass
class CityBacktest:
    """Result of :func:`city_backtest`.

    Attributes
    ----------
    calls : pandas.DataFrame
        One row per (vintage, goal), :data:`CALL_COLUMNS`. ``scored`` marks the rows that
        count: a projected call (P from paths or a bridge, not already settled by data at the
        vintage) with an observed outcome.
    scores : pandas.DataFrame
        One row per vintage (every scored row of it) and an ``all`` row (the distinct calls
        only): :func:`score_calls`.
    horizons : pandas.DataFrame
        :func:`by_horizon`: the distinct calls' scores per years-to-target, with the coin,
        "always met", out-of-sample base rate and naive rule on the same calls.
    reliability : pandas.DataFrame
        :func:`reliability_table` of the distinct calls (5 bins: there are few).
    vintages : list of int
    scenario : str
    n_sims, seed : int
    vintage : {"latest", "first_release"}
        Which release of each figure the calls and outcomes were read from.
    """

    calls: pd.DataFrame
    scores: pd.DataFrame
    vintages: list[int]
    scenario: str
    n_sims: int
    seed: int
    notes: list[str] = field(default_factory=list)
    horizons: pd.DataFrame = field(default_factory=pd.DataFrame)
    reliability: pd.DataFrame = field(default_factory=pd.DataFrame)
    vintage: str = "latest"

    @property
    def n_distinct(self) -> int:
        """Number of distinct calls (one per goal and information set)."""
        if not len(self.calls):
            return 0
        return int((self.calls["scored"].astype(bool) & self.calls["distinct"].astype(bool)).sum())

    @property
    def n_scored(self) -> int:
        """Number of scored (vintage, goal) calls."""
        return int(self.calls["scored"].sum()) if len(self.calls) else 0

    @property
    def n_goals_scored(self) -> int:
        """Number of distinct goals with a scored call: the number of real outcomes (calls on
        one goal from several vintages share its one outcome and are not independent)."""
        if not len(self.calls):
            return 0
        s = self.calls[self.calls["scored"].astype(bool)]
        return int(len(s[["plan", "target_id"]].drop_duplicates()))

    def statement(self, lang: str = "zh") -> str:
        """The verdict per horizon (:func:`verdict_sentence`), then :func:`too_few_sentence`."""
        verdict = verdict_sentence(self.horizons, lang) if len(self.horizons) else ""
        few = too_few_sentence(self.n_goals_scored, lang, n_calls=self.n_distinct)
        return statement(verdict, few, lang)


#: Columns of :func:`vantage_calls`.
VANTAGE_COLUMNS = ["plan", "as_of", "target_id", "target_year", "p_attain", "status",
                   "projected_median", "observed_outcome", "observed_met", "naive_p"]


def vantage_calls(bt: CityBacktest) -> pd.DataFrame:
    """What the package said at each plan's own vantage (its first vintage, the plan's base
    year unless the caller chose vintages) beside what happened, for the goals with an outcome.

    Returns
    -------
    pandas.DataFrame
        :data:`VANTAGE_COLUMNS`, one row per scored goal of each plan at that vintage.
    """
    c = bt.calls
    if not len(c):
        return pd.DataFrame(columns=VANTAGE_COLUMNS)
    first = c.groupby("plan")["as_of"].transform("min")
    rows = c[(c["as_of"] == first) & c["scored"].astype(bool)]
    return rows[VANTAGE_COLUMNS].reset_index(drop=True)


def available_vintages(obs: pd.DataFrame, plan, *, first: int | None = None) -> list[int]:
    """Every past vintage the data allow for a plan.

    A year ``v`` qualifies when it is at or after the plan's base year (its vantage point;
    ``first`` overrides) and at least one evaluable goal ends after ``v`` in a year whose
    series is observed, so that a call made with data up to ``v`` can be checked.

    Parameters
    ----------
    obs : pandas.DataFrame
        Observations (:func:`xtforecast.observations.load_observations`).
    plan : xtforecast.targets.Plan
    first : int, optional
        Earliest vintage; default the plan's ``base_year`` (else the earliest goal base year,
        else the first observed year).

    Returns
    -------
    list of int
        Sorted; empty when no goal can be checked yet.
    """
    goals = [t for t in plan.targets if t.evaluable]
    if first is None:
        first = plan.base_year or min((t.base_year for t in goals if t.base_year), default=None)
    if first is None:
        first = int(obs["year"].min())
    observed = {k: set(g["year"].astype(int)) for k, g in obs.groupby(["indicator", "region"])}
    out = set()
    for t in goals:
        years = observed.get((t.indicator, t.region), set()) | observed.get(
            (t.indicator + "_added", t.region), set())
        if int(t.target_year) in years:
            out.update(range(int(first), int(t.target_year)))
    latest = int(obs["year"].max())
    return sorted(v for v in out if v < latest)


def city_backtest(inputs: Inputs | None = None, *, vintages: Sequence[int] | None = None,
                  scenario="baseline", n_sims: int | None = None, seed: int | None = None,
                  plan=None, projector=None, vintage: str = "latest", obs=None, catalog=None,
                  data_dir=None, targets_dir=None, scenarios_dir=None) -> CityBacktest:
    """Project every evaluable goal at each past vintage and score the calls.

    Parameters
    ----------
    inputs : xtforecast.inputs.Inputs, optional
        The catalog, observations, plans and scenarios of the run, read once where the run
        starts; default those of ``data_dir``, ``targets_dir`` and ``scenarios_dir``.
    vintages : sequence of int, optional
        Data vintages (``as_of``); default :func:`available_vintages`.
    scenario : str, path or ScenarioSpec
        The assumptions of each run; default ``baseline`` (the models' own paths).
    n_sims, seed : int, optional
        Override the scenario's values.
    plan : Plan, str or "all", optional
        Default: the scenario's plan; ``"all"``: every plan of the inputs' targets directory,
        each from its own vintages (a city's plans together give more outcomes than one).
    projector : callable, optional
        Stand-in for :func:`xtforecast.projection.project_series` (tests).
    vintage : {"latest", "first_release"}
        Which release of each figure every call, naive rule and outcome is read from
        (:data:`xtforecast.observations.VINTAGE_RULES`).
    obs, catalog, data_dir, targets_dir, scenarios_dir : optional
        Without ``inputs``: observations and catalog already in memory, else those of
        ``data_dir`` (default the bundled data); where plans and scenarios are looked up.

    Returns
    -------
    CityBacktest

    Raises
    ------
    XtForecastError
        When a requested vintage is not before the latest observed year (nothing to score),
        or ``inputs`` comes with pieces that would replace its own.
    """
    inputs = Inputs.of_call(inputs, "city_backtest", obs=obs, catalog=catalog, data_dir=data_dir,
                            targets_dir=targets_dir, scenarios_dir=scenarios_dir)
    spec = scenario if isinstance(scenario, ScenarioSpec) else inputs.scenario(
        scenario, check_plan=plan is None)
    if plan == "all":
        plans = inputs.plans()
    else:
        plans = [plan if isinstance(plan, Plan) else inputs.plan(plan or spec.plan)]
    obs = inputs.observations
    _check_past(vintages, int(obs["year"].max()))
    runs = []
    for pl in plans:
        # each plan from its own vantage point unless the caller fixed the vintages
        vs = available_vintages(obs, pl) if vintages is None else vintages
        runs += [_vintage_run(inputs, spec, pl, v, n_sims=n_sims, seed=seed,
                              projector=projector, vintage=vintage)
                 for v in sorted(int(v) for v in vs)]
    return _assemble(runs, spec, n_sims=n_sims, seed=seed, vintage=vintage)


def _check_past(vintages, latest: int) -> None:
    """Refuse a vintage with nothing observed after it."""
    bad = [v for v in vintages or () if int(v) >= latest]
    if bad:
        raise XtForecastError(
            f"vintage(s) {bad} are not in the past: the data end in {latest}, so nothing after "
            f"them is observed to score against. Use vintages before {latest}")


@dataclass
class _VintageRun:
    """One plan's calls at one vintage, and what its scenario run used."""

    as_of: int
    calls: pd.DataFrame
    notes: list[str]
    n_sims: int
    seed: int


def _vintage_run(inputs: Inputs, spec, plan, as_of: int, **options) -> _VintageRun:
    """Run the scenario on the data up to ``as_of`` and turn its summary into calls."""
    res = inputs.run(spec, plan=plan, as_of=as_of, **options)
    c = calls_from_summary(res.summary, as_of, plan.id)
    c["naive_p"] = c["target_id"].map(naive_calls(plan, inputs.observations, as_of,
                                                  inputs.catalog, options["vintage"]))
    return _VintageRun(as_of, c, [f"{plan.id} as_of {as_of}: {n}" for n in res.notes],
                       res.provenance["n_sims"], res.provenance["seed"])


def _assemble(runs: list[_VintageRun], spec, *, n_sims, seed, vintage) -> CityBacktest:
    """The calls of every run, marked and scored, as a :class:`CityBacktest`."""
    vintages = sorted({r.as_of for r in runs})
    calls = (pd.concat([r.calls for r in runs], ignore_index=True) if runs
             else pd.DataFrame(columns=CALL_COLUMNS))
    if len(calls):
        calls = mark_distinct(calls)
        outcomes = goal_outcomes(calls)
        calls["base_rate"] = [out_of_sample_base_rate(outcomes, v) for v in calls["as_of"]]
    rows = [{"as_of": str(v), **score_calls(calls[calls["as_of"] == v])} for v in vintages]
    rows.append({"as_of": "all", **score_calls(calls, distinct_only=True)})
    d = calls[calls["scored"].astype(bool) & calls["distinct"].astype(bool)] if len(calls) else calls
    # what the last run used (the scenario's values unless overridden); with no run, those
    last = runs[-1] if runs else None
    used_sims = last.n_sims if last else n_sims or spec.n_sims
    used_seed = last.seed if last else seed if seed is not None else spec.seed
    return CityBacktest(calls, pd.DataFrame(rows), vintages, spec.name, int(used_sims),
                        int(used_seed), [n for r in runs for n in r.notes],
                        by_horizon(calls) if len(calls) else pd.DataFrame(),
                        reliability_table(d["p_attain"].to_numpy(float) if len(d) else [],
                                          d["observed_met"].astype(float).to_numpy() if len(d) else [],
                                          bins=5),
                        vintage)
