"""Loading a report: structure, anomaly log, offsets, encodings, round trip, bad input."""

from __future__ import annotations

import codecs
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import unsegment
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import workreport
from workreport import ReportFormatError, load_bytes, load_report, load_text

# --- the synthetic report (tests/data/synthetic_report.txt), expectations by hand ------------

SYN_ROLES = [
    "title",
    "date",
    "speaker",
    "greeting",
    "opening",
    "part-heading",
    "body",
    "body",
    "bullet",
    "bullet",
    "part-heading",
    "body",
    "part-heading",
    "section-heading",
    "section-heading",
    "body",
    "section-heading",
    "body",
    "part-heading",
    "body",
    "body",
]


def test_synthetic_preamble(synthetic_report):
    r = synthetic_report
    assert r.name == "synthetic_report.txt"
    assert r.format == "plain"
    assert r.encoding == "utf-8"
    assert r.title == "政府工作报告"
    assert r.date == "2018-01-20"
    assert r.year == 2018
    assert (r.speaker_office, r.speaker) == ("省长", "某某")  # the ideographic space is removed


def test_synthetic_paragraphs(synthetic_report):
    p = synthetic_report.paragraphs
    assert p["role"].tolist() == SYN_ROLES
    assert p["paragraph_id"].tolist() == list(range(1, 22))
    # one paragraph every other line: blank lines separate paragraphs
    assert p["line"].tolist() == list(range(1, 42, 2))
    assert p["part"].tolist() == [0] * 5 + [1] * 5 + [2] * 2 + [3] * 6 + [4] * 3
    assert p["section"].tolist() == [pd.NA] * 13 + [1, 2, 2, 3, 3] + [pd.NA] * 3
    # the indent (two ideographic spaces) is gone
    assert p["text"].iloc[5] == "一、2017年工作回顾"
    assert p["lead"].iloc[7] == "坚定推进煤炭去产能。"
    assert p["lead"].iloc[8] == "脱贫攻坚取得新成效。"  # the bullet dash is not part of it


def test_synthetic_parts_and_sections(synthetic_report):
    parts = synthetic_report.parts
    assert parts[["part", "title", "label"]].values.tolist() == [
        [1, "2017年工作回顾", "review"],
        [2, "2018年经济社会发展的总体要求和主要目标", "plan"],
        [3, "2018年重点工作", "plan"],
        [4, "加强政府自身建设", "government"],
    ]
    assert parts["year"].tolist() == [2017, 2018, 2018, pd.NA]
    assert parts["paragraphs"].tolist() == [5, 2, 6, 3]
    assert parts["sections"].tolist() == [0, 0, 3, 0]
    sections = synthetic_report.sections
    assert sections[["part", "section", "title"]].values.tolist() == [
        [3, 1, "坚决打好脱贫攻坚战"],
        [3, 2, "推动能源革命"],
        [3, 3, "加强生态文明建设"],
    ]
    assert sections["paragraphs"].tolist() == [1, 2, 2]


def test_section_heading_sharing_its_paragraph_with_the_body(synthetic_report):
    p = synthetic_report.paragraphs
    row = p[p["section"].eq(1)].iloc[0]
    assert row["role"] == "section-heading"
    assert row["section_title"] == "坚决打好脱贫攻坚战"
    assert (
        row["text"]
        == "（一）坚决打好脱贫攻坚战。今年要确保50万贫困人口脱贫，力争完成易地扶贫搬迁10万人。"
    )
    s = synthetic_report.sentences
    assert s.loc[s["paragraph_id"] == row["paragraph_id"], "text"].tolist() == [
        "（一）坚决打好脱贫攻坚战。",
        "今年要确保50万贫困人口脱贫，力争完成易地扶贫搬迁10万人。",
    ]


def test_synthetic_has_no_anomaly(synthetic_report):
    assert synthetic_report.anomalies.empty
    assert list(synthetic_report.anomalies.columns) == [
        "kind",
        "paragraph_id",
        "line",
        "position",
        "original",
        "action",
    ]


@pytest.mark.parametrize("which", ["synthetic_report", "real_report"])
def test_offsets_index_the_text(which, request):
    r = request.getfixturevalue(which)
    p = r.paragraphs
    for start, end, text in zip(p["start"], p["end"], p["text"], strict=True):
        assert r.text[start:end] == text
    assert r.text == "\n".join(p["text"])
    s = r.sentences
    assert s["sentence_id"].tolist() == list(range(1, len(s) + 1))
    for start, end, text in zip(s["start"], s["end"], s["text"], strict=True):
        assert r.text[start:end] == text
    # the sentences of each paragraph cover it exactly
    joined = s.groupby("paragraph_id")["text"].agg("".join)
    assert joined.to_dict() == p.set_index("paragraph_id")["text"].to_dict()


