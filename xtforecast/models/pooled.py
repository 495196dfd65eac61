"""Cross-learned growth: a series' own level moved by growth learned from a pool of peers.

A city or province indicator with one to three points of its own says almost nothing about its
growth; the same indicator in peer regions says a lot (Montero-Manso & Hyndman 2021: one model
fitted across series beats a model per series on yearly data; the Kaggle tourism winners
pooled the growth rate across series). :class:`PooledGrowth` writes the h-year log growth of a
series from its last observed point from three things:

- ``g_ref(h)``: the growth the series' reference (its parent region: the nation for a
  province) is expected to have over the next h years, as known at the origin: the median path
  of the local default combination fitted on the reference (:func:`reference_growth`). It is
  the regime every peer shares and enters as an offset: with the few origins a vintage allows,
  its slope cannot be estimated;
- ``l``: the series' level against its reference in the origin year (small shares grow faster);
- ``r_own``: the series' own annualised log growth over its last ``k`` points (``k >= 2``),
  minus the reference's recent rate ``r_ref``: how much its own recent growth should count is
  learned per ``k`` (a small weight with two points, a larger one with five: shrinkage toward
  the pool, estimated, not set), and how many of its last points ``k`` takes is chosen on the
  pool too (:meth:`PooledGrowth._own_points`: three noisy points can say less than two).

    log x(T0 + h) - log x(T0) = g_ref(h) + h * (b0 + b1 * l + b2 * (r_own - r_ref))
                                + s_{k,h} + e_h

The coefficients come from a least-squares fit on every one-year window of the pool that ends
by the origin and are compounded over h: long windows exist only from the earliest origins,
in another growth regime, and too few of them to pin a slope. The error ``e_h`` is drawn from
the *leave-one-series-out* residuals of the same regression fitted on the h-year windows (each
peer predicted by the model fitted on the others; centred, so they carry the spread and not the
centre), widened per ``k``, ``h`` and interval level by :data:`POOLED_INFLATION`; ``s_{k,h}``
(:data:`POOLED_SHIFT`) corrects the centre. Both are learned on the province panels: the
residuals of a few origins miss most of the shocks all peers share, and the reference's
forecast damps growth. No distribution is assumed, so the tails are the pool's. Paths join
the per-horizon quantiles through a Gaussian copula with random-walk correlation (as
:class:`~.base.ErrorDist` does).

When the pool is too thin for a regression (fewer than ``min_rows`` windows at a horizon -- a
city indicator whose only peer is its province's three figures), the model falls back to the
pool's observed rates: the median of every annualised rate between two points of a peer
series, extrapolated, with the error such an extrapolation was seen to make on the province
panels (:data:`RATE_ERROR_Q`: growth slows, and sometimes falls away) and a child-region
deviation learned there too (:data:`CHILD_DEVIATION_SD`); ``mode_`` says which was used.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import stats

from .base import ModelError, SimulationModel

#: Years of reference history that define its current growth regime (``r_ref``).
REF_WINDOW = 3
#: Longest horizon the regression is fitted for; beyond it the last horizon's fit is scaled.
MAX_H = 10
#: Largest ``k`` used for the own-growth feature (more own points are summarised by the last 5).
MAX_K = 5
#: Own points from which a series counts as long: it shares the calibration tables' last row
#: (its feature still reads at most the last ``MAX_K`` points, but its windows, spread and
#: errors are those of a series with a history, not of five points).
LONG_POINTS = MAX_K + 1
#: How :class:`PooledGrowth` decides how many own points its growth is read from.
OWN_POINTS = ("choose", "all")
#: Fewest pool windows (per horizon) for the regression; below it the rates fallback is used.
MIN_ROWS = 30
#: Pools with more series than this are cross-fitted in this many folds instead of one per series.
MAX_GROUPS = 40
_FOLDS = 10
#: Per-horizon s.d. of a child region's h-year log growth around its parent's (h = 1..5), the
#: spread a thin-pool projection adds to the parent's observed rates. Provenance:
#: :func:`xtforecast.bench_sparse.child_deviation_sd` on the bundled province panels (8
#: indicators, 31 provinces vs china, all windows, robust s.d. = 1.4826 MAD), 2026-12-01.
CHILD_DEVIATION_SD = np.array([0.069, 0.120, 0.167, 0.214, 0.262])
#: Quantiles (rows h = 1..5, columns :data:`RATE_ERROR_PROBS`) of what extrapolating the median
#: of a series' observed rates (any two points in the last 5 years) misses by h years later:
#: growth slows (the median is negative) and the lower tail is long. A thin pool's projection
#: is ``h x median(peer rates)`` plus this error plus the child deviation. Provenance:
#: :func:`xtforecast.bench_sparse.rate_extrapolation_quantiles` on the bundled province panels
#: (8 indicators x 32 regions, every origin), 2026-12-01.
RATE_ERROR_PROBS = np.array([0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.975])
RATE_ERROR_Q = np.array([
    [-0.430, -0.310, -0.212, -0.101, -0.027, 0.042, 0.133, 0.222, 0.286],
    [-0.744, -0.579, -0.405, -0.203, -0.057, 0.067, 0.216, 0.324, 0.437],
    [-1.034, -0.817, -0.588, -0.315, -0.100, 0.075, 0.275, 0.404, 0.592],
    [-1.369, -1.071, -0.774, -0.439, -0.167, 0.066, 0.297, 0.506, 0.697],
    [-1.708, -1.430, -1.033, -0.595, -0.257, 0.033, 0.282, 0.510, 0.706],
])
#: Calibration of the projection per own-point count (rows 1..5, and a sixth row for series of
#: ``LONG_POINTS`` points or more) and horizon (columns 1..5; later horizons reuse the last): a
#: shift of the median (log scale) and a widening of the leave-one-series-out residuals. The
#: residuals come from the few origins whose window ends by the vintage, so they miss most of
#: the shocks all peers share, and the reference's forecast runs low (the local combination
#: damps growth). Learned on the bundled province panels
#: (:func:`xtforecast.bench_sparse.learn_calibration`, all 8 panel indicators; rows 1..5 on the
#: one-vintage panels with the own-point choice of :meth:`PooledGrowth._own_points`, the long
#: row on every origin with 6 or more own points; the shift 2026-12-01/02, the inflation per
#: level 2026-12-02; `python benchmarks/learn_pooled_tables.py` prints both again, the shift
#: within 0.0005 of this one, its third decimal); the sparse benchmark
#: scores each indicator with tables learned on the other 7. Pools without a reference (a city
#: learning from the province panel, a benchmark file) use the same tables: they were learned
#: where a reference exists.
POOLED_SHIFT = np.array([
    [0.020, 0.045, 0.071, 0.089, 0.094],
    [0.023, 0.045, 0.081, 0.110, 0.123],
    [0.019, 0.042, 0.077, 0.092, 0.119],
    [0.014, 0.035, 0.064, 0.070, 0.080],
    [0.013, 0.024, 0.042, 0.046, 0.044],
    [0.012, 0.023, 0.052, 0.049, 0.054],
])
#: Central interval levels the widening factors are matched at (the first axis of
#: :data:`POOLED_INFLATION`). A residual at central level ``c = |2u - 1|`` is scaled by the factor
#: interpolated in ``c`` between them (the inner ones by the 80 % factor, the outer ones by the
#: 95 %): one factor for both levels, matched to neither, left the 80 % intervals of series with
#: 4 or more points too narrow (0.757 for long series) while their 95 % ones covered.
INFLATION_LEVELS = np.array([0.80, 0.95])
POOLED_INFLATION = np.array([
    [  # 80 %
        [1.116, 1.281, 1.368, 1.611, 1.862],
        [1.049, 1.159, 1.174, 1.321, 1.437],
        [1.084, 1.143, 1.159, 1.263, 1.360],
        [1.102, 1.164, 1.185, 1.322, 1.415],
        [1.082, 1.117, 1.225, 1.330, 1.463],
        [1.080, 1.182, 1.312, 1.489, 1.621],
    ],
    [  # 95 %
        [1.142, 1.412, 1.558, 1.752, 2.058],
        [1.106, 1.281, 1.281, 1.385, 1.550],
        [1.107, 1.233, 1.233, 1.280, 1.384],
        [1.119, 1.127, 1.127, 1.127, 1.237],
        [1.031, 1.058, 1.058, 1.119, 1.261],
        [1.020, 1.107, 1.107, 1.175, 1.364],
    ],
])


@dataclass
class PoolSeries:
    """One peer series: its years, log values and (optionally) its reference's.

    Attributes
    ----------
    id : str
        Name (region or series id); also the cross-fitting group.
    years : ndarray of int
    z : ndarray of float
        Log values, same length as ``years``.
    ref_years, ref_z : ndarray, optional
        The peer's reference (parent) series, log values.
    """

    id: str
    years: np.ndarray
    z: np.ndarray
    ref_years: np.ndarray | None = None
    ref_z: np.ndarray | None = None


@dataclass
class GrowthPool:
    """The peers a series learns its growth from, and a label that says who they are.

    Build one with :meth:`from_arrays`; :class:`PooledGrowth` reads the windows it needs.
    """

    series: list[PoolSeries]
    label: str = "pool"
    _rows: dict = field(default_factory=dict, repr=False)

    @classmethod
    def from_arrays(cls, items, label: str = "pool") -> GrowthPool:
        """Build a pool from ``(id, years, values[, ref_years, ref_values])`` tuples.

        Non-positive values are dropped (log growth needs positive levels).
        """
        out = []
        for it in items:
            yrs, z = _positive_log(it[1], it[2])
            if yrs.size < 2:
                continue
            ry = rz = None
            if len(it) > 3 and it[3] is not None and len(it[3]):
                ry, rz = _positive_log(it[3], it[4])
            out.append(PoolSeries(str(it[0]), yrs, z, ry, rz))
        return cls(out, label)

    @property
    def n_series(self) -> int:
        return len(self.series)

    def rows(self, h: int, k: int, use_ref: bool, max_year: float,
             min_points: int | None = None) -> tuple:
        """Training windows for horizon ``h``: ``(X, y, groups)``, cached per arguments.

        ``k`` own points make the own-growth feature; ``min_points`` (default ``k``) is the
        fewest points a peer must have by the window's origin, so that fits with different
        ``k`` can be compared on the same windows.
        """
        need = max(k, min_points or k)  # one key for the same windows, however asked
        key = (h, k, use_ref, max_year, need)
        if key not in self._rows:
            self._rows[key] = _windows(self.series, h, k, use_ref, max_year, need)
        return self._rows[key]

    def rates(self, max_gap: int = MAX_H) -> np.ndarray:
        """Every annualised log growth rate between two points (gap <= ``max_gap``) of a peer."""
        out = []
        for s in self.series:
            for i in range(len(s.years)):
                for j in range(i + 1, len(s.years)):
                    d = s.years[j] - s.years[i]
                    if d <= max_gap:
                        out.append((s.z[j] - s.z[i]) / d)
        return np.asarray(out, float)


def _positive_log(years, values) -> tuple[np.ndarray, np.ndarray]:
    """Years and log values of the finite, positive points, in year order."""
    yrs, vals = np.asarray(years, float), np.asarray(values, float)
    keep = np.isfinite(vals) & (vals > 0)
    order = np.argsort(yrs[keep])
    return yrs[keep][order], np.log(vals[keep][order])


def endpoint_rate(years: np.ndarray, z: np.ndarray) -> float:
    """Annualised log growth between the first and last of the given points."""
    return float((z[-1] - z[0]) / (years[-1] - years[0]))


def reference_rate(ref_years, ref_z, t: float, window: int = REF_WINDOW) -> float:
    """The reference's annualised log growth over ``[t - window, t]``, or NaN.

    Needs a reference point in ``t`` or ``t - 1`` and another one at least a year earlier in the
    window: the regime must be current, not remembered.
    """
    if ref_years is None:
        return float("nan")
    m = (ref_years >= t - window) & (ref_years <= t)
    if m.sum() < 2 or ref_years[m][-1] < t - 1:
        return float("nan")
    return endpoint_rate(ref_years[m], ref_z[m])


_REF_FC: dict = {}


def reference_growth(ref_years, ref_z, t: float, h: int) -> float:
    """The reference's expected log growth from ``t`` to ``t + h`` as known at ``t``.

    The median path of the local default combination fitted on the reference up to ``t``: it
    damps a boom, where ``h`` times :func:`reference_rate` ran on (benchmarks/README.md).
    Memoised, since every peer shares its reference. NaN when the reference has no current
    regime; ``h`` times the recent rate where the combination cannot be fitted.
    """
    rr = reference_rate(ref_years, ref_z, t)
    if not np.isfinite(rr):
        return h * rr
    m = ref_years <= t
    key = (ref_years[m].tobytes(), ref_z[m].tobytes())
    path = _REF_FC.get(key)
    if path is None:
        # lazy: models/__init__ imports this module before it defines default_model
        from . import default_model
        last = int(ref_years[m][-1])
        try:
            fc = default_model(calibration=None, lower=0.0).fit(
                ref_years[m], np.exp(ref_z[m])).predict(MAX_H + 2, level=None)["mean"]
            path = dict(zip(range(last + 1, last + MAX_H + 3), np.log(fc)))
        except ModelError:  # too short for the combination: its recent trend
            path = {last + j: ref_z[m][-1] + j * rr for j in range(1, MAX_H + 3)}
        path[last] = float(ref_z[m][-1])
        if len(_REF_FC) > 4096:  # a long benchmark: keep memory bounded
            _REF_FC.clear()
        _REF_FC[key] = path
    t = int(t)
    if t + h not in path or t not in path:
        return h * rr
    return float(path[t + h] - path[t])


def _windows(series: list[PoolSeries], h: int, k: int, use_ref: bool, max_year: float,
             need: int):
    """Rows ``[1, level vs reference?, own rate - reference rate?]`` -> log growth over h less
    the reference's expected growth, from every origin of every peer with at least ``need``
    points by then (``(X, y, groups)``; :meth:`GrowthPool.rows` says how many)."""
    X, y, g = [], [], []
    for gi, s in enumerate(series):
        pos = {int(t): i for i, t in enumerate(s.years)}
        for i, t in enumerate(s.years):
            j = pos.get(int(t) + h)
            if j is None or t + h > max_year or i + 1 < need:
                continue
            rr = 0.0
            row = [1.0]
            if use_ref:
                rr = reference_rate(s.ref_years, s.ref_z, t)
                if not np.isfinite(rr) or t not in s.ref_years:
                    continue
                row.append(s.z[i] - s.ref_z[np.searchsorted(s.ref_years, t)])
            if k >= 2:
                row.append(endpoint_rate(s.years[i - k + 1:i + 1], s.z[i - k + 1:i + 1]) - rr)
            X.append(row)
            y.append(s.z[j] - s.z[i] - (reference_growth(s.ref_years, s.ref_z, t, h)
                                        if use_ref else 0.0))
            g.append(gi)
    p = 1 + int(use_ref) + int(k >= 2)
    return (np.asarray(X, float).reshape(-1, p), np.asarray(y, float), np.asarray(g, int))


def _fold_of(groups: np.ndarray, n_series: int) -> np.ndarray:
    """Cross-fitting folds: one per series for small pools, ``_FOLDS`` for large ones."""
    if n_series <= MAX_GROUPS:
        return groups
    return groups % _FOLDS


def cross_fit(X: np.ndarray, y: np.ndarray, folds: np.ndarray, exclude=()) -> tuple:
    """Coefficients without the ``exclude`` folds, and out-of-fold residuals of the rest.

    Each remaining fold's residuals come from the fit on all other remaining folds (leave one
    series out, or one fold of series), so the error distribution is the one a new series sees.
    Sufficient statistics per fold make each refit one small solve.

    Returns
    -------
    (coef, residuals) : ndarray, ndarray
    """
    keep = ~np.isin(folds, list(exclude))
    X, y, folds = X[keep], y[keep], folds[keep]
    p = X.shape[1]
    uniq, fold = np.unique(folds, return_inverse=True)
    # per-fold sums of x x' and x y, then every leave-one-fold-out refit in one batched solve
    # (a loop over folds with boolean masks took most of a sparse projection's time)
    nf = len(uniq)
    xtx = np.array([[np.bincount(fold, X[:, a] * X[:, b], nf) for b in range(p)]
                    for a in range(p)]).reshape(p, p, nf).transpose(2, 0, 1)
    xty = np.array([np.bincount(fold, X[:, a] * y, nf) for a in range(p)]).reshape(p, nf).T
    A, b = xtx.sum(axis=0) + 1e-8 * np.eye(p), xty.sum(axis=0)
    coef = np.linalg.solve(A, b)
    cf = np.linalg.solve(A[None] - xtx, (b[None] - xty)[..., None])[..., 0]
    return coef, y - np.einsum("ij,ij->i", X, cf[fold])


class PooledGrowth(SimulationModel):
    """Own last level x growth learned across a pool of peer series (see the module docstring).

    Parameters
    ----------
    min_rows : int
        Fewest pool windows per horizon for the regression (else: the pool's rates).
    use_reference : bool
        Use the reference's recent growth as a feature when the series and its peers have one.
    inflation : ndarray, optional
        Widening of the residuals, own points x h (one factor for every level) or levels x own
        points x h (one table per level of :data:`INFLATION_LEVELS`); default
        :data:`POOLED_INFLATION`.
    shift : ndarray, optional
        Log shift of the median, own points x h; default :data:`POOLED_SHIFT`.
    own_points : {"choose", "all"}
        How many of the series' last points its own growth is read from: ``"choose"`` (the
        default) lets the pool decide (:meth:`_own_points`), ``"all"`` uses every point up to 5.
    **kw
        Bounds and alias; the model works on the log scale (``lower`` defaults to 0).
    """

    min_points = 1
    #: paths behind the rates mode's quantiles (its paths mix three error sources)
    predict_paths = 20000

    def __init__(self, min_rows: int = MIN_ROWS, use_reference: bool = True,
                 inflation: np.ndarray | None = None, shift: np.ndarray | None = None,
                 own_points: str = "choose", **kw):
        if own_points not in OWN_POINTS:
            raise ModelError(f"`own_points` must be one of {list(OWN_POINTS)}; got {own_points!r}.")
        self.own_points = own_points
        if int(min_rows) < 5:
            raise ModelError(f"`min_rows` must be at least 5 windows; got {min_rows!r}.")
        self.min_rows = int(min_rows)
        self.inflation = POOLED_INFLATION if inflation is None else np.asarray(inflation, float)
        self.shift = POOLED_SHIFT if shift is None else np.asarray(shift, float)
        if self.shift.ndim != 2 or not np.all(np.isfinite(self.shift)):
            raise ModelError(f"`shift` must be a 2-D array of finite log shifts (k x h); got "
                             f"{shift!r}.")
        if self.inflation.ndim == 2:  # one factor for every level
            self.inflation = np.stack([self.inflation] * len(INFLATION_LEVELS))
        if (self.inflation.ndim != 3 or len(self.inflation) != len(INFLATION_LEVELS)
                or not np.all(self.inflation > 0)):
            raise ModelError("`inflation` must be an array of positive factors, k x h (every "
                             f"level) or {len(INFLATION_LEVELS)} x k x h (one table per level of "
                             f"{INFLATION_LEVELS.tolist()}); got {inflation!r}.")
        self.use_reference = bool(use_reference)
        kw.setdefault("lower", 0.0)
        kw["transform"] = "log"
        super().__init__(**kw)

    def fit(self, years, values, pool: GrowthPool | None = None, reference=None,
            exclude=()) -> PooledGrowth:
        """Fit on the series' own points and a pool of peers.

        Parameters
        ----------
        years, values : array-like
            The series (one point or more); its last point is the projection's origin.
        pool : GrowthPool
            The peers (cut to the data vintage). Required.
        reference : (array-like, array-like), optional
            The series' own reference (parent) ``(years, values)`` up to the vintage.
        exclude : sequence of int, optional
            Pool series (by position) left out: a benchmark's own target.
        """
        if pool is None or not isinstance(pool, GrowthPool):
            raise ModelError("the 'pooled' model needs `pool=GrowthPool(...)`: the same indicator "
                             "in peer regions (or other series of a benchmark); got none.")
        return super().fit(years, values, pool=pool, reference=reference, exclude=exclude)

    def _fit(self, t, z, pool=None, reference=None, exclude=()):
        self.pool_ = pool
        self.exclude_ = tuple(exclude)
        # the cross-fitting folds of the excluded series (a benchmark's own target)
        self.exclude_folds_ = [_fold_of(np.asarray([e]), pool.n_series)[0] for e in self.exclude_]
        self.max_year_ = float(t[-1])
        #: own points (``n_points_`` picks the calibration tables' row) and the most of them the
        #: own-growth feature may read; ``k_``: how many of the last ones it does read, chosen
        #: on the pool (:meth:`_own_points`)
        self.n_points_ = len(t)
        self.k_points_ = int(min(len(t), MAX_K))
        self.k_ = self._own_points(reference is not None and self.use_reference)
        self.r_own_ = endpoint_rate(t[-self.k_:], z[-self.k_:]) if self.k_ >= 2 else None
        self.r_ref_ = float("nan")
        if reference is not None and self.use_reference:
            ry, rv = np.asarray(reference[0], float), np.asarray(reference[1], float)
            ok = rv > 0
            self.ref_years_, self.ref_z_ = ry[ok], np.log(rv[ok])
            self.r_ref_ = reference_rate(self.ref_years_, self.ref_z_, t[-1])
            same = self.ref_years_ == t[-1]
            # the level against the reference in the origin year: small shares grow faster
            self.lr_ = float(z[-1] - self.ref_z_[same][0]) if same.any() else float("nan")
            if not np.isfinite(self.lr_):
                self.r_ref_ = float("nan")
        self.z0_ = float(z[-1])
        self.fits_ = {}
        self.mode_ = "regression"
        self._fit_horizon(1)
        if self.fits_[1] is None:
            self._fit_rates()

    def _own_points(self, use_ref: bool) -> int:
        """How many of the series' last points its own growth is read from: the count (1 to the
        points it has) whose one-year fit predicts the pool's peers best, leave one series out,
        on the windows every candidate can use (robust spread of the residuals). Two noisy points
        often say less than the pool; with too few windows to tell, all points are used."""
        if self.k_points_ < 2 or self.own_points == "all":
            return self.k_points_
        spread = {}
        for k in range(1, self.k_points_ + 1):
            X, y, g = self.pool_.rows(1, k, use_ref, self.max_year_, self.k_points_)
            folds = _fold_of(g, self.pool_.n_series)
            if not self._rows_left(folds):
                return self.k_points_
            res = cross_fit(X, y, folds, exclude=self.exclude_folds_)[1]
            spread[k] = float(np.median(np.abs(res - np.median(res))))
        return min(spread, key=spread.get)

    # -- regression mode ------------------------------------------------------------------------
    def _rows_left(self, folds: np.ndarray) -> int:
        """Windows left once the excluded series are out, or 0 when they are too few to fit
        (fewer than ``min_rows``, or from fewer than 3 folds)."""
        left = ~np.isin(folds, self.exclude_folds_)
        n_left = int(left.sum())
        return n_left if n_left >= self.min_rows and len(np.unique(folds[left])) >= 3 else 0

    def _features(self, use_ref: bool) -> np.ndarray:
        rr = self.r_ref_ if use_ref else 0.0
        return np.asarray([1.0] + ([self.lr_] if use_ref else [])
                          + ([self.r_own_ - rr] if self.k_ >= 2 else []))

    def _fit_horizon(self, h: int):
        """Coefficients and sorted out-of-fold residuals at horizon ``h`` (None: too few rows)."""
        if h in self.fits_:
            return self.fits_[h]
        fit = None
        options = (True, False) if np.isfinite(self.r_ref_) else (False,)
        if h > 1:  # every horizon uses the one-year fit's features
            options = (self.fits_[1]["use_ref"],)
        for use_ref in options:
            X, y, g = self.pool_.rows(h, self.k_, use_ref, self.max_year_)
            folds = _fold_of(g, self.pool_.n_series)
            n_left = self._rows_left(folds)
            if n_left:
                coef, res = cross_fit(X, y, folds, exclude=self.exclude_folds_)
                # The spread is that of the h-year windows themselves (how errors really grow
                # with h), centred: the centre comes from the one-year fit below.
                fit = {"res": widen_by_level(np.sort(res - np.median(res)), self._factors(h)),
                       "use_ref": use_ref, "coef": coef, "n": n_left}
                # The centre compounds the one-year fit: long windows exist only from the
                # earliest origins (another growth regime) and too few of them pin a slope.
                base = coef if h == 1 else self.fits_[1]["coef"]
                off = (reference_growth(self.ref_years_, self.ref_z_, self.max_year_, h)
                       if use_ref else 0.0)
                fit["centre"] = (off + h * float(self._features(use_ref) @ base)
                                 + self._table(self.shift, h))
                break
        self.fits_[h] = fit
        return fit

    def _factors(self, h: int) -> np.ndarray:
        """The widening factors at ``h``, one per :data:`INFLATION_LEVELS`."""
        return np.asarray([self._table(t, h) for t in self.inflation])

    def _table(self, table: np.ndarray, h: int) -> float:
        """The entry of a (points x h) calibration table for this series' own points (the last
        row for more points than it has rows); the last column past its h."""
        row = table[min(self.n_points_, table.shape[0]) - 1]
        return float(row[min(h, row.size) - 1])

    def _horizon(self, h: int) -> tuple[float, np.ndarray]:
        """(centre, sorted residuals) at ``h``; past the pool's longest usable horizon, the
        longest one scaled (growth by h/h', spread by sqrt(h/h'))."""
        fit = self._fit_horizon(min(h, MAX_H))
        if fit is not None:
            return fit["centre"], fit["res"]
        hh = max(j for j in range(1, min(h, MAX_H) + 1) if self._fit_horizon(j) is not None)
        base = self.fits_[hh]
        return base["centre"] * h / hh, base["res"] * np.sqrt(h / hh)

    # -- rates mode (thin pools) -----------------------------------------------------------------
    def _fit_rates(self):
        rates = self.pool_.rates()
        if self.r_own_ is not None:
            rates = np.append(rates, self.r_own_)
        if rates.size == 0:
            raise ModelError(f"the pool '{self.pool_.label}' has no peer series with two points; "
                             f"add the indicator for the parent or peer regions.")
        self.mode_ = "rates"
        self.rates_ = np.sort(rates)
        # the median: one boom year among three must not set the pace (the error table
        # was learned for the median of the observed rates)
        self.rate_ = float(np.median(self.rates_))

    # -- paths -----------------------------------------------------------------------------------
    def sample(self, h, n, rng=None):
        self._require_fitted()
        h, n = self._check_h(h), self._check_n(n)
        rng = np.random.default_rng(rng)
        steps = np.arange(1, h + 1)
        u = stats.norm.cdf(np.cumsum(rng.standard_normal((n, h)), axis=1) / np.sqrt(steps))
        if self.mode_ == "rates":
            child = np.cumsum(rng.standard_normal((n, h)), axis=1) / np.sqrt(steps)
            dz = (self.rate_ * steps + _rate_error(u, steps)
                  + child * _child_sd(h))
        else:
            dz = self._regression_growth(u)
        return self._clip(self.transform_.inverse(self.z0_ + dz))

    def _regression_growth(self, u: np.ndarray) -> np.ndarray:
        """Log growth at probabilities ``u`` (rows x horizons 1..h) in regression mode."""
        dz = np.empty_like(u, dtype=float)
        for j in range(u.shape[1]):
            centre, res = self._horizon(j + 1)
            dz[:, j] = centre + _empirical_ppf(res, u[:, j])
        return dz

    def quantiles(self, h: int, probs) -> np.ndarray:
        """Quantiles ``(len(probs), h)``: exact in regression mode, from ``predict_paths``
        paths in rates mode."""
        self._require_fitted()
        if self.mode_ == "rates":
            return super().quantiles(h, probs)
        probs = np.asarray(probs, float)
        u = np.repeat(probs[:, None], self._check_h(h), axis=1)
        return self._clip(self.transform_.inverse(self.z0_ + self._regression_growth(u)))

    def describe(self) -> str:
        """One line for the projection's ``method``: which pool, how many peers, which mode."""
        return (f"growth learned from {self.pool_.n_series} peer series ({self.pool_.label}, "
                f"{'pooled regression' if self.mode_ == 'regression' else 'observed rates'})")


