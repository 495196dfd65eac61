"""The examples in the back-test docstrings run and give what they say."""

import doctest

import xtforecast.backtest


def test_docstring_examples():
    res = doctest.testmod(xtforecast.backtest, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert res.attempted >= 5 and res.failed == 0
