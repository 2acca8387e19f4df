"""Decide the candidates of the later revisions on the development data and log them.

The candidates of the second revision (``data/lexicons/candidates_revision2.csv``) are the
post-2020 concepts named by the coding guidelines' extension
(``data/annotations/paragraph_themes_guidelines_2025.md``, written before any coding) that
neither the lexicon nor the first revision held; those of the third
(``candidates_revision3.csv``) and the fourth (``candidates_revision4.csv``) are words of the
paragraphs the lists missed in the development data (for the fourth: every coding made before
it). Each is decided by rules fixed before any count was read:

1. a candidate whose own text already holds a term of the lexicon (节能降碳: 节能) is not
   added: that term counts it already, and the longer word would only merge or move matches;
2. otherwise the era rule or the genre rule of ``src/workreport/data/README.md`` (as words in
   at least 2 of the national reports of 2022–2024, or in at least 5 national reports; the
   reports coded out of sample at the time left out); from the fourth revision on, also the
   provincial era rule (as a word in at least a third of the uncoded provincial reports of
   2025: 7 of 20 for the fourth revision, 6 of 16 for the fifth, 4 of 12 for the sixth, 3 of
   8 for the seventh, 2 of 4 for the eighth);
3. from the eighth revision on, a candidate that a presence rule admits is added only when
   its context names its theme: at least half (``CONTEXT_SHARE``) of the sentences of the
   national reports counted that hold its string also hold a word of its theme's pattern
   (``PATTERNS``; the term's own characters count). A candidate no such sentence holds is
   not held back by it. Presence says a word is common in the genre, not that it is about
   the theme (综合利用, added by the seventh revision, has 8 of 32).

A candidate is counted as the lexicon counts it, beside the terms that could take its place
(黑土地 inside 黑土地保护), as ``themes.csv``'s provenance columns are.

The script checks that ``themes.csv`` holds exactly the added candidates, writes one row per
candidate into ``data/lexicons/lexicon_changes.csv`` (revision ``development-halves-2`` to
``development-7``, with the corpus counts and, read after the decision, Shanxi 2017's), and
brings every row's ``lists`` up to date::

    python tools/revision_candidates.py            # rewrites lexicon_changes.csv
    python tools/revision_candidates.py --check    # exit 1 if it is not up to date
"""

from __future__ import annotations

import io
import sys

import pandas as pd
from file_tool import write_or_check  # a sibling in tools/
from lexicon_provenance import (  # a sibling in tools/
    NationalReport,
    national_corpus,
    provincial_corpus,
    provincial_presence,
)

from workreport import load_text
from workreport.report import Report, load_report
from workreport.resources import data_dir
from workreport.themes import (
    ERA_MIN_REPORTS,
    ERA_YEARS,
    GENRE_MIN_REPORTS,
    PRESENCE_EXCLUDED,
    PROVINCIAL_EXCLUDED,
    PROVINCIAL_MIN_REPORTS,
    load_provenance,
    match_terms,
)
from workreport.tokens import tokenize
from workreport.validation import (
    REVISION_EXCLUDED,
    context_counts,
    load_lexicon_changes,
    load_paragraph_coding,
    term_diagnostics,
)

