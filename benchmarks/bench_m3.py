"""Run the xtforecast benchmark from the command line (same as ``xtforecast bench``).

    python benchmarks/bench_m3.py                      # M3 yearly, table
    python benchmarks/bench_m3.py --format json --jobs 2
    python benchmarks/bench_m3.py --data my.csv --limit 50
"""

import argparse
import os
import sys

# one BLAS thread per process, set before numpy loads: spinning OpenBLAS threads made the
# statsmodels baselines several times slower on 2 cores
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

from xtforecast.cli import bench  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="bench_m3", description=__doc__.splitlines()[0])
    bench.add_arguments(parser)
    return bench.run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
