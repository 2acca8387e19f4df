"""The provinces chapter's tables, glued values, claims and figures
(workreport.book.provinces_chapter)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from workreport import provinces as pv
from workreport.book import chapter
from workreport.book import provinces_chapter as pc
from workreport.book.words import count_words, interval_words
from workreport.constants import THEMES

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "06_provinces.ipynb"
CODE = ROOT / "src" / "workreport" / "book" / "provinces_chapter.py"


def report_text(region: str, year: int, *, energy: int = 1, review: str = "") -> str:
    """A small report of ``region`` and ``year`` with ``energy`` paragraphs on energy in each
    part; ``review`` replaces the review's growth result."""
    lines = [f"{year}年{region}政府工作报告"]
    lines.append(f"——{year}年1月15日在{region}第十四届人民代表大会第三次会议上")
    lines += ["各位代表：", f"一、{year - 1}年工作回顾", review or "全省地区生产总值增长5.2%。"]
    lines += ["推进煤炭清洁高效利用，去产能，发展新能源和光伏。"] * energy
    lines += ["加强生态环境保护，推进大气污染防治。", "打赢脱贫攻坚战，贫困人口减少。"]
    lines += ["深化改革，扩大开放，办好民生实事。"] * 3
    lines += [f"二、{year}年工作安排", "今年主要预期目标是：地区生产总值增长6%左右。"]
    lines += ["大力发展新能源，推动能源革命。"] * energy
    lines += ["持续改善生态环境，保护黄河流域，防止返贫。"]
    lines += ["优化营商环境，稳定就业，发展教育。"] * 3
    return "\n".join(lines) + "\n"


def findings(v: pc.ProvincesView) -> list:
    """Every section of the chapter, in the notebook's order."""
    t = pc.targets(v)
    return [
        pc.data(v),
        pc.attention(v),
        pc.shift(v),
        pc.vocabulary(v),
        t,
        pc.indicators(v, t["main"]),
    ]


def glued(fs: list, *, is_project_report: bool) -> dict[str, str]:
    out: dict[str, str] = {}
    for f in fs:
        out |= {k: f.text(k, is_project_report=is_project_report) for k in [*f.values, *f.claims]}
    return out


