"""``--vintage first_release|latest`` and the publication cut on hand-made series (issue 12).

Every row here is SYNTHETIC: the values have the shape of Hebei's R&D intensity (first releases
in next spring's bulletin, the census-revised 2012-2018 series printed in one later yearbook)
and of Xingtai's 2019 stock derived from figures published in 2021, but they are made up for
the test; they are not data.
"""

import pandas as pd
import pytest

from xtforecast.gap import evaluate_targets
from xtforecast.observations import (
    cut_rule,
    information,
    information_set,
    one_vintage,
    read_observations,
    select_series,
)
from xtforecast.targets import Target

HEADER = ("indicator,region,year,value,unit,bound,kind,vintage,source,source_title,quote,note,"
          "published\n")
#: rd_intensity, hebei: first releases published the next year; the revision of 2016-2018
#: published in 2024 (one yearbook edition); the 2019 first release published 2020.
RD = [
    (2016, 1.20, "actual", "first_release", "2017"),
    (2017, 1.33, "actual", "first_release", "2018"),
    (2018, 1.39, "actual", "first_release", "2019-02"),
    (2019, 1.61, "actual", "first_release", "2020"),
    (2016, 1.35, "revised", "revised", "2024"),
    (2017, 1.48, "revised", "revised", "2024"),
    (2018, 1.54, "revised", "revised", "2024"),
    (2019, 1.62, "revised", "revised", "2024"),
    (2023, 2.08, "actual", "", "2024"),   # after the revised span, published with it
]
#: high_tech_enterprises, xingtai: 2020 stock and a 2019 stock derived from it, both from a
#: report dated 2021-03-10 (the derived row carries its operands' date).
HTE = [
    (2019, 325, "derived", "", "2021-03-10"),
    (2020, 450, "actual", "", "2021-03-10"),
    (2021, 600, "actual", "", ""),          # no date in the source: the year rule
]


def _frame(tmp_path, catalog):
    rows = [f"rd_intensity,hebei,{y},{v},percent,,{k},{vi},https://e.org/rd,T,,,{p}\n"
            for y, v, k, vi, p in RD]
    rows += [f"high_tech_enterprises,xingtai,{y},{v},count,,{k},{vi},https://e.org/h,T,,,{p}\n"
             for y, v, k, vi, p in HTE]
    f = tmp_path / "obs.csv"
    f.write_text(HEADER + "".join(rows), encoding="utf-8")
    df, issues = read_observations(f, catalog)
    assert issues == []
    return df


def _values(df, ind, reg, as_of, vintage="latest"):
    return select_series(df, ind, reg, as_of, vintage)["value"].tolist()


def test_a_revised_figure_is_not_used_before_its_publication(tmp_path, mini_catalog):
    df = _frame(tmp_path, mini_catalog)
    # as_of 2019 (the bulletin said 1.39 for 2018): the 2024 revision (1.54) is not known
    assert _values(df, "rd_intensity", "hebei", 2019) == [1.20, 1.33, 1.39]
    # as_of 2023: still not (and the 2023 figure, published 2024, not either)
    assert _values(df, "rd_intensity", "hebei", 2023) == [1.20, 1.33, 1.39, 1.61]
    # as_of 2024: the revised series, then the 2023 figure published with it
    assert _values(df, "rd_intensity", "hebei", 2024) == [1.35, 1.48, 1.54, 1.62, 2.08]


def test_no_series_mixes_vintages(tmp_path, mini_catalog):
    df = _frame(tmp_path, mini_catalog)
    for as_of in (2017, 2019, 2020, 2023, 2024, None):
        for vintage in ("latest", "first_release"):
            s = select_series(df, "rd_intensity", "hebei", as_of, vintage)
            assert s["year"].is_unique
            kinds = set(s.loc[s["year"] <= 2019, "vintage"])
            # the restated years come from one vintage only
            assert kinds in ({"revised"}, {"first_release"}, set()), (as_of, vintage, kinds)


def test_a_lone_old_revision_is_not_joined_to_newer_first_releases():
    # a revision of 2012 only, published 2017, and a 2013 first release known from 2014: 1.91
    # beside 2.08 would put two GDP bases in one series, so latest reads the first releases
    rows = pd.DataFrame({"year": [2012, 2012, 2013], "value": [1.98, 1.91, 2.08],
                         "vintage": ["first_release", "revised", "first_release"],
                         "published_year": pd.array([2013, 2017, 2014], dtype="Int64")})
    assert one_vintage(rows, "latest")["value"].tolist() == [1.98, 2.08]
    # a 2013 first release published after the revision is on its basis and joins it
    rows.loc[2, "published_year"] = 2018
    assert one_vintage(rows, "latest")["value"].tolist() == [1.91, 2.08]


