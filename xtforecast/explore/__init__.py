"""The interactive explorer: the widget callbacks as plain, testable functions.

``notebooks/explore.ipynb`` shows one goal at a time: pick the goal, the scenario to start
from, move the knobs (a growth shift, a shock of chosen size and year, a change of the
city/province ratio), the data vintage ``as_of`` and the language, and see the fan chart with
the goal, P(attain), the required growth and each method's status. A button saves the knobs as
a new ``scenarios/<name>.yaml`` that ``xtforecast scenarios check`` accepts, so a finding made
by hand becomes a batch report.

Why it is fast (well under a second per change at 2,000 paths):

* baseline paths are drawn once per ``(series, as_of, horizon, n_sims, seed)`` and cached in
  :class:`ExplorerState` (a :class:`~xtforecast.projection.MemoProjector`: model fitting is
  the slow part, and knobs never change it);
* the knobs become ordinary scenario operations appended to the base scenario's own, applied
  by the scenario engine as vectorized numpy operations on the cached arrays;
* only the chosen goal (plus any goal a ``target_path`` operation names) is re-evaluated.

Why it agrees with the batch run: the explorer runs the *same* engine
(:func:`xtforecast.scenarios.run`) with the same seed, ``n_sims``, ``as_of`` and horizon, and
baseline streams are keyed by ``(seed, indicator, region)`` and bridge streams by ``(seed, goal
id)``. So the saved scenario, run in batch, gives exactly the P(attain) the explorer showed.

The modules, each a layer over the one before:

============ ==================================================================================
``state``    :class:`ExplorerState` (data, base scenario, cached paths, knobs) and how a
             control change reaches it
``view``     :func:`update` -> :class:`ExplorerView`, :func:`draw`, the what-it-takes line
``save``     :func:`knobs_to_scenario_yaml`, :func:`save_scenario` and the names it proposes
``widgets``  :func:`app`, the ipywidgets page, which only wires these together
============ ==================================================================================

The explorer's words are ``explore.<name>`` in the vocabulary (:mod:`xtforecast.i18n.explore`);
:func:`label` looks them up.
"""

from __future__ import annotations

from ..i18n.explore import VOCABULARY as _VOCABULARY
from ..knobs import KNOB_DECIMALS, KNOB_FIELDS, Knobs  # part of the explorer API
from .save import default_save_dir, describe_knobs, free_name, knobs_to_scenario_yaml, save_scenario, valid_name
from .state import (
    DEFAULT_N_SIMS,
    START_SCENARIOS,
    ExplorerState,
    goal_words,
    knob_operations,
    label,
    set_knobs,
)
from .view import ExplorerView, draw, growth_years_text, takes_line, update, what_it_takes_here
from .widgets import app, scenario_choices

#: The explorer's words, ``name -> (zh, en)`` (they live in :mod:`xtforecast.i18n.explore`).
LABELS = _VOCABULARY["explore"]

#: The goal's words in a language; the name the report's sweep page imports.
_goal_words = goal_words

__all__ = ["ExplorerState", "ExplorerView", "Knobs", "KNOB_FIELDS", "KNOB_DECIMALS", "update",
           "draw", "knob_operations", "knobs_to_scenario_yaml", "save_scenario", "app", "label",
           "free_name", "valid_name", "default_save_dir", "growth_years_text", "scenario_choices",
           "what_it_takes_here", "takes_line", "describe_knobs", "set_knobs", "goal_words",
           "DEFAULT_N_SIMS", "START_SCENARIOS", "LABELS"]
