"""Forecast accuracy measures of the M4 Competitor's Guide (also used by ``xtforecast bench``).

All take one series' training values ``x``, actuals ``y`` and forecasts ``f`` (length h) and
return one number; averaging over series is the caller's job (M3/M4 convention).
"""

from __future__ import annotations

import numpy as np


def smape(y, f) -> float:
    """sMAPE = (200/h) * sum |y - f| / (|y| + |f|), in percent."""
    y, f = np.asarray(y, float), np.asarray(f, float)
    return float(np.mean(200 * np.abs(y - f) / (np.abs(y) + np.abs(f))))


def mase_scale(x, m: int = 1) -> float:
    """In-sample MAE of the seasonal naive with period ``m`` (m=1 for yearly)."""
    x = np.asarray(x, float)
    return float(np.mean(np.abs(x[m:] - x[:-m])))


def mase(x, y, f, m: int = 1) -> float:
    """MASE = mean |y - f| / in-sample naive MAE (period ``m``)."""
    y, f = np.asarray(y, float), np.asarray(f, float)
    return float(np.mean(np.abs(y - f)) / mase_scale(x, m))


def coverage(y, lo, hi) -> float:
    """Share of actuals inside [lo, hi]."""
    y = np.asarray(y, float)
    return float(np.mean((y >= np.asarray(lo)) & (y <= np.asarray(hi))))


def interval_score(y, lo, hi, level: float = 95) -> np.ndarray:
    """Interval score of each actual (Gneiting & Raftery): the width plus 2/alpha times the miss."""
    y, lo, hi = (np.asarray(v, float) for v in (y, lo, hi))
    a = (100 - level) / 100
    return (hi - lo) + (2 / a) * np.maximum(lo - y, 0) + (2 / a) * np.maximum(y - hi, 0)


def weighted_interval_score(y, q, probs) -> np.ndarray:
    """Weighted interval score of each actual (Bracher et al. 2021) from central intervals and
    the median: ``2 / len(probs)`` times the summed quantile (pinball) losses.

    The score is proper: unlike the median of :func:`interval_score`, a band too narrow for
    the errors it meets cannot lower it. For a point forecast (every quantile the same) it is
    the absolute error.

    Parameters
    ----------
    y : array_like, shape (n,)
        Actuals.
    q : array_like, shape (len(probs), n)
        One row of quantiles per level of ``probs``, one column per actual.
    probs : array_like
        Quantile levels, symmetric about 0.5 and including it (e.g. 0.025, 0.1, 0.5, 0.9, 0.975).

    Returns
    -------
    ndarray, shape (n,)
    """
    y, q, p = np.asarray(y, float), np.asarray(q, float), np.asarray(probs, float)[:, None]
    loss = ((y < q) - p) * (q - y)
    return 2 * loss.sum(axis=0) / len(p)


def msis(x, y, lo, hi, level: float = 95, m: int = 1) -> float:
    """Mean scaled interval score (M4): the mean :func:`interval_score` over the MASE scale."""
    return float(np.mean(interval_score(y, lo, hi, level)) / mase_scale(x, m))


#: name -> function, for tables (fabletools' point_accuracy_measures)
POINT_MEASURES = {"smape": smape, "mase": mase}
