"""Paragraph-level ratios of groups of matches within a part (workreport.rates)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from workreport import rates

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@given(finite, finite)
def test_interval_words_agree_with_the_interval(a, b):
    low, high = sorted((a, b))
    word = rates.interval_words(low, high)
    assert (word == "above") == (low > 1)
    assert (word == "below") == (high < 1)
    assert (word == "not distinguishable from") == (low <= 1 <= high)


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NA])
def test_a_missing_bound_is_not_estimable(missing):
    assert rates.is_missing(missing)
    assert rates.interval_words(missing, 2) == rates.interval_words(0.5, missing)
    assert rates.interval_words(0.5, missing) == "not estimable against"


def _body(report, part):
    p = report.paragraphs
    return p.loc[(p["part"] > 0) & (p["part_label"] == part), "paragraph_id"]


def test_group_counts_cover_every_body_paragraph_of_the_part(synthetic_analysis):
    report, matches = synthetic_analysis.report, synthetic_analysis.matches
    for part in ("review", "plan"):
        counts = rates.group_counts(report, matches, ["poverty"], column="theme", part_label=part)
        assert list(counts.index) == list(_body(report, part))
        direct = matches[matches["theme"] == "poverty"].groupby("paragraph_id").size()
        expected = direct.reindex(counts.index, fill_value=0)
        assert counts.to_numpy().tolist() == expected.astype(float).tolist()


@given(
    st.lists(st.integers(min_value=1, max_value=20), min_size=1, max_size=30),
    st.integers(min_value=1, max_value=5),
)
def test_every_draw_of_a_proportional_numerator_is_the_factor(den, k):
    den = np.array(den, dtype=float)
    draws = rates.bootstrap_ratio(k * den, den, draws=50, seed=1)
    assert np.allclose(draws, k)


def test_a_resample_without_denominator_is_infinite_and_without_either_is_missing():
    draws = rates.bootstrap_ratio(np.array([1.0, 0.0]), np.array([0.0, 0.0]), draws=200)
    assert set(np.unique(draws[np.isfinite(draws) | np.isinf(draws)])) <= {np.inf}
    assert np.isinf(draws).any() and np.isnan(draws).any()


def test_the_same_seed_gives_the_same_draws():
    a = rates.bootstrap_ratio(np.arange(5.0), np.arange(1, 6.0), draws=100, seed=7)
    b = rates.bootstrap_ratio(np.arange(5.0), np.arange(1, 6.0), draws=100, seed=7)
    c = rates.bootstrap_ratio(np.arange(5.0), np.arange(1, 6.0), draws=100, seed=8)
    assert np.array_equal(a, b) and not np.array_equal(a, c)


@given(st.lists(st.floats(min_value=0, max_value=100), min_size=1, max_size=200))
def test_the_interval_ends_are_drawn_values_in_order(values):
    low, high = rates.percentile_interval(np.array(values))
    assert low in values and high in values and low <= high


def _old_within_part_ratio(report, matches, part, numerator, denominator, draws=2000):
    """The bootstrap the energy chapter wrote by hand before rates.part_ratios existed."""
    pids = _body(report, part).to_numpy()

    def per_paragraph(subs):
        counts = matches[matches["subtheme"].isin(subs)].groupby("paragraph_id").size()
        return counts.reindex(pids, fill_value=0).to_numpy(dtype=float)

    num, den = per_paragraph(numerator), per_paragraph(denominator)
    rng = np.random.default_rng(2017)
    w = rng.multinomial(len(pids), np.full(len(pids), 1 / len(pids)), size=draws)
    with np.errstate(divide="ignore", invalid="ignore"):
        boot = (w @ num) / (w @ den)
    finite = boot[~np.isnan(boot)]
    low = float(np.percentile(finite, 2.5, method="lower"))
    high = float(np.percentile(finite, 97.5, method="higher"))
    return float(num.sum() / den.sum()), low, high, boot


def test_part_ratios_reproduce_the_chapters_former_bootstrap(real_analysis):
    report, m = real_analysis.report, real_analysis.matches
    energy = m[m["theme"] == "energy"]
    coal, new = ["capacity_cuts", "coal_industry_upgrading"], ["new_clean_energy"]
    out = rates.part_ratios(report, energy, numerator=coal, denominator=new)
    assert list(out["part"]) == ["review", "plan", "plan / review"]
    boots = {}
    for i, part in enumerate(("review", "plan")):
        ratio, low, high, boots[part] = _old_within_part_ratio(report, energy, part, coal, new)
        assert out.loc[i, ["ratio", "ci_low", "ci_high"]].tolist() == pytest.approx(
            [ratio, low, high]
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        shift = boots["plan"] / boots["review"]
    shift = shift[~np.isnan(shift)]
    lo, hi = np.percentile(shift, 2.5, method="lower"), np.percentile(shift, 97.5, method="higher")
    change = out.iloc[2]
    assert change["ratio"] == pytest.approx(out["ratio"].iloc[1] / out["ratio"].iloc[0])
    assert [change["ci_low"], change["ci_high"]] == pytest.approx([lo, hi])


def test_counts_in_the_ratio_table_are_the_matches_of_each_part(real_analysis):
    report, m = real_analysis.report, real_analysis.matches
    out = rates.part_ratios(
        report, m, numerator=["energy"], denominator=["ecology"], column="theme"
    ).set_index("part")
    labels = report.paragraphs.set_index("paragraph_id")["part_label"]
    for part in ("review", "plan"):
        in_part = m[m["paragraph_id"].map(labels) == part]
        assert out.loc[part, "numerator"] == (in_part["theme"] == "energy").sum()
        assert out.loc[part, "denominator"] == (in_part["theme"] == "ecology").sum()
        assert out.loc[part, "paragraphs"] == len(_body(report, part))


def test_a_group_against_itself_is_one_with_no_spread(real_analysis):
    m = real_analysis.matches
    out = rates.part_ratios(
        real_analysis.report, m, numerator=["energy"], denominator=["energy"], column="theme"
    )
    assert out[["ratio", "ci_low", "ci_high"]].to_numpy() == pytest.approx(np.ones((3, 3)))


def test_without_a_denominator_match_nothing_is_estimated(synthetic_analysis):
    out = rates.part_ratios(
        synthetic_analysis.report,
        synthetic_analysis.matches,
        numerator=["energy"],
        denominator=["no such theme"],
        column="theme",
    )
    assert out[["ratio", "ci_low", "ci_high"]].isna().all().all()
    assert (out["denominator"].iloc[:2] == 0).all()


def test_no_matches_at_all_gives_a_well_formed_table(synthetic_analysis):
    empty = synthetic_analysis.matches.iloc[:0]
    out = rates.part_ratios(synthetic_analysis.report, empty, numerator=["a"], denominator=["b"])
    assert list(out.columns) == rates.RATIO_COLUMNS and len(out) == 3
    assert pd.isna(out["ratio"]).all()
