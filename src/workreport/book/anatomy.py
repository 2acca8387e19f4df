"""The anatomy chapter's tables (``notebooks/00_anatomy.ipynb``): what the loader read and
repaired, how the report is organised, how well it is segmented and where the themes sit.

Each function takes what it needs of an analysed report and returns a display-ready table
(columns named as the book shows them) and, where the prose needs them, a dict of glue values
(plain strings, keyed as the notebook's ``{glue:text}`` roles name them). Nothing here is about
one report: every function runs on any report the package reads.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..constants import THEME_LABELS, THEMES
from .glosses import gloss
from .words import and_list, count_words, fmt_number

if TYPE_CHECKING:
    from ..pipeline import Analysis
    from ..report import Report

__all__ = [
    "EDIT_MEANING",
    "KIND_MEANING",
    "anomaly_kinds",
    "anomaly_table",
    "describe",
    "dictionary_table",
    "edit_table",
    "engine_agreement",
    "leads_by_part",
    "national_anomalies",
    "national_outline",
    "parts_table",
    "review_leads",
    "section_table",
    "segmentation_table",
    "size_table",
    "theme_boundaries",
    "theme_part_table",
]

Values = dict[str, str]

#: What each kind of anomaly means (the kinds are documented in :mod:`workreport.report`).
KIND_MEANING = {
    "missing-title": "no title line: the text starts with the date line or the greeting",
    "run-together-bullets": "two '——' bullets in one line: split into two paragraphs",
    "duplicated-phrase": "a phrase written twice in a row: one copy kept",
    "doubled-punctuation": "a punctuation mark written twice: one kept",
    "fullwidth-folded": "full-width digits, letters, signs (２０１０年, ８．７％) folded to ASCII",
    "thousands-separator": "a full-width comma between digit groups read as a thousands separator",
    "zero-width-removed": "invisible zero-width characters (U+200B …) removed",
    "spaced-number-joined": "a number typeset digit by digit (1 9 9 8) closed up",
    "paragraphs-in-one-line": "several paragraphs stored in one line: cut at their indents",
    "heading-split": "a part heading cut from the paragraph it ran into",
    "line-break-joined": "a line broken inside a sentence (wiki links) joined to the next",
    "front-matter-removed": "web-page clutter or a news dateline before the title: set aside",
    "back-matter-removed": "a footer after the report's end (licence, site links): set aside",
    "duplicate-copy": "a second copy of the report: set aside, analysed once",
    "table-of-contents": "a table of contents: marked, not read as headings",
    "no-part-headings": "no part headings found: the body read as one part",
    "heading-number-skipped": "a part or section number missing from the sequence",
}
#: What each kind of routine cleaning edit means (the anomalies are edits too).
EDIT_MEANING = {
    "whitespace-stripped": "white space at the start or end of a line, removed",
    "space-removed": "a space between Chinese characters (words of a segmented text), removed",
    "dash-restored": "the space inside a split em dash '— —', removed",
    **KIND_MEANING,
}
_STEPS = {0: "0 characters", 1: "1 strip", 2: "2 join", 3: "3 dedupe"}
_CJK = re.compile("[\u3400-\u9fff]")


def _english(zh: str) -> str:
    """The gloss of a Chinese string ("" for a string without Chinese)."""
    return gloss(zh) if _CJK.search(zh) else ""


def describe(report: Report) -> str:
    """The report in a phrase: its title (else its file name), where it comes from and its
    year, as the Data section names it."""
    from .chapter import place_of

    place = place_of(report)
    what = report.title or f"the file {report.name}"
    origin = f"a report of {place.label}" if place.zh else "a report of unknown origin"
    return f"{what}, {origin}" + (f" delivered in {report.year}" if report.year else "")


def size_table(a: Analysis) -> tuple[pd.DataFrame, Values]:
    """The report at a glance (format, encoding, date, speaker, size), with the glue values
    ``anatomy_chars``, ``anatomy_paragraphs`` and ``anatomy_words``."""
    r = a.report
    n_chars = len(r.text.replace("\n", ""))
    n_words = int((~a.tokens["is_punct"]).sum())
    rows = [
        ("format", r.format),
        ("encoding", r.encoding),
        ("delivered", r.date or "–"),
        ("speaker", f"{r.speaker_office} {r.speaker}".strip() or "–"),
        ("characters (cleaned text)", fmt_number(n_chars)),
        ("paragraphs", fmt_number(len(r.paragraphs))),
        ("sentences", fmt_number(len(r.sentences))),
        ("tokens (with punctuation)", fmt_number(len(a.tokens))),
        ("word tokens (no punctuation)", fmt_number(n_words)),
    ]
    values = {
        "anatomy_chars": fmt_number(n_chars),
        "anatomy_paragraphs": fmt_number(len(r.paragraphs)),
        "anatomy_words": fmt_number(n_words),
    }
    return pd.DataFrame(rows, columns=["Measure", "Value"]), values


def anomaly_table(report: Report, *, max_rows: int = 30) -> tuple[pd.DataFrame, Values]:
    """The anomalies the loader logged, in the order of the text (the first ``max_rows``),
    with the glue values ``anatomy_anomalies`` (a count), ``anatomy_anomaly_kinds`` (each
    kind ×n, in brackets with a space before; empty when there is none) and
    ``anatomy_anomalies_shown`` (which rows the table shows)."""
    anomalies = report.anomalies.reset_index(drop=True)
    shown = anomalies.head(max_rows)
    df = pd.DataFrame(
        {
            "No.": range(1, len(shown) + 1),
            "Kind": shown["kind"],
            "¶": [fmt_number(p) for p in shown["paragraph_id"]],
            "Line": [fmt_number(n) if n > 0 else "–" for n in shown["line"]],
            "Text as received": [o if o.strip() else "–" for o in shown["original"]],
            "English": [_english(o) for o in shown["original"]],
            "What the loader did": shown["action"],
        }
    )
    kinds = anomalies["kind"].value_counts(sort=False)
    n = len(anomalies)
    values = {
        "anatomy_anomalies": count_words(n, "anomaly", plural="anomalies"),
        "anatomy_anomaly_kinds": f" ({and_list(f'{k} ×{c}' for k, c in kinds.items())})"
        if n
        else "",
        "anatomy_anomalies_shown": (
            f"the first {max_rows} of {n:,}" if n > max_rows else "all of them" if n else "none"
        ),
    }
    return df, values


def edit_table(report: Report, path: str | Path) -> tuple[pd.DataFrame, Values]:
    """Every edit of the cleaning by kind (step, meaning, edits, lines of the file), with the
    glue values ``anatomy_cut_lines`` (lines cut into paragraphs) and ``anatomy_roundtrip``:
    whether undoing the edits rebuilds what was received from ``path`` — the file's bytes for
    a text file; for a Word file, web page or PDF, the text read from it."""
    from ..formats import extract

    edits = report.edits
    df = (
        edits.groupby("kind", sort=False)
        .agg(step=("step", "first"), edits=("kind", "size"), lines=("line", "nunique"))
        .reset_index()
        .sort_values(["step", "edits"], ascending=[True, False], kind="stable")
    )
    df["step"] = [_STEPS.get(s, str(s)) for s in df["step"]]
    df["meaning"] = [EDIT_MEANING.get(k, "") for k in df["kind"]]
    df = df[["step", "kind", "meaning", "edits", "lines"]]
    df.columns = ["Step", "Kind of edit", "What it is", "Edits", "Lines of the file"]
    cut = int(edits.loc[edits["offset"] > 0, "line"].nunique())
    data = Path(path).read_bytes()
    got = extract(data, path=path, suffix=Path(path).suffix)
    if got.source_format == "text":
        received, what = data, "the file we received"
    else:
        received = got.decoded.encode(got.decoded.text)
        what = f"the text read from the {got.source_format} file"
    rebuilt = report.reconstruct_bytes() == received
    values = {
        "anatomy_cut_lines": "no line of this report was cut"
        if cut == 0
        else f"{count_words(cut, 'line')} of this report {'was' if cut == 1 else 'were'} cut",
        "anatomy_roundtrip": f"rebuilds {what} byte for byte: nothing was lost"
        if rebuilt
        else f"does not rebuild {what} byte for byte: the log is incomplete",
    }
    return df, values


def national_anomalies(corpus_dir: str | Path) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Load every report of a corpus folder and return (the anomalies found, one row per
    occurrence: ``file``, ``year``, ``kind``; the outline found, one row per loaded report:
    ``file``, ``parts``, ``sections``; the files the loader refused, as ``file: problem``)."""
    from ..context import year_from_name
    from ..corpus import list_reports
    from ..errors import ReportFormatError
    from ..report import load_report

    rows, outline, failed = [], [], []
    for path in list_reports(corpus_dir):
        try:
            r = load_report(path)
        except ReportFormatError as exc:  # a file the loader refuses is counted, not hidden
            failed.append(f"{path.name}: {exc}")
            continue
        outline.append((path.name, len(r.parts), len(r.sections)))
        year = r.year or year_from_name(path.name)
        rows += [(path.name, year, kind) for kind in r.anomalies["kind"]]
    found = pd.DataFrame(rows, columns=["file", "year", "kind"])
    return found, pd.DataFrame(outline, columns=["file", "parts", "sections"]), failed


