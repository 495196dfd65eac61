"""The scenario file format: load, inherit (``extends``), validate.

A scenario is a YAML file ``scenarios/<name>.yaml``; ``scenarios/README.md`` documents every
key. Validation collects every problem of every file in the ``extends`` chain in one pass and
raises one :class:`ScenarioCheckError` listing them, each with file, line and key path, the
rule, what came and how to fix it (with a "did you mean" where a name is misspelled). The value
rules are :mod:`xtforecast.checks`; the checks across operations (years, contradictions) are
:mod:`xtforecast.scenarios.consistency`.

Inheritance: a child's top-level keys replace the parent's; ``operations`` in the child
*replaces* the parent's list; ``extra_operations`` *appends* to the inherited list.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import catalog as _catalog  # through the module: a test counts the reads by patching it
from .. import checks, config
from ..errors import DataError, Issue, IssuesError, ScenarioError, XtForecastError
from ..i18n import check_lang
from ..names import is_scenario_path
from ..observations import KNOWN_FROM
from ..records import RecordChecker
from ..suggest import did_you_mean
from ..targets import load_plan
from ..yamlio import line_of, load_yaml
from .consistency import check_consistency
from .operations import COMMON_KEYS, OPERATIONS

#: Top-level keys of a scenario file, in the order the README lists them.
SCENARIO_FIELDS = (
    "name", "label_zh", "label_en", "description_zh", "description_en", "extends", "plan", "region", "as_of",
    "known_from", "horizon", "n_sims", "seed", "operations", "extra_operations", "note",
)
#: Keys every scenario must have after inheritance.
SCENARIO_REQUIRED = ("label_zh", "label_en", "description_zh", "description_en")
#: Keys a report reads in the reader's language: ``<key>_zh`` and ``<key>_en``. A zh report is
#: Chinese throughout and an en report English throughout, so each language has its own text
#: (issue 14, item 5) and a key without a language (the old ``description``) is refused.
PER_LANGUAGE = ("label", "description")
#: Which script each language's text must be in (a Chinese label written in English, or the
#: reverse, is the slip this catches).
_HAN = re.compile(r"[\u3400-\u9fff]")
DEFAULT_PLAN = "xingtai_2020"
DEFAULT_N_SIMS = 2000
DEFAULT_SEED = 20200321


class ScenarioCheckError(IssuesError, ScenarioError):
    """One or more scenario files break rules; ``issues`` lists them all."""

    noun = "scenario problem"

    def __init__(self, issues: list[Issue]):
        super().__init__(issues)


@dataclass(frozen=True)
class Operation:
    """One operation of a scenario, after validation.

    Attributes
    ----------
    op : str
        A name in :data:`xtforecast.scenarios.operations.OPERATIONS`.
    indicator : str or None
        None until resolved (``target_path`` may take it from its goal).
    region : str or None
        None means the scenario's default region (the plan's city).
    params : dict
        The operation's own parameters, defaults filled in.
    path : str
        The file it was written in; ``line`` and ``keypath`` locate it there.
    """

    op: str
    indicator: str | None
    region: str | None
    params: dict
    path: str = ""
    line: int | None = None
    keypath: str = ""
    note: str = ""

    def where(self) -> str:
        return f"{self.path}:{self.line}: {self.keypath}"

    def describe(self) -> str:
        args = ", ".join(f"{k}={v}" for k, v in self.params.items() if v is not None)
        return f"{self.op}({self.indicator or '?'}@{self.region or 'default'}; {args})"


@dataclass(frozen=True)
class ScenarioSpec:
    """A resolved scenario (inheritance applied, defaults filled, validated).

    Attributes
    ----------
    name, label_zh, label_en, description_zh, description_en : str
        Labels and descriptions per language (:meth:`label`, :meth:`description`).
    extends : str or None
        The parent's name, as written.
    plan : str
        Target file name in ``data/targets`` (default ``xingtai_2020``).
    region : str or None
        Default region of operations; None = the plan's city (most frequent city of its goals).
    as_of : int or None
        Data vintage; None = the latest year in the data.
    known_from : {"published", "year"}
        When a figure counts as known at ``as_of``
        (:data:`xtforecast.observations.KNOWN_FROM`): from its publication (default), or from
        the end of its year, as the plan's own authors knew their statistics.
    horizon : int or None
        Last projected year; None = the latest target year of the plan.
    n_sims, seed : int
    operations : tuple of Operation
        In application order.
    path : str
        The scenario's own file.
    chain : tuple of str
        Files of the ``extends`` chain, root first, this file last.
    """

    name: str
    label_zh: str
    label_en: str
    description_zh: str
    description_en: str
    plan: str = DEFAULT_PLAN
    region: str | None = None
    as_of: int | None = None
    known_from: str = "published"
    horizon: int | None = None
    n_sims: int = DEFAULT_N_SIMS
    seed: int = DEFAULT_SEED
    operations: tuple[Operation, ...] = ()
    extends: str | None = None
    path: str = ""
    chain: tuple[str, ...] = ()
    note: str = ""
    lines: dict = field(default_factory=dict, compare=False, repr=False)

    def label(self, lang: str) -> str:
        """The scenario's name for readers of ``lang`` (``zh`` or ``en``)."""
        return _per_lang(self, "label", lang)

    def description(self, lang: str) -> str:
        """What the scenario assumes, in ``lang``, on one line."""
        return " ".join(_per_lang(self, "description", lang).split())

    def file_hash(self) -> str:
        """SHA-256 over the bytes of every file of the ``extends`` chain, root first."""
        h = hashlib.sha256()
        for p in self.chain:
            data = Path(p).read_bytes()
            h.update(f"{Path(p).name}\0{len(data)}\0".encode())
            h.update(data)
        return h.hexdigest()

    def frame_row(self) -> dict:
        """One row for ``scenarios list``."""
        return {"name": self.name, "label_zh": self.label_zh, "label_en": self.label_en,
                "extends": self.extends, "plan": self.plan,
                "as_of": "latest" if self.as_of is None else self.as_of,
                "known_from": self.known_from,
                "horizon": self.horizon,  # None: empty in a table or CSV, null in JSON
                "n_sims": self.n_sims, "seed": self.seed, "operations": len(self.operations),
                "description": self.description("en")}


