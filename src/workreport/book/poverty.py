"""The poverty-alleviation chapter (``notebooks/02_poverty.ipynb``): its tables and glued values.

Each function takes the chapter's :class:`PovertyView` (:func:`view`) and returns
:class:`~workreport.book.words.Findings`: tidy tables with the headers a reader sees, the values
the prose glues and the claims whose wording the data choose. The chapter's choices (headline
patterns, the instruments of the national poverty plan with their source, the sentences
quoted) come from ``data/chapters/02_poverty.toml``; every finding has a wording for a report
where it does not hold or where there is nothing to count.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .. import themes
from ..constants import FIRMNESS, THEMES
from ..targets import COLUMNS, pair_results_targets
from . import glosses
from .figures import percent_change
from .words import (
    Findings,
    and_list,
    contains,
    count_words,
    fmt_number,
    interval,
    interval_words,
    paragraph_refs,
)

__all__ = [
    "PovertyView",
    "campaign",
    "commitments",
    "headlines",
    "instruments",
    "intro",
    "one_year",
    "quantities",
    "subthemes",
    "view",
    "where",
]


@dataclass(frozen=True)
class PovertyView:
    """The chapter's report seen for poverty: ``ch`` (the
    :class:`~workreport.book.chapter.Chapter`), the poverty matches (``matches``) and the
    report's quantities with the sentence that holds each (``targets``).
    """

    ch: Any
    matches: pd.DataFrame
    targets: pd.DataFrame

    @property
    def report(self) -> Any:
        return self.ch.report

    @property
    def config(self) -> dict[str, Any]:
        return self.ch.config


def view(ch: Any) -> PovertyView:
    """The poverty view of a chapter (see :class:`PovertyView`)."""
    s = ch.report.sentences
    t = ch.targets
    i = s["start"].searchsorted(t["start"].to_numpy(), side="right") - 1
    targets = t.assign(sentence_id=s["sentence_id"].to_numpy()[np.clip(i, 0, None)])
    m = ch.analysis.matches
    return PovertyView(ch, m[m["theme"] == "poverty"].reset_index(drop=True), targets)


def intro(v: PovertyView) -> Findings:
    """The report's name, place and years, for the prose."""
    ch = v.ch
    place = f"{ch.place.label} " if ch.place.zh else ""
    return Findings(
        values={
            "poverty_report": f"the {place}Government Work Report"
            + (f" of {ch.year}" if ch.year else ""),
            "poverty_review_year": str(ch.review_year or "the year reviewed"),
            "poverty_plan_year": str(ch.plan_year or "the year planned"),
        }
    )


def _hedge(firmness: str, qualifier: str) -> str:
    return "–" if firmness == "plain" else f"{qualifier} ({firmness})"


def quantities(v: PovertyView) -> Findings:
    """The quantities of the poverty theme, in report order."""
    pq = v.targets[v.targets["theme"] == "poverty"]
    table = pd.DataFrame(
        {
            "Kind": pq["kind"],
            "Year": pq["period"],
            "Indicator (as extracted)": pq["indicator"],
            "English": [glosses.gloss(i) for i in pq["indicator"]],
            "Verb": pq["verb"].replace("", "–"),
            "Figure": [f"{fmt_number(x)}{u}" for x, u in zip(pq["value"], pq["unit"], strict=True)],
            "Direction": pq["direction"],
            "Hedge": [_hedge(f, q) for f, q in zip(pq["firmness"], pq["qualifier"], strict=True)],
            "Binding / expected": pq["binding"].replace("", "–"),
            "Estimate (预计)": pq["estimate"].astype(bool),
            "¶": [f"¶{p}" for p in pq["paragraph_id"]],
        }
    )
    n_res = int((pq["kind"] == "result").sum())
    return Findings(
        tables={"quantities": table},
        values={
            "poverty_n_quantities": count_words(len(pq), "quantity", plural="quantities"),
            "poverty_n_results": count_words(n_res, "result"),
            "poverty_n_targets": count_words(len(pq) - n_res, "target"),
        },
    )


