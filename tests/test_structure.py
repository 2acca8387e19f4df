"""Parts, sections, labels, sentences and lead phrases on short excerpts."""

from __future__ import annotations

import pytest

from workreport.structure import (
    lead_phrase,
    match_part_heading,
    match_section_heading,
    part_label,
    split_sentences,
    title_year,
    zh_number,
)


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("一", 1),
        ("九", 9),
        ("十", 10),
        ("十一", 11),
        ("十三", 13),
        ("二十", 20),
        ("二十一", 21),
        ("九十九", 99),
    ],
)
def test_zh_number(numeral, value):
    assert zh_number(numeral) == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一、2016年工作回顾", (1, "2016年工作回顾")),
        ("二、2017年工作安排", (2, "2017年工作安排")),
        ("三、加强政府自身建设", (3, "加强政府自身建设")),
        ("四、加强政府自身建设。", (4, "加强政府自身建设")),
        ("十、其他", (10, "其他")),
        ("五．全面深化改革", (5, "全面深化改革")),
        ("六.  全面深化改革", (6, "全面深化改革")),
        ("一、坚持稳中求进，把握好总基调", None),  # a comma: a sentence, not a heading
        ("一、" + "做好工作" * 10, None),  # too long
        ("（一）大力推进改革", None),
        ("2016年工作回顾", None),
        ("一、", None),
        # malformed numerals are not part numbers
        ("一一、回顾", None),
        ("十十、回顾", None),
    ],
)
def test_match_part_heading(text, expected):
    assert match_part_heading(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("（一）大力推进“三去一降一补”。", (1, "大力推进“三去一降一补”", "")),
        ("（十三）抓好安全。压实安全生产责任。", (13, "抓好安全", "压实安全生产责任。")),
        (
            "（一）坚决打好脱贫攻坚战。今年要确保50万贫困人口脱贫。",
            (1, "坚决打好脱贫攻坚战", "今年要确保50万贫困人口脱贫。"),
        ),
        ("(二)推动能源革命", (2, "推动能源革命", "")),
        ("（一）" + "很长的句子" * 10, None),
        ("一、2016年工作回顾", None),
        ("（一一）标题", None),
    ],
)
def test_match_section_heading(text, expected):
    assert match_section_heading(text) == expected


@pytest.mark.parametrize(
    ("title", "label"),
    [
        ("2016年工作回顾", "review"),
        ("2017年工作安排", "plan"),
        ("加强政府自身建设", "government"),
        ("2018年经济社会发展的总体要求和主要目标", "plan"),
        ("2018年重点工作", "plan"),
        ("过去五年工作回顾", "review"),
        ("“十三五”时期主要目标任务和重大举措", "outlook"),
        ("努力建设人民满意的政府", "government"),
        ("2017年工作总体部署", "plan"),
        ("对2018年政府工作的建议", "plan"),
        ("2016年和“十二五”时期工作回顾", "review"),
        ("各位代表", "other"),
    ],
)
def test_part_label(title, label):
    assert part_label(title) == label


@pytest.mark.parametrize(
    ("title", "year"),
    [
        ("2016年工作回顾", 2016),
        ("2018 年重点工作", 2018),
        ("加强政府自身建设", None),
        ("3年", None),
    ],
)
def test_title_year(title, year):
    assert title_year(title) == year


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("坚定去产能。重点抓好煤炭去产能！还有", ["坚定去产能。", "重点抓好煤炭去产能！", "还有"]),
        ("他说：“好。”然后呢？", ["他说：“好。”", "然后呢？"]),
        ("真的吗？！是的。", ["真的吗？！", "是的。"]),
        ("没有句号", ["没有句号"]),
        ("", []),
    ],
)
def test_split_sentences(text, sentences):
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == sentences
    assert "".join(text[a:b] for a, b in spans) == text


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        ("坚定去产能。重点抓好煤炭去产能，更好运用市场化法治化办法。", "坚定去产能。"),
        ("——坚定推进煤炭钢铁去产能。认真落实。", "坚定推进煤炭钢铁去产能。"),
        ("2016年，是充满挑战的一年。我们深入学习。", ""),  # comma in the first sentence
        ("坚定去产能。", ""),  # nothing follows
        ("主要目标是：增长。其余。", ""),  # colon
        ("没有句号的段落", ""),
        ("这是一个非常非常非常非常非常非常非常长的开头句子啊。后文。", ""),  # 26 characters
    ],
)
def test_lead_phrase(text, lead):
    assert lead_phrase(text) == lead
