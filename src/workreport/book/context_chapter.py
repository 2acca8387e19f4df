"""The context chapter (``notebooks/05_context.ipynb``): a report beside the national report
of its year and among the national series, assembled as tables, glue values and claims.

Each ``*_findings`` function takes what the chapter has computed and returns a
:class:`~workreport.book.words.Findings`: the values the prose glues (key → text, every key
glued on every report, a neutral value where a measure does not apply), the comparative claims
with their test and neutral wording, and the tables the chapter shows (columns named for the
reader). :func:`~workreport.book.words.publish` (also importable from here) glues them. The
statistics come from :mod:`workreport.context`; this module only chooses the words.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .. import context
from ..constants import FIRMNESS, THEME_LABELS, THEME_LABELS_ZH, THEMES
from . import words
from .glosses import gloss, zh_en
from .words import Findings
from .words import publish as publish  # the chapters glue through ``cc.publish``

if TYPE_CHECKING:
    from .chapter import Chapter, Place

__all__ = [
    "Context",
    "compare_counts",
    "decades_findings",
    "index_findings",
    "open_context",
    "pair_findings",
    "report_label",
    "reports_findings",
    "series_findings",
    "subtheme_findings",
    "targets_findings",
    "theme_findings",
    "theme_name",
    "word_findings",
]


def theme_name(theme: str) -> str:
    """A theme's English name in running prose (``energy transition``); another grouping's
    name as it is.

    Examples
    --------
    >>> theme_name("poverty"), theme_name("none")
    ('poverty alleviation', 'no theme')
    """
    if theme == "none":
        return "no theme"
    return THEME_LABELS[theme].lower() if theme in THEME_LABELS else theme


def report_label(place: Place, year: int | None) -> str:
    """A report's label in tables and legends: ``山西 2017 (Shanxi)``; ``this report 2025``
    when the place is unknown.

    Examples
    --------
    >>> from workreport.book.chapter import Place
    >>> report_label(Place("山西", "Shanxi", "province"), 2017), report_label(Place(), None)
    ('山西 2017 (Shanxi)', 'this report')
    """
    when = f" {year}" if year else ""
    return f"{place.zh}{when} ({place.en})" if place.zh else f"this report{when}"


def compare_counts(n: int, m: int) -> str:
    """``more often than`` / ``less often than`` / ``as often as``: a count against
    another, worded by the counts themselves.

    Examples
    --------
    >>> compare_counts(18, 1), compare_counts(1, 13), compare_counts(0, 0)
    ('more often than', 'less often than', 'as often as')
    """
    return "more often than" if n > m else "less often than" if n < m else "as often as"


@dataclass
class Context:
    """A report, the national series of a folder and the series' report nearest in year."""

    analysis: Any
    national: Any
    series: pd.DataFrame
    year: int | None
    nat_year: int
    short: str
    report_label: str
    national_label: str

    @property
    def loaded(self) -> pd.DataFrame:
        """The reports of the series that load."""
        return self.series[self.series["status"] == "ok"]


def open_context(ch: Chapter, corpus_dir: str | Path | None = None, *, jobs: int = 2) -> Context:
    """The chapter's report, the national series of ``corpus_dir`` (default: the national
    reports) and the national report of the report's year, or of the nearest year
    (:func:`workreport.context.counterpart`), analysed by the same pipeline."""
    from ..pipeline import analyse

    folder = Path(corpus_dir) if corpus_dir else context.default_corpus_dir()
    a = ch.analysis
    year = context.report_year(a, ch.path.name)
    series = context.national_series(folder, jobs=jobs)
    ref = context.counterpart(series, year)
    nat_year = int(ref["year"])
    return Context(
        analysis=a,
        national=analyse(folder / ref["file"]),
        series=series,
        year=year,
        nat_year=nat_year,
        short=ch.place.label,
        report_label=report_label(ch.place, year),
        national_label=f"全国 {nat_year} (national)",
    )


def _words(a: Any) -> int:
    return int((~a.tokens["is_punct"]).sum())


