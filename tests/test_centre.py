"""Fair comparisons with the centre (workreport.centre): the genre annotation checked against
the raw texts, the genre-core rule, timing, target counting, shares of national results and
the dashboard's classifications, on hand-built examples and on the real reports."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest

from workreport import ReportFormatError
from workreport import centre as ce

ROOT = Path(__file__).resolve().parents[1]
NATIONAL = ROOT / "data" / "raw" / "national"
GENRE = ROOT / "data" / "annotations" / "national_genre.csv"


def _flat(text: str) -> str:
    return re.sub(r"[\s\u200b]+", "", text)


# --- 1. corpus genre ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def genre() -> pd.DataFrame:
    return ce.load_genre(GENRE)


def test_genre_lists_every_national_file_once(genre):
    files = sorted(p.name for p in NATIONAL.glob("national-*.txt"))
    assert sorted(genre["file"]) == files
    assert (genre["year"] == genre["file"].str.extract(r"(\d{4})")[0].astype(int)).all()


def test_genre_evidence_is_words_of_the_text(genre):
    """Every fragment of the evidence (between ' … ', without an annotator's parenthesis) is
    in the file, whitespace and zero-width spaces aside."""
    for row in genre.itertuples():
        text = _flat((NATIONAL / row.file).read_text(encoding="utf-8"))
        for frag in row.evidence.split(" … "):
            words = _flat(re.sub(r"\s*\(.*\)$", "", frag))
            if words and not words.startswith("thefileholds"):
                assert words in text, (row.file, frag)


def _speaker(evidence: str) -> str:
    return next(
        (f for f in evidence.split(" … ") if re.search("总理|国务委员|部长", f) and len(f) < 40), ""
    )


def test_counts_follow_the_stated_rule(genre):
    """The rule of the README: a file counts when its speaker line names the premier (or the
    acting premier), not a vice-premier, state councillor or minister, and the text is not an
    abridgement; its genre is then one of the work-report genres."""
    for row in genre.itertuples():
        speaker = _speaker(row.evidence)
        premier = bool(re.search(r"(?<!副)总理", speaker)) and not re.search(
            "副总理|国务委员|部长", speaker
        )
        summary = "摘要" in row.evidence
        if row.counts == "yes":
            assert row.genre in ce.WORK_REPORT_GENRES["all"], row.file
            assert not summary and (premier or not speaker), row.file
        else:
            assert row.genre not in ce.WORK_REPORT_GENRES["all"], row.file
            assert summary or (speaker and not premier), row.file


def test_load_genre_refuses_bad_files(tmp_path):
    with pytest.raises(ReportFormatError, match=r"missing\.csv"):
        ce.load_genre(tmp_path / "missing.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("file,year,genre,evidence,counts,note\na.txt,2000,x,y,maybe,\n", "utf-8")
    with pytest.raises(ReportFormatError, match="yes or no"):
        ce.load_genre(bad)
    short = tmp_path / "short.csv"
    short.write_text("file,year\na.txt,2000\n", "utf-8")
    with pytest.raises(ReportFormatError, match="genre"):
        ce.load_genre(short)
    twice = tmp_path / "twice.csv"
    with twice.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(ce.GENRE_COLUMNS)
        w.writerows([["a.txt", 2000, "plan report", "e", "no", ""]] * 2)
    with pytest.raises(ReportFormatError, match="twice"):
        ce.load_genre(twice)


def test_work_reports_only_and_ranks_on_a_made_up_series():
    series = pd.DataFrame(
        {
            "file": ["a", "b", "c", "d", "e"],
            "status": ["ok", "ok", "ok", "ok", "failed"],
            "m": [1.0, 9.0, 2.0, 4.0, float("nan")],
        }
    )
    genre = pd.DataFrame(
        {
            "file": ["a", "b", "c", "d", "e"],
            "counts": ["yes", "no", "yes", "yes", "yes"],
            "genre": [
                "government work report",
                "plan report",
                "five-year plan report (premier)",
                "government work report",
                "government work report",
            ],
        }
    )
    assert ce.work_reports_only(series, genre)["file"].tolist() == ["a", "c", "d", "e"]
    assert ce.work_reports_only(series, genre, strict=True)["file"].tolist() == ["a", "d", "e"]
    r = ce.genre_ranks(series, {"m": 3.0}, genre).set_index("corpus")
    # all loaded files: 1, 9, 2, 4 -> two below 3 of 4; work reports 1, 2, 4; strict 1, 4
    assert r.loc["all files", ["reports", "reports_below"]].tolist() == [4, 2]
    assert r.loc["work reports", ["reports", "reports_below"]].tolist() == [3, 2]
    assert r.loc["work reports (strict)", "percentile"] == 50.0