@pytest.mark.parametrize("which", ["synthetic_path", "real_path"])
def test_round_trip_bytes(which, request):
    path = request.getfixturevalue(which)
    r = load_report(path)
    assert r.reconstruct_bytes() == path.read_bytes()


def _variant(path, tmp_path, kind: str):
    text = path.read_text(encoding="utf-8")
    out = tmp_path / f"{kind}.txt"
    if kind == "gb18030":
        out.write_bytes(text.encode("gb18030"))
    elif kind == "bom":
        out.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    elif kind == "crlf":
        out.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    elif kind == "gbk-crlf-bomless":
        out.write_bytes(text.replace("\n", "\r\n").encode("gbk"))
    return out


@pytest.mark.parametrize(
    ("kind", "encoding"),
    [
        ("gb18030", "gb18030"),
        ("bom", "utf-8-sig"),
        ("crlf", "utf-8"),
        ("gbk-crlf-bomless", "gb18030"),
    ],
)
def test_encoding_and_line_end_variants(kind, encoding, synthetic_report, synthetic_path, tmp_path):
    path = _variant(synthetic_path, tmp_path, kind)
    r = load_report(path)
    assert r.encoding == encoding
    assert r.text == synthetic_report.text
    pd.testing.assert_frame_equal(r.paragraphs, synthetic_report.paragraphs)
    pd.testing.assert_frame_equal(r.sentences, synthetic_report.sentences)
    assert r.reconstruct_bytes() == path.read_bytes()


def test_unsegmented_real_report_matches_segmented(real_report, real_path, tmp_path):
    raw = real_path.read_text(encoding="utf-8")
    plain_path = tmp_path / "shanxi-plain.txt"
    plain_path.write_text(unsegment(raw), encoding="utf-8", newline="")
    plain = load_report(plain_path)
    assert real_report.format == "segmented"
    assert plain.format == "plain"
    assert plain.text == real_report.text
    pd.testing.assert_frame_equal(plain.paragraphs, real_report.paragraphs)
    pd.testing.assert_frame_equal(plain.parts, real_report.parts)
    pd.testing.assert_frame_equal(plain.sections, real_report.sections)
    cols = ["kind", "paragraph_id", "position", "original"]
    pd.testing.assert_frame_equal(plain.anomalies[cols], real_report.anomalies[cols])
    assert plain.reconstruct() == unsegment(raw)


# --- the project's real report: the acceptance checks ---------------------------------


def test_real_parts(real_report):
    parts = real_report.parts
    assert parts["title"].tolist() == ["2016年工作回顾", "2017年工作安排", "加强政府自身建设"]
    assert parts["label"].tolist() == ["review", "plan", "government"]
    assert parts["year"].tolist() == [2016, 2017, pd.NA]


def test_real_preamble(real_report):
    assert real_report.title == ""  # the project's copy has no title line
    assert real_report.date == "2017-01-14"
    assert (real_report.speaker_office, real_report.speaker) == ("省长", "楼阳生")
    assert real_report.format == "segmented"
    assert real_report.encoding == "utf-8"


def test_real_sections(real_report):
    sections = real_report.sections
    assert len(sections) == 13
    assert set(sections["part"]) == {2}
    assert sections["section"].tolist() == list(range(1, 14))
    titles = dict(zip(sections["section"], sections["title"], strict=True))
    assert titles[1] == "大力推进“三去一降一补”"
    assert titles[11] == "大力推进生态文明建设"
    assert titles[13] == "大力抓好安全稳定工作"


def test_real_anomalies(real_report):
    a = real_report.anomalies
    assert sorted(a["kind"]) == sorted(
        [
            "missing-title",
            "run-together-bullets",
            "duplicated-phrase",
            "duplicated-phrase",
            "doubled-punctuation",
            "doubled-punctuation",
        ]
    )
    dup = a[a["kind"] == "duplicated-phrase"]
    assert dup["original"].tolist() == ["环境质量方面", "民生改善方面"]
    assert a.loc[a["kind"] == "doubled-punctuation", "original"].tolist() == ["，", "，"]
    text = real_report.text
    for pos, phrase in zip(dup["position"], dup["original"], strict=True):
        # the kept copy ends where the removed one was, followed by a single comma
        assert text[pos - len(phrase) : pos + 1] == phrase + "，"
        assert phrase + phrase not in text
    assert "，，" not in text
    assert a.loc[a["kind"] == "missing-title", "paragraph_id"].isna().all()


