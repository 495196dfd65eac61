"""Load ``data/observations.csv`` into a typed DataFrame, checking every row against the catalog.

Every problem in the file is reported in one pass, each naming file, line, column and the
broken rule, every bad cell of a row (the rules: :mod:`xtforecast.observation_rules`).
"""

from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import config
from ._schema import INFORMATION, OBS_COLUMNS, OBS_OPTIONAL
from .catalog import Catalog, load_catalog
from .errors import DataError, Issue
from .observation_rules import COUNT_UNITS, _Row, check_rows
from .suggest import did_you_mean
from .textfiles import decode_text, read_user_file, spreadsheet_kind

#: Largest observations file read (bytes): far above any city's series (the bundled file is
#: ~1 MB), small enough that a wrong file is refused before it fills memory.
MAX_FILE_BYTES = 200 * 1024 * 1024
#: Extensions read as Excel workbooks (openpyxl); ``.xls`` (binary, pre-2007) is refused.
XLSX_SUFFIXES = (".xlsx", ".xlsm")


@dataclass
class _Table:
    """What a file held: header, rows, problems of the file itself, how it was read."""

    header: list[str] = field(default_factory=list)
    rows: list[_Row] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    note: str = ""


def _read_rows(path: str) -> _Table:
    """Read a CSV or an Excel workbook, keeping the line where each record starts.

    The encoding is detected (:func:`xtforecast.textfiles.decode_text`) and said in the
    table's ``note``; a file that cannot be read becomes an issue, never an exception.
    """
    try:
        data = read_user_file(path, MAX_FILE_BYTES)
        if Path(path).suffix.lower() in XLSX_SUFFIXES or spreadsheet_kind(data) == "xlsx":
            return _read_xlsx(path, data)
        if spreadsheet_kind(data) == "xls":
            return _Table(issues=[Issue(path, None, "", "not_text",
                                        "this is an old binary Excel file (.xls), which is not "
                                        "read; save it as .xlsx or as 'CSV UTF-8 (逗号分隔)'")])
        decoded = decode_text(path, data)
    except DataError as exc:
        return _Table(issues=exc.issues)
    table = _parse_csv(path, decoded.text)
    table.note = decoded.note
    return table


def _delimiter(text: str) -> str:
    """Tab for Excel's "Unicode text" (tab-separated), else comma."""
    first = text.split("\n", 1)[0]
    return "\t" if "\t" in first and "," not in first else ","


def _parse_csv(path: str, text: str) -> _Table:
    delim = _delimiter(text)
    # strict: an unclosed quote that reaches the end of the file, or a quote closed in the
    # middle of a field, is an error instead of silently swallowing the rows after it.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim, strict=True)
    table = _Table(note="tab-separated" if delim == "\t" else "")
    start = 1
    try:
        for rec in reader:
            if not table.header and start == 1:
                table.header = rec
            elif any(cell.strip() for cell in rec):
                table.rows.append(_record(table.header, rec, start))
                swallowed = _swallowed_lines(rec, delim, len(table.header))
                if swallowed:
                    table.issues.append(_unclosed(path, start, swallowed))
                    return table
            start = reader.line_num + 1
    except csv.Error as exc:
        table.issues.append(_unclosed(path, start, None, str(exc)))
    return table


def _record(header: list[str], rec: list[str], line: int) -> _Row:
    vals = {h: (rec[i] if i < len(rec) else "") for i, h in enumerate(header)}
    if len(rec) > len(header):
        vals["__extra__"] = ",".join(rec[len(header):])
    return _Row(line, vals)


