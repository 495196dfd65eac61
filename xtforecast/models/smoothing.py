"""Exponential smoothing: SES, Theta (SES with drift), damped trend.

These need consecutive years, so they are fitted on the *regular tail* (the last run of
consecutive years) of an irregular series; the base class does that and refuses if the tail
is shorter than the minimum.

Speed: the default combination fits these models on every series and every back-test origin,
so SES and the damped trend are our own numpy ports. Smoothing parameters are searched on a
grid, all candidates at once; for fixed smoothing parameters the one-step forecasts are linear
in the initial states, so those come out of a least-squares solve per candidate (exact, no
heuristics). :class:`DampedETS` is the statsmodels ``ETSModel(A, Ad, N)`` for comparison.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from .base import Model, ModelError

_ALPHAS = np.linspace(0.02, 0.98, 49)


def _linear_states(y: np.ndarray, D: np.ndarray, g: np.ndarray, w: np.ndarray):
    """One-step forecasts of a linear innovations model for K parameter sets at once.

    State ``x_t = D x_{t-1} + g y_t``, forecast ``yhat_t = w . x_{t-1}``. ``D`` is (K, m, m),
    ``g`` (K, m), ``w`` (m,). Returns the data part of the forecasts (K, n), the forecasts'
    sensitivity to each initial state (K, n, m) and the corresponding end states
    ((K, m) and (K, m, m)).
    """
    K, m, _ = D.shape
    n = len(y)
    x = np.zeros((K, m))
    B = np.broadcast_to(np.eye(m), (K, m, m)).copy()  # columns: effect of initial state j
    f = np.empty((K, n))
    A = np.empty((K, n, m))
    for i in range(n):
        f[:, i] = x @ w
        A[:, i, :] = np.einsum("m,kmj->kj", w, B)
        x = np.einsum("kab,kb->ka", D, x) + g * y[i]
        B = np.einsum("kab,kbj->kaj", D, B)
    return f, A, x, B


def _fit_linear(y: np.ndarray, D, g, w):
    """Best parameter set by SSE with least-squares initial states; returns index, x0, resid."""
    f, A, xe, Be = _linear_states(y, D, g, w)
    r = y[None, :] - f
    AtA = np.einsum("kni,knj->kij", A, A) + 1e-10 * np.eye(A.shape[2])
    Atr = np.einsum("kni,kn->ki", A, r)
    x0 = np.linalg.solve(AtA, Atr[..., None])[..., 0]
    resid = r - np.einsum("knj,kj->kn", A, x0)
    sse = np.sum(resid ** 2, axis=1)
    k = int(np.argmin(sse))
    end = xe[k] + Be[k] @ x0[k]
    return k, end, resid[k]


class SES(Model):
    """Simple exponential smoothing (ETS A,N,N); flat forecast.

    Parameters
    ----------
    alpha : float, optional
        Smoothing parameter; estimated on a grid if None.
    """

    min_points = 3
    needs_regular = True

    def __init__(self, alpha: float | None = None, **kw):
        self.alpha = alpha
        super().__init__(**kw)

    def _fit(self, t, z):
        alphas = _ALPHAS if self.alpha is None else np.array([float(self.alpha)])
        K = len(alphas)
        D = (1 - alphas).reshape(K, 1, 1)
        g = alphas.reshape(K, 1)
        k, end, resid = _fit_linear(z, D, g, np.ones(1))
        self.alpha_ = float(alphas[k])
        self.level_ = float(end[0])
        n = len(z)
        self.sigma_ = float(np.sqrt(np.sum(resid ** 2) / max(n - 2, 1)))

    def _center(self, h):
        return np.full(h, self.level_)

    def _scale(self, h):
        k = np.arange(1, h + 1)
        return self.sigma_ * np.sqrt(1 + (k - 1) * self.alpha_ ** 2)


class Theta(Model):
    """The classic Theta method (Assimakopoulos & Nikolopoulos 2000; M4 ``Theta.classic``).

    Half the linear trend extrapolated plus half SES on the theta=2 line ``2 y - trend``;
    equivalent to SES with drift (Hyndman & Billah 2003). Needs 4 consecutive points.
    """

    min_points = 4
    needs_regular = True

    def _fit(self, t, z):
        n = len(z)
        x = np.arange(1, n + 1, dtype=float)
        b, a = np.polyfit(x, z, 1)
        line_in = a + b * x
        theta2 = 2 * z - line_in
        ses = SES()
        ses._fit(x, theta2)
        self.a_, self.b_, self.n_ = a, b, n
        self.ses_level_, self.alpha_ = ses.level_, ses.alpha_
        # in-sample one-step errors of the combined forecast, for the spread
        lev = theta2[0]
        fitted = np.empty(n)
        for i in range(n):
            fitted[i] = 0.5 * lev + 0.5 * line_in[i]
            lev = lev + self.alpha_ * (theta2[i] - lev)
        self.sigma_ = float(np.sqrt(np.mean((z - fitted)[1:] ** 2)))

    def _center(self, h):
        xf = self.n_ + np.arange(1, h + 1)
        return 0.5 * self.ses_level_ + 0.5 * (self.a_ + self.b_ * xf)

    def _scale(self, h):
        k = np.arange(1, h + 1)
        return self.sigma_ * np.sqrt(1 + (k - 1) * self.alpha_ ** 2)


def _damped_grid():
    a = np.array([0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.98])
    bs = np.array([0.0, 0.05, 0.1, 0.2, 0.4, 0.7, 1.0])  # beta as a fraction of alpha
    ph = np.array([0.8, 0.85, 0.9, 0.95, 0.98])
    A, B, P = np.meshgrid(a, bs, ph, indexing="ij")
    return A.ravel(), (A * B).ravel(), P.ravel()


_DGRID = _damped_grid()


class DampedTrend(Model):
    """Additive damped trend (ETS A,Ad,N; Gardner & McKenzie 1985), fast numpy fit.

    Parameters
    ----------
    phi : float, optional
        Damping factor in (0, 1]; estimated on a grid (0.8-0.98) if None.
    """

    min_points = 5
    needs_regular = True

    def __init__(self, phi: float | None = None, **kw):
        if phi is not None and not 0 < phi <= 1:
            raise ModelError(f"`phi` must be in (0, 1]; got {phi}.")
        self.phi = phi
        super().__init__(**kw)

    def _fit(self, t, z):
        al, be, ph = _DGRID
        if self.phi is not None:
            keep = ph == ph[0]
            al, be, ph = al[keep], be[keep], np.full(keep.sum(), float(self.phi))
        K = len(al)
        # x = (level, trend); yhat = l + phi b; e = y - yhat
        F = np.zeros((K, 2, 2))
        F[:, 0, 0] = 1
        F[:, 0, 1] = ph
        F[:, 1, 1] = ph
        g = np.stack([al, be], axis=1)
        w_k = np.stack([np.ones(K), ph], axis=1)  # w depends on phi: handle by folding
        D = F - g[:, :, None] * w_k[:, None, :]
        # _linear_states needs one w; use state (l, phi*b) instead? simpler: w=(1,1) on
        # the scaled state (l, phi b): rescale trend so the forecast is l + b'.
        S = np.stack([np.ones(K), ph], axis=1)  # b' = phi b
        D2 = D * S[:, :, None] / S[:, None, :]
        g2 = g * S
        k, end, resid = _fit_linear(z, D2, g2, np.ones(2))
        self.alpha_, self.beta_, self.phi_ = float(al[k]), float(be[k]), float(ph[k])
        self.level_, self.trend_ = float(end[0]), float(end[1] / self.phi_)
        n = len(z)
        self.sigma_ = float(np.sqrt(np.sum(resid ** 2) / max(n - 4, 1)))

    def _center(self, h):
        k = np.arange(1, h + 1)
        cum = np.cumsum(self.phi_ ** k)
        return self.level_ + cum * self.trend_

    def _scale(self, h):
        k = np.arange(1, h + 1)
        cphi = np.cumsum(self.phi_ ** k)  # phi_j = phi + ... + phi^j
        c = self.alpha_ + self.beta_ * cphi[:-1] if h > 1 else np.zeros(0)
        var = 1 + np.concatenate([[0.0], np.cumsum(c ** 2)])
        return self.sigma_ * np.sqrt(var)


class DampedETS(Model):
    """statsmodels ``ETSModel(error='add', trend='add', damped_trend=True)``.

    Fitted on a ``pd.Series`` (statsmodels 0.15 ``get_prediction`` fails on a bare ndarray);
    the forecast is sanity-checked: non-finite or exploding output (beyond 10 times the
    observed range from the last value) raises :class:`ModelError`. About 20-50 ms a series.
    """

    min_points = 6
    needs_regular = True

    def _fit(self, t, z):
        from statsmodels.tsa.exponential_smoothing.ets import ETSModel  # statsmodels: slow to import

        s = pd.Series(z, index=pd.RangeIndex(len(z)))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self.res_ = ETSModel(s, error="add", trend="add", damped_trend=True).fit(disp=False)
        self.sigma_ = float(np.sqrt(self.res_.mse))
        self.range_ = float(np.ptp(z)) + 1e-12
        self.zlast_ = float(z[-1])

    def _pred(self, h):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fr = self.res_.get_prediction(start=self.res_.nobs, end=self.res_.nobs + h - 1)
            mean = np.asarray(fr.predicted_mean, dtype=float)
            var = np.asarray(fr.var_pred_mean, dtype=float) if hasattr(fr, "var_pred_mean") \
                else None
        if not np.all(np.isfinite(mean)) or np.any(np.abs(mean - self.zlast_) > 10 * self.range_ * h):
            raise ModelError("statsmodels ETS gave a non-finite or exploding forecast; "
                             "use 'damped' (the numpy port) or 'drift' for this series.")
        return mean, var

    def _center(self, h):
        return self._pred(h)[0]

    def _scale(self, h):
        _, var = self._pred(h)
        if var is None or not np.all(np.isfinite(var)):
            return self.sigma_ * np.sqrt(np.arange(1, h + 1))
        return np.sqrt(np.maximum(var, 0))
