"""Many reports at once: listing, streaming, errors per file, worker processes."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from workreport.cli import _targets_for
from workreport.corpus import FileResult, available_cpus, list_reports, run_corpus, scan_reports


@pytest.fixture
def corpus(tmp_path, synthetic_path):
    d = tmp_path / "corpus"
    (d / "sub").mkdir(parents=True)
    shutil.copy(synthetic_path, d / "a.txt")
    shutil.copy(synthetic_path, d / "sub" / "c.TXT")
    (d / "b.txt").write_bytes(b"\x00\x01\x02 not a report")
    (d / "notes.csv").write_text("x,y\n", encoding="utf-8")
    shutil.copy(synthetic_path, d / "notes.md")  # only *.txt is read, as the README says
    shutil.copy(synthetic_path, d / "d.text")
    return d


def test_list_reports(corpus):
    names = [p.relative_to(corpus).as_posix() for p in list_reports(corpus)]
    assert names == ["a.txt", "b.txt", "sub/c.TXT"]
    assert list_reports(corpus / "a.txt") == [corpus / "a.txt"]
    assert list_reports(corpus / "missing.txt") == [corpus / "missing.txt"]


def _lines(path: Path) -> pd.DataFrame:
    text = path.read_text(encoding="utf-8")
    if "boom" in text:
        raise RuntimeError("boom")
    return pd.DataFrame({"n": [len(text.splitlines())]})


def test_run_corpus_errors_per_file(tmp_path):
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text("甲\n乙\n", encoding="utf-8")
    bad.write_text("boom\n", encoding="utf-8")
    results = list(run_corpus(_lines, [good, bad, tmp_path / "missing.txt"], progress=False))
    assert [r.path for r in results] == [str(good), str(bad), str(tmp_path / "missing.txt")]
    assert results[0].table["n"].tolist() == [2] and results[0].error == ""
    assert results[1].table is None
    assert results[1].error == f"{bad}: unexpected RuntimeError: boom"
    assert results[2].table is None
    assert "unexpected FileNotFoundError" in results[2].error


@pytest.mark.parametrize("jobs", [1, 2])
def test_run_corpus_report_errors(corpus, jobs):
    paths = list_reports(corpus)
    results = list(run_corpus(_targets_for, paths, jobs=jobs, progress=False))
    assert all(isinstance(r, FileResult) for r in results)
    assert [Path(r.path).name for r in results] == ["a.txt", "b.txt", "c.TXT"]
    ok = [r for r in results if r.table is not None]
    assert len(ok) == 2
    pd.testing.assert_frame_equal(ok[0].table, ok[1].table)
    bad = results[1]
    assert bad.table is None
    assert bad.error.startswith(str(corpus / "b.txt") + ": binary file")
    assert "unexpected" not in bad.error


def test_run_corpus_is_lazy(tmp_path):
    paths = [tmp_path / f"{i}.txt" for i in range(3)]
    for p in paths:
        p.write_text("甲\n", encoding="utf-8")
    gen = run_corpus(_lines, paths, progress=False)
    first = next(gen)
    assert first.path == str(paths[0])
    gen.close()


# --- hostile directories and dying workers (issue #16) ----------------------------------------


def test_special_entries_are_listed_not_skipped(tmp_path, synthetic_path):
    d = tmp_path / "c"
    d.mkdir()
    shutil.copy(synthetic_path, d / "a.txt")
    os.mkfifo(d / "fifo.txt")
    (d / "dangling.txt").symlink_to(d / "nowhere.txt")
    (d / "linked").symlink_to(d, target_is_directory=True)  # a loop, not followed
    paths, problems = scan_reports(d)
    assert [p.name for p in paths] == ["a.txt", "dangling.txt", "fifo.txt"]
    assert problems == []
    results = list(run_corpus(_targets_for, paths, progress=False))
    assert results[0].table is not None
    assert results[1].error == f"{d / 'dangling.txt'}: no such file (dangling symbolic link)"
    assert results[2].error == f"{d / 'fifo.txt'}: is a named pipe (FIFO), not a regular file"


def test_unlistable_folder_is_reported(tmp_path, monkeypatch):
    d = tmp_path / "c"
    (d / "locked").mkdir(parents=True)
    (d / "a.txt").write_text("甲\n", encoding="utf-8")
    real = os.scandir

    def scandir(path):  # what a folder without read permission gives (root reads all)
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    paths, problems = scan_reports(d)
    assert paths == [d / "a.txt"]
    assert problems == [f"{d / 'locked'}: folder cannot be listed (Permission denied)"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root lists any folder")
def test_unreadable_folder_really(tmp_path):
    d = tmp_path / "c"
    (d / "locked").mkdir(parents=True)
    (d / "locked").chmod(0)
    try:
        assert scan_reports(d)[1] == [
            f"{d / 'locked'}: folder cannot be listed (Permission denied)"
        ]
    finally:
        (d / "locked").chmod(0o755)


def _pid_or_die(path: Path) -> pd.DataFrame:
    """A job that kills its own process on files named ``die*`` (as the OOM killer would)."""
    if path.name.startswith("die"):
        os.kill(os.getpid(), signal.SIGKILL)
    if path.name.startswith("abort"):  # as a native library does when memory runs out
        os.write(2, b"\nmemory allocation of 16777216 bytes failed\nstack backtrace:\n")
        os.abort()
    if path.name.startswith("oom"):
        raise MemoryError
    if path.name.startswith("slow"):
        time.sleep(float(path.read_text()))
    return pd.DataFrame({"name": [path.name], "pid": [os.getpid()]})


def _files(tmp_path, *names: str) -> list[Path]:
    paths = []
    for name in names:
        p = tmp_path / name
        p.write_text("0.5" if name.startswith("slow") else "x", encoding="utf-8")
        paths.append(p)
    return paths


@pytest.mark.skipif(available_cpus() < 2, reason="needs two processors for two workers")
def test_dead_worker_fails_only_its_file(tmp_path):
    paths = _files(tmp_path, "a.txt", "die1.txt", "b.txt", "die2.txt", "c.txt", "d.txt")
    results = list(run_corpus(_pid_or_die, paths, jobs=2, progress=False))
    assert [r.path for r in results] == [str(p) for p in paths]
    for r in results:
        if Path(r.path).name.startswith("die"):
            assert r.table is None
            assert r.error == (
                f"{r.path}: worker process died (killed by SIGKILL, e.g. by the out-of-memory "
                "killer); the file was not processed"
            )
        else:
            assert r.error == "" and r.table["name"].tolist() == [Path(r.path).name]
            assert r.table["pid"].iloc[0] != os.getpid()
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("jobs", [1, 2])
def test_memory_error_is_one_file(tmp_path, jobs):
    paths = _files(tmp_path, "a.txt", "oom.txt", "b.txt")
    results = list(run_corpus(_pid_or_die, paths, jobs=jobs, progress=False))
    assert [r.error for r in results] == ["", f"{paths[1]}: out of memory", ""]


def test_results_in_order_when_later_files_finish_first(tmp_path):
    paths = _files(tmp_path, "slow.txt", "a.txt", "b.txt", "c.txt")
    results = list(run_corpus(_pid_or_die, paths, jobs=2, progress=False))
    assert [Path(r.path).name for r in results] == ["slow.txt", "a.txt", "b.txt", "c.txt"]
    assert all(r.error == "" for r in results)


@pytest.mark.parametrize("jobs", [0, -1, 1.5, True, "2"])
def test_jobs_must_be_a_positive_integer(tmp_path, jobs):
    with pytest.raises(ValueError, match="jobs must be a positive integer"):
        next(run_corpus(_pid_or_die, _files(tmp_path, "a.txt"), jobs=jobs))


def test_jobs_capped_by_files_and_processors(tmp_path):
    one = list(run_corpus(_pid_or_die, _files(tmp_path, "a.txt"), jobs=8, progress=False))
    assert one[0].table["pid"].iloc[0] == os.getpid()  # one file: no worker at all
    paths = _files(tmp_path, *(f"f{i}.txt" for i in range(6)))
    results = list(run_corpus(_pid_or_die, paths, jobs=64, progress=False))
    pids = {int(r.table["pid"].iloc[0]) for r in results}
    assert 1 <= len(pids) <= min(6, available_cpus())


def test_closing_stops_the_workers_at_once(tmp_path):
    paths = _files(tmp_path, "a.txt", "slow.txt", "b.txt", "c.txt")
    (tmp_path / "slow.txt").write_text("60", encoding="utf-8")
    gen = run_corpus(_pid_or_die, paths, jobs=2, progress=False)
    assert next(gen).error == ""
    started = time.monotonic()
    gen.close()
    assert time.monotonic() - started < 5
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("jobs", [1, 2])
def test_native_crash_fails_only_its_file_and_says_why(tmp_path, capfd, jobs):
    paths = _files(tmp_path, "a.txt", "abort.txt", "b.txt")
    results = list(run_corpus(_pid_or_die, paths, jobs=jobs, isolate=True, progress=False))
    assert [r.error for r in results] == [
        "",
        f"{paths[1]}: worker process died (killed by SIGABRT: memory allocation of 16777216 "
        "bytes failed); the file was not processed",
        "",
    ]
    assert all(r.table["pid"].iloc[0] != os.getpid() for r in (results[0], results[2]))
    assert capfd.readouterr().err == ""  # what the worker printed went into the message
    assert multiprocessing.active_children() == []


_CRASHING_RUN = """
import faulthandler, os, sys
from pathlib import Path

