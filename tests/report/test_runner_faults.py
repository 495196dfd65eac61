"""Faults of the batch runner (issue 13, class 1): a killed worker, Ctrl-C, two runs at once.

The templates here are synthetic: the real report's parameters cell and its two library calls,
plus one cell that misbehaves (kills its worker, or sleeps) for the baseline scenario only.
"""

import json
import os
import signal
import subprocess
import sys
import time

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook
from report_paths import FIXTURE_ARGS, FIXTURE_RUN, FIXTURE_SCENARIOS, REPO

from xtforecast.report.runner import run_reports

#: The cell that kills the worker process (the kernel's parent) while baseline runs: on the
#: first attempt only (mode "once", a marker file remembers it) or on every attempt ("always").
#: The test tells its own cell the mode and the marker through two variables of the test's
#: environment (the product reads none).
KILL_CELL = """\
import os, pathlib, signal
_mark = pathlib.Path(os.environ["XTFORECAST_TEST_MARK"])
if params["scenario"].endswith("baseline.yaml"):
    if os.environ["XTFORECAST_TEST_KILL"] == "always" or not _mark.exists():
        _mark.write_text("killed once", encoding="utf-8")
        os.kill(os.getppid(), signal.SIGKILL)
"""
SLEEP_CELL = """\
import time
if params["scenario"].endswith("baseline.yaml"):
    time.sleep(120)
"""


def _template(tmp_path, cell: str):
    src = nbformat.read(REPO / "notebooks" / "scenario_report.ipynb", as_version=4)
    params_cell = next(c for c in src.cells if "parameters" in c.metadata.get("tags", []))
    nb = new_notebook(metadata=src.metadata, cells=[
        params_cell,
        new_code_cell("import xtforecast.report.content as xr\nparams = xr.setup(globals())"),
        new_code_cell(cell),
        new_code_cell("rep = xr.run_report(params)\nxr.save_outputs(rep)"),
    ])
    path = tmp_path / "faulty.ipynb"
    nbformat.write(nb, path)
    return path


def _temporaries(d):
    return list(d.rglob("*.tmp"))


@pytest.mark.parametrize("mode", ["once", "always"])
def test_a_killed_worker_fails_only_its_scenario_after_one_retry(tmp_path, monkeypatch, mode):
    monkeypatch.setenv("XTFORECAST_TEST_MARK", str(tmp_path / "mark"))
    monkeypatch.setenv("XTFORECAST_TEST_KILL", mode)
    out = tmp_path / "out"
    res = run_reports(all_=True, scenarios_dir=FIXTURE_SCENARIOS, out=out, jobs=2, n_sims=50,
                      template=_template(tmp_path, KILL_CELL), compare=False, progress=False,
                      run_id="k", **FIXTURE_RUN)
    m = json.loads((res.run_dir / "manifest.json").read_text(encoding="utf-8"))
    got = {n: (e["status"], e["attempts"]) for n, e in m["scenarios"].items()}
    # broken fails of its own accord (a bad scenario file), in its own first attempt
    if mode == "once":
        assert got == {"baseline": ("ok", 2), "broken": ("failed", 1), "push": ("ok", 1)}
    else:
        assert got == {"baseline": ("failed", 2), "broken": ("failed", 1), "push": ("ok", 1)}
        err = m["scenarios"]["baseline"]["error"]
        assert "died on each of 2 attempts" in err and "-9" in err
    assert "ScenarioCheckError" in m["scenarios"]["broken"]["error"]
    assert (res.run_dir / "push" / "report.html").is_file()
    assert (res.run_dir / "baseline" / "report.html").is_file() == (mode == "once")
    assert m["status"] == "complete" and os.readlink(out / "latest") == "k"
    assert _temporaries(out) == []


def _wait_for(path, proc, seconds=120):
    deadline = time.time() + seconds
    while time.time() < deadline and not path.exists():
        assert proc.poll() is None, "the run ended before it could be interrupted"
        time.sleep(0.1)
    assert path.exists(), f"{path} never appeared"


def test_ctrl_c_to_the_group_stops_promptly_and_writes_the_manifest(tmp_path):
    out = tmp_path / "out"
    (out / "earlier").mkdir(parents=True)
    os.symlink("earlier", out / "latest")
    proc = subprocess.Popen(
        [sys.executable, "-m", "xtforecast", "report", "--all", "--scenarios-dir",
         str(FIXTURE_SCENARIOS), "--out", str(out), "--jobs", "2", "--sims", "50",
         "--run-id", "c", "--no-progress", "--template", str(_template(tmp_path, SLEEP_CELL)),
         *FIXTURE_ARGS],
        cwd=REPO, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)
    try:
        # push and broken finish on one worker while baseline sleeps on the other
        _wait_for(out / "c" / "push" / "report.html", proc)
        time.sleep(0.5)
        t0 = time.time()
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in the terminal does
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert time.time() - t0 < 20, "the batch ran on after Ctrl-C"
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and "interrupted" in stderr
    m = json.loads((out / "c" / "manifest.json").read_text(encoding="utf-8"))
    assert m["status"] == "cancelled"
    assert {n: e["status"] for n, e in m["scenarios"].items()} == {
        "baseline": "cancelled", "broken": "failed", "push": "ok"}
    assert (m["n_ok"], m["n_failed"], m["n_cancelled"]) == (1, 1, 1)
    assert (out / "c" / "index.html").is_file() and (out / "c" / "push" / "summary.csv").is_file()
    assert os.readlink(out / "latest") == "earlier"
    assert _temporaries(out) == []


def test_two_runs_started_together_get_their_own_directories(tmp_path):
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "xtforecast", "report", "--scenario",
           str(FIXTURE_SCENARIOS / "push.yaml"), "--out", str(out), "--jobs", "1", "--sims", "50",
           "--no-progress", "--no-compare", *FIXTURE_ARGS]
    procs = [subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for p in procs:
        assert p.wait(timeout=300) == 0, p.stderr.read()
    runs = sorted(d for d in out.iterdir() if d.is_dir() and not d.is_symlink())
    assert len(runs) == 2
    for d in runs:
        m = json.loads((d / "manifest.json").read_text(encoding="utf-8"))
        assert m["run_id"] == d.name and list(m["scenarios"]) == ["push"]
        assert m["scenarios"]["push"]["status"] == "ok"
    assert os.readlink(out / "latest") in {d.name for d in runs}
    assert _temporaries(out) == []


def test_latest_is_not_moved_to_a_run_in_which_everything_failed(tmp_path, monkeypatch):
    monkeypatch.setenv("XTFORECAST_TEST_MARK", str(tmp_path / "mark"))
    monkeypatch.setenv("XTFORECAST_TEST_KILL", "always")
    out = tmp_path / "out"
    (out / "earlier").mkdir(parents=True)
    os.symlink("earlier", out / "latest")
    res = run_reports([str(FIXTURE_SCENARIOS / "baseline.yaml")], out=out, jobs=1, n_sims=50,
                      template=_template(tmp_path, KILL_CELL), compare=False, progress=False,
                      **FIXTURE_RUN)
    assert [o.status for o in res.outcomes] == ["failed"] and res.exit_code == 1
    assert (res.run_dir / "manifest.json").is_file()
    assert os.readlink(out / "latest") == "earlier"
