"""Gap models: will a goal be reached, how far off is it, and what would it take?

Pure computation on observations and sample paths (no file I/O, no model fitting):

* :mod:`~xtforecast.gap.measures`: what each goal type measures, comparator semantics;
* :mod:`~xtforecast.gap.growth_math`: CAGR, required growth, time distance, regression;
* :mod:`~xtforecast.gap.bridge`: paths between two observations (log Brownian bridge);
* :mod:`~xtforecast.gap.methods`: UNSD 2022 / 2023+, Eurostat, StatCan, ESCAP, 时间过半;
* :mod:`~xtforecast.gap.headline`: the P(attain)-driven headline status;
* :mod:`~xtforecast.gap.evidence`: the evidence grade;
* :mod:`~xtforecast.gap.evaluate`: one goal (:func:`evaluate_goal`) or a batch
  (:func:`evaluate_targets`).
"""

from .bridge import DEFAULT_SIGMA, bridge_paths, series_sigma
from .evaluate import EXTRA_COLUMNS, IndicatorFacts, evaluate_goal, evaluate_targets, indicator_facts, level_view
from .evidence import GRADES, EvidenceThresholds, evidence_grade
from .growth_math import (
                       ZERO_REPLACEMENT,
                       achievement_degree,
                       cagr,
                       positive_triple,
                       time_distance,
                       time_progress,
                       weighted_linear_projection,
)
from .headline import STATUS_LABELS, HeadlineThresholds, headline_status
from .labels import EVIDENCE_LABELS, display_label, goal_label
from .measures import COMPARE, MEASURES, MeasureSpec, compare, judge_interval, measure_spec
from .methods import (
                       METHOD_LABELS,
                       METHODS,
                       ESCAPThresholds,
                       EurostatThresholds,
                       LevelView,
                       MethodResult,
                       MidtermThresholds,
                       StatCanThresholds,
                       UNSD2022Thresholds,
                       UNSD2023Thresholds,
                       register_method,
                       run_methods,
                       statcan_score,
)

__all__ = [
    "bridge_paths", "series_sigma", "DEFAULT_SIGMA",
    "evaluate_goal", "evaluate_targets", "level_view", "IndicatorFacts", "indicator_facts",
    "EXTRA_COLUMNS",
    "evidence_grade", "EvidenceThresholds", "GRADES",
    "cagr", "time_distance", "time_progress", "achievement_degree", "positive_triple",
    "weighted_linear_projection", "ZERO_REPLACEMENT",
    "headline_status", "HeadlineThresholds", "STATUS_LABELS", "EVIDENCE_LABELS", "display_label",
    "goal_label",
    "MEASURES", "MeasureSpec", "measure_spec", "compare", "judge_interval", "COMPARE",
    "METHODS", "METHOD_LABELS", "LevelView", "MethodResult", "run_methods", "register_method",
    "statcan_score", "UNSD2022Thresholds", "UNSD2023Thresholds", "EurostatThresholds",
    "StatCanThresholds", "ESCAPThresholds", "MidtermThresholds",
]
