"""The batch runner: the report template for many scenarios, in parallel, atomically.

Output layout (``out`` defaults to ``reports/``)::

    <out>/<run_id>/                    one run (run_id = UTC time, e.g. 20261128T074512Z)
        <scenario>/report.ipynb        the executed notebook (also for a failed scenario,
                                       with the traceback in the failing cell)
        <scenario>/report.html         the report without code (ok scenarios)
        <scenario>/summary.csv         the summary table, contract columns first (ok scenarios)
        <scenario>/provenance.json     parameters, hashes, versions, written by the notebook
        compare.ipynb, compare.html    compare_scenarios on this run (heatmap, ranges); when
                                       the scenarios stand at several vintages, one page per
                                       vintage family instead: compare_<as_of>.ipynb|.html
        summary.csv                    every ok scenario's summary, one table
        index.html                     a link to every report and the goals × scenarios table
        manifest.json                  the run's data directory; per scenario: parameters
                                       (data_dir and projector among them), hashes, versions,
                                       timings, status ok|failed and the error
    <out>/latest -> <run_id>           symlink to the newest complete run in which a scenario
                                       succeeded (replaced atomically)

A run directory per run keeps earlier runs intact and makes ``latest`` an atomic switch; a
scenario's files are grouped so one can be mailed as a folder.

How notebooks are executed (papermill):

* ``engine_name``: :data:`xtforecast.report.engine.ENGINE_NAME` (one warm kernel per worker
  process, see :mod:`xtforecast.report.engine`), or papermill's default ``nbclient`` engine with
  ``warm=False``;
* ``kernel_name``: :func:`ensure_kernel` — the ``python3`` kernelspec when it runs this very
  interpreter (the venv's), else a ``xtforecast`` kernelspec it installs into ``sys.prefix``
  for ``sys.executable``. Reports therefore always run with the package the runner imported;
* ``cwd``: the template's directory (``notebooks/``), as when a user opens it in JupyterLab;
* ``parameters``: each job's, validated before anything runs (:mod:`~xtforecast.report.jobs`),
  with ``data_dir`` the absolute path of the run's data: the kernels read what the runner
  checked, and the executed notebook and the manifest record it. Nothing travels through
  environment variables.

Parallelism: ``jobs`` worker processes (:class:`xtforecast.report.pool.WorkerPool`, one
one-process executor per worker, so a dead worker fails only its own scenario), forked
(on Linux) after the parent has imported papermill and before it starts any thread, so workers
begin with papermill loaded; each keeps one warm kernel for all its notebooks. That is where the
time goes: starting Python and importing papermill takes seconds, starting a kernel and
importing the scientific stack in it more. Progress is a tqdm bar on stderr when it is a
terminal.

Failure isolation: a scenario that fails (bad scenario file, an exception in a cell, a dead
kernel) is recorded as ``failed`` with the error in the manifest and the index; the others
complete. A scenario whose worker process dies (SIGKILL, out of memory) is run once more on a
fresh worker (``attempts`` in the manifest), and reported failed if that one dies too.
:func:`run_reports` returns every outcome; the CLI exits non-zero when any failed.

Interruption: Ctrl-C (SIGINT to the parent or to the process group) stops every worker at
once; the run still gets its manifest (``status: cancelled``; each scenario ``ok``, ``failed``
or ``cancelled``), ``summary.csv`` and ``index.html``, the temporaries of interrupted writes
are removed, and ``latest`` stays on the previous complete run. The CLI exits 130.

Atomicity: every file is written to a temporary in its own directory and moved into place
(:mod:`xtforecast.report.atomic`), including papermill's output notebook, so a killed run
leaves complete files or none, never a truncated one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import sys
import time
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import config
from .._schema import QUANTILE_COLUMNS, SUMMARY_COLUMNS
from ..errors import XtForecastError
from .atomic import clean_temporaries, write_csv, write_json, write_text
from .compare import MANIFEST_FILE, PROJECTIONS_FILE, SUMMARY_FILE, read_table
from .content import versions
from .dask_pool import DaskPool
from .html import index_html
from .jobs import (
    COMPARE_TEMPLATE,
    SWEEP_TEMPLATE,
    TEMPLATE,
    Job,
    check_extra_parameters,
    check_run_id,
    check_scenarios,
    load_inputs,
    make_jobs,
    make_run_dir,
    new_run_id,
    resolve_scenarios,
)
from .params import COMPARE_PARAMETERS, SWEEP_PARAMETERS, ParameterError, check_template, validate_parameters
from .pool import Cancelled, WorkerDied, WorkerPool, mp_context
from .vintage import compare_stem, families, scenario_vintages
from .worker import (
    CELL_TIMEOUT,
    KERNEL_NAME,
    Outcome,
    ensure_kernel,
    init_worker,
    run_compare_in_worker,
    run_one_in_worker,
    run_sweep_in_worker,
)


@dataclass
class RunResult:
    """The whole run: where it went and each scenario's outcome."""

    run_dir: Path
    outcomes: list[Outcome]
    manifest: dict

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status != "ok"]

    @property
    def cancelled(self) -> bool:
        """Ctrl-C stopped the run (``latest`` was left on the previous complete run)."""
        return self.manifest.get("status") == "cancelled"

    @property
    def exit_code(self) -> int:
        """130 when cancelled (the shell's code for SIGINT), 1 when anything failed, else 0."""
        if self.cancelled:
            return 130
        cmp_failed = self.manifest.get("compare", {}).get("status", "ok") != "ok"
        return 1 if self.failed or cmp_failed else 0


