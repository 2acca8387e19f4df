"""Cleaning one line of a report, logging every change so the original can be rebuilt.

Cleaning runs in numbered steps. Each step turns a line into a new line and records its
edits as :class:`Edit` objects in the coordinates of its *output*: ``start``/``end`` span the
replacement in the new line, ``original`` is what stood there before. Undoing the steps in
reverse order (:func:`undo_edits`) gives back the original line exactly.

Steps
-----
1. ``strip``: leading and trailing white space (including the ideographic space U+3000).
2. ``join``: white space inside the line. Between two ASCII letters or digits one plain
   space is kept (``PM2.5``, ``5G`` and ``46.46万人`` come out right); anywhere else it is
   removed, so word-segmented text (``46.46 万人``) is rejoined into ordinary Chinese and the
   split em dash ``— —`` becomes ``——``.
3. ``dedupe``: a phrase of three or more Chinese characters written twice in a row, and
   doubled punctuation (``，，``), keep one copy.
"""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = [
    "CJK",
    "Edit",
    "clean_line",
    "clean_line_fast",
    "clean_lines_fast",
    "is_segmented",
    "undo_edits",
]

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WS = " \t\u3000\u00a0\u2002\u2003\u2009\ufeff"
_STRIP = re.compile(rf"^[{_WS}]+|[{_WS}]+$")
_INNER_WS = re.compile(rf"[{_WS}]+")
_KEEP_WS = re.compile(rf"(?<=[A-Za-z0-9])[{_WS}]+(?=[A-Za-z0-9])")
_DUP_PHRASE = re.compile(rf"([{CJK}]{{3,20}})\1")
_DUP_PUNCT = re.compile(r"([，。；、：！？])\1+")
_SPACED = re.compile(rf"[{CJK}，。、；：][ \u3000]+(?=[{CJK}])")
_ADJACENT = re.compile(rf"[{CJK}](?=[{CJK}])")


class Edit(NamedTuple):
    """One change made to a line by one cleaning step (output coordinates)."""

    step: int
    kind: str
    start: int
    end: int
    original: str


def undo_edits(text: str, edits: list[Edit]) -> str:
    """Rebuild the text a sequence of cleaning steps started from.

    Examples
    --------
    >>> cleaned, edits = clean_line(" 增长 4.5% 左右 ， ， ")
    >>> cleaned
    '增长4.5%左右，'
    >>> undo_edits(cleaned, edits)
    ' 增长 4.5% 左右 ， ， '
    """
    for step in sorted({e.step for e in edits}, reverse=True):
        for e in sorted((e for e in edits if e.step == step), key=lambda e: e.start, reverse=True):
            text = text[: e.start] + e.original + text[e.end :]
    return text


def _apply(text: str, spans: list[tuple[int, int, str, str]], step: int) -> tuple[str, list[Edit]]:
    """Replace non-overlapping ``(start, end, replacement, kind)`` spans of ``text``."""
    out: list[str] = []
    edits: list[Edit] = []
    pos = 0
    shift = 0  # output position minus input position
    for start, end, replacement, kind in spans:
        out.append(text[pos:start])
        out.append(replacement)
        at = start + shift
        edits.append(Edit(step, kind, at, at + len(replacement), text[start:end]))
        shift += len(replacement) - (end - start)
        pos = end
    out.append(text[pos:])
    return "".join(out), edits


def _strip_spans(text: str) -> list[tuple[int, int, str, str]]:
    return [(m.start(), m.end(), "", "whitespace-stripped") for m in _STRIP.finditer(text)]


def _join_spans(text: str) -> list[tuple[int, int, str, str]]:
    spans = []
    append = spans.append
    for m in _INNER_WS.finditer(text):
        start, end = m.span()
        before, after = text[start - 1], text[end]
        if before == "—" and after == "—":
            append((start, end, "", "dash-restored"))
        elif before.isascii() and after.isascii() and before.isalnum() and after.isalnum():
            if end - start != 1 or text[start] != " ":
                append((start, end, " ", "space-normalised"))
        else:
            append((start, end, "", "space-removed"))
    return spans


