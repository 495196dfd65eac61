"""Project every goal of a plan under a scenario and print the summary table.

One row per goal with the contract columns (DESIGN.md): latest observation, projected median
and p10/p90 at the target year, P(attain), headline status, required CAGR and evidence. With
``--as-of`` earlier than the data (``--as-of 2019`` is the plan's own vantage point), goals whose
outcome year has been observed also show the observed outcome and whether the call was right.
"""

from __future__ import annotations

import argparse
import sys

from ._schema import SUMMARY_COLUMNS

#: Shown after the contract columns when a back-test comparison exists.
OUTCOME_COLUMNS = ["observed_outcome", "call_correct"]
#: ``--columns all`` adds these (method statuses, gap, reasons).
DETAIL_COLUMNS = ["gap", "gap_ratio", "time_distance", "required_cagr_latest",
                  "required_acceleration", "p_source", "reason", "evidence_reason"]


def add_arguments(p: argparse.ArgumentParser) -> None:
    from . import argtypes
    from .cli import _add_data_options, _add_format
    from .observations import VINTAGE_RULES
    p.add_argument("--scenario", default="baseline",
                   help="scenario name in scenarios/ or a path to a scenario YAML (default: baseline)")
    p.add_argument("--as-of", type=argtypes.year, default=None, dest="as_of",
                   help="data vintage: use only observations up to this year (2019 = the plan's "
                        f"vantage; {argtypes.YEAR_HELP})")
    p.add_argument("--vintage", choices=tuple(VINTAGE_RULES), default="latest",
                   help=argtypes.VINTAGE_HELP)
    p.add_argument("--sims", type=argtypes.n_sims, default=None,
                   help=f"number of sample paths, {argtypes.SIMS_HELP} (default: the scenario's)")
    p.add_argument("--seed", type=argtypes.seed, default=None,
                   help=f"random seed, {argtypes.SEED_HELP} (default: the scenario's)")
    p.add_argument("--plan", default=None, help="plan name or path (default: the scenario's plan)")
    p.add_argument("--columns", choices=("contract", "all"), default="contract",
                   help="contract: the summary columns of DESIGN.md (+ outcome columns when "
                        "observed); all: also gaps, time distance, method statuses and reasons")
    _add_data_options(p, observations=True, targets=True)
    _add_format(p)


def run(args) -> int:
    from .cli import _catalog, _paths
    from .observations import load_observations
    from .output import emit
    from .scenarios import load_scenario
    from .scenarios import run as run_scenario
    from .targets import load_plan

    catalog = _catalog(args)
    paths = _paths(args)
    obs = load_observations(paths["observations"], catalog)
    if obs.attrs.get("read_note"):  # GB18030, UTF-16, a worksheet: say how the file was read
        print(f"{paths['observations']}: {obs.attrs['read_note']}", file=sys.stderr)
    # the scenario's own plan: from --data-dir/--targets-dir too, as `scenarios check` reads it
    # (--plan replaces the scenario's plan, which then need not be in that directory)
    spec = load_scenario(args.scenario, catalog,
                         targets_dir=None if args.plan else paths["targets_dir"])
    plan = load_plan(args.plan or spec.plan, catalog, paths["targets_dir"])
    result = run_scenario(spec, as_of=args.as_of, n_sims=args.sims, seed=args.seed, obs=obs,
                          catalog=catalog, plan=plan, vintage=args.vintage)
    df = result.summary
    cols = list(SUMMARY_COLUMNS)
    if args.as_of is not None and df["observed_outcome"].notna().any():
        cols += OUTCOME_COLUMNS
    if args.columns == "all":
        cols += [c for c in df.columns if c not in cols]
    emit(df[cols], args.format)
    prov = result.provenance
    print(f"scenario={prov['scenario']} plan={prov['plan']} as_of={prov['as_of']} "
          f"vintage={prov['vintage']} information={prov['information']} "
          f"n_sims={prov['n_sims']} seed={prov['seed']} data={prov['data_hash'][:12]}",
          file=sys.stderr)
    return 0
