"""Parameter recovery, irregular years, bounds and calibration on synthetic series.

Every series in this file is synthetic: made here from known parameters.
"""

import numpy as np
import pytest

from xtforecast.models import ErrorDist, default_model, get_model
from xtforecast.models.base import ModelError, validate_level
from xtforecast.models.calibrate import calibrate_on_pool, pool_series


def test_drift_recovers_slope_with_gaps():  # synthetic, exact line, irregular years
    years = np.array([2015, 2017, 2020])
    m = get_model("drift", transform="none").fit(years, 10 + 3 * (years - 2015))
    assert m.drift_ == pytest.approx(3.0)
    np.testing.assert_allclose(m.predict(2, level=None)["mean"], [10 + 3 * 6, 10 + 3 * 7])


def test_cagr_variants_recover_rate():  # synthetic 8 % growth
    years = np.array([2010, 2011, 2013, 2014, 2017, 2018])
    y = 50 * 1.08 ** (years - 2010)
    for name in ("cagr", "cagr_loglinear", "cagr_escap"):
        m = get_model(name).fit(years, y)
        assert m.rate_ == pytest.approx(0.08, abs=1e-9), name


def test_escap_weights_recent_years_more():  # synthetic: growth speeds up in the last years
    years = np.arange(2010, 2020)
    y = np.r_[100 * 1.02 ** np.arange(6), 100 * 1.02 ** 5 * 1.15 ** np.arange(1, 5)]
    plain = get_model("cagr_loglinear").fit(years, y).rate_
    escap = get_model("cagr_escap").fit(years, y).rate_
    assert escap > plain


def test_linear_recovers_line():  # synthetic noisy line
    rng = np.random.default_rng(1)
    years = np.arange(2000, 2030)
    m = get_model("linear", transform="none").fit(years, 5 + 2 * (years - 2000)
                                                  + rng.normal(0, 0.1, 30))
    assert m.slope_ == pytest.approx(2.0, abs=0.02)


def test_theta_and_damped_follow_a_trend():  # synthetic exact line
    years = np.arange(2000, 2015)
    y = 100 + 4.0 * np.arange(15)
    for name in ("theta", "damped"):
        fc = get_model(name, transform="none").fit(years, y).predict(3, level=None)["mean"]
        assert fc[0] == pytest.approx(160, abs=2.5), name
        assert np.all(np.diff(fc) > 0), name


def test_damped_ets_statsmodels_runs():  # synthetic
    years = np.arange(2000, 2015)
    y = 100 + 4.0 * np.arange(15) + np.sin(np.arange(15))
    fc = get_model("damped_ets", transform="none").fit(years, y).predict(3)
    assert fc["mean"][0] == pytest.approx(160, abs=5)


def test_logistic_recovers_asymptote_under_bound():  # synthetic logistic to 60 %
    years = np.arange(2000, 2020)
    y = 60 / (1 + np.exp(-0.5 * (years - 2008)))
    m = get_model("logistic", lower=0, upper=100, transform="none").fit(years, y)
    assert m.cap_ == pytest.approx(60, rel=0.02)
    assert m.cap_ <= 100


def test_reference_holds_ratio_with_one_city_point():  # synthetic: city = 10 % of province
    ref_years = np.arange(2010, 2021)
    ref = 1000 * 1.06 ** np.arange(11)
    m = get_model("reference").fit([2018], [0.1 * ref[8]], reference=(ref_years, ref))
    p = m.predict(2, level=[80])
    # 2019 and 2020 are observed in the reference: the median is the ratio times them
    np.testing.assert_allclose(p["mean"], 0.1 * ref[9:11], rtol=0.02)
    assert np.all(p["hi-80"] > p["lo-80"])


def test_reference_needs_reference():
    with pytest.raises(ModelError, match="reference=\\(ref_years, ref_values\\)"):
        get_model("reference").fit([2018], [5.0])


def test_irregular_years_fitted_or_regular_tail():  # synthetic gaps
    years = np.array([2012, 2013, 2015, 2016, 2017, 2018, 2019, 2020])
    y = 20 + 2.0 * (years - 2012)
    for name in ("naive", "drift", "linear", "cagr", "theta", "damped", "default"):
        fc = get_model(name, lower=0).fit(years, y).predict(2, level=None)
        np.testing.assert_array_equal(fc["year"], [2021, 2022])
    with pytest.raises(ModelError, match="consecutive"):
        get_model("damped").fit([2015, 2017, 2020, 2021], [1.0, 2, 3, 4])