def markdown_keys(*, project_only: bool) -> set[str]:
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    keys: set[str] = set()
    for c in nb["cells"]:
        tags = c.get("metadata", {}).get("tags", [])
        if c["cell_type"] == "markdown" and (project_only or chapter.PROJECT_ONLY_TAG not in tags):
            keys |= set(re.findall(r"\{glue:text\}`([^`:]+)", "".join(c["source"])))
    return keys


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """A folder of three fictional provinces' reports of 2031 and the chapter's report: the
    first province's report of 2030."""
    root = tmp_path_factory.mktemp("provinces")
    reports = root / "reports"
    reports.mkdir()
    for i, (region, energy) in enumerate([("甲乙省", 3), ("丙丁省", 1), ("戊己省", 2)]):
        review = "经济运行总体平稳。" if region == "丙丁省" else ""
        text = report_text(region, 2031, energy=energy, review=review)
        (reports / f"r{i}.txt").write_text(text, encoding="utf-8")
    (root / "old.txt").write_text(report_text("甲乙省", 2030, energy=1), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def fictional(folder):
    ch = chapter.open_chapter(folder / "old.txt", name="06_provinces", display=False)
    return pc.view(ch, folder=folder / "reports", national_dir=folder / "none")


@pytest.fixture(scope="module")
def fictional_findings(fictional):
    return findings(fictional)


def test_the_view_reads_regions_and_years_from_the_reports(fictional):
    assert fictional.focus == "甲乙" and fictional.year == 2031
    assert fictional.has_pair and fictional.years == [2030, 2031]
    assert fictional.in_folder and len(fictional.ranked) == 3
    assert fictional.national is None and fictional.national_now == []


def test_every_key_of_the_prose_is_glued_on_another_report(fictional_findings):
    keys = set(glued(fictional_findings, is_project_report=False))
    assert markdown_keys(project_only=False) <= keys


def test_no_pair_glues_every_key_as_not_applicable(folder):
    ch = chapter.open_chapter(folder / "reports" / "r1.txt", name="06_provinces", display=False)
    v = pc.view(ch, folder=folder / "reports", national_dir=folder / "none")
    assert not v.has_pair
    values = glued(findings(v), is_project_report=False)
    assert markdown_keys(project_only=False) <= set(values)
    assert values["prov_shift_dir_energy"] == "n/a"
    assert values["prov_story"] == ""


def test_values_are_plain_text_without_template_artefacts_or_real_places(fictional_findings):
    places = [p for p in chapter._places() if p.level != "national"]
    for key, text in glued(fictional_findings, is_project_report=False).items():
        assert isinstance(text, str), key
        assert "(s)" not in text and "nan" not in text.split() and "None" not in text, key
        assert not re.search(r"\b0 and 0\b", text), (key, text)
        named = [p.zh for p in places if p.zh in text or re.search(rf"\b{p.en}\b", text)]
        assert not named, (key, text, named)
    for f in fictional_findings:
        for name, table in f.tables.items():
            headers = " ".join(map(str, table.columns))
            assert not [p.zh for p in places if p.zh in headers], name


def test_typed_wording_names_no_province_but_in_the_claim_of_the_books_report():
    """The only place typed in the module is in ``prov_story``, a claim glued on the book's
    report alone (and checked there): every other name comes from the reports."""
    code = CODE.read_text(encoding="utf-8")
    story = code[
        code.index("    story = (\n") : code.index(
            "    table = pd.DataFrame", code.index("    story = (\n")
        )
    ]
    rest = code.replace(story, "")
    for p in chapter._places():
        if p.level == "national":
            continue
        assert p.zh not in rest and not re.search(rf"\b{p.en}\b", rest), p.zh


def test_comparative_words_match_their_intervals(fictional, fictional_findings):
    values = glued(fictional_findings, is_project_report=False)
    contrast = pv.group_contrast(fictional.provincial, group=fictional.group).set_index("theme")
    raw = fictional_findings[2]["raw"]
    rows = raw[(raw["level"] == "theme") & (raw["scope"] == fictional.focus)].set_index("theme")
    for t in THEMES:
        c = contrast.loc[t]
        assert values[f"prov_group_words_{t}"] == interval_words(c["ratio_low"], c["ratio_high"])
        r = rows.loc[t]
        words = interval_words(r["ratio_low"], r["ratio_high"])
        assert values[f"prov_shift_dir_{t}"] == pc.CHANGE.get(words, "cannot be measured")
        vs = interval_words(r["vs_national_low"], r["vs_national_high"])
        assert values[f"prov_vs_{t}"] == pc.VERSUS[vs]


def test_the_vocabulary_counts_the_terms_gained_and_lost(fictional, fictional_findings):
    values = glued(fictional_findings, is_project_report=False)
    vocab = fictional_findings[3]["vocab"]
    for t in THEMES:
        x = vocab[vocab["theme"] == t]
        for status in ("gained", "lost"):
            n = int((x["status"] == status).sum())
            assert values[f"prov_n_{status}_{t}"] == count_words(n, "term")
    assert (vocab.loc[vocab["status"] == "gained", "old_count"] == 0).all()


def test_the_era_list_is_the_chapters_list():
    lexicon, name = pc.lexicon_of(chapter.load_chapter_config("06_provinces"))
    assert lexicon is not None and "碳达峰" in set(lexicon["term"])
    assert "era vocabulary" in name


def test_ranked_figure_draws_every_report_and_marks_the_focus(fictional):
    t = pv.province_themes(fictional.ranked, group=["甲乙"], draws=100)
    ref = t.groupby("theme", as_index=False)[["per_1000", "ci_low", "ci_high"]].mean()
    fig = pc.ranked_figure(t, focus="甲乙", labels={"甲乙": "甲乙 Jiayi"}, reference=ref)
    assert len(fig.axes) == 3
    bold = [x.get_text() for x in fig.axes[0].get_yticklabels() if x.get_fontweight() == "bold"]
    assert bold == ["甲乙 Jiayi"]
    empty = pc.ranked_figure(t, focus="甲乙", reference=ref.iloc[:0])
    assert len(empty.legends[0].get_texts()) == 2  # no national line without a national report


def test_targets_figure_draws_each_target_and_marks_a_missing_result(fictional_findings):
    ag = fictional_findings[4]["against"]
    fig = pc.targets_figure(ag, focus="丙丁", group=["甲乙"], labels={"丙丁": "丙丁 (Bingding)"})
    ax = fig.axes[0]
    markers = [line.get_marker() for line in ax.lines if line.get_xydata().shape == (1, 2)]
    assert sorted(markers) == ["o", "o", "x"]  # 丙丁's review states no growth result
    assert [t.get_text() for t in ax.texts] == ["丙丁 (Bingding)"]


# --- the book's report, among the provincial reports of the project -----------------------


@pytest.fixture(scope="module")
def real():
    ch = chapter.open_chapter(None, name="06_provinces", display=False)
    v = pc.view(ch)
    return v, findings(v)


@pytest.mark.slow
def test_every_key_of_the_prose_is_glued_on_the_books_report(real):
    assert markdown_keys(project_only=True) <= set(glued(real[1], is_project_report=True))


@pytest.mark.slow
def test_every_claim_holds_on_the_books_report(real):
    stale = [k for f in real[1] for k, (holds, *_) in f.claims.items() if not holds]
    assert not stale


@pytest.mark.slow
def test_the_books_report_is_ranked_among_the_folder_and_compared_with_its_later_report(real):
    v, fs = real
    assert v.in_folder and v.has_pair and v.national is not None
    assert v.years[0] == v.ch.year and v.years[-1] == v.year
    focus = fs[1]["themes"]
    assert set(focus.loc[focus["province"] == v.focus, "theme"]) == {"energy", "poverty", "ecology"}
    assert isinstance(fs[4]["gdp"], pd.DataFrame) and len(fs[4]["gdp"]) == len(v.provincial)
