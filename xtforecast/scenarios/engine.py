"""Run a scenario: baseline paths -> operations -> gap models -> :class:`ScenarioResult`.

The flow (DESIGN.md): for every series the plan's goals and the scenario's operations need,
draw the baseline sample paths once (:func:`xtforecast.projection.project_series`, random
streams keyed by ``(seed, indicator, region)``); apply the operations in order, each a
vectorized numpy function on the ``(n_sims, n_years)`` array (no Python loop per path),
clipping to the catalog's natural bounds after every step; let an operation on a *driver*
flow into the indicators derived from it (catalog ``formula``/``drivers``); then judge every
goal with the gap layer (:func:`_evaluate`). Nothing here draws random numbers, so the same
seed gives the same result in any process, in any order, at any job count.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from .. import __version__, config
from .. import catalog as _catalog  # through the module: a test counts the reads by patching it
from .. import observations as _observations
from .._schema import OBS_COLUMNS, QUANTILE_COLUMNS
from ..errors import Issue, ScenarioError
from ..gap import evaluate_targets
from ..observations import cut_rule, data_hash, information, information_set, select_series
from ..observations import known_from as known_from_rule
from ..projection import Projection, project_series
from ..suggest import did_you_mean
from ..targets import Plan
from .operations import OPERATIONS, OpContext, clip_bounds, is_multiplicative
from .spec import (
    Operation,
    ScenarioCheckError,
    ScenarioSpec,
    _default_region,
    check_consistency,
    load_scenario,
    plan_reader,
)

#: ``projector(obs, catalog, indicator, region, *, as_of, end_year, n_sims, seed) -> Projection``
Projector = Callable[..., Projection]


@dataclass
class ScenarioResult:
    """What one scenario run produced.

    Attributes
    ----------
    scenario : ScenarioSpec
    paths : dict
        ``(indicator, region) -> Projection`` after the operations (``paths`` may be None
        where a series cannot be projected; ``reason`` says why).
    summary : pandas.DataFrame
        One row per goal: ``SUMMARY_COLUMNS`` first (DESIGN.md), then the gap layer's extras.
    provenance : dict
        ``scenario``, ``scenario_files``, ``scenario_hash`` (SHA-256 of the ``extends`` chain),
        ``data_hash``, ``seed``, ``n_sims``, ``as_of``, ``horizon``, ``plan``,
        ``package_version``.
    notes : list of str
        What the engine had to decide (an operation on a series without paths, a driver whose
        change could not flow into its derived indicator, ...).
    plan : Plan
        The plan whose goals were judged.
    catalog : Catalog
        The catalog the run read.
    observations : pandas.DataFrame
        The whole observations table the run read (the gap layer judges outcomes on data after
        ``as_of``); :meth:`history` gives one series as it was known at ``as_of``.

    A report or a sweep works from these, never reading the files again.
    """

    scenario: ScenarioSpec
    paths: dict[tuple[str, str], Projection]
    summary: pd.DataFrame
    provenance: dict
    notes: list[str] = field(default_factory=list)
    plan: object = None
    catalog: object = None
    observations: pd.DataFrame | None = field(default=None, repr=False)

    def history(self, indicator: str, region: str) -> pd.DataFrame:
        """The observed series of ``(indicator, region)`` as known at the run's ``as_of``, in
        its vintage (:func:`xtforecast.observations.select_series`): the points the paths
        start from. Empty when the run carries no observations."""
        if self.observations is None:
            return pd.DataFrame(columns=["year", "value"])
        return select_series(self.observations, indicator, region, self.provenance.get("as_of"),
                             self.provenance.get("vintage", "latest"))

    def quantiles(self, q=(0.1, 0.5, 0.9)) -> pd.DataFrame:
        """Tidy quantiles of every projected series, after the scenario's operations (the paths
        P(attain) counts).

        Parameters
        ----------
        q : sequence of float
            Quantiles in (0, 1), e.g. :data:`~xtforecast._schema.EXPORT_QUANTILES`.

        Returns
        -------
        pandas.DataFrame
            :data:`~xtforecast._schema.QUANTILE_COLUMNS`: one row per series, projected year
            and quantile; ``unit`` is the catalog's (empty when the run has no catalog entry),
            ``method`` the projection's (``pooled:...``, ``default_panel``, ...). A series
            without paths has no row.
        """
        rows = []
        for (ind, reg), proj in sorted(self.paths.items()):
            if proj.paths is None or proj.paths.size == 0:
                continue
            entry = self.catalog.indicators.get(ind) if self.catalog is not None else None
            unit = entry.unit if entry is not None else ""
            qs = np.quantile(proj.paths, q, axis=0)
            for j, y in enumerate(proj.years):  # a year's quantiles together, as a fan reads
                for i, qq in enumerate(q):
                    rows.append((ind, reg, self.scenario.name, int(y), float(qq), float(qs[i, j]),
                                 unit, proj.method))
        return pd.DataFrame(rows, columns=QUANTILE_COLUMNS)


# -- driver formulas ------------------------------------------------------------------------------

_TOKEN = re.compile(r"\s*([A-Za-z_]\w*|\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\S)")


def driver_relation(indicator) -> tuple[str, dict[str, int]] | None:
    """How a derived indicator follows its drivers, from its catalog ``formula``.

    Returns ``("ratio", {driver: +1 | -1})`` for a product/quotient of drivers and constants
    (``rd_expenditure / gdp_nominal * 100``: +1 for a numerator, -1 for a denominator), or
    ``("difference", {driver: 1})`` for ``x(t) - x(t-1)``; None when the formula has another
    form (the change of a driver then does not flow; the engine says so in ``notes``).

    Examples
    --------
    >>> from types import SimpleNamespace as NS
    >>> driver_relation(NS(formula="a / b * 100", drivers=("a", "b")))
    ('ratio', {'a': 1, 'b': -1})
    """
    formula = str(getattr(indicator, "formula", "") or "")
    drivers = tuple(getattr(indicator, "drivers", ()) or ())
    if not formula or not drivers:
        return None
    rhs = formula.split("=", 1)[1] if "=" in formula else formula
    if re.search(r"\(\s*t\s*-\s*1\s*\)", rhs) and len(drivers) == 1:
        return "difference", {drivers[0]: 1}
    signs: dict[str, int] = {}
    sign = 1
    expect_operand = True
    for tok in _TOKEN.findall(rhs):
        if expect_operand:
            if tok in drivers:
                signs[tok] = signs.get(tok, 0) + sign
            elif not re.fullmatch(r"\d+(?:\.\d*)?(?:[eE][+-]?\d+)?", tok):
                return None
            expect_operand = False
        else:
            if tok not in ("*", "/"):
                return None
            sign = -1 if tok == "/" else 1
            expect_operand = True
    return ("ratio", signs) if signs and not expect_operand else None


def _align(values: np.ndarray, src_years: np.ndarray, dst_years: np.ndarray, fill: float) -> np.ndarray:
    """Columns of ``values`` (on ``src_years``) placed on ``dst_years``; ``fill`` elsewhere."""
    out = np.full((values.shape[0], len(dst_years)), fill, dtype=float)
    pos = {int(y): i for i, y in enumerate(src_years)}
    for j, y in enumerate(dst_years):
        i = pos.get(int(y))
        if i is not None:
            out[:, j] = values[:, i]
    return out


# -- the run ----------------------------------------------------------------------------------------

class _Runner:
    """State of one run: the paths per series, the catalog and the notes."""

    def __init__(self, state, catalog, targets, n_sims, horizon, obs_hist):
        self.state: dict[tuple[str, str], Projection] = state
        self.catalog = catalog
        self.targets = {t.id: t for t in targets}
        self.n_sims = n_sims
        self.horizon = horizon
        self.obs_hist = obs_hist
        self.notes: list[str] = []
        self.feeds: dict[str, list[str]] = {}
        for ind in catalog.indicators.values():
            for d in ind.drivers:
                self.feeds.setdefault(d, []).append(ind.id)

    def bounds(self, indicator: str) -> tuple:
        ind = self.catalog.indicators.get(indicator)
        return ind.bounds if ind is not None else (None, None)

    def ctx(self, proj: Projection, op: Operation) -> OpContext:
        hist = proj.history
        last_year = int(hist["year"].iloc[-1]) if len(hist) else None
        last_value = float(hist["value"].iloc[-1]) if len(hist) else None
        target = self.targets.get(op.params.get("target")) if op.params.get("target") else None
        ref = None
        if op.op == "ratio_to_reference" and op.params.get("ratio_change_pp") is not None:
            ref = self.reference(op.indicator, op.params["reference_region"], proj.years)
        return OpContext(last_year, last_value, target, ref, self.n_sims)

    def reference(self, indicator: str, region: str, years: np.ndarray) -> np.ndarray | None:
        """Reference values on ``years``: its paths where projected, observations elsewhere."""
        ref = self.state.get((indicator, region))
        out = np.full((self.n_sims, len(years)), np.nan)
        if ref is not None and ref.paths is not None:
            out = _align(ref.paths, ref.years, years, np.nan)
        hist = ref.history if ref is not None else self.obs_hist(indicator, region)
        for j, y in enumerate(years):
            if np.isnan(out[0, j]) and len(hist):
                hit = hist.loc[hist["year"] == int(y), "value"]
                if len(hit):
                    out[:, j] = float(hit.iloc[0])
        return None if np.isnan(out).any() else out

    def apply(self, op: Operation) -> None:
        spec = OPERATIONS[op.op]
        key = (op.indicator, op.region)
        proj = self.state.get(key)
        if proj is None:
            raise ScenarioError(f"{op.where()}: series {key} was not projected (engine bug)")
        paths, years = proj.paths, proj.years
        if paths is None and op.op == "target_path" and len(proj.history):
            # "what it would take" needs no model: the straight path starts at the last observation
            years = np.arange(int(proj.history["year"].iloc[-1]) + 1, self.horizon + 1)
            proj = replace(proj, years=years, method="target_path")
        if paths is None and op.op == "target_path" and not len(proj.history):
            self.notes.append(f"{op.where()}: target_path to '{op.params['target']}': "
                              f"{op.indicator}@{op.region} has no observation up to as_of to "
                              "start the path from; the goal keeps its baseline judgement")
            return
        if paths is None and op.op != "target_path":
            self.notes.append(f"{op.where()}: {op.op} on {op.indicator}@{op.region}: no baseline "
                              f"paths ({proj.reason or 'no model'}); nothing to change there")
            if is_multiplicative(op.op, op.params):
                self._propagate_unit(op)
            else:
                for d in self.feeds.get(op.indicator, []):
                    if (d, op.region) in self.state:
                        self.notes.append(f"{op.where()}: {op.op} depends on the level of "
                                          f"{op.indicator}, which has no paths; it does not flow "
                                          f"into {d}")
            return
        if len(years) == 0:
            self.notes.append(f"{op.where()}: {op.indicator}@{op.region} is observed through the "
                              "horizon; nothing to change")
            return
        after = spec.fn(paths, years, op.params, self.ctx(proj, op))
        after = clip_bounds(np.asarray(after, float), self.bounds(op.indicator))
        before = paths  # None when target_path built the paths from nothing: nothing to flow
        self.state[key] = replace(proj, paths=after, extra={**proj.extra, "scenario_ops": [
            *proj.extra.get("scenario_ops", []), op.describe()]})
        if before is not None:
            self._propagate(op, op.indicator, op.region, before, after, years)

    def _propagate(self, op, driver, region, before, after, years, depth=0) -> None:
        """Let a driver's change flow into the derived indicators that are projected."""
        if depth > 5:
            return
        for d in self.feeds.get(driver, []):
            dkey = (d, region)
            dproj = self.state.get(dkey)
            if dproj is None or dproj.paths is None or len(dproj.years) == 0:
                continue
            rel = driver_relation(self.catalog.indicators[d])
            if rel is None:
                self.notes.append(f"{op.where()}: the formula of {d} is neither a ratio nor a "
                                  f"difference; the change of {driver} does not flow into it")
                continue
            kind, signs = rel
            if kind == "ratio":
                with np.errstate(divide="ignore", invalid="ignore"):
                    f = np.where(before != 0, after / before, 1.0)
                f = _align(f, years, dproj.years, 1.0) ** signs[driver]
                new = dproj.paths * f
            else:
                delta = _align(after - before, years, dproj.years, 0.0)
                lag = np.concatenate([np.zeros((delta.shape[0], 1)), delta[:, :-1]], axis=1)
                new = dproj.paths + delta - lag
            new = clip_bounds(new, self.bounds(d))
            old = dproj.paths
            self.state[dkey] = replace(dproj, paths=new, extra={**dproj.extra, "scenario_ops": [
                *dproj.extra.get("scenario_ops", []), f"{op.describe()} via {driver}"]})
            self._propagate(op, d, region, old, new, dproj.years, depth + 1)

    def _propagate_unit(self, op: Operation) -> None:
        """A level-free factor on a driver without paths, applied to its derived indicators."""
        for d in self.feeds.get(op.indicator, []):
            dproj = self.state.get((d, op.region))
            if dproj is None or dproj.paths is None or len(dproj.years) == 0:
                continue
            ones = np.ones_like(dproj.paths)
            after = OPERATIONS[op.op].fn(ones, dproj.years, op.params, OpContext(
                dproj.years[0] - 1, 1.0, None, None, self.n_sims))
            self.notes.append(f"{op.where()}: {op.op} on {op.indicator} applied to {d} through "
                              f"its formula (as a factor on {op.indicator})")
            self._propagate(op, op.indicator, op.region, ones, after, dproj.years)


