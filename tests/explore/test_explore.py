"""The explorer's callback functions, tested without a browser."""

import numpy as np
import pytest
from xt_testpaths import BT_DATA
from xt_testpaths import BT_PROJECTOR as random_projector

from xtforecast.errors import XtForecastError
from xtforecast.explore import (
    ExplorerState,
    Knobs,
    draw,
    growth_years_text,
    knob_operations,
    knobs_to_scenario_yaml,
    save_scenario,
    update,
)


def test_initial_view_has_every_number(state):
    v = update(state)
    assert v.goal_id == "rd_intensity_2022" and v.scenario == "shocked"
    assert v.as_of == 2019 and v.horizon == 2022
    assert 0 <= v.p_attain <= 1
    assert v.status and v.status_label
    assert np.isfinite(v.required_growth) and np.isfinite(v.projected_median)
    assert v.paths.shape == (500, 3) and list(v.years) == [2020, 2021, 2022]
    assert len(v.history) and set(v.method_statuses) >= {"unsd2022", "escap", "cn_midterm"}
    assert v.operations == [] and v.error is None
    assert "达标概率" in v.text()


def test_neutral_knobs_add_no_operation(state):
    assert knob_operations(state, Knobs()) == ([], [])


def test_growth_shift_raises_p_and_median(state):
    base = update(state)
    up = update(state, growth_pp=3)
    assert up.operations == ["growth_shift(rd_intensity@xingtai; pp=3.0, from_year=2020)"]
    assert up.p_attain > base.p_attain
    # +3 pp a year for 3 years multiplies the level by 1.03**3 (operations README formula)
    assert up.projected_median == pytest.approx(base.projected_median * 1.03 ** 3, rel=1e-9)
    # back to zero: exactly the first view again (the cache is not modified by operations)
    again = update(state, growth_pp=0)
    assert again.p_attain == base.p_attain
    np.testing.assert_array_equal(again.paths, base.paths)


def test_shock_and_ratio_knobs(state):
    base = update(state)
    shocked = update(state, shock_depth=0.2, shock_year=2022, shock_recovery=0)
    assert shocked.projected_median == pytest.approx(base.projected_median * 0.8, rel=1e-9)
    ratio = update(state, shock_depth=0, ratio_pp=10)
    # +10 points of 100 x city/Hebei adds 0.1 x Hebei's value to the city's
    assert ratio.projected_median > base.projected_median
    assert ratio.operations[0].startswith("ratio_to_reference(rd_intensity@xingtai; "
                                          "reference_region=hebei")


def test_baseline_paths_are_drawn_once_per_vintage(state):
    update(state, scenario="baseline")  # 'shocked' acts on 2020, so it cannot start in 2020
    misses = state.cache_misses
    for pp in (0.5, 1.0, 1.5):
        update(state, growth_pp=pp)
    assert state.cache_misses == misses          # knobs never refit a model
    update(state, as_of=2020)
    assert state.cache_misses > misses           # a new vintage does
    v = update(state)
    assert v.as_of == 2020 and list(v.years) == [2021, 2022]


def test_year_out_of_range_follows_the_vintage(state):
    update(state, scenario="baseline", shock_depth=0.1, shock_year=2020)
    v = update(state, as_of=2020)
    assert any("shock_year 2020" in n for n in v.notes)
    assert "year=2021" in v.operations[0]


def test_goal_scenario_and_language(state):
    v = update(state, goal="hte_total_2021", lang="en", scenario="baseline")
    assert v.goal_id == "hte_total_2021" and v.scenario == "baseline"
    assert "P(attain)" in v.text() and v.status_label[0].isupper()


def test_base_scenario_year_before_new_vintage_is_an_error_in_the_view(state):
    # 'shocked' hits GDP in 2020; with data up to 2020 that year is no longer projected
    v = update(state, as_of=2020)
    assert v.error and "bad_year" in v.error and np.isnan(v.p_attain)


def test_knob_contradicting_base_scenario_is_an_error_in_the_view(state, scen_dir):
    (scen_dir / "flat.yaml").write_text(
        "name: flat\nextends: baseline\nlabel_zh: 停滞(测试)\nlabel_en: Flat (test)\n"
        "description_zh: 合成：研发投入强度自2020年起保持不变。\n"
        "description_en: Synthetic; R&D intensity held from 2020.\n"
        "operations:\n  - {op: hold, indicator: rd_intensity, from_year: 2020}\n",
        encoding="utf-8")
    v = update(state, scenario="flat", growth_pp=1)
    assert v.error and "contradiction" in v.error
    assert np.isnan(v.p_attain)
    assert v.text().startswith("无法计算")


