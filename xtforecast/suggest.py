"""'Did you mean ...?' for every unknown name the user can type."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(name: str, choices: Iterable[str], n: int = 1) -> str:
    """Return ``" Did you mean 'x'?"`` for the closest valid name, or ``""`` if none is close.

    Parameters
    ----------
    name : str
        What the user wrote.
    choices : iterable of str
        The valid names.
    n : int
        How many suggestions at most.

    Examples
    --------
    >>> did_you_mean("rd_intensty", ["rd_intensity", "gdp_nominal"])
    " Did you mean 'rd_intensity'?"
    """
    choices = [str(c) for c in choices]
    close = difflib.get_close_matches(str(name), choices, n=n, cutoff=0.6)
    if not close:
        # Case and separator slips ("RD-Intensity") are common; compare normalised forms too.
        norm = {c.lower().replace("-", "_").replace(" ", "_"): c for c in choices}
        key = str(name).lower().replace("-", "_").replace(" ", "_")
        if key in norm:
            close = [norm[key]]
    if not close:
        return ""
    return " Did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
