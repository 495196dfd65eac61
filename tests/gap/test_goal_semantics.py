"""One reading of each change goal (growth, net_increase, cumulative), used by every column.

Issue 12, Deliver 2: P(attain), required CAGR, reason, status and every method column must
read a goal the same way. The cases are hand-made; each expected number is derived in a
comment from the figures written in the test.
"""

import numpy as np
import pandas as pd
import pytest

from xtforecast.gap import evaluate_goal, measure_spec
from xtforecast.gap.evaluate import REFUSALS, indicator_facts, level_view
from xtforecast.gap.measures import change_base_year
from xtforecast.gap.methods import METHODS
from xtforecast.gap.series import ObservedSeries
from xtforecast.targets import Target, read_plan


def frame(rows):
    return pd.DataFrame(rows, columns=["year", "value", "bound"])


# x(2020) = 100 growing 9% a year to 2024: 109, 118.81, 129.50, 141.16 (rounded)
NINE = frame([(2020, 100.0, ""), (2021, 109.0, ""), (2022, 118.81, ""), (2023, 129.50, ""),
              (2024, 141.16, "")])
# three paths for 2025
PATHS_2025 = np.array([[150.0], [152.0], [138.0]])

AVG_7 = Target("avg7", "x", "r", "growth", ">=", 7.0, 2025, "年均增长不低于7%", base_year=2020,
               growth_basis="average")
YOY_7 = Target("yoy7", "x", "r", "growth", ">=", 7.0, 2025, "较上年增长7%")


def run(target, hist=NINE, as_of=2024, paths=PATHS_2025):
    return evaluate_goal(target, hist, as_of=as_of, paths=paths, path_years=[2025])


# -- growth ----------------------------------------------------------------------------------

def test_average_growth_goal_agrees_with_its_method_columns():
    # the issue's case: ">= 7% a year on average over 2021-2025" at as_of 2024.
    # Average growth 2020->2025 per path: (150/100)^(1/5)-1 = 8.45%, (152/100)^(1/5)-1 = 8.73%,
    # (138/100)^(1/5)-1 = 6.65% -> 2 of 3 meet 7%. (The old year-on-year reading counted
    # 150/141.16 = +6.3%, 152/141.16 = +7.7%, 138/141.16 = -2.2% -> 1 of 3 = 0.333, off_track.)
    r = run(AVG_7)
    assert r["p_attain"] == pytest.approx(2 / 3)
    assert r["status"] != "off_track"
    assert r["projected_median"] == pytest.approx(100 * (1.5 ** 0.2 - 1))
    assert r["required_cagr"] == pytest.approx(0.07)
    # the level view: x* = 100 * 1.07^5 = 140.255; the latest 141.16 already meets it, so the
    # methods say achieved, and P agrees that most paths end above the same x*
    assert r["base_year"] == 2020 and r["base_value"] == 100.0
    assert all(r[f"status_{m}"] == "achieved" for m in METHODS)
    assert "(average annual)" in r["reason"] and "2020→2025" in r["reason"]


def test_year_on_year_growth_goal_reads_the_last_year_everywhere():
    # yoy: 150/141.16 = +6.26%, 152/141.16 = +7.68%, 138/141.16 = -2.24% -> 1 of 3
    r = run(YOY_7)
    assert r["p_attain"] == pytest.approx(1 / 3)
    assert r["required_cagr"] == pytest.approx(0.07)
    # required from the latest: x* = 141.16 * 1.07 over one year -> 7%
    assert r["required_cagr_latest"] == pytest.approx(0.07)
    assert r["base_year"] == 2024 and r["base_value"] == 141.16
    assert "(year-on-year)" in r["reason"]


