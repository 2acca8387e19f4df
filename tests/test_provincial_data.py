"""The provincial reports of 2025 in data/raw/provincial-2025/: byte-identical to their
manifest, and read by the loader as the hand count (made without the loader) reads them."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest

import workreport as wr

PROVINCIAL = Path(__file__).resolve().parents[1] / "data" / "raw" / "provincial-2025"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "provincial-2025"
ANNOTATIONS = Path(__file__).resolve().parents[1] / "data" / "annotations"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


MANIFEST = _rows(PROVINCIAL / "MANIFEST.csv")
GOLD = {r["file"]: r for r in _rows(ANNOTATIONS / "provincial_structure_gold.csv")}


def test_manifest_lists_every_file_once():
    files = sorted(p.name for p in PROVINCIAL.glob("*.docx"))
    assert sorted(r["file"] for r in MANIFEST) == files
    assert len(files) == 31
    assert sorted(GOLD) == files


@pytest.mark.parametrize("row", MANIFEST, ids=lambda r: r["government"])
def test_provincial_file_checksum(row):
    data = (PROVINCIAL / row["file"]).read_bytes()
    assert len(data) == int(row["bytes"])
    assert hashlib.sha256(data).hexdigest() == row["sha256"]


def test_provincial_copy_matches_shared():
    if not SHARED.exists():
        pytest.skip(f"{SHARED} not present")
    for p in sorted(SHARED.iterdir()):
        assert (PROVINCIAL / p.name).read_bytes() == p.read_bytes(), p.name


@pytest.fixture(scope="module")
def reports() -> dict[str, wr.Report]:
    return {name: wr.load_report(PROVINCIAL / name) for name in GOLD}


def _meta(r: wr.Report) -> tuple[str, str, str, str]:
    return (r.title, r.date, r.speaker, r.speaker_office)


def test_title_date_speaker_as_hand_counted(reports):
    wrong = {
        name: (_meta(r), (g["title"], g["date"], g["speaker"], g["speaker_title"]))
        for name, r in reports.items()
        if _meta(r) != ((g := GOLD[name])["title"], g["date"], g["speaker"], g["speaker_title"])
    }
    assert len(wrong) <= 1, wrong  # the bar: right for at least 30 of 31


def test_parts_as_hand_counted(reports):
    wrong = {
        name: (len(r.parts), int(GOLD[name]["parts"]))
        for name, r in reports.items()
        if len(r.parts) != int(GOLD[name]["parts"])
    }
    assert wrong == {}


def test_part_titles_as_hand_counted(reports):
    wrong = {
        name: (r.parts["title"].tolist(), GOLD[name]["part_titles"].split(" | "))
        for name, r in reports.items()
        if r.parts["title"].tolist() != GOLD[name]["part_titles"].split(" | ")
        and GOLD[name]["part_style"] != "unnumbered"
    }
    assert wrong == {}


def test_sections_as_hand_counted(reports):
    """Sections agree with the hand count except where the annotator marked the count
    ambiguous (second-level units numbered 一是 … or run into their paragraphs), listed."""
    wrong = {
        name: (len(r.sections), int(GOLD[name]["sections"]))
        for name, r in reports.items()
        if len(r.sections) != int(GOLD[name]["sections"])
    }
    ambiguous = {name for name in GOLD if "AMBIGUOUS" in GOLD[name]["notes"]}
    assert set(wrong) <= ambiguous, {k: v for k, v in wrong.items() if k not in ambiguous}


def test_back_matter_is_set_aside(reports):
    """Annexes and glossaries are set aside from where the hand count says they begin: none
    of their text is analysed, and none of the report's is lost."""
    for name, r in reports.items():
        g = GOLD[name]
        aside = r.anomalies[r.anomalies["action"].str.contains("annex or glossary")]
        if g["back_matter"] == "none":
            assert aside.empty, name
            continue
        assert not aside.empty, name
        first = aside["original"].iloc[0]
        assert first.startswith(g["back_matter_first_words"][: len(first)][:4]), (name, first)
        assert g["back_matter_first_words"][:6] not in r.text, name


def test_extractor_against_the_provincial_hand_annotation():
    """Quantities of the review headline and main-targets paragraphs of seven provincial
    reports (annotated without the extractor's output): the issue's floors, scored on every
    report together and on each report's recall."""
    from workreport.evaluate import load_national_gold, score_national

    gold = load_national_gold(ANNOTATIONS / "provincial_targets_gold.csv", locator="paragraph")
    scores = score_national(gold, PROVINCIAL)
    overall = scores["by_year"].set_index("file").loc["all"]
    assert overall["gold"] == len(gold) == 89
    assert overall["recall"] >= 0.95 and overall["precision"] >= 0.95
    assert (scores["by_year"]["recall"] >= 0.85).all()
    agreement = scores["attributes"].set_index("attribute")["accuracy"]
    for field in ("kind", "period", "qualifier", "value", "unit"):
        assert agreement[field] >= 0.95, (field, agreement[field])
    assert agreement["direction"] >= 0.9 and agreement["indicator"] >= 0.9


def test_derived_table_covers_every_report():
    from workreport.derived import provincial_structure

    table = provincial_structure(PROVINCIAL)
    assert len(table) == 31 and (table["format"] == "word").all()
    assert table["meta_agrees"].sum() >= 30
    assert table["parts_agree"].all()


def test_the_misses_are_those_methods_names():
    """book/methods.md names the provincial misses: bare Chinese magnitudes and a count in
    words."""
    from workreport.evaluate import load_national_gold, score_national

    gold = load_national_gold(ANNOTATIONS / "provincial_targets_gold.csv", locator="paragraph")
    misses = score_national(gold, PROVINCIAL)["misses"]
    assert sorted(misses["mention"]) == ["万亿元", "万亿元", "十方面"]
