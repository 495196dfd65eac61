"""The reading rules on short synthetic snippets: each test pins one row of rules.yaml."""

import pytest

from xtforecast.drafting.rules import RULES_FILE, load_rules


def _one(draft):
    assert len(draft.goals) == 1, [g.clause.text for g in draft.goals]
    return draft.goals[0]


@pytest.mark.parametrize("encoding, name", [("utf-8", "utf-8"), ("gbk", "gb18030"), ("gb18030", "gb18030")])
def test_encoding_detected_and_said(draft_text, encoding, name):
    d = draft_text("到2022年,高新技术企业总数超过500家。", encoding=encoding, region="xingtai")
    assert d.text.encoding == name
    g = _one(d)
    assert (g.indicator, g.type, g.comparator, g.value, g.target_year) == (
        "high_tech_enterprises", "level", ">", 500.0, 2022)
    assert g.clause.text == "高新技术企业总数超过500家"


def test_comment_lines_are_skipped(draft_text):
    d = draft_text("# source: x | title: 高新技术企业达到999家\n到2022年,高新技术企业达到600家。", region="xingtai")
    assert [g.value for g in d.goals] == [600.0]


@pytest.mark.parametrize("text, comparator", [
    ("达到30家", ">="), ("不少于30家", ">="), ("30家以上", ">="), ("超过30家", ">"),
    ("突破30家", ">"), ("不超过30家", "<="), ("控制在30家以内", "<="), ("30家左右", ">="),
])
def test_comparators(draft_text, text, comparator):
    g = _one(draft_text(f"到2022年,科技型中小企业{text}。", region="xingtai"))
    assert (g.comparator, g.value) == (comparator, 30.0)


@pytest.mark.parametrize("text, value, unit", [
    ("招引各类人才3.5万名", 35000.0, "count"),          # 万 expanded on a count
    ("技术合同成交额达到1.25万亿元", 12500.0, "100m_yuan"),  # 万亿元 -> 亿元
    ("研发经费支出达到1100亿元", 1100.0, "100m_yuan"),
])
def test_units_scaled_to_the_catalog_unit(draft_text, text, value, unit):
    g = _one(draft_text(f"到2020年,{text}。", region="xingtai"))
    assert (g.value, g.unit) == (value, unit)
    assert not g.new_indicator


def test_new_indicator_keeps_the_written_unit(draft_text):
    g = _one(draft_text("到2015年,科技企业孵化器面积超过180万平方米。", region="xingtai"))
    assert g.new_indicator and g.unit == "10k_m2" and g.value == 180.0
    assert g.indicator == "incubators_floor_area"


@pytest.mark.parametrize("text, gtype, rule", [
    ("全社会研发经费支出占GDP的比重达到2%", "share", "share_percent"),
    ("高新技术企业净增80家以上", "net_increase", "net_increase"),
    ("新增专利较上年增长20%以上", "growth", "growth_on_previous"),
    ("累计新增科技企业孵化器100家以上", "cumulative", "cumulative"),
    ("建成云南实验室5个以上", "cumulative", "flow_verb"),
    ("高新技术产业工业产值年均增长15%以上", "share", "avg_annual_growth"),
])
def test_types(draft_text, text, gtype, rule):
    g = _one(draft_text(f"到2022年,{text}。", region="xingtai", base_year=2019))
    assert (g.type, g.rule) == (gtype, rule)
    if gtype == "cumulative" or rule == "avg_annual_growth":
        assert g.window == (2020, 2022)


def test_flow_verb_in_a_one_year_goal_is_a_level(draft_text):
    g = _one(draft_text("到2020年底,建成200家行业一流的企业研发机构。", region="jiangsu", base_year=2019))
    assert (g.type, g.window) == ("level", None)


def test_three_years_window_covers_the_sentence(draft_text):
    d = draft_text("三年内引进大学生10万名,高层次人才500名。", region="xingtai", base_year=2019)
    assert [(g.value, g.type, g.window, g.target_year) for g in d.goals] == [
        (100000.0, "cumulative", (2020, 2022), 2022), (500.0, "cumulative", (2020, 2022), 2022)]


