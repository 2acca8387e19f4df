"""Fair comparisons with the centre: corpus genre, genre core, timing, targets, shares.

A provincial report set beside the State Council's is set beside a different document: one
that speaks for the whole country, gives sections to diplomacy, defence, Hong Kong, Macau,
Taiwan and ethnic and religious affairs, is delivered weeks later, and counts and labels its
targets by its own conventions. The functions here make each of these differences explicit,
so that a comparison says what it can:

- **Corpus** — :func:`load_genre` reads the hand-checked genre of every national file
  (``data/annotations/national_genre.csv``), :func:`work_reports_only` restricts a national
  series to the premier's government work reports, and :func:`genre_ranks` places a value
  among all files and among the work reports only.
- **Genre core** — :func:`core_paragraphs` finds the paragraphs about foreign affairs,
  defence, Hong Kong/Macau/Taiwan and ethnic and religious affairs by a rule on headings and
  paragraph openings (:data:`CORE_TOPICS`), and :func:`core_rates` measures the themes on
  what remains, beside the full text (how much of the gap that explains).
- **Timing** — :func:`influence_direction` says, from the two delivery dates, which way
  influence can run; :func:`echo_table` measures the book's "echo" (subthemes and lexicon
  terms shared) against the national report of the year before and of the same year.
- **Targets** — :func:`classify_targets` gives every extracted target a reason to be left
  out, or none, under one definition (:data:`TARGET_DEFINITIONS`), :func:`count_targets`
  counts them, :func:`binding_indicators` counts the indicators a report labels binding (named
  and with a figure), and :func:`literature_firmness` codes hedges as the target-setting
  literature does (hard and soft constraints).
- **Shares** — :func:`pair_with_national` sets each result or target beside the national
  one for the same indicator and year, and :func:`national_shares` sets each share of a
  national target beside the share of the national result of the year before.
- **Dashboard** — :func:`indicator_role` (ceiling or ambition), :func:`is_programme`
  (programme names are not indicators), :func:`dashboard` (changes in percentage points for
  rates) and :func:`gdp_target_history`.

:func:`centre_tables` returns the derived tables by file name.
"""

from __future__ import annotations

import csv
import dataclasses
import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from .constants import THEMES
from .errors import ReportFormatError
from .pipeline import Analysis
from .resources import data_dir
from .targets import FIGURE_COLUMNS

__all__ = [
    "BINDING_COLUMNS",
    "CORE_RATE_COLUMNS",
    "CORE_TOPICS",
    "DASHBOARD_COLUMNS",
    "DIRECTION_SENTENCES",
    "ECHO_COLUMNS",
    "GDP_COLUMNS",
    "GENRE_COLUMNS",
    "NATIONAL_SHARE_COLUMNS",
    "SHARED_TERM_COLUMNS",
    "SHARE_COLUMNS",
    "TARGET_DEFINITIONS",
    "WORK_REPORT_GENRES",
    "binding_indicators",
    "centre_tables",
    "classify_targets",
    "core_analysis",
    "core_paragraphs",
    "core_rates",
    "count_targets",
    "dashboard",
    "default_genre_path",
    "echo_status",
    "echo_summary",
    "echo_table",
    "firmness_table",
    "gdp_rows",
    "gdp_target_history",
    "genre_ranks",
    "heading_topic",
    "indicator_role",
    "influence_direction",
    "is_programme",
    "literature_firmness",
    "load_genre",
    "national_counterparts",
    "national_shares",
    "opening_sentence",
    "pair_with_national",
    "same_file",
    "sentence_topic",
    "shared_terms",
    "target_counts",
    "target_exclusion",
    "topic_of",
    "work_reports_only",
]

# --- 1. corpus genre ----------------------------------------------------------------------------

GENRE_COLUMNS = ["file", "year", "genre", "evidence", "counts", "note"]
"""The columns of ``data/annotations/national_genre.csv`` (see its README section)."""

WORK_REPORT_GENRES = {
    "all": ("government work report", "five-year plan report (premier)"),
    "strict": ("government work report",),
}
"""The genres a file may have to count as a premier's government work report. ``all`` takes
the premier's five-year-plan reports that were the session's report on the government's work
(1982, 1986, 1996, 2001); ``strict`` only the reports that call themselves 政府工作报告 or
报告政府工作. The ``counts`` column of the genre file is the ``all`` reading."""


def default_genre_path() -> Path:
    """The project's genre annotation of the national corpus."""
    return data_dir() / "annotations" / "national_genre.csv"


def load_genre(path: str | Path | None = None) -> pd.DataFrame:
    """The genre of every file of the national corpus, as annotated by hand.

    Columns :data:`GENRE_COLUMNS`; ``counts`` is ``yes`` or ``no``. Raises
    :class:`~workreport.errors.ReportFormatError` (naming the file) when the file is missing,
    lacks a column, or has a ``counts`` other than yes/no or a file listed twice.
    """
    p = Path(path) if path is not None else default_genre_path()
    try:
        with p.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
    except (OSError, UnicodeDecodeError) as exc:
        raise ReportFormatError(p, f"cannot read the genre annotation ({exc})") from None
    missing = [c for c in GENRE_COLUMNS if not rows or c not in rows[0]]
    if missing:
        raise ReportFormatError(p, f"genre annotation without column(s) {', '.join(missing)}")
    df = pd.DataFrame(rows, columns=GENRE_COLUMNS)
    bad = sorted(set(df["counts"]) - {"yes", "no"})
    if bad:
        raise ReportFormatError(p, f"counts must be yes or no, not {', '.join(bad)}")
    if df["file"].duplicated().any():
        raise ReportFormatError(
            p, f"file listed twice: {df.loc[df['file'].duplicated(), 'file'].iloc[0]}"
        )
    return df.assign(year=df["year"].astype(int))


def work_reports_only(
    series: pd.DataFrame, genre: pd.DataFrame, *, strict: bool = False
) -> pd.DataFrame:
    """The rows of a national series (one row per ``file``) that are the premier's government
    work reports by the genre annotation: ``counts == "yes"``, and with ``strict`` only the
    genre ``government work report`` (see :data:`WORK_REPORT_GENRES`).

    A file of the series that the annotation does not list is dropped too (its genre is not
    known): compare the lengths to see how many.

    Examples
    --------
    >>> s = pd.DataFrame({"file": ["a.txt", "b.txt", "c.txt", "d.txt"], "x": [1, 2, 3, 4]})
    >>> g = pd.DataFrame({"file": ["a.txt", "b.txt", "c.txt"], "counts": ["yes", "no", "yes"],
    ...                   "genre": ["government work report", "plan report",
    ...                             "five-year plan report (premier)"]})
    >>> work_reports_only(s, g)["file"].tolist(), work_reports_only(s, g, strict=True)["x"].tolist()
    (['a.txt', 'c.txt'], [1])
    """
    allowed = WORK_REPORT_GENRES["strict" if strict else "all"]
    ok = genre[(genre["counts"] == "yes") & genre["genre"].isin(allowed)]
    return series[series["file"].isin(set(ok["file"]))]


def _percentile(value: float, col: pd.Series) -> tuple[float, int, int]:
    """Mid-rank percentile of ``value`` among ``col`` (NaN ignored), reports below, reports."""
    v = col.astype(float).dropna().to_numpy()
    if not len(v) or np.isnan(value):
        return float("nan"), 0, len(v)
    pct = 100 * ((v < value).sum() + 0.5 * (v == value).sum()) / len(v)
    return float(pct), int((v < value).sum()), len(v)