def _per_lang(spec: ScenarioSpec, key: str, lang: str) -> str:
    return getattr(spec, f"{key}_{check_lang(lang)}")


# -- locating files -----------------------------------------------------------------------------

def scenario_files(directory: str | Path | None = None) -> list[Path]:
    """Every ``*.yaml`` scenario in ``directory`` (default ``scenarios/``), sorted by name."""
    d = Path(directory or config.SCENARIOS_DIR)
    return sorted(d.glob("*.yaml"))


def resolve_scenario_path(name_or_path: str | Path, directory: str | Path | None = None) -> Path:
    """A scenario name (file stem in ``directory``) or a path to a YAML file.

    Raises
    ------
    ScenarioError
        With the known names and the nearest one when nothing matches.
    """
    p = Path(name_or_path)
    if is_scenario_path(p):
        if p.exists():
            return p
        raise ScenarioError(f"scenario file '{p}' not found; check the path, or give a name "
                            f"from {directory or config.SCENARIOS_DIR}")
    d = Path(directory or config.SCENARIOS_DIR)
    cand = d / f"{name_or_path}.yaml"
    if cand.exists():
        return cand
    names = [f.stem for f in scenario_files(d)]
    raise ScenarioError(f"no scenario '{name_or_path}' in {d}.{did_you_mean(str(name_or_path), names)} "
                        f"Known scenarios: {', '.join(names) or '(none)'}")


# -- per-file checks ----------------------------------------------------------------------------

