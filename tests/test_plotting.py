"""Figures render Chinese with the packaged font, and each plot draws what it promises.

All inputs here are synthetic (made-up series, paths and summaries), not Xingtai data: the tests
are about drawing, not about numbers.
"""

import contextlib
import io
import logging
import sys
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib import font_manager
from matplotlib.collections import PolyCollection

from xtforecast import fonts
from xtforecast.plotting import STATUS_COLORS, fan_chart, method_table, p_attain_bars, status_heatmap, status_table
from xtforecast.plotting.summary import wrap_goal
from xtforecast.targets import Target

GLYPH_WORDS = ("missing from font", "Glyph", "findfont")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@contextlib.contextmanager
def glyph_problems():
    """Collect missing-glyph / font-not-found messages from warnings and the matplotlib logger."""
    found: list[str] = []

    class _Handler(logging.Handler):
        def emit(self, record):
            found.append(record.getMessage())

    logger = logging.getLogger("matplotlib")
    handler = _Handler(level=logging.WARNING)
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield found
        found.extend(str(w.message) for w in caught)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    found[:] = [m for m in found if any(word in m for word in GLYPH_WORDS)]


# -- synthetic inputs ---------------------------------------------------------------------------

@pytest.fixture
def history():
    # Synthetic share series; 2018 is a bounded figure ("1.2 以上").
    return pd.DataFrame({"year": [2015, 2016, 2017, 2018, 2019, 2020],
                         "value": [0.9, 1.0, 1.05, 1.2, 1.3, 1.45],
                         "bound": ["", "", "", ">=", "", ""]})


@pytest.fixture
def years():
    return np.arange(2021, 2026)


@pytest.fixture
def paths(years):
    rng = np.random.default_rng(7)
    return 1.45 + np.cumsum(rng.normal(0.1, 0.06, (500, len(years))), axis=1)


@pytest.fixture
def target():
    return Target(id="synthetic_share_2025", indicator="rd_intensity", region="somewhere",
                  type="share", comparator=">=", value=2.2, target_year=2025, quote="（合成）",
                  label_zh="研发投入强度达到2.2%（合成）", label_en="R&D intensity 2.2% (synthetic)")


@pytest.fixture
def summary():
    # Synthetic summary: one goal per headline status.
    return pd.DataFrame({
        "scenario": "baseline",
        "target_id": ["g1", "g2", "g3", "g4", "g5", "g6"],
        "label_zh": ["研发投入强度", "高新技术企业数量", "每万人发明专利拥有量", "技术合同成交额",
                     "科技型中小企业", ""],
        "label_en": ["R&D intensity", "High-tech firms", "Patents per 10k", "Tech contracts",
                     "Tech SMEs", ""],
        "target_year": 2025, "target_type": ["share", "level", "level", "level", "net_increase", "class"],
        "comparator": ">=", "target_value": [2.2, 500, 8, 30, 100, np.nan],
        "p_attain": [1.0, 0.86, 0.62, 0.3, 0.4, np.nan],
        "status": ["achieved", "on_track", "acceleration_needed", "off_track", "regressing",
                   "insufficient_data"],
        "evidence": ["strong", "moderate", "moderate", "weak", "weak", "none"],
        "status_unsd2022": ["achieved", "substantial_progress", "fair_progress", "limited_progress",
                            "deterioration", "insufficient_data"],
        "status_cn_midterm": ["achieved", "on_schedule", "on_schedule", np.nan, np.nan,
                              "insufficient_data"],
    })


# -- font ---------------------------------------------------------------------------------------

def test_chinese_figure_renders_without_missing_glyphs(tmp_path, history, years, paths, target):
    """A Chinese title, Chinese tick labels and a Chinese legend, saved to PNG: no tofu."""
    with glyph_problems() as problems:
        fig, (a1, a2) = plt.subplots(1, 2, figsize=(11, 4))
        fan_chart(history, years, paths, target=target, title="邢台市研发投入强度（合成数据）",
                  unit="%", ax=a1)
        a1.set_xticks([2016, 2020, 2024], ["二〇一六年", "二〇二〇年", "二〇二四年"])
        p_attain_bars(pd.DataFrame({"target_id": ["a", "b"], "label_zh": ["高新技术企业", "技术合同"],
                                    "p_attain": [0.9, 0.3], "status": ["on_track", "off_track"]}),
                      ax=a2)
        fig.suptitle("达标概率与预测 ▲▼★ ≥ −1.5")
        out = tmp_path / "zh.png"
        fig.savefig(out, dpi=60)
        fig.savefig(tmp_path / "zh.pdf")  # reports may export PDF: the OTF font must embed too
    assert out.stat().st_size > 0 and (tmp_path / "zh.pdf").stat().st_size > 0
    assert [x.get_text() for x in a1.get_legend().get_texts()][0] == "观测"
    assert problems == []


