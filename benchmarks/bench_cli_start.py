"""How long ``xtforecast --help``, a command's ``--help`` and a usage error take to answer,
in fresh processes.

    python benchmarks/bench_cli_start.py [--repeat 5] [--baseline DIR]

Each line runs ``python -c ...`` afresh (imports are the cost, so nothing may be warm in the
process) and prints the median and the fastest of ``--repeat`` runs. ``library`` imports what
every command's work needs (the inputs, pandas, scipy): the floor of any command that reads
data, and what every ``--help`` cost while the commands' modules imported it at their top.
``--baseline DIR`` (a checkout of an earlier commit, e.g. a ``git worktree``) runs the same
lines with that checkout's package, interleaved with this one's, in the same run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_MAIN = "from xtforecast.cli import main\ntry:\n    main({argv!r})\nexcept SystemExit:\n    pass"
#: label -> the Python each fresh process runs (``main`` exits through argparse).
CASES = {
    "python, nothing imported": "pass",
    "xtforecast --help": _MAIN.format(argv=["--help"]),
    "xtforecast project --help": _MAIN.format(argv=["project", "--help"]),
    "xtforecast data check --help": _MAIN.format(argv=["data", "check", "--help"]),
    "xtforecast project --sims 0": _MAIN.format(argv=["project", "--sims", "0"]),
    "library (xtforecast.inputs)": "import xtforecast.inputs",
}


def seconds(code: str, root: Path) -> float:
    """Wall time of one fresh interpreter running ``code`` with ``root``'s package (its output
    is thrown away; ``--help`` and a usage error exit through SystemExit, caught above)."""
    env = dict(os.environ, PYTHONPATH=str(root))
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False, cwd=root)
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="fresh processes per line (default 5)")
    ap.add_argument("--baseline", type=Path, default=None, metavar="DIR",
                    help="a checkout of an earlier commit, timed beside this one")
    args = ap.parse_args(argv)
    roots = {"now": ROOT} | ({"baseline": args.baseline.resolve()} if args.baseline else {})
    for root in roots.values():
        seconds(CASES["library (xtforecast.inputs)"], root)  # warm the disk cache, not counted
    print(f"{'':30s}" + "".join(f" {name + ' median':>16s} {'fastest':>8s}" for name in roots))
    for label, code in CASES.items():
        times: dict[str, list[float]] = {name: [] for name in roots}
        for _ in range(args.repeat):  # interleaved, so a slower minute hits both alike
            for name, root in roots.items():
                times[name].append(seconds(code, root))
        print(f"{label:30s}" + "".join(f" {statistics.median(t):16.2f} {min(t):8.2f}"
                                       for t in times.values()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
