"""The IAMC layout of projected quantiles (xtforecast.iamc). The figures are synthetic."""

import doctest

import pandas as pd
import pytest

from xtforecast import iamc
from xtforecast._schema import QUANTILE_COLUMNS
from xtforecast.iamc import IAMC_INDEX, iamc_frame, percentile_name


def _long(rows):
    return pd.DataFrame(rows, columns=QUANTILE_COLUMNS)


def test_a_row_per_series_and_quantile_a_column_per_year():
    q = _long([
        ("patents", "xingtai", "s", 2021, 0.1, 1.0, "per_10k_persons", "pooled:parent:hebei"),
        ("patents", "xingtai", "s", 2021, 0.9, 3.0, "per_10k_persons", "pooled:parent:hebei"),
        ("patents", "xingtai", "s", 2022, 0.1, 2.0, "per_10k_persons", "pooled:parent:hebei"),
        ("patents", "xingtai", "s", 2022, 0.9, 4.0, "per_10k_persons", "pooled:parent:hebei"),
        ("rd_spend", "hebei", "s", 2022, 0.1, 5.0, "100m_yuan", "default_panel"),
        ("rd_spend", "hebei", "s", 2022, 0.9, 6.0, "100m_yuan", "default_panel"),
    ])
    wide = iamc_frame(q)
    assert list(wide.columns) == [*IAMC_INDEX, "Method", 2021, 2022]
    assert list(wide["Variable"]) == ["patents|10.0th Percentile", "patents|90.0th Percentile",
                                      "rd_spend|10.0th Percentile", "rd_spend|90.0th Percentile"]
    assert list(wide["Unit"]) == ["per 10,000 persons"] * 2 + ["100 million yuan"] * 2
    assert list(wide[2022]) == [2.0, 4.0, 5.0, 6.0]
    assert list(wide[2021])[:2] == [1.0, 3.0] and wide[2021].iloc[2:].isna().all()  # not reached


@pytest.mark.parametrize("q, name", [(0.025, "2.5th Percentile"), (0.5, "50.0th Percentile"),
                                     (0.975, "97.5th Percentile")])
def test_percentiles_are_spelt_as_the_ar6_database_spells_them(q, name):
    assert percentile_name(q) == name


def test_no_quantiles_give_the_index_columns_only():
    assert list(iamc_frame(_long([])).columns) == [*IAMC_INDEX, "Method"]


def test_doctests():
    res = doctest.testmod(iamc)
    assert res.failed == 0 and res.attempted >= 1


def test_two_runs_under_one_scenario_name_are_refused_not_merged():
    """A batch's projections.csv stacks runs that may share a scenario name: one cell each."""
    row = ("patents", "xingtai", "baseline", 2022, 0.5, 2.0, "per_10k_persons", "pooled:parent:hebei")
    q = _long([row, row[:5] + (9.0,) + row[6:]]).assign(run=["01-a", "02-b"])
    with pytest.raises(ValueError, match=r"2 rows repeat one, e.g. scenario 'baseline'.*"
                                         r"\(runs 01-a, 02-b\); pass one run's rows"):
        iamc_frame(q)
    assert list(iamc_frame(q[q["run"] == "02-b"])[2022]) == [9.0]
