"""The chapter "among the provinces" (``notebooks/06_provinces.ipynb``): tables, glue values,
claims and figures.

:func:`view` reads the chapter's report, a folder of provincial reports of one year and the
national reports of the years compared; each section function takes the view and returns
:class:`~workreport.book.words.Findings`: tidy tables with the headers a reader sees, the
values the prose glues and the claims whose wording the data choose. Nothing here knows which
report or province it reads: the province and year of every report come from the report
(:func:`workreport.provinces.province_of`, :func:`~workreport.provinces.year_of`), the
chapter's choices (the subgroup, the word list) from ``data/chapters/06_provinces.toml``, and
every value has a wording for a report where there is nothing to compare. The analysis itself
is :mod:`workreport.provinces`; the two figures of the chapter are drawn here
(:func:`ranked_figure`, :func:`targets_figure`) so that the analysis module does not draw.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import provinces as pv
from ..constants import SUBTHEME_LABELS, THEME_COLORS, THEME_LABELS_ZH, THEMES
from . import glosses
from .words import Findings, and_list, count_words, fmt_number, interval, interval_words
from .words import with_interval as wi

__all__ = [
    "CHANGE",
    "LEXICON_NOTES",
    "NATIONAL_LABEL",
    "VERSUS",
    "ProvincesView",
    "attention",
    "data",
    "era_note",
    "focus_gdp",
    "indicators",
    "lexicon_of",
    "ranked_figure",
    "shift",
    "subtheme_figure",
    "targets",
    "targets_figure",
    "view",
    "vocabulary",
]

NATIONAL_LABEL = "全国 (national)"
"""The label of the State Council's reports in tables and figures."""

CHANGE = {
    "above": "rose",
    "below": "fell",
    "not distinguishable from": "did not change beyond what resampling allows",
}
"""How a change new/old is worded from its interval (:func:`~workreport.rates.interval_words`
against 1)."""

VERSUS = {
    "above": "is larger (a rise more, a fall less) than the national reports'",
    "below": "is smaller (a rise less, a fall more) than the national reports'",
    "not distinguishable from": "cannot be told apart from the national reports'",
    "not estimable against": "cannot be compared with the national reports'",
}
"""How the province's change is worded against the nation's (ratio of the ratios against 1)."""

_ERA_WHY = (
    "The era vocabulary is added so that a report of a later year is measured with the words "
    "of its time, and the earlier report with the same list: a change between the two is then "
    "not an artefact of a list built on the earlier wording"
)
_BOOK_WHY = (
    "This list was built on the book's report and the central documents of its time, so "
    "reports of later years are measured with an earlier vocabulary"
)
LEXICON_NOTES = {
    "era": (
        _ERA_WHY,
        "The era vocabulary adds the later terms of the genre by the lexicon's own rules; the "
        "words of the later reports that the list still lacks (see the vocabulary table) are "
        "not counted, so their rates remain lower bounds, and the terms taken from the book's "
        "report still favour reports written like it.",
    ),
    "": (
        _BOOK_WHY,
        "The words of the later reports that the list lacks (see the vocabulary table) are not "
        "counted, so later rates are lower bounds, and the comparison across provinces favours "
        "reports written like the book's. A list with the later era's vocabulary can be chosen "
        "in the chapter's data file (lexicon_variant = 'book+era').",
    ),
}
"""Why the chapter's word list is used and what it cannot see (``prov_lexicon_why``,
``prov_lexicon_limits``): with an era vocabulary (a variant naming ``era``) or without."""

_SHIFT_KEYS = (
    "shift_old",
    "shift_new",
    "shift_ratio",
    "shift_dir",
    "nat_ratio",
    "vs",
    "vs_ratio",
    "sub_up",
    "sub_down",
    "n_lost",
    "lost",
    "n_gained",
    "gained",
    "new_words",
)


def lexicon_of(config: dict[str, Any]) -> tuple[pd.DataFrame | None, str]:
    """The word list a chapter's data file chooses (``lexicon_variant``, else the CSV file
    ``lexicon``, else the book's list: ``None``) and how the prose names it.

    Examples
    --------
    >>> lexicon_of({})
    (None, "the book's word list (src/workreport/data/themes.csv)")
    >>> lex, name = lexicon_of({"lexicon_variant": "book+era"})
    >>> "碳达峰" in set(lex["term"]), name.startswith("the book's word list with the era")
    (True, True)
    """
    from .. import themes

    variant, path = config.get("lexicon_variant", ""), config.get("lexicon", "")
    if variant:
        names = {
            "book": "the book's word list (src/workreport/data/themes.csv)",
            "book+era": "the book's word list with the era vocabulary (variant book+era of "
            "src/workreport/data/themes.csv: the post-2020 terms added by the same rules)",
        }
        return themes.load_lexicon(variant=variant), names.get(variant, f"the word list {variant}")
    if path:
        return themes.load_lexicon(path), f"the word list {path}"
    return None, "the book's word list (src/workreport/data/themes.csv)"