def _frame_hash(obs: pd.DataFrame) -> str:
    """SHA-256 of the observation columns' row hashes (pandas' fixed-key hash, the same in every
    process): the data hash when observations come as a frame rather than the bundled file."""
    cols = [c for c in OBS_COLUMNS if c in obs.columns]
    rows = pd.util.hash_pandas_object(obs[cols], index=False).to_numpy()
    h = hashlib.sha256(",".join(cols).encode())
    h.update(rows.tobytes())
    return h.hexdigest()


def _evaluate(targets, observations, paths_by_key, as_of, catalog, *, scenario: str,
              seed: int, vintage: str = "latest", judges: dict | None = None) -> pd.DataFrame:
    """The adapter to the gap layer: the one place that knows its API.

    Calls :func:`xtforecast.gap.evaluate_targets` (one summary row per goal, the summary
    columns first). Bridges between observations draw from streams keyed by ``(seed, target
    id)``, so the summary is reproducible too.
    """
    # Only the goals' series (and their additions, ``<indicator>_added``) are read by the gap
    # layer: hand it those rows, not the whole table (it groups what it is given).
    inds = {t.indicator for t in targets} | {f"{t.indicator}_added" for t in targets}
    regs = {t.region for t in targets}
    needed = observations[observations["indicator"].isin(inds) & observations["region"].isin(regs)]
    summary = evaluate_targets(targets, needed, paths_by_key, as_of, catalog,
                               scenario=scenario, seed=seed, vintage=vintage, judges=judges)
    # which model (and which pool of peers) made each goal's paths: the reader's evidence
    methods = [paths_by_key[k].method if k in paths_by_key and src == "paths" else ""
               for k, src in zip(zip(summary["indicator"], summary["region"]),
                                 summary.get("p_source", [""] * len(summary)))]
    return summary.assign(projection_method=methods)


