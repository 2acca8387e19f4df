"""The derived datasets: deterministic, and the committed copies up to date."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pandas as pd
import pytest

from workreport import derived
from workreport.cli import main
from workreport.derived import build_derived, write_atomic, write_csv
from workreport.errors import OutputError
from workreport.pipeline import analyse, themes_table
from workreport.resources import data_dir

COMMITTED = data_dir() / "derived"
NATIONAL = data_dir() / "raw" / "national"
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
    "targets_evaluation_fields.csv",
    "provincial_structure.csv",
    "targets_evaluation_provincial.csv",
    "targets_evaluation_provincial_fields.csv",
    "national_series.csv",
    "shanxi_vs_national_themes.csv",
    "shanxi_vs_national_targets.csv",
    "distinctive_words.csv",
    "national_structure.csv",
    "targets_evaluation_national.csv",
    "targets_evaluation_national_fields.csv",
    "lexicon_validity_out_of_sample.csv",
    "general_terms_development.csv",
    "coder_agreement.csv",
    "claims_sensitivity.csv",
    "lexicon_variants.csv",
    "centre_binding.csv",
    "centre_core_rates.csv",
    "centre_dashboard.csv",
    "centre_echo.csv",
    "centre_echo_summary.csv",
    "centre_gdp_targets.csv",
    "centre_ranks.csv",
    "centre_shared_terms.csv",
    "centre_shares.csv",
    "centre_target_counts.csv",
    "centre_targets.csv",
    "inference_plan_review.csv",
    "inference_rates.csv",
    "inference_theme_order.csv",
    "provinces_binding_targets.csv",
    "provinces_main_targets.csv",
    "provinces_main_targets_evaluation.csv",
    "provinces_shift.csv",
    "provinces_themes.csv",
    "provinces_vocabulary.csv",
}


@pytest.fixture
def builds(derived_builds):
    """The derived data built twice in this process (``derived_builds`` in conftest.py):
    through the API and through the command line."""
    return derived_builds["api"], derived_builds["cli"], derived_builds["written"]


# The tests that take ``builds`` are slow: two full builds of data/derived/ (the report, the
# national and provincial corpora, the bootstraps), about 40 s each. ``make check-data`` also
# compares a fresh build with the committed files.


@pytest.mark.slow
def test_build_writes_every_file(builds):
    a, _, written = builds
    assert {p.name for p in written} == EXPECTED_FILES
    assert {p.name for p in a.iterdir()} == EXPECTED_FILES
    for p in written:
        data = p.read_bytes()
        assert b"\r\n" not in data
        data.decode("utf-8")


@pytest.mark.slow
def test_build_is_deterministic(builds):
    a, b, _ = builds
    assert sorted(p.name for p in a.iterdir()) == sorted(p.name for p in b.iterdir())
    for p in sorted(a.iterdir()):
        assert p.read_bytes() == (b / p.name).read_bytes(), p.name


def _committed_files() -> list[Path]:
    return sorted(p for p in COMMITTED.glob("*.csv")) if COMMITTED.is_dir() else []


@pytest.mark.slow
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


def test_committed_files_match_build_list():
    if not _committed_files():
        pytest.skip("data/derived holds no committed CSV files")
    assert {p.name for p in _committed_files()} == EXPECTED_FILES


@pytest.mark.slow  # a full build on the synthetic report, national context included
def test_build_on_another_report(tmp_path, synthetic_path):
    written = {p.name for p in build_derived(tmp_path, report_path=synthetic_path)}
    # a plain (unsegmented) report has no seed segmentation; the gold belongs to the real report
    assert "segmentation.csv" not in written
    assert "targets_evaluation.csv" not in written
    assert "national_structure.csv" not in written  # the validation tables are the project's
    assert "provincial_structure.csv" not in written
    assert "national_series.csv" in written  # the context: the national series and its year
    assert {"paragraphs.csv", "targets.csv", "themes.csv"} <= written
    paragraphs = pd.read_csv(tmp_path / "paragraphs.csv")
    assert len(paragraphs) == 21


def _types(table: pd.DataFrame) -> list[tuple[str, str]]:
    return list(zip(table.columns, table.dtypes.astype(str), strict=True))


@pytest.mark.slow  # every table twice, each with the national context (the 57 reports)
def test_tables_are_well_formed_when_empty(tmp_path):
    """A report without sections, theme words or quantities: every table has the columns
    and types it has for a report with all of them."""
    if not (NATIONAL / "national-2017.txt").exists():
        pytest.skip("the national reports are not here")
    tiny = tmp_path / "tiny.txt"
    tiny.write_text("政府工作报告\n各位代表：\n今年我们做了一些事情。\n", encoding="utf-8")
    full = derived.derived_tables(report_path=NATIONAL / "national-2017.txt")
    empty = derived.derived_tables(report_path=tiny)
    assert set(empty) == set(full)
    assert {name for name, table in empty.items() if table.empty} == {
        "theme_by_section.csv",
        "theme_matches.csv",
        "dictionary_changes.csv",
        "targets.csv",
        "target_pairs.csv",
        "shanxi_vs_national_targets.csv",
    }
    for name, table in full.items():
        assert not table.empty, name
        assert _types(empty[name]) == _types(table), name


@pytest.mark.slow
def test_build_data_for_every_national_report(tmp_path, capsys, monkeypatch):
    """``build-data --report`` on each national report: status 0 and every file written with
    the columns of the committed one."""
    reports = sorted(NATIONAL.glob("national-*.txt"))
    if not reports:
        pytest.skip("the national reports are not here")
    # The national series (the whole pipeline on the 57 reports, in worker processes) is the
    # same table whatever --report is: computed by the first build, handed to the others (a
    # copy each time). Without this the test ran the corpus 57 times (about 4 s a report).
    from workreport import context

    series = {}
    real_series = context.national_series

    def national_series(corpus_dir=None, *, jobs=2):
        key = (str(corpus_dir), jobs)
        if key not in series:
            series[key] = real_series(corpus_dir, jobs=jobs)
        return series[key].copy()

    monkeypatch.setattr(context, "national_series", national_series)
    headers = {p.name: p.read_text(encoding="utf-8").split("\n", 1)[0] for p in _committed_files()}
    failed = []
    for path in reports:
        out = tmp_path / path.stem
        if main(["build-data", "--report", str(path), "--out", str(out)]) != 0:
            failed.append(capsys.readouterr().err.strip())
            continue
        for csv in out.iterdir():
            header = csv.read_text(encoding="utf-8").split("\n", 1)[0]
            assert header == headers[csv.name], (path.name, csv.name)
        assert {"targets.csv", "robustness.csv", "theme_by_section.csv"} <= {
            p.name for p in out.iterdir()
        }
    assert not failed, failed
    assert len(reports) == 57


def test_write_csv_format(tmp_path):
    df = pd.DataFrame({"a": [1.0 / 3, 2.0], "b": ["甲", "乙"]})
    p = write_csv(df, tmp_path / "x.csv")
    assert p.read_bytes() == "a,b\n0.333333,甲\n2,乙\n".encode()


# --- atomic writes and one-line errors (issue #16) ---------------------------------------------


def _one_line(err: str, *words: str) -> None:
    assert err.count("\n") == 1 and err.startswith("workreport: error: "), err
    assert "Traceback" not in err
    for w in words:
        assert w in err, err


def test_write_atomic_replaces_and_leaves_no_temporary(tmp_path):
    p = tmp_path / "x.csv"
    p.write_bytes(b"old\n")
    assert write_atomic(b"new\n", p) == p
    assert p.read_bytes() == b"new\n"
    assert [q.name for q in tmp_path.iterdir()] == ["x.csv"]
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(p.stat().st_mode) == 0o666 & ~umask


@pytest.mark.parametrize("fail_at", ["write", "fsync", "replace"])
def test_failed_write_keeps_the_old_file(tmp_path, monkeypatch, fail_at):
    p = tmp_path / "x.csv"
    p.write_bytes(b"old\n")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    if fail_at == "write":
        monkeypatch.setattr(derived, "open", lambda fd, mode: os.fdopen(fd, "rb"), raising=False)
    else:
        monkeypatch.setattr(derived.os, fail_at, full)
    with pytest.raises(OutputError) as info:
        write_csv(pd.DataFrame({"a": [1]}), p)
    assert info.value.path == str(p)
    assert info.value.problem.startswith("cannot be written (")
    assert p.read_bytes() == b"old\n"
    assert [q.name for q in tmp_path.iterdir()] == ["x.csv"]


def test_write_onto_a_folder(tmp_path):
    (tmp_path / "x.csv").mkdir()
    with pytest.raises(OutputError, match=r"x.csv: cannot be written \(Is a directory\)"):
        write_csv(pd.DataFrame({"a": [1]}), tmp_path / "x.csv")
    assert sorted(q.name for q in tmp_path.iterdir()) == ["x.csv"]


def _one_table(*, report_path=None):
    """What the write-error tests build instead of every table (the failure is the folder's,
    whatever is written; the full build takes seconds): the synthetic report's themes."""
    return {"themes.csv": themes_table(analyse(report_path))}


