"""The named steps of :func:`xtforecast.gap.evaluate_goal`, each on its own.

Provenance: every case is hand-made; the expected values are read off the figures written in
the test.
"""

import numpy as np
import pandas as pd
import pytest

from xtforecast.gap import DEFAULT_CONFIG, EvaluationConfig, HeadlineThresholds, IndicatorFacts, Reason
from xtforecast.gap.steps import (
    judge_samples,
    method_columns,
    read_goal,
    refusal_of,
    sample_measure,
    settle_from_observations,
)
from xtforecast.targets import Target


def frame(rows):
    return pd.DataFrame(rows, columns=["year", "value", "bound"])


def goal_of(target, rows, as_of=None, facts=None, flows=None):
    return read_goal(target, frame(rows), None if flows is None else frame(flows), facts or IndicatorFacts(), as_of)


LEVEL = Target("lvl", "x", "r", "level", ">=", 100.0, 2023, "q", base_year=2019)


# -- 1. the goal ----------------------------------------------------------------------------------

def test_read_goal_cuts_at_the_vintage_and_reads_the_latest_change():
    g = goal_of(LEVEL, [(2019, 80.0, ""), (2020, 90.0, ""), (2021, 99.0, "")], as_of=2020)
    assert g.series.years.tolist() == [2019, 2020]             # 2021 not yet known in 2020
    assert g.recent_change == pytest.approx(10 / 80)           # 80 -> 90, towards a >= goal
    assert g.recent_cagr == pytest.approx(0.125) and not g.past
    assert goal_of(LEVEL, [(2019, 80.0, "")]).as_of_eff == 2019  # no vintage: the latest year


# -- 2. refusals ----------------------------------------------------------------------------------

@pytest.mark.parametrize("target, rows, code, reason_code", [
    (Target("t", "x", "r", "level", ">=", 1.0, 2022, "q", evaluable=False), [(2020, 1.0, "")],
     "not_evaluable", ""),
    (Target("c", "x", "r", "class", "<=", "Z", 2022, "q"), [(2020, 2.0, "")], "class_not_in_levels", ""),
    (LEVEL, [], "no_observation_as_of", ""),
    # growth from a base of 0 in 2021: no growth rate exists
    (Target("g", "x", "r", "growth", ">=", 5.0, 2022, "q"), [(2021, 0.0, "")], "growth_nonpositive_base",
     "growth_nonpositive_base"),
])
def test_refusals_name_their_code(target, rows, code, reason_code):
    r = refusal_of(goal_of(target, rows, as_of=2021, facts=IndicatorFacts(levels=("A", "B"))))
    assert r.reason.code == code and r.code == reason_code
    assert r.evaluable == (code != "not_evaluable")


def test_a_judgeable_goal_is_not_refused():
    assert refusal_of(goal_of(LEVEL, [(2020, 90.0, "")], as_of=2020)) is None


# -- 3. the observations --------------------------------------------------------------------------

def test_an_exact_observation_at_T_settles_the_goal():
    o = settle_from_observations(goal_of(LEVEL, [(2019, 80.0, ""), (2023, 101.0, "")], as_of=2023))
    assert o.settled is True and o.exact and o.measure == 101.0 and o.how.code == "observed_measure"


def test_a_bound_straddling_the_goal_does_not_settle_it():
    # "90 or more" in 2023 against >= 100: could be either
    o = settle_from_observations(goal_of(LEVEL, [(2023, 90.0, ">=")], as_of=2023))
    assert o.settled is None and (o.lo, o.hi) == (90.0, np.inf)


def test_reported_additions_settle_a_stock_goal_and_say_they_are_gross():
    t = Target("n", "x", "r", "net_increase", ">=", 80.0, 2020, "q")
    o = settle_from_observations(goal_of(t, [(2020, 450.0, "")], as_of=2020, flows=[(2020, 125.0, ">=")]))
    assert o.settled is True and not o.exact and o.how.code == "gross_additions"


