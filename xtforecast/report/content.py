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
    :func:`projected_ranges` / :func:`show_ranges`.

Every reader-facing word comes in Chinese and English (``lang``), from :mod:`xtforecast.i18n`
for shared vocabulary and from :data:`TEXT` for the report's own sentences.
"""

from __future__ import annotations

import functools
import html
import json
import math
import os
import platform
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .._schema import STATUSES, SUMMARY_COLUMNS
from .params import COMPARE_PARAMETERS, REPORT_PARAMETERS, notebook_parameters

#: Files the report notebook writes into ``out_dir`` (and the runner reads back).
SUMMARY_FILE = "summary.csv"
PROVENANCE_FILE = "provenance.json"
#: Environment variable the compare notebook reads when ``run_dir`` is empty (CI sets it).
RUN_DIR_ENV = "XTFORECAST_RUN_DIR"
#: Environment variable naming a stand-in for the growth models, ``module:function`` or
#: ``path/to/file.py:function`` with the signature of
#: :func:`xtforecast.projection.project_series`. The report tests and nbval set it to a
#: synthetic projector, so their goldens check the report pipeline, not the models (which have
#: goldens of their own). Recorded in ``provenance.json``; never set it for real reports.
PROJECTOR_ENV = "XTFORECAST_PROJECTOR"

#: The report's own sentences (shared vocabulary lives in :mod:`xtforecast.i18n`).
TEXT = {
    "title": {"zh": "情景报告：{label}", "en": "Scenario report: {label}"},
    "compare_title": {"zh": "情景对比", "en": "Comparing the scenarios"},
    "sweep_title": {"zh": "情景扫描：需要付出多大努力", "en": "Scenario sweep: what it would take"},
    "overview": {
        "zh": ("本报告评估**{plan}**的 {n} 项目标在“{label}”情景下能否如期实现。"
               "数据截至 {as_of} 年（{vintage}）；每个指标模拟 {n_sims} 条未来路径（随机种子 {seed}）。\n\n"
               "{description}\n\n**总体判断**：{counts}。"),
        "en": ("This report asks whether the {n} goals of **{plan}** will be met under the "
               "scenario “{label}”. Data up to {as_of} ({vintage}); {n_sims} simulated future "
               "paths per indicator (seed {seed}).\n\n{description}\n\n**Headline:** {counts}."),
    },
    "count": {"zh": "{status} {k} 项", "en": "{status}: {k}"},
    "sep": {"zh": "，", "en": "; "},
    "no_goals": {"zh": "没有可评估的目标", "en": "no goals to assess"},
    "p_title": {"zh": "各目标达标概率", "en": "P(attain) by goal"},
    "heatmap_title": {"zh": "各情景下的达标概率", "en": "P(attain) by goal and scenario"},
    "ranges_title": {"zh": "各情景下目标年份的预测区间（P10–P90，点为中位数）",
                     "en": "Projected value in the target year by scenario (P10–P90, dot = median)"},
    "failed": {"zh": "以下情景运行失败，未纳入比较：{names}",
               "en": "These scenarios failed and are left out: {names}"},
    "no_chart": {"zh": "**{goal}**：{reason}", "en": "**{goal}**: {reason}"},
    "no_call": {"zh": "*数据不足，不作判断：{reason}*", "en": "*Insufficient data, no call: {reason}*"},
    "no_data": {"zh": "截至数据年份没有观测值，也没有预测路径，无法绘图",
                "en": "no observation up to the data vintage and no projected paths; nothing to draw"},
    # section headings of the templates
    "sec.status": {"zh": "各目标状态", "en": "Status of every goal"},
    "sec.goals": {"zh": "分目标：历史、目标与预测扇形图",
                  "en": "Goal by goal: history, target and fan chart"},
    "sec.goals_note": {"zh": "黑点为观测值，空心三角为“以上/以内”界限值；蓝色扇形为模拟路径的 50%/80%/95% 区间，"
                             "实线为中位数；红星为目标，虚线为从最新观测到目标的直线路径。",
                       "en": "Dots are observations, open triangles bounds (\"more than\"); the blue fan shows "
                             "the 50/80/95 % intervals of the simulated paths around their median; the red "
                             "star is the goal and the dashed line the straight path to it."},
    "sec.p_attain": {"zh": "达标概率", "en": "Probability of attainment"},
    "sec.methods": {"zh": "不同评估方法的判断对比", "en": "Status under each published method"},
    "sec.heatmap": {"zh": "各情景达标概率对比", "en": "P(attain) across scenarios"},
    "sec.ranges": {"zh": "目标年份预测值区间", "en": "Projected values in the target year"},
}


def text(key: str, lang: str, **kw) -> str:
    """A sentence of :data:`TEXT` in ``lang``, formatted with ``kw``."""
    s = TEXT[key][lang]
    return s.format(**kw) if kw else s


def _md(s: str):
    from IPython.display import Markdown
    return Markdown(s)


#: Characters that start Markdown syntax inside a line: emphasis, code, links (``[``; a
#: parenthesis alone links nothing), tables, strike-through, math. HTML is escaped apart.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~$])")


def md_escape(value) -> str:
    r"""``value`` as literal text inside Markdown: HTML tags and Markdown syntax shown, not run.

    Every user string (a scenario's labels and description, a plan's title and goal words, a
    reason) passes through here before it joins a Markdown cell: nbconvert copies raw HTML
    in Markdown into ``report.html`` unchanged, so ``<script>`` in a label would run in the
    reader's browser, and ``[x](javascript:...)`` would be a live link.

    Examples
    --------
    >>> print(md_escape("<img src=x onerror=alert(1)> *R&D* [a](javascript:b)"))
    &lt;img src=x onerror=alert(1)&gt; \*R&amp;D\* \[a\](javascript:b)
    """
    return _MD_SPECIAL.sub(r"\\\1", html.escape(str(value), quote=False))


def _display(obj) -> None:
    from matplotlib.figure import Figure
    if isinstance(obj, Figure):
        # As a PNG, not display(fig): that shows a picture only under the inline backend.
        from ..plotting import show_figure
        show_figure(obj, close=False)
        return
    from IPython.display import display
    display(obj)


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
    from ..fonts import use_cjk_font
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
    """Everything a report cell needs: the parameters, the scenario result and the plan."""

    params: dict
    result: object  # xtforecast.scenarios.ScenarioResult
    plan: object  # xtforecast.targets.Plan
    catalog: object
    extra: dict = field(default_factory=dict)

    @property
    def lang(self) -> str:
        return self.params["lang"]

    @property
    def summary(self) -> pd.DataFrame:
        return self.result.summary

    @property
    def projections(self) -> dict:
        # ScenarioResult calls them ``paths``; accept ``projections`` too.
        return getattr(self.result, "projections", None) or self.result.paths

    @property
    def label(self) -> str:
        return self.result.scenario.label(self.lang) or self.result.scenario.name


def projector_from_env():
    """The projector named by :data:`PROJECTOR_ENV`, or None (the growth models)."""
    import importlib
    import importlib.util
    spec = os.environ.get(PROJECTOR_ENV, "").strip()
    if not spec:
        return None
    where, _, name = spec.rpartition(":")
    if not where or not name:
        raise ValueError(f"{PROJECTOR_ENV}={spec!r}: expected module:function or file.py:function")
    if where.endswith(".py"):
        ms = importlib.util.spec_from_file_location(Path(where).stem, where)
        mod = importlib.util.module_from_spec(ms)
        ms.loader.exec_module(mod)
    else:
        mod = importlib.import_module(where)
    return getattr(mod, name)


def run_report(params: dict) -> Report:
    """Run the scenario of the validated parameters (``scenarios.run``) and load its plan."""
    from ..catalog import load_catalog
    from ..scenarios import load_scenario, run
    from ..targets import load_plan

    catalog = load_catalog()
    spec = load_scenario(params["scenario"], catalog)
    result = run(spec, as_of=params["as_of"], n_sims=params["n_sims"], seed=params["seed"],
                 catalog=catalog, projector=projector_from_env())
    plan = load_plan(result.provenance.get("plan") or spec.plan, catalog)
    return Report(params, result, plan, catalog)


def section(key: str, lang_or_rep, note: bool = True) -> None:
    """Display a section heading (``sec.<key>`` of :data:`TEXT`) in the report's language."""
    lang = lang_or_rep if isinstance(lang_or_rep, str) else lang_or_rep.lang
    body = f"### {text('sec.' + key, lang)}"
    if note and f"sec.{key}_note" in TEXT:
        body += "\n\n" + text(f"sec.{key}_note", lang)
    _display(_md(body))