def genre_ranks(
    series: pd.DataFrame, values: Mapping[str, float], genre: pd.DataFrame
) -> pd.DataFrame:
    """Where each value (by column of the series: ``energy_per_1000``…) stands among the
    loaded files of the series, among the premier's work reports (:func:`work_reports_only`)
    and among the strict work reports: one row per measure and corpus, with ``reports``,
    ``reports_below``, the mid-rank ``percentile`` and the corpus ``median``.

    Examples
    --------
    >>> s = pd.DataFrame({"file": ["a", "b", "c"], "status": ["ok"] * 3, "m": [1.0, 5.0, 2.0]})
    >>> g = pd.DataFrame({"file": ["a", "b", "c"], "counts": ["yes", "no", "yes"],
    ...                   "genre": ["government work report", "plan report",
    ...                             "government work report"]})
    >>> genre_ranks(s, {"m": 3.0}, g)[["corpus", "reports", "reports_below"]].values.tolist()
    [['all files', 3, 2], ['work reports', 2, 2], ['work reports (strict)', 2, 2]]
    """
    ok = series[series["status"] == "ok"]
    corpora = {
        "all files": ok,
        "work reports": work_reports_only(ok, genre),
        "work reports (strict)": work_reports_only(ok, genre, strict=True),
    }
    rows = []
    for measure, value in values.items():
        for name, df in corpora.items():
            pct, below, n = _percentile(float(value), df[measure])
            rows.append(
                {
                    "measure": measure,
                    "value": float(value),
                    "corpus": name,
                    "reports": n,
                    "reports_below": below,
                    "percentile": pct,
                    "median": float(df[measure].astype(float).median()),
                }
            )
    return pd.DataFrame(rows)


# --- 2. the genre core of a national report -----------------------------------------------------

CORE_TOPICS = {
    "foreign": (
        "外交",
        "国际形势",
        "国际秩序",
        "世界和平",
        "和平发展道路",
        "对外政策",
        "对外关系",
        "国际关系",
    ),
    "defence": ("国防", "军队", "强军", "人民解放军", "武装力量", "武装警察"),
    "hk_macau_taiwan": (
        "一国两制",
        "港人治港",
        "澳人治澳",
        "特别行政区",
        "港澳",
        "香港",
        "澳门",
        "台湾",
        "对台",
        "两岸",
        "祖国统一",
        "和平统一",
        "统一大业",
    ),
    "ethnic_religious": (
        "民族区域自治",
        "民族政策",
        "民族团结",
        "多民族",
        "少数民族",
        "民族工作",
        "宗教",
        "侨务",
        "侨胞",
    ),
}
"""The topics the genre core leaves out, each with the cue words that mark it (in a heading
or in the opening sentence of a paragraph). 对外开放 (opening up, an economic policy) and
民族复兴 (national rejuvenation) are deliberately not cues."""

_ADDRESS = re.compile(r"^(?:各位代表|同志们|代表们)[！!：:，,]\s*")
_CLAUSES = re.compile(r"[，,、；;：:]")


def _str(v: object) -> str:
    """A cell as text: missing values (None, NaN, NA) become ``""``."""
    if isinstance(v, str):
        return v
    return "" if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)) else str(v)


def topic_of(text: str) -> str:
    """The first topic of :data:`CORE_TOPICS` whose cue ``text`` holds, or ``""``.

    >>> topic_of("我们要全面贯彻党的宗教工作基本方针"), topic_of("积极主动扩大对外开放")
    ('ethnic_religious', '')
    """
    for topic, cues in CORE_TOPICS.items():
        if any(c in text for c in cues):
            return topic
    return ""


def sentence_topic(sentence: str) -> str:
    """The topic of a sentence: that of its first clause (split at ，；：) holding a cue of
    :data:`CORE_TOPICS`, unless that clause is an enumeration (items split at 、 and 和) in
    which fewer than half of the items hold a cue — a list such as 科技、教育、文化、卫生、体育和
    国防建设 names the topic in passing and is not about it.

    >>> sentence_topic("过去一年，中国特色大国外交卓有成效。")
    'foreign'
    >>> sentence_topic("我国科技、教育、文化、卫生、体育和国防建设等项事业获得了新的发展。")
    ''
    """
    for clause in re.split(r"[，,；;：:]", sentence):
        topic = topic_of(clause)
        if not topic:
            continue
        items = [i for i in re.split(r"、|和(?!平)", clause) if i.strip()]
        if len(items) >= 3 and 2 * sum(bool(topic_of(i)) for i in items) < len(items):
            return ""
        return topic
    return ""


def heading_topic(title: str) -> str:
    """The topic of a heading when the whole heading is about it: every clause of the title
    (split at ，、；：) holds a cue of one of :data:`CORE_TOPICS`; ``""`` for a heading that
    also names something else (加强精神文明和民主法制建设，加强国防建设 is left to the
    paragraph rule).

    >>> heading_topic("关于国际形势和外交工作"), heading_topic("积极促进祖国和平统一大业")
    ('foreign', 'hk_macau_taiwan')
    >>> heading_topic("加强精神文明和民主法制建设，加强国防建设")
    ''
    """
    clauses = [c for c in _CLAUSES.split(str(title or "")) if c.strip()]
    topics = [topic_of(c) for c in clauses]
    return topics[0] if topics and all(topics) else ""


def opening_sentence(text: str) -> str:
    """A paragraph's first sentence (to the first 。！？), after an address such as
    各位代表！.

    >>> opening_sentence("各位代表！我国是统一的多民族国家。要坚持……")
    '我国是统一的多民族国家。'
    """
    body = _ADDRESS.sub("", str(text).lstrip())
    m = re.search(r"[。！？!?]", body)
    return body[: m.end()] if m else body


def core_paragraphs(report_paragraphs: pd.DataFrame) -> pd.DataFrame:
    """Which body paragraphs of a report belong to its genre core, by a rule on headings and
    paragraph openings, the same for every year:

    1. a paragraph under a part or section heading that is wholly about a topic of
       :data:`CORE_TOPICS` (:func:`heading_topic`) is left out, with that topic;
    2. a heading paragraph is left out only by the heading rule; any other body paragraph
       whose opening sentence (:func:`opening_sentence`) is about a topic
       (:func:`sentence_topic`) is left out, with that topic;
    3. everything else is kept. A paragraph that continues a left-out topic without a cue in
       its opening sentence is kept (the rule errs on keeping text).

    The cues and the list exception were written while reading national 2016 and 2017 and
    refined on 1957, 1984, 1990, 1996, 2001, 2008, 2012, 2022 and 2025 (development set);
    1979, 1993, 2005, 2013 and 2019 were read afterwards as a check (held out), where the
    rule misses foreign-affairs paragraphs under a heading it does not read as wholly about
    them (1979: 反对霸权主义、维护世界和平) and paragraphs whose topic comes in the second
    sentence.

    ``report_paragraphs`` is ``Report.paragraphs``. Returns its body paragraphs (``part`` > 0,
    headings included) with ``paragraph_id``, ``core`` (bool), ``topic`` (``""`` when kept)
    and ``rule`` (``heading``, ``opening`` or ``""``).
    """
    p = report_paragraphs[report_paragraphs["part"] > 0]
    rows = []
    for pid, section, part, role, text in zip(
        p["paragraph_id"], p["section_title"], p["part_title"], p["role"], p["text"], strict=True
    ):
        by_heading = heading_topic(_str(section)) or heading_topic(_str(part))
        if not by_heading and _str(role).endswith("heading"):
            by_heading = heading_topic(_str(text))  # a heading paragraph: the heading rule only
            by_opening = ""
        else:
            by_opening = "" if by_heading else sentence_topic(opening_sentence(_str(text)))
        topic = by_heading or by_opening
        rows.append(
            {
                "paragraph_id": int(pid),
                "core": not topic,
                "topic": topic,
                "rule": "heading" if by_heading else ("opening" if by_opening else ""),
            }
        )
    return pd.DataFrame(rows, columns=["paragraph_id", "core", "topic", "rule"])


