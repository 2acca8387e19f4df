"""The command line on hostile, huge and broken inputs (issue #16): one line on standard error,
never a traceback, the documented exit status, bounded time, no process left behind.

Most tests run the real command in a subprocess (with a timeout), since what is tested is what
a shell sees: exit statuses, bytes on standard output and error, signals, processes.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import workreport.pipeline
from workreport.cli import _inspect_lines, main
from workreport.corpus import available_cpus

TIMEOUT = 120


def cli(*args, stdout=subprocess.PIPE, env=None, timeout=TIMEOUT, **kwargs):
    """Run ``python -m workreport ARGS``; the result has bytes stdout and stderr."""
    return subprocess.run(
        [sys.executable, "-m", "workreport", *map(os.fsdecode, args)],
        stdout=stdout,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONHASHSEED": "0", **(env or {})},
        timeout=timeout,
        **kwargs,
    )


def one_error_line(stderr: bytes, *words: str) -> str:
    """The single error line (asserting there is exactly one and no traceback)."""
    text = stderr.decode("utf-8")
    assert text.endswith("\n") and text.count("\n") == 1, text
    assert text.startswith("workreport: error: "), text
    assert "Traceback" not in text
    assert "\x1b" not in text
    for w in words:
        assert w in text, text
    return text


# --- special, huge and binary files given as FILE ---------------------------------------------


@pytest.mark.parametrize("command", ["inspect", "targets"])
def test_fifo_as_file_does_not_block(tmp_path, command):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    done = cli(command, fifo, timeout=60)
    assert done.returncode == 2 and done.stdout == b""
    one_error_line(done.stderr, str(fifo), "is a named pipe (FIFO), not a regular file")


def test_dev_zero_as_file(tmp_path):
    done = cli("themes", "/dev/zero", timeout=60)
    assert done.returncode == 2
    one_error_line(done.stderr, "/dev/zero: is a character device, not a regular file")


def test_huge_file_refused_by_size(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:  # sparse: 20 MB + 1 byte that cost nothing
        f.truncate(20 * 1024 * 1024 + 1)
    started = time.monotonic()
    done = cli("inspect", big)
    assert done.returncode == 2
    one_error_line(done.stderr, str(big), "too large (20 MB; a report may hold at most 20 MB)")
    assert time.monotonic() - started < 30


def test_nul_after_the_first_kilobytes(tmp_path, real_path):
    p = tmp_path / "late-nul.txt"
    p.write_bytes(real_path.read_bytes() + b"\x00")
    done = cli("targets", p)
    assert done.returncode == 2 and done.stdout == b""
    one_error_line(done.stderr, str(p), "binary file")


@pytest.mark.parametrize("command", ["inspect", "targets"])
def test_file_name_too_long(tmp_path, command):
    p = tmp_path / ("长" * 100 + ".txt")  # 304 bytes in UTF-8
    done = cli(command, p)
    assert done.returncode == 2
    one_error_line(done.stderr, "file name too long")


# --- names and text that must not reach a terminal as they are --------------------------------

WEIRD = os.fsdecode(b"bad\xff\x1b[31m\nname.txt")


def test_weird_name_error_is_escaped(tmp_path):
    p = tmp_path / WEIRD  # does not exist
    done = cli("inspect", p)
    assert done.returncode == 2
    one_error_line(done.stderr, "bad\\xff\\x1b[31m\\nname.txt: no such file")
    assert b"\xff" not in done.stderr


@pytest.fixture
def weird_copy(tmp_path, synthetic_path) -> Path:
    p = tmp_path / WEIRD
    p.write_bytes(synthetic_path.read_bytes())
    return p


@pytest.mark.parametrize(
    "env",
    [{}, {"PYTHONIOENCODING": "ascii:strict"}, {"LC_ALL": "C", "LANG": "C"}],
    ids=["utf8", "ascii-strict", "c-locale"],
)
def test_inspect_json_with_weird_name(weird_copy, env):
    done = cli("inspect", weird_copy, "--json", env=env)
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    raw = done.stdout.decode("utf-8")  # valid UTF-8, whatever the name's bytes
    assert "\x1b" not in raw
    s = json.loads(raw)
    assert s["name"] == str(weird_copy)  # exact: the non-UTF-8 byte reads back
    assert os.fsencode(s["name"]) == os.fsencode(weird_copy)
    assert s["title"] == "政府工作报告"
    if env.get("PYTHONIOENCODING", "").startswith("ascii"):
        assert done.stdout.isascii()


@pytest.mark.parametrize(
    "env", [{}, {"PYTHONIOENCODING": "ascii:strict"}], ids=["utf8", "ascii-strict"]
)
def test_inspect_text_with_weird_name(weird_copy, env):
    done = cli("inspect", weird_copy, env=env)
    assert done.returncode == 0 and done.stderr == b""
    first = done.stdout.decode("utf-8").splitlines()[0]
    assert first == "file:       " + str(weird_copy.parent) + "/bad\\xff\\x1b[31m\\nname.txt"
    assert b"\x1b" not in done.stdout and b"\xff" not in done.stdout


def test_csv_on_ascii_stdout_is_one_error(synthetic_path):
    done = cli("targets", synthetic_path, "--csv", env={"PYTHONIOENCODING": "ascii:strict"})
    assert done.returncode == 2
    assert done.stdout == b""  # nothing half-written
    one_error_line(done.stderr, "standard output: cannot encode", "PYTHONIOENCODING=utf-8")


def test_ascii_stderr_with_chinese_name(tmp_path):
    p = tmp_path / "报告.txt"
    done = cli("inspect", p, env={"PYTHONIOENCODING": "ascii:strict"})
    assert done.returncode == 2
    assert done.stderr.isascii()
    one_error_line(done.stderr, "\\u62a5\\u544a.txt: no such file")


def test_directory_file_column_escaped(tmp_path, synthetic_path):
    d = tmp_path / "d"
    d.mkdir()
    (d / WEIRD).write_bytes(synthetic_path.read_bytes())
    done = cli("targets", d, "--csv")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.decode("utf-8").splitlines()
    assert lines[0].startswith("file,")
    assert all(line.startswith("bad\\xff\\x1b[31m\\nname.txt,") for line in lines[1:])


def test_inspect_lines_escape_report_text():
    summary = {
        "name": "r.txt",
        "format": "plain",
        "encoding": "utf-8",
        "title": "报告\x1b]0;pwned\x07",
        "date": "",
        "speaker": "\u202e某某",
        "speaker_office": "省长",
        "source_format": "text",
        "characters": 1,
        "paragraphs": 1,
        "sentences": 1,
        "tokens": 1,
        "word_tokens": 1,
        "parts": [
            {"part": 1, "title": "回顾\x1b[2J", "label": "review", "year": None, "paragraphs": 1}
        ],
        "sections": [{"part": 1, "section": 1, "title": "一\r二"}],
        "anomalies": [],
    }
    lines = _inspect_lines(summary)
    assert "title:      报告\\x1b]0;pwned\\x07" in lines
    assert "  1. 回顾\\x1b[2J  [review, -, 1 paragraphs]" in lines
    assert "  1.1 一\\r二" in lines
    assert any("省长 \\u202e某某" in line for line in lines)
    assert not any(c in "".join(lines) for c in "\x1b\x07\r\n\u202e")


# --- outputs that cannot be written ---------------------------------------------------------


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["inspect"], ["targets", "--csv"], ["themes"]])
def test_stdout_full(synthetic_path, args):
    with open("/dev/full", "wb") as full:
        done = cli(args[0], synthetic_path, *args[1:], stdout=full)
    assert done.returncode == 2
    one_error_line(done.stderr, "standard output: cannot be written (No space left on device)")


def test_stdout_closed(synthetic_path):
    done = cli("inspect", synthetic_path, stdout=None, preexec_fn=lambda: os.close(1))
    assert done.returncode == 2
    one_error_line(done.stderr, "standard output: is closed")


def test_stdout_closed_pipe_is_quiet(tmp_path, real_path):
    d = tmp_path / "d"
    d.mkdir()
    for i in range(30):
        os.link(real_path, d / f"r{i:02}.txt")
    p = subprocess.Popen(
        [sys.executable, "-m", "workreport", "targets", str(d), "--csv", "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    p.stdout.read(10)  # like `| head -c 10`
    p.stdout.close()
    _, err = p.communicate(timeout=TIMEOUT)
    assert p.returncode == 0
    assert err == b""


# --- in-process: MemoryError, unexpected errors, --debug, --jobs --------------------------------


def _run(capsys, *argv):
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def _fail_with(exc: BaseException):
    def analyse(*args, **kwargs):
        raise exc

    return analyse


@pytest.mark.parametrize("command", ["inspect", "themes", "targets"])
def test_memory_error_single_file(capsys, monkeypatch, synthetic_path, command):
    monkeypatch.setattr(workreport.pipeline, "analyse", _fail_with(MemoryError()))
    status, out, err = _run(capsys, command, synthetic_path)
    assert status == 2 and out == ""
    one_error_line(err.encode(), f"{synthetic_path}: out of memory")


def test_memory_error_in_a_directory(capsys, monkeypatch, tmp_path, synthetic_path):
    real = workreport.pipeline.analyse

    def analyse(path, *args, **kwargs):
        if Path(path).name == "oom.txt":
            raise MemoryError
        return real(path, *args, **kwargs)

    monkeypatch.setattr(workreport.pipeline, "analyse", analyse)  # inherited by forked workers
    for name in ("a.txt", "oom.txt", "b.txt"):
        (tmp_path / name).write_bytes(synthetic_path.read_bytes())
    status, out, err = _run(capsys, "targets", tmp_path, "--csv", "--jobs", "2")
    assert status == 1
    assert err.splitlines() == [
        f"workreport: error: {tmp_path / 'oom.txt'}: out of memory",
        "workreport: 1 of 3 files failed",
    ]
    assert {line.split(",")[0] for line in out.splitlines()[1:]} == {"a.txt", "b.txt"}


def test_unexpected_error_and_debug(capsys, monkeypatch, synthetic_path):
    monkeypatch.setattr(workreport.pipeline, "analyse", _fail_with(RuntimeError("bug\nhere")))
    status, _, err = _run(capsys, "inspect", synthetic_path)
    assert status == 2
    one_error_line(err.encode(), f"{synthetic_path}: unexpected RuntimeError: bug\\nhere")
    with pytest.raises(RuntimeError, match="bug"):
        main(["inspect", str(synthetic_path), "--debug"])


def test_debug_shows_the_traceback_of_a_file_in_a_directory(capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(workreport.pipeline, "analyse", _fail_with(RuntimeError("bug")))
    (tmp_path / "a.txt").write_text("甲\n", encoding="utf-8")
    status, _, err = _run(capsys, "targets", tmp_path, "--debug")
    assert status == 2
    assert err.startswith("workreport: error: ")
    assert "Traceback" in err and "RuntimeError: bug" in err
    status, _, err = _run(capsys, "targets", tmp_path)
    assert "Traceback" not in err


@pytest.mark.parametrize("jobs", ["0", "-1", "two", "1.5", "", "２", "1_0", "+1", " 1"])
def test_bad_jobs_is_a_usage_error(capsys, synthetic_path, jobs):
    with pytest.raises(SystemExit) as info:
        main(["targets", str(synthetic_path), "--jobs", jobs])
    assert info.value.code == 2
    _, err = capsys.readouterr()
    assert "argument --jobs" in err.splitlines()[-1]
    assert "Traceback" not in err


# --- directories: only *.txt, special entries listed -------------------------------------------


def test_directory_reads_only_report_formats(capsys, tmp_path, synthetic_path):
    for name in ("a.txt", "b.md", "c.text", "d.TXT", "e.doc"):
        (tmp_path / name).write_bytes(synthetic_path.read_bytes())
    status, out, err = _run(capsys, "targets", tmp_path, "--csv")
    assert status == 0
    # every file not read is named, with why
    assert err.splitlines() == [
        f"workreport: skipped: {tmp_path / 'b.md'}: not a report file (.md); "
        "reports are .txt, .docx, .html, .htm or .pdf",
        f"workreport: skipped: {tmp_path / 'c.text'}: not a report file (.text); "
        "reports are .txt, .docx, .html, .htm or .pdf",
        f"workreport: skipped: {tmp_path / 'e.doc'}: a Word 97-2003 document (.doc) is not "
        "supported: save it as .docx or .txt",
    ]
    assert {line.split(",")[0] for line in out.splitlines()[1:]} == {"a.txt", "d.TXT"}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_directory_with_special_entries(tmp_path, synthetic_path, jobs):
    d = tmp_path / "d"
    d.mkdir()
    (d / "a.txt").write_bytes(synthetic_path.read_bytes())
    os.mkfifo(d / "fifo.txt")
    (d / "gone.txt").symlink_to(d / "nowhere.txt")
    done = cli("targets", d, "--csv", "--jobs", jobs, timeout=60)
    assert done.returncode == 1
    assert done.stderr.decode().splitlines() == [
        f"workreport: error: {d / 'fifo.txt'}: is a named pipe (FIFO), not a regular file",
        f"workreport: error: {d / 'gone.txt'}: no such file (dangling symbolic link)",
        "workreport: 2 of 3 files failed",
    ]
    assert {line.split(b",")[0] for line in done.stdout.splitlines()[1:]} == {b"a.txt"}


# --- signals ------------------------------------------------------------------------------------


def _children(pid: int) -> set[int]:
    kids = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                kids.add(int(entry.name))
    return kids


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture(scope="module")
def many_copies(tmp_path_factory, real_path) -> Path:
    d = tmp_path_factory.mktemp("copies")
    for i in range(300):
        os.link(real_path, d / f"r{i:03}.txt")
    return d


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize(
    ("how", "status", "line"),
    [
        ("ctrl-c", 130, "workreport: interrupted"),  # SIGINT to the whole process group
        ("sigint", 130, "workreport: interrupted"),  # SIGINT to the main process alone
        ("sigterm", 143, "workreport: terminated"),
    ],
)
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_signals_stop_promptly(many_copies, how, status, line, jobs):
    p = subprocess.Popen(
        [sys.executable, "-m", "workreport", "targets", str(many_copies), "--csv", "--jobs", jobs],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONHASHSEED": "0"},
        start_new_session=True,
        # like a shell's foreground job, whatever pytest's own disposition of SIGINT
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        ready, _, _ = select.select([p.stdout], [], [], 60)
        assert ready, "no output after 60 s"
        assert os.read(p.stdout.fileno(), 1 << 16)  # the run has started
        kids = _children(p.pid)
        if jobs == "2" and available_cpus() >= 2:
            assert len(kids) == 2
        started = time.monotonic()
        if how == "ctrl-c":
            os.killpg(p.pid, signal.SIGINT)
        else:
            p.send_signal(signal.SIGINT if how == "sigint" else signal.SIGTERM)
        _, err = p.communicate(timeout=30)
        elapsed = time.monotonic() - started
    finally:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
    assert p.returncode == status, err
    assert err.decode() == line + "\n"
    assert elapsed < 5
    deadline = time.monotonic() + 2
    while any(_alive(k) for k in kids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [k for k in kids if _alive(k)], "worker processes left behind"


# --- slow: sizes near the limit, real exhaustion of memory -------------------------------------

NATIONAL = Path(__file__).resolve().parents[1] / "data" / "raw" / "national"


@pytest.fixture(scope="module")
def near_limit(tmp_path_factory) -> Path:
    """About 18 MB (6 million characters) of real report text, none of it repeated: the
    national reports five times over, each copy with its digits and Chinese numerals rotated
    (a repeated copy would be set aside by the loader)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(NATIONAL.glob("national-*.txt"))]
    if not texts:
        pytest.skip("the national reports are not here")
    joined = "\n".join(texts)
    digits, numerals = "0123456789", "一二三四五六七八九"
    copies = []
    for k in range(5):
        table = str.maketrans(
            digits + numerals, digits[k:] + digits[:k] + numerals[k:] + numerals[:k]
        )
        copies.append(joined.translate(table))
    p = tmp_path_factory.mktemp("big") / "big.txt"
    p.write_text("\n".join(copies), encoding="utf-8")
    assert 10 * 1024 * 1024 < p.stat().st_size < 20 * 1024 * 1024
    return p


