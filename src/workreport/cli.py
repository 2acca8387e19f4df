"""Command line: ``python -m workreport {inspect,themes,targets,build-data,book} …``.

Every failure prints one line on standard error, ``workreport: error: FILE: problem``, with
the file name and any text from a report made printable (control characters, terminal escape
sequences and non-UTF-8 bytes escaped), never a traceback (``--debug`` re-raises unexpected
errors for developers). Exit statuses:

- 0: success;
- 1: some files of a directory failed (each is listed on standard error);
- 2: a bad single file, a usage error, every file of a directory failed, or the output
  cannot be written (a full disk, an encoding of standard output that cannot represent CSV);
- 130: interrupted (Ctrl-C, SIGINT); 143: terminated (SIGTERM). Worker processes are stopped
  first.

Output to a closed pipe (``… | head``) ends the run quietly with status 0.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from . import __version__
from .corpus import is_folder, run_corpus, scan_reports
from .errors import OutputError, ReportFormatError, is_unsafe, printable
from .formats import READABLE_SUFFIXES
from .resources import is_project
from .tokens import ENGINE_ENV, ENGINES

if TYPE_CHECKING:
    from .report import Report

__all__ = ["main"]

EXIT_OK, EXIT_SOME_FAILED, EXIT_FAILED = 0, 1, 2
EXIT_INTERRUPTED, EXIT_TERMINATED = 128 + signal.SIGINT, 128 + signal.SIGTERM


class _Terminated(BaseException):
    """Raised in the main process by SIGTERM, like KeyboardInterrupt by SIGINT."""


class _OutputFailed(Exception):
    """Standard output cannot be written; the message says why."""


# --- writing ----------------------------------------------------------------------------------


def _say(message: str) -> None:
    """Write one line on standard error, escaped, never failing."""
    stream = sys.stderr
    if stream is None:
        return
    line = printable(message) + "\n"
    encoding = getattr(stream, "encoding", None) or "utf-8"
    line = line.encode(encoding, "backslashreplace").decode(encoding, "replace")
    with contextlib.suppress(Exception):
        stream.write(line)
        stream.flush()


def _error(message: str) -> None:
    _say(f"workreport: error: {message}")


def _write(text: str, *, exact: bool = False) -> None:
    """Write text to standard output.

    Characters the output's encoding cannot represent are written as ``\\uXXXX`` escapes,
    unless ``exact`` (CSV), where they are an error instead. A failed write (a full disk)
    raises :class:`_OutputFailed`; a closed pipe raises ``BrokenPipeError``.
    """
    stream = sys.stdout
    if stream is None:  # started with standard output closed
        raise _OutputFailed("is closed")
    encoding = getattr(stream, "encoding", None) or "utf-8"
    errors = getattr(stream, "errors", None) or "strict"
    try:
        text.encode(encoding, errors)
    except UnicodeEncodeError as exc:
        if exact:
            bad = exc.object[exc.start]
            raise _OutputFailed(
                f"cannot encode {bad!r} in the {encoding} encoding of standard output; "
                "use a UTF-8 locale or set PYTHONIOENCODING=utf-8"
            ) from None
        text = text.encode(encoding, "backslashreplace").decode(encoding)
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise _OutputFailed(f"cannot be written ({exc.strerror or exc})") from None


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so that the interpreter's last flush of what is
    still buffered cannot fail again (after a closed pipe or a full disk)."""
    with contextlib.suppress(Exception):
        fd = sys.stdout.fileno()
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, fd)
        os.close(null)


_NOT_PRINTABLE_ASCII = re.compile("[^\x20-\x7e\n]+")


def _json_text(obj: object) -> str:
    """JSON with every character that is unsafe on a terminal, or that standard output cannot
    encode, written as a ``\\uXXXX`` escape: still valid JSON, and exact (a non-UTF-8 byte of a
    file name reads back as the surrogate Python uses for it)."""
    return "".join(_json_pieces(obj))


