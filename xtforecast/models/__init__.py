"""Growth models: one interface, a registry, and the default calibrated combination.

>>> from xtforecast.models import default_model
>>> m = default_model(lower=0).fit([2015, 2017, 2018, 2019, 2020], [10, 12, 13, 15, 16])
>>> paths = m.sample(5, 1000, rng=1)          # 1000 x 5 paths for 2021..2025

``get_model(name, **params)`` resolves a registry name (``MODELS``) and fails with the list of
valid names and a "did you mean" suggestion.
"""

from __future__ import annotations

import difflib

import numpy as np

from .arima import ARIMA
from .base import ErrorDist, Model, ModelError, interval_from_samples, validate_level
from .combine import Combination
from .pooled import GrowthPool, PooledGrowth
from .reference import ReferencePath
from .saturation import Gompertz, Logistic
from .simple import (CAGREscap, CAGRLogLinear, CAGRTwoPoint, DampedDrift, Drift, LinearTrend,
                     Naive)
from .smoothing import SES, DampedETS, DampedTrend, Theta

#: Calibration of the default combination (per-horizon factors of ``s * sqrt(h)`` on the log
#: scale, Student-t tails). Provenance: ``calibrate_on_pool(default_model-uncalibrated,
#: pool_series(province panels), h=6, n_origins=8, min_train=5)`` on
#: /work/shared/data/province_{rd,patents,hte}.csv (31 provinces x 10-14 years), regenerated
#: by :func:`xtforecast.bench.calibrate_panels`. Horizons past 6 reuse the last factor.
DEFAULT_CALIBRATION = ErrorDist(
    factor=np.array([1.029, 1.263, 1.515, 1.681, 1.906, 2.055]),
    shift=np.zeros(1), df=2.5,
    source="province panels rd/patents/hte, 256 series, 8448 back-test errors (2026-11-28)",
)


def default_members() -> list[Model]:
    """The members of the default combination (chosen on M3 yearly; benchmarks/README.md).

    Drift and SES on the level scale, Theta on the log scale, and a robust drift on the log
    scale damped by 0.85 a year: two trend-followers, one trend-doubter, one fading growth
    rate. Their median is robust to any one of them running away.
    """
    return [
        Drift(transform="none", alias="drift"),
        Theta(transform="log", alias="theta_log"),
        SES(transform="none", alias="ses"),
        DampedDrift(phi=0.85, robust=True, transform="log", alias="damped_drift_log"),
    ]


def default_model(calibration: ErrorDist | None | str = "default", **bounds) -> Combination:
    """The default model: median of :func:`default_members`, calibrated.

    Parameters
    ----------
    calibration : ErrorDist, 'default' or None
        ``'default'``: :data:`DEFAULT_CALIBRATION` (province panels); None: uncalibrated
        (the Gaussian random-walk spread, too narrow -- for back-tests that learn a new one).
    **bounds
        ``lower``/``upper`` natural bounds (``lower=0`` for counts and amounts).

    Returns
    -------
    Combination
        Unfitted; call ``fit(years, values)``.
    """
    cal = DEFAULT_CALIBRATION if isinstance(calibration, str) and calibration == "default" \
        else calibration
    return Combination(default_members(), how="median", calibration=cal, alias="default",
                       **bounds)


class Default(Combination):
    """Registry entry for :func:`default_model` (same hyper-parameters)."""

    def __init__(self, **kw):
        kw.setdefault("calibration", DEFAULT_CALIBRATION)
        kw.setdefault("alias", "default")
        super().__init__(default_members(), how="median", **kw)


#: Registry: name -> model class. Names are what scenario files and the CLI use.
MODELS: dict[str, type] = {
    "naive": Naive,
    "drift": Drift,
    "damped_drift": DampedDrift,
    "linear": LinearTrend,
    "cagr": CAGRTwoPoint,
    "cagr_loglinear": CAGRLogLinear,
    "cagr_escap": CAGREscap,
    "ses": SES,
    "theta": Theta,
    "damped": DampedTrend,
    "damped_ets": DampedETS,
    "arima": ARIMA,
    "logistic": Logistic,
    "gompertz": Gompertz,
    "reference": ReferencePath,
    "pooled": PooledGrowth,
    "default": Default,
}
for _name, _cls in MODELS.items():
    _cls.name = _name


def get_model(name: str, **params) -> Model:
    """Instantiate a registered model by name.

    Parameters
    ----------
    name : str
        A key of :data:`MODELS`.
    **params
        Hyper-parameters and bounds for the model's ``__init__``.

    Raises
    ------
    ModelError
        Unknown name; the message lists the valid names and the closest match.
    """
    if name not in MODELS:
        close = difflib.get_close_matches(str(name), MODELS, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise ModelError(f"unknown model {name!r}; valid names: {', '.join(sorted(MODELS))}."
                         + hint)
    params.setdefault("alias", name)
    return MODELS[name](**params)


__all__ = ["MODELS", "get_model", "default_model", "default_members", "Model", "ModelError",
           "ErrorDist", "Combination", "GrowthPool", "PooledGrowth", "validate_level", "interval_from_samples",
           "DEFAULT_CALIBRATION"]