def _first_years(years: pd.Series, k: int = 3) -> str:
    return ", ".join(str(int(y)) for y in sorted(set(years.dropna()))[:k]) or "–"


def anomaly_kinds(found: pd.DataFrame, n_reports: int, n_files: int) -> tuple[pd.DataFrame, Values]:
    """The corpus's anomalies by kind (every known kind, 0 where it never occurs): reports,
    occurrences, the first three years; with the glue values of the national paragraph."""
    by_kind = found.groupby("kind").agg(
        reports=("file", "nunique"), occurrences=("file", "size"), years=("year", _first_years)
    )
    by_kind = by_kind.reindex(list(dict.fromkeys([*KIND_MEANING, *by_kind.index])))
    by_kind = by_kind.fillna({"reports": 0, "occurrences": 0, "years": "–"}).reset_index()
    by_kind[["reports", "occurrences"]] = by_kind[["reports", "occurrences"]].astype(int)
    by_kind["meaning"] = [KIND_MEANING.get(k, "") for k in by_kind["kind"]]
    by_kind = by_kind.sort_values(["reports", "occurrences"], ascending=False, kind="stable")
    df = by_kind[["kind", "meaning", "reports", "occurrences", "years"]]
    df.columns = ["Kind", "What it is", "Reports", "Occurrences", "Years (first three)"]
    one_part = found.loc[found["kind"] == "no-part-headings", "year"].dropna().sort_values()
    values = {
        "anatomy_nat_files": fmt_number(n_files),
        "anatomy_nat_loaded": fmt_number(n_reports),
        "anatomy_nat_with_anomaly": fmt_number(found["file"].nunique()),
        "anatomy_nat_kinds_seen": fmt_number(int((by_kind["reports"] > 0).sum())),
        "anatomy_nat_kinds": fmt_number(len(by_kind)),
        "anatomy_nat_one_part": and_list((str(int(y)) for y in one_part), empty="none"),
    }
    return df, values


