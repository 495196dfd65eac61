"""What the sweep report shows (``notebooks/sweep_report.ipynb``): one call per cell.

:func:`setup_sweep` → :func:`load_sweep` (every ok scenario of a run, at the vintage, paths
and seed its report used; one sweep over two knobs and one what-it-takes) →
:func:`show_heatmaps` (P(attain) over the two knobs, one panel per scenario, a figure per goal)
→ :func:`takes_table` (the least extra growth for P(attain) >= p, beside the recent growth and
the pool's fastest) → :func:`sweep_text` (the numbers as text, what nbval compares).

The sweep runs in the report's kernel (``engine="serial"``: the batch already spreads reports
over its workers) with the projector the reports used.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .params import SWEEP_PARAMETERS

#: The page's own sentences.
TEXT = {
    "title": {"zh": "情景扫描：需要付出多大努力", "en": "Scenario sweep: what it would take"},
    "intro": {
        "zh": ("对本次运行的每个情景，把{x}与{y}两个旋钮在网格上逐一组合，重新计算每个目标的达标概率；"
               "同一情景的基准路径只模拟一次。下方热力图的格子为达标概率（%），绿框为不低于 {p}% 的组合。"
               "只显示由预测路径判断的目标：已由观测数据判定或数据不足的目标不受旋钮影响。"),
        "en": ("For every scenario of this run, each combination of the knobs {x} and {y} on a "
               "grid re-judges every goal; each scenario's baseline paths are drawn once. Cells "
               "of the heat maps are P(attain) in %; a green frame marks combinations with at "
               "least {p}%. Only goals judged from projected paths are shown: goals settled by "
               "observations, or with too little data, do not move with the knobs."),
    },
    "takes_intro": {
        "zh": ("要使达标概率不低于 {p}%，在情景原有增速之上每年还需提高多少个百分点（自第一个预测年起）。"
               "“所需年均增速”是届时中位路径从最新观测到目标年的年均增速，可与该指标近期增速、"
               "同类地区持续同样年数的最快增速对照，判断是否现实。"),
        "en": ("How many percentage points of yearly growth, on top of the scenario's own and from "
               "the first projected year, would lift P(attain) to at least {p}%. \"Growth needed\" "
               "is the yearly growth of the median path from the latest observation to the target "
               "year at that effort; compare it with the series' recent growth and the fastest "
               "growth a peer region sustained over as many years."),
    },
    "sec.heatmaps": {"zh": "## 两个旋钮下的达标概率", "en": "## P(attain) over two knobs"},
    "sec.takes": {"zh": "## 需要付出多大努力", "en": "## What it would take"},
    "still": {"zh": "以下情景没有随旋钮变化的目标（目标已由观测数据判定、数据不足，或情景固定了该序列）：{names}。",
              "en": "These scenarios have no goal that moves with the knobs (settled by observations, "
                    "too little data, or a level the scenario holds): {names}."},
    "none": {"zh": "本次运行中没有由预测路径判断的目标。",
             "en": "No goal of this run is judged from projected paths."},
    "no_scenarios": {"zh": "本次运行没有成功的情景，无从扫描。",
                     "en": "No scenario of this run succeeded; nothing to sweep."},
}
#: Outcome words of what-it-takes, (zh, en).
OUTCOME_WORDS = {
    "already": ("情景本身已达到", "already reached"),
    "needs": ("需要加力", "needs more"),
    "out_of_reach": ("在搜索上限内无法达到", "out of reach"),
    "settled": ("已由观测判定，旋钮无法改变", "settled by observations"),
    "insufficient_data": ("数据不足", "insufficient data"),
    "error": ("与情景设定冲突", "conflicts with the scenario"),
    "task_failed": ("计算失败", "failed"),
}
#: Column headers of the what-it-takes table, (zh, en).
TAKES_HEADERS = {
    "scenario": ("情景", "Scenario"),
    "goal": ("目标", "Goal"),
    "outcome": ("结论", "Outcome"),
    "value": ("需额外提高（百分点/年）", "Extra growth (pp a year)"),
    "p_at_value": ("届时达标概率", "P(attain) then"),
    "growth_needed": ("所需年均增速", "Growth needed"),
    "recent_growth": ("近期增速", "Recent growth"),
    "pool_fastest": ("同类地区最快增速", "Fastest peer growth"),
}


def text(key: str, lang: str, **kw) -> str:
    """A sentence of the page in ``lang``."""
    return TEXT[key][lang].format(**kw)


@dataclass
class SweepPage:
    """A run's sweep: the rows, the what-it-takes rows and the words to show them."""

    params: dict
    frame: pd.DataFrame
    takes: pd.DataFrame
    knob_x: str
    knob_y: str
    scenario_labels: dict
    goal_labels: dict
    failures: list = field(default_factory=list)
    regions: dict = field(default_factory=dict)

    @property
    def lang(self) -> str:
        return self.params["lang"]


