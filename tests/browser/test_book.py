"""Real-browser checks of the built HTML book in _build/html (run `make book` first).

Every page listed in _toc.yml is opened twice in headless Chromium:

* over HTTP from a local server on 127.0.0.1: it must answer 200, log no console error,
  have no failed request, show every image in its main content, contain no unresolved
  cross-reference, and every internal link on it must point to an existing file and id;
  a full-page screenshot (its first 20,000 px at most) goes to
  _build/screenshots/<docname>.png;
* from file://: it must not request anything from another host (the book works offline);
* 390 px wide, the width of a phone: the page must not scroll sideways (wide tables and
  figures scroll inside their own box), and figures must not be shrunk below 80% of the
  size they were drawn for; a full-page screenshot goes to
  _build/screenshots/390px/<docname>.png.

Links to a source repository or a notebook launcher (GitHub, Binder ...) in the page chrome
must go to the repository the build was told (BOOK_REPOSITORY, see conftest.py) and exist
only then: never to a placeholder. Every table in data/derived/ must be downloadable, byte
for byte, from the Data page. The search page must find the key Chinese terms (indexed by
jieba) in the right chapters.
"""

from __future__ import annotations

import re
import subprocess
import sys
import urllib.request
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
# Sphinx prints numbered references it could not number as e.g. "Fig. ??" / "Table ??".
UNRESOLVED_TEXT = re.compile(r"\?\?")
SEARCHES = [
    ("煤炭", "notebooks/01_energy.html"),
    ("脱贫", "notebooks/02_poverty.html"),
    ("生态", "notebooks/03_ecology.html"),
]
EXTERNAL_SCHEMES = ("http:", "https:", "mailto:", "javascript:", "tel:", "data:")
LOCAL_SCHEMES = {"file", "data", "blob", "about"}
TIMEOUT_MS = 15_000
# a screenshot keeps at most this much of a page's height: the API reference is over 160,000 px
# tall, and a picture of all of it takes longer than TIMEOUT_MS and shows nothing more
SCREENSHOT_MAX_PX = 20_000
PHONE = {"width": 390, "height": 844}
# Hosts of source repositories and notebook launchers: the page chrome may link to them
# only for the book's own repository.
REPOSITORY_HOSTS = {
    "github.com",
    "gitlab.com",
    "bitbucket.org",
    "mybinder.org",
    "colab.research.google.com",
    "deepnote.com",
}
# A figure may be drawn smaller than the size it was designed for (its pixels at
# plotting.FIGURE_DPI, shown at 100 dpi) down to this share, and stay legible.
MIN_FIGURE_SCALE = 0.8
DESIGN_DPI = 100

COLLECT_JS = r"""() => {
  const article = document.querySelector('article.bd-article') || document.querySelector('main');
  const clone = article.cloneNode(true);
  clone.querySelectorAll('pre, code, .highlight, .cell_output, .output').forEach(e => e.remove());
  return {
    text: article.innerText,
    prose: clone.textContent,
    images: [...article.querySelectorAll('img')].map(i => ({
      src: i.currentSrc || i.src, complete: i.complete, width: i.naturalWidth})),
    emptyFigures: [...article.querySelectorAll('figure')]
      .filter(f => ![...f.querySelectorAll('img, svg, object, embed, canvas, table')]
        .some(e => !e.closest('button')))  // copy buttons carry an svg icon
      .map(f => f.innerText.slice(0, 120)),
    links: [...document.querySelectorAll('a[href]')].map(a => [a.getAttribute('href'), a.href]),
    chromeLinks: [...document.querySelectorAll('a[href]')].filter(a => !article.contains(a))
      .map(a => a.href),
    // tables wider than the text column (the article's content box)
    wideTables: [...article.querySelectorAll('table')].filter(t =>
        t.getBoundingClientRect().right > article.getBoundingClientRect().right + 1)
      .map(t => (t.querySelector('caption') || t).textContent.trim().slice(0, 60)),
    readNotes: [...article.querySelectorAll('.wr-code-note, div.admonition')]
      .filter(n => /How to read this chapter/.test(n.textContent))
      .map(n => n.textContent.replace(/Show all code|Hide all code/g, '')
        .replace(/\d+ cells/, 'N cells').trim()),
    orphanXrefs: [...article.querySelectorAll('.xref, .problematic')]
      .filter(e => !e.closest('a') || e.closest('a').classList.contains('problematic'))
      .map(e => e.outerHTML.slice(0, 200)),
  };
}"""

