"""Issue #26: one clear line for each misuse of the API, odd encodings and the command line's
last loose ends (Ctrl-C clean-up, ``--jobs``, an unwritable matplotlib folder)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import workreport as wr
from workreport import ReportFormatError
from workreport.textio import decode_bytes
from workreport.tokens import read_userdict

TEXT = "一、2016年工作回顾\n推进煤炭去产能，全年增长4.5%左右。\n二、2017年工作安排\n"


def _one_line(message: str) -> str:
    assert "\n" not in message and len(message) < 300, message
    return message


# --- the API: what to pass instead -------------------------------------------------------------


def test_analyse_of_report_text_points_to_load_text():
    text = TEXT * 2000  # 70,000 characters
    with pytest.raises(ReportFormatError) as info:
        wr.analyse(text)
    message = _one_line(str(info.value))
    assert message.startswith("analyse(source): got text (")
    assert "use workreport.load_text(text)" in message


def test_load_report_of_one_line_of_text_points_to_load_text():
    with pytest.raises(ReportFormatError, match=r"load_report\(path\): got text .*load_text"):
        wr.load_report("甲" * 300)


def test_a_missing_file_with_a_short_name_is_still_no_such_file(tmp_path):
    with pytest.raises(ReportFormatError, match="no such file"):
        wr.analyse(str(tmp_path / "nope.txt"))


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: wr.analyse(b"/tmp/report.txt"), ["analyse(source)", "not bytes", "load_bytes"]),
        (lambda: wr.load_report(b"/tmp/r.txt"), ["load_report(path)", "not bytes", "fsdecode"]),
        (lambda: wr.analyse(42), ["analyse(source)", "not int"]),
        (lambda: wr.load_bytes(TEXT), ["load_bytes(data)", "expected bytes, not str", "load_text"]),
        (lambda: wr.load_text(TEXT.encode()), ["load_text(text)", "not bytes", "load_bytes"]),
    ],
    ids=["analyse-bytes", "load_report-bytes", "analyse-int", "load_bytes-str", "load_text-bytes"],
)
def test_wrong_types_are_one_clear_line(call, words):
    with pytest.raises(TypeError) as info:
        call()
    message = _one_line(str(info.value))
    for w in words:
        assert w in message


def test_load_bytes_takes_a_bytearray():
    assert wr.load_bytes(bytearray(TEXT.encode())).text == wr.load_text(TEXT).text


def test_analyse_of_an_empty_path():
    with pytest.raises(ReportFormatError) as info:
        wr.analyse("")
    assert _one_line(str(info.value)) == '"": empty file name; give the path of a file'


# --- the user dictionary -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: Path("/dev/zero"), "is a character device, not a regular file"),
        (lambda d: d, "is a directory, not a file"),
    ],
    ids=["missing", "dev-zero", "folder"],
)
def test_bad_userdict_is_a_report_format_error(tmp_path, make, problem):
    path = make(tmp_path)
    for call in (
        lambda: read_userdict(str(path)),
        lambda: wr.analyse(wr.load_text(TEXT), userdict=str(path)),
    ):
        with pytest.raises(ReportFormatError) as info:
            call()
        assert _one_line(str(info.value)) == f"{path}: {problem}"


def test_userdict_not_utf8(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("煤炭去产能 3 n\n".encode("gbk"))
    with pytest.raises(ReportFormatError, match="a jieba user dictionary must be UTF-8"):
        read_userdict(str(path))


# --- encodings ---------------------------------------------------------------------------------


def test_gbk_with_a_bad_last_byte_is_reported_where_gbk_fails():
    data = ("一、回顾\n" + "推进煤炭去产能。" * 10).encode("gbk") + b"\xff"
    with pytest.raises(UnicodeDecodeError) as utf8:
        data.decode("utf-8")
    assert utf8.value.start == 2  # 一 in GBK, D2 BB, is also a UTF-8 character
    with pytest.raises(ReportFormatError) as info:
        decode_bytes(data, path="x.txt")
    assert info.value.problem == (
        f"undecodable bytes at offset {len(data) - 1}: "
        "neither UTF-8 (fails at offset 2) nor GB18030/GBK"
    )


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read(tmp_path, encoding):
    data = TEXT.encode(encoding)
    decoded = decode_bytes(data, path="x.txt")
    assert (decoded.text, decoded.encoding, decoded.bom) == (TEXT, encoding, b"")
    assert decoded.encode() == data
    path = tmp_path / "r.txt"
    path.write_bytes(data)
    report = wr.load_report(path)
    assert report.encoding == encoding and report.reconstruct() == TEXT


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-16-le") + b"\x00\x00",  # a NUL character
        TEXT.encode("utf-16-le")[:-1],  # odd length
        b"\x00" + TEXT.encode() * 3,  # UTF-8 with a NUL
        bytes(range(256)) * 4,  # binary
        "abc\n".encode("utf-16-le") + b"\x01\x02" * 50,  # no Chinese where not ASCII
    ],
    ids=["nul-char", "odd", "utf8-nul", "binary", "not-chinese"],
)
def test_nul_bytes_that_are_not_utf16_are_binary(data):
    with pytest.raises(ReportFormatError, match="binary file"):
        decode_bytes(data, path="x.txt")


def test_utf16_without_bom_that_is_not_chinese_says_so():
    with pytest.raises(ReportFormatError) as info:
        decode_bytes("A report in English.\n".encode("utf-16-le"), path="x.txt")
    assert info.value.problem == (
        "binary file (contains NUL bytes), not a text report, or UTF-16 without a byte-order "
        "mark that is not Chinese text (save it as UTF-8)"
    )


# --- the command line --------------------------------------------------------------------------


def _cli(*args, env=None, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "workreport", *map(str, args)],
        capture_output=True,
        env={**os.environ, "PYTHONHASHSEED": "0", **(env or {})},
        timeout=120,
        **kwargs,
    )


@pytest.mark.parametrize("args", [["inspect", ""], ["themes", ""], ["build-data", "--report", ""]])
def test_empty_file_name_on_the_command_line(args, tmp_path):
    done = _cli(*args, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.decode() == 'workreport: error: "": empty file name\n'


@pytest.mark.slow  # a whole build-data run in a subprocess
def test_unwritable_matplotlib_folder_gives_no_warning(tmp_path, synthetic_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / ".config").write_text("a file, not a folder", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MPL", "XDG_"))}
    env["HOME"] = str(home)
    argv = [sys.executable, "-m", "workreport", "build-data", "--report", str(synthetic_path)]
    done = subprocess.run(
        [*argv, "--out", str(tmp_path / "out")],
        capture_output=True,
        env={**env, "PYTHONHASHSEED": "0"},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""


# Ctrl-C arrives while build-data writes its first file (os.fsync made to send it)
INTERRUPT_WHILE_WRITING = """
import os, signal, sys, time
import workreport.__main__ as entry
import workreport.derived