def setup_sweep(namespace) -> dict:
    """First cell of ``sweep_report.ipynb``: validate the parameters, fonts."""
    from .content import setup
    return setup(namespace, SWEEP_PARAMETERS)


def _jobs(run_dir, manifest: dict) -> tuple[list, dict]:
    from ..sweep import SweepJob
    jobs, labels = [], {}
    for name, e in manifest.get("scenarios", {}).items():
        if e.get("status") != "ok":
            continue
        # a hand-trimmed manifest (the nbval golden run) may lack these: the scenario's own
        r = e.get("resolved") or {}
        jobs.append(SweepJob((e.get("parameters") or {}).get("scenario", name), as_of=r.get("as_of"),
                             n_sims=r.get("n_sims"), seed=r.get("seed"), run=name))
        zh, en = e.get("label_zh") or name, e.get("label_en") or name
        # a run can hold two vintage families: every panel says which it stands on
        if r.get("as_of") is not None:
            zh, en = f"{zh}（数据截至{r['as_of']}年）", f"{en} (data to {r['as_of']})"
        labels[name] = {"zh": zh, "en": en}
    return jobs, labels


def load_sweep(params: dict) -> SweepPage:
    """Sweep every ok scenario of the run over the two knobs; what-it-takes at ``p_percent``."""
    from ..explore import _goal_words
    from ..sweep import parse_knob, sweep, takes
    from ..sweep.core import inputs_for, use_projector
    from .content import projector_from_env, resolve_run_dir
    d = resolve_run_dir(params.get("run_dir", ""))
    manifest = json.loads((d / "manifest.json").read_text(encoding="utf-8"))
    jobs, labels = _jobs(d, manifest)
    kx = parse_knob(f"{params['knob_x']}={params['x_range']}")
    ky = parse_knob(f"{params['knob_y']}={params['y_range']}")
    use_projector(projector_from_env())
    lang = params["lang"]
    empty = pd.DataFrame()
    if not jobs:
        return SweepPage(params, empty, empty, kx.name, ky.name, {}, {})
    res = sweep(jobs, [kx, ky], engine="serial")
    tk = takes(jobs, p=params["p_percent"] / 100, engine="serial")
    goals, regions = {}, {}
    for job in jobs:
        inp = inputs_for(job)
        plan = inp.plan(inp.scenario(job.scenario).plan)
        goals.update({t.id: _goal_words(t, lang) for t in plan.targets})
        regions.update(inp.catalog.regions)
    return SweepPage(params, res.frame, tk.frame, kx.name, ky.name,
                     {k: v[lang] for k, v in labels.items()}, goals,
                     res.failures + tk.failures, regions)


def _moving(page: SweepPage) -> pd.DataFrame:
    """Rows of goals judged from paths, where the knobs can be applied."""
    f = page.frame
    if f.empty:
        return f
    ok = f.groupby(["run", "target_id"])["p_source"].transform(lambda s: (s == "paths").all())
    return f[ok]


