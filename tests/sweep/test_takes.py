"""What it would take: the answer agrees with `xtforecast project` run at it."""

import json

import pytest

from xtforecast.cli import main
from xtforecast.sweep import SweepJob, takes
from xtforecast.sweep.core import Task, prepare
from xtforecast.sweep.takes import _search, pool_fastest


def cli(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _project_p(capsys, scenario, goal, value):
    code, out, _ = cli(capsys, "project", "--scenario", scenario, "--as-of", "2021", "--goal", goal,
                       "--knob", f"growth_pp={value}", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert [r["target_id"] for r in rows] == [goal]
    return rows[0]["p_attain"]


def test_the_answer_reaches_p_in_project_and_one_step_less_does_not(capsys):
    # the scenario's own 2,000 paths at the 2021 vantage (the last at which Xingtai's 2022
    # goals are projected); the check runs the full engine through the CLI
    code, out, _ = cli(capsys, "what-it-takes", "--scenario", "baseline", "--as-of", "2021",
                       "--p", "0.95", "--goal", "high_tech_enterprises_2022", "--format", "json")
    assert code == 0
    row = json.loads(out)[0]
    assert row["outcome"] == "needs" and row["monotone"] is True
    v = row["value"]
    assert 0 < v < 30
    assert _project_p(capsys, "baseline", "high_tech_enterprises_2022", v) >= 0.95
    assert _project_p(capsys, "baseline", "high_tech_enterprises_2022", round(v - 0.1, 4)) < 0.95
    assert row["p_at_value"] >= 0.95 > row["p_one_step_less"]
    # the growth it asks for exceeds what the scenario alone gives
    assert row["growth_needed"] > row["growth_baseline"]


def test_already_settled_error_and_out_of_reach(tmp_path):
    from test_sweep import HOLD
    (tmp_path / "hold_smes.yaml").write_text(HOLD, encoding="utf-8")
    goals = ("tech_smes_2022", "high_tech_enterprises_2022")
    jobs = [SweepJob("baseline", as_of=2021, n_sims=400, goals=goals, run="b"),
            SweepJob(str(tmp_path / "hold_smes.yaml"), goals=("tech_smes_2022",), run="hold"),
            SweepJob("baseline", n_sims=400, goals=("county_class_weixian_2020",), run="now")]
    f = takes(jobs, p=0.95, bound=1.0, engine="serial").frame.set_index(["run", "target_id"])
    # 1 pp a year is not enough for 95% on the SME goal (it needs about 15)
    oor = f.loc[("b", "tech_smes_2022")]
    assert oor["outcome"] == "out_of_reach" and oor["p_at_value"] < 0.95
    # the scenario holds the series: a growth knob contradicts it
    err = f.loc[("hold", "tech_smes_2022")]
    assert err["outcome"] == "error" and "contradiction" in err["note"]
    # observed and missed: no knob changes the past
    assert f.loc[("now", "county_class_weixian_2020"), "outcome"] == "settled"
    low = takes(jobs[:1], p=0.5, engine="serial").frame.set_index("target_id")
    assert (low["outcome"] == "already").all() and (low["p_at_zero"] >= 0.5).all()


def test_pool_fastest_is_the_peers_best_sustained_growth():
    base = prepare(Task(0, SweepJob("baseline", as_of=2021, n_sims=100), "high_tech_enterprises_2022"))
    rate, where = pool_fastest(base)
    # data/observations.csv: Hebei 1,630 (2016) -> 3,174 (2017), the only one-year span of the
    # pool (Xingtai's one peer is its province) faster than the others
    assert where == "hebei 2016–2017"
    assert rate == pytest.approx(3174 / 1630 - 1, rel=1e-12)


class _StepP:
    """A P(attain) given by a table, to test the search alone."""

    def __init__(self, table, step=0.1):
        self.table, self.step, self.knob, self.fixed = table, step, "growth_pp", {}
        self.base = type("B", (), {"judge": None})()

    def value(self, k):
        return round(k * self.step, 10)

    def p(self, k):
        return self.table(k)

    def at(self, k):
        return {"status": "ok", "p_attain": self.p(k)}


def _out():
    return {"note": "", "monotone": None}


def test_bisection_finds_the_least_step_with_p_at_least_p():
    got = _search(_StepP(lambda k: min(1.0, max(0.0, 0.5 + 0.01 * k))), _out(), 30.0, 0.8)
    # P = 0.5 + 0.01 k reaches 0.8 first at k = 30, i.e. 3.0 pp
    assert got["outcome"] == "needs" and got["value"] == 3.0 and got["monotone"] is True
    assert got["p_one_step_less"] < 0.8 <= got["p_at_value"]


def test_a_lower_is_better_goal_needs_negative_effort():
    got = _search(_StepP(lambda k: min(1.0, max(0.0, 0.5 - 0.01 * k))), _out(), 30.0, 0.8)
    assert got["value"] == -3.0


def test_non_monotone_p_is_said():
    def table(k):
        return 0.7 if 20 <= k < 40 else (0.6 if k < 20 else 0.9)

    bumpy = _search(_StepP(lambda k: table(k) if k < 100 or k > 120 else 0.65), _out(), 30.0, 0.8)
    assert bumpy["monotone"] is False and "not monotone" in bumpy["note"]
    assert bumpy["value"] == 4.0


@pytest.mark.parametrize("argv, words", [
    (["--p", "1.5"], "(0, 1]"),
    (["--knob", "shock_depth"], "invalid choice"),
])
def test_bad_p_and_unknown_knob_exit_2(capsys, argv, words):
    with pytest.raises(SystemExit) as e:
        main(["what-it-takes", *argv])
    assert e.value.code == 2
    assert words in capsys.readouterr().err
