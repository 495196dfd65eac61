"""Where things live. Every path in the package comes from here (one-way data flow)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: The repository root when running from a checkout (the package sits in ``<root>/xtforecast``).
PROJ_ROOT = Path(os.environ.get("XTFORECAST_ROOT", Path(__file__).resolve().parent.parent))
DATA_DIR = Path(os.environ.get("XTFORECAST_DATA", PROJ_ROOT / "data"))
OBSERVATIONS_FILE = DATA_DIR / "observations.csv"
INDICATORS_FILE = DATA_DIR / "indicators.yaml"
REGIONS_FILE = DATA_DIR / "regions.yaml"
TARGETS_DIR = DATA_DIR / "targets"
SCENARIOS_DIR = PROJ_ROOT / "scenarios"
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
REPORTS_DIR = PROJ_ROOT / "reports"


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
