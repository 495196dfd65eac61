"""Helpers of the drafting tests. Texts written here are synthetic snippets in the genre's
phrasing, not quotes of real plans (except where a test says it reads the seed plan)."""

import pytest


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
