"""``xtforecast sweep``: every goal under every combination of a grid of scenario knobs.

Knobs are the explorer's, with its names: ``growth_pp`` (growth shift, pp a year),
``shock_depth`` (a dip, 0.05 = 5 %), ``shock_year``, ``shock_recovery``, ``ratio_pp`` (points of
100 x city / province), ``growth_from``, ``ratio_from``. Each ``--knob NAME=START:STOP:STEP``
(or ``NAME=VALUE``) adds a dimension; every combination gives, per goal, P(attain), the
projected median and p10/p90 and the status, as tidy rows. Baseline paths are drawn once per
series and reused across the grid. Runs on a local process pool (default) or on Dask
(``--engine dask``, ``--scheduler tcp://HOST:8786``); the numbers are the same bit for bit.

Exit codes: 0, all tasks done; 1, some tasks failed (their rows say ``task_failed`` and the
rest are complete); 2, bad input (nothing run).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

#: Output formats; parquet needs ``--out`` (it is binary) and pyarrow.
SWEEP_FORMATS = ("table", "csv", "json", "parquet")


def add_common(p: argparse.ArgumentParser) -> None:
    """The options sweep and what-it-takes share: which runs, where, on which engine."""
    from .. import argtypes
    from ..engines import ENGINES
    which = p.add_argument_group("which runs")
    which.add_argument("--scenario", action="append", default=None, dest="scenarios",
                       metavar="S", help="scenario name in scenarios/ or a path (repeat for "
                                         "several; default baseline)")
    which.add_argument("--batch", type=Path, default=None, metavar="FILE",
                       help="a CSV or YAML file of runs (data_dir, plan, scenario, as_of, name): "
                            "every city's plan under every scenario in one command")
    which.add_argument("--as-of", type=argtypes.year, default=None, dest="as_of",
                       help=f"data vintage ({argtypes.YEAR_HELP}); default each scenario's")
    which.add_argument("--plan", default=None, help="plan id (default: the scenario's plan)")
    which.add_argument("--goal", action="append", default=None, dest="goals", metavar="ID",
                       help="goal id (repeat for several; default every goal of the plan)")
    which.add_argument("--sims", type=argtypes.n_sims, default=None,
                       help=f"sample paths per series, {argtypes.SIMS_HELP} (default: the scenario's)")
    which.add_argument("--seed", type=argtypes.seed, default=None,
                       help=f"random seed, {argtypes.SEED_HELP} (default: the scenario's)")
    which.add_argument("--data-dir", type=Path, default=None,
                       help="a directory laid out like data/ (default: the bundled data)")
    which.add_argument("--scenarios-dir", type=Path, default=None,
                       help="where scenario names are looked up (default: scenarios/)")
    run = p.add_argument_group("where it runs")
    run.add_argument("--engine", choices=tuple(ENGINES), default="local",
                     help="local: a process pool (default); dask: dask.distributed; serial: "
                          "this process")
    run.add_argument("--scheduler", default=None, metavar="ADDRESS",
                     help="a running Dask scheduler (tcp://HOST:8786); default a LocalCluster")
    run.add_argument("--jobs", type=argtypes.whole_number(1, 256, "a number of workers"),
                     default=2, help="worker processes (default 2)")
    out = p.add_argument_group("output")
    out.add_argument("--format", choices=SWEEP_FORMATS, default="table",
                     help="table for people (default), csv, json, or parquet (with --out)")
    out.add_argument("--out", type=Path, default=None, metavar="FILE",
                     help="write the rows to FILE (atomically) instead of standard output")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--knob", action="append", default=[], dest="knobs", metavar="NAME=A:B:STEP",
                   help="a knob and its values, e.g. growth_pp=-2:5:0.5 (repeat for a grid)")
    add_common(p)


def jobs_from_args(args) -> list:
    """The runs the options name: a batch file's rows, or one job per ``--scenario``."""
    from dataclasses import replace

    from ..errors import XtForecastError
    from .batch import read_batch
    from .core import SweepJob
    common = {"as_of": args.as_of, "n_sims": args.sims, "seed": args.seed,
                  "goals": tuple(args.goals) if args.goals else None}
    if args.batch is not None:
        if args.scenarios or args.data_dir or args.plan:
            raise XtForecastError("--batch names the runs itself; leave out --scenario, "
                                  "--data-dir and --plan (or put them in the batch file)")
        return [replace(j, **{k: v for k, v in common.items() if v is not None})
                for j in read_batch(args.batch)]
    for d, what in ((args.data_dir, "--data-dir"), (args.scenarios_dir, "--scenarios-dir")):
        if d is not None and not Path(d).is_dir():
            raise XtForecastError(f"{what} {d}: no such directory")
    return [SweepJob(s, data_dir=str(args.data_dir) if args.data_dir else None,
                     scenarios_dir=str(args.scenarios_dir) if args.scenarios_dir else None,
                     plan=args.plan, **common)
            for s in (args.scenarios or ["baseline"])]


def write_rows(frame, fmt: str, out: Path | None) -> None:
    """Rows to ``out`` (atomically) or standard output, in ``fmt``."""
    import io

    from ..errors import XtForecastError
    from ..output import emit
    from ..report.atomic import write_bytes, write_text
    if fmt == "parquet":
        if out is None:
            raise XtForecastError("--format parquet is binary: give --out FILE.parquet")
        try:
            import pyarrow  # noqa: F401
        except ModuleNotFoundError:
            raise XtForecastError("--format parquet needs pyarrow: pip install "
                                  "'xtforecast[dask]' (or use --format csv)") from None
        buf = io.BytesIO()
        frame.to_parquet(buf, index=False)
        write_bytes(out, buf.getvalue())
        return
    if out is None:
        emit(frame, fmt)
        return
    buf = io.StringIO()
    emit(frame, fmt, out=buf, max_colwidth=10**6)
    write_text(out, buf.getvalue())


def report_failures(result, command: str) -> int:
    """Say which tasks failed on stderr; the exit code (1 if any failed)."""
    for task, err in result.failures:
        print(f"xtforecast {command}: {task.job.run or task.job.scenario} / {task.goal} failed: "
              f"{err.splitlines()[0] if err else ''}", file=sys.stderr)
    return 1 if result.failures else 0


def run(args) -> int:
    from . import sweep
    from .grid import parse_knob
    knobs = [parse_knob(k) for k in args.knobs]
    res = sweep(jobs_from_args(args), knobs, engine=args.engine, n_jobs=args.jobs,
                scheduler=args.scheduler)
    frame = res.frame
    if args.format == "table":
        # for people: which run, the knobs, the goal and its numbers; the other formats carry
        # every column (plan, series, p_source, n_paths, note)
        keep = ["run", "as_of", *(k.name for k in knobs), "target_id", "p_attain",
                "projected_median", "projected_p10", "projected_p90", "status"]
        frame = frame[keep].round({"projected_median": 1, "projected_p10": 1,
                                   "projected_p90": 1})
    write_rows(frame, args.format, args.out)
    n = len(res.frame)
    print(f"sweep: {n} rows ({len(res.frame['target_id'].unique())} goals x "
          f"{n // max(1, len(res.frame[['run', 'target_id']].drop_duplicates()))} settings), "
          f"engine {res.engine}" + (f", written to {args.out}" if args.out else ""),
          file=sys.stderr)
    return report_failures(res, "sweep")