@dataclass
class _Run:
    """A run checked and ready to start (nothing written yet)."""

    out: Path
    run_id: str
    jobs: list[Job]
    lang: str
    template: Path
    compare_template: Path | None  # None: no comparison page
    sweep_template: Path | None  # None: no sweep page
    data_dir: Path

    @property
    def run_dir(self) -> Path:
        return self.out / self.run_id


def run_reports(scenarios=None, *, all_: bool = False, out: str | Path | None = None,
                jobs: int = 1, lang: str = "zh", n_sims: int | None = None,
                seed: int | None = None, as_of: int | None = None,
                scenarios_dir: str | Path | None = None, template: str | Path = TEMPLATE,
                run_id: str | None = None, warm: bool = True, progress: bool | None = None,
                kernel_name: str | None = None, compare: bool = True, timeout: int = CELL_TIMEOUT,
                compare_template: str | Path = COMPARE_TEMPLATE,
                parameters: dict | None = None, engine: str = "local",
                scheduler: str | None = None, sweep: bool = True,
                sweep_template: str | Path = SWEEP_TEMPLATE,
                data_dir: str | Path | None = None) -> RunResult:
    """Run the report template for every scenario and write the run's files.

    Parameters
    ----------
    scenarios : list of str, optional
        Scenario names (in ``scenarios_dir``, default ``scenarios/``) or YAML paths; ``all_``:
        every scenario of ``scenarios_dir``.
    out : path, optional
        Parent of the run directory (default ``reports/``); ``run_id`` names the run directory
        (default :func:`new_run_id`).
    jobs : int
        Worker processes (``>= 1``): local processes, or Dask workers with ``engine="dask"`` (a
        LocalCluster of ``jobs`` processes, or the cluster at the ``scheduler`` address); one
        task per scenario either way, with the same files, manifest and failure isolation.
    lang : {"zh", "en"}
    n_sims, seed, as_of : int, optional
        Override the scenarios' own values.
    template, compare_template, sweep_template : path
        The scenario report, the comparison and the sweep page (default: the notebooks of
        ``notebooks/``); ``compare=False``/``sweep=False`` skip the run's pages (the
        comparison per vintage family, then the sweep: P(attain) over two knobs and what it
        would take), which run once every scenario is done and are linked from the index.
    warm : bool
        Reuse one kernel per worker (:mod:`xtforecast.report.engine`); False = a fresh kernel
        per notebook (papermill's ``nbclient`` engine). ``kernel_name`` default
        :func:`ensure_kernel`.
    progress : bool, optional
        Show the tqdm bar (default: when stderr is a terminal).
    timeout : int
        Seconds one cell may run (papermill's ``execution_timeout``); a cell that takes longer
        fails its scenario, so a hung kernel cannot stall the batch.
    parameters : dict, optional
        More template parameters (``-p NAME VALUE``), over ``lang``/``n_sims``/``seed``/
        ``as_of``; validated like the template's own (not ``scenario``, ``out_dir`` or
        ``data_dir``). ``projector`` (tests only) replaces the growth models.
    data_dir : path, optional
        A directory laid out like ``data/`` (default the bundled data), read and checked once
        here; every report notebook receives it as its ``data_dir`` parameter.

    Returns
    -------
    RunResult

    Raises
    ------
    ParameterError
        Before anything runs, for bad parameters, unknown scenarios, bad data or a template
        whose ``parameters`` cell does not match :data:`~xtforecast.report.params.REPORT_PARAMETERS`.
    """
    run = _prepare(scenarios, all_=all_, out=out, jobs=jobs, run_id=run_id,
                   scenarios_dir=scenarios_dir, data_dir=data_dir, template=template,
                   compare_template=compare_template if compare else None,
                   sweep_template=sweep_template if sweep else None, parameters=parameters,
                   options={"lang": lang, "n_sims": n_sims, "seed": seed, "as_of": as_of})
    kernel_name = kernel_name or ensure_kernel()
    make_run_dir(run.run_dir)
    meta = _meta(run, kernel_name, warm, engine, min(jobs, len(run.jobs)))
    try:
        with _pool(engine, meta["n_workers"], (kernel_name, warm, timeout), scheduler) as pool:
            ordered, cancelled = _run_jobs(pool, run.jobs, str(run.template), progress)
            summary = _write_summary(run.run_dir, ordered)
            pages, cancelled = _run_pages(pool, run, ordered, meta) if not cancelled else ({}, True)
    finally:
        # A killed worker or an interrupted run leaves its atomic writes' temporaries.
        clean_temporaries(run.run_dir)
    return _finish(run, ordered, summary, pages, cancelled, meta)


