"""One contract checked over EVERY registered model (statsforecast's ``assert_class``).

All series here are synthetic, made in this file.
"""

import numpy as np
import pytest

from xtforecast.models import MODELS, GrowthPool, get_model
from xtforecast.models.base import ModelError

YEARS = np.arange(2008, 2022)
GROWTH = 100 * 1.08 ** np.arange(14) * (1 + 0.02 * np.sin(np.arange(14)))
SHARE = 80 / (1 + np.exp(-0.4 * (np.arange(14) - 6))) + 0.5 * np.cos(np.arange(14))
REF = (np.arange(2005, 2023), 1000 * 1.07 ** np.arange(18))

# model name -> (init params, values, fit kwargs)
CASES = {name: ({"lower": 0.0}, GROWTH, {}) for name in MODELS}
CASES["logistic"] = ({"lower": 0.0, "upper": 100.0}, SHARE, {})
CASES["gompertz"] = ({"lower": 0.0, "upper": 100.0}, SHARE, {})
CASES["reference"] = ({}, GROWTH, {"reference": REF})
# a synthetic pool: 12 peers growing 4-12 % a year with noise (seeded)
_R = np.random.default_rng(3)
POOL = GrowthPool.from_arrays(
    [(f"peer{i}", np.arange(2000, 2022),
      50 * np.exp(np.cumsum(_R.normal(0.04 + 0.008 * i, 0.05, 22)))) for i in range(12)],
    label="synthetic peers")
CASES["pooled"] = ({}, GROWTH, {"pool": POOL})


@pytest.fixture(params=sorted(MODELS))
def case(request):
    name = request.param
    params, values, kw = CASES[name]
    return name, params, values, kw


def test_fit_predict_equals_forecast(case):
    name, params, values, kw = case
    a = get_model(name, **params).fit(YEARS, values, **kw).predict(5, level=[80, 95])
    b = get_model(name, **params).forecast(YEARS, values, 5, level=[80, 95], **kw)
    assert set(a) == {"year", "mean", "lo-80", "hi-80", "lo-95", "hi-95"}
    for k in a:
        np.testing.assert_allclose(a[k], b[k])
        assert a[k].shape == (5,)
    np.testing.assert_array_equal(a["year"], np.arange(2022, 2027))
    assert np.all(a["lo-95"] <= a["lo-80"] + 1e-9) and np.all(a["lo-80"] <= a["mean"] + 1e-9)
    assert np.all(a["mean"] <= a["hi-80"] + 1e-9) and np.all(a["hi-80"] <= a["hi-95"] + 1e-9)


def test_level_validated(case):
    name, params, values, kw = case
    m = get_model(name, **params).fit(YEARS, values, **kw)
    for bad in ([0, 95], [80, 100], [80, 80], ["x"], [float("nan")]):
        with pytest.raises(ModelError, match="level"):
            m.predict(3, level=bad)
    assert set(m.predict(3, level=[95, 80])) == {"year", "mean", "lo-80", "hi-80", "lo-95",
                                                 "hi-95"}
    assert set(m.predict(3, level=None)) == {"year", "mean"}


def test_same_seed_same_paths(case):
    name, params, values, kw = case
    m = get_model(name, **params).fit(YEARS, values, **kw)
    p1 = m.sample(4, 200, np.random.default_rng(7))
    p2 = m.sample(4, 200, np.random.default_rng(7))
    assert p1.shape == (200, 4)
    np.testing.assert_array_equal(p1, p2)
    assert not np.array_equal(p1, m.sample(4, 200, np.random.default_rng(8)))


def test_refuses_below_minimum(case):
    name, params, values, kw = case
    m = get_model(name, **params)
    k = m.min_points - 1
    if k < 1:
        with pytest.raises(ModelError, match="equal length|at least"):
            m.fit(YEARS[:0], values[:0], **kw)
        return
    with pytest.raises(ModelError, match=rf"needs at least {m.min_points}.* observed points; "
                                         rf"got {k}"):
        m.fit(YEARS[:k], values[:k], **kw)


def test_unknown_name_suggests():
    with pytest.raises(ModelError, match=r"unknown model 'thetta'.*Did you mean 'theta'"):
        get_model("thetta")


def test_sample_quantiles_agree_with_predict(case):
    """The paths a model draws are the distribution its intervals describe (Monte Carlo error
    with 20,000 paths is about 1-2 % of the level at the 10/90 % quantiles)."""
    name, params, values, kw = case
    m = get_model(name, **params).fit(YEARS, values, **kw)
    p = m.predict(4, level=[80])
    paths = m.sample(4, 20000, np.random.default_rng(11))
    for key, q in (("lo-80", 0.1), ("mean", 0.5), ("hi-80", 0.9)):
        np.testing.assert_allclose(np.quantile(paths, q, axis=0), p[key], rtol=0.04,
                                   err_msg=f"{name} {key}")


def test_shifted_year_axis_gives_the_same_forecast(case):
    """Only the spacing of years matters, not their labels."""
    name, params, values, kw = case
    if name in ("reference", "pooled"):  # their peers/reference carry calendar years too
        return
    a = get_model(name, **params).fit(YEARS, values, **kw).predict(3)
    b = get_model(name, **params).fit(YEARS - 100, values, **kw).predict(3)
    for key in ("mean", "lo-80", "hi-95"):
        np.testing.assert_allclose(a[key], b[key], rtol=1e-6, err_msg=f"{name} {key}")
