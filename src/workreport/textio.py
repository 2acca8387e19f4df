"""Reading report files: encoding detection and line splitting, with nothing lost.

A file is decoded as UTF-8 (with or without a byte-order mark), UTF-16 (with a BOM, or
without one when its NUL bytes are those of UTF-16 text), or GB18030 (a superset of GBK and
GB2312). Binary and undecodable files raise
:class:`~workreport.errors.ReportFormatError` naming the file and the problem.

Reading is bounded: a report may hold at most :data:`MAX_REPORT_BYTES` bytes (20 MB, about
250 times the longest State Council report), checked on the file's size before anything is
read and again while reading, so ``/dev/zero`` or a file that keeps growing cannot exhaust
memory. Only regular files are read: a FIFO, a device or a socket is refused without being
opened for reading, since reading it could block forever or never end.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from .errors import ReportFormatError

__all__ = [
    "CHARS_PER_LINE",
    "FREE_LINES",
    "MAX_REPORT_BYTES",
    "DecodedText",
    "decode_bytes",
    "read_file_bytes",
    "read_report_file",
    "split_lines",
    "too_many_lines",
]

MAX_REPORT_BYTES = 20 * 1024 * 1024
"""The largest report accepted, in bytes (the longest State Council report is about 170 KB)."""

CHARS_PER_LINE = 16
"""A report may hold one line (and one paragraph) per this many characters on average, or
:data:`FREE_LINES` lines whatever its length: each line costs about 1.6 KB of memory in the
loader's tables, so this keeps memory proportional to the text (the national reports have at
least 60 characters per line)."""
FREE_LINES = 25_000
"""Lines (and paragraphs) a report may hold whatever its length (the longest national
report has 708 lines)."""


def too_many_lines(n_lines: int, n_chars: int, what: str = "lines") -> str:
    """The problem with ``n_lines`` lines (or paragraphs) in ``n_chars`` characters, or ``""``.

    >>> too_many_lines(25_000, 5), too_many_lines(30_000, 16 * 30_000)
    ('', '')
    >>> too_many_lines(262_145, 524_292)  # doctest: +ELLIPSIS
    'too many lines (262,145 in 524,292 characters; a report may hold one per 16 characters, ...)'
    """
    if n_lines <= max(FREE_LINES, n_chars // CHARS_PER_LINE):
        return ""
    return (
        f"too many {what} ({n_lines:,} in {n_chars:,} characters; a report may hold one per "
        f"{CHARS_PER_LINE} characters, or {FREE_LINES:,})"
    )


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# vertical tab and form feed are white space (pdftotext writes a form feed per page)
_CONTROLS = tuple(chr(c) for c in (*range(0x01, 0x09), *range(0x0E, 0x20), 0x7F))
_CONTROL_BYTES = bytes(ord(c) for c in _CONTROLS)
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
# ideographs, CJK and general punctuation: what Chinese text holds beside ASCII
_CHINESE = re.compile("[\u00b7\u2000-\u206f\u3000-\u9fff\uff00-\uffef]")
_BINARY_NUL = "binary file (contains NUL bytes), not a text report"


@dataclass(frozen=True)
class DecodedText:
    """Text decoded from a file, with what is needed to re-encode it byte for byte."""

    text: str
    encoding: str
    bom: bytes = b""

    def encode(self, text: str | None = None) -> bytes:
        """Encode ``text`` (default: the decoded text) the way the file was encoded."""
        return self.bom + (self.text if text is None else text).encode(self.encoding)


def _size(n: int) -> str:
    """A byte count for messages.

    >>> _size(20 * 1024 * 1024), _size(1536), _size(12)
    ('20 MB', '1.5 KB', '12 bytes')
    """
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if n >= scale:
            return f"{n / scale:.3g} {unit}"
    return f"{n} bytes"


def _too_large(size: int | None, limit: int, what: str = "a report") -> str:
    got = f"{_size(size)}" if size is not None else f"more than {_size(limit)}"
    return f"too large ({got}; {what} may hold at most {_size(limit)})"


def decode_bytes(
    data: bytes, *, path: str | Path | None = None, max_bytes: int | None = None
) -> DecodedText:
    """Decode the bytes of a report file, detecting the encoding.

    Refuses (with :class:`~workreport.errors.ReportFormatError`) empty data, more than
    ``max_bytes`` bytes (default :data:`MAX_REPORT_BYTES`), NUL bytes anywhere (binary data;
    in UTF-16 files, a NUL character), many control characters, and bytes that are neither
    UTF-8 nor GB18030.

    Examples
    --------
    >>> decode_bytes("报告".encode("gb18030")).encoding
    'gb18030'
    >>> decode_bytes(b"\\xef\\xbb\\xbf" + "报告".encode()).text
    '报告'
    >>> decode_bytes(b"abc\\x00", path="x.txt")
    Traceback (most recent call last):
    ...
    workreport.errors.ReportFormatError: x.txt: binary file (contains NUL bytes), not a text report
    """
    limit = MAX_REPORT_BYTES if max_bytes is None else max_bytes
    if len(data) > limit:
        raise ReportFormatError(path, _too_large(len(data), limit))
    if not data:
        raise ReportFormatError(path, "empty file (0 bytes)")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                decoded = DecodedText(data[len(bom) :].decode(encoding), encoding, bom)
            except UnicodeDecodeError as exc:
                raise ReportFormatError(
                    path, f"undecodable bytes at offset {exc.start + len(bom)} ({encoding} BOM)"
                ) from None
            if "\x00" in decoded.text:
                raise ReportFormatError(path, _BINARY_NUL)
            return decoded
    if b"\x00" in data:
        if utf16 := _utf16_without_bom(data):
            return DecodedText(data.decode(utf16), utf16)
        # NULs on one side of each pair and UTF-16 line breaks: say it may be UTF-16
        odd, even = data[1::2].count(0), data[0::2].count(0)
        line_break = b"\n\x00" if odd > even else b"\x00\n"
        if len(data) % 2 == 0 and max(odd, even) >= 9 * min(odd, even) and line_break in data:
            raise ReportFormatError(
                path,
                f"{_BINARY_NUL}, or UTF-16 without a byte-order mark that is not Chinese "
                "text (save it as UTF-8)",
            )
        raise ReportFormatError(path, _BINARY_NUL)
    try:
        decoded = DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            decoded = DecodedText(data.decode("gb18030"), "gb18030")
        except UnicodeDecodeError as gb_error:
            # the offset where the reading that gets furthest fails (a GBK file with a bad
            # byte is reported where GBK fails, not at its first non-UTF-8 byte)
            at, utf8 = utf8_error.start, ""
            if gb_error.start > at:
                at, utf8 = gb_error.start, f" (fails at offset {utf8_error.start})"
            raise ReportFormatError(
                path, f"undecodable bytes at offset {at}: neither UTF-8{utf8} nor GB18030/GBK"
            ) from None
    # control characters counted on the bytes: in UTF-8 and GB18030 a byte below 0x20 or
    # 0x7F is always a character of its own, never part of a longer one
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if controls > max(2, len(decoded.text) // 100):
        raise ReportFormatError(path, f"binary file ({controls} control characters), not text")
    return decoded


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` if ``data`` (which holds NUL bytes) is UTF-16 text
    without a byte-order mark, else None.

    UTF-16 text has NUL bytes as the high bytes of its ASCII characters (line breaks, digits)
    and as the low bytes of a few ideographs (``一`` is U+4E00); the order of the two bytes is
    the one that puts the most NULs where ASCII characters put them. The text must decode
    strictly, without a NUL character, hold line breaks, and be Chinese (9 in 10 characters)
    where it is not ASCII (a binary file, or UTF-8 read two bytes at a time, is none of these).

    >>> text = "一、回顾\\n增长5%。\\n"
    >>> _utf16_without_bom(text.encode("utf-16-le")), _utf16_without_bom(text.encode("utf-16-be"))
    ('utf-16-le', 'utf-16-be')
    >>> [_utf16_without_bom(data) for data in (b"abc\\x00", text.encode() + b"\\x00")]
    [None, None]
    """
    if len(data) % 2:
        return None
    odd, even = data[1::2].count(0), data[0::2].count(0)
    encoding = "utf-16-le" if odd > even else "utf-16-be"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    if "\x00" in text or ("\n" not in text and "\r" not in text):
        return None
    wide = len(text) - len(text.encode("ascii", "ignore"))
    chinese = len(text) - len(_CHINESE.sub("", text))
    return encoding if wide and 10 * chinese >= 9 * wide else None