@dataclass(frozen=True)
class ProvincesView:
    """The chapter's data: ``ch`` (the :class:`~workreport.book.chapter.Chapter`), the
    analysed reports of the provincial folder (``provincial``) and the files that do not load
    (``failed``), the chapter's ``focus`` region and the reports it is ranked among
    (``ranked``: the folder's, with the chapter's report added when its region has none there),
    the folder's ``year``, region ``labels``, the word list (``lexicon``, ``lexicon_name``), the
    subgroup (``group``, ``group_name``, ``group_label``), the national reports of the folder's
    year (``national_now``), and the chapter's report with the same region's report of another
    year (``pair``, older first; only the chapter's report when there is none) with the two
    national reports of the same years (``national``, or ``None``).
    """

    ch: Any
    provincial: list[Any]
    failed: list[tuple[str, str]]
    focus: str
    labels: dict[str, str]
    in_folder: bool
    ranked: list[Any]
    year: int
    lexicon: pd.DataFrame | None
    lexicon_name: str
    group: list[str]
    group_name: str
    group_label: str
    national_now: list[Any]
    pair: tuple[Any, ...]
    national: tuple[Any, Any] | None

    @property
    def focus_label(self) -> str:
        """The chapter's region as the prose names it (``中文 (English)``)."""
        return self.labels[self.focus]

    @property
    def era(self) -> str:
        """``"era"`` when the word list holds an era vocabulary (a variant naming it), else
        ``""``."""
        variant = str(self.ch.config.get("lexicon_variant", ""))
        return "era" if "era" in variant.split("+") else ""

    @property
    def years(self) -> list[int | None]:
        """The years of the reports of ``pair``, older first."""
        return [pv.year_of(a.report) for a in self.pair]

    @property
    def has_pair(self) -> bool:
        """Whether the folder holds a report of the chapter's region from another year."""
        return len(self.pair) == 2


def view(
    ch: Any,
    *,
    folder: str | Path | None = None,
    national_dir: str | Path | None = None,
) -> ProvincesView:
    """The chapter's view (:class:`ProvincesView`) of ``ch``'s report, the provincial reports
    in ``folder`` (default ``data/raw/provincial-2025``) and the national reports in
    ``national_dir`` (default the project's national corpus)."""
    from ..context import default_corpus_dir
    from ..resources import data_dir
    from .chapter import place_of

    folder = Path(folder or data_dir() / "raw" / "provincial-2025")
    national_dir = national_dir or default_corpus_dir()
    lexicon, lexicon_name = lexicon_of(ch.config)
    group = list(ch.config.get("group", []))
    group_name = ch.config.get("group_name", "group")
    provincial, failed = pv.analyse_folder(folder)
    focus = pv.province_of(ch.report)
    labels = {pv.province_of(a.report): place_of(a.report).label for a in provincial}
    labels[pv.NATIONAL] = NATIONAL_LABEL
    labels[focus] = labels.get(focus) or (
        ch.place.label if ch.place.zh == focus and focus else "this report"
    )
    in_folder = focus in {pv.province_of(a.report) for a in provincial}
    years = pd.Series([pv.year_of(a.report) for a in provincial], dtype="Int64").dropna()
    year = int(years.mode().iloc[0]) if len(years) else int(ch.year or 0)
    pair = pv.same_region_pair(ch.analysis, provincial) or (ch.analysis,)
    nat_pair: list[Any] = []
    if len(pair) == 2:
        pair_years = [y for y in (pv.year_of(a.report) for a in pair) if y is not None]
        nat_pair = sorted(
            pv.national_for(pair_years, national_dir), key=lambda a: pv.year_of(a.report) or 0
        )
    return ProvincesView(
        ch=ch,
        provincial=provincial,
        failed=failed,
        focus=focus,
        labels=labels,
        in_folder=in_folder,
        ranked=provincial if in_folder else [*provincial, ch.analysis],
        year=year,
        lexicon=lexicon,
        lexicon_name=lexicon_name,
        group=group,
        group_name=group_name,
        group_label=f"{ch.config.get('group_name_zh', '')} ({group_name})".strip(),
        national_now=pv.national_for([year], national_dir),
        pair=tuple(pair),
        national=(nat_pair[0], nat_pair[1]) if len(nat_pair) == 2 else None,
    )


def data(v: ProvincesView) -> Findings:
    """The sources: the folder's year and files (and those that do not load, ``failed``), the
    region, the subgroup and the word list."""
    return Findings(
        tables={
            "failed": pd.DataFrame(v.failed, columns=["File", "Why it does not load"]),
        },
        values={
            "prov_year": str(v.year),
            "prov_focus": v.focus_label,
            "prov_n_files": str(len(v.provincial) + len(v.failed)),
            "prov_n_loaded": str(len(v.provincial)),
            "prov_load_note": f"{len(v.failed)} of which cannot be read (listed below)"
            if v.failed
            else "every one of which loads",
            "prov_group_name": v.group_name,
            "prov_lexicon": v.lexicon_name,
            "prov_lexicon_why": LEXICON_NOTES[v.era][0],
            "prov_lexicon_limits": LEXICON_NOTES[v.era][1],
        },
    )


