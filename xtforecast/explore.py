"""The interactive explorer: the widget callbacks as plain, testable functions.

``notebooks/explore.ipynb`` shows one goal at a time: pick the goal, the scenario to start
from, move the knobs (a growth shift, a shock of chosen size and year, a change of the
city/province ratio), the data vintage ``as_of`` and the language, and see the fan chart with
the goal, P(attain), the required growth and each method's status. A button saves the knobs as
a new ``scenarios/<name>.yaml`` that ``xtforecast scenarios check`` accepts, so a finding made
by hand becomes a batch report.

Why it is fast (well under a second per change at 2,000 paths):

* baseline paths are drawn once per ``(series, as_of, horizon, n_sims, seed)`` and cached in
  :class:`ExplorerState` (model fitting is the slow part, and knobs never change it);
* the knobs become ordinary scenario operations appended to the base scenario's own, applied
  by the scenario engine as vectorized numpy operations on the cached arrays;
* only the chosen goal (plus any goal a ``target_path`` operation names) is re-evaluated.

Why it agrees with the batch run: the explorer runs the *same* engine
(:func:`xtforecast.scenarios.run`) with the same seed, ``n_sims``, ``as_of`` and horizon, and
baseline streams are keyed by ``(seed, indicator, region)`` and bridge streams by ``(seed, goal
id)``. So the saved scenario, run in batch, gives exactly the P(attain) the explorer showed.

Functions: :class:`ExplorerState`, :func:`update` -> :class:`ExplorerView`, :func:`draw`,
:func:`knobs_to_scenario_yaml`, :func:`save_scenario`, and :func:`app` (the ipywidgets UI,
which only wires these together).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
import re
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import XtForecastError
from .knobs import KNOB_DECIMALS, KNOB_FIELDS, Knobs  # part of the explorer API
from .knobs import as_operations as _as_operations
from .knobs import knob_operations as _knob_operations

#: The scenario the explorer starts from when none is named, the first that exists: the
#: plan-vantage baseline (as_of 2019), where the report's first vintage family starts, so the
#: explorer's first chart is the report's; ``baseline`` for a scenario directory without it.
#: (``baseline`` itself runs on the latest data, past the plan's horizon: the explorer can
#: only start it a year before the horizon, a vintage no report uses.)
START_SCENARIOS = ("baseline_2019", "baseline")

#: Paths per series in the explorer: the shipped scenarios' own number, so the explorer and
#: the batch reports speak of the same P(attain) (+-0.011 at p = 0.5).
DEFAULT_N_SIMS = 2000

#: Explorer words, zh first (the shared i18n table holds the summary vocabulary).
LABELS = {
    "goal": ("目标", "Goal"),
    "scenario": ("起始情景", "Start from scenario"),
    "as_of": ("数据截止年份", "Data vintage (as_of)"),
    "lang": ("语言", "Language"),
    "growth_pp": ("增速调整（百分点/年）", "Growth shift (pp a year)"),
    "growth_from": ("增速调整起始年", "Growth shift from"),
    "shock_depth": ("冲击幅度（%）", "Shock depth (%)"),
    "shock_year": ("冲击年份", "Shock year"),
    "shock_recovery": ("恢复年数", "Recovery (years)"),
    "ratio_pp": ("与省比值变化（百分点）", "City/province ratio change (pp)"),
    "ratio_from": ("比值变化起始年", "Ratio change from"),
    "save": ("保存为情景", "Save as scenario"),
    "name": ("情景名称", "Scenario name"),
    "p_attain": ("达标概率", "P(attain)"),
    "status": ("总体判断", "Status"),
    "required": ("所需年均增速（自最新年）", "Required growth from latest"),
    "required_base": ("所需年均增速（自基期）", "Required growth from base"),
    "median": ("目标年预测中位数", "Projected median in the target year"),
    "methods": ("各方法判断", "Status under each method"),
    "saved": ("已保存并通过检查：", "Saved and checked: "),
    "error": ("无法计算：", "Cannot compute: "),
    # the web page (app)
    "title": ("目标达成情况探索", "Goal explorer"),
    "save_error": ("无法保存：", "Not saved: "),
    "name_taken": ("名称“{name}”已被占用（{path}）。已填入空闲的名称“{free}”，再按一次“保存为情景”即可；"
                   "若要替换原文件，请先删除它。",
                   "The name '{name}' is taken ({path}). A free name, '{free}', is filled in: press "
                   "'Save as scenario' again. To replace the old file, delete it first."),
    "name_invalid": ("名称“{name}”不能用作文件名：只能用小写字母、数字和下划线，并以字母开头。已填入"
                     "建议名称“{free}”，再按一次“保存为情景”即可。",
                     "'{name}' cannot be a file name: use lower-case letters, digits and '_', "
                     "starting with a letter. '{free}' is filled in: press 'Save as scenario' again."),
    "growth_years": ("增速调整作用于 {lo}–{hi} 年（{n} 年）",
                     "The growth shift acts on {lo}–{hi} ({n} year{s})"),
    "growth_gap": ("；数据止于 {last} 年，{gap} 年按模型推算、不受调整",
                   "; the data end in {last}, so {gap} is projected without it"),
    "check_hint": ("可用 xtforecast scenarios check 复查，xtforecast report -s {name} 生成报告。",
                   "Check it with xtforecast scenarios check; report it with xtforecast report -s {name}."),
}


def label(key: str, lang: str = "zh") -> str:
    """An explorer word in ``lang`` (``zh`` or ``en``)."""
    if lang not in ("zh", "en"):
        raise XtForecastError(f"lang must be 'zh' or 'en', got {lang!r}; use 'zh' (中文) or 'en'")
    return LABELS[key][0 if lang == "zh" else 1]


@dataclass
class ExplorerView:
    """What the explorer shows after one change.

    Attributes
    ----------
    goal_id, scenario : str
        The goal and the base scenario.
    lang : str
    as_of, horizon : int
    target : xtforecast.targets.Target
    label : str
        The goal's words in ``lang``.
    history : pandas.DataFrame
        Observations used (``year``, ``value``, ``bound``).
    years : numpy.ndarray
        Projected years.
    paths : numpy.ndarray or None
        ``(n_sims, len(years))`` after the base scenario's operations and the knobs.
    p_attain : float
    status : str
        Headline status (``on_track`` ...); ``status_label`` is it in words.
    status_label : str
    required_growth : float
        Required yearly growth from the latest observation (a fraction; NaN if none).
    required_growth_base : float
        From the goal's base year (the ``required_cagr`` summary column).
    projected_median : float
    method_statuses : dict
        ``method -> class`` for every registered method.
    method_labels : dict
        The same in words: ``method name in lang -> class in lang``.
    operations : list of str
        The knob operations applied (as the engine describes them).
    row : pandas.Series
        The goal's full summary row.
    notes : list of str
        What the engine or the explorer had to decide (a year moved into range, ...).
    error : str or None
        Set when the knobs cannot be applied (a knob contradicting the base scenario's
        ``hold``, ...); the numbers are then NaN.
    """

    goal_id: str
    scenario: str
    lang: str
    as_of: int
    horizon: int
    target: object
    label: str
    history: pd.DataFrame
    years: np.ndarray
    paths: np.ndarray | None
    p_attain: float = float("nan")
    status: str = ""
    status_label: str = ""
    required_growth: float = float("nan")
    required_growth_base: float = float("nan")
    projected_median: float = float("nan")
    method_statuses: dict = field(default_factory=dict)
    method_labels: dict = field(default_factory=dict)
    operations: list = field(default_factory=list)
    row: pd.Series | None = None
    notes: list = field(default_factory=list)
    error: str | None = None
    knobs: Knobs = field(default_factory=Knobs)
    takes: dict | None = None

    def text(self) -> str:
        """The numbers as lines of text in the view's language (for the notebook and logs)."""
        lg = self.lang
        if self.error:
            return label("error", lg) + self.error
        def pct(v):
            return "—" if v is None or not np.isfinite(v) else f"{100 * v:.1f}%"
        lines = [
            f"{self.label}",
            f"{label('p_attain', lg)}: {'—' if not np.isfinite(self.p_attain) else f'{self.p_attain:.3f}'}"
            f"   {label('status', lg)}: {self.status_label}",
            f"{label('required', lg)}: {pct(self.required_growth)}   "
            f"{label('required_base', lg)}: {pct(self.required_growth_base)}",
            f"{label('median', lg)}: {_num(self.projected_median)}",
            f"{label('methods', lg)}: " + "; ".join(f"{k}: {v}" for k, v in self.method_labels.items()),
        ]
        if self.takes is not None:
            lines.append(takes_line(self.takes, lg))
        return "\n".join(lines)


