"""Batch files: every city's plan under every scenario in one command.

A batch file lists runs, one per row, as CSV (any encoding Excel writes for a Chinese user) or
YAML (a list of mappings, or ``runs:`` holding one)::

    name,data_dir,plan,scenario,as_of
    xingtai_base,data,xingtai_2020,baseline,
    xingtai_2019,data,xingtai_2020,covid_shock,2019

Columns: ``scenario`` (required), ``data_dir`` (default the bundled data; relative paths are
read from the batch file's folder), ``plan`` (default the scenario's), ``as_of``,
``scenarios_dir``, ``name`` (the row label in the results; default ``<plan>/<scenario>``).
Every problem of the file is reported at once, with its line and column.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .. import checks
from ..errors import DataError, Issue
from ..suggest import did_you_mean
from ..textfiles import decode_text, read_user_file
from ..yamlio import line_of, load_yaml
from .core import SweepJob

#: Columns of a batch row (``scenario`` required).
BATCH_COLUMNS = ("name", "data_dir", "plan", "scenario", "as_of", "scenarios_dir")
#: A batch file larger than this is refused (it is a list of runs, not data).
MAX_BATCH_BYTES = 5_000_000


def _rows_csv(path: Path, data: bytes) -> list[tuple[int, dict]]:
    text = decode_text(path, data).text
    reader = csv.DictReader(io.StringIO(text))
    return [(reader.line_num, {(k or "").strip(): (v or "").strip() for k, v in row.items()})
            for row in reader]


def _rows_yaml(path: Path) -> tuple[list[tuple[int, dict]], list[Issue]]:
    data, lines = load_yaml(path)
    key = ""
    if isinstance(data, dict) and "runs" in data:
        data, key = data["runs"], "runs"
    if not isinstance(data, list):
        return [], [Issue(str(path), 1, key, "not_a_list",
                          "a batch YAML is a list of runs (mappings with scenario, plan, "
                          "data_dir, ...), or 'runs:' holding one")]
    rows, issues = [], []
    for i, item in enumerate(data):
        kp = f"{key}[{i}]" if key else f"[{i}]"
        if not isinstance(item, dict):
            issues.append(Issue(str(path), line_of(lines, kp), kp, "not_a_mapping",
                                "each run is a mapping such as {scenario: baseline, plan: xingtai_2020}"))
            continue
        rows.append((line_of(lines, kp), {str(k): "" if v is None else str(v) for k, v in item.items()}))
    return rows, issues


def _check_row(path: Path, line, row: dict) -> tuple[list[Issue], dict]:
    """Every problem of one batch row, and its directories resolved against the file's folder."""
    issues = [Issue(str(path), line, col, "unknown_column",
                    f"unknown column '{col}'.{did_you_mean(col, BATCH_COLUMNS)} "
                    f"Columns: {', '.join(BATCH_COLUMNS)}")
              for col in row if col not in BATCH_COLUMNS]
    if not row.get("scenario"):
        issues.append(Issue(str(path), line, "scenario", "missing_value",
                            "every run names a scenario (a name in scenarios/ or a path)"))
    as_of = row.get("as_of", "")
    # parse_whole, not str.isdigit: '²' and '１９' are digits to isdigit, and int() fails on '²'
    if as_of and checks.year(checks.parse_whole(as_of)) is not None:
        issues.append(Issue(str(path), line, "as_of", "bad_year",
                            f"as_of {checks.year(as_of)} (or empty for the scenario's own)"))
    dirs = {}
    for col in ("data_dir", "scenarios_dir"):
        d = row.get(col, "")
        if not d:
            continue
        p = Path(d) if Path(d).is_absolute() else (path.parent / d)
        if not p.is_dir():
            issues.append(Issue(str(path), line, col, "missing_dir",
                                f"no directory {d!r} (read from {path.parent}); give a "
                                "path relative to the batch file or an absolute one"))
        dirs[col] = str(p)
    return issues, dirs


def read_batch(path: str | Path) -> list[SweepJob]:
    """The runs of a batch file as :class:`~xtforecast.sweep.core.SweepJob`.

    Raises
    ------
    DataError
        Listing every bad row: unknown columns (with the nearest name), a missing scenario,
        an ``as_of`` that is not a year, a data directory that does not exist.
    """
    path = Path(path)
    data = read_user_file(path, MAX_BATCH_BYTES)
    if path.suffix.lower() in (".yaml", ".yml"):
        rows, issues = _rows_yaml(path)
    else:
        rows, issues = _rows_csv(path, data), []
    jobs = []
    for line, row in rows:
        row_issues, dirs = _check_row(path, line, row)
        issues += row_issues
        if row_issues:
            continue
        as_of = row.get("as_of", "")
        name = row.get("name") or "/".join(v for v in (row.get("plan"), row["scenario"]) if v)
        jobs.append(SweepJob(scenario=row["scenario"], data_dir=dirs.get("data_dir"),
                             scenarios_dir=dirs.get("scenarios_dir"), plan=row.get("plan") or None,
                             as_of=int(as_of) if as_of else None, run=name))
    if not jobs and not issues:
        issues.append(Issue(str(path), None, "", "empty", "the batch file lists no runs"))
    if issues:
        raise DataError(issues)
    return jobs
