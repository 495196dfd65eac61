"""Names defined once: the columns, dimensions and vocabularies every module speaks.

Every table in the package (observations, paths, summaries) uses these names; import them
instead of spelling the strings again, so a rename happens in one place (pyam's ``IAMC_IDX``).
"""

from __future__ import annotations

# -- observations (data/observations.csv) -------------------------------------------------
#: Columns of the tidy observations file, in file order.
OBS_COLUMNS = [
    "indicator", "region", "year", "value", "unit", "bound", "kind", "vintage",
    "source", "source_title", "quote", "note",
]
#: Optional columns: ``published`` is when the figure was first made public (``2021`` or
#: ``2021-03-10``); with it, ``--as-of Y`` uses the row only if it was published by the end of
#: Y (a revised figure is not known before its revision), without it only if ``year <= Y``.
OBS_OPTIONAL = ["published"]
#: Columns that must hold something on every row.
OBS_REQUIRED = ["indicator", "region", "year", "value", "unit", "kind", "source"]
#: A row is identified by these; two rows with the same key are a duplicate.
OBS_KEY = ["indicator", "region", "year", "vintage"]

#: ``bound``: empty for an exact figure; ``>=`` for 以上/超过/突破 (a lower bound);
#: ``<=`` for a ceiling such as "not above the provincial average".
BOUNDS = ("", ">=", "<=")
#: ``kind``: ``actual`` (as published), ``revised`` (a later official revision of an actual),
#: ``derived`` (computed by arithmetic from other rows; the arithmetic is in ``note``).
OBS_KINDS = ("actual", "revised", "derived")
#: ``vintage``: empty/``single`` for a series with one release; ``first_release`` and
#: ``revised`` where a statistics office revised a figure (census revisions of GDP).
VINTAGES = ("", "single", "first_release", "revised")

#: ``--vintage``: how a series chooses among the releases of a figure (each name a rule of
#: :data:`xtforecast.observations.VINTAGE_RULES`; here so that the command line's options
#: need not import the observations reader).
VINTAGE_RULE_NAMES = ("latest", "first_release")
#: ``--known-from``: when a figure counts as known (each name a rule of
#: :data:`xtforecast.observations.KNOWN_FROM`).
KNOWN_FROM_NAMES = ("published", "year")

#: What a run stands on: ``real_time`` (as_of before the data end: later figures withheld, as a
#: forecaster saw it then), ``authors`` (the same, but every figure known from the end of its
#: year, as the statistics' own producers knew it: ``--known-from year``) or ``hindsight``
#: (everything up to the data end).
INFORMATION = ("real_time", "authors", "hindsight")

#: Plausible years for an observation: statistics of the PRC start in 1949.
YEAR_MIN = 1949
#: Plausible years for a goal or projection.
TARGET_YEAR_MAX = 2100

# -- simulation limits (every entry point checks these before any work starts) -------------
#: Most sample paths per series: 1e6 paths over a 15-year horizon is ~120 MB per series, as
#: far as a laptop goes; more only burns memory (the Monte Carlo error is already ~0.05%).
MAX_N_SIMS = 1_000_000
#: Largest seed (numpy takes any non-negative integer; the manifest stores it as JSON).
MAX_SEED = 2**63 - 1
#: Paths per M3 series in the reliability back-test (``backtest --m3``): 1,000 keep the Monte
#: Carlo error of each P below 0.016 (s.e. at 0.5).
M3_N_SIMS = 1000

# -- what-it-takes --------------------------------------------------------------------------
#: The efforts what-it-takes solves for (each a knob of :data:`xtforecast.sweep.EFFORT_KNOBS`;
#: named here for ``what-it-takes --help``, which loads no model).
EFFORT_KNOB_NAMES = ("growth_pp", "ratio_pp")

# -- benchmarks (``xtforecast bench``) -------------------------------------------------------
#: The methods of the full-length benchmark, the default first (each a function of
#: :data:`xtforecast.bench.METHODS`; named here for ``bench --help``, which loads no model).
BENCH_METHODS = ("default", "naive", "drift", "theta_sm", "ets_damped_sm", "default_pkg")
#: Those run when none are named (``default_pkg``, the package default as used, on request).
BENCH_STANDARD_METHODS = ("default", "naive", "drift", "theta_sm", "ets_damped_sm")

