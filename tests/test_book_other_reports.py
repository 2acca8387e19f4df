"""Every chapter, run on reports the book was not written about, states nothing false.

The chapters are executed as ``python -m workreport book`` executes them (project-only prose
dropped) on three other reports: a national report, a provincial Word report of 2025 and a
web scrape of another province's report; the checker (:mod:`workreport.book.check`) reads
each executed chapter. The last test builds the whole HTML book for one of them.
"""

from __future__ import annotations

import time
from pathlib import Path

import nbformat
import pytest

from workreport import load_report
from workreport.book.build import build_book, execute_chapters
from workreport.book.check import check_notebook, glued_values
from workreport.resources import data_dir

ROOT = data_dir().parent
OTHER_REPORTS = {
    "national-2025": ROOT / "data/raw/national/national-2025.txt",
    "henan-2025-docx": ROOT / "data/raw/provincial-2025/2025年河南省政府工作报告.docx",
    "shaanxi-2025-web": ROOT / "tests/data/formats/shaanxi-2025.html",
}
# Years a chapter may name whatever its report: the span of the national corpus it compares with
CORPUS_YEARS = (1954, 2025)

pytestmark = pytest.mark.slow


def problems_of(path: Path, notebooks: list[Path]) -> list[str]:
    """What the checker finds in the chapters executed on the report at ``path``."""
    report = load_report(path)
    executed = {p.stem: nbformat.read(p, as_version=4) for p in notebooks}
    glued = {stem: glued_values(nb) for stem, nb in executed.items()}
    problems = [
        check_notebook(nb, report, allowed_years=CORPUS_YEARS, where=stem, others=glued)
        for stem, nb in executed.items()
    ]
    return [f"{r.where}: {r.rule}: {r.detail}" for p in problems for r in p.itertuples()]


@pytest.mark.parametrize("name", ["national-2025", "shaanxi-2025-web"])
def test_chapters_state_nothing_false_on_another_report(name, tmp_path):
    path = OTHER_REPORTS[name]
    notebooks = execute_chapters(path, tmp_path, project=ROOT, progress=lambda _: None)
    found = problems_of(path, notebooks)
    assert not found, "\n".join(found)


def test_the_book_builds_for_another_report_in_under_two_minutes(tmp_path):
    """The whole book for Henan's Word report; its executed chapters go through the checker
    too (the third of the other reports)."""
    path = OTHER_REPORTS["henan-2025-docx"]
    start = time.monotonic()
    index = build_book(path, out=tmp_path, progress=lambda _: None)
    elapsed = time.monotonic() - start
    found = problems_of(path, sorted((tmp_path / "source" / "notebooks").glob("*.ipynb")))
    assert not found, "\n".join(found)
    assert index.is_file()
    pages = {p.stem for p in Path(index.parent, "notebooks").glob("*.html")}
    assert pages, "no chapter pages"
    assert "河南" in index.parent.joinpath("book/intro.html").read_text(encoding="utf-8")
    assert elapsed < 120, f"the book took {elapsed:.0f} s"
