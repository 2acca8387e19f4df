"""Evaluation against the hand annotation: alignment, scores, and the regression floor."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from workreport import ReportFormatError, load_text
from workreport.evaluate import GOLD_COLUMNS, align_gold, load_gold, score_targets
from workreport.resources import data_dir

GOLD = data_dir() / "annotations" / "targets_gold.csv"


@pytest.fixture(scope="module")
def gold():
    return load_gold(GOLD)


def test_load_gold(gold):
    assert list(gold.columns[: len(GOLD_COLUMNS)]) == GOLD_COLUMNS
    assert len(gold) == 78
    assert set(gold["kind"]) == {"result", "target"}
    assert gold["period"].map(type).eq(str).all()


def test_load_gold_missing_column(tmp_path):
    p = tmp_path / "gold.csv"
    p.write_text("raw_line,mention\n8,4.5%\n", encoding="utf-8")
    with pytest.raises(ReportFormatError, match="lacks column") as info:
        load_gold(p)
    assert str(p) in str(info.value)


def test_align_gold_finds_every_mention(real_report, gold):
    aligned = align_gold(real_report, gold)
    assert len(aligned) == len(gold)
    text = real_report.text
    for s, e, mention in zip(aligned["start"], aligned["end"], aligned["mention"], strict=True):
        assert text[s:e] == mention
    assert aligned["start"].is_unique
    # every mention lies inside the paragraph it was assigned to
    para = real_report.paragraphs.set_index("paragraph_id")
    for pid, s, e in zip(aligned["paragraph_id"], aligned["start"], aligned["end"], strict=True):
        assert para.loc[pid, "start"] <= s and e <= para.loc[pid, "end"]


def test_align_gold_whole_numbers_and_occurrence():
    r = load_text("一、2016年工作回顾\n增长3.4%，增长4%，又增长4%。\n", name="x")
    gold = pd.DataFrame({"raw_line": [2, 2], "mention": ["4%", "4%"], "occurrence": [1, 2]})
    aligned = align_gold(r, gold)
    # 4% does not match inside 3.4%: paragraph 2 starts at 12; "增长3.4%，增长" is 9 characters
    # and "增长3.4%，增长4%，又增长" 15
    assert aligned["start"].tolist() == [12 + 9, 12 + 15]
    assert aligned["paragraph_id"].tolist() == [2, 2]
    missing = pd.DataFrame({"raw_line": [2], "mention": ["4%"], "occurrence": [3]})
    with pytest.raises(ValueError, match="not in line 2"):
        align_gold(r, missing)


def test_align_gold_across_split_bullets():
    r = load_text("一、2016年工作回顾\n——甲增长5%。——乙增长6%。\n", name="x")
    gold = pd.DataFrame({"raw_line": [2], "mention": ["6%"], "occurrence": [1]})
    aligned = align_gold(r, gold)
    assert aligned["paragraph_id"].tolist() == [3]
    s, e = aligned["start"].iloc[0], aligned["end"].iloc[0]
    assert r.text[s:e] == "6%"


def _frame(starts, themes, kinds, values, **extra):
    n = len(starts)
    return pd.DataFrame(
        {
            "start": starts,
            "theme": themes,
            "kind": kinds,
            "period": ["2016"] * n,
            "value": values,
            "unit": ["%"] * n,
            "qualifier": [""] * n,
            "reference_value": [np.nan] * n,
            "paragraph_id": [1] * n,
            "indicator": ["x"] * n,
            **extra,
        }
    )


def test_score_targets_hand_computed():
    gold = _frame(
        [0, 10, 20, 40],
        ["energy", "none", "none", "poverty"],
        ["result", "result", "target", "target"],
        [1.0, 2.0, 3.0, 4.0],
        raw_line=[1] * 4,
        mention=["a"] * 4,
        note=[""] * 4,
    )
    extracted = _frame(
        [0, 10, 30],
        ["energy", "energy", "none"],
        ["result", "result", "target"],
        [1.0, 2.5, 9.0],
        text=["t"] * 3,
    )
    out = score_targets(extracted, gold)
    scores = out["scores"].set_index("subset")
    # found: starts 0 and 10 → recall 2/4, precision 2/3, F1 = 2·(2/3)(1/2)/(2/3+1/2) = 4/7
    overall = scores.loc["all"]
    assert (overall["gold"], overall["extracted"], overall["found"]) == (4, 3, 2)
    assert overall["precision"] == pytest.approx(2 / 3)
    assert overall["recall"] == pytest.approx(1 / 2)
    assert overall["f1"] == pytest.approx(4 / 7)
    # by theme: recall on the gold theme, precision on the extracted theme
    energy = scores.loc["theme: energy"]
    assert (energy["gold"], energy["extracted"], energy["found"]) == (1, 2, 1)
    assert energy["precision"] == pytest.approx(1.0)  # both extracted energy rows are in gold
    assert energy["recall"] == pytest.approx(1.0)
    poverty = scores.loc["theme: poverty"]
    assert poverty["recall"] == 0 and np.isnan(poverty["precision"])
    kind = scores.loc["kind: result"]
    assert (kind["precision"], kind["recall"]) == (1.0, 1.0)
    target = scores.loc["kind: target"]
    assert (target["precision"], target["recall"], target["f1"]) == (0.0, 0.0, 0.0)
    attrs = out["attributes"].set_index("attribute")
    assert attrs.loc["value", "agree"] == 1 and attrs.loc["value", "of"] == 2
    assert attrs.loc["theme", "accuracy"] == 0.5
    assert attrs.loc["reference_value", "accuracy"] == 1.0  # NaN agrees with NaN
    assert out["misses"][["kind", "theme"]].values.tolist() == [
        ["target", "none"],
        ["target", "poverty"],
    ]
    assert out["false_alarms"]["start"].tolist() == [30]


def test_extractor_f1_floor(real_analysis, gold):
    # Regression floor, documented in book/methods.md: the extractor reached F1 0.994
    # (precision 0.987, recall 1.000) against the hand annotation of the project's report;
    # the suite fails below F1 0.99 (the aim was 0.95), whatever the cause. The
    # annotation leaves numbers in Chinese characters out by design, so they are not scored.
    aligned = align_gold(real_analysis.report, gold)
    scored = score_targets(real_analysis.targets, aligned, numerals=("arabic",))
    scores = scored["scores"].set_index("subset")
    assert scores.loc["all", "f1"] >= 0.99
    assert scores.loc["all", "recall"] >= 0.99
    assert scores.loc["all", "precision"] >= 0.98
    attrs = scored["attributes"].set_index("attribute")
    for a in ("kind", "period", "value", "unit", "qualifier", "reference_value"):
        assert attrs.loc[a, "accuracy"] >= 0.99, a
    assert attrs.loc["theme", "accuracy"] >= 0.9
    assert attrs.loc["indicator", "accuracy"] >= 0.9


# --- national reports: a second, independent hand annotation ----------------------------------


def test_extractor_on_national_gold():
    """Results and targets of five national reports (1988–2024), annotated by reading without
    the extractor (data/annotations/national_targets_gold.csv), are matched by offset, and
    their value, unit and indicator agree."""
    from workreport.evaluate import load_national_gold, score_national
    from workreport.resources import data_dir

    gold = load_national_gold(data_dir() / "annotations" / "national_targets_gold.csv")
    assert gold["year"].nunique() >= 4
    scores = score_national(gold, data_dir() / "raw" / "national")
    by_year = scores["by_year"].set_index("file")
    assert (by_year["recall"] >= 0.9).all(), by_year
    assert (by_year["precision"] >= 0.9).all(), by_year
    attrs = scores["attributes"].set_index("attribute")["accuracy"]
    for field in ("value", "unit"):
        assert attrs[field] >= 0.95, attrs
    for field in ("indicator", "kind", "qualifier", "direction", "period"):
        assert attrs[field] >= 0.85, attrs


def test_align_by_context_folds_width_and_breaks():
    from workreport import load_text
    from workreport.evaluate import align_by_context

    r = load_text("一、回顾\n国内生产总值增长８．７％，\n达到４７．２万亿元。\n", name="x")
    gold = pd.DataFrame(
        {
            "file": ["x", "x"],
            "context": ["总值增长", "，达到"],
            "mention": ["８．７％", "４７．２万亿元"],
            "occurrence": [1, 1],
        }
    )
    out = align_by_context(r, gold)
    assert [r.text[s:e] for s, e in zip(out["start"], out["end"], strict=True)] == [
        "8.7%",
        "47.2万亿元",
    ]
    bad = gold.assign(context=["不存在", "，达到"])
    with pytest.raises(ValueError, match="not found"):
        align_by_context(r, bad)
