"""Real-time data vintages (issue 12, Deliver 1, the publication cut): a figure is used at
``as_of Y`` only if it was published by the end of Y, where ``published`` is known.

Hand-made rows (synthetic values, the shape of the China R&D-intensity revision: the 2012
figure revised after the 2016 GDP rebasing, published 2017)."""

import numpy as np
import pandas as pd
import pytest

from xtforecast.gap import evaluate_targets
from xtforecast.observations import known_by, read_observations, select_series
from xtforecast.targets import Target

HEADER = "indicator,region,year,value,unit,bound,kind,vintage,source,source_title,quote,note,published\n"
ROWS = [
    # year, value, kind, vintage, published
    (2011, 1.84, "actual", "single", "2012-02-22"),
    (2012, 1.98, "actual", "first_release", "2013-02-22"),
    (2012, 1.91, "revised", "revised", "2017"),
    (2013, 2.08, "actual", "first_release", ""),
]


def _write(tmp_path, rows=ROWS):
    text = HEADER + "".join(f"rd_intensity,hebei,{y},{v},percent,,{k},{vi},https://e.org,T,,,{p}\n"
                            for y, v, k, vi, p in rows)
    f = tmp_path / "obs.csv"
    f.write_text(text, encoding="utf-8")
    return f


def test_published_column_is_optional_and_parsed(tmp_path, mini_catalog):
    df, issues = read_observations(_write(tmp_path), mini_catalog)
    assert issues == []
    assert df["published_year"].tolist()[:3] == [2012, 2013, 2017]
    assert pd.isna(df["published_year"].iloc[3])   # unknown: the year rule applies


@pytest.mark.parametrize("pub", ["2011", "March 2013", "13-02-22"])
def test_a_publication_before_the_year_or_not_a_date_is_refused(tmp_path, mini_catalog, pub):
    _, issues = read_observations(_write(tmp_path, [(2012, 1.98, "actual", "single", pub)]),
                                  mini_catalog)
    assert [(i.rule, i.column, i.line) for i in issues] == [("bad_published", "published", 2)]


def test_a_revised_figure_is_not_used_before_its_publication(tmp_path, mini_catalog):
    df, _ = read_observations(_write(tmp_path), mini_catalog)
    # at as_of 2013: 2011 (published 2012), the 2012 first release (published 2013), 2013
    # (no date: year rule); the revision of 2012 (published 2017) is not yet known
    s13 = select_series(df, "rd_intensity", "hebei", as_of=2013)
    assert s13["value"].tolist() == [1.84, 1.98, 2.08]
    # at as_of 2012 the 2012 first release itself (published 2013-02) is not known yet
    assert select_series(df, "rd_intensity", "hebei", as_of=2012)["value"].tolist() == [1.84]
    # with hindsight the revision of 2012 (published 2017) cannot be joined to the 2013 first
    # release (known from 2013, the old basis): the series is read as first released, never
    # 1.91 beside 2.08
    assert select_series(df, "rd_intensity", "hebei", as_of=2020)["value"].tolist() == [1.84, 1.98, 2.08]


def test_the_gap_layer_reads_the_same_vintage(tmp_path, mini_catalog):
    df, _ = read_observations(_write(tmp_path), mini_catalog)
    t = Target("rd12", "rd_intensity", "hebei", "share", ">=", 1.95, 2012, "q")
    # real time, as_of 2013: the 2012 first release 1.98 meets 1.95; the later revision (1.91)
    # would miss it, but it was not known in 2013
    r13 = evaluate_targets([t], df, as_of=2013, catalog=mini_catalog)
    assert r13["p_attain"].iloc[0] == 1.0 and r13["latest_value"].iloc[0] == 2.08
    # with hindsight too: the lone 2012 revision cannot sit beside the 2013 first release, so
    # the series stays first released (the gap layer reads what select_series reads)
    r20 = evaluate_targets([t], df, as_of=2020, catalog=mini_catalog)
    assert r20["p_attain"].iloc[0] == 1.0 and r20["cut_rule"].iloc[0] == "published+year"


def test_known_by_without_the_column_is_the_year_rule():
    df = pd.DataFrame({"year": [2019, 2020, 2021]})
    assert known_by(df, 2020).tolist() == [True, True, False]
    assert np.all(known_by(df.assign(published_year=pd.array([None] * 3, dtype="Int64")), 2020)
                  == known_by(df, 2020))
