"""Scenarios: named sets of assumptions applied to the baseline sample paths.

* :mod:`~xtforecast.scenarios.spec`: the file format (``scenarios/*.yaml``), ``extends``,
  validation (:func:`load_scenario`, :func:`check_scenario`);
* :mod:`~xtforecast.scenarios.operations`: the registry of operations and their formulas;
* :mod:`~xtforecast.scenarios.engine`: :func:`run` -> :class:`ScenarioResult`;
* ``xtforecast scenarios list|check`` (:mod:`xtforecast.cli.scenarios`) on the command line.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .engine import ScenarioResult, driver_relation, run
from .operations import OPERATIONS, OpSpec, Param, register_operation
from .spec import ScenarioCheckError, ScenarioSpec, load_scenario, plan_reader, read_scenario, scenario_files


def list_scenarios(directory: str | Path | None = None, catalog=None, *,
                   targets_dir=None) -> pd.DataFrame:
    """One row per scenario file: name, labels, parent, plan, vintage, horizon, sims, seed,
    number of operations and description; a file that does not validate is listed with
    ``problems`` > 0.

    Parameters
    ----------
    directory : path, optional
        Default ``scenarios/``.
    catalog : Catalog, optional
        Names are checked against it when given.
    targets_dir : path, optional
        Where the plans live (default ``data/targets``).

    Returns
    -------
    pandas.DataFrame
    """
    rows = []
    plans = plan_reader(catalog, targets_dir)  # files that name the same plan read it once
    for f in scenario_files(directory):
        spec, issues = read_scenario(f, catalog, targets_dir=targets_dir, directory=directory,
                                     plans=plans)
        row = spec.frame_row() if spec is not None else {"name": f.stem}
        row["problems"] = len(issues)
        rows.append(row)
    cols = ["name", "label_zh", "label_en", "extends", "plan", "as_of", "known_from", "horizon",
            "n_sims", "seed", "operations", "problems", "description"]
    return pd.DataFrame(rows, columns=cols)


def check_scenario(name_or_path: str | Path, catalog=None, *, targets_dir=None,
                   directory: str | Path | None = None, plans=None) -> list:
    """Every problem of a scenario file and its ``extends`` chain (an empty list when clean).

    Parameters
    ----------
    name_or_path : str or path
    catalog : Catalog, optional
        Indicator and region names are checked against it.
    targets_dir, directory, plans : optional
        See :func:`~xtforecast.scenarios.spec.read_scenario` (``plans``: e.g.
        :func:`~xtforecast.scenarios.spec.plan_reader`, shared by the files checked together).

    Returns
    -------
    list of :class:`xtforecast.errors.Issue`
    """
    _, issues = read_scenario(name_or_path, catalog, targets_dir=targets_dir, directory=directory,
                              plans=plans)
    return issues


__all__ = ["load_scenario", "run", "ScenarioResult", "list_scenarios", "check_scenario",
           "ScenarioSpec", "ScenarioCheckError", "read_scenario", "OPERATIONS", "OpSpec", "Param",
           "register_operation", "driver_relation"]
