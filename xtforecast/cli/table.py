"""The rows of the command tables and how a table hangs on a parser (the program's table in
:mod:`xtforecast.cli`, the subcommands' in :mod:`.data` and :mod:`.scenarios`)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import NamedTuple

#: The exit code of every bad input (argparse uses it for its own usage errors too).
EXIT_BAD_INPUT = 2


class Command(NamedTuple):
    """One command of the command table: what ``xtforecast NAME --help`` shows and runs.

    Attributes
    ----------
    name : str
    add_arguments : callable
        ``add_arguments(parser)`` declares the command's options.
    run : callable or None
        ``run(args) -> exit code``; None for a group whose subcommands run.
    help : str
        One line, in the list of commands.
    description : str
        The paragraph at the top of the command's ``--help`` (plain text, wrapped by hand).
    example : str
        Lines of command lines that work on the bundled data, shown under "Example:".
    """

    name: str
    add_arguments: Callable
    run: Callable | None
    help: str
    description: str
    example: str


def add_commands(sub, commands) -> None:
    """Hang every command of ``commands`` on the subparsers ``sub``."""
    for cmd in commands:
        p = sub.add_parser(cmd.name, help=cmd.help, description=cmd.description,
                           epilog=epilog(cmd.example),
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        cmd.add_arguments(p)
        if cmd.run is not None:
            p.set_defaults(func=cmd.run)


def epilog(example: str) -> str:
    """The "Example:" section of a ``--help``, each command line indented."""
    lines = [ln.strip() for ln in example.strip().splitlines()]
    return "Example:\n" + "\n".join(f"  {ln}" if ln else "" for ln in lines)
