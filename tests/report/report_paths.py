"""Paths and environment of the report tests (a plain module: tests and scripts import it)."""

from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
#: A synthetic project root: data/ (catalog, regions, observations, mini_plan) and scenarios/
#: (baseline, push, and broken — made to fail). Nothing here is real data.
FIXTURE_ROOT = HERE / "fixtures"
FIXTURE_DATA = FIXTURE_ROOT / "data"
FIXTURE_SCENARIOS = FIXTURE_ROOT / "scenarios"
#: The synthetic projector the report tests use instead of the growth models.
FIXTURE_PROJECTOR = f"{FIXTURE_ROOT / 'projector.py'}:random_walk"
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


def nbval_env() -> dict:
    """The environment nbval runs the notebooks in (also set by notebooks/conftest.py)."""
    return {"XTFORECAST_ROOT": str(FIXTURE_ROOT), "XTFORECAST_RUN_DIR": str(GOLDEN_RUN),
            "XTFORECAST_PROJECTOR": FIXTURE_PROJECTOR}
