"""The registry of scenario operations: what each one does to an array of sample paths.

Every operation is a pure function ``fn(paths, years, params, ctx) -> paths`` on a
``(n_sims, n_years)`` float array whose columns are the consecutive ``years``. Operations are
vectorized across paths (numpy, no Python loop per path) and never touch observed years:
``years`` starts the year after the series' last observation. The exact formulas are in the
docstring of each function and in ``scenarios/README.md``; tests pin them on hand-made arrays.

Add an operation with :func:`register_operation`; the scenario validator and the engine find
it by name (a registry, not an if-chain).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from ..errors import ScenarioError

#: Year used as "open end" of a window (no ``to_year``).
OPEN_END = 10_000


@dataclass(frozen=True)
class Param:
    """One parameter of an operation.

    Attributes
    ----------
    kind : str
        ``year``, ``number``, ``positive`` (> 0), ``fraction`` (0 <= x < 1), ``growth_pp``
        (percentage points of growth, > -100), ``recovery``
        (a whole number of years >= 0 or a list of fractions), ``str`` or ``choice``.
    required : bool
    default : object
    choices : tuple of str
        For ``choice`` parameters.
    doc : str
        One line for the README and ``--help``.
    """

    kind: str
    required: bool = False
    default: object = None
    choices: tuple[str, ...] = ()
    doc: str = ""


@dataclass
class OpContext:
    """What an operation may know besides the paths of its own series.

    Attributes
    ----------
    last_year, last_value : int or None, float or None
        The series' last observation used (as of the data vintage): the level before
        ``years[0]``.
    target : object or None
        The goal named by ``target_path`` (a :class:`xtforecast.targets.Target`).
    reference : numpy.ndarray or None
        Paths of the reference region's series on the same ``years`` (``ratio_to_reference``),
        observed values filled in where the reference is observed.
    n_sims : int
    """

    last_year: int | None = None
    last_value: float | None = None
    target: object | None = None
    reference: np.ndarray | None = None
    n_sims: int = 1


@dataclass(frozen=True)
class OpSpec:
    """An operation in the registry.

    Attributes
    ----------
    name : str
    fn : callable
        ``fn(paths, years, params, ctx) -> paths``.
    params : dict of str to Param
    doc : str
    one_of : tuple of tuple of str
        Groups of parameters of which exactly one must be given (``delta`` or ``factor``).
    fixes : bool
        The operation fixes the level of its years (``hold``, ``target_path``): a later
        operation that changes the same series in those years contradicts it.
    multiplicative : bool
        The operation multiplies levels by a factor that does not depend on the level, so it
        can flow into a derived indicator even when the driver has no paths of its own.
    needs_target, needs_reference : bool
    """

    name: str
    fn: Callable[..., np.ndarray]
    params: Mapping[str, Param]
    doc: str
    one_of: tuple[tuple[str, ...], ...] = ()
    fixes: bool = False
    multiplicative: bool = False
    needs_target: bool = False
    needs_reference: bool = False
    window: Callable[[Mapping], tuple[int, int]] = field(default=lambda p: (-OPEN_END, OPEN_END))


#: name -> OpSpec. Filled by :func:`register_operation` below.
OPERATIONS: dict[str, OpSpec] = {}

#: Keys every operation accepts besides its own parameters.
COMMON_KEYS = ("op", "indicator", "region", "note")


def register_operation(spec: OpSpec) -> OpSpec:
    """Add an operation to :data:`OPERATIONS` (replacing one of the same name)."""
    OPERATIONS[spec.name] = spec
    return spec


# -- helpers ------------------------------------------------------------------------------------

def _to(params: Mapping) -> int:
    t = params.get("to_year")
    return OPEN_END if t is None else int(t)


def _previous(paths: np.ndarray, ctx: OpContext) -> np.ndarray:
    """The level one year before each column: the last observation, then the paths."""
    first = paths[:, :1] if ctx.last_value is None else np.full((paths.shape[0], 1), ctx.last_value)
    return np.concatenate([first, paths[:, :-1]], axis=1)


def recovery_weights(recovery, n: int) -> np.ndarray:
    """Share of a shock still missing ``k = 0..n-1`` years after the shock year.

    ``recovery`` = R (int): ``w_k = 1 - k/R`` for ``k <= R`` and 0 after (R = 0: only the
    shock year is hit). ``recovery`` = a list ``[a1, a2, ...]``: ``w_0 = 1``, ``w_k = a_k``,
    then 0.

    Examples
    --------
    >>> recovery_weights(2, 4).tolist()
    [1.0, 0.5, 0.0, 0.0]
    >>> recovery_weights([0.6, 0.2], 4).tolist()
    [1.0, 0.6, 0.2, 0.0]
    """
    w = np.zeros(n)
    if isinstance(recovery, (list, tuple)):
        prof = [1.0] + [float(a) for a in recovery]
    else:
        r = int(recovery)
        prof = [1.0] if r == 0 else [1.0 - k / r for k in range(r + 1)]
    m = min(n, len(prof))
    w[:m] = prof[:m]
    return w


# -- the operations ---------------------------------------------------------------------------

def growth_shift(paths, years, p, ctx):
    """Add ``pp`` percentage points to every year's growth in ``[from_year, to_year]``.

    ``x'_t = x_t * (1 + pp/100) ** k_t`` with ``k_t = clip(t - from_year + 1, 0, to_year -
    from_year + 1)``: compounding inside the window; after ``to_year`` growth returns to the
    baseline and the level gain stays.
    """
    f = int(p["from_year"])
    k = np.clip(years - f + 1, 0, _to(p) - f + 1)
    return paths * (1.0 + float(p["pp"]) / 100.0) ** k[None, :]


def growth_multiplier(paths, years, p, ctx):
    """Scale each path's year-on-year growth rate by ``factor`` in ``[from_year, to_year]``.

    With ``g_t = x_t / x_{t-1} - 1`` (``x`` before the first projected year is the last
    observation), ``g'_t = factor * g_t`` inside the window and ``g'_t = g_t`` elsewhere;
    levels are rebuilt as ``x'_t = x_t * prod_{s<=t} (1 + g'_s) / (1 + g_s)``. A year whose
    baseline level is 0 keeps its growth (no rate to scale).
    """
    prev = _previous(paths, ctx)
    with np.errstate(divide="ignore", invalid="ignore"):
        gross = paths / prev
        adj = (1.0 + float(p["factor"]) * (gross - 1.0)) / gross
    inside = (years >= int(p["from_year"])) & (years <= _to(p))
    adj = np.where(inside[None, :] & np.isfinite(adj), adj, 1.0)
    return paths * np.cumprod(adj, axis=1)


def shock(paths, years, p, ctx):
    """A level dip of ``depth`` (a fraction) in ``year``, recovering over ``recovery``.

    With the missing share ``w_k`` from :func:`recovery_weights` (``k`` = years since the
    shock), ``shape: linear`` gives ``x'_t = x_t * (1 - depth * w_k)`` (equal parts of the
    loss won back each year) and ``shape: geometric`` gives ``x'_t = x_t * (1 - depth) **
    w_k`` (the loss won back at a constant extra growth rate).
    """
    depth = float(p["depth"])
    k = years - int(p["year"])
    w = np.zeros(len(years))
    after = k >= 0
    if after.any():
        w[after] = recovery_weights(p.get("recovery", 0), int(after.sum()))
    if p.get("shape", "linear") == "geometric":
        mult = (1.0 - depth) ** w
    else:
        mult = 1.0 - depth * w
    return paths * mult[None, :]


def level_shift(paths, years, p, ctx):
    """A permanent level change from ``year`` on: ``x'_t = x_t + delta`` or ``x_t * factor``."""
    on = (years >= int(p["year"]))[None, :]
    if p.get("delta") is not None:
        return np.where(on, paths + float(p["delta"]), paths)
    return np.where(on, paths * float(p["factor"]), paths)


