"""The section page "Comparisons with the centre, made fair" (``notebooks/05b_centre.ipynb``).

:func:`compute` runs :func:`workreport.centre.centre_tables` and
:func:`workreport.inference.inference_tables` for a chapter's report; :func:`page` turns them
into the tables a reader sees and the values the prose glues (every key starts with
``centre_``), with a wording for a report where a comparison does not apply: a national
report (set beside the nearest other year, no shares of the national figure), a report
without a same-year national counterpart, a report without a hand coding. Nothing here
knows which report it reads; the chapter's choices (which shares to quote) come from
``data/chapters/05b_centre.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .. import centre, inference
from ..constants import SUBTHEME_LABELS, THEME_COLORS, THEME_LABELS, THEME_LABELS_ZH, THEMES
from .glosses import gloss
from .words import Findings, and_list, count_words, fmt_number, interval_words, with_interval

if TYPE_CHECKING:
    import matplotlib.pyplot as plt
    from IPython.display import Markdown

    from .chapter import Chapter

__all__ = [
    "HEADERS",
    "CentrePage",
    "compute",
    "page",
    "pct",
    "quote_paragraph",
    "ratio_figure",
    "share_of",
    "share_sentence",
]


HEADERS = {
    "genre": {"year": "Year", "genre": "Genre", "note": "Why it does not count"},
    "ranks": {
        "measure": "Measure",
        "value": "Report",
        "corpus": "Among",
        "rank": "Rank",
        "percentile": "Percentile",
        "median": "Median of the corpus",
    },
    "core": {
        "theme": "Theme",
        "full": "Ratio, full text",
        "full_words": "Reading, full text",
        "core": "Ratio, genre core",
        "core_words": "Reading, genre core",
        "gap_explained": "Gap explained",
    },
    "echo": {
        "national": "National report of",
        "direction": "Influence can run",
        "subthemes": "Subthemes",
        "shared": "Shared",
        "own": "Own",
        "less": "Less",
        "terms": "Matches of shared terms",
    },
    "targets": {"count": "Count", "report": "Report", "national": "National report"},
    "firmness": {"firmness": "Package", "literature": "Literature", "commitments": "Commitments"},
    "shares": {
        "indicator": "Indicator",
        "target": "Target",
        "national_target": "National target",
        "target_share": "Share of target",
        "result_indicator": "Result (as written)",
        "result": "Result",
        "national_result": "National result",
        "result_share": "Share of result",
    },
    "dashboard": {
        "indicator": "Indicator",
        "role": "Role",
        "result": "Result",
        "target": "Target",
        "change": "Change",
        "percent": "Change, %",
        "reading": "Reading",
    },
    "gdp": {
        "who": "Whose",
        "year": "Year",
        "kind": "Kind",
        "figure": "Growth",
        "qualifier": "Hedge",
        "source": "Read from",
    },
    "inference": {
        "theme": "Theme",
        "boot": "Bootstrap",
        "boot_mc": "MC error of its low bound",
        "boot_wording": "Wording",
        "mc": "More draws",
        "mc_mc": "MC error, more draws",
        "mc_wording": "Wording, more draws",
        "nb": "Negative binomial",
        "nb_wording": "Wording, model",
    },
    "order": {
        "threshold": "Threshold",
        "pair": "Pair",
        "a_coded": "Lines, first",
        "b_coded": "Lines, second",
        "discordant": "Discordant",
        "p_value": "p",
        "p_holm": "p (Holm)",
        "order": "Order",
    },
}
"""The headers a reader sees, by table (the keys of ``CentrePage.tables``) and column."""


@dataclass
class CentrePage(Findings):
    """What the page shows: the :class:`~workreport.book.words.Findings` of the page (``tables``:
    display frames by name; ``values``: glue key → plain string; no claims) and ``ratios`` (one
    row per theme and estimate, for :func:`ratio_figure`)."""

    ratios: pd.DataFrame = field(default_factory=pd.DataFrame)


def pct(value: Any, *, digits: int = 1) -> str:
    """A percentage as the prose writes it; ``–`` when missing.

    >>> pct(13.3333), pct(float("nan")), pct(0.0)
    ('13.3%', '–', '0%')
    """
    text = fmt_number(value, digits=digits)
    return text if text == "–" else f"{text}%"


def _series(corpus_dir: Path | None) -> pd.DataFrame | None:
    """The national series from ``data/derived/`` when it is there (it does not depend on
    the report), else ``None`` (``centre_tables`` computes it)."""
    from ..resources import data_dir

    path = data_dir() / "derived" / "national_series.csv"
    return pd.read_csv(path) if corpus_dir is None and path.exists() else None


def compute(
    ch: Chapter,
    *,
    corpus_dir: str | Path | None = None,
    draws: int = 2000,
    mc_draws: int = inference.DRAWS,
) -> dict[str, pd.DataFrame]:
    """The centre and inference tables of the chapter's report, by file name, the report set
    beside the national reports of its year and of the year before
    (:func:`workreport.centre.national_counterparts`)."""
    from ..pipeline import analyse

    folder = Path(corpus_dir) if corpus_dir is not None else None
    tabs = centre.centre_tables(
        ch.path,
        folder,
        analysis=ch.analysis,
        series=_series(folder),
        draws=draws,
    )
    _, same = centre.national_counterparts(ch.path, ch.year, folder)
    inf = inference.inference_tables(
        None if ch.is_project_report else ch.path,  # the hand coding is of the project's report
        analysis=ch.analysis,
        national=analyse(same),
        draws=draws,
        mc_draws=mc_draws,
    )
    from ..context import default_corpus_dir
    from ..corpus import list_reports

    corpus = list_reports(folder if folder is not None else default_corpus_dir())
    national = ch.place.level == "national" or any(centre.same_file(f, ch.path) for f in corpus)
    files = pd.DataFrame({"same": [same.name], "national": [national]})
    return {**tabs, **inf, "national_files": files}


def share_of(shares: pd.DataFrame, pattern: str) -> dict[str, str]:
    """The target and result shares of the first row of ``centre_shares.csv`` whose report
    indicator (target or result) matches ``pattern``; ``–`` when none does.

    >>> s = pd.DataFrame({"indicator": ["煤炭产能"], "result_indicator": ["煤炭产能"],
    ...     "target_share_pct": [13.33], "result_share_pct": [8.0], "target": ["2000万吨"],
    ...     "national_target": ["1.5亿吨"], "result": ["2325万吨"], "national_result": ["2.9亿吨"]})
    >>> share_of(s, "煤炭")["target_share"], share_of(s, "钢铁")["result_share"]
    ('13.3%', '–')
    """
    hit = shares[
        shares["indicator"].astype(str).str.contains(pattern, regex=True)
        | shares["result_indicator"].astype(str).str.contains(pattern, regex=True)
    ]
    if hit.empty or not pattern:
        return dict.fromkeys(("target_share", "result_share", "target", "result"), "–")
    r = hit.iloc[0]
    return {
        "target_share": pct(r["target_share_pct"]),
        "result_share": pct(r["result_share_pct"]),
        "target": f"{r['target'] or '–'} of {r['national_target'] or '–'}",
        "result": f"{r['result'] or '–'} of {r['national_result'] or '–'}",
    }


def share_sentence(label: str, s: dict[str, str]) -> str:
    """The prose for one row of :func:`share_of`: the target's share beside the result's, or
    whichever of the two the reports give.

    >>> coal = {"target_share": "13.3%", "result_share": "8%",
    ...         "target": "2000万吨 of 1.5亿吨", "result": "2325万吨 of 2.9亿吨"}
    >>> for part in share_sentence("coal", coal).split(", against "):
    ...     print(part)
    coal: 2000万吨 of 1.5亿吨 is 13.3% of the national target
    8% of the national result of the year before (2325万吨 of 2.9亿吨)
    >>> moved = {"target_share": "–", "result_share": "4.2%", "target": "–", "result": "10万"}
    >>> for part in share_sentence("moved", moved).split("; "):
    ...     print(part)
    moved: no target shared with the national report
    the result of the year before is 4.2% of the national result (10万)
    """
    target = s["target_share"] != "–"
    result = s["result_share"] != "–"
    before = f"{s['result_share']} of the national result of the year before ({s['result']})"
    share = f"{label}: {s['target']} is {s['target_share']} of the national target"
    if target and result:
        return f"{share}, against {before}"
    if target:
        return f"{share}; the reviews give no pair of results for it"
    if result:
        return (
            f"{label}: no target shared with the national report; the result of the year "
            f"before is {s['result_share']} of the national result ({s['result']})"
        )
    return f"{label}: no pair with the national figure is found"


def _rank_words(below: int, n: int) -> str:
    """``above all 50`` / ``above 48 of the 50`` / ``–`` (no reports)."""
    if n == 0:
        return "–"
    return f"above all {n}" if below == n else f"above {below} of the {n}"


def _genre(tabs: dict[str, pd.DataFrame], v: dict[str, str]) -> dict[str, pd.DataFrame]:
    genre = centre.load_genre()
    out = genre[genre["counts"] == "no"][["year", "genre", "note"]]
    v["centre_genre_files"] = str(len(genre))
    v["centre_genre_counted"] = str(int((genre["counts"] == "yes").sum()))
    v["centre_genre_strict"] = str(int((genre["genre"] == "government work report").sum()))
    v["centre_genre_not_counted"] = and_list(
        f"{y} ({g})" for y, g in zip(out["year"], out["genre"], strict=True)
    )
    ranks = tabs["centre_ranks.csv"]
    for t in THEMES:
        for corpus, key in (
            ("all files", "all"),
            ("work reports", "work"),
            ("work reports (strict)", "strict"),
        ):
            r = ranks[(ranks["measure"] == f"{t}_per_1000") & (ranks["corpus"] == corpus)]
            v[f"centre_rank_{t}_{key}"] = (
                _rank_words(int(r["reports_below"].iloc[0]), int(r["reports"].iloc[0]))
                if len(r)
                else "–"
            )
    show = ranks.assign(
        measure=ranks["measure"].map(
            lambda m: (
                THEME_LABELS_ZH.get(m.removesuffix("_per_1000"), m)
                if m.endswith("_per_1000")
                else {
                    "env_index": "environmental index (whole words)",
                    "env_index_substring": "environmental index (substrings)",
                }.get(m, m)
            )
        ),
        rank=[
            _rank_words(b, n) for b, n in zip(ranks["reports_below"], ranks["reports"], strict=True)
        ],
    )[["measure", "value", "corpus", "rank", "percentile", "median"]]
    return {"genre": out.reset_index(drop=True), "ranks": show}


def _core(tabs: dict[str, pd.DataFrame], same: str, v: dict[str, str]) -> pd.DataFrame:
    core = tabs["centre_core_rates.csv"]
    c = core[core["national"] == same].set_index("theme")
    rows = []
    for t in THEMES:
        if t not in c.index:
            continue
        r = c.loc[t]
        full = with_interval(r["ratio"], r["ratio_ci_low"], r["ratio_ci_high"])
        core_r = with_interval(r["core_ratio"], r["core_ratio_ci_low"], r["core_ratio_ci_high"])
        v[f"centre_{t}_ratio_full"] = full
        v[f"centre_{t}_ratio_core"] = core_r
        v[f"centre_{t}_full_words"] = interval_words(r["ratio_ci_low"], r["ratio_ci_high"])
        v[f"centre_{t}_core_words"] = interval_words(
            r["core_ratio_ci_low"], r["core_ratio_ci_high"]
        )
        v[f"centre_{t}_gap_explained"] = pct(r["gap_explained_pct"], digits=0)
        rows.append(
            {
                "theme": THEME_LABELS_ZH[t],
                "full": full,
                "full_words": v[f"centre_{t}_full_words"] + " 1",
                "core": core_r,
                "core_words": v[f"centre_{t}_core_words"] + " 1",
                "gap_explained": v[f"centre_{t}_gap_explained"],
            }
        )
    first = c.iloc[0] if len(c) else None
    v["centre_national_left_out"] = (
        pct(first["national_words_left_out_pct"]) if first is not None else "–"
    )
    v["centre_report_left_out"] = (
        pct(first["report_words_left_out_pct"]) if first is not None else "–"
    )
    changed = [
        THEME_LABELS[t].lower()
        for t in THEMES
        if t in c.index and v[f"centre_{t}_full_words"] != v[f"centre_{t}_core_words"]
    ]
    v["centre_core_changes"] = (
        f"the wording changes for {and_list(changed)}"
        if changed
        else "the wording of no theme changes"
    )
    return pd.DataFrame(rows)


def _echo(tabs: dict[str, pd.DataFrame], ch: Chapter, v: dict[str, str]) -> pd.DataFrame:
    summary = tabs["centre_echo_summary.csv"]
    dates = {}
    rows = []
    for i, r in enumerate(summary.to_dict("records")):
        which = "before" if i == 0 and len(summary) > 1 else "same"
        dates[which] = r
        nyear = int(r["national_year"])
        sentence = centre.DIRECTION_SENTENCES[r["direction"]].format(
            nyear=nyear, ndate=_national_date(r["national"]), rdate=ch.report.date or "date unknown"
        )
        v[f"centre_echo_{which}_year"] = str(nyear)
        v[f"centre_echo_{which}_direction"] = sentence
        v[f"centre_echo_{which}_shared"] = f"{r['shared']} of {r['subthemes']}"
        v[f"centre_echo_{which}_terms"] = pct(r["shared_matches_pct"], digits=0)
        rows.append(
            {
                "national": nyear,
                "direction": r["direction"],
                "subthemes": int(r["subthemes"]),
                "shared": int(r["shared"]),
                "own": int(r["own"]),
                "less": int(r["less"]),
                "terms": v[f"centre_echo_{which}_terms"],
            }
        )
    if "before" not in dates:  # one national report only (a national report's nearest year)
        for k in ("year", "shared", "terms"):
            v[f"centre_echo_before_{k}"] = v[f"centre_echo_same_{k}"]
        v["centre_echo_before_direction"] = ""
    return pd.DataFrame(rows)


def _national_date(file: str) -> str:
    from ..context import default_corpus_dir
    from ..report import load_report

    path = default_corpus_dir() / file
    return (load_report(path).date or "an unknown date") if path.exists() else "an unknown date"


def _targets(tabs: dict[str, pd.DataFrame], v: dict[str, str]) -> dict[str, pd.DataFrame]:
    counts: dict[Any, dict[Any, Any]] = (
        tabs["centre_target_counts.csv"].set_index("who").to_dict("index")
    )
    labels = {
        "extracted": "every figure read as a target",
        "left_out_past_year": "− a past year's target (review)",
        "left_out_starting_value": "− starting value of 'from X to Y'",
        "left_out_forecast": "− forecast (预计/预测…)",
        "left_out_repeat": "− repeat of a target stated earlier",
        "commitment": "= commitments (the book's definition)",
        "binding_named": "binding indicators named (约束性指标)",
        "binding_with_figure": "… of them with a figure",
        "commitment_hard": "commitments hard (以上/确保/力争/caps)",
        "commitment_soft": "commitments soft (左右/约)",
        "commitment_mixed": "commitments mixed (hard and soft)",
        "commitment_plain": "commitments plain (no hedge)",
    }
    table = pd.DataFrame(
        {
            "count": list(labels.values()),
            "report": [int(counts["report"][k]) for k in labels],
            "national": [int(counts["national"][k]) for k in labels],
        }
    )
    for who in ("report", "national"):
        r = counts[who]
        v[f"centre_targets_{who}_extracted"] = str(int(r["extracted"]))
        v[f"centre_targets_{who}_commitments"] = str(int(r["commitment"]))
        why = [
            count_words(int(r[f"left_out_{k}"]), noun)
            for k, noun in (
                ("past_year", "past year's target"),
                ("starting_value", "starting value"),
                ("forecast", "forecast"),
                ("repeat", "repeat"),
            )
            if int(r[f"left_out_{k}"])
        ]
        v[f"centre_targets_{who}_left_out"] = and_list(why, empty="none")
        v[f"centre_targets_{who}_hard"] = f"{int(r['commitment_hard'])} of {int(r['commitment'])}"
        v[f"centre_targets_{who}_soft"] = f"{int(r['commitment_soft'])} of {int(r['commitment'])}"
    rep, nat = counts["report"], counts["national"]
    named, figs = int(rep["binding_named"]), int(rep["binding_with_figure"])
    v["centre_binding_named"] = (
        f"{count_words(named, 'binding indicator')}, {figs} of them with a figure"
        if named
        else "none (the report has no such list)"
    )
    v["centre_binding_with_figure"] = str(int(rep["binding_with_figure"]))
    share = [
        int(x["commitment_hard"]) / int(x["commitment"]) if int(x["commitment"]) else np.nan
        for x in (rep, nat)
    ]
    v["centre_hard_compare"] = (
        "cannot be compared (no commitments on one side)"
        if any(np.isnan(s) for s in share)
        else "a larger share"
        if share[1] > share[0]
        else "a smaller share"
        if share[1] < share[0]
        else "the same share"
    )
    t = tabs["centre_targets.csv"]
    kept = t[(t["left_out"] == "") & (t["who"] == "report")]
    firm = (
        kept.groupby(["firmness", "literature"]).size().rename("commitments").reset_index()
        if len(kept)
        else pd.DataFrame(columns=["firmness", "literature", "commitments"])
    )
    lit_hard_pkg_soft = firm[(firm["literature"] == "hard") & (firm["firmness"] == "aspiration")]
    v["centre_aspiration_hard"] = str(int(lit_hard_pkg_soft["commitments"].sum()))
    return {"targets": table, "firmness": firm}


def _dashboard(
    tabs: dict[str, pd.DataFrame], ch: Chapter, v: dict[str, str]
) -> dict[str, pd.DataFrame]:
    d = tabs["centre_dashboard.csv"]
    ceilings = d[d["role"] == "ceiling"]
    programmes = d[d["programme"]]
    v["centre_ceilings"] = count_words(len(ceilings), "ceiling")
    v["centre_ceiling_names"] = and_list(
        f"{i} ({gloss(i, missing='no gloss')})" for i in ceilings["indicator"]
    )
    v["centre_programmes"] = count_words(len(programmes), "programme count")
    v["centre_programme_names"] = and_list(programmes["indicator"])
    v["centre_dashboard_rows"] = str(len(d))
    show = pd.DataFrame(
        {
            "indicator": [f"{i} ({gloss(i, missing='no gloss')})" for i in d["indicator"]],
            "role": d["role"],
            "result": d["result"],
            "target": d["target"],
            "change": [
                f"{c:+g} {'pp' if u == 'percentage points' else u}"
                for c, u in zip(d["change"], d["change_unit"], strict=True)
            ],
            "percent": [pct(x) if not pd.isna(x) else "–" for x in d["percent_change"]],
            "reading": d["reading"],
        }
    )
    g = tabs["centre_gdp_targets.csv"]

    def fig(who: str, year: int | None, kind: str) -> float:
        r = g[(g["who"] == who) & (g["year"] == year) & (g["kind"] == kind)]
        return float(r["figure"].iloc[0]) if len(r) else np.nan

    y = ch.year or 0
    mine, prev_t, prev_r = (
        fig("report", y, "target"),
        fig("report", y - 1, "target"),
        fig("report", y - 1, "result"),
    )
    nat = fig("national", y, "target")
    for key, x in (
        ("target", mine),
        ("prev_target", prev_t),
        ("prev_result", prev_r),
        ("national_target", nat),
    ):
        v[f"centre_gdp_{key}"] = "not stated" if np.isnan(x) else pct(x, digits=2)

    def vs(a: float, b: float) -> str:
        if np.isnan(a) or np.isnan(b):
            return "not comparable with"
        return "below" if a < b else "above" if a > b else "equal to"

    v["centre_gdp_vs_prev_target"] = vs(mine, prev_t)
    v["centre_gdp_vs_prev_result"] = vs(mine, prev_r)
    v["centre_gdp_vs_national"] = vs(mine, nat)
    gdp = g.assign(figure=[pct(x, digits=2) for x in g["figure"]])[
        ["who", "year", "kind", "figure", "qualifier", "source"]
    ]
    return {"dashboard": show, "gdp": gdp}


def _inference(
    tabs: dict[str, pd.DataFrame], v: dict[str, str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    r = tabs["inference_rates.csv"]
    th = r[r["level"] == "theme"].set_index("name")
    rows = []
    for t in THEMES:
        if t not in th.index:
            continue
        x = th.loc[t]
        vals = {
            "boot": with_interval(x["boot_ratio"], x["boot_low"], x["boot_high"]),
            "boot_mc": fmt_number(x["boot_low_mc"], digits=3),
            "boot_wording": str(x["boot_wording"]),
            "mc": with_interval(x["boot_ratio"], x["mc_low"], x["mc_high"]),
            "mc_low": fmt_number(x["mc_low"], digits=3),
            "mc_mc": fmt_number(x["mc_low_mc"], digits=3),
            "mc_wording": str(x["mc_wording"]),
            "nb": with_interval(x["nb_ratio"], x["nb_profile_low"], x["nb_profile_high"]),
            "nb_wording": str(x["nb_wording"]),
        }
        for k, val in vals.items():
            v[f"centre_{t}_{k}"] = val
        rows.append(
            {
                "theme": THEME_LABELS_ZH[t],
                **{
                    k: vals[k]
                    for k in (
                        "boot",
                        "boot_mc",
                        "boot_wording",
                        "mc",
                        "mc_mc",
                        "mc_wording",
                        "nb",
                        "nb_wording",
                    )
                },
            }
        )
    v["centre_mc_draws"] = fmt_number(int(th["mc_draws"].iloc[0])) if len(th) else "–"
    sub = r[r["level"] == "subtheme"]
    tested = sub["p_value"].notna()
    v["centre_sub_n"] = count_words(int(tested.sum()), "subtheme")
    v["centre_sub_raw"] = str(int((sub["p_value"] < 0.05).sum()))
    v["centre_sub_holm"] = str(int((sub["p_holm"] < 0.05).sum()))
    v["centre_sub_bh"] = str(int((sub["p_bh"] < 0.05).sum()))
    v["centre_sub_raw_names"] = and_list(
        SUBTHEME_LABELS.get(n, n) for n in sub.loc[sub["p_value"] < 0.05, "name"]
    )
    order = tabs["inference_theme_order.csv"]
    mine = order[order["threshold"] == 1]
    for a, b in (("energy", "poverty"), ("energy", "ecology"), ("ecology", "poverty")):
        row = mine[
            ((mine["theme_a"] == a) & (mine["theme_b"] == b))
            | ((mine["theme_a"] == b) & (mine["theme_b"] == a))
        ]
        key = f"centre_mcnemar_{a}_{b}"
        if row.empty:
            v[key] = "not tested (no hand coding of this report)"
            continue
        q = row.iloc[0]
        na, nb_ = (q["a_only"], q["b_only"]) if q["theme_a"] == a else (q["b_only"], q["a_only"])
        v[key] = (
            f"{int(na)}:{int(nb_)} discordant lines, exact p = "
            f"{fmt_number(q['p_value'], digits=3)} (Holm {fmt_number(q['p_holm'], digits=3)})"
        )
    v["centre_coded_lines"] = (
        f"{int(mine['units'].iloc[0])} coded lines"
        if len(mine)
        else "which exists for the book's own report only, so no pair is tested here"
    )
    show_order = order.assign(
        pair=[
            f"{THEME_LABELS[a]} vs {THEME_LABELS[b]}"
            for a, b in zip(order["theme_a"], order["theme_b"], strict=True)
        ],
        discordant=[f"{a}:{b}" for a, b in zip(order["a_only"], order["b_only"], strict=True)],
    )[["threshold", "pair", "a_coded", "b_coded", "discordant", "p_value", "p_holm", "order"]]
    return pd.DataFrame(rows), show_order


def _ratios(tabs: dict[str, pd.DataFrame], same: str) -> pd.DataFrame:
    core = tabs["centre_core_rates.csv"]
    c = core[core["national"] == same].set_index("theme")
    r = tabs["inference_rates.csv"]
    th = r[r["level"] == "theme"].set_index("name")
    rows = []
    for t in THEMES:
        if t in c.index:
            x = c.loc[t]
            rows.append(
                (t, "bootstrap, full text", x["ratio"], x["ratio_ci_low"], x["ratio_ci_high"])
            )
            rows.append(
                (
                    t,
                    "bootstrap, genre core",
                    x["core_ratio"],
                    x["core_ratio_ci_low"],
                    x["core_ratio_ci_high"],
                )
            )
        if t in th.index:
            y = th.loc[t]
            rows.append(
                (
                    t,
                    "negative binomial, full text",
                    y["nb_ratio"],
                    y["nb_profile_low"],
                    y["nb_profile_high"],
                )
            )
    return pd.DataFrame(rows, columns=["theme", "estimate", "ratio", "low", "high"])


def page(ch: Chapter, tabs: dict[str, pd.DataFrame]) -> CentrePage:
    """The page's tables and glued values from :func:`compute`'s tables."""
    v: dict[str, str] = {}
    same = str(tabs["national_files"]["same"].iloc[0])
    same_year = int(tabs["centre_echo_summary.csv"]["national_year"].iloc[-1])
    national = bool(tabs["national_files"]["national"].iloc[0])
    v["centre_report"] = "全国 (national)" if national else ch.place.label
    v["centre_year"] = str(ch.year or "")
    v["centre_prev_year"] = str((ch.year or 1) - 1)
    v["centre_national_year"] = str(same_year)
    if national:
        v["centre_scope"] = (
            f"This report is itself a national one: it is set beside the national report of "
            f"{same_year}, the nearest other year, and the shares of the national figure do "
            "not apply to it"
        )
    elif same_year != ch.year:
        v["centre_scope"] = (
            f"The corpus holds no national report of {ch.year}: the report is set beside the "
            f"nearest, of {same_year}"
        )
    else:
        v["centre_scope"] = (
            f"The report is set beside the national report of the same year, {same_year}, and "
            f"of the year before"
        )
    t = _genre(tabs, v)
    t["core"] = _core(tabs, same, v)
    t["echo"] = _echo(tabs, ch, v)
    t.update(_targets(tabs, v))
    shares = tabs["centre_shares.csv"]
    for item in ch.config.get("shares", []):
        s = share_of(shares, item.get("pattern", ""))
        for k, val in s.items():
            v[f"centre_share_{item['key']}_{k}"] = val
        label = item.get("label", item["key"])
        v[f"centre_share_{item['key']}"] = share_sentence(label, s)
    v["centre_shares_n"] = count_words(int(shares["target_share_pct"].notna().sum()), "target")
    t["shares"] = shares.assign(
        indicator=[
            f"{i} ({gloss(i, missing='no gloss')})" if i else "–" for i in shares["indicator"]
        ],
        target_share=[pct(x) for x in shares["target_share_pct"]],
        result_share=[pct(x) for x in shares["result_share_pct"]],
    )[
        [
            "indicator",
            "target",
            "national_target",
            "target_share",
            "result_indicator",
            "result",
            "national_result",
            "result_share",
        ]
    ]
    t.update(_dashboard(tabs, ch, v))
    t["inference"], t["order"] = _inference(tabs, v)
    shown = {k: df.rename(columns=HEADERS.get(k, {})) for k, df in t.items()}
    return CentrePage(tables=shown, values=v, ratios=_ratios(tabs, same))


def quote_paragraph(ch: Chapter, key: str) -> Markdown | None:
    """The paragraph whose number the chapter's data file gives under ``key``, quoted whole
    with its hand translation (:func:`workreport.book.chapter.quote`); ``None`` when the file
    names none or the report has no such paragraph."""
    from .chapter import quote
    from .glosses import translate

    pid = ch.config.get(key)
    paras = ch.report.paragraphs
    row = paras[paras["paragraph_id"] == pid]
    if pid is None or row.empty:
        return None
    return quote(ch.report, int(pid), english=translate(str(row["text"].iloc[0])))


def ratio_figure(ratios: pd.DataFrame) -> plt.Figure:
    """Each theme's rate ratio report / national report with its 95% interval, by estimate
    (bootstrap on the full text and on the genre core, negative binomial), on a log axis
    fitted to the data; a reference line at 1. Rows without a finite interval are left out."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    from .figures import placeholder, use_cjk_font

    r = ratios.replace([np.inf, -np.inf], np.nan).dropna(subset=["ratio", "low", "high"])
    r = r[(r["low"] > 0) & (r["ratio"] > 0)].reset_index(drop=True)
    if r.empty:
        return placeholder("No theme has a rate ratio with a finite interval.")
    use_cjk_font()
    estimates = list(dict.fromkeys(r["estimate"]))
    markers = dict(zip(estimates, ("o", "s", "D"), strict=False))
    fig, ax = plt.subplots(figsize=(8, 0.5 * len(r) + 1.6))
    labels, y = [], []
    for i, row in enumerate(r.to_dict("records")):
        yi = len(r) - 1 - i
        ratio, low, high = float(row["ratio"]), float(row["low"]), float(row["high"])
        theme, estimate = str(row["theme"]), str(row["estimate"])
        ax.errorbar(
            ratio,
            yi,
            xerr=[[ratio - low], [high - ratio]],
            fmt=markers.get(estimate, "o"),
            color=THEME_COLORS.get(theme, "0.3"),
            capsize=3,
            markersize=6,
        )
        labels.append(f"{THEME_LABELS_ZH.get(theme, theme)} · {estimate}")
        y.append(yi)
    ax.axvline(1, color="0.5", linewidth=0.8, linestyle="--")
    ax.set_xscale("log")
    lo, hi = float(r["low"].min()), float(r["high"].max())
    ax.set_xlim(min(lo, 1) / 1.3, max(hi, 1) * 1.3)
    ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:g}"))
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_yticks(y, labels)
    ax.set_ylim(-0.7, len(r) - 0.3)
    ax.set_xlabel("rate ratio report ÷ national report (95% interval, log scale)")
    fig.tight_layout()
    return fig
