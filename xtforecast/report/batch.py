"""``xtforecast report --batch runs.csv``: every city's plan under every scenario, one command.

The batch file is the sweep's (:mod:`xtforecast.sweep.batch`: ``name, data_dir, plan, scenario,
as_of[, scenarios_dir]``). Rows that share a data directory, a scenarios directory and a
vintage form one run of :func:`~xtforecast.report.runner.run_reports` (its own index,
comparison, sweep page and manifest, as ever); the batch directory holds them side by side with
one cross-run ``summary.csv`` and ``projections.csv`` (a ``run`` and a ``data_dir`` column
added), ``index.html`` linking every run, and ``manifest.json``. A run that fails does not stop
the others.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import config
from ..errors import XtForecastError
from ..i18n import t
from ..sweep.batch import read_batch
from ..sweep.core import inputs_for
from .atomic import write_csv, write_json, write_text
from .compare import MANIFEST_FILE, PROJECTIONS_FILE, SUMMARY_FILE, read_table
from .runner import new_run_id, run_reports


@dataclass
class BatchResult:
    """A batch: its directory, each run's result, and the exit code."""

    batch_dir: Path
    runs: list  # (run id, data_dir, RunResult or error text)

    @property
    def exit_code(self) -> int:
        codes = [r.exit_code if not isinstance(r, str) else 1 for _, _, r in self.runs]
        return max(codes, default=0)


def _check_plans(jobs) -> None:
    """A report runs its scenario's own plan: a row naming another plan is refused up front."""
    problems = []
    for j in jobs:
        if j.plan:
            own = inputs_for(j).scenario(j.scenario).plan
            if own != j.plan:
                problems.append(f"run {j.run}: scenario '{j.scenario}' is for plan '{own}', not "
                                f"'{j.plan}'; a report runs its scenario's plan. Leave the plan "
                                f"column empty, or write a scenario with 'extends: {j.scenario}' "
                                f"and 'plan: {j.plan}'")
    if problems:
        raise XtForecastError("; ".join(problems))


def _groups(jobs) -> list[tuple[tuple, list]]:
    groups: dict[tuple, list] = {}
    for j in jobs:
        groups.setdefault((j.data_dir or "", j.scenarios_dir or "", j.as_of), []).append(j)
    return list(groups.items())


def _run_id(i: int, key: tuple) -> str:
    data_dir, _, as_of = key
    name = Path(data_dir).name if data_dir else "data"
    return f"{i + 1:02d}-{name}-{as_of if as_of is not None else 'own'}"


def run_batch(path, *, out=None, **run_kwargs) -> BatchResult:
    """Run every row of a batch file as reports, grouped into runs.

    Parameters
    ----------
    path : path
        The batch file (CSV or YAML).
    out : path, optional
        Parent of the batch directory (default ``reports/``).
    **run_kwargs
        Passed to every :func:`~xtforecast.report.runner.run_reports` (``jobs``, ``lang``,
        ``engine``, ...).

    Raises
    ------
    DataError, XtForecastError
        For a bad batch file, before anything runs.
    """
    jobs = read_batch(path)
    _check_plans(jobs)
    batch_dir = Path(out or config.REPORTS_DIR) / f"batch-{new_run_id()}"
    batch_dir.mkdir(parents=True)
    runs = []
    for i, (key, js) in enumerate(_groups(jobs)):
        data_dir, scen_dir, as_of = key
        rid = _run_id(i, key)
        try:
            res = run_reports([j.scenario for j in js], out=batch_dir, run_id=rid, as_of=as_of,
                              scenarios_dir=scen_dir or None, data_dir=data_dir or None,
                              **run_kwargs)
        except Exception as exc:  # one run's failure is reported, the rest go on
            res = f"{type(exc).__name__}: {exc}"
        runs.append((rid, data_dir, res))
    _write_batch(batch_dir, runs, run_kwargs.get("lang", "zh"))
    return BatchResult(batch_dir, runs)


def _write_batch(batch_dir: Path, runs: list, lang: str) -> None:
    entries = {}
    for rid, data_dir, res in runs:
        if isinstance(res, str):
            entries[rid] = {"status": "failed", "error": res, "data_dir": data_dir}
            continue
        m = res.manifest
        entries[rid] = {"status": m.get("status"), "n_ok": m.get("n_ok"),
                        "n_failed": m.get("n_failed"), "data_dir": data_dir,
                        "index": f"{rid}/index.html"}
    done = [(rid, data_dir, res.run_dir) for rid, data_dir, res in runs if not isinstance(res, str)]
    for name in (SUMMARY_FILE, PROJECTIONS_FILE):
        write_csv(batch_dir / name, _stacked(done, name))
    write_json(batch_dir / MANIFEST_FILE, {"runs": entries})
    write_text(batch_dir / "index.html", _index(entries, lang))


def _stacked(done: list, name: str) -> pd.DataFrame:
    """Every run's ``name`` in one table, with the ``run`` and ``data_dir`` it came from (two
    cities' runs may share scenario names)."""
    frames = []
    for rid, data_dir, run_dir in done:
        f = run_dir / name
        if f.is_file():
            frames.append(read_table(f).assign(run=rid, data_dir=data_dir or "data"))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _index(entries: dict, lang: str) -> str:
    esc = html.escape
    head = "<tr>" + "".join(f"<th>{t('batch_index.' + k, lang)}</th>"
                            for k in ("run", "data_dir", "ok", "failed")) + "</tr>"
    rows = []
    for rid, e in entries.items():
        name = (f'<a href="{esc(e["index"])}">{esc(rid)}</a>' if e.get("index")
                else f"{esc(rid)} ({esc(str(e.get('error', '')).splitlines()[0])})")
        rows.append(f"<tr><td>{name}</td><td>{esc(e.get('data_dir') or 'data')}</td>"
                    f"<td>{e.get('n_ok', 0)}</td><td>{e.get('n_failed', '')}</td></tr>")
    title, note = t("batch_index.title", lang), t("batch_index.note", lang)
    return (f'<!DOCTYPE html><html lang="{t("report.html_lang", lang)}"><head><meta charset="utf-8">'
            f"<title>{title}</title></head><body><h1>{title}</h1><p>{note}</p>"
            f"<table><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table></body></html>\n")


def batch_summary(result: BatchResult) -> str:
    """One line per run, for people."""
    lines = [f"{result.batch_dir}:"]
    for rid, _, res in result.runs:
        if isinstance(res, str):
            lines.append(f"  {rid}: failed: {res.splitlines()[0]}")
        else:
            m = res.manifest
            lines.append(f"  {rid}: {m['n_ok']} ok, {m['n_failed']} failed -> {res.run_dir / 'index.html'}")
    return "\n".join(lines)


__all__ = ["run_batch", "BatchResult", "batch_summary"]
