"""Paths and inputs of the report tests (a plain module: tests and scripts import it)."""

from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
#: A synthetic project root: data/ (catalog, regions, observations, mini_plan) and scenarios/
#: (baseline, push, and broken — made to fail). Nothing here is real data.
FIXTURE_ROOT = HERE / "fixtures"
FIXTURE_DATA = FIXTURE_ROOT / "data"
FIXTURE_SCENARIOS = FIXTURE_ROOT / "scenarios"
#: The synthetic projector the report tests use instead of the growth models: the value of the
#: notebooks' ``projector`` parameter (module:function) ...
FIXTURE_PROJECTOR = "xtforecast.testing:random_walk"
#: ... or the same function named by file (file.py:function).
FIXTURE_PROJECTOR_FILE = f"{FIXTURE_ROOT / 'projector.py'}:random_walk"
#: Golden outputs, laid out like a run directory (see golden/README.md).
GOLDEN = HERE / "golden"
GOLDEN_RUN = GOLDEN / "run"
NOTEBOOKS = REPO / "notebooks"
TEMPLATE = NOTEBOOKS / "scenario_report.ipynb"
COMPARE = NOTEBOOKS / "compare_scenarios.ipynb"
#: n_sims and language of the golden run (the template's own default n_sims).
GOLDEN_SIMS = 200
GOLDEN_LANG = "zh"
#: Numeric tolerance of the golden comparison (relative and absolute).
RTOL, ATOL = 1e-6, 1e-9

#: The fixture inputs as ``run_reports`` takes them: the data directory and the projector
#: parameter (``run_reports(..., **FIXTURE_RUN)``).
FIXTURE_RUN = {"data_dir": FIXTURE_DATA, "parameters": {"projector": FIXTURE_PROJECTOR}}
#: The same as options of ``xtforecast report``.
FIXTURE_ARGS = ["--data-dir", str(FIXTURE_DATA), "-p", "projector", FIXTURE_PROJECTOR]
#: The fixture inputs as notebook parameters (papermill's ``-p``).
FIXTURE_PARAMETERS = {"data_dir": str(FIXTURE_DATA), "projector": FIXTURE_PROJECTOR}
