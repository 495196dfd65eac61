"""Fixtures of the back-test tests. Everything in tests/backtest/fixtures is synthetic."""

import pytest
from bt_helpers import load_fixture


@pytest.fixture(scope="session")
def bt_data():
    """(catalog, observations, plan) of the synthetic back-test set."""
    return load_fixture()