_KINDS = (
    (stat.S_ISFIFO, "is a named pipe (FIFO)"),
    (stat.S_ISCHR, "is a character device"),
    (stat.S_ISBLK, "is a block device"),
    (stat.S_ISSOCK, "is a socket"),
)


def _not_regular(mode: int) -> str:
    """Why a file of this mode is not read, or ``""`` for a regular file."""
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISDIR(mode):
        return "is a directory, not a file"
    for test, what in _KINDS:
        if test(mode):
            return f"{what}, not a regular file"
    return "is not a regular file"


def _os_problem(exc: OSError, path: Path) -> str:
    """A one-line problem for an error of ``os.stat`` or ``os.open``."""
    if exc.errno == errno.ENOENT:
        return "no such file (dangling symbolic link)" if path.is_symlink() else "no such file"
    if exc.errno == errno.ENOTDIR:
        return "no such file (a folder in its path is a file)"
    if exc.errno == errno.ENAMETOOLONG:
        return "file name too long"
    if exc.errno == errno.ELOOP:
        return "too many levels of symbolic links"
    return f"cannot be read ({exc.strerror or type(exc).__name__})"


def read_report_file(path: str | Path, *, max_bytes: int | None = None) -> DecodedText:
    """Read and decode a text report file, raising
    :class:`~workreport.errors.ReportFormatError` on any problem (see :func:`read_file_bytes`).

    The file must be a regular file (symbolic links are followed) of at most ``max_bytes``
    bytes (default :data:`MAX_REPORT_BYTES`). Special files are refused without being read,
    and at most ``max_bytes + 1`` bytes are ever read, whatever the file claims its size is.
    """
    limit = MAX_REPORT_BYTES if max_bytes is None else max_bytes
    return decode_bytes(read_file_bytes(path, max_bytes=limit), path=Path(path), max_bytes=limit)


