"""Parts, sections, labels, sentences and lead phrases on short excerpts."""

from __future__ import annotations

import pytest

from workreport.structure import (
    lead_phrase,
    match_heading,
    match_part_heading,
    match_section_heading,
    parse_date,
    part_label,
    split_sentences,
    title_year,
    zh_number,
    zh_year,
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
        # other eras
        ("１９９０年计划的执行情况", "review"),
        ("一九五七年经济战线上的胜利", "review"),
        ("改革开放和现代化建设取得伟大成就的五年", "review"),
        ("“十三五”时期发展成就和“十四五”时期主要目标任务", "review"),
        ("１９５５年国家决算", "review"),
        ("第一个五年计划时期内和第二个五年计划的第一年——一九五八年的伟大成就", "review"),
        ("“十四五”时期工作回顾", "review"),
        ("“七五”时期的基本任务和主要建设方针", "outlook"),
        ("“十五”期间的奋斗目标和指导方针", "outlook"),
        ("第六个五年计划的基本任务", "outlook"),
        ("今后五年的主要任务", "outlook"),
        ("１９９１年计划的主要目标和任务", "plan"),
        ("关于1998年政府工作的建议", "plan"),
        ("为实现１９５６年的国家预算而努力", "plan"),
        ("关于外交工作", "other"),
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
        ("一九八九年的回顾", 1989),
        ("一九九○年的国内工作", 1990),
    ],
)
def test_title_year(title, year):
    assert title_year(title) == year


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("——2017年3月5日在第十二届全国人民代表大会第五次会议上", (2017, 3, 5)),
        ("——2010年3月5日在", (2010, 3, 5)),  # once folded from ２０１０年３月５日
        ("——1998年3月5日", (1998, 3, 5)),
        ("——1998 年3 月5 日", (1998, 3, 5)),  # 1 9 9 8 年 once cleaned
        ("二〇二六年一月二十七日", (2026, 1, 27)),
        ("一九九○年三月二十日", (1990, 3, 20)),
        ("——1981年11月30日和12月1日在", (1981, 11, 30)),
        ("——1955年7月5日至6日", (1955, 7, 5)),
        ("2017年13月5日", None),
        ("今年三月", None),
    ],
)
def test_parse_date(text, date):
    assert parse_date(text) == date


@pytest.mark.parametrize(
    ("numeral", "year"), [("二〇二六", 2026), ("一九五四", 1954), ("2001", 2001), ("三月", None)]
)
def test_zh_year(numeral, year):
    assert zh_year(numeral) == year


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一、2016年工作回顾", ("numeral", 1, "2016年工作回顾", "", True, True)),
        (
            "二、扩大和培育内需，促进经济较快增长",
            ("numeral", 2, "扩大和培育内需，促进经济较快增长", "", True, True),
        ),
        (
            "一、依靠政策和科学，加快农业的发展。农业是基础。",
            ("numeral", 1, "依靠政策和科学，加快农业的发展", "农业是基础。", False, True),
        ),
        (
            "（三）推进脱贫攻坚。今年要再减贫。",
            ("bracketed", 3, "推进脱贫攻坚", "今年要再减贫。", False, True),
        ),
        ("(二)推动能源革命", ("bracketed", 2, "推动能源革命", "", True, True)),
        ("第二部分　2025年工作安排", ("part-of", 2, "2025年工作安排", "", True, True)),
        (
            "第三，搞好商业工作，发展对外贸易。",
            ("ordinal", 3, "搞好商业工作，发展对外贸易", "", True, True),
        ),
        ("四", ("bare", 4, "", "", True, True)),
        ("过去五年的回顾", ("unnumbered", None, "过去五年的回顾", "", True, True)),
        (
            "一、" + "很长的第一句话，" * 10 + "。后文。",
            ("numeral", 1, "很长的第一句话，" * 10, "后文。", False, False),
        ),
        ("我们深入学习，取得了成绩。", None),
        ("各位代表！", None),
        ("各位代表", None),
        ("——2017年3月5日", None),
        ("Public domain", None),
        ("一、", None),
        ("一一、回顾", None),
        ("", None),
    ],
)
def test_match_heading(text, expected):
    h = match_heading(text)
    assert (None if h is None else tuple(h)) == expected


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
