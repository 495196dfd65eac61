"""The options several commands share, each declared once, and the rules of their values.

A command adds the options it takes with the functions below, so ``--sims`` means the same
thing, refuses the same values and says so in the same words in ``project``, ``backtest``,
``report``, ``sweep`` and ``explore``. A bad value stops the command before any work starts,
with argparse's usage line and exit code 2 (the code of every bad input): ``--sims 1000000000``
is refused at once rather than exhausting memory minutes later, ``--seed -1`` gets a sentence
instead of a numpy traceback.

The data options end in one :class:`~xtforecast.inputs.Inputs` (:func:`inputs_from_args`):
a command reads its catalog, observations and plans through it, once. :class:`Command` (a
row of the command tables) and :func:`add_commands` live in :mod:`.table`. Nothing here imports
pandas: the inputs are imported where a command reads them, so that every ``--help`` is quick.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .. import checks
from .._schema import (
    KNOWN_FROM_NAMES,
    MAX_N_SIMS,
    MAX_SEED,
    OUTPUT_FORMATS,
    TARGET_YEAR_MAX,
    VINTAGE_RULE_NAMES,
    YEAR_MIN,
)
from ..i18n import LANGS, check_lang

if TYPE_CHECKING:  # the inputs reach pandas: imported where a command reads them, not for --help
    from ..inputs import DataPaths, Inputs

# -- the rules of a value ----------------------------------------------------------------------

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
    def parse(text: str) -> int:
        # the one rule of a typed whole number (checks.py): "+5", "0100" and "4_50" are slips
        value, problem = checks.whole_number_text(text, lo, hi, what)
        if problem:
            raise argparse.ArgumentTypeError(problem)
        return value

    parse.__name__ = what  # argparse names the type in its messages
    return parse


#: ``--sims``: sample paths per series.
n_sims = whole_number(1, MAX_N_SIMS, "a number of sample paths")
#: ``--seed``.
seed = whole_number(0, MAX_SEED, "a seed")


def year(text: str) -> int:
    """``--as-of`` and other data vintages: a year an observation can have (1949..this year).

    Examples
    --------
    >>> year("2019")
    2019
    """
    return whole_number(YEAR_MIN, min(TARGET_YEAR_MAX, _dt.date.today().year), "a year")(text)


def probability(text: str) -> float:
    """A probability in (0, 1] (``what-it-takes --p``).

    Examples
    --------
    >>> probability("0.8")
    0.8
    >>> probability("80")
    Traceback (most recent call last):
    argparse.ArgumentTypeError: must be a probability in (0, 1] such as 0.8 for 80%, got 80.0
    """
    try:
        v = float(text)
    except ValueError:
        v = text  # the rule below names what came
    problem = checks.probability(v)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return v


#: Help texts that state the limits (the same numbers the checks use).
SIMS_HELP = f"1..{MAX_N_SIMS:,}"
SEED_HELP = "0..2**63-1"
YEAR_HELP = f"{YEAR_MIN}..this year"

#: ``--vintage`` (project, backtest): one help text for every command that takes ``--as-of``.
VINTAGE_HELP = ("which release of each figure a series is built from: latest (default; the "
                "revised series where a revision was published by --as-of, then later first "
                "releases) or first_release (every year as first published); never both in one "
                "series")


# -- options of several commands ---------------------------------------------------------------

def add_format(p, formats: tuple[str, ...] = OUTPUT_FORMATS, help: str | None = None) -> None:
    """``--format``: an aligned table for people (default), or a form for programs."""
    p.add_argument("--format", choices=formats, default=formats[0],
                   help=help or "output format: an aligned table for people (default), csv, or json")


def add_data_dir(p) -> None:
    """``--data-dir``: a directory laid out like ``data/``."""
    p.add_argument("--data-dir", type=Path, default=None,
                   help="a directory laid out like data/: observations.csv, indicators.yaml, "
                        "regions.yaml, targets/ (default: the bundled data/)")


def add_scenarios_dir(p) -> None:
    """``--scenarios-dir``: where scenario names are looked up."""
    p.add_argument("--scenarios-dir", type=Path, default=None,
                   help="directory of scenario files (default: the bundled scenarios/)")


def add_catalog_files(p, of: str = "the data directory") -> None:
    """``--indicators`` and ``--regions``: the catalog's two files, each replaceable."""
    p.add_argument("--indicators", type=Path, default=None,
                   help=f"indicator catalog YAML (default: indicators.yaml of {of})")
    p.add_argument("--regions", type=Path, default=None,
                   help=f"region list YAML (default: regions.yaml of {of})")


def add_data_options(p, observations: bool = False, targets: bool = False) -> None:
    """``--data-dir`` and the files it holds, each replaceable by its own path."""
    g = p.add_argument_group("data files")
    add_data_dir(g)
    add_catalog_files(g)
    if observations:
        g.add_argument("--observations", type=Path, default=None,
                       help="observations CSV (default: observations.csv of the data directory)")
    if targets:
        g.add_argument("--targets-dir", type=Path, default=None,
                       help="directory of plan target files, <plan>.yaml (default: targets/ of "
                            "the data directory)")


