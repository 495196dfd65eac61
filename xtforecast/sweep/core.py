"""One goal under one scenario, re-judged under many knob settings from one set of paths.

A :class:`Task` is the unit every engine runs: one goal of one plan under one scenario. Its
:func:`prepare` step runs the scenario engine once for the goal (the explorer's run: the goal,
plus any goal a ``target_path`` names, at the whole plan's horizon, so the draws are the batch
run's) and keeps the paths after the scenario's operations and the goal's
:class:`~xtforecast.gap.judge.PathJudge`. Every knob setting then becomes ordinary scenario
operations (:func:`xtforecast.knobs.knob_operations`), applied by the engine's own runner to
those paths, and the judge reads the result. No random number is drawn after ``prepare``, and
``prepare`` draws from streams keyed by ``(seed, indicator, region)``: a task gives the same
numbers in any process, in any order.

Inputs (catalog, observations, plans, scenarios) are loaded once per process and data
directory, and baseline projections are kept per process (:class:`Inputs`): a worker that
runs many goals of one directory fits each series once.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from types import SimpleNamespace

import numpy as np
import pandas as pd

from ..errors import XtForecastError
from ..inputs import DataPaths
from ..inputs import Inputs as RunInputs
from ..knobs import Knobs, as_operations, knob_operations
from ..observations import select_series
from ..projection import MemoProjector
from ..scenarios import run
from ..scenarios.engine import _evaluate, _Runner, goal_targets, plan_horizon
from ..scenarios.spec import _default_region, check_consistency
from ..suggest import did_you_mean
from .grid import KnobRange, combinations

#: Row columns after the knob columns, in order.
RESULT_COLUMNS = ["target_id", "indicator", "region", "target_year", "p_attain",
                  "projected_median", "projected_p10", "projected_p90", "status", "p_source",
                  "n_paths", "note"]
#: Columns that say which run a row belongs to (first in every row).
JOB_COLUMNS = ["run", "plan", "scenario", "as_of"]


@dataclass(frozen=True)
class SweepJob:
    """One scenario of one plan on one data directory.

    Attributes
    ----------
    scenario : str
        A scenario name (in ``scenarios_dir``) or a path.
    data_dir : str, optional
        A directory laid out like ``data/``; default the bundled data.
    scenarios_dir : str, optional
        Where scenario names are looked up; default ``scenarios/``.
    plan : str, optional
        Replaces the scenario's plan.
    as_of, n_sims, seed : int, optional
        Override the scenario's.
    goals : tuple of str, optional
        Goal ids; default every goal of the plan.
    run : str
        A name for the rows (a batch file's row name); default the scenario's name.
    """

    scenario: str
    data_dir: str | None = None
    scenarios_dir: str | None = None
    plan: str | None = None
    as_of: int | None = None
    n_sims: int | None = None
    seed: int | None = None
    goals: tuple | None = None
    run: str = ""


@dataclass(frozen=True)
class Task:
    """One goal of a job: what an engine runs and a key that orders the results.

    Attributes
    ----------
    index : int
        Position in the whole sweep (rows are assembled in this order).
    job : SweepJob
    goal : str
    series_key : tuple
        ``(data_dir, as_of, indicator, region)`` of the goal's series: tasks sharing it run in
        one worker (:func:`xtforecast.sweep.bundles`).
    """

    index: int
    job: SweepJob
    goal: str
    series_key: tuple = ()


class Inputs(RunInputs):
    """A data directory's :class:`xtforecast.inputs.Inputs`, loaded once per process, with the
    baseline projections it has drawn.

    :attr:`projector` is a :class:`~xtforecast.projection.MemoProjector` keyed by series,
    vintage, horizon, paths and seed: scenarios and goals of a directory share its paths.
    """

    def __init__(self, data_dir=None, scenarios_dir=None):
        super().__init__(DataPaths.of(data_dir, scenarios_dir=scenarios_dir))
        self._specs: dict[str, object] = {}
        self.latest_year = int(self.obs["year"].max()) if len(self.obs) else None
        #: :func:`xtforecast.projection.project_series` on this directory's data, memoised (or
        #: the stand-in set by :func:`use_projector`; changing it starts new Inputs)
        self.projector = MemoProjector(self.obs, self.catalog, _PROJECTOR.get("fn"))

    @property
    def obs(self):
        """The observations (:attr:`xtforecast.inputs.Inputs.observations`)."""
        return self.observations

    def scenario(self, name_or_path, *, check_plan: bool = True):
        """The scenario, read once per name (a sweep asks for it once per task)."""
        key = (str(name_or_path), check_plan)
        if key not in self._specs:
            self._specs[key] = super().scenario(name_or_path, check_plan=check_plan)
        return self._specs[key]


_INPUTS: dict[tuple, Inputs] = {}
_PROJECTOR: dict = {}


def use_projector(fn) -> None:
    """Draw baseline paths with ``fn`` (the signature of
    :func:`~xtforecast.projection.project_series`) in this process from now on; None restores
    the growth models. The report kernels pass the projector their run was told to use (their
    ``projector`` parameter, recorded in the manifest), so a sweep page judges the very paths of
    its reports."""
    if _PROJECTOR.get("fn") is not fn:
        _INPUTS.clear()  # projections drawn by another projector must not be reused
    _PROJECTOR["fn"] = fn


def inputs_for(job: SweepJob) -> Inputs:
    """The process's :class:`Inputs` for the job's directories (loaded on first use)."""
    key = (str(job.data_dir or ""), str(job.scenarios_dir or ""))
    if key not in _INPUTS:
        _INPUTS[key] = Inputs(job.data_dir, job.scenarios_dir)
    return _INPUTS[key]


@dataclass
class GoalBase:
    """A goal after the scenario's operations, ready to be re-judged under knob settings.

    Attributes
    ----------
    job : SweepJob
    goal : xtforecast.targets.Target
    plan_id : str
    scenario : ScenarioSpec
        With every operation's region resolved (as the engine ran it).
    as_of, horizon, n_sims : int
    row : pandas.Series
        The goal's summary row with no knob moved (the scenario's own judgement).
    paths : dict
        ``(indicator, region) -> Projection`` after the scenario's operations.
    judge : PathJudge or None
        None when the goal is not judged from paths (observed, bridged, or not judgeable):
        knobs act on projected years only, so they cannot change it.
    inputs : Inputs
    """

    job: SweepJob
    goal: object
    plan_id: str
    scenario: object
    as_of: int
    horizon: int
    n_sims: int
    row: pd.Series
    paths: dict
    judge: object
    inputs: Inputs
    targets: tuple = ()
    notes: list = field(default_factory=list)
    _checked: dict = field(default_factory=dict, repr=False)

    @property
    def years(self) -> tuple[int, int]:
        """Years a knob may act on."""
        return self.as_of + 1, self.horizon


def _goal_of(plan, goal_id: str):
    goals = {t.id: t for t in plan.targets}
    if goal_id not in goals:
        raise XtForecastError(f"no goal '{goal_id}' in plan '{plan.id}'.{did_you_mean(goal_id, goals)} "
                              f"Run `xtforecast targets --plan {plan.id}` for the ids")
    return goals[goal_id]


def _reference_keys(goal, catalog, knob_names) -> dict:
    """The goal's parent series when a ratio knob is swept (the ratio needs its paths)."""
    if "ratio_pp" not in knob_names:
        return {}
    reg = catalog.regions.get(goal.region)
    parent = getattr(reg, "parent", "") if reg is not None else ""
    return {(goal.indicator, parent): None} if parent else {}


