"""Build hook: copy the checkout's data, scenarios and notebook templates into the wheel.

They live at the top of the repository (where researchers edit them, and where the tests and
other tools expect them), not inside ``xtforecast/``; a plain wheel would hold only the code,
and an installed ``xtforecast`` would then find no plan, no scenario and no template. This
hook puts copies under ``xtforecast/_bundled/`` at build time, which ``xtforecast.config``
reads when there is no checkout. Everything else is in ``pyproject.toml``.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
#: What an installed package needs, by directory: the globs are the whole list, so scripts
#: beside the data (data/build/) and test helpers (notebooks/conftest.py) stay out.
BUNDLE = {
    "data": ["*.csv", "*.yaml", "README.md", "targets/*.yaml", "targets/README.md"],
    "scenarios": ["*.yaml", "README.md"],
    "notebooks": ["*.ipynb", "README.md"],
}


class BuildWithResources(build_py):
    """``build_py`` that also copies :data:`BUNDLE` into ``xtforecast/_bundled/``."""

    def run(self):
        super().run()
        # An editable install reads the checkout itself; a copy there would only go stale.
        if getattr(self, "editable_mode", False):
            return
        dest = Path(self.build_lib) / "xtforecast" / "_bundled"
        # build/ outlives a build: a scenario deleted since the last one must not ship
        shutil.rmtree(dest, ignore_errors=True)
        for folder, patterns in BUNDLE.items():
            files = sorted({f for pat in patterns for f in (HERE / folder).glob(pat) if f.is_file()})
            if not files:
                raise SystemExit(f"setup.py: nothing matched {patterns} in {HERE / folder}; "
                                 f"the wheel would ship without its {folder}/. Build from a "
                                 "full checkout (or an sdist made from one)")
            for f in files:
                target = dest / f.relative_to(HERE)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(f, target)


setup(cmdclass={"build_py": BuildWithResources})
