"""Validation of the extractor against the hand annotation (``data/annotations/``)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import ReportFormatError

__all__ = ["align_gold", "load_gold", "score_targets"]

GOLD_COLUMNS = [
    "raw_line",
    "mention",
    "occurrence",
    "kind",
    "period",
    "indicator",
    "verb",
    "value",
    "value_low",
    "value_high",
    "unit",
    "qualifier",
    "theme",
    "reference_value",
    "note",
]
ATTRIBUTES = ["kind", "period", "value", "unit", "qualifier", "theme", "reference_value"]


def load_gold(path: str | Path) -> pd.DataFrame:
    """Read the gold annotation CSV, checking its columns."""
    p = Path(path)
    try:
        gold = pd.read_csv(
            p,
            dtype={"period": str, "qualifier": str, "verb": str},
            keep_default_na=False,
            na_values={
                "value": [""],
                "value_low": [""],
                "value_high": [""],
                "reference_value": [""],
            },
        )
    except (OSError, pd.errors.ParserError) as exc:
        raise ReportFormatError(p, f"cannot read gold annotation ({exc})") from None
    missing = [c for c in GOLD_COLUMNS if c not in gold.columns]
    if missing:
        raise ReportFormatError(p, f"gold annotation lacks column(s) {', '.join(missing)}")
    return gold


def align_gold(report, gold: pd.DataFrame) -> pd.DataFrame:
    """Locate each gold mention in the report: adds ``paragraph_id``, ``start`` and ``end``.

    A mention is found as its ``occurrence``-th whole-number match in the cleaned text of its
    line (``4%`` does not match inside ``3.4%``). Raises ``ValueError`` if one is not found.
    """
    para = report.paragraphs
    out = []
    for g in gold.itertuples():
        parts = para[para["line"] == g.raw_line]
        line_text = "".join(parts["text"])
        pattern = re.compile(rf"(?<![\d.]){re.escape(g.mention)}(?![\d])")
        found = list(pattern.finditer(line_text))
        if len(found) < g.occurrence:
            raise ValueError(f"gold mention {g.mention!r} #{g.occurrence} not in line {g.raw_line}")
        offset = found[g.occurrence - 1].start()
        for p in parts.itertuples():
            if offset < p.n_chars or p is parts.iloc[-1]:
                break
            offset -= p.n_chars
        out.append(
            (int(p.paragraph_id), int(p.start + offset), int(p.start + offset + len(g.mention)))
        )
    aligned = gold.copy()
    aligned[["paragraph_id", "start", "end"]] = out
    return aligned


def _same(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        try:
            fa, fb = float(a), float(b)
        except (TypeError, ValueError):
            return False
        return (np.isnan(fa) and np.isnan(fb)) or bool(np.isclose(fa, fb))
    return str(a or "") == str(b or "")


def score_targets(extracted: pd.DataFrame, gold: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Precision, recall and F1 of extracted quantities against aligned gold rows.

    A quantity is found when an extracted row starts at the same character offset as a gold
    row. Returns ``scores`` (overall and by theme: gold theme for recall, extracted theme for
    precision), ``attributes`` (agreement on each field among found quantities), ``misses``
    and ``false_alarms``.
    """
    gold_keys = set(gold["start"])
    ext_keys = set(extracted["start"])
    hit = gold_keys & ext_keys

    def prf(g: pd.DataFrame, e: pd.DataFrame, label: str) -> dict:
        tp_r = g["start"].isin(ext_keys).sum()
        tp_p = e["start"].isin(gold_keys).sum()
        precision = tp_p / len(e) if len(e) else np.nan
        recall = tp_r / len(g) if len(g) else np.nan
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "subset": label,
            "gold": len(g),
            "extracted": len(e),
            "found": int(tp_r),
            "precision": precision,
            "recall": recall,
            "f1": f1,
        }

    rows = [prf(gold, extracted, "all")]
    for theme in sorted(set(gold["theme"]) | set(extracted["theme"])):
        rows.append(
            prf(
                gold[gold["theme"] == theme],
                extracted[extracted["theme"] == theme],
                f"theme: {theme}",
            )
        )
    for kind in ("result", "target"):
        rows.append(
            prf(gold[gold["kind"] == kind], extracted[extracted["kind"] == kind], f"kind: {kind}")
        )
    merged = gold.merge(extracted, on="start", suffixes=("_gold", "_extracted"))
    attrs = []
    for a in ATTRIBUTES:
        same = [
            _same(x, y) for x, y in zip(merged[f"{a}_gold"], merged[f"{a}_extracted"], strict=True)
        ]
        attrs.append(
            {
                "attribute": a,
                "agree": int(sum(same)),
                "of": len(same),
                "accuracy": float(np.mean(same)) if same else np.nan,
            }
        )
    misses = gold[~gold["start"].isin(hit)][
        ["raw_line", "paragraph_id", "mention", "kind", "theme", "indicator", "note"]
    ]
    alarms = extracted[~extracted["start"].isin(hit)][
        ["paragraph_id", "start", "kind", "theme", "indicator", "value", "unit", "text"]
    ]
    return {
        "scores": pd.DataFrame(rows),
        "attributes": pd.DataFrame(attrs),
        "misses": misses.reset_index(drop=True),
        "false_alarms": alarms.reset_index(drop=True),
    }
