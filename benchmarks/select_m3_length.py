"""Does the best M3-yearly combination depend on how long the fit is? A choice matched on length.

    python benchmarks/select_m3_length.py            # training parts only
    python benchmarks/select_m3_length.py --test     # also the M3 test part (looks!)

``select_m3.py`` picks one median combination for every series, on validation windows whose fits
are shorter than the fit every M3 forecast is made from (the last window of a training part fits
``n_train - 6`` points; the test forecast fits ``n_train``). A trend estimated from 8 points is
noisier than one from 20, so a damped member that helps the short fits may hurt the long ones.
Here the choice is made per length bucket of the fit, on the windows of every training part
whose fit has a length in that bucket (any origin, so the windows of longer series stand in for
the full-length fits of shorter ones):

- *pseudo-test, inside the training parts*: 5 folds of the series; for each fold, the pick per
  bucket is made on the other folds' windows and scored on the fold's last windows (bucket of
  ``n_train - 6``), against the single pick of the same windows (no buckets) and the default;
- ``--test``: the pick per bucket made on every training window, applied to each series by the
  bucket of ``n_train``, scored once on the test part.

Candidates as in ``select_m3.py`` (12 local models and the analogue, fitted leave one series out).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from multiprocessing import get_context

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(__file__))
import select_m3 as sel  # noqa: E402
from scipy import stats  # noqa: E402

from xtforecast.bench import CAL_MIN_FIT, load_m3_yearly  # noqa: E402
from xtforecast.models.base import ErrorDist  # noqa: E402
from xtforecast.models.calibrate import fit_error_dist  # noqa: E402
from xtforecast.models.combine import _robust_spread  # noqa: E402
from xtforecast.models.metrics import coverage, mase_scale, msis  # noqa: E402

H = sel.H
#: shortest fit a window may have (the candidates need a few steps; the analogue pads)
MIN_FIT = 5
#: fit-length buckets, fixed before any score was seen: M3's training lengths fall in four
#: groups (14-16: 210 series, 17-19: 237, 20-29: 50, 30-41: 148)
BUCKETS = ((5, 16), (17, 19), (20, 29), (30, 99))


def _bucket(n: int) -> int:
    return next(i for i, (lo, hi) in enumerate(BUCKETS) if lo <= n <= hi)


def _work(args):
    x, origins = args
    return [(o, sel._local_paths(x[:o])) for o in origins]


def table(series: list[dict], test: bool, jobs: int):
    """Rows of every window: paths (rows, 13, H), actual, scale, series index, fit length."""
    trains = [s["train"] for s in series]
    origins = [[len(x)] if test else list(range(MIN_FIT, len(x) - H + 1)) for x in trains]
    with get_context("spawn").Pool(jobs) as pool:
        local = pool.map(_work, list(zip(trains, origins)), chunksize=10)
    lib = sel._library(trains)
    P, A, S, who, L = [], [], [], [], []
    for i, (s, rows) in enumerate(zip(series, local)):
        x = s["train"]
        for o, paths in rows:
            fit = x[:o]
            P.append(np.vstack([paths, sel._analogue(lib, fit, leave_out=None if test else i)]))
            A.append(s["test"][:H] if test else x[o:o + H])
            S.append(mase_scale(fit))
            who.append(i)
            L.append(o)
    return (np.stack(P), np.stack(A), np.asarray(S), np.asarray(who), np.asarray(L),
            list(sel.candidates()) + ["analogue"])


def _weights(who: np.ndarray) -> np.ndarray:
    # each series counts once among the rows it has
    _, inv, counts = np.unique(who, return_inverse=True, return_counts=True)
    w = 1.0 / counts[inv]
    return w / w.sum()


def pick(P, A, S, who, rows, names) -> tuple:
    """The best median combination (lowest mean MASE, each series once) on ``rows``."""
    r = np.flatnonzero(rows)
    return sel.search(P[r], A[r], S[r], _weights(who[r]), names)[0][1]


def score(P, A, S, rows, chosen) -> float:
    """Mean MASE of each row's chosen combination (one row per series here)."""
    r = np.flatnonzero(rows)
    out = [np.abs(np.median(P[i, list(chosen[i]), :], axis=0) - A[i]).mean() / S[i] for i in r]
    return float(np.mean(out))


def pseudo_test(P, A, S, who, L, names, n_train, folds: int = 5, seed: int = 0) -> None:
    base = tuple(names.index(n) for n in sel.DEFAULT)
    fold = np.random.default_rng(seed).integers(0, folds, size=len(n_train))
    last = L == n_train[who] - H  # each series' last window: its pseudo-test
    bucket_of = np.vectorize(_bucket)(L)
    res = {"by length": [], "one pick": [], "default": []}
    for f in range(folds):
        train_rows, test_rows = fold[who] != f, (fold[who] == f) & last
        single = pick(P, A, S, who, train_rows, names)
        per = {b: pick(P, A, S, who, train_rows & (bucket_of == b), names)
               for b in range(len(BUCKETS))}
        res["by length"].append(score(P, A, S, test_rows, {i: per[bucket_of[i]] for i in
                                                           np.flatnonzero(test_rows)}))
        res["one pick"].append(score(P, A, S, test_rows, dict.fromkeys(np.flatnonzero(test_rows),
                                                                       single)))
        res["default"].append(score(P, A, S, test_rows, dict.fromkeys(np.flatnonzero(test_rows),
                                                                      base)))
        print(f"  fold {f}: {int(test_rows.sum())} series; by length "
              f"{res['by length'][-1]:.3f}, one pick {res['one pick'][-1]:.3f} "
              f"(median({', '.join(names[i] for i in single)})), default {res['default'][-1]:.3f}")
    print("  mean over folds: " + ", ".join(f"{k} {np.mean(v):.3f}" for k, v in res.items()))


