"""Golden values of the progress methods.

Provenance: every number below is either quoted from docs/target_methods.md (section
named in the comment) or computed by hand from the formula given there; the arithmetic is in
the comment so it can be checked without running code.
"""

import numpy as np
import pytest

from xtforecast.gap.growth_math import cagr, positive_triple, time_distance, weighted_linear_projection
from xtforecast.gap.methods import (
    METHODS,
    ESCAPThresholds,
    LevelView,
    MidtermThresholds,
    StatCanThresholds,
    UNSD2022Thresholds,
    escap,
    eurostat,
    midterm,
    run_methods,
    statcan,
    statcan_score,
    unsd2022,
    unsd2023,
)
from xtforecast.gap.reasons import Detail
from xtforecast.i18n import LABELS, reason_text


def view(x0, xt, xstar, t0=2015, t=2020, T=2025, d=1, years=None, values=None):
    years = np.array([t0, t] if years is None else years, float)
    values = np.array([x0, xt] if values is None else values, float)
    return LevelView(t0, x0, t, xt, T, xstar, d, years, values)


def xt_for_ratio(R, x0=100.0, req=0.10, t_elapsed=5):
    """The latest value whose CAGR is R times the required CAGR (hand formula x0 (1+R req)^n)."""
    return x0 * (1 + R * req) ** t_elapsed


# x0 = 100 in 2015, goal 100 * 1.1**10 = 259.374... in 2025: required CAGR exactly 10% (a.2 formula)
GOAL_10PCT = 100 * 1.1 ** 10


# -- StatCan score (docs/target_methods.md a.4: "R=0.6 gives 0, R=1.3 gives +5, R=-0.6 gives -5") --
@pytest.mark.parametrize("R, score", [
    (0.6, 0.0),     # a.4 quoted
    (1.3, 5.0),     # a.4 quoted
    (-0.6, -5.0),   # a.4 quoted
    (0.95, 2.5),    # hand: 7.1429*0.95 - 4.2857 = 2.5000
    (0.0, -2.5),    # hand: 4.1667*0 - 2.5
    (3.0, 5.0),     # clipped at +5
    (-2.0, -5.0),   # clipped at -5
])
def test_statcan_score_published_points(R, score):
    assert statcan_score(R) == pytest.approx(score, abs=1e-9)


# -- UNSD 2022 class boundaries (a.2: >0.95 / 0.5 / -0.1) ------------------------------------
@pytest.mark.parametrize("R, label", [
    (1.0, "substantial_progress"),
    (0.96, "substantial_progress"),
    (0.94, "fair_progress"),
    (0.5001, "fair_progress"),
    (0.49, "limited_progress"),
    (0.0, "limited_progress"),
    (-0.09, "limited_progress"),
    (-0.11, "deterioration"),
])
def test_unsd2022_boundaries(R, label):
    r = unsd2022(view(100.0, xt_for_ratio(R), GOAL_10PCT))
    assert r.label == label
    assert r.value == pytest.approx(R, rel=1e-9)


def test_unsd2022_no_abs_bug():
    # a.2 caution: the public code takes abs(CAGR_a); a fall of 5%/yr must give CR = -0.5,
    # deterioration, not +0.5 "fair progress".
    r = unsd2022(view(100.0, 100 * 0.95 ** 5, GOAL_10PCT))
    assert r.value == pytest.approx(-0.5)
    assert r.label == "deterioration"


def test_unsd2022_lower_is_better_sign():
    # lower is better: 100 -> 100*0.95**5 with goal 100*0.9**10: CAGR_a=-5%, CAGR_r=-10% -> CR=0.5
    r = unsd2022(view(100.0, 100 * 0.95 ** 5, 100 * 0.9 ** 10, d=-1))
    assert r.value == pytest.approx(0.5)
    assert r.label == "fair_progress"


def test_unsd2023_eustat_hand_example():
    # a.2 EUSTAT: x_b=100 (2015), x_t=121 (2017) -> CAGR_a = 10%; T=2020, x*=200.
    # x_e = 121 * 1.1**3 = 161.051; P = (161.051 - 100) / (200 - 100) = 0.61051 -> score 2
    r = unsd2023(view(100.0, 121.0, 200.0, t0=2015, t=2017, T=2020))
    assert r.value == pytest.approx(0.61051, abs=1e-9)
    assert r.detail["x_expected"] == pytest.approx(161.051)
    assert r.label == "acceleration_needed" and r.detail["score"] == 2