#: Each revision this script decides: its candidates file (in ``data/lexicons/``) and where
#: the candidates came from.
REVISIONS = {
    "development-halves-2": (
        "candidates_revision2.csv",
        "a post-2020 concept named by the coding guidelines' extension "
        "(paragraph_themes_guidelines_2025.md, written before coding and without the lexicons)",
    ),
    "development-3": (
        "candidates_revision3.csv",
        "a word of the paragraphs the lists missed in the development data (the development "
        "halves and the two development reports, Hebei and Gansu 2025)",
    ),
    "development-4": (
        "candidates_revision4.csv",
        "a word of the paragraphs the lists missed in the codings made before the fourth "
        "revision (all development data for it: Shanxi 2017, the national reports of 2017, 2021 "
        "and 2025, and Shanxi, Inner Mongolia, Guizhou, Hebei, Gansu, Yunnan and Heilongjiang "
        "2025)",
    ),
    "development-5": (
        "candidates_revision5.csv",
        "a word of the paragraphs the lists missed in the codings made before the fifth "
        "revision (all development data for it: those of the fourth and Shaanxi, Qinghai, "
        "Sichuan and Zhejiang 2025)",
    ),
    "development-6": (
        "candidates_revision6.csv",
        "a word of the paragraphs the lists missed in the codings made before the sixth "
        "revision (all development data for it: those of the fifth and the national reports of "
        "2013 and 2019, and Ningxia, Henan, Liaoning and Hunan 2025)",
    ),
    "development-7": (
        "candidates_revision7.csv",
        "a word the coders' notes name in the paragraphs the lists missed in the test reports of "
        "the sixth revision (the national reports of 1984 and 1987, and Anhui, Jilin, Jiangxi and "
        "Shandong 2025; with every coding made before them, all development data for it)",
    ),
    "development-8": (
        "candidates_revision8.csv",
        "a word the coders' notes name in the paragraphs the lists missed in the test reports of "
        "the seventh revision (the national reports of 1985 and 2018, and Hainan, Fujian, Hubei "
        "and Xinjiang 2025; with every coding made before them, all development data for it)",
    ),
}
#: The revisions that may admit a term by the provincial era rule (from the fourth on): the
#: provincial reports of 2025 each left out of its provincial counts (those coded out of sample
#: at the time) and the least number of the others a word had to occur in (a third of them,
#: rounded up).
PROVINCIAL_RULE = {
    "development-4": (PROVINCIAL_EXCLUDED[:11], 7),
    "development-5": (PROVINCIAL_EXCLUDED[:15], 6),
    "development-6": (PROVINCIAL_EXCLUDED[:19], 4),
    "development-7": (PROVINCIAL_EXCLUDED[:23], 3),
    "development-8": (PROVINCIAL_EXCLUDED, PROVINCIAL_MIN_REPORTS),
}
#: The revisions that hold back a candidate whose context does not name its theme (rule 3):
#: the least share of the national sentences holding it that hold a word of its theme.
CONTEXT_SHARE = {"development-8": 0.5}
PATTERNS = {
    "energy": "能源|煤|电|油|气|碳",
    "poverty": "贫|低收入|帮扶|救助|困难",
    "ecology": "生态|环境|污染|保护|绿色|绿化",
}


