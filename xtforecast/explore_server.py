"""Serve the goal explorer as a web page on this computer: ``xtforecast explore``.

Opens in any browser at ``http://127.0.0.1:PORT/``: the goal list, the knobs, the fan chart,
P(attain) and a button that saves the knobs as a scenario file. No Jupyter to learn and no
code on the page (Voilà shows a notebook's outputs only). Stop it with Ctrl-C.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from . import argtypes, config
from .errors import XtForecastError

#: The notebook served: one parameters cell and one call of :func:`xtforecast.explore.app`.
APP_NOTEBOOK = "explore_app.ipynb"
DEFAULT_PORT = 8866


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``xtforecast explore``."""
    parser.add_argument("--scenario", "-s", default="baseline",
                        help="scenario to start from: a name in scenarios/ or a .yaml path "
                             "(default baseline)")
    parser.add_argument("--goal", default=None, help="goal id to show first (default: the plan's "
                                                     "first goal with a projection)")
    parser.add_argument("--as-of", type=argtypes.year, default=None, dest="as_of",
                        help=f"data vintage, {argtypes.YEAR_HELP} (default: the scenario's)")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh",
                        help="language of the first view (the page has a switch; default zh)")
    parser.add_argument("--sims", type=argtypes.n_sims, default=2000, dest="n_sims",
                        help=f"sample paths per series, {argtypes.SIMS_HELP} (default 2000)")
    parser.add_argument("--port", type=argtypes.whole_number(1, 65535, "a port number"),
                        default=DEFAULT_PORT, help=f"port on 127.0.0.1 (default {DEFAULT_PORT})")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="a directory laid out like data/ (default: the bundled data/)")
    parser.add_argument("--scenarios-dir", type=Path, default=None,
                        help="where scenario names are looked up (default: the bundled scenarios/)")
    parser.add_argument("--save-dir", type=Path, default=None,
                        help="where the save button writes scenario files (default: scenarios/ "
                             "of the checkout, or ./scenarios when xtforecast is installed)")


def voila_command(notebook: Path, port: int) -> list[str]:
    """The Voilà command line for ``notebook`` on ``127.0.0.1:port`` (no browser opened)."""
    return [sys.executable, "-m", "voila", str(notebook), f"--port={port}", "--no-browser",
            "--Voila.ip=127.0.0.1", "--theme=light", "--show_tracebacks=False",
            "--strip_sources=True"]


def prepare(directory: Path, parameters: dict) -> Path:
    """Write the app notebook with ``parameters`` injected (papermill's way) into ``directory``.

    Returns
    -------
    pathlib.Path
        The notebook to serve.
    """
    import nbformat
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    from .report.runner import ensure_kernel
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
    """The environment for the page's kernel: it imports the same ``xtforecast`` as this command
    (a checkout's, not another copy installed in the same environment) and reads the same data."""
    env = dict(os.environ)
    if config._is_checkout(config.PACKAGE_DIR.parent):
        env["PYTHONPATH"] = os.pathsep.join(
            [str(config.PACKAGE_DIR.parent)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    for k in ("XTFORECAST_ROOT", "XTFORECAST_DATA"):
        if env.get(k):  # the kernel runs in a temporary directory: relative paths would break
            env[k] = str(Path(env[k]).resolve())
    env.setdefault("MPLBACKEND", "Agg")
    return env


def run(args: argparse.Namespace) -> int:
    """Serve the explorer until interrupted; returns Voilà's exit code (0 after Ctrl-C)."""
    # Voilà runs as `python -m voila` in this interpreter, so this interpreter must have it
    try:
        import voila  # noqa: F401
    except ImportError:
        raise XtForecastError("`xtforecast explore` needs Voilà, which is not installed in "
                              f"{sys.prefix}; pip install 'xtforecast[explore]' (or pip install "
                              "voila)") from None
    # Paths are fixed here, in the caller's directory; the kernel runs in a temporary one.
    save_dir = (args.save_dir or config.USER_SCENARIOS_DIR).resolve()
    params = {"scenario": str(args.scenario) if not str(args.scenario).endswith((".yaml", ".yml"))
              else str(Path(args.scenario).resolve()),
              "goal": args.goal, "as_of": args.as_of, "lang": args.lang, "n_sims": args.n_sims,
              "data_dir": str(args.data_dir.resolve()) if args.data_dir else None,
              "scenarios_dir": str(args.scenarios_dir.resolve()) if args.scenarios_dir else None,
              "save_dir": str(save_dir)}
    with tempfile.TemporaryDirectory(prefix="xtforecast-explore-") as tmp:
        nb = prepare(Path(tmp), params)
        print(f"xtforecast explore: http://127.0.0.1:{args.port}/  (saves to {save_dir}; "
              "Ctrl-C stops)", file=sys.stderr, flush=True)
        proc = subprocess.Popen(voila_command(nb, args.port), env=kernel_environment(), cwd=tmp)
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
