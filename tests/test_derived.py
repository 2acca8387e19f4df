"""The derived datasets: deterministic, and the committed copies up to date."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from workreport.cli import main
from workreport.derived import build_derived, write_csv
from workreport.resources import data_dir

COMMITTED = data_dir() / "derived"
EXPECTED_FILES = {
    "paragraphs.csv",
    "anomalies.csv",
    "themes.csv",
    "theme_by_section.csv",
    "theme_matches.csv",
    "segmentation.csv",
    "dictionary_changes.csv",
    "robustness.csv",
    "targets.csv",
    "target_pairs.csv",
    "targets_evaluation.csv",
}


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """The derived data built twice: once through the API, once through the command line."""
    a = tmp_path_factory.mktemp("derived_a")
    b = tmp_path_factory.mktemp("derived_b")
    written = build_derived(a)
    assert main(["build-data", "--out", str(b)]) == 0
    return a, b, written


def test_build_writes_every_file(builds):
    a, _, written = builds
    assert {p.name for p in written} == EXPECTED_FILES
    assert {p.name for p in a.iterdir()} == EXPECTED_FILES
    for p in written:
        data = p.read_bytes()
        assert b"\r\n" not in data
        data.decode("utf-8")


def test_build_is_deterministic(builds):
    a, b, _ = builds
    assert sorted(p.name for p in a.iterdir()) == sorted(p.name for p in b.iterdir())
    for p in sorted(a.iterdir()):
        assert p.read_bytes() == (b / p.name).read_bytes(), p.name


def _committed_files() -> list[Path]:
    return sorted(p for p in COMMITTED.glob("*.csv")) if COMMITTED.is_dir() else []


@pytest.mark.parametrize("name", [p.name for p in _committed_files()] or ["(none)"])
def test_committed_derived_data_up_to_date(builds, name):
    if name == "(none)":
        pytest.skip("data/derived holds no committed CSV files")
    a, _, _ = builds
    fresh = a / name
    assert fresh.exists(), f"{name} is committed but no longer built"
    assert (COMMITTED / name).read_bytes() == fresh.read_bytes(), (
        f"data/derived/{name} differs from a fresh build: run `make data`"
    )


def test_committed_files_match_build_list(builds):
    if not _committed_files():
        pytest.skip("data/derived holds no committed CSV files")
    assert {p.name for p in _committed_files()} == EXPECTED_FILES


def test_build_on_another_report(tmp_path, synthetic_path):
    written = {p.name for p in build_derived(tmp_path, report_path=synthetic_path)}
    # a plain (unsegmented) report has no seed segmentation; the gold belongs to the real report
    assert "segmentation.csv" not in written
    assert "targets_evaluation.csv" not in written
    assert {"paragraphs.csv", "targets.csv", "themes.csv"} <= written
    paragraphs = pd.read_csv(tmp_path / "paragraphs.csv")
    assert len(paragraphs) == 21


def test_write_csv_format(tmp_path):
    df = pd.DataFrame({"a": [1.0 / 3, 2.0], "b": ["甲", "乙"]})
    p = write_csv(df, tmp_path / "x.csv")
    assert p.read_bytes() == "a,b\n0.333333,甲\n2,乙\n".encode()
