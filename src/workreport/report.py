"""Loading a work report into tidy tables: :func:`load_report` and :class:`Report`.

Loading runs in four stages, each pure and logged:

1. **Lines to stretches.** Each line of the file is cut where a new paragraph begins inside it
   (an ideographic-space indent ``　　`` in a file stored as one line; a numbered heading
   separated from its paragraph by a space). Each stretch is cleaned on its own
   (:mod:`workreport.clean`).
2. **Stretches to paragraphs.** In a file whose paragraphs are separated by blank lines,
   lines that follow each other without a blank line and break a sentence (wiki links,
   ``政府工作报\\n告``) are joined; a line holding several ``——`` bullets is split.
3. **What is not the report.** Web-page clutter or a news-agency dateline before the title,
   a licence footer after the end, and a second copy of the report are set aside (kept for
   the round trip, left out of the text); a table of contents is marked.
4. **Outline.** Heading candidates (:func:`workreport.structure.match_heading`) are sorted
   into parts and sections from the whole report (:func:`outline`).

Every repair is an anomaly (``Report.anomalies``); ``Report.reconstruct_bytes()`` rebuilds
a text file byte for byte from the cleaned text, what was set aside and the edit log (a Word
file, web page or PDF: the text read from it).

Anomaly kinds
-------------
``missing-title``, ``run-together-bullets``, ``duplicated-phrase``, ``doubled-punctuation``
(as before); ``fullwidth-folded``, ``radical-folded``, ``thousands-separator``,
``zero-width-removed``,
``spaced-number-joined`` (character repairs, :mod:`workreport.clean`);
``paragraphs-in-one-line`` (a line cut at an indent), ``heading-split`` (a part heading cut
from the paragraph it ran into), ``line-break-joined`` (a broken line joined);
``front-matter-removed`` (clutter, datelines, source lines), ``back-matter-removed`` (footers,
web back matter, annexes, glossaries), ``duplicate-copy`` (text set aside);
``page-furniture-removed``, ``table-as-text`` (reading a web page, Word file or PDF:
:mod:`workreport.formats`);
``table-of-contents``; ``no-part-headings`` (the body read as one part),
``heading-number-skipped`` (a part or section number missing from the sequence).
"""

from __future__ import annotations

import itertools
import os
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from .clean import CJK, WHITE_SPACE, Edit, clean_line, clean_lines_fast, is_segmented, undo_edits
from .constants import YEAR
from .errors import ReportFormatError, printable
from .formats import Extracted, NoteRow, extract
from .structure import (
    ZH_NUMERALS,
    Heading,
    lead_phrase,
    match_heading,
    parse_date,
    part_label,
    split_sentences,
    title_year,
)
from .tables import text_array
from .textio import DecodedText, read_file_bytes, split_lines, too_many_lines

__all__ = ["Report", "load_bytes", "load_report", "load_text", "outline", "parse_speaker"]

_BULLET_RUN = re.compile(r"(?<=[。！？])(?=——)")
_HAS_CJK = re.compile(f"[{CJK}]")
# a new paragraph inside a line: two or more ideographic spaces between text (spaces or tabs
# before them belong to the indent); see _indent_cuts
_INDENT = re.compile("\u3000{2,}")
# a numbered part heading followed, after white space, by its paragraph (plain text only)
_HEAD_THEN_TEXT = re.compile(
    rf"^[\s\u3000]*[{ZH_NUMERALS}]{{1,3}}、[^\s，。；：！？\d]{{2,40}}(?=[ \u3000]+[^\s\d])"
)
_INDENTED = re.compile(r"^(?:\u3000\u3000| {2,}|\t)")
_ENDS_SENTENCE = re.compile(r"[。！？!?；;：:…][”’」』）)\]]*$")
_DATE_LINE = re.compile(r"^[—―─–\-－~～]{1,4}\s*[（(]?\s*\S{0,12}?(?:\d|[〇○零一二])")
# a dateline without a dash: the date first (perhaps in parentheses), then the session
_DATE_ONLY = re.compile(
    r"[（(]?\s*[\d〇○零一二三四五六七八九十]{2,4}\s*年[\d〇○零一二三四五六七八九十\s]{1,3}月[\d〇○零一二三四五六七八九十\s]{1,3}日\s*[）)]?"
)
_BARE_DATE_LINE = re.compile(r"^[（(]?\s*(?:\d{4}|[〇○零一二][〇○零一二三四五六七八九]{3})\s*年")
_GREETING = re.compile(r"^[各名]位代表[：:！!，,]?$")
_TITLE = re.compile(r"报告|政府工作")
_CLUTTER = re.compile(
    r"来源[:：]|时间[:：]|发布[时日]|字号|打印|下载|收藏|分享|浏览|责任编辑|首页|当前位置|"
    r"[电讯]$|^\S{0,12}\d{1,2}月\d{1,2}日电|摄[）)]?$|图为|点击|登录|注册"
)
_FOOTER = re.compile(
    r"维基|Wikisource|本作品|公有领域|著作权|版权所有|Copyright|责任编辑|来源[:：]|打印本页|"
    r"关闭窗口|分享到|扫一扫|ICP备|字号|返回顶部|网站标识码|网站地图|联系我们|主办单位|备案号"
)
_CONTENTS = re.compile(r"^目\s*录$|^目次$")
# a source or editorial line of a newspaper's or website's copy, inside the preamble
_SOURCE_LINE = re.compile(
    r"^(?:来\s*源|稿\s*源|作\s*者|编\s*辑|责任编辑|发布时间|发布日期|时\s*间|日\s*期|记\s*者)\s*[:：]"
)
# where an annex or a glossary begins: a short heading of its own after the speech
_ANNEX = re.compile(
    r"^(?:附\s*件|附\s*录|附\s*表|附\s*[:：]|名词解释|名词注释|名词释义|注\s*释|注\s*解|词语解释)"
    r"\s*[0-9一二三四五六七八九十]{0,3}\s*[:：.、]?\s*$|^附件\s*[0-9一二三四五六七八九十]{0,3}\s*[:：]"
)
# web-page back matter that a scrape leaves at the end of the report's last paragraph
_WEB_FOOTER = re.compile(
    r"相关报道[:：]|相关新闻[:：]|相关链接[:：]|\[?责任编辑|【纠错】|扫一扫|打印本页|关闭窗口|"
    r"分享到[:：]?|【我要打印】|【关闭】|[【\[]?编辑[:：]|审核[:：]|[初复终]审[:：]"
)
_PUNCT_END = re.compile(r"[。！？!?；;：:，,、]$")
_NO_PUNCT = re.compile(rf"[{CJK}A-Za-z0-9]+")
_ASIDE = {
    "front": (
        "front-matter-removed",
        "set aside: page clutter or a dateline before the report's title",
    ),
    "source": ("front-matter-removed", "set aside: a source or editorial line of the preamble"),
    "footer": ("back-matter-removed", "set aside: a footer after the report's end"),
    "annex": (
        "back-matter-removed",
        "set aside: an annex or glossary after the speech (not part of the report)",
    ),
}


# the paragraph range and size of a part or a section (Report.parts, Report.sections)
_EXTENT = {
    "first_paragraph": ("paragraph_id", "min"),
    "last_paragraph": ("paragraph_id", "max"),
    "paragraphs": ("paragraph_id", "size"),
    "chars": ("n_chars", "sum"),
}


class _Stretch(NamedTuple):
    """A stretch of one line of the file, cleaned on its own."""

    line: int  # 1-based line number
    offset: int  # where the stretch starts in the line
    raw: str
    split: str = ""  # why the line was cut before this stretch ("" for a line's start)


@dataclass
class _Para:
    """A paragraph being assembled: pieces of cleaned stretches, its text and its notes."""

    line: int
    pieces: list[tuple[int, int, int]]  # (stretch, start, end) in the cleaned stretch
    text: str
    notes: list[dict] = field(default_factory=list)  # anomalies, offset into the paragraph


