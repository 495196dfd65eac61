"""What the comparison page shows (``notebooks/compare_scenarios.ipynb``): one run read back.

:func:`load_run` (every ok scenario's ``summary.csv`` and the manifest; one vintage family when
``as_of`` is given) → :func:`run_notes` (the page's title, the vintage, failed scenarios) →
:func:`show_heatmap` → :func:`projected_ranges_table` / :func:`show_ranges` →
:func:`run_text` (what nbval compares). The template calls these through
:mod:`xtforecast.report.content`, which re-exports them.

A page on a run reads what the run used from the run's manifest, not from its own environment:
the data directory (units and class levels of the catalog) is the one the reports read. A path
in a manifest is absolute, as the runner writes it, or relative to the run directory (the
committed golden run of the tests, :func:`run_path`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .. import catalog as _catalog  # through the module: a test counts the reads by patching it
from .. import config
from .._schema import SUMMARY_COLUMNS
from ..errors import DataError
from ..fonts import use_cjk_font
from ..i18n import column_label, t
from ..inputs import DataPaths
from ..plotting import goal_labels, status_heatmap
from . import vintage
from .display import fmt_columns, markdown, md_escape, show
from .tables import ReaderTable, band_words, goal_words
from .vintage import Family, vintage_note

#: Files the report notebook writes into ``out_dir`` (and the runner and this page read back).
SUMMARY_FILE = "summary.csv"
#: Every projected series' quantiles per year, per scenario and for the run (long form).
PROJECTIONS_FILE = "projections.csv"
PROVENANCE_FILE = "provenance.json"
MANIFEST_FILE = "manifest.json"


@dataclass
class RunTables:
    """A run directory read back: the long summary of every ok scenario, and its manifest."""

    run_dir: Path
    summary: pd.DataFrame
    manifest: dict
    failed: list[str]
    labels: dict[str, str]  # column headers: with the vintage when the run mixes vintages
    plain_labels: dict[str, str] = field(default_factory=dict)
    as_of: int | None = None  # the family compared (None: every scenario of the run)
    catalog: object = None  # the catalog of the run's data (units, class levels); None: unreadable


def resolve_run_dir(run_dir: str) -> Path:
    """``run_dir``, else the newest run under ``reports/`` (``reports/latest`` first)."""
    if run_dir:
        return Path(run_dir)
    latest = Path(config.REPORTS_DIR) / "latest"
    if latest.exists():
        return latest.resolve()
    runs = sorted(p.parent for p in Path(config.REPORTS_DIR).glob(f"*/{MANIFEST_FILE}"))
    if not runs:
        raise FileNotFoundError(f"no run found under {config.REPORTS_DIR}; run `xtforecast report "
                                "--all` first or set run_dir")
    return runs[-1]


def run_path(run_dir: str | Path, value) -> Path | None:
    """A path a manifest records: absolute as it is, relative to ``run_dir``; None for none.

    Examples
    --------
    >>> run_path("/runs/r1", "../../fixtures/data").as_posix(), run_path("/runs/r1", "/data")
    ('/runs/r1/../../fixtures/data', PosixPath('/data'))
    """
    if not value:
        return None
    p = Path(value)
    return p if p.is_absolute() else Path(run_dir) / p


def run_data_dir(run_dir: str | Path, manifest: dict, entry: dict | None = None) -> Path | None:
    """The data directory a scenario of the run read (its recorded ``data_dir`` parameter),
    else the run's; None when the manifest records none (the bundled data)."""
    recorded = ((entry or {}).get("parameters") or {}).get("data_dir") or manifest.get("data_dir")
    return run_path(run_dir, recorded)


def read_manifest(run_dir: str | Path) -> dict:
    """The run's ``manifest.json``; ``{}`` when the directory has none (summaries alone)."""
    f = Path(run_dir) / MANIFEST_FILE
    return json.loads(f.read_text(encoding="utf-8")) if f.is_file() else {}


def read_table(path: str | Path) -> pd.DataFrame:
    """A ``summary.csv`` or ``projections.csv`` as a run wrote it, ``target_value`` as text: a
    class goal's "B" beside numbers would otherwise be coerced."""
    return pd.read_csv(path, dtype={"target_value": str})


def _run_catalog(data_dir: Path | None):
    """The catalog of the run's data; None when it cannot be read (the run's data moved)."""
    paths = DataPaths.of(data_dir)
    try:
        return _catalog.load_catalog(paths.indicators, paths.regions)
    except (DataError, OSError):
        return None


