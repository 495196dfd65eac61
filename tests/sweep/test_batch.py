"""Batch files (``sweep --batch``): every bad cell of a row is reported, with line and column."""

import pytest

from xtforecast.errors import DataError
from xtforecast.sweep.batch import read_batch


def test_a_row_with_three_bad_cells_reports_each(tmp_path):
    f = tmp_path / "runs.csv"
    f.write_text("name,scenario,as_of,data_dir\nok,baseline,2019,\nbad,,1800,no_such_dir\n",
                 encoding="utf-8")
    with pytest.raises(DataError, match="3 problems found") as exc:
        read_batch(f)
    assert [(i.line, i.column, i.rule) for i in exc.value.issues] == [
        (3, "scenario", "missing_value"), (3, "as_of", "bad_year"), (3, "data_dir", "missing_dir")]
    assert exc.value.issues[1].message == ("as_of must be a year in 1949..2100 (a whole year such as "
                                           "2021), got '1800' (or empty for the scenario's own)")


@pytest.mark.parametrize("as_of", ["²", "２０１９", "2019.0", "20x9"])
def test_an_as_of_that_is_not_a_plain_year_is_refused_at_its_line(tmp_path, as_of):
    # '²' passed str.isdigit and then crashed int(); a full-width year is not read as one either
    f = tmp_path / "runs.csv"
    f.write_text(f"scenario,as_of\nbaseline,{as_of}\n", encoding="utf-8")
    with pytest.raises(DataError) as exc:
        read_batch(f)
    assert [(i.line, i.column, i.rule) for i in exc.value.issues] == [(2, "as_of", "bad_year")]
