"""The structure of a work report: parts, sections, lead phrases and sentences.

Government work reports share one outline. After a preamble (title, a ``——date`` line, the
speaker, ``各位代表：`` and an opening sentence) come *parts* headed ``一、``, ``二、`` …
(a review of last year, this year's plan, government self-building; national reports have
three to six), and inside parts *sections* headed ``（一）``, ``（二）`` …. Many paragraphs open
with a *lead phrase*, a short topic sentence such as ``坚定去产能。``.

All functions here are pure and work on plain strings.
"""

from __future__ import annotations

import re

__all__ = [
    "ZH_NUMERALS",
    "lead_phrase",
    "match_part_heading",
    "match_section_heading",
    "part_label",
    "split_sentences",
    "title_year",
    "zh_number",
]

ZH_NUMERALS = "一二三四五六七八九十"
_PART = re.compile(rf"^([{ZH_NUMERALS}]{{1,3}})[、.．]\s*(\S.*)$")
_SECTION = re.compile(rf"^[（(]([{ZH_NUMERALS}]{{1,3}})[）)]\s*(\S.*)$")
_NUMERAL = re.compile(
    r"^(?:([二三四五六七八九])?(十)([一二三四五六七八九])?|([一二三四五六七八九]))$"
)
_SENTENCE = re.compile(r"[^。！？]*[。！？]+[”’」』）)]*|[^。！？]+$")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_LABELS = (
    ("government", re.compile(r"政府自身建设|政府建设|自身建设|建设人民满意的政府")),
    ("review", re.compile(r"回顾|总结|过去[一五]年|以来")),
    ("outlook", re.compile(r"十[三四五]五|五年规划|规划纲要|中长期")),
    (
        "plan",
        re.compile(r"安排|任务|总体要求|目标|政策取向|部署|重点工作|主要工作|今年|重点|建议|思路"),
    ),
)
MAX_HEADING = 40
MAX_LEAD = 24


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


def part_label(title: str) -> str:
    """An English label for a part title: review, plan, government, outlook or other.

    Examples
    --------
    >>> [part_label(t) for t in ("2016年工作回顾", "2017年工作安排", "加强政府自身建设")]
    ['review', 'plan', 'government']
    >>> part_label("“十三五”时期主要目标任务和重大举措")
    'outlook'
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
    """
    m = _YEAR.search(title)
    return int(m.group(1)) if m else None


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of a paragraph (ending in 。！？ and closing quotes).

    Examples
    --------
    >>> t = "坚定去产能。重点抓好煤炭去产能！还有"
    >>> [t[a:b] for a, b in split_sentences(t)]
    ['坚定去产能。', '重点抓好煤炭去产能！', '还有']
    """
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group().strip()]


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