def decide(
    cands: pd.DataFrame,
    revision: str,
    corpus: list[NationalReport],
    *,
    ours: tuple[Report, pd.DataFrame],
    provinces: list | None = None,
    later: frozenset[str] = frozenset(),
) -> pd.DataFrame:
    """One change-log row per candidate of ``revision``; ``corpus``: the national reports
    (:func:`lexicon_provenance.national_corpus`); ``ours``: the project's report and its
    term diagnostics (:func:`shanxi_diagnostics`), read after the decision; ``provinces``:
    the uncoded provincial reports (:func:`lexicon_provenance.provincial_corpus`), read by
    the revisions of :data:`PROVINCIAL_RULE`; ``later``: the terms later revisions added (not
    part of the lexicon this revision saw)."""
    if revision == list(REVISIONS)[-1]:  # the last revision counts as the lexicon file does
        assert set(REVISION_EXCLUDED[revision]) == set(PRESENCE_EXCLUDED)
        assert PROVINCIAL_RULE[revision] == (PROVINCIAL_EXCLUDED, PROVINCIAL_MIN_REPORTS)
    origin = REVISIONS[revision][1]
    # every term of the file, those no list holds any more included (the revision saw them)
    full = load_provenance()[["theme", "subtheme", "term", "gloss", "source"]]
    existing = full[~full["term"].isin(cands["term"]) & ~full["term"].isin(later)]
    national = [r for r in corpus if r.name not in REVISION_EXCLUDED[revision]]
    texts = [r.text for r in national]
    lo, hi = ERA_YEARS
    n_era = sum(1 for r in national if r.year is not None and lo <= r.year <= hi)
    report, diag = ours
    by_provinces = revision in PROVINCIAL_RULE
    left_out, min_provinces = PROVINCIAL_RULE.get(revision, ((), 0))
    share = CONTEXT_SHARE.get(revision)  # rule 3, from the eighth revision on
    provinces = [r for r in provinces or [] if r[0] not in left_out]
    n_provinces = len(provinces)
    rows = []
    for c in cands.itertuples(index=False):
        own = load_text(c.term + "。\n", name="candidate")
        inside = match_terms(tokenize(own), existing)["term"].tolist()
        # counted as the lexicon would count it: beside the terms that could take its place
        # (a longer term holding it, 黑土地保护 for 黑土地, or one overlapping it), which share
        # a character with it; the provenance columns of themes.csv count the same way
        near = existing[existing["term"].map(lambda t, w=c.term: not set(t).isdisjoint(w))]
        alone = pd.concat(
            [pd.DataFrame({"theme": [c.theme], "subtheme": [c.subtheme], "term": [c.term]}), near]
        )
        years = [
            r.year
            for r in national
            if c.term in set(match_terms(r.tokens, alone, vocabulary=r.vocabulary)["term"])
        ]
        n_prov = provincial_presence(alone, provinces)[0] if by_provinces else 0
        n_all = len(years)
        n_recent = sum(1 for y in years if y is not None and lo <= y <= hi)
        first = min((y for y in years if y is not None), default=None)
        sentences, with_pattern = context_counts(texts, c.term, PATTERNS[c.theme])
        counted = (
            f"National reports (1954-2024, {', '.join(REVISION_EXCLUDED[revision])} left out): "
            f"in {n_all}"
            + (f", first in {first}" if first else "")
            + f"; {lo + 1}-{hi}: {n_recent} of {n_era}. Sentences holding the string: "
            f"{sentences}, {with_pattern} with a {c.theme} word ({PATTERNS[c.theme]})."
        )
        if by_provinces:
            counted += f" Uncoded provincial reports of 2025: in {n_prov} of {n_provinces}."
        off_theme = share is not None and sentences > 0 and with_pattern < share * sentences
        if inside:
            added, why = (
                False,
                (
                    f"Not added: {origin}; its own text already holds the lexicon term "
                    f"{inside[0]}, which counts it (rule 1)."
                ),
            )
        elif (
            n_recent >= ERA_MIN_REPORTS
            or n_all >= GENRE_MIN_REPORTS
            or (by_provinces and n_prov >= min_provinces)
        ) and not off_theme:
            if n_recent >= ERA_MIN_REPORTS:
                rule = (
                    f"Era rule: occurs as a word in {n_recent} of the {n_era} national reports "
                    f"{lo + 1}-{hi} (at least {ERA_MIN_REPORTS})"
                )
            elif n_all >= GENRE_MIN_REPORTS:
                rule = (
                    f"Genre rule: occurs in {n_all} national reports (at least {GENRE_MIN_REPORTS})"
                )
            else:
                rule = (
                    f"Provincial era rule: occurs as a word in {n_prov} of the "
                    f"{n_provinces} uncoded provincial reports of 2025 (at least "
                    f"{min_provinces})"
                )
            era = "post-2020" if first is None or first >= 2020 else "standing"
            added, why = (
                True,
                (
                    f"Added to the era list ({era}): {origin}; admitted by a rule fixed before any "
                    f"count was read: {rule}."
                ),
            )
        elif off_theme:
            added, why = (
                False,
                (
                    f"Not added: {origin}; its context does not name its theme (rule 3): "
                    f"{with_pattern} of the {sentences} national sentences holding it hold a "
                    f"{c.theme} word (needs {share:.0%})."
                ),
            )
        else:
            added, why = (
                False,
                (
                    f"Not added: {origin} that fails "
                    + ("every rule" if by_provinces else "both rules")
                    + f": {n_recent} of the {n_era} "
                    f"national reports {lo + 1}-{hi} (needs {ERA_MIN_REPORTS}) and {n_all} "
                    f"national reports in all (needs {GENRE_MIN_REPORTS})"
                    + (
                        f"; {n_prov} of the {n_provinces} uncoded provincial reports "
                        f"of 2025 (needs {min_provinces})."
                        if by_provinces
                        else "."
                    )
                ),
            )
        if added and c.term not in diag.index:
            raise SystemExit(f"themes.csv lacks {c.term}, which the rules add ({rule})")
        if added:
            d = diag.loc[c.term]
            matches, paragraphs, coded = int(d["matches"]), d["paragraph_ids"], int(d["coded"])
            where = "".join(f", ¶{pid}" for pid in filter(None, paragraphs.split(";")))
            after = f" Shanxi 2017, read after the decision: {matches} match(es){where}."
        else:
            matches, paragraphs, coded = 0, "", 0
            after = (
                " Shanxi 2017, read after the decision: the string occurs "
                f"{report.text.count(c.term)} time(s)."
            )
        rows.append(
            {
                "term": c.term,
                "theme_before": "none",
                "subtheme_before": "",
                "theme_after": c.theme if added else "not added",
                "subtheme_after": c.subtheme if added else "",
                "gloss": c.gloss,
                "source": "genre",
                "matches": matches,
                "paragraphs": paragraphs,
                "coded": coded,
                "corpus_pattern": PATTERNS[c.theme],
                "corpus_sentences": sentences,
                "corpus_with_pattern": with_pattern,
                "reason": why,
                "evidence": counted + after,
                "revision": revision,
            }
        )
    return pd.DataFrame(rows)


