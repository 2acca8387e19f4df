"""Cleaning one line of a report, logging every change so the original can be rebuilt.

Cleaning runs in numbered steps. Each step turns a line into a new line and records its
edits as :class:`Edit` objects in the coordinates of its *output*: ``start``/``end`` span the
replacement in the new line, ``original`` is what stood there before. Undoing the steps in
reverse order (:func:`undo_edits`) gives back the original line exactly.

Steps
-----
0. ``characters``: zero-width characters (U+200B–U+200D, U+2060) are removed; full-width
   ASCII digits and letters are folded to half-width (``２０１０年`` → ``2010年``, ``Ｍ２`` →
   ``M2``), and so are the signs ``％ ． ＋ － ～ ／ ＝ ＜ ＞`` where they touch a digit
   (``８．７％`` → ``8.7%``) — elsewhere (``互联网＋``, ``中国－东盟``) they are words, and stay;
   a full-width comma between digit groups (``２７，２０３，０００``) is a thousands separator
   and becomes ``,``. Chinese punctuation (``，。、；：（）！？``) is never touched.
1. ``strip``: leading and trailing white space (including the ideographic space U+3000 and
   the form feed that ``pdftotext`` writes between pages).
2. ``join``: white space inside the line. Between two ASCII letters or digits one plain
   space is kept (``PM2.5``, ``5G`` and ``46.46万人`` come out right); anywhere else it is
   removed, so word-segmented text (``46.46 万人``) is rejoined into ordinary Chinese and the
   split em dash ``— —`` becomes ``——``. A number typeset digit by digit (``1 9 9 8``,
   ``8 .8 %``) is closed up.
3. ``dedupe``: a phrase of three or more Chinese characters written twice in a row, and
   doubled punctuation (``，，``), keep one copy.

The edits of step 0, of closed-up numbers and of step 3 are *repairs*: the loader reports them
as anomalies (:func:`repairs` gives them in the coordinates of the cleaned line).
"""

from __future__ import annotations

import csv
import itertools
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable
from typing import NamedTuple

import numpy as np

from .resources import package_data

__all__ = [
    "CJK",
    "REPAIR_KINDS",
    "WHITE_SPACE",
    "Edit",
    "clean_line",
    "fold_fullwidth",
    "fold_radicals",
    "is_segmented",
    "repairs",
    "undo_edits",
]

_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
CJK = "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _CJK_RANGES)
# the white space the cleaning removes (the loader's blank lines hold nothing else)
WHITE_SPACE = " \t\f\v\u3000\u00a0\u2002\u2003\u2009\u202f\u205f\ufeff"
_STRIP = re.compile(rf"^[{WHITE_SPACE}]+|[{WHITE_SPACE}]+$")
_INNER_WS = re.compile(rf"[{WHITE_SPACE}]+")
# white space between two ASCII letters or digits, with the letter or digit before it (a
# pattern that starts with a character class is searched faster than one with a lookbehind)
_KEEP_WS = re.compile(rf"([A-Za-z0-9])[{WHITE_SPACE}]+(?=[A-Za-z0-9])")
_DUP_PHRASE = re.compile(rf"([{CJK}]{{3,20}})\1")
_DOUBLED_PUNCT = "，。；、：！？"  # punctuation whose doubling is a repair
_DUP_PUNCT = re.compile(f"([{_DOUBLED_PUNCT}])\\1+")

_ZERO_WIDTH_CHARS = "\u200b\u200c\u200d\u2060"
# Kangxi radicals and CJK compatibility ideographs (text taken from a PDF writes ⼀ ⼯ ⽣ for
# 一 工 生): folded to the unified ideograph their NFKC form is, and nothing else is normalised
_RADICAL_RANGES = ((0x2F00, 0x2FDF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F))
_RADICAL_FOLD = {
    c: unicodedata.normalize("NFKC", chr(c))
    for lo, hi in _RADICAL_RANGES
    for c in range(lo, hi + 1)
    if unicodedata.normalize("NFKC", chr(c)) != chr(c)
}
# ... and the CJK Radicals Supplement (⺠ for 民, ⻓ for 长), which NFKC leaves alone: the
# ideograph each radical stands for in simplified Chinese, from the package's table (see
# data/README.md; it differs from NFKC on one Kangxi radical, ⼾: 户, not the traditional 戶)
_RADICAL_FOLD |= {
    ord(row[1]): row[2]
    for row in csv.reader(package_data("radicals.csv").read_text(encoding="utf-8").splitlines()[1:])
}


