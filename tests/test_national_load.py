"""Every State Council report of the corpus loads, round-trips and has its hand-counted outline.

The hand counts (``data/annotations/national_structure_gold.csv`` and
``national_sections_gold.csv``) were made by reading the raw files, without the loader.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest

from workreport import load_report
from workreport.clean import fold_fullwidth

ROOT = Path(__file__).resolve().parents[1]
NATIONAL = ROOT / "data" / "raw" / "national"
GOLD = ROOT / "data" / "annotations" / "national_structure_gold.csv"
GOLD_SECTIONS = ROOT / "data" / "annotations" / "national_sections_gold.csv"

# Reports where the loader is known to disagree with the hand count (strict: the test fails
# as soon as the loader gets them right, so the mark must then be removed).
KNOWN_WRONG = {
    "national-1964.txt": (
        "Xinhua summary: the three part headings and the news crossheads are both short "
        "unnumbered lines; the loader reads all 10 as parts (the text says 报告的第二部分 / "
        "第三部分, which the outline does not use)"
    ),
}


def _gold() -> list[dict]:
    with GOLD.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    sections = defaultdict(list)
    with GOLD_SECTIONS.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            sections[r["file"]].append((int(r["part"]), int(r["sections"])))
    for r in rows:
        r["per_part"] = [n for _, n in sorted(sections[r["file"]])]
    return rows


ROWS = _gold() if GOLD.exists() else []


@cache
def _load(name: str):
    return load_report(NATIONAL / name)


def _params():
    for r in ROWS:
        marks = []
        if r["file"] in KNOWN_WRONG:
            marks = [pytest.mark.xfail(reason=KNOWN_WRONG[r["file"]], strict=True)]
        yield pytest.param(r, id=r["file"], marks=marks)


def test_every_file_has_a_hand_count():
    files = sorted(p.name for p in NATIONAL.glob("national-*.txt"))
    assert len(files) == 57
    assert sorted(r["file"] for r in ROWS) == files


@pytest.mark.parametrize("name", sorted(p.name for p in NATIONAL.glob("national-*.txt")))
def test_loads_and_round_trips(name):
    r = _load(name)
    assert r.reconstruct_bytes() == (NATIONAL / name).read_bytes()
    assert len(r.parts) >= 1
    for start, end, text in zip(
        r.paragraphs["start"], r.paragraphs["end"], r.paragraphs["text"], strict=True
    ):
        assert r.text[start:end] == text
    # full-width digits and zero-width spaces do not survive cleaning
    assert not any("\uff10" <= c <= "\uff19" for c in r.text)
    assert "\u200b" not in r.text


@pytest.mark.parametrize("row", list(_params()))
def test_outline_matches_hand_count(row):
    r = _load(row["file"])
    assert len(r.parts) == int(row["parts"])
    assert r.parts["sections"].tolist() == row["per_part"]
    assert len(r.sections) == int(row["sections"])


@pytest.mark.parametrize(
    "row",
    [r for r in ROWS if r["part_titles"] and r["file"] not in KNOWN_WRONG],
    ids=lambda r: r["file"],
)
def test_part_titles_match_hand_count(row):
    """The gold titles are cut at 30 characters and keep full-width digits as written."""
    gold = [fold_fullwidth(t.strip()).replace(" ", "") for t in row["part_titles"].split("|")]
    got = [t.replace(" ", "")[:30] for t in _load(row["file"]).parts["title"]]
    assert got == [g[:30] for g in gold]


@pytest.mark.parametrize(
    ("name", "date"),
    [
        ("national-1956.txt", "1956-06-15"),  # ——１９５６年６月１５日
        ("national-1984.txt", "1984-05-15"),  # －－1984年
        ("national-1998.txt", "1998-03-05"),  # ——1 9 9 8 年3 月5 日
        ("national-2020.txt", "2020-05-22"),  # one line, after a news-agency dateline
        ("national-2021.txt", "2021-03-05"),
    ],
)
def test_dates_however_written(name, date):
    r = _load(name)
    assert r.date == date
    assert r.year == int(date[:4])


def test_one_line_report_2020():
    r = _load("national-2020.txt")
    assert r.title == "政府工作报告"
    assert (r.speaker_office, r.speaker) == ("国务院总理", "李克强")
    a = r.anomalies
    assert a.loc[a["kind"] == "front-matter-removed", "original"].tolist() == [
        "新华社北京5月29日电"
    ]
    assert "新华社" not in r.text
    assert (a["kind"] == "paragraphs-in-one-line").sum() == len(r.paragraphs)
    assert r.paragraphs["line"].eq(1).all()


def test_wikisource_breaks_2021():
    r = _load("national-2021.txt")
    assert r.title == "政府工作报告"  # 政府工作报 / 告
    assert (r.speaker_office, r.speaker) == ("国务院总理", "李克强")
    assert "交出一份人民满意、世界瞩目、可以载入史册的答卷" in r.text  # across a zero-width line
    kinds = r.anomalies["kind"]
    assert (kinds == "line-break-joined").sum() > 0
    assert (kinds == "back-matter-removed").sum() == 3
    assert "公有领域" not in r.text and "Public domain" not in r.text


def test_pm25_rejoined_2019():
    r = _load("national-2019.txt")
    assert "细颗粒物（PM2.5）浓度" in r.text
    assert "广义货币M2和社会融资规模" in r.text


def test_report_twice_1991_analysed_once():
    r = _load("national-1991.txt")
    a = r.anomalies
    copy = a[a["kind"] == "duplicate-copy"]
    assert len(copy) == 1
    assert copy["original"].iloc[0].startswith("关于1990年国民经济和社会发展计划执行情况")
    assert r.text.count("农业生产全面丰收，主要农产品大幅度增产") == 1
    assert copy["position"].iloc[0] == len(r.text)


def test_table_of_contents_1955():
    r = _load("national-1955.txt")
    p = r.paragraphs
    contents = p[p["role"] == "contents"]
    assert contents["text"].iloc[0] == "目录"
    assert len(contents) == 14  # 目录, 一、二、三、, （一）…（九）, 四、
    assert (contents["part"] == 0).all()
    assert r.parts["first_paragraph"].iloc[0] > contents["paragraph_id"].max()
    a = r.anomalies
    assert a.loc[a["kind"] == "table-of-contents", "paragraph_id"].tolist() == [
        contents["paragraph_id"].iloc[0]
    ]


def test_full_width_numbers_1956():
    r = _load("national-1956.txt")
    assert "1955年" in r.text and "１９５５" not in r.text
    assert "27,203,319,000元" in r.text  # ２７，２０３，３１９，０００元
    a = r.anomalies
    folded = a[a["kind"] == "fullwidth-folded"]
    for pos, original in zip(folded["position"], folded["original"], strict=True):
        assert r.text[pos : pos + len(original)] == fold_fullwidth(original)


@pytest.mark.parametrize(
    ("year", "office", "name"),
    [
        (1955, "国务院副总理兼国家计划委员会主任", "李富春"),
        (1956, "副总理兼财政部长", "李先念"),
        (1960, "国务院副总理", "谭震林"),
        (1988, "国务院代总理", "李鹏"),
        (1991, "国务委员兼国家计划委员会主任", "邹家华"),
        (2024, "国务院总理", "李强"),
    ],
)
def test_speakers_office_and_name(year, office, name):
    r = load_report(NATIONAL / f"national-{year}.txt")
    assert (r.speaker_office, r.speaker) == (office, name)


def test_every_national_report_with_a_speaker_line_has_a_speaker():
    for path in sorted(NATIONAL.glob("national-*.txt")):
        r = load_report(path)
        has_line = (r.paragraphs["role"] == "speaker").any()
        assert bool(r.speaker) == has_line, path.name
