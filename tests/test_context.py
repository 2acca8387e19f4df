"""A report in context: hand-built examples for each function of workreport.context, the
national series on a small folder and on the real corpus, and an independent count of theme
terms in the national 2017 report."""

from __future__ import annotations

import math
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from workreport import ReportFormatError, analyse, load_text
from workreport import context as cx
from workreport.book import figures
from workreport.constants import THEMES
from workreport.themes import load_lexicon

ROOT = Path(__file__).resolve().parents[1]
NATIONAL = ROOT / "data" / "raw" / "national"


# --- small pure functions ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "year"),
    [
        ("national-2017.txt", 2017),
        ("sub/shanxi_1999_report.txt", 1999),
        ("report.txt", None),
        ("plan-2016-2020.txt", None),  # two years: the name does not say which
        ("20170.txt", None),  # not a year
    ],
)
def test_year_from_name(name, year):
    assert cx.year_from_name(name) == year


@pytest.mark.parametrize(
    ("value", "values", "expected"),
    [
        (3, [1, 2, 3, 4], 62.5),  # 2 below, 1 equal (half): 2.5 / 4
        (5, [1, 2, 3, 4], 100.0),
        (0, [1, 2, 3, 4], 0.0),
        (2, [2, 2], 50.0),
        (2, [1, np.nan, 3], 50.0),  # NaN ignored
    ],
)
def test_percentile_rank_by_hand(value, values, expected):
    assert cx.percentile_rank(value, values) == expected


def test_percentile_rank_of_nothing_is_nan():
    assert math.isnan(cx.percentile_rank(1.0, [np.nan]))
    assert math.isnan(cx.percentile_rank(np.nan, [1.0]))


@given(
    st.lists(st.floats(0, 100, allow_nan=False), min_size=1, max_size=30),
    st.floats(0, 100, allow_nan=False),
    st.floats(0, 100, allow_nan=False),
)
def test_percentile_rank_bounded_and_monotone(values, x, y):
    lo, hi = sorted((x, y))
    p_lo, p_hi = cx.percentile_rank(lo, values), cx.percentile_rank(hi, values)
    assert 0 <= p_lo <= p_hi <= 100


@pytest.mark.parametrize(
    ("raw", "norm"),
    [
        ("万元地区生产总值能耗", "生产总值能耗"),
        ("单位国内生产总值能耗", "生产总值能耗"),
        ("国内生产总值", "生产总值"),
        ("地区生产总值增速", "生产总值增速"),
        ("全省城镇新增就业", "城镇新增就业"),
        ("煤炭产能", "煤炭产能"),
        ("", ""),
    ],
)
def test_normalise_indicator(raw, norm):
    assert cx.normalise_indicator(raw) == norm


def test_targets_profile_by_hand():
    t = pd.DataFrame(
        {
            "kind": ["result", "target", "target", "target", "target"],
            "firmness": ["plain", "guarantee", "plain", "floor", "guarantee"],
            "binding": ["", "binding", "", "expected", "binding"],
        }
    )
    p = cx.targets_profile(t)
    assert (p["quantities"], p["results"], p["targets"]) == (5, 1, 4)
    assert (p["targets_guarantee"], p["targets_plain"], p["targets_floor"]) == (2, 1, 1)
    assert (p["targets_aspiration"], p["targets_ceiling"], p["targets_approximate"]) == (0, 0, 0)
    assert (p["targets_binding"], p["targets_expected"], p["targets_unlabelled"]) == (2, 1, 1)


def test_counterpart_same_year_else_nearest_loaded():
    s = pd.DataFrame(
        {
            "year": [2015, 2016, 2017, 2019],
            "file": ["a", "b", "c", "d"],
            "status": ["ok", "ok", "failed", "ok"],
        }
    )
    assert cx.counterpart(s, 2016)["file"] == "b"
    assert cx.counterpart(s, 2017)["file"] == "b"  # 2017 failed; 2016 and 2019 → 2016 nearer
    assert cx.counterpart(s, 2018)["file"] == "d"  # 2017 failed; 2019 is one year away
    assert cx.counterpart(s, 1990)["file"] == "a"
    with pytest.raises(ValueError, match="no loaded report"):
        cx.counterpart(s.assign(status="failed"), 2016)


def series_of(rows):
    cols = ["year", "status", "energy_per_1000"]
    return pd.DataFrame(rows, columns=cols)


