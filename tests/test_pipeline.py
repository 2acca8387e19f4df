"""The whole pipeline on one report, and the themes table."""

from __future__ import annotations

import pandas as pd
import pytest

from workreport import Analysis, analyse, themes_table
from workreport.constants import THEMES
from workreport.targets import COLUMNS


def test_analyse_path_and_report_agree(synthetic_path, synthetic_analysis, engine):
    # the same tables from the path as from the loaded report, under either engine
    a = analyse(synthetic_path, engine=engine)
    assert isinstance(a, Analysis)
    assert a.report.text == synthetic_analysis.report.text
    pd.testing.assert_frame_equal(a.tokens, synthetic_analysis.tokens)
    pd.testing.assert_frame_equal(a.matches, synthetic_analysis.matches)
    pd.testing.assert_frame_equal(a.targets, synthetic_analysis.targets)


def test_analyse_without_quantities(no_numbers_path, engine):
    # a report without any quantity still gets its theme measures, and an empty targets table
    a = analyse(no_numbers_path, engine=engine)
    assert a.targets.empty
    assert list(a.targets.columns) == COLUMNS
    assert {"energy", "poverty", "ecology"} <= set(a.matches["theme"])
    assert repr(a).endswith(", 0 targets>")


def test_env_index(synthetic_analysis):
    a = synthetic_analysis
    n_words = int((~a.tokens["is_punct"]).sum())
    assert a.env_index == pytest.approx(100 * len(a.env_matches) / n_words)
    # env terms matched as tokens can only be fewer than as substrings
    assert a.env_index <= a.env_index_substring


def test_env_index_substring_hand_computed(engine):
    # env terms in the text: 环境保护 (once), 污染 (twice: inside 大气污染 and 水污染);
    # 环保 is not counted inside 环境保护 (longest first, no overlaps): 3 hits
    r = load_report_text("一、2016年工作回顾\n加强环境保护，治理大气污染和水污染。\n")
    a = analyse(r, engine=engine)
    n_words = int((~a.tokens["is_punct"]).sum())
    from workreport.themes import load_env_terms, substring_counts

    counts = substring_counts(r.text, load_env_terms()["term"]).set_index("term")["count"]
    assert counts["环境保护"] == 1
    assert counts["环保"] == 0
    assert counts["污染"] == 2
    assert counts.sum() == 3
    assert a.env_index_substring == pytest.approx(100 * 3 / n_words)


def load_report_text(text):
    from workreport import load_text

    return load_text(text, name="mini")


def test_themes_table_synthetic(synthetic_analysis):
    a = synthetic_analysis
    t = themes_table(a)
    assert list(t.columns) == [
        "theme",
        "part",
        "part_label",
        "part_year",
        "matches",
        "tokens",
        "share",
        "paragraph_share",
        "env_index",
        "env_index_substring",
    ]
    # 3 themes × (4 parts + the whole report), themes in their usual order
    assert len(t) == 15
    assert t["theme"].tolist() == [th for th in THEMES for _ in range(5)]
    assert t["part"].tolist() == ["1", "2", "3", "4", "all"] * 3
    assert t["part_label"].tolist()[:5] == ["review", "plan", "plan", "government", "report"]
    assert t["part_year"].tolist()[:5] == [2017, 2018, 2018, pd.NA, pd.NA]
    # nothing in part 四
    assert (t.loc[t["part"] == "4", "matches"] == 0).all()
    # hand check against the match table: matches per theme and part
    para = a.report.paragraphs.set_index("paragraph_id")["part"]
    by = a.matches.assign(part=a.matches["paragraph_id"].map(para)).groupby(["theme", "part"])
    counts = by.size()
    for r in t[t["part"] != "all"].itertuples():
        assert r.matches == counts.get((r.theme, int(r.part)), 0)
    whole = t[t["part"] == "all"].set_index("theme")
    for th in THEMES:
        assert whole.loc[th, "matches"] == (a.matches["theme"] == th).sum()
    # the whole-report tokens equal the sum over parts (the preamble holds the rest)
    words = a.tokens[~a.tokens["is_punct"]]
    assert whole["tokens"].iloc[0] == len(words)
    assert (t["env_index"] == round(a.env_index, 4)).all()
    assert t["share"].equals((100 * t["matches"] / t["tokens"]).round(4))


def test_themes_table_real(real_analysis):
    t = themes_table(real_analysis)
    assert len(t) == 3 * 4
    assert set(t["part_label"]) == {"review", "plan", "government", "report"}
    assert t["env_index"].nunique() == 1
    assert 0 < t["env_index"].iloc[0] < t["env_index_substring"].iloc[0]


def test_analysis_prints_one_short_line(real_analysis):
    a = real_analysis
    text = repr(a)
    assert "\n" not in text and len(text) < 200
    assert text == str(a)
    assert text.startswith(f"<Analysis of {a.report.name!r}: ")
    for count, what in (
        (len(a.report.paragraphs), "paragraphs"),
        (len(a.tokens), "tokens"),
        (len(a.matches), "theme matches"),
        (len(a.env_matches), "env. matches"),
        (len(a.targets), "targets"),
    ):
        assert f" {count} {what}" in text, what


def test_analysis_compares_by_identity(synthetic_analysis):
    a = synthetic_analysis
    again = analyse(a.report)
    # equal content, but an Analysis holds tables: no element-wise comparison, no error
    assert a == a
    assert a != again
    assert len({a, again, a}) == 2


def test_analyse_real_report_under_each_engine(real_path, real_analysis, engine):
    """Each engine gives the tables of the default engine on our report."""
    a = analyse(real_path, engine=engine)
    pd.testing.assert_frame_equal(a.tokens, real_analysis.tokens)
    pd.testing.assert_frame_equal(a.matches, real_analysis.matches)
    pd.testing.assert_frame_equal(a.env_matches, real_analysis.env_matches)
    pd.testing.assert_frame_equal(a.targets, real_analysis.targets)
    assert a.env_index == real_analysis.env_index