def test_real_run_together_bullets_split(real_report):
    a = real_report.anomalies
    row = a[a["kind"] == "run-together-bullets"].iloc[0]
    p = real_report.paragraphs.set_index("paragraph_id")
    second = p.loc[row["paragraph_id"]]
    first = p.loc[row["paragraph_id"] - 1]
    assert first["text"].endswith("渡难关。")
    assert first["text"].startswith("——")
    assert second["text"].startswith("——夺取脱贫攻坚首战首胜。")
    assert first["line"] == second["line"]  # one line of the file, two paragraphs
    assert second["role"] == "bullet"
    assert second["start"] == row["position"]
    assert real_report.text[row["position"] - 5 : row["position"] + 2] == "渡难关。\n——"


def test_real_cleaned_text(real_report):
    text = real_report.text
    assert "46.46万人" in text
    assert "PM2.5" in text
    assert "——" in text
    assert "— —" not in text
    assert "  " not in text
    assert "\u3000" not in text


def test_real_round_trip(real_report, real_path):
    assert real_report.reconstruct() == real_path.read_text(encoding="utf-8")
    assert real_report.reconstruct_bytes() == real_path.read_bytes()


def test_real_edit_log(real_report):
    e = real_report.edits
    assert list(e.columns) == ["line", "step", "kind", "start", "end", "original", "offset"]
    assert (e["offset"] == 0).all()  # one paragraph per line: no line was cut
    assert (e.loc[e["kind"] == "dash-restored", "original"] == " ").all()
    assert set(e["kind"]) >= {"space-removed", "whitespace-stripped", "dash-restored"}
    assert e.loc[e["kind"] == "duplicated-phrase", "original"].tolist() == [
        "环境质量方面",
        "民生改善方面",
    ]


# --- anomalies on a short excerpt ----------------------------------------------------------


def test_anomaly_positions_hand_computed():
    text = "一、2016年工作回顾\n环境质量 方面 环境质量 方面 ， ， 包括\n——甲。——乙。\n"
    r = load_text(text, name="mini")
    # paragraphs: 一、2016年工作回顾 (11 chars, 0–11), 环境质量方面，包括 (12–21),
    # ——甲。 (22–26), ——乙。 (27–31)
    assert r.paragraphs["text"].tolist() == [
        "一、2016年工作回顾",
        "环境质量方面，包括",
        "——甲。",
        "——乙。",
    ]
    assert r.paragraphs["start"].tolist() == [0, 12, 22, 27]
    assert r.paragraphs["line"].tolist() == [1, 2, 3, 3]
    got = r.anomalies[["kind", "paragraph_id", "line", "position", "original"]]
    assert got.values.tolist() == [
        ["missing-title", pd.NA, 0, 0, ""],
        ["duplicated-phrase", 2, 2, 18, "环境质量方面"],
        ["doubled-punctuation", 2, 2, 19, "，"],
        ["run-together-bullets", 4, 3, 27, "——甲。——乙。"],
    ]
    assert r.reconstruct() == text


def test_load_text_and_bytes_agree():
    text = "政府工作报告\n一、2016年工作回顾\n全年增长4.5%左右。\n"
    a = load_text(text, name="a")
    b = load_bytes(text.encode("gb18030"), name="b")
    assert a.text == b.text
    assert b.encoding == "gb18030"
    assert b.reconstruct_bytes() == text.encode("gb18030")
    assert a.title == "政府工作报告"


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty file"),
        (b"  \n\t\r\n\xe3\x80\x80\n", "empty file"),
        (b"\x00\x01binary\x00", "binary file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "an image (PNG)"),
        (b"\xff\xfe\xfd\x80\x81", "undecodable"),
        (b"just some english text\n", "no Chinese text"),
    ],
    ids=["empty", "whitespace", "nul", "png", "undecodable", "ascii"],
)
def test_bad_files(tmp_path, content, problem):
    p = tmp_path / "bad_report.txt"
    p.write_bytes(content)
    with pytest.raises(ReportFormatError) as info:
        load_report(p)
    msg = str(info.value)
    assert str(p) in msg
    assert problem in msg
    assert "\n" not in msg