def _plan_title(plan, lang: str) -> str:
    return (plan.title_zh if lang == "zh" else plan.title_en) or plan.title_zh or plan.id


def status_counts(summary: pd.DataFrame, lang: str) -> str:
    """``按计划推进 2 项，需要加速 1 项`` in the order of :data:`STATUSES`."""
    from ..i18n import status_label
    st = summary["status"].fillna("insufficient_data").replace("", "insufficient_data")
    counts = st.value_counts()
    parts = [text("count", lang, status=status_label(s, lang), k=int(counts[s]))
             for s in STATUSES if s in counts.index]
    return TEXT["sep"][lang].join(parts) or text("no_goals", lang)


def overview(rep: Report):
    """A short overview in the report's language (Markdown), with the data vintage."""
    from .vintage import vintage_sentence
    spec, prov = rep.result.scenario, rep.result.provenance
    lang = rep.lang
    desc = md_escape(spec.description(lang))
    label = md_escape(rep.label)
    body = text("overview", lang, plan=md_escape(_plan_title(rep.plan, lang)), n=len(rep.summary),
                label=label, as_of=prov.get("as_of", ""), n_sims=prov.get("n_sims", ""),
                seed=prov.get("seed", ""), description=desc,
                vintage=vintage_sentence(prov.get("as_of"), prov.get("data_end"), lang,
                                         prov.get("vintage"), prov.get("series_rules")),
                counts=status_counts(rep.summary, lang))
    return _md(f"## {text('title', lang, label=label)}\n\n{body}")