def prepare(task: Task, knob_names=()) -> GoalBase:
    """Run the task's scenario for its goal once: paths after the operations, and the judge.

    Raises
    ------
    XtForecastError, ScenarioError, DataError
        For an unknown goal, scenario or plan, or a scenario that cannot run at this vintage.
    """
    job = task.job
    inp = inputs_for(job)
    spec = inp.scenario(job.scenario)
    plan = inp.plan(job.plan or spec.plan)
    goal = _goal_of(plan, task.goal)
    horizon = plan_horizon(spec, plan)
    as_of = job.as_of if job.as_of is not None else spec.as_of
    as_of = int(as_of if as_of is not None else inp.latest_year)
    region = spec.region or _default_region(plan, inp.catalog)
    spec = replace(spec, horizon=horizon, region=region)
    targets = goal_targets(plan, goal.id, spec.operations)
    n_sims = int(job.n_sims or spec.n_sims)
    seed = int(spec.seed if job.seed is None else job.seed)
    baseline = {k: inp.projector(inp.obs, inp.catalog, *k, as_of=as_of, end_year=horizon,
                                 n_sims=n_sims, seed=seed)
                for k in _reference_keys(goal, inp.catalog, knob_names)}
    judges: dict = {}
    res = run(spec, as_of=as_of, n_sims=n_sims, seed=seed, obs=inp.obs, catalog=inp.catalog,
              plan=replace(plan, targets=targets), projector=inp.projector, baseline=baseline,
              judges=judges)
    return goal_base(res, judges, goal, inp, targets, job)


def goal_base(result, judges: dict, goal, inputs, targets, job: SweepJob | None = None) -> GoalBase:
    """One goal of a finished scenario run (its ``judges`` filled by the run) as a
    :class:`GoalBase`; ``inputs`` needs ``catalog`` and ``obs``."""
    prov = result.provenance
    return GoalBase(job, goal, prov["plan"], result.scenario, int(prov["as_of"]),
                    int(prov["horizon"]), int(prov["n_sims"]),
                    result.summary.set_index("target_id").loc[goal.id], result.paths,
                    judges.get(goal.id), inputs, tuple(targets), list(result.notes))