def plan_horizon(spec: ScenarioSpec, plan) -> int:
    """The last year a run projects to: the scenario's ``horizon``, else the plan's latest
    target year. A path's draws depend on its length, so a run of one goal uses the whole plan's
    horizon to draw the batch run's paths."""
    return int(spec.horizon or max(int(t.target_year) for t in plan.targets))


def goal_targets(plan, goal_id: str, operations) -> tuple:
    """The goals a run for one goal must judge: that goal, and every goal a ``target_path``
    operation takes its path from."""
    named = {op.params.get("target") for op in operations if OPERATIONS[op.op].needs_target}
    return tuple(t for t in plan.targets if t.id == goal_id or t.id in named)


def _check_goals(ops, plan) -> list:
    """``target_path`` goals must be in the plan the run uses (it may be overridden)."""
    goals = {t.id: t for t in plan.targets}
    out = []
    for op in ops:
        gid = op.params.get("target")
        if OPERATIONS[op.op].needs_target and gid not in goals:
            out.append(Issue(op.path, op.line, f"{op.keypath}.target", "unknown_target",
                             f"no goal '{gid}' in plan '{plan.id}'.{did_you_mean(str(gid), goals)} "
                             f"Run `xtforecast targets --plan {plan.id}` for the ids"))
    return out


