"""Helpers of the scenario tests: fixture paths and synthetic stand-in projectors."""

from pathlib import Path

import numpy as np

SCEN_FIXTURES = Path(__file__).parent / "fixtures"


def linear_projector(obs, catalog, indicator, region, *, as_of, end_year, n_sims, seed):
    """A deterministic stand-in for the growth models (synthetic): +10 % a year from the last
    observation, every path the same. Tests of operations and inheritance then have exact
    expected numbers."""
    from xtforecast.observations import select_series
    from xtforecast.projection import Projection
    hist = select_series(obs, indicator, region, as_of)
    if hist.empty:
        return Projection(indicator, region, np.arange(0), None, hist, "none", "no observation")
    last = int(hist["year"].max())
    years = np.arange(last + 1, end_year + 1)
    paths = float(hist["value"].iloc[-1]) * 1.1 ** (years - last)[None, :] * np.ones((n_sims, 1))
    return Projection(indicator, region, years, paths, hist, "test:+10%")


def random_projector(obs, catalog, indicator, region, *, as_of, end_year, n_sims, seed):
    """A stochastic stand-in (synthetic): log random walk, +8 % drift, 10 % volatility, drawn
    from the per-series stream :func:`xtforecast.projection.series_rng`."""
    from xtforecast.observations import select_series
    from xtforecast.projection import Projection, series_rng
    hist = select_series(obs, indicator, region, as_of)
    if hist.empty:
        return Projection(indicator, region, np.arange(0), None, hist, "none", "no observation")
    last = int(hist["year"].max())
    years = np.arange(last + 1, end_year + 1)
    rng = series_rng(seed, indicator, region)
    steps = rng.normal(np.log(1.08), 0.10, size=(n_sims, len(years)))
    paths = float(hist["value"].iloc[-1]) * np.exp(np.cumsum(steps, axis=1))
    return Projection(indicator, region, years, paths, hist, "test:random-walk")


def run_fixture_summary(name: str, n_sims: int = 300) -> str:
    """Run a fixture scenario on the synthetic mini set; the summary as CSV text (for tests
    that run it in worker processes)."""
    from xt_testpaths import MINI
    from xtforecast.catalog import load_catalog
    from xtforecast.observations import load_observations
    from xtforecast.scenarios import load_scenario, run
    from xtforecast.targets import load_plan
    cat = load_catalog(MINI / "indicators.yaml", MINI / "regions.yaml")
    obs = load_observations(SCEN_FIXTURES / "obs.csv", cat)
    plan = load_plan(MINI / "targets" / "mini_plan.yaml", cat)
    spec = load_scenario(SCEN_FIXTURES / "scen" / f"{name}.yaml", cat, targets_dir=MINI / "targets")
    res = run(spec, obs=obs, catalog=cat, plan=plan, projector=random_projector, n_sims=n_sims)
    return res.summary.to_csv(index=False)
