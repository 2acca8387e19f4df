"""Benchmark of the workreport pipeline and of the book build (``make bench``).

Measures, on this machine, with repeated runs (medians; the runs are kept in the results):

1. on our report and on the national reports 1954–2025 (``data/raw/national/``, real text,
   files the loader rejects are skipped and counted): bare ``jieba.lcut`` and bare
   ``rjieba`` (jieba-rs) on the cleaned texts, and the whole pipeline (load, clean,
   structure, tokens, themes, targets) with each segmentation engine, interleaved in one
   process; the segmentation caches are cleared before every pipeline run, so everything is
   segmented each time. The ratio pipeline / bare jieba is the median of the paired runs;
2. the cold first call with each engine (a fresh process: imports, dictionary, pipeline);
3. throughput with one process and with every core (``run_corpus``, as ``--jobs``) on the
   national corpus and on a synthetic corpus made from our report by recombining its
   sentences into new paragraphs, with each engine;
4. peak memory of a fresh process over each corpus and over the largest single document;
5. with ``--book``: the book build cold (empty cache), warm (nothing changed) and after one
   notebook changed, and ``make test`` without the install step.

The machine's load average is recorded before and after: the targets are ratios measured in
one process, but other processes competing for the cores still move them.

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
HELDOUT = CORPUS / "heldout"
NATIONAL = ROOT / "data" / "raw" / "national"
RESULTS = ROOT / "benchmarks" / "results.json"
ENV = "WORKREPORT_ENGINE"


def timed(fn, *, repeat: int) -> dict:
    """Median, quartiles and all timings of ``repeat`` calls of ``fn`` (seconds)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return _stats(times)


def _stats(times: list[float]) -> dict:
    q = statistics.quantiles(times, n=4) if len(times) > 1 else [times[0]] * 3
    return {"median": statistics.median(times), "q1": q[0], "q3": q[2], "runs": times}


def engines() -> list[str]:
    from workreport.tokens import installed_engines

    return [e for e in ("jieba", "rjieba") if e in installed_engines()]


def loadable(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """The files the loader reads, and one line for each it rejects."""
    import workreport as wr

    ok, skipped = [], []
    for p in paths:
        try:
            wr.load_report(p)
            ok.append(p)
        except wr.ReportFormatError as exc:
            skipped.append(str(exc))
    return ok, skipped


def bench_texts(paths: list[Path], repeat: int) -> dict:
    """Pipeline with each engine vs bare jieba and bare rjieba on the same cleaned texts.

    The measures are interleaved document by document (each document is segmented by bare
    jieba, by bare rjieba and run through the pipeline with each engine, one after the other,
    in an order that rotates from run to run), so that a change in the machine's speed during
    a run, which on a shared machine can be large, reaches all measures alike. A run's time for
    a measure is its sum over the documents; the ratios are those of the sums, run by run.
    """
    import workreport as wr
    from workreport.tokens import clear_caches, get_rjieba, get_tokenizer

    texts = [wr.load_report(p).text for p in paths]
    jieba_tok = get_tokenizer("default")
    names = engines()
    rjieba_seg = get_rjieba("default") if "rjieba" in names else None
    saved = os.environ.get(ENV)

    def pipeline(engine):
        def run(i):
            os.environ[ENV] = engine
            clear_caches()
            wr.analyse(paths[i])

        return run

    measures = {f"pipeline_{e}": pipeline(e) for e in names}
    measures["bare_jieba"] = lambda i: jieba_tok.lcut(texts[i])
    if rjieba_seg is not None:
        measures["bare_rjieba"] = lambda i: rjieba_seg.cut(texts[i])
    for i in range(len(paths)):  # warm: lexicons, dictionaries, imports
        for fn in measures.values():
            fn(i)
    runs: dict[str, list[float]] = {k: [] for k in measures}
    keys = list(measures)
    try:
        for r in range(repeat):
            total = dict.fromkeys(keys, 0.0)
            order = keys[r % len(keys) :] + keys[: r % len(keys)]
            for i in range(len(paths)):
                for k in order:
                    start = time.perf_counter()
                    measures[k](i)
                    total[k] += time.perf_counter() - start
            for k in keys:
                runs[k].append(total[k])
    finally:
        if saved is None:
            os.environ.pop(ENV, None)
        else:
            os.environ[ENV] = saved
    size = sum(len(t.encode("utf-8")) for t in texts)
    out = {"files": len(paths), "text_bytes_utf8": size}
    for k, v in runs.items():
        out[f"{k}_s"] = _stats(v)
        out[f"{k}_kb_per_s"] = size / 1024 / statistics.median(v)
    for e in names:
        paired = [a / b for a, b in zip(runs[f"pipeline_{e}"], runs["bare_jieba"], strict=True)]
        out[f"ratio_{e}"] = statistics.median(paired)
        out[f"ratio_{e}_runs"] = paired
    if rjieba_seg is not None:
        out["bare_speedup_rjieba"] = statistics.median(runs["bare_jieba"]) / statistics.median(
            runs["bare_rjieba"]
        )
    return out


def bench_cold(repeat: int, engine: str) -> dict:
    code = (
        "import time; t = time.perf_counter(); import workreport as wr; "
        "wr.analyse(wr.default_report_path()); print(time.perf_counter() - t)"
    )
    runs = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, ENV: engine},
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


