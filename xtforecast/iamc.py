"""Projected quantiles in the IAMC layout, for pyam and the tools of the integrated-assessment
community (``xtforecast project --quantiles iamc``).

The IAMC wide table has one row per model, scenario, region, variable and unit, and one column
per year; ``pyam.IamDataFrame("file.csv")`` reads it as it stands. A quantile becomes part of
the variable's name, spelt as the IPCC AR6 scenario database spells its climate percentiles
(``high_tech_enterprises|50.0th Percentile``), since IAMC has no quantile dimension. Units are
written as words in English (``100 million yuan``, ``%``), as IAMC files carry them, not as the
catalog's ids. The projection's method (``pooled:parent:hebei``, ...) is an extra column: as
the model it would split one scenario into as many "models" as there are methods.

A report run's ``projections.csv`` is the long form: ``iamc_frame(pd.read_csv(path))`` turns
it into the table (its ``as_of`` and ``vintage`` columns are left out: within a run each
scenario has its own name). A batch's ``projections.csv`` stacks runs that may share scenario
names; take one run's rows (``df[df["run"] == ...]``) first, or :func:`iamc_frame` refuses.
"""

from __future__ import annotations

import pandas as pd

from .i18n import unit_label

#: The index columns of an IAMC table, before the years.
IAMC_INDEX = ["Model", "Scenario", "Region", "Variable", "Unit"]
#: The ``Model`` column: the package that made the paths.
MODEL = "xtforecast"


def percentile_name(q: float) -> str:
    """A quantile as the last part of an IAMC variable name.

    Examples
    --------
    >>> percentile_name(0.5), percentile_name(0.025)
    ('50.0th Percentile', '2.5th Percentile')
    """
    return f"{100 * q:.1f}th Percentile"


def iamc_frame(quantiles: pd.DataFrame) -> pd.DataFrame:
    """Long quantiles as an IAMC wide table.

    Parameters
    ----------
    quantiles : pandas.DataFrame
        :data:`~xtforecast._schema.QUANTILE_COLUMNS`, as
        :meth:`~xtforecast.scenarios.engine.ScenarioResult.quantiles` returns them.

    Returns
    -------
    pandas.DataFrame
        :data:`IAMC_INDEX`, then ``Method``, then one column per projected year (as ``int``);
        a year a series does not reach is empty. Rows in the order of ``quantiles``' first
        appearance (series by series, quantiles rising).

    Raises
    ------
    ValueError
        If two rows give the same scenario, region, indicator, quantile and year (a batch's
        stacked runs), which one cell cannot hold.
    """
    if quantiles.empty:
        return pd.DataFrame(columns=[*IAMC_INDEX, "Method"])
    _refuse_repeats(quantiles)
    long = pd.DataFrame({
        "Model": MODEL,
        "Scenario": quantiles["scenario"],
        "Region": quantiles["region"],
        "Variable": quantiles["indicator"] + "|" + quantiles["quantile"].map(percentile_name),
        "Unit": quantiles["unit"].map(lambda u: unit_label(u, "en") if u else ""),
        "Method": quantiles["method"],
        "year": quantiles["year"].astype(int),
        "value": quantiles["value"],
    })
    keys = [*IAMC_INDEX, "Method"]
    wide = long.pivot_table(index=keys, columns="year", values="value", aggfunc="first", sort=False)
    wide.columns = [int(y) for y in wide.columns]
    wide = wide[sorted(wide.columns)].reset_index()
    wide.columns.name = None
    return wide


def _refuse_repeats(quantiles: pd.DataFrame) -> None:
    """A cell of the table must come from one row: a repeat would be silently dropped."""
    key = ["scenario", "region", "indicator", "quantile", "year"]
    repeated = quantiles[quantiles.duplicated(key, keep=False)]
    if not repeated.empty:
        first = repeated.iloc[0]
        runs = (f" (runs {', '.join(map(str, sorted(repeated['run'].unique())))})"
                if "run" in repeated else "")
        raise ValueError(
            f"an IAMC table holds one value per scenario, region, variable and year, but "
            f"{len(repeated)} rows repeat one, e.g. scenario '{first['scenario']}', "
            f"{first['indicator']} in {first['region']}, {first['year']}, quantile "
            f"{first['quantile']}{runs}; pass one run's rows, or give the scenarios distinct names")


__all__ = ["IAMC_INDEX", "MODEL", "iamc_frame", "percentile_name"]
