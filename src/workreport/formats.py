"""Reading reports as they are published: plain text, Word files, web pages and PDF.

A report file's format is told from its first bytes (and, for a web page saved as text,
from its first tag), not from its name alone, so a renamed file is read right:

========  ==========================================  ======================================
format    read with                                   set aside (each logged as an anomaly)
========  ==========================================  ======================================
text      :mod:`workreport.textio` (UTF-8, GB18030,   nothing here (the loader's own rules
          UTF-16 with BOM)                            follow)
word      python-docx: paragraphs in order, line      nothing; each table becomes one line
          breaks inside a paragraph, tables as text   per row (``table-as-text``)
html      trafilatura (the page's main text)          page furniture: navigation, footers,
                                                      scripts (``page-furniture-removed``)
pdf       pypdf, page by page                         running headers, footers and page
                                                      numbers (``page-furniture-removed``);
                                                      lines re-joined into paragraphs
                                                      (``line-break-joined``)
========  ==========================================  ======================================

A format the package does not read (``.doc``, ``.wps``, ``.rtf``, ``.odt``, images, other
archives) is refused with one line naming the format and what to do.

What a Word file, page or PDF holds is turned into text with one paragraph per line; the
loader (:func:`workreport.report.load_report`) then reads that text like any other, and
``Report.reconstruct()`` gives that text back. What extraction set aside is kept, whole, in the
``original`` column of the anomalies.
"""

from __future__ import annotations

import difflib
import io
import re
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .clean import fold_radicals
from .errors import ReportFormatError
from .textio import MAX_REPORT_BYTES, DecodedText, decode_bytes

if TYPE_CHECKING:  # pragma: no cover - for type checkers only
    from docx.table import _Cell, _Row

__all__ = [
    "READABLE_SUFFIXES",
    "Extracted",
    "extract",
    "skip_reason",
    "unsupported_format",
    "word_paragraph_lines",
]

READABLE_SUFFIXES = (".txt", ".docx", ".html", ".htm", ".pdf")
"""File name endings a folder run reads (any case); other files are named and skipped."""

# an extraction anomaly: (kind, line, original, action), line 1-based in the text
NoteRow = tuple[str, int, str, str]


@dataclass(frozen=True)
class Extracted:
    """The text of a report file with how it was read and what was set aside."""

    decoded: DecodedText
    source_format: str  # "text", "word", "html" or "pdf"
    notes: tuple[NoteRow, ...] = ()


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"BM", "BMP"),
)
_TEXT_FORMATS = "reports are read from text (.txt), Word (.docx), web pages (.html) and PDF"
_HTML_START = re.compile(
    r"\A[\s\ufeff]*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|meta)[\s>]",
    re.I | re.S,
)


# formats known not to be readable, told by their name alone
_UNREADABLE = {
    ".doc": "a Word 97-2003 document (.doc) is not supported: save it as .docx or .txt",
    ".wps": "a WPS document (.wps) is not supported: save it as .docx or .txt",
    ".rtf": "a Rich Text file (.rtf) is not supported: save it as .docx or .txt",
    ".odt": "an OpenDocument text (.odt) is not supported: save it as .docx or .txt",
    ".mht": "a web archive (.mht) is not supported: save the page as .html",
    ".mhtml": "a web archive (.mhtml) is not supported: save the page as .html",
}
_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff", ".bmp", ".webp")


def skip_reason(name: str) -> str:
    """Why a file of this name is not read (a folder run reads no such file).

    >>> skip_reason("report.doc")
    'a Word 97-2003 document (.doc) is not supported: save it as .docx or .txt'
    >>> skip_reason("scan.PNG")
    'an image (.png): run OCR on it first and read the text'
    >>> skip_reason("~$2025年山西省政府工作报告.docx")
    'a lock file that Word leaves beside an open document, not a report'
    >>> skip_reason("MANIFEST.csv")
    'not a report file (.csv); reports are .txt, .docx, .html, .htm or .pdf'
    """
    suffix = Path(name).suffix.lower()
    if Path(name).name.startswith("~$"):
        return "a lock file that Word leaves beside an open document, not a report"
    if suffix in _UNREADABLE:
        return _UNREADABLE[suffix]
    if suffix in _IMAGE_SUFFIXES:
        return f"an image ({suffix}): run OCR on it first and read the text"
    readable = ", ".join(READABLE_SUFFIXES[:-1]) + " or " + READABLE_SUFFIXES[-1]
    return f"not a report file ({suffix or 'no extension'}); reports are {readable}"


