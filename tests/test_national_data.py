"""The national reference corpus in data/raw/national/: byte-identical to its manifest."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest

NATIONAL = Path(__file__).resolve().parents[1] / "data" / "raw" / "national"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "national"


def _manifest() -> list[dict[str, str]]:
    with (NATIONAL / "MANIFEST.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_manifest_lists_every_file_once():
    rows = _manifest()
    files = sorted(p.name for p in NATIONAL.glob("national-*.txt"))
    assert sorted(r["file"] for r in rows) == files
    assert len(files) == 57
    assert all(r["file"] == f"national-{r['year']}.txt" for r in rows)


@pytest.mark.parametrize("row", _manifest(), ids=lambda r: r["file"])
def test_national_file_checksum(row):
    data = (NATIONAL / row["file"]).read_bytes()
    assert len(data) == int(row["bytes"])
    assert hashlib.sha256(data).hexdigest() == row["sha256"]


def test_national_copy_matches_shared():
    if not SHARED.exists():
        pytest.skip(f"{SHARED} not present")
    for p in sorted(SHARED.iterdir()):
        assert (NATIONAL / p.name).read_bytes() == p.read_bytes(), p.name
