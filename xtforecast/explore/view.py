"""One change of the controls, recomputed: :func:`update` gives the :class:`ExplorerView` the
page shows, :func:`draw` its fan chart."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from types import SimpleNamespace

import numpy as np
import pandas as pd

from .._schema import WHOLE_UNITS
from ..errors import XtForecastError
from ..gap import METHODS
from ..i18n import method_class_label, status_label, t
from ..knobs import Knobs
from ..knobs import as_operations as _as_operations
from ..plotting import fan_chart
from ..plotting.common import NOTE_BOX
from ..plotting.fan import scale_of, through_year
from ..plotting.frame import headroom
from ..report.sweep_page import REPORT_TAKES_P, takes_words
from ..report.tables import format_band
from ..scenarios import run
from ..scenarios.engine import goal_targets
from ..scenarios.spec import ScenarioCheckError
from ..sweep.core import goal_base
from ..sweep.takes import what_it_takes
from .state import ExplorerState, goal_words, knob_operations, label, set_knobs


@dataclass
class ExplorerView:
    """What the explorer shows after one change.

    Attributes
    ----------
    goal_id, scenario : str
        The goal and the base scenario.
    lang : str
    as_of, horizon : int
    target : xtforecast.targets.Target
    label : str
        The goal's words in ``lang``.
    history : pandas.DataFrame
        Observations used (``year``, ``value``, ``bound``).
    years : numpy.ndarray
        Projected years.
    paths : numpy.ndarray or None
        ``(n_sims, len(years))`` after the base scenario's operations and the knobs.
    p_attain : float
    status : str
        Headline status (``on_track`` ...); ``status_label`` is it in words.
    status_label : str
    required_growth : float
        Required yearly growth from the latest observation (a fraction; NaN if none).
    required_growth_base : float
        From the goal's base year (the ``required_cagr`` summary column).
    projected_median : float
    method_statuses : dict
        ``method -> class`` for every registered method.
    method_labels : dict
        The same in words: ``method name in lang -> class in lang``.
    operations : list of str
        The knob operations applied (as the engine describes them).
    row : pandas.Series
        The goal's full summary row.
    notes : list of str
        What the engine or the explorer had to decide (a year moved into range, ...).
    error : str or None
        Set when the knobs cannot be applied (a knob contradicting the base scenario's
        ``hold``, ...); the numbers are then NaN.
    knobs : xtforecast.knobs.Knobs
        The knobs this view was computed with.
    takes : dict or None
        What it would take under the base scenario (:func:`what_it_takes_here`).
    scale : dict
        The fan chart's unit, kind and class levels from the catalog
        (:func:`~xtforecast.plotting.fan.scale_of`), as the report draws it.
    """

    goal_id: str
    scenario: str
    lang: str
    as_of: int
    horizon: int
    target: object
    label: str
    history: pd.DataFrame
    years: np.ndarray
    paths: np.ndarray | None
    p_attain: float = float("nan")
    status: str = ""
    status_label: str = ""
    required_growth: float = float("nan")
    required_growth_base: float = float("nan")
    projected_median: float = float("nan")
    method_statuses: dict = field(default_factory=dict)
    method_labels: dict = field(default_factory=dict)
    operations: list = field(default_factory=list)
    row: pd.Series | None = None
    notes: list = field(default_factory=list)
    error: str | None = None
    knobs: Knobs = field(default_factory=Knobs)
    takes: dict | None = None
    scale: dict = field(default_factory=dict)

    def text(self) -> str:
        """The numbers as lines of text in the view's language (for the notebook and logs)."""
        lg = self.lang
        if self.error:
            return label("error", lg) + self.error
        p = "—" if not np.isfinite(self.p_attain) else f"{self.p_attain:.3f}"
        lines = [
            f"{self.label}",
            f"{label('p_attain', lg)}: {p}   {label('status', lg)}: {self.status_label}",
            f"{label('required', lg)}: {_pct(self.required_growth)}   "
            f"{label('required_base', lg)}: {_pct(self.required_growth_base)}",
            f"{label('median', lg)}: {self._median_words()}",
            # one method a line: on one line the six ran past the page and broke mid-word
            f"{label('methods', lg)}:",
            *(f"  {k}: {v}" for k, v in self.method_labels.items()),
        ]
        if self.takes is not None:
            lines.append(takes_line(self.takes, lg))
        return "\n".join(lines)

    def _median_words(self) -> str:
        # as the report's status table writes it: a count whole, 万 in Chinese
        (words,) = format_band([self.projected_median], self.lang,
                               whole=self.scale.get("unit") in WHOLE_UNITS)
        return words or "—"


