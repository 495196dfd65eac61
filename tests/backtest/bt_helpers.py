"""Helpers of the back-test and explorer tests: fixture paths and a synthetic projector."""

from xt_testpaths import BT_DATA, BT_FIXTURES, BT_SCENARIOS  # noqa: F401 (re-exported)
from xt_testpaths import BT_PROJECTOR as random_projector  # noqa: F401 (re-exported)


def load_fixture():
    """Catalog, observations and plan of the synthetic back-test set."""
    from xtforecast.catalog import load_catalog
    from xtforecast.observations import load_observations
    from xtforecast.targets import load_plan
    cat = load_catalog(BT_DATA / "indicators.yaml", BT_DATA / "regions.yaml")
    obs = load_observations(BT_DATA / "observations.csv", cat)
    plan = load_plan(BT_DATA / "targets" / "bt_plan.yaml", cat)
    return cat, obs, plan
