"""Reference-path model: a sparse city series as a ratio to a denser reference (its province).

With 1-3 city points no growth model can be fitted honestly, but the province has a decade of
data. The city is written as ``city_t = ratio_t * reference_t``: the reference is forecast by
the default (calibrated) combination, and the log-ratio is

- ``hold``: kept at its latest observed value (mean of the last two when there are several);
- ``trend``: moved by its fitted yearly change, damped (``phi`` per year);
- ``converge``: pulled towards ``target_ratio`` by a fraction ``speed`` of the gap per year.

When the city's data start after the reference's last year (Xingtai 2019 against a Hebei
series last published for 2017), there is no common year: the ratio is then taken per path
against the reference's projection for the city's last year, so each city path carries its
reference path's growth from there on (and the uncertainty of projecting the reference that far).

Uncertainty: reference paths (calibrated) plus a random walk on the log-ratio with per-year
s.d. ``ratio_sigma``. Learned from the city's own ratio steps when it has 3+ overlapping
points, never below a conservative floor (``DEFAULT_RATIO_SIGMA``) so that a city with two
lucky years does not look certain.
"""

from __future__ import annotations

import numpy as np

from .base import Model, ModelError, SimulationModel

#: Per-year s.d. of the log city/province ratio used when the city has too few points to
#: learn it. Conservative: 0.08 per year means +-16 % in one year at 95 %, wider than the
#: year-on-year drift of most provincial shares of national totals in the province panels
#: (rd_expenditure, patents), which is a lower bound for city-in-province drift.
DEFAULT_RATIO_SIGMA = 0.08


