"""The ecology chapter's tables (``notebooks/03_ecology.ipynb`` and
``notebooks/03b_ecology_commitments.ipynb``): the environmental-governance index of Chen &
Chen (2018) under two counting rules, the ecology vocabulary by subtheme and place, the words
that travel together, and what the report commits to (institutions, binding indicators,
quantified figures).

Each function takes an analysed report (a :class:`workreport.pipeline.Analysis`) and the
chapter's choices (``data/chapters/03_ecology.toml``, ``03b_ecology_commitments.toml``) and
returns display-ready tables and a dict of glue values (plain strings keyed as the notebooks'
``{glue:text}`` roles name them). The wording of every comparison is chosen from the data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..themes import load_env_terms, load_lexicon, review_vs_plan, substring_counts
from .glosses import gloss, subtheme_label
from .words import (
    and_list,
    contains,
    count_words,
    english_quantity,
    fmt_number,
    interval,
    interval_words,
    paragraph_refs,
)

if TYPE_CHECKING:
    from ..pipeline import Analysis
    from ..report import Report

__all__ = [
    "RULES",
    "binding_table",
    "block_values",
    "cities",
    "energy_sentences",
    "figure_table",
    "index_by_part",
    "index_metaphors",
    "index_rules",
    "index_terms",
    "institution_table",
    "missed_binding",
    "network_data",
    "strongest_values",
    "subtheme_table",
    "term_groups",
    "validity_values",
]

Values = dict[str, str]

#: The two rules of counting the index's words, as the tables name them.
RULES = ("whole words (jieba tokens)", "substrings (longest first)")


def _pct(x: float) -> str:
    return f"{x:.2f}%"


def _words(a: Analysis) -> pd.Series:
    return a.tokens.loc[~a.tokens["is_punct"], "token"]


def _top(counts: pd.Series, k: int) -> pd.Series:
    """The ``k`` largest counts, ties in the index's order."""
    return counts.sort_index().sort_values(ascending=False, kind="stable").head(k)


def index_rules(a: Analysis) -> tuple[pd.DataFrame, Values]:
    """The environmental-governance index under both counting rules (environment words as a
    percentage of word tokens), with the glue values ``ecology_env_words``,
    ``ecology_env_index``, ``ecology_env_index_substring`` and the hits of each rule."""
    terms = load_env_terms()["term"]
    whole = len(a.env_matches)
    sub = int(substring_counts(a.report.text, terms)["count"].sum())
    df = pd.DataFrame(
        {
            "Counting rule": list(RULES),
            "Environment words found": [whole, sub],
            "Word tokens": len(_words(a)),
            "Index (% of words)": [a.env_index, a.env_index_substring],
        }
    )
    values = {
        "ecology_env_words": fmt_number(len(terms)),
        "ecology_env_index": _pct(a.env_index),
        "ecology_env_index_substring": _pct(a.env_index_substring),
        "ecology_env_hits_token": fmt_number(whole),
        "ecology_env_hits_substring": fmt_number(sub),
    }
    return df, values


def index_terms(a: Analysis, *, k: int = 3) -> tuple[pd.DataFrame, Values]:
    """The index's words term by term: whole-word and substring counts and, where they
    differ, the (at most ``k``) commonest longer tokens that hold the word. Glue values:
    ``ecology_env_gap_term`` (the largest gap), ``ecology_env_zero_terms`` (terms whole-word
    counting never finds) and ``ecology_env_never`` (terms neither rule finds)."""
    env = load_env_terms()
    en = dict(zip(env["term"], env["gloss"], strict=True))
    per = substring_counts(a.report.text, env["term"]).rename(columns={"count": "substrings"})
    per["whole"] = per["term"].map(a.env_matches["term"].value_counts()).fillna(0).astype(int)
    per["gap"] = per["substrings"] - per["whole"]
    words = _words(a)

    def held_in(term: str) -> str:
        inside = words[words.str.contains(term, regex=False) & (words != term)]
        top = _top(inside.value_counts(), k)
        more = " …" if inside.nunique() > k else ""
        return "、".join(f"{w}×{n}" for w, n in top.items()) + more

    per["inside"] = [held_in(t) if g else "" for t, g in zip(per["term"], per["gap"], strict=True)]
    per["en"] = per["term"].map(en)
    gap = per.sort_values("gap", ascending=False, kind="stable").iloc[0]
    zero = per[(per["whole"] == 0) & (per["substrings"] > 0)]
    lost = [f"{t} ({e})" for t, e in zip(zero["term"], zero["en"], strict=True)]
    values = {
        "ecology_env_gap_term": f"{gap['term']} ({gap['en']}: {gap['whole']} against "
        f"{gap['substrings']})"
        if gap["gap"] > 0
        else "no term (the two rules agree)",
        "ecology_env_zero_terms": "no term found as a substring is lost altogether"
        if not lost
        else "; ".join(lost) + (" is" if len(lost) == 1 else " are") + " never counted at all",
        "ecology_env_never": "、".join(per.loc[per["substrings"] == 0, "term"]) or "none",
    }
    shown = per[per["substrings"] > 0]
    df = pd.DataFrame(
        {
            "Term": shown["term"],
            "English": shown["en"],
            "Whole words": shown["whole"],
            "Substrings": shown["substrings"],
            "Held inside the tokens": shown["inside"],
        }
    )
    return df, values