# -- indicator catalog (data/indicators.yaml) ---------------------------------------------
INDICATOR_KINDS = ("stock", "flow", "ratio", "rank", "class")
DIRECTIONS = ("higher", "lower")
INDICATOR_FIELDS = (
    "id", "zh", "en", "unit", "kind", "direction", "bounds", "formula", "drivers",
    "levels", "population", "note", "family",
)
#: ``family`` of an indicator (optional): a kind of series whose growth a model learned on
#: other indicators of the kind may stand in for its own panel. ``sti``: counts and values of
#: S&T activity that grow with it -- R&D inputs, patents and patent stocks per head, certified
#: enterprises, technology markets -- whose local projections take the growth shift learned
#: across the province panels' R&D and patent indicators
#: (:data:`xtforecast.models.FAMILY_GROWTH_SHIFT`). Designation counts (platforms, labs,
#: incubators), yearly additions, talent inflows, shares, ranks and the economy's own series
#: are in no family.
GROWTH_FAMILIES = ("sti",)

# -- regions (data/regions.yaml) ------------------------------------------------------------
REGION_LEVELS = ("country", "region_group", "province", "city", "county", "district", "zone")
REGION_FIELDS = ("id", "zh", "en", "level", "parent", "note")

# -- targets (data/targets/<plan>.yaml) -----------------------------------------------------
TARGET_TYPES = ("level", "share", "net_increase", "cumulative", "growth", "rank", "class")
COMPARATORS = (">=", ">", "<=", "<", "==")
PLAN_FIELDS = (
    "id", "title_zh", "title_en", "issuer", "document_no", "published", "source",
    "base_year", "note",
)
TARGET_FIELDS = (
    "id", "indicator", "region", "type", "comparator", "value", "target_year",
    "base_year", "window", "relative", "binding", "evaluable", "reason", "reason_zh", "quote",
    "label_zh", "label_en", "note", "growth_basis",
)
TARGET_REQUIRED = ("id", "indicator", "region", "type", "comparator", "value", "target_year", "quote")
BINDING = ("binding", "indicative")
#: ``growth_basis`` of a ``growth`` goal: ``yoy`` = growth in the target year on the year before
#: (新增专利较上年增长20%); ``average`` = average annual growth from the base year (``window``
#: start - 1, else ``base_year``) to the target year (年均增长不低于7%). ``yoy`` is the default
#: because every plan file written before the field existed meant it (its measure read x(T-1)).
GROWTH_BASES = ("yoy", "average")
DEFAULT_GROWTH_BASIS = "yoy"

# -- output forms ---------------------------------------------------------------------------
#: The forms ``data template`` writes its sheet in (:mod:`xtforecast.drafting.sheet`).
SHEET_FORMATS = ("csv", "xlsx")
#: ``--format``: the forms a command prints its table in (:func:`xtforecast.output.emit`).
OUTPUT_FORMATS = ("table", "csv", "json")

#: The summary table contract (DESIGN.md): reports and tests rely on these columns.
SUMMARY_COLUMNS = [
    "scenario", "target_id", "indicator", "region", "target_year", "target_type",
    "comparator", "target_value", "latest_year", "latest_value", "projected_median",
    "projected_p10", "projected_p90", "p_attain", "status", "required_cagr", "evidence",
]

#: Headline statuses, driven by P(attain).
STATUSES = (
    "achieved", "on_track", "acceleration_needed", "off_track", "regressing",
    "insufficient_data",
)

#: Units whose values are whole numbers (enterprises, people): a projected quantile of one is
#: shown without decimals in tables and charts, since "19.87 enterprises" claims a precision no
#: one has.
WHOLE_UNITS = frozenset({"count", "persons"})

# -- projected quantiles (projections.csv, ``project --quantiles``) --------------------------
#: Columns of the per-year quantiles of every projected series, long form (one row per series,
#: year and quantile), as :meth:`~xtforecast.scenarios.engine.ScenarioResult.quantiles` gives
#: them: a fan chart's numbers, for a spreadsheet or pandas (:mod:`xtforecast.iamc` turns
#: them into the IAMC table pyam reads).
QUANTILE_COLUMNS = ["indicator", "region", "scenario", "year", "quantile", "value", "unit",
                    "method"]
#: The quantiles written: the medians and the edges of the fan chart's 50, 80 and 95 % bands.
EXPORT_QUANTILES = (0.025, 0.1, 0.25, 0.5, 0.75, 0.9, 0.975)
#: How ``project --quantiles`` lays them out: long (:data:`QUANTILE_COLUMNS`) or as the IAMC
#: table of :mod:`xtforecast.iamc` (a column per year).
QUANTILE_LAYOUTS = ("long", "iamc")
