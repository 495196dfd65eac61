"""Saved scenario round trip: save -> check_scenario accepts -> load -> run gives the very
P(attain) the explorer showed (same seed, n_sims, as_of and horizon: exact equality)."""

import subprocess
import sys

import pytest
from xt_testpaths import BT_DATA
from xt_testpaths import BT_PROJECTOR as random_projector

from xtforecast.explore import save_scenario, update


def _batch_p(path, state, goal):
    from xtforecast.scenarios import check_scenario, load_scenario, run
    assert check_scenario(path, state.catalog, targets_dir=BT_DATA / "targets") == []
    spec = load_scenario(path, state.catalog, targets_dir=BT_DATA / "targets")
    # the whole plan, as a batch report runs it, with the package's projector stand-in
    res = run(spec, obs=state.obs, catalog=state.catalog, projector=random_projector,
              plan=state.plan)
    return res.summary.set_index("target_id").loc[goal, "p_attain"], res


@pytest.mark.parametrize("knobs", [
    {"growth_pp": 2.5},
    {"growth_pp": -1.0, "shock_depth": 0.08, "shock_year": 2021, "shock_recovery": 1},
    {"ratio_pp": 4.0, "ratio_from": 2021},
])
def test_save_check_load_run_same_p(state, scen_dir, knobs):
    view = update(state, **knobs)
    assert view.error is None
    path = save_scenario(state, "found_by_hand", scen_dir)
    p, res = _batch_p(path, state, view.goal_id)
    assert p == view.p_attain
    assert res.provenance["seed"] == state.seed and res.provenance["n_sims"] == state.n_sims


def test_round_trip_from_another_directory_and_vintage(state, tmp_path):
    # saved away from its parent: 'extends' becomes a relative path the lookup follows
    view = update(state, goal="hte_total_2021", scenario="baseline", as_of=2020, growth_pp=1.5)
    out = tmp_path / "elsewhere"
    path = save_scenario(state, "other_place", out)
    assert "extends: ../scenarios/baseline.yaml" in path.read_text(encoding="utf-8")
    p, _ = _batch_p(path, state, "hte_total_2021")
    assert p == view.p_attain


def test_cli_scenarios_check_accepts_saved_file(state, scen_dir):
    update(state, growth_pp=1.0)
    path = save_scenario(state, "cli_checked", scen_dir)
    r = subprocess.run([sys.executable, "-m", "xtforecast", "scenarios", "check", str(path),
                        "--data-dir", str(BT_DATA)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