def test_glyph_detector_is_not_vacuous():
    """The same check does catch tofu: Chinese forced into DejaVu Sans must be reported."""
    with glyph_problems() as problems:
        fig, ax = plt.subplots()
        ax.set_title("研发投入", fontfamily="DejaVu Sans")
        fig.savefig(io.BytesIO(), format="png")
    assert any("missing from font" in p for p in problems)


def test_font_comes_from_the_pip_package_not_the_system():
    import pylopdf_fonts_zh_cn

    path = fonts.cjk_font_path()
    pkg_dir = Path(pylopdf_fonts_zh_cn.__file__).resolve().parent
    assert path.resolve().parent == pkg_dir
    assert path.name == "NotoSansSC-Regular.otf"
    assert str(path.resolve()).startswith(str(Path(sys.prefix).resolve())) or "site-packages" in str(path)
    assert not str(path).startswith(("/usr/share/fonts", "/usr/local/share/fonts"))
    assert fonts.use_cjk_font() == str(path)
    # The font matplotlib picks for default text is that very file.
    fig, ax = plt.subplots()
    txt = ax.set_title("研发")
    assert Path(font_manager.findfont(txt.get_fontproperties())).resolve() == path.resolve()


def test_use_cjk_font_is_idempotent_and_sets_rc():
    fonts.use_cjk_font()
    n = len(font_manager.fontManager.ttflist)
    fonts.use_cjk_font()
    assert len(font_manager.fontManager.ttflist) == n
    rc = matplotlib.rcParams
    assert rc["font.sans-serif"][0] == fonts.FONT_FAMILY
    assert rc["font.sans-serif"].count(fonts.FONT_FAMILY) == 1
    assert list(rc["font.family"]) == ["sans-serif"]
    assert rc["axes.unicode_minus"] is False


def test_use_cjk_font_reapplies_after_a_style_reset():
    import seaborn as sns

    with matplotlib.rc_context():
        sns.set_theme()  # resets font.sans-serif to seaborn's list
        fonts.use_cjk_font()
        assert matplotlib.rcParams["font.sans-serif"][0] == fonts.FONT_FAMILY


