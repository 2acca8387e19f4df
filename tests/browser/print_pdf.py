"""Print the book's single-page HTML to PDF with headless Chromium.

    python tests/browser/print_pdf.py INPUT_HTML OUTPUT_PDF

INPUT_HTML is Sphinx's singlehtml output (`make pdf` builds it into
_build/single/_build/singlehtml/index.html; Jupyter Book's meta-refresh from index.html to
the root page is followed). The page is opened from file://, every request
to another host is blocked, and printing waits until the web fonts and every image have
loaded; an image that fails to load is an error. Output: A4, backgrounds printed, page
numbers in the footer, a document outline (PDF bookmarks) built from the headings, and a
tagged (structured) PDF. The look of the printed book - no code cells, chapters on new
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
