"""Time the explorer per knob change at 2,000 paths, against a full re-run per change.

Usage::

    .venv/bin/python benchmarks/bench_explore.py [--sims 2000] [--changes 20] [--scenario NAME]
                                                 [--goal ID] [--draw] [--json]

What is timed, in the same process and on the same sequence of knob changes (growth shift,
shock size and year, city/province ratio change, alternating), after one warm-up call that
fills the explorer's cache of baseline paths:

A. ``explore.update(state, **knobs)``: what the notebook calls per change (cached baseline
   paths, the knobs applied as vectorized operations, one goal re-evaluated).
A+draw. The same plus the fan chart (``explore.draw`` on an Agg canvas), with ``--draw``.
B. Baseline: the change written as a scenario file and re-run in full, as a batch report would
   (``load_scenario`` + ``scenarios.run`` of every goal, baseline paths drawn again).

Every change's P(attain) from A is checked against B's (they must be equal: same seed, same
draws); the output says so.

Data: the bundled data and ``scenarios/`` when they exist, else the synthetic test set
(``tests/backtest/fixtures``), and the output says so. Projections use the package's growth
models when ``xtforecast.models`` provides ``default_model``; otherwise a stand-in (log random
walk with the series' log-linear drift) and the output says so. Tests never assert timings.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from xtforecast import config  # noqa: E402
from xtforecast.explore import ExplorerState, save_scenario, update  # noqa: E402
from xtforecast.observations import select_series  # noqa: E402
from xtforecast.projection import Projection, project_series, series_rng  # noqa: E402


def models_available() -> bool:
    try:
        from xtforecast import models
        return hasattr(models, "default_model")
    except ImportError:
        return False


def standin_projector(obs, catalog, indicator, region, *, as_of, end_year, n_sims, seed):
    """Stand-in for the growth models: log random walk, drift = the series' log-linear trend,
    volatility = its residual s.d. (at least 5 %); per-series random stream."""
    hist = select_series(obs, indicator, region, as_of)
    ind = catalog.indicators.get(indicator)
    if hist.empty or ind is None or ind.kind in ("class", "rank"):
        return Projection(indicator, region, np.arange(0), None, hist, "none", "no paths")
    last = int(hist["year"].max())
    years = np.arange(last + 1, end_year + 1)
    y = np.log(np.maximum(hist["value"].to_numpy(float), 1e-9))
    t = hist["year"].to_numpy(float)
    if len(y) >= 2:
        b, a = np.polyfit(t, y, 1)
        sd = max(float(np.std(y - (a + b * t))), 0.05)
    else:
        b, sd = 0.05, 0.10
    steps = series_rng(seed, indicator, region).normal(b, sd, size=(n_sims, len(years)))
    return Projection(indicator, region, years,
                      float(hist["value"].iloc[-1]) * np.exp(np.cumsum(steps, axis=1)), hist,
                      "stand-in")


def inputs():
    """(data_dir, scenarios_dir, default scenario, label)."""
    bundled = all(p.exists() for p in (config.OBSERVATIONS_FILE, config.INDICATORS_FILE,
                                       config.REGIONS_FILE)) and any(config.TARGETS_DIR.glob("*.yaml"))
    if bundled:
        return config.DATA_DIR, config.SCENARIOS_DIR, "covid_shock", "bundled data/ and scenarios/"
    fx = ROOT / "tests" / "backtest" / "fixtures"
    return fx / "data", fx / "scenarios", "shocked", ("SYNTHETIC test set (tests/backtest/"
                                                      "fixtures): bundled data/ not present yet")


def changes(state, n: int) -> list[dict]:
    """A sequence of knob changes as a person would make them: sliders moved one at a time."""
    lo, hi = state.year_range()
    years = list(range(lo, hi + 1))
    out = []
    for i in range(n):
        k = i % 4
        if k == 0:
            out.append({"growth_pp": round(0.5 * (i % 9) - 1.0, 1)})
        elif k == 1:
            out.append({"shock_depth": round(0.02 * (i % 7), 2), "shock_year": years[i % len(years)]})
        elif k == 2:
            out.append({"ratio_pp": float(i % 5)})
        else:
            out.append({"growth_pp": 0.0, "shock_depth": 0.0, "ratio_pp": 0.0})
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sims", type=int, default=2000)
    ap.add_argument("--changes", type=int, default=20, help="knob changes to time")
    ap.add_argument("--scenario", default=None, help="base scenario (default: covid_shock, or the "
                                                       "synthetic 'shocked')")
    ap.add_argument("--goal", default=None, help="goal id (default: the plan's first evaluable "
                                                  "goal the models can project)")
    ap.add_argument("--plan", default=None, help="plan name (default: the scenario's)")
    ap.add_argument("--as-of", type=int, default=None, dest="as_of", help="data vintage")
    ap.add_argument("--draw", action="store_true", help="also time update + fan chart")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)

    data_dir, scen_dir, default_scen, where = inputs()
    real = models_available()
    projector = project_series if real else standin_projector
    state = ExplorerState(args.scenario or default_scen, goal=args.goal, plan=args.plan,
                          as_of=args.as_of, data_dir=data_dir,
                          scenarios_dir=scen_dir, n_sims=args.sims, projector=projector)
    from xtforecast.scenarios import load_scenario, run

    t0 = time.perf_counter()
    first = update(state)                                  # warm-up: fills the cache
    warm_ms = 1000 * (time.perf_counter() - t0)
    seq = changes(state, args.changes)

    a_ms, draw_ms, b_ms, same, errors = [], [], [], [], []
    if args.draw:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        from xtforecast.explore import draw
    with tempfile.TemporaryDirectory() as tmp:
        for i, ch in enumerate(seq):
            t0 = time.perf_counter()
            view = update(state, **ch)
            a_ms.append(1000 * (time.perf_counter() - t0))
            if args.draw:
                t0 = time.perf_counter()
                fig, ax = plt.subplots(figsize=(8, 4.5))
                draw(view, ax=ax)
                fig.canvas.draw()
                plt.close(fig)
                draw_ms.append(a_ms[-1] + 1000 * (time.perf_counter() - t0))
            if view.error:
                errors.append(view.error[:80])
                continue
            path = save_scenario(state, f"bench_{i}", Path(tmp), check=False)
            t0 = time.perf_counter()
            spec = load_scenario(path, state.catalog, targets_dir=state.targets_dir,
                                 directory=state.scenarios_dir)
            res = run(spec, obs=state.obs, catalog=state.catalog, plan=state.plan,
                      projector=projector)
            b_ms.append(1000 * (time.perf_counter() - t0))
            p = res.summary.set_index("target_id").loc[view.goal_id, "p_attain"]
            same.append(bool(p == view.p_attain or (np.isnan(p) and np.isnan(view.p_attain))))

    med_a = statistics.median(a_ms)
    med_b = statistics.median(b_ms) if b_ms else float("nan")
    fig = {
        "data": where, "models": "xtforecast.models default" if real else "STAND-IN projector",
        "scenario": state.spec.name, "plan": state.plan.id, "goal": first.goal_id,
        "first_view": f"P={first.p_attain:.3f} {first.status}", "n_sims": args.sims,
        "n_goals_in_plan": len(state.plan.targets), "changes": len(a_ms),
        "warmup_ms": round(warm_ms, 1),
        "update_ms_median": round(med_a, 2), "update_ms_max": round(max(a_ms), 2),
        "update_plus_draw_ms_median": round(statistics.median(draw_ms), 1) if draw_ms else None,
        "full_rerun_ms_median": round(med_b, 1), "full_rerun_ms_max": round(max(b_ms), 1) if b_ms else None,
        "speedup": round(med_b / med_a, 1) if b_ms else None,
        "same_p_as_full_rerun": f"{sum(same)}/{len(same)}",
        "changes_with_error": len(errors), "first_error": errors[0] if errors else "",
        "machine": f"{platform.machine()} {platform.python_version()}",
    }
    if args.json:
        print(json.dumps(fig, indent=2, ensure_ascii=False))
        return 0
    print(f"data: {fig['data']}; models: {fig['models']}")
    print(f"scenario {fig['scenario']}, plan {fig['plan']}, goal {fig['goal']} "
          f"({fig['first_view']}), {args.sims} paths, "
          f"{fig['changes']} knob changes (warm-up {fig['warmup_ms']} ms)")
    print(f"A  explorer update per change:    {fig['update_ms_median']:8.2f} ms median "
          f"({fig['update_ms_max']:.2f} max)")
    if draw_ms:
        print(f"A+ update + fan chart per change: {fig['update_plus_draw_ms_median']:8.1f} ms median")
    print(f"B  full re-run per change:        {fig['full_rerun_ms_median']:8.1f} ms median "
          f"({fig['full_rerun_ms_max']} max; load + run of all {fig['n_goals_in_plan']} goals)")
    print(f"B / A = {fig['speedup']}x;  P(attain) identical to the full re-run in "
          f"{fig['same_p_as_full_rerun']} changes")
    if errors:
        print(f"{len(errors)} change(s) could not be applied (shown as an error in the explorer, "
              f"not re-run in B), e.g.: {errors[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
