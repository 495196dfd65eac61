"""Scoring functions of the back-test on hand-made examples with known answers."""

import numpy as np
import pandas as pd
import pytest

from xtforecast.backtest import (
    brier_score,
    calls_from_summary,
    hit_rate,
    reliability_table,
    score_calls,
    threshold_pairs,
    too_few_sentence,
    value_errors,
)
from xtforecast.errors import XtForecastError


def test_brier_hand_example():
    # Four calls: P = 0.9, 0.7, 0.2, 0.6; outcomes met, missed, missed, met.
    # Squared errors: (0.9-1)^2 = 0.01, (0.7-0)^2 = 0.49, (0.2-0)^2 = 0.04, (0.6-1)^2 = 0.16.
    # Sum 0.70, mean 0.70 / 4 = 0.175.
    assert brier_score([0.9, 0.7, 0.2, 0.6], [True, False, False, True]) == pytest.approx(0.175)


def test_brier_edges():
    assert brier_score([1, 0], [1, 0]) == 0.0                 # perfect
    assert brier_score([0.5] * 3, [1, 0, 1]) == pytest.approx(0.25)  # always 0.5
    assert np.isnan(brier_score([], []))
    # a missing P or outcome drops the pair: only (0.8, 1) is left -> 0.04
    assert brier_score([0.8, np.nan, 0.3], [1, 0, np.nan]) == pytest.approx(0.04)


def test_hit_rate_hand_example():
    # Same four calls, cut 0.5: called attain, attain, miss, attain; outcomes 1, 0, 0, 1 ->
    # right, wrong, right, right: 3 of 4.
    assert hit_rate([0.9, 0.7, 0.2, 0.6], [1, 0, 0, 1]) == pytest.approx(0.75)
    # p exactly at the cut is an "attain" call, as in the gap layer's call_correct
    assert hit_rate([0.5], [1]) == 1.0


def test_bad_inputs_say_the_rule():
    with pytest.raises(XtForecastError, match="same length"):
        brier_score([0.1, 0.2], [1])
    with pytest.raises(XtForecastError, match=r"\[0, 1\]"):
        brier_score([1.2], [1])
    with pytest.raises(XtForecastError, match="0/1"):
        hit_rate([0.3], [2])
    with pytest.raises(XtForecastError, match="bins"):
        reliability_table([0.3], [1], bins=0)


def test_value_errors_hand_example():
    # projected 110 vs 100 (+10 %), 45 vs 50 (-10 %): MAE (10 + 5) / 2 = 7.5, MAPE 0.10,
    # log bias (log 1.1 + log 0.9) / 2.
    e = value_errors([110, 45], [100, 50])
    assert e["n"] == 2
    assert e["mae"] == pytest.approx(7.5)
    assert e["mape"] == pytest.approx(0.10)
    assert e["log_bias"] == pytest.approx((np.log(1.1) + np.log(0.9)) / 2)


def test_reliability_table_bins_and_counts():
    p = [0.05, 0.15, 0.12, 0.95, 0.92, 1.0, 0.55]
    o = [0, 0, 1, 1, 1, 0, 1]
    tab = reliability_table(p, o, bins=10)
    assert len(tab) == 10 and tab["n"].sum() == 7
    row = tab.set_index("bin")
    assert row.loc["0.1-0.2", "n"] == 2 and row.loc["0.1-0.2", "freq"] == 0.5
    assert row.loc["0.1-0.2", "mean_p"] == pytest.approx(0.135)
    # 1.0 falls in the last bin, not in an 11th
    assert row.loc["0.9-1.0", "n"] == 3 and row.loc["0.9-1.0", "freq"] == pytest.approx(2 / 3)
    assert row.loc["0.3-0.4", "n"] == 0 and np.isnan(row.loc["0.3-0.4", "freq"])


def test_threshold_pairs_hand_example():
    # Train 100 -> 110 -> 121: growth 10 % both years, so every quantile threshold is
    # 121 * 1.1^h. Paths: half at 140, half at 130 in year 1 (threshold 133.1): P = 0.5;
    # test value 135 > 133.1 -> outcome True.
    paths = np.array([[140.0], [130.0]])
    df = threshold_pairs([100, 110, 121], [135], paths, quantiles=(0.5,))
    assert df["threshold"].iloc[0] == pytest.approx(133.1)
    assert df["p"].iloc[0] == 0.5 and bool(df["outcome"].iloc[0]) is True


