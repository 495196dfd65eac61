"""The cross-learned growth model on synthetic pools with a known growth distribution.

Every series here is synthetic, drawn in this file from a stated model with a fixed seed:
log x_{t+1} = log x_t + mu_i + sd * eps, mu_i ~ N(MU, TAU) per series, eps ~ N(0, 1).
"""

import numpy as np
import pytest

from xtforecast.models import GrowthPool, PooledGrowth
from xtforecast.models.base import ModelError

MU, TAU, SD = 0.08, 0.03, 0.05
YEARS = np.arange(2000, 2020)


def _panel(n=60, seed=0):
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        mu = rng.normal(MU, TAU)
        z = np.log(100) + np.cumsum(rng.normal(mu, SD, len(YEARS)))
        out.append((f"s{i}", YEARS, np.exp(z)))
    return out


def _loo_coverage(k, h=3, n=60):
    """Leave one series out: each series keeps its last k points before 2016, the pool is the
    others' data up to 2016; coverage of the 80 % / 95 % intervals of 2016+h."""
    items = _panel(n)
    pool = GrowthPool.from_arrays([(sid, y[y <= 2016], v[y <= 2016]) for sid, y, v in items])
    hits80 = hits95 = 0
    for i, (_sid, y, v) in enumerate(items):
        own = y <= 2016
        m = PooledGrowth(inflation=np.ones((5, 5)), shift=np.zeros((5, 5))).fit(
            y[own][-k:], v[own][-k:], pool=pool, exclude=(i,))
        p = m.predict(h, level=[80, 95])
        actual = v[y == 2016 + h][0]
        hits80 += p["lo-80"][-1] <= actual <= p["hi-80"][-1]
        hits95 += p["lo-95"][-1] <= actual <= p["hi-95"][-1]
    return hits80 / n, hits95 / n


@pytest.mark.parametrize("k", [1, 2, 3])
def test_coverage_recovered_at_k(k):
    c80, c95 = _loo_coverage(k)
    # 60 series: binomial s.e. 0.052 at 80 %, 0.028 at 95 %; 2.5 s.e. either side
    assert 0.67 <= c80 <= 0.93, c80
    assert 0.88 <= c95 <= 1.0, c95


def test_shrinkage_toward_the_pool_grows_as_k_falls():
    """The weight of the series' own growth is learned: small with 2 points, larger with 5."""
    pool = GrowthPool.from_arrays(_panel(80, seed=1))
    w = {}
    for k in (2, 3, 5):
        m = PooledGrowth(own_points="all").fit(YEARS[-k:], 100 * np.exp(MU * np.arange(k)), pool=pool)
        assert m.k_ == k
        w[k] = m.fits_[1]["coef"][-1]
    # theory: tau^2 / (tau^2 + sd^2 / (k - 1)) = 0.26, 0.42, 0.59
    assert 0 < w[2] < w[3] < w[5] < 1
    assert w[2] == pytest.approx(0.26, abs=0.12) and w[5] == pytest.approx(0.59, abs=0.12)


def _pool(tau, sd, seed):
    """Synthetic: growth mu_i ~ N(0.08, tau) per series plus N(0, sd) noise a year."""
    rng = np.random.default_rng(seed)
    return GrowthPool.from_arrays([
        (f"s{i}", YEARS, np.exp(np.log(100) + np.cumsum(rng.normal(rng.normal(0.08, tau), sd, len(YEARS)))))
        for i in range(80)])


def test_the_pool_decides_how_many_own_points_count():
    """Where series keep their own growth (tau 0.10 against noise 0.03) every point counts;
    where they share one growth (tau 0: the own rate is noise) two points give way to the pool."""
    def chosen(pool, k):
        return PooledGrowth().fit(YEARS[-k:], 100 * np.exp(MU * np.arange(k)), pool=pool).k_
    persistent = _pool(0.10, 0.03, seed=6)
    assert [chosen(persistent, k) for k in (2, 3, 4, 5)] == [2, 3, 4, 5]
    assert chosen(_pool(0.0, 0.05, seed=5), 2) == 1
    with pytest.raises(ModelError, match="own_points"):
        PooledGrowth(own_points="some")


def test_one_point_gets_the_pool_growth():
    pool = GrowthPool.from_arrays(_panel(80, seed=2))
    p = PooledGrowth(inflation=np.ones((5, 5)), shift=np.zeros((5, 5))).fit(
        [2019], [100.0], pool=pool).predict(5)
    # median of 5-year growth: exp(5 * MU) = 1.49; the pool's realised mean is close
    assert p["mean"][-1] == pytest.approx(100 * np.exp(5 * MU), rel=0.06)


