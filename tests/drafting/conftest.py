"""Helpers of the drafting tests. Texts written here are synthetic snippets in the genre's
phrasing, not quotes of real plans (except where a test says it reads the seed plan)."""

from pathlib import Path

import pytest

from xt_testpaths import REPO

FIXTURES = Path(__file__).parent / "fixtures"
SYNTHETIC_PLAN = FIXTURES / "synthetic_plan.txt"
#: The client's seed plan and the development plans live next to the repository, not in it.
SEED = REPO.parent / "shared" / "seed" / "xingtai_2020_sti_plan.txt"
PLANS = REPO.parent / "shared" / "plans"


@pytest.fixture(scope="session")
def catalog():
    from xtforecast.catalog import load_catalog
    return load_catalog()


@pytest.fixture
def draft_text(tmp_path, catalog):
    """Draft a snippet of plan text; returns the Draft."""
    from xtforecast.drafting import draft_plan

    def run(text: str, encoding: str = "utf-8", **kw):
        p = tmp_path / "plan.txt"
        p.write_bytes(text.encode(encoding))
        return draft_plan(p, catalog, **kw)
    return run
