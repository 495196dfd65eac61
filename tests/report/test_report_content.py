"""The library the notebooks call, on a scenario result with real sample paths.

The growth models are replaced by the synthetic random-walk projector of xtforecast.testing,
so these tests see P(attain), fans and ranges whatever state the model layer is in.
"""

import re

import numpy as np
import pandas as pd
import pytest
from report_paths import FIXTURE_DATA, FIXTURE_PROJECTOR, FIXTURE_PROJECTOR_FILE, FIXTURE_SCENARIOS

from xtforecast.report import content as xr
from xtforecast.report.params import ParameterError
from xtforecast.report.projector import load_projector
from xtforecast.testing import random_walk as random_projector

PARAMS = {"scenario": str(FIXTURE_SCENARIOS / "push.yaml"), "as_of": None, "n_sims": 400,
          "seed": None, "lang": "zh", "out_dir": "", "data_dir": str(FIXTURE_DATA),
          "projector": FIXTURE_PROJECTOR}


@pytest.fixture
def rep():
    """What the template's second cell makes: the inputs of data_dir, read once, and a run."""
    return xr.run_report(dict(PARAMS))


def _no_reading(monkeypatch):
    """Make every loader of the data files fail: a cell that reads a file again fails."""
    import xtforecast.catalog
    import xtforecast.observations
    import xtforecast.targets

    def refuse(*args, **kwargs):
        raise AssertionError("a report cell read an input file again")

    for module, name in ((xtforecast.observations, "load_observations"),
                         (xtforecast.observations, "read_observations"),
                         (xtforecast.catalog, "load_catalog"), (xtforecast.targets, "load_plan"),
                         (xtforecast.targets, "load_plans")):
        monkeypatch.setattr(module, name, refuse)


def test_run_report_reads_the_inputs_of_data_dir_once_and_carries_them(rep):
    assert rep.plan.id == "mini_plan" and rep.plan is rep.result.plan
    assert rep.catalog is rep.result.catalog and "rd_intensity" in rep.catalog.indicators
    assert rep.observations is rep.result.observations and len(rep.observations)
    prov = xr.provenance(rep)
    assert prov["parameters"]["data_dir"] == str(FIXTURE_DATA)
    assert prov["data_dir"] == str(FIXTURE_DATA) and prov["projector"] == FIXTURE_PROJECTOR


def test_no_cell_after_run_report_reads_a_file_again(rep, monkeypatch, tmp_path):
    import matplotlib
    matplotlib.use("Agg")
    _no_reading(monkeypatch)
    monkeypatch.setattr(xr, "_display", lambda obj: None)
    for lang in ("zh", "en"):
        rep.params["lang"] = lang
        xr.overview(rep)
        xr.status_table(rep)
        xr.show_goal_charts(rep)
        xr.show_p_attain(rep)
        xr.method_table(rep)
    rep.params["out_dir"] = str(tmp_path)
    assert xr.save_outputs(rep) == ["summary.csv", "projections.csv", "provenance.json"]


def test_a_goal_without_paths_draws_its_history_from_the_result(rep):
    # a goal the run drew nothing for: its chart shows the observations known at as_of
    key = ("county_class", "weixian")
    hist = xr._history(rep, key)
    pd.testing.assert_frame_equal(hist, rep.result.history(*key))
    assert len(hist) and hist["year"].max() <= rep.result.provenance["as_of"]


def test_the_projector_is_named_by_module_or_by_file():
    assert load_projector(FIXTURE_PROJECTOR) is random_projector
    assert load_projector(FIXTURE_PROJECTOR_FILE) is random_projector  # it re-exports it
    assert load_projector("") is None
    with pytest.raises(ParameterError, match="projector: 'random_walk' names no function"):
        load_projector("random_walk")
    with pytest.raises(ParameterError, match="has no function 'nope'"):
        load_projector("xtforecast.testing:nope")
    with pytest.raises(ParameterError, match="cannot load 'no_such_file.py'"):
        load_projector("no_such_file.py:f")


def test_status_table_and_text_show_probabilities(rep):
    assert rep.summary["p_attain"].notna().any()
    table = xr.status_table(rep)
    assert "达标概率" in table.columns and "总体判断" in table.columns
    assert table["目标"].iloc[0] == "研发经费投入强度达到2%"
    p = table["达标概率"].iloc[0]
    assert p.endswith("%") and 0 <= float(p[:-1]) <= 100
    text = xr.status_text(rep)
    assert "rd_intensity_2022" in text and "p_attain" in text


