"""Run the xtforecast benchmark from the command line (same as ``xtforecast bench``).

    python benchmarks/bench_m3.py                      # M3 yearly, table
    python benchmarks/bench_m3.py --format json --jobs 2
    python benchmarks/bench_m3.py --data my.csv --limit 50
"""

import argparse
import sys

from xtforecast import bench


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="bench_m3", description=__doc__.splitlines()[0])
    bench.add_arguments(parser)
    return bench.run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
