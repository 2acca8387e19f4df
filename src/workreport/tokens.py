"""Word segmentation: deterministic, quiet, with the project's user dictionary, by two engines.

Two segmentation engines give the same tokens (tested on our report, on every national report
1954–2025 and on random strings):

* ``"jieba"`` — `jieba <https://github.com/fxsjy/jieba>`_ 0.42, the reference;
* ``"rjieba"`` — the Python binding of `jieba-rs <https://github.com/messense/jieba-rs>`_, a
  Rust port of jieba with the same dictionary and model, about 15× faster.

jieba-rs departs from jieba in two ways, and the ``rjieba`` path undoes both, so that its
tokens are jieba's:

1. jieba's unknown-word model splits a run of letters and digits with its own rule
   (``[a-zA-Z0-9]+(?:\\.\\d+)?%?``: ``2011-2020`` → ``2011`` / ``-`` / ``2020``), which
   jieba-rs relaxes (it keeps ``2011-2020``, ``1-2%`` or ``a_b`` whole). A token of ASCII
   characters that is not a dictionary word is split again with jieba's rule.
2. jieba-rs counts the rarer CJK ideographs (extension A, U+9FD6–U+9FFF, the compatibility
   ideographs, the supplementary planes) as Chinese; jieba treats each as a one-character
   token that separates the text around it. The ``rjieba`` path splits the text at these
   characters first and segments the pieces between them.

The engine is chosen per call (``engine="jieba"`` or ``"rjieba"``), for a whole process with
the environment variable ``WORKREPORT_ENGINE``, and otherwise is the fastest one installed
(:func:`resolve_engine`). Dictionaries are loaded once per process, engine and user
dictionary; segmentations are cached by text, so the same text is never segmented twice in a
process.
"""

from __future__ import annotations

import importlib.util
import itertools
import logging
import os
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import pandas as pd

from .errors import ReportFormatError
from .resources import lexicon_path
from .tables import empty_table, text_array
from .textio import read_file_bytes

if TYPE_CHECKING:
    from .report import Report

__all__ = [
    "ENGINES",
    "ENGINE_ENV",
    "boundary_scores",
    "clear_caches",
    "dictionary_changes",
    "get_rjieba",
    "get_tokenizer",
    "installed_engines",
    "load_stopwords",
    "read_userdict",
    "resolve_engine",
    "seed_segmentation",
    "segment",
    "segmentation_comparison",
    "tokenize",
    "unknown_word_splits",
]

#: The segmentation engines, fastest first (the default is the first one installed).
ENGINES = ("rjieba", "jieba")
#: The environment variable that chooses the engine for a whole process.
ENGINE_ENV = "WORKREPORT_ENGINE"

_PUNCT = re.compile(r"^[\W_]+$")

# jieba 0.42.1's user-dictionary line: word, optional frequency, optional part-of-speech tag
_USERDICT_LINE = re.compile(r"^(.+?)( [0-9]+)?( [a-z]+)?$")
# jieba's unknown-word model splits non-Chinese runs with this rule (jieba.finalseg.re_skip)
_JIEBA_HMM_SKIP = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")
# ideographs jieba-rs counts as Chinese and jieba does not (jieba: U+4E00–U+9FD5 only)
_JIEBA_RS_ONLY_HAN = re.compile("([\u3400-\u4dbf\u9fd6-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f])")


@cache
def installed_engines() -> tuple[str, ...]:
    """The segmentation engines installed, fastest first.

    >>> "jieba" in installed_engines()
    True
    """
    return tuple(e for e in ENGINES if importlib.util.find_spec(e) is not None)