PHONE_JS = """() => {
  const width = window.innerWidth;
  const article = document.querySelector('article.bd-article') || document.querySelector('main');
  // elements of the main text that stick out of the viewport, unless a box that scrolls
  // holds them (the off-canvas sidebars of the theme lie outside on purpose)
  const scrolls = e => { const s = getComputedStyle(e);
    return /(auto|scroll|hidden)/.test(s.overflowX) && e.scrollWidth > e.clientWidth; };
  const held = e => { for (let p = e.parentElement; p; p = p.parentElement) {
    if (scrolls(p)) return true; } return false; };
  const wide = [...article.querySelectorAll('*')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.right > width + 1 && !held(e); }).slice(0, 10)
    .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`
      + ` ends at ${Math.round(e.getBoundingClientRect().right)} px`);
  // captions cut off by the box they sit in (a table's scroll box, the viewport)
  const clipped = [...article.querySelectorAll('caption, figcaption')].filter(c => {
    const r = c.getBoundingClientRect();
    if (r.right > width + 1) return true;
    for (let p = c.parentElement; p; p = p.parentElement) {
      if (/(auto|scroll|hidden)/.test(getComputedStyle(p).overflowX)) {
        const b = p.getBoundingClientRect();
        return r.right > b.right + 1 || r.left < b.left - 1;
      }
    }
    return false; }).map(c => c.textContent.trim().slice(0, 60));
  const figures = [...article.querySelectorAll('figure img, .cell_output img')]
    .map(i => ({src: i.getAttribute('src'), shown: i.getBoundingClientRect().width,
                natural: i.naturalWidth}));
  return {width, scrollWidth: document.scrollingElement.scrollWidth, wide, figures, clipped};
}"""

WAIT_IMAGES_JS = """async () => {
  const imgs = [...document.querySelectorAll('img')];
  imgs.forEach(i => { i.loading = 'eager'; });
  await Promise.all(imgs.map(i => i.complete ? null
    : new Promise(r => { i.addEventListener('load', r); i.addEventListener('error', r); })));
}"""


def html_path(docname: str) -> str:
    """book/x (from book/x.md) -> book/x.html; notebooks/x (.ipynb) -> notebooks/x.html."""
    return docname + ".html"


@dataclass
class Visit:
    status: int | None = None
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list, repr=False)
    data: dict = field(default_factory=dict, repr=False)
    error: str | None = None


def _page_url(base: str, docname: str) -> str:
    return base + html_path(docname)


def _watch(page, visit: Visit) -> None:
    page.on("console", lambda m: m.type == "error" and visit.console_errors.append(m.text))
    page.on("pageerror", lambda e: visit.console_errors.append(f"uncaught: {e}"))
    page.on(
        "requestfailed",
        lambda r: visit.failed_requests.append(f"{r.url} ({r.failure})"),
    )
    page.on(
        "response",
        lambda r: r.status >= 400 and visit.failed_requests.append(f"{r.url} (HTTP {r.status})"),
    )
    page.on("request", lambda r: visit.requests.append(r.url))


def _block_other_hosts(context, allowed_prefix: str) -> None:
    """Abort (and so fail) every request that would leave the machine."""

    def handle(route):
        if route.request.url.startswith(allowed_prefix):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    context.route(re.compile(r"^(https?|wss?)://"), handle)


def _visit_all(context, docnames, look) -> dict[str, Visit]:
    """Open each page in a new tab, let ``look(page, docname, visit)`` record what the checks
    need; an exception is recorded on the page's visit and reported by each of its tests."""
    visits: dict[str, Visit] = {}
    try:
        for docname in docnames:
            visit = visits[docname] = Visit()
            page = context.new_page()
            _watch(page, visit)
            try:
                look(page, docname, visit)
            except Exception as exc:
                visit.error = f"{type(exc).__name__}: {exc}"
            finally:
                page.close()
    finally:
        context.close()
    return visits


def _measure_and_shoot(server: str, script: str, screenshots: Path):
    """A page visit over HTTP: record the status, run ``script`` once the images are in,
    and save a full-page screenshot (at most :data:`SCREENSHOT_MAX_PX` tall) into
    ``screenshots``."""

    def look(page, docname, visit):
        response = page.goto(_page_url(server, docname), wait_until="load")
        visit.status = response.status if response else None
        page.evaluate(WAIT_IMAGES_JS)
        visit.data = page.evaluate(script)
        height = page.evaluate("document.documentElement.scrollHeight")
        width = page.viewport_size["width"] if page.viewport_size else 1280
        page.screenshot(
            path=str(screenshots / f"{docname.replace('/', '-')}.png"),
            full_page=True,
            clip={"x": 0, "y": 0, "width": width, "height": min(height, SCREENSHOT_MAX_PX)},
        )

    return look