class _Layout(NamedTuple):
    """How a report's text was assembled, kept for the anomaly table and :meth:`Report.
    reconstruct` (both built only when asked for)."""

    kept: list[_Para]  # the paragraphs of the text, in order
    starts: list[int]  # where each starts in the text
    aside: list[tuple[_Para, str]]  # paragraphs left out, with the reason (a key of _ASIDE)
    extra: list[dict]  # anomalies found by the structure
    rows: list[tuple]  # each kept paragraph's part, section and role
    cleaned: list[str]  # each stretch cleaned


@dataclass(eq=False, repr=False)
class Report:
    """A loaded report: the cleaned text and its tidy tables.

    Reports compare by identity and print as one line.

    Attributes
    ----------
    name : str
        The file name (or the name given to :func:`load_text`).
    text : str
        The cleaned text: paragraphs joined by ``"\\n"``. All ``start``/``end`` offsets in the
        tables index into it.
    format : str
        ``"segmented"`` (words separated by spaces) or ``"plain"`` (as officially published).
    encoding : str
        The detected encoding of the file.
    paragraphs, sentences, anomalies, edits : pandas.DataFrame
        See :func:`load_report` (``sentences``, ``anomalies`` and ``edits`` are built when
        first used).

    Examples
    --------
    >>> load_text("政府工作报告\\n一、回顾\\n增长。\\n二、安排\\n", name="x.txt")
    <Report 'x.txt': 4 paragraphs, 2 parts>
    """

    name: str
    text: str
    format: str
    encoding: str
    paragraphs: pd.DataFrame
    _sentence_spans: list[tuple[int, int]]
    _decoded: DecodedText
    _lines: list[tuple[str, str]]
    _stretches: list[_Stretch]
    _layout: _Layout  # how the text was assembled (for the anomalies and reconstruct)
    source_format: str = "text"
    _notes: tuple[NoteRow, ...] = ()  # what reading a Word file, web page or PDF set aside

    def __repr__(self) -> str:
        return f"<Report {self.name!r}: {len(self.paragraphs)} paragraphs, {len(self.parts)} parts>"

    @cached_property
    def sentences(self) -> pd.DataFrame:
        """One row per sentence (see :func:`load_report`)."""
        return _sentences(self.paragraphs, self.text, self._sentence_spans, self.sentence_starts)

    @cached_property
    def sentence_starts(self) -> np.ndarray:
        """Where each sentence starts in :attr:`text` (sentence ``n`` at
        ``sentence_starts[n - 1]``), without building the sentence table."""
        return np.fromiter(
            (a for a, _ in self._sentence_spans), dtype=np.int64, count=len(self._sentence_spans)
        )

    @cached_property
    def _anomaly_rows(self) -> list[tuple[str, int | None, int, int, str, str]]:
        """The anomalies as rows (built when first needed)."""
        kept, starts, aside, extra, rows, _ = self._layout
        read = [
            (kind, None, line, 0, original, action) for kind, line, original, action in self._notes
        ]
        return read + _anomaly_rows(
            kept, starts, self._stretches, aside, extra, rows, len(self.text)
        )

    @cached_property
    def anomalies(self) -> pd.DataFrame:
        """One row per anomaly (see :func:`load_report`)."""
        return _anomaly_frame(self._anomaly_rows)

    @cached_property
    def _stretch_edits(self) -> list[list[Edit]]:
        """The full cleaning log of each stretch (computed when first needed)."""
        return [clean_line(s.raw)[1] for s in self._stretches]

    @property
    def title(self) -> str:
        """The title paragraph, or ``""`` when the report has none (logged as an anomaly)."""
        return next(iter(self._texts_of("title")), "")

    def _texts_of(self, role: str) -> list[str]:
        """The texts of the paragraphs with a role, in order."""
        roles, texts = self.paragraphs["role"].tolist(), self.paragraphs["text"].tolist()
        return [t for r, t in zip(roles, texts, strict=True) if r == role]

    @cached_property
    def date(self) -> str:
        """The delivery date as ``YYYY-MM-DD`` from the ``——date`` line, or ``""``.

        The date may be written in any digits: ``２０１０年３月５日``, ``1 9 9 8 年``,
        ``二〇二六年一月二十七日``.
        """
        for text in self._texts_of("date"):
            ymd = parse_date(text)
            if ymd:
                return "{:04d}-{:02d}-{:02d}".format(*ymd)
        return ""

    @cached_property
    def year(self) -> int | None:
        """The year the report was delivered (from its date line, else from a title such as
        ``2007政府工作报告``, else the year its plan part names), or ``None``."""
        if self.date:
            return int(self.date[:4])
        m = re.search(rf"({YEAR})\s*年?(?:国务院)?政府工作报告", self.title)
        if m:
            return int(m.group(1))
        # no date line and no year in the title: the year the plan part names, if one does
        # (a report plans for the year it is delivered in); a part's label and year are those
        # of its heading, on each of its paragraphs, and parts come in the order of their
        # numbers
        para = self.paragraphs
        for part, label, year in zip(
            para["part"].tolist(),
            para["part_label"].tolist(),
            para["part_year"].tolist(),
            strict=True,
        ):
            if part > 0 and label == "plan" and not pd.isna(year):
                return int(year)
        return None

    @property
    def speaker(self) -> str:
        """The speaker's name (e.g. ``楼阳生``), from the speaker line or the dateline, or
        ``""``; their office is :attr:`speaker_office`."""
        return self._speaker[1]

    @property
    def speaker_office(self) -> str:
        """The speaker's office as the report gives it (``省长``, ``代省长``, ``主席``,
        ``国务院总理`` …), or ``""``."""
        return self._speaker[0]

    @cached_property
    def _speaker(self) -> tuple[str, str]:
        for text in (*self._texts_of("speaker"), *self._texts_of("date")):
            found = parse_speaker(text)
            if found:
                return found
        return "", ""

    @cached_property
    def edits(self) -> pd.DataFrame:
        """Every change the cleaning made, one row each, with the columns ``line``, ``step``,
        ``kind``, ``start``, ``end`` (in the coordinates of the step's output), ``original``,
        and ``offset`` (where the cleaned stretch starts in its line; 0 unless a line was cut
        into paragraphs)."""
        return pd.DataFrame(
            [
                (s.line, *e, s.offset)
                for s, es in zip(self._stretches, self._stretch_edits, strict=True)
                for e in es
            ],
            columns=["line", "step", "kind", "start", "end", "original", "offset"],
        )

    @cached_property
    def parts(self) -> pd.DataFrame:
        """One row per part, with its number, title, English label, year, paragraph range and
        size."""
        body = self.paragraphs[self.paragraphs["part"] > 0]
        heading = {c: (f"part_{c}", "first") for c in ("title", "label", "year")}
        sections = ("section", "nunique")
        return body.groupby("part").agg(**heading, **_EXTENT, sections=sections).reset_index()

    @cached_property
    def sections(self) -> pd.DataFrame:
        """One row per section, with its part, number, title, paragraph range and size."""
        body = self.paragraphs[self.paragraphs["section"].notna()]
        title = ("section_title", "first")
        out = body.groupby(["part", "section"]).agg(title=title, **_EXTENT).reset_index()
        out["section"] = out["section"].astype(int)
        return out

    def reconstruct(self) -> str:
        """Rebuild the original decoded text from the cleaned text, the text set aside and the
        edit log.

        Examples
        --------
        >>> r = load_text("一、回顾\\n 增长 4.5% ， ， \\n", name="x")
        >>> r.reconstruct() == "一、回顾\\n 增长 4.5% ， ， \\n"
        True
        """
        # each stretch's pieces, kept in the text or set aside, by where they start in it
        layout = self._layout
        pieces: list[list[tuple[int, str]]] = [[] for _ in self._stretches]
        for p, at in zip(layout.kept, layout.starts, strict=True):
            for k, a, b, offset in _piece_offsets(p.pieces):
                pieces[k].append((a, self.text[at + offset : at + offset + b - a]))
        for p, _ in layout.aside:
            for k, a, b in p.pieces:
                pieces[k].append((a, layout.cleaned[k][a:b]))
        lines: list[list[str]] = [[] for _ in self._lines]
        for i, s in enumerate(self._stretches):
            cleaned = "".join(t for _, t in sorted(pieces[i], key=lambda p: p[0]))
            lines[s.line - 1].append(undo_edits(cleaned, self._stretch_edits[i]))
        return "".join(
            "".join(parts) + terminator
            for parts, (_, terminator) in zip(lines, self._lines, strict=True)
        )

    def reconstruct_bytes(self) -> bytes:
        """Rebuild the original file's bytes (encoding and byte-order mark included); for a
        Word file, web page or PDF, the UTF-8 bytes of the text read from it (what extraction
        set aside is in the anomalies)."""
        return self._decoded.encode(self.reconstruct())


