"""The gap layer on the package's own loaders and synthetic mini fixtures (tests/fixtures/mini)."""

import numpy as np
import pandas as pd
from xt_testpaths import MINI

from xtforecast._schema import SUMMARY_COLUMNS
from xtforecast.gap import evaluate_goal, evaluate_targets
from xtforecast.observations import load_observations
from xtforecast.targets import Target, load_plan


def test_mini_plan_through_loaders(mini_catalog):
    obs = load_observations(MINI / "observations.csv", mini_catalog)
    plan = load_plan(MINI / "targets" / "mini_plan.yaml", mini_catalog)
    df = evaluate_targets(list(plan.targets), obs, {}, as_of=2022, catalog=mini_catalog,
                          scenario="baseline").set_index("target_id")
    # rd_intensity has no xingtai observation: insufficient, evidence none, reason says so
    assert df.loc["rd_intensity_2022", "status"] == "insufficient_data"
    assert df.loc["rd_intensity_2022", "evidence"] == "none"
    assert "no observation" in df.loc["rd_intensity_2022", "reason"]
    # hte net increase in 2020 needs 2019, which the fixture lacks: no guess
    assert df.loc["hte_net_2020", "status"] == "insufficient_data"
    assert "2019" in df.loc["hte_net_2020", "reason"]
    # 威县 class C in 2020 and nothing at 2022: insufficient, latest read as ordinal 3
    assert df.loc["weixian_class_2022", "latest_value"] == 3.0


def test_flow_paths_picked_up_by_suffix():
    obs = pd.DataFrame({"indicator": ["incubators"], "region": ["xingtai"], "year": [2020],
                        "value": [50.0], "bound": [""]})
    t = Target("inc_cum_2022", "incubators", "xingtai", "cumulative", ">=", 100.0, 2022, "累计新增100家以上",
               window=(2021, 2022))
    flow_paths = (np.array([[40.0, 60.0], [50.0, 40.0], [70.0, 40.0], [10.0, 10.0]]), [2021, 2022])
    df = evaluate_targets([t], obs, {("incubators_added", "xingtai"): flow_paths}, as_of=2020,
                          catalog={"incubators": {"kind": "stock", "bounds": [0, None]}})
    # sums 100, 90, 110, 20 -> >= 100: 2 of 4
    assert df.loc[0, "p_attain"] == 0.5
    assert df.loc[0, "p_source"] == "paths"


def test_single_goal_record_has_the_contract_columns():
    t = Target("x", "x", "r", "level", ">=", 1.0, 2022, "q")
    rec = evaluate_goal(t, pd.DataFrame({"year": [2020], "value": [0.5], "bound": [""]}), as_of=2020)
    assert set(SUMMARY_COLUMNS) - {"scenario"} <= set(rec)
