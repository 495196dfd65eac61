"""How tables are printed and written (xtforecast.output, report.atomic.write_csv): years are
whole numbers even beside a missing one. The figures are synthetic."""

import doctest
import io
import json

import pandas as pd
import pytest

from xtforecast import output
from xtforecast.cli import main
from xtforecast.report.atomic import write_csv


def _gap() -> pd.DataFrame:
    # a goal with no observation leaves latest_year empty, which makes pandas' column float
    return pd.DataFrame({"target_year": [2020, 2022], "latest_year": [2019.0, None],
                         "latest_value": [325.0, None], "share": [0.5, 2.0]})


def test_doctests():
    res = doctest.testmod(output)
    assert res.failed == 0 and res.attempted >= 2


@pytest.mark.parametrize("fmt, want", [
    ("csv", "target_year,latest_year,latest_value,share\n2020,2019,325.0,0.5\n2022,,,2.0\n"),
    ("json", [{"target_year": 2020, "latest_year": 2019, "latest_value": 325.0, "share": 0.5},
              {"target_year": 2022, "latest_year": None, "latest_value": None, "share": 2.0}]),
])
def test_a_year_beside_a_gap_is_printed_whole(fmt, want):
    buf = io.StringIO()
    output.emit(_gap(), fmt, out=buf)
    assert (json.loads(buf.getvalue()) if fmt == "json" else buf.getvalue()) == want


def test_the_table_leaves_a_missing_year_empty():
    buf = io.StringIO()
    output.emit(_gap(), "table", out=buf)
    lines = buf.getvalue().splitlines()
    assert lines[1].split() == ["2020", "2019", "325", "0.5"]
    assert lines[2].split() == ["2022", "2"]  # no "<NA>", no "nan"


def test_a_table_shows_four_figures_and_files_every_digit():
    """project's summary printed its floats in full (2218.047794, 0.075586), which made the table
    over 300 columns wide; a table shows four significant figures, CSV and JSON keep all."""
    df = pd.DataFrame({"projected_median": [2218.047794, 1.2], "required_cagr": [0.075586, None],
                       "target_value": pd.Series([80.0, "B"], dtype=object)})
    buf = io.StringIO()
    output.emit(df, "table", out=buf)
    lines = buf.getvalue().splitlines()
    assert lines[1].split() == ["2,218", "0.07559", "80"]
    assert lines[2].split() == ["1.2", "B"]
    buf = io.StringIO()
    output.emit(df, "csv", out=buf)
    assert buf.getvalue().splitlines()[1] == "2218.047794,0.075586,80.0"


def test_only_whole_year_columns_change():
    df = pd.DataFrame({"year": [2019.5, None], "value_year": [1.0, 2.0], "p": [0.25, None]})
    out = output.whole_years(df)
    assert out["year"].dtype == float  # not whole: left as it is
    assert str(out["value_year"].dtype) == "Int64" and out["p"].dtype == float


def test_written_csvs_carry_whole_years(tmp_path):
    write_csv(tmp_path / "s.csv", _gap())
    assert (tmp_path / "s.csv").read_text(encoding="utf-8").splitlines()[2] == "2022,,,2.0"


def test_the_bundled_summary_prints_its_latest_years_whole(capsys):
    assert main(["project", "--sims", "50", "--format", "csv"]) == 0
    rows = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype=str, keep_default_na=False)
    years = [y for y in rows["latest_year"] if y]
    assert years and all(y.isdigit() and len(y) == 4 for y in years), years
    assert "" in set(rows["latest_year"])  # goals without data: the gap that made them floats


def _display_width(line: str) -> int:
    import unicodedata
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def test_a_table_with_chinese_lines_up_on_a_terminal():
    """A hanzi is two terminal columns wide: padded by characters, 基准情景 beside 新冠疫情冲击
    pushed the next column out of line."""
    df = pd.DataFrame({"name": ["baseline", "covid_shock"], "label_zh": ["基准情景", "新冠疫情冲击"],
                       "label_en": ["Baseline", "COVID-19 shock"]})
    buf = io.StringIO()
    output.emit(df, "table", out=buf)
    lines = buf.getvalue().splitlines()
    assert len({_display_width(ln) for ln in lines}) == 1, lines
    # the Chinese column (right-aligned) ends at one terminal column on every line
    ends = {_display_width(ln[:ln.index(z) + len(z)]) for ln, z in zip(lines, ("label_zh", "基准情景", "新冠疫情冲击"))}
    assert len(ends) == 1, lines


def test_nothing_is_empty_in_a_table_and_null_in_json():
    df = pd.DataFrame([{"extends": None, "horizon": None}, {"extends": "base", "horizon": None}],
                      dtype=object)
    buf = io.StringIO()
    output.emit(df, "table", out=buf)
    assert "None" not in buf.getvalue() and buf.getvalue().split() == ["extends", "horizon", "base"]
    buf = io.StringIO()
    output.emit(df, "json", out=buf)
    assert json.loads(buf.getvalue())[0] == {"extends": None, "horizon": None}