def _num(v) -> str:
    try:
        v = float(v)
    except (TypeError, ValueError):
        return str(v)
    return "—" if not np.isfinite(v) else f"{v:,.4g}"


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
                 projector=None):
        from . import config
        from .catalog import load_catalog
        from .observations import load_observations
        from .projection import project_series

        label("goal", lang)  # validates lang
        if not isinstance(n_sims, (int, np.integer)) or isinstance(n_sims, bool) or n_sims < 1:
            raise XtForecastError(f"n_sims must be a positive whole number of paths, got {n_sims!r}")
        data_dir = Path(data_dir) if data_dir else config.DATA_DIR
        self.data_dir = data_dir
        self.targets_dir = data_dir / "targets"
        self.scenarios_dir = Path(scenarios_dir) if scenarios_dir else config.SCENARIOS_DIR
        self.catalog = catalog or load_catalog(data_dir / "indicators.yaml", data_dir / "regions.yaml")
        if obs is None:
            obs = load_observations(data_dir / "observations.csv", self.catalog)
        if not obs.attrs.get("data_hash"):
            # the engine hashes the data for provenance on every run unless told; once is enough
            cols = ["indicator", "region", "year", "value", "bound"]
            obs.attrs["data_hash"] = hashlib.sha256(
                obs[[c for c in cols if c in obs.columns]].to_csv(index=False).encode()).hexdigest()
        self.obs = obs
        # the gap layer groups the observations it is given on every call; handing it only
        # the goal's series (see obs_for) is what keeps one change in milliseconds
        # not dict(groupby): dict() would call the GroupBy's .keys, which is a list
        self._groups = {k: g for k, g in obs.groupby(["indicator", "region"], sort=False)}  # noqa: C416
        self._obs_subsets: dict[frozenset, pd.DataFrame] = {}
        self.latest_year = int(obs["year"].max())
        self.n_sims = int(n_sims)
        self._seed_override = seed
        self.lang = lang
        self._project = projector or project_series
        self._cache: dict[tuple, object] = {}
        self.cache_hits = 0
        self.cache_misses = 0
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
        from .scenarios import load_scenario
        from .targets import Plan, load_plan
        self.spec = load_scenario(scenario, self.catalog, targets_dir=self.targets_dir,
                                  directory=self.scenarios_dir)
        plan = self._fixed_plan
        if not isinstance(plan, Plan):
            plan = load_plan(plan or self.spec.plan, self.catalog, self.targets_dir)
        self.plan = plan
        self.goals = {t.id: t for t in plan.targets}
        self.seed = int(self.spec.seed if self._seed_override is None else self._seed_override)
        # one horizon for every goal: the baseline paths (and so P) must be the very draws a
        # batch run of the whole plan makes, and a path's draws depend on its length
        from .scenarios.engine import plan_horizon
        self.horizon = plan_horizon(self.spec, plan)
        # operations without a region act on the plan's city; fixed here because the engine
        # would otherwise derive it from the one-goal plan update() hands it
        from .scenarios.spec import _default_region
        self.region = self.spec.region or _default_region(plan, self.catalog)

    @property
    def scenario_as_of(self) -> int:
        """The base scenario's vintage (``latest`` resolved to the last year in the data)."""
        return int(self.spec.as_of) if self.spec.as_of is not None else self.latest_year

    @property
    def goal(self):
        """The current goal (a :class:`~xtforecast.targets.Target`)."""
        from .suggest import did_you_mean
        t = self.goals.get(self.goal_id)
        if t is None:
            raise XtForecastError(f"no goal '{self.goal_id}' in plan '{self.plan.id}'."
                                  f"{did_you_mean(str(self.goal_id), self.goals)} Known goals: "
                                  f"{', '.join(self.goals)}")
        return t

    def default_goal(self) -> str:
        """The plan's first evaluable goal whose series can be projected at ``as_of`` (a
        model accepts its points); else the first whose series is observed by then; else the
        first evaluable goal. Sparse city series make the first goal of a plan often one the
        models refuse, and a first view of "insufficient data" explores nothing."""
        evaluable = [t for t in self.plan.targets if t.evaluable]
        if not evaluable:
            raise XtForecastError(f"plan '{self.plan.id}' has no evaluable goal to explore; "
                                  "mark one 'evaluable: true' or choose another plan")
        observed = []
        for t in evaluable:
            keys = ((t.indicator, t.region), (t.indicator + "_added", t.region))
            if any(self._groups.get(k) is not None and (self._groups[k]["year"] <= self.as_of).any()
                   for k in keys):
                observed.append(t)
        for t in observed:
            # fits the model once; the projection stays in the cache for the first update
            proj = self.projector(self.obs, self.catalog, t.indicator, t.region, as_of=self.as_of,
                                  end_year=self.horizon, n_sims=self.n_sims, seed=self.seed)
            if proj.paths is not None:
                return t.id
        return (observed or evaluable)[0].id

    def goal_options(self, lang: str | None = None) -> list[tuple[str, str]]:
        """``(words, id)`` of every goal, for a dropdown."""
        lang = lang or self.lang
        words = {t.id: _goal_words(t, lang) for t in self.plan.targets}
        # a goal with no words in this language is named by its id, once
        return [(t.id if words[t.id] == t.id else f"{t.id} — {words[t.id]}", t.id)
                for t in self.plan.targets]

    def scenario_options(self) -> list[str]:
        """Names of the scenarios in ``scenarios_dir``."""
        from .scenarios.spec import scenario_files
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
    def projector(self, obs, catalog, indicator, region, *, as_of, end_year, n_sims, seed):
        """The engine's projector, cached: model fitting happens once per series and vintage.

        Always projects from the full observations (``obs`` from the engine may be the
        goal's subset; a city series can borrow from its province). The engine never modifies
        a baseline :class:`~xtforecast.projection.Projection` (operations build new arrays),
        so handing out the cached object is safe.
        """
        key = (indicator, region, as_of, end_year, n_sims, seed)
        proj = self._cache.get(key)
        if proj is None:
            self.cache_misses += 1
            proj = self._project(self.obs, catalog, indicator, region, as_of=as_of,
                                 end_year=end_year, n_sims=n_sims, seed=seed)
            self._cache[key] = proj
        else:
            self.cache_hits += 1
        return proj

    def clear_cache(self) -> None:
        """Forget the cached baseline paths (after the data changed)."""
        self._cache.clear()

    def obs_for(self, targets, operations) -> pd.DataFrame:
        """The observations a run of these goals and operations reads: each goal's series and
        its additions (``<indicator>_added``), each operation's series and reference series."""
        keys = set()
        for t in targets:
            keys |= {(t.indicator, t.region), (t.indicator + "_added", t.region)}
        for op in operations:
            reg = op.region or self.region
            keys.add((op.indicator, reg))
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


