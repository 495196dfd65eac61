"""``xtforecast bench --sparse``: projections from 1-3 own points, scored against what happened.

Two set-ups, one scoring:

- ``--data panels`` (default): the bundled province panels (every indicator with at least
  ``PANEL_MIN_REGIONS`` provinces and ``PANEL_MIN_YEARS`` years). Leave one province out: at
  every origin ``T0`` a province keeps only its last ``k`` points up to ``T0`` (``k = "all"``:
  every one, at origins with at least ``LONG_POINTS``), the pool is the other provinces' data
  up to ``T0``, the reference is the nation up to ``T0``; h = 1..5.
- ``--data FILE.csv`` (``series_id,t,value,split``) or ``--data m3``: each series is cut to
  its last ``k`` training points (``"all"``: the whole training part); the pool is every other
  series' training data; h = the test length. No reference.

Scores per method and ``k``: coverage of the 80 % and 95 % intervals, the share of actuals
above the 90 % / below the 10 % quantile (calibrated: 0.10 each), the median 95 % interval
score divided by the actual (``ris95_median``), the mean weighted interval score of the log
quantiles (``wis_log_mean``, proper: see :func:`score`), the median log(median / actual)
(``bias_log_median``, > 0: too high), the median absolute % error of the median (``mdape``)
and the cases refused (no paths). The same scores per horizon (``by_h``) and on the cases every
method answered (``common``): a method that refuses the long horizons, or the hard cases,
otherwise scores on an easier mix.
"""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .bench import map_jobs
from .models import default_model, get_model
from .models.base import ErrorDist, Model, ModelError
from .models.metrics import coverage, interval_score, weighted_interval_score
from .models.pooled import INFLATION_LEVELS, LONG_POINTS, MAX_K, GrowthPool, PooledGrowth
from .observations import select_series

PROBS = np.array([0.025, 0.1, 0.5, 0.9, 0.975])
#: a quantile at or below this share of the median counts as this share in ``wis_log_mean``
#: (a level-scale band can reach below zero, whose logarithm is not a number)
WIS_FLOOR = 1e-3
PANEL_MIN_REGIONS = 20
PANEL_MIN_YEARS = 8
PANEL_H = 5
DEFAULT_K = (1, 2, 3)
#: ``k`` for a series' whole history (the long-series regime: ``LONG_POINTS`` points or more)
ALL = "all"
SPARSE_METHODS = ("default", "pooled", "naive", "previous")
DEFAULT_NAME = "default"
_ONES = np.ones((MAX_K, PANEL_H))
_ZEROS = np.zeros((MAX_K, PANEL_H))


@dataclass
class Case:
    """One projection to score: own points, actuals at horizons 1..len(actual), a pool."""

    years: np.ndarray
    values: np.ndarray
    actual: np.ndarray            # NaN where the horizon is not observed
    pool: GrowthPool
    exclude: int                  # the case's own position in the pool (left out)
    reference: tuple | None       # (years, values) of the parent, up to the origin
    ref_key: tuple | None = None  # cache key of the reference's fit (previous default)
    group: str = ""               # calibration group: the indicator, or a fold of series


# -- the panels --------------------------------------------------------------------------------
def panel_series(obs: pd.DataFrame, catalog, parent: str = "china") -> dict:
    """``{indicator: {region: (years, values)}}`` for the dense panels of ``parent``'s children."""

    children = [r for r, reg in catalog.regions.items() if reg.parent == parent]
    out = {}
    for ind, g in obs[obs["region"].isin(children + [parent])].groupby("indicator"):
        if g["region"].nunique() < PANEL_MIN_REGIONS or g["year"].nunique() < PANEL_MIN_YEARS:
            continue
        meta = catalog.indicators.get(ind)
        if meta is None or meta.kind in ("class", "rank"):
            continue
        series = {}
        for reg in sorted(g["region"].unique()):
            s = select_series(obs, ind, reg)
            s = s[s["value"] > 0]
            if len(s) >= 2:
                series[reg] = (s["year"].to_numpy(int), s["value"].to_numpy(float))
        if parent in series:
            out[ind] = series
    return out