def core_analysis(a: Analysis) -> Analysis:
    """The same analysis with the paragraphs outside the genre core (:func:`core_paragraphs`)
    moved out of the body (their ``part`` set to 0), so that every body measure (theme
    rates, :func:`workreport.context.compare_rates`) is over the core only. Tokens, matches and
    targets are not changed; the report's text is the same."""
    core = core_paragraphs(a.report.paragraphs)
    out_ids = set(core.loc[~core["core"], "paragraph_id"])
    paras = a.report.paragraphs.copy()
    paras.loc[paras["paragraph_id"].isin(out_ids), "part"] = 0
    return dataclasses.replace(a, report=dataclasses.replace(a.report, paragraphs=paras))


CORE_RATE_COLUMNS = [
    "theme",
    "report_rate",
    "report_core_rate",
    "national_rate",
    "national_core_rate",
    "ratio",
    "ratio_ci_low",
    "ratio_ci_high",
    "core_ratio",
    "core_ratio_ci_low",
    "core_ratio_ci_high",
    "gap",
    "core_gap",
    "gap_explained_pct",
    "report_words_left_out_pct",
    "national_words_left_out_pct",
]
"""The columns of :func:`core_rates`."""


def _body_words(a: Analysis) -> int:
    body = a.report.paragraphs.loc[a.report.paragraphs["part"] > 0, "paragraph_id"]
    t = a.tokens
    return int(((~t["is_punct"]) & t["paragraph_id"].isin(set(body))).sum())


def core_rates(a: Analysis, b: Analysis, *, draws: int = 2000, seed: int = 2017) -> pd.DataFrame:
    """Each theme's rate (matches per 1,000 body words) in report ``a`` and national report
    ``b``, on the full body and on the genre core (:func:`core_analysis`, the same rule
    applied to both), with the ratio a/b and its paragraph-bootstrap interval both ways
    (:func:`workreport.context.compare_rates`).

    ``gap`` is ``a``'s rate minus ``b``'s, ``core_gap`` the same on the cores, and
    ``gap_explained_pct`` the share of the gap that the genre difference explains,
    100 × (gap − core_gap) / gap. ``*_words_left_out_pct``: the share of each body's words
    outside the core. One row per theme; columns :data:`CORE_RATE_COLUMNS`.
    """
    from .context import compare_rates

    ca, cb = core_analysis(a), core_analysis(b)
    full = compare_rates(a, b, draws=draws, seed=seed)
    core = compare_rates(ca, cb, draws=draws, seed=seed)
    full = full[full["level"] == "theme"].set_index("name")
    core = core[core["level"] == "theme"].set_index("name")
    left_a = 100 * (1 - _body_words(ca) / max(_body_words(a), 1))
    left_b = 100 * (1 - _body_words(cb) / max(_body_words(b), 1))
    rows = []
    for t in full.index:
        f, c = full.loc[t], core.loc[t]
        gap = f["report_value"] - f["national_value"]
        core_gap = c["report_value"] - c["national_value"]
        rows.append(
            {
                "theme": t,
                "report_rate": f["report_value"],
                "report_core_rate": c["report_value"],
                "national_rate": f["national_value"],
                "national_core_rate": c["national_value"],
                "ratio": f["ratio"],
                "ratio_ci_low": f["ratio_ci_low"],
                "ratio_ci_high": f["ratio_ci_high"],
                "core_ratio": c["ratio"],
                "core_ratio_ci_low": c["ratio_ci_low"],
                "core_ratio_ci_high": c["ratio_ci_high"],
                "gap": gap,
                "core_gap": core_gap,
                "gap_explained_pct": 100 * (gap - core_gap) / gap if gap else float("nan"),
                "report_words_left_out_pct": left_a,
                "national_words_left_out_pct": left_b,
            }
        )
    return pd.DataFrame(rows, columns=CORE_RATE_COLUMNS)


# --- 3. timing: what can echo what ------------------------------------------------------------


def _as_date(value: object) -> date | None:
    """A ``YYYY-MM-DD`` string (a report's delivery date) as a date, else None."""
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def influence_direction(report_date: object, national_date: object) -> str:
    """Which way influence can run between a report and a national report, from their
    delivery dates (``YYYY-MM-DD``): one of

    - ``"centre to report"``: the national report was delivered first, so the report can
      echo it (and not the other way);
    - ``"report to centre"``: the report was delivered first, so it cannot echo that national
      text; what they share comes from earlier common sources (the Party's decisions, the
      five-year plan, the previous national report), or ran from the province to the centre;
    - ``"same day"`` or ``"unknown"`` (a date missing).

    >>> influence_direction("2017-01-14", "2016-03-05")
    'centre to report'
    >>> influence_direction("2017-01-14", "2017-03-05")
    'report to centre'
    """
    r, n = _as_date(report_date), _as_date(national_date)
    if r is None or n is None:
        return "unknown"
    if n < r:
        return "centre to report"
    return "report to centre" if r < n else "same day"


DIRECTION_SENTENCES = {
    "centre to report": (
        "The national report of {nyear} was delivered on {ndate}, before the report ({rdate}): "
        "what the two share can echo the centre's text."
    ),
    "report to centre": (
        "The national report of {nyear} was delivered on {ndate}, after the report ({rdate}): "
        "the report cannot echo that text; what they share comes from earlier common sources, "
        "or ran from the province to the centre."
    ),
    "same day": "The two reports were delivered on the same day ({rdate}).",
    "unknown": "The delivery dates are not both known: the order cannot be told.",
}
"""The sentence for each value of :func:`influence_direction` (``str.format`` fields
``nyear``, ``ndate``, ``rdate``)."""


def echo_status(report_matches: int, national_matches: int, low: float, high: float) -> str:
    """The book's reading of one subtheme of two reports: ``own`` (only the report has it, or
    the ratio's interval lies above 1), ``less`` (only the national report has it, or the
    interval lies below 1), ``shared`` (both, interval including 1: the report echoes the
    centre) or ``neither``.

    >>> echo_status(3, 0, float("nan"), float("nan")), echo_status(5, 4, 0.5, 2.0)
    ('own', 'shared')
    >>> echo_status(0, 2, float("nan"), float("nan")), echo_status(1, 9, 0.1, 0.8)
    ('less', 'less')
    """
    if report_matches == 0 and national_matches == 0:
        return "neither"
    if national_matches == 0 or low > 1:
        return "own"
    if report_matches == 0 or high < 1:
        return "less"
    return "shared"


ECHO_COLUMNS = [
    "national",
    "national_year",
    "direction",
    "subtheme",
    "theme",
    "report_matches",
    "national_matches",
    "ratio",
    "ratio_ci_low",
    "ratio_ci_high",
    "echo",
]
"""The columns of :func:`echo_table`."""


