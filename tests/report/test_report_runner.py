"""The batch runner: layout, manifest, failure isolation, HTML without code, CLI exit codes."""

import json
import os
import signal
import subprocess
import sys
import time

import nbformat
import pandas as pd
import pytest
from report_paths import FIXTURE_ARGS, FIXTURE_DATA, FIXTURE_RUN, FIXTURE_SCENARIOS, REPO

from xtforecast._schema import SUMMARY_COLUMNS
from xtforecast.cli import main


def test_layout_of_a_run(fixture_run):
    d = fixture_run.run_dir
    assert d.name == "test-run"
    for name in ("baseline", "push"):
        for f in ("report.ipynb", "report.html", "summary.csv", "projections.csv",
                  "provenance.json"):
            assert (d / name / f).is_file(), f"{name}/{f}"
    for f in ("summary.csv", "projections.csv", "index.html", "manifest.json", "compare.ipynb",
              "compare.html"):
        assert (d / f).is_file(), f
    assert (d.parent / "latest").resolve() == d.resolve()
    # no temporary of an atomic write is left behind
    assert not [p for p in d.rglob(".*") if p.is_file()]


def test_failing_scenario_is_reported_and_the_rest_complete(fixture_run):
    status = {o.name: o.status for o in fixture_run.outcomes}
    assert status == {"baseline": "ok", "broken": "failed", "push": "ok"}
    assert fixture_run.exit_code == 1
    broken = fixture_run.run_dir / "broken"
    # the failed notebook is kept (with the traceback), but nothing that looks finished
    nb = nbformat.read(broken / "report.ipynb", as_version=4)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert errors and "no_such_parent" in errors[0]["evalue"]
    assert not (broken / "report.html").exists() and not (broken / "summary.csv").exists()


def test_manifest_records_parameters_hashes_versions_timings(fixture_run):
    m = json.loads((fixture_run.run_dir / "manifest.json").read_text(encoding="utf-8"))
    assert m["n_ok"] == 2 and m["n_failed"] == 1 and m["engine"] == "xtforecast-warm"
    ok = m["scenarios"]["push"]
    assert ok["status"] == "ok" and ok["error"] is None
    assert ok["parameters"]["n_sims"] == 200 and ok["parameters"]["lang"] == "zh"
    assert len(ok["scenario_hash"]) == 64 and len(ok["data_hash"]) == 64
    assert ok["resolved"]["seed"] == 7 and ok["plan"] == "mini_plan"
    assert ok["versions"]["papermill"] and m["versions"]["nbconvert"]
    assert ok["timings"]["total_s"] > 0 and ok["timings"]["execute_s"] > 0
    assert ok["label_zh"] == "政策加力(测试)"
    assert m["compare"]["status"] == "ok" and m["compare"]["html"] == "compare.html"
    bad = m["scenarios"]["broken"]
    assert bad["status"] == "failed" and "ScenarioCheckError" in bad["error"]


def test_summaries_hold_the_contract_columns(fixture_run):
    d = fixture_run.run_dir
    run = pd.read_csv(d / "summary.csv")
    assert list(run.columns[:len(SUMMARY_COLUMNS)]) == SUMMARY_COLUMNS
    assert sorted(run["scenario"].unique()) == ["baseline", "push"]
    one = pd.read_csv(d / "push" / "summary.csv")
    assert list(one.columns[:len(SUMMARY_COLUMNS)]) == SUMMARY_COLUMNS
    assert len(run) == 2 * len(one)