def attention(v: ProvincesView) -> Findings:
    """Each theme's rate and rank in the provincial reports, the chapter's region among them
    and the subgroup against the others. Tables: ``themes``
    (:func:`~workreport.provinces.province_themes`), ``national`` (the same for the national
    report of the year, empty without one) and ``focus`` (the region's row per theme, for the
    reader)."""
    th = pv.province_themes(v.ranked, lexicon=v.lexicon, group=v.group)
    nat = pv.province_themes(v.national_now[:1], lexicon=v.lexicon)
    mine = th[th["province"] == v.focus].set_index("theme").reindex(list(THEMES))
    contrast = pv.group_contrast(v.provincial, group=v.group, lexicon=v.lexicon)
    contrast = contrast.set_index("theme").reindex(list(THEMES))
    values = {
        "prov_rank_note": ""
        if v.in_folder
        else " (the chapter's report is not among them, so it is ranked with them)",
        "prov_n_group": fmt_number(contrast["group_reports"].iloc[0]),
        "prov_n_other": fmt_number(contrast["other_reports"].iloc[0]),
    }
    for t in THEMES:
        r: Any = mine.loc[t]
        c: Any = contrast.loc[t]
        values |= {
            f"prov_rate_{t}": wi(r["per_1000"], r["ci_low"], r["ci_high"]),
            f"prov_rank_{t}": f"{fmt_number(r['rank'])} of {fmt_number(r['reports'])}",
            f"prov_rank_ci_{t}": interval(r["rank_low"], r["rank_high"]),
            f"prov_half_{t}": pv.rank_words(r["rank_low"], r["rank_high"], len(v.ranked)),
            f"prov_group_ratio_{t}": wi(c["ratio"], c["ratio_low"], c["ratio_high"]),
            f"prov_group_words_{t}": interval_words(c["ratio_low"], c["ratio_high"]),
        }
    focus = pd.DataFrame(
        {
            "Theme": [THEME_LABELS_ZH[t] for t in THEMES],
            "Rate (95% CI)": [wi(*x) for x in mine[["per_1000", "ci_low", "ci_high"]].to_numpy()],
            "Rank (interval)": [
                f"{fmt_number(a)} ({interval(b, c)})"
                for a, b, c in mine[["rank", "rank_low", "rank_high"]].to_numpy()
            ],
            f"Mean: {v.group_name}": contrast["group_mean"].to_numpy(),
            "Mean: others": contrast["other_mean"].to_numpy(),
            "Ratio (95% CI)": [
                wi(*x) for x in contrast[["ratio", "ratio_low", "ratio_high"]].to_numpy()
            ],
        }
    )
    return Findings(tables={"themes": th, "national": nat, "focus": focus}, values=values)


def _empty_shift_values() -> dict[str, str]:
    return {f"prov_{k}_{t}": "n/a" for k in _SHIFT_KEYS for t in THEMES}