def resolve_engine(engine: str | None = None) -> str:
    """The engine to use: ``engine`` if given, else ``$WORKREPORT_ENGINE`` if set, else the
    fastest one installed.

    Raises ``ValueError`` for an unknown name and ``ModuleNotFoundError`` for an
    engine that is not installed, naming where the choice came from.

    >>> resolve_engine("jieba")
    'jieba'
    >>> resolve_engine("spacy")
    Traceback (most recent call last):
    ...
    ValueError: engine='spacy': unknown segmentation engine (choose 'rjieba' or 'jieba')
    """
    source = "engine"
    if engine is None:
        engine = os.environ.get(ENGINE_ENV) or None
        source = f"${ENGINE_ENV}"
    if engine is None:
        found = installed_engines()
        if not found:
            raise ModuleNotFoundError("no segmentation engine installed: pip install jieba")
        return found[0]
    if engine not in ENGINES:
        choices = " or ".join(repr(e) for e in ENGINES)
        raise ValueError(f"{source}={engine!r}: unknown segmentation engine (choose {choices})")
    if engine not in installed_engines():
        raise ModuleNotFoundError(
            f"{source}={engine!r}: segmentation engine not installed (pip install {engine})"
        )
    return engine


@cache
def read_userdict(userdict: str = "default") -> tuple[tuple[str, int | None, str | None], ...]:
    """The entries of a jieba user dictionary: ``(word, frequency or None, tag or None)``.

    ``userdict`` is ``"default"`` (the project's ``userdict.txt``) or a path. Lines are read
    exactly as jieba 0.42.1's ``Tokenizer.load_userdict`` reads them (UTF-8, blank lines
    skipped, ``word [freq] [tag]``), but the file is closed at once. A file that is missing,
    not a regular file (``/dev/zero``), over :data:`~workreport.textio.MAX_REPORT_BYTES` or
    not UTF-8 raises :class:`~workreport.errors.ReportFormatError` naming it.

    >>> read_userdict()[:2]
    (('三去一降一补', None, None), ('供给侧', None, None))
    >>> read_userdict("no/such.txt")
    Traceback (most recent call last):
    ...
    workreport.errors.ReportFormatError: no/such.txt: no such file
    """
    path = lexicon_path("userdict.txt") if userdict == "default" else Path(userdict)
    entries = []
    data = read_file_bytes(path, what="a user dictionary")
    for raw in data.split(b"\n"):
        try:
            line = raw.strip().decode("utf-8").lstrip("\ufeff")
        except UnicodeDecodeError:
            raise ReportFormatError(path, "a jieba user dictionary must be UTF-8") from None
        if not line:
            continue
        word, freq, tag = _USERDICT_LINE.match(line).groups()  # type: ignore[union-attr]
        entries.append(
            (word, None if freq is None else int(freq), None if tag is None else tag.strip())
        )
    return tuple(entries)


@cache
def get_tokenizer(userdict: str | None = None) -> Any:
    """A jieba tokenizer, initialised once per process (``userdict=None``: plain jieba).

    The user dictionary may be ``"default"`` (the project's ``userdict.txt``), a path, or
    ``None``; its words are added one by one as jieba's ``load_userdict`` would (no file is
    left open). jieba's loading message is silenced.

    >>> get_tokenizer("default").lcut("坚定去产能。")
    ['坚定', '去产能', '。']
    """
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    if userdict is not None:
        for word, freq, tag in read_userdict(userdict):
            tokenizer.add_word(word, freq, tag)
    return tokenizer


@cache
def get_rjieba(userdict: str | None = None) -> Any:
    """A jieba-rs segmenter (``rjieba.Jieba``), built once per process and user dictionary.

    Words of the user dictionary are added in order with jieba's defaults (an entry without
    a frequency gets jieba-rs's suggested one, computed as jieba computes it). Its raw
    output can differ from jieba's (see the module notes); :func:`segment` corrects it.

    >>> get_rjieba("default").cut("坚定去产能。")
    ['坚定', '去产能', '。']
    """
    import rjieba

    segmenter = rjieba.Jieba()
    if userdict is not None:
        for word, freq, tag in read_userdict(userdict):
            segmenter.add_word(word, freq, tag)
    return segmenter