def hold(paths, years, p, ctx):
    """Halt the rise: the level stays at its ``from_year - 1`` value through ``to_year``.

    ``L`` = the path's value in ``from_year - 1`` (the last observation if that year is not
    projected). ``x'_t = L`` for ``from_year <= t <= to_year``; after ``to_year`` growth resumes
    at the baseline rates from the held level: ``x'_t = x_t * L / x_{to_year}``.
    """
    f, t = int(p["from_year"]), _to(p)
    idx = np.flatnonzero(years == f - 1)
    if idx.size:
        level = paths[:, idx[0]].copy()
    elif ctx.last_value is not None and (ctx.last_year is None or ctx.last_year < f):
        level = np.full(paths.shape[0], float(ctx.last_value))
    else:
        raise ScenarioError(f"hold from {f}: no level in {f - 1} to hold (no path or observation)")
    out = paths.copy()
    inside = (years >= f) & (years <= t)
    out[:, inside] = level[:, None]
    later = years > t
    if later.any():
        end = paths[:, np.flatnonzero(years == t)[0]] if (years == t).any() else level
        with np.errstate(divide="ignore", invalid="ignore"):
            scale = np.where(end != 0, level / end, 1.0)
        out[:, later] = paths[:, later] * scale[:, None]
    return out


def _straight(years, y0, v0, T, goal, shape):
    s = (years - y0) / float(T - y0)
    if shape == "geometric":
        if v0 <= 0 or goal <= 0:
            raise ScenarioError("target_path shape 'geometric' needs a positive last value and goal; "
                                "use shape: linear")
        return v0 * (goal / v0) ** s
    return v0 + (goal - v0) * s