def reports_findings(cx: Context) -> Findings:
    """The reports compared (table ``reports``), the files of the series that do not load
    (table ``failed``), and how many do."""
    a, b, loaded = cx.analysis, cx.national, cx.loaded
    failed = cx.series[cx.series["status"] == "failed"]
    span = f"{int(loaded['year'].min())}–{int(loaded['year'].max())}"
    reports = pd.DataFrame(
        {
            "Report": [
                cx.report_label,
                cx.national_label,
                f"全国 (national), {len(loaded)} reports",
            ],
            "Delivered": [a.report.date or "–", b.report.date or "–", span],
            "Paragraphs": [
                f"{len(a.report.paragraphs):,}",
                f"{len(b.report.paragraphs):,}",
                f"median {loaded['paragraphs'].median():,.0f}",
            ],
            "Words": [
                f"{_words(a):,}",
                f"{_words(b):,}",
                f"median {loaded['words'].median():,.0f}",
            ],
        }
    )
    n_failed = len(failed)
    load = (
        "every file loads and enters the series"
        if n_failed == 0
        else f"{len(loaded)} load and enter the series; {words.count_words(n_failed, 'file')} "
        "cannot be read by the package yet and are left out of every figure and table "
        "(they are listed with the reason in the table below)"
    )
    return Findings(
        values={
            "context_year": str(cx.year or "–"),
            "context_nat_year": str(cx.nat_year),
            "context_nat_date": b.report.date or str(cx.nat_year),
            "context_n_files": str(len(cx.series)),
            "context_n_loaded": str(len(loaded)),
            "context_n_failed": str(n_failed),
            "context_first_year": str(int(loaded["year"].min())),
            "context_last_year": str(int(loaded["year"].max())),
            "context_words": f"{_words(a):,}",
            "context_nat_words": f"{_words(b):,}",
            "context_load_words": load,
        },
        tables={
            "reports": reports,
            "failed": failed[["file", "year", "error"]].rename(
                columns={
                    "file": "File",
                    "year": "Year (from its name)",
                    "error": "Why it does not load",
                }
            ),
        },
    )


def _rate_table(rows: pd.DataFrame, short: str) -> pd.DataFrame:
    """Rates of the two reports with their intervals and the ratio, one row per name."""

    def ci(side: str, digits: int = 1) -> list[str]:
        return [
            words.with_interval(v, lo, hi, digits=digits)
            for v, lo, hi in zip(
                rows[f"{side}_value"], rows[f"{side}_ci_low"], rows[f"{side}_ci_high"], strict=True
            )
        ]

    return pd.DataFrame(
        {
            "Theme": list(rows["label"]),
            f"{short}: matches": [f"{x:,}" for x in rows["report_matches"]],
            f"{short}: per 1,000 words (95% CI)": ci("report"),
            "全国 (national): matches": [f"{x:,}" for x in rows["national_matches"]],
            "全国 (national): per 1,000 words (95% CI)": ci("national"),
            "Ratio (95% CI)": [
                words.with_interval(v, lo, hi, digits=2)
                for v, lo, hi in zip(
                    rows["ratio"], rows["ratio_ci_low"], rows["ratio_ci_high"], strict=True
                )
            ],
        }
    )


def apart_words(versus: dict[str, str]) -> str:
    """Which ratios' intervals exclude 1, in words (``versus``: name → the words of
    :func:`workreport.rates.interval_words`).

    Examples
    --------
    >>> apart_words({"energy": "above", "poverty": "not distinguishable from"})
    'the ratio lies above 1 for energy transition; for poverty alleviation its interval includes 1'
    >>> apart_words({"energy": "not distinguishable from"})
    "for no theme does the ratio's interval exclude 1"
    """
    parts = []
    for side in ("above", "below"):
        names = [theme_name(t) for t, w in versus.items() if w == side]
        if names:
            parts.append(f"the ratio lies {side} 1 for {words.and_list(names)}")
    rest = [theme_name(t) for t, w in versus.items() if w not in ("above", "below")]
    if not parts:
        return "for no theme does the ratio's interval exclude 1"
    if rest:
        parts.append(f"for {words.and_list(rest)} its interval includes 1")
    return "; ".join(parts)


