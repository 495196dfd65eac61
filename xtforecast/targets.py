"""Target registry: the goals of a plan, loaded from ``data/targets/<plan>.yaml``."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Target:
    """One quantified goal of a plan.

    Attributes
    ----------
    id : str
        Unique within the plan, e.g. ``rd_intensity_2022``.
    indicator, region : str
        Ids from ``data/indicators.yaml`` and ``data/regions.yaml``.
    type : str
        One of ``level, share, net_increase, cumulative, growth, rank, class``.
    comparator : str
        ``>=, >, <=, <, ==``: the goal is met when ``measure <comparator> value``.
    value : float or str
        The threshold. A class label (``"B"``) for ``class`` goals.
    target_year : int
        The year the goal is judged in.
    base_year : int or None
        The year the plan measures from (for ``relative`` goals and required growth).
    window : tuple of int or None
        ``(first, last)`` years summed by a ``cumulative`` goal (inclusive).
    relative : bool
        When true, ``value`` is a change against ``base_year`` (e.g. rank change <= -1).
    binding : str
        ``binding`` (达到/确保) or ``indicative`` (力争).
    evaluable : bool
        False when no public series can measure the goal; ``reason`` says why.
    """

    id: str
    indicator: str
    region: str
    type: str
    comparator: str
    value: float | str
    target_year: int
    quote: str
    base_year: int | None = None
    window: tuple[int, int] | None = None
    relative: bool = False
    binding: str = "binding"
    evaluable: bool = True
    reason: str = ""
    label_zh: str = ""
    label_en: str = ""
    note: str = ""
    plan: str = ""
    extra: dict = field(default_factory=dict, compare=False, repr=False)