def load_report(path: str | Path) -> Report:
    """Load a work report file into a :class:`Report`.

    Accepts word-segmented text (like the project's copy) and ordinary text as officially
    published or as found on the web (one paragraph per line or separated by blank lines, a
    whole report on one line, wiki-link line breaks, page clutter, full-width digits), UTF-8
    with or without BOM, GB18030/GBK, LF or CRLF line ends. Raises
    :class:`~workreport.errors.ReportFormatError` naming the file and the problem for a
    missing, empty, binary or undecodable file, or one with no Chinese text. A report whose
    headings cannot be found is read as one part (anomaly ``no-part-headings``).

    The report's tables:

    ``paragraphs``
        ``paragraph_id`` (1, 2, …), ``line`` (1-based line of the file it starts on),
        ``role`` (title, subtitle, date, speaker, contents, greeting, opening, part-heading,
        section-heading, bullet, body), ``part`` (0 for the preamble), ``part_title``,
        ``part_label`` (review/plan/government/outlook/other), ``part_year``, ``section``,
        ``section_title``, ``lead`` (lead phrase or ``""``), ``start``, ``end`` (offsets
        into :attr:`Report.text`), ``n_chars``, ``text``.
    ``sentences``
        ``sentence_id``, ``paragraph_id``, ``n`` (1-based within the paragraph), ``start``,
        ``end``, ``text``.
    ``anomalies``
        ``kind``, ``paragraph_id``, ``line``, ``position`` (offset into the text),
        ``original``, ``action``: every repair and every oddity found (kinds listed in the
        module's documentation).
    ``edits``
        Every change the cleaning made (``line``, ``step``, ``kind``, ``start``, ``end``,
        ``original``, ``offset``), enough to rebuild the original (:meth:`Report.reconstruct`).
    """
    data = read_file_bytes(check_path(path, "load_report(path)"))
    extracted = extract(data, path=path, suffix=Path(path).suffix)
    return _build(extracted.decoded, name=Path(path).name, path=path, extracted=extracted)


def check_path(path: object, where: str) -> str | Path:
    """``path`` if it can name a report file; else a one-line error naming the argument
    (``where``) and what to pass instead.

    Bytes raise :class:`TypeError` (a file's contents go to :func:`load_bytes`); a string that
    names no file and holds a line break or is longer than a file name can be is a report's
    text, and raises :class:`~workreport.errors.ReportFormatError` pointing to
    :func:`load_text`.

    >>> check_path(b"/tmp/r.txt", "analyse(source)")
    Traceback (most recent call last):
    ...
    TypeError: analyse(source): expected a file path (str or pathlib.Path), not bytes; ...
    >>> check_path("甲" * 300, "analyse(source)")  # doctest: +ELLIPSIS, +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    workreport.errors.ReportFormatError: analyse(source): got text (300 characters: ...), not a
    file path; for a report held in a string, use workreport.load_text(text)
    """
    if isinstance(path, (bytes, bytearray, memoryview)):
        raise TypeError(
            f"{where}: expected a file path (str or pathlib.Path), not {type(path).__name__}; "
            "for a file's contents use workreport.load_bytes(data), for a bytes file name "
            "os.fsdecode(name)"
        )
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(
            f"{where}: expected a file path (str or pathlib.Path), not {type(path).__name__}"
        )
    if isinstance(path, str) and ("\n" in path or len(path) > 255) and not os.path.exists(path):
        start = printable(path[:20]) + ("…" if len(path) > 20 else "")
        raise ReportFormatError(
            None,
            f"{where}: got text ({len(path)} characters: {start}), not a file path; "
            "for a report held in a string, use workreport.load_text(text)",
        )
    return path if isinstance(path, (str, Path)) else Path(path)


def load_text(text: str, *, name: str = "<text>") -> Report:
    """Load a report from a string (see :func:`load_report`).

    Examples
    --------
    >>> text = "政府工作报告\\n一、2016年工作回顾\\n经济增长。\\n二、2017年工作安排\\n"
    >>> r = load_text(text, name="t")
    >>> r.parts[["part", "title", "label", "year"]].values.tolist()
    [[1, '2016年工作回顾', 'review', 2016], [2, '2017年工作安排', 'plan', 2017]]
    """
    if not isinstance(text, str):
        hint = "; for a file's bytes use workreport.load_bytes(data)" if _is_bytes(text) else ""
        raise TypeError(f"load_text(text): expected str, not {type(text).__name__}{hint}")
    return _build(DecodedText(text, "utf-8"), name=name, path=name)


def load_bytes(data: bytes, *, name: str = "<bytes>") -> Report:
    """Load a report from raw bytes, of any format :func:`load_report` reads (told from the
    bytes; a ``name`` ending in ``.html`` marks a web page)."""
    if not _is_bytes(data):
        hint = "; for text use workreport.load_text(text)" if isinstance(data, str) else ""
        raise TypeError(f"load_bytes(data): expected bytes, not {type(data).__name__}{hint}")
    extracted = extract(bytes(data), path=name, suffix=Path(name).suffix)
    return _build(extracted.decoded, name=name, path=name, extracted=extracted)


def _is_bytes(value: object) -> bool:
    return isinstance(value, (bytes, bytearray, memoryview))


# --- stage 1: lines to stretches -------------------------------------------------------------


def _stretches(lines: list[tuple[str, str]], *, plain: bool) -> list[_Stretch]:
    """Cut each line where a paragraph begins inside it.

    Examples
    --------
    >>> [(s.raw, s.split) for s in _stretches([("甲。　　乙。", "")], plain=True)]
    [('甲。', ''), ('\\u3000\\u3000乙。', 'paragraphs-in-one-line')]
    """
    out = []
    for number, (line, _) in enumerate(lines, start=1):
        cuts: list[tuple[int, str]] = []
        # (an indent with only white space before it, as at a line's start, is no cut)
        if "\u3000\u3000" in line.lstrip():
            cuts += [(at, "paragraphs-in-one-line") for at in _indent_cuts(line)]
        if plain:
            m = _HEAD_THEN_TEXT.match(line)
            if m and "。" in line[m.end() :]:
                cuts.append((m.end(), "heading-split"))
        cuts.sort()
        pos, why = 0, ""
        for cut, reason in cuts:
            if cut > pos:
                out.append(_Stretch(number, pos, line[pos:cut], why))
                pos, why = cut, reason
        out.append(_Stretch(number, pos, line[pos:], why))
    return out


def _indent_cuts(line: str) -> list[int]:
    """Where a new paragraph begins inside a line: at an indent of two or more ideographic
    spaces (with any spaces or tabs before them) that has text on both sides, the text before
    it not ending in white space or a zero-width space.

    Examples
    --------
    >>> _indent_cuts("\u3000\u3000甲。\u3000\u3000乙。 \t\u3000\u3000丙。\u3000\u3000")
    [4, 8]
    >>> _indent_cuts("甲\u3000 \u3000\u3000乙"), _indent_cuts("甲\u200b\u3000\u3000乙")
    ([], [])
    """
    cuts = []
    for m in _INDENT.finditer(line):
        start, end = m.span()
        if end == len(line) or line[end].isspace():
            continue  # no text after the indent
        while start and line[start - 1] in " \t":
            start -= 1
        if start and not line[start - 1].isspace() and line[start - 1] != "\u200b":
            cuts.append(start)
    return cuts