def _rate_error(u: np.ndarray, steps: np.ndarray) -> np.ndarray:
    """Extrapolation errors at probabilities ``u`` (n x h) from :data:`RATE_ERROR_Q`; past
    h = 5 the last row grows in proportion to h (it does so up to 5)."""
    out = np.empty_like(u)
    last = len(RATE_ERROR_Q)
    for j, h in enumerate(steps):
        row = RATE_ERROR_Q[min(h, last) - 1] * (max(h, last) / last)
        out[:, j] = np.interp(u[:, j], RATE_ERROR_PROBS, row)
    return out


def _child_sd(h: int) -> np.ndarray:
    sd = CHILD_DEVIATION_SD
    ext = sd[-1] * np.sqrt(np.arange(len(sd) + 1, h + 1) / len(sd))
    return np.concatenate([sd, ext])[:h]


def widen_by_level(sorted_res: np.ndarray, factors: np.ndarray) -> np.ndarray:
    """Centred, sorted residuals scaled by the factor of their central level.

    Residual ``i`` of ``n`` sits at probability ``u = (i + 0.5) / n``, the position
    :func:`_empirical_ppf` reads, so the 10 % and 90 % quantiles are scaled by the 80 % factor
    and the 2.5 % and 97.5 % by the 95 % one, whatever the residuals' shape. Each tail is kept
    monotone outward: a smaller outer factor cannot pull an outer quantile inside an inner one.

    Parameters
    ----------
    sorted_res : ndarray
        Residuals, sorted, centred on their median.
    factors : ndarray
        One positive factor per :data:`INFLATION_LEVELS`.

    Returns
    -------
    ndarray
        The scaled residuals, sorted.
    """
    n = sorted_res.size
    level = np.abs(2 * (np.arange(n) + 0.5) / n - 1)
    out = sorted_res * np.interp(level, INFLATION_LEVELS, factors)
    mid = n // 2
    out[mid:] = np.maximum.accumulate(out[mid:])
    out[:mid] = np.minimum.accumulate(out[:mid][::-1])[::-1]
    return out


def _empirical_ppf(sorted_res: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Quantiles of the empirical residual distribution (linear between order statistics,
    held at the extremes: no fall the pool never showed)."""
    n = sorted_res.size
    pos = np.clip(u * n - 0.5, 0, n - 1)
    return np.interp(pos, np.arange(n), sorted_res)