def add_as_of(p, default: str = "the scenario's", extra: str = "") -> None:
    """``--as-of``: the data vintage (observations up to this year only)."""
    p.add_argument("--as-of", type=year, default=None, dest="as_of",
                   help=f"data vintage: use only observations up to this year{extra} "
                        f"({YEAR_HELP}; default: {default})")


def add_sims(p, default: str | int | None = None, default_help: str = "the scenario's") -> None:
    """``--sims``: sample paths per series."""
    p.add_argument("--sims", type=n_sims, default=default,
                   help=f"sample paths per series, {SIMS_HELP} (default: {default_help})")


def add_seed(p, default_help: str = "the scenario's") -> None:
    """``--seed``: the random seed of the sample paths."""
    p.add_argument("--seed", type=seed, default=None,
                   help=f"random seed, {SEED_HELP} (default: {default_help})")


def add_vintage(p) -> None:
    """``--vintage``: which release of each figure a series is built from."""
    p.add_argument("--vintage", choices=VINTAGE_RULE_NAMES, default="latest", help=VINTAGE_HELP)


def add_known_from(p) -> None:
    """``--known-from``: when a figure counts as known at ``--as-of``."""
    p.add_argument("--known-from", choices=KNOWN_FROM_NAMES, default=None,
                   help="when a figure counts as known at --as-of: published (from its "
                        "publication date, as a reader outside saw it) or year (from the end of "
                        "the year it describes, as the plan's authors knew their own statistics; "
                        "later revisions still from their publication) (default: the "
                        "scenario's known_from, published unless it says)")


def lang_name(value: str) -> str:
    """A ``--lang`` value, refused with the language meant when it is a common other name.

    Examples
    --------
    >>> lang_name("en")
    'en'
    >>> lang_name("cn")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: lang must be one of ['zh', 'en']; got 'cn'. Did you mean 'zh'?
    """
    try:
        return check_lang(value)
    except ValueError as exc:  # argparse's choice check would list the choices only
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_lang(p, what: str = "output") -> None:
    """``--lang``: zh (default) or en."""
    p.add_argument("--lang", type=lang_name, choices=LANGS, default="zh",
                   help=f"language of the {what} (default zh)")


def add_jobs(p, hi: int, default: int, help_default: str) -> None:
    """``--jobs``/``-j``: worker processes."""
    p.add_argument("--jobs", "-j", type=whole_number(1, hi, "a number of workers"), default=default,
                   help=f"worker processes, 1..{hi} (default: {help_default})")


# -- from the options to the inputs --------------------------------------------------------------

def data_paths(args) -> DataPaths:
    """The files the data options of ``args`` name (a command without an option gets the
    default of ``--data-dir``)."""
    from ..inputs import DataPaths

    files = {k: getattr(args, k, None)
             for k in ("indicators", "regions", "observations", "targets_dir", "scenarios_dir")}
    return DataPaths.of(getattr(args, "data_dir", None), **files)


def inputs_from_args(args, *, load: bool = True, allow_empty: bool = False) -> Inputs:
    """The one :class:`~xtforecast.inputs.Inputs` of a command.

    Parameters
    ----------
    args : argparse.Namespace
    load : bool
        Read and check the catalog and the observations now (True), or each on first use
        (a command that lists the catalog never reads the observations).
    allow_empty : bool
        Accept an observations file with no rows (a directory just made by ``init``).
    """
    from ..inputs import Inputs

    inputs = Inputs(data_paths(args), allow_empty=allow_empty)
    if load:
        inputs.observations  # noqa: B018 - reading it is the check (Inputs.load does the same)
    return inputs


def warn_before_data(inputs: Inputs, years, option: str) -> None:
    """On stderr, that a vantage year lies before every observation: the command still runs
    (a user may mean it), but every goal is then insufficient_data and the reason is this."""
    obs = inputs.observations
    if not len(obs):
        return
    first = int(obs["year"].min())
    early = sorted({y for y in years if isinstance(y, int) and y < first})
    if early:
        shown = ", ".join(map(str, early))
        print(f"xtforecast: note: {option} {shown} is before the first observation ({first}) "
              f"in {inputs.paths.observations}: nothing was known by then, so every goal at it is "
              f"insufficient_data. Use a later year", file=sys.stderr)


def say_how_read(inputs: Inputs) -> None:
    """On stderr, how an observations file in another encoding or a worksheet was read."""
    obs = inputs.observations
    if obs.attrs.get("read_note"):  # GB18030, UTF-16, a worksheet
        print(f"{inputs.paths.observations}: {obs.attrs['read_note']}", file=sys.stderr)
