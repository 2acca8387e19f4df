"""Many reports at once: stream files through the pipeline, in parallel, errors per file.

With several jobs, each file is processed by one of a few worker processes of our own (not a
``concurrent.futures`` pool, which fails every file in flight when one worker dies). A worker
that dies — killed by the out-of-memory killer, say — fails only the file it was working on;
a new worker takes its place and the run goes on. Workers ignore Ctrl-C (the terminal sends it
to every process of the group): the parent stops them, so that an interrupted run ends at once
and leaves no process behind.
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import signal
import stat
import sys
import tempfile
import traceback
from collections.abc import Callable, Generator
from dataclasses import dataclass
from multiprocessing import connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .errors import ReportFormatError
from .formats import READABLE_SUFFIXES, skip_reason

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

__all__ = [
    "FileResult",
    "available_cpus",
    "is_folder",
    "list_reports",
    "run_corpus",
    "scan_reports",
    "skip_reason",
]

SUFFIXES = READABLE_SUFFIXES
"""Directory mode reads the files whose name ends with one of these (in any case)."""


@dataclass(eq=False)
class FileResult:
    """The table (or other value) one file produced, or the one-line reason it failed.

    ``detail`` holds the traceback of an unexpected error when ``run_corpus`` is asked for it
    (``debug=True``), and is empty otherwise.
    """

    path: str
    table: Any
    error: str = ""
    detail: str = ""


def is_folder(path: str | Path) -> bool:
    """Whether ``path`` is a folder (following symbolic links); False on any error.

    >>> is_folder("."), is_folder("a" * 300), is_folder("nul\\x00")
    (True, False, False)
    """
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def scan_reports(
    path: str | Path, *, skipped: list[tuple[Path, str]] | None = None
) -> tuple[list[Path], list[str]]:
    """The report files under a directory (every entry named ``*.txt``, ``*.docx``,
    ``*.html``, ``*.htm`` or ``*.pdf``, sorted), or the file itself, and the folders that
    could not be listed (one message each). Every other file is added to ``skipped`` (if
    given) with the reason (:func:`skip_reason`).

    Entries with a report's name that are not regular files — FIFOs, devices, sockets, dangling
    symbolic links — are listed too, so that reading them fails with a message naming them
    instead of their being skipped silently. Symbolic links to folders are not followed.
    """
    root = Path(path)
    if not is_folder(root):
        return [root], []
    found: list[Path] = []
    problems: list[str] = []

    def unreadable(exc: OSError) -> None:
        problems.append(f"{exc.filename}: folder cannot be listed ({exc.strerror})")

    for folder, _dirs, files in os.walk(root, onerror=unreadable):
        for f in files:
            if f.lower().endswith(SUFFIXES) and not f.startswith("~$"):
                found.append(Path(folder, f))
            elif skipped is not None:
                skipped.append((Path(folder, f), skip_reason(f)))
    if skipped is not None:
        skipped.sort()
    return sorted(found), sorted(problems)


def list_reports(path: str | Path) -> list[Path]:
    """The report files under a directory (see :func:`scan_reports`), or the file itself."""
    return scan_reports(path)[0]


def available_cpus() -> int:
    """The number of processors this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def _safe(fn: Callable[[Path], pd.DataFrame], path: Path, debug: bool = False) -> FileResult:
    """``fn(path)`` as a :class:`FileResult`; any error (but an interruption) is caught."""
    try:
        return FileResult(str(path), fn(path))
    except ReportFormatError as exc:
        return FileResult(str(path), None, str(exc))
    except Exception as exc:  # one bad file must not stop a corpus run
        detail = traceback.format_exc() if debug else ""
        what = f"unexpected {type(exc).__name__}: {exc}"
        error = f"{path}: {'out of memory' if isinstance(exc, MemoryError) else what}"
        return FileResult(str(path), None, error, detail)


# --- worker processes -----------------------------------------------------------------------

