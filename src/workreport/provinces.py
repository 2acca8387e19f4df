"""Many provinces at once: theme attention, one province across two years, and main targets.

The functions here take analysed reports (:class:`~workreport.pipeline.Analysis`) of any
year and any province — a folder of Word files, text or web pages read by
:func:`analyse_folder` — and return tidy tables. Nothing is tied to one year, one province or
one file name: the province and the year of each report come from the report itself
(:func:`province_of`, :func:`year_of`).

- :func:`province_themes`: each theme's rate per 1,000 words of each report's body with a
  paragraph-bootstrap interval (:func:`workreport.themes.theme_rates`), the report's rank
  among the reports with a rank interval from the same draws, and a ``group`` flag (a
  subgroup such as the coal provinces, passed in by the caller);
  :func:`group_contrast` compares the group with the other reports.
- :func:`theme_shift` and :func:`vocabulary_shift`: one province between two years (each
  theme's and subtheme's rate, the change with its interval, and the same change in two
  national reports so that a shift can be told to be the province's or the country's); the
  terms gained and lost.
- :func:`main_targets`: the headline targets of the report's year (GDP growth, energy
  intensity, unemployment, CPI, income; :data:`MAIN_INDICATORS`) and the results of the year
  before from its own review, one row per report and indicator (empty, with the reason, when
  the report states none); :func:`binding_targets` lists the targets a report labels binding
  (约束性); :func:`against_reference` sets each target beside a reference report's.
- :func:`province_tables`: the derived tables of a folder of reports.

Every function takes ``lexicon=`` (a table like :func:`workreport.themes.load_lexicon`'s), so
that a report can be measured with the word list of its era.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import pandas as pd

from .constants import SUFFIX_HEDGES, THEMES, theme_rank
from .corpus import list_reports
from .targets import FIGURE_COLUMNS
from .themes import match_terms, paragraph_counts

if TYPE_CHECKING:
    from .pipeline import Analysis
    from .report import Report

__all__ = [
    "BINDING_COLUMNS",
    "GOLD_KEYS",
    "MAIN_INDICATORS",
    "MAIN_TARGET_COLUMNS",
    "NATIONAL",
    "PROVINCE_THEME_COLUMNS",
    "SHIFT_COLUMNS",
    "Indicator",
    "against_reference",
    "agreement",
    "analyse_folder",
    "binding_targets",
    "evaluate_main_targets",
    "figure_text",
    "group_contrast",
    "indicator_summary",
    "main_targets",
    "national_for",
    "province_of",
    "province_tables",
    "province_themes",
    "rank_words",
    "region_name",
    "same_region_pair",
    "shift_tables",
    "target_facts",
    "theme_shift",
    "theme_vocabulary",
    "vocabulary_shift",
    "year_of",
]

NATIONAL = "全国"
"""The name :func:`province_of` gives the State Council's (national) reports."""

_CJK = "\u4e00-\u9fff"
_NUMERAL = "一二三四五六七八九十百〇零"
_CONGRESS = re.compile(rf"在([{_CJK}]{{2,12}}?)第[{_NUMERAL}\d]+届人民代表大会")
_NATIONAL_CONGRESS = re.compile(rf"第[{_NUMERAL}\d]+届全国人民代表大会")
_TITLE = re.compile(rf"(?:\d{{4}}\s*年?)?([{_CJK}]{{2,12}}?)(?:人民)?政府工作报告")
_REGION_SUFFIX = re.compile(rf"(?:特别行政区|(?:维吾尔|[{_CJK}]族)?自治区|省|市)$")


def region_name(name: str) -> str:
    """A region's short name: its full name without the administrative suffix (``省``,
    ``市``, ``自治区`` with the ethnic name before it, ``特别行政区``).

    Examples
    --------
    >>> [region_name(n) for n in ["山西省", "内蒙古自治区", "广西壮族自治区", "新疆维吾尔自治区",
    ...                           "北京市", "宁夏", "全国"]]
    ['山西', '内蒙古', '广西', '新疆', '北京', '宁夏', '全国']
    """
    name = str(name or "").strip()
    short = _REGION_SUFFIX.sub("", name)
    return short if len(short) >= 2 else name


def _title_region(text: str) -> str:
    """The region a title or file name names before 政府工作报告 (``""`` if none); the State
    Council's (国务院) is :data:`NATIONAL`."""
    m = _TITLE.search(text)
    if not m:
        return ""
    name = m.group(1)
    return NATIONAL if "国务院" in name else region_name(name)


def province_of(report: Report) -> str:
    """The region a report speaks for, by the first of these rules that gives one:

    1. the people's congress its dateline or speaker line names (``在山西省第十二届人民代表
       大会…`` → ``山西``; ``第十四届全国人民代表大会`` → :data:`NATIONAL`);
    2. its title (``2025年山西省政府工作报告`` → ``山西``; ``国务院政府工作报告`` → national);
    3. its speaker's office (``国务院总理`` → national);
    4. its file name, read like a title;

    else ``""``. Names are shortened by :func:`region_name`.

    Examples
    --------
    >>> from workreport import load_text
    >>> r = load_text("政府工作报告\\n——2017年1月14日在山西省第十二届人民代表大会第七次会议上\\n"
    ...               "一、回顾\\n增长。\\n", name="x.txt")
    >>> province_of(r)
    '山西'
    >>> province_of(load_text("一、回顾\\n增长。\\n", name="2025年宁夏政府工作报告.docx"))
    '宁夏'
    """
    para = report.paragraphs
    lines = para.loc[para["role"].isin(["date", "speaker", "title"]), "text"].tolist()
    for text in lines:
        if _NATIONAL_CONGRESS.search(text):
            return NATIONAL
        m = _CONGRESS.search(text)
        if m:
            return region_name(m.group(1))
    found = _title_region(report.title)
    if found:
        return found
    if report.speaker_office.startswith("国务院"):
        return NATIONAL
    return _title_region(Path(report.name).name)


