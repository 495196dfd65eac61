"""What the sweep report shows (``notebooks/sweep_report.ipynb``): one call per cell.

:func:`setup_sweep` → :func:`load_sweep` (every ok scenario of a run, at the vintage, paths
and seed its report used; one sweep over two knobs and one what-it-takes) →
:func:`show_heatmaps` (P(attain) over the two knobs, one panel per scenario, a figure per goal)
→ :func:`takes_table` (the least extra growth for P(attain) >= p, beside the recent growth and
the pool's fastest) → :func:`sweep_text` (the numbers as text, what nbval compares).

The sweep runs in the report's kernel (``engine="serial"``: the batch already spreads reports
over its workers) on what the reports used, as the run's manifest records it: each scenario's
file, data directory and projector (:mod:`~xtforecast.report.compare` reads the paths). Its
words are the ``sweep_page.`` vocabulary of :mod:`xtforecast.i18n.report`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import XtForecastError
from ..i18n import goal_label, t
from ..names import is_scenario_path
from ..plotting import show_figure
from ..sweep import SweepJob, parse_knob, sweep, takes
from ..sweep.core import bases_from_result, inputs_for, use_projector
from ..sweep.plots import knob_axis_label, p_heatmap
from ..sweep.takes import EFFORT_KNOBS, TAKES_COLUMNS, what_it_takes
from .compare import read_manifest, resolve_run_dir, run_data_dir, run_path
from .content import setup
from .params import SWEEP_PARAMETERS
from .projector import load_projector
from .tables import ReaderTable

#: The what-it-takes table's columns, in order (headers ``sweep_page.col.<name>``).
TAKES_TABLE_COLUMNS = ("scenario", "goal", "outcome", "value", "p_at_value", "growth_needed",
                       "recent_growth", "pool_fastest")
#: Its columns of numbers (right-aligned).
_NUMBER_COLUMNS = ("value", "p_at_value", "growth_needed", "recent_growth", "pool_fastest")


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
    return setup(namespace, SWEEP_PARAMETERS)


def _scenario_ref(run_dir, value: str) -> str:
    """A scenario as the manifest records it: a name stays a name, a path is read against the
    run directory when relative (:func:`~xtforecast.report.compare.run_path`)."""
    return str(run_path(run_dir, value)) if is_scenario_path(value) else value


def _jobs(run_dir, manifest: dict, lang: str) -> tuple[list, dict, set]:
    """A sweep job per ok scenario (its file, data, vintage, paths and seed as recorded), the
    panels' labels, and the projectors the reports used."""
    jobs, labels, projectors = [], {}, set()
    for name, e in manifest.get("scenarios", {}).items():
        if e.get("status") != "ok":
            continue
        params = e.get("parameters") or {}
        # a hand-trimmed manifest (the nbval golden run) may lack these: the scenario's own
        r = e.get("resolved") or {}
        data = run_data_dir(run_dir, manifest, e)
        jobs.append(SweepJob(_scenario_ref(run_dir, params.get("scenario", name)),
                             data_dir=str(data) if data else None, as_of=r.get("as_of"),
                             n_sims=r.get("n_sims"), seed=r.get("seed"), run=name))
        projectors.add(params.get("projector") or "")
        label = e.get(f"label_{lang}") or name
        # a run can hold two vintage families: every panel says which it stands on
        if r.get("as_of") is not None:
            label = t("sweep_page.label_as_of", lang).format(label=label, as_of=r["as_of"])
        labels[name] = label
    return jobs, labels, projectors


def _projector(run_dir, projectors: set):
    """The one projector the run's reports drew their paths with (None: the growth models)."""
    if len(projectors) > 1:
        raise XtForecastError(f"the run's reports used different projectors {sorted(projectors)}; "
                              "a sweep page judges every scenario with one: run the reports "
                              "again with one -p projector for all")
    return load_projector(next(iter(projectors), ""), base=run_dir)


def load_sweep(params: dict) -> SweepPage:
    """Sweep every ok scenario of the run over the two knobs; what-it-takes at ``p_percent``."""
    d = resolve_run_dir(params.get("run_dir", ""))
    lang = params["lang"]
    jobs, labels, projectors = _jobs(d, read_manifest(d), lang)
    kx = parse_knob(f"{params['knob_x']}={params['x_range']}")
    ky = parse_knob(f"{params['knob_y']}={params['y_range']}")
    use_projector(_projector(d, projectors))
    empty = pd.DataFrame()
    if not jobs:
        return SweepPage(params, empty, empty, kx.name, ky.name, {}, {})
    res = sweep(jobs, [kx, ky], engine="serial")
    tk = takes(jobs, p=params["p_percent"] / 100, engine="serial")
    goals, regions = _goal_words(jobs, lang)
    return SweepPage(params, res.frame, tk.frame, kx.name, ky.name, labels, goals,
                     res.failures + tk.failures, regions)


def _goal_words(jobs, lang: str) -> tuple[dict, dict]:
    """Every goal of the jobs' plans in words, and the regions of their catalogs."""
    goals, regions = {}, {}
    for job in jobs:
        inp = inputs_for(job)
        plan = inp.plan(inp.scenario(job.scenario).plan)
        goals.update({g.id: goal_label(g, lang) for g in plan.targets})
        regions.update(inp.catalog.regions)
    return goals, regions


def _moving(page: SweepPage) -> pd.DataFrame:
    """Rows of goals judged from paths, where the knobs can be applied."""
    f = page.frame
    if f.empty:
        return f
    ok = f.groupby(["run", "target_id"])["p_source"].transform(lambda s: (s == "paths").all())
    return f[ok]


