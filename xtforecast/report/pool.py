"""Worker processes for the batch runner: a dead worker costs its own job, nothing else.

A :class:`concurrent.futures.ProcessPoolExecutor` with several workers breaks as a whole when
one worker dies (SIGKILL, the kernel's out-of-memory killer): every pending future gets
``BrokenProcessPool`` and nothing says which job was running in the dead process. So the pool
here is ``n`` *slots*, each a one-process executor running one job at a time. When a slot's
worker dies, exactly its job fails; the slot gets a fresh worker (the initializer runs again)
and the job is retried once there before it is reported.

Ctrl-C (SIGINT to the parent or to the whole process group) stops every worker at once; the
workers ignore SIGINT themselves, so only the parent decides, and :meth:`WorkerPool.map` raises
:class:`Cancelled` carrying the jobs that finished.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import sys
from collections import deque
from collections.abc import Callable, Hashable, Iterable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass


@dataclass(frozen=True)
class WorkerDied:
    """A job whose worker process died on every attempt.

    Attributes
    ----------
    attempts : int
    exitcodes : tuple of int or None
        The dead workers' exit codes (``-9``: killed by SIGKILL, e.g. out of memory).
    cause : str
        What the engine said (Dask's ``KilledWorker``), when it says more than an exit code.
    """

    attempts: int
    exitcodes: tuple
    cause: str = ""

    def message(self) -> str:
        codes = ", ".join("?" if c is None else str(c) for c in self.exitcodes)
        return (f"WorkerDied: the worker process running this scenario died on each of "
                f"{self.attempts} attempts (exit codes {codes}; -9 is SIGKILL, often the "
                "out-of-memory killer)" + (f" [{self.cause}]" if self.cause else "")
                + "; the other scenarios were not affected")


class Cancelled(Exception):
    """The batch was interrupted (Ctrl-C); ``done`` maps each finished job to its result."""

    def __init__(self, done: dict):
        super().__init__("interrupted")
        self.done = done


class WorkerPool:
    """``n`` one-process executors (see the module docstring).

    Parameters
    ----------
    n : int
        Worker processes.
    mp_context : multiprocessing context
    initializer : callable
        Run in every worker at its start, a fresh one included.
    initargs : tuple
    """

    def __init__(self, n: int, mp_context, initializer: Callable, initargs: tuple = ()):
        self._new = lambda: ProcessPoolExecutor(max_workers=1, mp_context=mp_context,
                                                initializer=initializer, initargs=initargs)
        self._slots = [self._new() for _ in range(n)]
        #: How many times a worker was replaced after dying (for the manifest).
        self.restarts = 0

    def map(self, fn: Callable, jobs: Iterable, key: Callable[[object], Hashable],
            on_done: Callable[[object, object], None] | None = None, retries: int = 1) -> dict:
        """Run ``fn(job)`` for every job; return ``{key(job): result or WorkerDied}``.

        A job whose worker dies is retried up to ``retries`` times on a fresh worker; the
        result of a retried job carries no mark, so ``attempts`` says how often each ran.

        Raises
        ------
        Cancelled
            On KeyboardInterrupt, after every worker has been stopped.
        """
        pending, running, results = deque(jobs), {}, {}
        self.attempts: dict[Hashable, int] = {}
        exitcodes: dict[Hashable, list] = {}

        def start(slot: int) -> None:
            if pending:
                job = pending.popleft()
                self.attempts[key(job)] = self.attempts.get(key(job), 0) + 1
                running[self._slots[slot].submit(fn, job)] = (slot, job)

        try:
            for slot in range(len(self._slots)):
                start(slot)
            while running:
                done, _ = wait(list(running), timeout=1.0, return_when=FIRST_COMPLETED)
                for fut in done:
                    slot, job = running.pop(fut)
                    k = key(job)
                    try:
                        results[k] = fut.result()
                    except BrokenProcessPool:
                        exitcodes.setdefault(k, []).append(self._replace(slot))
                        if self.attempts[k] <= retries:
                            pending.appendleft(job)  # next on the fresh worker
                            start(slot)
                            continue
                        results[k] = WorkerDied(self.attempts[k], tuple(exitcodes[k]))
                    if on_done is not None:
                        on_done(job, results[k])
                    start(slot)
        except KeyboardInterrupt:
            self.stop()
            raise Cancelled(results) from None
        return results

    def call(self, fn: Callable, *args):
        """``fn(*args)`` on the first worker (a fresh one if it died); raises BrokenProcessPool
        when the worker dies during the call."""
        try:
            return self._slots[0].submit(fn, *args).result()
        except BrokenProcessPool:
            self._replace(0)
            raise
        except KeyboardInterrupt:
            self.stop()
            raise Cancelled({}) from None

    def _replace(self, slot: int):
        """Put a fresh executor in ``slot``; return the dead worker's exit code."""
        old = self._slots[slot]
        code = next((p.exitcode for p in _processes(old)), None)
        old.shutdown(wait=False, cancel_futures=True)
        self._slots[slot] = self._new()
        self.restarts += 1
        return code

    def stop(self) -> None:
        """Stop every worker now (SIGTERM), running jobs included."""
        for ex in self._slots:
            for p in _processes(ex):
                with contextlib.suppress(OSError, AttributeError):
                    p.terminate()
        for ex in self._slots:
            ex.shutdown(wait=True, cancel_futures=True)

    def close(self) -> None:
        """Let every worker finish and exit (their finalizers stop the kernels)."""
        for ex in self._slots:
            ex.shutdown(wait=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        if exc[0] is None:
            self.close()
        else:
            self.stop()


def _processes(executor: ProcessPoolExecutor) -> list:
    # The standard library offers no public handle on an executor's processes before
    # Python 3.14 (terminate_workers); without one a running worker cannot be stopped.
    return list((getattr(executor, "_processes", None) or {}).values())


def mp_context():
    """``fork`` where there is one (POSIX): workers inherit the parent's imports (papermill,
    pandas: seconds per process) and start at once; the parent has started no thread yet. Else
    ``spawn`` (Windows, macOS default), which re-imports in every worker."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods and sys.platform != "darwin"
                                       else "spawn")