def test_missing_font_package_says_what_to_install(monkeypatch):
    monkeypatch.setattr(fonts.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(fonts.FontMissingError,
                       match=r"pip install 'pylopdf-fonts-zh-cn>=0\.1\.1'"):
        fonts.cjk_font_path()


# -- fan chart ----------------------------------------------------------------------------------

def test_fan_chart_artists(history, years, paths, target):
    fig, ax0 = plt.subplots()
    ax = fan_chart(history, years, paths, target=target, unit="%", ax=ax0, levels=(50, 80, 95))
    assert ax is ax0
    bands = [c for c in ax.collections if isinstance(c, PolyCollection)
             and (c.get_gid() or "").startswith("band-")]
    assert sorted(c.get_gid() for c in bands) == ["band-50", "band-80", "band-95"]
    # The star sits at (target year, target value).
    (star,) = [ln for ln in ax.lines if ln.get_gid() == "target"]
    assert star.get_marker() == "*"
    assert star.get_xdata()[0] == 2025 and star.get_ydata()[0] == pytest.approx(2.2)
    # The dashed path runs from the last observation to the goal.
    (path,) = [ln for ln in ax.lines if ln.get_gid() == "target-path"]
    assert path.get_linestyle() == "--"
    assert list(path.get_xdata()) == [2020, 2025]
    assert list(path.get_ydata()) == pytest.approx([1.45, 2.2])
    # Bounded figure: an open up-triangle with its own legend entry.
    (bound,) = [ln for ln in ax.lines if ln.get_gid() == "bound>="]
    assert bound.get_marker() == "^" and bound.get_markerfacecolor() == "white"
    assert list(bound.get_xdata()) == [2018]
    legend = [x.get_text() for x in ax.get_legend().get_texts()]
    assert "下限（以上）" in legend and "目标" in legend and "预测中位数" in legend
    assert ax.get_xlabel() == "年份" and ax.get_title() == target.label_zh


def test_fan_chart_band_is_the_central_quantile_interval(history, years, paths):
    ax = fan_chart(history, years, paths, levels=(80,))
    (band,) = [c for c in ax.collections if c.get_gid() == "band-80"]
    verts = band.get_paths()[0].vertices
    top_last = verts[np.isclose(verts[:, 0], 2025), 1].max()
    assert top_last == pytest.approx(np.percentile(paths[:, -1], 90))
    (med,) = [ln for ln in ax.lines if ln.get_gid() == "median"]
    # The fan opens out of the last observation (2020, 1.45).
    assert med.get_xdata()[0] == 2020 and med.get_ydata()[0] == pytest.approx(1.45)
    assert med.get_ydata()[-1] == pytest.approx(np.median(paths[:, -1]))


def test_fan_chart_english_and_explicit_goal(history, years, paths):
    ax = fan_chart(history, years, paths, target_value=2.0, target_year=2024, lang="en",
                   title="Synthetic")
    legend = [x.get_text() for x in ax.get_legend().get_texts()]
    assert {"Observed", "Lower bound", "Projected median", "Target", "80% interval"} <= set(legend)
    star = [ln for ln in ax.lines if ln.get_gid() == "target"][0]
    assert (star.get_xdata()[0], star.get_ydata()[0]) == (2024, 2.0)
    assert ax.get_xlabel() == "Year"


def test_fan_chart_goal_not_on_the_level_axis_is_stated_in_words(history, years, paths):
    # A net-increase goal's value is a change, not a level: no star at a wrong height.
    tg = Target(id="ni", indicator="x", region="r", type="net_increase", comparator=">=",
                value=100, target_year=2025, quote="", label_zh="净增100家（合成）")
    ax = fan_chart(history, years, paths, target=tg)
    assert not [ln for ln in ax.lines if ln.get_gid() in ("target", "target-path")]
    (txt,) = [x for x in ax.texts if x.get_gid() == "target-text"]
    assert "不低于 100" in txt.get_text() and "净增量" in txt.get_text()


def test_fan_chart_without_paths(history):
    ax = fan_chart(history, [], None, target_value=2.0, target_year=2023)
    assert not [c for c in ax.collections if (c.get_gid() or "").startswith("band-")]
    assert [ln for ln in ax.lines if ln.get_gid() == "target"]


def test_fan_chart_units_in_the_readers_words_and_goal_words_inside_the_figure(history):
    # a goal year before the data (the star at the left edge): the words go right of the star
    ax = fan_chart(history, [], None, target_value=1.2, target_year=2015, unit="percent")
    assert ax.get_ylabel() == "数值（%）"
    txt = next(c for c in ax.get_children() if c.get_gid() == "target-text")
    assert txt.get_text().endswith("1.2%") and txt.get_ha() == "left"
    fig = ax.figure
    fig.canvas.draw()
    box = txt.get_window_extent()
    assert box.x0 >= 0 and box.x1 <= fig.bbox.width
    ax = fan_chart(history, [], None, target_value=900, target_year=2030, unit="100m_yuan",
                   lang="en")
    assert ax.get_ylabel() == "Value (100 million yuan)"
    # the words sit in the top-left corner whatever the star's side (beside it they ran over
    # the bands), inside the axes
    txt = next(c for c in ax.get_children() if c.get_gid() == "target-text")
    ax.figure.canvas.draw()
    assert ax.get_window_extent().contains(*txt.get_window_extent().p0)
    assert ax.get_window_extent().x1 >= txt.get_window_extent().x1


def test_fan_chart_bad_inputs(history, years, paths):
    with pytest.raises(ValueError, match=r"paths must be \(n_sims, len\(years\)\)"):
        fan_chart(history, years, paths[:, :3])
    with pytest.raises(ValueError, match=r"each in \(0, 100\)"):
        fan_chart(history, years, paths, levels=(80, 100))
    with pytest.raises(ValueError, match="Did you mean 'zh'"):
        fan_chart(history, years, paths, lang="cn")
    with pytest.raises(ValueError, match=r"needs column\(s\) \['value'\]"):
        fan_chart(history.drop(columns="value"), years, paths)


# -- P(attain) bars -----------------------------------------------------------------------------

def test_p_attain_bars_one_bar_per_goal(summary):
    fig, ax0 = plt.subplots()
    ax = p_attain_bars(summary, ax=ax0)
    assert ax is ax0
    bars = [p for p in ax.patches if (p.get_gid() or "").startswith("bar-")]
    assert len(bars) == len(summary)
    widths = [b.get_width() for b in bars]
    assert widths[:5] == pytest.approx([1.0, 0.86, 0.62, 0.3, 0.4])
    # Coloured by headline status.
    assert matplotlib.colors.same_color(bars[3].get_facecolor(), STATUS_COLORS["off_track"])
    # Insufficient data: hatched, full width, with the word on it.
    assert bars[5].get_hatch() == "///" and bars[5].get_width() == 1.0
    assert "数据不足" in [x.get_text() for x in ax.texts]
    # Guide lines at 0.5 and 0.8.
    guides = sorted(ln.get_xdata()[0] for ln in ax.lines if (ln.get_gid() or "").startswith("guide"))
    assert guides == [0.5, 0.8]
    ticks = [x.get_text() for x in ax.get_yticklabels()]
    assert ticks[0] == "研发投入强度" and ticks[5] == "g6"  # blank label falls back to the id
    assert "按计划推进" in [x.get_text() for x in ax.get_legend().get_texts()]


def test_p_attain_bars_english_and_missing_optional_columns(summary):
    ax = p_attain_bars(summary, lang="en")
    assert [x.get_text() for x in ax.get_yticklabels()][1] == "High-tech firms"
    bare = summary[["target_id", "p_attain", "status"]]
    ax = p_attain_bars(bare)  # no labels, no scenario: ids as labels
    assert [x.get_text() for x in ax.get_yticklabels()][0] == "g1"


def test_long_goal_labels_take_two_lines_and_leave_the_bars_half_the_figure():
    """The bundled plan's longest labels (data/targets/xingtai_2020.yaml): on one line the
    English one left the bars a seventh of a 7.5-in figure (ux_review, item 5)."""
    import matplotlib.pyplot as plt
    long = {"zh": "三年内(2020-2022)引进院士、长江学者不少于20名(含柔性引进)",
            "en": "At least 100 new incubators and maker spaces (incl. rural Xingchuang Tiandi) "
                  "over 2020-2022"}
    for lang, label in long.items():
        df = pd.DataFrame({"target_id": ["a", "b"], "p_attain": [0.9, 0.4],
                           "status": ["on_track", "off_track"], f"label_{lang}": [label, "短"]})
        fig, ax = plt.subplots(figsize=(7.5, 2.4), layout="constrained")
        p_attain_bars(df, lang=lang, ax=ax)
        fig.draw_without_rendering()
        tick = ax.get_yticklabels()[0].get_text()
        assert tick.count("\n") == 1, tick
        assert tick.replace("\n", "" if lang == "zh" else " ") == label  # nothing lost
        assert ax.get_position().width >= 0.5, (lang, ax.get_position().width)
        plt.close(fig)
    # a Chinese line never ends inside a number
    lines = wrap_goal("2020年新创办3000平米以上众创空间", 16).split("\n")
    assert len(lines) == 2 and any("3000" in line for line in lines), lines


def test_p_attain_bars_refuses_several_scenarios_and_missing_columns(summary):
    two = pd.concat([summary, summary.assign(scenario="policy_push")])
    with pytest.raises(ValueError, match="draws one scenario.*status_heatmap"):
        p_attain_bars(two)
    with pytest.raises(ValueError, match=r"needs column\(s\) \['status'\]"):
        p_attain_bars(summary.drop(columns="status"))
    with pytest.raises(LookupError, match="Did you mean 'status.on_track'"):
        p_attain_bars(summary.assign(status="ontrack"))


# -- heatmap ------------------------------------------------------------------------------------

def test_status_heatmap_from_long_summary(summary):
    two = pd.concat([summary, summary.assign(scenario="policy_push",
                                             p_attain=summary["p_attain"] * 0.5)])
    fig, ax0 = plt.subplots()
    ax = status_heatmap(two, ax=ax0, scenario_labels={"policy_push": "政策加力"})
    assert ax is ax0
    texts = [x.get_text() for x in ax.texts]
    assert texts.count("数据不足") == 2                      # g6 in both scenarios
    assert "86%" in texts and "43%" in texts
    assert [x.get_text() for x in ax.get_xticklabels()] == ["baseline", "政策加力"]
    assert [x.get_text() for x in ax.get_yticklabels()][0] == "研发投入强度"
    assert ax.get_xlabel() == "情景" and ax.get_ylabel() == "目标"


def test_status_heatmap_goals_sharing_a_label_stay_apart():
    df = pd.DataFrame({"scenario": "s", "target_id": ["a", "b"], "label_zh": ["同名目标", "同名目标"],
                       "p_attain": [0.1, 0.9]})
    ax = status_heatmap(df)
    assert sorted(x.get_text() for x in ax.texts) == ["10%", "90%"]


def test_status_heatmap_wide_table():
    wide = pd.DataFrame({"baseline": [0.9, 0.2], "stagnation": [0.5, np.nan]},
                        index=["goal A", "goal B"])
    ax = status_heatmap(wide, lang="en")
    # the long English words go on two lines, to fit their cell
    assert sorted(x.get_text() for x in ax.texts) == ["20%", "50%", "90%", "Insufficient\ndata"]


# -- tables -------------------------------------------------------------------------------------

def test_status_table_translates_headers_and_words(summary):
    zh = status_table(summary, "zh")
    assert list(zh.columns) == ["目标", "目标年份", "目标类型", "比较方式", "目标值", "达标概率",
                                "总体判断", "证据等级"]   # one scenario: no scenario column
    assert zh["总体判断"].tolist()[:2] == ["已实现", "按计划推进"]
    assert zh["目标类型"].iloc[4] == "净增量" and zh["比较方式"].iloc[0] == "不低于"
    assert zh["达标概率"].iloc[1] == pytest.approx(0.86)     # numbers stay numbers
    en = status_table(summary, "en")
    assert en["Status"].iloc[-1] == "Insufficient data" and en["Goal"].iloc[0] == "R&D intensity"


def test_status_table_with_only_some_columns():
    df = pd.DataFrame({"target_id": ["a"], "scenario": ["baseline"]})
    assert list(status_table(df, "zh").columns) == ["目标"]


def test_method_table(summary):
    mt = method_table(summary, "zh")
    assert list(mt.columns) == ["目标", "总体判断", "UNSD 2022（增速比）", "时间过半、任务过半"]
    assert mt.iloc[2, 2] == "有进展但需加快"
    assert mt.iloc[3, 3] == ""  # missing class stays blank
    en = method_table(summary, "en")
    assert "Half the time, half the task" in en.columns
    with pytest.raises(ValueError, match="needs status_<method> columns"):
        method_table(summary[["target_id", "status"]], "zh")


def test_new_axes_when_none_given(summary, history, years, paths):
    for ax in (fan_chart(history, years, paths), p_attain_bars(summary),
               status_heatmap(summary)):
        assert isinstance(ax, matplotlib.axes.Axes) and ax.figure is not None


@pytest.mark.parametrize("name", ["fonts", "plotting.common", "plotting.fan", "plotting.summary",
                                  "plotting.tables"])
def test_docstring_examples(name):
    import doctest
    import importlib

    res = doctest.testmod(importlib.import_module(f"xtforecast.{name}"),
                          optionflags=doctest.NORMALIZE_WHITESPACE)
    assert res.failed == 0 and res.attempted > 0


def test_fan_chart_frames_on_inner_bands_when_the_outer_tail_is_huge(history, years):
    # synthetic heavy right tail: 2 % of paths 50x the rest, so only the 95 % band reaches them
    rng = np.random.default_rng(0)
    paths = np.exp(rng.normal(0.4, 0.05, (1000, len(years))))
    paths[:30] *= 50
    ax = fan_chart(history, years, paths, levels=(50, 80, 95), lang="en")
    inner_top = np.percentile(paths, 90, axis=0).max()
    assert ax.get_ylim()[1] == pytest.approx(1.15 * max(inner_top, history["value"].max()))
    note = [c for c in ax.get_children() if c.get_gid() == "band-clipped"]
    assert note and note[0].get_text() == "95% band runs above the frame"
    # an ordinary fan is not clipped
    ax = fan_chart(history, years, np.exp(rng.normal(0.4, 0.05, (1000, len(years)))))
    assert not [c for c in ax.get_children() if c.get_gid() == "band-clipped"]


def test_status_table_says_what_the_paths_were_learned_from():
    import pandas as pd

    from xtforecast.catalog import load_catalog
    from xtforecast.plotting import status_table
    df = pd.DataFrame({"target_id": ["a", "b", "c"], "evidence": ["weak", "weak", "none"],
                       "projection_method": ["pooled:parent:hebei", "test:random-walk", ""]})
    cat = load_catalog()
    zh = status_table(df, "zh", cat)["证据等级"].tolist()
    assert zh == ["证据薄弱（仅借鉴河北省的增长，样本少）", "证据薄弱", "无数据"]
    en = status_table(df, "en", cat).iloc[:, -1].tolist()
    assert en[0] == "Weak evidence (growth learned from Hebei alone, a thin pool)"


def test_fan_chart_frames_the_years_it_draws_not_a_century():
    import matplotlib
    matplotlib.use("Agg")
    import pandas as pd

    from xtforecast.plotting import fan_chart
    ax = fan_chart(pd.DataFrame({"year": [2019], "value": [3.0]}), [], None,
                   target_value=2, target_year=2020)
    lo, hi = ax.get_xlim()
    assert 2017 <= lo < 2019 and 2020 < hi <= 2021.6  # was 1925-2125 around one point


def test_fan_chart_labels_class_ticks_with_letters_and_draws_the_goal_class():
    import matplotlib
    matplotlib.use("Agg")
    import pandas as pd

    from xtforecast.plotting import fan_chart
    ax = fan_chart(pd.DataFrame({"year": [2023], "value": [1.0]}), [], None, target_value="B",
                   target_year=2020, class_levels=("A", "B", "C"), lang="zh")
    assert [x.get_text() for x in ax.get_yticklabels()] == ["A类", "B类", "C类"]
    assert ax.get_ylim() == (3.5, 0.5)  # best on top
    star = [ln for ln in ax.get_lines() if ln.get_gid() == "target"]
    assert star and list(star[0].get_ydata()) == [2.0]
    words = [x.get_text() for x in ax.texts]
    assert any("达到B类" in w for w in words)


# -- item 4 of issue 14: charts a reader can read -------------------------------------------------

def _stock_history():
    # synthetic stock series ending in 2019
    return pd.DataFrame({"year": [2016, 2017, 2018, 2019], "value": [250.0, 290.0, 325.0, 370.0],
                         "bound": ["", "", "", ""]})


def _stock_paths():
    rng = np.random.default_rng(1)
    return 370 * np.exp(np.cumsum(rng.normal(0.1, 0.08, (400, 3)), axis=1))


def test_the_projection_is_dashed_from_the_last_observation_and_the_history_solid():
    ax = fan_chart(_stock_history(), np.arange(2020, 2023), _stock_paths(), lang="en")
    (med,) = [ln for ln in ax.lines if ln.get_gid() == "median"]
    (hist,) = [ln for ln in ax.lines if ln.get_gid() == "history-line"]
    assert med.get_linestyle() == "--" and hist.get_linestyle() == "-"
    assert med.get_xdata()[0] == 2019 and med.get_ydata()[0] == 370.0  # continues the data


def test_the_median_and_the_80_band_are_labelled_at_their_end_without_overlap():
    ax = fan_chart(_stock_history(), np.arange(2020, 2023), _stock_paths(), lang="zh")
    labels = {a.get_gid(): a for a in ax.texts if a.get_gid() in ("median-label", "band-label")}
    assert labels["band-label"].get_text() == "80% 预测区间"
    assert labels["median-label"].get_text().startswith("预测 ")
    fig = ax.figure
    fig.draw_without_rendering()
    r = fig.canvas.get_renderer()
    a, b = (labels[k].get_window_extent(r) for k in ("median-label", "band-label"))
    assert not a.overlaps(b)
    # the labels sit right of the last projected year, inside the frame
    assert min(a.x0, b.x0) > ax.transData.transform((2022, 0))[0]
    assert max(a.x1, b.x1) <= ax.get_window_extent(r).x1 + 1


def test_a_count_median_is_labelled_whole_and_a_share_with_its_decimals():
    paths = _stock_paths()  # synthetic: a median of 370 e^0.3, not a whole number
    median = float(np.median(paths[:, -1]))
    for unit, shown in (("count", f"{round(median)}"), ("percent", f"{median:.4g}")):
        ax = fan_chart(_stock_history(), np.arange(2020, 2023), paths, unit=unit, lang="en")
        (label,) = [a for a in ax.texts if a.get_gid() == "median-label"]
        assert label.get_text() == f"Projected {shown}", unit
    assert "." in f"{median:.4g}"


def test_end_labels_on_a_narrow_band_are_pushed_apart():
    paths = np.full((100, 3), 400.0) + np.linspace(0, 1, 100)[:, None]  # band ~ 1 wide
    ax = fan_chart(_stock_history(), np.arange(2020, 2023), paths, lang="en")
    fig = ax.figure
    fig.draw_without_rendering()
    r = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(r) for t in ax.texts if t.get_gid() in ("median-label", "band-label")]
    assert len(boxes) == 2 and not boxes[0].overlaps(boxes[1])