def unsupported_format(data: bytes, suffix: str = "") -> str:
    """Why a file of these first bytes cannot be read, or ``""`` if it can be tried.

    >>> unsupported_format(b"\\xd0\\xcf\\x11\\xe0\\xa1\\xb1\\x1a\\xe1" + bytes(8), ".doc")
    'a Word 97-2003 document (.doc), which is not supported: save it as .docx or .txt'
    >>> unsupported_format(b"\\x89PNG\\r\\n\\x1a\\n....")
    'an image (PNG), not text: run OCR on it first and read the text'
    >>> unsupported_format("一、回顾".encode())
    ''
    """
    suffix = suffix.lower()
    if data.startswith(_OLE2):
        what = "a WPS document (.wps)" if suffix == ".wps" else "a Word 97-2003 document (.doc)"
        if suffix not in ("", ".doc", ".wps"):
            what = f"an old Office file (OLE2 container, {suffix})"
        return f"{what}, which is not supported: save it as .docx or .txt"
    if data.startswith(b"{\\rtf"):
        return "a Rich Text file (.rtf), which is not supported: save it as .docx or .txt"
    for magic, name in _IMAGES:
        if data.startswith(magic):
            return f"an image ({name}), not text: run OCR on it first and read the text"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "an image (WebP), not text: run OCR on it first and read the text"
    if suffix in _UNREADABLE or suffix in _IMAGE_SUFFIXES:
        return skip_reason(suffix)
    if data.startswith(b"PK\x03\x04") and not _is_docx(data):
        if suffix == ".docx":
            return "a damaged Word file (its archive cannot be read): save it again from Word"
        if b"opendocument.text" in data[:200]:
            return "an OpenDocument text (.odt), which is not supported: save it as .docx"
        return f"a ZIP archive, not a report ({_TEXT_FORMATS}): unpack it and read its files"
    return ""


