"""What the gap layer knows of an indicator and of its observed series.

:class:`IndicatorFacts` are the catalog's facts (direction, bounds, kind, class levels,
monotone), passed whole from the batch to the evaluation of one goal. :class:`ObservedSeries`
is one series as of a vintage: year -> face value and bound (``""``, ``">="``, ``"<="``), one
figure per year.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..observations import known_by
from ..targets import Target
from .measures import COMPARATOR_SIGN, class_ordinal


@dataclass(frozen=True)
class IndicatorFacts:
    """The catalog facts a goal needs.

    Attributes
    ----------
    direction : str
        ``higher`` or ``lower`` (which way is better).
    bounds : tuple
        Natural (lower, upper) bounds; None for open.
    kind : str
        ``stock``, ``flow``, ``ratio``, ``rank`` or ``class``.
    levels : tuple of str
        Class labels best-first (class indicators).
    monotone : bool
        The stock cannot fall (an optional catalog flag; default False, because counts such as
        high-tech enterprises lose certificates that are not renewed).
    """

    direction: str = "higher"
    bounds: tuple = (None, None)
    kind: str = "stock"
    levels: tuple = ()
    monotone: bool = False

    @property
    def d(self) -> int:
        return -1 if self.direction == "lower" else 1

    @property
    def is_flow(self) -> bool:
        """The series itself is the increase (catalog kind ``flow``)."""
        return self.kind == "flow"


#: The facts of a stock's reported additions (``<indicator>_added``): a flow, never negative.
ADDITIONS = IndicatorFacts(bounds=(0, None), kind="flow")


def indicator_facts(entry) -> IndicatorFacts:
    """Catalog facts from an :class:`xtforecast.catalog.Indicator`, a dict, or None (defaults)."""
    if entry is None:
        return IndicatorFacts()
    get = entry.get if isinstance(entry, Mapping) else (lambda k, dflt=None: getattr(entry, k, dflt))
    bounds = get("bounds", None) or (None, None)
    return IndicatorFacts(direction=get("direction", "higher") or "higher",
                          bounds=(bounds[0], bounds[1]), kind=get("kind", "stock") or "stock",
                          levels=tuple(get("levels", ()) or ()),
                          monotone=bool(get("monotone", False)))


def goal_direction(target: Target, facts: IndicatorFacts) -> int:
    """Desired direction: the comparator's (a ``<=`` goal wants lower), else the catalog's."""
    return COMPARATOR_SIGN.get(target.comparator, 0) or facts.d


def goal_value(target: Target, facts: IndicatorFacts) -> float:
    """The goal's value on its measure's scale (a class goal's ordinal; NaN for an unknown class)."""
    if target.type == "class":
        return class_ordinal(target.value, facts.levels)
    return float(target.value)


@dataclass(frozen=True)
class ObservedSeries:
    """One observed series as of ``as_of``: year -> (face value, bound)."""

    years: np.ndarray
    values: np.ndarray
    bounds: np.ndarray

    @classmethod
    def from_frame(cls, df: pd.DataFrame | None, as_of: int | None, levels=()) -> ObservedSeries:
        """The series of a tidy frame (``year``, ``value``, optionally ``bound`` and ``kind``):
        goal rows dropped, only what was known by ``as_of``, one figure per year."""
        if df is None or len(df) == 0:
            return cls(np.zeros(0, int), np.zeros(0), np.zeros(0, object))
        # numpy from here on: this runs for every goal of a batch, pandas masks cost too much
        yrs = df["year"].to_numpy().astype(int)
        raw = df["value"].to_numpy()
        bnd = (df["bound"].fillna("").astype(str).to_numpy() if "bound" in df.columns
               else np.full(len(df), "", object))
        keep = np.ones(len(df), bool)
        if "kind" in df.columns:
            keep &= df["kind"].astype(str).to_numpy() != "target"  # a goal is never an observation
        if as_of is not None:
            keep &= known_by(df, as_of).to_numpy()  # published by then, else year <= as_of
        yrs, raw, bnd = yrs[keep], raw[keep], bnd[keep]
        vals = np.array([class_ordinal(v, levels) if levels else _num(v) for v in raw], float)
        ok = np.isfinite(vals)
        yrs, vals, bnd = yrs[ok], vals[ok], bnd[ok]
        # one figure per year: an exact figure beats a bound; otherwise the last row wins
        order = np.lexsort((bnd == "", yrs))
        yrs, vals, bnd = yrs[order], vals[order], bnd[order]
        last = np.r_[yrs[1:] != yrs[:-1], True] if yrs.size else np.zeros(0, bool)
        return cls(yrs[last], vals[last], bnd[last])

    def __len__(self) -> int:
        return int(self.years.size)

    def has(self, year: int) -> bool:
        return bool(np.any(self.years == year))

    def value(self, year: int) -> float:
        i = np.flatnonzero(self.years == year)
        return float(self.values[i[0]]) if i.size else np.nan

    def bound(self, year: int) -> str:
        i = np.flatnonzero(self.years == year)
        return str(self.bounds[i[0]]) if i.size else ""

    def exact(self, years) -> bool:
        """Every observed year of ``years`` is an exact figure (not a bound)."""
        return all(self.bound(y) == "" for y in years if self.has(y))

    def interval(self, year: int, natural: tuple) -> tuple[float, float]:
        v, b = self.value(year), self.bound(year)
        lo_nat = -np.inf if natural[0] is None else float(natural[0])
        hi_nat = np.inf if natural[1] is None else float(natural[1])
        if b == ">=":
            return (v, hi_nat)
        if b == "<=":
            return (lo_nat, v)
        return (v, v)

    def upto(self, year: int) -> ObservedSeries:
        keep = self.years <= year
        return ObservedSeries(self.years[keep], self.values[keep], self.bounds[keep])

    @property
    def latest_exact(self) -> bool:
        return bool(len(self) and self.bounds[-1] == "")

    @property
    def n_exact(self) -> int:
        return int(np.sum(self.bounds == "")) if len(self) else 0

    def evidence_counts(self) -> dict:
        """What :func:`~xtforecast.gap.evidence.evidence_grade` reads of a series."""
        return {"n_obs": len(self), "n_exact": self.n_exact,
                "latest_year": int(self.years[-1]) if len(self) else None,
                "latest_exact": self.latest_exact}


def _num(v) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return np.nan
