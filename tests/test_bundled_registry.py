"""The bundled data: the seed plan's full goal registry, a clean data check, and the 2020 outcomes.

The goal sentences below are copied from the seed plan, 《关于大力提升全市科技创新能力的实施方案》
(邢台市科学技术局, 2020-03-21), section 一、工作目标 (line 9 of the seed text) and task 9
(提升县域创新能力, line 22). Each quantified clause is one goal; the test fails if a goal goes missing,
an extra one appears, or a goal's quoted words stop matching the plan.
"""

import csv
import io

import pytest

from xtforecast.cli import main

from xt_testpaths import REPO

#: 一、工作目标 and task 9 of the seed plan, verbatim.
SEED_GOALS_TEXT = (
    "2020年,全社会研发经费支出占GDP的比重达到1.2%;高新技术企业净增80家以上;科技型中小企业净增500家以上;"
    "万人发明专利拥有量新增0.2件以上,新增专利较上年增长20%以上;净增省级以上创新平台20家,企业建立研发机构比例达到30%;"
    "全市新创办3000平米以上的众创空间5家;招引各类人才3.5万名,其中大学生及硕、博高层次人才3万名,"
    "大专以上新交社保人才4000人以上。到2022年,全社会研发经费支出占GDP的比重达到2%;高新技术企业总数超过500家,"
    "科技型中小企业总数达到8000家;省级以上科技创新平台达到120家;累计新增科技企业孵化器、众创空间(星创天地)100家以上;"
    "综合科技创新水平指数排名进入全省中上等行列。三年内引进大学生10万名,高层次人才500名,"
    "其中院士、 \"长江学者\" 不少于20名(含柔性引进)。"
    "确保清河县、宁晋县等在B类县的基础上实现位次跃升,力争桥西区、威县等跃升至B类县"
)

#: Every quantified goal: id -> (type, comparator, value, target year). 11 goals for 2020,
#: 6 for 2022, 3 three-year talent goals, 4 county goals of task 9 = 24.
SEED_GOALS = {
    "rd_intensity_2020": ("share", ">=", "1.2", "2020"),
    "high_tech_enterprises_2020": ("net_increase", ">=", "80.0", "2020"),
    "tech_smes_2020": ("net_increase", ">=", "500.0", "2020"),
    "invention_patents_per_10k_2020": ("net_increase", ">=", "0.2", "2020"),
    "patent_grants_2020": ("growth", ">=", "20.0", "2020"),
    "innovation_platforms_provincial_2020": ("net_increase", ">=", "20.0", "2020"),
    "enterprises_with_rd_institutions_share_2020": ("share", ">=", "30.0", "2020"),
    "maker_spaces_3000sqm_added_2020": ("level", ">=", "5.0", "2020"),
    "talent_attracted_2020": ("level", ">=", "35000.0", "2020"),
    "graduates_attracted_2020": ("level", ">=", "30000.0", "2020"),
    "college_talent_new_social_insurance_2020": ("level", ">=", "4000.0", "2020"),
    "rd_intensity_2022": ("share", ">=", "2.0", "2022"),
    "high_tech_enterprises_2022": ("level", ">", "500.0", "2022"),
    "tech_smes_2022": ("level", ">=", "8000.0", "2022"),
    "innovation_platforms_provincial_2022": ("level", ">=", "120.0", "2022"),
    "incubators_maker_spaces_added_2022": ("cumulative", ">=", "100.0", "2022"),
    "innovation_index_rank_province_2022": ("rank", "<=", "5.0", "2022"),
    "graduates_attracted_2022": ("cumulative", ">=", "100000.0", "2022"),
    "high_level_talent_attracted_2022": ("cumulative", ">=", "500.0", "2022"),
    "academicians_scholars_attracted_2022": ("cumulative", ">=", "20.0", "2022"),
    "county_rank_province_qinghe_2020": ("rank", "<=", "-1.0", "2020"),
    "county_rank_province_ningjin_2020": ("rank", "<=", "-1.0", "2020"),
    "county_class_xindu_2020": ("class", "<=", "B", "2020"),
    "county_class_weixian_2020": ("class", "<=", "B", "2020"),
}