@pytest.mark.parametrize("xt, label", [
    # P = (121*1.1**3*k - 100)/100 style cases, built so that P lands either side of 0.95 / 0.10
    (100 * 1.1 ** 2, "acceleration_needed"),                 # P = 0.61051 (above)
    (100 * 1.2 ** 2, "on_track"),                            # x_e = 100*1.2**5 = 248.832 -> P = 1.488
    (100 * 1.01 ** 2, "stagnation_or_regression"),           # x_e = 105.101 -> P = 0.051
    (90.0, "stagnation_or_regression"),                      # falling -> P < 0
])
def test_unsd2023_classes(xt, label):
    assert unsd2023(view(100.0, xt, 200.0, t0=2015, t=2017, T=2020)).label == label


@pytest.mark.parametrize("R, label", [
    (0.95, "significant_progress"),   # a.3: RR >= 95%
    (0.94, "moderate_progress"),
    (0.60, "moderate_progress"),      # a.3: 60% <= RR
    (0.59, "insufficient_progress"),
    (0.0, "insufficient_progress"),   # a.3: 0% <= RR
    (-0.01, "movement_away"),
])
def test_eurostat_boundaries(R, label):
    assert eurostat(view(100.0, xt_for_ratio(R), GOAL_10PCT)).label == label


@pytest.mark.parametrize("R, label, score", [
    (0.95, "on_track", 2.5),
    (0.6, "acceleration_needed", 0.0),
    (0.59, "limited_progress", 25 / 6 * 0.59 - 2.5),
    (-0.2, "deterioration", 25 / 6 * -0.2 - 2.5),
])
def test_statcan_classes_and_score(R, label, score):
    r = statcan(view(100.0, xt_for_ratio(R), GOAL_10PCT))
    assert r.label == label
    assert r.detail["score"] == pytest.approx(score, abs=1e-9)


def test_thresholds_are_configurable():
    v = view(100.0, xt_for_ratio(0.9), GOAL_10PCT)
    assert statcan(v).label == "acceleration_needed"
    assert statcan(v, StatCanThresholds(on_track=0.85)).label == "on_track"
    assert unsd2022(v, UNSD2022Thresholds(substantial=0.8)).label == "substantial_progress"
    out = run_methods(v, {"statcan": StatCanThresholds(on_track=0.85)})
    assert out["statcan"].label == "on_track"


def test_unknown_method_thresholds_error():
    with pytest.raises(ValueError, match="unknown method.*registered methods"):
        run_methods(view(1.0, 2.0, 3.0), {"unsd2099": UNSD2022Thresholds()})


# -- ESCAP anticipated-progress gap (a.1) -----------------------------------------------------
def test_weighted_regression_hand_value():
    # years 2018-2020, values 1, 1, 4, weights 1, 2, 3 (recent weighted more):
    # xm = 2019.333, ym = 2.5, Sxx = 3.3333, Sxy = 6 -> slope 1.8; at 2020: 2.5 + 1.8*0.6667 = 3.7
    # (unweighted OLS would give 3.5)
    assert weighted_linear_projection([2018, 2019, 2020], [1, 1, 4], 2020) == pytest.approx(3.7)
    assert weighted_linear_projection([2018, 2019, 2020], [1, 1, 4], 2020,
                                      weights=[1, 1, 1]) == pytest.approx(3.5)