real_fsync = os.fsync
def fsync(fd):
    real_fsync(fd)
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(5)  # interrupted at once
workreport.derived.os.fsync = fsync
sys.argv = ["workreport", *sys.argv[1:]]
sys.exit(entry.run())
"""


@pytest.mark.slow  # a whole build-data run in a subprocess
def test_ctrl_c_while_writing_cleans_up(tmp_path, synthetic_path):
    out = tmp_path / "out"
    argv = [sys.executable, "-c", INTERRUPT_WHILE_WRITING, "build-data"]
    done = subprocess.run(
        [*argv, "--report", str(synthetic_path), "--out", str(out)],
        capture_output=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
        timeout=300,
    )
    assert done.returncode == 128 + signal.SIGINT, done.stderr
    assert done.stderr.decode() == "workreport: interrupted\n"
    assert out.is_dir()
    assert [p.name for p in out.iterdir()] == []  # no hidden .tmp file, no file half-written


def test_csv_is_written_in_pieces_that_join_to_the_whole(capsys, monkeypatch, synthetic_path):
    from workreport import cli

    expected = wr.analyse(synthetic_path).targets.to_csv(index=False, lineterminator="\n")
    assert expected.count("\n") > 8
    monkeypatch.setattr(cli, "_CSV_ROWS", 3)
    assert cli.main(["targets", str(synthetic_path), "--csv", "--debug"]) == 0
    assert capsys.readouterr().out == expected


# --- limits that keep memory proportional to the input ----------------------------------------


def test_too_many_lines_is_refused_before_parsing():
    with pytest.raises(ReportFormatError) as info:
        wr.load_text("一、回顾\n" + "甲\n" * 30_000)
    assert _one_line(info.value.problem).startswith("too many lines (30,002 in 60,005 characters")


def test_too_many_paragraphs_in_one_line_is_refused():
    with pytest.raises(ReportFormatError, match=r"too many paragraphs \(30,00"):
        wr.load_text("一、回顾\n" + "甲乙。\u3000\u3000" * 30_000)


def test_lines_within_the_limit_load():
    assert len(wr.load_text("一、回顾\n" + "甲\n" * 24_000).paragraphs) == 24_001


def test_too_many_quantities_fail_the_analysis_with_one_line():
    # Analysis.targets is always a table (#25): a text past the limit fails as a whole
    text = "一、回顾\n增长" + "1%、" * 25_000
    with pytest.raises(ReportFormatError) as err:
        wr.analyse(wr.load_text(text, name="list"))
    assert _one_line(str(err.value)).startswith("list: too many quantities (25,000 in ")


# --- the reproductions of the issue at 1x, 4x and 16x: time and memory proportional ---------

BYTES_PER_BYTE = 150
"""Peak memory of targets above the baseline per byte of input, at most (README: 45 measured on
real text, up to 111 on the densest accepted text, 140 on a 、 list refused for its
quantities); 200 for inspect --json (190 on a text with a repair every other character)."""
INSPECT_BYTES_PER_BYTE = 200
REFUSED = {"list": "too many quantities", "lines": "too many lines", "newlines": "too many lines"}
"""The shapes that their limits refuse (from some size on), and the message."""


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="peak memory by os.wait4")
def test_pathological_texts_within_time_and_memory_proportional_to_size():
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    try:
        import bounds
    finally:
        sys.path.pop(0)
    base = 64 * 1024  # the issue's 、 list was 62 KB
    sizes = [base, 4 * base, 16 * base]
    cases = [(BYTES_PER_BYTE, c) for c in bounds.run(list(bounds.SHAPES), sizes)["cases"]]
    bounds._command = bounds.COMMANDS["inspect"]
    try:
        inspected = bounds.run(["fullwidth", "zero-width", "real"], sizes)["cases"]
    finally:
        bounds._command = bounds.COMMANDS["targets"]
    cases += [(INSPECT_BYTES_PER_BYTE, c) for c in inspected]
    for bytes_per_byte, case in cases:
        size_mb = case["bytes"] / 2**20
        where = f"{case['shape']} at {case['bytes']} bytes: {case}"
        if case["status"] != 0:  # refused, by its documented limit
            assert case["status"] == 2, where
            assert REFUSED.get(case["shape"], "(never refused)") in case["stderr"], where
        assert case["peak_mb"] <= case["baseline_mb"] + 40 + bytes_per_byte * size_mb, where
        assert case["seconds"] <= case["baseline_seconds"] + 2 + 10 * size_mb, where


@pytest.mark.parametrize("encoding", ["utf-8", "ascii", "gb18030"])
def test_json_text_by_runs_escapes_as_character_by_character(monkeypatch, encoding):
    """inspect --json escapes runs of characters at once, piece by piece (a large report's
    JSON is never held whole, nor as a list of one-character strings), exactly as one
    character at a time would."""
    import io
    import json
    import random

    from workreport import cli
    from workreport.errors import is_unsafe

    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BytesIO(), encoding=encoding))
    monkeypatch.setattr(cli, "_PIECE", 7)  # written in pieces of about 7 characters
    rng = random.Random(26)
    alphabet = "a1 ~\n\t\x1b\x9b甲乙\u3000\u200b\u202e\u2028\ue000\udcff\U00020000é—“"
    for _ in range(200):
        obj = {"name": "".join(rng.choices(alphabet, k=rng.randint(0, 30))), "n": [1, "乙"]}
        text = json.dumps(obj, ensure_ascii=False, indent=2)

        def one(ch: str) -> str:
            if (ch.isascii() and ch.isprintable()) or ch == "\n":
                return ch
            try:
                ch.encode(encoding)
            except UnicodeEncodeError:
                return json.dumps(ch)[1:-1] if ord(ch) <= 0xFFFF else _pair(ch)
            return json.dumps(ch)[1:-1] if is_unsafe(ch) else ch

        def _pair(ch: str) -> str:
            code = ord(ch) - 0x10000
            return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"

        expected = "".join(map(one, text))
        assert cli._json_text(obj) == expected
        assert json.loads(cli._json_text(obj)) == obj
