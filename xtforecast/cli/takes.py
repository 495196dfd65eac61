"""``xtforecast what-it-takes``: per goal, the least effort for which P(attain) reaches ``--p``.

The sweep is imported in :func:`run`, so that ``what-it-takes --help`` loads no model.
"""

from __future__ import annotations

from .._schema import EFFORT_KNOB_NAMES
from .options import probability, year
from .sweep import add_common, jobs_from_args, report_failures, write_rows

DESCRIPTION = """\
Per goal, the least extra effort for which P(attain) reaches --p. The effort
is a knob: growth_pp (percentage points of yearly growth on top of the
scenario's, from --from-year) or ratio_pp (points of 100 x city / province).
The answer is found by bisection, and P(attain) is checked to rise with the
effort (the rows say where it does not).

Outcomes: already (the scenario reaches --p with no extra effort), needs (the
effort in the value column), out_of_reach (not even at the largest effort
searched), settled (observations decide the goal) and insufficient_data.
Beside the answer: the yearly growth it asks of the series, the series' recent
growth and the fastest growth a peer region sustained over as many years, so
you can see whether the effort is plausible.

Exit code 0 when every goal was answered, 1 when some failed (the rest are
complete), 2 for bad input."""
EXAMPLE = """\
xtforecast what-it-takes --as-of 2021 --p 0.9
xtforecast what-it-takes --as-of 2021 --goal tech_smes_2022 --format csv"""


def add_arguments(p) -> None:
    p.add_argument("--p", type=probability, default=0.8,
                   help="the confidence wanted: P(attain) at least this (default 0.8)")
    p.add_argument("--knob", choices=EFFORT_KNOB_NAMES, default="growth_pp",
                   help="the effort: growth_pp (default) or ratio_pp")
    p.add_argument("--from-year", type=year, default=None, dest="from_year",
                   help="the first year of the effort (default: the first projected year)")
    p.add_argument("--max", type=float, default=None, dest="bound",
                   help="the largest effort searched (default 30 pp a year; 50 ratio points)")
    add_common(p)


def run(args) -> int:
    from ..sweep import takes

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