@pytest.mark.parametrize("values, xstar, d, G, label", [
    # 10, 12, 14 (2015-17) -> line 10 + 2(t-2015) -> x_hat(2025) = 30; base 10
    ([10, 12, 14], 40.0, 1, (40 - 30) / 30, "accelerate_progress"),   # G = 1/3
    ([10, 12, 14], 30.0, 1, 0.0, "maintain_progress"),                # G = 0 (boundary, maintain)
    ([10, 12, 14], 25.0, 1, -5 / 15, "maintain_progress"),
    ([10, 9, 8], 20.0, 1, (20 - 0) / 10, "reverse_trend"),           # x_hat = 0 -> G = 2
    # lower is better: 20, 19, 18 -> x_hat = 10; goal 5: G = -(5-10)/|5-20| = 1/3
    ([20, 19, 18], 5.0, -1, 1 / 3, "accelerate_progress"),
    ([20, 18, 16], 5.0, -1, -1 / 3, "maintain_progress"),             # x_hat = 0 beats 5
])
def test_escap_gap_classes(values, xstar, d, G, label):
    v = view(float(values[0]), float(values[-1]), xstar, t0=2015, t=2017, T=2025, d=d,
             years=[2015, 2016, 2017], values=values)
    r = escap(v)
    assert r.label == label
    assert r.value == pytest.approx(G, abs=1e-9)


def test_escap_reverse_boundary_and_log():
    # G exactly 1: x_hat equals the base. 10, 10, 10 -> x_hat 10 = x0; goal 20 -> G = 1 -> reverse
    v = view(10.0, 10.0, 20.0, t0=2015, t=2017, years=[2015, 2016, 2017], values=[10, 10, 10])
    assert escap(v).label == "reverse_trend"
    # log fit of 10, 20, 40 doubles each year: x_hat(2019) = 160 > goal 100 -> maintain
    v = view(10.0, 40.0, 100.0, t0=2015, t=2017, T=2019, years=[2015, 2016, 2017],
             values=[10, 20, 40])
    r = escap(v, ESCAPThresholds(log=True))
    assert r.detail["x_hat"] == pytest.approx(160.0)
    assert r.label == "maintain_progress"


# -- 时间过半、任务过半 (a.7) -------------------------------------------------------------------
@pytest.mark.parametrize("xt, A, label", [
    # base 100 (2020), goal 200 (2025), now 2023: 时间进度 = 3/5 = 0.6
    (150.0, 0.5, "behind_schedule"),   # 实现程度 0.5 < 0.6
    (160.0, 0.6, "on_schedule"),       # 0.6 >= 0.6 (boundary)
    (170.0, 0.7, "on_schedule"),
    (90.0, -0.1, "regressing"),
])
def test_midterm_check(xt, A, label):
    r = midterm(view(100.0, xt, 200.0, t0=2020, t=2023, T=2025))
    assert r.value == pytest.approx(A)
    assert r.detail["time_progress"] == pytest.approx(0.6)
    assert r.label == label


def test_midterm_tolerance():
    v = view(100.0, 150.0, 200.0, t0=2020, t=2023, T=2025)
    assert midterm(v, MidtermThresholds(tolerance=0.15)).label == "on_schedule"


# -- shared rules ------------------------------------------------------------------------------
def test_all_methods_need_two_points():
    v = view(100.0, 100.0, 200.0, t0=2020, t=2020)
    for name, r in run_methods(v).items():
        assert r.label == "insufficient_data", name
        assert r.reason == Detail("needs_two_points", {"t0": 2020, "t": 2020})
    assert reason_text([r.reason], "en", "detail") == ("needs two points (base 2020 and a later "
                                                       "observation); the latest observation is 2020")


def test_all_methods_none_view():
    out = run_methods(None, why_none=Detail("no_observation_up_to_target"))
    assert {r.label for r in out.values()} == {"insufficient_data"}
    assert out["escap"].reason.code == "no_observation_up_to_target"
    assert run_methods(None)["escap"].reason.code == "no_level_view"


def test_latest_meets_goal_is_achieved_for_every_method():
    # 2018-2020 plan anchor: high-tech enterprises >= 360 by 2020; 450 reported for 2020
    # (research/data/entities.csv). With an assumed base of 300 in 2017 every method says achieved.
    v = view(300.0, 450.0, 360.0, t0=2017, t=2020, T=2020)
    assert {r.label for r in run_methods(v).values()} == {"achieved"}


def test_base_already_met_then_fell_short():
    # base 120 met the goal 100 (2018), latest 90 (2020) does not: each method's worst class
    v = view(120.0, 90.0, 100.0, t0=2018, t=2020, T=2025)
    out = run_methods(v)
    assert out["unsd2022"].label == "deterioration"
    assert out["unsd2023"].label == "stagnation_or_regression"
    assert out["eurostat"].label == "movement_away"
    assert out["statcan"].label == "deterioration"
    assert out["escap"].label == "reverse_trend"
    assert out["cn_midterm"].label == "regressing"