def shanxi_diagnostics() -> tuple[Report, pd.DataFrame]:
    """The project's report and the diagnostics of every term of the lexicon file on its hand
    coding (``workreport.validation.term_diagnostics``, indexed by term): the same for every
    revision, so read once."""
    full = load_provenance()[["theme", "subtheme", "term", "gloss", "source"]]
    ours = load_report(data_dir() / "raw" / "shanxi-2017-government-work-report.seg.txt")
    diag = term_diagnostics(
        ours, match_terms(tokenize(ours), full), load_paragraph_coding(), lexicon=full
    )
    return ours, diag.set_index("term")


def updated_log() -> str:
    """The change log's text with the rows of the revisions of :data:`REVISIONS` and every
    row's lists brought up to date."""
    path = data_dir() / "lexicons" / "lexicon_changes.csv"
    log = pd.read_csv(path, dtype=str, keep_default_na=False)
    prov = load_provenance().set_index("term")
    corpus = national_corpus()  # read once for every revision
    provinces = provincial_corpus(excluded=())  # each revision leaves out its own
    ours = shanxi_diagnostics()
    decided = []
    names = list(REVISIONS)
    for i, revision in enumerate(names):
        cands = pd.read_csv(
            data_dir() / "lexicons" / REVISIONS[revision][0], dtype=str, keep_default_na=False
        )
        later = frozenset().union(
            *(
                set(pd.read_csv(data_dir() / "lexicons" / REVISIONS[r][0])["term"])
                for r in names[i + 1 :]
            )
        )
        rows = decide(cands, revision, corpus, ours=ours, provinces=provinces, later=later).astype(
            str
        )
        added = set(rows.loc[rows["theme_after"] != "not added", "term"])
        in_file = (set(prov.index[prov["source"] == "genre"]) & set(cands["term"])) - later
        if added != in_file:
            raise SystemExit(
                f"themes.csv does not hold the added candidates of {revision}: add "
                f"{sorted(added - in_file)}, remove {sorted(in_file - added)}"
            )
        decided.append(rows)
    log = pd.concat([log[~log["revision"].isin(names)], *decided], ignore_index=True)
    lists = prov["lists"]
    note = " The second revision left national-2021 (a test report) out of the counts: "
    redecided = set(pd.concat(decided)["term"])  # by a later revision: its own row says why
    for i, row in log.iterrows():
        now = str(lists.get(row["term"], ""))
        first = row["revision"] == "development-halves"
        if (
            first
            and now != row["lists"]
            and note not in row["evidence"]
            and (row["term"] not in redecided)
        ):
            log.at[i, "evidence"] = row["evidence"] + note + f"lists now '{now or 'none'}'."
        if row["revision"] in names and row["theme_after"] != "not added" and not now:
            since = sorted(set(PRESENCE_EXCLUDED) - set(REVISION_EXCLUDED[row["revision"]]))
            # the provincial reports coded since, in the order they were coded (none before
            # the provincial rule: the revisions before it counted no provincial report)
            left_out = PROVINCIAL_RULE.get(row["revision"], (PROVINCIAL_EXCLUDED, 0))[0]
            since += [p for p in PROVINCIAL_EXCLUDED if p not in left_out]
            log.at[i, "evidence"] = row["evidence"] + (
                " Counted as the lexicon file counts it now (beside the terms added with it or "
                "since, which take some of its occurrences"
                + (
                    f"; without the reports coded out of sample since: {', '.join(since)}"
                    if since
                    else ""
                )
                + "), it passes no rule: lists now 'none'."
            )
        log.at[i, "lists"] = now
    buf = io.StringIO()
    log.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue()


def main() -> int:
    path = data_dir() / "lexicons" / "lexicon_changes.csv"
    # the file still validates once written
    return write_or_check(path, updated_log, doc=__doc__ or "", validate=load_lexicon_changes)


if __name__ == "__main__":
    sys.exit(main())