def _as_jieba(tokens: list[str], is_word: Callable[[str], bool]) -> list[str]:
    """jieba-rs tokens with ASCII runs split by jieba's rule where jieba-rs keeps them whole.

    Only tokens of two or more ASCII characters that are not dictionary words can differ;
    each distinct token is looked at once.

    >>> _as_jieba(["2011-2020", "年", "5.5%"], lambda w: False)
    ['2011', '-', '2020', '年', '5.5%']
    """
    fixes = {}
    for t in filter(str.isascii, set(tokens)):
        if len(t) > 1:
            parts = [p for p in _JIEBA_HMM_SKIP.split(t) if p]
            if len(parts) > 1 and not is_word(t):
                fixes[t] = parts
    # the positions of the few tokens to split, found by list.index (a scan in C)
    at = []
    for t in fixes:
        i = tokens.index(t)
        while True:
            at.append(i)
            try:
                i = tokens.index(t, i + 1)
            except ValueError:
                break
    out: list[str] = []
    prev = 0
    for i in sorted(at):
        out += tokens[prev:i]
        out += fixes[tokens[i]]
        prev = i + 1
    out += tokens[prev:]
    return out


def _cut_rjieba(text: str, userdict: str | None, hmm: bool) -> list[str]:
    seg = get_rjieba(userdict)
    # split(): pieces at even positions, the separating ideographs at odd positions
    tokens = []
    for i, piece in enumerate(_JIEBA_RS_ONLY_HAN.split(text)):
        if i % 2:
            tokens.append(piece)
        elif piece:
            tokens.extend(seg.cut(piece, hmm))
    return _as_jieba(tokens, seg.has_word)


def _cut(text: str, userdict: str | None, hmm: bool, engine: str) -> tuple[str, ...]:
    """Segment with a resolved engine name (the caches below are keyed by it)."""
    if engine == "rjieba":
        return tuple(_cut_rjieba(text, userdict, hmm))
    return tuple(get_tokenizer(userdict).cut(text, HMM=hmm))


# short texts (terms, paragraphs) are cached by the thousand; whole documents a few at a time,
# so that memory grows with the largest document, not with a corpus
_segment_cached = lru_cache(maxsize=4096)(_cut)
_segment_document = lru_cache(maxsize=8)(_cut)


def clear_caches() -> None:
    """Forget every cached segmentation (dictionaries stay loaded); for benchmarks."""
    _segment_cached.cache_clear()
    _segment_document.cache_clear()


def segment(
    text: str, *, userdict: str | None = "default", hmm: bool = True, engine: str | None = None
) -> list[str]:
    """Segment text into words (jieba's default mode, HMM for unknown words by default).

    ``userdict``: ``"default"`` (the project's dictionary), a path, or ``None`` for plain
    jieba. ``engine``: ``"jieba"``, ``"rjieba"`` or ``None`` (:func:`resolve_engine`); both
    give the same tokens.

    Examples
    --------
    >>> segment("坚定去产能。")
    ['坚定', '去产能', '。']
    >>> segment("坚定去产能。", userdict=None)
    ['坚定', '去', '产能', '。']
    >>> segment("2011-2020年", engine="rjieba") == segment("2011-2020年", engine="jieba")
    True
    """
    return list(_segment_cached(text, userdict, hmm, resolve_engine(engine)))


@cache
def load_stopwords(path: str | None = None) -> frozenset[str]:
    """The stop-word list (default: the package's ``stopwords.txt``; ``#`` lines are comments).

    >>> "的" in load_stopwords()
    True
    """
    p = Path(path) if path else lexicon_path("stopwords.txt")
    words = (w.strip() for w in p.read_text(encoding="utf-8").splitlines())
    return frozenset(w for w in words if w and not w.startswith("#"))


class Vocabulary(NamedTuple):
    """The distinct tokens of a token table (``distinct``) and, for each of its rows, the index
    of its token among them (``codes``)."""

    distinct: list[str]
    codes: np.ndarray


