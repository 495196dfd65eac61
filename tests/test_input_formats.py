"""Files as a Chinese user's tools write them (issue 13, classes 3 and 4).

Every file here is synthetic, written by the test: the rows are the mini fixture's invented
figures, in the encodings and formats Excel and Notepad produce. Each test pins the value read
or the rule, line and words of the refusal, so a loader that guessed would fail it.
"""

import openpyxl
import pytest
from xt_testpaths import MINI

from xtforecast.cli import main
from xtforecast.errors import DataError
from xtforecast.observations import load_observations, read_observations
from xtforecast.yamlio import MAX_NODES, load_yaml

HEADER = "indicator,region,year,value,unit,bound,kind,vintage,source,source_title,quote,note\n"
ROW_2020 = "high_tech_enterprises,xingtai,2020,450,count,,actual,,https://example.org/s,高新技术企业 (synthetic),,\n"
ROW_2021 = "high_tech_enterprises,xingtai,2021,466.5,count,,actual,,https://example.org/s,synthetic,,\n"
TEXT = HEADER + ROW_2020 + ROW_2021


def _write(tmp_path, name, data: bytes):
    f = tmp_path / name
    f.write_bytes(data)
    return f


# -- class 3: encodings and formats -------------------------------------------------------------

@pytest.mark.parametrize("name, data, said", [
    ("gbk.csv", TEXT.encode("gbk"), "read as GB18030 (GBK)"),
    ("gb18030.csv", TEXT.encode("gb18030"), "read as GB18030 (GBK)"),
    ("bom.csv", TEXT.encode("utf-8-sig"), "read as UTF-8 with BOM"),
    # Excel's "Unicode text": UTF-16 with a BOM, tab-separated
    ("unicode.txt", TEXT.replace(",", "\t").encode("utf-16"), "read as UTF-16 (with BOM)"),
    ("utf16le_nobom.csv", TEXT.encode("utf-16-le"), "read as UTF-16-LE (no BOM)"),
    ("plain.csv", TEXT.encode("utf-8"), ""),
])
def test_csv_in_every_excel_encoding_reads_the_same_figures(tmp_path, mini_catalog, name, data, said):
    df, issues = read_observations(_write(tmp_path, name, data), mini_catalog)
    assert issues == []
    assert df["value"].tolist() == [450.0, 466.5]
    assert df["source_title"].iloc[0] == "高新技术企业 (synthetic)"
    assert said in df.attrs["read_note"] and (said or df.attrs["read_note"] in ("", "tab-separated"))


def test_data_check_says_which_encoding_it_used(tmp_path, capsys):
    f = _write(tmp_path, "gbk.csv", TEXT.encode("gbk"))
    assert main(["data", "check", "--data-dir", str(MINI), str(f)]) == 0
    err = capsys.readouterr().err
    assert f"{f}: 2 rows ok, 0 problems (read as GB18030 (GBK))" in err


def test_unreadable_bytes_are_refused_with_file_line_and_fix(tmp_path, mini_catalog):
    f = _write(tmp_path, "junk.csv", HEADER.encode() + b"\x80\xff\xfe\x80\n")
    df, issues = read_observations(f, mini_catalog)
    assert df.empty and [(i.path, i.line, i.rule) for i in issues] == [(str(f), 2, "unknown_encoding")]
    assert "CSV UTF-8" in issues[0].message


def test_xlsx_first_sheet_is_read_with_row_numbers_as_lines(tmp_path, mini_catalog):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "观测"
    ws.append(HEADER.strip().split(","))
    ws.append(["high_tech_enterprises", "xingtai", 2020, 450, "count", None, "actual", None,
               "https://example.org/s", "synthetic", None, None])
    ws.append(["high_tech_enterprises", "xingtai", 2021.0, 466.5, "count", None, "actual", None,
               "https://example.org/s", "synthetic", None, None])
    ws.append(["high_tech_enterprises", "xingtai", 2022, "#DIV/0!", "count", None, "actual", None,
               "https://example.org/s", "synthetic", None, None])
    wb.create_sheet("notes")
    f = tmp_path / "obs.xlsx"
    wb.save(f)
    df, issues = read_observations(f, mini_catalog)
    assert df["year"].tolist() == [2020, 2021] and df["value"].tolist() == [450.0, 466.5]
    assert [(i.line, i.column, i.rule) for i in issues] == [(4, "value", "non_numeric")]
    assert "sheet '观测'" in df.attrs["read_note"] and "1 sheet(s) ignored" in df.attrs["read_note"]


