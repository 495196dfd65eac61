"""Paths between two observations: judge a goal whose year lies between two data points.

Xingtai reported 450 high-tech enterprises at end-2020 and 1,029 in the 2025 review; the plan's
goal was "more than 500 in 2022". Nothing was published for 2022. Extrapolating from 2020
alone ignores that 2025 is known; a straight line ignores that the path in between is
uncertain. A **Brownian bridge in log space** does both: each path starts at the first point,
ends exactly at the second, grows at the implied average rate in between, and wanders with
volatility ``sigma`` per sqrt(year), pinned at both ends (variance
``sigma**2 * (s - y0) * (y1 - s) / (y1 - y0)`` at year ``s``).
"""

from __future__ import annotations

import numpy as np

#: Default log-volatility per sqrt(year) when the series is too short to estimate one. Annual
#: log changes of city enterprise counts and R&D series in the project's panels typically
#: deviate from their trend by 5-15%; 0.10 is the middle of that range.
DEFAULT_SIGMA = 0.10


def bridge_paths(year0: int, value0: float, year1: int, value1: float, years, n: int,
                 rng: np.random.Generator | None = None, sigma: float = DEFAULT_SIGMA,
                 scale: str = "auto") -> np.ndarray:
    """Sample ``n`` paths between two observations (a Brownian bridge).

    Parameters
    ----------
    year0, value0, year1, value1 : int, float, int, float
        The earlier and the later observation (``year1 > year0``).
    years : array_like of int
        Years to return, each in ``[year0, year1]``; the end years return the observed values.
    n : int
        Number of paths.
    rng : numpy.random.Generator, optional
        Random stream (default: a fresh ``default_rng(0)``, so results are reproducible).
    sigma : float
        Volatility per sqrt(year): in log units for the log scale, as a fraction of the mean
        level for the linear scale.
    scale : {"auto", "log", "linear"}
        ``auto`` uses log when both values are positive, else linear.

    Returns
    -------
    numpy.ndarray
        Shape ``(n, len(years))``.

    Raises
    ------
    ValueError
        If ``year1 <= year0``, a year lies outside the bridge, or ``log`` is asked for
        non-positive values.

    Examples
    --------
    >>> p = bridge_paths(2020, 450, 2025, 1029, [2020, 2022, 2025], 1000,
    ...                  np.random.default_rng(1))
    >>> p.shape, float(p[0, 0]), float(p[0, -1])
    ((1000, 3), 450.0, 1029.0)
    """
    ys = np.asarray(years, dtype=float)
    scale = _checked_scale(year0, value0, year1, value1, ys, years, scale)
    rng = rng if rng is not None else np.random.default_rng(0)
    a, b = (np.log(value0), np.log(value1)) if scale == "log" else (float(value0), float(value1))
    span = float(year1 - year0)
    # Brownian motion on the integer grid year0..year1, then pinned: B(s) = W(s) - s/span * W(span)
    steps = int(round(span))
    grid = np.arange(steps + 1, dtype=float)
    w = np.zeros((n, steps + 1))
    w[:, 1:] = np.cumsum(rng.standard_normal((n, steps)), axis=1)
    b_grid = w - grid / span * w[:, -1:]
    idx = np.rint(ys - year0).astype(int)
    frac = (ys - year0) / span
    vol = sigma if scale == "log" else sigma * 0.5 * (abs(a) + abs(b))
    mean = a + frac * (b - a)
    out = mean[None, :] + vol * b_grid[:, idx]
    out = np.exp(out) if scale == "log" else out
    # the ends are observations: return them exactly, not through exp(log(x))
    out[:, ys == year0] = value0
    out[:, ys == year1] = value1
    return out


def _checked_scale(year0, value0, year1, value1, ys: np.ndarray, years, scale: str) -> str:
    """The bridge's scale (``auto`` resolved), after checking the ends and the years."""
    if year1 <= year0:
        raise ValueError(f"a bridge needs year1 > year0; got {year0} and {year1}. "
                         "Pass the earlier observation first.")
    if np.any((ys < year0) | (ys > year1)):
        raise ValueError(f"bridge years must lie in [{year0}, {year1}]; got {list(years)}.")
    if scale == "auto":
        scale = "log" if value0 > 0 and value1 > 0 else "linear"
    if scale == "log" and (value0 <= 0 or value1 <= 0):
        raise ValueError(f"a log-scale bridge needs positive values; got {value0} and {value1}. "
                         "Use scale='linear'.")
    return scale


def series_sigma(years, values, default: float = DEFAULT_SIGMA, min_changes: int = 3) -> float:
    """Log-volatility per sqrt(year) estimated from a series, or ``default`` if too short.

    The annual log changes (gaps of several years divided by sqrt(gap)) are compared with their
    mean pace; their standard deviation is the estimate. At least ``min_changes`` changes and
    positive values are needed; otherwise the documented default is returned.
    """
    y = np.asarray(years, dtype=float)
    v = np.asarray(values, dtype=float)
    if y.size < min_changes + 1 or np.any(v <= 0):
        return default
    order = np.argsort(y)
    y, lv = y[order], np.log(v[order])
    gaps = np.diff(y)
    rates = np.diff(lv) / gaps
    pace = (lv[-1] - lv[0]) / (y[-1] - y[0])
    # deviation of each change from the average pace, in per-sqrt(year) units
    dev = (rates - pace) * np.sqrt(gaps)
    s = float(np.sqrt(np.sum(dev ** 2) / max(dev.size - 1, 1)))
    return s if np.isfinite(s) and s > 0 else default
