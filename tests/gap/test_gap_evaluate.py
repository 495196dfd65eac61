"""Whole-goal evaluation: real Xingtai outcomes, the bridge case, edge cases and the batch table.

Provenance of the real figures: data/observations.csv (rows from figures_entities.csv, see
data/README.md; city S&T bureau work conference, 2021-03-10: "新增高新技术企业125家以上,总数达到450家",
"新增科技型中小企业526家,总数达到
7141家"; 2025 review "高新技术企业达1029") and the 2020 plan (seed/xingtai_2020_sti_plan.txt:
"高新技术企业净增80家以上;科技型中小企业净增500家以上 ... 到2022年 ... 高新技术企业总数超过500家").
"""


import numpy as np
import pandas as pd
import pytest

from xtforecast._schema import STATUSES, SUMMARY_COLUMNS
from xtforecast.gap import EXTRA_COLUMNS, IndicatorFacts, bridge_paths, evaluate_goal, evaluate_targets
from xtforecast.targets import Target


def frame(rows):
    """rows: (year, value, bound)"""
    return pd.DataFrame(rows, columns=["year", "value", "bound"])


HTE_NET = Target("hte_net_2020", "high_tech_enterprises", "xingtai", "net_increase", ">=", 80.0,
                 2020, "高新技术企业净增80家以上", base_year=2019)
SME_NET = Target("sme_net_2020", "tech_smes", "xingtai", "net_increase", ">=", 500.0, 2020,
                 "科技型中小企业净增500家以上", base_year=2019)
HTE_2022 = Target("hte_total_2022", "high_tech_enterprises", "xingtai", "level", ">", 500.0,
                  2022, "高新技术企业总数超过500家", base_year=2019)


# -- real 2020 outcomes --------------------------------------------------------------------------
def test_hte_plus125_lower_bound_flow_is_achieved():
    # "+125 以上" (bound >=) reported as high_tech_enterprises_added against 净增 >= 80
    r = evaluate_goal(HTE_NET, frame([(2020, 450.0, "")]), as_of=2020,
                      flow_history=frame([(2020, 125.0, ">=")]))
    assert r["status"] == "achieved" and r["p_attain"] == 1.0
    assert r["measure_observed_lo"] == 125.0 and r["measure_observed_hi"] == np.inf
    assert "gross" in r["reason"]
    assert r["evidence"] == "moderate"  # settled, but by a bound, not an exact figure


def test_hte_derived_from_stock_and_ceiling_is_achieved():
    # 450 in 2020 and <= 325 in 2019 (derived: 450 - "125以上") -> increase >= 125 >= 80
    r = evaluate_goal(HTE_NET, frame([(2019, 325.0, "<="), (2020, 450.0, "")]), as_of=2020)
    assert r["status"] == "achieved" and r["p_attain"] == 1.0
    assert r["measure"] == 125.0


def test_tech_smes_plus526_is_achieved():
    # 7,141 (2020) - 6,615 (2019) = +526 >= 500
    r = evaluate_goal(SME_NET, frame([(2019, 6615.0, ""), (2020, 7141.0, "")]), as_of=2020)
    assert r["status"] == "achieved" and r["p_attain"] == 1.0
    assert r["measure"] == 526.0
    assert r["evidence"] == "strong"
    assert r["gap"] == -26.0  # 26 beyond the goal


def test_plan_2018_anchor_hte_360_by_2020():
    # 2018-2020 plan: high-tech enterprises >= 360 by 2020; 450 reported -> achieved
    t = Target("hte_2020", "high_tech_enterprises", "xingtai", "level", ">=", 360.0, 2020, "达到360家")
    r = evaluate_goal(t, frame([(2020, 450.0, "")]), as_of=2020)
    assert r["status"] == "achieved" and r["p_attain"] == 1.0


def test_ceiling_below_goal_at_T_is_missed():
    # R&D intensity in 2022 "not above Hebei's 2.00%" (a ceiling) against a >= 2.0 goal:
    # the ceiling <= 2.00 does not settle ">= 2.0" (2.00 itself would meet it) ...
    t = Target("rd_2022", "rd_intensity", "xingtai", "share", ">=", 2.0, 2022, "达到2%")
    r = evaluate_goal(t, frame([(2022, 2.0, "<=")]), IndicatorFacts(bounds=(0, 100)), as_of=2022)
    assert r["status"] == "insufficient_data"
    # ... but "> 2.0" is missed for sure, and so is ">= 2.1"
    t2 = Target("rd_2022b", "rd_intensity", "xingtai", "share", ">=", 2.1, 2022, "q")
    r2 = evaluate_goal(t2, frame([(2022, 2.0, "<=")]), IndicatorFacts(bounds=(0, 100)), as_of=2022)
    assert r2["status"] == "off_track" and r2["p_attain"] == 0.0


