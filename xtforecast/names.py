"""Names that become directories or files: run ids and scenario names, checked in one place.

A run id is a directory under ``--out``; a scenario's name is a directory inside the run. A
name with a path separator or ``..`` would write outside them, and a name equal to a file the
run writes itself (``index.html``) or to the ``latest`` link would overwrite it.
"""

from __future__ import annotations

import re
from pathlib import Path

#: Names the runner writes itself, in ``<out>/`` and in ``<out>/<run_id>/``.
RESERVED = frozenset({"latest", "index.html", "manifest.json", "summary.csv", "compare.html",
                      "compare.ipynb"})
#: Longest name: far below the 255 bytes a file system allows a path component (a Chinese
#: character takes 3 in UTF-8) and short enough to read in a table.
MAX_LENGTH = 80
#: Letters (any script), digits, ``_``, ``-`` and ``.``, starting with a letter or digit.
_ALLOWED = re.compile(r"[^\W_][\w.\-]*")


def name_problem(name: object, what: str) -> str | None:
    """Why ``name`` cannot name a directory of a run, or None when it can.

    Parameters
    ----------
    name : object
        The proposed name.
    what : str
        What it names, for the message (``"run id"``, ``"scenario name"``).

    Examples
    --------
    >>> name_problem("baseline", "scenario name") is None
    True
    >>> print(name_problem("../x", "run id"))  # doctest: +NORMALIZE_WHITESPACE
    run id '../x' may hold only letters, digits, '_', '-' and '.', starting with a letter or digit
    (no slashes, no '..'); e.g. 2026-12-01_rd_push
    """
    example = "; e.g. 2026-12-01_rd_push"
    if not isinstance(name, str) or not name:
        return f"{what} must be a non-empty text{example}"
    if len(name) > MAX_LENGTH:
        return f"{what} has {len(name)} characters; at most {MAX_LENGTH} are allowed{example}"
    if not _ALLOWED.fullmatch(name) or ".." in name:
        return (f"{what} {name!r} may hold only letters, digits, '_', '-' and '.', starting "
                f"with a letter or digit (no slashes, no '..'){example}")
    if name.lower() in RESERVED:
        return (f"{what} {name!r} is reserved: the run writes a file or link of that name "
                f"({', '.join(sorted(RESERVED))}); choose another")
    return None


def is_scenario_path(value: str | Path) -> bool:
    """Whether a scenario is given as a file (a ``.yaml``/``.yml`` name or anything with a
    directory part) rather than as a name in the scenarios directory.

    >>> is_scenario_path("baseline"), is_scenario_path("my/plan"), is_scenario_path("x.yml")
    (False, True, True)
    """
    p = Path(value)
    return p.suffix in (".yaml", ".yml") or len(p.parts) > 1
