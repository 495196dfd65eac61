"""What the explorer keeps between changes (:class:`ExplorerState`) and how a change of the
controls reaches it (:func:`set_knobs`)."""

from __future__ import annotations

import hashlib
from dataclasses import asdict

import pandas as pd

from .. import checks
from ..errors import XtForecastError
from ..i18n import LANGS, goal_label, t
from ..inputs import Inputs
from ..knobs import KNOB_FIELDS, Knobs
from ..knobs import knob_operations as _knob_operations
from ..observations import known_by, known_from
from ..projection import MemoProjector
from ..scenarios.engine import plan_horizon
from ..scenarios.spec import _default_region, scenario_files
from ..suggest import did_you_mean
from ..targets import Plan

#: The scenario the explorer starts from when none is named, the first that exists: the
#: plan-vantage baseline (as_of 2019), where the report's first vintage family starts, so the
#: explorer's first chart is the report's; ``baseline`` for a scenario directory without it.
#: (``baseline`` itself runs on the latest data, past the plan's horizon: the explorer can
#: only start it a year before the horizon, a vintage no report uses.)
START_SCENARIOS = ("baseline_2019", "baseline")

#: Paths per series in the explorer: the shipped scenarios' own number, so the explorer and
#: the batch reports speak of the same P(attain) (+-0.011 at p = 0.5).
DEFAULT_N_SIMS = 2000

#: What :func:`set_knobs` accepts besides the knobs themselves.
CONTROLS = ("goal", "scenario", "as_of", "lang")

#: The observation columns the data hash is taken over.
_HASH_COLUMNS = ["indicator", "region", "year", "value", "bound"]


def label(key: str, lang: str = "zh") -> str:
    """An explorer word in ``lang`` (``zh`` or ``en``): ``explore.<key>`` of the vocabulary
    (:mod:`xtforecast.i18n.explore`).

    Raises
    ------
    XtForecastError
        For a language other than ``zh`` or ``en`` (a control's value, so the explorer's own
        error, which the page shows).
    """
    if lang not in LANGS:
        raise XtForecastError(f"lang must be 'zh' or 'en', got {lang!r}; use 'zh' (中文) or 'en'")
    return t(f"explore.{key}", lang)


def goal_words(target, lang: str) -> str:
    """A goal's words in ``lang`` (its label, else its quoted text in Chinese, else its id):
    :func:`xtforecast.i18n.goal_label`, the one rule the explorer, the report and the sweep
    page share."""
    return goal_label(target, lang)


def _hashed(obs: pd.DataFrame) -> pd.DataFrame:
    """``obs`` with its data hash set: the engine hashes the data for provenance on every run
    unless told, and once is enough."""
    if not obs.attrs.get("data_hash"):
        cols = [c for c in _HASH_COLUMNS if c in obs.columns]
        obs.attrs["data_hash"] = hashlib.sha256(obs[cols].to_csv(index=False).encode()).hexdigest()
    return obs


