"""Fixtures of the report tests: the synthetic data root and one batch run shared by many tests."""

import pytest

from report_paths import FIXTURE_DATA, FIXTURE_SCENARIOS, GOLDEN_LANG, GOLDEN_SIMS


@pytest.fixture
def fixture_env(monkeypatch):
    """Point the package (and the kernels it starts) at the synthetic data."""
    monkeypatch.setenv("XTFORECAST_DATA", str(FIXTURE_DATA))


@pytest.fixture(scope="session")
def fixture_run(tmp_path_factory):
    """One run of the batch runner over the fixture scenarios (baseline, push, broken), 2 jobs."""
    import os

    from xtforecast.report.runner import run_reports
    old = os.environ.get("XTFORECAST_DATA")
    os.environ["XTFORECAST_DATA"] = str(FIXTURE_DATA)
    try:
        out = tmp_path_factory.mktemp("reports")
        res = run_reports(all_=True, scenarios_dir=FIXTURE_SCENARIOS, out=out, jobs=2,
                          n_sims=GOLDEN_SIMS, lang=GOLDEN_LANG, run_id="test-run", progress=False)
    finally:
        if old is None:
            os.environ.pop("XTFORECAST_DATA", None)
        else:
            os.environ["XTFORECAST_DATA"] = old
    return res
