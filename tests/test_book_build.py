"""The book for any report: chapters from the table of contents, notebooks pointed at the
report with the project-only prose dropped, a generic introduction, clear errors."""

from __future__ import annotations

import nbformat
import pytest

from workreport import load_report
from workreport.book.build import book_chapters, intro_page, prepare_notebook
from workreport.book.chapter import PROJECT_ONLY_TAG
from workreport.cli import main
from workreport.resources import data_dir

ROOT = data_dir().parent


def test_chapters_are_the_tocs_notebooks_in_order():
    chapters = book_chapters(ROOT)
    assert chapters and all(c.startswith("notebooks/") for c in chapters)
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    positions = [toc.index(f"file: {c}\n") for c in chapters]
    assert positions == sorted(positions)
    assert all((ROOT / f"{c}.ipynb").exists() for c in chapters)


def test_prepare_notebook_points_at_the_report_and_drops_project_prose(tmp_path):
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("REPORT_PATH = None  # the project's report")
    params.metadata["tags"] = ["parameters"]
    only = nbformat.v4.new_markdown_cell("Shanxi in 2016.")
    only.metadata["tags"] = [PROJECT_ONLY_TAG]
    nb.cells = [params, only, nbformat.v4.new_markdown_cell("Computed prose.")]
    out = prepare_notebook(nb, tmp_path / "other.docx")
    assert out.cells[0].source == f"REPORT_PATH = {str(tmp_path / 'other.docx')!r}"
    assert [c.source for c in out.cells[1:]] == ["Computed prose."]
    with pytest.raises(ValueError, match="parameters"):
        prepare_notebook(nbformat.v4.new_notebook(), tmp_path / "x.txt")


def test_intro_page_says_what_was_read_from_the_report():
    path = ROOT / "data/raw/provincial-2025/2025年河南省政府工作报告.docx"
    report = load_report(path)
    page = intro_page(report, chapters=["notebooks/01_energy"])
    assert page.startswith(f"# The {report.year} government work report of 河南 (Henan)")
    assert f"{len(report.paragraphs):,}" in page
    assert "{doc}`01_energy`" in page
    assert "山西" not in page.split("\n")[0]


def test_an_unreadable_report_is_one_line_and_status_2(tmp_path, capsys):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    assert main(["book", str(bad), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("workreport: error: ") and "bad.docx" in err[0]
    assert not (tmp_path / "out").exists()
