"""How much data stands behind a goal's call: an evidence grade with its reasons as codes.

Grades, strongest first (ESCAP shows an "evidence strength" overlay; docs/target_methods.md a.1):

* ``strong``: settled by an exact observation of the goal's own measure; or at least
  ``strong_points`` exact observations, the latest exact, at most ``strong_staleness`` years
  before ``as_of`` and at most ``strong_horizon`` years before the target year;
* ``moderate``: settled by a bounded figure (a floor or a ceiling); judged from a bridge
  between two exact observations; or at least ``moderate_points`` observations, the latest at
  most ``moderate_staleness`` years old and ``moderate_horizon`` years before the target year;
* ``weak``: anything else with at least one usable observation;
* ``none``: the goal is not evaluable, or there is no usable observation.

The reasons are :class:`~xtforecast.gap.reasons.Detail` records (``evidence_facts``,
``evidence_stale``, ...); ``evidence_reason`` is their English rendering.
"""

from __future__ import annotations

from dataclasses import dataclass

from .reasons import Detail

#: Grades, strongest first.
GRADES = ("strong", "moderate", "weak", "none")


@dataclass(frozen=True)
class EvidenceThresholds:
    """Cut-points of the evidence grade (see the module docstring)."""

    strong_points: int = 5
    strong_staleness: int = 1
    strong_horizon: int = 3
    moderate_points: int = 3
    moderate_staleness: int = 3
    moderate_horizon: int = 6


def evidence_grade(*, evaluable: bool, n_obs: int, n_exact: int, latest_year: int | None,
                   latest_exact: bool, as_of: int | None, target_year: int,
                   settled: bool = False, settled_exact: bool = False, bridged: bool = False,
                   bridge_exact: bool = False,
                   thresholds: EvidenceThresholds = EvidenceThresholds()) -> tuple[str, tuple[Detail, ...]]:
    """Grade the evidence behind one goal.

    Parameters
    ----------
    evaluable : bool
        The goal's ``evaluable`` flag.
    n_obs, n_exact : int
        Observations used (up to ``as_of``), and how many of them are exact (not bounds).
    latest_year, latest_exact : int or None, bool
        Year of the latest observation used, and whether it is exact.
    as_of, target_year : int or None, int
        Data vintage (None: ``latest_year``), and the goal's year.
    settled, settled_exact : bool
        Observations decide the goal; and they are exact figures.
    bridged, bridge_exact : bool
        The goal was judged from a bridge between two observations; both exact.
    thresholds : EvidenceThresholds

    Returns
    -------
    (str, tuple of Detail)
        The grade (one of :data:`GRADES`) and its reasons as codes.

    Examples
    --------
    >>> g, why = evidence_grade(evaluable=True, n_obs=0, n_exact=0, latest_year=None,
    ...                         latest_exact=False, as_of=2020, target_year=2022)
    >>> g, [r.code for r in why]
    ('none', ['evidence_no_observation_up_to'])
    """
    th = thresholds
    if not evaluable:
        return "none", (Detail("evidence_not_evaluable"),)
    if n_obs == 0 or latest_year is None:
        return "none", (Detail("evidence_no_observation") if as_of is None
                        else Detail("evidence_no_observation_up_to", {"as_of": as_of}),)
    as_of = latest_year if as_of is None else as_of
    stale, horizon = as_of - latest_year, target_year - latest_year
    facts = Detail("evidence_facts", {
        "observations": Detail("observations", {"n": n_obs}), "n_exact": n_exact, "latest": latest_year,
        "latest_kind": Detail("figure_exact" if latest_exact else "figure_bound"),
        "stale": max(stale, 0), "horizon": max(horizon, 0)})
    if settled:
        return ("strong", (Detail("evidence_settled_exact"), facts)) if settled_exact else (
            "moderate", (Detail("evidence_settled_bound"), facts))
    if bridged:
        return ("moderate", (Detail("evidence_bridge_exact"), facts)) if bridge_exact else (
            "weak", (Detail("evidence_bridge_bound"), facts))
    if (n_exact >= th.strong_points and latest_exact and stale <= th.strong_staleness
            and horizon <= th.strong_horizon):
        return "strong", (facts,)
    if n_obs >= th.moderate_points and stale <= th.moderate_staleness and horizon <= th.moderate_horizon:
        return "moderate", (facts,) + (() if latest_exact else (Detail("evidence_latest_bound"),))
    return "weak", (facts,) + _weak_because(n_obs, stale, horizon, th)


def _weak_because(n_obs: int, stale: int, horizon: int, th: EvidenceThresholds) -> tuple[Detail, ...]:
    """Which of the ``moderate`` conditions a weak grade misses."""
    short = []
    if n_obs < th.moderate_points:
        short.append(Detail("evidence_few_points", {"points": th.moderate_points}))
    if stale > th.moderate_staleness:
        short.append(Detail("evidence_stale", {"years": th.moderate_staleness}))
    if horizon > th.moderate_horizon:
        short.append(Detail("evidence_far", {"years": th.moderate_horizon}))
    return tuple(short)
