"""How long ``xtforecast --help`` and a command's ``--help`` take to answer, in fresh processes.

    python benchmarks/bench_cli_start.py [--repeat 5]

Each line runs ``python -c ...`` afresh (imports are the cost, so nothing may be warm in the
process) and prints the median and the fastest of ``--repeat`` runs. The baseline of the same
run, ``whole parser``, builds every command's parser as ``xtforecast`` did for every command line
before the list of commands was made light: that is what ``xtforecast --help`` cost then.
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

#: label -> the Python each fresh process runs (``main`` exits through argparse on ``--help``).
CASES = {
    "python, nothing imported": "pass",
    "xtforecast --help": "from xtforecast.cli import main\nmain(['--help'])",
    "xtforecast project --help": "from xtforecast.cli import main\nmain(['project', '--help'])",
    "whole parser (baseline)": "from xtforecast.cli import build_parser\nbuild_parser()",
}


def seconds(code: str) -> float:
    """Wall time of one fresh interpreter running ``code`` (its exit code is not checked:
    ``--help`` exits with 0 through SystemExit, and its output is thrown away)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="fresh processes per line (default 5)")
    args = ap.parse_args(argv)
    seconds(CASES["whole parser (baseline)"])  # one run to warm the disk cache, not counted
    print(f"{'':28s} {'median s':>9s} {'fastest s':>9s}")
    for label, code in CASES.items():
        times = [seconds(code) for _ in range(args.repeat)]
        print(f"{label:28s} {statistics.median(times):9.2f} {min(times):9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
