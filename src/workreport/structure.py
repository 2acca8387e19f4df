"""The structure of a work report: parts, sections, lead phrases and sentences.

Government work reports share one outline. After a preamble (title, a ``——date`` line, the
speaker, ``各位代表：`` and an opening sentence) come *parts* headed ``一、``, ``二、`` …
(a review of last year, this year's plan, government self-building; national reports have
three to six), and inside parts *sections* headed ``（一）``, ``（二）`` …. Many paragraphs open
with a *lead phrase*, a short topic sentence such as ``坚定去产能。``.

Reports of other eras and sources number their outline differently: ``第一部分``, a bare
numeral on its own line, ``（一）`` as the top level, or no numbers at all (a short line
without punctuation). :func:`match_heading` recognises every such heading *candidate*; which
of them are parts and which are sections is decided from the whole report by the loader.

All functions here are pure and work on plain strings.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .constants import YEAR

__all__ = [
    "ZH_NUMERALS",
    "Heading",
    "lead_phrase",
    "match_heading",
    "match_part_heading",
    "match_section_heading",
    "parse_date",
    "part_label",
    "split_sentences",
    "title_year",
    "zh_number",
    "zh_year",
]

ZH_NUMERALS = "一二三四五六七八九十"
_PART = re.compile(rf"^([{ZH_NUMERALS}]{{1,3}})[、.．]\s*(\S.*)$")
_SECTION = re.compile(rf"^[（(]([{ZH_NUMERALS}]{{1,3}})[）)]\s*(\S.*)$")
_NUMERAL = re.compile(
    r"^(?:([二三四五六七八九])?(十)([一二三四五六七八九])?|([一二三四五六七八九]))$"
)
# a sentence ends at 。！？ (with any closing quotes) or at a line break
_SENTENCE = re.compile(r"[^。！？\n]*[。！？]+[”’」』）)]*|[^。！？\n]+(?=\n|\Z)")
_ZH_DIGITS = "〇○零一二三四五六七八九"
_YEAR = re.compile(rf"({YEAR}|[一二][{_ZH_DIGITS}]{{3}})\s*年")
_DATE = re.compile(
    rf"({YEAR}|[一二][{_ZH_DIGITS}]{{3}})\s*年\s*"
    rf"(\d{{1,2}}|[{ZH_NUMERALS}]{{1,3}})\s*月\s*(\d{{1,2}}|[{ZH_NUMERALS}]{{1,3}})\s*日"
)
_FIVE_YEAR = r"[一二三四五六七八九十]{1,2}五"
_LABELS = (
    (
        "government",
        re.compile(r"政府自身建设|政府建设|自身建设|建设人民满意的政府|政府工作人员|服务型政府"),
    ),
    (
        "review",
        re.compile(r"回顾|总结|过去[一五]年|以来|执行情况|完成情况|执行结果|成就|的胜利|决算"),
    ),
    (
        "outlook",
        re.compile(
            rf"{_FIVE_YEAR}[”\"]?(?:时期|期间|计划|规划)|五年规划|五年计划|规划纲要|中长期|"
            r"今后五年|今后十五年|远景目标|长远规划"
        ),
    ),
    (
        "plan",
        re.compile(
            r"安排|任务|总体要求|目标|政策取向|部署|重点工作|主要工作|今年|重点|建议|思路|"
            r"年计划|预算|计划草案|年度"
        ),
    ),
)
MAX_HEADING = 40
MAX_LEAD = 24
MAX_TITLE = 60  # a heading candidate's title (commas allowed)
MAX_TITLE_BRACKETED = 100  # （一） and 第一部分 are clear enough to allow a long first sentence
MAX_UNNUMBERED = 40
_TERMINAL = "。！？；：!?;:…"
_HEADING_NUMBERED = (
    ("part-of", re.compile(rf"^第([{ZH_NUMERALS}]{{1,3}})部分[、：:．.，,\s]*(.*)$")),
    ("numeral", re.compile(rf"^([{ZH_NUMERALS}]{{1,3}})[、.．]\s*(.*)$")),
    ("bracketed", re.compile(rf"^[（(]([{ZH_NUMERALS}]{{1,3}})[）)]\s*(.*)$")),
    ("ordinal", re.compile(rf"^第([{ZH_NUMERALS}]{{1,3}})[、，,：:]\s*(.*)$")),
    ("bare", re.compile(rf"^([{ZH_NUMERALS}]{{1,3}})$")),
)
_NOT_UNNUMBERED = re.compile(r"^(?:——|—|-|[各名]位代表|附[:：件]|注[:：])|万岁|^[\x00-\x7f]*$")


class Heading(NamedTuple):
    """A heading candidate: its numbering ``style``, ``number`` (``None`` when unnumbered),
    ``title``, the ``body`` that follows it in the same paragraph, and whether it stands
    ``alone`` (nothing but the heading in its paragraph)."""

    style: str
    number: int | None
    title: str
    body: str
    alone: bool
    fits: bool = True  # False: numbered, but the title is too long for a heading


def zh_number(numeral: str) -> int:
    """Value of a small Chinese numeral (1–99).

    Examples
    --------
    >>> [zh_number(s) for s in ("一", "十", "十三", "二十", "二十一")]
    [1, 10, 13, 20, 21]
    >>> zh_number("一一")
    Traceback (most recent call last):
    ...
    ValueError: not a Chinese numeral from 1 to 99: '一一'
    """
    m = _NUMERAL.match(numeral)
    if not m:
        raise ValueError(f"not a Chinese numeral from 1 to 99: {numeral!r}")
    digits = {c: i for i, c in enumerate(ZH_NUMERALS[:9], start=1)}
    tens, ten, ones, single = m.groups()
    if not ten:
        return digits[single]
    return (digits[tens] if tens else 1) * 10 + (digits[ones] if ones else 0)


def match_part_heading(text: str) -> tuple[int, str] | None:
    """Return ``(number, title)`` when a paragraph is a part heading such as ``一、2016年工作回顾``.

    Examples
    --------
    >>> match_part_heading("二、2017年工作安排")
    (2, '2017年工作安排')
    >>> match_part_heading("一、坚持稳中求进。我们要把握好总基调，" + "做好工作" * 5) is None
    True
    """
    m = _PART.match(text)
    if not m or len(text) > MAX_HEADING or "，" in m.group(2) or not _NUMERAL.match(m.group(1)):
        return None
    return zh_number(m.group(1)), m.group(2).rstrip("。")


def match_section_heading(text: str) -> tuple[int, str, str] | None:
    """Return ``(number, title, body)`` for a section heading such as ``（一）大力推进…。``.

    The heading may stand alone or open a paragraph that goes on with its body.

    Examples
    --------
    >>> match_section_heading("（一）大力推进“三去一降一补”。")
    (1, '大力推进“三去一降一补”', '')
    >>> match_section_heading("（十三）抓好安全。压实安全生产责任。")
    (13, '抓好安全', '压实安全生产责任。')
    >>> match_section_heading("（一）" + "很长的句子" * 10) is None
    True
    """
    m = _SECTION.match(text)
    if not m or not _NUMERAL.match(m.group(1)):
        return None
    rest = m.group(2)
    cut = rest.find("。")
    title, body = (rest, "") if cut < 0 else (rest[:cut], rest[cut + 1 :])
    if len(title) > MAX_HEADING:
        return None
    return zh_number(m.group(1)), title, body


def match_heading(text: str) -> Heading | None:
    """A paragraph that may be a heading: numbered in one of the usual styles, or unnumbered.

    Styles: ``part-of`` (``第一部分``), ``numeral`` (``一、``), ``bracketed`` (``（一）``),
    ``ordinal`` (``第一，``), ``bare`` (a numeral alone on its line) and ``unnumbered`` (a short
    paragraph without sentence punctuation at its end). The title is what follows the number
    up to the first ``。！？；`` — commas are allowed; whatever follows in the paragraph is the
    body. A numbered paragraph whose title is longer than 60 characters (100 after ``（一）``
    or ``第一部分``, or for a paragraph of one sentence) is returned with ``fits=False``: not
    a heading, but an item of a list.

    Examples
    --------
    >>> match_heading("三、深入改革经济体制和扩大对外开放")[:5]
    ('numeral', 3, '深入改革经济体制和扩大对外开放', '', True)
    >>> match_heading("一、依靠政策和科学，加快农业的发展。农业是国民经济的基础。")[1:5]
    (1, '依靠政策和科学，加快农业的发展', '农业是国民经济的基础。', False)
    >>> match_heading("第二部分　今年的主要任务").style, match_heading("四").number
    ('part-of', 4)
    >>> match_heading("过去五年的回顾")[:3]
    ('unnumbered', None, '过去五年的回顾')
    >>> match_heading("我们深入学习，取得了成绩。") is None
    True
    >>> match_heading("一、" + "很长的句子，" * 12 + "。后文。").fits
    False
    """
    for style, pattern in _HEADING_NUMBERED:
        m = pattern.match(text)
        if not m:
            continue
        numeral = m.group(1)
        if not _NUMERAL.match(numeral):
            return None
        rest = m.group(2) if style != "bare" else ""
        if style != "bare" and not rest.strip():
            return None
        cut = _first_terminal(rest)
        title, body = (rest, "") if cut < 0 else (rest[:cut], rest[cut + 1 :])
        title = title.strip()
        long_ok = style in ("bracketed", "part-of") or not body
        limit = MAX_TITLE_BRACKETED if long_ok else MAX_TITLE
        return Heading(style, zh_number(numeral), title, body, not body, len(title) <= limit)
    if (
        4 <= len(text) <= MAX_UNNUMBERED
        and text[-1] not in _TERMINAL
        and _first_terminal(text) < 0
        and not _NOT_UNNUMBERED.search(text)
    ):
        return Heading("unnumbered", None, text, "", True)
    return None


def _first_terminal(text: str) -> int:
    """Offset of the first sentence end (。！？；) in ``text``, or -1."""
    cuts = [i for i in (text.find(c) for c in "。！？；") if i >= 0]
    return min(cuts) if cuts else -1


def zh_year(numeral: str) -> int | None:
    """A year written digit by digit in Chinese (一九九○, 二〇二六) or in digits.

    Examples
    --------
    >>> zh_year("二〇二六"), zh_year("一九九○"), zh_year("1998"), zh_year("二十")
    (2026, 1990, 1998, None)
    """
    if numeral.isdigit() and numeral.isascii():
        return int(numeral)
    digits = {c: i % 10 for i, c in enumerate(_ZH_DIGITS, start=-2)}
    digits.update({"〇": 0, "○": 0, "零": 0})
    if len(numeral) != 4 or any(c not in digits for c in numeral):
        return None
    return int("".join(str(digits[c]) for c in numeral))


def parse_date(text: str) -> tuple[int, int, int] | None:
    """The first date (year, month, day) written in ``text``, in digits or Chinese numerals.

    Examples
    --------
    >>> parse_date("——2010年3月5日在第十一届全国人民代表大会第三次会议上")
    (2010, 3, 5)
    >>> parse_date("——1998 年3 月5 日"), parse_date("二〇二六年一月二十七日")
    ((1998, 3, 5), (2026, 1, 27))
    >>> parse_date("一九九○年三月二十日") , parse_date("今年") is None
    ((1990, 3, 20), True)
    """
    m = _DATE.search(text)
    if not m:
        return None
    year = zh_year(m.group(1))
    month = int(m.group(2)) if m.group(2).isdigit() else _small(m.group(2))
    day = int(m.group(3)) if m.group(3).isdigit() else _small(m.group(3))
    if year is None or not month or not day or not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return year, month, day


def _small(numeral: str) -> int | None:
    return zh_number(numeral) if _NUMERAL.match(numeral) else None


def part_label(title: str) -> str:
    """An English label for a part title: review, plan, government, outlook or other.

    Examples
    --------
    >>> [part_label(t) for t in ("2016年工作回顾", "2017年工作安排", "加强政府自身建设")]
    ['review', 'plan', 'government']
    >>> part_label("“十三五”时期主要目标任务和重大举措")
    'outlook'
    >>> [part_label(t) for t in ("１９９０年计划的执行情况", "今后五年的主要任务", "关于外交工作")]
    ['review', 'outlook', 'other']
    """
    for label, pattern in _LABELS:
        if pattern.search(title):
            return label
    return "other"


def title_year(title: str) -> int | None:
    """The year a part title speaks about, where it says so.

    Examples
    --------
    >>> title_year("2016年工作回顾"), title_year("加强政府自身建设")
    (2016, None)
    >>> title_year("一九八九年的回顾")
    1989
    """
    m = _YEAR.search(title)
    return zh_year(m.group(1)) if m else None


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of a paragraph (ending in 。！？ and closing quotes).

    A line break also ends a sentence, so the sentences of a whole report (paragraphs joined
    by ``"\\n"``) are those of its paragraphs, found in one pass. Sentences of white space
    only are left out.

    Examples
    --------
    >>> t = "坚定去产能。重点抓好煤炭去产能！还有"
    >>> [t[a:b] for a, b in split_sentences(t)]
    ['坚定去产能。', '重点抓好煤炭去产能！', '还有']
    >>> t = "甲。乙\\n丙”。"
    >>> [t[a:b] for a, b in split_sentences(t)]
    ['甲。', '乙', '丙”。']
    """
    return [m.span() for m in _SENTENCE.finditer(text) if not m.group().isspace()]


def lead_phrase(text: str) -> str:
    """The short topic sentence that opens a paragraph, or ``""``.

    A lead phrase is a first sentence of at most 24 characters, without a comma, ending in
    ``。``, followed by more text. A leading ``——`` bullet dash is not part of it.

    Examples
    --------
    >>> lead_phrase("坚定去产能。重点抓好煤炭去产能，更好运用市场化法治化办法。")
    '坚定去产能。'
    >>> lead_phrase("——坚定推进煤炭钢铁去产能。认真落实。")
    '坚定推进煤炭钢铁去产能。'
    >>> lead_phrase("2016年，是充满挑战的一年。我们深入学习。")
    ''
    """
    body = text.lstrip("—")
    cut = body.find("。")
    if cut < 0 or cut + 1 >= len(body):
        return ""
    lead = body[: cut + 1]
    if len(lead) > MAX_LEAD or "，" in lead or "：" in lead:
        return ""
    return lead
