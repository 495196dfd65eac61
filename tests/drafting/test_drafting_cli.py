"""``targets draft`` / ``targets score`` on the command line: outputs, messages, exit codes."""

import json

import yaml
from draft_paths import SYNTHETIC_PLAN, run


def test_draft_writes_a_registry_and_says_what_it_read(capsys, tmp_path):
    out_file = tmp_path / "d.yaml"
    code, out, err = run(capsys, "targets", "draft", SYNTHETIC_PLAN, "--region", "demo_city",
                         "--plan-id", "demo_2024_2026", "--out", out_file)
    assert code == 0 and out == ""
    assert "as utf-8" in err and "base year 2023 (plan_period)" in err and "7 goals" in err
    reg = yaml.safe_load(out_file.read_text(encoding="utf-8"))
    assert reg["plan"]["id"] == "demo_2024_2026" and reg["plan"]["base_year"] == 2023
    assert [t["id"] for t in reg["targets"]] == [
        "high_tech_enterprises_2026", "tech_smes_2026", "rd_intensity_2026", "tech_contract_turnover_2026",
        "incubators_maker_spaces_added_2026", "high_level_talent_attracted_2026", "academicians_2026"]
    t = reg["targets"][4]
    assert (t["type"], t["window"], t["binding"], t["rule"]) == ("cumulative", [2024, 2026], "indicative", "cumulative")
    assert reg["targets"][-1]["new_indicator"] is True
    assert reg["unquantified"] == [{"quote": "综合科技创新水平位居全省前列", "rule": "unquantified_cue"}]


def test_draft_gbk_file_to_stdout(capsys, tmp_path):
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(SYNTHETIC_PLAN.read_text(encoding="utf-8").encode("gbk"))
    code, out, err = run(capsys, "targets", "draft", gbk, "--region", "demo_city")
    assert code == 0 and "as gb18030" in err
    assert yaml.safe_load(out)["targets"][0]["quote"] == "全市高新技术企业总数达到800家"


def test_draft_bad_input_exits_2_with_a_message(capsys, tmp_path):
    code, _, err = run(capsys, "targets", "draft", tmp_path / "nope.txt")
    assert code == 2 and "missing_file" in err and "nope.txt" in err
    code, _, err = run(capsys, "targets", "draft", SYNTHETIC_PLAN, "--plan-id", "Bad Id")
    assert code == 2 and "--plan-id must be snake_case" in err


def test_draft_unknown_region_suggests(capsys, tmp_path):
    code, _, err = run(capsys, "targets", "draft", SYNTHETIC_PLAN, "--region", "xingtia", "--out", tmp_path / "x.yaml")
    assert code == 0 and "Did you mean 'xingtai'?" in err


def test_bare_targets_still_lists(capsys):
    code, out, _ = run(capsys, "targets", "--plan", "xingtai_2020", "--format", "json")
    assert code == 0 and len(json.loads(out)) == 24


def test_score_table_and_json(capsys, tmp_path):
    draft = tmp_path / "d.yaml"
    run(capsys, "targets", "draft", SYNTHETIC_PLAN, "--region", "demo_city", "--out", draft)
    gold = yaml.safe_load(draft.read_text(encoding="utf-8"))
    gold["targets"][0]["comparator"] = ">"          # one goal read differently by the "gold"
    del gold["targets"][-1]
    gold_file = tmp_path / "g.yaml"
    gold_file.write_text(yaml.safe_dump(gold, allow_unicode=True), encoding="utf-8")
    code, out, _ = run(capsys, "targets", "score", draft, gold_file, "--format", "json")
    row = json.loads(out)[0]
    assert code == 0
    assert (row["gold"], row["drafted"], row["matched"], row["missed"], row["spurious"]) == (6, 7, 5, 1, 2)
    assert row["recall"] == round(5 / 6, 3) and row["precision"] == round(5 / 7, 3)
    code, out, _ = run(capsys, "targets", "score", draft, gold_file)
    assert "missed (in gold, not drafted)" in out and "spurious (drafted, not in gold)" in out


def test_score_rejects_a_file_without_targets(capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("plan: {id: x}\n", encoding="utf-8")
    code, _, err = run(capsys, "targets", "score", bad, bad)
    assert code == 2 and "missing_field" in err and "targets:" in err
