"""Saturation curves for bounded shares: logistic and Gompertz (scipy ``curve_fit``).

The upper asymptote is searched in ``(max observed, upper]``: it never exceeds the natural
bound (100 for a percentage share). Without ``upper`` it is capped at 3 times the largest
observation. Spread: residual s.d. on the modelling scale, growing like ``sqrt(1 + h/n)``
(curve uncertainty is not modelled -- calibrate before trusting the intervals).
"""

from __future__ import annotations

import warnings

import numpy as np
from scipy.optimize import curve_fit

from .base import Model, ModelError


def _logistic(t, cap, k, t0):
    return cap / (1 + np.exp(-k * (t - t0)))


def _gompertz(t, cap, k, t0):
    return cap * np.exp(-np.exp(-k * (t - t0)))


class _Saturation(Model):
    min_points = 4
    _curve = staticmethod(_logistic)

    def _fit(self, t, z):
        y = self.values_ - (self.lower or 0.0)
        top = float(np.max(y))
        cap_hi = (self.upper - (self.lower or 0.0)) if self.upper is not None else 3 * top
        if not cap_hi > top:
            raise ModelError(f"{self.alias}: the data already reach the upper bound; a "
                             f"saturation curve has nothing to fit. Use 'naive'.")
        self.t_ref_ = t[0]
        tt = t - t[0]
        p0 = [min(cap_hi, 1.5 * top) * 0.999 + top * 0.001, 0.3, tt.mean()]
        p0[0] = min(max(p0[0], top * 1.0001), cap_hi * 0.9999)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                p, _ = curve_fit(self._curve, tt, y, p0=p0, maxfev=5000,
                                 bounds=([top, 1e-4, -200], [cap_hi, 5.0, 200]))
            except (RuntimeError, ValueError) as exc:
                raise ModelError(f"{self.alias} did not converge on this series ({exc}); "
                                 f"use 'drift' or 'cagr_loglinear'.") from None
        self.cap_, self.k_, self.t0_ = (float(v) for v in p)
        fit = self.transform_.forward(self._curve(tt, *p) + (self.lower or 0.0))
        n = len(z)
        self.sigma_ = float(np.sqrt(np.sum((z - fit) ** 2) / max(n - 3, 1))) or 1e-6
        self.n_ = n

    def _center(self, h):
        tt = self.last_year_ + np.arange(1, h + 1) - self.t_ref_
        y = self._curve(tt, self.cap_, self.k_, self.t0_) + (self.lower or 0.0)
        if self.upper is not None:
            y = np.minimum(y, self.upper)
        return self.transform_.forward(y)

    def _scale(self, h):
        return self.sigma_ * np.sqrt(1 + np.arange(1, h + 1) / self.n_)


class Logistic(_Saturation):
    """Logistic growth to an asymptote ``cap <= upper``: ``cap / (1 + exp(-k (t - t0)))``."""

    _curve = staticmethod(_logistic)


class Gompertz(_Saturation):
    """Gompertz growth to an asymptote ``cap <= upper``: ``cap * exp(-exp(-k (t - t0)))``."""

    _curve = staticmethod(_gompertz)
