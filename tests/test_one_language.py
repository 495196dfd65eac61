"""Every reader-facing text of the bundled inputs exists in each language, in that language.

Issue 14, item 5: a zh report is Chinese throughout and an en report English throughout. The
report pages themselves are checked in ``tests/report/test_one_language_pages.py``; here, the
inputs those pages quote: plan goals and their notes, scenario labels and descriptions, region
names. An English text with a Chinese character in it (``清河's rank``) or a Chinese one with an
internal id (``academicians_attracted``) is the slip that leaked into the reports before.
"""

import re

import pytest
from xt_testpaths import REPO

from xtforecast.catalog import load_catalog
from xtforecast.scenarios.spec import read_scenario, scenario_files
from xtforecast.targets import load_plan

HAN = re.compile(r"[\u3400-\u9fff]")
#: A data id (snake_case with at least one underscore), what a Chinese reader cannot read.
ID = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")

PLANS = sorted(p.stem for p in (REPO / "data" / "targets").glob("*.yaml"))


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.mark.parametrize("plan_id", PLANS)
def test_plan_goals_read_in_one_language_each(plan_id, catalog):
    plan = load_plan(plan_id, catalog)
    bad = []
    for t in plan.targets:
        for field in ("label_en", "reason"):
            if HAN.search(getattr(t, field) or ""):
                bad.append(f"{t.id}.{field}: {getattr(t, field)!r} has Chinese characters")
        for field in ("label_zh", "reason_zh"):
            if ID.search(getattr(t, field) or ""):
                bad.append(f"{t.id}.{field}: {getattr(t, field)!r} names a data id")
    assert not bad, "\n".join(bad)


def test_region_names_are_romanized_in_english(catalog):
    # the en field is the reader's romanized name (邢台市 -> Xingtai, 清河县 -> Qinghe County)
    bad = [f"{r.id}: en {r.en!r}" for r in catalog.regions.values()
           if HAN.search(r.en) or not r.en.strip()]
    bad += [f"{r.id}: zh {r.zh!r}" for r in catalog.regions.values() if not HAN.search(r.zh)]
    assert not bad, bad
    assert catalog.regions["xingtai"].name("en") == "Xingtai"
    assert catalog.regions["qinghe"].name("en") == "Qinghe County"


@pytest.mark.parametrize("path", scenario_files(), ids=lambda p: p.stem)
def test_shipped_scenarios_say_themselves_in_each_language(path, catalog):
    spec, issues = read_scenario(path, catalog)
    assert issues == [], [str(i) for i in issues]
    assert HAN.search(spec.label("zh")) and HAN.search(spec.description("zh"))
    assert not HAN.search(spec.label("en") + spec.description("en"))
