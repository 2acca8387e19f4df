"""Fair comparisons with the centre (workreport.centre): the genre annotation checked against
the raw texts, the genre-core rule, timing, target counting, shares of national results and
the dashboard's classifications, on hand-built examples and on the real reports."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest

from workreport import ReportFormatError
from workreport import centre as ce

ROOT = Path(__file__).resolve().parents[1]
NATIONAL = ROOT / "data" / "raw" / "national"
GENRE = ROOT / "data" / "annotations" / "national_genre.csv"


def _flat(text: str) -> str:
    return re.sub(r"[\s\u200b]+", "", text)


# --- 1. corpus genre ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def genre() -> pd.DataFrame:
    return ce.load_genre(GENRE)


def test_genre_lists_every_national_file_once(genre):
    files = sorted(p.name for p in NATIONAL.glob("national-*.txt"))
    assert sorted(genre["file"]) == files
    assert (genre["year"] == genre["file"].str.extract(r"(\d{4})")[0].astype(int)).all()


def test_genre_evidence_is_words_of_the_text(genre):
    """Every fragment of the evidence (between ' … ', without an annotator's parenthesis) is
    in the file, whitespace and zero-width spaces aside."""
    for row in genre.itertuples():
        text = _flat((NATIONAL / row.file).read_text(encoding="utf-8"))
        for frag in row.evidence.split(" … "):
            words = _flat(re.sub(r"\s*\(.*\)$", "", frag))
            if words and not words.startswith("thefileholds"):
                assert words in text, (row.file, frag)


def _speaker(evidence: str) -> str:
    return next(
        (f for f in evidence.split(" … ") if re.search("总理|国务委员|部长", f) and len(f) < 40), ""
    )


def test_counts_follow_the_stated_rule(genre):
    """The rule of the README: a file counts when its speaker line names the premier (or the
    acting premier), not a vice-premier, state councillor or minister, and the text is not an
    abridgement; its genre is then one of the work-report genres."""
    for row in genre.itertuples():
        speaker = _speaker(row.evidence)
        premier = bool(re.search(r"(?<!副)总理", speaker)) and not re.search(
            "副总理|国务委员|部长", speaker
        )
        summary = "摘要" in row.evidence
        if row.counts == "yes":
            assert row.genre in ce.WORK_REPORT_GENRES["all"], row.file
            assert not summary and (premier or not speaker), row.file
        else:
            assert row.genre not in ce.WORK_REPORT_GENRES["all"], row.file
            assert summary or (speaker and not premier), row.file


def test_load_genre_refuses_bad_files(tmp_path):
    with pytest.raises(ReportFormatError, match=r"missing\.csv"):
        ce.load_genre(tmp_path / "missing.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("file,year,genre,evidence,counts,note\na.txt,2000,x,y,maybe,\n", "utf-8")
    with pytest.raises(ReportFormatError, match="yes or no"):
        ce.load_genre(bad)
    short = tmp_path / "short.csv"
    short.write_text("file,year\na.txt,2000\n", "utf-8")
    with pytest.raises(ReportFormatError, match="genre"):
        ce.load_genre(short)
    twice = tmp_path / "twice.csv"
    with twice.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(ce.GENRE_COLUMNS)
        w.writerows([["a.txt", 2000, "plan report", "e", "no", ""]] * 2)
    with pytest.raises(ReportFormatError, match="twice"):
        ce.load_genre(twice)


def test_work_reports_only_and_ranks_on_a_made_up_series():
    series = pd.DataFrame(
        {
            "file": ["a", "b", "c", "d", "e"],
            "status": ["ok", "ok", "ok", "ok", "failed"],
            "m": [1.0, 9.0, 2.0, 4.0, float("nan")],
        }
    )
    genre = pd.DataFrame(
        {
            "file": ["a", "b", "c", "d", "e"],
            "counts": ["yes", "no", "yes", "yes", "yes"],
            "genre": [
                "government work report",
                "plan report",
                "five-year plan report (premier)",
                "government work report",
                "government work report",
            ],
        }
    )
    assert ce.work_reports_only(series, genre)["file"].tolist() == ["a", "c", "d", "e"]
    assert ce.work_reports_only(series, genre, strict=True)["file"].tolist() == ["a", "d", "e"]
    r = ce.genre_ranks(series, {"m": 3.0}, genre).set_index("corpus")
    # all loaded files: 1, 9, 2, 4 -> two below 3 of 4; work reports 1, 2, 4; strict 1, 4
    assert r.loc["all files", ["reports", "reports_below"]].tolist() == [4, 2]
    assert r.loc["work reports", ["reports", "reports_below"]].tolist() == [3, 2]
    assert r.loc["work reports (strict)", "percentile"] == 50.0


# --- 2. genre core --------------------------------------------------------------------------------

CORE_TEXT = """政府工作报告
一、过去一年的工作
过去一年，经济平稳增长，煤炭去产能取得进展。
我国科技、教育、文化、卫生、体育和国防建设等项事业获得了新的发展。
过去一年，中国特色大国外交卓有成效。出访多国。
二、今年的主要任务
积极主动扩大对外开放，推进生态环境保护。
各位代表！国防和军队建设取得重大进展。要推进强军。
我们要全面贯彻党的宗教工作基本方针。
我们要继续全面准确、坚定不移贯彻“一国两制”、“港人治港”、“澳人治澳”、高度自治的方针。
三、关于国际形势和外交工作
当前，世界仍处在复杂而深刻的变化之中，各国要合作。
我们将继续推动合作。
"""


@pytest.fixture(scope="module")
def core_report():
    from workreport import load_text

    return load_text(CORE_TEXT, name="core.txt")


def test_core_paragraphs_rule_on_a_made_up_report(core_report):
    core = ce.core_paragraphs(core_report.paragraphs)
    p = core_report.paragraphs.set_index("paragraph_id")["text"]
    out = {
        p[i][:7]: (t, r)
        for i, t, r in zip(core["paragraph_id"], core["topic"], core["rule"], strict=True)
        if t
    }
    assert out["过去一年，中国"] == ("foreign", "opening")
    assert out["各位代表！国防"] == ("defence", "opening")
    assert out["我们要全面贯彻"] == ("ethnic_religious", "opening")
    assert out["我们要继续全面"] == ("hk_macau_taiwan", "opening")
    assert out["三、关于国际形"] == ("foreign", "heading")
    assert out["当前，世界仍处"] == ("foreign", "heading")
    assert out["我们将继续推动"] == ("foreign", "heading")  # under the heading: no cue needed
    kept = {p[i][:7] for i in core.loc[core["core"], "paragraph_id"]}
    # a passing mention in a list, and 对外开放 (an economic policy), stay in the core
    assert {"我国科技、教育", "积极主动扩大对", "过去一年，经济"} <= kept


def test_core_analysis_moves_only_left_out_paragraphs(core_report):
    from workreport import analyse

    a = analyse(core_report)
    c = ce.core_analysis(a)
    core = ce.core_paragraphs(a.report.paragraphs)
    moved = set(c.report.paragraphs.loc[c.report.paragraphs["part"] == 0, "paragraph_id"])
    before = set(a.report.paragraphs.loc[a.report.paragraphs["part"] == 0, "paragraph_id"])
    assert moved - before == set(core.loc[~core["core"], "paragraph_id"])
    assert c.report.text == a.report.text and c.tokens is a.tokens
    assert a.report.paragraphs["part"].gt(0).sum() > c.report.paragraphs["part"].gt(0).sum()


@pytest.fixture(scope="module")
def national_2016():
    from workreport import analyse

    return analyse(NATIONAL / "national-2016.txt")


def test_core_rates_recount_independently(real_analysis, national_2017):
    """The core rate of each theme equals its matches over its word tokens counted directly
    on the paragraphs the rule keeps."""
    r = ce.core_rates(real_analysis, national_2017, draws=50).set_index("theme")
    core = ce.core_paragraphs(national_2017.report.paragraphs)
    keep = set(core.loc[core["core"], "paragraph_id"])
    t = national_2017.tokens
    words = int(((~t["is_punct"]) & t["paragraph_id"].isin(keep)).sum())
    m = national_2017.matches
    for theme in r.index:
        n = int(((m["theme"] == theme) & m["paragraph_id"].isin(keep)).sum())
        assert r.loc[theme, "national_core_rate"] == pytest.approx(1000 * n / words)
        gap, core_gap = r.loc[theme, "gap"], r.loc[theme, "core_gap"]
        assert r.loc[theme, "gap_explained_pct"] == pytest.approx(100 * (gap - core_gap) / gap)
    all_words = int(((~t["is_punct"]) & t["paragraph_id"].isin(set(core["paragraph_id"]))).sum())
    assert r["national_words_left_out_pct"].iloc[0] == pytest.approx(100 * (1 - words / all_words))


# --- 3. timing ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("report", "national", "expected"),
    [
        ("2017-01-14", "2016-03-05", "centre to report"),
        ("2017-01-14", "2017-03-05", "report to centre"),
        ("2017-03-05", "2017-03-05", "same day"),
        ("", "2017-03-05", "unknown"),
        (None, None, "unknown"),
    ],
)
def test_influence_direction(report, national, expected):
    assert ce.influence_direction(report, national) == expected
    assert ce.DIRECTION_SENTENCES[expected].format(nyear=2017, ndate=national, rdate=report)


def test_shared_terms_counts_the_report_matches_whose_term_the_centre_uses():
    from types import SimpleNamespace

    a = SimpleNamespace(
        matches=pd.DataFrame(
            {
                "theme": ["energy"] * 4 + ["ecology"],
                "term": ["煤炭", "煤炭", "去产能", "煤层气", "水"],
            }
        )
    )
    b = SimpleNamespace(
        matches=pd.DataFrame({"theme": ["energy", "ecology"], "term": ["去产能", "大气"]})
    )
    t = ce.shared_terms(a, {"n": b}).set_index("theme")
    assert t.loc["energy", ["report_terms", "shared_terms", "shared_matches"]].tolist() == [3, 1, 1]
    assert t.loc["energy", "shared_matches_pct"] == 25.0
    assert t.loc["ecology", "shared_matches"] == 0  # a term counts within its own theme only


def test_echo_against_the_year_before_and_the_same_year(
    real_analysis, national_2016, national_2017
):
    nationals = {"before": national_2016, "same": national_2017}
    echo = ce.echo_table(real_analysis, nationals, draws=100)
    assert set(echo["national"]) == {"before", "same"}
    d = echo.drop_duplicates("national").set_index("national")["direction"]
    # Shanxi's report (14 January 2017) came after national 2016 and before national 2017
    assert d["before"] == "centre to report" and d["same"] == "report to centre"
    for r in echo.itertuples():
        assert r.echo == ce.echo_status(
            r.report_matches, r.national_matches, r.ratio_ci_low, r.ratio_ci_high
        )
    summary = ce.echo_summary(echo, ce.shared_terms(real_analysis, nationals)).set_index("national")
    assert (summary[["shared", "own", "less"]].sum(axis=1) == summary["subthemes"]).all()


# --- 4. counting targets --------------------------------------------------------------------------

TARGET_TEXT = """政府工作报告
一、2016年工作回顾
全省地区生产总值增长4.5%，好于下降7%的预期。
二、2017年工作安排
主要预期目标是：地区生产总值增长5.5%左右，城镇新增就业45万人以上。
将年应纳税所得额上限由30万元提高到50万元。预计今年高校毕业生超过800万人。
确保完成20个贫困村退出，力争新建10个园区。
地区生产总值增速预期5.5%左右，旨在为转型留出空间。
约束性指标是：资源节约方面，单位能耗下降3%，用水量下降2%。环境质量方面，包括细颗粒物浓度下降比例、优良天数比例，完成国家下达任务。民生方面，贫困人口脱贫10万人。
"""


@pytest.fixture(scope="module")
def target_analysis():
    from workreport import analyse, load_text

    return analyse(load_text(TARGET_TEXT, name="targets.txt"))


def _reason(c: pd.DataFrame, mention: str) -> str:
    hit = c[c["text"].str.contains(mention, regex=False) & (c["value"] == float(mention[:2]))]
    assert len(hit) == 1, mention
    return str(hit["left_out"].iloc[0])


def test_classify_targets_reasons(target_analysis):
    a = target_analysis
    c = ce.classify_targets(a.targets, a.report.text, report_year=2017)
    by_value = {(r.value, r.unit): r.left_out for r in c.itertuples()}
    assert by_value[(30.0, "万元")] == "starting value"
    assert by_value[(50.0, "万元")] == ""  # the value to reach is a target
    assert by_value[(800.0, "万人")] == "forecast"
    assert by_value[(20.0, "个")] == "" and by_value[(45.0, "万人")] == ""
    gdp = c[(c["value"] == 5.5)]["left_out"].tolist()
    assert gdp == ["", "repeat"]  # ¶ of the main targets first, its restatement after
    past = c[c["period"].astype(str) == "2016"]
    assert (past["left_out"] == "past year").all()


def test_count_targets_definitions(target_analysis):
    a = target_analysis
    c = ce.classify_targets(a.targets, a.report.text, report_year=2017)
    assert ce.count_targets(a.targets, definition="extracted") == int(
        (a.targets["kind"] == "target").sum()
    )
    n = ce.count_targets(a.targets, text=a.report.text, report_year=2017)
    assert n == int((c["left_out"] == "").sum()) < len(c)
    with pytest.raises(ValueError, match="definition"):
        ce.count_targets(a.targets, definition="headline")
    with pytest.raises(ValueError, match="text="):
        ce.count_targets(a.targets)


def test_binding_indicators_on_a_made_up_list(target_analysis):
    a = target_analysis
    b = ce.binding_indicators(a.report.text, a.report.paragraphs, a.targets)
    assert b["indicator"].tolist() == [
        "单位能耗下降3%",
        "用水量下降2%",
        "细颗粒物浓度下降比例",
        "优良天数比例",
        "贫困人口脱贫10万人",
    ]
    assert b["group"].tolist() == ["资源节约"] * 2 + ["环境质量"] * 2 + ["民生"]
    assert b["with_figure"].tolist() == [True, True, False, False, True]


def test_binding_indicators_of_the_real_report(real_analysis):
    """Each item is the text at its offsets, and the items with a figure are exactly the
    targets the extractor labels binding in those paragraphs."""
    a = real_analysis
    b = ce.binding_indicators(a.report.text, a.report.paragraphs, a.targets)
    assert len(b) > int(b["with_figure"].sum()) > 0
    for r in b.itertuples():
        assert a.report.text[r.start : r.end] == r.indicator
        assert "、" not in r.indicator and not r.indicator.endswith("方面")
    labelled = a.targets[
        (a.targets["binding"] == "binding") & a.targets["paragraph_id"].isin(set(b["paragraph_id"]))
    ]
    assert int(b["with_figure"].sum()) == len(labelled)


def test_firmness_table_counts_every_commitment(real_analysis):
    a = real_analysis
    c = ce.classify_targets(a.targets, a.report.text, report_year=a.report.year)
    kept = c[c["left_out"] == ""]
    t = ce.firmness_table(kept)
    assert t["targets"].sum() == len(kept)
    hard = t[t["literature"] == "hard"]
    assert set(hard["firmness"]) <= {"guarantee", "aspiration", "floor", "ceiling"}


# --- 5. shares of national ------------------------------------------------------------------------


def _row(kind, period, indicator, verb, value, unit, base, base_unit, pid):
    return {
        "kind": kind,
        "period": period,
        "indicator": indicator,
        "verb": verb,
        "value": value,
        "unit": unit,
        "value_base": base,
        "base_unit": base_unit,
        "paragraph_id": pid,
    }


def test_pair_with_national_on_made_up_rows():
    report = pd.DataFrame(
        [
            _row("result", "2016", "煤炭产能", "退出", 2325, "万吨", 2325e4, "吨", 1),
            _row("result", "2016", "贫困人口实施易地扶贫", "搬迁", 10, "万", 1e5, "人", 2),
            _row("result", "2016", "地区生产总值", "增长", 4.5, "%", float("nan"), "", 3),
            _row("target", "2017", "煤炭产能", "退出", 2000, "万吨", 2000e4, "吨", 4),
        ]
    )
    national = pd.DataFrame(
        [
            _row("result", "2016", "煤炭产能", "", 2.9, "亿吨", 2.9e8, "吨", 7),
            _row("result", "2016", "易地扶贫搬迁人口", "", 240, "万", 2.4e6, "人", 8),
            _row("result", "2016", "国内生产总值", "增长", 6.7, "%", float("nan"), "", 9),
            _row("target", "2017", "煤炭产能", "退出", 1.5, "亿吨", 1.5e8, "吨", 10),
        ]
    )
    r = ce.pair_with_national(report, national, kind="result", year=2016).set_index("paragraph")
    assert r.loc[1, "share_pct"] == pytest.approx(100 * 2325e4 / 2.9e8)
    # named differently, paired through indicator and verb together
    assert r.loc[2, "national_indicator"] == "易地扶贫搬迁人口"
    assert r.loc[2, "share_pct"] == pytest.approx(100 * 1e5 / 2.4e6)
    assert pd.isna(r.loc[3, "share_pct"])  # a rate has no share
    s = ce.national_shares(report, national, year=2017)
    coal = s[s["indicator"] == "煤炭产能"].iloc[0]
    assert coal["target_share_pct"] == pytest.approx(100 * 2000e4 / 1.5e8)
    assert coal["result_share_pct"] == pytest.approx(100 * 2325e4 / 2.9e8)
    relocation = s[s["result_indicator"] == "贫困人口实施易地扶贫"].iloc[0]
    assert relocation["target"] == "" and pd.isna(relocation["target_share_pct"])


def test_national_shares_of_the_real_reports(real_analysis, national_2017):
    """Every share recomputed from the two targets tables: the rows named in the table, their
    base values divided."""
    s = ce.national_shares(real_analysis.targets, national_2017.targets, year=2017)
    a, b = real_analysis.targets, national_2017.targets
    for r in s.itertuples():
        if r.result_indicator:
            x = a[(a["kind"] == "result") & (a["indicator"] == r.result_indicator)]
            y = b[(b["kind"] == "result") & (b["indicator"] == r.national_result_indicator)]
            ratios = {100 * p / q for p in x["value_base"] for q in y["value_base"]}
            assert any(r.result_share_pct == pytest.approx(v) for v in ratios)
        if r.indicator:
            x = a[(a["kind"] == "target") & (a["indicator"] == r.indicator)]
            y = b[(b["kind"] == "target") & (b["indicator"] == r.national_indicator)]
            ratios = {100 * p / q for p in x["value_base"] for q in y["value_base"]}
            assert any(r.target_share_pct == pytest.approx(v) for v in ratios)
    assert s["result_share_pct"].notna().sum() >= 3


# --- 6. dashboard ---------------------------------------------------------------------------


def test_dashboard_reads_ceilings_rates_and_programmes(real_analysis):
    from workreport import pair_results_targets

    a = real_analysis
    pairs = pair_results_targets(a.targets)
    d = ce.dashboard(pairs, a.targets, a.report.text)
    nxt = pairs[pairs["pair"] == "result→next target"]
    assert len(d) == len(nxt.drop_duplicates(["target_paragraph", "target_indicator"])) > 0
    assert (d["change"] == d["target"] - d["result"]).all()
    rates = d["unit"] == "%"
    assert (d.loc[rates, "change_unit"] == "percentage points").all()
    assert d.loc[rates, "percent_change"].isna().all()
    assert d.loc[~rates & (d["result"] != 0), "percent_change"].notna().all()
    ceilings = d[(d["role"] == "ceiling") & ~d["programme"]]
    assert len(ceilings) and not ceilings["reading"].isin(["raised", "kept", "lowered"]).any()
    assert (d.loc[d["programme"], "reading"] == "programme, not an indicator").all()
    for r in d.itertuples():  # a ceiling by its hedge, verb or indicator, as the rule says
        expected = ce.indicator_role(r.indicator) == "ceiling" or r.role == "ceiling"
        assert (r.role == "ceiling") == expected


def test_is_programme_and_role_rules():
    text = "深入实施精准扶贫八大工程二十个专项行动，完成12万贫困人口易地搬迁，新开工3个项目。"
    assert ce.is_programme(text, text.index("专项行动"))
    assert not ce.is_programme(text, text.index("贫困人口易地"))
    assert not ce.is_programme(text, text.index("项目"))  # projects started are outputs
    assert ce.indicator_role("一般公共预算收入") == "ambition"
    assert ce.indicator_role("赤字率", qualifier="") == "ceiling"
    assert ce.indicator_role("单位能耗", qualifier="约+以内") == "ceiling"


def test_gdp_target_history_on_made_up_rows():
    def row(kind, period, value, lo=float("nan"), hi=float("nan"), ref=float("nan"), q=""):
        return {
            "kind": kind,
            "period": period,
            "indicator": "地区生产总值" if kind else "",
            "unit": "%",
            "value": value,
            "value_low": lo,
            "value_high": hi,
            "qualifier": q,
            "reference_value": ref,
        }

    report = pd.DataFrame(
        [row("result", "2016", 4.5, ref=6.0), row("target", "2017", 5.5, q="左右")]
    )
    nat = pd.DataFrame([row("result", "2016", 6.7), row("target", "2017", 6.5, q="左右")])
    prev = pd.DataFrame([row("target", "2016", float("nan"), lo=6.5, hi=7.0)])
    g = ce.gdp_target_history(report, nat, prev, year=2017).set_index(["who", "year", "kind"])
    assert g.loc[("report", 2016, "target"), "qualifier"] == "implied"
    assert g.loc[("report", 2016, "target"), "figure"] == 6.0
    assert g.loc[("national", 2016, "target"), ["low", "high", "figure"]].tolist() == [
        6.5,
        7.0,
        6.75,
    ]
    assert len(g) == 6
    # a target written as the economy growing (经济增长5.5%左右) is the GDP growth target too
    economy = report.assign(
        indicator=["地区生产总值", "经济"], verb=["增长", "增长"], reference_value=float("nan")
    )
    g = ce.gdp_target_history(economy, nat, prev, year=2017).set_index(["who", "year", "kind"])
    assert g.loc[("report", 2017, "target"), "figure"] == 5.5
    other = economy.assign(indicator=["地区生产总值", "固定资产投资"])
    g = ce.gdp_target_history(other, nat, prev, year=2017).set_index(["who", "year", "kind"])
    assert ("report", 2017, "target") not in g.index


# --- the derived tables -------------------------------------------------------------------------


@pytest.mark.slow
def test_centre_tables_on_a_two_report_corpus(tmp_path, real_analysis):
    import shutil

    for y in (2016, 2017):
        shutil.copy(NATIONAL / f"national-{y}.txt", tmp_path / f"national-{y}.txt")
    tables = ce.centre_tables(corpus_dir=tmp_path, analysis=real_analysis, jobs=1, draws=50)
    assert set(tables) == {
        "centre_ranks.csv",
        "centre_core_rates.csv",
        "centre_echo.csv",
        "centre_echo_summary.csv",
        "centre_shared_terms.csv",
        "centre_targets.csv",
        "centre_target_counts.csv",
        "centre_binding.csv",
        "centre_shares.csv",
        "centre_dashboard.csv",
        "centre_gdp_targets.csv",
    }
    assert list(tables["centre_core_rates.csv"].columns) == ["national", *ce.CORE_RATE_COLUMNS]
    assert set(tables["centre_echo.csv"]["national"]) == {"national-2016.txt", "national-2017.txt"}
    ranks = tables["centre_ranks.csv"]
    assert ranks.loc[ranks["corpus"] == "all files", "reports"].max() == 2
    counts = tables["centre_target_counts.csv"].set_index("who")
    targets = tables["centre_targets.csv"]
    for who in ("report", "national"):
        rows = targets[targets["who"] == who]
        assert counts.loc[who, "extracted"] == len(rows)
        assert counts.loc[who, "commitment"] == int((rows["left_out"] == "").sum())


def test_national_counterparts_never_the_report_itself(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for y in (2016, 2017):
        (corpus / f"national-{y}.txt").write_text(f"报告{y}", encoding="utf-8")
    own = corpus / "national-2017.txt"
    copy = tmp_path / "copy-of-2017.txt"
    copy.write_bytes(own.read_bytes())
    other = tmp_path / "province-2017.txt"
    other.write_text("省报告", encoding="utf-8")
    assert ce.national_counterparts(other, 2017, corpus) == (
        corpus / "national-2016.txt",
        own,
    )
    # the report is the national one of 2017 (as the same file or a copy): the nearest other year
    for report in (own, copy):
        before, same = ce.national_counterparts(report, 2017, corpus)
        assert before == same == corpus / "national-2016.txt"
    assert ce.same_file(own, copy) and not ce.same_file(own, other)
    assert not ce.same_file(own, tmp_path / "missing.txt")
    with pytest.raises(ReportFormatError):
        ce.national_counterparts(own, 2017, tmp_path / "empty")