_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def _die_with_parent(parent: int) -> None:
    """Ask Linux to send SIGTERM to this worker if the parent dies (even by SIGKILL)."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGTERM))  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before prctl
        os._exit(1)


def _worker_main(
    conn: Connection, fn: Callable[[Path], Any], debug: bool, parent: int, stderr_fd: int
) -> None:
    """A worker: receive ``(index, path)``, send ``(index, FileResult)``, until told to stop.

    Its standard error goes to a file the parent reads when the worker dies, so that what a
    crashing library prints (a Rust panic, a fatal error) becomes part of one message.
    """
    with contextlib.suppress(OSError):
        sys.stderr.flush()
        os.dup2(stderr_fd, 2)
    if faulthandler.is_enabled():  # its dump of a fatal error goes there too (fd 2), not to
        faulthandler.enable(file=2)  # where it was set to write (pytest: a copy of the old fd 2)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    _die_with_parent(parent)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        index, path = job
        result = _safe(fn, path, debug)
        try:
            conn.send((index, result))
        except (EOFError, OSError):
            return
        except Exception as exc:  # the table could not be pickled
            error = f"{path}: unexpected {type(exc).__name__} sending the result: {exc}"
            conn.send((index, FileResult(str(path), None, error)))


def _context() -> Any:
    import multiprocessing

    # fork on Linux: no re-import of ``__main__``, and jieba's dictionary loads per worker.
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _death(exitcode: int | None) -> str:
    """Why a worker ended, for a message.

    >>> _death(-9)
    'killed by SIGKILL, e.g. by the out-of-memory killer'
    >>> _death(1)
    'exit status 1'
    """
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        hint = ", e.g. by the out-of-memory killer" if name == "SIGKILL" else ""
        return f"killed by {name}{hint}"
    return f"exit status {exitcode}"


class _Worker:
    """One worker process and the job it is working on."""

    def __init__(self, ctx: Any, fn: Callable[[Path], Any], debug: bool) -> None:
        self.conn, child = ctx.Pipe()
        self.stderr = tempfile.TemporaryFile()  # noqa: SIM115 (closed by stop)
        self.process = ctx.Process(
            target=_worker_main,
            args=(child, fn, debug, os.getpid(), self.stderr.fileno()),
            daemon=True,
        )
        self.job: tuple[int, Path] | None = None
        self._child = child
        self.started = False

    def start(self) -> _Worker:
        """Start the process (the worker is born with Ctrl-C blocked, then ignores it)."""
        child = self._child
        block = hasattr(signal, "pthread_sigmask")
        old = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS) if block else None
        try:
            self.process.start()
            self.started = True
        finally:
            if old is not None:
                signal.pthread_sigmask(signal.SIG_SETMASK, old)
            child.close()
        return self

    def give(self, index: int, path: Path) -> bool:
        """Send a job; False if the worker has died meanwhile (it is then still idle)."""
        try:
            self.stderr.truncate(0)  # keep only what the worker says about this file
            self.conn.send((index, path))
        except OSError:
            return False
        self.job = (index, path)
        return True

    def last_words(self) -> str:
        """The first line the worker wrote on standard error for its current file."""
        with contextlib.suppress(OSError):
            self.stderr.seek(0)
            for raw in self.stderr.read(1 << 16).splitlines():
                line = raw.decode("utf-8", "replace").strip()
                if line:
                    return line[:200]
        return ""

    def stop(self, *, now: bool) -> None:
        """End the worker: politely when idle, by SIGTERM (then SIGKILL) when ``now``."""
        p = self.process
        if not self.started:
            self._child.close()
            self.conn.close()
            self.stderr.close()
            return
        if not now:
            with contextlib.suppress(OSError):
                self.conn.send(None)
            p.join(timeout=2)
        if p.is_alive():
            p.terminate()
            p.join(timeout=2)
        if p.is_alive():
            p.kill()
            p.join(timeout=2)
        self.conn.close()
        self.stderr.close()
        with contextlib.suppress(Exception):
            p.close()


def _parallel(
    fn: Callable[[Path], pd.DataFrame], paths: list[Path], jobs: int, debug: bool
) -> Generator[FileResult, None, None]:
    """Run ``fn`` on every path in ``jobs`` worker processes; yield the results in order."""
    ctx = _context()
    workers: list[_Worker] = []
    idle: list[_Worker] = []
    finished = False

    def replace(w: _Worker) -> None:
        w.stop(now=True)
        workers.remove(w)
        fresh = _Worker(ctx, fn, debug)
        workers.append(fresh)  # known before it starts: stopped whatever happens
        idle.append(fresh.start())

    try:
        for _ in range(jobs):
            w = _Worker(ctx, fn, debug)
            workers.append(w)
            idle.append(w.start())
        window = 4 * jobs  # files done ahead of the next one to yield (bounds memory)
        done: dict[int, FileResult] = {}
        next_job = next_out = refused = 0
        while next_out < len(paths):
            while idle and next_job < len(paths) and next_job < next_out + window:
                w = idle.pop()
                if w.give(next_job, paths[next_job]):
                    next_job, refused = next_job + 1, 0
                    continue
                refused += 1  # the worker died while idle: start another, same job
                if refused > 2 * jobs:
                    raise RuntimeError("worker processes die as soon as they start")
                replace(w)
            busy = [w for w in workers if w.job is not None]
            waiting = [w.conn for w in busy] + [w.process.sentinel for w in busy]
            ready = set(connection.wait(waiting))
            for w in busy:
                if w.conn not in ready and w.process.sentinel not in ready:
                    continue
                job = w.job
                if job is None:  # not reached: busy workers have a job
                    continue
                index, path = job
                try:
                    got, result = w.conn.recv()
                except (EOFError, OSError):  # the worker died on this file
                    w.process.join(timeout=2)
                    why = _death(w.process.exitcode)
                    said = w.last_words()
                    why += f": {said}" if said else ""
                    error = f"{path}: worker process died ({why}); the file was not processed"
                    done[index] = FileResult(str(path), None, error)
                    replace(w)
                    continue
                done[got] = result
                w.job = None
                idle.append(w)
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
        finished = True
    finally:
        for w in workers:
            w.stop(now=not finished)


def run_corpus(
    fn: Callable[[Path], Any],
    paths: list[Path],
    *,
    jobs: int = 1,
    progress: bool | None = None,
    debug: bool = False,
    isolate: bool = False,
) -> Generator[FileResult, None, None]:
    """Apply ``fn`` (a top-level function) to each path, yielding results in order.

    With ``jobs > 1`` files are processed by that many worker processes (at most one per
    file and per available processor); each worker loads jieba's dictionary once. Results
    stream: only the files in flight are held in memory. A file that fails — an error, or its
    worker dying — yields a :class:`FileResult` with the reason and the run goes on. Closing
    the generator (or an exception such as ``KeyboardInterrupt`` reaching it) stops the
    workers at once. A progress bar (tqdm, on standard error) shows on terminals when
    ``progress`` is None.

    With ``isolate`` (on Linux), files are processed in a worker process even with one job,
    so that a crash of native code (a library aborting when memory runs out, say) fails that
    file instead of the whole run. ``debug`` keeps the traceback of unexpected errors in
    ``FileResult.detail``.
    """
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be a positive integer, not {jobs!r}")
    jobs = min(jobs, len(paths), available_cpus())
    show = (sys.stderr.isatty() and len(paths) > 1) if progress is None else progress
    # isolation needs fork (elsewhere a worker would re-import ``__main__``)
    parallel = jobs > 1 or (isolate and bool(paths) and sys.platform.startswith("linux"))
    results = (
        _parallel(fn, paths, jobs, debug) if parallel else (_safe(fn, p, debug) for p in paths)
    )
    bar = None
    try:
        for result in results:
            if show and bar is None:  # created after the workers started (no thread to fork)
                from tqdm import tqdm

                bar = tqdm(total=len(paths), unit="file", file=sys.stderr, initial=0)
            yield result
            if bar is not None:
                bar.update()
    finally:
        results.close()
        if bar is not None:
            bar.close()
