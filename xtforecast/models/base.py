"""The one model contract: ``fit(years, values)``, ``predict(h, level)``, ``sample(h, n, rng)``.

Every growth model is numpy-level and sees one series at a time (statsforecast's ``_TS``).
A model is a *point path* (``_center``) plus a *spread* (``_scale``), both on a transformed
scale (log for positive series, logit for bounded shares); one error distribution
(:class:`ErrorDist`, Gaussian unless calibrated) turns them into quantiles and sample paths.
Doing the spread in one place is what lets :mod:`xtforecast.models.calibrate` widen any model's
intervals by per-horizon conformal factors without touching the model.

Time is the actual year: a gap of two years counts as two steps, so irregular series such as
``[2015, 2017, 2020]`` are fitted as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import stats

from .. import checks

try:  # the package-wide base class, when present
    from ..errors import XtForecastError
except ImportError:  # pragma: no cover - standalone use of the models layer
    class XtForecastError(Exception):
        """Base class of every error the package raises on purpose."""


class ModelError(XtForecastError, ValueError):
    """A model cannot be fitted or used as asked; the message says the rule, what came, the fix."""


# ---------------------------------------------------------------------------------------------
# level validation: the single place (statsforecast ``_validate_level``)
# ---------------------------------------------------------------------------------------------
def validate_level(level: Sequence[float] | float | None) -> list[float]:
    """Check interval levels and return them sorted.

    Parameters
    ----------
    level : sequence of int or float, or a single number, or None
        Coverage levels in percent, each strictly between 0 and 100.

    Returns
    -------
    list of float
        Sorted levels; an empty list for ``None``.

    Raises
    ------
    ModelError
        If a level is not a finite number in (0, 100) or appears twice.
    """
    if level is None:
        return []
    if isinstance(level, (int, float, np.integer, np.floating)) and not isinstance(level, bool):
        level = [level]
    try:
        vals = [float(v) for v in level if not isinstance(v, bool)]
    except (TypeError, ValueError):
        raise ModelError(
            f"`level` must be a list of numbers in percent between 0 and 100 (exclusive), "
            f"e.g. [80, 95]. Got: {level!r}") from None
    if len(vals) != len(list(level)) or any(not np.isfinite(v) or not 0 < v < 100 for v in vals):
        raise ModelError(
            f"Every value in `level` must be between 0 and 100 (exclusive), in percent, "
            f"e.g. [80, 95]. Got: {list(level)}")
    if len(set(vals)) != len(vals):
        raise ModelError(f"`level` must not repeat a value. Got: {list(level)}; "
                         f"pass each level once, e.g. [80, 95].")
    return sorted(vals)


def level_key(lv: float) -> str:
    """``80`` -> ``"80"``, ``99.5`` -> ``"99.5"`` (statsforecast column naming)."""
    return f"{lv:g}"


# ---------------------------------------------------------------------------------------------
# transforms: keep counts non-negative and shares inside their bounds by construction
# ---------------------------------------------------------------------------------------------
_EPS = 1e-6


@dataclass(frozen=True)
class Transform:
    """A monotone map between the data scale and the modelling scale."""

    name: str
    lower: float | None = None
    upper: float | None = None

    def forward(self, y: np.ndarray) -> np.ndarray:
        y = np.asarray(y, dtype=float)
        if self.name == "log":
            return np.log(y - self.lower)
        if self.name == "logit":
            span = self.upper - self.lower
            p = np.clip((y - self.lower) / span, _EPS, 1 - _EPS)
            return np.log(p / (1 - p))
        return y

    def inverse(self, z: np.ndarray) -> np.ndarray:
        z = np.asarray(z, dtype=float)
        if self.name == "log":
            # exp overflows past ~709; such paths are nonsense anyway, cap them finite
            return self.lower + np.exp(np.minimum(z, 700.0))
        if self.name == "logit":
            return self.lower + (self.upper - self.lower) / (1 + np.exp(-z))
        return z


def choose_transform(kind: str, lower: float | None, upper: float | None,
                     y: np.ndarray) -> Transform:
    """Resolve ``transform='auto'`` (logit with both bounds, log above a lower bound)."""
    if kind == "auto":
        if lower is not None and upper is not None:
            kind = "logit"
        elif lower is not None and np.all(y > lower):
            kind = "log"
        else:
            kind = "none"
    if kind == "log":
        lo = 0.0 if lower is None else float(lower)
        if np.any(y <= lo):
            raise ModelError(
                f"transform='log' needs every value above the lower bound {lo:g}; got "
                f"min {np.min(y):g}. Use transform='none' or a lower bound below the data.")
        return Transform("log", lo, None)
    if kind == "logit":
        if lower is None or upper is None:
            raise ModelError("transform='logit' needs both `lower` and `upper` bounds, e.g. "
                             "lower=0, upper=100 for a percentage share.")
        return Transform("logit", float(lower), float(upper))
    if kind == "none":
        return Transform("none", lower, upper)
    raise ModelError(f"`transform` must be one of 'auto', 'log', 'logit', 'none'; got {kind!r}.")


# ---------------------------------------------------------------------------------------------
# the error distribution: Gaussian by default, Student-t with per-horizon factors when calibrated
# ---------------------------------------------------------------------------------------------
@dataclass
class ErrorDist:
    """Standardised forecast errors per horizon: ``e_h = scale_h * (shift_h + factor_h * T)``.

    ``T`` is standard normal (``df=inf``) or Student-t with ``df`` degrees of freedom. ``factor``
    and ``shift`` are per horizon; horizons beyond those given reuse the last value (the model's
    ``scale_h`` already grows with ``h``). Sample paths get random-walk correlation across
    horizons (cumulated independent normals divided by sqrt(h), so each horizon keeps its
    marginal), and one chi-square draw per path makes them jointly Student-t.

    Attributes
    ----------
    factor : ndarray
        Multipliers of the model scale per horizon (1 = the model's own spread).
    shift : ndarray
        Bias of the standardised error per horizon, in scale units (0 = unbiased).
    df : float
        Degrees of freedom of the Student-t; ``inf`` for Gaussian.
    source : str
        Where the numbers came from (provenance shown in reports).
    """

    factor: np.ndarray = field(default_factory=lambda: np.ones(1))
    shift: np.ndarray = field(default_factory=lambda: np.zeros(1))
    df: float = float("inf")
    source: str = "gaussian (uncalibrated model spread)"

    def _per_h(self, arr: np.ndarray, h: int) -> np.ndarray:
        arr = np.asarray(arr, dtype=float)
        if len(arr) >= h:
            return arr[:h]
        return np.concatenate([arr, np.repeat(arr[-1], h - len(arr))])

    def ppf(self, q: float) -> float:
        """Quantile of the standard error variable ``T``."""
        return float(stats.norm.ppf(q) if not np.isfinite(self.df) else stats.t.ppf(q, self.df))

    def quantile(self, h: int, q: float) -> np.ndarray:
        """Quantile ``q`` of the standardised error at horizons 1..h."""
        return self._per_h(self.shift, h) + self._per_h(self.factor, h) * self.ppf(q)

    def draw(self, h: int, n: int, rng: np.random.Generator) -> np.ndarray:
        """``n x h`` standardised errors (vectorised; no loop per path)."""
        steps = np.arange(1, h + 1)
        g = np.cumsum(rng.standard_normal((n, h)), axis=1) / np.sqrt(steps)
        if np.isfinite(self.df):
            g = g / np.sqrt(rng.chisquare(self.df, size=(n, 1)) / self.df)
        return self._per_h(self.shift, h) + self._per_h(self.factor, h) * g


GAUSSIAN = ErrorDist()


# ---------------------------------------------------------------------------------------------
# the model base class
# ---------------------------------------------------------------------------------------------
class Model:
    """Base of every growth model.

    Subclasses implement ``_fit(t, z)`` (``t`` = years as float, ``z`` = transformed values),
    ``_center(h)`` (point path on the transformed scale for years last+1..last+h) and
    ``_scale(h)`` (its standard deviation per horizon). Everything else -- validation,
    transforms, bounds, intervals, paths -- lives here, once.

    Parameters
    ----------
    lower, upper : float, optional
        Natural bounds of the indicator (0 for counts, 0 and 100 for percentage shares).
        Paths and intervals never leave them.
    transform : {'auto', 'log', 'logit', 'none'}
        Modelling scale. ``auto``: logit with both bounds, log when every value is above
        ``lower``, otherwise none.
    calibration : ErrorDist, optional
        Per-horizon widening learned from back-tests (see :mod:`.calibrate`). Default: the
        model's own Gaussian spread, which is known to be too narrow on short yearly series.
    alias : str, optional
        Display name.
    """

    #: fewest observed points the model accepts
    min_points: int = 2
    #: True if the model needs consecutive years (it is then fitted on the regular tail)
    needs_regular: bool = False
    #: registry name (set by the registry)
    name: str = "model"

    def __init__(self, *, lower: float | None = None, upper: float | None = None,
                 transform: str = "auto", calibration: ErrorDist | None = None,
                 alias: str | None = None):
        if lower is not None and upper is not None and not lower < upper:
            raise ModelError(f"`lower` must be below `upper`; got lower={lower}, upper={upper}.")
        self.lower = lower
        self.upper = upper
        self.transform = transform
        self.calibration = calibration
        self.alias = alias or type(self).__name__

    def __repr__(self) -> str:
        return self.alias

    # -- data checks ---------------------------------------------------------------------
    def _check_data(self, years, values) -> tuple[np.ndarray, np.ndarray]:
        years = np.asarray(years)
        values = np.asarray(values, dtype=float)
        if years.ndim != 1 or values.ndim != 1 or len(years) != len(values):
            raise ModelError(
                f"`years` and `values` must be 1-D and of equal length; got shapes "
                f"{years.shape} and {values.shape}.")
        if not np.all(np.isfinite(values)):
            raise ModelError(f"`values` must be finite; got {values.tolist()}. Drop missing "
                             f"years instead of passing NaN (gaps in years are allowed).")
        yf = years.astype(float)
        if not np.all(np.isfinite(yf)) or np.any(yf != np.round(yf)):
            raise ModelError(f"`years` must be whole years; got {years.tolist()}.")
        order = np.argsort(yf, kind="stable")
        yf, values = yf[order], values[order]
        if np.any(np.diff(yf) == 0):
            raise ModelError(f"`years` must not repeat; got {years.tolist()}. Keep one value "
                             f"per year (e.g. the latest vintage).")
        if self.lower is not None and np.any(values < self.lower):
            raise ModelError(f"values below the lower bound {self.lower:g}: "
                             f"{values[values < self.lower].tolist()}; fix the data or the bound.")
        if self.upper is not None and np.any(values > self.upper):
            raise ModelError(f"values above the upper bound {self.upper:g}: "
                             f"{values[values > self.upper].tolist()}; fix the data or the bound.")
        if self.needs_regular:
            # fit on the regular tail: the last run of consecutive years
            gaps = np.nonzero(np.diff(yf) != 1)[0]
            if len(gaps):
                start = gaps[-1] + 1
                yf, values = yf[start:], values[start:]
        n = len(values)
        if n < self.min_points:
            tail = " consecutive" if self.needs_regular else ""
            raise ModelError(
                f"{self.alias} needs at least {self.min_points}{tail} observed points; got {n} "
                f"(years {[int(v) for v in yf]}). Add observations, or use a model with a lower "
                f"minimum: 'naive' (2 points) or 'reference' (1 point, the city as a ratio to "
                f"its province).")
        return yf, values

    # -- public API ----------------------------------------------------------------------
    def fit(self, years, values, **kwargs) -> Model:
        """Fit the model to one observed series.

        Parameters
        ----------
        years : array-like of int
            Observation years; gaps are allowed and count as that many steps.
        values : array-like of float
            Observed values, same length as ``years``.

        Returns
        -------
        Model
            ``self``, fitted.

        Raises
        ------
        ModelError
            Too few points, repeated years, non-finite values or values outside the bounds.
        """
        t, y = self._check_data(years, values)
        self.transform_ = choose_transform(self.transform, self.lower, self.upper, y)
        z = self.transform_.forward(y)
        self.years_, self.values_, self.z_ = t, y, z
        self.last_year_ = int(t[-1])
        self._fit(t, z, **kwargs)
        return self

    def _require_fitted(self):
        if not hasattr(self, "last_year_"):
            raise ModelError(f"{self.alias} is not fitted; call `fit(years, values)` first.")

    def _dist(self) -> ErrorDist:
        return self.calibration if self.calibration is not None else GAUSSIAN

    def _check_h(self, h) -> int:
        checks.require(checks.whole_number(h, what="a whole number of years"), "`h`", ModelError)
        return int(h)

    def predict(self, h: int, level: Sequence[float] | None = (80, 95)) -> dict[str, np.ndarray]:
        """Point forecast and intervals for years last_year+1 .. last_year+h.

        Parameters
        ----------
        h : int
            Horizon in years.
        level : list of float, optional
            Interval levels in percent (default 80 and 95).

        Returns
        -------
        dict of str to ndarray
            ``year``, ``mean`` and ``lo-<level>``/``hi-<level>`` per level. Under a log or
            logit transform ``mean`` is the back-transformed centre, i.e. the median path.
        """
        self._require_fitted()
        h = self._check_h(h)
        levels = validate_level(level)
        tr, center, scale, dist = self.transform_, self._center(h), self._scale(h), self._dist()
        out = {"year": np.arange(self.last_year_ + 1, self.last_year_ + h + 1),
               "mean": self._clip(tr.inverse(center + scale * dist.quantile(h, 0.5)))}
        for lv in levels:
            a = (1 - lv / 100) / 2
            out[f"lo-{level_key(lv)}"] = self._clip(tr.inverse(center + scale * dist.quantile(h, a)))
            out[f"hi-{level_key(lv)}"] = self._clip(
                tr.inverse(center + scale * dist.quantile(h, 1 - a)))
        return out

    def forecast(self, years, values, h: int, level: Sequence[float] | None = (80, 95),
                 **fit_kwargs) -> dict[str, np.ndarray]:
        """One-shot ``fit(years, values).predict(h, level)``."""
        return self.fit(years, values, **fit_kwargs).predict(h, level)

    def sample(self, h: int, n: int, rng: np.random.Generator | int | None = None) -> np.ndarray:
        """Draw ``n`` future paths (years last_year+1 .. last_year+h).

        Parameters
        ----------
        h : int
            Horizon in years.
        n : int
            Number of paths.
        rng : numpy.random.Generator or int, optional
            Random source; the same seed gives the same paths.

        Returns
        -------
        ndarray, shape (n, h)
            Paths on the data scale, inside ``[lower, upper]``.
        """
        self._require_fitted()
        h = self._check_h(h)
        checks.require(checks.whole_number(n, what="a whole number of paths"), "`n`", ModelError)
        rng = np.random.default_rng(rng)
        z = self._center(h) + self._scale(h) * self._dist().draw(h, int(n), rng)
        return self._clip(self.transform_.inverse(z))

    def _clip(self, y: np.ndarray) -> np.ndarray:
        if self.lower is not None or self.upper is not None:
            y = np.clip(y, self.lower, self.upper)
        return y

    # -- for subclasses --------------------------------------------------------------------
    def _fit(self, t: np.ndarray, z: np.ndarray, **kwargs) -> None:
        raise NotImplementedError

    def _center(self, h: int) -> np.ndarray:
        raise NotImplementedError

    def _scale(self, h: int) -> np.ndarray:
        raise NotImplementedError

    def new(self) -> Model:
        """An unfitted copy with the same hyper-parameters."""
        clone = object.__new__(type(self))
        clone.__dict__ = {k: v for k, v in self.__dict__.items() if not k.endswith("_")}
        return clone


def interval_from_samples(paths: np.ndarray, level: Sequence[float] | None = (80, 95),
                          years: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Summarise sample paths as ``mean`` (the median path) and ``lo-*``/``hi-*`` quantiles.

    Parameters
    ----------
    paths : ndarray, shape (n, h)
    level : list of float
    years : ndarray, optional

    Returns
    -------
    dict of str to ndarray
    """
    levels = validate_level(level)
    out = {} if years is None else {"year": np.asarray(years)}
    out["mean"] = np.median(paths, axis=0)
    for lv in levels:
        a = (1 - lv / 100) / 2
        out[f"lo-{level_key(lv)}"] = np.quantile(paths, a, axis=0)
        out[f"hi-{level_key(lv)}"] = np.quantile(paths, 1 - a, axis=0)
    return out


def rw_spread(t: np.ndarray, z: np.ndarray, drift: bool) -> float:
    """Per-year innovation s.d. of a random walk (with drift) on irregular years.

    A step over ``dt`` years has variance ``dt * s**2``; with drift its mean is ``dt * mu``.
    """
    dt = np.diff(t)
    dz = np.diff(z)
    if drift:
        mu = (z[-1] - z[0]) / (t[-1] - t[0])
        resid = dz - mu * dt
        dof = max(len(dz) - 1, 1)
    else:
        resid = dz
        dof = max(len(dz), 1)
    return float(np.sqrt(np.sum(resid ** 2 / dt) / dof))


class SimulationModel(Model):
    """Base of models defined by their sample paths rather than a centre and a spread.

    Subclasses implement ``_fit`` and ``sample``; ``predict`` summarises paths (or the
    subclass's exact ``quantiles``), so ``predict(level=)`` and the quantiles of ``sample``
    agree by construction. ``_center``/``_scale`` (the Gaussian-spread contract) do not apply.
    """

    #: paths used by ``predict`` when the model has no exact quantiles (fixed seed)
    predict_paths: int = 4000

    def _check_n(self, n) -> int:
        checks.require(checks.whole_number(n, what="a whole number of paths"), "`n`", ModelError)
        return int(n)

    def sample(self, h: int, n: int, rng=None) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def quantiles(self, h: int, probs) -> np.ndarray:
        """Quantiles ``(len(probs), h)`` of the paths; default: from ``predict_paths`` samples."""
        paths = self.sample(h, self.predict_paths, np.random.default_rng(0))
        return np.quantile(paths, np.asarray(probs, float), axis=0)

    def predict(self, h: int, level: Sequence[float] | None = (80, 95)) -> dict[str, np.ndarray]:
        """Median path and intervals from the model's quantiles (see :meth:`Model.predict`)."""
        self._require_fitted()
        h = self._check_h(h)
        levels = validate_level(level)
        probs = [0.5] + [p for lv in levels for p in ((1 - lv / 100) / 2, 1 - (1 - lv / 100) / 2)]
        q = self.quantiles(h, probs)
        out = {"year": np.arange(self.last_year_ + 1, self.last_year_ + h + 1), "mean": q[0]}
        for i, lv in enumerate(levels):
            out[f"lo-{level_key(lv)}"] = q[1 + 2 * i]
            out[f"hi-{level_key(lv)}"] = q[2 + 2 * i]
        return out
