"""A papermill engine that keeps one warm kernel per worker process.

Starting a kernel and importing numpy, pandas, scipy, statsmodels and matplotlib in it costs a
few seconds: more than executing a report on a small plan. Papermill's default engine
(``nbclient``) starts a fresh kernel for every notebook. The batch runner instead registers
:class:`WarmKernelEngine` under :data:`ENGINE_NAME`: each worker process starts *one* kernel (with
the report's imports done ahead, :data:`PRELOAD`) and runs its notebooks in it one after the other.

The kernel runs with IPython's history off (:data:`KERNEL_ARGS`). Between notebooks the
kernel's namespace is reset (``%reset -f``), every figure is closed, matplotlib's and seaborn's
settings are put back as they were after the preload (:mod:`xtforecast.report.kernel_state`), the
working directory is set to papermill's ``cwd`` and the execution counter restarts, so a report
reads as if it ran alone; only imported modules stay (that is the point). After a notebook fails
the kernel is restarted, so one broken scenario cannot leak state into the next. Pass
``warm=False`` to :func:`xtforecast.report.runner.run_reports` (``--fresh-kernels``) for
papermill's default engine.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import subprocess
import time
from queue import Empty

from jupyter_client import AsyncKernelManager
from jupyter_core.utils import ensure_async, run_sync
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.log import logger
from papermill.utils import merge_kwargs, remove_args

#: Name the engine is registered under in papermill's engine registry.
ENGINE_NAME = "xtforecast-warm"

#: Imported in a new kernel before its first notebook.
PRELOAD = """\
import importlib, io
import numpy, pandas, matplotlib
matplotlib.use('module://matplotlib_inline.backend_inline')
import matplotlib.pyplot as __plt
for __m in ('xtforecast.report.content', 'xtforecast.plotting', 'xtforecast.scenarios',
            'xtforecast.gap', 'xtforecast.projection', 'xtforecast.models', 'seaborn'):
    try:  # warming only: an absent optional library (seaborn) is named by the notebook's own import
        importlib.import_module(__m)
    except ImportError:
        pass
try:  # read the Chinese font file once (the first figure with hanzi pays for it otherwise)
    from xtforecast.fonts import use_cjk_font
    use_cjk_font()
    __f, __a = __plt.subplots(figsize=(1, 1)); __a.set_title('预热'); __f.savefig(io.BytesIO(), format='png')
    __plt.close(__f)
except (ImportError, OSError):  # no CJK font (FontMissingError is an ImportError): the figures say so
    pass
