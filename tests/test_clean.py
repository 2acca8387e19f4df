"""Cleaning one line: the cleaned text, the edit log and its inverse."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workreport.clean import (
    REPAIR_KINDS,
    Edit,
    clean_line,
    clean_lines_fast,
    fold_fullwidth,
    is_segmented,
    repairs,
    undo_edits,
)


def clean_line_fast(line: str) -> tuple[str, list[Edit]]:
    """The loader's cleaning of one line (text and repairs)."""
    return clean_lines_fast([line])[0]


CASES = [
    (" 城镇 新增 就业 46.46 万人 ， ", "城镇新增就业46.46万人，"),
    ("PM2.5 浓度 下降 6.1%", "PM2.5浓度下降6.1%"),
    ("推进 5G 网络 建设", "推进5G网络建设"),
    ("T800 碳纤维", "T800碳纤维"),
    ("增长 4.5% 左右", "增长4.5%左右"),
    (" — — 2017 年 1 月 14 日 ", "——2017年1月14日"),
    ("— — 夺取 脱贫攻坚 首战 首胜 。", "——夺取脱贫攻坚首战首胜。"),
    ("省长　楼阳生", "省长楼阳生"),
    ("　　现在，我代表省人民政府", "现在，我代表省人民政府"),
    ("Windows  10 and T800", "Windows 10 and T800"),
    ("Windows\u300010", "Windows 10"),
    ("2016 年", "2016年"),
    ("环境质量 方面 环境质量 方面 ， ， 包括", "环境质量方面，包括"),
    ("民生改善方面民生改善方面，，", "民生改善方面，"),
    ("加快发展加快发展", "加快发展"),
    ("我们我们", "我们我们"),  # two characters: not a duplicated phrase
    ("好。。。", "好。"),
    ("已经整洁的一行。", "已经整洁的一行。"),
    ("", ""),
    ("\u3000 \t", ""),
    # full-width ASCII folded; Chinese punctuation and word signs untouched
    ("２０１０年３月５日", "2010年3月5日"),
    ("增长８．７％，达到４７．２万亿元。", "增长8.7%，达到47.2万亿元。"),
    ("甲型Ｈ１Ｎ１流感，广义货币Ｍ２增长", "甲型H1N1流感，广义货币M2增长"),
    ("“互联网＋”，中国－东盟自贸区", "“互联网＋”，中国－东盟自贸区"),
    ("对2006－2020年的规划，精简1／4", "对2006-2020年的规划，精简1/4"),
    ("－－1984年5月15日", "－－1984年5月15日"),  # a doubled sign is a dash, not a minus
    ("合计２７，２０３，３１９，０００元", "合计27,203,319,000元"),
    ("１９５５，１９５６年", "1955，1956年"),  # four digits: a list, not a thousands group
    ("：；（）！？，。、", "：；（）！？，。、"),
    # numbers typeset digit by digit
    ("——1 9 9 8 年3 月5 日", "——1998年3月5日"),
    ("增长8 ．8 ％，达到2 ．5 亿千瓦", "增长8.8%，达到2.5亿千瓦"),
    ("Windows 7 and 8", "Windows 7 and 8"),
    # invisible characters and page breaks
    ("交出一份人\u200b民满意的答卷", "交出一份人民满意的答卷"),
    ("\u200b", ""),
    ("\f二、2023年工作安排", "二、2023年工作安排"),
    ("PM\u200b2.5", "PM2.5"),
    # a full-width comma between groups of half-width digits is a thousands separator (the
    # fast path once missed it: only full-width digits sent a line down the full steps)
    ("增长27，203，000元", "增长27,203,000元"),
    # a full-width sign next to no digit is a word and stays (no full steps needed)
    ("“互联网 ＋ 培训”", "“互联网＋培训”"),
    ("增长 5 ％", "增长5%"),
    # a repeat that only appears once a zero-width character is gone
    ("环境质量\u200b环境质量方面", "环境质量方面"),
]


@pytest.mark.parametrize(("line", "expected"), CASES)
def test_clean_line(line, expected):
    cleaned, edits = clean_line(line)
    assert cleaned == expected
    assert undo_edits(cleaned, edits) == line


@pytest.mark.parametrize(("line", "expected"), CASES)
def test_clean_line_fast_same_text(line, expected):
    assert clean_line_fast(line)[0] == expected


@pytest.mark.parametrize(
    ("line", "kinds"),
    [
        (
            "增长８．７％，达到４７．２万亿元",
            [("fullwidth-folded", "８．７％"), ("fullwidth-folded", "４７．２")],
        ),
        (
            " 合计２７，２０３元 ， ， ",
            [
                ("fullwidth-folded", "２７"),
                ("thousands-separator", "，"),
                ("fullwidth-folded", "２０３"),
                ("doubled-punctuation", "，"),
            ],
        ),
        ("——1 9 9 8 年", [("spaced-number-joined", " ")] * 3),
        ("一份人\u200b\u200b民满意", [("zero-width-removed", "\u200b\u200b")]),
        ("城镇 新增 就业 46.46 万人", []),
    ],
)
def test_repairs_in_cleaned_coordinates(line, kinds):
    """Repairs are logged with their positions in the cleaned line: what they put there."""
    cleaned, edits = clean_line(line)
    found = repairs(edits)
    assert [(e.kind, e.original) for e in found] == kinds
    for e in found:
        replaced = cleaned[e.start : e.end]
        if e.kind == "fullwidth-folded":
            assert replaced == fold_fullwidth(e.original)
        elif e.kind == "thousands-separator":
            assert replaced == ","
        else:
            assert replaced == ""
    assert clean_line_fast(line) == (cleaned, found)


