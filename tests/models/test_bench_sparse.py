"""``xtforecast bench --sparse`` on a synthetic benchmark file (series drawn in this file)."""

import json

import numpy as np
import pytest

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
                          "ris95_median", "wis_log_mean", "bias_log_median", "mdape",
                          "refused"}
    # per horizon (4 test years of 40 series) and on the cases every method answered: at k = 1
    # naive and previous answer none and are left out, so default, pooled: all 40 series
    assert [s["n"] for s in out["methods"]["default"]["by_h"]["1"].values()] == [40] * 4
    assert out["common_cases"] == {"1": 40, "3": 40}
    assert out["methods"]["default"]["common"]["1"] == d["1"]
    # naive needs two points; the previous default three
    assert out["methods"]["naive"]["k"]["1"]["refused"] == 40
    assert out["methods"]["previous"]["k"]["1"]["refused"] == 40
    assert out["methods"]["previous"]["k"]["3"]["refused"] == 0


def test_bench_sparse_same_answers_in_two_processes(tmp_path, capsys):
    """``--jobs 2`` splits the cases between two spawned workers: every score is the one a
    single process gives (the seconds differ), and the order of cases is kept."""
    path = _write(tmp_path)
    runs = []
    for jobs in ("1", "2"):
        assert main(["bench", "--sparse", "--data", str(path), "--k", "1,3", "--jobs", jobs,
                     "--format", "json"]) == 0
        out = json.loads(capsys.readouterr().out)
        runs.append({m: {part: r[part] for part in ("k", "by_h", "common")}
                     for m, r in out["methods"].items()})
    assert runs[0] == runs[1]
    assert runs[0]["default"]["k"]["3"]["n"] == 160


def test_bench_sparse_bad_k_exits_2(tmp_path, capsys):
    assert main(["bench", "--sparse", "--data", str(_write(tmp_path)), "--k", "0,x"]) == 2
    assert "--k must be whole numbers from 1 to 5" in capsys.readouterr().err


def test_bench_missing_file_exits_2(tmp_path, capsys):
    for extra in ([], ["--sparse"]):
        assert main(["bench", *extra, "--data", str(tmp_path / "nope.csv")]) == 2
        assert "no such file" in capsys.readouterr().err


# -- by horizon and on common cases: hand-made cases and methods with known answers -----------
def _cases(n=4, h=3):
    from xtforecast.bench_sparse import Case

    rng = np.random.default_rng(0)
    out = []
    for i in range(n):
        actual = 100 * np.exp(rng.normal(0, 0.1, h))
        if i == 1:
            actual[2] = np.nan  # the last horizon of case 1 is not observed
        out.append(Case(np.array([0.0]), np.array([100.0]), actual, None, i, None, None,
                        group="g"))
    return out


def _exact(case, cache):
    # the actual as median; quantiles at x0.5, x0.8, x1, x1.25, x2: every interval covers
    y = np.nan_to_num(case.actual, nan=1.0)
    return np.outer([0.5, 0.8, 1.0, 1.25, 2.0], y)


def _high_but_first(case, cache):
    # refuses case 0; elsewhere the median is 20 % above the actual
    return None if case.exclude == 0 else 1.2 * _exact(case, cache)


def _never(case, cache):
    return None


