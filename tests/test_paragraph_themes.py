"""The paragraph theme hand coding (data/annotations/paragraph_themes*.csv) is well formed."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from workreport import default_report_path
from workreport.resources import data_dir

COLUMNS = ["raw_line", "energy", "poverty", "ecology", "note"]
CODES = ["energy", "poverty", "ecology"]


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(data_dir() / "annotations" / name, keep_default_na=False)


@pytest.fixture(scope="module")
def raw_lines() -> list[str]:
    return default_report_path().read_text(encoding="utf-8").split("\n")


@pytest.mark.parametrize("name", ["paragraph_themes.csv", "paragraph_themes_recode.csv"])
def test_columns_and_code_values(name):
    table = _read(name)
    assert list(table.columns) == COLUMNS
    assert table["raw_line"].is_unique
    for column in CODES:
        assert set(table[column]) <= {0, 1, 2}, (name, column)


def test_every_non_empty_line_is_coded_once(raw_lines):
    table = _read("paragraph_themes.csv")
    non_empty = [i for i, line in enumerate(raw_lines, start=1) if line.strip()]
    assert sorted(table["raw_line"]) == non_empty


def test_recode_lines_are_the_seeded_sample():
    recode = _read("paragraph_themes_recode.csv")
    sample = random.Random(2017).sample(range(6, 114), 30)
    assert sorted(recode["raw_line"]) == sorted(sample)
