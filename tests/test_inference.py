"""Inference: exact McNemar, the NB2 count model, Monte Carlo error of bootstrap bounds, the
wording rule and multiple comparisons — hand-checkable cases, properties over random inputs,
simulated data with known answers, and the real report's pipeline (nothing typed from its
results: expected values are recomputed by independent routes)."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workreport import load_text
from workreport.context import compare_rates
from workreport.inference import (
    benjamini_hochberg,
    binomial_two_sided_p,
    coded_units,
    compare_reports,
    draws_for,
    holm,
    inference_tables,
    mcnemar,
    nb2_fit,
    nb_rate_ratio,
    plan_vs_review,
    quantile_mc_error,
    ratio_draws,
    theme_order,
    wording,
)
from workreport.pipeline import analyse
from workreport.themes import review_vs_plan
from workreport.validation import load_paragraph_coding

codes01 = st.lists(st.tuples(st.integers(0, 1), st.integers(0, 1)), min_size=0, max_size=60)
pvals = st.lists(
    st.one_of(st.floats(0, 1, allow_nan=False), st.just(float("nan"))), min_size=0, max_size=25
)


# --- McNemar ------------------------------------------------------------------------------------


def test_binomial_p_by_enumeration():
    # 3 of 19: 2 * (C(19,0) + C(19,1) + C(19,2) + C(19,3)) / 2**19 = 2 * 1160 / 524288
    assert binomial_two_sided_p(3, 19) == pytest.approx(2 * 1160 / 2**19)
    assert binomial_two_sided_p(16, 19) == binomial_two_sided_p(3, 19)
    assert binomial_two_sided_p(0, 1) == 1.0
    assert binomial_two_sided_p(0, 5) == pytest.approx(2 / 32)
    with pytest.raises(ValueError, match="k <= n"):
        binomial_two_sided_p(4, 3)


@given(codes01)
def test_mcnemar_counts_and_symmetry(pairs):
    a = [x for x, _ in pairs]
    b = [y for _, y in pairs]
    r = mcnemar(a, b)
    assert r["b"] == sum(1 for x, y in pairs if x and not y)
    assert r["c"] == sum(1 for x, y in pairs if y and not x)
    assert r["n"] == len(pairs)
    s = mcnemar(b, a)
    assert (s["b"], s["c"]) == (r["c"], r["b"])
    assert s["p_value"] == pytest.approx(r["p_value"])
    assert 0 < r["p_value"] <= 1
    # concordant units add nothing
    t = mcnemar([*a, 1, 0], [*b, 1, 0])
    assert t["p_value"] == r["p_value"]


def test_mcnemar_rejects_bad_codes():
    with pytest.raises(ValueError, match="0/1"):
        mcnemar([0, 2], [1, 1])
    with pytest.raises(ValueError, match="one length"):
        mcnemar([0, 1], [1])


def test_theme_order_on_a_built_coding():
    # energy on 10 lines, poverty on 4 (2 shared), ecology on none
    codes = pd.DataFrame(
        {
            "energy": [2] * 8 + [1, 1] + [0] * 2 + [0] * 6,
            "poverty": [0] * 8 + [1, 1] + [2, 2] + [0] * 6,
            "ecology": 0,
        }
    )
    t = theme_order(codes, thresholds=[1])
    assert list(zip(t["theme_a"], t["theme_b"], strict=True)) == [
        ("energy", "poverty"),
        ("energy", "ecology"),
        ("poverty", "ecology"),
    ]
    first = t.iloc[0]
    assert (first["a_coded"], first["b_coded"], first["a_only"], first["b_only"]) == (10, 4, 8, 2)
    assert first["p_value"] == pytest.approx(binomial_two_sided_p(2, 10))
    assert t["p_holm"].tolist() == pytest.approx(holm(t["p_value"]).tolist())
    # at threshold 2 energy is coded on 8 lines, poverty on 2
    t2 = theme_order(codes, thresholds=[2])
    assert t2.iloc[0][["a_coded", "b_coded"]].tolist() == [8, 2]


def test_theme_order_of_the_project_coding_is_computed_from_the_file():
    """The issue quotes 16:3 discordant lines (p = 0.004) for energy vs poverty; recount the
    discordant lines from the coding file with plain Python and check the function agrees."""
    coding = load_paragraph_coding()
    t = theme_order(coded_units(coding), thresholds=[1]).set_index(["theme_a", "theme_b"])
    for (ta, tb), row in t.iterrows():
        a_only = int(((coding[ta] >= 1) & (coding[tb] == 0)).sum())
        b_only = int(((coding[tb] >= 1) & (coding[ta] == 0)).sum())
        assert (row["a_only"], row["b_only"]) == (a_only, b_only)
        assert row["a_coded"] >= row["b_coded"]
        assert row["p_value"] == pytest.approx(binomial_two_sided_p(b_only, a_only + b_only))
        assert row["units"] == len(coding)


def test_coded_units_by_paragraph_repeats_a_split_line():
    r = load_text("一、回顾\n——甲。——乙扶贫。\n", name="x")
    coding = pd.DataFrame({"raw_line": [1, 2], "energy": 0, "poverty": [0, 1], "ecology": 0})
    by_par = coded_units(coding, report=r, unit="paragraph")
    assert by_par["poverty"].tolist() == [0, 1, 1]
    with pytest.raises(ValueError, match="needs the report"):
        coded_units(coding, unit="paragraph")
    with pytest.raises(ValueError, match="unit must be"):
        coded_units(coding, unit="sentence")


# --- the NB2 model ------------------------------------------------------------------------------


def _simulated(ratio: float, alpha: float, units: int, seed: int):
    """Paragraph counts from an NB2 model with a known rate ratio (group 1 over group 0)."""
    rng = np.random.default_rng(seed)
    words = rng.integers(20, 200, size=units).astype(float)
    group = np.arange(units) % 2 == 1
    mu = 0.02 * words * np.where(group, ratio, 1.0)
    lam = rng.gamma(shape=1 / alpha, scale=alpha * mu)  # Poisson-gamma mixture = NB2
    return rng.poisson(lam), words, group


def test_nb_recovers_a_known_ratio_and_dispersion():
    y, n, g = _simulated(ratio=2.5, alpha=0.8, units=4000, seed=1)
    r = nb_rate_ratio(y, n, g)
    assert r["ci_low"] < 2.5 < r["ci_high"]
    assert r["ratio"] == pytest.approx(2.5, rel=0.1)
    assert r["alpha"] == pytest.approx(0.8, rel=0.2)
    assert r["p_value"] < 1e-6


@pytest.mark.slow
def test_nb_interval_covers_the_true_ratio_about_95_percent():
    hits = 0
    for seed in range(60):
        y, n, g = _simulated(ratio=1.5, alpha=1.0, units=300, seed=100 + seed)
        r = nb_rate_ratio(y, n, g)
        hits += r["ci_low"] < 1.5 < r["ci_high"]
    assert 50 <= hits <= 60  # 95% of 60 is 57; binomial 99.9% range


def test_nb_poisson_limit():
    """Counts less variable than Poisson push alpha to the Poisson end, where the ratio is the
    ratio of pooled rates and the interval is the Poisson one, sqrt(1/A + 1/B)."""
    n = np.array([100.0, 200, 100, 300, 100, 100, 200, 200])
    g = np.array([0, 0, 0, 0, 1, 1, 1, 1], bool)
    y = np.round(n * np.where(g, 0.06, 0.03)).astype(int)  # exactly proportional
    r = nb_rate_ratio(y, n, g)
    a, b = y[g].sum(), y[~g].sum()
    pooled = (a / n[g].sum()) / (b / n[~g].sum())
    assert r["ratio"] == pytest.approx(pooled, rel=1e-6)
    assert r["alpha"] < 1e-6
    se = math.sqrt(1 / a + 1 / b)
    assert r["ci_low"] == pytest.approx(pooled * math.exp(-1.959964 * se), rel=1e-4)


@pytest.mark.slow  # 15 random cases, three NB fits each (about 6 s)
@settings(max_examples=15, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 12), st.integers(5, 300), st.booleans()), min_size=4, max_size=40
    ),
    st.floats(0.1, 50),
)
def test_nb_properties(units, scale):
    y = np.array([u[0] for u in units])
    n = np.array([u[1] for u in units], dtype=float)
    g = np.array([u[2] for u in units])
    r = nb_rate_ratio(y, n, g)
    if y[g].sum() == 0 or y[~g].sum() == 0 or g.all() or not g.any():
        assert math.isnan(r["ratio"])
        return
    assert r["ci_low"] <= r["ratio"] <= r["ci_high"]
    assert 0 <= r["p_value"] <= 1
    # swapping the groups inverts the ratio and its interval; the test is the same
    s = nb_rate_ratio(y, n, ~g)
    assert s["ratio"] == pytest.approx(1 / r["ratio"], rel=1e-3)
    assert s["ci_high"] == pytest.approx(1 / r["ci_low"], rel=1e-3)
    assert s["p_value"] == pytest.approx(r["p_value"], abs=1e-4)
    # words measured in another unit move the intercept only
    t = nb_rate_ratio(y, n * scale, g)
    assert t["ratio"] == pytest.approx(r["ratio"], rel=1e-3)


@pytest.mark.slow  # 15 random cases, NB fits and profiles
@settings(max_examples=15, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 8), st.integers(5, 200), st.booleans()), min_size=6, max_size=30
    )
)
def test_profile_interval_agrees_with_the_likelihood_ratio_test(units):
    """1 lies outside the profile interval exactly when the likelihood-ratio p is below 5%,
    and at each finite bound the likelihood-ratio statistic is the chi-squared quantile."""
    y = np.array([u[0] for u in units])
    n = np.array([u[1] for u in units], dtype=float)
    g = np.array([u[2] for u in units])
    r = nb_rate_ratio(y, n, g)
    if math.isnan(r["p_value"]):
        return
    low, high = r["profile_low"], r["profile_high"]
    assert low <= high
    if not math.isnan(r["ratio"]):
        assert low <= r["ratio"] <= high
    outside = not low < 1 < high
    if abs(r["p_value"] - 0.05) > 1e-4:
        assert outside == (r["p_value"] < 0.05)
    if math.isnan(r["ratio"]):
        return
    x = np.column_stack([np.ones(len(y)), g.astype(float)])
    best = nb2_fit(y, x, offset=np.log(n)).llf
    for bound in (low, high):
        fixed = nb2_fit(y, np.ones((len(y), 1)), offset=np.log(n) + math.log(bound) * g)
        assert 2 * (best - fixed.llf) == pytest.approx(1.959964**2, abs=1e-3)


def test_nb_score_is_zero_at_the_fit():
    y, n, g = _simulated(ratio=3.0, alpha=2.0, units=500, seed=7)
    x = np.column_stack([np.ones(len(y)), g.astype(float)])
    fit = nb2_fit(y, x, offset=np.log(n))
    mu = np.exp(np.log(n) + x @ fit.params)
    score = x.T @ ((y - mu) / (1 + fit.alpha * mu))
    assert np.abs(score).max() < 1e-6 * y.sum()
    # and the log-likelihood is lower anywhere near the fit
    from workreport.inference import _nb_llf

    for d_beta, d_alpha in itertools.product((-0.01, 0.01), (0.9, 1.1)):
        mu2 = np.exp(np.log(n) + x @ (fit.params + d_beta))
        assert _nb_llf(y, mu2, fit.alpha * d_alpha) < fit.llf


def test_nb_one_side_without_matches():
    y = np.array([3, 1, 4, 0, 0, 0])
    r = nb_rate_ratio(y, [50] * 6, [1, 1, 1, 0, 0, 0])
    assert math.isnan(r["ratio"]) and math.isnan(r["ci_low"])
    assert 0 < r["p_value"] < 1
    assert 0 < r["profile_low"] < 1e6 and r["profile_high"] == math.inf
    s = nb_rate_ratio(y, [50] * 6, [0, 0, 0, 1, 1, 1])
    assert s["profile_low"] == 0 and s["profile_high"] == pytest.approx(1 / r["profile_low"])
    assert all(
        math.isnan(v)
        for k, v in nb_rate_ratio([0] * 4, [9] * 4, [1, 1, 0, 0]).items()
        if k != "units"
    )


def test_nb_bad_input():
    with pytest.raises(ValueError, match="whole numbers"):
        nb2_fit([1.5, 2], np.ones((2, 1)))
    with pytest.raises(ValueError, match="one length"):
        nb_rate_ratio([1, 2], [10], [0, 1])
    with pytest.raises(ValueError, match="no words"):
        nb_rate_ratio([1, 2], [0, 10], [0, 1])


# --- Monte Carlo error and wording ------------------------------------------------------------


def test_quantile_mc_error_matches_the_spread_over_seeds():
    """The order-statistic error of a 2.5% quantile of N normal draws is close to the spread
    of that quantile over repeated samples."""
    q, size = 0.025, 2000
    rng = np.random.default_rng(3)
    quantiles = [np.percentile(rng.normal(size=size), 100 * q) for _ in range(400)]
    estimated = np.mean([quantile_mc_error(rng.normal(size=size), q) for _ in range(50)])
    assert estimated == pytest.approx(np.std(quantiles, ddof=1), rel=0.2)


@given(st.lists(st.floats(-1e3, 1e3), min_size=2, max_size=300), st.floats(0.01, 0.99))
def test_quantile_mc_error_properties(values, q):
    e = quantile_mc_error(values, q)
    assert e >= 0
    assert e <= (max(values) - min(values)) / (2 * 1.95)
    assert quantile_mc_error([*values, float("nan"), float("inf")], q) == e


@given(
    st.floats(0.01, 10),
    st.floats(0.01, 10),
    st.floats(0, 1),
)
def test_wording_rule(x, y, err):
    low, high = min(x, y), max(x, y)
    w = wording(low, high, mc_error=err)
    near = abs(low - 1) <= 2 * err or abs(high - 1) <= 2 * err
    assert (w == "borderline") == near
    if not near:
        expected = "above" if low > 1 else "below" if high < 1 else "cannot be told apart"
        assert w == expected
    assert wording(low, high, mc_error=0.0) != "borderline" or 1 in (low, high)
    assert wording(float("nan"), high, mc_error=err) == "not estimable"


def test_draws_for():
    assert draws_for(0.02, 2000, target=0.01) == 8000
    assert draws_for(0.001, 2000, target=0.01) == 1000
    with pytest.raises(ValueError):
        draws_for(0.02, 2000, target=0)


# --- multiple comparisons -----------------------------------------------------------------------


def test_holm_and_bh_by_hand():
    p = [0.01, 0.02, 0.03, 0.04, 0.5]
    # Holm: 5*.01, 4*.02, 3*.03, 2*.04, 1*.5, made monotone
    assert holm(p).tolist() == pytest.approx([0.05, 0.08, 0.09, 0.09, 0.5])
    # BH: .01*5/1, .02*5/2, .03*5/3, .04*5/4, .5, made monotone from the top
    assert benjamini_hochberg(p).tolist() == pytest.approx([0.05, 0.05, 0.05, 0.05, 0.5])
    assert holm([0.3, 0.6]).tolist() == [0.6, 0.6]
    assert np.isnan(holm([np.nan, 0.02])).tolist() == [True, False]
    assert holm([np.nan, 0.02])[1] == 0.02  # a family of one
    with pytest.raises(ValueError, match="between 0 and 1"):
        holm([1.2])


@given(pvals)
def test_adjustments_properties(p):
    h, b = holm(p), benjamini_hochberg(p)
    arr = np.array(p, dtype=float)
    ok = ~np.isnan(arr)
    assert np.array_equal(np.isnan(h), ~ok) and np.array_equal(np.isnan(b), ~ok)
    assert np.all(h[ok] >= arr[ok] - 1e-12) and np.all(h[ok] <= 1)
    assert np.all(b[ok] >= arr[ok] - 1e-12) and np.all(b[ok] <= h[ok] + 1e-12)
    # order is kept: a smaller raw p never gets a larger adjusted p
    order = np.argsort(arr[ok], kind="stable")
    assert np.all(np.diff(h[ok][order]) >= -1e-12)
    assert np.all(np.diff(b[ok][order]) >= -1e-12)


# --- on reports ---------------------------------------------------------------------------------


def test_ratio_draws_are_compare_rates_draws(synthetic_analysis, real_analysis):
    a, b = synthetic_analysis, real_analysis
    cmp = compare_rates(a, b, draws=300, seed=5).set_index(["level", "name"])
    for level in ("theme", "subtheme"):
        d = ratio_draws(a, b, level=level, draws=300, seed=5)
        for name in d.columns:
            row = cmp.loc[(level, name)]
            x = d[name].dropna()
            if np.isnan(row["ratio"]) or not len(x):
                continue
            low, high = np.percentile(x, [2.5, 97.5])
            assert low == pytest.approx(row["ratio_ci_low"])
            assert high == pytest.approx(row["ratio_ci_high"])


@pytest.mark.slow  # a bootstrap of 500 draws and 4,000 Monte Carlo draws
def test_compare_reports_shanxi_national(real_analysis, national_2017):
    t = compare_reports(real_analysis, national_2017, draws=500, mc_draws=4000)
    assert set(t["level"]) == {"theme", "subtheme"}
    assert (t["level"] == "theme").sum() == 3
    themes_ = t[t["level"] == "theme"].set_index("name")
    # NB ratio and interval from the paragraph arrays directly
    from workreport.themes import paragraph_counts

    _, na, ma = paragraph_counts(
        real_analysis.report, real_analysis.tokens, real_analysis.matches, ["energy"]
    )
    _, nb, mb = paragraph_counts(
        national_2017.report, national_2017.tokens, national_2017.matches, ["energy"]
    )
    direct = nb_rate_ratio(
        np.concatenate([ma[:, 0], mb[:, 0]]),
        np.concatenate([na, nb]),
        np.r_[np.ones(len(na), bool), np.zeros(len(nb), bool)],
    )
    assert themes_.loc["energy", "nb_ratio"] == pytest.approx(direct["ratio"])
    assert themes_.loc["energy", "a_matches"] == ma.sum()
    for _, block in t.groupby("level"):
        assert block["p_holm"].tolist() == pytest.approx(
            holm(block["p_value"]).tolist(), nan_ok=True
        )
    # more draws, smaller Monte Carlo error
    assert (themes_["mc_low_mc"] < themes_["boot_low_mc"]).all()
    prof = t.dropna(subset=["nb_profile_low"])
    assert ((prof["nb_wording"] == "above") == (prof["nb_profile_low"] > 1)).all()
    assert ((prof["nb_wording"] == "below") == (prof["nb_profile_high"] < 1)).all()
    est = t.dropna(subset=["nb_ratio"])
    assert ((est["nb_low"] <= est["nb_ratio"]) & (est["nb_ratio"] <= est["nb_high"])).all()


@pytest.mark.slow  # NB fits with profile intervals for every theme and subtheme
def test_plan_vs_review_beside_the_bootstrap(real_analysis):
    # the two routes agree whatever the number of draws: few keep the test fast
    t = plan_vs_review(real_analysis, draws=100)
    boot = review_vs_plan(
        real_analysis.report, real_analysis.tokens, real_analysis.matches, draws=100
    ).set_index("theme")
    themes_ = t[t["level"] == "theme"].set_index("name")
    assert themes_["boot_low"].tolist() == pytest.approx(boot["ci_low"].tolist())
    assert themes_["plan_matches"].tolist() == boot["plan_matches"].tolist()
    assert themes_["review_matches"].tolist() == boot["review_matches"].tolist()


def test_plan_vs_review_without_a_plan_part():
    a = analyse(load_text("一、2016年工作回顾\n推进煤炭去产能，打好脱贫攻坚战。\n", name="x"))
    t = plan_vs_review(a, draws=50)
    assert t["nb_ratio"].isna().all()


@pytest.mark.slow
def test_inference_tables_shapes():
    # the shapes do not depend on the number of draws: few keep the test shorter
    tables = inference_tables(draws=100, mc_draws=500)
    assert set(tables) == {
        "inference_theme_order.csv",
        "inference_rates.csv",
        "inference_plan_review.csv",
    }
    order = tables["inference_theme_order.csv"]
    assert set(order["threshold"]) == {1, 2}
    assert len(order) == 6


@pytest.mark.slow
def test_inference_tables_other_report_has_no_coding(synthetic_path, synthetic_analysis):
    tables = inference_tables(synthetic_path, analysis=synthetic_analysis, draws=100, mc_draws=500)
    assert tables["inference_theme_order.csv"].empty
    assert list(tables["inference_theme_order.csv"].columns)[:3] == [
        "threshold",
        "theme_a",
        "theme_b",
    ]
    assert len(tables["inference_rates.csv"]) > 3
