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
    p.add_argument("--goal", action="append", default=None, dest="goals", metavar="ID",
                   help="show only this goal (repeat for several)")
    p.add_argument("--knob", action="append", default=[], dest="knobs", metavar="NAME=VALUE",
                   help="an explorer knob added to the scenario on the shown goals' series, e.g. "
                        "growth_pp=2.5 (the value what-it-takes returns); repeat for several")
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
    goals = _chosen_goals(plan, args.goals)
    if args.knobs:
        spec = with_knobs(spec, plan, goals, args.knobs, catalog,
                          as_of=args.as_of if args.as_of is not None else spec.as_of,
                          latest=int(obs["year"].max()) if len(obs) else None)
    result = run_scenario(spec, as_of=args.as_of, n_sims=args.sims, seed=args.seed, obs=obs,
                          catalog=catalog, plan=plan, vintage=args.vintage)
    df = result.summary
    if args.goals:
        df = df[df["target_id"].isin([g.id for g in goals])]
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


def _chosen_goals(plan, ids):
    """The plan's goals named by ``--goal`` (all of them when none is named)."""
    from .sweep.core import _goal_of
    return [_goal_of(plan, i) for i in ids] if ids else list(plan.targets)


def with_knobs(spec, plan, goals, knob_specs, catalog, *, as_of, latest):
    """The scenario with explorer knobs (``NAME=VALUE``) added on the goals' series.

    One set of operations per series (goals on the same series share it), appended after the
    scenario's own, as the explorer and ``xtforecast sweep`` add them; the years are the
    whole plan's projected years (``as_of + 1`` .. horizon).
    """
    from dataclasses import replace

    from .errors import XtForecastError
    from .knobs import Knobs, as_operations, knob_operations
    from .sweep.grid import parse_knob
    setting = {}
    for text in knob_specs:
        k = parse_knob(text)
        if len(k.values) != 1:
            raise XtForecastError(f"--knob {text}: project takes one value per knob "
                                  "(NAME=VALUE); sweep a range with `xtforecast sweep`")
        setting[k.name] = k.values[0]
    from .scenarios.engine import plan_horizon
    horizon = plan_horizon(spec, plan)
    as_of = int(as_of if as_of is not None else latest)
    ops, seen = [], set()
    for g in goals:
        if (g.indicator, g.region) in seen or not g.evaluable:
            continue
        seen.add((g.indicator, g.region))
        dicts, _ = knob_operations(g, Knobs(**setting), (as_of + 1, horizon), catalog)
        ops += as_operations(dicts, "--knob")
    return replace(spec, operations=tuple(spec.operations) + tuple(ops), horizon=horizon)
