"""Time and peak memory of the command line on pathological texts at 1x, 4x and 16x (issue #26).

Each case writes a text of the given shape and size, runs ``python -m workreport targets FILE
--csv`` (or ``--command themes|inspect``; ``dictionary_changes`` for one long paragraph) in a
fresh process, and records the
wall time and the peak resident memory of that process and its worker (``os.wait4``; Linux
counts the largest of a process and the children it waited for). Memory is reported above the
baseline of a run on a tiny report (the imports and the dictionaries), per byte of input::

    python benchmarks/bounds.py                     # every shape at 256 KB, 1 MB, 4 MB
    python benchmarks/bounds.py --base 65536 --shapes list,lines --json out.json

A shape is linear when its time and memory grow about as its size does (16x the size: about
16x, never 16² = 256x). ``tests/test_bounded.py`` runs this at small sizes (slow-marked) and
asserts the bounds; the README states the measured constant.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NATIONAL = ROOT / "data" / "raw" / "national"
_CJK = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
_TERMS = ["煤炭", "脱贫", "生态", "扶贫", "能源", "环保", "节能", "减排", "绿化", "污染"]


def _lines(make: Callable[[random.Random], str], size: int, head: str = "一、回顾\n") -> str:
    """``head`` then lines from ``make`` (all different: a repeated copy would be set aside)
    until ``size`` bytes of UTF-8."""
    rng = random.Random(size)
    out, n = [head], len(head.encode())
    while n < size:
        line = make(rng)
        out.append(line)
        n += len(line.encode())
    return "".join(out)


def _real(size: int) -> str:
    """The national reports, joined and repeated with digits rotated, cut to ``size`` bytes."""
    joined = "\n".join(p.read_text(encoding="utf-8") for p in sorted(NATIONAL.glob("*.txt")))
    digits, out, k = "0123456789", [], 0
    while sum(len(x.encode()) for x in out) < size:
        out.append(joined.translate(str.maketrans(digits, digits[k:] + digits[:k])))
        k += 1
    text = "\n".join(out).encode()[:size]
    return text.decode("utf-8", "ignore")


# name: (what it is, text of about ``size`` bytes)
SHAPES: dict[str, tuple[str, Callable[[int], str]]] = {
    "list": (
        "the issue's 、 list: '一、回顾\\n增长' + '1%、' x n (refused: too many quantities)",
        lambda size: "一、回顾\n增长" + "1%、" * (size // 5),
    ),
    "window": (
        "one clause of thousands of quantities joined by 、 at the allowed density",
        lambda size: (
            "一、回顾\n增长"
            + "、".join(
                f"{i % 97}%、" + "".join(random.Random(i).choices(_CJK, k=30))
                for i in range(size // 100)
            )
        ),
    ),
    "lines": (
        "short lines '甲\\n' (refused: too many lines)",
        lambda size: "一、回顾\n" + "甲\n" * (size // 4),
    ),
    "newlines": (
        "newlines after one heading (refused: too many lines)",
        lambda size: "一、回顾\n" + "\n" * size,
    ),
    "dense-lines": (
        "different lines at the allowed density (1 per 16 characters)",
        lambda size: _lines(lambda r: "".join(r.choices(_CJK, k=15)) + "。\n", size),
    ),
    "dense-quantities": (
        "a quantity every 32 characters, 16 to a line",
        lambda size: _lines(
            lambda r: (
                "".join(
                    f"增长{r.randint(1, 99)}%，" + "".join(r.choices(_CJK, k=26)) + "，"
                    for _ in range(16)
                )
                + "\n"
            ),
            size,
        ),
    ),
    "dense-tokens": (
        "single-character words between commas",
        lambda size: _lines(lambda r: "，".join(r.choices(_CJK, k=40)) + "。\n", size),
    ),
    "dense-sentences": (
        "a sentence every two characters",
        lambda size: _lines(lambda r: "。".join(r.choices(_CJK, k=30)) + "。\n", size),
    ),
    "dense-matches": (
        "a theme word every three characters",
        lambda size: _lines(
            lambda r: (
                "，".join(r.choices(_TERMS, k=20)) + "，" + "".join(r.choices(_CJK, k=8)) + "\n"
            ),
            size,
        ),
    ),
    "fullwidth": (
        "a full-width digit every other character (a repair, an anomaly, each)",
        lambda size: _lines(
            lambda r: "".join(r.choice(_CJK) + "１" for _ in range(20)) + "\n", size
        ),
    ),
    "zero-width": (
        "a zero-width space between every two characters (each removed, an anomaly)",
        lambda size: _lines(lambda r: "\u200b".join(r.choices(_CJK, k=30)) + "\n", size),
    ),
    "paragraph": (
        "real text on one line, no indents (dictionary_changes over one paragraph)",
        lambda size: "一、回顾\n" + _real(size).replace("\n", "").replace("\u3000", "") + "\n",
    ),
    "real": ("the national reports, repeated with digits rotated", _real),
}

_DICTIONARY_CHANGES = (
    "import sys; from workreport import load_report; "
    "from workreport.tokens import dictionary_changes; "
    "dictionary_changes(load_report(sys.argv[1]))"
)


def _run(argv: list[str], timeout: float = 300) -> tuple[float, int, int, str]:
    """Wall time, peak memory (bytes), exit status and last line of standard error (a run
    killed after ``timeout`` seconds has status -9)."""
    started = time.perf_counter()
    env = {**os.environ, "PYTHONHASHSEED": "0", "TQDM_DISABLE": "1"}
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err, env=env)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        elapsed = time.perf_counter() - started
        err.seek(0)
        said = err.read().decode("utf-8", "replace").strip().splitlines()
    return elapsed, usage.ru_maxrss * 1024, proc.returncode, said[-1] if said else ""


COMMANDS = {
    "targets": ["targets", "{}", "--csv"],
    "themes": ["themes", "{}", "--csv"],
    "inspect": ["inspect", "{}", "--json"],
}
"""The command line measured (``--command``; one long paragraph: ``dictionary_changes``)."""
_command = COMMANDS["targets"]


def _argv(shape: str, path: Path) -> list[str]:
    if shape == "paragraph":
        return [sys.executable, "-c", _DICTIONARY_CHANGES, str(path)]
    return [sys.executable, "-m", "workreport", *(a.format(path) for a in _command)]


def measure(shape: str, size: int, folder: Path) -> dict:
    """One case: the text of ``shape`` at about ``size`` bytes, through the command line."""
    path = folder / f"{shape}-{size}.txt"
    path.write_text(SHAPES[shape][1](size), encoding="utf-8")
    seconds, peak, status, said = _run(_argv(shape, path))
    nbytes = path.stat().st_size
    path.unlink()
    return {
        "shape": shape,
        "bytes": nbytes,
        "seconds": round(seconds, 2),
        "peak_mb": round(peak / 2**20, 1),
        "status": status,
        "stderr": said[:160],
    }


def baseline(folder: Path, shape: str = "real") -> dict:
    """The same command on a tiny report: the fixed cost of the imports and dictionaries."""
    path = folder / "tiny.txt"
    path.write_text("一、回顾\n增长5%。\n", encoding="utf-8")
    seconds, peak, status, _ = _run(_argv(shape, path))
    assert status == 0
    return {"seconds": round(seconds, 2), "peak_mb": round(peak / 2**20, 1)}


def run(shapes: list[str], sizes: list[int]) -> dict:
    """Every shape at every size, with the baseline and the memory per byte of input."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base = baseline(folder)
        cases = []
        for shape in shapes:
            own = baseline(folder, shape) if shape == "paragraph" else base
            for size in sizes:
                case = measure(shape, size, folder)
                above = max(0.0, case["peak_mb"] - own["peak_mb"]) * 2**20
                case["bytes_per_byte"] = round(above / case["bytes"], 1)
                case["baseline_mb"], case["baseline_seconds"] = own["peak_mb"], own["seconds"]
                cases.append(case)
                print(json.dumps(case, ensure_ascii=False), flush=True)
    return {"baseline": base, "cases": cases}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", type=int, default=256 * 1024, help="1x size in bytes (256 KB)")
    ap.add_argument("--scales", default="1,4,16", help="multiples of --base (1,4,16)")
    ap.add_argument("--shapes", default=",".join(SHAPES), help="shapes, comma-separated")
    ap.add_argument("--command", choices=sorted(COMMANDS), default="targets")
    ap.add_argument("--json", type=Path, help="write the results here")
    args = ap.parse_args(argv)
    global _command
    _command = COMMANDS[args.command]
    sizes = [args.base * int(k) for k in args.scales.split(",")]
    results = run(args.shapes.split(","), sizes)
    print(f"baseline: {results['baseline']}")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
