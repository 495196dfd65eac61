"""Every notebook executes under papermill on small n_sims; templates are thin and stripped."""

import nbformat
import papermill as pm
import pytest
from report_paths import COMPARE, FIXTURE_PARAMETERS, FIXTURE_SCENARIOS, NOTEBOOKS, TEMPLATE
from xt_notebooks import execute

NOTEBOOK_FILES = sorted(NOTEBOOKS.glob("*.ipynb"))


def test_there_are_notebooks():
    assert TEMPLATE in NOTEBOOK_FILES and COMPARE in NOTEBOOK_FILES


@pytest.mark.parametrize("path", NOTEBOOK_FILES, ids=lambda p: p.name)
def test_template_is_thin_and_stripped(path):
    nb = nbformat.read(path, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, "exactly one cell tagged 'parameters'"
    assert nb.metadata.kernelspec.name == "python3"
    for c in nb.cells:
        if c.cell_type != "code":
            continue
        lines = c.source.splitlines()
        assert not any(ln.lstrip().startswith(("def ", "class ", "async def ")) for ln in lines), \
            "no def/class in notebooks: put the logic in xtforecast/"
        if "NBVAL_CHECK_OUTPUT" not in c.source:
            assert not c.outputs and c.execution_count is None, "commit notebooks without outputs"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_template_executes(tmp_path, lang):
    nb = execute(TEMPLATE, tmp_path / "r.ipynb", scenario=str(FIXTURE_SCENARIOS / "push.yaml"),
                 n_sims=200, lang=lang, out_dir=str(tmp_path / "out"), **FIXTURE_PARAMETERS)
    recorded = nb.metadata.papermill.parameters
    assert recorded["n_sims"] == 200 and recorded == {**recorded, **FIXTURE_PARAMETERS}
    assert (tmp_path / "out" / "summary.csv").is_file()
    pngs = sum("image/png" in o.get("data", {}) for c in nb.cells if c.cell_type == "code"
               for o in c.outputs)
    assert pngs == 3 + 1  # one fan chart per goal of mini_plan, plus the P(attain) bars
    stderr = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code"
                     for o in c.outputs if o.get("name") == "stderr")
    assert "missing from" not in stderr and "findfont" not in stderr, stderr  # no tofu


def test_compare_template_executes(tmp_path, fixture_run):
    nb = execute(COMPARE, tmp_path / "c.ipynb", run_dir=str(fixture_run.run_dir), lang="en")
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "failed: broken" in text


def test_unknown_parameter_fails_inside_the_notebook_too(tmp_path):
    """Run by hand with papermill (which only warns), the first cell still refuses it."""
    with pytest.raises(pm.PapermillExecutionError, match="n_sim: unknown parameter"):
        execute(TEMPLATE, tmp_path / "r.ipynb", scenario=str(FIXTURE_SCENARIOS / "push.yaml"),
                n_sim=5, **FIXTURE_PARAMETERS)


def test_bad_value_fails_inside_the_notebook(tmp_path):
    with pytest.raises(pm.PapermillExecutionError, match="lang: must be one of zh, en; got 'fr'"):
        execute(TEMPLATE, tmp_path / "r.ipynb", scenario=str(FIXTURE_SCENARIOS / "push.yaml"),
                lang="fr", **FIXTURE_PARAMETERS)


SWEEP = NOTEBOOKS / "sweep_report.ipynb"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sweep_template_shows_heatmaps_and_what_it_takes(tmp_path, fixture_run, lang):
    nb = execute(SWEEP, tmp_path / "s.ipynb", run_dir=str(fixture_run.run_dir), lang=lang,
                 x_range="0:4:2", y_range="0:0.1:0.1")
    outs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    pngs = sum("image/png" in o.get("data", {}) for o in outs)
    # mini_plan: two goals judged from paths (rd_intensity_2022, hte_net_2020), one figure each
    assert pngs == 2
    table = next(o["data"]["text/html"] for o in outs if "text/html" in o.get("data", {}))
    assert ("需额外提高" if lang == "zh" else "Extra growth") in table
    text = "".join(o.get("text", "") for o in outs)
    # 3 x 2 settings per goal and scenario; the what-it-takes line per goal
    assert "over 6 settings" in text and "rd_intensity_2022: needs" in text
    assert "findfont" not in text


def test_the_batch_run_links_its_sweep_page(fixture_run):
    m = fixture_run.manifest
    assert m["sweep"]["status"] == "ok", m["sweep"]
    index = (fixture_run.run_dir / "index.html").read_text(encoding="utf-8")
    assert 'href="sweep.html"' in index
    page = (fixture_run.run_dir / "sweep.html").read_text(encoding="utf-8")
    assert "Traceback" not in page and "<img" in page
