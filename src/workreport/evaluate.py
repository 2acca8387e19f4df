"""Validation of the extractor against the hand annotation (``data/annotations/``)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

import numpy as np
import pandas as pd

from .clean import fold_fullwidth
from .errors import ReportFormatError
from .tables import read_text_table
from .targets import bigram_similarity

if TYPE_CHECKING:
    from .report import Report

__all__ = [
    "align_by_context",
    "align_gold",
    "load_gold",
    "load_national_gold",
    "same_indicator",
    "score_national",
    "score_targets",
]

_MENTION_COLUMNS = ["mention", "occurrence", "kind", "period", "indicator", "verb"]
_VALUE_COLUMNS = ["value", "value_low", "value_high", "unit", "qualifier"]
GOLD_COLUMNS = ["raw_line", *_MENTION_COLUMNS, *_VALUE_COLUMNS, "theme", "reference_value", "note"]
ATTRIBUTES = [
    "kind",
    "period",
    "indicator",
    "value",
    "unit",
    "qualifier",
    "direction",
    "estimate",
    "binding",
    "theme",
    "reference_value",
]
"""The fields compared on found quantities (those present in both tables)."""
INDICATOR_SIMILARITY = 0.5
"""Character-bigram Jaccard similarity at which an extracted indicator counts as the gold one
(or one contains the other)."""


class _GoldRow(Protocol):
    """A row of a gold table as :meth:`pandas.DataFrame.itertuples` yields it (the fields
    used here; pandas-stubs types every field as any scalar)."""

    raw_line: int
    mention: str
    occurrence: int


class _NationalGoldRow(_GoldRow, Protocol):
    file: str
    context: str


class _ParagraphRow(Protocol):
    paragraph_id: int
    start: int
    n_chars: int


def load_gold(path: str | Path) -> pd.DataFrame:
    """Read the gold annotation CSV, checking its columns."""
    p = Path(path)
    try:
        gold = pd.read_csv(
            p,
            dtype={"period": str, "qualifier": str, "verb": str},
            keep_default_na=False,
            na_values={c: [""] for c in ("value", "value_low", "value_high", "reference_value")},
        )
    except (OSError, pd.errors.ParserError) as exc:
        raise ReportFormatError(p, f"cannot read gold annotation ({exc})") from None
    missing = [c for c in GOLD_COLUMNS if c not in gold.columns]
    if missing:
        raise ReportFormatError(p, f"gold annotation lacks column(s) {', '.join(missing)}")
    return gold


def align_gold(report: Report, gold: pd.DataFrame) -> pd.DataFrame:
    """Locate each gold mention in the report: adds ``paragraph_id``, ``start`` and ``end``.

    A mention is found as its ``occurrence``-th whole-number match in the cleaned text of its
    line (``4%`` does not match inside ``3.4%``). Raises ``ValueError`` if one is not found.
    """
    para = report.paragraphs
    out = []
    for g in cast("Iterable[_GoldRow]", gold.itertuples()):
        parts = para[para["line"] == g.raw_line]
        line_text = "".join(parts["text"])
        pattern = re.compile(rf"(?<![\d.]){re.escape(g.mention)}(?![\d])")
        found = list(pattern.finditer(line_text))
        if len(found) < g.occurrence:
            raise ValueError(f"gold mention {g.mention!r} #{g.occurrence} not in line {g.raw_line}")
        offset = found[g.occurrence - 1].start()
        # the paragraph of the line that holds the offset
        for p in cast("Iterable[_ParagraphRow]", parts.itertuples()):
            if offset < p.n_chars:
                break
            offset -= p.n_chars
        out.append(
            (int(p.paragraph_id), int(p.start + offset), int(p.start + offset + len(g.mention)))
        )
    aligned = gold.copy()
    aligned[["paragraph_id", "start", "end"]] = out
    return aligned


def same_indicator(gold: str, extracted: str, *, threshold: float = INDICATOR_SIMILARITY) -> bool:
    """Whether an extracted indicator names what the gold indicator names.

    Equal, one containing the other, or a character-bigram Jaccard similarity of at least
    ``threshold``; an empty extracted indicator never agrees with a non-empty gold one.

    Examples
    --------
    >>> same_indicator("国内生产总值", "国内生产总值")
    True
    >>> same_indicator("居民消费价格涨幅", "居民消费价格")
    True
    >>> same_indicator("城镇新增就业", "加快潞安"), same_indicator("粮食产量", "")
    (False, False)
    """
    gold, extracted = str(gold or ""), str(extracted or "")
    if not gold or not extracted:
        return gold == extracted
    if gold in extracted or extracted in gold:
        return True
    return bigram_similarity(gold, extracted) >= threshold


def _truthy(v: object) -> bool:
    return str(v).strip().lower() in ("true", "yes", "1")


def _same(a: Any, b: Any, attribute: str = "") -> bool:
    if attribute == "indicator":
        return same_indicator(a, b)
    if attribute == "estimate":
        return _truthy(a) == _truthy(b)
    if isinstance(a, float) or isinstance(b, float):
        try:
            fa, fb = float(a), float(b)
        except (TypeError, ValueError):
            return False
        return (np.isnan(fa) and np.isnan(fb)) or bool(np.isclose(fa, fb))
    return str(a or "") == str(b or "")


def score_targets(
    extracted: pd.DataFrame,
    gold: pd.DataFrame,
    *,
    numerals: tuple[str, ...] = ("arabic", "chinese"),
) -> dict[str, pd.DataFrame]:
    """Precision, recall and F1 of extracted quantities against aligned gold rows.

    A quantity is found when an extracted row starts at the same character offset as a gold
    row. ``numerals`` says which extracted quantities the gold annotation covers (the Shanxi
    file leaves numbers in Chinese characters out by design: score it with
    ``numerals=("arabic",)``). Returns ``scores`` (overall and by theme: gold theme for
    recall, extracted theme for precision), ``attributes`` (agreement on each field present in
    both tables among found quantities; the indicator agrees by :func:`same_indicator`),
    ``misses`` and ``false_alarms``.
    """
    if "numeral" in extracted:
        extracted = extracted[extracted["numeral"].isin(numerals)]
    if "theme" not in gold:
        gold = gold.assign(theme="none")
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

    themes = sorted(set(gold["theme"]) | set(extracted["theme"]))
    subsets = [("theme", t) for t in themes] + [("kind", "result"), ("kind", "target")]
    rows = [prf(gold, extracted, "all")] + [
        prf(gold[gold[c] == v], extracted[extracted[c] == v], f"{c}: {v}") for c, v in subsets
    ]
    merged = gold.merge(extracted, on="start", suffixes=("_gold", "_extracted"))
    attrs = []
    for a in ATTRIBUTES:
        if f"{a}_gold" not in merged or f"{a}_extracted" not in merged:
            continue
        same = [
            _same(x, y, a)
            for x, y in zip(merged[f"{a}_gold"], merged[f"{a}_extracted"], strict=True)
        ]
        attrs.append(
            {
                "attribute": a,
                "agree": int(sum(same)),
                "of": len(same),
                "accuracy": float(np.mean(same)) if same else np.nan,
            }
        )
    miss_cols = ["raw_line", "paragraph_id", "mention", "kind", "theme", "indicator", "note"]
    misses = gold[~gold["start"].isin(hit)][[c for c in ["file", *miss_cols] if c in gold]]
    alarms = extracted[~extracted["start"].isin(hit)][
        ["paragraph_id", "start", "kind", "theme", "indicator", "value", "unit", "text"]
    ]
    return {
        "scores": pd.DataFrame(rows),
        "attributes": pd.DataFrame(attrs),
        "misses": misses.reset_index(drop=True),
        "false_alarms": alarms.reset_index(drop=True),
    }


NATIONAL_GOLD_COLUMNS = [
    *["file", "year", "raw_line", "context", *_MENTION_COLUMNS, "direction", *_VALUE_COLUMNS],
    *["estimate", "binding", "note"],
]


def load_national_gold(path: str | Path, *, locator: str = "raw_line") -> pd.DataFrame:
    """Read a gold annotation of several reports located by context (one ``file`` column;
    see ``data/annotations/README.md``), checking its columns. ``locator`` names the column
    that says where a row is in its file: ``raw_line`` for text files, ``paragraph`` (the
    Word paragraph) for the provincial Word files."""
    columns = [locator if c == "raw_line" else c for c in NATIONAL_GOLD_COLUMNS]
    gold = read_text_table(path, columns=columns, what="gold annotation")
    for c in ("year", locator):
        gold[c] = pd.to_numeric(gold[c])
    for c in ("value", "value_low", "value_high"):
        gold[c] = pd.to_numeric(gold[c].replace("", np.nan))
    gold["occurrence"] = pd.to_numeric(gold["occurrence"]).astype(int)
    gold["estimate"] = gold["estimate"].map(_truthy)
    return gold


_INVISIBLE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]")


def _searchable(text: str) -> tuple[str, list[int]]:
    """``text`` without white space or zero-width characters and with full-width ASCII folded,
    and for each of its characters the offset it came from."""
    keep = [i for i, ch in enumerate(text) if not _INVISIBLE.match(ch)]
    return fold_fullwidth("".join(text[i] for i in keep)), keep


def align_by_context(report: Report, gold: pd.DataFrame) -> pd.DataFrame:
    """Locate gold mentions given by ``context`` + ``mention`` in a loaded report.

    Both are compared without white space and zero-width characters and with full-width
    ASCII folded, so the rows are found whatever the loader repaired (broken lines, full-width
    digits). Adds ``paragraph_id``, ``start`` and ``end``; raises ``ValueError`` naming the
    row when a mention is not found.
    """
    flat, where = _searchable(report.text)
    starts = report.paragraphs["start"].to_numpy()
    pids = report.paragraphs["paragraph_id"].to_numpy()
    out = []
    for g in cast("Iterable[_NationalGoldRow]", gold.itertuples()):
        context, mention = _searchable(g.context)[0], _searchable(g.mention)[0]
        pos, n = -1, 0
        while n < g.occurrence:
            pos = flat.find(context + mention, pos + 1)
            if pos < 0:
                raise ValueError(f"{g.file}: gold mention {g.context}|{g.mention} not found")
            n += 1
        a = where[pos + len(context)]
        b = where[pos + len(context) + len(mention) - 1] + 1
        out.append((int(pids[np.searchsorted(starts, a, side="right") - 1]), a, b))
    aligned = gold.copy()
    aligned[["paragraph_id", "start", "end"]] = out if out else np.empty((0, 3), dtype=int)
    return aligned


def score_national(gold: pd.DataFrame, corpus_dir: str | Path) -> dict[str, pd.DataFrame]:
    """Score the extractor on gold annotations of several reports (``file`` column).

    Each report in ``corpus_dir`` named by the gold file is analysed; only the paragraphs that
    hold gold rows count (the annotation covers chosen paragraphs, not whole reports), so
    precision is measured on those paragraphs. Returns ``by_year`` (precision, recall, F1 and
    indicator agreement per report), ``attributes`` (agreement per field, all reports) and
    ``misses``/``false_alarms`` with a ``file`` column.
    """
    from .pipeline import analyse

    rows, attrs, misses, alarms = [], [], [], []
    for file, g in gold.groupby("file", sort=True):
        path = Path(corpus_dir) / str(file)
        a = analyse(path)
        aligned = align_by_context(a.report, g)
        ext = a.targets[a.targets["paragraph_id"].isin(set(aligned["paragraph_id"]))]
        scored = score_targets(ext, aligned)
        overall = scored["scores"].iloc[0]
        att = scored["attributes"].set_index("attribute")["accuracy"]
        rows.append(
            {
                "file": file,
                "year": int(g["year"].iloc[0]),
                "gold": int(overall["gold"]),
                "extracted": int(overall["extracted"]),
                "found": int(overall["found"]),
                "precision": float(overall["precision"]),
                "recall": float(overall["recall"]),
                "f1": float(overall["f1"]),
                "indicator_agreement": float(att.get("indicator", np.nan)),
                "value_agreement": float(att.get("value", np.nan)),
            }
        )
        attrs.append(scored["attributes"].assign(file=file))
        misses.append(scored["misses"].assign(file=file))
        alarms.append(scored["false_alarms"].assign(file=file))
    by_year = pd.DataFrame(rows)
    counts = {c: int(by_year[c].sum()) for c in ("gold", "extracted", "found")}
    total: dict[str, object] = {"file": "all", "year": pd.NA, **counts}
    p = counts["found"] / counts["extracted"] if counts["extracted"] else np.nan
    r = counts["found"] / counts["gold"] if counts["gold"] else np.nan
    total.update(precision=p, recall=r, f1=2 * p * r / (p + r) if p + r else 0.0)
    all_attrs = pd.concat(attrs, ignore_index=True)
    summed = all_attrs.groupby("attribute", sort=False)[["agree", "of"]].sum().reset_index()
    summed["accuracy"] = summed["agree"] / summed["of"]
    accuracy = summed.set_index("attribute")["accuracy"]
    total["indicator_agreement"] = float(accuracy.get("indicator", np.nan))
    total["value_agreement"] = float(accuracy.get("value", np.nan))
    by_year = pd.concat([by_year, pd.DataFrame([total])], ignore_index=True)
    return {
        "by_year": by_year,
        "attributes": summed,
        "misses": pd.concat(misses, ignore_index=True),
        "false_alarms": pd.concat(alarms, ignore_index=True),
    }