def test_counts_stay_non_negative_and_shares_in_bounds():  # synthetic
    years = np.arange(2015, 2021)
    falling = np.array([30.0, 22, 15, 9, 5, 2])
    for name in ("drift", "linear", "naive", "default"):
        paths = get_model(name, lower=0).fit(years, falling).sample(10, 2000, 3)
        assert paths.min() >= 0, name
    share = np.array([91.0, 93, 95, 96, 97.5, 98.5])
    for name in ("drift", "linear", "logistic", "default"):
        m = get_model(name, lower=0, upper=100).fit(years, share)
        paths = m.sample(10, 2000, 3)
        assert paths.min() >= 0 and paths.max() <= 100, name
        fc = m.predict(10)
        assert fc["hi-95"].max() <= 100


def test_values_outside_bounds_refused():
    with pytest.raises(ModelError, match="above the upper bound 100"):
        get_model("drift", lower=0, upper=100).fit([2019, 2020, 2021], [90, 99, 101])


def test_validate_level_sorts():
    assert validate_level([95, 80]) == [80.0, 95.0]
    assert validate_level(None) == []


def test_calibration_covers_on_random_walks():
    """Synthetic random walks with drift and Gaussian noise: choose the growth-rate s.d. on one
    pool of 300 series (three groups, each held out in turn), learn the per-horizon factors on
    it, check empirical coverage of 80 % / 95 % on 400 fresh series."""
    from xtforecast.models.calibrate import trend_sd_scores
    rng = np.random.default_rng(42)

    def make(k):
        out = []
        for _ in range(k):
            mu, s = rng.normal(0.05, 0.03), rng.uniform(0.02, 0.15)
            z = np.cumsum(rng.normal(mu, s, 18))
            out.append(np.exp(3 + z))
        return out

    pool = [(np.arange(2000, 2012), v[:12]) for v in make(300)]
    scores = trend_sd_scores(lambda g: default_model(calibration=None, lower=0.0, trend_sd=g),
                             {i: pool[i::3] for i in range(3)}, (0.0, 0.02, 0.07), n_origins=4)
    g = float(scores.loc[scores["chosen"], "trend_sd"].iloc[0])
    # these walks have a fixed drift: only the centre's own error grows with h, and less than
    # on the panels (g = 0.07 over-covers them: 0.89 / 0.98)
    assert g == 0.02
    cal = calibrate_on_pool(lambda: default_model(calibration=None, lower=0.0, trend_sd=g), pool,
                            h=6, n_origins=4, min_train=5)
    assert isinstance(cal, ErrorDist)
    hits = {80: [], 95: []}
    for v in make(400):
        m = default_model(calibration=cal, lower=0.0, trend_sd=g).fit(np.arange(2000, 2012),
                                                                      v[:12])
        fc = m.predict(6)
        for lv in (80, 95):
            hits[lv].append((v[12:] >= fc[f"lo-{lv}"]) & (v[12:] <= fc[f"hi-{lv}"]))
    assert np.mean(hits[80]) == pytest.approx(0.80, abs=0.05)
    assert np.mean(hits[95]) == pytest.approx(0.95, abs=0.03)
    # and the paths agree with the intervals
    paths = m.sample(6, 20000, 0)
    np.testing.assert_allclose(np.quantile(paths, 0.9, axis=0), fc["hi-80"], rtol=0.05)


def _changing_growth(g_true, seed=0, n=40, years=16):
    """Three groups of synthetic series whose log growth rate is a random walk with s.d.
    ``g_true`` a year, under step noise of 0.01-0.15 (calm to volatile)."""
    rng = np.random.default_rng(seed)
    groups = {}
    for name in ("a", "b", "c"):
        series = []
        for _ in range(n):
            rate = 0.06 + np.cumsum(rng.normal(0, g_true, years))
            z = np.log(100) + np.cumsum(rate + rng.normal(0, rng.uniform(0.01, 0.15), years))
            series.append((np.arange(2000, 2000 + years), np.exp(z)))
        groups[name] = series
    return groups