def echo_table(
    a: Analysis, nationals: Mapping[str, Analysis], *, draws: int = 2000, seed: int = 2017
) -> pd.DataFrame:
    """The book's "echo" of each subtheme (:func:`echo_status` on
    :func:`workreport.context.compare_rates`) of report ``a`` against each national report of
    ``nationals`` (label → analysis; typically the year before and the same year), with the
    direction influence can run (:func:`influence_direction`). Columns :data:`ECHO_COLUMNS`,
    one row per national report and subtheme."""
    from .context import compare_rates

    rows = []
    for label, b in nationals.items():
        direction = influence_direction(a.report.date, b.report.date)
        r = compare_rates(a, b, draws=draws, seed=seed)
        for s in r[r["level"] == "subtheme"].to_dict("records"):
            mine, theirs = int(s["report_matches"]), int(s["national_matches"])
            low, high = float(s["ratio_ci_low"]), float(s["ratio_ci_high"])
            rows.append(
                {
                    "national": label,
                    "national_year": b.report.year,
                    "direction": direction,
                    "subtheme": s["name"],
                    "theme": s["theme"],
                    "report_matches": mine,
                    "national_matches": theirs,
                    "ratio": s["ratio"],
                    "ratio_ci_low": low,
                    "ratio_ci_high": high,
                    "echo": echo_status(mine, theirs, low, high),
                }
            )
    return pd.DataFrame(rows, columns=ECHO_COLUMNS)


SHARED_TERM_COLUMNS = [
    "national",
    "theme",
    "report_terms",
    "shared_terms",
    "report_matches",
    "shared_matches",
    "shared_matches_pct",
]
"""The columns of :func:`shared_terms`."""


def shared_terms(a: Analysis, nationals: Mapping[str, Analysis]) -> pd.DataFrame:
    """The vocabulary side of echo: for each national report and theme, how many distinct
    lexicon terms report ``a`` uses (``report_terms``), how many of them the national report
    uses too (``shared_terms``), and the share of ``a``'s matches that are of such terms
    (``shared_matches_pct``). Columns :data:`SHARED_TERM_COLUMNS`."""
    rows = []
    themes = [t for t in THEMES if t in set(a.matches["theme"])] if len(a.matches) else []
    for label, b in nationals.items():
        for t in themes:
            mine = a.matches[a.matches["theme"] == t]["term"]
            theirs = set(b.matches.loc[b.matches["theme"] == t, "term"])
            shared = mine.isin(theirs)
            rows.append(
                {
                    "national": label,
                    "theme": t,
                    "report_terms": int(mine.nunique()),
                    "shared_terms": int(mine[shared].nunique()),
                    "report_matches": len(mine),
                    "shared_matches": int(shared.sum()),
                    "shared_matches_pct": 100 * float(shared.mean()) if len(mine) else np.nan,
                }
            )
    return pd.DataFrame(rows, columns=SHARED_TERM_COLUMNS)


def echo_summary(echo: pd.DataFrame, terms: pd.DataFrame) -> pd.DataFrame:
    """One row per national report of :func:`echo_table`: its year and direction, the numbers
    of subthemes ``shared``, ``own``, ``less`` and present in either report, the shared
    subthemes by name, and the share of the report's theme matches whose term the national
    report uses too (from :func:`shared_terms`)."""
    rows = []
    for label, e in echo.groupby("national", sort=False):
        t = terms[terms["national"] == label]
        n = int(t["report_matches"].sum())
        rows.append(
            {
                "national": label,
                "national_year": e["national_year"].iloc[0],
                "direction": e["direction"].iloc[0],
                "subthemes": int((e["echo"] != "neither").sum()),
                "shared": int((e["echo"] == "shared").sum()),
                "own": int((e["echo"] == "own").sum()),
                "less": int((e["echo"] == "less").sum()),
                "shared_subthemes": "; ".join(e.loc[e["echo"] == "shared", "subtheme"]),
                "shared_matches_pct": 100 * t["shared_matches"].sum() / n if n else np.nan,
            }
        )
    return pd.DataFrame(rows)


# --- 4. what counts as a target ---------------------------------------------------------------

TARGET_DEFINITIONS = {
    "extracted": "every quantity the extractor reads as a target (kind == 'target')",
    "commitment": (
        "a target the report sets for its own year or later: not an expectation of a past "
        "year quoted in the review, not the starting value of a 'from X to Y' pair, not a "
        "forecast (a figure after 预计/预测/估计/预估 in its sentence), and not a repeat of "
        "a target stated earlier (same value, unit and period, one indicator the start of "
        "the other). An uncued statement of the year's circumstances (今年高校毕业生795万人) "
        "is not recognised as a forecast and stays counted"
    ),
}
"""The definitions :func:`count_targets` knows. The book uses ``commitment`` everywhere."""

_FORECAST = re.compile(r"预计|预测|估计|预估")
_FROM = re.compile(r"[由从][^，,。；;：:]{0,20}$")
_TO = re.compile(r"^[^，,。；;\d]{0,6}?(?:到|至)")


def _period_end(period: object) -> int | None:
    """The last year of a period (``2016``, ``2016-2020``), else None.

    >>> _period_end("2016-2020"), _period_end("2017"), _period_end("")
    (2020, 2017, None)
    """
    years = re.findall(r"(?:19|20)\d{2}", str(period or ""))
    return int(years[-1]) if years else None


def _sentence_before(text: str, start: int) -> str:
    """The part of the sentence of ``text`` that comes before position ``start``."""
    head = text[:start]
    cut = max(head.rfind(c) for c in "。！？!?\n")
    return head[cut + 1 :]


def target_exclusion(row: Mapping, text: str, *, report_year: int | None) -> str:
    """Why a target row (a row of :func:`workreport.targets.extract_targets`) is not a
    ``commitment`` (:data:`TARGET_DEFINITIONS`), or ``""``: ``past year``, ``starting
    value``, ``forecast``. ``text`` is the report's text (``Report.text``), in which the row's
    ``start`` and ``end`` are offsets. Repeats are found by :func:`classify_targets`, which
    sees all the rows."""
    end_year = _period_end(row.get("period"))
    if report_year is not None and end_year is not None and end_year < report_year:
        return "past year"
    start, end = int(row["start"]), int(row["end"])
    before = _sentence_before(text, start)
    clause_before = re.split(r"[，,；;：:]", before)[-1]
    after = text[end : end + 12]
    if _FROM.search(clause_before) and _TO.search(after):
        return "starting value"
    if _FORECAST.search(before):
        return "forecast"
    return ""


def _same_target(x: Mapping, y: Mapping) -> bool:
    """Two target rows state the same target: same value, unit and period, and one
    indicator begins with the other (地区生产总值增速 and 地区生产总值)."""
    a, b = str(x["indicator"]), str(y["indicator"])
    same_value = x["value"] == y["value"] or (pd.isna(x["value"]) and pd.isna(y["value"]))
    return (
        bool(a and b)
        and same_value
        and x["unit"] == y["unit"]
        and str(x["period"]) == str(y["period"])
        and (a.startswith(b) or b.startswith(a))
    )


def classify_targets(targets: pd.DataFrame, text: str, *, report_year: int | None) -> pd.DataFrame:
    """The target rows of a targets table (kind ``target``), each with ``left_out``: why it
    is not a ``commitment`` (:func:`target_exclusion`, or ``repeat`` when an earlier row states
    the same target: same value, unit and period, one indicator the start of the other),
    ``""`` for a commitment.

    The rule was written on Shanxi 2017 and national 2017 and narrowed (forecasts by cue
    words only) after reading its output on national 1998, 2008, 2016, 2020 and 2024; it was
    checked afterwards on 2003, 2010, 2015 and 2022, where every exclusion follows the
    definition given the extractor's period (two figures of 2015, 赤字率从去年的2.1%提高到2.3%,
    carry the period of 去年, so the 2.3% target counts as a past year's)."""
    tg = targets[targets["kind"] == "target"]
    rows = tg.to_dict("records")
    reasons = []
    for i, r in enumerate(rows):
        why = target_exclusion(r, text, report_year=report_year)
        if not why and any(
            _same_target(r, q) for q in rows[:i] if q["paragraph_id"] != r["paragraph_id"]
        ):
            why = "repeat"
        reasons.append(why)
    return tg.assign(left_out=reasons)