def _meta(run: _Run, kernel_name: str, warm: bool, engine: str, n_workers: int) -> dict:
    """What the run's manifest says of the run as a whole (:func:`_manifest`)."""
    return {"run_id": run.run_id, "started": dt.datetime.now(dt.UTC), "t0": time.perf_counter(),
            "template": run.template, "kernel_name": kernel_name, "warm": warm,
            "n_workers": n_workers, "lang": run.lang, "workers": engine,
            "data_dir": str(run.data_dir)}


def _prepare(scenarios, *, all_: bool, out, jobs, run_id, scenarios_dir, data_dir, template,
             compare_template, sweep_template, parameters, options: dict) -> _Run:
    """Check everything a run needs before anything is written: the job count, the run id,
    the data (read once), the scenarios, every job's parameters and the templates."""
    if not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 1:
        raise ParameterError([f"jobs: must be a whole number >= 1; got {jobs!r}"])
    template = Path(template).resolve()
    out = Path(out or config.REPORTS_DIR)
    check_run_id(out, run_id)
    run_id = run_id or new_run_id()
    parameters = check_extra_parameters(parameters)  # -p out_dir/data_dir: said before data are read
    data, inputs = load_inputs(data_dir)
    pairs = resolve_scenarios(scenarios, all_=all_, directory=scenarios_dir)
    check_scenarios(pairs, inputs, all_=all_, directory=scenarios_dir)
    job_list = make_jobs(pairs, out / run_id, template=template, extra=parameters,
                         data_dir=data, **options)
    lang = job_list[0].parameters["lang"] if job_list else options["lang"]  # -p lang en counts too
    if compare_template is not None:
        compare_template = Path(compare_template).resolve()
        check_template(compare_template, COMPARE_PARAMETERS)
    if sweep_template is not None:
        sweep_template = Path(sweep_template).resolve()
        check_template(sweep_template, SWEEP_PARAMETERS)
        validate_parameters({"lang": lang}, COMPARE_PARAMETERS, where="compare parameters")
    return _Run(out, run_id, job_list, lang, template, compare_template, sweep_template, data)