def show_heatmaps(page: SweepPage) -> None:
    """A figure per goal judged from paths: P(attain) over the two knobs, a panel a scenario."""
    import matplotlib.pyplot as plt
    from IPython.display import Markdown, display

    from ..plotting import show_figure
    from ..sweep.plots import p_heatmap
    lang = page.lang
    display(Markdown(text("sec.heatmaps", lang)))
    display(Markdown(text("intro", lang, x=_knob_words(page.knob_x, lang),
                          y=_knob_words(page.knob_y, lang), p=page.params["p_percent"])))
    rows = _moving(page)
    if not page.scenario_labels:
        display(Markdown(text("no_scenarios", lang)))
        return
    moving = set(rows["run"]) if len(rows) else set()
    still = [page.scenario_labels.get(r, r) for r in page.scenario_labels if r not in moving]
    if still:
        display(Markdown(text("still", lang, names="、".join(still) if lang == "zh"
                              else ", ".join(still))))
    if rows.empty:
        display(Markdown(text("none", lang)))
        return
    for gid, g in rows.groupby("target_id", sort=False):
        runs = list(dict.fromkeys(g["run"]))
        fig, axes = plt.subplots(1, len(runs), figsize=(6.2 * len(runs), 3.6), squeeze=False,
                                 layout="constrained")
        for ax, run in zip(axes[0], runs, strict=True):
            p_heatmap(g[g["run"] == run], page.knob_x, page.knob_y, lang=lang, ax=ax,
                      title=page.scenario_labels.get(run, run),
                      p_line=page.params["p_percent"] / 100)
        fig.suptitle(page.goal_labels.get(gid, gid), fontsize=11)
        show_figure(fig)


def _knob_words(name: str, lang: str) -> str:
    from ..sweep.plots import knob_axis_label
    return "“" + knob_axis_label(name, lang) + "”" if lang == "zh" else knob_axis_label(name, lang)


def _pct(v) -> str:
    return "" if v is None or not np.isfinite(float(v)) else f"{100 * float(v):.1f}%"


def _where(rate, where: str, regions: dict, lang: str) -> str:
    """``48.2%（河北省，2016–2017年）``: the peer's growth, its region in words and the years."""
    if not where:
        return _pct(rate)
    rid, _, years = str(where).partition(" ")
    reg = regions.get(rid)
    name = reg.name(lang) if reg is not None else rid
    return (f"{_pct(rate)}（{name}，{years}年）" if lang == "zh" else f"{_pct(rate)} ({name}, {years})")


def takes_frame(page: SweepPage) -> pd.DataFrame:
    """The what-it-takes rows for people, in the page's language (one row per scenario and
    goal judged from paths)."""
    lang = page.lang
    i = 0 if lang == "zh" else 1
    t = page.takes
    if t.empty:
        return pd.DataFrame(columns=[h[i] for h in TAKES_HEADERS.values()])
    moving = set(map(tuple, _moving(page)[["run", "target_id"]].drop_duplicates().to_numpy()))
    t = t[[(r, g) in moving for r, g in zip(t["run"], t["target_id"], strict=True)]]
    out = pd.DataFrame({
        "scenario": t["run"].map(lambda r: page.scenario_labels.get(r, r)),
        "goal": t["target_id"].map(lambda g: page.goal_labels.get(g, g)),
        "outcome": t["outcome"].map(lambda o: OUTCOME_WORDS.get(o, (o, o))[i]),
        "value": [f"{v:+.1f}" if o == "needs" else ("0" if o == "already" else "")
                  for v, o in zip(t["value"], t["outcome"], strict=True)],
        "p_at_value": t["p_at_value"].map(_pct),
        "growth_needed": t["growth_needed"].map(_pct),
        "recent_growth": t["recent_growth"].map(_pct),
        "pool_fastest": [_where(v, w, page.regions, lang)
                         for v, w in zip(t["pool_fastest_growth"], t["pool_fastest_where"],
                                         strict=True)],
    })
    return out.rename(columns={k: v[i] for k, v in TAKES_HEADERS.items()})


