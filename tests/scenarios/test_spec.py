"""The scenario format: inheritance and override order, and one fixture per validation rule.

All fixtures are synthetic (tests/scenarios/fixtures/README.md); each test pins the file,
the line, the rule and the words of the message.
"""

import pytest
from scen_helpers import SCEN_FIXTURES
from xt_testpaths import MINI

from xtforecast.errors import ScenarioError
from xtforecast.scenarios import check_scenario, read_scenario
from xtforecast.scenarios.spec import ScenarioCheckError, resolve_scenario_path

SCEN = SCEN_FIXTURES / "scen"
BAD = SCEN_FIXTURES / "bad"


# -- inheritance ---------------------------------------------------------------------------------

def test_parent_fields_and_defaults(load):
    s = load("base")
    assert (s.name, s.plan, s.as_of, s.horizon, s.n_sims, s.seed) == ("base", "mini_plan", 2019,
                                                                        2022, 200, 7)
    assert s.region is None and s.operations[0].region == "xingtai"  # the plan's city
    assert s.chain == (str(SCEN / "base.yaml"),)


def test_child_overrides_fields_and_operations_replace(load):
    s = load("child_replace")
    assert s.name == "child_replace"                 # the name is always the file's own stem
    assert s.label_en == "Child that replaces"       # overridden
    assert s.label_zh == "基准(测试)"                  # inherited
    assert s.n_sims == 50 and s.seed == 7
    assert [o.op for o in s.operations] == ["level_shift"]   # `operations` replaces
    assert s.chain == (str(SCEN / "base.yaml"), str(SCEN / "child_replace.yaml"))


def test_extra_operations_append_through_generations(load):
    s = load("grandchild")
    assert [o.op for o in s.operations] == ["growth_shift", "shock", "hold"]
    assert [o.path for o in s.operations] == [str(SCEN / f) for f in
                                              ("base.yaml", "child_append.yaml", "grandchild.yaml")]
    assert s.description("en") == "Child that appends." and s.seed == 99


def test_file_hash_covers_the_chain(load, tmp_path):
    a, b = load("child_append"), load("grandchild")
    assert a.file_hash() != b.file_hash()
    assert a.file_hash() == load("child_append").file_hash()


def test_resolve_by_name_and_by_path():
    assert resolve_scenario_path("base", SCEN) == SCEN / "base.yaml"
    assert resolve_scenario_path(SCEN / "base.yaml") == SCEN / "base.yaml"
    with pytest.raises(ScenarioError, match="no scenario 'bsae'.*Did you mean 'base'"):
        resolve_scenario_path("bsae", SCEN)


# -- validation: one fixture per rule -----------------------------------------------------------

def _issues(mini, name):
    return check_scenario(BAD / f"{name}.yaml", mini[0], targets_dir=MINI / "targets",
                          directory=BAD)


@pytest.mark.parametrize("name, line, column, rule, words", [
    ("unknown_key", 8, "horizn", "unknown_key", "unknown key 'horizn'. Did you mean 'horizon'?"),
    ("unknown_param", 11, "operations[0].ppp", "unknown_key",
     "unknown key 'ppp'. Did you mean 'pp'? Valid keys: op, indicator, region, note, pp"),
    ("unknown_operation", 9, "operations[0].op", "unknown_operation",
     "unknown operation 'growth_shfit'. Did you mean 'growth_shift'? Valid operations: growth_shift,"),
    ("unknown_indicator", 10, "operations[0].indicator", "unknown_indicator",
     "unknown indicator 'rd_intensty'. Did you mean 'rd_intensity'?"),
    ("unknown_target", 10, "operations[0].target", "unknown_target",
     "no goal 'rd_intensity_2023' in plan 'mini_plan'. Did you mean 'rd_intensity_2022'?"),
    ("bad_year", 12, "operations[0].from_year", "bad_year",
     "from_year must be a year in 1949..2100 (a whole year such as 2021), got '2021年'"),
    ("year_not_projected", 9, "operations[0].year", "bad_year",
     "year 2018 is not a projected year: the data vintage as_of is 2019, so operations act on 2020"),
    ("bad_depth", 12, "operations[0].depth", "bad_value", "write percent as a fraction (5 -> 0.05)"),
    ("growth_below_minus_100", 11, "operations[0].pp", "bad_value",
     "pp must be percentage points of growth above -100, got -200"),
    ("one_of", 9, "operations[0]", "one_of", "'level_shift' needs exactly one of delta, factor; got delta, factor"),
    ("name_mismatch", 8, "name", "name_mismatch", "name 'something_else' must equal the file stem 'name_mismatch'"),
    ("contradiction", 13, "operations[1]", "contradiction",
     "this growth_shift on 'rd_expenditure' changes 2021, which hold at line 9 (operations[0]) fixes"),
    ("contradiction_driver", 12, "operations[1]", "contradiction",
     "this growth_shift on 'rd_expenditure', which flows into 'rd_intensity', changes 2021 on, which hold"),
    ("cycle_a", 2, "extends", "circular_extends", "circular extends: cycle_a -> cycle_b -> cycle_a"),
    ("unknown_parent", 2, "extends", "unknown_scenario", "extends 'bsae': no such scenario"),
])
def test_each_rule_names_file_line_keypath_and_fix(mini, name, line, column, rule, words):
    issues = _issues(mini, name)
    hit = [i for i in issues if i.rule == rule]
    assert hit, [str(i) for i in issues]
    i = hit[0]
    assert (i.path, i.line, i.column) == (str(BAD / f"{name}.yaml"), line, column)
    assert words in i.message
    assert str(i).startswith(f"{BAD / name}.yaml:{line}: {column}: [{rule}]")


