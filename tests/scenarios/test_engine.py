"""The engine on the synthetic mini set: operations on the paths, driver propagation, the gap
adapter, provenance and reproducibility (same seed -> same summary in another process).

Baseline paths come from the synthetic stand-in projectors of xtforecast.testing, set up in
scen_helpers.py (the growth models are tested elsewhere): ``linear_projector`` (+10 % a year, all
paths equal: exact numbers)
and ``random_projector`` (per-series random streams).
"""

import subprocess
import sys
import textwrap

import numpy as np
import pytest
from scen_helpers import SCEN_FIXTURES, linear_projector, random_projector
from xt_testpaths import MINI

from xtforecast._schema import SUMMARY_COLUMNS
from xtforecast.scenarios import run
from xtforecast.scenarios.engine import driver_relation
from xtforecast.scenarios.spec import ScenarioCheckError

HEAD = """# Synthetic test scenario.
label_zh: 测试
label_en: Test
description_zh: 合成。
description_en: Synthetic.
plan: mini_plan
as_of: 2019
horizon: 2022
n_sims: 4
seed: 1
"""


def scenario(tmp_path, load, ops: str, name="s"):
    f = tmp_path / f"{name}.yaml"
    f.write_text(HEAD + "operations:\n" + textwrap.indent(textwrap.dedent(ops), "  "), encoding="utf-8")
    return load(f)


def go(spec, mini, **kw):
    cat, obs, plan = mini
    kw.setdefault("projector", linear_projector)
    return run(spec, obs=obs, catalog=cat, plan=plan, **kw)


def paths(res, ind, reg="xingtai"):
    return res.paths[(ind, reg)].paths


def test_summary_has_the_contract_columns_first_and_one_row_per_goal(load, mini):
    res = go(load("base"), mini)
    assert list(res.summary.columns[:len(SUMMARY_COLUMNS)]) == SUMMARY_COLUMNS
    assert res.summary["target_id"].tolist() == ["rd_intensity_2022", "hte_net_2020",
                                                 "weixian_class_2022"]
    assert (res.summary["scenario"] == "base").all()


def test_parent_operation_reaches_the_paths(load, mini):
    res = go(load("base"), mini)
    # 325 * 1.1^k (baseline) * 1.05^k (growth_shift +5 pp from 2020), k = 1..3
    np.testing.assert_allclose(paths(res, "high_tech_enterprises")[0], 325 * 1.155 ** np.arange(1, 4))
    # net increase 2020 = 325 * 0.155 = 50.375 < 80: P(attain) 0
    row = res.summary.set_index("target_id").loc["hte_net_2020"]
    assert row["projected_median"] == pytest.approx(50.375) and row["p_attain"] == 0


def test_driver_changes_flow_into_the_ratio(load, mini):
    # shock on the numerator, hold on the denominator
    res = go(load("grandchild"), mini)
    base = 1.4 * 1.1 ** np.arange(1, 4)                      # rd_intensity baseline
    shock = np.array([0.9, 0.95, 1.0])                       # 1 - 0.1 * (1, 0.5, 0)
    gdp = 1786 * 1.1 ** np.arange(1, 4)
    held = np.array([gdp[0], gdp[0], gdp[0]])                # hold 2021-22 at the 2020 level
    expected = base * shock / (held / gdp)
    np.testing.assert_allclose(paths(res, "rd_intensity")[0], expected)
    np.testing.assert_allclose(paths(res, "gdp_nominal")[0], held)


def test_driver_without_paths_flows_as_a_factor(load, mini, tmp_path):
    cat, obs, plan = mini
    obs = obs[obs["indicator"] != "rd_expenditure"].reset_index(drop=True)
    spec = scenario(tmp_path, load, """
        - {op: growth_shift, indicator: rd_expenditure, pp: 10, from_year: 2021}
    """)
    res = run(spec, obs=obs, catalog=cat, plan=plan, projector=linear_projector)
    np.testing.assert_allclose(paths(res, "rd_intensity")[0],
                               1.4 * 1.1 ** np.arange(1, 4) * [1, 1.1, 1.21])
    assert any("applied to rd_intensity through its formula" in n for n in res.notes)


def test_non_multiplicative_op_on_a_pathless_driver_is_noted(load, mini, tmp_path):
    cat, obs, plan = mini
    obs = obs[obs["indicator"] != "rd_expenditure"].reset_index(drop=True)
    spec = scenario(tmp_path, load, """
        - {op: level_shift, indicator: rd_expenditure, year: 2021, delta: 5}
    """)
    res = run(spec, obs=obs, catalog=cat, plan=plan, projector=linear_projector)
    np.testing.assert_allclose(paths(res, "rd_intensity")[0], 1.4 * 1.1 ** np.arange(1, 4))
    assert any("it does not flow into rd_intensity" in n for n in res.notes)


