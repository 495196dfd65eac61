"""Every page says its data vintage; scenarios of different vintages are never shown unsaid."""

import pandas as pd

from xtforecast.report import vintage
from xtforecast.report.html import index_html


def test_summaries_carry_as_of_and_vintage(fixture_run):
    d = fixture_run.run_dir
    for f in (d / "summary.csv", d / "push" / "summary.csv", d / "baseline" / "summary.csv"):
        s = pd.read_csv(f)
        # the fixture data end in 2019 and the scenarios use them all
        assert set(s["as_of"]) == {2019} and set(s["vintage"]) == {"hindsight"}, f
        assert set(s["data_end"]) == {2019}


def test_every_page_of_a_run_states_the_vintage(fixture_run):
    d = fixture_run.run_dir
    index = (d / "index.html").read_text(encoding="utf-8")
    assert "<th>数据截至</th><th>视角</th>" in index
    assert "<td>2019</td><td>事后</td>" in index
    assert "所有情景数据截至 2019 年（事后）" in index
    compare = (d / "compare.html").read_text(encoding="utf-8")
    assert "所有情景数据截至 2019 年（事后）" in compare
    report = (d / "push" / "report.html").read_text(encoding="utf-8")
    assert "数据截至 2019 年（事后视角" in report
    m = fixture_run.manifest["scenarios"]["push"]["resolved"]
    assert (m["as_of"], m["data_end"], m["vintage"]) == (2019, 2019, "hindsight")


def _manifest():
    def e(label, as_of):
        return {"status": "ok", "label_zh": label, "label_en": label, "html": "x",
                "resolved": {"as_of": as_of, "data_end": 2025}}
    return {"run_id": "r", "scenarios": {"baseline": e("基准情景", 2025),
                                         "covid": e("新冠疫情冲击", 2019)}}


def _summary():
    return pd.DataFrame({"scenario": ["baseline", "covid"], "target_id": ["g", "g"],
                         "label_zh": ["目标甲", "目标甲"], "label_en": ["Goal A", "Goal A"],
                         "status": ["achieved", "off_track"], "p_attain": [1.0, 0.0]})


def test_mixed_vintages_are_said_in_the_index():
    page = index_html(_manifest(), _summary(), "zh")
    assert 'class="warn">注意：以下情景的数据截止年份不同' in page
    assert "基准情景：截至 2025 年，事后；新冠疫情冲击：截至 2019 年，实时" in page
    # the status matrix's columns carry their vintage
    assert "<th>基准情景（截至2025年·事后）</th>" in page
    assert "<th>新冠疫情冲击（截至2019年·实时）</th>" in page
    en = index_html(_manifest(), _summary(), "en")
    assert "Note: these scenarios stand at different data vintages" in en
    assert "<td>2019</td><td>real-time</td>" in en and "<td>2025</td><td>hindsight</td>" in en


def test_one_vintage_needs_no_warning():
    v = {"a": (2019, "real_time"), "b": (2019, "real_time")}
    assert not vintage.is_mixed(v)
    assert vintage.vintage_note(v, {}, "zh") == "所有情景数据截至 2019 年（实时）。"


def test_real_time_means_as_of_before_the_data_end():
    assert vintage.vintage_code(2019, 2025) == "real_time"
    assert vintage.vintage_code(2025, 2025) == "hindsight"
    assert vintage.vintage_sentence(2019, 2025, "zh").startswith("实时视角：只用截至 2019 年的数据")


def test_compare_labels_carry_the_vintage_when_mixed(tmp_path):
    import json

    from xtforecast.report import content as xr
    s = _summary().assign(as_of=[2025, 2019], vintage=["hindsight", "real_time"])
    for name, part in s.groupby("scenario"):
        (tmp_path / name).mkdir()
        part.to_csv(tmp_path / name / "summary.csv", index=False)
    (tmp_path / "manifest.json").write_text(json.dumps(_manifest()), encoding="utf-8")
    run = xr.load_run({"run_dir": str(tmp_path), "lang": "zh"})
    assert run.labels["covid"] == "新冠疫情冲击（截至2019年·实时）"
    note = xr.run_notes(run, "zh").data
    assert note.startswith("## 情景对比\n\n注意：以下情景的数据截止年份不同")
