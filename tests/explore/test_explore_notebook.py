"""notebooks/explore.ipynb executes under papermill on the synthetic set (small n_sims), and
its saved scenario passes the checker."""

from pathlib import Path

from xt_notebooks import execute
from xt_testpaths import BT_DATA

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "explore.ipynb"


def _text(nb) -> str:
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)


def test_explore_notebook_executes_and_saves(tmp_path, scen_dir):
    nb = execute(NOTEBOOK, tmp_path / "explore.ipynb", scenario="shocked", data_dir=str(BT_DATA),
                 scenarios_dir=str(scen_dir), n_sims=100, growth_pp=1.5, lang="en",
                 save_name="from_notebook")
    text = _text(nb)
    assert "P(attain)" in text and "Status under each method" in text
    pngs = sum("image/png" in o.get("data", {}) for c in nb.cells if c.cell_type == "code"
               for o in c.outputs)
    assert pngs >= 1  # the fan chart
    saved = scen_dir / "from_notebook.yaml"
    assert saved.is_file() and "pp: 1.5" in saved.read_text(encoding="utf-8")
    from xtforecast.catalog import load_catalog
    from xtforecast.scenarios import check_scenario
    cat = load_catalog(BT_DATA / "indicators.yaml", BT_DATA / "regions.yaml")
    assert check_scenario(saved, cat, targets_dir=BT_DATA / "targets") == []