def test_target_path_through_the_engine(load, mini, tmp_path):
    spec = scenario(tmp_path, load, "- {op: target_path, target: rd_intensity_2022}\n")
    res = go(spec, mini)
    np.testing.assert_allclose(paths(res, "rd_intensity"), np.tile([1.6, 1.8, 2.0], (4, 1)))
    row = res.summary.set_index("target_id").loc["rd_intensity_2022"]
    assert row["p_attain"] == 1 and row["projected_median"] == pytest.approx(2.0)


def test_ratio_to_reference_uses_the_reference_paths(load, mini, tmp_path):
    spec = scenario(tmp_path, load, """
        - {op: ratio_to_reference, indicator: rd_intensity, reference_region: hebei,
           ratio_change_pp: 10, from_year: 2021}
    """)
    res = go(spec, mini)
    city = 1.4 * 1.1 ** np.arange(1, 4)
    ref = 1.6 * 1.1 ** np.arange(1, 4)
    np.testing.assert_allclose(paths(res, "rd_intensity")[0], city + [0, 0.1, 0.1] * ref)
    np.testing.assert_allclose(paths(res, "rd_intensity", "hebei")[0], ref)   # unchanged


def test_natural_bounds_hold_after_every_operation(load, mini, tmp_path):
    spec = scenario(tmp_path, load, "- {op: level_shift, indicator: rd_intensity, year: 2021, delta: -5}\n")
    res = go(spec, mini)
    np.testing.assert_allclose(paths(res, "rd_intensity")[0], [1.54, 0, 0])


def test_baseline_is_not_modified(load, mini):
    cat, obs, plan = mini
    base = {k: linear_projector(obs, cat, *k, as_of=2019, end_year=2022, n_sims=200, seed=7)
            for k in [("high_tech_enterprises", "xingtai"), ("rd_intensity", "xingtai")]}
    before = base[("high_tech_enterprises", "xingtai")].paths.copy()
    res = go(load("base"), mini, baseline=base)
    np.testing.assert_array_equal(base[("high_tech_enterprises", "xingtai")].paths, before)
    assert not np.array_equal(paths(res, "high_tech_enterprises"), before)


def test_overrides_and_provenance(load, mini):
    res = go(load("child_append"), mini, n_sims=3, seed=11)
    p = res.provenance
    assert (p["n_sims"], p["seed"], p["as_of"], p["horizon"], p["plan"]) == (3, 11, 2019, 2022, "mini_plan")
    assert p["scenario_files"] == [str(SCEN_FIXTURES / "scen" / f) for f in ("base.yaml", "child_append.yaml")]
    assert len(p["scenario_hash"]) == 64 and len(p["data_hash"]) == 64
    assert p["package_version"]
    assert paths(res, "high_tech_enterprises").shape == (3, 3)


def test_an_as_of_override_that_breaks_an_operation_year_is_an_error(load, mini):
    with pytest.raises(ScenarioCheckError, match="year 2020 is not a projected year: the data vintage as_of is 2020"):
        go(load("child_append"), mini, as_of=2020)


def test_driver_relation_parses_ratio_and_difference(mini):
    cat = mini[0]
    assert driver_relation(cat.indicators["rd_intensity"]) == (
        "ratio", {"rd_expenditure": 1, "gdp_nominal": -1})
    from types import SimpleNamespace as NS
    assert driver_relation(NS(formula="x_added(t) = x(t) - x(t-1)", drivers=("x",))) == (
        "difference", {"x": 1})
    assert driver_relation(NS(formula="p / pop * 1e4", drivers=("p", "pop"))) == (
        "ratio", {"p": 1, "pop": -1})
    assert driver_relation(NS(formula="a + b", drivers=("a", "b"))) is None


def test_difference_formula_moves_the_additions(mini, tmp_path, load):
    """A stock's change flows into its additions: added'_t = added_t + D_t - D_{t-1}."""
    from dataclasses import replace

    from xtforecast.catalog import Indicator
    cat, obs, plan = mini
    cat = replace(cat, indicators=dict(cat.indicators))
    cat.indicators["high_tech_enterprises_added"] = Indicator(
        "high_tech_enterprises_added", "新增", "added", "count", "flow", bounds=(None, None),
        formula="x(t) - x(t-1)", drivers=("high_tech_enterprises",))
    spec = scenario(tmp_path, load, "- {op: level_shift, indicator: high_tech_enterprises, year: 2021, delta: 10}\n")
    added = linear_projector(obs, cat, "high_tech_enterprises", "xingtai", as_of=2019, end_year=2022,
                             n_sims=4, seed=1)
    added = replace(added, indicator="high_tech_enterprises_added", paths=np.full((4, 3), 50.0))
    res = run(spec, obs=obs, catalog=cat, plan=plan, projector=linear_projector,
              baseline={("high_tech_enterprises_added", "xingtai"): added})
    # the stock is +10 from 2021: additions +10 in 2021 only
    np.testing.assert_allclose(res.paths[("high_tech_enterprises_added", "xingtai")].paths[0], [50, 60, 50])


