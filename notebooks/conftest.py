"""nbval's environment for the notebooks (``pytest --nbval-lax notebooks/``).

nbval re-executes each notebook with its default parameters and compares the cells marked
``# NBVAL_CHECK_OUTPUT`` with their stored outputs. To keep those outputs stable while the real
data and models evolve, the kernels run on the synthetic fixtures of the report tests:

* ``XTFORECAST_ROOT`` -> ``tests/report/fixtures`` (its ``data/`` and ``scenarios/``), so the
  template's default ``scenario = "baseline"`` is the synthetic baseline of ``mini_plan``;
* ``XTFORECAST_RUN_DIR`` -> ``tests/report/golden/run``, the run ``compare_scenarios`` reads;
* ``XTFORECAST_PROJECTOR`` -> the synthetic random-walk projector of the report tests, in
  place of the growth models, so the stored outputs check the report, not the models.

Set either variable yourself to run the notebooks on something else (e.g. the real data:
``XTFORECAST_ROOT=$PWD``); the stored outputs will then differ. Regenerate them with
``tests/report/make_golden.py``.
"""

import os
from pathlib import Path

_REPO = Path(__file__).resolve().parent.parent
os.environ.setdefault("XTFORECAST_ROOT", str(_REPO / "tests" / "report" / "fixtures"))
os.environ.setdefault("XTFORECAST_RUN_DIR", str(_REPO / "tests" / "report" / "golden" / "run"))
os.environ.setdefault("XTFORECAST_PROJECTOR",
                      f"{_REPO / 'tests' / 'report' / 'fixtures' / 'projector.py'}:random_walk")

# JupyterLab's autosaves are not notebooks to test.
collect_ignore_glob = [".ipynb_checkpoints/*"]
