"""Benchmarks and trend lines: naive, drift, linear trend and the CAGR family.

All of them use the actual years as time, so gaps count as the number of years they span.
The CAGR models are the same lines fitted on the log scale (a constant growth rate):
two-point (first to last observation), log-linear least squares, and ESCAP's time-weighted
log-linear regression (recent years weigh more; docs/target_methods.md a.1).
"""

from __future__ import annotations

import numpy as np

from .base import Model, ModelError, rw_spread


class Naive(Model):
    """Random walk: the last value carried forward; spread ``s * sqrt(h)``.

    ``s`` is the per-year innovation s.d., from steps divided by ``sqrt(gap)``.
    Needs 2 points (one step to measure the spread).
    """

    min_points = 2

    def _fit(self, t, z):
        self.level_ = z[-1]
        self.sigma_ = rw_spread(t, z, drift=False)

    def _center(self, h):
        return np.full(h, self.level_)

    def _scale(self, h):
        return self.sigma_ * np.sqrt(np.arange(1, h + 1))


class Drift(Model):
    """Random walk with drift: ``mu = (z_last - z_first) / (t_last - t_first)`` per year.

    The spread adds the drift's estimation error: ``s * sqrt(h + h**2 / span)``.
    Needs 3 points (2 to fix the drift, one more to measure the spread).
    """

    min_points = 3

    def _fit(self, t, z):
        self.span_ = t[-1] - t[0]
        self.drift_ = (z[-1] - z[0]) / self.span_
        self.level_ = z[-1]
        self.sigma_ = rw_spread(t, z, drift=True)

    def _center(self, h):
        return self.level_ + self.drift_ * np.arange(1, h + 1)

    def _scale(self, h):
        k = np.arange(1, h + 1)
        return self.sigma_ * np.sqrt(k + k ** 2 / self.span_)


class CAGRTwoPoint(Drift):
    """Compound annual growth from the first to the last point, ``(y_T/y_0)**(1/(T-t0)) - 1``.

    The drift model on the log scale; needs positive values (above ``lower``).
    """

    def __init__(self, **kw):
        kw.setdefault("transform", "log")
        super().__init__(**kw)

    @property
    def rate_(self) -> float:
        """The fitted compound annual growth rate."""
        return float(np.expm1(self.drift_))


class LinearTrend(Model):
    """(Weighted) least-squares line through the points, extrapolated.

    Parameters
    ----------
    weights : {'equal', 'recency'}
        ``recency``: weight of a point proportional to ``t - t_first + 1`` (ESCAP's
        time-weighted regression: the latest year weighs most).
    **kw
        Bounds, transform, calibration and alias (see :class:`~.base.Model`).
    """

    min_points = 3

    def __init__(self, weights: str = "equal", **kw):
        if weights not in ("equal", "recency"):
            raise ModelError(f"`weights` must be 'equal' or 'recency'; got {weights!r}.")
        self.weights = weights
        super().__init__(**kw)

    def _fit(self, t, z):
        w = np.ones_like(t) if self.weights == "equal" else t - t[0] + 1.0
        w = w / w.sum()
        tbar = np.sum(w * t)
        zbar = np.sum(w * z)
        sxx = np.sum(w * (t - tbar) ** 2)
        self.slope_ = np.sum(w * (t - tbar) * (z - zbar)) / sxx
        self.intercept_ = zbar - self.slope_ * tbar
        resid = z - self.intercept_ - self.slope_ * t
        n = len(z)
        # weighted residual variance with an effective sample size (Kish) for the d.o.f.
        n_eff = 1.0 / np.sum(w ** 2)
        self.sigma_ = float(np.sqrt(np.sum(w * resid ** 2) * n_eff / max(n_eff - 2, 1.0)))
        if not self.sigma_ > 0:
            self.sigma_ = 1e-9 * (abs(zbar) + 1)
        self.tbar_, self.sxx_, self.neff_, self.n_ = tbar, sxx, n_eff, n

    def _center(self, h):
        tf = self.last_year_ + np.arange(1, h + 1)
        return self.intercept_ + self.slope_ * tf

    def _scale(self, h):
        tf = self.last_year_ + np.arange(1, h + 1)
        return self.sigma_ * np.sqrt(1 + 1 / self.neff_ + (tf - self.tbar_) ** 2
                                     / (self.sxx_ * self.neff_))


class CAGRLogLinear(LinearTrend):
    """Constant growth rate from a least-squares line on ``log(y)``.

    Parameters
    ----------
    weights : {'equal', 'recency'}
        ``recency`` gives ESCAP's time-weighted log-linear regression.
    """

    def __init__(self, weights: str = "equal", **kw):
        kw.setdefault("transform", "log")
        super().__init__(weights=weights, **kw)

    @property
    def rate_(self) -> float:
        """The fitted compound annual growth rate."""
        return float(np.expm1(self.slope_))


class CAGREscap(CAGRLogLinear):
    """ESCAP's anticipated-progress projection: time-weighted log-linear regression.

    Weights proportional to recency (``t - t_first + 1``), so the latest year weighs most
    (ESCAP/UNECE technical notes; docs/target_methods.md a.1).
    """

    def __init__(self, **kw):
        kw.setdefault("weights", "recency")
        super().__init__(**kw)


class DampedDrift(Model):
    """Robust, damped drift: median yearly step, damped by ``phi`` per year ahead.

    ``z_{T+h} = z_T + m * (phi + phi**2 + ... + phi**h)`` with ``m`` the median of the steps
    per year (robust to one odd year; the ROBUST-Trend idea of M3) or their mean. On the log
    scale with ``phi=0.85`` this is a growth rate that fades, the member of the default
    combination that guards against extrapolating a boom.

    Parameters
    ----------
    phi : float
        Damping per year, in (0, 1].
    robust : bool
        Median (True) or mean (False) of the steps.
    """

    min_points = 3

    def __init__(self, phi: float = 0.85, robust: bool = True, **kw):
        if not 0 < phi <= 1:
            raise ModelError(f"`phi` must be in (0, 1]; got {phi}.")
        self.phi = phi
        self.robust = robust
        super().__init__(**kw)

    def _fit(self, t, z):
        dt = np.diff(t)
        rate = np.diff(z) / dt
        self.drift_ = float(np.median(rate) if self.robust else np.mean(rate))
        self.level_ = z[-1]
        self.sigma_ = rw_spread(t, z, drift=True)
        self.span_ = t[-1] - t[0]

    def _center(self, h):
        return self.level_ + self.drift_ * np.cumsum(self.phi ** np.arange(1, h + 1))

    def _scale(self, h):
        k = np.arange(1, h + 1)
        return self.sigma_ * np.sqrt(k + k ** 2 / self.span_)
