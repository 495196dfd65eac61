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
    # one vintage, so one family: its section is titled by the vintage
    assert index.count('<section class="family">') == 2  # the family, and the failed scenario
    assert "<h2>今天视角：数据截至 2019 年（事后）</h2>" in index
    compare = (d / "compare.html").read_text(encoding="utf-8")
    assert "所有情景数据截至 2019 年（事后）" in compare
    report = (d / "push" / "report.html").read_text(encoding="utf-8")
    assert "数据截至 2019 年（事后视角" in report
    m = fixture_run.manifest["scenarios"]["push"]["resolved"]
    assert (m["as_of"], m["data_end"], m["vintage"]) == (2019, 2019, "hindsight")
    assert [(f["as_of"], f["scenarios"]) for f in fixture_run.manifest["families"]] == \
        [(2019, ["baseline", "push"])]


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


def _sections(page: str) -> list[str]:
    return page.split('<section class="family">')[1:]


def test_each_vintage_family_has_its_own_section_and_never_shares_a_table():
    page = index_html(_manifest(), _summary(), "zh")
    then, today = _sections(page)  # the earlier vintage first
    assert "<h2>当年视角：数据截至 2019 年（实时）</h2>" in then
    assert "<h2>今天视角：数据截至 2025 年（事后）</h2>" in today
    # each status table holds its own family's scenarios only: no hindsight beside real-time
    assert "<th>新冠疫情冲击</th>" in then and "基准情景" not in then
    assert "<th>基准情景</th>" in today and "新冠疫情冲击" not in today
    assert "<td>2019</td><td>实时</td>" in then and "<td>2025</td><td>事后</td>" in today
    en = index_html(_manifest(), _summary(), "en")
    assert "<h2>Then: data up to 2019 (real-time)</h2>" in en
    assert "<h2>Today: data up to 2025 (hindsight)</h2>" in en


def test_each_family_links_its_own_comparison_page():
    m = _manifest()
    m["families"] = [{"as_of": 2019, "vintage": "real_time", "scenarios": ["covid"],
                      "compare": {"status": "ok", "html": "compare_2019.html"}},
                     {"as_of": 2025, "vintage": "hindsight", "scenarios": ["baseline"],
                      "compare": {"status": "failed", "html": None, "error": "Boom: cell 3"}}]
    then, today = _sections(index_html(m, _summary(), "en"))
    assert 'href="compare_2019.html"' in then and "compare_" not in today
    assert '<span class="failed">failed</span> <code>Boom: cell 3</code>' in today


def test_a_family_without_a_single_call_says_why_once_above_its_table():
    """Two goals, no P(attain) anywhere in the real-time family: one had no figure published
    by its as_of, one cannot be evaluated; the family with a call gets no such note."""
    rows = pd.DataFrame({
        "scenario": ["covid", "covid", "baseline", "baseline"], "target_id": ["g", "h"] * 2,
        "label_zh": ["目标甲", "目标乙"] * 2, "label_en": ["Goal A", "Goal B"] * 2,
        "status": ["insufficient_data"] * 3 + ["achieved"],
        "p_attain": [float("nan")] * 3 + [1.0],
        "reason_codes": ["no_observation_as_of", "not_evaluable", "not_evaluable", ""]})
    then, today = _sections(index_html(_manifest(), rows, "zh"))
    note = ('<p class="warn no-call">本组 2 个目标在所有情景下都无法判断。其中 1 个截至 2019 年'
            '还没有已公布的观测值（数据往往在所述年份之后才公布）。其余 1 个没有可用的数据序列或'
            '无法评估，原因见各报告。</p>')
    assert note in then
    assert then.index(note) < then.index("<table", then.index("<h3>"))  # above the table
    assert "no-call" not in today
    then_en, _ = _sections(index_html(_manifest(), rows, "en"))
    assert ("No goal of this family (2) gets a call in any scenario. 1 had no observation "
            "published by 2019") in then_en
    # only unpublished goals: no 'other' clause
    only = rows[rows["target_id"] == "g"]
    assert "其余" not in _sections(index_html(_manifest(), only, "zh"))[0]


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


def test_the_comparison_page_of_a_family_without_a_call_says_so_once(tmp_path):
    import json

    from xtforecast.report import content as xr
    s = pd.DataFrame({"scenario": ["covid", "covid"], "target_id": ["g", "h"],
                      "label_zh": ["目标甲", "目标乙"], "label_en": ["Goal A", "Goal B"],
                      "status": ["insufficient_data"] * 2, "p_attain": [float("nan")] * 2,
                      "reason_codes": ["no_observation_as_of", "no_observation_as_of"],
                      "as_of": [2019, 2019], "vintage": ["real_time"] * 2})
    (tmp_path / "covid").mkdir()
    s.to_csv(tmp_path / "covid" / "summary.csv", index=False)
    m = _manifest()
    del m["scenarios"]["baseline"]
    (tmp_path / "manifest.json").write_text(json.dumps(m), encoding="utf-8")
    run = xr.load_run({"run_dir": str(tmp_path), "lang": "en", "as_of": 2019})
    note = xr.run_notes(run, "en").data
    assert ("No goal of this family (2) gets a call in any scenario. 2 had no observation "
            "published by 2019") in note
    assert note.count("No goal of this family") == 1 and "The other" not in note


