"""The examples in the gap modules' docstrings run and give what they say."""

import doctest
import importlib

import pytest

MODULES = ["bridge", "config", "evaluate", "evidence", "growth_math", "headline", "level", "measures", "methods",
           "reasons", "series", "steps"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    mod = importlib.import_module(f"xtforecast.gap.{name}")
    res = doctest.testmod(mod, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert res.failed == 0