def test_run_sparse_by_horizon_and_common_cases(monkeypatch):
    from xtforecast import bench_sparse as bs

    monkeypatch.setitem(bs.METHODS, "exact", _exact)
    monkeypatch.setitem(bs.METHODS, "high", _high_but_first)
    monkeypatch.setitem(bs.METHODS, "never", _never)
    out = bs.run_sparse({1: _cases()}, ["exact", "high", "never"])
    exact, high = out["methods"]["exact"], out["methods"]["high"]
    # every case: 4 cases x 3 horizons, one horizon unobserved
    assert exact["k"]["1"]["n"] == 11 and exact["k"]["1"]["mdape"] == 0.0
    assert high["k"]["1"]["n"] == 8 and high["k"]["1"]["refused"] == 1
    assert abs(high["k"]["1"]["mdape"] - 20.0) < 1e-9
    # per horizon: h = 3 is observed in 3 cases; 'high' refused one of those
    assert [s["n"] for s in exact["by_h"]["1"].values()] == [4, 4, 3]
    assert [s["refused"] for s in high["by_h"]["1"].values()] == [1, 1, 1]
    assert [s["n"] for s in high["by_h"]["1"].values()] == [3, 3, 2]
    # common cases: 'never' answers nothing and is left out; case 0 is dropped for everyone
    assert out["common_cases"] == {"1": 3}
    assert exact["common"]["1"]["n"] == high["common"]["1"]["n"] == 8
    assert exact["common"]["1"]["coverage_95"] == 1.0
    assert out["methods"]["never"]["common"]["1"]["n"] == 0
    assert "never   1  refused every case" in bs.format_sparse(out)
    json.dumps(out)  # --format json: plain numbers only (an unobserved horizon once made int64)


def test_wis_log_ranks_a_calibrated_band_above_a_narrow_one():
    """The median interval score prefers a band 40 % too narrow (it covers 78 %, not 95 %);
    the weighted interval score, proper, prefers the band drawn from the distribution the
    actuals come from (log-normal, s.d. 0.1, drawn here), and so it does a band 60 % too wide."""
    from scipy.stats import norm

    from xtforecast import bench_sparse as bs

    y = 100 * np.exp(np.random.default_rng(3).normal(0, 0.1, 400))
    z = norm.ppf(bs.PROBS)[:, None]
    scores = {f: bs.score([(100 * np.exp(f * 0.1 * z) * np.ones((1, y.size)), y)], 0)
              for f in (0.6, 1.0, 1.6)}
    assert scores[0.6]["coverage_95"] < 0.8 and scores[1.0]["coverage_95"] > 0.93
    assert scores[0.6]["ris95_median"] < scores[1.0]["ris95_median"]
    assert scores[1.0]["wis_log_mean"] < min(scores[0.6]["wis_log_mean"],
                                             scores[1.6]["wis_log_mean"])
    # a lower quantile at or below zero (a level-scale band) counts as a thousandth of the
    # median rather than as minus infinity: pinball losses by hand on the log scale
    q = np.array([[-5.0], [50], [100], [150], [200]])
    s = bs.score([(q, np.array([100.0]))], 0)
    by_hand = 0.4 * (0.025 * np.log(1000) + 0.1 * np.log(2) + 0.1 * np.log(1.5)
                     + 0.025 * np.log(2))
    assert s["wis_log_mean"] == pytest.approx(by_hand)