# -- knobs -> operations ------------------------------------------------------------------------

def knob_operations(state: ExplorerState, knobs: Knobs | None = None) -> tuple[list[dict], list[str]]:
    """The knobs as scenario operations on the current goal's series
    (:func:`xtforecast.knobs.knob_operations` with the explorer's goal and years)."""
    return _knob_operations(state.goal, knobs or state.knobs, state.year_range(), state.catalog)


def _set_knobs(state: ExplorerState, changes: dict) -> None:
    unknown = [k for k in changes if k not in KNOB_FIELDS + ("goal", "scenario", "as_of", "lang")]
    if unknown:
        from .suggest import did_you_mean
        raise XtForecastError(f"unknown knob(s) {unknown}.{did_you_mean(unknown[0], KNOB_FIELDS)} "
                              f"Knobs: goal, scenario, as_of, lang, {', '.join(KNOB_FIELDS)}")
    if "lang" in changes and changes["lang"] is not None:
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
        a = changes["as_of"]
        if isinstance(a, bool) or not isinstance(a, (int, np.integer)):
            raise XtForecastError(f"as_of must be a whole year such as 2019, got {a!r}")
        if not a < state.horizon:
            raise XtForecastError(f"as_of {a} leaves nothing to project: the horizon is "
                                  f"{state.horizon}. Choose a year before it")
        state.as_of = int(a)
    kn = asdict(state.knobs)
    kn.update({k: v for k, v in changes.items() if k in KNOB_FIELDS})
    state.knobs = Knobs(**kn)