_PIECE = 1 << 20
"""Characters of output written at a time (large JSON and ``inspect`` output are streamed)."""


def _json_pieces(obj: object) -> Iterator[str]:
    """:func:`_json_text` in pieces of about :data:`_PIECE` characters."""
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"

    def escape(ch: str) -> str:  # \\uXXXX, a surrogate pair above U+FFFF (as JSON writes it)
        return json.dumps(ch)[1:-1]

    def fits(ch: str) -> bool:
        try:
            ch.encode(encoding)
        except (UnicodeEncodeError, LookupError):
            return False
        return True

    def safe(ch: str) -> str:
        return escape(ch) if is_unsafe(ch) or not fits(ch) else ch

    def run(m: re.Match) -> str:  # a run of characters that are not printable ASCII
        chars = m.group()
        if chars.isprintable() and fits(chars):  # (no control, format or surrogate character)
            return chars
        return "".join(map(safe, chars))

    # by runs, not character by character, and piece by piece: the JSON of a large report is
    # never held whole, nor as a list of one-character strings
    batch: list[str] = []
    size = 0
    for chunk in json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(obj):
        batch.append(chunk)
        size += len(chunk)
        if size >= _PIECE:
            yield _NOT_PRINTABLE_ASCII.sub(run, "".join(batch))
            batch, size = [], 0
    yield _NOT_PRINTABLE_ASCII.sub(run, "".join(batch))


def _printable_cells(table: pd.DataFrame) -> pd.DataFrame:
    """The table with control characters and the like in its text cells escaped."""
    out = table.copy()
    for col in out.columns:
        if not (pd.api.types.is_object_dtype(out[col]) or pd.api.types.is_string_dtype(out[col])):
            continue
        out[col] = out[col].map(lambda v: printable(v) if isinstance(v, str) else v)
    return out


# --- the commands -----------------------------------------------------------------------------


def _themes_for(path: Path) -> pd.DataFrame:
    from .pipeline import analyse, themes_table

    # the book's unit, matches per 1,000 word tokens, with the units in the column names
    table = themes_table(analyse(path))
    tokens = table["tokens"].to_numpy()
    per_1000 = 1000 * table["matches"].to_numpy() / np.where(tokens > 0, tokens, 1)
    table["share"] = np.where(tokens > 0, per_1000, 0.0).round(4)
    return table.rename(
        columns={"share": "share_per_1000_words", "paragraph_share": "paragraph_share_pct"}
    )


def _targets_for(path: Path) -> pd.DataFrame:
    from .pipeline import analyse

    return analyse(path).targets


def _records(table: pd.DataFrame, columns: tuple[str, ...]) -> list[dict]:
    """The rows of ``table`` as plain dicts of ``columns`` (Python values, missing as None)."""
    values = [[None if pd.isna(v) else v for v in table[c].tolist()] for c in columns]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


def _summary(report: Report) -> dict:
    """A report's counts and structure as plain Python values (``inspect``, its JSON keys)."""
    return {
        "name": report.name,
        "format": report.format,
        "encoding": report.encoding,
        "title": report.title,
        "date": report.date,
        "speaker": report.speaker,
        "speaker_office": report.speaker_office,
        "source_format": report.source_format,
        "characters": len(report.text.replace("\n", "")),
        "paragraphs": len(report.paragraphs),
        "sentences": len(report.sentences),
        "parts": _records(report.parts, ("part", "title", "label", "year", "paragraphs")),
        "sections": _records(report.sections, ("part", "section", "title")),
        "anomalies": _records(
            report.anomalies, ("kind", "paragraph_id", "position", "original", "action")
        ),
    }


def _inspect_for(path: Path) -> dict:
    from .pipeline import analyse

    a = analyse(path)
    summary = _summary(a.report)
    summary["tokens"] = len(a.tokens)
    summary["word_tokens"] = int((~a.tokens["is_punct"]).sum())
    summary["name"] = str(path)
    return summary


