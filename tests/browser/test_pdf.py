"""Checks of the printed book, _build/pdf/book.pdf (run `make pdf` first).

Text is extracted with pypdf. Chromium embeds the Noto CJK fonts with ToUnicode maps that
send some ideographs to look-alike radicals (生 comes out as U+2F63 KANGXI RADICAL LIFE,
西 as U+2EC4 CJK RADICAL WEST TWO): NFKC normalisation folds the Kangxi radicals back, and
the matching below also accepts a CJK Radicals Supplement character where the expected text
has an ideograph. pypdf also puts spaces and line breaks inside CJK runs and wrapped titles,
so whitespace is ignored when matching.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest
from pypdf import PdfReader

KEY_TERMS = ["煤炭", "脱贫", "生态"]
MIN_PAGES = 6
QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
RADICAL_SUPPLEMENT = r"[\u2e80-\u2eff]"


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(QUOTES)


def pattern(expected: str) -> re.Pattern[str]:
    """Whitespace-insensitive pattern; an ideograph may come out as a supplement radical."""
    parts = []
    for char in normalise(expected):
        if char.isspace():
            continue
        esc = re.escape(char)
        parts.append(f"(?:{esc}|{RADICAL_SUPPLEMENT})" if HAN.match(char) else esc)
    return re.compile(r"\s*".join(parts))


def first_heading(source: Path) -> str:
    """The first level-1 heading of a MyST page or a notebook's first Markdown cells."""
    if source.suffix == ".ipynb":
        cells = json.loads(source.read_text(encoding="utf-8"))["cells"]
        text = "\n".join(
            "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in cells
            if c["cell_type"] == "markdown"
        )
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


def source_of(root: Path, docname: str) -> Path:
    for suffix in (".md", ".ipynb"):
        if (root / f"{docname}{suffix}").is_file():
            return root / f"{docname}{suffix}"
    raise AssertionError(f"no source for {docname} listed in _toc.yml")


@cache
def _read(path: Path) -> tuple[int, str, int]:
    reader = PdfReader(path)
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    images = sum(len(page.images) for page in reader.pages)
    return len(reader.pages), normalise(text), images


@pytest.fixture(scope="module")
def pdf(pdf_path: Path) -> tuple[int, str, int]:
    if not pdf_path.is_file():
        pytest.fail(f"{pdf_path} is missing: run make pdf first", pytrace=False)
    return _read(pdf_path)


def test_page_count(pdf):
    pages, _, _ = pdf
    assert pages >= MIN_PAGES, f"the PDF has only {pages} pages"


def test_chapter_titles_printed(pdf, book_root, toc_pages):
    _, text, _ = pdf
    titles = {d: first_heading(source_of(book_root, d)) for d in toc_pages}
    missing = {d: t for d, t in titles.items() if not pattern(t).search(text)}
    assert not missing, f"chapter titles not found in the PDF text: {missing}"


@pytest.mark.parametrize("term", KEY_TERMS)
def test_chinese_key_terms(pdf, term):
    _, text, _ = pdf
    assert pattern(term).search(text), f"{term} not found in the PDF text"


def test_has_figures(pdf):
    _, _, images = pdf
    assert images >= 1, "the PDF embeds no image (figures missing?)"
