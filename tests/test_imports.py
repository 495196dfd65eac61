"""Every module of the package imports on its own: no import cycle hides behind an import order.

A cycle between two modules shows only when a particular one of them is imported first (the
other then finds it half-initialized), so each module is imported first once: one fresh
subprocess imports them one after the other, forgetting every ``xtforecast`` module in between
(third-party libraries stay loaded, which keeps it fast; a cycle within the package still shows).
"""

import json
import os
import subprocess
import sys

_SCRIPT = r"""
import importlib, json, pathlib, sys, traceback
# papermill loads its engine entry points (xtforecast.report.papermill_engine among them) while
# it is imported: that module is papermill's to import first, as papermill itself does
try:
    import papermill  # noqa: F401
except ImportError:
    pass
import xtforecast
root = pathlib.Path(xtforecast.__file__).parent
names = sorted(".".join(("xtforecast",) + p.relative_to(root).with_suffix("").parts).removesuffix(".__init__")
               for p in root.rglob("*.py") if p.name != "__main__.py")  # __main__ runs the command line
failed = {}
for name in names:
    for loaded in [m for m in sys.modules if m == "xtforecast" or m.startswith("xtforecast.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except ImportError as exc:
        # an optional third-party library that is absent is not a cycle
        if not (exc.name or "").startswith("xtforecast") and "partially initialized" not in str(exc):
            continue
        failed[name] = traceback.format_exc(limit=-3)
    except Exception:  # an AttributeError from a half-initialized module is the cycle's usual face
        failed[name] = traceback.format_exc(limit=-3)
print(json.dumps({"n": len(names), "failed": failed}))
"""


def test_every_module_imports_first():
    env = dict(os.environ, MPLBACKEND="Agg")
    out = subprocess.run([sys.executable, "-c", _SCRIPT], capture_output=True, text=True, env=env,
                         check=True, timeout=300)
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["n"] > 100, got["n"]  # the walk found the package's modules
    assert not got["failed"], "\n\n".join(f"{k}:\n{v}" for k, v in got["failed"].items())
