"""The path-dependent step of judging a goal, prepared once and applied to many path sets.

:func:`~xtforecast.gap.evaluate.evaluate_goal` decides from the observations whether a goal is
settled, bridged or judged from sample paths. In the last case only one step depends on the
paths: the measure per path (observed years filled in from the data), the share meeting the
goal and the headline status. :class:`PathJudge` is that step on its own, so a scenario sweep
can re-judge a goal under thousands of knob settings without redoing the rest, and the
evaluator itself uses it: both give the same numbers by construction.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .headline import HeadlineThresholds, headline_status
from .measures import MeasureSpec, compare


@dataclass(frozen=True)
class PathJudge:
    """Judge one goal from sample paths.

    Attributes
    ----------
    target_id : str
    key : tuple of str
        ``(indicator, region)`` of the paths the measure reads (the goal's series, or its
        additions ``<indicator>_added`` when the goal is judged from flow paths).
    spec : MeasureSpec
        The goal's measure.
    comparator : str
    value : float
        The goal's value on the measure's scale.
    observed : dict of int to float
        Years the measure reads that are observed: the observation wins over the paths.
    latest_change : float
        The latest observed change, sign-adjusted (for ``regressing``).
    thresholds : HeadlineThresholds
    """

    target_id: str
    key: tuple
    spec: MeasureSpec
    comparator: str
    value: float
    observed: dict
    latest_change: float = np.nan
    thresholds: HeadlineThresholds = HeadlineThresholds()

    def missing_years(self, path_years) -> list[int]:
        """Years the measure needs that are neither observed nor in ``path_years``."""
        have = {int(y) for y in path_years}
        return [y for y in self.spec.years if y not in self.observed and y not in have]

    def measure(self, paths: np.ndarray, path_years) -> np.ndarray:
        """The measure on every path (observed years as constants).

        Raises
        ------
        ValueError
            When a year the measure needs is neither observed nor in ``path_years``.
        """
        paths = np.atleast_2d(np.asarray(paths, float))
        col = {int(y): i for i, y in enumerate(path_years)}
        missing = self.missing_years(path_years)
        if missing:
            raise ValueError(f"goal '{self.target_id}': no value for {missing} (neither observed "
                             "nor in the paths); project to the target year")
        n = paths.shape[0]
        per_year = [np.full(n, self.observed[y]) if y in self.observed else paths[:, col[y]]
                    for y in self.spec.years]
        return self.spec.on_values(per_year)

    def judge(self, paths: np.ndarray, path_years) -> dict:
        """P(attain), the measure's median and p10/p90, and the headline status.

        Returns
        -------
        dict
            ``p_attain``, ``projected_median``, ``projected_p10``, ``projected_p90``,
            ``n_paths``, ``status``.
        """
        meas = self.measure(paths, path_years)
        p = float(np.mean(compare(meas, self.comparator, self.value)))
        med, p10, p90 = np.nanquantile(meas, [0.5, 0.1, 0.9])
        return {"p_attain": p, "projected_median": float(med), "projected_p10": float(p10),
                "projected_p90": float(p90), "n_paths": int(meas.size),
                "status": headline_status(p, latest_change=self.latest_change,
                                          thresholds=self.thresholds)}
