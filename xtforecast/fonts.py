"""A Chinese-capable font that comes with the package, so figures never show tofu boxes.

Matplotlib's default font (DejaVu Sans) has no Chinese glyphs, and CI machines and many users'
machines have no CJK font installed at all. A font found on the system would make a figure
depend on the machine it was drawn on, so the package depends on a PyPI distribution that
ships one inside its wheel and registers that file with matplotlib at run time:

* distribution ``pylopdf-fonts-zh-cn`` (module ``pylopdf_fonts_zh_cn``), which ships
  **Noto Sans SC Regular** (``NotoSansSC-Regular.otf``, version 2.004, SIL Open Font License 1.1,
  from the Noto CJK project). It covers all 7,445 characters of GB 2312, including the 6,763
  hanzi, plus Latin, digits and the symbols our labels use (▲ ▼ ★ ≥ ≤ −).

Every plotting function calls :func:`use_cjk_font` first; it is idempotent and cheap after the
first call (the font file is read once per process).
"""

from __future__ import annotations

import importlib.util
from importlib import resources
from pathlib import Path

from .errors import XtForecastError

#: The PyPI distribution that ships the font, and the line to depend on it.
FONT_DISTRIBUTION = "pylopdf-fonts-zh-cn"
FONT_REQUIREMENT = "pylopdf-fonts-zh-cn>=0.1.1"
#: The importable module of that distribution and the font file inside it.
FONT_MODULE = "pylopdf_fonts_zh_cn"
FONT_FILE = "NotoSansSC-Regular.otf"
#: The family name matplotlib knows the font by once it is registered.
FONT_FAMILY = "Noto Sans SC"

# Path of the registered file, once registered in this process (None before).
_registered: str | None = None


class FontMissingError(XtForecastError, ImportError):
    """The package that ships the Chinese font is not installed (or its font file is gone)."""


def cjk_font_path() -> Path:
    """Locate the Chinese font file inside the installed font package.

    Returns
    -------
    pathlib.Path
        The ``NotoSansSC-Regular.otf`` shipped in the ``pylopdf-fonts-zh-cn`` wheel (never a
        system font).

    Raises
    ------
    FontMissingError
        If the distribution is not installed or does not contain the file; the message says
        what to install.

    Examples
    --------
    >>> cjk_font_path().name
    'NotoSansSC-Regular.otf'
    """
    hint = (f"Install it with: pip install '{FONT_REQUIREMENT}' (it is a dependency of "
            "xtforecast, so reinstalling xtforecast or running `make` also brings it).")
    # find_spec instead of import: cheaper, and it does not mask errors inside the package.
    if importlib.util.find_spec(FONT_MODULE) is None:
        raise FontMissingError(
            f"Chinese text in figures needs the font package '{FONT_DISTRIBUTION}' "
            f"({FONT_FAMILY}, SIL OFL 1.1), which is not installed. {hint}")
    path = Path(str(resources.files(FONT_MODULE).joinpath(FONT_FILE)))
    if not path.is_file():
        raise FontMissingError(
            f"The font package '{FONT_DISTRIBUTION}' is installed but {FONT_FILE} is not in it "
            f"(looked at {path}); the installation is broken or a different version lacks the "
            f"file. Reinstall it: pip install --force-reinstall '{FONT_REQUIREMENT}'.")
    return path


def use_cjk_font() -> str:
    """Register the packaged Chinese font with matplotlib and make it the default sans-serif.

    Sets ``font.family`` to ``sans-serif`` with :data:`FONT_FAMILY` first in
    ``font.sans-serif`` (the other entries are kept after it, so matplotlib falls back to them
    glyph by glyph for anything the font lacks), and ``axes.unicode_minus = False``.

    Returns
    -------
    str
        The path of the registered font file.

    Raises
    ------
    FontMissingError
        If the font package is not installed (see :func:`cjk_font_path`).

    Notes
    -----
    Idempotent: the file is added to matplotlib's font manager once per process; the rcParams
    are (re)applied on every call because styles and ``seaborn.set_theme`` reset them.

    Examples
    --------
    >>> import matplotlib
    >>> _ = use_cjk_font()
    >>> matplotlib.rcParams["font.sans-serif"][0]
    'Noto Sans SC'
    """
    global _registered
    import matplotlib  # matplotlib only when a figure is drawn
    from matplotlib import font_manager

    if _registered is None:
        path = str(cjk_font_path())
        fm = font_manager.fontManager
        # addfont appends on every call; guard so repeated calls do not grow the list.
        if not any(f.fname == path for f in fm.ttflist):
            fm.addfont(path)
        _registered = path

    rc = matplotlib.rcParams
    # Keep the user's other sans-serif fonts behind ours: matplotlib (>= 3.6) falls back through
    # the list per glyph, so a symbol missing from Noto Sans SC still renders from DejaVu Sans.
    rest = [f for f in rc["font.sans-serif"] if f != FONT_FAMILY]
    if rc["font.sans-serif"][:1] != [FONT_FAMILY]:
        rc["font.sans-serif"] = [FONT_FAMILY] + rest
    if list(rc["font.family"]) != ["sans-serif"]:
        rc["font.family"] = ["sans-serif"]
    # The ASCII hyphen-minus for negative numbers: it matches the figures in our CSV/HTML tables,
    # and a fallback font without U+2212 cannot then turn minus signs into boxes.
    rc["axes.unicode_minus"] = False
    return _registered
