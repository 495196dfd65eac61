"""The words of the report pages: the scenario report, the comparison, the sweep page, the run's
index and the batch index, in Chinese and English (looked up with :func:`xtforecast.i18n.t`).

Templates carry the word order and the punctuation of each language (``"{median}（{lo} – {hi}）"``
against ``"{median} ({lo} – {hi})"``), so the report modules hold no ``lang`` branch. Besides
:data:`VOCABULARY`, :data:`NUMBER_SCALES` says how each language writes large numbers (万 and 亿
in Chinese; none in English, which groups thousands).

=================== ================================================================================
prefix              words of
=================== ================================================================================
``report.``         the scenario report and the comparison (:mod:`xtforecast.report.content`,
                    :mod:`xtforecast.report.compare`): sentences, section headings, the appendix
``sweep_page.``     the sweep page and the report's what-it-takes column
                    (:mod:`xtforecast.report.sweep_page`)
``run_index.``      the run's ``index.html`` (:mod:`xtforecast.report.html`)
``batch_index.``    the batch's ``index.html`` (:mod:`xtforecast.report.batch`)
``table.``          the reader's tables (:mod:`xtforecast.report.tables`): ranks, classes, units
``vintage.``        real-time or hindsight runs, and notes on mixed vintages
                    (:mod:`xtforecast.report.vintage`)
``family.``         the vintage families of a run (scenarios compared only at one ``as_of``)
=================== ================================================================================
"""

from __future__ import annotations

_APPENDIX_ZH = "\n".join((
    r"## 附录：方法与公式",
    r"",
    r"记 $x_0$ 为基期（$t_0$）数值，$x_t$ 为最新观测（$t$），$x^*$ 为目标值，$T$ 为目标年份；",
    r"$d=+1$ 表示指标越高越好，$d=-1$ 表示越低越好。",
    r"",
    r"**达标概率** 每个指标按其增长模型模拟 $N$ 条未来路径 $x^{(i)}$（经回测校准的区间），"
    r"情景操作作用于这些路径；",
    r"P(达标) $= \frac{1}{N}\sum_{i=1}^{N} \mathbf{1}[\,m(x^{(i)}) \odot x^*]$，$\odot$ "
    r"为目标的比较符（不低于、不高于……），",
    r"其中 $m$ 按目标类型取值：总量与占比取 $x(T)$；净增量取 $x(T)-x(T-1)$（或窗口内增量）；累计量取 "
    r"$\sum_{s=t_0}^{T} x(s)$；增速取 $x(T)/x(T-1)-1$。",
    r"",
    r"**总体判断** 已由观测确认达标为“已实现”；$P\geq 0.8$ 为“按计划推进”；$0.5\leq P<0.8$ "
    r"为“需要加速”（若最新变化方向与目标相反则为“倒退”）；$P<0.5$ 为“偏离轨道”；无法计算时为“数据不足”，"
    r"并给出原因。",
    r"",
    r"**所需年均增速** $\mathrm{CAGR}_r=(x^*/x_0)^{1/(T-t_0)}-1$；自最新年份 $(x^*/x_t)^{1/(T-t)}-1$；实际增速 "
    r"$\mathrm{CAGR}_a=(x_t/x_0)^{1/(t-t_0)}-1$。",
    r"",
    r"**并列的评估方法**",
    r"- UNSD 2022（增速比）：$CR=\mathrm{CAGR}_a/\mathrm{CAGR}_r$；$\geq 0.95$ 实质进展，$[0.5,0.95)$ "
    r"有进展但需加快，$[-0.1,0.5)$ 进展有限，$<-0.1$ 倒退。",
    r"- UNSD 2023+（水平外推）：$x^e_T=x_t(1+\mathrm{CAGR}_a)^{T-t}$，$P=(x^e_T-x_0)/(x^*-x_0)$；$\geq 0.95$ "
    r"按计划，$[0.10,0.95)$ 需加速，$<0.10$ 停滞或倒退。",
    r"- Eurostat / 加拿大统计局：$R=\mathrm{CAGR}_a/\mathrm{CAGR}_r$，阈值 95%、60%、0。",
    r"- ESCAP（预期进展）：加权（近年权重更高）线性回归外推 $\hat x_T$，差距 $G=d\,(x^*-\hat x_T)/|x^*-x_0|$；"
    r"$G\leq 0$ 保持，$0<G<1$ 加速，$G\geq 1$ 扭转趋势。",
    r"- 时间过半、任务过半：实现程度 $A=(x_t-x_0)/(x^*-x_0)$ 与时间进度 $\tau=(t-t_0)/(T-t_0)$ 比较；"
    r"$A\geq\tau$ 进度达标，$0\leq A<\tau$ 进度滞后，$A<0$ 倒退。",
    r"",
    r"**证据等级** 依据观测点数、是否为确切数值（而非“以上”等界限）、最新数据距今年数给出：充分、一般、薄弱、"
    r"无数据。",
)) + "\n"