def test_report_without_headings_is_one_part(tmp_path):
    """Chinese text with no heading at all is read as one part, with an anomaly, not rejected."""
    p = tmp_path / "plain.txt"
    p.write_text("我们深入学习。\n全省经济实现了目标。\n", encoding="utf-8")
    r = load_report(p)
    assert r.parts[["part", "title", "label", "paragraphs"]].values.tolist() == [
        [1, "", "other", 2]
    ]
    a = r.anomalies
    assert a.loc[a["kind"] == "no-part-headings", "paragraph_id"].tolist() == [1]
    assert r.reconstruct_bytes() == p.read_bytes()


def test_missing_file(tmp_path):
    with pytest.raises(ReportFormatError, match="no such file") as info:
        load_report(tmp_path / "absent.txt")
    assert "absent.txt" in str(info.value)


@pytest.mark.parametrize(
    "text",
    [
        "一一、回顾\n正文。\n",
        "十十、回顾\n",
        "一、2016年工作回顾\n（一一）标题。正文。\n",
        "一、2016年工作回顾\n（十一十）标题\n",
    ],
)
def test_malformed_numerals_do_not_crash(text):
    try:
        r = load_text(text, name="odd")
    except ReportFormatError as exc:
        assert "odd" in str(exc)
    else:
        assert r.reconstruct() == text


# --- properties --------------------------------------------------------------------------------

TOKENS = [
    "我们",
    "深入",
    "学习",
    "贯彻",
    "煤炭",
    "去产能",
    "增长",
    "4.5%",
    "左右",
    "46.46",
    "万人",
    "PM2.5",
    "5G",
    "T800",
    "，",
    "，，",
    "。",
    "——",
    "—",
    "环境质量方面环境质量方面",
    "方面",
    "“",
    "”",
    "a",
    "2016",
    "年",
    "一、",
    "（一）",
    "各位代表：",
    "报告",
]
SEPARATORS = ["", " ", " ", "  ", "\u3000", "\u3000\u3000", "\t", "\u00a0"]
HEADINGS = [
    "一、2016年工作回顾",
    " 一 、 2016 年 工作 回顾 ",
    "　　二、2017年工作安排",
    "（一）大力推进改革。正文，，继续。",
    "三、加强政府自身建设",
    "政府工作报告",
    " — — 2017 年 1 月 14 日 在 某某省 第十二届 人民代表大会 上 ",
    "省长　某某",
    "——甲。——乙。——丙。",
    "一一、回顾",
    "",
    "   ",
]


@st.composite
def segmented_line(draw):
    words = draw(st.lists(st.sampled_from(TOKENS), max_size=10))
    seps = draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(words) + 1))
    out = seps[0]
    for w, s in zip(words, seps[1:], strict=False):
        out += w + s
    return out


LINE = st.one_of(
    st.sampled_from(HEADINGS),
    segmented_line(),
    st.text(alphabet=st.sampled_from("甲乙丙 　，。A1.%—"), max_size=12),
)


@st.composite
def report_like_text(draw):
    lines = draw(st.lists(LINE, min_size=1, max_size=10))
    if draw(st.booleans()):
        lines.insert(draw(st.integers(0, len(lines))), "一、2016年工作回顾")
    terms = draw(st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=len(lines)))
    text = "".join(line + term for line, term in zip(lines, terms, strict=False))
    if draw(st.booleans()):
        text = text[: -len(terms[len(lines) - 1])]  # no final line end
    return text


PROPS = settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


@PROPS
@given(report_like_text())
def test_nothing_lost(text):
    try:
        r = load_text(text, name="prop")
    except ReportFormatError:
        return
    assert r.reconstruct() == text
    for start, end, para in zip(
        r.paragraphs["start"], r.paragraphs["end"], r.paragraphs["text"], strict=True
    ):
        assert r.text[start:end] == para


@PROPS
@given(report_like_text(), st.sampled_from(["utf-8", "gb18030", "utf-8-sig", "utf-16"]))
def test_nothing_lost_bytes(text, encoding):
    data = text.encode(encoding)
    try:
        r = load_bytes(data, name="prop")
    except ReportFormatError:
        return
    assert r.reconstruct_bytes() == data


@PROPS
@given(st.one_of(report_like_text(), st.text(max_size=200)))
def test_load_text_never_crashes(text):
    try:
        r = load_text(text, name="any")
    except ReportFormatError as exc:
        assert str(exc).startswith("any: ")
        return
    assert isinstance(r, workreport.Report)
    assert r.reconstruct() == text