def count_targets(
    targets: pd.DataFrame,
    *,
    definition: str = "commitment",
    text: str = "",
    report_year: int | None = None,
) -> int:
    """How many targets a targets table holds by one of :data:`TARGET_DEFINITIONS`:
    ``extracted`` (every row of kind ``target``) or ``commitment`` (the rows
    :func:`classify_targets` keeps; needs the report's ``text`` and ``report_year``).

    >>> t = pd.DataFrame({"kind": ["target", "result"]})
    >>> count_targets(t, definition="extracted")
    1
    """
    if definition not in TARGET_DEFINITIONS:
        raise ValueError(
            f"definition must be one of {', '.join(TARGET_DEFINITIONS)}, not {definition!r}"
        )
    if definition == "extracted":
        return int((targets["kind"] == "target").sum())
    if not text:
        raise ValueError("count_targets(definition='commitment') needs the report's text=")
    c = classify_targets(targets, text, report_year=report_year)
    return int((c["left_out"] == "").sum())


_BINDING_LIST = re.compile(r"约束性(?:指标|目标)(?:是|为|包括|有)[：:]?")
_GROUP = re.compile(r"^[^，,、。；;]{1,8}方面$")
_ABOUT_ITEMS = re.compile(r"^(?:完成|实现|确保|达到)[^、]*(?:任务|目标|要求)$")

BINDING_COLUMNS = ["paragraph_id", "group", "indicator", "start", "end", "with_figure"]
"""The columns of :func:`binding_indicators`."""


def binding_indicators(
    report_text: str, paragraphs: pd.DataFrame, targets: pd.DataFrame
) -> pd.DataFrame:
    """The indicators a report labels binding in a list (约束性指标是…/包括…), one row per
    indicator named, and whether the report gives it a figure.

    The list runs from the cue to the end of its paragraph. It is cut into clauses at ，；。
    and each clause into items at 、; a clause that only names a group (资源节约方面) is a
    heading, not an item (the items after it get it as ``group``); 包括 opening a clause is
    dropped; a clause that says what is to be done with the items (完成国家下达任务) is not
    an item. ``with_figure``: a quantity of ``targets`` (the report's targets table) starts
    inside the item. Columns :data:`BINDING_COLUMNS` (``start``/``end``: offsets in the text).
    """
    rows = []
    starts = targets["start"].to_numpy() if len(targets) else np.array([], dtype=int)
    for pid, p_start, text in zip(
        paragraphs["paragraph_id"], paragraphs["start"], paragraphs["text"], strict=True
    ):
        m = _BINDING_LIST.search(str(text))
        if not m:
            continue
        group = ""
        for c in re.finditer(r"[^，,；;。]+", str(text)[m.end() :]):
            clause, c_start = c.group(0), int(p_start) + m.end() + c.start()
            head = re.match(r"^(?:包括|主要有|其中)", clause)
            if head:
                clause, c_start = clause[head.end() :], c_start + head.end()
            if _GROUP.match(clause):
                group = clause[: -len("方面")]
                continue
            if not clause.strip() or _ABOUT_ITEMS.match(clause):
                continue
            for it in re.finditer(r"[^、]+", clause):
                s, e = c_start + it.start(), c_start + it.end()
                rows.append(
                    {
                        "paragraph_id": int(pid),
                        "group": group,
                        "indicator": it.group(0),
                        "start": s,
                        "end": e,
                        "with_figure": bool(((starts >= s) & (starts < e)).any()),
                    }
                )
    return pd.DataFrame(rows, columns=BINDING_COLUMNS)


_HARD = (
    "确保",
    "力争",
    "以上",
    "不低于",
    "不少于",
    "超过",
    "突破",
    "以内",
    "以下",
    "之内",
    "不超过",
)
_SOFT = ("左右", "约", "近", "上下", "大约")


def literature_firmness(qualifier: str) -> str:
    """A target's hedge coded as in the target-setting literature: ``hard`` (a bound or a
    pledge: 以上, 不低于, 确保, 力争, and the caps 以内/不超过), ``soft`` (左右, 约: an
    approximate figure), ``mixed`` (both, as in 力争…左右), ``plain`` (no hedge).

    The package's own scale (:data:`workreport.constants.FIRMNESS`) differs in one respect:
    it ranks 力争 (``aspiration``) below 确保 (``guarantee``) and apart from the floors, where
    the literature counts all three as hard; caps are ``ceiling`` there, hard here.

    >>> [literature_firmness(q) for q in ("以上", "确保", "力争", "左右", "力争+左右", "")]
    ['hard', 'hard', 'hard', 'soft', 'mixed', 'plain']
    """
    words = [w for w in re.split(r"\+", str(qualifier or "")) if w]
    hard = any(w in _HARD for w in words)
    soft = any(w in _SOFT for w in words)
    if hard and soft:
        return "mixed"
    return "hard" if hard else ("soft" if soft else "plain")


def firmness_table(commitments: pd.DataFrame) -> pd.DataFrame:
    """The commitments (:func:`classify_targets` rows kept) by the package's firmness and by
    the literature's coding (:func:`literature_firmness`): one row per pair that occurs, with
    ``targets``."""
    t = commitments.assign(literature=commitments["qualifier"].map(literature_firmness))
    out = t.groupby(["firmness", "literature"]).size().rename("targets").reset_index()
    return out.sort_values(["literature", "firmness"], kind="stable").reset_index(drop=True)


# --- 5. shares of the national figure ---------------------------------------------------------

SHARE_COLUMNS = [
    "kind",
    "year",
    "indicator",
    "verb",
    "national_indicator",
    "national_verb",
    "value",
    "unit",
    "national_value",
    "national_unit",
    "share_pct",
    "paragraph",
    "national_paragraph",
]
"""The columns of :func:`pair_with_national`."""


def _names(row: Mapping) -> tuple[str, str]:
    """A row's indicator, normalised (:func:`workreport.context.normalise_indicator`), and
    the same with its verb (贫困人口实施易地扶贫 + 搬迁)."""
    from .context import normalise_indicator

    name = normalise_indicator(str(row["indicator"]))
    return name, name + str(row.get("verb") or "")


def _similar(x: Mapping, y: Mapping, min_length: int = 3) -> float:
    """How alike two rows' indicators are (character-bigram Jaccard), 0 unless they name the
    same thing by :func:`workreport.evaluate.same_indicator`, on the bare indicators or on
    indicator and verb together."""
    from .evaluate import same_indicator
    from .targets import bigram_similarity

    best = 0.0
    for a, b in zip(_names(x), _names(y), strict=True):
        if len(a) >= min_length and len(b) >= min_length and same_indicator(a, b):
            best = max(best, bigram_similarity(a, b))
    return best


