"""The data files: the raw report as received, the lexicons shipped in the package, annotations."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest

import workreport
from workreport import ReportFormatError, default_report_path, resources, segment
from workreport.constants import THEMES
from workreport.resources import (
    PACKAGE_DATA,
    REPORT_NAME,
    data_dir,
    lexicon_path,
    package_data,
)
from workreport.themes import load_env_terms, load_lexicon

RAW_SHA256 = "37f85ac1a535a005d8b753bbd1f7c0914cd8bdf763d73d47d14aed41ff5430bf"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def test_raw_report_checksum():
    data = default_report_path().read_bytes()
    assert hashlib.sha256(data).hexdigest() == RAW_SHA256


def test_raw_report_matches_shared_copy():
    shared = SHARED / default_report_path().name
    if not shared.exists():
        pytest.skip(f"{shared} not present")
    assert shared.read_bytes() == default_report_path().read_bytes()
    assert hashlib.sha256(shared.read_bytes()).hexdigest() == RAW_SHA256


def test_raw_report_format_as_documented():
    # data/README.md: UTF-8, LF line ends, 113 lines, the first one empty
    data = default_report_path().read_bytes()
    text = data.decode("utf-8")
    assert b"\r" not in data
    lines = text.split("\n")
    assert text.endswith("\n") and len(lines) - 1 == 113
    assert lines[0].strip() == ""
    assert "— —" in text  # the split em dash is kept in the raw file, repaired in code
    assert "环境质量 方面 环境质量 方面 ， ，" in lines[25]
    assert "渡 难关 。 — — 夺取 脱贫 攻坚 首战 首胜 。" in lines[15]


PROJECT = Path(__file__).resolve().parents[1]


def test_data_dir_is_the_projects():
    assert data_dir() == PROJECT / "data"


def test_lexicons_are_package_data():
    # the lexicons ship inside the package, next to its modules, and nowhere else
    package = Path(workreport.__file__).resolve().parent
    for name in PACKAGE_DATA:
        assert lexicon_path(name) == package / "data" / name
        assert lexicon_path(name).read_bytes() == package_data(name).read_bytes()
    shipped = {p.name for p in (package / "data").iterdir() if p.name != "README.md"}
    assert shipped == set(PACKAGE_DATA)


def test_lexicons_have_one_copy():
    # no copy of a package data file is left in the repository's data/ folder (one place only)
    contents = {lexicon_path(name).read_bytes(): name for name in PACKAGE_DATA}
    copies = [
        p for p in (PROJECT / "data").rglob("*") if p.is_file() and p.read_bytes() in contents
    ]
    assert copies == []


def test_unknown_package_data_file():
    with pytest.raises(FileNotFoundError, match=r"themes\.txt: not a data file"):
        lexicon_path("themes.txt")


def test_package_data_missing_from_an_installation(monkeypatch, tmp_path):
    # a broken installation (data files not shipped) says so, naming the file
    monkeypatch.setattr(resources, "package_data", lambda name: tmp_path / name)
    lexicon_path.cache_clear()
    try:
        with pytest.raises(FileNotFoundError, match=r"^themes\.csv: missing from the installed"):
            lexicon_path("themes.csv")
    finally:
        lexicon_path.cache_clear()


@pytest.fixture
def fresh_data_dir(monkeypatch):
    """data_dir() looked up again, without $WORKREPORT_DATA (and its cache cleared after)."""
    monkeypatch.delenv("WORKREPORT_DATA", raising=False)
    data_dir.cache_clear()
    yield
    data_dir.cache_clear()


def test_installed_without_repository(fresh_data_dir, monkeypatch, tmp_path):
    # the package as installed in a virtual environment, run from a folder outside the project
    site = tmp_path / "venv" / "lib" / "site-packages" / "workreport"
    site.mkdir(parents=True)
    monkeypatch.setattr(resources, "__file__", str(site / "resources.py"))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ReportFormatError, match="WORKREPORT_DATA") as err:
        default_report_path()
    assert err.value.path is None
    assert "\n" not in str(err.value)
    # lexicons do not need the repository
    assert set(load_lexicon()["theme"]) == set(THEMES)


def test_installed_run_inside_the_project(fresh_data_dir, monkeypatch, tmp_path):
    site = tmp_path / "site-packages" / "workreport"
    site.mkdir(parents=True)
    monkeypatch.setattr(resources, "__file__", str(site / "resources.py"))
    monkeypatch.chdir(PROJECT / "tests" / "data")
    assert data_dir() == PROJECT / "data"
    assert default_report_path().read_bytes().startswith(b"\n")


def test_another_project_is_not_ours(fresh_data_dir, monkeypatch, tmp_path):
    other = tmp_path / "other"
    (other / "data" / "raw").mkdir(parents=True)
    (other / "pyproject.toml").write_text('[project]\nname = "workreport-fork"\n')
    monkeypatch.setattr(resources, "__file__", str(tmp_path / "site" / "resources.py"))
    monkeypatch.chdir(other)
    with pytest.raises(ReportFormatError, match="data/ folder was not found"):
        data_dir()
    (other / "pyproject.toml").write_text('[project]\nname = "workreport"\n')
    assert data_dir.__wrapped__() == other / "data"


def test_workreport_data_variable(fresh_data_dir, monkeypatch, tmp_path):
    monkeypatch.setenv("WORKREPORT_DATA", str(tmp_path))
    assert default_report_path() == tmp_path / "raw" / REPORT_NAME
    data_dir.cache_clear()
    monkeypatch.setenv("WORKREPORT_DATA", str(tmp_path / "missing"))
    with pytest.raises(ReportFormatError, match="missing: WORKREPORT_DATA is not a folder"):
        data_dir()


def test_theme_lexicon():
    lex = load_lexicon()
    assert set(lex["theme"]) == set(THEMES)
    assert lex["term"].is_unique
    # src/workreport/data/README.md: every term says where it comes from (`source`) and has a gloss
    for col in ("theme", "subtheme", "term", "gloss", "source"):
        empty = lex.loc[lex[col] == "", "term"].tolist()
        assert empty == [], f"empty {col} for {empty}"
    for term in ("去产能", "脱贫", "脱贫攻坚", "易地扶贫搬迁", "河长制", "煤炭"):
        assert term in set(lex["term"]), term


def test_report_sourced_terms_occur_in_the_report(real_report):
    # src/workreport/data/README.md: `report` in `source` only if the string occurs in the report
    lex = load_lexicon()
    from_report = [
        t for t, s in zip(lex["term"], lex["source"], strict=True) if "report" in s.split(";")
    ]
    assert from_report
    assert [t for t in from_report if t not in real_report.text] == []


def test_env_terms():
    env = load_env_terms()
    assert env["term"].is_unique
    assert {"环境保护", "环保", "污染", "PM2.5"} <= set(env["term"])


def test_user_dictionary_words_stay_whole():
    words = [
        line.split()[0]
        for line in lexicon_path("userdict.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert words and len(words) == len(set(words))
    for w in words:
        assert segment(w) == [w], w


def test_stopwords_file():
    lines = lexicon_path("stopwords.txt").read_text(encoding="utf-8").splitlines()
    words = [w.strip() for w in lines if w.strip() and not w.startswith("#")]
    assert "的" in words
    assert len(words) == len(set(words))
    for content_word in ("发展", "建设", "推进", "煤炭"):
        assert content_word not in words


def test_gold_annotation_file():
    gold = pd.read_csv(data_dir() / "annotations" / "targets_gold.csv", dtype=str)
    assert set(gold["kind"]) == {"result", "target"}
    assert set(gold["theme"]) <= {*THEMES, "none"}
    assert gold["period"].str.fullmatch(r"\d{4}(-\d{4})?").all()
    raw_lines = default_report_path().read_text(encoding="utf-8").split("\n")
    for line, mention in zip(gold["raw_line"].astype(int), gold["mention"], strict=True):
        assert mention in "".join(raw_lines[line - 1].split()), (line, mention)


def test_synthetic_fixture_is_official_format():
    p = Path(__file__).parent / "data" / "synthetic_report.txt"
    text = p.read_text(encoding="utf-8")
    lines = text.split("\n")
    assert lines[0] == "政府工作报告"
    assert lines[2].startswith("——2018年1月20日在某某省第十三届人民代表大会")
    assert lines[4] == "省长\u3000某某"
    assert lines[6] == "各位代表："
    assert "　　（一）坚决打好脱贫攻坚战。今年要确保" in text
    assert "地区生产总值增长6.5%-7%" in text
    body = [line for line in lines[8:] if line]
    assert all(line.startswith("\u3000\u3000") for line in body)
    assert all(line == "" for line in lines[1::2])  # blank lines between paragraphs
    assert 30 <= len(lines) <= 45
