"""Reading report files: encoding detection and line splitting, with nothing lost.

A file is decoded as UTF-8 (with or without a byte-order mark), UTF-16 with a BOM, or
GB18030 (a superset of GBK and GB2312). Binary and undecodable files raise
:class:`~workreport.errors.ReportFormatError` naming the file and the problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import ReportFormatError

__all__ = ["DecodedText", "decode_bytes", "read_report_file", "split_lines"]

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


@dataclass(frozen=True)
class DecodedText:
    """Text decoded from a file, with what is needed to re-encode it byte for byte."""

    text: str
    encoding: str
    bom: bytes = b""

    def encode(self, text: str | None = None) -> bytes:
        """Encode ``text`` (default: the decoded text) the way the file was encoded."""
        return self.bom + (self.text if text is None else text).encode(self.encoding)


def decode_bytes(data: bytes, *, path: str | Path | None = None) -> DecodedText:
    """Decode the bytes of a report file, detecting the encoding.

    Examples
    --------
    >>> decode_bytes("报告".encode("gb18030")).encoding
    'gb18030'
    >>> decode_bytes(b"\\xef\\xbb\\xbf" + "报告".encode()).text
    '报告'
    """
    if not data:
        raise ReportFormatError(path, "empty file (0 bytes)")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return DecodedText(data[len(bom) :].decode(encoding), encoding, bom)
            except UnicodeDecodeError as exc:
                raise ReportFormatError(
                    path, f"undecodable bytes at offset {exc.start + len(bom)} ({encoding} BOM)"
                ) from None
    if b"\x00" in data[:4096]:
        raise ReportFormatError(path, "binary file (contains NUL bytes), not a text report")
    try:
        decoded = DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            decoded = DecodedText(data.decode("gb18030"), "gb18030")
        except UnicodeDecodeError:
            raise ReportFormatError(
                path,
                f"undecodable bytes at offset {utf8_error.start}: neither UTF-8 nor GB18030/GBK",
            ) from None
    controls = len(_CONTROL.findall(decoded.text))
    if controls > max(2, len(decoded.text) // 100):
        raise ReportFormatError(path, f"binary file ({controls} control characters), not text")
    return decoded


def read_report_file(path: str | Path) -> DecodedText:
    """Read and decode a report file, raising :class:`ReportFormatError` on any problem."""
    p = Path(path)
    if not p.exists():
        raise ReportFormatError(p, "no such file")
    if p.is_dir():
        raise ReportFormatError(p, "is a directory, not a file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ReportFormatError(p, f"cannot be read ({exc.strerror})") from None
    return decode_bytes(data, path=p)


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