@pytest.mark.slow
def test_read_near_the_limit_is_quick(near_limit):
    from workreport.textio import read_report_file

    started = time.monotonic()
    decoded = read_report_file(near_limit)
    assert time.monotonic() - started < 30
    assert decoded.encoding == "utf-8" and len(decoded.text) > 5_000_000


@pytest.mark.slow
def test_targets_near_the_limit_ends(near_limit):
    started = time.monotonic()
    done = cli("targets", near_limit, "--csv", stdout=subprocess.DEVNULL, timeout=600)
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    assert time.monotonic() - started < 300


OUT_OF_MEMORY = """
import re, resource, sys
from workreport.cli import main
import workreport.pipeline, workreport.tokens
vm = int(re.search(r"VmSize:\\s+(\\d+)", open("/proc/self/status").read()).group(1)) * 1024
extra = int(sys.argv[1]) * 2**20
resource.setrlimit(resource.RLIMIT_AS, (vm + extra, vm + extra))
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("extra_mb", [50, 150])
def test_real_out_of_memory_is_one_line(near_limit, extra_mb):
    """Address space limited to what the imports use plus a little: Python's MemoryError or a
    native library aborting in the worker, either way one line and status 2."""
    done = subprocess.run(
        [sys.executable, "-c", OUT_OF_MEMORY, str(extra_mb), "targets", str(near_limit)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONHASHSEED": "0"},
        timeout=600,
    )
    assert done.returncode == 2
    line = one_error_line(done.stderr, str(near_limit))
    assert "out of memory" in line or "memory allocation" in line, line


def test_interrupt_while_loading_is_one_line():
    """Ctrl-C in the first moments (while pandas and jieba load) exits 130 with one line."""
    import signal as _signal
    import subprocess as _subprocess
    import sys as _sys
    import time as _time

    proc = _subprocess.Popen(
        [_sys.executable, "-m", "workreport", "inspect", "nothing.txt"],
        stdout=_subprocess.PIPE,
        stderr=_subprocess.PIPE,
        text=True,
    )
    _time.sleep(0.15)
    proc.send_signal(_signal.SIGINT)
    _out, err = proc.communicate(timeout=30)
    if proc.returncode == 2:
        pytest.skip("the command finished before the signal arrived")
    assert proc.returncode == 130, err
    assert err.strip().splitlines() == ["workreport: interrupted"]
