"""English for Chinese strings: one function, one priority.

:func:`gloss` is the book's only way to put English beside Chinese. Its priority:

1. the hand translation (``data/annotations/translations/*.csv``, columns ``zh,en``), made
   for the book's report and read in full context, so one wording holds across the book;
2. else the theme lexicon's gloss (``src/workreport/data/themes.csv``), a gloss of the term
   out of context;
3. else ``missing`` (``"(no gloss)"`` by default), so the chapters run unchanged on another
   report.

Where both sources have a term they must agree: :func:`gloss_disagreements` lists the terms
where they do not, and the tests fail on any.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

import pandas as pd

from ..constants import SUBTHEME_LABELS
from ..resources import data_dir
from ..themes import load_lexicon

if TYPE_CHECKING:
    from ..report import Report

__all__ = [
    "block_labels",
    "gloss",
    "gloss_disagreements",
    "glossed",
    "lexicon_glosses",
    "section_labels",
    "subtheme_label",
    "term_labels",
    "translate",
    "translations",
    "zh_en",
]


@cache
def translations() -> dict[str, str]:
    """All hand-made translations, Chinese → English."""
    out: dict[str, str] = {}
    folder = data_dir() / "annotations" / "translations"
    for path in sorted(folder.glob("*.csv")):
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        for zh, en in zip(df["zh"], df["en"], strict=True):
            if zh in out and out[zh] != en:
                raise ValueError(f"{path}: conflicting translation for {zh!r}")
            out[zh] = en
    return out


def translate(zh: str) -> str:
    """The hand translation of a Chinese string, or ``""`` when there is none."""
    return translations().get(zh, "")


@cache
def lexicon_glosses() -> dict[str, str]:
    """The theme lexicon's gloss of each of its terms, in every list (the book's, and the
    era vocabulary of ``load_lexicon(variant="book+era")``)."""
    lex = load_lexicon(variant="book+era")
    return dict(zip(lex["term"], lex["gloss"], strict=True))


def gloss(zh: str, *, missing: str = "(no gloss)") -> str:
    """English for a Chinese string, by the module's priority: the hand translation, else
    the lexicon's gloss, else ``missing``.

    Examples
    --------
    >>> gloss("去产能")
    'capacity cutting (overcapacity reduction)'
    >>> gloss("某某某"), gloss("某某某", missing="")
    ('(no gloss)', '')
    """
    return translate(zh) or lexicon_glosses().get(zh) or missing


def zh_en(zh: str) -> str:
    """``中文 (English)`` where :func:`gloss` has English, else the Chinese alone.

    Examples
    --------
    >>> zh_en("去产能"), zh_en("某某某")
    ('去产能 (capacity cutting (overcapacity reduction))', '某某某')
    """
    en = gloss(zh, missing="")
    return f"{zh} ({en})" if en else zh


def gloss_disagreements() -> pd.DataFrame:
    """The terms that have both a hand translation and a lexicon gloss that differ
    (columns ``term``, ``translation``, ``lexicon_gloss``); the book wants none."""
    t, g = translations(), lexicon_glosses()
    rows = [(z, t[z], g[z]) for z in sorted(set(t) & set(g)) if t[z] != g[z]]
    return pd.DataFrame(rows, columns=["term", "translation", "lexicon_gloss"])


def glossed(df: pd.DataFrame, column: str, *, name: str | None = None) -> pd.DataFrame:
    """Add an English column (:func:`gloss`) next to a Chinese one (``"…"`` where there is
    none)."""
    out = df.copy()
    pos = list(out.columns).index(column) + 1
    out.insert(pos, name or f"{column} (English)", [gloss(z, missing="…") for z in out[column]])
    return out


def block_labels(report: Report, *, english: bool = True) -> dict[str, str]:
    """Labels of the blocks of :func:`workreport.themes.theme_by_unit` (``unit="block"``):
    ``2.11 大力推进生态文明建设`` for a section, ``1 2016年工作回顾`` for a part outside its
    sections (``(opening)`` when the part has sections), each with its English gloss."""
    from ..themes import block_of

    out = {}
    sections = report.sections.set_index(["part", "section"])["title"]
    with_sections = set(report.sections["part"])
    parts = report.parts.set_index("part")["title"]
    for block in block_of(report).cat.categories:
        part, _, sec = block.partition(".")
        if sec:
            title = sections[(int(part), int(sec))]
            text = f"{block} {title}"
        else:
            title = parts[int(part)]
            text = f"{block} {title}" + (" (opening)" if int(part) in with_sections else "")
        en = gloss(title, missing="") if english else ""
        out[block] = f"{text}\n{en}" if en else text
    return out


def section_labels(report: Report, *, english: bool = True) -> dict[tuple[int, int], str]:
    """Labels ``2.11 大力推进生态文明建设 (Push ahead with …)`` for each section."""
    out: dict[tuple[int, int], str] = {}
    for part, section, title in report.sections[["part", "section", "title"]].itertuples(False):
        en = gloss(title, missing="") if english else ""
        text = f"{part}.{section} {title}"
        out[(part, section)] = f"{text}\n{en}" if en else text
    return out


def term_labels(terms: Iterable[str]) -> dict[str, str]:
    """``term → "term (gloss)"`` (:func:`zh_en`) for each term."""
    return {t: zh_en(t) for t in terms}


def subtheme_label(subtheme: str) -> str:
    """A subtheme's label, the book's one naming (:data:`workreport.constants.SUBTHEME_LABELS`:
    Chinese with the English gloss), else its own name.

    Examples
    --------
    >>> subtheme_label("air"), subtheme_label("river_lake")
    ('大气 (air)', 'river lake')
    """
    return SUBTHEME_LABELS.get(subtheme, subtheme.replace("_", " "))