def needed_series(spec: ScenarioSpec, targets, region: str | None, catalog) -> list[tuple[str, str]]:
    """Every ``(indicator, region)`` a run projects: the goals' series, the operations' series,
    the reference series of ratio changes."""
    keys = {(t.indicator, t.region) for t in targets if t.evaluable}
    for op in spec.operations:
        reg = op.region or region
        keys.add((op.indicator, reg))
        if op.op == "ratio_to_reference":
            keys.add((op.indicator, op.params["reference_region"]))
    return sorted(keys)


def run(scenario: ScenarioSpec | str | Path, *, as_of: int | None = None, n_sims: int | None = None,
        seed: int | None = None, obs: pd.DataFrame | None = None, catalog=None, plan=None,
        projector: Projector | None = None,
        baseline: Mapping[tuple[str, str], Projection] | None = None,
        vintage: str = "latest", judges: dict | None = None,
        known_from: str | None = None) -> ScenarioResult:
    """Run one scenario over every goal of its plan.

    Parameters
    ----------
    scenario : ScenarioSpec, str or path
        A loaded spec, a name in ``scenarios/`` or a path.
    as_of, n_sims, seed : int, optional
        Override the scenario's values.
    obs : pandas.DataFrame, optional
        Observations (default: the bundled ``data/observations.csv``).
    catalog : Catalog, optional
        Default: the bundled catalog.
    plan : Plan or str, optional
        Default: the scenario's ``plan``.
    projector : callable, optional
        Draws baseline paths; default :func:`xtforecast.projection.project_series`. Tests pass
        a deterministic one.
    baseline : mapping, optional
        Ready baseline projections by ``(indicator, region)``, used instead of projecting (they
        are not modified). They must match ``as_of``, ``vintage``, ``n_sims`` and ``seed``; the benchmark
        uses this to time the operations without model fitting.
    vintage : {"latest", "first_release"}
        Which release of each figure every series is built from
        (:data:`xtforecast.observations.VINTAGE_RULES`); the projections, the operations and
        the gap layer all read the one information set ``(as_of, vintage)``.
    judges : dict, optional
        Filled with ``goal id -> PathJudge`` for the goals judged from paths (the sweep
        re-judges them under knob settings).
    known_from : {"published", "year"}, optional
        When a figure counts as known at ``as_of``
        (:data:`xtforecast.observations.KNOWN_FROM`); default the scenario's ``known_from``.

    Returns
    -------
    ScenarioResult

    Raises
    ------
    ScenarioCheckError
        When an override makes the scenario invalid (an operation year at or before ``as_of``).
    ScenarioError
        When an operation cannot be applied (``hold`` with no level to hold, ...).

    Examples
    --------
    >>> res = run("covid_shock", n_sims=500)              # doctest: +SKIP
    >>> res.summary[["target_id", "p_attain", "status"]]  # doctest: +SKIP
    """

    spec, plan, obs, catalog, dhash = _run_inputs(scenario, obs, catalog, plan)
    as_of = next((a for a in (as_of, spec.as_of) if a is not None), None)
    if as_of is None:
        as_of = _default_as_of(obs, plan)
    n_sims = int(n_sims or spec.n_sims)
    seed = int(spec.seed if seed is None else seed)
    horizon = plan_horizon(spec, plan)
    spec, region = _resolved_operations(spec, plan, catalog, as_of, horizon)

    # the information set, selected once: what was known by as_of (published by then, or of a
    # year up to it for the plan's authors), one vintage per series; the gap layer reads the
    # same rule from the same frame
    rule = known_from or spec.known_from
    obs = known_from_rule(obs, rule)
    known = information_set(obs, as_of, vintage)
    keys = sorted(set(needed_series(spec, plan.targets, region, catalog)) | set(baseline or {}))
    state = _draw_baseline(keys, baseline or {}, projector or project_series, known, catalog,
                           as_of=as_of, end_year=horizon, n_sims=n_sims, seed=seed)
    runner = _Runner(state, catalog, plan.targets, n_sims, horizon,
                     lambda i, r: select_series(known, i, r, as_of))
    for op in spec.operations:
        runner.apply(op)

    # the full table: the gap layer cuts at as_of itself and judges outcomes on later data
    summary = _evaluate(list(plan.targets), obs, runner.state, as_of, catalog, scenario=spec.name,
                        seed=seed, vintage=vintage, judges=judges)
    provenance = _provenance(spec, plan, obs, known, runner.state, data_hash=dhash, seed=seed,
                             n_sims=n_sims, as_of=as_of, vintage=vintage, horizon=horizon,
                             known_from=rule)
    return ScenarioResult(spec, runner.state, summary, provenance, runner.notes, plan=plan,
                          catalog=catalog, observations=obs)