def test_growth_goal_observed_in_target_year_settles_by_its_basis():
    hist = pd.concat([NINE, frame([(2025, 145.0, "")])], ignore_index=True)
    # average: (145/100)^(1/5) - 1 = 7.71% >= 7 -> achieved; yoy: 145/141.16 - 1 = 2.72% -> missed
    a, y = run(AVG_7, hist, 2025, None), run(YOY_7, hist, 2025, None)
    assert (a["status"], a["p_attain"]) == ("achieved", 1.0)
    assert a["measure"] == pytest.approx(100 * (1.45 ** 0.2 - 1))
    assert (y["status"], y["p_attain"]) == ("off_track", 0.0)
    assert y["measure"] == pytest.approx(100 * (145 / 141.16 - 1))
    # the yoy method columns read the same x* = 141.16 * 1.07 = 151.04 > 145: not achieved
    assert all(y[f"status_{m}"] != "achieved" for m in METHODS)


def test_average_window_and_base_year_give_the_same_goal():
    w = Target("w", "x", "r", "growth", ">=", 7.0, 2025, "q", window=(2021, 2025),
               growth_basis="average")
    assert change_base_year(w) == change_base_year(AVG_7) == 2020
    assert run(w)["p_attain"] == run(AVG_7)["p_attain"]


@pytest.mark.parametrize("base", [-4.0, 0.0])
def test_growth_from_a_zero_or_negative_base_is_refused(base):
    # a base of -4 "grown" 10% a year for 3 years would give a target of -5.324: a fall
    t = Target("g", "x", "r", "growth", ">=", 10.0, 2023, "q", base_year=2020,
               growth_basis="average")
    hist = frame([(2019, 3.0, ""), (2020, base, ""), (2021, 2.0, "")])
    r = evaluate_goal(t, hist, as_of=2021, paths=np.array([[3.0, 4.0]]), path_years=[2022, 2023])
    assert r["status"] == "insufficient_data" and np.isnan(r["p_attain"])
    assert r["reason_code"] == "growth_nonpositive_base"
    assert f"base of {base:g} (2020)" in r["reason"]
    assert "不为正" in r["reason_zh"]
    assert all(r[f"status_{m}"] == "insufficient_data" for m in METHODS)
    assert set(REFUSALS) >= {"growth_nonpositive_base"}


def test_growth_path_from_a_nonpositive_base_never_meets():
    # base year 2024 not observed: the paths carry it; 0 and -1 give no growth rate (NaN, not met)
    t = Target("g", "x", "r", "growth", ">=", 10.0, 2025, "q")
    paths = np.array([[0.0, 5.0], [-1.0, 5.0], [10.0, 12.0], [10.0, 10.5]])
    r = evaluate_goal(t, frame([(2023, 9.0, "")]), as_of=2023, paths=paths,
                      path_years=[2024, 2025])
    # only 12/10 = +20% meets; 10.5/10 = +5% does not -> 1 of 4
    assert r["p_attain"] == 0.25


# -- net_increase and cumulative: one definition ----------------------------------------------

CHANGE_GOALS = [
    # (target, is_flow, expected base year, expected measure years)
    (Target("n1", "x", "r", "net_increase", ">=", 5.0, 2023, "q"), False, 2022, (2023, 2022)),
    (Target("n2", "x", "r", "net_increase", ">=", 5.0, 2023, "q", window=(2021, 2023)), False,
     2020, (2023, 2020)),
    (Target("n3", "x", "r", "net_increase", ">=", 5.0, 2023, "q", window=(2021, 2023)), True,
     2020, (2021, 2022, 2023)),
    (Target("c1", "x", "r", "cumulative", ">=", 5.0, 2023, "q", window=(2021, 2023)), True,
     2020, (2021, 2022, 2023)),
    (Target("c2", "x", "r", "cumulative", ">=", 5.0, 2023, "q", window=(2021, 2023)), False,
     2020, (2023, 2020)),
    (Target("c3", "x", "r", "cumulative", ">=", 5.0, 2023, "q", base_year=2021), True,
     2021, (2022, 2023)),
    (Target("g1", "x", "r", "growth", ">=", 5.0, 2023, "q"), False, 2022, (2023, 2022)),
    (Target("g2", "x", "r", "growth", ">=", 5.0, 2023, "q", base_year=2019,
            growth_basis="average"), False, 2019, (2023, 2019)),
]


