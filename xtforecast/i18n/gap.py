"""The words of the gap layer: headline statuses, method classes, evidence grades and reasons.

The gap layer (:mod:`xtforecast.gap`) assigns codes and writes no words; this module holds
what those codes say, in Chinese and English (issue 10, items 3 and 4):

============= ==========================================================================
prefix        what
============= ==========================================================================
``status.``   headline statuses (:data:`~xtforecast._schema.STATUSES`)
``class.``    the classes the progress-assessment methods assign
              (:data:`~xtforecast.gap.methods.METHODS`)
``evidence.`` evidence grades (:data:`~xtforecast.gap.evidence.GRADES`)
``reason.``   why a goal got its call, in the reader's words (no API detail):
              ``reason_zh``/``reason_en``, from :class:`~xtforecast.gap.reasons.Reason`
``detail.``   the analyst's account of the same causes, with the numbers (the ``reason`` and
              ``evidence_reason`` columns, in English), and the pieces it is made of
============= ==========================================================================

A template fills in the record's values with :meth:`str.format` (``{v0:g}``); word order and
punctuation are the template's. A template ``<key>.one`` is the singular form, used when the
value ``n`` is 1 (English plurals; the Chinese forms are the same).
"""

from __future__ import annotations

#: Headline statuses (:func:`xtforecast.gap.headline.headline_status`).
STATUSES = {
    "achieved": ("已实现", "Achieved"),
    "on_track": ("按计划推进", "On track"),
    "acceleration_needed": ("需要加速", "Acceleration needed"),
    "off_track": ("偏离轨道", "Off track"),
    "regressing": ("倒退", "Regressing"),
    "insufficient_data": ("数据不足", "Insufficient data"),
}

#: Every class a method of :mod:`xtforecast.gap.methods` assigns (a method's ``on_track``
#: reads differently from the headline's).
METHOD_CLASSES = {
    "achieved": ("已实现", "Target achieved"),
    "not_achieved": ("未实现", "Target not achieved"),
    "insufficient_data": ("数据不足", "Insufficient data"),
    "substantial_progress": ("显著进展", "Substantial progress / on track"),
    "fair_progress": ("有进展但需加快", "Fair progress, acceleration needed"),
    "limited_progress": ("进展有限", "Limited or no progress"),
    "deterioration": ("倒退", "Deterioration"),
    "on_track": ("按期可达", "On track"),
    "acceleration_needed": ("需加快", "Acceleration needed"),
    "stagnation_or_regression": ("停滞或倒退", "Stagnation or regression"),
    "significant_progress": ("显著进展", "Significant progress"),
    "moderate_progress": ("中等进展", "Moderate progress"),
    "insufficient_progress": ("进展不足", "Insufficient progress"),
    "movement_away": ("背离目标", "Movement away from the target"),
    "maintain_progress": ("保持进展", "Maintain progress"),
    "accelerate_progress": ("加快进展", "Accelerate progress"),
    "reverse_trend": ("扭转趋势", "Reverse trend"),
    # not the rule's own name (时间过半、任务过半), which a methods table already heads
    "on_schedule": ("进度达标", "On schedule"),
    "behind_schedule": ("进度滞后", "Behind schedule"),
    "regressing": ("逆向变动", "Moving away"),
}

#: Evidence grades (:func:`xtforecast.gap.evidence.evidence_grade`).
EVIDENCE = {
    "strong": ("证据充分", "Strong evidence"),
    "moderate": ("证据一般", "Moderate evidence"),
    "weak": ("证据薄弱", "Weak evidence"),
    "none": ("无数据", "No evidence"),
}

