"""Growth arithmetic shared by the gap models: CAGR, required growth, time distance, regression.

Every function here is scalar (or vector) arithmetic with no knowledge of goals or tables, so
the method rules in :mod:`xtforecast.gap.methods` read like the formulas in
``docs/target_methods.md``.

Zero and negative values follow Statistics Canada / open-sdg (docs/target_methods.md a.4):

* a zero base, latest or target value is replaced by :data:`ZERO_REPLACEMENT` (0.001) and the
  result is flagged, because this choice changes the growth rate a lot;
* if every value is negative the magnitudes are used and the direction is flipped;
* mixed signs make a growth rate meaningless: :func:`positive_triple` says so and the caller
  reports ``insufficient_data`` with that reason.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .reasons import Detail

#: open-sdg's replacement for a zero base or target value (sdg-build ``ProgressMeasure.py``).
ZERO_REPLACEMENT = 0.001


@dataclass(frozen=True)
class PositiveTriple:
    """Base, latest and target values made safe for growth rates.

    Attributes
    ----------
    x0, xt, xstar : float
        Positive values (zeros replaced, all-negative series mirrored).
    d : int
        Direction after a possible flip (+1 higher is better, -1 lower is better).
    flags : tuple of Detail
        What was changed and why, as codes (``all_negative``, ``zero_replaced``; empty when
        nothing was).
    ok : bool
        False when no growth rate can be defined (mixed signs); ``flags`` says why.
    """

    x0: float
    xt: float
    xstar: float
    d: int
    flags: tuple[Detail, ...] = ()
    ok: bool = True


def positive_triple(x0: float, xt: float, xstar: float, d: int) -> PositiveTriple:
    """Prepare base, latest and target values for CAGR arithmetic (open-sdg edge-case rules).

    Parameters
    ----------
    x0, xt, xstar : float
        Base, latest observed and target value.
    d : int
        +1 when higher is better, -1 when lower is better.

    Returns
    -------
    PositiveTriple

    Examples
    --------
    >>> positive_triple(0.0, 2.0, 4.0, 1).x0
    0.001
    >>> positive_triple(-4.0, -2.0, -1.0, -1).d  # all negative: mirrored, direction flipped
    1
    """
    vals = np.array([x0, xt, xstar], dtype=float)
    flags: list[Detail] = []
    if np.any(~np.isfinite(vals)):
        return PositiveTriple(x0, xt, xstar, d, (Detail("triple_missing"),), False)
    nonzero = vals[vals != 0]
    if nonzero.size and np.all(nonzero < 0):
        # open-sdg: an all-negative series is mirrored; "less negative" becomes "smaller".
        vals = -vals
        d = -d
        flags.append(Detail("all_negative"))
    elif nonzero.size and np.any(nonzero < 0):
        return PositiveTriple(x0, xt, xstar, d,
                              (Detail("sign_change"),), False)
    if np.any(vals == 0):
        vals = np.where(vals == 0, ZERO_REPLACEMENT, vals)
        flags.append(Detail("zero_replaced", {"value": ZERO_REPLACEMENT}))
    return PositiveTriple(float(vals[0]), float(vals[1]), float(vals[2]), d, tuple(flags), True)


def cagr(x_from, x_to, years):
    """Compound annual growth rate ``(x_to / x_from) ** (1 / years) - 1``.

    Parameters
    ----------
    x_from, x_to : float or array_like
        Positive values.
    years : float or array_like
        Elapsed years (> 0).

    Returns
    -------
    float or numpy.ndarray
        NaN where the inputs are not positive or ``years <= 0``.

    Examples
    --------
    >>> round(cagr(100.0, 121.0, 2), 10)
    0.1
    """
    x_from = np.asarray(x_from, dtype=float)
    x_to = np.asarray(x_to, dtype=float)
    years = np.asarray(years, dtype=float)
    ok = (x_from > 0) & (x_to > 0) & (years > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(ok, (np.where(ok, x_to, 1.0) / np.where(ok, x_from, 1.0))
                       ** (1.0 / np.where(ok, years, 1.0)) - 1.0, np.nan)
    return float(out) if out.ndim == 0 else out


def time_progress(t0: int, t: int, T: int) -> float:
    """Share of the plan period elapsed, the time progress ``(t - t0) / (T - t0)``."""
    return (t - t0) / (T - t0) if T != t0 else np.nan


def achievement_degree(x0: float, xt: float, xstar: float) -> float:
    """Share of the base-to-goal distance covered, the achievement degree ``(xt - x0) / (x* - x0)``.

    The ratio needs no direction term: numerator and denominator flip sign together when
    lower is better. NaN when the goal equals the base value.
    """
    return (xt - x0) / (xstar - x0) if xstar != x0 else np.nan


def time_distance(t0: int, x0: float, t: int, xt: float, T: int, xstar: float) -> float:
    """Sicherl S-time-distance of the latest value against the straight path from base to goal.

    The reference path is the straight line from ``(t0, x0)`` to ``(T, x*)``. The path reaches
    the latest value ``xt`` in year ``y = t0 + (xt - x0) / (x* - x0) * (T - t0)``; the time
    distance is ``y - t``: positive = years **ahead** of the path, negative = years **behind**.
    Equivalently ``(T - t0) * (achievement degree - time progress)``, so it is the Chinese
    mid-term check
    expressed in years.

    Parameters
    ----------
    t0, x0 : int, float
        Base year and value.
    t, xt : int, float
        Latest observed year and value.
    T, xstar : int, float
        Target year and value.

    Returns
    -------
    float
        Years ahead (+) or behind (-); NaN when the goal equals the base or ``T == t0``.

    Examples
    --------
    >>> time_distance(2015, 0.0, 2020, 60.0, 2025, 100.0)  # 60% done at 50% of the time
    1.0
    """
    a = achievement_degree(x0, xt, xstar)
    if not np.isfinite(a) or T == t0:
        return np.nan
    return float(t0 + a * (T - t0) - t)


def weighted_linear_projection(years, values, at_year: int, weights=None, log: bool = False) -> float:
    """Project a series to ``at_year`` with a weighted least-squares line (ESCAP API style).

    Parameters
    ----------
    years, values : array_like
        Observations (at least two distinct years).
    at_year : int
        Year to project to.
    weights : array_like, optional
        One weight per observation. Default: ``year - first_year + 1``, i.e. linearly more
        weight on recent data. ESCAP says only "more weight to recent data" (docs/target_methods.md
        a.1, [P]); the linear ramp is this package's documented choice.
    log : bool
        Fit on log values (all must be positive) and return the exponentiated projection.

    Returns
    -------
    float
        NaN with fewer than two distinct years or non-positive values under ``log``.

    Examples
    --------
    >>> round(weighted_linear_projection([2018, 2019, 2020], [1.0, 2.0, 3.0], 2022), 9)
    5.0
    """
    x = np.asarray(years, dtype=float)
    y = np.asarray(values, dtype=float)
    if np.unique(x).size < 2:
        return np.nan
    if log:
        if np.any(y <= 0):
            return np.nan
        y = np.log(y)
    w = (x - x.min() + 1.0) if weights is None else np.asarray(weights, dtype=float)
    xm = np.sum(w * x) / np.sum(w)
    ym = np.sum(w * y) / np.sum(w)
    slope = np.sum(w * (x - xm) * (y - ym)) / np.sum(w * (x - xm) ** 2)
    pred = ym + slope * (at_year - xm)
    return float(np.exp(pred) if log else pred)
