"""The explorer's words (:mod:`xtforecast.explore`): its controls, its numbers and the scenario
file its save button writes, as ``explore.<name>``.

Templates carry the word order and punctuation of each language (``{label}：{value}`` against
``{label}: {value}``), so the explorer's code never branches on the language.
"""

VOCABULARY = {
    "explore": {
        # the controls
        "goal": ("目标", "Goal"),
        "scenario": ("起始情景", "Start from scenario"),
        "as_of": ("数据截止年份", "Data vintage (as_of)"),
        "lang": ("语言", "Language"),
        "growth_pp": ("增速调整（百分点/年）", "Growth shift (pp a year)"),
        "growth_from": ("增速调整起始年", "Growth shift from"),
        "shock_depth": ("冲击幅度（%）", "Shock depth (%)"),
        "shock_year": ("冲击年份", "Shock year"),
        "shock_recovery": ("恢复年数", "Recovery (years)"),
        "ratio_pp": ("与省比值变化（百分点）", "City/province ratio change (pp)"),
        "ratio_from": ("比值变化起始年", "Ratio change from"),
        "save": ("保存为情景", "Save as scenario"),
        "name": ("情景名称", "Scenario name"),
        # the numbers
        "p_attain": ("达标概率", "P(attain)"),
        "p_attain_is": ("达标概率：{p}", "P(attain): {p}"),
        "status": ("总体判断", "Status"),
        "required": ("所需年均增速（自最新年）", "Required growth from latest"),
        "required_base": ("所需年均增速（自基期）", "Required growth from base"),
        "median": ("目标年预测中位数", "Projected median in the target year"),
        "methods": ("各方法判断", "Status under each method"),
        "takes": ("起始情景下要有{p}%把握，增速每年需再提高：{words}",
                  "Extra yearly growth for P(attain) >= {p}% under the start scenario: {words}"),
        "growth_years": ("增速调整作用于 {lo}–{hi} 年（{n} 年）",
                         "The growth shift acts on {lo}–{hi} ({n} years)"),
        # one year said once, not as the range "2022–2022"
        "growth_year": ("增速调整作用于 {lo} 年（1 年）", "The growth shift acts on {lo} (1 year)"),
        "growth_gap": ("；数据止于 {last} 年，{gap} 年按模型推算、不受调整",
                       "; the data end in {last}, so {gap} is projected without it"),
        # the web page (app) and the save button
        "title": ("目标达成情况探索", "Goal explorer"),
        "saved": ("已保存并通过检查：", "Saved and checked: "),
        "error": ("无法计算：", "Cannot compute: "),
        "save_error": ("无法保存：", "Not saved: "),
        "name_taken": ("名称“{name}”已被占用（{path}）。已填入空闲的名称“{free}”，再按一次“保存为情景”即可；"
                       "若要替换原文件，请先删除它。",
                       "The name '{name}' is taken ({path}). A free name, '{free}', is filled in: "
                       "press 'Save as scenario' again. To replace the old file, delete it first."),
        "name_invalid": ("名称“{name}”不能用作文件名：只能用小写字母、数字和下划线，并以字母开头。已填入"
                         "建议名称“{free}”，再按一次“保存为情景”即可。",
                         "'{name}' cannot be a file name: use lower-case letters, digits and '_', "
                         "starting with a letter. '{free}' is filled in: press 'Save as scenario' "
                         "again."),
        "check_hint": ("可用 xtforecast scenarios check 复查，xtforecast report -s {name} 生成报告。",
                       "Check it with xtforecast scenarios check; report it with xtforecast "
                       "report -s {name}."),
        # the saved scenario file: its label and description, the knobs in words
        "saved_label": ("{label}＋探索（{name}）", "{label} + explorer ({name})"),
        "saved_description": ("自探索界面保存（目标 {goal}）：起始情景“{label}”，{knobs}。",
                              "Saved from the explorer for goal {goal}: the {scenario} scenario "
                              "with {knobs}."),
        "knob.none": ("未改变起始情景", "no change to the base scenario"),
        "knob.growth_shift": ("{indicator} 自 {from_year} 年起年增速 {pp:+g} 个百分点",
                              "growth {pp:+g} pp a year on {indicator} from {from_year}"),
        "knob.shock": ("{indicator} 于 {year} 年下挫 {depth:g}%，{recovery} 年内恢复",
                       "a {depth:g}% dip of {indicator} in {year} closing over {recovery} years"),
        "knob.ratio_to_reference": ("{indicator} 与 {reference_region} 的比值自 {from_year} 年起变化 "
                                    "{ratio_change_pp:+g} 个百分点",
                                    "{indicator} {ratio_change_pp:+g} points of its ratio to "
                                    "{reference_region} from {from_year}"),
        "knob.sep": ("；", "; "),
    },
}
