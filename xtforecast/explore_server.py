"""Serve the goal explorer as a web page on this computer (``xtforecast explore``).

Opens in any browser at ``http://127.0.0.1:PORT/``: the goal list, the knobs, the fan chart,
P(attain) and a button that saves the knobs as a scenario file. No Jupyter to learn and no
code on the page (Voilà shows a notebook's outputs only). Stop it with Ctrl-C.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from . import config
from .errors import XtForecastError

#: The notebook served: one parameters cell and one call of :func:`xtforecast.explore.app`.
APP_NOTEBOOK = "explore_app.ipynb"
DEFAULT_PORT = 8866
#: The Voila template the page is served with (Voila's lab template, offline: see its file)
#: and the Jupyter data directory that holds it (``voila/templates/<name>``).
TEMPLATE = "xtforecast"
TEMPLATE_ROOT = Path(__file__).resolve().parent / "jupyter"


def voila_command(notebook: Path, port: int) -> list[str]:
    """The Voilà command line for ``notebook`` on ``127.0.0.1:port`` (no browser opened)."""
    return [sys.executable, "-m", "voila", str(notebook), f"--port={port}", "--no-browser",
            "--Voila.ip=127.0.0.1", "--theme=light", "--show_tracebacks=False",
            "--strip_sources=True", f"--template={TEMPLATE}"]


def prepare(directory: Path, parameters: dict) -> Path:
    """Write the app notebook with ``parameters`` injected (papermill's way) into ``directory``.

    Returns
    -------
    pathlib.Path
        The notebook to serve.
    """
    # the notebook stack (optional, slow) only when a page is served
    import nbformat
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    from .report.runner import ensure_kernel  # the report package reaches pandas

    src = config.NOTEBOOKS_DIR / APP_NOTEBOOK
    if not src.is_file():
        raise XtForecastError(f"the explorer page {src} is missing; reinstall xtforecast (the "
                              f"wheel ships notebooks/{APP_NOTEBOOK}) or run from a checkout")
    # papermill's reader (not nbformat's): it gives every cell the tags list the injection reads
    nb = load_notebook_node(str(src))
    nb = parameterize_notebook(nb, parameters, kernel_name=ensure_kernel())
    # Voilà titles the browser tab with the file's stem.
    dest = Path(directory) / "xtforecast-explorer.ipynb"
    nbformat.write(nb, str(dest))
    return dest


def kernel_environment() -> dict[str, str]:
    """The environment for Voila and the page's kernel: it imports the same ``xtforecast`` as
    this command (a checkout's, not another copy installed in the same environment), reads the
    same data, and finds the page's template (:data:`TEMPLATE`)."""
    env = dict(os.environ)
    if config._is_checkout(config.PACKAGE_DIR.parent):
        env["PYTHONPATH"] = os.pathsep.join(
            [str(config.PACKAGE_DIR.parent)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    for k in ("XTFORECAST_ROOT", "XTFORECAST_DATA"):
        if env.get(k):  # the kernel runs in a temporary directory: relative paths would break
            env[k] = str(Path(env[k]).resolve())
    env.setdefault("MPLBACKEND", "Agg")
    # Voila finds templates on the Jupyter path: the page's own template first
    env["JUPYTER_PATH"] = os.pathsep.join(
        [str(TEMPLATE_ROOT)] + ([env["JUPYTER_PATH"]] if env.get("JUPYTER_PATH") else []))
    return env


def serve(parameters: dict, port: int = DEFAULT_PORT, save_dir: str | Path | None = None) -> int:
    """Serve the explorer on ``127.0.0.1:port`` until interrupted.

    Parameters
    ----------
    parameters : dict
        The app notebook's parameters (``scenario``, ``goal``, ``as_of``, ``lang``, ``n_sims``,
        ``data_dir``, ``scenarios_dir``); paths should be absolute (the kernel runs in a
        temporary directory).
    port : int
    save_dir : path, optional
        Where the save button writes scenario files (default
        :data:`xtforecast.config.USER_SCENARIOS_DIR`).

    Returns
    -------
    int
        Voila's exit code (0 after Ctrl-C or SIGTERM).

    Raises
    ------
    XtForecastError
        When Voila is not installed in this interpreter.
    """
    # Voila runs as `python -m voila` in this interpreter, so this interpreter must have it
    try:
        import voila  # noqa: F401
    except ImportError:
        raise XtForecastError("`xtforecast explore` needs Voila, which is not installed in "
                              f"{sys.prefix}; pip install 'xtforecast[explore]' (or pip install "
                              "voila)") from None
    save_dir = Path(save_dir or config.USER_SCENARIOS_DIR).resolve()
    with tempfile.TemporaryDirectory(prefix="xtforecast-explore-") as tmp:
        nb = prepare(Path(tmp), {**parameters, "save_dir": str(save_dir)})
        print(f"xtforecast explore: http://127.0.0.1:{port}/  (saves to {save_dir}; "
              "Ctrl-C stops)", file=sys.stderr, flush=True)
        proc = subprocess.Popen(voila_command(nb, port), env=kernel_environment(), cwd=tmp)
        # Stopped by a signal (a service manager, a test's terminate()), this process would
        # die and leave Voila and its kernels running on the port: SIGTERM is made to take
        # the same way out as Ctrl-C.
        previous = signal.signal(signal.SIGTERM, _raise_interrupt)
        try:
            return proc.wait()
        except KeyboardInterrupt:
            return 0
        finally:
            signal.signal(signal.SIGTERM, previous)
            stop(proc)


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt


def stop(proc: subprocess.Popen, timeout: float = 10) -> None:
    """End Voila (which shuts its kernels down on SIGTERM); kill it if it does not go."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
