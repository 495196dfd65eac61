"""The calls table of a city back-test: one row per (vintage, goal), and its scores.

:func:`calls_from_summary` turns one vintage's scenario summary into calls; :func:`mark_distinct`
keeps one call per goal and information set; :func:`goal_outcomes` and
:func:`out_of_sample_base_rate` give the base rate a forecaster could have known;
:func:`score_calls` and :func:`by_horizon` score the calls beside the benchmarks.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .scores import CALL_CUT, brier_score, hit_rate, value_errors

#: Columns of :attr:`CityBacktest.calls`, one row per (vintage, goal).
CALL_COLUMNS = [
    "plan", "as_of", "target_id", "indicator", "region", "target_year", "target_type", "comparator",
    "target_value", "latest_year", "p_attain", "status", "p_source", "called_attain",
    "observed_met", "call_correct", "projected_median", "observed_outcome", "error",
    "pct_error", "scored", "why_not_scored", "horizon", "distinct", "n_vintages", "base_rate",
    "naive_p",
]


#: The columns of the calls table a person sees (``--format table``).
TABLE_CALL_COLUMNS = ["plan", "as_of", "target_id", "target_year", "horizon", "p_attain", "status",
                      "p_source", "observed_met", "call_correct", "projected_median",
                      "observed_outcome", "pct_error", "scored", "distinct", "base_rate",
                      "naive_p"]

#: What makes two goals the same goal (the same goal in two plans is one outcome).
GOAL_KEY = ["indicator", "region", "target_type", "comparator", "target_value", "target_year"]
#: What the call said: a later vintage that repeats all of these made no new call.
CALL_KEY = ["latest_year", "p_attain", "projected_median"]


def score_calls(calls: pd.DataFrame, distinct_only: bool = False) -> dict:
    """Scores of the ``scored`` rows of a calls table (see :func:`city_backtest`), with the
    benchmarks a forecaster must beat, all on the same rows.

    Parameters
    ----------
    calls : pandas.DataFrame
        :data:`CALL_COLUMNS` (``base_rate`` and ``naive_p`` may be missing: their scores are
        then NaN).
    distinct_only : bool
        Score only the rows marked ``distinct`` (a projection repeated unchanged at later
        vintages counts once).

    Returns
    -------
    dict
        ``n_goals`` (rows), ``n_scored``, ``hit_rate``, ``brier``; ``brier_coin`` (always 0.5:
        0.25), ``brier_always`` (always "met": the share missed), ``brier_base`` (the
        out-of-sample base rate of each row, :func:`out_of_sample_base_rate`),
        ``brier_naive`` and ``hit_naive`` (the naive rule, :func:`naive_calls`, on the rows it
        could call, ``n_naive``); ``mape``, ``log_bias`` of the projected median.

    Examples
    --------
    >>> c = pd.DataFrame({"scored": [True, True], "p_attain": [0.9, 0.4],
    ...                   "observed_met": [True, False], "base_rate": [0.5, 0.5],
    ...                   "naive_p": [1.0, 1.0], "projected_median": [1.0, 1.0],
    ...                   "observed_outcome": [1.0, 1.0]})
    >>> sc = score_calls(c)
    >>> round(sc["brier"], 3), sc["brier_coin"], sc["brier_always"], sc["brier_naive"]
    (0.085, 0.25, 0.5, 0.5)
    """
    s = calls[calls["scored"].astype(bool)] if len(calls) else calls
    if distinct_only and len(s) and "distinct" in s.columns:
        s = s[s["distinct"].astype(bool)]
    def col(c):
        if len(s) and c in s.columns:
            return pd.to_numeric(s[c], errors="coerce").to_numpy(float)
        return np.full(len(s), np.nan)

    p = col("p_attain")
    o = s["observed_met"].astype(float).to_numpy() if len(s) else np.array([])
    naive = col("naive_p")
    err = value_errors(s["projected_median"] if len(s) else [], s["observed_outcome"] if len(s) else [])
    return {"n_goals": int(len(calls)), "n_scored": int(len(s)), "hit_rate": hit_rate(p, o),
            "brier": brier_score(p, o), "brier_coin": brier_score(np.full(o.size, 0.5), o),
            "brier_always": brier_score(np.ones(o.size), o),
            "brier_base": brier_score(col("base_rate"), o),
            "n_naive": int(np.isfinite(naive).sum()), "brier_naive": brier_score(naive, o),
            "hit_naive": hit_rate(naive, o), "mape": err["mape"], "log_bias": err["log_bias"]}


def mark_distinct(calls: pd.DataFrame) -> pd.DataFrame:
    """Mark one call per (goal, information set): ``distinct`` and ``n_vintages``.

    A goal's scored rows are taken in vintage order; a row whose latest observed year,
    P(attain) and projected median equal the previous row's is the same projection made
    again (no new data reached it) and is not a new call. The first row of each run is the
    call (``distinct`` True, ``n_vintages`` = the length of the run); the same goal in two
    plans (:data:`GOAL_KEY`) is one goal.

    Examples
    --------
    >>> c = pd.DataFrame({"as_of": [2017, 2018, 2019], "scored": True, "latest_year": [2016, 2016, 2018],
    ...                   "p_attain": [0.491, 0.491, 0.55], "projected_median": [9.0, 9.0, 9.5],
    ...                   "indicator": "x", "region": "r", "target_type": "level",
    ...                   "comparator": ">=", "target_value": 10.0, "target_year": 2025})
    >>> mark_distinct(c)[["distinct", "n_vintages"]].values.tolist()
    [[True, 2], [False, 0], [True, 1]]
    """
    out = calls.copy()
    out["distinct"] = False
    out["n_vintages"] = 0
    scored = out[out["scored"].astype(bool)]
    if scored.empty:
        return out
    for _, g in scored.sort_values("as_of").groupby(GOAL_KEY, sort=False, dropna=False):
        said = g[CALL_KEY].apply(pd.to_numeric, errors="coerce").round(6)
        new = said.ne(said.shift()).any(axis=1).to_numpy()
        run_id = np.cumsum(new)
        for r in np.unique(run_id):
            idx = g.index[run_id == r]
            out.loc[idx[0], "distinct"] = True
            out.loc[idx[0], "n_vintages"] = len(idx)
    return out


def goal_outcomes(calls: pd.DataFrame) -> pd.DataFrame:
    """Every goal outcome the calls table knows, and the year it became known.

    A goal settled by data at vintage ``v`` (``p_source`` observed) was known at ``v``; an
    outcome observed after the vintages is known from its target year on.

    Returns
    -------
    pandas.DataFrame
        :data:`GOAL_KEY` columns, ``met`` (bool) and ``known_in`` (year).
    """
    settled = calls[calls["p_source"].eq("observed")
                    & pd.to_numeric(calls["p_attain"], errors="coerce").notna()]
    a = settled.assign(met=pd.to_numeric(settled["p_attain"]) >= 1.0,
                       known_in=settled["as_of"].astype(int))
    later = calls[calls["observed_met"].map(lambda v: v is not None and v == v)]
    b = later.assign(met=later["observed_met"].astype(bool),
                     known_in=later["target_year"].astype(int))
    both = pd.concat([a, b], ignore_index=True)[GOAL_KEY + ["met", "known_in"]]
    return (both.sort_values("known_in").drop_duplicates(GOAL_KEY, keep="first")
            .reset_index(drop=True))


def out_of_sample_base_rate(outcomes: pd.DataFrame, as_of: int) -> float:
    """The base rate a forecaster at ``as_of`` could know: Laplace's (met + 1) / (n + 2).

    Only outcomes known by the end of ``as_of`` count (never the outcome being forecast, nor
    any later one), so this benchmark cannot peek. With no outcome known yet it is 0.5.

    Examples
    --------
    >>> o = pd.DataFrame({"met": [True, True, False], "known_in": [2015, 2018, 2021]})
    >>> out_of_sample_base_rate(o, 2019), out_of_sample_base_rate(o, 2010)
    (0.75, 0.5)
    """
    known = outcomes[outcomes["known_in"] <= int(as_of)]
    return float((known["met"].sum() + 1) / (len(known) + 2))



def by_horizon(calls: pd.DataFrame) -> pd.DataFrame:
    """:func:`score_calls` of the distinct calls per horizon (years from vintage to target)
    and over all of them (``horizon`` ``all``)."""
    d = calls[calls["scored"].astype(bool) & calls["distinct"].astype(bool)] if len(calls) else calls
    rows = [{"horizon": str(int(h)), **score_calls(g)} for h, g in d.groupby("horizon")]
    rows.append({"horizon": "all", **score_calls(d)})
    out = pd.DataFrame(rows)
    return out.drop(columns=["n_goals"])



def calls_from_summary(summary: pd.DataFrame, as_of: int, plan_id: str = "") -> pd.DataFrame:
    """One vintage's scenario summary -> rows of :data:`CALL_COLUMNS`.

    A row is scored when the goal has an observed outcome after ``as_of``, a finite
    P(attain), a status other than ``insufficient_data``, and P came from paths or a bridge
    (a goal the data already settled at the vintage is not a forecast).
    """
    df = summary.copy()
    df["as_of"] = int(as_of)
    p = pd.to_numeric(df["p_attain"], errors="coerce")
    met = df["observed_met"]
    has_outcome = met.notna() & met.map(lambda v: v is not None)
    df["called_attain"] = np.where(p.notna(), p >= CALL_CUT, None)
    med = pd.to_numeric(df["projected_median"], errors="coerce")
    out = pd.to_numeric(df["observed_outcome"], errors="coerce")
    df["error"] = med - out
    with np.errstate(divide="ignore", invalid="ignore"):
        df["pct_error"] = np.where(out != 0, (med - out) / out.abs(), np.nan)
    # The first matching reason is the one shown: a goal settled by data at the vintage has
    # no later outcome either, and "settled" is the truer word for it.
    why = np.select(
        [df["p_source"].eq("observed"), df["status"].eq("insufficient_data"), p.isna(),
         ~has_outcome],
        ["already settled by data at the vintage", "insufficient data at the vintage",
         "no P(attain)", "no observed outcome yet"], default="")
    df["why_not_scored"] = why
    df["scored"] = why == ""
    df["observed_met"] = met.where(has_outcome, None)
    df["plan"] = plan_id
    df["horizon"] = pd.to_numeric(df["target_year"], errors="coerce").astype("Int64") - int(as_of)
    df["distinct"] = df["scored"]  # city_backtest merges unchanged repeats (mark_distinct)
    df["n_vintages"] = df["scored"].astype(int)
    df["base_rate"] = np.nan
    df["naive_p"] = np.nan
    return df[CALL_COLUMNS]

