"""``xtforecast project``: every goal of a plan under a scenario, as the summary table.

The library is imported in :func:`run`, not here: ``xtforecast project --help`` builds this
parser alone and need not load pandas and scipy (:mod:`xtforecast.cli`).
"""

from __future__ import annotations

import sys

from .._schema import EXPORT_QUANTILES, QUANTILE_LAYOUTS, SUMMARY_COLUMNS
from .options import (
    add_as_of,
    add_data_options,
    add_format,
    add_known_from,
    add_seed,
    add_sims,
    add_vintage,
    inputs_from_args,
    say_how_read,
    warn_before_data,
)

#: Shown after the contract columns when a back-test comparison exists.
OUTCOME_COLUMNS = ["observed_outcome", "call_correct"]

DESCRIPTION = """\
Project every goal of a plan under a scenario and print the summary table: one
row per goal with the latest observation, the projected median and p10/p90 at
the target year, P(attain), the headline status, the growth rate required and
the evidence grade. With --as-of earlier than the data (--as-of 2019 is the
plan's own vantage point), goals whose outcome year has been observed also show
the observed outcome and whether the call was right; --known-from year reads
every figure from the end of its year, as the plan's authors knew their own
statistics (the plan-vantage scenarios, baseline_2019 and its family, say so
themselves). With --quantiles it prints instead every projected series'
quantiles for each year (2.5, 10, 25, 50, 75, 90 and 97.5 %: the fan charts'
numbers, long form, as a report's projections.csv; --quantiles iamc: as the
IAMC table that pyam.IamDataFrame reads). The run's scenario, plan,
vintage, number of paths and seed are printed on stderr."""
EXAMPLE = """\
xtforecast project --scenario baseline
xtforecast project --as-of 2021 --goal tech_smes_2022 --knob growth_pp=2.5
xtforecast project --scenario baseline_2019 --goal high_tech_enterprises_2022 --quantiles --format csv
xtforecast project --scenario baseline_2019 --quantiles iamc --format csv"""


def add_arguments(p) -> None:
    p.add_argument("--scenario", default="baseline",
                   help="scenario name in scenarios/ or a path to a scenario YAML (default: baseline)")
    add_as_of(p, extra=", e.g. 2019 for the plan's own vantage point")
    add_vintage(p)
    add_known_from(p)
    add_sims(p)
    add_seed(p)
    p.add_argument("--plan", default=None, help="plan name or path (default: the scenario's plan)")
    p.add_argument("--goal", action="append", default=None, dest="goals", metavar="ID",
                   help="show only this goal (repeat for several)")
    p.add_argument("--knob", action="append", default=[], dest="knobs", metavar="NAME=VALUE",
                   help="an explorer knob added to the scenario on the shown goals' series, e.g. "
                        "growth_pp=2.5 (the value what-it-takes returns); repeat for several")
    p.add_argument("--columns", choices=("contract", "all"), default="contract",
                   help="contract: the summary columns (and the outcome columns when observed); "
                        "all: also gaps, time distance, method statuses, reasons and the run "
                        "(as_of, data_end, vintage, n_sims, seed, data_hash)")
    p.add_argument("--quantiles", nargs="?", const="long", choices=QUANTILE_LAYOUTS,
                   help="print the projected quantiles per series and year instead of the "
                        "summary (with --goal: of those goals' series); long (the default): a "
                        "row per series, year and quantile; iamc: the IAMC table pyam reads, "
                        "a row per series and quantile, a column per year")
    add_data_options(p, observations=True, targets=True)
    add_format(p)


def run(args) -> int:
    from ..output import emit
    from ..project import chosen_goals, with_knobs

    inputs = inputs_from_args(args)
    say_how_read(inputs)
    # the scenario's own plan: from --data-dir/--targets-dir too, as `scenarios check` reads it
    # (--plan replaces the scenario's plan, which then need not exist there)
    spec = inputs.scenario(args.scenario, check_plan=args.plan is None)
    plan = inputs.plan(args.plan or spec.plan)
    goals = chosen_goals(plan, args.goals)
    as_of = args.as_of if args.as_of is not None else spec.as_of
    if args.knobs:
        obs = inputs.observations
        spec = with_knobs(spec, plan, goals, args.knobs, inputs.catalog, as_of=as_of,
                          latest=int(obs["year"].max()) if len(obs) else None)
    warn_before_data(inputs, [as_of], "--as-of")
    result = inputs.run(spec, plan=plan, as_of=args.as_of, n_sims=args.sims, seed=args.seed,
                        vintage=args.vintage, known_from=args.known_from)
    df = result.summary
    if args.goals:
        df = df[df["target_id"].isin([g.id for g in goals])]
    prov = result.provenance
    if args.columns == "all" and not args.quantiles:
        df = df.assign(**_run_columns(prov))
    emit(_quantiles(result, df, args.quantiles) if args.quantiles else df[_columns(df, args, prov)],
         args.format)
    print(f"scenario={prov['scenario']} plan={prov['plan']} as_of={prov['as_of']} "
          f"vintage={prov['vintage']} information={prov['information']} "
          f"known_from={prov['known_from']} "
          f"n_sims={prov['n_sims']} seed={prov['seed']} data={prov['data_hash'][:12]}",
          file=sys.stderr)
    return 0


def _quantiles(result, shown, layout: str):
    """The quantiles of the series the shown goals are judged on (every projected series when
    every goal is shown: drivers too), in ``layout``."""
    from ..iamc import iamc_frame
    q = result.quantiles(EXPORT_QUANTILES)
    if len(shown) != len(result.summary):
        keys = set(zip(shown["indicator"], shown["region"], strict=True))
        q = q[[k in keys for k in zip(q["indicator"], q["region"], strict=True)]]
    return iamc_frame(q) if layout == "iamc" else q


def _run_columns(prov: dict) -> dict:
    """What the stderr line says of the run, as columns for ``--columns all``: the vantage
    as a report's ``summary.csv`` has it, then paths, seed and the data's hash, so that a JSON
    or CSV file read later still says which run made it (the ux review: project JSON carried
    no run metadata)."""
    from ..report.vintage import vantage_columns
    return {**vantage_columns(prov), "n_sims": prov["n_sims"], "seed": prov["seed"],
            "data_hash": prov["data_hash"]}


def _columns(df, args, prov: dict) -> list[str]:
    """The contract columns, the outcome columns when observed (a run before the data end,
    by --as-of or the scenario's own as_of), or (``--columns all``) every one."""
    cols = list(SUMMARY_COLUMNS)
    before_end = args.as_of is not None or prov.get("information") != "hindsight"
    if before_end and df["observed_outcome"].notna().any():
        cols += OUTCOME_COLUMNS
    if args.columns == "all":
        cols += [c for c in df.columns if c not in cols]
    return cols
