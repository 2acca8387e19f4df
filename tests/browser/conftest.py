"""Fixtures for the real-browser checks of the built book.

These tests never build the book: they read what `make book` (HTML) and `make pdf` (PDF)
left in `_build/`. Point them at another checkout with `BOOK_ROOT=/path/to/book`, and at
another Chromium-based browser with `CHROMIUM=/path/to/chrome` (default: Debian's
`/usr/bin/chromium`). Playwright's Python package drives that browser; it never downloads
one of its own. `BOOK_REPOSITORY=owner/name` says that the build was told its GitHub
repository (`make book-only BOOK_REPOSITORY=owner/name`): its buttons must then link to it.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from print_pdf import CHROMIUM, CHROMIUM_ARGS  # one definition of the browser and its flags

BOOK_ROOT = Path(os.environ.get("BOOK_ROOT", Path(__file__).resolve().parents[2])).resolve()
HTML_DIR = BOOK_ROOT / "_build" / "html"
PDF_PATH = BOOK_ROOT / "_build" / "pdf" / "book.pdf"
SINGLE_HTML = BOOK_ROOT / "_build" / "single" / "_build" / "singlehtml" / "index.html"
REPOSITORY = os.environ.get("BOOK_REPOSITORY", "").strip().strip("/")


def toc_docnames(root: Path = BOOK_ROOT) -> list[str]:
    """Every document listed in _toc.yml, root first, in reading order (no suffix)."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    names = [toc["root"]]

    def walk(items: list[dict]) -> None:
        for item in items or []:
            if "file" in item:
                names.append(item["file"])
            walk(item.get("sections", []))
            walk(item.get("chapters", []))

    walk(toc.get("parts", []))
    walk(toc.get("chapters", []))
    walk(toc.get("sections", []))
    # strip any suffix an author may have written (book/x.md -> book/x)
    return [n.removesuffix(".md").removesuffix(".ipynb") for n in names]


PAGES = toc_docnames()
# Pages whose text must contain Chinese: the root page and every analysis notebook.
CHINESE_PAGES = [PAGES[0]] + [d for d in PAGES if d.startswith("notebooks/")]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """`docname`: every page in _toc.yml; `zh_docname`: intro and the analysis notebooks."""
    if "docname" in metafunc.fixturenames:
        metafunc.parametrize("docname", PAGES)
    if "zh_docname" in metafunc.fixturenames:
        metafunc.parametrize("zh_docname", CHINESE_PAGES)


@pytest.fixture(scope="session")
def book_root() -> Path:
    return BOOK_ROOT


@pytest.fixture(scope="session")
def toc_pages() -> list[str]:
    return list(PAGES)


@pytest.fixture(scope="session")
def pdf_path() -> Path:
    return PDF_PATH


@pytest.fixture(scope="session")
def single_html() -> Path:
    """The single-page HTML that `make pdf` prints."""
    if not SINGLE_HTML.is_file():
        pytest.fail(f"{SINGLE_HTML} is missing: run make pdf first", pytrace=False)
    return SINGLE_HTML


@pytest.fixture(scope="session")
def repository() -> str:
    """``owner/name`` of the GitHub repository the build was told, or ``""``."""
    return REPOSITORY


@pytest.fixture(scope="session")
def html_dir() -> Path:
    if not (HTML_DIR / "index.html").is_file():
        pytest.fail(
            f"{HTML_DIR / 'index.html'} is missing: run make book first "
            "(these tests check the built book, they do not build it)",
            pytrace=False,
        )
    return HTML_DIR


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def server(html_dir: Path) -> Iterator[str]:
    """Serve _build/html on 127.0.0.1 (random free port) from a background thread."""
    handler = functools.partial(_QuietHandler, directory=str(html_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, name="book-http", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def chromium():
    """Headless Chromium (the one print_pdf.py uses), for the HTML and the PDF checks."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) "
            "or set CHROMIUM to a Chromium-based browser",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def browser(html_dir: Path, chromium):
    """Chromium, once the built HTML book is known to exist."""
    return chromium