def _run_pages(pool, run: _Run, ordered: list[Outcome], meta: dict) -> tuple[dict, bool]:
    """The comparison pages (one per vintage family) and the sweep page, once the scenarios
    are done: their manifest entries, and whether Ctrl-C stopped them."""
    pages: dict = {}
    if not any(o.status == "ok" for o in ordered):
        return pages, False
    if run.compare_template is not None:
        # The compare notebook reads the per-scenario summaries and this manifest.
        manifest = _manifest(ordered=ordered, **meta)
        write_json(run.run_dir / MANIFEST_FILE, manifest)
        families = _compare_families(pool, run.run_dir, run.lang, run.compare_template, manifest)
        if families is None:
            return pages, True
        pages.update(compare=_compare_summary(families), families=families)
    if run.sweep_template is not None:
        write_json(run.run_dir / MANIFEST_FILE, _manifest(ordered=ordered, **meta))
        entry = _page(pool, "sweep", run_sweep_in_worker, str(run.run_dir), run.lang,
                      str(run.sweep_template))
        if entry is None:
            return pages, True
        pages["sweep"] = entry
    return pages, False


def _finish(run: _Run, ordered: list[Outcome], summary: pd.DataFrame, pages: dict,
            cancelled: bool, meta: dict) -> RunResult:
    """The run's manifest and index; ``latest`` moved to it when it is complete."""
    manifest = _manifest(ordered=ordered, **meta)
    manifest["status"] = "cancelled" if cancelled else "complete"
    manifest.update(pages)
    write_text(run.run_dir / "index.html", index_html(manifest, summary, run.lang))
    write_json(run.run_dir / MANIFEST_FILE, manifest)
    # `latest` stays on the last complete run with something to read: not an interrupted
    # run, nor one in which every scenario failed.
    if not cancelled and manifest["n_ok"]:
        _point_latest(run.out, run.run_id)
    return RunResult(run.run_dir, ordered, manifest)


def _run_jobs(pool: WorkerPool, job_list: list[Job], template: str,
              progress: bool | None) -> tuple[list[Outcome], bool]:
    """Every job's outcome in job order, and whether Ctrl-C cut the batch short.

    A job whose worker died twice is ``failed`` (the others run on); after Ctrl-C the jobs
    that had not finished are ``cancelled``.
    """
    from tqdm.auto import tqdm  # picks its bar (notebook or terminal) where it draws
    bar = tqdm(total=len(job_list), desc="reports", unit="scenario",
               disable=(not sys.stderr.isatty()) if progress is None else not progress)

    def done(job: Job, result) -> None:
        bar.set_postfix_str(f"{job.name}: {getattr(result, 'status', 'failed')}")
        bar.update(1)

    cancelled = False
    try:
        results = pool.map(functools.partial(run_one_in_worker, template=template), job_list,
                           key=lambda j: j.name, on_done=done)
    except Cancelled as exc:
        results, cancelled = exc.done, True
    finally:
        bar.close()
    ordered = []
    for j in job_list:
        r = results.get(j.name)
        if r is None:
            r = Outcome(j.name, "cancelled", j.parameters, "cancelled (Ctrl-C) before it finished")
        elif isinstance(r, WorkerDied):
            r = Outcome(j.name, "failed", j.parameters, r.message())
        r.attempts = pool.attempts.get(j.name, 0)
        ordered.append(r)
    return ordered, cancelled


def _write_summary(run_dir: Path, ordered: list[Outcome]) -> pd.DataFrame:
    """The run's ``summary.csv`` and ``projections.csv``: every ok scenario's, one table each.
    Returns the summary."""
    _stack(run_dir, ordered, "projections", PROJECTIONS_FILE, QUANTILE_COLUMNS)
    return _stack(run_dir, ordered, "summary", SUMMARY_FILE, SUMMARY_COLUMNS)


def _stack(run_dir: Path, ordered: list[Outcome], key: str, name: str, columns) -> pd.DataFrame:
    frames = [read_table(run_dir / o.files[key]) for o in ordered
              if o.status == "ok" and o.files.get(key)]
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
    write_csv(run_dir / name, table)
    return table


