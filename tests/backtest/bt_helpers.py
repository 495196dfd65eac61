"""Helpers of the back-test and explorer tests: fixture paths and a synthetic projector."""

from pathlib import Path

import numpy as np

BT_FIXTURES = Path(__file__).parent / "fixtures"
BT_DATA = BT_FIXTURES / "data"
BT_SCENARIOS = BT_FIXTURES / "scenarios"


def random_projector(obs, catalog, indicator, region, *, as_of, end_year, n_sims, seed):
    """A stochastic stand-in for the growth models (synthetic): log random walk with the
    series' own mean log growth as drift and 8 % volatility, drawn from the per-series stream
    :func:`xtforecast.projection.series_rng` (so paths are reproducible and order-free)."""
    from xtforecast.observations import select_series
    from xtforecast.projection import Projection, series_rng
    hist = select_series(obs, indicator, region, as_of)
    ind = catalog.indicators.get(indicator)
    if hist.empty or ind is None or ind.kind in ("class", "rank"):
        return Projection(indicator, region, np.arange(0), None, hist, "none", "not projected")
    last = int(hist["year"].max())
    years = np.arange(last + 1, end_year + 1)
    v = hist["value"].to_numpy(float)
    drift = float(np.mean(np.diff(np.log(v)))) if len(v) > 1 else 0.0
    rng = series_rng(seed, indicator, region)
    steps = rng.normal(drift, 0.08, size=(n_sims, len(years)))
    paths = float(v[-1]) * np.exp(np.cumsum(steps, axis=1))
    return Projection(indicator, region, years, paths, hist, "test:random-walk")


def load_fixture():
    """Catalog, observations and plan of the synthetic back-test set."""
    from xtforecast.catalog import load_catalog
    from xtforecast.observations import load_observations
    from xtforecast.targets import load_plan
    cat = load_catalog(BT_DATA / "indicators.yaml", BT_DATA / "regions.yaml")
    obs = load_observations(BT_DATA / "observations.csv", cat)
    plan = load_plan(BT_DATA / "targets" / "bt_plan.yaml", cat)
    return cat, obs, plan
