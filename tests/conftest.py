"""Shared fixtures. Everything under tests/fixtures is synthetic (see its README)."""

import pytest
from xt_testpaths import MINI


@pytest.fixture
def mini_catalog():
    from xtforecast.catalog import load_catalog
    return load_catalog(MINI / "indicators.yaml", MINI / "regions.yaml")