def test_build_data_out_is_a_file(capsys, tmp_path, synthetic_path):
    out = tmp_path / "out"
    out.write_bytes(b"keep me")
    status = main(["build-data", "--out", str(out), "--report", str(synthetic_path)])
    captured = capsys.readouterr()
    assert status == 2 and captured.out == ""
    _one_line(captured.err, f"{out}: exists and is not a folder")
    assert out.read_bytes() == b"keep me"


@pytest.mark.skipif(not Path("/sys/kernel").is_dir(), reason="needs Linux /sys")
def test_build_data_out_cannot_be_created(capsys, monkeypatch, synthetic_path):
    out = "/sys/workreport-test-out"  # refused even to root, like a read-only folder
    monkeypatch.setattr(derived, "derived_tables", _one_table)
    status = main(["build-data", "--out", out, "--report", str(synthetic_path)])
    captured = capsys.readouterr()
    assert status == 2 and captured.out == ""
    _one_line(captured.err, f"{out}: cannot be created (")


def test_build_data_out_read_only(capsys, tmp_path, monkeypatch, synthetic_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "themes.csv").write_bytes(b"old\n")
    real_open = os.open

    def read_only(path, flags, *args):  # what a read-only folder gives (root writes anyway)
        if flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(derived.os, "open", read_only)
    monkeypatch.setattr(derived, "derived_tables", _one_table)
    status = main(["build-data", "--out", str(out), "--report", str(synthetic_path)])
    captured = capsys.readouterr()
    assert status == 2 and captured.out == ""
    _one_line(captured.err, "cannot be written (Permission denied)")
    assert [q.name for q in out.iterdir()] == ["themes.csv"]
    assert (out / "themes.csv").read_bytes() == b"old\n"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_build_data_out_read_only_really(capsys, tmp_path, synthetic_path):
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        status = main(["build-data", "--out", str(out), "--report", str(synthetic_path)])
    finally:
        out.chmod(0o755)
    assert status == 2
    _one_line(capsys.readouterr().err, "Permission denied")