@pytest.mark.parametrize("name, data, rule", [
    ("fake.xlsx", b"PK\x03\x04 not really a zip", "bad_xlsx"),
    ("old.xls", b"\xd0\xcf\x11\xe0 binary excel", "not_text"),
    ("renamed.csv", b"\xd0\xcf\x11\xe0 binary excel", "not_text"),
])
def test_broken_or_old_excel_files_are_refused_clearly(tmp_path, mini_catalog, name, data, rule):
    df, issues = read_observations(_write(tmp_path, name, data), mini_catalog)
    assert df.empty and [i.rule for i in issues] == [rule]
    assert ".xlsx" in issues[0].message and "CSV UTF-8" in issues[0].message


def test_a_directory_as_observations_is_refused(tmp_path, mini_catalog):
    _, issues = read_observations(tmp_path, mini_catalog)
    assert [i.rule for i in issues] == ["not_a_file"]


@pytest.mark.parametrize("data, rule, words", [
    ("plan: 邢台\n".encode("gbk"), "not_utf8", "looks like GBK/GB18030"),
    ("plan: xingtai\n".encode("utf-16"), "not_utf8", "UTF-16 (with BOM), but this file must be UTF-8"),
])
def test_yaml_not_in_utf8_is_refused_with_the_fix(tmp_path, data, rule, words):
    f = _write(tmp_path, "plan.yaml", data)
    with pytest.raises(DataError) as exc:
        load_yaml(f)
    (issue,) = exc.value.issues
    assert (issue.path, issue.line, issue.rule) == (str(f), 1, rule)
    assert words in issue.message and "re-save it as UTF-8" in issue.message


def test_yaml_with_bom_is_read(tmp_path):
    data, lines = load_yaml(_write(tmp_path, "a.yaml", "plan: 邢台\n".encode("utf-8-sig")))
    assert data == {"plan": "邢台"} and lines["plan"] == 1


# -- class 4: no silent wrong numbers -----------------------------------------------------------

@pytest.mark.parametrize("value, words", [
    ('"566,7"', "decimal comma: write '566.7'"),
    ("4_50", "without underscores"),
    ("nan", "not written as NaN"),
    ("inf", "not written as NaN or infinity"),
    ("４５０", "is not a number"),
])
def test_numbers_that_float_would_misread_are_refused(tmp_path, mini_catalog, value, words):
    row = f"high_tech_enterprises,xingtai,2022,{value},count,,actual,,https://example.org/s,T,,\n"
    df, issues = read_observations(_write(tmp_path, "o.csv", (TEXT + row).encode()), mini_catalog)
    assert [(i.line, i.column, i.rule) for i in issues] == [(4, "value", "non_numeric")]
    assert words in issues[0].message
    assert 2022 not in df["year"].tolist()


def test_thousands_commas_are_still_read(tmp_path, mini_catalog):
    row = 'high_tech_enterprises,xingtai,2022,"1,234,567.5",count,,actual,,https://example.org/s,T,,\n'
    df, issues = read_observations(_write(tmp_path, "o.csv", (TEXT + row).encode()), mini_catalog)
    assert issues == [] and df["value"].tolist() == [450.0, 466.5, 1234567.5]


