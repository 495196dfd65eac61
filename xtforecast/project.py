"""A scenario with explorer knobs added on some goals' series (``xtforecast project --knob``).

The explorer and ``xtforecast sweep`` add knob operations after a scenario's own; a batch run
of the same setting must give the same P(attain), so the operations are built here, once,
from the goals and the knob values.
"""

from __future__ import annotations

from dataclasses import replace

from .errors import XtForecastError
from .knobs import Knobs, as_operations, knob_operations
from .scenarios.engine import plan_horizon
from .sweep.core import _goal_of
from .sweep.grid import parse_knob


def chosen_goals(plan, ids):
    """The plan's goals named by ``ids`` (all of them when none is named).

    Raises
    ------
    XtForecastError
        For an id that is not in the plan, with the closest one.
    """
    return [_goal_of(plan, i) for i in ids] if ids else list(plan.targets)


def with_knobs(spec, plan, goals, knob_specs, catalog, *, as_of, latest):
    """The scenario with explorer knobs (``NAME=VALUE``) added on the goals' series.

    One set of operations per series (goals on the same series share it), appended after the
    scenario's own, as the explorer and ``xtforecast sweep`` add them; the years are the
    whole plan's projected years (``as_of + 1`` .. horizon).

    Parameters
    ----------
    spec : ScenarioSpec
    plan : Plan
    goals : list of Target
        The goals whose series get the knobs (the not evaluable ones are skipped).
    knob_specs : list of str
        ``NAME=VALUE`` each, one value per knob.
    catalog : Catalog
    as_of : int or None
        The data vintage of the run; None: ``latest``.
    latest : int or None
        The latest observed year.

    Raises
    ------
    XtForecastError
        For a knob given a range of values (a sweep's job) or an unknown knob.
    """
    setting = {}
    for text in knob_specs:
        k = parse_knob(text)
        if len(k.values) != 1:
            raise XtForecastError(f"--knob {text}: project takes one value per knob "
                                  "(NAME=VALUE); sweep a range with `xtforecast sweep`")
        setting[k.name] = k.values[0]
    horizon = plan_horizon(spec, plan)
    as_of = int(as_of if as_of is not None else latest)
    ops, seen = [], set()
    for g in goals:
        if (g.indicator, g.region) in seen or not g.evaluable:
            continue
        seen.add((g.indicator, g.region))
        dicts, _ = knob_operations(g, Knobs(**setting), (as_of + 1, horizon), catalog)
        ops += as_operations(dicts, "--knob")
    return replace(spec, operations=tuple(spec.operations) + tuple(ops), horizon=horizon)


__all__ = ["chosen_goals", "with_knobs"]
