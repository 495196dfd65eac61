"""Target registry: the goals of a plan, loaded from ``data/targets/<plan>.yaml``."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from . import checks, config
from ._schema import (
    BINDING,
    COMPARATORS,
    DEFAULT_GROWTH_BASIS,
    GROWTH_BASES,
    PLAN_FIELDS,
    TARGET_FIELDS,
    TARGET_REQUIRED,
    TARGET_TYPES,
)
from .catalog import Catalog, Indicator, load_catalog
from .errors import DataError, Issue
from .records import RecordChecker
from .suggest import did_you_mean
from .yamlio import load_yaml


@dataclass(frozen=True)
class Target:
    """One quantified goal of a plan.

    Attributes
    ----------
    id : str
        Unique within the plan, e.g. ``rd_intensity_2022``.
    indicator, region : str
        Ids from ``data/indicators.yaml`` and ``data/regions.yaml``.
    type : str
        One of ``level, share, net_increase, cumulative, growth, rank, class``.
    comparator : str
        ``>=, >, <=, <, ==``: the goal is met when ``measure <comparator> value``.
    value : float or str
        The threshold. A class label (``"B"``) for ``class`` goals.
    target_year : int
        The year the goal is judged in.
    base_year : int or None
        The year the plan measures from (for ``relative`` goals and required growth).
    window : tuple of int or None
        ``(first, last)`` years summed by a ``cumulative`` goal (inclusive).
    relative : bool
        When true, ``value`` is a change against ``base_year`` (e.g. rank change <= -1).
    binding : str
        ``binding`` (达到/确保) or ``indicative`` (力争).
    evaluable : bool
        False when no public series can measure the goal; ``reason`` says why (``reason_zh``:
        the same in Chinese, for Chinese reports).
    growth_basis : str
        ``growth`` goals only: ``yoy`` (growth in ``target_year`` on the year before, 较上年增长)
        or ``average`` (average annual growth from the base year, ``window[0] - 1`` or
        ``base_year``, to ``target_year``, 年均增长). See :data:`xtforecast._schema.GROWTH_BASES`.
    """

    id: str
    indicator: str
    region: str
    type: str
    comparator: str
    value: float | str
    target_year: int
    quote: str
    base_year: int | None = None
    window: tuple[int, int] | None = None
    relative: bool = False
    binding: str = "binding"
    evaluable: bool = True
    reason: str = ""
    reason_zh: str = ""
    label_zh: str = ""
    label_en: str = ""
    note: str = ""
    plan: str = ""
    growth_basis: str = DEFAULT_GROWTH_BASIS
    extra: dict = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Plan:
    """A plan document and its goals (``data/targets/<id>.yaml``)."""

    id: str
    title_zh: str
    title_en: str
    targets: tuple[Target, ...]
    issuer: str = ""
    document_no: str = ""
    published: str = ""
    source: str = ""
    base_year: int | None = None
    note: str = ""
    path: str = ""

    def frame(self) -> pd.DataFrame:
        """One row per goal, with the registry columns (CLI ``targets``)."""
        rows = []
        for t in self.targets:
            rows.append({
                "plan": self.id, "id": t.id, "indicator": t.indicator, "region": t.region,
                "type": t.type, "comparator": t.comparator, "value": t.value,
                "target_year": t.target_year, "base_year": t.base_year,
                "window": "" if t.window is None else f"{t.window[0]}-{t.window[1]}",
                "relative": t.relative, "binding": t.binding, "evaluable": t.evaluable,
                "reason": t.reason, "reason_zh": t.reason_zh, "quote": t.quote,
                "label_zh": t.label_zh, "label_en": t.label_en,
                "growth_basis": t.growth_basis if t.type == "growth" else "",
            })
        df = pd.DataFrame(rows, columns=TARGET_FRAME_COLUMNS)
        df["base_year"] = df["base_year"].astype("Int64")
        return df


TARGET_FRAME_COLUMNS = [
    "plan", "id", "indicator", "region", "type", "comparator", "value", "target_year",
    "base_year", "window", "relative", "binding", "evaluable", "reason", "reason_zh", "quote",
    "label_zh", "label_en", "growth_basis",
]


def read_plan(path: str | Path, catalog: Catalog | None = None) -> tuple[Plan | None, list[Issue]]:
    """Read and check one target file; return the plan (None if unusable) and all issues."""
    path = str(path)
    catalog = catalog or load_catalog()
    data, lines = load_yaml(path)
    chk = RecordChecker(path, lines)
    if not chk.mapping(data, "", "plan file"):
        return None, chk.issues
    chk.keys(data, "", ["plan", "targets"], ["plan", "targets"])
    meta = data.get("plan") or {}
    if chk.mapping(meta, "plan", "plan"):
        chk.keys(meta, "plan", PLAN_FIELDS, ("id", "title_zh", "source"))
        chk.text_id(meta, "plan")
        if meta.get("base_year") is not None:
            chk.rule("plan.base_year", "bad_year", checks.year(meta["base_year"]))
    items = data.get("targets")
    targets: list[Target] = []
    if items is None or not chk.list_of(items, "targets", "targets"):
        return None, chk.issues
    chk.unique(items, "targets")
    for i, rec in enumerate(items):
        kp = f"targets[{i}]"
        if not chk.mapping(rec, kp, "target"):
            continue
        n_before = len(chk.issues)
        t = _check_target(chk, rec, kp, catalog)
        if t is not None and len(chk.issues) == n_before:
            targets.append(replace(t, plan=str(meta.get("id", ""))))
    if chk.issues:
        return None, chk.issues
    plan = Plan(
        id=str(meta["id"]), title_zh=str(meta.get("title_zh", "")),
        title_en=str(meta.get("title_en", "")), targets=tuple(targets),
        issuer=str(meta.get("issuer", "") or ""), document_no=str(meta.get("document_no", "") or ""),
        published=str(meta.get("published", "") or ""), source=str(meta.get("source", "")),
        base_year=meta.get("base_year"), note=str(meta.get("note", "") or ""), path=path,
    )
    stem = Path(path).stem
    if plan.id != stem:
        chk.add("plan.id", "id_mismatch",
                f"plan id '{plan.id}' must equal the file name '{stem}' so --plan NAME finds it")
        return None, chk.issues
    return plan, []


#: Keys of a goal that take one of a closed set of values (rule ``bad_<key>``).
_TARGET_CHOICES = {"type": TARGET_TYPES, "comparator": COMPARATORS, "binding": BINDING,
                   "growth_basis": GROWTH_BASES}


def _check_target(chk: RecordChecker, rec: dict, kp: str, catalog: Catalog) -> Target | None:
    """Every problem of one goal (each key for its first broken rule); the goal when none."""
    n0 = len(chk.issues)
    ind = _check_names(chk, rec, kp, catalog)
    years = _check_years(chk, rec, kp)
    window = _check_window(chk, rec, kp, years)
    _check_value(chk, rec, kp, ind)
    _check_change_years(chk, rec, kp, years, window)
    _check_flags(chk, rec, kp)
    if len(chk.issues) > n0:
        return None
    value = rec["value"]
    return Target(
        id=str(rec["id"]), indicator=rec["indicator"], region=rec["region"], type=rec["type"],
        comparator=rec["comparator"],
        value=str(value) if rec["type"] == "class" else float(value),
        target_year=int(rec["target_year"]), quote=str(rec["quote"]),
        base_year=rec.get("base_year"), window=tuple(window) if window else None,
        relative=bool(rec.get("relative", False)), binding=rec.get("binding") or "binding",
        evaluable=bool(rec.get("evaluable", True)), reason=str(rec.get("reason") or ""),
        reason_zh=str(rec.get("reason_zh") or ""),
        label_zh=str(rec.get("label_zh") or ""), label_en=str(rec.get("label_en") or ""),
        note=str(rec.get("note") or ""),
        growth_basis=str(rec.get("growth_basis") or DEFAULT_GROWTH_BASIS),
    )


def _check_names(chk: RecordChecker, rec: dict, kp: str, catalog: Catalog) -> Indicator | None:
    """Keys, the id, the closed choices and the catalog names; the goal's indicator if known."""
    chk.keys(rec, kp, TARGET_FIELDS, TARGET_REQUIRED)
    chk.text_id(rec, kp)
    for key, choices in _TARGET_CHOICES.items():
        chk.choice(rec, kp, key, choices)
    ind_ok = chk.known(rec, kp, "indicator", catalog.indicators, "indicator")
    chk.known(rec, kp, "region", catalog.regions, "region")
    return catalog.indicators[rec["indicator"]] if ind_ok else None