def theme_findings(cx: Context, rates: pd.DataFrame) -> Findings:
    """Each theme's rate in the two reports and their ratio (table ``themes``)."""
    by_theme = rates[rates["level"] == "theme"].set_index("name").reindex(list(THEMES))
    glue: dict[str, str] = {}
    versus = {}
    for t, r in by_theme.iterrows():
        glue[f"context_rate_{t}"] = words.fixed(r["report_value"], 1)
        glue[f"context_rate_ci_{t}"] = words.interval(
            r["report_ci_low"], r["report_ci_high"], digits=1
        )
        glue[f"context_nat_rate_{t}"] = words.fixed(r["national_value"], 1)
        glue[f"context_ratio_{t}"] = words.fmt_number(r["ratio"], digits=1)
        glue[f"context_ratio_ci_{t}"] = words.interval(r["ratio_ci_low"], r["ratio_ci_high"])
        versus[str(t)] = words.interval_words(r["ratio_ci_low"], r["ratio_ci_high"])
    glue["context_apart_words"] = apart_words(versus)
    return Findings(
        values=glue,
        tables={"themes": _rate_table(by_theme.reset_index(), cx.short)},
        data={"by_theme": by_theme, "versus": versus},
    )


def subtheme_findings(cx: Context, rates: pd.DataFrame) -> Findings:
    """Subthemes the report gives more attention than the national report (an interval
    above 1, or matches where the national report has none), less, or neither."""
    subs = rates[rates["level"] == "subtheme"].reset_index(drop=True)
    none_there = (subs["national_matches"] == 0) & (subs["report_matches"] > 0)
    none_here = (subs["report_matches"] == 0) & (subs["national_matches"] > 0)
    more = none_there | (subs["ratio_ci_low"] > 1)
    less = none_here | (subs["ratio_ci_high"] < 1)
    shared = ~more & ~less & (subs["report_matches"] + subs["national_matches"] > 0)
    n_shared, n = int(shared.sum()), len(subs)
    return Findings(
        values={
            "context_own_subthemes": "; ".join(subs.loc[more, "label"]) or "none",
            "context_less_subthemes": "; ".join(subs.loc[less, "label"]) or "none",
            "context_n_shared_subthemes": str(n_shared),
            "context_n_subthemes": str(n),
            "context_shared_words": (
                f"{n_shared} of the {n} subthemes have matches in both reports with a ratio "
                "whose interval includes 1: on them the data do not tell the two reports apart"
            ),
        },
        tables={"subthemes": _rate_table(subs, cx.short)},
        data={"subthemes": subs},
    )


def index_findings(cx: Context, rates: pd.DataFrame) -> Findings:
    """The environmental-governance index of both reports, both ways, and the report's
    percentile among the national series (table ``index``)."""
    idx: Any = rates[rates["level"] == "index"].set_index("name")
    kinds = ("env_index", "env_index_substring")
    pct: Any = context.series_percentiles(
        cx.series, {k: idx.loc[k, "report_value"] for k in kinds}
    ).set_index("measure")
    glue = {}
    for k, key in (("env_index_substring", "context_env"), ("env_index", "context_env_tokens")):
        glue[f"{key}_index"] = f"{idx.loc[k, 'report_value']:.2f}%"
        glue[f"{key}_nat_index"] = f"{idx.loc[k, 'national_value']:.2f}%"
        glue[f"{key}_ratio"] = words.fmt_number(idx.loc[k, "ratio"], digits=1)
        glue[f"{key}_pct"] = words.fixed(pct.loc[k, "percentile"], 0)
        glue[f"{key}_below"] = str(int(pct.loc[k, "reports_below"]))
    table = pd.DataFrame(
        {
            "Counting rule": ["terms as words (tokens)", "terms as substrings (Chen & Chen)"],
            f"{cx.short}: % of words": [f"{idx.loc[k, 'report_value']:.2f}%" for k in kinds],
            f"{cx.short}: environmental terms": [
                f"{idx.loc[k, 'report_matches']:,}" for k in kinds
            ],
            "全国 (national): % of words": [f"{idx.loc[k, 'national_value']:.2f}%" for k in kinds],
            "Ratio": [words.fmt_number(idx.loc[k, "ratio"]) for k in kinds],
            "Percentile among national reports": [f"{pct.loc[k, 'percentile']:.0f}" for k in kinds],
        }
    )
    top = bool((pct["percentile"] >= 90).all())
    return Findings(
        values=glue,
        claims={
            "context_env_words": (
                top,
                "by both rules the report is among the most environment-heavy texts of the genre",
                "its place among the national reports depends on the counting rule"
                if (pct["percentile"] >= 90).any()
                else "by neither rule is it among the most environment-heavy tenth of the "
                "national reports",
            ),
        },
        tables={"index": table},
        data={"index": idx},
    )


