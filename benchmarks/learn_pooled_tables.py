"""Relearn the calibration tables of the cross-learned default on the bundled province panels.

``python benchmarks/learn_pooled_tables.py`` prints ``POOLED_SHIFT`` and ``POOLED_INFLATION``
(rows: own points 1..5 and ``LONG_POINTS`` or more; columns: h = 1..5; the inflation one such
table per level of ``INFLATION_LEVELS``, 80 % and 95 %) as
``xtforecast.models.pooled`` carries them, learned by
:func:`xtforecast.bench_sparse.learn_calibration`: row k on every leave-one-province-out case
with at least k own points cut to its last k, the last row on every case with at least
``LONG_POINTS`` own points, all of them kept. About 2 minutes on 2 cores.
"""

import time
import warnings

import numpy as np

from xtforecast import bench_sparse as bs
from xtforecast.inputs import DataPaths, Inputs
from xtforecast.models import pooled


def main() -> None:
    t0 = time.perf_counter()
    inputs = Inputs(DataPaths.of())
    panels = bs.panel_series(inputs.observations, inputs.catalog)
    ks = [*range(1, pooled.MAX_K + 1), bs.ALL]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        shift, factor = bs.learn_calibration({k: bs.panel_cases(panels, k) for k in ks})
    for name, learned, shipped in (("POOLED_SHIFT", shift, pooled.POOLED_SHIFT),
                                   ("POOLED_INFLATION", factor, pooled.POOLED_INFLATION)):
        print(f"{name} = np.array([")
        _print_rows(learned, "    ")
        print("])")
        if shipped.shape == learned.shape:
            print(f"# largest difference from the shipped table: "
                  f"{np.abs(learned - shipped).max():.4f}")
        else:
            print(f"# the shipped table has shape {shipped.shape}, this one {learned.shape}")
    print(f"# {time.perf_counter() - t0:.0f} s")


def _print_rows(table: np.ndarray, indent: str) -> None:
    """Rows as the module writes them; a 3-D table (the inflation: one layer per level of
    ``INFLATION_LEVELS``) as one block per level."""
    if table.ndim == 3:
        for level, layer in zip(pooled.INFLATION_LEVELS, table):
            print(f"{indent}[  # {level:.0%}")
            _print_rows(layer, indent + "    ")
            print(f"{indent}],")
        return
    for row in table:
        print(indent + "[" + ", ".join(f"{v:.3f}" for v in row) + "],")


if __name__ == "__main__":
    main()