def _check_years(chk: RecordChecker, rec: dict, kp: str) -> dict:
    """``target_year`` and ``base_year``; the good ones by key."""
    years = {key: rec[key] for key in ("target_year", "base_year")
             if rec.get(key) is not None and chk.rule(f"{kp}.{key}", "bad_year", checks.year(rec[key]))}
    if "target_year" in years and "base_year" in years and years["base_year"] > years["target_year"]:
        chk.add(f"{kp}.base_year", "bad_year",
                f"base_year {years['base_year']} is after target_year {years['target_year']}")
    return years


def _check_window(chk: RecordChecker, rec: dict, kp: str, years: dict) -> list | None:
    """``window: [first, last]`` (a cumulative goal needs one); the window when good."""
    window = rec.get("window")
    if window is not None:
        if not (isinstance(window, list) and len(window) == 2 and all(checks.is_whole(w) for w in window)
                and window[0] <= window[1]):
            chk.add(f"{kp}.window", "bad_window",
                    f"window must be [first_year, last_year] with first <= last, got {window!r}")
            window = None
        elif "target_year" in years and window[1] != years["target_year"]:
            chk.add(f"{kp}.window", "bad_window",
                    f"window ends in {window[1]} but target_year is {years['target_year']}; they must agree")
    if rec.get("type") == "cumulative" and window is None and "window" not in rec:
        chk.add(kp, "missing_field", "a cumulative goal needs 'window: [first_year, last_year]'")
    return window