def _substring_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    pattern = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)]


def _inside(hits: Sequence[tuple[int, int]], text: str, compound: str) -> int:
    """How many hits (start, end) lie inside an occurrence of ``compound`` in ``text``."""
    spans = [(m.start(), m.end()) for m in re.finditer(re.escape(compound), text)]
    return sum(any(s0 <= s and e <= e0 for s0, e0 in spans) for s, e in hits)


def index_metaphors(a: Analysis, metaphors: Sequence[Mapping[str, str]]) -> Values:
    """How many of the index's hits, under each counting rule, lie inside the compounds of
    ``metaphors`` (``zh``, ``en``: metaphors and names such as 政治生态): glue values
    ``ecology_env_metaphor_sub``/``_token`` (counts) and ``…_list`` (each compound × hits)."""
    text = a.report.text
    rules = {
        "sub": _substring_spans(text, load_env_terms()["term"]),
        "token": list(zip(a.env_matches["start"], a.env_matches["end"], strict=True)),
    }
    values = {}
    for key, hits in rules.items():
        found = [(m["zh"], _inside(hits, text, m["zh"]), m["en"]) for m in metaphors]
        found = [f for f in found if f[1]]
        values[f"ecology_env_metaphor_{key}"] = fmt_number(sum(n for _, n, _ in found))
        values[f"ecology_env_metaphor_{key}_list"] = (
            "; ".join(f"{z} ×{n}, {e}" for z, n, e in found) or "none"
        )
    return values


def index_by_part(a: Analysis, *, review: str, plan: str) -> tuple[pd.DataFrame, Values]:
    """The index in the review and the plan parts under both rules, and the rate ratio
    plan ÷ review with its paragraph-bootstrap and Poisson intervals. ``review`` and ``plan``
    name the parts in the headers (``"2016 review"``). Glue values ``ecology_env_review``,
    ``…_plan``, ``…_ratio``, ``…_ci``, ``…_cmp`` (the ratio's wording against 1),
    ``…_poisson`` (suffix ``_sub`` for substrings) and ``ecology_env_parts_same``."""
    report = a.report
    terms = load_env_terms()["term"]
    body = report.paragraphs[report.paragraphs["part"] > 0]
    per_para = [int(substring_counts(t, terms)["count"].sum()) for t in body["text"]]
    substrings = pd.DataFrame(
        {
            "paragraph_id": np.repeat(body["paragraph_id"].to_numpy(), per_para),
            "theme": "env_governance",
        }
    )
    rows: list[tuple[str, ...]] = []
    values: Values = {}
    said: list[str] = []
    for rule, m, suffix in zip(RULES, (a.env_matches, substrings), ("", "_sub"), strict=True):
        rr = review_vs_plan(report, a.tokens, m, themes=["env_governance"]).iloc[0]
        ci = interval(rr["ci_low"], rr["ci_high"])
        said.append(interval_words(rr["ci_low"], rr["ci_high"]))
        rows.append(
            (
                rule,
                f"{fmt_number(rr['review_per_1000'] / 10)} ({rr['review_matches']})",
                f"{fmt_number(rr['plan_per_1000'] / 10)} ({rr['plan_matches']})",
                f"{fmt_number(rr['rate_ratio'])} ({ci})",
            )
        )
        values |= {
            f"ecology_env_review{suffix}": _pct(rr["review_per_1000"] / 10),
            f"ecology_env_plan{suffix}": _pct(rr["plan_per_1000"] / 10),
            f"ecology_env_ratio{suffix}": fmt_number(rr["rate_ratio"]),
            f"ecology_env_ci{suffix}": ci,
            f"ecology_env_cmp{suffix}": said[-1],
            f"ecology_env_poisson{suffix}": interval(rr["poisson_low"], rr["poisson_high"]),
        }
    values["ecology_env_parts_same"] = (
        f"Under either rule the plan's index is {said[0]} the review's"
        if said[0] == said[1]
        else f"The plan's index is {said[0]} the review's with whole-word counting and "
        f"{said[1]} it with substring counting"
    )
    cols = [
        "Counting rule",
        f"{review}: index, % (environment words)",
        f"{plan}: index, % (environment words)",
        "Ratio plan ÷ review (95% interval)",
    ]
    return pd.DataFrame(rows, columns=cols), values