# --- stage 2: stretches to paragraphs --------------------------------------------------------


def _joinable(before: str, after: str, raw_after: str) -> bool:
    """Whether a line that follows another without a blank line continues its sentence.

    Examples
    --------
    >>> _joinable("政府工作报", "告", "告"), _joinable("增长。", "今年", "今年")
    (True, False)
    >>> _joinable("细颗粒物（PM", "2.5", "2.5"), _joinable("一、回顾", "过去一年", "过去一年")
    (True, False)
    >>> _joinable("（一）脱贫成果巩固。脱贫人口人均纯", "收入增长14%。", "收入增长14%。")
    True
    """
    if _ENDS_SENTENCE.search(before) or _INDENTED.match(raw_after):
        return False
    if after.startswith(("——", "各位代表")) or _DATE_LINE.match(before):
        return False
    if _numbered(after):
        return False  # a numbered paragraph starts here
    h = _numbered(before)
    return not (h and h.alone)  # a heading line ends there


def _paragraphs(
    stretches: list[_Stretch], cleaned: list[tuple[str, list[Edit]]], lines: list[tuple[str, str]]
) -> list[_Para]:
    """Assemble paragraphs from cleaned stretches (stage 2)."""
    texts = [c for c, _ in cleaned]
    blank = [not s.raw.strip(WHITE_SPACE) for s in stretches]
    # blanks_before[k]: how many of the stretches before k are blank (a blank between a and b:
    # blanks_before[b] > blanks_before[a + 1])
    blanks_before = list(itertools.accumulate(blank, initial=0))
    visible = [i for i, t in enumerate(texts) if t]
    # blank-line separated? count the gaps between visible stretches of different lines
    separated = adjacent = 0
    for a, b in itertools.pairwise(visible):
        if stretches[a].line == stretches[b].line:
            continue
        if blanks_before[b] > blanks_before[a + 1]:
            separated += 1
        else:
            adjacent += 1
    by_blank = separated > adjacent
    paras: list[_Para] = []
    prev = -1
    for i in visible:
        s, (text, repairs) = stretches[i], cleaned[i]
        join = (
            by_blank
            and paras
            and s.line != stretches[prev].line
            and not s.split
            and blanks_before[i] == blanks_before[prev + 1]
            and _joinable(paras[-1].text, text, s.raw)
        )
        if join:
            para = paras[-1]
            gap = "".join(
                lines[n - 1][1] + (lines[n][0] if n < s.line - 1 else "")
                for n in range(stretches[prev].line, s.line)
            )
            para.notes.append(
                _note("line-break-joined", len(para.text), gap, "joined the broken line")
            )
        else:
            para = _Para(s.line, [], "")
            paras.append(para)
            if s.split:
                action = (
                    "cut the line into paragraphs at the indent"
                    if s.split == "paragraphs-in-one-line"
                    else "cut the part heading from the paragraph it ran into"
                )
                para.notes.append(_note(s.split, 0, s.raw[:12], action))
        base = len(para.text)
        para.notes += [
            _note(e.kind, base + e.start, e.original, _repair_action(e)) for e in repairs
        ]
        para.pieces.append((i, 0, len(text)))
        para.text += text
        prev = i
    out = []
    for para in paras:
        out += _split_bullets(para)
    return out


def _note(kind: str, offset: int, original: str, action: str) -> dict:
    return {"kind": kind, "offset": offset, "original": original, "action": action}


def _repair_action(e: Edit) -> str:
    if e.kind in ("duplicated-phrase", "doubled-punctuation"):
        return f"removed the repeated {e.original!r}"
    if e.kind == "fullwidth-folded":
        return "folded full-width characters to ASCII"
    if e.kind == "thousands-separator":
        return "read the full-width comma between digit groups as a thousands separator"
    if e.kind == "zero-width-removed":
        return "removed zero-width characters"
    if e.kind == "radical-folded":
        return "folded Kangxi radicals or compatibility ideographs to unified ideographs (NFKC)"
    return "closed up a number typeset digit by digit"


def _split_bullets(para: _Para) -> list[_Para]:
    """Split a paragraph holding several ``——`` bullets (anomaly ``run-together-bullets``)."""
    text = para.text
    if not text.startswith("——"):
        return [para]
    cuts = [m.start() for m in _BULLET_RUN.finditer(text)]
    if not cuts:
        return [para]
    out = []
    for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True):
        part = _Para(para.line, _cut_pieces(para.pieces, a, b), text[a:b])
        part.notes = [
            {**n, "offset": n["offset"] - a}
            for n in para.notes
            if a <= n["offset"] < b or (b == len(text) and n["offset"] == b)
        ]
        if a:
            part.notes.insert(
                0,
                _note(
                    "run-together-bullets",
                    0,
                    text[max(0, a - 6) : a + 8],
                    "split into two paragraphs at the second '——' bullet",
                ),
            )
        out.append(part)
    return out


def _cut_pieces(pieces: list[tuple[int, int, int]], a: int, b: int) -> list[tuple[int, int, int]]:
    """The pieces of a paragraph's text ``[a, b)`` (pieces: stretch, start, end)."""
    out, pos = [], 0
    for stretch, start, end in pieces:
        lo, hi = max(a, pos), min(b, pos + end - start)
        if lo < hi or (lo == hi == a == b):
            out.append((stretch, start + lo - pos, start + hi - pos))
        pos += end - start
    return out


# --- stage 3: what is not the report -----------------------------------------------------------


# an office: 省长, 代省长, 常务副省长, 国务院副总理兼国家计划委员会主任, 国务委员兼…主任
_OFFICE_WORD = r"(?:常务)?副?(?:代理|代)?(?:总理|省长|市长|主席|区长|县长|州长|盟长|旗长)|国务委员"
_OFFICE = rf"(?:{_OFFICE_WORD})(?:兼[{CJK}]{{1,14}}?(?:主任|部长|主席|局长|行长))?"
_NAME_END = r"(?=同志|作|在|所作|的讲话|[（(，,。：:）)]|$)"
# the office, then the name (``省长 王予波``, ``山西省省长金湘军作…``); the name runs to the
# first word that ends it, so it is kept whole whatever the spaces inside it
_OFFICE_NAME = re.compile(
    rf"(?P<pre>国务院)?(?P<office>{_OFFICE})\s*(?P<name>[{CJK}](?:[{CJK}·•・]|\s(?=[{CJK}])){{1,11}}?)\s*{_NAME_END}"
)
# the name, then the office, right after the date (``——2025年1月15日龚正市长在…``)
_NAME_OFFICE = re.compile(rf"日\s*(?P<name>[{CJK}]{{2,4}}?)\s*(?P<office>{_OFFICE})(?=在|作|\s)")


def parse_speaker(text: str) -> tuple[str, str] | None:
    """The speaker's office and name in a speaker line or a dateline, or ``None``.

    >>> parse_speaker("省长 张 天喜"), parse_speaker("国务院总理　李克强")
    (('省长', '张天喜'), ('国务院总理', '李克强'))
    >>> parse_speaker("2025年1月17日在山西省第十四届人民代表大会第三次会议上山西省省长金湘军作报告")
    ('省长', '金湘军')
    >>> parse_speaker("----2025年1月15日龚正市长在上海市第十六届人民代表大会第三次会议的报告")
    ('市长', '龚正')
    >>> parse_speaker("自治区主席 艾尔肯·吐尼亚孜"), parse_speaker("——2025年1月14日在会议上")
    (('主席', '艾尔肯·吐尼亚孜'), None)
    >>> parse_speaker("国务院副总理兼国家计划委员会主任李富春"), parse_speaker("常务副省长 李四")
    (('国务院副总理兼国家计划委员会主任', '李富春'), ('常务副省长', '李四'))
    >>> parse_speaker("国务委员兼国家计划委员会主任邹家华")
    ('国务委员兼国家计划委员会主任', '邹家华')
    >>> parse_speaker("（某省人民政府省长 王凯）")
    ('省长', '王凯')
    """
    m = _OFFICE_NAME.search(text) or _NAME_OFFICE.search(text)
    if not m:
        return None
    pre = m.groupdict().get("pre") or ""
    return pre + m.group("office"), re.sub(r"\s+", "", m.group("name"))


