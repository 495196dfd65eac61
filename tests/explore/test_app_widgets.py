"""The ipywidgets layer only wires the functions: a slider change runs update(), the button
saves. Driven here by setting widget values, as the browser would."""

import pytest


def _find(box, cls_name, description=None):
    import ipywidgets as W
    found = []

    def walk(w):
        if type(w).__name__ == cls_name and (description is None or getattr(w, "description", "") == description):
            found.append(w)
        if isinstance(w, W.Box):
            for ch in w.children:
                walk(ch)
    walk(box)
    return found


def test_slider_change_updates_state_and_button_saves(state, scen_dir, monkeypatch):
    pytest.importorskip("ipywidgets")
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from xtforecast.explore import app, label
    monkeypatch.setattr(plt, "show", lambda *a, **k: plt.close("all"))
    ui = app(state)
    growth = _find(ui, "FloatSlider", label("growth_pp", "zh"))[0]
    growth.value = 2.0
    assert state.knobs.growth_pp == 2.0
    text = _find(ui, "Text")[0]
    text.value = "clicked"
    _find(ui, "Button")[0].click()
    saved = scen_dir / "clicked.yaml"
    assert saved.is_file() and "pp: 2.0" in saved.read_text(encoding="utf-8")
    lang = _find(ui, "ToggleButtons")[0]
    lang.value = "en"
    assert state.lang == "en"
    plt.close("all")