def test_strive_covers_verbless_clauses_only(draft_text):
    d = draft_text("到2015年,力争全市高技术产业总产值达到4000亿元,占全市工业总产值的比重超过50%。",
                   region="xingtai")
    assert [g.binding for g in d.goals] == ["indicative", "binding"]
    d = draft_text("力争到2020年底,全省高新技术企业总数突破3万家,高企有效发明专利拥有量突破15万件。",
                   region="jiangsu")
    assert [(g.binding, g.value) for g in d.goals] == [("indicative", 30000.0), ("binding", 150000.0)]


def test_rank_class_and_counties(draft_text):
    d = draft_text("到2020年,全省创新综合实力进入全国前10位。", region="hunan")
    assert [(g.type, g.comparator, g.value) for g in d.goals] == [("rank", "<=", 10.0)]
    d = draft_text("力争桥西区、威县等跃升至B类县。", region="xingtai", base_year=2019)
    assert [(g.region, g.indicator, g.type, g.comparator, g.value, g.binding, g.target_year)
            for g in d.goals] == [("qiaoxi", "county_class", "class", "<=", "B", "indicative", 2020),
                                  ("weixian", "county_class", "class", "<=", "B", "indicative", 2020)]
    assert all(g.review for g in d.goals)  # the year was not in the text


def test_size_threshold_is_not_the_goal(draft_text):
    g = _one(draft_text("2020年,全市新创办3000平米以上的众创空间5家。", region="xingtai"))
    assert g.value == 5.0
    g = _one(draft_text("到2015年,全市拥有500家以上的高新技术企业。", region="xingtai"))
    assert (g.value, g.indicator) == (500.0, "high_tech_enterprises")


def test_subgoal_in_parentheses_and_shared_verb(draft_text):
    d = draft_text("到2025年,全市高新技术企业超过16000家(其中规模以上企业超过2700家)。", region="xingtai")
    assert [g.clause.text for g in d.goals] == ["全市高新技术企业超过16000家", "其中规模以上企业超过2700家"]
    d = draft_text("到2015年,基本建成100个西安市工程实验室和80个企业技术中心。", region="xingtai", base_year=2010)
    assert [(g.value, g.type) for g in d.goals] == [(100.0, "cumulative"), (80.0, "cumulative")]


def test_no_number_goes_to_unquantified_not_dropped(draft_text):
    d = draft_text("到2015年,总体规模和水平位居全省前列。主要有4项具体任务。", region="xingtai")
    assert d.goals == [] and [c.text for c, _ in d.unquantified] == ["总体规模和水平位居全省前列"]


def test_rules_are_data(tmp_path, draft_text):
    """Editing the table changes the reading: 左右 read as <= instead of >=."""
    text = RULES_FILE.read_text(encoding="utf-8").replace(
        "{rule: cmp_about, pattern: '^左右', comparator: \">=\"",
        "{rule: cmp_about, pattern: '^左右', comparator: \"<=\"")
    custom = tmp_path / "rules.yaml"
    custom.write_text(text, encoding="utf-8")
    d = draft_text("到2020年,研发经费支出达到1100亿元左右。", region="hunan", rules=load_rules(str(custom)))
    assert _one(d).comparator == "<="


def test_list_mark_after_a_number_splits_and_a_bare_number_shares_the_verb(draft_text):
    d = draft_text("到2025年,全区高新技术企业突破60家、科技型中小企业超过500家。"
                   "到2027年,两类企业分别超过80家和700家。", region="chongqing")
    assert [(g.clause.text, g.comparator, g.value) for g in d.goals] == [
        ("全区高新技术企业突破60家", ">", 60.0), ("科技型中小企业超过500家", ">", 500.0),
        ("两类企业分别超过80家", ">", 80.0), ("700家", ">", 700.0)]
    assert [g.indicator for g in d.goals[:2]] == ["high_tech_enterprises", "tech_smes"]


def test_density_goes_to_a_density_indicator(draft_text):
    g = _one(draft_text("到2025年,每万名从业人员发明专利授权数达到100件。", region="chongqing"))
    assert g.unit == "per_10k_persons" and g.new_indicator and g.value == 100.0


def test_rules_file_ships_with_the_package():
    from xt_testpaths import REPO
    assert '"drafting/rules.yaml"' in (REPO / "pyproject.toml").read_text(encoding="utf-8")
