"""The docstring examples of the report modules run as tests."""

import doctest
import importlib

import pytest


@pytest.mark.parametrize("name", ["params", "atomic", "tables", "vintage", "mathsvg"])
def test_docstring_examples(name):
    mod = importlib.import_module(f"xtforecast.report.{name}")
    res = doctest.testmod(mod, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert res.attempted > 0 and res.failed == 0