def _growth_pp(value) -> str | None:
    if checks.number(value, -100, lo_open=True) is None:
        return None
    return (f"must be percentage points of growth above -100, got {value!r}: growth below -100% "
            "would make the series negative. For a fall of 20% a year write pp: -20 (relative to "
            "the projected growth)")


def _recovery(value) -> str | None:
    if checks.whole_number(value, 0) is None or (
            isinstance(value, list) and all(checks.number(a, 0, 1) is None for a in value)):
        return None
    return ("must be a whole number of years >= 0, or a list of the shares still missing in each "
            f"later year (e.g. [0.6, 0.2]), got {value!r}")


#: The rule of each kind of operation parameter (:class:`~xtforecast.scenarios.operations.Param`):
#: kind -> (rule name, ``check(value, choices) -> problem or None``).
VALUE_RULES = {
    "year": ("bad_year", lambda v, _: checks.year(v)),
    "number": ("bad_value", lambda v, _: checks.number(v)),
    "growth_pp": ("bad_value", lambda v, _: _growth_pp(v)),
    "positive": ("bad_value", lambda v, _: checks.number(v, 0, lo_open=True)),
    "fraction": ("bad_value", lambda v, _: checks.fraction(v)),
    "recovery": ("bad_value", lambda v, _: _recovery(v)),
    "str": ("bad_value", lambda v, _: checks.text(v)),
    "choice": ("bad_value", checks.choice),
}

#: Top-level settings of a scenario file: key -> (rule name, check). ``as_of`` may also be
#: ``latest`` (or empty): the latest year of the data.
SETTING_RULES = {
    "as_of": ("bad_year", checks.year),
    "known_from": ("bad_value", lambda v: checks.choice(v, KNOWN_FROM)),
    "horizon": ("bad_year", checks.year),
    "n_sims": ("bad_value", checks.n_sims),
    "seed": ("bad_value", checks.seed),
}
#: Top-level keys holding text: labels, descriptions, names.
TEXT_FIELDS = ("label_zh", "label_en", "description_zh", "description_en", "extends", "plan",
               "region", "note")


def _check_value(chk: RecordChecker, kp: str, kind: str, value, choices=()) -> bool:
    """One parameter value against the rule of its kind; adds an issue and returns False when bad."""
    rule, check = VALUE_RULES[kind]  # a kind without a rule is a bug of the operation's spec
    return chk.rule(kp, rule, check(value, choices))


def _check_operation(chk: RecordChecker, rec, kp: str, catalog, plan) -> Operation | None:
    """Every problem of one operation (each key for its first broken rule); the operation if none."""
    if not chk.mapping(rec, kp, "operation"):
        return None
    n0 = len(chk.issues)
    spec = _op_spec(chk, rec, kp)
    # the names are checked under an unknown operation too: a misspelt indicator is a second problem
    _check_op_names(chk, rec, kp, catalog, spec)
    if spec is None:
        return None
    params = _check_params(chk, rec, kp, spec)
    indicator, region = _resolve_target(chk, rec, kp, spec, params, plan)
    if len(chk.issues) > n0:
        return None
    return Operation(op=spec.name, indicator=indicator, region=region, params=params, path=chk.path,
                     line=line_of(chk.lines, kp), keypath=kp, note=str(rec.get("note") or ""))


def _op_spec(chk: RecordChecker, rec, kp: str):
    """The registered operation ``op:`` names, or None (and the issue)."""
    name = rec.get("op")
    if name is None:
        chk.add(kp, "missing_field", f"every operation needs 'op:', one of: {', '.join(OPERATIONS)}")
        return None
    if name not in OPERATIONS:
        chk.add(f"{kp}.op", "unknown_operation",
                f"unknown operation '{name}'.{did_you_mean(str(name), OPERATIONS)} "
                f"Valid operations: {', '.join(OPERATIONS)}")
        return None
    return OPERATIONS[name]


