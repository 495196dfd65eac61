"""Lay out a data directory for a new plan from its (reviewed) draft registry.

:func:`init_directory` (``xtforecast init DIR --plan DRAFT.yaml``) writes ``DIR/indicators.yaml``
(the catalog, plus a stub for every indicator the draft flags ``new_indicator``),
``DIR/regions.yaml`` (the region list, plus stubs for regions it lacks),
``DIR/targets/<plan>.yaml`` (the draft without its drafting fields) and an
``observations.csv`` with only the header. ``project``, ``report`` and
the explorer then run with ``--data-dir DIR``; goals without data come out ``insufficient_data``.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .._schema import OBS_COLUMNS
from ..errors import DataError, Issue, XtForecastError
from ..report.atomic import write_text
from ..yamlio import load_yaml
from .registry import clean_registry, dump_registry

#: Indicator kind and direction for a stub, by goal type (a table, not an if-chain).
STUB_KIND = {"level": "stock", "net_increase": "stock", "cumulative": "flow", "share": "ratio",
             "growth": "flow", "rank": "rank", "class": "class"}
#: Natural bounds for a stub, by unit (open where the unit has none).
STUB_BOUNDS = {"percent": [0, 100], "rank": [1, None]}


def _stub_indicator(t: dict, levels: list[str]) -> dict:
    unit = str(t.get("unit") or ("rank" if t.get("type") == "rank" else "count"))
    kind = "ratio" if unit in ("percent", "percent_per_year") else STUB_KIND.get(t.get("type"), "stock")
    rec = {"id": t["indicator"], "zh": str(t.get("subject") or t.get("quote") or t["indicator"]),
           "en": t["indicator"].replace("_", " "), "unit": "class" if kind == "class" else unit,
           "kind": kind, "direction": "lower" if kind == "rank" else "higher",
           "bounds": STUB_BOUNDS.get(unit, [0, None] if kind in ("stock", "flow") else [None, None])}
    if kind == "class":
        rec["levels"] = levels
    rec["note"] = ("Stub made by xtforecast init from a drafted goal: name it (zh/en) and check unit, "
                   "kind, bounds; add family: sti if it counts or values S&T activity (R&D, patents, "
                   "certified enterprises, technology markets).")
    return rec


def _append_entries(text: str, entries: list[dict]) -> str:
    """Append list entries to a catalog YAML text, keeping its comments and its indentation."""
    if not entries:
        return text
    # The entries' own indentation: the first list item of the file is a top-level entry
    # (later "- " lines may be nested lists such as bounds).
    items = [ln for ln in text.splitlines() if ln.lstrip().startswith("- ") and not ln.lstrip().startswith("#")]
    indent = (len(items[0]) - len(items[0].lstrip())) if items else 0
    out = text if text.endswith("\n") else text + "\n"
    out += " " * indent + "# stubs added by xtforecast init\n"
    for rec in entries:
        flow = yaml.safe_dump(rec, allow_unicode=True, default_flow_style=True, sort_keys=False, width=10**6)
        out += " " * indent + "- " + flow.strip() + "\n"
    return out


def init_directory(dest: Path, draft_path: Path, catalog, indicators_path: Path,
                   regions_path: Path, force: bool = False) -> dict:
    """Create the data directory of a draft.

    Parameters
    ----------
    dest : Path
        The directory to create (must be empty unless ``force``).
    draft_path : Path
        The reviewed draft (output of ``targets draft``).
    catalog : Catalog
        The catalog the draft was made against; entries it lacks get stubs.
    indicators_path, regions_path : Path
        The files of that catalog, copied with their comments.
    force : bool
        Write into a non-empty directory.

    Returns
    -------
    dict
        ``plan``, ``goals`` (count), ``left_out`` (goal ids without value or year),
        ``new_indicators`` and ``new_regions`` (stub ids).
    """

    if dest.exists() and any(dest.iterdir()) and not force:
        raise XtForecastError(f"{dest} is not empty; choose a new directory or pass --force")
    reg, _ = load_yaml(draft_path)
    if not isinstance(reg, dict) or not isinstance(reg.get("plan"), dict) or "id" not in reg["plan"]:
        raise DataError([Issue(str(draft_path), 1, "plan.id", "missing_field",
                               "a draft needs plan: {id: ...} and targets: (the output of targets draft)")])
    nowhere = [t.get("id") for t in reg.get("targets") or [] if t.get("region") in (None, "", "unknown_region")]
    if nowhere:
        raise DataError([Issue(str(draft_path), None, "targets.region", "unknown_region",
                               f"goals {nowhere} have no region (the text named none): set region: on "
                               f"them, or draft again with --region ID")])
    clean = clean_registry(reg)
    left_out = [t.get("id") for t in reg.get("targets") or [] if t.get("value") is None or t.get("target_year") is None]
    new_inds, new_regs = {}, {}
    for t in reg.get("targets") or []:
        if t.get("indicator") and t["indicator"] not in catalog.indicators and t["indicator"] not in new_inds:
            levels = sorted({str(x.get("value")) for x in reg["targets"] if x.get("indicator") == t["indicator"]})
            new_inds[t["indicator"]] = _stub_indicator(t, levels)
        r = t.get("region")
        if r and r not in catalog.regions and r not in new_regs:
            new_regs[r] = {"id": r, "zh": r, "en": r, "level": "city",
                           "note": "Stub made by xtforecast init: give zh, en, level and parent."}
    plan_id = str(reg["plan"]["id"])
    write_text(dest / "indicators.yaml", _append_entries(Path(indicators_path).read_text(encoding="utf-8"),
                                                         list(new_inds.values())))
    write_text(dest / "regions.yaml", _append_entries(Path(regions_path).read_text(encoding="utf-8"),
                                                      list(new_regs.values())))
    write_text(dest / "targets" / f"{plan_id}.yaml",
               dump_registry(clean, f"# Goals of {plan_id}, from the draft {draft_path.name} (xtforecast init).\n"))
    if not (dest / "observations.csv").exists():
        write_text(dest / "observations.csv", ",".join(OBS_COLUMNS) + "\n")
    return {"plan": plan_id, "goals": len(clean["targets"]), "left_out": left_out,
            "new_indicators": list(new_inds), "new_regions": list(new_regs)}