def national_outline(outline: pd.DataFrame, hand: pd.DataFrame) -> tuple[pd.DataFrame, Values]:
    """The outline found (``outline``: ``file``, ``parts``, ``sections``) against the hand
    count (``hand``: ``file``, ``year``, ``hand_parts``, ``hand_sections``), one row per
    report counted by hand with ``agrees``; glue values ``anatomy_nat_compared``,
    ``anatomy_nat_agree`` and ``anatomy_nat_exceptions`` (each disagreement in words)."""
    df = outline.merge(hand.dropna(subset=["hand_parts"]), on="file")
    df["agrees"] = (df["parts"] == df["hand_parts"]) & (df["sections"] == df["hand_sections"])
    off = df[~df["agrees"]]
    cols = ["year", "parts", "sections", "hand_parts", "hand_sections"]
    said = [
        f"{y}: {count_words(p, 'part')} and {count_words(s, 'section')} found, "
        f"{count_words(hp, 'part')} and {count_words(hs, 'section')} by hand"
        for y, p, s, hp, hs in off[cols].astype(int).itertuples(index=False)
    ]
    values = {
        "anatomy_nat_compared": fmt_number(len(df)),
        "anatomy_nat_agree": fmt_number(int(df["agrees"].sum())),
        "anatomy_nat_exceptions": "; ".join(said) or "none",
    }
    return df, values


def parts_table(report: Report) -> tuple[pd.DataFrame, Values]:
    """The parts (title and gloss, label, the year the title names, size), with the glue
    values ``anatomy_parts``, ``anatomy_sections`` and ``anatomy_plan_share`` (the plan's
    share of the body's characters)."""
    p = report.parts
    df = pd.DataFrame(
        {
            "Part": p["part"],
            "Title": p["title"],
            "English": [gloss(t) for t in p["title"]],
            "Label": p["label"],
            "Year": [str(int(y)) if pd.notna(y) else "–" for y in p["year"]],
            "Paragraphs": p["paragraphs"],
            "Sections": p["sections"],
            "Characters": p["chars"],
        }
    )
    share = p.loc[p["label"] == "plan", "chars"].sum() / max(p["chars"].sum(), 1)
    values = {
        "anatomy_parts": count_words(len(p), "part"),
        "anatomy_sections": count_words(len(report.sections), "numbered section"),
        "anatomy_plan_share": f"{100 * share:.0f}%",
    }
    return df, values


