"""From observed series to sample paths: the bridge between data and the gap models.

For each (indicator, region) a goal needs, :func:`project_series` picks the series as of a
data vintage, chooses how to model it, and draws ``n_sims`` calibrated future paths:

* a series with a pool of peers (its siblings, or its parent and the parent's siblings)
  learns its growth from them (:class:`~xtforecast.models.PooledGrowth`); a long one only
  from siblings beside their parent's series (see ``MIN_OWN_POINTS``);
* a sparse series with no pool borrows its parent's path through the reference-path model;
* any other series with enough points of its own gets the local default combination
  (:func:`xtforecast.models.local_model`): its median moved by the growth the combination
  misses on the province panels when its indicator is one of theirs, or by the growth it misses
  across them when the catalog puts the indicator in their family (``family: sti``);
* class and rank indicators, and series with no usable point, get no paths: the gap layer
  then judges from observations alone or says ``insufficient_data``.

Random streams are keyed by ``(seed, indicator, region)``, so a series' paths do not depend on
which other series are projected, in which order, or in which process.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import models
from .catalog import Catalog
from .models.pooled import GrowthPool
from .observations import known_from, select_series

#: A series with fewer own points than this learns its growth from any pool of peers (and borrows
#: its parent's path when there is none). From this many on it learns from a pool only when the
#: pool is its siblings with the parent's series -- the set-up validated on the province panels
#: (``xtforecast bench --sparse --k all``: the pooled model's median unbiased where its own
#: history's ran 10 % low) -- and otherwise projects its own history (on M3's mixed pool,
#: without a parent, the local combination's median was the better one).
MIN_OWN_POINTS = 6
#: The reference (parent) series needs at least this many points to be worth borrowing from.
#: Three, not more: Hebei's own figures are sparse too (its tech-SME register has 4 figures up to
#: 2019, its high-tech enterprise stock 3), and with fewer the plan's 2019 vantage gets no call at
#: all; the wide paths of a short reference keep P(attain) honest and the evidence grade says weak.
MIN_REFERENCE_POINTS = 3
#: Fewest sibling regions for a pool of peers on their own; with fewer, the parent and its
#: siblings join (a city learns from its province and the province panel).
MIN_PEERS = 3
#: Fewest own points the local default combination accepts (with no pool and no parent).
MIN_LOCAL_POINTS = 3


@dataclass
class Projection:
    """Sample paths of one series.

    Attributes
    ----------
    indicator, region : str
    years : numpy.ndarray
        Future years, consecutive, starting the year after the last observation used.
    paths : numpy.ndarray or None
        ``(n_sims, len(years))``; None when the series cannot be projected (``reason`` says why).
    history : pandas.DataFrame
        The observations used (one row per year; ``bound`` kept).
    method : str
        The model used, e.g. ``pooled:peers:hebei``, ``reference:hebei``, ``default`` (the
        local combination), ``default_panel`` (that with its indicator's panel growth shift),
        ``default_panel_nation`` (the same for a nation, its band narrowed on the panels' national
        series), ``default_family`` (with its indicator family's shift, learned across the
        panels), or
        ``none``.
    reason : str
        Why there are no paths, or caveats about the ones there are.
    """

    indicator: str
    region: str
    years: np.ndarray
    paths: np.ndarray | None
    history: pd.DataFrame
    method: str
    reason: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        return (self.indicator, self.region)

    def at(self, year: int) -> np.ndarray | None:
        """Paths in ``year`` (an ``n_sims`` vector), or None if the year is not projected."""
        if self.paths is None:
            return None
        idx = np.flatnonzero(self.years == year)
        return self.paths[:, idx[0]] if idx.size else None


def series_rng(seed: int, indicator: str, region: str) -> np.random.Generator:
    """A random stream that depends only on the seed and the series (not on order or process)."""
    return np.random.default_rng([int(seed), zlib.crc32(f"{indicator}|{region}".encode())])


def project_series(obs: pd.DataFrame, catalog: Catalog, indicator: str, region: str, *,
                   as_of: int | None, end_year: int, n_sims: int, seed: int,
                   ) -> Projection:
    """Draw ``n_sims`` future paths of one series up to ``end_year``.

    Parameters
    ----------
    obs : pandas.DataFrame
        Observations as loaded by :func:`xtforecast.observations.load_observations`.
    catalog : Catalog
        For kind, natural bounds and the parent region.
    indicator, region : str
    as_of : int or None
        Data vintage: only observations up to this year are used.
    end_year : int
        Last year to project.
    n_sims : int
        Number of paths.
    seed : int
        Base seed; the stream is keyed by the series (see :func:`series_rng`).

    Returns
    -------
    Projection
    """
    hist = select_series(obs, indicator, region, as_of)
    ind = catalog.indicators.get(indicator)
    empty = np.arange(0, dtype=int)
    if ind is None:
        return Projection(indicator, region, empty, None, hist, "none", f"unknown indicator '{indicator}'")
    if ind.kind in ("class", "rank"):
        return Projection(indicator, region, empty, None, hist, "none",
                          f"{ind.kind} indicators are judged from observations, not projected")
    if hist.empty:
        return Projection(indicator, region, empty, None, hist, "none",
                          "no observation of this series" + (f" up to {as_of}" if as_of else ""))
    last = int(hist["year"].max())
    if end_year <= last:
        return Projection(indicator, region, empty, None, hist, "observed",
                          f"observed up to {last}; nothing to project")
    years = np.arange(last + 1, end_year + 1)
    h = len(years)
    rng = series_rng(seed, indicator, region)
    y_years = hist["year"].to_numpy(int)
    y = hist["value"].to_numpy(float)
    bounds = {"lower": ind.lower, "upper": ind.upper}
    caveats = []
    if (hist["bound"] != "").any():
        caveats.append("bounded figures (以上/ceilings) used at their bound value")

    sparse = len(hist) < MIN_OWN_POINTS
    pool = growth_pool(obs, catalog, indicator, region, as_of)
    if not sparse and pool is not None and pool[1] is None:
        pool = None  # a long series learns only from siblings beside their parent (see above)
    ref = _reference(obs, catalog, indicator, region, as_of) if sparse and pool is None else None
    if pool is None and ref is None and len(hist) < MIN_LOCAL_POINTS:
        vantage = f" up to {as_of}" if as_of else ""
        return Projection(indicator, region, years, None, hist, "none",
                          f"{len(hist)} point(s) of its own and no pool: no peer or parent region "
                          f"has two figures of '{indicator}'{vantage}; add the indicator for the "
                          f"parent or peer regions, or {MIN_LOCAL_POINTS} points of this series")
    try:
        model, method = _fitted(ind, y_years, y, bounds, pool, ref, _national(catalog, region))
        paths = np.asarray(model.sample(h, n_sims, rng), dtype=float)
    # A model refusing the series (ModelError, a ValueError; statsmodels' ValueError,
    # LinAlgError or overflow on a degenerate fit) means: say so, never guess. Anything else
    # (MemoryError, a bug) is a crash, not an "insufficient data" verdict.
    except (ValueError, ArithmeticError, np.linalg.LinAlgError) as exc:
        return Projection(indicator, region, years, None, hist, "none",
                          f"cannot project from {len(hist)} point(s): {exc}")
    if method.startswith("pooled:"):
        caveats.append(model.describe())
    return Projection(indicator, region, years, paths, hist, method, "; ".join(caveats))


def _fitted(ind, years, values, bounds: dict, pool, ref, national: bool = False):
    """The model for one series (of catalog entry ``ind``), fitted, and its method code: pooled
    growth when there is a pool of peers, else the ratio to a parent, else the local default
    (``national``: the series is a nation's, its band narrowed on the panels' national series)."""
    if pool is not None:
        peers, parent_hist = pool
        model = models.get_model("pooled", **_bounds_kw(bounds))
        return model.fit(years, values, pool=peers, reference=parent_hist), \
            f"pooled:{peers.label}"
    if ref is not None:
        ref_region, ref_hist = ref
        model = models.get_model("reference", reference_model=models.local_model(
            ind.id, ind.family, lower=0.0), **_bounds_kw(bounds))
        return model.fit(years, values, reference=_arrays(ref_hist)), f"reference:{ref_region}"
    # the local combination; an indicator of the province panels gets the growth its median
    # misses there (models.PANEL_GROWTH_SHIFT), one of their family the growth it misses across
    # them (models.FAMILY_GROWTH_SHIFT), others none
    found = models.growth_shift(ind.id, ind.family, national)
    model = models.shifted_default(found, **_bounds_kw(bounds)).fit(years, values)
    return model, found.method if model.shifted else "default"


def _national(catalog: Catalog, region: str) -> bool:
    """Whether ``region`` is a nation (level ``country``): the local combination's band of a
    panel indicator is then narrowed (:data:`xtforecast.models.NATION_SPREAD_FACTOR`)."""
    reg = catalog.regions.get(region)
    return reg is not None and reg.level == "country"


def _bounds_kw(bounds: dict) -> dict:
    return {k: v for k, v in bounds.items() if v is not None}


def _arrays(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    return frame["year"].to_numpy(int), frame["value"].to_numpy(float)


def _level_pool(obs, catalog, indicator, parent: str, skip: str, as_of):
    """Children of ``parent`` (but ``skip``) with 2+ points of the indicator, each with the
    parent's series as its reference."""
    ref = select_series(obs, indicator, parent, as_of) if parent else obs.iloc[:0]
    ref = ref[ref["bound"] == ""]
    items = []
    present = set(obs["region"].unique())  # a region without a row of it has no series to read
    for rid, reg in catalog.regions.items():
        if rid == skip or reg.parent != parent or rid not in present:
            continue
        # bounds ("以上") are not levels: a rate from one would be a bound too
        s = select_series(obs, indicator, rid, as_of)
        s = s[s["bound"] == ""]
        if len(s) >= 2:
            items.append((rid, *_arrays(s), *_arrays(ref)))
    return items, ref


def growth_pool(obs: pd.DataFrame, catalog: Catalog, indicator: str, region: str,
                as_of: int | None):
    """The peers a sparse series learns its growth from, or None when there are none.

    Peers are the region's siblings (same parent) with the same indicator; with fewer than
    ``MIN_PEERS`` of them the parent itself and the parent's siblings join (a city learns
    from its province and the province panel). The parent's series goes along as the
    reference only when every peer is a sibling, since a ratio to the province and a ratio
    of provinces to the nation are different quantities.

    Returns
    -------
    (GrowthPool, (years, values) or None) or None
    """

    reg = catalog.regions.get(region)
    parent = reg.parent if reg is not None else ""
    if not parent:
        return None
    # one indicator's rows, cut once: the pool reads every sibling and the parent's level, and
    # each select_series on the whole table scanned all of it (48 scans for a Hebei city)
    obs = obs[obs["indicator"].to_numpy() == indicator]
    items, ref = _level_pool(obs, catalog, indicator, parent, region, as_of)
    # the label is a code: "peers:<parent>", "parent_level:<parent>" or "parent:<parent>";
    # the vocabulary renders it for readers (xtforecast.i18n.projection_basis)
    label = f"peers:{parent}"
    reference = _arrays(ref) if len(ref) else None
    if len(items) < MIN_PEERS:
        grand = catalog.regions[parent].parent if parent in catalog.regions else ""
        upper, _ = _level_pool(obs, catalog, indicator, grand, "", as_of) if grand else ([], None)
        if not upper and len(ref) >= 2:
            upper = [(parent, *_arrays(ref))]
        if upper:
            items = items + upper
            label = f"parent_level:{parent}" if len(upper) > 1 else f"parent:{parent}"
            reference = None
    if not items:
        return None
    return GrowthPool.from_arrays(items, label=label), reference


def _reference(obs: pd.DataFrame, catalog: Catalog, indicator: str, region: str,
               as_of: int | None) -> tuple[str, pd.DataFrame] | None:
    """The nearest ancestor region with a dense series of the same indicator, if any."""
    seen = set()
    reg = catalog.regions.get(region)
    while reg is not None and reg.parent and reg.parent not in seen:
        seen.add(reg.parent)
        ref = select_series(obs, indicator, reg.parent, as_of)
        if len(ref) >= MIN_REFERENCE_POINTS:
            return reg.parent, ref
        reg = catalog.regions.get(reg.parent)
    return None


class MemoProjector:
    """:func:`project_series` (or a stand-in of its signature) memoised on one set of
    observations: the engine's ``projector`` for callers that run many scenarios, goals or
    knob settings on the same data (the explorer, the sweep).

    Model fitting is the slow part of a run and depends only on the series, the vintage, the
    horizon, the number of paths and the seed, so a projection is drawn once per
    ``(indicator, region, as_of, end_year, n_sims, seed)``. It always projects from the full
    observations it was made with: the ``obs`` the engine passes may be a goal's subset, and a
    city series can borrow from its province. The engine never modifies a baseline
    :class:`Projection` (operations build new arrays), so handing out the memoised object is
    safe.

    Parameters
    ----------
    obs : pandas.DataFrame
        The observations every projection is drawn from.
    catalog : Catalog
    project : callable, optional
        Draws one projection (the signature of :func:`project_series`); default
        :func:`project_series`.

    Attributes
    ----------
    hits, misses : int
        Calls answered from the memo, and calls that drew (fitted a model).

    Examples
    --------
    >>> calls = []
    >>> memo = MemoProjector(None, None, lambda *a, **k: calls.append(a[2:]) or len(calls))
    >>> kw = dict(as_of=2019, end_year=2022, n_sims=10, seed=1)
    >>> memo(None, None, "gdp", "hebei", **kw), memo(None, None, "gdp", "hebei", **kw)
    (1, 1)
    >>> memo.hits, memo.misses, calls
    (1, 1, [('gdp', 'hebei')])
    """

    def __init__(self, obs: pd.DataFrame, catalog: Catalog, project=None):
        self.obs = obs
        self.catalog = catalog
        self.project = project or project_series
        self.hits = 0
        self.misses = 0
        self._memo: dict[tuple, Projection] = {}
        self._frames: dict[str, pd.DataFrame] = {}

    def __call__(self, obs, catalog, indicator: str, region: str, *, as_of, end_year, n_sims,
                 seed) -> Projection:
        """The projection of one series (the engine's projector signature; ``obs`` and
        ``catalog`` are those of the memo, see above, read under the rule of the ``obs``
        passed: ``attrs["known_from"]``, :func:`xtforecast.observations.known_from`)."""
        rule = getattr(obs, "attrs", {}).get("known_from", "published")
        key = (indicator, region, as_of, end_year, n_sims, seed, rule)
        if key in self._memo:
            self.hits += 1
        else:
            self.misses += 1
            self._memo[key] = self.project(self.frame(rule), self.catalog, indicator, region,
                                           as_of=as_of, end_year=end_year, n_sims=n_sims,
                                           seed=seed)
        return self._memo[key]

    def frame(self, rule: str = "published") -> pd.DataFrame:
        """The memo's observations read under ``rule`` (made once per rule)."""
        if rule == "published":  # the frame as given (a stand-in's may not be a frame)
            return self.obs
        if rule not in self._frames:
            self._frames[rule] = known_from(self.obs, rule)
        return self._frames[rule]

    def clear(self) -> None:
        """Forget every projection (after the data changed)."""
        self._memo.clear()
        self._frames.clear()