def _inspect_lines(s: dict) -> list[str]:
    lines = [
        f"file:       {s['name']}",
        f"format:     {s['source_format']}, {s['format']} ({s['encoding']})",
        f"title:      {s['title'] or '(missing)'}",
        f"date:       {s['date'] or '(not found)'}    "
        f"speaker: {(s['speaker_office'] + ' ' + s['speaker']).strip() or '(not found)'}",
        f"size:       {s['characters']} characters, {s['paragraphs']} paragraphs, "
        f"{s['sentences']} sentences, {s['tokens']} tokens ({s['word_tokens']} words)",
        f"parts:      {len(s['parts'])}",
    ]
    for p in s["parts"]:
        year = p["year"] if p["year"] is not None else "-"
        lines.append(
            f"  {p['part']}. {p['title']}  [{p['label']}, {year}, {p['paragraphs']} paragraphs]"
        )
    lines.append(f"sections:   {len(s['sections'])}")
    for sec in s["sections"]:
        lines.append(f"  {sec['part']}.{sec['section']} {sec['title']}")
    lines.append(f"anomalies:  {len(s['anomalies'])}")
    for a in s["anomalies"]:
        where = f"¶{a['paragraph_id']}" if a["paragraph_id"] is not None else "-"
        lines.append(
            f"  {a['kind']} at {where} (offset {a['position']}): {a['original']!r} — {a['action']}"
        )
    return [printable(line) for line in lines]


_CSV_ROWS = 10_000
"""Rows of CSV written at a time: the text of a large table is never held whole."""


def _emit(table: pd.DataFrame, *, csv: bool, header: bool) -> None:
    if csv:
        if sys.stdout.isatty():  # data stays exact in files and pipes
            table = _printable_cells(table)
        for at in range(0, max(len(table), 1), _CSV_ROWS):
            rows = table.iloc[at : at + _CSV_ROWS]
            text = rows.to_csv(index=False, header=header and at == 0, lineterminator="\n")
            _write(text, exact=True)
        return
    with pd.option_context(
        "display.unicode.east_asian_width",
        True,
        "display.width",
        200,
        "display.max_rows",
        None,
        "display.max_columns",
        None,
        "display.max_colwidth",
        40,
    ):
        _write(_printable_cells(table).to_string(index=False) + "\n")


def _table_command(args: argparse.Namespace, fn: Callable[[Path], pd.DataFrame]) -> int:
    root = Path(args.path)
    skipped: list[tuple[Path, str]] = []
    paths, folder_problems = scan_reports(root, skipped=skipped)
    for problem in folder_problems:
        _error(problem)
    for path, reason in skipped:
        _say(f"workreport: skipped: {path}: {reason}")
    if not paths:
        if not folder_problems:
            _error(f"{args.path}: no report files ({', '.join(READABLE_SUFFIXES)}) found")
        return EXIT_FAILED
    many = is_folder(root)
    failed, first = 0, True
    results = run_corpus(fn, paths, jobs=args.jobs, debug=args.debug, isolate=not args.debug)
    with contextlib.closing(results):
        for result in results:
            if result.table is None:
                failed += 1
                _error(result.error)
                if result.detail:
                    sys.stderr.write(result.detail)
                continue
            table = result.table
            if many:
                name = printable(Path(result.path).relative_to(root).as_posix())
                table = table.assign(file=name)
                table = table[["file", *table.columns[:-1]]]
            _emit(table, csv=args.csv, header=first)
            first = False
    if many and (failed or folder_problems):
        folders = f", {len(folder_problems)} folders unreadable" if folder_problems else ""
        _say(f"workreport: {failed} of {len(paths)} files failed{folders}")
    if failed == len(paths):
        return EXIT_FAILED
    return EXIT_SOME_FAILED if failed or folder_problems else EXIT_OK


