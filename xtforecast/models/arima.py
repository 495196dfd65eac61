"""ARIMA(p,1,q) with drift, where the series is long enough (statsmodels).

Orders (0,1,0), (1,1,0), (0,1,1) and (1,1,1), all with drift, chosen by AICc. Needs 10
consecutive years (fitted on the regular tail of an irregular series). Slow (tens of ms per
fit), so it is not in the default combination.
"""

from __future__ import annotations

import warnings

import numpy as np

from .base import Model, ModelError

_ORDERS = ((0, 1, 0), (1, 1, 0), (0, 1, 1), (1, 1, 1))


class ARIMA(Model):
    """Small automatic ARIMA with drift.

    Parameters
    ----------
    order : tuple of int, optional
        A fixed ``(p, d, q)``; chosen by AICc among small orders if None.
    """

    min_points = 10
    needs_regular = True

    def __init__(self, order: tuple[int, int, int] | None = None, **kw):
        self.order = order
        super().__init__(**kw)

    def _fit(self, t, z):
        from statsmodels.tsa.arima.model import ARIMA as _SM  # statsmodels: slow to import

        best, failure = None, None
        n = len(z)
        for order in ([tuple(self.order)] if self.order else _ORDERS):
            trend = "t" if order[1] == 1 else "c"
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    res = _SM(z, order=order, trend=trend).fit()
                except (ValueError, ArithmeticError) as exc:
                    # a failed order (statsmodels: ValueError, LinAlgError) is not a candidate
                    failure = exc
                    continue
            k = sum(order[::2]) + 2
            aicc = res.aic + 2 * k * (k + 1) / max(n - k - 1, 1)
            if np.isfinite(aicc) and (best is None or aicc < best[0]):
                best = (aicc, order, res)
        if best is None:
            raise ModelError("no ARIMA order could be fitted to this series; use 'drift'.") \
                from failure
        self.aicc_, self.order_, self.res_ = best
        self.fc_cache_ = {}

    def _fc(self, h):
        # predict() asks for the centre and the scale separately: compute once per h
        cache = self.__dict__.setdefault("fc_cache_", {})
        if h not in cache:
            fc = self.res_.get_forecast(h)
            cache[h] = (np.asarray(fc.predicted_mean, float), np.asarray(fc.se_mean, float))
        return cache[h]

    def _center(self, h):
        return self._fc(h)[0]

    def _scale(self, h):
        return self._fc(h)[1]
