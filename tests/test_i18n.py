"""Every reader-facing word exists in Chinese and English; unknown keys and languages fail helpfully.

No data is involved: the vocabularies come from the package itself (_schema, gap.methods,
gap.evidence, i18n.gap).
"""

import re

import pytest

from xtforecast import i18n
from xtforecast._schema import COMPARATORS, STATUSES, SUMMARY_COLUMNS, TARGET_TYPES
from xtforecast.gap.evidence import GRADES
from xtforecast.gap.methods import METHODS
from xtforecast.i18n import LABELS, LANGS, UnknownLabelError, column_label, t
from xtforecast.i18n.gap import METHOD_LABELS

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_langs():
    assert LANGS == ("zh", "en")


def test_every_label_has_both_languages_and_nothing_else():
    for key, entry in LABELS.items():
        assert set(entry) == {"zh", "en"}, key
        assert all(isinstance(v, str) and v.strip() for v in entry.values()), key


@pytest.mark.parametrize("status", STATUSES)
def test_every_status_in_both_languages(status):
    zh, en = t(f"status.{status}", "zh"), t(f"status.{status}", "en")
    assert CJK.search(zh), zh            # the Chinese label is Chinese
    assert not CJK.search(en) and en     # the English one is not


def test_status_words_are_the_agreed_ones():
    agreed = {"achieved": "已实现", "on_track": "按计划推进", "acceleration_needed": "需要加速",
              "off_track": "偏离轨道", "regressing": "倒退", "insufficient_data": "数据不足"}
    assert {s: t(f"status.{s}", "zh") for s in STATUSES} == agreed


@pytest.mark.parametrize("column", SUMMARY_COLUMNS)
def test_every_summary_column_in_both_languages(column):
    assert t(f"col.{column}", "zh") != t(f"col.{column}", "en")
    assert column_label(column, "zh") == t(f"col.{column}", "zh")


def test_p_attain_column_words():
    assert t("col.p_attain", "zh") == "达标概率"
    assert t("col.p_attain", "en") == "P(attain)"


def test_methods_classes_types_comparators_evidence_covered():
    for m in METHODS:
        for lang in LANGS:
            assert t(f"method.{m}", lang)
            assert t(f"col.status_{m}", lang).startswith(t(f"method.{m}", lang))
    for c in METHOD_LABELS:
        assert t(f"class.{c}", "zh") and t(f"class.{c}", "en")
    for x in TARGET_TYPES:
        assert CJK.search(t(f"type.{x}", "zh"))
    for x in COMPARATORS:
        assert CJK.search(t(f"cmp.{x}", "zh")) and t(f"cmp.{x}", "en")
    for g in GRADES:
        assert t(f"evidence.{g}", "zh") and t(f"evidence.{g}", "en")
    assert t("cmp.>=", "zh") == "不低于" and t("cmp.>=", "en") == "at least"


def test_method_names_as_published():
    assert t("method.unsd2022", "en").startswith("UNSD 2022")
    assert t("method.unsd2023", "en").startswith("UNSD 2023+")
    assert t("method.eurostat", "en") == "Eurostat"
    assert t("method.escap", "en").endswith("ESCAP")
    assert t("method.cn_midterm", "zh") == "时间过半、任务过半"


def test_axis_words():
    assert t("axis.year", "zh") == "年份"
    assert t("axis.projected", "zh") == "预测"
    assert t("axis.target", "zh") == "目标"
    assert t("axis.observed", "zh") == "观测"
    assert t("axis.lower_bound", "zh").startswith("下限")
    assert t("axis.lower_bound", "en") == "Lower bound"
    assert t("axis.band", "zh").format(level=80) == "80% 预测区间"


def test_unknown_key_names_the_closest():
    with pytest.raises(UnknownLabelError, match=r"Did you mean 'col\.p_attain'\?"):
        t("col.p_atain", "zh")
    with pytest.raises(LookupError, match=r"Did you mean 'status\.on_track'\?"):
        t("status.ontrack", "en")


def test_bare_name_suggests_every_vocabulary_it_belongs_to():
    with pytest.raises(UnknownLabelError,
                       match=r"Did you mean 'class\.on_track' or 'status\.on_track'\?"):
        t("on_track")