def section_table(report: Report) -> tuple[pd.DataFrame, pd.Series, Values]:
    """The numbered sections (part.section, title, gloss, size), their lengths labelled for
    a bar chart, and the glue values ``anatomy_longest_section``,
    ``anatomy_shortest_section`` and ``anatomy_section_range`` (a sentence)."""
    from .glosses import section_labels

    s = report.sections
    number = [f"{p}.{n}" for p, n in zip(s["part"], s["section"], strict=True)]
    df = pd.DataFrame(
        {
            "Section": number,
            "Title": s["title"],
            "English": [gloss(t) for t in s["title"]],
            "Paragraphs": s["paragraphs"],
            "Characters": s["chars"],
        }
    )
    labels = section_labels(report)
    keys = zip(s["part"], s["section"], strict=True)
    lengths = pd.Series(list(s["chars"]), index=[labels[k] for k in keys], dtype=float)
    values = {k: "none (no numbered sections)" for k in ("longest", "shortest")}
    if len(df):
        by_len = df.sort_values("Characters", ascending=False, kind="stable")
        for key, row in (("longest", by_len.iloc[0]), ("shortest", by_len.iloc[-1])):
            en = "" if row["English"] == "(no gloss)" else f"{row['English']}; "
            values[key] = (
                f"{row['Section']} {row['Title']} ({en}{fmt_number(row['Characters'])} characters)"
            )
    out = {f"anatomy_{k}_section": v for k, v in values.items()}
    out["anatomy_section_range"] = (
        f"They range from {values['shortest']} to {values['longest']}."
        if len(df) > 1
        else f"The one section is {values['longest']}."
        if len(df)
        else "The report has no numbered sections."
    )
    return df, lengths, out


def _body(report: Report) -> pd.DataFrame:
    p = report.paragraphs
    return p[(p["part"] > 0) & p["role"].isin(["body", "bullet"])]


def leads_by_part(report: Report) -> tuple[pd.DataFrame, Values]:
    """Body paragraphs (text and bullets) that open with a lead phrase, by part, with the
    glue values ``anatomy_leads`` and ``anatomy_body``."""
    body = _body(report)
    df = (
        body.assign(has_lead=body["lead"] != "")
        .groupby(["part", "part_title", "part_label"], sort=True)
        .agg(paragraphs=("has_lead", "size"), leads=("has_lead", "sum"))
        .reset_index()
    )
    df["pct"] = (100 * df["leads"] / df["paragraphs"].clip(lower=1)).round(0)
    df.insert(2, "english", [gloss(t) for t in df["part_title"]])
    df.columns = [
        "Part",
        "Title",
        "English",
        "Label",
        "Body paragraphs",
        "With a lead phrase",
        "With a lead phrase (%)",
    ]
    n = int((body["lead"] != "").sum())
    return df, {"anatomy_leads": fmt_number(n), "anatomy_body": fmt_number(len(body))}


def review_leads(report: Report) -> pd.DataFrame:
    """The lead phrases of the review part, in order, with their glosses."""
    body = _body(report)
    rows = body[(body["lead"] != "") & (body["part_label"] == "review")]
    return pd.DataFrame(
        {
            "¶": rows["paragraph_id"],
            "Lead phrase": rows["lead"],
            "English": [gloss(t) for t in rows["lead"]],
        }
    )


def segmentation_table(report: Report) -> tuple[pd.DataFrame, Values]:
    """Word-boundary agreement of jieba, with and without the user dictionary, with the
    seed segmentation of a segmented report (an empty table for any other), with the glue
    values ``seg_f1_plain`` and ``seg_f1_dict``."""
    from ..tokens import segmentation_comparison

    cols = ["reference", "compared", "precision", "recall", "f1", "gold"]
    if report.format != "segmented":
        none = "– (no seed segmentation)"
        return pd.DataFrame(columns=cols), {"seg_f1_plain": none, "seg_f1_dict": none}
    seg = segmentation_comparison(report)[cols]
    f1 = seg[seg["reference"] == "seed"].set_index("compared")["f1"]
    values = {
        "seg_f1_plain": f"{f1['jieba']:.3f}",
        "seg_f1_dict": f"{f1['jieba + user dictionary']:.3f}",
    }
    for c in ("precision", "recall", "f1"):
        seg[c] = [f"{x:.3f}" for x in seg[c]]
    seg.columns = ["Reference", "Compared", "Precision", "Recall", "F1", "Boundaries in reference"]
    return seg, values