def update(state: ExplorerState, **knobs) -> ExplorerView:
    """Apply knob changes and recompute the current goal: the widget callback.

    Parameters
    ----------
    state : ExplorerState
        Updated in place (the knobs persist, the cache fills on first use of a vintage).
    **knobs
        Any of ``goal``, ``scenario``, ``as_of``, ``lang`` and :data:`KNOB_FIELDS`; the others
        keep their values.

    Returns
    -------
    ExplorerView
        ``error`` is set (numbers NaN) when the knobs cannot be combined with the base
        scenario (e.g. a growth shift on a series the scenario holds flat).

    Raises
    ------
    XtForecastError
        For an unknown knob, goal or scenario, or a value of the wrong kind.
    """
    from .scenarios import run
    from .scenarios.engine import goal_targets
    from .scenarios.spec import ScenarioCheckError

    _set_knobs(state, knobs)
    g = state.goal
    lang = state.lang
    op_dicts, notes = knob_operations(state)
    extra = _as_operations(op_dicts, "<explorer>")
    spec = replace(state.spec, operations=tuple(state.spec.operations) + tuple(extra),
                   horizon=state.horizon, region=state.region)
    # only this goal is judged, plus the goals target_path operations take their path from
    targets = goal_targets(state.plan, g.id, spec.operations)
    plan = replace(state.plan, targets=targets)
    view = ExplorerView(goal_id=g.id, scenario=state.spec.name, lang=lang, as_of=state.as_of,
                        horizon=state.horizon, target=g, label=_goal_words(g, lang),
                        history=pd.DataFrame(columns=["year", "value", "bound"]),
                        years=np.arange(0), paths=None, notes=notes,
                        operations=[op.describe() for op in extra], knobs=replace(state.knobs))
    try:
        res = run(spec, as_of=state.as_of, n_sims=state.n_sims, seed=state.seed,
                  obs=state.obs_for(targets, spec.operations),
                  catalog=state.catalog, plan=plan, projector=state.projector)
    except (ScenarioCheckError, XtForecastError) as exc:
        view.error = _short_error(exc)
        return view
    row = res.summary.set_index("target_id").loc[g.id]
    proj = res.paths.get((g.indicator, g.region))
    if proj is not None:
        view.history = proj.history
        view.years = np.asarray(proj.years)
        view.paths = proj.paths
    from .gap import METHODS
    from .i18n import method_class_label, status_label, t
    view.row = row
    view.p_attain = _float(row.get("p_attain"))
    view.status = str(row.get("status") or "")
    view.status_label = status_label(view.status, lang) if view.status else ""
    view.required_growth = _float(row.get("required_cagr_latest"))
    view.required_growth_base = _float(row.get("required_cagr"))
    view.projected_median = _float(row.get("projected_median"))
    view.method_statuses = {m: row.get(f"status_{m}") for m in METHODS}
    view.method_labels = {t(f"method.{m}", lang, default=m):
                          method_class_label(str(v), lang) if isinstance(v, str) else "—"
                          for m, v in view.method_statuses.items()}
    view.notes += list(res.notes)
    view.takes = what_it_takes_here(state)
    return view


