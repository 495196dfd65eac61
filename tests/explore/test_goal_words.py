"""The words that name a goal in the explorer (dropdown, figure title) and the sweep page.

They used to come from ``display_label(target, lang, "goal")``, which always raises (its kind
is status|method|evidence and it takes a label, not a goal); a broad ``except`` hid that, and
the dropdown and the title fell back to different words. Now both use ``gap.goal_label``.
"""

import pytest

from xtforecast.explore import _goal_words
from xtforecast.gap import display_label, goal_label


def test_dropdown_and_title_name_a_goal_with_the_same_words(state):
    for lang in ("zh", "en"):
        options = state.goal_options(lang)
        assert [i for _, i in options] == [t.id for t in state.plan.targets]
        for (words, _), t in zip(options, state.plan.targets, strict=True):
            named = _goal_words(t, lang)
            assert words == (t.id if named == t.id else f"{t.id} — {named}")


def test_a_goal_without_an_english_label_shows_its_id_once_and_no_chinese(state):
    options = {i: w for w, i in state.goal_options("en")}
    assert options["rd_intensity_2022"] == "rd_intensity_2022"
    zh = {i: w for w, i in state.goal_options("zh")}
    assert zh["rd_intensity_2022"] == "rd_intensity_2022 — 全社会研发经费支出占GDP的比重达到2%"


def test_goal_label_prefers_the_label_then_the_quote_then_the_id(state):
    t = next(t for t in state.plan.targets if t.id == "hte_total_2021")
    from dataclasses import replace
    assert goal_label(replace(t, label_en="High-tech firms > 450"), "en") == "High-tech firms > 450"
    assert goal_label(t, "zh") == "高新技术企业总数超过450家"
    assert goal_label(t, "en") == "hte_total_2021"  # never the Chinese quote on an English page
    assert goal_label(replace(t, quote=""), "zh") == "hte_total_2021"


def test_an_unknown_language_is_an_error_not_a_silent_fallback(state):
    t = state.plan.targets[0]
    with pytest.raises(ValueError, match="lang must be one of"):
        _goal_words(t, "fr")
    # display_label keeps its vocabulary: statuses, method classes, evidence grades
    with pytest.raises(ValueError, match="kind must be one of"):
        display_label("on_track", "zh", "goal")
