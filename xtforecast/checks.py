"""The value rules every input is held to, each written once.

A rule is a function of the value that returns ``None`` when the value keeps it and otherwise the
problem as a phrase without a subject: what the value must be, what came, and how to fix it
(``"must be a whole number in 1..10, got 30"``). The caller says where the value came from, the
way its context does it: a YAML loader puts the phrase into an :class:`~xtforecast.errors.Issue`
(``f"{key} {problem}"``), a parameter list prefixes ``"name: "``, argparse prefixes
``"argument --sims: "``, a library function raises it (:func:`require`). So "a positive whole
number, not a bool" means the same thing in a scenario file, a notebook parameter, a command-line
option and a model call, and says so in the same words.

The module is a leaf: it imports only the schema constants, the errors and the suggestion helper.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Iterable

from ._schema import MAX_N_SIMS, MAX_SEED, TARGET_YEAR_MAX, YEAR_MIN
from .errors import XtForecastError
from .suggest import did_you_mean

#: A whole number written plainly: an optional minus, ASCII digits, no leading zero (``2020``,
#: ``-3``, ``0``). ``int()`` also takes ``+5``, ``0100``, ``4_50``, `` 7 `` and full-width
#: digits; a figure typed into a file or an option is none of these.
_WHOLE_TEXT = re.compile(r"-?(0|[1-9][0-9]*)", re.ASCII)


# -- what a value is --------------------------------------------------------------------------

def is_whole(value) -> bool:
    """True for a Python or numpy integer; never for a bool (``True == 1`` is not a count).

    Examples
    --------
    >>> is_whole(3), is_whole(True), is_whole(3.0)
    (True, False, False)
    """
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def is_number(value) -> bool:
    """True for a finite real number (int, float, numpy scalar); never for a bool or a text.

    Examples
    --------
    >>> is_number(0.5), is_number(2), is_number(False), is_number("1"), is_number(float("nan"))
    (True, True, False, False, False)
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return False
    return isinstance(value, numbers.Integral) or math.isfinite(value)  # a huge int has no float


def parse_whole(text: str) -> int | None:
    """``text`` as a whole number when it is written as one (see ``_WHOLE_TEXT``), else None.

    Examples
    --------
    >>> parse_whole("2020"), parse_whole("-1"), parse_whole("2020.0"), parse_whole("4_50")
    (2020, -1, None, None)
    >>> parse_whole("０１"), parse_whole("²"), parse_whole("0100")
    (None, None, None)
    """
    text = str(text)
    return int(text) if _WHOLE_TEXT.fullmatch(text) else None


# -- the rules ---------------------------------------------------------------------------------

def _span(lo, hi) -> str:
    if lo is not None and hi is not None:
        return f" in {lo}..{hi}"
    return f" >= {lo}" if lo is not None else (f" <= {hi}" if hi is not None else "")


def whole_number(value, lo: int | None = 1, hi: int | None = None,
                 what: str = "a whole number") -> str | None:
    """The rule "a whole number in ``lo..hi``" (``None``: no end on that side).

    The default, ``lo=1``, is "a positive whole number": a count of paths, years, jobs.

    Parameters
    ----------
    value : object
        The value as given (a bool, a float or a text break the rule).
    lo, hi : int or None
        Inclusive ends.
    what : str
        The noun phrase of the message (``"a seed"``, ``"a number of sample paths"``).

    Returns
    -------
    str or None
        The problem, or None when ``value`` keeps the rule.

    Examples
    --------
    >>> whole_number(3) is None
    True
    >>> whole_number(0)
    'must be a whole number >= 1, got 0'
    >>> whole_number(True, 0, 10, "a seed")
    'must be a seed in 0..10, got True'
    """
    if is_whole(value) and (lo is None or value >= lo) and (hi is None or value <= hi):
        return None
    return f"must be {what}{_span(lo, hi)}, got {value!r}"


def whole_number_text(text: str, lo: int | None = 1, hi: int | None = None,
                      what: str = "a whole number") -> tuple[int | None, str | None]:
    """:func:`whole_number` for a value typed as text (a CSV cell, a command-line option).

    Returns
    -------
    (int or None, str or None)
        The number and None, or None and the problem (which quotes the text as typed).

    Examples
    --------
    >>> whole_number_text("12", 1, 99)
    (12, None)
    >>> whole_number_text("1e3", 1, 99)
    (None, "must be a whole number in 1..99, got '1e3'")
    """
    value = parse_whole(text)
    problem = whole_number(text if value is None else value, lo, hi, what)
    return (None, problem) if problem else (value, None)


def year(value, lo: int = YEAR_MIN, hi: int = TARGET_YEAR_MAX) -> str | None:
    """The rule "a year in ``lo..hi``", written as a whole number.

    Examples
    --------
    >>> year(2021) is None
    True
    >>> year("2021年")
    "must be a year in 1949..2100 (a whole year such as 2021), got '2021年'"
    """
    if whole_number(value, lo, hi) is None:
        return None
    return f"must be a year in {lo}..{hi} (a whole year such as 2021), got {value!r}"


def n_sims(value) -> str | None:
    """The rule of every ``n_sims`` (``--sims``): sample paths per series, 1..``MAX_N_SIMS``.

    Examples
    --------
    >>> n_sims(0)
    'must be a number of sample paths in 1..1000000, got 0'
    """
    return whole_number(value, 1, MAX_N_SIMS, "a number of sample paths")