def _check_value(chk: RecordChecker, rec: dict, kp: str, ind: Indicator | None) -> None:
    """A class label of the indicator for a ``class`` goal, else a number (missing: said by keys)."""
    value = rec.get("value")
    if value is None:
        return
    if rec.get("type") != "class":
        chk.rule(f"{kp}.value", "non_numeric", checks.number(value))
    elif ind is not None and str(value) not in ind.levels:
        chk.add(f"{kp}.value", "bad_value",
                f"class goal value {value!r} is not a class of '{ind.id}'; valid: {list(ind.levels)}")


def _check_flags(chk: RecordChecker, rec: dict, kp: str) -> None:
    for key in ("evaluable", "relative"):
        if key in rec:
            chk.rule(f"{kp}.{key}", "bad_flag", checks.flag(rec[key]))
    if rec.get("evaluable") is False and not rec.get("reason"):
        chk.add(kp, "missing_field", "a goal marked evaluable: false needs a 'reason'")


def _check_change_years(chk: RecordChecker, rec: dict, kp: str, years: dict, window) -> None:
    """The years a change goal counts from must say one thing (one definition everywhere).

    The measures (:mod:`xtforecast.gap.measures`) read a ``growth`` goal from the year
    :func:`xtforecast.gap.measures.change_base_year` gives; a file that names a different base
    (a year-on-year goal with ``base_year`` two years back, an average with no base at all)
    would be judged on a reading its author did not mean, so it is refused here.
    """
    gtype, T = rec.get("type"), years.get("target_year")
    basis = rec.get("growth_basis")
    if basis is not None and gtype != "growth":
        chk.add(f"{kp}.growth_basis", "bad_growth_basis",
                f"growth_basis applies to growth goals only (this goal is {gtype!r}); remove it")
        return
    if basis is not None and basis not in GROWTH_BASES:
        return  # reported by chk.choice
    if T is None or gtype not in ("growth", "net_increase"):
        return
    base = years.get("base_year")
    start = window[0] - 1 if isinstance(window, list) and len(window) == 2 else None
    if gtype == "growth" and (basis or DEFAULT_GROWTH_BASIS) == "average":
        if base is None and start is None:
            chk.add(kp, "missing_field", "an average-growth goal (growth_basis: average) needs "
                    "'base_year' or 'window: [first, last]': the year the average counts from")
        elif base is not None and start is not None and base != start:
            chk.add(f"{kp}.base_year", "bad_year",
                    f"base_year {base} and window start {start + 1} disagree: the average runs "
                    f"from base_year to target_year, so the window must start in {base + 1}")
        elif (start if start is not None else base) >= T:
            chk.add(f"{kp}.base_year", "bad_year",
                    f"an average-growth goal needs its base year before target_year {T}")
        return
    # year-on-year growth and a net increase without a window are changes over the year T
    if start is None and base is not None and base != T - 1:
        fix = ("growth_basis: average for 年均增长 from the base year" if gtype == "growth"
               else f"window: [{base + 1}, {T}] for the increase since {base}")
        chk.add(f"{kp}.base_year", "bad_year",
                f"a {gtype} goal without a window measures the change in {T} on {T - 1}, but "
                f"base_year is {base}; set base_year: {T - 1}, or {fix}")
    if gtype == "growth" and start is not None and start != T - 1:
        chk.add(f"{kp}.window", "bad_window",
                f"a year-on-year growth goal covers one year ({T}); for growth over "
                f"{start + 1}–{T} set growth_basis: average")


def plan_files(targets_dir: str | Path | None = None) -> list[Path]:
    """All ``*.yaml`` target files in a directory, sorted."""
    return sorted(Path(targets_dir or config.TARGETS_DIR).glob("*.yaml"))


def resolve_plan_path(name: str, targets_dir: str | Path | None = None) -> Path:
    """A plan name (file stem in the targets directory) or a path to a YAML file."""
    p = Path(name)
    if p.suffix in (".yaml", ".yml") and p.exists():
        return p
    d = Path(targets_dir or config.TARGETS_DIR)
    cand = d / f"{name}.yaml"
    if cand.exists():
        return cand
    names = [f.stem for f in plan_files(d)]
    raise DataError([Issue(str(d), None, "--plan", "unknown_plan",
                           f"no plan '{name}'.{did_you_mean(name, names)} Known plans: {', '.join(names)}")])


def load_plan(name: str | Path, catalog: Catalog | None = None,
              targets_dir: str | Path | None = None) -> Plan:
    """Load one plan by name (``xingtai_2020``) or path, raising :class:`DataError` on any problem."""
    plan, issues = read_plan(resolve_plan_path(str(name), targets_dir), catalog)
    if issues:
        raise DataError(issues)
    assert plan is not None
    return plan


def load_plans(targets_dir: str | Path | None = None, catalog: Catalog | None = None) -> list[Plan]:
    """Load every plan in the targets directory, raising with the problems of all files at once."""
    catalog = catalog or load_catalog()
    plans, issues = [], []
    for f in plan_files(targets_dir):
        plan, errs = read_plan(f, catalog)
        issues += errs
        if plan is not None:
            plans.append(plan)
    if issues:
        raise DataError(issues)
    return plans
