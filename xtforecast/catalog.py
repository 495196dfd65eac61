"""The indicator catalog (``data/indicators.yaml``) and the region list (``data/regions.yaml``).

The catalog is the single authority on what an indicator means: its unit, whether it is a
stock or a flow, which direction is better, its natural bounds, and how derived indicators
are computed from their drivers. Observations and goals are checked against it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import checks, config
from ._schema import (
    DIRECTIONS,
    GROWTH_FAMILIES,
    INDICATOR_FIELDS,
    INDICATOR_KINDS,
    REGION_FIELDS,
    REGION_LEVELS,
)
from .errors import DataError
from .i18n import check_lang
from .records import RecordChecker
from .yamlio import load_yaml


def _in_lang(entry, lang: str) -> str:
    """The name of a catalog entry in ``lang``: its field of that name (``zh`` or ``en``)."""
    return getattr(entry, check_lang(lang))


@dataclass(frozen=True)
class Indicator:
    """One catalog entry. See ``data/indicators.yaml`` for the meaning of each field."""

    id: str
    zh: str
    en: str
    unit: str
    kind: str
    direction: str = "higher"
    bounds: tuple[float | None, float | None] = (None, None)
    formula: str = ""
    drivers: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    population: str = ""
    note: str = ""
    family: str = ""

    @property
    def lower(self) -> float | None:
        return self.bounds[0]

    @property
    def upper(self) -> float | None:
        return self.bounds[1]

    def name(self, lang: str = "zh") -> str:
        """The display name in ``lang`` (``zh`` or ``en``)."""
        return _in_lang(self, lang)


@dataclass(frozen=True)
class Region:
    """One region: a country, province, city, county, district or zone."""

    id: str
    zh: str
    en: str
    level: str
    parent: str = ""
    note: str = ""

    def name(self, lang: str = "zh") -> str:
        """The display name in ``lang`` (``zh`` or ``en``)."""
        return _in_lang(self, lang)


@dataclass
class Catalog:
    """Indicators and regions, looked up by id."""

    indicators: dict[str, Indicator] = field(default_factory=dict)
    regions: dict[str, Region] = field(default_factory=dict)
    indicators_path: str = ""
    regions_path: str = ""

    def indicator(self, id: str) -> Indicator:
        return self.indicators[id]

    def region(self, id: str) -> Region:
        return self.regions[id]

    def indicators_frame(self) -> pd.DataFrame:
        """One row per indicator, for listing (CLI ``indicators``)."""
        rows = []
        for ind in self.indicators.values():
            rows.append({
                "id": ind.id, "zh": ind.zh, "en": ind.en, "unit": ind.unit, "kind": ind.kind,
                "direction": ind.direction,
                "lower": ind.lower, "upper": ind.upper,
                "formula": ind.formula, "levels": ",".join(ind.levels), "family": ind.family,
            })
        return pd.DataFrame(rows)


_REQUIRED_INDICATOR = ("id", "zh", "en", "unit", "kind", "direction")
_REQUIRED_REGION = ("id", "zh", "en", "level")


def _bounds(value) -> tuple[float | None, float | None] | None:
    if value is None:
        return (None, None)
    if not isinstance(value, list) or len(value) != 2:
        return None
    out = []
    for v in value:
        if v is None:
            out.append(None)
        elif checks.is_number(v):
            out.append(float(v))
        else:
            return None
    if out[0] is not None and out[1] is not None and out[0] > out[1]:
        return None
    return (out[0], out[1])


def read_indicators(path: str | Path | None = None) -> tuple[dict[str, Indicator], list]:
    """Read and check ``indicators.yaml``; return the indicators and the list of issues."""
    path = str(path or config.INDICATORS_FILE)
    data, lines = load_yaml(path)
    chk = RecordChecker(path, lines)
    out: dict[str, Indicator] = {}
    if not chk.mapping(data, "", "catalog"):
        return out, chk.issues
    chk.keys(data, "", ["indicators"], ["indicators"])
    items = data.get("indicators")
    if items is None or not chk.list_of(items, "indicators", "indicators"):
        return out, chk.issues
    chk.unique(items, "indicators")
    for i, rec in enumerate(items):
        kp = f"indicators[{i}]"
        if not chk.mapping(rec, kp, "indicator"):
            continue
        ind = _indicator(chk, rec, kp)
        if ind is not None and ind.id not in out:  # a repeated id: chk.unique said so
            out[ind.id] = ind
    _check_drivers(chk, items, out)
    return out, chk.issues


def _indicator(chk: RecordChecker, rec: dict, kp: str) -> Indicator | None:
    """One catalog record checked (its problems added to ``chk``); None if it has any."""
    n_before = len(chk.issues)
    chk.keys(rec, kp, INDICATOR_FIELDS, _REQUIRED_INDICATOR)
    chk.text_id(rec, kp)
    drivers = chk.text_list(rec, kp, "drivers")
    chk.choice(rec, kp, "kind", INDICATOR_KINDS)
    chk.choice(rec, kp, "direction", DIRECTIONS)
    chk.choice(rec, kp, "family", GROWTH_FAMILIES)
    bounds = _bounds(rec.get("bounds"))
    if bounds is None:
        chk.add(f"{kp}.bounds", "bad_bounds",
                f"bounds must be [lower, upper] with numbers or null and lower <= upper, "
                f"got {rec.get('bounds')!r}")
    if rec.get("kind") == "class" and not rec.get("levels"):
        chk.add(kp, "missing_field", "a class indicator needs 'levels' (best first), e.g. [A, B, C]")
    if len(chk.issues) > n_before:
        return None
    return Indicator(
        id=rec["id"], zh=str(rec["zh"]), en=str(rec["en"]), unit=str(rec["unit"]),
        kind=rec["kind"], direction=rec.get("direction", "higher"), bounds=bounds,
        formula=str(rec.get("formula") or ""), drivers=tuple(drivers),
        levels=tuple(str(x) for x in (rec.get("levels") or ())),
        population=str(rec.get("population") or ""), note=str(rec.get("note") or ""),
        family=str(rec.get("family") or ""),
    )


def _check_drivers(chk: RecordChecker, items: list, out: dict[str, Indicator]) -> None:
    """Drivers must themselves be catalogued, or derived indicators cannot be modelled."""
    ids = {r.get("id") for r in items if isinstance(r, dict) and isinstance(r.get("id"), str)}
    for i, rec in enumerate(items):
        if isinstance(rec, dict) and isinstance(rec.get("drivers"), list):
            for j, drv in enumerate(rec["drivers"]):
                if isinstance(drv, str) and drv not in out and drv not in ids:
                    chk.add(f"indicators[{i}].drivers[{j}]", "unknown_indicator",
                            f"driver '{drv}' is not in the catalog")


def read_regions(path: str | Path | None = None) -> tuple[dict[str, Region], list]:
    """Read and check ``regions.yaml``; return the regions and the list of issues."""
    path = str(path or config.REGIONS_FILE)
    data, lines = load_yaml(path)
    chk = RecordChecker(path, lines)
    out: dict[str, Region] = {}
    if not chk.mapping(data, "", "region list"):
        return out, chk.issues
    chk.keys(data, "", ["regions"], ["regions"])
    items = data.get("regions")
    if items is None or not chk.list_of(items, "regions", "regions"):
        return out, chk.issues
    chk.unique(items, "regions")
    ids = {r.get("id") for r in items if isinstance(r, dict) and isinstance(r.get("id"), str)}
    for i, rec in enumerate(items):
        kp = f"regions[{i}]"
        if not chk.mapping(rec, kp, "region"):
            continue
        n_before = len(chk.issues)
        chk.keys(rec, kp, REGION_FIELDS, _REQUIRED_REGION)
        chk.text_id(rec, kp)
        chk.text_id(rec, kp, "parent")
        chk.choice(rec, kp, "level", REGION_LEVELS)
        if isinstance(rec.get("parent"), str) and rec["parent"] and rec["parent"] not in ids:
            chk.known(rec, kp, "parent", ids, "region")
        if len(chk.issues) > n_before or rec.get("id") in out:
            continue
        out[rec["id"]] = Region(id=rec["id"], zh=str(rec["zh"]), en=str(rec["en"]),
                                level=rec["level"], parent=str(rec.get("parent") or ""),
                                note=str(rec.get("note") or ""))
    _check_parent_cycles(out, items, chk)
    return out, chk.issues


def _check_parent_cycles(regions: dict[str, Region], items: list, chk: RecordChecker) -> None:
    """A region may not be its own ancestor: the reference walk up the parents would loop."""
    index = {r["id"]: i for i, r in enumerate(items) if isinstance(r, dict) and isinstance(r.get("id"), str)}
    reported: set[str] = set()
    for start in regions:
        chain, cur = [start], regions[start].parent
        while cur and cur in regions and cur not in chain:
            chain.append(cur)
            cur = regions[cur].parent
        if cur in chain and not reported & set(chain[chain.index(cur):]):
            loop = chain[chain.index(cur):]
            reported |= set(loop)
            chk.add(f"regions[{index[cur]}].parent", "parent_cycle",
                    f"parents form a cycle: {' -> '.join(loop + [cur])}; a region cannot be its "
                    "own ancestor. Fix one 'parent'")


def read_catalog(indicators: str | Path | None = None,
                 regions: str | Path | None = None) -> tuple[Catalog, list, list]:
    """Read the indicator catalog and the region list without raising on their rules.

    Returns
    -------
    (Catalog, list of Issue, list of Issue)
        The catalog of what could be read, the problems of the indicator file and those of the
        region file (a checker reports them per file; :func:`load_catalog` raises them).

    Raises
    ------
    DataError
        When a file is missing or cannot be parsed at all.
    """
    inds, issues_i = read_indicators(indicators)
    regs, issues_r = read_regions(regions)
    return (Catalog(inds, regs, str(indicators or config.INDICATORS_FILE),
                    str(regions or config.REGIONS_FILE)), issues_i, issues_r)


def load_catalog(indicators: str | Path | None = None,
                 regions: str | Path | None = None) -> Catalog:
    """Load the indicator catalog and the region list, raising on any problem.

    Parameters
    ----------
    indicators, regions : path, optional
        Defaults are the bundled ``data/indicators.yaml`` and ``data/regions.yaml``.

    Raises
    ------
    DataError
        Listing every problem in both files.
    """
    catalog, issues_i, issues_r = read_catalog(indicators, regions)
    if issues_i or issues_r:
        raise DataError(issues_i + issues_r)
    return catalog