def what_it_takes_here(state: ExplorerState) -> dict:
    """What it would take for the current goal under the base scenario (no knob moved): the
    least extra growth for P(attain) >= 0.8, the figure of ``xtforecast what-it-takes`` and of
    the scenario report's column. Cached per scenario, goal and vintage."""
    from types import SimpleNamespace

    from .report.sweep_page import REPORT_TAKES_P
    from .scenarios import run
    from .scenarios.engine import goal_targets
    from .sweep.core import goal_base
    from .sweep.takes import what_it_takes
    key = ("takes", state.spec.name, state.goal_id, state.as_of, state.n_sims, state.seed)
    if key in state._cache:
        return state._cache[key]
    g = state.goal
    spec = replace(state.spec, horizon=state.horizon, region=state.region)
    targets = goal_targets(state.plan, g.id, spec.operations)
    judges: dict = {}
    try:
        res = run(spec, as_of=state.as_of, n_sims=state.n_sims, seed=state.seed,
                  obs=state.obs_for(targets, spec.operations), catalog=state.catalog,
                  plan=replace(state.plan, targets=targets), projector=state.projector,
                  judges=judges)
    except XtForecastError:
        return None
    base = goal_base(res, judges, g, SimpleNamespace(catalog=state.catalog, obs=state.obs),
                     targets)
    state._cache[key] = what_it_takes(base, REPORT_TAKES_P)
    return state._cache[key]


def takes_line(takes: dict, lang: str) -> str:
    """The explorer's what-it-takes line in ``lang``."""
    from .report.sweep_page import REPORT_TAKES_P, takes_words
    p = round(100 * REPORT_TAKES_P)
    words = takes_words(takes, lang)
    if lang == "zh":
        return f"起始情景下要有{p}%把握，增速每年需再提高：{words}"
    return f"Extra yearly growth for P(attain) >= {p}% under the start scenario: {words}"


def _float(v) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return float("nan")


def _short_error(exc: Exception) -> str:
    issues = getattr(exc, "issues", None)
    if issues:
        # the explorer's own operations have no file line; show the rule and message only
        return "; ".join(f"[{i.rule}] {i.message}" for i in issues)
    return str(exc)


def _goal_words(target, lang: str) -> str:
    from .gap import goal_label
    return goal_label(target, lang)


def draw(view: ExplorerView, ax=None):
    """The fan chart of a view: history, bands, median, the goal marker and P(attain).

    Returns
    -------
    matplotlib.axes.Axes
    """
    from .plotting import fan_chart  # fan_chart sets the Chinese font itself
    hist = view.history if len(view.history) else None
    ax = fan_chart(hist, view.years, view.paths, target=view.target, title=view.label,
                   lang=view.lang, ax=ax)
    if np.isfinite(view.p_attain):
        ax.text(0.02, 0.02, f"{label('p_attain', view.lang)} = {view.p_attain:.2f}",
                transform=ax.transAxes, fontsize=10, va="bottom")
    return ax


# -- saving -------------------------------------------------------------------------------------

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def _describe_knobs(ops: list[dict], lang: str) -> str:
    words = []
    for o in ops:
        if o["op"] == "growth_shift":
            words.append(f"growth {o['pp']:+g} pp a year on {o['indicator']} from {o['from_year']}"
                         if lang == "en" else
                         f"{o['indicator']} 自 {o['from_year']} 年起年增速 {o['pp']:+g} 个百分点")
        elif o["op"] == "shock":
            words.append(f"a {100 * o['depth']:g}% dip of {o['indicator']} in {o['year']} closing "
                         f"over {o['recovery']} years" if lang == "en" else
                         f"{o['indicator']} 于 {o['year']} 年下挫 {100 * o['depth']:g}%，{o['recovery']} 年内恢复")
        elif o["op"] == "ratio_to_reference":
            words.append(f"{o['indicator']} {o['ratio_change_pp']:+g} points of its ratio to "
                         f"{o['reference_region']} from {o['from_year']}" if lang == "en" else
                         f"{o['indicator']} 与 {o['reference_region']} 的比值自 {o['from_year']} 年起"
                         f"变化 {o['ratio_change_pp']:+g} 个百分点")
    return ("; " if lang == "en" else "；").join(words)


def _extends_value(state: ExplorerState, directory: Path) -> str:
    """How the saved file names its parent so that the ``extends`` lookup finds it.

    The lookup tries the file's own directory, then ``scenarios/``: a parent in either is
    named by its stem; any other parent by its path relative to the saved file.
    """
    from . import config
    base = Path(state.spec.path).resolve()
    if base.parent in (directory.resolve(), config.SCENARIOS_DIR.resolve()):
        return base.stem
    return os.path.relpath(base, directory.resolve())