from xtforecast.report import kernel_state as __ks
__ks.snapshot()
del __ks
"""

#: Arguments of the warm kernel's command line. IPython's history is off: the engine restarts
#: the execution counter for every notebook, and a history database that already holds lines
#: 1, 2, ... of this session refuses them again and prints "ERROR! Session/line number was not
#: unique in database" into whatever cell is running, i.e. into a reader's report. A batch
#: kernel has no use for a history (nobody presses the up arrow in it).
KERNEL_ARGS = ["--HistoryManager.enabled=False"]

_RESET = ("get_ipython().run_line_magic('reset', '-f')\n"
          "from xtforecast.report import kernel_state as __ks; __ks.restore(); del __ks\n"
          "import os as __os; __os.chdir({cwd!r}); del __os\n"
          "get_ipython().execution_count = 1\n")

# This process's kernel: (kernel_name, KernelManager) or None.
_kernel = None
_dirty = False


def _run_code(km, code: str, timeout: float = 120) -> None:
    """Run ``code`` in the kernel and wait; raise on error."""
    kc = km.client()  # the manager's own (async) client: its liveness check asks the manager
    kc.start_channels()
    try:
        run_sync(kc.wait_for_ready)(timeout=timeout)
        reply = run_sync(kc.execute_interactive)(code, timeout=timeout, store_history=False,
                                                 output_hook=lambda msg: None)
        if reply["content"].get("status") != "ok":
            c = reply["content"]
            raise RuntimeError(f"kernel set-up failed: {c.get('ename')}: {c.get('evalue')}")
    finally:
        kc.stop_channels()


def warm_kernel(kernel_name: str, cwd: str | None = None, preload: bool = True, warm_up=None):
    """This process's kernel manager, started (and preloaded) on first use or after a failure.

    ``warm_up`` is called in this process right after the kernel is launched, so it overlaps
    with the kernel's own start-up.
    """
    global _kernel, _dirty
    # nbclient drives an AsyncKernelManager (its cell timeouts rely on the async client).
    if _kernel is not None:
        name, km = _kernel
        if name != kernel_name or _dirty or not run_sync(km.is_alive)():
            shutdown_kernel()
    if _kernel is None:
        km = AsyncKernelManager(kernel_name=kernel_name)
        # The kernel's own log (a warning about TCP transport on every start) would scroll past
        # the progress bar; cell output, errors included, comes back over the kernel protocol.
        run_sync(km.start_kernel)(cwd=cwd or os.getcwd(), stderr=subprocess.DEVNULL,
                                  extra_arguments=KERNEL_ARGS)
        if warm_up is not None:
            warm_up()  # in this process, while the kernel boots
        if preload:
            _run_code(km, PRELOAD)
        _kernel = (kernel_name, km)
        _dirty = False
        _stop_at_exit()
    return _kernel[1]


_exit_hook = False


def _stop_at_exit() -> None:
    """Stop the kernel when this process exits normally (``papermill --engine xtforecast-warm``
    runs one notebook and ends; the batch runner's workers stop theirs in their finalizer)."""
    global _exit_hook
    if not _exit_hook:
        atexit.register(shutdown_kernel)
        _exit_hook = True


def shutdown_kernel() -> None:
    """Stop this process's warm kernel, if any."""
    global _kernel
    if _kernel is not None:
        _, km = _kernel
        _kernel = None
        try:
            run_sync(km.shutdown_kernel)(now=True)
        except Exception:  # a dead kernel is already shut down
            pass


def kill_kernel() -> None:
    """Kill this process's warm kernel at once, from a signal handler (no event loop)."""
    if _kernel is not None:
        proc = getattr(getattr(_kernel[1], "provisioner", None), "process", None)
        if proc is not None:
            with contextlib.suppress(OSError):
                proc.kill()


class BoundedClient(PapermillNotebookClient):
    """papermill's client, except that its last question to the kernel has a time limit.

    After the last cell papermill asks the kernel for its language (for the notebook's
    metadata) and waits for the answer without limit, or up to the cell timeout (30 minutes in
    a batch run), and then fails with a bare ``AssertionError``. That answer can be lost
    (https://github.com/nteract/papermill/issues/711, seen on CI machines). Every cell has run
    by then, so the report is whole: this client waits :attr:`language_timeout` seconds and,
    with no answer, keeps the notebook's own ``language_info`` and logs a warning.

    Only that wait changes: it is the one nbclient is asked for without a cell (a cell's reply
    keeps nbclient's own wait, with the cell timeout), so papermill's ``execute`` runs as is.
    """

    #: Seconds to wait for the kernel's language after the last cell (it answers in
    #: milliseconds when the message arrives).
    language_timeout = 30

    async def async_wait_for_reply(self, msg_id: str, cell=None) -> dict | None:
        """The reply to ``msg_id``; without a cell, within :attr:`language_timeout` or a stand-in
        that carries the notebook's own ``language_info``."""
        if cell is not None:
            return await super().async_wait_for_reply(msg_id, cell)
        deadline = time.monotonic() + self.language_timeout
        while time.monotonic() < deadline:
            try:
                msg = await ensure_async(self.kc.shell_channel.get_msg(timeout=1))
            except Empty:
                continue
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg
        self.log.warning(f"the kernel did not say its language within {self.language_timeout} s "
                         "after the last cell; every cell ran, and the notebook keeps its own "
                         "language_info")
        return {"content": {"language_info": self.nb.metadata.get("language_info", {})}}

    # nbclient binds the blocking name to its own coroutine: bind it to this one
    wait_for_reply = run_sync(async_wait_for_reply)


class WarmKernelEngine(NBClientEngine):
    """Papermill engine: nbclient on the process's warm kernel (see the module docstring)."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                 stderr_file=None, start_timeout=60, execution_timeout=None,
                                 **kwargs):
        global _dirty
        km = warm_kernel(kernel_name)
        # papermill has already chdir'ed into its ``cwd``; the kernel follows.
        _run_code(km, _RESET.format(cwd=os.getcwd()), timeout=start_timeout)
        kwargs = remove_args(["input_path"], **kwargs)
        safe_kwargs = remove_args(["timeout", "startup_timeout"], **kwargs)
        final_kwargs = merge_kwargs(
            safe_kwargs,
            timeout=execution_timeout if execution_timeout else kwargs.get("timeout"),
            startup_timeout=start_timeout, kernel_name=kernel_name,
            log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file,
        )
        final_kwargs.setdefault("log", logger)
        client = BoundedClient(nb_man, km=km, **final_kwargs)
        _dirty = True  # until the notebook finishes without an error
        try:
            nb = client.execute()
        finally:
            if client.kc is not None:
                client.kc.stop_channels()
                client.kc = None
        _dirty = any(o.get("output_type") == "error" for c in nb.cells if c.cell_type == "code"
                     for o in c.get("outputs", []))
        return nb


def register() -> str:
    """Register the engine with papermill (idempotent); return its name."""
    papermill_engines.register(ENGINE_NAME, WarmKernelEngine)
    return ENGINE_NAME
