"""'A new city in ten minutes', end to end, on a SYNTHETIC plan text and SYNTHETIC figures.

draft -> review -> init -> template -> fill -> merge -> project -> report, all in a temporary
directory. 示范市 (demo_city) is not a real city and every number here is made up for the test;
nothing is written to data/.
"""

import csv
import json

import pytest
import yaml
from draft_paths import SYNTHETIC_PLAN, run

PLAN = "demo_2024_2026"
#: made-up year-end stocks of high-tech enterprises in the synthetic city
SYNTHETIC_HTE = {2018: 400, 2019: 450, 2020: 500, 2021: 560, 2022: 620, 2023: 690}


@pytest.fixture
def city(tmp_path, capsys):
    """A reviewed draft and the data directory made from it."""
    draft = tmp_path / "draft.yaml"
    assert run(capsys, "targets", "draft", SYNTHETIC_PLAN, "--region", "demo_city", "--plan-id", PLAN,
               "--out", draft)[0] == 0
    # Review: the drafter made a new id for 院士; the reviewer maps it to the catalog's flow.
    reg = yaml.safe_load(draft.read_text(encoding="utf-8"))
    t = next(t for t in reg["targets"] if t["new_indicator"])
    t.update(indicator="academicians_attracted", id="academicians_attracted_2026", new_indicator=False)
    draft.write_text(yaml.safe_dump(reg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    data = tmp_path / "demo_data"
    code, out, _ = run(capsys, "init", data, "--plan", draft)
    assert code == 0 and "plan demo_2024_2026 with 7 goals; 0 indicator stub(s), 1 region stub(s)" in out
    return tmp_path, data


def test_init_lays_out_a_data_directory(city):
    _, data = city
    assert sorted(p.name for p in data.iterdir()) == ["indicators.yaml", "observations.csv", "regions.yaml", "targets"]
    assert (data / "observations.csv").read_text(encoding="utf-8").startswith("indicator,region,year,value")
    plan = yaml.safe_load((data / "targets" / f"{PLAN}.yaml").read_text(encoding="utf-8"))
    assert not {"rule", "confidence", "review", "new_indicator", "unit"} & set(plan["targets"][0])
    assert "demo_city" in (data / "regions.yaml").read_text(encoding="utf-8")


def test_ten_minutes_walkthrough(city, capsys, monkeypatch):
    tmp, data = city
    # `report --data-dir` hands the directory to its kernels through XTFORECAST_DATA in this
    # process's environment; monkeypatch puts the variable back afterwards for the other tests.
    monkeypatch.setenv("XTFORECAST_DATA", str(data))
    sheet = tmp / "sheet.csv"
    code, _, err = run(capsys, "data", "template", "--plan", PLAN, "--data-dir", data, "--out", sheet)
    # 7 goal indicators + drivers (rd_intensity: rd_expenditure, gdp_nominal; the flow
    # incubators_maker_spaces_added: its stock) = 10 series, 2018..2026 = 9 years
    assert code == 0 and "90 rows" in err and "0 pre-filled" in err
    with open(sheet, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 90 and rows[0].keys() >= {"prefilled", "needed_for", "source"}
    for r in rows:  # the researcher fills in the internal figures (here: synthetic)
        if r["indicator"] == "high_tech_enterprises" and int(r["year"]) in SYNTHETIC_HTE:
            r.update(value=str(SYNTHETIC_HTE[int(r["year"])]), source="synthetic test figure (not real)")
    with open(sheet, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    code, out, _ = run(capsys, "data", "merge", sheet, "--data-dir", data)
    assert code == 0 and out.startswith("added 6 row(s)") and "84 left empty" in out
    code, out, _ = run(capsys, "data", "merge", sheet, "--data-dir", data)
    assert code == 0 and out.startswith("added 0 row(s)") and "6 already there" in out
    assert run(capsys, "data", "check", "--data-dir", data)[0] == 0

    code, out, _ = run(capsys, "project", "--data-dir", data, "--plan", PLAN, "--sims", "200", "--format", "json")
    assert code == 0, (out, _)
    status = {r["target_id"]: r["status"] for r in json.loads(out)}
    assert code == 0 and len(status) == 7
    assert status["high_tech_enterprises_2026"] != "insufficient_data"
    assert {s for k, s in status.items() if k != "high_tech_enterprises_2026"} == {"insufficient_data"}

    scenario = tmp / "demo_baseline.yaml"
    scenario.write_text(f"name: demo_baseline\nlabel_zh: 基准\nlabel_en: Baseline\n"
                        f"description_zh: 测试\ndescription_en: test\n"
                        f"plan: {PLAN}\nas_of: latest\nn_sims: 200\nseed: 1\noperations: []\n", encoding="utf-8")
    code, _, err = run(capsys, "report", "--scenario", scenario, "--data-dir", data, "--out", tmp / "reports",
                       "--jobs", "1", "--no-progress")
    assert code == 0, err
    with open(tmp / "reports" / "latest" / "demo_baseline" / "summary.csv", encoding="utf-8") as fh:
        summary = {r["target_id"]: r["status"] for r in csv.DictReader(fh)}
    # the report covers the same goals, and the same six have no data
    assert summary.keys() == status.keys()
    assert {k for k, v in summary.items() if v == "insufficient_data"} == set(status) - {"high_tech_enterprises_2026"}