#: Why a goal got its call, for the reader (:class:`~xtforecast.gap.reasons.Reason` codes).
REASONS = {
    "not_evaluable": ("{note}", "{note}"),
    "not_evaluable.default": ("没有能衡量该目标的公开数据序列", "no public data series measures this goal"),
    "class_not_in_levels": ("类别 {value} 不在指标目录的等级 {levels} 之中",
                            "class {value} is not one of the catalog's classes ({levels})"),
    "no_observation": ("该地区没有这一指标的观测值", "there is no observation of this indicator "
                       "for this region"),
    "no_observation_as_of": ("截至{as_of}年该地区没有这一指标的观测值",
                             "there is no observation of this indicator for this region up to "
                             "{as_of}"),
    "growth_nonpositive_base": ("基期（{year}年）数值为{value:g}，不为正，增长率无从定义，该增长目标不作判断",
                                "the base value ({year}) is {value:g}, not positive: no growth rate "
                                "exists from it, so this growth goal is not judged"),
    "observed_met": ("观测数据表明目标已达成", "the observations show the goal was met"),
    "observed_missed": ("观测数据表明目标未达成", "the observations show the goal was missed"),
    "bridge": ("{year}年落在两次观测之间（{ends}年），由两者之间的桥接路径判断",
               "{year} lies between two observations ({ends}), so it is judged from paths "
               "bridging them"),
    "past_chance": ("该年已过，达标概率即当年已达标的可能性",
                    "that year is over: P(attain) is the chance that the goal was met then"),
    "past_unobserved": ("目标年份{year}年已过（数据截至{as_of}年），只能由观测值判断，但{missing}年没有观测值；"
                        "模型推算不能代替观测",
                        "the target year {year} is over (data up to {as_of}), so only an "
                        "observation can judge it, and {missing} has none; a model estimate is "
                        "not an observation"),
    "past_unsettled": ("目标年份{year}年已过（数据截至{as_of}年），只能由观测值判断，但观测值（上限或下限）不足以判定；"
                       "模型推算不能代替观测",
                       "the target year {year} is over (data up to {as_of}), so only an "
                       "observation can judge it, and the observed bounds do not settle it; a "
                       "model estimate is not an observation"),
    "no_paths": ("没有预测路径：数据太少，增长模型无法外推",
                 "no projected paths: too few data for the growth models to extrapolate"),
    "no_paths_after": ("{last}年之后没有预测路径：数据太少，增长模型无法外推",
                       "no projected paths after {last}: too few data for the growth models to "
                       "extrapolate"),
    "missing_years": ("{years}年既无观测值也无预测路径", "{years}: neither observed nor projected"),
    "methods_cannot_judge": ("各评估方法无法判断该目标（观测点不足或无增长路径），仅给出达标概率",
                             "the published methods cannot judge this goal (too few observations "
                             "or no growth path); only P(attain) is given"),
    "p_needs_observation": ("未给出达标概率：各方法依据目标年之前的观测趋势判断，而是否达标需要目标年的观测值",
                            "no P(attain): the methods read the trend before the target year, "
                            "but whether the goal was met needs an observation of that year"),
    "nothing_to_judge": ("没有可判断该目标的数据", "there are no data to judge this goal from"),
    # how the causes of one goal are joined, and the items of a list value
    "sep": ("；", "; "),
    "list_sep": ("、", ", "),
}