def _check_op_names(chk: RecordChecker, rec, kp: str, catalog, spec) -> None:
    """``indicator``, ``region`` (and ``reference_region``) are ids, of the catalog when given."""
    for key in ("indicator", "region"):
        if key in rec and not (isinstance(rec[key], str) and rec[key]):
            chk.add(f"{kp}.{key}", "bad_value", f"{key} must be an id, got {rec[key]!r}")
    if catalog is None:
        return
    names = {"indicator": catalog.indicators, "region": catalog.regions}
    if spec is not None and "reference_region" in spec.params:
        names["reference_region"] = catalog.regions
    for key, known in names.items():
        if isinstance(rec.get(key), str):
            chk.known(rec, kp, key, known, "indicator" if key == "indicator" else "region")


def _check_params(chk: RecordChecker, rec, kp: str, spec) -> dict:
    """The operation's own keys and parameters; the good ones, defaults filled in."""
    chk.keys(rec, kp, list(COMMON_KEYS) + list(spec.params),
             [k for k, p in spec.params.items() if p.required])
    if not spec.needs_target and not rec.get("indicator"):
        chk.add(kp, "missing_field", f"'{spec.name}' needs 'indicator:' (an id of the indicator catalog)")
    params = {}
    for pname, p in spec.params.items():
        if rec.get(pname) is None:
            params[pname] = p.default
        elif _check_value(chk, f"{kp}.{pname}", p.kind, rec[pname], p.choices):
            params[pname] = rec[pname]
    for group in spec.one_of:
        given = [g for g in group if rec.get(g) is not None]
        if len(given) != 1:
            chk.add(kp, "one_of", f"'{spec.name}' needs exactly one of {', '.join(group)}; got "
                    f"{', '.join(given) or 'none'}")
    y0, y1 = params.get("from_year"), params.get("to_year")
    if checks.is_whole(y0) and checks.is_whole(y1) and y1 < y0:
        chk.add(f"{kp}.to_year", "bad_year", f"to_year {y1} is before from_year {y0}; the window is "
                "[from_year, to_year]")
    return params


def _resolve_target(chk: RecordChecker, rec, kp: str, spec, params: dict, plan) -> tuple:
    """``(indicator, region)`` of the operation: its own, or the goal's it names (``target_path``)."""
    indicator, region = rec.get("indicator"), rec.get("region")
    if not (spec.needs_target and isinstance(params.get("target"), str) and plan is not None):
        return indicator, region
    goals = {t.id: t for t in plan.targets}
    tgt = goals.get(params["target"])
    if tgt is None:
        chk.add(f"{kp}.target", "unknown_target",
                f"no goal '{params['target']}' in plan '{plan.id}'.{did_you_mean(params['target'], goals)} "
                f"Run `xtforecast targets --plan {plan.id}` for the ids")
        return indicator, region
    for key, val in (("indicator", tgt.indicator), ("region", tgt.region)):
        if rec.get(key) not in (None, val):
            chk.add(f"{kp}.{key}", "target_mismatch",
                    f"goal '{tgt.id}' is on {key} '{val}', not '{rec[key]}'; drop '{key}:' "
                    "(it is taken from the goal) or name another goal")
    return tgt.indicator, tgt.region


def _check_file(path: Path, data, lines, catalog, plan_loader,
                inherited_plan: str | None = None) -> tuple[dict, list[Issue]]:
    """Check one file's own keys; return its normalised fields and issues."""
    chk = RecordChecker(str(path), lines)
    out: dict = {}
    if not chk.mapping(data, "", "scenario"):
        return out, chk.issues
    _check_top_keys(chk, data, path)
    _check_texts(chk, data, out)
    _check_settings(chk, data, out)
    if "region" in out and catalog is not None:
        chk.known(data, "", "region", catalog.regions, "region")
    plan, plan_issue = plan_loader(out.get("plan") or inherited_plan)
    if plan_issue and "plan" in data:
        chk.add("plan", "unknown_plan", plan_issue)
    for key in ("operations", "extra_operations"):
        if key in data:
            items = data[key] if data[key] is not None else []
            if chk.list_of(items, key, "operations"):
                ops = [_check_operation(chk, rec, f"{key}[{i}]", catalog, plan)
                       for i, rec in enumerate(items)]
                out[key] = [o for o in ops if o is not None]
    return out, chk.issues


