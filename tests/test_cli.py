"""The command line: inspect, themes, targets, errors and directories."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from workreport.cli import main

SUMMARY_ORDER = [
    "name",
    "format",
    "encoding",
    "title",
    "date",
    "speaker",
    "speaker_office",
    "source_format",
    "characters",
    "paragraphs",
    "sentences",
    "parts",
    "sections",
    "anomalies",
]
"""The keys of a report's summary (``inspect --json``), in the order they are written."""
SUMMARY_KEYS = {*SUMMARY_ORDER, "tokens", "word_tokens"}  # inspect adds the token counts


def run(capsys, *argv):
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def csv(out: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(out), dtype={"period": str, "part": str})


def assert_one_line_error(err: str, *words: str):
    assert err.endswith("\n")
    assert err.count("\n") == 1, err
    assert err.startswith("workreport: error: ")
    assert "Traceback" not in err
    for w in words:
        assert w in err


def test_inspect_json_real(capsys, real_path):
    status, out, err = run(capsys, "inspect", real_path, "--json")
    assert status == 0
    assert err == ""
    s = json.loads(out)
    assert set(s) == SUMMARY_KEYS
    assert s["name"] == str(real_path)
    assert (s["format"], s["encoding"], s["title"], s["date"]) == (
        "segmented",
        "utf-8",
        "",
        "2017-01-14",
    )
    assert (s["speaker_office"], s["speaker"]) == ("省长", "楼阳生")
    assert [(p["part"], p["title"], p["label"], p["year"]) for p in s["parts"]] == [
        (1, "2016年工作回顾", "review", 2016),
        (2, "2017年工作安排", "plan", 2017),
        (3, "加强政府自身建设", "government", None),
    ]
    assert all(set(p) == {"part", "title", "label", "year", "paragraphs"} for p in s["parts"])
    assert len(s["sections"]) == 13
    assert all(set(x) == {"part", "section", "title"} for x in s["sections"])
    assert s["sections"][10] == {"part": 2, "section": 11, "title": "大力推进生态文明建设"}
    kinds = sorted(a["kind"] for a in s["anomalies"])
    assert kinds == sorted(
        ["missing-title", "run-together-bullets"] + ["duplicated-phrase", "doubled-punctuation"] * 2
    )
    assert all(
        set(a) == {"kind", "paragraph_id", "position", "original", "action"} for a in s["anomalies"]
    )
    assert s["paragraphs"] == sum(p["paragraphs"] for p in s["parts"]) + 4  # 4 preamble paragraphs
    assert 0 < s["word_tokens"] < s["tokens"]


def test_inspect_json_synthetic(capsys, synthetic_path):
    status, out, _ = run(capsys, "inspect", synthetic_path, "--json")
    assert status == 0
    s = json.loads(out)
    assert set(s) == SUMMARY_KEYS
    assert (s["format"], s["title"], s["date"], s["speaker"]) == (
        "plain",
        "政府工作报告",
        "2018-01-20",
        "某某",
    )
    assert len(s["parts"]) == 4
    assert [p["label"] for p in s["parts"]] == ["review", "plan", "plan", "government"]
    assert [x["title"] for x in s["sections"]] == [
        "坚决打好脱贫攻坚战",
        "推动能源革命",
        "加强生态文明建设",
    ]
    assert s["anomalies"] == []
    assert s["paragraphs"] == 21


def test_inspect_text(capsys, synthetic_path, real_path):
    status, out, err = run(capsys, "inspect", synthetic_path)
    assert status == 0 and err == ""
    assert "parts:      4" in out
    assert "  4. 加强政府自身建设  [government, -, 3 paragraphs]" in out
    assert "  3.1 坚决打好脱贫攻坚战" in out
    assert "anomalies:  0" in out
    status, out, _ = run(capsys, "inspect", real_path)
    assert status == 0
    assert "title:      (missing)" in out
    assert "sections:   13" in out
    assert "duplicated-phrase" in out and "run-together-bullets" in out


def test_themes_csv(capsys, synthetic_path):
    status, out, err = run(capsys, "themes", synthetic_path, "--csv")
    assert status == 0 and err == ""
    t = csv(out)
    assert set(t["theme"]) == {"energy", "poverty", "ecology"}
    assert list(t.columns) == [
        "theme",
        "part",
        "part_label",
        "part_year",
        "matches",
        "tokens",
        "share_per_1000_words",
        "paragraph_share_pct",
        "env_index",
        "env_index_substring",
    ]
    assert len(t) == 15
    assert t["env_index"].nunique() == 1 and t["env_index"].iloc[0] > 0
    # shares per 1,000 word tokens, as the book gives them (the unit is in the name)
    expected = (1000 * t["matches"] / t["tokens"]).round(4)
    assert (t["share_per_1000_words"] - expected).abs().max() < 1e-9
    assert t["share_per_1000_words"].max() > 1