def _is_date_line(text: str) -> bool:
    """A dateline: ``——2010年3月5日在…``, ``－－1984年…``, ``——1 9 9 8 年…``, ``――`` or
    ``----`` for the dash, in parentheses, or with no dash (``2025年1月17日在…会议上``).

    >>> _is_date_line("2025年1月17日在山西省第十四届人民代表大会第三次会议上")
    True
    >>> _is_date_line("――2025年1月15日"), _is_date_line("（2025年1月15日在…会议上）")
    (True, True)
    >>> _is_date_line("2024年，全省地区生产总值增长5%。")
    False
    >>> _is_date_line("（2025年1月18日）"), _is_date_line("二〇二五年一月十八日")
    (True, True)
    """
    if _DATE_LINE.match(text):
        return parse_date(text) is not None or "会议" in text
    if _DATE_ONLY.fullmatch(text) and parse_date(text) is not None:
        return True
    return (
        bool(_BARE_DATE_LINE.match(text))
        and len(text) <= 150
        and "会议" in text
        and parse_date(text[:20]) is not None
    )


def _numbered(text: str) -> Heading | None:
    """The paragraph's heading if it is a numbered one (一、, （一）, 第一部分 …), else ``None``."""
    h = match_heading(text)
    return h if h is not None and h.style != "unnumbered" else None


def _front_matter(texts: list[str]) -> int:
    """How many leading paragraphs come before the report begins (web clutter, a dateline).

    The walk goes back from the first date line or greeting over short preamble lines and
    stops at clutter or at a sentence; the report begins at the earliest title met (a line
    with 报告 or 政府工作), or where the walk stopped.

    Examples
    --------
    >>> page = ["首页", "来源：新华网 时间：2024-03-05", "政府工作报告", "——2024年3月5日"]
    >>> _front_matter([*page, "各位代表："])
    2
    >>> _front_matter(["政府工作报告", "各位代表："]), _front_matter(["一、回顾", "增长。"])
    (0, 0)
    >>> _front_matter(["首页", "2025年政府工作报告", "来源：山西日报", "2025年1月17日在…会议上"])
    1
    >>> _front_matter(["一、2024年工作回顾", "增长。", "2024年9月10日，全省发展大会在郑州召开。"])
    0
    """
    limit = min(len(texts), 100)
    # (a dateline without a dash only before the body's first numbered heading: in the body,
    # 2024年9月10日，…会议在郑州召开 is a sentence)
    body = next((i for i in range(limit) if _numbered(texts[i])), limit)
    anchor = next(
        (
            i
            for i in range(limit)
            if _GREETING.match(texts[i])
            or (_is_date_line(texts[i]) and (i < body or _DATE_LINE.match(texts[i])))
        ),
        None,
    )
    if anchor is None:
        return 0
    start, title = anchor, None
    for i in range(anchor - 1, -1, -1):
        t = texts[i]
        if len(t) <= 80 and _SOURCE_LINE.match(t):
            continue  # a source line between title and dateline (set aside on its own)
        if len(t) > 60 or "。" in t or _CLUTTER.search(t):
            break
        start = i
        if _TITLE.search(t):
            title = i
    return start if title is None else title


def _back_matter(texts: list[str], *, first: int, end: int | None = None) -> int:
    """Where the trailing clutter before ``end`` (a licence footer, page links, lines without
    Chinese, a repeat of the report's title or opening lines) begins.

    Examples
    --------
    >>> texts = ["各位代表！", "努力奋斗！", "本作品在中国大陆属于公有领域。", "Public domain"]
    >>> _back_matter(texts, first=0)
    2
    >>> opening = ["政府工作报告", "各位代表：", "现在，我代表省人民政府报告工作。"]
    >>> _back_matter([*opening, "甲。", "乙。", "丙。", "奋斗！", opening[0], opening[2]], first=0)
    7
    """
    end = len(texts) if end is None else end
    greeting = next(
        (i for i in range(first, min(end, first + 8)) if _GREETING.match(texts[i])), None
    )
    opening = set(texts[first:greeting] + texts[greeting + 1 : greeting + 2]) if greeting else set()
    while end - 1 > first and (
        not _HAS_CJK.search(texts[end - 1])
        or (_FOOTER.search(texts[end - 1]) and len(texts[end - 1]) < 300)
        or _WEB_FOOTER.match(texts[end - 1])
        or (end - 1 > first + 4 and texts[end - 1] in opening)
    ):
        end -= 1
    return end


def _annex(texts: list[str], *, first: int) -> int:
    """Where an annex or a glossary (``附件``, ``名词解释`` …) begins: the first such heading
    past the middle of the report's characters with no closing address (各位代表…) after it
    (the speech ends before its annexes), or the end of the text.

    >>> body = ["各位代表："] + ["增长。"] * 8
    >>> _annex([*body, "附件", "一、民生实事", "名词解释"], first=0)
    9
    >>> _annex([*body, "附件：十项民生实事"], first=0), _annex(["附件", *body], first=0)
    (9, 10)
    >>> _annex([*body, "附件：十项民生实事", "各位代表！让我们团结奋斗！"], first=0)
    11
    """
    n = len(texts)
    lengths = [len(t) for t in texts[first:]]
    half, seen = sum(lengths) / 2, 0
    closing = max((i for i in range(first, n) if texts[i].startswith("各位代表")), default=-1)
    for i in range(first, n):
        if seen >= half and i > closing and len(texts[i]) <= 40 and _ANNEX.match(texts[i]):
            return i
        seen += lengths[i - first]
    return n


def _source_lines(texts: list[str], *, first: int, stop: int) -> list[int]:
    """Source and editorial lines (``来源：山西日报``) among the preamble's lines, before the
    greeting or the first part heading (at most twelve lines)."""
    out = []
    for i in range(first, min(stop, first + 12)):
        if _GREETING.match(texts[i]) or _numbered(texts[i]):
            break
        if len(texts[i]) <= 80 and _SOURCE_LINE.match(texts[i]):
            out.append(i)
    return out


def _split_heading(head: str, tail: str) -> bool:
    """Whether ``tail`` is the rest of a numbered heading broken after ``head``: a short
    line without punctuation that is not a heading of its own.

    >>> _split_heading("三、持续提升政府", "治理效能和服务水平")
    True
    >>> _split_heading("三、持续提升政府治理效能", "现在，我代表省人民政府报告工作。")
    False
    """
    h = _numbered(head)
    if not (h and h.alone) or _PUNCT_END.search(head):
        return False
    return (
        2 <= len(tail) <= 20
        and len(head) + len(tail) <= 40
        and _NO_PUNCT.fullmatch(tail) is not None
        and not _numbered(tail)
    )


def _join_split_headings(paras: list[_Para]) -> list[_Para]:
    """Numbered headings broken over two lines or Word paragraphs, joined (logged)."""
    out: list[_Para] = []
    i = 0
    while i < len(paras):
        p = paras[i]
        if i + 2 < len(paras) and _split_heading(p.text, paras[i + 1].text):
            q = paras[i + 1]
            note = _note(
                "line-break-joined", len(p.text), "", "joined a heading split over two lines"
            )
            notes = [*p.notes, note, *({**n, "offset": n["offset"] + len(p.text)} for n in q.notes)]
            out.append(_Para(p.line, p.pieces + q.pieces, p.text + q.text, notes))
            i += 2
        else:
            out.append(p)
            i += 1
    return out


