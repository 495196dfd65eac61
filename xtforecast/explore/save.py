"""The explorer's knobs as a scenario file: :func:`knobs_to_scenario_yaml` writes the text,
:func:`save_scenario` checks it and gives it its name, and :func:`free_name`,
:func:`valid_name` and :func:`default_save_dir` let the save button work without code."""

from __future__ import annotations

import datetime as _dt
import os
import re
from pathlib import Path

import yaml

from .. import config
from ..errors import XtForecastError
from ..i18n import LABELS, LANGS, t
from ..report.atomic import atomic_path
from ..scenarios import check_scenario
from .state import ExplorerState, knob_operations

#: A scenario name: its file stem.
NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def describe_knobs(ops: list[dict], lang: str) -> str:
    """The knob operations in words (``explore.knob.<op>`` templates), joined the reader's way;
    ``""`` for none."""
    words = []
    for o in ops:
        key = f"explore.knob.{o['op']}"
        if key in LABELS:  # the knobs' operations have words; any other is left to the engine
            # the depth is a fraction; a reader says it in percent
            values = {**o, "depth": 100 * o["depth"]} if "depth" in o else o
            words.append(t(key, lang).format(**values))
    return t("explore.knob.sep", lang).join(words)


def _extends_value(state: ExplorerState, directory: Path) -> str:
    """How the saved file names its parent so that the ``extends`` lookup finds it.

    The lookup tries the file's own directory, then ``scenarios/``: a parent in either is
    named by its stem; any other parent by its path relative to the saved file.
    """
    base = Path(state.spec.path).resolve()
    if base.parent in (directory.resolve(), config.SCENARIOS_DIR.resolve()):
        return base.stem
    return os.path.relpath(base, directory.resolve())


def _check_name(name) -> None:
    if not isinstance(name, str) or not NAME.match(name):
        raise XtForecastError(f"scenario name must be lower-case letters, digits and '_', "
                              f"starting with a letter (it is the file stem); got {name!r}. "
                              f"Example: rd_push_2021")


def _words(state: ExplorerState, name: str, ops: list[dict], description: str | None) -> dict:
    """``label_<lang>`` and ``description_<lang>`` of the saved file, one text per language: a
    report shows only its reader's (scenarios/README.md)."""
    sp = state.spec
    out = {}
    for lang in LANGS:
        out[f"label_{lang}"] = t("explore.saved_label", lang).format(
            label=getattr(sp, f"label_{lang}"), name=name)
    for lang in LANGS:
        knobs = describe_knobs(ops, lang) or t("explore.knob.none", lang)
        out[f"description_{lang}"] = description or t("explore.saved_description", lang).format(
            goal=state.goal_id, label=getattr(sp, f"label_{lang}"), scenario=sp.name, knobs=knobs)
    return out


def knobs_to_scenario_yaml(state: ExplorerState, name: str, *, directory=None,
                           description: str | None = None) -> str:
    """The current knobs as a scenario file that extends the base scenario.

    The file pins what the explorer used (``as_of``, ``n_sims``, ``seed``, ``horizon``), so a
    batch run of it (``xtforecast project --scenario NAME``) reproduces the P(attain) shown.

    Parameters
    ----------
    state : ExplorerState
    name : str
        Scenario name = file stem: lower-case letters, digits and ``_``, starting with a letter.
    directory : path, optional
        Where the file will live (default ``state.scenarios_dir``); decides how ``extends``
        names the parent.
    description : str, optional
        Default: the base scenario plus the knobs in words.

    Returns
    -------
    str
        YAML text (with a comment header saying where it came from).

    Raises
    ------
    XtForecastError
        For a name that is not a valid file stem.
    """
    _check_name(name)
    directory = Path(directory) if directory else state.scenarios_dir
    ops, _ = knob_operations(state)
    sp = state.spec
    doc = {"name": name, "extends": _extends_value(state, directory),
           **_words(state, name, ops, description),
           "as_of": int(state.as_of), "horizon": int(state.horizon), "n_sims": int(state.n_sims),
           "seed": int(state.seed),
           "extra_operations": [{**o, "note": "explorer knob"} for o in ops]}
    head = (f"# {name} — saved from the explorer (notebooks/explore.ipynb) on "
            f"{_dt.date.today().isoformat()}.\n"
            f"# Base scenario: {sp.name} ({Path(sp.path).name}); goal explored: {state.goal_id}.\n"
            f"# as_of, horizon, n_sims and seed are pinned so a batch run reproduces the "
            f"explorer's P(attain).\n")
    return head + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=90)