def test_bad_knobs_say_the_rule(state):
    with pytest.raises(XtForecastError, match="unknown knob"):
        update(state, growth=1)
    with pytest.raises(XtForecastError, match="no goal 'nope'"):
        update(state, goal="nope")
    with pytest.raises(XtForecastError, match="fraction"):
        update(state, shock_depth=5)
    with pytest.raises(XtForecastError, match="lang"):
        update(state, lang="fr")
    with pytest.raises(XtForecastError, match="nothing to project"):
        update(state, as_of=2022)
    # a rejected goal leaves the state as it was
    assert state.goal_id == "rd_intensity_2022"


def test_draw_makes_a_fan_chart(state):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    v = update(state, growth_pp=1, lang="en")
    ax = draw(v)
    assert ax.get_title()
    assert any("P(attain)" in t.get_text() for t in ax.texts)
    plt.close("all")


def test_scenario_yaml_names(state):
    with pytest.raises(XtForecastError, match="file stem"):
        knobs_to_scenario_yaml(state, "Bad Name")
    text = knobs_to_scenario_yaml(state, "ok_name")
    assert "extends: shocked" in text and "n_sims: 500" in text and "seed: 7" in text


def test_save_refuses_to_overwrite(state, scen_dir):
    save_scenario(state, "mine")
    with pytest.raises(XtForecastError, match="exists"):
        save_scenario(state, "mine")
    save_scenario(state, "mine", overwrite=True)


def test_state_checks_arguments():
    with pytest.raises(XtForecastError, match="n_sims"):
        ExplorerState("baseline", data_dir=BT_DATA, n_sims=0, projector=random_projector)


def test_the_state_reads_through_the_inputs_it_is_given_or_builds(state, scen_dir):
    from xtforecast.inputs import Inputs
    inputs = Inputs.load(BT_DATA, scenarios_dir=scen_dir)
    s = ExplorerState("shocked", inputs=inputs, projector=random_projector)
    assert s.catalog is inputs.catalog and s.obs is inputs.observations
    assert s.plan is inputs.plan(s.spec.plan)
    # a caller's frame is what the state's inputs hold
    t = ExplorerState("shocked", data_dir=BT_DATA, scenarios_dir=scen_dir, obs=state.obs,
                      projector=random_projector)
    assert t.inputs.observations is state.obs
    with pytest.raises(XtForecastError, match="leave out obs"):
        ExplorerState("shocked", inputs=inputs, obs=state.obs, projector=random_projector)


def test_a_failing_overwrite_keeps_the_users_file(state, scen_dir, monkeypatch):
    """Issue 13: the new text is checked in a temporary, so the old file survives a bad save."""
    import xtforecast.explore.save as explore_save
    path = save_scenario(state, "mine")
    before = path.read_bytes()
    monkeypatch.setattr(explore_save, "knobs_to_scenario_yaml",
                        lambda *a, **k: before.decode("utf-8") + "no_such_key: 1\n")
    with pytest.raises(XtForecastError) as exc:
        save_scenario(state, "mine", overwrite=True)
    assert f"{path}:" in str(exc.value) and "no_such_key" in str(exc.value)
    assert f"{path} is unchanged" in str(exc.value)
    assert path.read_bytes() == before
    assert sorted(p.name for p in scen_dir.iterdir() if p.name.startswith(".")) == []


def test_an_overwrite_that_passes_replaces_the_file(state, scen_dir, monkeypatch):
    import xtforecast.explore.save as explore_save
    path = save_scenario(state, "mine")
    text = path.read_text(encoding="utf-8")
    monkeypatch.setattr(explore_save, "knobs_to_scenario_yaml",
                        lambda *a, **k: text.replace("seed: 7", "seed: 8"))
    save_scenario(state, "mine", overwrite=True)
    assert "seed: 8" in path.read_text(encoding="utf-8")
    assert not [p for p in scen_dir.iterdir() if p.name.startswith(".")]


def test_saving_over_the_scenario_it_started_from_is_refused(state, scen_dir):
    before = (scen_dir / "shocked.yaml").read_bytes()
    with pytest.raises(XtForecastError, match="started from"):
        save_scenario(state, "shocked", overwrite=True)
    assert (scen_dir / "shocked.yaml").read_bytes() == before


def test_the_explorer_starts_where_the_reports_first_family_does():
    # issue 14, item 1: the shipped set's plan-vantage family runs at as_of 2019; the explorer,
    # named no scenario, starts from its baseline at that vintage, not at a clamped 2021
    from xtforecast.scenarios import load_scenario
    state = ExplorerState(n_sims=20, projector=random_projector)
    assert state.spec.name == "baseline_2019"
    assert state.as_of == load_scenario("covid_shock").as_of == 2019


