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
        assert not any(l.lstrip().startswith(("def ", "class ", "lambda")) for l in c.source.splitlines())
        assert not c.outputs and c.execution_count is None
    # zh first: the title cell starts with Chinese
    assert any("\u4e00" <= ch <= "\u9fff" for ch in nb.cells[0].source.split("·")[0])