def _fmt_num(v) -> str:
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return ""
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    if isinstance(v, (float, np.floating)):
        v = float(v)
        if v == int(v) and abs(v) < 1e15:
            return str(int(v))
        return f"{v:.4g}"
    return str(v)


def _year_text(v) -> str:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return ""
    return str(int(f)) if math.isfinite(f) else ""


def _indicator(rep: Report, indicator):
    return rep.catalog.indicators.get(indicator) if rep.catalog is not None else None


def status_frame(rep: Report) -> pd.DataFrame:
    """The status table of all goals as text for readers, one row per goal.

    The goal in words (``不低于 3.5万人``, ``位次前移 1 位``, ``达到B类``), its unit, the latest
    value and the projection in the reader's number format (:mod:`~xtforecast.report.tables`),
    P(attain) and required growth as percentages, status and evidence in words
    (:func:`xtforecast.plotting.status_table`).
    """
    from ..i18n import column_label as col
    from ..i18n import t, unit_label
    from ..plotting import status_table as _words
    from .tables import format_percent, goal_words, value_words
    lang = rep.lang
    s = rep.summary.reset_index(drop=True)
    words = _words(s, lang, rep.catalog)
    rows = []
    for i, r in s.iterrows():
        ind = _indicator(rep, r.get("indicator"))
        unit, levels = (ind.unit, ind.levels) if ind is not None else (None, ())
        tt = r.get("target_type")

        def vw(v, tt=tt, levels=levels):
            return value_words(v, tt, lang, levels)

        lo, hi = vw(r.get("projected_p10")), vw(r.get("projected_p90"))
        rows.append({
            col("goal", lang): words[col("goal", lang)][i],
            col("target_year", lang): _year_text(r.get("target_year")),
            t("table.goal_value", lang): goal_words(tt, r.get("comparator"), r.get("target_value"),
                                                    unit, lang),
            col("unit", lang): "" if tt in ("rank", "class") or not unit else unit_label(unit, lang),
            col("latest_year", lang): _year_text(r.get("latest_year")),
            col("latest_value", lang): vw(r.get("latest_value")),
            col("projected_median", lang): vw(r.get("projected_median")),
            t("table.range", lang): f"{lo} – {hi}" if lo and hi else "",
            col("p_attain", lang): format_percent(r.get("p_attain")),
            col("status", lang): words[col("status", lang)][i] if col("status", lang) in words else "",
            col("required_cagr", lang): format_percent(r.get("required_cagr")),
            col("evidence", lang): words[col("evidence", lang)][i]
            if col("evidence", lang) in words else "",
        })
    return pd.DataFrame(rows)


