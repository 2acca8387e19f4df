"""The anatomy chapter's tables (workreport.book.anatomy): consistent with the report they
describe, worded from the data, and complete on reports without sections or anomalies."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from workreport.book import anatomy
from workreport.pipeline import analyse
from workreport.report import load_report, load_text
from workreport.themes import theme_positions

PROJECT = Path(__file__).resolve().parents[1]
PLAIN = (
    "政府工作报告\n\n"
    "　　各位代表：\n\n"
    "　　一、过去一年工作回顾\n\n"
    "　　我们推进煤炭去产能，打好脱贫攻坚战，加强生态环境保护。\n\n"
    "　　二、今年工作安排\n\n"
    "　　发展光伏发电。推进河长制。治理大气污染。\n"
)


@pytest.fixture(scope="module")
def plain():
    """A small report with parts but no numbered section, no anomaly worth a row."""
    return analyse(load_text(PLAIN, name="plain.txt"))


def test_size_table_counts_what_the_report_holds(synthetic_analysis):
    df, values = anatomy.size_table(synthetic_analysis)
    r = synthetic_analysis.report
    assert list(df.columns) == ["Measure", "Value"]
    assert values["anatomy_paragraphs"] == f"{len(r.paragraphs):,}"
    words = int((~synthetic_analysis.tokens["is_punct"]).sum())
    assert values["anatomy_words"] == f"{words:,}"
    assert int(values["anatomy_chars"].replace(",", "")) == len(r.text) - r.text.count("\n")


def test_anomaly_table_counts_every_kind(real_report):
    df, values = anatomy.anomaly_table(real_report, max_rows=3)
    n = len(real_report.anomalies)
    assert len(df) == min(3, n)
    kinds = real_report.anomalies["kind"].value_counts()
    for kind, count in kinds.items():
        assert f"{kind} ×{count}" in values["anatomy_anomaly_kinds"]
    assert values["anatomy_anomalies_shown"] == (
        f"the first 3 of {n:,}" if n > 3 else "all of them"
    )
    assert "(s)" not in values["anatomy_anomalies"]


def test_anomaly_table_of_a_clean_text_says_none(plain):
    df, values = anatomy.anomaly_table(plain.report)
    assert len(df) == len(plain.report.anomalies)
    if df.empty:
        assert values["anatomy_anomalies"] == "no anomalies"
        assert values["anatomy_anomaly_kinds"] == ""
        assert values["anatomy_anomalies_shown"] == "none"


def test_edit_table_rebuilds_the_file_and_says_so(real_report, real_path, tmp_path):
    df, values = anatomy.edit_table(real_report, real_path)
    assert df["Edits"].sum() == len(real_report.edits)
    assert values["anatomy_roundtrip"].startswith("rebuilds the file we received")
    other = tmp_path / "other.txt"
    other.write_text("一、回顾\n另一份报告。\n", encoding="utf-8")
    _, broken = anatomy.edit_table(real_report, other)
    assert broken["anatomy_roundtrip"].startswith("does not rebuild")


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("data/raw/provincial-2025/2025年河南省政府工作报告.docx", "word"),
        ("tests/data/formats/shanxi-2017.html", "html"),
    ],
)
def test_a_word_file_or_page_rebuilds_the_text_read_from_it(path, kind):
    report = load_report(PROJECT / path)
    _, values = anatomy.edit_table(report, PROJECT / path)
    assert values["anatomy_roundtrip"].startswith(f"rebuilds the text read from the {kind} file")


def test_parts_table_and_plan_share(synthetic_report):
    df, values = anatomy.parts_table(synthetic_report)
    assert len(df) == len(synthetic_report.parts)
    p = synthetic_report.parts
    share = 100 * p.loc[p["label"] == "plan", "chars"].sum() / p["chars"].sum()
    assert values["anatomy_plan_share"] == f"{share:.0f}%"
    assert values["anatomy_parts"].endswith("parts")


def test_sections_longest_and_shortest(synthetic_report):
    df, lengths, values = anatomy.section_table(synthetic_report)
    assert len(df) == len(lengths) == len(synthetic_report.sections)
    longest = df.loc[df["Characters"].idxmax(), "Section"]
    assert values["anatomy_longest_section"].startswith(f"{longest} ")
    assert values["anatomy_section_range"].startswith("They range from ")


def test_a_report_without_sections_gets_words_not_an_error(plain):
    df, lengths, values = anatomy.section_table(plain.report)
    assert df.empty and lengths.empty
    assert values["anatomy_longest_section"].startswith("none")
    assert values["anatomy_section_range"] == "The report has no numbered sections."
    _, parts = anatomy.parts_table(plain.report)
    assert parts["anatomy_sections"] == "no numbered sections"


def test_leads_by_part_add_up(synthetic_report):
    df, values = anatomy.leads_by_part(synthetic_report)
    assert df["Body paragraphs"].sum() == int(values["anatomy_body"].replace(",", ""))
    assert df["With a lead phrase"].sum() == int(values["anatomy_leads"].replace(",", ""))
    review = anatomy.review_leads(synthetic_report)
    assert (review["Lead phrase"] != "").all()


def test_segmentation_needs_a_seed(real_report, plain):
    df, values = anatomy.segmentation_table(real_report)
    assert set(df["Reference"]) >= {"seed"}
    assert 0 < float(values["seg_f1_plain"]) <= 1
    empty, none = anatomy.segmentation_table(plain.report)
    assert empty.empty and none["seg_f1_plain"].startswith("–")


def test_dictionary_table_counts_places(synthetic_report):
    df, values = anatomy.dictionary_table(synthetic_report, top=2)
    assert len(df) <= 2
    assert df["Places"].is_monotonic_decreasing
    assert int(values["dict_changes"].replace(",", "")) >= df["Places"].sum()


def test_theme_part_shares_are_clauses_of_their_own(real_analysis):
    """The plan's share of each theme's matches reads as one noun phrase per theme (the
    reader-noticed "77% of the ecology matches of the matches" came from prose around it)."""
    positions = theme_positions(real_analysis.report, real_analysis.matches)
    df, values = anatomy.theme_part_table(real_analysis.report, positions)
    body = positions[positions["part"] > 0]
    assert df.filter(like="matches").to_numpy().sum() == len(body)
    text = values["anatomy_plan_match_shares"]
    assert text.count("matches") == body["theme"].nunique()
    assert "of the matches" not in text


def test_theme_part_table_without_matches(plain):
    empty = pd.DataFrame(columns=["part", "theme", "part_label"])
    _, values = anatomy.theme_part_table(plain.report, empty)
    assert values["anatomy_plan_match_shares"] == "none of the matches"


def test_national_outline_lists_each_disagreement():
    outline = pd.DataFrame({"file": ["a", "b"], "parts": [3, 10], "sections": [9, 0]})
    hand = pd.DataFrame(
        {"file": ["a", "b"], "year": [2001, 1964], "hand_parts": [3, 3], "hand_sections": [9, 1]}
    )
    _, values = anatomy.national_outline(outline, hand)
    assert values["anatomy_nat_agree"] == "1" and values["anatomy_nat_compared"] == "2"
    assert values["anatomy_nat_exceptions"] == (
        "1964: 10 parts and no sections found, 3 parts and one section by hand"
    )


def test_anomaly_kinds_list_every_known_kind():
    found = pd.DataFrame(
        {"file": ["a", "a", "b"], "year": [1990, 1990, 2001], "kind": ["duplicate-copy"] * 3}
    )
    df, values = anatomy.anomaly_kinds(found, 2, 3)
    assert set(anatomy.KIND_MEANING) <= set(df["Kind"])
    row = df[df["Kind"] == "duplicate-copy"].iloc[0]
    assert (row["Reports"], row["Occurrences"], row["Years (first three)"]) == (2, 3, "1990, 2001")
    assert values["anatomy_nat_loaded"] == "2" and values["anatomy_nat_files"] == "3"
    assert values["anatomy_nat_one_part"] == "none"


def test_describe_names_the_place_or_says_it_is_unknown(real_report, plain):
    assert "山西 (Shanxi)" in anatomy.describe(real_report)
    assert "unknown origin" in anatomy.describe(plain.report)