_PROFILE_ROWS = {
    "quantities": "quantities (results and targets)",
    "results": "results",
    "targets": "targets",
    **{f"targets_{f}": f"targets: {f}" for f in FIRMNESS},
    "targets_binding": "targets labelled binding (约束性)",
    "targets_expected": "targets labelled expected (预期性)",
    "targets_unlabelled": "targets without a label",
}


def targets_findings(cx: Context) -> Findings:
    """Quantities, targets by firmness and by label in the two reports (table ``profile``),
    and how the report's hedges compare with the national report's."""
    pa = context.targets_profile(cx.analysis.targets)
    pb = context.targets_profile(cx.national.targets)
    glue = {}
    for key, p in (("context", pa), ("context_nat", pb)):
        for k in ("quantities", "targets"):
            glue[f"{key}_n_{k}"] = str(int(p[k]))
        for k in ("guarantee", "aspiration", "floor", "binding", "plain"):
            glue[f"{key}_n_{k}"] = str(int(p[f"targets_{k}"]))
    firm_a = int(pa["targets_guarantee"] + pa["targets_aspiration"])
    firm_b = int(pb["targets_guarantee"] + pb["targets_aspiration"])
    fa, fb = int(pa["targets_floor"]), int(pb["targets_floor"])
    glue["context_targets_words"] = (
        f"The report sets {words.count_words(int(pa['targets']), 'quantified target')}, the "
        f"national report {int(pb['targets'])}"
    )
    glue["context_hedge_words"] = (
        f"the report guarantees (确保) or strives for (力争) {compare_counts(firm_a, firm_b)} "
        f"the national report ({firm_a} against {firm_b} targets) and sets floors (以上 and the "
        f"like) {compare_counts(fa, fb)} it ({fa} against {fb})"
    )
    profile = pd.DataFrame(
        {
            "Count": list(_PROFILE_ROWS.values()),
            cx.short: [f"{pa[k]:,}" for k in _PROFILE_ROWS],
            cx.national_label: [f"{pb[k]:,}" for k in _PROFILE_ROWS],
        }
    )
    return Findings(values=glue, tables={"profile": profile})


def word_findings(cx: Context, tracked: list[dict[str, str]]) -> Findings:
    """The words that most distinguish the two reports (weighted log-odds; table ``words``)
    and the counts of the words the chapter's data file tracks (``tracked``: ``zh`` and
    ``key`` of each; glue keys ``context_<key>_report`` and ``context_<key>_national``)."""
    dw = context.distinctive_words(cx.analysis, cx.national, top=None)
    glossary = {w: g for w in dw["word"] if (g := gloss(w, missing=""))}

    def listed(rows: pd.DataFrame, k: int = 8) -> str:
        return ", ".join(zh_en(w) for w in rows["word"].head(k)) or "none"

    mine = dw[dw["distinctive_of"] == "report"]
    theirs = dw[dw["distinctive_of"] == "national"]
    only_here = mine[(mine["national_count"] == 0) & (mine["z"] > 1.96)]
    glue = {
        "context_words_report": listed(mine),
        "context_words_national": listed(theirs),
        "context_words_only_report": listed(only_here, 10),
    }
    counts: Any = dw.set_index("word")[["report_count", "national_count"]]
    for w in tracked:
        r = (
            counts.loc[w["zh"]]
            if w["zh"] in counts.index
            else {"report_count": 0, "national_count": 0}
        )
        glue[f"context_{w['key']}_report"] = str(int(r["report_count"]))
        glue[f"context_{w['key']}_national"] = str(int(r["national_count"]))
    shown = pd.concat([mine.head(15), theirs.head(15)])
    table = pd.DataFrame(
        {
            "Word": shown["word"],
            "English": [glossary.get(w, "…") for w in shown["word"]],
            "Distinctive of": shown["distinctive_of"],
            f"Count: {cx.short}": shown["report_count"],
            "Count: national": shown["national_count"],
            "Log-odds ratio": [f"{d:+.2f}" for d in shown["delta"]],
            "z": [f"{z:+.2f}" for z in shown["z"]],
        }
    )
    return Findings(values=glue, tables={"words": table}, data={"words": dw, "glosses": glossary})