def test_a_net_increase_goal_is_drawn_on_the_stock_with_its_level():
    target = Target("ht", "high_tech_enterprises", "xingtai", "net_increase", ">=", 80.0, 2020,
                    "净增80家以上")
    ax = fan_chart(_stock_history(), np.arange(2020, 2023), _stock_paths(), target=target,
                   kind="stock", lang="zh")
    (star,) = [ln for ln in ax.lines if ln.get_gid() == "target"]
    assert (star.get_xdata()[0], star.get_ydata()[0]) == (2020, 450.0)  # 370 in 2019 + 80
    (base,) = [ln for ln in ax.lines if ln.get_gid() == "target-base"]
    assert (base.get_xdata()[0], base.get_ydata()[0]) == (2019, 370.0)
    (level,) = [ln for ln in ax.lines if ln.get_gid() == "target-level"]
    assert list(level.get_ydata()) == [450.0, 450.0]
    words = [x.get_text() for x in ax.texts if x.get_gid() == "target-text"]
    assert words == ["目标：净增不低于 80（2019 年 370 → 2020 年 450）"]


def test_a_count_goal_says_no_unit_after_its_number_and_persons_do():
    """'Target: above 500 count' read as broken English: the goal's label names what is
    counted (enterprises, 家), as the goal table has it; the axis keeps its unit."""
    for unit, lang, words, axis in (("count", "en", "Target: at least 500", "Value (count)"),
                                    ("count", "zh", "目标：不低于 500", "数值（个）"),
                                    ("persons", "en", "Target: at least 500 persons",
                                     "Value (persons)")):
        ax = fan_chart(_stock_history(), np.arange(2020, 2023), _stock_paths(),
                       target_value=500, target_year=2022, title="t", unit=unit, lang=lang)
        assert [x.get_text() for x in ax.texts if x.get_gid() == "target-text"] == [words]
        assert ax.get_ylabel() == axis