def test_themes_shares_agree_with_the_package_table(capsys, real_path):
    """The command's share per 1,000 words is ten times themes_table's share per 100."""
    from workreport import analyse, themes_table

    status, out, _ = run(capsys, "themes", real_path, "--csv")
    assert status == 0
    t = csv(out)
    ref = themes_table(analyse(real_path))
    assert t["matches"].tolist() == ref["matches"].tolist()
    assert (t["share_per_1000_words"] - 10 * ref["share"]).abs().max() < 1e-3
    assert (
        t["paragraph_share_pct"].fillna(-1).tolist() == ref["paragraph_share"].fillna(-1).tolist()
    )


def test_themes_table_output(capsys, real_path):
    status, out, _ = run(capsys, "themes", real_path)
    assert status == 0
    assert "env_index" in out.splitlines()[0]
    assert "energy" in out and "ecology" in out and "poverty" in out


def test_targets_csv_synthetic(capsys, synthetic_path):
    status, out, err = run(capsys, "targets", synthetic_path, "--csv")
    assert status == 0 and err == ""
    t = csv(out)
    gdp = t[t["value_low"].notna()]
    assert len(gdp) == 1
    row = gdp.iloc[0]
    assert (row["value_low"], row["value_high"], row["kind"], row["period"]) == (
        6.5,
        7.0,
        "target",
        "2018",
    )
    assert row["indicator"] == "地区生产总值"
    assert set(t["kind"]) == {"result", "target"}
    assert set(t["period"]) == {"2017", "2018"}


def test_targets_without_quantities(capsys, no_numbers_path):
    """A report without any quantity has an empty targets table (not an error)."""
    status, out, err = run(capsys, "targets", no_numbers_path, "--csv")
    assert status == 0
    assert err == ""
    t = csv(out)
    assert t.empty
    assert {"period", "kind", "indicator", "value"} <= set(t.columns)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (None, "no such file"),
        (b"", "empty file"),
        (b"   \n\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "an image (PNG), not text: run OCR"),
        (b"\xff\xfe\xfd\x80\x81", "undecodable"),
    ],
)
@pytest.mark.parametrize("command", ["inspect", "themes", "targets"])
def test_bad_input(capsys, tmp_path, command, content, problem):
    p = tmp_path / "bad.txt"
    if content is not None:
        p.write_bytes(content)
    status, out, err = run(capsys, command, p)
    assert status == 2
    assert out == ""
    assert_one_line_error(err, str(p), problem)


