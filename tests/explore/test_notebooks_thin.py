"""The explorer and back-test notebooks are thin: one parameters cell, no def/class, no outputs."""

from pathlib import Path

import nbformat
import pytest

NB = Path(__file__).resolve().parents[2] / "notebooks"


@pytest.mark.parametrize("name", ["explore.ipynb", "backtest.ipynb"])
def test_notebook_is_thin_and_stripped(name):
    nb = nbformat.read(NB / name, as_version=4)
    assert sum("parameters" in c.metadata.get("tags", []) for c in nb.cells) == 1
    for c in nb.cells:
        if c.cell_type != "code":
            continue
        assert not any(ln.lstrip().startswith(("def ", "class ", "lambda")) for ln in c.source.splitlines())
        assert not c.outputs and c.execution_count is None
    # zh first: the title cell starts with Chinese
    assert any("\u4e00" <= ch <= "\u9fff" for ch in nb.cells[0].source.split("·")[0])


def test_the_served_explorer_page_is_two_thin_cells_and_no_prose():
    # Voilà shows every output and markdown cell: the page's words are the app's own, which
    # follow the language switch; a fixed bilingual markdown title would not.
    nb = nbformat.read(NB / "explore_app.ipynb", as_version=4)
    assert [c.cell_type for c in nb.cells] == ["code", "code"]
    assert "parameters" in nb.cells[0].metadata.get("tags", [])
    assert all(not c.outputs and c.execution_count is None for c in nb.cells)
    code = [ln for ln in nb.cells[1].source.splitlines() if ln.strip() and not ln.startswith("#")]
    assert len(code) <= 4 and "xe.app(" in nb.cells[1].source