@PROPS
@given(st.binary(max_size=300))
def test_load_bytes_never_crashes(data):
    try:
        r = load_bytes(data, name="bytes")
    except ReportFormatError as exc:
        assert str(exc).startswith("bytes: ")
        return
    assert isinstance(r, workreport.Report)
    assert r.reconstruct_bytes() == data


NATIONAL_STYLE = """政府工作报告
——2017年3月5日在第十二届全国人民代表大会第五次会议上
国务院总理　某某

各位代表：

　　现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协委员提出意见。

　　一、2016年工作回顾

　　过去一年，国内生产总值增长6.7%，居民消费价格上涨2%。

　　二、2017年工作总体部署

　　今年发展的主要预期目标是：国内生产总值增长6.5%左右，在实际工作中争取更好结果。

　　三、2017年重点工作任务

　　（一）继续深化供给侧结构性改革。今年要退出钢铁产能5000万吨左右，退出煤炭产能1.5亿吨以上。

　　（二）坚决打好蓝天保卫战。今年二氧化硫、氮氧化物排放量要分别下降3%，重点地区细颗粒物浓度明显下降。

　　（三）推进脱贫攻坚。今年要再减少农村贫困人口1000万以上，完成易地扶贫搬迁340万人。

　　各位代表！让我们紧密团结，奋力开拓。
"""


def test_national_style_report_structure_and_targets(tmp_path):
    """A report shaped like the national one: three parts, headings sharing paragraphs."""
    from workreport import analyse

    path = tmp_path / "national.txt"
    path.write_text(NATIONAL_STYLE, encoding="gb18030")
    a = analyse(path)
    r = a.report
    assert r.format == "plain" and r.encoding == "gb18030"
    assert r.title == "政府工作报告" and r.speaker == "某某"
    assert r.parts[["title", "label", "year"]].values.tolist() == [
        ["2016年工作回顾", "review", 2016],
        ["2017年工作总体部署", "plan", 2017],
        ["2017年重点工作任务", "plan", 2017],
    ]
    assert r.sections["title"].tolist() == [
        "继续深化供给侧结构性改革",
        "坚决打好蓝天保卫战",
        "推进脱贫攻坚",
    ]
    t = a.targets.set_index("start")
    gdp = t[(t["indicator"] == "国内生产总值") & (t["kind"] == "target")]
    assert gdp[["period", "value", "unit", "qualifier"]].values.tolist() == [
        ["2017", 6.5, "%", "左右"]
    ]
    coal = t[t["indicator"].str.contains("煤炭产能")]
    assert coal[["value", "unit", "qualifier", "theme"]].values.tolist() == [
        [1.5, "亿吨", "以上", "energy"]
    ]
    assert (t[t["period"] == "2016"]["kind"] == "result").all()


# --- forms of reports as researchers get them (issue #10) --------------------------------------

DATA = Path(__file__).parent / "data"


def _parts(r):
    return r.parts[["part", "title", "label"]].values.tolist()


def test_web_scrape_with_unnumbered_headings():
    path = DATA / "web_scrape_unnumbered.txt"
    r = load_report(path)
    assert r.reconstruct_bytes() == path.read_bytes()
    assert (r.title, r.date, r.year, r.speaker) == ("政府工作报告", "2024-01-24", 2024, "某某")
    assert _parts(r) == [
        [1, "过去一年工作回顾", "review"],
        [2, "2024年工作安排", "plan"],
        [3, "加强政府自身建设", "government"],
    ]
    a = r.anomalies
    front = a[a["kind"] == "front-matter-removed"]
    assert front["original"].tolist() == [
        "首页>要闻动态>政务要闻",
        "2024年某某省政府工作报告",
        "来源：某某日报",
        "时间：2024-01-30 09:12",
        "下载打印全屏收藏【字号：加大还原减小】",
        "1月24日，省长某某在某某省第十四届人民代表大会第二次会议上作政府工作报告。记者张三摄",
    ]
    assert (front["position"] == 0).all() and front["paragraph_id"].isna().all()
    back = a[a["kind"] == "back-matter-removed"]
    assert len(back) == 3 and (back["position"] == len(r.text)).all()
    for clutter in ("来源", "字号", "摄", "打印本页", "版权所有"):
        assert clutter not in r.text
    assert "增长5.2%，一般公共预算收入增长8.7%，城镇新增就业47.2万人" in r.text
    assert "PM2.5平均浓度下降4.1%" in r.text


