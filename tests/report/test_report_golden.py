"""The exported summary tables against golden CSVs, at a numeric tolerance (golden/README.md)."""

import numpy as np
import pandas as pd
import pytest
from report_paths import ATOL, GOLDEN_RUN, RTOL

from xtforecast._schema import SUMMARY_COLUMNS
from xtforecast.testing import assert_summaries_equal

REGEN = "if the change is intended, regenerate: .venv/bin/python tests/report/make_golden.py"


def assert_frames_close(got: pd.DataFrame, want: pd.DataFrame, what: str) -> None:
    """Same columns and rows; numbers equal within RTOL/ATOL (NaN == NaN); text exactly."""
    assert_summaries_equal(got, want, rtol=RTOL, atol=ATOL, what=what, hint=REGEN)


def _read(path):
    return pd.read_csv(path, dtype={"target_value": str}, keep_default_na=True)


@pytest.mark.parametrize("name", ["summary.csv", "baseline/summary.csv", "push/summary.csv"])
def test_exported_summary_matches_golden(fixture_run, name):
    got, want = _read(fixture_run.run_dir / name), _read(GOLDEN_RUN / name)
    assert list(want.columns[:len(SUMMARY_COLUMNS)]) == SUMMARY_COLUMNS
    assert_frames_close(got, want, name)


def test_tolerance_comparison_catches_a_real_difference():
    want = pd.DataFrame({"p_attain": [0.5, np.nan], "status": ["on_track", "off_track"]})
    assert_frames_close(want.assign(p_attain=[0.5 + 1e-12, np.nan]), want, "x")
    with pytest.raises(AssertionError, match="p_attain"):
        assert_frames_close(want.assign(p_attain=[0.51, np.nan]), want, "x")
    with pytest.raises(AssertionError, match="status"):
        assert_frames_close(want.assign(status=["on_track", "achieved"]), want, "x")