def load_run(params: dict) -> RunTables:
    """Read every ``<run_dir>/<scenario>/summary.csv`` (and ``manifest.json`` when present).

    With ``params["as_of"]`` only the scenarios run at that vintage (one family of the run,
    :func:`~xtforecast.report.vintage.families`), and with ``params["vintage"]`` only those of
    that code too (two families may share an ``as_of`` under different rules of what was
    known): a comparison never mixes vintages. Failed scenarios have no vintage and are named
    on the whole-run page only (and in the index).
    """
    d = resolve_run_dir(params.get("run_dir", ""))
    manifest = read_manifest(d)
    lang, family = params.get("lang", "zh"), params.get("as_of")
    frames, failed, labels = _read_summaries(d, manifest, lang, family,
                                             params.get("vintage") or None)
    summary = (pd.concat(frames, ignore_index=True) if frames
               else pd.DataFrame(columns=SUMMARY_COLUMNS))
    run = RunTables(d, summary, manifest, failed, labels, as_of=family,
                    catalog=_run_catalog(run_data_dir(d, manifest)))
    vint = run_vintages(run)
    if vintage.is_mixed(vint):
        # Side by side, a column says its vintage (the note above the tables says why).
        run.labels = {n: vintage.column_label(lab, *vint[n], lang) if n in vint else lab
                      for n, lab in labels.items()}
    run.plain_labels = labels
    return run


def _read_summaries(d: Path, manifest: dict, lang: str, family,
                    code: str | None = None) -> tuple[list, list, dict]:
    """The summaries of the ok scenarios (of ``family``, and of vintage ``code`` when given),
    the failed names, the labels."""
    entries = manifest.get("scenarios", {})
    names = list(entries) or sorted(p.parent.name for p in d.glob(f"*/{SUMMARY_FILE}"))
    frames, failed, labels = [], [], {}
    for name in names:
        e = entries.get(name, {})
        f = d / name / SUMMARY_FILE
        if e.get("status", "ok") != "ok" or not f.is_file():
            if family is None:
                failed.append(name)
            continue
        frame = read_table(f)
        if family is not None and not _at_vintage(frame, family, code):
            continue
        frames.append(frame)
        labels[name] = e.get(f"label_{lang}") or name
    return frames, failed, labels


def _at_vintage(frame: pd.DataFrame, as_of: int, code: str | None = None) -> bool:
    """The scenario summary was run at ``as_of`` (its ``as_of`` column) and, when ``code`` is
    given, at that vintage code (its ``vintage`` column: ``real_time``, ``authors``, ...)."""
    vals = pd.to_numeric(frame.get("as_of", pd.Series(dtype=float)), errors="coerce").dropna()
    if not (len(vals) and int(vals.iloc[0]) == int(as_of)):
        return False
    codes = frame.get("vintage", pd.Series(dtype=object)).dropna()
    return code is None or (len(codes) > 0 and str(codes.iloc[0]) == code)


def compare_title(lang: str, as_of=None, vintage_code: str | None = None) -> str:
    """The comparison page's title, with its family when it compares one
    (``情景对比 · 当年视角：数据截至 2019 年（实时）``)."""
    head = t("report.compare_title", lang)
    if as_of is None or vintage_code is None:
        return head
    return f"{head} · {Family(as_of, vintage_code, ()).title(lang)}"


def run_vintages(run: RunTables) -> dict:
    """``{scenario: (as_of, real_time|hindsight)}`` from the run's summaries (their columns
    ``as_of``/``vintage``; a summary without them says nothing)."""
    s = run.summary
    if s.empty or "as_of" not in s.columns:
        return {}
    first = s.drop_duplicates("scenario").set_index("scenario")
    return {n: (int(r["as_of"]), str(r.get("vintage") or "hindsight"))
            for n, r in first.iterrows() if pd.notna(r["as_of"])}


def run_notes(run: RunTables, lang: str):
    """What the reader must know before the side-by-side tables: the vintage (one, or a
    warning that they differ), that no goal gets a call when none does, and the scenarios
    that failed."""
    plain = run.plain_labels or run.labels
    vint = run_vintages(run)
    parts = [vintage_note(vint, plain, lang)]
    as_ofs = {a for a, _ in vint.values()}
    if len(as_ofs) == 1:  # one vintage: say once if none of its goals gets a call
        parts.append(vintage.no_call_note(run.summary, next(iter(as_ofs)), lang))
    if run.failed:
        parts.append(t("report.failed", lang).format(names=", ".join(run.failed)))
    body = "\n\n".join(md_escape(p) for p in parts if p)
    code = next(iter(vint.values()))[1] if run.as_of is not None and vint else None
    # The page's title: the template's own first cell is for people editing it, not readers.
    return markdown(f"## {md_escape(compare_title(lang, run.as_of, code))}\n\n{body}")


def run_text(run: RunTables) -> str:
    """Scenario, goal, status and P(attain) of the run as plain text (what nbval compares)."""
    cols = ["scenario", "target_id", "status", "p_attain", "projected_median"]
    s = run.summary[[c for c in cols if c in run.summary.columns]].copy()
    fmt_columns(s, ("p_attain", "projected_median"))
    head = f"failed: {', '.join(run.failed) or '-'}"
    return head + "\n" + s.to_string(index=False)