def _run_inputs(scenario, obs, catalog, plan):
    """The spec, plan, observations, catalog and data hash of a run: what the caller passed
    (an :class:`xtforecast.inputs.Inputs` hands all of them down), the bundled files otherwise."""
    catalog = catalog or _catalog.load_catalog()
    plans = plan_reader(catalog)  # the scenario's check and the run read the plan once
    spec = scenario if isinstance(scenario, ScenarioSpec) else load_scenario(scenario, catalog, plans=plans)
    if obs is None:
        obs = _observations.load_observations(catalog=catalog)
        dhash = data_hash(config.OBSERVATIONS_FILE)
    else:
        dhash = obs.attrs.get("data_hash") or _frame_hash(obs)
    if not isinstance(plan, Plan):
        plan = plans(plan or spec.plan)
    return spec, plan, obs, catalog, dhash


def _default_as_of(obs: pd.DataFrame, plan) -> int:
    """Where a run stands when neither the caller nor the scenario says: the latest data year;
    a new data directory (``xtforecast init``) has no rows yet, so the plan's base year."""
    if len(obs):
        return int(obs["year"].max())
    return plan.base_year or min(int(t.target_year) for t in plan.targets) - 1


def _resolved_operations(spec: ScenarioSpec, plan, catalog, as_of: int, horizon: int):
    """The spec with every operation on its region and a goal-named operation on its goal's
    series; raises :class:`ScenarioCheckError` with every problem (an operation year at or
    before ``as_of``, a goal the plan lacks) before anything is drawn."""
    region = spec.region or _default_region(plan, catalog)
    ops = [op if op.region else replace(op, region=region) for op in spec.operations]
    issues = check_consistency(ops, as_of, horizon, catalog) + _check_goals(ops, plan)
    if issues:
        raise ScenarioCheckError(issues)
    goals = {t.id: t for t in plan.targets}
    ops = [replace(op, indicator=goals[op.params["target"]].indicator,
                   region=goals[op.params["target"]].region)
           if OPERATIONS[op.op].needs_target else op for op in ops]
    return replace(spec, operations=tuple(ops)), region