def test_lower_bound_meeting_goal_counts_as_met():
    t = Target("lvl", "x", "r", "level", ">=", 100.0, 2022, "q")
    r = evaluate_goal(t, frame([(2022, 120.0, ">=")]), as_of=2022)
    assert r["status"] == "achieved"


# -- the bridge case ------------------------------------------------------------------------------
def test_bridge_between_2020_and_2025():
    h = frame([(2020, 450.0, ""), (2025, 1029.0, "")])
    r = evaluate_goal(HTE_2022, h, as_of=2025, rng=np.random.default_rng(7))
    assert r["p_source"] == "bridge"
    assert r["p_attain"] > 0.9
    # log-linear midpoint: 450 * (1029/450)**(2/5) = 626.6 (hand); median of the bridge near it
    assert r["projected_median"] == pytest.approx(450 * (1029 / 450) ** 0.4, rel=0.02)
    assert r["evidence"] == "moderate"
    assert "bridge 2020 (450) → 2025 (1029)" in r["reason"]


def test_bridge_uses_the_later_point_not_extrapolation_from_2020():
    # same 2020 point; if 2025 had been 460 the bridge (not a 2020-only extrapolation) says unlikely
    r = evaluate_goal(HTE_2022, frame([(2020, 450.0, ""), (2025, 460.0, "")]), as_of=2025)
    assert r["p_attain"] < 0.5
    # as of 2020 there is no 2025 point and no paths: no guess
    r20 = evaluate_goal(HTE_2022, frame([(2020, 450.0, ""), (2025, 1029.0, "")]), as_of=2020)
    assert r20["status"] == "insufficient_data" and np.isnan(r20["p_attain"])
    assert "no sample paths" in r20["reason"]


def test_bridge_paths_properties():
    rng = np.random.default_rng(3)
    p = bridge_paths(2020, 450.0, 2025, 1029.0, range(2020, 2026), 20000, rng, sigma=0.1)
    assert p.shape == (20000, 6)
    assert np.all(p[:, 0] == 450.0) and np.allclose(p[:, -1], 1029.0)
    lp = np.log(p[:, 2])  # 2022
    # mean on the log-linear path; variance sigma^2 (s-y0)(y1-s)/(y1-y0) = 0.01*2*3/5 = 0.012
    assert lp.mean() == pytest.approx(np.log(450) + 0.4 * np.log(1029 / 450), abs=0.005)
    assert lp.std() == pytest.approx(np.sqrt(0.012), rel=0.05)


def test_bridge_errors():
    with pytest.raises(ValueError, match="year1 > year0"):
        bridge_paths(2025, 1.0, 2020, 2.0, [2022], 10)
    with pytest.raises(ValueError, match=r"must lie in \[2020, 2025\]"):
        bridge_paths(2020, 1.0, 2025, 2.0, [2026], 10)
    with pytest.raises(ValueError, match="positive values"):
        bridge_paths(2020, -1.0, 2025, 2.0, [2022], 10, scale="log")
    lin = bridge_paths(2020, -1.0, 2025, 4.0, [2020, 2025], 5)  # auto -> linear
    assert np.allclose(lin[:, 0], -1.0) and np.allclose(lin[:, 1], 4.0)


# -- edge cases ------------------------------------------------------------------------------------
LEVEL = Target("lvl", "x", "r", "level", ">=", 100.0, 2023, "q", base_year=2018)
PATHS = np.array([[110, 120, 130], [100, 101, 102], [90, 95, 99], [130, 140, 150]], float)


def test_target_met_at_base_year():
    h = frame([(2018, 120.0, ""), (2020, 130.0, "")])
    r = evaluate_goal(LEVEL, h, as_of=2020, paths=PATHS, path_years=[2021, 2022, 2023])
    assert r["required_cagr"] < 0      # the goal is below the base
    assert r["status_statcan"] == "achieved"
    assert r["p_attain"] == 0.75       # 130, 102, 99, 150 -> 3 of 4 meet >= 100
    assert r["status"] == "acceleration_needed"  # not locked in: a stock can fall


