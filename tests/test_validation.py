"""Validation of observations, catalogs and plans: one bad-row fixture per rule.

The fixtures are synthetic; each test pins the rule, the line and the words of the message.
"""

import shutil

import pytest
from xt_testpaths import FIXTURES, MINI

from xtforecast.catalog import read_indicators, read_regions
from xtforecast.errors import DataError
from xtforecast.observations import load_observations, read_observations, select_series
from xtforecast.targets import load_plan, read_plan

HEADER = "indicator,region,year,value,unit,bound,kind,vintage,source,source_title,quote,note\n"
GOOD = "high_tech_enterprises,xingtai,2020,450,count,,actual,,https://example.org/s,T,,\n"


def _check_one(tmp_path, mini_catalog, row: str):
    """Write header + one good row + ``row``; return the issues (the bad row is on line 3)."""
    f = tmp_path / "obs.csv"
    f.write_text(HEADER + GOOD + row, encoding="utf-8")
    df, issues = read_observations(f, mini_catalog)
    return df, issues


@pytest.mark.parametrize("row, rule, column, words", [
    ("rd_intensty,hebei,2019,1.6,percent,,actual,,https://e.org,T,,\n",
     "unknown_indicator", "indicator", "Did you mean 'rd_intensity'?"),
    ("rd_intensity,hebie,2019,1.6,percent,,actual,,https://e.org,T,,\n",
     "unknown_region", "region", "Did you mean 'hebei'?"),
    ("rd_intensity,hebei,2019,1.6,ratio,,actual,,https://e.org,T,,\n",
     "unit_mismatch", "unit", "is measured in 'percent'"),
    ("high_tech_enterprises,xingtai,2020,451,count,,actual,,https://e.org,T,,\n",
     "duplicate_key", "indicator,region,year,vintage", "duplicate of line 2"),
    ("high_tech_enterprises,xingtai,2021,450家以上,count,,actual,,https://e.org,T,,\n",
     "non_numeric", "value", "'450家以上' is not a number"),
    ("high_tech_enterprises,xingtai,2021,-1,count,,actual,,https://e.org,T,,\n",
     "negative_count", "value", "a count cannot be below 0"),
    ("rd_intensity,hebei,2019,101,percent,,actual,,https://e.org,T,,\n",
     "out_of_bounds", "value", "outside the natural bounds [0.0, 100.0]"),
    ("rd_intensity,hebei,1900,1.0,percent,,actual,,https://e.org,T,,\n",
     "year_out_of_range", "year", "year must be a year in 1949.."),
    ("rd_intensity,hebei,2019,1.6,percent,,actual,,,T,,\n",
     "missing_source", "source", "source is empty"),
    ("rd_intensity,hebei,2019,1.6,percent,~,actual,,https://e.org,T,,\n",
     "bad_bound", "bound", "bound must be one of '', '>=', '<='; got '~'"),
    ("rd_intensity,hebei,2019,1.6,percent,,target,,https://e.org,T,,\n",
     "bad_kind", "kind", "Plan goals go in data/targets/"),
    ("county_class,weixian,2020,D,class,,actual,,https://e.org,T,,\n",
     "non_numeric", "value", "'D' is not a class of 'county_class'"),
])
def test_each_rule_names_line_column_and_rule(tmp_path, mini_catalog, row, rule, column, words):
    df, issues = _check_one(tmp_path, mini_catalog, row)
    assert len(issues) == 1, issues
    (issue,) = issues
    assert (issue.line, issue.column, issue.rule) == (3, column, rule)
    assert words in issue.message
    assert str(issue).startswith(f"{tmp_path / 'obs.csv'}:3: {column}: [{rule}]")
    assert len(df) == 1  # the good row survives


def test_eight_kinds_of_error_in_one_pass(mini_catalog):
    """The issue's acceptance case: one row per kind of error -> 8 messages, each with its line."""
    _, issues = read_observations(FIXTURES / "bad_observations.csv", mini_catalog)
    assert [(i.line, i.rule) for i in issues] == [
        (2, "unknown_indicator"), (3, "unit_mismatch"), (5, "duplicate_key"),
        (6, "non_numeric"), (7, "negative_count"), (8, "out_of_bounds"),
        (9, "year_out_of_range"), (10, "missing_source"),
    ]
    with pytest.raises(DataError, match="8 problems found"):
        load_observations(FIXTURES / "bad_observations.csv", mini_catalog)


