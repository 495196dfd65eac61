"""The ``xtforecast`` command line: one package on top of the library, which never imports it.

Every command reads the bundled data by default and can be pointed at a user's own files
(``--data-dir`` or the per-file options, :mod:`.options`), so any city and any plan work. The
commands are the static table :data:`COMMANDS`, one module each (or one per group). Bad input
exits with code 2 and says what is wrong on stderr.

A command's module declares its options with nothing heavier than the standard library and
the package's vocabularies (:mod:`xtforecast._schema`), and imports the library (pandas,
scipy, the models) inside the functions that do the work: every ``--help``, and every usage
error, answers before the scientific stack loads.
"""

from __future__ import annotations

import argparse
import sys

from .. import __version__
from ..errors import XtForecastError
from . import backtest, bench, data, explore, init, project, report, scenarios, sweep, takes
from .parser import Parser
from .table import EXIT_BAD_INPUT, Command, add_commands, epilog

#: Every command, in the order ``xtforecast --help`` lists them.
COMMANDS: tuple[Command, ...] = (
    Command("indicators", data.add_indicators_arguments, data.run_indicators,
            "list the indicator catalog",
            """\
List every indicator of the catalog with its unit, kind (stock, flow, ratio,
rank or class), direction, natural bounds, formula and growth family (sti: an
S&T count or value whose projection without a pool takes the growth learned
across the province panels).""",
            "xtforecast indicators --format csv"),
    Command("targets", data.add_targets_arguments, data.run_targets,
            "list the goals of one plan or of all plans",
            """\
List the target registry: every goal with its indicator, region, type,
comparator, value, years and the plan's own words. "targets draft" drafts a
registry from a plan's Chinese text; "targets score" scores a draft against
a registry made by hand.""",
            """\
xtforecast targets --plan xingtai_2020
xtforecast targets draft plan.txt --region xingtai --out draft.yaml"""),
    Command("data", data.add_data_arguments, None, "data commands (check, template, merge)",
            """\
Commands on the data files: "check" validates them, "template" writes the
sheet of figures a plan needs, "merge" appends a filled sheet to the
observations.""",
            "xtforecast data check"),
    Command("scenarios", scenarios.add_arguments, None,
            "list scenarios, or check scenario files", scenarios.DESCRIPTION, scenarios.EXAMPLE),
    Command("project", project.add_arguments, project.run,
            "project every goal under a scenario: the summary table", project.DESCRIPTION,
            project.EXAMPLE),
    Command("report", report.add_arguments, report.run,
            "run the report notebook for scenarios (papermill, in parallel)", report.DESCRIPTION,
            report.EXAMPLE),
    Command("backtest", backtest.add_arguments, backtest.run,
            "score past calls against observed outcomes, and P(attain) on M3",
            backtest.DESCRIPTION, backtest.EXAMPLE),
    Command("bench", bench.add_arguments, bench.run,
            "accuracy benchmark of the growth models (M3 yearly or a CSV)", bench.DESCRIPTION,
            bench.EXAMPLE),
    Command("sweep", sweep.add_arguments, sweep.run,
            "every goal under every combination of a grid of scenario knobs", sweep.DESCRIPTION,
            sweep.EXAMPLE),
    Command("what-it-takes", takes.add_arguments, takes.run,
            "per goal, the least effort for which P(attain) >= p", takes.DESCRIPTION,
            takes.EXAMPLE),
    Command("init", init.add_arguments, init.run,
            "lay out a data directory for a new plan (from a draft registry)", init.DESCRIPTION,
            init.EXAMPLE),
    Command("explore", explore.add_arguments, explore.run,
            "the goal explorer as a web page on this computer (Voila)", explore.DESCRIPTION,
            explore.EXAMPLE),
)

DESCRIPTION = """\
Will a city's science-and-technology indicators reach its plan's goals?
xtforecast projects every goal of a plan under scenarios, says how likely each
is to be attained, and checks those calls against what happened. Every command
runs on the bundled data (Xingtai's plans, with Hebei's and the national ones)
or on your own (--data-dir).
"xtforecast COMMAND --help" tells more about each command."""
EXAMPLE = """\
xtforecast project --scenario baseline
xtforecast backtest --plan all"""


def build_parser() -> argparse.ArgumentParser:
    """The parser of every command (:data:`COMMANDS`)."""
    parser = Parser(prog="xtforecast", description=DESCRIPTION, epilog=epilog(EXAMPLE),
                    formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"xtforecast {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    add_commands(sub, COMMANDS)
    return parser


def _refuse_dash_values(parser: argparse.ArgumentParser, argv: list[str]) -> None:
    """``--sims=--``: argparse (3.11) drops the ``--`` and hands the command an empty list
    instead of calling the option's type, so the rule of the option never runs."""
    for a in argv:
        if a.startswith("--") and a.endswith("=--"):
            parser.error(f"argument {a[:-3]}: expected a value, got '--'")


def main(argv: list[str] | None = None) -> int:
    """Run ``xtforecast`` with ``argv`` (default the process's); the exit code.

    0 when the command did its work; 2 for bad input (a usage error exits through argparse
    with 2 too); some commands use 1 for work that partly failed (report, sweep).
    """
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    _refuse_dash_values(parser, argv)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except XtForecastError as exc:  # DataError and every other refusal of bad input
        print(f"xtforecast: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # `xtforecast targets | head` is fine
        return 0


__all__ = ["COMMANDS", "EXIT_BAD_INPUT", "build_parser", "main"]