def _draw_baseline(keys, baseline, projector, known, catalog, **draw) -> dict:
    """Baseline paths of every series in ``keys``: a ready one from ``baseline`` (carried even
    when no goal needs it: a derived series a driver flows into), else drawn by ``projector``."""
    state: dict[tuple[str, str], Projection] = {}
    for ind, reg in keys:
        proj = baseline.get((ind, reg))
        state[(ind, reg)] = proj if proj is not None else projector(known, catalog, ind, reg, **draw)
    return state


def _provenance(spec, plan, obs, known, state, *, data_hash, seed, n_sims, as_of, vintage,
                horizon, known_from="published") -> dict:
    """What a run read and decided, for the manifest and the reader's vintage note."""
    data_end = int(obs["year"].max()) if len(obs) else None
    return {
        "scenario": spec.name, "scenario_files": list(spec.chain),
        "scenario_hash": spec.file_hash() if spec.chain else "",
        "data_hash": data_hash, "seed": seed, "n_sims": n_sims, "as_of": as_of,
        # the latest year in the data: as_of before it is a real-time run (later data withheld)
        "data_end": data_end,
        "information": information(as_of, data_end, known_from), "vintage": vintage,
        "known_from": known_from,
        # per series: did publication dates or observation years decide what was known
        "series_rules": {f"{i}/{r}": cut_rule(known[(known["indicator"] == i) & (known["region"] == r)])
                         for i, r in sorted(state)},
        "horizon": horizon, "plan": plan.id, "package_version": __version__,
    }


__all__ = ["run", "ScenarioResult", "driver_relation", "needed_series", "plan_horizon",
           "goal_targets"]