@pytest.fixture(scope="session")
def http_visits(browser, server, html_dir, toc_pages) -> dict[str, Visit]:
    """Open every page over HTTP once, record what the checks need, save a screenshot."""
    screenshots = html_dir.parent / "screenshots"
    screenshots.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    _block_other_hosts(context, server)

    return _visit_all(context, toc_pages, _measure_and_shoot(server, COLLECT_JS, screenshots))


@pytest.fixture(scope="session")
def file_visits(browser, html_dir, toc_pages) -> dict[str, Visit]:
    """Open every page from file:// and record every request it makes."""
    context = browser.new_context()
    context.set_default_timeout(TIMEOUT_MS)
    _block_other_hosts(context, "file:")

    def look(page, docname, visit):
        page.goto((html_dir / html_path(docname)).as_uri(), wait_until="load")
        page.evaluate(WAIT_IMAGES_JS)
        page.wait_for_timeout(200)  # let deferred scripts fire their requests

    return _visit_all(context, toc_pages, look)


@pytest.fixture(scope="session")
def phone_visits(browser, server, html_dir, toc_pages) -> dict[str, Visit]:
    """Open every page 390 px wide: measure sideways overflow and figure sizes, screenshot."""
    screenshots = html_dir.parent / "screenshots" / "390px"
    screenshots.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    context.set_default_timeout(TIMEOUT_MS)
    _block_other_hosts(context, server)

    return _visit_all(context, toc_pages, _measure_and_shoot(server, PHONE_JS, screenshots))


def _visited(visits: dict[str, Visit], docname: str) -> Visit:
    visit = visits[docname]
    assert visit.error is None, f"{html_path(docname)} could not be checked: {visit.error}"
    return visit


class _IdCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if value is not None and (key == "id" or (tag == "a" and key == "name")):
                self.ids.add(value)


@cache
def _ids_in(path: Path) -> frozenset[str]:
    parser = _IdCollector()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return frozenset(parser.ids)


def test_toc_pages_are_built(html_dir, toc_pages):
    assert len(toc_pages) >= 2, "_toc.yml lists no pages"
    missing = [html_path(d) for d in toc_pages if not (html_dir / html_path(d)).is_file()]
    assert not missing, f"pages listed in _toc.yml but not built: {missing}"


def test_page_loads_cleanly(http_visits, docname):
    visit = _visited(http_visits, docname)
    assert visit.status == 200, f"{html_path(docname)}: HTTP {visit.status}"
    assert not visit.console_errors, f"{html_path(docname)}: console errors {visit.console_errors}"
    assert not visit.failed_requests, (
        f"{html_path(docname)}: failed requests {visit.failed_requests}"
    )


def test_images_load(http_visits, docname):
    visit = _visited(http_visits, docname)
    broken = [i["src"] for i in visit.data["images"] if not (i["complete"] and i["width"] > 0)]
    assert not broken, f"{html_path(docname)}: images that did not load: {broken}"
    # A glued matplotlib figure that was stored without its PNG renders as a figure that
    # holds only text such as "<Figure size 640x480 with 1 Axes>".
    assert not visit.data["emptyFigures"], (
        f"{html_path(docname)}: figures without an image: {visit.data['emptyFigures']}"
    )


def test_chinese_text_present(http_visits, zh_docname):
    visit = _visited(http_visits, zh_docname)
    han = HAN.findall(visit.data["text"])
    assert han, f"{html_path(zh_docname)}: no Chinese characters in the page text"


def test_no_unresolved_references(http_visits, docname):
    visit = _visited(http_visits, docname)
    assert not visit.data["orphanXrefs"], (
        f"{html_path(docname)}: cross-references without a target: {visit.data['orphanXrefs']}"
    )
    context = [
        visit.data["prose"][max(m.start() - 40, 0) : m.end() + 10].strip()
        for m in UNRESOLVED_TEXT.finditer(visit.data["prose"])
    ]
    assert not context, f"{html_path(docname)}: unresolved numbered references: {context}"