_APPENDIX_EN = "\n".join((
    r"## Appendix: methods and formulas",
    r"",
    r"$x_0$ is the value in the base year $t_0$, $x_t$ the latest observation (year $t$), $x^*$ the",
    r"goal and $T$ the target year; $d=+1$ when higher is better, $d=-1$ when lower is better.",
    r"",
    r"**P(attain)** Each indicator's growth model draws $N$ future paths $x^{(i)}$ (intervals calibrated",
    r"on back-tests); the scenario's operations act on these paths, and",
    r"P(attain) $= \frac{1}{N}\sum_{i=1}^{N} \mathbf{1}[\,m(x^{(i)}) \odot x^*]$, $\odot$ being the",
    r"goal's comparison (at least, at most, ...), where $m$ depends on the goal type: $x(T)$ for levels and "
    r"shares; $x(T)-x(T-1)$ (or the increase",
    r"over a window) for net increases; $\sum_{s=t_0}^{T} x(s)$ for cumulative goals; $x(T)/x(T-1)-1$",
    r"for growth goals.",
    r"",
    r"**Headline status** *Achieved* when the observations already settle the goal; *on track* when",
    r"$P\geq 0.8$; *acceleration needed* when $0.5\leq P<0.8$ (*regressing* if the latest change moves",
    r"away from the goal); *off track* when $P<0.5$; *insufficient data* when nothing can answer, with",
    r"the reason.",
    r"",
    r"**Required growth** $\mathrm{CAGR}_r=(x^*/x_0)^{1/(T-t_0)}-1$; from the latest year",
    r"$(x^*/x_t)^{1/(T-t)}-1$; actual growth $\mathrm{CAGR}_a=(x_t/x_0)^{1/(t-t_0)}-1$.",
    r"",
    r"**Methods side by side**",
    r"- UNSD 2022 (growth ratio): $CR=\mathrm{CAGR}_a/\mathrm{CAGR}_r$; $\geq 0.95$ substantial, $[0.5,0.95)$ "
    r"fair, $[-0.1,0.5)$ limited, $<-0.1$ deterioration.",
    r"- UNSD 2023+ (level extrapolation): $x^e_T=x_t(1+\mathrm{CAGR}_a)^{T-t}$, $P=(x^e_T-x_0)/(x^*-x_0)$; "
    r"$\geq 0.95$ on track, $[0.10,0.95)$ acceleration needed, $<0.10$ stagnation or regression.",
    r"- Eurostat / Statistics Canada: $R=\mathrm{CAGR}_a/\mathrm{CAGR}_r$ with thresholds 95 %, 60 % and 0.",
    r"- ESCAP (anticipated progress): a time-weighted linear regression (recent years weigh more) gives $\hat "
    r"x_T$; gap $G=d\,(x^*-\hat x_T)/|x^*-x_0|$; $G\leq 0$ maintain, $0<G<1$ accelerate, $G\geq 1$ reverse the "
    r"trend.",
    r"- Half the time, half the task (the Chinese mid-term review rule): degree of achievement "
    r"$A=(x_t-x_0)/(x^*-x_0)$ against time elapsed $\tau=(t-t_0)/(T-t_0)$; $A\geq\tau$ on schedule, $0\leq "
    r"A<\tau$ behind, $A<0$ regressing.",
    r"",
    r"**Evidence grade** From the number of observations, whether they are exact figures (not bounds",
    r'such as "more than"), and how recent the latest one is: strong, moderate, weak, none.',
)) + "\n"

