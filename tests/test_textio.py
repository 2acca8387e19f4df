"""Reading report files: encodings, line splitting, refusal of bad files."""

from __future__ import annotations

import os
import socket
import tempfile
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workreport import textio
from workreport.errors import ReportFormatError
from workreport.textio import (
    MAX_REPORT_BYTES,
    DecodedText,
    decode_bytes,
    read_report_file,
    split_lines,
)

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


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["a", "甲", "\r", "\n", "\r\n", "\r\n\r\n"])).map("".join))
def test_split_lines_agrees_with_the_line_pattern(text):
    """The LF-only path gives what the general line pattern gives, and so does the pattern
    on any mix of line ends."""
    from workreport import textio

    expected = []
    for m in textio._LINE.finditer(text):
        body = m.group().rstrip("\r\n")
        expected.append((body, m.group()[len(body) :]))
    assert split_lines(text) == expected


# --- hostile and special inputs (issue #16) ---------------------------------------------------


def _refusal(path, **kwargs) -> str:
    with pytest.raises(ReportFormatError) as info:
        read_report_file(path, **kwargs)
    message = str(info.value)
    assert message.startswith(f"{path}: ")
    assert "\n" not in message
    return info.value.problem


@pytest.mark.parametrize(
    "data",
    [
        SAMPLE.encode() * 500 + b"\x00",  # a NUL far beyond the first 4 KB
        b"\x00" + SAMPLE.encode() * 500,
        b"\xff\xfe" + (SAMPLE * 300 + "\x00").encode("utf-16-le"),  # a NUL character in UTF-16
    ],
    ids=["nul-at-end", "nul-at-start", "utf16-nul"],
)
def test_nul_anywhere_is_binary(data):
    assert len(data) > 4096
    with pytest.raises(ReportFormatError, match="binary file"):
        decode_bytes(data, path="x.txt")


def test_decode_bytes_size_limit():
    data = SAMPLE.encode()
    assert decode_bytes(data, max_bytes=len(data)).text == SAMPLE
    n = len(data)
    with pytest.raises(ReportFormatError) as info:
        decode_bytes(data, max_bytes=n - 1)
    assert info.value.problem == f"too large ({n} bytes; a report may hold at most {n - 1} bytes)"


def test_default_limit_is_documented_size():
    assert MAX_REPORT_BYTES == 20 * 1024 * 1024


def test_size_checked_before_reading(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:  # sparse: nothing to read, only a size
        f.truncate(MAX_REPORT_BYTES + 1)

    def no_read(*args):
        raise AssertionError("the file was read")

    monkeypatch.setattr(textio.os, "read", no_read)
    assert _refusal(big) == "too large (20 MB; a report may hold at most 20 MB)"
    small = tmp_path / "small.txt"
    small.write_bytes(SAMPLE.encode())
    assert "too large" in _refusal(small, max_bytes=10)


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs Linux /proc")
def test_read_is_bounded_whatever_the_size_says():
    # /proc files claim 0 bytes but hold more: reading stops after max_bytes + 1
    problem = _refusal(Path("/proc/self/maps"), max_bytes=64)
    assert problem == "too large (more than 64 bytes; a report may hold at most 64 bytes)"


def _in_thread(fn, *args, timeout=10):
    """Run fn in a thread; fail (instead of hanging) if it blocks."""
    box = {}

    def target():
        try:
            box["value"] = fn(*args)
        except BaseException as exc:  # handed back to the test
            box["error"] = exc

    t = threading.Thread(target=target, daemon=True)
    t.start()
    t.join(timeout)
    assert not t.is_alive(), f"{fn.__name__} blocked for {timeout} s"
    if "error" in box:
        raise box["error"]
    return box["value"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    problem = _in_thread(_refusal, fifo)
    assert problem == "is a named pipe (FIFO), not a regular file"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_character_devices_refused(device):
    assert _in_thread(_refusal, Path(device)) == "is a character device, not a regular file"


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="needs Unix sockets")
def test_socket_refused():
    folder = Path(tempfile.mkdtemp(prefix="wr"))  # short: socket paths are limited
    path = folder / "s.txt"
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(path))
        assert _in_thread(_refusal, path) == "is a socket, not a regular file"
    path.unlink()
    folder.rmdir()


def test_file_replaced_by_fifo_after_stat(tmp_path, monkeypatch):
    """A FIFO put in place between the check and the open is caught on what was opened."""
    regular, fifo = tmp_path / "r.txt", tmp_path / "f.txt"
    regular.write_bytes(SAMPLE.encode())
    os.mkfifo(fifo)
    real_stat = os.stat
    monkeypatch.setattr(textio.os, "stat", lambda p, *a, **k: real_stat(regular))
    assert _in_thread(_refusal, fifo) == "is a named pipe (FIFO), not a regular file"


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda d: d / ("a" * 300 + ".txt"), "file name too long"),
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: d, "is a directory, not a file"),
        (lambda d: (d / "f.txt", d / "f.txt").__getitem__(0) / "x.txt", "no such file"),
        (lambda d: d / "nul\x00.txt", "invalid file name (contains a NUL character)"),
    ],
    ids=["name-too-long", "missing", "directory", "file-as-folder", "nul-in-name"],
)
def test_bad_paths(tmp_path, make, problem):
    (tmp_path / "f.txt").write_bytes(SAMPLE.encode())
    assert problem in _refusal(make(tmp_path))


def test_dangling_symlink(tmp_path):
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "nowhere.txt")
    assert _refusal(link) == "no such file (dangling symbolic link)"


def test_symlink_to_regular_file_is_read(tmp_path):
    target = tmp_path / "r.txt"
    target.write_bytes(SAMPLE.encode())
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    assert read_report_file(link).text == SAMPLE


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file(tmp_path):
    p = tmp_path / "secret.txt"
    p.write_bytes(SAMPLE.encode())
    p.chmod(0)
    assert _refusal(p) == "cannot be read (Permission denied)"


def test_open_error_is_one_line(tmp_path, monkeypatch):
    """What an unreadable file gives, also where root can read everything."""
    p = tmp_path / "secret.txt"
    p.write_bytes(SAMPLE.encode())

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(p))

    monkeypatch.setattr(textio.os, "open", refuse)
    assert _refusal(p) == "cannot be read (Permission denied)"
