"""The book for any report: ``python -m workreport book REPORT [--out DIR]``.

:func:`build_book` copies the book's chapter notebooks into a temporary project, points each
one's ``parameters`` cell at ``REPORT``, drops the cells tagged
:data:`workreport.book.chapter.PROJECT_ONLY_TAG` (prose that describes only the book's own
report), executes the chapters (two at a time), writes a generic introduction with facts
computed from the report, and builds the HTML book with Jupyter Book into ``DIR``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml  # type: ignore[import-untyped]

from ..errors import ReportFormatError
from .chapter import place_of
from .check import drop_project_only

if TYPE_CHECKING:
    from ..report import Report

__all__ = [
    "book_chapters",
    "build_book",
    "execute_chapters",
    "intro_page",
    "prepare_notebook",
    "set_report",
]


def book_chapters(project: Path) -> list[str]:
    """The chapter notebooks of the project's book, in the order of its ``_toc.yml``
    (``notebooks/…`` paths without suffix, sections included)."""
    toc = yaml.safe_load((project / "_toc.yml").read_text(encoding="utf-8"))
    out: list[str] = []

    def walk(entries: list[dict[str, Any]]) -> None:
        for e in entries:
            if str(e.get("file", "")).startswith("notebooks/"):
                out.append(e["file"])
            walk(e.get("sections", []))

    for part in toc.get("parts", []):
        walk(part.get("chapters", []))
    return out


def set_report(nb: Any, report_path: Path) -> Any:
    """Point ``nb``'s cell tagged ``parameters`` at ``report_path`` (its ``REPORT_PATH = …``
    line replaced; in place, returned); ``ValueError`` when there is no such cell or
    line."""
    cells = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if not cells:
        raise ValueError("the notebook has no cell tagged 'parameters'")
    source, n = re.subn(
        r"^REPORT_PATH\s*=.*$",
        f"REPORT_PATH = {str(report_path)!r}",
        cells[0].source,
        count=1,
        flags=re.M,
    )
    if not n:
        raise ValueError("the 'parameters' cell has no 'REPORT_PATH = …' line")
    cells[0].source = source
    return nb


def prepare_notebook(nb: Any, report_path: Path) -> Any:
    """``nb`` set to run on ``report_path`` (:func:`set_report`) with its project-only cells
    dropped (in place; returned)."""
    return drop_project_only(set_report(nb, report_path))


def intro_page(report: Report, *, chapters: list[str]) -> str:
    """A generic introduction (MyST Markdown) with what the package read from the report."""
    place = place_of(report)
    parts = report.parts
    rows = "\n".join(
        f"| {int(p)} | {str(t).replace('|', '/')} | {lab} |"
        for p, t, lab in parts[["part", "title", "label"]].itertuples(index=False)
    )
    year = report.year or "year unknown"
    listing = "\n".join(f"- {{doc}}`{c.removeprefix('notebooks/')}`" for c in chapters)
    return (
        f"# The {year} government work report of {place.label}, read as data\n\n"
        "This book was built by `python -m workreport book` from the file "
        f"`{Path(report.name).name}` ({report.source_format}). Every number, table and "
        "figure in it is computed from that report; passages of the original book that "
        "describe only the Shanxi 2017 report were left out.\n\n"
        f"- speaker: {report.speaker or 'not found'} {report.speaker_office}\n"
        f"- date: {report.date or 'not found'}\n"
        f"- paragraphs: {len(report.paragraphs):,}; characters: {len(report.text):,}\n\n"
        "| part | title | label |\n|--:|:--|:--|\n"
        f"{rows}\n\n## Chapters\n\n{listing}\n"
    )


def _execute(args: tuple[str, str]) -> str:
    """Execute one notebook in place; ``""`` when it ran, else one line saying where and why
    it failed (the chapter, the error's name and message)."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    path, cwd = args
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": cwd}},
    )
    try:
        client.execute(stderr=subprocess.DEVNULL)  # the kernel's own start-up warnings
    except CellExecutionError as exc:
        return f"chapter {Path(path).stem}: {exc.ename}: {exc.evalue}"
    nbformat.write(nb, path)
    return ""


