"""The scenario knobs of the explorer and the sweep: one setting becomes scenario operations.

A knob is a number a reader moves (a growth shift in pp a year, a shock's depth and year, a
change of the city/province ratio); :func:`knob_operations` turns a setting into ordinary
scenario operations on one goal's series, which the scenario engine applies like any other.
The explorer (:mod:`xtforecast.explore`) and the sweep (:mod:`xtforecast.sweep`) both use it,
so a knob means the same in both.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import checks
from .errors import XtForecastError
from .scenarios.operations import OPERATIONS
from .scenarios.spec import Operation

#: Knobs the explorer's update accepts besides ``goal``, ``scenario``, ``as_of`` and ``lang``.
KNOB_FIELDS = ("growth_pp", "growth_from", "shock_depth", "shock_year", "shock_recovery",
               "ratio_pp", "ratio_from")
#: Knob values are rounded to this many decimals so the value shown, the value run and the
#: value written to YAML are one and the same number (a slider gives 0.30000000000000004).
KNOB_DECIMALS = 4


@dataclass
class Knobs:
    """The explorer's knobs; each becomes one scenario operation on the goal's series when it
    is not neutral.

    Attributes
    ----------
    growth_pp : float
        ``growth_shift``: percentage points added to the yearly growth from ``growth_from``.
    growth_from : int or None
        Default: the first projected year (``as_of + 1``).
    shock_depth : float
        ``shock``: level dip as a fraction (0.05 = 5 %) in ``shock_year``; 0 = no shock.
    shock_year : int or None
        Default: ``as_of + 1``.
    shock_recovery : int
        Years over which the dip closes (geometric recovery).
    ratio_pp : float
        ``ratio_to_reference``: points added to 100 x city / province from ``ratio_from``
        (the reference is the goal region's parent in the catalog).
    ratio_from : int or None
        Default: ``as_of + 1``.
    """

    growth_pp: float = 0.0
    growth_from: int | None = None
    shock_depth: float = 0.0
    shock_year: int | None = None
    shock_recovery: int = 2
    ratio_pp: float = 0.0
    ratio_from: int | None = None



def _round(v, what: str):
    checks.require(checks.number(v, what="a finite number"), what)
    r = round(float(v), KNOB_DECIMALS)
    return 0.0 if r == 0 else r


def _year(v, default: int, lo: int, hi: int, what: str, notes: list) -> int:
    y = default if v is None else v
    if not checks.is_whole(y):
        raise XtForecastError(f"{what} must be a whole year such as {default}, got {v!r}")
    y = int(y)
    if not lo <= y <= hi:
        # a vintage change can leave a slider's year behind; follow it instead of failing
        notes.append(f"{what} {y} is outside the projected years {lo}–{hi}; using "
                     f"{min(max(y, lo), hi)}")
        y = min(max(y, lo), hi)
    return y


def knob_operations(goal, knobs: Knobs, years: tuple[int, int], catalog
                    ) -> tuple[list[dict], list[str]]:
    """The knobs as scenario operations (dicts in the YAML format) on a goal's series.

    Parameters
    ----------
    goal : xtforecast.targets.Target
        The knobs act on its ``(indicator, region)``.
    knobs : Knobs
    years : (int, int)
        The years a knob may act on (``as_of + 1`` .. horizon); a knob year outside them is
        moved to the nearest and a note says so.
    catalog : Catalog
        For the goal region's parent (``ratio_pp``).

    Neutral knobs (0 pp, no shock) add nothing, so a base scenario whose ``hold`` fixes the
    series is not contradicted by a knob left at zero.

    Returns
    -------
    (list of dict, list of str)
        Operations in application order (growth shift, shock, ratio change) and notes.

    Raises
    ------
    XtForecastError
        For a ratio change on a region without a parent in the catalog, or a non-numeric knob.
    """
    k, g = knobs, goal
    lo, hi = years
    notes: list[str] = []
    ops: list[dict] = []
    base = {"indicator": g.indicator, "region": g.region}
    pp = _round(k.growth_pp, "growth_pp")
    if pp != 0:
        ops.append({"op": "growth_shift", **base, "pp": pp,
                    "from_year": _year(k.growth_from, lo, lo, hi, "growth_from", notes)})
    depth = _round(k.shock_depth, "shock_depth")
    checks.require(checks.fraction(depth), "shock_depth")
    if depth > 0:
        rec = k.shock_recovery
        checks.require(checks.whole_number(rec, 0, what="a whole number of years"), "shock_recovery")
        ops.append({"op": "shock", **base,
                    "year": _year(k.shock_year, lo, lo, hi, "shock_year", notes),
                    "depth": depth, "recovery": int(rec), "shape": "geometric"})
    rpp = _round(k.ratio_pp, "ratio_pp")
    if rpp != 0:
        reg = catalog.regions.get(g.region)
        parent = getattr(reg, "parent", "") if reg is not None else ""
        if not parent:
            raise XtForecastError(f"a ratio change needs the goal's region to have a parent region "
                                  f"(the province) in regions.yaml; '{g.region}' has none. Set "
                                  f"ratio_pp to 0 or add 'parent:' to the region")
        ops.append({"op": "ratio_to_reference", **base, "reference_region": parent,
                    "ratio_change_pp": rpp,
                    "from_year": _year(k.ratio_from, lo, lo, hi, "ratio_from", notes)})
    return ops, notes


def as_operations(op_dicts: list[dict], source: str) -> list:
    """Operation dicts as :class:`~xtforecast.scenarios.spec.Operation` objects (defaults filled,
    ``source`` as their file name in messages)."""
    out = []
    for i, d in enumerate(op_dicts):
        spec = OPERATIONS[d["op"]]
        params = {p: d.get(p, prm.default) for p, prm in spec.params.items()}
        out.append(Operation(op=d["op"], indicator=d["indicator"], region=d["region"],
                             params=params, path=source, line=None,
                             keypath=f"extra_operations[{i}]"))
    return out