def test_series_percentiles_by_hand():
    s = series_of(
        [(2000, "ok", 1.0), (2001, "ok", 3.0), (2002, "failed", np.nan), (2003, "ok", 5.0)]
    )
    p = cx.series_percentiles(s, {"energy_per_1000": 4.0}).iloc[0]
    assert p["percentile"] == pytest.approx(100 * 2 / 3)  # above 1 and 3, below 5
    assert (p["reports_below"], p["reports"]) == (2, 3)
    assert (p["national_min"], p["min_year"], p["national_max"], p["max_year"]) == (
        1.0,
        2000,
        5.0,
        2003,
    )
    assert p["national_median"] == 3.0


def test_by_decade_by_hand():
    s = series_of(
        [(1998, "ok", 1.0), (1999, "ok", 3.0), (2001, "ok", 5.0), (2003, "failed", np.nan)]
    )
    d = cx.by_decade(s, ["energy_per_1000"])
    assert d.index.tolist() == ["1990s", "2000s"]
    assert d["reports"].tolist() == [2, 1]
    assert d["energy_per_1000"].tolist() == [2.0, 5.0]


# --- two reports side by side -----------------------------------------------------------------

# Word tokens (checked in test_compare_rates_by_hand): A = 一 回顾 | 煤炭 煤炭 脱贫;
# B = 一 回顾 | 煤炭 造林 造林. Two body paragraphs each: the heading (2 words, no match) and
# the line (3 words).
TEXT_A = "一、回顾\n煤炭，煤炭，脱贫。\n"
TEXT_B = "一、回顾\n煤炭，造林，造林。\n"


@pytest.fixture(scope="module")
def pair():
    return analyse(load_text(TEXT_A, name="a")), analyse(load_text(TEXT_B, name="b"))


def test_compare_rates_by_hand(pair):
    a, b = pair
    assert [t for t in a.tokens["token"] if t not in "，。、"] == [
        "一",
        "回顾",
        "煤炭",
        "煤炭",
        "脱贫",
    ]
    table = cx.compare_rates(a, b, draws=2000, seed=1)
    th = table[table["level"] == "theme"].set_index("name")
    assert th.index.tolist() == list(THEMES)
    # rates per 1,000 of the 5 body words
    assert th.loc["energy", "report_value"] == pytest.approx(400.0)  # 2 / 5
    assert th.loc["energy", "national_value"] == pytest.approx(200.0)  # 1 / 5
    assert th.loc["poverty", "report_value"] == pytest.approx(200.0)
    assert th.loc["ecology", "national_value"] == pytest.approx(400.0)
    assert th.loc["energy", "ratio"] == pytest.approx(2.0)
    assert math.isnan(th.loc["poverty", "ratio"])  # nothing to divide by in B
    assert th.loc["ecology", "ratio"] == 0.0
    # Bootstrap of two paragraphs: draws {head, head}, {head, line}, {line, line} with
    # probabilities 1/4, 1/2, 1/4; A's energy rate is then 0, 2/5 or 4/6 per word.
    assert th.loc["energy", "report_ci_low"] == 0.0
    assert th.loc["energy", "report_ci_high"] == pytest.approx(4000 / 6)
    # ratio A/B: B's energy is 0 (dropped), 1/5 or 2/6; the largest ratio (4/6)/(1/5) has
    # probability 1/4 × 1/2 = 1/8 > 2.5%, the smallest (A = 0) 1/4.
    assert th.loc["energy", "ratio_ci_low"] == 0.0
    assert th.loc["energy", "ratio_ci_high"] == pytest.approx((4 / 6) / (1 / 5))
    sub = table[table["level"] == "subtheme"].set_index("name")
    lex = load_lexicon()
    assert sub.index.tolist() == list(dict.fromkeys(lex["subtheme"]))  # every one, in order
    assert sub.loc["coal_industry_upgrading", "report_matches"] == 2
    assert sub.loc["afforestation_land", "national_matches"] == 2
    assert sub.loc["targeted_poverty", "theme"] == "poverty"
    assert sub.loc["air", "report_matches"] == 0 and sub.loc["air", "report_value"] == 0
    idx = table[table["level"] == "index"].set_index("name")
    assert idx.loc["env_index", "report_value"] == a.env_index
    assert idx.loc["env_index_substring", "national_value"] == b.env_index_substring


