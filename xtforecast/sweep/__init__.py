"""Scenario sweeps and "what it would take".

:func:`sweep` judges every goal of one or many runs (plan x scenario x data directory) under
every combination of a grid of explorer knobs; :func:`takes` finds, per goal, the least effort
on one knob for which P(attain) reaches a level. Both split the work into one task per goal
and run, on any engine of :mod:`xtforecast.engines`; baseline paths are drawn once per series
(in each worker) and reused across the grid. A failing task becomes a ``task_failed`` row and
the rest complete.

Examples
--------
>>> from xtforecast.sweep import SweepJob, parse_knob, sweep            # doctest: +SKIP
>>> res = sweep([SweepJob("covid_shock")], [parse_knob("growth_pp=0:4:1")])  # doctest: +SKIP
>>> res.frame[["growth_pp", "target_id", "p_attain", "status"]]          # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

import pandas as pd

from ..engines import Failure, call_safely, make_engine
from .batch import read_batch
from .core import (
    JOB_COLUMNS,
    RESULT_COLUMNS,
    SweepJob,
    Task,
    _goal_of,
    _head,
    failed_row,
    inputs_for,
    prepare,
    run_task,
)
from .grid import KnobRange, check_grid, combinations, parse_knob
from .takes import EFFORT_KNOBS, TAKES_COLUMNS, check_p, effort_knob, what_it_takes


@dataclass
class SweepResult:
    """What a sweep or a what-it-takes run produced.

    Attributes
    ----------
    frame : pandas.DataFrame
        Tidy rows, in task order (run, goal), then grid order.
    failures : list of (Task, str)
        Tasks that raised or whose worker died, with the error; each also has a
        ``task_failed`` row in ``frame``.
    engine : str
    """

    frame: pd.DataFrame
    failures: list = field(default_factory=list)
    engine: str = "local"


def make_tasks(jobs: list[SweepJob]) -> list[Task]:
    """One task per goal of every job (a job's ``goals``, or every goal of its plan).

    Loads each job's inputs here, in the calling process, so a wrong scenario, plan or goal id
    is reported before any worker starts.

    Raises
    ------
    XtForecastError, DataError
    """
    tasks: list[Task] = []
    for job in jobs:
        inp = inputs_for(job)
        spec = inp.scenario(job.scenario)
        plan = inp.plan(job.plan or spec.plan)
        ids = list(job.goals) if job.goals else [t.id for t in plan.targets]
        as_of = job.as_of if job.as_of is not None else spec.as_of
        as_of = as_of if as_of is not None else inp.latest_year
        for gid in ids:
            g = _goal_of(plan, gid)
            key = (str(job.data_dir or ""), as_of, g.indicator, g.region)
            tasks.append(Task(len(tasks), job, gid, key))
    return tasks


@dataclass(frozen=True)
class Bundle:
    """Tasks on one series at one vintage: what an engine runs as one unit.

    A series' baseline paths are drawn by the worker that first needs them; sending every
    task on that series to the same worker draws them once for the whole sweep (a goal's
    2020 and 2022 targets, every scenario at one vintage), not once per worker.
    """

    index: int
    tasks: tuple


def bundles(tasks: list[Task]) -> list[Bundle]:
    """Tasks grouped by (data directory, vintage, goal series), in first-task order."""
    groups: dict[tuple, list] = {}
    for t in tasks:
        groups.setdefault(t.series_key, []).append(t)
    return [Bundle(i, tuple(g)) for i, g in enumerate(groups.values())]


def run_bundle(bundle: Bundle, fn) -> list:
    """``fn(task)`` for every task of the bundle; a task that raises becomes a Failure and
    the bundle goes on (runs in the worker)."""
    return [(t.index, call_safely(fn, t)) for t in bundle.tasks]


def _run(tasks, fn, engine, jobs: int, scheduler: str | None, failed) -> tuple[list, list]:
    # an engine object is the caller's to close (several sweeps on one cluster)
    eng = make_engine(engine, jobs, scheduler) if isinstance(engine, str) else engine
    units = bundles(tasks)
    try:
        got = eng.map(partial(run_bundle, fn=fn), units, key=lambda b: b.index)
    finally:
        if isinstance(engine, str):
            eng.close()
    results = {}
    for b in units:
        r = got[b.index]
        # a bundle fails as a whole only when its worker died: each of its tasks says so
        results.update({t.index: r for t in b.tasks} if isinstance(r, Failure) else dict(r))
    rows, failures = [], []
    for t in tasks:
        r = results[t.index]
        if isinstance(r, Failure):
            failures.append((t, r.error))
            rows.append(failed(t, r.error))
        else:
            rows.extend(r if isinstance(r, list) else [r])
    return rows, failures


def sweep(jobs: list[SweepJob], knobs: list[KnobRange], *, engine: str = "local",
          n_jobs: int = 2, scheduler: str | None = None) -> SweepResult:
    """Judge every goal of every job at every knob setting of the grid.

    Parameters
    ----------
    jobs : list of SweepJob
    knobs : list of KnobRange
        The grid (:func:`parse_knob`); none gives one row per goal, the scenario as it is.
    engine : {"serial", "local", "dask"} or engine object
        A name from :data:`xtforecast.engines.ENGINES` (started and stopped here), or a
        started engine (:func:`xtforecast.engines.make_engine`), which is left running.
    n_jobs : int
        Worker processes.
    scheduler : str, optional
        A Dask scheduler address (``engine="dask"``).

    Returns
    -------
    SweepResult
        ``frame`` columns: ``run, plan, scenario, as_of``, one column per knob, then
        ``target_id, indicator, region, target_year, p_attain, projected_median,
        projected_p10, projected_p90, status, p_source, n_paths, note``.
    """
    grid = check_grid(list(knobs))
    names = [k.name for k in grid]
    tasks = make_tasks(jobs)
    rows, failures = _run(tasks, partial(run_task, grid=grid), engine, n_jobs, scheduler,
                          lambda t, e: failed_row(t, e, names))
    frame = pd.DataFrame(rows, columns=JOB_COLUMNS + names + RESULT_COLUMNS)
    return SweepResult(frame, failures, getattr(engine, "name", engine))


def takes_task(task: Task, p: float, knob: str, fixed: dict, bound: float | None) -> dict:
    """:func:`what_it_takes` for one task (what an engine runs)."""
    base = prepare(task, [knob])
    return {**_head(task, base), **what_it_takes(base, p, knob, fixed=fixed, bound=bound)}


def takes(jobs: list[SweepJob], *, p: float = 0.8, knob: str = "growth_pp",
          from_year: int | None = None, bound: float | None = None, engine: str = "local",
          n_jobs: int = 2, scheduler: str | None = None) -> SweepResult:
    """What it would take, per goal of every job: the least ``knob`` value with P >= ``p``.

    Parameters
    ----------
    jobs : list of SweepJob
    p : float
        Confidence wanted, in (0, 1].
    knob : str
        ``growth_pp`` (default) or ``ratio_pp``.
    from_year : int, optional
        The first year of the effort (default the first projected year).
    bound : float, optional
        The largest effort searched (default the knob's, :data:`EFFORT_KNOBS`).

    Returns
    -------
    SweepResult
        ``frame`` columns: ``run, plan, scenario, as_of`` then :data:`TAKES_COLUMNS`.
    """
    # checked here, before any worker starts
    effort_knob(knob)
    check_p(p)
    fixed = {}
    if from_year is not None:
        fixed["growth_from" if knob == "growth_pp" else "ratio_from"] = int(from_year)
    tasks = make_tasks(jobs)

    def failed(t, e):
        return {**_head(t, None), **dict.fromkeys(TAKES_COLUMNS, None), "target_id": t.goal,
                "knob": knob, "p_target": p, "outcome": "task_failed", "note": e}

    rows, failures = _run(tasks, partial(takes_task, p=p, knob=knob, fixed=fixed, bound=bound),
                          engine, n_jobs, scheduler, failed)
    return SweepResult(pd.DataFrame(rows, columns=JOB_COLUMNS + TAKES_COLUMNS), failures,
                       getattr(engine, "name", engine))


__all__ = ["sweep", "takes", "SweepJob", "SweepResult", "Task", "KnobRange", "parse_knob",
           "check_grid", "combinations", "read_batch", "make_tasks", "what_it_takes",
           "EFFORT_KNOBS", "TAKES_COLUMNS", "prepare"]