def test_part_of_style_report():
    path = DATA / "part_of_report.txt"
    r = load_report(path)
    assert r.reconstruct_bytes() == path.read_bytes()
    assert _parts(r) == [
        [1, "2024年工作回顾", "review"],
        [2, "2025年工作安排", "plan"],
        [3, "加强政府自身建设", "government"],
    ]
    assert r.parts["sections"].tolist() == [2, 3, 0]
    assert (r.speaker_office, r.speaker) == ("代市长", "某某")
    assert r.anomalies.empty


def test_pdftotext_output_with_form_feeds():
    path = DATA / "pdftotext_form_feeds.txt"
    r = load_report(path)
    assert r.reconstruct_bytes() == path.read_bytes()
    assert _parts(r) == [
        [1, "2022年工作回顾", "review"],
        [2, "2023年工作安排", "plan"],
        [3, "加强政府自身建设", "government"],
    ]
    assert r.parts["sections"].tolist() == [2, 2, 0]
    # hard-wrapped lines are joined back into their paragraphs
    assert "规模以上工业增加值增长9.2%，一般公共预算收入增长6.5%。" in r.text
    assert "（一）脱贫成果持续巩固。脱贫人口人均纯收入增长14%" in r.text
    assert set(r.anomalies["kind"]) == {"line-break-joined"}
    assert "\f" not in r.text


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        # a bare numeral on its own line
        ("报告\n各位代表：\n一\n甲。\n二\n乙。\n三\n丙。\n", [1, 2, 3]),
        # （一） as the top level, 一、 running in below it
        (
            "各位代表：\n（一）形势\n甲。\n（二）方针\n一、依靠科学，发展农业。农业是基础。\n乙。\n"
            "二、发展工业。工业是主导。\n丙。\n",
            [1, 2],
        ),
        # headings with commas, longer than 40 characters, running into their paragraph
        (
            "各位代表：\n一、扩大和培育内需，促进经济较快增长\n甲。\n"
            "二、加快农业和农村经济发展，努力增加农民收入，加快农业和农村经济发展\n乙。\n",
            [1, 2],
        ),
        # a missing heading does not lose the later ones
        (
            "各位代表：\n一、回顾\n甲。\n二、安排\n乙。\n四、政府\n丙。\n五、外交\n丁。\n",
            [1, 2, 4, 5],
        ),
    ],
    ids=["bare-numerals", "bracketed-top", "long-headings", "gap"],
)
def test_heading_styles(text, parts):
    r = load_text(text, name="styles")
    assert r.parts["part"].tolist() == parts
    assert r.reconstruct() == text


def test_missing_heading_is_logged():
    r = load_text("各位代表：\n一、回顾\n甲。\n二、安排\n乙。\n四、政府\n丙。\n", name="gap")
    a = r.anomalies
    row = a[a["kind"] == "heading-number-skipped"].iloc[0]
    assert r.text[row["position"] :].startswith("四、政府")
    assert "3" in row["action"]


def test_heading_split_from_its_paragraph():
    text = "各位代表：\n一、回顾\n甲。\n二、改革和开放 国民经济的发展，要靠改革。\n乙。\n"
    r = load_text(text, name="runin")
    assert r.parts["title"].tolist() == ["回顾", "改革和开放"]
    p = r.paragraphs
    assert p.loc[p["role"] == "part-heading", "text"].tolist() == ["一、回顾", "二、改革和开放"]
    assert "国民经济的发展，要靠改革。" in p["text"].tolist()
    assert "heading-split" in set(r.anomalies["kind"])
    assert r.reconstruct() == text


def test_run_in_part_heading_cut_from_its_body():
    text = "各位代表：\n（一）形势\n甲。\n（二）方针\n乙。\n"
    r = load_text(text, name="ok")
    assert r.parts["title"].tolist() == ["形势", "方针"]


def test_form_feed_before_a_heading():
    text = "各位代表：\n一、回顾\n甲。\n\f二、安排\n乙。\n\f三、政府\n丙。\n"
    r = load_text(text, name="ff")
    assert r.parts["title"].tolist() == ["回顾", "安排", "政府"]
    assert r.reconstruct() == text