import pandas as pd

from workreport.corpus import run_corpus

# as pytest does: fatal-error dumps go to a copy of standard error, not to fd 2 itself
faulthandler.enable(file=os.fdopen(os.dup(2), "w"))


def job(path):
    if path.name.startswith("abort"):
        os.write(2, b"memory allocation of 16777216 bytes failed\\n")
        os.abort()
    return pd.DataFrame({"name": [path.name]})


if __name__ == "__main__":
    for r in run_corpus(job, [Path(p) for p in sys.argv[1:]], jobs=1, isolate=True,
                        progress=False):
        print(r.error or "ok")
"""


def test_native_crash_dump_stays_out_of_the_log(tmp_path):
    """With faulthandler on, on a copy of standard error (as under pytest), a worker that
    aborts writes its dump into its own standard error (read for the failure's message), not
    onto the run's: the log holds the one-line failure only."""
    script = tmp_path / "crash.py"
    script.write_text(_CRASHING_RUN, encoding="utf-8")
    paths = _files(tmp_path, "a.txt", "abort.txt", "b.txt")
    done = subprocess.run(
        [sys.executable, str(script), *map(str, paths)], capture_output=True, text=True
    )
    assert done.stderr == ""
    assert done.returncode == 0
    assert done.stdout.splitlines() == [
        "ok",
        f"{paths[1]}: worker process died (killed by SIGABRT: memory allocation of 16777216 "
        "bytes failed); the file was not processed",
        "ok",
    ]
