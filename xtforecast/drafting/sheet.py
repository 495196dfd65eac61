"""The data sheet a researcher fills with internal figures: ``data template`` and ``data merge``.

The template has one row per (indicator, region, year) the plan's goals need, from five years
before the base year to the last target year, in the columns of ``observations.csv`` plus two
helper columns: ``prefilled`` (``public`` where the row is already in the data, so nobody types
it again) and ``needed_for`` (the goals that use the row). ``merge`` checks the filled rows with
the same checker as ``data check`` (:func:`xtforecast.observations.check_rows`) and appends the
new ones to ``observations.csv`` atomically.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from .._schema import OBS_COLUMNS, OBS_KEY
from ..errors import DataError, Issue, XtForecastError
from ..observations import _read_rows, _Row, check_rows, read_observations
from ..report.atomic import write_text

#: Columns of the template beyond ``observations.csv`` (dropped again by ``merge``).
HELPER_COLUMNS = ["prefilled", "needed_for"]
#: Years of history asked for before the base year (enough for the growth models to fit).
YEARS_BEFORE_BASE = 5

def template_frame(plan, catalog, obs: pd.DataFrame) -> pd.DataFrame:
    """The template rows of ``plan``; public rows are pre-filled.

    Parameters
    ----------
    plan : Plan
        Its goals say which (indicator, region) series are needed; drivers of derived
        indicators are added.
    catalog : Catalog
        Units and drivers.
    obs : pandas.DataFrame
        The observations already held (``load_observations``).

    Returns
    -------
    pandas.DataFrame
        ``OBS_COLUMNS`` plus ``prefilled`` (``public`` or empty) and ``needed_for`` (goal ids),
        one row per series and year from five years before the base year to the last target year.
    """
    need: dict[tuple[str, str], set[str]] = {}
    first, last = None, None
    for t in plan.targets:
        base = t.base_year or plan.base_year or (t.window[0] - 1 if t.window else t.target_year - 1)
        lo = base - YEARS_BEFORE_BASE
        first, last = min(first or lo, lo), max(last or t.target_year, t.target_year)
        ind = catalog.indicators[t.indicator]
        # A derived indicator is modelled from its drivers: ask for those too.
        for ind_id, why in [(t.indicator, t.id)] + [(d, f"{t.id} (driver)") for d in ind.drivers]:
            need.setdefault((ind_id, t.region), set()).add(why)
    rows = []
    for (ind_id, region), why in sorted(need.items()):
        ind = catalog.indicators[ind_id]
        have = obs[(obs["indicator"] == ind_id) & (obs["region"] == region)]
        for year in range(first, last + 1):
            public = have[have["year"] == year]
            if len(public):
                for rec in public.to_dict("records"):
                    value = rec["label"] if ind.kind == "class" else _num_text(rec["value"])
                    rows.append({c: rec[c] for c in OBS_COLUMNS} | {
                        "value": value, "prefilled": "public", "needed_for": ", ".join(sorted(why))})
            else:
                rows.append(dict.fromkeys(OBS_COLUMNS, "") | {
                    "indicator": ind_id, "region": region, "year": year, "unit": ind.unit,
                    "kind": "actual", "prefilled": "", "needed_for": ", ".join(sorted(why))})
    return pd.DataFrame(rows, columns=OBS_COLUMNS + HELPER_COLUMNS)


def _num_text(v) -> str:
    return str(int(v)) if float(v).is_integer() else repr(float(v))


def need_openpyxl() -> None:
    """Refuse xlsx, saying how to get it, when the openpyxl package is not installed."""
    try:
        import openpyxl  # noqa: F401
    except ModuleNotFoundError:
        raise XtForecastError("xlsx needs the openpyxl package: pip install openpyxl "
                              "(or use --format csv)") from None


def read_sheet(path: Path) -> tuple[list[str], list]:
    """Header and rows (with their line numbers) of a CSV or xlsx sheet, helper columns dropped."""
    if not path.exists():
        raise DataError([Issue(str(path), None, "", "missing_file", "file not found; check the path")])
    if path.suffix.lower() == ".xlsx":
        need_openpyxl()
        import openpyxl
        ws = openpyxl.load_workbook(path, read_only=True, data_only=True).worksheets[0]
        cells = [[_cell(v) for v in r] for r in ws.iter_rows(values_only=True)]
        header = list(cells[0]) if cells else []
        rows = [_Row(i + 2, dict(zip(header, r))) for i, r in enumerate(cells[1:]) if any(r)]
    else:  # any encoding Excel writes is detected by the observations reader
        table = _read_rows(str(path))
        if table.issues:
            raise DataError(table.issues)
        header, rows = table.header, table.rows
    header = [h for h in header if h not in HELPER_COLUMNS]
    for r in rows:
        for h in HELPER_COLUMNS:
            r.values.pop(h, None)
    return header, rows


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def merge_sheet(sheet: Path, obs_path: Path, catalog) -> tuple[list[dict], int, int]:
    """Check the filled rows of ``sheet`` and append the new ones to ``obs_path`` atomically.

    Returns
    -------
    (added rows, rows already in the data, rows left empty)

    Raises
    ------
    DataError
        Every problem of the sheet (same rules as ``data check``), or a row whose key is already
        in the data with another value; nothing is written then.
    """

    header, rows = read_sheet(sheet)
    filled = [r for r in rows if str(r.values.get("value", "")).strip()]
    n_empty = len(rows) - len(filled)
    raw = [dict(r.values) for r in filled]  # check_rows parses values in place; keep the text
    issues, _ = check_rows(str(sheet), header, filled, catalog)
    existing, old_issues = read_observations(obs_path, catalog, allow_empty=True)
    if old_issues:
        raise DataError(old_issues)
    known = {tuple(str(k) for k in key): (v, line) for key, v, line in zip(
        existing[OBS_KEY].itertuples(index=False, name=None), existing["value"], existing["line"])}
    added, n_same = [], 0
    bad_lines = {i.line for i in issues}
    for row, text in zip(filled, raw):
        if row.line in bad_lines:
            continue
        key = tuple(str(text.get(k, "")).strip() for k in OBS_KEY)
        if key in known:
            value, line = known[key]
            if float(row.values["value"]) == float(value):
                n_same += 1
                continue
            issues.append(Issue(str(sheet), row.line, ",".join(OBS_KEY), "duplicate_key",
                                f"{dict(zip(OBS_KEY, key))} is already in {obs_path} line {line} with "
                                f"value {value:g}; keep one, or give the new figure vintage 'revised'"))
            continue
        added.append({c: str(text.get(c, "") or "").strip() for c in OBS_COLUMNS})
    if issues:
        raise DataError(sorted(issues, key=lambda i: i.line or 0))
    if added:
        buf = io.StringIO()
        csv.DictWriter(buf, OBS_COLUMNS, lineterminator="\n").writerows(added)
        old = Path(obs_path).read_text(encoding="utf-8-sig")
        write_text(obs_path, old + ("" if old.endswith("\n") or not old else "\n") + buf.getvalue())
    return added, n_same, n_empty
