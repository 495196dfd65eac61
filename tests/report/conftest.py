"""Fixtures of the report tests: one batch run on the synthetic data, shared by many tests.

The fixture data and projector reach the runner and the notebooks as arguments and notebook
parameters (``report_paths.FIXTURE_RUN``, ``FIXTURE_ARGS``, ``FIXTURE_PARAMETERS``), as they
would for a user: nothing goes through the environment.
"""

import pytest
from report_paths import FIXTURE_RUN, FIXTURE_SCENARIOS, GOLDEN_LANG, GOLDEN_SIMS


@pytest.fixture(scope="session")
def fixture_run(tmp_path_factory):
    """One run of the batch runner over the fixture scenarios (baseline, push, broken), 2 jobs."""
    from xtforecast.report.runner import run_reports
    out = tmp_path_factory.mktemp("reports")
    return run_reports(all_=True, scenarios_dir=FIXTURE_SCENARIOS, out=out, jobs=2,
                       n_sims=GOLDEN_SIMS, lang=GOLDEN_LANG, run_id="test-run", progress=False,
                       **FIXTURE_RUN)