def test_load_raises_one_error_listing_every_problem(mini):
    from xtforecast.scenarios import load_scenario
    with pytest.raises(ScenarioCheckError, match=r"1 scenario problem found:\n.*unknown_key.yaml:8"):
        load_scenario(BAD / "unknown_key.yaml", mini[0], targets_dir=MINI / "targets")


def test_without_a_catalog_names_are_not_checked_but_structure_is():
    spec, issues = read_scenario(BAD / "unknown_indicator.yaml", None, targets_dir=MINI / "targets")
    assert issues == [] and spec.operations[0].indicator == "rd_intensty"
    _, issues = read_scenario(BAD / "unknown_operation.yaml", None, targets_dir=MINI / "targets")
    assert [i.rule for i in issues] == ["unknown_operation"]


def test_missing_required_field_after_inheritance(tmp_path, mini):
    f = tmp_path / "lonely.yaml"
    f.write_text("# synthetic\nlabel_zh: 孤\nplan: mini_plan\n", encoding="utf-8")
    msgs = [i.message for i in check_scenario(f, mini[0], targets_dir=MINI / "targets")]
    assert "required key 'label_en' is missing (in this file and its parents); add 'label_en:'" in msgs
    assert "required key 'description_zh' is missing (in this file and its parents); add 'description_zh:'" in msgs
    assert "required key 'description_en' is missing (in this file and its parents); add 'description_en:'" in msgs


def test_horizon_must_follow_as_of(tmp_path, mini):
    f = tmp_path / "short.yaml"
    f.write_text("# synthetic\nlabel_zh: 短\nlabel_en: Short\ndescription_zh: 合成。\n"
                 "description_en: Synthetic.\nplan: mini_plan\nas_of: 2019\nhorizon: 2019\n",
                 encoding="utf-8")
    (i,) = check_scenario(f, mini[0], targets_dir=MINI / "targets")
    assert (i.line, i.rule) == (8, "bad_year")
    assert "horizon 2019 is not after as_of 2019: nothing would be projected" in i.message


def test_readme_documents_every_registered_operation():
    from xtforecast import config
    from xtforecast.scenarios import OPERATIONS
    text = (config.SCENARIOS_DIR / "README.md").read_text(encoding="utf-8")
    for name, spec in OPERATIONS.items():
        assert f"| `{name}` |" in text, name
        for p in spec.params:
            assert f"`{p}`" in text, (name, p)


def test_a_description_without_language_is_refused_with_the_two_keys_to_write(tmp_path, mini):
    # issue 14, item 5: one text per language, so a zh report never shows the English one
    f = tmp_path / "old.yaml"
    f.write_text("label_zh: 旧\nlabel_en: Old\ndescription: One text for both.\nplan: mini_plan\n",
                 encoding="utf-8")
    issues = check_scenario(f, mini[0], targets_dir=MINI / "targets")
    (old,) = [i for i in issues if i.rule == "per_language"]
    assert (old.line, old.column) == (3, "description")
    assert "write 'description_zh' (Chinese) and 'description_en' (English) instead" in old.message


