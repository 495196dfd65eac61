"""xtforecast.testing: the synthetic projectors and the summary comparison the tests rely on."""

import numpy as np
import pandas as pd
import pytest
from xt_testpaths import MINI

from xtforecast import testing
from xtforecast.catalog import load_catalog
from xtforecast.observations import load_observations
from xtforecast.projection import series_rng


@pytest.fixture
def mini_obs():
    cat = load_catalog(MINI / "indicators.yaml", MINI / "regions.yaml")
    return cat, load_observations(MINI / "observations.csv", cat)


def test_projector_docstrings_say_synthetic_for_tests_only():
    for f in (testing.random_walk_projector, testing.steady_growth_projector):
        assert "synthetic" in f.__doc__ and "tests only" in f.__doc__


def test_random_walk_is_the_seeded_stream_of_the_series(mini_obs):
    cat, obs = mini_obs
    ind, reg = "rd_intensity", "hebei"
    proj = testing.random_walk(obs, cat, ind, reg, as_of=None, end_year=2025, n_sims=3, seed=7)
    last = proj.history.iloc[-1]
    assert proj.years[0] == last["year"] + 1 and proj.years[-1] == 2025
    steps = series_rng(7, ind, reg).normal(np.log(1.08), 0.10, size=(3, len(proj.years)))
    np.testing.assert_array_equal(proj.paths, last["value"] * np.exp(np.cumsum(steps, axis=1)))
    assert proj.method == "test:random-walk"


def test_steady_growth_is_exact_and_class_indicators_skipped_on_request(mini_obs):
    cat, obs = mini_obs
    proj = testing.steady_growth_projector(0.10)(obs, cat, "rd_intensity", "hebei", as_of=None,
                                                 end_year=2023, n_sims=2, seed=0)
    last = proj.history.iloc[-1]
    want = last["value"] * 1.1 ** (proj.years - last["year"])
    np.testing.assert_allclose(proj.paths, np.vstack([want, want]), rtol=1e-15)
    assert proj.method == "test:+10%"
    cls = next(i.id for i in cat.indicators.values() if i.kind == "class")
    reg = obs.loc[obs["indicator"] == cls, "region"].iloc[0]
    skip = testing.steady_growth_projector(skip_kinds=("class",))
    assert skip(obs, cat, cls, reg, as_of=None, end_year=2023, n_sims=2, seed=0).paths is None
    rw = testing.random_walk(obs, cat, cls, reg, as_of=None, end_year=2023, n_sims=2, seed=0)
    assert rw.paths is None and rw.method == "none"


def test_assert_summaries_equal_tolerance_text_and_columns():
    want = pd.DataFrame({"p": [0.5, np.nan], "status": ["on_track", None], "x": [1, 2]})
    testing.assert_summaries_equal(want.assign(p=[0.5 + 1e-12, np.nan]), want, rtol=1e-9)
    with pytest.raises(AssertionError, match=r"column 'p' differs in rows \[0\]"):
        testing.assert_summaries_equal(want.assign(p=[0.5 + 1e-12, np.nan]), want)
    with pytest.raises(AssertionError, match="'status'.*regenerate"):
        testing.assert_summaries_equal(want.assign(status=["achieved", None]), want,
                                       hint="regenerate")
    # a subset of columns: the others may differ or be missing
    testing.assert_summaries_equal(want.assign(x=[9, 9]), want[["p", "status"]],
                                   columns=["p", "status"])
    with pytest.raises(AssertionError, match="columns differ"):
        testing.assert_summaries_equal(want[["p"]], want)
    with pytest.raises(AssertionError, match="has no column"):
        testing.assert_summaries_equal(want[["p"]], want, columns=["status"])
    with pytest.raises(AssertionError, match="1 rows, expected 2"):
        testing.assert_summaries_equal(want.iloc[:1], want)
