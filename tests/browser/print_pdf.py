"""Print the book's single-page HTML to PDF with headless Chromium.

    python tests/browser/print_pdf.py INPUT_HTML OUTPUT_PDF

INPUT_HTML is Sphinx's singlehtml output (`make pdf` builds it into
_build/single/_build/singlehtml/index.html; Jupyter Book's meta-refresh from index.html to
the root page is followed). The page is opened from file://, every request
to another host is blocked, and printing waits until the web fonts and every image have
loaded; an image that fails to load is an error. Output: A4, backgrounds printed, page
numbers in the footer, a title page (the book's title, authors, version and date of
release, from CITATION.cff), a document outline (PDF bookmarks) built from the headings, and
a tagged (structured) PDF. Chromium builds the outline from the tagged structure, which loses
the space where a long heading wraps ("GovernmentWork") and keeps the table of contents' part
captions as empty bookmarks: each bookmark's title is set back to its heading's text, and the
empty part captions are dropped. The look of the printed book - no code cells, chapters on new
pages, Chinese in WenQuanYi Micro Hei (Debian: fonts-wqy-microhei) - is the print part of
the book's style sheet, book/_static/workreport.css. The browser is $CHROMIUM (default
/usr/bin/chromium); Playwright never downloads one of its own.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
TIMEOUT_MS = 60_000
# Page geometry (the PDF checks lay the book out at the same printable width)
PAPER = "A4"
PAPER_MM = (210.0, 297.0)
MARGIN_MM = {"top": 15.0, "bottom": 15.0, "left": 12.0, "right": 12.0}
CSS_PX_PER_MM = 96 / 25.4


def printable_width_px() -> int:
    """Width of the printable area in CSS pixels: what the print layout has to fit in."""
    mm = PAPER_MM[0] - MARGIN_MM["left"] - MARGIN_MM["right"]
    return int(mm * CSS_PX_PER_MM)


WAIT_FOR_ASSETS_JS = """async () => {
  const imgs = [...document.images];
  imgs.forEach(i => { i.loading = 'eager'; });
  await Promise.all(imgs.map(i => i.complete ? null
    : new Promise(r => { i.addEventListener('load', r); i.addEventListener('error', r); })));
  await document.fonts.ready;
  return imgs.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.currentSrc || i.src);
}"""

FOOTER = (
    '<div style="width:100%; font-size:8px; color:#666; text-align:center;">'
    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
)


REFRESH = re.compile(r"""http-equiv=["']?refresh["']?[^>]*url=([^"'>\s]+)""", re.IGNORECASE)


def follow_redirect(html: Path) -> Path:
    """Jupyter Book writes index.html as a meta-refresh to the root page: find the target."""
    for _ in range(5):
        match = REFRESH.search(html.read_text(encoding="utf-8", errors="replace")[:2000])
        if not match:
            return html
        html = (html.parent / match.group(1).split("#")[0]).resolve()
    return html


def page_to_print(input_html: Path) -> tuple[Path, bool]:
    """The page to print, and whether it is a temporary copy to delete afterwards.

    Sphinx's singlehtml writes every relative URL (_static/, _images/) as seen from the
    output root, but saves the root document under its own path (book/intro.html here),
    where those URLs break: a copy of that page is put at the output root and printed."""
    root = input_html.resolve().parent
    target = follow_redirect(input_html.resolve())
    if target.parent == root:
        return target, False
    copy = root / f".print-{target.stem}.html"
    copy.write_bytes(target.read_bytes())
    return copy, True


def print_pdf(input_html: Path, output_pdf: Path) -> int:
    if not input_html.is_file():
        print(f"error: {input_html} does not exist (run make pdf)", file=sys.stderr)
        return 2
    try:
        page, temporary = page_to_print(input_html)
    except FileNotFoundError as exc:
        print(f"error: redirect target missing: {exc.filename}", file=sys.stderr)
        return 2
    try:
        return _print(page, output_pdf)
    finally:
        if temporary:
            page.unlink(missing_ok=True)


HEADINGS_JS = """() => ({
  headings: [...document.querySelectorAll('h1, h2, h3, h4')]
    .map(h => h.textContent.replace(/[#¶]\\s*$/, '').replace(/\\s+/g, ' ').trim()),
  captions: [...document.querySelectorAll('p.caption')]
    .map(c => c.textContent.replace(/\\s+/g, ' ').trim()),
})"""

TITLE_PAGE_JS = """(t) => {
  const first = document.querySelector('h1') || document.body.firstChild;
  const page = document.createElement('section');
  page.className = 'wr-title-page wr-print-only';
  const line = (tag, text) => { const e = document.createElement(tag);
    e.textContent = text; page.appendChild(e); };
  line('p', t.title); page.lastChild.className = 'wr-title';
  line('p', t.authors); line('p', t.edition);
  first.parentNode.insertBefore(page, first);
}"""


def title_page(citation: Path) -> dict[str, str]:
    """The title page's lines, from the preferred citation of ``CITATION.cff``."""
    import yaml

    cff = yaml.safe_load(citation.read_text(encoding="utf-8"))
    book = cff.get("preferred-citation", cff)
    authors = ", ".join(
        a.get("name") or f"{a.get('given-names', '')} {a.get('family-names', '')}"
        for a in book.get("authors", [])
    )
    date = str(book.get("date-released", ""))
    return {
        "title": book["title"],
        "authors": authors,
        "edition": f"Version {book.get('version', '')}, {date}".strip(", "),
    }


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("\u2019", "'"))


def repair_outline(pdf: Path, headings: list[str], captions: list[str]) -> int:
    """Give each bookmark its heading's text (spaces included) and drop the bookmarks of the
    table of contents' part captions that hold nothing; return how many were changed."""
    import logging

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, NumberObject, TextStringObject

    # Chromium's PDFs have a trailer one size short of their object count, which pypdf
    # reports as a warning on every read; the file is read correctly
    logging.getLogger("pypdf").setLevel(logging.ERROR)

    by_letters = {_squeeze(h): h for h in headings}
    empty_parts = {_squeeze(c) for c in captions}
    writer = PdfWriter(clone_from=PdfReader(pdf))
    root = writer._root_object.get("/Outlines")
    changed = 0

    def kids(parent) -> list:
        out, item = [], parent.get("/First")
        while item is not None:
            out.append(item)
            item = item.get_object().get("/Next")
        return out

    def walk(parent) -> None:
        nonlocal changed
        items = kids(parent)
        keep = []
        for item in items:
            node = item.get_object()
            title = str(node.get("/Title", ""))
            if "/First" not in node and _squeeze(title) in empty_parts:
                continue
            right = by_letters.get(_squeeze(title))
            if right and right != title:
                node[NameObject("/Title")] = TextStringObject(right)
                changed += 1
            walk(node)
            keep.append(item)
        dropped = len(items) - len(keep)
        if not dropped:
            return
        changed += dropped
        for i, item in enumerate(keep):
            node = item.get_object()
            for key, other in (
                ("/Prev", keep[i - 1] if i else None),
                ("/Next", keep[i + 1] if i + 1 < len(keep) else None),
            ):
                if other is None:
                    node.pop(key, None)
                else:
                    node[NameObject(key)] = other
        for key, item in (
            ("/First", keep[0] if keep else None),
            ("/Last", keep[-1] if keep else None),
        ):
            if item is None:
                parent.pop(key, None)
            else:
                parent[NameObject(key)] = item
        if "/Count" in parent:
            count = int(parent["/Count"])
            parent[NameObject("/Count")] = NumberObject(
                count - dropped if count > 0 else count + dropped
            )

    if root is not None:
        walk(root.get_object())
    with pdf.open("wb") as f:
        writer.write(f)
    return changed


def _print(input_html: Path, output_pdf: Path) -> int:
    from playwright.sync_api import sync_playwright

    if not os.access(CHROMIUM, os.X_OK):
        print(
            f"error: {CHROMIUM} missing: install Debian's chromium or set CHROMIUM",
            file=sys.stderr,
        )
        return 2
    output_pdf.parent.mkdir(parents=True, exist_ok=True)
    blocked: list[str] = []
    start = time.monotonic()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context()
            context.set_default_timeout(TIMEOUT_MS)

            def block(route) -> None:
                blocked.append(route.request.url)
                route.abort("blockedbyclient")

            context.route(re.compile(r"^(https?|wss?)://"), block)
            page = context.new_page()
            page.goto(input_html.resolve().as_uri(), wait_until="load")
            broken = page.evaluate(WAIT_FOR_ASSETS_JS)
            if broken:
                print(f"error: images that did not load: {broken}", file=sys.stderr)
                return 1
            citation = Path(__file__).resolve().parents[2] / "CITATION.cff"
            page.evaluate(TITLE_PAGE_JS, title_page(citation))
            marks = page.evaluate(HEADINGS_JS)
            page.emulate_media(media="print")
            page.pdf(
                path=str(output_pdf),
                format=PAPER,
                print_background=True,
                margin={side: f"{mm:g}mm" for side, mm in MARGIN_MM.items()},
                display_header_footer=True,
                header_template="<div></div>",
                footer_template=FOOTER,
                outline=True,  # bookmarks for the chapters and sections (Chromium >= 120)
                tagged=True,  # the outline is built from the tagged structure
            )
        finally:
            browser.close()
    if blocked:
        print(f"error: the page requested other hosts: {sorted(set(blocked))}", file=sys.stderr)
        return 1
    repair_outline(output_pdf, marks["headings"], marks["captions"])
    size_kib = output_pdf.stat().st_size / 1024
    print(f"wrote {output_pdf} ({size_kib:.0f} KiB) in {time.monotonic() - start:.1f} s")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input_html", type=Path, help="singlehtml index.html")
    parser.add_argument("output_pdf", type=Path, help="PDF to write (directories are created)")
    args = parser.parse_args(argv)
    return print_pdf(args.input_html, args.output_pdf)


if __name__ == "__main__":
    sys.exit(main())
