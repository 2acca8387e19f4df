"""Try other flag rules on the development data, each report left out in turn, and log them.

The test reports of the sixth revision failed on terms found inside a longer dictionary word
(脱贫 in 脱贫致富) and on terms named as items of a list (新能源, 低碳 in lists of industries).
Before the seventh revision was frozen, three changes of the flag rule aimed at these failures
were tried beside the two rules of ``workreport.validation.FLAG_RULES``, on the development
data of the last revision only (``workreport.validation.development_cases``: every coding but
the test reports), with ``book+era`` and threshold 1:

- ``any`` and ``specific``: the rules the book reports;
- ``substrings``: ``specific``, with the terms counted as substrings of the text instead of
  whole words (``workreport.themes.substring_matches``), so a term inside a dictionary word
  counts;
- ``enumerations``: ``specific``, with every match in a clause (between ，。；：！？ and the
  like) that holds at least two 、 counted as a general term's: a list item then flags a
  paragraph only beside a second match;
- ``weighted``: a paragraph is flagged when ``1 - prod(1 - p)`` over its matches reaches 0.7,
  ``p`` being each term's precision on the development data, ``(about + 0.8) / (paragraphs +
  1)`` (0.8 for a term never matched there).

Before the eighth revision was frozen, four more, aimed at the seventh revision's failures
(terms named as list items, a general term matched twice, the bar of the general terms),
were added and every rule scored again on its development data; the rule with the most cells
at the floor would replace ``specific``, which a tie keeps (fixed before the run):

- ``theme-lists``: ``specific``, with a match counted as a general term's when its clause
  holds at least two 、 and no other match of its theme (a list about something else; a list
  of the theme's own measures still counts);
- ``distinct``: ``specific``, with a paragraph flagged by general terms only when two
  different terms match (a general term matched twice no longer flags);
- ``bar-0.65`` and ``bar-0.85``: ``specific``, with the general terms chosen below those
  bars instead of ``GENERAL_BAR``.

Every term statistic (the general terms, the precisions) is taken from the other reports, and
the rule is scored on the report left out, whole: a cell is a report × theme, and it is at the
floor when precision and recall both reach 0.7 (a cell with nothing coded or nothing flagged
is not). The settings (two 、, 0.7, 0.8) were fixed before the trial. One row per rule::

    python tools/flag_rule_trials.py           # rewrites data/lexicons/flag_rule_trials.csv
    python tools/flag_rule_trials.py --check   # exit 1 if it is not up to date
"""

from __future__ import annotations

import re
import sys
from functools import cache

import numpy as np
import pandas as pd
from file_tool import write_or_check  # a sibling in tools/

from workreport.constants import THEMES
from workreport.resources import data_dir
from workreport.themes import load_lexicon, match_terms, substring_matches
from workreport.tokens import tokenize
from workreport.validation import (
    GENERAL_BAR,
    align_coding,
    coding_by_paragraph,
    development_cases,
    out_of_sample_validity,
    term_precision,
)

#: The rules tried, in the order of the table, with what each does.
RULES = {
    "any": "a match of any term of the theme",
    "specific": "a match of a term that is not general, or two matches (the book's rule)",
    "substrings": "specific, with terms counted as substrings instead of whole words",
    "enumerations": "specific, with a match in a clause holding two or more 、 counted as general",
    "weighted": "1 - prod(1 - p) over the matches reaches 0.7 (p: the term's development "
    "precision)",
    "theme-lists": "specific, with a match in a clause holding two or more 、 and no other match "
    "of its theme counted as general",
    "distinct": "specific, with two different terms needed where no match is specific",
    "bar-0.65": "specific, with the general terms those below 0.65 instead of 0.75",
    "bar-0.85": "specific, with the general terms those below 0.85 instead of 0.75",
}
#: The rules that count matches their own way (named after the rule); the others count words.
OWN_MATCHING = ("substrings", "enumerations", "theme-lists", "distinct")
_CLAUSE_END = re.compile(r"[，。；：！？,;:!?\n（）()]")
LISTED = "@"  # marks a match inside an enumeration (rule ``enumerations``)
FLOOR, LEVEL, PRIOR = 0.7, 0.7, 0.8


def clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause (between ，。；：！？ and the like) that holds ``text[start:end]``.

    >>> clause("一是发展新能源，二是节能。", 4, 7)
    (0, 7)
    """
    a = start
    while a > 0 and not _CLAUSE_END.match(text[a - 1]):
        a -= 1
    b = end
    while b < len(text) and not _CLAUSE_END.match(text[b]):
        b += 1
    return a, b


def listed(text: str, start: int, end: int) -> bool:
    """Whether the match ``text[start:end]`` is in a clause holding at least two 、.

    >>> listed("发展新能源、新材料、生物医药。", 2, 5), listed("发展新能源。", 2, 5)
    (True, False)
    """
    a, b = clause(text, start, end)
    return text[a:b].count("、") >= 2


def alone_in_list(m: pd.DataFrame, text: str) -> np.ndarray:
    """For each match of ``m``, whether it is in a clause holding at least two 、 and no
    other match of its theme: an item of a list about something else (rule
    ``theme-lists``).

    >>> m = pd.DataFrame({"start": [2], "end": [5], "theme": "energy"})
    >>> alone_in_list(m, "发展新能源、新材料、生物医药。").tolist()
    [True]
    >>> m = pd.DataFrame({"start": [2, 6], "end": [5, 8], "theme": "energy"})
    >>> alone_in_list(m, "发展新能源、光伏、风电。").tolist()
    [False, False]
    """
    spans = [clause(text, s, e) for s, e in zip(m["start"], m["end"], strict=True)]
    key = pd.Series([f"{t}:{a}" for t, (a, _) in zip(m["theme"], spans, strict=True)])
    per_clause = key.map(key.value_counts()).to_numpy()
    lists = np.array([text[a:b].count("、") >= 2 for a, b in spans], dtype=bool)
    return lists & (per_clause == 1)


@cache  # one matching serves several rules (words: any, specific, weighted)
def _scored(matching: str) -> list[tuple[str, object, pd.DataFrame, pd.DataFrame]]:
    """Every development report with its ``book+era`` matches, counted as ``matching`` says
    (``words`` or a rule of :data:`OWN_MATCHING`), and its coding."""
    lex = load_lexicon(variant="book+era")
    out = []
    for name, report, coding, _ in development_cases():
        if matching == "substrings":
            m = substring_matches(report, lex)
        else:
            m = match_terms(tokenize(report), lex)
        if matching in ("enumerations", "theme-lists") and len(m):
            text = report.text
            if matching == "enumerations":
                mark = [listed(text, s, e) for s, e in zip(m["start"], m["end"], strict=True)]
            else:
                mark = alone_in_list(m, text)
            m = m.assign(term=np.where(mark, LISTED + m["term"].astype(str), m["term"]))
        if matching == "distinct":
            m = m.drop_duplicates(["paragraph_id", "theme", "term"])
        out.append((name, report, m, coding))
    return out


def _precision_without(per: dict[str, pd.DataFrame], left: str) -> pd.DataFrame:
    t = pd.concat([p for n, p in per.items() if n != left])
    t = t.groupby(["theme", "term"])[["paragraphs", "about"]].sum()
    return t.assign(precision=t["about"] / t["paragraphs"])


def _weighted_cells(name, report, m, coding, precision: pd.DataFrame) -> list[dict]:
    p = ((precision["about"] + PRIOR) / (precision["paragraphs"] + 1)).to_dict()
    kept, _ = align_coding(report, coding)
    codes = coding_by_paragraph(report, kept, themes=THEMES)
    rows = []
    for theme in THEMES:
        mm = m[m["theme"] == theme]
        miss = mm.assign(q=[1 - p.get((theme, t), PRIOR) for t in mm["term"]])
        score = 1 - miss.groupby("paragraph_id")["q"].prod()
        flag = codes["paragraph_id"].map(score).fillna(0).to_numpy() >= LEVEL
        about = codes[theme].to_numpy() >= 1
        tp, fp, fn = (
            int((flag & about).sum()),
            int((flag & ~about).sum()),
            int((~flag & about).sum()),
        )
        rows.append(
            {
                "precision": tp / (tp + fp) if tp + fp else np.nan,
                "recall": tp / (tp + fn) if tp + fn else np.nan,
            }
        )
    return rows


def trial(rule: str) -> dict:
    """One row of the table: ``rule`` scored on every development report left out in turn."""
    matching = rule if rule in OWN_MATCHING else "words"
    bar = float(rule.removeprefix("bar-")) if rule.startswith("bar-") else GENERAL_BAR
    scored = _scored(matching)
    per = {n: term_precision([(r, m, c, None)], themes=THEMES) for n, r, m, c in scored}
    cells: list[dict] = []
    for name, report, m, coding in scored:
        precision = _precision_without(per, name)
        if rule == "weighted":
            cells += _weighted_cells(name, report, m, coding, precision)
            continue
        general = None
        if rule != "any":
            low = precision[precision["precision"] < bar]
            general = set(low.index.get_level_values("term"))
            general |= {t for t in m["term"].astype(str) if t.startswith(LISTED)}
        v = out_of_sample_validity(
            [(name, report, m, coding)],
            thresholds=[1],
            general=general,
            whole=[name],
            themes=THEMES,
        )
        cells += v.loc[v["half"] == "held-out", ["precision", "recall"]].to_dict("records")
    t = pd.DataFrame(cells)
    ok = (t["precision"].fillna(-1) >= FLOOR) & (t["recall"].fillna(-1) >= FLOOR)
    return {
        "rule": rule,
        "description": RULES[rule],
        "reports": len(scored),
        "cells": len(t),
        "both_at_floor": int(ok.sum()),
        "mean_precision": round(float(t["precision"].mean()), 3),
        "mean_recall": round(float(t["recall"].mean()), 3),
    }


def table_text() -> str:
    """The file's text: one row per rule of :data:`RULES`."""
    return pd.DataFrame([trial(rule) for rule in RULES]).to_csv(index=False, lineterminator="\n")


def main() -> int:
    path = data_dir() / "lexicons" / "flag_rule_trials.csv"
    return write_or_check(path, table_text, doc=__doc__ or "")


if __name__ == "__main__":
    sys.exit(main())