def test_one_line_report_with_indents():
    text = "　　政府工作报告　　各位代表：　　一、回顾　　增长。　　二、安排　　努力。"
    r = load_text(text, name="oneline")
    assert r.paragraphs["text"].tolist() == [
        "政府工作报告",
        "各位代表：",
        "一、回顾",
        "增长。",
        "二、安排",
        "努力。",
    ]
    assert r.parts["title"].tolist() == ["回顾", "安排"]
    assert (r.anomalies["kind"] == "paragraphs-in-one-line").sum() == 5
    assert r.reconstruct() == text


def test_wiki_line_breaks_joined():
    text = (
        "政府工作报\n告\n\n各位代表：\n\n一、回顾\n\n细颗粒物（PM\n2.5\n）浓度下降，交出一份人\n"
        "\u200b\n民满意的答卷。\n\n二、安排\n\n努力。\n"
    )
    r = load_text(text, name="wiki")
    assert r.title == "政府工作报告"
    assert "细颗粒物（PM2.5）浓度下降，交出一份人民满意的答卷。" in r.paragraphs["text"].tolist()
    a = r.anomalies
    joins = a[a["kind"] == "line-break-joined"]
    assert len(joins) == 4  # 报/告, PM/2.5, 2.5/）, 人/(zero-width line)/民
    assert r.reconstruct() == text


def test_table_of_contents_marked():
    text = "报告\n目录\n一、总任务\n二、概要\n各位代表：\n现在报告。\n"
    text += "一、总任务\n甲。\n二、概要\n乙。\n"
    r = load_text(text, name="toc")
    p = r.paragraphs
    assert p.loc[p["role"] == "contents", "text"].tolist() == ["目录", "一、总任务", "二、概要"]
    assert r.parts["first_paragraph"].tolist() == [7, 9]
    a = r.anomalies
    assert a.loc[a["kind"] == "table-of-contents", "paragraph_id"].tolist() == [2]


def test_report_twice_is_analysed_once():
    body = [f"第{i}项工作取得明显进展，各项指标全面完成，人民生活继续改善。" for i in range(10)]
    one = ["政府工作报告", "各位代表：", "一、回顾", *body[:5], "二、安排", *body[5:]]
    text = "\n".join(one + one) + "\n"
    r = load_text(text, name="twice")
    assert r.text == "\n".join(one)
    a = r.anomalies
    copy = a[a["kind"] == "duplicate-copy"]
    assert copy["original"].tolist() == ["\n".join(one)]
    assert r.reconstruct() == text


def test_report_repr_and_equality(synthetic_report, synthetic_path):
    assert repr(synthetic_report) == "<Report 'synthetic_report.txt': 21 paragraphs, 4 parts>"
    other = load_report(synthetic_path)
    assert other != synthetic_report  # compared by identity, no DataFrame comparison
    assert other == other
    assert len({synthetic_report, other}) == 2  # hashable


# --- hostile inputs (issue #16) -----------------------------------------------------------------


def test_many_bullets_in_one_line_is_fast():
    text = "一、回顾\n" + "——甲。" * 30_000 + "\n"
    start = time.perf_counter()
    r = load_text(text, name="bullets")
    elapsed = time.perf_counter() - start
    assert len(r.paragraphs) == 30_001
    assert (r.anomalies["kind"] == "run-together-bullets").sum() == 29_999
    assert elapsed < 20  # was 42 s (a scan of all paragraphs per anomaly)


def _timed_load(text: str) -> float:
    start = time.perf_counter()
    load_text(text, name="big")
    return time.perf_counter() - start


def test_loading_time_grows_linearly():
    """Eight times the text takes well under 8² times as long (quadratic was 518 s at 50 MB)."""
    paras = [
        f"（{'一二三四五六七八九'[i % 9]}）第{i}项工作。增长{i % 10}.5%，新增就业{i}万人。"
        for i in range(2_000)
    ]
    small = "各位代表：\n一、回顾\n" + "\n".join(paras) + "\n"
    big = "各位代表：\n一、回顾\n" + "\n".join(paras * 8) + "\n"
    _timed_load(small)  # warm up
    t_small = min(_timed_load(small) for _ in range(2))
    t_big = _timed_load(big)
    assert t_big < 20 * t_small


