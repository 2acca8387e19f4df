"""Exceptions raised by :mod:`workreport`, and how their messages are shown safely."""

from __future__ import annotations

import unicodedata
from pathlib import Path

__all__ = ["OutputError", "ReportFormatError", "is_unsafe", "printable"]


class ReportFormatError(ValueError):
    """A file cannot be read as a government work report.

    The message names the file and the problem in one line, so that the command line can print
    it as is (after :func:`printable`).

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


class OutputError(OSError):
    """An output file or folder cannot be written (the message names it and says why).

    Examples
    --------
    >>> str(OutputError("out/x.csv", "cannot be written (No space left on device)"))
    'out/x.csv: cannot be written (No space left on device)'
    """

    def __init__(self, path: str | Path, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = str(path)
        self.problem = problem

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


# Unicode categories that must not reach a terminal as they are: control characters
# (newlines, ESC of terminal escape sequences, C1 controls such as CSI), format characters
# (bidirectional overrides, zero-width characters), surrogates (bytes of a file name that are
# not UTF-8, kept by Python as U+DC80–U+DCFF) and line/paragraph separators. Ordinary spaces,
# the ideographic space U+3000 and every visible character are kept.
_UNSAFE = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def is_unsafe(ch: str) -> bool:
    """Whether a character must be escaped before it reaches a terminal (see :func:`printable`).

    >>> [is_unsafe(c) for c in ("甲", "\\u3000", " ", "\\x1b", "\\x9b", "\\u202e", "\\udcff")]
    [False, False, False, True, True, True, True]
    """
    return unicodedata.category(ch) in _UNSAFE


def _escape(ch: str) -> str:
    code = ord(ch)
    if ch in _NAMED:
        return _NAMED[ch]
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def printable(text: str) -> str:
    """``text`` with every character that could act on a terminal written as an escape.

    Control characters (newlines, tabs, the ESC of terminal escape sequences, C1 controls),
    Unicode format characters (bidirectional overrides, zero-width spaces), line separators
    and the surrogates that stand for the non-UTF-8 bytes of a file name become ``\\n``,
    ``\\x1b``, ``\\u202e``, ``\\xff`` and so on. Everything else, Chinese and the ideographic
    space included, is kept. Backslashes themselves are not doubled, so the result is for
    reading, not for parsing.

    Examples
    --------
    >>> printable("报告\\n.txt")
    '报告\\\\n.txt'
    >>> printable("\\x1b[31mred\\x1b[0m")
    '\\\\x1b[31mred\\\\x1b[0m'
    >>> printable("bad\\udcff.txt")
    'bad\\\\xff.txt'
    >>> printable("一、\\u3000回顾\\u202e")
    '一、\\u3000回顾\\\\u202e'
    """
    if text.isascii() and text.isprintable():
        return text
    return "".join(_escape(ch) if is_unsafe(ch) else ch for ch in text)
