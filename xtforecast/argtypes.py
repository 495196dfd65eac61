"""Argument types of the command line: each option's rule written once, checked by argparse.

A bad value stops the command before any work starts, with argparse's usage line and exit
code 2 (the code of every bad input): ``--sims 1000000000`` is refused at once rather than
exhausting memory minutes later, ``--seed -1`` gets a sentence instead of a numpy traceback.
"""

from __future__ import annotations

import argparse
import datetime as _dt

from ._schema import MAX_N_SIMS, MAX_SEED, TARGET_YEAR_MAX, YEAR_MIN


def whole_number(lo: int, hi: int | None = None, what: str = "a whole number"):
    """An argparse ``type`` accepting whole numbers in ``lo..hi`` (``hi`` None: no upper end).

    Examples
    --------
    >>> whole_number(1, 10)("3")
    3
    >>> whole_number(1, 10)("30")
    Traceback (most recent call last):
    argparse.ArgumentTypeError: must be a whole number in 1..10, got 30
    """
    rng = f"in {lo}..{hi}" if hi is not None else f">= {lo}"

    def parse(text: str) -> int:
        try:
            value = int(text.replace("_", "x"))  # "4_50" is a typo, not 450
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be {what} {rng}, got {text!r}") from None
        if value < lo or (hi is not None and value > hi):
            raise argparse.ArgumentTypeError(f"must be {what} {rng}, got {value}")
        return value

    parse.__name__ = what  # argparse names the type in its messages
    return parse


#: ``--sims``: sample paths per series.
n_sims = whole_number(1, MAX_N_SIMS, "a number of sample paths")
#: ``--seed``.
seed = whole_number(0, MAX_SEED, "a seed")


def year(text: str) -> int:
    """``--as-of``: a year an observation can have (1949..this year)."""
    return whole_number(YEAR_MIN, min(TARGET_YEAR_MAX, _dt.date.today().year), "a year")(text)


#: Help texts that state the limits (the same numbers the checks use).
SIMS_HELP = f"1..{MAX_N_SIMS:,}"
SEED_HELP = "0..2**63-1"
YEAR_HELP = f"{YEAR_MIN}..this year"

#: ``--vintage`` (project, backtest): one help text for every command that takes ``--as-of``.
VINTAGE_HELP = ("which release of each figure a series is built from: latest (default; the "
                "revised series where a revision was published by --as-of, then later first "
                "releases) or first_release (every year as first published); never both in one "
                "series")