def test_zero_base_replaced_and_flagged():
    # open-sdg (a.4): zero base -> 0.001, with a warning; x_t = 0.1 after 2 yrs: CAGR_a = 100**0.5-1 = 9
    r = unsd2022(view(0.0, 0.1, 1.0, t0=2018, t=2020, T=2022))
    assert r.reason == Detail("zero_replaced", {"value": 0.001})
    assert "0.001" in reason_text([r.reason], "en", "detail")
    assert r.detail["cagr_actual"] == pytest.approx(9.0)


def test_mixed_signs_insufficient():
    r = statcan(view(-1.0, 2.0, 5.0))
    assert r.label == "insufficient_data" and r.reason.code == "sign_change"
    # ESCAP works on levels, so mixed signs are fine there: 10 -> ... linear
    assert escap(view(-1.0, 2.0, 5.0, years=[2015, 2020], values=[-1, 2])).label != "insufficient_data"


def test_all_negative_mirrored():
    p = positive_triple(-4.0, -2.0, -1.0, 1)
    assert (p.x0, p.xt, p.xstar, p.d) == (4.0, 2.0, 1.0, -1)
    assert p.ok and [f.code for f in p.flags] == ["all_negative"]


def test_labels_cover_every_method_class():
    seen = set()
    for R in (-1.0, 0.2, 0.7, 1.0):
        for _name, r in run_methods(view(100.0, xt_for_ratio(R), GOAL_10PCT,
                                        years=[2015, 2018, 2020],
                                        values=[100, xt_for_ratio(R, t_elapsed=3), xt_for_ratio(R)])
                                   ).items():
            seen.add(r.label)
    # every class a method assigns has its words in xtforecast/i18n/gap.py
    assert all({"zh", "en"} <= set(LABELS[f"class.{label}"]) for label in seen)
    assert set(METHODS) == {"unsd2022", "unsd2023", "eurostat", "statcan", "escap", "cn_midterm"}


# -- growth arithmetic --------------------------------------------------------------------------
def test_cagr_and_time_distance_hand_values():
    assert cagr(100.0, 121.0, 2) == pytest.approx(0.1)
    assert np.isnan(cagr(0.0, 1.0, 2)) and np.isnan(cagr(1.0, 2.0, 0))
    # base 100 (2020) -> goal 200 (2025); 170 in 2023 = 70% done; the straight path reaches 170 in
    # 2020 + 0.7*5 = 2023.5 -> 0.5 years ahead; 150 in 2023 -> reached in 2022.5 -> 0.5 behind
    assert time_distance(2020, 100.0, 2023, 170.0, 2025, 200.0) == pytest.approx(0.5)
    assert time_distance(2020, 100.0, 2023, 150.0, 2025, 200.0) == pytest.approx(-0.5)
    # lower is better: 100 -> 50; 80 at 2022 = 40% done at 40% of the time: on the path
    assert time_distance(2020, 100.0, 2022, 80.0, 2025, 50.0) == pytest.approx(0.0)


def test_open_sdg_ratio_form_when_base_met():
    # sdg-build ProgressMeasure.methodology_2: R = sign * d * CAGR_o / |CAGR_r|.
    # base 120 (2018) already beyond the goal 100 (2025), latest 96 (2020):
    # CAGR_o = (96/120)**(1/2) - 1 = -0.105573; CAGR_r = (100/120)**(1/7) - 1 = -0.025710
    # R = +1 * -0.105573 / 0.025710 = -4.106 -> deterioration, score clipped at -5
    v = view(120.0, 96.0, 100.0, t0=2018, t=2020, T=2025)
    expected = ((96 / 120) ** 0.5 - 1) / abs((100 / 120) ** (1 / 7) - 1)
    r = statcan(v)
    assert r.value == pytest.approx(expected) and r.value == pytest.approx(-4.106, abs=1e-3)
    assert r.label == "deterioration" and r.detail["score"] == -5.0
    assert r.reason.code == "base_already_met"
    assert reason_text([r.reason], "en", "detail") == "the base value 120 (2018) already met the goal"
    assert unsd2022(v).value == pytest.approx(expected)
