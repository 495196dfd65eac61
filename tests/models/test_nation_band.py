"""A nation's band (issue 11, "nation bands are wide"): the local combination's calibration,
learned where the provinces' breaks and booms dominate, covers the nation's own back-tests
0.951 / 0.992 at 80 / 95 % (benchmarks/nation_bands.py); a nation's series of a panel
indicator gets that band times NATION_SPREAD_FACTOR. These tests pin the factor to the bundled
panels, the learning rule to a known narrowing, and which series get it.
"""

import warnings

import numpy as np
import pytest

from xtforecast import bench, bench_sparse
from xtforecast.i18n import projection_basis
from xtforecast.inputs import DataPaths, Inputs
from xtforecast.models import (
    NATION_SHIFT_CALIBRATION,
    NATION_SPREAD_FACTOR,
    PANEL_SHIFT_CALIBRATION,
    growth_shift,
    local_model,
)
from xtforecast.projection import project_series


@pytest.fixture(scope="module")
def inputs():
    return Inputs(DataPaths.of())


def test_the_nation_factor_is_what_the_bundled_panels_give(inputs):
    """NATION_SPREAD_FACTOR regenerates from data/observations.csv to its printed digits."""
    panels = bench_sparse.panel_series(inputs.observations, inputs.catalog)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        learned = bench.learn_nation_factor(panels)
    assert round(learned, 3) == NATION_SPREAD_FACTOR, (
        "the bundled panels changed: print the new factor with `python "
        "benchmarks/nation_bands.py` and paste it into xtforecast/models/__init__.py")
    np.testing.assert_allclose(NATION_SHIFT_CALIBRATION.factor,
                               PANEL_SHIFT_CALIBRATION.factor * NATION_SPREAD_FACTOR)
    assert NATION_SHIFT_CALIBRATION.df == PANEL_SHIFT_CALIBRATION.df


@pytest.mark.parametrize("narrowing", [0.5, 1.0, 1.6])
def test_the_factor_recovers_a_known_narrowing(narrowing):
    """Errors drawn from the calibration's own Student-t band times ``narrowing`` (synthetic):
    the learned factor is ``narrowing`` within Monte Carlo error (20,000 errors)."""
    rng = np.random.default_rng(7)
    scale = rng.uniform(0.02, 0.2, size=(4000, 5))
    e = scale * PANEL_SHIFT_CALIBRATION.factor[0] * narrowing * \
        rng.standard_t(PANEL_SHIFT_CALIBRATION.df, size=scale.shape)
    assert bench.spread_factor([(e, scale)]) == pytest.approx(narrowing, rel=0.04)


def test_a_nation_gets_the_narrower_band_around_the_same_median():
    """Same series, same median; the log band's half-widths scale by the factor exactly."""
    t = np.arange(2008, 2021)
    y = 100 * np.exp(0.09 * np.arange(13) + 0.03 * np.sin(np.arange(13)))  # synthetic
    as_province = local_model("rd_expenditure", "sti", lower=0.0).fit(t, y)
    as_nation = local_model("rd_expenditure", "sti", national=True, lower=0.0).fit(t, y)
    keys = ["lo-95", "lo-80", "mean", "hi-80", "hi-95"]
    wide, narrow = (np.log([m.predict(5)[k] for k in keys]) for m in (as_province, as_nation))
    np.testing.assert_allclose(narrow[2], wide[2], rtol=1e-12)  # "mean" is the median path
    np.testing.assert_allclose(narrow - narrow[2], (wide - wide[2]) * NATION_SPREAD_FACTOR,
                               atol=1e-9)
    assert growth_shift("rd_expenditure", "sti", national=True).method == "default_panel_nation"
    # an indicator without a panel keeps its family's band: the factor was learned on panels
    assert growth_shift("tech_contract_turnover", "sti", national=True).method == "default_family"


def test_the_bundled_nation_is_projected_with_it(inputs):
    """China's R&D intensity (no pool: the nation has no peers) gets the nations' band and says
    so; a province's long series with its siblings stays pooled."""
    kw = dict(as_of=2019, end_year=2025, n_sims=400, seed=1)
    china = project_series(inputs.observations, inputs.catalog, "rd_intensity", "china", **kw)
    assert china.method == "default_panel_nation"
    assert projection_basis(china.method, "zh") == "本序列模型，经各省回测校正，区间按全国序列回测收窄"
    assert "narrowed on the national series" in projection_basis(china.method, "en")
    hebei = project_series(inputs.observations, inputs.catalog, "rd_intensity", "hebei", **kw)
    assert hebei.method.startswith("pooled:")


def test_each_back_test_forecast_knows_the_year_it_was_made_in():
    """local_errors' origins (benchmarks/nation_bands.py's in-time check splits on them): the
    latest origin first, a year apart on a yearly series, and an error only where its outcome
    year was observed; the same errors as backtest_errors, which stacks them."""
    from xtforecast.models.calibrate import backtest_errors
    t = np.arange(2008, 2022)
    y = 100 * np.exp(0.08 * np.arange(14) + 0.04 * np.cos(np.arange(14)))  # synthetic
    e, scale, origin = bench.local_errors("rd_expenditure", (t, y), h=6)
    np.testing.assert_array_equal(origin, np.arange(2020, 2012, -1))
    outcome = origin[:, None] + np.arange(1, 7)[None, :]
    np.testing.assert_array_equal(np.isfinite(e), outcome <= 2021)
    model = bench.default_model(calibration=None, lower=0.0, trend_sd=bench.DEFAULT_TREND_SD,
                                growth_shift=bench.PANEL_GROWTH_SHIFT["rd_expenditure"])
    z, s = backtest_errors(model, t, y, 6, n_origins=8, min_train=5, with_scale=True)
    np.testing.assert_allclose(e, z * s)