class ExplorerState:
    """Everything the explorer keeps between changes: data, the base scenario, the cache of
    baseline paths and the current knobs.

    Parameters
    ----------
    scenario : str or path, optional
        The scenario to start from (a name in ``scenarios_dir`` or a path); default the first
        of :data:`START_SCENARIOS` in ``scenarios_dir``.
    goal : str, optional
        Goal id; default the plan's first evaluable goal.
    as_of : int, optional
        Data vintage; default the scenario's (``latest`` = the last year in the data).
    lang : {"zh", "en"}
    n_sims : int
        Paths per series (default 2,000, the shipped scenarios' number).
    seed : int, optional
        Default: the scenario's seed.
    data_dir : path, optional
        A directory laid out like ``data/`` (observations.csv, indicators.yaml, regions.yaml,
        targets/); default the bundled data.
    scenarios_dir : path, optional
        Where scenario names are looked up and saved; default ``scenarios/``.
    obs, catalog, plan : optional
        Ready objects instead of files.
    inputs : xtforecast.inputs.Inputs, optional
        The inputs a caller already loaded (``data_dir``, ``scenarios_dir``, ``obs`` and
        ``catalog`` are then theirs: give those or ``inputs``, not both).
    projector : callable, optional
        Stand-in for :func:`xtforecast.projection.project_series` (tests).

    Examples
    --------
    >>> state = ExplorerState("covid_shock", goal="rd_intensity_2022")   # doctest: +SKIP
    >>> update(state, growth_pp=1.0).p_attain                           # doctest: +SKIP
    """

    def __init__(self, scenario=None, *, goal: str | None = None, as_of: int | None = None,
                 lang: str = "zh", n_sims: int = DEFAULT_N_SIMS, seed: int | None = None,
                 data_dir=None, scenarios_dir=None, obs=None, catalog=None, plan=None,
                 projector=None, inputs: Inputs | None = None):
        label("goal", lang)  # validates lang
        checks.require(checks.n_sims(n_sims), "n_sims")
        self.inputs = Inputs.of_call(inputs, "ExplorerState", obs=obs, catalog=catalog,
                                     data_dir=data_dir, scenarios_dir=scenarios_dir)
        self.targets_dir = self.inputs.paths.targets_dir
        self.scenarios_dir = self.inputs.paths.scenarios_dir
        self.catalog = self.inputs.catalog
        self.obs = _hashed(self.inputs.observations)
        # the gap layer groups the observations it is given on every call; handing it only
        # the goal's series (see obs_for) is what keeps one change in milliseconds
        # not dict(groupby): dict() would call the GroupBy's .keys, which is a list
        self._groups = {k: g for k, g in self.obs.groupby(["indicator", "region"], sort=False)}  # noqa: C416
        self._obs_subsets: dict[frozenset, pd.DataFrame] = {}
        self.latest_year = int(self.obs["year"].max())
        self.n_sims = int(n_sims)
        self._seed_override = seed
        self.lang = lang
        #: the engine's projector, memoised: model fitting happens once per series and vintage
        self.projector = MemoProjector(self.obs, self.catalog, projector)
        #: what it takes, per scenario, goal and vintage (:func:`~xtforecast.explore.view.
        #: what_it_takes_here`)
        self.takes_cache: dict[tuple, dict | None] = {}
        self._fixed_plan = plan
        self.knobs = Knobs()
        if scenario is None:
            scenario = next((n for n in START_SCENARIOS
                             if (self.scenarios_dir / f"{n}.yaml").is_file()), START_SCENARIOS[-1])
        self.set_scenario(scenario)
        # a scenario on all the data ('as_of: latest') may end after the plan's horizon; the
        # explorer then starts from the last vintage that still leaves a year to project
        self.as_of = int(as_of) if as_of is not None else min(self.scenario_as_of, self.horizon - 1)
        self.goal_id = goal or self.default_goal()
        self.goal  # noqa: B018 - validates the goal id now, with the list of ids on error

    # -- scenario and plan -----------------------------------------------------------------
    def set_scenario(self, scenario) -> None:
        """Start from another scenario (its plan, vintage, seed and operations)."""
        # through the inputs: switching back to a scenario's plan does not read it again
        self.spec = self.inputs.scenario(scenario)
        plan = self._fixed_plan
        if not isinstance(plan, Plan):
            plan = self.inputs.plan(plan or self.spec.plan)
        self.plan = plan
        self.goals = {g.id: g for g in plan.targets}
        self.seed = int(self.spec.seed if self._seed_override is None else self._seed_override)
        # one horizon for every goal: the baseline paths (and so P) must be the very draws a
        # batch run of the whole plan makes, and a path's draws depend on its length
        self.horizon = plan_horizon(self.spec, plan)
        # operations without a region act on the plan's city; fixed here because the engine
        # would otherwise derive it from the one-goal plan update() hands it
        self.region = self.spec.region or _default_region(plan, self.catalog)

    @property
    def scenario_as_of(self) -> int:
        """The base scenario's vintage (``latest`` resolved to the last year in the data)."""
        return int(self.spec.as_of) if self.spec.as_of is not None else self.latest_year

    @property
    def goal(self):
        """The current goal (a :class:`~xtforecast.targets.Target`)."""
        g = self.goals.get(self.goal_id)
        if g is None:
            raise XtForecastError(f"no goal '{self.goal_id}' in plan '{self.plan.id}'."
                                  f"{did_you_mean(str(self.goal_id), self.goals)} Known goals: "
                                  f"{', '.join(self.goals)}")
        return g

    def default_goal(self) -> str:
        """The plan's first evaluable goal whose series can be projected at ``as_of`` (a
        model accepts its points), goals still ahead of ``as_of`` first; else the first whose
        series is observed by then; else the first evaluable goal. Sparse city series make
        the first goal of a plan often one the models refuse, and a first view of
        "insufficient data" explores nothing; nor does a goal whose year has passed (at the
        2021 vantage, "net +80 high-tech enterprises in 2020" is settled by the 2020 figure,
        and no knob moves it)."""
        evaluable = [g for g in self.plan.targets if g.evaluable]
        if not evaluable:
            raise XtForecastError(f"plan '{self.plan.id}' has no evaluable goal to explore; "
                                  "mark one 'evaluable: true' or choose another plan")
        # stable: plan order within "still ahead" and within "year passed"
        evaluable.sort(key=lambda g: g.target_year is not None and g.target_year <= self.as_of)
        observed = [g for g in evaluable if self._observed_by_as_of(g)]
        for g in observed:
            # fits the model once; the projection stays in the cache for the first update
            proj = self.projector(self.projector.frame(self.spec.known_from), self.catalog,
                                  g.indicator, g.region, as_of=self.as_of,
                                  end_year=self.horizon, n_sims=self.n_sims, seed=self.seed)
            if proj.paths is not None:
                return g.id
        return (observed or evaluable)[0].id

    def _observed_by_as_of(self, goal) -> bool:
        # the projections' rule, the scenario's known_from: by default a figure counts from its
        # publication, so Xingtai's 2019 stock, derived from a 2021 bulletin, is not known at
        # the 2019 vantage; under 'year' (the plan's authors) it is
        keys = ((goal.indicator, goal.region), (goal.indicator + "_added", goal.region))
        rule = self.spec.known_from
        return any(self._groups.get(k) is not None
                   and known_by(known_from(self._groups[k], rule), self.as_of).any() for k in keys)

    def goal_options(self, lang: str | None = None) -> list[tuple[str, str]]:
        """``(words, id)`` of every goal, for a dropdown."""
        lang = lang or self.lang
        words = {g.id: goal_words(g, lang) for g in self.plan.targets}
        # a goal with no words in this language is named by its id, once
        return [(g.id if words[g.id] == g.id else f"{g.id} — {words[g.id]}", g.id)
                for g in self.plan.targets]

    def scenario_options(self) -> list[str]:
        """Names of the scenarios in ``scenarios_dir``."""
        return [f.stem for f in scenario_files(self.scenarios_dir)]

    def year_range(self) -> tuple[int, int]:
        """Years a knob may act on: ``as_of + 1`` .. horizon."""
        return self.as_of + 1, self.horizon

    def vintage_range(self) -> tuple[int, int]:
        """Vintages the ``as_of`` slider offers: from the first observed year + 2 (a model needs
        points) to the year before the horizon."""
        lo = int(self.obs["year"].min()) + 2
        return min(lo, self.scenario_as_of), min(self.latest_year, self.horizon - 1)

    # -- the cache of baseline paths -------------------------------------------------------
    @property
    def cache_hits(self) -> int:
        """Projections answered from the cache (no model fitted)."""
        return self.projector.hits

    @property
    def cache_misses(self) -> int:
        """Projections drawn (a model fitted)."""
        return self.projector.misses

    def clear_cache(self) -> None:
        """Forget the cached baseline paths and what-it-takes figures (after the data changed)."""
        self.projector.clear()
        self.takes_cache.clear()

    def obs_for(self, targets, operations) -> pd.DataFrame:
        """The observations a run of these goals and operations reads: each goal's series and
        its additions (``<indicator>_added``), each operation's series and reference series."""
        keys = set()
        for g in targets:
            keys |= {(g.indicator, g.region), (g.indicator + "_added", g.region)}
        for op in operations:
            keys.add((op.indicator, op.region or self.region))
            if op.params.get("reference_region"):
                keys.add((op.indicator, op.params["reference_region"]))
        key = frozenset(keys)
        sub = self._obs_subsets.get(key)
        if sub is None:
            parts = [self._groups[k] for k in sorted(keys, key=str) if k in self._groups]
            sub = pd.concat(parts) if parts else self.obs.iloc[:0]
            sub.attrs["data_hash"] = self.obs.attrs["data_hash"]
            self._obs_subsets[key] = sub
        return sub


