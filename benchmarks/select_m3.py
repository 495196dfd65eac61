"""Choose the M3-yearly point combination on the training parts only, then (optionally) test it.

    python benchmarks/select_m3.py            # validation on the training parts, picks printed
    python benchmarks/select_m3.py --test     # also the M3 test scores of the picks (looks!)

The default combination (median of drift, log Theta, SES and a damped log drift) was picked
after looking at M3 test scores (benchmarks/README.md). This script makes the choice the way
the issue asks: among median combinations of 1-7 of 13 candidates -- 12 local models and one
cross-learned one (the median future of the 50 nearest windows of other series, a "deja vu"
analogue forecast) -- the one with the lowest mean MASE on

- ``last``: the last 6 points of each training part, fitted on the points before them;
- ``rolling``: every origin inside the training part whose fit has at least
  ``bench.CAL_MIN_FIT`` points and whose 6 years are all in it (each series counts once).

Nothing here reads the test part unless ``--test`` is given.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import time
import warnings
from multiprocessing import get_context

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

from xtforecast.bench import CAL_MIN_FIT, load_m3_yearly  # noqa: E402
from xtforecast.models import SES, Drift, Naive, Theta  # noqa: E402
from xtforecast.models.metrics import mase_scale  # noqa: E402
from xtforecast.models.simple import DampedDrift  # noqa: E402
from xtforecast.models.smoothing import DampedTrend  # noqa: E402

H = 6
#: analogue forecast: window length and neighbours
LAGS, NEIGHBOURS = 7, 50
DEFAULT = ("drift", "theta_log", "ses", "damped_drift_log_85")


def candidates() -> dict:
    """The 12 local candidates (unfitted), by name."""
    return {
        "drift": Drift(transform="none"),
        "drift_robust": DampedDrift(phi=1.0, robust=True, transform="none"),
        "theta": Theta(transform="none"),
        "theta_log": Theta(transform="log"),
        "ses": SES(transform="none"),
        "ses_log": SES(transform="log"),
        "naive": Naive(transform="none"),
        "damped_trend": DampedTrend(transform="none"),
        "damped_drift_85": DampedDrift(phi=0.85, robust=True, transform="none"),
        "damped_drift_log_85": DampedDrift(phi=0.85, robust=True, transform="log"),
        "damped_drift_log_90": DampedDrift(phi=0.90, robust=True, transform="log"),
        "damped_drift_log_95": DampedDrift(phi=0.95, robust=True, transform="log"),
    }


def _local_paths(x: np.ndarray) -> np.ndarray:
    """(candidates, H) point paths of the local candidates fitted on ``x``."""
    out = []
    for m in candidates().values():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                out.append(m.fit(np.arange(len(x)), x).predict(H, level=None)["mean"])
            except Exception:  # a candidate that cannot fit forecasts flat, as the bench does
                out.append(np.repeat(x[-1], H))
    return np.stack(out)


def _origins(x: np.ndarray, design: str) -> list[int]:
    if design == "last":
        return [len(x) - H]
    if design == "rolling":
        return list(range(CAL_MIN_FIT, len(x) - H + 1))
    return [len(x)]  # test: the whole training part


def _work(args):
    x, design = args
    return [(o, _local_paths(x[:o])) for o in _origins(x, design)]


# -- the analogue (cross-learned) candidate ---------------------------------------------------
def _scale(x: np.ndarray) -> float:
    d = np.abs(np.diff(x[-11:]))
    return float(d.mean()) if d.size and d.mean() > 0 else max(abs(x[-1]) * 1e-3, 1e-9)


def _window(x: np.ndarray) -> np.ndarray:
    w = x[-LAGS:]
    if w.size < LAGS:  # short histories padded with their first value (a flat past)
        w = np.concatenate([np.repeat(w[0], LAGS - w.size), w])
    return (w[:-1] - w[-1]) / _scale(x)


def _library(parts: list[np.ndarray]):
    """Every window of every part with its next H values, on the window's MASE-like scale."""
    X, Y, who = [], [], []
    for i, x in enumerate(parts):
        for o in range(3, len(x) - H + 1):
            X.append(_window(x[:o]))
            Y.append((x[o:o + H] - x[o - 1]) / _scale(x[:o]))
            who.append(i)
    return np.asarray(X), np.asarray(Y), np.asarray(who)


def _analogue(lib, x: np.ndarray, leave_out: int | None = None) -> np.ndarray:
    X, Y, who = lib
    d = ((X - _window(x)) ** 2).sum(axis=1)
    if leave_out is not None:
        d[who == leave_out] = np.inf
    near = np.argpartition(d, NEIGHBOURS)[:NEIGHBOURS]
    return x[-1] + _scale(x) * np.median(Y[near], axis=0)


