"""Parameters of the report notebooks: declared once, checked before anything runs.

Papermill only *warns* about a parameter the notebook does not declare, and never checks a
value. A report built from a misspelt parameter (``n_sim=200``) silently uses the default; one
built with ``lang="cn"`` fails half way through. Here every parameter has a spec (type, allowed
values, default, help) and :func:`validate_parameters` checks a whole set in one pass, raising
one :class:`ParameterError` that lists every problem with the rule, what was received and the
fix. It is called twice, on purpose:

* by the batch runner before papermill starts (:func:`check_template` also compares the specs
  with the template's ``parameters`` cell, read with :func:`papermill.inspect_notebook`);
* by the notebook's first code cell (:func:`notebook_parameters`), so a notebook run by hand
  with ``papermill -p ...`` is held to the same rules.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .. import checks
from .._schema import INFORMATION, MAX_N_SIMS, MAX_SEED
from ..errors import Issue, IssuesError, XtForecastError
from ..i18n import LANGS
from ..names import is_scenario_path
from ..suggest import did_you_mean


class ParameterError(IssuesError):
    """One or more notebook parameters are unknown or have a bad type or value.

    Parameters
    ----------
    problems : list of Issue or str
        An :class:`~xtforecast.errors.Issue` names the parameter in ``column``; a text is a
        problem of the run as a whole (``give --scenario NAME or --all``).
    where : str
        What was checked, for the first line (``N problems in report parameters:``).

    Attributes
    ----------
    issues : list of Issue
    problems : list of str
        One line per issue, ``"name: message"``.
    """

    def __init__(self, problems: list, where: str = "report parameters"):
        super().__init__([p if isinstance(p, Issue) else Issue(where, None, "", "bad_parameter", str(p))
                          for p in problems], f"in {where}")

    @staticmethod
    def render(issue: Issue) -> str:
        return f"{issue.column}: {issue.message}" if issue.column else issue.message

    @property
    def problems(self) -> list[str]:
        return [self.render(i) for i in self.issues]


@dataclass(frozen=True)
class ParamSpec:
    """One notebook parameter.

    Attributes
    ----------
    name : str
    kind : str
        ``str``, ``int`` or ``year`` (an int in the plausible range); bools are never ints.
    default : object
        The value of the template's ``parameters`` cell.
    help : str
    optional : bool
        None is allowed (meaning "the scenario's own value").
    choices : tuple
        Allowed values, when the set is closed.
    check : callable, optional
        ``check(value) -> str | None``: an extra rule; returns the problem (without the
        parameter's name, which the issue's column gives), or None.
    lo, hi : int, optional
        Inclusive range of an ``int``.
    """

    name: str
    kind: str
    default: object
    help: str
    optional: bool = False
    choices: tuple = ()
    check: Callable[[object], str | None] | None = None
    lo: int | None = None
    hi: int | None = None


def _check_scenario(value) -> str | None:
    """A scenario name in ``scenarios/`` or a path to an existing YAML file."""
    if not value.strip():
        return "empty; give a scenario name such as 'baseline' or a path to a .yaml file"
    if is_scenario_path(value):
        if not Path(value).is_file():
            return f"file '{value}' not found; check the path"
        return None
    # lazy: the report package imports this module and stays cheap to import (its notebooks
    # import it first); the scenario layer loads pandas and the growth models
    from ..scenarios.spec import scenario_files
    names = [f.stem for f in scenario_files()]
    if value not in names:
        return (f"no scenario '{value}' in the scenarios directory.{did_you_mean(value, names)} "
                f"Known: {', '.join(names) or '(none)'}")
    return None


def _check_data_dir(value) -> str | None:
    if value and not Path(value).is_dir():
        return f"'{value}' is not a directory; give a directory laid out like data/"
    return None


def _check_run_dir(value) -> str | None:
    if value and not Path(value).is_dir():
        return f"'{value}' is not a directory; give a run directory such as reports/<run_id>"
    return None


#: The parameters of ``notebooks/scenario_report.ipynb``, in cell order.
REPORT_PARAMETERS: dict[str, ParamSpec] = {p.name: p for p in (
    ParamSpec("scenario", "str", "baseline", "scenario name in scenarios/ or a path to a YAML file",
              check=_check_scenario),
    ParamSpec("as_of", "year", None, "data vintage (last year of data used); None = the scenario's",
              optional=True),
    ParamSpec("n_sims", "int", 200, "sample paths per series; None = the scenario's own",
              optional=True, lo=1, hi=MAX_N_SIMS),
    ParamSpec("seed", "int", None, "random seed; None = the scenario's own", optional=True,
              lo=0, hi=MAX_SEED),
    ParamSpec("lang", "str", "zh", "report language: zh or en", choices=LANGS),
    ParamSpec("out_dir", "str", "", "directory for summary.csv and provenance.json; '' = write nothing"),
    ParamSpec("data_dir", "str", "", "a directory laid out like data/; '' = the bundled data",
              check=_check_data_dir),
    ParamSpec("projector", "str", "", "tests only: module:function or file.py:function drawing "
              "the paths instead of the growth models; '' = the growth models"),
)}

#: The parameters of ``notebooks/compare_scenarios.ipynb``.
COMPARE_PARAMETERS: dict[str, ParamSpec] = {p.name: p for p in (
    ParamSpec("run_dir", "str", "", "a run directory of `xtforecast report` ('' = the newest under "
              "reports/)", check=_check_run_dir),
    ParamSpec("lang", "str", "zh", "report language: zh or en", choices=LANGS),
    ParamSpec("as_of", "year", None, "the family to compare: the run's scenarios at this data "
              "vintage; None = every scenario of the run", optional=True),
    ParamSpec("vintage", "str", "", "with as_of, only the scenarios of this vintage code "
              "(real_time, authors, hindsight); '' = any at that as_of",
              choices=("", *INFORMATION)),
)}


def _check_range(value) -> str | None:
    # lazy: xtforecast.sweep imports the engines, which import report.pool, and this package's
    # __init__ imports this module
    from ..sweep.grid import parse_knob
    try:
        parse_knob(f"growth_pp={value}")
    except XtForecastError as exc:
        return str(exc).replace("--knob growth_pp=", "range ")
    return None


#: Knobs the sweep page can put on an axis (xtforecast.sweep.grid.SWEEP_KNOBS, kept here as
#: names so the parameter check needs no import of the sweep layer).
SWEEP_KNOB_NAMES = ("growth_pp", "shock_depth", "shock_year", "shock_recovery", "ratio_pp",
                    "growth_from", "ratio_from")
#: The parameters of ``notebooks/sweep_report.ipynb``.
SWEEP_PARAMETERS: dict[str, ParamSpec] = {p.name: p for p in (
    ParamSpec("run_dir", "str", "", "a run directory of `xtforecast report` ('' = the newest under "
              "reports/)", check=_check_run_dir),
    ParamSpec("lang", "str", "zh", "report language: zh or en", choices=LANGS),
    ParamSpec("knob_x", "str", "growth_pp", "the x-axis knob", choices=SWEEP_KNOB_NAMES),
    ParamSpec("x_range", "str", "-4:6:1", "its values, START:STOP:STEP", check=_check_range),
    ParamSpec("knob_y", "str", "shock_depth", "the y-axis knob", choices=SWEEP_KNOB_NAMES),
    ParamSpec("y_range", "str", "0:0.2:0.05", "its values, START:STOP:STEP", check=_check_range),
    ParamSpec("p_percent", "int", 80, "what-it-takes level: P(attain) at least this many percent",
              lo=1, hi=100),
)}


def _a_string(value) -> str | None:
    return None if isinstance(value, str) else f"must be a string, got {value!r}"


#: The rule of each kind of parameter: ``rule(spec) -> check(value) -> problem or None``.
KIND_RULES: dict[str, Callable[[ParamSpec], Callable[[object], str | None]]] = {
    "str": lambda spec: _a_string,
    "int": lambda spec: lambda v: checks.whole_number(v, spec.lo, spec.hi),
    "year": lambda spec: checks.year,
}


def _problem(spec: ParamSpec, value) -> tuple[str, str] | None:
    """The first broken rule of one parameter value: ``(rule, message)``, or None."""
    if value is None:
        return None if spec.optional else (
            "missing_value", f"None is not allowed; give a {spec.kind} ({spec.help})")
    problem = KIND_RULES[spec.kind](spec)(value)
    if problem is None and spec.choices:
        problem = checks.choice(value, spec.choices)
    if problem is None and spec.check is not None:
        problem = spec.check(value)
    return None if problem is None else ("bad_value", problem)


def validate_parameters(params: Mapping, specs: Mapping[str, ParamSpec] = REPORT_PARAMETERS, *,
                        declared=None, fill_defaults: bool = True,
                        where: str = "report parameters") -> dict:
    """Check a set of notebook parameters; return them with defaults filled in.

    Parameters
    ----------
    params : mapping
        Parameter name -> value, as passed to papermill.
    specs : mapping of ParamSpec
        :data:`REPORT_PARAMETERS` (default) or :data:`COMPARE_PARAMETERS`.
    declared : iterable of str, optional
        The names the template's ``parameters`` cell declares (see :func:`declared_parameters`);
        a name outside them is unknown too.
    fill_defaults : bool
        Add every missing parameter with its spec's default.
    where : str
        Named in the error message.

    Returns
    -------
    dict
        In spec order.

    Raises
    ------
    ParameterError
        Listing every unknown name (with the nearest known one), wrong type and bad value.

    Examples
    --------
    >>> validate_parameters({"scenario": "x.yaml", "lang": "fr", "n_sim": 5})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    xtforecast.report.params.ParameterError: 3 problems in report parameters:
      n_sim: unknown parameter. Did you mean 'n_sims'? Known: scenario, as_of, n_sims, seed, lang, ...
      scenario: file 'x.yaml' not found; check the path
      lang: must be one of zh, en; got 'fr'.
    """
    known = list(specs)
    allowed = [n for n in known if declared is None or n in set(declared)]
    issues = [Issue(where, None, name, "unknown_parameter", f"unknown parameter.{did_you_mean(name, known)} "
                    f"Known: {', '.join(allowed)}")
              for name in params if name not in allowed]
    out = {}
    for name, spec in specs.items():
        if name in params:
            out[name] = params[name]
            found = _problem(spec, params[name])
            if found is not None:
                issues.append(Issue(where, None, name, *found))
        elif fill_defaults:
            out[name] = spec.default
    if issues:
        raise ParameterError(issues, where)
    return out


def declared_parameters(template: str | Path) -> dict:
    """The parameters a notebook's ``parameters`` cell declares, read by papermill.

    Returns
    -------
    dict
        name -> ``{"name", "inferred_type_name", "default", "help"}`` (papermill's
        :func:`papermill.inspect_notebook`).
    """
    import papermill  # optional and slow: only to read a template
    return papermill.inspect_notebook(str(template))


def check_template(template: str | Path, specs: Mapping[str, ParamSpec] = REPORT_PARAMETERS) -> dict:
    """The template's declared parameters, after checking they are exactly ``specs``.

    Raises
    ------
    ParameterError
        When the template has no ``parameters`` cell, or declares names the specs do not know
        (or lacks some): the template and this module have drifted apart.
    """
    if not Path(template).is_file():
        raise ParameterError([f"no such notebook: {template}; give the path of a report "
                              "template (default notebooks/scenario_report.ipynb)"],
                             f"template {template}")
    declared = declared_parameters(template)
    extra = sorted(set(declared) - set(specs))
    missing = sorted(set(specs) - set(declared))
    problems = []
    if not declared:
        problems.append("no cell tagged 'parameters' (or it assigns nothing); tag the cell that "
                        "holds the defaults")
    else:
        if extra:
            problems.append(f"declares {', '.join(extra)}, which xtforecast.report.params does not "
                            "know; add a ParamSpec or remove them from the cell")
        if missing:
            problems.append(f"lacks {', '.join(missing)}; declare them in the parameters cell")
    if problems:
        raise ParameterError(problems, f"template {template}")
    return declared


# Names IPython itself puts in a kernel's namespace; never parameters.
_IPYTHON_NAMES = {"In", "Out", "get_ipython", "exit", "quit", "open"}
#: Variables the templates themselves assign after the first cell; ignored, so re-running the
#: first cell by hand in JupyterLab does not report them as unknown parameters.
TEMPLATE_NAMES = {"params", "rep", "run"}


def notebook_parameters(namespace: Mapping, specs: Mapping[str, ParamSpec] = REPORT_PARAMETERS,
                        *, where: str = "notebook parameters") -> dict:
    """Validate the parameters of a running notebook, from its global namespace.

    Called by the first code cell with ``globals()``: at that point the namespace holds only
    IPython's own names, imported modules, the ``parameters`` cell and papermill's
    ``injected-parameters`` cell, so every other public name is a parameter, and one the specs
    do not know was injected by mistake. That makes an unknown parameter an error in the
    notebook too, not only in the batch runner.

    Returns
    -------
    dict
        The validated parameters, in spec order.

    Raises
    ------
    ParameterError
    """
    params = {k: v for k, v in namespace.items()
              if not k.startswith("_") and k not in _IPYTHON_NAMES and k not in TEMPLATE_NAMES
              and not isinstance(v, (types.ModuleType, types.FunctionType, type))}
    return validate_parameters(params, specs, where=where)
