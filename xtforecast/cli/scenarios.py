"""``xtforecast scenarios list|check``: the scenario files, listed or validated.

The scenario readers are imported where they read, so that ``scenarios check --help`` builds
its parser alone (:mod:`xtforecast.cli`).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from ..errors import DataError, problem_count
from .data import print_issues
from .options import add_data_options, add_format, add_scenarios_dir, data_paths
from .table import Command, add_commands

if TYPE_CHECKING:
    from ..inputs import DataPaths

DESCRIPTION = """\
The scenario files: named sets of assumptions (a shock, a faster growth, a
policy push) applied to the baseline projection. "list" shows each one;
"check" validates them."""
EXAMPLE = """\
xtforecast scenarios list
xtforecast scenarios check covid_shock"""


def add_arguments(p) -> None:
    sub = p.add_subparsers(dest="scenarios_command", metavar="SUBCOMMAND")
    sub.required = True
    add_commands(sub, COMMANDS)


def _add_common(p) -> None:
    add_scenarios_dir(p)
    add_data_options(p, targets=True)
    add_format(p)


def add_check_arguments(p) -> None:
    p.add_argument("paths", nargs="*", metavar="FILE",
                   help="scenario .yaml files or names; default: every file in scenarios/")
    _add_common(p)


def _catalog(where: DataPaths):
    """(catalog, issues); names are checked only against a clean catalog."""
    from ..catalog import read_catalog

    try:
        catalog, e1, e2 = read_catalog(where.indicators, where.regions)
    except DataError as exc:  # a missing or unparsable catalog file
        return None, exc.issues
    return catalog, e1 + e2


def run_list(args) -> int:
    from ..output import emit
    from ..scenarios import list_scenarios

    where = data_paths(args)
    catalog, issues = _catalog(where)
    df = list_scenarios(args.scenarios_dir, catalog if not issues else None,
                        targets_dir=where.targets_dir)
    emit(df, args.format)
    return 0


def run_check(args) -> int:
    from ..scenarios import check_scenario
    from ..scenarios.spec import plan_reader, scenario_files

    where = data_paths(args)
    catalog, cat_issues = _catalog(where)
    paths = list(args.paths) or [str(f) for f in scenario_files(args.scenarios_dir)]
    issues = list(cat_issues)
    checked = catalog if not cat_issues else None
    plans = plan_reader(checked, where.targets_dir)  # files that name the same plan read it once
    for p in paths:
        errs = check_scenario(p, checked, targets_dir=where.targets_dir, directory=args.scenarios_dir,
                              plans=plans)
        print(f"{p}: {problem_count(len(errs))}", file=sys.stderr)
        issues += [e for e in errs if e not in issues]
    return print_issues(issues, args.format, f"OK: {len(paths)} scenario file(s), no problems found")


COMMANDS = (
    Command("list", _add_common, run_list, "list the scenarios in scenarios/",
            """\
One row per scenario file: its name and labels, the scenario it extends, its
plan, data vintage, horizon, number of paths, seed and number of operations,
and how many problems it has (0 when it validates).""",
            "xtforecast scenarios list --format csv"),
    Command("check", add_check_arguments, run_check,
            "validate scenario files; exit 2 on any problem",
            """\
Validate scenario files, with the files they extend, against the indicator
catalog, the region list and the plan: every problem is reported with file,
line, key and rule. Exit code 0 when clean, 2 otherwise.""",
            """\
xtforecast scenarios check
xtforecast scenarios check scenarios/covid_shock.yaml"""),
)
