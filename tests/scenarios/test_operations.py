"""Every operation on a deterministic path array, with exact expected numbers.

The arrays are synthetic and hand-made; each expected number is worked out in the comment
next to it from the formula in the operation's docstring (and scenarios/README.md).
"""

from types import SimpleNamespace

import numpy as np
import pytest

from xtforecast.errors import ScenarioError
from xtforecast.scenarios.operations import OPERATIONS, OpContext, clip_bounds, recovery_weights

YEARS = np.arange(2020, 2025)                       # 2020..2024
FLAT = np.full((2, 5), 100.0)                       # two identical flat paths at 100
RISE = np.array([[110.0, 121.0, 133.1, 146.41, 161.051],   # +10 % a year from 100 in 2019
                 [100.0, 100.0, 100.0, 100.0, 100.0]])
CTX = OpContext(last_year=2019, last_value=100.0, n_sims=2)


def apply(name, paths, ctx=CTX, **params):
    spec = OPERATIONS[name]
    full = {k: p.default for k, p in spec.params.items()}
    full.update(params)
    return spec.fn(paths, YEARS, full, ctx)


def test_registry_lists_the_seven_operations():
    assert list(OPERATIONS) == ["growth_shift", "growth_multiplier", "shock", "level_shift",
                                "target_path", "hold", "ratio_to_reference"]


def test_growth_shift_compounds_inside_the_window_and_keeps_the_level_after():
    out = apply("growth_shift", FLAT, pp=10, from_year=2021, to_year=2022)
    # k = 0, 1, 2, 2, 2 -> 100, 110, 121, 121, 121
    np.testing.assert_allclose(out[0], [100, 110, 121, 121, 121])


def test_growth_shift_open_ended_and_negative():
    out = apply("growth_shift", FLAT, pp=-50, from_year=2023)
    np.testing.assert_allclose(out[0], [100, 100, 100, 50, 25])


def test_growth_multiplier_halves_growth_and_rebuilds_levels():
    out = apply("growth_multiplier", RISE, factor=0.5, from_year=2020)
    # g = 10 % each year, from last observation 100 -> g' = 5 %: 105, 110.25, 115.7625, ...
    np.testing.assert_allclose(out[0], [105, 110.25, 115.7625, 121.550625, 127.62815625])
    # the flat path: its first-year growth is 0 % (100 -> 100); 0.5 * 0 = 0: unchanged
    np.testing.assert_allclose(out[1], RISE[1])


def test_growth_multiplier_window_then_baseline_growth_again():
    out = apply("growth_multiplier", RISE, factor=0.0, from_year=2021, to_year=2022)
    # 2020: 110 (before the window); 2021-22: growth 0 -> 110, 110; 2023-24: +10 % again
    np.testing.assert_allclose(out[0], [110, 110, 110, 121, 133.1])


@pytest.mark.parametrize("shape, expected", [
    ("linear", [100, 90, 95, 100, 100]),                   # 1 - 0.1 * (1, 0.5, 0)
    ("geometric", [100, 90, 100 * 0.9 ** 0.5, 100, 100]),  # 0.9 ** (1, 0.5, 0)
])
def test_shock_with_recovery_years(shape, expected):
    out = apply("shock", FLAT, year=2021, depth=0.1, recovery=2, shape=shape)
    np.testing.assert_allclose(out[0], expected)


def test_shock_with_a_recovery_profile_and_none():
    out = apply("shock", FLAT, year=2020, depth=0.2, recovery=[0.5, 0.25])
    np.testing.assert_allclose(out[0], [80, 90, 95, 100, 100])
    out = apply("shock", FLAT, year=2024, depth=0.2, recovery=0)
    np.testing.assert_allclose(out[0], [100, 100, 100, 100, 80])


def test_recovery_weights():
    assert recovery_weights(2, 4).tolist() == [1.0, 0.5, 0.0, 0.0]
    assert recovery_weights(0, 2).tolist() == [1.0, 0.0]
    assert recovery_weights([0.6, 0.2], 2).tolist() == [1.0, 0.6]


def test_level_shift_delta_and_factor():
    np.testing.assert_allclose(apply("level_shift", FLAT, year=2022, delta=-7)[0],
                               [100, 100, 93, 93, 93])
    np.testing.assert_allclose(apply("level_shift", FLAT, year=2022, factor=1.5)[0],
                               [100, 100, 150, 150, 150])


def test_hold_then_growth_resumes_from_the_held_level():
    paths = np.array([[100.0, 110.0, 120.0, 130.0, 140.0]])
    out = apply("hold", paths, from_year=2021, to_year=2022)
    # held at the 2020 value 100 in 2021-22; then x_t * 100 / x_2022 = x_t * 100/120
    np.testing.assert_allclose(out[0], [100, 100, 100, 130 * 100 / 120, 140 * 100 / 120])


def test_hold_from_the_first_projected_year_uses_the_last_observation():
    out = apply("hold", RISE, from_year=2020)
    np.testing.assert_allclose(out, np.full((2, 5), 100.0))