def panel_frame(obs: pd.DataFrame, panels: dict) -> pd.DataFrame:
    """The rows of ``obs`` that make up ``panels`` (:func:`panel_series`): their indicators in
    their regions, as :func:`xtforecast.bench.calibrate_panels` takes them."""
    regions = {r for series in panels.values() for r in series}
    return obs[obs["indicator"].isin(panels) & obs["region"].isin(regions)]


def own_points_needed(k: int | str) -> int:
    """Fewest own points a case at ``k`` needs (``ALL``: those of a long series)."""
    return LONG_POINTS if k == ALL else int(k)


def _last(k: int | str) -> slice:
    return slice(None) if k == ALL else slice(-int(k), None)


def panel_cases(panels: dict, k: int | str, parent: str = "china", h_max: int = PANEL_H,
                min_own: int | None = None) -> list[Case]:
    """Leave-one-province-out cases at every origin with at least one observed horizon.

    ``k``: the own points kept (the last ``k``, or ``ALL``). ``min_own`` (default: what ``k``
    needs, :func:`own_points_needed`): fewest points up to the origin, so that runs at several
    ``k`` score the same (province, origin) cases.
    """
    min_own = max(own_points_needed(k), min_own or 0)
    cases = []
    for ind, series in panels.items():
        ref_y, ref_v = series[parent]
        regions = [r for r in series if r != parent]
        years = sorted({int(y) for r in regions for y in series[r][0]})
        for t0 in years:
            pool = GrowthPool.from_arrays(
                [(r, *_upto(series[r], t0), *_upto((ref_y, ref_v), t0)) for r in regions],
                label=f"other provinces of {parent}")
            ids = [s.id for s in pool.series]
            rref = _upto((ref_y, ref_v), t0)
            for r in regions:
                y, v = series[r]
                own = y <= t0
                if own.sum() < min_own or y[own][-1] != t0 or r not in ids:
                    continue
                fut = dict(zip(y.tolist(), v.tolist()))
                actual = np.array([fut.get(t0 + h, np.nan) for h in range(1, h_max + 1)])
                if np.isfinite(actual).any():
                    keep = _last(k)
                    cases.append(Case(y[own][keep], v[own][keep], actual, pool, ids.index(r),
                                      rref, (ind, t0), ind))
    return cases


def _upto(yv, t0):
    y, v = yv
    m = y <= t0
    return y[m], v[m]


# -- a benchmark file --------------------------------------------------------------------------
def file_cases(series: list[dict], k: int | str) -> list[Case]:
    """Each series cut to its last ``k`` training points (``ALL``: every one, series of at least
    ``LONG_POINTS``); the pool = the others' training data."""
    pool = GrowthPool.from_arrays([(s["id"], np.arange(len(s["train"])), s["train"])
                                   for s in series], label="other series")
    ids = {s.id: i for i, s in enumerate(pool.series)}
    cases = []
    for s in series:
        x = s["train"]
        if len(x) < own_points_needed(k) or s["id"] not in ids:
            continue
        t, keep = np.arange(len(x)), _last(k)
        cases.append(Case(t[keep], x[keep], np.asarray(s["test"], float), pool, ids[s["id"]],
                          None, group=f"fold{ids[s['id']] % 10}"))
    return cases


# -- methods: Case -> quantiles (len(PROBS), h) or None (refused) -------------------------------
def _q_default(case: Case, cache: dict):
    """The cross-learned default *before* calibration (no shift, factors 1); :func:`run_sparse`
    calibrates it with tables learned on the other groups (see :func:`widen_cross_fitted`)."""
    m = PooledGrowth(inflation=_ONES, shift=_ZEROS).fit(case.years, case.values, pool=case.pool,
                                          reference=case.reference, exclude=(case.exclude,))
    return m.quantiles(len(case.actual), PROBS)