HELDOUT_YEARS = (1998, 2009, 2017)
"""The national reports rewritten in the held-out forms (three eras, 66–137 quantities)."""
HELDOUT_FORMS = ("web", "fullwidth", "percent", "segmented", "gb18030")
"""Forms of report text the national corpus does not hold: a web page (CRLF line ends, a blank
line between paragraphs, ideographic-space indents); full-width digits, points and per-cent
signs; full-width per-cent signs only (common on government web sites; each such line takes
the loader's full cleaning steps); word-segmented like our report; GB18030 bytes."""


def make_heldout() -> list[Path]:
    """The held-out reports: each of :data:`HELDOUT_YEARS` in each of :data:`HELDOUT_FORMS`,
    written from the cleaned national text. Each must load back to that text (only the form
    differs, so the ratios compare like with like); the bench stops if one does not."""
    import workreport as wr
    from workreport.tokens import get_tokenizer

    fullwidth = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in "0123456789.%"})
    segmenter = get_tokenizer(None)
    HELDOUT.mkdir(parents=True, exist_ok=True)
    paths = []
    for year in HELDOUT_YEARS:
        text = wr.load_report(NATIONAL / f"national-{year}.txt").text
        lines = text.split("\n")
        forms = {
            "web": "\r\n\r\n".join("\u3000\u3000" + line for line in lines).encode("utf-8"),
            "fullwidth": "\n".join("\u3000\u3000" + x.translate(fullwidth) for x in lines),
            "percent": "\n".join("\u3000\u3000" + x.replace("%", "％") for x in lines),
            "segmented": "\n".join(" ".join(segmenter.lcut(x)) for x in lines),
            "gb18030": "\n".join(lines).encode("gb18030"),
        }
        for form in HELDOUT_FORMS:
            path = HELDOUT / f"{form}-{year}.txt"
            data = forms[form]
            path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
            if wr.load_report(path).text != text:
                raise RuntimeError(f"{path.name}: does not load back to national-{year}'s text")
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
    return len(a.targets)


def _table(path: Path):
    import pandas as pd

    return pd.DataFrame({"quantities": [_summary(path)]})


def _run_corpus(paths: list[Path], jobs: int) -> float:
    from workreport.corpus import run_corpus

    start = time.perf_counter()
    failed = [r for r in run_corpus(_table, paths, jobs=jobs, progress=False) if r.error]
    elapsed = time.perf_counter() - start
    if failed:
        raise RuntimeError(f"{len(failed)} files failed: {failed[0].error}")
    return elapsed


def bench_corpus(paths: list[Path], repeat: int, engine: str) -> dict:
    """Throughput with one process and with every core (worker processes inherit the
    engine through the environment)."""
    total = sum(p.stat().st_size for p in paths)
    cores = os.cpu_count() or 1
    out = {"files": len(paths), "bytes": total, "cores": cores, "engine": engine}
    saved = os.environ.get(ENV)
    os.environ[ENV] = engine
    try:
        _run_corpus(paths, 1)  # warm: the files in the page cache, lazy imports done
        for jobs in sorted({1, cores}):
            runs = [_run_corpus(paths, jobs) for _ in range(repeat)]
            med = statistics.median(runs)
            out[f"jobs_{jobs}"] = {
                "median_s": med,
                "runs": runs,
                "kb_per_s": total / 1024 / med,
                "kb_per_s_per_core": total / 1024 / med / jobs,
            }
    finally:
        if saved is None:
            os.environ.pop(ENV, None)
        else:
            os.environ[ENV] = saved
    if cores > 1:
        out["speedup"] = out["jobs_1"]["median_s"] / out[f"jobs_{cores}"]["median_s"]
    return out