def test_unknown_lang_names_the_suggestion():
    with pytest.raises(ValueError, match=r"lang must be one of \['zh', 'en'\]; got 'cn'\. "
                                         r"Did you mean 'zh'\?"):
        t("col.p_attain", "cn")
    with pytest.raises(ValueError, match=r"got 'EN'\. Did you mean 'en'\?"):
        t("col.p_attain", "EN")
    with pytest.raises(ValueError, match=r"Did you mean 'zh'\?"):
        t("col.p_attain", "zh-CN")
    with pytest.raises(ValueError, match="lang must be one of"):
        column_label("p_attain", "fr")


def test_default_for_open_vocabularies_but_lang_still_checked():
    assert t("class.user_defined_class", "zh", default="user_defined_class") == "user_defined_class"
    with pytest.raises(ValueError):
        t("class.user_defined_class", "jp", default="x")


def test_column_label_for_methods_registered_later_and_foreign_columns():
    assert column_label("status_my_method", "en") == "my_method status"
    assert column_label("value_unsd2022", "zh").startswith("UNSD 2022")
    assert column_label("some_extra_column", "zh") == "some_extra_column"


def test_helpers():
    assert i18n.status_label("off_track", "en") == "Off track"
    with pytest.raises(UnknownLabelError, match="Did you mean 'status.off_track'"):
        i18n.status_label("of_track")
    assert i18n.method_class_label("fair_progress", "zh") == METHOD_LABELS["fair_progress"]["zh"]
    assert i18n.method_class_label("unregistered", "zh") == "unregistered"


def test_docstring_examples():
    import doctest

    res = doctest.testmod(i18n, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert res.failed == 0 and res.attempted > 0


def gap_codes():
    """Every code the gap layer hands to ``Reason(...)`` or ``Detail(...)``, read from its source
    (a code chosen by a condition, ``Reason("a" if x else "b")``, gives both)."""
    import ast
    from pathlib import Path

    import xtforecast.gap as gap
    found = {"Reason": set(), "Detail": set()}
    for path in sorted(Path(gap.__file__).parent.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in found and node.args:
                consts = _literal_codes(node.args[0])
                assert consts, f"{path.name}:{node.lineno}: write the code as a literal, so this test can read it"
                found[node.func.id].update(consts)
    return found


def _literal_codes(node) -> list[str]:
    import ast
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _literal_codes(node.body), _literal_codes(node.orelse)
        return body + orelse if body and orelse else []
    return []


def test_every_reason_code_the_gap_layer_writes_has_words_in_both_languages():
    # a code without a template would raise when a summary is worded: every Reason (told to
    # the reader) needs reason.<code> and detail.<code>, every Detail (the analyst's) detail.<code>
    found = gap_codes()
    assert found["Reason"] >= {"bridge", "past_unobserved", "no_paths_after", "not_evaluable",
                               "growth_nonpositive_base", "methods_cannot_judge"}
    assert found["Detail"] >= {"measure_value", "needs_two_points", "evidence_facts", "view_note"}
    need = {f"reason.{c}" for c in found["Reason"]} | {f"detail.{c}" for c in found["Reason"] | found["Detail"]}
    missing = sorted(k for k in need if k not in LABELS)
    assert not missing, missing
    for key in need:
        assert set(LABELS[key]) == {"zh", "en"} and all(LABELS[key].values()), key
    from xtforecast.gap.evaluate import REFUSALS
    assert set(REFUSALS) <= found["Reason"]


def test_no_template_is_left_without_a_code():
    # the other way round: a template the gap layer never uses is dead wording
    found = gap_codes()
    used = found["Reason"] | found["Detail"] | {"sep", "list_sep"}
    for prefix in ("reason", "detail"):
        # a ".one" template is the singular form of its code's template
        names = {k.split(".", 1)[1].removesuffix(".one") for k in LABELS if k.startswith(prefix + ".")}
        assert names <= used, sorted(names - used)


def test_reasons_render_from_one_record_in_either_language():
    from xtforecast.gap.reasons import Reason
    from xtforecast.i18n import reason_text
    said = [Reason("past_unobserved", {"year": 2020, "as_of": 2025, "missing": [2019, 2020]}),
            Reason("not_evaluable", {"note": {"zh": "没有邢台市专利数据", "en": "no Xingtai patent series"}})]
    assert reason_text(said, "zh") == ("目标年份2020年已过（数据截至2025年），只能由观测值判断，但2019、2020年没有"
                                       "观测值；模型推算不能代替观测；没有邢台市专利数据")
    assert reason_text(said, "en") == (
        "the target year 2020 is over (data up to 2025), so only an observation can judge it, "
        "and 2019, 2020 has none; a model estimate is not an observation; no Xingtai patent series")
