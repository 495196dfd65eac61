"""Write a draft as a registry YAML in the target schema, and strip a reviewed draft for use.

A draft target has the fields of ``data/targets/<plan>.yaml`` plus the drafting fields
(:data:`DRAFT_FIELDS`): ``unit``, ``confidence``, ``rule``, ``review`` and ``new_indicator``.
:func:`clean_registry` removes them, so the reviewed draft loads with ``targets.read_plan``.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .._schema import TARGET_FIELDS
from ..catalog import Catalog
from .extract import Draft, Goal

#: Fields a draft target carries on top of the target schema (removed by :func:`clean_registry`).
DRAFT_FIELDS = ("unit", "confidence", "rule", "review", "new_indicator", "subject")
#: Top-level keys of a draft on top of ``plan`` and ``targets``.
DRAFT_SECTIONS = ("unquantified",)


class _Flow(list):
    """A list written in flow style (``window: [2020, 2022]``)."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v,
                                                                 flow_style=True))


def _value(v):
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def _label_en(goal: Goal, catalog: Catalog) -> str:
    ind = catalog.indicators.get(goal.indicator)
    name = ind.en if ind is not None else goal.indicator.replace("_", " ")
    what = {"net_increase": "net increase", "cumulative": "sum", "growth": "growth %"}.get(goal.type, "")
    span = f"{goal.window[0]}-{goal.window[1]}" if goal.window else str(goal.target_year)
    return f"{name}{' ' + what if what else ''} {goal.comparator} {_value(goal.value)} ({span})"


def _target(goal: Goal, ident: str, base_year: int | None, catalog: Catalog) -> dict:
    if goal.type in ("growth", "net_increase") and not goal.window and goal.target_year:
        # without a window these measure the change in T on T-1 (gap.measures.change_base_year);
        # the plan's base year here would contradict that reading and the loader refuses it
        base_year = goal.target_year - 1
    rec = {
        "id": ident, "indicator": goal.indicator, "region": goal.region, "type": goal.type,
        "comparator": goal.comparator, "value": _value(goal.value),
        "target_year": goal.target_year, "base_year": base_year,
    }
    if goal.window:
        rec["window"] = _Flow(goal.window)
    if goal.relative:
        rec["relative"] = True
    rec |= {
        "binding": goal.binding, "quote": goal.clause.text,
        "label_zh": f"{goal.target_year}年{goal.clause.text}" if goal.target_year else goal.clause.text,
        "label_en": _label_en(goal, catalog),
    }
    if goal.notes:
        rec["note"] = "; ".join(dict.fromkeys(goal.notes))
    rec |= {"unit": goal.unit, "confidence": goal.confidence, "rule": goal.rule,
            "review": goal.review, "new_indicator": goal.new_indicator}
    if goal.new_indicator:
        rec["subject"] = goal.subject  # the words naming it: the zh name of init's stub
    return rec


def draft_registry(draft: Draft, plan_id: str, catalog: Catalog) -> dict:
    """The draft as a registry mapping.

    Parameters
    ----------
    draft : Draft
        Output of :func:`xtforecast.drafting.draft_plan`.
    plan_id : str
        The plan's id (the file stem it will get under ``targets/``).
    catalog : Catalog
        For English labels.

    Returns
    -------
    dict
        ``plan``, ``targets`` (schema fields plus :data:`DRAFT_FIELDS`) and ``unquantified``.
    """
    title = next((ln.strip() for ln in draft.text.body.splitlines()
                  if 4 <= len(ln.strip()) <= 60 and any(w in ln for w in ("方案", "计划", "规划", "意见", "措施"))), "")
    plan = {
        "id": plan_id, "title_zh": title or f"[标题不详] {plan_id}", "title_en": "",
        "source": f"{draft.text.path} (drafted by xtforecast targets draft; encoding {draft.text.encoding})",
        "base_year": draft.base_year.year,
        "note": f"Draft: review every goal (fields review/confidence/rule say where to look). "
                f"base_year from rule '{draft.base_year.rule}'.",
    }
    targets, seen = [], {}
    for g in draft.goals:
        ident = f"{g.indicator}_{g.target_year}" + ("" if g.region == draft.region else f"_{g.region}")
        seen[ident] = seen.get(ident, 0) + 1
        if seen[ident] > 1:
            ident = f"{ident}_{seen[ident]}"
        targets.append(_target(g, ident, draft.base_year.year, catalog))
    unq = [{"quote": c.text, "rule": why} for c, why in draft.unquantified]
    return {"plan": plan, "targets": targets, "unquantified": unq}


def dump_registry(reg: dict, header: str = "") -> str:
    """YAML text of a registry (Chinese kept readable, key order kept)."""
    body = yaml.dump(reg, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    return header + body


def clean_registry(reg: dict) -> dict:
    """A reviewed draft without the drafting fields: loadable by ``targets.read_plan``.

    Goals whose value or year is still empty are left out (they cannot be evaluated); the
    caller reports them.
    """
    targets = []
    for t in reg.get("targets") or []:
        rec = {k: v for k, v in t.items() if k in TARGET_FIELDS and v is not None}
        if rec.get("value") is None or rec.get("target_year") is None:
            continue
        if isinstance(rec.get("window"), list):
            rec["window"] = _Flow(rec["window"])
        targets.append(rec)
    plan = {k: v for k, v in (reg.get("plan") or {}).items() if v is not None}
    return {"plan": plan, "targets": targets}


def header_comment(draft: Draft, rules_path: str) -> str:
    """The comment block on top of a written draft: what was read and how to review it."""
    n_rev = sum(g.review for g in draft.goals)
    return (f"# Draft goal registry of {Path(draft.text.path).name} (read as {draft.text.encoding}).\n"
            f"# {len(draft.goals)} goals drafted, {n_rev} flagged review: true, "
            f"{len(draft.unquantified)} unquantified clause(s) kept at the end.\n"
            f"# Rules: {rules_path}. Check each goal against its quote, then run\n"
            f"# `xtforecast init DIR --plan THIS_FILE` (drafting fields are dropped there).\n")