def test_a_run_at_two_vintages_gets_one_comparison_page_per_family(tmp_path):
    """The runner itself: two families, two compare pages, each limited to its scenarios."""
    import json
    import shutil

    from report_paths import FIXTURE_RUN, FIXTURE_SCENARIOS, GOLDEN_SIMS

    from xtforecast.report.runner import run_reports
    scen = tmp_path / "scenarios"
    shutil.copytree(FIXTURE_SCENARIOS, scen)
    (scen / "broken.yaml").unlink()
    # the fixture data end in 2019: a scenario at as_of 2018 is real-time, the others hindsight
    (scen / "early.yaml").write_text(
        "name: early\nextends: baseline\nlabel_zh: 早期(测试)\nlabel_en: Early (test)\n"
        "description_zh: 测试用的合成情景。\ndescription_en: Synthetic; data up to 2018.\n"
        "as_of: 2018\n", encoding="utf-8")
    res = run_reports(all_=True, scenarios_dir=scen, out=tmp_path / "out", jobs=1,
                      n_sims=GOLDEN_SIMS, lang="en", run_id="two", progress=False, **FIXTURE_RUN)
    assert res.exit_code == 0, res.manifest
    d = res.run_dir
    fams = res.manifest["families"]
    assert [(f["as_of"], f["vintage"], f["scenarios"]) for f in fams] == \
        [(2018, "real_time", ["early"]), (2019, "hindsight", ["baseline", "push"])]
    assert res.manifest["compare"]["pages"] == ["compare_2018.html", "compare_2019.html"]
    assert not (d / "compare.html").exists()
    early = (d / "compare_2018.html").read_text(encoding="utf-8")
    late = (d / "compare_2019.html").read_text(encoding="utf-8")
    assert "Early (test)" in early and "Policy push (test)" not in early
    assert "Policy push (test)" in late and "Early (test)" not in late
    assert "Then: data up to 2018 (real-time)" in early
    assert "Today: data up to 2019 (hindsight)" in late
    index = (d / "index.html").read_text(encoding="utf-8")
    assert 'href="compare_2018.html"' in index and 'href="compare_2019.html"' in index
    # summary.csv says each row's vintage
    s = pd.read_csv(d / "summary.csv")
    assert s.groupby("scenario")["as_of"].first().to_dict() == {"baseline": 2019, "early": 2018,
                                                                 "push": 2019}
    assert set(s.loc[s["scenario"] == "early", "vintage"]) == {"real_time"}
    assert json.loads((d / "manifest.json").read_text(encoding="utf-8"))["families"] == fams


def test_two_families_at_one_as_of_get_a_page_each_with_their_own_scenarios(tmp_path):
    """A scenario at as_of 2019 by publication date beside the plan-vantage family at 2019
    read as the authors knew it: two families, two page stems, and each page reads only its
    own scenario (the page's ``vintage`` parameter), so no comparison mixes the two."""
    import json

    from xtforecast.report import content as xr
    fams = vintage.families({"pub": (2019, "real_time"), "authors": (2019, "authors")})
    assert sorted((f.code, vintage.compare_stem(f, fams)) for f in fams) == [
        ("authors", "compare_2019_authors"), ("real_time", "compare_2019_real_time")]
    m = _manifest()
    m["scenarios"] = {"pub": {"status": "ok", "label_zh": "甲"},
                      "authors": {"status": "ok", "label_zh": "乙"}}
    for name, code in (("pub", "real_time"), ("authors", "authors")):
        (tmp_path / name).mkdir()
        _summary().iloc[:1].assign(scenario=name, as_of=2019, vintage=code).to_csv(
            tmp_path / name / "summary.csv", index=False)
    (tmp_path / "manifest.json").write_text(json.dumps(m), encoding="utf-8")
    both = xr.load_run({"run_dir": str(tmp_path), "lang": "zh", "as_of": 2019})
    assert set(both.summary["scenario"]) == {"pub", "authors"}
    for code, name in (("authors", "authors"), ("real_time", "pub")):
        run = xr.load_run({"run_dir": str(tmp_path), "lang": "zh", "as_of": 2019, "vintage": code})
        assert set(run.summary["scenario"]) == {name}