def _check_top_keys(chk: RecordChecker, data: Mapping, path: Path) -> None:
    for key in data:
        if key in PER_LANGUAGE:
            chk.add(str(key), "per_language", f"'{key}' has no language: a report is read in one "
                    f"language, so write '{key}_zh' (Chinese) and '{key}_en' (English) instead")
        elif key not in SCENARIO_FIELDS:
            chk.add(str(key), "unknown_key", f"unknown key '{key}'.{did_you_mean(str(key), SCENARIO_FIELDS)} "
                    f"Valid keys: {', '.join(SCENARIO_FIELDS)}")
    if "name" in data and data["name"] != path.stem:
        chk.add("name", "name_mismatch", f"name '{data['name']}' must equal the file stem "
                f"'{path.stem}' (the name is how --scenario finds the file); rename one of them")


def _check_texts(chk: RecordChecker, data: Mapping, out: dict) -> None:
    for key in TEXT_FIELDS:
        if key in data and chk.rule(key, "bad_value", checks.text(data[key])):
            out[key] = data[key]
            _check_script(chk, key, data[key])


def _check_settings(chk: RecordChecker, data: Mapping, out: dict) -> None:
    for key, (rule, check) in SETTING_RULES.items():
        if key not in data:
            continue
        v = data[key]
        if key == "as_of" and (v == "latest" or v is None):
            out[key] = None
        elif chk.rule(key, rule, check(v)):
            out[key] = v


def _check_script(chk: RecordChecker, key: str, value: str) -> None:
    """``*_zh`` text must contain Chinese and ``*_en`` text none (a swapped or untranslated
    label would put the wrong language into a report)."""
    if key.endswith("_zh") and not _HAN.search(value):
        chk.add(key, "wrong_language", f"{key} must be written in Chinese, got {value!r}; "
                f"put the English text in '{key[:-3]}_en'")
    elif key.endswith("_en") and _HAN.search(value):
        chk.add(key, "wrong_language", f"{key} must be written in English (no Chinese "
                f"characters; romanize names, e.g. 邢台 -> Xingtai), got {value!r}")


# -- inheritance --------------------------------------------------------------------------------

def _chain(path: Path, directory: Path | None) -> tuple[list[tuple[Path, object, dict]], list[Issue]]:
    """The ``extends`` chain, root first: (path, data, lines) per file; issues if broken."""
    chain: list[tuple[Path, object, dict]] = []
    seen: list[Path] = []
    cur = path
    while True:
        real = cur.resolve()
        if real in seen:
            names = " -> ".join(p.stem for p in seen + [real])
            last_path, last_data, last_lines = chain[-1]  # the file asked for
            return [], [Issue(str(last_path), line_of(last_lines, "extends"), "extends",
                              "circular_extends",
                              f"circular extends: {names}; a scenario cannot inherit from itself "
                              "through its parents. Remove 'extends' from one of them")]
        seen.append(real)
        try:
            data, lines = load_yaml(cur)
        except DataError as exc:
            return [], exc.issues
        chain.insert(0, (cur, data, lines))
        parent = data.get("extends") if isinstance(data, Mapping) else None
        if not parent:
            return chain, []
        if not isinstance(parent, str):
            return [], [Issue(str(cur), line_of(lines, "extends"), "extends", "bad_value",
                              f"extends must be a scenario name, got {parent!r}")]
        here = cur.parent
        cand = [here / f"{parent}.yaml", Path(directory or config.SCENARIOS_DIR) / f"{parent}.yaml"]
        if parent.endswith((".yaml", ".yml")):
            cand.insert(0, here / parent)
        nxt = next((c for c in cand if c.exists()), None)
        if nxt is None:
            names = sorted({f.stem for d in (here, Path(directory or config.SCENARIOS_DIR))
                            for f in d.glob("*.yaml")})
            return [], [Issue(str(cur), line_of(lines, "extends"), "extends", "unknown_scenario",
                              f"extends '{parent}': no such scenario next to this file or in "
                              f"{directory or config.SCENARIOS_DIR}.{did_you_mean(parent, names)} "
                              f"Known: {', '.join(names)}")]
        cur = nxt