def status_table(rep: Report):
    """The status table of all goals (:func:`status_frame`) as a reader's HTML table."""
    from ..i18n import column_label as col
    from ..i18n import t
    from .tables import ReaderTable
    lang = rep.lang
    num = [col(c, lang) for c in ("target_year", "latest_year", "latest_value",
                                  "projected_median", "p_attain", "required_cagr")]
    kinds = {**dict.fromkeys(num, "num"), t("table.range", lang): "num",
             t("table.goal_value", lang): "nowrap", col("goal", lang): "text"}
    frame = status_frame(rep)
    # what it would take, after the status it would change (xtforecast what-it-takes)
    from .sweep_page import takes_column
    head, cells = takes_column(rep)
    frame.insert(frame.columns.get_loc(col("status", lang)) + 1, head, cells)
    return ReaderTable(frame, {**kinds, head: "nowrap"})


def status_text(rep: Report) -> str:
    """The key numbers of every goal as plain text: a stable output for nbval to compare."""
    cols = ["target_id", "status", "p_attain", "projected_median", "projected_p10",
            "projected_p90", "required_cagr", "evidence"]
    s = rep.summary[[c for c in cols if c in rep.summary.columns]].copy()
    for c in ("p_attain", "projected_median", "projected_p10", "projected_p90", "required_cagr"):
        if c in s.columns:
            s[c] = [_fmt_num(round(float(v), 4)) if pd.notna(v) else "" for v in s[c]]
    return s.to_string(index=False)


def goal_figures(rep: Report):
    """One fan chart per goal (history, target marker, fan of the scenario's paths).

    Yields
    ------
    (target_id, matplotlib.figure.Figure or str)
        A figure, or — for a goal with neither observations up to ``as_of`` nor paths — the
        sentence saying so (a chart with a lone star teaches nothing).
    """
    import matplotlib.pyplot as plt

    from ..plotting import fan_chart, goal_labels

    targets = {t.id: t for t in rep.plan.targets}
    labels = goal_labels(rep.summary, rep.lang).tolist()
    for i, (_, row) in enumerate(rep.summary.iterrows()):
        tgt = targets.get(row["target_id"])
        key = (row["indicator"], row["region"])
        proj = rep.projections.get(key)
        history = proj.history if proj is not None else _history(rep, key)
        years = proj.years if proj is not None else []
        paths = proj.paths if proj is not None else None
        no_history = history is None or len(history) == 0
        if no_history and (paths is None or np.size(paths) == 0):
            reason = goal_reason(row, rep.lang)
            yield row["target_id"], text("no_chart", rep.lang, goal=md_escape(labels[i]),
                                         reason=text("no_data", rep.lang)
                                         + (f" — {md_escape(reason)}" if reason else ""))
            continue
        ind = rep.catalog.indicators.get(row["indicator"])
        unit = ind.unit if ind is not None else None
        levels = ind.levels if ind is not None and getattr(ind, "kind", "") == "class" else None
        fig, ax = plt.subplots(figsize=(7.0, 4.0), layout="constrained")
        fan_chart(history, years, paths, target=tgt, unit=unit, lang=rep.lang, ax=ax,
                  class_levels=levels or None)
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
    from ..observations import load_observations, select_series
    obs = rep.extra.get("obs")
    if obs is None:
        obs = rep.extra["obs"] = load_observations(catalog=rep.catalog)
    prov = rep.result.provenance
    h = select_series(obs, key[0], key[1], prov.get("as_of"), prov.get("vintage", "latest"))
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
            _display(_md(text("no_call", rep.lang, reason=md_escape(reason))))


def show_p_attain(rep: Report):
    """The P(attain) bars across goals (:func:`xtforecast.plotting.p_attain_bars`)."""
    import matplotlib.pyplot as plt

    from ..plotting import p_attain_bars
    n = len(rep.summary)
    fig, ax = plt.subplots(figsize=(7.5, max(2.2, 0.5 * n + 1.4)), layout="constrained")
    p_attain_bars(rep.summary, lang=rep.lang, ax=ax)
    # The status legend goes under the figure at a fixed distance, however many goals there are
    # (placed in axes coordinates it drifts far below a tall chart).
    leg = ax.get_legend()
    if leg is not None:
        handles, texts = leg.legend_handles, [t.get_text() for t in leg.get_texts()]
        leg.remove()
        fig.legend(handles, texts, loc="outside lower center", ncol=min(len(texts), 3),
                   fontsize=8, frameon=False)
    ax.set_title(text("p_title", rep.lang))
    _display(fig)
    plt.close(fig)


def method_table(rep: Report):
    """Each goal's status under every published method, side by side (a reader's table)."""
    from ..i18n import t
    from ..plotting import method_table as _table
    from .tables import ReaderTable
    return ReaderTable(_table(rep.summary, rep.lang), {t("col.goal", rep.lang): "text"})


