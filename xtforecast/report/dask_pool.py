"""The batch runner's workers on ``dask.distributed``: ``xtforecast report --engine dask``.

:class:`DaskPool` offers what the runner asks of :class:`~xtforecast.report.pool.WorkerPool`
(``map`` with a key and a callback, ``call``, ``attempts``, ``restarts``, a context manager), so
the run directory, the manifest, the atomic writes and the failure isolation are the very
same code on both: one task per scenario. A scenario whose worker dies is retried once (Dask
reschedules it) and then reported as :class:`~xtforecast.report.pool.WorkerDied`.

The worker start-up (environment, papermill, the warm kernel) runs inside the first task a
Dask worker gets, not in a plugin: it must run in the thread the tasks run in, because the
warm kernel's client is used from that thread afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from concurrent.futures.process import BrokenProcessPool
from functools import partial

from ..engines import DaskEngine
from .pool import Cancelled, WorkerDied

_started: dict = {}


def _in_worker(init: tuple, fn: Callable, *args):
    """Run the pool's initializer once per worker process, then ``fn(*args)``."""
    if not _started:
        initializer, initargs = init
        initializer(*initargs)
        _started["yes"] = True
    return fn(*args)


class DaskPool:
    """``n`` Dask workers (a LocalCluster) or the cluster at ``scheduler``.

    Parameters
    ----------
    n : int
    initializer : callable
        Run once in every worker, before its first task.
    initargs : tuple
    scheduler : str, optional
        A running scheduler's address; default a LocalCluster of ``n`` processes.
    """

    def __init__(self, n: int, initializer: Callable, initargs: tuple = (),
                 scheduler: str | None = None):
        self._engine = DaskEngine(n, scheduler)
        self.client = self._engine.client
        self._init = (initializer, tuple(initargs))
        self.restarts = 0
        self.attempts: dict[Hashable, int] = {}

    def map(self, fn: Callable, jobs: Iterable, key: Callable[[object], Hashable],
            on_done: Callable | None = None, retries: int = 1) -> dict:
        """``{key(job): fn(job) or WorkerDied}``; raises :class:`Cancelled` on Ctrl-C."""
        from distributed import as_completed  # optional (the dask extra)
        jobs = list(jobs)
        futures = [self.client.submit(_in_worker, self._init, fn, j, pure=False, retries=retries,
                                      key=f"report-{i}-{key(j)}") for i, j in enumerate(jobs)]
        where = {f.key: j for f, j in zip(futures, jobs, strict=True)}
        results: dict = {}
        try:
            for fut in as_completed(futures):
                job = where[fut.key]
                k = key(job)
                try:
                    results[k] = fut.result()
                    self.attempts[k] = 1
                except Exception as exc:  # KilledWorker: its worker died
                    self.attempts[k] = retries + 1
                    results[k] = WorkerDied(retries + 1, (None,), f"{type(exc).__name__}: {exc}")
                if on_done is not None:
                    on_done(job, results[k])
        except KeyboardInterrupt:
            self.client.cancel(futures)
            self.stop()
            raise Cancelled(results) from None
        return results

    def call(self, fn: Callable, *args):
        """``fn(*args)`` on a worker; ``BrokenProcessPool`` when the worker dies."""
        fut = self.client.submit(partial(_in_worker, self._init, fn), *args, pure=False)
        try:
            return fut.result()
        except KeyboardInterrupt:
            self.stop()
            raise Cancelled({}) from None
        except Exception as exc:  # the runner reports a dead worker this way
            if type(exc).__name__ == "KilledWorker":
                raise BrokenProcessPool(str(exc)) from exc
            raise

    def stop(self) -> None:
        self.close()

    def close(self) -> None:
        self._engine.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()
