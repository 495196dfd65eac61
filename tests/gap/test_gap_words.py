"""The gap layer writes no words: codes go in, the vocabulary (xtforecast/i18n/gap.py) words them.

Issue 10, items 3 and 4: no Chinese and no ``lang`` branch in ``xtforecast/gap``, no import of
the vocabulary at module level there, and nothing imported from the gap layer by the
vocabulary. The reader's and the analyst's reasons come from the same records.
"""

import ast
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import xtforecast.gap as gap
import xtforecast.i18n as i18n
from xtforecast.gap import Detail, Reason, evaluate_goal
from xtforecast.i18n import UnknownLabelError, reason_text
from xtforecast.targets import Target

GAP = sorted(Path(gap.__file__).parent.glob("*.py"))
I18N = sorted(Path(i18n.__file__).parent.glob("*.py"))
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")  # CJK, its punctuation, full-width forms


@pytest.mark.parametrize("path", GAP, ids=lambda p: p.name)
def test_gap_modules_have_no_chinese_characters(path):
    bad = [f"{path.name}:{n}: {line.strip()}" for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
           if CJK.search(line)]
    assert not bad, "\n".join(bad)


def _names_lang(node) -> bool:
    return any(isinstance(n, ast.Name) and "lang" in n.id.lower() or isinstance(n, ast.Attribute) and n.attr == "lang"
               for n in ast.walk(node))


@pytest.mark.parametrize("path", GAP, ids=lambda p: p.name)
def test_gap_modules_branch_on_no_language(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = [f"{path.name}:{n.lineno}" for n in ast.walk(tree) if isinstance(n, ast.Compare) and _names_lang(n)]
    assert not bad, f"a language branch in the gap layer: {bad}; put the words in xtforecast/i18n/gap.py"


def _module_level_imports(path):
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom):
            yield ("." * node.level) + (node.module or "")
        elif isinstance(node, ast.Import):
            yield from (a.name for a in node.names)


@pytest.mark.parametrize("path", GAP, ids=lambda p: p.name)
def test_gap_imports_no_words_at_module_level(path):
    assert not [m for m in _module_level_imports(path) if "i18n" in m], path.name


@pytest.mark.parametrize("path", I18N, ids=lambda p: p.name)
def test_the_vocabulary_imports_nothing_from_the_gap_layer(path):
    imports = {n.module or "" for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
               if isinstance(n, ast.ImportFrom)}
    assert not [m for m in imports if m.split(".")[-1] == "gap" or ".gap." in m or m.startswith("gap")], path.name


def test_moved_word_tables_still_import_from_the_gap_package():
    # kept for old imports (notebooks, tests); the words themselves live in xtforecast/i18n/gap.py
    from xtforecast.gap import METHOD_LABELS, STATUS_LABELS, goal_label
    assert STATUS_LABELS["off_track"] == {"zh": "偏离轨道", "en": "Off track"}
    assert METHOD_LABELS is i18n.gap.METHOD_LABELS and goal_label is i18n.goal_label
    with pytest.raises(AttributeError, match="no attribute 'NO_SUCH_NAME'"):
        gap.NO_SUCH_NAME  # noqa: B018


# -- the records and their two renderings -----------------------------------------------------

def frame(rows):
    return pd.DataFrame(rows, columns=["year", "value", "bound"])


HTE_2022 = Target("hte_total_2022", "high_tech_enterprises", "xingtai", "level", ">", 500.0, 2022, "q",
                  base_year=2019)


def test_reader_and_analyst_reasons_come_from_the_same_records():
    # 450 (2020) and 1029 (2025), goal year 2022 between them and past as of 2025: a bridge
    r = evaluate_goal(HTE_2022, frame([(2020, 450.0, ""), (2025, 1029.0, "")]), as_of=2025,
                      rng=np.random.default_rng(7))
    # (one observation up to 2022: the methods cannot judge, which is the third cause)
    assert r["reason_codes"] == "bridge;past_chance;methods_cannot_judge"
    assert r["reason_en"].startswith("2022 lies between two observations (2020, 2025), so it is judged from "
                                     "paths bridging them; that year is over: P(attain) is the chance that the "
                                     "goal was met then; the published methods cannot judge this goal")
    assert r["reason_zh"].startswith("2022年落在两次观测之间（2020、2025年）")
    # the analyst's account of the same two records, with the numbers
    assert r["reason"] == ("bridge 2020 (450) → 2025 (1029), log-volatility 0.100/√year, 10000 paths; "
                           "2022 is past, so P(attain) is the chance the goal was met; the method columns "
                           "cannot judge this goal (needs two points (base 2020 and a later observation); "
                           "the latest observation is 2020); only P(attain) does; base_year 2019 not "
                           "observed: nearest year 2020 used (EUSTAT)")
    assert r["evidence_reason"] == ("judged from a bridge between two observations; 2 observations (2 exact), "
                                    "latest 2025 (exact), 0 year(s) before as_of, 0 year(s) before the target year")


def test_analyst_only_details_are_not_told_to_the_reader():
    # a net increase over 2021-2022 read on the stock: x(2022) >= x(2020) + 20 = 110; the level
    # view's note is the analyst's, not the reader's
    t = Target("n", "x", "r", "net_increase", ">=", 20.0, 2022, "q", window=(2021, 2022))
    r = evaluate_goal(t, frame([(2020, 90.0, ""), (2021, 100.0, "")]), as_of=2021,
                      paths=np.array([[118.0], [125.0]]), path_years=[2022])
    assert r["p_source"] == "paths" and r["p_attain"] == 1.0
    assert r["reason_codes"] == "" and r["reason_en"] == "" and r["reason_zh"] == ""
    assert r["reason"] == "net_increase read as the level x(2020) + 20 = 110"


def test_a_template_renders_only_the_values_it_names():
    said = [Reason("observed_met", {"how": Detail("no_such_detail_code")})]
    assert reason_text(said, "en") == "the observations show the goal was met"  # the reader's needs no `how`
    with pytest.raises(UnknownLabelError, match="detail.no_such_detail_code"):
        reason_text(said, "en", "detail")


def test_a_missing_value_names_the_template_and_what_the_record_gives():
    with pytest.raises(KeyError, match=r"template 'reason.bridge' needs the value 'ends'; the record gives \['year'\]"):
        reason_text([Reason("bridge", {"year": 2022})], "zh")


def test_nested_records_lists_and_per_language_values():
    caveats = Detail("caveats", {"items": [Detail("all_negative"), Detail("zero_replaced", {"value": 0.001})]})
    assert reason_text([caveats], "en", "detail") == (
        "all values negative: magnitudes used and direction flipped (open-sdg rule); zero replaced by 0.001 "
        "(open-sdg rule; the growth rate depends strongly on this choice)")
    note = Reason("not_evaluable", {"note": {"zh": "没有数据", "en": Reason("not_evaluable.default")}})
    assert reason_text([note], "zh") == "没有数据"
    assert reason_text([note], "en") == "no public data series measures this goal"
    assert reason_text([note], "en", "detail") == "marked not evaluable"
