"""`xtforecast report --batch`: runs grouped by data directory and vintage, one cross-run summary
(synthetic fixture data and projector)."""

import json

import pandas as pd
import pytest
from report_paths import FIXTURE_DATA, FIXTURE_PROJECTOR, FIXTURE_SCENARIOS

from xtforecast.cli import main


def test_batch_of_runs_with_one_summary(tmp_path, capsys):
    f = tmp_path / "runs.csv"
    f.write_text("name,data_dir,scenarios_dir,scenario,as_of\n"
                 f"a,{FIXTURE_DATA},{FIXTURE_SCENARIOS},baseline,\n"
                 f"b,{FIXTURE_DATA},{FIXTURE_SCENARIOS},push,\n"
                 f"c,{FIXTURE_DATA},{FIXTURE_SCENARIOS},push,2018\n", encoding="utf-8")
    code = main(["report", "--batch", str(f), "--out", str(tmp_path / "out"), "--sims", "50",
                 "--no-sweep", "--no-progress", "--format", "json", "-p", "projector",
                 FIXTURE_PROJECTOR])
    out = capsys.readouterr().out
    assert code == 0
    m = json.loads(out)
    assert list(m["runs"]) == ["01-data-own", "02-data-2018"]
    assert [e["n_ok"] for e in m["runs"].values()] == [2, 1]
    batch = tmp_path / "out" / m["batch_dir"].split("/")[-1]
    s = pd.read_csv(batch / "summary.csv")
    # every goal of mini_plan once per scenario and run, each row saying where it came from
    assert sorted(s.groupby("run")["scenario"].unique().map(sorted).to_dict().items()) == [
        ("01-data-own", ["baseline", "push"]), ("02-data-2018", ["push"])]
    assert set(s.loc[s["run"] == "02-data-2018", "as_of"]) == {2018}
    # the runs' per-year quantiles, stacked the same way: a goal's median at its year is the
    # summary's, run by run (the two runs' push differ by vintage)
    q = pd.read_csv(batch / "projections.csv")
    assert set(zip(q["run"], q["scenario"])) == set(zip(s["run"], s["scenario"]))
    assert set(q["data_dir"]) == {str(FIXTURE_DATA)}
    # goals stated as levels (a net increase's median is the increase over its base)
    called = s[s["target_type"].isin(["level", "share"])].dropna(subset=["projected_median"])
    assert set(called["run"]) == {"01-data-own", "02-data-2018"}
    for _, goal in called.iterrows():
        at = q[(q["run"] == goal["run"]) & (q["scenario"] == goal["scenario"])
               & (q["indicator"] == goal["indicator"]) & (q["region"] == goal["region"])
               & (q["year"] == goal["target_year"]) & (q["quantile"] == 0.5)]
        assert list(at["value"]) == [pytest.approx(goal["projected_median"], rel=1e-9)]
    index = (batch / "index.html").read_text(encoding="utf-8")
    assert 'href="01-data-own/index.html"' in index and "批量运行" in index


def test_a_plan_other_than_the_scenarios_is_refused_before_anything_runs(tmp_path, capsys):
    f = tmp_path / "runs.csv"
    f.write_text("data_dir,scenarios_dir,scenario,plan\n"
                 f"{FIXTURE_DATA},{FIXTURE_SCENARIOS},push,xingtai_2020\n", encoding="utf-8")
    code = main(["report", "--batch", str(f), "--out", str(tmp_path / "out")])
    assert code == 2
    assert "is for plan 'mini_plan', not 'xingtai_2020'" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
