"""Segmentation: user dictionary, token offsets, boundary scores, quiet jieba."""

from __future__ import annotations

import subprocess
import sys

import pytest

from workreport import load_text
from workreport.tokens import (
    boundary_scores,
    dictionary_changes,
    get_tokenizer,
    load_stopwords,
    seed_segmentation,
    segment,
    segmentation_comparison,
    tokenize,
)


@pytest.mark.parametrize(
    ("text", "with_dict", "plain"),
    [
        ("坚定去产能。", ["坚定", "去产能", "。"], ["坚定", "去", "产能", "。"]),
        ("煤炭去产能", ["煤炭", "去产能"], ["煤炭", "去", "产能"]),
        ("易地扶贫搬迁", ["易地扶贫搬迁"], None),
    ],
)
def test_segment_user_dictionary(text, with_dict, plain):
    assert segment(text) == with_dict
    assert "".join(segment(text, userdict=None)) == text
    if plain is not None:
        assert segment(text, userdict=None) == plain
    else:
        assert segment(text, userdict=None) != with_dict


def test_segment_is_deterministic_and_returns_fresh_lists():
    a = segment("推进供给侧结构性改革")
    a.append("x")
    assert segment("推进供给侧结构性改革") == a[:-1]


def test_segment_with_userdict_path(tmp_path):
    d = tmp_path / "dict.txt"
    d.write_text("某某新词汇 10 n\n", encoding="utf-8")
    assert "某某新词汇" in segment("推进某某新词汇建设", userdict=str(d))


@pytest.mark.parametrize(
    ("gold", "predicted", "expected"),
    [
        # gold boundaries {1, 3}, predicted {2, 3}: one in common
        ([["a", "bc", "d"]], [["ab", "c", "d"]], (0.5, 0.5, 0.5, 2, 2, 1)),
        # predicted {1, 2, 3} ⊇ gold {1, 3}
        ([["a", "bc", "d"]], [["a", "b", "c", "d"]], (2 / 3, 1.0, 0.8, 2, 3, 2)),
        ([["去", "产能"]], [["去产能"]], (0.0, 0.0, 0.0, 1, 0, 0)),
        # two texts: gold {1} and {}, predicted {} and {1}
        ([["去", "产能"], ["煤炭"]], [["去产能"], ["煤", "炭"]], (0.0, 0.0, 0.0, 1, 1, 0)),
        ([["煤炭", "去产能"]], [["煤炭", "去产能"]], (1.0, 1.0, 1.0, 1, 1, 1)),
    ],
)
def test_boundary_scores(gold, predicted, expected):
    s = boundary_scores(gold, predicted)
    got = (s["precision"], s["recall"], s["f1"], s["gold"], s["predicted"], s["common"])
    assert got == pytest.approx(expected)


def test_boundary_scores_different_texts():
    with pytest.raises(ValueError, match="different texts"):
        boundary_scores([["甲", "乙"]], [["甲", "丙"]])


@pytest.mark.parametrize("which", ["synthetic_report", "real_report"])
def test_tokenize_offsets(which, request):
    r = request.getfixturevalue(which)
    toks = tokenize(r)
    assert list(toks.columns) == [
        "token_id",
        "paragraph_id",
        "sentence_id",
        "start",
        "end",
        "token",
        "is_punct",
        "is_stop",
    ]
    assert toks["token_id"].tolist() == list(range(1, len(toks) + 1))
    for start, end, token in zip(toks["start"], toks["end"], toks["token"], strict=True):
        assert r.text[start:end] == token
    # tokens tile each paragraph
    joined = toks.groupby("paragraph_id")["token"].agg("".join)
    assert joined.to_dict() == r.paragraphs.set_index("paragraph_id")["text"].to_dict()
    # each token lies inside its sentence
    sent = r.sentences.set_index("sentence_id")
    s_start = sent.loc[toks["sentence_id"], "start"].to_numpy()
    s_end = sent.loc[toks["sentence_id"], "end"].to_numpy()
    assert ((s_start <= toks["start"].to_numpy()) & (toks["end"].to_numpy() <= s_end)).all()


def test_tokenize_flags():
    r = load_text("一、2016年工作回顾\n我们坚定去产能，的。\n", name="t")
    toks = tokenize(r).set_index("token")
    assert toks.loc["去产能", "is_punct"] == False  # noqa: E712
    assert toks.loc["，", "is_punct"] == True  # noqa: E712
    assert toks.loc["。", "is_punct"] == True  # noqa: E712
    stop = load_stopwords()
    assert "的" in stop
    assert toks.loc["的", "is_stop"] == True  # noqa: E712
    assert toks.loc["去产能", "is_stop"] == False  # noqa: E712
    assert toks.loc["去产能", "sentence_id"] == 2


def test_load_stopwords_skips_comments(tmp_path):
    p = tmp_path / "stop.txt"
    p.write_text("# a comment\n的\n\n  了  \n", encoding="utf-8")
    assert load_stopwords(str(p)) == frozenset({"的", "了"})


def test_seed_segmentation(real_report, synthetic_report):
    seed = seed_segmentation(real_report)
    assert seed[0][:4] == ["—", "—", "2017", "年"]
    assert ["省长", "楼阳生"] in seed
    with pytest.raises(ValueError, match="not word-segmented"):
        seed_segmentation(synthetic_report)


def test_segmentation_comparison(real_report):
    table = segmentation_comparison(real_report)
    assert table[["reference", "compared"]].values.tolist() == [
        ["seed", "jieba"],
        ["seed", "jieba + user dictionary"],
        ["jieba", "jieba + user dictionary"],
    ]
    assert (
        ((table[["precision", "recall", "f1"]] >= 0) & (table[["precision", "recall", "f1"]] <= 1))
        .all()
        .all()
    )
    # the seed segmentation and jieba largely agree on the boundaries
    assert (table["f1"] > 0.8).all()


def test_dictionary_changes(synthetic_report):
    changes = dictionary_changes(synthetic_report)
    text = synthetic_report.text
    for start, end, plain, ours in zip(
        changes["start"], changes["end"], changes["plain"], changes["with_dictionary"], strict=True
    ):
        assert plain.replace("/", "") == text[start:end] == ours.replace("/", "")
        assert plain != ours
    assert ("去/产能", "去产能") in set(
        zip(changes["plain"], changes["with_dictionary"], strict=True)
    )


def test_jieba_is_quiet_in_process(capfd):
    get_tokenizer.cache_clear()
    segment("某某省推进能源革命试点", userdict=None)
    segment("某某省推进能源革命试点")
    out, err = capfd.readouterr()
    assert out == ""
    assert err == ""


def test_jieba_is_quiet_in_a_fresh_process():
    code = "import workreport; print(workreport.segment('坚定去产能。'))"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stderr == ""
    assert done.stdout == "['坚定', '去产能', '。']\n"
