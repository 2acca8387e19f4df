"""Exceptions raised by :mod:`workreport`."""

from __future__ import annotations

from pathlib import Path

__all__ = ["ReportFormatError"]


class ReportFormatError(ValueError):
    """A file cannot be read as a government work report.

    The message names the file and the problem in one line, so that the command line can print
    it as is.

    Examples
    --------
    >>> err = ReportFormatError("x.txt", "empty file")
    >>> str(err)
    'x.txt: empty file'
    >>> err.problem
    'empty file'
    """

    def __init__(self, path: str | Path | None, problem: str):
        self.path = None if path is None else str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}" if self.path else problem)