def shift(v: ProvincesView) -> Findings:
    """The region between its two reports, beside the national reports of the same years
    (:func:`~workreport.provinces.theme_shift`): each theme's rates, its change with the
    wording its interval allows, and the change against the nation's; each subtheme's share of
    its theme. Tables: ``shift`` (themes, for the reader), ``subthemes`` (shares) and ``dots``
    (subtheme rates for :func:`subtheme_figure`); all empty without a pair."""
    years = v.years
    values = {
        "prov_old_year": str(years[0] or "–"),
        "prov_new_year": str(years[-1])
        if v.has_pair
        else "(no report of the province in the folder)",
        "prov_national_years": and_list(sorted({*(y for y in years if y), v.year})),
        "prov_shift_note": ""
        if v.has_pair
        else "The folder holds no report of this province from another year, so this section "
        "has nothing to compare and its values read n/a.",
    }
    old, new = str(years[0]), str(years[-1])
    shift_cols = ["Report", "Theme", old, new, "Ratio new/old", "Province / nation"]
    share_cols = ["Subtheme", f"{v.focus_label} {old}", f"{v.focus_label} {new}"]
    share_cols += [f"全国 {old}", f"全国 {new}", "Change (points)"]
    if not v.has_pair:
        values |= _empty_shift_values()
        return Findings(
            tables={
                "shift": pd.DataFrame(columns=shift_cols),
                "subthemes": pd.DataFrame(columns=share_cols),
                "dots": pd.DataFrame(),
                "raw": pd.DataFrame(columns=pv.SHIFT_COLUMNS),
            },
            values=values,
        )
    s = pv.theme_shift(*v.pair, national=v.national, lexicon=v.lexicon)
    rows = s[s["level"] == "theme"]
    top = rows.set_index(["scope", "theme"])
    for t in THEMES:
        r: Any = top.loc[(v.focus, t)]
        n: Any = (
            top.loc[(pv.NATIONAL, t)]
            if (pv.NATIONAL, t) in top.index
            else pd.Series(np.nan, index=r.index)
        )
        values |= {
            f"prov_shift_old_{t}": wi(r["old_per_1000"], r["old_ci_low"], r["old_ci_high"]),
            f"prov_shift_new_{t}": wi(r["new_per_1000"], r["new_ci_low"], r["new_ci_high"]),
            f"prov_shift_ratio_{t}": wi(r["ratio"], r["ratio_low"], r["ratio_high"]),
            f"prov_shift_dir_{t}": CHANGE.get(
                interval_words(r["ratio_low"], r["ratio_high"]), "cannot be measured"
            ),
            f"prov_nat_ratio_{t}": wi(n["ratio"], n["ratio_low"], n["ratio_high"]),
            f"prov_vs_{t}": VERSUS[interval_words(r["vs_national_low"], r["vs_national_high"])],
            f"prov_vs_ratio_{t}": wi(r["vs_national"], r["vs_national_low"], r["vs_national_high"]),
        }
    table = pd.DataFrame(
        {
            "Report": [v.labels.get(x, x) for x in rows["scope"]],
            "Theme": [THEME_LABELS_ZH[t] for t in rows["theme"]],
            old: [wi(*x) for x in rows[["old_per_1000", "old_ci_low", "old_ci_high"]].to_numpy()],
            new: [wi(*x) for x in rows[["new_per_1000", "new_ci_low", "new_ci_high"]].to_numpy()],
            "Ratio new/old": [
                wi(*x) for x in rows[["ratio", "ratio_low", "ratio_high"]].to_numpy()
            ],
            "Province / nation": [
                wi(*x)
                for x in rows[["vs_national", "vs_national_low", "vs_national_high"]].to_numpy()
            ],
        }
    )
    subs = s[s["level"] == "subtheme"]
    wide = subs.pivot_table(
        index=["theme", "subtheme"],
        columns="scope",
        values=["old_share_pct", "new_share_pct"],
        sort=False,
    )
    nat = v.national is not None
    share = pd.DataFrame(
        {
            "subtheme": [SUBTHEME_LABELS.get(x, x) for _, x in wide.index],
            "old": wide[("old_share_pct", v.focus)].to_numpy(),
            "new": wide[("new_share_pct", v.focus)].to_numpy(),
            "nat_old": wide[("old_share_pct", pv.NATIONAL)].to_numpy() if nat else np.nan,
            "nat_new": wide[("new_share_pct", pv.NATIONAL)].to_numpy() if nat else np.nan,
        },
        index=wide.index,
    )
    share["change"] = share["new"] - share["old"]
    for t in THEMES:
        x: Any = share[share.index.get_level_values("theme") == t].dropna(subset=["change"])
        up = x["subtheme"].iloc[int(np.argmax(x["change"].to_numpy()))] if len(x) else "–"
        down = x["subtheme"].iloc[int(np.argmin(x["change"].to_numpy()))] if len(x) else "–"
        values |= {f"prov_sub_up_{t}": str(up), f"prov_sub_down_{t}": str(down)}
    mine = subs[subs["scope"] == v.focus]
    dots = mine.rename(
        columns={
            "new_per_1000": "report_value",
            "new_ci_low": "report_ci_low",
            "new_ci_high": "report_ci_high",
            "old_per_1000": "national_value",
            "old_ci_low": "national_ci_low",
            "old_ci_high": "national_ci_high",
        }
    ).assign(label=[SUBTHEME_LABELS.get(x, x) for x in mine["subtheme"]])
    share = share.reset_index(drop=True)
    share.columns = share_cols
    return Findings(
        tables={"shift": table, "subthemes": share, "dots": dots, "raw": s}, values=values
    )


def subtheme_figure(v: ProvincesView, dots: pd.DataFrame) -> Any:
    """Each subtheme's rate in the region's two reports (``dots``: :func:`shift`'s table), or a
    placeholder without a pair."""
    from . import figures

    if not len(dots):
        return figures.placeholder("No report of the province in the folder: nothing to compare.")
    return figures.rates_dotplot(
        dots,
        report_label=f"{v.focus_label} {v.years[-1]}",
        national_label=f"{v.focus_label} {v.years[0]}",
    )


