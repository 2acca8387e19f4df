"""Loading a work report into tidy tables: :func:`load_report` and :class:`Report`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from .clean import CJK, Edit, clean_line, clean_lines_fast, is_segmented, undo_edits
from .errors import ReportFormatError
from .structure import (
    lead_phrase,
    match_part_heading,
    match_section_heading,
    part_label,
    split_sentences,
    title_year,
)
from .textio import DecodedText, decode_bytes, read_report_file, split_lines

__all__ = ["Report", "load_report", "load_text"]

_DATE = re.compile(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日")
_SPEAKER = re.compile(r"总理|省长|市长|主席|县长|区长|州长|盟长")
_BULLET_RUN = re.compile(r"(?<=[。！？])(?=——)")
_HAS_CJK = re.compile(f"[{CJK}]")


@dataclass(frozen=True)
class _Paragraph:
    line: int
    offset: int
    text: str


@dataclass
class Report:
    """A loaded report: the cleaned text and its tidy tables.

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
        See :func:`load_report`.
    """

    name: str
    text: str
    format: str
    encoding: str
    paragraphs: pd.DataFrame
    sentences: pd.DataFrame
    anomalies: pd.DataFrame
    _decoded: DecodedText = field(repr=False)
    _lines: list[tuple[str, str]] = field(repr=False)

    @cached_property
    def _line_edits(self) -> dict[int, list[Edit]]:
        """The full cleaning log of each changed line (computed when first needed)."""
        out = {}
        for number, (line, _) in enumerate(self._lines, start=1):
            edits = clean_line(line)[1]
            if edits:
                out[number] = edits
        return out

    @property
    def title(self) -> str:
        """The title paragraph, or ``""`` when the report has none (logged as an anomaly)."""
        rows = self.paragraphs.loc[self.paragraphs["role"] == "title", "text"]
        return rows.iloc[0] if len(rows) else ""

    @property
    def date(self) -> str:
        """The delivery date as ``YYYY-MM-DD`` from the ``——date`` line, or ``""``."""
        for text in self.paragraphs.loc[self.paragraphs["role"] == "date", "text"]:
            m = _DATE.search(text)
            if m:
                return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"
        return ""

    @property
    def year(self) -> int | None:
        """The year the report was delivered (from its date line), or ``None``."""
        return int(self.date[:4]) if self.date else None

    @property
    def speaker(self) -> str:
        """The speaker line (e.g. ``省长楼阳生``), or ``""``."""
        rows = self.paragraphs.loc[self.paragraphs["role"] == "speaker", "text"]
        return rows.iloc[0] if len(rows) else ""

    @cached_property
    def edits(self) -> pd.DataFrame:
        """Every change the cleaning made: ``line``, ``step``, ``kind``, ``start``, ``end``
        (in the coordinates of the step's output line) and ``original``."""
        return pd.DataFrame(
            [(line, *e) for line, es in self._line_edits.items() for e in es],
            columns=["line", "step", "kind", "start", "end", "original"],
        )

    @cached_property
    def parts(self) -> pd.DataFrame:
        """One row per part: number, title, English label, year, paragraph range, size."""
        body = self.paragraphs[self.paragraphs["part"] > 0]
        grouped = body.groupby("part", sort=True)
        out = grouped.agg(
            title=("part_title", "first"),
            label=("part_label", "first"),
            year=("part_year", "first"),
            first_paragraph=("paragraph_id", "min"),
            last_paragraph=("paragraph_id", "max"),
            paragraphs=("paragraph_id", "size"),
            chars=("n_chars", "sum"),
            sections=("section", "nunique"),
        ).reset_index()
        return out

    @cached_property
    def sections(self) -> pd.DataFrame:
        """One row per section: part, number, title, paragraph range, size."""
        body = self.paragraphs[self.paragraphs["section"].notna()]
        out = (
            body.groupby(["part", "section"], sort=True)
            .agg(
                title=("section_title", "first"),
                first_paragraph=("paragraph_id", "min"),
                last_paragraph=("paragraph_id", "max"),
                paragraphs=("paragraph_id", "size"),
                chars=("n_chars", "sum"),
            )
            .reset_index()
        )
        out["section"] = out["section"].astype(int)
        return out

    def reconstruct(self) -> str:
        """Rebuild the original decoded text from the cleaned paragraphs and the edit log.

        Examples
        --------
        >>> r = load_text("一、回顾\\n 增长 4.5% ， ， \\n", name="x")
        >>> r.reconstruct() == "一、回顾\\n 增长 4.5% ， ， \\n"
        True
        """
        by_line: dict[int, list[str]] = {}
        for line, text in zip(self.paragraphs["line"], self.paragraphs["text"], strict=True):
            by_line.setdefault(int(line), []).append(text)
        out = []
        for number, (_, terminator) in enumerate(self._lines, start=1):
            cleaned = "".join(by_line.get(number, []))
            out.append(undo_edits(cleaned, self._line_edits.get(number, [])) + terminator)
        return "".join(out)

    def reconstruct_bytes(self) -> bytes:
        """Rebuild the original file's bytes (encoding and byte-order mark included)."""
        return self._decoded.encode(self.reconstruct())

    def summary(self) -> dict:
        """Counts and structure as plain Python values (used by ``workreport inspect``)."""
        return {
            "name": self.name,
            "format": self.format,
            "encoding": self.encoding,
            "title": self.title,
            "date": self.date,
            "speaker": self.speaker,
            "characters": len(self.text.replace("\n", "")),
            "paragraphs": len(self.paragraphs),
            "sentences": len(self.sentences),
            "parts": [
                {
                    "part": int(r.part),
                    "title": r.title,
                    "label": r.label,
                    "year": None if pd.isna(r.year) else int(r.year),
                    "paragraphs": int(r.paragraphs),
                }
                for r in self.parts.itertuples()
            ],
            "sections": [
                {"part": int(r.part), "section": int(r.section), "title": r.title}
                for r in self.sections.itertuples()
            ],
            "anomalies": [
                {
                    "kind": r.kind,
                    "paragraph_id": None if pd.isna(r.paragraph_id) else int(r.paragraph_id),
                    "position": int(r.position),
                    "original": r.original,
                    "action": r.action,
                }
                for r in self.anomalies.itertuples()
            ],
        }


def load_report(path: str | Path) -> Report:
    """Load a work report file into a :class:`Report`.

    Accepts word-segmented text (like the project's copy) and ordinary text as officially
    published, UTF-8 with or without BOM, GB18030/GBK, LF or CRLF line ends. Raises
    :class:`~workreport.errors.ReportFormatError` naming the file and the problem for a
    missing, empty, binary or undecodable file, or one with no recognisable report structure.

    The report's tables:

    ``paragraphs``
        ``paragraph_id`` (1, 2, …), ``line`` (1-based line of the file it comes from),
        ``role`` (title, date, speaker, greeting, opening, part-heading, section-heading,
        bullet, body), ``part`` (0 for the preamble), ``part_title``, ``part_label``
        (review/plan/government/outlook/other), ``part_year``, ``section``,
        ``section_title``, ``lead`` (lead phrase or ``""``), ``start``, ``end`` (offsets
        into :attr:`Report.text`), ``n_chars``, ``text``.
    ``sentences``
        ``sentence_id``, ``paragraph_id``, ``n`` (1-based within the paragraph), ``start``,
        ``end``, ``text``.
    ``anomalies``
        ``kind``, ``paragraph_id``, ``line``, ``position`` (offset into the text),
        ``original``, ``action``: duplicated phrases, doubled punctuation, bullets run into one
        line, a missing title.
    ``edits``
        Every change the cleaning made (``line``, ``step``, ``kind``, ``start``, ``end``,
        ``original``), enough to rebuild the original (:meth:`Report.reconstruct`).
    """
    decoded = read_report_file(path)
    return _build(decoded, name=Path(path).name, path=path)


def load_text(text: str, *, name: str = "<text>") -> Report:
    """Load a report from a string (see :func:`load_report`).

    Examples
    --------
    >>> text = "政府工作报告\\n一、2016年工作回顾\\n经济增长。\\n二、2017年工作安排\\n"
    >>> r = load_text(text, name="t")
    >>> r.parts[["part", "title", "label", "year"]].values.tolist()
    [[1, '2016年工作回顾', 'review', 2016], [2, '2017年工作安排', 'plan', 2017]]
    """
    return _build(DecodedText(text, "utf-8"), name=name, path=name)


def load_bytes(data: bytes, *, name: str = "<bytes>") -> Report:
    """Load a report from raw bytes (see :func:`load_report`)."""
    return _build(decode_bytes(data, path=name), name=name, path=name)


def _split_bullets(line_no: int, text: str) -> tuple[list[int], list[dict]]:
    """Offsets where a line holding several ``——`` bullets must be split, and anomalies."""
    if not text.startswith("——"):
        return [], []
    cuts = [m.start() for m in _BULLET_RUN.finditer(text)]
    anomalies = [
        {
            "kind": "run-together-bullets",
            "line": line_no,
            "line_offset": cut,
            "original": text[max(0, cut - 6) : cut + 8],
            "action": "split into two paragraphs at the second '——' bullet",
        }
        for cut in cuts
    ]
    return cuts, anomalies


def _build(decoded: DecodedText, *, name: str, path: str | Path) -> Report:
    text = decoded.text
    if not text.strip():
        raise ReportFormatError(path, "empty file (only white space)")
    if not _HAS_CJK.search(text):
        raise ReportFormatError(path, "no Chinese text: not a government work report")
    fmt = "segmented" if is_segmented(text[:5000]) else "plain"
    lines = split_lines(text)
    paragraphs: list[_Paragraph] = []
    raw_anomalies: list[dict] = []
    cleaned_lines = clean_lines_fast([line for line, _ in lines])
    for number, (cleaned, edits) in enumerate(cleaned_lines, start=1):
        for e in edits:
            raw_anomalies.append(
                {
                    "kind": e.kind,
                    "line": number,
                    "line_offset": e.start,
                    "original": e.original,
                    "action": f"removed the repeated {e.original!r}",
                }
            )
        if not cleaned:
            continue
        cuts, anomalies = _split_bullets(number, cleaned)
        raw_anomalies.extend(anomalies)
        for a, b in zip([0, *cuts], [*cuts, len(cleaned)], strict=True):
            paragraphs.append(_Paragraph(number, a, cleaned[a:b]))
    table = _structure(paragraphs, path)
    starts, pos = [], 0
    for p in paragraphs:
        starts.append(pos)
        pos += len(p.text) + 1
    table["start"] = starts
    table["end"] = table["start"] + table["n_chars"]
    doc = "\n".join(p.text for p in paragraphs)
    anomalies = _anomaly_table(raw_anomalies, paragraphs, starts, table)
    return Report(
        name=name,
        text=doc,
        format=fmt,
        encoding=decoded.encoding + ("-sig" if decoded.bom and decoded.encoding == "utf-8" else ""),
        paragraphs=table,
        sentences=_sentences(table),
        anomalies=anomalies,
        _decoded=decoded,
        _lines=lines,
    )


def _structure(paragraphs: list[_Paragraph], path: str | Path) -> pd.DataFrame:
    rows = []
    part, part_title, label, year = 0, "", "preamble", None
    section, section_title = None, ""
    seen_greeting = False
    for i, p in enumerate(paragraphs, start=1):
        text = p.text
        heading = match_part_heading(text)
        sec = match_section_heading(text) if part else None
        if heading and heading[0] == part + 1:
            part, part_title = heading
            label, year = part_label(part_title), title_year(part_title)
            section, section_title, role = None, "", "part-heading"
        elif sec and sec[0] == (section or 0) + 1:
            section, section_title, _ = sec
            role = "section-heading"
        elif part == 0:
            role = _preamble_role(i, text, seen_greeting)
            seen_greeting = seen_greeting or role == "greeting"
        else:
            role = "bullet" if text.startswith("——") else "body"
        lead = lead_phrase(text) if role in ("body", "bullet") else ""
        rows.append(
            (
                i,
                p.line,
                role,
                part,
                part_title,
                label,
                year,
                section,
                section_title,
                lead,
                len(text),
                text,
            )
        )
    table = pd.DataFrame(
        rows,
        columns=[
            "paragraph_id",
            "line",
            "role",
            "part",
            "part_title",
            "part_label",
            "part_year",
            "section",
            "section_title",
            "lead",
            "n_chars",
            "text",
        ],
    )
    if not (table["role"] == "part-heading").any():
        raise ReportFormatError(
            path, "no recognisable report structure: no part headings such as '一、…' found"
        )
    table["part_year"] = table["part_year"].astype("Int64")
    table["section"] = table["section"].astype("Int64")
    return table


def _preamble_role(i: int, text: str, seen_greeting: bool) -> str:
    if seen_greeting:
        return "opening"
    if text.startswith("——") or (text.startswith("—") and _DATE.search(text)):
        return "date"
    if i == 1 and "报告" in text and len(text) <= 40:
        return "title"
    if text.startswith("各位代表") and len(text) <= 12:
        return "greeting"
    if len(text) <= 20 and _SPEAKER.search(text):
        return "speaker"
    return "opening"


def _anomaly_table(
    raw: list[dict], paragraphs: list[_Paragraph], starts: list[int], table: pd.DataFrame
) -> pd.DataFrame:
    rows = []
    if not (table["role"] == "title").any():
        rows.append(
            {
                "kind": "missing-title",
                "paragraph_id": pd.NA,
                "line": 0,
                "position": 0,
                "original": "",
                "action": "logged; the report has no title paragraph",
            }
        )
    for a in raw:
        pid, pos = pd.NA, 0
        for i, p in enumerate(paragraphs):
            if p.line == a["line"] and p.offset <= a["line_offset"] <= p.offset + len(p.text):
                pid, pos = i + 1, starts[i] + a["line_offset"] - p.offset
                if a["kind"] == "run-together-bullets" and a["line_offset"] == p.offset:
                    break
        rows.append(
            {
                **{k: v for k, v in a.items() if k != "line_offset"},
                "paragraph_id": pid,
                "position": pos,
            }
        )
    cols = ["kind", "paragraph_id", "line", "position", "original", "action"]
    rows.sort(key=lambda r: (r["position"], r["kind"]))
    out = pd.DataFrame({c: [r[c] for r in rows] for c in cols})
    out["paragraph_id"] = pd.array(out["paragraph_id"], dtype="Int64")
    out["line"] = out["line"].astype("int64")
    out["position"] = out["position"].astype("int64")
    return out


def _sentences(table: pd.DataFrame) -> pd.DataFrame:
    cols: dict[str, list] = {"paragraph_id": [], "n": [], "start": [], "end": [], "text": []}
    for pid, start, text in zip(
        table["paragraph_id"].tolist(), table["start"].tolist(), table["text"].tolist(), strict=True
    ):
        spans = split_sentences(text)
        cols["paragraph_id"] += [pid] * len(spans)
        cols["n"] += range(1, len(spans) + 1)
        cols["start"] += [start + a for a, _ in spans]
        cols["end"] += [start + b for _, b in spans]
        cols["text"] += [text[a:b] for a, b in spans]
    out = pd.DataFrame(
        {k: v if k == "text" else np.asarray(v, dtype=np.int64) for k, v in cols.items()}
    )
    out.insert(0, "sentence_id", np.arange(1, len(out) + 1, dtype=np.int64))
    return out
