"""The local combination's growth shift: learned per indicator on a panel and applied there,
or learned across the panels and applied to the catalog's ``family: sti`` indicators without one.

The panels' back-tests (benchmarks/growth_shift_panels.py) show the combination's median
running low on growing S&T series; these tests pin the mechanics on synthetic series with a
known missed growth, and which series of the bundled data get the shipped shifts.
"""

import numpy as np
import pytest

from xtforecast.models import (
    DEFAULT_CALIBRATION,
    FAMILY_GROWTH_SHIFT,
    FAMILY_SHIFT_CALIBRATION,
    PANEL_GROWTH_SHIFT,
    PANEL_SHIFT_CALIBRATION,
    Combination,
    ModelError,
    default_model,
    growth_shift,
    local_model,
)
from xtforecast.models.calibrate import fit_error_dist, learn_growth_shifts
from xtforecast.models.simple import Drift, Naive


def test_the_shift_moves_only_the_log_scale_median():
    t, y = np.arange(2000, 2012), 100 * np.exp(0.05 * np.arange(12) + 0.02 * np.sin(np.arange(12)))
    steps = np.arange(1, 5)
    plain = Combination([Drift()], lower=0.0).fit(t, y)
    moved = Combination([Drift()], growth_shift=0.05, lower=0.0).fit(t, y)
    np.testing.assert_allclose(moved._center(4) - plain._center(4), 0.05 * steps, atol=1e-12)
    np.testing.assert_allclose(moved._scale(4), plain._scale(4))
    level = Combination([Drift()], growth_shift=0.05).fit(t, y)  # no bound: the level scale
    np.testing.assert_allclose(level._center(4), Combination([Drift()]).fit(t, y)._center(4))
    with pytest.raises(ModelError, match="growth_shift"):
        Combination([Drift()], growth_shift=float("nan"))


def _growing(rate, n=30, years=14, seed=0):
    """Synthetic series growing ``rate`` a year in log, step noise 0.03."""
    rng = np.random.default_rng(seed)
    return [(np.arange(2000, 2000 + years),
             np.exp(np.log(100) + np.cumsum(rate + rng.normal(0, 0.03, years))))
            for _ in range(n)]


def test_learned_shift_is_the_growth_a_flat_median_misses():
    """A random walk without drift misses all of a series' growth: the shift learned per group
    is that group's growth (10 %, 0, -5 % a year), within its sampling error (steps of s.d. 0.03,
    hundreds of errors per group), and the calibration around the moved median is narrower than
    around the biased one."""
    groups = {"fast": _growing(0.10, seed=1), "flat": _growing(0.0, seed=2),
              "falling": _growing(-0.05, seed=3)}

    def make():
        return Combination([Naive()], lower=0.0)

    shifts, dist = learn_growth_shifts(make, groups)
    assert shifts == pytest.approx({"fast": 0.10, "flat": 0.0, "falling": -0.05}, abs=0.01)
    from xtforecast.models.calibrate import backtest_errors
    z = np.vstack([backtest_errors(make(), y, v, 6, 8, 5) for g in groups.values()
                   for y, v in g])
    assert dist.factor[0] < 0.5 * fit_error_dist(z).factor[0]


def test_an_empty_group_is_refused_with_what_is_missing():
    with pytest.raises(ModelError, match="group 'short'.*6 points needed"):
        learn_growth_shifts(lambda: Combination([Naive()], lower=0.0),
                            {"short": [(np.arange(2000, 2004), np.arange(1.0, 5.0))]})


def test_only_panel_and_family_indicators_get_a_shift():
    """Its own panel's shift first (even when the catalog also names a family), else its
    family's with that family's calibration, else none."""
    t = np.arange(2010, 2020)
    y = 100 * np.exp(0.1 * np.arange(10) + 0.03 * np.sin(np.arange(10)))
    for family in ("", "sti"):
        moved = local_model("rd_expenditure", family, lower=0.0).fit(t, y)
        assert moved.growth_shift == PANEL_GROWTH_SHIFT["rd_expenditure"] and moved.shifted
        assert moved._dist() is PANEL_SHIFT_CALIBRATION
    kin = local_model("tech_contract_turnover", "sti", lower=0.0).fit(t, y)
    assert kin.growth_shift == FAMILY_GROWTH_SHIFT["sti"] and kin.shifted
    assert kin._dist() is FAMILY_SHIFT_CALIBRATION["sti"]
    assert growth_shift("tech_contract_turnover", "sti").method == "default_family"
    assert growth_shift("rd_expenditure", "sti").method == "default_panel"
    for indicator, family in (("gdp_nominal", ""), ("tech_contract_turnover", "")):
        plain = local_model(indicator, family, lower=0.0).fit(t, y)
        assert plain.growth_shift == 0.0 and not plain.shifted
        assert plain._dist() is DEFAULT_CALIBRATION
        assert growth_shift(indicator, family) is None


def test_a_series_on_the_level_scale_gets_the_plain_combination():
    """A zero figure puts the series on the level scale, where a yearly growth shift means
    nothing: the median is the plain one and the calibration the plain one's, not the
    narrower one learned around the shifted median."""
    t = np.arange(2010, 2020)
    y = np.array([0.0, 3, 5, 9, 12, 15, 21, 26, 30, 38])
    m = local_model("patent_grants", lower=0.0).fit(t, y)
    assert m.transform_.name == "none" and not m.shifted
    assert m._dist() is DEFAULT_CALIBRATION
    np.testing.assert_allclose(m._center(4), default_model(lower=0.0).fit(t, y)._center(4))