# -- tables and the search ----------------------------------------------------------------------
def table(series: list[dict], design: str, jobs: int):
    """``(paths (rows, candidates, H), actual (rows, H), scale (rows,), weight (rows,), names)``."""
    trains = [s["train"] for s in series]
    with get_context("spawn").Pool(jobs) as pool:
        local = pool.map(_work, [(x, design) for x in trains], chunksize=10)
    if design == "last":  # the analogues' library: every series' part before its last 6 points
        lib, loso = _library([x[:-H] for x in trains]), False
    else:  # rolling: other series only (their windows may cover this origin's future years)
        lib, loso = _library(trains), design == "rolling"
    P, A, S, W = [], [], [], []
    for i, (s, rows) in enumerate(zip(series, local)):
        x = s["train"]
        for o, paths in rows:
            fit = x[:o]
            g = _analogue(lib, fit, leave_out=i if loso else None)
            P.append(np.vstack([paths, g]))
            A.append(x[o:o + H] if design != "test" else s["test"][:H])
            S.append(mase_scale(fit))
            W.append(1.0 / len(rows))
    names = list(candidates()) + ["analogue"]
    return np.stack(P), np.stack(A), np.asarray(S), np.asarray(W) / np.sum(W), names


def scores(P, A, S, W, idx) -> tuple[float, float]:
    """Weighted mean MASE and sMAPE of the median of candidates ``idx``."""
    med = np.median(P[:, idx, :], axis=1)
    mase = np.abs(med - A).mean(axis=1) / S
    smape = (200 * np.abs(med - A) / (np.abs(A) + np.abs(med))).mean(axis=1)
    return float(W @ mase), float(W @ smape)


def search(P, A, S, W, names, max_size: int = 7) -> list:
    """Every median combination of 1..max_size candidates, best (lowest MASE) first."""
    out = []
    for r in range(1, max_size + 1):
        for c in itertools.combinations(range(len(names)), r):
            out.append((scores(P, A, S, W, list(c)), c))
    return sorted(out, key=lambda z: z[0][0])


def _halves(P, A, S, W, names, base, n_splits: int, seed: int = 0) -> None:
    """Is the choice stable inside the training windows? Pick on a random half of the series,
    score the pick and the default on the other half."""
    rng = np.random.default_rng(seed)
    for _ in range(n_splits):
        a = rng.random(len(A)) < 0.5
        half = [(P[m], A[m], S[m], W[m] / W[m].sum()) for m in (a, ~a)]
        pick = search(*half[0], names)[0][1]
        print(f"  half split: pick median({', '.join(names[i] for i in pick)}) on the other half "
              f"MASE {scores(*half[1], list(pick))[0]:.3f}, the default "
              f"{scores(*half[1], list(base))[0]:.3f}")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="select_m3", description=__doc__.splitlines()[0])
    p.add_argument("--test", action="store_true", help="also score the picks on the M3 test part")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--halves", type=int, default=5,
                   help="random half splits of the 'last' windows to check the choice on")
    args = p.parse_args(argv)
    series = load_m3_yearly()
    picks = {"default (picked on test scores)": DEFAULT}
    for design in ("last", "rolling"):
        t0 = time.perf_counter()
        P, A, S, W, names = table(series, design, args.jobs)
        ranked = search(P, A, S, W, names)
        base = tuple(names.index(n) for n in DEFAULT)
        rank = [c for _, c in ranked].index(base)
        print(f"\nvalidation '{design}': {len(A)} origins, {len(ranked)} combinations, "
              f"{time.perf_counter() - t0:.0f} s; the default ranks {rank + 1} "
              f"(MASE {scores(P, A, S, W, list(base))[0]:.3f})")
        for j in range(len(names)):
            print(f"  {names[j]:<22} MASE {scores(P, A, S, W, [j])[0]:.3f}")
        for (mase, smape), c in ranked[:5]:
            print(f"  {mase:.3f} {smape:6.2f}  median({', '.join(names[i] for i in c)})")
        picks[f"pick on '{design}'"] = tuple(names[i] for i in ranked[0][1])
        if design == "last":
            _halves(P, A, S, W, names, base, args.halves)
        local = next(c for _, c in ranked if names.index("analogue") not in c)
        picks[f"local pick on '{design}'"] = tuple(names[i] for i in local)
    if args.test:
        P, A, S, W, names = table(series, "test", args.jobs)
        print("\nM3 test part (645 series, h = 6):")
        for label, members in picks.items():
            mase, smape = scores(P, A, S, W, [names.index(n) for n in members])
            print(f"  {label:<32} MASE {mase:.3f}  sMAPE {smape:.2f}  median({', '.join(members)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