def _char_class(codes: Iterable[int]) -> str:
    """The inside of a regular-expression character class that matches ``codes``, written as
    ranges: ``re`` searches a class of a thousand single characters a hundred times slower than
    the same class as a few dozen ranges.

    >>> _char_class([0x4E00, 0x4E01, 0x4E02, 0x4E09])
    '一-丂三'
    """
    runs: list[list[int]] = []
    for c in sorted(set(codes)):
        if runs and runs[-1][1] == c - 1:
            runs[-1][1] = c
        else:
            runs.append([c, c])
    return "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in runs)


_RADICALS = _char_class(_RADICAL_FOLD)
_RADICAL = re.compile(f"[{_RADICALS}]+")
_ZERO_WIDTH = re.compile(f"[{_ZERO_WIDTH_CHARS}]+")
_FW_ALNUM_RANGES = ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))  # ０-９ Ａ-Ｚ ａ-ｚ
_FW_ALNUM = "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _FW_ALNUM_RANGES)
_FW_SIGNS = "％．＋－～／＝＜＞"
_FW_RUN = re.compile(f"[{_FW_ALNUM}{_FW_SIGNS}]+")
_FW_HAS_ALNUM = re.compile(f"[{_FW_ALNUM}]")
_FOLDABLE = re.compile(f"[{_FW_ALNUM}{_FW_SIGNS}]")
_DIGIT = "0-9\uff10-\uff19"
# (the lookahead lets the pattern skip quickly to digits before testing the lookbehind)
_GROUPED = re.compile(
    rf"(?=[{_DIGIT}])(?<![{_DIGIT}.．])[{_DIGIT}]{{1,3}}(?:，[{_DIGIT}]{{3}})+(?![{_DIGIT}])"
)
# a number typeset digit by digit: single characters (or a sign and a digit) between spaces
_SPACED_NUMBER = re.compile(r"(?<![0-9A-Za-z.%])[0-9][0-9.%]?(?: [0-9.%][0-9.%]?)+(?![0-9A-Za-z])")
# any line that may need step 0 or a closed-up number is cleaned step by step: zero-width
# characters, full-width letters and digits, a full-width sign within reach of a digit (a
# sign elsewhere is a word and stays), a full-width comma between digits, a spaced number
# (the lookahead lets the pattern skip quickly to the characters that can start a match)
_NEEDS_STEPS = re.compile(
    f"(?=[{_ZERO_WIDTH_CHARS}{_FW_ALNUM}{_RADICALS}{_FW_SIGNS}0-9])"
    f"(?:[{_ZERO_WIDTH_CHARS}{_FW_ALNUM}{_RADICALS}]|[{_FW_SIGNS}] ?[0-9]"
    f"|[0-9](?: ?[{_FW_SIGNS}]|，[0-9]|[0-9.%]? [0-9.%]))"
)

REPAIR_KINDS = frozenset(
    {
        "zero-width-removed",
        "radical-folded",
        "fullwidth-folded",
        "thousands-separator",
        "spaced-number-joined",
        "duplicated-phrase",
        "doubled-punctuation",
    }
)


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
    by_step: dict[int, list[Edit]] = {}
    for e in edits:
        by_step.setdefault(e.step, []).append(e)
    for step in sorted(by_step, reverse=True):
        pieces, pos = [], 0
        for e in sorted(by_step[step], key=lambda e: e.start):
            pieces += [text[pos : e.start], e.original]
            pos = e.end
        pieces.append(text[pos:])
        text = "".join(pieces)
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


def fold_radicals(text: str) -> str:
    """Kangxi radicals, CJK Radicals Supplement characters and CJK compatibility ideographs
    folded to the unified ideographs they stand for (what the ``characters`` step does, without
    a log).

    >>> fold_radicals("⼀⼯⽣产，⼈⺠")
    '一工生产，人民'
    """
    return text.translate(_RADICAL_FOLD)


def fold_fullwidth(text: str) -> str:
    """Full-width digits, letters and the signs ``％．＋－～／＝＜＞`` folded to half-width,
    without looking at the context; Chinese punctuation (``，：；（）！？``) is left alone.

    Examples
    --------
    >>> fold_fullwidth("２０１０年８．７％，ＰＭ２．５（草案）")
    '2010年8.7%，PM2.5（草案）'
    """
    return text.translate(_FOLD)


