"""Each goal type's semantics on small hand-made path arrays (exact P(attain) by counting).

Provenance: the expected shares are counted by hand from the arrays written in each test.
"""

import numpy as np
import pandas as pd
import pytest

from xtforecast.gap import IndicatorFacts, evaluate_goal, judge_interval, measure_spec
from xtforecast.targets import Target

YEARS = [2021, 2022, 2023]
# 4 paths x 3 years of a stock observed at 100 in 2020
STOCK = np.array([[100, 110, 120],
                  [100, 105, 104],
                  [90, 95, 130],
                  [110, 120, 125]], float)
HIST = pd.DataFrame({"year": [2019, 2020], "value": [95.0, 100.0], "bound": ["", ""]})


def goal(type_, comparator, value, **kw):
    return Target(f"g_{type_}", "x", "r", type_, comparator, value, kw.pop("target_year", 2023),
                  "quote", **kw)


def p_of(target, paths=STOCK, hist=HIST, **facts):
    return evaluate_goal(target, hist, IndicatorFacts(**facts), as_of=2020, paths=paths, path_years=YEARS)


@pytest.mark.parametrize("comparator, value, p", [
    (">=", 120, 0.75),   # x(2023) = 120, 104, 130, 125 -> 3 of 4
    (">", 120, 0.5),     # 130, 125
    ("<=", 120, 0.5),    # 120, 104
    ("<", 120, 0.25),    # 104
    ("==", 120, 0.25),   # 120
])
def test_level_comparators(comparator, value, p):
    r = p_of(goal("level", comparator, value))
    assert r["p_attain"] == p
    assert r["p_source"] == "paths" and r["n_paths"] == 4


def test_level_quantiles():
    r = p_of(goal("level", ">=", 120))
    # x(2023) sorted 104, 120, 125, 130 -> median 122.5 (numpy linear interpolation)
    assert r["projected_median"] == pytest.approx(122.5)
    assert r["projected_p10"] == pytest.approx(104 + 0.3 * 16)   # position 0.3 between 104 and 120
    assert r["projected_p90"] == pytest.approx(125 + 0.7 * 5)    # position 2.7 between 125 and 130


def test_share_is_level():
    assert p_of(goal("share", ">=", 120))["p_attain"] == 0.75


def test_net_increase_last_year():
    # x(2023) - x(2022) = 10, -1, 35, 5 -> >= 10: 2 of 4
    assert p_of(goal("net_increase", ">=", 10))["p_attain"] == 0.5


def test_net_increase_over_window_uses_observed_start():
    # window 2021-2023: x(2023) - x(2020 observed = 100) = 20, 4, 30, 25 -> >= 20: 3 of 4
    assert p_of(goal("net_increase", ">=", 20, window=(2021, 2023)))["p_attain"] == 0.75


def test_net_increase_first_projected_year_uses_observation():
    # goal in 2021: x(2021) - x(2020) = 0, 0, -10, 10 -> >= 0: 3 of 4
    r = evaluate_goal(goal("net_increase", ">=", 0, target_year=2021), HIST, as_of=2020,
                      paths=STOCK[:, :1], path_years=[2021])
    assert r["p_attain"] == 0.75


def test_growth_year_on_year():
    # 120/110 = +9.09%, 104/105 = -0.95%, 130/95 = +36.8%, 125/120 = +4.17% -> >= 9%: 2 of 4
    assert p_of(goal("growth", ">=", 9))["p_attain"] == 0.5


def test_cumulative_flow_observed_plus_paths():
    # flow observed 10 in 2021 (as_of 2021); paths for 2022-2023:
    flows = np.array([[5, 5], [10, 0], [0, 0], [20, 20]], float)
    hist = pd.DataFrame({"year": [2020, 2021], "value": [7.0, 10.0], "bound": ["", ""]})
    t = goal("cumulative", ">=", 20, window=(2021, 2023))
    r = evaluate_goal(t, hist, IndicatorFacts(kind="flow"), as_of=2021, paths=flows, path_years=[2022, 2023])
    # sums 10+10=20, 10+10=20, 10+0=10, 10+40=50 -> >= 20: 3 of 4; > 20: 1 of 4
    assert r["p_attain"] == 0.75
    t2 = goal("cumulative", ">", 20, window=(2021, 2023))
    r2 = evaluate_goal(t2, hist, IndicatorFacts(kind="flow"), as_of=2021, paths=flows, path_years=[2022, 2023])
    assert r2["p_attain"] == 0.25


def test_cumulative_of_a_stock_is_its_change():
    # stock paths, window 2021-2023: x(2023) - x(2020) = 20, 4, 30, 25 -> >= 25: 2 of 4
    assert p_of(goal("cumulative", ">=", 25, window=(2021, 2023)))["p_attain"] == 0.5


