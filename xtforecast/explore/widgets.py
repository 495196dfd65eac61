"""The ipywidgets explorer (:func:`app`): a thin layer that wires the controls to
:func:`~xtforecast.explore.view.update`, :func:`~xtforecast.explore.view.draw` and
:func:`~xtforecast.explore.save.save_scenario`.

ipywidgets and matplotlib's pyplot are imported when the page is built, not with the package:
the explorer's functions run (and are tested) without them.
"""

from __future__ import annotations

import html as _html
from pathlib import Path

import numpy as np
import yaml

from .. import config
from ..errors import XtForecastError
from ..knobs import KNOB_DECIMALS
from ..plotting import show_figure, value_axis_label
from .save import NAME, default_save_dir, free_name, save_scenario, valid_name
from .state import ExplorerState, label
from .view import ExplorerView, draw, growth_years_text, update


def scenario_choices(state: ExplorerState, lang: str) -> list[tuple[str, str]]:
    """``(label in lang, name)`` of every scenario in the explorer's directory, for the
    dropdown; a file without a label (or one that does not parse) shows its name."""
    out = []
    for name in state.scenario_options():
        words = ""
        try:
            path = Path(state.scenarios_dir) / f"{name}.yaml"
            doc = yaml.safe_load(path.read_text(encoding="utf-8"))
            words = str(doc.get(f"label_{lang}") or "") if isinstance(doc, dict) else ""
        except (OSError, yaml.YAMLError):
            pass
        out.append((f"{words} ({name})" if words and words != name else name, name))
    if state.spec.name not in {n for _, n in out}:  # started from a file elsewhere
        out.append((state.spec.name, state.spec.name))
    return out


def _headline_html(view: ExplorerView | None, lang: str) -> str:
    """P(attain) in large type and the headline status beside it."""
    if view is None or view.error or not np.isfinite(view.p_attain):
        p = "—"
    else:
        p = f"{100 * view.p_attain:.1f}%"
    status = _html.escape(view.status_label) if view is not None and not view.error else ""
    words = label("p_attain_is", lang).format(p=f'<b class="xt-p-value">{p}</b>')
    return f'<div style="font-size:1.25em;margin:0.3em 0">{words}&nbsp;&nbsp;{status}</div>'


def _controls(state: ExplorerState, W) -> dict:
    """The control widgets by knob name, each with the CSS class ``xt-<knob>``."""
    lg = state.lang
    y0, y1 = state.year_range()
    v0, v1 = state.vintage_range()
    style = {"description_width": "initial"}
    # a fixed width, so a long English description does not squeeze the track to nothing
    knob = {"style": style, "continuous_update": False, "layout": W.Layout(width="430px")}
    c = {
        "goal": W.Dropdown(options=state.goal_options(lg), value=state.goal_id,
                           style=style, layout=W.Layout(width="95%")),
        "scenario": W.Dropdown(options=scenario_choices(state, lg), value=state.spec.name,
                               style=style),
        "as_of": W.IntSlider(value=state.as_of, min=v0, max=v1, **knob),
        # label and buttons on one row: the widget is a block, so its buttons fell under
        # its label, which sat alone beside the scenario box
        "lang": W.ToggleButtons(options=[("中文", "zh"), ("English", "en")], value=lg,
                                style={**style, "button_width": "6em"},
                                layout=W.Layout(display="flex", flex_flow="row nowrap",
                                                align_items="center", width="auto",
                                                margin="0 0 0 1.5em")),
        "growth_pp": W.FloatSlider(value=state.knobs.growth_pp, min=-10, max=10, step=0.5,
                                   readout_format="+.1f", **knob),
        # shown in percent (17 = a 17 % dip); the knob itself is a fraction
        "shock_depth": W.FloatSlider(value=round(100 * state.knobs.shock_depth, 2), min=0,
                                     max=50, step=1, readout_format=".0f", **knob),
        # the range covers every vintage the as_of slider offers; a year at or before the
        # chosen vintage is moved to the first projected year (update() says so in its notes)
        "shock_year": W.IntSlider(value=state.knobs.shock_year or y0, min=v0 + 1, max=y1, **knob),
        "ratio_pp": W.FloatSlider(value=state.knobs.ratio_pp, min=-20, max=20, step=0.5,
                                  readout_format="+.1f", **knob),
    }
    for k, w in c.items():
        w.add_class(f"xt-{k.replace('_', '-')}")
    return c


