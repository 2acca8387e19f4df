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
- **Shares** — :func:`result_shares` sets each result of the year reviewed beside the
  national result for the same indicator and year.
- **Dashboard** — :func:`indicator_role` (ceiling or ambition), :func:`is_programme`
  (programme names are not indicators), :func:`dashboard` (changes in percentage points for
  rates) and :func:`gdp_target_history`.

:func:`centre_tables` returns the derived tables by file name.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import ReportFormatError
from .resources import data_dir

__all__ = [
    "GENRE_COLUMNS",
    "WORK_REPORT_GENRES",
    "genre_ranks",
    "load_genre",
    "work_reports_only",
]

# --- 1. corpus genre ----------------------------------------------------------------------------

GENRE_COLUMNS = ["file", "year", "genre", "evidence", "counts", "note"]
"""The columns of ``data/annotations/national_genre.csv`` (see its README section)."""

WORK_REPORT_GENRES = {
    "all": ("government work report", "five-year plan report (premier)"),
    "strict": ("government work report",),
}
"""The genres a file may have to count as a premier's government work report: ``all`` takes
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