#: The scenario report's and the comparison's own sentences. The plan's title is bold in HTML,
#: not Markdown: Markdown's ``**`` does not close after a parenthesis followed by a Chinese
#: character (``**方案(2018-2020年)**的``) nor open before 《, so such a title showed its asterisks.
_REPORT = {
    "title": ("情景报告：{label}", "Scenario report: {label}"),
    "compare_title": ("情景对比", "Comparing the scenarios"),
    "overview": (
        "本报告评估<strong>{plan}</strong>的 {goals}在“{label}”情景下能否如期实现。"
        "数据截至 {as_of} 年（{vintage}）；每个指标模拟 {n_sims} 条未来路径（随机种子 {seed}）。\n\n"
        "{description}\n\n**总体判断**：{counts}。",
        "This report asks whether {goals} of **{plan}** will be met under the "
        "scenario “{label}”. Data up to {as_of} ({vintage}); {n_sims} simulated future "
        "paths per indicator (seed {seed}).\n\n{description}\n\n**Headline:** {counts}."),
    # the overview's count: English has a singular ("the one goal"), Chinese one form
    "goals": ("{n} 项目标", "the {n} goals"),
    "goals.one": ("{n} 项目标", "the one goal"),
    "count": ("{status} {k} 项", "{status}: {k}"),
    "sep": ("，", "; "),
    "no_goals": ("没有可评估的目标", "no goals to assess"),
    "p_title": ("各目标达标概率", "P(attain) by goal"),
    "heatmap_title": ("各情景下的达标概率", "P(attain) by goal and scenario"),
    "ranges_title": ("各情景下目标年份的预测区间（P10–P90，点为中位数）",
                     "Projected value in the target year by scenario (P10–P90, dot = median)"),
    # a cell of the projected-ranges table: the median and its P10 – P90 range
    "range_cell": ("{median}（{lo} – {hi}）", "{median} ({lo} – {hi})"),
    "failed": ("以下情景运行失败，未纳入比较：{names}", "These scenarios failed and are left out: {names}"),
    "no_chart": ("**{goal}**：{reason}", "**{goal}**: {reason}"),
    "no_call": ("*数据不足，不作判断：{reason}*", "*Insufficient data, no call: {reason}*"),
    "no_data": ("截至数据年份没有观测值，也没有预测路径，无法绘图",
                "no observation up to the data vintage and no projected paths; nothing to draw"),
    # section headings of the templates
    "sec.status": ("各目标状态", "Status of every goal"),
    "sec.goals": ("分目标：历史、目标与预测扇形图", "Goal by goal: history, target and fan chart"),
    "sec.goals_note": (
        "黑点为观测值，空心三角为“以上/以内”界限值；黑色实线连接相邻年份的观测，点线跨过其间无数据的年份；"
        "蓝色扇形为模拟路径的 50%/80%/95% 区间，蓝色虚线为中位数；红星为目标，红色虚线为从最新观测到目标的直线路径。",
        "Dots are observations, open triangles bounds (\"more than\", \"at most\"); a solid "
        "black line joins figures of consecutive years, a dotted one spans years without data; "
        "the blue fan shows the 50/80/95 % intervals of the simulated paths and the blue dashed "
        "line their median; the red star is the goal and the red dashed line the straight path "
        "to it."),
    "sec.p_attain": ("达标概率", "Probability of attainment"),
    "sec.methods": ("不同评估方法的判断对比", "Status under each published method"),
    "sec.heatmap": ("各情景达标概率对比", "P(attain) across scenarios"),
    "sec.ranges": ("目标年份预测值区间", "Projected values in the target year"),
    #: the methods appendix: the formulas used (see docs/target_methods.md)
    "methods_appendix": (_APPENDIX_ZH, _APPENDIX_EN),
    # how items of a list and clauses of a sentence are joined; the page's <html lang>
    "list_sep": ("、", ", "),
    "clause_sep": ("；", "; "),
    "html_lang": ("zh-CN", "en"),
}