def pair_with_national(
    report_targets: pd.DataFrame, national_targets: pd.DataFrame, *, kind: str, year: int
) -> pd.DataFrame:
    """The rows of ``kind`` (``result`` or ``target``) for ``year`` that a report and a
    national report give for the same indicator, paired one to one (most similar first,
    by the character-bigram similarity of the indicators; units of the same kind, as in
    :func:`workreport.context.compare_targets`), with the report's figure as a percentage of
    the national one (``share_pct``) for absolute quantities (people, tonnes…). Columns
    :data:`SHARE_COLUMNS`."""
    from .context import comparable_units, one_to_one

    def select(t: pd.DataFrame) -> list[dict]:
        return t[(t["kind"] == kind) & (t["period"].astype(str) == str(year))].to_dict("records")

    r, s = select(report_targets), select(national_targets)
    cands = []
    for i, x in enumerate(r):
        for j, y in enumerate(s):
            sim = _similar(x, y) if comparable_units(x, y) else 0.0
            if sim > 0:
                cands.append((sim, i, j))
    rows = []
    for i, j, _ in one_to_one(cands):
        x, y = r[i], s[j]
        absolute = not pd.isna(x["value_base"]) and not pd.isna(y["value_base"])
        rows.append(
            {
                "kind": kind,
                "year": year,
                "indicator": x["indicator"],
                "verb": x["verb"],
                "national_indicator": y["indicator"],
                "national_verb": y["verb"],
                "value": x["value"],
                "unit": x["unit"],
                "national_value": y["value"],
                "national_unit": y["unit"],
                "share_pct": 100 * x["value_base"] / y["value_base"]
                if absolute and y["value_base"]
                else np.nan,
                "paragraph": int(x["paragraph_id"]),
                "national_paragraph": int(y["paragraph_id"]),
            }
        )
    out = pd.DataFrame(rows, columns=SHARE_COLUMNS)
    return out.sort_values(["paragraph", "indicator"], kind="stable").reset_index(drop=True)


NATIONAL_SHARE_COLUMNS = [
    "indicator",
    "national_indicator",
    "target",
    "national_target",
    "target_share_pct",
    "result_indicator",
    "national_result_indicator",
    "result",
    "national_result",
    "result_share_pct",
]
"""The columns of :func:`national_shares`."""


def national_shares(
    report_targets: pd.DataFrame, national_targets: pd.DataFrame, *, year: int
) -> pd.DataFrame:
    """Every "share of the national target" beside the share of the national result of the
    year before: for each target for ``year`` that the report and the national report of
    ``year`` set for the same absolute indicator (:func:`pair_with_national`), the report's
    target as a share of the national target, and the report's result for ``year`` − 1 as a
    share of the national result for that year, both results read from the two reviews (the
    result pair whose report or national indicator names the same thing as the target's).
    Results shared with the nation that no target pair takes follow, with the target fields
    empty. Figures are written with their units (``2000万吨``); shares in per cent. Columns
    :data:`NATIONAL_SHARE_COLUMNS`."""
    targets = pair_with_national(report_targets, national_targets, kind="target", year=year)
    results = pair_with_national(report_targets, national_targets, kind="result", year=year - 1)
    targets = targets[targets["share_pct"].notna()]
    results = results[results["share_pct"].notna()]
    rows = []
    used: set[int] = set()
    for t in targets.to_dict("records"):
        best, k = 0.0, -1
        for i, cand in enumerate(results.to_dict("records")):
            if i in used:
                continue
            sim = max(
                _similar(t, cand),
                _similar(
                    {"indicator": t["national_indicator"], "verb": t["national_verb"]},
                    {"indicator": cand["national_indicator"], "verb": cand["national_verb"]},
                ),
            )
            if sim > best:
                best, k = sim, i
        r = results.iloc[k].to_dict() if k >= 0 else None
        if k >= 0:
            used.add(k)
        rows.append(
            {
                "indicator": t["indicator"],
                "national_indicator": t["national_indicator"],
                "target": f"{t['value']:g}{t['unit']}",
                "national_target": f"{t['national_value']:g}{t['national_unit']}",
                "target_share_pct": t["share_pct"],
                "result_indicator": r["indicator"] if r else "",
                "national_result_indicator": r["national_indicator"] if r else "",
                "result": f"{r['value']:g}{r['unit']}" if r else "",
                "national_result": f"{r['national_value']:g}{r['national_unit']}" if r else "",
                "result_share_pct": r["share_pct"] if r else np.nan,
            }
        )
    for i, left in enumerate(results.to_dict("records")):
        if i not in used:  # a result shared with the nation without a target pair
            rows.append(
                {
                    "indicator": "",
                    "national_indicator": "",
                    "target": "",
                    "national_target": "",
                    "target_share_pct": np.nan,
                    "result_indicator": left["indicator"],
                    "national_result_indicator": left["national_indicator"],
                    "result": f"{left['value']:g}{left['unit']}",
                    "national_result": f"{left['national_value']:g}{left['national_unit']}",
                    "result_share_pct": left["share_pct"],
                }
            )
    return pd.DataFrame(rows, columns=NATIONAL_SHARE_COLUMNS)


# --- 6. the results-against-targets dashboard -------------------------------------------------

_CAP_WORDS = ("以内", "以下", "之内", "不超过")
_CEILING_INDICATORS = re.compile(r"价格|物价|失业率|赤字率")
_PROGRAMME_NOUN = re.compile(r"^(?:专项行动|行动|工程|计划|专项|战略)")


def indicator_role(indicator: str, *, qualifier: str = "", verb: str = "") -> str:
    """``ceiling`` or ``ambition``: a target is a ceiling when it caps a figure that the
    government wants low — a cap word in its hedge (以内, 以下, 不超过), the verb 控制 (控制在),
    or an indicator of prices or unemployment or a deficit rate (价格, 物价, 失业率, 赤字率) —
    and an ambition otherwise. A ceiling set above last year's result leaves room; it is not a
    raised ambition.

    >>> indicator_role("居民消费价格涨幅", qualifier="左右"), indicator_role("城镇登记失业率")
    ('ceiling', 'ceiling')
    >>> indicator_role("煤炭产能", verb="退出"), indicator_role("商品房待售面积", verb="控制在")
    ('ambition', 'ceiling')
    """
    words = str(qualifier or "").split("+")
    if any(w in _CAP_WORDS for w in words) or str(verb or "").startswith("控制"):
        return "ceiling"
    return "ceiling" if _CEILING_INDICATORS.search(str(indicator or "")) else "ambition"


def is_programme(text: str, end: int) -> bool:
    """Whether the quantity ending at ``end`` of ``text`` counts the parts of a programme
    (八大工程二十个专项行动: the figure names the programme, it measures nothing): the noun
    it counts is a programme word (专项行动, 行动, 工程, 计划, 专项, 战略); projects (3个项目)
    are outputs and stay indicators.

    >>> t = "全面实施精准扶贫八大工程二十个专项行动，57万贫困人口实现脱贫"
    >>> is_programme(t, t.index("专项")), is_programme(t, t.index("贫困人口"))
    (True, False)
    """
    return _PROGRAMME_NOUN.match(text[end : end + 4]) is not None


DASHBOARD_COLUMNS = [
    "indicator",
    "unit",
    "role",
    "programme",
    "result",
    "target",
    "change",
    "change_unit",
    "percent_change",
    "reading",
    "result_paragraph",
    "target_paragraph",
]
"""The columns of :func:`dashboard`."""