def test_fewer_than_two_points():
    r = evaluate_goal(LEVEL, frame([(2020, 80.0, "")]), as_of=2020, paths=PATHS,
                      path_years=[2021, 2022, 2023])
    assert r["p_attain"] == 0.75
    assert all(r[f"status_{m}"] == "insufficient_data" for m in ("unsd2022", "escap", "cn_midterm"))
    assert np.isnan(r["recent_cagr"]) and np.isnan(r["time_distance"])


def test_no_data_at_all():
    r = evaluate_goal(LEVEL, frame([]), as_of=2020)
    assert r["status"] == "insufficient_data" and np.isnan(r["p_attain"])
    assert r["evidence"] == "none" and r["reason"]


def test_not_evaluable():
    t = Target("talent", "x", "r", "level", ">=", 1.0, 2022, "q", evaluable=False,
               reason="no public series of talent inflows")
    r = evaluate_goal(t, frame([(2020, 5.0, "")]), as_of=2020)
    assert r["status"] == "insufficient_data" and np.isnan(r["p_attain"])
    assert r["evidence"] == "none" and r["reason"] == "no public series of talent inflows"
    assert r["reason_zh"] == "没有能衡量该目标的公开数据序列"  # the goal gives no reason_zh
    t = Target("talent", "x", "r", "level", ">=", 1.0, 2022, "q", evaluable=False,
               reason="no public series of talent inflows", reason_zh="没有人才引进的公开数据")
    assert evaluate_goal(t, frame([]), as_of=2020)["reason_zh"] == "没有人才引进的公开数据"


def test_reasons_in_chinese_name_the_cause():
    r = evaluate_goal(LEVEL, frame([]), as_of=2019)
    assert r["reason_zh"] == "截至2019年该地区没有这一指标的观测值"
    t = Target("lvl22", "x", "r", "level", ">=", 100.0, 2022, "q", base_year=2018)
    r = evaluate_goal(t, frame([(2018, 80.0, ""), (2020, 90.0, "")]), as_of=2023)
    assert r["reason_zh"] == ("目标年份2022年已过（数据截至2023年），只能由观测值判断，"
                              "但2022年没有观测值；模型推算不能代替观测；未给出达标概率：各方法依据"
                              "目标年之前的观测趋势判断，而是否达标需要目标年的观测值")
    assert r["reason_code"] == "p_needs_observation"
    r = evaluate_goal(t, frame([(2018, 80.0, ""), (2020, 90.0, "")]), as_of=2020)
    assert r["reason_zh"] == "2020年之后没有预测路径：数据太少，增长模型无法外推"
    r = evaluate_goal(SME_NET, frame([(2019, 6615.0, ""), (2020, 7141.0, "")]), as_of=2020)
    assert r["reason_zh"] == "观测数据表明目标已达成"


def test_target_year_passed():
    h = frame([(2018, 80.0, ""), (2020, 90.0, "")])
    # as_of 2023 >= T 2022, nothing observed at 2022 or after: no nowcast, insufficient_data
    t = Target("lvl22", "x", "r", "level", ">=", 100.0, 2022, "q", base_year=2018)
    r = evaluate_goal(t, h, as_of=2023, paths=PATHS, path_years=[2021, 2022, 2023])
    assert r["status"] == "insufficient_data" and "not after as_of" in r["reason"]
    # an observation at T decides it
    r2 = evaluate_goal(t, frame([(2018, 80.0, ""), (2022, 97.0, "")]), as_of=2023)
    assert r2["status"] == "off_track" and r2["p_attain"] == 0.0


def test_zero_and_negative_values():
    t = Target("z", "x", "r", "level", ">=", 10.0, 2023, "q", base_year=2019)
    r = evaluate_goal(t, frame([(2019, 0.0, ""), (2020, 2.0, "")]), as_of=2020,
                      paths=PATHS / 10, path_years=[2021, 2022, 2023])
    assert r["status_statcan"] != "insufficient_data"   # zero base replaced by 0.001 (open-sdg)
    assert np.isfinite(r["p_attain"])
    # a series that changes sign: no growth rate, methods say so, P(attain) still counts paths
    r2 = evaluate_goal(t, frame([(2019, -5.0, ""), (2020, 2.0, "")]), as_of=2020,
                       paths=PATHS / 10, path_years=[2021, 2022, 2023])
    assert r2["status_unsd2022"] == "insufficient_data"
    assert r2["p_attain"] == 0.75


