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