@pytest.mark.parametrize(
    ("content", "problem"), [(None, "no such file"), (b"", "empty file")], ids=["missing", "empty"]
)
def test_build_data_bad_report(capsys, tmp_path, content, problem):
    report = tmp_path / "report.txt"
    if content is not None:
        report.write_bytes(content)
    out = tmp_path / "out"
    status = main(["build-data", "--out", str(out), "--report", str(report)])
    captured = capsys.readouterr()
    assert status == 2 and captured.out == ""
    _one_line(captured.err, f"{report}: {problem}")
    assert not out.exists()  # nothing written, not even the folder


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda d: d / ("a" * 300), "cannot be used (File name too long)"),
        (lambda d: d / "file" / "out", "cannot be used (Not a directory)"),
    ],
    ids=["name-too-long", "under-a-file"],
)
def test_build_data_unusable_out(capsys, tmp_path, synthetic_path, make, problem):
    (tmp_path / "file").write_bytes(b"")
    out = make(tmp_path)
    status = main(["build-data", "--out", str(out), "--report", str(synthetic_path)])
    captured = capsys.readouterr()
    assert status == 2 and captured.out == ""
    _one_line(captured.err, f"{out}: {problem}")


@pytest.mark.slow  # the built table (each report against its hand count: test_national_load.py)
def test_national_structure_matches_hand_counts(builds):
    a, _, _ = builds
    table = pd.read_csv(a / "national_structure.csv")
    assert len(table) == 57
    # 1964 is a news summary whose part headings look like its crossheads (documented, and a
    # strict xfail in tests/test_national_load.py)
    disagree = table.loc[~table["agrees"], "file"].tolist()
    assert disagree == ["national-1964.txt"]