@pytest.fixture(scope="module")
def bundled():
    """The bundled catalog and observations, read once for this module's tests."""
    from xtforecast.catalog import load_catalog
    from xtforecast.observations import load_observations
    cat = load_catalog()
    return cat, load_observations(catalog=cat)


def _assert_median_moved(bundled, indicator, region, as_of, end_year, method, shift):
    """The series' projection uses ``method`` and its median path is the plain combination's
    (fitted on the same history) moved by e^(shift h); returns the history."""
    from xtforecast.observations import select_series
    from xtforecast.projection import project_series
    cat, obs = bundled
    p = project_series(obs, cat, indicator, region, as_of=as_of, end_year=end_year,
                       n_sims=20000, seed=5)
    assert p.method == method
    hist = select_series(obs, indicator, region, as_of)
    plain = default_model(lower=0.0).fit(hist["year"], hist["value"])
    h = len(p.years)
    ratio = np.median(p.paths, axis=0) / np.exp(plain._center(h))
    np.testing.assert_allclose(ratio, np.exp(shift * np.arange(1, h + 1)), rtol=0.01)
    return hist


def test_the_nation_projects_with_its_indicators_shift_and_gdp_without(bundled):
    """China's R&D expenditure (no parent, no pool) gets the panel shift (and the nations' band,
    test_nation_band.py): its median path is the plain combination's moved by e^(shift h);
    Hebei's GDP (no peer has GDP) gets none."""
    from xtforecast.projection import project_series
    _assert_median_moved(bundled, "rd_expenditure", "china", 2018, 2023, "default_panel_nation",
                         PANEL_GROWTH_SHIFT["rd_expenditure"])
    cat, obs = bundled
    gdp = project_series(obs, cat, "gdp_nominal", "hebei", as_of=None, end_year=2030,
                         n_sims=200, seed=5)
    assert gdp.method == "default"


def test_a_family_indicator_without_a_pool_gets_the_family_shift(bundled):
    """Hebei's high-tech enterprises at the 2019 vantage (685, 1,630, 3,174 in 2012, 2016, 2017;
    no province of the panel has the stock, and China only two figures): the catalog puts the
    stock in family sti, so its median path is the plain combination's moved by e^(shift h),
    and the report names the basis. The bundled catalog leaves the economy's series out."""
    from xtforecast.i18n import projection_basis
    hist = _assert_median_moved(bundled, "high_tech_enterprises", "hebei", 2019, 2025,
                                "default_family", FAMILY_GROWTH_SHIFT["sti"])
    assert hist["value"].tolist() == [685, 1630, 3174]
    assert projection_basis("default_family", "zh") == "本序列模型，经各省科技指标校正"
    cat = bundled[0]
    assert {cat.indicators[i].family for i in ("gdp_nominal", "population_resident",
                                                "high_tech_industry_va_share",
                                                "innovation_platforms_provincial")} == {""}


def test_the_shipped_numbers_are_what_the_bundled_panels_give():
    """PANEL_GROWTH_SHIFT and PANEL_SHIFT_CALIBRATION (and DEFAULT_CALIBRATION, learned the same
    way without the shift) regenerate from data/observations.csv to their printed digits: a
    change of the bundled panels that moves them fails here, and says to regenerate them."""
    import warnings

    from xtforecast import bench, bench_sparse
    from xtforecast.inputs import DataPaths, Inputs
    inputs = Inputs(DataPaths.of())
    panels = bench_sparse.panel_series(inputs.observations, inputs.catalog)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        shifts, dist = bench.learn_panel_shifts(panels)
        family, family_dist = bench.learn_family_shifts(panels)
        frame = bench_sparse.panel_frame(inputs.observations, panels)
        default = bench.calibrate_panels(frame)
    redo = ("the bundled panels changed (new figures?): print the new numbers with `python "
            "benchmarks/growth_shift_panels.py` and `python benchmarks/trend_sd_panels.py`, "
            "then paste them into xtforecast/models/__init__.py with the date")
    assert {k: round(v, 4) for k, v in shifts.items()} == PANEL_GROWTH_SHIFT, redo
    np.testing.assert_allclose(dist.factor, PANEL_SHIFT_CALIBRATION.factor[0], atol=5e-4,
                               err_msg=redo)
    assert dist.df == PANEL_SHIFT_CALIBRATION.df, redo
    assert {k: round(v, 4) for k, v in family.items()} == FAMILY_GROWTH_SHIFT, redo
    np.testing.assert_allclose(family_dist.factor, FAMILY_SHIFT_CALIBRATION["sti"].factor,
                               atol=5e-4, err_msg=redo)
    assert family_dist.df == FAMILY_SHIFT_CALIBRATION["sti"].df, redo
    np.testing.assert_allclose(default.factor, DEFAULT_CALIBRATION.factor, atol=5e-4,
                               err_msg=redo)
    assert default.df == DEFAULT_CALIBRATION.df, redo