#: The methods appendix, per language: the formulas used (see docs/target_methods.md).
METHODS_APPENDIX = {
    "zh": r"""## 附录：方法与公式

记 $x_0$ 为基期（$t_0$）数值，$x_t$ 为最新观测（$t$），$x^*$ 为目标值，$T$ 为目标年份；
$d=+1$ 表示指标越高越好，$d=-1$ 表示越低越好。

**达标概率** 每个指标按其增长模型模拟 $N$ 条未来路径 $x^{(i)}$（经回测校准的区间），情景操作作用于这些路径；
P(达标) $= \frac{1}{N}\sum_{i=1}^{N} \mathbf{1}[\,m(x^{(i)}) \odot x^*]$，$\odot$ 为目标的比较符（不低于、不高于……），
其中 $m$ 按目标类型取值：总量与占比取 $x(T)$；净增量取 $x(T)-x(T-1)$（或窗口内增量）；累计量取 $\sum_{s=t_0}^{T} x(s)$；增速取 $x(T)/x(T-1)-1$。

**总体判断** 已由观测确认达标为“已实现”；$P\geq 0.8$ 为“按计划推进”；$0.5\leq P<0.8$ 为“需要加速”（若最新变化方向与目标相反则为“倒退”）；$P<0.5$ 为“偏离轨道”；无法计算时为“数据不足”，并给出原因。

**所需年均增速** $\mathrm{CAGR}_r=(x^*/x_0)^{1/(T-t_0)}-1$；自最新年份 $(x^*/x_t)^{1/(T-t)}-1$；实际增速 $\mathrm{CAGR}_a=(x_t/x_0)^{1/(t-t_0)}-1$。

**并列的评估方法**
- UNSD 2022（增速比）：$CR=\mathrm{CAGR}_a/\mathrm{CAGR}_r$；$\geq 0.95$ 实质进展，$[0.5,0.95)$ 有进展但需加快，$[-0.1,0.5)$ 进展有限，$<-0.1$ 倒退。
- UNSD 2023+（水平外推）：$x^e_T=x_t(1+\mathrm{CAGR}_a)^{T-t}$，$P=(x^e_T-x_0)/(x^*-x_0)$；$\geq 0.95$ 按计划，$[0.10,0.95)$ 需加速，$<0.10$ 停滞或倒退。
- Eurostat / 加拿大统计局：$R=\mathrm{CAGR}_a/\mathrm{CAGR}_r$，阈值 95%、60%、0。
- ESCAP（预期进展）：加权（近年权重更高）线性回归外推 $\hat x_T$，差距 $G=d\,(x^*-\hat x_T)/|x^*-x_0|$；$G\leq 0$ 保持，$0<G<1$ 加速，$G\geq 1$ 扭转趋势。
- 时间过半、任务过半：实现程度 $A=(x_t-x_0)/(x^*-x_0)$ 与时间进度 $\tau=(t-t_0)/(T-t_0)$ 比较；$A\geq\tau$ 进度达标，$0\leq A<\tau$ 进度滞后，$A<0$ 倒退。

**证据等级** 依据观测点数、是否为确切数值（而非“以上”等界限）、最新数据距今年数给出：充分、一般、薄弱、无数据。
""",
    "en": r"""## Appendix: methods and formulas

$x_0$ is the value in the base year $t_0$, $x_t$ the latest observation (year $t$), $x^*$ the
goal and $T$ the target year; $d=+1$ when higher is better, $d=-1$ when lower is better.

**P(attain)** Each indicator's growth model draws $N$ future paths $x^{(i)}$ (intervals calibrated
on back-tests); the scenario's operations act on these paths, and
P(attain) $= \frac{1}{N}\sum_{i=1}^{N} \mathbf{1}[\,m(x^{(i)}) \odot x^*]$, $\odot$ being the
goal's comparison (at least, at most, ...), where $m$ depends on the goal type: $x(T)$ for levels and shares; $x(T)-x(T-1)$ (or the increase
over a window) for net increases; $\sum_{s=t_0}^{T} x(s)$ for cumulative goals; $x(T)/x(T-1)-1$
for growth goals.

**Headline status** *Achieved* when the observations already settle the goal; *on track* when
$P\geq 0.8$; *acceleration needed* when $0.5\leq P<0.8$ (*regressing* if the latest change moves
away from the goal); *off track* when $P<0.5$; *insufficient data* when nothing can answer, with
the reason.

**Required growth** $\mathrm{CAGR}_r=(x^*/x_0)^{1/(T-t_0)}-1$; from the latest year
$(x^*/x_t)^{1/(T-t)}-1$; actual growth $\mathrm{CAGR}_a=(x_t/x_0)^{1/(t-t_0)}-1$.

**Methods side by side**
- UNSD 2022 (growth ratio): $CR=\mathrm{CAGR}_a/\mathrm{CAGR}_r$; $\geq 0.95$ substantial, $[0.5,0.95)$ fair, $[-0.1,0.5)$ limited, $<-0.1$ deterioration.
- UNSD 2023+ (level extrapolation): $x^e_T=x_t(1+\mathrm{CAGR}_a)^{T-t}$, $P=(x^e_T-x_0)/(x^*-x_0)$; $\geq 0.95$ on track, $[0.10,0.95)$ acceleration needed, $<0.10$ stagnation or regression.
- Eurostat / Statistics Canada: $R=\mathrm{CAGR}_a/\mathrm{CAGR}_r$ with thresholds 95 %, 60 % and 0.
- ESCAP (anticipated progress): a time-weighted linear regression (recent years weigh more) gives $\hat x_T$; gap $G=d\,(x^*-\hat x_T)/|x^*-x_0|$; $G\leq 0$ maintain, $0<G<1$ accelerate, $G\geq 1$ reverse the trend.
- Half the time, half the task (the Chinese mid-term review rule): degree of achievement $A=(x_t-x_0)/(x^*-x_0)$ against time elapsed $\tau=(t-t_0)/(T-t_0)$; $A\geq\tau$ on schedule, $0\leq A<\tau$ behind, $A<0$ regressing.

**Evidence grade** From the number of observations, whether they are exact figures (not bounds
such as "more than"), and how recent the latest one is: strong, moderate, weak, none.
""",
}