def test_thin_pool_uses_the_peers_rates_and_never_a_fall_they_never_showed():
    """Three points of one parent (rates 22-67 % a year in logs): the rates fallback."""
    pool = GrowthPool.from_arrays([("parent", [2012, 2016, 2017], [685, 1630, 3174])],
                                  label="parent alone")
    m = PooledGrowth().fit([2019], [325.0], pool=pool)
    assert m.mode_ == "rates" and "parent alone" in m.describe()
    # the median of the three annualised log rates: log(3174/685)/5 = 0.3067
    assert m.rate_ == pytest.approx(np.log(3174 / 685) / 5)
    paths = m.sample(3, 40000, np.random.default_rng(0))
    p10, p50, p90 = np.quantile(paths[:, -1], [0.1, 0.5, 0.9])
    # median: 3 years at that rate less the panels' median slowdown at h = 3 (-0.100)
    assert p50 == pytest.approx(325 * np.exp(3 * 0.3067 - 0.100), rel=0.03)
    assert 325 < p10 < p50 < p90 < 325 * np.exp(3 * 0.67)
def test_no_pool_is_refused_with_what_is_missing():
    with pytest.raises(ModelError, match="pool=GrowthPool"):
        PooledGrowth().fit([2019], [10.0])
    empty = GrowthPool.from_arrays([("a", [2019], [5.0])], label="lonely")
    with pytest.raises(ModelError, match="no peer series with two points"):
        PooledGrowth().fit([2019], [10.0], pool=empty)


def test_same_seed_same_paths_and_pool_order_does_not_matter():
    items = _panel(30, seed=4)
    a = PooledGrowth().fit([2018, 2019], [90, 100.0], pool=GrowthPool.from_arrays(items))
    b = PooledGrowth().fit([2018, 2019], [90, 100.0],
                           pool=GrowthPool.from_arrays(items[::-1]))
    np.testing.assert_allclose(a.sample(4, 500, 9), b.sample(4, 500, 9), rtol=1e-9)


# as_of 2021: Xingtai's 2019 and 2020 stocks come from the 2021-03-10 report (published 2021),
# so at as_of 2019 the series has no observation at all (tests/test_vintages.py)
_PROJECT = """
import hashlib, sys
from xtforecast.catalog import load_catalog
from xtforecast.observations import load_observations
from xtforecast.projection import project_series
cat = load_catalog(); obs = load_observations(catalog=cat)
p = project_series(obs, cat, "high_tech_enterprises", "xingtai", as_of=2021, end_year=2024,
                   n_sims=500, seed=7)
print(p.method, hashlib.sha256(p.paths.tobytes()).hexdigest())
"""


def test_bundled_city_paths_are_the_same_in_another_process():
    """Random streams are keyed by seed and series: a fresh interpreter draws the same paths."""
    import subprocess
    import sys
    runs = {subprocess.run([sys.executable, "-c", _PROJECT], capture_output=True, text=True,
                           check=True).stdout for _ in range(2)}
    exec_globals: dict = {}
    import contextlib
    import io
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        exec(_PROJECT, exec_globals)
    runs.add(buf.getvalue())
    assert len(runs) == 1 and runs.pop().startswith("pooled:parent:hebei ")


def test_no_pool_and_too_few_points_is_refused_with_what_is_missing():
    """China's incubator stock has two bundled figures (2022, 2023) and no parent or peers."""
    from xtforecast.catalog import load_catalog
    from xtforecast.observations import load_observations
    from xtforecast.projection import project_series
    cat = load_catalog()
    p = project_series(load_observations(catalog=cat), cat, "incubators", "china", as_of=None,
                       end_year=2026, n_sims=100, seed=1)
    assert p.paths is None and p.method == "none"
    assert p.reason.startswith("2 point(s) of its own and no pool")
    assert "add the indicator for the parent or peer regions, or 3 points" in p.reason


# -- long series: the last row of the calibration tables, and which pool serves them ----------
def test_a_long_series_takes_the_tables_last_row():
    """Five points read row 5 of the tables; eight points (the same last five) read row 6: with
    row 6 twice as wide and shifted by 0.1, the band doubles around a median moved by e^0.1."""
    pool = GrowthPool.from_arrays(_panel(60, seed=3))
    infl, shift = np.ones((6, 5)), np.zeros((6, 5))
    infl[5], shift[5] = 2.0, 0.1
    z = np.log(100) + MU * np.arange(8) + 0.02 * np.sin(np.arange(8))
    def fitted(n):
        return PooledGrowth(inflation=infl, shift=shift).fit(YEARS[-n:], np.exp(z[-n:]),
                                                             pool=pool)
    five, eight = fitted(5), fitted(8)
    assert (five.n_points_, eight.n_points_) == (5, 8) and five.k_ == eight.k_
    q5, q8 = (np.log(m.quantiles(3, [0.1, 0.5, 0.9])) for m in (five, eight))
    np.testing.assert_allclose(q8[1] - q5[1], 0.1, atol=1e-12)
    np.testing.assert_allclose(q8[2] - q8[0], 2 * (q5[2] - q5[0]), rtol=1e-12)