# every character _FOLDABLE matches, to its half-width form
_FOLD = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F) if _FOLDABLE.fullmatch(chr(c)) is not None}


def _character_spans(text: str) -> list[tuple[int, int, str, str]]:
    spans = [(m.start(), m.end(), "", "zero-width-removed") for m in _ZERO_WIDTH.finditer(text)]
    spans += [
        (m.start(), m.end(), m.group().translate(_RADICAL_FOLD), "radical-folded")
        for m in _RADICAL.finditer(text)
    ]
    for m in _FW_RUN.finditer(text):
        start, end = m.span()
        run = m.group()
        if not _FW_HAS_ALNUM.search(run):
            # signs alone: only a single sign next to a digit (8．7, 5 ％) is arithmetic
            left = text[max(0, start - 2) : start].rstrip(" ")[-1:]
            right = text[end : end + 2].lstrip(" ")[:1]
            if len(run) > 1 or not (_is_digit(left) or _is_digit(right)):
                continue
        spans.append((start, end, run.translate(_FOLD), "fullwidth-folded"))
    for m in _GROUPED.finditer(text):
        at = text.find("，", m.start(), m.end())
        while at >= 0:
            spans.append((at, at + 1, ",", "thousands-separator"))
            at = text.find("，", at + 1, m.end())
    spans.sort()
    return spans


def _is_digit(c: str) -> bool:
    return bool(c) and ("0" <= c <= "9" or "\uff10" <= c <= "\uff19")


def _strip_spans(text: str) -> list[tuple[int, int, str, str]]:
    return [(m.start(), m.end(), "", "whitespace-stripped") for m in _STRIP.finditer(text)]


def _spaced_numbers(text: str) -> set[int]:
    """Start offsets of the spaces inside numbers typeset digit by digit."""
    out: set[int] = set()
    for m in _SPACED_NUMBER.finditer(text):
        run = m.group()
        if run.count(" ") >= 2 or " ." in run or " %" in run:
            out.update(m.start() + i for i, c in enumerate(run) if c == " ")
    return out


def _join_spans(text: str) -> list[tuple[int, int, str, str]]:
    spans: list[tuple[int, int, str, str]] = []
    append = spans.append
    closed = _spaced_numbers(text)
    for m in _INNER_WS.finditer(text):
        start, end = m.span()
        before, after = text[start - 1], text[end]
        if start in closed:
            append((start, end, "", "spaced-number-joined"))
        elif before == "—" and after == "—":
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


_STEPS = ((0, _character_spans), (1, _strip_spans), (2, _join_spans), (3, _dedupe_spans))


def clean_line(line: str) -> tuple[str, list[Edit]]:
    """Clean one line; return the cleaned line and the edits that undo it.

    Examples
    --------
    >>> clean_line("城镇 新增 就业 46.46 万人 ， PM2.5 浓度 ")[0]
    '城镇新增就业46.46万人，PM2.5浓度'
    >>> clean_line("环境质量 方面 环境质量 方面 ， ， 包括")[0]
    '环境质量方面，包括'
    >>> clean_line("——１９９６年３月５日，增长８ ．7 ％，“互联网＋”")[0]
    '——1996年3月5日，增长8.7%，“互联网＋”'

    More cases, one per kind of repair, are in ``tests/test_clean.py``.
    """
    return _run_steps(line, _STEPS)


def _run_steps(
    line: str, steps: Iterable[tuple[int, Callable[[str], list[tuple[int, int, str, str]]]]]
) -> tuple[str, list[Edit]]:
    edits: list[Edit] = []
    for step, spans_of in steps:
        spans = spans_of(line)
        if spans:
            line, new = _apply(line, spans, step)
            edits.extend(new)
    return line, edits


def repairs(edits: list[Edit]) -> list[Edit]:
    """The repair edits of a line's log, with ``start``/``end`` in the cleaned line.

    Edits of earlier steps are carried through the later steps' changes.

    Examples
    --------
    >>> text, edits = clean_line(" 增长 ８．７％ ， ， ")
    >>> text
    '增长8.7%，'
    >>> [(e.kind, e.original, text[e.start : e.end]) for e in repairs(edits)]
    [('fullwidth-folded', '８．７％', '8.7%'), ('doubled-punctuation', '，', '')]
    """
    out = [e for e in edits if e.kind in REPAIR_KINDS]
    if not out:
        return out
    by_step: dict[int, list[Edit]] = {}
    for e in edits:
        by_step.setdefault(e.step, []).append(e)
    first = min(e.step for e in out)
    for later in sorted(s for s in by_step if s > first):
        table = _position_map(by_step[later])
        out = [
            Edit(e.step, e.kind, _map(e.start, table), _map(e.end, table), e.original)
            if e.step < later
            else e
            for e in out
        ]
    return sorted(out, key=lambda e: (e.start, e.step))