def _dedupe_spans(text: str) -> list[tuple[int, int, str, str]]:
    spans = [
        (m.start(1) + len(m.group(1)), m.end(), "", "duplicated-phrase")
        for m in _DUP_PHRASE.finditer(text)
    ]
    spans += [
        (m.start() + 1, m.end(), "", "doubled-punctuation") for m in _DUP_PUNCT.finditer(text)
    ]
    spans.sort()
    kept: list[tuple[int, int, str, str]] = []
    for span in spans:
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def clean_line(line: str) -> tuple[str, list[Edit]]:
    """Clean one line; return the cleaned line and the edits that undo it.

    Examples
    --------
    >>> clean_line(" — — 2017 年 1 月 14 日 ")[0]
    '——2017年1月14日'
    >>> clean_line("城镇 新增 就业 46.46 万人 ， PM2.5 浓度 ")[0]
    '城镇新增就业46.46万人，PM2.5浓度'
    >>> clean_line("环境质量 方面 环境质量 方面 ， ， 包括")[0]
    '环境质量方面，包括'
    >>> clean_line("Windows  10 and T800")[0]
    'Windows 10 and T800'
    """
    edits: list[Edit] = []
    for step, spans_of in enumerate((_strip_spans, _join_spans, _dedupe_spans), start=1):
        spans = spans_of(line)
        if spans:
            line, new = _apply(line, spans, step)
            edits.extend(new)
    return line, edits


def clean_line_fast(line: str) -> tuple[str, list[Edit]]:
    """The same cleaned line as :func:`clean_line` (a line without line breaks), computed with
    a few regular-expression passes and without logging steps 1 and 2 (only the step-3 edits,
    the anomalies).

    The loader uses it for speed and computes the full log with :func:`clean_line` only when
    it is asked for; the tests check that both give the same text.

    Examples
    --------
    >>> clean_line_fast(" 城镇 新增 就业 46.46 万人 ， ， PM2.5 浓度 ")[0]
    '城镇新增就业46.46万人，PM2.5浓度'
    """
    return clean_lines_fast([line])[0]


def clean_lines_fast(lines: list[str]) -> list[tuple[str, list[Edit]]]:
    """:func:`clean_line_fast` on many lines at once (lines hold no line breaks).

    The regular expressions run once over all the lines joined; only lines that may hold a
    duplicated phrase or doubled punctuation are looked at one by one.

    Examples
    --------
    >>> [c for c, _ in clean_lines_fast([" 增长 4.5% ", "", "环境质量 方面 环境质量 方面 ， ，"])]
    ['增长4.5%', '', '环境质量方面，']
    """
    if not lines:
        return []
    joined = "\n".join(lines)
    if "\x00" in joined:  # NUL is the placeholder below: clean such text step by step
        return [(text, [e for e in edits if e.step == 3]) for text, edits in map(clean_line, lines)]
    # a white-space run between two ASCII letters or digits becomes one space; every other
    # white space (at the ends of a line too) goes
    joined = _INNER_WS.sub("", _KEEP_WS.sub("\x00", joined).replace(" ", ""))
    joined = joined.replace("\x00", " ")
    out = []
    for text in joined.split("\n"):
        if _DUP_PUNCT.search(text) or _DUP_PHRASE.search(text):
            spans = _dedupe_spans(text)
            out.append(_apply(text, spans, 3) if spans else (text, []))
        else:
            out.append((text, []))
    return out


def is_segmented(text: str) -> bool:
    """Tell word-segmented text (spaces between Chinese words) from ordinary text.

    Examples
    --------
    >>> is_segmented("我们 深入 学习 贯彻 党 的 精神 。")
    True
    >>> is_segmented("我们深入学习贯彻党的精神。　　全省经济实现了目标。")
    False
    """
    spaced = len(_SPACED.findall(text))
    adjacent = len(_ADJACENT.findall(text))
    return spaced > 0 and spaced >= 0.2 * (spaced + adjacent)
