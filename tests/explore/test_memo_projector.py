"""One memo wrapper around the projector: the explorer's cache and the sweep's inputs are the
same :class:`~xtforecast.projection.MemoProjector`, so a series is fitted once per vintage in
either, and both always project from their full observations."""

import doctest

from xt_testpaths import BT_DATA, BT_PROJECTOR

import xtforecast.explore.save
import xtforecast.projection
from xtforecast.projection import MemoProjector
from xtforecast.sweep import core as sweep_core


def test_docstring_examples():
    for mod in (xtforecast.projection, xtforecast.explore.save):
        res = doctest.testmod(mod, optionflags=doctest.NORMALIZE_WHITESPACE)
        assert res.failed == 0 and res.attempted > 0, mod.__name__


def test_the_memo_projects_from_its_own_observations_once_per_key():
    seen = []

    def project(obs, catalog, indicator, region, **kw):
        seen.append((obs, indicator, kw["as_of"]))
        return object()

    memo = MemoProjector("all", "catalog", project)
    kw = dict(end_year=2022, n_sims=10, seed=1)
    a = memo("a goal's subset", "catalog", "gdp", "hebei", as_of=2019, **kw)
    assert memo("another subset", "catalog", "gdp", "hebei", as_of=2019, **kw) is a
    memo("x", "catalog", "gdp", "hebei", as_of=2020, **kw)
    assert seen == [("all", "gdp", 2019), ("all", "gdp", 2020)]
    assert (memo.hits, memo.misses) == (1, 2)
    memo.clear()
    memo("x", "catalog", "gdp", "hebei", as_of=2019, **kw)
    assert memo.misses == 3


def test_the_explorer_and_the_sweep_share_the_memo(state, monkeypatch):
    assert isinstance(state.projector, MemoProjector)
    monkeypatch.setattr(sweep_core, "_PROJECTOR", {"fn": BT_PROJECTOR})
    inputs = sweep_core.Inputs(BT_DATA)
    assert isinstance(inputs.projector, MemoProjector) and inputs.projector.project is BT_PROJECTOR
    assert inputs.projector.obs is inputs.obs and state.projector.obs is state.obs


def test_clearing_the_explorer_cache_forgets_paths_and_what_it_takes(state):
    from xtforecast.explore import update
    update(state)
    assert state.cache_misses > 0 and state.takes_cache
    misses = state.cache_misses
    state.clear_cache()
    assert not state.takes_cache
    update(state)
    assert state.cache_misses > misses