def _path_level(years, y0, v0, T, goal, shape):
    return _straight(years, y0, v0, T, goal, shape)


def _path_net_increase(years, y0, v0, T, goal, shape):
    return v0 + goal * (years - y0)


def _path_growth(years, y0, v0, T, goal, shape):
    return v0 * (1.0 + goal / 100.0) ** (years - y0)


#: Relative nudge of a target_path's goal value towards the side that meets the goal.
GOAL_NUDGE = 1e-9

#: Straight paths by goal type: ``(years, y0, v0, T, goal, shape) -> levels``.
TARGET_PATHS: dict[str, Callable[..., np.ndarray]] = {
    "level": _path_level,
    "share": _path_level,
    "net_increase": _path_net_increase,
    "growth": _path_growth,
}


def target_path(paths, years, p, ctx):
    """Replace the paths by the straight path from the last observation to the goal.

    From the last observation ``(y0, v0)`` to the goal value ``G`` in target year ``T``:
    ``level``/``share`` goals: ``linear`` ``v0 + (G - v0)(t - y0)/(T - y0)`` or ``geometric``
    ``v0 (G/v0)^((t - y0)/(T - y0))``; ``net_increase`` goals (add ``G`` a year):
    ``v0 + G (t - y0)``; ``growth`` goals (``G`` % a year): ``v0 (1 + G/100)^(t - y0)``. The path
    continues at the same pace after ``T``. ``G`` is nudged by ``1e-9 * max(|G|, 1)`` towards the
    side that meets the goal (above it for ``>=``/``>``), so the path meets a strict goal and
    float rounding cannot turn a met goal into a miss. ``spread: none`` makes every path the straight
    one; ``spread: baseline`` keeps each path's relative deviation from the baseline median:
    ``x'_t = s_t * x_t / median_t``.
    """
    tgt = ctx.target
    if ctx.last_value is None or ctx.last_year is None:
        raise ScenarioError(f"target_path to '{getattr(tgt, 'id', '?')}': the series has no "
                            "observation to start the path from")
    build = TARGET_PATHS.get(getattr(tgt, "type", ""))
    if build is None:
        raise ScenarioError(f"target_path supports goals of type {', '.join(TARGET_PATHS)}; "
                            f"'{tgt.id}' is a {tgt.type} goal")
    goal = float(tgt.value)
    # End a hair on the goal's side of its value: a path *to* the goal must meet it, also for
    # strict comparators ("超过500家" is > 500) and despite float rounding in the formulas.
    side = {">=": 1, ">": 1, "<=": -1, "<": -1}.get(getattr(tgt, "comparator", ">="), 0)
    goal += side * GOAL_NUDGE * max(abs(goal), 1.0)
    straight = build(years.astype(float), int(ctx.last_year), float(ctx.last_value),
                     int(tgt.target_year), goal, p.get("shape", "linear"))
    if p.get("spread", "none") == "baseline" and paths is not None:
        med = np.median(paths, axis=0)
        with np.errstate(divide="ignore", invalid="ignore"):
            rel = np.where(med[None, :] != 0, paths / med[None, :], 1.0)
        return straight[None, :] * rel
    n = paths.shape[0] if paths is not None else ctx.n_sims
    return np.broadcast_to(straight, (n, len(years))).copy()


def ratio_to_reference(paths, years, p, ctx):
    """Change the city/reference ratio from ``from_year`` on (the reference is unchanged).

    With ``r_t = 100 * x_t / ref_t`` (percent): ``ratio_change_pp`` gives ``r'_t = r_t + pp``,
    i.e. ``x'_t = x_t + pp/100 * ref_t``; ``ratio_multiplier`` gives ``r'_t = m r_t``, i.e.
    ``x'_t = m x_t``.
    """
    on = (years >= int(p["from_year"]))[None, :]
    if p.get("ratio_multiplier") is not None:
        return np.where(on, paths * float(p["ratio_multiplier"]), paths)
    if ctx.reference is None:
        raise ScenarioError(f"ratio_to_reference: no paths or observations of the reference region "
                            f"'{p['reference_region']}' for these years")
    return np.where(on, paths + float(p["ratio_change_pp"]) / 100.0 * ctx.reference, paths)


