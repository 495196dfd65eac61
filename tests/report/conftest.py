"""Fixtures of the report tests: the synthetic data root and one batch run shared by many tests."""

import pytest
from report_paths import FIXTURE_DATA, FIXTURE_PROJECTOR, FIXTURE_SCENARIOS, GOLDEN_LANG, GOLDEN_SIMS


@pytest.fixture
def fixture_env(monkeypatch):
    """Point the package (and the kernels it starts) at the synthetic data and projector."""
    monkeypatch.setenv("XTFORECAST_DATA", str(FIXTURE_DATA))
    monkeypatch.setenv("XTFORECAST_PROJECTOR", FIXTURE_PROJECTOR)


@pytest.fixture(scope="session")
def fixture_run(tmp_path_factory):
    """One run of the batch runner over the fixture scenarios (baseline, push, broken), 2 jobs."""
    from xtforecast.config import environment
    from xtforecast.report.runner import run_reports
    env = {"XTFORECAST_DATA": str(FIXTURE_DATA), "XTFORECAST_PROJECTOR": FIXTURE_PROJECTOR}
    with environment(env):
        out = tmp_path_factory.mktemp("reports")
        res = run_reports(all_=True, scenarios_dir=FIXTURE_SCENARIOS, out=out, jobs=2,
                          n_sims=GOLDEN_SIMS, lang=GOLDEN_LANG, run_id="test-run", progress=False)
    return res
