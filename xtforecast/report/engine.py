"""A papermill engine that keeps one warm kernel per worker process.

Starting a kernel and importing numpy, pandas, scipy, statsmodels and matplotlib in it costs a
few seconds: more than executing a report on a small plan. Papermill's default engine
(``nbclient``) starts a fresh kernel for every notebook. The batch runner instead registers
:class:`WarmKernelEngine` under :data:`ENGINE_NAME`: each worker process starts *one* kernel (with
the report's imports done ahead, :data:`PRELOAD`) and runs its notebooks in it one after the other.

Between notebooks the kernel's namespace is reset (``%reset -f``), every figure is closed, the
working directory is set to papermill's ``cwd`` and the execution counter restarts, so a report
reads as if it ran alone; only imported modules stay (that is the point). After a notebook fails
the kernel is restarted, so one broken scenario cannot leak state into the next. Pass
``warm=False`` to :func:`xtforecast.report.runner.run_reports` (``--fresh-kernels``) for
papermill's default engine.
"""

from __future__ import annotations

import os
import subprocess

from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.utils import merge_kwargs, remove_args

#: Name the engine is registered under in papermill's engine registry.
ENGINE_NAME = "xtforecast-warm"

#: Imported in a new kernel before its first notebook.
PRELOAD = ("import numpy, pandas, matplotlib\n"
           "matplotlib.use('module://matplotlib_inline.backend_inline')\n"
           "import matplotlib.pyplot\n"
           "import xtforecast.report.content, xtforecast.plotting, xtforecast.scenarios\n")

_RESET = ("get_ipython().run_line_magic('reset', '-f')\n"
          "import matplotlib.pyplot as __plt; __plt.close('all'); del __plt\n"
          "import os as __os; __os.chdir({cwd!r}); del __os\n"
          "get_ipython().execution_count = 1\n")

# This process's kernel: (kernel_name, KernelManager) or None.
_kernel = None
_dirty = False


def _run_code(km, code: str, timeout: float = 120) -> None:
    """Run ``code`` in the kernel and wait; raise on error."""
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=timeout)
        reply = kc.execute_interactive(code, timeout=timeout, store_history=False,
                                       output_hook=lambda msg: None)
        if reply["content"].get("status") != "ok":
            c = reply["content"]
            raise RuntimeError(f"kernel set-up failed: {c.get('ename')}: {c.get('evalue')}")
    finally:
        kc.stop_channels()


def warm_kernel(kernel_name: str, cwd: str | None = None, preload: bool = True):
    """This process's kernel manager, started (and preloaded) on first use or after a failure."""
    global _kernel, _dirty
    from jupyter_client import KernelManager
    if _kernel is not None:
        name, km = _kernel
        if name != kernel_name or _dirty or not km.is_alive():
            shutdown_kernel()
    if _kernel is None:
        km = KernelManager(kernel_name=kernel_name)
        # The kernel's own log (a warning about TCP transport on every start) would scroll past
        # the progress bar; cell output, errors included, comes back over the kernel protocol.
        km.start_kernel(cwd=cwd or os.getcwd(), stderr=subprocess.DEVNULL)
        if preload:
            _run_code(km, PRELOAD)
        _kernel = (kernel_name, km)
        _dirty = False
    return _kernel[1]


def shutdown_kernel() -> None:
    """Stop this process's warm kernel, if any."""
    global _kernel
    if _kernel is not None:
        _, km = _kernel
        _kernel = None
        try:
            km.shutdown_kernel(now=True)
        except Exception:  # noqa: BLE001 - a dead kernel is already shut down
            pass


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
        from papermill.log import logger
        final_kwargs.setdefault("log", logger)
        client = PapermillNotebookClient(nb_man, km=km, **final_kwargs)
        _dirty = True  # until the notebook finishes without an error
        try:
            nb = client.execute()
        finally:
            if client.kc is not None:
                client.kc.stop_channels()
        _dirty = any(o.get("output_type") == "error" for c in nb.cells if c.cell_type == "code"
                     for o in c.get("outputs", []))
        return nb


def register() -> str:
    """Register the engine with papermill (idempotent); return its name."""
    papermill_engines.register(ENGINE_NAME, WarmKernelEngine)
    return ENGINE_NAME