def test_english_status_table(rep):
    rep.params["lang"] = "en"
    table = xr.status_table(rep)
    assert "P(attain)" in table.columns and table["Goal"].iloc[0] == "R&D intensity reaches 2%"


def test_overview_counts_every_goal(rep):
    md = xr.overview(rep).data
    assert "“政策加力(测试)”" in md and "3 项目标" in md
    # rendered as the reader's HTML renders it: bold, no literal asterisks
    from nbconvert.filters.markdown_mistune import markdown2html_mistune
    page = markdown2html_mistune(md)
    assert "<strong>总体判断</strong>：" in page and "**" not in page
    # the vintage: the fixture data end in 2019, so as_of 2019 uses them all (hindsight)
    assert "数据截至 2019 年（事后视角" in md
    assert sum(int(x) for x in __import__("re").findall(r" (\d+) 项(?!目标)", md)) == 3


def test_the_english_overview_counts_one_goal_in_the_singular(rep):
    rep.params["lang"] = "en"
    assert "whether the 3 goals of " in xr.overview(rep).data
    rep.result.summary = rep.summary.iloc[:1]
    md = xr.overview(rep).data
    assert "whether the one goal of " in md and "goals of" not in md
    rep.params["lang"] = "zh"
    assert "的 1 项目标" in xr.overview(rep).data


@pytest.mark.parametrize("title", ["邢台市科技创新三年行动计划工作方案(2018-2020年)",
                                   "《邢台市科技创新三年行动计划》", "河北省科技创新目标(多份文件)"])
def test_overview_shows_a_plan_title_in_bold_whatever_its_punctuation(rep, monkeypatch, title):
    """Markdown's ** neither closes after a parenthesis followed by a Chinese character nor
    opens before 《: the bundled plan xingtai_2018_2020's report showed its asterisks."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune
    monkeypatch.setattr(xr, "_plan_title", lambda plan, lang: title)
    page = markdown2html_mistune(xr.overview(rep).data)
    assert f"评估<strong>{title}</strong>的 3 项目标" in page and "**" not in page


def test_one_fan_chart_per_goal_with_a_fan_where_there_are_paths(rep):
    import matplotlib
    matplotlib.use("Agg")
    figs = list(xr.goal_figures(rep))
    assert [tid for tid, _ in figs] == rep.summary["target_id"].tolist()
    gids = {a.get_gid() for a in figs[0][1].axes[0].get_children()}
    assert "median" in gids and "band-80" in gids and "target" in gids


def test_a_goals_fan_ends_in_the_goals_year(rep):
    """The series are projected to the plan's horizon (2022), but the 2020 goal's chart stops
    at 2020, where its P(attain) and its table's projected median are taken."""
    import matplotlib
    matplotlib.use("Agg")
    years = dict(zip(rep.summary["target_id"], rep.summary["target_year"]))
    ends = {}
    for tid, fig in xr.goal_figures(rep):
        if isinstance(fig, str):
            continue
        med = [ln for ln in fig.axes[0].lines if ln.get_gid() == "median"]
        if med:
            ends[tid] = max(med[0].get_xdata())
    assert ends and all(end <= years[tid] for tid, end in ends.items()), (ends, years)
    assert any(years[tid] < 2022 for tid in ends)  # a goal before the horizon is among them


def test_methods_appendix_states_the_formulas():
    from xtforecast.i18n import t
    zh, en = t("report.methods_appendix", "zh"), t("report.methods_appendix", "en")
    for s in (zh, en):
        assert r"\mathrm{CAGR}_r=(x^*/x_0)^{1/(T-t_0)}-1" in s
        assert "G=d\\,(x^*-\\hat x_T)/|x^*-x_0|" in s and "0.95" in s
    assert "时间过半、任务过半" in zh and "Half the time, half the task" in en


def test_saved_summary_has_contract_columns_first(rep, tmp_path):
    from xtforecast._schema import SUMMARY_COLUMNS
    rep.params["out_dir"] = str(tmp_path)
    assert xr.save_outputs(rep) == ["summary.csv", "projections.csv", "provenance.json"]
    s = pd.read_csv(tmp_path / "summary.csv")
    assert list(s.columns[:len(SUMMARY_COLUMNS)]) == SUMMARY_COLUMNS
    assert "status_unsd2022" in s.columns
    rep.params["out_dir"] = ""
    assert xr.save_outputs(rep) == []


