"""The examples in the gap modules' docstrings run and give what they say."""

import doctest
import importlib

import pytest

MODULES = ["bridge", "evaluate", "evidence", "growth_math", "headline", "labels", "measures", "methods"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    mod = importlib.import_module(f"xtforecast.gap.{name}")
    res = doctest.testmod(mod, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert res.failed == 0
