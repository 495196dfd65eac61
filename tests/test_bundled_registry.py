"""The bundled data: the seed plan's full goal registry, a clean data check, and the 2020 outcomes.

The goal sentences below are copied from the seed plan, 《关于大力提升全市科技创新能力的实施方案》
(邢台市科学技术局, 2020-03-21), section 一、工作目标 (line 9 of the seed text) and task 9
(提升县域创新能力, line 22). Each quantified clause is one goal; the test fails if a goal goes missing,
an extra one appears, or a goal's quoted words stop matching the plan.
"""

import csv
import io

import pytest
from xt_testpaths import REPO

from xtforecast.cli import main

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
    # (+526) against 净增500家以上 (data/observations.csv, 2021-03-10 press conference): known
    # from 2021, when that report was published, not at the end of 2020
    rows = _csv(capsys, "project", "--scenario", "baseline", "--as-of", "2021", "--sims", "200",
                "--format", "csv")
    by = {r["target_id"]: r for r in rows}
    for gid in ("high_tech_enterprises_2020", "tech_smes_2020", "incubators_maker_spaces_added_2022"):
        assert by[gid]["status"] == "achieved" and float(by[gid]["p_attain"]) == 1.0, gid
    rows = _csv(capsys, "project", "--scenario", "baseline", "--as-of", "2020", "--sims", "200",
                "--format", "csv")
    assert {r["target_id"]: r["status"] for r in rows}["high_tech_enterprises_2020"] == \
        "insufficient_data"


def test_plan_vantage_has_no_city_figure_and_2021_projects_through_the_province(capsys):
    # Xingtai's 2019 stocks (HTE <= 325, tech SMEs 6,615) are derived from the 2020 figures of
    # the 2021-03-10 report: at the plan's own vantage (as_of 2019) they were not known, so
    # the goals are insufficient, with the reason
    rows = _csv(capsys, "project", "--scenario", "baseline", "--as-of", "2019", "--sims", "200",
                "--columns", "all", "--format", "csv")
    by = {r["target_id"]: r for r in rows}
    for gid, ind in (("tech_smes_2022", "tech_smes"),
                     ("high_tech_enterprises_2022", "high_tech_enterprises")):
        assert by[gid]["status"] == "insufficient_data"
        assert f"no observation of '{ind}' in 'xingtai' up to 2019" in by[gid]["reason"]
    # At as_of 2021 Xingtai has 2019 and 2020 (one report); no other Hebei city has either, so
    # the pool is Hebei's own register. Each goal gets a call (weak evidence), never a fall the
    # pool never showed: Hebei's stocks rose 27-95 % a year between its figures.
    rows = _csv(capsys, "project", "--scenario", "baseline", "--as-of", "2021", "--sims", "2000",
                "--columns", "all", "--format", "csv")
    by = {r["target_id"]: r for r in rows}
    for gid, last in (("tech_smes_2022", 7141), ("high_tech_enterprises_2022", 450)):
        r = by[gid]
        assert r["status"] != "insufficient_data" and r["evidence"] == "weak"
        assert float(r["projected_p10"]) > last
    hte = by["high_tech_enterprises_2022"]
    # the median of Hebei's annualised log rates (0.307) over two years, less the slowdown
    # such extrapolations showed on the province panels: 450 x e^(0.614 - ~0.05) = 794
    assert 700 < float(hte["projected_median"]) < 900
    # the band never leaves Hebei's slowest-to-fastest range by much: 450 x 1.21^2 = 659
    # and 450 x 1.95^2 = 1,711, widened by a city's deviation from its province
    assert 450 < float(hte["projected_p10"]) < 659 < float(hte["projected_p90"]) < 1711
    # R&D intensity has no Xingtai figure before 2022: it stays insufficient, with the reason
    assert by["rd_intensity_2022"]["status"] == "insufficient_data"
    assert "no observation of 'rd_intensity'" in by["rd_intensity_2022"]["reason"]