@pytest.mark.parametrize(
    "text",
    [
        "一、" + "（" * 5000 + "\n",
        "各位代表：\n" + "一、" * 5000 + "\n",
        "各位代表：\n" + "一、回顾。" * 2000 + "\n",
        "\u3000\u3000".join(["甲"] * 5000),
        "\n".join(["甲"] * 5000),
        "政府工作报\n" * 3000,
        "增长１ ２ ３ " * 3000,
        "各位代表：\n" + "过去一年工作回顾\n" * 20000,  # was quadratic: candidates per part
        "增长" + "1 " * 20000 + "a",
        "甲。" + "）" * 50000 + "乙",
    ],
    ids=[
        "brackets",
        "numerals",
        "headings",
        "indents",
        "lines",
        "broken-title",
        "spaced",
        "unnumbered",
        "spaced-run",
        "closing-marks",
    ],
)
def test_degenerate_inputs_load_quickly(text):
    start = time.perf_counter()
    r = load_text(text, name="odd")
    assert time.perf_counter() - start < 20
    assert r.reconstruct() == text


FORMS = [
    "一、2016年工作回顾",
    "（一）推进改革。正文。",
    "\u3000\u3000二、安排\u3000\u3000正文，继续。",
    "政府工作报",
    "告",
    "\u200b",
    "\f三、政府",
    "细颗粒物（PM",
    "2.5",
    "增长８．７％，４７．２万亿元",
    "——1 9 9 8 年3 月5 日",
    "来源：新华网 时间：2024-03-05",
    "新华社北京5月29日电",
    "目录",
    "各位代表：",
    "Public domain",
    "本作品在中国大陆属于公有领域。",
    "过去五年工作回顾",
    "第一部分　回顾",
    "四",
    "——甲。——乙。",
    "",
    "   ",
]


@st.composite
def scraped_text(draw):
    lines = draw(st.lists(st.one_of(st.sampled_from(FORMS), LINE), min_size=1, max_size=14))
    terms = draw(st.lists(st.sampled_from(["\n", "\n\n", "\r\n", "\r"]), min_size=len(lines)))
    text = "".join(line + term for line, term in zip(lines, terms, strict=False))
    if draw(st.booleans()):
        text = text + text  # a report stored twice
    return text


@PROPS
@given(scraped_text(), st.sampled_from(["utf-8", "gb18030", "utf-8-sig"]))
def test_scraped_forms_round_trip(text, encoding):
    data = text.encode(encoding)
    try:
        r = load_bytes(data, name="scraped")
    except ReportFormatError as exc:
        assert "no Chinese" in str(exc) or "empty" in str(exc)
        return
    assert r.reconstruct_bytes() == data
    p = r.paragraphs
    for start, end, para in zip(p["start"], p["end"], p["text"], strict=True):
        assert r.text[start:end] == para
    a = r.anomalies
    assert a["position"].between(0, len(r.text)).all()
    assert a["position"].is_monotonic_increasing
    ids = a["paragraph_id"].dropna()
    assert ids.between(1, len(p)).all()


def test_year_from_the_plan_part_when_no_date_or_title():
    from workreport import load_text

    r = load_text("一、过去五年工作回顾\n甲。\n二、2018年经济社会发展总体要求\n乙。\n", name="x")
    assert r.date == "" and r.year == 2018


def test_a_dated_sentence_in_the_body_is_not_a_dateline():
    text = (
        "一、2024年工作回顾\n过去一年，全省经济增长5%。\n（一）推动发展。\n"
        "2024年9月10日，全省高质量发展大会暨招商引资会议在郑州召开，签约项目120个。\n"
        "二、2025年工作安排\n增长5%左右。\n"
    )
    r = load_text(text, name="x")
    assert len(r.parts) == 2 and "front-matter-removed" not in set(r.anomalies["kind"])


def test_a_date_alone_on_its_line_is_the_date():
    text = (
        "政府工作报告\n——在某省第十四届人民代表大会第三次会议上\n（2025年1月18日）\n"
        "省长 王某\n各位代表：\n一、回顾\n增长。\n"
    )
    r = load_text(text, name="x")
    assert (r.date, r.speaker_office, r.speaker) == ("2025-01-18", "省长", "王某")


def test_an_annex_named_inside_the_speech_does_not_end_it():
    text = (
        "政府工作报告\n各位代表：\n一、2024年工作回顾\n"
        + "全省经济增长5%。\n" * 3
        + "二、2025年工作安排\n附件：2025年省政府十件民生实事\n"
        + "增长5%左右。\n" * 3
        + "各位代表！让我们团结奋斗！\n附件\n一、十件民生实事\n"
    )
    r = load_text(text, name="x")
    assert "各位代表！让我们团结奋斗！" in r.text and "一、十件民生实事" not in r.text
    assert r.parts["title"].tolist() == ["2024年工作回顾", "2025年工作安排"]
