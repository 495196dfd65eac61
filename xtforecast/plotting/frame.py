"""How a series chart is framed: the years on the x axis, class letters on the y axis, the
direct labels at the end of the projection and the corner notes kept apart."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from ..i18n import t
from .common import FAN_COLOR, require

#: Nearest two end labels may come, as a fraction of the axis height (one line of 8-point
#: text on a 4-inch chart, with air).
LABEL_GAP = 0.075


def history_frame(history) -> pd.DataFrame:
    """``year``, ``value``, ``bound`` of a history (``bound`` ``""`` where exact), sorted by
    year, rows without a number dropped; an empty frame for None."""
    if history is None:
        return pd.DataFrame({"year": [], "value": [], "bound": []})
    h = pd.DataFrame(history)
    require(h, ["year", "value"], "fan_chart history")
    h = h.copy()
    if "bound" not in h.columns:
        h["bound"] = ""
    h["bound"] = h["bound"].fillna("").astype(str).str.strip()
    h["value"] = pd.to_numeric(h["value"], errors="coerce")
    h = h.dropna(subset=["value"]).sort_values("year")
    return h[["year", "value", "bound"]].reset_index(drop=True)


def _span(hist: pd.DataFrame, years, target_year) -> list[float]:
    span = [float(y) for y in hist["year"]] + [float(y) for y in np.asarray(years).ravel()]
    if target_year is not None:
        span.append(float(target_year))
    return span


def frame_years(ax, hist: pd.DataFrame, years, target_year) -> None:
    """Frame the x-axis on the years drawn: data, projection and goal, half a year of margin.

    matplotlib's own limits for a single point span a century (1925–2125 around one 2019
    observation); a reader should see the years that matter, at least three of them.
    """
    span = _span(hist, years, target_year)
    if not span:
        return
    lo, hi = min(span), max(span)
    if hi - lo < 2:  # too few years for a readable axis: centre them in three
        mid = (lo + hi) / 2
        lo, hi = mid - 1, mid + 1
    ax.set_xlim(lo - 0.5, hi + 0.5)


def year_ticks(ax, hist: pd.DataFrame, years, target_year) -> None:
    """Whole years as ticks, only over the years drawn (the room kept on the right for the
    end labels gets no tick of its own: a reader would look for data there)."""
    from matplotlib.ticker import FixedLocator  # matplotlib loads with the first figure

    span = _span(hist, years, target_year)
    lo, hi = ax.get_xlim()
    first, last = (min(span), max(span)) if span else (lo, hi)
    first, last = int(np.ceil(max(first, lo))), int(np.floor(min(last, hi)))
    if last - first < 2:  # a lone year: its neighbours too, for a readable axis
        first, last = int(np.ceil(lo)), int(np.floor(hi))
    step = max(1, int(np.ceil((last - first + 1) / 8)))
    ticks = list(range(last, first - 1, -step))[::-1]  # the last year always gets its tick
    ax.xaxis.set_major_locator(FixedLocator(ticks))


def class_ticks(ax, levels, lang: str) -> None:
    """Class indicators (1 = the first, best level) with their letters on the y-axis."""
    n = len(levels)
    ax.set_yticks(range(1, n + 1), [t("table.class", lang).format(level=lv) for lv in levels])
    ax.set_ylim(n + 0.5, 0.5)  # the best class on top


def end_labels(ax, labels) -> None:
    """Direct labels just right of the projection's last year (OWID style): moved apart
    vertically so that no two overlap, kept inside the frame, with room made on the right.

    ``labels`` holds ``(x, y, words, gid)`` in data coordinates.
    """
    lo, hi = ax.get_ylim()
    span = (hi - lo) or 1.0
    # below the note in the top-right corner that the outer band runs on, when there is one
    top = 0.86 if any(x.get_gid() == "band-clipped" for x in ax.texts) else 0.96
    rows = sorted([[float(np.clip((y - lo) / span, 0.04, top)), x, words, gid]
                   for x, y, words, gid in labels])
    for prev, row in zip(rows, rows[1:]):
        row[0] = max(row[0], prev[0] + LABEL_GAP)
    over = rows[-1][0] - top
    if over > 0:  # pushed past the top: the whole stack moves down
        for row in rows:
            row[0] -= over
    for frac, x, words, gid in rows:
        # x: 10 points right of the last year (clear of a goal star there); y: axes fraction
        ax.annotate(words, (x, frac), xytext=(10, 0), xycoords=("data", "axes fraction"),
                    textcoords="offset points", ha="left", va="center", fontsize=8,
                    color=FAN_COLOR, gid=gid, annotation_clip=False)
    xl, xr = ax.get_xlim()
    last = max(r[1] for r in rows)
    ax.set_xlim(xl, max(xr, last + 0.5 + 0.22 * (last - xl)))


def apart(ax, left_gid: str, right_gid: str) -> None:
    """The two corner notes (the goal's words top left, the clipped band's top right) share the
    top line; a long goal in a narrow chart would run into the other, which then moves down."""
    a = [x for x in ax.texts if x.get_gid() == left_gid]
    b = [x for x in ax.texts if x.get_gid() == right_gid]
    if not (a and b):
        return
    ax.figure.draw_without_rendering()
    r = ax.figure.canvas.get_renderer()
    if a[0].get_window_extent(r).overlaps(b[0].get_window_extent(r)):
        b[0].set_y(0.90)


def headroom(ax, gids, margin: float = 0.05) -> None:
    """Raise the top of the y axis until no plotted point lies under the corner notes ``gids``.

    The notes are white-boxed and drawn above the data, so a point under one is hidden: an
    observation far above a small goal (105 new maker spaces against a goal of 5) framed at the
    top of the axes sat exactly under the goal's words. The end labels, placed as fractions of
    the axes, are rescaled with the axis so they stay beside the values they name.
    """
    notes = [x for x in ax.texts if x.get_gid() in set(gids)]
    if not notes or ax.get_yscale() != "linear":
        return
    # a text's extent needs a renderer, not a drawn figure (a full draw doubled the time)
    r = ax.figure.canvas.get_renderer()
    to_axes = ax.transAxes.inverted()
    boxes = [to_axes.transform(n.get_window_extent(r)) for n in notes]
    x0, x1 = min(b[0, 0] for b in boxes), max(b[1, 0] for b in boxes)
    # the notes' lowest edge, less a margin that holds a marker's radius (points are
    # tested by their centres)
    floor = min(b[0, 1] for b in boxes) - margin
    lo, hi = ax.get_ylim()  # (bottom, top): on an inverted (rank) axis lo > hi
    worst, worst_frac = None, floor  # the value of the highest point under the notes
    for line in ax.lines:
        xy = np.asarray(line.get_xydata(), dtype=float)
        xy = xy[np.isfinite(xy).all(axis=1)]
        if not len(xy):
            continue
        frac = to_axes.transform(ax.transData.transform(xy))
        under = (frac[:, 0] >= x0) & (frac[:, 0] <= x1) & (frac[:, 1] > floor) & (frac[:, 1] <= 1)
        if under.any():
            i = int(np.argmax(np.where(under, frac[:, 1], -np.inf)))
            if frac[i, 1] > worst_frac:
                worst, worst_frac = float(xy[i, 1]), float(frac[i, 1])
    if worst is None or floor <= 0.2:  # nothing hidden, or notes too tall to clear
        return
    new_hi = lo + (worst - lo) / floor
    ax.set_ylim(lo, new_hi)
    shrink = (hi - lo) / (new_hi - lo)
    for a in ax.texts:  # the end labels: data x, axes-fraction y
        if getattr(a, "xycoords", None) == ("data", "axes fraction"):
            x, y = a.xy
            a.xy = (x, y * shrink)


def rank_axis(ax) -> None:
    """A rank's axis: whole places only, first place on top (moving up the chart is moving up
    the ranking, as 位次前移 says)."""
    # min_n_ticks=1: one place in view (a single published rank) still gets a whole tick,
    # where the default falls back to 17.2, 17.4, ...
    ax.yaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))
    lo, hi = sorted(ax.get_ylim())
    if hi - lo < 2:  # a lone place: a place either side, so the axis reads as ranks
        mid = (lo + hi) / 2
        lo, hi = mid - 1.5, mid + 1.5
    ax.set_ylim(hi, lo)  # first place on top