# -- 4. the samples -------------------------------------------------------------------------------

def sample(target, rows, as_of, paths=None, years=None):
    g = goal_of(target, rows, as_of=as_of)
    return g, sample_measure(g, settle_from_observations(g), paths, years, False, EvaluationConfig(n_bridge=50),
                             np.random.default_rng(0))


def test_a_year_between_two_observations_is_bridged():
    g, s = sample(LEVEL, [(2020, 80.0, ""), (2025, 120.0, "")], 2025)
    assert s.source == "bridge" and sorted(s.cols) == [2021, 2022, 2023, 2024] and s.bridge_exact
    assert [r.code for r in s.reasons] == ["bridge", "past_chance"]
    assert s.reasons[0].values["ends"] == [2020, 2025] and s.cols[2023].shape == (50,)


def test_a_past_year_with_no_observation_is_not_nowcast():
    g, s = sample(LEVEL, [(2019, 80.0, ""), (2020, 90.0, "")], 2024, paths=np.ones((3, 2)), years=[2024, 2025])
    assert s.source == "" and not s.cols
    assert s.reasons == (Reason("past_unobserved", {"year": 2023, "as_of": 2024, "missing": [2023],
                                                    "measure": s.spec.description}),)


def test_paths_cover_the_years_after_the_last_observation_else_the_reason_says_so():
    paths = np.array([[95.0, 101.0, 110.0], [92.0, 96.0, 99.0]])
    g, s = sample(LEVEL, [(2020, 90.0, "")], 2020, paths, [2021, 2022, 2023])
    assert s.source == "paths" and sorted(s.cols) == [2021, 2022, 2023]
    call = judge_samples(g, s, False, DEFAULT_CONFIG)
    assert call.p == 0.5 and call.n_paths == 2 and call.path_judge is not None
    assert call.numbers["measure"] == call.numbers["projected_median"] == pytest.approx(104.5)
    _, none = sample(LEVEL, [(2020, 90.0, "")], 2020)
    assert none.reasons == (Reason("no_paths_after", {"last": 2020}),)


def test_paths_that_stop_short_of_the_target_year_give_no_p():
    g, s = sample(LEVEL, [(2020, 90.0, "")], 2020, np.ones((2, 2)), [2021, 2022])
    call = judge_samples(g, s, False, DEFAULT_CONFIG)
    assert np.isnan(call.p) and call.source == "" and call.reasons[-1] == Reason("missing_years", {"years": [2023]})


# -- 6. the method columns ------------------------------------------------------------------------

def test_when_only_p_judges_the_methods_say_why():
    g = goal_of(LEVEL, [(2020, 90.0, "")], as_of=2020)
    m = method_columns(g, None, None, None, 0.5, DEFAULT_CONFIG)
    assert m.code == "methods_cannot_judge" and m.reasons[0].values["why"].code == "no_level_view"
    assert set(m.columns) >= {"status_unsd2022", "value_escap", "statcan_score"}
    # no P but methods that judge, before the target year: the paths' reasons already say why
    past = method_columns(g, None, None, True, np.nan, DEFAULT_CONFIG)
    assert past.code == "no_paths" and past.reasons == ()
    assert {r.label for r in past.results.values()} == {"achieved"}  # settled met: every method agrees


# -- the config -----------------------------------------------------------------------------------

def test_config_is_frozen_and_checked():
    c = EvaluationConfig(headline=HeadlineThresholds(on_track=0.9), method_thresholds={"escap": None})
    with pytest.raises(TypeError):
        c.method_thresholds["unsd2022"] = None
    with pytest.raises(AttributeError):
        c.n_bridge = 5
    with pytest.raises(ValueError, match="n_bridge must be a positive whole number"):
        EvaluationConfig(n_bridge=2.5)
    with pytest.raises(ValueError, match="bridge_sigma must be positive"):
        EvaluationConfig(bridge_sigma=0.0)