def plan_reader(catalog, targets_dir=None):
    """``name -> Plan`` that reads each plan once (several scenarios, or a scenario's check
    and its run, name the same plan); a plan with problems raises each time it is asked for."""
    read: dict = {}

    def plans(name):
        if name not in read:
            read[name] = load_plan(name, catalog, targets_dir)
        return read[name]

    return plans


def _plan_loader(catalog, targets_dir, check_plan: bool = True, plans=None):
    cache: dict = {}
    plans = plans or plan_reader(catalog, targets_dir)

    def load(name):
        name = name or DEFAULT_PLAN
        # no catalog, or the caller runs plans of its own: no plan check (goal ids are
        # checked at run time against the plan actually run)
        if catalog is None or not check_plan:
            return None, ""
        if name not in cache:
            try:
                cache[name] = (plans(name), "")
            except DataError as exc:
                msg = exc.issues[0].message if exc.issues else str(exc)
                cache[name] = (None, f"plan '{name}' cannot be loaded: {msg}")
            except (XtForecastError, OSError) as exc:  # an unreadable targets dir etc.: say so
                cache[name] = (None, f"plan '{name}' cannot be loaded: {exc}")
        return cache[name]
    return load


def _default_region(plan, catalog) -> str | None:
    """The plan's city: the most frequent region of its goals at city level (else overall)."""
    if plan is None or not plan.targets:
        return None
    counts = Counter(t.region for t in plan.targets)
    if catalog is not None:
        cities = Counter({r: n for r, n in counts.items()
                          if getattr(catalog.regions.get(r), "level", "") == "city"})
        if cities:
            counts = cities
    return counts.most_common(1)[0][0]


def read_scenario(name_or_path: str | Path, catalog=None, *, targets_dir=None,
                  directory: str | Path | None = None, check_plan: bool = True,
                  plans=None) -> tuple[ScenarioSpec | None, list[Issue]]:
    """Load, inherit and validate a scenario; return the spec (None if broken) and all issues.

    Parameters
    ----------
    name_or_path : str or path
        A name in ``directory`` (default ``scenarios/``) or a path to a YAML file.
    catalog : Catalog, optional
        Indicators and regions to check names against; without it names are not checked.
    targets_dir : path, optional
        Where plans live (default ``data/targets``); target ids of ``target_path`` are
        checked against the scenario's plan when it loads.
    directory : path, optional
        Where ``extends`` names are looked up after the file's own directory.
    check_plan : bool
        False when the caller runs the scenario on plans of its own (``backtest --plan all``
        on another data directory): the scenario's ``plan`` need not exist there.
    plans : callable, optional
        ``name -> Plan`` for the plans the caller already holds
        (:meth:`xtforecast.inputs.Inputs.plan`), so checking a scenario does not read its plan
        again; default: read it from ``targets_dir``.

    Returns
    -------
    (ScenarioSpec or None, list of Issue)

    See Also
    --------
    load_scenario : the same, raising :class:`ScenarioCheckError`.
    """
    try:
        path = resolve_scenario_path(name_or_path, directory)
    except ScenarioError as exc:
        return None, [Issue(str(name_or_path), None, "", "unknown_scenario", str(exc))]
    chain, issues = _chain(path, Path(directory) if directory else None)
    if issues:
        return None, issues
    loader = _plan_loader(catalog, targets_dir, check_plan, plans)
    merged, ops, issues = _merge_chain(chain, catalog, loader)
    own_path, own_data, lines = chain[-1]
    issues += _check_merged(RecordChecker(str(own_path), lines), merged)
    plan, _ = loader(merged.get("plan"))
    region = merged.get("region") or _default_region(plan, catalog)
    ops = [o if o.region else replace(o, region=region) for o in ops]
    issues += check_consistency(ops, merged.get("as_of"), merged.get("horizon"), catalog)
    if issues:
        return None, issues
    spec = ScenarioSpec(
        name=own_path.stem, label_zh=merged["label_zh"], label_en=merged["label_en"],
        description_zh=merged["description_zh"], description_en=merged["description_en"],
        plan=merged.get("plan", DEFAULT_PLAN),
        region=merged.get("region"), as_of=merged.get("as_of"),
        known_from=merged.get("known_from", "published"), horizon=merged.get("horizon"),
        n_sims=merged.get("n_sims", DEFAULT_N_SIMS), seed=merged.get("seed", DEFAULT_SEED),
        operations=tuple(ops), extends=own_data.get("extends"), path=str(own_path),
        chain=tuple(str(p) for p, _, _ in chain), note=merged.get("note", ""), lines=lines,
    )
    return spec, []