def test_a_net_increase_goal_on_a_flow_or_without_its_base_stays_in_words():
    target = Target("ht", "x_added", "r", "net_increase", ">=", 80.0, 2020, "净增80")
    ax = fan_chart(_stock_history(), np.arange(2020, 2023), _stock_paths(), target=target,
                   kind="flow")
    assert not [ln for ln in ax.lines if ln.get_gid() == "target"]
    gap = _stock_history().query("year != 2019")
    ax = fan_chart(gap, np.arange(2020, 2023), _stock_paths(), target=target, kind="stock")
    assert not [ln for ln in ax.lines if ln.get_gid() == "target"]  # no 2019 figure to add to


def test_year_ticks_cover_the_data_and_goal_years_only():
    ax = fan_chart(_stock_history(), np.arange(2020, 2023), _stock_paths(), lang="en")
    ticks = [float(x) for x in ax.get_xticks()]
    assert ticks == [2016, 2017, 2018, 2019, 2020, 2021, 2022]  # no tick in the labels' room
    lo, hi = ax.get_xlim()
    assert 2015 <= lo < 2016 and hi > 2022.5


def test_heatmap_words_fit_their_cells_and_scenario_names_never_overlap():
    import matplotlib.pyplot as plt
    names = {"a": "Baseline", "b": "COVID-19 shock", "c": "Policy push", "d": "Stagnation",
             "e": "Straight path to the goals"}
    rows = [{"scenario": s, "target_id": f"g{i}", "label_en": f"Goal {i}",
             "p_attain": np.nan if (i + j) % 2 else 0.5} for i in range(3) for j, s in enumerate(names)]
    fig, ax = plt.subplots(figsize=(2.5 + 1.5 * 5, 3), layout="constrained")
    status_heatmap(pd.DataFrame(rows), lang="en", ax=ax, scenario_labels=names)
    fig.draw_without_rendering()
    r = fig.canvas.get_renderer()
    ticks = [lb.get_window_extent(r) for lb in ax.get_xticklabels()]
    assert all(a.x1 <= b.x0 for a, b in zip(ticks, ticks[1:])), [(a.x0, a.x1) for a in ticks]
    cell = ax.get_window_extent(r).width / 5
    na = [t for t in ax.texts if t.get_gid() == "na-text"]
    assert na and all(t.get_window_extent(r).width <= cell for t in na)