def dashboard(pairs: pd.DataFrame, targets: pd.DataFrame, text: str) -> pd.DataFrame:
    """The results-against-targets dashboard read fairly. ``pairs`` are the rows ``result→next
    target`` of :func:`workreport.targets.pair_results_targets`; ``targets`` the report's
    targets table (to find each target's row) and ``text`` its text.

    For each pair: ``role`` (:func:`indicator_role` of the target), ``programme``
    (:func:`is_programme` on the result or the target: not an indicator), ``change`` = target −
    result on signed values in ``change_unit`` — ``percentage points`` for rates (%),
    the unit otherwise — and ``percent_change`` in per cent of the result for absolute
    quantities only (a change of a rate in per cent of the rate is not shown). ``reading``:
    ``raised``, ``kept`` or ``lowered`` for ambitions; for ceilings ``room above the result``,
    ``at the result`` or ``below the result``; ``programme, not an indicator``. A target paired
    with two results of the review (地区生产总值 and 地区生产总值全年) is read once, with
    the first.
    Columns :data:`DASHBOARD_COLUMNS`.
    """
    nxt = pairs[pairs["pair"] == "result→next target"] if len(pairs) else pairs
    if len(nxt):  # one pair per target: a second result for it (全年 after the year) is a repeat
        nxt = nxt.drop_duplicates(["target_paragraph", "target_indicator", "target"])
    rows = []
    for p in nxt.to_dict("records"):
        t = targets[
            (targets["kind"] == "target")
            & (targets["paragraph_id"] == p["target_paragraph"])
            & (targets["indicator"] == p["target_indicator"])
        ]
        r = targets[
            (targets["kind"] == "result")
            & (targets["paragraph_id"] == p["result_paragraph"])
            & (targets["indicator"] == p["indicator"])
        ]
        verb = str(t["verb"].iloc[0]) if len(t) else ""
        role = indicator_role(p["target_indicator"], qualifier=p["target_qualifier"], verb=verb)
        programme = any(is_programme(text, int(x["end"].iloc[0])) for x in (t, r) if len(x))
        change = float(p["target_signed"]) - float(p["result_signed"])
        rate = str(p["unit"]) in ("%", "‰", "个百分点", "百分点")
        percent = (
            np.nan
            if rate or not p["result_signed"]
            else 100 * change / abs(float(p["result_signed"]))
        )
        if programme:
            reading = "programme, not an indicator"
        elif role == "ceiling":
            reading = (
                "room above the result"
                if change > 0
                else ("at the result" if change == 0 else "below the result")
            )
        else:
            reading = "raised" if change > 0 else ("kept" if change == 0 else "lowered")
        rows.append(
            {
                "indicator": p["indicator"],
                "unit": p["unit"],
                "role": role,
                "programme": programme,
                "result": p["result_signed"],
                "target": p["target_signed"],
                "change": change,
                "change_unit": "percentage points" if rate else str(p["unit"]),
                "percent_change": percent,
                "reading": reading,
                "result_paragraph": int(p["result_paragraph"]),
                "target_paragraph": int(p["target_paragraph"]),
            }
        )
    return pd.DataFrame(rows, columns=DASHBOARD_COLUMNS)


GDP_COLUMNS = ["who", "year", "kind", "figure", "low", "high", "qualifier", "source"]
"""The columns of :func:`gdp_target_history`."""


def gdp_rows(targets: pd.DataFrame) -> pd.DataFrame:
    """The rows of a targets table that give GDP growth in per cent: the indicator is GDP
    (地区生产总值, 国内生产总值, 生产总值 after
    :func:`workreport.context.normalise_indicator`) or the economy growing (经济增长5.5%左右,
    read as indicator 经济 or 经济增长 with the verb 增长), as many reports of the 2020s
    name their growth target.

    >>> t = pd.DataFrame({"indicator": ["地区生产总值", "经济", "经济", "固定资产投资"],
    ...                   "verb": ["增长", "增长", "", "增长"], "unit": ["%"] * 4})
    >>> gdp_rows(t).index.tolist()
    [0, 1]
    """
    from .context import normalise_indicator

    norm = targets["indicator"].map(normalise_indicator)
    verb = targets["verb"] if "verb" in targets else pd.Series("", index=targets.index)
    economy = norm.isin(["经济", "经济增长"]) & verb.astype(str).str.startswith("增长")
    return targets[((norm == "生产总值") | economy) & (targets["unit"] == "%")]


def _figure(v: float, lo: float, hi: float) -> str:
    return f"{lo:g}–{hi:g}%" if pd.isna(v) and not pd.isna(lo) else f"{v:g}%"


def gdp_target_history(
    report_targets: pd.DataFrame,
    national_targets: pd.DataFrame,
    previous_national_targets: pd.DataFrame,
    *,
    year: int,
) -> pd.DataFrame:
    """The GDP growth targets and results around a report of ``year``: the report's target
    for ``year``, its target for ``year`` − 1 (stated in the review, or implied by the gap it
    gives: ``reference_value``) and its result for ``year`` − 1; the national target for
    ``year`` (national report of ``year``), the national target for ``year`` − 1 (national
    report of ``year`` − 1) and the national result for ``year`` − 1 (the review of the
    national report of ``year``). A range keeps both ends (``low``, ``high``); ``figure`` is
    the middle of a range. Columns :data:`GDP_COLUMNS`; a row is missing when the report does
    not state it."""
    rows = []

    def add(who: str, y: int, kind: str, t: pd.DataFrame, source: str) -> None:
        g = gdp_rows(t)
        g = g[(g["kind"] == kind) & (g["period"].astype(str) == str(y))]
        if len(g):
            r = g.iloc[0]
            lo, hi = float(r["value_low"]), float(r["value_high"])
            v = float(r["value"]) if not pd.isna(r["value"]) else (lo + hi) / 2
            rows.append(
                {
                    "who": who,
                    "year": y,
                    "kind": kind,
                    "figure": v,
                    "low": lo if not pd.isna(lo) else v,
                    "high": hi if not pd.isna(hi) else v,
                    "qualifier": str(r["qualifier"]),
                    "source": source,
                }
            )
        elif kind == "target" and source == "review":  # implied by the result's gap
            res = gdp_rows(t)
            res = res[(res["kind"] == "result") & (res["period"].astype(str) == str(y))]
            res = res[res["reference_value"].notna()]
            if len(res):
                v = float(res["reference_value"].iloc[0])
                rows.append(
                    {
                        "who": who,
                        "year": y,
                        "kind": kind,
                        "figure": v,
                        "low": v,
                        "high": v,
                        "qualifier": "implied",
                        "source": source,
                    }
                )

    add("report", year, "target", report_targets, "plan")
    add("report", year - 1, "target", report_targets, "review")
    add("report", year - 1, "result", report_targets, "review")
    add("national", year, "target", national_targets, "plan")
    add("national", year - 1, "target", previous_national_targets, "plan of the year before")
    add("national", year - 1, "result", national_targets, "review")
    return pd.DataFrame(rows, columns=GDP_COLUMNS)


# --- the derived tables -------------------------------------------------------------------------


def _national_paths(folder: Path) -> dict[int, Path]:
    """The reports of a folder by the year their file name gives (the first file of a year)."""
    from .context import year_from_name
    from .corpus import list_reports

    out: dict[int, Path] = {}
    for p in list_reports(folder) if folder.is_dir() else []:
        y = year_from_name(p.name)
        if y is not None:
            out.setdefault(y, p)
    return out


def _nearest(paths: Mapping[int, Path], year: int) -> int:
    """The year of ``paths`` nearest to ``year`` (the earlier on a tie)."""
    return min(paths, key=lambda y: (abs(y - year), y))


