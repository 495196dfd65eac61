"""``xtforecast init``: lay out a data directory for a new plan from its draft registry.

The library is imported in :func:`run`, so that ``init --help`` loads no pandas.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .options import add_catalog_files

DESCRIPTION = """\
Lay out a data directory for a new plan from its reviewed draft registry (the
output of "xtforecast targets draft"): DIR/indicators.yaml (the catalog, plus
a stub for every indicator the draft marks new), DIR/regions.yaml (the region
list, plus stubs for regions it lacks), DIR/targets/<plan>.yaml (the goals)
and an observations.csv with only its header line. Fill the stubs and the
figures (xtforecast data template, then data merge); project, backtest, report
and explore then run with --data-dir DIR. Goals without data come out as
insufficient_data."""
EXAMPLE = """\
xtforecast targets draft plan.txt --region xingtai --out draft.yaml
xtforecast init mycity --plan draft.yaml"""


def add_arguments(p) -> None:
    p.add_argument("dir", type=Path, metavar="DIR", help="the data directory to create")
    p.add_argument("--plan", type=Path, required=True, metavar="DRAFT.yaml",
                   help="the reviewed draft registry (output of xtforecast targets draft)")
    p.add_argument("--force", action="store_true", help="write into DIR even if it holds files")
    add_catalog_files(p.add_argument_group("catalog to start from"), of="the bundled data/")


def run(args) -> int:
    from ..drafting.init_dir import init_directory
    from ..inputs import DataPaths, Inputs

    start = DataPaths.of(indicators=args.indicators, regions=args.regions)
    res = init_directory(args.dir, args.plan, Inputs(start).catalog, start.indicators,
                         start.regions, args.force)
    # The directory must load as data/ does; say so now rather than at the first `project`.
    Inputs(DataPaths.of(args.dir)).plan(res["plan"])
    print(f"wrote {args.dir}: plan {res['plan']} with {res['goals']} goals; "
          f"{len(res['new_indicators'])} indicator stub(s), {len(res['new_regions'])} region stub(s)")
    if res["left_out"]:
        print(f"left out (no value or year; fix them in the draft): {', '.join(map(str, res['left_out']))}",
              file=sys.stderr)
    print(f"next: xtforecast data template --plan {res['plan']} --data-dir {args.dir} --out sheet.csv",
          file=sys.stderr)
    return 0
