"""Many reports at once: stream files through the pipeline, in parallel, errors per file."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .errors import ReportFormatError

__all__ = ["FileResult", "list_reports", "run_corpus"]

SUFFIXES = {".txt", ".text", ".md"}


@dataclass
class FileResult:
    """The table one file produced, or the one-line reason it failed."""

    path: str
    table: pd.DataFrame | None
    error: str = ""


def list_reports(path: str | Path) -> list[Path]:
    """The report files under a directory (``*.txt``, sorted), or the file itself."""
    p = Path(path)
    if p.is_dir():
        return sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
    return [p]


def _safe(job: tuple[Callable[[Path], pd.DataFrame], Path]) -> FileResult:
    fn, path = job
    try:
        return FileResult(str(path), fn(path))
    except ReportFormatError as exc:
        return FileResult(str(path), None, str(exc))
    except Exception as exc:  # one bad file must not stop a corpus run
        return FileResult(str(path), None, f"{path}: unexpected {type(exc).__name__}: {exc}")


def run_corpus(
    fn: Callable[[Path], pd.DataFrame],
    paths: list[Path],
    *,
    jobs: int = 1,
    progress: bool | None = None,
) -> Iterator[FileResult]:
    """Apply ``fn`` (a picklable, top-level function) to each path, yielding results in order.

    With ``jobs > 1`` files are processed by that many worker processes; each worker loads
    jieba's dictionary once. Results stream: only the files in flight are held in memory. A
    file that fails yields a :class:`FileResult` with its error and the run goes on. A
    progress bar (tqdm, on standard error) shows on terminals when ``progress`` is None.
    """
    from tqdm import tqdm

    work = [(fn, p) for p in paths]
    bar = tqdm(
        total=len(work),
        unit="file",
        file=sys.stderr,
        disable=(not sys.stderr.isatty() or len(work) < 2) if progress is None else not progress,
    )
    try:
        if jobs <= 1 or len(work) < 2:
            for job in work:
                yield _safe(job)
                bar.update()
        else:
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                for result in pool.map(_safe, work, chunksize=1):
                    yield result
                    bar.update()
    finally:
        bar.close()
