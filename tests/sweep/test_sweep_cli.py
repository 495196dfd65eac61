"""The sweep command: output formats, atomic files, batch files, exit codes."""

import json

import pandas as pd
import pytest

from xtforecast.cli import main
from xtforecast.errors import DataError
from xtforecast.sweep import read_batch


def cli(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


ARGS = ("--scenario", "baseline", "--as-of", "2021", "--goal", "tech_smes_2022", "--sims", "300",
        "--engine", "serial")


def test_csv_rows_one_per_setting_with_knob_columns(capsys):
    code, out, err = cli(capsys, "sweep", *ARGS, "--knob", "growth_pp=0:2:1", "--format", "csv")
    assert code == 0, err
    from io import StringIO
    df = pd.read_csv(StringIO(out))
    assert list(df["growth_pp"]) == [0.0, 1.0, 2.0]
    assert df.columns[:5].tolist() == ["run", "plan", "scenario", "as_of", "growth_pp"]
    assert df["p_attain"].is_monotonic_increasing and df["p_attain"].iloc[0] < df["p_attain"].iloc[-1]
    assert "3 rows" in err


def test_out_file_json_and_parquet(capsys, tmp_path):
    out = tmp_path / "s.json"
    code, stdout, _ = cli(capsys, "sweep", *ARGS, "--knob", "growth_pp=1", "--format", "json",
                          "--out", str(out))
    assert code == 0 and stdout == ""
    assert json.loads(out.read_text())[0]["growth_pp"] == 1.0
    assert not list(tmp_path.glob("*.tmp*"))  # nothing half-written left behind
    pq = tmp_path / "s.parquet"
    pytest.importorskip("pyarrow")
    assert cli(capsys, "sweep", *ARGS, "--format", "parquet", "--out", str(pq))[0] == 0
    assert pd.read_parquet(pq)["target_id"].tolist() == ["tech_smes_2022"]


@pytest.mark.parametrize("argv, words", [
    (["--knob", "growth_ppp=0:1:1"], "Did you mean 'growth_pp'"),
    (["--format", "parquet"], "give --out"),
    (["--goal", "tech_smes_2033"], "Did you mean 'tech_smes_2022'"),
    (["--scenario", "covid_shok"], "covid_shock"),
    (["--engine", "local", "--scheduler", "tcp://x:1"], "needs --engine dask"),
])
def test_bad_input_exits_2_with_the_fix(capsys, argv, words):
    code, _, err = cli(capsys, "sweep", "--sims", "100", *argv)
    assert code == 2
    assert words in err


def test_a_failed_task_exits_1_and_keeps_the_other_rows(capsys, monkeypatch):
    import xtforecast.sweep.core as core
    real = core.prepare
    monkeypatch.setattr(core, "prepare", lambda t, k=(): (_ for _ in ()).throw(OSError("gone"))
                        if t.goal == "tech_smes_2022" else real(t, k))
    code, out, err = cli(capsys, "sweep", "--scenario", "baseline", "--as-of", "2021",
                         "--sims", "200", "--engine", "serial", "--goal", "tech_smes_2022",
                         "--goal", "high_tech_enterprises_2022", "--format", "json")
    assert code == 1
    rows = json.loads(out)
    assert [r["status"] for r in rows][0] == "task_failed"
    assert rows[1]["p_attain"] is not None
    assert "tech_smes_2022 failed: OSError: gone" in err


def test_batch_csv_in_gbk_and_yaml(capsys, tmp_path):
    # what Excel saves for a Chinese user: GBK, with a Chinese run name
    f = tmp_path / "runs.csv"
    f.write_bytes("name,data_dir,plan,scenario,as_of\n邢台基线,,xingtai_2020,covid_shock,\n"
                  "邢台政策,,xingtai_2020,policy_push,2019\n".encode("gbk"))
    code, out, err = cli(capsys, "sweep", "--batch", str(f), "--goal", "tech_smes_2022",
                         "--sims", "200", "--engine", "serial", "--format", "json")
    assert code == 0, err
    rows = json.loads(out)
    assert [r["run"] for r in rows] == ["邢台基线", "邢台政策"]
    assert [r["scenario"] for r in rows] == ["covid_shock", "policy_push"]
    y = tmp_path / "runs.yaml"
    y.write_text("runs:\n  - {scenario: covid_shock, as_of: 2019}\n  - {scenario: baseline}\n",
                 encoding="utf-8")
    jobs = read_batch(y)
    assert [(j.scenario, j.as_of, j.run) for j in jobs] == [("covid_shock", 2019, "covid_shock"),
                                                             ("baseline", None, "baseline")]


def test_batch_errors_name_line_and_column(tmp_path):
    f = tmp_path / "runs.csv"
    f.write_text("scenario,as_of,data_dri\nbaseline,20x9,\n,2019,\n", encoding="utf-8")
    with pytest.raises(DataError) as e:
        read_batch(f)
    text = str(e.value)
    assert f"{f}:2: as_of: [bad_year]" in text
    assert f"{f}:3: scenario: [missing_value]" in text
    assert "Did you mean 'data_dir'" in text
