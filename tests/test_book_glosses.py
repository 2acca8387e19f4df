"""Tests for workreport.book: the notebooks' shared display and gloss helpers."""

from __future__ import annotations

import pandas as pd
import pytest

from workreport import load_text
from workreport.book import glosses as book
from workreport.themes import block_of, theme_by_unit


@pytest.fixture(scope="module")
def report():
    text = (
        "一、2016年工作回顾\n"
        "经济增长。\n"
        "二、2017年工作安排\n"
        "开头一段。\n"
        "（一）大力推进生态文明建设。\n"
        "治理污染。\n"
        "（二）加强民生。\n"  # a lone （一） is not taken for a list of sections
        "改善。\n"
        "三、加强政府自身建设\n"
        "廉洁。\n"
    )
    return load_text(text, name="mini")


def test_translate_known_and_unknown():
    assert book.translate("2016年工作回顾") == "Review of work in 2016"
    assert book.translate("不存在的标题") == ""


def test_glossed_adds_english_column():
    df = pd.DataFrame({"title": ["2017年工作安排", "未翻译"], "n": [1, 2]})
    out = book.glossed(df, "title")
    assert list(out.columns) == ["title", "title (English)", "n"]
    assert out["title (English)"].tolist() == ["Work plan for 2017", "…"]


def test_translations_have_no_conflicts():
    # every translation file loads; a Chinese string translated two ways would raise
    assert len(book.translations()) > 20


def test_block_of_and_labels(report):
    blocks = ["1", "1", "2", "2", "2.1", "2.1", "2.2", "2.2", "3", "3"]
    assert block_of(report).astype(str).tolist() == blocks
    labels = book.block_labels(report)
    assert list(labels) == ["1", "2", "2.1", "2.2", "3"]
    assert labels["1"] == "1 2016年工作回顾\nReview of work in 2016"
    assert labels["2"].startswith("2 2017年工作安排 (opening)")
    assert (
        labels["2.1"]
        == "2.1 大力推进生态文明建设\nPush ahead with building an ecological civilisation"
    )
    assert book.block_labels(report, english=False)["3"] == "3 加强政府自身建设"


def test_theme_by_block_in_document_order(report):
    toks = pd.DataFrame(
        {
            "paragraph_id": [2, 4, 6, 6, 8, 10],
            "token": ["增长", "开头", "治理", "污染", "改善", "廉洁"],
            "is_punct": False,
        }
    )
    matches = pd.DataFrame({"paragraph_id": [6], "theme": ["ecology"], "term": ["污染"]})
    out = theme_by_unit(report, toks, matches, unit="block")
    out = out[out["theme"] == "ecology"].reset_index(drop=True)
    assert out["block"].astype(str).tolist() == ["1", "2", "2.1", "2.2", "3"]
    assert out["matches"].tolist() == [0, 0, 1, 0, 0]
    assert out["tokens"].tolist() == [1, 1, 2, 1, 1]
    assert out.loc[2, "per_1000"] == pytest.approx(500.0)


def test_section_labels(report):
    assert book.section_labels(report)[(2, 1)].startswith("2.1 大力推进生态文明建设\n")


def test_one_gloss_priority_translation_then_lexicon():
    from workreport.book.glosses import gloss, lexicon_glosses, translations

    both = set(translations()) & set(lexicon_glosses())
    only_lexicon = sorted(set(lexicon_glosses()) - set(translations()))
    assert both and only_lexicon
    for zh in both:
        assert gloss(zh) == translations()[zh]
    assert gloss(only_lexicon[0]) == lexicon_glosses()[only_lexicon[0]]
    assert gloss("不存在的词语") == "(no gloss)"


def test_translations_and_lexicon_glosses_agree():
    """Where a term has both a hand translation and a lexicon gloss, they say the same thing;
    the failure lists every disagreement."""
    from workreport.book.glosses import gloss_disagreements

    bad = gloss_disagreements()
    assert bad.empty, "\n" + bad.to_string(index=False)
