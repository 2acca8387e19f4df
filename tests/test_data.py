"""The project's data files: the raw report as received, lexicons, annotations."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest

from workreport import default_report_path, segment
from workreport.resources import data_dir, lexicon_path
from workreport.themes import THEMES, load_env_terms, load_lexicon

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


def test_data_dir_is_the_projects():
    assert data_dir() == Path(__file__).resolve().parents[1] / "data"
    assert lexicon_path("themes.csv").exists()


def test_theme_lexicon():
    lex = load_lexicon()
    assert set(lex["theme"]) == set(THEMES)
    assert lex["term"].is_unique
    # data/lexicons/README.md: every term says where it comes from (`source`) and has a gloss
    for col in ("theme", "subtheme", "term", "gloss", "source"):
        empty = lex.loc[lex[col] == "", "term"].tolist()
        assert empty == [], f"empty {col} for {empty}"
    for term in ("去产能", "脱贫", "脱贫攻坚", "易地扶贫搬迁", "河长制", "煤炭"):
        assert term in set(lex["term"]), term


def test_report_sourced_terms_occur_in_the_report(real_report):
    # data/lexicons/README.md: `report` in `source` only if the string occurs in the report
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
