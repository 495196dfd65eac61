"""Regenerate the report goldens and the notebooks' stored nbval outputs.

Run from the repository root, after a deliberate change of the numbers (models, gap layer,
scenario engine) or of the report's text:

    .venv/bin/python tests/report/make_golden.py

It does three things, all on the synthetic fixtures in tests/report/fixtures (never real data):

1. runs ``xtforecast report`` (the batch runner) on the fixture data (``data_dir``) with the
   synthetic projector (``-p projector xtforecast.testing:random_walk``, in place of the growth
   models) on the fixture scenarios with ``n_sims = 200`` and ``lang = zh``, and copies each
   scenario's ``summary.csv``, the run's ``summary.csv`` and a trimmed ``manifest.json``
   (labels, statuses and each scenario's file, data directory and projector, paths relative to
   the golden run: no times, versions or machine paths) to ``tests/report/golden/run/``;
2. executes the notebooks whose outputs nbval checks with papermill, with the parameters nbval
   injects (``notebooks/conftest.py``: the fixture scenario, data and projector, and the
   golden run for ``compare_scenarios`` and ``sweep_report``);
3. stores the outputs of the cells marked ``# NBVAL_CHECK_OUTPUT`` in the committed
   notebooks and strips every other output and execution count.

Review the diff before committing: every changed number should have a reason.
"""

from __future__ import annotations

import importlib.util
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
    NOTEBOOKS,
    REPO,
    TEMPLATE,
)

CHECK = "NBVAL_CHECK_OUTPUT"
#: What stored outputs say for this checkout's directory: no machine's path is committed, and
#: nbval's sanitizer (notebooks/nbval_sanitize.cfg) reads either as <PATH>.
REPO_PLACEHOLDER = "/path/to/xtforecast"


def _relative(path, start: Path = GOLDEN_RUN) -> str:
    """``path`` relative to the golden run (how its manifest records the fixtures)."""
    return Path(os.path.relpath(path, start)).as_posix()


def trimmed_manifest(manifest: dict) -> dict:
    """The deterministic part of a manifest: which scenarios, their labels and status, and
    what each read (scenario file, data directory, projector), relative to the golden run."""
    def parameters(e):
        p = e.get("parameters") or {}
        return {"scenario": _relative(p["scenario"]), "data_dir": _relative(p["data_dir"]),
                "projector": p.get("projector") or ""}

    return {"run_id": "golden", "data_dir": _relative(manifest["data_dir"]), "scenarios": {
        name: {"status": e["status"], "label_zh": e.get("label_zh"), "label_en": e.get("label_en"),
               "error": (e.get("error") or "").split(":")[0] or None,
               "parameters": parameters(e)}
        for name, e in manifest["scenarios"].items()}}


def make_run(dest: Path = GOLDEN_RUN) -> None:
    from xtforecast.report.runner import run_reports
    with tempfile.TemporaryDirectory() as tmp:
        res = run_reports(all_=True, scenarios_dir=FIXTURE_SCENARIOS, out=tmp, jobs=2,
                          n_sims=GOLDEN_SIMS, lang=GOLDEN_LANG, run_id="golden", progress=False,
                          data_dir=FIXTURE_DATA, parameters={"projector": FIXTURE_PROJECTOR})
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


def nbval_parameters() -> dict:
    """``notebooks/conftest.py``'s :data:`NBVAL_PARAMETERS` (read from the file: it is not a
    module on the path)."""
    spec = importlib.util.spec_from_file_location("notebooks_conftest", NOTEBOOKS / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.NBVAL_PARAMETERS


def _without_repo(output):
    """A stream output with this checkout's path replaced by :data:`REPO_PLACEHOLDER`."""
    if output.get("output_type") == "stream":
        output["text"] = output["text"].replace(str(REPO), REPO_PLACEHOLDER)
    return output


def store_outputs(notebook: Path) -> None:
    """Execute ``notebook`` with nbval's parameters; keep only the checked outputs."""
    import nbformat
    import papermill as pm
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / notebook.name
        pm.execute_notebook(str(notebook), str(out), cwd=str(notebook.parent), progress_bar=False,
                            kernel_name="python3", parameters=nbval_parameters()[notebook.name])
        executed = nbformat.read(out, as_version=4)
    # papermill inserted its injected-parameters cell after the parameters cell: drop it, so
    # the cells line up one to one with the stored notebook's (nbval injects its own).
    executed.cells = [c for c in executed.cells
                      if "injected-parameters" not in c.metadata.get("tags", [])]
    nb = nbformat.read(notebook, as_version=4)
    assert len(nb.cells) == len(executed.cells), "cell count changed during execution"
    for cell, ran in zip(nb.cells, executed.cells, strict=True):
        if cell.cell_type != "code":
            continue
        cell.execution_count = None
        cell.outputs = []
        if CHECK in cell.source:
            # nbval skips ("unrun") a reference cell without an execution count
            cell.execution_count = ran.execution_count
            cell.outputs = [_without_repo(o) for o in ran.outputs
                            if o.get("output_type") != "display_data"]
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