def test_compare_tables_from_a_run(rep, tmp_path):
    import json
    s1 = xr.summary_frame(rep)
    s0 = s1.assign(scenario="baseline")
    for name, s in (("baseline", s0), ("push", s1)):
        (tmp_path / name).mkdir()
        s.to_csv(tmp_path / name / "summary.csv", index=False)
    (tmp_path / "manifest.json").write_text(json.dumps({"scenarios": {
        "baseline": {"status": "ok", "label_zh": "基准"}, "push": {"status": "ok", "label_zh": "加力"},
        "broken": {"status": "failed"}}}), encoding="utf-8")
    run = xr.load_run({"run_dir": str(tmp_path), "lang": "zh"})
    assert run.failed == ["broken"] and run.labels == {"baseline": "基准", "push": "加力"}
    ranges = xr.projected_ranges(run, "zh")
    assert list(ranges.columns) == ["目标值", "基准", "加力"]
    cell = ranges.iloc[0]["加力"]
    # median (P10 – P90) in the reader's numbers, never scientific notation
    assert re.fullmatch(r"[\d.,万亿]+（[\d.,万亿-]+ – [\d.,万亿-]+）", cell), cell
    assert ranges.iloc[0]["目标值"] == "不低于 2%"
    table = xr.projected_ranges_table(run, "zh")
    page = table.to_html()
    assert "<th>目标</th><th>目标值</th><th>基准</th>" in page  # the goal is a column, no index
    assert "failed: broken" in xr.run_text(run)
    from xtforecast.report.html import status_matrix
    m = status_matrix(run.summary, "en", run.labels)
    assert m.shape == (3, 2)


def test_goal_reason_speaks_the_reports_language():
    row = pd.Series({"reason": "no observation of 'x' in 'r' up to 2019",
                     "reason_zh": "截至2019年该地区没有这一指标的观测值",
                     "reason_en": "there is no observation of this indicator for this region up "
                                  "to 2019"})
    assert xr.goal_reason(row, "zh") == "截至2019年该地区没有这一指标的观测值"
    assert xr.goal_reason(row, "en") == row["reason_en"]  # the reader's words, not the analyst's
    # a summary without reason_zh/en (an older run) falls back to the analyst's English words
    old = pd.Series({"reason": "marked not evaluable", "reason_zh": np.nan})
    assert xr.goal_reason(old, "zh") == "marked not evaluable"
    assert xr.goal_reason(pd.Series({"status": "achieved"}), "zh") == ""


def test_goal_without_a_call_says_why_under_its_chart(rep, monkeypatch):
    import matplotlib
    matplotlib.use("Agg")
    shown = []
    monkeypatch.setattr(xr, "_display", shown.append)
    xr.show_goal_charts(rep)
    words = [o.data for o in shown if hasattr(o, "data") and isinstance(o.data, str)]
    # weixian_class_2022 has a 2019 class observation (a chart) but no call
    row = rep.summary.set_index("target_id").loc["weixian_class_2022"]
    assert row["status"] == "insufficient_data"
    assert words == [f"*数据不足，不作判断：{row['reason_zh']}*"]
    assert sum(not hasattr(o, "data") for o in shown) == 3  # the three figures


def test_status_table_says_what_it_would_take(rep):
    from xtforecast.sweep.core import bases_from_result, judge_setting
    table = xr.status_table(rep)
    col = "要有80%把握需增速再提高"
    assert list(table.columns).index(col) == list(table.columns).index("总体判断") + 1
    needs = [(i, c) for i, c in enumerate(table[col]) if c.endswith("百分点/年")]
    assert needs, list(table[col])
    bases = bases_from_result(rep.result)
    for i, cell in needs:
        v = float(cell.split()[0])
        # the cell's value reaches 80% on the report's own paths; 0.1 pp less does not
        assert judge_setting(bases[i], {"growth_pp": v})["p_attain"] >= 0.8
        assert judge_setting(bases[i], {"growth_pp": round(v - 0.1, 4)})["p_attain"] < 0.8
