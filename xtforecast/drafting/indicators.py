"""Guess the catalog indicator a goal's subject names, or make a new snake_case id.

The guess uses, in order: the keyword table of the rules, then the character-bigram similarity
(Dice) between the subject and every catalog name, among indicators whose unit has the number's
dimension (a percentage never goes to a count). Below the threshold the subject gets a new id
built from the glossary, flagged ``new_indicator``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..catalog import Catalog
from .quantity import Quantity, catalog_dimension
from .rules import Rules


@dataclass(frozen=True)
class Guess:
    """An indicator id, whether the catalog has it, how sure the guess is, and why."""

    id: str
    new: bool
    confidence: float
    how: str


def normalise(text: str, rules: Rules) -> str:
    """Unify spellings (高企 -> 高新技术企业, r&d -> 研发) and drop spaces and punctuation."""
    for a, b in rules.section("indicators")["synonyms"].items():
        text = text.replace(a, b)
    return re.sub(r"[\s\"“”'‘’、,，()（）]", "", text)


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)} or {text}


def similarity(a: str, b: str) -> float:
    """Dice coefficient of the character bigrams of ``a`` and ``b`` (0..1)."""
    x, y = _bigrams(a), _bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


class IndicatorGuesser:
    """Guesses against one catalog; names are normalised once (inputs loaded once, passed down)."""

    def __init__(self, catalog: Catalog, rules: Rules):
        self.catalog, self.rules = catalog, rules
        # Each name twice: without its parenthesised qualifier, and in full. A variant the rules
        # mark ("(口径不明)", "(6月末)") is down-weighted, so it loses to the plain entry.
        variant = re.compile(rules.section("indicators")["variant_markers"])
        self.names: dict[str, list[tuple[str, float]]] = {}
        for i, ind in catalog.indicators.items():
            bare = re.sub(r"\(.*?\)|（.*?）", "", ind.zh)
            w = rules.section("indicators")["variant_weight"] if variant.search(ind.zh) else 1.0
            self.names[i] = [(normalise(bare, rules), w), (normalise(ind.zh, rules), w)]
        gl = rules.section("indicators")["glossary"]
        self.glossary = sorted(gl.items(), key=lambda kv: -len(kv[0]))
        self.new_ids: dict[str, str] = {}

    def _fits(self, ind_id: str, qty: Quantity | None, kind: str | None) -> bool:
        ind = self.catalog.indicators[ind_id]
        if kind and ind.kind != kind:
            return False
        if qty is None:
            return True
        dim = catalog_dimension(ind.unit, self.rules)
        if dim is None:
            return False
        return dim[0] == qty.dim or (qty.dim == "pp" and dim[0] == "percent")

    def guess(self, subject: str, qty: Quantity | None, kind: str | None = None,
              suffix: str = "") -> Guess:
        """The best indicator for ``subject`` (normalised inside) and a number ``qty``."""
        subj = normalise(subject, self.rules)
        for kw in self.rules.keywords:
            ind = kw.get("indicator")
            if kw.pattern.search(subj) and ind in self.catalog.indicators and self._fits(ind, qty, kind):
                return Guess(ind, False, 0.9, f"keyword {kw.pattern.pattern!r}")
        best, score = None, 0.0
        # "每万名从业人员...260件" is a density: only density indicators (per_*) can name it.
        density = qty is not None and qty.dim == "count" and any(
            d.pattern.search(subj) for d in self.rules.density_units)
        for ind_id, names in self.names.items():
            if not self._fits(ind_id, qty, kind):
                continue
            if density and not self.catalog.indicators[ind_id].unit.startswith("per"):
                continue
            s = max(similarity(subj, n) * w for n, w in names)
            if s > score:
                best, score = ind_id, s
        if best is not None and score >= self.rules.section("indicators")["min_similarity"]:
            if suffix == "_added" and self.catalog.indicators[best].kind == "stock":
                flow = best + "_added"
                if flow in self.catalog.indicators:
                    return Guess(flow, False, round(score, 2), f"name similarity {score:.2f} (flow of {best})")
            return Guess(best, False, round(score, 2), f"name similarity {score:.2f}")
        return Guess(self.new_id(subj, suffix), True, 0.3, f"no catalog name above similarity "
                     f"{self.rules.section('indicators')['min_similarity']} (best {score:.2f})")

    def new_id(self, subj: str, suffix: str = "") -> str:
        """A snake_case id for a subject the catalog lacks, the same id for the same subject."""
        key = subj + suffix
        if key in self.new_ids:
            return self.new_ids[key]
        words, i = [], 0
        while i < len(subj):
            for zh, en in self.glossary:
                if subj.startswith(zh, i):
                    if en not in words:
                        words.append(en)
                    i += len(zh)
                    break
            else:
                i += 1
        base = "_".join(words) or "indicator"
        if suffix and not base.endswith(suffix):
            base += suffix
        ident, n = base, 2
        taken = set(self.catalog.indicators) | set(self.new_ids.values())
        while ident in taken:
            ident, n = f"{base}_{n}", n + 1
        self.new_ids[key] = ident
        return ident
