"""HTML for readers: each report without code, and an index page for the run.

Decision makers read the HTML, not the notebook: :func:`export_html` uses nbconvert's
``HTMLExporter`` with ``exclude_input=True`` (and no input/output prompts), so only text, tables
and figures remain; figures are embedded PNGs, so a report is one self-contained file. Both the
exported reports and the index declare ``<meta charset="utf-8">`` so Chinese text renders in any
browser, whatever the server says.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd

from ..i18n import LANGS, column_label, status_label, t
from ..plotting import goal_labels
from . import vintage
from .atomic import write_text
from .compare import MANIFEST_FILE, PROJECTIONS_FILE, SUMMARY_FILE
from .tables import ReaderTable

_META = '<meta charset="utf-8">'
#: Cells with this tag (parameter echo, nbval's plain-text checks, file writing) are left out of
#: the HTML: they are for the notebook's own checks, not for readers.
HIDE_TAG = "hide-in-report"

# One exporter per process: building it loads the templates (a few hundred ms).
_exporter = None


def _get_exporter():
    global _exporter
    if _exporter is None:
        from nbconvert import HTMLExporter  # nbconvert, nbformat: optional and slow
        from nbconvert.preprocessors import TagRemovePreprocessor
        _exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True,
                                 exclude_output_prompt=True)
        _exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags={HIDE_TAG}),
                                        enabled=True)
    return _exporter


def warm_exporter() -> None:
    """Build the exporter and render an empty notebook once (loads the templates)."""
    import nbformat
    _get_exporter().from_notebook_node(nbformat.v4.new_notebook())


#: What nbconvert's page loads from a CDN, none of which a report needs: MathJax (formulas are
#: drawn at build time, :mod:`~xtforecast.report.mathsvg`), require.js (for widget and JS
#: outputs; reports have none) and mermaid (diagrams; none). Removed so a report opens whole
#: offline and asks no server for anything.
_CDN_SCRIPTS = (
    re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S),
    re.compile(r'<script[^>]*\ssrc="https?://[^"]*require(?:\.min)?\.js"[^>]*>\s*</script>'),
    re.compile(r'<script type="module">(?:(?!</script>).)*?cdnjs\.cloudflare\.com/ajax/libs/mermaid'
               r'.*?</script>', re.S),
)


def make_offline(page: str) -> str:
    """``page`` without the scripts it would load from the network (:data:`_CDN_SCRIPTS`)."""
    for pattern in _CDN_SCRIPTS:
        page = pattern.sub("", page)
    return page


def notebook_to_html(nb, title: str | None = None, lang: str | None = None) -> str:
    """The HTML of a notebook (a path or an ``nbformat`` node) without code cells' input.

    ``lang`` (``zh``/``en``; default: the notebook's ``lang`` parameter) sets ``<html lang>``
    so browsers pick Chinese fonts and line breaking for a Chinese report.
    """
    import nbformat
    if not hasattr(nb, "cells"):
        nb = nbformat.read(str(nb), as_version=4)
    if title:
        nb.metadata["title"] = title
    body, _ = _get_exporter().from_notebook_node(nb)
    body = make_offline(body)
    if not re.search(r"<meta\s+charset=[\"']?utf-8", body[:3000], re.I):
        body = body.replace("<head>", f"<head>\n{_META}", 1)
    lang = lang or nb.metadata.get("papermill", {}).get("parameters", {}).get("lang")
    if lang in LANGS:
        body = re.sub(r'<html lang="[^"]*">', f'<html lang="{t("report.html_lang", lang)}">',
                      body, count=1)
    return body


def export_html(notebook: str | Path, dest: str | Path, title: str | None = None,
                lang: str | None = None) -> Path:
    """Export ``notebook`` to ``dest`` (HTML without code), atomically."""
    return write_text(dest, notebook_to_html(notebook, title, lang))


_CSS = """
body { font-family: "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "Helvetica Neue", Arial,
       sans-serif; margin: 2em auto; max-width: 72em; color: #252525; padding: 0 1em; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 1.6em; }
table { border-collapse: collapse; font-size: 0.9em; margin: 0.6em 0; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3em 0.7em; text-align: left; }
th { background: #f5f5f5; }
.failed { color: #b2182b; font-weight: bold; } .ok { color: #1b7837; }
.meta { color: #737373; font-size: 0.85em; }
code { font-size: 0.9em; color: #525252; }
section.family { border-top: 2px solid #d9d9d9; margin-top: 1.8em; }
.warn { background: #fff4e5; border-left: 4px solid #e08214; padding: 0.5em 0.8em; }
"""

def status_matrix(summary: pd.DataFrame, lang: str, labels: dict | None = None) -> pd.DataFrame:
    """Goals × scenarios, each cell ``<status> (<P(attain)>)`` in ``lang``."""
    if summary.empty:
        return pd.DataFrame()
    s = summary.reset_index(drop=True)
    s = s.assign(_goal=goal_labels(s, lang).to_numpy())

    def cell(r):
        st = r["status"] if isinstance(r["status"], str) and r["status"] else "insufficient_data"
        p = r["p_attain"]
        return status_label(st, lang) + ("" if pd.isna(p) else f" ({float(p):.0%})")

    s["_cell"] = [cell(r) for _, r in s.iterrows()]
    wide = s.pivot_table(index="_goal", columns="scenario", values="_cell", aggfunc="first")
    wide = wide.reindex(index=list(dict.fromkeys(s["_goal"])),
                        columns=list(dict.fromkeys(s["scenario"]))).fillna("")
    if labels:
        wide = wide.rename(columns=lambda c: labels.get(c, c))
    wide.index.name = t("run_index.goal", lang)
    wide.columns.name = None
    return wide


def _matrix_html(matrix: pd.DataFrame) -> str:
    """The goals × scenarios table for readers: the goal a column (no index row), headers whole."""
    if matrix.empty:
        return ""
    goal = matrix.index.name
    return ReaderTable(matrix.reset_index(), {goal: "text"}).to_html()


def index_html(manifest: dict, summary: pd.DataFrame, lang: str = "zh") -> str:
    """The run's ``index.html``: one section per vintage family, then the scenarios that failed.

    Each family (:func:`~xtforecast.report.vintage.families`: the scenarios run at one
    ``as_of``) gets its title (real-time or with hindsight), a link to every report, the link
    to its own comparison page and its goals × scenarios status table, so a real-time call
    never stands beside a hindsight one. Ids (scenario file names, the run id) are set in
    ``<code>``: they are names to type, not words of the reader's language.

    Parameters
    ----------
    manifest : dict
        As written by :func:`xtforecast.report.runner.run_reports` (``run_id``, ``scenarios``,
        ``families``).
    summary : pandas.DataFrame
        The run's summary (all ok scenarios).
    lang : {"zh", "en"}
    """
    esc = html.escape
    entries = manifest.get("scenarios", {})
    labels = {name: e.get(f"label_{lang}") or name for name, e in entries.items()}
    vint = vintage.scenario_vintages(manifest)
    fams = vintage.families(vint)
    pages = {(f.get("as_of"), f.get("vintage")): f.get("compare") or {}
             for f in manifest.get("families") or []}
    if len(fams) == 1 and manifest.get("compare"):
        pages = {(fams[0].as_of, fams[0].code): manifest["compare"]}
    sections = [_family_section(fam, summary, entries, labels, vint,
                                pages.get((fam.as_of, fam.code)), lang)
                for fam in fams]
    not_run = [n for n in entries if n not in vint]
    if not_run:
        sections.append(f'<section class="family">\n<h2>{t("run_index.not_run", lang)}</h2>\n'
                        f'{_reports_table(not_run, entries, labels, vint, lang)}\n</section>')
    sweep = _page_link(manifest.get("sweep"), "sweep", lang)
    if sweep:
        sections.append(f'<section class="run-page">\n{sweep}\n</section>')
    sections.append(_files_line(lang))
    run_id = esc(str(manifest.get("run_id", "")))
    return f"""<!DOCTYPE html>
<html lang="{t('report.html_lang', lang)}">
<head>
{_META}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{t('run_index.title', lang)}</title>
<style>{_CSS}</style>
</head>
<body>
<h1>{t('run_index.title', lang)}</h1>
<p class="meta">{t('run_index.run', lang)}: <code>{run_id}</code> ·
{t('run_index.generated', lang)}: {esc(_when(manifest.get('finished_utc')))}</p>
{chr(10).join(sections)}
</body>
</html>
"""


def _family_section(fam, summary: pd.DataFrame, entries: dict, labels: dict, vint: dict,
                    page: dict | None, lang: str) -> str:
    """One family's section of the index: title, note, reports, comparison, status table."""
    esc = html.escape
    names = list(fam.names)
    rows = summary[summary["scenario"].isin(names)] if len(summary) else summary
    matrix = status_matrix(rows, lang, labels)
    no_call = vintage.no_call_note(rows, fam.as_of, lang)
    no_call = f'<p class="warn no-call">{esc(no_call)}</p>\n' if no_call else ""
    return (f'<section class="family">\n<h2>{esc(fam.title(lang))}</h2>\n'
            f'<p class="meta">{esc(fam.note(lang))}</p>\n'
            f'{_reports_table(names, entries, labels, vint, lang)}\n'
            f'{_compare_link(page, len(names), lang)}\n'
            f'<h3>{t("run_index.status_table", lang)}</h3>\n{no_call}'
            f'{_matrix_html(matrix)}\n</section>')


def _when(iso) -> str:
    """``2026-12-01T13:02:11+00:00`` as a reader writes it: ``2026-12-01 13:02:11`` (the
    label says UTC)."""
    return str(iso or "").replace("T", " ").removesuffix("+00:00")


def _reports_table(names, entries: dict, labels: dict, vint: dict, lang: str) -> str:
    """Report links of ``names``: label, file name, vintage, run status, seconds, error."""
    esc = html.escape
    rows = []
    for name in names:
        e = entries[name]
        ok = e.get("status") == "ok"
        label = esc(labels[name])
        link = f'<a href="{esc(name)}/report.html">{label}</a>' if ok and e.get("html") else label
        nb = (f' · <a href="{esc(name)}/report.ipynb">{t("run_index.notebook", lang)}</a>'
              if e.get("notebook") else "")
        status = "ok" if ok else "cancelled" if e.get("status") == "cancelled" else "failed"
        state = f'<span class="{"ok" if ok else "failed"}">{t("run_index." + status, lang)}</span>'
        secs = e.get("timings", {}).get("total_s")
        err = esc((e.get("error") or "").strip().splitlines()[-1] if e.get("error") else "")
        as_of, code = vint.get(name, (None, None))
        rows.append(f"<tr><td>{link}{nb}</td><td><code>{esc(name)}</code></td>"
                    f"<td>{'' if as_of is None else as_of}</td>"
                    f"<td>{vintage.vintage_label(code, lang) if code else ''}</td><td>{state}</td>"
                    f"<td>{'' if secs is None else f'{secs:.1f}'}</td>"
                    f"<td>{f'<code>{err}</code>' if err else ''}</td></tr>")
    return (f"<table><thead><tr><th>{t('run_index.report', lang)}</th><th>{t('run_index.file', lang)}</th>"
            f"<th>{column_label('as_of', lang)}</th><th>{column_label('vintage', lang)}</th>"
            f"<th>{t('run_index.run_status', lang)}</th><th>{t('run_index.seconds', lang)}</th>"
            f"<th>{t('run_index.error', lang)}</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")


#: The run's tables beside its pages (written by the runner), and what each holds.
RUN_FILES = ((SUMMARY_FILE, "file_summary"), (PROJECTIONS_FILE, "file_projections"),
             (MANIFEST_FILE, "file_manifest"))


def _files_line(lang: str) -> str:
    """Links to the run's CSV and JSON files, for a reader who wants the numbers."""
    items = t("run_index.file_sep", lang).join(
        t("run_index.file_item", lang).format(name=f'<a href="{name}"><code>{name}</code></a>',
                                               what=t(f"run_index.{key}", lang))
        for name, key in RUN_FILES)
    return f'<p class="meta files">{t("run_index.files", lang).format(items=items)}</p>'


def _page_link(entry: dict | None, key: str, lang: str) -> str:
    """A run page (the sweep): a link, or that it failed and why."""
    esc = html.escape
    entry = entry or {}
    if entry.get("html"):
        return f'<p><a href="{esc(entry["html"])}">{t(f"run_index.{key}", lang)}</a></p>'
    if entry.get("status") == "failed":
        return (f'<p>{t(f"run_index.{key}", lang)}: <span class="failed">{t("run_index.failed", lang)}'
                f'</span> <code>{esc((entry.get("error") or "").splitlines()[0])}</code></p>')
    return ""


def _compare_link(entry: dict | None, n_scenarios: int, lang: str) -> str:
    """The family's comparison page: a link, or why there is none."""
    esc = html.escape
    entry = entry or {}
    if entry.get("html"):
        single = f' <span class="meta">{t("family.single", lang)}</span>' if n_scenarios < 2 else ""
        return f'<p><a href="{esc(entry["html"])}">{t("run_index.compare", lang)}</a>{single}</p>'
    if entry.get("status") == "failed":
        return (f'<p>{t("run_index.compare", lang)}: <span class="failed">{t("run_index.failed", lang)}'
                f'</span> <code>{esc((entry.get("error") or "").splitlines()[0])}</code></p>')
    return ""
