"""The tests' bounded papermill (tests/xt_notebooks.py): a kernel that does not answer costs a
limited time and one repeat, never the suite; a notebook's own error is not repeated."""

import nbformat
import papermill as pm
import pytest
import xt_notebooks


def _notebook(path, *sources):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]})]
    nb.cells += [nbformat.v4.new_code_cell(s) for s in sources]
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, str(path))
    return path


def test_a_cell_that_never_ends_is_stopped_and_run_once_more(tmp_path, monkeypatch):
    monkeypatch.setattr(xt_notebooks, "CELL_TIMEOUT", 3)
    nb = _notebook(tmp_path / "hang.ipynb", "import time\ntime.sleep(3600)")
    with pytest.warns(UserWarning, match="hang.ipynb: the kernel did not answer.*once more") as rec, \
            pytest.raises(TimeoutError):
        xt_notebooks.execute(nb, tmp_path / "out.ipynb", x=2)
    assert len(rec) == 1  # one repeat, then the limit hit again is the test's failure


def test_an_error_in_a_cell_fails_at_once(tmp_path, recwarn):
    nb = _notebook(tmp_path / "bad.ipynb", "raise ValueError('the notebook says no')")
    with pytest.raises(pm.PapermillExecutionError, match="the notebook says no"):
        xt_notebooks.execute(nb, tmp_path / "out.ipynb")
    assert not [w for w in recwarn if "did not answer" in str(w.message)]


def test_parameters_reach_the_notebook(tmp_path):
    nb = _notebook(tmp_path / "ok.ipynb", "print(x * 10)")
    out = xt_notebooks.execute(nb, tmp_path / "out.ipynb", x=4)
    assert "40" in "".join(o.get("text", "") for o in out.cells[-1].outputs)