def _city_obs(tmp_path, cities, n_xingtai):
    """Synthetic high-tech enterprise stocks (growth 8-12 % a year, drawn here): Xingtai with
    ``n_xingtai`` points, Hebei with 12, and each of ``cities`` with 10."""
    from xtforecast.catalog import load_catalog
    from xtforecast.observations import load_observations
    rng = np.random.default_rng(4)
    head = "indicator,region,year,value,unit,bound,kind,vintage,source,source_title,quote,note"
    rows = [head]
    for region, n, base in [("hebei", 12, 3000), ("xingtai", n_xingtai, 150)] + [
            (c, 10, 200) for c in cities]:
        z = np.log(base) + np.cumsum(rng.normal(0.10, 0.02, n))
        for year, v in zip(range(2020 - n, 2020), np.exp(z)):
            rows.append(f"high_tech_enterprises,{region},{year},{v:.0f},count,,actual,,"
                        "https://example.org/synthetic,Synthetic,,synthetic test row")
    path = tmp_path / "observations.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    cat = load_catalog()
    return load_observations(path, cat), cat


@pytest.mark.parametrize("cities, n_xingtai, method", [
    # siblings beside their parent's series: the set-up validated on the panels (k = all)
    (["handan", "tangshan", "qinhuangdao"], 8, "pooled:peers:hebei"),
    # a long series whose only peer is its parent: its own history (M3's mixed pool: the local
    # combination's median was the better one), moved by the S&T family's growth shift
    ([], 8, "default_family"),
    # a short one learns from the parent whatever its kind
    ([], 3, "pooled:parent:hebei"),
])
def test_which_pool_serves_a_series(tmp_path, cities, n_xingtai, method):
    from xtforecast.projection import project_series
    obs, cat = _city_obs(tmp_path, cities, n_xingtai)
    p = project_series(obs, cat, "high_tech_enterprises", "xingtai", as_of=None,
                       end_year=2023, n_sims=200, seed=1)
    assert p.method == method and p.paths.shape == (200, 4)


# -- the widening per interval level --------------------------------------------------------------
def test_residuals_widen_by_their_level():
    """An 80 % factor of 1 and a 95 % one of 2: the 10 % / 90 % quantiles stay, the 2.5 % /
    97.5 % ones double (residual i reads the factor at its own level |2(i + 0.5)/n - 1|); with
    the factors the other way round each tail stays monotone outward."""
    from xtforecast.models.pooled import _empirical_ppf, widen_by_level

    res = np.sort(np.random.default_rng(5).standard_normal(4001))
    res -= np.median(res)
    wide = widen_by_level(res, np.array([1.0, 2.0]))
    for u, f in ((0.1, 1.0), (0.9, 1.0), (0.025, 2.0), (0.975, 2.0), (0.5, 1.0)):
        np.testing.assert_allclose(_empirical_ppf(wide, np.array([u])),
                                   f * _empirical_ppf(res, np.array([u])), rtol=0.01, atol=1e-9)
    narrow_out = widen_by_level(res, np.array([2.0, 1.0]))
    assert np.all(np.diff(narrow_out) >= 0)
    assert narrow_out[-1] >= 2 * _empirical_ppf(res, np.array([0.9]))[0]


def test_two_level_tables_act_on_their_own_quantiles():
    """A k x h table gives both levels the same factor (the same model as the 3-D table with
    two equal layers); a 95 % layer of 2 doubles the outer quantiles' distance from the median
    and leaves the median and (nearly) the inner quantiles where they were."""
    pool = GrowthPool.from_arrays(_panel(60, seed=3))
    ones, zeros = np.ones((6, 5)), np.zeros((6, 5))
    def q(infl):
        m = PooledGrowth(inflation=infl, shift=zeros).fit(YEARS[-2:], 100 * np.exp([0, MU]),
                                                          pool=pool)
        return np.log(m.quantiles(3, [0.025, 0.1, 0.5, 0.9, 0.975]))
    flat, same, outer = q(ones), q(np.stack([ones, ones])), q(np.stack([ones, 2 * ones]))
    np.testing.assert_array_equal(flat, same)
    # the inner quantiles read order statistics just inside 80 %: a factor at most a few
    # hundredths above 1 on a pool of this size
    np.testing.assert_allclose(outer[[1, 3]] - outer[2], flat[[1, 3]] - flat[2], rtol=0.03)
    np.testing.assert_array_equal(outer[2], flat[2])
    np.testing.assert_allclose(outer[[0, 4]] - outer[2], 2 * (flat[[0, 4]] - flat[2]), rtol=0.05)
    with pytest.raises(ModelError, match="one table per level"):
        PooledGrowth(inflation=np.ones((3, 6, 5)))
