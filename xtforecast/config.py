"""Where things live. Every path in the package comes from here (one-way data flow).

Two environment variables are install-level overrides for people, read once at import:

``XTFORECAST_ROOT``
    A project directory laid out like the checkout (``data/``, ``scenarios/``, and
    ``reports/`` is written there): what an installed copy reads when a command names no
    directory, instead of the copies bundled in the package.
``XTFORECAST_DATA``
    A data directory (``observations.csv``, ``indicators.yaml``, ``regions.yaml``,
    ``targets/``) in place of ``<root>/data``.

They only set defaults. Nothing inside a run reads them: ``xtforecast report`` resolves its
data directory (``--data-dir``, else :data:`DATA_DIR`) once, in the command's process, and
hands it to every notebook as the ``data_dir`` parameter, which the executed notebook, the
run's manifest and ``provenance.json`` record.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

#: Where the package's own code sits.
PACKAGE_DIR = Path(__file__).resolve().parent
#: Inside an installed wheel, the copies of the checkout's ``data/``, ``scenarios/`` and
#: ``notebooks/`` (``setup.py`` puts them there at build time).
BUNDLED_DIR = Path(str(resources.files(__package__).joinpath("_bundled")))


def _is_checkout(root: Path) -> bool:
    """A source checkout (editable install, or ``PYTHONPATH``): its own directories win, so a
    developer's edits to ``scenarios/`` are what runs, not a copy made at build time."""
    return (root / "pyproject.toml").is_file() and (root / "data" / "observations.csv").is_file()


def _default_root() -> Path:
    checkout = PACKAGE_DIR.parent
    if _is_checkout(checkout) or not (BUNDLED_DIR / "data").is_dir():
        return checkout
    return BUNDLED_DIR


#: Where ``data/``, ``scenarios/`` and ``notebooks/`` are read from: ``$XTFORECAST_ROOT``; else
#: the checkout the package runs from; else the copies inside the installed package.
PROJ_ROOT = Path(os.environ.get("XTFORECAST_ROOT") or _default_root())
#: True when running from an installed wheel (no checkout): nothing may be written under
#: ``PROJ_ROOT`` then, so reports and saved scenarios go to the working directory.
INSTALLED = PROJ_ROOT == BUNDLED_DIR
DATA_DIR = Path(os.environ.get("XTFORECAST_DATA", PROJ_ROOT / "data"))
OBSERVATIONS_FILE = DATA_DIR / "observations.csv"
INDICATORS_FILE = DATA_DIR / "indicators.yaml"
REGIONS_FILE = DATA_DIR / "regions.yaml"
TARGETS_DIR = DATA_DIR / "targets"
SCENARIOS_DIR = PROJ_ROOT / "scenarios"
# The templates are code, not input: a root holding only data and scenarios (the test
# fixtures, a user's own set) still runs the package's notebooks.
NOTEBOOKS_DIR = next((r / "notebooks" for r in (PROJ_ROOT, _default_root())
                      if (r / "notebooks" / "scenario_report.ipynb").is_file()),
                     PROJ_ROOT / "notebooks")
REPORTS_DIR = Path.cwd() / "reports" if INSTALLED else PROJ_ROOT / "reports"
#: Where the explorer saves scenarios by default: ``scenarios/`` of a checkout, else
#: ``./scenarios`` in the working directory (site-packages is not the user's to write in).
USER_SCENARIOS_DIR = Path.cwd() / "scenarios" if INSTALLED else SCENARIOS_DIR

@contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    """Set environment variables for the duration of a ``with`` block, then put back what was
    there (absent variables are removed again): the kernels and worker processes started
    inside see ``values``, the caller's later commands do not.

    Examples
    --------
    >>> with environment({"XTFORECAST_EXAMPLE": "1"}):
    ...     os.environ["XTFORECAST_EXAMPLE"]
    '1'
    >>> "XTFORECAST_EXAMPLE" in os.environ
    False
    """
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