def test_clean_file_loads_typed(mini_catalog):
    df = load_observations(MINI / "observations.csv", mini_catalog)
    assert len(df) == 5
    assert str(df["year"].dtype) == "int64" and str(df["value"].dtype) == "float64"
    # A quoted note spanning two lines does not shift the line numbers of later rows.
    assert df.loc[df["region"] == "weixian", "line"].item() == 7
    cls = df[df["indicator"] == "county_class"].iloc[0]
    assert (cls["value"], cls["label"]) == (3.0, "C")  # C is the third class, best first
    hte = df[(df["indicator"] == "high_tech_enterprises") & (df["year"] == 2021)].iloc[0]
    assert hte["bound"] == ">="


def test_select_series_prefers_revised_and_respects_as_of(mini_catalog):
    df = load_observations(MINI / "observations.csv", mini_catalog)
    s = select_series(df, "rd_intensity", "hebei")
    assert s["value"].tolist() == [1.62]  # revised beats first release
    assert select_series(df, "high_tech_enterprises", "xingtai", as_of=2020)["year"].tolist() == [2020]


def test_missing_column_is_reported(tmp_path, mini_catalog):
    f = tmp_path / "obs.csv"
    f.write_text("indicator,region,year,value,unit,kind\nx,y,2020,1,count,actual\n", encoding="utf-8")
    _, issues = read_observations(f, mini_catalog)
    assert issues[0].rule == "missing_column" and "source" in issues[0].column


def test_plan_errors_all_in_one_pass_with_suggestions(mini_catalog):
    plan, issues = read_plan(FIXTURES / "bad_plan.yaml", mini_catalog)
    assert plan is None
    got = {(i.line, i.rule) for i in issues}
    assert (8, "unknown_indicator") in got
    assert (21, "unknown_key") in got
    assert (18, "bad_type") in got
    assert (23, "missing_field") in got
    msgs = "\n".join(i.message for i in issues)
    assert "Did you mean 'target_year'?" in msgs
    assert "Did you mean 'share'?" in msgs
    assert "cumulative goal needs 'window" in msgs


def test_plan_loads_with_typed_goals(mini_catalog):
    plan = load_plan(MINI / "targets" / "mini_plan.yaml", mini_catalog)
    assert [t.id for t in plan.targets] == ["rd_intensity_2022", "hte_net_2020", "weixian_class_2022"]
    cls = plan.targets[2]
    assert (cls.value, cls.binding, cls.base_year) == ("B", "indicative", None)
    assert plan.targets[1].value == 80.0


def test_plan_id_must_match_file_name(tmp_path, mini_catalog):
    f = tmp_path / "other_name.yaml"
    shutil.copy(MINI / "targets" / "mini_plan.yaml", f)
    _, issues = read_plan(f, mini_catalog)
    assert [i.rule for i in issues] == ["id_mismatch"]


def test_catalog_unknown_key_and_bad_enum(tmp_path):
    f = tmp_path / "indicators.yaml"
    f.write_text("indicators:\n  - id: x\n    zh: 甲\n    en: X\n    unit: count\n    kind: stok\n"
                 "    direction: higher\n    bound: [0, null]\n", encoding="utf-8")
    _, issues = read_indicators(f)
    rules = {(i.line, i.rule) for i in issues}
    assert (6, "bad_kind") in rules and (8, "unknown_key") in rules
    assert any("Did you mean 'bounds'?" in i.message for i in issues)
    assert any("Did you mean 'stock'?" in i.message for i in issues)


def test_catalog_family_is_checked_and_read(tmp_path):
    """``family`` names a growth family (GROWTH_FAMILIES); a slip is refused at its line with
    the right name, and a valid one reaches the Indicator (the projection reads it there)."""
    f = tmp_path / "indicators.yaml"
    rest = "    direction: higher\n    bounds: [0, null]\n    population: p\n"
    f.write_text("indicators:\n  - id: x\n    zh: 甲\n    en: X\n    unit: count\n    kind: stock\n"
                 "    family: stl\n" + rest + "  - id: y\n    zh: 乙\n    en: Y\n    unit: count\n"
                 "    kind: flow\n    family: sti\n" + rest, encoding="utf-8")
    out, issues = read_indicators(f)
    assert [(i.line, i.rule) for i in issues] == [(7, "bad_family")]
    assert "Did you mean 'sti'?" in issues[0].message
    assert "x" not in out and out["y"].family == "sti"


