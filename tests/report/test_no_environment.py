"""The report reads its inputs from its parameters, never from the environment (issue 10).

The data directory and the projector reach a report notebook as papermill parameters, which
the executed notebook, the run's manifest and ``provenance.json`` record; an environment
variable would be recorded nowhere. Two checks: no module of ``xtforecast/report/`` touches
``os.environ`` (or ``os.getenv``), and a run's manifest records both parameters per job.
"""

import ast
from pathlib import Path

import pytest
from report_paths import FIXTURE_DATA, FIXTURE_PROJECTOR, REPO

REPORT = REPO / "xtforecast" / "report"


def _environment_reads(path: Path) -> list[str]:
    """``os.environ``/``os.getenv``/``os.putenv`` (and ``from os import environ``) in a module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv", "putenv"):
            found.append(f"{path.name}:{node.lineno}: os.{node.attr}")
        elif isinstance(node, ast.ImportFrom) and node.module == "os":
            found += [f"{path.name}:{node.lineno}: from os import {a.name}" for a in node.names
                      if a.name in ("environ", "getenv", "putenv")]
    return found


@pytest.mark.parametrize("path", sorted(REPORT.glob("*.py")), ids=lambda p: p.name)
def test_no_report_module_reads_the_environment(path):
    assert _environment_reads(path) == []


def test_the_check_finds_an_environment_read(tmp_path):
    f = tmp_path / "m.py"
    f.write_text("import os\nfrom os import getenv\nx = os.environ.get('XTFORECAST_DATA')\n",
                 encoding="utf-8")
    assert _environment_reads(f) == ["m.py:2: from os import getenv", "m.py:3: os.environ"]


def test_the_manifest_records_data_dir_and_projector_per_job(fixture_run):
    m = fixture_run.manifest
    assert m["data_dir"] == str(FIXTURE_DATA.resolve())
    for name, entry in m["scenarios"].items():
        assert entry["parameters"]["data_dir"] == str(FIXTURE_DATA.resolve()), name
        assert entry["parameters"]["projector"] == FIXTURE_PROJECTOR, name
    ok = m["scenarios"]["push"]
    assert ok["projector"] == FIXTURE_PROJECTOR  # as the notebook's provenance.json says
    prov = (fixture_run.run_dir / "push" / "provenance.json").read_text(encoding="utf-8")
    assert str(FIXTURE_DATA.resolve()) in prov and FIXTURE_PROJECTOR in prov


def test_the_executed_notebook_records_them_as_papermill_parameters(fixture_run):
    import nbformat
    nb = nbformat.read(fixture_run.run_dir / "push" / "report.ipynb", as_version=4)
    recorded = nb.metadata.papermill.parameters
    assert recorded["data_dir"] == str(FIXTURE_DATA.resolve())
    assert recorded["projector"] == FIXTURE_PROJECTOR