def test_unclosed_quote_is_refused_at_its_line_not_loaded_as_one_row(tmp_path, mini_catalog):
    text = (HEADER + 'high_tech_enterprises,xingtai,2019,"450,count,,actual,,https://example.org/s,T,,\n'
            + ROW_2020 + ROW_2021)
    f = _write(tmp_path, "o.csv", text.encode())
    with pytest.raises(DataError) as exc:
        load_observations(f, mini_catalog)
    assert [(i.path, i.line, i.rule) for i in exc.value.issues] == [(str(f), 2, "unclosed_quote")]
    assert "not closed" in exc.value.issues[0].message


def test_unclosed_quote_closed_by_a_later_quote_is_found_by_its_swallowed_rows(tmp_path, mini_catalog):
    # The quote opened on line 3 closes inside line 5's quoted note, so the parser sees a
    # well-formed record whose field holds two whole rows.
    text = (HEADER + ROW_2020 + 'high_tech_enterprises,xingtai,2021,466,count,,actual,,"https://e.org,T,,\n'
            + "high_tech_enterprises,xingtai,2022,470,count,,actual,,https://e.org,T,,\n"
            + 'high_tech_enterprises,xingtai,2023,480,count,,actual,,https://e.org,T,,"note",x\n')
    _, issues = read_observations(_write(tmp_path, "o.csv", text.encode()), mini_catalog)
    assert [(i.line, i.rule) for i in issues][:1] == [(3, "unclosed_quote")]


def test_a_quote_in_a_5000_row_file_is_one_message_not_a_traceback(tmp_path, mini_catalog):
    rows = "".join(f"high_tech_enterprises,xingtai,{1950 + i % 70},{i},count,,actual,,https://e.org,T,,\n"
                   for i in range(5000))
    text = HEADER + 'high_tech_enterprises,xingtai,2019,"450,count,,actual,,https://e.org,T,,\n' + rows
    _, issues = read_observations(_write(tmp_path, "o.csv", text.encode()), mini_catalog)
    assert [(i.line, i.rule) for i in issues] == [(2, "unclosed_quote")]


def test_a_legitimate_multiline_note_is_kept(tmp_path, mini_catalog):
    row = ('high_tech_enterprises,xingtai,2022,470,count,,actual,,https://example.org/s,T,,'
           '"first line of a note\nsecond line, still the note"\n')
    df, issues = read_observations(_write(tmp_path, "o.csv", (TEXT + row).encode()), mini_catalog)
    assert issues == [] and df["note"].iloc[-1].endswith("still the note")


@pytest.mark.parametrize("text, rule", [(HEADER, "no_rows"), ("", "empty_file"),
                                        (HEADER.replace("note", "value"), "duplicate_column")])
def test_a_file_without_figures_is_refused_by_data_check(tmp_path, capsys, text, rule):
    f = _write(tmp_path, "o.csv", text.encode())
    assert main(["data", "check", "--data-dir", str(MINI), str(f)]) == 2
    out = capsys.readouterr().out
    assert f"{f}:1:" in out and f"[{rule}]" in out


def test_project_on_a_header_only_file_exits_2_naming_it(tmp_path, capsys):
    f = _write(tmp_path, "o.csv", HEADER.encode())
    code = main(["project", "--observations", str(f)])
    err = capsys.readouterr().err
    assert code == 2 and f"{f}:1" in err and "no_rows" in err


def test_duplicate_yaml_key_is_refused_with_file_line_and_key(tmp_path):
    f = _write(tmp_path, "plan.yaml", b"targets:\n  - id: a\n    value: 8000\n    value: 80\n")
    with pytest.raises(DataError) as exc:
        load_yaml(f)
    assert [(i.path, i.line, i.column, i.rule) for i in exc.value.issues] == [
        (str(f), 4, "targets[0].value", "duplicate_key")]
    assert "first on line 3" in exc.value.issues[0].message


def test_yaml_merge_keys_are_not_duplicates(tmp_path):
    data, _ = load_yaml(_write(tmp_path, "a.yaml", b"x: &x {a: 1}\nz:\n  <<: *x\n  a: 2\n"))
    assert data["z"] == {"a": 2}