def test_figures_and_the_explorer_pick_no_word_by_a_lang_branch():
    """Issue 10, item 4: words, word order and punctuation come from i18n templates (keyed by
    language), never from ``if lang == "zh"`` in the code."""
    import ast

    import xtforecast
    root = Path(xtforecast.__file__).parent
    files = [*sorted((root / "plotting").glob("*.py")), *sorted((root / "explore").glob("*.py")),
             root / "sweep" / "plots.py", root / "catalog.py"]
    branches = []
    for f in files:
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Compare) and any(
                    isinstance(x, ast.Name) and x.id in ("lang", "lg") for x in [node.left, *node.comparators]) \
                    and any(isinstance(x, ast.Constant) and x.value in ("zh", "en")
                            for x in [node.left, *node.comparators]):
                branches.append(f"{f.relative_to(root)}:{node.lineno}")
    assert len(files) > 8 and not branches, branches


def _hidden_by_note(ax, points) -> list[bool]:
    """Which data points lie under the goal's white-boxed corner note."""
    fig = ax.figure
    fig.draw_without_rendering()
    (note,) = [t for t in ax.texts if t.get_gid() == "target-text"]
    box = note.get_window_extent(fig.canvas.get_renderer())
    return [bool(box.contains(*ax.transData.transform(p))) for p in points]