def _q_pooled(case: Case, cache: dict):
    """Baseline: the others' h-year log growth applied to the last value (empirical quantiles)."""
    out = np.empty((len(PROBS), len(case.actual)))
    t0 = float(case.years[-1])
    for j in range(len(case.actual)):
        _, y, g = case.pool.rows(j + 1, 1, False, t0 if case.reference is not None else np.inf)
        y = y[g != case.exclude]
        if y.size < 5:
            return None
        out[:, j] = case.values[-1] * np.exp(np.quantile(y, PROBS))
    return out


def _q_naive(case: Case, cache: dict):
    if len(case.years) < 2:
        return None
    m = get_model("naive", lower=0.0).fit(case.years, case.values)
    return _from_predict(m, len(case.actual))


class _Prefitted:
    """A fitted model that ignores refits: the previous default's reference fit, shared by
    every province at one (indicator, origin)."""

    def __init__(self, fitted: Model):
        self._m = fitted

    def __getattr__(self, name):
        return getattr(self._m, name)

    def new(self):
        return self

    def fit(self, *a, **kw):
        return self


def _q_previous(case: Case, cache: dict):
    """The default before cross-learning (commit 35d9099): city = ratio x reference below
    6 own points, else (and without a reference) the local combination, which
    refuses below 3 points. For a long series with a pool this is also what the package did
    before the pool served long series too."""

    h = len(case.actual)
    if case.reference is None or len(case.years) >= _PREVIOUS_MIN_OWN:
        if len(case.years) < 3:
            return None
        return _from_predict(_previous_local().fit(case.years, case.values), h)
    key = case.ref_key
    if key not in cache:
        cache[key] = _Prefitted(_previous_local().fit(*case.reference))
    m = get_model("reference", lower=0.0, reference_model=cache[key])
    m.fit(case.years, case.values, reference=case.reference)
    return _from_predict(m, h)


#: ``projection.MIN_OWN_POINTS`` of commit 35d9099: fewer own points borrowed the parent's path
_PREVIOUS_MIN_OWN = 6
#: ``DEFAULT_CALIBRATION`` of commit 35d9099 (and until 2026-12-02), learned without a growth term
_PREVIOUS_CALIBRATION = ErrorDist(factor=np.array([1.029, 1.263, 1.515, 1.681, 1.906, 2.055]),
                                  shift=np.zeros(1), df=2.5, source="commit 35d9099")


def _previous_local() -> Model:
    """The local combination as it was at commit 35d9099 (no growth-rate term, its calibration)."""
    return default_model(calibration=_PREVIOUS_CALIBRATION, trend_sd=0.0, lower=0.0)


def _from_predict(m: Model, h: int) -> np.ndarray:
    p = m.predict(h, level=(80, 95))
    return np.vstack([p["lo-95"], p["lo-80"], p["mean"], p["hi-80"], p["hi-95"]])


def _q_local(case: Case, cache: dict):
    """The local combination as the package uses it today where a series has no pool (its own
    points only; refuses below 3): on request (``--methods``), not in the standard run."""
    if len(case.years) < 3:
        return None
    return _from_predict(default_model(lower=0.0).fit(case.years, case.values), len(case.actual))


METHODS = {"default": _q_default, "pooled": _q_pooled, "naive": _q_naive,
           "previous": _q_previous, "local": _q_local}


