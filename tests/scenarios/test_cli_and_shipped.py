"""``xtforecast scenarios list|check`` and the five shipped scenarios.

CLI tests use the synthetic fixtures; the shipped-scenario tests use the bundled data and are
skipped (with the reason) until data/indicators.yaml, data/observations.csv and
data/targets/xingtai_2020.yaml exist.
"""

import json

import pytest
from scen_helpers import SCEN_FIXTURES
from xt_testpaths import MINI

from xtforecast import config
from xtforecast.cli import main
from xtforecast.scenarios import list_scenarios, read_scenario
from xtforecast.scenarios.spec import scenario_files

SHIPPED = ["baseline", "baseline_2019", "covid_shock", "policy_push", "stagnation", "target_path"]
MINI_OPTS = ["--indicators", str(MINI / "indicators.yaml"), "--regions", str(MINI / "regions.yaml"),
             "--targets-dir", str(MINI / "targets")]
HAVE_CATALOG = config.INDICATORS_FILE.exists() and config.REGIONS_FILE.exists()
HAVE_DATA = HAVE_CATALOG and config.OBSERVATIONS_FILE.exists() and (
    config.TARGETS_DIR / "xingtai_2020.yaml").exists()
needs_data = pytest.mark.skipif(not HAVE_DATA, reason="bundled data (data/observations.csv, "
                                "data/targets/xingtai_2020.yaml) not written yet")


# -- CLI -------------------------------------------------------------------------------------------

def test_check_clean_files_exits_0(capsys):
    files = [str(SCEN_FIXTURES / "scen" / f"{n}.yaml") for n in ("base", "grandchild")]
    assert main(["scenarios", "check", *files, *MINI_OPTS]) == 0
    assert "OK: 2 scenario file(s), no problems found" in capsys.readouterr().out


def test_check_bad_file_exits_2_with_file_line_and_suggestion(capsys):
    bad = SCEN_FIXTURES / "bad" / "unknown_operation.yaml"
    assert main(["scenarios", "check", str(bad), *MINI_OPTS]) == 2
    out = capsys.readouterr().out
    assert f"{bad}:9: operations[0].op: [unknown_operation] unknown operation 'growth_shfit'. " \
           "Did you mean 'growth_shift'?" in out


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_check_machine_formats(capsys, fmt):
    bad = SCEN_FIXTURES / "bad" / "contradiction.yaml"
    assert main(["scenarios", "check", str(bad), *MINI_OPTS, "--format", fmt]) == 2
    out = capsys.readouterr().out
    if fmt == "json":
        recs = json.loads(out)
        assert [(r["line"], r["rule"]) for r in recs] == [(13, "contradiction")]
    else:
        assert out.splitlines()[0] == "path,line,column,rule,message"


def test_list_shows_every_file_with_its_problems(capsys):
    assert main(["scenarios", "list", "--scenarios-dir", str(SCEN_FIXTURES / "scen"), *MINI_OPTS,
                 "--format", "json"]) == 0
    recs = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    assert set(recs) == {"base", "child_replace", "child_append", "grandchild"}
    assert recs["grandchild"]["operations"] == 3 and recs["grandchild"]["extends"] == "child_append"
    assert all(r["problems"] == 0 for r in recs.values())
    # what a file does not set is null, as in every other command's JSON (not "")
    assert recs["base"]["extends"] is None
    assert all(r["horizon"] is None or isinstance(r["horizon"], int) for r in recs.values())


# -- shipped scenarios -----------------------------------------------------------------------------

def test_the_five_shipped_scenarios_exist():
    assert sorted(f.stem for f in scenario_files()) == SHIPPED


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_scenario_structure_is_valid_without_data(name):
    spec, issues = read_scenario(name, None)
    assert issues == [], [str(i) for i in issues]
    assert spec.name == name and spec.label_zh and spec.label_en and spec.description("zh") \
        and spec.description("en")
    text = (config.SCENARIOS_DIR / f"{name}.yaml").read_text(encoding="utf-8")
    assert text.startswith(f"# {name} — ")         # the header comment says what grounds it


def test_shipped_scenarios_come_in_two_families_of_one_vintage_each():
    # issue 14, item 1: the plan-vantage family shares baseline_2019's as_of by inheriting it,
    # so changing the vintage in one file moves the whole family; baseline is the today family.
    df = list_scenarios().set_index("name")
    assert df.loc["baseline", "as_of"] == "latest" and df.loc["baseline_2019", "extends"] == "baseline"
    family = df.drop(["baseline", "baseline_2019"])
    assert (family["extends"] == "baseline_2019").all() and (family["as_of"] == 2019).all()
    for name in family.index:
        text = (config.SCENARIOS_DIR / f"{name}.yaml").read_text(encoding="utf-8")
        assert "\nas_of:" not in text, f"{name} must inherit its vintage from baseline_2019"


@needs_data
def test_scenarios_check_passes_on_every_shipped_file(capsys):
    assert main(["scenarios", "check"]) == 0, capsys.readouterr().out


@needs_data
@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_scenario_runs(name):
    from xtforecast._schema import SUMMARY_COLUMNS
    from xtforecast.scenarios import run
    res = run(name, n_sims=50)
    assert list(res.summary.columns[:len(SUMMARY_COLUMNS)]) == SUMMARY_COLUMNS
    assert len(res.summary) > 0 and (res.summary["scenario"] == name).all()
    assert res.provenance["n_sims"] == 50