def series_findings(cx: Context, by_theme: Any, index: Any) -> Findings:
    """The report's theme rates and index in the national series: percentiles (table
    ``percentiles``), and the marks and intervals of the series figure (``data``)."""
    marks = {f"{t}_per_1000": float(by_theme.loc[t, "report_value"]) for t in THEMES}
    marks |= {k: float(index.loc[k, "report_value"]) for k in ("env_index", "env_index_substring")}
    intervals = {
        f"{t}_per_1000": (
            float(by_theme.loc[t, "report_ci_low"]),
            float(by_theme.loc[t, "report_ci_high"]),
        )
        for t in THEMES
    }
    pct: Any = context.series_percentiles(cx.series, marks).set_index("measure")
    glue = {}
    for t in THEMES:
        r = pct.loc[f"{t}_per_1000"]
        glue[f"context_pct_{t}"] = words.fixed(r["percentile"], 0)
        glue[f"context_below_{t}"] = str(int(r["reports_below"]))
        glue[f"context_nat_max_{t}"] = words.fixed(r["national_max"], 1)
        glue[f"context_nat_max_year_{t}"] = str(int(r["max_year"]))
        glue[f"context_nat_median_{t}"] = words.fixed(r["national_median"], 1)
    glue["context_n_series"] = str(int(pct["reports"].iloc[0]))
    labels = {**{f"{t}_per_1000": THEME_LABELS_ZH[t] for t in THEMES}, **context.INDEX_LABELS}
    fmt = {k: ("{:.1f}" if k.endswith("per_1000") else "{:.2f}%") for k in labels}
    table = pd.DataFrame(
        {
            "Measure": [labels[k] for k in pct.index],
            cx.short: [fmt[k].format(v) for k, v in pct["value"].items()],
            "Percentile among national reports": [f"{v:.0f}" for v in pct["percentile"]],
            "National reports below": [
                f"{x} of {n}" for x, n in zip(pct["reports_below"], pct["reports"], strict=True)
            ],
            "National median": [fmt[k].format(v) for k, v in pct["national_median"].items()],
            "National maximum (year)": [
                f"{fmt[k].format(v)} ({y})"
                for k, v, y in zip(pct.index, pct["national_max"], pct["max_year"], strict=True)
            ],
        }
    )
    above_all = [
        t for t in THEMES if pct.loc[f"{t}_per_1000", "reports_below"] == pct["reports"].iloc[0]
    ]
    return Findings(
        values=glue,
        claims={
            "context_series_words": (
                set(above_all) >= {"energy", "ecology"},
                "the report gives energy transition and ecology more attention than any "
                "national report of the series",
                f"the report gives {words.and_list(theme_name(t) for t in above_all)} more "
                "attention than any national report of the series"
                if above_all
                else "for every theme some national report of the series gives it more attention",
            ),
        },
        tables={"percentiles": table},
        data={"marks": marks, "intervals": intervals},
    )


def decades_findings(
    series: pd.DataFrame, *, decades: tuple[str, ...] = ("1980s", "2010s")
) -> Findings:
    """Mean attention to each theme and the mean index of the national reports of each decade
    (table ``decades``); the values of ``decades`` glued (``n/a`` when the series has none)."""
    measures = [f"{t}_per_1000" for t in THEMES] + ["env_index_substring"]
    dec: Any = context.by_decade(series, measures)
    glue = {
        "context_decade_first": str(dec.index[0]),
        "context_ecology_first": f"{dec['ecology_per_1000'].iloc[0]:.1f}",
        "context_poverty_first": f"{dec['poverty_per_1000'].iloc[0]:.1f}",
        "context_ecology_top_decade": str(dec["ecology_per_1000"].idxmax()),
        "context_poverty_top_decade": str(dec["poverty_per_1000"].idxmax()),
    }
    for d in decades:
        for t in ("ecology", "poverty"):
            glue[f"context_{t}_{d}"] = (
                f"{dec.loc[d, f'{t}_per_1000']:.1f}" if d in dec.index else "n/a"
            )
    table = pd.DataFrame(
        {
            "Decade": dec.index,
            "National reports": dec["reports"].astype(int).to_numpy(),
            **{THEME_LABELS_ZH[t]: [f"{v:.1f}" for v in dec[f"{t}_per_1000"]] for t in THEMES},
            "Env. index (substrings)": [f"{v:.2f}%" for v in dec["env_index_substring"]],
        }
    )
    return Findings(
        values=glue,
        tables={"decades": table},
    )


