"""Hygiene of the committed notebooks (run by `make test` after nbval).

Checks, for every notebook given (files or folders): every code cell with source was executed,
in order, starting from 1; no output holds an absolute path, a user's home, log noise
(jieba's loading message, kernel warnings), a Python warning or a traceback; the notebook
has a cell tagged `parameters`. Prints one line per problem and exits 1 if there is any.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

NOISE = [
    (re.compile(r"(/root/|/home/[a-z]|/tmp/|/Users/|[A-Z]:\\\\Users|/work/)"), "absolute path"),
    (
        re.compile(r"Loading model cost|Building prefix dict|Prefix dict has been built"),
        "jieba log noise",
    ),
    (re.compile(r"\w+Warning\b|warnings\.warn"), "a warning"),
    (re.compile(r"Traceback \(most recent call last\)"), "a traceback"),
    (re.compile(r"Glyph \d+ .*missing from"), "a missing glyph"),
    (re.compile(r"\b\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}"), "a timestamp"),
    (re.compile(r" at 0x[0-9a-f]{6,}"), "a memory address"),
]


def problems(path: Path) -> list[str]:
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [f"{path}: cannot be read as a notebook ({exc})"]
    out = []
    code = [c for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]
    counts = [c.get("execution_count") for c in code]
    if any(n is None for n in counts):
        out.append(f"{path}: {counts.count(None)} of {len(code)} code cells never executed")
    elif counts != list(range(1, len(code) + 1)):
        out.append(f"{path}: cells not executed in order from 1 (counts {counts})")
    if not any("parameters" in c.get("metadata", {}).get("tags", []) for c in code):
        out.append(f"{path}: no cell tagged 'parameters'")
    for i, cell in enumerate(code, start=1):
        for o in cell.get("outputs", []):
            if o.get("output_type") == "error":
                out.append(f"{path}: code cell {i} ends in an error")
            if o.get("output_type") == "stream" and o.get("name") == "stderr":
                out.append(f"{path}: code cell {i} writes to stderr")
            text = json.dumps(
                {k: v for k, v in o.get("data", {}).items() if not k.startswith("image/")},
                ensure_ascii=False,
            )
            text += "".join(o.get("text", ""))
            for pattern, what in NOISE:
                if pattern.search(text):
                    out.append(f"{path}: code cell {i} output contains {what}")
    return out


def main(args: list[str]) -> int:
    paths = []
    for arg in args or ["notebooks"]:
        p = Path(arg)
        paths += sorted(p.glob("*.ipynb")) if p.is_dir() else [p]
    if not paths:
        print("no notebooks found")
        return 1
    found = [msg for p in paths for msg in problems(p)]
    for msg in found:
        print(msg)
    print(f"{len(paths)} notebooks checked, {len(found)} problems")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
