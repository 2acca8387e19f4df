"""Checks of the printed book, _build/pdf/book.pdf (run `make pdf` first).

The PDF is checked as a reader uses it. Its text layer, extracted with pypdf, must let a
reader search and copy the Chinese: the key terms are found as written, and not one
character of the Kangxi Radicals (U+2F00–U+2FDF) or CJK Radicals Supplement (U+2E80–U+2EFF)
blocks appears - with the Noto CJK fonts Chromium writes many common ideographs as those
look-alike radicals (生 as U+2F63), and nothing here folds them back. pypdf puts spaces and
line breaks inside CJK runs and wrapped lines, so whitespace alone is ignored when matching.

It must also read as a book: no code cell's source printed, every chapter on a new page and
in the bookmarks, no heading left alone at the foot of a page, nothing past the edge of the
page (checked in the PDF and in Chromium's print layout of the page that was printed), a
page count in proportion to the chapters, and the figures present.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
import yaml
from print_pdf import MARGIN_MM, follow_redirect, page_to_print, printable_width_px
from pypdf import PdfReader
from pypdf.generic import Destination

KEY_TERMS = ["煤炭", "脱贫", "生态"]
RADICALS = re.compile(r"[\u2e80-\u2eff\u2f00-\u2fdf]")
QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
WHITESPACE = re.compile(r"\s+")
FOOTER = re.compile(r"^\s*\d+\s*/\s*\d+\s*$", re.MULTILINE)  # "3 / 69", print_pdf.FOOTER
# A page count outside these bounds means a broken print (lost chapters, a page per table
# row, code printed ...): at least a page per chapter (each starts a page), at most this many
# pages per chapter on average.
MAX_PAGES_PER_CHAPTER = 12
# Code lines shorter than this could also occur in prose; longer ones identify a cell.
MIN_CODE_LINE = 20
PT_PER_MM = 72 / 25.4
# A chapter "starts a page" when its bookmark (the top of its title) lies within this many
# points of the top of the printable area; a heading is "alone at the foot of a page" when
# its top lies within this many points of the bottom margin (no line of text fits under it).
CHAPTER_TOP_SLACK_PT = 72
HEADING_FOOT_PT = 36

PRINT_OVERFLOW_JS = r"""() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const e of document.body.querySelectorAll('*')) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.right > width + 1 || r.left < -1) {
      out.push(`${e.tagName.toLowerCase()}.${[...e.classList].join('.')} spans `
        + `${Math.round(r.left)}–${Math.round(r.right)} px: `
        + (e.innerText || '').replace(/\s+/g, ' ').trim().slice(0, 60));
    }
  }
  return {width, scrollWidth: document.scrollingElement.scrollWidth, overflowing: out};
}"""


def squeeze(text: str) -> str:
    """Text without whitespace, curly quotes straightened: how two strings are compared."""
    return WHITESPACE.sub("", text.translate(QUOTES))


@dataclass(frozen=True)
class Bookmark:
    depth: int  # 0: the book's title, 1: chapters, 2: their sections ...
    title: str
    page: int  # 0-based
    top: float | None  # in points from the bottom of the page


@dataclass(frozen=True)
class Printed:
    pages: tuple[str, ...]  # text of each page, footer (page number) removed
    outline: tuple[Bookmark, ...]
    images: int
    width_pt: float
    height_pt: float
    text_starts: tuple[tuple[int, float, str], ...]  # (page, x in pt, text) of each text run

    @property
    def text(self) -> str:
        return "\n".join(self.pages)


def _outline(reader: PdfReader, items, depth: int = 0) -> list[Bookmark]:
    out = []
    for item in items:
        if isinstance(item, list):
            out += _outline(reader, item, depth + 1)
        elif isinstance(item, Destination):
            top = item.get("/Top")
            out.append(
                Bookmark(
                    depth=depth,
                    title=item.title or "",
                    page=reader.get_destination_page_number(item),
                    top=float(top) if top is not None else None,
                )
            )
    return out


@cache
def _read(path: Path) -> Printed:
    reader = PdfReader(path)
    pages, starts = [], []
    for number, page in enumerate(reader.pages):

        def visit(text, cm, tm, _font, _size, number=number):
            if text.strip():
                starts.append((number, tm[4] * cm[0] + tm[5] * cm[2] + cm[4], text))

        pages.append(FOOTER.sub("", page.extract_text(visitor_text=visit) or ""))
    return Printed(
        pages=tuple(pages),
        outline=tuple(_outline(reader, reader.outline)),
        images=sum(len(page.images) for page in reader.pages),
        width_pt=float(reader.pages[0].mediabox.width),
        height_pt=float(reader.pages[0].mediabox.height),
        text_starts=tuple(starts),
    )


@pytest.fixture(scope="module")
def pdf(pdf_path: Path) -> Printed:
    if not pdf_path.is_file():
        pytest.fail(f"{pdf_path} is missing: run make pdf first", pytrace=False)
    return _read(pdf_path)


def first_heading(source: Path) -> str:
    """The first level-1 heading of a MyST page or a notebook's first Markdown cells."""
    if source.suffix == ".ipynb":
        cells = json.loads(source.read_text(encoding="utf-8"))["cells"]
        text = "\n".join(_source(c) for c in cells if c["cell_type"] == "markdown")
    else:
        text = source.read_text(encoding="utf-8")
        text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.DOTALL)  # front matter
    for line in text.splitlines():
        if line.startswith("# "):
            title = line[2:].strip()
            # drop simple inline Markdown so the printed title matches
            title = re.sub(r"\{[a-z:-]+\}`([^`]*)`", r"\1", title)
            return re.sub(r"[*_`]", "", title).strip()
    raise AssertionError(f"{source} has no level-1 heading")