def read_file_bytes(
    path: str | Path, *, max_bytes: int | None = None, what: str = "a report"
) -> bytes:
    """The bytes of a regular file of at most ``max_bytes`` bytes (default
    :data:`MAX_REPORT_BYTES`), read as :func:`read_report_file` reads them (special files
    refused unread, never more than ``max_bytes + 1`` bytes read); any problem raises
    :class:`~workreport.errors.ReportFormatError` naming the file. ``what`` names the kind
    of file in the message about its size.
    """
    limit = MAX_REPORT_BYTES if max_bytes is None else max_bytes
    p = Path(path)
    if str(path) == "":
        raise ReportFormatError('""', "empty file name; give the path of a file")
    try:
        st = os.stat(p)
    except OSError as exc:
        raise ReportFormatError(p, _os_problem(exc, p)) from None
    except ValueError:  # an embedded NUL character
        raise ReportFormatError(p, "invalid file name (contains a NUL character)") from None
    if problem := _not_regular(st.st_mode):
        raise ReportFormatError(p, problem)
    if st.st_size > limit:
        raise ReportFormatError(p, _too_large(st.st_size, limit, what))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(p, flags)
    except OSError as exc:
        raise ReportFormatError(p, _os_problem(exc, p)) from None
    try:
        # the file may have been replaced between stat and open: check what was opened
        if problem := _not_regular(os.fstat(fd).st_mode):
            raise ReportFormatError(p, problem)
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(fd, min(limit + 1 - total, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise ReportFormatError(p, f"cannot be read ({exc.strerror})") from None
    finally:
        os.close(fd)
    if total > limit:
        raise ReportFormatError(p, _too_large(None, limit, what))
    return b"".join(chunks)


def split_lines(text: str) -> list[tuple[str, str]]:
    """Split text into ``(line, terminator)`` pairs; joining them gives the text back.

    Examples
    --------
    >>> split_lines("a\\r\\nb\\nc")
    [('a', '\\r\\n'), ('b', '\\n'), ('c', '')]
    >>> "".join(a + b for a, b in split_lines("x\\n\\ny\\n")) == "x\\n\\ny\\n"
    True
    """
    out = []
    for m in _LINE.finditer(text):
        chunk = m.group()
        body = chunk.rstrip("\r\n")
        out.append((body, chunk[len(body) :]))
    return out
