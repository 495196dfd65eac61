"""State of a warm kernel that must not pass from one notebook to the next (runs in the kernel).

``%reset -f`` empties the namespace but not the modules: matplotlib's ``rcParams`` (which
seaborn's ``set_theme``/``set_palette`` also write) and open figures survive it, so a report
that set a style would restyle every report after it in the same kernel. The warm engine
(:mod:`xtforecast.report.engine`) calls :func:`snapshot` once after its preload and
:func:`restore` before every notebook, so each starts from the same, freshly preloaded state.
"""

from __future__ import annotations

_rc: dict | None = None


def snapshot() -> None:
    """Remember matplotlib's settings as they are now (after the kernel's preload)."""
    global _rc
    import matplotlib  # runs in the kernel, after its preload
    _rc = dict(matplotlib.rcParams)


def restore() -> None:
    """Close every figure and put matplotlib's (and so seaborn's) settings back.

    Without a :func:`snapshot` (a kernel not started by the warm engine) the settings go back
    to matplotlib's defaults.
    """
    import matplotlib
    import matplotlib.pyplot as plt
    plt.close("all")
    if _rc is None:
        matplotlib.rcdefaults()
        return
    # The backend is the kernel's (inline) and stays; everything else is put back.
    matplotlib.rcParams.update({k: v for k, v in _rc.items() if k != "backend"})
