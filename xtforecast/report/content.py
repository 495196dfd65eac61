"""What the report notebooks show: each cell of a template is one call into this module.

The templates in ``notebooks/`` hold no ``def`` or ``class`` (style anchors §8.5); they call
these functions in order, so the logic is tested like the rest of the package and a notebook
stays a readable script for a policy researcher:

``notebooks/scenario_report.ipynb``
    :func:`setup` (validate parameters, fonts, display options) → :func:`run_report` →
    :func:`overview` → :func:`status_table` / :func:`status_text` → :func:`show_goal_charts`
    → :func:`show_p_attain` → :func:`method_table` → :func:`methods_appendix` →
    :func:`save_outputs`.
``notebooks/compare_scenarios.ipynb``
    :func:`setup_compare` → :func:`load_run` → :func:`show_heatmap` →
    :func:`projected_ranges` / :func:`show_ranges` (from :mod:`~xtforecast.report.compare`,
    re-exported here so the template imports one module).

:func:`run_report` reads its inputs once, from the ``data_dir`` parameter
(:class:`xtforecast.inputs.Inputs`), and everything after it takes the plan, the catalog, the
observations and each goal's history from the scenario result: no cell reads a file again.
The growth models can be replaced by the ``projector`` parameter in tests
(:mod:`~xtforecast.report.projector`). Every reader-facing word comes in Chinese and English
(``lang``) from :mod:`xtforecast.i18n` (the report's own sentences under ``report.``).
"""

from __future__ import annotations

import math
import platform
import sys
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np
import pandas as pd

from .._schema import EXPORT_QUANTILES, STATUSES, SUMMARY_COLUMNS
from ..fonts import use_cjk_font
from ..i18n import column_label as col
from ..i18n import status_label, t, t_count, unit_label
from ..inputs import Inputs
from ..plotting import fan_chart, goal_labels, p_attain_bars
from ..plotting import method_table as _table
from ..plotting import status_table as _words
from ..plotting.fan import scale_of, through_year
from .atomic import write_csv, write_json
from .compare import (
    PROJECTIONS_FILE,
    PROVENANCE_FILE,
    SUMMARY_FILE,
    indicator_meta,
    load_run,
    projected_ranges,
    projected_ranges_table,
    run_notes,
    run_text,
    show_heatmap,
    show_ranges,
)
from .display import fmt_columns, md_escape, section
from .display import markdown as _md
from .display import show as _display
from .mathsvg import formulas_to_svg
from .params import COMPARE_PARAMETERS, REPORT_PARAMETERS, notebook_parameters
from .projector import describe, load_projector
from .tables import ReaderTable, band_words, format_percent, goal_words, value_words
from .vintage import vantage_columns, vintage_sentence

# -- setup ----------------------------------------------------------------------------------------

def setup(namespace, specs=REPORT_PARAMETERS) -> dict:
    """First cell of a template: validate the parameters, register the Chinese font.

    Parameters
    ----------
    namespace : mapping
        The notebook's ``globals()`` (see :func:`~xtforecast.report.params.notebook_parameters`:
        an unknown injected parameter is an error here too).
    specs : mapping
        :data:`~xtforecast.report.params.REPORT_PARAMETERS` or ``COMPARE_PARAMETERS``.

    Returns
    -------
    dict
        The validated parameters.
    """
    params = notebook_parameters(namespace, specs)
    use_cjk_font()
    import matplotlib
    matplotlib.rcParams["figure.dpi"] = 100
    matplotlib.rcParams["savefig.dpi"] = 100
    pd.set_option("display.max_columns", 50)
    pd.set_option("display.width", 200)
    return params


def params_text(params: dict) -> str:
    """The validated parameters, one ``name = value`` a line (what nbval compares)."""
    return "\n".join(f"{k} = {v!r}" for k, v in params.items())


def setup_compare(namespace) -> dict:
    """First cell of ``compare_scenarios.ipynb`` (:func:`setup` with the compare parameters)."""
    return setup(namespace, COMPARE_PARAMETERS)


# -- one scenario ---------------------------------------------------------------------------------

