"""How much data stands behind a goal's call: an evidence grade with its reasons in words.

Grades, strongest first (ESCAP shows an "evidence strength" overlay; docs/target_methods.md a.1):

* ``strong``: settled by an exact observation of the goal's own measure; or at least
  ``strong_points`` exact observations, the latest exact, at most ``strong_staleness`` years
  before ``as_of`` and at most ``strong_horizon`` years before the target year;
* ``moderate``: settled by a bounded figure (以上/ceilings); judged from a bridge between two
  exact observations; or at least ``moderate_points`` observations, the latest at most
  ``moderate_staleness`` years old and ``moderate_horizon`` years before the target year;
* ``weak``: anything else with at least one usable observation;
* ``none``: the goal is not evaluable, or there is no usable observation.
"""

from __future__ import annotations

from dataclasses import dataclass

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
                   thresholds: EvidenceThresholds = EvidenceThresholds()) -> tuple[str, str]:
    """Grade the evidence behind one goal.

    Parameters
    ----------
    evaluable : bool
        The goal's ``evaluable`` flag.
    n_obs, n_exact : int
        Observations used (up to ``as_of``), and how many of them are exact (not bounds).
    latest_year : int or None
        Year of the latest observation used.
    latest_exact : bool
        Whether that observation is exact.
    as_of : int or None
        Data vintage (None: ``latest_year``).
    target_year : int
    settled, settled_exact : bool
        Observations decide the goal; and they are exact figures.
    bridged, bridge_exact : bool
        The goal was judged from a bridge between two observations; both exact.
    thresholds : EvidenceThresholds

    Returns
    -------
    (str, str)
        The grade (one of :data:`GRADES`) and the reasons in words.

    Examples
    --------
    >>> evidence_grade(evaluable=True, n_obs=0, n_exact=0, latest_year=None,
    ...                latest_exact=False, as_of=2020, target_year=2022)[0]
    'none'
    """
    th = thresholds
    if not evaluable:
        return "none", "the goal is marked not evaluable"
    if n_obs == 0 or latest_year is None:
        return "none", "no usable observation" + (f" up to {as_of}" if as_of is not None else "")
    as_of = latest_year if as_of is None else as_of
    stale = as_of - latest_year
    horizon = target_year - latest_year
    facts = (f"{n_obs} observation{'s' if n_obs != 1 else ''} ({n_exact} exact), latest {latest_year}"
             f" ({'exact' if latest_exact else 'a bound'}), {max(stale, 0)} year(s) before as_of, "
             f"{max(horizon, 0)} year(s) before the target year")
    if settled:
        if settled_exact:
            return "strong", "settled by exact observed figures; " + facts
        return "moderate", "settled by a bounded figure (以上/ceiling), not an exact one; " + facts
    if bridged:
        grade = "moderate" if bridge_exact else "weak"
        return grade, ("judged from a bridge between two observations"
                       + ("" if bridge_exact else " of which at least one is a bound") + "; " + facts)
    if (n_exact >= th.strong_points and latest_exact and stale <= th.strong_staleness
            and horizon <= th.strong_horizon):
        return "strong", facts
    if n_obs >= th.moderate_points and stale <= th.moderate_staleness and horizon <= th.moderate_horizon:
        why = [] if latest_exact else ["the latest figure is a bound"]
        return "moderate", "; ".join([facts] + why)
    short = []
    if n_obs < th.moderate_points:
        short.append(f"fewer than {th.moderate_points} observations")
    if stale > th.moderate_staleness:
        short.append(f"latest observation more than {th.moderate_staleness} years before as_of")
    if horizon > th.moderate_horizon:
        short.append(f"target more than {th.moderate_horizon} years beyond the latest observation")
    return "weak", "; ".join([facts] + short)