def test_rate_ratio_draws_by_hand(pair):
    a, b = pair
    d = cx.rate_ratio_draws(a, b, list(THEMES), draws=400, seed=1)
    assert d.shape == (400, len(THEMES))
    energy, poverty, ecology = (
        d[:, list(THEMES).index(t)] for t in ("energy", "poverty", "ecology")
    )
    # A's energy rate is 0, 2/5 or 4/6 per word, B's 0, 1/5 or 2/6: the ratios possible
    ok = energy[~np.isnan(energy)]
    possible = [x / y for x in (0, 2 / 5, 4 / 6) for y in (1 / 5, 2 / 6)]
    assert all(min(abs(r - p) for p in possible) < 1e-9 for r in ok)
    assert 0 < np.isnan(energy).mean() < 0.5  # B's energy paragraph left out: undefined
    assert np.isnan(poverty).all()  # B has no poverty match to divide by
    assert np.nanmax(ecology) == 0.0
    np.testing.assert_array_equal(d, cx.rate_ratio_draws(a, b, list(THEMES), draws=400, seed=1))


def test_compare_rates_is_deterministic(pair):
    a, b = pair
    pd.testing.assert_frame_equal(cx.compare_rates(a, b), cx.compare_rates(a, b))


def targets(rows):
    cols = [
        "kind",
        "period",
        "indicator",
        "value",
        "unit",
        "value_base",
        "base_unit",
        "qualifier",
        "firmness",
        "binding",
        "direction",
        "paragraph_id",
    ]
    df = pd.DataFrame(rows, columns=cols)
    return df.assign(value_low=np.nan, value_high=np.nan)


def test_compare_targets_by_hand():
    nan = np.nan
    province = targets(
        [
            (
                "target",
                "2017",
                "地区生产总值",
                5.5,
                "%",
                nan,
                "",
                "左右",
                "approximate",
                "expected",
                "up",
                1,
            ),
            (
                "target",
                "2017",
                "地区生产总值增速",
                5.5,
                "%",
                nan,
                "",
                "左右",
                "approximate",
                "",
                "up",
                2,
            ),
            (
                "target",
                "2017",
                "煤炭产能",
                2000,
                "万吨",
                2e7,
                "吨",
                "左右",
                "approximate",
                "",
                "",
                3,
            ),
            ("target", "2017", "县", 20, "个", 20, "个", "", "plain", "", "", 4),
            (
                "target",
                "2017",
                "城镇新增就业",
                45,
                "万人",
                4.5e5,
                "人",
                "",
                "plain",
                "expected",
                "up",
                5,
            ),
            (
                "target",
                "2017",
                "单位地区生产总值能耗",
                3.2,
                "%",
                nan,
                "",
                "",
                "plain",
                "binding",
                "down",
                6,
            ),
            ("result", "2016", "地区生产总值", 4.5, "%", nan, "", "", "plain", "", "up", 7),
            ("target", "2016", "煤炭产能", 2000, "万吨", 2e7, "吨", "", "plain", "", "", 8),
            ("target", "2017", "城镇登记失业率", 4.2, "%", nan, "", "以内", "ceiling", "", "", 9),
        ]
    )
    national = targets(
        [
            (
                "target",
                "2017",
                "国内生产总值",
                6.5,
                "%",
                nan,
                "",
                "左右",
                "approximate",
                "expected",
                "up",
                31,
            ),
            ("target", "2017", "煤炭产能", 1.5, "亿吨", 1.5e8, "吨", "以上", "floor", "", "", 32),
            (
                "target",
                "2017",
                "粮食主产省选择部分县市",
                13,
                "个",
                13,
                "个",
                "",
                "plain",
                "",
                "",
                33,
            ),
            (
                "target",
                "2017",
                "城镇新增就业",
                1100,
                "万人",
                1.1e7,
                "人",
                "以上",
                "floor",
                "expected",
                "up",
                34,
            ),
            (
                "target",
                "2017",
                "单位国内生产总值能耗",
                3.4,
                "%",
                nan,
                "",
                "以上",
                "floor",
                "expected",
                "down",
                35,
            ),
            ("target", "2017", "城镇登记失业率", 45, "万人", 4.5e5, "人", "", "plain", "", "", 36),
        ]
    )
    out = cx.compare_targets(province, national, year=2017)
    assert out.columns.tolist() == cx.TARGET_PAIR_COLUMNS
    # the exact GDP name pairs (the 增速 one is left: one national GDP target only); 县 is
    # too short; unemployment in % cannot pair with a figure in people; 2016 rows are out
    assert out["indicator"].tolist() == [
        "地区生产总值",
        "煤炭产能",
        "城镇新增就业",
        "单位地区生产总值能耗",
    ]
    assert out["national_indicator"].tolist() == [
        "国内生产总值",
        "煤炭产能",
        "城镇新增就业",
        "单位国内生产总值能耗",
    ]
    assert out["report_paragraph"].tolist() == [1, 3, 5, 6]
    assert out["national_value"].tolist() == [6.5, 1.5, 1100, 3.4]
    share = out.set_index("indicator")["report_share_pct"]
    assert share["煤炭产能"] == pytest.approx(100 * 2e7 / 1.5e8)  # 13.3%
    assert share["城镇新增就业"] == pytest.approx(100 * 45 / 1100)
    assert math.isnan(share["地区生产总值"])  # growth rates are not shares
    row = out.set_index("indicator").loc["单位地区生产总值能耗"]
    assert (row["report_binding"], row["national_binding"]) == ("binding", "expected")
    assert (row["report_firmness"], row["national_firmness"]) == ("plain", "floor")


