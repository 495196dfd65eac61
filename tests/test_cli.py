"""The CLI's outputs and exit codes, on the synthetic mini data and on the bundled data."""

import csv
import io
import json
import subprocess
import sys

import pandas as pd
import pytest
from xt_testpaths import FIXTURES, MINI, REPO

from xtforecast.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_data_check_clean_exits_0(capsys):
    code, out, _ = run(capsys, "data", "check", "--data-dir", str(MINI))
    assert code == 0 and "OK: no problems found" in out


def test_data_check_bad_csv_exits_2_with_eight_lines(capsys):
    code, out, _ = run(capsys, "data", "check", "--data-dir", str(MINI),
                       str(FIXTURES / "bad_observations.csv"))
    assert code == 2
    lines = [ln for ln in out.splitlines() if ln.strip()]
    assert len(lines) == 8
    assert [ln.split(":")[1] for ln in lines] == ["2", "3", "5", "6", "7", "8", "9", "10"]


def test_data_check_json_lists_issues(capsys):
    code, out, _ = run(capsys, "data", "check", "--data-dir", str(MINI), "--format", "json",
                       str(FIXTURES / "bad_observations.csv"))
    assert code == 2
    issues = json.loads(out)
    assert issues[0] == {
        "path": str(FIXTURES / "bad_observations.csv"), "line": 2, "column": "indicator",
        "rule": "unknown_indicator",
        "message": issues[0]["message"],
    }
    assert "Did you mean 'rd_intensity'?" in issues[0]["message"]


def test_data_check_missing_file_exits_2(capsys):
    code, out, _ = run(capsys, "data", "check", "--data-dir", str(MINI), "nope.csv")
    assert code == 2 and "missing_file" in out


