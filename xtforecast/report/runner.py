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
        manifest.json                  per scenario: parameters, hashes, versions, timings,
                                       status ok|failed and the error
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
* ``cwd``: the template's directory (``notebooks/``), as when a user opens it in JupyterLab.

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
import traceback
import warnings
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import config
from .._schema import SUMMARY_COLUMNS
from ..names import name_problem
from .atomic import atomic_path, clean_temporaries, write_csv, write_json, write_text
from .content import PROVENANCE_FILE, SUMMARY_FILE
from .params import COMPARE_PARAMETERS, ParameterError, check_template, validate_parameters
from .pool import Cancelled, WorkerDied, WorkerPool

#: The report template.
TEMPLATE = config.NOTEBOOKS_DIR / "scenario_report.ipynb"
#: The compare template.
COMPARE_TEMPLATE = config.NOTEBOOKS_DIR / "compare_scenarios.ipynb"
#: The run's sweep page (P(attain) over two knobs, what it would take): ``sweep.html``.
SWEEP_TEMPLATE = config.NOTEBOOKS_DIR / "sweep_report.ipynb"
#: Seconds one cell may run before the notebook is stopped and its scenario reported failed.
CELL_TIMEOUT = 1800
#: Kernelspec installed when ``python3`` does not run this interpreter.
KERNEL_NAME = "xtforecast"


@dataclass
class Job:
    """One scenario to report on."""

    name: str  # directory name in the run (the scenario's file stem)
    parameters: dict


@dataclass
class Outcome:
    """What happened to one scenario."""

    name: str
    status: str  # "ok", "failed" or "cancelled" (Ctrl-C came first)
    parameters: dict
    error: str = ""
    timings: dict = field(default_factory=dict)
    provenance: dict = field(default_factory=dict)
    files: dict = field(default_factory=dict)
    attempts: int = 1  # 2 when its first worker died and it ran again on a fresh one

    def manifest_entry(self) -> dict:
        prov = self.provenance
        engine = prov.get("provenance", {})
        return {
            "status": self.status, "error": self.error or None,
            "parameters": self.parameters,
            "label_zh": prov.get("label_zh"), "label_en": prov.get("label_en"),
            "scenario_hash": engine.get("scenario_hash"), "data_hash": engine.get("data_hash"),
            "scenario_files": engine.get("scenario_files"), "plan": engine.get("plan"),
            "resolved": {**{k: engine.get(k) for k in ("as_of", "data_end", "n_sims", "seed",
                                                       "horizon")},
                         "vintage": _vintage(engine)},
            "versions": prov.get("versions"), "projector": prov.get("projector"),
            "timings": self.timings, "attempts": self.attempts,
            "notebook": self.files.get("notebook"), "html": self.files.get("html"),
            "summary": self.files.get("summary"),
        }


def _vintage(engine: dict) -> str | None:
    """``real_time``/``hindsight`` of a scenario's provenance (None before it ran)."""
    from .vintage import vintage_code
    return vintage_code(engine["as_of"], engine.get("data_end")) if "as_of" in engine else None


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


# -- kernel ---------------------------------------------------------------------------------------

def ensure_kernel(preferred: str = "python3") -> str:
    """A kernelspec name whose kernel runs this interpreter; installs one if needed.

    Returns ``preferred`` when its spec's ``argv[0]`` is ``sys.executable`` or a bare
    ``python`` (which jupyter_client replaces with ``sys.executable``); otherwise installs (once) a
    ``xtforecast`` kernelspec in
    ``sys.prefix`` with ipykernel and returns that name.
    """
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    ksm = KernelSpecManager()
    for name in (preferred, KERNEL_NAME):
        try:
            spec = ksm.get_kernel_spec(name)
        except NoSuchKernel:
            continue
        exe = spec.argv[0] if spec.argv else ""
        # jupyter_client launches a bare "python"/"python3"/"python3.X" with sys.executable.
        bare = {"python", f"python{sys.version_info[0]}",
                f"python{sys.version_info[0]}.{sys.version_info[1]}"}
        if exe in bare or _same_file(exe, sys.executable):
            return name
    from ipykernel.kernelspec import install
    install(kernel_name=KERNEL_NAME, display_name="Python (xtforecast)", prefix=sys.prefix)
    return KERNEL_NAME


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


# -- jobs -----------------------------------------------------------------------------------------