def test_compare_targets_with_nothing_to_pair():
    empty = targets([])
    out = cx.compare_targets(empty, empty, year=2017)
    assert out.empty and out.columns.tolist() == cx.TARGET_PAIR_COLUMNS


def tokens_of(words):
    return pd.DataFrame(
        {"token": words, "is_punct": [False] * len(words), "is_stop": [False] * len(words)}
    )


def test_distinctive_words_by_hand():
    a = SimpleNamespace(tokens=tokens_of(["山西"] * 3 + ["发展"] * 3))
    b = SimpleNamespace(tokens=tokens_of(["全国"] * 3 + ["发展"] * 3))
    d = cx.distinctive_words(a, b, prior=12.0, min_count=3, top=None).set_index("word")
    # prior 12 spread by frequency: alpha = 3 (山西), 3 (全国), 6 (发展); 6 words a side.
    # 山西: log((3+3)/(6+12-3-3)) - log((0+3)/(6+12-0-3)) = log(0.5 / 0.2) = log 2.5
    delta = math.log(2.5)
    z = delta / math.sqrt(1 / 6 + 1 / 3)
    assert d.loc["山西", "delta"] == pytest.approx(delta)
    assert d.loc["山西", "z"] == pytest.approx(z)
    assert d.loc["全国", "z"] == pytest.approx(-z)
    assert d.loc["发展", "z"] == pytest.approx(0)
    assert d["distinctive_of"].to_dict() == {"山西": "report", "全国": "national", "发展": ""}
    assert (d.loc["山西", "report_count"], d.loc["山西", "national_count"]) == (3, 0)
    assert d.index.tolist() == ["山西", "全国", "发展"]


# --- one report, one row; the series ---------------------------------------------------------


def test_measure_report_matches_its_parts(synthetic_analysis):
    a = synthetic_analysis
    row = cx.measure_report(a, file="x.txt", year=2018)
    body = a.report.paragraphs.loc[a.report.paragraphs["part"] > 0, "paragraph_id"]
    for t in THEMES:
        m = a.matches[(a.matches["theme"] == t) & a.matches["paragraph_id"].isin(body)]
        assert row[f"{t}_matches"] == len(m)
        assert row[f"{t}_per_1000"] == pytest.approx(1000 * len(m) / row["body_words"])
        assert row[f"{t}_ci_low"] <= row[f"{t}_per_1000"] <= row[f"{t}_ci_high"]
    assert row["words"] == int((~a.tokens["is_punct"]).sum())
    assert row["env_index"] == a.env_index
    tg = a.targets[a.targets["kind"] == "target"]
    assert row["targets"] == len(tg) and row["quantities"] == len(a.targets)
    assert sum(row[f"targets_{b}"] for b in cx.BINDING) == len(tg)
    assert set(row) == set(cx.SERIES_COLUMNS)


@pytest.fixture
def small_corpus(tmp_path, synthetic_path):
    folder = tmp_path / "corpus"
    (folder / "more").mkdir(parents=True)
    shutil.copy(synthetic_path, folder / "prov-2018.txt")
    (folder / "bad-2019.txt").write_bytes(b"")  # empty: the loader refuses it
    (folder / "more" / "plain-2016.txt").write_text(TEXT_A, encoding="utf-8")
    (folder / "notes.md").write_text("not a report", encoding="utf-8")
    return folder