def test_targets_csv_and_unknown_plan(capsys):
    code, out, _ = run(capsys, "targets", "--data-dir", str(MINI), "--plan", "mini_plan",
                       "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["id"] for r in rows] == ["rd_intensity_2022", "hte_net_2020", "weixian_class_2022"]
    assert rows[1]["type"] == "net_increase" and rows[1]["comparator"] == ">="
    code, _, err = run(capsys, "targets", "--data-dir", str(MINI), "--plan", "mini_pln")
    assert code == 2 and "Did you mean 'mini_plan'?" in err


def test_indicators_json(capsys):
    code, out, _ = run(capsys, "indicators", "--data-dir", str(MINI), "--format", "json")
    assert code == 0
    recs = json.loads(out)
    assert {r["id"] for r in recs} == {"rd_intensity", "rd_expenditure", "gdp_nominal",
                                       "high_tech_enterprises", "county_class"}
    rd = next(r for r in recs if r["id"] == "rd_intensity")
    assert (rd["unit"], rd["upper"], rd["zh"]) == ("percent", 100.0, "研发经费投入强度")


@pytest.mark.parametrize("argv", [["--help"], ["indicators", "--help"], ["targets", "--help"],
                                  ["data", "check", "--help"]])
def test_every_command_has_help(argv):
    proc = subprocess.run([sys.executable, "-m", "xtforecast", *argv], capture_output=True,
                          text=True, cwd=REPO)
    assert proc.returncode == 0 and "usage: xtforecast" in proc.stdout


def test_bad_format_is_a_usage_error():
    proc = subprocess.run([sys.executable, "-m", "xtforecast", "indicators", "--format", "xml"],
                          capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 2 and "invalid choice: 'xml'" in proc.stderr


def test_project_finds_the_scenarios_plan_in_data_dir(capsys):
    """Issue 13 class 7: --data-dir also holds the scenario's own plan (as `scenarios check`)."""
    fx = REPO / "tests" / "report" / "fixtures"  # synthetic data and scenarios
    code, out, err = run(capsys, "project", "--data-dir", str(fx / "data"), "--scenario",
                         str(fx / "scenarios" / "push.yaml"), "--sims", "50", "--format", "csv")
    assert code == 0, err
    assert "plan=mini_plan" in err
    assert [r["target_id"] for r in csv.DictReader(io.StringIO(out))] == [
        "rd_intensity_2022", "hte_net_2020", "weixian_class_2022"]


def test_project_all_columns_say_which_run_made_them(capsys):
    """--columns all carries what the stderr line says of the run (the ux review: project JSON
    had no run metadata), as a report's summary.csv names the vantage; the contract stays as
    it is."""
    fx = REPO / "tests" / "report" / "fixtures"  # synthetic data and scenarios
    common = ["--data-dir", str(fx / "data"), "--scenario", str(fx / "scenarios" / "push.yaml"),
              "--sims", "50", "--seed", "7", "--as-of", "2018", "--format", "json"]
    code, out, err = run(capsys, "project", *common, "--columns", "all")
    assert code == 0, err
    said = dict(kv.split("=", 1) for kv in err.strip().splitlines()[-1].split())
    for row in json.loads(out):
        assert (row["as_of"], row["n_sims"], row["seed"]) == (2018, 50, 7)
        assert row["data_hash"].startswith(said["data"]) and len(row["data_hash"]) == 64
        # the fixture's data reach 2019, so a 2018 vantage is real time
        assert row["vintage"] == said["information"] == "real_time"
        assert row["data_end"] == 2019
    _, out, _ = run(capsys, "project", *common)
    assert not {"as_of", "seed", "data_hash"} & set(json.loads(out)[0])


def test_project_quantiles_are_the_summarys_paths_year_by_year(capsys):
    """--quantiles prints the shown goals' series, 7 quantiles a year; at the goal's year its
    median and P10/P90 are the summary's."""
    fx = REPO / "tests" / "report" / "fixtures"
    common = ["--data-dir", str(fx / "data"), "--scenario", str(fx / "scenarios" / "push.yaml"),
              "--sims", "50", "--goal", "rd_intensity_2022", "--format", "csv"]
    code, out, err = run(capsys, "project", *common, "--quantiles")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {(r["indicator"], r["region"]) for r in rows} == {("rd_intensity", "xingtai")}
    assert [r["quantile"] for r in rows[:7]] == ["0.025", "0.1", "0.25", "0.5", "0.75", "0.9",
                                                 "0.975"]
    at = {float(r["quantile"]): float(r["value"]) for r in rows if r["year"] == "2022"}
    _, out, _ = run(capsys, "project", *common)
    (goal,) = list(csv.DictReader(io.StringIO(out)))
    assert at[0.5] == pytest.approx(float(goal["projected_median"]), rel=1e-9)
    assert at[0.1] == pytest.approx(float(goal["projected_p10"]), rel=1e-9)
    assert at[0.9] == pytest.approx(float(goal["projected_p90"]), rel=1e-9)


def test_project_quantiles_iamc_is_the_long_form_a_column_per_year(capsys):
    """--quantiles iamc holds the long form's numbers, a row per series and quantile, a column
    per year, units in words (the IAMC table pyam.IamDataFrame reads)."""
    fx = REPO / "tests" / "report" / "fixtures"
    common = ["--data-dir", str(fx / "data"), "--scenario", str(fx / "scenarios" / "push.yaml"),
              "--sims", "50", "--goal", "rd_intensity_2022", "--format", "csv", "--quantiles"]
    code, out, err = run(capsys, "project", *common, "long")
    assert code == 0, err
    long = pd.read_csv(io.StringIO(out))
    code, out, err = run(capsys, "project", *common, "iamc")
    assert code == 0, err
    wide = pd.read_csv(io.StringIO(out))
    years = sorted(long["year"].unique())
    assert list(wide.columns) == ["Model", "Scenario", "Region", "Variable", "Unit", "Method",
                                  *map(str, years)]
    assert list(wide["Variable"]) == [f"rd_intensity|{p}th Percentile"
                                      for p in ("2.5", "10.0", "25.0", "50.0", "75.0", "90.0", "97.5")]
    assert set(wide["Unit"]) == {"%"} and set(wide["Model"]) == {"xtforecast"}
    median = long[long["quantile"] == 0.5].set_index("year")["value"]
    row = wide[wide["Variable"] == "rd_intensity|50.0th Percentile"].iloc[0]
    assert [row[str(y)] for y in years] == pytest.approx(list(median[years]), rel=1e-12)


@pytest.mark.parametrize("argv", [
    ["project", "--sims", "50", "--format", "csv"],
    ["backtest", "--sims", "50", "--vintages", "2017", "--format", "csv"],
    ["data", "template", "--plan", "mini_plan"],
    ["targets", "--format", "csv"],
])
def test_a_command_reads_the_catalog_and_the_observations_once(argv, capsys, monkeypatch):
    """Issue 10, item 1: the inputs are read at the entrance, once, and passed down."""
    import xtforecast.catalog
    import xtforecast.observations

    fx = REPO / "tests" / "report" / "fixtures"
    calls = {"load_catalog": 0, "load_observations": 0}

    def counting(module, name):
        real = getattr(module, name)

        def counted(*a, **k):
            calls[name] += 1
            return real(*a, **k)
        monkeypatch.setattr(module, name, counted)

    counting(xtforecast.catalog, "load_catalog")
    counting(xtforecast.observations, "load_observations")
    extra = [] if argv[0] in ("data", "targets") else ["--scenario", str(fx / "scenarios" / "push.yaml")]
    code, _, err = run(capsys, *argv, *extra, "--data-dir", str(fx / "data"))
    assert code == 0, err
    assert calls["load_catalog"] == 1 and calls["load_observations"] <= 1, calls


@pytest.mark.parametrize("argv, hint", [
    (["indicaters"], "Did you mean 'indicators'?"),
    (["data", "chek"], "Did you mean 'check'?"),
    (["scenarios", "lst"], "Did you mean 'list'?"),
    (["project", "--format", "tabel"], "Did you mean 'table'?"),
    (["project", "--quantiles", "iamx"], "Did you mean 'iamc'?"),
    (["project", "--formt", "csv"], "unrecognized arguments: --formt csv. Did you mean '--format'?"),
    # the option is looked for among the chosen subcommand's, not another command's
    (["data", "check", "--data-dr", "x"], "Did you mean '--data-dir'?"),
])
def test_a_mistyped_command_choice_or_option_gets_the_closest(capsys, argv, hint):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert hint in capsys.readouterr().err


def test_nothing_close_is_no_suggestion_but_the_choices(capsys):
    with pytest.raises(SystemExit):
        main(["project", "--format", "zzz"])
    err = capsys.readouterr().err
    assert "invalid choice: 'zzz' (choose from 'table', 'csv', 'json')" in err
    assert "Did you mean" not in err


@pytest.mark.parametrize("argv, option", [
    (["project", "--as-of", "1960"], "--as-of 1960"),
    (["backtest", "--vintages", "1990", "2019"], "--vintages 1990"),
])
def test_a_vantage_before_every_observation_is_said(capsys, argv, option):
    """It still runs (exit 0), but says why every goal is insufficient_data; a vantage inside
    the data says nothing."""
    code, _, err = run(capsys, *argv, "--sims", "50", "--format", "csv")
    assert code == 0
    assert f"note: {option} is before the first observation (2008)" in err
    assert "every goal at it is insufficient_data" in err
    _, _, err = run(capsys, "project", "--as-of", "2019", "--sims", "50", "--format", "csv")
    assert "before the first observation" not in err


@pytest.mark.parametrize("value, meant", [("cn", "zh"), ("english", "en"), ("EN", "en")])
def test_another_name_of_a_language_is_refused_with_the_one_meant(capsys, tmp_path, value, meant):
    with pytest.raises(SystemExit) as exc:
        main(["report", "--all", "--lang", value, "--out", str(tmp_path / "r")])
    assert exc.value.code == 2
    assert f"got '{value}'. Did you mean '{meant}'?" in capsys.readouterr().err
    assert not (tmp_path / "r").exists()