def methods_appendix(lang: str):
    """The methods appendix in ``lang``: Markdown with its formulas drawn as embedded SVG.

    The formulas are rendered here, at build time (:func:`~xtforecast.report.mathsvg.
    formulas_to_svg`), not by MathJax in the reader's browser: MathJax comes from a CDN, and
    offline or on an intranet the reader would see raw TeX.
    """
    from .mathsvg import formulas_to_svg
    return _md(formulas_to_svg(METHODS_APPENDIX[lang]))


def _versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version
    out = {"python": platform.python_version()}
    for dist in ("xtforecast", "numpy", "pandas", "scipy", "statsmodels", "matplotlib",
                 "papermill", "nbconvert", "nbformat", "ipykernel"):
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            out[dist] = None
    return out


def provenance(rep: Report) -> dict:
    """Parameters, the engine's provenance (hashes, seed, n_sims, as_of) and package versions."""
    return {"parameters": dict(rep.params), "provenance": dict(rep.result.provenance),
            "label_zh": rep.result.scenario.label_zh, "label_en": rep.result.scenario.label_en,
            "versions": _versions(), "executable": sys.executable,
            "projector": os.environ.get(PROJECTOR_ENV) or "growth models"}


def summary_frame(rep: Report) -> pd.DataFrame:
    """The exported summary: the contract columns first, then the vintage (``as_of``,
    ``data_end``, ``vintage`` = real_time|hindsight), labels and method statuses."""
    from .vintage import vintage_code
    s = rep.summary
    extra = [c for c in s.columns if c not in SUMMARY_COLUMNS
             and (c in ("label_zh", "label_en", "reason", "reason_zh", "reason_en", "reason_codes") or c.startswith("status_"))]
    out = s[[c for c in SUMMARY_COLUMNS if c in s.columns]].copy()
    prov = rep.result.provenance
    out["as_of"] = prov.get("as_of")
    out["data_end"] = prov.get("data_end")
    out["vintage"] = vintage_code(prov.get("as_of"), prov.get("data_end"))
    # the release read (latest | first_release) and, per goal, what cut the data at as_of
    out["data_vintage"] = prov.get("vintage", "latest")
    if "cut_rule" in s.columns:
        out["cut_rule"] = s["cut_rule"]
    return pd.concat([out, s[extra]], axis=1)


