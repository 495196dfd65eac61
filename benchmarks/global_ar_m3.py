"""Global AR candidates on M3 yearly, validated on the training parts only (not shipped).

    pip install scikit-learn            # not a dependency of the package
    python benchmarks/global_ar_m3.py   # about 3 minutes on 2 cores

A small network (scikit-learn ``MLPRegressor``) and a ridge regression fitted across every
window of every series' ``last`` fitting part (the training part minus its last 6 points),
scored on those 6 points, alone for 4-12 lags on two window scales, then added to
``select_m3``'s combination search. benchmarks/README.md ("Global AR candidates") has the
figures and why they were not kept. Nothing here reads the M3 test part.
"""

from __future__ import annotations

import os
import sys
import warnings

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import select_m3 as sm  # noqa: E402

from xtforecast.bench import load_m3_yearly  # noqa: E402
from xtforecast.models.metrics import mase_scale  # noqa: E402

H = sm.H
#: targets and lags of the level-scale windows are clipped here: a few series with a near-flat
#: past have steps of hundreds of scales, which dominate a squared loss
CLIP = 50.0


def _scale(x: np.ndarray) -> float:
    s = mase_scale(x) if len(x) > 1 else 0.0
    return s if s > 0 else max(abs(x[-1]) * 1e-3, 1e-9)


def _lags(x: np.ndarray, n_lags: int, scale: str) -> np.ndarray:
    """The last ``n_lags`` values against the last one (short pasts padded flat)."""
    w = x[-n_lags:]
    if w.size < n_lags:
        w = np.concatenate([np.repeat(w[0], n_lags - w.size), w])
    if scale == "log":
        return np.log(w[:-1] / w[-1])
    return np.clip((w[:-1] - w[-1]) / _scale(x), -CLIP, CLIP)


def _ahead(x: np.ndarray, future: np.ndarray, scale: str) -> np.ndarray:
    if scale == "log":
        return np.log(future / x[-1])
    return np.clip((future - x[-1]) / _scale(x), -CLIP, CLIP)


def _back(x: np.ndarray, y: np.ndarray, scale: str) -> np.ndarray:
    return x[-1] * np.exp(y) if scale == "log" else x[-1] + _scale(x) * y


def forecasts(fits: list[np.ndarray], n_lags: int, scale: str, kind: str,
              seeds: int = 1) -> np.ndarray:
    """(series, H) forecasts of a global model fitted on every window of ``fits``."""
    from sklearn.linear_model import Ridge
    from sklearn.neural_network import MLPRegressor

    X, Y = [], []
    for x in fits:
        for o in range(3, len(x) - H + 1):
            X.append(_lags(x[:o], n_lags, scale))
            Y.append(_ahead(x[:o], x[o:o + H], scale))
    F = np.stack([_lags(x, n_lags, scale) for x in fits])
    out = []
    for seed in range(seeds):
        model = (Ridge(alpha=1.0) if kind == "ridge" else
                 MLPRegressor(hidden_layer_sizes=(16,), alpha=1e-3, max_iter=500,
                              early_stopping=True, random_state=seed))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # convergence warnings of early-stopped fits
            out.append(model.fit(np.asarray(X), np.asarray(Y)).predict(F))
    y = np.median(out, axis=0)
    return np.stack([_back(x, yy, scale) for x, yy in zip(fits, y)])


def mean_mase(P: np.ndarray, actual: np.ndarray, fits: list[np.ndarray]) -> float:
    return float(np.mean([np.abs(p - a).mean() / mase_scale(x)
                          for p, a, x in zip(P, actual, fits)]))


def main() -> int:
    series = load_m3_yearly()
    fits = [s["train"][:-H] for s in series]
    actual = np.stack([s["train"][-H:] for s in series])
    for scale in ("log", "level"):
        for kind in ("ridge", "mlp"):
            for n_lags in (4, 6, 8, 10, 12):
                m = mean_mase(forecasts(fits, n_lags, scale, kind), actual, fits)
                print(f"'last' {scale:<5} {kind:<5} {n_lags:>2} lags  MASE {m:.3f}", flush=True)
    P, A, S, W, names = sm.table(series, "last", 2)
    extra = [forecasts(fits, 8, "level", "mlp", seeds=5), forecasts(fits, 8, "level", "ridge")]
    print(f"8-lag MLP (5 seeds) MASE {mean_mase(extra[0], actual, fits):.3f}")
    P = np.concatenate([P, np.stack(extra, axis=1)], axis=1)
    names = names + ["mlp", "ridge"]
    for (mase, smape), c in sm.search(P, A, S, W, names, max_size=6)[:8]:
        print(f"  {mase:.3f} {smape:6.2f}  median({', '.join(names[i] for i in c)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
