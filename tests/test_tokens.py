"""Segmentation: user dictionary, token offsets, boundary scores, quiet jieba, and the two
engines (jieba and jieba-rs) giving the same tokens everywhere."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import workreport
from workreport import ReportFormatError, load_text
from workreport import tokens as tokens_module
from workreport.resources import lexicon_path
from workreport.tokens import (
    ENGINE_ENV,
    ENGINES,
    boundary_scores,
    dictionary_changes,
    get_rjieba,
    get_tokenizer,
    installed_engines,
    load_stopwords,
    read_userdict,
    resolve_engine,
    seed_segmentation,
    segment,
    segmentation_comparison,
    tokenize,
)

PROJECT = Path(__file__).resolve().parents[1]
NATIONAL = sorted((PROJECT / "data" / "raw" / "national").glob("national-*.txt"))
needs_rjieba = pytest.mark.skipif(
    "rjieba" not in installed_engines(), reason="rjieba (jieba-rs) is not installed"
)


@pytest.mark.parametrize(
    ("text", "with_dict", "plain"),
    [
        ("坚定去产能。", ["坚定", "去产能", "。"], ["坚定", "去", "产能", "。"]),
        ("煤炭去产能", ["煤炭", "去产能"], ["煤炭", "去", "产能"]),
        ("易地扶贫搬迁", ["易地扶贫搬迁"], None),
    ],
)
def test_segment_user_dictionary(text, with_dict, plain):
    assert segment(text) == with_dict
    assert "".join(segment(text, userdict=None)) == text
    if plain is not None:
        assert segment(text, userdict=None) == plain
    else:
        assert segment(text, userdict=None) != with_dict


def test_segment_is_deterministic_and_returns_fresh_lists():
    a = segment("推进供给侧结构性改革")
    a.append("x")
    assert segment("推进供给侧结构性改革") == a[:-1]


def test_segment_with_userdict_path(tmp_path):
    d = tmp_path / "dict.txt"
    d.write_text("某某新词汇 10 n\n", encoding="utf-8")
    assert "某某新词汇" in segment("推进某某新词汇建设", userdict=str(d))


@pytest.mark.parametrize(
    ("gold", "predicted", "expected"),
    [
        # gold boundaries {1, 3}, predicted {2, 3}: one in common
        ([["a", "bc", "d"]], [["ab", "c", "d"]], (0.5, 0.5, 0.5, 2, 2, 1)),
        # predicted {1, 2, 3} ⊇ gold {1, 3}
        ([["a", "bc", "d"]], [["a", "b", "c", "d"]], (2 / 3, 1.0, 0.8, 2, 3, 2)),
        ([["去", "产能"]], [["去产能"]], (0.0, 0.0, 0.0, 1, 0, 0)),
        # two texts: gold {1} and {}, predicted {} and {1}
        ([["去", "产能"], ["煤炭"]], [["去产能"], ["煤", "炭"]], (0.0, 0.0, 0.0, 1, 1, 0)),
        ([["煤炭", "去产能"]], [["煤炭", "去产能"]], (1.0, 1.0, 1.0, 1, 1, 1)),
    ],
)
def test_boundary_scores(gold, predicted, expected):
    s = boundary_scores(gold, predicted)
    got = (s["precision"], s["recall"], s["f1"], s["gold"], s["predicted"], s["common"])
    assert got == pytest.approx(expected)


def test_boundary_scores_different_texts():
    with pytest.raises(ValueError, match="different texts"):
        boundary_scores([["甲", "乙"]], [["甲", "丙"]])


@pytest.mark.parametrize("which", ["synthetic_report", "real_report"])
def test_tokenize_offsets(which, request):
    r = request.getfixturevalue(which)
    toks = tokenize(r)
    assert list(toks.columns) == [
        "token_id",
        "paragraph_id",
        "sentence_id",
        "start",
        "end",
        "token",
        "is_punct",
        "is_stop",
    ]
    assert toks["token_id"].tolist() == list(range(1, len(toks) + 1))
    for start, end, token in zip(toks["start"], toks["end"], toks["token"], strict=True):
        assert r.text[start:end] == token
    # tokens tile each paragraph
    joined = toks.groupby("paragraph_id")["token"].agg("".join)
    assert joined.to_dict() == r.paragraphs.set_index("paragraph_id")["text"].to_dict()
    # each token lies inside its sentence
    sent = r.sentences.set_index("sentence_id")
    s_start = sent.loc[toks["sentence_id"], "start"].to_numpy()
    s_end = sent.loc[toks["sentence_id"], "end"].to_numpy()
    assert ((s_start <= toks["start"].to_numpy()) & (toks["end"].to_numpy() <= s_end)).all()


def test_tokenize_flags():
    r = load_text("一、2016年工作回顾\n我们坚定去产能，的。\n", name="t")
    toks = tokenize(r).set_index("token")
    assert toks.loc["去产能", "is_punct"] == False  # noqa: E712
    assert toks.loc["，", "is_punct"] == True  # noqa: E712
    assert toks.loc["。", "is_punct"] == True  # noqa: E712
    stop = load_stopwords()
    assert "的" in stop
    assert toks.loc["的", "is_stop"] == True  # noqa: E712
    assert toks.loc["去产能", "is_stop"] == False  # noqa: E712
    assert toks.loc["去产能", "sentence_id"] == 2


def test_load_stopwords_skips_comments(tmp_path):
    p = tmp_path / "stop.txt"
    p.write_text("# a comment\n的\n\n  了  \n", encoding="utf-8")
    assert load_stopwords(str(p)) == frozenset({"的", "了"})


def test_seed_segmentation(real_report, synthetic_report):
    seed = seed_segmentation(real_report)
    assert seed[0][:4] == ["—", "—", "2017", "年"]
    assert ["省长", "楼阳生"] in seed
    with pytest.raises(ValueError, match="not word-segmented"):
        seed_segmentation(synthetic_report)


def test_segmentation_comparison(real_report):
    table = segmentation_comparison(real_report)
    assert table[["reference", "compared"]].values.tolist() == [
        ["seed", "jieba"],
        ["seed", "jieba + user dictionary"],
        ["jieba", "jieba + user dictionary"],
    ]
    assert (
        ((table[["precision", "recall", "f1"]] >= 0) & (table[["precision", "recall", "f1"]] <= 1))
        .all()
        .all()
    )
    # the seed segmentation and jieba largely agree on the boundaries
    assert (table["f1"] > 0.8).all()


def test_dictionary_changes(synthetic_report):
    changes = dictionary_changes(synthetic_report)
    text = synthetic_report.text
    for start, end, plain, ours in zip(
        changes["start"], changes["end"], changes["plain"], changes["with_dictionary"], strict=True
    ):
        assert plain.replace("/", "") == text[start:end] == ours.replace("/", "")
        assert plain != ours
    assert ("去/产能", "去产能") in set(
        zip(changes["plain"], changes["with_dictionary"], strict=True)
    )


@pytest.mark.parametrize("engine", installed_engines())
def test_engines_are_quiet_in_process(capfd, engine):
    get_tokenizer.cache_clear()
    get_rjieba.cache_clear()
    segment("某某省推进能源革命试点", userdict=None, engine=engine)
    segment("某某省推进能源革命试点", engine=engine)
    out, err = capfd.readouterr()
    assert out == ""
    assert err == ""


def test_jieba_is_quiet_in_a_fresh_process():
    code = "import workreport; print(workreport.segment('坚定去产能。'))"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stderr == ""
    assert done.stdout == "['坚定', '去产能', '。']\n"


@pytest.mark.slow  # a Python in dev mode building both engines' dictionaries
def test_no_file_left_open_with_warnings_as_errors(tmp_path):
    """jieba's own load_userdict(path) leaves the file open (a ResourceWarning at exit)."""
    d = tmp_path / "dict.txt"
    d.write_text("某某新词汇 10 n\n", encoding="utf-8")
    code = (
        "import gc, sys, workreport.tokens as t\n"
        "for e in t.installed_engines():\n"
        "    print(t.segment('坚定去产能。', engine=e))\n"
        "    print(t.segment('推进某某新词汇建设', userdict=sys.argv[1], engine=e))\n"
        "gc.collect()\n"
    )
    done = subprocess.run(
        [sys.executable, "-X", "dev", "-W", "error", "-c", code, str(d)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONWARNINGS": "error"},
    )
    assert done.stderr == ""
    assert done.returncode == 0
    assert "'某某新词汇'" in done.stdout


# ---------------------------------------------------------------- user dictionary


def test_read_userdict_reads_lines_as_jieba_does(tmp_path):
    d = tmp_path / "dict.txt"
    d.write_bytes("\ufeff去产能\r\n\n  某某新词汇 10 n  \n带空格 的词 3\n数字2020 nz\n".encode())
    assert read_userdict(str(d)) == (
        ("去产能", None, None),
        ("某某新词汇", 10, "n"),
        ("带空格 的词", 3, None),
        ("数字2020", None, "nz"),
    )


def test_read_userdict_rejects_non_utf8(tmp_path):
    d = tmp_path / "gbk.txt"
    d.write_bytes("去产能\n".encode("gbk"))
    with pytest.raises(ValueError, match=r"gbk\.txt: a jieba user dictionary must be UTF-8"):
        read_userdict(str(d))


def test_userdict_added_word_by_word_equals_jieba_load_userdict():
    """Our loading (no open file left behind) leaves jieba in exactly the state its own
    ``load_userdict`` does: same frequencies, total and tags."""
    import jieba

    reference = jieba.Tokenizer()
    reference.initialize()
    with lexicon_path("userdict.txt").open("rb") as f:
        reference.load_userdict(f)
    ours = get_tokenizer("default")
    assert ours.total == reference.total
    assert ours.user_word_tag_tab == reference.user_word_tag_tab
    assert ours.FREQ == reference.FREQ


def test_private_patterns_are_jiebas():
    """The rules copied from jieba 0.42.1 are still jieba's."""
    import jieba
    import jieba.finalseg

    assert tokens_module._USERDICT_LINE.pattern == jieba.re_userdict.pattern
    assert tokens_module._JIEBA_HMM_SKIP.pattern == jieba.finalseg.re_skip.pattern
    assert jieba.re_han_default.pattern == "([\u4e00-\u9fd5a-zA-Z0-9+#&\\._%\\-]+)"


# ---------------------------------------------------------------- engine choice


def test_engines_and_default(monkeypatch):
    monkeypatch.delenv(ENGINE_ENV, raising=False)
    assert set(installed_engines()) <= set(ENGINES)
    assert "jieba" in installed_engines()
    assert list(installed_engines()) == [e for e in ENGINES if e in installed_engines()]
    assert resolve_engine() == installed_engines()[0]
    for e in installed_engines():
        assert resolve_engine(e) == e


def test_engine_from_environment(monkeypatch):
    monkeypatch.setenv(ENGINE_ENV, "jieba")
    assert resolve_engine() == "jieba"
    assert resolve_engine("jieba") == "jieba"
    monkeypatch.setenv(ENGINE_ENV, "")
    assert resolve_engine() == installed_engines()[0]
    monkeypatch.setenv(ENGINE_ENV, "Jieba")
    with pytest.raises(ValueError, match=r"\$WORKREPORT_ENGINE='Jieba': unknown"):
        resolve_engine()
    with pytest.raises(ValueError, match=r"\$WORKREPORT_ENGINE='Jieba': unknown"):
        segment("坚定去产能。")


def test_engine_not_installed(monkeypatch):
    monkeypatch.delenv(ENGINE_ENV, raising=False)
    monkeypatch.setattr(tokens_module, "installed_engines", lambda: ("jieba",))
    assert resolve_engine() == "jieba"
    with pytest.raises(ModuleNotFoundError, match=r"engine='rjieba': .* not installed"):
        resolve_engine("rjieba")
    monkeypatch.setattr(tokens_module, "installed_engines", lambda: ())
    with pytest.raises(ModuleNotFoundError, match="no segmentation engine installed"):
        resolve_engine()


# ---------------------------------------------------------------- same tokens with both engines


@needs_rjieba
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # jieba's unknown-word rule splits number ranges; jieba-rs keeps them whole
        ("2011-2020年", ["2011", "-", "2020", "年"]),
        ("增长1-2%", ["增长", "1", "-", "2%"]),
        ("3.5-4.5", ["3.5", "-", "4.5"]),
        ("ABC-123DEF-4", ["ABC", "-", "123DEF", "-", "4"]),
        ("a_b", ["a", "_", "b"]),
        # rarer ideographs: one-character tokens for jieba, Chinese for jieba-rs
        ("鿖鿿发展", ["鿖", "鿿", "发展"]),
        ("发展㐀鿿建设", ["发展", "㐀", "鿿", "建设"]),
        ("𠀀.", ["𠀀", "."]),
        ("&鿿机制", ["&", "鿿", "机制"]),
    ],
)
def test_rjieba_departures_are_corrected(text, expected):
    assert get_rjieba("default").cut(text) != expected  # jieba-rs alone departs here
    assert segment(text, engine="jieba") == expected
    assert segment(text, engine="rjieba") == expected


