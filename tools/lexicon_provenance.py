"""Recompute the provenance columns of the theme lexicon and rewrite ``themes.csv``.

The columns ``national_reports``, ``era_reports``, ``provincial_reports``, ``first_year``,
``source_class``, ``era`` and ``lists`` of ``src/workreport/data/themes.csv`` follow from each
term's ``source``, from the national corpus and from the uncoded provincial reports of 2025 by
the rules of ``src/workreport/data/README.md`` (the functions
``national_presence``, ``source_classes``, ``term_era`` and ``term_lists`` of
``workreport.themes``). After adding a term (its ``theme``, ``subtheme``, ``term``, ``gloss``
and ``source``; the other columns empty) or changing a rule, run::

    python tools/lexicon_provenance.py            # rewrites themes.csv
    python tools/lexicon_provenance.py --check    # exit 1 if the file is not up to date

A term is in the book's list when its ``lists`` already say ``book`` (a fact of the book, not
a rule); a new term is not. ``tests/test_themes.py`` recomputes the same columns.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Collection
from typing import NamedTuple

import pandas as pd
from file_tool import write_or_check  # a sibling in tools/

from workreport.context import year_from_name
from workreport.corpus import list_reports
from workreport.report import load_report
from workreport.resources import data_dir, lexicon_path
from workreport.themes import (
    PROVENANCE_COLUMNS,
    PROVINCIAL_EXCLUDED,
    match_terms,
    national_presence,
    source_classes,
    term_era,
    term_lists,
)
from workreport.tokens import Vocabulary, tokenize_with_vocabulary

COLUMNS = ["theme", "subtheme", "term", "gloss", "source", *PROVENANCE_COLUMNS]


class NationalReport(NamedTuple):
    """A national report of the corpus as the lexicon tools read it."""

    name: str
    year: int | None
    tokens: pd.DataFrame
    vocabulary: Vocabulary
    text: str


def national_corpus() -> list[NationalReport]:
    """Every national report of ``data/raw/national/``, loaded and tokenized once (also used by
    ``tools/revision_candidates.py``)."""
    out = []
    for path in list_reports(data_dir() / "raw" / "national"):
        r = load_report(path)
        tokens, vocabulary = tokenize_with_vocabulary(r)
        out.append(
            NationalReport(
                path.name, r.year or year_from_name(path.name), tokens, vocabulary, r.text
            )
        )
    return out


def provincial_corpus(
    excluded: Collection[str] = PROVINCIAL_EXCLUDED,
) -> list[tuple[str, pd.DataFrame, Vocabulary]]:
    """The provincial reports of 2025 not in ``excluded`` (default: those not coded out of
    sample, ``PROVINCIAL_EXCLUDED``), each as ``(file name, tokens, vocabulary)``, loaded and
    tokenized once."""
    out = []
    for path in list_reports(data_dir() / "raw" / "provincial-2025"):
        if path.name not in excluded:
            out.append((path.name, *tokenize_with_vocabulary(load_report(path))))
    return out


def provincial_presence(
    lexicon: pd.DataFrame, corpus: list[tuple[str, pd.DataFrame, Vocabulary]]
) -> list[int]:
    """In how many reports of ``corpus`` (:func:`provincial_corpus`) each term of ``lexicon``
    occurs as a word, in lexicon order."""
    seen = [
        set(match_terms(tokens, lexicon, vocabulary=vocabulary)["term"])
        for _, tokens, vocabulary in corpus
    ]
    return [sum(term in s for s in seen) for term in lexicon["term"]]


def recomputed(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` (the lexicon file's rows, as strings) with its provenance columns recomputed."""
    lex = table[["theme", "subtheme", "term"]]
    reports = [
        (r.name, r.year, match_terms(r.tokens, lex, vocabulary=r.vocabulary))
        for r in national_corpus()
    ]
    counts = national_presence(reports, lex)
    out = table.copy()
    out["national_reports"] = counts["national_reports"].astype(str).to_numpy()
    out["era_reports"] = counts["era_reports"].astype(str).to_numpy()
    provincial = provincial_presence(lex, provincial_corpus())
    out["provincial_reports"] = [str(n) for n in provincial]
    out["first_year"] = [("" if pd.isna(y) else str(int(y))) for y in counts["first_year"]]
    classes, eras, lists = [], [], []
    for row, n, k, first, prov in zip(
        table.itertuples(),
        counts["national_reports"],
        counts["era_reports"],
        counts["first_year"],
        provincial,
        strict=True,
    ):
        in_book = "book" in str(row.lists).split(";")
        c = source_classes(row.source, national_reports=int(n))
        era = term_era(book=in_book, first_year=None if pd.isna(first) else int(first))
        classes.append(";".join(c))
        eras.append(era)
        lists.append(
            ";".join(
                term_lists(
                    era=era,
                    classes=c,
                    national_reports=int(n),
                    era_reports=int(k),
                    book=in_book,
                    provincial_reports=prov,
                )
            )
        )
    out["source_class"], out["era"], out["lists"] = classes, eras, lists
    return out[COLUMNS]


def table_text() -> str:
    """The lexicon file's text with its provenance columns recomputed."""
    path = lexicon_path("themes.csv")
    new = recomputed(pd.read_csv(path, dtype=str, keep_default_na=False))
    buf = io.StringIO()
    new.to_csv(buf, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    return buf.getvalue()


def _in_no_list(text: str) -> str:
    table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    dropped = table.loc[table["lists"] == "", "term"].tolist()
    return f"{len(table)} terms; in no list: {' '.join(dropped) or 'none'}"


def main() -> int:
    return write_or_check(
        lexicon_path("themes.csv"), table_text, doc=__doc__ or "", summary=_in_no_list
    )


if __name__ == "__main__":
    sys.exit(main())