def _cut_web_footer(paras: list[_Para]) -> tuple[list[_Para], int]:
    """Where web-page back matter (``相关报道：``, ``责任编辑：``, ``打印本页``, ``编辑：``)
    begins among the last eight paragraphs: the paragraphs, the one that holds it cut after
    the end of the sentence it follows, and the index of the first paragraph of back matter
    (everything from it to the end is set aside), or ``len(paras)``."""
    out = list(paras)
    for i in range(max(0, len(out) - 8), len(out)):  # (the footer may come before a repeat)
        text = out[i].text
        for m in _WEB_FOOTER.finditer(text):
            if m.start() == 0:
                return out, i
            if re.search(r"[。！？!?”]\s*$", text[: m.start()]):
                head, rest = _cut_para(out[i], m.start())
                out[i : i + 1] = [head, rest]
                return out, i + 1
    return out, len(out)


def _duplicate_copy(texts: list[str], *, min_chars: int = 20) -> int | None:
    """Where a second copy of the report begins, or ``None``.

    The copy is the shortest tail of the text in which at least 90% of the long paragraphs
    (five or more, a fifth of all) repeat earlier ones; short paragraphs that repeat earlier
    text just before it (a title, a date line) belong to it.

    Examples
    --------
    >>> body = [f"第{i}段的内容相当长，足以作为证据使用，不会重复。" for i in range(8)]
    >>> _duplicate_copy(["报告", *body, "报告", *body])
    9
    >>> _duplicate_copy(body) is None
    True
    """
    seen: dict[str, int] = {}
    repeat = []
    for i, t in enumerate(texts):
        repeat.append(t in seen)
        seen.setdefault(t, i)
    long = [len(t) >= min_chars for t in texts]
    total = sum(long)
    best, n_long, n_repeat = None, 0, 0
    for i in range(len(texts) - 1, -1, -1):
        if long[i]:
            n_long += 1
            n_repeat += repeat[i]
            if repeat[i] and n_repeat >= max(5, 0.2 * total) and n_repeat >= 0.9 * n_long:
                best = i
    if best is None:
        return None
    while best > 0 and not long[best - 1] and seen[texts[best - 1]] < best - 1:
        best -= 1
    return best


def _contents(texts: list[str], *, end: int) -> list[int]:
    """Paragraphs of a table of contents before ``end`` (the greeting): after a ``目录`` line,
    or a run of three or more headings that all come again later in the text.

    Examples
    --------
    >>> t = ["报告", "目录", "一、总任务", "二、概要", "各位代表：", "一、总任务", "正", "二、概要"]
    >>> _contents(t, end=4)
    [1, 2, 3]
    >>> heads = ["一、总任务", "二、概要", "三、问题"]
    >>> _contents(["报告", *heads, "各位代表：", *heads], end=4)
    [1, 2, 3]
    """
    later = set(texts[end:])
    for i in range(end):
        if _CONTENTS.match(texts[i]):
            j = i + 1
            while j < end and match_heading(texts[j]):
                j += 1
            return list(range(i, j))
    run: list[int] = []
    best: list[int] = []
    for i in range(end):
        if match_heading(texts[i]) and texts[i] in later:
            run.append(i)
            if len(run) > len(best):
                best = list(run)
        else:
            run = []
    return best if len(best) >= 3 else []


# --- stage 4: the outline ----------------------------------------------------------------------

_SECTION_STYLES = ("bracketed", "numeral", "ordinal", "part-of")


def _chain(
    cands: list[tuple[int, Heading]], *, alone: bool | None
) -> tuple[list[tuple[int, Heading]], list[tuple[int, int]]]:
    """The headings of one numbering style that form the sequence 1, 2, 3 … of one level.

    Only headings of one form count (standing alone, or running into their paragraph; either,
    when ``alone`` is ``None``). A restart at 1 — by any numbered paragraph, a heading or not —
    opens a nested list whose items are not part of the sequence; one missing number is
    allowed (returned in the second list as ``(paragraph, missing number)``).
    """
    chain: list[tuple[int, Heading]] = []
    skipped: list[tuple[int, int]] = []
    current, nested, nested_alone = 0, None, None
    for i, h in cands:
        n = h.number
        if n is None:  # an unnumbered heading belongs to no numbered sequence
            continue
        form = alone is None or h.alone == alone
        fits = h.fits and form and current < n <= current + 2 and (current or n <= 2)
        if (
            nested is not None
            and n == nested + 1
            and not (fits and n == current + 1 and nested_alone != alone)
        ):
            nested = n
            continue
        if fits:
            if n > current + 1:
                skipped.append((i, current + 1))
            chain.append((i, h))
            current, nested = n, None
        elif n == 1 and current >= 1:
            nested, nested_alone = 1, h.alone
    return chain, skipped


def _best_chain(
    cands: list[tuple[int, Heading]], *, forms: tuple[bool, ...] = (True, False)
) -> tuple[list, list]:
    """The longer of the chains of headings standing alone and running in (alone wins ties)."""
    if cands and cands[0][1].style == "unnumbered":
        return list(cands), []
    best: tuple[list, list] = ([], [])
    for alone in forms:
        chain = _chain(cands, alone=alone)
        if len(chain[0]) > len(best[0]):
            best = chain
    return best


def _sections(
    cands: list[tuple[int, Heading]], *, stop: int, numbered: set[int], top: str | None
) -> tuple[list, list]:
    """The sections of one part: the chain of one style (and form) that has the most headings
    standing alone, then the most headings.

    A chain needs two sections. ``第一，`` enumerations, and headings numbered like the parts
    (a second ``一、`` sequence inside a part), need two standalone headings; a chain of
    ``一、`` or ``第一，`` that all run into their paragraph must open a block of paragraphs
    somewhere (else it is a list of numbered paragraphs).
    """
    best: tuple[list, list] = ([], [])
    best_key = (0, 0)
    for style in dict.fromkeys(h.style for _, h in cands):
        if style not in _SECTION_STYLES:
            continue
        of_style = [c for c in cands if c[1].style == style]
        for alone in (True, False, None):
            chain, missing = _chain(of_style, alone=alone)
            n_alone = sum(h.alone for _, h in chain)
            if len(chain) < 2 or (style in ("ordinal", top) and n_alone < 2):
                continue
            if style != "bracketed" and n_alone == 0 and not _opens_block(chain, stop, numbered):
                continue
            key = (n_alone, len(chain))
            if key > best_key:
                best, best_key = (chain, missing), key
    return best


def _opens_block(chain: list[tuple[int, Heading]], stop: int, numbered: set[int]) -> bool:
    """Whether some heading of the chain is followed by a paragraph that is not numbered."""
    ends = [j for j, _ in chain[1:]] + [stop]
    return any(
        any(k not in numbered for k in range(a + 1, b))
        for (a, _), b in zip(chain, ends, strict=True)
    )


