"""Gap models: will a goal be reached, how far off is it, and what would it take?

Pure computation on observations and sample paths (no file I/O, no model fitting, no words):

* :mod:`~xtforecast.gap.measures`: what each goal type measures, comparator semantics;
* :mod:`~xtforecast.gap.growth_math`: CAGR, required growth, time distance, regression;
* :mod:`~xtforecast.gap.bridge`: paths between two observations (log Brownian bridge);
* :mod:`~xtforecast.gap.methods`: UNSD 2022 / 2023+, Eurostat, StatCan, ESCAP and the
  Chinese mid-term check;
* :mod:`~xtforecast.gap.headline`: the P(attain)-driven headline status;
* :mod:`~xtforecast.gap.evidence`: the evidence grade;
* :mod:`~xtforecast.gap.series` and :mod:`~xtforecast.gap.level`: an indicator's facts, its
  observed series, and a goal's level view;
* :mod:`~xtforecast.gap.evaluate`: one goal (:func:`evaluate_goal`, a recipe of the steps of
  :mod:`~xtforecast.gap.steps`) or a batch (:func:`evaluate_targets`), tuned by one
  :class:`EvaluationConfig`.

The layer assigns codes (statuses, method classes, grades, :class:`Reason` records); their
words in Chinese and English are in :mod:`xtforecast.i18n.gap`.
"""

from .bridge import DEFAULT_SIGMA, bridge_paths, series_sigma
from .config import DEFAULT_CONFIG, N_BRIDGE, EvaluationConfig
from .evaluate import EXTRA_COLUMNS, evaluate_goal, evaluate_targets
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
from .headline import HeadlineThresholds, headline_status
from .level import level_view
from .measures import COMPARE, MEASURES, MeasureSpec, compare, judge_interval, measure_spec
from .methods import (
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
from .reasons import Detail, Reason
from .series import IndicatorFacts, ObservedSeries, indicator_facts

__all__ = [
    "bridge_paths", "series_sigma", "DEFAULT_SIGMA",
    "evaluate_goal", "evaluate_targets", "level_view", "IndicatorFacts", "indicator_facts",
    "ObservedSeries", "EvaluationConfig", "DEFAULT_CONFIG", "N_BRIDGE", "EXTRA_COLUMNS",
    "Reason", "Detail",
    "evidence_grade", "EvidenceThresholds", "GRADES",
    "cagr", "time_distance", "time_progress", "achievement_degree", "positive_triple",
    "weighted_linear_projection", "ZERO_REPLACEMENT",
    "headline_status", "HeadlineThresholds",
    "MEASURES", "MeasureSpec", "measure_spec", "compare", "judge_interval", "COMPARE",
    "METHODS", "LevelView", "MethodResult", "run_methods", "register_method",
    "statcan_score", "UNSD2022Thresholds", "UNSD2023Thresholds", "EurostatThresholds",
    "StatCanThresholds", "ESCAPThresholds", "MidtermThresholds",
]

#: Names that moved to :mod:`xtforecast.i18n` with the words; ``xtforecast.gap.STATUS_LABELS``
#: and the others still import, looked up there on first use.
_MOVED_TO_I18N = ("STATUS_LABELS", "METHOD_LABELS", "EVIDENCE_LABELS", "display_label", "goal_label")


def __getattr__(name: str):
    if name in _MOVED_TO_I18N:
        from .. import i18n  # the gap layer imports no words at module level
        return getattr(i18n.gap if name.endswith("_LABELS") else i18n, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