@dataclass
class Report:
    """Everything a report cell needs: the parameters and the scenario result, which carries
    the plan, the catalog and the observations the run read."""

    params: dict
    result: object  # xtforecast.scenarios.ScenarioResult
    extra: dict = field(default_factory=dict)

    @property
    def lang(self) -> str:
        return self.params["lang"]

    @property
    def summary(self) -> pd.DataFrame:
        return self.result.summary

    @property
    def plan(self):
        """The plan whose goals were judged (:class:`xtforecast.targets.Plan`)."""
        return self.result.plan

    @property
    def catalog(self):
        """The catalog the run read (:class:`xtforecast.catalog.Catalog`)."""
        return self.result.catalog

    @property
    def observations(self) -> pd.DataFrame:
        """Every observation the run read."""
        return self.result.observations

    @property
    def projections(self) -> dict:
        """``(indicator, region) -> Projection`` after the scenario's operations."""
        return self.result.paths

    @property
    def label(self) -> str:
        return self.result.scenario.label(self.lang) or self.result.scenario.name


def run_report(params: dict) -> Report:
    """Run the scenario of the validated parameters on the inputs of ``data_dir``, once.

    ``data_dir`` empty means the bundled data; ``projector`` empty the growth models. The
    result carries the plan, the catalog and the observations, so the cells after this one
    read no file.
    """
    inputs = Inputs.load(params.get("data_dir") or None)
    result = inputs.run(params["scenario"], as_of=params["as_of"], n_sims=params["n_sims"],
                        seed=params["seed"], projector=load_projector(params.get("projector")))
    return Report(params, result)


def _plan_title(plan, lang: str) -> str:
    return getattr(plan, f"title_{lang}", "") or plan.title_zh or plan.id


def status_counts(summary: pd.DataFrame, lang: str) -> str:
    """``按计划推进 2 项，需要加速 1 项`` in the order of :data:`STATUSES`."""
    st = summary["status"].fillna("insufficient_data").replace("", "insufficient_data")
    counts = st.value_counts()
    parts = [t("report.count", lang).format(status=status_label(s, lang), k=int(counts[s]))
             for s in STATUSES if s in counts.index]
    return t("report.sep", lang).join(parts) or t("report.no_goals", lang)


def overview(rep: Report):
    """A short overview in the report's language (Markdown), with the data vintage."""
    spec, prov = rep.result.scenario, rep.result.provenance
    lang = rep.lang
    desc = md_escape(spec.description(lang))
    label = md_escape(rep.label)
    n = len(rep.summary)
    body = t("report.overview", lang).format(
        plan=md_escape(_plan_title(rep.plan, lang)), goals=t_count("report.goals", n, lang).format(n=n),
        label=label,
        as_of=prov.get("as_of", ""), n_sims=prov.get("n_sims", ""), seed=prov.get("seed", ""),
        description=desc, counts=status_counts(rep.summary, lang),
        vintage=vintage_sentence(prov.get("as_of"), prov.get("data_end"), lang,
                                 prov.get("vintage"), prov.get("series_rules"),
                                 prov.get("known_from")))
    return _md(f"## {t('report.title', lang).format(label=label)}\n\n{body}")


def _year_text(v) -> str:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return ""
    return str(int(f)) if math.isfinite(f) else ""


#: A bound figure's sign before its value ("以上" is ``>=``; Xingtai's end-2019 stock of
#: high-tech enterprises, 450 minus "125以上", is ``<=``): the same in both languages.
_BOUND_SIGN = {">=": "≥ ", "<=": "≤ "}


def _bounded(text: str, bound) -> str:
    """``text`` with the sign of its bound (``≤ 325``); unchanged for an exact figure.

    Examples
    --------
    >>> _bounded("325", "<="), _bounded("450", ""), _bounded("", ">=")
    ('≤ 325', '450', '')
    """
    sign = _BOUND_SIGN.get(str(bound or ""), "") if text else ""
    return sign + text


