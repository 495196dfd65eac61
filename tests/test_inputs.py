"""The inputs bundle: every piece read once, passed down, and the same run as reading files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from xtforecast import config
from xtforecast.errors import DataError
from xtforecast.inputs import DataPaths, Inputs
from xtforecast.observations import select_series
from xtforecast.scenarios import run
from xtforecast.testing import assert_summaries_equal, steady_growth_projector

MINI = Path(__file__).parent / "fixtures" / "mini"


def test_paths_follow_the_directory_and_each_file_can_be_replaced(tmp_path):
    p = DataPaths.of(tmp_path, observations=tmp_path / "mine.csv")
    assert p.indicators == tmp_path / "indicators.yaml"
    assert p.targets_dir == tmp_path / "targets"
    assert p.observations == tmp_path / "mine.csv"
    assert p.scenarios_dir == Path(config.SCENARIOS_DIR)
    assert DataPaths.of().observations == Path(config.DATA_DIR) / "observations.csv"


def test_an_unknown_file_name_is_refused_with_the_names_it_takes():
    with pytest.raises(TypeError, match=r"unknown file\(s\) \['observation'\].*'observations'"):
        DataPaths.of(observation="x.csv")


def test_each_piece_is_read_once():
    inputs = Inputs.load(MINI)
    assert inputs.catalog is inputs.catalog
    assert inputs.observations is inputs.observations
    name = sorted(p.stem for p in (MINI / "targets").glob("*.yaml"))[0]
    assert inputs.plan(name) is inputs.plan(name)
    assert inputs.observations.attrs["data_hash"]


def test_bad_observations_stop_the_run_at_its_entrance_naming_the_file(tmp_path):
    shutil.copytree(MINI, tmp_path / "d")
    bad = tmp_path / "d" / "observations.csv"
    lines = bad.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[0] = "no_such_indicator"
    bad.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        Inputs.load(tmp_path / "d")
    assert any(i.path.endswith("observations.csv") and i.line == 2 for i in err.value.issues)


def test_a_run_on_the_inputs_equals_the_run_that_reads_the_files():
    proj = steady_growth_projector(0.1)
    inputs = Inputs.load()
    got = inputs.run("baseline", as_of=2021, n_sims=200, projector=proj)
    want = run("baseline", as_of=2021, n_sims=200, projector=proj)
    assert_summaries_equal(got.summary, want.summary)
    assert got.provenance["data_hash"] == want.provenance["data_hash"]
    assert got.plan.id == want.provenance["plan"] and got.catalog is inputs.catalog


def test_the_result_carries_each_goals_history_as_known_at_as_of():
    res = Inputs.load().run("baseline", as_of=2021, n_sims=100, projector=steady_growth_projector(0.1))
    seen = 0
    for goal in res.plan.targets:
        h = res.history(goal.indicator, goal.region)
        want = select_series(res.observations, goal.indicator, goal.region, 2021, "latest")
        pd.testing.assert_frame_equal(h, want)
        seen += len(h)
        assert h.empty or int(h["year"].max()) <= 2021
    # and a later observation exists that the history leaves out (the cut is real)
    assert seen and int(res.observations["year"].max()) > 2021


def test_a_run_reads_its_plan_file_once(monkeypatch):
    import xtforecast.targets as targets
    reads = []
    real = targets.read_plan

    def counting(path, catalog=None):
        reads.append(str(path))
        return real(path, catalog)

    monkeypatch.setattr(targets, "read_plan", counting)
    inputs = Inputs.load()
    inputs.run("covid_shock", n_sims=50, projector=steady_growth_projector(0.1))
    inputs.run("baseline", n_sims=50, projector=steady_growth_projector(0.1))
    # the scenario check and the run share the one read (both scenarios name the same plan)
    assert len(reads) == 1, reads


def test_a_run_and_a_check_of_several_files_read_a_plan_once(monkeypatch):
    from xtforecast.scenarios import engine, list_scenarios, spec

    reads = []

    def counted(name, *a, **kw):
        reads.append(str(name))
        return load_plan(name, *a, **kw)

    from xtforecast.targets import load_plan

    monkeypatch.setattr(spec, "load_plan", counted)
    monkeypatch.setattr(engine, "load_plan", counted, raising=False)  # any read the run makes itself
    inputs = Inputs.load()
    run("covid_shock", obs=inputs.observations, catalog=inputs.catalog, n_sims=50,
        projector=steady_growth_projector(0.1))
    assert reads == ["xingtai_2020"]  # the scenario's check and the run: one read
    reads.clear()
    table = list_scenarios(catalog=inputs.catalog)
    assert len(table) >= 5 and (table["problems"] == 0).all()
    assert sorted(set(reads)) == sorted(set(table["plan"])) and len(reads) == len(set(reads))