def year_of(report: Report) -> int | None:
    """The year a report was delivered (:attr:`~workreport.report.Report.year`: its date line,
    title or plan part), else the one year its file name holds, else ``None``."""
    if report.year is not None:
        return int(report.year)
    years = set(re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", Path(report.name).name))
    return int(years.pop()) if len(years) == 1 else None


def analyse_folder(
    folder: str | Path, *, engine: str | None = None
) -> tuple[list[Analysis], list[tuple[str, str]]]:
    """Every report of a folder (:func:`workreport.corpus.list_reports`) analysed, in file
    order, and the ``(file, reason)`` of each file that could not be read."""
    from .errors import ReportFormatError
    from .pipeline import analyse

    done: list[Analysis] = []
    failed: list[tuple[str, str]] = []
    for path in list_reports(folder):
        try:
            done.append(analyse(path, engine=engine))
        except ReportFormatError as exc:
            failed.append((path.name, str(exc)))
    return done, failed


# --- theme rates with paragraph-bootstrap draws ---------------------------------------------


def _theme_names(lexicon: pd.DataFrame) -> list[str]:
    """The themes of a lexicon, in the book's order (the book's three when it is empty)."""
    found = set(lexicon["theme"].unique().tolist()) if len(lexicon) else set()
    if not found:
        return list(THEMES)
    return sorted(found, key=lambda t: (theme_rank(t), t))


def _matches(a: Analysis, lexicon: pd.DataFrame | None) -> pd.DataFrame:
    """The report's matches of ``lexicon`` (its own matches when ``None``)."""
    return a.matches if lexicon is None else match_terms(a.tokens, lexicon)


def _rate_draws(
    a: Analysis,
    matches: pd.DataFrame,
    names: list[str],
    *,
    column: str = "theme",
    draws: int,
    seed: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each group's (``column`` of ``matches``) matches and rate per 1,000 words of the body,
    and ``draws`` paragraph-bootstrap rates (draws × groups), drawn exactly as
    :func:`workreport.themes.theme_rates` draws them (same ``seed``, same intervals)."""
    m_in = matches.assign(theme=matches[column]) if column != "theme" else matches
    _, n, m = paragraph_counts(a.report, a.tokens, m_in, names)
    rng = np.random.default_rng(seed)
    if len(n):
        w = rng.multinomial(len(n), np.full(len(n), 1 / len(n)), size=draws).astype(float)
    else:
        w = np.zeros((draws, 0))
    with np.errstate(divide="ignore", invalid="ignore"):
        boot = 1000 * (w @ m) / (w @ n)[:, None]
        point = 1000 * m.sum(axis=0) / n.sum()
    return m.sum(axis=0), point, boot


def _interval(boot: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval of each column of bootstrap draws (NaN draws ignored)."""
    tail = 100 * (1 - level) / 2
    if boot.shape[0] == 0:
        nan = np.full(boot.shape[1], np.nan)
        return nan, nan
    with warnings.catch_warnings():  # a column of NaN draws has a NaN interval
        warnings.simplefilter("ignore", RuntimeWarning)
        lo, hi = np.nanpercentile(boot, [tail, 100 - tail], axis=0)
    return lo, hi


def _in_group(name: str, group: Iterable[str]) -> bool:
    """Whether a region belongs to a group given by full or short names."""
    return region_name(name) in {region_name(g) for g in group}


class _Draws(NamedTuple):
    """Theme rates of many reports: the theme ``names``; ``info``, one row per report
    (``file``, ``province``, ``year``, ``words``, ``paragraphs``); ``counts`` and ``points``
    (reports × themes: matches, rate per 1,000 words); ``boot`` (reports × draws × themes)."""

    names: list[str]
    info: pd.DataFrame
    counts: np.ndarray
    points: np.ndarray
    boot: np.ndarray


def _draw_table(
    analyses: Sequence[Analysis],
    *,
    lexicon: pd.DataFrame | None,
    draws: int,
    seed: int,
) -> _Draws:
    """Every report's theme rates and their bootstrap draws (see :class:`_Draws`)."""
    from .themes import load_lexicon

    matches = [_matches(a, lexicon) for a in analyses]
    names = _theme_names(lexicon if lexicon is not None else load_lexicon())
    rows, boots, points, counts = [], [], [], []
    for a, m in zip(analyses, matches, strict=True):
        count, point, boot = _rate_draws(a, m, names, draws=draws, seed=seed)
        _, n, _ = paragraph_counts(a.report, a.tokens, m.iloc[:0], names)
        rows.append(
            {
                "file": Path(a.report.name).name,
                "province": province_of(a.report),
                "year": year_of(a.report),
                "words": int(n.sum()),
                "paragraphs": len(n),
            }
        )
        boots.append(boot)
        points.append(point)
        counts.append(count)
    info = pd.DataFrame(rows, columns=["file", "province", "year", "words", "paragraphs"])
    info["year"] = info["year"].astype("Int64")
    shape = (len(analyses), len(names))
    return _Draws(
        names,
        info,
        np.array(counts).reshape(shape),
        np.array(points).reshape(shape),
        np.array(boots).reshape(len(analyses), draws, len(names)),
    )


def _ranks(values: np.ndarray) -> np.ndarray:
    """Rank of each value along the first axis, 1 = highest (ties share the best rank, NaN
    last)."""
    v = np.where(np.isnan(values), -np.inf, values)
    return (v[None, ...] > v[:, None, ...]).sum(axis=1) + 1


PROVINCE_THEME_COLUMNS = [
    "file",
    "province",
    "year",
    "group",
    "theme",
    "matches",
    "words",
    "paragraphs",
    "per_1000",
    "ci_low",
    "ci_high",
    "rank",
    "rank_low",
    "rank_high",
    "reports",
]
"""The columns of :func:`province_themes`."""


def province_themes(
    analyses: Sequence[Analysis],
    *,
    lexicon: pd.DataFrame | None = None,
    group: Iterable[str] = (),
    draws: int = 2000,
    seed: int = 2017,
    level: float = 0.95,
) -> pd.DataFrame:
    """Each theme's attention in each report, and the report's rank among them.

    One row per report × theme (themes of ``lexicon``, default the reports' own matches of
    the book's lexicon): ``matches``, ``words`` and ``paragraphs`` of the body, ``per_1000``
    (matches per 1,000 word tokens) with the paragraph-bootstrap interval ``ci_low``,
    ``ci_high`` of :func:`workreport.themes.theme_rates` (``draws``, ``seed``, ``level``), the
    ``rank`` among the ``reports`` (1 = the highest rate) and its interval ``rank_low``,
    ``rank_high`` (percentiles of the ranks over the same bootstrap draws, the reports drawn
    independently), and ``group`` (True when the report's region is among ``group``, full or
    short names: see :func:`region_name`). Rows sorted by theme, then rank.
    """
    names, info, counts, points, boot = _draw_table(
        analyses, lexicon=lexicon, draws=draws, seed=seed
    )
    if not len(info):
        from .tables import empty_table

        ints = ("matches", "words", "paragraphs", "rank", "rank_low", "rank_high", "reports")
        types = {
            **dict.fromkeys(ints, np.int64),
            **dict.fromkeys(("per_1000", "ci_low", "ci_high"), float),
            "year": "Int64",
            "group": bool,
        }
        return empty_table(PROVINCE_THEME_COLUMNS, types)
    rank = _ranks(points)
    draw_ranks = _ranks(boot)  # reports × draws × themes
    tail = 100 * (1 - level) / 2
    rank_lo, rank_hi = np.percentile(draw_ranks, [tail, 100 - tail], axis=1, method="nearest")
    members = [_in_group(p, group) for p in info["province"]]
    out = []
    for j, theme in enumerate(names):
        lo, hi = _interval(boot[:, :, j].T, level)
        out.append(
            info.assign(
                group=members,
                theme=theme,
                matches=counts[:, j].astype(np.int64),
                per_1000=points[:, j],
                ci_low=lo,
                ci_high=hi,
                rank=rank[:, j].astype(np.int64),
                rank_low=rank_lo[:, j].astype(np.int64),
                rank_high=rank_hi[:, j].astype(np.int64),
                reports=len(info),
            )
        )
    table = pd.concat(out, ignore_index=True)[PROVINCE_THEME_COLUMNS]
    table = table.sort_values(
        ["theme", "rank", "file"], key=lambda s: s.map(theme_rank) if s.name == "theme" else s
    )
    return table.reset_index(drop=True)


def group_contrast(
    analyses: Sequence[Analysis],
    *,
    group: Iterable[str],
    lexicon: pd.DataFrame | None = None,
    draws: int = 2000,
    seed: int = 2017,
    level: float = 0.95,
) -> pd.DataFrame:
    """The reports of a group (e.g. the coal provinces) against the other reports.

    One row per theme: ``group_reports``, ``other_reports``, ``group_mean`` and
    ``other_mean`` (the mean of the reports' rates per 1,000 words, each report counting
    once), ``difference`` (group minus others) with a bootstrap interval ``ci_low``,
    ``ci_high`` (each report's paragraphs resampled as in :func:`province_themes`; the reports
    themselves are taken as given, so the interval speaks for these reports, not for a
    population of provinces), and ``ratio`` (group mean over others' mean) with its interval
    ``ratio_low``, ``ratio_high`` from the same draws.
    """
    names, info, _, points, boot = _draw_table(analyses, lexicon=lexicon, draws=draws, seed=seed)
    member = np.array([_in_group(p, group) for p in info["province"]], dtype=bool)
    rows = []
    for j, theme in enumerate(names):
        row: dict = {
            "theme": theme,
            "group_reports": int(member.sum()),
            "other_reports": int((~member).sum()),
        }
        if member.any() and (~member).any():
            g, o = points[member, j].mean(), points[~member, j].mean()
            gd, od = boot[member, :, j].mean(axis=0), boot[~member, :, j].mean(axis=0)
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio_draws = np.where(od > 0, gd / od, np.nan)
            (lo, rlo), (hi, rhi) = _interval(np.column_stack([gd - od, ratio_draws]), level)
            row.update(
                group_mean=g,
                other_mean=o,
                difference=g - o,
                ci_low=float(lo),
                ci_high=float(hi),
                ratio=g / o if o else np.nan,
                ratio_low=float(rlo),
                ratio_high=float(rhi),
            )
        else:
            row.update(dict.fromkeys(("group_mean", "other_mean", "difference"), np.nan))
            row.update(dict.fromkeys(("ci_low", "ci_high", "ratio", "ratio_low"), np.nan))
            row.update(ratio_high=np.nan)
        rows.append(row)
    cols = ["theme", "group_reports", "other_reports", "group_mean", "other_mean"]
    return pd.DataFrame(
        rows, columns=[*cols, "difference", "ci_low", "ci_high", "ratio", "ratio_low", "ratio_high"]
    )


def rank_words(rank_low: float, rank_high: float, reports: int) -> str:
    """How firmly a rank interval places a report among ``reports``: in the upper or the lower
    half whatever the resampling, or neither.

    Examples
    --------
    >>> rank_words(1, 9, 31), rank_words(20, 31, 31), rank_words(1, 19, 31)
    ('in the upper half', 'in the lower half', 'in neither half for certain')
    >>> rank_words(float("nan"), 3, 31)
    'not ranked'
    """
    if any(pd.isna(x) for x in (rank_low, rank_high)) or reports < 2:
        return "not ranked"
    half = reports / 2
    if rank_high <= half:
        return "in the upper half"
    if rank_low > half:
        return "in the lower half"
    return "in neither half for certain"


# --- one province, two years ----------------------------------------------------------------


class _Level(NamedTuple):
    """One theme's or subtheme's matches, rate per 1,000 words and bootstrap rates."""

    matches: float
    rate: float
    draws: np.ndarray


def _levels(
    a: Analysis, lexicon: pd.DataFrame | None, *, draws: int, seed: int
) -> dict[tuple[str, str, str], _Level]:
    """Each theme's and subtheme's :class:`_Level`, by (level, theme, subtheme), for every
    theme and subtheme of ``lexicon`` (default: the book's lexicon)."""
    from .themes import load_lexicon

    m = _matches(a, lexicon)
    source = lexicon if lexicon is not None else load_lexicon()
    themes = _theme_names(source)
    out = {}
    count, point, boot = _rate_draws(a, m, themes, draws=draws, seed=seed)
    for j, t in enumerate(themes):
        out["theme", t, ""] = _Level(float(count[j]), float(point[j]), boot[:, j])
    pairs = source[["theme", "subtheme"]].drop_duplicates()
    pairs = pairs.sort_values(["theme", "subtheme"], key=lambda s: s.map(theme_rank))
    subs = [f"{t}/{s}" for t, s in zip(pairs["theme"], pairs["subtheme"], strict=True)]
    if subs:
        keyed = m.assign(key=m["theme"] + "/" + m["subtheme"])
        count, point, boot = _rate_draws(a, keyed, subs, column="key", draws=draws, seed=seed)
        for j, key in enumerate(subs):
            t, s = key.split("/", 1)
            out["subtheme", t, s] = _Level(float(count[j]), float(point[j]), boot[:, j])
    return out


SHIFT_COLUMNS = [
    "scope",
    "level",
    "theme",
    "subtheme",
    "old_year",
    "new_year",
    "old_matches",
    "new_matches",
    "old_per_1000",
    "old_ci_low",
    "old_ci_high",
    "new_per_1000",
    "new_ci_low",
    "new_ci_high",
    "old_share_pct",
    "new_share_pct",
    "ratio",
    "ratio_low",
    "ratio_high",
    "vs_national",
    "vs_national_low",
    "vs_national_high",
]
"""The columns of :func:`theme_shift`."""


def _shift_rows(
    old: Analysis,
    new: Analysis,
    scope: str,
    lexicon: pd.DataFrame | None,
    *,
    draws: int,
    seed: int,
    level: float,
) -> tuple[list[dict], dict[tuple[str, str], np.ndarray]]:
    """The rows of :func:`theme_shift` for one pair of reports, and the ratio draws by
    (theme, subtheme)."""
    before = _levels(old, lexicon, draws=draws, seed=seed)
    after = _levels(new, lexicon, draws=draws, seed=seed)
    theme_total = {
        (k, when): v.matches
        for when, table in (("old", before), ("new", after))
        for (lv, k, _), v in table.items()
        if lv == "theme"
    }
    rows, ratios = [], {}
    for key, (m0, r0, b0) in before.items():
        lv, t, s = key
        m1, r1, b1 = after[key]
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio_draws = b1 / b0
        ratio_draws = np.where(np.isfinite(ratio_draws), ratio_draws, np.nan)
        ratios[(t, s)] = ratio_draws
        (lo0, lo1, lor), (hi0, hi1, hir) = _interval(np.column_stack([b0, b1, ratio_draws]), level)
        share = {}
        for when, mm in (("old", m0), ("new", m1)):
            total = theme_total.get((t, when), 0.0)
            share[when] = 100 * mm / total if lv == "subtheme" and total else np.nan
        rows.append(
            {
                "scope": scope,
                "level": lv,
                "theme": t,
                "subtheme": s,
                "old_year": year_of(old.report),
                "new_year": year_of(new.report),
                "old_matches": int(m0),
                "new_matches": int(m1),
                "old_per_1000": r0,
                "old_ci_low": lo0,
                "old_ci_high": hi0,
                "new_per_1000": r1,
                "new_ci_low": lo1,
                "new_ci_high": hi1,
                "old_share_pct": share["old"],
                "new_share_pct": share["new"],
                "ratio": r1 / r0 if r0 else np.nan,
                "ratio_low": lor,
                "ratio_high": hir,
            }
        )
    return rows, ratios


def theme_shift(
    old: Analysis,
    new: Analysis,
    *,
    national: tuple[Analysis, Analysis] | None = None,
    lexicon: pd.DataFrame | None = None,
    draws: int = 2000,
    seed: int = 2017,
    level: float = 0.95,
) -> pd.DataFrame:
    """What changed in one region's attention to each theme and subtheme between two reports
    (``old``, ``new``), beside the same change in two national reports (``national``: the
    State Council's reports of the same two years, or ``None``).

    One row per scope (the region of ``new``, :func:`province_of`; then :data:`NATIONAL`)
    × theme and subtheme (``level``): matches and rate per 1,000 words in each year with its
    paragraph-bootstrap interval, a subtheme's share of its theme's matches (``…_share_pct``),
    ``ratio`` = new rate / old rate with its interval (the two reports resampled
    independently), and, on the region's rows, ``vs_national`` = the region's ratio over the
    nation's, with its interval: when that interval holds 1, the region's change cannot be told
    apart from the country's. A theme with no match in the old report has no ratio (NaN).
    """
    scope = province_of(new.report) or Path(new.report.name).name
    rows, ratios = _shift_rows(old, new, scope, lexicon, draws=draws, seed=seed, level=level)
    if national is not None:
        n_rows, n_ratios = _shift_rows(
            national[0], national[1], NATIONAL, lexicon, draws=draws, seed=seed + 1, level=level
        )
        for row in rows:
            key = (row["theme"], row["subtheme"])
            own, nat = ratios[key], n_ratios.get(key)
            if nat is None:
                continue
            with np.errstate(divide="ignore", invalid="ignore"):
                rel = own / nat
            rel = np.where(np.isfinite(rel), rel, np.nan)
            n_row = next(r for r in n_rows if (r["theme"], r["subtheme"]) == key)
            lo, hi = _interval(rel[:, None], level)
            point = row["ratio"] / n_row["ratio"] if n_row["ratio"] else np.nan
            row.update(vs_national=point, vs_national_low=float(lo[0]), vs_national_high=hi[0])
        rows += n_rows
    out = pd.DataFrame(rows, columns=SHIFT_COLUMNS)
    for c in ("old_year", "new_year"):
        out[c] = out[c].astype("Int64")
    for c in ("vs_national_high",):
        out[c] = out[c].astype(float)
    return out


def vocabulary_shift(
    old: Analysis,
    new: Analysis,
    *,
    national: tuple[Analysis, Analysis] | None = None,
    lexicon: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Which terms of the word list a region's report gained and lost between two years.

    One row per term of ``lexicon`` (default: the book's lexicon) found in either report:
    ``theme``, ``subtheme``, ``term``, ``old_count``, ``new_count``, ``old_per_1000`` and
    ``new_per_1000`` (per 1,000 word tokens of the whole report), ``status`` (``gained``: absent
    before; ``lost``: absent after; ``kept``) and, with ``national`` (two national reports of
    the same years), the national counts ``national_old_count``, ``national_new_count`` and
    ``national_status``. Sorted by theme, status, then by the size of the change.
    """
    from .themes import load_lexicon

    lex = lexicon if lexicon is not None else load_lexicon()
    reports = {"old": old, "new": new}
    if national is not None:
        reports.update(national_old=national[0], national_new=national[1])
    counts = {}
    words = {}
    for key, a in reports.items():
        m = _matches(a, lexicon)
        counts[key] = m.groupby("term").size()
        words[key] = int((~a.tokens["is_punct"]).sum())
    table = lex[["theme", "subtheme", "term"]].copy()
    for key in reports:
        table[f"{key}_count"] = table["term"].map(counts[key]).fillna(0).astype(np.int64)
    table = table[(table["old_count"] > 0) | (table["new_count"] > 0)].copy()
    for key in ("old", "new"):
        table[f"{key}_per_1000"] = 1000 * table[f"{key}_count"] / max(words[key], 1)

    def status(before: pd.Series, after: pd.Series) -> np.ndarray:
        return np.select([before == 0, after == 0], ["gained", "lost"], "kept")

    table["status"] = status(table["old_count"], table["new_count"])
    if national is not None:
        table["national_status"] = status(table["national_old_count"], table["national_new_count"])
        table.loc[
            (table["national_old_count"] == 0) & (table["national_new_count"] == 0),
            "national_status",
        ] = "absent"
    change = (table["new_per_1000"] - table["old_per_1000"]).abs()
    table = table.assign(_c=-change).sort_values(
        ["theme", "status", "_c", "term"],
        key=lambda s: s.map(theme_rank) if s.name == "theme" else s,
    )
    return table.drop(columns="_c").reset_index(drop=True)


def theme_vocabulary(
    old: Analysis,
    new: Analysis,
    *,
    theme: str,
    lexicon: pd.DataFrame | None = None,
    top: int = 15,
    min_count: int = 3,
) -> pd.DataFrame:
    """The words that set the newer report's paragraphs on a theme apart from the older one's,
    whether or not the word list knows them: a measure of vocabulary that no list decides.

    The paragraphs that mention ``theme`` (a match of ``lexicon``, default the book's) in
    each report are compared word by word with the weighted log-odds of
    :func:`workreport.themes.distinctive_terms` (stop words and punctuation left out, words
    seen fewer than ``min_count`` times in both left out, and only words of two or more
    Chinese characters kept: no numbers or single measure words). Returns the ``top`` words
    each way: ``word``, ``new_count``, ``old_count``, ``z`` (positive: the newer report's),
    ``side`` (``new`` or ``old``) and ``in_lexicon`` (whether the word is a term of the list).
    """
    from .themes import distinctive_terms, load_lexicon

    lex = lexicon if lexicon is not None else load_lexicon()
    parts = []
    for a, is_new in ((old, False), (new, True)):
        m = _matches(a, lexicon)
        paras = m.loc[m["theme"] == theme, "paragraph_id"].unique()
        tok = a.tokens[a.tokens["paragraph_id"].isin(paras)]
        parts.append(tok.assign(_new=is_new))
    tokens = pd.concat(parts, ignore_index=True)
    cols = ["word", "new_count", "old_count", "z", "side", "in_lexicon"]
    if tokens.empty or tokens["_new"].all() or not tokens["_new"].any():
        from .tables import empty_table

        return empty_table(cols, {"new_count": np.int64, "old_count": np.int64, "z": float})
    d = distinctive_terms(tokens, tokens["_new"], min_count=min_count, top=None)
    d = d.rename(columns={"count_in": "new_count", "count_out": "old_count"})
    d = d[d["word"].str.fullmatch(rf"[{_CJK}]{{2,}}")]  # words, not digits or measure words
    d = pd.concat([d[d["z"] > 0].head(top), d[d["z"] < 0].tail(top).iloc[::-1]])
    d["side"] = np.where(d["z"] > 0, "new", "old")
    d["in_lexicon"] = d["word"].isin(set(lex["term"]))
    return d[cols].reset_index(drop=True)


# --- main targets ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Indicator:
    """A headline indicator: how to recognise its quantities in a targets table.

    ``pattern`` is searched in a quantity's indicator followed by its verb, once
    normalised (:func:`workreport.context.normalise_indicator`: ``地区生产总值`` and
    ``国内生产总值`` both read ``生产总值``); ``exclude`` rules out what only contains the
    words (a share of GDP, per-capita GDP); ``units`` are the units it is measured in; and
    ``mention`` finds the indicator named in a sentence without a figure, so that an empty row
    can say "named without a figure" rather than "not mentioned".
    """

    key: str
    zh: str
    en: str
    pattern: str
    exclude: str
    units: tuple[str, ...]
    mention: str


MAIN_INDICATORS = (
    Indicator(
        "gdp",
        "地区生产总值增长",
        "GDP growth",
        r"生产总值|经济增长|^经济增长?|GDP",
        r"占|比重|比例|比率|能耗|海洋|贡献|研发|人均|增量|季度|上半年|前三|县|镇|园区|万元",
        ("%",),
        r"生产总值增长|经济增长",
    ),
    Indicator(
        "energy_intensity",
        "单位生产总值能耗",
        "energy intensity",
        r"(?:生产总值|GDP|单位|万元).{0,4}(?:能耗|能源消耗)",
        r"二氧化碳|碳排放",
        ("%",),
        r"(?:生产总值|GDP).{0,4}(?:能耗|能源消耗)|能耗强度",
    ),
    Indicator(
        "unemployment",
        "城镇调查失业率",
        "urban unemployment rate",
        r"失业率",
        r"$^",
        ("%",),
        r"失业率",
    ),
    Indicator(
        "cpi",
        "居民消费价格涨幅",
        "consumer prices (CPI)",
        r"消费价格|CPI|物价",
        r"$^",
        ("%",),
        r"消费价格|CPI",
    ),
    Indicator(
        "income",
        "居民人均可支配收入增长",
        "household income growth",
        r"可支配收入|居民收入|农民收入|城乡居民收入",
        r"占|比重|倍|差距|比值",
        ("%",),
        r"可支配收入|居民收入",
    ),
)
"""The headline indicators of :func:`main_targets` (GDP growth, energy intensity, the urban
unemployment rate, CPI, household income). Each is a general rule about how Chinese
government work reports name these statistics, not a list of one report's sentences."""

_GIVEN_COLUMNS = ["indicator", *FIGURE_COLUMNS, "firmness", "binding", "paragraph_id", "text"]
"""The columns :func:`main_targets` copies from the figure it gives."""

MAIN_TARGET_COLUMNS = [
    "file",
    "province",
    "year",
    "indicator_key",
    "indicator_en",
    "kind",
    "period",
    "found",
    *_GIVEN_COLUMNS,
    "candidates",
    "other_values",
    "reason",
]
"""The columns of :func:`main_targets`."""

_CLAUSE_MARK = re.compile(r"[，,；;。：:！？]")


def _lead_in(row: pd.Series, report_text: str) -> str:
    """The words of a quantity's clause before its figure: from the last clause mark (not
    ``、``) before it to the figure (``地区生产总值达13.7万亿元、增长``)."""
    start = int(row["start"])
    left = report_text[max(0, start - 60) : start]
    cut = max((m.end() for m in _CLAUSE_MARK.finditer(left)), default=0)
    return left[cut:]


def _candidates(
    targets: pd.DataFrame, report_text: str, spec: Indicator, *, kind: str, period: int
) -> pd.DataFrame:
    """The quantities of ``kind`` for ``period`` that measure ``spec``: by their indicator and
    verb, else (when none does) by the words of their clause before the figure, which
    recovers a figure whose own indicator the extractor took from a neighbour (``地区生产总值
    达13.7万亿元、增长5.8%``)."""
    from .context import normalise_indicator

    t = targets[
        (targets["kind"] == kind)
        & (targets["period"].astype(str) == str(period))
        & targets["unit"].isin(spec.units)
    ]
    if t.empty:
        return t
    named = t["indicator"].map(normalise_indicator) + t["verb"].fillna("")
    hit = named.str.contains(spec.pattern) & ~named.str.contains(spec.exclude)
    if hit.any():
        return t[hit]
    lead = t.apply(_lead_in, axis=1, report_text=report_text)
    ok = lead.str.contains(spec.pattern) & ~lead.str.contains(spec.exclude)
    return t[ok]


def _mentioned(report: Report, spec: Indicator, label: str) -> bool:
    """Whether the report's parts labelled ``label`` name the indicator at all."""
    para = report.paragraphs
    text = "".join(para.loc[para["part_label"] == label, "text"].tolist())
    return bool(re.search(spec.mention, text))


def figure_text(row: Mapping[Any, Any] | pd.Series) -> str:
    """A quantity (a row of a targets table) with its hedge words, as short as a table cell
    allows: ``力争8%``, ``5-5.5%``, ``7%以上``.

    >>> figure_text({"value": 8.0, "unit": "%", "qualifier": "力争+以上"})
    '力争8%以上'
    >>> figure_text({"value": float("nan"), "value_low": 5, "value_high": 5.5, "unit": "%"})
    '5-5.5%'
    """
    if pd.notna(row.get("value")):
        v = f"{row['value']:g}"
    else:
        v = f"{row['value_low']:g}-{row['value_high']:g}"
    words = [w for w in str(row.get("qualifier") or "").split("+") if w]
    before = "".join(w for w in words if w not in SUFFIX_HEDGES)
    after = "".join(w for w in words if w in SUFFIX_HEDGES)
    return f"{before}{v}{row['unit']}{after}"


def _main_rows(
    a: Analysis, indicators: Sequence[Indicator], *, province: str | None = None
) -> list[dict]:
    """The rows of :func:`main_targets` for one report (its region :func:`province_of`, or
    ``province`` when given)."""
    report, year = a.report, year_of(a.report)
    region = province_of(report) if province is None else province
    base = {"file": Path(report.name).name, "province": region, "year": year}
    rows = []
    for spec in indicators:
        for kind, label in (("target", "plan"), ("result", "review")):
            period = None if year is None else (year if kind == "target" else year - 1)
            row = {
                **base,
                "indicator_key": spec.key,
                "indicator_en": spec.en,
                "kind": kind,
                "period": period,
            }
            cands = (
                _candidates(a.targets, report.text, spec, kind=kind, period=period)
                if period is not None
                else a.targets.iloc[:0]
            )
            if cands.empty:
                if period is None:
                    reason = "the report's year is unknown"
                elif _mentioned(report, spec, label):
                    reason = f"named in the {label} without a figure for {period}"
                else:
                    reason = f"not stated for {period}"
                rows.append({**row, "found": False, "candidates": 0, "reason": reason})
                continue
            cands = cands.drop_duplicates(["value", "value_low", "value_high", "qualifier"])
            labelled = cands["binding"].fillna("") != ""
            cands = pd.concat([cands[labelled], cands[~labelled]])  # stable: document order
            first = cands.iloc[0]
            others = [figure_text(r) for _, r in cands.iloc[1:].iterrows()]
            rows.append(
                {
                    **row,
                    "found": True,
                    **{c: first[c] for c in _GIVEN_COLUMNS},
                    "candidates": len(cands),
                    "other_values": "; ".join(others),
                    "reason": "",
                }
            )
    return rows


def main_targets(
    analyses: Sequence[Analysis],
    *,
    national: Sequence[Analysis] = (),
    indicators: Sequence[Indicator] = MAIN_INDICATORS,
) -> pd.DataFrame:
    """The headline targets of each report's year and the results of the year before.

    One row per report (those of ``analyses``, then the ``national`` reference reports) ×
    indicator (:data:`MAIN_INDICATORS`) × kind: the ``target`` for the report's year (from
    its targets table, see :func:`workreport.targets.extract_targets`) and the ``result`` of
    the year before from its own review. ``found`` says whether a figure was found; the first
    one in the report that it labels (预期性 or 约束性: a list of the year's targets), else
    the first one, is given (``value``, or the range ``value_low``–``value_high``,
    ``qualifier``, ``firmness``, ``binding`` label, ``paragraph_id`` and clause ``text``), and
    ``candidates`` and ``other_values`` list any further figures (``力争8%`` beside
    ``7%以上``; a figure repeated with the same hedge counts once). A row with no figure says
    why in ``reason``: the indicator is named without a figure, or not stated at all. The
    ``national`` rows have :data:`NATIONAL` as their ``province`` whatever their text says.
    Columns :data:`MAIN_TARGET_COLUMNS`.
    """
    rows = [r for a in analyses for r in _main_rows(a, indicators)]
    rows += [r for a in national for r in _main_rows(a, indicators, province=NATIONAL)]
    out = pd.DataFrame(rows, columns=MAIN_TARGET_COLUMNS)
    for c in ("year", "period", "paragraph_id", "candidates"):
        out[c] = out[c].astype("Int64")
    for c in ("value", "value_low", "value_high"):
        out[c] = out[c].astype(float)
    out["found"] = out["found"].astype(bool)
    for c in ("indicator", "unit", "qualifier", "firmness", "binding", "text", "other_values"):
        out[c] = out[c].astype(object).fillna("").astype(str)
    return out


def against_reference(main: pd.DataFrame, *, reference: str = NATIONAL) -> pd.DataFrame:
    """Each report's headline target beside the reference's (by default the national report
    of the same year) and beside the report's own result of the year before.

    One row per report (not the reference) × indicator: ``target`` (the figure, or a range's
    midpoint; NaN when the report states none), ``target_text`` (as written, with its hedge:
    :func:`figure_text`), ``qualifier``, ``firmness``, ``reference_target``, ``gap_pp`` (target
    minus reference, in percentage points: positive when the report aims higher), ``result``
    (the year before, own review), ``result_reason`` (why there is none, else ``""``),
    ``reference_result`` and ``target_minus_result_pp``.
    """
    t = main.assign(figure=main["value"].fillna((main["value_low"] + main["value_high"]) / 2))
    key = ["year", "indicator_key"]
    ref = t[t["province"] == reference]
    ref_target = ref[ref["kind"] == "target"].set_index(key)["figure"]
    ref_result = ref[ref["kind"] == "result"].set_index(key)["figure"]
    own = t[t["province"] != reference]
    target = own[own["kind"] == "target"].set_index(["file", *key])
    result = own[own["kind"] == "result"].set_index(["file", *key])
    out = target[["province", "figure", "qualifier", "firmness"]].rename(
        columns={"figure": "target"}
    )
    out["target_text"] = [figure_text(r) if r["found"] else "" for r in target.to_dict("records")]
    out["reference_target"] = [ref_target.get((y, k), np.nan) for _, y, k in out.index]
    out["result"] = result["figure"].reindex(out.index).to_numpy()
    out["result_reason"] = result["reason"].reindex(out.index).fillna("").to_numpy()
    out["reference_result"] = [ref_result.get((y, k), np.nan) for _, y, k in out.index]
    out["gap_pp"] = out["target"] - out["reference_target"]
    out["target_minus_result_pp"] = out["target"] - out["result"]
    return out.reset_index()[
        [
            "file",
            "province",
            "year",
            "indicator_key",
            "target",
            "target_text",
            "qualifier",
            "firmness",
            "reference_target",
            "gap_pp",
            "result",
            "result_reason",
            "reference_result",
            "target_minus_result_pp",
        ]
    ]


def target_facts(against: pd.DataFrame, *, indicator: str = "gdp", focus: str = "") -> dict:
    """The cross-section of one headline target in numbers (from :func:`against_reference`).

    ``reports``; ``stated`` (reports with a target); ``national`` (the reference target);
    ``above``, ``equal``, ``below`` (reports whose target is above, equal to or below it) and
    ``mean_gap_pp``; ``low``, ``median``, ``high`` of the targets; ``no_result`` (the
    provinces whose review gives no result of the year before) and ``above_last`` of
    ``with_both`` (reports whose target exceeds their own last result, of those with both);
    and for the ``focus`` region ``focus_target`` (as written, ``""`` when none),
    ``focus_side`` (``above``, ``equal to``, ``below`` or ``""``), ``focus_higher`` (reports
    with a higher target) and ``focus_result`` (NaN when its review gives none).

    Examples
    --------
    >>> a = pd.DataFrame({"indicator_key": "gdp", "province": ["甲", "乙", "丙"],
    ...     "target": [6.0, 5.0, 5.0], "target_text": ["6%", "5%左右", "5%"],
    ...     "reference_target": 5.0, "gap_pp": [1.0, 0.0, 0.0], "result": [5.5, None, 4.0],
    ...     "target_minus_result_pp": [0.5, None, 1.0]})
    >>> f = target_facts(a, focus="乙")
    >>> f["above"], f["equal"], f["no_result"], f["above_last"], f["focus_side"]
    (1, 2, ['乙'], 2, 'equal to')
    """
    t = against[against["indicator_key"] == indicator]
    stated = t.dropna(subset=["target"])
    gaps = stated["gap_pp"].dropna()
    both = stated.dropna(subset=["result"])
    ref = t["reference_target"].dropna()
    me = t[t["province"] == focus]
    m = me.iloc[0] if len(me) else None
    side = {1.0: "above", 0.0: "equal to", -1.0: "below"}
    has_target = m is not None and not pd.isna(m["target"])
    return {
        "reports": len(t),
        "stated": len(stated),
        "national": float(ref.iloc[0]) if len(ref) else np.nan,
        "above": int((gaps > 0).sum()),
        "equal": int((gaps == 0).sum()),
        "below": int((gaps < 0).sum()),
        "mean_gap_pp": float(gaps.mean()) if len(gaps) else np.nan,
        "low": float(stated["target"].min()) if len(stated) else np.nan,
        "median": float(stated["target"].median()) if len(stated) else np.nan,
        "high": float(stated["target"].max()) if len(stated) else np.nan,
        "no_result": t.loc[t["result"].isna(), "province"].tolist(),
        "with_both": len(both),
        "above_last": int((both["target_minus_result_pp"] > 0).sum()),
        "focus_target": str(m["target_text"]) if has_target and m is not None else "",
        "focus_side": side.get(float(np.sign(m["gap_pp"])), "")
        if has_target and m is not None and not pd.isna(m["gap_pp"])
        else "",
        "focus_higher": int((stated["target"] > m["target"]).sum())
        if has_target and m is not None
        else 0,
        "focus_result": float(m["result"]) if m is not None else np.nan,
    }


GOLD_KEYS = {
    "gdp_growth": "gdp",
    "energy_intensity": "energy_intensity",
    "unemployment_rate": "unemployment",
    "cpi": "cpi",
    "income_growth": "income",
}
"""The indicator names of a hand annotation of main targets (``indicator`` column of
``data/annotations/provincial_main_targets_gold.csv``) and the keys of
:data:`MAIN_INDICATORS` they stand for."""


def _number(x: object) -> float:
    """A figure of a hand annotation as a number (NaN when empty)."""
    try:
        return float(str(x).strip()) if str(x).strip() not in ("", "nan") else np.nan
    except ValueError:
        return np.nan


def _same_figure(a: float, b: float) -> bool:
    """Whether two figures agree (both missing, or equal to 1e-9)."""
    if np.isnan(a) or np.isnan(b):
        return bool(np.isnan(a) and np.isnan(b))
    return abs(a - b) < 1e-9


def evaluate_main_targets(
    main: pd.DataFrame, gold: pd.DataFrame, *, keys: dict[str, str] = GOLD_KEYS
) -> pd.DataFrame:
    """:func:`main_targets` against a hand annotation of the same reports.

    ``gold`` has rows with ``file``, ``indicator`` (a key of ``keys``), ``kind``, ``value``,
    ``low``, ``high`` and ``qualifier``; an empty figure means the annotator found none (the
    indicator not stated, or stated without a number). A key may have several gold rows (an
    urban and a rural income target). One row per file × indicator × kind of the annotation:
    ``gold_found`` (the annotation has a figure), ``gold_figures`` (its figures, ``; ``-joined),
    ``found`` and ``figure`` (what :func:`main_targets` gives), ``agrees`` (both have no
    figure, or the extracted figure — the value, or both ends of a range — is one of the
    annotated ones) and ``qualifier_agrees`` (where they agree on a figure: the same hedge
    words, in any order).
    """
    m = {(r["file"], r["indicator_key"], r["kind"]): r for r in main.to_dict("records")}
    rows = []
    gold = gold.assign(_key=gold["indicator"].astype(str).map(lambda k: keys.get(k, k)))
    for (file, key, kind), g in gold.groupby(["file", "_key", "kind"], sort=True):
        figures = []
        for _, r in g.iterrows():
            v, lo, hi = (_number(r[c]) for c in ("value", "low", "high"))
            if not (np.isnan(v) and np.isnan(lo)):
                q = "" if pd.isna(r["qualifier"]) else str(r["qualifier"])
                figures.append((v, lo, hi, q))
        got = m.get((str(file), str(key), str(kind)))
        found = bool(got is not None and got["found"])
        mine = (
            (float(got["value"]), float(got["value_low"]), float(got["value_high"]))
            if found and got is not None
            else (np.nan, np.nan, np.nan)
        )
        same = [
            f for f in figures if all(_same_figure(a, b) for a, b in zip(mine, f[:3], strict=True))
        ]
        q = str(got["qualifier"]) if found and got is not None else ""
        words = set(q.split("+")) - {""}
        rows.append(
            {
                "file": str(file),
                "indicator_key": str(key),
                "kind": str(kind),
                "gold_found": bool(figures),
                "gold_figures": "; ".join(
                    figure_text(
                        {
                            "value": v,
                            "value_low": lo,
                            "value_high": hi,
                            "unit": "%",
                            "qualifier": gq,
                        }
                    )
                    for v, lo, hi, gq in figures
                ),
                "found": found,
                "figure": figure_text(got) if found and got is not None else "",
                "agrees": (not figures and not found) or bool(same),
                "qualifier_agrees": bool(same)
                and any(words == set(f[3].split("+")) - {""} for f in same),
            }
        )
    return pd.DataFrame(rows)


def agreement(evaluation: pd.DataFrame) -> pd.DataFrame:
    """:func:`evaluate_main_targets` summed up per indicator and kind: ``keys`` (file ×
    indicator × kind of the annotation), ``gold_figures`` (keys the annotation gives a figure
    for), ``found`` (keys the extraction gives one for), ``agree`` (keys where both agree, as
    :func:`evaluate_main_targets` defines it), ``agree_pct``, ``missed`` (a figure annotated,
    none extracted), ``spurious`` (none annotated, one extracted), ``wrong`` (both, different)
    and ``qualifier_agree`` (of the keys that agree on a figure)."""
    e = evaluation
    g = e.groupby(["indicator_key", "kind"], sort=False)
    out = pd.DataFrame(
        {
            "keys": g.size(),
            "gold_figures": g["gold_found"].sum(),
            "found": g["found"].sum(),
            "agree": g["agrees"].sum(),
            "missed": g.apply(lambda x: int((x["gold_found"] & ~x["found"]).sum())),
            "spurious": g.apply(lambda x: int((~x["gold_found"] & x["found"]).sum())),
            "wrong": g.apply(lambda x: int((x["gold_found"] & x["found"] & ~x["agrees"]).sum())),
            "qualifier_agree": g["qualifier_agrees"].sum(),
        }
    ).reset_index()
    out["agree_pct"] = 100 * out["agree"] / out["keys"]
    order = [i.key for i in MAIN_INDICATORS]
    out = out.sort_values(
        ["indicator_key", "kind"],
        key=lambda s: (
            s.map(lambda k: order.index(k) if k in order else len(order))
            if s.name == "indicator_key"
            else s.map({"target": 0, "result": 1})
        ),
    )
    return out.reset_index(drop=True)


def indicator_summary(main: pd.DataFrame, *, kind: str = "target") -> pd.DataFrame:
    """How the reports of :func:`main_targets` state each headline indicator.

    One row per indicator (in :data:`MAIN_INDICATORS` order): ``indicator_key``,
    ``indicator_en``, ``reports`` (not counting :data:`NATIONAL` rows), ``with_figure``,
    ``named_only`` (named without a figure), ``not_stated``, and over the reports with a
    figure (a range's midpoint) ``low``, ``median`` and ``high``; ``national`` is the
    :data:`NATIONAL` rows' figure (NaN without one).
    """
    t = main[main["kind"] == kind]
    t = t.assign(figure=t["value"].fillna((t["value_low"] + t["value_high"]) / 2))
    own, ref = t[t["province"] != NATIONAL], t[t["province"] == NATIONAL]
    rows = []
    for spec in MAIN_INDICATORS:
        r = own[own["indicator_key"] == spec.key]
        if r.empty:
            continue
        fig = r.loc[r["found"], "figure"]
        nat = ref.loc[ref["indicator_key"] == spec.key, "figure"].dropna()
        rows.append(
            {
                "indicator_key": spec.key,
                "indicator_en": spec.en,
                "reports": len(r),
                "with_figure": int(r["found"].sum()),
                "named_only": int(r["reason"].str.startswith("named").sum()),
                "not_stated": int(r["reason"].str.startswith("not stated").sum()),
                "low": float(fig.min()) if len(fig) else np.nan,
                "median": float(fig.median()) if len(fig) else np.nan,
                "high": float(fig.max()) if len(fig) else np.nan,
                "national": float(nat.iloc[0]) if len(nat) else np.nan,
            }
        )
    cols = ["indicator_key", "indicator_en", "reports", "with_figure", "named_only"]
    return pd.DataFrame(rows, columns=[*cols, "not_stated", "low", "median", "high", "national"])


BINDING_COLUMNS = [
    "file",
    "province",
    "year",
    "binding_targets",
    "labels_binding",
    "indicator",
    *FIGURE_COLUMNS,
    "paragraph_id",
    "text",
]
"""The columns of :func:`binding_targets`."""


def binding_targets(analyses: Sequence[Analysis]) -> pd.DataFrame:
    """The targets each report labels binding (约束性) for its year.

    One row per such target, and one row (with an empty ``indicator``) for a report that
    names none with a figure; ``binding_targets`` is the report's count of them and
    ``labels_binding`` whether the word 约束性 appears in its text at all (a report may
    promise to meet "the binding targets set by the state" without listing any).
    """
    rows = []
    for a in analyses:
        report, year = a.report, year_of(a.report)
        base = {"file": Path(report.name).name, "province": province_of(report), "year": year}
        t = a.targets
        t = t[
            (t["kind"] == "target")
            & (t["binding"] == "binding")
            & (t["period"].astype(str) == str(year))
        ]
        labels = "约束性" in report.text
        if t.empty:
            rows.append({**base, "binding_targets": 0, "labels_binding": labels})
        for _, r in t.iterrows():
            rows.append(
                {
                    **base,
                    "binding_targets": len(t),
                    "labels_binding": labels,
                    **{c: r[c] for c in BINDING_COLUMNS[5:]},
                }
            )
    out = pd.DataFrame(rows, columns=BINDING_COLUMNS)
    for c in ("year", "binding_targets", "paragraph_id"):
        out[c] = out[c].astype("Int64")
    for c in ("indicator", "unit", "qualifier", "text"):
        out[c] = out[c].astype(object).fillna("").astype(str)
    for c in ("value", "value_low", "value_high"):
        out[c] = out[c].astype(float)
    out["labels_binding"] = out["labels_binding"].astype(bool)
    return out


def national_for(years: Iterable[int], corpus_dir: str | Path | None = None) -> list[Analysis]:
    """The national reports of the given years from a folder (default the project's
    ``data/raw/national``), each found by the one year its file name holds
    (``national-2017.txt``), analysed; a year without a report, or a folder that does not
    exist, gives none."""
    from .context import default_corpus_dir
    from .corpus import is_folder
    from .pipeline import analyse

    wanted = {int(y) for y in years}
    found: list[Analysis] = []
    folder = corpus_dir or default_corpus_dir()
    if not is_folder(folder):
        return found
    for path in list_reports(folder):
        years_in_name = set(re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", path.name))
        if len(years_in_name) == 1 and int(years_in_name.pop()) in wanted:
            found.append(analyse(path))
    return found


def same_region_pair(
    report: Analysis, others: Sequence[Analysis]
) -> tuple[Analysis, Analysis] | None:
    """``report`` and the first of ``others`` from the same region (:func:`province_of`) but
    another year, older first; ``None`` when there is none (or the region is unknown)."""
    region, year = province_of(report.report), year_of(report.report)
    if not region:
        return None
    for a in others:
        y = year_of(a.report)
        if province_of(a.report) == region and y is not None and year is not None and y != year:
            return (report, a) if year < y else (a, report)
    return None


def shift_tables(
    report_path: str | Path,
    folder: str | Path,
    *,
    national_dir: str | Path | None = None,
    lexicon: pd.DataFrame | None = None,
) -> dict[str, pd.DataFrame]:
    """The derived tables of one region across two years: the report at ``report_path`` and
    the report of the same region in ``folder`` (another year), with the national reports of
    the two years from ``national_dir``: ``provinces_shift.csv`` (:func:`theme_shift`) and
    ``provinces_vocabulary.csv`` (:func:`vocabulary_shift`). Both tables are empty, with their
    columns, when the folder holds no report of the region from another year."""
    from .pipeline import analyse

    analyses, _ = analyse_folder(folder)
    pair = same_region_pair(analyse(report_path), analyses)
    if pair is None:
        vocab_cols = ["theme", "subtheme", "term", "old_count", "new_count"]
        return {
            "provinces_shift.csv": pd.DataFrame(columns=SHIFT_COLUMNS),
            "provinces_vocabulary.csv": pd.DataFrame(
                columns=[*vocab_cols, "old_per_1000", "new_per_1000", "status"]
            ),
        }
    years = [year_of(a.report) for a in pair]
    nat = sorted(
        national_for([y for y in years if y is not None], national_dir),
        key=lambda a: year_of(a.report) or 0,
    )
    national = (nat[0], nat[1]) if len(nat) == 2 else None
    return {
        "provinces_shift.csv": theme_shift(*pair, national=national, lexicon=lexicon),
        "provinces_vocabulary.csv": vocabulary_shift(*pair, national=national, lexicon=lexicon),
    }


def province_tables(
    folder: str | Path,
    *,
    national_dir: str | Path | None = None,
    group: Iterable[str] = (),
    lexicon: pd.DataFrame | None = None,
    gold: str | Path | None = None,
) -> dict[str, pd.DataFrame]:
    """The derived tables of a folder of reports, by file name: ``provinces_themes.csv``
    (:func:`province_themes`, with ``group``), ``provinces_main_targets.csv``
    (:func:`main_targets`, with the national reports of the same years from
    ``national_dir`` as reference rows), ``provinces_binding_targets.csv``
    (:func:`binding_targets`) and, given a hand annotation of the main targets (``gold``, a
    CSV file as :func:`evaluate_main_targets` reads it) that covers files of the folder,
    ``provinces_main_targets_evaluation.csv`` (:func:`agreement`, per indicator and kind)."""
    analyses, _ = analyse_folder(folder)
    years = {y for y in (year_of(a.report) for a in analyses) if y is not None}
    national = national_for(years, national_dir)
    main = main_targets(analyses, national=national)
    tables = {
        "provinces_themes.csv": province_themes(analyses, lexicon=lexicon, group=group),
        "provinces_main_targets.csv": main,
        "provinces_binding_targets.csv": binding_targets(analyses),
    }
    if gold is not None and Path(gold).is_file():
        g = pd.read_csv(gold, dtype=str, keep_default_na=False)
        g = g[g["file"].isin(main["file"])]
        if len(g):
            tables["provinces_main_targets_evaluation.csv"] = agreement(
                evaluate_main_targets(main, g)
            )
    return tables