#: The sweep page (``notebooks/sweep_report.ipynb``) and the what-it-takes column of a report.
_SWEEP_PAGE = {
    "title": ("情景扫描：需要付出多大努力", "Scenario sweep: what it would take"),
    "intro": (
        "对本次运行的每个情景，把{x}与{y}两个旋钮在网格上逐一组合，重新计算每个目标的达标概率；"
        "同一情景的基准路径只模拟一次。下方热力图的格子为达标概率（%），绿框为不低于 {p}% 的组合。"
        "只显示由预测路径判断的目标：已由观测数据判定或数据不足的目标不受旋钮影响。",
        "For every scenario of this run, each combination of the knobs {x} and {y} on a "
        "grid re-judges every goal; each scenario's baseline paths are drawn once. Cells "
        "of the heat maps are P(attain) in %; a green frame marks combinations with at "
        "least {p}%. Only goals judged from projected paths are shown: goals settled by "
        "observations, or with too little data, do not move with the knobs."),
    "takes_intro": (
        "要使达标概率不低于 {p}%，在情景原有增速之上每年还需提高多少个百分点（自第一个预测年起）。"
        "“所需年均增速”是届时中位路径从最新观测到目标年的年均增速，可与该指标近期增速、"
        "同类地区持续同样年数的最快增速对照，判断是否现实。",
        "How many percentage points of yearly growth, on top of the scenario's own and from "
        "the first projected year, would lift P(attain) to at least {p}%. \"Growth needed\" "
        "is the yearly growth of the median path from the latest observation to the target "
        "year at that effort; compare it with the series' recent growth and the fastest "
        "growth a peer region sustained over as many years."),
    "sec.heatmaps": ("## 两个旋钮下的达标概率", "## P(attain) over two knobs"),
    "sec.takes": ("## 需要付出多大努力", "## What it would take"),
    "still": ("以下情景没有随旋钮变化的目标（目标已由观测数据判定、数据不足，或情景固定了该序列）：{names}。",
              "These scenarios have no goal that moves with the knobs (settled by observations, "
              "too little data, or a level the scenario holds): {names}."),
    "none": ("本次运行中没有由预测路径判断的目标。", "No goal of this run is judged from projected paths."),
    "no_scenarios": ("本次运行没有成功的情景，无从扫描。", "No scenario of this run succeeded; nothing to sweep."),
    # a knob named in the intro; a panel's scenario with its vintage; a peer's fastest growth
    "knob": ("“{knob}”", "{knob}"),
    "label_as_of": ("{label}（数据截至{as_of}年）", "{label} (data to {as_of})"),
    "peer": ("{rate}（{region}，{years}年）", "{rate} ({region}, {years})"),
    # outcome words of what-it-takes
    "outcome.already": ("情景本身已达到", "already reached"),
    "outcome.needs": ("需要加力", "needs more"),
    "outcome.out_of_reach": ("在搜索上限内无法达到", "out of reach"),
    "outcome.settled": ("已由观测判定，旋钮无法改变", "settled by observations"),
    "outcome.insufficient_data": ("数据不足", "insufficient data"),
    "outcome.error": ("与情景设定冲突", "conflicts with the scenario"),
    "outcome.task_failed": ("计算失败", "failed"),
    # column headers of the what-it-takes table
    "col.scenario": ("情景", "Scenario"),
    "col.goal": ("目标", "Goal"),
    "col.outcome": ("结论", "Outcome"),
    "col.value": ("需额外提高（百分点/年）", "Extra growth (pp a year)"),
    "col.p_at_value": ("届时达标概率", "P(attain) then"),
    "col.growth_needed": ("所需年均增速", "Growth needed"),
    "col.recent_growth": ("近期增速", "Recent growth"),
    "col.pool_fastest": ("同类地区最快增速", "Fastest peer growth"),
    # the what-it-takes column of the scenario report: its header and its cells
    "takes.column": ("要有{p}%把握需增速再提高", "Extra growth for P ≥ {p}%"),
    "takes.needs": ("+{value} {unit}", "+{value} {unit}"),
    "takes.already": ("无需加力", "none"),
    "takes.out_of_reach": ("超过 {bound} {unit}", "more than {bound} {unit}"),
    "takes.settled": ("已成定局", "settled"),
}

