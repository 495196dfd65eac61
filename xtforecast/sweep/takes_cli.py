"""``xtforecast what-it-takes``: per goal, the least effort for which P(attain) reaches ``--p``.

The effort is a knob: ``growth_pp`` (percentage points of yearly growth on top of the
scenario's, from ``--from-year``) or ``ratio_pp`` (points of 100 x city / province). The answer
is found by bisection on P(attain), which is checked to be monotone in the knob (and said where
it is not). Outcomes: ``already`` (the scenario reaches the level with no extra effort),
``needs`` (``value``), ``out_of_reach`` (not even at the bound searched), ``settled``
(observations decide the goal), ``insufficient_data``. Beside the answer: the yearly growth it
asks of the series, the series' recent growth and the fastest growth a peer in its pool
sustained over as many years, so a reader sees whether the effort is plausible.

Exit codes as for ``sweep``: 0, 1 (some goals failed; the rest are complete), 2 (bad input).
"""

from __future__ import annotations

import argparse


def _p(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a probability in (0, 1], got {text!r}") from None
    if not 0 < v <= 1:
        raise argparse.ArgumentTypeError(f"must be a probability in (0, 1], got {v:g}")
    return v


def add_arguments(p: argparse.ArgumentParser) -> None:
    from .. import argtypes
    from .cli import add_common
    from .takes import EFFORT_KNOBS
    p.add_argument("--p", type=_p, default=0.8,
                   help="the confidence wanted: P(attain) at least this (default 0.8)")
    p.add_argument("--knob", choices=tuple(EFFORT_KNOBS), default="growth_pp",
                   help="the effort: growth_pp (default) or ratio_pp")
    p.add_argument("--from-year", type=argtypes.year, default=None, dest="from_year",
                   help="the first year of the effort (default: the first projected year)")
    p.add_argument("--max", type=float, default=None, dest="bound",
                   help="the largest effort searched (default 30 pp a year; 50 ratio points)")
    add_common(p)


def run(args) -> int:
    from . import takes
    from .cli import jobs_from_args, report_failures, write_rows
    res = takes(jobs_from_args(args), p=args.p, knob=args.knob, from_year=args.from_year,
                bound=args.bound, engine=args.engine, n_jobs=args.jobs, scheduler=args.scheduler)
    frame = res.frame
    if args.format == "table":
        # for people: the answer and its context; csv/json/parquet carry every column
        frame = frame[["run", "target_id", "outcome", "value", "p_at_value", "p_one_step_less",
                       "growth_needed", "recent_growth", "pool_fastest_growth",
                       "pool_fastest_where"]]
    write_rows(frame, args.format, args.out)
    return report_failures(res, "what-it-takes")
