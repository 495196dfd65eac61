"""Knob ranges: parsing, the rules they follow and the grid's order."""

import pytest

from xtforecast.errors import XtForecastError
from xtforecast.sweep.grid import check_grid, combinations, parse_knob


def test_range_is_inclusive_and_rounded():
    # 0.1 * 3 is 0.30000000000000004 in floating point; the table must say 0.3
    k = parse_knob("growth_pp=0:0.5:0.1")
    assert k.values == (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)
    assert parse_knob("growth_pp=-1:1:1").values == (-1.0, 0.0, 1.0)


def test_single_value_and_whole_number_knobs():
    assert parse_knob("shock_year=2021").values == (2021,)
    assert isinstance(parse_knob("shock_year=2020:2022:1").values[0], int)
    with pytest.raises(XtForecastError, match="whole numbers"):
        parse_knob("shock_year=2020.5")


@pytest.mark.parametrize("spec, words", [
    ("growth_ppp=0:1:1", "Did you mean 'growth_pp'"),
    ("growth_pp", "NAME=START:STOP:STEP"),
    ("growth_pp=1:0:1", "START <= STOP"),
    ("growth_pp=0:1:0", "STEP > 0"),
    ("growth_pp=0:1", "two colons"),
    ("growth_pp=a:1:1", "not a number"),
    ("growth_pp=0:nan:1", "finite"),
    ("growth_pp=0:1000:0.001", "at most"),
])
def test_bad_ranges_say_the_rule(spec, words):
    with pytest.raises(XtForecastError, match=words):
        parse_knob(spec)


def test_grid_order_last_knob_fastest_and_no_knob_twice():
    grid = check_grid([parse_knob("growth_pp=0:1:1"), parse_knob("shock_depth=0:0.1:0.1")])
    assert combinations(grid) == [
        {"growth_pp": 0.0, "shock_depth": 0.0}, {"growth_pp": 0.0, "shock_depth": 0.1},
        {"growth_pp": 1.0, "shock_depth": 0.0}, {"growth_pp": 1.0, "shock_depth": 0.1}]
    assert combinations(()) == [{}]
    with pytest.raises(XtForecastError, match="twice"):
        check_grid([parse_knob("growth_pp=0:1:1"), parse_knob("growth_pp=2")])


def test_the_sweep_page_offers_the_sweep_knobs():
    from xtforecast.report.params import SWEEP_KNOB_NAMES
    from xtforecast.sweep.grid import SWEEP_KNOBS
    assert SWEEP_KNOB_NAMES == tuple(SWEEP_KNOBS)


def test_a_sweep_page_with_nothing_projected_says_so_instead_of_an_empty_table():
    import pandas as pd
    from IPython.display import Markdown

    from xtforecast.report.sweep_page import SweepPage, takes_table
    page = SweepPage({"lang": "zh", "p_percent": 80}, pd.DataFrame(), pd.DataFrame(),
                     "growth_pp", "shock_depth", {"covid_shock": "新冠疫情冲击"}, {})
    out = takes_table(page)
    assert isinstance(out, Markdown) and "没有由预测路径判断的目标" in out.data
