"""Many reports at once: listing, streaming, errors per file, worker processes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from workreport.cli import _targets_for
from workreport.corpus import FileResult, list_reports, run_corpus


@pytest.fixture
def corpus(tmp_path, synthetic_path):
    d = tmp_path / "corpus"
    (d / "sub").mkdir(parents=True)
    shutil.copy(synthetic_path, d / "a.txt")
    shutil.copy(synthetic_path, d / "sub" / "c.TXT")
    (d / "b.txt").write_bytes(b"\x00\x01\x02 not a report")
    (d / "notes.csv").write_text("x,y\n", encoding="utf-8")
    return d


def test_list_reports(corpus):
    names = [p.relative_to(corpus).as_posix() for p in list_reports(corpus)]
    assert names == ["a.txt", "b.txt", "sub/c.TXT"]
    assert list_reports(corpus / "a.txt") == [corpus / "a.txt"]
    assert list_reports(corpus / "missing.txt") == [corpus / "missing.txt"]


def _lines(path: Path) -> pd.DataFrame:
    text = path.read_text(encoding="utf-8")
    if "boom" in text:
        raise RuntimeError("boom")
    return pd.DataFrame({"n": [len(text.splitlines())]})


def test_run_corpus_errors_per_file(tmp_path):
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text("甲\n乙\n", encoding="utf-8")
    bad.write_text("boom\n", encoding="utf-8")
    results = list(run_corpus(_lines, [good, bad, tmp_path / "missing.txt"], progress=False))
    assert [r.path for r in results] == [str(good), str(bad), str(tmp_path / "missing.txt")]
    assert results[0].table["n"].tolist() == [2] and results[0].error == ""
    assert results[1].table is None
    assert results[1].error == f"{bad}: unexpected RuntimeError: boom"
    assert results[2].table is None
    assert "unexpected FileNotFoundError" in results[2].error


@pytest.mark.parametrize("jobs", [1, 2])
def test_run_corpus_report_errors(corpus, jobs):
    paths = list_reports(corpus)
    results = list(run_corpus(_targets_for, paths, jobs=jobs, progress=False))
    assert all(isinstance(r, FileResult) for r in results)
    assert [Path(r.path).name for r in results] == ["a.txt", "b.txt", "c.TXT"]
    ok = [r for r in results if r.table is not None]
    assert len(ok) == 2
    pd.testing.assert_frame_equal(ok[0].table, ok[1].table)
    bad = results[1]
    assert bad.table is None
    assert bad.error.startswith(str(corpus / "b.txt") + ": binary file")
    assert "unexpected" not in bad.error


def test_run_corpus_is_lazy(tmp_path):
    paths = [tmp_path / f"{i}.txt" for i in range(3)]
    for p in paths:
        p.write_text("甲\n", encoding="utf-8")
    gen = run_corpus(_lines, paths, progress=False)
    first = next(gen)
    assert first.path == str(paths[0])
    gen.close()
