"""Reading report files: encodings, line splitting, refusal of bad files."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workreport.errors import ReportFormatError
from workreport.textio import DecodedText, decode_bytes, read_report_file, split_lines

SAMPLE = "一、2016年工作回顾\n　　增长4.5%左右。\r\n"


@pytest.mark.parametrize(
    ("data", "encoding", "bom"),
    [
        (SAMPLE.encode("utf-8"), "utf-8", b""),
        (b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), "utf-8", b"\xef\xbb\xbf"),
        (b"\xff\xfe" + SAMPLE.encode("utf-16-le"), "utf-16-le", b"\xff\xfe"),
        (b"\xfe\xff" + SAMPLE.encode("utf-16-be"), "utf-16-be", b"\xfe\xff"),
        (SAMPLE.encode("gb18030"), "gb18030", b""),
        (SAMPLE.encode("gbk"), "gb18030", b""),
    ],
    ids=["utf8", "utf8-bom", "utf16le", "utf16be", "gb18030", "gbk"],
)
def test_decode_bytes_detects_encoding(data, encoding, bom):
    decoded = decode_bytes(data)
    assert decoded.text == SAMPLE
    assert decoded.encoding == encoding
    assert decoded.bom == bom
    assert decoded.encode() == data


def test_encode_other_text_keeps_bom_and_encoding():
    decoded = DecodedText("甲", "gb18030", b"")
    assert decoded.encode("乙") == "乙".encode("gb18030")
    bom = DecodedText("甲", "utf-8", b"\xef\xbb\xbf")
    assert bom.encode("乙") == b"\xef\xbb\xbf" + "乙".encode()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty file"),
        (b"abc\x00def", "binary file"),
        (PNG, "binary file"),
        (b"\x01\x02\x03\x04\x05\x06 text", "binary file"),
        (b"\xff\xff\xff\xff", "undecodable bytes at offset 0"),
        ("报告".encode() + b"\x80\xff", "undecodable bytes at offset 6"),
        (b"\xff\xfe\x00", "undecodable bytes"),
    ],
    ids=["empty", "nul", "png", "controls", "ff", "bad-tail", "odd-utf16"],
)
def test_decode_bytes_refuses_bad_input(data, problem):
    with pytest.raises(ReportFormatError) as info:
        decode_bytes(data, path="bad.txt")
    assert problem in info.value.problem
    assert str(info.value).startswith("bad.txt: ")
    assert "\n" not in str(info.value)


def test_read_report_file_missing_and_directory(tmp_path):
    with pytest.raises(ReportFormatError, match="no such file") as info:
        read_report_file(tmp_path / "nope.txt")
    assert "nope.txt" in str(info.value)
    with pytest.raises(ReportFormatError, match="is a directory"):
        read_report_file(tmp_path)


def test_read_report_file_reads_bytes(tmp_path):
    p = tmp_path / "r.txt"
    p.write_bytes(SAMPLE.encode("gb18030"))
    decoded = read_report_file(p)
    assert decoded.text == SAMPLE
    assert decoded.encoding == "gb18030"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("a", [("a", "")]),
        ("a\r\nb\nc", [("a", "\r\n"), ("b", "\n"), ("c", "")]),
        ("x\n\ny\n", [("x", "\n"), ("", "\n"), ("y", "\n")]),
        ("a\rb\r", [("a", "\r"), ("b", "\r")]),
        ("\n", [("", "\n")]),
        ("甲\r\n\r\n乙", [("甲", "\r\n"), ("", "\r\n"), ("乙", "")]),
    ],
)
def test_split_lines(text, expected):
    assert split_lines(text) == expected


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["a", "甲", " ", "\r", "\n", "\r\n", "\u3000"])).map("".join))
def test_split_lines_loses_nothing(text):
    pairs = split_lines(text)
    assert "".join(a + b for a, b in pairs) == text
    for body, term in pairs:
        assert "\r" not in body and "\n" not in body
        assert term in ("", "\n", "\r", "\r\n")
