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
import sys
from pathlib import Path

import pandas as pd

from .._schema import OBS_COLUMNS, OBS_KEY
from ..errors import DataError, Issue, XtForecastError

#: Columns of the template beyond ``observations.csv`` (dropped again by ``merge``).
HELPER_COLUMNS = ["prefilled", "needed_for"]
#: Years of history asked for before the base year (enough for the growth models to fit).
YEARS_BEFORE_BASE = 5
SHEET_FORMATS = ("csv", "xlsx")


def add_template_arguments(p) -> None:
    from ..cli import _add_data_options
    p.add_argument("--plan", required=True, help="plan name (file stem in the targets directory) or a path")
    p.add_argument("--format", choices=SHEET_FORMATS, default="csv", help="csv (default) or xlsx")
    p.add_argument("--out", type=Path, default=None, help="output file (default: stdout for csv, <plan>_data.xlsx)")
    _add_data_options(p, observations=True, targets=True)


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


def run_template(args) -> int:
    """Write the sheet of every observation the plan's goals need (public values pre-filled)."""
    from ..cli import _catalog, _paths
    from ..observations import load_observations
    from ..report.atomic import atomic_path, write_text
    from ..targets import load_plan

    catalog, paths = _catalog(args), _paths(args)
    plan = load_plan(args.plan, catalog, paths["targets_dir"])
    # a directory just made by `init` holds no figures yet: that is what the sheet is for
    obs = load_observations(paths["observations"], catalog, allow_empty=True)
    df = template_frame(plan, catalog, obs)
    n_pub = int((df["prefilled"] == "public").sum())
    if args.format == "xlsx":
        _need_openpyxl()
        out = args.out or Path(f"{plan.id}_data.xlsx")
        with atomic_path(out) as tmp:
            df.to_excel(tmp, index=False, sheet_name="observations", engine="openpyxl")
    else:
        text = df.to_csv(index=False, lineterminator="\n")
        out = args.out
        if out is None:
            sys.stdout.write(text)
        else:
            # A BOM, so that Excel opens the Chinese text as UTF-8; the loader reads it.
            write_text(out, text, encoding="utf-8-sig")
    print(f"{len(df)} rows for plan {plan.id} ({n_pub} pre-filled from public data, "
          f"{len(df) - n_pub} to fill)" + (f"; wrote {out}" if out else ""), file=sys.stderr)
    return 0


def _need_openpyxl() -> None:
    try:
        import openpyxl  # noqa: F401
    except ModuleNotFoundError:
        raise XtForecastError("xlsx needs the openpyxl package: pip install openpyxl "
                              "(or use --format csv)") from None


def add_merge_arguments(p) -> None:
    from ..cli import _add_data_options
    p.add_argument("sheet", type=Path, metavar="SHEET", help="a filled template (.csv or .xlsx)")
    _add_data_options(p, observations=True)


def read_sheet(path: Path) -> tuple[list[str], list]:
    """Header and rows (with their line numbers) of a CSV or xlsx sheet, helper columns dropped."""
    from ..observations import _read_rows, _Row
    if not path.exists():
        raise DataError([Issue(str(path), None, "", "missing_file", "file not found; check the path")])
    if path.suffix.lower() == ".xlsx":
        _need_openpyxl()
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
    from ..observations import check_rows, read_observations
    from ..report.atomic import write_text

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


def run_merge(args) -> int:
    """Check a filled sheet (every rule of ``data check``) and append its new rows to observations.csv."""
    from ..cli import _catalog, _paths
    obs_path = _paths(args)["observations"]
    added, n_same, n_empty = merge_sheet(args.sheet, obs_path, _catalog(args))
    print(f"added {len(added)} row(s) to {obs_path}; {n_same} already there, {n_empty} left empty")
    for rec in added:
        print(f"  + {rec['indicator']} {rec['region']} {rec['year']} = {rec['value']} {rec['unit']}")
    return 0