class ReferencePath(SimulationModel):
    """City = ratio x reference, ratio held, trended or converging.

    Parameters
    ----------
    ratio : {'hold', 'trend', 'converge'}
        How the log-ratio moves after the last city observation.
    phi : float
        Damping per year of the ratio trend (``trend``).
    target_ratio : float
        Where the ratio converges to (``converge``), on the ratio scale.
    speed : float
        Share of the log gap closed per year (``converge``), in (0, 1].
    ratio_sigma : float, optional
        Per-year s.d. of the log-ratio; learned (floored at ``DEFAULT_RATIO_SIGMA``) if None.
    reference_model : Model, optional
        Model for the reference series; the default calibrated combination if None.
    **kw
        Bounds, alias (the ratio needs positive values: ``lower`` defaults to 0).
    """

    min_points = 1

    def __init__(self, ratio: str = "hold", phi: float = 0.8, target_ratio: float = 1.0,
                 speed: float = 0.1, ratio_sigma: float | None = None,
                 reference_model: Model | None = None, **kw):
        if ratio not in ("hold", "trend", "converge"):
            raise ModelError(f"`ratio` must be 'hold', 'trend' or 'converge'; got {ratio!r}.")
        if not 0 < speed <= 1:
            raise ModelError(f"`speed` must be in (0, 1]; got {speed}.")
        if not target_ratio > 0:
            raise ModelError(f"`target_ratio` must be positive; got {target_ratio}.")
        self.ratio = ratio
        self.phi = phi
        self.target_ratio = target_ratio
        self.speed = speed
        self.ratio_sigma = ratio_sigma
        self.reference_model = reference_model
        kw.setdefault("lower", 0.0)
        kw.setdefault("transform", "log")
        super().__init__(**kw)

    def fit(self, years, values, reference=None) -> ReferencePath:
        """Fit on the city series and its reference.

        Parameters
        ----------
        years, values : array-like
            The city series (1 point or more).
        reference : (array-like, array-like)
            ``(ref_years, ref_values)``, the denser reference series; it must share at least
            one year with the city.
        """
        if reference is None:
            raise ModelError("the 'reference' model needs `reference=(ref_years, ref_values)`, "
                             "e.g. the province series for a city; got none.")
        return super().fit(years, values, reference=reference)

    def _fit(self, t, z, reference=None):
        # lazy: models/__init__ imports this module before it defines default_model
        from . import default_model
        ry = np.asarray(reference[0], dtype=float)
        rv = np.asarray(reference[1], dtype=float)
        order = np.argsort(ry)
        ry, rv = ry[order], rv[order]
        if np.any(rv <= 0):
            raise ModelError("reference values must be positive for a ratio model.")
        self.ref_years_, self.ref_values_ = ry, rv
        log_rv = np.log(rv)
        inside = (t >= ry[0]) & (t <= ry[-1])
        sig = DEFAULT_RATIO_SIGMA
        self.ratio_slope_ = 0.0
        if inside.any():
            # City years within the reference's span: the ratio against the reference observed
            # (or log-interpolated between two of its observations) in the same year.
            self.anchor_ = "observed"
            common = t[inside]
            lr = z[inside] - np.interp(common, ry, log_rv)
            if len(lr) >= 2:
                dt = np.diff(common)
                self.ratio_slope_ = float((lr[-1] - lr[0]) / (common[-1] - common[0]))
                if len(lr) >= 3:
                    est = np.sqrt(np.sum((np.diff(lr) - self.ratio_slope_ * dt) ** 2 / dt)
                                  / (len(lr) - 2))
                    sig = max(sig, float(est))
            self.lr_last_ = float(lr[-1])
            self.lr_year_ = float(common[-1])
        elif t[-1] > ry[-1]:
            # The city's data start after the reference's end (Xingtai 2019 vs a Hebei series
            # last published for 2017): the ratio is taken per path against the reference's
            # own projection for the city's last year, so each path carries the reference's
            # projected growth from there, with the uncertainty of that projection.
            self.anchor_ = "projected"
            common, lr = t[-1:], None
            self.lr_last_ = float("nan")
            self.lr_year_ = float(t[-1])
            self.z_anchor_ = float(z[-1])
        else:
            raise ModelError(f"the city years {[int(v) for v in t]} all lie before the reference "
                             f"years {[int(v) for v in ry]}; the ratio needs a city year within "
                             f"or after the reference's span.")
        self.log_ratio_obs_ = lr
        self.ratio_years_ = common
        self.sigma_ = float(self.ratio_sigma) if self.ratio_sigma is not None else sig
        ref = self.reference_model.new() if self.reference_model is not None \
            else default_model(lower=0.0)
        ref.fit(ry, rv)
        self.ref_model_ = ref

    def _log_ratio_path(self, years: np.ndarray, lr_last=None) -> np.ndarray:
        """Log-ratio at ``years`` from ``lr_last`` (a scalar, or one value per path as a column)."""
        lr_last = self.lr_last_ if lr_last is None else lr_last
        k = years - self.lr_year_
        if self.ratio == "hold":
            return lr_last + np.zeros(len(years))
        if self.ratio == "trend":
            cum = np.array([np.sum(self.phi ** np.arange(1, int(j) + 1)) for j in k])
            return lr_last + self.ratio_slope_ * cum
        goal = np.log(self.target_ratio)
        return goal + (lr_last - goal) * (1 - self.speed) ** k

    def _ref_paths(self, years: np.ndarray, n: int, rng) -> np.ndarray:
        """Reference values at ``years``: observed where known, sampled beyond."""
        ref_last = int(self.ref_model_.last_year_)
        out = np.empty((n, len(years)))
        obs = dict(zip(self.ref_years_.astype(int), self.ref_values_))
        hmax = int(max(years.max() - ref_last, 0))
        sims = self.ref_model_.sample(hmax, n, rng) if hmax > 0 else None
        for j, yr in enumerate(years.astype(int)):
            if yr > ref_last:
                out[:, j] = sims[:, yr - ref_last - 1]
            elif yr in obs:
                out[:, j] = obs[yr]
            else:  # a gap inside the reference: interpolate on the log scale
                out[:, j] = np.exp(np.interp(yr, self.ref_years_, np.log(self.ref_values_)))
        return out

    def sample(self, h, n, rng=None):
        self._require_fitted()
        h, n = self._check_h(h), self._check_n(n)
        rng = np.random.default_rng(rng)
        years = self.last_year_ + np.arange(1, h + 1, dtype=float)
        if self.anchor_ == "projected":
            both = self._ref_paths(np.concatenate([[self.lr_year_], years]), int(n), rng)
            ref, lr_last = both[:, 1:], self.z_anchor_ - np.log(both[:, :1])
        else:
            ref, lr_last = self._ref_paths(years, int(n), rng), None
        # ratio noise: random walk from the last ratio observation (years since it)
        gaps = np.diff(np.concatenate([[self.lr_year_], years]))
        noise = np.cumsum(rng.standard_normal((int(n), h)) * np.sqrt(gaps), axis=1) * self.sigma_
        city = ref * np.exp(self._log_ratio_path(years, lr_last) + noise)
        return self._clip(city)

    def _center(self, h):  # used only by back-tests: the median path on the log scale
        return np.log(self.predict(h, level=None)["mean"])

    def _scale(self, h):
        p = self.predict(h, level=[68.27])
        return (np.log(p["hi-68.27"]) - np.log(p["lo-68.27"])) / 2