def knobs_to_scenario_yaml(state: ExplorerState, name: str, *, directory=None,
                           description: str | None = None) -> str:
    """The current knobs as a scenario file that extends the base scenario.

    The file pins what the explorer used (``as_of``, ``n_sims``, ``seed``, ``horizon``), so a
    batch run of it (``xtforecast project --scenario NAME``) reproduces the P(attain) shown.

    Parameters
    ----------
    state : ExplorerState
    name : str
        Scenario name = file stem: lower-case letters, digits and ``_``, starting with a letter.
    directory : path, optional
        Where the file will live (default ``state.scenarios_dir``); decides how ``extends``
        names the parent.
    description : str, optional
        Default: the base scenario plus the knobs in words.

    Returns
    -------
    str
        YAML text (with a comment header saying where it came from).

    Raises
    ------
    XtForecastError
        For a name that is not a valid file stem.
    """
    import yaml
    if not isinstance(name, str) or not _NAME.match(name):
        raise XtForecastError(f"scenario name must be lower-case letters, digits and '_', "
                              f"starting with a letter (it is the file stem); got {name!r}. "
                              f"Example: rd_push_2021")
    directory = Path(directory) if directory else state.scenarios_dir
    ops, _ = knob_operations(state)
    sp = state.spec
    knob_en = _describe_knobs(ops, "en") or "no change to the base scenario"
    knob_zh = _describe_knobs(ops, "zh") or "未改变起始情景"
    doc = {
        "name": name,
        "extends": _extends_value(state, directory),
        "label_zh": f"{sp.label_zh}＋探索（{name}）",
        "label_en": f"{sp.label_en} + explorer ({name})",
        # one text per language: a report shows only its reader's (scenarios/README.md)
        "description_zh": description
        or f"自探索界面保存（目标 {state.goal_id}）：起始情景“{sp.label_zh}”，{knob_zh}。",
        "description_en": description or (
            f"Saved from the explorer for goal {state.goal_id}: the {sp.name} scenario with "
            f"{knob_en}."),
        "as_of": int(state.as_of),
        "horizon": int(state.horizon),
        "n_sims": int(state.n_sims),
        "seed": int(state.seed),
        "extra_operations": [{**o, "note": "explorer knob"} for o in ops],
    }
    head = (f"# {name} — saved from the explorer (notebooks/explore.ipynb) on "
            f"{_dt.date.today().isoformat()}.\n"
            f"# Base scenario: {sp.name} ({Path(sp.path).name}); goal explored: {state.goal_id}.\n"
            f"# as_of, horizon, n_sims and seed are pinned so a batch run reproduces the "
            f"explorer's P(attain).\n")
    return head + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=90)


def save_scenario(state: ExplorerState, name: str, directory=None, *, overwrite: bool = False,
                  check: bool = True) -> Path:
    """Write the current knobs to ``<directory>/<name>.yaml`` and check the file.

    Parameters
    ----------
    state : ExplorerState
    name : str
    directory : path, optional
        Default ``state.scenarios_dir`` (``scenarios/``).
    overwrite : bool
        Replace an existing file of that name (default: refuse).
    check : bool
        Run :func:`xtforecast.scenarios.check_scenario` on the new file before it takes the
        name; a file that does not pass is discarded and the problems raised. The new text is
        written to a temporary file next to the destination, checked there and only then
        moved onto ``<name>.yaml`` (one rename), so an existing file is never lost to a save
        that fails.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    XtForecastError
        When the file exists and ``overwrite`` is False, or the check finds problems.
    """
    from .report.atomic import atomic_path
    directory = Path(directory) if directory else state.scenarios_dir
    text = knobs_to_scenario_yaml(state, name, directory=directory)
    path = directory / f"{name}.yaml"
    if path.exists() and not overwrite:
        raise XtForecastError(f"{path} exists; choose another name or pass overwrite=True")
    if Path(state.spec.path).resolve() == path.resolve():
        raise XtForecastError(f"{path} is the scenario the explorer started from; the saved file "
                              "extends it, so it cannot take its place. Choose another name")
    # atomic_path moves the temporary onto the name only when the block ends without error;
    # a failed check removes the temporary and leaves the old file as it was.
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
        if check:
            _check_saved(state, tmp, path)
    return path


def _check_saved(state: ExplorerState, tmp: Path, path: Path) -> None:
    """Raise :class:`XtForecastError` listing the problems of the scenario written to ``tmp``
    (reported under the name it was to take, ``path``)."""
    from .scenarios import check_scenario
    issues = check_scenario(tmp, state.catalog, targets_dir=state.targets_dir,
                            directory=state.scenarios_dir)
    # The temporary sits next to the destination (so `extends` resolves as it will), under a
    # name of its own: the one rule on the file's name is checked against the destination.
    issues = [i for i in issues if i.rule != "name_mismatch"]
    if issues:
        lines = [str(i).replace(str(tmp), str(path)) for i in issues]
        raise XtForecastError("the scenario does not pass `xtforecast scenarios check` and was "
                              f"not saved ({path} is unchanged):\n"
                              + "\n".join(f"  {ln}" for ln in lines))


# -- the widgets (a thin layer over the functions above) ----------------------------------------

def free_name(name: str, directory) -> str:
    """``name`` if no ``<directory>/<name>.yaml`` exists, else ``name_2``, ``name_3``, ...: the
    name the save button proposes when the one typed is taken.

    Examples
    --------
    >>> free_name("explored", "/nonexistent")
    'explored'
    """
    directory = Path(directory)
    stem, n = name, 2
    m = re.match(r"^(.*)_(\d+)$", name)
    if m and (directory / f"{name}.yaml").exists():
        stem, n = m.group(1), int(m.group(2)) + 1
    cand = name
    while (directory / f"{cand}.yaml").exists():
        cand, n = f"{stem}_{n}", n + 1
    return cand


