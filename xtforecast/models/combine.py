"""Combinations of models: median or weighted mean of the members' point paths.

Combinations win on yearly data (M3, M4), and the median is robust to one member running away.
The combination's spread is that of a random walk with drift on its own scale
(``s * sqrt(h)``), plus on the log (or logit) scale an uncertain growth rate
(``sqrt(s^2 h + (g h)^2)``, ``g = trend_sd``), widened by a calibration (:mod:`.calibrate`)
learned on back-tests of the combination itself -- the members' own intervals are not used
(they are too narrow anyway). Why the growth term: a series' own steps say how noisy it is, not
how much its growth rate will change; without it the calm series of a pool under-cover, the
volatile ones over-cover, and one heavy-tailed factor fitted to the mix, exponentiated, gives
the volatile ones absurd upper bounds (benchmarks/README.md, "The long-series default").

Weights: ``how='median'`` (default, no weights), ``how='mean'`` with fixed weights, or
``how='backtest'``: inverse rolling-origin MAE on the series itself when it is long enough,
else weights learned on a pool (:func:`pool_weights`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .base import ErrorDist, Model, ModelError


class Combination(Model):
    """Median (or weighted mean) of member models' point forecasts.

    Parameters
    ----------
    members : list of Model
        Unfitted member models; a member that refuses the series is dropped (its name is
        kept in ``dropped_``); at least one must fit.
    how : {'median', 'mean', 'backtest'}
        How the member paths are combined.
    weights : sequence of float, optional
        Fixed weights for ``how='mean'`` (or pool weights as fallback for ``'backtest'``).
    backtest_min : int
        Fewest points for own back-test weights with ``how='backtest'``.
    trend_sd : float
        Per-year s.d. of the growth rate, added to the spread on the log and logit scales only
        (on the level scale it would be in the series' own units): ``sqrt(s^2 h + (g h)^2)``.
        0 (the default) leaves the random-walk spread.
    growth_shift : float
        Per-year growth added to the median on the log and logit scales only (the centre
        moves by ``growth_shift * h``): the median's known bias on series of the same
        indicator, learned from a panel's back-tests (:func:`.calibrate.learn_growth_shifts`).
        0 (the default) leaves the members' median.
    unshifted_calibration : ErrorDist, optional
        With a ``growth_shift``: the calibration to use when the data put the series on the
        level scale (a zero or negative figure), where the shift does not apply and the
        ``calibration`` learned around the shifted median would be too narrow.
    **kw
        Bounds, transform, calibration, alias.
    """

    min_points = 3

    def __init__(self, members: Sequence[Model], how: str = "median",
                 weights: Sequence[float] | None = None, backtest_min: int = 10,
                 trend_sd: float = 0.0, growth_shift: float = 0.0,
                 unshifted_calibration: ErrorDist | None = None, **kw):
        if how not in ("median", "mean", "backtest"):
            raise ModelError(f"`how` must be 'median', 'mean' or 'backtest'; got {how!r}.")
        if not members:
            raise ModelError("a Combination needs at least one member model.")
        if weights is not None and len(weights) != len(members):
            raise ModelError(f"`weights` needs one number per member ({len(members)}); "
                             f"got {len(weights)}.")
        self.members = list(members)
        self.how = how
        self.weights = None if weights is None else np.asarray(weights, dtype=float)
        self.backtest_min = backtest_min
        if not (np.isfinite(trend_sd) and trend_sd >= 0):
            raise ModelError(f"`trend_sd` must be a growth-rate s.d. >= 0 (e.g. 0.07); got "
                             f"{trend_sd!r}.")
        self.trend_sd = float(trend_sd)
        if not np.isfinite(growth_shift):
            raise ModelError(f"`growth_shift` must be a finite per-year growth (e.g. 0.05); got "
                             f"{growth_shift!r}.")
        self.growth_shift = float(growth_shift)
        self.unshifted_calibration = unshifted_calibration
        super().__init__(**kw)

    @property
    def shifted(self) -> bool:
        """Whether the fitted median carries ``growth_shift`` (only on the log and logit scales)."""
        self._require_fitted()
        return bool(self.growth_shift) and self.transform_.name in _RATE_SCALES

    def _dist(self):
        if self.growth_shift and self.unshifted_calibration is not None and not self.shifted:
            return self.unshifted_calibration
        return super()._dist()

    def _fit(self, t, z):
        self.fitted_, self.dropped_, w = [], [], []
        for i, m in enumerate(self.members):
            m = m.new()
            # members share the combination's natural bounds (never its calibration)
            m.lower, m.upper = self.lower, self.upper
            try:
                m.fit(t, self.values_)
            except ModelError as exc:
                self.dropped_.append((m.alias, str(exc)))
                continue
            self.fitted_.append(m)
            w.append(1.0 if self.weights is None else self.weights[i])
        if not self.fitted_:
            raise ModelError(f"no member of {self.alias} could be fitted: "
                             + "; ".join(f"{a}: {e}" for a, e in self.dropped_))
        self.w_ = np.asarray(w, dtype=float)
        if self.how == "backtest" and len(z) >= self.backtest_min:
            self.w_ = _own_weights(self.fitted_, t, self.values_)
        self.sigma_ = _robust_spread(t, z)
        if not self.sigma_ > 0:
            self.sigma_ = 1e-9 * (abs(z[-1]) + 1)

    def member_paths(self, h: int) -> np.ndarray:
        """Members' point paths on the data scale, shape (members, h)."""
        return np.stack([m.predict(h, level=None)["mean"] for m in self.fitted_])

    def _center(self, h):
        paths = self.member_paths(h)
        if self.how == "median":
            y = np.median(paths, axis=0)
        else:
            w = self.w_ / self.w_.sum()
            y = w @ paths
        if self.lower is not None or self.upper is not None:
            y = np.clip(y, self.lower, self.upper)
        z = self.transform_.forward(y)
        if self.shifted:
            z = z + self.growth_shift * np.arange(1, h + 1)
        return z

    def _scale(self, h):
        steps = np.arange(1, h + 1)
        g = self.trend_sd if self.transform_.name in _RATE_SCALES else 0.0
        return np.sqrt(self.sigma_ ** 2 * steps + (g * steps) ** 2)


#: transformed scales on which a difference is a growth rate, so one ``trend_sd`` fits all series
_RATE_SCALES = ("log", "logit")


#: steps used for the spread: the recent ones (volatility drifts; see benchmarks/README.md)
_SPREAD_WINDOW = 10


def _robust_spread(t: np.ndarray, z: np.ndarray) -> float:
    """Per-year step s.d., robust: 1.2533 x mean absolute deviation from the median step.

    The RMS of the steps is dominated by one odd year; the normalised back-test errors then
    mix very different tails across series and the calibration over-widens (M3 yearly).
    """
    t, z = t[-(_SPREAD_WINDOW + 1):], z[-(_SPREAD_WINDOW + 1):]
    dt = np.diff(t)
    steps = np.diff(z) / np.sqrt(dt)
    rate = np.median(np.diff(z) / dt)
    return float(1.2533 * np.mean(np.abs(steps - rate * np.sqrt(dt))))


def _own_weights(members: list[Model], t, y, h: int = 3, n_origins: int = 4) -> np.ndarray:
    """Inverse mean absolute back-test error of each member on the series itself."""
    err = np.zeros(len(members))
    n = len(y)
    for j, m in enumerate(members):
        e = []
        for o in range(n - 1, max(n - 1 - n_origins, m.min_points - 1), -1):
            mm = m.new()
            try:
                mm.fit(t[:o], y[:o])
            except ModelError:
                continue
            steps = (t[o:] - t[o - 1]).astype(int)
            keep = steps <= h
            f = mm.predict(h, level=None)["mean"][steps[keep] - 1]
            e.extend(np.abs(y[o:][keep] - f))
        err[j] = np.mean(e) if e else np.inf
    w = 1.0 / np.maximum(err, 1e-12)
    w[~np.isfinite(w)] = 0.0
    return w if w.sum() > 0 else np.ones(len(members))


def pool_weights(series: Sequence[tuple], make_members, h: int = 3,
                 n_origins: int = 3) -> np.ndarray:
    """Combination weights learned on a pool of comparable series (for series too short).

    Parameters
    ----------
    series : sequence of (years, values)
        E.g. :func:`~.calibrate.pool_series` of the province panels.
    make_members : callable
        Returns the list of unfitted member models.
    h, n_origins : int
        Horizon and origins per series of the back-test.

    Returns
    -------
    ndarray
        Weights proportional to the inverse pooled scaled error (MASE-like) of each member.
    """
    members = make_members()
    tot = np.zeros(len(members))
    cnt = np.zeros(len(members))
    for yrs, vals in series:
        yrs = np.asarray(yrs, dtype=float)
        vals = np.asarray(vals, dtype=float)
        scale = np.mean(np.abs(np.diff(vals))) or 1.0
        for j, m in enumerate(members):
            w = _own_weights([m], yrs, vals, h, n_origins)
            # _own_weights returns 1/MAE; turn into a scaled error
            mae = 1.0 / w[0] if w[0] > 0 else np.nan
            if np.isfinite(mae):
                tot[j] += mae / scale
                cnt[j] += 1
    err = tot / np.maximum(cnt, 1)
    return np.where(cnt > 0, 1.0 / np.maximum(err, 1e-12), 0.0)