class _Page:
    """The widgets of one explorer page and their callbacks."""

    def __init__(self, state: ExplorerState, directory: Path):
        import ipywidgets as W  # optional: only the notebook and the served page need it
        self.state, self.directory = state, directory
        self.c = _controls(state, W)
        style = {"description_width": "initial"}
        self.title = W.HTML()
        self.growth_years = W.HTML().add_class("xt-growth-years")
        self.headline = W.HTML().add_class("xt-p-attain")
        self.out = W.Output()
        self.name_box = W.Text(value=free_name("explored", directory),
                               style=style).add_class("xt-name")
        self.button = W.Button(icon="save").add_class("xt-save")
        self.msg = W.HTML().add_class("xt-save-msg")
        self.busy = []  # non-empty while the code itself sets widget values (no recomputation)
        c = self.c
        self.box = W.VBox([self.title, c["goal"], W.HBox([c["scenario"], c["lang"]]), c["as_of"],
                           W.HBox([c["growth_pp"], self.growth_years]), c["ratio_pp"],
                           W.HBox([c["shock_depth"], c["shock_year"]]),
                           self.headline, self.out, W.HBox([self.name_box, self.button]),
                           self.msg])

    def relabel(self) -> None:
        """Every control's words, the goal list and the scenario list in the state's language."""
        state, c, lang = self.state, self.c, self.state.lang
        self.busy.append(1)
        try:
            for k, w in c.items():
                w.description = label(k, lang)
            goal, scen = state.goal_id, state.spec.name
            c["goal"].options = state.goal_options(lang)
            c["goal"].value = goal
            c["scenario"].options = scenario_choices(state, lang)
            c["scenario"].value = scen
            self.name_box.description = label("name", lang)
            self.button.description = label("save", lang)
            self.title.value = f"<h2 style='margin:0.2em 0'>{_html.escape(label('title', lang))}</h2>"
        finally:
            self.busy.pop()

    def refresh(self, _change=None) -> None:
        """A control moved: recompute, redraw, and relabel when the language changed."""
        if self.busy:
            return
        state = self.state
        values = {k: w.value for k, w in self.c.items()}
        values["shock_depth"] = round(values["shock_depth"] / 100, KNOB_DECIMALS)
        relang = values["lang"] != state.lang
        view = None
        with self.out:
            self.out.clear_output(wait=True)
            try:
                view = update(state, **values)
            except XtForecastError as exc:
                print(label("error", state.lang) + str(exc))
            else:
                self._show(view)
        if relang:
            self.relabel()
            self.msg.value = ""  # an old message in the other language would stay on screen
        self.headline.value = _headline_html(view, state.lang)
        self.growth_years.value = ("<span style='color:#555'>"
                                   f"{_html.escape(growth_years_text(state, view))}</span>")

    def _show(self, view: ExplorerView) -> None:
        import matplotlib.pyplot as plt  # with the page, see the module docstring
        fig, ax = plt.subplots(figsize=(8, 4.5))
        draw(view, ax=ax)
        if not view.target.type == "class":  # a class chart's ticks are its letters
            ind = self.state.catalog.indicators.get(view.target.indicator)
            ax.set_ylabel(value_axis_label(getattr(ind, "unit", None), self.state.lang))
        show_figure(fig)
        print(view.text())

    def save(self, _button=None) -> None:
        """The save button: a name that is taken or invalid is replaced by a free, valid one
        (the user presses again); else the scenario is saved and checked."""
        lang, typed, directory = self.state.lang, self.name_box.value.strip(), self.directory
        if not NAME.match(typed):
            self._propose(free_name(valid_name(typed), directory), "name_invalid", name=typed)
            return
        if (directory / f"{typed}.yaml").exists():
            self._propose(free_name(typed, directory), "name_taken", name=typed,
                          path=directory / f"{typed}.yaml")
            return
        try:
            directory.mkdir(parents=True, exist_ok=True)
            p = save_scenario(self.state, typed, directory)
        except (XtForecastError, OSError) as exc:
            self.msg.value = "<pre style='white-space:pre-wrap'>" + _html.escape(
                label("save_error", lang) + str(exc)) + "</pre>"
            return
        # a name is found only in scenarios/; a file saved elsewhere is reported by its path
        ref = p.stem if p.parent.resolve() == Path(config.SCENARIOS_DIR).resolve() else str(p)
        self.msg.value = _html.escape(label("saved", lang) + str(p) + " ") + \
            _html.escape(label("check_hint", lang).format(name=ref))
        self.name_box.value = free_name(typed, directory)  # ready for the next save

    def _propose(self, proposal: str, key: str, **values) -> None:
        self.name_box.value = proposal
        self.msg.value = _html.escape(label(key, self.state.lang).format(free=proposal, **values))


def app(state: ExplorerState, *, save_dir=None):
    """The ipywidgets explorer: controls, figure, numbers and a save button.

    Every control change calls :func:`update` and :func:`draw`; the button calls
    :func:`save_scenario`. The language switch relabels every control and the goal list. The
    save button never asks for code: a name that is taken or not a valid file name is replaced
    by a free, valid one (:func:`free_name`, :func:`valid_name`) and the user presses again.
    ``xtforecast explore`` serves this as a web page (Voilà); ``notebooks/explore.ipynb``
    shows it in JupyterLab.

    Parameters
    ----------
    state : ExplorerState
    save_dir : path, optional
        Where the button writes ``<name>.yaml``; default :func:`default_save_dir`.

    Returns
    -------
    ipywidgets.VBox
        Displayed by the notebook cell that ends with it. Controls carry CSS classes
        (``xt-<knob>``, ``xt-p-attain``, ``xt-name``, ``xt-save``, ``xt-save-msg``) for the
        browser test and for styling.
    """
    page = _Page(state, Path(save_dir) if save_dir else default_save_dir(state))
    page.relabel()
    for w in page.c.values():
        w.observe(page.refresh, names="value")
    page.button.on_click(page.save)
    page.refresh()
    return page.box
