"""Command line: ``python -m workreport {inspect,themes,targets,build-data} …``.

Errors in the input print one line (``workreport: error: FILE: problem``) and exit with
status 2. On a directory, every file is processed; failures are listed on standard error and
the exit status is 1 when some files failed, 2 when all did.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from .corpus import list_reports, run_corpus
from .errors import ReportFormatError

__all__ = ["main"]


def _themes_for(path: Path) -> pd.DataFrame:
    from .pipeline import analyse, themes_table

    return themes_table(analyse(path))


def _targets_for(path: Path) -> pd.DataFrame:
    from .pipeline import analyse

    a = analyse(path)
    if a.targets is None:
        raise ReportFormatError(path, a.targets_error)
    return a.targets


def _inspect_for(path: Path) -> dict:
    from .pipeline import analyse

    a = analyse(path)
    summary = a.report.summary()
    summary["tokens"] = len(a.tokens)
    summary["word_tokens"] = int((~a.tokens["is_punct"]).sum())
    summary["name"] = str(path)
    return summary


def _print_inspect(s: dict) -> None:
    print(f"file:       {s['name']}")
    print(f"format:     {s['format']} ({s['encoding']})")
    print(f"title:      {s['title'] or '(missing)'}")
    print(f"date:       {s['date'] or '(not found)'}    speaker: {s['speaker'] or '(not found)'}")
    print(
        f"size:       {s['characters']} characters, {s['paragraphs']} paragraphs, "
        f"{s['sentences']} sentences, {s['tokens']} tokens ({s['word_tokens']} words)"
    )
    print(f"parts:      {len(s['parts'])}")
    for p in s["parts"]:
        year = p["year"] if p["year"] is not None else "-"
        print(f"  {p['part']}. {p['title']}  [{p['label']}, {year}, {p['paragraphs']} paragraphs]")
    print(f"sections:   {len(s['sections'])}")
    for sec in s["sections"]:
        print(f"  {sec['part']}.{sec['section']} {sec['title']}")
    print(f"anomalies:  {len(s['anomalies'])}")
    for a in s["anomalies"]:
        where = f"¶{a['paragraph_id']}" if a["paragraph_id"] is not None else "-"
        print(
            f"  {a['kind']} at {where} (offset {a['position']}): {a['original']!r} — {a['action']}"
        )


def _emit(table: pd.DataFrame, *, csv: bool, header: bool) -> None:
    if csv:
        table.to_csv(sys.stdout, index=False, header=header, lineterminator="\n")
    else:
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
            print(table.to_string(index=False))


def _table_command(args, fn) -> int:
    paths = list_reports(args.path)
    if not paths:
        print(f"workreport: error: {args.path}: no report files (*.txt) found", file=sys.stderr)
        return 2
    many = Path(args.path).is_dir()
    failed, first = [], True
    for result in run_corpus(fn, paths, jobs=args.jobs):
        if result.table is None:
            failed.append(result.error)
            print(f"workreport: error: {result.error}", file=sys.stderr)
            continue
        table = result.table
        if many:
            table = table.assign(file=str(Path(result.path).relative_to(args.path)))
            table = table[["file", *table.columns[:-1]]]
        _emit(table, csv=args.csv, header=first)
        first = False
    if not failed:
        return 0
    if many:
        print(f"workreport: {len(failed)} of {len(paths)} files failed", file=sys.stderr)
    return 2 if len(failed) == len(paths) else 1


def _cmd_inspect(args) -> int:
    try:
        summary = _inspect_for(Path(args.path))
    except ReportFormatError as exc:
        print(f"workreport: error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        _print_inspect(summary)
    return 0


def _cmd_build_data(args) -> int:
    from .derived import build_derived

    for path in build_derived(Path(args.out), report_path=args.report):
        print(path)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (documented in the README)."""
    parser = argparse.ArgumentParser(
        prog="workreport", description="Read Chinese government work reports as data."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("inspect", help="size, structure and anomalies of a report")
    p.add_argument("path", help="report file")
    p.add_argument("--json", action="store_true", help="print JSON (stable keys)")
    p.set_defaults(func=_cmd_inspect)
    for name, fn, helptext in (
        ("themes", _themes_for, "theme counts and shares per part, and the env. index"),
        ("targets", _targets_for, "every quantitative result and target"),
    ):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("path", help="report file, or a directory of *.txt reports")
        p.add_argument("--csv", action="store_true", help="print CSV")
        p.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
        p.set_defaults(func=lambda args, fn=fn: _table_command(args, fn))
    p = sub.add_parser("build-data", help="regenerate the derived datasets")
    p.add_argument("--out", default="data/derived", help="output directory")
    p.add_argument("--report", default=None, help="report file (default: the project's)")
    p.set_defaults(func=_cmd_build_data)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:  # e.g. piped into head
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
