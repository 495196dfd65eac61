"""Published progress-assessment methods, side by side, each with its own thresholds.

Every method reads one :class:`LevelView` (base, latest and target value of a goal seen as a
level, plus the observations) and returns a :class:`MethodResult`: a snake_case class label,
the method's key number, and details. Formulas and thresholds are those of
``docs/target_methods.md``; the section is named in each docstring.

Rules shared by all methods (docs/target_methods.md a.2 EUSTAT exceptions, a.4 open-sdg):

* fewer than two points (base and a later observation) -> ``insufficient_data``;
* the latest value already meets the goal in the desired direction -> ``achieved``;
* direction enters as ``d`` (+1 higher is better, -1 lower is better). Growth-rate ratios
  use open-sdg's ``R = d * CAGR_a / |CAGR_r|`` (sdg-build ``ProgressMeasure.py``): the same as
  ``CAGR_a / CAGR_r`` normally, and still meaningful when the base already met the goal; the
  public UNSD re-implementation's ``abs(CAGR_a)`` is **not** copied, so moving away from the
  goal gives a negative ratio. The ESCAP gap is ``G = d * (x* - x_hat) / |x* - x0|``: the
  reference text's ``d * (x* - x_hat) / (x* - x0)`` would apply the direction twice for
  lower-is-better goals;
* EUSTAT's P and the achievement degree A divide by ``x* - x0`` with its sign; when the base already met the
  goal but the latest value does not, they return their worst class (no key number);
* a missing base-year value is replaced by the nearest observed year (EUSTAT; open-sdg takes
  the next later year instead);
* zero values are replaced by 0.001 and flagged, all-negative series are mirrored, mixed signs
  give ``insufficient_data`` (:func:`xtforecast.gap.growth_math.positive_triple`).

Register a new method with :func:`register_method`; look one up with :data:`METHODS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .growth_math import achievement_degree, cagr, positive_triple, time_progress, weighted_linear_projection
from .reasons import Detail


@dataclass(frozen=True)
class LevelView:
    """A goal seen as a level path from base to target (the input of every method).

    Attributes
    ----------
    t0, x0 : int, float
        Base year and value.
    t, xt : int, float
        Latest observed year and value (``t > t0`` for any assessment).
    T, xstar : int, float
        Target year and the level that meets the goal.
    d : int
        +1 higher is better, -1 lower is better.
    years, values : numpy.ndarray
        The observations behind the view (for regression-based methods).
    growth_ok : bool
        False when growth rates are undefined by construction (a cumulative sum starting at 0).
    note : Detail or None
        How the view was built (``change_read_as_level``: "net increase read as x(2019) + 80").
    """

    t0: int
    x0: float
    t: int
    xt: float
    T: int
    xstar: float
    d: int
    years: np.ndarray = field(default_factory=lambda: np.zeros(0))
    values: np.ndarray = field(default_factory=lambda: np.zeros(0))
    growth_ok: bool = True
    note: Detail | None = None

    def meets(self, x: float) -> bool:
        """True when ``x`` is at or beyond the target level in the desired direction."""
        return bool(self.d * (x - self.xstar) >= 0)


@dataclass(frozen=True)
class MethodResult:
    """One method's verdict on one goal.

    Attributes
    ----------
    label : str
        Snake_case class (its words are ``class.<label>`` in :mod:`xtforecast.i18n.gap`).
    value : float
        The method's key number (CR, P, RR, R, G or the achievement degree A); NaN when not
        defined.
    detail : dict
        Secondary numbers (scores, time progress, projections).
    reason : Detail or None
        Why ``insufficient_data``, or caveats (zero replacement, base already met), as a code
        with values (:mod:`xtforecast.gap.reasons`); several caveats are one ``caveats``
        record.
    """

    label: str
    value: float = np.nan
    detail: dict = field(default_factory=dict)
    reason: Detail | None = None


# -- thresholds (dataclass defaults = the published values) ------------------------------------

@dataclass(frozen=True)
class UNSD2022Thresholds:
    """UNSD Progress Chart 2022, ratio of actual to required CAGR (docs/target_methods.md a.2).

    The note writes ``CR > 0.95`` and ``0.5 <= CR < 0.95``, leaving CR = 0.95 in no class;
    here CR = 0.95 counts as substantial (as in Eurostat/StatCan, where 95% is inclusive).
    """

    substantial: float = 0.95
    fair: float = 0.5
    limited: float = -0.1


@dataclass(frozen=True)
class UNSD2023Thresholds:
    """UNSD 2023+ as implemented by EUSTAT: extrapolated level against the target path (a.2)."""

    on_track: float = 0.95
    acceleration: float = 0.10


@dataclass(frozen=True)
class EurostatThresholds:
    """Eurostat EU SDG report, RR = actual / required CAGR (a.3): 95% / 60% / 0%."""

    significant: float = 0.95
    moderate: float = 0.60
    insufficient: float = 0.0


@dataclass(frozen=True)
class StatCanThresholds:
    """Statistics Canada / open-sdg (a.4): R thresholds 0.95 / 0.60 / 0 and the -5..+5 score."""

    on_track: float = 0.95
    acceleration: float = 0.60
    limited: float = 0.0


@dataclass(frozen=True)
class ESCAPThresholds:
    """ESCAP anticipated-progress gap G (a.1): G <= 0 maintain, 0 < G < 1 accelerate, G >= 1 reverse.

    Attributes
    ----------
    maintain : float
        G at or below this: "maintain progress".
    reverse : float
        G at or above this: "reverse trend".
    log : bool
        Fit the time-weighted regression on logs instead of levels (ESCAP allows both).
    """

    maintain: float = 0.0
    reverse: float = 1.0
    log: bool = False


@dataclass(frozen=True)
class MidtermThresholds:
    """The Chinese mid-term check "half the time, half the task" (a.7).

    Attributes
    ----------
    tolerance : float
        On schedule when the achievement degree >= the time progress - tolerance (0: the strict
        reading).
    """

    tolerance: float = 0.0


# -- the methods -------------------------------------------------------------------------------

def _base_met(view: LevelView, worst: str) -> MethodResult | None:
    """The base already met the goal but the latest value does not: the method's worst class.

    Used by the methods whose key number divides by the base-to-goal distance with its sign
    (EUSTAT's P, the achievement degree), which is meaningless when that distance points the wrong way.
    """
    if view.d * (view.xstar - view.x0) <= 0:
        return MethodResult(worst, reason=Detail("base_met_latest_not", {
            "x0": view.x0, "t0": view.t0, "xstar": view.xstar, "xt": view.xt}))
    return None


def _common(view: LevelView | None) -> MethodResult | None:
    """The checks every method shares; None means: go on with the method's own rule."""
    if view is None:
        return MethodResult("insufficient_data", reason=Detail("no_level_view"))
    if not (np.isfinite(view.x0) and np.isfinite(view.xt) and np.isfinite(view.xstar)):
        return MethodResult("insufficient_data", reason=Detail("values_missing"))
    if view.t <= view.t0:
        return MethodResult("insufficient_data", reason=Detail("needs_two_points", {"t0": view.t0, "t": view.t}))
    if view.meets(view.xt):
        return MethodResult("achieved", reason=Detail("latest_meets", {
            "xt": view.xt, "t": view.t, "xstar": view.xstar}))
    return None


def caveats(flags) -> Detail | None:
    """Several caveats as one record (None for none, the record itself for one)."""
    flags = list(flags)
    if len(flags) > 1:
        return Detail("caveats", {"items": flags})
    return flags[0] if flags else None


def _growth_ratio(view: LevelView) -> tuple[float, float, float, Detail | None] | MethodResult:
    """CAGR_a, CAGR_r and their ratio, with open-sdg zero/sign handling."""
    if not view.growth_ok:
        return MethodResult("insufficient_data", reason=Detail("growth_needs_positive_base", {
            "note": view.note or Detail("starts_from_zero")}))
    p = positive_triple(view.x0, view.xt, view.xstar, view.d)
    if not p.ok:
        return MethodResult("insufficient_data", reason=caveats(p.flags))
    ca = cagr(p.x0, p.xt, view.t - view.t0)
    cr = cagr(p.x0, p.xstar, view.T - view.t0)
    # open-sdg's form R = d * CAGR_o / |CAGR_r| (sdg-build ProgressMeasure.methodology_2): equal
    # to CAGR_o / CAGR_r in the normal case, and still signed correctly when the base already
    # met the goal (CAGR_r points the wrong way). Never abs(CAGR_o) (the UNSD re-implementation bug).
    ratio = p.d * ca / abs(cr) if cr != 0 else np.nan
    flags = list(p.flags)
    if cr != 0 and p.d * cr < 0:
        flags.append(Detail("base_already_met", {"x0": view.x0, "t0": view.t0}))
    return ca, cr, ratio, caveats(flags)


#: A key number within this of a cut-point counts as reaching it: CAGRs come from fractional
#: powers, and rounding noise (0.9499999999) must not move a goal across a class boundary.
CUT_TOLERANCE = 1e-9


def _classify(x: float, cuts: list[tuple[float, str]], last: str) -> str:
    """First label whose lower cut ``x`` reaches (cuts in descending order)."""
    for cut, label in cuts:
        if x >= cut - CUT_TOLERANCE:
            return label
    return last


def unsd2022(view: LevelView | None, thr: UNSD2022Thresholds = UNSD2022Thresholds()) -> MethodResult:
    """UNSD Progress Chart 2022: CR = CAGR_a / CAGR_r (docs/target_methods.md a.2).

    ``CR >= 0.95`` substantial progress, ``0.5 <= CR < 0.95`` fair progress (acceleration
    needed), ``-0.1 <= CR < 0.5`` limited or no progress, ``CR < -0.1`` deterioration.
    """
    pre = _common(view)
    if pre is not None:
        return pre
    g = _growth_ratio(view)
    if isinstance(g, MethodResult):
        return g
    ca, cr, ratio, flags = g
    label = _classify(ratio, [(thr.substantial, "substantial_progress"), (thr.fair, "fair_progress"),
                              (thr.limited, "limited_progress")], "deterioration")
    return MethodResult(label, ratio, {"cagr_actual": ca, "cagr_required": cr}, flags)


def unsd2023(view: LevelView | None, thr: UNSD2023Thresholds = UNSD2023Thresholds()) -> MethodResult:
    """UNSD 2023+ / EUSTAT: extrapolate the current pace and compare with the target (a.2).

    ``x_e = x_t (1 + CAGR_a) ** (T - t)``, ``P = (x_e - x_b) / (x* - x_b)``;
    ``P >= 0.95`` on track (score 3), ``0.10 <= P < 0.95`` acceleration needed (2),
    ``P < 0.10`` stagnation or regression (1).
    """
    pre = _common(view) or _base_met(view, "stagnation_or_regression")
    if pre is not None:
        return pre
    g = _growth_ratio(view)
    if isinstance(g, MethodResult):
        return g
    ca, _, _, flags = g
    p = positive_triple(view.x0, view.xt, view.xstar, view.d)
    x_e = p.xt * (1.0 + ca) ** (view.T - view.t)
    P = (x_e - p.x0) / (p.xstar - p.x0)
    label = _classify(P, [(thr.on_track, "on_track"), (thr.acceleration, "acceleration_needed")],
                      "stagnation_or_regression")
    score = {"on_track": 3, "acceleration_needed": 2, "stagnation_or_regression": 1}[label]
    return MethodResult(label, P, {"x_expected": x_e, "cagr_actual": ca, "score": score}, flags)


def eurostat(view: LevelView | None, thr: EurostatThresholds = EurostatThresholds()) -> MethodResult:
    """Eurostat EU SDG report: RR = actual / required CAGR, 95% / 60% / 0% (a.3).

    The required CAGR is anchored at the goal's base year (editions vary; docs/target_methods.md).
    """
    pre = _common(view)
    if pre is not None:
        return pre
    g = _growth_ratio(view)
    if isinstance(g, MethodResult):
        return g
    ca, cr, ratio, flags = g
    label = _classify(ratio, [(thr.significant, "significant_progress"),
                              (thr.moderate, "moderate_progress"),
                              (thr.insufficient, "insufficient_progress")], "movement_away")
    return MethodResult(label, ratio, {"cagr_actual": ca, "cagr_required": cr}, flags)


def statcan_score(R: float) -> float:
    """Statistics Canada's -5..+5 aggregation score for a growth ratio R (a.4).

    ``7.1429 R - 4.2857`` when ``R > 0.6``, else ``4.1667 R - 2.5``, clipped to [-5, 5]. The
    published coefficients are the roundings of 50/7, 30/7 and 25/6, which are used exactly
    so that R = 0.6 gives 0, R = 1.3 gives +5 and R = -0.6 gives -5 without rounding noise.

    Examples
    --------
    >>> statcan_score(0.6), statcan_score(1.3), statcan_score(-0.6)
    (0.0, 5.0, -5.0)
    """
    if not np.isfinite(R):
        return np.nan
    s = (50.0 / 7.0) * R - 30.0 / 7.0 if R > 0.6 else (25.0 / 6.0) * R - 2.5
    return float(np.clip(round(s, 12), -5.0, 5.0))


def statcan(view: LevelView | None, thr: StatCanThresholds = StatCanThresholds()) -> MethodResult:
    """Statistics Canada / open-sdg: R = CAGR_o / CAGR_r, 0.95 / 0.60 / 0, plus the score (a.4)."""
    pre = _common(view)
    if pre is not None:
        if pre.label == "achieved":
            return MethodResult(pre.label, pre.value, {"score": 5.0}, pre.reason)
        return pre
    g = _growth_ratio(view)
    if isinstance(g, MethodResult):
        return g
    ca, cr, ratio, flags = g
    label = _classify(ratio, [(thr.on_track, "on_track"), (thr.acceleration, "acceleration_needed"),
                              (thr.limited, "limited_progress")], "deterioration")
    return MethodResult(label, ratio, {"cagr_actual": ca, "cagr_required": cr,
                                       "score": statcan_score(ratio)}, flags)


def escap(view: LevelView | None, thr: ESCAPThresholds = ESCAPThresholds()) -> MethodResult:
    """ESCAP Anticipated Progress: gap G from a time-weighted regression projection (a.1).

    ``x_hat`` is the weighted least-squares line through all observations (weights rising
    linearly with the year, see :func:`weighted_linear_projection`) evaluated at T;
    ``G = d (x* - x_hat) / |x* - x0|``; ``G <= 0`` maintain progress, ``0 < G < 1`` accelerate
    progress, ``G >= 1`` reverse trend.
    """
    pre = _common(view)
    if pre is not None:
        return pre
    if np.unique(view.years).size < 2:
        return MethodResult("insufficient_data", reason=Detail("regression_needs_two_years"))
    if view.xstar == view.x0:
        return MethodResult("reverse_trend", reason=Detail("base_equals_goal", {"x0": view.x0, "xt": view.xt}))
    x_hat = weighted_linear_projection(view.years, view.values, view.T, log=thr.log)
    if not np.isfinite(x_hat):
        return MethodResult("insufficient_data", reason=Detail("log_needs_positive"))
    G = view.d * (view.xstar - x_hat) / abs(view.xstar - view.x0)
    if G <= thr.maintain + CUT_TOLERANCE:
        label = "maintain_progress"
    elif G < thr.reverse - CUT_TOLERANCE:
        label = "accelerate_progress"
    else:
        label = "reverse_trend"
    return MethodResult(label, float(G), {"x_hat": x_hat})


def midterm(view: LevelView | None, thr: MidtermThresholds = MidtermThresholds()) -> MethodResult:
    """Chinese mid-term check "half the time, half the task" (a.7).

    Achievement degree ``A = (x_t - x_0) / (x* - x_0)`` against time progress
    ``tau = (t - t_0) / (T - t_0)``:
    ``A >= tau - tolerance`` on schedule, ``0 <= A < tau - tolerance`` behind schedule,
    ``A < 0`` regressing (moved away from the goal since the base year).
    """
    pre = _common(view) or _base_met(view, "regressing")
    if pre is not None:
        return pre
    A = achievement_degree(view.x0, view.xt, view.xstar)
    tau = time_progress(view.t0, view.t, view.T)
    if A >= tau - thr.tolerance - CUT_TOLERANCE:
        label = "on_schedule"
    elif A >= 0:
        label = "behind_schedule"
    else:
        label = "regressing"
    return MethodResult(label, float(A), {"time_progress": tau})


@dataclass(frozen=True)
class Method:
    """A registered method: the callable and its default thresholds."""

    fn: Callable[..., MethodResult]
    thresholds: object
    source: str


#: Method name -> :class:`Method`. Column names in summaries are ``status_<name>``.
METHODS: dict[str, Method] = {
    "unsd2022": Method(unsd2022, UNSD2022Thresholds(), "UNSD Progress Chart 2022 (a.2)"),
    "unsd2023": Method(unsd2023, UNSD2023Thresholds(), "UNSD 2023+ as implemented by EUSTAT (a.2)"),
    "eurostat": Method(eurostat, EurostatThresholds(), "Eurostat EU SDG monitoring (a.3)"),
    "statcan": Method(statcan, StatCanThresholds(), "Statistics Canada / open-sdg (a.4)"),
    "escap": Method(escap, ESCAPThresholds(), "UN ESCAP Anticipated Progress (a.1)"),
    "cn_midterm": Method(midterm, MidtermThresholds(), "Chinese mid-term check, half the time, half the task (a.7)"),
}


def register_method(name: str, fn: Callable[..., MethodResult], thresholds: object,
                    source: str = "") -> None:
    """Add a method to :data:`METHODS` (it then appears as ``status_<name>`` in summaries)."""
    METHODS[name] = Method(fn, thresholds, source)


def run_methods(view: LevelView | None, thresholds: dict | None = None,
                why_none: Detail | None = None) -> dict[str, MethodResult]:
    """Run every registered method on one view.

    Parameters
    ----------
    view : LevelView or None
        None when the goal has no level view; every method then says ``insufficient_data``.
    thresholds : dict, optional
        Method name -> thresholds dataclass, overriding the published defaults.
    why_none : Detail, optional
        The reason reported when ``view`` is None (default ``no_level_view``).

    Raises
    ------
    ValueError
        If ``thresholds`` names a method that is not registered.
    """
    thresholds = thresholds or {}
    unknown = set(thresholds) - set(METHODS)
    if unknown:
        raise ValueError(f"thresholds given for unknown method(s) {sorted(unknown)}; "
                         f"registered methods: {list(METHODS)}")
    out = {}
    for name, m in METHODS.items():
        if view is None:
            out[name] = MethodResult("insufficient_data", reason=why_none or Detail("no_level_view"))
        else:
            out[name] = m.fn(view, thresholds.get(name, m.thresholds))
    return out