def resolve_scenarios(scenarios=None, *, all_: bool = False, directory=None) -> list[tuple[str, str]]:
    """``(name, scenario)`` pairs: the scenario argument as given and its directory name.

    ``scenarios`` are names in ``directory`` (default ``scenarios/``) or paths to YAML files;
    ``all_`` takes every ``*.yaml`` in ``directory``.
    """
    from ..scenarios.spec import scenario_files
    if all_:
        files = scenario_files(directory)
        if not files:
            raise ParameterError([f"--all: no *.yaml scenario in {directory or config.SCENARIOS_DIR}"])
        pairs = [(f.stem, str(f.resolve()) if directory else f.stem) for f in files]
        problems = [pr for pr in (name_problem(n, "scenario name") for n, _ in pairs) if pr]
        if problems:
            raise ParameterError([f"{pr} (it names the scenario's directory in the run; rename "
                                  "the file)" for pr in problems])
        return pairs
    if not scenarios:
        raise ParameterError(["give --scenario NAME (repeatable) or --all"])
    out = []
    for s in scenarios:
        p = Path(s)
        is_path = p.suffix in (".yaml", ".yml") or len(p.parts) > 1
        if not is_path and directory:
            s, is_path = str(Path(directory) / f"{s}.yaml"), True
        # paths are made absolute: the kernel runs in notebooks/, not in the caller's directory
        out.append((p.stem, str(Path(s).resolve()) if is_path else s))
    problems = [pr for pr in (name_problem(n, "scenario name") for n, _ in out) if pr]
    if problems:
        raise ParameterError([f"{pr} (it names the scenario's directory in the run; rename "
                              "the file)" for pr in problems])
    names = [n for n, _ in out]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise ParameterError([f"scenario {d} given twice; each scenario gets one directory" for d in dup])
    return out


def check_scenarios(pairs: list[tuple[str, str]], *, all_: bool = False, directory=None) -> None:
    """Check the scenario files (and the data they name) before anything is written.

    A scenario named on the command line must pass ``xtforecast scenarios check``: a typo
    is refused (exit 2) instead of producing a run whose one report failed. ``--all`` takes
    what the directory holds: an invalid file there is run and reported failed beside the
    others, unless no file is valid, which is refused like a named one.

    Raises
    ------
    ParameterError
        Every problem, with file and line; nothing has been written.
    """
    from ..catalog import load_catalog
    from ..errors import DataError
    from ..scenarios.spec import read_scenario
    # The kernels read the data from $XTFORECAST_DATA (`report --data-dir` sets it after the
    # package was imported, so config.DATA_DIR may be older): check against the same files.
    data = Path(os.environ.get("XTFORECAST_DATA") or config.DATA_DIR)
    try:
        catalog = load_catalog(data / "indicators.yaml", data / "regions.yaml")
    except DataError as exc:
        raise ParameterError([str(i) for i in exc.issues]) from None
    problems = {name: read_scenario(scenario, catalog, targets_dir=data / "targets",
                                    directory=directory)[1] for name, scenario in pairs}
    bad = {n: issues for n, issues in problems.items() if issues}
    if bad and (not all_ or len(bad) == len(pairs)):
        raise ParameterError([f"scenario {n}: {i}" for n, issues in bad.items() for i in issues]
                             + ["fix the file(s) (`xtforecast scenarios check` lists the same "
                                "problems); nothing was run"])


#: Parameters the runner sets itself for every job: ``-p`` cannot pass them.
RUNNER_PARAMETERS = ("scenario", "out_dir")


def check_extra_parameters(extra: dict | None) -> dict:
    """``-p NAME VALUE`` pairs for the template: not one the runner sets per scenario.

    Their names and values are checked with the template's own rules in :func:`make_jobs`.
    """
    extra = dict(extra or {})
    owned = [n for n in extra if n in RUNNER_PARAMETERS]
    if owned:
        raise ParameterError([f"-p {n}: set by the runner for each scenario (use --scenario/"
                              "--all and --out instead)" for n in owned])
    return extra