@pytest.mark.parametrize("t, is_flow, base, years", CHANGE_GOALS, ids=lambda v: getattr(v, "id", ""))
def test_measure_and_level_view_count_from_the_same_year(t, is_flow, base, years):
    assert change_base_year(t) == base
    assert measure_spec(t, is_flow).years == years
    s = ObservedSeries.from_frame(frame([(y, 10.0 + y - 2019, "") for y in range(2019, 2023)]), 2022)
    view, why = level_view(t, s, indicator_facts(None), is_flow)
    assert why is None and view.t0 == base


def test_net_increase_over_a_window_p_and_methods_read_the_same_level():
    # stock 100 (2020), 104 (2021), 112 (2022); goal: net increase >= 20 over 2021-2023,
    # i.e. x(2023) >= 100 + 20 = 120. Paths for 2023: 118, 121, 125 -> 2 of 3.
    t = Target("n", "x", "r", "net_increase", ">=", 20.0, 2023, "q", window=(2021, 2023))
    hist = frame([(2020, 100.0, ""), (2021, 104.0, ""), (2022, 112.0, "")])
    r = evaluate_goal(t, hist, as_of=2022, paths=np.array([[118.0], [121.0], [125.0]]),
                      path_years=[2023])
    assert r["p_attain"] == pytest.approx(2 / 3)
    # required from the base: (120/100)^(1/3) - 1; the mid-term check: 实现程度 (112-100)/20 = 0.6
    # at 时间进度 2/3 -> behind schedule
    assert r["required_cagr"] == pytest.approx(1.2 ** (1 / 3) - 1)
    assert r["value_cn_midterm"] == pytest.approx(0.6)
    assert r["status_cn_midterm"] == "behind_schedule"


# -- the target file says which reading ----------------------------------------------------------

PLAN_HEAD = """plan:
  id: p
  title_zh: 测试
  source: synthetic
targets:
  - id: g
    indicator: rd_expenditure
    region: xingtai
    type: {type}
    comparator: ">="
    value: 7
    target_year: 2025
    quote: q
"""


def _read(tmp_path, mini_catalog, type_="growth", **fields):
    text = PLAN_HEAD.format(type=type_) + "".join(f"    {k}: {v}\n" for k, v in fields.items())
    f = tmp_path / "p.yaml"
    f.write_text(text, encoding="utf-8")
    return read_plan(f, mini_catalog)


def test_growth_basis_defaults_to_yoy_and_loads_average(tmp_path, mini_catalog):
    plan, issues = _read(tmp_path, mini_catalog)
    assert issues == [] and plan.targets[0].growth_basis == "yoy"
    plan, issues = _read(tmp_path, mini_catalog, growth_basis="average", base_year=2020)
    assert issues == [] and plan.targets[0].growth_basis == "average"
    assert plan.frame()["growth_basis"].tolist() == ["average"]


@pytest.mark.parametrize("type_, fields, rule, words", [
    ("growth", {"growth_basis": "average"}, "missing_field", "needs 'base_year' or 'window"),
    ("growth", {"growth_basis": "annual"}, "bad_growth_basis", "must be one of yoy, average; got 'annual'"),
    ("growth", {"base_year": 2020}, "bad_year", "growth_basis: average"),
    ("growth", {"window": "[2021, 2025]"}, "bad_window", "set growth_basis: average"),
    ("growth", {"growth_basis": "average", "base_year": 2019, "window": "[2021, 2025]"},
     "bad_year", "disagree"),
    ("net_increase", {"base_year": 2020}, "bad_year", "window: [2021, 2025]"),
    ("level", {"growth_basis": "yoy"}, "bad_growth_basis", "growth goals only"),
])
def test_a_goal_whose_years_say_two_things_is_refused(tmp_path, mini_catalog, type_, fields,
                                                      rule, words):
    plan, issues = _read(tmp_path, mini_catalog, type_, **fields)
    assert plan is None
    assert [i.rule for i in issues] == [rule]
    assert words in issues[0].message
    assert issues[0].line is not None  # the error names the line to fix