def takes_table(page: SweepPage):
    """The what-it-takes table (HTML for people), with its explanation above."""
    from IPython.display import Markdown, display

    from .tables import ReaderTable
    display(Markdown(text("sec.takes", page.lang)))
    frame = takes_frame(page)
    if frame.empty:
        # nothing is judged from paths: a table of headers alone would look broken
        return Markdown(text("none", page.lang))
    display(Markdown(text("takes_intro", page.lang, p=page.params["p_percent"])))
    i = 0 if page.lang == "zh" else 1
    nums = [TAKES_HEADERS[k][i] for k in ("value", "p_at_value", "growth_needed",
                                          "recent_growth", "pool_fastest")]
    return ReaderTable(takes_frame(page), dict.fromkeys(nums, "num"))


def sweep_text(page: SweepPage) -> str:
    """The page's numbers as plain lines (what nbval compares): per scenario and goal, P at the
    grid's corners and the what-it-takes answer."""
    lines = []
    rows = _moving(page)
    for (run, gid), g in rows.groupby(["run", "target_id"], sort=False):
        ps = g["p_attain"].to_numpy()
        lines.append(f"{run} {gid}: P {ps.min():.3f}..{ps.max():.3f} over {len(g)} settings")
    for _, r in page.takes.iterrows():
        if (r["run"], r["target_id"]) in set(map(tuple, rows[["run", "target_id"]].to_numpy())):
            lines.append(f"{r['run']} {r['target_id']}: {r['outcome']} {r['value']}")
    return "\n".join(lines) or "(nothing judged from paths)"


# -- the what-it-takes column of the scenario report -------------------------------------------

#: The level the scenario report's column asks for (the headline's on-track cut).
REPORT_TAKES_P = 0.8
#: Header of that column, (zh, en).
TAKES_COLUMN = ("要有{p}%把握需增速再提高", "Extra growth for P ≥ {p}%")


def report_takes(rep) -> pd.DataFrame:
    """What it would take for every goal of a scenario report, from the report's own paths
    (computed once, kept in ``rep.extra``)."""
    if "takes" not in rep.extra:
        from ..observations import load_observations
        from ..sweep.core import bases_from_result
        from ..sweep.takes import TAKES_COLUMNS, what_it_takes
        obs = rep.extra.get("obs")
        if obs is None:
            obs = load_observations(catalog=rep.catalog)
        rows = [what_it_takes(b, REPORT_TAKES_P)
                for b in bases_from_result(rep.result, obs, rep.catalog, rep.plan)]
        rep.extra["takes"] = pd.DataFrame(rows, columns=TAKES_COLUMNS)
    return rep.extra["takes"]


def takes_words(row, lang: str) -> str:
    """One goal's what-it-takes answer in a few words (``+7.4 百分点/年``, ``无需加力``)."""
    from ..sweep.takes import EFFORT_KNOBS
    o = row.get("outcome")
    unit = EFFORT_KNOBS["growth_pp"].unit_zh if lang == "zh" else EFFORT_KNOBS["growth_pp"].unit_en
    if o == "needs":
        return f"+{float(row['value']):.1f} {unit}"
    if o == "already":
        return "无需加力" if lang == "zh" else "none"
    if o == "out_of_reach":
        b = float(row["bound"])
        return f"超过 {b:g} {unit}" if lang == "zh" else f"more than {b:g} {unit}"
    if o == "settled":
        return "已成定局" if lang == "zh" else "settled"
    return "—"


def takes_column(rep) -> tuple[str, list[str]]:
    """The header and the cells (in summary order) of the report's what-it-takes column."""
    t = report_takes(rep).set_index("target_id")
    lang = rep.lang
    head = TAKES_COLUMN[0 if lang == "zh" else 1].format(p=round(100 * REPORT_TAKES_P))
    cells = [takes_words(t.loc[g], lang) if g in t.index else "—"
             for g in rep.summary["target_id"]]
    return head, cells