def _cmd_inspect(args: argparse.Namespace) -> int:
    path = Path(args.path)
    if args.debug:  # in this process: errors propagate with their tracebacks
        summary = _inspect_for(path)
    else:  # in a worker process, like the other commands
        results = run_corpus(_inspect_for, [path], isolate=True, progress=False)
        with contextlib.closing(results):
            result = next(results)
        if result.table is None:
            _error(result.error)
            return EXIT_FAILED
        summary = result.table
    if args.json:
        for piece in _json_pieces(summary):
            _write(piece)
        _write("\n")
    else:
        lines = _inspect_lines(summary)
        for at in range(0, len(lines), _CSV_ROWS):
            _write("".join(line + "\n" for line in lines[at : at + _CSV_ROWS]))
    return EXIT_OK


def _default_out() -> Path | None:
    """Where ``build-data`` writes without ``--out``: the repository's ``data/derived`` when
    run in the repository (the working directory or a folder above it holds the project),
    else nowhere (``--out`` is then required)."""
    cwd = Path.cwd()
    for folder in (cwd, *cwd.parents):
        if is_project(folder):
            return Path("data", "derived") if folder == cwd else folder / "data" / "derived"
    return None


def _cmd_build_data(args: argparse.Namespace) -> int:
    from .derived import build_derived

    out = Path(args.out) if args.out is not None else _default_out()
    if out is None:
        _error("build-data: --out DIR is required outside the workreport repository")
        return EXIT_FAILED
    try:
        written = build_derived(out, report_path=args.report)
    except (ReportFormatError, OutputError) as exc:
        _error(str(exc))
        return EXIT_FAILED
    _write("".join(printable(str(p)) + "\n" for p in written))
    return EXIT_OK


def _cmd_book(args: argparse.Namespace) -> int:
    from .book.build import build_book

    try:
        index = build_book(args.path, out=args.out, progress=_say)
    except (ReportFormatError, OutputError) as exc:
        _error(str(exc))
        return EXIT_FAILED
    _write(printable(str(index)) + "\n")
    return EXIT_OK


def _jobs(value: str) -> int:
    """``--jobs``: a positive integer, in ASCII digits (``int`` would also take ``２`` and
    ``1_0``)."""
    if not (value.isascii() and value.isdigit()):
        raise argparse.ArgumentTypeError(f"not a whole number in digits 0-9: {value!r}")
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {n}")
    return n


_EPILOG = """exit status:
  0    success (also when standard output is a pipe that was closed)
  1    some files of a directory failed (each listed on standard error), or a folder
       could not be listed
  2    a bad single file, a usage error, every file of a directory failed, or the output
       cannot be written
  130  interrupted (Ctrl-C, SIGINT)
  143  terminated (SIGTERM)
"""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (documented in the README)."""
    parser = argparse.ArgumentParser(
        prog="workreport",
        description="Read Chinese government work reports as data.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"workreport {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", help="show tracebacks of unexpected errors")
    common.add_argument(
        "--engine",
        choices=ENGINES,
        default=None,
        help=f"segmentation engine (default: ${ENGINE_ENV}, else the fastest installed)",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def command(name: str, helptext: str) -> argparse.ArgumentParser:
        return sub.add_parser(
            name,
            parents=[common],
            help=helptext,
            epilog=_EPILOG,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    p = command("inspect", "size, structure and anomalies of a report")
    p.add_argument("path", help="report file")
    p.add_argument("--json", action="store_true", help="print JSON (stable keys)")
    p.set_defaults(func=_cmd_inspect)
    for name, fn, helptext in (
        ("themes", _themes_for, "theme counts and shares per part, and the env. index"),
        ("targets", _targets_for, "every quantitative result and target"),
    ):
        p = command(name, helptext)
        p.add_argument(
            "path", help="report file, or a directory of reports (.txt .docx .html .htm .pdf)"
        )
        p.add_argument("--csv", action="store_true", help="print CSV")
        p.add_argument(
            "--jobs",
            type=_jobs,
            default=1,
            metavar="N",
            help="worker processes (default 1; at most one per file and per processor)",
        )
        p.set_defaults(func=lambda args, fn=fn: _table_command(args, fn))
    p = command("build-data", "regenerate the derived datasets")
    p.add_argument(
        "--out",
        default=None,
        help="output directory (default: the repository's data/derived; required outside it)",
    )
    p.add_argument("--report", default=None, help="report file (default: the project's)")
    p.set_defaults(func=_cmd_build_data)
    p = command("book", "build the book's analysis of any report as an HTML book")
    p.add_argument("path", help="report file (.txt .docx .html .htm .pdf)")
    p.add_argument("--out", default="_book", help="output folder (default: ./_book)")
    p.set_defaults(func=_cmd_book)
    return parser


@contextlib.contextmanager
def _signals_raise() -> Iterator[None]:
    """Within the block, SIGTERM raises :class:`_Terminated` and SIGINT (Ctrl-C)
    ``KeyboardInterrupt`` in the main thread, replacing the handlers that ``python -m
    workreport`` installs while it imports (which exit at once): worker processes are
    stopped, temporary files removed and the run ends with one line."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: object) -> None:
        raise _Terminated

    previous = signal.signal(signal.SIGTERM, handler)
    previous_int = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)
        signal.signal(signal.SIGINT, signal.SIG_DFL if previous_int is None else previous_int)