def outline(headings: dict[int, Heading], *, start: int, end: int) -> dict:
    """Decide which heading candidates are parts and which are sections.

    ``headings`` maps paragraph indices to candidates (:func:`~workreport.structure.match_heading`);
    only those in ``[start, end)`` are considered. The part level is the first numbering style
    (in the order the report uses them) that forms a sequence of two or more headings — or
    of one numbered heading if nothing else does. The section level, inside each part, is the
    chain chosen part by part (``_sections``); a lone ``（一）`` is not a section.

    Returns ``{"parts": [(index, number, Heading)], "sections": [(index, part, number,
    Heading)], "skipped": [(index, level, missing number)]}``.

    Examples
    --------
    >>> from workreport.structure import match_heading
    >>> texts = ["一、回顾", "（一）甲。正文。", "二、安排", "（一）乙", "（二）丙", "四、政府"]
    >>> heads = {i: h for i, t in enumerate(texts) if (h := match_heading(t))}
    >>> o = outline(heads, start=0, end=len(texts))
    >>> [(i, n) for i, n, _ in o["parts"]], [(i, p, n) for i, p, n, _ in o["sections"]]
    ([(0, 1), (2, 2), (5, 4)], [(3, 2, 1), (4, 2, 2)])
    >>> o["skipped"]
    [(5, 'part', 3)]
    """
    cands = [(i, h) for i, h in sorted(headings.items()) if start <= i < end]
    styles = list(dict.fromkeys(h.style for _, h in cands))
    top: str | None = None
    chain: list[tuple[int, Heading]] = []
    skipped: list[tuple[int, int]] = []
    for need in (2, 1):
        for style in styles:
            if need == 1 and style == "unnumbered":
                continue
            found = _best_chain([c for c in cands if c[1].style == style])
            if len(found[0]) >= need:
                top, (chain, skipped) = style, found
                break
        if top:
            break
    parts = [
        (i, h.number if h.number is not None else k, h) for k, (i, h) in enumerate(chain, start=1)
    ]
    out_skipped = [(i, "part", n) for i, n in skipped]
    bounds = [i for i, _, _ in parts] + [end]
    sections, gaps = [], []
    numbered = {i for i, h in cands if h.number is not None}
    at = [i for i, _ in cands]  # sorted: each part's candidates by bisection (linear overall)
    for (i, number, _), stop in zip(parts, bounds[1:], strict=True):
        in_part, missing = _sections(
            cands[bisect_right(at, i) : bisect_left(at, stop)],
            stop=stop,
            numbered=numbered,
            top=top,
        )
        sections += [(j, number, h.number, h) for j, h in in_part]
        gaps += [(j, "section", n) for j, n in missing]
    return {"parts": parts, "sections": sections, "skipped": out_skipped + gaps}


# --- putting it together -----------------------------------------------------------------------


def _build(
    decoded: DecodedText, *, name: str, path: str | Path, extracted: Extracted | None = None
) -> Report:
    text = decoded.text
    if not text.strip():
        raise ReportFormatError(path, "empty file (only white space)")
    if not _HAS_CJK.search(text):
        raise ReportFormatError(path, "no Chinese text: not a government work report")
    # the number of lines and paragraphs is bounded by the length (memory goes with them)
    n_lines = text.count("\n") + text.count("\r") - text.count("\r\n") + 1
    if problem := too_many_lines(n_lines, len(text)):
        raise ReportFormatError(path, problem)
    fmt = "segmented" if is_segmented(text[:5000]) else "plain"
    lines = split_lines(text)
    stretches = _stretches(lines, plain=fmt == "plain")
    if problem := too_many_lines(len(stretches), len(text), "paragraphs"):
        raise ReportFormatError(path, problem)
    cleaned = clean_lines_fast([s.raw for s in stretches])
    paras = _paragraphs(stretches, cleaned, lines)
    paras, web = _cut_web_footer(_join_split_headings(paras))
    texts = [p.text for p in paras]
    first = _front_matter(texts)
    annex = _annex(texts, first=first)
    end = _back_matter(texts, first=first, end=min(annex, max(web, first + 1)))
    copy = _duplicate_copy(texts[first:end])
    stop = end if copy is None else first + copy
    sources = set(_source_lines(texts, first=first, stop=stop))
    kept = [p for i, p in enumerate(paras[first:stop], start=first) if i not in sources]
    aside = [(p, "front") for p in paras[:first]]
    aside += [(paras[i], "source") for i in sorted(sources)]
    aside += [(p, "copy") for p in paras[stop:end]]
    aside += [(p, "footer") for p in paras[end:annex]]
    aside += [(p, "annex") for p in paras[annex:]]

    rows, kept, extra = _structure(kept)
    doc = "\n".join(p.text for p in kept)
    starts = list(itertools.accumulate((len(p.text) + 1 for p in kept), initial=0))[:-1]
    table = _table(rows, kept, starts, stretches)
    return Report(
        name=name,
        text=doc,
        format=fmt,
        encoding=decoded.encoding + ("-sig" if decoded.bom and decoded.encoding == "utf-8" else ""),
        paragraphs=table,
        _sentence_spans=split_sentences(doc),
        _decoded=decoded,
        source_format=extracted.source_format if extracted else "text",
        _notes=extracted.notes if extracted else (),
        _lines=lines,
        _stretches=stretches,
        _layout=_Layout(kept, starts, aside, extra, rows, [c for c, _ in cleaned]),
    )


def _piece_offsets(pieces: list[tuple[int, int, int]]) -> Iterator[tuple[int, int, int, int]]:
    """Each piece of a paragraph with its offset in the paragraph's text."""
    pos = 0
    for s, a, b in pieces:
        yield s, a, b, pos
        pos += b - a


def _structure(kept: list[_Para]) -> tuple[list[tuple], list[_Para], list[dict]]:
    """Roles, parts and sections of the kept paragraphs; run-in part headings are cut off.

    Returns each paragraph's row (part, part title, label, year, section, section title,
    role), the paragraphs (a part heading cut from its paragraph makes two), and the
    anomalies of the outline (``at``: the paragraph's index in ``kept``)."""
    texts = [p.text for p in kept]
    body_start, contents = _body_start(texts)
    headings = {
        i: h
        for i in range(body_start, len(texts))
        if i not in contents and (h := match_heading(texts[i])) is not None
    }
    o = outline(headings, start=body_start, end=len(texts))
    part_at = {i: (number, h) for i, number, h in o["parts"]}
    section_at = {i: (number, h) for i, _, number, h in o["sections"]}
    one_part = not part_at and body_start < len(texts)
    extra = _outline_anomalies(texts, o["skipped"], contents, body_start if one_part else None)
    rows, out = _roles(kept, part_at, section_at, contents, body_start if one_part else None)
    return rows, out, extra


def _body_start(texts: list[str]) -> tuple[int, set[int]]:
    """Where the body starts (after the greeting, else after the title-like lines), and the
    paragraphs of a table of contents before the greeting."""
    n = len(texts)
    greeting = next((i for i in range(min(n, 200)) if _GREETING.match(texts[i])), None)
    if greeting is not None:
        return greeting + 1, set(_contents(texts, end=greeting))
    body_start, seen_title = 0, False
    while body_start < n:
        role = _preamble_role(body_start, texts[body_start], seen_title=seen_title)
        if role not in ("title", "subtitle", "date", "speaker"):
            break
        seen_title = seen_title or role == "title"
        body_start += 1
    if body_start >= n > 1:  # nothing but title-like lines: the body starts after the first
        body_start = 1
    return body_start, set()


def _outline_anomalies(
    texts: list[str],
    skipped: list[tuple[int, str, int]],
    contents: set[int],
    one_part: int | None,
) -> list[dict]:
    """The anomalies of the outline: skipped heading numbers, a table of contents, and no
    part headings (``one_part``: where the body read as one part starts)."""

    def note(at: int, kind: str, length: int, action: str) -> dict:
        return {"at": at, "kind": kind, "original": texts[at][:length], "action": action}

    skip = "logged: no {} numbered {} was found before this heading"
    extra = [note(i, "heading-number-skipped", 40, skip.format(*rest)) for i, *rest in skipped]
    if contents:
        action = f"{len(contents)} paragraphs marked as contents, not read as headings"
        extra.append(note(min(contents), "table-of-contents", 20, action))
    if one_part is not None:
        action = "no part headings found: the body is read as one part"
        extra.append(note(one_part, "no-part-headings", 20, action))
    return extra