def status_frame(rep: Report) -> pd.DataFrame:
    """The status table of all goals as text for readers, one row per goal.

    The goal in words (``不低于 3.5万人``, ``位次前移 1 位``, ``达到B类``), its unit, the latest
    value and the projection in the reader's number format (:mod:`~xtforecast.report.tables`),
    P(attain) and required growth as percentages, status and evidence in words
    (:func:`xtforecast.plotting.status_table`).
    """
    s = rep.summary.reset_index(drop=True)
    words = _words(s, rep.lang, rep.catalog)
    return pd.DataFrame([_status_row(rep, r, {k: v[i] for k, v in words.items()})
                         for i, r in s.iterrows()])


def _status_row(rep: Report, r, words: dict) -> dict:
    """One goal's row of :func:`status_frame`; ``words`` its goal, status and evidence words."""
    lang = rep.lang
    ind = indicator_meta(rep.catalog, r.get("indicator"))
    unit, levels = (ind.unit, ind.levels) if ind is not None else (None, ())
    tt = r.get("target_type")

    def vw(v):
        return value_words(v, tt, lang, levels)

    # the median and its band in one scale and precision (not "8,813 – 2.488万")
    median, lo, hi = band_words([r.get(c) for c in ("projected_median", "projected_p10",
                                                     "projected_p90")], tt, lang, levels, unit)
    return {
        col("goal", lang): words[col("goal", lang)],
        col("target_year", lang): _year_text(r.get("target_year")),
        t("table.goal_value", lang): goal_words(tt, r.get("comparator"), r.get("target_value"),
                                                unit, lang, wrap=True),
        col("unit", lang): "" if tt in ("rank", "class") or not unit else unit_label(unit, lang),
        col("latest_year", lang): _year_text(r.get("latest_year")),
        col("latest_value", lang): _bounded(vw(r.get("latest_value")), r.get("latest_bound")),
        col("projected_median", lang): median,
        t("table.range", lang): f"{lo} – {hi}" if lo and hi else "",
        col("p_attain", lang): format_percent(r.get("p_attain")),
        col("status", lang): words.get(col("status", lang), ""),
        col("required_cagr", lang): format_percent(r.get("required_cagr")),
        col("evidence", lang): words.get(col("evidence", lang), ""),
    }


def status_table(rep: Report):
    """The status table of all goals (:func:`status_frame`) as a reader's HTML table."""
    lang = rep.lang
    num = [col(c, lang) for c in ("target_year", "latest_year", "latest_value",
                                  "projected_median", "p_attain", "required_cagr")]
    # the goal value and what it takes break at spaces only ("word"; the goal value only
    # before its unit, goal_words(wrap=True)): one line where the page is wide enough, two
    # where 13 columns and a long unit ("100 million yuan") would otherwise push the table
    # past a 1,280-px page
    kinds = {**dict.fromkeys(num, "num"), t("table.range", lang): "num",
             t("table.goal_value", lang): "word", col("goal", lang): "text"}
    frame = status_frame(rep)
    # what it would take, after the status it would change (xtforecast what-it-takes);
    # lazy: report.sweep_page imports this module (its setup)
    from .sweep_page import takes_column
    head, cells = takes_column(rep)
    frame.insert(frame.columns.get_loc(col("status", lang)) + 1, head, cells)
    return ReaderTable(frame, {**kinds, head: "word"})


def status_text(rep: Report) -> str:
    """The key numbers of every goal as plain text: a stable output for nbval to compare."""
    cols = ["target_id", "status", "p_attain", "projected_median", "projected_p10",
            "projected_p90", "required_cagr", "evidence"]
    s = rep.summary[[c for c in cols if c in rep.summary.columns]].copy()
    fmt_columns(s, ("p_attain", "projected_median", "projected_p10", "projected_p90", "required_cagr"))
    return s.to_string(index=False)


