"""The local combination's growth shift per indicator: learned on the panels, checked held out.

``python benchmarks/growth_shift_panels.py`` (about 20 s) back-tests the default combination
(uncalibrated, growth-rate s.d. 0.07) at every origin with at least 5 points of every series of
the bundled province panels (8 indicators x 31 provinces and the nation, h = 1..6), then scores
two ways of using those errors, each learned on a training part and scored on a held-out part:

- ``none``: the combination's median as it is, its calibration (factors, Student-t tails)
  learned on the training part;
- ``shift``: the median moved by its indicator's yearly shift (the median of
  ``(log actual - log median) / h`` over the training part's errors of that indicator), the
  calibration learned on the training part's errors less their shift.

Held-out parts: (a) each region in turn, learned on the other 31 (shares the years: a shock to
every province is in both parts); (b) in time, learned on the errors whose outcome year is at
most T and scored on the origins from T on (T = 2017, 2018, 2019), provinces and the nation
apart: the question a user's projection asks, whether a shift of the past holds ahead.
(c) each indicator in turn, as if it had no panel: ``family`` = the median moved by one shift
learned on the other seven indicators' errors as one group (the rule of
``FAMILY_GROWTH_SHIFT``, for an indicator of the catalog's ``family: sti`` with no panel of its
own), against ``none`` learned on the same seven; over all years, and in time as in (b).
Last, the shipped numbers: :func:`xtforecast.bench.learn_panel_shifts` and
:func:`~xtforecast.bench.learn_family_shifts` on every series (the latest 8 origins, the rule
of ``DEFAULT_CALIBRATION``), which are ``PANEL_GROWTH_SHIFT`` / ``PANEL_SHIFT_CALIBRATION`` and
``FAMILY_GROWTH_SHIFT`` / ``FAMILY_SHIFT_CALIBRATION``. benchmarks/README.md has the figures.
"""

from __future__ import annotations

import time
import warnings

import numpy as np
import pandas as pd

from xtforecast import bench, bench_sparse
from xtforecast.inputs import DataPaths, Inputs
from xtforecast.models import default_model
from xtforecast.models.base import ModelError
from xtforecast.models.calibrate import fit_error_dist, shifts_from_errors
from xtforecast.models.metrics import coverage, interval_score

H = 6
MIN_TRAIN = 5
NATION = "china"


def errors(panels: dict) -> pd.DataFrame:
    """One row per (series, origin, horizon): log error ``e`` and the model's scale ``s``."""
    rows = []
    for ind, series in panels.items():
        for reg, (y, v) in series.items():
            for o in range(MIN_TRAIN, len(v)):
                m = default_model(calibration=None, lower=0.0)
                try:
                    m.fit(y[:o], v[:o])
                except (ModelError, ValueError):
                    continue
                centre, scale = m._center(H), m._scale(H)
                for step, val in zip((y[o:] - y[o - 1]).astype(int), v[o:]):
                    if step <= H:
                        rows.append((ind, reg, int(y[o - 1]), int(step),
                                     np.log(val) - centre[step - 1], scale[step - 1]))
    out = pd.DataFrame(rows, columns=["indicator", "region", "origin", "h", "e", "s"])
    out["outcome"] = out["origin"] + out["h"]
    return out


def _matrix(frame: pd.DataFrame, column: str) -> np.ndarray:
    """``column`` as the (k, H) matrix the calibration rules take (one error per row, NaN at
    the other horizons)."""
    out = np.full((len(frame), H), np.nan)
    out[np.arange(len(frame)), frame["h"].to_numpy() - 1] = frame[column].to_numpy()
    return out


def learn(train: pd.DataFrame, with_shift: bool, one_group: bool = False):
    """Per-indicator yearly shifts (0 without) and the calibration around the moved median: the
    shipped rule (:func:`~xtforecast.models.calibrate.shifts_from_errors`) on the training part.
    ``one_group``: every indicator of the part in one group, the rule of the family shift; the
    result is then that one shift (a float)."""
    e, s = _matrix(train, "e"), _matrix(train, "s")
    if not with_shift:
        zero = pd.Series(0.0, index=train["indicator"].unique())
        return (0.0 if one_group else zero), fit_error_dist(e / s)
    grp = np.full(len(train), "family", dtype=object) if one_group \
        else train["indicator"].to_numpy()
    shifts, dist = shifts_from_errors(e, s, grp)
    return (shifts["family"] if one_group else pd.Series(shifts)), dist


def bands(test: pd.DataFrame, shifts: pd.Series, dist) -> dict:
    """The held-out part's 2.5 / 10 / 50 / 90 / 97.5 % bounds of the log error."""
    centre = (test["indicator"].map(shifts).fillna(0.0) * test["h"]).to_numpy()
    s, h = test["s"].to_numpy(), test["h"].to_numpy() - 1
    return {p: centre + s * dist.quantile(H, p)[h] for p in (0.025, 0.1, 0.9, 0.975)} | {0.5: centre}