def _pct(v) -> str:
    return "—" if v is None or not np.isfinite(v) else f"{100 * v:.1f}%"




def _float(v) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return float("nan")


def update(state: ExplorerState, **knobs) -> ExplorerView:
    """Apply knob changes and recompute the current goal: the widget callback.

    Parameters
    ----------
    state : ExplorerState
        Updated in place (the knobs persist, the cache fills on first use of a vintage).
    **knobs
        Any of ``goal``, ``scenario``, ``as_of``, ``lang`` and :data:`KNOB_FIELDS`; the others
        keep their values.

    Returns
    -------
    ExplorerView
        ``error`` is set (numbers NaN) when the knobs cannot be combined with the base
        scenario (e.g. a growth shift on a series the scenario holds flat).

    Raises
    ------
    XtForecastError
        For an unknown knob, goal or scenario, or a value of the wrong kind.
    """
    set_knobs(state, knobs)
    g = state.goal
    op_dicts, notes = knob_operations(state)
    extra = _as_operations(op_dicts, "<explorer>")
    spec = replace(state.spec, operations=tuple(state.spec.operations) + tuple(extra),
                   horizon=state.horizon, region=state.region)
    # only this goal is judged, plus the goals target_path operations take their path from
    targets = goal_targets(state.plan, g.id, spec.operations)
    view = ExplorerView(goal_id=g.id, scenario=state.spec.name, lang=state.lang, as_of=state.as_of,
                        horizon=state.horizon, target=g, label=goal_words(g, state.lang),
                        history=pd.DataFrame(columns=["year", "value", "bound"]),
                        years=np.arange(0), paths=None, notes=notes,
                        operations=[op.describe() for op in extra], knobs=replace(state.knobs),
                        scale=scale_of(state.catalog, g.indicator))
    try:
        res = run(spec, as_of=state.as_of, n_sims=state.n_sims, seed=state.seed,
                  obs=state.obs_for(targets, spec.operations), catalog=state.catalog,
                  plan=replace(state.plan, targets=targets), projector=state.projector)
    except (ScenarioCheckError, XtForecastError) as exc:
        view.error = _short_error(exc)
        return view
    _fill(view, res)
    view.takes = what_it_takes_here(state)
    return view


def _fill(view: ExplorerView, res) -> None:
    """The view's paths and numbers from the run of its goal."""
    g, lang = view.target, view.lang
    row = res.summary.set_index("target_id").loc[g.id]
    proj = res.paths.get((g.indicator, g.region))
    if proj is not None:
        view.history = proj.history
        view.years = np.asarray(proj.years)
        view.paths = proj.paths
    view.row = row
    view.p_attain = _float(row.get("p_attain"))
    view.status = str(row.get("status") or "")
    view.status_label = status_label(view.status, lang) if view.status else ""
    view.required_growth = _float(row.get("required_cagr_latest"))
    view.required_growth_base = _float(row.get("required_cagr"))
    view.projected_median = _float(row.get("projected_median"))
    view.method_statuses = {m: row.get(f"status_{m}") for m in METHODS}
    view.method_labels = {t(f"method.{m}", lang, default=m):
                          method_class_label(str(v), lang) if isinstance(v, str) else "—"
                          for m, v in view.method_statuses.items()}
    view.notes += list(res.notes)


