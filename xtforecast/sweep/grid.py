"""Knob grids: ``--knob NAME=START:STOP:STEP`` parsed once, checked, and expanded.

A sweep varies the explorer's knobs (:mod:`xtforecast.knobs`) over a grid; every combination
is one knob setting. Values are rounded to :data:`~xtforecast.knobs.KNOB_DECIMALS` so the value
in the table is the value that was run (``0.1 * 3`` is not ``0.3`` in floating point).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

from ..errors import XtForecastError
from ..knobs import KNOB_DECIMALS
from ..suggest import did_you_mean

#: Knobs a sweep varies, with the unit their values are in (for messages and headers).
SWEEP_KNOBS = {
    "growth_pp": "percentage points of yearly growth",
    "shock_depth": "fraction of the level lost in the shock year (0.05 = 5%)",
    "shock_year": "year",
    "shock_recovery": "years",
    "ratio_pp": "points of 100 x city / province",
    "growth_from": "year",
    "ratio_from": "year",
}
#: Knobs whose values are years or counts of years: whole numbers only.
WHOLE_KNOBS = ("shock_year", "shock_recovery", "growth_from", "ratio_from")
#: The largest grid a sweep accepts (combinations per goal); a typo such as a step of 0.0001
#: would otherwise ask for millions of evaluations.
MAX_COMBINATIONS = 100_000


@dataclass(frozen=True)
class KnobRange:
    """One knob's values in a sweep.

    Attributes
    ----------
    name : str
        A knob of :data:`SWEEP_KNOBS`.
    values : tuple of float or int
        Ascending, ``start`` to ``stop`` inclusive in steps of ``step``.
    """

    name: str
    values: tuple

    def __len__(self) -> int:
        return len(self.values)


def _number(text: str, what: str, spec: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise XtForecastError(f"--knob {spec}: {what} {text!r} is not a number; write "
                              "NAME=START:STOP:STEP, e.g. growth_pp=-2:5:0.5") from None
    if not math.isfinite(v):
        raise XtForecastError(f"--knob {spec}: {what} must be finite, got {text!r}")
    return v


def parse_knob(spec: str) -> KnobRange:
    """Parse ``NAME=START:STOP:STEP`` (or ``NAME=VALUE`` for one value).

    Raises
    ------
    XtForecastError
        For an unknown knob (with the nearest name), a malformed range, a step that does not
        move from start to stop, or whole-number knobs given fractions.

    Examples
    --------
    >>> parse_knob("growth_pp=0:1:0.5").values
    (0.0, 0.5, 1.0)
    >>> parse_knob("shock_year=2021").values
    (2021,)
    """
    name, eq, rng = spec.partition("=")
    name = name.strip()
    if not eq or not rng.strip():
        raise XtForecastError(f"--knob {spec!r}: write NAME=START:STOP:STEP (or NAME=VALUE), "
                              "e.g. growth_pp=-2:5:0.5")
    if name not in SWEEP_KNOBS:
        raise XtForecastError(f"--knob {spec}: unknown knob '{name}'.{did_you_mean(name, SWEEP_KNOBS)} "
                              f"Knobs: {', '.join(SWEEP_KNOBS)}")
    parts = rng.split(":")
    if len(parts) == 1:
        vals = [_number(parts[0], "value", spec)]
    elif len(parts) == 3:
        start, stop, step = (_number(p, w, spec) for p, w in zip(parts, ("start", "stop", "step"), strict=True))
        if step <= 0 or stop < start:
            raise XtForecastError(f"--knob {spec}: need START <= STOP and STEP > 0 (values go up "
                                  f"from START to STOP), got start {start:g}, stop {stop:g}, "
                                  f"step {step:g}")
        n = int(math.floor((stop - start) / step + 1e-9)) + 1
        if n > MAX_COMBINATIONS:
            raise XtForecastError(f"--knob {spec}: {n:,} values; at most {MAX_COMBINATIONS:,}. "
                                  "Use a larger step")
        vals = [start + i * step for i in range(n)]
    else:
        raise XtForecastError(f"--knob {spec}: write NAME=START:STOP:STEP with two colons, or "
                              "NAME=VALUE")
    vals = [round(v, KNOB_DECIMALS) + 0.0 for v in vals]
    if name in WHOLE_KNOBS:
        if any(v != int(v) for v in vals):
            raise XtForecastError(f"--knob {spec}: {name} takes whole numbers ({SWEEP_KNOBS[name]})")
        vals = [int(v) for v in vals]
    return KnobRange(name, tuple(vals))


def check_grid(knobs: list[KnobRange]) -> tuple[KnobRange, ...]:
    """The knob ranges of one sweep: no knob twice, and not too many combinations."""
    names = [k.name for k in knobs]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise XtForecastError(f"knob {twice[0]} is given twice; give each knob one --knob range")
    n = int(np.prod([len(k) for k in knobs])) if knobs else 1
    if n > MAX_COMBINATIONS:
        raise XtForecastError(f"the grid has {n:,} combinations per goal; at most "
                              f"{MAX_COMBINATIONS:,}. Use larger steps or fewer knobs")
    return tuple(knobs)


def combinations(knobs: tuple[KnobRange, ...]) -> list[dict]:
    """Every knob setting of the grid, the last knob varying fastest (``[{}]`` for no knobs)."""
    names = [k.name for k in knobs]
    return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*(k.values for k in knobs))]