def _merge_chain(chain, catalog, loader) -> tuple[dict, list[Operation], list[Issue]]:
    """Every file of the chain checked, root first; the merged fields, operations and issues.

    A child's keys replace the parent's; its ``operations`` replace the inherited list and its
    ``extra_operations`` append to it.
    """
    merged: dict = {}
    ops: list[Operation] = []
    issues: list[Issue] = []
    for fpath, data, flines in chain:
        fields, errs = _check_file(fpath, data, flines, catalog, loader, merged.get("plan"))
        issues += errs
        if "operations" in fields:
            ops = list(fields.pop("operations"))
        ops += fields.pop("extra_operations", [])
        merged.update(fields)
    return merged, ops, issues


def _check_merged(chk: RecordChecker, merged: dict) -> list[Issue]:
    """The rules of the scenario as inherited: the required keys, a horizon after ``as_of``."""
    for key in SCENARIO_REQUIRED:
        if not merged.get(key):
            chk.add("", "missing_field", f"required key '{key}' is missing (in this file and its "
                    f"parents); add '{key}:'")
    as_of, horizon = merged.get("as_of"), merged.get("horizon")
    if checks.is_whole(as_of) and checks.is_whole(horizon) and horizon <= as_of:
        chk.add("horizon", "bad_year", f"horizon {horizon} is not after as_of {as_of}: nothing "
                "would be projected. Raise 'horizon' or lower 'as_of'")
    return chk.issues


def load_scenario(name_or_path: str | Path, catalog=None, *, targets_dir=None,
                  directory: str | Path | None = None, check_plan: bool = True,
                  plans=None) -> ScenarioSpec:
    """Load a scenario by name (``scenarios/<name>.yaml``) or path, raising on any problem.

    Parameters
    ----------
    name_or_path : str or path
    catalog : Catalog, optional
        Checks indicator and region names; default: the bundled catalog if it loads.
    targets_dir, directory, check_plan, plans : optional
        See :func:`read_scenario`.

    Returns
    -------
    ScenarioSpec

    Raises
    ------
    ScenarioCheckError
        Listing every problem of every file in the ``extends`` chain.

    Examples
    --------
    >>> spec = load_scenario("covid_shock")          # doctest: +SKIP
    >>> [op.op for op in spec.operations]            # doctest: +SKIP
    ['shock', 'shock', 'growth_shift']
    """
    if catalog is None:
        catalog = _bundled_catalog()
    spec, issues = read_scenario(name_or_path, catalog, targets_dir=targets_dir, directory=directory,
                                 check_plan=check_plan, plans=plans)
    if issues:
        raise ScenarioCheckError(issues)
    assert spec is not None
    return spec


def _bundled_catalog():
    """The bundled catalog, or None when it is absent (names are then not checked)."""
    if not config.INDICATORS_FILE.exists() or not config.REGIONS_FILE.exists():
        return None
    return _catalog.load_catalog()