SNIPPET = """
import sys
from pathlib import Path
from xtforecast.testing import random_walk_projector
MINI, SCEN_FIXTURES = Path({mini!r}), Path({fixtures!r})
random_projector = random_walk_projector(skip_kinds=())
from xtforecast.catalog import load_catalog
from xtforecast.observations import load_observations
from xtforecast.targets import load_plan
from xtforecast.scenarios import load_scenario, run
cat = load_catalog(MINI / "indicators.yaml", MINI / "regions.yaml")
obs = load_observations(SCEN_FIXTURES / "obs.csv", cat)
plan = load_plan(MINI / "targets" / "mini_plan.yaml", cat)
spec = load_scenario(SCEN_FIXTURES / "scen" / "grandchild.yaml", cat, targets_dir=MINI / "targets")
res = run(spec, obs=obs, catalog=cat, plan=plan, projector=random_projector, n_sims=500)
sys.stdout.write(res.summary.to_csv(index=False))
"""


def test_same_seed_same_summary_in_two_processes(load, mini):
    code = SNIPPET.format(mini=str(MINI), fixtures=str(SCEN_FIXTURES))
    outs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": str(h), "PATH": ""}).stdout for h in (1, 2)]
    assert outs[0] == outs[1]
    # and in this process
    res = go(load("grandchild"), mini, projector=random_projector, n_sims=500)
    assert res.summary.to_csv(index=False) == outs[0].replace("\r\n", "\n")
    # a different seed changes the paths
    other = go(load("grandchild"), mini, projector=random_projector, n_sims=500, seed=100)
    assert not np.array_equal(paths(res, "rd_intensity"), paths(other, "rd_intensity"))


def test_result_quantiles_are_tidy(load, mini):
    res = go(load("base"), mini)
    q = res.quantiles()
    assert list(q.columns) == ["indicator", "region", "scenario", "year", "quantile", "value",
                               "unit", "method"]
    assert set(q["quantile"]) == {0.1, 0.5, 0.9}
    # the rows are the paths' quantiles, year by year, with the series' unit and method
    proj = res.paths[("rd_intensity", "xingtai")]
    rd = q[(q["indicator"] == "rd_intensity") & (q["region"] == "xingtai")]
    assert list(rd["year"]) == [y for y in proj.years for _ in range(3)]
    np.testing.assert_allclose(rd["value"].to_numpy().reshape(-1, 3),
                               np.quantile(proj.paths, [0.1, 0.5, 0.9], axis=0).T)
    assert set(rd["unit"]) == {"percent"} and set(rd["method"]) == {proj.method}


def test_target_path_goal_missing_from_an_overriding_plan_is_an_error(load, mini, tmp_path):
    from dataclasses import replace
    cat, obs, plan = mini
    spec = scenario(tmp_path, load, "- {op: target_path, target: rd_intensity_2022}\n")
    other = replace(plan, id="other_plan", targets=tuple(t for t in plan.targets
                                                         if t.id != "rd_intensity_2022"))
    with pytest.raises(ScenarioCheckError, match="no goal 'rd_intensity_2022' in plan 'other_plan'"):
        run(spec, obs=obs, catalog=cat, plan=other, projector=linear_projector)


def test_target_path_loaded_without_a_catalog_takes_its_series_from_the_goal(mini, tmp_path):
    from xtforecast.scenarios import read_scenario
    cat, obs, plan = mini
    f = tmp_path / "tp.yaml"
    f.write_text(HEAD + "operations:\n  - {op: target_path, target: rd_intensity_2022}\n", encoding="utf-8")
    spec, issues = read_scenario(f, None)
    assert issues == [] and spec.operations[0].indicator is None
    res = run(spec, obs=obs, catalog=cat, plan=plan, projector=linear_projector)
    np.testing.assert_allclose(paths(res, "rd_intensity")[0], [1.6, 1.8, 2.0])


def test_same_results_at_any_job_count_and_order():
    from concurrent.futures import ProcessPoolExecutor

    from scen_helpers import run_fixture_summary
    names = ["base", "child_append", "grandchild", "child_replace"]
    serial = {n: run_fixture_summary(n) for n in names}
    with ProcessPoolExecutor(max_workers=3) as ex:
        parallel = dict(zip(names[::-1], ex.map(run_fixture_summary, names[::-1]), strict=True))
    assert parallel == serial


def test_gap_adapter_gives_what_the_gap_layer_gives_on_all_observations(load, mini):
    import pandas as pd

    from xtforecast.gap import evaluate_targets
    cat, obs, plan = mini
    res = go(load("grandchild"), mini, projector=random_projector, n_sims=300)
    full = evaluate_targets(list(plan.targets), obs, res.paths, 2019, cat, scenario="grandchild",
                            seed=res.provenance["seed"])
    # the adapter adds one column: the model (and pool) behind each goal's paths
    pd.testing.assert_frame_equal(full, res.summary.drop(columns="projection_method"))
    by_paths = res.summary["p_source"] == "paths"
    assert by_paths.any()
    assert set(res.summary.loc[by_paths, "projection_method"]) == {
        res.paths[k].method for k in zip(res.summary.loc[by_paths, "indicator"],
                                         res.summary.loc[by_paths, "region"], strict=True)}
    assert (res.summary.loc[~by_paths, "projection_method"] == "").all()
