"""The naive rule a forecaster must beat: the CAGR of the last five observations, extrapolated."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..gap import EvaluationConfig, evaluate_targets
from ..observations import select_series

#: Observations the naive rule extrapolates (the CAGR of the last five).
NAIVE_N_OBS = 5


def naive_paths(obs: pd.DataFrame, indicator: str, region: str, as_of: int,
                end_year: int, vintage: str = "latest") -> tuple[np.ndarray, np.ndarray] | None:
    """One path: the CAGR of the last :data:`NAIVE_N_OBS` observations (up to ``as_of``)
    extrapolated from the latest one to ``end_year``; None when it is not defined.

    Not defined with fewer than two observations, a non-positive value among them, or no year
    left to project.

    Examples
    --------
    >>> obs = pd.DataFrame({"indicator": "x", "region": "r", "year": [2016, 2018],
    ...                     "value": [100.0, 121.0], "vintage": ""})
    >>> p, y = naive_paths(obs, "x", "r", 2018, 2020)
    >>> y.tolist(), [round(float(v), 6) for v in p[0]]
    ([2019, 2020], [133.1, 146.41])
    """
    h = select_series(obs, indicator, region, as_of, vintage)
    if len(h) < 2:
        return None
    h = h.tail(NAIVE_N_OBS)
    y, v = h["year"].to_numpy(int), pd.to_numeric(h["value"], errors="coerce").to_numpy(float)
    if not np.all(np.isfinite(v)) or np.any(v <= 0) or end_year <= y[-1]:
        return None
    g = (v[-1] / v[0]) ** (1.0 / (y[-1] - y[0])) - 1.0
    years = np.arange(y[-1] + 1, end_year + 1)
    return (v[-1] * (1.0 + g) ** (years - y[-1]))[None, :], years


def naive_calls(plan, obs: pd.DataFrame, as_of: int, catalog,
                vintage: str = "latest") -> dict[str, float]:
    """P(attain) of the naive rule for each evaluable goal: the goal judged, by the same gap
    layer as the model's call, on the one path of :func:`naive_paths` (0 or 1; a bridge
    between observations where the goal year lies between two), from the same information
    set ``(as_of, vintage)`` as the model."""
    goals = [t for t in plan.targets if t.evaluable]
    if not goals:
        return {}
    end = max(int(t.target_year) for t in goals)
    keys = {(t.indicator, t.region) for t in goals} | {(t.indicator + "_added", t.region)
                                                        for t in goals}
    # only the goals' series (and their additions) are read: hand over those rows, as the
    # scenario engine does, not the whole table (once per plan and vintage)
    obs = obs[pd.MultiIndex.from_frame(obs[["indicator", "region"]]).isin(list(keys))]
    paths = {k: p for k in keys if (p := naive_paths(obs, *k, as_of, end, vintage)) is not None}
    s = evaluate_targets(goals, obs, paths, as_of, catalog, scenario="naive",
                         config=EvaluationConfig(n_bridge=200), vintage=vintage)
    return dict(zip(s["target_id"], pd.to_numeric(s["p_attain"], errors="coerce")))

