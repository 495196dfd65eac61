"""Speed of ``xtforecast sweep``: the same grid on the serial loop, the local pool and Dask.

    python benchmarks/bench_sweep.py [--sims 10000] [--jobs 2] [--grid growth_pp=-5:5:0.5 ...]
                                     [--scenarios a,b] [--engines serial,local,dask]
                                     [--format table|json]

Default workload (issue 16): the five shipped scenarios x the 24 goals of xingtai_2020 x a
21 x 5 grid (growth_pp -5..5 step 0.5, shock_depth 0..0.2 step 0.05) at 10,000 paths per
series: 12,600 rows. Each engine runs in a fresh Python process, so none inherits another's
fitted models; inside it the clock covers everything a user waits for: loading the data,
starting the engine (for Dask the LocalCluster, its workers importing the stack), the sweep, and
stopping the engine. ``sweep_s`` is the sweep call alone (engine already up, as a running cluster
serving many sweeps is); ``vs_local_pool`` compares walls, ``sweep_vs_local`` sweep times. Peak
memory is the resident peak of the parent and
of the largest worker (``ru_maxrss``). The rows of every engine are hashed: the table says
whether they are identical bit for bit.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SCENARIOS = ("baseline", "covid_shock", "policy_push", "stagnation", "target_path")
GRID = ("growth_pp=-5:5:0.5", "shock_depth=0:0.2:0.05")


def _one(engine: str, scenarios: list[str], grid: list[str], sims: int, jobs: int,
         as_of: int | None = None) -> dict:
    """Run one engine in this process and measure it (the child's side)."""
    from xtforecast.engines import make_engine
    from xtforecast.sweep import SweepJob, parse_knob
    from xtforecast.sweep import sweep as run_sweep
    t0 = time.perf_counter()
    knobs = [parse_knob(g) for g in grid]
    jobs_ = [SweepJob(s, n_sims=sims, as_of=as_of) for s in scenarios]
    t1 = time.perf_counter()
    eng = make_engine(engine, jobs)
    start_s = time.perf_counter() - t1
    t2 = time.perf_counter()
    res = run_sweep(jobs_, knobs, engine=eng, n_jobs=jobs)
    sweep_s = time.perf_counter() - t2
    workers_rss = max(eng.worker_peak_rss().values()) if engine == "dask" else 0
    eng.close()
    wall = time.perf_counter() - t0
    frame = res.frame
    digest = hashlib.sha256(frame.to_csv(index=False).encode()).hexdigest()
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return {"engine": engine, "wall_s": wall, "sweep_s": sweep_s, "engine_start_s": start_s,
            "rows": int(len(frame)), "from_paths": int((frame["p_source"] == "paths").sum()),
            "failed": len(res.failures), "digest": digest[:16],
            "peak_rss_parent_mb": own / 2**20, "peak_rss_worker_mb": max(kids, workers_rss) / 2**20}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sims", type=int, default=10_000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--grid", nargs="+", default=list(GRID))
    ap.add_argument("--scenarios", default=",".join(SCENARIOS))
    ap.add_argument("--engines", default="serial,local,dask")
    ap.add_argument("--as-of", type=int, default=None, dest="as_of",
                    help="one vintage for every scenario (default: each scenario's own)")
    ap.add_argument("--format", choices=("table", "json"), default="table")
    ap.add_argument("--one", default=None, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    scenarios = a.scenarios.split(",")
    if a.one:
        print(json.dumps(_one(a.one, scenarios, a.grid, a.sims, a.jobs, a.as_of)))
        return 0
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    rows = []
    for eng in a.engines.split(","):
        out = subprocess.run([sys.executable, __file__, "--one", eng, "--sims", str(a.sims),
                              "--jobs", str(a.jobs), "--scenarios", a.scenarios,
                              *(["--as-of", str(a.as_of)] if a.as_of else []), "--grid", *a.grid],
                             capture_output=True, text=True, env=env, check=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    by = {r["engine"]: r for r in rows}
    base = by.get("serial")
    pool = by.get("local")
    for r in rows:
        r["speedup_vs_serial"] = base["wall_s"] / r["wall_s"] if base else None
        r["vs_local_pool"] = r["wall_s"] / pool["wall_s"] if pool else None
        # with the engine already up (a running cluster serving many sweeps)
        r["sweep_vs_local"] = r["sweep_s"] / pool["sweep_s"] if pool else None
        r["identical_to_first"] = r["digest"] == rows[0]["digest"]
    if a.format == "json":
        print(json.dumps({"scenarios": scenarios, "grid": a.grid, "sims": a.sims, "jobs": a.jobs,
                          "results": rows}, indent=2))
        return 0
    print(f"{len(scenarios)} scenarios, grid {' x '.join(a.grid)}, {a.sims:,} paths, "
          f"{a.jobs} workers")
    cols = ["engine", "wall_s", "sweep_s", "engine_start_s", "rows", "from_paths", "failed",
            "speedup_vs_serial", "vs_local_pool", "sweep_vs_local", "peak_rss_parent_mb",
            "peak_rss_worker_mb",
            "identical_to_first"]
    print("  ".join(f"{c:>14}" for c in cols))
    for r in rows:
        print("  ".join(f"{r[c]:>14.2f}" if isinstance(r[c], float) else f"{str(r[c]):>14}"
                        for c in cols))
    return 0


if __name__ == "__main__":
    sys.exit(main())
