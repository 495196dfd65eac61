"""The back-test's words: the labels of its tables and figure, and the sentences of its verdict.

``backtest.`` holds labels (:func:`xtforecast.backtest.label`); ``backtest_says.`` holds the
templates of :func:`xtforecast.backtest.too_few_sentence` and
:func:`xtforecast.backtest.verdict_sentence`, which carry the word order and the punctuation
of each language (Chinese sentences follow each other with no space, English ones with one).
"""

VOCABULARY = {
    "backtest": {
        "as_of": ("数据截止年份", "Data vintage"),
        "n_goals": ("目标数", "Goals"),
        "n_scored": ("已评分目标数", "Scored goals"),
        "hit_rate": ("判断命中率", "Hit rate"),
        "brier": ("Brier 分数", "Brier score"),
        "brier_base": ("基准 Brier（恒报观测频率）", "Brier of the base rate"),
        "mape": ("预测值平均绝对百分比误差", "Mean abs. % error of the projected value"),
        "bias": ("预测值平均对数偏差", "Mean log bias of the projected value"),
        "bin": ("概率区间", "Probability bin"),
        "mean_p": ("平均预测概率", "Mean predicted P"),
        "freq": ("实际发生频率", "Observed frequency"),
        "n": ("样本数", "Count"),
        "predicted": ("预测达标概率", "Predicted P(attain)"),
        "observed": ("实际达标频率", "Observed frequency"),
        "diagonal": ("完全校准", "Perfect calibration"),
        "reliability_title": ("M3 年度序列：达标概率的可靠性", "M3 yearly: reliability of P(attain)"),
    },
    "backtest_says": {
        "too_few": (
            "城市层面只有 n = {n} {outcomes}{calls}：这太少了，无法判断达标概率是否校准"
            "（一个 0.7 的概率需要数十个结果才能检验）。校准的证据是 M3 年度序列上的可靠性曲线"
            "（xtforecast backtest --m3）。",
            "Only n = {n} {outcomes}{calls} stand behind the city-level score: "
            "far too few to judge whether P(attain) is calibrated (checking that a 0.7 comes "
            "true 7 times in 10 takes dozens of outcomes). The evidence for calibration is the "
            "M3 yearly reliability curve (xtforecast backtest --m3)."),
        "outcome": ("个已评分的目标结果", "scored goal outcome"),
        "outcomes": ("个已评分的目标结果", "scored goal outcomes"),
        "from_calls": ("（来自 {n_calls} 次不同年份的判断）", " (from {n_calls} calls at different vintages)"),
        # one sentence after another: Chinese puts no space between them
        "then": ("{first}{then}", "{first} {then}"),
        "none_scored": ("没有可评分的判断。", "No call could be scored."),
        "all_horizons": ("全部期限", "All horizons"),
        "horizon": ("提前 {h} 年", "{h} years ahead"),
        "horizon.one": ("提前 {h} 年", "{h} year ahead"),
        "not_available": ("无", "n/a"),
        "naive_on": ("，仅 {n} 次可用", " on {n} of them"),
        "verdict": (
            "{where}：{calls}，Brier {brier}（硬币 0.250，总是达标 {always}，"
            "样本外基准率 {base}，朴素规则 {naive}{on}）",
            "{where}: {calls}, Brier {brier} (coin 0.250, always met {always}, "
            "out-of-sample base rate {base}, naive rule {naive}{on})"),
        # the count of the verdict: English has a singular, Chinese one form
        "calls": ("{n} 次不同的判断", "{n} distinct calls"),
        "calls.one": ("{n} 次不同的判断", "{n} distinct call"),
        "no_worse": ("，不比这些基准差。", ", no worse than these benchmarks."),
        "worse": ("，比{names}更差。", ": WORSE than {names}."),
        "list_sep": ("、", ", "),
        "worse_coin": ("抛硬币（0.25）", "a coin (0.25)"),
        "worse_always": ("“总是达标”", '"always met"'),
        "worse_naive": ("朴素规则", "the naive rule"),
        "worse_base": ("样本外基准率", "the out-of-sample base rate"),
        "benchmarks_note": (
            "（朴素规则：把最近五次观测的年均增速外推到目标年；样本外基准率：判断当年已知结果中的"
            "达标比例，(达标数+1)/(结果数+2)。）",
            "(Naive rule: the CAGR of the last five observations extrapolated to the target year; "
            "out-of-sample base rate: the share met among outcomes known in the year of the call, "
            "(met + 1) / (n + 2).)"),
    },
}