def save_scenario(state: ExplorerState, name: str, directory=None, *, overwrite: bool = False,
                  check: bool = True) -> Path:
    """Write the current knobs to ``<directory>/<name>.yaml`` and check the file.

    Parameters
    ----------
    state : ExplorerState
    name : str
    directory : path, optional
        Default ``state.scenarios_dir`` (``scenarios/``).
    overwrite : bool
        Replace an existing file of that name (default: refuse).
    check : bool
        Run :func:`xtforecast.scenarios.check_scenario` on the new file before it takes the
        name; a file that does not pass is discarded and the problems raised. The new text is
        written to a temporary file next to the destination, checked there and only then
        moved onto ``<name>.yaml`` (one rename), so an existing file is never lost to a save
        that fails.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    XtForecastError
        When the file exists and ``overwrite`` is False, or the check finds problems.
    """
    directory = Path(directory) if directory else state.scenarios_dir
    text = knobs_to_scenario_yaml(state, name, directory=directory)
    path = directory / f"{name}.yaml"
    if path.exists() and not overwrite:
        raise XtForecastError(f"{path} exists; choose another name or pass overwrite=True")
    if Path(state.spec.path).resolve() == path.resolve():
        raise XtForecastError(f"{path} is the scenario the explorer started from; the saved file "
                              "extends it, so it cannot take its place. Choose another name")
    # atomic_path moves the temporary onto the name only when the block ends without error;
    # a failed check removes the temporary and leaves the old file as it was.
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
        if check:
            _check_saved(state, tmp, path)
    return path


def _check_saved(state: ExplorerState, tmp: Path, path: Path) -> None:
    """Raise :class:`XtForecastError` listing the problems of the scenario written to ``tmp``
    (reported under the name it was to take, ``path``)."""
    issues = check_scenario(tmp, state.catalog, targets_dir=state.targets_dir,
                            directory=state.scenarios_dir)
    # The temporary sits next to the destination (so `extends` resolves as it will), under a
    # name of its own: the one rule on the file's name is checked against the destination.
    issues = [i for i in issues if i.rule != "name_mismatch"]
    if issues:
        lines = [str(i).replace(str(tmp), str(path)) for i in issues]
        raise XtForecastError("the scenario does not pass `xtforecast scenarios check` and was "
                              f"not saved ({path} is unchanged):\n"
                              + "\n".join(f"  {ln}" for ln in lines))


def free_name(name: str, directory) -> str:
    """``name`` if no ``<directory>/<name>.yaml`` exists, else ``name_2``, ``name_3``, ...: the
    name the save button proposes when the one typed is taken.

    Examples
    --------
    >>> free_name("explored", "/nonexistent")
    'explored'
    """
    directory = Path(directory)
    stem, n = name, 2
    m = re.match(r"^(.*)_(\d+)$", name)
    if m and (directory / f"{name}.yaml").exists():
        stem, n = m.group(1), int(m.group(2)) + 1
    cand = name
    while (directory / f"{cand}.yaml").exists():
        cand, n = f"{stem}_{n}", n + 1
    return cand


def valid_name(text: str) -> str:
    """A valid scenario name (file stem) made from what a user typed: lower case, every run of
    other characters one ``_``, a leading letter ensured.

    Examples
    --------
    >>> valid_name("Bad Name!")
    'bad_name'
    >>> valid_name("2021 push")
    's_2021_push'
    """
    slug = re.sub(r"[^a-z0-9]+", "_", str(text).lower()).strip("_")
    if not slug:
        return "explored"
    return slug if slug[0].isalpha() else f"s_{slug}"


def default_save_dir(state: ExplorerState) -> Path:
    """Where the save button writes by default: the explorer's scenario directory, except the
    copy inside an installed package, for which ``./scenarios`` is used (see
    :data:`xtforecast.config.USER_SCENARIOS_DIR`)."""
    if Path(state.scenarios_dir).resolve() == Path(config.SCENARIOS_DIR).resolve():
        return Path(config.USER_SCENARIOS_DIR)
    return Path(state.scenarios_dir)