#: The analyst's account of each cause (every ``reason.`` code has one here, with the numbers).
_DETAIL_CAUSES = {
    "not_evaluable": ("{note}", "{note}"),
    "not_evaluable.default": ("已标记为不可评估", "marked not evaluable"),
    "class_not_in_levels": ("类别 {value} 不在等级 [{levels}] 之中；请在指标目录中给出等级",
                            "class {value} is not among the levels [{levels}]; give the catalog's levels"),
    "no_observation": ("'{region}' 没有 '{indicator}' 的观测值", "no observation of '{indicator}' in '{region}'"),
    "no_observation_as_of": ("截至 {as_of} 年 '{region}' 没有 '{indicator}' 的观测值",
                             "no observation of '{indicator}' in '{region}' up to {as_of}"),
    "growth_nonpositive_base": ("基期数值为 {value:g}（{year}年），增长率无从定义：增长目标需要为正的基期值，不作判断",
                                "no growth rate exists from a base of {value:g} ({year}): a growth goal "
                                "needs a positive base value, so it is not judged"),
    "observed_met": ("{how}，达到目标", "{how} meets the goal"),
    "observed_missed": ("{how}，未达到目标", "{how} misses the goal"),
    "bridge": ("桥接 {y0}（{v0:g}）→ {y1}（{v1:g}），对数波动率 {sigma:.3f}/√年，{n_paths} 条路径",
               "bridge {y0} ({v0:g}) → {y1} ({v1:g}), log-volatility {sigma:.3f}/√year, {n_paths} paths"),
    "past_chance": ("{year}年已过，达标概率即当年已达标的可能性",
                    "{year} is past, so P(attain) is the chance the goal was met"),
    "past_unobserved": ("目标年份 {year} 不晚于数据截止年 {as_of}，只能由观测值判断：衡量值（{measure}）需要 "
                        "[{missing}] 年的数据，既无观测也不在两次观测之间；模型推算不是观测",
                        "the target year {year} is not after as_of {as_of}, so only observations can "
                        "judge it: the measure ({measure}) needs [{missing}], not observed (and not "
                        "between two observations); a model nowcast is not an observation"),
    "past_unsettled": ("目标年份 {year} 不晚于数据截止年 {as_of}，只能由观测值判断：观测到的衡量值位于 "
                       "[{lo:g}, {hi:g}]，不足以判定“{comparator} {value}”；模型推算不是观测",
                       "the target year {year} is not after as_of {as_of}, so only observations can "
                       "judge it: the observed measure lies in [{lo:g}, {hi:g}], which does not settle "
                       "'{comparator} {value}'; a model nowcast is not an observation"),
    "no_paths": ("最后一次观测之后没有样本路径；请提供增长模型的路径",
                 "no sample paths for the years after the last observation; pass paths from a growth model"),
    "no_paths_after": ("最后一次观测（{last}）之后没有样本路径；请提供增长模型的路径",
                       "no sample paths for the years after the last observation ({last}); pass paths "
                       "from a growth model"),
    "missing_years": ("[{years}] 年没有数值（既无观测也不在路径中）",
                      "no value for [{years}] (neither observed nor in the paths)"),
    "methods_cannot_judge": ("各方法列无法判断该目标（{why}）；只有达标概率可判断",
                             "the method columns cannot judge this goal ({why}); only P(attain) does"),
    "p_needs_observation": ("未给出达标概率：各方法读取目标年之前的观测趋势，但是否达标需要目标年的观测值",
                            "P(attain) is not given: the methods read the trend of the observations "
                            "before the target year, but whether the goal was met needs an observation of it"),
    "nothing_to_judge": ("没有可判断该目标的数据", "nothing to judge the goal from"),
    "flow_paths": ("路径为新增量（流量）的路径", "paths of the additions (flow)"),
    "view_note": ("{note}", "{note}"),
    "sep": ("；", "; "),
    "list_sep": ("、", ", "),
}

#: How the observations settle a goal, and what a goal's measure is (:mod:`~xtforecast.gap.measures`).
_DETAIL_MEASURES = {
    "observed_measure": ("观测到的{measure}", "observed {measure}"),
    "locked_in_additions": ("已锁定：{first}–{last} 年观测到的新增量合计已达 {total:g}",
                            "locked in: observed additions {first}–{last} already sum to {total:g}"),
    "locked_in_monotone": ("已锁定：只增不减的存量在 {year} 年已达 {value:g}",
                           "locked in: monotone stock already {value:g} in {year}"),
    "gross_additions": ("{how}（上报的新增数为毛认定数，视作净增量）",
                        "{how} (reported additions are gross recognitions, used as the net increase)"),
    "measure_value": ("{year}年的值", "value in {year}"),
    "measure_additions": ("{first}–{year} 年新增量", "additions {first}–{year}"),
    "measure_additions_in": ("{year}年新增量", "additions in {year}"),
    "measure_sum": ("{first}–{year} 年累计", "sum {first}–{year}"),
    "measure_sum_in": ("{year}年累计", "sum in {year}"),
    "measure_change": ("x({year}) − x({base})", "x({year}) − x({base})"),
    "measure_growth": ("{base}→{year} 增速（%）", "growth {base}→{year} in %"),
    "measure_average_growth": ("{base}→{year} 年均增速（%）", "average annual growth {base}→{year} in %"),
    "measure_rank_change": ("{base}→{year} 位次变化", "rank change {base}→{year}"),
    "measure_rank": ("{year}年位次", "rank in {year}"),
    "measure_class": ("{year}年类别序号（A = 1）", "class ordinal in {year} (A = 1)"),
}