def test_p_attain_label_sits_under_the_goal_note_clear_of_the_data():
    """The bundled case where the label once covered a point: high-tech enterprises 2022 at
    the 2021 vantage, whose 2019 bound marker sits in the chart's bottom-left corner."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    state = ExplorerState("baseline", goal="high_tech_enterprises_2022", as_of=2021, n_sims=200)
    view = update(state)
    ax = draw(view)
    fig = ax.figure
    fig.draw_without_rendering()
    r = fig.canvas.get_renderer()
    (p,) = [x for x in ax.texts if x.get_gid() == "p-attain"]
    (note,) = [x for x in ax.texts if x.get_gid() == "target-text"]
    box, note_box = p.get_window_extent(r), note.get_window_extent(r)
    assert box.y1 <= note_box.y0 + 1e-6 and abs(box.x0 - note_box.x0) < 5
    years = view.history["year"].to_numpy(float)
    values = view.history["value"].to_numpy(float)
    pts = ax.transData.transform(np.column_stack([years, values]))
    assert len(pts) >= 2
    assert not any(box.contains(x, y) for x, y in pts), (box, pts)
    plt.close("all")


@pytest.mark.parametrize("as_of, lang, words", [
    (2021, "en", "The growth shift acts on 2022 (1 year)"),
    (2020, "en", "The growth shift acts on 2021–2022 (2 years)"),
    (2021, "zh", "增速调整作用于 2022 年（1 年）"),
    (2019, "zh", "增速调整作用于 2020–2022 年（3 年）"),
])
def test_growth_years_say_one_year_once(as_of, lang, words):
    """The years the growth knob acts on, from the vantage to the goal year 2022; a single
    year is not written as the range '2022–2022'."""
    state = ExplorerState("baseline", goal="high_tech_enterprises_2022", as_of=as_of,
                          n_sims=50, lang=lang)
    assert growth_years_text(state) == words


def test_the_default_goal_is_one_still_ahead_that_can_be_projected():
    """At the 2021 vantage the plan's first goals (2020) are settled by the 2020 figures, so
    the explorer opens on the first 2022 goal it can project. At 2019 nothing about Xingtai
    was published (the 2019 stock comes from a 2021 bulletin), so under the default rule no
    goal counts as observed and the first goal still ahead is shown, without fitting a model
    for any; the plan-vantage baseline reads the figures as the plan's authors knew them
    (known_from: year) and opens on the first goal with a 2019 figure, fitted once."""
    assert ExplorerState("baseline", as_of=2021, n_sims=50).goal_id == "high_tech_enterprises_2022"
    calls = []

    def counting(*args, **kwargs):
        calls.append(args[2:4])
        return random_projector(*args, **kwargs)

    state = ExplorerState("baseline", as_of=2019, n_sims=50, projector=counting)
    assert (state.as_of, state.goal_id) == (2019, "rd_intensity_2020")
    assert calls == []
    state = ExplorerState("baseline_2019", n_sims=50, projector=counting)
    assert (state.as_of, state.goal_id) == (2019, "high_tech_enterprises_2020")
    assert calls == [("high_tech_enterprises", "xingtai")]


def test_the_view_text_gives_each_method_its_own_line_and_its_own_words():
    """Six methods on one line ran past the page; and the Chinese midterm rule's class read
    as the rule's own name (时间过半、任务过半: 时间过半、任务过半)."""
    v = update(ExplorerState("baseline", as_of=2021, n_sims=200))
    lines = v.text().splitlines()
    i = lines.index("各方法判断:")
    methods = lines[i + 1:i + 1 + len(v.method_labels)]
    assert len(methods) == 6 and all(m.startswith("  ") for m in methods)
    assert all(name != words for name, words in v.method_labels.items()), v.method_labels


def test_explorer_chart_reads_its_scale_from_the_catalog():
    """The explorer draws a goal's chart as the report does: a count's median whole (it read
    '预测 793.7' for high-tech enterprises), the axis naming the unit, and the goal's words
    without '个'; a class indicator's ticks are its classes."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    # 794.1 unrounded: the label would show its decimal were the unit not passed
    state = ExplorerState("baseline", goal="high_tech_enterprises_2022", n_sims=200)
    view = update(state)
    assert view.scale == {"unit": "count", "kind": "stock", "class_levels": None}
    ax = draw(view)
    (label,) = [a for a in ax.texts if a.get_gid() == "median-label"]
    median = np.median(view.paths[:, -1])
    assert label.get_text() == f"预测 {median:,.0f}", label.get_text()
    assert "个" in ax.get_ylabel()
    (note,) = [x for x in ax.texts if x.get_gid() == "target-text"]
    assert "500" in note.get_text() and "个" not in note.get_text()
    # and the text under the chart says the same median
    assert f"目标年预测中位数: {median:,.0f}\n" in view.text(), view.text()
    plt.close("all")


def test_explorer_scale_of_a_class_goal(state):
    from xtforecast.plotting.fan import scale_of
    assert scale_of(state.catalog, "county_class") == {
        "unit": "class", "kind": "class", "class_levels": ("A", "B", "C")}
    assert scale_of(state.catalog, "no_such_indicator") == {}
