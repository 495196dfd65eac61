"""The inputs of a run, loaded and checked once where a run starts, then passed down.

A command, a report notebook, the explorer and the back-test all begin the same way: find the
data directory, read the indicator catalog and the region list, the observations, the plans
the scenarios name and the scenario files. :class:`Inputs` does that once; everything below the
entrance receives it (or the pieces it holds) instead of reading a file again, so the files a
run read are the files its provenance names, and a changed file between two steps of one run
cannot give two answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import cached_property
from pathlib import Path

import pandas as pd

from . import catalog as _catalog  # through the module: a test counts the reads by patching it
from . import config
from . import observations as _observations
from .errors import XtForecastError
from .observations import data_hash
from .scenarios import ScenarioSpec, load_scenario
from .scenarios import run as run_scenario
from .targets import load_plan, load_plans


@dataclass(frozen=True)
class DataPaths:
    """Where one run's input files are.

    Attributes
    ----------
    indicators, regions, observations : Path
        The catalog YAML, the region list YAML and the observations table.
    targets_dir : Path
        The plans (``<plan>.yaml``).
    scenarios_dir : Path
        The scenario files (``<scenario>.yaml``).
    """

    indicators: Path
    regions: Path
    observations: Path
    targets_dir: Path
    scenarios_dir: Path

    @classmethod
    def of(cls, data_dir: str | Path | None = None, **files: str | Path | None) -> DataPaths:
        """The files of a directory laid out like ``data/``, each replaceable by its own path.

        Parameters
        ----------
        data_dir : path, optional
            Holds ``indicators.yaml``, ``regions.yaml``, ``observations.csv`` and ``targets/``;
            default the bundled ``data/`` (:data:`xtforecast.config.DATA_DIR`).
        **files : path, optional
            ``indicators``, ``regions``, ``observations``, ``targets_dir``, ``scenarios_dir``:
            a given one replaces the directory's file (None keeps it). The scenarios come
            from :data:`xtforecast.config.SCENARIOS_DIR` unless ``scenarios_dir`` is given.

        Raises
        ------
        TypeError
            For a name that is not one of the files above.

        Examples
        --------
        >>> p = DataPaths.of("/tmp/city", observations="/tmp/mine.csv")
        >>> p.indicators.as_posix(), p.observations.as_posix()
        ('/tmp/city/indicators.yaml', '/tmp/mine.csv')
        """
        names = [f.name for f in fields(cls)]
        unknown = sorted(set(files) - set(names))
        if unknown:
            raise TypeError(f"DataPaths.of: unknown file(s) {unknown}; expected some of {names}")
        base = Path(data_dir) if data_dir else Path(config.DATA_DIR)
        default = {"indicators": base / "indicators.yaml", "regions": base / "regions.yaml",
                   "observations": base / "observations.csv", "targets_dir": base / "targets",
                   "scenarios_dir": Path(config.SCENARIOS_DIR)}
        return cls(**{n: Path(files[n]) if files.get(n) else default[n] for n in names})

    def as_dict(self) -> dict[str, str]:
        """Each path as text (for a manifest or a notebook's parameters)."""
        return {f.name: str(getattr(self, f.name)) for f in fields(self)}


@dataclass
class Inputs:
    """The catalog, the observations, the plans and the scenario directory of one run.

    Each piece is read on first use and kept: a command that lists indicators never reads the
    observations, and no piece is read twice. :meth:`load` reads the catalog and the
    observations at once, so bad input stops a run at its entrance with every problem listed.

    Parameters
    ----------
    paths : DataPaths
    allow_empty : bool
        Accept an observations file with no rows (a directory just laid out by
        ``xtforecast init``).

    Examples
    --------
    >>> inputs = Inputs.load()                                  # doctest: +SKIP
    >>> inputs.plan("xingtai_2020").id                          # doctest: +SKIP
    'xingtai_2020'
    """

    paths: DataPaths
    allow_empty: bool = False
    _plans: dict = field(default_factory=dict, init=False, repr=False)

    @classmethod
    def load(cls, data_dir: str | Path | None = None, *, allow_empty: bool = False,
             **files: str | Path | None) -> Inputs:
        """Read and check the catalog and the observations of ``data_dir`` (see
        :meth:`DataPaths.of` for ``files``).

        Raises
        ------
        xtforecast.errors.DataError
            Every problem of the catalog or of the observations, with file, line and column.
        """
        inputs = cls(DataPaths.of(data_dir, **files), allow_empty=allow_empty)
        inputs.observations  # noqa: B018 - reading it is the check (it needs the catalog too)
        return inputs

    @classmethod
    def holding(cls, paths: DataPaths | None = None, *, catalog=None,
                observations: pd.DataFrame | None = None) -> Inputs:
        """Inputs with the catalog and/or the observations a caller already holds in memory (a
        notebook's own frame, a test's); the other pieces are read from ``paths`` on first use.

        Examples
        --------
        >>> import pandas as pd
        >>> frame = pd.DataFrame({"indicator": [], "region": [], "year": [], "value": []})
        >>> Inputs.holding(observations=frame).observations is frame
        True
        """
        inputs = cls(paths or DataPaths.of())
        # the cached properties read a file only when nothing sits in their slot yet
        if catalog is not None:
            inputs.__dict__["catalog"] = catalog
        if observations is not None:
            inputs.__dict__["observations"] = observations
        return inputs

    @classmethod
    def of_call(cls, inputs: Inputs | None, who: str, *, obs: pd.DataFrame | None = None,
                catalog=None, data_dir: str | Path | None = None, **files) -> Inputs:
        """The inputs of a call that takes either ready ``inputs`` or their parts: ``data_dir``
        and the files of :meth:`DataPaths.of`, and the ``obs``/``catalog`` a caller holds
        (:meth:`holding`). ``who`` names the call in the error.

        Raises
        ------
        XtForecastError
            When ``inputs`` comes with parts that would replace its own.
        """
        given = {"obs": obs, "catalog": catalog, "data_dir": data_dir, **files}
        named = sorted(k for k, v in given.items() if v is not None)
        if inputs is None:
            return cls.holding(DataPaths.of(data_dir, **files), catalog=catalog, observations=obs)
        if named:
            raise XtForecastError(f"{who}: inputs already hold the data; leave out "
                                  f"{', '.join(named)} (or leave out inputs)")
        return inputs

    @cached_property
    def catalog(self):
        """The indicator catalog with its regions (:class:`xtforecast.catalog.Catalog`)."""
        return _catalog.load_catalog(self.paths.indicators, self.paths.regions)

    @cached_property
    def observations(self) -> pd.DataFrame:
        """Every observation, typed and checked (:func:`xtforecast.observations.load_observations`);
        ``attrs["data_hash"]`` is the file's hash, which the run's provenance records."""
        obs = _observations.load_observations(self.paths.observations, self.catalog, allow_empty=self.allow_empty)
        obs.attrs["data_hash"] = data_hash(self.paths.observations)
        return obs

    def plan(self, name: str | Path):
        """The plan ``name`` (a file stem in ``targets_dir``, or a path), read once.

        Raises
        ------
        xtforecast.errors.DataError
            When the plan file has problems (all of them), or there is no such plan.
        """
        key = str(name)
        if key not in self._plans:
            self._plans[key] = load_plan(name, self.catalog, self.paths.targets_dir)
        return self._plans[key]

    def plans(self) -> list:
        """Every plan of ``targets_dir``, read once (problems of all files raised together)."""
        plans = load_plans(self.paths.targets_dir, self.catalog)
        for p in plans:
            self._plans.setdefault(p.id, p)
        return plans

    def scenario(self, name_or_path: str | Path, *, check_plan: bool = True):
        """The scenario ``name_or_path`` (a name in ``scenarios_dir`` or a path), checked
        against this catalog and these plans (:func:`xtforecast.scenarios.load_scenario`)."""
        return load_scenario(name_or_path, self.catalog, targets_dir=self.paths.targets_dir,
                             directory=self.paths.scenarios_dir, check_plan=check_plan,
                             plans=self.plan)

    def run(self, scenario, **options):
        """Run ``scenario`` (a spec, a name or a path) on these inputs.

        ``options`` go to :func:`xtforecast.scenarios.run` (``as_of``, ``n_sims``, ``seed``,
        ``projector``, ``vintage``, ``plan``, ...); the observations, the catalog and the plan
        come from here unless ``options`` names them.
        """
        spec = scenario if isinstance(scenario, ScenarioSpec) else self.scenario(scenario)
        plan = options.pop("plan", None)
        if not hasattr(plan, "targets"):
            plan = self.plan(plan or spec.plan)
        options.setdefault("obs", self.observations)
        options.setdefault("catalog", self.catalog)
        return run_scenario(spec, plan=plan, **options)


__all__ = ["DataPaths", "Inputs"]