#: How a goal's level view was built, or why it has none (:func:`~xtforecast.gap.level.level_view`).
_DETAIL_VIEWS = {
    "class_no_growth_path": ("类别目标按序号判断，没有增长路径",
                             "class goals are judged on their ordinal, not on a growth path"),
    "no_observation_up_to_target": ("目标年份之前没有观测值", "no observation up to the target year"),
    "rank_base_unobserved": ("相对位次目标需要 {year} 年的观测值；没有",
                             "a relative rank goal needs an observation in {year}; none"),
    "change_base_unobserved": ("存量指标上的 {type} 目标需要 {year} 年的观测值；没有",
                               "a {type} goal on a stock needs an observation in {year}; none"),
    "growth_base_unobserved": ("增长目标需要 {year} 年的观测值；没有",
                               "a growth goal needs an observation in {year}; none"),
    "no_level_view_for_type": ("目标类型 '{type}' 没有水平视图", "no level view for goal type '{type}'"),
    "base_first_observation": ("未给出 base_year：使用第一次观测 {year}",
                               "no base_year: first observation {year} used"),
    "base_nearest_year": ("base_year {base_year} 无观测：使用最近的年份 {year}（EUSTAT）",
                          "base_year {base_year} not observed: nearest year {year} used (EUSTAT)"),
    "flow_read_as_level": ("流量目标按流量本身的水平目标读取", "a flow goal read as a level goal on the flow"),
    "running_sum": ("自 {first} 年起的流量累计；从零起步，增长率无定义",
                    "running sum of the flow from {first}; growth rates undefined from a zero start"),
    "change_read_as_level": ("{type} 读作水平 x({year}) + {value:g} = {xstar:g}",
                             "{type} read as the level x({year}) + {value:g} = {xstar:g}"),
    "growth_read_yoy": ("增长目标读作 {T} 年较上年（{t0}）增长 {g:g}%：目标水平 {xstar:g}",
                        "growth goal read as {g:g}% in {T} on {t0} (year-on-year): target level {xstar:g}"),
    "growth_read_average": ("增长目标读作 {t0}→{T} 年均增长 {g:g}%：目标水平 {xstar:g}",
                            "growth goal read as {g:g}% a year on average {t0}→{T} (average annual): "
                            "target level {xstar:g}"),
}

#: Why a method cannot classify a goal, and its caveats (:mod:`~xtforecast.gap.methods`,
#: :func:`~xtforecast.gap.growth_math.positive_triple`).
_DETAIL_METHODS = {
    "no_level_view": ("没有水平视图", "no level view"),
    "values_missing": ("缺少基期、最新或目标值", "base, latest or target value missing"),
    "needs_two_points": ("需要两个点（基期 {t0} 和其后的一次观测）；最新观测为 {t}",
                         "needs two points (base {t0} and a later observation); the latest observation is {t}"),
    "latest_meets": ("最新值 {xt:g}（{t}）已达到目标 {xstar:g}",
                     "latest value {xt:g} ({t}) already meets the goal {xstar:g}"),
    "base_met_latest_not": ("基期值 {x0:g}（{t0}）已达到目标 {xstar:g}，但最新值 {xt:g} 未达到",
                            "the base value {x0:g} ({t0}) met the goal {xstar:g} but the latest {xt:g} does not"),
    "growth_needs_positive_base": ("增长率方法需要为正的基期值；{note}",
                                   "growth-rate methods need a positive base; {note}"),
    "starts_from_zero": ("该衡量值从 0 起步", "this measure starts from 0"),
    "base_already_met": ("基期值 {x0:g}（{t0}）已达到目标", "the base value {x0:g} ({t0}) already met the goal"),
    "regression_needs_two_years": ("回归需要两个观测年份", "the regression needs two observed years"),
    "base_equals_goal": ("基期值 {x0:g} 等于目标，而最新值 {xt:g} 未达到",
                         "the base value {x0:g} equals the goal and the latest {xt:g} has fallen short of it"),
    "log_needs_positive": ("对数回归需要正值", "log regression needs positive values"),
    "settled_met": ("观测值判定目标：已达成", "the observations settle the goal: met"),
    "settled_missed": ("观测值判定目标：未达成", "the observations settle the goal: missed"),
    "caveats": ("{items}", "{items}"),
    "triple_missing": ("缺少基期、最新或目标值", "a base, latest or target value is missing"),
    "all_negative": ("所有值为负：取绝对值并翻转方向（open-sdg 规则）",
                     "all values negative: magnitudes used and direction flipped (open-sdg rule)"),
    "sign_change": ("数值正负变号，增长率无定义", "values change sign, so no growth rate is defined"),
    "zero_replaced": ("零值以 {value} 代替（open-sdg 规则；增长率强烈依赖这一选择）",
                      "zero replaced by {value} (open-sdg rule; the growth rate depends strongly on this choice)"),
}