def _document_xml_size(data: bytes) -> int:
    """The unpacked size of a Word file's text part (``word/document.xml``), read from the
    archive's directory before anything is unpacked (a small file may unpack to gigabytes)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return z.getinfo("word/document.xml").file_size
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        return 0  # (python-docx then says what is wrong)


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "word/document.xml" in z.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def extract(data: bytes, *, path: str | Path, suffix: str = "") -> Extracted:
    """The text of a report file's bytes, in whatever supported format they are.

    Raises :class:`~workreport.errors.ReportFormatError` (naming ``path``) for an unsupported
    format or a file that cannot be read in its own.

    >>> extract("一、回顾\\n增长。\\n".encode("gb18030"), path="x.txt").source_format
    'text'
    >>> page = "<html><body><p>一、2024年工作回顾</p><p>全年增长5%。</p></body></html>"
    >>> extract(page.encode(), path="x.html").decoded.text
    '一、2024年工作回顾\\n全年增长5%。\\n'
    """
    if problem := unsupported_format(data, suffix):
        raise ReportFormatError(path, problem)
    if data.startswith(b"PK\x03\x04"):
        return _word(data, path)
    if data.startswith(b"%PDF-"):
        return _pdf(data, path)
    decoded = decode_bytes(data, path=path)
    if suffix.lower() in (".html", ".htm", ".xhtml") or _HTML_START.match(decoded.text[:4096]):
        return _html(decoded.text, path)
    return Extracted(decoded, "text")


# --- Word ---------------------------------------------------------------------------------------


def _word(data: bytes, path: str | Path) -> Extracted:
    """Each Word paragraph one line (its line breaks kept), each table row one line."""
    lines, notes, _ = _word_lines(data, path)
    return Extracted(DecodedText("\n".join(lines) + "\n", "utf-8"), "word", tuple(notes))


def word_paragraph_lines(data: bytes, *, path: str | Path) -> list[tuple[int, int]]:
    """Where the text of a Word file puts each of its paragraphs: for every paragraph of the
    document's body, in order (python-docx's ``Document.paragraphs``, empty ones included),
    its first line in the extracted text (1-based, the loader's raw line) and how many lines
    it takes (more than one when it holds line breaks). A table before a paragraph moves it
    down by its rows. Raises :class:`~workreport.errors.ReportFormatError` as :func:`extract`
    does for an unreadable file.

    A coding of a Word file numbers its units by paragraph; this is how such a number finds
    its raw line (``workreport.validation.word_coding_by_line``).
    """
    return _word_lines(data, path)[2]


def _word_lines(
    data: bytes, path: str | Path
) -> tuple[list[str], list[NoteRow], list[tuple[int, int]]]:
    """A Word file's lines (one per paragraph, its line breaks kept; one per table row), the
    notes on its tables, and each paragraph's first line and number of lines."""
    import docx  # python-docx
    from docx.table import Table

    if (size := _document_xml_size(data)) > MAX_REPORT_BYTES:
        raise ReportFormatError(
            path,
            f"a Word file whose text part is too large ({size:,} bytes unpacked; at most "
            f"{MAX_REPORT_BYTES:,}, as for a text report)",
        )
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = list(document.iter_inner_content())
    except Exception as exc:  # a broken archive or XML: python-docx raises many kinds
        raise ReportFormatError(path, f"not a readable Word file ({type(exc).__name__})") from None
    lines: list[str] = []
    notes: list[NoteRow] = []
    starts: list[tuple[int, int]] = []
    line = 1  # the raw line the next block begins on
    for block in blocks:
        if isinstance(block, Table):
            rows = ["\t".join(_cell_text(c) for c in _unique_cells(row)) for row in block.rows]
            action = f"a Word table of {len(rows)} rows read as text, one line per row"
            notes.append(("table-as-text", line, "", action))
            lines.extend(rows)
            line += len(rows)  # a row is one line: _cell_text turns line breaks into spaces
        else:
            lines.append(block.text)
            n = block.text.count("\n") + 1
            starts.append((line, n))
            line += n
    return lines, notes, starts


def _unique_cells(row: _Row) -> list[_Cell]:
    """A row's cells, each merged cell once."""
    seen: list[_Cell] = []
    for cell in row.cells:
        if not any(cell._tc is s._tc for s in seen):
            seen.append(cell)
    return seen


def _cell_text(cell: _Cell) -> str:
    return " ".join(p.text.replace("\n", " ") for p in cell.paragraphs).strip()


# --- web pages ----------------------------------------------------------------------------------


def _html(page: str, path: str | Path) -> Extracted:
    """The main text of a web page (trafilatura); the rest of the page's text is logged."""
    import trafilatura
    from lxml import html as lxml_html

    text = trafilatura.extract(
        page,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        favor_recall=True,
        deduplicate=False,
        output_format="txt",
    )
    if not text or not text.strip():
        raise ReportFormatError(path, "a web page with no main text that could be found")
    lines = [line.strip() for line in text.splitlines()]
    try:
        tree = lxml_html.fromstring(page.encode("utf-8"))  # (a str may not declare an encoding)
        for bad in tree.xpath("//script|//style|//noscript|//template"):
            bad.drop_tree()
        page_lines = [x.strip() for x in tree.text_content().splitlines() if x.strip()]
        heading = next((h.text_content().strip() for h in tree.iter("h1")), "")
    except (ValueError, TypeError, lxml_html.etree.ParserError):
        page_lines, heading = [], ""
    # the main heading (the report's title) is the page's title to trafilatura, not its text
    if heading and heading not in lines[:3]:
        lines.insert(0, heading)
    kept = set(lines)
    furniture = [x for x in page_lines if x not in kept and not any(x in k for k in kept)]
    notes: list[NoteRow] = []
    if furniture:
        action = (
            f"set aside: {len(furniture)} lines of the web page outside its main text "
            "(navigation, footers, links)"
        )
        notes.append(("page-furniture-removed", 1, "\n".join(furniture), action))
    return Extracted(DecodedText("\n".join(lines) + "\n", "utf-8"), "html", tuple(notes))


# --- PDF ----------------------------------------------------------------------------------------

_PAGE_NUMBER = re.compile(
    r"^(?:第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?|[-—–－]?\s*\d{1,4}\s*[-—–－]?"
    r"|\d{1,4}\s*/\s*\d{1,4}|page\s+\d+(?:\s+of\s+\d+)?)$",
    re.I,
)
_PARAGRAPH_START = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]|——|各位代表|第[一二三四五六七八九十]+部分)"
)
_FURNITURE_LINES = 2  # lines at a page's top and bottom that may be running heads


