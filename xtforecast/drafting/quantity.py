"""Numbers with units in a clause, and their scaling to a catalog unit (万 and 亿 expanded)."""

from __future__ import annotations

from dataclasses import dataclass

from .rules import Rules


@dataclass(frozen=True)
class Quantity:
    """A number as written: ``num`` ``mult`` ``unit`` at ``start:end`` of the clause.

    ``base`` is the value in the dimension's base unit (3.5万名 -> 35000 count, 1.25万亿元 ->
    1.25e12 yuan); :func:`in_unit` turns it into a catalog unit.
    """

    start: int
    end: int
    num: float
    mult: str
    unit: str
    dim: str
    base: float

    @property
    def written(self) -> str:
        return f"{self.mult}{self.unit}"


def find_quantities(masked: str, rules: Rules) -> list[Quantity]:
    """Every number with a unit in the (parenthesis-masked) clause text, in order."""
    q = rules.section("quantity")
    out = []
    for m in rules.quantity.finditer(masked):
        # "2.5%" is a number; "1.高技术产业" (a list number) has no unit and never matches.
        if m.start() > 0 and (masked[m.start() - 1].isdigit() or masked[m.start() - 1] == "."):
            continue
        mult, unit = m.group("mult") or "", m.group("unit")
        num = float(m.group("num"))
        dim = q["units"].get(unit, q["unit_default_dimension"])
        factor = q["multipliers"].get(mult, 1.0)
        out.append(Quantity(m.start(), m.end(), num, mult, unit, dim, num * factor))
    return out


def goal_quantities(masked: str, quantities: list[Quantity], rules: Rules) -> list[Quantity]:
    """Drop size thresholds inside noun phrases ("3000平米以上的众创空间5家" keeps only 5家).

    A number followed by "(以上)的" is a threshold only when another number follows it in the
    clause; "拥有500家以上的高新技术企业" is itself the goal.
    """
    keep = []
    for i, qty in enumerate(quantities):
        later = quantities[i + 1:]
        if later and rules.qualifier_after.search(masked[qty.end:]):
            continue
        keep.append(qty)
    return keep


def catalog_dimension(unit: str, rules: Rules) -> tuple[str, float] | None:
    """(dimension, factor) of a catalog unit, or None for a unit the rules do not know."""
    rec = rules.section("quantity")["catalog_units"].get(unit)
    return (rec[0], float(rec[1])) if rec else None


def in_unit(qty: Quantity, unit: str, rules: Rules) -> float | None:
    """The quantity in catalog ``unit``, or None when the dimensions differ."""
    dim = catalog_dimension(unit, rules)
    if dim is None:
        return qty.num if qty.mult == "" else None
    if qty.dim == "pp" and dim[0] == "percent":
        return qty.num
    if dim[0] != qty.dim:
        return None
    value = qty.base / dim[1]
    return float(round(value, 10))


def new_unit(qty: Quantity, subject: str, rules: Rules) -> str:
    """The unit to give a new indicator: as written (万平方米 -> 10k_m2), a density, or by dimension."""
    q = rules.section("quantity")
    written = q["new_indicator_units"].get(qty.written)
    if written:
        return written
    if qty.dim == "count":
        for d in rules.density_units:
            if d.pattern.search(subject):
                return d.get("unit")
    return q["new_indicator_dimension_units"].get(qty.dim, qty.dim)
