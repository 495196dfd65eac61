"""``xtforecast bench --sparse`` on a synthetic benchmark file (series drawn in this file)."""

import json

import numpy as np

from xtforecast.cli import main


def _write(tmp_path):
    rng = np.random.default_rng(5)
    rows = ["series_id,t,value,split"]
    for i in range(40):
        z = np.log(50) + np.cumsum(rng.normal(0.06 + 0.002 * i, 0.04, 14))
        for t, v in enumerate(np.exp(z)):
            rows.append(f"s{i},{t},{v:.6f},{'train' if t < 10 else 'test'}")
    p = tmp_path / "synthetic.csv"
    p.write_text("\n".join(rows) + "\n")
    return p


def test_bench_sparse_json_contract(tmp_path, capsys):
    path = _write(tmp_path)
    assert main(["bench", "--sparse", "--data", str(path), "--k", "1,3", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["default"] == "default"
    assert set(out["methods"]) == {"default", "pooled", "naive", "previous"}
    d = out["methods"]["default"]["k"]
    assert set(d) == {"1", "3"}
    for k in ("1", "3"):
        s = d[k]
        assert s["n"] == 40 * 4 and s["refused"] == 0  # 40 series x 4 test years
        assert set(s) == {"n", "coverage_80", "coverage_95", "above_90", "below_10",
                          "ris95_median", "bias_log_median", "mdape", "refused"}
    # naive needs two points; the previous default three
    assert out["methods"]["naive"]["k"]["1"]["refused"] == 40
    assert out["methods"]["previous"]["k"]["1"]["refused"] == 40
    assert out["methods"]["previous"]["k"]["3"]["refused"] == 0


def test_bench_sparse_bad_k_exits_2(tmp_path, capsys):
    assert main(["bench", "--sparse", "--data", str(_write(tmp_path)), "--k", "0,x"]) == 2
    assert "--k must be whole numbers from 1 to 5" in capsys.readouterr().err


def test_bench_missing_file_exits_2(tmp_path, capsys):
    for extra in ([], ["--sparse"]):
        assert main(["bench", *extra, "--data", str(tmp_path / "nope.csv")]) == 2
        assert "no such file" in capsys.readouterr().err