# -- scoring -----------------------------------------------------------------------------------
def score(pairs: list[tuple[np.ndarray, np.ndarray]], n_refused: int) -> dict:
    """Aggregate ``(quantiles, actual)`` pairs over every observed (case, horizon).

    ``ris95_median`` is the median 95 % interval score over the actual: the median case misses
    nothing, so it is nearly the median width and rewards any narrowing, covered or not.
    ``wis_log_mean`` is the mean :func:`weighted_interval_score` of the log quantiles against
    the log actual: a proper score, scale-free, that weighs the misses of every case (about
    the mean absolute log error for a point forecast).
    """
    if not pairs:
        return {"n": 0, "refused": n_refused}
    q = np.hstack([p[0] for p in pairs])
    y = np.concatenate([p[1] for p in pairs])
    ok = np.isfinite(y) & (y > 0)
    q, y = q[:, ok], y[ok]
    lo95, lo80, med, hi80, hi95 = q
    is95 = interval_score(y, lo95, hi95, 95)
    med_pos = np.maximum(med, 1e-300)
    with np.errstate(divide="ignore", invalid="ignore"):
        bias = np.log(med_pos / y)
        logq = np.log(np.maximum(q, WIS_FLOOR * med_pos))
    wis = weighted_interval_score(np.log(y), logq, PROBS)
    return {"n": int(y.size), "coverage_80": coverage(y, lo80, hi80),
            "coverage_95": coverage(y, lo95, hi95),
            "above_90": float(np.mean(y > hi80)), "below_10": float(np.mean(y < lo80)),
            "ris95_median": float(np.median(is95 / y)), "wis_log_mean": float(np.mean(wis)),
            "bias_log_median": float(np.median(bias)),
            "mdape": float(np.median(np.abs(med - y) / y) * 100), "refused": int(n_refused)}


def run_sparse(cases_by_k: dict[int, list[Case]], methods=SPARSE_METHODS, jobs: int = 1) -> dict:
    """Score every method on every case; the json-ready result of ``bench --sparse``.

    Per method: ``k`` (every case the method answered), ``by_h`` (the same per horizon: a
    method that refuses long horizons otherwise scores on an easier mix) and ``common`` (only
    the cases every method of the run answered -- leaving out a method that answers none at
    that k, like ``naive`` from one point -- so that methods compare on the same cases;
    ``common_cases`` says how many per k). ``jobs`` > 1 projects the cases in that many
    spawned processes (the same answers; ``seconds`` then sums the workers' time).
    """
    unknown = [m for m in methods if m not in METHODS]
    if unknown:
        raise ModelError(f"unknown --sparse method(s) {unknown}; valid: {list(METHODS)}.")
    out = {"default": DEFAULT_NAME, "common_cases": {},
           "methods": {m: {"k": {}, "by_h": {}, "common": {}, "seconds": 0.0}
                       for m in methods}}
    raw = _raw_answers(methods, cases_by_k, jobs)
    answers = {m: {} for m in methods}
    for m in methods:
        for k, cases in cases_by_k.items():
            qs, seconds = _calibrated(m, *raw[m, k], cases)
            answers[m][k] = qs
            refused = sum(q is None for q in qs)
            out["methods"][m]["k"][str(k)] = score(_pairs(qs, cases), refused)
            out["methods"][m]["by_h"][str(k)] = _by_horizon(qs, cases)
            out["methods"][m]["seconds"] += seconds
    for k, cases in cases_by_k.items():
        live = [m for m in methods if any(q is not None for q in answers[m][k])]
        every = [all(answers[m][k][i] is not None for m in live) for i in range(len(cases))]
        out["common_cases"][str(k)] = int(sum(every))
        for m in methods:
            qs = [q if e else None for q, e in zip(answers[m][k], every)]
            out["methods"][m]["common"][str(k)] = score(_pairs(qs, cases), 0)
    return out