def _source(cell: dict) -> str:
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else src


def source_of(root: Path, docname: str) -> Path:
    for suffix in (".md", ".ipynb"):
        if (root / f"{docname}{suffix}").is_file():
            return root / f"{docname}{suffix}"
    raise AssertionError(f"no source for {docname} listed in _toc.yml")


@pytest.fixture(scope="module")
def chapter_titles(book_root, toc_pages) -> dict[str, str]:
    return {d: first_heading(source_of(book_root, d)) for d in toc_pages}


def test_page_count(pdf, toc_pages):
    pages, chapters = len(pdf.pages), len(toc_pages)
    assert pages >= chapters, f"{pages} pages for {chapters} chapters that each start a page"
    assert pages <= MAX_PAGES_PER_CHAPTER * chapters, (
        f"{pages} pages for {chapters} chapters: more than {MAX_PAGES_PER_CHAPTER} a chapter"
    )


def test_chapter_titles_printed(pdf, chapter_titles):
    text = squeeze(pdf.text)
    missing = {d: t for d, t in chapter_titles.items() if squeeze(t) not in text}
    assert not missing, f"chapter titles not found in the PDF text: {missing}"


@pytest.mark.parametrize("term", KEY_TERMS)
def test_chinese_key_terms(pdf, term):
    assert term in squeeze(pdf.text), f"{term} not found in the PDF text (searching fails)"


def test_no_radicals_in_text_layer(pdf, pdf_path):
    found = []
    for number, text in enumerate(pdf.pages, start=1):
        for m in RADICALS.finditer(text):
            context = WHITESPACE.sub(" ", text[max(m.start() - 15, 0) : m.end() + 15])
            found.append(f"page {number}: U+{ord(m.group()):04X} in {context!r}")
    if found:
        reader = PdfReader(pdf_path)
        fonts = sorted(
            {
                str(font.get_object().get("/BaseFont"))
                for page in reader.pages
                for font in (page.get("/Resources", {}).get("/Font", {}) or {}).values()
            }
        )
        pytest.fail(
            f"{len(found)} radical characters in the PDF text layer (a CJK font maps "
            f"ideographs to radicals; fonts: {fonts}):\n" + "\n".join(found[:20]),
            pytrace=False,
        )