def test_edit_log_of_duplicates():
    _, edits = clean_line("环境质量 方面 环境质量 方面 ， ， 包括")
    step3 = [e for e in edits if e.step == 3]
    # after joining: 环境质量方面环境质量方面，，包括 — the second copy (6 characters) and the
    # second comma go; in the output both deletions sit right after 环境质量方面 / its comma.
    assert step3 == [
        Edit(3, "duplicated-phrase", 6, 6, "环境质量方面"),
        Edit(3, "doubled-punctuation", 7, 7, "，"),
    ]
    assert clean_line_fast("环境质量 方面 环境质量 方面 ， ， 包括")[1] == step3
    assert repairs(clean_line("环境质量 方面 环境质量 方面 ， ， 包括")[1]) == step3


def test_edit_kinds_of_steps_1_and_2():
    _, edits = clean_line(" 甲 乙 — — A  B 1 2 ")
    kinds = [(e.step, e.kind, e.original) for e in edits]
    assert kinds == [
        (1, "whitespace-stripped", " "),
        (1, "whitespace-stripped", " "),
        (2, "space-removed", " "),
        (2, "space-removed", " "),
        (2, "dash-restored", " "),
        (2, "space-removed", " "),
        (2, "space-normalised", "  "),
    ]
    assert clean_line(" 甲 乙 — — A  B 1 2 ")[0] == "甲乙——A B 1 2"


def test_undo_edits_docstring_example():
    cleaned, edits = clean_line(" 增长 4.5% 左右 ， ， ")
    assert cleaned == "增长4.5%左右，"
    assert undo_edits(cleaned, edits) == " 增长 4.5% 左右 ， ， "
    assert undo_edits(cleaned, []) == cleaned


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我们 深入 学习 贯彻 党 的 精神 。", True),
        ("我们深入学习贯彻党的精神。　　全省经济实现了目标。", False),
        ("省长　楼阳生\n现在，我代表省人民政府向大会报告工作，请予审议。", False),
        ("abc def", False),
        ("", False),
    ],
)
def test_is_segmented(text, expected):
    assert is_segmented(text) is expected


PIECES = st.sampled_from(
    [
        "甲",
        "乙",
        "环境质量",
        "方面",
        "，",
        "。",
        "—",
        " ",
        "  ",
        "\u3000",
        "\t",
        "\u00a0",
        "\ufeff",
        "A",
        "5",
        "4.5%",
        "PM2.5",
        "T800",
        "x",
        "２０１０",
        "８．７％",
        "＋",
        "－",
        "，",
        "１２３",
        "\u200b",
        "\f",
        "1 9 9 8",
        " ．",
        "Ｍ２",
        "27",
        "，203",
        "乙丙甲",
    ]
)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.lists(PIECES, max_size=25).map("".join))
def test_clean_line_invariants(line):
    cleaned, edits = clean_line(line)
    assert undo_edits(cleaned, edits) == line
    fast, fast_edits = clean_line_fast(line)
    assert fast == cleaned
    assert fast_edits == repairs(edits)
    assert {e.kind for e in fast_edits} <= REPAIR_KINDS
    for e in fast_edits:
        assert 0 <= e.start <= e.end <= len(cleaned)
    assert cleaned == cleaned.strip(" \t\f\u3000\u00a0\ufeff")
    assert "\u200b" not in cleaned
    assert not any("\uff10" <= c <= "\uff19" for c in cleaned)
    assert "  " not in cleaned
    assert "，，" not in cleaned


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.text(max_size=40))
def test_clean_line_arbitrary_text_round_trips(line):
    line = line.replace("\r", "").replace("\n", "")
    cleaned, edits = clean_line(line)
    assert undo_edits(cleaned, edits) == line
    assert clean_line_fast(line)[0] == cleaned


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.lists(st.lists(PIECES, max_size=12).map("".join), max_size=6))
def test_clean_lines_fast_matches_clean_line(lines):
    lines = [line.replace("\r", "").replace("\n", "") for line in lines]
    fast = clean_lines_fast(lines)
    assert len(fast) == len(lines)
    for line, (text, edits) in zip(lines, fast, strict=True):
        cleaned, full = clean_line(line)
        assert text == cleaned
        assert edits == repairs(full)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.lists(st.text(max_size=20), max_size=5))
def test_clean_lines_fast_on_arbitrary_text(lines):
    lines = [line.replace("\r", "").replace("\n", "").replace("\x00", "") for line in lines]
    assert [t for t, _ in clean_lines_fast(lines)] == [clean_line(line)[0] for line in lines]


@settings(max_examples=400, deadline=None, derandomize=True)
@given(
    st.lists(
        st.sampled_from(
            ["甲", "乙", "丙", "丁", "甲乙丙", "甲乙丙丁", "，", "，，", "\n", "a", " "]
        ),
        max_size=40,
    ).map("".join)
)
def test_repeat_starts_finds_what_the_patterns_find(text):
    """The array filter in front of the doubled-phrase pattern keeps every place it matches:
    a small alphabet makes doubled phrases of many lengths, overlapping and on one line."""
    from workreport import clean

    expected = sorted(
        [m.start() for m in clean._DUP_PUNCT.finditer(text)]
        + [m.start() for m in clean._DUP_PHRASE.finditer(text)]
    )
    assert clean._repeat_starts(text) == expected
