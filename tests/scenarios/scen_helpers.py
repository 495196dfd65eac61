"""Helpers of the scenario tests: fixture paths and the synthetic stand-in projectors."""

from pathlib import Path

from xtforecast.testing import random_walk_projector, steady_growth_projector

SCEN_FIXTURES = Path(__file__).parent / "fixtures"
#: Deterministic (synthetic): +10 % a year from the last observation, every path the same, so
#: tests of operations and inheritance have exact expected numbers.
linear_projector = steady_growth_projector(0.10)
#: Stochastic (synthetic): log random walk, +8 % drift, 10 % volatility, per-series stream;
#: every kind of indicator gets paths.
random_projector = random_walk_projector(skip_kinds=())


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