def show_heatmap(run: RunTables, lang: str):
    """P(attain) heatmap of goals × scenarios (:func:`xtforecast.plotting.status_heatmap`)."""
    import matplotlib.pyplot as plt  # pyplot only when a figure is drawn

    n_goals = run.summary["target_id"].nunique() if len(run.summary) else 1
    n_sc = run.summary["scenario"].nunique() if len(run.summary) else 1
    # Wide enough for the goal labels beside the cells, even with one scenario (a family of
    # one): narrower, the constrained layout collapses and matplotlib warns into the page.
    # A label takes about 0.075 in per half-width character at the tick size (hanzi count 2).
    labels = goal_labels(run.summary, lang) if len(run.summary) else []
    label_in = 0.075 * max((sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(g)) for g in labels),
                           default=0)
    fig, ax = plt.subplots(figsize=(max(7.5, label_in + 1.5 * n_sc + 2.0), 1.5 + 0.5 * n_goals),
                           layout="constrained")
    status_heatmap(run.summary, lang=lang, ax=ax, scenario_labels=run.labels)
    ax.set_title(t("report.heatmap_title", lang))
    show(fig)
    plt.close(fig)


def indicator_meta(catalog, indicator):
    """The catalog entry of ``indicator`` (None without a catalog or for an unknown id)."""
    return catalog.indicators.get(indicator) if catalog is not None else None


def _range_cell(r, lang: str, catalog) -> str:
    """``median（P10 – P90）`` of one goal and scenario in the reader's numbers."""
    if pd.isna(r["projected_median"]):
        return ""
    ind = indicator_meta(catalog, r.get("indicator"))
    median, lo, hi = band_words([r["projected_median"], r["projected_p10"], r["projected_p90"]],
                                r.get("target_type"), lang, ind.levels if ind is not None else (),
                                ind.unit if ind is not None else None)
    return t("report.range_cell", lang).format(median=median, lo=lo, hi=hi)


def projected_ranges(run: RunTables, lang: str) -> pd.DataFrame:
    """Goals × scenarios: projected median (P10 – P90) in the target year, against the goal,
    numbers and goals in the reader's words (:mod:`~xtforecast.report.tables`)."""
    s = run.summary
    if s.empty:
        return pd.DataFrame()
    s = s.assign(_goal=goal_labels(s, lang).to_numpy())
    s["_cell"] = [_range_cell(r, lang, run.catalog) for _, r in s.iterrows()]
    goals = list(dict.fromkeys(s["_goal"]))
    wide = s.pivot_table(index="_goal", columns="scenario", values="_cell", aggfunc="first")
    wide = wide.reindex(index=goals, columns=list(dict.fromkeys(s["scenario"])))
    targets = s.drop_duplicates("_goal").set_index("_goal")

    def unit(r):
        ind = indicator_meta(run.catalog, r.get("indicator"))
        return ind.unit if ind is not None else None

    wide.insert(0, t("table.goal_value", lang),
                [goal_words(r.get("target_type"), r.get("comparator"), r.get("target_value"),
                            unit(r), lang) for _, r in targets.loc[goals].iterrows()])
    wide = wide.rename(columns=lambda c: run.labels.get(c, c)).fillna("")
    wide.index.name = column_label("goal", lang)
    wide.columns.name = None
    return wide


def projected_ranges_table(run: RunTables, lang: str):
    """:func:`projected_ranges` as a reader's table (the goal a column, not an index)."""
    wide = projected_ranges(run, lang)
    if wide.empty:
        return ReaderTable(wide)
    goal = column_label("goal", lang)
    return ReaderTable(wide.reset_index().rename(columns={wide.index.name: goal}),
                       {goal: "text", wide.columns[0]: "nowrap",
                        **dict.fromkeys(wide.columns[1:], "num")})


def show_ranges(run: RunTables, lang: str):
    """Projected P10–P90 ranges (dot = median) per goal, one row per scenario, scaled by goal."""
    import matplotlib.pyplot as plt

    use_cjk_font()
    s = run.summary
    s = s[s["projected_median"].notna()] if len(s) else s
    if s.empty:
        return None
    s = s.assign(_goal=goal_labels(s, lang).to_numpy())
    goals = list(dict.fromkeys(s["_goal"]))
    scen = list(dict.fromkeys(s["scenario"]))
    fig, axes = plt.subplots(len(goals), 1, figsize=(7.5, 0.6 + (0.35 * len(scen) + 0.7) * len(goals)),
                             layout="constrained", squeeze=False)
    for ax, g in zip(axes[:, 0], goals, strict=True):
        sub = s[s["_goal"] == g].set_index("scenario").reindex(scen)
        y = np.arange(len(scen))
        ax.hlines(y, sub["projected_p10"], sub["projected_p90"], color="#2c7fb8", lw=4, alpha=0.5)
        ax.plot(sub["projected_median"], y, "o", color="#2c7fb8")
        tv = pd.to_numeric(sub["target_value"], errors="coerce").dropna()
        if len(tv):
            ax.axvline(tv.iloc[0], color="#d7301f", ls="--", lw=1.2)
        ax.set_yticks(y, [run.labels.get(c, c) for c in scen])
        ax.set_ylim(len(scen) - 0.5, -0.5)
        ax.set_title(g, fontsize=10, loc="left")
        ax.grid(True, axis="x", alpha=0.25)
    fig.suptitle(t("report.ranges_title", lang), fontsize=11)
    show(fig)
    plt.close(fig)
