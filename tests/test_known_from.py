"""``known_from``: when a figure counts as known at ``as_of`` -- its publication (default) or
the end of its year, as a plan's own authors knew their statistics.

The hand-made rows reuse ``test_vintage_choice``'s SYNTHETIC series (made up for the test, not
data): Hebei's R&D intensity with a 2024 revision, Xingtai's 2019 stock derived from figures
published in 2021. The last tests read the bundled (real) observations and scenarios.
"""

import pandas as pd
import pytest
from test_vintage_choice import _frame

from xtforecast.observations import (
    information,
    information_set,
    known_by,
    known_from,
    select_series,
)
from xtforecast.projection import MemoProjector


def test_the_year_rule_knows_a_later_published_stock_but_not_a_later_revision(tmp_path,
                                                                              mini_catalog):
    df = _frame(tmp_path, mini_catalog)
    year = known_from(df, "year")
    hte = select_series(year, "high_tech_enterprises", "xingtai", 2019)
    assert hte["value"].tolist() == [325]          # published 2021, known to its producers
    assert select_series(df, "high_tech_enterprises", "xingtai", 2019).empty
    # the 2024 revision of 2016-2018 stays unknown in 2019: the first releases are read
    rd = select_series(year, "rd_intensity", "hebei", 2019)
    assert rd.set_index("year")["value"].to_dict() == {2016: 1.20, 2017: 1.33, 2018: 1.39,
                                                       2019: 1.61}
    # and known from 2024 on, as under the default rule
    assert (select_series(year, "rd_intensity", "hebei", 2024)["value"].tolist()
            == select_series(df, "rd_intensity", "hebei", 2024)["value"].tolist())


def test_the_rule_travels_with_the_frame_and_can_be_undone(tmp_path, mini_catalog):
    df = _frame(tmp_path, mini_catalog)
    year = known_from(df, "year")
    assert year.attrs["known_from"] == "year" and "known_from" not in df.attrs
    assert known_from(year, "year") is year and known_from(df, "published") is df
    assert information_set(year, 2019).attrs["known_from"] == "year"
    # the publication dates stay in the year frame: reading it back by publication restores it
    back = known_from(year, "published")
    assert back.attrs["known_from"] == "published" and list(back.columns) == list(df.columns)
    assert select_series(back, "high_tech_enterprises", "xingtai", 2019).empty
    with pytest.raises(ValueError, match="one of published, year; got 'yaer'"):
        known_from(df, "yaer")
    # a revision keeps its date, every other row falls back to its year: in 2019 the derived
    # stock and the 2019 first release (published 2020) join the three earlier first releases
    assert known_by(df, 2019).sum() == 3 and known_by(year, 2019).sum() == 5
    assert "published_year" in year and year["published_year"].equals(df["published_year"])


def test_information_names_the_authors_view():
    assert information(2019, 2025, "year") == "authors"
    assert information(2019, 2025, "published") == "real_time"
    assert information(2025, 2025, "year") == "hindsight"


def test_the_memo_projects_from_its_frame_read_by_the_callers_rule(tmp_path, mini_catalog):
    df = _frame(tmp_path, mini_catalog)
    seen = []

    def project(obs, catalog, ind, reg, **kw):
        seen.append(select_series(obs, ind, reg, kw["as_of"])["value"].tolist())
        return len(seen)

    memo = MemoProjector(df, None, project)
    kw = dict(as_of=2019, end_year=2022, n_sims=10, seed=1)
    a = memo(df, None, "high_tech_enterprises", "xingtai", **kw)
    b = memo(known_from(df.iloc[:3], "year"), None, "high_tech_enterprises", "xingtai", **kw)
    assert (a, b) == (1, 2) and seen == [[], [325]]   # two rules, two draws, no mix-up
    assert memo(df, None, "high_tech_enterprises", "xingtai", **kw) == 1


# -- the bundled data and scenarios ------------------------------------------------------------

def test_the_plan_vantage_family_reads_the_authors_figures_and_calls_the_goals_it_can():
    """baseline_2019 (``known_from: year``) on the bundled data: the goals with a city figure
    for 2019 get a call; the same vantage by publication date has none."""
    from xtforecast.inputs import Inputs
    inputs = Inputs.load()
    res = inputs.run("baseline_2019", n_sims=300)
    s = res.summary.set_index("target_id")
    assert res.provenance["known_from"] == "year"
    assert res.provenance["information"] == "authors"
    called = set(s.index[s["p_attain"].notna()])
    assert called == {"high_tech_enterprises_2020", "tech_smes_2020",
                      "high_tech_enterprises_2022", "tech_smes_2022"}
    # the latest figures are the 2019 stocks of figures_entities (450 - "125以上", 7141 - 526)
    assert s.loc["high_tech_enterprises_2022", ["latest_year", "latest_value"]].tolist() == [2019, 325]
    assert s.loc["high_tech_enterprises_2022", "latest_bound"] == "<="
    assert s.loc["tech_smes_2022", "latest_value"] == 6615
    published = inputs.run("baseline_2019", n_sims=300, known_from="published")
    assert published.provenance["information"] == "real_time"
    assert published.summary["p_attain"].isna().all()


def test_known_from_in_a_scenario_file_is_checked_with_a_suggestion(tmp_path):
    from xtforecast.scenarios import check_scenario
    f = tmp_path / "mine.yaml"
    f.write_text("name: mine\nextends: baseline_2019\nknown_from: yaer\n", encoding="utf-8")
    issues = check_scenario(f)
    assert [(i.rule, i.column, i.line) for i in issues] == [("bad_value", "known_from", 3)]
    assert "Did you mean 'year'?" in issues[0].message


def test_the_cli_takes_known_from_and_says_it(capsys):
    from xtforecast.cli import main
    assert main(["project", "--as-of", "2019", "--known-from", "year", "--sims", "200",
                 "--goal", "high_tech_enterprises_2022", "--format", "csv"]) == 0
    out = capsys.readouterr()
    assert "information=authors known_from=year" in out.err
    from io import StringIO
    row = pd.read_csv(StringIO(out.out)).iloc[0]
    assert (row["latest_year"], row["latest_value"]) == (2019, 325)