def tokenize(
    report: Report, *, userdict: str | None = "default", hmm: bool = True, engine: str | None = None
) -> pd.DataFrame:
    """The token table of a report: one row per token, keyed by paragraph and sentence.

    Columns: ``token_id``, ``paragraph_id``, ``sentence_id``, ``start``, ``end`` (offsets into
    ``report.text``), ``token``, ``is_punct``, ``is_stop``.
    """
    return tokenize_with_vocabulary(report, userdict=userdict, hmm=hmm, engine=engine)[0]


def tokenize_with_vocabulary(
    report: Report, *, userdict: str | None = "default", hmm: bool = True, engine: str | None = None
) -> tuple[pd.DataFrame, Vocabulary]:
    """:func:`tokenize`, with the table's :class:`Vocabulary`, which the token table is built
    from: a lookup over the distinct tokens then spreads to every row by code (as
    :func:`workreport.themes.match_terms` does when given it).

    >>> from workreport import load_text
    >>> table, vocabulary = tokenize_with_vocabulary(load_text("坚定去产能，去产能。", name="x"))
    >>> vocabulary.distinct, vocabulary.codes.tolist()
    (['坚定', '去产能', '，', '。'], [0, 1, 2, 1, 3])
    """
    # jieba never joins text across a line break, so segmenting the whole text at once gives
    # the paragraphs' segmentations separated by "\n" tokens (tested); it is cached by text
    seg = _segment_document(report.text, userdict, hmm, resolve_engine(engine))
    # every per-token property is computed once per distinct token, then spread by its code
    codes, uniques = pd.factorize(np.fromiter(seg, dtype=object, count=len(seg)))
    distinct = uniques.tolist()
    lengths = np.fromiter(map(len, distinct), dtype=np.int64, count=len(distinct))[codes]
    end = np.cumsum(lengths)
    start = end - lengths
    if "\n" in distinct:
        keep = codes != distinct.index("\n")
        codes, start, end = codes[keep], start[keep], end[keep]
    stop = load_stopwords()
    punct = np.zeros(len(distinct), dtype=bool)
    for i in np.flatnonzero(~np.fromiter(map(str.isalnum, distinct), bool, len(distinct))):
        punct[i] = _PUNCT.match(distinct[i]) is not None
    is_stop = np.fromiter(map(stop.__contains__, distinct), bool, len(distinct))
    paras = report.paragraphs
    pids = paras["paragraph_id"].to_numpy()[
        np.searchsorted(paras["start"].to_numpy(), start, side="right") - 1
    ]
    # sentences are numbered 1, 2, … in text order
    sent_starts = report.sentence_starts
    sent_idx = np.searchsorted(sent_starts, start, side="right") - 1
    table = pd.DataFrame(
        copy=False,
        data={
            "token_id": np.arange(1, len(codes) + 1),
            "paragraph_id": np.asarray(pids, dtype=np.int64),
            "sentence_id": np.maximum(sent_idx, 0) + 1 if len(sent_starts) else 0,
            "start": start,
            "end": end,
            # the distinct tokens as a string array, spread by code (no per-token checks)
            "token": text_array(uniques).take(codes),
            "is_punct": punct[codes],
            "is_stop": is_stop[codes],
        },
    )
    return table, Vocabulary(distinct, codes)


def seed_segmentation(report: Report) -> list[list[str]]:
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


def segmentation_comparison(report: Report, *, engine: str | None = None) -> pd.DataFrame:
    """How the seed segmentation compares with plain jieba and jieba + the project dictionary.

    One row per pair compared, with boundary precision, recall and F1 (the first-named
    segmentation is the reference). ``engine``: see :func:`segment` (same result with each).
    """
    seed = seed_segmentation(report)
    texts = ["".join(tokens) for tokens in seed]
    plain = [segment(t, userdict=None, engine=engine) for t in texts]
    ours = [segment(t, engine=engine) for t in texts]
    rows = [
        ("seed", "jieba", boundary_scores(seed, plain)),
        ("seed", "jieba + user dictionary", boundary_scores(seed, ours)),
        ("jieba", "jieba + user dictionary", boundary_scores(plain, ours)),
    ]
    return pd.DataFrame([{"reference": a, "compared": b, **s} for a, b, s in rows])


