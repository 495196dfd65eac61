"""The warm engine as papermill's entry point finds it (``papermill --engine xtforecast-warm``).

papermill loads its ``papermill.engine`` entry points while it is itself being imported, and
:mod:`xtforecast.report.engine` imports papermill: pointing the entry point there would load
that module half-initialized whenever it is the one importing papermill. This module imports
only the (already defined) base class and hands each call to the real engine at run time.
"""

from __future__ import annotations

from papermill.engines import NBClientEngine


class WarmKernelEngine(NBClientEngine):
    """Delegates to :class:`xtforecast.report.engine.WarmKernelEngine`."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
        # lazy: report.engine imports papermill, whose import loads this entry point (module docstring)
        from .engine import WarmKernelEngine as Engine
        return Engine.execute_managed_notebook(nb_man, kernel_name, **kwargs)
