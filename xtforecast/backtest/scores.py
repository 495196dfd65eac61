"""Scores of probabilities against 0/1 outcomes, and of projected values against observed ones.

Plain functions of arrays, tested on hand-made examples: :func:`brier_score`, :func:`hit_rate`,
:func:`value_errors`, :func:`reliability_table` and :func:`brier_decomposition`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import checks
from ..errors import XtForecastError

#: P(attain) at which a goal is called "will attain"; the gap layer's headline call uses the
#: same cut (:class:`xtforecast.gap.headline.HeadlineThresholds`), so both score one call.
CALL_CUT = 0.5
#: Decile bins of the reliability curve.
N_BINS = 10


def _pair(p, outcome) -> tuple[np.ndarray, np.ndarray]:
    p = np.asarray(p, dtype=float).ravel()
    o = np.asarray(outcome, dtype=float).ravel()
    if p.shape != o.shape:
        raise XtForecastError(f"probabilities and outcomes must have the same length; got "
                              f"{p.size} and {o.size}. Pass one outcome per probability")
    keep = np.isfinite(p) & np.isfinite(o)
    p, o = p[keep], o[keep]
    if np.any((p < 0) | (p > 1)):
        raise XtForecastError(f"probabilities must lie in [0, 1]; got {p[(p < 0) | (p > 1)][:5]}")
    if np.any((o != 0) & (o != 1)):
        raise XtForecastError("outcomes must be 0/1 (or False/True); got "
                              f"{np.unique(o[(o != 0) & (o != 1)])[:5]}")
    return p, o


def brier_score(p, outcome) -> float:
    """Mean squared difference between probability and 0/1 outcome (lower is better).

    Pairs with a missing probability or outcome are dropped. 0 is a perfect forecaster;
    always saying 0.5 scores 0.25.

    Parameters
    ----------
    p : array-like of float
        Predicted probabilities in [0, 1].
    outcome : array-like of bool or 0/1
        What happened.

    Returns
    -------
    float
        NaN when no pair is left.

    Examples
    --------
    >>> brier_score([0.9, 0.2], [1, 0])    # (0.1**2 + 0.2**2) / 2
    0.025
    """
    p, o = _pair(p, outcome)
    return float(np.mean((p - o) ** 2)) if p.size else float("nan")


def hit_rate(p, outcome, cut: float = CALL_CUT) -> float:
    """Share of calls "attain when p >= cut" that matched the outcome.

    Parameters
    ----------
    p : array-like of float
    outcome : array-like of bool or 0/1
    cut : float
        Default 0.5 (:data:`CALL_CUT`).

    Returns
    -------
    float
        NaN when no pair is left.

    Examples
    --------
    >>> hit_rate([0.9, 0.6, 0.2], [1, 0, 0])
    0.6666666666666666
    """
    p, o = _pair(p, outcome)
    return float(np.mean((p >= cut) == (o == 1))) if p.size else float("nan")


def value_errors(projected, observed) -> dict:
    """How far projected values were from the observed ones.

    Parameters
    ----------
    projected, observed : array-like of float
        Pairs with a missing value, or (for the percentage and log errors) a zero or sign
        change, are left out of that error.

    Returns
    -------
    dict
        ``n`` pairs, ``mae`` (mean absolute error, units of the measure), ``mape`` (mean of
        ``|projected - observed| / |observed|``, a fraction) and ``log_bias`` (mean of
        ``log(projected / observed)``: > 0 means the projections ran high).

    Examples
    --------
    >>> value_errors([110, 90], [100, 100])["mape"]
    0.1
    """
    a = np.asarray(projected, dtype=float).ravel()
    b = np.asarray(observed, dtype=float).ravel()
    keep = np.isfinite(a) & np.isfinite(b)
    a, b = a[keep], b[keep]
    nz = b != 0
    pos = (a > 0) & (b > 0)
    return {
        "n": int(a.size),
        "mae": float(np.mean(np.abs(a - b))) if a.size else float("nan"),
        "mape": float(np.mean(np.abs(a[nz] - b[nz]) / np.abs(b[nz]))) if nz.any() else float("nan"),
        "log_bias": float(np.mean(np.log(a[pos] / b[pos]))) if pos.any() else float("nan"),
    }


def reliability_table(p, outcome, bins: int = N_BINS) -> pd.DataFrame:
    """The calibration curve: predictions binned, mean prediction against observed frequency.

    Bins are equal-width on [0, 1] (deciles of probability by default); the last bin includes
    1. A calibrated forecaster has ``freq`` close to ``mean_p`` in every bin with enough
    cases.

    Parameters
    ----------
    p : array-like of float
    outcome : array-like of bool or 0/1
    bins : int
        Number of equal-width bins.

    Returns
    -------
    pandas.DataFrame
        One row per bin: ``bin`` (e.g. ``0.1-0.2``), ``lo``, ``hi``, ``n``, ``mean_p``,
        ``freq`` (observed frequency), ``se`` (binomial standard error of ``freq``) and
        ``brier`` of the bin. Empty bins have ``n = 0`` and NaN elsewhere.

    Examples
    --------
    >>> tab = reliability_table([0.05, 0.15, 0.95, 0.92], [0, 0, 1, 1], bins=10)
    >>> tab.loc[tab.n > 0, ["bin", "n", "freq"]].to_dict("list")
    {'bin': ['0.0-0.1', '0.1-0.2', '0.9-1.0'], 'n': [1, 1, 2], 'freq': [0.0, 0.0, 1.0]}
    """
    checks.require(checks.whole_number(bins), "bins")
    p, o = _pair(p, outcome)
    edges = np.linspace(0.0, 1.0, bins + 1)
    idx = np.clip(np.searchsorted(edges, p, side="right") - 1, 0, bins - 1)
    rows = []
    for b in range(bins):
        m = idx == b
        n = int(m.sum())
        freq = float(o[m].mean()) if n else float("nan")
        rows.append({
            "bin": f"{edges[b]:.1f}-{edges[b + 1]:.1f}", "lo": edges[b], "hi": edges[b + 1],
            "n": n, "mean_p": float(p[m].mean()) if n else float("nan"), "freq": freq,
            "se": float(np.sqrt(freq * (1 - freq) / n)) if n else float("nan"),
            "brier": float(np.mean((p[m] - o[m]) ** 2)) if n else float("nan"),
        })
    return pd.DataFrame(rows)


def brier_decomposition(p, outcome, bins: int = N_BINS) -> dict:
    """Murphy's decomposition of the Brier score over equal-width probability bins.

    ``brier ~= reliability - resolution + uncertainty`` (exact when every forecast in a bin is
    the same number): *reliability* is the calibration error (0 is calibrated), *resolution*
    how far the bins' frequencies spread from the base rate (higher is better), *uncertainty*
    ``o_bar (1 - o_bar)`` the score of always saying the base rate.

    Returns
    -------
    dict
        ``reliability``, ``resolution``, ``uncertainty``.

    Examples
    --------
    >>> d = brier_decomposition([0.2, 0.2, 0.8, 0.8], [0, 0, 1, 1])
    >>> round(d["reliability"], 3), round(d["resolution"], 3), d["uncertainty"]
    (0.04, 0.25, 0.25)
    """
    tab = reliability_table(p, outcome, bins)
    _, o = _pair(p, outcome)
    n = tab["n"].sum()
    if not n:
        return {"reliability": float("nan"), "resolution": float("nan"), "uncertainty": float("nan")}
    t = tab[tab["n"] > 0]
    obar = float(o.mean())
    return {"reliability": float((t["n"] * (t["mean_p"] - t["freq"]) ** 2).sum() / n),
            "resolution": float((t["n"] * (t["freq"] - obar) ** 2).sum() / n),
            "uncertainty": obar * (1 - obar)}