def _position_map(edits: list[Edit]) -> tuple[list[int], list[tuple[int, int, int]]]:
    """For one step's edits: their input starts (sorted) and (input start, input end, shift)."""
    rows, shift = [], 0
    for e in sorted(edits, key=lambda e: e.start):
        in_start = e.start - shift
        in_end = in_start + len(e.original)
        shift += (e.end - e.start) - len(e.original)
        rows.append((in_start, in_end, shift))
    return [r[0] for r in rows], rows


def _map(pos: int, table: tuple[list[int], list[tuple[int, int, int]]]) -> int:
    """Where input position ``pos`` of a step lands in the step's output."""
    starts, rows = table
    i = bisect_right(starts, pos) - 1
    while i >= 0 and rows[i][0] == pos and rows[i][1] > pos:
        i -= 1  # an edit starting exactly here does not move what comes before it
    if i < 0:
        return pos
    _, in_end, shift = rows[i]
    if pos < in_end:  # inside a replaced span: its end in the output
        return in_end + shift
    return pos + shift


def clean_lines_fast(lines: list[str]) -> list[tuple[str, list[Edit]]]:
    """:func:`clean_line` on many lines at once (lines hold no line breaks), with only the
    repair edits (:func:`repairs`), in the coordinates of the cleaned lines.

    The loader uses it for speed, and computes the full log with :func:`clean_line` only when
    it is asked for; the tests check that both give the same text. The regular expressions run
    once over all the lines joined; only lines that may hold a repair are cleaned step by step.

    Examples
    --------
    >>> [c for c, _ in clean_lines_fast([" 增长 4.5% ", "", "环境质量 方面 环境质量 方面 ， ，"])]
    ['增长4.5%', '', '环境质量方面，']
    """
    if not lines:
        return []
    raw = "\n".join(lines)
    if "\x00" in raw:  # NUL is the placeholder below: clean such text step by step
        return [(text, repairs(edits)) for text, edits in map(clean_line, lines)]
    # a white-space run between two ASCII letters or digits becomes one space; every other
    # white space (at the ends of a line too) goes
    joined = _INNER_WS.sub("", _KEEP_WS.sub("\\1\x00", raw).replace(" ", ""))
    joined = joined.replace("\x00", " ")
    texts = joined.split("\n")
    # the few lines that need a closer look, found over the whole text (no pattern crosses
    # a line break)
    raw_starts, starts = _line_starts(lines), _line_starts(texts)
    steps = set()
    m = _NEEDS_STEPS.search(raw)
    while m is not None:  # the first match of each line that has one
        i = bisect_right(raw_starts, m.start()) - 1
        steps.add(i)
        m = _NEEDS_STEPS.search(raw, raw_starts[i + 1]) if i + 1 < len(lines) else None
    dedupe = {bisect_right(starts, p) - 1 for p in _repeat_starts(joined)}
    out: list[tuple[str, list[Edit]]] = []
    for i, text in enumerate(texts):
        if i in dedupe and i not in steps:
            out.append(_apply(text, _dedupe_spans(text), 3))
        else:
            out.append((text, []))
    if steps:
        # these lines are cleaned step by step (steps 0 to 2 each), then step 3 where the
        # text has a repeat (found over all of them at once)
        slow = sorted(steps)
        done = [_run_steps(lines[i], _STEPS[:3]) for i in slow]
        slow_starts = _line_starts([t for t, _ in done])
        repeats = {
            bisect_right(slow_starts, p) - 1 for p in _repeat_starts("\n".join(t for t, _ in done))
        }
        for k, (i, (text, edits)) in enumerate(zip(slow, done, strict=True)):
            if k in repeats:
                text, more = _run_steps(text, _STEPS[3:])
                edits += more
            out[i] = (text, repairs(edits))
    return out


def _line_starts(lines: list[str]) -> list[int]:
    """Where each line starts in the lines joined by ``"\\n"`` (a position's line is found
    by ``bisect_right(starts, position) - 1``).

    >>> _line_starts(["ab", "", "c"])
    [0, 3, 4]
    """
    return list(itertools.accumulate((len(t) + 1 for t in lines[:-1]), initial=0))


