"""Headline status thresholds and evidence grades (defaults documented in headline.py/evidence.py)."""

import numpy as np
import pytest

from xtforecast._schema import STATUSES
from xtforecast.gap import EvidenceThresholds, HeadlineThresholds, evidence_grade, headline_status
from xtforecast.i18n import reason_text
from xtforecast.i18n.gap import STATUS_LABELS


@pytest.mark.parametrize("p, change, expected", [
    (0.8, np.nan, "on_track"),            # boundary: p >= 0.8
    (0.79, np.nan, "acceleration_needed"),
    (0.5, np.nan, "acceleration_needed"),  # boundary: p >= 0.5
    (0.49, np.nan, "off_track"),
    (0.0, np.nan, "off_track"),
    (0.9, -0.2, "on_track"),              # P already prices the dip in
    (0.6, -0.01, "regressing"),
    (0.3, -0.01, "regressing"),
    (0.6, 0.0, "acceleration_needed"),     # a flat latest year is not a move away
    (np.nan, np.nan, "insufficient_data"),
])
def test_headline_defaults(p, change, expected):
    assert headline_status(p, latest_change=change) == expected


def test_headline_observed_overrides():
    assert headline_status(0.1, observed_met=True) == "achieved"
    assert headline_status(0.99, observed_met=False) == "off_track"


def test_headline_configurable_and_checked():
    th = HeadlineThresholds(on_track=0.95, acceleration=0.2)
    assert headline_status(0.9, thresholds=th) == "acceleration_needed"
    assert headline_status(0.25, thresholds=th) == "acceleration_needed"
    assert headline_status(0.6, latest_change=-0.05,
                           thresholds=HeadlineThresholds(regress_tolerance=0.1)) == "acceleration_needed"
    with pytest.raises(ValueError, match="acceleration <= on_track"):
        HeadlineThresholds(on_track=0.4, acceleration=0.6)


def test_status_labels_bilingual():
    assert set(STATUS_LABELS) == set(STATUSES)
    assert all(v["zh"] and v["en"] for v in STATUS_LABELS.values())


def grade(**kw):
    base = {"evaluable": True, "n_obs": 6, "n_exact": 6, "latest_year": 2020, "latest_exact": True,
                "as_of": 2020, "target_year": 2022}
    base.update(kw)
    return evidence_grade(**base)


def test_evidence_grades():
    assert grade()[0] == "strong"
    assert grade(latest_exact=False)[0] == "moderate"           # latest is a bound
    assert grade(n_obs=3, n_exact=3)[0] == "moderate"
    assert grade(target_year=2025)[0] == "moderate"             # 5 years ahead > 3
    assert grade(n_obs=2, n_exact=2)[0] == "weak"
    g, why = grade(n_obs=4, n_exact=4, latest_year=2015)        # stale: 5 years before as_of
    # 2015 is 5 years before as_of 2020 (> 3) and 7 before the target year 2022 (> 6)
    assert g == "weak" and [r.code for r in why] == ["evidence_facts", "evidence_stale", "evidence_far"]
    assert "more than 3 years before as_of" in reason_text(why, "en", "detail")
    assert grade(n_obs=0, n_exact=0, latest_year=None)[0] == "none"
    assert grade(evaluable=False)[0] == "none"
    assert grade(n_obs=1, n_exact=1, settled=True, settled_exact=True)[0] == "strong"
    assert grade(n_obs=1, n_exact=0, settled=True)[0] == "moderate"
    assert grade(n_obs=2, n_exact=2, bridged=True, bridge_exact=True)[0] == "moderate"
    assert grade(n_obs=2, n_exact=1, bridged=True)[0] == "weak"
    assert grade(n_obs=3, n_exact=3, thresholds=EvidenceThresholds(moderate_points=4))[0] == "weak"


def test_evidence_reason_in_words():
    g, why = grade(n_obs=2, n_exact=1, latest_exact=False)
    assert reason_text(why, "en", "detail") == (
        "2 observations (1 exact), latest 2020 (a bound), 0 year(s) before as_of, 2 year(s) before "
        "the target year; fewer than 3 observations")
    # one observation: the singular form of the template (detail.observations.one)
    assert reason_text(grade(n_obs=1, n_exact=1)[1], "en", "detail").startswith("1 observation (1 exact)")
    assert reason_text(why, "zh", "detail").startswith("2 个观测值（1 个确切值）")


def test_display_labels_moved_to_i18n_and_still_import_from_gap():
    from xtforecast import i18n
    from xtforecast.gap import EVIDENCE_LABELS, GRADES, display_label
    assert display_label is i18n.display_label and EVIDENCE_LABELS is i18n.gap.EVIDENCE_LABELS
    assert set(EVIDENCE_LABELS) == set(GRADES)
    assert display_label("off_track", "en") == "Off track"
    assert display_label("maintain_progress", "zh", kind="method") == "保持进展"
    assert display_label("unknown_label", "zh") == "unknown_label"
    with pytest.raises(ValueError, match="lang must be one of"):
        display_label("on_track", "fr")