def _swallowed_lines(rec: list[str], delim: str, n_columns: int) -> int:
    """How many embedded lines of a quoted field look like whole rows (an unclosed quote).

    A note may legitimately span lines; a field whose later lines each hold nearly a row's
    worth of delimiters is rows swallowed by a quote that was never closed.
    """
    need = max(2, n_columns // 2)
    return max((sum(ln.count(delim) >= need for ln in cell.splitlines()[1:])
                for cell in rec if "\n" in cell or "\r" in cell), default=0)


def _unclosed(path: str, line: int, swallowed: int | None, detail: str = "") -> Issue:
    if detail and "field larger than field limit" in detail:
        what = "a field grows beyond the CSV field limit"
    elif detail and "expected after" not in detail and "end of data" not in detail:
        return Issue(path, line, "", "bad_csv", f"the CSV cannot be parsed here ({detail}); "
                     "check the quoting of this row")
    else:
        what = ("a quoted field swallows the next " + (f"{swallowed} line(s)" if swallowed
                                                        else "lines"))
    return Issue(path, line, "", "unclosed_quote",
                 f"{what}: a double quote opened on or after line {line} is not closed, so "
                 "the rows after it would be read as one field; close the quote (write \"\" "
                 "for a quote inside a quoted field)")


def _read_xlsx(path: str, data: bytes) -> _Table:
    """The first worksheet of an Excel workbook as rows of text (row numbers as lines)."""
    import openpyxl  # only for .xlsx files
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        return _Table(issues=[Issue(path, None, "", "bad_xlsx",
                                    f"cannot be read as an Excel workbook ({exc}); open it in "
                                    "Excel and save it again as .xlsx or 'CSV UTF-8 (逗号分隔)'")])
    ws = wb.worksheets[0]
    table = _Table(note=f"read as Excel workbook, sheet '{ws.title}'"
                        + (f" (the other {len(wb.worksheets) - 1} sheet(s) ignored)"
                           if len(wb.worksheets) > 1 else ""))
    for i, row in enumerate(ws.iter_rows(values_only=True), start=1):
        rec = [_cell_text(v) for v in row]
        while rec and rec[-1] == "":
            rec.pop()
        if i == 1:
            table.header = rec
        elif any(c.strip() for c in rec):
            table.rows.append(_record(table.header, rec, i))
    wb.close()
    return table


def _cell_text(value) -> str:
    """A cell as the text a CSV would hold: 2020.0 -> "2020", None -> ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    return str(value)


def read_observations(path: str | Path | None = None, catalog: Catalog | None = None,
                      allow_empty: bool = False) -> tuple[pd.DataFrame, list[Issue]]:
    """Read and check an observations CSV; return the clean rows and every issue found.

    Use :func:`load_observations` to raise instead. CSV in UTF-8 (with or without BOM),
    UTF-16 (Excel's tab-separated "Unicode text") and GB18030/GBK is read, and so is the first
    sheet of an ``.xlsx`` workbook; the frame's ``attrs["read_note"]`` says how, when it was
    not plain UTF-8 CSV. A file that cannot be read is an issue, not an exception.
    A header with no rows is an issue too, unless ``allow_empty`` (a data directory just made
    by ``xtforecast init``, which the sheet commands fill).
    """
    path = str(path or config.OBSERVATIONS_FILE)
    catalog = catalog or load_catalog()
    table = _read_rows(path)
    if table.issues and not table.header:  # unreadable: nothing to check row by row
        return _frame([], catalog), table.issues
    issues, clean = check_rows(path, table.header, table.rows, catalog)
    if not allow_empty and not table.issues and table.header and not table.rows:
        issues.append(Issue(path, 1, "", "no_rows",
                            "the file has a header but no data rows; add one row per figure "
                            "below the header"))
    df = _frame(clean, catalog)
    # How the file was read (GB18030, UTF-16, a worksheet): the commands say it.
    df.attrs["read_note"] = table.note
    return df, table.issues + issues


def _frame(clean: list[dict], catalog: Catalog) -> pd.DataFrame:
    df = pd.DataFrame(clean, columns=OBS_COLUMNS + OBS_OPTIONAL + ["__line__"])
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
    # an absent column is all missing (float NaN): map, not fillna, keeps it text
    df["published"] = df["published"].map(lambda x: "" if x is None or x != x else str(x))
    # the year it became known: what --as-of compares (empty = unknown: the year rule applies)
    df["published_year"] = pd.to_numeric(df["published"].str[:4], errors="coerce").astype("Int64")
    df["line"] = df["line"].astype("int64")
    return df.sort_values(["indicator", "region", "year", "vintage"], kind="stable").reset_index(drop=True)


def load_observations(path: str | Path | None = None, catalog: Catalog | None = None,
                      allow_empty: bool = False) -> pd.DataFrame:
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
        Columns ``OBS_COLUMNS``, ``published`` (empty when the file has no such column) and
        ``published_year`` (Int64, its year; NA when unknown), plus ``label`` (class label for
        class indicators) and ``line`` (the CSV line, for messages). ``year`` is int64, ``value``
        float64 (class ordinal, A = 1).
    """
    df, issues = read_observations(path, catalog, allow_empty=allow_empty)
    if issues:
        raise DataError(issues)
    return df


def select_series(obs: pd.DataFrame, indicator: str, region: str, as_of: int | None = None,
                  vintage: str = "latest") -> pd.DataFrame:
    """One series (year, value, bound, kind, ...) for an indicator and region, one row per year.

    The rows a reader at ``as_of`` could have seen (:func:`known_by`), then one vintage for the
    whole series (:func:`one_vintage`).

    Parameters
    ----------
    obs : pandas.DataFrame
        Tidy observations (:func:`load_observations`).
    indicator, region : str
    as_of : int, optional
        Information set: what was published by the end of this year. None: everything.
    vintage : {"latest", "first_release"}
        Which release of each figure (:data:`VINTAGE_RULES`).

    Returns
    -------
    pandas.DataFrame
        The selected rows, sorted by year.
    """
    s = obs[(obs["indicator"] == indicator) & (obs["region"] == region)]
    if as_of is not None:
        s = s[known_by(s, as_of)]
    return one_vintage(s, vintage)


#: A series is identified by these (a column absent from a frame: the frame is one series).
_SERIES = ["indicator", "region"]


def _first_rows(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The first (or only) release of each year: every vintage but ``revised``."""
    first = rows[rows["vintage"] != "revised"]
    rank = {"first_release": 0, "single": 1, "": 2}
    first = first.assign(_r=first["vintage"].map(rank).fillna(3))
    return (first.sort_values(keys + ["year", "_r"], kind="stable")
            .drop_duplicates(keys + ["year"]).drop(columns="_r"))


def _first_release(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    # each year as first printed: the basis may break where a census moved the denominator
    # (Hebei R&D intensity 2018 on the old GDP, 2019 on the new), but no year is restated
    return _first_rows(rows, keys)


def _known_from(rows: pd.DataFrame) -> pd.Series:
    """The year each row became known: its publication year, else its observation year."""
    year = rows["year"].astype(int)
    if "published_year" not in rows.columns:
        return year
    pub = pd.to_numeric(rows["published_year"], errors="coerce")
    return pub.where(pub.notna(), year).astype(int)


def _latest(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    # The revised series where one is known, then the first releases of the years after it,
    # if they came out no earlier than the revision (so on its basis). A first release at or
    # before the revision's last year without a revision of its own sits on the old basis and
    # is left out; a 'single' figure says it has one vintage only (never revised) and stays.
    # If a later first release predates the revision (a revision of old years only, or a
    # restatement printed after newer first releases), the revision cannot be joined to it:
    # the whole series is read as first released. Never a revised figure beside a first
    # release of another basis. Vectorised over series: a run reads hundreds at once.
    rev = rows[rows["vintage"] == "revised"].drop_duplicates(keys + ["year"])
    first = _first_rows(rows, keys)
    if rev.empty:
        return first
    span = (rev.assign(_end=rev["year"], _known=_known_from(rev))
            .groupby(keys, sort=False)[["_end", "_known"]].max().reset_index())
    f = first.merge(span, on=keys, how="left")
    f.index = first.index
    has_rev = f["_end"].notna()
    later = has_rev & (f["year"] > f["_end"])
    early = later & (_known_from(f) < f["_known"])
    # series whose revision cannot be joined to its later first releases: first releases only
    fallback = early.groupby([f[k] for k in keys], sort=False).transform("any")
    restated = pd.MultiIndex.from_frame(first[keys + ["year"]]).isin(
        pd.MultiIndex.from_frame(rev[keys + ["year"]]))
    single = has_rev & (f["vintage"] == "single") & ~restated & (f["year"] <= f["_end"])
    keep_first = first[~has_rev | fallback | later | single]
    dropped = {tuple(k) for k in f.loc[fallback, keys].drop_duplicates().itertuples(index=False)}
    keep_rev = rev[[tuple(k) not in dropped for k in rev[keys].itertuples(index=False)]]
    return pd.concat([keep_rev, keep_first])


#: ``--vintage``: which release of each figure a series is built from, for every year of it.
VINTAGE_RULES = {"latest": _latest, "first_release": _first_release}


def one_vintage(rows: pd.DataFrame, vintage: str = "latest") -> pd.DataFrame:
    """One row per year of each series, every year of a series from the same vintage rule.

    The one implementation of vintage choice (projections, gap layer, pools, back-test).

    Parameters
    ----------
    rows : pandas.DataFrame
        The rows of one or many series (told apart by ``indicator``, ``region`` where
        present); ``vintage`` and ``kind`` are optional (absent: one release;
        ``kind == "target"`` rows are goals and are dropped).
    vintage : {"latest", "first_release"}
        ``latest``: the revised series where a revision is known (with the ``single``
        figures, never revised), extended by the first releases of later years published
        since; first releases of earlier years, on the old basis, are left out, and where a
        later first release predates the revision the series is read as first released.
        ``first_release``: each year as first published.

    Returns
    -------
    pandas.DataFrame
        Sorted by series and year, index reset.

    Raises
    ------
    ValueError
        For an unknown ``vintage``, naming the choices.

    Examples
    --------
    >>> rows = pd.DataFrame({"year": [2011, 2012, 2012, 2013], "value": [1.8, 2.0, 1.9, 2.1],
    ...                      "vintage": ["", "first_release", "revised", ""]})
    >>> one_vintage(rows)["value"].tolist(), one_vintage(rows, "first_release")["value"].tolist()
    ([1.9, 2.1], [1.8, 2.0, 2.1])
    """
    rule = VINTAGE_RULES.get(vintage)
    if rule is None:
        raise ValueError(f"vintage '{vintage}' is not one of {list(VINTAGE_RULES)}."
                         f"{did_you_mean(str(vintage), list(VINTAGE_RULES))}")
    if "kind" in rows.columns:
        rows = rows[rows["kind"].to_numpy() != "target"]   # a goal is never an observation
    if "vintage" not in rows.columns or rows["vintage"].isna().any():
        rows = rows.assign(vintage=rows["vintage"].fillna("").astype(str)
                           if "vintage" in rows.columns else "")
    if rows.empty:
        return rows.reset_index(drop=True)
    # one release a year (most series, and every call of a run on its information set): every
    # rule agrees, and this runs thousands of times per back-test
    keys = [k for k in _SERIES if k in rows.columns]
    if (rows["vintage"].to_numpy() != "revised").all() and rows["year"].is_unique:
        return rows.sort_values(keys + ["year"], kind="stable").reset_index(drop=True)
    if not keys:                     # a bare frame of one series
        rows, keys = rows.assign(_one=0), ["_one"]
    out = rule(rows, keys).sort_values(keys + ["year"], kind="stable")
    return out.drop(columns=["_one"], errors="ignore").reset_index(drop=True)


def information_set(obs: pd.DataFrame, as_of: int | None = None,
                    vintage: str = "latest") -> pd.DataFrame:
    """Every series as a reader at ``as_of`` saw it, in one vintage (the run's data).

    :func:`select_series` on the result gives the same rows as on ``obs``; a run selects once
    at its entrance and hands this frame down, so projections, pools and the scenario
    operations read the same information set.

    Parameters
    ----------
    obs : pandas.DataFrame
    as_of : int, optional
    vintage : {"latest", "first_release"}

    Returns
    -------
    pandas.DataFrame
        Rows of ``obs`` (same columns and ``attrs``), one per (indicator, region, year).
    """
    cut = obs if as_of is None else obs[known_by(obs, as_of)]
    out = one_vintage(cut, vintage)
    out.attrs = dict(obs.attrs)
    return out


def information(as_of: int | None, data_end: int | None, known_from: str = "published") -> str:
    """``real_time`` when ``as_of`` precedes the latest data year (``authors`` when figures
    count from their year, ``known_from="year"``), else ``hindsight``.

    Examples
    --------
    >>> information(2019, 2025), information(2025, 2025), information(None, 2025)
    ('real_time', 'hindsight', 'hindsight')
    >>> information(2019, 2025, "year"), information(2025, 2025, "year")
    ('authors', 'hindsight')
    """
    if as_of is None or data_end is None or as_of >= data_end:
        return "hindsight"
    return "authors" if known_from == "year" else "real_time"


def _as_published(obs: pd.DataFrame) -> pd.DataFrame:
    # the publication dates were never touched: dropping known_year restores the default
    return obs.drop(columns="known_year", errors="ignore")


def _from_year(obs: pd.DataFrame) -> pd.DataFrame:
    # Only an official revision keeps its publication date: its producers did not know it
    # before they made it (a census revision of 2018's GDP is not known in 2019 by anyone).
    # A column of its own, not a blanked ``published_year``: the vintage rules still need the
    # publication dates to tell which first releases came out on a revision's basis.
    out = obs.copy()
    revised = pd.Series(False, index=out.index)
    for col in ("kind", "vintage"):
        if col in out.columns:
            revised |= out[col].astype(str).eq("revised")
    pub = pd.to_numeric(out["published_year"], errors="coerce")
    out["known_year"] = pub.where(revised & pub.notna(), out["year"]).astype("Int64")
    return out


#: When a figure counts as known at ``as_of``, and the frame that rule reads: ``published`` --
#: from its publication (a reader outside; the default, and the back-test's rule) or ``year``
#: -- from the end of the year it describes, as the statistics' producers knew it (a plan's own
#: authors: Xingtai's bureau knew its 2019 stock of high-tech enterprises when it wrote the 2020
#: plan, though the figure was first printed in 2021). An official revision counts from its
#: publication under both.
KNOWN_FROM = {"published": _as_published, "year": _from_year}


def known_from(obs: pd.DataFrame, rule: str = "published") -> pd.DataFrame:
    """``obs`` as read under a :data:`KNOWN_FROM` rule: unchanged for ``published``; for
    ``year`` a copy with ``known_year``: the observation year of every row but an official
    revision (which keeps its publication year), the year :func:`known_by` and every reader
    after it cut by.

    The rule is kept in ``attrs["known_from"]``, so a memo drawing from its own full frame
    (:class:`xtforecast.projection.MemoProjector`) reads the same rule as the run.

    Raises
    ------
    ValueError
        For a rule not in :data:`KNOWN_FROM`.

    Examples
    --------
    >>> df = pd.DataFrame({"year": [2019, 2018], "kind": ["derived", "revised"],
    ...                    "published_year": pd.array([2021, 2024], dtype="Int64")})
    >>> known_by(df, 2019).tolist(), known_by(known_from(df, "year"), 2019).tolist()
    ([False, False], [True, False])
    """
    if rule not in KNOWN_FROM:
        raise ValueError(f"known_from must be one of {', '.join(KNOWN_FROM)}; got {rule!r}: "
                         "'published' counts a figure from its publication, 'year' from its year")
    if "published_year" not in obs.columns or obs.attrs.get("known_from", "published") == rule:
        return obs
    out = KNOWN_FROM[rule](obs)
    out.attrs = {**obs.attrs, "known_from": rule}
    return out


#: How a series was cut at ``as_of``: by publication date, by observation year, or both.
CUT_RULES = ("published", "year", "published+year")


def cut_rule(rows: pd.DataFrame) -> str:
    """Which rule decided what of a series was known: ``published`` when every row has a
    publication date, ``year`` when none has (observation year <= as_of), else both.

    Examples
    --------
    >>> cut_rule(pd.DataFrame({"year": [2019], "published_year": pd.array([2021], dtype="Int64")}))
    'published'
    >>> cut_rule(pd.DataFrame({"year": [2019]}))
    'year'
    """
    if "published_year" not in rows.columns or rows.empty:
        return "year"
    known = pd.to_numeric(rows["published_year"], errors="coerce").notna()
    if "known_year" in rows.columns:  # read by year: only a revision's date still cuts
        known &= pd.to_numeric(rows["known_year"], errors="coerce").ne(rows["year"])
    return "published" if known.all() else "year" if not known.any() else "published+year"


def known_by(obs: pd.DataFrame, as_of: int) -> pd.Series:
    """Rows a reader at the end of ``as_of`` could have seen (one rule for every reader).

    Where ``published_year`` is known the row counts from its publication year on (a revised
    figure is not known before the revision, a figure derived from next year's bulletin not
    before that bulletin); where it is not, from its observation year on (``year <= as_of``).
    A frame read with ``known_from(obs, "year")`` carries ``known_year``, which decides instead.

    Examples
    --------
    >>> df = pd.DataFrame({"year": [2012, 2012, 2013],
    ...                    "published_year": pd.array([2013, 2017, None], dtype="Int64")})
    >>> known_by(df, 2013).tolist()
    [True, False, True]
    """
    by_year = obs["year"] <= int(as_of)
    # a frame read with known_from="year" says when each row became known in known_year
    col = "known_year" if "known_year" in obs.columns else "published_year"
    if col not in obs.columns:
        return by_year
    pub = pd.to_numeric(obs[col], errors="coerce")
    return (pub <= int(as_of)).where(pub.notna(), by_year).astype(bool)


def data_hash(path: str | Path | None = None) -> str:
    """SHA-256 of the observations file (provenance for results)."""
    return hashlib.sha256(Path(path or config.OBSERVATIONS_FILE).read_bytes()).hexdigest()


__all__ = ["load_observations", "read_observations", "select_series", "known_by", "one_vintage",
           "information_set", "cut_rule", "information", "INFORMATION", "KNOWN_FROM", "known_from",
           "VINTAGE_RULES", "CUT_RULES",
           "data_hash", "COUNT_UNITS"]
