"""Formulas drawn at build time: TeX in Markdown becomes embedded SVG (matplotlib mathtext).

A report must open alone, from a USB stick or on an intranet; nbconvert's HTML asks a CDN for
MathJax to typeset ``$...$``, and without the network the reader sees raw TeX. matplotlib's
mathtext (already a dependency, no network, no LaTeX install) draws each formula as an SVG that
is embedded as a ``data:`` image, sized in ``em`` so it scales with the text around it.
mathtext knows a subset of TeX: the formulas of the reports are written within it (``\\geq``,
not ``\\ge``; no ``\\text``), and :func:`tex_svg` raises on anything else, so a test catches it.
"""

from __future__ import annotations

import base64
import functools
import html
import io
import re

#: Font size the SVG is drawn at (points); its height is then given in em of the text.
FONT_PT = 11.0

_MATH = re.compile(r"\$\$(?P<display>.+?)\$\$|\$(?P<inline>[^$\n]+?)\$", re.S)


@functools.lru_cache(maxsize=512)
def tex_svg(tex: str) -> tuple[str, float, float]:
    """The SVG of one formula (TeX without dollars), and its width and height in points.

    Raises
    ------
    ValueError
        When mathtext cannot parse ``tex`` (it is outside the subset mathtext knows).
    """
    from matplotlib import mathtext  # matplotlib only when a formula is drawn
    from matplotlib.font_manager import FontProperties
    buf = io.BytesIO()
    mathtext.math_to_image(f"${tex}$", buf, prop=FontProperties(size=FONT_PT), format="svg")
    svg = buf.getvalue().decode("utf-8")
    m = re.search(r'width="([\d.]+)pt" height="([\d.]+)pt"', svg)
    if m is None:
        raise ValueError(f"mathtext drew no sized SVG for {tex!r}")
    return svg, float(m.group(1)), float(m.group(2))


def svg_img(tex: str, display: bool = False) -> str:
    """An ``<img>`` with the formula embedded; its alt text is the TeX (for copying, screen
    readers, and search in the page)."""
    svg, _, h = tex_svg(tex)
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    style = f"height:{h / FONT_PT:.2f}em;vertical-align:middle"
    img = (f'<img class="xt-math" alt="{html.escape(tex, quote=True)}" style="{style}" '
           f'src="data:image/svg+xml;base64,{data}">')
    return f'<span style="display:block;text-align:center;margin:0.4em 0">{img}</span>' \
        if display else img


def formulas_to_svg(markdown: str) -> str:
    """``markdown`` with every ``$...$`` and ``$$...$$`` replaced by an embedded SVG image.

    Examples
    --------
    >>> out = formulas_to_svg("growth $x_t/x_0$ per year")
    >>> out.startswith("growth <img") and "$" not in out and out.endswith(" per year")
    True
    """
    def repl(m: re.Match) -> str:
        if m.group("display") is not None:
            return svg_img(m.group("display").strip(), display=True)
        return svg_img(m.group("inline").strip())
    return _MATH.sub(repl, markdown)
