"""The thresholds and tunables of a goal evaluation, in one frozen object.

:class:`EvaluationConfig` gathers what :func:`~xtforecast.gap.evaluate.evaluate_goal` and
:func:`~xtforecast.gap.evaluate.evaluate_targets` used to take as six separate keywords. Each
part keeps its own documented defaults: the headline cut points in
:mod:`~xtforecast.gap.headline`, the evidence grades in :mod:`~xtforecast.gap.evidence`, the
published method thresholds in :mod:`~xtforecast.gap.methods`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .evidence import EvidenceThresholds
from .headline import HeadlineThresholds

#: Number of bridge paths when the caller gives no paths to match.
N_BRIDGE = 10_000


@dataclass(frozen=True)
class EvaluationConfig:
    """How goals are judged.

    Attributes
    ----------
    headline : HeadlineThresholds
        Cut points of the headline status.
    evidence : EvidenceThresholds
        Cut points of the evidence grade.
    method_thresholds : mapping
        Method name -> thresholds dataclass, overriding the published defaults (a name that
        is not registered is refused when the methods run).
    n_bridge : int
        Number of bridge paths when no sample paths are given to match.
    bridge_sigma : float or None
        Bridge log-volatility per sqrt(year); None estimates it from the series
        (:func:`~xtforecast.gap.bridge.series_sigma`).
    flow_suffix : str
        Naming rule for the additions of a stock (``high_tech_enterprises_added``).

    Examples
    --------
    >>> EvaluationConfig(n_bridge=200).n_bridge
    200
    >>> EvaluationConfig(n_bridge=0)
    Traceback (most recent call last):
    ...
    ValueError: n_bridge must be a positive whole number of paths; got 0. Pass e.g. n_bridge=10000.
    """

    headline: HeadlineThresholds = HeadlineThresholds()
    evidence: EvidenceThresholds = EvidenceThresholds()
    method_thresholds: Mapping = field(default_factory=dict)
    n_bridge: int = N_BRIDGE
    bridge_sigma: float | None = None
    flow_suffix: str = "_added"

    def __post_init__(self):
        if isinstance(self.n_bridge, bool) or int(self.n_bridge) != self.n_bridge or self.n_bridge < 1:
            raise ValueError(f"n_bridge must be a positive whole number of paths; got {self.n_bridge!r}. "
                             "Pass e.g. n_bridge=10000.")
        if self.bridge_sigma is not None and not self.bridge_sigma > 0:
            raise ValueError(f"bridge_sigma must be positive or None (estimated from the series); got "
                             f"{self.bridge_sigma!r}.")
        object.__setattr__(self, "n_bridge", int(self.n_bridge))
        # frozen all the way down: a config shared by many evaluations cannot be changed by one
        object.__setattr__(self, "method_thresholds", MappingProxyType(dict(self.method_thresholds or {})))


#: The published defaults.
DEFAULT_CONFIG = EvaluationConfig()