@needs_rjieba
@pytest.mark.parametrize(
    "text",
    ["PM2.5浓度下降", "C++和C#", "AT&T", "卡拉OK", "5.5%", "增长6.5%左右", "\r\n", "1%2", "x#12"],
)
def test_engines_agree_where_no_correction_applies(text):
    for hmm in (True, False):
        assert segment(text, engine="rjieba", hmm=hmm) == segment(text, engine="jieba", hmm=hmm)


def _report_text(path: Path) -> str:
    """A report's cleaned text where the loader reads it, else its stripped raw lines (the
    engine comparison needs no structure)."""
    try:
        return workreport.load_report(path).text
    except ReportFormatError:
        raw = path.read_text(encoding="utf-8")
        return "\n".join(line.strip() for line in raw.splitlines() if line.strip())


@needs_rjieba
@pytest.mark.parametrize(
    "path",
    # our report in the fast loop; the 57 national reports (about 5 s in all) are slow
    [None, *(pytest.param(p, marks=pytest.mark.slow) for p in NATIONAL)],
    ids=lambda p: p.stem if p else "ours",
)
def test_engines_identical_on_every_report(path):
    """Our report and every national report 1954–2025: token for token, whole documents."""
    text = _report_text(path or workreport.default_report_path())
    a = tokens_module._cut(text, "default", True, "jieba")
    b = tokens_module._cut(text, "default", True, "rjieba")
    assert a == b