def _writable_folder(path: Path) -> bool:
    """Whether ``path`` is a folder that can be written, or could be created as one (its
    nearest existing ancestor is); nothing is created."""
    try:
        while not path.exists():
            if path.parent == path:
                return False
            path = path.parent
        return path.is_dir() and os.access(path, os.W_OK)
    except (OSError, ValueError):
        return False


def _private_matplotlib_folder() -> None:
    """When matplotlib's configuration or cache folder cannot be written (an unwritable
    ``$HOME/.config``), point ``MPLCONFIGDIR`` at a temporary folder removed at exit, as
    matplotlib itself would, but without its two-line warning on standard error."""
    if os.environ.get("MPLCONFIGDIR"):
        return
    home = Path(os.path.expanduser("~"))
    config = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config") / "matplotlib"
    cache = Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache") / "matplotlib"
    if _writable_folder(config) and _writable_folder(cache):
        return
    folder = tempfile.mkdtemp(prefix="workreport-matplotlib-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    os.environ["MPLCONFIGDIR"] = folder


@contextlib.contextmanager
def _engine(engine: str | None) -> Iterator[None]:
    """Within the block, ``--engine`` (if given) is the engine of this process and of its
    worker processes, as ``$WORKREPORT_ENGINE`` would be; the variable is restored after."""
    if engine is None:
        yield
        return
    previous = os.environ.get(ENGINE_ENV)
    os.environ[ENGINE_ENV] = engine
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(ENGINE_ENV, None)
        else:
            os.environ[ENGINE_ENV] = previous


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (see the module's documentation)."""
    args = build_parser().parse_args(argv)
    for name in ("path", "report", "out"):
        if getattr(args, name, None) == "":  # Path("") would be the current folder
            _error(f'"": empty {"file name" if name != "out" else "folder name"}')
            return EXIT_FAILED
    path = getattr(args, "path", None) or getattr(args, "report", None)
    where = f"{path}: " if path else ""
    _private_matplotlib_folder()
    try:
        with _signals_raise(), _engine(args.engine):
            return args.func(args)
    except KeyboardInterrupt:
        _say("workreport: interrupted")
        return EXIT_INTERRUPTED
    except _Terminated:
        _say("workreport: terminated")
        return EXIT_TERMINATED
    except BrokenPipeError:  # e.g. piped into head
        _silence_stdout()
        return EXIT_OK
    except _OutputFailed as exc:
        _silence_stdout()
        _error(f"standard output: {exc}")
        return EXIT_FAILED
    except ReportFormatError as exc:
        _error(str(exc))
        return EXIT_FAILED
    except MemoryError:
        if args.debug:
            raise
        _error(f"{where}out of memory")
        return EXIT_FAILED
    except Exception as exc:
        if args.debug:
            raise
        _error(f"{where}unexpected {type(exc).__name__}: {exc}")
        return EXIT_FAILED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
