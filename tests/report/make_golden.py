"""Regenerate the report goldens and the notebooks' stored nbval outputs.

Run from the repository root, after a deliberate change of the numbers (models, gap layer,
scenario engine) or of the report's text:

    .venv/bin/python tests/report/make_golden.py

It does three things, all on the synthetic fixtures in tests/report/fixtures (never real data):

1. runs ``xtforecast report`` (the batch runner) with the synthetic projector
   (``fixtures/projector.py``, in place of the growth models) on the fixture scenarios with
   ``n_sims = 200`` and ``lang = zh``, and copies each scenario's ``summary.csv``, the run's
   ``summary.csv`` and a trimmed ``manifest.json`` (labels and statuses only: no times, paths
   or versions) to ``tests/report/golden/run/``;
2. executes both notebooks with papermill in nbval's environment (``notebooks/conftest.py``:
   the fixture root, and the golden run for ``compare_scenarios`` and ``sweep_report``) with their default
   parameters;
3. stores the outputs of the cells marked ``# NBVAL_CHECK_OUTPUT`` in the committed
   notebooks and strips every other output and execution count.

Review the diff before committing: every changed number should have a reason.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

# run as a script, its own folder is first on sys.path: report_paths is found there
from report_paths import (
    COMPARE,
    FIXTURE_DATA,
    FIXTURE_PROJECTOR,
    FIXTURE_SCENARIOS,
    GOLDEN_LANG,
    GOLDEN_RUN,
    GOLDEN_SIMS,
    TEMPLATE,
    nbval_env,
)

CHECK = "NBVAL_CHECK_OUTPUT"


def trimmed_manifest(manifest: dict) -> dict:
    """The deterministic part of a manifest: which scenarios, their labels and status."""
    return {"run_id": "golden", "scenarios": {
        name: {"status": e["status"], "label_zh": e.get("label_zh"), "label_en": e.get("label_en"),
               "error": (e.get("error") or "").split(":")[0] or None}
        for name, e in manifest["scenarios"].items()}}


def make_run(dest: Path = GOLDEN_RUN) -> None:
    from xtforecast.report.runner import run_reports
    os.environ["XTFORECAST_DATA"] = str(FIXTURE_DATA)
    os.environ["XTFORECAST_PROJECTOR"] = FIXTURE_PROJECTOR
    with tempfile.TemporaryDirectory() as tmp:
        res = run_reports(all_=True, scenarios_dir=FIXTURE_SCENARIOS, out=tmp, jobs=2,
                          n_sims=GOLDEN_SIMS, lang=GOLDEN_LANG, run_id="golden", progress=False)
        if dest.exists():
            shutil.rmtree(dest)
        dest.mkdir(parents=True)
        shutil.copy(res.run_dir / "summary.csv", dest / "summary.csv")
        for o in res.outcomes:
            if o.status == "ok":
                (dest / o.name).mkdir()
                shutil.copy(res.run_dir / o.name / "summary.csv", dest / o.name / "summary.csv")
        (dest / "manifest.json").write_text(
            json.dumps(trimmed_manifest(res.manifest), ensure_ascii=False, indent=2) + "\n",
            encoding="utf-8")
    print(f"golden run written to {dest}: {[o.name + ':' + o.status for o in res.outcomes]}")


def store_outputs(notebook: Path) -> None:
    """Execute ``notebook`` (default parameters, nbval's env); keep only the checked outputs."""
    import nbformat
    import papermill as pm
    os.environ.update(nbval_env())
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / notebook.name
        pm.execute_notebook(str(notebook), str(out), cwd=str(notebook.parent), progress_bar=False,
                            kernel_name="python3")
        executed = nbformat.read(out, as_version=4)
    nb = nbformat.read(notebook, as_version=4)
    # papermill adds no cell here (no parameters were passed), so cells line up one to one.
    assert len(nb.cells) == len(executed.cells), "cell count changed during execution"
    for cell, ran in zip(nb.cells, executed.cells, strict=True):
        if cell.cell_type != "code":
            continue
        cell.execution_count = None
        cell.outputs = []
        if CHECK in cell.source:
            # nbval skips ("unrun") a reference cell without an execution count
            cell.execution_count = ran.execution_count
            cell.outputs = [o for o in ran.outputs if o.get("output_type") != "display_data"]
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
    nb.metadata.pop("papermill", None)
    nbformat.write(nb, notebook)
    print(f"stored checked outputs in {notebook}")


if __name__ == "__main__":
    if "--notebooks-only" not in sys.argv:
        make_run()
    store_outputs(TEMPLATE)
    store_outputs(COMPARE)
    store_outputs(COMPARE.parent / "sweep_report.ipynb")