def seed(value) -> str | None:
    """The rule of every ``seed`` (``--seed``): 0..``MAX_SEED`` (numpy takes any, JSON not).

    Examples
    --------
    >>> seed(7) is None, seed(-1)
    (True, 'must be a seed in 0..9223372036854775807, got -1')
    """
    return whole_number(value, 0, MAX_SEED, "a seed")


def number(value, lo: float | None = None, hi: float | None = None, *,
           lo_open: bool = False, hi_open: bool = False, what: str = "a number") -> str | None:
    """The rule "a finite number", optionally within ``lo``/``hi`` (open ends when asked).

    Examples
    --------
    >>> number(0.5, 0, 1) is None
    True
    >>> number("5")
    "must be a number, got '5'"
    >>> number(0, 0, lo_open=True)
    'must be a number > 0, got 0'
    >>> number(1.0, 0, 1, hi_open=True)
    'must be a number in [0, 1), got 1.0'
    """
    ok = is_number(value) and not (
        (lo is not None and (value <= lo if lo_open else value < lo))
        or (hi is not None and (value >= hi if hi_open else value > hi)))
    if ok:
        return None
    if lo is not None and hi is not None:
        span = f" in {'(' if lo_open else '['}{lo:g}, {hi:g}{')' if hi_open else ']'}"
    elif lo is not None:
        span = f" {'>' if lo_open else '>='} {lo:g}"
    elif hi is not None:
        span = f" {'<' if hi_open else '<='} {hi:g}"
    else:
        span = ""
    return f"must be {what}{span}, got {value!r}"


def fraction(value) -> str | None:
    """The rule "a fraction in [0, 1)": a share lost, a depth; a percent is the usual slip.

    Examples
    --------
    >>> fraction(0.05) is None
    True
    >>> fraction(5)
    'must be a fraction in [0, 1) such as 0.05 for 5%, got 5; write percent as a fraction (5 -> 0.05)'
    """
    if number(value, 0, 1, hi_open=True) is None:
        return None
    slip = "; write percent as a fraction (5 -> 0.05)" if is_number(value) and value >= 1 else ""
    return f"must be a fraction in [0, 1) such as 0.05 for 5%, got {value!r}{slip}"


def probability(value, *, zero: bool = False, one: bool = True) -> str | None:
    """The rule "a probability", by default in (0, 1] (a confidence wanted: 0 asks nothing).

    Parameters
    ----------
    zero, one : bool
        Whether 0 and 1 themselves are allowed.

    Examples
    --------
    >>> probability(0.8) is None, probability(1) is None
    (True, True)
    >>> probability(80)
    'must be a probability in (0, 1] such as 0.8 for 80%, got 80'
    """
    if number(value, 0, 1, lo_open=not zero, hi_open=not one) is None:
        return None
    span = f"{'[' if zero else '('}0, 1{']' if one else ')'}"
    return f"must be a probability in {span} such as 0.8 for 80%, got {value!r}"


def _show(options: list) -> str:
    # plain names read best (zh, en); an empty or spaced option only shows quoted ('' , '>=')
    plain = all(isinstance(o, str) and o and " " not in o for o in options)
    return ", ".join(str(o) if plain else repr(o) for o in options)


def choice(value, options: Iterable) -> str | None:
    """The rule "one of ``options``", with the nearest option when the value is a slip.

    Examples
    --------
    >>> choice("en", ("zh", "en")) is None
    True
    >>> choice("stok", ("stock", "flow"))
    "must be one of stock, flow; got 'stok'. Did you mean 'stock'?"
    >>> choice("~", ("", ">=", "<="))
    "must be one of '', '>=', '<='; got '~'."
    """
    options = list(options)
    if value in options:
        return None
    return f"must be one of {_show(options)}; got {value!r}.{did_you_mean(str(value), options)}"


def flag(value) -> str | None:
    """The rule "true or false": a 1 or a text "yes" is not a flag.

    Examples
    --------
    >>> flag(False) is None, flag("yes")
    (True, "must be true or false, got 'yes'")
    """
    return None if isinstance(value, bool) else f"must be true or false, got {value!r}"


def text(value) -> str | None:
    """The rule "non-empty text" (a label, a description, a name).

    Examples
    --------
    >>> text("基准") is None, text(" "), text(3)
    (True, "must be non-empty text, got ' '", 'must be non-empty text, got 3')
    """
    return None if isinstance(value, str) and value.strip() else f"must be non-empty text, got {value!r}"


def require(problem: str | None, name: str, error: type[Exception] = XtForecastError) -> None:
    """Raise ``error(f"{name} {problem}")`` when a rule was broken: the library-call form.

    Examples
    --------
    >>> require(whole_number(5), "n_sims")
    >>> require(whole_number(0, what="a number of paths"), "n_sims")
    Traceback (most recent call last):
    ...
    xtforecast.errors.XtForecastError: n_sims must be a number of paths >= 1, got 0
    """
    if problem is not None:
        raise error(f"{name} {problem}")


__all__ = ["is_whole", "is_number", "parse_whole", "whole_number", "whole_number_text", "year",
           "n_sims", "seed", "number", "fraction", "probability", "choice", "flag", "text", "require"]
