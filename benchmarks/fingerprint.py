"""Fingerprint every table the package computes, to prove a refactoring changes no output.

For each report of a corpus (our report, the national reports, the test fixtures, and a
fixed set of random texts) it hashes every table of ``analyse()`` and of the loaded report,
dtypes included, and writes one JSON object ``{report: {table: sha256}}``::

    python benchmarks/fingerprint.py --out /tmp/before.json          # before a change
    python benchmarks/fingerprint.py --compare /tmp/before.json      # after it: lists differences

``--compare`` exits 1 and names every report and table that differs. Reports that fail to
load are fingerprinted by their error message, so a change in what fails counts too.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from pathlib import Path

import pandas as pd

import workreport as wr
from workreport.errors import ReportFormatError

ROOT = Path(__file__).resolve().parent.parent


def _hash_frame(df: pd.DataFrame | None) -> str:
    if df is None:
        return "None"
    h = hashlib.sha256()
    h.update(repr(list(zip(df.columns, map(str, df.dtypes), strict=True))).encode())
    h.update(df.to_csv(index=True).encode())
    return h.hexdigest()


def _random_texts(n: int, *, seed: int = 20261207) -> dict[str, str]:
    rng = random.Random(seed)
    pieces = [
        "一、2016年工作回顾\n",
        "二、2017年主要任务\n",
        "（一）",
        "推进煤炭去产能，",
        "全年增长4.5%左右。",
        "退出产能2325万吨",
        "、",
        "，",
        "。\n",
        "１２３",
        "％",
        "\u200b",
        " ",
        "\n\n",
        "脱贫攻坚",
        "生态文明",
        "力争",
        "预计",
        "约束性指标",
        "达到268座",
        "新建130座",
        "6.1万户14.2万名",
        "——",
        "附件\n",
        "名词解释\n",
        "⼀⼯⽣",
        "增长了",
        "初步统计，",
        "十五五",
        "到2030年",
        "二〇二五年",
        "多",
        "余",
    ]
    out = {}
    for i in range(n):
        out[f"random-{i:03d}"] = "".join(rng.choice(pieces) for _ in range(rng.randint(5, 200)))
    return out


def _tables(a) -> dict[str, pd.DataFrame | None]:
    r = a.report
    return {
        "paragraphs": r.paragraphs,
        "sentences": r.sentences,
        "anomalies": r.anomalies,
        "edits": r.edits,
        "parts": r.parts,
        "sections": r.sections,
        "meta": pd.DataFrame({"v": [r.title, r.date, str(r.year), r.speaker]}),
        "reconstruct": pd.DataFrame({"v": [r.reconstruct()]}),
        "tokens": a.tokens,
        "matches": a.matches,
        "env_matches": a.env_matches,
        "targets": a.targets,
        "themes_table": wr.themes_table(a),
    }


def fingerprints(*, n_random: int = 300) -> dict[str, dict[str, str]]:
    """Hash every table for every report of the fingerprint corpus."""
    sources: dict[str, object] = {
        "shanxi-2017": ROOT / "data/raw/shanxi-2017-government-work-report.seg.txt"
    }
    for p in sorted((ROOT / "data/raw/national").glob("*.txt")):
        sources[p.stem] = p
    for p in sorted((ROOT / "tests/data").glob("*.txt")):
        sources[f"tests/{p.stem}"] = p
    out: dict[str, dict[str, str]] = {}
    for name, src in sources.items():
        out[name] = _one(lambda s=src: wr.analyse(s))
    for name, text in _random_texts(n_random).items():
        out[name] = _one(lambda t=text, n=name: wr.analyse(wr.load_text(t, name=n)))
    return out


def _one(make) -> dict[str, str]:
    try:
        a = make()
    except ReportFormatError as exc:
        return {"error": exc.problem}
    return {k: _hash_frame(v) for k, v in _tables(a).items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", help="write the fingerprints to this JSON file")
    ap.add_argument("--compare", help="compare with fingerprints written before")
    ap.add_argument("--random", type=int, default=300, help="how many random texts (300)")
    args = ap.parse_args(argv)
    fp = fingerprints(n_random=args.random)
    if args.out:
        Path(args.out).write_text(json.dumps(fp, indent=1, sort_keys=True), encoding="utf-8")
        print(f"{len(fp)} reports fingerprinted -> {args.out}")
    if args.compare:
        old = json.loads(Path(args.compare).read_text(encoding="utf-8"))
        diffs = [
            f"{name}: {table}"
            for name in sorted(set(old) | set(fp))
            for table in sorted(set(old.get(name, {})) | set(fp.get(name, {})))
            if old.get(name, {}).get(table) != fp.get(name, {}).get(table)
        ]
        print("\n".join(diffs) if diffs else f"identical: {len(fp)} reports, every table")
        return 1 if diffs else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