def one_year(rows: pd.DataFrame, year: int | None) -> pd.Series:
    """Rows whose period is ``year`` (any single year when it is unknown): a five-year total
    is no one-year result, and a goal for 2030 is no target of next year.

    Examples
    --------
    >>> one_year(pd.DataFrame({"period": ["2017", "2016-2020", "2030"]}), 2017).tolist()
    [True, False, False]
    """
    if year:
        return rows["period"] == str(year)
    return rows["period"].str.fullmatch(r"\d{4}").fillna(False).astype(bool)


def _with_verb(row: pd.Series) -> str:
    return f"{row['indicator']}（{row['verb']}）" if row["verb"] else str(row["indicator"])


def headlines(v: PovertyView) -> Findings:
    """The headline indicators of the data file (``headlines``): the review year's result and
    the plan year's target of each (a goal for another year is neither), the change, hedge,
    binding status; whether every target exceeds its result; which have a target without a
    result; whether the poverty results are estimates (预计); and the package's own pairs of
    poverty results with next year's targets (:func:`workreport.targets.pair_results_targets`)
    beyond the headline ones."""
    ch, t = v.ch, v.targets
    is_pov = t["theme"] == "poverty"
    key = t["indicator"] + t["verb"]
    rows = []
    for h in v.config.get("headlines", []):
        hit = t[is_pov & contains(key, h["pattern"])]
        res = hit[
            (hit["kind"] == "result")
            & (hit["part_label"] == "review")
            & one_year(hit, ch.year_of("review"))
        ].head(1)
        tgt = hit[
            (hit["kind"] == "target") & (hit["part_label"] == "plan") & one_year(hit, ch.plan_year)
        ].head(1)
        r = res.iloc[0] if len(res) else None
        g = tgt.iloc[0] if len(tgt) else None
        first = g if g is not None else r
        rows.append(
            {
                "key": h["key"],
                "label": f"{h['zh']} ({h['en']})",
                "unit": h["unit"],
                "base_unit": first["base_unit"] if first is not None else "",
                "result": r["value_base"] if r is not None else np.nan,
                "target": g["value_base"] if g is not None else np.nan,
                "result_indicator": _with_verb(r) if r is not None else "",
                "target_indicator": _with_verb(g) if g is not None else "",
                "direction": first["direction"] if first is not None else "",
                "pair_key": (
                    (
                        r["paragraph_id"],
                        r["indicator"],
                        r["value"],
                        g["paragraph_id"],
                        g["indicator"],
                    )
                    if r is not None and g is not None
                    else None
                ),
                "hedge": _hedge(g["firmness"], g["qualifier"]) if g is not None else "–",
                "binding": (g["binding"] or "–") if g is not None else "–",
                "estimate": fmt_number(bool(r["estimate"])) if r is not None else "–",
                "refs": " → ".join(f"¶{int(x['paragraph_id'])}" for x in (r, g) if x is not None)
                or "–",
            }
        )
    cols = ["key", "label", "unit", "base_unit", "result", "target", "result_indicator"]
    cols += ["target_indicator", "direction", "pair_key", "hedge", "binding", "estimate", "refs"]
    hl = pd.DataFrame(rows, columns=cols)
    hl["change"] = percent_change(hl["result"], hl["target"]) if len(hl) else []
    res_label, tgt_label = ch.label("result"), ch.label("target")
    table = pd.DataFrame(
        {
            "Indicator": hl["label"],
            res_label.capitalize(): [
                "not stated" if pd.isna(x) else fmt_number(x) for x in hl["result"]
            ],
            tgt_label.capitalize(): [
                "not stated" if pd.isna(x) else fmt_number(x) for x in hl["target"]
            ],
            "Unit": hl["unit"],
            "Change (% of result)": ["–" if pd.isna(x) else f"{x:+.0f}" for x in hl["change"]],
            "Direction": hl["direction"].replace("", "–"),
            "Target hedge": hl["hedge"],
            "Target binding": hl["binding"],
            "Result an estimate": hl["estimate"],
            "¶ result → target": hl["refs"],
        }
    )
    values = {
        f"poverty_{k}_{col}": "not stated" if pd.isna(x) else f"{x:,.0f}"
        for col in ("result", "target")
        for k, x in zip(hl["key"], hl[col], strict=True)
    }
    reloc = hl.set_index("key").reindex(["relocation"]).iloc[0]
    values["poverty_relocation_result_indicator"] = reloc["result_indicator"] or "not stated"
    values["poverty_relocation_target_indicator"] = reloc["target_indicator"] or "not stated"
    both = hl.dropna(subset=["result", "target"])
    values["poverty_n_headline_pairs"] = count_words(len(both), "pair")
    missing = hl.loc[hl["result"].isna() & hl["target"].notna(), "label"]
    results = t[t["kind"] == "result"]
    est_pov = int(results.loc[results["theme"] == "poverty", "estimate"].sum())
    est_all = int(results["estimate"].sum())
    est_refs = paragraph_refs(results.loc[results["estimate"].astype(bool), "paragraph_id"])
    # the package's pairing, for the poverty results, beyond the headline pairs
    pairs = pair_results_targets(t[COLUMNS])
    pov_res = t.loc[is_pov & (t["kind"] == "result"), ["paragraph_id", "indicator"]]
    pairs = pairs.merge(
        pov_res.rename(columns={"paragraph_id": "result_paragraph"}),
        on=["result_paragraph", "indicator"],
    )
    pairs = pairs[pairs["pair"] == "result→next target"]
    ours = set(hl["pair_key"].dropna())
    keys = zip(
        pairs["result_paragraph"],
        pairs["indicator"],
        pairs["result"],
        pairs["target_paragraph"],
        pairs["target_indicator"],
        strict=True,
    )
    others = pairs[np.array([k not in ours for k in keys], dtype=bool)]
    listed = "; ".join(
        f"{i} ({fmt_number(r)} → {fmt_number(g)})"
        for i, r, g in zip(others["indicator"], others["result"], others["target"], strict=True)
    )
    values["poverty_n_package_pairs"] = count_words(len(pairs), "pair")
    above = bool(len(both)) and bool((both["target"] > both["result"]).all())
    below = bool(len(both)) and bool((both["target"] < both["result"]).all())
    return Findings(
        tables={"headlines": table, "pairs": both},
        values=values,
        claims={
            "poverty_targets_above": (
                above,
                "every target is above the result of the year before",
                "every target is below the result of the year before"
                if below
                else "the targets are not all above the results of the year before"
                if len(both)
                else "no headline indicator has both a result and a target",
            ),
            "poverty_missing_results": (
                len(missing) == 1 and str(missing.iloc[0]).startswith("贫困县"),
                "The review gives no number of poor counties that left the list, so the plan's "
                "target for counties has nothing to be compared with",
                "Indicators with a target but no result of the review year: "
                + and_list(missing, empty="none"),
            ),
            "poverty_results_estimates": (
                est_pov == 0 and est_all > 0,
                "none of the poverty results is an estimate (预计), while "
                f"{count_words(est_all, 'other result')} of the report "
                f"{'is' if est_all == 1 else 'are'} ({est_refs}): the poverty figures are "
                "reported as counts, not forecasts of the year's end",
                f"{est_pov} of the poverty results and {est_all} of all {len(results)} results "
                "are estimates (预计)"
                if est_all
                else "no result of the report is an estimate (预计)",
            ),
            "poverty_package_others": (
                len(others) == 1 and "八大工程" in str(others["indicator"].iloc[0]),
                f"{listed}: the eight major projects and twenty special actions of targeted "
                "poverty alleviation, named in both years (二十个, a Chinese numeral, is "
                "extracted too)",
                listed or "nothing else",
            ),
        },
    )