def test_bad_input_subprocess(tmp_path):
    p = tmp_path / "bad.txt"
    p.write_bytes(b"\x00\x00\x00\x00")
    done = subprocess.run(
        [sys.executable, "-m", "workreport", "inspect", str(p)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert_one_line_error(done.stderr, str(p), "binary file")


@pytest.fixture
def corpus(tmp_path, synthetic_path, real_path):
    d = tmp_path / "reports"
    d.mkdir()
    shutil.copy(synthetic_path, d / "a_synthetic.txt")
    shutil.copy(real_path, d / "b_shanxi.txt")
    (d / "c_broken.txt").write_bytes(b"\x00\x01\x02\x03")
    return d


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_directory_with_a_broken_file(capsys, corpus, jobs):
    status, out, err = run(capsys, "targets", corpus, "--csv", "--jobs", jobs)
    assert status == 1
    t = csv(out)
    assert t.columns[0] == "file"
    assert list(dict.fromkeys(t["file"])) == ["a_synthetic.txt", "b_shanxi.txt"]
    assert set(t.loc[t["file"] == "a_synthetic.txt", "period"]) == {"2017", "2018"}
    assert set(t.loc[t["file"] == "b_shanxi.txt", "period"]) >= {"2016", "2017"}
    lines = err.splitlines()
    assert any(
        line.startswith("workreport: error: ") and "c_broken.txt" in line and "binary" in line
        for line in lines
    )
    assert "1 of 3 files failed" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_directory_themes(capsys, corpus, jobs):
    status, out, err = run(capsys, "themes", corpus, "--csv", "--jobs", jobs)
    assert status == 1
    t = csv(out)
    assert sorted(set(t["file"])) == ["a_synthetic.txt", "b_shanxi.txt"]
    assert "c_broken.txt" in err


def test_directory_all_broken_and_empty(capsys, tmp_path):
    d = tmp_path / "broken"
    d.mkdir()
    (d / "x.txt").write_bytes(b"")
    (d / "y.txt").write_bytes(b"\x00")
    status, out, err = run(capsys, "targets", d)
    assert status == 2
    assert out == ""
    assert "2 of 2 files failed" in err
    empty = tmp_path / "empty"
    empty.mkdir()
    status, _, err = run(capsys, "targets", empty)
    assert status == 2
    assert_one_line_error(err, str(empty), "no report files")


def test_summary_keys_in_order(synthetic_report):
    """The keys of ``inspect --json``, in the order they are written."""
    from workreport.cli import _summary

    s = _summary(synthetic_report)
    assert list(s) == SUMMARY_ORDER
    assert s["paragraphs"] == 21
    assert s["characters"] == len(synthetic_report.text) - 20  # 20 newlines between 21 paragraphs
    assert s["parts"][3] == {
        "part": 4,
        "title": "加强政府自身建设",
        "label": "government",
        "year": None,
        "paragraphs": 3,
    }
    assert s["sections"][0] == {"part": 3, "section": 1, "title": "坚决打好脱贫攻坚战"}


def test_version(capsys):
    import workreport

    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out == f"workreport {workreport.__version__}\n"


def test_version_subprocess():
    import workreport

    done = subprocess.run(
        [sys.executable, "-m", "workreport", "--version"], capture_output=True, text=True
    )
    assert (done.returncode, done.stdout, done.stderr) == (
        0,
        f"workreport {workreport.__version__}\n",
        "",
    )


@pytest.mark.parametrize("argv", [["--help"], ["themes", "--help"], ["build-data", "--help"]])
def test_help_lists_the_exit_statuses(capsys, argv):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "exit status:" in out
    for status in ("0", "1", "2", "130", "143"):
        assert any(line.split()[:1] == [status] for line in out.splitlines()), status


def test_engine_option(capsys, monkeypatch, synthetic_path):
    """--engine chooses the engine for the run (its workers too) and overrides
    $WORKREPORT_ENGINE, which it leaves as it was."""
    from workreport import tokens

    monkeypatch.setenv(tokens.ENGINE_ENV, "no-such-engine")
    outputs = {}
    for engine in tokens.installed_engines():
        for jobs in ("1", "2"):
            status, out, err = run(
                capsys, "targets", synthetic_path, "--csv", "--engine", engine, "--jobs", jobs
            )
            assert (status, err) == (0, ""), err
            outputs[engine, jobs] = out
    assert len(set(outputs.values())) == 1
    assert os.environ[tokens.ENGINE_ENV] == "no-such-engine"
    # without --engine, the variable's engine is used (and this one is unknown)
    status, _, err = run(capsys, "targets", synthetic_path)
    assert status == 2
    assert_one_line_error(err, "no-such-engine")


def test_engine_option_rejects_an_unknown_engine(capsys, synthetic_path):
    with pytest.raises(SystemExit) as exc:
        main(["themes", str(synthetic_path), "--engine", "pkuseg"])
    assert exc.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_build_data_outside_the_repository_needs_out(capsys, monkeypatch, tmp_path):
    """Run from a folder outside the repository without --out, build-data says so in one
    line (status 2) and writes nothing there."""
    monkeypatch.chdir(tmp_path)
    status, out, err = run(capsys, "build-data")
    assert status == 2
    assert out == ""
    assert_one_line_error(err, "--out", "required outside")
    assert list(tmp_path.iterdir()) == []


def test_build_data_outside_the_repository_subprocess(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "workreport", "build-data"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert_one_line_error(done.stderr, "--out", "required outside")
    assert list(tmp_path.iterdir()) == []


def test_build_data_in_the_repository_writes_its_data(monkeypatch):
    """Without --out, in the repository (or a folder of it), the output is the
    repository's data/derived."""
    from pathlib import Path

    from workreport.cli import _default_out

    root = Path(__file__).resolve().parents[1]
    monkeypatch.chdir(root)
    assert _default_out() == Path("data", "derived")
    monkeypatch.chdir(root / "tests")
    assert _default_out() == root / "data" / "derived"