def test_cumulative_flow_paths_for_stock_goal():
    # a stock goal judged from paths of its additions (paths_are_flow) and observed additions
    flows = np.array([[5, 5, 5], [10, 0, 0], [0, 0, 0], [20, 20, 0]], float)
    t = goal("cumulative", ">=", 15, window=(2021, 2023))
    fh = pd.DataFrame({"year": [2020], "value": [4.0], "bound": [""]})
    r = evaluate_goal(t, HIST, as_of=2020, paths=flows, path_years=YEARS, paths_are_flow=True,
                      flow_history=fh)
    # sums 15, 10, 0, 40 -> >= 15: 2 of 4
    assert r["p_attain"] == 0.5


RANKS = np.array([[5, 4, 3], [5, 5, 4], [4, 3, 2], [6, 6, 6]], float)
RANK_HIST = pd.DataFrame({"year": [2020], "value": [5.0], "bound": [""]})


def test_rank_lower_is_better():
    # rank 2023 = 3, 4, 2, 6 -> <= 3: 2 of 4
    r = p_of(goal("rank", "<=", 3), paths=RANKS, hist=RANK_HIST, direction="lower", kind="rank")
    assert r["p_attain"] == 0.5


def test_rank_relative_to_base():
    # base 2020 rank 5; change = 3-5, 4-5, 2-5, 6-5 = -2, -1, -3, +1 -> <= -2: 2 of 4
    t = goal("rank", "<=", -2, base_year=2020, relative=True)
    r = p_of(t, paths=RANKS, hist=RANK_HIST, direction="lower", kind="rank")
    assert r["p_attain"] == 0.5


def test_relative_rank_needs_base_year():
    with pytest.raises(ValueError, match="relative rank goal needs 'base_year'"):
        measure_spec(goal("rank", "<=", -1, relative=True))


def test_class_order_best_first():
    # ordinals (A=1) at 2023: 1, 2, 3, 3 -> "<= B" (B or better): 2 of 4
    paths = np.array([[3, 2, 1], [3, 3, 2], [3, 3, 3], [2, 3, 3]], float)
    hist = pd.DataFrame({"year": [2020], "value": ["C"], "bound": [""]})
    r = p_of(goal("class", "<=", "B"), paths=paths, hist=hist, kind="class",
             levels=("A", "B", "C"))
    assert r["p_attain"] == 0.5
    assert r["latest_value"] == 3.0  # label C read as ordinal 3


def test_class_observed_label_settles():
    # 威县 class A in the 2023 evaluation (data README) against "<= B" in 2023 -> achieved
    hist = pd.DataFrame({"year": [2020, 2023], "value": ["C", "A"], "bound": ["", ""]})
    r = evaluate_goal(goal("class", "<=", "B"), hist, IndicatorFacts(kind="class", levels=("A", "B", "C")),
                      as_of=2023)
    assert r["status"] == "achieved" and r["p_attain"] == 1.0


def test_unknown_class_label():
    r = evaluate_goal(goal("class", "<=", "Z"), RANK_HIST, IndicatorFacts(kind="class", levels=("A", "B", "C")),
                      as_of=2020)
    assert r["status"] == "insufficient_data" and r["reason_codes"] == "class_not_in_levels"
    assert r["reason"] == "class 'Z' is not among the levels [A, B, C]; give the catalog's levels"
    assert r["reason_en"] == "class 'Z' is not one of the catalog's classes (A, B, C)"


def test_unknown_comparator_message():
    with pytest.raises(ValueError, match="comparator must be one of"):
        p_of(goal("level", "=>", 120))


def test_bad_path_shapes():
    with pytest.raises(ValueError, match="one year per column"):
        evaluate_goal(goal("level", ">=", 1), HIST, as_of=2020, paths=STOCK, path_years=[2021, 2022])
    with pytest.raises(ValueError, match="consecutive"):
        evaluate_goal(goal("level", ">=", 1), HIST, as_of=2020, paths=STOCK,
                      path_years=[2021, 2022, 2024])


@pytest.mark.parametrize("lo, hi, comp, value, expected", [
    (125, np.inf, ">=", 80, True),     # "+125 以上" vs "净增 80 家以上"
    (-np.inf, 400, ">=", 500, False),  # a ceiling below the goal: missed
    (400, np.inf, ">=", 500, None),    # ">= 400" does not settle ">= 500"
    (300, 300, "<=", 300, True),
    (301, np.inf, "<=", 300, False),
    (2, 2, "==", 2, True),
    (3, 5, "==", 2, False),
    (1, 5, "==", 2, None),
    (500, 500, ">", 500, False),
])
def test_judge_interval(lo, hi, comp, value, expected):
    assert judge_interval(lo, hi, comp, value) is expected
