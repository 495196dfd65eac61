"""How sharp can a calibrated projection from 1-3 province points be? An oracle bound.

    python benchmarks/sparse_bounds.py [--k 1,3] [--format table|json]

Runs the panels benchmark of ``xtforecast bench --sparse`` twice in one process: the default
as shipped, and the same model told what the nation's growth over the next h years turned out
to be (the reference's forecast ``g_ref(h)`` in :mod:`xtforecast.models.pooled` replaced by the
nation's observed h-year log growth, in the pool's windows and in the projection). Everything
else -- the own-point choice, the leave-one-province-out residuals, the calibration tables
learned on the other indicators -- is unchanged, so the difference is what a perfect national
forecast would be worth, and the oracle's scores bound what any better national forecast can
reach with this information. An experiment for benchmarks/README.md; the package never uses it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from contextlib import contextmanager, nullcontext

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

from xtforecast import bench_sparse as bs  # noqa: E402
from xtforecast.inputs import DataPaths, Inputs  # noqa: E402
from xtforecast.models import pooled  # noqa: E402


def _observed_growth(panels: dict, parent: str = "china") -> dict:
    """``(first year, first log value) -> {year: log value}`` of each indicator's nation: a
    reference cut to an origin still starts where the whole series does, which names it."""
    out = {}
    for series in panels.values():
        y, v = series[parent]
        out[(int(y[0]), round(float(np.log(v[0])), 9))] = dict(zip(y.tolist(),
                                                                   np.log(v).tolist()))
    return out


@contextmanager
def nation_known(panels: dict):
    """Within the block, the reference's h-year growth is what the nation did (where known)."""
    full = _observed_growth(panels)
    forecast = pooled.reference_growth

    def observed(ref_years, ref_z, t, h):
        z = full.get((int(ref_years[0]), round(float(ref_z[0]), 9)))
        if z is None or t not in z or t + h not in z:
            return forecast(ref_years, ref_z, t, h)
        return z[t + h] - z[t]

    pooled.reference_growth = observed
    try:
        yield
    finally:
        pooled.reference_growth = forecast


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="sparse_bounds", description=__doc__.splitlines()[0])
    p.add_argument("--k", default="1,3", help="own points per series, comma-separated (1-5)")
    p.add_argument("--format", choices=("table", "json"), default="table")
    args = p.parse_args(argv)
    ks = [int(k) for k in args.k.split(",")]
    inputs = Inputs(DataPaths.of())
    panels = bs.panel_series(inputs.observations, inputs.catalog)
    out = {}
    for name, setting in (("shipped", nullcontext()), ("nation_known", nation_known(panels))):
        t0 = time.perf_counter()
        # fresh cases each run: a pool caches its windows, whose targets hold g_ref
        cases = {k: bs.panel_cases(panels, k, min_own=max(ks)) for k in ks}
        with setting:  # one process (jobs=1): spawned workers would not see the patch
            res = bs.run_sparse(cases, ["default"], jobs=1)
        res.update(dataset=f"panels, default {name}", wall_seconds=time.perf_counter() - t0,
                   n_cases={str(k): len(v) for k, v in cases.items()})
        out[name] = res
    if args.format == "json":
        print(json.dumps(out))
    else:
        print("\n\n".join(bs.format_sparse(r) for r in out.values()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