def same_file(x: Path, y: Path) -> bool:
    """Whether two paths hold the same report: the same file, or files with the same bytes
    (a national report given as the report is not compared with its copy in the corpus)."""
    try:
        if x.resolve() == y.resolve():
            return True
        return x.stat().st_size == y.stat().st_size and x.read_bytes() == y.read_bytes()
    except OSError:
        return False


def national_counterparts(
    report_path: str | Path, year: int | None, corpus_dir: str | Path | None = None
) -> tuple[Path, Path]:
    """The national reports a report of ``year`` is set beside: ``(year before, same year)``
    from ``corpus_dir`` (default ``data/raw/national``), the nearest years when one is
    missing, never the report itself (when the report is a national one, its own year is
    skipped, so both may be the same file: the nearest other year). ``year`` None takes the
    latest year of the corpus. Raises :class:`~workreport.errors.ReportFormatError` when the
    folder holds no other national report with a year in its name."""
    from .context import default_corpus_dir

    folder = Path(corpus_dir) if corpus_dir is not None else default_corpus_dir()
    paths = {
        y: p for y, p in _national_paths(folder).items() if not same_file(p, Path(report_path))
    }
    if not paths:
        raise ReportFormatError(folder, "no national report with a year in its name")
    year = year if year is not None else max(paths)
    return paths[_nearest(paths, year - 1)], paths[_nearest(paths, year)]


def target_counts(a: Analysis, *, who: str, year: int | None) -> dict:
    """One row of ``centre_target_counts.csv``: a report's targets counted by each definition
    (:data:`TARGET_DEFINITIONS`), the reasons for leaving targets out, the binding indicators
    named and with a figure (:func:`binding_indicators`), and the commitments by the
    literature's firmness (:func:`literature_firmness`)."""
    c = classify_targets(a.targets, a.report.text, report_year=year)
    kept = c[c["left_out"] == ""]
    b = binding_indicators(a.report.text, a.report.paragraphs, a.targets)
    lit = kept["qualifier"].map(literature_firmness)
    row: dict = {"who": who, "file": a.report.name, "year": year}
    row["extracted"] = len(c)
    row["commitment"] = len(kept)
    for why in ("past year", "starting value", "forecast", "repeat"):
        row[f"left_out_{why.replace(' ', '_')}"] = int((c["left_out"] == why).sum())
    row["binding_named"] = len(b)
    row["binding_with_figure"] = int(b["with_figure"].sum())
    row["binding_labelled"] = int((kept["binding"] == "binding").sum())
    for level in ("hard", "soft", "mixed", "plain"):
        row[f"commitment_{level}"] = int((lit == level).sum())
    return row


def centre_tables(
    report_path: str | Path | None = None,
    corpus_dir: str | Path | None = None,
    *,
    analysis: Analysis | None = None,
    series: pd.DataFrame | None = None,
    genre_path: str | Path | None = None,
    jobs: int = 2,
    draws: int = 2000,
) -> dict[str, pd.DataFrame]:
    """The tables of the fair comparisons with the centre, by file name (computed in memory,
    nothing written). The report (default: the project's) is set beside the national report of
    its year and of the year before (nearest years when missing) from ``corpus_dir``
    (default: ``data/raw/national``; :func:`national_counterparts`, never the report itself:
    a national report is set beside the nearest other year, is not ranked among itself, and
    has no shares of the national figure):

    - ``centre_ranks.csv``: :func:`genre_ranks` of the report's theme rates and
      environmental-governance index among all files, the work reports and the strict work
      reports (``series``: the national series when the caller has it, else computed with
      :func:`workreport.context.national_series`);
    - ``centre_core_rates.csv``: :func:`core_rates` against both national reports
      (column ``national``);
    - ``centre_echo.csv``, ``centre_echo_summary.csv``, ``centre_shared_terms.csv``:
      :func:`echo_table`, :func:`echo_summary`, :func:`shared_terms` against both;
    - ``centre_targets.csv``: every target of the report and of the same-year national
      report with its reason to be left out (:func:`classify_targets`) and its two firmness
      codings; ``centre_target_counts.csv``: :func:`target_counts` of both;
      ``centre_binding.csv``: :func:`binding_indicators` of the report;
    - ``centre_shares.csv``: :func:`national_shares`;
    - ``centre_dashboard.csv``: :func:`dashboard`; ``centre_gdp_targets.csv``:
      :func:`gdp_target_history`.
    """
    from .context import default_corpus_dir, report_year, year_from_name
    from .pipeline import analyse
    from .resources import default_report_path
    from .targets import pair_results_targets

    path = Path(report_path) if report_path else default_report_path()
    folder = Path(corpus_dir) if corpus_dir is not None else default_corpus_dir()
    a = analysis if analysis is not None else analyse(path)
    year_or_none = report_year(a, path.name)
    before_path, same_path = national_counterparts(path, year_or_none, folder)
    year = year_or_none or year_from_name(same_path.name) or 0
    same = year_from_name(same_path.name) or year
    b = analyse(same_path)
    p = b if before_path == same_path else analyse(before_path)
    nationals = {before_path.name: p, same_path.name: b}
    if series is None:
        from .context import national_series

        series = national_series(folder, jobs=jobs)
    itself = {f.name for f in _national_paths(folder).values() if same_file(f, path)}
    series = series[~series["file"].isin(itself)]  # a national report is not ranked among itself
    genre = load_genre(genre_path)
    core = pd.concat(
        [core_rates(a, n, draws=draws).assign(national=name) for name, n in nationals.items()],
        ignore_index=True,
    )
    own = core[core["national"] == same_path.name]  # the report's own rates (any row will do)
    values = {
        f"{t}_per_1000": float(v) for t, v in zip(own["theme"], own["report_rate"], strict=True)
    }
    values["env_index"] = float(a.env_index)
    values["env_index_substring"] = float(a.env_index_substring)
    echo = echo_table(a, nationals, draws=draws)
    terms = shared_terms(a, nationals)
    targets = []
    for who, x, y in (("report", a, year), ("national", b, same)):
        c = classify_targets(x.targets, x.report.text, report_year=y)
        targets.append(
            c.assign(who=who, literature=c["qualifier"].map(literature_firmness))[
                [
                    "who",
                    "paragraph_id",
                    "period",
                    "indicator",
                    "verb",
                    *FIGURE_COLUMNS,
                    "firmness",
                    "literature",
                    "binding",
                    "left_out",
                    "text",
                ]
            ]
        )
    counts = pd.DataFrame(
        [target_counts(a, who="report", year=year), target_counts(b, who="national", year=same)]
    )
    return {
        "centre_ranks.csv": genre_ranks(series, values, genre),
        "centre_core_rates.csv": core[["national", *CORE_RATE_COLUMNS]],
        "centre_echo.csv": echo,
        "centre_echo_summary.csv": echo_summary(echo, terms),
        "centre_shared_terms.csv": terms,
        "centre_targets.csv": pd.concat(targets, ignore_index=True),
        "centre_target_counts.csv": counts,
        "centre_binding.csv": binding_indicators(a.report.text, a.report.paragraphs, a.targets),
        "centre_shares.csv": national_shares(a.targets, b.targets, year=year)
        if not itself
        else pd.DataFrame(columns=NATIONAL_SHARE_COLUMNS),
        "centre_dashboard.csv": dashboard(
            pair_results_targets(a.targets), a.targets, a.report.text
        ),
        "centre_gdp_targets.csv": gdp_target_history(a.targets, b.targets, p.targets, year=year)
        if not itself
        else gdp_target_history(a.targets, a.targets, p.targets, year=year),
    }
