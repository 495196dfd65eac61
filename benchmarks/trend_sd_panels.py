"""Choose the default combination's growth-rate s.d. and relearn its calibration on the panels.

``python benchmarks/trend_sd_panels.py`` back-tests the default combination (uncalibrated) on
every series of the bundled province panels (8 indicators x 32 regions; the latest 8 origins,
fits from 5 points, h = 1..6: the rule of ``DEFAULT_CALIBRATION``), then for each candidate
growth-rate s.d. ``g`` of the spread ``sqrt(s^2 h + (g h)^2)`` scores the held-out indicator's
95 % interval score and coverage under a calibration learned on the other seven
(:func:`xtforecast.models.calibrate.trend_sd_scores`), and coverage per third of the series by
their own step spread ``s``: a spread that fits calm and volatile series alike covers the same in
each. Last, the calibration learned on all eight with the chosen ``g``
(:func:`xtforecast.bench.calibrate_panels`), the numbers of ``DEFAULT_CALIBRATION``. About 1 min.
"""

import time
import warnings

from xtforecast import bench, bench_sparse
from xtforecast.inputs import DataPaths, Inputs
from xtforecast.models import default_model
from xtforecast.models.calibrate import trend_sd_scores

GRID = (0.0, 0.01, 0.02, 0.03, 0.05, 0.07, 0.10, 0.15)


def main() -> None:
    t0 = time.perf_counter()
    inputs = Inputs(DataPaths.of())
    panels = bench_sparse.panel_series(inputs.observations, inputs.catalog)
    groups = {ind: list(series.values()) for ind, series in panels.items()}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table = trend_sd_scores(lambda g: default_model(calibration=None, lower=0.0, trend_sd=g),
                                groups, GRID, by_spread=3)
        print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
        g = float(table.loc[table["chosen"], "trend_sd"].iloc[0])
        frame = bench_sparse.panel_frame(inputs.observations, panels)
        print(f"\nchosen trend_sd = {g:g}; DEFAULT_CALIBRATION learned with it:")
        print(bench.calibrate_panels(frame, trend_sd=g))
    print(f"# {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
