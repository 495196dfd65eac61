"""The warm kernel between notebooks: no history collision, no style carried over."""

import pytest

from xtforecast.report import engine
from xtforecast.report.runner import ensure_kernel


def _execute(km, code: str, store_history: bool = True) -> list[str]:
    """Run ``code`` as nbclient does (history stored); return its stream and result texts."""
    from jupyter_core.utils import run_sync
    texts = []

    def hook(msg):
        c = msg["content"]
        if msg["msg_type"] == "stream":
            texts.append(c["text"])
        elif msg["msg_type"] in ("execute_result", "display_data"):
            texts.append(c["data"].get("text/plain", ""))
        elif msg["msg_type"] == "error":
            texts.append(f"{c['ename']}: {c['evalue']}")

    kc = km.client()
    kc.start_channels()
    try:
        run_sync(kc.wait_for_ready)(timeout=60)
        run_sync(kc.execute_interactive)(code, timeout=60, store_history=store_history,
                                         output_hook=hook)
    finally:
        kc.stop_channels()
    return texts


@pytest.fixture(scope="module")
def warm_km(tmp_path_factory):
    km = engine.warm_kernel(ensure_kernel(), cwd=str(tmp_path_factory.mktemp("k")))
    yield km
    engine.shutdown_kernel()


def _new_notebook(km, cwd="."):
    engine._run_code(km, engine._RESET.format(cwd=str(cwd)))


def test_three_notebooks_in_one_kernel_print_no_history_error(warm_km, tmp_path):
    out = []
    for _ in range(3):  # each "notebook" restarts the counter at 1, as the engine does
        _new_notebook(warm_km, tmp_path)
        for j in range(4):
            out += _execute(warm_km, f"x = {j}\nprint('cell', x)")
    assert not [t for t in out if "ERROR" in t or "History" in t], out
    assert out.count("cell 0\n") == 3
    state = _execute(warm_km, "print(get_ipython().history_manager.enabled)")
    assert state == ["False\n"]


def test_matplotlib_and_seaborn_settings_do_not_reach_the_next_notebook(warm_km, tmp_path):
    _new_notebook(warm_km, tmp_path)
    before = _execute(warm_km, "import matplotlib\n"
                               "print(matplotlib.rcParams['lines.linewidth'], "
                               "matplotlib.rcParams['axes.facecolor'], "
                               "matplotlib.rcParams['font.family'])")
    styled = _execute(warm_km, "import seaborn, matplotlib\nseaborn.set_theme(style='darkgrid')\n"
                               "matplotlib.rcParams['lines.linewidth'] = 9\n"
                               "import matplotlib.pyplot as plt; _ = plt.figure()\n"
                               "print(matplotlib.rcParams['lines.linewidth'], "
                               "matplotlib.rcParams['axes.facecolor'])")
    assert "9.0 #eaeaf2\n" in [t.lower() for t in styled]  # seaborn's darkgrid took effect
    _new_notebook(warm_km, tmp_path)
    after = _execute(warm_km, "import matplotlib\n"
                              "print(matplotlib.rcParams['lines.linewidth'], "
                              "matplotlib.rcParams['axes.facecolor'], "
                              "matplotlib.rcParams['font.family'])")
    assert after == before and not after[0].startswith("9.0")
    figs = _execute(warm_km, "import matplotlib.pyplot as plt\nprint(len(plt.get_fignums()))")
    assert figs == ["0\n"]


def _tiny_notebook(path):
    import nbformat
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("n = 1", metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell("print('cell ran', n)")]
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata.language_info = {"name": "python", "version": "as-in-the-file"}
    nbformat.write(nb, str(path))
    return path


def _run_warm(tmp_path, **params):
    import papermill as pm
    return pm.execute_notebook(str(_tiny_notebook(tmp_path / "t.ipynb")), str(tmp_path / "o.ipynb"),
                               engine_name=engine.register(), kernel_name=ensure_kernel(),
                               parameters=params, progress_bar=False, cwd=str(tmp_path),
                               execution_timeout=120)


def test_the_engine_records_the_kernels_language(warm_km, tmp_path):
    nb = _run_warm(tmp_path, n=2)
    assert "cell ran 2" in nb.cells[-1].outputs[0]["text"]
    assert nb.metadata.language_info["version"].startswith("3.")  # the kernel's, not the file's


def test_a_lost_language_answer_costs_seconds_not_the_cell_timeout(warm_km, tmp_path, monkeypatch,
                                                                   caplog):
    # papermill would wait up to execution_timeout (120 s here, 30 min in a batch run) and then
    # fail with a bare AssertionError: nteract/papermill#711
    from jupyter_client.asynchronous.client import AsyncKernelClient
    ask = AsyncKernelClient.kernel_info

    def unanswered(self):  # the request goes out; the id waited for is one nobody answers
        ask(self)
        return "an-answer-that-never-comes"

    monkeypatch.setattr(engine.BoundedClient, "language_timeout", 2)
    monkeypatch.setattr(AsyncKernelClient, "kernel_info", unanswered)
    with caplog.at_level("WARNING", logger="papermill"):
        nb = _run_warm(tmp_path, n=3)
    assert "cell ran 3" in nb.cells[-1].outputs[0]["text"]  # the report is whole
    assert nb.metadata.language_info["version"] == "as-in-the-file"
    assert "did not say its language within 2 s" in caplog.text