def where(v: PovertyView) -> Findings:
    """Poverty terms per 1,000 words by subtheme in each part and in each section that holds
    one; every paragraph with a poverty term; the section and paragraph holding most; and the
    rate ratio plan / review with its paragraph-bootstrap interval
    (:func:`workreport.themes.review_vs_plan`)."""
    report, a, pov = v.report, v.ch.analysis, v.matches
    row_labels = {
        f"{p}.00": f"Part {p}: {t} (whole part)\n{glosses.gloss(t, missing='')}".rstrip()
        for p, t in report.parts.set_index("part")["title"].items()
    }
    row_labels |= {f"{p}.{s:02d}": lab for (p, s), lab in glosses.section_labels(report).items()}
    if len(pov):
        parts = themes.theme_by_unit(report, a.tokens, pov, unit="part", level="subtheme")
        parts = parts[parts["part"] > 0].assign(unit=lambda d: d["part"].map("{}.00".format))
        secs = themes.theme_by_unit(report, a.tokens, pov, unit="section", level="subtheme")
        secs = secs.assign(
            unit=[f"{p}.{int(s):02d}" for p, s in zip(secs["part"], secs["section"], strict=True)]
        )
        secs = secs[secs.groupby("unit")["matches"].transform("sum") > 0]
        units = pd.concat([parts, secs], ignore_index=True)
        units = units.drop(columns="theme").assign(
            theme=units["subtheme"].map(glosses.subtheme_label)
        )
        units["label"] = units["unit"].map(row_labels)
        wide = units.pivot(index="unit", columns="theme", values="per_1000").reset_index()
        wide.insert(
            0, "Part or section", [row_labels[u].replace("\n", " — ") for u in wide["unit"]]
        )
        wide = wide.drop(columns="unit")
    else:
        secs = pd.DataFrame(columns=["unit", "matches"])
        units = pd.DataFrame(columns=["unit", "theme", "per_1000", "label"])
        wide = pd.DataFrame({"Part or section": []})
    by_par = (
        pov.merge(report.paragraphs[["paragraph_id", "part", "section"]], on="paragraph_id")
        .groupby(["paragraph_id", "part", "section"], dropna=False)
        .agg(matches=("term", "size"), terms=("term", lambda x: " ".join(dict.fromkeys(x))))
        .reset_index()
    )
    titles = report.parts.set_index("part")["title"]

    def place(part: Any, section: Any) -> str:
        if pd.notna(section):
            zh, _, en = row_labels[f"{int(part)}.{int(section):02d}"].partition("\n")
            return f"{zh} ({en})" if en else zh
        title = str(titles.get(part, ""))
        return f"Part {part}: {glosses.zh_en(title)}"

    paragraphs = pd.DataFrame(
        {
            "¶": [f"¶{p}" for p in by_par["paragraph_id"]],
            "Part or section": [
                place(p, s) for p, s in zip(by_par["part"], by_par["section"], strict=True)
            ],
            "Poverty terms": by_par["matches"],
            "Terms": by_par["terms"],
        }
    )
    by_sec = secs.groupby("unit")["matches"].sum().sort_values(ascending=False, kind="stable")
    top = by_sec.index[0] if len(by_sec) else None
    zh, _, en = row_labels[top].partition("\n") if top else ("no section", "", "")
    ranked = by_par.sort_values("matches", ascending=False, kind="stable")
    part_of = report.paragraphs.set_index("paragraph_id")["part_label"]
    review = ranked[ranked["paragraph_id"].map(part_of) == "review"]
    rest = ranked.iloc[1:]
    rest = rest[~rest["paragraph_id"].isin(review["paragraph_id"].head(1))]
    shift = themes.review_vs_plan(report, a.tokens, a.matches, themes=["poverty"]).iloc[0]
    words = interval_words(shift["ci_low"], shift["ci_high"])
    values = {
        "poverty_matches": fmt_number(len(pov)),
        "poverty_n_paragraphs": count_words(len(by_par), "paragraph"),
        "poverty_top_section": f"{zh} ({en})" if en else zh,
        "poverty_top_section_matches": fmt_number(by_sec.iloc[0] if top else 0),
        "poverty_top_paragraph": f"¶{ranked['paragraph_id'].iloc[0]}" if len(ranked) else "none",
        "poverty_top_paragraph_matches": fmt_number(
            ranked["matches"].iloc[0] if len(ranked) else 0
        ),
        "poverty_review_top_paragraph": f"¶{review['paragraph_id'].iloc[0]}"
        if len(review)
        else "none",
        "poverty_rest_max": fmt_number(rest["matches"].max() if len(rest) else 0),
        "poverty_rest_n": fmt_number(len(rest)),
        "poverty_review_per_1000": fmt_number(shift["review_per_1000"]),
        "poverty_plan_per_1000": fmt_number(shift["plan_per_1000"]),
        "poverty_rate_ratio": fmt_number(shift["rate_ratio"]),
        "poverty_ci": interval(shift["ci_low"], shift["ci_high"]),
        "poverty_rate_ratio_words": words,
        "poverty_rate_ratio_reading": {
            "above": "the plan gives the theme more room than the review",
            "below": "the plan gives the theme less room than the review",
            "not distinguishable from": "the data do not tell the two parts apart",
        }.get(words, "the ratio cannot be estimated"),
    }
    has_section = bool(report.sections["title"].str.contains("贫").any())
    n_top = int(ranked["matches"].iloc[0]) if len(ranked) else 0
    poisson = interval(shift["poisson_low"], shift["poisson_high"])
    values["poverty_where_summary"] = (
        f"Of the {len(pov)} poverty terms, {values['poverty_top_section_matches']} sit in one "
        f"section, {values['poverty_top_section']}, and {n_top} in a single paragraph, "
        f"{values['poverty_top_paragraph']}"
        if len(pov)
        else "The report holds no poverty term"
    )
    values["poverty_review_summary"] = (
        f"The review's paragraph with most poverty terms is "
        f"{values['poverty_review_top_paragraph']}"
        if len(review)
        else "The review holds no poverty term"
    ) + (
        f"; the other {len(rest)} paragraphs with a poverty term hold at most "
        f"{values['poverty_rest_max']} each"
        if len(rest)
        else ""
    )
    return Findings(
        tables={"units": units, "wide": wide, "paragraphs": paragraphs},
        values=values,
        claims={
            "poverty_poisson_note": (
                bool(
                    shift["poisson_high"] - shift["poisson_low"]
                    < shift["ci_high"] - shift["ci_low"]
                ),
                f"Counting words as independent would give {poisson}, too narrow",
                f"Counting words as independent would give {poisson}"
                + (", no narrower here" if not np.isnan(shift["poisson_low"]) else ""),
            ),
            "poverty_no_section": (
                not has_section,
                "has no section of its own in the plan",
                "has a section of its own in the plan"
                if has_section
                else "has no section of its own in the plan",
            ),
        },
    )