# -- registration ------------------------------------------------------------------------------

_FROM = Param("year", True, doc="first year affected")
_TO = Param("year", False, doc="last year affected (default: the horizon)")


def _w_from_on(p):
    return (int(p["from_year"]), OPEN_END)


def _w_year_on(p):
    return (int(p["year"]), OPEN_END)


register_operation(OpSpec(
    "growth_shift", growth_shift,
    {"pp": Param("growth_pp", True, doc="percentage points added to the growth rate each year "
                 "(above -100: a series cannot lose more than all of itself in a year)"),
     "from_year": _FROM, "to_year": _TO},
    "+pp percentage points of growth a year from from_year to to_year (compounding; the level "
    "gain stays)", multiplicative=True, window=_w_from_on))
register_operation(OpSpec(
    "growth_multiplier", growth_multiplier,
    {"factor": Param("number", True, doc="multiplies each year-on-year growth rate"),
     "from_year": _FROM, "to_year": _TO},
    "year-on-year growth rates times factor from from_year to to_year", window=_w_from_on))
register_operation(OpSpec(
    "shock", shock,
    {"year": Param("year", True, doc="year of the dip"),
     "depth": Param("fraction", True, doc="size of the dip as a fraction of the level (0.05 = 5%)"),
     "recovery": Param("recovery", False, 0,
                       doc="years to full recovery, or the missing share in each later year"),
     "shape": Param("choice", False, "linear", ("linear", "geometric"), doc="recovery shape")},
    "a level dip in one year, recovering over the given years", multiplicative=True,
    window=lambda p: (int(p["year"]), int(p["year"]) + (
        len(p.get("recovery") or ()) if isinstance(p.get("recovery"), list)
        else int(p.get("recovery") or 0)))))
register_operation(OpSpec(
    "level_shift", level_shift,
    {"year": Param("year", True, doc="first year at the new level"),
     "delta": Param("number", doc="added to the level"),
     "factor": Param("positive", doc="multiplies the level")},
    "a permanent level change from year on (delta or factor)", one_of=(("delta", "factor"),),
    multiplicative=False, window=_w_year_on))
register_operation(OpSpec(
    "target_path", target_path,
    {"target": Param("str", True, doc="id of the goal in the plan"),
     "shape": Param("choice", False, "linear", ("linear", "geometric"), doc="path shape"),
     "spread": Param("choice", False, "none", ("none", "baseline"),
                     doc="none: one deterministic path; baseline: keep the model's spread")},
    "the straight path from the last observation to the goal", fixes=True, needs_target=True))
register_operation(OpSpec(
    "hold", hold, {"from_year": _FROM, "to_year": _TO},
    "the level stays at its from_year-1 value through to_year (halt the rise)", fixes=True,
    window=lambda p: (int(p["from_year"]), _to(p))))
register_operation(OpSpec(
    "ratio_to_reference", ratio_to_reference,
    {"reference_region": Param("str", True, doc="the region the ratio is taken to (the province)"),
     "ratio_change_pp": Param("number", doc="percentage points added to 100 * city / reference"),
     "ratio_multiplier": Param("positive", doc="multiplies city / reference"),
     "from_year": _FROM},
    "a change in the city/reference ratio from from_year on", one_of=(("ratio_change_pp",
                                                                       "ratio_multiplier"),),
    needs_reference=True, window=_w_from_on))


def is_multiplicative(op_name: str, params: Mapping) -> bool:
    """True when the operation's effect is a level-free factor (can act on a unit path)."""
    if op_name == "level_shift":
        return params.get("factor") is not None
    if op_name == "ratio_to_reference":
        return params.get("ratio_multiplier") is not None
    return OPERATIONS[op_name].multiplicative


def clip_bounds(paths: np.ndarray, bounds: tuple) -> np.ndarray:
    """Clip to the catalog's natural bounds ``(lower, upper)``; None is open."""
    lo, hi = bounds
    if lo is None and hi is None:
        return paths
    return np.clip(paths, -np.inf if lo is None else lo, np.inf if hi is None else hi)


__all__ = ["OPERATIONS", "OpSpec", "Param", "OpContext", "register_operation",
           "recovery_weights", "clip_bounds", "is_multiplicative", "TARGET_PATHS", "COMMON_KEYS"]