@needs_rjieba
@pytest.mark.parametrize("userdict", [None, "default"])
def test_engines_identical_token_tables(real_report, userdict):
    a = tokenize(real_report, userdict=userdict, engine="jieba")
    b = tokenize(real_report, userdict=userdict, engine="rjieba")
    assert a.equals(b)
    assert list(a.dtypes) == list(b.dtypes)


@needs_rjieba
def test_engines_identical_segmentation_tables(real_report):
    assert segmentation_comparison(real_report, engine="jieba").equals(
        segmentation_comparison(real_report, engine="rjieba")
    )
    assert dictionary_changes(real_report, engine="jieba").equals(
        dictionary_changes(real_report, engine="rjieba")
    )


def _code_points() -> list[int]:
    """Code points around every edge of jieba's and jieba-rs's ideograph ranges, and every
    13th one of planes 0–3."""
    edges = [0x3400, 0x4DC0, 0x4E00, 0x9FD6, 0xA000, 0xF900, 0xFB00, 0x20000, 0x2A6E0]
    edges += [0x2A700, 0x2B740, 0x2B820, 0x2CEB0, 0x2EBF0, 0x2F800, 0x2FA20, 0x30000, 0x31350]
    near = {e + d for e in edges for d in (-2, -1, 0, 1)}
    return sorted(near | set(range(0, 0x40000, 13)) - set(range(0xD800, 0xE000)))


