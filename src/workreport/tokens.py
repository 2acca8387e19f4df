"""Word segmentation with jieba: deterministic, quiet, with the project's user dictionary.

jieba's dictionary is loaded once per process and per user dictionary
(:func:`get_tokenizer`); segmentations are cached by paragraph text, so the same text is
never segmented twice in a process.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Iterable
from functools import cache, lru_cache
from itertools import accumulate
from pathlib import Path

import numpy as np
import pandas as pd

from .resources import lexicon_path

__all__ = [
    "boundary_scores",
    "dictionary_changes",
    "get_tokenizer",
    "load_stopwords",
    "seed_segmentation",
    "segment",
    "segmentation_comparison",
    "tokenize",
]

_PUNCT = re.compile(r"^[\W_]+$")
PLAIN = "plain"


@cache
def get_tokenizer(userdict: str | None = None):
    """A jieba tokenizer, initialised once per process (``userdict=None``: plain jieba).

    The user dictionary may be ``"default"`` (the project's ``data/lexicons/userdict.txt``),
    a path, or ``None``. jieba's loading message is silenced.
    """
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    if userdict is not None:
        path = lexicon_path("userdict.txt") if userdict == "default" else Path(userdict)
        tokenizer.load_userdict(str(path))
    return tokenizer


def _cut(text: str, userdict: str | None, hmm: bool) -> tuple[str, ...]:
    return tuple(get_tokenizer(userdict).cut(text, HMM=hmm))


# short texts (terms, paragraphs) are cached by the thousand; whole documents a few at a time,
# so that memory grows with the largest document, not with a corpus
_segment_cached = lru_cache(maxsize=4096)(_cut)
_segment_document = lru_cache(maxsize=8)(_cut)


def segment(text: str, *, userdict: str | None = "default", hmm: bool = True) -> list[str]:
    """Segment text into words (jieba default mode).

    Examples
    --------
    >>> segment("坚定去产能。")
    ['坚定', '去产能', '。']
    >>> segment("坚定去产能。", userdict=None)
    ['坚定', '去', '产能', '。']
    """
    return list(_segment_cached(text, userdict, hmm))


@cache
def load_stopwords(path: str | None = None) -> frozenset[str]:
    """The stop-word list (default: ``data/lexicons/stopwords.txt``; ``#`` lines are comments)."""
    p = Path(path) if path else lexicon_path("stopwords.txt")
    words = (w.strip() for w in p.read_text(encoding="utf-8").splitlines())
    return frozenset(w for w in words if w and not w.startswith("#"))


def tokenize(report, *, userdict: str | None = "default", hmm: bool = True) -> pd.DataFrame:
    """The token table of a report: one row per token, keyed by paragraph and sentence.

    Columns: ``token_id``, ``paragraph_id``, ``sentence_id``, ``start``, ``end`` (offsets into
    ``report.text``), ``token``, ``is_punct``, ``is_stop``.
    """
    stop = load_stopwords()
    # jieba never joins text across a line break, so segmenting the whole text at once gives
    # the paragraphs' segmentations separated by "\n" tokens (tested); it is cached by text
    seg = _segment_document(report.text, userdict, hmm)
    starts = list(accumulate(map(len, seg[:-1]), initial=0)) if seg else []
    keep = [i for i, w in enumerate(seg) if w != "\n"]
    words = [seg[i] for i in keep]
    start_arr = np.asarray([starts[i] for i in keep], dtype=np.int64)
    para_starts = report.paragraphs["start"].to_numpy()
    para_ids = report.paragraphs["paragraph_id"].to_numpy()
    pids = para_ids[np.searchsorted(para_starts, start_arr, "right") - 1]
    lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    sent_starts = report.sentences["start"].to_numpy()
    sent_ids = report.sentences["sentence_id"].to_numpy()
    sent_idx = np.searchsorted(sent_starts, start_arr, side="right") - 1
    unique = set(words)
    punct = {w for w in unique if _PUNCT.match(w)}
    stops = unique & stop
    return pd.DataFrame(
        {
            "token_id": np.arange(1, len(words) + 1),
            "paragraph_id": np.asarray(pids, dtype=np.int64),
            "sentence_id": sent_ids[np.maximum(sent_idx, 0)] if len(sent_ids) else 0,
            "start": start_arr,
            "end": start_arr + lengths,
            "token": words,
            "is_punct": [w in punct for w in words],
            "is_stop": [w in stops for w in words],
        }
    )


def seed_segmentation(report) -> list[list[str]]:
    """The segmentation the report came with, one token list per line (segmented input only).

    Raises ``ValueError`` for a report loaded from ordinary (unsegmented) text.
    """
    if report.format != "segmented":
        raise ValueError(f"{report.name}: not word-segmented, there is no seed segmentation")
    return [line.split() for line in report.reconstruct().splitlines() if line.split()]


def _boundaries(tokens: Iterable[str]) -> set[int]:
    out, pos = set(), 0
    for t in tokens:
        pos += len(t)
        out.add(pos)
    out.discard(pos)
    return out


def boundary_scores(gold: list[list[str]], predicted: list[list[str]]) -> dict[str, float]:
    """Precision, recall and F1 of internal token boundaries of ``predicted`` against ``gold``.

    Each argument is a list of token lists over the same texts.

    Examples
    --------
    >>> boundary_scores([["去", "产能"]], [["去产能"]])
    {'precision': 0.0, 'recall': 0.0, 'f1': 0.0, 'gold': 1, 'predicted': 0, 'common': 0}
    >>> boundary_scores([["a", "bc", "d"]], [["a", "b", "c", "d"]])["recall"]
    1.0
    """
    common = n_gold = n_pred = 0
    for g, p in zip(gold, predicted, strict=True):
        if "".join(g) != "".join(p):
            raise ValueError("gold and predicted tokens cover different texts")
        bg, bp = _boundaries(g), _boundaries(p)
        common += len(bg & bp)
        n_gold += len(bg)
        n_pred += len(bp)
    precision = common / n_pred if n_pred else 0.0
    recall = common / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "gold": n_gold,
        "predicted": n_pred,
        "common": common,
    }


def segmentation_comparison(report) -> pd.DataFrame:
    """How the seed segmentation compares with plain jieba and jieba + the project dictionary.

    One row per pair compared, with boundary precision, recall and F1 (the first-named
    segmentation is the reference).
    """
    seed = seed_segmentation(report)
    texts = ["".join(tokens) for tokens in seed]
    plain = [segment(t, userdict=None) for t in texts]
    ours = [segment(t) for t in texts]
    rows = [
        ("seed", "jieba", boundary_scores(seed, plain)),
        ("seed", "jieba + user dictionary", boundary_scores(seed, ours)),
        ("jieba", "jieba + user dictionary", boundary_scores(plain, ours)),
    ]
    return pd.DataFrame([{"reference": a, "compared": b, **s} for a, b, s in rows])


def dictionary_changes(report) -> pd.DataFrame:
    """Every place where the project dictionary changes plain jieba's segmentation.

    Columns: ``paragraph_id``, ``start``, ``end`` (offsets into ``report.text``), ``plain``
    and ``with_dictionary`` (tokens joined by ``/``).
    """
    rows = []
    for pid, pstart, text in zip(
        report.paragraphs["paragraph_id"],
        report.paragraphs["start"],
        report.paragraphs["text"],
        strict=True,
    ):
        a, b = segment(text, userdict=None), segment(text)
        ba, bb = _boundaries(a) | {0, len(text)}, _boundaries(b) | {0, len(text)}
        common = sorted(ba & bb)
        for lo, hi in itertools.pairwise(common):
            inner_a = {x for x in ba if lo < x < hi}
            inner_b = {x for x in bb if lo < x < hi}
            if inner_a != inner_b:
                rows.append(
                    (
                        pid,
                        pstart + lo,
                        pstart + hi,
                        "/".join(_cut(text, lo, hi, inner_a)),
                        "/".join(_cut(text, lo, hi, inner_b)),
                    )
                )
    return pd.DataFrame(rows, columns=["paragraph_id", "start", "end", "plain", "with_dictionary"])


def _cut(text: str, lo: int, hi: int, inner: set[int]) -> list[str]:
    points = [lo, *sorted(inner), hi]
    return [text[a:b] for a, b in itertools.pairwise(points)]
