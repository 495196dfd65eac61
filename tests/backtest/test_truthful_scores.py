"""The back-test tells the truth (issue 12, Deliver 3): one call per (goal, information set), an
out-of-sample base rate, a naive rule and plain verdicts per horizon. Hand-made calls tables;
each expected number is derived in a comment."""

import numpy as np
import pandas as pd
import pytest

from xtforecast.backtest import (
    by_horizon,
    goal_outcomes,
    mark_distinct,
    naive_paths,
    out_of_sample_base_rate,
    score_calls,
    verdict_sentence,
)

GOAL = {"indicator": "hte", "region": "hebei", "target_type": "level", "comparator": ">=",
            "target_value": 15000.0, "target_year": 2025}


def calls(rows, **goal):
    """rows: (as_of, latest_year, p, median, observed_met, p_source)"""
    g = {**GOAL, **goal}
    return pd.DataFrame([{**g, "plan": "p", "target_id": "g", "as_of": a, "latest_year": ly,
                          "p_attain": p, "projected_median": m, "observed_met": met,
                          "p_source": src, "scored": src != "observed" and met is not None,
                          "observed_outcome": 15100.0, "horizon": g["target_year"] - a}
                         for a, ly, p, m, met, src in rows])


def test_an_unchanged_projection_counts_once():
    # the Hebei case: p = 0.491 from the same data at as_of 2017-2020, then 0.5455
    c = mark_distinct(calls([(2017, 2017, 0.491, 13902.3, True, "paths"),
                             (2018, 2017, 0.491, 13902.3, True, "paths"),
                             (2019, 2017, 0.491, 13902.3, True, "paths"),
                             (2020, 2017, 0.491, 13902.3, True, "paths"),
                             (2021, 2020, 0.5455, 16711.1, True, "paths")]))
    assert c["distinct"].tolist() == [True, False, False, False, True]
    assert c["n_vintages"].tolist() == [4, 0, 0, 0, 1]
    # scored over the two distinct calls: ((0.491-1)^2 + (0.5455-1)^2) / 2
    sc = score_calls(c, distinct_only=True)
    assert sc["n_scored"] == 2
    assert sc["brier"] == pytest.approx(((1 - 0.491) ** 2 + (1 - 0.5455) ** 2) / 2)


def test_the_same_goal_in_two_plans_is_one_goal():
    a = calls([(2019, 2019, 0.6, 10.0, True, "paths")])
    b = a.assign(plan="q", target_id="other_id")
    c = mark_distinct(pd.concat([a, b], ignore_index=True))
    assert c["distinct"].tolist() == [True, False]


def test_base_rate_only_knows_outcomes_before_the_call():
    # goal A (2015) missed, settled by data at as_of 2015; goal B (2018) met, seen after the
    # vintage; goal C (2025) met, the one being forecast.
    c = pd.concat([
        calls([(2015, 2015, 0.0, np.nan, None, "observed")], target_year=2015, target_value=1.0),
        calls([(2016, 2016, 0.7, 5.0, True, "paths")], target_year=2018, target_value=2.0),
        calls([(2017, 2017, 0.5, 9.0, True, "paths"), (2019, 2019, 0.6, 9.5, True, "paths")]),
    ], ignore_index=True)
    o = goal_outcomes(c)
    assert sorted(zip(o["known_in"], o["met"])) == [(2015, False), (2018, True), (2025, True)]
    # at 2017 only A is known: (0 + 1) / (1 + 2) = 1/3; at 2019 A and B: (1 + 1) / (2 + 2) = 1/2;
    # the forecast goal's own outcome (2025) never enters
    assert out_of_sample_base_rate(o, 2017) == pytest.approx(1 / 3)
    assert out_of_sample_base_rate(o, 2019) == pytest.approx(1 / 2)
    assert out_of_sample_base_rate(o, 2014) == 0.5


def test_naive_rule_is_the_cagr_of_the_last_five_observations():
    # 2014..2020: 50 then 100, 110, 121, 133.1, 146.41 (+10 %/yr over the last five);
    # the first (50) is not among the last five, so the pace is exactly 10 %
    obs = pd.DataFrame({"indicator": "x", "region": "r", "year": list(range(2015, 2021)),
                        "value": [50.0, 100.0, 110.0, 121.0, 133.1, 146.41], "vintage": ""})
    p, y = naive_paths(obs, "x", "r", 2020, 2022)
    assert y.tolist() == [2021, 2022]
    assert p[0] == pytest.approx([146.41 * 1.1, 146.41 * 1.21])
    assert naive_paths(obs.assign(value=obs["value"] - 100.0), "x", "r", 2020, 2022) is None
    assert naive_paths(obs.head(1), "x", "r", 2020, 2022) is None


def test_verdict_says_worse_than_a_coin_and_always_met_per_horizon():
    # horizon 1: p 0.9 met -> Brier 0.01, better than a coin (0.25) but worse than "always
    # met" (0); horizon 4: p 0.3 met -> 0.49, worse than a coin too
    c = pd.concat([calls([(2024, 2024, 0.9, 1.0, True, "paths")]),
                   calls([(2021, 2021, 0.3, 1.0, True, "paths")])], ignore_index=True)
    c = mark_distinct(c).assign(base_rate=0.5, naive_p=1.0)
    t = by_horizon(c)
    assert t["horizon"].tolist() == ["1", "4", "all"]
    assert t["brier"].tolist() == pytest.approx([0.01, 0.49, 0.25])
    en = verdict_sentence(t, "en")
    assert "1 year ahead: 1 distinct call, Brier 0.010" in en
    assert '0.010 (coin 0.250, always met 0.000, out-of-sample base rate 0.250, naive rule ' \
           '0.000): WORSE than "always met", the naive rule.' in en
    assert "4 years ahead" in en and 'WORSE than a coin (0.25), "always met"' in en
    zh = verdict_sentence(t, "zh")
    assert "提前 4 年" in zh and "比抛硬币（0.25）" in zh
