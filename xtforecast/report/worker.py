"""What runs in a worker process of the batch runner: its kernel, and one notebook at a time.

:func:`run_one` executes the report template for one job and exports its HTML;
:func:`run_page` does the same for a page on the whole run (the comparison, the sweep). Neither
raises: a failure is an :class:`Outcome` (or a manifest entry) with the error, so one scenario
cannot stop the run. :func:`ensure_kernel` picks the kernelspec every notebook runs in: one
whose kernel is this very interpreter.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import multiprocessing.util
import os
import re
import signal
import sys
import threading
import time
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import config
from .._schema import SUMMARY_COLUMNS
from ..i18n import t
from .atomic import atomic_path
from .compare import PROJECTIONS_FILE, PROVENANCE_FILE, SUMMARY_FILE, compare_title
from .html import export_html, warm_exporter
from .jobs import Job
from .vintage import vintage_code

#: Seconds one cell may run before the notebook is stopped and its scenario reported failed.
CELL_TIMEOUT = 1800
#: Kernelspec installed when ``python3`` does not run this interpreter.
KERNEL_NAME = "xtforecast"


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
            "resolved": {**{k: engine.get(k) for k in ("as_of", "data_end", "known_from",
                                                       "n_sims", "seed", "horizon")},
                         "vintage": _vintage(engine)},
            "versions": prov.get("versions"), "projector": prov.get("projector"),
            "timings": self.timings, "attempts": self.attempts,
            "notebook": self.files.get("notebook"), "html": self.files.get("html"),
            "summary": self.files.get("summary"), "projections": self.files.get("projections"),
        }


def _vintage(engine: dict) -> str | None:
    """``real_time``/``authors``/``hindsight`` of a scenario's provenance (None before it ran)."""
    return (vintage_code(engine["as_of"], engine.get("data_end"), engine.get("known_from"))
            if "as_of" in engine else None)


# -- kernel ---------------------------------------------------------------------------------------

def ensure_kernel(preferred: str = "python3") -> str:
    """A kernelspec name whose kernel runs this interpreter; installs one if needed.

    Returns ``preferred`` when its spec's ``argv[0]`` is ``sys.executable`` or a bare
    ``python`` (which jupyter_client replaces with ``sys.executable``); otherwise installs (once) a
    ``xtforecast`` kernelspec in
    ``sys.prefix`` with ipykernel and returns that name.
    """
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel  # the notebook stack: optional, slow
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


# -- in a worker process ------------------------------------------------------------------------

_worker_state: dict = {}


def init_worker(kernel_name: str, warm: bool, timeout: int = CELL_TIMEOUT) -> None:
    """Worker start-up: papermill, the warm engine and the kernel, once.

    Nothing about the data reaches a worker here: each job's notebook parameters say where
    its data are (``data_dir``) and what draws its paths (``projector``)."""
    if threading.current_thread() is threading.main_thread():
        # Ctrl-C reaches the whole process group; the parent alone decides what it stops (it
        # stops the workers with SIGTERM), so a worker never dies half-way through a write.
        # (A Dask worker starts up in its task thread, where its nanny handles signals.)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, _stop_worker)
    import papermill  # noqa: F401 - the import is the slow part; do it once per worker

    if warm:
        # report.engine imports papermill (slow): only in a warm worker
        from . import engine
        engine.register()
        engine.warm_kernel(kernel_name, cwd=str(config.NOTEBOOKS_DIR), warm_up=warm_exporter)
        # stop the kernel when the worker exits (the pool's shutdown runs these finalizers)
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
            if (out_dir / PROJECTIONS_FILE).is_file():  # a template of one's own may not write it
                files["projections"] = f"{job.name}/{PROJECTIONS_FILE}"
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

    lang = job.parameters.get("lang", "zh")
    try:
        prov = json.loads((out_dir / PROVENANCE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        prov = {}
    label = prov.get(f"label_{lang}") or job.name
    return t("report.title", lang).format(label=label)


def _short_error(exc) -> str:
    """``ename: evalue`` of a failed cell, plus the cell number (no ANSI colours)."""
    head = f"{getattr(exc, 'ename', type(exc).__name__)}: {getattr(exc, 'evalue', exc)}"
    where = f" (cell {exc.exec_count})" if getattr(exc, "exec_count", None) else ""
    return re.sub(r"\x1b\[[0-9;]*m", "", head + where)


def run_one_in_worker(job: Job, template: str) -> Outcome:
    """:func:`run_one` with the worker's kernel."""
    return run_one(job, template, _worker_state["kernel_name"], _worker_state["warm"])


def run_page(run_dir: Path, template: str | Path, stem: str, parameters: dict, title: str,
             kernel_name: str, warm: bool = True) -> dict:
    """Execute a run page's template on a run: ``<run>/<stem>.ipynb`` and ``<stem>.html``.

    Returns the manifest entry (status, error, timings, files); never raises.
    """
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
    as_of = family.as_of if family is not None else None
    code = family.code if family is not None else None
    return run_page(run_dir, template, stem, {"lang": lang, "as_of": as_of, "vintage": code or ""},
                    compare_title(lang, as_of, code), kernel_name, warm)


def run_sweep_page(run_dir: Path, lang: str, template: str | Path, kernel_name: str,
                   warm: bool = True) -> dict:
    """``sweep_report`` on a run (:func:`run_page`): ``sweep.ipynb`` and ``sweep.html``."""
    return run_page(run_dir, template, "sweep", {"lang": lang}, t("sweep_page.title", lang),
                    kernel_name, warm)


def run_compare_in_worker(run_dir: str, lang: str, template: str, family=None,
                           stem: str = "compare") -> dict:
    return run_compare(Path(run_dir), lang, template, _worker_state["kernel_name"],
                       _worker_state["warm"], family, stem)


def run_sweep_in_worker(run_dir: str, lang: str, template: str) -> dict:
    return run_sweep_page(Path(run_dir), lang, template, _worker_state["kernel_name"],
                          _worker_state["warm"])
