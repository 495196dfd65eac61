"""The examples in the back-test docstrings run and give what they say."""

import doctest
import importlib
import pkgutil

import pytest

import xtforecast.backtest

MODULES = ["xtforecast.backtest"] + [f"xtforecast.backtest.{m.name}"
                                     for m in pkgutil.iter_modules(xtforecast.backtest.__path__)]


def test_the_modules_have_examples():
    attempted = sum(doctest.testmod(importlib.import_module(m), optionflags=doctest.NORMALIZE_WHITESPACE,
                                    report=False).attempted for m in MODULES)
    assert attempted >= 5


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    res = doctest.testmod(importlib.import_module(name), optionflags=doctest.NORMALIZE_WHITESPACE)
    assert res.failed == 0
