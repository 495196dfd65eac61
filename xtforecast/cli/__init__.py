"""The ``xtforecast`` command line: one package on top of the library, which never imports it.

Every command reads the bundled data by default and can be pointed at a user's own files
(``--data-dir`` or the per-file options, :mod:`.options`), so any city and any plan work. The
commands are the static table :func:`commands`, one module each (or one per group), listed by
:data:`COMMAND_HELP`. Bad input exits with code 2 and says what is wrong on stderr.
"""

from __future__ import annotations

import argparse
import sys

from .. import __version__
from ..errors import XtForecastError
from .table import EXIT_BAD_INPUT, Command, add_commands, epilog

#: Every command with its line in ``xtforecast --help``, in that order. The list is all that
#: ``xtforecast --help`` (or a command name that is not one) needs, so it is built from these
#: lines alone: the commands' modules, which reach pandas and scipy, load only for a command.
COMMAND_HELP: dict[str, str] = {
    "indicators": "list the indicator catalog",
    "targets": "list the goals of one plan or of all plans",
    "data": "data commands (check, template, merge)",
    "scenarios": "list scenarios, or check scenario files",
    "project": "project every goal under a scenario: the summary table",
    "report": "run the report notebook for scenarios (papermill, in parallel)",
    "backtest": "score past calls against observed outcomes, and P(attain) on M3",
    "bench": "accuracy benchmark of the growth models (M3 yearly or a CSV)",
    "sweep": "every goal under every combination of a grid of scenario knobs",
    "what-it-takes": "per goal, the least effort for which P(attain) >= p",
    "init": "lay out a data directory for a new plan (from a draft registry)",
    "explore": "the goal explorer as a web page on this computer (Voila)",
}


def commands() -> tuple[Command, ...]:
    """Every command, whole (options, run, ``--help`` text), in the order of :data:`COMMAND_HELP`."""
    from . import backtest, bench, data, explore, init, project, report, scenarios, sweep, takes

    h = COMMAND_HELP
    return (
        Command("indicators", data.add_indicators_arguments, data.run_indicators, h["indicators"],
                """\
List every indicator of the catalog with its unit, kind (stock, flow, ratio,
rank or class), direction, natural bounds, formula and growth family (sti: an
S&T count or value whose projection without a pool takes the growth learned
across the province panels).""",
                "xtforecast indicators --format csv"),
        Command("targets", data.add_targets_arguments, data.run_targets, h["targets"],
                """\
List the target registry: every goal with its indicator, region, type,
comparator, value, years and the plan's own words. "targets draft" drafts a
registry from a plan's Chinese text; "targets score" scores a draft against
a registry made by hand.""",
                """\
xtforecast targets --plan xingtai_2020
xtforecast targets draft plan.txt --region xingtai --out draft.yaml"""),
        Command("data", data.add_data_arguments, None, h["data"],
                """\
Commands on the data files: "check" validates them, "template" writes the
sheet of figures a plan needs, "merge" appends a filled sheet to the
observations.""",
                "xtforecast data check"),
        Command("scenarios", scenarios.add_arguments, None, h["scenarios"], scenarios.DESCRIPTION,
                scenarios.EXAMPLE),
        Command("project", project.add_arguments, project.run, h["project"], project.DESCRIPTION,
                project.EXAMPLE),
        Command("report", report.add_arguments, report.run, h["report"], report.DESCRIPTION,
                report.EXAMPLE),
        Command("backtest", backtest.add_arguments, backtest.run, h["backtest"],
                backtest.DESCRIPTION, backtest.EXAMPLE),
        Command("bench", bench.add_arguments, bench.run, h["bench"], bench.DESCRIPTION,
                bench.EXAMPLE),
        Command("sweep", sweep.add_arguments, sweep.run, h["sweep"], sweep.DESCRIPTION,
                sweep.EXAMPLE),
        Command("what-it-takes", takes.add_arguments, takes.run, h["what-it-takes"],
                takes.DESCRIPTION, takes.EXAMPLE),
        Command("init", init.add_arguments, init.run, h["init"], init.DESCRIPTION, init.EXAMPLE),
        Command("explore", explore.add_arguments, explore.run, h["explore"], explore.DESCRIPTION,
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


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser of every command (:func:`commands`).

    Parameters
    ----------
    argv : list of str, optional
        The command line it will parse. When it names no command (``xtforecast --help``,
        ``--version``, a misspelt command) the commands get only their line of the list, which
        argparse's list and its "invalid choice" need, and none of their modules is imported.
        None: every command whole.
    """
    parser = argparse.ArgumentParser(prog="xtforecast", description=DESCRIPTION,
                                     epilog=epilog(EXAMPLE),
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"xtforecast {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    if argv is not None and not any(a in COMMAND_HELP for a in argv):
        for name, help_line in COMMAND_HELP.items():
            sub.add_parser(name, help=help_line)
    else:
        add_commands(sub, commands())
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
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv)
    _refuse_dash_values(parser, argv)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except XtForecastError as exc:  # DataError and every other refusal of bad input
        print(f"xtforecast: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # `xtforecast targets | head` is fine
        return 0


__all__ = ["COMMAND_HELP", "EXIT_BAD_INPUT", "build_parser", "commands", "main"]