def target_text(row: Any, who: str) -> str:
    """A target of :func:`workreport.context.compare_targets` as written: ``5.5% 左右``, or
    a range ``6.5–7%``; ``n/a`` for no row.

    Examples
    --------
    >>> row = {"report_value": 5.5, "report_value_low": float("nan"),
    ...        "report_value_high": float("nan"), "unit": "%", "report_qualifier": "左右"}
    >>> target_text(row, "report"), target_text(None, "report")
    ('5.5% 左右', 'n/a')
    """
    if row is None:
        return "n/a"
    v, lo, hi = row[f"{who}_value"], row[f"{who}_value_low"], row[f"{who}_value_high"]
    unit = row["unit"] if who == "report" else row["national_unit"]
    text = f"{lo:g}–{hi:g}{unit}" if pd.isna(v) and not pd.isna(lo) else f"{v:g}{unit}"
    return f"{text} {row[f'{who}_qualifier'] or ''}".strip()


def _hedge(q: str, f: str, label: str) -> str:
    return ", ".join(p for p in (f"{q} ({f})" if q else f, label) if p)


def pair_findings(cx: Context, indicators: list[dict[str, str]]) -> Findings:
    """Targets both reports set for the same indicator (table ``pairs``), the indicators of
    the chapter's data file (``indicators``: ``key``, ``pattern`` over the normalised
    indicator, ``what``: ``report``, ``national`` or ``share``) glued as
    ``context_pair_<key>``, and the growth targets compared."""
    year = cx.year or cx.nat_year
    pairs = context.compare_targets(
        cx.analysis.targets, cx.national.targets, year=year, national_year=cx.nat_year
    )
    norm = pairs["indicator"].map(context.normalise_indicator)

    def first(pattern: str) -> Any:
        rows = pairs[norm.str.fullmatch(pattern)]
        return rows.iloc[0] if len(rows) else None

    glue = {"context_n_pairs": str(len(pairs))}
    for item in indicators:
        r = first(item["pattern"])
        if item["what"] == "share":
            ok = r is not None and not pd.isna(r["report_share_pct"])
            glue[f"context_pair_{item['key']}"] = f"{r['report_share_pct']:.1f}%" if ok else "n/a"
        else:
            glue[f"context_pair_{item['key']}"] = target_text(r, item["what"])
    gdp = first("生产总值")
    side = "n/a"
    if gdp is not None and not pd.isna(gdp["report_value"]) and not pd.isna(gdp["national_value"]):
        x, y = float(gdp["report_value"]), float(gdp["national_value"])
        side = "below" if x < y else "above" if x > y else "equal to"
    glue["context_gdp_side"] = side
    written = (
        f"{target_text(gdp, 'report')}, is {side} the national one ({target_text(gdp, 'national')})"
    )
    table = pd.DataFrame(
        {
            "Indicator (report / national)": [
                zh_en(z) if z == y else f"{zh_en(z)} / {y}"
                for z, y in zip(pairs["indicator"], pairs["national_indicator"], strict=True)
            ],
            f"{cx.short}: target — hedge, label": [
                f"{target_text(r, 'report')} — "
                f"{_hedge(r['report_qualifier'], r['report_firmness'], r['report_binding'])}"
                for _, r in pairs.iterrows()
            ],
            "全国 (national): target — hedge, label": [
                f"{target_text(r, 'national')} — "
                f"{_hedge(r['national_qualifier'], r['national_firmness'], r['national_binding'])}"
                for _, r in pairs.iterrows()
            ],
            "Report as % of national": [
                "–" if pd.isna(x) else f"{x:.1f}%" for x in pairs["report_share_pct"]
            ],
            "¶ (report, national)": [
                f"¶{p}, ¶{q}"
                for p, q in zip(pairs["report_paragraph"], pairs["national_paragraph"], strict=True)
            ],
        }
    )
    return Findings(
        values=glue,
        claims={
            "context_gdp_words": (
                side == "below",
                f"The report's growth target, {written}: the opposite of the escalation of "
                "growth targets down the hierarchy that Li et al. (2019) find on average, though "
                "one report cannot contradict an average",
                f"The report's growth target, {written}"
                if side != "n/a"
                else "No growth target of the report pairs with one of the national report",
            ),
        },
        tables={"pairs": table},
        data={"pairs": pairs},
    )
