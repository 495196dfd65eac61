"""Fixtures of the back-test tests. Everything in tests/backtest/fixtures is synthetic."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from bt_helpers import load_fixture  # noqa: E402


@pytest.fixture(scope="session")
def bt_data():
    """(catalog, observations, plan) of the synthetic back-test set."""
    return load_fixture()
