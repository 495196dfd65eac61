"""``xtforecast sweep``: every goal under every combination of a grid of scenario knobs.

Also what ``sweep`` and ``what-it-takes`` share: which runs (:func:`jobs_from_args`), where
they run, and how the rows are written (:func:`write_rows`). The sweep and pandas are
imported where they run, so that ``sweep --help`` builds this parser alone.
"""

from __future__ import annotations

import io
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..engines import ENGINES
from ..errors import XtForecastError
from ..report.atomic import write_bytes, write_text
from .options import add_as_of, add_data_dir, add_format, add_jobs, add_scenarios_dir, add_seed, add_sims

if TYPE_CHECKING:
    from ..sweep import SweepJob

#: Output formats; parquet needs ``--out`` (it is binary) and pyarrow.
SWEEP_FORMATS = ("table", "csv", "json", "parquet")

DESCRIPTION = """\
Judge every goal under every combination of a grid of knobs added to a
scenario, as tidy rows: per goal and setting, P(attain), the projected median
and p10/p90, and the status. The knobs are the explorer's: growth_pp (growth
shift, percentage points a year), shock_depth (a dip, 0.05 = 5%), shock_year,
shock_recovery, ratio_pp (points of 100 x city / province), growth_from and
ratio_from. Each --knob NAME=START:STOP:STEP (or NAME=VALUE) adds a dimension
to the grid.

Runs on a local process pool (default), in this process (--engine serial) or
on Dask (--engine dask); the numbers are the same on every engine. Exit code 0
when every task ran, 1 when some failed (their rows say task_failed; the rest
are complete), 2 for bad input (nothing is run)."""
EXAMPLE = """\
xtforecast sweep --as-of 2021 --goal tech_smes_2022 --knob growth_pp=0:4:1
xtforecast sweep --scenario covid_shock --knob growth_pp=0:2:1 --knob shock_depth=0:0.1:0.05 --format csv"""


def add_common(p) -> None:
    """The options sweep and what-it-takes share: which runs, where, on which engine."""
    which = p.add_argument_group("which runs")
    which.add_argument("--scenario", action="append", default=None, dest="scenarios",
                       metavar="S", help="scenario name in scenarios/ or a path (repeat for "
                                         "several; default baseline)")
    which.add_argument("--batch", type=Path, default=None, metavar="FILE",
                       help="a CSV or YAML file of runs (data_dir, plan, scenario, as_of, name): "
                            "every city's plan under every scenario in one command")
    add_as_of(which, default="each scenario's")
    which.add_argument("--plan", default=None, help="plan id (default: the scenario's plan)")
    which.add_argument("--goal", action="append", default=None, dest="goals", metavar="ID",
                       help="goal id (repeat for several; default every goal of the plan)")
    add_sims(which)
    add_seed(which)
    add_data_dir(which)
    add_scenarios_dir(which)
    where = p.add_argument_group("where it runs")
    where.add_argument("--engine", choices=tuple(ENGINES), default="local",
                       help="local: a process pool (default); dask: dask.distributed; serial: "
                            "this process")
    where.add_argument("--scheduler", default=None, metavar="ADDRESS",
                       help="a running Dask scheduler (tcp://HOST:8786); default a LocalCluster")
    add_jobs(where, 256, 2, "2")
    out = p.add_argument_group("output")
    add_format(out, SWEEP_FORMATS, help="table for people (default), csv, json, or parquet (with --out)")
    out.add_argument("--out", type=Path, default=None, metavar="FILE",
                     help="write the rows to FILE (atomically) instead of standard output")


def add_arguments(p) -> None:
    p.add_argument("--knob", action="append", default=[], dest="knobs", metavar="NAME=A:B:STEP",
                   help="a knob and its values, e.g. growth_pp=-2:5:0.5 (repeat for a grid)")
    add_common(p)


def jobs_from_args(args) -> list[SweepJob]:
    """The runs the options name: a batch file's rows, or one job per ``--scenario``.

    The inputs of each run (its data directory's catalog, observations and plans) are read
    once per process by the sweep itself (:func:`xtforecast.sweep.core.inputs_for`).
    """
    from ..sweep import SweepJob, read_batch

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
    from ..output import emit

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
    from ..sweep import parse_knob, sweep

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
