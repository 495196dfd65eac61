"""Sweeps: the same numbers as the full scenario engine, on every engine, and failure isolation.

Bundled data (real figures), few paths to keep it quick: the assertions compare two routes to
the same number, so they hold at any number of paths. The vintage is 2021: the last one at which
Xingtai's 2022 goals are still judged from projected paths (at the plan's own 2019 vantage
nothing about Xingtai had been published yet).
"""

import os

import numpy as np
import pandas as pd
import pytest

from xtforecast.engines import Failure, LocalEngine, SerialEngine
from xtforecast.explore import ExplorerState, update
from xtforecast.scenarios import run
from xtforecast.sweep import SweepJob, parse_knob, sweep

SIMS = 400
AS_OF = 2021
PATH_GOALS = ("high_tech_enterprises_2022", "tech_smes_2022")
HOLD = """name: hold_smes
label_zh: 科技型中小企业停滞
label_en: Tech SMEs held
description_zh: 测试用的合成情景：自2022年起科技型中小企业数量保持不变。
description_en: Synthetic test scenario; holds the tech SME stock flat from 2022.
plan: xingtai_2020
as_of: 2021
n_sims: 400
seed: 1
operations:
  - {op: hold, indicator: tech_smes, from_year: 2022}
"""


def _job(**kw):
    return SweepJob("baseline", as_of=AS_OF, n_sims=SIMS, goals=PATH_GOALS, **kw)


@pytest.fixture(scope="module")
def covid_grid():
    knobs = [parse_knob("growth_pp=-3:3:1.5"), parse_knob("shock_depth=0:0.2:0.1"),
             parse_knob("ratio_pp=-5:5:5")]
    res = sweep([_job()], knobs, engine="serial")
    return res.frame


def test_every_setting_agrees_with_the_explorer_running_the_full_engine(covid_grid):
    state = ExplorerState("baseline", goal=PATH_GOALS[0], as_of=AS_OF, n_sims=SIMS)
    checked = 0
    for _, r in covid_grid.iloc[::3].iterrows():
        view = update(state, goal=r["target_id"], growth_pp=r["growth_pp"],
                      shock_depth=r["shock_depth"], ratio_pp=r["ratio_pp"])
        assert view.error is None
        assert r["p_attain"] == view.p_attain, r.to_dict()
        assert r["projected_median"] == view.projected_median
        assert r["status"] == view.status
        checked += 1
    assert checked >= 10 and covid_grid["p_attain"].notna().all()
    # the knobs move P: a sweep that ignored them would pass the checks above only by luck
    one = covid_grid[covid_grid["target_id"] == "tech_smes_2022"]
    assert one["p_attain"].nunique() > 5


def test_no_knob_gives_the_scenario_run_of_the_whole_plan():
    res = sweep([SweepJob("baseline", as_of=AS_OF, n_sims=SIMS)], [], engine="serial").frame
    full = run("baseline", as_of=AS_OF, n_sims=SIMS).summary.set_index("target_id")
    assert len(res) == len(full) == 24
    for _, r in res.iterrows():
        f = full.loc[r["target_id"]]
        assert r["status"] == f["status"]
        assert (r["p_attain"] == f["p_attain"]) or (np.isnan(r["p_attain"]) and np.isnan(f["p_attain"]))
    assert (res["p_source"] == "paths").sum() == 2


def test_knobs_contradicting_the_scenario_are_an_error_row_not_a_crash(tmp_path):
    (tmp_path / "hold_smes.yaml").write_text(HOLD, encoding="utf-8")
    res = sweep([SweepJob(str(tmp_path / "hold_smes.yaml"), goals=("tech_smes_2022",))],
                [parse_knob("growth_pp=0:1:1")], engine="serial").frame
    zero, one = res.iloc[0], res.iloc[1]
    assert zero["status"] != "error" and 0 <= zero["p_attain"] <= 1  # the held level, judged
    assert one["status"] == "error" and "contradiction" in one["note"]


def _frame(engine, jobs=2):
    jobs_ = [_job(), _job(seed=7, run="seed7"),
             SweepJob("baseline", n_sims=SIMS, goals=("rd_intensity_2022",))]
    return sweep(jobs_, [parse_knob("growth_pp=-2:2:2"), parse_knob("shock_depth=0:0.1:0.1")],
                 engine=engine, n_jobs=jobs).frame


def test_serial_local_pool_and_dask_local_cluster_give_identical_tables():
    pytest.importorskip("distributed")
    serial = _frame("serial")
    assert len(serial) == 5 * 6 and serial["p_attain"].notna().sum() >= 24
    pd.testing.assert_frame_equal(serial, _frame("local", 2), check_exact=True)
    pd.testing.assert_frame_equal(serial, _frame("local", 1), check_exact=True)
    # a 2-worker LocalCluster (issue 16): same rows, bit for bit
    pd.testing.assert_frame_equal(serial, _frame("dask", 2), check_exact=True)


def test_a_failing_task_is_reported_and_the_rest_complete(monkeypatch):
    import xtforecast.sweep.core as core
    real = core.prepare

    def flaky(task, knob_names=()):
        if task.goal == "tech_smes_2022":
            raise RuntimeError("disk on fire")
        return real(task, knob_names)

    monkeypatch.setattr(core, "prepare", flaky)
    for engine in ("serial", "local"):  # the local pool forks: the workers see the patch
        res = sweep([_job()], [parse_knob("growth_pp=0:1:1")], engine=engine)
        f = res.frame
        bad = f[f["target_id"] == "tech_smes_2022"]
        assert list(bad["status"]) == ["task_failed"]
        assert "RuntimeError: disk on fire" in bad["note"].iloc[0]
        good = f[f["target_id"] != "tech_smes_2022"]
        assert len(good) == 2 and good["p_attain"].notna().all()
        assert [t.goal for t, _ in res.failures] == ["tech_smes_2022"]


def _die_on_two(x):
    if x == 2:
        os._exit(9)  # the worker dies as under the out-of-memory killer
    return x * 10


def test_a_dead_worker_costs_only_its_task():
    eng = LocalEngine(2)
    try:
        got = eng.map(_die_on_two, [1, 2, 3, 4], key=lambda x: x)
    finally:
        eng.close()
    assert got[1] == 10 and got[3] == 30 and got[4] == 40
    assert isinstance(got[2], Failure) and "died" in got[2].error


def test_serial_engine_turns_exceptions_into_failures():
    got = SerialEngine().map(lambda x: 1 / x, [1, 0], key=lambda x: x)
    assert got[1] == 1.0
    assert isinstance(got[0], Failure) and got[0].error.startswith("ZeroDivisionError")
