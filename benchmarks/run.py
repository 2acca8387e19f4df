"""Benchmark of the workreport pipeline and of the book build (``make bench``).

Measures, on this machine, with repeated runs (median and interquartile range):

1. the whole pipeline on one report (load, clean, structure, tokens, themes, targets)
   against bare ``jieba.lcut`` on the same cleaned text, in the same process; the
   segmentation cache is cleared before every run so both segment everything;
2. the cold first call (a fresh process: imports, jieba's dictionary, the pipeline);
3. throughput on a corpus of reports made from ours by recombining its sentences into new
   paragraphs (no data from elsewhere), with one process and with every core;
4. peak memory on corpora of different sizes and on the largest single document;
5. with ``--book``: the book build cold (empty cache), warm (nothing changed) and after one
   notebook changed, and ``make test`` without the install step.

Prints a table and writes ``benchmarks/results.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "benchmarks" / "corpus"
RESULTS = ROOT / "benchmarks" / "results.json"


def timed(fn, *, repeat: int) -> dict:
    """Median, quartiles and all timings of ``repeat`` calls of ``fn`` (seconds)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    q = statistics.quantiles(times, n=4) if len(times) > 1 else [times[0]] * 3
    return {"median": statistics.median(times), "q1": q[0], "q3": q[2], "runs": times}


def bench_single(repeat: int) -> dict:
    import workreport as wr
    from workreport.tokens import _segment_cached, _segment_document, get_tokenizer

    path = wr.default_report_path()
    tokenizer = get_tokenizer("default")
    text = wr.load_report(path).text
    wr.analyse(path)  # lexicons and imports loaded; the dictionary too

    def pipeline():
        _segment_cached.cache_clear()
        _segment_document.cache_clear()
        wr.analyse(path)

    def bare():
        tokenizer.lcut(text)

    # interleave so that both see the same machine state
    p, b = [], []
    for _ in range(repeat):
        p.append(timed(pipeline, repeat=1)["median"])
        b.append(timed(bare, repeat=1)["median"])
    pipe = {"median": statistics.median(p), "runs": p}
    base = {"median": statistics.median(b), "runs": b}
    size = len(text.encode("utf-8"))
    return {
        "report_bytes_utf8": size,
        "pipeline_s": pipe,
        "bare_jieba_s": base,
        "ratio": pipe["median"] / base["median"],
        "pipeline_kb_per_s": size / 1024 / pipe["median"],
        "bare_jieba_kb_per_s": size / 1024 / base["median"],
    }


def bench_cold(repeat: int) -> dict:
    code = (
        "import time; t = time.perf_counter(); import workreport as wr; "
        "wr.analyse(wr.default_report_path()); print(time.perf_counter() - t)"
    )
    runs = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        runs.append(float(out.stdout.strip()))
    return {"median": statistics.median(runs), "runs": runs}


