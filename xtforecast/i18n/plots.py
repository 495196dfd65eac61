"""The figures' words (:mod:`xtforecast.plotting`, :mod:`xtforecast.sweep.plots`): axis titles
and legend entries (``axis.``), how a goal is stated on a chart (``plot.``), and the knobs on a
sweep's axes (``knob_axis.``). Catalog units (``unit.``) stay in :mod:`xtforecast.i18n`: the
tables and reports say them too.

Templates carry each language's word order and punctuation: the full-width ``：`` and ``（）``
of Chinese against ``: `` and `` ()`` of English, so no figure branches on the language.
"""

VOCABULARY = {
    #: Axis titles, legend entries and the words drawn on figures.
    "axis": {
        "year": ("年份", "Year"),
        "value": ("数值", "Value"),
        "observed": ("观测", "Observed"),
        "lower_bound": ("下限（以上）", "Lower bound"),
        "upper_bound": ("上限（以内）", "Upper bound"),
        # the dotted join across years with no figure: the data say nothing in between
        "data_gap": ("其间无数据", "No data in between"),
        "projected": ("预测", "Projected"),
        "median": ("预测中位数", "Projected median"),
        # ``{level}`` is filled in by the caller: t("axis.band", lang).format(level=80).
        "band": ("{level}% 预测区间", "{level}% interval"),
        "target": ("目标", "Target"),
        "target_path": ("达标直线路径", "Straight path to target"),
        "goal": ("目标", "Goal"),
        "scenario": ("情景", "Scenario"),
        "p_attain": ("达标概率", "P(attain)"),
        "method": ("方法", "Method"),
        "unit": ("单位", "Unit"),
        "no_paths": ("无预测路径", "No projected paths"),
        "band_clipped": ("{level}% 区间上端超出图框", "{level}% band runs above the frame"),
    },
    #: How figures state a goal, and axis titles with a unit.
    "plot": {
        # a label and what it says: 目标：高于 500 / Target: above 500
        "labelled": ("{label}：{text}", "{label}: {text}"),
        "goal_value": ("{cmp} {value}", "{cmp} {value}"),
        # a goal not on the series' own scale: its type and year after it
        "goal_of_type": ("{words}（{type}，{year}）", "{words} ({type}, {year})"),
        # a net-increase goal drawn on its stock: the increase, and the levels it runs between
        "net_on_stock": ("净增{cmp} {k}（{t0} 年 {x0} → {T} 年 {level}）",
                         "net increase {cmp} {k} ({x0} in {t0} → {level} by {T})"),
        # a rank goal that is a move from the base year (位次跃升), not a place to reach
        "rank_move": ("位次较 {base} 年前移至少 {n} 位（{year}）",
                      "up at least {n} places in rank on {base} (by {year})"),
        "rank_move.one": ("位次较 {base} 年前移至少 {n} 位（{year}）",
                          "up at least {n} place in rank on {base} (by {year})"),
        "rank_move.no_base": ("位次前移至少 {n} 位（{year}）",
                              "up at least {n} places in rank (by {year})"),
        "rank_move.no_base.one": ("位次前移至少 {n} 位（{year}）",
                                  "up at least {n} place in rank (by {year})"),
        # a unit after a goal's value ("%" joins the number in both languages, see fan_chart);
        # the Chinese net increase goes without it, its levels in brackets end the words
        "value_unit": ("{words} {unit}", "{words} {unit}"),
        "net_on_stock.unit": ("{words}", "{words} {unit}"),
        # the y axis of a series chart: 数值（个）/ Value (count)
        "value_axis": ("{value}（{unit}）", "{value} ({unit})"),
        # the colour bar of a sweep heat map
        "p_attain_pct": ("达标概率（%）", "P(attain) (%)"),
    },
    #: Knob names on a sweep's axes, with the unit a reader needs.
    "knob_axis": {
        "growth_pp": ("增速调整（百分点/年）", "Growth shift (pp a year)"),
        "shock_depth": ("冲击幅度（%）", "Shock depth (%)"),
        "shock_year": ("冲击年份", "Shock year"),
        "shock_recovery": ("恢复年数", "Recovery (years)"),
        "ratio_pp": ("与省比值变化（百分点）", "City/province ratio change (points)"),
        "growth_from": ("增速调整起始年", "Growth shift from"),
        "ratio_from": ("比值变化起始年", "Ratio change from"),
    },
}
