"""Run directories (issue 13, class 2): unique ids, reserved and existing names refused, no
path separators; every refusal comes before anything is written (no kernel is started)."""

import datetime as dt
import os

import pytest
from report_paths import FIXTURE_ARGS, FIXTURE_RUN, FIXTURE_SCENARIOS

from xtforecast.cli import main
from xtforecast.names import name_problem
from xtforecast.report.params import ParameterError
from xtforecast.report.runner import new_run_id, resolve_scenarios, run_reports


def test_run_ids_started_in_the_same_microsecond_differ_and_sort_in_time():
    now = dt.datetime(2026, 12, 1, 10, 20, 30, 123456, tzinfo=dt.UTC)
    ids = {new_run_id(now) for _ in range(200)}
    assert len(ids) == 200
    assert all(i.startswith("20261201T102030.123456Z-") for i in ids)
    later = new_run_id(now + dt.timedelta(microseconds=1))
    assert all(later > i for i in ids)
    assert all(name_problem(i, "run id") is None for i in ids)


@pytest.mark.parametrize("run_id, words", [
    ("latest", "is reserved"), ("index.html", "is reserved"), ("LATEST", "is reserved"),
    ("../../x", "no slashes, no '..'"), ("a/b", "no slashes"), ("a\\b", "no slashes"),
    ("..", "no slashes"), (".hidden", "starting with a letter or digit"), ("", "non-empty"),
    ("x" * 300, "300 characters"),
])
def test_bad_run_ids_are_refused_before_anything_is_written(tmp_path, run_id, words):
    out = tmp_path / "reports"
    with pytest.raises(ParameterError) as exc:
        run_reports([str(FIXTURE_SCENARIOS / "push.yaml")], out=out, run_id=run_id, progress=False)
    assert words in str(exc.value)
    assert list(tmp_path.iterdir()) == []  # not even --out was created


def test_an_existing_run_id_is_refused_and_the_old_run_kept(tmp_path, capsys):
    old = tmp_path / "r1"
    old.mkdir()
    (old / "manifest.json").write_text("{}", encoding="utf-8")
    os.symlink("r1", tmp_path / "latest")
    code = main(["report", "-s", str(FIXTURE_SCENARIOS / "push.yaml"), "--out", str(tmp_path),
                 "--run-id", "r1"])
    err = capsys.readouterr().err
    assert code == 2 and "r1 exists; a run never writes into an earlier one" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["latest", "r1"]
    assert os.readlink(tmp_path / "latest") == "r1"
    assert [p.name for p in old.iterdir()] == ["manifest.json"]


def test_out_naming_a_file_is_a_message_not_a_traceback(tmp_path, capsys):
    f = tmp_path / "reports"
    f.write_text("not a directory", encoding="utf-8")
    code = main(["report", "-s", str(FIXTURE_SCENARIOS / "push.yaml"), "--out", str(f / "sub")])
    assert code == 2 and "is a file, not a directory" in capsys.readouterr().err


@pytest.mark.parametrize("stem, words", [("index.html", "is reserved"), ("latest", "is reserved"),
                                         ("y" * 120, "120 characters")])
def test_scenario_files_whose_name_would_clash_are_refused(tmp_path, stem, words):
    f = tmp_path / f"{stem}.yaml"
    f.write_text((FIXTURE_SCENARIOS / "push.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(ParameterError) as exc:
        resolve_scenarios([str(f)])
    assert words in str(exc.value) and "rename the file" in str(exc.value)
    with pytest.raises(ParameterError):
        resolve_scenarios(all_=True, directory=tmp_path)


def test_a_named_invalid_scenario_is_refused_before_anything_is_written(tmp_path, capsys):
    out = tmp_path / "out"
    (out / "earlier").mkdir(parents=True)
    os.symlink("earlier", out / "latest")
    code = main(["report", "-s", str(FIXTURE_SCENARIOS / "broken.yaml"), "-s",
                 str(FIXTURE_SCENARIOS / "push.yaml"), "--out", str(out), *FIXTURE_ARGS])
    err = capsys.readouterr().err
    assert code == 2 and "broken.yaml:4: extends: [unknown_scenario]" in err
    assert "nothing was run" in err
    assert sorted(p.name for p in out.iterdir()) == ["earlier", "latest"]
    assert os.readlink(out / "latest") == "earlier"


def test_all_invalid_under_all_is_refused(tmp_path):
    d = tmp_path / "scen"
    d.mkdir()
    (d / "broken.yaml").write_text((FIXTURE_SCENARIOS / "broken.yaml").read_text(encoding="utf-8"),
                                   encoding="utf-8")
    with pytest.raises(ParameterError, match="unknown_scenario"):
        run_reports(all_=True, scenarios_dir=d, out=tmp_path / "out", progress=False, **FIXTURE_RUN)
    assert not (tmp_path / "out").exists()


def test_a_missing_data_dir_is_refused(tmp_path, capsys):
    code = main(["report", "-s", str(FIXTURE_SCENARIOS / "push.yaml"), "--out", str(tmp_path),
                 "--data-dir", str(tmp_path / "nope")])
    assert code == 2 and "no such directory" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