def test_no_code_printed(pdf, book_root, toc_pages):
    """No line of any notebook code cell appears in the PDF (the print CSS hides them)."""
    text = squeeze(pdf.text)
    printed = []
    for docname in toc_pages:
        source = source_of(book_root, docname)
        if source.suffix != ".ipynb":
            continue
        cells = json.loads(source.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            if cell["cell_type"] != "code":
                continue
            lines = [ln.strip() for ln in _source(cell).splitlines()]
            lines = [ln for ln in lines if len(ln) >= MIN_CODE_LINE and not ln.startswith("#")]
            printed += [f"{docname}: {ln}" for ln in lines if squeeze(ln) in text]
    assert not printed, f"{len(printed)} lines of code printed in the PDF, e.g. {printed[:5]}"


def test_outline_lists_every_chapter(pdf, chapter_titles):
    assert pdf.outline, "the PDF has no bookmarks (outline)"
    titles = {squeeze(b.title) for b in pdf.outline}
    missing = {d: t for d, t in chapter_titles.items() if squeeze(t) not in titles}
    assert not missing, f"chapters without a bookmark: {missing}"


def _spaced(text: str) -> str:
    return " ".join(text.translate(QUOTES).split())


def test_bookmarks_keep_the_spaces_of_their_headings(pdf, chapter_titles):
    """A bookmark reads as its heading does: no words run together where the heading wrapped
    on the page ("GovernmentWork")."""
    titles = {_spaced(b.title) for b in pdf.outline}
    run_together = {d: t for d, t in chapter_titles.items() if _spaced(t) not in titles}
    assert not run_together, f"bookmarks that lost spaces: {run_together}"


def test_no_empty_part_bookmarks(pdf, book_root):
    """The table of contents' part captions are not bookmarks of their own that lead nowhere."""
    toc = yaml.safe_load((book_root / "_toc.yml").read_text(encoding="utf-8"))
    captions = {squeeze(p["caption"]) for p in toc.get("parts", []) if p.get("caption")}
    empty = [b.title for b in pdf.outline if squeeze(b.title) in captions]
    assert not empty, f"empty part bookmarks: {empty}"


def test_title_page_names_authors_and_date(pdf, book_root):
    cff = yaml.safe_load((book_root / "CITATION.cff").read_text(encoding="utf-8"))
    book = cff["preferred-citation"]
    first = squeeze(pdf.pages[0])
    assert squeeze(book["title"]) in first
    for author in book["authors"]:
        assert squeeze(author["name"]) in first
    assert squeeze(str(book["date-released"])) in first and squeeze(str(book["version"])) in first


def test_every_chapter_starts_a_page(pdf, chapter_titles):
    """Each page of _toc.yml (chapter or section page) starts at the top of a PDF page: its
    bookmark, the shallowest one with its title, lies at the top of the printable area."""
    page_top = pdf.height_pt - MARGIN_MM["top"] * PT_PER_MM
    chapters: dict[str, Bookmark] = {}
    for b in sorted(pdf.outline, key=lambda b: b.depth):
        chapters.setdefault(squeeze(b.title), b)
    late = {}
    for docname, title in chapter_titles.items():
        mark = chapters.get(squeeze(title))
        if mark is None or mark.top is None:
            late[docname] = f"{title!r}: no bookmark with a position"
        elif mark.top < page_top - CHAPTER_TOP_SLACK_PT:
            late[docname] = (
                f"{title!r} starts {page_top - mark.top:.0f} pt down page {mark.page + 1}"
            )
    assert not late, f"chapters that do not start at the top of a page: {late}"


def test_no_heading_alone_at_page_foot(pdf):
    """No heading ends a page, with its text on the next page."""
    foot = MARGIN_MM["bottom"] * PT_PER_MM + HEADING_FOOT_PT
    stranded = [
        f"page {b.page + 1}: {b.title!r} (level {b.depth + 1}, top at {b.top:.0f} pt)"
        for b in pdf.outline
        if b.top is not None
        and b.page + 1 < len(pdf.pages)
        and (b.top < foot or squeeze(pdf.pages[b.page]).endswith(squeeze(b.title)))
    ]
    assert not stranded, "headings stranded at the foot of a page:\n" + "\n".join(stranded)


def test_no_text_outside_the_printable_area(pdf):
    left = MARGIN_MM["left"] * PT_PER_MM - 1
    right = pdf.width_pt - MARGIN_MM["right"] * PT_PER_MM
    outside = [
        f"page {n + 1}: x = {x:.0f} pt: {t.strip()[:40]!r}"
        for n, x, t in pdf.text_starts
        if not left <= x < right
    ]
    assert not outside, (
        f"text starting outside the printable area ({left:.0f}–{right:.0f} pt):\n"
        + "\n".join(outside[:20])
    )


def test_print_layout_fits_the_page(chromium, single_html):
    """In Chromium's print layout at the printable width, no element sticks out sideways."""
    page_path, temporary = page_to_print(single_html)
    context = chromium.new_context(viewport={"width": printable_width_px(), "height": 1000})
    try:
        page = context.new_page()
        page.emulate_media(media="print")
        page.goto(page_path.as_uri(), wait_until="load")
        layout = page.evaluate(PRINT_OVERFLOW_JS)
    finally:
        context.close()
        if temporary:
            page_path.unlink(missing_ok=True)
    assert not layout["overflowing"], (
        f"wider than the printable width ({layout['width']} px), so cut in the PDF:\n"
        + "\n".join(layout["overflowing"][:20])
    )
    assert layout["scrollWidth"] <= layout["width"] + 1


def test_has_figures(pdf, single_html):
    html = follow_redirect(single_html).read_text(encoding="utf-8", errors="replace")
    figures = set(re.findall(r'<img[^>]+src="(_images/[^"]+)"', html))
    assert figures, "the printed page has no figure images"
    assert pdf.images >= len(figures), (
        f"the PDF embeds {pdf.images} images, the printed page shows {len(figures)} figures"
    )
