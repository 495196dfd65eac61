"""List and check scenario files (``xtforecast scenarios list|check FILE...``).

``list`` shows every scenario in ``scenarios/`` with its labels, parent, data vintage,
horizon and number of operations. ``check`` validates files (with their ``extends`` chain)
against the indicator catalog, the region list and the plan: every problem is reported with
file, line, key path and rule. Exit 0 when clean, 2 otherwise.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from ..output import FORMATS, emit

EXIT_BAD_INPUT = 2
ISSUE_COLUMNS = ["path", "line", "column", "rule", "message"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``list`` and ``check`` subcommands to the ``scenarios`` parser."""
    from ..cli import _add_data_options
    sub = parser.add_subparsers(dest="scenarios_command", metavar="SUBCOMMAND")
    sub.required = True
    for name, help_text in (("list", "list the scenarios in scenarios/"),
                            ("check", "validate scenario files; exit 2 on any problem")):
        p = sub.add_parser(name, help=help_text, description=help_text)
        if name == "check":
            p.add_argument("paths", nargs="*", metavar="FILE",
                           help="scenario .yaml files or names; default: every file in scenarios/")
        p.add_argument("--scenarios-dir", type=Path, default=None,
                       help="directory of scenario files (default: the bundled scenarios/)")
        _add_data_options(p, targets=True)
        p.add_argument("--format", choices=FORMATS, default="table",
                       help="output format: an aligned table (default), csv, or json")


def _catalog(args):
    """(catalog, issues, targets_dir); names are checked only against a clean catalog."""
    from ..catalog import Catalog, read_indicators, read_regions
    from ..cli import _paths
    from ..errors import DataError
    p = _paths(args)
    try:
        inds, e1 = read_indicators(p["indicators"])
        regs, e2 = read_regions(p["regions"])
    except DataError as exc:  # a missing or unparsable catalog file
        return None, exc.issues, p["targets_dir"]
    return Catalog(inds, regs, str(p["indicators"]), str(p["regions"])), e1 + e2, p["targets_dir"]


def cmd_list(args) -> int:
    from . import list_scenarios
    catalog, issues, tdir = _catalog(args)
    df = list_scenarios(args.scenarios_dir, catalog if not issues else None, targets_dir=tdir)
    emit(df, args.format)
    return 0


def cmd_check(args) -> int:
    from . import check_scenario
    from .spec import scenario_files
    catalog, cat_issues, tdir = _catalog(args)
    paths = list(args.paths) or [str(f) for f in scenario_files(args.scenarios_dir)]
    issues = list(cat_issues)
    for p in paths:
        errs = check_scenario(p, catalog if not cat_issues else None, targets_dir=tdir,
                              directory=args.scenarios_dir)
        print(f"{p}: {len(errs)} problem(s)", file=sys.stderr)
        issues += [e for e in errs if e not in issues]
    if not issues:
        if args.format == "json":
            print("[]")
        elif args.format == "csv":
            print(",".join(ISSUE_COLUMNS))
        else:
            print(f"OK: {len(paths)} scenario file(s), no problems found")
        return 0
    if args.format == "table":
        for i in issues:
            print(i)
        print(f"{len(issues)} problem(s) found", file=sys.stderr)
    else:
        emit(pd.DataFrame([i.as_dict() for i in issues], columns=ISSUE_COLUMNS), args.format)
    return EXIT_BAD_INPUT


#: subcommand -> handler (a registry, not an if-chain)
COMMANDS = {"list": cmd_list, "check": cmd_check}


def run(args) -> int:
    """Dispatch ``xtforecast scenarios SUBCOMMAND``; 0 when clean, 2 on problems."""
    return COMMANDS[args.scenarios_command](args)
