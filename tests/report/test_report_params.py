"""Parameter validation: types, allowed values, unknown names (an error, not papermill's warning)."""

import json

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook
from report_paths import COMPARE, FIXTURE_SCENARIOS, TEMPLATE

from xtforecast.report.params import (
    COMPARE_PARAMETERS,
    REPORT_PARAMETERS,
    ParameterError,
    check_template,
    notebook_parameters,
    validate_parameters,
)


def test_defaults_are_filled_and_valid():
    p = validate_parameters({"scenario": str(FIXTURE_SCENARIOS / "baseline.yaml")})
    assert list(p) == list(REPORT_PARAMETERS)
    assert p["lang"] == "zh" and p["n_sims"] == 200 and p["as_of"] is None


def test_unknown_parameter_is_an_error_with_a_suggestion():
    with pytest.raises(ParameterError,
                       match=r"n_sim: unknown parameter\. Did you mean 'n_sims'\? Known: scenario, as_of"):
        validate_parameters({"scenario": str(FIXTURE_SCENARIOS / "baseline.yaml"), "n_sim": 5})


@pytest.mark.parametrize("name, value, pattern", [
    ("lang", "cn", r"lang: must be one of zh, en; got 'cn'"),
    ("n_sims", "200", r"n_sims: must be a whole number in 1\.\.1000000, got '200'"),
    ("n_sims", True, r"n_sims: must be a whole number in 1\.\.1000000, got True"),
    ("n_sims", 0, r"n_sims: must be a whole number in 1\.\.1000000, got 0"),
    ("as_of", 1800, r"as_of: must be a year in 1949\.\.2100 \(a whole year such as 2021\), got 1800"),
    ("seed", 1.5, r"seed: must be a whole number in 0\.\.9223372036854775807, got 1\.5"),
    ("lang", None, r"lang: None is not allowed"),
    ("out_dir", 3, r"out_dir: must be a string, got 3"),
    ("scenario", "no/such.yaml", r"scenario: file 'no/such.yaml' not found"),
    ("data_dir", "no/such/dir", r"data_dir: 'no/such/dir' is not a directory"),
    ("projector", 3, r"projector: must be a string, got 3"),
])
def test_bad_values_say_rule_value_and_fix(name, value, pattern):
    params = {"scenario": str(FIXTURE_SCENARIOS / "baseline.yaml"), name: value}
    with pytest.raises(ParameterError, match=pattern):
        validate_parameters(params)


def test_every_problem_is_reported_at_once():
    with pytest.raises(ParameterError) as exc:
        validate_parameters({"scenario": "x.yaml", "lang": "fr", "seed": "1", "colour": 1})
    assert len(exc.value.problems) == 4
    assert str(exc.value).startswith("4 problems in report parameters:")


def test_unknown_scenario_name_lists_the_known_ones(monkeypatch):
    import xtforecast.config
    # the fixture scenarios stand in for scenarios/ (read when a name is looked up)
    monkeypatch.setattr(xtforecast.config, "SCENARIOS_DIR", FIXTURE_SCENARIOS)
    with pytest.raises(ParameterError, match=r"no scenario 'pusj'.*Did you mean 'push'.*Known: "
                                             r"baseline, broken, push"):
        validate_parameters({"scenario": "pusj"})


def test_declared_names_restrict_the_known_ones():
    with pytest.raises(ParameterError, match="seed: unknown parameter"):
        validate_parameters({"scenario": str(FIXTURE_SCENARIOS / "baseline.yaml"), "seed": 1},
                            declared={"scenario", "lang"})


@pytest.mark.parametrize("template, specs", [(TEMPLATE, REPORT_PARAMETERS),
                                             (COMPARE, COMPARE_PARAMETERS)])
def test_templates_declare_exactly_the_specs_with_the_same_defaults(template, specs):
    declared = check_template(template, specs)
    assert list(declared) == list(specs)
    for name, spec in specs.items():
        # papermill gives the default as source text
        assert json.loads(declared[name]["default"].replace("None", "null")) == spec.default, name
        assert declared[name]["help"], f"{name} has no help comment"


def _template(tmp_path, source):
    nb = new_notebook(cells=[new_code_cell(source, metadata={"tags": ["parameters"]})],
                      metadata={"kernelspec": {"name": "python3", "language": "python",
                                               "display_name": "Python 3"}})
    path = tmp_path / "t.ipynb"
    nbformat.write(nb, path)
    return path


def test_check_template_catches_drift(tmp_path):
    path = _template(tmp_path, 'scenario = "baseline"\nlang = "zh"\ncolour = 1\n')
    with pytest.raises(ParameterError, match=r"(?s)declares colour.*lacks as_of, data_dir, n_sims, "
                                             r"out_dir, projector, seed"):
        check_template(path)


def test_check_template_needs_a_parameters_cell(tmp_path):
    nb = new_notebook(cells=[new_code_cell("x = 1")])
    nbformat.write(nb, tmp_path / "t.ipynb")
    with pytest.raises(ParameterError, match="no cell tagged 'parameters'"):
        check_template(tmp_path / "t.ipynb")


def test_notebook_namespace_check_finds_injected_unknowns():
    import math
    ns = {"In": [], "Out": {}, "get_ipython": print, "_": None, "__name__": "__main__",
          "math": math, "xr": math, "scenario": str(FIXTURE_SCENARIOS / "baseline.yaml"),
          "lang": "en", "n_sim": 5}
    with pytest.raises(ParameterError, match="n_sim: unknown parameter"):
        notebook_parameters(ns)
    del ns["n_sim"]
    ns["params"] = {}  # a template's own variable (re-running the first cell by hand)
    assert notebook_parameters(ns)["lang"] == "en"


def test_each_bad_parameter_is_an_issue_naming_parameter_rule_and_fix():
    with pytest.raises(ParameterError) as exc:
        validate_parameters({"scenario": str(FIXTURE_SCENARIOS / "baseline.yaml"), "n_sims": 0,
                             "seed": True, "lang": None, "n_sim": 5}, where="scenario push")
    assert [(i.path, i.column, i.rule) for i in exc.value.issues] == [
        ("scenario push", "n_sim", "unknown_parameter"), ("scenario push", "n_sims", "bad_value"),
        ("scenario push", "seed", "bad_value"), ("scenario push", "lang", "missing_value")]
    assert exc.value.problems[1:] == [
        "n_sims: must be a whole number in 1..1000000, got 0",
        "seed: must be a whole number in 0..9223372036854775807, got True",
        "lang: None is not allowed; give a str (report language: zh or en)"]
    assert str(exc.value).startswith("4 problems in scenario push:\n  n_sim: unknown parameter.")


def test_a_problem_of_the_run_as_a_whole_is_listed_as_written():
    err = ParameterError(["give --scenario NAME (repeatable) or --all"])
    assert err.problems == ["give --scenario NAME (repeatable) or --all"]
    assert str(err) == "1 problem in report parameters:\n  give --scenario NAME (repeatable) or --all"