def test_a_derived_row_is_not_known_before_its_operands_were_published(tmp_path, mini_catalog):
    df = _frame(tmp_path, mini_catalog)
    # the 2019 stock (325) was computed from figures published 2021-03-10
    assert _values(df, "high_tech_enterprises", "xingtai", 2019) == []
    assert _values(df, "high_tech_enterprises", "xingtai", 2020) == []
    assert _values(df, "high_tech_enterprises", "xingtai", 2021) == [325, 450, 600]
    known = select_series(df, "high_tech_enterprises", "xingtai", 2021)
    assert cut_rule(known) == "published+year"          # 2021 has no date: the year rule
    assert cut_rule(known.iloc[:2]) == "published"


def test_first_release_and_latest_differ_where_they_should_and_agree_elsewhere(tmp_path,
                                                                                 mini_catalog):
    df = _frame(tmp_path, mini_catalog)
    # before the revision was published the two choices read the same figures
    for as_of in (2017, 2019, 2023):
        assert (_values(df, "rd_intensity", "hebei", as_of, "first_release")
                == _values(df, "rd_intensity", "hebei", as_of, "latest"))
    # after it they differ on the restated years only
    assert _values(df, "rd_intensity", "hebei", 2024, "first_release") == [1.20, 1.33, 1.39,
                                                                            1.61, 2.08]
    # a series never revised is the same under both
    assert (_values(df, "high_tech_enterprises", "xingtai", None, "first_release")
            == _values(df, "high_tech_enterprises", "xingtai", None, "latest") == [325, 450, 600])


def test_the_goal_is_judged_on_the_chosen_vintage(tmp_path, mini_catalog):
    df = _frame(tmp_path, mini_catalog)
    # a 2018 goal of 1.43 (the Hebei case): the bulletin's 1.39 misses it, the revision's 1.54
    # meets it
    t = Target("rd18", "rd_intensity", "hebei", "share", ">=", 1.43, 2018, "q")
    latest = evaluate_targets([t], df, as_of=2024, catalog=mini_catalog, vintage="latest")
    first = evaluate_targets([t], df, as_of=2024, catalog=mini_catalog, vintage="first_release")
    real_time = evaluate_targets([t], df, as_of=2019, catalog=mini_catalog, vintage="latest")
    assert latest["p_attain"].iloc[0] == 1.0
    assert first["p_attain"].iloc[0] == 0.0
    assert real_time["p_attain"].iloc[0] == 0.0 and real_time["latest_value"].iloc[0] == 1.39
    assert list(first["data_vintage"]) == ["first_release"]
    assert list(real_time["cut_rule"]) == ["published"]


def test_information_set_is_select_series_for_every_series(tmp_path, mini_catalog):
    df = _frame(tmp_path, mini_catalog)
    for vintage in ("latest", "first_release"):
        known = information_set(df, 2024, vintage)
        for ind, reg in (("rd_intensity", "hebei"), ("high_tech_enterprises", "xingtai")):
            assert (select_series(known, ind, reg, 2024, vintage)["value"].tolist()
                    == _values(df, ind, reg, 2024, vintage))


def test_unknown_vintage_is_refused_with_the_choices():
    with pytest.raises(ValueError, match=r"vintage 'first' is not one of \['latest', "
                                         r"'first_release'\]"):
        one_vintage(pd.DataFrame({"year": [2020], "value": [1.0]}), "first")


def test_information_is_real_time_before_the_data_end():
    assert information(2019, 2025) == "real_time"
    assert information(2025, 2025) == "hindsight"


def test_bundled_data_keep_the_revision_and_the_derived_stocks_out_of_the_2019_vantage():
    """The bundled observations (real data, published dates from the build script)."""
    from xtforecast.catalog import load_catalog
    from xtforecast.observations import load_observations
    obs = load_observations(catalog=load_catalog())
    hebei = select_series(obs, "rd_intensity", "hebei", 2019)
    assert hebei.loc[hebei["year"] == 2018, "value"].tolist() == [1.39]
    assert select_series(obs, "rd_intensity", "hebei", None).loc[lambda s: s["year"] == 2018,
                                                                 "value"].tolist() == [1.54]
    for ind in ("high_tech_enterprises", "tech_smes"):
        assert 2019 not in select_series(obs, ind, "xingtai", 2019)["year"].tolist()
        assert 2019 in select_series(obs, ind, "xingtai", 2021)["year"].tolist()


def test_the_cli_takes_vintage_and_says_it(capsys):
    from xtforecast.cli import main
    assert main(["project", "--plan", "hebei_misc", "--as-of", "2019", "--vintage",
                 "first_release", "--sims", "200", "--format", "csv"]) == 0
    assert "vintage=first_release information=real_time" in capsys.readouterr().err
    with pytest.raises(SystemExit) as e:
        main(["backtest", "--vintage", "revised"])
    assert e.value.code == 2
    assert "invalid choice: 'revised'" in capsys.readouterr().err