def show_heatmaps(page: SweepPage) -> None:
    """A figure per goal judged from paths: P(attain) over the two knobs, a panel a scenario."""
    import matplotlib.pyplot as plt  # pyplot and IPython: only in the kernel
    from IPython.display import Markdown, display

    lang = page.lang
    display(Markdown(t("sweep_page.sec.heatmaps", lang)))
    display(Markdown(t("sweep_page.intro", lang).format(
        x=_knob_words(page.knob_x, lang), y=_knob_words(page.knob_y, lang),
        p=page.params["p_percent"])))
    rows = _moving(page)
    if not page.scenario_labels:
        display(Markdown(t("sweep_page.no_scenarios", lang)))
        return
    moving = set(rows["run"]) if len(rows) else set()
    still = [page.scenario_labels.get(r, r) for r in page.scenario_labels if r not in moving]
    if still:
        names = t("report.list_sep", lang).join(still)
        display(Markdown(t("sweep_page.still", lang).format(names=names)))
    if rows.empty:
        display(Markdown(t("sweep_page.none", lang)))
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
    return t("sweep_page.knob", lang).format(knob=knob_axis_label(name, lang))


def _pct(v) -> str:
    return "" if v is None or not np.isfinite(float(v)) else f"{100 * float(v):.1f}%"


def _where(rate, where: str, regions: dict, lang: str) -> str:
    """``48.2%（河北省，2016–2017年）``: the peer's growth, its region in words and the years."""
    if not where:
        return _pct(rate)
    rid, _, years = str(where).partition(" ")
    reg = regions.get(rid)
    name = reg.name(lang) if reg is not None else rid
    return t("sweep_page.peer", lang).format(rate=_pct(rate), region=name, years=years)


def _headers(lang: str) -> dict[str, str]:
    return {c: t(f"sweep_page.col.{c}", lang) for c in TAKES_TABLE_COLUMNS}


def takes_frame(page: SweepPage) -> pd.DataFrame:
    """The what-it-takes rows for people, in the page's language (one row per scenario and
    goal judged from paths)."""
    lang = page.lang
    tk = page.takes
    if tk.empty:
        return pd.DataFrame(columns=list(_headers(lang).values()))
    moving = set(map(tuple, _moving(page)[["run", "target_id"]].drop_duplicates().to_numpy()))
    tk = tk[[(r, g) in moving for r, g in zip(tk["run"], tk["target_id"], strict=True)]]
    out = pd.DataFrame({
        "scenario": tk["run"].map(lambda r: page.scenario_labels.get(r, r)),
        "goal": tk["target_id"].map(lambda g: page.goal_labels.get(g, g)),
        "outcome": tk["outcome"].map(lambda o: t(f"sweep_page.outcome.{o}", lang, default=o)),
        "value": [f"{v:+.1f}" if o == "needs" else ("0" if o == "already" else "")
                  for v, o in zip(tk["value"], tk["outcome"], strict=True)],
        "p_at_value": tk["p_at_value"].map(_pct),
        "growth_needed": tk["growth_needed"].map(_pct),
        "recent_growth": tk["recent_growth"].map(_pct),
        "pool_fastest": [_where(v, w, page.regions, lang)
                         for v, w in zip(tk["pool_fastest_growth"], tk["pool_fastest_where"],
                                         strict=True)],
    })
    return out.rename(columns=_headers(lang))


def takes_table(page: SweepPage):
    """The what-it-takes table (HTML for people), with its explanation above."""
    from IPython.display import Markdown, display

    display(Markdown(t("sweep_page.sec.takes", page.lang)))
    frame = takes_frame(page)
    if frame.empty:
        # nothing is judged from paths: a table of headers alone would look broken
        return Markdown(t("sweep_page.none", page.lang))
    display(Markdown(t("sweep_page.takes_intro", page.lang).format(p=page.params["p_percent"])))
    heads = _headers(page.lang)
    return ReaderTable(frame, dict.fromkeys((heads[c] for c in _NUMBER_COLUMNS), "num"))


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


def report_takes(rep) -> pd.DataFrame:
    """What it would take for every goal of a scenario report, from the report's own paths and
    observations (computed once, kept in ``rep.extra``)."""
    if "takes" not in rep.extra:
        rows = [what_it_takes(b, REPORT_TAKES_P)
                for b in bases_from_result(rep.result)]
        rep.extra["takes"] = pd.DataFrame(rows, columns=TAKES_COLUMNS)
    return rep.extra["takes"]


def takes_words(row, lang: str) -> str:
    """One goal's what-it-takes answer in a few words (``+7.4 百分点/年``, ``无需加力``)."""
    o = row.get("outcome")
    unit = getattr(EFFORT_KNOBS["growth_pp"], f"unit_{lang}")
    if o == "needs":
        return t("sweep_page.takes.needs", lang).format(value=f"{float(row['value']):.1f}", unit=unit)
    if o == "out_of_reach":
        return t("sweep_page.takes.out_of_reach", lang).format(bound=f"{float(row['bound']):g}",
                                                                unit=unit)
    if o in ("already", "settled"):
        return t(f"sweep_page.takes.{o}", lang)
    return "—"


def takes_column(rep) -> tuple[str, list[str]]:
    """The header and the cells (in summary order) of the report's what-it-takes column."""
    tk = report_takes(rep).set_index("target_id")
    lang = rep.lang
    head = t("sweep_page.takes.column", lang).format(p=round(100 * REPORT_TAKES_P))
    cells = [takes_words(tk.loc[g], lang) if g in tk.index else "—"
             for g in rep.summary["target_id"]]
    return head, cells