def test_yaml_nan_and_inf_are_refused_with_their_lines(tmp_path):
    f = _write(tmp_path, "s.yaml", b"delta: .inf\nops: [1.5, .nan, -.Inf]\nbig: 1.0e+400\nok: 2.5\n")
    with pytest.raises(DataError) as exc:
        load_yaml(f)
    assert [(i.line, i.column, i.rule) for i in exc.value.issues] == [
        (1, "delta", "not_finite"), (2, "ops[1]", "not_finite"), (2, "ops[2]", "not_finite"),
        (3, "big", "not_finite")]


# -- class 5 (YAML part): alias bombs and size --------------------------------------------------

def test_yaml_alias_bomb_is_refused_before_it_expands(tmp_path):
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for prev, cur in zip("abcdefgh", "bcdefghi"):
        levels.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 9) + "]")
    f = _write(tmp_path, "bomb.yaml", ("\n".join(levels) + "\n").encode())
    with pytest.raises(DataError) as exc:
        load_yaml(f)  # 9**9 values if expanded; refused within the node budget
    assert exc.value.issues[0].rule == "yaml_too_complex"
    assert f"{MAX_NODES:,}" in exc.value.issues[0].message


def test_yaml_with_too_many_aliases_is_refused_at_the_alias(tmp_path):
    body = "a: &a 1\nb: [" + ", ".join(["*a"] * 101) + "]\n"
    with pytest.raises(DataError) as exc:
        load_yaml(_write(tmp_path, "many.yaml", body.encode()))
    assert (exc.value.issues[0].rule, exc.value.issues[0].line) == ("yaml_too_complex", 2)


def test_oversized_yaml_is_refused_without_reading_it(tmp_path, monkeypatch):
    import xtforecast.yamlio as yamlio
    monkeypatch.setattr(yamlio, "MAX_YAML_BYTES", 100)
    with pytest.raises(DataError) as exc:
        load_yaml(_write(tmp_path, "big.yaml", b"a: 1\n" * 30))
    assert exc.value.issues[0].rule == "too_large" and "150 bytes" in exc.value.issues[0].message


# -- class 8: numbers in YAML as people write them ---------------------------------------------

@pytest.mark.parametrize("text, value", [("pp: 5e-1\n", 0.5), ("pp: -2E+1\n", -20.0),
                                         ("pp: 0.5\n", 0.5), ("year: 2020\n", 2020)])
def test_yaml_exponent_numbers_are_numbers(tmp_path, text, value):
    data, _ = load_yaml(_write(tmp_path, "s.yaml", text.encode()))
    assert list(data.values()) == [value]


@pytest.mark.parametrize("raw, read_as", [("4_50", 450), ("017", 15), ("0x1F", 31), ("1:30", 90)])
def test_yaml_number_syntax_that_changes_the_figure_is_refused(tmp_path, raw, read_as):
    f = _write(tmp_path, "s.yaml", f"ops:\n  - pp: {raw}\n".encode())
    with pytest.raises(DataError) as exc:
        load_yaml(f)
    (issue,) = exc.value.issues
    assert (issue.line, issue.column, issue.rule) == (2, "ops[0].pp", "bad_number")
    assert f"would read it as {read_as}" in issue.message


def test_quoted_names_that_look_like_numbers_stay_text(tmp_path):
    data, _ = load_yaml(_write(tmp_path, "s.yaml", b"id: '017'\nv: '4_50'\n"))
    assert data == {"id": "017", "v": "4_50"}


def test_project_reads_a_gb18030_copy_of_the_bundled_data_and_says_so(tmp_path, capsys):
    from xt_testpaths import REPO
    f = tmp_path / "obs.csv"
    f.write_bytes((REPO / "data" / "observations.csv").read_text(encoding="utf-8").encode("gb18030"))
    assert main(["project", "--observations", str(f), "--format", "csv"]) == 0
    gbk_out, err = capsys.readouterr()
    assert f"{f}: read as GB18030 (GBK)" in err
    assert main(["project", "--format", "csv"]) == 0
    assert capsys.readouterr().out == gbk_out  # the same table as from the UTF-8 original