def _repeat_starts(text: str) -> list[int]:
    """Where doubled punctuation and doubled phrases start in ``text``: the matches of
    ``_DUP_PUNCT`` and ``_DUP_PHRASE`` as ``finditer`` finds them, so every line of the text
    that holds one is among their lines (neither pattern crosses a line break).

    The doubled-phrase pattern tries up to 18 lengths at every character, which is slow on
    long texts; a doubled phrase of length ``L`` (3 to 20) repeats its first three and its last
    three characters ``L`` characters later, so the pattern is only tried where that is so
    for some ``L`` (found with array comparisons).

    >>> _repeat_starts("我们要环境质量方面环境质量方面，，好")
    [3, 15]
    >>> _repeat_starts("没有重复的句子。")
    []
    """
    code = _code_points(text)
    # doubled punctuation: where a run of one of ，。；、：！？ repeated begins
    same = code[1:] == code[:-1]
    at = np.flatnonzero(same)  # (few: the punctuation is looked up there only)
    same[at] = [c in _PUNCT_SET for c in code[at].tolist()]
    found = np.flatnonzero(same & ~np.r_[False, same[:-1]]).tolist()  # where each run begins
    cjk = _is_cjk(code)
    # trigram[i]: the characters i, i+1, i+2 in one number (a code point has 21 bits)
    wide = code.astype(np.uint64)
    trigram = (wide[:-2] << np.uint64(42)) | (wide[1:-1] << np.uint64(21)) | wide[2:]
    candidate = np.zeros(len(trigram), dtype=bool)
    for lag in range(3, min(21, len(trigram))):
        # the first three and the last three characters of the lag characters at i repeat
        # lag characters on (for lag 3, the same three)
        repeats = trigram[:-lag] == trigram[lag:]
        if len(repeats) <= lag - 3:
            break  # too short for a phrase of lag characters, or any longer one, twice
        hit = repeats[: len(repeats) - (lag - 3)] & repeats[lag - 3 :]
        candidate[: len(hit)] |= hit
    candidate &= cjk[:-2] & cjk[1:-1] & cjk[2:]  # and they are Chinese
    end = 0
    for p in np.flatnonzero(candidate).tolist():
        if p >= end:
            m = _DUP_PHRASE.match(text, p)
            if m:
                found.append(p)
                end = m.end()
    return sorted(found)


_PUNCT_SET = frozenset(map(ord, _DOUBLED_PUNCT))
_SPACED_AFTER = np.array([ord(c) for c in "，。、；："], dtype=np.uint32)


def _code_points(text: str) -> np.ndarray:
    """The text's characters as an array of code points."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _is_cjk(code: np.ndarray) -> np.ndarray:
    """Which code points are Chinese characters (the ranges of :data:`CJK`)."""
    cjk = np.zeros(len(code), dtype=bool)
    for lo, hi in _CJK_RANGES:
        cjk |= (code >= lo) & (code <= hi)
    return cjk


def is_segmented(text: str) -> bool:
    """Tell word-segmented text (spaces between Chinese words) from ordinary text.

    Examples
    --------
    >>> is_segmented("我们 深入 学习 贯彻 党 的 精神 。")
    True
    >>> is_segmented("我们深入学习贯彻党的精神。　　全省经济实现了目标。")
    False
    """
    code = _code_points(text)
    cjk = _is_cjk(code)
    # adjacent: a Chinese character followed by another
    adjacent = int(np.count_nonzero(cjk[:-1] & cjk[1:]))
    # spaced: a run of spaces (or ideographic spaces) after a Chinese character or one of
    # ，。、；： and before a Chinese character
    space = (code == 0x20) | (code == 0x3000)
    before = cjk | np.isin(code, _SPACED_AFTER)
    first = np.flatnonzero(space[1:] & ~space[:-1]) + 1  # a run's first space (not at 0)
    last = np.flatnonzero(space[:-1] & ~space[1:])  # a run's last space (not at the end)
    if len(first) and len(last) and last[0] < first[0]:
        last = last[1:]  # the run at the start of the text has no character before it
    first = first[: len(last)]
    spaced = int(np.count_nonzero(before[first - 1] & cjk[last + 1]))
    return spaced > 0 and spaced >= 0.2 * (spaced + adjacent)
