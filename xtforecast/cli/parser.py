"""The command line's parser: argparse's, with "Did you mean ...?" for a mistyped command,
choice or option, as every other unknown name the user types gets (:mod:`xtforecast.suggest`).

Python 3.14 has this as ``suggest_on_error``; the package supports 3.11, whose argparse only
lists the choices (``xtforecast indicaters`` printed twelve command names and left the reader to
spot the one meant).
"""

from __future__ import annotations

import argparse

from ..suggest import did_you_mean


class Parser(argparse.ArgumentParser):
    """:class:`argparse.ArgumentParser` that suggests the closest valid choice or option.

    Subcommand parsers are of the same class (``add_subparsers`` makes them with
    ``type(self)``), so a subcommand's choices and options get the same help.
    """

    def _check_value(self, action, value):
        # the one place argparse rejects a choice; its message, then the suggestion
        if action.choices is not None and value not in action.choices:
            choices = ", ".join(map(repr, action.choices))
            raise argparse.ArgumentError(
                action, f"invalid choice: {value!r} (choose from {choices})."
                        f"{did_you_mean(value, action.choices)}")
        super()._check_value(action, value)

    def parse_args(self, args=None, namespace=None):
        """As argparse's, and an unknown option is answered with the closest of the command's
        options."""
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            unknown = next((a.split("=", 1)[0] for a in extras if a.startswith("-")), "")
            hint = did_you_mean(unknown, _options(self, parsed)) if unknown else ""
            self.error(f"unrecognized arguments: {' '.join(extras)}.{hint}")
        return parsed


def _options(parser: argparse.ArgumentParser, parsed: argparse.Namespace) -> list[str]:
    """The option strings of the parser and of the subcommands ``parsed`` chose under it."""
    out = []
    for action in parser._actions:
        out += action.option_strings
        if isinstance(action, argparse._SubParsersAction):
            chosen = action.choices.get(getattr(parsed, action.dest, None) or "")
            if chosen is not None:
                out += _options(chosen, parsed)
    return out


__all__ = ["Parser"]