def bases_from_result(result) -> list[GoalBase]:
    """Every goal of a finished scenario run as a :class:`GoalBase`, without running it again.

    The scenario report uses this: its own paths (from its own projector) are re-judged, so the
    what-it-takes column speaks of the paths the report shows. The observations, catalog and
    plan are the ones the run read.
    """
    obs, catalog, plan = result.observations, result.catalog, result.plan
    prov = result.provenance
    judges: dict = {}
    targets = tuple(plan.targets)
    _evaluate(targets, obs, result.paths, prov["as_of"], catalog, scenario=prov["scenario"],
              seed=prov["seed"], judges=judges)
    inputs = SimpleNamespace(catalog=catalog, obs=obs)
    return [goal_base(result, judges, t, inputs, targets) for t in targets]


def _knob_error(exc) -> str:
    issues = getattr(exc, "issues", None)
    if issues:
        return "; ".join(f"[{i.rule}] {i.message}" for i in issues)
    return str(exc)


def _operations(base: GoalBase, setting: dict):
    """The knob setting as engine operations, checked against the scenario's own."""
    op_dicts, notes = knob_operations(base.goal, Knobs(**setting), base.years, base.inputs.catalog)
    ops = as_operations(op_dicts, "<sweep>")
    # the check depends on which operations there are and on their years, not on the amounts:
    # check each such shape once
    shape = tuple((d["op"], d.get("from_year"), d.get("year")) for d in op_dicts)
    if shape not in base._checked:
        issues = check_consistency(list(base.scenario.operations) + ops, base.as_of,
                                   base.horizon, base.inputs.catalog)
        base._checked[shape] = "; ".join(f"[{i.rule}] {i.message}" for i in issues)
    if base._checked[shape]:
        raise XtForecastError(base._checked[shape])
    return ops, notes


def judge_setting(base: GoalBase, setting: dict) -> dict:
    """The goal's numbers with the knobs at ``setting`` (knob name -> value).

    Returns
    -------
    dict
        ``p_attain``, ``projected_median``, ``projected_p10``, ``projected_p90``, ``status``,
        ``p_source``, ``n_paths``, ``note``; ``status`` is ``error`` (numbers NaN, ``note``
        the reason) when the knobs cannot be applied to this scenario.
    """
    row = base.row
    out = {k: row.get(k) for k in ("p_attain", "projected_median", "projected_p10",
                                   "projected_p90", "status", "p_source", "n_paths")}
    out["note"] = ""
    try:
        ops, notes = _operations(base, setting)
    except XtForecastError as exc:
        return {**dict.fromkeys(out, np.nan), "status": "error", "p_source": "",
                "note": _knob_error(exc)}
    if base.judge is None:
        if ops:
            out["note"] = ("not judged from projected paths (" + (row.get("p_source") or "no paths")
                           + "): the knobs act on projected years only")
        return out
    proj, engine_notes = knobbed_paths(base, ops)
    out.update(base.judge.judge(proj.paths, proj.years))
    out["note"] = "; ".join(notes + engine_notes)
    return out


def knobbed_paths(base: GoalBase, ops) -> tuple:
    """The judged series' :class:`~xtforecast.projection.Projection` after the knob operations
    ``ops`` (applied by the engine's own runner to the scenario's paths), and the engine's
    notes."""
    inp = base.inputs
    runner = _Runner(dict(base.paths), inp.catalog, base.targets, base.n_sims, base.horizon,
                     lambda i, r: select_series(inp.obs, i, r, base.as_of))
    for op in ops:
        runner.apply(op)
    return runner.state[base.judge.key], runner.notes


def run_task(task: Task, grid: tuple[KnobRange, ...]) -> list[dict]:
    """Every knob setting of ``grid`` for the task's goal: tidy rows (job, knobs, numbers)."""
    base = prepare(task, [k.name for k in grid])
    head = _head(task, base)
    return [{**head, **setting, **_goal_fields(base), **judge_setting(base, setting)}
            for setting in combinations(grid)]


def _head(task: Task, base: GoalBase | None) -> dict:
    job = task.job
    return {"run": job.run or job.scenario, "plan": base.plan_id if base else (job.plan or ""),
            "scenario": base.scenario.name if base else job.scenario,
            "as_of": base.as_of if base else job.as_of}


def _goal_fields(base: GoalBase) -> dict:
    g = base.goal
    return {"target_id": g.id, "indicator": g.indicator, "region": g.region,
            "target_year": int(g.target_year)}


def failed_row(task: Task, error: str, knob_names=()) -> dict:
    """The row that reports a task that raised or whose worker died."""
    return {**_head(task, None), **dict.fromkeys(knob_names, np.nan), "target_id": task.goal,
            "indicator": "", "region": "", "target_year": np.nan, "p_attain": np.nan,
            "projected_median": np.nan, "projected_p10": np.nan, "projected_p90": np.nan,
            "status": "task_failed", "p_source": "", "n_paths": np.nan, "note": error}
