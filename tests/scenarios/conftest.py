"""Fixtures of the scenario tests. Everything in tests/scenarios/fixtures is synthetic."""

import pytest
from scen_helpers import SCEN_FIXTURES
from xt_testpaths import MINI


@pytest.fixture
def mini():
    """Catalog, observations and plan of the synthetic mini set."""
    from xtforecast.catalog import load_catalog
    from xtforecast.observations import load_observations
    from xtforecast.targets import load_plan
    cat = load_catalog(MINI / "indicators.yaml", MINI / "regions.yaml")
    obs = load_observations(SCEN_FIXTURES / "obs.csv", cat)
    plan = load_plan(MINI / "targets" / "mini_plan.yaml", cat)
    return cat, obs, plan


@pytest.fixture
def load(mini):
    """load_scenario against the mini catalog and plan."""
    from xtforecast.scenarios import load_scenario
    cat = mini[0]

    def _load(name_or_path):
        return load_scenario(name_or_path, cat, targets_dir=MINI / "targets",
                             directory=SCEN_FIXTURES / "scen")
    return _load
