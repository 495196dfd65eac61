"""Fixtures of the explorer tests: the synthetic back-test set (tests/backtest/fixtures)."""

import shutil

import pytest
from xt_testpaths import BT_DATA, BT_SCENARIOS
from xt_testpaths import BT_PROJECTOR as random_projector


@pytest.fixture
def scen_dir(tmp_path):
    """A writable copy of the synthetic scenarios (saving writes next to them)."""
    d = tmp_path / "scenarios"
    shutil.copytree(BT_SCENARIOS, d)
    return d


@pytest.fixture
def state(scen_dir):
    """An explorer on the synthetic data, starting from the 'shocked' scenario."""
    from xtforecast.explore import ExplorerState
    return ExplorerState("shocked", data_dir=BT_DATA, scenarios_dir=scen_dir,
                         projector=random_projector, n_sims=500)