def _csv(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0, err
    return list(csv.DictReader(io.StringIO(out)))


@pytest.fixture
def goals(capsys):
    return _csv(capsys, "targets", "--plan", "xingtai_2020", "--format", "csv")


def test_registry_holds_every_goal_of_the_seed_by_id_and_count(goals):
    assert len(goals) == len(SEED_GOALS) == 24
    assert [g["id"] for g in goals] == list(SEED_GOALS)  # the plan's order


@pytest.mark.parametrize("gid", list(SEED_GOALS))
def test_each_goal_has_its_type_value_and_the_plans_own_words(goals, gid):
    g = {r["id"]: r for r in goals}[gid]
    assert (g["type"], g["comparator"], g["value"], g["target_year"]) == SEED_GOALS[gid]
    assert g["quote"] and g["quote"] in SEED_GOALS_TEXT, g["quote"]
    if g["evaluable"] == "False":
        assert g["reason"], "a goal no public series can measure says why"


@pytest.mark.parametrize("paths", [[], [str(REPO / "data" / "observations.csv")]])
def test_bundled_data_check_is_clean(capsys, paths):
    code = main(["data", "check", *paths])
    out, _ = capsys.readouterr()
    assert code == 0 and "OK: no problems found" in out


def test_2020_outcomes_on_bundled_data_are_achieved(capsys):
    # Xingtai reported +125 以上 high-tech enterprises against 净增80家以上 and 7,141 tech SMEs
    # (+526) against 净增500家以上 (data/observations.csv, 2021-03-10 press conference).
    rows = _csv(capsys, "project", "--scenario", "baseline", "--as-of", "2020", "--sims", "200",
                "--format", "csv")
    by = {r["target_id"]: r for r in rows}
    for gid in ("high_tech_enterprises_2020", "tech_smes_2020", "incubators_maker_spaces_added_2022"):
        assert by[gid]["status"] == "achieved" and float(by[gid]["p_attain"]) == 1.0, gid


def test_plan_vantage_projects_sparse_city_series_through_the_province(capsys):
    # At as_of 2019 Xingtai has one tech-SME figure (2019, derived) and one high-tech
    # enterprise figure (<= 325); no other Hebei city has either, so the pool is Hebei's own
    # register (2015-2017 for SMEs, 2012/2016/2017 for HTE: the 2013 SME figure is a bound and
    # is left out). Each goal still gets a call (weak evidence), never a fall the pool never
    # showed: Hebei's stocks rose 27-95 % a year between its figures.
    rows = _csv(capsys, "project", "--scenario", "baseline", "--as-of", "2019", "--sims", "2000",
                "--columns", "all", "--format", "csv")
    by = {r["target_id"]: r for r in rows}
    for gid, last in (("tech_smes_2022", 6615), ("high_tech_enterprises_2022", 325)):
        r = by[gid]
        assert r["status"] != "insufficient_data" and r["evidence"] == "weak"
        assert float(r["projected_p10"]) > last
    hte = by["high_tech_enterprises_2022"]
    # the median of Hebei's annualised log rates (0.307) over three years, less the slowdown
    # such extrapolations showed on the province panels (-0.100 at h = 3): 325 x e^0.82 = 738
    assert 700 < float(hte["projected_median"]) < 780
    # the band never leaves Hebei's slowest-to-fastest range by much: 325 x 1.21^3 = 576
    # and 325 x 1.95^3 = 2,410, widened by a city's deviation from its province
    assert 350 < float(hte["projected_p10"]) < 576 < float(hte["projected_p90"]) < 2410
    # R&D intensity has no Xingtai figure before 2022: it stays insufficient, with the reason
    assert by["rd_intensity_2022"]["status"] == "insufficient_data"
    assert "no observation of 'rd_intensity'" in by["rd_intensity_2022"]["reason"]