def _pdf(data: bytes, path: str | Path) -> Extracted:
    """Page texts (pypdf) without running heads and page numbers, lines joined into
    paragraphs."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):  # (an owner password only: readable)
            raise ReportFormatError(path, "a PDF protected by a password: save an unprotected copy")
        pages: list[list[str]] = []
        indents: list[list[int | None]] = []
        for sheet in reader.pages:
            lines = [line.rstrip() for line in (sheet.extract_text() or "").splitlines()]
            pages.append(lines)
            indents.append(_indents(lines, sheet.extract_text(extraction_mode="layout") or ""))
    except ReportFormatError:
        raise
    except DependencyError:
        raise ReportFormatError(
            path, "an encrypted PDF that needs the cryptography package: save an unprotected copy"
        ) from None
    except (PyPdfError, NotImplementedError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ReportFormatError(path, f"not a readable PDF ({type(exc).__name__})") from None
    if not any(line.strip() for page in pages for line in page):
        raise ReportFormatError(path, "a PDF without a text layer (scanned?): run OCR on it first")
    heads = _running_heads(pages)
    notes: list[NoteRow] = []
    body: list[str] = []
    starts: list[bool] = []  # whether a body line is indented like a paragraph's first line
    for number, (page, indent) in enumerate(zip(pages, indents, strict=True), start=1):
        edge = set(range(min(_FURNITURE_LINES, len(page))))
        edge |= set(range(max(0, len(page) - _FURNITURE_LINES), len(page)))
        aside = [
            i
            for i in sorted(edge)
            if page[i].strip() and (_PAGE_NUMBER.match(page[i].strip()) or _shape(page[i]) in heads)
        ]
        if aside:
            action = f"set aside: running head, footer or page number of page {number}"
            notes.append(
                ("page-furniture-removed", len(body) + 1, "\n".join(page[i] for i in aside), action)
            )
        kept = [i for i, line in enumerate(page) if i not in aside and line.strip()]
        body.extend(page[i] for i in kept)
        known = {i: n for i in kept if (n := indent[i]) is not None}
        base = min(known.values(), default=0)
        starts.extend(known.get(i, -1) > base + 1 for i in kept)
    paragraphs, joined = _join_lines(body, starts=starts)
    action = "joined the {} lines of a PDF paragraph"
    notes += [
        ("line-break-joined", at + 1, o, action.format(o.count("\n") + 1)) for at, o in joined
    ]
    return Extracted(DecodedText("\n".join(paragraphs) + "\n", "utf-8"), "pdf", tuple(notes))


def _shape(line: str) -> str:
    """A line with its digits masked, to find running heads that carry page numbers."""
    return re.sub(r"\d+", "#", line.strip())


def _running_heads(pages: list[list[str]]) -> set[str]:
    """Lines at the top or bottom of pages that repeat on at least half of them (three or
    more pages): running heads and footers."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for page in pages:
        edge = page[:_FURNITURE_LINES] + page[-_FURNITURE_LINES:]
        counts.update({_shape(line) for line in edge if line.strip()})
    return {s for s, n in counts.items() if n >= max(3, len(pages) / 2)}


def _width(line: str) -> float:
    """A line's width in ideographs, as a CJK font sets it: a narrow character (Latin letters,
    digits) counts half, an ambiguous one (``—`` ``“`` ``…``) a whole.

    >>> _width("——增长4.5%")
    6.0
    """
    return sum(0.5 if unicodedata.east_asian_width(c) in "NaH" else 1.0 for c in line.strip())


def _indents(lines: list[str], layout: str) -> list[int | None]:
    """Each line's indent in characters, read from pypdf's layout text (which keeps the
    horizontal positions that its plain text drops), or ``None`` where the two texts do not
    line up."""
    spaced = [x for x in layout.splitlines() if x.strip()]
    out: list[int | None] = [None] * len(lines)
    matcher = difflib.SequenceMatcher(
        None, [_bare(x) for x in lines], [_bare(x) for x in spaced], autojunk=False
    )
    for a, b, n in matcher.get_matching_blocks():
        for k in range(n):
            if lines[a + k].strip():
                out[a + k] = len(spaced[b + k]) - len(spaced[b + k].lstrip())
    return out


def _bare(line: str) -> str:
    return re.sub(r"\s+", "", line)


def _join_lines(
    lines: list[str], *, starts: list[bool] | None = None
) -> tuple[list[str], list[tuple[int, str]]]:
    """Join a PDF's lines into paragraphs. A paragraph ends at a line narrower than a full
    line of the page; a new one begins at an indented line (``starts``) or at a heading or a
    bullet.

    >>> full = "甲" * 30
    >>> [len(p) for p in _join_lines([full, "乙乙。", "一、回顾", full, "丙。"])[0]]
    [33, 4, 32]
    """
    widths = sorted(_width(x) for x in lines if _width(x) >= 8)
    full = widths[int(0.8 * (len(widths) - 1))] if widths else 0.0
    paragraphs: list[str] = []
    joined: list[tuple[int, str]] = []
    current: list[str] = []
    for i, line in enumerate(lines):
        text = line.strip()
        if current and ((starts and starts[i]) or _PARAGRAPH_START.match(fold_radicals(text))):
            _close(current, paragraphs, joined)
        current.append(text)
        # (a full line may fall short of the widest by a character or two, and a first line
        # by its indent as well)
        if full == 0 or _width(text) < full - (4.5 if starts and starts[i] else 2.5):
            _close(current, paragraphs, joined)
    _close(current, paragraphs, joined)
    return paragraphs, joined


def _close(current: list[str], paragraphs: list[str], joined: list[tuple[int, str]]) -> None:
    if not current:
        return
    if len(current) > 1:
        joined.append((len(paragraphs), "\n".join(current)))
    paragraphs.append("".join(current))
    current.clear()