def vocabulary(v: ProvincesView) -> Findings:
    """The word list's terms the region's later report lost and gained
    (:func:`~workreport.provinces.vocabulary_shift`), the words that set the later report's
    paragraphs on each theme apart without the list
    (:func:`~workreport.provinces.theme_vocabulary`; table ``words``), and the claim
    ``prov_story`` (how the vocabulary moved with the policy, a passage of the book's report
    only: on another report it is glued empty)."""
    years = v.years
    old, new = str(years[0]), str(years[-1])
    cols = ["Theme", "More in", "Word", old, new, "z", "In the list"]
    if not v.has_pair:
        return Findings(
            tables={"words": pd.DataFrame(columns=cols)},
            values={"prov_story": "", "prov_era_note": "There is no later report to count them in"},
        )
    vocab = pv.vocabulary_shift(*v.pair, national=v.national, lexicon=v.lexicon)
    values: dict[str, str] = {}
    for t in THEMES:
        x = vocab[vocab["theme"] == t]
        lost = x[x["status"] == "lost"].sort_values("old_count", ascending=False, kind="stable")
        gained = x[x["status"] == "gained"].sort_values("new_count", ascending=False, kind="stable")
        values |= {
            f"prov_lost_{t}": and_list([glosses.zh_en(w) for w in lost["term"].head(5)]),
            f"prov_gained_{t}": and_list([glosses.zh_en(w) for w in gained["term"].head(5)]),
            f"prov_n_lost_{t}": count_words(len(lost), "term"),
            f"prov_n_gained_{t}": count_words(len(gained), "term"),
        }
    words = pd.concat(
        [
            pv.theme_vocabulary(*v.pair, theme=t, lexicon=v.lexicon, top=8).assign(theme=t)
            for t in THEMES
        ],
        ignore_index=True,
    )
    for t in THEMES:
        w = words[(words["theme"] == t) & (words["side"] == "new")]
        values[f"prov_new_words_{t}"] = and_list([glosses.zh_en(x) for x in w["word"]])
    values["prov_era_note"] = era_note(vocab, v.lexicon)
    status = vocab.set_index("term")["status"]
    holds = (
        status.get("去产能") == "lost"
        and status.get("能源革命") == "gained"
        and status.get("返贫") == "gained"
        and "黄河" in set(words["word"])
    )
    story = (
        "Shanxi's vocabulary moved as its policy did: capacity cutting (去产能) is gone "
        "and the energy revolution (能源革命, the national pilot Shanxi was given in 2019) "
        "has come; poverty is now about preventing a return to poverty (返贫); ecology now "
        "names the Yellow River (黄河)"
    )
    table = pd.DataFrame(
        {
            "Theme": [THEME_LABELS_ZH[t] for t in words["theme"]],
            "More in": [new if x == "new" else old for x in words["side"]],
            "Word": [glosses.zh_en(x) for x in words["word"]],
            old: words["old_count"].to_numpy(),
            new: words["new_count"].to_numpy(),
            "z": words["z"].to_numpy(),
            "In the list": words["in_lexicon"].map({True: "yes", False: "–"}).to_numpy(),
        }
    )
    # a passage of the book's report only (its cells are dropped for another report)
    if v.ch.is_project_report:
        return Findings(
            tables={"words": table, "vocab": vocab},
            values=values,
            claims={"prov_story": (bool(holds), story, "")},
        )
    return Findings(tables={"words": table, "vocab": vocab}, values={**values, "prov_story": ""})


def _occur(terms: pd.Series) -> str:
    """``none occurs``, ``one occurs (碳汇 (carbon sinks))``, ``3 occur (…)``."""
    shown = and_list([glosses.zh_en(t) for t in terms.head(6)])
    if len(terms) == 0:
        return "none occurs"
    more = ", among them " if len(terms) > 6 else " ("
    return f"{'one occurs' if len(terms) == 1 else f'{len(terms)} occur'}{more}{shown}" + (
        "" if len(terms) > 6 else ")"
    )


def focus_gdp(f: dict[str, Any], label: str, *, role: str) -> tuple[str, str]:
    """Where the chapter's report stands in the growth-target cross-section, as a sentence and
    a short clause (``f``: :func:`~workreport.provinces.target_facts`; ``label``: its region).
    ``role``: ``member`` (its region has a report among them), ``national`` (it is the national
    report of the same year, whose target is the reference) or ``outside``.

    Examples
    --------
    >>> f = {"focus_target": "5.5%左右", "focus_side": "above", "focus_higher": 1,
    ...      "focus_result": 5.1, "national": 5.0}
    >>> text, short = focus_gdp(f, "甲", role="member")
    >>> short
    '甲 sets 5.5%左右, above the national target'
    >>> text.split("; ")[1]
    'one province sets a higher one. Its own growth result of the year before is 5.1%'
    >>> focus_gdp(f, "this report", role="national")[1]
    'this report sets the national target itself (5%)'
    >>> focus_gdp(f, "乙", role="outside")[1]
    '乙 is not among these reports'
    """
    if role == "national":
        short = f"{label} sets the national target itself ({fmt_number(f['national'])}%)"
        return short, short
    if role != "member":
        short = f"{label} is not among these reports"
        return f"{short}, so it has no place in this cross-section", short
    result = f["focus_result"]
    own = "Its own growth result of the year before is " + (
        "not found in its review" if pd.isna(result) else f"{fmt_number(result)}%"
    )
    if not f["focus_target"]:
        return f"{label} states no growth target. {own}", f"{label} states no growth target"
    short = f"{label} sets {f['focus_target']}, {f['focus_side']} the national target"
    higher = count_words(int(f["focus_higher"]), "province")
    verb = "sets" if f["focus_higher"] == 1 else "set"
    return f"{short}; {higher} {verb} a higher one. {own}", short


