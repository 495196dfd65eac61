"""Score a draft registry against a hand-made one (``xtforecast targets score``).

A drafted goal *matches* a gold goal when value, target year, comparator and type agree (the
four things a wrong reading would change the verdict on). Among several candidates the one with
the same region, then the same indicator, then the most similar quote is taken, each goal at
most once. Recall = matched / gold goals, precision = matched / drafted goals. Among matched
pairs the other fields are compared: indicator, window, binding, region and quote overlap.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataError, Issue
from ..yamlio import load_yaml

#: The fields compared among matched goals (field -> how to compare).
FIELD_CHECKS = ("indicator", "window", "binding", "region")


@dataclass
class Score:
    """Counts, rates and the unmatched goals of one comparison."""

    n_gold: int
    n_draft: int
    pairs: list[tuple[dict, dict]]
    missed: list[dict]
    spurious: list[dict]
    fields: dict[str, float] = field(default_factory=dict)

    @property
    def matched(self) -> int:
        return len(self.pairs)

    @property
    def recall(self) -> float:
        return self.matched / self.n_gold if self.n_gold else float("nan")

    @property
    def precision(self) -> float:
        return self.matched / self.n_draft if self.n_draft else float("nan")

    def row(self) -> dict:
        """One summary row (CLI table, CSV, JSON and the benchmark)."""
        out = {"gold": self.n_gold, "drafted": self.n_draft, "matched": self.matched,
               "missed": len(self.missed), "spurious": len(self.spurious),
               "recall": round(self.recall, 3), "precision": round(self.precision, 3)}
        return out | {(k if k == "quote_overlap" else f"{k}_agree"): (round(v, 3) if not math.isnan(v) else None)
                      for k, v in self.fields.items()}


def _same_value(a, b) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-9)
    return str(a) == str(b)


def _key_match(d: dict, g: dict) -> bool:
    return (_same_value(d.get("value"), g.get("value")) and d.get("target_year") == g.get("target_year")
            and d.get("comparator") == g.get("comparator") and d.get("type") == g.get("type"))


def quote_overlap(a: str, b: str) -> float:
    """Share of characters the two quotes have in common, in order (difflib ratio, 0..1)."""
    return difflib.SequenceMatcher(None, str(a or ""), str(b or "")).ratio()


def _tie(d: dict, g: dict) -> float:
    return (2.0 * (d.get("region") == g.get("region")) + 1.0 * (d.get("indicator") == g.get("indicator"))
            + quote_overlap(d.get("quote"), g.get("quote")))


def match_goals(draft: list[dict], gold: list[dict]) -> Score:
    """Pair drafted and gold goals one-to-one and score the pairing.

    Parameters
    ----------
    draft, gold : list of dict
        Target records (``value``, ``target_year``, ``comparator``, ``type``, ...).

    Returns
    -------
    Score
        Pairs agree on value, target year, comparator and type; among candidates the pair with
        the same region, then indicator, then the closest quote is taken first (greedy).
    """
    # best tie-break first; among equals the earlier goals of both files (deterministic)
    cands = sorted((-_tie(d, g), i, j) for i, d in enumerate(draft) for j, g in enumerate(gold)
                   if _key_match(d, g))
    used_d, used_g, pairs = set(), set(), []
    for _, i, j in cands:
        if i not in used_d and j not in used_g:
            used_d.add(i)
            used_g.add(j)
            pairs.append((draft[i], gold[j]))
    sc = Score(len(gold), len(draft), pairs, [g for j, g in enumerate(gold) if j not in used_g],
               [d for i, d in enumerate(draft) if i not in used_d])
    for f in FIELD_CHECKS:
        agree = [(list(d.get(f) or []) == list(g.get(f) or [])) if f == "window" else
                 (d.get(f) or ("binding" if f == "binding" else None))
                 == (g.get(f) or ("binding" if f == "binding" else None)) for d, g in pairs]
        sc.fields[f] = sum(agree) / len(agree) if agree else float("nan")
    ov = [quote_overlap(d.get("quote"), g.get("quote")) for d, g in pairs]
    sc.fields["quote_overlap"] = sum(ov) / len(ov) if ov else float("nan")
    return sc


def _targets(path: str | Path) -> list[dict]:
    data, _ = load_yaml(path)
    items = data.get("targets") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise DataError([Issue(str(path), 1, "targets", "missing_field",
                               "a registry needs a 'targets:' list (the output of targets draft, "
                               "or a file like data/targets/xingtai_2020.yaml)")])
    return [t for t in items if isinstance(t, dict)]


def score_draft(draft_path: str | Path, gold_path: str | Path) -> Score:
    """Score the registry at ``draft_path`` against the gold registry at ``gold_path``.

    Both are read as plain YAML (no catalog check), so a draft with new indicator ids, or a gold
    file using ids of another catalog, can be scored.

    Parameters
    ----------
    draft_path, gold_path : path
        Registries with a ``targets:`` list (a draft, or a file like ``data/targets/*.yaml``).

    Returns
    -------
    Score
        Counts, recall, precision, per-field agreement, and the missed and spurious goals.

    Raises
    ------
    DataError
        When a file is missing, is not YAML, or has no ``targets:`` list.
    """
    return match_goals(_targets(draft_path), _targets(gold_path))