def subthemes(v: PovertyView) -> Findings:
    """Poverty matches by subtheme of the lexicon, with each term found and its count."""
    pov = v.matches
    sub = pov.groupby(["subtheme", "term"]).size().rename("n").reset_index()
    sub = sub.sort_values(["subtheme", "n", "term"], ascending=[True, False, True])
    sub["found"] = [f"{glosses.zh_en(t)} ×{n}" for t, n in zip(sub["term"], sub["n"], strict=True)]
    out = (
        sub.groupby("subtheme")
        .agg(matches=("n", "sum"), terms=("term", "size"), found=("found", "; ".join))
        .sort_values("matches", ascending=False, kind="stable")
        .reset_index()
    )
    table = pd.DataFrame(
        {
            "Subtheme": out["subtheme"].map(glosses.subtheme_label),
            "Matches": out["matches"],
            "Distinct terms": out["terms"],
            "Terms found": out["found"],
        }
    )
    return Findings(
        tables={"subthemes": table},
        values={
            "poverty_top_subtheme": table["Subtheme"].iloc[0] if len(table) else "none",
            "poverty_top_subtheme_matches": fmt_number(
                table["Matches"].iloc[0] if len(table) else 0
            ),
        },
    )


def instruments(v: PovertyView) -> Findings:
    """The instruments of the national poverty plan (data file ``instruments``, each with the
    plan's chapter it comes from) named in the sentences that hold a poverty term, counted as
    substrings: sentences, mentions, paragraphs; which instruments are absent; the sentence
    naming one instrument most often; and the sentences on insurance for everyone and on
    labour transfer that hold no poverty term (and are therefore not counted)."""
    report, pov = v.report, v.matches
    listed = v.config.get("instruments", [])
    names = [f"{i['zh']} ({i['name']})" for i in listed]
    short = dict(zip(names, (i["name"] for i in listed), strict=True))
    sents = report.sentences[report.sentences["sentence_id"].isin(pov["sentence_id"])]
    named = pd.DataFrame(
        {n: contains(sents["text"], i["pattern"]) for n, i in zip(names, listed, strict=True)},
        index=sents.index,
        dtype=bool,
    )
    counts = pd.DataFrame(
        {n: sents["text"].str.count(i["pattern"]) for n, i in zip(names, listed, strict=True)},
        index=sents.index,
    )
    table = pd.DataFrame(
        {
            "Instrument": names,
            "Chapter of the plan": [i.get("chapter", "") for i in listed],
            "Strings searched": [i["pattern"] for i in listed],
            "Sentences": [int(named[n].sum()) for n in names],
            "Mentions": [int(counts[n].sum()) for n in names],
            "Paragraphs": [paragraph_refs(sents.loc[named[n], "paragraph_id"]) for n in names],
        }
    )
    table = table.sort_values(["Sentences", "Mentions"], ascending=False, kind="stable")
    absent = table.loc[table["Sentences"] == 0, "Instrument"]
    hits = sents.assign(
        instruments=[", ".join(short[n] for n in named.columns[row]) for row in named.to_numpy()]
    )
    hits = hits[hits["instruments"] != ""]
    sentences = pd.DataFrame(
        {
            "¶": [f"¶{p}" for p in hits["paragraph_id"]],
            "Instruments": hits["instruments"],
            "Sentence": hits["text"],
            "English": [glosses.gloss(x) for x in hits["text"]],
        }
    )
    arr = counts.to_numpy(dtype=float)
    inflates = ""
    if arr.size and arr.max() > 1:  # the first sentence and instrument with the most mentions
        i, j = np.unravel_index(int(arr.argmax()), arr.shape)
        inflates = (
            f"{short[names[j]]} is named {int(arr[i, j])} times in a single sentence "
            f"(¶{int(sents['paragraph_id'].iloc[i])})"
        )
    source = v.config.get("instrument_source", {})
    found = int((table["Sentences"] > 0).sum())
    ins = [n for n in names if short[n] == "insurance"]
    universal = report.sentences[report.sentences["text"].str.contains("大病保险")]
    transfer = report.sentences[report.sentences["text"].str.contains("转移就业|转移农村劳动力")]
    pov_terms = set(themes.load_lexicon().query("theme == 'poverty'")["term"])
    n_uni, uni_refs = len(universal), paragraph_refs(universal["paragraph_id"])
    return Findings(
        tables={"instruments": table, "sentences": sentences},
        values={
            "poverty_n_sentences": count_words(len(sents), "sentence"),
            "poverty_instruments_found": f"{found} of the {len(listed)}",
            "poverty_instruments_absent": and_list(absent, empty="none"),
            "poverty_instrument_source": source.get("title", "the chapter's data file"),
            "poverty_insurance_paragraphs": (
                paragraph_refs(sents.loc[named[ins[0]], "paragraph_id"]) if ins else "–"
            ).replace("–", "no paragraph"),
        },
        claims={
            "poverty_list_inflates": (
                bool(inflates),
                inflates,
                "no instrument is named more than once in a sentence, so mentions and "
                "sentences agree",
            ),
            "poverty_insurance_rule": (
                "大病保险" not in pov_terms
                and n_uni > 0
                and not universal["sentence_id"].isin(sents["sentence_id"]).any(),
                f"the {'sentence' if n_uni == 1 else f'{n_uni} sentences'} on critical-illness "
                f"insurance for all residents (大病保险, {uni_refs}) "
                + ("holds no poverty term and is" if n_uni == 1 else "hold no poverty term and are")
                + " not counted",
                "insurance is counted only where a poverty term shares its sentence",
            ),
            "poverty_transfer_rule": (
                len(transfer) > 0 and not transfer["sentence_id"].isin(sents["sentence_id"]).any(),
                f"the report's {count_words(len(transfer), 'sentence')} on moving rural "
                f"labourers into off-farm jobs ({paragraph_refs(transfer['paragraph_id'])}) "
                f"{'holds' if len(transfer) == 1 else 'hold'} no poverty term",
                "labour transfer is counted only where a poverty term shares its sentence",
            ),
        },
    )