def goal_figures(rep: Report):
    """One fan chart per goal (history, target marker, fan of the scenario's paths).

    Yields
    ------
    (target_id, matplotlib.figure.Figure or str)
        A figure, or — for a goal with neither observations up to ``as_of`` nor paths — the
        sentence saying so (a chart with a lone star teaches nothing).
    """
    # pyplot only when a figure is drawn
    import matplotlib.pyplot as plt


    targets = {g.id: g for g in rep.plan.targets}
    labels = goal_labels(rep.summary, rep.lang).tolist()
    for i, (_, row) in enumerate(rep.summary.iterrows()):
        tgt = targets.get(row["target_id"])
        key = (row["indicator"], row["region"])
        proj = rep.projections.get(key)
        history = proj.history if proj is not None else _history(rep, key)
        years, paths = through_year(proj.years if proj is not None else [],
                                    proj.paths if proj is not None else None,
                                    getattr(tgt, "target_year", None))
        no_history = history is None or len(history) == 0
        if no_history and (paths is None or np.size(paths) == 0):
            reason = goal_reason(row, rep.lang)
            no_data = t("report.no_data", rep.lang) + (f" — {md_escape(reason)}" if reason else "")
            yield row["target_id"], t("report.no_chart", rep.lang).format(
                goal=md_escape(labels[i]), reason=no_data)
            continue
        fig, ax = plt.subplots(figsize=(7.0, 4.0), layout="constrained")
        fan_chart(history, years, paths, target=tgt, lang=rep.lang, ax=ax,
                  **scale_of(rep.catalog, row["indicator"]))
        yield row["target_id"], fig
        plt.close(fig)


def goal_reason(row, lang: str) -> str:
    """Why a goal has the status it has, in the report's language.

    ``reason_zh``/``reason_en``: the causes in the reader's words, both rendered from the same
    reason codes (:func:`xtforecast.i18n.reason_text`). A row without them (a summary from an
    older run) falls back to ``reason``, the analyst's English account.
    """
    def _s(v):
        return v if isinstance(v, str) else ""
    return _s(row.get(f"reason_{lang}")) or _s(row.get("reason"))


def _history(rep: Report, key) -> pd.DataFrame | None:
    """The observed points of a goal without paths, as the run knew them (its ``as_of`` and
    vintage: :meth:`~xtforecast.scenarios.ScenarioResult.history`); None without any."""
    h = rep.result.history(*key)
    return h[pd.to_numeric(h["value"], errors="coerce").notna()] if not h.empty else None


def show_goal_charts(rep: Report) -> None:
    """Display every goal's fan chart, in the plan's order.

    Under the chart of a goal with no call (``insufficient_data``), its reason: the picture
    shows data, and the reader should not have to open summary.csv to learn why no verdict.
    """
    rows = rep.summary.set_index("target_id")
    for gid, fig in goal_figures(rep):
        if isinstance(fig, str):
            _display(_md(fig))
            continue
        _display(fig)
        row = rows.loc[gid]
        reason = goal_reason(row, rep.lang)
        if row.get("status") == "insufficient_data" and reason:
            _display(_md(t("report.no_call", rep.lang).format(reason=md_escape(reason))))


def show_p_attain(rep: Report):
    """The P(attain) bars across goals (:func:`xtforecast.plotting.p_attain_bars`)."""
    import matplotlib.pyplot as plt

    n = len(rep.summary)
    fig, ax = plt.subplots(figsize=(7.5, max(2.2, 0.5 * n + 1.4)), layout="constrained")
    p_attain_bars(rep.summary, lang=rep.lang, ax=ax)
    # The status legend goes under the figure at a fixed distance, however many goals there are
    # (placed in axes coordinates it drifts far below a tall chart).
    leg = ax.get_legend()
    if leg is not None:
        handles, texts = leg.legend_handles, [w.get_text() for w in leg.get_texts()]
        leg.remove()
        fig.legend(handles, texts, loc="outside lower center", ncol=min(len(texts), 3),
                   fontsize=8, frameon=False)
    ax.set_title(t("report.p_title", rep.lang))
    _display(fig)
    plt.close(fig)


def method_table(rep: Report):
    """Each goal's status under every published method, side by side (a reader's table)."""
    return ReaderTable(_table(rep.summary, rep.lang), {t("col.goal", rep.lang): "text"})



def methods_appendix(lang: str):
    """The methods appendix in ``lang`` (``report.methods_appendix``): Markdown with its
    formulas drawn as embedded SVG.

    The formulas are rendered here, at build time (:func:`~xtforecast.report.mathsvg.
    formulas_to_svg`), not by MathJax in the reader's browser: MathJax comes from a CDN, and
    offline or on an intranet the reader would see raw TeX.
    """
    return _md(formulas_to_svg(t("report.methods_appendix", lang)))


