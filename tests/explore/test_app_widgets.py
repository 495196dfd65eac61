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


def _ui(state, monkeypatch, **kw):
    pytest.importorskip("ipywidgets")
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from xtforecast.explore import app
    monkeypatch.setattr(plt, "show", lambda *a, **k: plt.close("all"))
    return app(state, **kw)


def _by_class(box, css):
    import ipywidgets as W
    found = []

    def walk(w):
        if css in getattr(w, "_dom_classes", ()):
            found.append(w)
        if isinstance(w, W.Box):
            for ch in w.children:
                walk(ch)
    walk(box)
    assert found, f"no widget with class {css}"
    return found[0]


def test_the_language_switch_relabels_every_control_and_the_goal_list(state, monkeypatch):
    from xtforecast.explore import label, scenario_choices
    ui = _ui(state, monkeypatch)
    goal = _by_class(ui, "xt-goal")
    zh_options = list(goal.options)
    assert goal.description == "目标" and _by_class(ui, "xt-save").description == "保存为情景"
    _by_class(ui, "xt-lang").value = "en"
    for key in ("goal", "scenario", "as_of", "growth_pp", "shock_depth", "shock_year", "ratio_pp"):
        assert _by_class(ui, f"xt-{key.replace('_', '-')}").description == label(key, "en")
    assert _by_class(ui, "xt-save").description == "Save as scenario"
    assert _by_class(ui, "xt-name").description == "Scenario name"
    assert list(goal.options) == state.goal_options("en") and list(goal.options) != zh_options
    assert goal.value == state.goal_id  # the goal shown stays the same
    scen = _by_class(ui, "xt-scenario")
    assert scen.value == state.spec.name and list(scen.options) == scenario_choices(state, "en")
    assert ("Base (test) (baseline)", "baseline") in scen.options
    assert "P(attain)" in _by_class(ui, "xt-p-attain").value


def test_shock_depth_is_shown_in_percent_and_run_as_a_fraction(state, monkeypatch):
    ui = _ui(state, monkeypatch)
    depth = _by_class(ui, "xt-shock-depth")
    assert depth.max == 50 and "%" in depth.description
    depth.value = 17
    assert state.knobs.shock_depth == pytest.approx(0.17)


def test_the_growth_knob_says_which_years_it_acts_on(state, monkeypatch):
    ui = _ui(state, monkeypatch)
    lo, hi = state.year_range()
    text = _by_class(ui, "xt-growth-years").value
    assert f"{lo}–{hi}" in text and f"（{hi - lo + 1} 年）" in text


def test_a_taken_name_is_replaced_by_a_free_one_and_the_second_press_saves(state, scen_dir,
                                                                             monkeypatch):
    ui = _ui(state, monkeypatch)
    (scen_dir / "mine.yaml").write_text("# someone else's\n", encoding="utf-8")
    box, button, msg = (_by_class(ui, c) for c in ("xt-name", "xt-save", "xt-save-msg"))
    box.value = "mine"
    button.click()
    assert box.value == "mine_2" and "已被占用" in msg.value and "mine_2" in msg.value
    assert "overwrite" not in msg.value and "无法计算" not in msg.value
    assert (scen_dir / "mine.yaml").read_text(encoding="utf-8") == "# someone else's\n"
    button.click()
    assert (scen_dir / "mine_2.yaml").is_file() and "已保存" in msg.value


def test_an_invalid_name_is_turned_into_a_valid_one(state, scen_dir, monkeypatch):
    ui = _ui(state, monkeypatch)
    box, button, msg = (_by_class(ui, c) for c in ("xt-name", "xt-save", "xt-save-msg"))
    _by_class(ui, "xt-lang").value = "en"
    box.value = "Bad Name!"
    button.click()
    assert box.value == "bad_name" and "cannot be a file name" in msg.value
    assert not list(scen_dir.glob("bad*.yaml"))


def test_free_name_counts_on_from_a_numbered_name(tmp_path):
    from xtforecast.explore import free_name
    for n in ("x", "x_2"):
        (tmp_path / f"{n}.yaml").write_text("")
    assert free_name("x", tmp_path) == "x_3"
    assert free_name("x_2", tmp_path) == "x_3"
    assert free_name("y", tmp_path) == "y"