def commitments(v: PovertyView) -> Findings:
    """The quantified targets stated in the plan part (whatever year they are for) by theme:
    figures and sentences, guarantees (确保), binding (约束性) and expected (预期性), hedge
    classes; the poverty targets against the others."""
    t = v.targets
    plan = t[(t["kind"] == "target") & (t["part_label"] == "plan")]
    plan = plan.assign(group=plan["theme"].where(plan["theme"] != "none", "no theme"))
    order = [*THEMES, "no theme"]
    groups = [g for g in order if g in set(plan["group"])]

    def row(df: pd.DataFrame) -> dict[str, int]:
        g, b = df["firmness"] == "guarantee", df["binding"] == "binding"
        return {
            "Targets (figures)": len(df),
            "Sentences": df["sentence_id"].nunique(),
            "确保 figures": int(g.sum()),
            "确保 sentences": df.loc[g, "sentence_id"].nunique(),
            "Binding figures": int(b.sum()),
            "Binding sentences": df.loc[b, "sentence_id"].nunique(),
            "Expected figures": int((df["binding"] == "expected").sum()),
            "力争 figures": int((df["firmness"] == "aspiration").sum()),
        }

    table = pd.DataFrame(
        [{"Theme": g, **row(plan[plan["group"] == g])} for g in groups]
        + [{"Theme": "all targets", **row(plan)}]
    )
    firm = plan.groupby(["group", "firmness"]).size().rename("n").reset_index()
    firm = firm.rename(columns={"group": "theme"})
    hedges = firm.pivot(index="theme", columns="firmness", values="n").fillna(0).astype(int)
    hedges = hedges.reindex(columns=[f for f in FIRMNESS if f in hedges.columns])
    hedges = hedges.reindex([g for g in order if g in hedges.index]).rename_axis("Theme")
    p, q = plan[plan["theme"] == "poverty"], plan[plan["theme"] != "poverty"]
    g_pov = p.loc[p["firmness"] == "guarantee", "sentence_id"].nunique()
    g_rows, g_other = (
        int((p["firmness"] == "guarantee").sum()),
        int((q["firmness"] == "guarantee").sum()),
    )
    b_pov, b_all = int((p["binding"] == "binding").sum()), int((plan["binding"] == "binding").sum())
    values = {
        "poverty_plan_targets": count_words(len(plan), "target"),
        "poverty_binding_all": fmt_number(b_all),
        "poverty_firm_pov_n": fmt_number(len(p)),
        "poverty_firm_other_n": fmt_number(len(q)),
        "poverty_firm_pov_guarantee": fmt_number(g_rows),
        "poverty_firm_other_guarantee": fmt_number(g_other),
        "poverty_firm_other_aspiration": fmt_number(int((q["firmness"] == "aspiration").sum())),
        "poverty_firm_other_approximate": fmt_number(int((q["firmness"] == "approximate").sum())),
        "poverty_firm_other_bounds": fmt_number(
            int(q["firmness"].isin(["floor", "ceiling"]).sum())
        ),
    }
    bound = p[p["binding"] == "binding"]
    values["poverty_binding_indicator"] = (
        " / ".join(
            f"{i}{vb} {fmt_number(x)}{u}"
            for i, vb, x, u in zip(
                bound["indicator"], bound["verb"], bound["value"], bound["unit"], strict=True
            )
        )
        + " ("
        + " / ".join(glosses.gloss(i) for i in bound["indicator"])
        + ")"
        if len(bound)
        else "none"
    )
    headline = (
        f"The poverty figures are among the few the report makes binding ({b_pov} of its "
        f"{b_all} binding targets) and the only ones it guarantees with 确保 ({g_rows} figures, "
        f"in {count_words(g_pov, 'sentence')})"
    )
    return Findings(
        tables={"commitments": table, "hedges": hedges.reset_index(), "firmness": firm},
        values=values,
        claims={
            "poverty_firmness_headline": (
                b_pov >= 1 and b_all <= len(plan) / 4 and g_rows > 0 and g_other == 0,
                headline,
                (
                    f"The poverty figures include {b_pov} of the report's {b_all} binding targets"
                    if b_all
                    else "The report lists no target of its plan as binding"
                )
                + (
                    f", and {g_rows} of its {g_rows + g_other} figures guaranteed with 确保"
                    if g_rows + g_other
                    else ", and guarantees no figure with 确保"
                ),
            ),
            "poverty_narrow_base": (
                b_pov == 1 and g_pov == 1,
                "the binding status covers one figure and the guarantee is a single sentence",
                f"{count_words(b_pov, 'poverty figure')} {'is' if b_pov == 1 else 'are'} "
                f"binding and {count_words(g_pov, 'sentence')} "
                f"guarantee{'s' if g_pov == 1 else ''} poverty figures"
                if b_pov or g_pov
                else "no poverty target is binding or guaranteed",
            ),
            "poverty_one_guarantee_sentence": (
                g_pov == 1 and g_rows > 1,
                f"both guarantees come from one sentence, so by sentence the count is one, "
                f"not {g_rows}",
                f"the guarantees come from {count_words(g_pov, 'sentence')}"
                if g_pov
                else "no poverty target carries 确保",
            ),
        },
    )


