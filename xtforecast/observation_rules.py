"""The rules of one row of observations: each cell against the catalog, every broken cell reported.

:func:`check_rows` is the one checker of observation rows: ``data check`` and
:func:`xtforecast.observations.read_observations` use it on a file, the drafting sheet on the
rows a user filled in. A row reports every bad cell, each for its first broken rule (a negative
count is not also said to be out of bounds); a cell whose rule reads another cell (the unit and
the value the indicator's entry, ``published`` the year) is checked only when that cell is good,
so one slip is not reported twice.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass

from . import checks
from ._schema import BOUNDS, OBS_COLUMNS, OBS_KEY, OBS_KINDS, OBS_OPTIONAL, OBS_REQUIRED, VINTAGES, YEAR_MIN
from .catalog import Catalog, Indicator
from .errors import Issue
from .suggest import did_you_mean

#: Units whose values are counts of things: a negative count is impossible.
COUNT_UNITS = ("count", "persons")
#: A plain number: optional sign, ASCII digits with an optional decimal point, optional
#: exponent. ``float()`` also takes ``1_000``, ``nan``, ``inf`` and full-width digits; a figure
#: in a statistics file is none of these.
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", re.ASCII)
#: Thousands grouped by commas, the way Chinese statistical yearbooks print them: 1,234,567.8.
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", re.ASCII)
#: ``published``: a year or an ISO date.
_PUBLISHED = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True)
class _Row:
    """One record of a table: the line it starts on and its cells by column name."""

    line: int
    values: dict[str, str]


def _num(text: str) -> float | None:
    """A finite number written plainly (thousands commas allowed), else None."""
    text = text.strip()
    if _THOUSANDS.fullmatch(text):
        text = text.replace(",", "")
    if not _NUMBER.fullmatch(text):
        return None
    v = float(text)
    return v if math.isfinite(v) else None


def _number_hint(text: str) -> str:
    """Why ``text`` is not read as a number, for the message."""
    t = text.strip()
    if re.fullmatch(r"[+-]?\d+,\d+", t):
        return (f" It looks like a decimal comma: write '{t.replace(',', '.')}' (a point), or "
                "group thousands as 1,234,567")
    if t.lower().lstrip("+-.") in ("nan", "inf", "infinity"):
        return " A missing figure is left out (no row), not written as NaN or infinity"
    if "_" in t:
        return " Write digits without underscores"
    return ""


def check_rows(path: str, header: list[str], rows: list[_Row], catalog: Catalog,
               max_year: int | None = None) -> tuple[list[Issue], list[dict]]:
    """Check parsed rows; return the issues and the clean records (value parsed)."""
    max_year = max_year or _dt.date.today().year
    issues = _check_header(path, header)
    if not header or any(i.rule != "unknown_column" for i in issues):
        return issues, []
    seen: dict[tuple, int] = {}
    clean: list[dict] = []
    for row in rows:
        row_issues = _check_row(path, row, catalog, max_year, seen)
        issues += row_issues
        if not row_issues:
            clean.append(row.values | {"__line__": row.line})
    return issues, clean


def _check_header(path: str, header: list[str]) -> list[Issue]:
    """Problems of the header line; any but an unknown column stops the check of the rows."""
    if not header:
        return [Issue(path, 1, "", "empty_file",
                      f"the file is empty; the first line must be the header {OBS_COLUMNS}")]
    dups = sorted({c for c in header if header.count(c) > 1 and c})
    if dups:
        return [Issue(path, 1, ",".join(dups), "duplicate_column",
                      f"column(s) {dups} appear twice in the header; which one holds the figure "
                      "would be a guess. Keep one of each")]
    missing = [c for c in OBS_REQUIRED if c not in header]
    if missing:
        return [Issue(path, 1, ",".join(missing), "missing_column",
                      f"header lacks required column(s) {missing}; expected columns {OBS_COLUMNS}")]
    known_cols = OBS_COLUMNS + OBS_OPTIONAL
    return [Issue(path, 1, c, "unknown_column",
                  f"unknown column '{c}'.{did_you_mean(c, known_cols)} Expected {OBS_COLUMNS} "
                  f"and optionally {OBS_OPTIONAL}")
            for c in header if c not in known_cols]


@dataclass
class _Cells:
    """One row under check: its stripped cells, and what the cell checks have read from them
    (a check that needs another cell, such as the unit the indicator's entry, reads it here)."""

    v: dict[str, str]
    catalog: Catalog
    max_year: int
    ind: Indicator | None = None
    year: int | None = None
    value: float | None = None


#: A broken rule of one cell: ``(rule, message)``.
_Problem = tuple[str, str]


def _indicator(c: _Cells) -> _Problem | None:
    c.ind = c.catalog.indicators.get(c.v["indicator"])
    if c.ind is None:
        return ("unknown_indicator",
                f"unknown indicator '{c.v['indicator']}'.{did_you_mean(c.v['indicator'], c.catalog.indicators)} "
                f"Add it to {c.catalog.indicators_path or 'data/indicators.yaml'} or fix the spelling")
    return None


def _region(c: _Cells) -> _Problem | None:
    if c.v["region"] not in c.catalog.regions:
        return ("unknown_region",
                f"unknown region '{c.v['region']}'.{did_you_mean(c.v['region'], c.catalog.regions)} "
                f"Add it to {c.catalog.regions_path or 'data/regions.yaml'} or fix the spelling")
    return None


def _year(c: _Cells) -> _Problem | None:
    year = checks.parse_whole(c.v["year"])
    if checks.year(year, YEAR_MIN, c.max_year) is None:
        c.year = year
        return None
    wrong = f"year {checks.year(c.v['year'], YEAR_MIN, c.max_year)}"  # quotes the cell as written
    if year is None:
        return ("bad_year", wrong)
    return ("year_out_of_range", f"{wrong}: an observation cannot predate {YEAR_MIN} or lie in the "
            "future; targets belong in data/targets/")


def _value(c: _Cells) -> _Problem | None:
    """Class indicators carry a label (A/B/C); everything else must be a number in bounds."""
    ind, text = c.ind, c.v["value"]
    if ind is None:  # unknown indicator: whether a label or a number is wanted is unknown
        return None
    if ind.kind == "class":
        if text not in ind.levels:
            return ("non_numeric" if _num(text) is None else "bad_class",
                    f"'{text}' is not a class of '{ind.id}'; valid: {list(ind.levels)}")
        c.value = float(ind.levels.index(text) + 1)
        return None
    value = _num(text)
    if value is None:
        return ("non_numeric", f"value '{text}' is not a number; write digits only (no units, no "
                "'以上': put lower bounds in the 'bound' column as '>=')." + _number_hint(text))
    if value < 0 and ind.unit in COUNT_UNITS:
        return ("negative_count", f"value {value:g} is negative, but '{ind.id}' is a count "
                f"({ind.unit}); a count cannot be below 0")
    lo, hi = ind.bounds
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        return ("out_of_bounds", f"value {value:g} is outside the natural bounds [{lo}, {hi}] of "
                f"'{ind.id}' ({ind.unit}); a share cannot leave its bounds — check the unit or the figure")
    c.value = value
    return None


def _unit(c: _Cells) -> _Problem | None:
    if c.ind is not None and c.v["unit"] != c.ind.unit:
        return ("unit_mismatch", f"unit '{c.v['unit']}' disagrees with the catalog: '{c.ind.id}' is "
                f"measured in '{c.ind.unit}'. Convert the value or fix the unit")
    return None


def _bound(c: _Cells) -> _Problem | None:
    problem = checks.choice(c.v.get("bound", ""), BOUNDS)
    if problem:
        return ("bad_bound", f"bound {problem} ('' exact, '>=' for 以上/超过/突破, '<=' for a ceiling)")
    return None


def _kind(c: _Cells) -> _Problem | None:
    problem = checks.choice(c.v["kind"], OBS_KINDS)
    if problem:
        return ("bad_kind", f"kind {problem}" + (" Plan goals go in data/targets/, not in observations"
                                                 if c.v["kind"] == "target" else ""))
    return None


def _vintage(c: _Cells) -> _Problem | None:
    problem = checks.choice(c.v.get("vintage", ""), VINTAGES)
    return ("bad_vintage", f"vintage {problem}") if problem else None


def _source(c: _Cells) -> _Problem | None:
    if not c.v.get("source"):
        return ("missing_source",
                "source is empty; every figure needs its URL or table citation (and source_title, quote)")
    return None


def _published(c: _Cells) -> _Problem | None:
    pub = c.v.get("published", "")
    # before its own year only when the year is good (else the year's issue says it)
    if pub and (not _PUBLISHED.match(pub) or (c.year is not None and int(pub[:4]) < c.year)):
        return ("bad_published",
                f"published '{pub}' must be the year or date the figure was first made public "
                f"(2021 or 2021-03-10), not before its year {c.year or c.v['year']}; leave it empty if unknown")
    return None


#: The checks of a row's cells, in the file's column order; a check that reads another cell
#: (``unit`` and ``value`` the indicator, ``published`` the year) comes after it.
_CELL_CHECKS = (("indicator", _indicator), ("region", _region), ("year", _year), ("value", _value),
                ("unit", _unit), ("bound", _bound), ("kind", _kind), ("vintage", _vintage),
                ("source", _source), ("published", _published))
#: Cells that must hold something (``source`` has a rule of its own, ``missing_source``).
_NEEDED = ("indicator", "region", "year", "value", "unit", "kind")


def _check_row(path: str, row: _Row, catalog: Catalog, max_year: int,
               seen: dict[tuple, int]) -> list[Issue]:
    """Every broken cell of a row (the first broken rule of each), and the row parsed if none.

    A good row is entered in ``seen``; a later row with its key is a duplicate.
    """
    v = {k: (val or "").strip() for k, val in row.values.items()}
    if "__extra__" in v:  # the cells are shifted: a check of each would only say so ten times
        return [Issue(path, row.line, "", "extra_fields", f"row has more fields than the header "
                      f"({v['__extra__']!r}); quote fields that contain commas")]
    cells, found = _Cells(v, catalog, max_year), []
    for col, check in _CELL_CHECKS:
        if col in _NEEDED and not v.get(col):
            found.append((col, "missing_field", f"'{col}' is empty; every row needs one"))
        elif (problem := check(cells)) is not None:
            found.append((col, *problem))
    bad = {col for col, _, _ in found}
    key = (v["indicator"], v["region"], cells.year, v.get("vintage", ""))
    if key in seen and not bad & set(OBS_KEY):
        found.append((",".join(OBS_KEY), "duplicate_key",
                      f"duplicate of line {seen[key]}: {dict(zip(OBS_KEY, key))} appears twice; keep one "
                      f"row, or give revised figures vintage 'first_release'/'revised'"))
    if found:
        return [Issue(path, row.line, col, rule, msg) for col, rule, msg in found]
    seen[key] = row.line
    row.values["value"] = cells.value  # type: ignore[assignment]
    row.values["year"] = cells.year  # type: ignore[assignment]
    return []
