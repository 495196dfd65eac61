"""Property-based fuzzing of the loaders and the CLI (issue 13): whatever bytes a user's tools
write, the answer is the figures, or exit 2 with a message naming the file; never a
traceback, and nothing written.

Every file is synthetic (the mini fixture's invented rows, then mutated). Example counts are
kept small so the suite stays fast.
"""

import contextlib
import io
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from xt_testpaths import MINI

from xtforecast.catalog import load_catalog
from xtforecast.cli import main
from xtforecast.errors import DataError
from xtforecast.observations import read_observations
from xtforecast.yamlio import load_yaml

FUZZ = settings(max_examples=50, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
CATALOG = load_catalog(MINI / "indicators.yaml", MINI / "regions.yaml")

HEADER = "indicator,region,year,value,unit,bound,kind,vintage,source,source_title,quote,note"
ROWS = [f"high_tech_enterprises,xingtai,{y},{400 + 10 * i},count,,actual,,https://example.org/s,synthetic,,"
        for i, y in enumerate(range(2010, 2020))]

#: Faults that must each be refused at the row they are put in: (name, row -> bad row).
FAULTS = {
    "decimal_comma": lambda r: _set_value(r, '"566,7"'),
    "nan": lambda r: _set_value(r, "nan"),
    "inf": lambda r: _set_value(r, "-inf"),
    "underscore": lambda r: _set_value(r, "4_50"),
    "unit_word": lambda r: _set_value(r, "450家"),
    "extra_field": lambda r: r + ",surplus",
    "empty_source": lambda r: r.replace("https://example.org/s", ""),
    "unclosed_quote": lambda r: _set_value(r, '"450'),
}


def _set_value(row: str, value: str) -> str:
    cells = row.split(",")
    cells[3] = value
    return ",".join(cells)


def _run_cli(argv, cwd) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old = os.getcwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exc:  # argparse
                code = exc.code
    finally:
        os.chdir(old)
    return code, out.getvalue(), err.getvalue()


@FUZZ
@given(fault=st.sampled_from(sorted(FAULTS)), at=st.integers(0, len(ROWS) - 1),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"]),
       crlf=st.booleans())
def test_each_fault_in_any_encoding_exits_2_naming_file_and_line(fault, at, encoding, crlf):
    rows = list(ROWS)
    rows[at] = FAULTS[fault](rows[at])
    nl = "\r\n" if crlf else "\n"
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "obs.csv"
        f.write_bytes(nl.join([HEADER, *rows]).encode(encoding) + nl.encode(encoding))
        before = sorted(Path(d).iterdir())
        code, out, _ = _run_cli(["data", "check", "--data-dir", str(MINI), str(f)], d)
        assert code == 2
        mine = [ln for ln in out.splitlines() if ln.startswith(f"{f}:")]
        assert mine and mine[0].startswith(f"{f}:{at + 2}:"), out  # header is line 1
        assert sorted(Path(d).iterdir()) == before  # nothing written


@FUZZ
@given(at=st.integers(0, len(ROWS) - 1),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "utf-16-le"]))
def test_clean_files_in_any_encoding_read_the_same_figures(at, encoding):
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "obs.csv"
        rows = list(ROWS)
        rows[at] = rows[at].replace("synthetic", "合成数据")  # a Chinese title somewhere
        f.write_bytes(("\n".join([HEADER, *rows]) + "\n").encode(encoding))
        df, issues = read_observations(f, CATALOG)
        assert issues == []
        assert df["value"].tolist() == [400.0 + 10 * i for i in range(len(ROWS))]
        assert df["source_title"].iloc[at] == "合成数据"


@FUZZ
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes_as_observations_never_raise(data):
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "obs.csv"
        f.write_bytes(data)
        df, issues = read_observations(f, CATALOG)
        assert issues, "random bytes passed as observations"
        assert all(i.path == str(f) for i in issues)


@FUZZ
@given(text=st.text(max_size=400))
def test_arbitrary_text_after_the_header_never_raises(text):
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "obs.csv"
        f.write_text(HEADER + "\n" + text, encoding="utf-8")
        code, out, err = _run_cli(["data", "check", "--data-dir", str(MINI), str(f)], d)
        assert code in (0, 2) and "Traceback" not in err
        if code == 2:
            assert any(ln.startswith(f"{f}:") for ln in out.splitlines()), out


PLAN = """\
plan: fuzz_plan
title_zh: 测试规划
targets:
  - id: hte_2025
    indicator: high_tech_enterprises
    region: xingtai
    value: 800
"""


@FUZZ
@given(data=st.one_of(st.binary(max_size=1000), st.text(max_size=300).map(str.encode)))
def test_arbitrary_yaml_bytes_load_or_raise_a_data_error_naming_the_file(data):
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "x.yaml"
        f.write_bytes(data)
        try:
            load_yaml(f)
        except DataError as exc:
            assert exc.issues and all(i.path == str(f) for i in exc.issues)


@FUZZ
@given(fault=st.sampled_from(["dup", "nan", "inf", "gbk", "utf16"]),
       key=st.sampled_from(["value", "indicator", "region"]))
def test_yaml_faults_are_refused_by_data_check(fault, key):
    text = PLAN
    if fault == "dup":
        text = text.replace(f"    {key}:", f"    {key}: 1\n    {key}:", 1)
    elif fault in ("nan", "inf"):
        text = text.replace("value: 800", f"value: .{fault}")
    raw = {"gbk": lambda t: t.encode("gbk"), "utf16": lambda t: t.encode("utf-16")}.get(
        fault, lambda t: t.encode("utf-8"))(text)
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "fuzz_plan.yaml"
        f.write_bytes(raw)
        code, out, err = _run_cli(["data", "check", "--data-dir", str(MINI), str(f)], d)
        assert code == 2 and "Traceback" not in err
        assert any(ln.startswith(f"{f}:") for ln in out.splitlines()), out
        assert sorted(p.name for p in Path(d).iterdir()) == ["fuzz_plan.yaml"]


@FUZZ
@given(option=st.sampled_from(["--sims", "--seed", "--as-of"]),
       value=st.one_of(st.integers(-10**12, 0).map(str), st.integers(10**7, 10**30).map(str),
                       st.text(alphabet="abc_.,-e ", min_size=1, max_size=6)))
def test_bad_cli_numbers_exit_2_before_any_work(option, value):
    if option == "--seed" and value.isdigit() and int(value) < 2**63:
        return  # a valid seed: the command would run
    with tempfile.TemporaryDirectory() as d:
        code, _, err = _run_cli(["project", f"{option}={value}"], d)
        assert code == 2 and f"argument {option}" in err
        assert list(Path(d).iterdir()) == []


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_every_fault_is_exercised(name):
    bad = FAULTS[name](ROWS[0])
    assert bad != ROWS[0]
