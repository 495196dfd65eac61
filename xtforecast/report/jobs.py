"""The jobs of a run, checked before anything is written: scenarios, data, parameters, run id.

:func:`load_inputs` reads the run's data directory once (:class:`xtforecast.inputs.Inputs`);
:func:`check_scenarios` checks the scenario files against it; :func:`make_jobs` gives each
scenario its notebook parameters (``data_dir`` among them, absolute, so a kernel never looks
for its data anywhere else) and validates them with the template's own rules. Every problem is
raised at once as a :class:`~xtforecast.report.params.ParameterError`.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from .. import config
from ..errors import DataError
from ..inputs import Inputs
from ..names import is_scenario_path, name_problem
from ..scenarios.spec import read_scenario, scenario_files
from .params import ParameterError, check_template, validate_parameters
from .projector import absolute_projector, load_projector

#: The report template.
TEMPLATE = config.NOTEBOOKS_DIR / "scenario_report.ipynb"
#: The compare template.
COMPARE_TEMPLATE = config.NOTEBOOKS_DIR / "compare_scenarios.ipynb"
#: The run's sweep page (P(attain) over two knobs, what it would take): ``sweep.html``.
SWEEP_TEMPLATE = config.NOTEBOOKS_DIR / "sweep_report.ipynb"


@dataclass
class Job:
    """One scenario to report on."""

    name: str  # directory name in the run (the scenario's file stem)
    parameters: dict


def resolve_scenarios(scenarios=None, *, all_: bool = False, directory=None) -> list[tuple[str, str]]:
    """``(name, scenario)`` pairs: the scenario argument as given and its directory name.

    ``scenarios`` are names in ``directory`` (default ``scenarios/``) or paths to YAML files;
    ``all_`` takes every ``*.yaml`` in ``directory``.
    """
    if all_:
        files = scenario_files(directory)
        if not files:
            raise ParameterError([f"--all: no *.yaml scenario in {directory or config.SCENARIOS_DIR}"])
        pairs = [(f.stem, str(f.resolve()) if directory else f.stem) for f in files]
        problems = [pr for pr in (name_problem(n, "scenario name") for n, _ in pairs) if pr]
        if problems:
            raise ParameterError([f"{pr} (it names the scenario's directory in the run; rename "
                                  "the file)" for pr in problems])
        return pairs
    if not scenarios:
        raise ParameterError(["give --scenario NAME (repeatable) or --all"])
    out = []
    for s in scenarios:
        p = Path(s)
        is_path = is_scenario_path(p)
        if not is_path and directory:
            s, is_path = str(Path(directory) / f"{s}.yaml"), True
        # paths are made absolute: the kernel runs in notebooks/, not in the caller's directory
        out.append((p.stem, str(Path(s).resolve()) if is_path else s))
    problems = [pr for pr in (name_problem(n, "scenario name") for n, _ in out) if pr]
    if problems:
        raise ParameterError([f"{pr} (it names the scenario's directory in the run; rename "
                              "the file)" for pr in problems])
    names = [n for n, _ in out]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise ParameterError([f"scenario {d} given twice; each scenario gets one directory" for d in dup])
    return out


def load_inputs(data_dir: str | Path | None = None) -> tuple[Path, Inputs]:
    """The run's data directory (absolute) and its inputs, read and checked once.

    The same :class:`~xtforecast.inputs.Inputs` checks the scenarios here, and the directory is
    what every report notebook receives as its ``data_dir`` parameter.

    Raises
    ------
    ParameterError
        When the directory does not exist or its catalog or observations have problems (all
        of them); nothing has been written.
    """
    data = Path(data_dir or config.DATA_DIR).resolve()
    if not data.is_dir():
        raise ParameterError([f"data_dir {data_dir}: no such directory; give a directory laid out "
                              "like data/ (observations.csv, indicators.yaml, regions.yaml, "
                              "targets/)"])
    try:
        return data, Inputs.load(data)
    except DataError as exc:
        raise ParameterError([str(i) for i in exc.issues]) from None


def check_scenarios(pairs: list[tuple[str, str]], inputs: Inputs, *,
                    all_: bool = False, directory=None) -> None:
    """Check the scenario files (and the data they name) before anything is written.

    A scenario named on the command line must pass ``xtforecast scenarios check``: a typo
    is refused (exit 2) instead of producing a run whose one report failed. ``--all`` takes
    what the directory holds: an invalid file there is run and reported failed beside the
    others, unless no file is valid, which is refused like a named one. ``inputs`` are the
    run's (:func:`load_inputs`).

    Raises
    ------
    ParameterError
        Every problem, with file and line; nothing has been written.
    """
    problems = {name: read_scenario(scenario, inputs.catalog, targets_dir=inputs.paths.targets_dir,
                                    directory=directory)[1] for name, scenario in pairs}
    bad = {n: issues for n, issues in problems.items() if issues}
    if bad and (not all_ or len(bad) == len(pairs)):
        raise ParameterError([f"scenario {n}: {i}" for n, issues in bad.items() for i in issues]
                             + ["fix the file(s) (`xtforecast scenarios check` lists the same "
                                "problems); nothing was run"])


#: Parameters the runner sets itself for every job (``-p`` cannot pass them), and the option
#: that sets each.
RUNNER_PARAMETERS = {"scenario": "--scenario/--all", "out_dir": "--out", "data_dir": "--data-dir"}


def check_extra_parameters(extra: dict | None) -> dict:
    """``-p NAME VALUE`` pairs for the template: not one the runner sets per scenario.

    Their names and values are checked with the template's own rules in :func:`make_jobs`,
    which takes the pairs this returns.
    """
    extra = dict(extra or {})
    owned = [n for n in extra if n in RUNNER_PARAMETERS]
    if owned:
        raise ParameterError([f"-p {n}: set by the runner for each scenario (use "
                              f"{RUNNER_PARAMETERS[n]} instead)" for n in owned])
    return extra


def make_jobs(scenarios: list[tuple[str, str]], run_dir: Path, *, lang: str = "zh",
              n_sims: int | None = None, seed: int | None = None, as_of: int | None = None,
              template: Path = TEMPLATE, extra: dict | None = None,
              data_dir: Path) -> list[Job]:
    """Validated jobs; raises :class:`ParameterError` listing every problem before anything runs.

    ``n_sims`` None means the scenario's own ``n_sims`` (read from the file), not the
    template's small default. ``extra`` (``-p NAME VALUE``) is passed through to the template
    after the options, and validated like them (unknown names get a did-you-mean); a
    ``projector`` among them is loaded once here, so a typo fails before any kernel starts;
    they come from :func:`check_extra_parameters`. Every job gets ``data_dir`` (absolute:
    :func:`load_inputs`), the directory its notebook reads.
    """
    declared = check_template(template)
    extra = dict(extra or {})
    if "projector" in extra:
        extra["projector"] = absolute_projector(extra["projector"])
        load_projector(extra["projector"])
    data = str(data_dir)
    jobs, problems = [], []
    for name, scenario in scenarios:
        params = {"scenario": scenario, "as_of": as_of, "n_sims": n_sims, "seed": seed,
                  "lang": lang, **extra, "out_dir": str((run_dir / name).resolve()),
                  "data_dir": data}
        try:
            jobs.append(Job(name, validate_parameters(params, declared=declared,
                                                      where=f"scenario {name}")))
        except ParameterError as exc:
            problems += [f"{name}: {p}" for p in exc.problems]
    if problems:
        raise ParameterError(problems)
    return jobs


def new_run_id(now: dt.datetime | None = None) -> str:
    """``YYYYmmddTHHMMSS.ffffffZ-xxxxxx``: UTC time to the microsecond and a random suffix.

    Sorts in time order; two runs started in the same microsecond (two shells, one cron
    line) still get different directories.
    """
    now = now or dt.datetime.now(dt.UTC)
    return f"{now.strftime('%Y%m%dT%H%M%S.%fZ')}-{secrets.token_hex(3)}"


def check_run_id(out: Path, run_id: str | None) -> None:
    """Refuse an ``out`` that cannot hold runs, and a run id that is not a plain name, is
    reserved, or names an existing run.

    Raises
    ------
    ParameterError
        Naming the id and the fix; nothing has been written.
    """
    existing = next((p for p in (out, *out.parents) if p.exists()), None)
    if existing is not None and not existing.is_dir():
        raise ParameterError([f"--out {out}: {existing} is a file, not a directory; name a "
                              "directory for the runs (e.g. reports)"])
    if existing is not None and not os.access(existing, os.W_OK | os.X_OK):
        raise ParameterError([f"--out {out}: {existing} is not writable; name a directory you "
                              "can write to"])
    if run_id is None:
        return
    problem = name_problem(run_id, "--run-id")
    if problem is None and (out / run_id).exists():
        problem = (f"--run-id {run_id!r}: {out / run_id} exists; a run never writes into an "
                   "earlier one. Choose another id, or leave --run-id out for a fresh one")
    if problem:
        raise ParameterError([problem])


def make_run_dir(run_dir: Path) -> None:
    """Create the run directory; one that exists now belongs to a run started alongside."""
    run_dir.parent.mkdir(parents=True, exist_ok=True)
    try:
        run_dir.mkdir()
    except FileExistsError:
        raise ParameterError([f"{run_dir} was created by another run meanwhile; a run never "
                              "writes into another. Start again (without --run-id for a "
                              "fresh id)"]) from None