def validity_values(a: Analysis, coding: pd.DataFrame | None, notes: Mapping[str, str]) -> Values:
    """The ecology lexicon's precision and recall against a hand coding of the report's
    paragraphs, and the paragraphs it flags that the coder did not mark (each with its terms
    and, from ``notes`` keyed by paragraph number, what they refer to there). Without a
    coding (``None``), every value says so."""
    if coding is None:
        return {
            "ecology_validity_said": "There is no hand coding of this report's paragraphs, so "
            "the lexicon's precision and recall on it are not known.",
            "ecology_false_pos_said": "Without a hand coding of this report, the paragraphs "
            "the lexicon flags wrongly cannot be told.",
            "ecology_precision_note": "",
        }
    from ..validation import lexicon_validity, term_diagnostics

    v = lexicon_validity(a.report, a.matches, coding).set_index("theme").loc["ecology"]
    diag = term_diagnostics(a.report, a.matches, coding)
    fp = diag[(diag["theme"] == "ecology") & (diag["false_pos"] > 0)]
    fp = fp.assign(pid=fp["false_pos_ids"].str.split(";")).explode("pid")
    terms = fp.groupby(fp["pid"].astype(int))["term"].agg(lambda s: "、".join(sorted(s)))
    listed = [
        f"¶{p} ({t}: {notes[str(p)]})" if str(p) in notes else f"¶{p} ({t})"
        for p, t in terms.items()
    ]
    precision = f"{v['precision']:.2f}"
    return {
        "ecology_validity_said": "Against a hand coding of every paragraph, the ecology "
        f"lexicon's precision is {precision} "
        f"({interval(v['precision_low'], v['precision_high'])}) and its recall "
        f"{v['recall']:.2f} ({interval(v['recall_low'], v['recall_high'])}): the paragraphs "
        "it finds use the vocabulary of ecology, "
        + ("most but not all of them are about it." if v["precision"] < 1 else "all are about it."),
        "ecology_false_pos_said": "Against the hand coding, the lexicon flags "
        f"{count_words(len(terms), 'paragraph')} that the coder did not mark for ecology"
        + (f": {'; '.join(listed)}." if listed else "."),
        "ecology_precision_note": f" (precision {precision})",
    }


def subtheme_table(
    a: Analysis, order: Sequence[str], institution_terms: Iterable[str]
) -> tuple[pd.DataFrame, Values]:
    """Ecology matches by subtheme (in the ``order`` given, then by name): the
    commonest terms, the rate per 1,000 words and the ratio plan ÷ review, each with its
    paragraph-bootstrap interval. Glue values: ``ecology_lexicon_subthemes`` (how many the
    lexicon's ecology theme has), ``ecology_sub_apart``/``_n`` (subthemes whose
    ratio interval excludes 1), ``ecology_sub_largest`` (the largest subtheme with what its
    terms are: how many of its matches are ``institution_terms``, named institutions, and
    its commonest terms) and ``ecology_sub_largest_n``."""
    from ..themes import theme_rates

    eco = a.matches[a.matches["theme"] == "ecology"]
    subs = list(order)
    subs += sorted(set(eco["subtheme"]) - set(subs))
    by_sub = eco.assign(theme=eco["subtheme"])
    rates = theme_rates(a.report, a.tokens, by_sub, themes=subs).set_index("theme").reindex(subs)
    rr = review_vs_plan(a.report, a.tokens, by_sub, themes=subs).set_index("theme").reindex(subs)
    tops = [_top(eco.loc[eco["subtheme"] == s, "term"].value_counts(), 3) for s in subs]
    df = pd.DataFrame(
        {
            "Subtheme": [subtheme_label(s) for s in subs],
            "Matches": rates["matches"].to_numpy(),
            "Commonest terms (× matches)": [
                "、".join(f"{t}×{k}" for t, k in c.items()) for c in tops
            ],
            "English": ["; ".join(gloss(t) for t in c.index) for c in tops],
            "Per 1,000 words (95% interval)": [
                f"{fmt_number(r, digits=1)} ({interval(lo, hi, digits=1)})"
                for r, lo, hi in zip(
                    rates["per_1000"], rates["ci_low"], rates["ci_high"], strict=True
                )
            ],
            "Ratio plan ÷ review (95% interval)": [
                f"{fmt_number(r)} ({interval(lo, hi)})"
                for r, lo, hi in zip(rr["rate_ratio"], rr["ci_low"], rr["ci_high"], strict=True)
            ],
        }
    )
    apart = [
        f"{subtheme_label(s)}, {w} 1"
        for s, lo, hi in zip(subs, rr["ci_low"], rr["ci_high"], strict=True)
        if (w := interval_words(lo, hi)) in ("above", "below")
    ]
    lex = load_lexicon()
    n_subs = lex.loc[lex["theme"] == "ecology", "subtheme"].nunique()
    values = {
        "ecology_lexicon_subthemes": count_words(n_subs, "subtheme"),
        "ecology_sub_apart": "; ".join(apart) or "none",
        "ecology_sub_apart_n": count_words(len(apart), "subtheme"),
        "ecology_sub_largest": "none (no ecology term in this report)",
        "ecology_sub_largest_n": "0",
    }
    if len(eco):
        i = int(np.argmax(rates["matches"].to_numpy()))
        terms = eco.loc[eco["subtheme"] == subs[i], "term"]
        named = int(terms.isin(set(institution_terms)).sum())
        top = "、".join(tops[i].index)
        if named == len(terms):
            what = "all of them name an institution of the chapter's list"
        elif named:
            what = (
                f"{named} of them name an institution of the chapter's list, the other "
                f"{len(terms) - named} are general terms such as {top}"
            )
        else:
            what = f"none names an institution of the chapter's list; the commonest are {top}"
        label = subtheme_label(subs[i])
        values["ecology_sub_largest"] = (
            f"{label} ({count_words(len(terms), 'match', plural='matches')}: {what})"
        )
        values["ecology_sub_largest_n"] = fmt_number(len(terms))
    return df, values