def peak_memory_mb(paths: list[Path], engine: str) -> float:
    """Peak resident memory of a fresh process running the pipeline over ``paths``.

    Read from ``VmHWM`` in ``/proc/self/status`` on Linux: ``getrusage``'s ``ru_maxrss``
    survives ``exec``, so in a child of this (large) process it reports the parent's size.
    """
    code = (
        "import resource, sys; from pathlib import Path; sys.path.insert(0, 'benchmarks'); "
        "import run; from workreport.corpus import run_corpus; "
        "paths = [Path(p) for p in sys.argv[1:]]; "
        "[r for r in run_corpus(run._table, paths, jobs=1, progress=False)]; "
        "s = Path('/proc/self/status'); "
        "hwm = [l for l in s.read_text().splitlines() if l.startswith('VmHWM')] "
        "if s.exists() else []; "
        "print(int(hwm[0].split()[1]) / 1024 if hwm "
        "else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, *map(str, paths)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, ENV: engine},
    )
    return float(out.stdout.strip())


def bench_memory(national: list[Path], synthetic: list[Path], engine: str) -> dict:
    largest = max(national + synthetic, key=lambda p: p.stat().st_size)
    return {
        "engine": engine,
        "largest_document_bytes": largest.stat().st_size,
        "peak_mb_largest_document_alone": peak_memory_mb([largest], engine),
        f"peak_mb_national_{len(national)}": peak_memory_mb(national, engine),
        f"peak_mb_synthetic_{len(synthetic)}": peak_memory_mb(synthetic, engine),
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
    "our report: pipeline (rjieba) / bare jieba": ("ours", "ratio_rjieba", "<=", 0.5),
    "national: pipeline (rjieba) / bare jieba": ("national", "ratio_rjieba", "<=", 0.5),
    "our report: pipeline (jieba) / bare jieba": ("ours", "ratio_jieba", "<=", 1.35),
    "national: pipeline (jieba) / bare jieba": ("national", "ratio_jieba", "<=", 1.35),
    "held-out forms: pipeline (rjieba) / bare jieba": ("heldout", "ratio_rjieba", "<=", 0.5),
    "held-out forms: pipeline (jieba) / bare jieba": ("heldout", "ratio_jieba", "<=", 1.35),
    "cold first call, default engine (s)": ("cold", "default", "<", 1.0),
    "national KB/s per core, 1 process": ("corpus_national", "kb_per_s_per_core", ">=", 300),
    "national speed-up with all cores": ("corpus_national", "speedup", ">=", 1.7),
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
        value = data.get(key) if isinstance(data, dict) else None
        if value is None:
            continue
        ok = {"<=": value <= bound, "<": value < bound, ">=": value >= bound}[op]
        rows.append((name, value, f"{op} {bound}", ok))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--files", type=int, default=200, help="synthetic reports")
    parser.add_argument("--book", action="store_true", help="also time the book and make test")
    args = parser.parse_args()
    from workreport.tokens import resolve_engine

    default = resolve_engine()
    results: dict = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "processor": platform.machine(),
            "load_average_before": os.getloadavg(),
        },
        "engines": engines(),
        "default_engine": default,
    }
    import workreport as wr

    national, skipped = loadable(sorted(NATIONAL.glob("national-*.txt")))
    print(
        f"national corpus: {len(national)} files loadable, {len(skipped)} skipped "
        "(the loader rejects them)",
        flush=True,
    )
    for line in skipped:
        print(f"  skipped: {line}", flush=True)
    results["national_skipped"] = skipped
    print("our report …", flush=True)
    results["ours"] = bench_texts([wr.default_report_path()], args.repeat)
    print("national reports …", flush=True)
    results["national"] = bench_texts(national, max(3, args.repeat // 2))
    print("held-out forms …", flush=True)
    heldout = make_heldout()
    results["heldout"] = bench_texts(heldout, max(3, args.repeat // 2))
    by_form = {}
    for form in HELDOUT_FORMS:
        r = bench_texts([p for p in heldout if p.name.startswith(form)], max(3, args.repeat // 2))
        by_form[form] = {f"ratio_{e}": r[f"ratio_{e}"] for e in engines()}
        by_form[form]["ratio_jieba_runs"] = r.get("ratio_jieba_runs")
    results["heldout"]["by_form"] = by_form
    print("cold first call …", flush=True)
    cold = {e: bench_cold(max(3, args.repeat // 2), e) for e in engines()}
    results["cold"] = {**{e: c["median"] for e, c in cold.items()}, "runs": cold}
    results["cold"]["default"] = cold[default]["median"]
    print("throughput …", flush=True)
    synthetic = make_corpus(args.files)
    rep = max(2, args.repeat // 4)
    for e in engines():
        results[f"corpus_national_{e}"] = bench_corpus(national, rep, e)
        results[f"corpus_synthetic_{e}"] = bench_corpus(synthetic, rep, e)
    cn = results[f"corpus_national_{default}"]
    results["corpus_national"] = {
        "engine": default,
        "kb_per_s_per_core": cn["jobs_1"]["kb_per_s_per_core"],
        "speedup": cn.get("speedup"),
    }
    print("peak memory …", flush=True)
    results["memory"] = {e: bench_memory(national, synthetic, e) for e in engines()}
    if args.book:
        print("book build and make test …", flush=True)
        results["book"] = bench_book(max(1, args.repeat // 4))
    elif RESULTS.exists():
        previous = json.loads(RESULTS.read_text(encoding="utf-8"))
        if "book" in previous:
            results["book"] = previous["book"]  # kept from the last --book run
    results["machine"]["load_average_after"] = os.getloadavg()
    results["targets"] = [
        {"target": n, "value": v, "bound": b, "met": ok} for n, v, b, ok in verdicts(results)
    ]
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print_table(results)
    return 0


def print_table(results: dict) -> None:
    """The results as a Markdown table (pasted into benchmarks/README.md)."""
    names = results["engines"]

    def ms(x):
        return f"{1000 * x:,.0f} ms" if x < 10 else f"{x:,.1f} s"

    print()
    print("| measure | our report | national corpus | held-out forms |")
    print("| --- | --- | --- | --- |")
    o, n = results["ours"], results["national"]
    h = results.get("heldout", {})
    held = f"{h['files']} / {h['text_bytes_utf8'] / 2**20:,.1f} MB" if h else "–"
    print(
        f"| files / UTF-8 text | 1 / {o['text_bytes_utf8'] / 1024:,.0f} KB "
        f"| {n['files']} / {n['text_bytes_utf8'] / 2**20:,.1f} MB | {held} |"
    )
    rows = [("bare jieba.lcut", "bare_jieba_s"), ("bare rjieba (jieba-rs)", "bare_rjieba_s")]
    rows += [(f"pipeline, {e} engine", f"pipeline_{e}_s") for e in names]
    for label, key in rows:
        if key in o:
            third = ms(h[key]["median"]) if key in h else "–"
            print(
                f"| {label} (median) | {ms(o[key]['median'])} | {ms(n[key]['median'])} | {third} |"
            )
    for e in names:
        third = f"**{h[f'ratio_{e}']:.2f}**" if f"ratio_{e}" in h else "–"
        print(
            f"| **ratio pipeline ({e}) / bare jieba** | **{o[f'ratio_{e}']:.2f}** "
            f"| **{n[f'ratio_{e}']:.2f}** | {third} |"
        )
    if "bare_speedup_rjieba" in o:
        third = f"{h['bare_speedup_rjieba']:.1f}×" if "bare_speedup_rjieba" in h else "–"
        print(
            f"| bare rjieba speed-up over bare jieba | {o['bare_speedup_rjieba']:.1f}× "
            f"| {n['bare_speedup_rjieba']:.1f}× | {third} |"
        )
    if h.get("by_form"):
        print()
        print("| held-out form | " + " | ".join(f"ratio ({e})" for e in names) + " |")
        print("| --- | " + " | ".join("---" for _ in names) + " |")
        for form, r in h["by_form"].items():
            print(f"| {form} | " + " | ".join(f"{r[f'ratio_{e}']:.2f}" for e in names) + " |")
    print()
    print(
        "| engine | cold first call | national KB/s, 1 process | national KB/s, all cores "
        "(speed-up) | synthetic KB/s, 1 process | synthetic KB/s, all cores (speed-up) "
        "| peak MB: largest doc / national / synthetic |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for e in names:
        cn, cs, m = (
            results[f"corpus_national_{e}"],
            results[f"corpus_synthetic_{e}"],
            results["memory"][e],
        )
        last = f"jobs_{cn['cores']}"
        peaks = [v for k, v in m.items() if k.startswith("peak_mb")]
        print(
            f"| {e} | {results['cold'][e]:.2f} s | {cn['jobs_1']['kb_per_s']:,.0f} "
            f"| {cn[last]['kb_per_s']:,.0f} ({cn.get('speedup', 1):.2f}) "
            f"| {cs['jobs_1']['kb_per_s']:,.0f} | {cs[last]['kb_per_s']:,.0f} "
            f"({cs.get('speedup', 1):.2f}) | {' / '.join(f'{p:.0f}' for p in peaks)} |"
        )
    for k, v in results.get("book", {}).items():
        print(f"{k:<42}{float(v):>14.1f}")
    la, lb = results["machine"]["load_average_before"], results["machine"]["load_average_after"]
    print(f"\nload average (1, 5, 15 min) before {la}, after {lb}")
    print()
    for name, value, bound, ok in verdicts(results):
        print(f"{'MET ' if ok else 'MISS'} {name:<46}{value:>10.3f} (target {bound})")


if __name__ == "__main__":
    sys.exit(main())