def test_trend_sd_is_chosen_on_held_out_groups_and_evens_out_coverage():
    """Growth rates that wander by 0.05 a year: the held-out interval score picks 0.05 from
    (0, 0.05, 0.2), and with it calm and volatile series cover alike at 95 %; without it the calm
    third under-covers and the volatile third over-covers."""
    from xtforecast.models.calibrate import trend_sd_scores
    scores = trend_sd_scores(lambda g: default_model(calibration=None, lower=0.0, trend_sd=g),
                             _changing_growth(0.05), (0.0, 0.05, 0.2), by_spread=3)
    assert scores.loc[scores["chosen"], "trend_sd"].tolist() == [0.05]
    by_bin = scores[[f"coverage_95_s{b}" for b in (1, 2, 3)]].to_numpy()
    none, chosen = by_bin[0], by_bin[1]
    assert none[0] < 0.90 and none[2] > 0.98          # calm under, volatile over
    assert np.ptp(chosen) < 0.5 * np.ptp(none)


def test_trend_sd_widens_only_rate_scales():
    from xtforecast.models import Combination
    from xtforecast.models.simple import Drift
    t, y = np.arange(2000, 2012), 100 * np.exp(0.05 * np.arange(12) + 0.02 * np.sin(np.arange(12)))
    steps = np.arange(1, 5)
    log = Combination([Drift()], trend_sd=0.07, lower=0.0).fit(t, y)
    np.testing.assert_allclose(log._scale(4), np.sqrt(log.sigma_ ** 2 * steps
                                                      + (0.07 * steps) ** 2))
    level = Combination([Drift()], trend_sd=0.07).fit(t, y)  # no bound: the level scale
    np.testing.assert_allclose(level._scale(4), level.sigma_ * np.sqrt(steps))
    with pytest.raises(ModelError, match="trend_sd"):
        Combination([Drift()], trend_sd=-0.1)


def test_pool_series_from_frame():
    import pandas as pd
    df = pd.DataFrame({"indicator": ["a"] * 9 + ["b"] * 3, "region": ["x"] * 12,
                       "year": list(range(2010, 2019)) + [2010, 2011, 2012],
                       "value": np.arange(1.0, 13.0)})
    s = pool_series(df)
    assert len(s) == 1 and len(s[0][0]) == 9
    with pytest.raises(ModelError, match="columns"):
        pool_series(df.drop(columns="region"))


def test_reference_after_its_end_carries_the_reference_growth():
    # synthetic: the province grows 10 % a year to 2017 with small noise; the city's only
    # point is 2019 (after the province's last year), as Xingtai's tech SMEs against Hebei
    rng = np.random.default_rng(5)
    ref_years = np.arange(2005, 2018)
    ref = 1000 * 1.10 ** np.arange(13) * np.exp(rng.normal(0, 0.01, 13))
    m = get_model("reference").fit([2019], [500.0], reference=(ref_years, ref))
    assert m.anchor_ == "projected"
    paths = m.sample(3, 4000, 7)
    # the province's own forecast for 2018..2022: the city grows as it does from 2019 on
    ref_mean = m.ref_model_.predict(5, level=None)["mean"]
    expected = 500.0 * ref_mean[2:] / ref_mean[1]
    np.testing.assert_allclose(np.median(paths, axis=0), expected, rtol=0.03)
    assert expected[0] / 500 > 1.03  # the province grows: the check above is not trivially flat
    # a wrong anchor (the ratio against the province's last observation, 2017) would put the
    # 2020 median at 500 * ref(2020) / ref(2017), three years of growth, instead of one
    assert np.median(paths[:, 0]) < 500 * (ref_mean[2] / ref[-1]) * 0.97


def test_reference_inside_its_span_interpolates_between_observations():
    # synthetic: the province observed 2010 and 2020 only; the city's 2015 point sits between
    ref_years = np.array([2000, 2005, 2010, 2020])
    ref = np.array([100.0, 200.0, 400.0, 1600.0])  # doubling every 5 years
    m = get_model("reference").fit([2015], [80.0], reference=(ref_years, ref))
    assert m.anchor_ == "observed"
    # log-interpolated province in 2015 = 800, so the ratio is 0.1
    assert np.exp(m.lr_last_) == pytest.approx(0.1)


def test_reference_before_its_span_is_refused():
    with pytest.raises(ModelError, match="before the reference"):
        get_model("reference").fit([1999], [5.0], reference=([2005, 2010], [10.0, 20.0]))