# -- controls -> state ------------------------------------------------------------------------

def knob_operations(state: ExplorerState, knobs: Knobs | None = None) -> tuple[list[dict], list[str]]:
    """The knobs as scenario operations on the current goal's series
    (:func:`xtforecast.knobs.knob_operations` with the explorer's goal and years)."""
    return _knob_operations(state.goal, knobs or state.knobs, state.year_range(), state.catalog)


def set_knobs(state: ExplorerState, changes: dict) -> None:
    """Apply control changes (``goal``, ``scenario``, ``as_of``, ``lang`` and the knobs of
    :data:`~xtforecast.knobs.KNOB_FIELDS`) to ``state``; a refused goal leaves the old one.

    Raises
    ------
    XtForecastError
        For an unknown control, goal, scenario or language, or an ``as_of`` that is not a year
        before the horizon.
    """
    unknown = [k for k in changes if k not in KNOB_FIELDS + CONTROLS]
    if unknown:
        raise XtForecastError(f"unknown knob(s) {unknown}.{did_you_mean(unknown[0], KNOB_FIELDS)} "
                              f"Knobs: goal, scenario, as_of, lang, {', '.join(KNOB_FIELDS)}")
    if changes.get("lang") is not None:
        label("goal", changes["lang"])
        state.lang = changes["lang"]
    if changes.get("scenario") is not None:
        state.set_scenario(changes["scenario"])
    if changes.get("goal") is not None:
        old = state.goal_id
        state.goal_id = changes["goal"]
        try:
            state.goal  # noqa: B018 - validate
        except XtForecastError:
            state.goal_id = old
            raise
    if changes.get("as_of") is not None:
        state.as_of = _vintage(changes["as_of"], state.horizon)
    kn = asdict(state.knobs)
    kn.update({k: v for k, v in changes.items() if k in KNOB_FIELDS})
    state.knobs = Knobs(**kn)


def _vintage(a, horizon: int) -> int:
    checks.require(checks.year(a), "as_of")
    if not a < horizon:
        raise XtForecastError(f"as_of {a} leaves nothing to project: the horizon is "
                              f"{horizon}. Choose a year before it")
    return int(a)