def _config(project: Path, title: str) -> dict[str, Any]:
    cfg = yaml.safe_load((project / "_config.yml").read_text(encoding="utf-8"))
    cfg["title"] = title
    cfg["execute"]["execute_notebooks"] = "off"
    cfg["only_build_toc_files"] = True
    sphinx = cfg["sphinx"]["config"]
    sphinx["html_search_options"]["dict"] = str(project / "src/workreport/data/userdict.txt")
    sphinx["extensions"] = [e for e in sphinx["extensions"] if e != "sphinx.ext.autodoc"]
    return cfg


def execute_chapters(
    report_path: Path,
    root: Path,
    *,
    project: Path,
    jobs: int = 2,
    progress: Callable[[str], None] = print,
) -> list[Path]:
    """Copy the project's chapter notebooks under ``root`` (``root/notebooks/…``), prepared
    for ``report_path`` (:func:`prepare_notebook`), and execute them, ``jobs`` at a time;
    return their paths. A chapter that fails raises
    :class:`~workreport.errors.ReportFormatError` naming it and its error."""
    import nbformat

    work = []
    for c in book_chapters(project):
        nb = nbformat.read(project / f"{c}.ipynb", as_version=4)
        target = root / f"{c}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(prepare_notebook(nb, report_path), target)
        work.append((str(target), str(project / "notebooks")))
    with ProcessPoolExecutor(max_workers=max(1, jobs)) as pool:
        for (path, _), failed in zip(work, pool.map(_execute, work), strict=True):
            if failed:
                raise ReportFormatError(str(report_path), failed)
            progress(f"workreport: chapter {Path(path).stem} done")
    return [Path(p) for p, _ in work]


def build_book(
    report_path: str | Path,
    *,
    out: str | Path,
    project: Path | None = None,
    jobs: int = 2,
    progress: Callable[[str], None] = print,
) -> Path:
    """Build the book for ``report_path`` into ``out``; return the path of its
    ``index.html``. The book's sources, the executed notebooks among them, are kept in
    ``out/source``. Raises :class:`~workreport.errors.ReportFormatError` for a report the
    package cannot read, before anything is built, and for a chapter that fails."""
    from ..report import load_report
    from ..resources import data_dir

    report_path = Path(report_path).resolve()
    report = load_report(report_path)
    project = project or data_dir().parent
    out = Path(out).resolve()
    root = out / "source"
    if root.exists():
        shutil.rmtree(root)
    (root / "book").mkdir(parents=True)
    for name in ("references.bib", "references.md", "_static"):
        src = project / "book" / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, root / "book" / name)
    notebooks = execute_chapters(report_path, root, project=project, jobs=jobs, progress=progress)
    chapters = [str(p.relative_to(root).with_suffix("")) for p in notebooks]
    (root / "book" / "intro.md").write_text(intro_page(report, chapters=chapters), "utf-8")
    toc = {
        "format": "jb-book",
        "root": "book/intro",
        "parts": [
            {"caption": "Analysis", "chapters": [{"file": c} for c in chapters]},
            {"caption": "Reference", "chapters": [{"file": "book/references"}]},
        ],
    }
    (root / "_toc.yml").write_text(yaml.safe_dump(toc, allow_unicode=True), "utf-8")
    title = f"{place_of(report).label} {report.year or ''} government work report, read as data"
    (root / "_config.yml").write_text(
        yaml.safe_dump(_config(project, " ".join(title.split())), allow_unicode=True), "utf-8"
    )
    progress("workreport: building the HTML book")
    jb = Path(sys.executable).parent / "jupyter-book"
    result = subprocess.run(
        [str(jb), "build", str(root), "--path-output", str(out), "--keep-going", "-q"],
        capture_output=True,
        text=True,
        check=False,
    )
    index = out / "_build" / "html" / "index.html"
    if result.returncode != 0 or not index.exists():
        tail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        raise ReportFormatError(str(report_path), f"the book build failed: {tail[0]}")
    return index
