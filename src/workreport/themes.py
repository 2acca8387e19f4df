"""Theme measurement: lexicon matching on tokens, shares, positions, evidence and robustness.

Terms are matched on the token sequence, so word boundaries from segmentation are respected:
a term that the tokenizer keeps as one word matches that word only, and a term it splits
(``新能源`` + ``汽车``) matches that run of tokens. Where several terms start at the same token,
the longest wins and the tokens it covers are not matched again, so nested terms are never
double counted (``脱贫攻坚`` counts once, not also as ``脱贫``).

Rates are per token, where *tokens* means word tokens: punctuation is excluded.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, cast

import numpy as np
import pandas as pd

from .constants import THEMES
from .errors import ReportFormatError
from .resources import lexicon_path
from .tables import TEXT, empty_table, read_text_table
from .tokens import Vocabulary, segment

if TYPE_CHECKING:
    from .report import Report

__all__ = [
    "ERAS",
    "ERA_MIN_REPORTS",
    "ERA_START",
    "ERA_YEARS",
    "GENRE_MIN_REPORTS",
    "LISTS",
    "PRESENCE_EXCLUDED",
    "PROVENANCE_COLUMNS",
    "PROVINCIAL_EXCLUDED",
    "PROVINCIAL_MIN_REPORTS",
    "SOURCE_CLASSES",
    "VARIANTS",
    "block_of",
    "cooccurrence",
    "distinctive_terms",
    "env_governance_index",
    "kwic",
    "load_env_terms",
    "load_lexicon",
    "load_provenance",
    "masked_text",
    "match_terms",
    "national_presence",
    "outside_spans",
    "paragraph_counts",
    "review_vs_plan",
    "robustness",
    "source_classes",
    "substring_counts",
    "substring_matches",
    "term_era",
    "term_lists",
    "theme_by_unit",
    "theme_positions",
    "theme_rates",
    "theme_sentences",
    "theme_summary",
    "themes_of",
]

UNITS = {
    "paragraph": ["paragraph_id"],
    "section": ["part", "section"],
    "part": ["part"],
    "block": ["block"],
}


#: The word lists a lexicon file can hold (its ``lists`` column): ``book``, the list the book
#: measures with; ``genre``, built without the project's report; ``era``, post-2020 terms.
LISTS = ("book", "genre", "era")
#: The lexicons :func:`load_lexicon` returns: a list, or a list with the ``era`` terms added.
VARIANTS = ("book", "genre", "book+era", "genre+era")
#: Where a term comes from (``source_class``): the project's report, a central plan or
#: document, the literature (Chen & Chen 2018), a standard term of the field traced to no one
#: document, or the genre (frequent across the national reports).
SOURCE_CLASSES = ("report", "central", "literature", "domain", "genre")
#: The periods of the vocabulary (``era``): ``2016-17``, the book's terms, taken from the
#: report and the documents of 2013–2017; ``standing`` and ``post-2020``, terms added by the
#: revision on the development halves of the out-of-sample codings, by whether the national
#: reports used them before 2020 (``first_year``).
ERAS = ("2016-17", "standing", "post-2020")
#: The first year of the post-2020 vocabulary.
ERA_START = 2020
#: The genre rule. A term of 2016–17 is in the genre list when it comes from a central
#: document or the literature, or when it occurs as a word in at least this many of the
#: national reports not coded out of sample (:data:`PRESENCE_EXCLUDED`).
GENRE_MIN_REPORTS = 5
#: The era rule. A term added by the revision is in the era list when it occurs as a word
#: in at least this many of the national reports of :data:`ERA_YEARS` that are not coded out
#: of sample (2022–2024: the genre rule scaled to three reports), or passes the genre rule.
ERA_MIN_REPORTS = 2
#: The years of the national reports the era rule counts in (first and last).
ERA_YEARS = (2021, 2024)
#: National reports left out of the presence counts, since they are coded out of sample
#: (``workreport.validation``: 2017 and 2025 split into development and held-out halves,
#: 2021, 2013, 2019, 1984, 1987, 1985, 2018, 1983 and 2015 test reports held out whole), and a list
#: chosen by counting words in them would be fitted to the texts that score it.
PRESENCE_EXCLUDED = (
    "national-1983.txt",
    "national-1984.txt",
    "national-1985.txt",
    "national-1987.txt",
    "national-2013.txt",
    "national-2015.txt",
    "national-2017.txt",
    "national-2018.txt",
    "national-2019.txt",
    "national-2021.txt",
    "national-2025.txt",
)
#: The provincial era rule, added by the fourth revision. A term added by a revision is also
#: in the era list when it occurs as a word in at least this many of the provincial reports of
#: 2025 that are not coded (:data:`PROVINCIAL_EXCLUDED`): a third of the 4 such reports,
#: rounded up (the fourth revision counted 7 of 20, the fifth 6 of 16, the sixth 4 of 12, the
#: seventh 3 of 8). The
#: national reports of 2022–2024 are three short texts; the provinces' reports of one year
#: are the same genre at the same time, and name the era's techniques and programmes.
PROVINCIAL_MIN_REPORTS = 2
#: The provincial reports of 2025 left out of the provincial presence counts, those coded out
#: of sample (``workreport.validation.OUT_OF_SAMPLE_CODINGS``), for the same reason as
#: :data:`PRESENCE_EXCLUDED`. In the order they were coded: each revision's provincial counts
#: leave out a prefix of it (``tools/revision_candidates.PROVINCIAL_RULE``).
PROVINCIAL_EXCLUDED = tuple(
    f"2025年{p}政府工作报告.docx"
    for p in (
        "山西省",
        "内蒙古自治区",
        "贵州省",
        "河北省",
        "甘肃省",
        "云南省",
        "黑龙江省",
        "陕西省",
        "青海省",
        "四川省",
        "浙江省",
        "宁夏",
        "河南省",
        "辽宁省",
        "湖南省",
        "安徽省",
        "吉林省",
        "江西省",
        "山东省",
        "海南省",
        "福建省",
        "湖北省",
        "新疆",
        "北京市",
        "上海市",
        "西藏",
        "广东省",
    )
)
#: The columns of the lexicon file besides the lexicon's own (:func:`load_provenance`).
PROVENANCE_COLUMNS = [
    "source_class",
    "era",
    "lists",
    "national_reports",
    "era_reports",
    "provincial_reports",
    "first_year",
]


def load_lexicon(path: str | Path | None = None, *, variant: str = "book") -> pd.DataFrame:
    """The theme lexicon (``theme, subtheme, term, gloss, source``), validated.

    ``variant`` chooses the word list (:data:`VARIANTS`): ``book`` (the default, the list the
    book measures every report with), ``genre`` (built without the project's report),
    ``book+era`` and ``genre+era`` (the same with the post-2020 terms of the ``era`` list
    added). The rows of a variant are the terms whose ``lists`` column names its list(s);
    a file without a ``lists`` column is one list, returned whole for ``book``.

    Raises :class:`~workreport.errors.ReportFormatError` naming the file when a column is
    missing, a field is empty or a term is listed twice, and ``ValueError`` for an unknown
    variant.

    Examples
    --------
    >>> book = load_lexicon()
    >>> list(book.columns)
    ['theme', 'subtheme', 'term', 'gloss', 'source']
    >>> "碳达峰" in set(book["term"]), "碳达峰" in set(load_lexicon(variant="book+era")["term"])
    (False, True)
    """
    if variant not in VARIANTS:
        raise ValueError(f"variant must be one of {list(VARIANTS)}, not {variant!r}")
    p = Path(path) if path else lexicon_path("themes.csv")
    columns = ["theme", "subtheme", "term", "gloss", "source"]
    full = read_text_table(p, columns=columns, what="lexicon")
    if "lists" not in full.columns:
        if variant != "book":
            raise ReportFormatError(p, f"lexicon has no lists column (variant {variant!r})")
        return _read_terms(p, columns)
    wanted = set(variant.split("+"))
    keep = full["lists"].map(lambda x: bool(wanted & set(str(x).split(";"))))
    return _checked_terms(full[keep][columns].apply(lambda s: s.str.strip()), p)


def load_provenance(path: str | Path | None = None) -> pd.DataFrame:
    """Every term of the lexicon file with its provenance: the lexicon's columns and
    :data:`PROVENANCE_COLUMNS` (``source_class``, ``era``, ``lists``, ``national_reports``,
    ``era_reports``, ``provincial_reports`` as integers, ``first_year`` as a nullable integer). A
    term in no list has ``lists`` empty. See ``src/workreport/data/README.md``."""
    p = Path(path) if path else lexicon_path("themes.csv")
    required = ["theme", "subtheme", "term", "gloss", "source", *PROVENANCE_COLUMNS[:-1]]
    df = read_text_table(p, columns=[*required, "first_year"], what="lexicon", strip=True)
    # ``lists`` may be empty: a term no rule admits any more (a report it was counted in was
    # coded and left out of the counts) stays in the file with its provenance, in no list
    filled = [c for c in required if c != "lists"]
    df = pd.concat([_checked_terms(df[filled], p), df[["lists", "first_year"]]], axis=1)
    df = df[[*required, "first_year"]]
    for c in ("national_reports", "era_reports", "provincial_reports"):
        df[c] = pd.to_numeric(df[c], errors="coerce")
        bad = np.flatnonzero(df[c].isna().to_numpy())
        if len(bad):
            raise ReportFormatError(p, f"{c} is not a whole number in row {bad[0] + 2}")
        df[c] = df[c].astype(int)
    df["first_year"] = pd.to_numeric(df["first_year"].replace("", None)).astype("Int64")
    return df


def term_era(*, book: bool, first_year: int | None) -> str:
    """A term's era (:data:`ERAS`): ``2016-17`` for the book's terms; for a term added later,
    ``post-2020`` when the national reports first use it in :data:`ERA_START` or later (or
    never), else ``standing``.

    >>> term_era(book=False, first_year=1996), term_era(book=False, first_year=2021)
    ('standing', 'post-2020')
    """
    if book:
        return "2016-17"
    return "post-2020" if first_year is None or first_year >= ERA_START else "standing"


def source_classes(source: str, *, national_reports: int = 0) -> list[str]:
    """The classes (:data:`SOURCE_CLASSES`) of a term, in that order: those of its
    ``source`` field's keys (``report``, ``chen2018`` the literature, ``domain`` and ``genre``
    name themselves; any other key is a central plan or document, a BibTeX key such as
    ``state2013air``), and ``genre`` when the term occurs in at least
    :data:`GENRE_MIN_REPORTS` national reports (``national_reports``).

    Examples
    --------
    >>> source_classes("report;state2016coal"), source_classes("chen2018;report")
    (['report', 'central'], ['report', 'literature'])
    >>> source_classes("report", national_reports=12)
    ['report', 'genre']
    """
    named = {"report": "report", "chen2018": "literature", "domain": "domain", "genre": "genre"}
    found = {named.get(k.strip(), "central") for k in source.split(";") if k.strip()}
    if national_reports >= GENRE_MIN_REPORTS:
        found.add("genre")
    return [c for c in SOURCE_CLASSES if c in found]


def term_lists(
    *,
    era: str,
    classes: Iterable[str],
    national_reports: int,
    era_reports: int,
    book: bool,
    provincial_reports: int = 0,
) -> list[str]:
    """The lists (:data:`LISTS`) a term belongs to by the documented rules.

    ``book``: whether the book's list holds it (a fact of the book, not a rule). A term of
    ``2016-17`` is in ``genre`` when it comes from a central document or the literature, or
    occurs in at least :data:`GENRE_MIN_REPORTS` national reports (``national_reports``); a
    term added later (``standing`` or ``post-2020``) is in ``era`` when it occurs in at
    least :data:`ERA_MIN_REPORTS` of the national reports of :data:`ERA_YEARS`
    (``era_reports``), passes the genre rule, or occurs in at least
    :data:`PROVINCIAL_MIN_REPORTS` of the uncoded provincial reports of 2025
    (``provincial_reports``). The report's own reading never enters the genre or era rule.

    Examples
    --------
    >>> term_lists(era="2016-17", classes=["report"], national_reports=9, era_reports=0,
    ...            book=True)
    ['book', 'genre']
    >>> term_lists(era="post-2020", classes=["genre"], national_reports=2, era_reports=1,
    ...            book=False)
    []
    >>> term_lists(era="post-2020", classes=["genre"], national_reports=2, era_reports=1,
    ...            book=False, provincial_reports=9)
    ['era']
    """
    if era not in ERAS:
        raise ValueError(f"era must be one of {list(ERAS)}, not {era!r}")
    out = ["book"] if book else []
    classes = set(classes)
    if era == "2016-17" and (
        classes & {"central", "literature"} or national_reports >= GENRE_MIN_REPORTS
    ):
        out.append("genre")
    if era != "2016-17" and (
        era_reports >= ERA_MIN_REPORTS
        or national_reports >= GENRE_MIN_REPORTS
        or provincial_reports >= PROVINCIAL_MIN_REPORTS
    ):
        out.append("era")
    return out


def national_presence(
    reports: Iterable[tuple[str, int | None, pd.DataFrame]], lexicon: pd.DataFrame
) -> pd.DataFrame:
    """In how many reports each term of ``lexicon`` occurs as a word (:func:`match_terms`).

    ``reports`` holds ``(file name, year, matches)``; the files of
    :data:`PRESENCE_EXCLUDED` are skipped. One row per term, in lexicon order:
    ``term``, ``national_reports`` (reports with at least one match), ``era_reports`` (of
    them, those of the years :data:`ERA_YEARS`), ``first_year`` (the earliest year among
    them, ``<NA>`` if none).
    """
    total = dict.fromkeys(lexicon["term"], 0)
    recent = dict.fromkeys(lexicon["term"], 0)
    first: dict[str, int | None] = dict.fromkeys(lexicon["term"])
    lo, hi = ERA_YEARS
    for name, year, matches in reports:
        if name in PRESENCE_EXCLUDED:
            continue
        for term in set(matches["term"]) & set(total):
            total[term] += 1
            if year is not None and lo <= year <= hi:
                recent[term] += 1
            if year is not None:
                seen = first[term]
                first[term] = year if seen is None else min(seen, year)
    return pd.DataFrame(
        {
            "term": list(total),
            "national_reports": list(total.values()),
            "era_reports": list(recent.values()),
            "first_year": pd.array(list(first.values()), dtype="Int64"),
        }
    )


def load_env_terms(path: str | Path | None = None) -> pd.DataFrame:
    """The environmental-governance word list of Chen & Chen (2018) (``term, gloss, source``)."""
    p = Path(path) if path else lexicon_path("env_governance.csv")
    out = _read_terms(p, ["term", "gloss", "source"])
    out.insert(0, "subtheme", "env_governance")
    out.insert(0, "theme", "env_governance")
    return out


def _read_terms(path: Path, columns: list[str]) -> pd.DataFrame:
    return _checked_terms(read_text_table(path, columns=columns, what="lexicon", strip=True), path)


def _checked_terms(df: pd.DataFrame, path: Path) -> pd.DataFrame:
    """The terms of a lexicon file, refused when a field is empty or a term listed twice
    (``df``'s index: the rows of the file)."""
    empty = df[(df == "").any(axis=1)]
    if len(empty):
        raise ReportFormatError(path, f"empty field in row {empty.index[0] + 2}")
    dup = df["term"][df["term"].duplicated()]
    if len(dup):
        raise ReportFormatError(path, f"term listed twice: {dup.iloc[0]}")
    return df.reset_index(drop=True)


@lru_cache(maxsize=32)
def _compile_terms(
    terms: tuple[str, ...], userdict: str | None
) -> tuple[dict[str, list[tuple[tuple[str, ...], int]]], np.ndarray]:
    """Each term as its token sequence, grouped by first token, longest first; and the first
    tokens as an array (what ``isin`` takes without converting it)."""
    by_first: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    for i, term in enumerate(terms):
        seq = tuple(segment(term, userdict=userdict))
        by_first.setdefault(seq[0], []).append((seq, i))
    for seqs in by_first.values():
        seqs.sort(key=lambda s: -len(s[0]))
    return by_first, np.array(list(by_first), dtype=object)


def match_terms(
    tokens: pd.DataFrame,
    lexicon: pd.DataFrame,
    *,
    userdict: str | None = "default",
    vocabulary: Vocabulary | None = None,
) -> pd.DataFrame:
    """Occurrences of lexicon terms in a token table, longest match first, no overlaps.

    Returns one row per match: ``token_id`` (first token), ``n_tokens``, ``paragraph_id``,
    ``sentence_id``, ``start``, ``end``, ``term`` and the lexicon's other columns.

    ``vocabulary``: the table's vocabulary (its distinct tokens and each row's index among
    them), from ``workreport.tokens.tokenize_with_vocabulary``, if at hand. The tokens where a term
    can start are then found among the distinct tokens, not row by row; the result is the same.

    Examples
    --------
    >>> toks = pd.DataFrame({"token_id": [1, 2, 3], "paragraph_id": 1, "sentence_id": 1,
    ...                      "start": [0, 4, 6], "end": [4, 6, 7],
    ...                      "token": ["脱贫攻坚", "脱贫", "。"]})
    >>> lex = pd.DataFrame({"theme": "poverty", "subtheme": "t",
    ...                     "term": ["脱贫", "脱贫攻坚"]})
    >>> match_terms(toks, lex)[["term", "start"]].values.tolist()
    [['脱贫攻坚', 0], ['脱贫', 4]]
    """
    cols = [c for c in lexicon.columns if c != "term"]
    if tokens.empty or lexicon.empty:
        return _no_matches(cols)
    by_first, firsts = _compile_terms(tuple(lexicon["term"].tolist()), userdict)
    token = tokens["token"]
    words = token.to_numpy()
    if vocabulary is None:
        candidates = np.flatnonzero(token.isin(firsts).to_numpy())
    else:
        distinct, codes = vocabulary
        if len(codes) != len(words):
            raise ValueError("the vocabulary is not that of the token table")
        starts_term = np.fromiter(map(by_first.__contains__, distinct), bool, len(distinct))
        candidates = np.flatnonzero(starts_term[codes])
    hits: list[tuple[int, int, int]] = []
    covered_until = -1
    n = len(words)
    for pos in candidates.tolist():
        if pos < covered_until:
            continue
        for seq, lex_row in by_first[words[pos]]:
            k = len(seq)
            if pos + k <= n and tuple(words[pos : pos + k]) == seq:
                hits.append((pos, k, lex_row))
                covered_until = pos + k
                break
    if not hits:
        return _no_matches(cols)
    at, length, rows = (np.array(x) for x in zip(*hits, strict=True))
    data = {
        "token_id": tokens["token_id"].to_numpy()[at],
        "n_tokens": length,
        "paragraph_id": tokens["paragraph_id"].to_numpy()[at],
        "sentence_id": tokens["sentence_id"].to_numpy()[at],
        "start": tokens["start"].to_numpy()[at],
        "end": tokens["end"].to_numpy()[at + length - 1],
    }
    for c in ["term", *cols]:
        data[c] = lexicon[c].array.take(rows)  # keeps the lexicon's column types
    return pd.DataFrame(data, copy=False)  # (every column is a new array)


def _no_matches(cols: list[str]) -> pd.DataFrame:
    """The table of no matches, with :func:`match_terms`'s columns and types."""
    ints = ("token_id", "n_tokens", "paragraph_id", "sentence_id", "start", "end")
    return empty_table([*ints, "term", *cols], dict.fromkeys(ints, np.int64))


def _word_tokens(tokens: pd.DataFrame) -> pd.DataFrame:
    return tokens[~tokens["is_punct"]]


def themes_of(matches: pd.DataFrame, themes: Iterable[str] | None = None) -> list[str]:
    """The themes a table reports on: ``themes`` if given; else, when ``matches`` holds only
    the project's themes (or nothing), all three of them, so a theme that never matches gets a
    row of zeros; else the themes found in ``matches`` (a custom grouping, e.g. subthemes).

    Examples
    --------
    >>> themes_of(pd.DataFrame({"theme": ["ecology"]}))
    ['energy', 'poverty', 'ecology']
    >>> themes_of(pd.DataFrame({"theme": ["coal", "solar"]}))
    ['coal', 'solar']
    """
    if themes is not None:
        return list(themes)
    found = set(matches["theme"].unique().tolist()) if "theme" in matches else set()
    return list(THEMES) if found <= set(THEMES) else sorted(found)


def theme_by_unit(
    report: Report,
    tokens: pd.DataFrame,
    matches: pd.DataFrame,
    *,
    unit: str = "section",
    level: str = "theme",
    themes: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Counts and shares of each theme (or subtheme) per paragraph, section, part or block.

    Tidy: one row per unit × theme (× subtheme), with ``matches`` (term occurrences),
    ``tokens`` (word tokens in the unit), ``share`` (matches per 100 word tokens) and
    ``per_1000`` (per 1,000 word tokens). Units with no tokens are left out; the preamble is
    part 0. With ``unit="section"``, paragraphs outside any section are left out. A *block*
    (``unit="block"``) is a section (``"2.11"``) or the paragraphs of a part outside its
    sections (``"1"``, or ``"2"`` for the opening of a part with sections): the body of the
    report cut into consecutive pieces, in document order (an ordered categorical).

    With ``level="theme"`` every theme of ``themes`` (default: the project's three and any
    other found in ``matches``) has a row per unit, with zero matches where it has none;
    subthemes are those found in ``matches``.
    """
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {sorted(UNITS)}, not {unit!r}")
    keys = UNITS[unit]
    para = report.paragraphs[["paragraph_id", "part", "section"]]
    if unit == "section":
        para = para[para["section"].notna()]
    if unit == "block":
        para = para[para["part"] > 0].assign(block=_blocks(para[para["part"] > 0]))
    words = _word_tokens(tokens).merge(para, on="paragraph_id")
    sizes = words.groupby(keys).size().rename("tokens").reset_index()
    groups = ["theme"] if level == "theme" else ["theme", "subtheme"]
    if level == "theme":
        lex_levels = pd.DataFrame({"theme": themes_of(matches, themes)})
    else:
        lex_levels = matches[groups].drop_duplicates()
    if len(lex_levels):
        grid = sizes.merge(lex_levels, how="cross")
    else:  # nothing matched: an empty table with the usual columns
        grid = sizes.iloc[:0].assign(**{g: pd.Series(dtype=TEXT) for g in groups})
    m = matches.merge(para, on="paragraph_id")
    counts = m.groupby(keys + groups).size().rename("matches").reset_index()
    out = grid.merge(counts, on=keys + groups, how="left")
    out["matches"] = out["matches"].fillna(0).astype(int)
    out["share"] = 100 * out["matches"] / out["tokens"]
    out["per_1000"] = 10 * out["share"]
    return out.sort_values(keys + groups).reset_index(drop=True)


def _blocks(para: pd.DataFrame) -> pd.Categorical[str]:
    names = [
        f"{p}" if pd.isna(s) else f"{p}.{int(s)}"
        for p, s in zip(para["part"], para["section"], strict=True)
    ]
    return pd.Categorical(names, categories=list(dict.fromkeys(names)), ordered=True)


def block_of(report: Report) -> pd.Series:
    r"""Each body paragraph's block (see :func:`theme_by_unit`), indexed by ``paragraph_id``.

    Examples
    --------
    >>> from workreport import load_text
    >>> text = "一、回顾\n甲。\n二、安排\n开头。\n（一）推进改革。\n丙。\n（二）保护环境。\n丁。\n"
    >>> block_of(load_text(text, name="x")).astype(str).tolist()
    ['1', '1', '2', '2', '2.1', '2.1', '2.2', '2.2']
    """
    para = report.paragraphs[report.paragraphs["part"] > 0]
    return pd.Series(_blocks(para), index=para["paragraph_id"].to_numpy(), name="block")


def theme_summary(
    report: Report,
    tokens: pd.DataFrame,
    matches: pd.DataFrame,
    *,
    themes: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Whole-report attention to each theme.

    One row per theme (alphabetical; every theme of ``themes``, by default the project's three
    and any other found in ``matches``, zero where it never matches): ``matches``, ``share``
    (per 100 word tokens), ``paragraphs_mentioning`` and ``paragraph_share`` (share of body
    paragraphs, in %, with at least one match), ``distinct_terms``.
    """
    n_words = int((~tokens["is_punct"]).sum())
    body = report.paragraphs[report.paragraphs["part"] > 0]["paragraph_id"]
    rows = []
    for theme in sorted(themes_of(matches, themes)):
        m = matches[matches["theme"] == theme]
        mentioning = m["paragraph_id"][m["paragraph_id"].isin(body)].nunique()
        rows.append(
            {
                "theme": theme,
                "matches": len(m),
                "share": 100 * len(m) / n_words if n_words else 0.0,
                "paragraphs_mentioning": mentioning,
                "paragraph_share": 100 * mentioning / len(body) if len(body) else 0.0,
                "distinct_terms": m["term"].nunique(),
            }
        )
    cols = ["theme", "matches", "share", "paragraphs_mentioning", "paragraph_share"]
    return pd.DataFrame(rows, columns=[*cols, "distinct_terms"])


def env_governance_index(tokens: pd.DataFrame, env_matches: pd.DataFrame) -> float:
    """Chen & Chen's (2018) index: environment words as a percentage of all word tokens.

    Examples
    --------
    >>> toks = pd.DataFrame({"token": ["环保", "工作", "。"], "is_punct": [False, False, True]})
    >>> env_governance_index(toks, pd.DataFrame({"term": ["环保"]}))
    50.0
    """
    n_words = int((~tokens["is_punct"]).sum())
    return 100 * len(env_matches) / n_words if n_words else 0.0


def substring_counts(text: str, terms: Iterable[str]) -> pd.DataFrame:
    """Occurrences of each term as a plain substring (longest first, no overlaps).

    The rule of dictionary counts that ignore segmentation, used by Chen & Chen (2018);
    compare :func:`match_terms`, which respects word boundaries.

    Examples
    --------
    >>> substring_counts("生态文明，环境污染，污染", ["污染", "生态", "环境污染"]).values.tolist()
    [['污染', 1], ['生态', 1], ['环境污染', 1]]
    """
    import re

    ordered = sorted(set(terms), key=len, reverse=True)
    counts = dict.fromkeys(terms, 0)
    if ordered:
        pattern = re.compile("|".join(re.escape(t) for t in ordered))
        for m in pattern.finditer(text):
            counts[m.group()] += 1
    return pd.DataFrame({"term": list(counts), "count": list(counts.values())})


def masked_text(text: str, phrases: Iterable[str], *, fill: str = "□") -> str:
    """``text`` with every occurrence of each phrase replaced by as many ``fill`` characters
    (longest phrase first), so that no term can match inside it and offsets do not move.

    >>> masked_text("加强政治生态建设，保护生态", ["政治生态"])
    '加强□□□□建设，保护生态'
    """
    import re

    ordered = sorted({p for p in phrases if p}, key=len, reverse=True)
    if not ordered:
        return text
    pattern = re.compile("|".join(re.escape(p) for p in ordered))
    return pattern.sub(lambda m: fill * len(m.group()), text)


def substring_matches(
    report: Report, lexicon: pd.DataFrame, *, masked: Iterable[str] = ()
) -> pd.DataFrame:
    r"""Occurrences of lexicon terms as plain substrings of the report's text, with the rule of
    :func:`substring_counts` (longest first, no overlaps), as a table of matches.

    One row per occurrence: ``paragraph_id``, ``start``, ``end`` (offsets in ``report.text``),
    ``term`` and the lexicon's other columns, like :func:`match_terms` without the token
    columns, so that rates and intervals are computed from either alike. ``masked``: phrases
    (metaphors) in which nothing is counted (:func:`masked_text`).

    Examples
    --------
    >>> from workreport import load_text
    >>> r = load_text("一、回顾\n保护生态环境。\n", name="x")
    >>> lex = pd.DataFrame({"theme": "ecology", "subtheme": "s", "term": ["生态", "生态环境"]})
    >>> substring_matches(r, lex)[["paragraph_id", "term", "start"]].values.tolist()
    [[2, '生态环境', 7]]
    """
    import re

    cols = [c for c in lexicon.columns if c != "term"]
    text = masked_text(report.text, masked)
    ordered = sorted(set(lexicon["term"]), key=len, reverse=True)
    found = (
        [
            (m.start(), m.end(), m.group())
            for m in re.finditer("|".join(map(re.escape, ordered)), text)
        ]
        if ordered
        else []
    )
    para = report.paragraphs.sort_values("start")
    starts = para["start"].to_numpy()
    out = pd.DataFrame(
        {
            "paragraph_id": para["paragraph_id"].to_numpy()[
                np.searchsorted(starts, [f[0] for f in found], side="right") - 1
            ]
            if found
            else np.array([], dtype=np.int64),
            "start": np.array([f[0] for f in found], dtype=np.int64),
            "end": np.array([f[1] for f in found], dtype=np.int64),
            "term": [f[2] for f in found],
        }
    )
    out["paragraph_id"] = out["paragraph_id"].astype(np.int64)
    lex = lexicon.drop_duplicates("term").set_index("term")
    for c in cols:
        out[c] = lex[c].reindex(out["term"]).to_numpy() if len(out) else pd.Series(dtype=TEXT)
    return out


def outside_spans(matches: pd.DataFrame, text: str, phrases: Iterable[str]) -> pd.DataFrame:
    """The matches (with ``start``/``end`` offsets in ``text``) that do not overlap an
    occurrence of any of ``phrases``: the whole-word count with metaphors taken out.

    >>> m = pd.DataFrame({"term": ["生态", "生态"], "start": [2, 9], "end": [4, 11]})
    >>> outside_spans(m, "政治生态建设，保护生态", ["政治生态"])["start"].tolist()
    [9]
    """
    masked = masked_text(text, phrases, fill="\x00")
    if masked == text or matches.empty:
        return matches
    hole = np.frombuffer(masked.encode("utf-32-le"), dtype=np.uint32) == 0
    covered = np.concatenate([[0], np.cumsum(hole)])
    inside = covered[matches["end"].to_numpy()] - covered[matches["start"].to_numpy()] > 0
    return matches[~inside].reset_index(drop=True)


def theme_positions(report: Report, matches: pd.DataFrame) -> pd.DataFrame:
    """Where each match sits in the document: relative position 0–1 and its part/section."""
    out = matches[["theme", "subtheme", "term", "paragraph_id", "start"]].copy()
    out["position"] = out["start"] / max(len(report.text), 1)
    para = report.paragraphs[["paragraph_id", "part", "part_label", "section"]]
    return out.merge(para, on="paragraph_id").reset_index(drop=True)


def paragraph_counts(
    report: Report, tokens: pd.DataFrame, matches: pd.DataFrame, themes: list[str]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The body paragraphs (parts 1, 2, …) as arrays: each one's part label, its number of
    word tokens, and its matches of each of ``themes`` (a paragraphs × themes matrix)."""
    body = report.paragraphs.loc[report.paragraphs["part"] > 0, ["paragraph_id", "part_label"]]
    pids = body["paragraph_id"].to_numpy()
    words = _word_tokens(tokens).groupby("paragraph_id").size()
    n = words.reindex(pids, fill_value=0).to_numpy(dtype=float)
    m = np.zeros((len(pids), len(themes)))
    if len(matches):
        table = matches.groupby(["paragraph_id", "theme"]).size().unstack(fill_value=0)
        table = table.reindex(index=pids, columns=themes, fill_value=0)
        m = table.to_numpy(dtype=float)
    return body["part_label"].to_numpy(), n, m


def _resample(n_units: int, draws: int, rng: np.random.Generator) -> np.ndarray:
    """Bootstrap weights: how often each of ``n_units`` is drawn in each of ``draws``."""
    if n_units == 0:
        return np.zeros((draws, 0))
    return rng.multinomial(n_units, np.full(n_units, 1 / n_units), size=draws).astype(float)


def theme_rates(
    report: Report,
    tokens: pd.DataFrame,
    matches: pd.DataFrame,
    *,
    themes: Iterable[str] | None = None,
    part_label: str | None = None,
    draws: int = 2000,
    seed: int = 2017,
    level: float = 0.95,
) -> pd.DataFrame:
    """Each theme's matches per 1,000 word tokens of the report's body (or of its parts
    labelled ``part_label``, e.g. ``"review"``), with an interval that respects the clustering
    of words in paragraphs.

    Theme words come in paragraphs (a paragraph about coal holds many coal words), so a
    Poisson interval over words is too narrow. The interval here is a percentile bootstrap
    over body paragraphs: ``draws`` resamples of the paragraphs with replacement (fixed
    ``seed``), the rate recomputed as total matches over total words each time.

    Columns: ``theme``, ``matches``, ``words``, ``paragraphs``, ``per_1000``, ``ci_low``,
    ``ci_high``.
    """
    names = themes_of(matches, themes)
    labels, n, m = paragraph_counts(report, tokens, matches, names)
    if part_label is not None:
        keep = labels == part_label
        n, m = n[keep], m[keep]
    rng = np.random.default_rng(seed)
    w = _resample(len(n), draws, rng)
    boot_n = w @ n
    boot_m = w @ m
    with np.errstate(divide="ignore", invalid="ignore"):
        boot = 1000 * boot_m / boot_n[:, None]
    tail = 100 * (1 - level) / 2
    rows = []
    for i, theme in enumerate(names):
        total_m, total_n = float(m[:, i].sum()), float(n.sum())
        lo, hi = np.nanpercentile(boot[:, i], [tail, 100 - tail]) if len(n) else (np.nan,) * 2
        rows.append(
            {
                "theme": theme,
                "matches": int(total_m),
                "words": int(total_n),
                "paragraphs": len(n),
                "per_1000": 1000 * total_m / total_n if total_n else np.nan,
                "ci_low": float(lo),
                "ci_high": float(hi),
            }
        )
    return pd.DataFrame(rows)


def review_vs_plan(
    report: Report,
    tokens: pd.DataFrame,
    matches: pd.DataFrame,
    *,
    themes: Iterable[str] | None = None,
    draws: int = 2000,
    seed: int = 2017,
) -> pd.DataFrame:
    """Attention to each theme in the review part against the plan part(s).

    One row per theme: matches and rate per 1,000 word tokens in each, the rate ratio
    plan / review, and two 95% intervals for it: ``ci_low``/``ci_high`` from a bootstrap that
    resamples *paragraphs* within each part (``draws`` draws, fixed ``seed``), which respects
    the clustering of theme words in paragraphs, and ``poisson_low``/``poisson_high`` from the
    log rate ratio treating words as independent (narrower; shown for comparison only). Word
    a comparison by the paragraph interval: when it includes 1 the data do not tell the two
    parts apart. The review (a list of achievements) and the plan (a list of tasks) are
    different genres; a ratio compares how much room each gives a theme, not intent.
    """
    names = themes_of(matches, themes)
    labels, n, m = paragraph_counts(report, tokens, matches, names)
    rng = np.random.default_rng(seed)
    groups = {lab: np.flatnonzero(labels == lab) for lab in ("review", "plan")}
    boot = {}
    for lab, idx in groups.items():
        w = _resample(len(idx), draws, rng)
        boot[lab] = (w @ m[idx], w @ n[idx])
    rows = []
    for i, theme in enumerate(names):
        row: dict = {"theme": theme}
        for lab, idx in groups.items():
            mm, nn = float(m[idx, i].sum()), float(n[idx].sum())
            row[f"{lab}_matches"] = int(mm)
            row[f"{lab}_per_1000"] = 1000 * mm / nn if nn else np.nan
        a, b = row["plan_matches"], row["review_matches"]
        ratio = lo = hi = plo = phi = np.nan
        if a and b:
            ratio = row["plan_per_1000"] / row["review_per_1000"]
            se = np.sqrt(1 / a + 1 / b)
            plo, phi = (
                float(np.exp(np.log(ratio) - 1.96 * se)),
                float(np.exp(np.log(ratio) + 1.96 * se)),
            )
            (pm, pn), (rm, rn) = boot["plan"], boot["review"]
            with np.errstate(divide="ignore", invalid="ignore"):
                draws_ratio = (pm[:, i] / pn) / (rm[:, i] / rn)
            finite = draws_ratio[np.isfinite(draws_ratio)]
            if len(finite):
                lo, hi = (float(x) for x in np.percentile(finite, [2.5, 97.5]))
        row.update(rate_ratio=ratio, ci_low=lo, ci_high=hi, poisson_low=plo, poisson_high=phi)
        rows.append(row)
    return pd.DataFrame(rows)


def theme_sentences(
    report: Report, matches: pd.DataFrame, *, theme: str | None = None
) -> pd.DataFrame:
    """The sentences holding at least one match (of ``theme``, or of any theme).

    Columns: ``sentence_id``, ``paragraph_id``, ``ref`` (``¶12``), ``text``, ``terms`` (the
    matched terms, in order, joined by ``、``) and ``matches``.
    """
    m = matches if theme is None else matches[matches["theme"] == theme]
    terms = m.groupby("sentence_id")["term"].agg(lambda s: "、".join(dict.fromkeys(s)))
    counts = m.groupby("sentence_id").size()
    out = report.sentences[report.sentences["sentence_id"].isin(terms.index)]
    out = out[["sentence_id", "paragraph_id", "text"]].copy()
    out.insert(2, "ref", [f"¶{p}" for p in out["paragraph_id"]])
    out["terms"] = out["sentence_id"].map(terms)
    out["matches"] = out["sentence_id"].map(counts).astype(int)
    return out.reset_index(drop=True)


def kwic(
    report: Report,
    matches: pd.DataFrame,
    *,
    term: str | None = None,
    theme: str | None = None,
    window: int = 15,
) -> pd.DataFrame:
    """Keyword in context: each match with ``window`` characters either side.

    Columns: ``paragraph_id``, ``part``, ``section``, ``left``, ``term``, ``right``, and
    ``ref`` (``¶12``) for quoting.
    """
    m = matches
    if term is not None:
        m = m[m["term"] == term]
    if theme is not None:
        m = m[m["theme"] == theme]
    para = report.paragraphs.set_index("paragraph_id")
    rows = []
    text = report.text
    for pid, start, end, t in zip(m["paragraph_id"], m["start"], m["end"], m["term"], strict=True):
        p = para.loc[pid]
        left = text[max(p["start"], start - window) : start]
        right = text[end : min(p["end"], end + window)]
        rows.append(
            {
                "paragraph_id": int(pid),
                "ref": f"¶{pid}",
                "part": int(p["part"]),
                "section": p["section"],
                "left": left,
                "term": t,
                "right": right,
            }
        )
    cols = ["paragraph_id", "ref", "part", "section", "left", "term", "right"]
    return pd.DataFrame(rows, columns=cols)


def cooccurrence(matches: pd.DataFrame, *, level: str = "term") -> pd.DataFrame:
    """Pairs of terms (or themes/subthemes) that occur in the same sentence.

    One row per unordered pair (``a`` < ``b``) with ``sentences``, the number of sentences in
    which both occur, sorted by that count.

    Examples
    --------
    >>> m = pd.DataFrame({"sentence_id": [1, 1, 2, 2, 2], "term": ["煤", "电", "煤", "电", "水"]})
    >>> cooccurrence(m).values.tolist()
    [['煤', '电', 2], ['水', '煤', 1], ['水', '电', 1]]
    """
    sets = matches.groupby("sentence_id")[level].agg(lambda s: sorted(set(s)))
    counts: dict[tuple[str, str], int] = {}
    for items in sets:
        for i, a in enumerate(items):
            for b in items[i + 1 :]:
                counts[(a, b)] = counts.get((a, b), 0) + 1
    out = pd.DataFrame([(a, b, n) for (a, b), n in counts.items()], columns=["a", "b", "sentences"])
    return out.sort_values(["sentences", "a", "b"], ascending=[False, True, True]).reset_index(
        drop=True
    )


def distinctive_terms(
    tokens: pd.DataFrame,
    in_group: pd.Series,
    *,
    prior: float = 500.0,
    min_count: int = 3,
    top: int | None = 20,
) -> pd.DataFrame:
    """Words distinctive of a group of tokens against the rest (Monroe et al. 2008).

    Weighted log-odds ratio with an informative Dirichlet prior: the prior for each word is
    proportional to its frequency in the whole text, scaled to ``prior`` pseudo-counts. Stop
    words and punctuation are left out. ``in_group`` is a boolean Series aligned with
    ``tokens``. Returns ``word``, ``count_in``, ``count_out``, ``delta`` (log-odds ratio),
    ``z`` (delta over its standard error); the ``top`` words by ``z`` either way (all if None).
    """
    keep = ~tokens["is_punct"] & ~tokens["is_stop"]
    words = tokens.loc[keep, "token"]
    grp = in_group[keep]
    cin = words[grp].value_counts()
    cout = words[~grp].value_counts()
    df = pd.concat([cin.rename("count_in"), cout.rename("count_out")], axis=1).fillna(0)
    total = df["count_in"] + df["count_out"]
    alpha = prior * total / total.sum()
    n_in, n_out, a0 = df["count_in"].sum(), df["count_out"].sum(), alpha.sum()
    yi, yj = df["count_in"], df["count_out"]
    delta = np.log((yi + alpha) / (n_in + a0 - yi - alpha)) - np.log(
        (yj + alpha) / (n_out + a0 - yj - alpha)
    )
    df["delta"] = delta
    df["z"] = delta / np.sqrt(1 / (yi + alpha) + 1 / (yj + alpha))
    df = df[total >= min_count].rename_axis("word").reset_index()
    df[["count_in", "count_out"]] = df[["count_in", "count_out"]].astype(int)
    df = df.sort_values(["z", "word"], ascending=[False, True]).reset_index(drop=True)
    if top is None:
        return df
    return pd.concat([df.head(top), df.tail(top)]).drop_duplicates("word").reset_index(drop=True)


def robustness(
    report: Report,
    tokens: pd.DataFrame,
    matches: pd.DataFrame,
    lexicon: pd.DataFrame,
    *,
    draws: int = 500,
    seed: int = 2017,
) -> dict[str, pd.DataFrame]:
    """How stable the theme conclusions are to the choice of lexicon terms.

    Two perturbations of the lexicon: leaving out each term in turn (leave-one-out) and
    resampling each theme's terms with replacement (``draws`` bootstrap lexicons, fixed
    ``seed``). The conclusions checked are (1) for each pair of themes, which one has more
    matches, and (2) for each theme, which section has its highest share.

    Returns ``{"leave_one_out": …, "bootstrap": …, "summary": …}``. The summary has one row
    per conclusion as it stands with the full lexicon (``holds``: ``a > b``, ``a = b`` …) and
    the share of perturbed lexicons in which it still holds (columns ``conclusion``,
    ``leave_one_out``, ``bootstrap``). A report without sections, or without a match in any
    section, has no conclusions of the second kind.
    """
    sec = report.paragraphs[["paragraph_id", "section"]]
    m = matches.merge(sec, on="paragraph_id")
    sec_tokens = tokens[~tokens["is_punct"]].merge(sec, on="paragraph_id").groupby("section").size()
    # term × section count matrix: every recomputation is a weighted sum of its rows
    counts = m.assign(section=m["section"].fillna(0).astype(int)).pivot_table(
        index="term", columns="section", aggfunc="size", fill_value=0
    )
    counts = counts.reindex(lexicon["term"], fill_value=0)
    theme_of = lexicon.set_index("term")["theme"]
    themes = [t for t in THEMES if t in set(theme_of)] + sorted(set(theme_of) - set(THEMES))
    section_ids = cast("list[int]", counts.columns.tolist())  # pandas-stubs: columns are str
    sections = [c for c in section_ids if c != 0]
    sizes = sec_tokens.reindex(sections).to_numpy(dtype=float)
    member = np.array([[theme_of[t] == th for t in counts.index] for th in themes], dtype=float)
    matrix = counts.to_numpy(dtype=float)
    sec_cols = [section_ids.index(c) for c in sections]
    pairs = [(a, b) for i, a in enumerate(themes) for b in themes[i + 1 :]]

    def evaluate(weights: np.ndarray) -> dict:
        per_theme = member @ (matrix * weights[:, None])
        totals = per_theme.sum(axis=1)
        out = {f"matches_{t}": totals[i] for i, t in enumerate(themes)}
        for a, b in pairs:
            ta, tb = totals[themes.index(a)], totals[themes.index(b)]
            out[f"{a} vs {b}"] = ">" if ta > tb else ("=" if ta == tb else "<")
        if sections:  # a report without sections has no top section to check
            shares = per_theme[:, sec_cols] / sizes
            for i, t in enumerate(themes):
                out[f"top_section_{t}"] = int(sections[int(np.argmax(shares[i]))])
        return out

    base = evaluate(np.ones(len(counts)))
    loo = []
    for j, term in enumerate(counts.index):
        w = np.ones(len(counts))
        w[j] = 0.0
        loo.append({"term": term, "theme": theme_of[term], **evaluate(w)})
    loo_df = pd.DataFrame(loo)
    rng = np.random.default_rng(seed)
    index_of = {t: np.flatnonzero(member[i]) for i, t in enumerate(themes)}
    boot = []
    for draw in range(draws):
        w = np.zeros(len(counts))
        for t in themes:
            idx = index_of[t]
            np.add.at(w, idx[rng.integers(0, len(idx), size=len(idx))], 1.0)
        boot.append({"draw": draw, **evaluate(w)})
    boot_df = pd.DataFrame(boot)
    summary = []
    for a, b in pairs:
        key = f"{a} vs {b}"
        x, y = (b, a) if base[key] == "<" else (a, b)
        relation = "=" if base[key] == "=" else ">"
        summary.append(
            {
                "conclusion": f"{x} {relation} {y} (matches {base[f'matches_{x}']:.0f} vs "
                f"{base[f'matches_{y}']:.0f})",
                "leave_one_out": float((loo_df[key] == base[key]).mean()),
                "bootstrap": float((boot_df[key] == base[key]).mean()),
            }
        )
    for t in themes if sections else ():
        key = f"top_section_{t}"
        summary.append(
            {
                "conclusion": f"{t}: section {base[key]} has the highest share",
                "leave_one_out": float((loo_df[key] == base[key]).mean()),
                "bootstrap": float((boot_df[key] == base[key]).mean()),
            }
        )
    summary_df = (
        pd.DataFrame(summary)
        if summary
        else empty_table(
            ["conclusion", "leave_one_out", "bootstrap"],
            {"leave_one_out": float, "bootstrap": float},
        )
    )
    return {"leave_one_out": loo_df, "bootstrap": boot_df, "summary": summary_df}