def test_region_parent_must_exist(tmp_path):
    f = tmp_path / "regions.yaml"
    f.write_text("regions:\n  - {id: a, zh: 甲, en: A, level: city, parent: hebie}\n", encoding="utf-8")
    _, issues = read_regions(f)
    assert [i.rule for i in issues] == ["unknown_region"]


def test_yaml_syntax_error_names_line(tmp_path, mini_catalog):
    f = tmp_path / "p.yaml"
    f.write_text("plan:\n  id: p\n targets: [\n", encoding="utf-8")
    with pytest.raises(DataError) as exc:
        load_plan(f, mini_catalog)
    assert exc.value.issues[0].rule == "yaml_syntax"
    assert exc.value.issues[0].line is not None


# -- issue 13, class 8: shapes a hand-written YAML can take ------------------------------------

def _mini_copy(tmp_path, fname, old, new):
    d = tmp_path / "mini"
    shutil.copytree(MINI, d)
    f = d / fname
    text = f.read_text(encoding="utf-8")
    assert old in text
    f.write_text(text.replace(old, new, 1), encoding="utf-8")
    return f


@pytest.mark.parametrize("fname, old, new, rule, column", [
    ("regions.yaml", "{id: weixian,", "{id: [weixian, x],", "bad_id", "regions[3].id"),
    ("indicators.yaml", "  - id: rd_intensity\n", "  - id: {a: 1}\n", "bad_id", "indicators[0].id"),
    ("regions.yaml", "parent: xingtai}", "parent: [xingtai]}", "bad_parent", "regions[3].parent"),
])
def test_an_id_written_as_a_list_or_mapping_is_one_message(tmp_path, fname, old, new, rule, column):
    f = _mini_copy(tmp_path, fname, old, new)
    reader = read_regions if fname == "regions.yaml" else read_indicators
    _, issues = reader(f)
    assert [(i.rule, i.column) for i in issues] == [(rule, column)]
    assert "written as text" in issues[0].message


def test_drivers_given_as_a_string_is_one_message_not_one_per_character(tmp_path):
    f = _mini_copy(tmp_path, "indicators.yaml", "drivers: [rd_expenditure, gdp_nominal]",
                   "drivers: rd_expenditure")
    _, issues = read_indicators(f)
    assert [(i.rule, i.column, i.line) for i in issues] == [
        ("bad_drivers", "indicators[0].drivers", 11)]


def test_a_cycle_of_region_parents_is_refused_once(tmp_path):
    f = _mini_copy(tmp_path, "regions.yaml", "{id: china, zh: 全国, en: China, level: country}",
                   "{id: china, zh: 全国, en: China, level: country, parent: weixian}")
    _, issues = read_regions(f)
    assert [(i.rule, i.line) for i in issues] == [("parent_cycle", 3)]
    assert "china -> weixian -> xingtai -> hebei -> china" in issues[0].message


def test_a_target_id_written_as_a_list_is_refused(tmp_path, mini_catalog):
    f = _mini_copy(tmp_path, "targets/mini_plan.yaml", "  - id: rd_intensity_2022",
                   "  - id: [rd_intensity_2022]")
    plan, issues = read_plan(f, mini_catalog)
    assert plan is None and [(i.rule, i.column) for i in issues] == [("bad_id", "targets[0].id")]


# -- issue 10, item 6: every bad cell of a row, not only the first ------------------------------