def era_note(vocab: pd.DataFrame, lexicon: pd.DataFrame | None) -> str:
    """How many terms the word list adds to the book's list (``lexicon``; ``None`` is the
    book's) and which of them the two reports use (``vocab``:
    :func:`~workreport.provinces.vocabulary_shift`), most frequent first.

    Examples
    --------
    >>> lex = pd.DataFrame({"term": ["煤炭", "碳汇", "绿证"]})
    >>> vocab = pd.DataFrame({"term": ["煤炭", "碳汇"], "old_count": [3, 0], "new_count": [2, 4]})
    >>> note = era_note(vocab, lex)
    >>> note.startswith("The list adds 2 terms to the book's list: one occurs (碳汇 (carbon")
    True
    >>> note.endswith("in the later report and none occurs in the earlier one")
    True
    >>> era_note(vocab, None)
    "The list adds no terms to the book's list"
    """
    from .. import themes

    added = set() if lexicon is None else set(lexicon["term"]) - set(themes.load_lexicon()["term"])
    head = f"The list adds {count_words(len(added), 'term')} to the book's list"
    if not added:
        return head
    x = vocab[vocab["term"].isin(added)]
    new = x[x["new_count"] > 0].sort_values("new_count", ascending=False, kind="stable")
    old = x[x["old_count"] > 0].sort_values("old_count", ascending=False, kind="stable")
    return (
        f"{head}: {_occur(new['term'])} in the later report and {_occur(old['term'])} in the "
        "earlier one"
    )


def targets(v: ProvincesView, *, gold: str | Path | None = None) -> Findings:
    """The headline targets of the folder's reports (:func:`~workreport.provinces.main_targets`,
    table ``main``), their agreement with the blind hand annotation (``gold``, default
    ``data/annotations/provincial_main_targets_gold.csv``; table ``agreement``), and the GDP
    growth targets against the national target and each province's own result (tables ``gdp``
    for the reader and ``against`` for :func:`targets_figure`)."""
    from ..resources import data_dir

    main = pv.main_targets(v.provincial, national=v.national_now)
    path = Path(gold or data_dir() / "annotations" / "provincial_main_targets_gold.csv")
    g = (
        pd.read_csv(path, dtype=str, keep_default_na=False)
        if path.exists()
        else pd.DataFrame({"file": []})
    )
    g = g[g["file"].isin(main["file"])]
    evaluation = pv.evaluate_main_targets(main, g) if len(g) else None
    agreement = pv.agreement(evaluation) if evaluation is not None else pd.DataFrame()
    gdp_row = (
        agreement[(agreement["indicator_key"] == "gdp") & (agreement["kind"] == "target")]
        if len(agreement)
        else agreement
    )
    against = pv.against_reference(main)
    members = {pv.region_name(x) for x in v.group}
    gdp = against[against["indicator_key"] == "gdp"].assign(
        region=lambda d: [v.labels.get(p, p) for p in d["province"]],
        group=lambda d: [pv.region_name(p) in members for p in d["province"]],
    )
    f = pv.target_facts(against, indicator="gdp", focus=v.focus)
    hand = (
        evaluation.set_index(["file", "indicator_key", "kind"])["gold_found"]
        if evaluation is not None
        else pd.Series(dtype=object)
    )
    no_result = gdp[gdp["result"].isna()].assign(
        hand=lambda d: pd.Series([hand.get((x, "gdp", "result")) for x in d["file"]], index=d.index)
    )
    silent = and_list(no_result.loc[no_result["hand"].eq(False), "region"])
    missed = and_list(no_result.loc[no_result["hand"].eq(True), "region"])

    def pct(x: Any) -> str:
        return f"{fmt_number(x)}%"

    values = {
        "prov_eval": f"{int(agreement['agree'].sum())} of {int(agreement['keys'].sum())}"
        if len(agreement)
        else "none: no hand annotation of these reports",
        "prov_eval_gdp": f"{int(gdp_row['agree'].sum())} of {int(gdp_row['keys'].sum())}"
        if len(gdp_row)
        else "none",
        "prov_gdp_n_stated": f"{f['stated']} of {f['reports']}",
        "prov_gdp_national": pct(f["national"]),
        "prov_gdp_n_above": str(f["above"]),
        "prov_gdp_n_equal": str(f["equal"]),
        "prov_gdp_n_below": str(f["below"]),
        "prov_gdp_mean_gap": f"{f['mean_gap_pp']:+.2f}",
        "prov_gdp_median": pct(f["median"]),
        "prov_gdp_range": interval(f["low"], f["high"]) + "%",
        "prov_gdp_n_above_last": f"{f['above_last']} of {f['with_both']}",
        "prov_gdp_n_no_result": count_words(len(no_result), "report"),
        "prov_gdp_no_result": and_list(no_result["region"]),
        "prov_gdp_hand": (
            f"By the hand annotation, the reviews of {silent} give no growth rate"
            + (
                f"; the extraction missed the one in the review of {missed}"
                if missed != "none"
                else ""
            )
        )
        if evaluation is not None
        else "No hand annotation of these reports checks this",
        "prov_gdp_silent": f"The reviews of {silent} give no growth rate for the year under "
        "review (checked by hand)"
        if evaluation is not None
        else "The extraction finds no growth rate in the reviews of "
        f"{and_list(no_result['region'])} (not checked by hand)",
        "prov_focus_gdp": f["focus_target"] or "no target",
        "prov_focus_gdp_side": f["focus_side"] or "not comparable with",
        "prov_focus_gdp_higher": str(f["focus_higher"]),
        "prov_focus_result": "not found in its review"
        if pd.isna(f["focus_result"])
        else pct(f["focus_result"]),
    }
    role = "member" if v.focus in set(gdp["province"]) else "outside"
    if v.ch.place.level == "national" and v.ch.year == v.year:
        role = "national"
    text, values["prov_focus_gdp_short"] = focus_gdp(f, v.focus_label, role=role)
    values["prov_focus_gdp_text"] = text[:1].upper() + text[1:]  # it opens a sentence
    agree_cols = ["indicator_key", "kind", "keys", "gold_figures", "found", "agree", "missed"]
    table = gdp.sort_values(["target", "region"], ascending=[False, True])[
        ["region", "target_text", "firmness", "result", "gap_pp", "target_minus_result_pp", "group"]
    ]
    table.columns = [
        "Province",
        "Target",
        "Firmness",
        "Result, year before (%)",
        "− national (pp)",
        "− own result (pp)",
        v.group_name,
    ]
    return Findings(
        tables={
            "main": main,
            "agreement": agreement.reindex(columns=[*agree_cols, "spurious", "wrong"]),
            "gdp": table,
            "against": against,
        },
        values=values,
    )