def make_jobs(scenarios: list[tuple[str, str]], run_dir: Path, *, lang: str = "zh",
              n_sims: int | None = None, seed: int | None = None, as_of: int | None = None,
              template: Path = TEMPLATE, extra: dict | None = None) -> list[Job]:
    """Validated jobs; raises :class:`ParameterError` listing every problem before anything runs.

    ``n_sims`` None means the scenario's own ``n_sims`` (read from the file), not the
    template's small default. ``extra`` (``-p NAME VALUE``) is passed through to the template
    after the options, and validated like them (unknown names get a did-you-mean).
    """
    declared = check_template(template)
    extra = check_extra_parameters(extra)
    jobs, problems = [], []
    for name, scenario in scenarios:
        params = {"scenario": scenario, "as_of": as_of, "n_sims": n_sims, "seed": seed,
                  "lang": lang, **extra, "out_dir": str((run_dir / name).resolve())}
        try:
            jobs.append(Job(name, validate_parameters(params, declared=declared,
                                                      where=f"scenario {name}")))
        except ParameterError as exc:
            problems += [f"{name}: {p}" for p in exc.problems]
    if problems:
        raise ParameterError(problems)
    return jobs


def new_run_id(now: dt.datetime | None = None) -> str:
    """``YYYYmmddTHHMMSS.ffffffZ-xxxxxx``: UTC time to the microsecond and a random suffix.

    Sorts in time order; two runs started in the same microsecond (two shells, one cron
    line) still get different directories.
    """
    import secrets
    now = now or dt.datetime.now(dt.UTC)
    return f"{now.strftime('%Y%m%dT%H%M%S.%fZ')}-{secrets.token_hex(3)}"


def check_run_id(out: Path, run_id: str | None) -> None:
    """Refuse an ``out`` that cannot hold runs, and a run id that is not a plain name, is
    reserved, or names an existing run.

    Raises
    ------
    ParameterError
        Naming the id and the fix; nothing has been written.
    """
    existing = next((p for p in (out, *out.parents) if p.exists()), None)
    if existing is not None and not existing.is_dir():
        raise ParameterError([f"--out {out}: {existing} is a file, not a directory; name a "
                              "directory for the runs (e.g. reports)"])
    if existing is not None and not os.access(existing, os.W_OK | os.X_OK):
        raise ParameterError([f"--out {out}: {existing} is not writable; name a directory you "
                              "can write to"])
    if run_id is None:
        return
    problem = name_problem(run_id, "--run-id")
    if problem is None and (out / run_id).exists():
        problem = (f"--run-id {run_id!r}: {out / run_id} exists; a run never writes into an "
                   "earlier one. Choose another id, or leave --run-id out for a fresh one")
    if problem:
        raise ParameterError([problem])


def _make_run_dir(run_dir: Path) -> None:
    """Create the run directory; one that exists now belongs to a run started alongside."""
    run_dir.parent.mkdir(parents=True, exist_ok=True)
    try:
        run_dir.mkdir()
    except FileExistsError:
        raise ParameterError([f"{run_dir} was created by another run meanwhile; a run never "
                              "writes into another. Start again (without --run-id for a "
                              "fresh id)"]) from None


# -- one scenario (runs in a worker process) ------------------------------------------------------

_worker_state: dict = {}


def _init_worker(kernel_name: str, warm: bool, env: dict, timeout: int = CELL_TIMEOUT) -> None:
    """Worker start-up: environment, papermill, the warm engine and the kernel, once."""
    import signal
    import threading
    if threading.current_thread() is threading.main_thread():
        # Ctrl-C reaches the whole process group; the parent alone decides what it stops (it
        # stops the workers with SIGTERM), so a worker never dies half-way through a write.
        # (A Dask worker starts up in its task thread, where its nanny handles signals.)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, _stop_worker)
    os.environ.update(env)
    import papermill  # noqa: F401 - the import is the slow part; do it once per worker

    from .html import warm_exporter
    if warm:
        from . import engine
        engine.register()
        engine.warm_kernel(kernel_name, cwd=str(TEMPLATE.parent), warm_up=warm_exporter)
        # stop the kernel when the worker exits (the pool's shutdown runs these finalizers)
        import multiprocessing.util
        multiprocessing.util.Finalize(None, engine.shutdown_kernel, exitpriority=10)
    else:
        warm_exporter()
    _worker_state.update(kernel_name=kernel_name, warm=warm, timeout=timeout)


def _stop_worker(signum, frame) -> None:
    """SIGTERM from the parent (Ctrl-C, or the run is over): kill the kernel, then exit."""
    if _worker_state.get("warm"):
        from . import engine
        engine.kill_kernel()
    os._exit(128 + signum)