def versions() -> dict:
    """The versions of Python and of the packages a report depends on (None: not installed)."""
    out = {"python": platform.python_version()}
    for dist in ("xtforecast", "numpy", "pandas", "scipy", "statsmodels", "matplotlib",
                 "papermill", "nbconvert", "nbformat", "ipykernel"):
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            out[dist] = None
    return out


def provenance(rep: Report) -> dict:
    """Parameters (``data_dir`` and ``projector`` among them), the engine's provenance
    (hashes, seed, n_sims, as_of), the files read and package versions."""
    return {"parameters": dict(rep.params), "provenance": dict(rep.result.provenance),
            "label_zh": rep.result.scenario.label_zh, "label_en": rep.result.scenario.label_en,
            "versions": versions(), "executable": sys.executable,
            "data_dir": rep.params.get("data_dir") or "", "projector": describe(rep.params.get("projector"))}


#: Summary columns after the contract's that the export keeps (and every ``status_<method>``).
_EXPORTED = ("label_zh", "label_en", "reason", "reason_zh", "reason_en", "reason_codes")


def summary_frame(rep: Report) -> pd.DataFrame:
    """The exported summary: the contract columns first, then the vintage (``as_of``,
    ``data_end``, ``vintage`` = real_time|authors|hindsight), labels and method statuses."""
    s = rep.summary
    extra = [c for c in s.columns if c not in SUMMARY_COLUMNS
             and (c in _EXPORTED or c.startswith("status_"))]
    out = s[[c for c in SUMMARY_COLUMNS if c in s.columns]].copy()
    prov = rep.result.provenance
    out = out.assign(**vantage_columns(prov))
    # the release read (latest | first_release) and, per goal, what cut the data at as_of
    out["data_vintage"] = prov.get("vintage", "latest")
    if "cut_rule" in s.columns:
        out["cut_rule"] = s["cut_rule"]
    return pd.concat([out, s[extra]], axis=1)


def save_outputs(rep: Report) -> list[str]:
    """Write ``summary.csv``, ``projections.csv`` and ``provenance.json`` into ``out_dir``
    (atomically).

    Returns the file names written; nothing is written when ``out_dir`` is empty (a notebook
    run by hand or by nbval).
    """
    out_dir = rep.params.get("out_dir") or ""
    if not out_dir:
        return []
    d = Path(out_dir)
    write_csv(d / SUMMARY_FILE, summary_frame(rep))
    write_csv(d / PROJECTIONS_FILE, projections_frame(rep))
    write_json(d / PROVENANCE_FILE, provenance(rep))
    return [SUMMARY_FILE, PROJECTIONS_FILE, PROVENANCE_FILE]


def projections_frame(rep: Report) -> pd.DataFrame:
    """``projections.csv``: every projected series' quantiles per year
    (:data:`~xtforecast._schema.EXPORT_QUANTILES`, the edges of the fan chart's bands), long
    form (:data:`~xtforecast._schema.QUANTILE_COLUMNS`), with the run's ``as_of`` and vintage
    code as in ``summary.csv``, so that rows of runs at different vintages are not mixed up."""
    vantage = vantage_columns(rep.result.provenance)
    return rep.result.quantiles(EXPORT_QUANTILES).assign(as_of=vantage["as_of"],
                                                          vintage=vantage["vintage"])


#: What the templates call (the comparison's cells come from :mod:`~xtforecast.report.compare`).
__all__ = [
    "setup", "params_text", "setup_compare", "Report", "run_report", "section", "overview",
    "status_counts", "status_frame", "status_table", "status_text", "goal_figures", "goal_reason",
    "show_goal_charts", "show_p_attain", "method_table", "methods_appendix", "versions",
    "provenance", "summary_frame", "projections_frame", "save_outputs", "md_escape", "SUMMARY_FILE",
    "PROJECTIONS_FILE", "PROVENANCE_FILE", "load_run", "run_notes", "run_text", "show_heatmap", "projected_ranges",
    "projected_ranges_table", "show_ranges",
]