def _raw_answers(methods, cases_by_k: dict, jobs: int) -> dict:
    """``{(method, k): (quantiles or None per case, compute seconds)}`` before calibration.

    With ``jobs`` > 1 every method's cases at every k go to one pool of spawned workers
    (starting a pool costs seconds), in contiguous chunks: a chunk then keeps the cases of one
    (indicator, origin) together, pickles their shared pool once, and the previous default
    fits its reference once per chunk.
    """
    if jobs <= 1:
        return {(m, k): _answer_chunk((m, cases)) for m in methods
                for k, cases in cases_by_k.items()}
    keys, chunks = [], []
    for m in methods:
        for k, cases in cases_by_k.items():
            size = max(1, -(-len(cases) // (jobs * 8)))
            for i in range(0, len(cases), size):
                keys.append((m, k))
                chunks.append((m, cases[i:i + size]))
    out = {(m, k): ([], 0.0) for m in methods for k in cases_by_k}
    for key, (qs, seconds) in zip(keys, map_jobs(_answer_chunk, chunks, jobs)):
        out[key] = (out[key][0] + qs, out[key][1] + seconds)
    return out


def _calibrated(method: str, qs: list, seconds: float, cases: list[Case]) -> tuple[list, float]:
    """The default widened by tables learned on the other groups (:func:`widen_cross_fitted`);
    every other method as it answered."""
    if method != DEFAULT_NAME:
        return qs, seconds
    t0 = time.perf_counter()
    qs = list(qs)
    idx = [i for i, q in enumerate(qs) if q is not None]
    wide = widen_cross_fitted([(qs[i], cases[i].actual) for i in idx],
                              np.asarray([cases[i].group for i in idx]))
    for i, (q, _) in zip(idx, wide):
        qs[i] = q
    return qs, seconds + time.perf_counter() - t0


def _answer_chunk(item: tuple[str, list[Case]]) -> tuple[list, float]:
    """``(method, cases)`` -> (quantiles or None per case, seconds): one worker's share."""
    method, cases = item
    t0, cache, qs = time.perf_counter(), {}, []
    for c in cases:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                qs.append(METHODS[method](c, cache))
            except ModelError:
                qs.append(None)
    return qs, time.perf_counter() - t0


def _pairs(qs: list, cases: list[Case]) -> list:
    return [(q, c.actual) for q, c in zip(qs, cases) if q is not None]


def _by_horizon(qs: list, cases: list[Case]) -> dict:
    """:func:`score` per horizon ``{"1": ..., "2": ...}``; ``refused`` counts the refused
    cases whose actual at that horizon is known."""
    h_max = max((len(c.actual) for c in cases), default=0)
    out = {}
    for j in range(h_max):
        known = [j < len(c.actual) and bool(np.isfinite(c.actual[j])) for c in cases]
        pairs = [(q[:, j:j + 1], c.actual[j:j + 1])
                 for q, c, ok in zip(qs, cases, known) if ok and q is not None]
        refused = sum(ok and q is None for q, ok in zip(qs, known))
        out[str(j + 1)] = score(pairs, refused)
    return out


_TABLE_COLS = ("n", "coverage_80", "coverage_95", "above_90", "below_10", "ris95_median",
               "wis_log_mean", "bias_log_median", "mdape", "refused")
_TABLE_HEAD = ("method", "k", "n", "cov80", "cov95", "above90", "below10", "rIS95", "WISlog",
               "bias", "MdAPE%", "refused")


def format_sparse(result: dict) -> str:
    """Plain text: every answered case per method and k; the cases every method answered (when
    some method refused some); rIS95 and MdAPE per horizon."""
    lines = [f"{result.get('dataset', '')}: {result.get('n_cases', '')} cases per k, wall "
             f"{result.get('wall_seconds', 0):.1f} s"]
    lines += _score_table(result, "k")
    common = result.get("common_cases")
    if common and common != result.get("n_cases"):  # else the same table again
        lines += ["", f"the cases every method answered ({common} per k):"]
        lines += _score_table(result, "common")
    lines += ["", "by horizon: rIS95 / MdAPE% (n)"]
    for name, m in result["methods"].items():
        for k, per_h in m.get("by_h", {}).items():
            if not any(s["n"] for s in per_h.values()):
                lines.append(f"{name:>9}{k:>4}  refused every case")
                continue
            cells = [f"{s.get('ris95_median', float('nan')):.3f} / "
                     f"{s.get('mdape', float('nan')):.1f} ({s['n']})" for s in per_h.values()]
            lines.append(f"{name:>9}{k:>4}  " + "  ".join(
                f"h={h}: {c:<20}" for h, c in zip(per_h, cells)).rstrip())
    lines.append("default = pooled growth (cross-learned); seconds: "
                 + ", ".join(f"{n} {m['seconds']:.1f}" for n, m in result["methods"].items()))
    return "\n".join(lines)


def _score_table(result: dict, part: str) -> list[str]:
    lines = ["".join(f"{h:>9}" for h in _TABLE_HEAD)]
    for name, m in result["methods"].items():
        for k, s in m[part].items():
            vals = [s.get(c, float("nan")) for c in _TABLE_COLS]
            lines.append("".join([f"{name:>9}", f"{k:>9}"] + [
                f"{v:>9d}" if isinstance(v, int) else f"{v:>9.3f}" for v in vals]))
    return lines


def child_deviation_sd(panels: dict, parent: str = "china", h_max: int = PANEL_H) -> np.ndarray:
    """Robust s.d. (1.4826 MAD) of a child's h-year log growth minus its parent's, per h."""
    devs = {h: [] for h in range(1, h_max + 1)}
    for series in panels.values():
        py, pv = series[parent]
        pz = dict(zip(py.tolist(), np.log(pv).tolist()))
        for reg, (y, v) in series.items():
            if reg == parent:
                continue
            z = dict(zip(y.tolist(), np.log(v).tolist()))
            for t in z:
                for h in range(1, h_max + 1):
                    if t + h in z and t in pz and t + h in pz:
                        devs[h].append((z[t + h] - z[t]) - (pz[t + h] - pz[t]))
    return np.array([1.4826 * np.median(np.abs(np.asarray(d) - np.median(d)))
                     for d in devs.values()])


def learn_calibration(cases_by_k: dict, h_max: int = PANEL_H) -> tuple:
    """The shift and widening tables of :class:`PooledGrowth`, learned on cases.

    Each case is projected with no shift and factors 1 (leave-one-series-out as ever); per k
    and h, the shift is the median log error of the median and one factor per level of
    :data:`~xtforecast.models.pooled.INFLATION_LEVELS` brings that interval to its level
    (:func:`_calibration`). Row ``k`` is learned on the cases at ``k`` (1..5), the last row
    (``LONG_POINTS`` points or more) on those at ``ALL``; rows of unlearned k copy the one below.

    Returns
    -------
    shift : ndarray, own points x h
    factor : ndarray, levels x own points x h
    """
    shift = np.zeros((LONG_POINTS, h_max))
    factor = np.ones((len(INFLATION_LEVELS), LONG_POINTS, h_max))
    for k, cases in cases_by_k.items():
        pairs = [(_q_default(c, {}), c.actual) for c in cases]
        row = own_points_needed(k) - 1
        shift[row], factor[:, row] = _calibration(pairs, h_max)
    learned = {own_points_needed(k) for k in cases_by_k}
    for row in range(1, LONG_POINTS):
        if row + 1 not in learned:
            shift[row], factor[:, row] = shift[row - 1], factor[:, row - 1]
    return shift, factor


#: rows of :data:`PROBS` that bound each interval of ``INFLATION_LEVELS`` (lower, upper)
_BOUNDS = tuple((int(np.argmin(np.abs(PROBS - (1 - lv) / 2))),
                 int(np.argmin(np.abs(PROBS - (1 + lv) / 2)))) for lv in INFLATION_LEVELS)


def _calibration(pairs, h_max: int) -> tuple[np.ndarray, np.ndarray]:
    """Per horizon: the median log error of the median (the shift), and per level of
    ``INFLATION_LEVELS`` the factor that brings that interval's log half-widths around the
    shifted median to its level (the half on the side of each error). Returns ``shift`` (h)
    and ``factor`` (levels x h)."""
    errs = {h: [] for h in range(1, h_max + 1)}
    for q, y in pairs:
        lq = np.log(np.maximum(q, 1e-300))
        e = np.log(np.maximum(y, 1e-300)) - lq[2]
        for j in np.flatnonzero(np.isfinite(y) & (y > 0))[:h_max]:
            errs[j + 1].append([e[j]] + [w for lo, hi in _BOUNDS
                                         for w in (lq[hi, j] - lq[2, j], lq[2, j] - lq[lo, j])])
    n_lv = len(INFLATION_LEVELS)
    shift, factor = np.zeros(h_max), np.full((n_lv, h_max), np.nan)
    for h, rows in errs.items():
        if len(rows) < 20:
            continue
        a = np.asarray(rows)
        shift[h - 1] = np.median(a[:, 0])
        e = a[:, 0] - shift[h - 1]
        up = e > 0
        widths = [np.where(up, a[:, 1 + 2 * i], a[:, 2 + 2 * i]) for i in range(n_lv)]
        ok = np.all([w > 0 for w in widths], axis=0)
        for i, (lv, w) in enumerate(zip(INFLATION_LEVELS, widths)):
            factor[i, h - 1] = np.quantile(np.abs(e[ok]) / w[ok], lv)
    for i in range(h_max):  # unlearned horizons reuse the one before; never narrowing with h
        if not np.isfinite(factor[0, i]):
            factor[:, i] = factor[:, i - 1] if i else 1.0
            shift[i] = shift[i - 1] if i else 0.0
    return shift, np.maximum.accumulate(factor, axis=1)


def _widen(q: np.ndarray, shift: np.ndarray, f: np.ndarray) -> np.ndarray:
    """Quantiles ``q`` (PROBS x h) shifted and widened as :class:`PooledGrowth` widens its
    residuals (:func:`~xtforecast.models.pooled.widen_by_level`): each probability by the
    factor of its central level (``f``: levels x h), each tail kept monotone outward."""
    lq = np.log(np.maximum(q, 1e-300))
    n = q.shape[1]
    cols = np.minimum(np.arange(n), f.shape[1] - 1)
    level = np.abs(2 * PROBS - 1)
    ff = np.stack([np.interp(level, INFLATION_LEVELS, f[:, c]) for c in cols], axis=1)
    sh = shift[np.minimum(np.arange(n), shift.size - 1)]
    out = lq[2] + sh + (lq - lq[2]) * ff
    mid = len(PROBS) // 2
    out[mid:] = np.maximum.accumulate(out[mid:], axis=0)
    out[:mid] = np.minimum.accumulate(out[:mid][::-1], axis=0)[::-1]
    return np.exp(out)


def widen_cross_fitted(pairs, groups: np.ndarray, h_max: int = PANEL_H):
    """Widen each case by factors learned on the *other* groups only (leave one indicator,
    or one fold of series, out): the benchmark never scores a case with a factor its own
    outcome helped to set."""
    out = list(pairs)
    for gname in np.unique(groups):
        others = [p for p, g in zip(pairs, groups) if g != gname]
        shift, f = _calibration(others, h_max)
        for i in np.flatnonzero(groups == gname):
            out[i] = (_widen(pairs[i][0], shift, f), pairs[i][1])
    return out


#: Probabilities of :data:`~xtforecast.models.pooled.RATE_ERROR_Q`.
RATE_ERROR_PROBS = (0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.975)


def rate_extrapolation_quantiles(panels: dict, window: int = 5,
                                 h_max: int = PANEL_H) -> np.ndarray:
    """Quantiles (h x RATE_ERROR_PROBS) of ``g_h - h * median(past rates)``.

    For every region of every panel and every origin: the median of the annualised log growth
    rates between any two of its points in the last ``window`` years, extrapolated h years, and
    what happened. The error a thin pool's observed rates carry about the future (growth slows:
    the median error is negative and grows with h).
    """
    errs = {h: [] for h in range(1, h_max + 1)}
    for series in panels.values():
        for y, v in series.values():
            z = dict(zip(y.tolist(), np.log(v).tolist()))
            for t in z:
                past = [k for k in z if t - window <= k <= t]
                rates = [(z[b] - z[a]) / (b - a) for a in past for b in past if b > a]
                if not rates:
                    continue
                for h in errs:
                    if t + h in z:
                        errs[h].append(z[t + h] - z[t] - h * np.median(rates))
    return np.array([np.quantile(errs[h], RATE_ERROR_PROBS) for h in errs])
