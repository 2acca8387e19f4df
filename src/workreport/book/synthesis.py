"""The synthesis chapter (``notebooks/04_synthesis.ipynb``): the three themes together —
attention, review against plan, results against targets, firmness, and how far the numbers
can be trusted — assembled as tables, glue values and claims
(:class:`~workreport.book.words.Findings`).

Every function returns a :class:`~workreport.book.words.Findings` whose glue keys are the
same on every report (a neutral value where a measure does not apply), and whose claims are
tested on the data (``claims``: key → holds, text, neutral wording). The
statistics come from :mod:`workreport.themes`, :mod:`workreport.context`,
:mod:`workreport.targets`, :mod:`workreport.evaluate` and :mod:`workreport.validation`.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import context, themes, validation
from ..constants import FIRMNESS, THEME_LABELS_ZH, THEMES
from . import words
from .context_chapter import theme_name
from .glosses import gloss, section_labels, zh_en
from .words import Findings

__all__ = [
    "CEILING",
    "accuracy_findings",
    "attention_figure_data",
    "attention_findings",
    "dashboard_findings",
    "expectation_findings",
    "figure_text",
    "firmness_findings",
    "first_sentence",
    "gdp_findings",
    "headline_findings",
    "nearest_national",
    "pairwise_findings",
    "plan_targets",
    "quote",
    "quote_findings",
    "result_pairs",
    "section_findings",
    "shift_findings",
    "validity_findings",
    "versus_expectation",
    "with_sentences",
]

#: Hedge words that make a target a ceiling (a result at or under it meets it).
CEILING = ("以内", "以下", "之内", "不超过")

_NO = "n/a"


def nearest_national(year: int | None, folder: str | Path | None = None) -> tuple[int, Path]:
    """The national report of ``year``, else of the nearest year (the earlier on a tie), by
    the years in the file names of ``folder`` (default: the national reports); the latest
    when ``year`` is None."""
    folder = Path(folder) if folder else context.default_corpus_dir()
    files = {context.year_from_name(p.name): p for p in sorted(folder.glob("*.txt"))}
    files.pop(None, None)
    if not files:
        raise FileNotFoundError(f"{folder}: no national report with a year in its name")
    known = [y for y in files if y is not None]
    best = min(known, key=lambda y: (abs(y - year), y)) if year else max(known)
    return best, files[best]


def with_sentences(targets: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """The targets table with the ``sentence_id`` of the sentence holding each quantity's
    first character."""
    i = sentences["start"].searchsorted(targets["start"].to_numpy(), side="right") - 1
    return targets.assign(sentence_id=sentences["sentence_id"].to_numpy()[i])


def figure_text(value: Any, unit: Any) -> str:
    """A figure as written, a fall with a minus sign: ``2,325万吨``, ``−3.2%``.

    Examples
    --------
    >>> figure_text(2325, "万吨"), figure_text(-3.2, "%"), figure_text(float("nan"), "%")
    ('2,325万吨', '−3.2%', '–')
    """
    if pd.isna(value):
        return "–"
    return f"{words.fmt_number(value).replace('-', '−')}{unit}"


def _signed(x: float, fmt: str) -> str:
    return fmt.format(x).replace("-", "−")


def _theme_zh(t: str) -> str:
    return THEME_LABELS_ZH.get(t, theme_name(t))


# --- attention ---------------------------------------------------------------------------------


def attention_findings(
    report: Any,
    a: Any,
    b: Any,
    *,
    short: str,
    nat_year: int,
    review_year: int | None,
    plan_year: int | None,
) -> Findings:
    """Each theme's rate in the report and in the national report, and their ratio
    (:func:`workreport.context.compare_rates`; table ``attention``; ``data``: the rates for
    the figure); the years and the environmental-governance index of the report."""
    rates = context.compare_rates(a, b)
    by_theme: Any = rates[rates["level"] == "theme"].set_index("name").reindex(list(THEMES))
    summary: Any = themes.theme_summary(report, a.tokens, a.matches).set_index("theme")
    summary = summary.reindex(list(THEMES))
    glue: dict[str, str] = {
        "synthesis_nat_year": str(nat_year),
        "synthesis_review_year": str(review_year or "the review year"),
        "synthesis_plan_year": str(plan_year or "the plan year"),
        "synthesis_env_index": f"{a.env_index_substring:.2f}%",
        "synthesis_env_tokens_index": f"{a.env_index:.2f}%",
    }
    versus = {}
    for t in THEMES:
        r = by_theme.loc[t]
        glue[f"synthesis_matches_{t}"] = str(int(r["report_matches"]))
        glue[f"synthesis_rate_{t}"] = words.fixed(r["report_value"], 1)
        glue[f"synthesis_rate_ci_{t}"] = words.interval(
            r["report_ci_low"], r["report_ci_high"], digits=1
        )
        glue[f"synthesis_nat_rate_{t}"] = words.fixed(r["national_value"], 1)
        glue[f"synthesis_nat_ratio_{t}"] = words.fmt_number(r["ratio"], digits=1)
        glue[f"synthesis_nat_ratio_ci_{t}"] = words.interval(r["ratio_ci_low"], r["ratio_ci_high"])
        glue[f"synthesis_parashare_{t}"] = f"{summary.loc[t, 'paragraph_share']:.0f}%"
        versus[t] = words.interval_words(r["ratio_ci_low"], r["ratio_ci_high"])
    above = [t for t in THEMES if versus[t] == "above"]
    below = [t for t in THEMES if versus[t] == "below"]
    neither = [t for t in THEMES if t not in above + below]
    otherwise = "; ".join(
        f"the ratio's interval lies {side} 1 for {words.and_list(theme_name(t) for t in ts)}"
        for side, ts in (("above", above), ("below", below))
        if ts
    )
    if neither:
        otherwise += ("; " if otherwise else "") + (
            f"for {words.and_list(theme_name(t) for t in neither)} the two reports cannot be "
            "told apart"
        )

    def ci(prefix: str, digits: int) -> list[str]:
        return [
            words.with_interval(v, lo, hi, digits=digits)
            for v, lo, hi in zip(
                by_theme[f"{prefix}value" if prefix else "ratio"],
                by_theme[f"{prefix}ci_low" if prefix else "ratio_ci_low"],
                by_theme[f"{prefix}ci_high" if prefix else "ratio_ci_high"],
                strict=True,
            )
        ]

    table = pd.DataFrame(
        {
            "Theme": [THEME_LABELS_ZH[t] for t in THEMES],
            "Matches": by_theme["report_matches"].to_numpy(),
            f"{short}: per 1,000 words (95% CI)": ci("report_", 1),
            "Paragraphs mentioning (% of body)": [
                f"{int(n)} ({s:.0f}%)"
                for n, s in zip(
                    summary["paragraphs_mentioning"], summary["paragraph_share"], strict=True
                )
            ],
            "Distinct terms": summary["distinct_terms"].to_numpy(),
            f"全国 {nat_year} (national): per 1,000 words (95% CI)": ci("national_", 1),
            "Ratio (95% CI)": ci("", 2),
            "Ratio's interval is": [f"{versus[t]} 1" for t in THEMES],
        }
    )
    return Findings(
        values=glue,
        claims={
            "synthesis_nat_apart": (
                above == ["energy"] and not below,
                "only for energy transition does the ratio's interval exclude 1; for ecology and "
                "poverty alleviation the two reports cannot be told apart",
                otherwise,
            ),
        },
        tables={"attention": table},
        data={"by_theme": by_theme},
    )


def attention_figure_data(by_theme: pd.DataFrame, labels: tuple[str, str]) -> dict[str, Any]:
    """The arguments of :func:`workreport.book.figures.grouped_bars` for the attention figure:
    the two reports' rates and interval ends, one row per theme (``labels``: the report's and
    the national report's legend labels)."""
    index = [_theme_zh(t).replace(" (", "\n(") for t in by_theme.index]
    cols = {"report": labels[0], "national": labels[1]}

    def frame(suffix: str) -> pd.DataFrame:
        return pd.DataFrame(
            {lab: by_theme[f"{side}_{suffix}"].to_numpy(float) for side, lab in cols.items()},
            index=index,
        )

    return {"table": frame("value"), "low": frame("ci_low"), "high": frame("ci_high")}