@needs_rjieba
def test_engines_agree_on_every_kind_of_character():
    differ = []
    for cp in _code_points():
        c = chr(cp)
        text = f"中{c}{c}国1{c}a-{c}发展{c}\n{c}去产能{c}2011-2020{c}"
        if segment(text, engine="jieba") != segment(text, engine="rjieba"):
            differ.append(f"U+{cp:04X}")
    assert differ == []


_PIECES = st.one_of(
    st.sampled_from([w for w, _, _ in read_userdict()]),
    st.sampled_from(["供给侧结构性改革", "全年增长6.5%左右", "2016年", "万千瓦", "PM2.5"]),
    st.text(alphabet="0123456789abcXYZ-._%+#&", min_size=1, max_size=6),
    st.text(
        alphabet="的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可",
        max_size=6,
    ),
    st.text(alphabet=" \n\r\t\u3000，。、；：“”（）《》—％２０１７ＡＢ㐀鿖鿿𠀀", max_size=4),
    st.text(max_size=4),
)


@needs_rjieba
@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=10).map("".join), st.booleans())
def test_engines_agree_on_random_text(text, hmm):
    assert segment(text, engine="rjieba", hmm=hmm) == segment(text, engine="jieba", hmm=hmm)


@pytest.mark.slow  # full builds of data/derived (about 40 s each)
@needs_rjieba
def test_build_data_is_byte_identical_with_either_engine(tmp_path, derived_builds):
    # the session's command-line build (conftest.py) is one engine's; the other engines build
    # in a subprocess with the engine chosen by the environment variable
    outputs = {derived_builds["engine"]: derived_builds["cli"]}
    for engine in ("jieba", "rjieba"):
        if engine in outputs:
            continue
        out = tmp_path / engine
        subprocess.run(
            [sys.executable, "-m", "workreport", "build-data", "--out", str(out)],
            check=True,
            capture_output=True,
            timeout=300,
            cwd=PROJECT,
            env={**os.environ, ENGINE_ENV: engine, "PYTHONHASHSEED": "0"},
        )
        outputs[engine] = out
    data = {e: {p.name: p.read_bytes() for p in sorted(d.iterdir())} for e, d in outputs.items()}
    assert data["jieba"].keys() == data["rjieba"].keys()
    assert len(data["jieba"]) >= 5
    for name, content in data["jieba"].items():
        assert data["rjieba"][name] == content, name