def unknown_word_splits(
    report: Report, terms: Iterable[str], *, userdict: str | None = "default"
) -> pd.DataFrame:
    """The places where jieba's HMM hides a term inside an unknown word: a token that is not a
    word of the dictionary (jieba's main dictionary and ``userdict``), so made by the HMM for
    unknown words, and holds a term whole without being it (绿电外送 cut 绿电外/送, 减污降碳 cut
    减污降/碳). The term is not counted there; the rule of the user dictionary
    (``src/workreport/data/README.md``) makes such a term an entry.

    One row per token holding a term: ``term``, ``paragraph_id``, ``start`` (the token's
    offset into ``report.text``), ``token``.

    >>> from workreport import load_text
    >>> r = load_text("深化减污降碳协同。", name="x")
    >>> unknown_word_splits(r, ["减污", "协同"], userdict=None).values.tolist()
    [['减污', 1, 2, '减污降']]
    """
    tokens, (distinct, codes) = tokenize_with_vocabulary(report, userdict=userdict)
    words = get_tokenizer(userdict).FREQ
    terms = list(dict.fromkeys(terms))
    rows = []
    for code, token in enumerate(distinct):
        if words.get(token):
            continue
        held = [t for t in terms if t != token and t in token]
        for at in np.flatnonzero(codes == code) if held else ():
            row = tokens.iloc[int(at)]
            rows += [(t, int(row["paragraph_id"]), int(row["start"]), token) for t in held]
    columns = ["term", "paragraph_id", "start", "token"]
    if not rows:
        return empty_table(columns, {"paragraph_id": np.int64, "start": np.int64})
    return pd.DataFrame(rows, columns=columns).sort_values(["start", "term"], ignore_index=True)


def dictionary_changes(report: Report, *, engine: str | None = None) -> pd.DataFrame:
    """Every place where the project dictionary changes plain jieba's segmentation.

    Columns: ``paragraph_id``, ``start``, ``end`` (offsets into ``report.text``), ``plain``
    and ``with_dictionary`` (tokens joined by ``/``). ``engine``: see :func:`segment`.
    """
    rows = []
    for pid, pstart, text in zip(
        report.paragraphs["paragraph_id"],
        report.paragraphs["start"],
        report.paragraphs["text"],
        strict=True,
    ):
        a, b = segment(text, userdict=None, engine=engine), segment(text, engine=engine)
        ba, bb = _boundaries(a) | {0, len(text)}, _boundaries(b) | {0, len(text)}
        sa, sb = sorted(ba), sorted(bb)
        # each stretch between boundaries common to both is compared once: linear time
        for lo, hi in itertools.pairwise(sorted(ba & bb)):
            inner_a = sa[bisect_right(sa, lo) : bisect_left(sa, hi)]
            inner_b = sb[bisect_right(sb, lo) : bisect_left(sb, hi)]
            if inner_a != inner_b:
                plain, ours = ("/".join(_pieces(text, lo, hi, x)) for x in (inner_a, inner_b))
                rows.append((pid, pstart + lo, pstart + hi, plain, ours))
    columns = ["paragraph_id", "start", "end", "plain", "with_dictionary"]
    if not rows:
        return empty_table(columns, dict.fromkeys(columns[:3], np.int64))
    return pd.DataFrame(rows, columns=columns)


def _pieces(text: str, lo: int, hi: int, inner: list[int]) -> list[str]:
    """``text[lo:hi]`` cut at the sorted offsets ``inner``.

    >>> _pieces("去产能了", 0, 3, [1])
    ['去', '产能']
    """
    points = [lo, *inner, hi]
    return [text[a:b] for a, b in itertools.pairwise(points)]