def save_outputs(rep: Report) -> list[str]:
    """Write ``summary.csv`` and ``provenance.json`` into ``out_dir`` (atomically).

    Returns the file names written; nothing is written when ``out_dir`` is empty (a notebook
    run by hand or by nbval).
    """
    from .atomic import write_csv, write_json
    out_dir = rep.params.get("out_dir") or ""
    if not out_dir:
        return []
    d = Path(out_dir)
    write_csv(d / SUMMARY_FILE, summary_frame(rep))
    write_json(d / PROVENANCE_FILE, provenance(rep))
    return [SUMMARY_FILE, PROVENANCE_FILE]


# -- across scenarios -----------------------------------------------------------------------------

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


def resolve_run_dir(run_dir: str) -> Path:
    """``run_dir``, else ``$XTFORECAST_RUN_DIR``, else the newest run under ``reports/``."""
    from .. import config
    if run_dir:
        return Path(run_dir)
    if os.environ.get(RUN_DIR_ENV):
        return Path(os.environ[RUN_DIR_ENV])
    latest = Path(config.REPORTS_DIR) / "latest"
    if latest.exists():
        return latest.resolve()
    runs = sorted(p.parent for p in Path(config.REPORTS_DIR).glob("*/manifest.json"))
    if not runs:
        raise FileNotFoundError(f"no run found under {config.REPORTS_DIR}; run `xtforecast report "
                                "--all` first or set run_dir")
    return runs[-1]


def load_run(params: dict) -> RunTables:
    """Read every ``<run_dir>/<scenario>/summary.csv`` (and ``manifest.json`` when present).

    With ``params["as_of"]`` only the scenarios run at that vintage (one family of the run,
    :func:`~xtforecast.report.vintage.families`): a comparison never mixes vintages. Failed
    scenarios have no vintage and are named on the whole-run page only (and in the index).
    """
    d = resolve_run_dir(params.get("run_dir", ""))
    manifest = {}
    if (d / "manifest.json").is_file():
        manifest = json.loads((d / "manifest.json").read_text(encoding="utf-8"))
    entries = manifest.get("scenarios", {})
    names = list(entries) or sorted(p.parent.name for p in d.glob(f"*/{SUMMARY_FILE}"))
    frames, failed, labels = [], [], {}
    lang = params.get("lang", "zh")
    family = params.get("as_of")
    for name in names:
        e = entries.get(name, {})
        f = d / name / SUMMARY_FILE
        if e.get("status", "ok") != "ok" or not f.is_file():
            if family is None:
                failed.append(name)
            continue
        frame = pd.read_csv(f, keep_default_na=True, dtype={"target_value": str})
        if family is not None and not _at_vintage(frame, family):
            continue
        frames.append(frame)
        labels[name] = e.get(f"label_{lang}") or name
    summary = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=SUMMARY_COLUMNS)
    run = RunTables(d, summary, manifest, failed, labels, as_of=family)
    from . import vintage
    vint = run_vintages(run)
    if vintage.is_mixed(vint):
        # Side by side, a column says its vintage (the note above the tables says why).
        run.labels = {n: vintage.column_label(lab, *vint[n], lang) if n in vint else lab
                      for n, lab in labels.items()}
    run.plain_labels = labels
    return run


def _at_vintage(frame: pd.DataFrame, as_of: int) -> bool:
    """The scenario summary was run at ``as_of`` (its ``as_of`` column)."""
    vals = pd.to_numeric(frame.get("as_of", pd.Series(dtype=float)), errors="coerce").dropna()
    return bool(len(vals)) and int(vals.iloc[0]) == int(as_of)


