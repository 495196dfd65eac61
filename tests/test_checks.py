"""The value rules of xtforecast.checks: written once, the same words at every entry point."""

import doctest

import numpy as np
import pytest

from xtforecast import checks
from xtforecast.errors import DataError, Issue, IssuesError, problem_count
from xtforecast.scenarios.spec import ScenarioCheckError


def test_doctests():
    res = doctest.testmod(checks, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert res.failed == 0 and res.attempted > 20


@pytest.mark.parametrize("value, ok", [
    (1, True), (np.int64(3), True), (True, False), (1.0, False), ("1", False), (None, False), (0, False),
])
def test_a_positive_whole_number_is_an_int_never_a_bool(value, ok):
    assert (checks.whole_number(value) is None) is ok


def test_numbers_are_finite_and_never_bools():
    assert checks.is_number(np.float32(0.5)) and checks.is_number(10**400)
    assert not checks.is_number(float("inf")) and not checks.is_number(np.nan)
    assert checks.number(True) == "must be a number, got True"


@pytest.mark.parametrize("text, value", [
    ("2020", 2020), ("0", 0), ("-3", -3), ("+3", None), ("0100", None), ("4_50", None), (" 7", None),
    ("２０２０", None), ("²", None), ("1e3", None), ("", None),
])
def test_parse_whole_takes_only_plainly_written_whole_numbers(text, value):
    assert checks.parse_whole(text) == value


def test_probability_and_fraction_ends():
    assert checks.fraction(0) is None and checks.fraction(1) is not None
    assert checks.probability(0) is not None and checks.probability(1) is None
    assert checks.probability(0, zero=True) is None and checks.probability(1, one=False) is not None


def test_require_raises_the_rule_with_its_subject():
    with pytest.raises(ValueError, match=r"^h must be a whole number >= 1, got 0$"):
        checks.require(checks.whole_number(0), "h", ValueError)


def test_one_headline_for_every_list_of_problems():
    assert problem_count(1) == "1 problem" and problem_count(3) == "3 problems"
    issue = Issue("f.csv", 3, "value", "non_numeric", "value 'x' is not a number")
    assert str(DataError([issue])) == "1 problem found:\n  f.csv:3: value: [non_numeric] value 'x' is not a number"
    assert str(ScenarioCheckError([issue, issue])).startswith("2 scenario problems found:\n  f.csv:3:")
    assert all(issubclass(e, IssuesError) for e in (DataError, ScenarioCheckError))


def test_errors_doctests():
    from xtforecast import errors
    res = doctest.testmod(errors)
    assert res.failed == 0 and res.attempted >= 1


def test_an_issues_error_survives_a_process_boundary():
    import pickle

    from xtforecast.report.params import ParameterError
    issue = Issue("f.csv", 3, "value", "non_numeric", "value 'x' is not a number")
    for err in (DataError([issue]), ScenarioCheckError([issue]), ParameterError(["give --all"], "run")):
        back = pickle.loads(pickle.dumps(err))
        assert type(back) is type(err) and str(back) == str(err) and back.issues == err.issues