def what_it_takes_here(state: ExplorerState) -> dict | None:
    """What it would take for the current goal under the base scenario (no knob moved): the
    least extra growth for P(attain) >= 0.8, the figure of ``xtforecast what-it-takes`` and of
    the scenario report's column. Cached per scenario, goal and vintage; None when the base
    scenario cannot run at this vintage."""
    key = (state.spec.name, state.goal_id, state.as_of, state.n_sims, state.seed)
    if key in state.takes_cache:
        return state.takes_cache[key]
    g = state.goal
    spec = replace(state.spec, horizon=state.horizon, region=state.region)
    targets = goal_targets(state.plan, g.id, spec.operations)
    judges: dict = {}
    try:
        res = run(spec, as_of=state.as_of, n_sims=state.n_sims, seed=state.seed,
                  obs=state.obs_for(targets, spec.operations), catalog=state.catalog,
                  plan=replace(state.plan, targets=targets), projector=state.projector,
                  judges=judges)
    except XtForecastError:
        return None
    base = goal_base(res, judges, g, SimpleNamespace(catalog=state.catalog, obs=state.obs),
                     targets)
    state.takes_cache[key] = what_it_takes(base, REPORT_TAKES_P)
    return state.takes_cache[key]


def takes_line(takes: dict, lang: str) -> str:
    """The explorer's what-it-takes line in ``lang``."""
    return label("takes", lang).format(p=round(100 * REPORT_TAKES_P), words=takes_words(takes, lang))


def _short_error(exc: Exception) -> str:
    issues = getattr(exc, "issues", None)
    if issues:
        # the explorer's own operations have no file line; show the rule and message only
        return "; ".join(f"[{i.rule}] {i.message}" for i in issues)
    return str(exc)


def draw(view: ExplorerView, ax=None):
    """The fan chart of a view: history, bands, median, the goal marker and P(attain).

    Returns
    -------
    matplotlib.axes.Axes
    """
    hist = view.history if len(view.history) else None
    # fan_chart sets the Chinese font itself
    years, paths = through_year(view.years, view.paths, getattr(view.target, "target_year", None))
    ax = fan_chart(hist, years, paths, target=view.target, title=view.label, lang=view.lang,
                   ax=ax, **view.scale)
    if np.isfinite(view.p_attain):
        p_words = f"{label('p_attain', view.lang)} = {view.p_attain:.2f}"
        # Under the goal's corner note, not in a corner of its own: the bottom left is where
        # the first observations of a growing series sit (a 2019 bound marker ran under it).
        note = [x for x in ax.texts if x.get_gid() == "target-text"]
        if note:  # just under the note, whatever its height (a long goal wraps to two lines)
            ax.annotate(p_words, xy=(0, 0), xycoords=note[0], xytext=(0, -3),
                        textcoords="offset points", ha="left", va="top", fontsize=10,
                        gid="p-attain", zorder=7, bbox=NOTE_BOX)
        else:
            ax.text(0.02, 0.97, p_words, transform=ax.transAxes, ha="left", va="top",
                    fontsize=10, gid="p-attain", zorder=7, bbox=NOTE_BOX)
        headroom(ax, ["target-text", "p-attain"])  # the label made the notes taller
    return ax


def growth_years_text(state: ExplorerState, view: ExplorerView | None = None) -> str:
    """The years the growth knob acts on, in the explorer's language, and the years it does not
    touch because the data end before the vintage (projected, but before ``as_of + 1``)."""
    lg = state.lang
    lo, hi = state.year_range()
    if state.knobs.growth_from is not None:
        lo = min(max(int(state.knobs.growth_from), lo), hi)
    n = hi - lo + 1
    words = label("growth_year" if n == 1 else "growth_years", lg).format(lo=lo, hi=hi, n=n)
    if view is not None and len(view.history):
        last = int(pd.to_numeric(view.history["year"]).max())
        if last + 1 < lo:
            gap = f"{last + 1}" if last + 2 == lo else f"{last + 1}–{lo - 1}"
            words += label("growth_gap", lg).format(last=last, gap=gap)
    return words