def test_tokenize_with_vocabulary(real_report):
    from workreport.tokens import tokenize_with_vocabulary

    table, (distinct, codes) = tokenize_with_vocabulary(real_report)
    import pandas as pd

    pd.testing.assert_frame_equal(table, tokenize(real_report))
    assert [distinct[c] for c in codes.tolist()] == table["token"].tolist()
    assert len(set(distinct)) == len(distinct)


def test_unknown_word_splits_finds_a_term_the_hmm_hides():
    from workreport.tokens import unknown_word_splits

    r = load_text("深化减污降碳协同创新。推动绿电外送。\n加强节能。\n", name="x")
    # plain jieba: its HMM makes 减污降 and 绿电外, words of no dictionary
    plain = unknown_word_splits(r, ["减污", "降碳", "绿电", "节能"], userdict=None)
    assert plain[["term", "token"]].values.tolist() == [["减污", "减污降"], ["绿电", "绿电外"]]
    assert r.text[plain["start"].iat[0] :].startswith("减污降")
    assert plain["paragraph_id"].tolist() == [1, 1]
    # the project dictionary holds both terms: nothing is hidden, the terms are tokens
    assert unknown_word_splits(r, ["减污", "降碳", "绿电"]).empty
    assert {"减污", "降碳", "绿电"} <= set(tokenize(r)["token"])


@pytest.mark.slow  # tokenizes every report of the corpus (about 10 s)
def test_no_lexicon_term_is_hidden_inside_an_unknown_word_anywhere_in_the_corpus():
    """The user dictionary's rule (src/workreport/data/README.md): a lexicon term that jieba's
    HMM hides inside a word of no dictionary is an entry. Checked on every report the project
    holds; the entries were chosen on the reports other than the test reports of the last
    revision (each of the seven also occurs in one of those)."""
    from workreport.corpus import list_reports
    from workreport.report import load_report
    from workreport.resources import data_dir
    from workreport.themes import load_provenance
    from workreport.tokens import unknown_word_splits

    terms = load_provenance()["term"].tolist()
    paths = [
        data_dir() / "raw" / "shanxi-2017-government-work-report.seg.txt",
        *list_reports(data_dir() / "raw" / "national"),
        *list_reports(data_dir() / "raw" / "provincial-2025"),
    ]
    hidden = [(p.name, row.term, row.token) for p in paths
              for row in unknown_word_splits(load_report(p), terms).itertuples()]  # fmt: skip
    assert hidden == []
