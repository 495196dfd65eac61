"""Where independent tasks run: in this process, on a local process pool, or on Dask.

Sweeps (one task per goal and scenario) and batch reports (one task per scenario) hand their
tasks to an engine from :data:`ENGINES`. Every engine returns ``{key: result}`` with a
:class:`Failure` in place of a task that raised or whose worker died, so one bad task never
stops the others. Engines change *where* a task runs, never what it computes: tasks draw their
random numbers from streams keyed by what they compute (series, goal), not by worker or order,
so every engine and worker count gives the same numbers bit for bit.

* ``serial``: a loop in this process (benchmarks' baseline, debugging);
* ``local``: :class:`xtforecast.report.pool.WorkerPool`, ``jobs`` one-process slots (a dead
  worker costs only its own task, which is retried once);
* ``dask``: ``dask.distributed`` (``pip install 'xtforecast[dask]'``): a ``LocalCluster`` of
  ``jobs`` single-threaded worker processes, or the cluster at ``scheduler`` (an address such
  as ``tcp://10.0.0.5:8786``, passed once and shared by all tasks). Workers of a remote
  cluster must see the same data paths.
"""

from __future__ import annotations

import os
import signal
import traceback
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from functools import partial

from .errors import XtForecastError
from .report.pool import WorkerDied, WorkerPool, mp_context
from .suggest import did_you_mean


@dataclass(frozen=True)
class Failure:
    """A task that did not produce a result.

    Attributes
    ----------
    error : str
        One line: the exception's type and message, or how the worker died.
    detail : str
        The traceback (empty when the worker died).
    """

    error: str
    detail: str = ""


def call_safely(fn: Callable, item):
    """``fn(item)``, or a :class:`Failure` saying what it raised (runs in the worker)."""
    try:
        return fn(item)
    except Exception as exc:  # a task's failure is data for the caller
        return Failure(f"{type(exc).__name__}: {exc}", traceback.format_exc())


def _quiet_worker() -> None:
    """Worker start-up: Ctrl-C is the parent's to handle; one BLAS thread per process."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    os.environ.setdefault("OMP_NUM_THREADS", "1")


class SerialEngine:
    """Every task in this process, in order."""

    name = "serial"

    def __init__(self, jobs: int = 1, scheduler: str | None = None):
        self.jobs = 1

    def map(self, fn: Callable, items: Iterable, key: Callable[[object], Hashable],
            on_done: Callable | None = None) -> dict:
        out = {}
        for item in items:
            out[key(item)] = call_safely(fn, item)
            if on_done:
                on_done(item, out[key(item)])
        return out

    def close(self) -> None:
        pass


class LocalEngine(SerialEngine):
    """``jobs`` worker processes (:class:`~xtforecast.report.pool.WorkerPool`)."""

    name = "local"

    def __init__(self, jobs: int = 2, scheduler: str | None = None):
        self.jobs = max(1, int(jobs))
        self.pool = WorkerPool(self.jobs, mp_context(), _quiet_worker)

    def map(self, fn, items, key, on_done=None) -> dict:

        got = self.pool.map(partial(call_safely, fn), list(items), key, on_done=None)
        out = {}
        for k, v in got.items():
            out[k] = Failure(v.message()) if isinstance(v, WorkerDied) else v
        if on_done:
            for item in items:
                on_done(item, out[key(item)])
        return out

    def close(self) -> None:
        self.pool.close()


class DaskEngine(SerialEngine):
    """Tasks on ``dask.distributed``: a local cluster of ``jobs`` processes, or ``scheduler``."""

    name = "dask"

    def __init__(self, jobs: int = 2, scheduler: str | None = None):
        try:
            # optional (the dask extra), and slow to import
            from distributed import Client, LocalCluster
        except ModuleNotFoundError:
            raise XtForecastError("--engine dask needs dask.distributed: pip install "
                                  "'xtforecast[dask]' (or use --engine local)") from None
        self.jobs = max(1, int(jobs))
        self.cluster = None
        if scheduler:
            try:
                self.client = Client(scheduler, timeout="20s")
            except (OSError, TimeoutError) as exc:
                raise XtForecastError(f"cannot reach the Dask scheduler at {scheduler!r} ({exc}); "
                                      "check the address (tcp://HOST:8786) or leave --scheduler "
                                      "out for a local cluster") from None
        else:
            # one thread per worker: the tasks are numpy-bound and hold the GIL in between
            self.cluster = LocalCluster(n_workers=self.jobs, threads_per_worker=1,
                                        processes=True, dashboard_address=None)
            self.client = Client(self.cluster)
        self.client.run(_quiet_worker)
        # spawned workers start with nothing imported: import the stack now, once, so the
        # first task of every sweep on this cluster does not pay for it
        self.client.run(_import_stack)

    def map(self, fn, items, key, on_done=None) -> dict:
        from distributed import as_completed
        items = list(items)
        futures = self.client.map(call_safely, [fn] * len(items), items, pure=False)
        where = {f.key: it for f, it in zip(futures, items, strict=True)}
        out = {}
        for fut in as_completed(futures):
            item = where[fut.key]
            try:
                out[key(item)] = fut.result()
            except Exception as exc:  # e.g. KilledWorker: the worker died
                out[key(item)] = Failure(f"{type(exc).__name__}: {exc}")
            if on_done:
                on_done(item, out[key(item)])
        return out

    def worker_peak_rss(self) -> dict:
        """Peak resident memory (bytes) of every worker process, by worker address."""
        return self.client.run(_peak_rss)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _import_stack() -> None:
    # runs in each new Dask worker: importing is the point (and the sweep imports this module)
    import statsmodels.tsa.holtwinters  # noqa: F401 - the slow import of the growth models

    import xtforecast.projection
    import xtforecast.scenarios.engine
    import xtforecast.sweep.core  # noqa: F401


def _peak_rss() -> int:
    import resource  # POSIX only
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) * 1024


#: name -> engine class (a registry: ``--engine`` choices come from here).
ENGINES = {"serial": SerialEngine, "local": LocalEngine, "dask": DaskEngine}


def make_engine(name: str, jobs: int = 2, scheduler: str | None = None):
    """The engine called ``name`` with ``jobs`` workers (``scheduler``: a Dask address).

    Raises
    ------
    XtForecastError
        For an unknown engine, a scheduler given to an engine that has none, or Dask missing.
    """
    if name not in ENGINES:
        raise XtForecastError(f"unknown engine '{name}'.{did_you_mean(name, ENGINES)} "
                              f"Engines: {', '.join(ENGINES)}")
    if scheduler and name != "dask":
        raise XtForecastError(f"--scheduler is a Dask scheduler's address; it needs --engine "
                              f"dask, not {name}")
    return ENGINES[name](jobs, scheduler)
