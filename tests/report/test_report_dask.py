"""`xtforecast report --engine dask`: one task per scenario on a 2-worker LocalCluster, with the
local pool's files, manifest and failure isolation (synthetic fixture data and projector)."""

import json

import pytest
from report_paths import FIXTURE_RUN, FIXTURE_SCENARIOS, GOLDEN_LANG, GOLDEN_SIMS

from xtforecast.report.runner import run_reports


def test_reports_on_a_dask_local_cluster(tmp_path, fixture_run):
    pytest.importorskip("distributed")
    out = tmp_path / "out"
    res = run_reports(all_=True, scenarios_dir=FIXTURE_SCENARIOS, out=out, jobs=2,
                      n_sims=GOLDEN_SIMS, lang=GOLDEN_LANG, engine="dask", progress=False,
                      run_id="d", **FIXTURE_RUN)
    m = json.loads((res.run_dir / "manifest.json").read_text(encoding="utf-8"))
    assert m["workers"] == "dask" and m["status"] == "complete"
    got = {n: e["status"] for n, e in m["scenarios"].items()}
    # the broken scenario fails on its own; the others are complete
    assert got == {"baseline": "ok", "broken": "failed", "push": "ok"}
    assert "ScenarioCheckError" in m["scenarios"]["broken"]["error"]
    for name in ("baseline", "push"):
        html = (res.run_dir / name / "report.html").read_text(encoding="utf-8")
        assert "Traceback" not in html
    assert m["compare"]["status"] == "ok"
    assert (res.run_dir / "index.html").is_file()
    assert not list(out.rglob("*.tmp"))
    # the same numbers as the local pool's run of the same scenarios (the session fixture)
    local = (fixture_run.run_dir / "summary.csv").read_text(encoding="utf-8")
    assert (res.run_dir / "summary.csv").read_text(encoding="utf-8") == local