def test_national_series_lists_failures_and_sorts(small_corpus, synthetic_analysis):
    s = cx.national_series(small_corpus, jobs=1)
    assert s.columns.tolist() == cx.SERIES_COLUMNS
    assert s["file"].tolist() == ["more/plain-2016.txt", "prov-2018.txt", "bad-2019.txt"]
    assert s["status"].tolist() == ["ok", "ok", "failed"]
    bad = s.iloc[2]
    assert bad["year"] == 2019 and bad["error"] and "bad-2019" not in bad["error"]
    assert str(small_corpus) not in bad["error"]  # no path in the table
    assert pd.isna(bad["energy_per_1000"]) and pd.isna(bad["words"])
    assert s["error"].iloc[:2].tolist() == ["", ""]
    expected = cx.measure_report(synthetic_analysis, file="prov-2018.txt", year=2018)
    got = s.iloc[1]
    for key in ("words", "energy_matches", "ecology_per_1000", "env_index", "targets"):
        assert got[key] == pytest.approx(expected[key])


def test_national_series_same_with_two_jobs(small_corpus):
    pd.testing.assert_frame_equal(
        cx.national_series(small_corpus, jobs=1), cx.national_series(small_corpus, jobs=2)
    )


def test_national_series_of_an_empty_folder_says_so(tmp_path):
    with pytest.raises(ReportFormatError, match="no report files"):
        cx.national_series(tmp_path)
    with pytest.raises(ReportFormatError, match="no report files"):
        cx.national_series(tmp_path / "missing")


@pytest.fixture(scope="module")
def series():
    return cx.national_series(NATIONAL, jobs=2)


def test_national_series_has_a_row_for_every_file(series):
    files = sorted(p.name for p in NATIONAL.glob("*.txt"))
    assert sorted(series["file"]) == files
    failed = series[series["status"] == "failed"]
    assert (failed["error"] != "").all()
    ok = series[series["status"] == "ok"]
    assert ok["year"].notna().all() and (ok["words"] > 0).all()
    # years agree with the manifest wherever a report loads
    manifest = pd.read_csv(NATIONAL / "MANIFEST.csv").set_index("file")["year"]
    assert (ok.set_index("file")["year"] == manifest.reindex(ok["file"])).all()


def test_national_series_row_equals_the_report_on_its_own(series, national_2017):
    row = series.set_index("file").loc["national-2017.txt"]
    if row["status"] != "ok":
        pytest.skip("national-2017.txt does not load")
    alone = cx.measure_report(national_2017, file="", year=2017)
    for key in ("energy_matches", "poverty_per_1000", "ecology_ci_high", "env_index_substring"):
        assert row[key] == pytest.approx(alone[key])


# --- an independent count on the national reports --------------------------------------------

# Terms of the ecology lexicon that no other lexicon term contains or is contained in, and
# that jieba keeps whole: a plain substring count of the raw file must give the same number.
UNAMBIGUOUS = [
    "雾霾",
    "细颗粒物",
    "河长制",
    "生态文明",
    "二氧化硫",
    "氮氧化物",
    "化学需氧量",
    "氨氮",
    "水污染",
    "黄标车",
    "散煤",
    "面源污染",
    "生态修复",
    "土壤污染",
    "空气质量",
    "重污染天气",
]


def test_unambiguous_terms_counted_alike_in_the_raw_file(national_2017):
    raw = re.sub(r"\s+", "", (NATIONAL / "national-2017.txt").read_text(encoding="utf-8"))
    counted = national_2017.matches.groupby("term").size()
    lex = load_lexicon().set_index("term")
    found = 0
    for term in UNAMBIGUOUS:
        assert lex.loc[term, "theme"] == "ecology"
        assert raw.count(term) == counted.get(term, 0), term
        found += raw.count(term)
    assert found >= 20  # the check is not vacuous: these terms do occur