def test_internal_links_resolve(http_visits, server, html_dir, docname):
    visit = _visited(http_visits, docname)
    problems = []
    for raw, resolved in visit.data["links"]:
        if raw.strip().lower().startswith(EXTERNAL_SCHEMES):
            continue
        parts = urlsplit(resolved)
        if not resolved.startswith(server):
            problems.append(f"{raw!r} leaves the book ({resolved})")
            continue
        rel = unquote(parts.path[len(urlsplit(server).path) :])
        target = html_dir / rel
        if rel == "" or rel.endswith("/"):
            target = target / "index.html"
        if not target.is_file():
            problems.append(f"{raw!r}: no file {target.relative_to(html_dir)}")
            continue
        fragment = unquote(parts.fragment)
        if fragment and target.suffix == ".html" and fragment not in _ids_in(target):
            problems.append(f"{raw!r}: no id {fragment!r} in {target.relative_to(html_dir)}")
    assert not problems, f"{html_path(docname)}: broken internal links:\n" + "\n".join(problems)


def test_offline_from_file_url(file_visits, docname):
    visit = _visited(file_visits, docname)
    remote = [u for u in visit.requests if urlsplit(u).scheme not in LOCAL_SCHEMES]
    assert not remote, f"{html_path(docname)} opened from disk requests other hosts: {remote}"


def test_no_sideways_scroll_at_phone_width(phone_visits, docname):
    visit = _visited(phone_visits, docname)
    data = visit.data
    assert data["scrollWidth"] <= data["width"] + 1 and not data["wide"], (
        f"{html_path(docname)} at {PHONE['width']} px scrolls sideways "
        f"(page {data['scrollWidth']} px wide): {data['wide']}"
    )


def test_tables_fit_the_text_column_at_desktop_width(http_visits, docname):
    visit = _visited(http_visits, docname)
    assert not visit.data["wideTables"], (
        f"{html_path(docname)} at 1280 px: tables wider than the text column: "
        f"{visit.data['wideTables']}"
    )


def test_captions_not_clipped_at_phone_width(phone_visits, docname):
    visit = _visited(phone_visits, docname)
    assert not visit.data["clipped"], (
        f"{html_path(docname)} at {PHONE['width']} px: captions cut off: {visit.data['clipped']}"
    )


def test_one_reading_note_the_same_in_every_chapter(http_visits, toc_pages):
    """Each chapter with hidden code has exactly one "How to read this chapter" note, and it
    says the same thing in every chapter."""
    notes = {d: _visited(http_visits, d).data["readNotes"] for d in toc_pages}
    chapters = {d: n for d, n in notes.items() if d.startswith("notebooks/")}
    assert all(len(n) <= 1 for n in chapters.values()), chapters
    assert len({n[0] for n in chapters.values() if n}) == 1, chapters


def test_parameters_cell_is_not_folded(html_dir, toc_pages):
    """The cell that names the report a chapter reads stays visible (not folded away)."""
    folded = []
    for d in toc_pages:
        if not d.startswith("notebooks/"):
            continue
        page = (html_dir / html_path(d)).read_text(encoding="utf-8")
        for m in re.finditer(r'<details class="hide above-input">(.*?)</details>', page, re.S):
            if "REPORT_PATH" in m.group(1):
                folded.append(d)
    assert not folded, f"the parameters cell is folded away in {folded}"


def test_figures_legible_at_phone_width(phone_visits, docname):
    from workreport.book.figures import FIGURE_DPI

    visit = _visited(phone_visits, docname)
    squeezed = [
        f"{f['src']} shown {f['shown']:.0f} px wide, drawn for {design:.0f} px"
        for f in visit.data["figures"]
        if f["natural"]
        and f["shown"] < MIN_FIGURE_SCALE * (design := f["natural"] * DESIGN_DPI / FIGURE_DPI)
    ]
    assert not squeezed, f"{html_path(docname)} at {PHONE['width']} px: {squeezed}"


def test_repository_links_only_to_the_books_repository(http_visits, repository, docname):
    visit = _visited(http_visits, docname)
    links = [u for u in visit.data["chromeLinks"] if urlsplit(u).hostname in REPOSITORY_HOSTS]
    if not repository:
        assert not links, (
            f"{html_path(docname)} links to a repository or launcher although the build was "
            f"not told its repository (placeholder?): {links}"
        )
        return
    own = (f"https://github.com/{repository}", f"https://mybinder.org/v2/gh/{repository}/")
    foreign = [u for u in links if not (u == own[0] or u.startswith((own[0] + "/", own[1])))]
    assert not foreign, f"{html_path(docname)} links to another repository: {foreign}"
    assert own[0] in links, f"{html_path(docname)} has no link to {own[0]}"


