"""An installed xtforecast, not only the checkout: the wheel carries data, scenarios and the
notebook templates, and the package finds them when there is no checkout around it.

The wheel is built once per session from this checkout (``pip wheel --no-deps``; build
isolation fetches setuptools >= 77 for the ``license = "MIT"`` form). It is then unpacked with
``pip install --no-deps --target`` and run by this interpreter from a directory outside the
checkout, so the package imported is the wheel's, with this environment's dependencies.
"""

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from xt_testpaths import REPO

#: The files an installed package cannot work without (report templates, the plan, the
#: scenarios) and some it should not carry (scripts and test helpers beside them).
MUST = ["xtforecast/_bundled/data/observations.csv", "xtforecast/_bundled/data/indicators.yaml",
        "xtforecast/_bundled/data/regions.yaml",
        "xtforecast/_bundled/data/targets/xingtai_2020.yaml",
        "xtforecast/_bundled/scenarios/baseline.yaml",
        "xtforecast/_bundled/notebooks/scenario_report.ipynb",
        "xtforecast/_bundled/notebooks/compare_scenarios.ipynb",
        "xtforecast/_bundled/notebooks/explore_app.ipynb",
        "xtforecast/drafting/rules.yaml",
        "xtforecast/jupyter/voila/templates/xtforecast/conf.json",
        "xtforecast/jupyter/voila/templates/xtforecast/index.html.j2"]
MUST_NOT = ["xtforecast/_bundled/notebooks/conftest.py", "xtforecast/_bundled/data/build/"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out),
                           str(REPO)], capture_output=True, text=True, timeout=600)
    if proc.returncode != 0 and "Could not find a version that satisfies" in proc.stderr:
        pytest.skip("no package index to fetch the build backend from: " + proc.stderr[-300:])
    assert proc.returncode == 0, proc.stderr[-3000:]
    (whl,) = out.glob("xtforecast-*.whl")
    return whl


def test_the_wheel_carries_data_scenarios_and_templates(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    missing = [m for m in MUST if m not in names]
    assert not missing, f"not in {wheel.name}: {missing}"
    unwanted = [n for n in names if any(n.startswith(m) for m in MUST_NOT)]
    assert not unwanted, unwanted
    # every shipped scenario and plan, not just the ones named above
    for folder in ("scenarios", "data/targets"):
        shipped = {n.rsplit("/", 1)[1] for n in names if n.startswith(f"xtforecast/_bundled/{folder}/")}
        in_repo = {p.name for p in (REPO / folder).glob("*.yaml")}
        assert in_repo <= shipped, in_repo - shipped


def test_the_installed_package_works_outside_the_checkout(wheel, tmp_path):
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(site), str(wheel)], check=True, capture_output=True, timeout=300)
    elsewhere = tmp_path / "work"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("XTFORECAST_")}
    env["PYTHONPATH"] = str(site)
    run = lambda *code: subprocess.run([sys.executable, *code], cwd=elsewhere, env=env,  # noqa: E731
                                       capture_output=True, text=True, timeout=300)
    where = run("-c", "import json, xtforecast.config as c; print(json.dumps("
                "[c.PACKAGE_DIR.as_posix(), c.PROJ_ROOT.as_posix(), c.INSTALLED, "
                "c.NOTEBOOKS_DIR.as_posix(), c.REPORTS_DIR.as_posix()]))")
    assert where.returncode == 0, where.stderr
    pkg, root, installed, notebooks, reports = json.loads(where.stdout)
    assert Path(pkg).is_relative_to(site), f"imported {pkg}, not the wheel's copy in {site}"
    assert installed and Path(root) == site / "xtforecast" / "_bundled"
    assert Path(notebooks, "scenario_report.ipynb").is_file()
    # reports of an installed package go where the user is, not into site-packages
    assert Path(reports) == elsewhere / "reports"

    listed = run("-m", "xtforecast", "scenarios", "list", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    names = {r["name"] for r in json.loads(listed.stdout)}
    assert {p.stem for p in (REPO / "scenarios").glob("*.yaml")} <= names
    checked = run("-m", "xtforecast", "scenarios", "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_make_lab_starts_jupyter_as_root_too():
    # Jupyter exits at once as root without --allow-root (containers and CI run as root)
    if shutil.which("make") is None:
        pytest.skip("no make on this machine")
    dry = subprocess.run(["make", "-n", "-W", "pyproject.toml", "lab"], cwd=REPO,
                         capture_output=True, text=True, timeout=60)
    line = [ln for ln in dry.stdout.splitlines() if "jupyter lab" in ln]
    assert line, dry.stdout + dry.stderr
    assert ("--allow-root" in line[0]) == (os.getuid() == 0), line[0]
