"""The headline status of a goal, driven by the probability of attainment.

==================== =========================================================================
status               when
==================== =========================================================================
achieved             the observed data already settle the goal as met (p_attain = 1)
on_track             p_attain >= ``on_track`` (default 0.8)
regressing           p_attain < ``on_track`` and the latest observed change moves away from the
                     goal (the latest growth is in the wrong direction)
acceleration_needed  ``acceleration`` (default 0.5) <= p_attain < ``on_track``
off_track            p_attain < ``acceleration``, or the observed data settle the goal as missed
insufficient_data    no observation or paths can answer; a reason is always given
==================== =========================================================================

Why these defaults. 0.5 is the point where attaining becomes more likely than not: the
back-test "call" (attain when p >= 0.5) uses the same cut, so ``off_track`` means "expected to
miss on current trends" and the call is scored consistently. 0.8 means a miss would take
roughly a 1-in-5 shortfall; below it, the plan's owners should add effort to make the goal
secure, which is what ``acceleration_needed`` says. (IHME reports ">= 95% probability"; a
policy dashboard for short city series with wide intervals would show almost nothing as on
track at 0.95.) ``regressing`` is checked before ``acceleration_needed`` because a goal that
is reachable but currently moving the wrong way needs a reversal, not just more speed; it
never overrides ``on_track`` because P(attain) already prices the recent dip in.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class HeadlineThresholds:
    """Cut-points of the headline status.

    Attributes
    ----------
    on_track : float
        Minimum P(attain) for ``on_track``.
    acceleration : float
        Minimum P(attain) for ``acceleration_needed``; below it ``off_track``.
    call : float
        P(attain) at which the back-test counts the call as "will attain".
    regress_tolerance : float
        A latest change ``d * (x_t - x_prev) / |x_prev|`` below ``-regress_tolerance`` counts
        as moving away (0: any move in the wrong direction).
    """

    on_track: float = 0.8
    acceleration: float = 0.5
    call: float = 0.5
    regress_tolerance: float = 0.0

    def __post_init__(self):
        if not 0.0 <= self.acceleration <= self.on_track <= 1.0:
            raise ValueError("HeadlineThresholds need 0 <= acceleration <= on_track <= 1; got "
                             f"acceleration={self.acceleration}, on_track={self.on_track}. "
                             "Swap or fix the values.")


def headline_status(p_attain: float, *, observed_met: bool | None = None,
                    latest_change: float = np.nan,
                    thresholds: HeadlineThresholds = HeadlineThresholds()) -> str:
    """Classify one goal.

    Parameters
    ----------
    p_attain : float
        Share of paths meeting the goal; NaN when there is nothing to judge from.
    observed_met : bool or None
        True/False when observations already settle the goal (met/missed); None otherwise.
    latest_change : float
        The latest observed relative change, sign-adjusted by direction (positive = towards a
        higher-is-better goal); NaN when fewer than two observations.
    thresholds : HeadlineThresholds

    Returns
    -------
    str
        One of ``xtforecast._schema.STATUSES``.

    Examples
    --------
    >>> headline_status(0.85), headline_status(0.6), headline_status(0.6, latest_change=-0.1)
    ('on_track', 'acceleration_needed', 'regressing')
    """
    if observed_met is True:
        return "achieved"
    if observed_met is False:
        return "off_track"
    if p_attain is None or not np.isfinite(p_attain):
        return "insufficient_data"
    if p_attain >= thresholds.on_track:
        return "on_track"
    if np.isfinite(latest_change) and latest_change < -thresholds.regress_tolerance:
        return "regressing"
    if p_attain >= thresholds.acceleration:
        return "acceleration_needed"
    return "off_track"