def test_derived_data_downloadable(html_dir, server, book_root):
    """Every table of data/derived/ and its README are linked from the Data page, and the
    local server returns each file unchanged."""
    parser = _DownloadLinks()
    parser.feed((html_dir / "book" / "data.html").read_text(encoding="utf-8"))
    links = {Path(unquote(urlsplit(h).path)).name: h for h in parser.hrefs}
    wanted = sorted((book_root / "data" / "derived").glob("*.csv"))
    wanted.append(book_root / "data" / "derived" / "README.md")
    assert len(wanted) > 1, "data/derived/ holds no table"
    problems = []
    for path in wanted:
        if path.name not in links:
            problems.append(f"{path.name}: no download link on book/data.html")
            continue
        url = urljoin(server + "book/data.html", links[path.name])
        with urllib.request.urlopen(url, timeout=10) as response:  # the local server only
            body = response.read()
            if response.status != 200 or body != path.read_bytes():
                problems.append(f"{path.name}: HTTP {response.status}, {len(body)} bytes")
    assert not problems, "derived data not downloadable:\n" + "\n".join(problems)


class _DownloadLinks(HTMLParser):
    """The targets of Sphinx download links (``<a class="reference download" href=…>``)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a" and "download" in (a.get("class") or "").split() and a.get("href"):
            self.hrefs.append(a["href"])


def test_publish_config_names_the_repository(tmp_path, book_root):
    """The configuration of a publishing build turns the buttons on, for that repository;
    the committed one names no repository."""
    config = yaml.safe_load((book_root / "_config.yml").read_text(encoding="utf-8"))
    assert not (config.get("repository") or {}).get("url"), "_config.yml names a repository"
    assert not (config.get("launch_buttons") or {}).get("binderhub_url")
    out = tmp_path / "_config.yml"
    script = book_root / ".ci" / "publish_config.py"
    run = [sys.executable, str(script), "someone/some-book", str(out)]
    subprocess.run([*run, "--branch", "dev"], check=True, capture_output=True)
    published = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert published["repository"]["url"] == "https://github.com/someone/some-book"
    assert published["repository"]["branch"] == "dev"
    assert published["html"]["use_repository_button"] is True
    assert published["launch_buttons"]["binderhub_url"] == "https://mybinder.org"
    assert published["sphinx"] == config["sphinx"]  # everything else unchanged
    bad = subprocess.run(
        [sys.executable, str(script), "https://example.org/x", str(out)], capture_output=True
    )
    assert bad.returncode == 2 and b"not a GitHub repository" in bad.stderr


@pytest.mark.parametrize(("term", "expected"), SEARCHES)
def test_search_finds_chinese_terms(browser, server, term, expected):
    context = browser.new_context()
    context.set_default_timeout(TIMEOUT_MS)
    _block_other_hosts(context, server)
    page = context.new_page()
    visit = Visit()
    _watch(page, visit)
    try:
        page.goto(f"{server}search.html?q={term}", wait_until="load")
        page.wait_for_function(
            """() => { const s = document.querySelector('#search-results .search-summary');
                       return s && /finished|did not match/.test(s.innerText); }"""
        )
        hrefs = page.eval_on_selector_all(
            "#search-results ul.search li > a", "els => els.map(a => a.href)"
        )
        summary = page.inner_text("#search-results .search-summary")
    finally:
        context.close()
    results = [unquote(urlsplit(h).path[len(urlsplit(server).path) :]) for h in hrefs]
    assert results, f"search for {term!r} found nothing: {summary!r}"
    assert expected in results, f"search for {term!r} does not list {expected}: {results}"
    assert not visit.console_errors, f"search page console errors: {visit.console_errors}"
    assert not visit.failed_requests, f"search page failed requests: {visit.failed_requests}"


def test_search_dictionary_exists(book_root):
    """The jieba user dictionary named in _config.yml must exist (Sphinx silently skips it)."""
    config = yaml.safe_load((book_root / "_config.yml").read_text(encoding="utf-8"))
    options = (config.get("sphinx") or {}).get("config", {}).get("html_search_options") or {}
    if "dict" in options:
        assert (book_root / options["dict"]).is_file(), (
            f"_config.yml names the jieba dictionary {options['dict']}, which does not exist"
        )