def make_corpus(n: int, *, target_bytes: int = 50_000, seed: int = 2017) -> list[Path]:
    """``n`` reports of about ``target_bytes`` each, recombined from our report's sentences."""
    import workreport as wr

    report = wr.load_report(wr.default_report_path())
    para = report.paragraphs
    sentences = report.sentences.merge(para[["paragraph_id", "role", "part"]], on="paragraph_id")
    body = sentences[sentences["role"].isin(["body", "bullet"])]
    review = body[body["part"] == 1]["text"].tolist()
    plan = body[body["part"] == 2]["text"].tolist()
    sections = report.sections["title"].tolist()
    rng = random.Random(seed)
    CORPUS.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        lines = [
            "政府工作报告",
            "——2017年1月14日在省人民代表大会上",
            "省长　某某",
            "各位代表：",
            "一、2016年工作回顾",
        ]
        size = 0

        def paragraph(pool):
            return "".join(rng.choice(pool) for _ in range(rng.randint(2, 6)))

        for _ in range(8):
            lines.append(paragraph(review))
        lines.append("二、2017年工作安排")
        k = 0
        while size < target_bytes:
            k += 1
            lines.append(f"（{_zh(k)}）{rng.choice(sections)}。")
            for _ in range(rng.randint(3, 6)):
                lines.append(paragraph(plan))
            size = len("\n".join(lines).encode("utf-8"))
            if k == 99:
                break
        lines.append("三、加强政府自身建设")
        lines.append(paragraph(plan))
        path = CORPUS / f"report_{i:04d}.txt"
        path.write_text("\n\n".join("\u3000\u3000" + s for s in lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def _zh(n: int) -> str:
    digits = "一二三四五六七八九"
    if n < 10:
        return digits[n - 1]
    tens, ones = divmod(n, 10)
    return (digits[tens - 1] if tens > 1 else "") + "十" + (digits[ones - 1] if ones else "")


def _summary(path: Path) -> int:
    """Corpus work item: the full pipeline on one file; returns the number of quantities."""
    import workreport as wr

    a = wr.analyse(path)
    return 0 if a.targets is None else len(a.targets)


def _run_corpus(paths: list[Path], jobs: int) -> float:
    from workreport.corpus import run_corpus

    start = time.perf_counter()
    failed = [r for r in run_corpus(_table, paths, jobs=jobs, progress=False) if r.error]
    elapsed = time.perf_counter() - start
    if failed:
        raise RuntimeError(f"{len(failed)} files failed: {failed[0].error}")
    return elapsed


def _table(path: Path):
    import pandas as pd

    return pd.DataFrame({"quantities": [_summary(path)]})


def bench_corpus(paths: list[Path], repeat: int) -> dict:
    total = sum(p.stat().st_size for p in paths)
    cores = os.cpu_count() or 1
    out = {"files": len(paths), "bytes_utf8": total, "cores": cores}
    for jobs in sorted({1, cores}):
        runs = [_run_corpus(paths, jobs) for _ in range(repeat)]
        med = statistics.median(runs)
        out[f"jobs_{jobs}"] = {
            "median_s": med,
            "runs": runs,
            "kb_per_s": total / 1024 / med,
            "kb_per_s_per_core": total / 1024 / med / jobs,
        }
    if cores > 1:
        out["speedup"] = out["jobs_1"]["median_s"] / out[f"jobs_{cores}"]["median_s"]
    return out


def peak_memory_mb(paths: list[Path]) -> float:
    """Peak resident memory of a fresh process running the pipeline over ``paths``."""
    code = (
        "import resource, sys; from pathlib import Path; sys.path.insert(0, 'benchmarks'); "
        "import run; from workreport.corpus import run_corpus; "
        "paths = [Path(p) for p in sys.argv[1:]]; "
        "[r for r in run_corpus(run._table, paths, jobs=1, progress=False)]; "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, *map(str, paths)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return float(out.stdout.strip())


def bench_memory(paths: list[Path]) -> dict:
    largest = max(paths, key=lambda p: p.stat().st_size)
    return {
        "largest_document_bytes": largest.stat().st_size,
        "peak_mb_largest_document_alone": peak_memory_mb([largest]),
        "peak_mb_first_25": peak_memory_mb(paths[:25]),
        f"peak_mb_all_{len(paths)}": peak_memory_mb(paths),
    }


def bench_book(repeat: int) -> dict:
    """Book build cold / warm / one notebook changed, in a copy of the repository."""
    work = Path("/tmp/workreport-bench-book")
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(
        ROOT, work, ignore=shutil.ignore_patterns(".venv", "_build", ".git", "corpus", "*.pyc")
    )
    jb = [
        str(Path(sys.executable).parent / "jupyter-book"),
        "build",
        ".",
        "-W",
        "-n",
        "--keep-going",
    ]

    def build():
        subprocess.run(jb, cwd=work, check=True, capture_output=True)

    out = {}
    cold = []
    for _ in range(repeat):
        shutil.rmtree(work / "_build", ignore_errors=True)
        cold.append(timed(build, repeat=1)["median"])
    out["book_cold_s"] = statistics.median(cold)
    out["book_warm_s"] = timed(build, repeat=repeat)["median"]
    nb = work / "notebooks" / "04_synthesis.ipynb"
    original = nb.read_text(encoding="utf-8")
    changed = []
    for i in range(repeat):
        data = json.loads(original)
        cell = next(
            c
            for c in data["cells"]
            if c["cell_type"] == "code" and "parameters" not in c["metadata"].get("tags", [])
        )
        cell["source"] = [f"# benchmark edit {i}\n", *cell["source"]]
        nb.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        changed.append(timed(build, repeat=1)["median"])
    out["book_one_notebook_changed_s"] = statistics.median(changed)
    start = time.perf_counter()
    proc = subprocess.run(["make", "test"], cwd=ROOT, capture_output=True, text=True)
    out["make_test_without_install_s"] = time.perf_counter() - start
    out["make_test_passed"] = proc.returncode == 0
    shutil.rmtree(work, ignore_errors=True)
    return out


TARGETS = {
    "ratio pipeline / bare jieba": ("single", "ratio", "<=", 1.5),
    "cold first call (s)": ("cold", "median", "<", 1.5),
    "KB/s per core, 1 process": ("corpus", ("jobs_1", "kb_per_s_per_core"), ">=", 300),
    "speed-up with all cores": ("corpus", "speedup", ">=", 1.7),
    "cold book (s)": ("book", "book_cold_s", "<=", 60),
    "warm book (s)": ("book", "book_warm_s", "<=", 15),
    "make test without install (s)": ("book", "make_test_without_install_s", "<=", 300),
}


def verdicts(results: dict) -> list[tuple[str, float, str, bool]]:
    rows = []
    for name, (section, key, op, bound) in TARGETS.items():
        data = results.get(section)
        if not data:
            continue
        value = data
        for k in key if isinstance(key, tuple) else (key,):
            value = value.get(k) if isinstance(value, dict) else None
        if value is None:
            continue
        ok = {"<=": value <= bound, "<": value < bound, ">=": value >= bound}[op]
        rows.append((name, value, f"{op} {bound}", ok))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--book", action="store_true", help="also time the book and make test")
    args = parser.parse_args()
    results = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "processor": platform.machine(),
        }
    }
    print("single report …", flush=True)
    results["single"] = bench_single(args.repeat)
    print("cold first call …", flush=True)
    results["cold"] = bench_cold(max(3, args.repeat // 2))
    print(f"corpus of {args.files} reports …", flush=True)
    paths = make_corpus(args.files)
    results["corpus"] = bench_corpus(paths, max(1, args.repeat // 4))
    print("peak memory …", flush=True)
    results["memory"] = bench_memory(paths)
    if args.book:
        print("book build and make test …", flush=True)
        results["book"] = bench_book(max(1, args.repeat // 4))
    elif RESULTS.exists():
        previous = json.loads(RESULTS.read_text(encoding="utf-8"))
        if "book" in previous:
            results["book"] = previous["book"]  # kept from the last --book run
    results["targets"] = [
        {"target": n, "value": v, "bound": b, "met": ok} for n, v, b, ok in verdicts(results)
    ]
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    s, c = results["single"], results["corpus"]
    print()
    print(f"{'measure':<42}{'value':>14}")
    print(f"{'pipeline on one report (median s)':<42}{s['pipeline_s']['median']:>14.4f}")
    print(f"{'bare jieba.lcut, same text (median s)':<42}{s['bare_jieba_s']['median']:>14.4f}")
    print(f"{'cold first call (median s)':<42}{results['cold']['median']:>14.3f}")
    print(f"{'corpus size (MB)':<42}{c['bytes_utf8'] / 2**20:>14.1f}")
    for key in [k for k in c if k.startswith("jobs_")]:
        print(f"{'corpus KB/s, ' + key.replace('_', ' '):<42}{c[key]['kb_per_s']:>14.0f}")
    for k, v in results["memory"].items():
        print(f"{k:<42}{v:>14.1f}")
    for k, v in results.get("book", {}).items():
        print(f"{k:<42}{float(v):>14.1f}")
    print()
    for name, value, bound, ok in verdicts(results):
        print(f"{'MET ' if ok else 'MISS'} {name:<38}{value:>10.3f} (target {bound})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
