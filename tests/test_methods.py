"""book/methods.md: every number it states about the national validation is the data's."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from workreport.resources import data_dir

METHODS = Path(__file__).resolve().parents[1] / "book" / "methods.md"


def _table_after(heading: str) -> list[list[str]]:
    text = METHODS.read_text(encoding="utf-8")
    start = text.index(heading)
    rows = []
    for line in text[start:].splitlines()[1:]:
        if line.startswith("|"):
            rows.append([c.strip() for c in line.strip().strip("|").split("|")])
        elif rows:
            break
    return rows[2:]  # without header and rule


def test_national_accuracy_table_is_the_derived_data():
    rows = _table_after("**Accuracy on national reports the extractor was not developed on.**")
    derived = pd.read_csv(data_dir() / "derived" / "targets_evaluation_national.csv")
    derived["report"] = [
        "all" if f == "all" else f.removeprefix("national-").removesuffix(".txt")
        for f in derived["file"]
    ]
    expected = [
        [
            r.report,
            str(int(r.gold)),
            str(int(r.extracted)),
            str(int(r.found)),
            f"{r.precision:.2f}",
            f"{r.recall:.2f}",
            f"{r.indicator_agreement:.2f}",
        ]
        for r in derived.itertuples()
    ]
    assert rows == expected


def test_national_structure_claim_is_the_derived_data():
    table = pd.read_csv(data_dir() / "derived" / "national_structure.csv")
    text = METHODS.read_text(encoding="utf-8")
    assert f"all {len(table)} load" in text
    assert table.loc[~table["agrees"], "file"].tolist() == ["national-1964.txt"]
    assert "but one, the 1964 file" in text