def execute(template: str | Path, nb_path: Path, parameters: dict, kernel_name: str,
            warm: bool = True) -> str:
    """Execute ``template`` into ``nb_path`` (atomically); return the error, or "" when it ran.

    papermill writes its output notebook several times while it runs: it gets a temporary,
    moved into place once, whether the notebook succeeded or failed (the traceback stays in
    the failing cell). Errors other than a failing cell propagate.
    """
    import papermill as pm
    engine_name = None
    if warm:
        from . import engine
        engine_name = engine.register()
    error = ""
    with atomic_path(nb_path) as tmp:
        try:
            warnings.filterwarnings("ignore", message="The specified file", category=UserWarning)
            pm.execute_notebook(str(template), str(tmp), parameters=parameters,
                                engine_name=engine_name, kernel_name=kernel_name,
                                cwd=str(Path(template).parent), progress_bar=False,
                                request_save_on_cell_execute=False,
                                execution_timeout=_worker_state.get("timeout", CELL_TIMEOUT))
        except pm.PapermillExecutionError as exc:
            error = _short_error(exc)
    return error


def run_one(job: Job, template: str, kernel_name: str, warm: bool = True) -> Outcome:
    """Execute the template for one job, export HTML; never raises (failures are outcomes)."""
    import json

    from .html import export_html
    out_dir = Path(job.parameters["out_dir"])
    out_dir.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    timings, files, error, status = {}, {}, "", "ok"
    nb_path = out_dir / "report.ipynb"
    try:
        error = execute(template, nb_path, job.parameters, kernel_name, warm)
        status = "failed" if error else "ok"
        files["notebook"] = f"{job.name}/report.ipynb"
        timings["execute_s"] = round(time.perf_counter() - t0, 3)
        if status == "ok":
            summary = out_dir / SUMMARY_FILE
            if not summary.is_file():
                raise RuntimeError(f"the notebook wrote no {SUMMARY_FILE} into {out_dir}")
            missing = [c for c in SUMMARY_COLUMNS if c not in pd.read_csv(summary, nrows=0).columns]
            if missing:
                raise RuntimeError(f"{SUMMARY_FILE} lacks contract columns {missing}")
            files["summary"] = f"{job.name}/{SUMMARY_FILE}"
            t1 = time.perf_counter()
            export_html(nb_path, out_dir / "report.html", title=_page_title(out_dir, job))
            timings["html_s"] = round(time.perf_counter() - t1, 3)
            files["html"] = f"{job.name}/report.html"
    except Exception as exc:  # one scenario's failure must not stop the run
        status = "failed"
        error = error or f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=3)}"
    prov = {}
    pf = out_dir / PROVENANCE_FILE
    if pf.is_file():
        with contextlib.suppress(ValueError):
            prov = json.loads(pf.read_text(encoding="utf-8"))
    if status != "ok":
        # A failed scenario must not look finished: no summary or HTML of a half run.
        for f in (SUMMARY_FILE, "report.html"):
            with contextlib.suppress(FileNotFoundError):
                (out_dir / f).unlink()
        files.pop("summary", None)
        files.pop("html", None)
    timings["total_s"] = round(time.perf_counter() - t0, 3)
    return Outcome(job.name, status, job.parameters, error, timings, prov, files)