def _summary(rows):
    cols = ["p_attain", "status", "p_source", "observed_met", "projected_median",
            "observed_outcome"]
    base = dict.fromkeys(["target_id", "indicator", "region", "target_year", "target_type",
                          "comparator", "target_value", "latest_year", "call_correct"])
    return pd.DataFrame([{**base, **dict(zip(cols, r))} for r in rows])


def test_calls_and_scores_hand_example():
    # Three projected goals with outcomes (scored), one settled at the vintage, one with no
    # outcome yet. Scored: P 0.8 met, 0.3 met, 0.1 missed.
    # Brier = ((0.8-1)^2 + (0.3-1)^2 + (0.1-0)^2) / 3 = (0.04 + 0.49 + 0.01) / 3 = 0.18.
    # Hit rate: attain/right, miss/wrong, miss/right = 2/3.
    # Benchmarks on the same three: coin 0.25; "always met" = share missed = 1/3; the
    # out-of-sample base rates written below (1.0, 0.5, 0.5): (0 + 0.25 + 0.25) / 3 = 1/6;
    # the naive rule (1, 0, NaN) calls two, both met: (0 + 1) / 2 = 0.5, hit 1 of 2.
    s = _summary([
        (0.8, "on_track", "paths", True, 105.0, 100.0),
        (0.3, "off_track", "paths", True, 90.0, 100.0),
        (0.1, "off_track", "bridge", False, 50.0, 40.0),
        (1.0, "achieved", "observed", None, np.nan, np.nan),
        (0.6, "acceleration_needed", "paths", None, 10.0, np.nan),
    ])
    calls = calls_from_summary(s, 2019)
    assert calls["scored"].tolist() == [True, True, True, False, False]
    assert calls["why_not_scored"].iloc[3] == "already settled by data at the vintage"
    assert calls["why_not_scored"].iloc[4] == "no observed outcome yet"
    assert calls["horizon"].tolist() == [None] * 5 or calls["horizon"].isna().all()
    calls["base_rate"] = [1.0, 0.5, 0.5, 0.5, 0.5]
    calls["naive_p"] = [1.0, 0.0, np.nan, 1.0, 1.0]
    sc = score_calls(calls)
    assert sc["n_goals"] == 5 and sc["n_scored"] == 3
    assert sc["brier"] == pytest.approx(0.18)
    assert sc["hit_rate"] == pytest.approx(2 / 3)
    assert sc["brier_coin"] == 0.25 and sc["brier_always"] == pytest.approx(1 / 3)
    assert sc["brier_base"] == pytest.approx(1 / 6)
    assert sc["n_naive"] == 2 and sc["brier_naive"] == 0.5 and sc["hit_naive"] == 0.5
    # MAPE: |105-100|/100, |90-100|/100, |50-40|/40 -> (0.05 + 0.10 + 0.25) / 3
    assert sc["mape"] == pytest.approx(0.4 / 3)


def test_too_few_sentence_states_n_in_both_languages():
    zh = too_few_sentence(6, "zh")
    en = too_few_sentence(6, "en")
    assert "n = 6" in zh and "M3" in zh and "太少" in zh
    assert "n = 6" in en and "too few" in en and "M3" in en
    with pytest.raises(XtForecastError, match="lang"):
        too_few_sentence(6, "fr")


def test_brier_decomposition_hand_example():
    # Bins 0.2 (outcomes 0, 0) and 0.8 (outcomes 1, 1); base rate 0.5.
    # reliability = (2 (0.2-0)^2 + 2 (0.8-1)^2) / 4 = 0.04
    # resolution  = (2 (0-0.5)^2 + 2 (1-0.5)^2) / 4 = 0.25; uncertainty 0.5 * 0.5 = 0.25
    # Brier = 0.04 = 0.04 - 0.25 + 0.25 (exact: one forecast value per bin)
    from xtforecast.backtest import brier_decomposition
    p, o = [0.2, 0.2, 0.8, 0.8], [0, 0, 1, 1]
    d = brier_decomposition(p, o)
    assert d["reliability"] == pytest.approx(0.04)
    assert d["resolution"] == pytest.approx(0.25) and d["uncertainty"] == pytest.approx(0.25)
    assert brier_score(p, o) == pytest.approx(d["reliability"] - d["resolution"] + d["uncertainty"])


def test_sentence_counts_goals_not_calls():
    s = too_few_sentence(2, "en", n_calls=14)
    assert "n = 2 scored goal outcomes (from 14 calls at different vintages)" in s
    assert "14 次" in too_few_sentence(2, "zh", n_calls=14)
