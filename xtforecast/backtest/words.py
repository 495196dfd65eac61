"""The back-test's words for a reader: labels and the verdicts, in Chinese or English.

The words themselves are in :mod:`xtforecast.i18n.backtest` (looked up with
:func:`xtforecast.i18n.t`); here they are put together.
"""

from __future__ import annotations

from functools import reduce

import numpy as np
import pandas as pd

from ..errors import XtForecastError
from ..i18n import check_lang, t, t_count
from ..i18n.backtest import VOCABULARY

#: Reader-facing labels of the back-test's tables and figure: ``key -> (zh, en)``.
LABELS = VOCABULARY["backtest"]
#: What the benchmarks of :func:`verdict_sentence` are, said once after the verdicts (zh, en).
BENCHMARKS_NOTE = VOCABULARY["backtest_says"]["benchmarks_note"]
#: The benchmarks a verdict names when the calls do worse, and their Brier columns.
BENCHMARKS = (("coin", "brier_coin"), ("always", "brier_always"), ("naive", "brier_naive"),
              ("base", "brier_base"))


def _lang(lang: str) -> str:
    try:
        return check_lang(lang)
    except ValueError as exc:
        raise XtForecastError(str(exc)) from None


def _says(name: str, lang: str, **values) -> str:
    # a count (n calls, h years) picks the English singular where one is written
    count = values.get("n", values.get("h"))
    return t_count(f"backtest_says.{name}", count, lang).format(**values)


def label(key: str, lang: str = "zh") -> str:
    """The back-test word ``key`` in ``lang`` (``zh`` or ``en``).

    Raises
    ------
    XtForecastError
        For an unknown key or language, naming the valid ones.

    Examples
    --------
    >>> label("hit_rate", "en")
    'Hit rate'
    """
    _lang(lang)
    if key not in LABELS:
        raise XtForecastError(f"no back-test label '{key}'; known: {', '.join(LABELS)}")
    return t(f"backtest.{key}", lang)


def too_few_sentence(n: int, lang: str = "zh", n_calls: int | None = None) -> str:
    """The plain statement of how few real outcomes stand behind the city-level score.

    Parameters
    ----------
    n : int
        Distinct goals scored (the same goal called from several vintages is one outcome).
    lang : {"zh", "en"}
    n_calls : int, optional
        Scored (vintage, goal) calls, stated too when it differs from ``n``.
    """
    _lang(lang)
    calls = _says("from_calls", lang, n_calls=n_calls) if n_calls not in (None, n) else ""
    return _says("too_few", lang, n=n, calls=calls, outcomes=_says("outcome" if n == 1 else "outcomes", lang))


def verdict_sentence(table: pd.DataFrame, lang: str = "zh") -> str:
    """Say plainly, per horizon, where the calls do worse than a coin, than "always met" or
    than the naive rule (:func:`by_horizon` output)."""
    _lang(lang)
    parts = []
    recs = table.to_dict("records")
    for r in recs[-1:] + recs[:-1]:  # all horizons first, then each horizon
        if not r["n_scored"]:
            continue
        worse = [name for name, key in BENCHMARKS
                 if np.isfinite(r[key]) and r["brier"] > r[key] + 1e-12]
        parts.append(_verdict(r, worse, lang))
    if not parts:
        return _says("none_scored", lang)
    return reduce(lambda first, then: _says("then", lang, first=first, then=then),
                  parts + [_says("benchmarks_note", lang)])


def _verdict(r: dict, worse: list[str], lang: str) -> str:
    """One horizon's scores beside the benchmarks', and which benchmarks did better."""
    def num(x):
        return f"{x:.3f}" if np.isfinite(x) else _says("not_available", lang)

    where = (_says("all_horizons", lang) if r["horizon"] == "all"
             else _says("horizon", lang, h=r["horizon"]))
    # the naive rule cannot call every goal (too few or non-positive observations): say on how many
    on = _says("naive_on", lang, n=r["n_naive"]) if 0 < r["n_naive"] < r["n_scored"] else ""
    head = _says("verdict", lang, where=where, calls=_says("calls", lang, n=r["n_scored"]),
                 brier=num(r["brier"]),
                 always=num(r["brier_always"]), base=num(r["brier_base"]),
                 naive=num(r["brier_naive"]), on=on)
    if not worse:
        return head + _says("no_worse", lang)
    names = _says("list_sep", lang).join(_says(f"worse_{w}", lang) for w in worse)
    return head + _says("worse", lang, names=names)


def statement(verdict: str, few: str, lang: str = "zh") -> str:
    """The verdict, then the sentence on how few outcomes stand behind it."""
    return _says("then", lang, first=verdict, then=few).strip()
