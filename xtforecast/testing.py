"""Helpers for tests: synthetic stand-in projectors and a tolerant summary comparison.

Nothing here is a model or data. The projectors take the place of the growth models
(:func:`xtforecast.projection.project_series`) wherever a test, a notebook check or a golden
file must not move when the models change; never use them for a real report.

Every projector has the signature the scenario engine expects::

    projector(obs, catalog, indicator, region, *, as_of, end_year, n_sims, seed) -> Projection

and the stochastic ones draw from :func:`xtforecast.projection.series_rng`, so a series' paths
depend only on the seed and the series (not on order or process).

Examples
--------
>>> from xtforecast.testing import random_walk_projector
>>> projector = random_walk_projector(drift=0.05, vol=0.02)
>>> projector.__name__
'random_walk'
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .observations import select_series
from .projection import Projection, series_rng

__all__ = ["random_walk_projector", "random_walk", "steady_growth_projector",
           "assert_summaries_equal"]


def _history(obs: pd.DataFrame, indicator: str, region: str, as_of) -> pd.DataFrame:
    """The series as the growth models would see it, rows without a number dropped."""
    hist = select_series(obs, indicator, region, as_of)
    return hist[pd.to_numeric(hist["value"], errors="coerce").notna()]


def _no_paths(indicator: str, region: str, hist: pd.DataFrame) -> Projection:
    return Projection(indicator, region, np.arange(0), None, hist, "none",
                      "synthetic projector: no observation, or a kind it does not project")


def _skipped(catalog, indicator: str, skip: tuple[str, ...]) -> bool:
    """Whether a projector that skips the kinds ``skip`` gives this indicator no paths (an
    indicator missing from the catalog is skipped when any kind is)."""
    if not skip:
        return False
    ind = catalog.indicators.get(indicator)
    return ind is None or ind.kind in skip


def random_walk_projector(*, drift: float | None = 0.08, vol: float = 0.10,
                          skip_kinds: Sequence[str] = ("class", "rank")):
    """A synthetic projector, for tests only: a log random walk from the last observation.

    Parameters
    ----------
    drift : float or None
        Growth a year (0.08 is +8 %); the log step has mean ``log(1 + drift)``. None: the
        series' own mean log growth (0 for a single point).
    vol : float
        Standard deviation of the log step a year.
    skip_kinds : sequence of str
        Indicator kinds that get no paths (as the growth models give none to class and rank
        indicators); then an indicator missing from the catalog gets none either.

    Returns
    -------
    callable
        ``projector(obs, catalog, indicator, region, *, as_of, end_year, n_sims, seed)``
        returning a :class:`~xtforecast.projection.Projection` with method
        ``test:random-walk``.
    """
    skip = tuple(skip_kinds)

    def random_walk(obs, catalog, indicator, region, *, as_of, end_year, n_sims, seed):
        hist = _history(obs, indicator, region, as_of)
        if hist.empty or _skipped(catalog, indicator, skip):
            return _no_paths(indicator, region, hist)
        last = int(hist["year"].max())
        years = np.arange(last + 1, end_year + 1)
        v = hist["value"].to_numpy(float)
        if drift is None:
            mu = float(np.mean(np.diff(np.log(v)))) if len(v) > 1 else 0.0
        else:
            mu = np.log(1 + drift)
        steps = series_rng(seed, indicator, region).normal(mu, vol, size=(n_sims, len(years)))
        paths = float(v[-1]) * np.exp(np.cumsum(steps, axis=1))
        return Projection(indicator, region, years, paths, hist, "test:random-walk")

    return random_walk


#: The synthetic projector of the report tests, nbval and the report goldens (tests only):
#: +8 % drift, 10 % volatility a year; class and rank indicators get no paths.
random_walk = random_walk_projector()


def steady_growth_projector(rate: float = 0.10, *, skip_kinds: Sequence[str] = ()):
    """A synthetic, deterministic projector, for tests only: ``rate`` growth a year from the
    last observation, every path the same, so tests of operations have exact numbers.

    Parameters
    ----------
    rate : float
        Growth a year (0.10 is +10 %).
    skip_kinds : sequence of str
        Indicator kinds that get no paths (none by default).

    Returns
    -------
    callable
        A projector (see :func:`random_walk_projector`) with method ``test:+10%`` (the rate).
    """
    skip = tuple(skip_kinds)
    method = f"test:{rate:+.0%}"

    def steady_growth(obs, catalog, indicator, region, *, as_of, end_year, n_sims, seed):
        hist = _history(obs, indicator, region, as_of)
        if hist.empty or _skipped(catalog, indicator, skip):
            return _no_paths(indicator, region, hist)
        last = int(hist["year"].max())
        years = np.arange(last + 1, end_year + 1)
        growth = (1 + rate) ** (years - last)
        paths = float(hist["value"].iloc[-1]) * growth[None, :] * np.ones((n_sims, 1))
        return Projection(indicator, region, years, paths, hist, method)

    return steady_growth


def _text(s: pd.Series) -> pd.Series:
    return s.astype(object).where(s.notna(), "").astype(str)


def assert_summaries_equal(got: pd.DataFrame, want: pd.DataFrame, *,
                           columns: Sequence[str] | None = None, rtol: float = 0.0,
                           atol: float = 0.0, what: str = "summary", hint: str = "") -> None:
    """Assert two summary tables agree: same columns, same rows, numbers within tolerance.

    A column whose every present value in ``want`` is a number is compared with
    :func:`numpy.isclose` (``rtol``, ``atol``; NaN equals NaN); any other column as text,
    exactly (missing values equal each other). Row order matters; the index does not.

    Parameters
    ----------
    got, want : pandas.DataFrame
        The table under test and the expected one.
    columns : sequence of str, optional
        Compare only these columns (both tables must have them). Default: all columns, and
        both tables must have the same ones in the same order.
    rtol, atol : float
        Relative and absolute tolerance of the numeric columns (default: exact).
    what : str
        Named in the failure message (a file name, say).
    hint : str
        Appended to the failure message (how to regenerate a golden, say).

    Raises
    ------
    AssertionError
        Naming the column and the rows that differ, with both values.
    """
    tail = f"; {hint}" if hint else ""
    if columns is None:
        assert list(got.columns) == list(want.columns), (
            f"{what}: columns differ: {list(got.columns)} vs {list(want.columns)}{tail}")
        columns = list(want.columns)
    else:
        columns = list(columns)
        for name, frame in (("got", got), ("want", want)):
            missing = [c for c in columns if c not in frame.columns]
            assert not missing, f"{what}: {name} has no column(s) {missing}{tail}"
    assert len(got) == len(want), f"{what}: {len(got)} rows, expected {len(want)}{tail}"
    for col in columns:
        g, w = got[col].reset_index(drop=True), want[col].reset_index(drop=True)
        gn, wn = pd.to_numeric(g, errors="coerce"), pd.to_numeric(w, errors="coerce")
        if wn.notna().sum() == w.notna().sum() and w.notna().any():
            ok = np.isclose(gn.to_numpy(float), wn.to_numpy(float), rtol=rtol, atol=atol,
                            equal_nan=True)
        else:
            ok = (_text(g) == _text(w)).to_numpy()
        bad = np.flatnonzero(~ok)
        assert not bad.size, (f"{what}: column {col!r} differs in rows {bad.tolist()}: got "
                              f"{g.iloc[bad].tolist()}, expected {w.iloc[bad].tolist()}{tail}")
