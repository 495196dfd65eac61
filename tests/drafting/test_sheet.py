"""``data template`` and ``data merge``: pre-filled public rows, the data-check rules on merge,
no duplicates, atomic append, and xlsx sheets. Figures typed in here are SYNTHETIC."""

import csv
import shutil

import pytest
from draft_paths import SYNTHETIC_PLAN, run


def test_template_prefills_public_rows(capsys, tmp_path):
    out = tmp_path / "xt.csv"
    code, _, err = run(capsys, "data", "template", "--plan", "xingtai_2020", "--out", out)
    assert code == 0
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    public = [r for r in rows if r["prefilled"] == "public"]
    assert public and all(r["value"] and r["source"] for r in public)
    assert all(r["value"] == "" and r["source"] == "" for r in rows if r["prefilled"] != "public")
    years = {int(r["year"]) for r in rows}
    assert min(years) == 2014 and max(years) == 2022  # base 2019 - 5 .. last target year
    hte = [r for r in rows if r["indicator"] == "high_tech_enterprises" and r["region"] == "xingtai"]
    assert len(hte) == 9 and f"{len(rows)} rows" in err


@pytest.fixture
def data_dir(tmp_path, capsys):
    draft = tmp_path / "draft.yaml"
    run(capsys, "targets", "draft", SYNTHETIC_PLAN, "--region", "demo_city", "--plan-id", "demo", "--out", draft)
    d = tmp_path / "data"
    assert run(capsys, "init", d, "--plan", draft)[0] == 0
    return d


def _write(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def _sheet(capsys, data_dir, tmp_path):
    sheet = tmp_path / "sheet.csv"
    run(capsys, "data", "template", "--plan", "demo", "--data-dir", data_dir, "--out", sheet)
    with open(sheet, encoding="utf-8-sig", newline="") as fh:
        return sheet, list(csv.DictReader(fh))


def test_merge_reports_every_broken_rule_and_writes_nothing(capsys, data_dir, tmp_path):
    sheet, rows = _sheet(capsys, data_dir, tmp_path)
    before = (data_dir / "observations.csv").read_bytes()
    rows[0].update(value="12", source="synthetic")                       # fine
    rows[1].update(value="12", unit="persons", source="synthetic")        # wrong unit
    rows[2].update(value="many", source="synthetic")                      # not a number
    rows[3].update(value="5")                                             # no source
    _write(sheet, rows)
    code, _, err = run(capsys, "data", "merge", sheet, "--data-dir", data_dir)
    assert code == 2
    assert "[unit_mismatch]" in err and "[non_numeric]" in err and "[missing_source]" in err
    assert "3 problems found" in err and f"{sheet}:3" in err
    assert (data_dir / "observations.csv").read_bytes() == before


def test_merge_refuses_a_conflicting_duplicate(capsys, data_dir, tmp_path):
    sheet, rows = _sheet(capsys, data_dir, tmp_path)
    rows[0].update(value="12", source="synthetic")
    _write(sheet, rows)
    assert run(capsys, "data", "merge", sheet, "--data-dir", data_dir)[0] == 0
    rows[0].update(value="13")
    _write(sheet, rows)
    code, _, err = run(capsys, "data", "merge", sheet, "--data-dir", data_dir)
    assert code == 2 and "[duplicate_key]" in err and "with value 12" in err


def test_merge_xlsx(capsys, data_dir, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = tmp_path / "sheet.xlsx"
    code, _, _ = run(capsys, "data", "template", "--plan", "demo", "--data-dir", data_dir,
                     "--format", "xlsx", "--out", book)
    assert code == 0
    wb = openpyxl.load_workbook(book)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    ws.cell(row=2, column=header.index("value") + 1, value=7)
    ws.cell(row=2, column=header.index("source") + 1, value="synthetic test figure")
    wb.save(book)
    code, out, _ = run(capsys, "data", "merge", book, "--data-dir", data_dir)
    assert code == 0 and out.startswith("added 1 row(s)")
    lines = (data_dir / "observations.csv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and ",7,count," in lines[1] and "prefilled" not in lines[0]


def test_init_refuses_a_non_empty_directory(capsys, data_dir, tmp_path):
    shutil.copy(SYNTHETIC_PLAN, data_dir / "x.txt")
    code, _, err = run(capsys, "init", data_dir, "--plan", tmp_path / "draft.yaml")
    assert code == 2 and "not empty" in err and "--force" in err


def test_init_refuses_a_draft_without_region(capsys, tmp_path):
    plan = tmp_path / "p.txt"
    plan.write_text("到2022年,高新技术企业达到500家。\n", encoding="utf-8")  # synthetic; names no region
    draft = tmp_path / "d.yaml"
    assert run(capsys, "targets", "draft", plan, "--out", draft)[0] == 0
    code, _, err = run(capsys, "init", tmp_path / "new", "--plan", draft)
    assert code == 2 and "[unknown_region]" in err and "--region" in err