def test_an_observation_far_above_a_small_goal_is_not_hidden_under_the_goal_words():
    """The bundled case: 105 maker spaces opened in 2020 against a goal of 5 (the chart framed
    0-110 put the one observation exactly under the words; commit dba835a's report)."""
    hist = pd.DataFrame({"year": [2020], "value": [105.0]})
    ax = fan_chart(hist, np.arange(2021, 2023), None, target_value=5, target_year=2020,
                   title="新创办众创空间", unit="个")
    assert _hidden_by_note(ax, [(2020, 105.0), (2020, 5.0)]) == [False, False]
    assert ax.get_ylim()[1] > 110  # room was made above the point


def test_headroom_keeps_the_end_labels_beside_their_values():
    """A falling series whose first point sits top left: the axis grows, and the median's
    label still stands at the median's last value (within half a label's height)."""
    hist = pd.DataFrame({"year": [2017, 2018, 2019], "value": [1000.0, 600.0, 370.0]})
    rng = np.random.default_rng(3)
    paths = 370 * np.exp(np.cumsum(rng.normal(0.0, 0.03, (400, 3)), axis=1))
    ax = fan_chart(hist, np.arange(2020, 2023), paths, target_value=400, target_year=2022,
                   title="t", lang="en")
    assert _hidden_by_note(ax, hist[["year", "value"]].to_numpy(float)) == [False] * 3
    fig = ax.figure
    (label,) = [a for a in ax.texts if a.get_gid() == "median-label"]
    box = label.get_window_extent(fig.canvas.get_renderer())
    y_median = ax.transData.transform((2022, float(np.median(paths[:, -1]))))[1]
    assert abs((box.y0 + box.y1) / 2 - y_median) < box.height / 2 + 1


