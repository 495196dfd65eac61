"""nbval's parameters for the notebooks (``pytest --nbval-lax notebooks/``).

nbval re-executes each notebook and compares the cells marked ``# NBVAL_CHECK_OUTPUT`` with
their stored outputs. To keep those outputs stable while the real data and models evolve, the
notebooks run on the synthetic fixtures of the report tests, and they receive them the way
``xtforecast report`` hands a notebook its inputs: as parameters, injected after the cell
tagged ``parameters`` exactly as papermill writes them (:data:`NBVAL_PARAMETERS`). The
notebooks keep their own defaults (the bundled data, the growth models) for people who open
them; nothing here goes through environment variables.

* ``scenario_report``: the fixture baseline scenario and ``data/``, and the synthetic
  random-walk projector (``xtforecast.testing:random_walk``) in place of the growth models,
  so the stored outputs check the report, not the models;
* ``compare_scenarios``, ``sweep_report``: the golden run ``tests/report/golden/run`` (its
  manifest names the fixture scenarios, data and projector the sweep re-runs);
* ``explore``, ``explore_app``, ``backtest``: the fixture ``data/`` and ``scenarios/``.

Regenerate the stored outputs with ``tests/report/make_golden.py``, which runs the notebooks
with these same parameters.
"""

from pathlib import Path

import pytest

_REPO = Path(__file__).resolve().parent.parent
_FIXTURES = _REPO / "tests" / "report" / "fixtures"
_GOLDEN_RUN = _REPO / "tests" / "report" / "golden" / "run"
_FIXTURE_DIRS = {"data_dir": str(_FIXTURES / "data"), "scenarios_dir": str(_FIXTURES / "scenarios")}

#: Parameters nbval passes each notebook (by file name), as papermill's ``-p`` would.
NBVAL_PARAMETERS = {
    "scenario_report.ipynb": {"scenario": str(_FIXTURES / "scenarios" / "baseline.yaml"),
                              "data_dir": str(_FIXTURES / "data"),
                              "projector": "xtforecast.testing:random_walk"},
    "compare_scenarios.ipynb": {"run_dir": str(_GOLDEN_RUN)},
    "sweep_report.ipynb": {"run_dir": str(_GOLDEN_RUN)},
    "explore.ipynb": _FIXTURE_DIRS,
    "explore_app.ipynb": _FIXTURE_DIRS,
    "backtest.ipynb": _FIXTURE_DIRS,
}

# JupyterLab's autosaves are not notebooks to test.
collect_ignore_glob = [".ipynb_checkpoints/*"]


def injected_source(parameters: dict, kernel_name: str = "python3", language: str = "python") -> str:
    """The assignments papermill would inject for ``parameters`` (its own translator)."""
    from papermill.translators import translate_parameters
    return translate_parameters(kernel_name, language, parameters, "Parameters injected by nbval "
                                "(notebooks/conftest.py), as papermill injects them")


def _parameterized(node):
    """``node`` (nbval's notebook collector) with :data:`NBVAL_PARAMETERS` appended to its
    ``parameters`` cell when the notebook's cells are collected."""
    from nbval.plugin import IPyNbFile

    class ParameterizedNotebook(IPyNbFile):
        def collect(self):
            for item in super().collect():
                if "parameters" in item.cell.metadata.get("tags", []):
                    item.cell.source = (item.cell.source.rstrip("\n") + "\n\n"
                                        + injected_source(NBVAL_PARAMETERS[self.path.name]))
                yield item

    return ParameterizedNotebook.from_parent(node.parent, path=node.path)


@pytest.hookimpl(wrapper=True)
def pytest_collect_file(file_path, parent):
    collected = yield
    if file_path.name not in NBVAL_PARAMETERS:
        return collected
    from nbval.plugin import IPyNbFile
    return [_parameterized(c) if isinstance(c, IPyNbFile) else c for c in collected]