def scores(e: np.ndarray, b: dict) -> dict:
    """Coverage, one-sided misses, median bias (log of median / actual) and the 95 % interval
    score (log scale) of log errors ``e`` in bounds ``b``."""
    return {"n": len(e), "cov80": coverage(e, b[0.1], b[0.9]),
            "cov95": coverage(e, b[0.025], b[0.975]),
            "above90": float(np.mean(e > b[0.9])), "below10": float(np.mean(e < b[0.1])),
            "bias": float(np.median(b[0.5] - e)),
            "IS95": float(np.mean(interval_score(e, b[0.025], b[0.975], 95)))}


def leave_one_region_out(err: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for arm in ("none", "shift"):
        parts = {p: np.full(len(err), np.nan) for p in (0.025, 0.1, 0.5, 0.9, 0.975)}
        for reg in err["region"].unique():
            test = (err["region"] == reg).to_numpy()
            shifts, dist = learn(err[~test], arm == "shift")
            for p, v in bands(err[test], shifts, dist).items():
                parts[p][test] = v
        for name, sel in (("provinces", err["region"] != NATION), ("nation", err["region"] == NATION)):
            sel = sel.to_numpy()
            rows.append({"held out": name, "arm": arm,
                         **scores(err["e"].to_numpy()[sel], {p: v[sel] for p, v in parts.items()})})
    return pd.DataFrame(rows)


def in_time(err: pd.DataFrame, years=(2017, 2018, 2019)) -> pd.DataFrame:
    rows = []
    for t in years:
        train, test = err[err["outcome"] <= t], err[err["origin"] >= t]
        for arm in ("none", "shift"):
            shifts, dist = learn(train, arm == "shift")
            for name, sel in (("provinces", test["region"] != NATION),
                              ("nation", test["region"] == NATION)):
                part = test[sel]
                rows.append({"T": t, "held out": name, "arm": arm,
                             **scores(part["e"].to_numpy(), bands(part, shifts, dist))})
    return pd.DataFrame(rows)


def leave_one_indicator_out(err: pd.DataFrame, train_sel=None, test_sel=None,
                            label: str = "all years") -> tuple[pd.DataFrame, pd.DataFrame]:
    """(c): each indicator scored with a shift and calibration learned on the other seven
    (``train_sel`` / ``test_sel``: boolean masks of ``err`` for the split in time); the pooled
    scores per arm and each indicator's learned shift and IS95."""
    train_sel = np.ones(len(err), bool) if train_sel is None else np.asarray(train_sel)
    test_sel = np.ones(len(err), bool) if test_sel is None else np.asarray(test_sel)
    pooled, per = [], []
    for arm in ("none", "family"):
        parts = {p: np.full(len(err), np.nan) for p in (0.025, 0.1, 0.5, 0.9, 0.975)}
        for ind in err["indicator"].unique():
            own = (err["indicator"] == ind).to_numpy()
            shift, dist = learn(err[train_sel & ~own], arm == "family", one_group=True)
            test = test_sel & own
            for p, v in bands(err[test], pd.Series({ind: shift}), dist).items():
                parts[p][test] = v
            b = {p: v[test] for p, v in parts.items()}
            per.append({"held out": ind, "arm": arm, "shift": shift,
                        **scores(err["e"].to_numpy()[test], b)})
        pooled.append({"split": label, "arm": arm,
                       **scores(err["e"].to_numpy()[test_sel],
                                {p: v[test_sel] for p, v in parts.items()})})
    return pd.DataFrame(pooled), pd.DataFrame(per)


def family_parts(err: pd.DataFrame, years=(2017, 2018, 2019)) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(c) over all years and in time (learned on outcomes up to T, scored on origins from T)."""
    out = [leave_one_indicator_out(err)]
    for t in years:
        out.append(leave_one_indicator_out(err, err["outcome"] <= t, err["origin"] >= t,
                                           f"T = {t}"))
    return (pd.concat([o[0] for o in out], ignore_index=True), out[0][1])


def main() -> None:
    t0 = time.perf_counter()
    inputs = Inputs(DataPaths.of())
    panels = bench_sparse.panel_series(inputs.observations, inputs.catalog)
    fmt = {"float_format": lambda v: f"{v:.3f}", "index": False}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        err = errors(panels)
        print(f"{len(err)} back-test errors, origins {err['origin'].min()}-{err['origin'].max()}")
        print("\n(a) each region held out, learned on the other 31")
        print(leave_one_region_out(err).to_string(**fmt))
        print("\n(b) in time: learned on outcomes up to T, scored on origins from T on")
        print(in_time(err).to_string(**fmt))
        print("\n(c) each indicator held out as if it had no panel: one shift learned on the "
              "other seven")
        pooled, per = family_parts(err)
        print(pooled.to_string(**fmt))
        print("each indicator, all years:")
        print(per.pivot(index="held out", columns="arm", values=["shift", "bias", "IS95"])
              .to_string(float_format=lambda v: f"{v:.3f}"))
        shifts, dist = bench.learn_panel_shifts(panels)
        family, family_dist = bench.learn_family_shifts(panels)
    print("\nshipped: PANEL_GROWTH_SHIFT =", {k: round(v, 4) for k, v in shifts.items()})
    print("PANEL_SHIFT_CALIBRATION =", dist)
    print("FAMILY_GROWTH_SHIFT =", {k: round(v, 4) for k, v in family.items()})
    print("FAMILY_SHIFT_CALIBRATION =", family_dist)
    print(f"# {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
