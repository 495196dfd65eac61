"""The ``projector`` parameter of a report: the growth models, or a stand-in named in tests.

A report draws its paths with :func:`xtforecast.projection.project_series` (the growth models).
The report tests, nbval and ``tests/report/make_golden.py`` pass ``projector`` =
``xtforecast.testing:random_walk`` instead, so their goldens check the report pipeline and do
not move when a model changes (the models have goldens of their own). The value is a notebook
parameter like any other: papermill records it in the executed notebook, the runner in the
run's manifest and the report in ``provenance.json``. Never set it for real reports.
"""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path

from .params import ParameterError

#: What :func:`describe` says when no stand-in was named.
GROWTH_MODELS = "growth models"

_FORMS = ("module:function (xtforecast.testing:random_walk) or path/to/file.py:function; leave "
          "it empty for the growth models")


def _parts(spec: str) -> tuple[str, str]:
    where, _, name = spec.rpartition(":")
    if not where or not name.isidentifier():
        raise ParameterError([f"projector: {spec!r} names no function; give {_FORMS}"])
    return where, name


def _module(where: str, base: str | Path | None):
    if not where.endswith(".py"):
        return importlib.import_module(where)
    path = Path(where) if base is None else Path(base) / where
    spec = importlib.util.spec_from_file_location(path.stem, path)
    if spec is None or not path.is_file():
        raise FileNotFoundError(f"no such file: {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_projector(spec: str | None, base: str | Path | None = None):
    """The function ``spec`` names, or None (the growth models) for an empty ``spec``.

    Parameters
    ----------
    spec : str
        ``module:function`` or ``path/to/file.py:function``, with the signature of
        :func:`xtforecast.projection.project_series`.
    base : path, optional
        What a relative file path is relative to (a run directory, for a manifest's record);
        default the working directory.

    Raises
    ------
    ParameterError
        When ``spec`` is malformed, or its module, file or function cannot be found.

    Examples
    --------
    >>> load_projector("") is None
    True
    >>> load_projector("xtforecast.testing:random_walk").__name__
    'random_walk'
    """
    spec = (spec or "").strip()
    if not spec:
        return None
    where, name = _parts(spec)
    try:
        fn = getattr(_module(where, base), name)
    except (ImportError, OSError) as exc:
        raise ParameterError([f"projector: cannot load {where!r} ({exc}); give {_FORMS}"]) from None
    except AttributeError:
        raise ParameterError([f"projector: {where!r} has no function {name!r}; give {_FORMS}"]) from None
    if not callable(fn):
        raise ParameterError([f"projector: {spec!r} is not a function; give {_FORMS}"])
    return fn


def absolute_projector(spec: str | None) -> str:
    """``spec`` with a relative file path made absolute (the kernels run in ``notebooks/``,
    not in the caller's directory); a module name or an empty ``spec`` as it is.

    Examples
    --------
    >>> absolute_projector("xtforecast.testing:random_walk")
    'xtforecast.testing:random_walk'
    """
    spec = (spec or "").strip()
    if not spec or not spec.rpartition(":")[0].endswith(".py"):
        return spec
    where, name = _parts(spec)
    return f"{Path(where).resolve()}:{name}"


def describe(spec: str | None) -> str:
    """What drew a report's paths, for its provenance: the stand-in or :data:`GROWTH_MODELS`."""
    return (spec or "").strip() or GROWTH_MODELS