@pytest.mark.parametrize("year", [1998, 2007, 2017, 2024])
def test_token_counts_equal_substring_counts_where_words_allow(year):
    """For every lexicon term that no other term contains, count its occurrences in the
    cleaned text independently (a plain substring search). An occurrence is counted by the
    package exactly when it begins and ends on word boundaries; the others legitimately differ:
    the term sits inside a longer word (长江流域, 排放量, 煤炭行业, 贫困家庭) or straddles two
    (生态|环境保护)."""
    path = NATIONAL / f"national-{year}.txt"
    a = analyse(path)
    terms = list(load_lexicon()["term"])
    maximal = [t for t in terms if not any(t != u and t in u for u in terms)]
    starts, ends = set(a.tokens["start"]), set(a.tokens["end"])
    counted = a.matches.groupby("term").size()
    substring_total = token_total = 0
    for term in maximal:
        where = [m.start() for m in re.finditer(re.escape(term), a.report.text)]
        on_boundaries = sum(1 for s in where if s in starts and s + len(term) in ends)
        assert counted.get(term, 0) == on_boundaries, term
        substring_total += len(where)
        token_total += int(counted.get(term, 0))
    assert 0 < token_total <= substring_total


# --- tables and figures -----------------------------------------------------------------------


def test_figures_draw_without_warnings(pair, series):
    a, b = pair
    table = cx.compare_rates(a, b, draws=50)
    fig = figures.rates_dotplot(table[table["level"] == "subtheme"])
    assert len(fig.axes) == 1
    plt.close(fig)
    marks = {"energy_per_1000": 5.0, "env_index": 0.4, "env_index_substring": 0.7}
    fig = figures.series_figure(series, marks, mark_year=2017)
    assert len(fig.axes) == 4
    plt.close(fig)
    words = cx.distinctive_words(
        SimpleNamespace(tokens=tokens_of(["山西"] * 3 + ["发展"] * 3)),
        SimpleNamespace(tokens=tokens_of(["全国"] * 3 + ["发展"] * 3)),
    )
    fig = figures.distinctive_figure(words, glosses={"山西": "Shanxi"})
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "山西 (Shanxi)  3:0" in texts and "全国  0:3" in texts
    plt.close(fig)


def test_context_tables_names(synthetic_path, small_corpus):
    tables = cx.context_tables(synthetic_path, small_corpus, jobs=1)
    assert list(tables) == [
        "national_series.csv",
        "shanxi_vs_national_themes.csv",
        "shanxi_vs_national_targets.csv",
        "distinctive_words.csv",
    ]
    # the synthetic report (2018) is compared with itself, the only loaded 2018 report
    themes = tables["shanxi_vs_national_themes.csv"]
    assert (themes["report_value"] == themes["national_value"]).all()
    assert len(tables["national_series.csv"]) == 3


def _small_series(years):
    rows = []
    for i, y in enumerate(years):
        row = {"year": y, "status": "ok", "env_index": 0.1 * i, "env_index_substring": 0.2 * i}
        for t in THEMES:
            row |= {f"{t}_per_1000": 1.0 + i, f"{t}_ci_low": 0.5 + i, f"{t}_ci_high": 2.0 + i}
        rows.append(row)
    return pd.DataFrame(rows)


def test_series_figure_breaks_lines_over_missing_years_and_draws_the_report_interval():
    series = _small_series([2000, 2001, 2005])
    marks = {"energy_per_1000": 9.0, "env_index_substring": 0.3}
    fig = figures.series_figure(
        series, marks, mark_year=2006, mark_intervals={"energy_per_1000": (7.0, 12.0)}
    )
    ax = fig.axes[0]
    joined = [ln for ln in ax.get_lines() if ln.get_linestyle() == "-" and len(ln.get_xdata()) > 1]
    (line,) = joined
    y = np.asarray(line.get_ydata(), dtype=float)
    assert np.isnan(y).sum() == 1  # one gap: 2001 to 2005 is not joined
    assert not np.isnan(y[:2]).any()  # 2000 and 2001 are
    segments = [c for c in ax.collections if hasattr(c, "get_segments")]
    spans = [tuple(s[:, 1]) for c in segments for s in c.get_segments() if s[0, 0] == 2006]
    assert (7.0, 12.0) in spans  # the report's interval
    assert ax.get_ylim()[1] == pytest.approx(1.05 * 12.0)  # fitted to what is drawn
    plt.close(fig)


def test_distinctive_figure_axis_fits_the_data():
    words = pd.DataFrame(
        {
            "word": ["甲", "乙"],
            "distinctive_of": ["report", "national"],
            "report_count": [9, 1],
            "national_count": [0, 8],
            "delta": [1.0, -1.0],
            "z": [4.2, -2.0],
        }
    )
    fig = figures.distinctive_figure(words)
    lo, hi = fig.axes[0].get_xlim()
    assert hi == pytest.approx(4.2 * 1.05) and lo == pytest.approx(-hi)
    plt.close(fig)