def test_hold_without_a_level_is_an_error():
    with pytest.raises(ScenarioError, match="no level in 2019 to hold"):
        apply("hold", FLAT, ctx=OpContext(n_sims=2), from_year=2020)


def _goal(type_, value, year=2022, id_="g"):
    return SimpleNamespace(id=id_, type=type_, value=value, target_year=year)


def test_target_path_linear_and_geometric():
    ctx = OpContext(2019, 1.0, _goal("share", 2.0), None, 2)
    out = apply("target_path", RISE, ctx=ctx)
    # 1 + (2 - 1) * (t - 2019) / 3; continues at the same pace after 2022
    np.testing.assert_allclose(out[0], [4 / 3, 5 / 3, 2.0, 7 / 3, 8 / 3])
    assert (out[0] == out[1]).all()
    out = apply("target_path", RISE, ctx=ctx, shape="geometric")
    np.testing.assert_allclose(out[0], 2.0 ** ((YEARS - 2019) / 3))


def test_target_path_net_increase_and_growth():
    ctx = OpContext(2019, 300.0, _goal("net_increase", 80), None, 1)
    np.testing.assert_allclose(apply("target_path", None, ctx=ctx)[0], [380, 460, 540, 620, 700])
    ctx = OpContext(2019, 100.0, _goal("growth", 20), None, 1)
    np.testing.assert_allclose(apply("target_path", None, ctx=ctx)[0],
                               [120, 144, 172.8, 207.36, 248.832])


def test_target_path_keeps_the_baseline_spread_on_request():
    ctx = OpContext(2019, 100.0, _goal("level", 130, 2022), None, 2)
    paths = np.array([[90.0] * 5, [110.0] * 5])           # median 100: deviations 0.9, 1.1
    out = apply("target_path", paths, ctx=ctx, spread="baseline")
    straight = np.array([110.0, 120.0, 130.0, 140.0, 150.0])
    np.testing.assert_allclose(out, [0.9 * straight, 1.1 * straight])


def test_target_path_refuses_a_class_goal():
    ctx = OpContext(2019, 1.0, _goal("class", "B"), None, 1)
    with pytest.raises(ScenarioError, match="target_path supports goals of type"):
        apply("target_path", FLAT, ctx=ctx)


def test_ratio_to_reference_pp_and_multiplier():
    ref = np.full((2, 5), 2.0)                            # province at 2 %
    city = np.full((2, 5), 1.5)                           # city at 1.5 %: ratio 75 %
    ctx = OpContext(2019, 1.5, None, ref, 2)
    out = apply("ratio_to_reference", city, ctx=ctx, reference_region="hebei",
                ratio_change_pp=10, from_year=2022)
    # ratio 75 % -> 85 %: 1.5 + 0.10 * 2 = 1.7
    np.testing.assert_allclose(out[0], [1.5, 1.5, 1.7, 1.7, 1.7])
    out = apply("ratio_to_reference", city, ctx=ctx, reference_region="hebei",
                ratio_multiplier=1.2, from_year=2023)
    np.testing.assert_allclose(out[0], [1.5, 1.5, 1.5, 1.8, 1.8])


def test_clip_bounds_keeps_natural_bounds():
    out = clip_bounds(np.array([[-1.0, 50.0, 120.0]]), (0.0, 100.0))
    np.testing.assert_allclose(out, [[0, 50, 100]])
    assert clip_bounds(FLAT, (None, None)) is FLAT


@pytest.mark.parametrize("name", list(OPERATIONS))
def test_operations_are_vectorized_and_keep_shape(name):
    big = np.tile(RISE, (5000, 1))
    ctx = OpContext(2019, 100.0, _goal("level", 200, 2024), np.full_like(big, 100.0), big.shape[0])
    params = {"growth_shift": {"pp": 1, "from_year": 2020}, "growth_multiplier": {"factor": 2, "from_year": 2020},
              "shock": {"year": 2021, "depth": 0.1, "recovery": 1}, "level_shift": {"year": 2021, "factor": 2},
              "target_path": {"target": "g"}, "hold": {"from_year": 2022},
              "ratio_to_reference": {"reference_region": "hebei", "ratio_change_pp": 1, "from_year": 2021}}[name]
    out = apply(name, big, ctx=ctx, **params)
    assert out.shape == big.shape and np.isfinite(out).all()


@pytest.mark.parametrize("comparator, meets", [(">", lambda x: x > 500), (">=", lambda x: x >= 500),
                                               ("<", lambda x: x < 500), ("<=", lambda x: x <= 500)])
def test_target_path_meets_its_goal_also_for_strict_comparators(comparator, meets):
    goal = SimpleNamespace(id="g", type="level", value=500, target_year=2022, comparator=comparator)
    for shape in ("linear", "geometric"):
        out = apply("target_path", None, ctx=OpContext(2019, 300.0, goal, None, 1), shape=shape)
        assert meets(out[0, 2]) and out[0, 2] == pytest.approx(500, rel=1e-8)