def test_bench_sparse_k_all_scores_whole_histories(tmp_path, capsys):
    """``--k all``: every training point (10 here); the previous default then projects the
    local combination and answers every case it refuses from one point."""
    path = _write(tmp_path)
    assert main(["bench", "--sparse", "--data", str(path), "--k", "1,all", "--format",
                 "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["common_cases"] == {"1": 40, "all": 40}
    for m in ("default", "pooled", "previous"):
        assert out["methods"][m]["k"]["all"]["n"] == 40 * 4
    assert out["methods"]["previous"]["k"]["all"]["refused"] == 0
    assert out["methods"]["previous"]["k"]["1"]["refused"] == 40
    assert main(["bench", "--sparse", "--data", str(path), "--k", "alll"]) == 2
    assert "1 to 5 or 'all'" in capsys.readouterr().err


def test_learn_calibration_puts_k_all_in_the_long_row(monkeypatch):
    """Row k from the cases at k, the last row from those at 'all', unlearned rows copy the one
    below (row 1 here keeps no shift). Quantiles and actuals are made by hand: the actual sits
    ``shift + eps`` above the median in log terms, eps symmetric about 0."""
    from xtforecast import bench_sparse as bs

    def case(shift, eps):
        return bs.Case(np.array([0.0]), np.array([100.0]), 100 * np.exp(shift + eps + np.zeros(5)),
                       None, 0, None)

    monkeypatch.setattr(bs, "_q_default", lambda c, cache: np.outer(
        np.exp([-0.2, -0.1, 0.0, 0.1, 0.2]), np.full(5, 100.0)))
    eps = np.linspace(-0.1, 0.1, 25)
    shift, factor = bs.learn_calibration({2: [case(0.05, e) for e in eps],
                                          bs.ALL: [case(0.20, 2 * e) for e in eps]})
    assert shift.shape == (bs.LONG_POINTS, 5)
    assert factor.shape == (len(bs.INFLATION_LEVELS), bs.LONG_POINTS, 5)
    np.testing.assert_allclose(shift[0], 0.0)
    np.testing.assert_allclose(shift[1:5], 0.05)
    np.testing.assert_allclose(shift[5], 0.20)
    np.testing.assert_allclose(factor[:, 2:5], np.repeat(factor[:, 1:2], 3, axis=1))
    np.testing.assert_allclose(factor[:, 5], 2 * factor[:, 1])  # errors twice as wide


def test_calibration_matches_each_level_on_heavy_tailed_errors():
    """Normal quantiles (s.d. 0.1 in log terms) against Student-t errors (df 3, same scale):
    the 80 % factor is t3's 90 % quantile over the normal's, 1.638 / 1.2816 = 1.278, the 95 %
    one t3's 97.5 % over the normal's, 3.182 / 1.960 = 1.624 (scipy's ppf); widened by them, each
    interval covers its level. One factor for both would miss one of them."""
    from scipy import stats

    from xtforecast import bench_sparse as bs

    rng = np.random.default_rng(11)
    n, sd = 20000, 0.1
    q = 100 * np.exp(sd * stats.norm.ppf(bs.PROBS))[:, None] * np.ones((1, 2))
    actual = 100 * np.exp(sd * stats.t.rvs(3, size=(n, 2), random_state=rng))
    pairs = [(q, a) for a in actual]
    shift, f = bs._calibration(pairs, 2)
    expect80 = stats.t.ppf(0.9, 3) / stats.norm.ppf(0.9)
    expect95 = stats.t.ppf(0.975, 3) / stats.norm.ppf(0.975)
    np.testing.assert_allclose(f[:, 0], [expect80, expect95], rtol=0.03)
    np.testing.assert_allclose(shift, 0.0, atol=0.005)
    wide = bs._widen(q, shift, f)
    lo80, hi80, lo95, hi95 = wide[1, 0], wide[3, 0], wide[0, 0], wide[4, 0]
    a = actual[:, 0]
    assert abs(np.mean((a >= lo80) & (a <= hi80)) - 0.80) < 0.01
    assert abs(np.mean((a >= lo95) & (a <= hi95)) - 0.95) < 0.005


def test_widen_keeps_each_tail_monotone_like_the_model():
    """An 80 % factor of 2 and a 95 % one of 1 on normal-shaped quantiles (log distances
    1.28 and 1.96 from the median): the 10 % / 90 % quantiles move to 2.56 out, past the 95 %
    ones (1.96), which are then held at them, as ``widen_by_level`` holds the model's residuals."""
    from scipy import stats

    from xtforecast import bench_sparse as bs

    q = np.exp(stats.norm.ppf(bs.PROBS))[:, None] * np.ones((1, 3))
    out = np.log(bs._widen(q, np.zeros(3), np.array([[2.0] * 3, [1.0] * 3])))
    z80 = stats.norm.ppf(0.9)
    np.testing.assert_allclose(out[[1, 3]], [[-2 * z80] * 3, [2 * z80] * 3])
    np.testing.assert_allclose(out[[0, 4]], out[[1, 3]])
    np.testing.assert_allclose(out[2], 0.0, atol=1e-12)
