"""Where things live. Every path in the package comes from here (one-way data flow)."""

from __future__ import annotations

import os
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