def test_projections_hold_each_years_quantiles_and_agree_with_the_summary(fixture_run):
    """projections.csv: per scenario and for the run, every projected series' quantiles per
    year; its median and P10/P90 at a goal's year are the summary's (the same paths)."""
    from xtforecast._schema import EXPORT_QUANTILES, QUANTILE_COLUMNS
    d = fixture_run.run_dir
    run = pd.read_csv(d / "projections.csv")
    assert list(run.columns[:len(QUANTILE_COLUMNS)]) == QUANTILE_COLUMNS
    assert sorted(run["scenario"].unique()) == ["baseline", "push"]
    one = pd.read_csv(d / "push" / "projections.csv")
    assert len(run) == len(one) + len(pd.read_csv(d / "baseline" / "projections.csv"))
    # 7 quantiles a year, increasing within each year
    for _, g in one.groupby(["indicator", "region", "year"]):
        assert list(g["quantile"]) == list(EXPORT_QUANTILES)
        assert g["value"].is_monotonic_increasing
    summary = pd.read_csv(d / "push" / "summary.csv")
    # the vintage is the summary's, so runs at different vintages are told apart
    assert set(one["as_of"]) == set(summary["as_of"]) and len(set(one["as_of"])) == 1
    assert set(one["vintage"]) == set(summary["vintage"])
    row = summary.set_index("target_id").loc["rd_intensity_2022"]
    at = one[(one["indicator"] == "rd_intensity") & (one["region"] == "xingtai")
             & (one["year"] == 2022)].set_index("quantile")["value"]
    assert at[0.5] == pytest.approx(row["projected_median"], rel=1e-9)
    assert at[0.1] == pytest.approx(row["projected_p10"], rel=1e-9)
    assert at[0.9] == pytest.approx(row["projected_p90"], rel=1e-9)
    assert set(one.loc[one["indicator"] == "rd_intensity", "unit"]) == {"percent"}
    m = json.loads((d / "manifest.json").read_text(encoding="utf-8"))
    assert m["scenarios"]["push"]["projections"] == "push/projections.csv"
    assert m["scenarios"]["broken"]["projections"] is None


def test_html_has_no_code_and_declares_utf8(fixture_run):
    d = fixture_run.run_dir
    html = (d / "push" / "report.html").read_text(encoding="utf-8")
    import re
    assert len(re.findall(r"<meta\s+charset=.?utf-8", html[:3000], re.I)) == 1
    assert '<html lang="zh-CN">' in html
    assert "import xtforecast" not in html and "xr.run_report" not in html
    assert "NBVAL_CHECK_OUTPUT" not in html  # the check cells are hidden from readers
    assert "政策加力(测试)" in html and "附录：方法与公式" in html
    assert "data:image/png;base64" in html  # figures are embedded
    index = (d / "index.html").read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in index
    assert 'href="push/report.html"' in index and 'href="baseline/report.html"' in index
    assert 'href="broken/report.html"' not in index and "失败" in index
    assert 'href="compare.html"' in index
    # the run's tables are linked, each beside the file it names, and every link resolves
    files = re.findall(r'<a href="([^"/]+\.(?:csv|json))"><code>\1</code></a>（', index)
    assert files == ["summary.csv", "projections.csv", "manifest.json"]
    assert all((d / f).is_file() for f in files)
    compare = (d / "compare.html").read_text(encoding="utf-8")
    assert "各情景达标概率对比" in compare and "import xtforecast" not in compare


def test_notebook_records_its_parameters(fixture_run):
    nb = nbformat.read(fixture_run.run_dir / "push" / "report.ipynb", as_version=4)
    p = nb.metadata.papermill.parameters
    assert p["n_sims"] == 200 and p["scenario"].endswith("push.yaml")
    assert any("injected-parameters" in c.metadata.get("tags", []) for c in nb.cells)
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1))  # a warm kernel reads as a fresh one