def first_sentence(v: PovertyView, which: str) -> int | None:
    """The ``sentence_id`` of the plan's first poverty target guaranteed with 确保
    (``guarantee``), listed as binding (``binding``), or of the first sentence matching the
    data file's ``quotes.binding_emphasis`` (``emphasis``); None when there is none."""
    t = v.targets
    p = t[(t["kind"] == "target") & (t["part_label"] == "plan") & (t["theme"] == "poverty")]
    if which == "guarantee":
        ids = p.loc[p["firmness"] == "guarantee", "sentence_id"]
    elif which == "binding":
        ids = p.loc[p["binding"] == "binding", "sentence_id"]
    else:
        s = v.report.sentences
        pattern = v.config.get("quotes", {}).get("binding_emphasis", "")
        ids = s.loc[contains(s["text"], pattern), "sentence_id"]
    return int(ids.iloc[0]) if len(ids) else None


def quote(v: PovertyView, which: str, missing: str) -> Any:
    """:func:`first_sentence` as a block quote with its English (``missing`` when none)."""
    from .chapter import quote_sentence

    sid = first_sentence(v, which)
    s = v.report.sentences
    text = s.loc[s["sentence_id"] == sid, "text"]
    english = glosses.gloss(str(text.iloc[0]), missing="") if len(text) else ""
    return quote_sentence(v.report, sid, english=english, missing=missing)


def campaign(v: PovertyView) -> Findings:
    """The sentences matching the data file's ``quotes.campaign`` pattern, and the
    paragraphs the loader split from run-together bullets."""
    s = v.report.sentences
    pattern = v.config.get("quotes", {}).get("campaign", "")
    hit = s[contains(s["text"], pattern)]
    table = pd.DataFrame(
        {
            "¶": [f"¶{p}" for p in hit["paragraph_id"]],
            "Sentence": hit["text"],
            "English": [glosses.gloss(x) for x in hit["text"]],
        }
    )
    a = v.report.anomalies
    split = sorted(int(p) for p in a.loc[a["kind"] == "run-together-bullets", "paragraph_id"])
    return Findings(
        tables={"campaign": table},
        values={"poverty_n_campaign": count_words(len(table), "sentence")},
        claims={
            "poverty_split_note": (
                bool(split),
                f"the loader split run-together bullets into their own paragraphs "
                f"({paragraph_refs(split)}; see [Anatomy of the report](00_anatomy.ipynb))",
                "this report has no run-together bullets",
            )
        },
    )
