"""Execute notebooks top to bottom, the way the book and nbval run them.

Usage:
    python tests/execute_notebooks.py notebooks/            # every notebook, in place
    python tests/execute_notebooks.py notebooks/03_ecology.ipynb --report OTHER.txt --out OUT.ipynb

With ``--report`` the cell tagged ``parameters`` is replaced by ``REPORT_PATH = "OTHER.txt"``
(an absolute path) before running, so the analysis runs on another report; ``--out`` (a file,
or a folder when several notebooks are given) keeps the committed notebooks untouched. Each
notebook runs in its own folder with the ``python3`` kernel; no timing metadata is recorded,
so executing twice gives identical files. A failing cell stops with its error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from workreport.book.build import set_report


def execute(path: Path, *, out: Path | None = None, report: Path | None = None) -> Path:
    nb = nbformat.read(path, as_version=4)
    if report is not None:
        try:
            set_report(nb, report.resolve())
        except ValueError as exc:
            raise SystemExit(str(exc)) from None
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(path.parent.resolve())}},
    )
    client.execute()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    target = out or path
    nbformat.write(nb, target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", default=["notebooks"])
    parser.add_argument("--report", type=Path, help="run on this report instead")
    parser.add_argument("--out", type=Path, help="write here instead of in place")
    args = parser.parse_args(argv)
    paths = []
    for arg in args.paths:
        p = Path(arg)
        paths += sorted(p.glob("*.ipynb")) if p.is_dir() else [p]
    for p in paths:
        out = args.out
        if out is not None and (len(paths) > 1 or out.is_dir()):
            out.mkdir(parents=True, exist_ok=True)
            out = out / p.name
        print(f"executing {p}", flush=True)
        execute(p, out=out, report=args.report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