def test_regressing_and_required_acceleration():
    t = Target("lvl", "x", "r", "level", ">=", 100.0, 2023, "q", base_year=2018)
    falling = frame([(2018, 90.0, ""), (2019, 95.0, ""), (2020, 92.0, "")])
    r = evaluate_goal(t, falling, as_of=2020, paths=PATHS, path_years=[2021, 2022, 2023])
    assert r["p_attain"] == 0.75 and r["status"] == "regressing"
    assert np.isnan(r["required_acceleration"])  # recent pace moves away: no ratio
    rising = frame([(2018, 80.0, ""), (2019, 84.0, ""), (2020, 90.0, "")])
    r = evaluate_goal(t, rising, as_of=2020, paths=PATHS, path_years=[2021, 2022, 2023])
    # needed from 2020: (100/90)**(1/3)-1 = 3.574%; recent 84 -> 90: 7.143% -> ratio 0.5004
    assert r["required_cagr_latest"] == pytest.approx((100 / 90) ** (1 / 3) - 1)
    assert r["required_acceleration"] == pytest.approx(((100 / 90) ** (1 / 3) - 1) / (90 / 84 - 1))
    # time distance: straight path 80 (2018) -> 100 (2023) reaches 90 in 2020.5 -> +0.5 years
    assert r["time_distance"] == pytest.approx(0.5)


def test_locked_in_cumulative_and_monotone_stock():
    # 累计新增孵化器 100家以上 2020-2022: additions 60 (2020) + 45 (2021) = 105 by 2021 -> met early
    t = Target("incub", "incubators_added", "xingtai", "cumulative", ">=", 100.0, 2022, "q",
               window=(2020, 2022))
    r = evaluate_goal(t, frame([(2020, 60.0, ""), (2021, 45.0, "")]), IndicatorFacts(kind="flow", bounds=(0, None)),
                      as_of=2021)
    assert r["status"] == "achieved" and "locked in" in r["reason"]
    # a stock beyond its goal before T is NOT locked in unless the catalog says it cannot fall
    t2 = Target("s", "x", "r", "level", ">=", 100.0, 2022, "q")
    h = frame([(2020, 120.0, "")])
    assert evaluate_goal(t2, h, as_of=2020)["status"] == "insufficient_data"
    assert evaluate_goal(t2, h, IndicatorFacts(monotone=True), as_of=2020)["status"] == "achieved"


# -- batch ----------------------------------------------------------------------------------------
OBS = pd.DataFrame({
    "indicator": ["tech_smes"] * 3 + ["high_tech_enterprises"] * 3 + ["high_tech_enterprises_added",
                                                                      "high_tech_enterprises"],
    "region": ["xingtai"] * 8,
    "year": [2018, 2019, 2020, 2019, 2020, 2025, 2020, 2020],
    "value": [6100.0, 6615.0, 7141.0, 320.0, 450.0, 1029.0, 125.0, 360.0],
    "bound": ["", "", "", "", "", "", ">=", ""],
    "kind": ["actual"] * 7 + ["target"],   # the plan's 360 is a goal, never an observation
    "vintage": [""] * 8,
})
CATALOG = {
    "tech_smes": {"direction": "higher", "bounds": [0, None], "kind": "stock"},
    "high_tech_enterprises": {"direction": "higher", "bounds": [0, None], "kind": "stock"},
}


def test_batch_columns_and_backtest():
    paths = {("tech_smes", "xingtai"): (np.array([[7000.0], [7200.0], [7100.0], [7050.0]]), [2020])}
    df = evaluate_targets([SME_NET, HTE_NET, HTE_2022], OBS, paths, as_of=2019, catalog=CATALOG,
                          scenario="baseline")
    assert list(df.columns) == SUMMARY_COLUMNS + EXTRA_COLUMNS
    assert (df["scenario"] == "baseline").all()
    assert set(df["status"]) <= set(STATUSES)
    sme = df.set_index("target_id").loc["sme_net_2020"]
    # increases 7000-6615=385, 585, 485, 435 -> >= 500: 1 of 4 -> call "miss"; observed +526 met
    assert sme["p_attain"] == 0.25 and sme["status"] == "off_track"
    assert sme["observed_outcome"] == 526.0 and sme["observed_met"] is True
    assert sme["call_correct"] is False
    hte = df.set_index("target_id").loc["hte_net_2020"]
    assert hte["status"] == "insufficient_data"          # no paths as of 2019
    assert hte["observed_outcome"] == 130.0 and hte["observed_met"] is True   # 450 - 320
    assert hte["call_correct"] is None