def valid_name(text: str) -> str:
    """A valid scenario name (file stem) made from what a user typed: lower case, every run of
    other characters one ``_``, a leading letter ensured.

    Examples
    --------
    >>> valid_name("Bad Name!")
    'bad_name'
    >>> valid_name("2021 push")
    's_2021_push'
    """
    slug = re.sub(r"[^a-z0-9]+", "_", str(text).lower()).strip("_")
    if not slug:
        return "explored"
    return slug if slug[0].isalpha() else f"s_{slug}"


def default_save_dir(state: ExplorerState) -> Path:
    """Where the save button writes by default: the explorer's scenario directory, except the
    copy inside an installed package, for which ``./scenarios`` is used (see
    :data:`xtforecast.config.USER_SCENARIOS_DIR`)."""
    from . import config
    if Path(state.scenarios_dir).resolve() == Path(config.SCENARIOS_DIR).resolve():
        return Path(config.USER_SCENARIOS_DIR)
    return Path(state.scenarios_dir)


def growth_years_text(state: ExplorerState, view: ExplorerView | None = None) -> str:
    """The years the growth knob acts on, in the explorer's language, and the years it does not
    touch because the data end before the vintage (projected, but before ``as_of + 1``)."""
    lg = state.lang
    lo, hi = state.year_range()
    if state.knobs.growth_from is not None:
        lo = min(max(int(state.knobs.growth_from), lo), hi)
    n = hi - lo + 1
    words = label("growth_years", lg).format(lo=lo, hi=hi, n=n, s="" if n == 1 else "s")
    if view is not None and len(view.history):
        last = int(pd.to_numeric(view.history["year"]).max())
        if last + 1 < lo:
            gap = f"{last + 1}" if last + 2 == lo else f"{last + 1}–{lo - 1}"
            words += label("growth_gap", lg).format(last=last, gap=gap)
    return words


def scenario_choices(state: ExplorerState, lang: str) -> list[tuple[str, str]]:
    """``(label in lang, name)`` of every scenario in the explorer's directory, for the
    dropdown; a file without a label (or one that does not parse) shows its name."""
    import yaml
    out = []
    for name in state.scenario_options():
        words = ""
        try:
            path = Path(state.scenarios_dir) / f"{name}.yaml"
            doc = yaml.safe_load(path.read_text(encoding="utf-8"))
            words = str(doc.get(f"label_{lang}") or "") if isinstance(doc, dict) else ""
        except (OSError, yaml.YAMLError):
            pass
        out.append((f"{words} ({name})" if words and words != name else name, name))
    if state.spec.name not in {n for _, n in out}:  # started from a file elsewhere
        out.append((state.spec.name, state.spec.name))
    return out


def _headline_html(view: ExplorerView | None, lang: str) -> str:
    import html as _html
    if view is None or view.error or not np.isfinite(view.p_attain):
        p = "—"
    else:
        p = f"{100 * view.p_attain:.1f}%"
    status = _html.escape(view.status_label) if view is not None and not view.error else ""
    return (f'<div style="font-size:1.25em;margin:0.3em 0">{label("p_attain", lang)}：'
            f'<b class="xt-p-value">{p}</b>&nbsp;&nbsp;{status}</div>' if lang == "zh" else
            f'<div style="font-size:1.25em;margin:0.3em 0">{label("p_attain", lang)}: '
            f'<b class="xt-p-value">{p}</b>&nbsp;&nbsp;{status}</div>')