#: The run's ``index.html``.
_RUN_INDEX = {
    "title": ("情景报告索引", "Scenario reports"),
    "reports": ("各情景报告", "Reports"),
    "status_table": ("各目标在各情景下的判断（达标概率）",
                     "Status of every goal under every scenario (P(attain))"),
    "scenario": ("情景", "Scenario"),
    "file": ("情景文件", "Scenario file"),
    "notebook": ("笔记本", "notebook"),
    "not_run": ("未完成的情景", "Scenarios that did not finish"),
    "run_status": ("运行状态", "Run"),
    "report": ("报告", "Report"),
    "seconds": ("耗时（秒）", "Seconds"),
    "error": ("错误", "Error"),
    "ok": ("成功", "ok"),
    "failed": ("失败", "failed"),
    "cancelled": ("已取消", "cancelled"),
    "run": ("运行编号", "Run"),
    "generated": ("生成时间（UTC）", "Generated (UTC)"),
    "goal": ("目标", "Goal"),
    "compare": ("本组情景对比（达标概率热力图与预测区间）",
                "Comparing this family's scenarios (P(attain) heatmap and projected ranges)"),
    "sweep": ("情景扫描（两个旋钮下的达标概率与所需努力）",
              "Scenario sweep (P(attain) over two knobs, and what it would take)"),
    "files": ("数据文件：{items}", "Data files: {items}"),
    "file_item": ("{name}（{what}）", "{name} ({what})"),
    "file_sep": ("；", "; "),
    "file_summary": ("各情景各目标的判断与达标概率", "every scenario's call on every goal, with P(attain)"),
    "file_projections": ("各情景每个预测序列逐年的分位数", "every projected series' quantiles, year by year"),
    "file_manifest": ("参数、数据哈希、版本与耗时", "parameters, data hashes, versions and timings"),
}

#: The batch's ``index.html`` (``xtforecast report --batch``).
_BATCH_INDEX = {
    "title": ("批量运行", "Batch of runs"),
    "note": ("各运行的汇总表合并在 summary.csv，各年预测分位数合并在 projections.csv（run、data_dir "
             "两列注明来源）。",
             "Every run's summary is in summary.csv and its per-year projected quantiles in "
             "projections.csv (columns run and data_dir say where from)."),
    "run": ("运行", "Run"),
    "data_dir": ("数据目录", "Data directory"),
    "ok": ("成功", "ok"),
    "failed": ("失败", "failed"),
}

#: Words of the reader's tables (:mod:`xtforecast.report.tables`): ranks and classes in words.
_TABLE = {
    "class": ("{level}类", "class {level}"),
    "class_goal": ("达到{level}类", "reach class {level}"),
    "rank": ("第 {rank} 位", "rank {rank}"),
    "rank_up": ("位次前移 {n} 位", "up {n} places in rank"),
    "rank_up.one": ("位次前移 {n} 位", "up {n} place in rank"),
    "rank_goal": ("进入前 {rank} 位", "rank {rank} or better"),
    "goal_value": ("目标值", "Goal value"),
    "range": ("预测区间（P10–P90）", "Projected range (P10–P90)"),
    # a unit after a number: none between them in Chinese (3.5万人), a space in English
    "unit_suffix": ("{unit}", " {unit}"),
}

