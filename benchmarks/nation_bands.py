"""How a nation's band from the local combination covers, before and after the nations'
factor (``models.NATION_SPREAD_FACTOR``).

``python benchmarks/nation_bands.py`` back-tests the local combination as the package projects
a panel indicator's series without a pool (its indicator's panel growth shift; the rule of
``DEFAULT_CALIBRATION``: the latest 8 origins, fits from 5 points, h = 1..6) on every series of
the bundled province panels. It prints the coverage of the 80 % / 95 % bands of
``PANEL_SHIFT_CALIBRATION`` for the provinces and for the nation (``china``, one series per
indicator), then with the nation's band narrowed by a factor learned on the *other seven*
indicators' national errors (``bench.spread_factor``) and scored on the held-out one, and
then the factor learned on all eight (``bench.learn_nation_factor``, the package's constant),
and last in time: the factor learned on the national errors whose outcomes were known at
``T`` (2017, 2018, 2019), scored on the forecasts made from ``T`` on. About 15 s.
"""

from __future__ import annotations

import time
import warnings

import numpy as np

from xtforecast import bench, bench_sparse
from xtforecast.inputs import DataPaths, Inputs
from xtforecast.models import NATION_SPREAD_FACTOR, PANEL_SHIFT_CALIBRATION
from xtforecast.models.metrics import coverage, interval_score

H = 6
NATION = "china"
PROBS = (0.025, 0.1, 0.9, 0.975)
#: The years T of the in-time check (as in the family shift's check, benchmarks/README.md)
SPLITS = (2017, 2018, 2019)


def scores(parts, factor: float = 1.0) -> dict:
    """Coverage, tails, mean 95 % interval score and median 95 % width (log scale) of the
    errors ``parts`` (``[(e, scale), ...]``) in ``PANEL_SHIFT_CALIBRATION``'s band x ``factor``."""
    e = np.concatenate([p[0].ravel() for p in parts])
    scale = np.concatenate([p[1].ravel() for p in parts])
    hh = np.concatenate([np.broadcast_to(np.arange(H), p[0].shape).ravel() for p in parts])
    lo95, lo80, hi80, hi95 = (scale * factor * PANEL_SHIFT_CALIBRATION.quantile(H, p)[hh]
                              for p in PROBS)
    ok = np.isfinite(e)
    y, lo95, lo80, hi80, hi95 = (v[ok] for v in (e, lo95, lo80, hi80, hi95))
    return {"n": int(ok.sum()), "cov80": coverage(y, lo80, hi80), "cov95": coverage(y, lo95, hi95),
            "above90": float(np.mean(y > hi80)), "below10": float(np.mean(y < lo80)),
            "IS95": float(np.mean(interval_score(y, lo95, hi95, 95))),
            "width95": float(np.median(hi95 - lo95))}


def line(label: str, sc: dict) -> str:
    return (f"{label:52s} {sc['n']:5d} {sc['cov80']:6.3f} {sc['cov95']:6.3f} {sc['above90']:7.3f} "
            f"{sc['below10']:7.3f} {sc['IS95']:6.3f} {sc['width95']:7.3f}")


def province_errors(panels: dict) -> list:
    """``(e, scale, origin)`` of every province's series (:func:`xtforecast.bench.local_errors`)."""
    return [bench.local_errors(ind, s, H) for ind, series in panels.items()
            for region, s in series.items() if region != NATION]


def split(parts, T: int) -> tuple[list, list]:
    """``parts`` twice: the errors whose outcome year is at most ``T`` (what a user at ``T``
    has seen), and those of the forecasts made from ``T`` on; the others NaN in each."""
    seen, ahead = [], []
    for e, scale, origin in parts:
        outcome = origin[:, None] + np.arange(1, H + 1)[None, :]
        seen.append((np.where(outcome <= T, e, np.nan), scale, origin))
        ahead.append((np.where(origin[:, None] >= T, e, np.nan), scale, origin))
    return seen, ahead


def in_time(nation: dict) -> None:
    """The factor learned on the nation's errors whose outcome a user at ``T`` had seen,
    scored on the forecasts made from ``T`` on (every indicator in both)."""
    for T in SPLITS:
        seen, ahead = split(list(nation.values()), T)
        f = bench.spread_factor(seen)
        n_seen = sum(int(np.isfinite(p[0]).sum()) for p in seen)
        print(line(f"  origins from {T}, factor 1", scores(ahead)))
        print(line(f"  origins from {T}, x {f:.3f} (from {n_seen} to {T})", scores(ahead, f)))
        print(line(f"  origins from {T}, x {NATION_SPREAD_FACTOR} (shipped; saw them)",
                   scores(ahead, NATION_SPREAD_FACTOR)))


def main() -> None:
    t0 = time.perf_counter()
    inputs = Inputs(DataPaths.of())
    panels = bench_sparse.panel_series(inputs.observations, inputs.catalog)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        nation = bench.nation_errors(panels, NATION, H)
        provinces = province_errors(panels)
    print(f"{'band (log scale; width = median 95 % width)':52s} {'n':>5s} {'cov80':>6s} "
          f"{'cov95':>6s} {'above90':>7s} {'below10':>7s} {'IS95':>6s} {'width95':>7s}")
    print(line("provinces, PANEL_SHIFT_CALIBRATION", scores(provinces)))
    print(line("nation, PANEL_SHIFT_CALIBRATION", scores(list(nation.values()))))
    for ind, part in nation.items():
        print(line(f"  {ind}", scores([part])))
    held = []
    for ind, part in nation.items():
        f = bench.spread_factor([p for i, p in nation.items() if i != ind])
        held.append((part[0], part[1] * f))
        print(line(f"  {ind}, x {f:.3f} from the other 7", scores([part], f)))
    print(line("nation, factor from the other 7 (held out)", scores(held)))
    print(f"factor from all 8 (NATION_SPREAD_FACTOR): {bench.learn_nation_factor(panels, NATION, H):.3f}")
    print("in time: learned on the outcomes up to T, scored on the forecasts made from T")
    in_time(nation)
    print(f"# {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
