"""Load ``data/observations.csv`` into a typed DataFrame, checking every row against the catalog.

Every problem in the file is reported in one pass, each naming file, line, column and the
broken rule. A bad row is reported once, for its first broken rule, so that a file with one
bad row per rule yields exactly one message per row.
"""

from __future__ import annotations

import csv
import datetime as _dt
import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import config
from ._schema import BOUNDS, OBS_COLUMNS, OBS_KEY, OBS_KINDS, OBS_REQUIRED, VINTAGES, YEAR_MIN
from .catalog import Catalog, load_catalog
from .errors import DataError, Issue
from .suggest import did_you_mean

#: Units whose values are counts of things: a negative count is impossible.
COUNT_UNITS = ("count", "persons")


@dataclass(frozen=True)
class _Row:
    line: int
    values: dict[str, str]


def _read_rows(path: str) -> tuple[list[str], list[_Row]]:
    """Read a CSV keeping the line where each record starts (quoted fields may span lines)."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        try:
            header = next(reader)
        except StopIteration:
            return [], []
        rows = []
        start = reader.line_num + 1
        for rec in reader:
            if any(cell.strip() for cell in rec):
                vals = {h: (rec[i] if i < len(rec) else "") for i, h in enumerate(header)}
                if len(rec) > len(header):
                    vals["__extra__"] = ",".join(rec[len(header):])
                rows.append(_Row(start, vals))
            start = reader.line_num + 1
    return header, rows


def _num(text: str) -> float | None:
    try:
        v = float(text.replace(",", "")) if text.strip() else None
    except ValueError:
        return None
    if v is None or math.isnan(v) or math.isinf(v):
        return None
    return v


def check_rows(path: str, header: list[str], rows: list[_Row], catalog: Catalog,
               max_year: int | None = None) -> tuple[list[Issue], list[dict]]:
    """Check parsed rows; return the issues and the clean records (value parsed)."""
    max_year = max_year or _dt.date.today().year
    issues: list[Issue] = []
    missing = [c for c in OBS_REQUIRED if c not in header]
    if missing:
        return [Issue(path, 1, ",".join(missing), "missing_column",
                      f"header lacks required column(s) {missing}; expected columns {OBS_COLUMNS}")], []
    unknown_cols = [c for c in header if c not in OBS_COLUMNS]
    for c in unknown_cols:
        issues.append(Issue(path, 1, c, "unknown_column",
                            f"unknown column '{c}'.{did_you_mean(c, OBS_COLUMNS)} Expected {OBS_COLUMNS}"))
    seen: dict[tuple, int] = {}
    clean: list[dict] = []
    for row in rows:
        issue = _check_row(path, row, catalog, max_year, seen)
        if issue is not None:
            issues.append(issue)
            continue
        clean.append(row.values | {"__line__": row.line})
    return issues, clean


def _check_row(path: str, row: _Row, catalog: Catalog, max_year: int,
               seen: dict[tuple, int]) -> Issue | None:
    v = {k: (val or "").strip() for k, val in row.values.items()}

    def bad(column: str, rule: str, message: str) -> Issue:
        return Issue(path, row.line, column, rule, message)

    if "__extra__" in v:
        return bad("", "extra_fields", f"row has more fields than the header ({v['__extra__']!r}); "
                   "quote fields that contain commas")
    for col in ("indicator", "region", "year", "value", "unit", "kind"):
        if not v.get(col):
            return bad(col, "missing_field", f"'{col}' is empty; every row needs one")
    ind = catalog.indicators.get(v["indicator"])
    if ind is None:
        return bad("indicator", "unknown_indicator",
                   f"unknown indicator '{v['indicator']}'.{did_you_mean(v['indicator'], catalog.indicators)} "
                   f"Add it to {catalog.indicators_path or 'data/indicators.yaml'} or fix the spelling")
    if v["region"] not in catalog.regions:
        return bad("region", "unknown_region",
                   f"unknown region '{v['region']}'.{did_you_mean(v['region'], catalog.regions)} "
                   f"Add it to {catalog.regions_path or 'data/regions.yaml'} or fix the spelling")
    if v["unit"] != ind.unit:
        return bad("unit", "unit_mismatch",
                   f"unit '{v['unit']}' disagrees with the catalog: '{ind.id}' is measured in "
                   f"'{ind.unit}'. Convert the value or fix the unit")
    try:
        year = int(v["year"])
        if str(year) != v["year"]:
            raise ValueError
    except ValueError:
        return bad("year", "bad_year", f"year must be a whole number like 2020, got '{v['year']}'")
    if not YEAR_MIN <= year <= max_year:
        return bad("year", "year_out_of_range",
                   f"year {year} is outside {YEAR_MIN}..{max_year} (an observation cannot "
                   f"predate {YEAR_MIN} or lie in the future); targets belong in data/targets/")
    # Class indicators carry a label (A/B/C); everything else must be a number.
    if ind.kind == "class":
        if v["value"] not in ind.levels:
            return bad("value", "non_numeric" if _num(v["value"]) is None else "bad_class",
                       f"'{v['value']}' is not a class of '{ind.id}'; valid: {list(ind.levels)}")
        value = float(ind.levels.index(v["value"]) + 1)
    else:
        value = _num(v["value"])
        if value is None:
            return bad("value", "non_numeric",
                       f"value '{v['value']}' is not a number; write digits only (no units, no "
                       f"'以上': put lower bounds in the 'bound' column as '>=')")
        if value < 0 and ind.unit in COUNT_UNITS:
            return bad("value", "negative_count",
                       f"value {value:g} is negative, but '{ind.id}' is a count ({ind.unit}); a "
                       f"count cannot be below 0")
        lo, hi = ind.bounds
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            return bad("value", "out_of_bounds",
                       f"value {value:g} is outside the natural bounds [{lo}, {hi}] of '{ind.id}' "
                       f"({ind.unit}); a share cannot leave its bounds — check the unit or the figure")
    if v.get("bound", "") not in BOUNDS:
        return bad("bound", "bad_bound",
                   f"bound '{v['bound']}' is not one of {list(BOUNDS)} ('' exact, '>=' for 以上/超过/突破, "
                   f"'<=' for a ceiling)")
    if v["kind"] not in OBS_KINDS:
        return bad("kind", "bad_kind",
                   f"kind '{v['kind']}' is not one of {list(OBS_KINDS)}.{did_you_mean(v['kind'], OBS_KINDS)}"
                   + (" Plan goals go in data/targets/, not in observations" if v["kind"] == "target" else ""))
    if v.get("vintage", "") not in VINTAGES:
        return bad("vintage", "bad_vintage",
                   f"vintage '{v['vintage']}' is not one of {list(VINTAGES)}.{did_you_mean(v['vintage'], VINTAGES)}")
    if not v.get("source"):
        return bad("source", "missing_source",
                   "source is empty; every figure needs its URL or table citation (and source_title, quote)")
    key = (v["indicator"], v["region"], year, v.get("vintage", ""))
    if key in seen:
        return bad(",".join(OBS_KEY), "duplicate_key",
                   f"duplicate of line {seen[key]}: {dict(zip(OBS_KEY, key))} appears twice; keep one "
                   f"row, or give revised figures vintage 'first_release'/'revised'")
    seen[key] = row.line
    row.values["value"] = value  # type: ignore[assignment]
    row.values["year"] = year  # type: ignore[assignment]
    return None


def read_observations(path: str | Path | None = None, catalog: Catalog | None = None,
                      ) -> tuple[pd.DataFrame, list[Issue]]:
    """Read and check an observations CSV; return the clean rows and every issue found.

    Use :func:`load_observations` to raise instead.
    """
    path = str(path or config.OBSERVATIONS_FILE)
    catalog = catalog or load_catalog()
    if not Path(path).exists():
        return _frame([], catalog), [Issue(path, None, "", "missing_file", "file not found; check the path")]
    header, rows = _read_rows(path)
    issues, clean = check_rows(path, header, rows, catalog)
    return _frame(clean, catalog), issues


def _frame(clean: list[dict], catalog: Catalog) -> pd.DataFrame:
    df = pd.DataFrame(clean, columns=OBS_COLUMNS + ["__line__"])
    labels = []
    for ind, val in zip(df["indicator"], df["value"]):
        entry = catalog.indicators.get(ind)
        labels.append(entry.levels[int(val) - 1] if entry is not None and entry.kind == "class" else "")
    df = df.rename(columns={"__line__": "line"})
    df["label"] = labels
    df["year"] = df["year"].astype("int64")
    df["value"] = df["value"].astype("float64")
    for col in ("indicator", "region", "unit", "bound", "kind", "vintage", "source",
                "source_title", "quote", "note", "label"):
        df[col] = df[col].fillna("").astype(str)
    df["line"] = df["line"].astype("int64")
    return df.sort_values(["indicator", "region", "year", "vintage"], kind="stable").reset_index(drop=True)


def load_observations(path: str | Path | None = None, catalog: Catalog | None = None) -> pd.DataFrame:
    """Load observations as a typed DataFrame, raising :class:`DataError` listing every problem.

    Parameters
    ----------
    path : path, optional
        Observations CSV; default ``data/observations.csv``.
    catalog : Catalog, optional
        Default: the bundled catalog.

    Returns
    -------
    pandas.DataFrame
        Columns ``OBS_COLUMNS`` plus ``label`` (class label for class indicators) and ``line``
        (the CSV line, for messages). ``year`` is int64, ``value`` float64 (class ordinal, A = 1).
    """
    df, issues = read_observations(path, catalog)
    if issues:
        raise DataError(issues)
    return df


def select_series(obs: pd.DataFrame, indicator: str, region: str, as_of: int | None = None,
                  prefer_vintage: tuple[str, ...] = ("revised", "single", "", "first_release"),
                  ) -> pd.DataFrame:
    """One series (year, value, bound, kind, ...) for an indicator and region, one row per year.

    Where a year has several vintages the first in ``prefer_vintage`` wins: revised figures
    are preferred (README: prefer the revised series where both exist). Years after
    ``as_of`` are dropped (data vintage).
    """
    s = obs[(obs["indicator"] == indicator) & (obs["region"] == region)]
    if as_of is not None:
        s = s[s["year"] <= as_of]
    if s.empty:
        return s.copy()
    rank = {v: i for i, v in enumerate(prefer_vintage)}
    s = s.assign(_r=s["vintage"].map(lambda x: rank.get(x, len(rank))))
    s = s.sort_values(["year", "_r"]).drop_duplicates("year", keep="first").drop(columns="_r")
    return s.reset_index(drop=True)


def data_hash(path: str | Path | None = None) -> str:
    """SHA-256 of the observations file (provenance for results)."""
    import hashlib
    return hashlib.sha256(Path(path or config.OBSERVATIONS_FILE).read_bytes()).hexdigest()


__all__ = ["load_observations", "read_observations", "select_series", "data_hash", "COUNT_UNITS"]