def test_bad_input_exits_2_before_running(tmp_path, capsys):
    code = main(["report", "--scenario", "no_such_scenario", "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2 and "no scenario 'no_such_scenario'" in err
    assert not any(tmp_path.iterdir())
    with pytest.raises(SystemExit) as exc:  # argparse refuses it (issue 13: caps in --help)
        main(["report", "--scenario", str(FIXTURE_SCENARIOS / "push.yaml"), "--sims", "0",
              "--out", str(tmp_path)])
    assert exc.value.code == 2
    assert "--sims: must be a number of sample paths in 1..1000000, got 0" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())


def test_cli_runs_one_scenario_in_english(tmp_path, capsys):
    code = main(["report", "-s", str(FIXTURE_SCENARIOS / "push.yaml"), "--out", str(tmp_path),
                 "--jobs", "1", "--lang", "en", "--sims", "100", "--run-id", "r1",
                 "--no-progress", "--fresh-kernels", *FIXTURE_ARGS])
    out = capsys.readouterr().out
    assert code == 0 and "1 ok, 0 failed" in out
    html = (tmp_path / "r1" / "push" / "report.html").read_text(encoding="utf-8")
    assert "Appendix: methods and formulas" in html and "Policy push (test)" in html
    m = json.loads((tmp_path / "r1" / "manifest.json").read_text())
    assert m["engine"] == "nbclient" and m["scenarios"]["push"]["resolved"]["n_sims"] == 100


def test_killed_run_leaves_no_half_written_file(tmp_path):
    """SIGKILL the whole run part-way: every file present is complete (parses)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "xtforecast", "report", "--all", "--scenarios-dir",
         str(FIXTURE_SCENARIOS), "--out", str(tmp_path), "--jobs", "2", "--sims", "200",
         "--run-id", "k", "--no-progress", "--data-dir", str(FIXTURE_DATA)],
        cwd=REPO, start_new_session=True, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    run = tmp_path / "k"
    deadline = time.time() + 120
    # kill as soon as the first scenario's files appear, while others are still being written
    while time.time() < deadline and not list(run.glob("*/report.ipynb")):
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    time.sleep(0.5)
    for p in run.rglob("*"):
        if p.is_dir() or p.name.startswith("."):
            continue  # hidden temporaries are never read
        if p.suffix == ".ipynb":
            nbformat.read(p, as_version=4)
        elif p.suffix == ".json":
            json.loads(p.read_text(encoding="utf-8"))
        elif p.suffix == ".csv":
            pd.read_csv(p)
        elif p.suffix == ".html":
            assert p.read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert not (run / "manifest.json").exists() or json.loads((run / "manifest.json").read_text())


def test_ensure_kernel_uses_this_interpreter():
    from xtforecast.report.runner import ensure_kernel
    assert ensure_kernel() == "python3"  # the venv's ipykernel spec runs a bare "python"


def test_ensure_kernel_installs_one_when_missing(monkeypatch):
    import jupyter_client.kernelspec as ks

    from xtforecast.report import runner
    installed = {}

    class NoKernels:
        def get_kernel_spec(self, name):
            raise ks.NoSuchKernel(name)

    monkeypatch.setattr(ks, "KernelSpecManager", NoKernels)
    import ipykernel.kernelspec
    monkeypatch.setattr(ipykernel.kernelspec, "install",
                        lambda **kw: installed.update(kw) or "/fake")
    assert runner.ensure_kernel("nope") == runner.KERNEL_NAME
    assert installed["kernel_name"] == runner.KERNEL_NAME and installed["prefix"] == sys.prefix


def test_hung_cell_times_out_and_only_its_scenario_fails(tmp_path):
    """A synthetic template whose cell sleeps past the timeout, for one scenario only."""
    from nbformat.v4 import new_code_cell, new_notebook

    from xtforecast.report.runner import run_reports
    src = nbformat.read(REPO / "notebooks" / "scenario_report.ipynb", as_version=4)
    params_cell = next(c for c in src.cells if "parameters" in c.metadata.get("tags", []))
    nb = new_notebook(metadata=src.metadata, cells=[
        params_cell,
        new_code_cell("import xtforecast.report.content as xr\nparams = xr.setup(globals())"),
        new_code_cell("import time\nif params['scenario'].endswith('baseline.yaml'):\n"
                      "    time.sleep(60)"),
        new_code_cell("rep = xr.run_report(params)\nxr.save_outputs(rep)"),
    ])
    template = tmp_path / "slow.ipynb"
    nbformat.write(nb, template)
    res = run_reports([str(FIXTURE_SCENARIOS / "baseline.yaml"), str(FIXTURE_SCENARIOS / "push.yaml")],
                      out=tmp_path / "out", jobs=2, template=template, timeout=3, compare=False,
                      progress=False, run_id="t", **FIXTURE_RUN)
    status = {o.name: (o.status, o.error) for o in res.outcomes}
    assert status["push"][0] == "ok"
    assert status["baseline"][0] == "failed" and "Timeout" in status["baseline"][1]
    assert res.exit_code == 1 and "compare" not in res.manifest


def test_warm_kernel_restarts_cleanly_after_a_failure(tmp_path):
    """One worker: a failed scenario, then one that runs in the restarted kernel.

    ``--all`` (not a named scenario, which is checked before anything runs) lets the broken
    file reach its notebook.
    """
    from xtforecast.report.runner import run_reports
    res = run_reports(all_=True, scenarios_dir=FIXTURE_SCENARIOS, out=tmp_path, jobs=1,
                      n_sims=100, compare=False, progress=False, run_id="w", **FIXTURE_RUN)
    assert [(o.name, o.status) for o in res.outcomes] == [
        ("baseline", "ok"), ("broken", "failed"), ("push", "ok")]
