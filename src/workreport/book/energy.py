"""The energy-transition chapter (``notebooks/01_energy.ipynb``): its tables and glued values.

Each function takes the chapter's :class:`EnergyView` (:func:`view`) and returns
:class:`~workreport.book.words.Findings`: tidy tables with the headers a reader sees, the
values the prose glues and the claims whose wording the data choose. Nothing here knows which
report it reads: the chapter's choices (subtheme labels, headline patterns, term lists) come
from ``data/chapters/01_energy.toml``, and every finding has a wording for a report where it
does not hold or where there is nothing to count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .. import rates, themes
from ..targets import pair_results_targets
from . import glosses
from .figures import percent_change
from .words import (
    Findings,
    and_list,
    contains,
    count_words,
    english_quantity,
    fmt_number,
    interval,
    interval_words,
)

__all__ = [
    "HEDGES",
    "EnergyView",
    "agenda",
    "balance",
    "binding_quote",
    "capacity",
    "clause",
    "distinctive",
    "false_positives",
    "intro",
    "new_energy",
    "quantities",
    "review_plan",
    "subthemes",
    "transformation",
    "view",
    "where",
]

HEDGES = {
    "左右": "about",
    "以上": "at least",
    "以内": "at most",
    "以下": "at most",
    "超过": "more than",
    "力争": "striving for",
    "约": "about",
    "近": "nearly",
}
"""English for the hedge written with a figure."""

SIDE_LABELS = {"coal": "煤炭 (coal side)", "new": "新能源 (new energy)"}
"""Labels of the two sides compared (subthemes grouped by the data file's ``sides``)."""


@dataclass(frozen=True)
class EnergyView:
    """The chapter's report seen for energy: ``ch`` (the
    :class:`~workreport.book.chapter.Chapter`), the body paragraphs (``body``:
    ``paragraph_id``, ``part_label``), the energy matches in the body (``matches``, with
    ``part_label``), the subtheme labels in display order (``subthemes``) and the two sides
    compared (``sides``: ``coal``/``new`` → subthemes).
    """

    ch: Any
    body: pd.DataFrame
    matches: pd.DataFrame
    subthemes: dict[str, str]
    sides: dict[str, list[str]]

    @property
    def report(self) -> Any:
        return self.ch.report

    @property
    def config(self) -> dict[str, Any]:
        return self.ch.config

    def part_name(self, label: str) -> str:
        """``review (2016)``, ``plan (2017)``: a part with the report's own year."""
        year = self.ch.year_of(label)
        return f"{label} ({year})" if year else label


def view(ch: Any) -> EnergyView:
    """The energy view of a chapter (see :class:`EnergyView`)."""
    report, cfg = ch.report, ch.config
    body = report.paragraphs.loc[report.paragraphs["part"] > 0, ["paragraph_id", "part_label"]]
    m = ch.analysis.matches
    energy = m[m["theme"] == "energy"].merge(body, on="paragraph_id")
    order = [
        *cfg.get("subthemes", {}),
        *sorted(set(energy["subtheme"]) - set(cfg.get("subthemes", {}))),
    ]
    subs = {s: glosses.subtheme_label(s) for s in order}
    sides = {k: list(v) for k, v in cfg.get("sides", {"coal": [], "new": []}).items()}
    return EnergyView(ch, body, energy.reset_index(drop=True), subs, sides)


def _pct(x: float) -> str:
    return f"{x:.0f}%"


def _unit_name(labels: dict[str, str], block: Any) -> str:
    """A block's label on one line: ``2.3 title (English)``."""
    if block is None or block not in labels:
        return "no unit (the report has no such term)"
    zh, _, en = labels[block].partition("\n")
    return f"{zh} ({en})" if en else zh


def intro(v: EnergyView) -> Findings:
    """The report's place and years, and the first sentence in which the report names its
    dependence on coal (phrases from the data file's ``coal_dependence``)."""
    ch = v.ch
    sents = v.report.sentences.merge(v.body, on="paragraph_id")
    phrases = v.config.get("coal_dependence", {}).get("phrases", [])
    found = [(p, sents[sents["text"].str.contains(p, regex=False)]) for p in phrases]
    found = [(p, s) for p, s in found if len(s)]
    text = "The report names no dependence on coal in the chapter's words"
    if found:
        phrase, hit = found[0]
        text = (
            f"The report itself names {glosses.zh_en(phrase)} as a structural problem "
            f"(¶{int(hit['paragraph_id'].iloc[0])})"
        )
    return Findings(
        values={
            "energy_place": ch.place.label,
            "energy_report": "the "
            + (f"{ch.place.label} " if ch.place.zh else "")
            + "Government Work Report"
            + (f" of {ch.year}" if ch.year else ""),
            "energy_year": str(ch.year or "(year unknown)"),
            "energy_review_year": str(ch.review_year or "the year reviewed"),
            "energy_plan_year": str(ch.plan_year or "the year planned"),
        },
        claims={
            "energy_dependence": (
                bool(found),
                text,
                f"{text} ({and_list(phrases)})" if phrases else text,
            )
        },
    )


def subthemes(v: EnergyView) -> Findings:
    """Matches per subtheme in the body: count, share, distinct terms, paragraphs, rate per
    1,000 words with its paragraph-bootstrap interval; the overall rate; the two largest."""
    a, e = v.ch.analysis, v.matches
    rates_ = themes.theme_rates(
        v.report, a.tokens, e.assign(theme=e["subtheme"]), themes=list(v.subthemes)
    ).set_index("theme")
    per = e.groupby("subtheme").agg(distinct=("term", "nunique"), paras=("paragraph_id", "nunique"))
    per = per.reindex(list(v.subthemes), fill_value=0)
    n = max(len(e), 1)
    table = pd.DataFrame(
        {
            "Subtheme": list(v.subthemes.values()),
            "Matches": rates_["matches"].to_numpy(),
            "% of energy matches": 100 * rates_["matches"].to_numpy() / n,
            "Distinct terms": per["distinct"].to_numpy(),
            "Paragraphs": per["paras"].to_numpy(),
            "Per 1,000 words": rates_["per_1000"].to_numpy(),
            "95% interval": [
                interval(lo, hi) for lo, hi in zip(rates_["ci_low"], rates_["ci_high"], strict=True)
            ],
        }
    )
    overall = themes.theme_rates(v.report, a.tokens, a.matches, themes=["energy"]).iloc[0]
    ranked = table.assign(key=list(v.subthemes)).sort_values(
        ["Matches", "Subtheme"], ascending=[False, True]
    )
    ranked = ranked[ranked["Matches"] > 0]
    values = {
        "energy_matches": fmt_number(len(e)),
        "energy_n_paragraphs": fmt_number(e["paragraph_id"].nunique()),
        "energy_parashare": _pct(100 * e["paragraph_id"].nunique() / max(len(v.body), 1)),
        "energy_per_1000": fmt_number(overall["per_1000"], digits=1),
        "energy_per_1000_ci": interval(overall["ci_low"], overall["ci_high"], digits=1),
    }
    for rank, key in enumerate(("largest", "second")):
        row = ranked.iloc[rank] if len(ranked) > rank else None
        values[f"energy_{key}_subtheme"] = row["Subtheme"] if row is not None else "none"
        values[f"energy_{key}_pct"] = _pct(row["% of energy matches"] if row is not None else 0)
    overlap = False
    if len(ranked) > 1:
        first, second = (rates_.loc[k] for k in ranked["key"].iloc[:2])
        overlap = bool(first["ci_low"] < second["ci_high"])
    return Findings(
        tables={"subthemes": table},
        values=values,
        claims={
            "energy_sub_overlap": (
                overlap,
                "The intervals of the two largest subthemes overlap",
                "The intervals of the two largest subthemes do not overlap (or there are "
                "fewer than two subthemes)",
            )
        },
    )


_CLAUSE_END = re.compile(r"[，,；;。！？!?：:\n]")


def clause(text: str, start: int, end: int) -> str:
    """The clause of ``text`` around ``text[start:end]``: up to the nearest comma, semicolon,
    colon or sentence end on either side.

    Examples
    --------
    >>> clause("甲，提升安全生产水平，淘汰落后产能。", 13, 17)
    '淘汰落后产能'
    """
    before = [m.end() for m in _CLAUSE_END.finditer(text, 0, start)]
    after = _CLAUSE_END.search(text, end)
    return text[(before[-1] if before else 0) : (after.start() if after else len(text))]


def false_positives(v: EnergyView, coding: pd.DataFrame | None = None) -> Findings:
    """Energy matches that are not about energy: matches inside a context string of the data
    file (``false_positives.contexts``), matches in a clause about work safety
    (``false_positives.safety_pattern``) and, when a hand ``coding`` of the report's
    paragraphs is given (:func:`workreport.validation.load_paragraph_coding`, the book's
    report only), the paragraphs coded as not about energy."""
    report, e = v.report, v.matches
    fp_cfg = v.config.get("false_positives", {})
    contexts = fp_cfg.get("contexts", [])
    text = report.text

    def rule(start: int, end: int) -> str:
        for r in contexts:
            n = len(r["text"])
            if r["text"] in text[max(start - n, 0) : end + n]:
                return str(r["en"])
        return ""

    why = pd.Series([rule(s, t) for s, t in zip(e["start"], e["end"], strict=True)], index=e.index)
    safety_rx = fp_cfg.get("safety_pattern", "")
    clauses = pd.Series([clause(text, s, t) for s, t in zip(e["start"], e["end"], strict=True)])
    safe = contains(clauses.set_axis(e.index), safety_rx) if safety_rx else None
    if safe is not None:
        why = why.where(~safe | (why != ""), fp_cfg.get("safety_reason", "work safety"))
    coded: dict[int, str] = {}
    values = {k: "(no hand coding of this report)" for k in ("flagged", "fp", "precision")}
    values = {f"energy_{k}": t for k, t in values.items()} | {"energy_recall": values["fp"]}
    if coding is not None:
        from ..validation import coding_by_paragraph, lexicon_validity

        codes = coding_by_paragraph(report, coding)
        notes = codes.merge(coding[["raw_line", "note"]], left_on="line", right_on="raw_line")
        coded = {
            int(p): str(n)
            for p, c, n in zip(notes["paragraph_id"], notes["energy"], notes["note"], strict=True)
            if c == 0
        }
        val = (
            lexicon_validity(report, v.ch.analysis.matches, coding).set_index("theme").loc["energy"]
        )
        values["energy_flagged"] = fmt_number(val["flagged"])
        values["energy_fp"] = fmt_number(val["fp"])
        for k in ("precision", "recall"):
            values[f"energy_{k}"] = (
                f"{val[k]:.2f}, 95% CI {val[f'{k}_low']:.2f}–{val[f'{k}_high']:.2f}"
            )
    flagged = e.assign(why=why)[(why != "") | e["paragraph_id"].isin(list(coded))]
    blocks = themes.block_of(report)
    rows = [
        {
            "Paragraph": f"¶{pid}",
            "Part.section": str(blocks.get(pid, "")),
            "Energy terms matched": "、".join(g["term"]),
            "Rule (data file)": "; ".join(dict.fromkeys(w for w in g["why"] if w)) or "–",
            "Hand coder's note": coded.get(pid, "–") or "–",
        }
        for pid in sorted({int(p) for p in flagged["paragraph_id"]})
        for g in [flagged[flagged["paragraph_id"] == pid]]
    ]
    table = pd.DataFrame(
        rows,
        columns=[
            "Paragraph",
            "Part.section",
            "Energy terms matched",
            "Rule (data file)",
            "Hand coder's note",
        ],
    )
    safety = e[why == fp_cfg.get("safety_reason", "work safety")] if safe is not None else e[:0]
    values["energy_safety_matches"] = fmt_number(len(safety))
    values["energy_safety_refs"] = " ".join(f"¶{p}" for p in sorted(set(safety["paragraph_id"])))
    values["energy_safety_refs"] = values["energy_safety_refs"] or "no paragraph"
    values["energy_fp_n"] = count_words(len(table), "paragraph")
    return Findings(tables={"false": table, "flagged": flagged}, values=values)


def where(v: EnergyView) -> Findings:
    """Subtheme rates by block (sections of the plan, parts without sections), the densest
    block overall and per subtheme, and, in the review, coal-industry terms per capacity-cut
    term with its paragraph-bootstrap interval."""
    a, e = v.ch.analysis, v.matches
    units = themes.theme_by_unit(v.report, a.tokens, e, unit="block", level="subtheme")
    labels = glosses.block_labels(v.report)
    units = units.assign(unit=units["block"], theme=units["subtheme"].map(v.subthemes))
    units["label"] = units["block"].map(labels)
    totals = units.groupby("block", observed=True)[["matches", "tokens"]].agg(
        {"matches": "sum", "tokens": "first"}
    )
    totals["per_1000"] = 1000 * totals["matches"] / totals["tokens"]
    top = totals["per_1000"].idxmax() if totals["matches"].sum() else None
    values = {
        "energy_top_unit": _unit_name(labels, top),
        "energy_top_unit_rate": f"{totals['per_1000'].max():.1f}" if top else "0",
    }
    homes: dict[str, Any] = {}
    for key in v.subthemes:
        rows = units[(units["subtheme"] == key) & (units["matches"] > 0)]
        best = rows.sort_values("per_1000", ascending=False, kind="stable")["block"]
        homes[key] = best.iloc[0] if len(best) else None
    for key in (
        "capacity_cuts",
        "power_reform",
        "efficiency_carbon",
        "coal_industry_upgrading",
        "new_clean_energy",
    ):
        values[f"energy_top_{key}"] = _unit_name(labels, homes.get(key))
    coal, new = homes.get("coal_industry_upgrading"), homes.get("new_clean_energy")
    r = rates.part_ratios(
        v.report,
        e,
        numerator=["coal_industry_upgrading"],
        denominator=["capacity_cuts"],
    ).iloc[0]
    words = interval_words(r["ci_low"], r["ci_high"])
    values |= {
        "energy_review_coal_n": fmt_number(r["numerator"]),
        "energy_review_cuts_n": fmt_number(r["denominator"]),
        "energy_review_coal_cuts": fmt_number(r["ratio"]),
        "energy_review_coal_cuts_ci": interval(r["ci_low"], r["ci_high"]),
        "energy_review_coal_cuts_words": words,
        "energy_review_coal_cuts_reading": _reading(
            words, "coal-industry terms", "capacity-cut terms", "in the review"
        ),
    }
    return Findings(
        tables={"units": units},
        values=values,
        claims={
            "energy_homes": (
                bool(coal is not None and coal == new),
                "Coal-industry terms and new-energy terms are densest in the same unit",
                "Coal-industry terms and new-energy terms are densest in different units",
            ),
        },
    )


def _reading(words: str, first: str, second: str, where_: str) -> str:
    """What an interval of a ratio ``first`` per ``second`` lets the prose say."""
    return {
        "above": f"{first} outnumber {second} {where_} by more than chance clustering in "
        "paragraphs would give",
        "below": f"{second} outnumber {first} {where_} by more than chance clustering in "
        "paragraphs would give",
        "not distinguishable from": f"the data do not rank {first} and {second} {where_}",
    }.get(words, f"the ratio of {first} to {second} {where_} cannot be estimated")


def _plan_year(rows: pd.DataFrame, year: int | None) -> pd.Series:
    """Rows whose period is the plan year (any single year when it is unknown): a target
    for 2030 or for a five-year span is no target of next year."""
    if year:
        return rows["period"] == str(year)
    return rows["period"].str.fullmatch(r"\d{4}")


def quantities(v: EnergyView) -> Findings:
    """The quantities of the energy theme; the binding targets of the plan year; the known
    extraction errors of the data file that occur here."""
    ch = v.ch
    et = ch.targets[ch.targets["theme"] == "energy"].reset_index(drop=True)
    table = pd.DataFrame(
        {
            "Paragraph": [f"¶{p}" for p in et["paragraph_id"]],
            "Part": et["part_label"],
            "Kind": et["kind"],
            "Year": et["period"],
            "Indicator": et["indicator"],
            "Indicator (English)": [glosses.gloss(i) for i in et["indicator"]],
            "Verb": et["verb"],
            "Figure as written": [
                f"{fmt_number(x)}{u}" for x, u in zip(et["value"], et["unit"], strict=True)
            ],
            "Direction": et["direction"],
            "Binding?": et["binding"].replace("", "–"),
            "Hedge": et["qualifier"].replace("", "–"),
        }
    )
    bad = [(i, w) for i, w in v.config.get("misextracted", {}).items() if i in set(et["indicator"])]
    this_year = (et["kind"] == "target") & _plan_year(et, ch.plan_year)
    binding = et[this_year & (et["binding"] == "binding")]
    later = et[(et["kind"] == "target") & (et["part_label"] == "plan")]
    later = later[~_plan_year(later, ch.plan_year)]
    listed = [
        f"{glosses.gloss(i, missing=i)} ({i}) {'−' if d == 'down' else ''}{x:g}{u}"
        for i, d, x, u in zip(
            binding["indicator"],
            binding["direction"],
            binding["value"],
            binding["unit"],
            strict=True,
        )
    ]
    return Findings(
        tables={"quantities": table, "energy_targets": et, "binding": binding},
        values={
            "energy_n_quantities": count_words(len(et), "quantity", plural="quantities"),
            "energy_misextracted_n": count_words(len(bad), "known extraction error"),
            "energy_misextracted": "; ".join(f"the row with indicator {i} is {w}" for i, w in bad)
            or "none occurs here",
            "energy_binding_list": "; ".join(listed) or "none",
            "energy_binding": (
                f"{'one is' if len(binding) == 1 else f'{len(binding)} are'} binding (约束性): "
                + "; ".join(listed)
                if len(binding)
                else "none is listed as binding (约束性)"
            ),
            "energy_later": (
                f"The plan part's {count_words(len(later), 'energy target')} for other "
                f"periods ({and_list(sorted(set(later['period'])))}) are not targets of the "
                "plan year and are not counted here"
                if len(later)
                else "Every energy target of the plan part is for the plan year"
            ),
        },
    )


def find_sentence(v: EnergyView, pattern: str, part: str) -> int | None:
    """The ``sentence_id`` of the first sentence of ``part`` matching ``pattern``, or None."""
    if not pattern:
        return None
    s = v.report.sentences.merge(v.body, on="paragraph_id")
    hit = s[(s["part_label"] == part) & contains(s["text"], pattern)]
    return None if hit.empty else int(hit["sentence_id"].iloc[0])


def capacity(v: EnergyView, q: Findings) -> Findings:
    """The headline de-capacity figures (data file ``headlines``): the review year's result
    and the plan year's target of each, the change; the package's pairs of energy results
    with next year's targets; whether the binding targets are paired; the sentences holding
    the capacity figures."""
    ch = v.ch
    et, binding = q["energy_targets"], q["binding"]
    pairs = pair_results_targets(ch.analysis.targets)
    if len(pairs):
        pairs = pairs[
            (pairs["pair"] == "result→next target") & pairs["indicator"].isin(set(et["indicator"]))
        ].reset_index(drop=True)
    values: dict[str, str] = {}
    cap_binding: list[str] = []
    key_text = et["indicator"] + et["verb"]
    for h in v.config.get("headlines", []):
        key, pattern = h["key"], h["pattern"]
        for kind, part in (("result", "review"), ("target", "plan")):
            hit = et[contains(key_text, pattern) & (et["kind"] == kind)]
            hit = hit[(hit["part_label"] == part) & _plan_year(hit, ch.year_of(part))]
            if len(hit):
                h0 = hit.iloc[0]
                amount = english_quantity(h0["value"], h0["unit"])
                written = f"{HEDGES.get(h0['qualifier'], h0['qualifier'])} {amount}".strip()
            else:
                written = "none stated"
            values[f"energy_{key}_{kind}"] = written
            if kind == "target":
                cap_binding.extend(hit["binding"].head(1))
        row = pairs[contains(pairs["indicator"] + pairs["target_indicator"], pattern)]
        change = percent_change(row["result"].iloc[0], row["target"].iloc[0]) if len(row) else None
        values[f"energy_{key}_change"] = (
            "not computable"
            if change is None or np.isnan(change)
            else f"{change:+.0f}%".replace("-", "−")
        )
    paired = set(pairs["target_indicator"]) if len(pairs) else set()
    unpaired = [i for i in binding["indicator"] if i not in paired]
    res, tgt = ch.label("result"), ch.label("target")
    if len(pairs):
        shown = pd.DataFrame(
            {
                "Indicator": pairs["indicator"],
                "Indicator (English)": [glosses.gloss(i) for i in pairs["indicator"]],
                "Unit": pairs["unit"],
                res: pairs["result"],
                tgt: pairs["target"],
                "Change (%)": np.round(percent_change(pairs["result"], pairs["target"]), 0),
                "Target hedge": pairs["target_qualifier"].replace("", "–"),
                "Target binding?": pairs["target_binding"].replace("", "–"),
            }
        )
    else:
        shown = pd.DataFrame(columns=["Indicator", "Unit", res, tgt, "Change (%)"])
    patterns = "|".join(h["pattern"] for h in v.config.get("headlines", [])) or "产能"
    cap = et[contains(et["indicator"] + et["verb"], patterns + "|产能|产量")]
    sents = v.report.sentences.merge(v.body, on="paragraph_id")
    holds = [
        bool(((cap["start"] >= s) & (cap["start"] < t)).any())
        for s, t in zip(sents["start"], sents["end"], strict=True)
    ]
    quotes = sents[holds]
    quotes = pd.DataFrame(
        {
            "Paragraph": [f"¶{p}" for p in quotes["paragraph_id"]],
            "Part": quotes["part_label"],
            "Sentence": quotes["text"],
            "English": [glosses.gloss(t) for t in quotes["text"]],
        }
    )
    return Findings(
        tables={"pairs": shown, "pairs_raw": pairs, "capacity_sentences": quotes},
        values=values,
        claims={
            "energy_binding_unpaired": (
                len(binding) > 0 and len(unpaired) == len(binding),
                "no figure of the review year is paired with a binding energy target",
                f"{len(binding) - len(unpaired)} of the {len(binding)} binding energy targets "
                "are paired with a figure of the review year"
                if len(binding)
                else "there is no binding energy target of the plan year to pair",
            ),
            "energy_capacity_not_binding": (
                len(cap_binding) > 0 and "binding" not in cap_binding,
                "Neither capacity target is among the binding ones",
                "Binding status of the capacity targets found: "
                + and_list((b or "not listed" for b in cap_binding), empty="none found"),
            ),
        },
    )


def _side_matches(v: EnergyView) -> tuple[pd.DataFrame, dict[str, str]]:
    side_of = {s: side for side, subs in v.sides.items() for s in subs}
    sm = v.matches.assign(theme=v.matches["subtheme"].map(side_of)).dropna(subset=["theme"])
    return sm, side_of


def review_plan(v: EnergyView) -> Findings:
    """Each subtheme and each side in the review and in the plan: matches, rates, the rate
    ratio plan / review with its paragraph-bootstrap interval
    (:func:`workreport.themes.review_vs_plan`), and the rates of each part with their
    intervals for the figure."""
    a, e = v.ch.analysis, v.matches
    sub_m = e.assign(theme=e["subtheme"])
    side_m, _ = _side_matches(v)
    by_sub = themes.review_vs_plan(v.report, a.tokens, sub_m, themes=list(v.subthemes))
    by_side = themes.review_vs_plan(v.report, a.tokens, side_m, themes=list(v.sides))
    rvp = pd.concat(
        [
            by_sub.assign(label=by_sub["theme"].map(v.subthemes)),
            by_side.assign(label=by_side["theme"].map(SIDE_LABELS)),
        ],
        ignore_index=True,
    )
    rvp["words"] = [
        interval_words(lo, hi) for lo, hi in zip(rvp["ci_low"], rvp["ci_high"], strict=True)
    ]
    rv, pl = v.part_name("review"), v.part_name("plan")
    table = pd.DataFrame(
        {
            "Subtheme or side": rvp["label"],
            f"{rv}: matches": rvp["review_matches"],
            f"{rv}: per 1,000 words": rvp["review_per_1000"],
            f"{pl}: matches": rvp["plan_matches"],
            f"{pl}: per 1,000 words": rvp["plan_per_1000"],
            "Ratio plan / review": rvp["rate_ratio"],
            "95% interval": [
                interval(lo, hi) for lo, hi in zip(rvp["ci_low"], rvp["ci_high"], strict=True)
            ],
        }
    )
    frames = []
    for lab in ("review", "plan"):
        r1 = themes.theme_rates(v.report, a.tokens, sub_m, themes=list(v.subthemes), part_label=lab)
        r2 = themes.theme_rates(v.report, a.tokens, side_m, themes=list(v.sides), part_label=lab)
        both = pd.concat([r1, r2], ignore_index=True)
        both["label"] = [v.subthemes.get(t) or SIDE_LABELS[t] for t in both["theme"]]
        frames.append(both.assign(part=v.part_name(lab)))
    rates_ = pd.concat(frames, ignore_index=True)
    words_per_part = (
        a.tokens[~a.tokens["is_punct"]]
        .merge(v.body, on="paragraph_id")["part_label"]
        .value_counts()
    )
    g = rvp.set_index("theme")
    values = {
        "energy_plan_review_length": fmt_number(
            words_per_part.get("plan", 0) / words_per_part["review"], digits=1
        )
        if words_per_part.get("review", 0)
        else "not computable",
        "energy_new_review_n": fmt_number(g["review_matches"].get("new", 0)),
    }
    for key, name in (("capacity_cuts", "cuts"), ("coal", "coalside"), ("new", "new")):
        row = g.loc[key] if key in g.index else pd.Series(dtype=float)
        values[f"energy_{name}_ratio"] = fmt_number(row.get("rate_ratio", np.nan))
        values[f"energy_{name}_ci"] = interval(row.get("ci_low"), row.get("ci_high"))
        values[f"energy_{name}_words"] = str(row.get("words", "not estimable against"))
    coal_r, new_r = g["rate_ratio"].get("coal", np.nan), g["rate_ratio"].get("new", np.nan)
    distinct = rvp[rvp["words"].isin(["above", "below"])]
    return Findings(
        tables={"review_plan": table}
        | {
            col: rates_.pivot_table(
                index="label", columns="part", values=col, sort=False, dropna=False
            )
            for col in ("per_1000", "ci_low", "ci_high")
        },
        values=values,
        claims={
            "energy_point_shift": (
                bool(coal_r < 1 < new_r),
                "The point estimates suggest a shift from coal towards new energy",
                "The point estimates do not suggest a shift from coal towards new energy",
            ),
            "energy_rvp_none_distinct": (
                distinct.empty,
                "no subtheme, and neither side, has a ratio whose interval excludes 1",
                "the ratios whose interval excludes 1 are those of " + and_list(distinct["label"]),
            ),
        },
    )


def balance(v: EnergyView) -> Findings:
    """Coal-side matches per new-energy match within the review and within the plan, and
    the change between them, with paragraph-bootstrap intervals
    (:func:`workreport.rates.part_ratios`)."""
    r = rates.part_ratios(
        v.report,
        v.matches,
        numerator=v.sides.get("coal", []),
        denominator=v.sides.get("new", []),
    )
    words = [interval_words(lo, hi) for lo, hi in zip(r["ci_low"], r["ci_high"], strict=True)]
    values = {}
    for i, lab in enumerate(("review", "plan")):
        values[f"energy_coal_per_new_{lab}"] = fmt_number(r["ratio"].iloc[i], digits=1)
        values[f"energy_coal_per_new_{lab}_ci"] = interval(
            r["ci_low"].iloc[i], r["ci_high"].iloc[i], digits=1
        )
        values[f"energy_coal_per_new_{lab}_words"] = words[i]
    values["energy_balance_shift"] = fmt_number(r["ratio"].iloc[2])
    values["energy_balance_shift_ci"] = interval(r["ci_low"].iloc[2], r["ci_high"].iloc[2])
    values["energy_balance_shift_words"] = words[2]
    values["energy_balance_reading"] = {
        "above": "the coal side gains weight against new energy from the review to the plan",
        "below": "new energy gains weight against the coal side from the review to the plan",
        "not distinguishable from": "the data do not show the balance changing between the "
        "review and the plan",
    }.get(words[2], "the change of balance cannot be estimated")
    return Findings(tables={"ratios": r}, values=values)


def new_energy(v: EnergyView) -> Findings:
    """What the plan's new-energy matches name (data file ``new_energy``): vehicles, the
    manufacturing of equipment, a source of energy, or other; and the terms of both sides
    by part."""
    report, e = v.report, v.matches
    cfg = v.config.get("new_energy", {})
    vehicles, equipment = tuple(cfg.get("vehicles", [])), tuple(cfg.get("equipment", []))
    supply = set(cfg.get("supply_terms", []))
    plan = e[e["subtheme"].isin(v.sides.get("new", [])) & (e["part_label"] == "plan")]

    def kind(start: int, term: str) -> str:
        if vehicles and report.text.startswith(vehicles, start):
            return "vehicle"
        if equipment and report.text.startswith(equipment, start):
            return "equipment"
        return "supply" if term in supply else "other"

    kinds = [kind(s, t) for s, t in zip(plan["start"], plan["term"], strict=True)]
    n = {k: kinds.count(k) for k in ("vehicle", "equipment", "supply", "other")}
    _, side_of = _side_matches(v)
    st = e[e["subtheme"].isin(list(side_of))]
    terms = st.pivot_table(
        index=["subtheme", "term"], columns="part_label", aggfunc="size", fill_value=0
    )
    terms = terms.reindex(columns=["review", "plan"], fill_value=0)
    terms = terms.assign(total=terms.sum(axis=1)).reset_index()
    terms["side"] = terms["subtheme"].map(side_of).map(SIDE_LABELS)
    terms = terms.sort_values(
        ["side", "subtheme", "total", "term"], ascending=[True, True, False, True]
    )
    shown = terms[terms["total"] > 1]
    table = pd.DataFrame(
        {
            "Side": shown["side"],
            "Subtheme": shown["subtheme"].map(v.subthemes),
            "Term": shown["term"],
            "English": [glosses.gloss(t) for t in shown["term"]],
            v.part_name("review"): shown["review"],
            v.part_name("plan"): shown["plan"],
            "Total": shown["total"],
        }
    )
    return Findings(
        tables={"side_terms": table},
        values={
            "energy_new_plan_n": fmt_number(len(plan)),
            "energy_new_vehicles_plan": fmt_number(n["vehicle"]),
            "energy_new_equipment_plan": fmt_number(n["equipment"]),
            "energy_new_supply_plan": fmt_number(n["supply"]),
            "energy_new_other_plan": fmt_number(n["other"]),
            "energy_terms_once": count_words(int((terms["total"] == 1).sum()), "further term"),
        },
        claims={
            "energy_new_vehicles_claim": (
                n["vehicle"] + n["equipment"] > n["supply"],
                "more often about making vehicles and equipment than about energy supply",
                "not more often about making vehicles and equipment than about energy supply",
            )
        },
    )


def agenda(v: EnergyView) -> Findings:
    """The sentences holding a term of the data file's ``agenda`` lists (clean heating and
    gas; power-sector reform and power exports); the terms of each list found; the paragraph
    holding most power sentences; the block where the plan's heating terms sit."""
    cfg = v.config.get("agenda", {})
    e = v.matches
    listed = [t for ts in cfg.values() for t in ts]
    hits = e[e["term"].isin(listed)]
    found = hits.groupby("sentence_id")["term"].agg(lambda s: "、".join(dict.fromkeys(s)))
    sents = v.report.sentences.set_index("sentence_id").loc[found.index].reset_index()
    blocks = themes.block_of(v.report)
    table = pd.DataFrame(
        {
            "Paragraph": [f"¶{p}" for p in sents["paragraph_id"]],
            "Part.section": [str(blocks.get(p, "")) for p in sents["paragraph_id"]],
            "Terms": found.to_numpy(),
            "Sentence": sents["text"],
            "English": [glosses.gloss(t) for t in sents["text"]],
        }
    )
    power = hits[hits["term"].isin(cfg.get("power", []))].drop_duplicates("sentence_id")
    per_para = power["paragraph_id"].value_counts()
    heat = hits[hits["term"].isin(cfg.get("heating_gas", [])) & (hits["part_label"] == "plan")]
    heat_block = blocks.get(heat["paragraph_id"].mode().iloc[0]) if len(heat) else None
    labels = glosses.block_labels(v.report)
    in_one = int(per_para.iloc[0]) if len(per_para) else 0
    top_para = f"¶{per_para.index[0]}" if len(per_para) else "none"

    def terms_of(key: str) -> str:
        ts = [t for t in cfg.get(key, []) if t in set(hits["term"])]
        return and_list((glosses.zh_en(t) for t in ts), empty="none of the chapter's terms")

    return Findings(
        tables={"agenda": table},
        values={
            "energy_agenda_sentences": count_words(len(table), "sentence"),
            "energy_power_n": fmt_number(len(power)),
            "energy_power_terms": terms_of("power"),
            "energy_heat_terms": terms_of("heating_gas"),
            "energy_heat_where": (
                f"The plan's heating and gas terms sit mostly in {_unit_name(labels, heat_block)}"
                if heat_block is not None
                else "The plan holds none of the heating and gas terms"
            ),
        },
        claims={
            "energy_power_compact": (
                len(power) > 1 and per_para.iloc[0] > len(power) / 2,
                f"compact, with most of its sentences in one paragraph: {in_one} of the "
                f"{len(power)} sentences with a power term stand in {top_para}",
                f"spread: at most {in_one} of the {len(power)} sentences with a power term "
                f"stand in one paragraph ({top_para})"
                if len(power) > 1
                else f"a single sentence ({top_para})"
                if len(power)
                else "absent: no sentence holds a power term of the chapter's list",
            )
        },
    )


def transformation(v: EnergyView) -> Findings:
    """The data file's words of transformation (``transformation.words``) as whole tokens by
    part and as substrings of the body; for the first word, the paragraphs holding it as a
    token and the share of them that hold an energy term."""
    a, e, report = v.ch.analysis, v.matches, v.report
    words_ = list(v.config.get("transformation", {}).get("words", []))
    tok = a.tokens.merge(v.body, on="paragraph_id")
    parts = list(dict.fromkeys(v.body["part_label"]))
    vocab = (
        tok[tok["token"].isin(words_)]
        .pivot_table(index="token", columns="part_label", aggfunc="size", fill_value=0)
        .reindex(index=words_, columns=parts, fill_value=0)
    )
    vocab = vocab.assign(tokens=vocab.sum(axis=1))
    body_text = "\n".join(report.paragraphs.loc[report.paragraphs["part"] > 0, "text"])
    subs = themes.substring_counts(body_text, words_).set_index("term")["count"]
    vocab["substring"] = subs.reindex(vocab.index).fillna(0).astype(int)
    table = vocab.rename(columns={p: f"Tokens: {p}" for p in parts}).rename_axis("Word")
    table = table.rename(columns={"tokens": "Tokens (total)", "substring": "Substrings"})
    table = table.reset_index()
    table.insert(1, "English", [glosses.gloss(w) for w in table["Word"]])
    longer = tok[
        tok["token"].map(lambda t: any(w in t and w != t for w in words_))
        & ~tok["token"].isin(words_)
    ]
    longer = longer["token"].value_counts()
    split = [w for w in words_ if vocab.loc[w, "tokens"] == 0 and vocab.loc[w, "substring"] > 0]
    first = words_[0] if words_ else ""
    paras = tok.loc[tok["token"] == first, "paragraph_id"].unique()
    share = float(pd.Series(paras).isin(e["paragraph_id"]).mean()) if len(paras) else np.nan
    return Findings(
        tables={"transformation": table},
        values={
            "energy_zxzg_word": glosses.zh_en(first) if first else "(no word listed)",
            "energy_zxzg": fmt_number(vocab["substring"].get(first, 0)),
            "energy_zxzg_paras": fmt_number(len(paras)),
            "energy_zxzg_with_energy": "none" if np.isnan(share) else _pct(100 * share),
            "energy_zxzg_longer": ", ".join(f"{t} ×{n}" for t, n in longer.items())
            or "no such word here",
            "energy_zxzg_split": ", ".join(f"{w}, never one token" for w in split)
            or "no such phrase here",
        },
        claims={
            "energy_zxzg_minority": (
                len(paras) > 0 and share < 0.5,
                "fewer than half of those paragraphs",
                "half or more of those paragraphs" if len(paras) else "none of those paragraphs",
            )
        },
    )


def distinctive(v: EnergyView, *, top: int = 10) -> Findings:
    """Words distinctive of the paragraphs with an energy match against the rest (weighted
    log-odds with an informative Dirichlet prior, :func:`workreport.themes.distinctive_terms`)."""
    a, e = v.ch.analysis, v.matches
    inside = a.tokens["paragraph_id"].isin(e["paragraph_id"])
    dist = themes.distinctive_terms(a.tokens, inside, top=top)
    pos, neg = dist[dist["z"] > 0], dist[dist["z"] < 0].sort_values("z")

    def listing(d: pd.DataFrame, n: int = 5) -> str:
        return ", ".join(glosses.zh_en(w) for w in d["word"].head(n)) or "none"

    own = pos[pos["word"].isin(e["term"])]
    per_paragraph = e.groupby("paragraph_id").size()
    max_z = float(dist["z"].abs().max()) if len(dist) else 0.0
    table = pd.DataFrame(
        {
            "Distinctive of": np.where(dist["z"] > 0, "energy paragraphs", "other paragraphs"),
            "Word": dist["word"],
            "English": [glosses.gloss(w) for w in dist["word"]],
            "Energy lexicon term?": np.where(dist["word"].isin(e["term"]), "yes", "–"),
            "Count in energy paragraphs": dist["count_in"],
            "Count elsewhere": dist["count_out"],
            "z": dist["z"],
        }
    )
    return Findings(
        tables={"distinctive": table},
        values={
            "energy_distinctive_top": listing(pos),
            "energy_distinctive_other": listing(neg),
            "energy_single_share": _pct(100 * float((per_paragraph == 1).mean()))
            if len(per_paragraph)
            else "none",
            "energy_distinctive_maxz": fmt_number(max_z, digits=1),
        },
        claims={
            "energy_distinctive_own": (
                len(own) > 0,
                "lexicon terms themselves (" + "、".join(own["word"]) + ")",
                "no lexicon term",
            ),
            "energy_distinctive_weak": (
                max_z < 4,
                "no word reaches a large z score",
                "some words reach a large z score (4 or more)",
            ),
            "energy_distinctive_jobs": (
                "就业" in set(pos["word"]),
                "employment (就业) is among them",
                "employment (就业) is not among them",
            ),
        },
    )


def sentence_text(report: Any, sentence_id: int | None) -> str:
    """The text of a sentence (empty for None or an unknown id)."""
    s = report.sentences
    row = s.loc[s["sentence_id"] == sentence_id, "text"] if sentence_id is not None else s[:0]
    return str(row.iloc[0]) if len(row) else ""


def binding_quote(v: EnergyView, part: str) -> Any:
    """The first sentence of ``part`` (``plan`` or ``review``) that the data file's
    ``binding`` pattern for it finds, as a block quote with its English; a note when none."""
    key = {"plan": "plan_sentence", "review": "review_sentence"}[part]
    sid = find_sentence(v, v.config.get("binding", {}).get(key, ""), part)
    from .chapter import quote_sentence

    return quote_sentence(
        v.report,
        sid,
        english=glosses.gloss(sentence_text(v.report, sid), missing=""),
        missing=f"(No sentence of the {part} part on binding targets in this report.)",
    )
