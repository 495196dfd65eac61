"""The back-test's words for a reader, in Chinese and English: labels and the verdicts."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import XtForecastError

#: Reader-facing words of the back-test, zh first (the shared i18n table has the summary
#: vocabulary; these are specific to scoring).
LABELS = {
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
}


def label(key: str, lang: str = "zh") -> str:
    """The back-test word ``key`` in ``lang`` (``zh`` or ``en``).

    Raises
    ------
    XtForecastError
        For an unknown key or language, naming the valid ones.
    """
    if lang not in ("zh", "en"):
        raise XtForecastError(f"lang must be 'zh' or 'en', got {lang!r}")
    if key not in LABELS:
        raise XtForecastError(f"no back-test label '{key}'; known: {', '.join(LABELS)}")
    return LABELS[key][0 if lang == "zh" else 1]


def too_few_sentence(n: int, lang: str = "zh", n_calls: int | None = None) -> str:
    """The plain statement of how few real outcomes stand behind the city-level score.

    Parameters
    ----------
    n : int
        Distinct goals scored (the same goal called from several vintages is one outcome).
    lang : {"zh", "en"}
    n_calls : int, optional
        Scored (vintage, goal) calls, stated too when it differs from ``n``.
    """
    calls_zh = f"（来自 {n_calls} 次不同年份的判断）" if n_calls not in (None, n) else ""
    calls_en = f" (from {n_calls} calls at different vintages)" if n_calls not in (None, n) else ""
    if lang == "zh":
        return (f"城市层面只有 n = {n} 个已评分的目标结果{calls_zh}：这太少了，无法判断达标概率是否校准"
                f"（一个 0.7 的概率需要数十个结果才能检验）。校准的证据是 M3 年度序列上的可靠性曲线"
                f"（xtforecast backtest --m3）。")
    if lang != "en":
        raise XtForecastError(f"lang must be 'zh' or 'en', got {lang!r}")
    return (f"Only n = {n} scored goal outcome{'s' if n != 1 else ''}{calls_en} stand behind the "
            f"city-level score: far too few to judge whether P(attain) is calibrated (checking that a 0.7 "
            f"comes true 7 times in 10 takes dozens of outcomes). The evidence for calibration "
            f"is the M3 yearly reliability curve (xtforecast backtest --m3).")



def verdict_sentence(table: pd.DataFrame, lang: str = "zh") -> str:
    """Say plainly, per horizon, where the calls do worse than a coin, than "always met" or
    than the naive rule (:func:`by_horizon` output)."""
    if lang not in ("zh", "en"):
        raise XtForecastError(f"lang must be 'zh' or 'en', got {lang!r}")
    parts = []
    recs = table.to_dict("records")
    for r in recs[-1:] + recs[:-1]:  # all horizons first, then each horizon
        if not r["n_scored"]:
            continue
        worse = [name for name, key in (("coin", "brier_coin"), ("always", "brier_always"),
                                        ("naive", "brier_naive"), ("base", "brier_base"))
                 if np.isfinite(r[key]) and r["brier"] > r[key] + 1e-12]
        parts.append(_verdict(r, worse, lang))
    if not parts:
        return "没有可评分的判断。" if lang == "zh" else "No call could be scored."
    note = BENCHMARKS_NOTE[0 if lang == "zh" else 1]
    return " ".join(parts + [note]) if lang == "en" else "".join(parts) + note


_WORSE = {"coin": ("抛硬币（0.25）", "a coin (0.25)"), "always": ("“总是达标”", '"always met"'),
          "naive": ("朴素规则", "the naive rule"),
          "base": ("样本外基准率", "the out-of-sample base rate")}


def _verdict(r: dict, worse: list[str], lang: str) -> str:
    zh = lang == "zh"
    where = ("全部期限" if zh else "All horizons") if r["horizon"] == "all" else (
        f"提前 {r['horizon']} 年" if zh else f"{r['horizon']} year(s) ahead")
    def num(x):
        return f"{x:.3f}" if np.isfinite(x) else ("无" if zh else "n/a")
    # the naive rule cannot call every goal (too few or non-positive observations): say on how many
    partial = 0 < r["n_naive"] < r["n_scored"]
    on_zh = f"，仅 {r['n_naive']} 次可用" if partial else ""
    on_en = f" on {r['n_naive']} of them" if partial else ""
    head = (f"{where}：{r['n_scored']} 次不同的判断，Brier {num(r['brier'])}（硬币 0.250，"
            f"总是达标 {num(r['brier_always'])}，样本外基准率 {num(r['brier_base'])}，"
            f"朴素规则 {num(r['brier_naive'])}{on_zh}）"
            if zh else
            f"{where}: {r['n_scored']} distinct call(s), Brier {num(r['brier'])} (coin 0.250, "
            f"always met {num(r['brier_always'])}, out-of-sample base rate "
            f"{num(r['brier_base'])}, naive rule {num(r['brier_naive'])}{on_en})")
    if not worse:
        return head + ("，不比这些基准差。" if zh else ", no worse than these benchmarks.")
    names = [(_WORSE[w][0] if zh else _WORSE[w][1]) for w in worse]
    return head + (f"，比{'、'.join(names)}更差。" if zh else f": WORSE than {', '.join(names)}.")


#: What the benchmarks of :func:`verdict_sentence` are, said once after the verdicts.
BENCHMARKS_NOTE = (
    "（朴素规则：把最近五次观测的年均增速外推到目标年；样本外基准率：判断当年已知结果中的达标比例，"
    "(达标数+1)/(结果数+2)。）",
    "(Naive rule: the CAGR of the last five observations extrapolated to the target year; "
    "out-of-sample base rate: the share met among outcomes known in the year of the call, "
    "(met + 1) / (n + 2).)")