def test_headroom_moves_the_axis_not_the_labels_off_their_values():
    """A tall note over the top-left point: the axis top grows by the note's height, and an
    end label placed as a fraction of the axes still points at the value it was placed at."""
    from xtforecast.plotting.frame import headroom
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot([0, 1], [10.0, 0.0])
    ax.set_ylim(0, 10.5)
    ax.text(0.02, 0.97, "a\nb\nc\nd", transform=ax.transAxes, va="top", fontsize=20,
            gid="target-text")
    label = ax.annotate("five", (1, 5 / 10.5), xycoords=("data", "axes fraction"))
    headroom(ax, ["target-text"])
    lo, hi = ax.get_ylim()
    assert hi > 15  # four lines of 20 pt on a 4-inch axes: about a third of the height
    assert lo + label.xy[1] * (hi - lo) == pytest.approx(5.0)
    assert _hidden_by_note(ax, [(0.0, 10.0)]) == [False]
    plt.close(fig)


@pytest.mark.parametrize("lang, words", [
    ("zh", "目标：位次较 2019 年前移至少 1 位（2020）"),
    ("en", "Target: up at least 1 place in rank on 2019 (by 2020)"),
])
def test_a_rank_move_goal_is_said_as_a_move_not_as_rank_at_most_minus_one(lang, words):
    """Qinghe's 位次跃升 (rank change <= -1 on 2019): the old words read 目标：不高于 -1."""
    target = Target("q", "county_rank_province", "qinghe", "rank", "<=", -1, 2020, "位次跃升",
                    relative=True, base_year=2019)
    hist = pd.DataFrame({"year": [2023], "value": [18.0]})
    ax = fan_chart(hist, None, None, target=target, lang=lang)
    assert [x.get_text() for x in ax.texts if x.get_gid() == "target-text"] == [words]
    assert not [ln for ln in ax.lines if ln.get_gid() == "target"]  # a move has no star


def test_a_rank_chart_has_whole_places_with_the_first_on_top():
    """Qinghe's one published place (18th, 2023): no 17.25 on the axis, and a better place
    (a smaller number) higher up."""
    target = Target("q", "county_rank_province", "qinghe", "rank", "<=", -1, 2020, "位次跃升",
                    relative=True, base_year=2019)
    # 17th in 2020 is the top-left point, where the goal's words sit
    hist = pd.DataFrame({"year": [2020, 2021, 2023], "value": [17.0, 24.0, 18.0]})
    ax = fan_chart(hist, None, None, target=target, unit="rank")
    ax.figure.draw_without_rendering()
    ticks = [v for v in ax.get_yticks() if min(ax.get_ylim()) <= v <= max(ax.get_ylim())]
    assert ticks and all(float(v).is_integer() for v in ticks), ticks
    y18, y24 = (ax.transData.transform((2022, v))[1] for v in (18.0, 24.0))
    assert y18 > y24  # 18th above 24th
    assert _hidden_by_note(ax, [(2020, 17.0), (2021, 24.0), (2023, 18.0)]) == [False] * 3
    # one published place (the bundled case): whole ticks still, 18 among them
    ax = fan_chart(hist.iloc[[2]], None, None, target=target, unit="rank")
    ax.figure.draw_without_rendering()
    lo, hi = sorted(ax.get_ylim())
    ticks = [v for v in ax.get_yticks() if lo <= v <= hi]
    assert 18 in ticks and all(float(v).is_integer() for v in ticks), ticks
    assert ax.yaxis_inverted()


def test_years_without_figures_are_joined_by_a_dotted_line_not_the_solid_one():
    """Xingtai's high-tech enterprises: 2019 (a bound), 2020, then 2025. Solid 2019-2020, and
    2020-2025 dotted with its own legend entry: no solid line through four unpublished years."""
    hist = pd.DataFrame({"year": [2019, 2020, 2025], "value": [325.0, 450.0, 1029.0],
                         "bound": ["<=", "", ""]})
    ax = fan_chart(hist, None, None, target_value=500, target_year=2022, title="t", lang="en")
    (solid,) = [ln for ln in ax.lines if ln.get_gid() == "history-line"]
    (gap,) = [ln for ln in ax.lines if ln.get_gid() == "history-gap"]
    x = np.asarray(solid.get_xdata(), float)
    assert list(x[:2]) == [2019, 2020] and np.isnan(x[2]) and x[3] == 2025
    assert gap.get_linestyle() == ":" and list(gap.get_xdata()[:2]) == [2020, 2025]
    assert "No data in between" in [t.get_text() for t in ax.get_legend().get_texts()]
    # consecutive years: one solid line, no gap artist
    ax = fan_chart(hist.assign(year=[2018, 2019, 2020]), None, None, lang="en")
    assert not [ln for ln in ax.lines if ln.get_gid() == "history-gap"]
    (solid,) = [ln for ln in ax.lines if ln.get_gid() == "history-line"]
    assert not np.isnan(np.asarray(solid.get_xdata(), float)).any()