def _compare_families(pool: WorkerPool, run_dir: Path, lang: str, compare_template,
                      manifest: dict) -> list[dict] | None:
    """One comparison page per vintage family of the run (issue 14, item 1: scenarios are
    compared only at one vintage); each family's manifest entry, None when Ctrl-C stopped it.

    A run at one vintage keeps the single ``compare.html`` on every scenario; a run at several
    gets ``compare_<as_of>.html`` per family, each limited to its family's scenarios.
    """
    fams = families(scenario_vintages(manifest))
    out = []
    for fam in fams:
        one = len(fams) == 1
        entry = _compare(pool, run_dir, lang, compare_template, None if one else fam,
                         compare_stem(fam, fams))
        if entry is None:
            return None
        out.append({"as_of": fam.as_of, "vintage": fam.code, "scenarios": list(fam.names),
                    "compare": entry})
    return out


def _compare_summary(family_entries: list[dict]) -> dict:
    """``manifest["compare"]``: the one page of a one-vintage run, else every family's pages
    (``pages``) with the first error; ``status`` is failed when any page failed."""
    entries = [f["compare"] for f in family_entries]
    if len(entries) == 1:
        return entries[0]
    bad = [e for e in entries if e.get("status") != "ok"]
    return {"status": "failed" if bad else "ok", "error": bad[0].get("error") if bad else None,
            "notebook": None, "html": None, "pages": [e.get("html") for e in entries if e.get("html")]}


def _compare(pool: WorkerPool, run_dir: Path, lang: str, compare_template, family=None,
             stem: str = "compare") -> dict | None:
    """The compare notebook's manifest entry; None when Ctrl-C stopped it."""
    return _page(pool, stem, run_compare_in_worker, str(run_dir), lang, str(compare_template),
                 family, stem)


def _page(pool, what: str, fn, *args) -> dict | None:
    """A run page's manifest entry from ``fn(*args)`` on a worker; None on Ctrl-C."""
    try:
        return pool.call(fn, *args)
    except BrokenProcessPool as exc:  # its worker died: report, do not lose the run
        return {"status": "failed", "error": f"{type(exc).__name__}: the worker running "
                f"the {what} page died ({exc})", "notebook": None, "html": None}
    except Cancelled:
        return None


def _pool(engine: str, n: int, initargs: tuple, scheduler: str | None):
    """The worker pool of a run: local processes or Dask (same interface)."""
    if engine == "dask":
        return DaskPool(n, init_worker, initargs, scheduler)
    if engine != "local":
        raise XtForecastError(f"report engine must be 'local' or 'dask', got {engine!r}")
    if scheduler:
        raise XtForecastError("--scheduler is a Dask scheduler's address; it needs --engine dask")
    return WorkerPool(n, mp_context(), init_worker, initargs)


def _manifest(*, run_id, started, t0, template, kernel_name, warm, n_workers, lang,
              ordered, workers="local", data_dir=None) -> dict:
    return {
        "run_id": run_id, "started_utc": started.isoformat(timespec="seconds"),
        "finished_utc": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "elapsed_s": round(time.perf_counter() - t0, 3),
        "template": str(template), "kernel_name": kernel_name,
        "engine": "xtforecast-warm" if warm else "nbclient", "jobs": n_workers, "lang": lang,
        "workers": workers, "data_dir": data_dir,
        "versions": versions(),
        "n_ok": sum(o.status == "ok" for o in ordered),
        "n_failed": sum(o.status == "failed" for o in ordered),
        "n_cancelled": sum(o.status == "cancelled" for o in ordered),
        "scenarios": {o.name: o.manifest_entry() for o in ordered},
    }


def _point_latest(out: Path, run_id: str) -> None:
    """Make ``<out>/latest`` a symlink to the run, replacing the old one atomically."""
    link = out / "latest"
    tmp = out / f".latest.{os.getpid()}.tmp"
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    try:
        os.symlink(run_id, tmp, target_is_directory=True)
        os.replace(tmp, link)
    except OSError:  # no symlinks (some Windows set-ups): the newest run is found by name
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


__all__ = ["run_reports", "RunResult", "Job", "Outcome", "TEMPLATE", "COMPARE_TEMPLATE",
           "SWEEP_TEMPLATE", "CELL_TIMEOUT", "KERNEL_NAME", "ensure_kernel",
           "resolve_scenarios", "check_scenarios", "check_extra_parameters", "load_inputs",
           "make_jobs", "new_run_id", "check_run_id"]