# -- agreement on evaluability (Deliver 4) -------------------------------------------------------

def test_a_goal_settled_by_one_observation_gets_method_columns_that_agree():
    # only the target year is observed (no base to measure progress from): 130 >= 100 met,
    # 80 >= 100 missed; the methods cannot compute a pace, the observation decides
    t = Target("l", "x", "r", "level", ">=", 100.0, 2020, "q")
    met = evaluate_goal(t, frame([(2020, 130.0, "")]), as_of=2020)
    assert met["p_attain"] == 1.0 and all(met[f"status_{m}"] == "achieved" for m in METHODS)
    assert met["statcan_score"] == 5.0
    missed = evaluate_goal(t, frame([(2020, 80.0, "")]), as_of=2020)
    assert missed["p_attain"] == 0.0
    assert all(missed[f"status_{m}"] == "not_achieved" for m in METHODS)


def test_a_settled_miss_keeps_the_methods_own_progress_class():
    # 80 (2018) -> 90 (2020) against >= 100 in 2020: missed; the methods can compute a pace
    # (ESCAP: the line through 80, 90 reaches 90 in 2020 -> G = (100-90)/20 = 0.5, accelerate)
    t = Target("l", "x", "r", "level", ">=", 100.0, 2020, "q", base_year=2018)
    r = evaluate_goal(t, frame([(2018, 80.0, ""), (2020, 90.0, "")]), as_of=2020)
    assert r["p_attain"] == 0.0
    assert r["status_escap"] == "accelerate_progress"
    assert r["value_escap"] == pytest.approx(0.5)


def test_p_from_paths_where_no_method_can_judge_says_so():
    # the base year is the latest observation: no pace yet; P(attain) comes from the paths
    t = Target("l", "x", "r", "level", ">=", 100.0, 2022, "q", base_year=2020)
    r = evaluate_goal(t, frame([(2020, 90.0, "")]), as_of=2020,
                      paths=np.array([[95.0, 101.0], [92.0, 99.0]]), path_years=[2021, 2022])
    assert r["p_attain"] == 0.5   # 101 meets, 99 does not
    assert all(r[f"status_{m}"] == "insufficient_data" for m in METHODS)
    assert r["reason_code"] == "methods_cannot_judge"
    assert "only P(attain) does" in r["reason"] and "仅给出达标概率" in r["reason_zh"]


def test_p_and_method_columns_are_given_together_or_the_reason_says_why():
    cases = [
        (Target("a", "x", "r", "level", ">=", 100.0, 2022, "q", base_year=2018),
         frame([(2018, 80.0, ""), (2020, 90.0, "")]), 2023, None),          # past, no obs in T
        (Target("b", "x", "r", "level", ">=", 100.0, 2022, "q", base_year=2018),
         frame([(2018, 80.0, ""), (2020, 90.0, "")]), 2020, None),          # no paths
        (Target("c", "x", "r", "level", ">=", 100.0, 2022, "q", base_year=2020),
         frame([(2020, 90.0, "")]), 2020, np.array([[95.0, 101.0]])),       # one point
        (AVG_7, NINE, 2024, PATHS_2025[:, :1].repeat(2, axis=1)),
    ]
    for t, h, as_of, paths in cases:
        kw = {} if paths is None else {"paths": paths, "path_years": list(range(as_of + 1, as_of + 1 + paths.shape[1]))}
        r = evaluate_goal(t, h, as_of=as_of, **kw)
        has_p = np.isfinite(r["p_attain"])
        has_m = any(r[f"status_{m}"] != "insufficient_data" for m in METHODS)
        if has_p != has_m:
            assert r["reason_code"] in ("methods_cannot_judge", "p_needs_observation", "no_paths"), t.id