def _page_title(out_dir: Path, job: Job) -> str:
    """The report's ``<title>``: the scenario's label in the report's language (not its file
    name), as the notebook recorded it in provenance.json."""
    import json

    from .content import text
    lang = job.parameters.get("lang", "zh")
    try:
        prov = json.loads((out_dir / PROVENANCE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        prov = {}
    label = prov.get(f"label_{lang}") or job.name
    return text("title", lang, label=label)


def _short_error(exc) -> str:
    """``ename: evalue`` of a failed cell, plus the cell number (no ANSI colours)."""
    import re
    head = f"{getattr(exc, 'ename', type(exc).__name__)}: {getattr(exc, 'evalue', exc)}"
    where = f" (cell {exc.exec_count})" if getattr(exc, "exec_count", None) else ""
    return re.sub(r"\x1b\[[0-9;]*m", "", head + where)


def _mp_context():
    """``fork`` where there is one (POSIX): workers inherit the parent's imports (papermill,
    pandas: seconds per process) and start at once; the parent has started no thread yet. Else
    ``spawn`` (Windows, macOS default), which re-imports in every worker."""
    import multiprocessing
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods and sys.platform != "darwin"
                                       else "spawn")


def _run_one_in_worker(job: Job, template: str) -> Outcome:
    """:func:`run_one` with the worker's kernel."""
    return run_one(job, template, _worker_state["kernel_name"], _worker_state["warm"])


def run_page(run_dir: Path, template: str | Path, stem: str, parameters: dict, title: str,
             kernel_name: str, warm: bool = True) -> dict:
    """Execute a run page's template on a run: ``<run>/<stem>.ipynb`` and ``<stem>.html``.

    Returns the manifest entry (status, error, timings, files); never raises.
    """
    from .html import export_html
    t0 = time.perf_counter()
    entry = {"status": "ok", "error": None, "notebook": None, "html": None}
    try:
        err = execute(template, Path(run_dir) / f"{stem}.ipynb",
                      {"run_dir": str(Path(run_dir).resolve()), **parameters}, kernel_name, warm)
        entry["notebook"] = f"{stem}.ipynb"
        if err:
            entry.update(status="failed", error=err)
        else:
            export_html(Path(run_dir) / f"{stem}.ipynb", Path(run_dir) / f"{stem}.html",
                        title=title)
            entry["html"] = f"{stem}.html"
    except Exception as exc:  # reported in the manifest, like a scenario
        entry.update(status="failed", error=f"{type(exc).__name__}: {exc}")
    entry["timings"] = {"total_s": round(time.perf_counter() - t0, 3)}
    return entry


def run_compare(run_dir: Path, lang: str, template: str | Path, kernel_name: str,
                warm: bool = True, family=None, stem: str = "compare") -> dict:
    """``compare_scenarios`` on a run (:func:`run_page`): ``<run>/<stem>.ipynb`` and ``.html``.

    ``family`` (a :class:`~xtforecast.report.vintage.Family`) limits the page to the
    scenarios of one vintage; None compares every scenario of the run.
    """
    from .content import compare_title
    as_of = family.as_of if family is not None else None
    return run_page(run_dir, template, stem, {"lang": lang, "as_of": as_of},
                    compare_title(lang, as_of, family.code if family else None), kernel_name, warm)


def run_sweep_page(run_dir: Path, lang: str, template: str | Path, kernel_name: str,
                   warm: bool = True) -> dict:
    """``sweep_report`` on a run (:func:`run_page`): ``sweep.ipynb`` and ``sweep.html``."""
    from .content import text
    return run_page(run_dir, template, "sweep", {"lang": lang}, text("sweep_title", lang),
                    kernel_name, warm)


def _run_compare_in_worker(run_dir: str, lang: str, template: str, family=None,
                           stem: str = "compare") -> dict:
    return run_compare(Path(run_dir), lang, template, _worker_state["kernel_name"],
                       _worker_state["warm"], family, stem)


def _run_sweep_in_worker(run_dir: str, lang: str, template: str) -> dict:
    return run_sweep_page(Path(run_dir), lang, template, _worker_state["kernel_name"],
                          _worker_state["warm"])


# -- the run --------------------------------------------------------------------------------------

def _versions() -> dict:
    from .content import _versions
    return _versions()


def run_reports(scenarios=None, *, all_: bool = False, out: str | Path | None = None,
                jobs: int = 1, lang: str = "zh", n_sims: int | None = None,
                seed: int | None = None, as_of: int | None = None,
                scenarios_dir: str | Path | None = None, template: str | Path = TEMPLATE,
                run_id: str | None = None, warm: bool = True, progress: bool | None = None,
                kernel_name: str | None = None, compare: bool = True, timeout: int = CELL_TIMEOUT,
                compare_template: str | Path = COMPARE_TEMPLATE,
                parameters: dict | None = None, engine: str = "local",
                scheduler: str | None = None, sweep: bool = True,
                sweep_template: str | Path = SWEEP_TEMPLATE) -> RunResult:
    """Run the report template for every scenario and write the run's files.

    Parameters
    ----------
    scenarios : list of str, optional
        Scenario names (in ``scenarios_dir``) or YAML paths.
    all_ : bool
        Every scenario in ``scenarios_dir``.
    out : path, optional
        Parent of the run directory (default ``reports/``).
    jobs : int
        Worker processes (``>= 1``).
    lang : {"zh", "en"}
    n_sims, seed, as_of : int, optional
        Override the scenarios' own values.
    scenarios_dir : path, optional
        Default ``scenarios/``.
    template : path
        The notebook to run (default ``notebooks/scenario_report.ipynb``).
    run_id : str, optional
        Default: :func:`new_run_id`.
    warm : bool
        Reuse one kernel per worker (:mod:`xtforecast.report.engine`); False = a fresh kernel
        per notebook (papermill's ``nbclient`` engine).
    progress : bool, optional
        Show the tqdm bar (default: when stderr is a terminal).
    kernel_name : str, optional
        Default :func:`ensure_kernel`.
    compare : bool
        Also run ``compare_template`` on the run (``compare.ipynb``/``compare.html``, linked
        from the index) once every scenario is done.
    compare_template : path
        Default ``notebooks/compare_scenarios.ipynb``.
    timeout : int
        Seconds one cell may run (papermill's ``execution_timeout``); a cell that takes longer
        fails its scenario, so a hung kernel cannot stall the batch.
    parameters : dict, optional
        More template parameters (``-p NAME VALUE``), over ``lang``/``n_sims``/``seed``/
        ``as_of``; validated like the template's own (not ``scenario`` or ``out_dir``).
    engine : {"local", "dask"}
        Where the scenarios run: ``jobs`` local worker processes, or Dask workers (a
        LocalCluster of ``jobs`` processes, or the cluster at ``scheduler``); one task per
        scenario either way, with the same files, manifest and failure isolation.
    scheduler : str, optional
        A Dask scheduler's address (``engine="dask"``).
    sweep : bool
        Also run ``sweep_template`` on the run (``sweep.html``: P(attain) over two knobs and
        what it would take, linked from the index), after the comparison.
    sweep_template : path
        Default ``notebooks/sweep_report.ipynb``.

    Returns
    -------
    RunResult

    Raises
    ------
    ParameterError
        Before anything runs, for bad parameters, unknown scenarios or a template whose
        ``parameters`` cell does not match :data:`~xtforecast.report.params.REPORT_PARAMETERS`.
    """
    if not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 1:
        raise ParameterError([f"jobs: must be a whole number >= 1; got {jobs!r}"])
    template = Path(template).resolve()
    out = Path(out or config.REPORTS_DIR)
    check_run_id(out, run_id)
    run_id = run_id or new_run_id()
    run_dir = out / run_id
    pairs = resolve_scenarios(scenarios, all_=all_, directory=scenarios_dir)
    check_scenarios(pairs, all_=all_, directory=scenarios_dir)
    job_list = make_jobs(pairs, run_dir, lang=lang, n_sims=n_sims, seed=seed, as_of=as_of,
                         template=template, extra=parameters)
    lang = job_list[0].parameters["lang"] if job_list else lang  # -p lang en counts too
    if compare:
        compare_template = Path(compare_template).resolve()
        check_template(compare_template, COMPARE_PARAMETERS)
    if sweep:
        from .params import SWEEP_PARAMETERS
        sweep_template = Path(sweep_template).resolve()
        check_template(sweep_template, SWEEP_PARAMETERS)
        validate_parameters({"lang": lang}, COMPARE_PARAMETERS, where="compare parameters")
    kernel_name = kernel_name or ensure_kernel()
    _make_run_dir(run_dir)
    started = dt.datetime.now(dt.UTC)
    t0 = time.perf_counter()

    # The environment the kernels see (data and root overrides travel with it).
    # Paths become absolute: the kernels run in notebooks/, not in the caller's directory.
    env = {k: (str(Path(v).resolve()) if k in ("XTFORECAST_DATA", "XTFORECAST_ROOT") else v)
           for k, v in os.environ.items() if k.startswith("XTFORECAST_")}
    n_workers = min(jobs, len(job_list))
    meta = {"run_id": run_id, "started": started, "t0": t0, "template": template,
                "kernel_name": kernel_name, "warm": warm, "n_workers": n_workers, "lang": lang,
                "workers": engine}
    compare_entry, family_entries, sweep_entry, cancelled = None, None, None, False
    try:
        with _pool(engine, n_workers, (kernel_name, warm, env, timeout), scheduler) as pool:
            ordered, cancelled = _run_jobs(pool, job_list, str(template), progress)
            summary = _write_summary(run_dir, ordered)
            if compare and not cancelled and any(o.status == "ok" for o in ordered):
                # The compare notebook reads the per-scenario summaries and this manifest.
                write_json(run_dir / "manifest.json", _manifest(ordered=ordered, **meta))
                family_entries = _compare_families(pool, run_dir, lang, compare_template,
                                                   _manifest(ordered=ordered, **meta))
                cancelled = family_entries is None
                compare_entry = _compare_summary(family_entries) if not cancelled else None
            if sweep and not cancelled and any(o.status == "ok" for o in ordered):
                write_json(run_dir / "manifest.json", _manifest(ordered=ordered, **meta))
                sweep_entry = _page(pool, "sweep", _run_sweep_in_worker, str(run_dir), lang,
                                    str(sweep_template))
                cancelled = sweep_entry is None
    finally:
        # A killed worker or an interrupted run leaves its atomic writes' temporaries.
        clean_temporaries(run_dir)
    manifest = _manifest(ordered=ordered, **meta)
    manifest["status"] = "cancelled" if cancelled else "complete"
    if compare_entry is not None:
        manifest["compare"] = compare_entry
        manifest["families"] = family_entries
    if sweep_entry is not None:
        manifest["sweep"] = sweep_entry
    from .html import index_html
    write_text(run_dir / "index.html", index_html(manifest, summary, lang))
    write_json(run_dir / "manifest.json", manifest)
    # `latest` stays on the last complete run with something to read: not an interrupted
    # run, nor one in which every scenario failed.
    if not cancelled and manifest["n_ok"]:
        _point_latest(out, run_id)
    return RunResult(run_dir, ordered, manifest)


def _run_jobs(pool: WorkerPool, job_list: list[Job], template: str,
              progress: bool | None) -> tuple[list[Outcome], bool]:
    """Every job's outcome in job order, and whether Ctrl-C cut the batch short.

    A job whose worker died twice is ``failed`` (the others run on); after Ctrl-C the jobs
    that had not finished are ``cancelled``.
    """
    from tqdm.auto import tqdm
    bar = tqdm(total=len(job_list), desc="reports", unit="scenario",
               disable=(not sys.stderr.isatty()) if progress is None else not progress)

    def done(job: Job, result) -> None:
        bar.set_postfix_str(f"{job.name}: {getattr(result, 'status', 'failed')}")
        bar.update(1)

    cancelled = False
    try:
        results = pool.map(functools.partial(_run_one_in_worker, template=template), job_list,
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
    """The run's ``summary.csv``: every ok scenario's summary, one table."""
    frames = [pd.read_csv(run_dir / o.files["summary"], dtype={"target_value": str})
              for o in ordered if o.status == "ok" and o.files.get("summary")]
    summary = (pd.concat(frames, ignore_index=True) if frames
               else pd.DataFrame(columns=SUMMARY_COLUMNS))
    write_csv(run_dir / SUMMARY_FILE, summary)
    return summary


def _compare_families(pool: WorkerPool, run_dir: Path, lang: str, compare_template,
                      manifest: dict) -> list[dict] | None:
    """One comparison page per vintage family of the run (issue 14, item 1: scenarios are
    compared only at one vintage); each family's manifest entry, None when Ctrl-C stopped it.

    A run at one vintage keeps the single ``compare.html`` on every scenario; a run at several
    gets ``compare_<as_of>.html`` per family, each limited to its family's scenarios.
    """
    from .vintage import compare_stem, families, scenario_vintages
    fams = families(scenario_vintages(manifest))
    out = []
    for fam in fams:
        one = len(fams) == 1
        entry = _compare(pool, run_dir, lang, compare_template, None if one else fam,
                         compare_stem(fam, len(fams)))
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
    return _page(pool, stem, _run_compare_in_worker, str(run_dir), lang, str(compare_template),
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
    from ..errors import XtForecastError
    if engine == "dask":
        from .dask_pool import DaskPool
        return DaskPool(n, _init_worker, initargs, scheduler)
    if engine != "local":
        raise XtForecastError(f"report engine must be 'local' or 'dask', got {engine!r}")
    if scheduler:
        raise XtForecastError("--scheduler is a Dask scheduler's address; it needs --engine dask")
    return WorkerPool(n, _mp_context(), _init_worker, initargs)


def _manifest(*, run_id, started, t0, template, kernel_name, warm, n_workers, lang,
              ordered, workers="local") -> dict:
    return {
        "run_id": run_id, "started_utc": started.isoformat(timespec="seconds"),
        "finished_utc": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "elapsed_s": round(time.perf_counter() - t0, 3),
        "template": str(template), "kernel_name": kernel_name,
        "engine": "xtforecast-warm" if warm else "nbclient", "jobs": n_workers, "lang": lang,
        "workers": workers,
        "versions": _versions(),
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
