"""Error messages: one line, nothing that acts on a terminal."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workreport.errors import OutputError, ReportFormatError, is_unsafe, printable


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("报告.txt", "报告.txt"),
        ("一、\u3000回顾 x", "一、\u3000回顾 x"),
        ("a\nb\r\tc", "a\\nb\\r\\tc"),
        ("\x1b[2J\x1b]0;title\x07", "\\x1b[2J\\x1b]0;title\\x07"),
        ("\x9b31m", "\\x9b31m"),  # the one-byte CSI of C1 controls
        ("\x7f", "\\x7f"),
        ("abc\u202edef\u200b", "abc\\u202edef\\u200b"),  # bidi override, zero-width space
        ("line\u2028sep", "line\\u2028sep"),
        (os.fsdecode(b"bad\xff\xfe.txt"), "bad\\xff\\xfe.txt"),  # non-UTF-8 bytes of a name
        ("\U000e0001", "\\U000e0001"),  # a format character beyond the BMP
    ],
)
def test_printable(text, expected):
    assert printable(text) == expected


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(st.characters(codec=None), max_size=40))
def test_printable_leaves_nothing_unsafe(text):
    out = printable(text)
    assert not any(is_unsafe(ch) for ch in out)
    assert "\n" not in out and "\x1b" not in out
    out.encode("utf-8")  # no surrogates left: always writable as UTF-8
    if not any(is_unsafe(ch) for ch in text):
        assert out == text


def test_messages_are_one_line():
    err = ReportFormatError("a\nb.txt", "binary file")
    assert printable(str(err)) == "a\\nb.txt: binary file"
    out = OutputError("out/x.csv", "cannot be written (No space left on device)")
    assert isinstance(out, OSError)
    assert str(out) == "out/x.csv: cannot be written (No space left on device)"
    assert (out.path, out.problem) == ("out/x.csv", "cannot be written (No space left on device)")