def indicators(v: ProvincesView, main: pd.DataFrame) -> Findings:
    """How the reports state each headline indicator (``main``: :func:`targets`' table;
    table ``indicators``) and how many name binding (约束性) targets."""
    summary = pv.indicator_summary(main)
    binding = pv.binding_targets(v.provincial)
    per = binding.groupby("province").agg(
        n=("binding_targets", "max"), labels=("labels_binding", "any")
    )
    values = {f"prov_n_with_{i.key}": count_words(0, "report") for i in pv.MAIN_INDICATORS}
    values |= {
        f"prov_n_with_{r.indicator_key}": f"{r.with_figure} of {r.reports}"
        for r in summary.itertuples()
    }
    values |= {
        "prov_n_binding": count_words(int((per["n"] > 0).sum()), "report"),
        "prov_n_binding_word": count_words(int(per["labels"].sum()), "report"),
    }
    table = summary.assign(range=[interval(a, b) for a, b in summary[["low", "high"]].to_numpy()])[
        ["indicator_en", "with_figure", "named_only", "not_stated", "range", "median", "national"]
    ]
    table.columns = [
        "Indicator",
        "With a figure",
        "Named only",
        "Not stated",
        "Range (%)",
        "Median",
        "National",
    ]
    return Findings(tables={"indicators": table}, values=values)


# --- the chapter's figures -------------------------------------------------------------------


def ranked_figure(
    themes_table: pd.DataFrame,
    *,
    focus: str = "",
    labels: dict[str, str] | None = None,
    reference: pd.DataFrame | None = None,
    reference_label: str = NATIONAL_LABEL,
    group_label: str = "group",
) -> Any:
    """Reports ranked by their attention to each theme, one panel per theme.

    ``themes_table`` is :func:`~workreport.provinces.province_themes`'s output. Each report is a
    dot at its rate per 1,000 words with its 95% paragraph-bootstrap interval, ranked top to
    bottom; members of the group are filled, the others open; the ``focus`` region is drawn in
    the theme's colour with its label in bold, the others in grey. ``labels`` maps a region to
    its label (e.g. ``中文 (English)``; default the region's name). ``reference`` (rows with
    ``theme``, ``per_1000``, ``ci_low``, ``ci_high``, e.g. :func:`workreport.themes.theme_rates`
    of the national report of the same year) is drawn as a dashed line in a shaded interval.
    """
    import matplotlib.pyplot as plt

    from .figures import MIN_FONT, use_cjk_font

    use_cjk_font()
    labels = labels or {}
    themes = list(dict.fromkeys(themes_table["theme"]))
    n = int(themes_table.groupby("theme").size().max()) if len(themes_table) else 1
    fig, axes = plt.subplots(
        1, max(len(themes), 1), figsize=(3.3 * max(len(themes), 1), 0.24 * n + 1.9), squeeze=False
    )
    ref = reference.set_index("theme") if reference is not None and len(reference) else None
    for ax, theme in zip(axes[0], themes, strict=False):
        t = themes_table[themes_table["theme"] == theme].sort_values("rank", kind="stable")
        colour = THEME_COLORS.get(theme, "0.2")
        y = np.arange(len(t))[::-1].astype(float)
        if ref is not None and theme in ref.index:
            r = ref.loc[theme]
            ax.axvspan(r["ci_low"], r["ci_high"], color="0.92", zorder=0)
            ax.axvline(r["per_1000"], color="0.4", linestyle="--", linewidth=1, zorder=1)
        for yi, (_, row) in zip(y, t.iterrows(), strict=True):
            mine = row["province"] == focus
            c = colour if mine else "0.55"
            ax.plot([row["ci_low"], row["ci_high"]], [yi, yi], color=c, linewidth=1.1)
            ax.plot(
                row["per_1000"],
                yi,
                "o",
                color=c,
                markerfacecolor=c if row["group"] else "white",
                markersize=6 if mine else 4.5,
                zorder=3,
            )
        names = [labels.get(p, p) for p in t["province"]]
        ax.set_yticks(y, names, fontsize=MIN_FONT)
        for tick, p in zip(ax.get_yticklabels(), t["province"], strict=True):
            if p == focus:
                tick.set_fontweight("bold")
                tick.set_color(colour)
        ax.set_ylim(-0.7, len(t) - 0.3)
        ax.set_xlim(left=0)
        ax.set_title(THEME_LABELS_ZH.get(theme, theme), fontsize=MIN_FONT + 2, color=colour)
        ax.grid(axis="x", color="0.9")
        ax.tick_params(axis="x", labelsize=MIN_FONT)
    fig.supxlabel(
        "每千词匹配数 (matches per 1,000 words, 95% paragraph-bootstrap interval)",
        fontsize=MIN_FONT + 1,
    )
    handles = [
        plt.Line2D([], [], marker="o", color="0.4", linestyle="", label=group_label),
        plt.Line2D(
            [], [], marker="o", color="0.4", markerfacecolor="white", linestyle="", label="other"
        ),
    ]
    if ref is not None:
        handles.append(plt.Line2D([], [], color="0.4", linestyle="--", label=reference_label))
    fig.legend(handles=handles, loc="upper center", ncol=len(handles), frameon=False)
    fig.tight_layout(rect=(0, 0, 1, 0.96))
    return fig