def compare_title(lang: str, as_of=None, vintage_code: str | None = None) -> str:
    """The comparison page's title, with its family when it compares one
    (``情景对比 · 当年视角：数据截至 2019 年（实时）``)."""
    from .vintage import Family
    head = text("compare_title", lang)
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
    warning that they differ) and the scenarios that failed."""
    from .vintage import vintage_note
    plain = run.plain_labels or run.labels
    parts = [vintage_note(run_vintages(run), plain, lang)]
    if run.failed:
        parts.append(text("failed", lang, names=", ".join(run.failed)))
    body = "\n\n".join(md_escape(p) for p in parts if p)
    vint = run_vintages(run)
    code = next(iter(vint.values()))[1] if run.as_of is not None and vint else None
    # The page's title: the template's own first cell is for people editing it, not readers.
    return _md(f"## {md_escape(compare_title(lang, run.as_of, code))}\n\n{body}")


def run_text(run: RunTables) -> str:
    """Scenario, goal, status and P(attain) of the run as plain text (what nbval compares)."""
    cols = ["scenario", "target_id", "status", "p_attain", "projected_median"]
    s = run.summary[[c for c in cols if c in run.summary.columns]].copy()
    for c in ("p_attain", "projected_median"):
        if c in s.columns:
            s[c] = [_fmt_num(round(float(v), 4)) if pd.notna(v) else "" for v in s[c]]
    head = f"failed: {', '.join(run.failed) or '-'}"
    return head + "\n" + s.to_string(index=False)


def failed_note(run: RunTables, lang: str):
    """A line naming the failed scenarios (empty Markdown when none failed)."""
    return _md(text("failed", lang, names=md_escape(", ".join(run.failed))) if run.failed else "")


def show_heatmap(run: RunTables, lang: str):
    """P(attain) heatmap of goals × scenarios (:func:`xtforecast.plotting.status_heatmap`)."""
    import matplotlib.pyplot as plt

    from ..plotting import goal_labels, status_heatmap
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
    ax.set_title(text("heatmap_title", lang))
    _display(fig)
    plt.close(fig)


def projected_ranges(run: RunTables, lang: str) -> pd.DataFrame:
    """Goals × scenarios: projected median (P10 – P90) in the target year, against the goal,
    numbers and goals in the reader's words (:mod:`~xtforecast.report.tables`)."""
    from ..i18n import column_label, t
    from ..plotting import goal_labels
    from .tables import goal_words, value_words
    catalog = _catalog()
    s = run.summary
    if s.empty:
        return pd.DataFrame()
    s = s.assign(_goal=goal_labels(s, lang).to_numpy())

    def cell(r):
        if pd.isna(r["projected_median"]):
            return ""
        f = functools.partial(value_words, target_type=r.get("target_type"), lang=lang,
                              levels=_levels(r))
        return f"{f(r['projected_median'])}（{f(r['projected_p10'])} – {f(r['projected_p90'])}）" \
            if lang == "zh" else \
            f"{f(r['projected_median'])} ({f(r['projected_p10'])} – {f(r['projected_p90'])})"

    def _levels(r):
        ind = catalog.indicators.get(r.get("indicator")) if catalog is not None else None
        return ind.levels if ind is not None else ()

    def _unit(r):
        ind = catalog.indicators.get(r.get("indicator")) if catalog is not None else None
        return ind.unit if ind is not None else None

    s["_cell"] = [cell(r) for _, r in s.iterrows()]
    goals = list(dict.fromkeys(s["_goal"]))
    wide = s.pivot_table(index="_goal", columns="scenario", values="_cell", aggfunc="first")
    wide = wide.reindex(index=goals, columns=list(dict.fromkeys(s["scenario"])))
    targets = s.drop_duplicates("_goal").set_index("_goal")
    wide.insert(0, t("table.goal_value", lang),
                [goal_words(r.get("target_type"), r.get("comparator"), r.get("target_value"),
                            _unit(r), lang) for _, r in targets.loc[goals].iterrows()])
    wide = wide.rename(columns=lambda c: run.labels.get(c, c)).fillna("")
    wide.index.name = column_label("goal", lang)
    wide.columns.name = None
    return wide


def projected_ranges_table(run: RunTables, lang: str):
    """:func:`projected_ranges` as a reader's table (the goal a column, not an index)."""
    from ..i18n import column_label
    from .tables import ReaderTable
    wide = projected_ranges(run, lang)
    if wide.empty:
        return ReaderTable(wide)
    goal = column_label("goal", lang)
    return ReaderTable(wide.reset_index().rename(columns={wide.index.name: goal}),
                       {goal: "text", wide.columns[0]: "nowrap",
                        **dict.fromkeys(wide.columns[1:], "num")})


def _catalog():
    """The catalog of the data the run used (units and class levels); None without one."""
    from ..catalog import load_catalog
    from ..errors import DataError
    try:
        return load_catalog()
    except (DataError, OSError):
        return None


def show_ranges(run: RunTables, lang: str):
    """Projected P10–P90 ranges (dot = median) per goal, one row per scenario, scaled by goal."""
    import matplotlib.pyplot as plt

    from ..fonts import use_cjk_font
    from ..plotting import goal_labels
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
    for ax, g in zip(axes[:, 0], goals):
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
    fig.suptitle(text("ranges_title", lang), fontsize=11)
    _display(fig)
    plt.close(fig)
