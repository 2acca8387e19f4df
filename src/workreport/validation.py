"""Validating the theme lexicons against a hand coding of paragraphs.

A lexicon count is a measurement, and a measurement needs a check against something it is
meant to measure. The check here is a hand coding of every paragraph of a report, one code
per theme (0 absent, 1 present in part, 2 mainly about the theme), made without looking at
the lexicon (``data/annotations/paragraph_themes.csv`` for the Shanxi 2017 report). A
paragraph is *flagged* for a theme by the lexicon when it holds at least ``min_matches``
matches of the theme's terms, and is *about* the theme by the coding when its code is at least
``threshold``. From the two:

- :func:`lexicon_validity`: per theme, precision, recall and F1 at paragraph level, with the
  counts behind them and Wilson 95% intervals;
- :func:`term_diagnostics`: per term, in how many of the paragraphs it matches the coder saw
  the term's theme (term-level precision), to find the terms that make false positives;
- :func:`size_sensitivity`: how much the comparison between themes depends on how many terms
  each theme's lexicon has, by subsampling every theme to the same number of terms.

The coding is by raw line of the report file; the loader may split a raw line into several
paragraphs (two "——" bullets run together), and each of them then gets the line's code
(:func:`coding_by_paragraph`). ``unit="line"`` evaluates by raw line instead.

Out of sample: :func:`out_of_sample_validity` scores the lexicon in the same way on reports it
was not built on (the national reports of 2017 and 2025 and two provincial reports of 2025,
coded by annotators who saw neither the lexicons nor their matches; :func:`load_report_codings`,
:func:`out_of_sample_cases`), separately on a held-out half and a development half of each
report's units (:func:`split_halves`), and on test reports coded after a revision was fixed and
held out whole (:data:`ROLES`). Reports coded twice, by coders blind to each other, show how far
the coding itself reproduces (:func:`coder_agreement`, :data:`SECOND_CODINGS`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

import numpy as np
import pandas as pd

from .clean import fold_fullwidth, fold_radicals
from .constants import THEMES, theme_rank
from .errors import ReportFormatError
from .tables import read_text_table
from .themes import match_terms, themes_of

if TYPE_CHECKING:
    from .report import Report

__all__ = [
    "FLAG_RULES",
    "GENERAL_BAR",
    "LAST_REVISION",
    "REVISIONS",
    "REVISION_EXCLUDED",
    "ROLES",
    "SECOND_CODINGS",
    "UNREVISED_VARIANTS",
    "WHOLE_ROLES",
    "align_coding",
    "coder_agreement",
    "coding_by_paragraph",
    "context_counts",
    "development_cases",
    "development_term_precision",
    "general_terms",
    "held_out_summary",
    "lexicon_validity",
    "load_general_terms",
    "load_lexicon_changes",
    "load_paragraph_coding",
    "load_report_codings",
    "out_of_sample_by_variant",
    "out_of_sample_cases",
    "out_of_sample_validity",
    "paragraph_theme_flags",
    "rematch_counts",
    "revision_of",
    "second_coding_agreement",
    "size_sensitivity",
    "split_halves",
    "term_diagnostics",
    "term_precision",
    "undo_changes",
    "validity_before_after",
    "wilson_interval",
    "word_coding_by_line",
    "word_lines",
]

CODES = (0, 1, 2)
UNITS = ("paragraph", "line")


def load_paragraph_coding(
    path: str | Path | None = None, *, themes: Iterable[str] = THEMES
) -> pd.DataFrame:
    """A hand coding of paragraphs (``raw_line`` and one 0/1/2 column per theme), validated.

    The default is the project's coding of the Shanxi 2017 report,
    ``data/annotations/paragraph_themes.csv``. Other columns (``note``) are kept. Raises
    :class:`~workreport.errors.ReportFormatError` naming the file when it cannot be read, a
    column is missing, a line is coded twice or a code is not 0, 1 or 2.
    """
    if path is None:
        from .resources import data_dir

        path = data_dir() / "annotations" / "paragraph_themes.csv"
    p = Path(path)
    themes = list(themes)
    df = read_text_table(p, columns=("raw_line", *themes), what="coding")
    df = _checked_codes(df, p, whole=("raw_line",), themes=themes)
    _no_line_twice(df, p)
    return df.sort_values("raw_line").reset_index(drop=True)


def _checked_codes(
    df: pd.DataFrame, p: Path, *, whole: Iterable[str], themes: Iterable[str]
) -> pd.DataFrame:
    """``df`` with the columns ``whole`` and ``themes`` as integers; ``ReportFormatError``
    naming ``p`` and the row when one is not a whole number or a code is not 0, 1 or 2."""
    themes = list(themes)
    for col in (*whole, *themes):
        bad = df[~df[col].str.strip().str.fullmatch(r"\d+")]
        if len(bad):
            raise ReportFormatError(
                p, f"{col} is not a whole number in row {bad.index[0] + 2}: {bad[col].iloc[0]!r}"
            )
        df[col] = df[col].str.strip().astype(int)
    for theme in themes:
        bad = df[~df[theme].isin(CODES)]
        if len(bad):
            raise ReportFormatError(
                p,
                f"{theme} code must be 0, 1 or 2, not {bad[theme].iloc[0]} "
                f"(row {bad.index[0] + 2})",
            )
    return df


def _no_line_twice(df: pd.DataFrame, p: Path, *, where: str = "") -> None:
    """``ReportFormatError`` naming ``p`` when a raw line is coded twice."""
    dup = df["raw_line"][df["raw_line"].duplicated()]
    if len(dup):
        raise ReportFormatError(p, f"raw line {dup.iloc[0]}{where} is coded twice")


def coding_by_paragraph(
    report: Report, coding: pd.DataFrame, *, themes: Iterable[str] = THEMES
) -> pd.DataFrame:
    r"""The hand codes of each paragraph of ``report``, from a coding by raw line.

    One row per paragraph: ``paragraph_id``, ``line`` and the code of each theme. Every
    paragraph whose raw line (``report.paragraphs["line"]``) is coded gets that line's codes;
    when the loader splits a raw line into several paragraphs, each gets the whole line's
    code. Raises ``ValueError`` when a paragraph's line is not coded or a coded line is
    not a line of the report.

    Examples
    --------
    >>> from workreport import load_text
    >>> r = load_text("一、回顾\n——甲。——乙扶贫。\n", name="x")  # line 2: two bullets
    >>> coding = pd.DataFrame({"raw_line": [1, 2], "energy": 0, "poverty": [0, 1],
    ...                        "ecology": 0})
    >>> coding_by_paragraph(r, coding)[["paragraph_id", "line", "poverty"]].values.tolist()
    [[1, 1, 0], [2, 2, 1], [3, 2, 1]]
    """
    para = report.paragraphs[["paragraph_id", "line"]]
    codes = coding[["raw_line", *themes]].rename(columns={"raw_line": "line"})
    uncoded = sorted(set(para["line"]) - set(codes["line"]))
    if uncoded:
        raise ValueError(f"raw line(s) {_short(uncoded)} of {report.name} are not coded")
    extra = sorted(set(codes["line"]) - set(para["line"]))
    if extra:
        raise ValueError(
            f"coded raw line(s) {_short(extra)} are not paragraphs of {report.name} "
            "(empty lines, or a coding of another report)"
        )
    return para.merge(codes, on="line", how="left").reset_index(drop=True)


def _short(items: list, n: int = 5) -> str:
    shown = ", ".join(str(i) for i in items[:n])
    return shown + (f" … ({len(items)} in all)" if len(items) > n else "")


def paragraph_theme_flags(
    report: Report,
    matches: pd.DataFrame,
    *,
    min_matches: int = 1,
    general: Collection[str] | None = None,
    themes: Iterable[str] | None = None,
) -> pd.DataFrame:
    r"""Which paragraphs the lexicon flags for each theme.

    One row per paragraph of ``report``: ``paragraph_id``, ``line`` (its raw line in the
    file), and for each theme ``<theme>_matches`` (lexicon matches in the paragraph) and
    ``<theme>_flag`` (at least ``min_matches`` of them). Themes: ``themes``, else the project's
    three (or those found in ``matches`` when it holds other groupings).

    ``general``: terms that flag a paragraph only beside another match of their theme (the
    rule ``specific`` of :data:`FLAG_RULES`; :func:`load_general_terms` gives the project's).
    With it, a paragraph is flagged when at least ``min_matches`` of its matches are of other
    terms, or when it holds at least ``min_matches + 1`` matches in all; the table then also
    has ``<theme>_specific`` (the matches of terms not in ``general``).

    Examples
    --------
    >>> from workreport import load_text
    >>> r = load_text("甲。\n乙。\n", name="x")
    >>> m = pd.DataFrame({"paragraph_id": [2, 2], "theme": ["energy", "energy"]})
    >>> f = paragraph_theme_flags(r, m, min_matches=2)
    >>> f[["paragraph_id", "line", "energy_matches", "energy_flag", "poverty_flag"]].values.tolist()
    [[1, 1, 0, False, False], [2, 2, 2, True, False]]
    >>> m = pd.DataFrame({"paragraph_id": [1, 2, 2], "theme": "energy",
    ...                   "term": ["产能", "产能", "煤矿"]})
    >>> paragraph_theme_flags(r, m, general={"产能", "煤矿"})["energy_flag"].tolist()
    [False, True]
    """
    if min_matches < 1:
        raise ValueError(f"min_matches must be at least 1, not {min_matches}")
    names = themes_of(matches, themes)
    out = report.paragraphs[["paragraph_id", "line"]].reset_index(drop=True).copy()
    counts = _counts_by_paragraph(matches, out["paragraph_id"], names)
    specific = None
    if general is not None:
        kept = matches[~matches["term"].isin(set(general))] if len(matches) else matches
        specific = _counts_by_paragraph(kept, out["paragraph_id"], names)
    for theme in names:
        out[f"{theme}_matches"] = counts[theme].to_numpy(dtype=int)
        if specific is not None:
            out[f"{theme}_specific"] = specific[theme].to_numpy(dtype=int)
        out[f"{theme}_flag"] = _flags(out, theme, min_matches)
    return out


def _counts_by_paragraph(matches: pd.DataFrame, ids: pd.Series, names: list[str]) -> pd.DataFrame:
    """Matches per paragraph (rows: ``ids``) and theme (columns: ``names``)."""
    if not len(matches):
        return pd.DataFrame(0, index=ids, columns=names)
    table = matches.groupby(["paragraph_id", "theme"]).size().unstack(fill_value=0)
    return table.reindex(index=ids, columns=names, fill_value=0)


def _flags(units: pd.DataFrame, theme: str, min_matches: int) -> np.ndarray:
    """Whether each unit is flagged for ``theme``: ``min_matches`` matches, or, when the table
    counts the matches of specific terms (``<theme>_specific``), ``min_matches`` of those or
    one match more in all (:func:`paragraph_theme_flags`)."""
    n = units[f"{theme}_matches"].to_numpy(dtype=int)
    if f"{theme}_specific" not in units.columns:
        return n >= min_matches
    return (units[f"{theme}_specific"].to_numpy(dtype=int) >= min_matches) | (n > min_matches)


def wilson_interval(k: int, n: int, *, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a proportion ``k / n`` (``(nan, nan)`` when ``n`` is 0).

    Unlike the normal approximation it stays inside [0, 1] and is usable with small ``n``
    and proportions at 0 or 1.

    Examples
    --------
    >>> [round(x, 4) for x in wilson_interval(8, 10)]
    [0.4902, 0.9433]
    >>> [round(x, 4) for x in wilson_interval(0, 5)]
    [0.0, 0.4345]
    >>> wilson_interval(0, 0)
    (nan, nan)
    """
    if n == 0:
        return (float("nan"), float("nan"))
    from statistics import NormalDist

    z = NormalDist().inv_cdf(1 - (1 - level) / 2)
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    lo = 0.0 if k == 0 else max(0.0, centre - half)  # exact bounds where rounding drifts
    hi = 1.0 if k == n else min(1.0, centre + half)
    return (float(lo), float(hi))


def _units(
    report: Report,
    matches: pd.DataFrame,
    coding: pd.DataFrame,
    names: list[str],
    min_matches: int,
    unit: str,
    general: Collection[str] | None = None,
) -> pd.DataFrame:
    """Lexicon matches and hand codes per unit (paragraph or raw line), one row per unit."""
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {list(UNITS)}, not {unit!r}")
    flags = paragraph_theme_flags(
        report, matches, min_matches=min_matches, general=general, themes=names
    )
    codes = coding_by_paragraph(report, coding, themes=names)
    both = flags.merge(codes, on=["paragraph_id", "line"])
    if unit == "line":
        counted = [c for c in both.columns if c.endswith(("_matches", "_specific"))]
        agg = dict.fromkeys(counted, "sum") | dict.fromkeys(names, "max")
        both = both.groupby("line", as_index=False).agg(agg)
        for t in names:
            both[f"{t}_flag"] = _flags(both, t, min_matches)
    return both


def lexicon_validity(
    report: Report,
    matches: pd.DataFrame,
    coding: pd.DataFrame,
    *,
    threshold: int = 1,
    min_matches: int = 1,
    general: Collection[str] | None = None,
    themes: Iterable[str] | None = None,
    unit: str = "paragraph",
) -> pd.DataFrame:
    r"""Precision, recall and F1 of the lexicon at paragraph level, against a hand coding.

    A paragraph is *flagged* for a theme when it holds at least ``min_matches`` matches of the
    theme (``general``: terms that count only beside another match, see
    :func:`paragraph_theme_flags`), and *about* the theme when its hand code is at least
    ``threshold`` (1: present at
    least in part; 2: mainly about the theme). ``coding`` has ``raw_line`` and a 0/1/2 column per
    theme (:func:`load_paragraph_coding`); see :func:`coding_by_paragraph` for how lines map to
    paragraphs. With ``unit="line"`` the units are raw lines instead (matches summed over the
    paragraphs of a line).

    One row per theme: ``theme``, ``threshold``, ``min_matches``, ``units``, ``coded``
    (about the theme), ``flagged``, ``tp``, ``fp``, ``fn``, ``tn``, ``precision``
    (tp / flagged), ``recall`` (tp / coded), ``f1``, and Wilson 95% intervals
    ``precision_low``/``precision_high`` and ``recall_low``/``recall_high``. A ratio with a
    zero denominator is NaN.

    Examples
    --------
    >>> from workreport import load_text
    >>> r = load_text("甲。\n乙。\n丙。\n", name="x")
    >>> m = pd.DataFrame({"paragraph_id": [1, 2], "theme": "energy"})
    >>> coding = pd.DataFrame({"raw_line": [1, 2, 3], "energy": [2, 0, 1],
    ...                        "poverty": 0, "ecology": 0})
    >>> v = lexicon_validity(r, m, coding)
    >>> print(v[["theme", "tp", "fp", "fn", "tn", "precision", "recall", "f1"]].to_string())
         theme  tp  fp  fn  tn  precision  recall   f1
    0   energy   1   1   1   0        0.5     0.5  0.5
    1  poverty   0   0   0   3        NaN     NaN  NaN
    2  ecology   0   0   0   3        NaN     NaN  NaN
    >>> lexicon_validity(r, m, coding, threshold=2).set_index("theme").loc["energy", "recall"]
    np.float64(1.0)
    """
    if threshold not in (1, 2):
        raise ValueError(f"threshold must be 1 or 2, not {threshold}")
    names = themes_of(matches, themes)
    units = _units(report, matches, coding, names, min_matches, unit, general)
    return pd.DataFrame(_validity_rows(units, names, threshold, min_matches))


def _validity_rows(
    units: pd.DataFrame, names: list[str], threshold: int, min_matches: int
) -> list[dict]:
    """The rows of :func:`lexicon_validity` (one per theme of ``names``) from a table of
    units with ``<theme>_flag`` and the hand code of each theme (:func:`_units`)."""
    rows = []
    for theme in names:
        flagged = units[f"{theme}_flag"].to_numpy(dtype=bool)
        about = (units[theme] >= threshold).to_numpy()
        tp, fp = int((flagged & about).sum()), int((flagged & ~about).sum())
        fn, tn = int((~flagged & about).sum()), int((~flagged & ~about).sum())
        precision = tp / (tp + fp) if tp + fp else np.nan
        recall = tp / (tp + fn) if tp + fn else np.nan
        f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else np.nan
        p_lo, p_hi = wilson_interval(tp, tp + fp)
        r_lo, r_hi = wilson_interval(tp, tp + fn)
        rows.append(
            {
                "theme": theme,
                "threshold": threshold,
                "min_matches": min_matches,
                "units": len(units),
                "coded": tp + fn,
                "flagged": tp + fp,
                "tp": tp,
                "fp": fp,
                "fn": fn,
                "tn": tn,
                "precision": precision,
                "precision_low": p_lo,
                "precision_high": p_hi,
                "recall": recall,
                "recall_low": r_lo,
                "recall_high": r_hi,
                "f1": f1,
            }
        )
    return rows


# --- out of sample ---------------------------------------------------------------------------

#: The hand codings of reports the lexicon was not built on: the coding file (in
#: ``data/annotations/``), the folder of the coded reports (in ``data/raw/``), the column
#: that locates a unit (``raw_line`` of a text file, or ``paragraph``, the Word paragraph),
#: and the report's role (:data:`ROLES`).
OUT_OF_SAMPLE_CODINGS: tuple[tuple[str, str, str, str], ...] = (
    ("paragraph_themes_national.csv", "national", "raw_line", "split"),
    ("paragraph_themes_provincial.csv", "provincial-2025", "paragraph", "split"),
    ("paragraph_themes_test_national.csv", "national", "raw_line", "earlier-test"),
    ("paragraph_themes_test_provincial.csv", "provincial-2025", "paragraph", "earlier-test"),
    ("paragraph_themes_dev_provincial.csv", "provincial-2025", "paragraph", "development"),
    ("paragraph_themes_test2_provincial.csv", "provincial-2025", "paragraph", "earlier-test"),
    ("paragraph_themes_test4_provincial.csv", "provincial-2025", "paragraph", "earlier-test"),
    ("paragraph_themes_test5_national.csv", "national", "raw_line", "earlier-test"),
    ("paragraph_themes_test5_provincial.csv", "provincial-2025", "paragraph", "earlier-test"),
    ("paragraph_themes_test6_national.csv", "national", "raw_line", "earlier-test"),
    ("paragraph_themes_test6_provincial.csv", "provincial-2025", "paragraph", "earlier-test"),
    ("paragraph_themes_test7_national.csv", "national", "raw_line", "earlier-test"),
    ("paragraph_themes_test7_provincial.csv", "provincial-2025", "paragraph", "earlier-test"),
    ("paragraph_themes_test8_national.csv", "national", "raw_line", "test"),
    ("paragraph_themes_test8_provincial.csv", "provincial-2025", "paragraph", "test"),
)
#: Second codings of reports that a first coding of ``OUT_OF_SAMPLE_CODINGS`` codes too, each
#: as the file, the locator and the first coding's file. Made blind to the first coder and to
#: the lexicons, by the same brief; never scored, only compared with the first
#: (:func:`coder_agreement`).
SECOND_CODINGS: tuple[tuple[str, str, str], ...] = (
    (
        "paragraph_themes_test5_second_national.csv",
        "raw_line",
        "paragraph_themes_test5_national.csv",
    ),
    (
        "paragraph_themes_test5_second_provincial.csv",
        "paragraph",
        "paragraph_themes_test5_provincial.csv",
    ),
    (
        "paragraph_themes_test6_second_national.csv",
        "raw_line",
        "paragraph_themes_test6_national.csv",
    ),
    (
        "paragraph_themes_test6_second_provincial.csv",
        "paragraph",
        "paragraph_themes_test6_provincial.csv",
    ),
    (
        "paragraph_themes_test7_second_national.csv",
        "raw_line",
        "paragraph_themes_test7_national.csv",
    ),
    (
        "paragraph_themes_test7_second_provincial.csv",
        "paragraph",
        "paragraph_themes_test7_provincial.csv",
    ),
    (
        "paragraph_themes_test8_second_national.csv",
        "raw_line",
        "paragraph_themes_test8_national.csv",
    ),
    (
        "paragraph_themes_test8_second_provincial.csv",
        "paragraph",
        "paragraph_themes_test8_provincial.csv",
    ),
)
#: The roles of an out-of-sample coding. ``split`` (its units split into a development half,
#: on which the first three revisions could revise the word lists and the flag rule, and a
#: held-out half, :func:`split_halves`); ``test`` (coded after the last revision,
#: :data:`LAST_REVISION`, was fixed, held out whole: no unit of it was ever used to revise
#: anything); ``earlier-test`` (coded blind after an earlier revision and held out whole from
#: it, then development data for the last revision); ``development`` (development data whole:
#: read to revise, never scored). The last revision read every coding but the ``test`` ones,
#: so the instrument ``after`` the revisions is out of sample only on those; the instrument
#: ``before`` (:func:`revision_of`) is out of sample on every held-out half and test report.
ROLES = ("split", "test", "earlier-test", "development")
#: The roles scored whole (every unit in the held-out half).
WHOLE_ROLES = ("test", "earlier-test")
HALVES = ("held-out", "development", "all")
LOCATORS = ("raw_line", "paragraph")


def load_report_codings(
    path: str | Path, *, locator: str = "raw_line", themes: Iterable[str] = THEMES
) -> dict[str, pd.DataFrame]:
    """The hand codings of a file that codes several reports, one table per report.

    The file has a ``file`` column (the report's file name), a locator, one 0/1/2 column per
    theme and ``first_words`` (the unit's first characters, to check the alignment; see
    :func:`align_coding`). The locator is ``raw_line`` (the line of a text file) or
    ``paragraph`` (the 1-based number of a Word paragraph, empty ones counted, with ``line``
    the line within it), kept as ``raw_line``: the loader reads a Word file one paragraph per
    line, so a paragraph's number is its raw line only until a paragraph holding line breaks
    or a table; :func:`word_coding_by_line` puts such a coding on the report's raw lines
    (:func:`out_of_sample_cases` does). A Word paragraph coded line by line (``line`` other
    than 1) is refused.

    Returns ``{file name: coding}`` in the order of the file, each coding like
    :func:`load_paragraph_coding`'s (``raw_line``, the themes, ``first_words`` and any other
    columns), sorted by raw line. Raises :class:`~workreport.errors.ReportFormatError` naming
    the file when a column is missing, a code is not 0, 1 or 2, or a unit is coded twice.
    """
    if locator not in LOCATORS:
        raise ValueError(f"locator must be one of {list(LOCATORS)}, not {locator!r}")
    p = Path(path)
    themes = list(themes)
    extra = ("line",) if locator == "paragraph" else ()
    df = read_text_table(
        p, columns=("file", locator, *extra, *themes, "first_words"), what="coding"
    )
    df = _checked_codes(df, p, whole=(locator, *extra), themes=themes)
    if locator == "paragraph":
        split = df[df["line"] != 1]
        if len(split):
            raise ReportFormatError(
                p,
                f"row {split.index[0] + 2} codes line {split['line'].iloc[0]} of a Word "
                "paragraph; only whole Word paragraphs (line 1) can be located in the report",
            )
        df = df.drop(columns="line").rename(columns={"paragraph": "raw_line"})
    out = {}
    for name, g in df.groupby("file", sort=False):
        _no_line_twice(g, p, where=f" of {name}")
        out[str(name)] = g.drop(columns="file").sort_values("raw_line").reset_index(drop=True)
    return out


def coder_agreement(
    first: pd.DataFrame, second: pd.DataFrame, *, themes: Iterable[str] = THEMES
) -> pd.DataFrame:
    """How two hand codings of the same units agree, per theme, at ``threshold`` 1 (a unit is
    about the theme when coded 1 or 2) and on the full 0/1/2 code.

    ``first`` and ``second`` are codings by raw line (:func:`load_report_codings`) of one
    report; the units both coded are compared. One row per theme: ``units``, ``first`` and
    ``second`` (units each coded about the theme), ``both``, ``precision`` and ``recall``
    of the second coding scored against the first as if it were an instrument (the ceiling a
    lexicon can be expected to reach when the first coding is the reference), Cohen's
    ``kappa`` (NaN when both codings mark every unit alike) and ``exact`` (share of units with
    the same 0/1/2 code).

    >>> a = pd.DataFrame({"raw_line": [1, 2, 3, 4], "energy": [2, 1, 0, 0]})
    >>> b = pd.DataFrame({"raw_line": [1, 2, 3, 4], "energy": [2, 0, 0, 1]})
    >>> coder_agreement(a, b, themes=["energy"]).round(2).values.tolist()
    [['energy', 4, 2, 2, 1, 0.5, 0.5, 0.0, 0.5]]
    """
    both = first.merge(second, on="raw_line", suffixes=("_a", "_b"))
    rows = []
    for t in themes:
        x, y = both[f"{t}_a"].to_numpy() >= 1, both[f"{t}_b"].to_numpy() >= 1
        n, k = len(both), int((x & y).sum())
        seen = (x == y).mean() if n else float("nan")
        chance = x.mean() * y.mean() + (1 - x.mean()) * (1 - y.mean()) if n else float("nan")
        kappa = (seen - chance) / (1 - chance) if n and chance < 1 else float("nan")
        rows.append(
            {
                "theme": t,
                "units": n,
                "first": int(x.sum()),
                "second": int(y.sum()),
                "both": k,
                "precision": k / y.sum() if y.sum() else float("nan"),
                "recall": k / x.sum() if x.sum() else float("nan"),
                "kappa": kappa,
                "exact": float((both[f"{t}_a"] == both[f"{t}_b"]).mean()) if n else float("nan"),
            }
        )
    return pd.DataFrame(rows)


def second_coding_agreement(*, data: str | Path | None = None) -> pd.DataFrame:
    """:func:`coder_agreement` of every report coded twice (:data:`SECOND_CODINGS`), the
    second coding against the first: one row per report × theme, ``report`` first. Empty when
    no second coding exists."""
    if data is None:
        from .resources import data_dir

        data = data_dir()
    root = Path(data) / "annotations"
    tables = []
    for second_file, locator, first_file in SECOND_CODINGS:
        if not (root / second_file).exists():
            continue
        firsts = load_report_codings(root / first_file, locator=locator)
        for name, coding in load_report_codings(root / second_file, locator=locator).items():
            if name not in firsts:
                raise ReportFormatError(
                    root / second_file, f"codes {name}, which {first_file} does not code"
                )
            tables.append(coder_agreement(firsts[name], coding).assign(report=name))
    if not tables:
        return pd.DataFrame()
    out = pd.concat(tables, ignore_index=True)
    return out[["report", *[c for c in out.columns if c != "report"]]]


def out_of_sample_cases(
    *,
    data: str | Path | None = None,
    themes: Iterable[str] = THEMES,
    roles: Iterable[str] = ("split",),
) -> list[tuple[str, Path, pd.DataFrame]]:
    """The project's out-of-sample codings: ``(file name, report path, coding)`` for every
    report coded in the files of ``OUT_OF_SAMPLE_CODINGS`` of the given ``roles``
    (:data:`ROLES`; default the split codings) that exist under ``data`` (default: the
    project's ``data/``), in the order of the files. Raises ``FileNotFoundError`` when a coded
    report is not in its folder.
    """
    roles = set(roles)
    if roles - set(ROLES):
        raise ValueError(f"roles must be among {list(ROLES)}, not {sorted(roles - set(ROLES))}")
    if data is None:
        from .resources import data_dir

        data = data_dir()
    root = Path(data)
    cases = []
    for coding_file, folder, locator, role in OUT_OF_SAMPLE_CODINGS:
        path = root / "annotations" / coding_file
        if role not in roles or not path.exists():
            continue
        for name, coding in load_report_codings(path, locator=locator, themes=themes).items():
            report = root / "raw" / folder / name
            if not report.is_file():
                raise FileNotFoundError(f"{path.name} codes {name}, not found in {report.parent}")
            if locator == "paragraph":
                coding = word_coding_by_line(coding, word_lines(report))
            cases.append((name, report, coding))
    return cases


def word_lines(path: str | Path) -> list[tuple[int, int]]:
    """Each paragraph of a Word file's body as its first raw line and number of lines in the
    report the loader reads (:func:`workreport.formats.word_paragraph_lines`)."""
    from .formats import word_paragraph_lines

    return word_paragraph_lines(Path(path).read_bytes(), path=path)


def word_coding_by_line(coding: pd.DataFrame, lines: Sequence[tuple[int, int]]) -> pd.DataFrame:
    """A coding of a Word file by paragraph number (in ``raw_line``, as
    :func:`load_report_codings` reads it) put on the raw lines of the loaded report.

    ``lines`` gives each paragraph's first raw line and number of lines
    (:func:`word_lines`). A paragraph's row moves to its first line; a paragraph that holds
    line breaks spans several lines, and its codes hold for each of them (one unit coded
    whole: the rows of its later lines repeat them, with an empty ``first_words``). Raises
    ``ValueError`` for a paragraph number the file does not have.

    >>> coding = pd.DataFrame({"raw_line": [1, 2, 3], "energy": [0, 1, 2], "poverty": 0,
    ...                        "ecology": 0, "first_words": ["题", "来源", "煤"]})
    >>> word_coding_by_line(coding, [(1, 1), (2, 2), (4, 1)])[["raw_line", "energy",
    ...                                                        "first_words"]].values.tolist()
    [[1, 0, '题'], [2, 1, '来源'], [3, 1, ''], [4, 2, '煤']]
    """
    bad = [n for n in coding["raw_line"] if not 1 <= int(n) <= len(lines)]
    if bad:
        raise ValueError(
            f"paragraph(s) {_short(bad)} coded, but the Word file has {len(lines)} paragraphs"
        )
    rows = []
    for row in coding.to_dict("records"):
        first, n = lines[int(row["raw_line"]) - 1]
        rows.append({**row, "raw_line": first})
        for extra in range(1, n):
            more = {**row, "raw_line": first + extra}
            if "first_words" in more:
                more["first_words"] = ""
            rows.append(more)
    out = pd.DataFrame(rows, columns=coding.columns).astype(coding.dtypes.to_dict())
    return out.sort_values("raw_line").reset_index(drop=True)


def _start(text: str) -> str:
    """A text's characters as the loader keeps them, white space removed (to compare the
    start of a paragraph with a coding's ``first_words``)."""
    return fold_radicals(fold_fullwidth("".join(text.split())))


def align_coding(report: Report, coding: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    r"""A coding by raw line checked against the loaded report: the rows that are paragraphs of
    it, and those set aside.

    Returns ``(kept, set_aside)``: the rows of ``coding`` whose raw line holds a paragraph of
    ``report``, and the rows whose line is not one (lines the loader sets aside: a web page's
    footer, a source line; or lines of another text). A line the loader joined to the paragraph
    before it (a line broken in the source, logged as ``line-break-joined``) is neither: its
    codes count with that paragraph's line, each theme's the higher of the two. Nothing is
    dropped silently: the caller counts ``set_aside``. Raises ``ValueError`` when a paragraph's
    line is not coded, or when the coding has ``first_words`` and a kept line's paragraph
    does not begin with them (white space removed and the loader's character folding applied
    to both), which is how a coding of another version of the text, or numbered by another
    rule, shows.

    Examples
    --------
    >>> from workreport import load_text
    >>> r = load_text("一、回顾\n推进煤炭去产能。\n本作品属于公有领域。\n", name="x")
    >>> coding = pd.DataFrame({"raw_line": [1, 2], "energy": [0, 1], "poverty": 0,
    ...                        "ecology": 0, "first_words": ["一、回顾", "推进煤炭"]})
    >>> kept, aside = align_coding(r, coding)
    >>> len(kept), len(aside)
    (2, 0)
    >>> align_coding(r, coding.assign(first_words=["一、回顾", "推进光伏"]))
    Traceback (most recent call last):
    ...
    ValueError: raw line 2 of x begins '推进煤炭去产能。', not '推进光伏' as coded
    """
    para = report.paragraphs.sort_values("paragraph_id")
    lines = set(para["line"])
    uncoded = sorted(lines - set(coding["raw_line"]))
    if uncoded:
        raise ValueError(f"raw line(s) {_short(uncoded)} of {report.name} are not coded")
    in_report = coding["raw_line"].isin(lines)
    kept = coding[in_report].reset_index(drop=True)
    joined = _joined_lines(report)
    into = coding.loc[~in_report, "raw_line"].map(joined)
    folded = coding[~in_report & into.notna()]
    if len(folded):  # a broken line the loader joined: its codes count with its paragraph
        themes = [c for c in coding.columns if c in THEMES]
        target = kept.set_index("raw_line")
        for line, row in zip(into[folded.index], folded.itertuples(index=False), strict=True):
            for t in themes:
                target.loc[line, t] = max(target.loc[line, t], getattr(row, t))
        kept = target.reset_index()[kept.columns]
        in_report = in_report | into.notna()
    if "first_words" in coding.columns:
        first = para.groupby("line")["text"].first()
        for line, words in zip(kept["raw_line"], kept["first_words"], strict=True):
            text = str(first[line])
            if not _start(text).startswith(_start(str(words))):
                raise ValueError(
                    f"raw line {line} of {report.name} begins {text[:12]!r}, not {words!r} as coded"
                )
    return kept, coding[~in_report].reset_index(drop=True)


def _joined_lines(report: Report) -> dict[int, int]:
    """The raw lines the loader joined to the paragraph before them (a line broken in the
    source, ``line-break-joined`` in the anomalies), each with the raw line of the paragraph
    it joined."""
    a = report.anomalies
    a = a[(a["kind"] == "line-break-joined") & a["line"].notna()]
    line_of = dict(zip(report.paragraphs["paragraph_id"], report.paragraphs["line"], strict=True))
    return {
        int(x): int(line_of[int(pid)])
        for x, pid in zip(a["line"], a["paragraph_id"], strict=True)
        if int(pid) in line_of and int(x) != int(line_of[int(pid)])
    }


def split_halves(raw_lines: Iterable[int]) -> pd.Series:
    """The half each coded unit belongs to: ``held-out`` or ``development``.

    The rule, fixed before any result was seen: the units are ordered by raw line, and the
    1st, 3rd, 5th … are held out, the 2nd, 4th, 6th … are for development. Alternating by
    position needs no seed and gives each half every other paragraph of every part of the
    report: a report's themes come in runs (the ecology tasks are one block of paragraphs),
    and a random split could give one half most of a run; by position both halves see each
    run, and their sizes differ by at most one. The positions are those of the *coded* units
    (the coding file's rows), not of the loaded paragraphs, so that the split does not move
    when the loader sets a line aside; a raw line split into several paragraphs is in one
    half with all its paragraphs.

    Returns a Series indexed by raw line (sorted) with the half of each.

    Examples
    --------
    >>> split_halves([7, 3, 1, 10]).to_dict()
    {1: 'held-out', 3: 'development', 7: 'held-out', 10: 'development'}
    """
    lines = sorted(int(x) for x in raw_lines)
    if len(set(lines)) != len(lines):
        raise ValueError("a raw line is listed twice")
    halves = [HALVES[i % 2] for i in range(len(lines))]
    return pd.Series(halves, index=pd.Index(lines, name="raw_line"), name="half")


def out_of_sample_validity(
    cases: Iterable[tuple[str, Report, pd.DataFrame, pd.DataFrame]],
    *,
    thresholds: Iterable[int] = (1, 2),
    min_matches: int = 1,
    general: Collection[str] | None = None,
    whole: Collection[str] = (),
    themes: Iterable[str] | None = None,
) -> pd.DataFrame:
    r""":func:`lexicon_validity` at paragraph level on reports coded out of sample, by half.

    ``cases`` holds ``(name, report, matches, coding)`` for each report: its matches with the
    lexicon and its hand coding by raw line (:func:`load_report_codings`). Each coding is
    aligned to the report (:func:`align_coding`), its units split into a held-out and a
    development half (:func:`split_halves`), and every report is scored on each half and on
    all its units, at each of ``thresholds`` (1: the paragraph is about the theme at least in
    part; 2: mainly), with the definitions of :func:`lexicon_validity` (``general``: the
    terms that flag only beside another match). The reports named in ``whole`` (test reports,
    :data:`ROLES`) are held out whole: all their units are in the held-out half, and they have
    no development rows.

    One row per half × report × threshold × theme, the held-out half first, then development,
    then ``all``: ``report``, ``half``, then :func:`lexicon_validity`'s columns (``theme``,
    ``threshold``, ``min_matches``, ``units``, ``coded``, ``flagged``, ``tp``, ``fp``,
    ``fn``, ``tn``, ``precision`` with ``precision_low``/``_high``, ``recall`` with
    ``recall_low``/``_high``, ``f1``), and ``set_aside`` (coded rows of the half whose line
    is not a paragraph of the loaded report: not scored) and ``set_aside_coded`` (those of
    them coded at least ``threshold`` for the theme).

    Examples
    --------
    >>> from workreport import load_text
    >>> r = load_text("甲。\n乙。\n丙。\n丁。\n", name="x")
    >>> m = pd.DataFrame({"paragraph_id": [1, 2], "theme": "energy"})
    >>> coding = pd.DataFrame({"raw_line": [1, 2, 3, 4], "energy": [1, 0, 1, 1],
    ...                        "poverty": 0, "ecology": 0})
    >>> v = out_of_sample_validity([("x", r, m, coding)], thresholds=[1], themes=["energy"])
    >>> print(v[["half", "units", "tp", "fp", "fn", "precision", "recall"]].round(2).to_string())
              half  units  tp  fp  fn  precision  recall
    0     held-out      2   1   0   1        1.0    0.50
    1  development      2   0   1   1        0.0    0.00
    2          all      4   1   1   2        0.5    0.33
    """
    thresholds = [int(t) for t in thresholds]
    bad = [t for t in thresholds if t not in (1, 2)]
    if bad:
        raise ValueError(f"thresholds must be 1 or 2, not {bad}")
    rows = []
    for order, (name, report, matches, coding) in enumerate(cases):
        names = themes_of(matches, themes)
        kept, aside = align_coding(report, coding)
        half_of = split_halves(coding["raw_line"])
        if name in whole:
            half_of[:] = HALVES[0]
        units = _units(report, matches, kept, names, min_matches, "paragraph", general)
        units["half"] = units["line"].map(half_of)
        aside = aside.assign(half=aside["raw_line"].map(half_of))
        for h, half in enumerate(HALVES):
            if name in whole and half == HALVES[1]:
                continue
            sub = units if half == "all" else units[units["half"] == half]
            off = aside if half == "all" else aside[aside["half"] == half]
            for threshold in thresholds:
                for row in _validity_rows(sub, names, threshold, min_matches):
                    row["set_aside"] = len(off)
                    row["set_aside_coded"] = int((off[row["theme"]] >= threshold).sum())
                    rows.append({"report": name, "half": half, **row, "_h": h, "_r": order})
    out = pd.DataFrame(rows)
    if not len(out):
        return out
    out["_t"] = out["theme"].map(lambda t: (theme_rank(t), t))
    out = out.sort_values(["_h", "_r", "threshold", "_t"], kind="stable")
    return out.drop(columns=["_h", "_r", "_t"]).reset_index(drop=True)


#: The word lists (:data:`workreport.themes.VARIANTS`) that are not revised on the development
#: halves: the book's and the genre list. The era variants add the terms of the era list,
#: which the revisions chose (``src/workreport/data/README.md``).
UNREVISED_VARIANTS = ("book", "genre")
#: The rules that flag a paragraph for a theme, ``any`` (a match of any term of the theme) and
#: ``specific`` (a match of a term that is not general, or two matches; the general terms are
#: those of :func:`load_general_terms`, chosen on the development data).
FLAG_RULES = ("any", "specific")


def revision_of(variant: str, rule: str) -> str:
    """Whether a word list with a flag rule is the instrument ``before`` or ``after`` the
    revisions on the development halves (``after`` when either the list or the rule was
    revised).

    >>> revision_of("book", "any"), revision_of("book", "specific"), revision_of("genre+era", "any")
    ('before', 'after', 'after')
    """
    if rule not in FLAG_RULES:
        raise ValueError(f"rule must be one of {list(FLAG_RULES)}, not {rule!r}")
    return "before" if variant in UNREVISED_VARIANTS and rule == "any" else "after"


def out_of_sample_by_variant(
    cases: Iterable[tuple[str, Report, pd.DataFrame, pd.DataFrame]],
    *,
    variants: Iterable[str] = ("book", "genre", "book+era", "genre+era"),
    rules: Iterable[str] = FLAG_RULES,
    whole: Mapping[str, str] | Collection[str] = (),
    thresholds: Iterable[int] = (1, 2),
    min_matches: int = 1,
    userdict: str | None = "default",
) -> pd.DataFrame:
    """:func:`out_of_sample_validity` of each word list under each flag rule, before and
    after the revisions.

    ``cases`` holds ``(name, report, tokens, coding)`` for each coded report (its token
    table, from :func:`workreport.tokens.tokenize`); the reports named in ``whole`` are held
    out whole (a mapping gives each one's role, ``test`` or ``earlier-test``; a plain
    collection makes them all ``test``). Each report is matched with each lexicon variant
    (:func:`workreport.themes.load_lexicon`) and scored by half under each rule of
    :data:`FLAG_RULES` (``specific`` with the general terms of :func:`load_general_terms`).

    One row per half × variant × rule × report × threshold × theme, every held-out row first
    (then development, then ``all``), variants and rules in the order given: ``lexicon`` (the
    variant), ``rule``, ``revision`` (:func:`revision_of`), ``role`` (``test`` for a report
    of ``whole`` or its role there, else ``split``), then :func:`out_of_sample_validity`'s
    columns.
    """
    from .themes import VARIANTS, load_lexicon

    roles = dict(whole) if isinstance(whole, Mapping) else dict.fromkeys(whole, "test")
    cases = list(cases)
    variants, rules = list(variants), list(rules)
    unknown = [v for v in variants if v not in VARIANTS]
    if unknown:
        raise ValueError(f"variants must be among {list(VARIANTS)}, not {unknown}")
    general = load_general_terms()
    tables: list[pd.DataFrame] = []
    for variant in variants:
        lex = load_lexicon(variant=variant)
        scored = [
            (name, report, match_terms(tokens, lex, userdict=userdict), coding)
            for name, report, tokens, coding in cases
        ]
        for rule in rules:
            v = out_of_sample_validity(
                scored,
                thresholds=thresholds,
                min_matches=min_matches,
                general=general if rule == "specific" else None,
                whole=whole,
                themes=THEMES,
            )
            v.insert(0, "role", v["report"].map(lambda r: roles.get(r, ROLES[0])))
            v.insert(0, "revision", revision_of(variant, rule))
            v.insert(0, "rule", rule)
            v.insert(0, "lexicon", variant)
            tables.append(v.assign(_v=len(tables), _i=range(len(v))))
    out = pd.concat(tables, ignore_index=True)
    out["_h"] = out["half"].map(HALVES.index)
    out = out.sort_values(["_h", "_v", "_i"], kind="stable")
    return out.drop(columns=["_h", "_v", "_i"]).reset_index(drop=True)


# --- general terms: chosen on the development data ---------------------------------------------

#: A term is *general* when, in the development data, fewer than this share of the paragraphs
#: it matches are coded as about its theme (chosen on the development data, among 0.5–0.9).
GENERAL_BAR = 0.75


def term_precision(
    cases: Iterable[tuple[Report, pd.DataFrame, pd.DataFrame, Collection[int] | None]],
    *,
    themes: Iterable[str] | None = None,
) -> pd.DataFrame:
    r"""For each term, the paragraphs it matches in hand-coded text and how many of them the
    coder saw as about the term's theme (code at least 1).

    ``cases`` holds ``(report, matches, coding, lines)``: a report, its lexicon matches, its
    hand coding by raw line and the raw lines to count (``None``: all the coded ones). One row
    per term matched, sorted by theme and term: ``theme``, ``term``, ``paragraphs``, ``about``,
    ``precision`` (``about / paragraphs``).

    Examples
    --------
    >>> from workreport import load_text
    >>> r = load_text("甲。\n乙。\n丙。\n", name="x")
    >>> m = pd.DataFrame({"paragraph_id": [1, 2, 3], "theme": "energy",
    ...                   "term": ["产能", "产能", "光伏"]})
    >>> coding = pd.DataFrame({"raw_line": [1, 2, 3], "energy": [1, 0, 2],
    ...                        "poverty": 0, "ecology": 0})
    >>> term_precision([(r, m, coding, None)]).values.tolist()
    [['energy', '产能', 2, 1, 0.5], ['energy', '光伏', 1, 1, 1.0]]
    >>> term_precision([(r, m, coding, [2, 3])])["paragraphs"].tolist()
    [1, 1]
    """
    counts: dict[tuple[str, str], list[int]] = {}
    for report, matches, coding, lines in cases:
        names = themes_of(matches, themes)
        kept, _ = align_coding(report, coding)
        codes = coding_by_paragraph(report, kept, themes=names)
        if lines is not None:
            codes = codes[codes["line"].isin(set(lines))]
        pairs = matches[["paragraph_id", "theme", "term"]].drop_duplicates()
        pairs = pairs[pairs["theme"].isin(names)].merge(codes, on="paragraph_id")
        for row in pairs.itertuples(index=False):
            c = counts.setdefault((str(row.theme), str(row.term)), [0, 0])
            c[0] += 1
            c[1] += int(getattr(row, str(row.theme)) >= 1)
    rows = [(t, w, n, k, k / n) for (t, w), (n, k) in counts.items()]
    out = pd.DataFrame(rows, columns=["theme", "term", "paragraphs", "about", "precision"])
    out["_t"] = out["theme"].map(lambda t: (theme_rank(t), t))
    return out.sort_values(["_t", "term"]).drop(columns="_t").reset_index(drop=True)


def general_terms(precision: pd.DataFrame, *, bar: float = GENERAL_BAR) -> pd.DataFrame:
    """The rows of :func:`term_precision`'s table whose precision is below ``bar``: the terms
    that flag a paragraph only beside another match (rule ``specific`` of :data:`FLAG_RULES`).

    >>> t = pd.DataFrame({"theme": "energy", "term": ["产能", "光伏"], "paragraphs": [4, 3],
    ...                   "about": [2, 3], "precision": [0.5, 1.0]})
    >>> general_terms(t)["term"].tolist()
    ['产能']
    """
    return precision[precision["precision"] < bar].reset_index(drop=True)


def development_cases() -> list[tuple[str, Report, pd.DataFrame, Collection[int] | None]]:
    """The development data of the last revision (:data:`LAST_REVISION`), as ``(name, report,
    coding, lines)`` with ``lines`` ``None`` (every coded unit): the Shanxi 2017 coding (the
    report the book's list was built on) and every out-of-sample coding but the test reports
    (:data:`ROLES`): the split codings (both halves: the last revision read them whole), the
    earlier test reports and the development codings. The test reports are not in it."""
    from .report import load_report
    from .resources import data_dir

    ours = load_report(data_dir() / "raw" / "shanxi-2017-government-work-report.seg.txt")
    out: list[tuple[str, Report, pd.DataFrame, Collection[int] | None]] = [
        (ours.name, ours, load_paragraph_coding(), None)
    ]
    for name, path, coding in out_of_sample_cases(roles=("split", "earlier-test", "development")):
        out.append((name, load_report(path), coding, None))
    return out


def development_term_precision(*, userdict: str | None = "default") -> pd.DataFrame:
    """:func:`term_precision` of every term of the lexicon file (all lists: ``book+era``, which
    holds the genre list too) on the development data (:func:`development_cases`)."""
    from .themes import load_lexicon
    from .tokens import tokenize

    lex = load_lexicon(variant="book+era")
    cases = [
        (
            report,
            match_terms(tokenize(report, userdict=userdict), lex, userdict=userdict),
            coding,
            lines,
        )
        for _, report, coding, lines in development_cases()
    ]
    return term_precision(cases, themes=THEMES)


def load_general_terms(path: str | Path | None = None) -> frozenset[str]:
    """The general terms (:func:`general_terms`) as chosen on the development data and kept
    in the package (``general_terms.csv``, written by ``tools/general_terms.py``; see
    ``src/workreport/data/README.md``)."""
    from .resources import lexicon_path

    p = Path(path) if path else lexicon_path("general_terms.csv")
    df = read_text_table(p, columns=("theme", "term"), what="general terms", strip=True)
    return frozenset(df["term"])


def held_out_summary(
    table: pd.DataFrame, *, threshold: int = 1, floor: float = 0.7
) -> pd.DataFrame:
    """From :func:`out_of_sample_by_variant`'s table, per lexicon, flag rule and role (the
    held-out halves of the split codings, or the test reports held out whole), the held-out
    report × theme cells at ``threshold`` and how many reach ``floor`` in both precision and
    recall (a cell with no flagged or no coded paragraph does not: its precision or recall is
    undefined). A table without ``rule`` or ``role`` columns counts as one rule and role.

    Columns: ``lexicon``, ``rule``, ``role``, ``revision``, ``cells``, ``both_at_floor``,
    ``precision_at_floor``, ``recall_at_floor``, ``empty`` (the cells with no coded and no
    flagged paragraph: nothing to find and nothing found, yet not at ``floor``; 0 when the
    table has no ``coded`` and ``flagged`` columns), ``mean_precision``, ``mean_recall``
    (over the defined cells), in the order the table first holds each lexicon, rule and role.
    """
    held = table[(table["half"] == "held-out") & (table["threshold"] == threshold)]
    held = held.assign(
        rule=held["rule"] if "rule" in held.columns else FLAG_RULES[0],
        role=held["role"] if "role" in held.columns else ROLES[0],
    )
    rows = []
    for (variant, rule, role), g in held.groupby(["lexicon", "rule", "role"], sort=False):
        p_ok = g["precision"].fillna(-1) >= floor
        r_ok = g["recall"].fillna(-1) >= floor
        rows.append(
            {
                "lexicon": variant,
                "rule": rule,
                "role": role,
                "revision": g["revision"].iloc[0],
                "cells": len(g),
                "both_at_floor": int((p_ok & r_ok).sum()),
                "precision_at_floor": int(p_ok.sum()),
                "recall_at_floor": int(r_ok.sum()),
                "empty": int(((g["coded"] == 0) & (g["flagged"] == 0)).sum())
                if {"coded", "flagged"} <= set(g.columns)
                else 0,
                "mean_precision": float(g["precision"].mean()),
                "mean_recall": float(g["recall"].mean()),
            }
        )
    return pd.DataFrame(rows)


def term_diagnostics(
    report: Report,
    matches: pd.DataFrame,
    coding: pd.DataFrame,
    *,
    lexicon: pd.DataFrame | None = None,
    threshold: int = 1,
    themes: Iterable[str] | None = None,
) -> pd.DataFrame:
    r"""Per term: where it matches and whether the coder saw its theme there.

    One row per matched term (and, when ``lexicon`` is given, per lexicon term, with zeros
    for terms that never match): ``theme``, ``subtheme``, ``term``, ``matches``,
    ``paragraphs`` (paragraphs it matches in), ``coded`` (those of them coded at least
    ``threshold`` for the term's theme), ``precision`` (coded / paragraphs: the term-level
    precision), ``false_pos`` (paragraphs − coded), ``sole_false_pos`` (false-positive
    paragraphs in which this term is the theme's only term: dropping the term would remove
    the false positive), ``coded_<theme>`` for every theme (how many of its paragraphs are
    coded for that theme: where a term's matches are coded for another theme, it may belong
    there), and ``paragraph_ids`` / ``false_pos_ids`` (``"17;31"``) as evidence. Sorted by
    theme, then by precision (lowest first) and matches.

    Examples
    --------
    >>> from workreport import load_text
    >>> r = load_text("甲。\n乙。\n", name="x")
    >>> m = pd.DataFrame({"paragraph_id": [1, 2, 2], "theme": "poverty", "subtheme": "s",
    ...                   "term": ["低保", "低保", "扶贫"]})
    >>> coding = pd.DataFrame({"raw_line": [1, 2], "energy": 0, "poverty": [0, 1],
    ...                        "ecology": 0})
    >>> d = term_diagnostics(r, m, coding)
    >>> cols = ["term", "matches", "paragraphs", "coded", "precision", "sole_false_pos"]
    >>> print(d[cols].to_string())
      term  matches  paragraphs  coded  precision  sole_false_pos
    0   低保        2           2      1        0.5               1
    1   扶贫        1           1      1        1.0               0
    >>> d["false_pos_ids"].tolist()
    ['1', '']
    """
    names = themes_of(matches, themes)
    codes = coding_by_paragraph(report, coding, themes=names).set_index("paragraph_id")
    cols = [
        "theme",
        "subtheme",
        "term",
        "matches",
        "paragraphs",
        "coded",
        "precision",
        "false_pos",
        "sole_false_pos",
        *[f"coded_{t}" for t in names],
        "paragraph_ids",
        "false_pos_ids",
    ]
    m = matches[matches["theme"].isin(names)]
    terms_per_para = m.groupby(["paragraph_id", "theme"])["term"].nunique()
    groups = m.groupby(["theme", "subtheme", "term"], sort=False)
    # keys are (theme, subtheme, term) strings; pandas-stubs types them as any hashable
    rows = [
        _term_row(key, g, codes, names, threshold, terms_per_para)
        for key, g in cast("Iterable[tuple[tuple[str, str, str], pd.DataFrame]]", groups)
    ]
    out = pd.DataFrame(rows, columns=cols)
    if lexicon is not None:
        out = _with_unmatched_terms(out, lexicon[lexicon["theme"].isin(names)], names)
    order = {t: i for i, t in enumerate(names)}
    out = out.assign(_t=out["theme"].map(order))
    out = out.sort_values(
        ["_t", "precision", "matches", "term"], ascending=[True, True, False, True]
    )
    return out.drop(columns="_t").reset_index(drop=True)


def _term_row(
    key: tuple[str, str, str],
    g: pd.DataFrame,
    codes: pd.DataFrame,
    names: list[str],
    threshold: int,
    terms_per_para: pd.Series,
) -> dict:
    """The row of :func:`term_diagnostics` of one term (``key``: theme, subtheme, term) from
    its matches ``g``, the coding by paragraph and the number of the theme's distinct terms
    in each paragraph."""
    theme, subtheme, term = key
    pids = sorted(set(g["paragraph_id"].astype(int)))
    about = codes.loc[pids, theme] >= threshold
    fp_ids = [p for p, a in zip(pids, about, strict=True) if not a]
    sole = sum(1 for p in fp_ids if terms_per_para.loc[(p, theme)] == 1)
    row = {
        "theme": theme,
        "subtheme": subtheme,
        "term": term,
        "matches": len(g),
        "paragraphs": len(pids),
        "coded": int(about.sum()),
        "precision": float(about.mean()),
        "false_pos": len(fp_ids),
        "sole_false_pos": sole,
    }
    for t in names:
        row[f"coded_{t}"] = int((codes.loc[pids, t] >= threshold).sum())
    row["paragraph_ids"] = ";".join(str(p) for p in pids)
    row["false_pos_ids"] = ";".join(str(p) for p in fp_ids)
    return row


def _with_unmatched_terms(out: pd.DataFrame, lex: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """The rows of :func:`term_diagnostics` with a row of zeros for each term of the
    lexicon ``lex`` that never matches."""
    unmatched = lex[~lex["term"].isin(out["term"])][["theme", "subtheme", "term"]]
    if not len(unmatched):
        return out
    zeros = unmatched.assign(
        matches=0,
        paragraphs=0,
        coded=0,
        precision=np.nan,
        false_pos=0,
        sole_false_pos=0,
        **{f"coded_{t}": 0 for t in names},
        paragraph_ids="",
        false_pos_ids="",
    )
    return pd.concat([out, zeros[list(out.columns)]], ignore_index=True)


def _candidates(
    tokens: pd.DataFrame, lexicon: pd.DataFrame, userdict: str | None
) -> list[list[tuple[int, int]]]:
    """For every token position, the lexicon rows whose term starts there, longest first.

    Each term is matched on its own (:func:`~workreport.themes.match_terms` with a one-term
    lexicon), so the list holds every place a term *could* match before the longest-match
    rule chooses among overlapping terms. Returns a list indexed by position of
    ``(n_tokens, lexicon row)`` pairs.
    """
    pos_of = pd.Series(np.arange(len(tokens)), index=tokens["token_id"].to_numpy())
    per_pos: list[list[tuple[int, int]]] = [[] for _ in range(len(tokens))]
    for row in range(len(lexicon)):
        hits = match_terms(tokens, lexicon.iloc[[row]][["theme", "term"]], userdict=userdict)
        for tid, k in zip(hits["token_id"], hits["n_tokens"], strict=True):
            per_pos[int(pos_of[tid])].append((int(k), row))
    for cands in per_pos:
        cands.sort(key=lambda c: (-c[0], c[1]))
    return per_pos


def _greedy(per_pos: list[list[tuple[int, int]]], active: np.ndarray) -> list[tuple[int, int]]:
    """The longest-match, no-overlap scan of :func:`~workreport.themes.match_terms`,
    restricted to the lexicon rows where ``active`` is true: ``(position, row)`` pairs."""
    hits = []
    covered_until = -1
    for pos, cands in enumerate(per_pos):
        if not cands or pos < covered_until:
            continue
        for k, row in cands:
            if active[row]:
                hits.append((pos, row))
                covered_until = pos + k
                break
    return hits


def rematch_counts(
    tokens: pd.DataFrame,
    lexicon: pd.DataFrame,
    subsets: Iterable[np.ndarray],
    *,
    userdict: str | None = "default",
    positions: np.ndarray | None = None,
) -> np.ndarray:
    """Matches of each lexicon row when only a subset of the lexicon is used, for many subsets.

    Dropping a term from a lexicon is not the same as dropping its matches: a shorter term
    it used to cover (脱贫 inside 脱贫攻坚) then matches in its place. This function
    re-runs the longest-match rule for each subset, without re-segmenting: every place where
    any term could match is found once, then each subset is scanned.

    ``subsets`` is an iterable of boolean masks over the rows of ``lexicon``; ``positions``
    (optional) a boolean mask over the rows of ``tokens``: only matches starting there count.
    Returns an array (subsets × lexicon rows) of match counts.

    Examples
    --------
    >>> toks = pd.DataFrame({"token_id": [1, 2], "paragraph_id": 1, "sentence_id": 1,
    ...                      "start": [0, 2], "end": [2, 4], "token": ["脱贫", "攻坚"]})
    >>> lex = pd.DataFrame({"theme": "poverty", "term": ["脱贫", "脱贫攻坚"]})
    >>> subsets = [np.array([True, True]), np.array([True, False])]
    >>> rematch_counts(toks, lex, subsets, userdict=None).tolist()
    [[0, 1], [1, 0]]
    """
    per_pos = _candidates(tokens, lexicon, userdict)
    keep = np.ones(len(tokens), dtype=bool) if positions is None else np.asarray(positions)
    out = []
    for active in subsets:
        counts = np.zeros(len(lexicon), dtype=int)
        for pos, row in _greedy(per_pos, np.asarray(active, dtype=bool)):
            if keep[pos]:
                counts[row] += 1
        out.append(counts)
    return np.array(out, dtype=int).reshape(len(out), len(lexicon))


def size_sensitivity(
    report: Report,
    tokens: pd.DataFrame,
    matches: pd.DataFrame,
    lexicon: pd.DataFrame,
    *,
    sizes: Iterable[int] | None = None,
    draws: int = 1000,
    seed: int = 2017,
    userdict: str | None = "default",
) -> dict[str, pd.DataFrame]:
    r"""How much the comparison between themes depends on the size of their lexicons.

    The themes' lexicons have different numbers of terms, and a larger lexicon can find more.
    Here every theme's lexicon is cut to the same number of terms ``k`` (each of ``sizes``;
    default: the smallest theme's size and ¾, ½ and ¼ of it): ``draws`` times, ``k`` terms are
    drawn without replacement from each theme (fixed ``seed``), the report is matched again
    with the union of the drawn terms (the longest-match rule re-run, so a nested term that a
    dropped term used to cover counts again; see :func:`rematch_counts`), and each theme's
    matches per 1,000 word tokens of the report's body (parts > 0, as in
    :func:`~workreport.themes.theme_rates`) are recorded.

    Returns ``{"rates": …, "orderings": …}``:

    - ``rates``: one row per theme for the full lexicon (``size`` = ``"full"``) and per
      theme × ``k``: ``terms`` (lexicon terms used), ``per_1000`` (full lexicon; mean over the
      draws otherwise), ``per_1000_low``/``per_1000_high`` (2.5 and 97.5 percentiles of the
      draws; equal to ``per_1000`` for the full lexicon) and ``per_1000_per_term``
      (``per_1000`` divided by ``terms``: the rate normalised by lexicon size).
    - ``orderings``: one row per pair of themes (``a``, ``b``) and ``size``: ``full`` (the
      relation with the full lexicons, ``>``, ``=`` or ``<``), ``per_term`` (the relation
      of the per-term-normalised rates of the full lexicons), and for each ``k`` the share
      of draws in which ``a`` has more matches (``a_more``), as many (``equal``) and fewer
      (``b_more``), and ``holds``, the share in which the full-lexicon relation holds.

    ``matches`` must be the matches of ``lexicon`` on ``tokens``; the function checks that
    its re-run of the matching reproduces them and raises ``ValueError`` otherwise.
    """
    names = sorted(set(lexicon["theme"]), key=lambda t: (theme_rank(t), t))
    lexicon = lexicon.reset_index(drop=True)
    theme_of = lexicon["theme"].to_numpy()
    n_terms = {t: int((theme_of == t).sum()) for t in names}
    sizes = _lexicon_sizes(min(n_terms.values()), sizes)
    body_ids = report.paragraphs.loc[report.paragraphs["part"] > 0, "paragraph_id"]
    in_body = tokens["paragraph_id"].isin(body_ids).to_numpy()
    words = int((in_body & ~tokens["is_punct"].to_numpy()).sum())
    subsets = _drawn_lexicons(theme_of, names, sizes, draws, seed)
    counts = rematch_counts(tokens, lexicon, subsets, userdict=userdict, positions=in_body)
    member = np.array([theme_of == t for t in names], dtype=int)  # themes × rows
    per_theme = counts @ member.T  # subsets × themes: the full lexicon, then the draws
    _check_rematch(per_theme[0], matches[matches["paragraph_id"].isin(body_ids)], names)
    rate = 1000 * per_theme / words if words else np.full(per_theme.shape, np.nan)
    # the draws of each size
    blocks = [(k, slice(1 + j * draws, 1 + (j + 1) * draws)) for j, k in enumerate(sizes)]
    return {
        "rates": _size_rates(rate, blocks, names, n_terms),
        "orderings": _orderings(per_theme, blocks, names, n_terms),
    }


def _lexicon_sizes(smallest: int, sizes: Iterable[int] | None) -> list[int]:
    """The lexicon sizes to try: ``sizes``, or the smallest theme's size and ¾, ½ and ¼ of
    it; ``ValueError`` for a size below 1 or above ``smallest``."""
    if sizes is None:
        sizes = sorted(
            {smallest, round(0.75 * smallest), round(0.5 * smallest), round(0.25 * smallest)},
            reverse=True,
        )
    sizes = [int(k) for k in sizes]
    too_big = [k for k in sizes if k < 1 or k > smallest]
    if too_big:
        raise ValueError(
            f"sizes must be between 1 and the smallest theme's {smallest} terms, not {too_big}"
        )
    return sizes


def _drawn_lexicons(
    theme_of: np.ndarray, names: list[str], sizes: list[int], draws: int, seed: int
) -> list[np.ndarray]:
    """Masks over the lexicon's rows: the whole lexicon, then for each size ``k`` ``draws``
    masks of ``k`` terms of each theme drawn without replacement (fixed ``seed``)."""
    rng = np.random.default_rng(seed)
    index_of = {t: np.flatnonzero(theme_of == t) for t in names}
    subsets = [np.ones(len(theme_of), dtype=bool)]
    for k in sizes:
        for _ in range(draws):
            active = np.zeros(len(theme_of), dtype=bool)
            for t in names:
                active[rng.choice(index_of[t], size=k, replace=False)] = True
            subsets.append(active)
    return subsets


def _check_rematch(full: np.ndarray, body_matches: pd.DataFrame, names: list[str]) -> None:
    """``ValueError`` unless the re-run matching with the whole lexicon gives the matches
    given (in the body), theme by theme."""
    observed = body_matches.groupby("theme").size().reindex(names, fill_value=0).to_numpy()
    if not np.array_equal(full, observed):
        raise ValueError(
            "the matches given are not those of this lexicon on these tokens "
            f"(re-run: {dict(zip(names, full.tolist(), strict=True))}, "
            f"given: {dict(zip(names, observed.tolist(), strict=True))})"
        )


def _size_rates(
    rate: np.ndarray, blocks: list[tuple[int, slice]], names: list[str], n_terms: dict[str, int]
) -> pd.DataFrame:
    """The ``rates`` table of :func:`size_sensitivity` from the rates of every lexicon
    (the full one first, then the draws of each size, ``blocks``)."""
    rows = []
    for i, t in enumerate(names):
        r0 = float(rate[0, i])
        rows.append(
            {
                "size": "full",
                "theme": t,
                "terms": n_terms[t],
                "per_1000": r0,
                "per_1000_low": r0,
                "per_1000_high": r0,
                "per_1000_per_term": r0 / n_terms[t],
            }
        )
    for k, block in blocks:
        for i, t in enumerate(names):
            mean = float(rate[block, i].mean())
            lo, hi = (float(x) for x in np.percentile(rate[block, i], [2.5, 97.5]))
            rows.append(
                {
                    "size": str(k),
                    "theme": t,
                    "terms": k,
                    "per_1000": mean,
                    "per_1000_low": lo,
                    "per_1000_high": hi,
                    "per_1000_per_term": mean / k,
                }
            )
    return pd.DataFrame(rows)


def _relation(x: float, y: float) -> str:
    return ">" if x > y else ("=" if x == y else "<")


def _orderings(
    per_theme: np.ndarray,
    blocks: list[tuple[int, slice]],
    names: list[str],
    n_terms: dict[str, int],
) -> pd.DataFrame:
    """The ``orderings`` table of :func:`size_sensitivity` from the matches of each theme
    with every lexicon (the full one first, then the draws of each size, ``blocks``)."""
    full = per_theme[0]
    order_rows = []
    for i, a in enumerate(names):
        for j in range(i + 1, len(names)):
            b = names[j]
            rel = _relation(full[i], full[j])
            per_term = _relation(full[i] / n_terms[a], full[j] / n_terms[b])
            for k, block in blocks:
                x, y = per_theme[block, i], per_theme[block, j]
                shares = {
                    ">": float((x > y).mean()),
                    "=": float((x == y).mean()),
                    "<": float((x < y).mean()),
                }
                order_rows.append(
                    {
                        "a": a,
                        "b": b,
                        "full": rel,
                        "per_term": per_term,
                        "size": k,
                        "a_more": shares[">"],
                        "equal": shares["="],
                        "b_more": shares["<"],
                        "holds": shares[rel],
                    }
                )
    return pd.DataFrame(order_rows)


CHANGE_COLUMNS = [
    "term",
    "theme_before",
    "subtheme_before",
    "theme_after",
    "subtheme_after",
    "gloss",
    "source",
    "matches",
    "paragraphs",
    "coded",
    "corpus_pattern",
    "corpus_sentences",
    "corpus_with_pattern",
    "reason",
    "evidence",
    "revision",
    "lists",
]
#: The revisions the change log records (its ``revision`` column): the one on the hand coding
#: of the project's report (in sample), and two on the development halves of the
#: out-of-sample codings (:func:`split_halves`): the first read the 2025 vocabulary off the
#: development halves, the second took the post-2020 concepts of the coding guidelines as
#: candidates and chose the general terms (:func:`load_general_terms`); a third on the
#: development data with two more development reports (:data:`ROLES`); and a fourth on every
#: coding made before it (the halves and the earlier test reports included: all development
#: data for it), which added the provincial era rule
#: (:data:`workreport.themes.PROVINCIAL_MIN_REPORTS`); a fifth on every coding but six test
#: reports chosen and left out of every count before it, which made the user dictionary's
#: rule mechanical (:func:`workreport.tokens.unknown_word_splits`); a sixth, in the same
#: way, on every coding but six new test reports drawn at random; a seventh, in the same
#: way again, on every coding but six more drawn at random; and an eighth, the same way, on
#: every coding but six more drawn at random (:data:`LAST_REVISION`).
REVISIONS = (
    "shanxi-2017",
    "development-halves",
    "development-halves-2",
    "development-3",
    "development-4",
    "development-5",
    "development-6",
    "development-7",
    "development-8",
)
#: The revision the lexicon file is at, the instrument ``after`` the revisions.
LAST_REVISION = REVISIONS[-1]
#: The national reports each revision on the development data added to those left out of its
#: corpus counts (the reports coded out of sample since the revision before it).
_NEWLY_EXCLUDED = (
    ("development-halves", ("national-2017.txt", "national-2025.txt")),
    ("development-halves-2", ("national-2021.txt",)),
    ("development-3", ()),
    ("development-4", ()),
    ("development-5", ("national-2013.txt", "national-2019.txt")),
    ("development-6", ("national-1984.txt", "national-1987.txt")),
    ("development-7", ("national-1985.txt", "national-2018.txt")),
    ("development-8", ("national-1983.txt", "national-2015.txt")),
)


#: The national reports each revision on the development data left out of its corpus counts,
#: in order of name: those of the revision before it and those coded since (the second added
#: the test report of 2021, the fifth the test reports of 2013 and 2019, the sixth those of
#: 1984 and 1987, the seventh those of 1985 and 2018, the eighth those of 1983 and 2015; the
#: last's are :data:`workreport.themes.PRESENCE_EXCLUDED`).
def _cumulative(added: Iterable[tuple[str, tuple[str, ...]]]) -> dict[str, tuple[str, ...]]:
    """Each revision's exclusions: its own additions and every earlier revision's, sorted."""
    out: dict[str, tuple[str, ...]] = {}
    before: tuple[str, ...] = ()
    for revision, names in added:
        before = out[revision] = tuple(sorted({*before, *names}))
    return out


REVISION_EXCLUDED = _cumulative(_NEWLY_EXCLUDED)
#: ``theme_before`` of a term a revision added; ``theme_after`` of a candidate it did not add.
ADDED, NOT_ADDED = "none", "not added"


def load_lexicon_changes(path: str | Path | None = None) -> pd.DataFrame:
    """The documented changes to the theme lexicon, one row per term, validated.

    The default is ``data/lexicons/lexicon_changes.csv``. Columns: ``term``,
    ``theme_before``/``subtheme_before`` (where the term was), ``theme_after``/
    ``subtheme_after`` (where it is now; ``removed`` and empty when it was taken out),
    ``gloss`` and ``source`` (as in the lexicon, so that a removed term can be restored),
    ``matches``, ``paragraphs`` (``;``-separated paragraph ids) and ``coded`` (how many of
    those paragraphs the hand coding marks for ``theme_before``) in the project's report with
    the lexicon before the change, ``corpus_pattern``, ``corpus_sentences`` and
    ``corpus_with_pattern`` (:func:`context_counts` on the national reports), ``reason``,
    ``evidence``, ``revision`` (:data:`REVISIONS`: which revision made the change) and
    ``lists`` (the word lists the term is in now, ``;``-separated, empty when in none; see
    :func:`workreport.themes.load_lexicon`). A term the revision added has ``theme_before``
    ``none`` (and no ``subtheme_before``); a candidate it did not add has ``theme_after``
    ``not added``; a candidate one revision did not add may be decided again by a later one
    (under a new rule), so a term is listed once per revision. Raises
    :class:`~workreport.errors.ReportFormatError` naming the file when it cannot be read,
    lacks a column, lists a term twice in one revision or leaves a required field empty.
    """
    if path is None:
        from .resources import data_dir

        path = data_dir() / "lexicons" / "lexicon_changes.csv"
    p = Path(path)
    df = read_text_table(p, columns=CHANGE_COLUMNS, what="lexicon changes", strip=True)
    required = [
        "term",
        "theme_before",
        "theme_after",
        "gloss",
        "source",
        "reason",
        "evidence",
        "revision",
    ]
    empty = df[(df[required] == "").any(axis=1)]
    if len(empty):
        raise ReportFormatError(p, f"empty field in row {empty.index[0] + 2}")
    unknown = df[~df["revision"].isin(REVISIONS)]
    if len(unknown):
        raise ReportFormatError(p, f"unknown revision in row {unknown.index[0] + 2}")
    no_before = df[(df["theme_before"] != ADDED) & (df["subtheme_before"] == "")]
    if len(no_before):
        raise ReportFormatError(p, f"no subtheme_before for {no_before['term'].iloc[0]}")
    kept = df[~df["theme_after"].isin(["removed", NOT_ADDED]) & (df["subtheme_after"] == "")]
    if len(kept):
        raise ReportFormatError(p, f"no subtheme_after for {kept['term'].iloc[0]}")
    dup = df["term"][df.duplicated(["term", "revision"])]
    if len(dup):
        raise ReportFormatError(p, f"term listed twice: {dup.iloc[0]}")
    for col in ("matches", "coded", "corpus_sentences", "corpus_with_pattern"):
        if not df[col].str.fullmatch(r"\d+").all():
            raise ReportFormatError(p, f"{col} must be a whole number in every row")
        df[col] = df[col].astype(int)
    return df.reset_index(drop=True)


class _ChangeRow(Protocol):
    """A row of the dictionary-changes table as ``DataFrame.itertuples`` yields it
    (pandas-stubs types every field as any scalar)."""

    term: str
    theme_before: str
    subtheme_before: str
    theme_after: str
    subtheme_after: str


def undo_changes(lexicon: pd.DataFrame, changes: pd.DataFrame) -> pd.DataFrame:
    """The lexicon as it was before ``changes`` (:func:`load_lexicon_changes`).

    Removed terms come back with their theme, subtheme, gloss and source (at the end);
    re-assigned terms get their old theme and subtheme back; added terms (``theme_before``
    ``none``) are taken out where the lexicon holds them (a variant without the list they were
    added to does not), and candidates not added are ignored. Raises ``ValueError`` when
    the lexicon does not hold the changes: a removed term still in it, or a re-assigned term
    missing or not where the change put it.

    Examples
    --------
    >>> lex = pd.DataFrame({"theme": ["energy", "energy"], "subtheme": ["coal", "coal"],
    ...                     "term": ["煤炭", "煤电"], "gloss": "g", "source": "report"})
    >>> changes = pd.DataFrame({"term": ["煤炭", "钢铁"], "theme_before": "energy",
    ...     "subtheme_before": ["cuts", "cuts"], "theme_after": ["energy", "removed"],
    ...     "subtheme_after": ["coal", ""], "gloss": ["coal", "steel"], "source": "report"})
    >>> undo_changes(lex, changes)[["subtheme", "term", "gloss"]].values.tolist()
    [['cuts', '煤炭', 'g'], ['coal', '煤电', 'g'], ['cuts', '钢铁', 'steel']]
    """
    added = changes["theme_before"] == ADDED
    out = lexicon[~lexicon["term"].isin(changes.loc[added, "term"])].reset_index(drop=True)
    changes = changes[~added]
    removed = changes[changes["theme_after"] == "removed"]
    moved = changes[changes["theme_after"] != "removed"]
    still = sorted(set(removed["term"]) & set(out["term"]))
    if still:
        raise ValueError(f"term(s) marked removed are still in the lexicon: {', '.join(still)}")
    where = out.set_index("term")[["theme", "subtheme"]]
    for row in cast("Iterable[_ChangeRow]", moved.itertuples()):
        if row.term not in where.index:
            raise ValueError(f"re-assigned term {row.term} is not in the lexicon")
        now = tuple(where.loc[row.term])
        if now != (row.theme_after, row.subtheme_after):
            raise ValueError(
                f"re-assigned term {row.term} is in {now[0]}/{now[1]}, "
                f"not {row.theme_after}/{row.subtheme_after}"
            )
        idx = out.index[out["term"] == row.term]
        out.loc[idx, "theme"] = row.theme_before
        out.loc[idx, "subtheme"] = row.subtheme_before
    back = pd.DataFrame(
        {
            "theme": removed["theme_before"],
            "subtheme": removed["subtheme_before"],
            "term": removed["term"],
            "gloss": removed["gloss"],
            "source": removed["source"],
        }
    )
    cols = list(lexicon.columns)
    return pd.concat([out, back.reindex(columns=cols)], ignore_index=True)


def validity_before_after(
    report: Report,
    tokens: pd.DataFrame,
    lexicon: pd.DataFrame,
    changes: pd.DataFrame,
    coding: pd.DataFrame,
    *,
    threshold: int = 1,
    min_matches: int = 1,
    unit: str = "paragraph",
    userdict: str | None = "default",
) -> pd.DataFrame:
    """:func:`lexicon_validity` of the lexicon before ``changes`` and as it is now.

    The report is matched with each lexicon (:func:`~workreport.themes.match_terms`); the
    result is the validity table of each, stacked, with a first column ``lexicon``
    (``before``, ``after``) and, after ``theme``, the number of ``terms`` in the theme's
    lexicon and its ``matches`` in the report.
    """
    tables = []
    for label, lex in (("before", undo_changes(lexicon, changes)), ("after", lexicon)):
        m = match_terms(tokens, lex, userdict=userdict)
        names = [t for t in THEMES if t in set(lex["theme"])]
        v = lexicon_validity(
            report,
            m,
            coding,
            threshold=threshold,
            min_matches=min_matches,
            themes=names,
            unit=unit,
        )
        v.insert(0, "lexicon", label)
        v.insert(2, "terms", v["theme"].map(lex.groupby("theme").size()).astype(int))
        counts = m.groupby("theme").size() if len(m) else pd.Series(dtype=int)
        v.insert(3, "matches", v["theme"].map(counts).fillna(0).astype(int))
        tables.append(v)
    return pd.concat(tables, ignore_index=True)


def context_counts(texts: Iterable[str], term: str, pattern: str) -> tuple[int, int]:
    """In a collection of texts, the sentences holding ``term`` (as a substring) and how many
    of them also match the regular expression ``pattern``.

    A rough, lexicon-independent look at what a term usually travels with in a larger corpus
    (e.g. how often 大病保险 shares a sentence with 贫困/扶贫/脱贫 in the national reports).
    White space is removed first; sentences end at 。！？ or ；.

    Examples
    --------
    >>> texts = ["城乡居民大病保险全覆盖。 贫困人口 大病保险 倾斜；脱贫。"]
    >>> context_counts(texts, "大病保险", "贫困|扶贫")
    (2, 1)
    """
    import re

    rx = re.compile(pattern) if pattern else None
    n = hits = 0
    for text in texts:
        for sentence in re.split(r"[。！？；]", "".join(text.split())):
            if term in sentence:
                n += 1
                hits += bool(rx and rx.search(sentence))
    return n, hits