def targets_figure(
    against: pd.DataFrame,
    *,
    indicator: str = "gdp",
    focus: str = "",
    group: Iterable[str] = (),
    labels: dict[str, str] | None = None,
    group_label: str = "group",
    reference_label: str = NATIONAL_LABEL,
) -> Any:
    """Each report's target for its year against its own result of the year before, for one
    indicator (``against``: :func:`~workreport.provinces.against_reference`'s output).

    One point per report with a target (a range's midpoint), at its result; a report whose
    review states no result is drawn as a cross at the left edge. The diagonal marks a target
    equal to the last result, the dashed line the reference (national) target. Members of
    ``group`` are filled, the others open; ``focus`` is drawn in red and labelled.
    """
    import matplotlib.pyplot as plt

    from .figures import MIN_FONT, use_cjk_font

    use_cjk_font()
    labels = labels or {}
    t = against[(against["indicator_key"] == indicator) & against["target"].notna()]
    fig, ax = plt.subplots(figsize=(6.4, 5.2))
    if t.empty:
        ax.axis("off")
        ax.text(0.5, 0.5, "no report states a target for this indicator", ha="center")
        return fig
    members = {pv.region_name(g) for g in group}
    values = t[["target", "result"]].to_numpy(dtype=float)
    lo, hi = float(np.nanmin(values)) - 0.6, float(np.nanmax(values)) + 0.5
    ax.plot([lo, hi], [lo, hi], color="0.75", linewidth=1, zorder=1)
    ref = t["reference_target"].dropna()
    if len(ref):
        ax.axhline(float(ref.iloc[0]), color="0.3", linestyle="--", linewidth=1, zorder=1)
    for _, r in t.iterrows():
        mine = r["province"] == focus
        c = "#c0392b" if mine else "0.45"
        filled = pv.region_name(r["province"]) in members
        stated = not pd.isna(r["result"])
        x = float(r["result"]) if stated else lo + 0.15
        ax.plot(
            x,
            r["target"],
            "o" if stated else "x",
            color=c,
            markerfacecolor=(c if filled else "white") if stated else c,
            markersize=8 if mine else 6,
            alpha=0.85,
            zorder=4 if mine else 3,
        )
        if mine:
            ax.annotate(
                labels.get(r["province"], r["province"]),
                (x, r["target"]),
                xytext=(6, 6),
                textcoords="offset points",
                color=c,
                fontsize=MIN_FONT + 1,
                fontweight="bold",
            )
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    year = int(t["year"].dropna().iloc[0]) if t["year"].notna().any() else None
    when = (lambda k: f"{year + k}") if year else (lambda k: "")
    ax.set_xlabel(f"{when(-1)} 增长结果 (result of the year before, %, own review)")
    ax.set_ylabel(f"{when(0)} 增长目标 (target, %)")
    handles = [
        plt.Line2D([], [], marker="o", color="0.45", linestyle="", label=group_label),
        plt.Line2D(
            [], [], marker="o", color="0.45", markerfacecolor="white", linestyle="", label="other"
        ),
        plt.Line2D([], [], marker="x", color="0.45", linestyle="", label="result not stated"),
        plt.Line2D([], [], color="0.3", linestyle="--", label=f"{reference_label} target"),
        plt.Line2D([], [], color="0.75", label="target = last result"),
    ]
    ax.legend(handles=handles, loc="upper left", fontsize=MIN_FONT, frameon=False)
    ax.grid(color="0.92")
    ax.set_axisbelow(True)
    fig.tight_layout()
    return fig