#: The data vintage of a run (:mod:`xtforecast.report.vintage`): real-time when ``as_of``
#: precedes the latest data (what a forecaster saw then), with hindsight when it uses it all.
_VINTAGE = {
    "real_time": ("实时", "real-time"),
    "hindsight": ("事后", "hindsight"),
    "authors": ("规划编制者所知", "as the plan's authors knew it"),
    "authors.long": ("规划编制者视角：用截至 {as_of} 年各年份的数据，包括事后才公布的（编制部门当时已掌握"
                     "本地统计），不含事后的修订；数据实际已到 {data_end} 年",
                     "the plan's authors' view: the figures of every year up to {as_of}, including "
                     "those published later (the authors held their own statistics), without later "
                     "revisions; the data now reach {data_end}"),
    "real_time.long": ("实时视角：只用截至 {as_of} 年的数据，如同当年所见；数据实际已到 {data_end} 年",
                       "real-time: only data up to {as_of}, as seen then; the data now reach "
                       "{data_end}"),
    "hindsight.long": ("事后视角：使用截至 {as_of} 年的全部数据，已知的结果计入判断",
                       "with hindsight: all data up to {as_of}, outcomes already known count"),
    # no space in the Chinese header: it may break only before the parenthesis
    "column": ("{label}（截至{as_of}年·{vintage}）", "{label} (data to {as_of}, {vintage})"),
    "group": ("{names}：截至 {as_of} 年，{vintage}", "{names}: data to {as_of}, {vintage}"),
    "mixed": ("注意：以下情景的数据截止年份不同（{groups}）。实时与事后的判断并列时不能直接比较："
              "事后视角已看到结果。",
              "Note: these scenarios stand at different data vintages ({groups}). Real-time and "
              "hindsight calls side by side are not comparable: hindsight has seen the outcome."),
    "one": ("所有情景数据截至 {as_of} 年（{vintage}）。", "Every scenario uses data up to {as_of} ({vintage})."),
    # which release of each figure (--vintage) and what decided what was known (cut rule)
    "release.latest": ("取最新口径（当时已公布的修订数，其后年份取初次公布数）",
                       "latest releases (revisions published by then, first releases after them)"),
    "release.first_release": ("取各年初次公布数", "every year as first published"),
    "rules": ("{n_pub} 个序列按公布日期截取，{n_year} 个按观测年份截取（来源未注明公布日期）",
              "{n_pub} series cut by publication date, {n_year} by observation year (no "
              "publication date in the source)"),
}


#: A run's scenarios grouped by vintage (:func:`xtforecast.report.vintage.families`): one
#: section of the index and one comparison page each, never two vintages side by side.
_FAMILY = {
    "real_time": ("当年视角：数据截至 {as_of} 年（实时）", "Then: data up to {as_of} (real-time)"),
    "hindsight": ("今天视角：数据截至 {as_of} 年（事后）", "Today: data up to {as_of} (hindsight)"),
    "authors": ("当年视角：数据截至 {as_of} 年（规划编制者所知）",
                "Then: data up to {as_of} (as the plan's authors knew it)"),
    "authors.note": ("这些情景用截至 {as_of} 年各年份的数据，包括事后才公布、但规划编制部门当时已掌握的本地统计"
                     "（不含事后的修订），彼此可以直接比较。",
                     "These scenarios use the figures of every year up to {as_of}, including local "
                     "statistics published later that the plan's authors already held (later "
                     "revisions excluded); they compare like with like."),
    "real_time.note": ("这些情景只用截至 {as_of} 年的数据，如同当年所见，彼此可以直接比较。",
                       "These scenarios use only data up to {as_of}, as seen then; they compare "
                       "like with like."),
    "hindsight.note": ("这些情景使用截至 {as_of} 年的全部数据，已知的结果计入判断；不要与实时情景并列比较。",
                       "These scenarios use all data up to {as_of}, outcomes already known "
                       "included; do not set them beside real-time ones."),
    "single": ("（本组只有一个情景，对比页只列出它本身）", "(one scenario in this family: its page shows it alone)"),
    # said once above the table when every cell of it would say "insufficient data"
    "no_call": ("本组 {n} 个目标在所有情景下都无法判断。", "No goal of this family ({n}) gets a call in "
                "any scenario."),
    "no_call.unpublished": ("其中 {k} 个截至 {as_of} 年还没有已公布的观测值（数据往往在所述年份之后才公布）。",
                            " {k} had no observation published by {as_of} (figures are often "
                            "published years after the year they describe)."),
    "no_call.other": ("其余 {m} 个没有可用的数据序列或无法评估，原因见各报告。",
                      " The other {m} have no usable data series or cannot be evaluated; each "
                      "report says why."),
}

#: How each language writes large numbers (:func:`xtforecast.report.tables.format_number`):
#: ``(scale, word)`` from the largest, used from the scale up; English has none (it groups
#: thousands instead).
NUMBER_SCALES: dict[str, tuple[tuple[float, str], ...]] = {
    "zh": ((1e8, "亿"), (1e4, "万")),
    "en": (),
}

VOCABULARY = {
    "report": _REPORT,
    "sweep_page": _SWEEP_PAGE,
    "run_index": _RUN_INDEX,
    "batch_index": _BATCH_INDEX,
    "table": _TABLE,
    "vintage": _VINTAGE,
    "family": _FAMILY,
}