def app(state: ExplorerState, *, save_dir=None):
    """The ipywidgets explorer: controls, figure, numbers and a save button.

    Every control change calls :func:`update` and :func:`draw`; the button calls
    :func:`save_scenario`. The language switch relabels every control and the goal list. The
    save button never asks for code: a name that is taken or not a valid file name is replaced
    by a free, valid one (:func:`free_name`, :func:`valid_name`) and the user presses again.
    ``xtforecast explore`` serves this as a web page (Voilà); ``notebooks/explore.ipynb``
    shows it in JupyterLab.

    Parameters
    ----------
    state : ExplorerState
    save_dir : path, optional
        Where the button writes ``<name>.yaml``; default :func:`default_save_dir`.

    Returns
    -------
    ipywidgets.VBox
        Displayed by the notebook cell that ends with it. Controls carry CSS classes
        (``xt-<knob>``, ``xt-p-attain``, ``xt-name``, ``xt-save``, ``xt-save-msg``) for the
        browser test and for styling.
    """
    import html as _html

    import ipywidgets as W
    import matplotlib.pyplot as plt

    from .plotting import show_figure, value_axis_label

    lg = state.lang
    y0, y1 = state.year_range()
    v0, v1 = state.vintage_range()
    directory = Path(save_dir) if save_dir else default_save_dir(state)
    style = {"description_width": "initial"}
    # a fixed width, so a long English description does not squeeze the track to nothing
    knob = {"style": style, "continuous_update": False, "layout": W.Layout(width="430px")}
    c = {
        "goal": W.Dropdown(options=state.goal_options(lg), value=state.goal_id,
                           style=style, layout=W.Layout(width="95%")),
        "scenario": W.Dropdown(options=scenario_choices(state, lg), value=state.spec.name,
                               style=style),
        "as_of": W.IntSlider(value=state.as_of, min=v0, max=v1, **knob),
        "lang": W.ToggleButtons(options=[("中文", "zh"), ("English", "en")], value=lg,
                                style=style),
        "growth_pp": W.FloatSlider(value=state.knobs.growth_pp, min=-10, max=10, step=0.5,
                                   readout_format="+.1f", **knob),
        # shown in percent (17 = a 17 % dip); the knob itself is a fraction
        "shock_depth": W.FloatSlider(value=round(100 * state.knobs.shock_depth, 2), min=0,
                                     max=50, step=1, readout_format=".0f", **knob),
        # the range covers every vintage the as_of slider offers; a year at or before the
        # chosen vintage is moved to the first projected year (update() says so in its notes)
        "shock_year": W.IntSlider(value=state.knobs.shock_year or y0, min=v0 + 1, max=y1, **knob),
        "ratio_pp": W.FloatSlider(value=state.knobs.ratio_pp, min=-20, max=20, step=0.5,
                                  readout_format="+.1f", **knob),
    }
    for k, w in c.items():
        w.add_class(f"xt-{k.replace('_', '-')}")
    title = W.HTML()
    growth_years = W.HTML().add_class("xt-growth-years")
    headline = W.HTML().add_class("xt-p-attain")
    out = W.Output()
    name_box = W.Text(value=free_name("explored", directory), style=style).add_class("xt-name")
    button = W.Button(icon="save").add_class("xt-save")
    msg = W.HTML().add_class("xt-save-msg")
    busy = []  # non-empty while the code itself sets widget values (no recomputation then)

    def relabel():
        lang = state.lang
        busy.append(1)
        try:
            for k, w in c.items():
                w.description = label(k, lang)
            goal, scen = state.goal_id, state.spec.name
            c["goal"].options = state.goal_options(lang)
            c["goal"].value = goal
            c["scenario"].options = scenario_choices(state, lang)
            c["scenario"].value = scen
            name_box.description = label("name", lang)
            button.description = label("save", lang)
            title.value = f"<h2 style='margin:0.2em 0'>{_html.escape(label('title', lang))}</h2>"
        finally:
            busy.pop()

    def refresh(_change=None):
        if busy:
            return
        values = {k: w.value for k, w in c.items()}
        values["shock_depth"] = round(values["shock_depth"] / 100, KNOB_DECIMALS)
        relang = values["lang"] != state.lang
        view = None
        with out:
            out.clear_output(wait=True)
            try:
                view = update(state, **values)
            except XtForecastError as exc:
                print(label("error", state.lang) + str(exc))
            else:
                fig, ax = plt.subplots(figsize=(8, 4.5))
                draw(view, ax=ax)
                if not view.target.type == "class":  # a class chart's ticks are its letters
                    ind = state.catalog.indicators.get(view.target.indicator)
                    ax.set_ylabel(value_axis_label(getattr(ind, "unit", None), state.lang))
                show_figure(fig)
                print(view.text())
        if relang:
            relabel()
            msg.value = ""  # an old message in the other language would stay on screen
        headline.value = _headline_html(view, state.lang)
        growth_years.value = ("<span style='color:#555'>"
                              f"{_html.escape(growth_years_text(state, view))}</span>")

    def save(_b):
        lang = state.lang
        typed = name_box.value.strip()
        if not _NAME.match(typed):
            proposal = free_name(valid_name(typed), directory)
            name_box.value = proposal
            msg.value = _html.escape(label("name_invalid", lang).format(name=typed, free=proposal))
            return
        if (directory / f"{typed}.yaml").exists():
            proposal = free_name(typed, directory)
            name_box.value = proposal
            msg.value = _html.escape(label("name_taken", lang).format(
                name=typed, path=directory / f"{typed}.yaml", free=proposal))
            return
        try:
            directory.mkdir(parents=True, exist_ok=True)
            p = save_scenario(state, typed, directory)
        except (XtForecastError, OSError) as exc:
            msg.value = "<pre style='white-space:pre-wrap'>" + _html.escape(
                label("save_error", lang) + str(exc)) + "</pre>"
            return
        # a name is found only in scenarios/; a file saved elsewhere is reported by its path
        from . import config
        ref = p.stem if p.parent.resolve() == Path(config.SCENARIOS_DIR).resolve() else str(p)
        msg.value = _html.escape(label("saved", lang) + str(p) + " ") + \
            _html.escape(label("check_hint", lang).format(name=ref))
        name_box.value = free_name(typed, directory)  # ready for the next save

    relabel()
    for w in c.values():
        w.observe(refresh, names="value")
    button.on_click(save)
    refresh()
    return W.VBox([title, c["goal"], W.HBox([c["scenario"], c["lang"]]), c["as_of"],
                   W.HBox([c["growth_pp"], growth_years]), c["ratio_pp"],
                   W.HBox([c["shock_depth"], c["shock_year"]]),
                   headline, out, W.HBox([name_box, button]), msg])


__all__ = ["ExplorerState", "ExplorerView", "Knobs", "KNOB_FIELDS", "update", "draw",
           "knob_operations", "knobs_to_scenario_yaml", "save_scenario", "app", "label",
           "free_name", "valid_name", "default_save_dir", "growth_years_text", "scenario_choices"]
