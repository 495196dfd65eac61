"""Limits (issue 13, class 5): caps stated in --help and enforced before any work starts; the
projector says "cannot project" only for a model's refusal, never for a crash.

The series below are synthetic (invented figures of the mini fixture).
"""

import numpy as np
import pytest
from xt_testpaths import MINI

from xtforecast import projection
from xtforecast._schema import MAX_N_SIMS
from xtforecast.cli import main
from xtforecast.models import ModelError
from xtforecast.observations import load_observations


@pytest.mark.parametrize("argv, words", [
    (["project", "--sims", "1000000000"], "--sims: must be a number of sample paths in 1..1000000, got 1000000000"),
    (["project", "--sims", "0"], "got 0"),
    (["project", "--seed", "-1"], "--seed: must be a seed in 0.."),
    (["project", "--as-of", "1"], "--as-of: must be a year in 1949.."),
    (["project", "--sims", "4_50"], "got '4_50'"),
    (["report", "--all", "--timeout", "-5"], "--timeout: must be a number of seconds >= 1"),
    (["report", "--all", "--sims", "1000000000"], "--sims: must be a number of sample paths"),
    (["report", "--all", "--jobs", "0"], "--jobs/-j: must be a number of workers in 1..64"),
    (["backtest", "--sims", "1000000000"], "--sims: must be a number of sample paths"),
])
def test_bad_limits_exit_2_before_any_work(tmp_path, monkeypatch, capsys, argv, words):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exc:
        main(argv + (["--out", str(tmp_path / "reports")] if argv[0] == "report" else []))
    assert exc.value.code == 2
    assert words in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []  # nothing written


@pytest.mark.parametrize("command", ["project", "report", "backtest"])
def test_help_states_the_sims_cap(capsys, command):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert f"1..{MAX_N_SIMS:,}" in " ".join(capsys.readouterr().out.split())


class _Refuses:
    shifted = False

    def __init__(self, exc):
        self.exc = exc

    def fit(self, *a, **k):
        return self

    def sample(self, *a, **k):
        raise self.exc


@pytest.fixture()
def mini_obs(mini_catalog):
    return load_observations(MINI / "observations.csv", mini_catalog)


def _project(monkeypatch, mini_obs, mini_catalog, exc):
    import xtforecast.models as models
    # the projector builds its default from the growth shift it looked up (models.shifted_default)
    monkeypatch.setattr(models, "shifted_default", lambda found, **kw: _Refuses(exc))
    monkeypatch.setattr(projection, "MIN_OWN_POINTS", 0)  # use the own series, not a reference
    monkeypatch.setattr(projection, "MIN_LOCAL_POINTS", 0)  # reach the model, even for 1 point
    return projection.project_series(mini_obs, mini_catalog, "high_tech_enterprises", "xingtai",
                                     as_of=None, end_year=2030, n_sims=10, seed=1)


@pytest.mark.parametrize("exc", [ModelError("too short"), np.linalg.LinAlgError("singular"),
                                 FloatingPointError("overflow")])
def test_a_model_refusal_is_cannot_project(monkeypatch, mini_obs, mini_catalog, exc):
    p = _project(monkeypatch, mini_obs, mini_catalog, exc)
    assert p.paths is None and p.method == "none" and str(exc) in p.reason


@pytest.mark.parametrize("exc", [MemoryError(), KeyError("bug"), TypeError("bug")])
def test_a_crash_is_not_turned_into_a_verdict(monkeypatch, mini_obs, mini_catalog, exc):
    with pytest.raises(type(exc)):
        _project(monkeypatch, mini_obs, mini_catalog, exc)