def test_batch_as_of_2020_real_outcomes():
    df = evaluate_targets([SME_NET, HTE_NET], OBS, {}, as_of=2020, catalog=CATALOG).set_index("target_id")
    assert df.loc["sme_net_2020", "status"] == "achieved"
    assert df.loc["hte_net_2020", "status"] == "achieved"


def test_batch_accepts_catalog_objects_and_projection_like(mini_catalog):
    class Proj:  # Projection-like: .paths and .years
        paths = np.array([[400.0, 460.0, 520.0], [400.0, 450.0, 480.0]])
        years = np.array([2020, 2021, 2022])
    obs = OBS[OBS["year"] <= 2019]
    t = Target("hte_2022", "high_tech_enterprises", "xingtai", "level", ">", 500.0, 2022, "q")
    df = evaluate_targets([t], obs, {("high_tech_enterprises", "xingtai"): Proj()}, as_of=2019,
                          catalog=mini_catalog)
    assert df.loc[0, "p_attain"] == 0.5


def test_batch_of_forty_goals_at_10k_paths():
    # Speed is measured in benchmarks/, never asserted here; this checks the batch at scale.
    rng = np.random.default_rng(0)
    paths = {("tech_smes", "xingtai"): (7141 * np.exp(np.cumsum(rng.normal(0.05, 0.05, (10_000, 5)),
                                                                axis=1)), list(range(2021, 2026)))}
    targets = [Target(f"g{i}", "tech_smes", "xingtai", ["level", "net_increase", "growth"][i % 3],
                      ">=", [8000.0, 400.0, 5.0][i % 3], 2021 + i % 5, "q", base_year=2019)
               for i in range(40)]
    df = evaluate_targets(targets, OBS, paths, as_of=2020, catalog=CATALOG)
    assert len(df) == 40 and df["p_attain"].notna().all()


def test_cumulative_level_view_methods():
    # 累计新增 100 in 2021-2025; additions 20 (2021), 25 (2022), as of 2022
    # running sum 0 (2020) -> 20 -> 45; 实现程度 = 45/100 = 0.45 vs 时间进度 2/5 = 0.4 -> on schedule
    t = Target("cum", "x_added", "r", "cumulative", ">=", 100.0, 2025, "q", window=(2021, 2025))
    r = evaluate_goal(t, frame([(2021, 20.0, ""), (2022, 25.0, "")]), IndicatorFacts(kind="flow", bounds=(0, None)),
                      as_of=2022)
    assert r["status_cn_midterm"] == "on_schedule"
    assert r["value_cn_midterm"] == pytest.approx(0.45)
    assert r["status_statcan"] == "insufficient_data"   # a sum starting at 0 has no growth rate
    # time distance: path 0 -> 100 over 2020-2025 reaches 45 in 2022.25 -> +0.25 years
    assert r["time_distance"] == pytest.approx(0.25)
    # ESCAP: weighted line through (2020, 0), (2021, 20), (2022, 45), weights 1, 2, 3:
    # xm = 12128/6 = 2021.333, ym = 175/6 = 29.167,
    # Sxy = 1(-1.333)(-29.167) + 2(-0.333)(-9.167) + 3(0.667)(15.833) = 76.667, Sxx = 3.333
    # -> slope 23.0; x_hat(2025) = 29.167 + 23 * 3.667 = 113.5 -> G = (100 - 113.5)/100 = -0.135
    assert r["status_escap"] == "maintain_progress"
    assert r["value_escap"] == pytest.approx(-0.135, abs=1e-9)


def test_growth_goal_required_rate_and_view():
    # 新增专利较上年增长20%以上 (2020): level view x* = x(2019) * 1.2
    t = Target("pat", "patents", "r", "growth", ">=", 20.0, 2020, "q")
    paths = np.array([[130.0], [115.0], [125.0], [100.0]])
    r = evaluate_goal(t, frame([(2018, 90.0, ""), (2019, 100.0, "")]), as_of=2019, paths=paths,
                      path_years=[2020])
    assert r["required_cagr"] == pytest.approx(0.20)
    assert r["p_attain"] == 0.5          # growth 30%, 15%, 25%, 0% -> >= 20%: 2 of 4
    assert r["projected_median"] == pytest.approx(20.0)  # median of 0, 15, 25, 30
    assert r["gap"] == pytest.approx(0.0)