@pytest.mark.parametrize("key, value, words", [
    ("label_zh", "Policy push", "label_zh must be written in Chinese, got 'Policy push'; put the "
                                "English text in 'label_en'"),
    ("description_en", "Xingtai 邢台 grows", "description_en must be written in English (no "
                                             "Chinese characters; romanize names"),
])
def test_text_in_the_wrong_language_is_refused(tmp_path, mini, key, value, words):
    fields = {"label_zh": "政策", "label_en": "Push", "description_zh": "合成。",
              "description_en": "Synthetic.", key: value}
    f = tmp_path / "swapped.yaml"
    f.write_text("".join(f"{k}: {v}\n" for k, v in fields.items()) + "plan: mini_plan\n",
                 encoding="utf-8")
    (issue,) = check_scenario(f, mini[0], targets_dir=MINI / "targets")
    assert issue.rule == "wrong_language" and issue.column == key and words in issue.message


# -- issue 10, item 6: every bad key of an operation, not only the first ------------------------

_HEAD = ("# synthetic\nlabel_zh: 合成\nlabel_en: Synthetic\ndescription_zh: 合成。\n"
         "description_en: Synthetic.\nplan: mini_plan\nas_of: 2019\nhorizon: 2022\noperations:\n")


def _write(tmp_path, ops: str):
    f = tmp_path / "several.yaml"
    f.write_text(_HEAD + ops, encoding="utf-8")
    return f


def test_an_operation_with_three_bad_values_reports_each(tmp_path, mini):
    f = _write(tmp_path, "  - op: shock\n    indicator: rd_expenditure\n    year: 2021年\n"
                         "    depth: 5\n    recovery: -1\n    shape: geometrc\n")
    issues = check_scenario(f, mini[0], targets_dir=MINI / "targets")
    assert [(i.line, i.column, i.rule) for i in issues] == [
        (12, "operations[0].year", "bad_year"), (13, "operations[0].depth", "bad_value"),
        (14, "operations[0].recovery", "bad_value"), (15, "operations[0].shape", "bad_value")]
    msgs = [i.message for i in issues]
    assert msgs[0] == "year must be a year in 1949..2100 (a whole year such as 2021), got '2021年'"
    assert msgs[1].startswith("depth must be a fraction in [0, 1) such as 0.05 for 5%, got 5;")
    assert msgs[2].startswith("recovery must be a whole number of years >= 0, or a list")
    assert msgs[3] == "shape must be one of linear, geometric; got 'geometrc'. Did you mean 'geometric'?"


def test_an_unknown_operation_still_has_its_names_checked(tmp_path, mini):
    f = _write(tmp_path, "  - op: growth_shfit\n    indicator: rd_expenditur\n    region: xingtia\n")
    issues = check_scenario(f, mini[0], targets_dir=MINI / "targets")
    assert [(i.line, i.column, i.rule) for i in issues] == [
        (10, "operations[0].op", "unknown_operation"),
        (11, "operations[0].indicator", "unknown_indicator"),
        (12, "operations[0].region", "unknown_region")]
    assert "Did you mean 'rd_expenditure'?" in issues[1].message
    assert "Did you mean 'xingtai'?" in issues[2].message


def test_bad_settings_of_a_file_are_each_reported(tmp_path, mini):
    f = tmp_path / "settings.yaml"
    head = _HEAD.replace("as_of: 2019\n", "as_of: 19\nn_sims: 0\nseed: -1\nlabel_fr: x\n")
    f.write_text(head + "  - op: hold\n    indicator: rd_expenditure\n    from_year: 2020\n", encoding="utf-8")
    issues = check_scenario(f, mini[0], targets_dir=MINI / "targets")
    assert [(i.column, i.rule) for i in issues] == [
        ("label_fr", "unknown_key"), ("as_of", "bad_year"), ("n_sims", "bad_value"), ("seed", "bad_value")]
    assert issues[2].message == "n_sims must be a number of sample paths in 1..1000000, got 0"
    assert issues[3].message == "seed must be a seed in 0..9223372036854775807, got -1"
    with pytest.raises(ScenarioCheckError, match="4 scenario problems found"):
        from xtforecast.scenarios import load_scenario
        load_scenario(f, mini[0], targets_dir=MINI / "targets")
