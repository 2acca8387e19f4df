"""The command line the tools that write one data file share: write it, or ``--check`` it.

Each such tool computes the file's text from the project's data; run plainly it writes the
file, with ``--check`` it writes nothing and exits 1 when the file is not what it computes.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path


def write_or_check(
    path: Path,
    text: Callable[[], str],
    *,
    doc: str,
    summary: Callable[[str], str] | None = None,
    validate: Callable[[], object] | None = None,
) -> int:
    """Parse the command line (``doc``'s first line describes the tool), compute ``text()``
    and write it to ``path``, or with ``--check`` compare it; the exit code. ``summary``: a
    note on the written text for the message; ``validate``: run after writing (a loader that
    raises when the file does not validate)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check; exit 1 if stale")
    args = parser.parse_args()
    new = text()
    if args.check:
        stale = not path.exists() or new != path.read_text(encoding="utf-8")
        print(f"{path.name}: {'stale' if stale else 'up to date'}")
        return int(stale)
    path.write_text(new, encoding="utf-8")
    if validate is not None:
        validate()
    print(f"wrote {path}" + (f" ({summary(new)})" if summary else ""))
    return 0