def _draws_by_theme(report: Any, a: Any, draws: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Matches per theme in each of ``draws`` resampled reports (body paragraphs drawn with
    replacement), and the totals."""
    body = report.paragraphs.loc[report.paragraphs["part"] > 0, "paragraph_id"].to_numpy()
    per = (
        a.matches.groupby(["paragraph_id", "theme"]).size().unstack(fill_value=0)
        if len(a.matches)
        else pd.DataFrame()
    )
    per = per.reindex(index=body, columns=list(THEMES), fill_value=0).to_numpy(float)
    rng = np.random.default_rng(seed)
    weights = rng.multinomial(len(body), np.full(len(body), 1 / max(len(body), 1)), size=draws)
    return weights @ per, per.sum(axis=0)


def pairwise_findings(report: Any, a: Any, *, draws: int = 2000, seed: int = 2017) -> Findings:
    """The three themes against each other within the report: ratio of matches with a
    paragraph-bootstrap interval (``draws``, ``seed``: those of
    :func:`workreport.themes.theme_rates`), and the share of perturbed lexicons
    (:func:`workreport.themes.robustness`) that keep the order (table ``pairs``)."""
    boot, totals = _draws_by_theme(report, a, draws, seed)
    rob = themes.robustness(report, a.tokens, a.matches, themes.load_lexicon())
    loo, lex_boot = rob["leave_one_out"], rob["bootstrap"]
    th = list(THEMES)

    def compare(x: str, y: str) -> dict[str, Any]:
        j, k = th.index(x), th.index(y)
        with np.errstate(divide="ignore", invalid="ignore"):
            d = boot[:, j] / boot[:, k]
        d = d[np.isfinite(d)]
        lo, hi = np.percentile(d, [2.5, 97.5]) if len(d) else (np.nan, np.nan)
        column = f"{th[min(j, k)]} vs {th[max(j, k)]}"  # themes.robustness's columns
        first, second = (totals[j], totals[k]) if j < k else (totals[k], totals[j])
        base = ">" if first > second else ("=" if first == second else "<")
        more = f"matches_{x}" in lex_boot
        return {
            "x": x,
            "y": y,
            "Themes": f"{theme_name(x)} : {theme_name(y)}",
            "Matches": f"{int(totals[j])} : {int(totals[k])}",
            "Ratio": totals[j] / totals[k] if totals[k] else np.nan,
            "95% CI: low": float(lo),
            "95% CI: high": float(hi),
            "Interval is": words.interval_words(lo, hi) + " 1",
            "Order holds: leave-one-out (share)": float((loo[column] == base).mean())
            if column in loo
            else np.nan,
            "Order holds: bootstrap lexicons (share)": float((lex_boot[column] == base).mean())
            if column in lex_boot
            else np.nan,
            "x_more": float((lex_boot[f"matches_{x}"] > lex_boot[f"matches_{y}"]).mean())
            if more
            else np.nan,
        }

    table = pd.DataFrame(
        [compare("ecology", "energy"), compare("energy", "poverty"), compare("ecology", "poverty")]
    )
    pair = {(r["x"], r["y"]): r for r in table.to_dict("records")}
    ee = pair[("ecology", "energy")]
    over = [pair[("energy", "poverty")], pair[("ecology", "poverty")]]
    tie = bool(
        0.1 <= ee["x_more"] <= 0.9
        and ee["95% CI: low"] <= 1 <= ee["95% CI: high"]
        and 0.8 <= ee["Ratio"] <= 1.25
    )
    lead = all(
        p["Order holds: leave-one-out (share)"] == 1
        and p["Order holds: bootstrap lexicons (share)"] >= 0.95
        and 1.5 <= p["Ratio"] <= 3
        for p in over
    )
    apart = all(p["95% CI: low"] > 1 for p in over)
    glue = {}
    for p in pair.values():
        key = f"synthesis_pair_{p['x']}_{p['y']}"
        glue[f"{key}_ratio"] = words.fixed(p["Ratio"], 2)
        glue[f"{key}_ci"] = words.interval(p["95% CI: low"], p["95% CI: high"])
        glue[f"{key}_more"] = words.fixed(100 * p["x_more"], 0) + (
            "%" if p["x_more"] == p["x_more"] else ""
        )
    return Findings(
        values=glue,
        claims={
            "synthesis_claim_attention": (
                tie and lead,
                "Energy transition and ecology get about the same attention, neither leading; "
                "poverty alleviation gets about half as much",
                "The themes' lexicon matches: "
                + words.and_list(
                    f"{theme_name(t)} {int(n)}" for t, n in zip(th, totals, strict=True)
                ),
            ),
            "synthesis_tie_words": (
                tie,
                "a tie: their ratio is close to 1, its paragraph interval includes 1, and neither "
                "has more matches in nine bootstrap lexicons out of ten",
                "compared in the table (their order, by ratio, interval and lexicon)",
            ),
            "synthesis_poverty_gap_words": (
                lead and not apart,
                "each has about twice poverty alleviation's matches under every leave-one-out "
                "lexicon and nearly every bootstrap lexicon, but resampling paragraphs, neither "
                "ratio's interval excludes 1: a handful of paragraphs carry each theme, and the "
                "gap rests on them",
                "the ratios to poverty alleviation and their intervals are in the table",
            ),
            "synthesis_attention_note": (
                tie and lead and not apart,
                "the order of the first two changes with the lexicon (a tie), and the gap to "
                "poverty alleviation survives every leave-one-out lexicon but not a resampling of "
                "paragraphs: a few paragraphs carry each theme",
                "the comparisons are worded in the synthesis",
            ),
        },
        tables={"pairs": table.drop(columns=["x", "y", "x_more"])},
    )


def section_findings(report: Any, a: Any) -> Findings:
    """Attention to each theme by section (table ``sections``; ``data``: the tidy rates and
    row labels of the heat map, empty when the report has no sections), and each theme's
    section of highest attention (``n/a`` without sections)."""
    by_section = themes.theme_by_unit(report, a.tokens, a.matches, unit="section")
    glue = {f"synthesis_top_section_{t}": _NO for t in THEMES}
    if not len(by_section):
        return Findings(values=glue, tables={"sections": pd.DataFrame({"Section": []})})
    by_section["unit"] = list(
        zip(by_section["part"], by_section["section"].astype(int), strict=True)
    )
    labels = section_labels(report)
    wide = by_section.pivot(index="unit", columns="theme", values="per_1000").reindex(
        columns=list(THEMES), fill_value=0.0
    )
    titles = report.sections.set_index(["part", "section"])["title"]
    for t, unit in wide.idxmax().items():
        glue[f"synthesis_top_section_{t}"] = zh_en(titles.loc[unit])
    table = wide.reset_index(drop=True).rename(
        columns={t: f"{THEME_LABELS_ZH[t]} (per 1,000 words)" for t in THEMES}
    )
    table.insert(0, "Section", [labels[u].replace("\n", " — ") for u in wide.index])
    return Findings(
        values=glue, tables={"sections": table}, data={"rates": by_section, "labels": labels}
    )


def shift_findings(report: Any, a: Any) -> Findings:
    """Attention in the plan part against the review part
    (:func:`~workreport.themes.review_vs_plan`; table ``shift``; ``data``: the ratios for the
    figure)."""
    shift = themes.review_vs_plan(report, a.tokens, a.matches).set_index("theme")
    shift = shift.reindex(list(THEMES))
    said = {t: words.interval_words(r["ci_low"], r["ci_high"]) for t, r in shift.iterrows()}
    glue = {}
    for t, r in shift.iterrows():
        glue[f"synthesis_ratio_{t}"] = words.fixed(r["rate_ratio"], 2)
        glue[f"synthesis_ratio_ci_{t}"] = words.interval(r["ci_low"], r["ci_high"])
    table = pd.DataFrame(
        {
            "Theme": [THEME_LABELS_ZH[t] for t in THEMES],
            "Review: matches (per 1,000 words)": [
                f"{m} ({v:.1f})"
                for m, v in zip(shift["review_matches"], shift["review_per_1000"], strict=True)
            ],
            "Plan: matches (per 1,000 words)": [
                f"{m} ({v:.1f})"
                for m, v in zip(shift["plan_matches"], shift["plan_per_1000"], strict=True)
            ],
            "Ratio plan ÷ review (95% CI)": [
                words.with_interval(v, lo, hi)
                for v, lo, hi in zip(
                    shift["rate_ratio"], shift["ci_low"], shift["ci_high"], strict=True
                )
            ],
            "Poisson 95% CI (too narrow)": [
                words.interval(lo, hi)
                for lo, hi in zip(shift["poisson_low"], shift["poisson_high"], strict=True)
            ],
            "Paragraph interval is": [f"{said[t]} 1" for t in THEMES],
        }
    )
    return Findings(
        values=glue,
        claims={
            "synthesis_shift_words": (
                all(w == "not distinguishable from" for w in said.values())
                and bool((shift["rate_ratio"] < 1).all()),
                "every ratio is below 1, but every interval includes 1: the data do not tell the "
                "two parts apart for any theme",
                "; ".join(f"{theme_name(t)}: ratio {said[t]} 1" for t in THEMES),
            ),
        },
        tables={"shift": table},
        data={"shift": shift.reset_index()},
    )


# --- results against targets -------------------------------------------------------------------


def versus_expectation(result: float, target: float, *, qualifier: str, direction: str) -> str:
    """How a result stands against the expectation for its year, on signed values.

    Examples
    --------
    >>> versus_expectation(-3.0, -7.0, qualifier="", direction="down")
    'above (a smaller fall)'
    >>> versus_expectation(3.2, 4.2, qualifier="以内", direction="")
    'within the ceiling'
    >>> versus_expectation(4.5, 6.0, qualifier="", direction="up")
    'below'
    """
    if any(w in str(qualifier) for w in CEILING):
        return "within the ceiling" if result <= target else "above the ceiling"
    if result == target:
        return "equal"
    word = "above" if result > target else "below"
    if direction == "down":
        word += " (a smaller fall)" if word == "above" else " (a larger fall)"
    return word


def _as_written(values: pd.Series, units: pd.Series, qualifiers: pd.Series) -> list[str]:
    return [
        figure_text(v, u) + (f" {q}" if q else "")
        for v, u, q in zip(values, units, qualifiers, strict=True)
    ]


def result_pairs(targets: pd.DataFrame) -> pd.DataFrame:
    """Results paired with targets of the same indicator
    (:func:`workreport.targets.pair_results_targets` on the extractor's columns); an empty
    table when the report has no quantities."""
    from ..targets import COLUMNS, pair_results_targets

    return pair_results_targets(targets[COLUMNS]) if len(targets) else pd.DataFrame()


def expectation_findings(
    targets: pd.DataFrame, pairs: pd.DataFrame, *, review_year: int | None, result_label: str
) -> Findings:
    """The review's results set against the expectation for the same year (pairs
    ``result→own target`` of :func:`workreport.targets.pair_results_targets`; table
    ``expectations``), and the counts of quantities."""
    results = targets[targets["kind"] == "result"]
    own = pairs[pairs["pair"] == "result→own target"] if len(pairs) else pairs
    glue = {
        "synthesis_n_quantities": str(len(targets)),
        "synthesis_n_results": str(len(results)),
        "synthesis_n_targets": str(int((targets["kind"] == "target").sum())),
        "synthesis_n_estimates": str(int(results["estimate"].sum())),
        "synthesis_n_results_review": str(len(results)),
        "synthesis_n_expectations": str(len(own)),
        "synthesis_n_expectations_estimates": str(
            int(own["result_estimate"].sum()) if len(own) else 0
        ),
    }
    table = pd.DataFrame({"Indicator": []})
    if len(own):
        table = pd.DataFrame(
            {
                "Indicator": own["indicator"],
                "English": [gloss(i) for i in own["indicator"]],
                "Direction": own["direction"],
                result_label: _as_written(
                    own["result_signed"], own["unit"], own["result_qualifier"]
                ),
                "Estimate (预计)": own["result_estimate"].astype(bool),
                f"{review_year or 'Year'} expected": [
                    figure_text(v, u)
                    for v, u in zip(own["target_signed"], own["unit"], strict=True)
                ],
                "Expectation stated as": [
                    "implied by the gap" if q == "implied" else (q or "as a figure")
                    for q in own["target_qualifier"]
                ],
                "Change (expected − result)": [_signed(c, "{:+g}") for c in own["change"]],
                "Result against expectation": [
                    versus_expectation(
                        r["result_signed"],
                        r["target_signed"],
                        qualifier=r["target_qualifier"],
                        direction=r["direction"],
                    )
                    for r in own.to_dict("records")
                ],
                "¶": "¶" + own["result_paragraph"].astype(str),
            }
        )
    falls = own[own["direction"] == "down"] if len(own) else own
    fall = falls.iloc[0] if len(falls) else None
    text = ""
    if fall is not None:
        text = (
            f"{gloss(fall['indicator'])} fell {-fall['result_signed']:g}% against an expected fall "
            f"of {-fall['target_signed']:g}%: the change from result to expectation is "
            f"{fall['change']:+.1f} points".replace("-", "−")
            + ", and a fall smaller than expected is better than planned"
        )
    holds = (
        fall is not None and fall["change"] < 0 and fall["result_signed"] > fall["target_signed"]
    )
    return Findings(
        values=glue,
        claims={
            "synthesis_fall_example": (
                bool(holds),
                text,
                "no result in this report is set against an expected fall",
            ),
        },
        tables={"expectations": table},
    )


def dashboard_findings(
    pairs: pd.DataFrame, *, sub_annual: str, result_label: str, target_label: str
) -> Findings:
    """Each one-year result beside the next year's target of the same indicator (pairs
    ``result→next target``, without those whose indicator ``sub_annual`` finds; table
    ``dashboard``; ``data``: the pairs and labels for
    :func:`workreport.book.figures.change_dotplot`)."""
    from .figures import percent_change

    nxt = pairs[pairs["pair"] == "result→next target"] if len(pairs) else pairs
    if len(nxt):
        nxt = nxt[~words.contains(nxt["indicator"], sub_annual)]
    nxt = nxt.reset_index(drop=True)
    n = len(nxt)
    change = nxt["change"] if n else pd.Series(dtype=float)
    glue = {
        "synthesis_n_pairs": str(n),
        "synthesis_n_raised": str(int((change > 0).sum())),
        "synthesis_n_kept": str(int((change == 0).sum())),
        "synthesis_n_lowered": str(int((change < 0).sum())),
        "synthesis_n_no_change": str(int(change.isna().sum())),
    }
    if not n:
        return Findings(values=glue, tables={"dashboard": pd.DataFrame({"Indicator": []})})
    percent = np.atleast_1d(percent_change(nxt["result_signed"], nxt["target_signed"]))
    labels = {
        i: f"{i}\n({textwrap.shorten(g, 40, placeholder=' …')})"
        if (g := gloss(i, missing=""))
        else i
        for i in nxt["indicator"]
    }
    table = pd.DataFrame(
        {
            "Indicator": nxt["indicator"],
            "English": [gloss(i) for i in nxt["indicator"]],
            result_label: _as_written(nxt["result_signed"], nxt["unit"], nxt["result_qualifier"]),
            "Estimate (预计)": nxt["result_estimate"].astype(bool),
            target_label: _as_written(nxt["target_signed"], nxt["unit"], nxt["target_qualifier"]),
            "Label": nxt["target_binding"].replace("", "–"),
            "Change (target − result)": [_signed(c, "{:+g}") for c in nxt["change"]],
            "Change (%)": ["–" if pd.isna(p) else _signed(p, "{:+.0f}%") for p in percent],
            "¶ (result, target)": [
                f"¶{r}, ¶{t}"
                for r, t in zip(nxt["result_paragraph"], nxt["target_paragraph"], strict=True)
            ],
        }
    )
    plot = nxt.assign(result=nxt["result_signed"], target=nxt["target_signed"])
    return Findings(
        values=glue, tables={"dashboard": table}, data={"pairs": plot, "labels": labels, "nxt": nxt}
    )


def headline_findings(
    targets: pd.DataFrame,
    nat_pairs: pd.DataFrame,
    headlines: list[dict[str, str]],
    *,
    result_label: str,
    target_label: str,
) -> Findings:
    """The headline commitments of the chapter's data file (``headlines``: ``key``, ``zh``,
    ``en``, ``pattern`` over indicator + verb): the first result of the review and the first
    target of the plan each pattern finds, the change, and the target as a share of the
    national target of the same indicator (``nat_pairs``,
    :func:`~workreport.context.compare_targets`). Glue keys ``synthesis_<key>_result``,
    ``_target``, ``_change``,
    ``_nat_share`` (``n/a`` where nothing is found); table ``headlines``."""
    from .figures import percent_change

    key = targets["indicator"] + targets["verb"]

    def written(row: Any) -> str:
        if row is None:
            return _NO
        text = words.english_quantity(row["value"], row["unit"], base_unit=row["base_unit"])
        return text + (f" {row['qualifier']}" if row["qualifier"] else "")

    rows: list[dict[str, Any]] = []
    glue: dict[str, str] = {}
    for h in headlines:
        hit = targets[words.contains(key, h["pattern"])]
        res = hit[(hit["kind"] == "result") & (hit["part_label"] == "review")]
        tgt = hit[(hit["kind"] == "target") & (hit["part_label"] == "plan")]
        r = res.iloc[0] if len(res) else None
        t = tgt.iloc[0] if len(tgt) else None
        share = np.nan
        if t is not None and len(nat_pairs):
            nat = nat_pairs[
                (nat_pairs["report_paragraph"] == t["paragraph_id"])
                & (nat_pairs["indicator"] == t["indicator"])
            ]
            share = nat["report_share_pct"].iloc[0] if len(nat) else np.nan
        change: Any = (
            percent_change(r["value_base"], t["value_base"])
            if r is not None and t is not None
            else np.nan
        )
        change_text = _NO if pd.isna(change) else _signed(change, "{:+.0f}%")
        share_text = _NO if pd.isna(share) else f"{share:.1f}%"
        glue |= {
            f"synthesis_{h['key']}_result": written(r),
            f"synthesis_{h['key']}_target": written(t),
            f"synthesis_{h['key']}_change": change_text,
            f"synthesis_{h['key']}_nat_share": share_text,
        }
        rows.append(
            {
                "key": h["key"],
                "Commitment": f"{h['zh']} ({h['en']})",
                result_label: written(r),
                "Estimate (预计)": bool(r["estimate"]) if r is not None else None,
                target_label: written(t),
                "Firmness": t["firmness"] if t is not None else "–",
                "Label": (t["binding"] or "–") if t is not None else "–",
                "Change": "–" if change_text == _NO else change_text,
                "Share of national target": "–" if share_text == _NO else share_text,
                "¶": ", ".join(f"¶{x['paragraph_id']}" for x in (r, t) if x is not None),
            }
        )
    table = pd.DataFrame(rows)
    poor = [r for r in rows if r["key"] == "poor"]
    return Findings(
        values=glue,
        claims={
            "synthesis_poor_binding_words": (
                len(poor) == 1 and poor[0]["Label"] == "binding",
                "The binding poverty target is",
                "The poverty target is",
            ),
        },
        tables={"headlines": table.drop(columns="key") if len(table) else table},
    )


def _target_text(row: Any, who: str) -> str:
    from .context_chapter import target_text

    return target_text(row, who)


def gdp_findings(
    nat_pairs: pd.DataFrame,
    nxt: pd.DataFrame | None,
    *,
    review_year: int | None = None,
    plan_year: int | None = None,
) -> Findings:
    """The growth target against the estimated result of the year before (``nxt``: the
    dashboard's pairs) and the national growth target of the same year (``nat_pairs``)."""
    then = f"in {review_year}" if review_year else "in the review year"
    plan = f"for {plan_year}" if plan_year else "for the plan year"
    gdp = nat_pairs[nat_pairs["indicator"].map(context.normalise_indicator) == "生产总值"]
    g = gdp.iloc[0] if len(gdp) else None
    gr = None
    if nxt is not None and len(nxt):
        res = nxt[nxt["indicator"].map(context.normalise_indicator) == "生产总值"]
        gr = res.iloc[0] if len(res) else None
    glue = {
        "synthesis_gdp_result": _NO if gr is None else f"{gr['result']:g}%",
        "synthesis_gdp_target": _target_text(g, "report"),
        "synthesis_nat_gdp_target": _target_text(g, "national"),
    }
    holds = bool(
        g is not None
        and gr is not None
        and gr["result"] < g["report_value"] < g["national_value"]
        and bool(gr["result_estimate"])
    )
    words_ = "above the estimated result of the year before and below the national target"
    if g is None:
        otherwise = "No growth target of the report pairs with one of the national report"
    else:
        otherwise = (
            f"The growth target {plan} is {glue['synthesis_gdp_target']}, the national "
            f"one {glue['synthesis_nat_gdp_target']}"
        )
        if gr is not None:
            otherwise = (
                f"GDP grew by {glue['synthesis_gdp_result']} {then}; "
                + otherwise[0].lower()
                + otherwise[1:]
            )
    return Findings(
        values=glue,
        claims={
            "synthesis_gdp_words": (
                holds,
                words_,
                f"{glue['synthesis_gdp_target']}, against a national target of "
                f"{glue['synthesis_nat_gdp_target']}"
                if g is not None
                else "not paired with a national growth target",
            ),
            "synthesis_gdp_sentence": (
                holds,
                f"GDP grew by an estimated {glue['synthesis_gdp_result']} {then}; the "
                f"target {plan} is {glue['synthesis_gdp_target']}, {words_} "
                f"({glue['synthesis_nat_gdp_target']})",
                otherwise,
            ),
        },
    )


# --- firmness ----------------------------------------------------------------------------------


def _profile(tg: pd.DataFrame) -> dict[str, Any]:
    """Targets by firmness and label, and the sentences holding guarantees."""
    out: dict[str, Any] = {"Targets": len(tg)}
    out |= {f: int((tg["firmness"] == f).sum()) for f in FIRMNESS}
    out["Sentences with guarantees"] = tg.loc[
        tg["firmness"] == "guarantee", "sentence_id"
    ].nunique()
    out |= {
        "Binding (约束性)": int((tg["binding"] == "binding").sum()),
        "Expected (预期性)": int((tg["binding"] == "expected").sum()),
    }
    return out


def plan_targets(targets: pd.DataFrame) -> pd.DataFrame:
    """The targets of the plan part."""
    return targets[(targets["kind"] == "target") & (targets["part_label"] == "plan")]


def firmness_findings(
    targets: pd.DataFrame, b: Any, *, short: str, national_label: str, plan_year: int | None
) -> Findings:
    """Targets of the plan part by theme, firmness and label, beside the national report's
    (``b``; table ``firmness``), the binding targets (table ``binding``), and the counts of
    the firmness figure (``data``)."""
    plan = plan_targets(targets)
    names = list(THEMES) + sorted(set(plan["theme"]) - set(THEMES))
    rows = [{"Theme": _theme_zh(t), **_profile(plan[plan["theme"] == t])} for t in names]
    rows.append({"Theme": f"all targets: {short}", **_profile(plan)})
    nat = b.targets.merge(b.report.paragraphs[["paragraph_id", "part_label"]], on="paragraph_id")
    nat_profile = _profile(with_sentences(plan_targets(nat), b.report.sentences))
    rows.append({"Theme": f"all targets: {national_label}", **nat_profile})
    counts = (
        plan[plan["theme"].isin(THEMES)].groupby(["theme", "firmness"]).size().rename("n")
    ).reset_index()
    guarantees = plan[plan["firmness"] == "guarantee"]
    g_sentences = guarantees["sentence_id"].unique()
    binding = plan[plan["binding"] == "binding"]
    nat_binding = nat_profile["Binding (约束性)"]
    b_themes = sorted(set(binding["theme"]))
    g_paras = sorted(set(guarantees["paragraph_id"].astype(int)))
    n_g = words.count_words(len(guarantees), "target")
    firm = len(binding) >= 2 and len(b_themes) >= 2 and nat_binding < len(binding)
    plain = plan[plan["theme"].isin(THEMES)].groupby("theme")["firmness"]
    plain_share = plain.apply(lambda f: (f == "plain").mean())

    def signed(r: Any) -> str:
        return figure_text(-r.value if r.direction == "down" else r.value, r.unit)

    by_theme = binding["theme"].value_counts()
    glue = {
        "synthesis_n_guarantee_rows": str(len(guarantees)),
        "synthesis_n_guarantee_sentences": str(len(g_sentences)),
        "synthesis_n_binding": str(len(binding)),
        "synthesis_nat_n_binding": str(nat_binding),
        "synthesis_nat_n_guarantee": str(nat_profile["guarantee"]),
        "synthesis_n_plan_targets": str(len(plan)),
        "synthesis_binding_list": "; ".join(
            f"{gloss(str(r.indicator))} {signed(r)}" for r in binding.itertuples()
        )
        or "none",
        "synthesis_binding_themes": words.and_list(
            f"{theme_name(t)} ({by_theme[t]})"
            for t in [*THEMES, *sorted(set(b_themes) - set(THEMES))]
            if t in by_theme
        ),
    }
    table = pd.DataFrame(
        {
            "Indicator": binding["indicator"],
            "English": [gloss(i) for i in binding["indicator"]],
            "Theme": [theme_name(t) for t in binding["theme"]],
            f"{plan_year or ''} target".strip(): [signed(r) for r in binding.itertuples()],
            "Hedge (firmness)": binding["firmness"],
            "¶": "¶" + binding["paragraph_id"].astype(str),
        }
    )
    return Findings(
        values=glue,
        claims={
            "synthesis_guarantee_words": (
                len(g_sentences) == 1
                and len(guarantees) >= 2
                and sorted(set(guarantees["theme"])) == ["poverty"],
                f"the hedge 确保 (ensure) marks {n_g} of the plan, all in one sentence about "
                f"poverty alleviation (¶{g_paras[0] if g_paras else ''}): one sentence, too "
                "little to rank the themes by",
                f"the hedge 确保 (ensure) marks {n_g} of the plan, in "
                f"{words.count_words(len(g_sentences), 'sentence')}"
                if len(guarantees)
                else "no target of the plan carries the hedge 确保 (ensure)",
            ),
            "synthesis_claim_firmness": (
                firm,
                "The firmest commitments are the binding ones, and they cut across the themes",
                "The report's binding targets",
            ),
            "synthesis_claim_firmness_lower": (
                firm,
                "the firmest commitments are the binding ones, and they cut across the themes",
                "they are counted, theme by theme, in the table",
            ),
            "synthesis_hedge_words": (
                len(plain_share) == len(THEMES) and bool((plain_share > 0.5).all()),
                "By hedge words alone the themes look alike: most targets of every theme are "
                "plain figures",
                "The hedge words of each theme's targets are counted in the table",
            ),
            "synthesis_binding_plain": (
                len(binding) > 0 and bool((binding["firmness"] == "plain").all()),
                "Binding targets are plain figures: no hedge softens them, and the label, not a "
                "hedge word, makes them firm",
                "The binding targets carry the hedges shown in the table",
            ),
        },
        tables={"firmness": pd.DataFrame(rows), "binding": table},
        data={"counts": counts, "guarantee_sentences": g_sentences, "binding": binding},
    )


def first_sentence(sentences: pd.DataFrame, pattern: str) -> pd.Series | None:
    """The first sentence a pattern of the chapter's data file finds (None for an empty
    pattern or no match)."""
    hit = sentences[words.contains(sentences["text"], pattern)]
    return hit.iloc[0] if len(hit) else None


def quote_findings(
    report: Any,
    targets: pd.DataFrame,
    binding: pd.DataFrame,
    quotes: dict[str, Any],
    *,
    review_year: int | None,
) -> Findings:
    """The sentences the chapter quotes, found by the patterns of its data file
    (``quotes``): the report's word on its binding indicators, binding indicators listed
    without figures, and a target the review admits was missed (``data``: their
    ``sentence_id``, None where not found)."""
    s = report.sentences
    said = first_sentence(s, quotes.get("binding", ""))
    bare = first_sentence(s, quotes.get("binding_without_figures", ""))
    missed = quotes.get("miss", {})
    miss = first_sentence(s, missed.get("pattern", ""))
    b_themes = set(binding["theme"])
    unquantified = bool(
        bare is not None
        and bare["sentence_id"] not in set(targets["sentence_id"])
        and bare["paragraph_id"] in set(binding["paragraph_id"])
        and "ecology" not in b_themes
    )
    where = f"¶{bare['paragraph_id']}" if bare is not None else "–"
    return Findings(
        values={"synthesis_unquantified_paragraph": where},
        claims={
            "synthesis_unquantified_words": (
                unquantified,
                "Ecology has no binding target among them, although the environmental-quality "
                f"indicators are binding too: the plan lists them without figures of their own "
                f"({where})",
                "Binding indicators that the plan lists without a figure have no row here",
            ),
            "synthesis_miss_words": (
                miss is not None,
                f"the review admits that {missed.get('en', 'a target')} missed its "
                f"{review_year} target (¶{miss['paragraph_id'] if miss is not None else ''})",
                "the review admits no missed target that the chapter's data file looks for",
            ),
        },
        data={
            "binding": None if said is None else int(said["sentence_id"]),
            "miss": None if miss is None else int(miss["sentence_id"]),
        },
    )


def quote(report: Any, sentence_id: int | None, *, missing: str) -> Any:
    """A sentence of the report as a block quote with its ¶ and, where the translation files
    have it, its English (:func:`workreport.book.chapter.quote_sentence`); ``missing`` when
    there is no such sentence."""
    from .chapter import quote_sentence
    from .glosses import translate

    s = report.sentences
    text = s.loc[s["sentence_id"] == sentence_id, "text"]
    english = translate(str(text.iloc[0])) if len(text) else ""
    return quote_sentence(report, sentence_id, english=english, missing=missing)


# --- trust -------------------------------------------------------------------------------------


_NOT_MEASURED = "not measured"


def accuracy_findings(report: Any, a: Any, gold_path: Path | None) -> Findings:
    """The extractor against a hand annotation of the report's quantities in Arabic digits
    (``gold_path``; None or missing: not measured): tables ``accuracy`` and ``errors``."""
    from ..evaluate import align_gold, load_gold, score_targets

    keys = ("precision", "recall", "f1", "n_gold", "n_misses", "n_false_alarms", "found_words")
    glue = {f"synthesis_{k}": _NOT_MEASURED for k in keys}
    if gold_path is None or not gold_path.exists() or not len(a.targets):
        return Findings(values=glue)
    scores = score_targets(
        a.targets, align_gold(report, load_gold(gold_path)), numerals=("arabic",)
    )
    overall: Any = scores["scores"].set_index("subset").loc["all"]
    n_miss, n_alarm = len(scores["misses"]), len(scores["false_alarms"])
    glue |= {
        "synthesis_precision": f"{overall['precision']:.3f}",
        "synthesis_recall": f"{overall['recall']:.3f}",
        "synthesis_f1": f"{overall['f1']:.3f}",
        "synthesis_n_gold": str(int(overall["gold"])),
        "synthesis_n_misses": str(n_miss),
        "synthesis_n_false_alarms": str(n_alarm),
        "synthesis_found_words": ("all of them" if n_miss == 0 else f"all but {n_miss}")
        + f", with {words.count_words(n_alarm, 'false alarm')}",
    }
    fields = scores["attributes"].set_index("attribute")["accuracy"]
    accuracy = scores["scores"][
        ["subset", "gold", "extracted", "found", "precision", "recall", "f1"]
    ]
    accuracy = accuracy.assign(fields="")
    accuracy.loc[accuracy["subset"] == "all", "fields"] = "; ".join(
        f"{k} {v:.2f}" for k, v in fields.items()
    )
    columns = ["error", "paragraph_id", "indicator", "value", "unit"]
    errors = pd.concat(
        [
            scores["misses"].assign(error="missed", value=np.nan, unit="")[columns],
            scores["false_alarms"].assign(error="false alarm")[columns],
        ]
    )
    errors["paragraph_id"] = [f"¶{int(p)}" if pd.notna(p) else "–" for p in errors["paragraph_id"]]
    return Findings(
        values=glue,
        tables={
            "accuracy": accuracy.rename(
                columns={
                    "subset": "Subset",
                    "gold": "Annotated",
                    "extracted": "Extracted",
                    "found": "Found",
                    "precision": "Precision",
                    "recall": "Recall",
                    "f1": "F1",
                    "fields": "Agreement by field (found quantities)",
                }
            ),
            "errors": errors.rename(
                columns={
                    "error": "Error",
                    "paragraph_id": "¶",
                    "indicator": "Indicator (as extracted)",
                    "value": "Value",
                    "unit": "Unit",
                }
            ),
        },
    )


def validity_findings(report: Any, a: Any, coding_path: Path | None) -> Findings:
    """The theme lexicons against a hand coding of the report's paragraphs (``coding_path``;
    None or missing: not measured): table ``validity``."""
    from ..validation import lexicon_validity, load_paragraph_coding

    glue = {
        f"synthesis_lex_{m}_{t}": _NOT_MEASURED for m in ("precision", "recall") for t in THEMES
    }
    if coding_path is None or not coding_path.exists():
        return Findings(
            values=glue,
            claims={
                "synthesis_lex_words": (False, "", "The lexicons are not validated here"),
            },
        )
    v = lexicon_validity(report, a.matches, load_paragraph_coding(coding_path)).set_index("theme")
    v = v.reindex([t for t in THEMES if t in v.index])
    for t, r in v.iterrows():
        glue[f"synthesis_lex_precision_{t}"] = words.fixed(r["precision"], 2)
        glue[f"synthesis_lex_recall_{t}"] = words.fixed(r["recall"], 2)
    p = v["precision"]

    def ci(m: str) -> list[str]:
        return [
            words.with_interval(x, lo, hi)
            for x, lo, hi in zip(v[m], v[f"{m}_low"], v[f"{m}_high"], strict=True)
        ]

    table = pd.DataFrame(
        {
            "Theme": [THEME_LABELS_ZH[t] for t in v.index],
            "Paragraphs coded": v["coded"].to_numpy(),
            "Paragraphs flagged": v["flagged"].to_numpy(),
            "Precision (95% CI)": ci("precision"),
            "Recall (95% CI)": ci("recall"),
            "F1": v["f1"].to_numpy(),
        }
    )
    return Findings(
        values=glue,
        claims={
            "synthesis_lex_words": (
                set(p.index) >= {"energy", "ecology", "poverty"}
                and max(p["energy"], p["ecology"]) < min(0.8, p["poverty"]),
                "The energy and ecology lexicons over-count somewhat — they flag paragraphs the "
                "coder did not mark for their theme more often than the poverty lexicon does",
                "The lexicons' precision is in the table",
            ),
        },
        tables={"validity": table},
    )


_CLAIM_NAMES = {
    "ratio_national": "ratio to the national report of its year",
    "rank_national": "rank among the national reports",
    "plan_review": "plan against review",
    "theme_order": "order of the three themes",
    "env_ratio": "environmental index against the national report",
    "env_rank": "environmental index among the national reports",
}


def _dependence(r: Any) -> str:
    if r.holds_everywhere:
        return "holds under every word list and both counting rules"
    if r.holds_genre:
        return f"holds under the genre list; fails under {r.fails_under.replace(';', ', ')}"
    return (
        f"depends on the word list: holds in {r.holds_in} of {r.rows} combinations of list, "
        f"counting rule and metaphors, and fails under the genre list in "
        f"{r.genre_rows - r.genre_holds_in} of its {r.genre_rows}"
    )


def sensitivity_findings(a: Any, corpus_dir: str | Path | None) -> Findings:
    """Every comparative claim of the book under each word list, both counting rules and with
    the metaphors kept or removed (:func:`workreport.sensitivity.claims_sensitivity`,
    summarised by :func:`workreport.sensitivity.claims_summary`): table ``sensitivity`` and,
    per claim and theme, ``synthesis_sens_<claim>_<theme>`` saying whether it holds
    everywhere, under the genre list only, or depends on the list. ``corpus_dir`` None or
    missing: not measured."""
    keys = [f"synthesis_sens_{c}_{t}" for c in _CLAIM_NAMES for t in (*THEMES, "all")]
    glue = dict.fromkeys(keys, _NOT_MEASURED)
    glue["synthesis_sens_fragile"] = "not measured"
    if corpus_dir is None or not Path(corpus_dir).is_dir():
        return Findings(values=glue)
    from ..derived import sensitivity_tables
    from ..sensitivity import claims_summary

    summary = claims_summary(sensitivity_tables(a, corpus_dir)["claims_sensitivity.csv"])
    for r in summary.itertuples(index=False):
        glue[f"synthesis_sens_{r.claim}_{r.theme}"] = _dependence(r)
    fragile = summary[~summary["holds_genre"]]
    glue["synthesis_sens_fragile"] = words.and_list(
        f"{_CLAIM_NAMES.get(c, c)} ({theme_name(t) if t in THEMES else 'all themes'})"
        for c, t in zip(fragile["claim"], fragile["theme"], strict=True)
    )
    table = pd.DataFrame(
        {
            "Claim": [_CLAIM_NAMES.get(c, c) for c in summary["claim"]],
            "Theme": [theme_name(t) if t in THEMES else "all" for t in summary["theme"]],
            "As the book states it": summary["statement"].to_numpy(),
            "Holds in": [
                f"{h} of {n}" for h, n in zip(summary["holds_in"], summary["rows"], strict=True)
            ],
            "Under the genre list": [
                "holds" if ok else f"fails in {n - k} of {n}"
                for ok, n, k in zip(
                    summary["holds_genre"],
                    summary["genre_rows"],
                    summary["genre_holds_in"],
                    strict=True,
                )
            ],
            "Fails under": [f.replace(";", ", ") or "–" for f in summary["fails_under"]],
        }
    )
    return Findings(values=glue, tables={"sensitivity": table})


#: The instrument after the revisions that the book reports beside the book's list: the book's
#: list with the era terms, general terms flagging only beside another match.
REVISED = ("book+era", "specific")


def out_of_sample_findings(path: Path | None) -> Findings:
    """The lexicons' validity out of sample — the book's list, before any revision, on the
    held-out halves of four hand-coded reports it was not built on (``path``: the project's
    ``lexicon_validity_out_of_sample.csv``; None or missing: not measured): per theme the range of
    precision and recall over the reports (``synthesis_oos_<theme>``), and how many report ×
    theme cells reach 0.7 in both (``synthesis_oos_cells``); table ``out_of_sample``. A unit
    counts as about a theme when the coder marked it so at all (``threshold`` 1).

    Beside it, every list and flag rule on the held-out halves, the earlier test reports and
    the test reports (coded after the last revision was fixed, held out whole; the last
    revision read the halves and the earlier test reports): table ``out_of_sample_summary``;
    the cells at 0.7 of the book's list on the earlier test reports
    (``synthesis_oos_earlier_before``) and on the test reports
    (``synthesis_oos_test_before``), and of the revised instrument (:data:`REVISED`) on the
    test reports (``synthesis_oos_after_test``); the test reports
    (``synthesis_oos_test_reports``), how many there are (``synthesis_oos_test_count``) and
    how many earlier ones (``synthesis_oos_earlier_count``); how many revisions the lists
    went through on development data (``synthesis_oos_revisions``, from
    :data:`workreport.validation.REVISIONS`, the in-sample one left out)."""
    glue = {f"synthesis_oos_{t}": _NOT_MEASURED for t in THEMES}
    for key in (
        "cells",
        "reports",
        "earlier_before",
        "test_before",
        "after_test",
        "test_reports",
        "test_count",
        "earlier_count",
        "revisions",
    ):
        glue[f"synthesis_oos_{key}"] = _NOT_MEASURED
    if path is None or not Path(path).exists():
        return Findings(values=glue)
    table = pd.read_csv(path)
    split = table["role"] == "split" if "role" in table.columns else True
    held = table[
        (table["lexicon"] == "book")
        & (table["revision"] == "before")
        & (table["half"] == "held-out")
        & (table["threshold"] == 1)  # coded as about the theme at all
        & split
    ]
    for t in THEMES:
        g = held[held["theme"] == t]
        glue[f"synthesis_oos_{t}"] = (
            f"precision {words.fixed(g['precision'].min())}–{words.fixed(g['precision'].max())}, "
            f"recall {words.fixed(g['recall'].min())}–{words.fixed(g['recall'].max())}"
        )
    good = (held["precision"] >= 0.7) & (held["recall"] >= 0.7)
    glue["synthesis_oos_cells"] = f"{int(good.sum())} of {len(held)}"
    glue["synthesis_oos_reports"] = words.count_words(held["report"].nunique(), "report")
    out = held.assign(
        Precision=[
            words.with_interval(x, lo, hi)
            for x, lo, hi in zip(
                held["precision"], held["precision_low"], held["precision_high"], strict=True
            )
        ],
        Recall=[
            words.with_interval(x, lo, hi)
            for x, lo, hi in zip(
                held["recall"], held["recall_low"], held["recall_high"], strict=True
            )
        ],
    )
    shown = pd.DataFrame(
        {
            "Report": out["report"].to_numpy(),
            "Theme": [THEME_LABELS_ZH[t] for t in out["theme"]],
            "Units coded for the theme": out["coded"].to_numpy(),
            "Units flagged": out["flagged"].to_numpy(),
            "Precision (95% CI)": out["Precision"].to_numpy(),
            "Recall (95% CI)": out["Recall"].to_numpy(),
        }
    )
    tables = {"out_of_sample": shown}
    if "role" in table.columns:
        summary = validation.held_out_summary(table)
        glue |= _oos_summary_glue(summary, table)
        tables["out_of_sample_summary"] = _oos_summary_table(summary)
    return Findings(values=glue, tables=tables)


def _oos_cells(summary: pd.DataFrame, lexicon: str, rule: str, role: str) -> str:
    """``"k of n"``: the held-out cells of one list, rule and role at 0.7 in both."""
    row = summary[
        (summary["lexicon"] == lexicon) & (summary["rule"] == rule) & (summary["role"] == role)
    ].iloc[0]
    return f"{int(row['both_at_floor'])} of {int(row['cells'])}"


def _oos_summary_glue(summary: pd.DataFrame, table: pd.DataFrame) -> dict[str, str]:
    tests = table.loc[table["role"] == "test", "report"].drop_duplicates().tolist()
    earlier = table.loc[table["role"] == "earlier-test", "report"].nunique()
    return {
        "synthesis_oos_test_count": words.count_words(len(tests), "report"),
        "synthesis_oos_earlier_count": words.count_words(earlier, "report"),
        "synthesis_oos_revisions": str(len(validation.REVISIONS) - 1),
        "synthesis_oos_earlier_before": _oos_cells(summary, "book", "any", "earlier-test"),
        "synthesis_oos_test_before": _oos_cells(summary, "book", "any", "test"),
        "synthesis_oos_after_test": _oos_cells(summary, *REVISED, "test"),
        "synthesis_oos_test_reports": words.and_list([_report_label(r) for r in tests]),
    }


def _report_label(name: str) -> str:
    """A coded report's file name as the book names it (``national-2021.txt`` → the State
    Council's report of 2021; a provincial Word file → its region and year)."""
    from .chapter import _places

    year = context.year_from_name(name)
    if name.startswith("national-"):
        return f"the State Council's report of {year}"
    found = [p for p in _places() if p.zh and p.zh in name]
    return f"{found[0].label}'s report of {year}" if found else name


def _oos_summary_table(summary: pd.DataFrame) -> pd.DataFrame:
    """Every word list and flag rule: cells at 0.7 on the held-out halves, the earlier test
    reports and the test reports, with the mean precision and recall of each."""
    rules = {"any": "any match", "specific": "general terms need a second match"}
    out = []
    for (lexicon, rule), g in summary.groupby(["lexicon", "rule"], sort=False):
        row: dict[str, Any] = {
            "Word list": lexicon,
            "Flag rule": rules.get(str(rule), str(rule)),
            "Revision": g["revision"].iloc[0],
        }
        for role, label in (
            ("split", "Held-out halves"),
            ("earlier-test", "Earlier test reports"),
            ("test", "Test reports"),
        ):
            found = g[g["role"] == role]
            if not len(found):
                row[f"{label}: cells at 0.7"] = "–"
                row[f"{label}: mean precision / recall"] = "–"
                continue
            r = found.iloc[0]
            row[f"{label}: cells at 0.7"] = f"{int(r['both_at_floor'])} of {int(r['cells'])}"
            row[f"{label}: mean precision / recall"] = (
                f"{words.fixed(r['mean_precision'])} / {words.fixed(r['mean_recall'])}"
            )
        out.append(row)
    return pd.DataFrame(out)