def _spread(fit: np.ndarray) -> np.ndarray:
    """The default's level-scale spread ``s * sqrt(h)`` (``s``: robust step s.d., last 10)."""
    s = _robust_spread(np.arange(len(fit), dtype=float), fit)
    return (s if s > 0 else 1e-9 * (abs(fit[-1]) + 1)) * np.sqrt(np.arange(1, H + 1))


def calibration(P, A, who, L, series, chosen_of) -> ErrorDist:
    """Per-horizon factors and df as ``xtforecast bench`` learns them for its default: each
    series' latest full-horizon training origin whose fit has >= CAL_MIN_FIT points."""
    n_train = np.array([len(s["train"]) for s in series])
    z = []
    for i in np.flatnonzero((L == n_train[who] - H) & (L >= CAL_MIN_FIT)):
        med = np.median(P[i, list(chosen_of(L[i])), :], axis=0)
        z.append((A[i] - med) / _spread(series[who[i]]["train"][:L[i]]))
    return fit_error_dist(np.vstack(z), source="training parts, latest full origin, fits >= 11")


def interval_scores(series, Pt, At, chosen, cal) -> tuple[float, float, float]:
    """Mean 80 % and 95 % coverage and MSIS of the chosen medians with ``cal``'s bands."""
    ppf = (lambda q: stats.t.ppf(q, cal.df)) if np.isfinite(cal.df) else stats.norm.ppf
    c80, c95, ms = [], [], []
    for i, s in enumerate(series):
        med = np.median(Pt[i, list(chosen[i]), :], axis=0)
        half = {lv: cal.factor[:H] * ppf(0.5 + lv / 200) * _spread(s["train"]) for lv in (80, 95)}
        c80.append(coverage(At[i], med - half[80], med + half[80]))
        c95.append(coverage(At[i], med - half[95], med + half[95]))
        ms.append(msis(s["train"], At[i], med - half[95], med + half[95], 95))
    return float(np.mean(c80)), float(np.mean(c95)), float(np.mean(ms))


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="select_m3_length", description=__doc__.splitlines()[0])
    p.add_argument("--test", action="store_true", help="also score the picks on the M3 test part")
    p.add_argument("--jobs", type=int, default=2)
    args = p.parse_args(argv)
    series = load_m3_yearly()
    n_train = np.array([len(s["train"]) for s in series])
    t0 = time.perf_counter()
    P, A, S, who, L, names = table(series, False, args.jobs)
    bucket_of = np.vectorize(_bucket)(L)
    print(f"training windows: {len(A)} in {len(series)} series, {time.perf_counter() - t0:.0f} s")
    per = {}
    for b, (lo, hi) in enumerate(BUCKETS):
        rows = bucket_of == b
        per[b] = pick(P, A, S, who, rows, names)
        print(f"  fits of {lo}-{hi} points: {int(rows.sum())} windows in "
              f"{len(np.unique(who[rows]))} series; pick median({', '.join(names[i] for i in per[b])})")
    print("pseudo-test on the training parts' last windows (5 folds of the series):")
    pseudo_test(P, A, S, who, L, names, n_train)
    if args.test:
        Pt, At, St, whot, Lt, _ = table(series, True, args.jobs)
        all_rows = np.ones(len(At), bool)
        base = tuple(names.index(n) for n in sel.DEFAULT)
        single = pick(P, A, S, who, L >= 0, names)
        print("M3 test part (645 series, h = 6; bands: the default's spread, calibrated on the "
              "training parts as xtforecast bench does):")
        rules = {"by length": lambda n: per[_bucket(n)], "one pick": lambda n: single,
                 "default": lambda n: base}
        for label, rule in rules.items():
            ch = {i: rule(Lt[i]) for i in range(len(At))}
            cal = calibration(P, A, who, L, series, rule)
            med = np.stack([np.median(Pt[i, list(ch[i]), :], axis=0) for i in range(len(At))])
            smape = (200 * np.abs(med - At) / (np.abs(At) + np.abs(med))).mean()
            c80, c95, ms = interval_scores(series, Pt, At, ch, cal)
            print(f"  {label:<10} MASE {score(Pt, At, St, all_rows, ch):.3f}  sMAPE {smape:.2f}  "
                  f"cov80 {c80:.3f}  cov95 {c95:.3f}  MSIS {ms:.2f}  ({cal.source})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
