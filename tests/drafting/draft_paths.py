"""Paths and the CLI helper of the drafting tests (a plain module: `conftest` names clash
between test folders)."""

from pathlib import Path

from xt_testpaths import REPO

FIXTURES = Path(__file__).parent / "fixtures"
#: A synthetic plan text (fixtures/README.md), not a real document.
SYNTHETIC_PLAN = FIXTURES / "synthetic_plan.txt"
#: The client's seed plan and the development plans live next to the repository, not in it.
SEED = REPO.parent / "shared" / "seed" / "xingtai_2020_sti_plan.txt"
PLANS = REPO.parent / "shared" / "plans"


def run(capsys, *argv):
    """``xtforecast`` in-process: ``(exit code, stdout, stderr)``."""
    from xtforecast.cli import main
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err
