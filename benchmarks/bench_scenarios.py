"""Time every shipped scenario x every goal x 10,000 paths, and a naive per-path loop.

Usage::

    .venv/bin/python benchmarks/bench_scenarios.py [--sims 10000] [--repeat 3] [--json]

What is timed (after one warm-up run of everything):

A. ``run`` of every scenario with the baseline paths drawn beforehand (``baseline=``): the
   scenario operations plus the full gap evaluation of every goal (summary table). **Model
   fitting excluded.**
B. The same with the baseline drawn inside the run (``projector``): **model fitting
   included**. When ``xtforecast.models`` is not importable yet, a stand-in projector (log
   random walk with the series' own log-linear drift) is used and the output says so.
C. The core both ways: operations + P(attain)/median at the target year per goal,
   vectorized (numpy over paths, the engine's code) versus a naive loop over paths in pure
   Python doing the same arithmetic; the naive results are checked against the vectorized
   ones, and the ratio is printed.
D. The whole run (operations + gap evaluation) called once per path, timed on a sample of
   paths and extrapolated to ``--sims``; the ratio to A is printed.

Data: the bundled data and ``scenarios/`` when ``data/observations.csv``,
``data/indicators.yaml``, ``data/regions.yaml`` and ``data/targets/xingtai_2020.yaml`` exist;
otherwise the synthetic test set (``tests/fixtures/mini`` + ``tests/scenarios/fixtures``),
and the output says so. Tests never assert timings.
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from xtforecast import config  # noqa: E402
from xtforecast.gap.measures import compare  # noqa: E402
from xtforecast.observations import known_from, select_series  # noqa: E402
from xtforecast.projection import Projection, project_series, series_rng  # noqa: E402
from xtforecast.scenarios import load_scenario, run  # noqa: E402
from xtforecast.scenarios.engine import _Runner, needed_series  # noqa: E402
from xtforecast.scenarios.operations import GOAL_NUDGE, recovery_weights  # noqa: E402
from xtforecast.scenarios.spec import _default_region, scenario_files  # noqa: E402

# -- inputs ---------------------------------------------------------------------------------------

def inputs():
    """(catalog, obs, plan, specs, label) from the bundled data, else the synthetic test set."""
    from xtforecast.catalog import load_catalog
    from xtforecast.observations import load_observations
    from xtforecast.targets import load_plan
    bundled = all(p.exists() for p in (config.OBSERVATIONS_FILE, config.INDICATORS_FILE,
                                       config.REGIONS_FILE, config.TARGETS_DIR / "xingtai_2020.yaml"))
    if bundled:
        cat = load_catalog()
        obs = load_observations(catalog=cat)
        specs = [load_scenario(f, cat) for f in scenario_files()]
        plan = load_plan(specs[0].plan, cat)
        return cat, obs, plan, specs, f"{config.DATA_DIR} and {config.SCENARIOS_DIR}"
    mini = ROOT / "tests" / "fixtures" / "mini"
    fx = ROOT / "tests" / "scenarios" / "fixtures"
    cat = load_catalog(mini / "indicators.yaml", mini / "regions.yaml")
    obs = load_observations(fx / "obs.csv", cat)
    plan = load_plan(mini / "targets" / "mini_plan.yaml", cat)
    specs = [load_scenario(f, cat, targets_dir=mini / "targets", directory=fx / "scen")
             for f in sorted((fx / "scen").glob("*.yaml"))]
    return cat, obs, plan, specs, ("SYNTHETIC test set (tests/fixtures/mini + tests/scenarios/"
                                   "fixtures/scen): bundled data/ not present yet")


def models_available() -> bool:
    try:
        from xtforecast import models
        return hasattr(models, "default_model")
    except ImportError:
        return False


def standin_projector(obs, catalog, indicator, region, *, as_of, end_year, n_sims, seed):
    """Stand-in for the growth models: log random walk, drift = the log-linear trend of the
    series, volatility = its residual s.d. (at least 5 %); per-series random stream."""
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
    rng = series_rng(seed, indicator, region)
    steps = rng.normal(b, sd, size=(n_sims, len(years)))
    paths = float(hist["value"].iloc[-1]) * np.exp(np.cumsum(steps, axis=1))
    return Projection(indicator, region, years, paths, hist, "stand-in")


# -- the naive per-path loop ----------------------------------------------------------------------

def _naive_op(op, row, years, last_value, target, ref_row):
    """One operation on one path (a Python list), scalar arithmetic only."""
    p = op.params
    out = list(row)
    n = len(years)
    if op.op == "growth_shift":
        to = p["to_year"] if p["to_year"] is not None else 10_000
        for j in range(n):
            k = min(max(years[j] - p["from_year"] + 1, 0), to - p["from_year"] + 1)
            out[j] = row[j] * (1 + p["pp"] / 100) ** k
    elif op.op == "growth_multiplier":
        to = p["to_year"] if p["to_year"] is not None else 10_000
        prev, acc = (last_value if last_value is not None else row[0]), 1.0
        for j in range(n):
            if p["from_year"] <= years[j] <= to and prev != 0 and row[j] != 0:
                g = row[j] / prev
                acc *= (1 + p["factor"] * (g - 1)) / g
            out[j] = row[j] * acc
            prev = row[j]
    elif op.op == "shock":
        k0 = [j for j in range(n) if years[j] >= p["year"]]
        w = recovery_weights(p["recovery"], len(k0)) if k0 else []
        for i, j in enumerate(k0):
            m = (1 - p["depth"]) ** w[i] if p["shape"] == "geometric" else 1 - p["depth"] * w[i]
            out[j] = row[j] * m
    elif op.op == "level_shift":
        for j in range(n):
            if years[j] >= p["year"]:
                out[j] = row[j] + p["delta"] if p["delta"] is not None else row[j] * p["factor"]
    elif op.op == "hold":
        to = p["to_year"] if p["to_year"] is not None else 10_000
        level = next((row[j] for j in range(n) if years[j] == p["from_year"] - 1), last_value)
        end = next((row[j] for j in range(n) if years[j] == to), level)
        for j in range(n):
            if p["from_year"] <= years[j] <= to:
                out[j] = level
            elif years[j] > to:
                out[j] = row[j] * level / end if end else row[j]
    elif op.op == "target_path":
        y0, v0 = target["y0"], target["v0"]
        T, G = target["T"], target["G"]
        for j in range(n):
            s = (years[j] - y0) / (T - y0)
            if target["type"] in ("level", "share"):
                out[j] = v0 * (G / v0) ** s if p["shape"] == "geometric" else v0 + (G - v0) * s
            elif target["type"] == "net_increase":
                out[j] = v0 + G * (years[j] - y0)
            else:
                out[j] = v0 * (1 + G / 100) ** (years[j] - y0)
    elif op.op == "ratio_to_reference":
        for j in range(n):
            if years[j] >= p["from_year"]:
                out[j] = (row[j] * p["ratio_multiplier"] if p["ratio_multiplier"] is not None
                          else row[j] + p["ratio_change_pp"] / 100 * ref_row[j])
    return out


def _goals_on_paths(plan, state):
    """(goal, key, column) for level/share goals whose target year is projected."""
    out = []
    for t in plan.targets:
        proj = state.get((t.indicator, t.region))
        if (t.evaluable and t.type in ("level", "share") and proj is not None
                and proj.paths is not None and int(t.target_year) in proj.years.tolist()):
            out.append((t, (t.indicator, t.region), proj.years.tolist().index(int(t.target_year))))
    return out


def core_vectorized(spec, base, cat, obs, plan, as_of, n_sims):
    """Operations (the engine's code) + P(attain) and median per goal, vectorized."""
    region = spec.region or _default_region(plan, cat)
    runner = _Runner(dict(base.items()), cat, list(plan.targets), n_sims,
                     spec.horizon or max(t.target_year for t in plan.targets),
                     lambda i, r: select_series(obs, i, r, as_of))
    for op in spec.operations:
        runner.apply(op if op.region else replace(op, region=region))
    res = {}
    for t, key, j in _goals_on_paths(plan, runner.state):
        x = runner.state[key].paths[:, j]
        res[t.id] = (float(np.mean(compare(x, t.comparator, float(t.value)))), float(np.median(x)))
    return res, runner.state


def core_naive(spec, base, cat, obs, plan, as_of):
    """The same work, one path at a time in pure Python (driver propagation left out: the
    naive loop works on each operation's own series, which is what is compared)."""
    region = spec.region or _default_region(plan, cat)
    rows = {k: (v.paths.tolist() if v.paths is not None else None) for k, v in base.items()}
    goals = {t.id: t for t in plan.targets}
    for op in spec.operations:
        op = op if op.region else replace(op, region=region)
        key = (op.indicator, op.region)
        proj = base[key]
        hist = proj.history
        last_year = int(hist["year"].iloc[-1]) if len(hist) else None
        last_value = float(hist["value"].iloc[-1]) if len(hist) else None
        years = proj.years.tolist()
        tgt = None
        if op.op == "target_path":
            g = goals[op.params["target"]]
            side = {">=": 1, ">": 1, "<=": -1, "<": -1}.get(g.comparator, 0)
            G = float(g.value) + side * GOAL_NUDGE * max(abs(float(g.value)), 1.0)
            tgt = {"y0": last_year, "v0": last_value, "T": int(g.target_year), "G": G,
                   "type": g.type}
            if rows[key] is None:
                continue
        if rows[key] is None:
            continue
        ref = None
        if op.op == "ratio_to_reference" and op.params["ratio_change_pp"] is not None:
            rp = base.get((op.indicator, op.params["reference_region"]))
            if rp is None or rp.paths is None or rp.years.tolist() != years:
                continue
            ref = rp.paths.tolist()
        lo, hi = cat.indicators[op.indicator].bounds
        new = []
        for i, row in enumerate(rows[key]):
            r = _naive_op(op, row, years, last_value, tgt, ref[i] if ref else None)
            new.append([min(max(v, -math.inf if lo is None else lo), math.inf if hi is None else hi)
                        for v in r])
        rows[key] = new
    res = {}
    for t, key, j in _goals_on_paths(plan, base):
        col = [row[j] for row in rows[key]]
        hits = 0
        for v in col:
            ok = {">=": v >= t.value, ">": v > t.value, "<=": v <= t.value, "<": v < t.value}
            hits += ok.get(t.comparator, False)
        col.sort()
        m = len(col)
        med = col[m // 2] if m % 2 else (col[m // 2 - 1] + col[m // 2]) / 2
        res[t.id] = (hits / m, med)
    return res


# -- main -----------------------------------------------------------------------------------------

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sims", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3, help="timed repetitions (best is reported)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--naive-sample", type=int, default=100,
                    help="paths per scenario run one at a time in D (extrapolated to --sims)")
    args = ap.parse_args(argv)
    cat, obs, plan, specs, label = inputs()
    n = args.sims
    real_models = models_available()
    projector = project_series if real_models else standin_projector
    n_goals = len(plan.targets)

    def baselines():
        out = {}
        for s in specs:
            as_of = s.as_of if s.as_of is not None else int(obs["year"].max())
            horizon = s.horizon or max(int(t.target_year) for t in plan.targets)
            region = s.region or _default_region(plan, cat)
            # the scenario's rule of what was known (the plan-vantage family reads by year)
            seen = known_from(obs, s.known_from)
            base = {k: projector(seen, cat, *k, as_of=as_of, end_year=horizon, n_sims=n, seed=s.seed)
                    for k in needed_series(s, plan.targets, region, cat)}
            out[s.name] = (base, as_of)
        return out

    def run_all(with_fitting: bool, bases):
        for s in specs:
            if with_fitting:
                run(s, n_sims=n, obs=obs, catalog=cat, plan=plan, projector=projector)
            else:
                run(s, n_sims=n, obs=obs, catalog=cat, plan=plan, baseline=bases[s.name][0])

    def best(fn):
        ts = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            fn()
            ts.append(time.perf_counter() - t0)
        return min(ts)

    bases = baselines()
    run_all(False, bases)                       # warm-up (imports, caches)
    run_all(True, bases)
    t_fit_only = best(baselines)
    t_a = best(lambda: run_all(False, bases))
    t_b = best(lambda: run_all(True, bases))

    # C: core vectorized vs naive
    def vec_all():
        return {s.name: core_vectorized(s, bases[s.name][0], cat, obs, plan, bases[s.name][1], n)[0]
                for s in specs}

    def naive_all():
        return {s.name: core_naive(s, bases[s.name][0], cat, obs, plan, bases[s.name][1])
                for s in specs}

    vec_res = vec_all()
    t_vec = best(vec_all)
    t0 = time.perf_counter()
    naive_res = naive_all()
    t_naive = time.perf_counter() - t0
    mismatches = []
    for s in specs:
        direct = {op.indicator for op in s.operations}
        for gid, (p, med) in naive_res[s.name].items():
            goal = next(t for t in plan.targets if t.id == gid)
            feeds = {d for d in direct if goal.indicator in
                     {i.id for i in cat.indicators.values() if d in i.drivers}}
            if feeds:
                continue  # driver propagation is not in the naive loop: not comparable
            pv, mv = vec_res[s.name][gid]
            if not (abs(p - pv) < 1e-12 and math.isclose(med, mv, rel_tol=1e-9, abs_tol=1e-12)):
                mismatches.append((s.name, gid, (p, med), (pv, mv)))

    # D: the whole run (operations + gap evaluation), one path at a time, on a sample of
    # paths, extrapolated to n (running all n this way would take minutes)
    k = min(args.naive_sample, n)

    def one_path_runs():
        for s in specs:
            base = bases[s.name][0]
            for i in range(k):
                b1 = {key: (replace(p, paths=p.paths[i:i + 1]) if p.paths is not None else p)
                      for key, p in base.items()}
                run(s, n_sims=1, obs=obs, catalog=cat, plan=plan, baseline=b1)

    t0 = time.perf_counter()
    one_path_runs()
    t_loop = (time.perf_counter() - t0) * n / k

    total_paths = n * len(specs) * n_goals
    fig = {
        "data": label, "models": "xtforecast.models" if real_models else
        "stand-in projector (xtforecast.models not importable yet)",
        "scenarios": [s.name for s in specs], "goals": n_goals, "n_sims": n,
        "goal_paths": total_paths,
        "A_ops_plus_gap_s": t_a, "A_goal_paths_per_s": total_paths / t_a,
        "B_with_fitting_s": t_b, "B_goal_paths_per_s": total_paths / t_b,
        "baseline_draw_only_s": t_fit_only,
        "C_core_vectorized_s": t_vec, "C_core_naive_s": t_naive, "C_ratio": t_naive / t_vec,
        "naive_matches_vectorized": not mismatches,
        "D_full_run_per_path_s_extrapolated": t_loop, "D_sample_paths": k, "D_ratio": t_loop / t_a,
        "python": platform.python_version(), "numpy": np.__version__, "machine": platform.machine(),
    }
    if args.json:
        print(json.dumps(fig, indent=2))
        return 0 if not mismatches else 1
    print(f"data:      {label}")
    print(f"baseline:  {fig['models']}")
    print(f"scenarios: {', '.join(fig['scenarios'])}  x  {n_goals} goals  x  {n} paths "
          f"= {total_paths:,} goal-paths (best of {args.repeat}, after one warm-up)")
    print(f"A  operations + gap evaluation (fitting excluded): {t_a:8.3f} s  "
          f"{total_paths / t_a:12,.0f} goal-paths/s   goal: < 2 s")
    print(f"B  the same, baseline drawn in the run (fitting):  {t_b:8.3f} s  "
          f"{total_paths / t_b:12,.0f} goal-paths/s   (drawing alone {t_fit_only:.3f} s)")
    print(f"C  core (operations + P(attain), median) vectorized: {t_vec:8.4f} s")
    print(f"   naive per-path Python loop, same work:            {t_naive:8.4f} s")
    print(f"   ratio naive / vectorized:                         {t_naive / t_vec:8.1f} x")
    print("   naive results equal the vectorized ones: " + ("yes" if not mismatches else
                                                            f"NO {mismatches[:3]}"))
    print(f"D  whole run one path at a time ({k} paths/scenario, x{n // k} extrapolated): "
          f"{t_loop:8.1f} s   ratio to A: {t_loop / t_a:8.0f} x")
    return 0 if not mismatches else 1


if __name__ == "__main__":
    sys.exit(main())