@pytest.mark.parametrize("row, expected", [
    # two wrong cells: the value is not a number and the unit disagrees with the catalog
    ("rd_intensity,hebei,2019,abc,ratio,,actual,,https://e.org,T,,\n",
     [("value", "non_numeric"), ("unit", "unit_mismatch")]),
    # three: a year before 1949, a negative count (not also out of bounds: one rule per cell), a bound
    ("high_tech_enterprises,xingtai,1900,-1,count,>,actual,,https://e.org,T,,\n",
     [("year", "year_out_of_range"), ("value", "negative_count"), ("bound", "bad_bound")]),
    # an unknown indicator: its unit and value cannot be judged, the other cells can
    ("rd_intensty,hebie,20x9,1.6,percent,~,actul,old,,T,,\n",
     [("indicator", "unknown_indicator"), ("region", "unknown_region"), ("year", "bad_year"),
      ("bound", "bad_bound"), ("kind", "bad_kind"), ("vintage", "bad_vintage"),
      ("source", "missing_source")]),
    # empty cells, each its own issue
    (",xingtai,,450,count,,actual,,https://e.org,T,,\n",
     [("indicator", "missing_field"), ("year", "missing_field")]),
    # a duplicate of line 2 that is also wrong in another cell
    ("high_tech_enterprises,xingtai,2020,abc,count,,actual,,https://e.org,T,,\n",
     [("value", "non_numeric"), ("indicator,region,year,vintage", "duplicate_key")]),
])
def test_a_row_with_several_bad_cells_reports_each(tmp_path, mini_catalog, row, expected):
    df, issues = _check_one(tmp_path, mini_catalog, row)
    assert [(i.line, i.column, i.rule) for i in issues] == [(3, c, r) for c, r in expected]
    assert all(i.path == str(tmp_path / "obs.csv") and i.message for i in issues)
    assert len(df) == 1  # the bad row is left out, the good one stays


def test_each_message_of_a_bad_row_says_what_came_and_the_fix(tmp_path, mini_catalog):
    _, issues = _check_one(tmp_path, mini_catalog,
                           "high_tech_enterprises,xingtai,1900,-1,count,>,actual,,https://e.org,T,,\n")
    msgs = {i.column: i.message for i in issues}
    assert msgs["year"].startswith("year must be a year in 1949..") and "got '1900'" in msgs["year"]
    assert "value -1 is negative" in msgs["value"] and "a count cannot be below 0" in msgs["value"]
    assert "bound must be one of '', '>=', '<='; got '>'" in msgs["bound"]
    assert "'>=' for 以上/超过/突破" in msgs["bound"]
    with pytest.raises(DataError, match="3 problems found"):
        load_observations(tmp_path / "obs.csv", mini_catalog)


def test_a_goal_with_three_bad_keys_reports_each(tmp_path, mini_catalog):
    f = _mini_copy(tmp_path, "targets/mini_plan.yaml", "    target_year: 2022\n    base_year: 2019\n",
                   "    target_year: 2022年\n    base_year: 2019\n    binding: must\n    relative: 1\n")
    text = f.read_text(encoding="utf-8")
    f.write_text(text.replace("    value: 2.0\n", "    value: 两个百分点\n", 1), encoding="utf-8")
    plan, issues = read_plan(f, mini_catalog)
    assert plan is None
    assert [(i.column, i.rule) for i in issues] == [
        ("targets[0].binding", "bad_binding"), ("targets[0].target_year", "bad_year"),
        ("targets[0].value", "non_numeric"), ("targets[0].relative", "bad_flag")]
    msgs = [i.message for i in issues]
    assert msgs[0] == "binding must be one of binding, indicative; got 'must'."
    assert msgs[1] == "target_year must be a year in 1949..2100 (a whole year such as 2021), got '2022年'"
    assert msgs[2] == "value must be a number, got '两个百分点'"
    assert msgs[3] == "relative must be true or false, got 1"


def test_a_goal_value_is_checked_under_an_unknown_indicator_too(tmp_path, mini_catalog):
    f = _mini_copy(tmp_path, "targets/mini_plan.yaml", "    indicator: rd_intensity\n",
                   "    indicator: rd_intensty\n")
    f.write_text(f.read_text(encoding="utf-8").replace("    value: 2.0\n", "    value: 2%\n", 1),
                 encoding="utf-8")
    _, issues = read_plan(f, mini_catalog)
    assert [(i.column, i.rule) for i in issues] == [("targets[0].indicator", "unknown_indicator"),
                                                    ("targets[0].value", "non_numeric")]