#: The evidence behind a grade (:func:`~xtforecast.gap.evidence.evidence_grade`).
_DETAIL_EVIDENCE = {
    "evidence_not_evaluable": ("该目标已标记为不可评估", "the goal is marked not evaluable"),
    "evidence_no_observation": ("没有可用的观测值", "no usable observation"),
    "evidence_no_observation_up_to": ("截至 {as_of} 年没有可用的观测值", "no usable observation up to {as_of}"),
    "evidence_facts": ("{observations}（{n_exact} 个确切值），最新 {latest} 年（{latest_kind}），早于数据截止年 "
                       "{stale} 年，早于目标年 {horizon} 年",
                       "{observations} ({n_exact} exact), latest {latest} ({latest_kind}), {stale} year(s) "
                       "before as_of, {horizon} year(s) before the target year"),
    "observations": ("{n} 个观测值", "{n} observations"),
    "observations.one": ("{n} 个观测值", "{n} observation"),
    "figure_exact": ("确切值", "exact"),
    "figure_bound": ("界限值", "a bound"),
    "evidence_settled_exact": ("由确切的观测值判定", "settled by exact observed figures"),
    "evidence_settled_bound": ("由界限值（以上/以内）判定，而非确切值",
                               "settled by a bounded figure (a floor or a ceiling), not an exact one"),
    "evidence_bridge_exact": ("由两次观测之间的桥接判断", "judged from a bridge between two observations"),
    "evidence_bridge_bound": ("由两次观测之间的桥接判断，其中至少一次为界限值",
                              "judged from a bridge between two observations of which at least one is a bound"),
    "evidence_latest_bound": ("最新数据为界限值", "the latest figure is a bound"),
    "evidence_few_points": ("观测值少于 {points} 个", "fewer than {points} observations"),
    "evidence_stale": ("最新观测早于数据截止年 {years} 年以上",
                       "latest observation more than {years} years before as_of"),
    "evidence_far": ("目标年晚于最新观测 {years} 年以上",
                     "target more than {years} years beyond the latest observation"),
}

VOCABULARY = {
    "status": STATUSES,
    "class": METHOD_CLASSES,
    "evidence": EVIDENCE,
    "reason": REASONS,
    "detail": {**_DETAIL_CAUSES, **_DETAIL_MEASURES, **_DETAIL_VIEWS, **_DETAIL_METHODS, **_DETAIL_EVIDENCE},
}


def _by_lang(table: dict[str, tuple[str, str]]) -> dict[str, dict[str, str]]:
    return {k: {"zh": zh, "en": en} for k, (zh, en) in table.items()}


#: The tables as ``{label: {"zh": ..., "en": ...}}``, the shape ``xtforecast.gap`` exported
#: them in before the words moved here (``xtforecast.gap.STATUS_LABELS`` etc. still work).
STATUS_LABELS = _by_lang(STATUSES)
METHOD_LABELS = _by_lang(METHOD_CLASSES)
EVIDENCE_LABELS = _by_lang(EVIDENCE)