def block_values(
    units: pd.DataFrame, labels: Mapping[str, str], n_matches: int, binding_blocks: set[str]
) -> Values:
    """Where ecology is densest, from :func:`workreport.themes.theme_by_unit` by block
    (``units``), the blocks' ``labels`` (:func:`workreport.book.glosses.block_labels`), the
    number of ecology matches, and the blocks that hold the plan's list of binding
    indicators. The wording "concentrated" needs the densest block at twice the next."""
    totals = units.groupby("block", observed=True).agg(
        matches=("matches", "sum"), tokens=("tokens", "first")
    )
    rate = (1000 * totals["matches"] / totals["tokens"]).sort_values(ascending=False, kind="stable")
    rate = rate[rate > 0]

    def one_line(block: str) -> str:
        zh, _, en = labels.get(block, block).partition("\n")
        zh = zh.replace(" (opening)", ", opening")
        return f"{zh} ({en})" if en else zh

    with_any = int((totals["matches"] > 0).sum())
    values = {
        "ecology_blocks_with": fmt_number(with_any),
        "ecology_blocks_without": fmt_number(len(totals) - with_any),
        "ecology_top_unit": "none",
        "ecology_top_unit_rate": "0",
        "ecology_top_unit_pct": "0%",
        "ecology_second_unit": "none",
        "ecology_second_unit_rate": "0",
        "ecology_second_note": "",
        "ecology_top_times": "–",
        "ecology_concentrated": "No block holds ecology terms",
    }
    if len(rate):
        top = rate.index[0]
        values |= {
            "ecology_top_unit": one_line(top),
            "ecology_top_unit_rate": f"{rate.iloc[0]:.0f}",
            "ecology_top_unit_pct": f"{100 * totals.loc[top, 'matches'] / max(n_matches, 1):.0f}%",
            "ecology_concentrated": "Ecology is in one block only",
        }
    if len(rate) > 1:
        second, times = rate.index[1], rate.iloc[0] / rate.iloc[1]
        values |= {
            "ecology_second_unit": one_line(second),
            "ecology_second_unit_rate": f"{rate.iloc[1]:.0f}",
            "ecology_top_times": f"{times:.1f}",
            "ecology_second_note": ", the block that holds the plan's list of binding "
            "indicators (second page)"
            if str(second) in binding_blocks
            else "",
            "ecology_concentrated": "Ecology is concentrated in one block"
            if times >= 2
            else "Ecology is spread over several blocks",
        }
    return values