def engine_agreement(report: Report) -> str:
    """Whether the installed segmentation engines give the same tokens on the report, in
    words (glue value ``anatomy_engines``)."""
    from ..tokens import installed_engines, tokenize

    engines = installed_engines()
    if len(engines) < 2:
        return f"are not both installed here (only {and_list(engines)})"
    first, second = (tokenize(report, engine=e)["token"].tolist() for e in engines[:2])
    differ = sum(x != y for x, y in zip(first, second, strict=False))
    differ += abs(len(first) - len(second))
    if differ == 0:
        return "give identical tokens on this report"
    return f"differ in {differ:,} of {len(first):,} token positions on this report"


def dictionary_table(report: Report, *, top: int = 15) -> tuple[pd.DataFrame, Values]:
    """Where the project's user dictionary changes plain jieba's segmentation: the ``top``
    most frequent distinct changes, glossed (the whole term's gloss, else its longest
    token's), with the glue values ``dict_changes``, ``anatomy_dict_distinct`` and
    ``anatomy_dict_top``."""
    from ..tokens import dictionary_changes

    changes = dictionary_changes(report)
    grouped = (
        changes.groupby(["plain", "with_dictionary"])
        .size()
        .rename("places")
        .reset_index()
        .sort_values(["places", "with_dictionary"], ascending=[False, True], kind="stable")
    )
    shown = grouped.head(top)

    def english(joined: str) -> str:
        whole = gloss(joined.replace("/", ""), missing="")
        return whole or gloss(max(joined.split("/"), key=len))

    df = pd.DataFrame(
        {
            "With the dictionary": shown["with_dictionary"],
            "English": [english(t) for t in shown["with_dictionary"]],
            "Plain jieba": shown["plain"],
            "Places": shown["places"],
        }
    )
    values = {
        "dict_changes": fmt_number(len(changes)),
        "anatomy_dict_distinct": fmt_number(len(grouped)),
        "anatomy_dict_top": f"the {top} most frequent of {len(grouped):,}"
        if len(grouped) > top
        else "all of them",
    }
    return df, values


def theme_boundaries(report: Report) -> pd.DataFrame:
    """Where parts and sections begin, as a share of the text (``position``, ``label``),
    for :func:`workreport.book.figures.theme_positions_plot`."""
    p = report.paragraphs
    starts = p[p["role"].isin(["part-heading", "section-heading"])]
    return pd.DataFrame(
        {
            "position": starts["start"] / max(len(report.text), 1),
            "label": [
                f"part {a}" if r == "part-heading" else f"{a}.{s}"
                for a, s, r in zip(starts["part"], starts["section"], starts["role"], strict=True)
            ],
        }
    )


def theme_part_table(report: Report, positions: pd.DataFrame) -> tuple[pd.DataFrame, Values]:
    """Theme-term matches in each part (``positions``, from
    :func:`workreport.themes.theme_positions`; the preamble left out), with the glue value
    ``anatomy_plan_match_shares``: each theme's share of its body matches that lie in the plan
    part, as a clause ("62% of the energy matches, … and 77% of the ecology matches")."""
    body = positions[positions["part"] > 0]
    counts = (
        body.groupby(["part", "theme"])
        .size()
        .unstack("theme")
        .reindex(index=report.parts["part"], columns=list(THEMES))
        .fillna(0)
        .astype(int)
        .reset_index()
    )
    counts.insert(1, "Title", list(report.parts["title"]))
    counts.insert(2, "English", [gloss(t) for t in report.parts["title"]])
    counts.insert(3, "Label", list(report.parts["label"]))
    counts.columns = ["Part", "Title", "English", "Label"] + [
        f"{THEME_LABELS[t]}: matches" for t in THEMES
    ]
    in_plan = body[body["part_label"] == "plan"].groupby("theme").size()
    in_body = body.groupby("theme").size()
    shares = [
        f"{100 * in_plan.get(t, 0) / in_body[t]:.0f}% of the {THEME_LABELS[t].lower()} matches"
        for t in THEMES
        if in_body.get(t, 0)
    ]
    return counts, {"anatomy_plan_match_shares": and_list(shares, empty="none of the matches")}
