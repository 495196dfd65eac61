"""Wall time of ``xtforecast report --all --jobs 2`` against a serial shell loop of papermill.

Both run the same template (``notebooks/scenario_report.ipynb``) over the same scenarios with the
same ``n_sims``, one after the other in this process's run; the script prints both times and
their ratio (goal: at most 0.6 on a 2-core machine). The batch runner does more work than the
loop (it also exports each report to HTML and writes the run's summary, index and manifest), so
the ratio is, if anything, to its disadvantage.

Where the time goes: each ``papermill`` command starts a Python process, imports papermill
(seconds: nbformat's jsonschema builds grammars at import), starts a kernel, and imports numpy,
pandas, matplotlib and the package in it, before the notebook's own work. The runner pays the
imports once per worker and keeps one warm kernel per worker (``xtforecast.report.engine``).

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_report.py                 # real data/ and scenarios/
    .venv/bin/python benchmarks/bench_report.py --fixtures      # synthetic test fixtures
    .venv/bin/python benchmarks/bench_report.py --sims 2000 --jobs 2 --format json

Without ``data/observations.csv`` (a checkout before the data layer lands) it falls back to
``--fixtures``: five synthetic scenarios on the mini plan of ``tests/report/fixtures``. Tests
never assert these timings.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "report" / "fixtures"
TEMPLATE = REPO / "notebooks" / "scenario_report.ipynb"


def fixture_scenarios(dest: Path) -> Path:
    """Five synthetic scenarios (baseline, push and three variants of push) in ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURES / "scenarios" / "baseline.yaml", dest / "baseline.yaml")
    push = (FIXTURES / "scenarios" / "push.yaml").read_text(encoding="utf-8")
    (dest / "push.yaml").write_text(push, encoding="utf-8")
    for i, pp in enumerate((2, 8, -3), start=1):
        name = f"push{i}"
        (dest / f"{name}.yaml").write_text(
            push.replace("name: push", f"name: {name}").replace("pp: 5", f"pp: {pp}"),
            encoding="utf-8")
    return dest


def serial_loop(bindir: Path, scenarios: list[str], out: Path, sims: int, env: dict) -> float:
    """``for s in ...; do papermill ...; done`` in bash; returns the wall time."""
    out.mkdir(parents=True, exist_ok=True)
    cmds = []
    for s in scenarios:
        name = Path(s).stem
        cmds.append(" ".join(shlex.quote(x) for x in [
            str(bindir / "papermill"), str(TEMPLATE), str(out / f"{name}.ipynb"),
            "-p", "scenario", s, "-p", "n_sims", str(sims), "-p", "out_dir", str(out / name),
            "-k", "python3", "--cwd", str(TEMPLATE.parent), "--no-progress-bar"]))
    script = "set -e\n" + "\n".join(cmds)
    t0 = time.perf_counter()
    subprocess.run(["bash", "-c", script], check=True, env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def batch(bindir: Path, scen_dir: Path | None, out: Path, sims: int, jobs: int, env: dict) -> float:
    cmd = [str(bindir / "xtforecast"), "report", "--all", "--jobs", str(jobs), "--sims", str(sims),
           "--out", str(out), "--no-progress", "--run-id", "bench"]
    if scen_dir is not None:
        cmd += ["--scenarios-dir", str(scen_dir)]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"xtforecast report failed (exit {proc.returncode}): {proc.stdout}")
    return elapsed


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fixtures", action="store_true", help="synthetic fixture data and scenarios")
    ap.add_argument("--sims", type=int, default=2000, help="n_sims for both (default 2000, as "
                                                            "the shipped scenarios)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--format", choices=("text", "json"), default="text")
    args = ap.parse_args(argv)

    bindir = Path(sys.executable).parent
    env = dict(os.environ)
    fixtures = args.fixtures or not (REPO / "data" / "observations.csv").is_file()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if fixtures:
            env["XTFORECAST_DATA"] = str(FIXTURES / "data")
            scen_dir = fixture_scenarios(tmp / "scenarios")
            scenarios = [str(p) for p in sorted(scen_dir.glob("*.yaml"))]
        else:
            scen_dir = None
            scenarios = [p.stem for p in sorted((REPO / "scenarios").glob("*.yaml"))]
        t_batch = batch(bindir, scen_dir, tmp / "batch", args.sims, args.jobs, env)
        t_serial = serial_loop(bindir, scenarios, tmp / "serial", args.sims, env)
    res = {"scenarios": len(scenarios), "n_sims": args.sims, "jobs": args.jobs,
           "data": "fixtures" if fixtures else "data/", "cpus": os.cpu_count(),
           "batch_s": round(t_batch, 2), "serial_papermill_s": round(t_serial, 2),
           "ratio": round(t_batch / t_serial, 3)}
    if args.format == "json":
        print(json.dumps(res))
    else:
        print(f"{res['scenarios']} scenarios, n_sims={args.sims}, data: {res['data']}, "
              f"{res['cpus']} CPUs")
        print(f"  xtforecast report --all --jobs {args.jobs}: {t_batch:7.2f} s")
        print(f"  serial papermill loop:            {t_serial:7.2f} s")
        print(f"  ratio batch / serial:             {res['ratio']:7.3f}  (goal <= 0.6)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