def _roles(
    kept: list[_Para],
    part_at: dict[int, tuple[int, Heading]],
    section_at: dict[int, tuple[int, Heading]],
    contents: set[int],
    one_part: int | None,
) -> tuple[list[tuple], list[_Para]]:
    """Each paragraph's part, section and role, in order; a part heading that runs into its
    paragraph is cut from it (``one_part``: where the body read as one part starts)."""
    rows: list[tuple] = []
    out: list[_Para] = []
    part, part_title, label, year = 0, "", "preamble", None
    section, section_title = None, ""
    seen_greeting = seen_title = seen_date = False
    for i, p in enumerate(kept):
        text = p.text
        if i == one_part:
            part, part_title, label, year = 1, "", "other", None
        if i in part_at:
            number, h = part_at[i]
            part, part_title = number, h.title.rstrip("。")
            label, year = part_label(part_title), title_year(part_title)
            section, section_title = None, ""
            if not h.alone:
                head, rest = _cut_para(p, len(text) - len(h.body))
                rest.notes.insert(
                    0,
                    _note("heading-split", 0, text[:12], "cut the part heading from its paragraph"),
                )
                rows.append((part, part_title, label, year, section, section_title, "part-heading"))
                out.append(head)
                p, text = rest, rest.text
                role = "bullet" if text.startswith("——") else "body"
            else:
                role = "part-heading"
        elif i in section_at:
            section, h = section_at[i]
            section_title = h.title
            role = "section-heading"
        elif part == 0:
            if i in contents:
                role = "contents"
            elif seen_greeting:
                role = "opening"
            else:
                role = _preamble_role(i, text, seen_title=seen_title and not seen_date)
            seen_greeting = seen_greeting or role == "greeting"
            seen_title = seen_title or role == "title"
            seen_date = seen_date or role == "date"
        else:
            role = "bullet" if text.startswith("——") else "body"
        rows.append((part, part_title, label, year, section, section_title, role))
        out.append(p)
    return rows, out


def _cut_para(p: _Para, at: int) -> tuple[_Para, _Para]:
    """Cut a paragraph in two at offset ``at`` (notes go with the text they are in)."""
    head = _Para(p.line, _cut_pieces(p.pieces, 0, at), p.text[:at])
    rest = _Para(p.line, _cut_pieces(p.pieces, at, len(p.text)), p.text[at:])
    head.notes = [n for n in p.notes if n["offset"] < at]
    rest.notes = [{**n, "offset": n["offset"] - at} for n in p.notes if n["offset"] >= at]
    return head, rest


def _preamble_role(i: int, text: str, *, seen_title: bool) -> str:
    if text.startswith("——") or _is_date_line(text):
        return "date"
    if i == 0 and _TITLE.search(text) and len(text) <= 60:
        return "title"
    if _GREETING.match(text):
        return "greeting"
    if len(text) <= 40 and "。" not in text and parse_speaker(text):
        return "speaker"
    subtitle = seen_title and i <= 3 and len(text) <= 60 and "。" not in text
    return "subtitle" if subtitle and not _numbered(text) else "opening"


def _para_line(p: _Para, stretches: list[_Stretch], offset: int = 0) -> int:
    """The line of the file the paragraph's text at ``offset`` comes from."""
    for s, a, b, pos in _piece_offsets(p.pieces):
        if offset < pos + b - a or (s, a, b) == p.pieces[-1]:
            return stretches[s].line
    return p.line


def _table(
    rows: list[tuple], kept: list[_Para], starts: list[int], stretches: list[_Stretch]
) -> pd.DataFrame:
    texts = [p.text for p in kept]
    roles = [r[6] for r in rows]
    n_chars = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    start = np.asarray(starts, dtype=np.int64)
    # every column is built with its type, so the table is assembled without copies
    return pd.DataFrame(
        copy=False,
        data={
            "paragraph_id": np.arange(1, len(kept) + 1, dtype=np.int64),
            "line": np.asarray([_para_line(p, stretches) for p in kept], dtype=np.int64),
            "role": text_array(roles),
            "part": np.asarray([r[0] for r in rows], dtype=np.int64),
            "part_title": text_array([r[1] for r in rows]),
            "part_label": text_array([r[2] for r in rows]),
            "part_year": _int_or_na([r[3] for r in rows]),
            "section": _int_or_na([r[4] for r in rows]),
            "section_title": text_array([r[5] for r in rows]),
            "lead": text_array(
                [
                    lead_phrase(t) if role in ("body", "bullet") else ""
                    for t, role in zip(texts, roles, strict=True)
                ]
            ),
            "n_chars": n_chars,
            "text": text_array(texts),
            "start": start,
            "end": start + n_chars,
        },
    )


def _int_or_na(values: list) -> pd.api.extensions.ExtensionArray:
    """A nullable integer array (``Int64``) of ints and ``None``, built without inference.

    >>> _int_or_na([2016, None]).tolist()
    [2016, <NA>]
    """
    mask = np.fromiter((v is None for v in values), dtype=bool, count=len(values))
    data = np.fromiter((0 if v is None else v for v in values), dtype=np.int64, count=len(values))
    return pd.arrays.IntegerArray(data, mask)


def _anomaly_rows(
    kept: list[_Para],
    starts: list[int],
    stretches: list[_Stretch],
    aside: list[tuple[_Para, str]],
    extra: list[dict],
    para_rows: list[tuple],
    doc_len: int,
) -> list[tuple]:
    """One row per anomaly, in text order (positions from each paragraph's start: linear)."""
    rows: list[tuple[str, int | None, int, int, str, str]] = []
    if not any(r[6] == "title" for r in para_rows):
        rows.append(("missing-title", None, 0, 0, "", "logged; the report has no title paragraph"))
    for pid, (p, start) in enumerate(zip(kept, starts, strict=True), start=1):
        for n in p.notes:
            line = _para_line(p, stretches, n["offset"])
            rows.append((n["kind"], pid, line, start + n["offset"], n["original"], n["action"]))
    for e in extra:
        i = e["at"]
        line = _para_line(kept[i], stretches)
        rows.append((e["kind"], i + 1, line, starts[i], e["original"], e["action"]))
    copy = [p for p, reason in aside if reason == "copy"]
    if copy:
        action = f"set aside a second copy of the report ({len(copy)} paragraphs): analysed once"
        text = "\n".join(p.text for p in copy)
        rows.append(("duplicate-copy", None, _para_line(copy[0], stretches), doc_len, text, action))
    for p, reason in aside:
        if reason != "copy":
            kind, action = _ASIDE[reason]
            at = 0 if kind == "front-matter-removed" else doc_len
            rows.append((kind, None, _para_line(p, stretches), at, p.text, action))
    rows.sort(key=lambda r: (r[3], r[0]))  # stable: equal keys keep their order
    return rows


def _anomaly_frame(rows: list[tuple]) -> pd.DataFrame:
    """The anomaly table of :func:`_anomaly_rows`."""
    columns: list[list] = [list(c) for c in zip(*rows, strict=True)] if rows else [[]] * 6
    kinds, pids, line_numbers, positions, originals, actions = columns
    return pd.DataFrame(
        {
            "kind": text_array(kinds),
            "paragraph_id": _int_or_na(pids),
            "line": np.asarray(line_numbers, dtype=np.int64),
            "position": np.asarray(positions, dtype=np.int64),
            "original": text_array(originals),
            "action": text_array(actions),
        }
    )


def _sentences(
    table: pd.DataFrame, doc: str, spans: list[tuple[int, int]], start: np.ndarray
) -> pd.DataFrame:
    """The sentence table from the sentences of the whole text, found in one pass
    (:func:`~workreport.structure.split_sentences`: no sentence crosses a line break), and
    their starts (:attr:`Report.sentence_starts`)."""
    end = np.fromiter((b for _, b in spans), dtype=np.int64, count=len(spans))
    pid = table["paragraph_id"].to_numpy()
    at = np.searchsorted(table["start"].to_numpy(), start, side="right") - 1
    first = np.flatnonzero(np.r_[True, at[1:] != at[:-1]]) if len(at) else at
    n = np.arange(len(at), dtype=np.int64) - np.repeat(first, np.diff(np.r_[first, len(at)]))
    return pd.DataFrame(
        {
            "sentence_id": np.arange(1, len(spans) + 1, dtype=np.int64),
            "paragraph_id": pid[at].astype(np.int64) if len(at) else start,
            "n": n + 1,
            "start": start,
            "end": end,
            "text": [doc[a:b] for a, b in spans],
        }
    )