def network_data(matches: pd.DataFrame, order: Sequence[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The subtheme co-occurrence pairs that involve an ecology subtheme and the nodes (every
    subtheme: ``term`` its key, ``count``, ``theme``, ``label``) for
    :func:`workreport.book.figures.cooccurrence_network`. Node keys put the subthemes of
    ``order`` first round the circle, then the others by name; labels are
    :func:`~workreport.book.glosses.subtheme_label`'s."""
    from ..themes import cooccurrence

    rank = {s: i for i, s in enumerate(order)}
    key = {s: f"{rank.get(s, len(rank)):02d} {s}" for s in matches["subtheme"].drop_duplicates()}
    m = matches.assign(node=matches["subtheme"].map(key))
    theme_of = m.drop_duplicates("node").set_index("node")["theme"]
    pairs = cooccurrence(m, level="node")
    eco = (pairs["a"].map(theme_of) == "ecology") | (pairs["b"].map(theme_of) == "ecology")
    nodes = m.groupby("node").size().rename("count").reset_index().rename(columns={"node": "term"})
    nodes["theme"] = nodes["term"].map(theme_of)
    nodes["label"] = [subtheme_label(t.split(" ", 1)[1]) for t in nodes["term"]]
    return pairs[eco].reset_index(drop=True), nodes


def strongest_values(drawn: pd.DataFrame, nodes: pd.DataFrame, n_all: int) -> Values:
    """The glue values of the network's prose: links drawn, all links, and the strongest
    (``ecology_network_strongest``, with ``…_is``: "is" or "are")."""
    label = nodes.set_index("term")["label"]
    best = drawn[drawn["sentences"] == drawn["sentences"].max()] if len(drawn) else drawn
    links = [f"{label[x]} – {label[y]}" for x, y in zip(best["a"], best["b"], strict=True)]
    each = " each" if len(links) > 1 else ""
    return {
        "ecology_network_links": fmt_number(len(drawn)),
        "ecology_network_all_links": fmt_number(n_all),
        "ecology_network_strongest": f"{and_list(links)} "
        f"({count_words(int(best['sentences'].iloc[0]), 'sentence')}{each})"
        if links
        else "none",
        "ecology_network_strongest_said": (
            "The strongest links are " if len(links) > 1 else "The strongest link is "
        )
        + f"{and_list(links)} ({count_words(int(best['sentences'].iloc[0]), 'sentence')}{each})."
        if links
        else "No link involves an ecology subtheme.",
    }


def term_groups(a: Analysis) -> tuple[pd.DataFrame, Values]:
    """Groups of terms that share the same two or more sentences, at least one of them an
    ecology term (each group: every term found in all of those sentences), with the glue
    values ``ecology_pairs`` (term pairs with an ecology term), ``ecology_energy_pairs`` (of
    them with an energy term), ``ecology_term_groups`` and the biggest group's size and
    paragraphs."""
    from ..themes import cooccurrence

    m = a.matches
    eco_terms = set(m.loc[m["theme"] == "ecology", "term"])
    pairs = cooccurrence(m)
    pairs = pairs[pairs["a"].isin(eco_terms) | pairs["b"].isin(eco_terms)]
    theme = m.drop_duplicates("term").set_index("term")["theme"]
    energy = (pairs["a"].map(theme) == "energy") | (pairs["b"].map(theme) == "energy")
    sent_sets = m.groupby("term")["sentence_id"].agg(frozenset)
    groups: dict[frozenset, set[str]] = {}
    twice = pairs[pairs["sentences"] >= 2]
    for x, y in zip(twice["a"], twice["b"], strict=True):
        groups.setdefault(sent_sets[x] & sent_sets[y], set()).update((x, y))
    pid = a.report.sentences.set_index("sentence_id")["paragraph_id"]
    cols = ["Terms", "English", "Terms in the group", "Shared sentences", "Paragraphs"]
    df = pd.DataFrame(
        [
            (
                "、".join(sorted(ts)),
                "; ".join(gloss(t) for t in sorted(ts)),
                len(ts),
                len(shared),
                paragraph_refs(pid.loc[sorted(shared)]),
            )
            for shared, ts in groups.items()
        ],
        columns=cols,
    ).sort_values(
        ["Shared sentences", "Terms in the group", "Terms"], ascending=[False, False, True]
    )
    biggest = df.sort_values("Terms in the group", ascending=False, kind="stable").head(1)
    values = {
        "ecology_pairs": fmt_number(len(pairs)),
        "ecology_energy_pairs": fmt_number(int(energy.sum())),
        "ecology_term_groups": fmt_number(len(df)),
        "ecology_biggest_group_n": fmt_number(biggest["Terms in the group"].sum()),
        "ecology_biggest_group_where": "".join(biggest["Paragraphs"]) or "none",
        "ecology_biggest_group_said": f"The largest group has "
        f"{count_words(int(biggest['Terms in the group'].sum()), 'term')}, in "
        f"{''.join(biggest['Paragraphs'])}."
        if len(df)
        else "No two terms share two or more sentences.",
    }
    return df.reset_index(drop=True), values


def energy_sentences(a: Analysis) -> tuple[pd.DataFrame, Values]:
    """The sentences that hold both an ecology and an energy term, with the terms of each,
    and the glue values ``ecology_energy_sentences`` and ``ecology_energy_paragraphs``."""
    m = a.matches
    themes = m.groupby("sentence_id")["theme"].agg(set)
    joint = themes[themes.apply(lambda s: {"ecology", "energy"} <= s)].index
    s = a.report.sentences
    both = s[s["sentence_id"].isin(joint)].merge(
        a.report.paragraphs[["paragraph_id", "part_label"]], on="paragraph_id"
    )

    def terms(sid: int, theme: str) -> str:
        t = m.loc[(m["sentence_id"] == sid) & (m["theme"] == theme), "term"]
        return "、".join(dict.fromkeys(t))

    df = pd.DataFrame(
        {
            "¶": [f"¶{p}" for p in both["paragraph_id"]],
            "Part": both["part_label"],
            "Ecology terms": [terms(i, "ecology") for i in both["sentence_id"]],
            "Energy terms": [terms(i, "energy") for i in both["sentence_id"]],
        }
    )
    values = {
        "ecology_energy_sentences": count_words(len(both), "sentence"),
        "ecology_energy_paragraphs": count_words(both["paragraph_id"].nunique(), "paragraph"),
        "ecology_energy_said": f"{count_words(len(both), 'sentence')} in "
        f"{count_words(both['paragraph_id'].nunique(), 'paragraph')} "
        f"{'holds' if len(both) == 1 else 'hold'} both an ecology and an energy term"
        if len(both)
        else "No sentence holds both an ecology and an energy term",
    }
    return df, values


# --- the second page: what the report commits to -------------------------------------------


def _sentences(report: Report) -> pd.DataFrame:
    return report.sentences.merge(
        report.paragraphs[["paragraph_id", "part_label"]], on="paragraph_id"
    )


def _sentences_naming(
    sents: pd.DataFrame, pattern: str, *, absent: str
) -> tuple[pd.DataFrame, str]:
    """The sentences of ``sents`` that ``pattern`` finds, and the table cell that lists their
    paragraphs with the number of sentences (``¶3 ¶7 (2)``); ``absent`` when none does.

    Examples
    --------
    >>> sents = pd.DataFrame({"paragraph_id": [3, 7, 8], "text": ["河长制", "河长制。", "无"]})
    >>> hit, cell = _sentences_naming(sents, "河长", absent="–")
    >>> len(hit), cell, _sentences_naming(sents, "湖长", absent="–")[1]
    (2, '¶3 ¶7 (2)', '–')
    """
    hit = sents[contains(sents["text"], pattern)]
    cell = f"{paragraph_refs(hit['paragraph_id'])} ({len(hit)})" if len(hit) else absent
    return hit, cell


def institution_table(
    a: Analysis, institutions: Sequence[Mapping[str, Any]]
) -> tuple[pd.DataFrame, Values]:
    """Each institution of the chapter's list (``name``, ``zh``, ``pattern``, ``terms``):
    the paragraphs of the sentences its pattern finds, and the matches of its lexicon terms.
    Glue values: how many are found, in how many sentences, how many of them the lexicon finds,
    which have no lexicon term, the paragraph with most of them (``ecology_institutions_top_par``)
    and whether all are in the plan part."""
    sents = _sentences(a.report)
    lex = a.matches["term"].value_counts()
    rows, hit_ids = [], set()
    for inst in institutions:
        hit, cell = _sentences_naming(sents, inst["pattern"], absent="–")
        hit_ids |= set(hit["sentence_id"])
        terms = list(inst.get("terms", []))
        rows.append(
            {
                "Institution": inst["name"],
                "Chinese": inst.get("zh", ""),
                "Paragraphs (sentences)": cell,
                "Lexicon terms × matches": "、".join(f"{t} ×{lex.get(t, 0)}" for t in terms)
                or "(no term in the lexicon)",
                "found": len(hit) > 0,
                "has_terms": bool(terms),
                "lexicon": sum(lex.get(t, 0) for t in terms) > 0,
                "in_plan": bool(hit["part_label"].eq("plan").all()),
            }
        )
    df = pd.DataFrame(
        rows,
        columns=[
            "Institution",
            "Chinese",
            "Paragraphs (sentences)",
            "Lexicon terms × matches",
            "found",
            "has_terms",
            "lexicon",
            "in_plan",
        ],
    )
    found = df[df["found"]]
    with_terms = found[found["has_terms"]]
    n_lex = int(with_terms["lexicon"].sum())
    no_term = found.loc[~found["has_terms"], "Institution"]
    pids = sents.loc[sents["sentence_id"].isin(hit_ids), "paragraph_id"]
    top = _top(pids.value_counts(), 1)
    all_plan = bool(len(found)) and bool(found["in_plan"].all())
    where = (
        f", {fmt_number(int(top.iloc[0]))} of them in one paragraph, ¶{int(top.index[0])} "
        "(quoted below)"
        if len(hit_ids) > 1
        else f", in ¶{int(top.index[0])} (quoted below)"
        if len(top)
        else ""
    )
    one = len(hit_ids) == 1
    plan = (
        ("the sentence is" if one else "every one of these sentences is")
        + " in the plan part: the institutions are tasks for the coming year, not results"
        if all_plan
        else "the sentence is not in the plan part"
        if one
        else "not all of these sentences are in the plan part"
    )
    if len(with_terms) == 1:
        found_it = "finds it" if n_lex else "does not find it"
        lexicon = (
            f"One institution found has terms in the theme lexicon, and the lexicon {found_it}. "
        )
    elif len(with_terms):
        lexicon = (
            f"The theme lexicon {'finds all' if n_lex == len(with_terms) else f'finds {n_lex}'} "
            f"of the {len(with_terms)} institutions found that have terms in it. "
        )
    else:
        lexicon = ""
    other = (
        f"{'The other' if len(with_terms) else 'The'} {count_words(len(no_term), 'institution')} "
        f"found ({and_list(no_term)}) "
        + ("has no term of its own" if len(no_term) == 1 else "have no term of their own")
        + " in the lexicon; a search by pattern is what finds them."
        if len(no_term)
        else ""
    )
    values = {
        "ecology_institutions_found": fmt_number(len(found)),
        "ecology_institutions_total": fmt_number(len(df)),
        "ecology_institution_sentences": count_words(len(hit_ids), "sentence"),
        "ecology_institutions_all_plan": plan if len(found) else "none is named",
        "ecology_institutions_lexicon": lexicon.strip()
        or "No institution found has lexicon terms.",
        "ecology_institutions_said": f"{len(found)} of the {len(df)} institutions "
        f"{'appears' if len(found) == 1 else 'appear'}, in "
        f"{count_words(len(hit_ids), 'sentence')}{where}; {plan}. {lexicon}{other}".strip()
        if len(found)
        else f"No institution of the chapter's list ({len(df)}) is named.",
        "ecology_institutions_top_par": f"¶{int(top.index[0])}" if len(top) else "none",
    }
    return df.iloc[:, :4], values


def _binding_review(review: pd.DataFrame, cfg: Mapping[str, str], label: str) -> list[dict]:
    rows = []
    met, missed = cfg.get("review_met"), cfg.get("review_missed")
    for text in review["text"]:
        m = re.search(met, text) if met else None
        for item in m.group("items").split("，") if m else []:
            rows.append({"part": label, "zh": item, "says": "met its annual target"})
        m = re.search(missed, text) if missed else None
        if m:
            rows.append({"part": label, "zh": m.group("item"), "says": "missed its annual target"})
    return rows


def _binding_plan(
    a: Analysis, targets: pd.DataFrame, cfg: Mapping[str, Any], label: str
) -> list[dict]:
    """The clauses of the plan's list of binding indicators (from the cue to the end of its
    paragraph), each with its area and the figures the extractor finds in it."""
    report, rows = a.report, []
    sents = report.sentences
    plan = report.paragraphs[report.paragraphs["part_label"] == "plan"]
    cue_rx, area_rx, none_rx = cfg.get("plan_cue"), cfg.get("area"), cfg.get("no_figure")
    for pid, ptext, pstart in zip(plan["paragraph_id"], plan["text"], plan["start"], strict=True):
        cue = re.search(cue_rx, ptext) if cue_rx else None
        if not cue:
            continue
        cue_at = pstart + cue.end()
        mine = sents[sents["paragraph_id"] == pid]
        for s_start, s_text in zip(mine["start"], mine["text"], strict=True):
            if s_start + len(s_text) <= cue_at:
                continue
            offset = max(cue_at - s_start, 0)
            text = s_text[offset:].rstrip("。；")
            am = re.search(area_rx, text) if area_rx else None
            area = am.group("area") if am else ""
            no_figure = bool(none_rx and re.search(none_rx, text))
            pos = s_start + offset + (am.end() if am else 0)
            for clause in text[am.end() if am else 0 :].split("，"):
                end = pos + len(clause)
                if none_rx and re.fullmatch(none_rx, clause):
                    pos = end + 1
                    continue
                q = targets[(targets["start"] >= pos) & (targets["start"] < end)]
                figure = "; ".join(
                    ("down " if d == "down" else "") + english_quantity(v, u)
                    for d, v, u in zip(q["direction"], q["value"], q["unit"], strict=True)
                ) or ("no figure" + ("; 完成国家下达任务" if no_figure else ""))
                rows.append(
                    {
                        "part": label,
                        "area": cfg.get("areas", {}).get(area, area),
                        "zh": clause,
                        "says": figure,
                        "numbered": len(q) > 0,
                        "env": bool(area) and area == cfg.get("environment_area"),
                    }
                )
                pos = end + 1
    return rows


def binding_table(
    a: Analysis, targets: pd.DataFrame, cfg: Mapping[str, Any], *, review: str, plan: str
) -> tuple[pd.DataFrame, Values]:
    """The binding (约束性) indicators as the report lists them, clause by clause: in the
    review (met or missed, by the patterns ``review_met``/``review_missed`` of ``cfg``) and in
    the plan (from the cue ``plan_cue`` to the end of its paragraph, with the figures of
    ``targets`` in each clause). ``review``/``plan`` name the parts. Glue values: clauses met
    and missed, the plan's clauses with and without a figure, overall and in the environmental
    area, each worded from the counts."""
    sents = _sentences(a.report)
    rows = _binding_review(sents[sents["part_label"] == "review"], cfg, review)
    rows += _binding_plan(a, targets, cfg, plan)
    df = pd.DataFrame(rows, columns=["part", "area", "zh", "says", "numbered", "env"])
    df["numbered"] = df["numbered"].fillna(False).astype(bool)
    df["env"] = df["env"].fillna(False).astype(bool)
    in_plan = df[df["part"] == plan] if plan != review else df.iloc[:0]
    env, others = in_plan[in_plan["env"]], in_plan[~in_plan["env"]]
    n_env = int(env["numbered"].sum())
    met = int((df["says"] == "met its annual target").sum())
    missed = int((df["says"] == "missed its annual target").sum())
    n_fig, n_others = int(in_plan["numbered"].sum()), int(others["numbered"].sum())
    outside = (
        "every one outside environmental quality"
        if len(others) and n_others == len(others)
        else f"{n_others} of the {len(others)} outside environmental quality"
    )
    quality = (
        "none of them carries a number"
        if n_env == 0
        else f"{n_env} of them {'carries' if n_env == 1 else 'carry'} a number"
    )
    values = {
        "ecology_binding_review": f"In the review, {count_words(met, 'clause')} of binding "
        f"indicators met their annual targets and {fmt_number(missed)} did not."
        if met + missed
        else "The review reports no binding indicator as met or missed.",
        "ecology_binding_plan": f"In the plan, {n_fig} of the "
        f"{count_words(len(in_plan), 'binding clause')} carry a figure: {outside}."
        if len(in_plan)
        else "The plan lists no binding indicators (by the chapter's cue).",
        "ecology_binding_env": f"Of the {count_words(len(env), 'environmental-quality clause')}, "
        f"{quality}."
        if len(env)
        else "The plan lists no binding environmental-quality indicators."
        if len(in_plan)
        else "",
    }
    out = df[["part", "area", "zh", "says"]].copy()
    out.insert(3, "en", [gloss(z) for z in out["zh"]])
    out.columns = ["Part", "Area", "Indicator as written", "English", "What the report says"]
    return out, values


def missed_binding(
    a: Analysis, targets: pd.DataFrame, cfg: Mapping[str, Any]
) -> tuple[pd.Series | None, Values]:
    """The first sentence of the review that reports a binding indicator as missed (by the
    pattern ``review_missed`` of ``cfg``; a row of the report's sentences, or ``None``), and
    the glue value ``ecology_missed_cities``: the cities that met and missed it (patterns
    ``cities_met``, ``cities_missed``) and whether the sentence gives a figure (``targets``)."""
    s = _sentences(a.report)
    hit = s[(s["part_label"] == "review") & contains(s["text"], cfg.get("review_missed") or "")]
    if hit.empty:
        return None, {"ecology_missed_cities": ""}
    row = hit.iloc[0]
    n_met, met = cities(cfg.get("cities_met"), row["text"])
    n_missed, missed = cities(cfg.get("cities_missed"), row["text"])
    starts = targets["start"]
    inside = ((starts >= row["start"]) & (starts < row["start"] + len(row["text"]))).any()
    figure = "the sentence gives a figure for it" if inside else "no figure for it is given"
    said = (
        f"{count_words(n_met, 'city', plural='cities')} met the missed target"
        + (f" ({met})" if met else "")
        + f" and {fmt_number(n_missed)} did not"
        + (f" ({missed}); " if missed else "; ")
        if n_met or n_missed
        else "The cities that met or missed it are not named; "
    )
    return row, {"ecology_missed_cities": said + figure + "."}


def cities(pattern: str | None, text: str) -> tuple[int, str]:
    """The city names a pattern's group ``names`` lists (separated by 、) in ``text``: their
    number and "Taiyuan (太原), …" (the English name from the gloss, up to its first
    bracket or comma).

    Examples
    --------
    >>> cities("(?P<names>[^，]+?)两市完成", "其中，某甲、某乙两市完成")
    (2, '(no gloss) (某甲), (no gloss) (某乙)')
    """
    m = re.search(pattern, text) if pattern else None
    names = m.group("names").split("、") if m else []
    short = [re.split(r" \(|, ", gloss(n))[0] for n in names]
    return len(names), ", ".join(f"{e} ({n})" for e, n in zip(short, names, strict=True))


def figure_table(
    targets: pd.DataFrame, pairs: pd.DataFrame, *, afforestation: str, review: str, plan: str
) -> tuple[pd.DataFrame, Values]:
    """The quantified figures whose nearest lexicon term is an ecology term (``targets``),
    with their firmness and binding label; glue values on how many, how firm, how many are
    paired with a result (``pairs``: :func:`workreport.targets.pair_results_targets`), and
    the afforestation pair (indicator pattern ``afforestation``) in words."""
    e = targets[targets["theme"] == "ecology"]
    firm = e["firmness"].value_counts()
    df = pd.DataFrame(
        {
            "¶": [f"¶{p}" for p in e["paragraph_id"]],
            "Kind, year": [f"{k} {p}" for k, p in zip(e["kind"], e["period"], strict=True)],
            "Indicator": e["indicator"],
            "English": [gloss(z) for z in e["indicator"]],
            "Figure as written": [
                english_quantity(v, u) for v, u in zip(e["value"], e["unit"], strict=True)
            ],
            "Firmness": e["firmness"],
            "Binding": e["binding"].replace("", "–"),
        }
    )
    keys = list(zip(e["paragraph_id"], e["indicator"], strict=True))
    paired = (
        pairs[
            (pairs["pair"] == "result→next target")
            & pairs.set_index(["result_paragraph", "indicator"]).index.isin(keys)
        ]
        if len(pairs)
        else pairs
    )
    forest = paired[contains(paired["indicator"], afforestation)] if len(paired) else paired
    values = {
        "ecology_n_figures": fmt_number(len(e)),
        "ecology_figures_plain": "all of them stated plainly, without a hedge word"
        if len(e) and set(firm.index) == {"plain"}
        else "with these degrees of firmness: " + and_list(f"{k} ×{v}" for k, v in firm.items()),
        "ecology_figures_not_binding": "none of them is among the binding or expected indicators"
        if (e["binding"] == "").all()
        else "some of them are among the binding or expected indicators",
        "ecology_afforest": "none of them is an afforestation figure",
    }
    if len(forest):
        f = forest.iloc[0]
        change = (
            "the same figure again"
            if f["change"] == 0
            else f"a change of {f['change']:+g}{f['unit']}"
        )
        mu = " (1 mu = 1/15 hectare)" if "亩" in str(f["unit"]) else ""
        values["ecology_afforest"] = (
            f"{f['indicator']} ({gloss(f['indicator'])}), "
            f"{english_quantity(f['result'], f['unit'])} in the {review} "
            f"and {english_quantity(f['target'], f['unit'])} in the {plan}: {change}{mu}"
        )
    values["ecology_pairs_said"] = (
        f"Paired by indicator, {count_words(len(paired), 'figure')} "
        f"{'has' if len(paired) == 1 else 'have'} both a result and a target"
        + (
            f"{': ' if len(paired) == 1 else '; among them, '}{values['ecology_afforest']}."
            if len(forest)
            else "."
        )
        if len(paired)
        else "No figure among them is paired with a result or target of the same indicator."
    )
    return df, values


def reform_plan_systems(
    a: Analysis, systems: Sequence[Mapping[str, Any]]
) -> tuple[pd.DataFrame, Values]:
    """The systems of an external list (``systems``: ``name``, ``zh``, ``pattern``; the book
    uses the eight of the 2015 reform plan for an ecological civilisation) that the report
    names: the paragraphs of the sentences each pattern finds. Glue values:
    ``ecology_plan_systems_named`` (``3 of the 8``) and ``ecology_plan_systems_absent`` (the
    systems it does not name, or ``none``)."""
    sents = _sentences(a.report)
    rows = []
    for s in systems:
        hit, cell = _sentences_naming(sents, s["pattern"], absent="not named")
        rows.append(
            {
                "System": s["name"],
                "Chinese": s.get("zh", ""),
                "Paragraphs (sentences)": cell,
                "named": len(hit) > 0,
            }
        )
    df = pd.DataFrame(rows, columns=["System", "Chinese", "Paragraphs (sentences)", "named"])
    absent = [
        f"{z} ({n})"
        for z, n, ok in zip(df["Chinese"], df["System"], df["named"], strict=True)
        if not ok
    ]
    values = {
        "ecology_plan_systems_named": f"{int(df['named'].sum())} of the {len(df)}",
        "ecology_plan_systems_absent": and_list(absent),
    }
    return df.drop(columns="named"), values
