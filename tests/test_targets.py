"""Quantitative results and targets: expectations computed by hand from short excerpts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from workreport import extract_targets, load_text, pair_results_targets
from workreport import targets as targets_module
from workreport.targets import COLUMNS, find_quantities, firmness, parse_unit


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("——2017年1月14日在山西省第十二届人民代表大会第七次会议上", []),
        ("增长4.5%左右", ["4.5%"]),
        ("推进5G网络建设", []),
        ("T800碳纤维", []),
        ("PM2.5平均浓度", []),
        ("实行“13710”工作制度", []),
        ("实施工业提质增效“20条”", []),
        ("第十二届", []),
        ("第3个", []),
        ("地铁2号线", []),
        ("建设10兆瓦级储能电站", []),
        ("连续54个月负增长", []),
        ("54个月", ["54个月"]),
        ("10万贫困人口", ["10万"]),
        ("1900个贫困村", ["1900个"]),
        ("安置3.16万人", ["3.16万人"]),
        ("压减2325万吨", ["2325万吨"]),
        ("增长6.5%-7%", ["6.5%-7%"]),
        ("增长6.5%～7%", ["6.5%～7%"]),
        ("增长6.5-7%", ["6.5-7%"]),
        ("低于预期1.5个百分点", ["1.5个百分点"]),
        ("投资1.2万亿元", ["1.2万亿元"]),
        ("A10万吨", []),
        ("2017年和2018年", []),
        ("5700多亿元", ["5700多亿元"]),
        ("1000余万人", ["1000余万人"]),
        ("百分之七十七点五", ["百分之七十七点五"]),
        ("新增就业一千一百万人", ["一千一百万人"]),
        ("三千万贫困人口", ["三千万"]),
        ("两亿元", ["两亿元"]),
        ("二十多个城市", ["二十多个"]),
        ("“十三五”规划", []),
        ("党的十九大", []),
        ("两个一百年", []),
        ("五个一批", []),
        ("煤矿百万吨死亡率", []),
        ("二〇一七年", []),
        ("第十二个五年计划", []),
        ("千家万户", []),
        ("实现翻两番", ["两番"]),
        ("收入27,203,000元", ["27,203,000元"]),
        ("1,2亿元", ["2亿元"]),
        ("增长3%,4%", ["3%", "4%"]),
    ],
)
def test_find_quantities(text, found):
    assert [q.text for q in find_quantities(text)] == found


@pytest.mark.parametrize(
    ("qualifier", "level"),
    [
        ("确保", "guarantee"),
        ("力争", "aspiration"),
        ("力争+以上", "aspiration"),
        ("确保+左右", "guarantee"),
        ("以上", "floor"),
        ("不低于", "floor"),
        ("超过", "floor"),
        ("以内", "ceiling"),
        ("不超过", "ceiling"),
        ("左右", "approximate"),
        ("约", "approximate"),
        ("", "plain"),
    ],
)
def test_firmness(qualifier, level):
    assert firmness(qualifier) == level


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("万吨", (1e4, "吨")),
        ("亿公斤", (1e8, "公斤")),
        ("万亿元", (1e12, "元")),
        ("%", (1.0, "%")),
        ("万", (1e4, "")),
        ("百分点", (1.0, "百分点")),
        ("个", (1.0, "个")),
    ],
)
def test_parse_unit(unit, expected):
    assert parse_unit(unit) == expected


def mini(body_review: str = "", body_plan: str = "") -> pd.DataFrame:
    text = f"一、2016年工作回顾\n{body_review}\n二、2017年工作安排\n{body_plan}\n"
    return extract_targets(load_text(text, name="mini"))


def test_columns_and_offsets():
    text = "一、2016年工作回顾\n城镇新增就业46.46万人，增长4.5%左右。\n"
    r = load_text(text, name="x")
    t = extract_targets(r)
    assert list(t.columns) == COLUMNS
    assert [r.text[s:e] for s, e in zip(t["start"], t["end"], strict=True)] == ["46.46万人", "4.5%"]


def test_result_with_gap_below_expectation():
    t = mini(
        "全省地区生产总值增长4.5%左右，低于预期1.5个百分点；投资增长1%左右，低于预期11个百分点。"
    )
    # the gaps are not rows; they give the implied expectation of the preceding result
    assert t["value"].tolist() == [4.5, 1.0]
    assert t["reference_value"].tolist() == [6.0, 12.0]
    assert t["kind"].tolist() == ["result", "result"]
    assert t["period"].tolist() == ["2016", "2016"]
    assert t["qualifier"].tolist() == ["左右", "左右"]
    assert t["indicator"].iloc[0] == "地区生产总值"
    assert t["verb"].iloc[0] == "增长"


def test_result_with_gap_above_expectation():
    t = mini("社会消费品零售总额增长7%左右，高于预期1.5个百分点。")
    assert t["value"].tolist() == [7.0]
    assert t["reference_value"].tolist() == [5.5]


def test_expectation_in_review_is_a_target_of_that_year():
    t = mini("一般公共预算收入下降5.2%，好于下降7%的预期。")
    assert t[["kind", "period", "value", "unit"]].values.tolist() == [
        ["result", "2016", 5.2, "%"],
        ["target", "2016", 7.0, "%"],
    ]
    assert np.isnan(t["reference_value"]).all()


@pytest.mark.parametrize(
    "text", ["增长6.5%-7%", "增长6.5%～7%", "增长6.5～7%", "增长6.5%—7%", "增长6.5%–7%"]
)
def test_range(text):
    t = mini(body_plan=f"地区生产总值{text}。")
    row = t.iloc[0]
    assert np.isnan(row["value"])
    assert (row["value_low"], row["value_high"]) == (6.5, 7.0)
    assert row["unit"] == "%"
    assert row["kind"] == "target"
    assert row["period"] == "2017"
    assert row["indicator"] == "地区生产总值"


@pytest.mark.parametrize(
    ("clause", "qualifier", "level"),
    [
        ("地区生产总值增长6.5%左右", "左右", "approximate"),
        ("城镇新增就业45万人以上", "以上", "floor"),
        ("城镇登记失业率控制在4.2%以内", "以内", "ceiling"),
        ("力争实现地区生产总值增长7%", "力争", "aspiration"),
        ("确保50万贫困人口脱贫", "确保", "guarantee"),
        ("力争新增就业45万人以上", "力争+以上", "aspiration"),
        ("居民消费价格涨幅3%", "", "plain"),
    ],
)
def test_qualifiers(clause, qualifier, level):
    row = mini(body_plan=clause + "。").iloc[0]
    assert row["qualifier"] == qualifier
    assert row["firmness"] == level


def test_kind_by_part():
    t = mini("完成造林150万亩。", "完成造林200万亩。")
    assert t[["kind", "period", "value", "unit", "value_base", "base_unit"]].values.tolist() == [
        ["result", "2016", 150.0, "万亩", 1.5e6, "亩"],
        ["target", "2017", 200.0, "万亩", 2e6, "亩"],
    ]


def test_implied_base_unit_and_value_base():
    t = mini("10万贫困人口实施易地扶贫搬迁，1900个贫困村有序退出。")
    assert t[["value", "unit", "value_base", "base_unit"]].values.tolist() == [
        [10.0, "万", 1e5, "人"],
        [1900.0, "个", 1900.0, "个"],
    ]
    # a relative unit has no base value
    t = mini("增长4.5%。")
    assert np.isnan(t["value_base"].iloc[0]) and t["base_unit"].iloc[0] == ""


def test_indicator_comes_from_its_own_clause():
    # the clause of 5% is "PM2.5平均浓度下降5%": its indicator is PM2.5平均浓度, not the
    # indicator of the previous clause (造林)
    t = mini(body_plan="完成造林200万亩，PM2.5平均浓度下降5%。")
    assert t["indicator"].tolist() == ["造林", "PM2.5平均浓度"]
    assert t["verb"].tolist() == ["完成", "下降"]


def test_period_span_to_a_later_year():
    t = mini(body_plan="到2020年累计完成造林1000万亩。")
    assert t["period"].tolist() == ["2017-2020"]


def test_government_part_uses_report_year():
    text = (
        "政府工作报告\n——2017年1月14日在某某省人民代表大会上\n"
        "一、2016年工作回顾\n增长4.5%。\n二、加强政府自身建设\n压减会议10%。\n"
    )
    t = extract_targets(load_text(text, name="x"))
    assert t[["kind", "period"]].values.tolist() == [["result", "2016"], ["target", "2017"]]


def test_no_quantity_gives_an_empty_table(no_numbers_path):
    from workreport import load_report

    t = extract_targets(load_report(no_numbers_path))
    assert t.empty and list(t.columns) == COLUMNS
    assert t["value"].dtype == float and t["start"].dtype == np.int64
    assert pair_results_targets(t).empty


def test_themes_near_with_matches(synthetic_analysis):
    t = synthetic_analysis.targets
    by_value = t.set_index(["period", "value"])["theme"]
    # 完成造林150万亩: the clause holds 造林 (ecology); 关闭退出煤矿12座: 煤矿 (energy);
    # 30万贫困人口实现脱贫: poverty; 地区生产总值增长6.8%: no theme term in the clause
    assert by_value[("2017", 150.0)] == "ecology"
    assert by_value[("2017", 12.0)] == "energy"
    assert by_value[("2017", 30.0)] == "poverty"
    assert by_value[("2017", 6.8)] == "none"


# --- the synthetic report, by hand ------------------------------------------------------------

SYNTHETIC_EXPECTED = [
    # period, kind, value, low, high, unit, qualifier, reference_value
    ("2017", "result", 6.8, None, None, "%", "左右", 7.5),  # 低于预期0.7个百分点
    ("2017", "result", 9, None, None, "%", "以上", None),
    ("2017", "result", 12, None, None, "座", "", None),
    ("2017", "result", 1500, None, None, "万吨", "", None),
    ("2017", "result", 300, None, None, "万千瓦", "", None),
    ("2017", "result", 30, None, None, "万", "", None),
    ("2017", "result", 8, None, None, "万人", "", None),
    ("2017", "result", 150, None, None, "万亩", "", None),
    ("2018", "target", None, 6.5, 7, "%", "", None),
    ("2018", "target", 45, None, None, "万人", "以上", None),
    ("2018", "target", 3.5, None, None, "%", "", None),
    ("2018", "target", 50, None, None, "万", "确保", None),
    ("2018", "target", 10, None, None, "万人", "力争", None),
    ("2018", "target", 1000, None, None, "万吨", "左右", None),
    ("2018", "target", 200, None, None, "万千瓦", "", None),
    ("2018", "target", 200, None, None, "万亩", "", None),
    ("2018", "target", 5, None, None, "%", "", None),
]


def test_synthetic_targets(synthetic_analysis):
    t = synthetic_analysis.targets
    got = [
        (
            r.period,
            r.kind,
            None if np.isnan(r.value) else r.value,
            None if np.isnan(r.value_low) else r.value_low,
            None if np.isnan(r.value_high) else r.value_high,
            r.unit,
            r.qualifier,
            None if np.isnan(r.reference_value) else r.reference_value,
        )
        for r in t.itertuples()
    ]
    assert got == [tuple(x) for x in SYNTHETIC_EXPECTED]
    # no quantity in part 四
    part4 = synthetic_analysis.report.paragraphs.query("part == 4")["paragraph_id"]
    assert not t["paragraph_id"].isin(part4).any()
    gdp = t[t["value_low"].notna()].iloc[0]
    assert gdp["indicator"] == "地区生产总值"
    assert gdp["verb"] == "增长"


# --- the real report -----------------------------------------------------------------------------


def test_real_report_known_rows(real_analysis):
    t = real_analysis.targets
    text = real_analysis.report.text
    mention = t.assign(mention=[text[s:e] for s, e in zip(t["start"], t["end"], strict=True)])
    row = mention[mention["mention"] == "4.5%"].iloc[0]
    assert (row["kind"], row["period"], row["qualifier"], row["reference_value"]) == (
        "result",
        "2016",
        "左右",
        6.0,
    )
    expect = mention[mention["mention"] == "7%"]
    expected_7 = expect[expect["text"].str.contains("的预期")].iloc[0]
    assert (expected_7["kind"], expected_7["period"]) == ("target", "2016")
    jobs = mention[mention["mention"] == "46.46万人"].iloc[0]
    assert (jobs["kind"], jobs["value_base"], jobs["base_unit"]) == ("result", 464600.0, "人")
    for bad in ("5G", "T800", "PM2.5", "13710"):
        assert not mention["mention"].str.contains(bad, regex=False).any()


# --- pairing ------------------------------------------------------------------------------------


def test_pair_results_targets_hand_built():
    t = mini(
        "全省地区生产总值增长4.5%左右，低于预期1.5个百分点；一般公共预算收入下降5.2%，"
        "好于下降7%的预期。",
        "全省地区生产总值增长6.5%左右。",
    )
    pairs = pair_results_targets(t)
    got = pairs[["pair", "indicator", "result", "target", "target_period", "change"]]
    # change = signed target − signed result: revenue fell 5.2% against an expected fall of
    # 7%, so the target was 1.8 points below the result (better than planned): −1.8
    assert got.values.tolist() == [
        ["result→own target", "地区生产总值", 4.5, 6.0, "2016", 1.5],
        ["result→next target", "地区生产总值", 4.5, 6.5, "2017", 2.0],
        ["result→own target", "一般公共预算收入", 5.2, 7.0, "2016", pytest.approx(-1.8)],
    ]
    assert pairs["direction"].tolist() == ["up", "up", "down"]


def test_pair_units_must_agree():
    t = mini("完成造林150万亩。", "完成造林20%。")
    assert pair_results_targets(t).empty


# --- real-report forms (issue: real reports) ----------------------------------------------------


def test_respectively_distributes_the_list():
    t = mini(body_plan="城镇和农村居民人均可支配收入分别增长6%左右和6%以上。")
    assert t["indicator"].tolist() == ["城镇居民人均可支配收入", "农村居民人均可支配收入"]
    assert t["qualifier"].tolist() == ["左右", "以上"]
    assert t["verb"].tolist() == ["增长", "增长"]
    t = mini("地区生产总值一季度、上半年、全年分别增长3%、3.4%、4.5%左右。")
    assert t["indicator"].tolist() == [
        "地区生产总值一季度",
        "地区生产总值上半年",
        "地区生产总值全年",
    ]
    t = mini("城乡居民人均可支配收入分别增长6%左右、6%以上。")
    assert t["indicator"].str[:2].tolist() == ["城镇", "农村"]


@pytest.mark.parametrize(
    ("clause", "direction"),
    [
        ("单位国内生产总值能耗下降3.4%", "down"),
        ("地区生产总值增长6.5%", "up"),
        ("城镇登记失业率控制在4.5%以内", "level"),
        ("完成造林200万亩", "level"),
        ("居民消费价格涨幅控制在3%左右", "up"),
        ("城镇新增就业1100万人", "up"),
    ],
)
def test_direction(clause, direction):
    assert mini(body_plan=clause + "。")["direction"].tolist() == [direction]


def test_estimate_runs_to_the_end_of_the_sentence():
    t = mini("预计全省地区生产总值增长4.5%左右，投资增长1%左右。粮食总产量达131.85亿公斤。")
    assert t["estimate"].tolist() == [True, True, False]


def test_binding_and_expected_labels():
    t = mini(
        body_plan="主要预期指标是：地区生产总值增长5.5%左右，城镇新增就业45万人。"
        "约束性指标是：万元地区生产总值能耗下降3.2%，用水量下降3%。\n"
        "全年完成造林400万亩。"
    )
    assert t["binding"].tolist() == ["expected", "expected", "binding", "binding", ""]


@pytest.mark.parametrize(
    ("body", "period"),
    [
        ("“十三五”时期经济年均增长6.5%以上。", "2016-2020"),
        ("“十四五”时期单位GDP能耗降低13.5%。", "2021-2025"),
        ("到2020年累计完成造林1000万亩。", "2017-2020"),
        ("地区生产总值增长6.5%。", "2017"),
    ],
)
def test_periods_in_plans(body, period):
    assert mini(body_plan=body)["period"].tolist() == [period]


def test_five_year_review_periods():
    text = (
        "政府工作报告\n——2018年3月5日\n一、过去五年工作回顾\n"
        "五年来，国内生产总值年均增长7.1%。去年国内生产总值增长6.9%。\n"
        "二、2018年工作安排\n国内生产总值增长6.5%左右。\n"
    )
    t = extract_targets(load_text(text, name="x"))
    assert t[["period", "kind", "value"]].values.tolist() == [
        ["2013-2017", "result", 7.1],
        ["2017", "result", 6.9],
        ["2018", "target", 6.5],
    ]
    # a five-year average is not paired with a one-year target
    pairs = pair_results_targets(t)
    assert pairs["result"].tolist() == [6.9]


def test_indicator_never_starts_with_a_list_mark():
    t = mini(body_plan="要淘汰、停建、缓建煤电产能5000万千瓦以上。")
    assert t["indicator"].tolist() == ["停建、缓建煤电产能"]


def test_thousands_separators():
    t = mini("国家预算收入为27,203,319,000元，增长12.5%。")
    assert t["value"].tolist() == [27203319000.0, 12.5]


def test_chinese_numerals_and_approximate_suffixes():
    t = mini(body_plan="贫困人口减少一千一百万人以上，投资5700多亿元，覆盖率达到百分之九十五。")
    got = t[["value", "unit", "qualifier", "firmness", "numeral"]].values.tolist()
    assert got == [
        [1100.0, "万人", "以上", "floor", "chinese"],
        [5700.0, "亿元", "多", "floor", "arabic"],
        [95.0, "%", "", "plain", "chinese"],
    ]
    assert t["value_base"].tolist()[:2] == [1.1e7, 5.7e11]


def test_full_width_numbers_are_read_after_loading():
    t = mini("国内生产总值增长８．７％，达到４７．２万亿元。")
    assert t[["value", "unit"]].values.tolist() == [[8.7, "%"], [47.2, "万亿元"]]


# --- hostile inputs: bounded time (issue: hostile inputs) ---------------------------------------

ADVERSARIAL = {
    "nested-junk": "增长5%\n" + "的预期（甲）" * 32 + "乙。",
    "many-de": "的" * 20000 + "甲5%。",
    "one-clause-many-quantities": "增长" + "1%、" * 20000 + "。",
    "unclosed-parens": "增长5%" + "（" * 300000 + "。",
    "respectively-long": "甲和乙分别增长" + "1%、" * 20000 + "。",
}


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_adversarial_text_is_fast(name):
    import time

    text = f"一、2016年工作回顾\n{ADVERSARIAL[name]}\n"
    t0 = time.perf_counter()
    t = extract_targets(load_text(text, name=name))
    assert time.perf_counter() - t0 < 10
    assert len(t) >= 1


def test_themes_near_with_many_matches_in_one_clause():
    import time

    from workreport.targets import _themes_near

    n = 20000
    matches = pd.DataFrame(
        {"start": np.arange(n) * 5, "end": np.arange(n) * 5 + 2, "theme": ["energy"] * n}
    )
    t0 = time.perf_counter()
    got = _themes_near(matches, [(0, 5 * n)] * n, np.arange(n) * 5 + 3)
    assert time.perf_counter() - t0 < 5
    assert set(got) == {"energy"}


def test_themes_near_picks_the_nearest_inside_match():
    from workreport.targets import _themes_near

    matches = pd.DataFrame(
        {"start": [0, 10, 20, 38], "end": [2, 12, 22, 41], "theme": ["a", "b", "c", "d"]}
    )
    # clause [5, 40): inside are b (10) and c (20); d overruns the clause end
    # 15 is as near to b (10) as to c (20): the earlier wins
    assert _themes_near(matches, [(5, 40)] * 3, [11, 15, 35]) == ["b", "b", "c"]
    assert _themes_near(matches, [(23, 37)], [30]) == ["none"]


# --- properties --------------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_NUMBER = st.decimals(min_value=0, max_value=99999, places=2).map(lambda d: f"{d.normalize():f}")
_UNITS = st.sampled_from(["%", "万吨", "万人", "亿元", "个", "万亩", "个百分点", "万千瓦"])
_FILLER = st.text(alphabet="增长下降全省地区生产总值，、的和预期（）", max_size=12)


@settings(max_examples=200, deadline=None)
@given(before=_FILLER, number=_NUMBER, unit=_UNITS, after=st.sampled_from(["。", "，", "左右。"]))
def test_quantity_is_found_with_its_value(before, number, unit, after):
    text = f"{before}甲{number}{unit}{after}"
    found = [q for q in find_quantities(text) if q.text == number + unit]
    assert len(found) == 1
    q = found[0]
    assert text[q.start : q.end] == q.text
    assert q.value == float(number) and q.unit == unit


@settings(max_examples=100, deadline=None)
@given(
    st.text(
        alphabet="增长下降5%0.1万吨人个，。、；的预期（）分别和到年十三五百分之一二", max_size=80
    )
)
def test_extraction_never_fails_and_spans_are_consistent(body):
    r = load_text(f"一、2016年工作回顾\n{body}\n二、2017年工作安排\n{body}\n", name="h")
    t = extract_targets(r)
    assert list(t.columns) == COLUMNS
    for s, e, text in zip(t["start"], t["end"], t["text"], strict=True):
        assert r.text[s:e] in text
    assert (t["start"].diff().dropna() > 0).all()


def test_pairs_leave_out_sub_annual_and_implausible_results():
    t = mini(
        "地区生产总值一季度、全年分别增长3%、4.5%左右。改建高速公路6700公里。压减钢铁产能82万吨。",
        "地区生产总值增长5.5%左右。高速公路通车里程达到200000公里。退出钢铁产能170万吨。",
    )
    pairs = pair_results_targets(t)
    assert pairs["indicator"].tolist() == ["地区生产总值全年", "钢铁产能"]
    steel = pairs.iloc[1]
    # amounts of a cut keep their sign whatever the verb: a cut is compared with a cut
    assert (steel["result_signed"], steel["target_signed"], steel["change"]) == (82, 170, 88)


@pytest.mark.parametrize(
    ("fixture", "result", "target", "qualifier"),
    [
        ("web_scrape_unnumbered.txt", 5.2, 5.0, "左右"),  # full-width digits, page clutter
        ("part_of_report.txt", 6.1, 5.5, "左右"),  # 第一部分-style headings
        ("pdftotext_form_feeds.txt", 4.8, 6.0, "左右"),  # form feeds before headings
    ],
)
def test_provincial_gdp_growth_target_is_read(fixture, result, target, qualifier):
    """Reports in forms the corpus does not hold: last year's GDP growth is a result, this
    year's a target with its hedge."""
    from pathlib import Path

    from workreport import analyse

    path = Path(__file__).parent / "data" / fixture
    t = analyse(path).targets
    gdp = t[t["indicator"].str.contains("生产总值") & (t["unit"] == "%")]
    assert gdp[gdp["kind"] == "result"]["value"].iloc[0] == result
    planned = gdp[gdp["kind"] == "target"].iloc[0]
    assert (planned["value"], planned["qualifier"]) == (target, qualifier)
    assert planned["firmness"] == "approximate" and planned["direction"] == "up"


def test_gdp_target_range_and_qualifier():
    t = mini(body_plan="全省地区生产总值增长6.5%-7%左右。")
    row = t.iloc[0]
    assert (row["value_low"], row["value_high"], row["qualifier"]) == (6.5, 7.0, "左右")


# The quick reject in front of the tail pattern (_TAIL_ENDINGS, derived from its words) must
# never change what the pattern does: strings built from its own words, in any order, with
# other text around them.
_TAIL_PIECES = sorted(
    {*targets_module._TAIL_WORDS, *targets_module._VERBS}
    | {"好于", "低于", "预期", "的", "分别", "平均每年", "年均", "比上年", "比十年前"}
    | {"比2016年末", "比2016年底"}
    | {"投资", "地区生产总值", "2", "、", "预", "期"}
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(_TAIL_PIECES), max_size=6).map("".join))
def test_tail_quick_reject_agrees_with_the_pattern(s):
    m = targets_module._TAIL_RE.search(s)
    verbs = targets_module._VERB_RE.findall(m.group()) if m else []
    expected = (s[: m.start()], verbs[-1] if verbs else "") if m else (s, "")
    assert targets_module._strip_verbs(s) == expected


# --- results and targets from the sentence (issue: provincial formats) ------------------------

THEMATIC = (
    "政府工作报告\n——2026年1月20日在福建省第十四届人民代表大会第五次会议上\n各位代表：\n"
    "一、一年接着一年干，新福建建设持续取得新进展新成效\n"
    "初步统计，2025年全省地区生产总值60199.45亿元、增长5%。全年城镇新增就业60万人。\n"
    "二、“十五五”时期经济社会发展的主要目标\n"
    "到2030年，全省地区生产总值突破8万亿元，研发投入强度达到3%，常住人口城镇化率提高到75%。\n"
    "三、2026年工作安排\n"
    "今年发展的主要预期目标是：地区生产总值增长5%左右。2025年粮食产量达到510万吨，"
    "今年力争稳定在510万吨以上。\n"
)


def test_kind_and_period_from_the_sentence_when_titles_say_nothing():
    t = extract_targets(load_text(THEMATIC, name="thematic.txt"))
    got = list(zip(t["value"], t["kind"], t["period"], strict=True))
    assert got == [
        (60199.45, "result", "2025"),  # 初步统计, in a part whose title names no kind
        (5.0, "result", "2025"),
        (60.0, "result", "2025"),  # no cue: the first part of a report reviews
        (8.0, "target", "2026-2030"),  # an outlook's figures span its five-year plan
        (3.0, "target", "2026-2030"),
        (75.0, "target", "2026-2030"),
        (5.0, "target", "2026"),  # 主要预期目标
        (510.0, "result", "2025"),  # a year before the report's, in the plan part
        (510.0, "target", "2026"),  # 今年 … 力争
    ]


def test_a_target_met_is_a_result_and_a_forecast_in_a_plan_is_a_target():
    text = (
        "一、2024年工作回顾\n城乡居民收入增长6%，实现预期目标；城镇新增就业46万人。\n"
        "二、2025年工作安排\n预计全年财政收入增长3%。\n"
    )
    t = extract_targets(load_text(text, name="x.txt"))
    assert t["kind"].tolist() == ["result", "result", "target"]


def test_text_is_a_bounded_window_of_the_clause():
    """Thousands of quantities in one clause (joined by 、): each row keeps at most
    TEXT_CONTEXT characters of the clause on each side of its quantity, with its offsets."""
    from workreport.targets import TEXT_CONTEXT

    report = load_text("一、2016年工作回顾\n增长" + "1%、" * 3000 + "\n", name="list")
    t = extract_targets(report)
    assert len(t) == 3000
    assert (t["text"].str.len() <= 2 * TEXT_CONTEXT + 2).all()
    assert t["text"].str.len().sum() < 3000 * (2 * TEXT_CONTEXT + 2)
    for text, start, end, q_start, q_end in zip(
        t["text"], t["text_start"], t["text_end"], t["start"], t["end"], strict=True
    ):
        assert report.text[start:end] == text
        assert start <= q_start < q_end <= end
    middle = t.iloc[1500]
    assert middle["text_start"] == middle["start"] - TEXT_CONTEXT
    assert middle["text_end"] == middle["end"] + TEXT_CONTEXT
    first = t.iloc[0]  # the clause begins two characters before the first quantity
    assert first["text"].startswith("增长1%、") and first["text_start"] == first["start"] - 2


def test_text_is_the_whole_clause_when_short():
    report = load_text("一、2016年工作回顾\n全年地区生产总值增长4.5%左右，就业增加。\n", name="x")
    t = extract_targets(report)
    assert t["text"].tolist() == ["全年地区生产总值增长4.5%左右"]
    assert report.text[t["text_start"].iloc[0] : t["text_end"].iloc[0]] == t["text"].iloc[0]


def test_pairs_compare_like_with_like():
    text = (
        "一、2024年工作回顾\n全省智能化煤矿达到268座，黄河干流流经县综合治理工程开工率91.3%。"
        "城镇新增就业46万人。\n"
        "二、2025年工作安排\n新建智能化煤矿130座，黄河干流流经县综合治理工程完工率85%。"
        "城镇新增就业45万人以上。\n"
    )
    t = extract_targets(load_text(text, name="x.txt"))
    pairs = pair_results_targets(t)
    # a stock (达到) is not set against a flow (新建), nor an opening rate against a
    # completion rate; jobs created against jobs to create are
    assert pairs["indicator"].tolist() == ["城镇新增就业"]
    assert pairs[["result", "target"]].values.tolist() == [[46.0, 45.0]]


def test_adjacent_quantities_keep_their_own_units_and_the_sentences_indicator():
    text = (
        "一、2024年工作回顾\n维护了19.2万户家庭购房权益。持续巩固拓展脱贫攻坚成果，"
        "6.1万户14.2万名防返贫监测对象稳定消除风险。\n"
    )
    t = extract_targets(load_text(text, name="x.txt"))
    assert t["unit"].tolist() == ["万户", "万户", "万名"]
    assert t["indicator"].tolist()[1] == t["indicator"].tolist()[2]
    assert "维护" not in t["indicator"].tolist()[1]  # not the previous sentence's


def test_quantity_kind_and_near_miss():
    from workreport.targets import near_miss, quantity_kind

    assert [quantity_kind(v, u) for v, u in [("达到", "座"), ("新建", "座"), ("", "%")]] == [
        "stock",
        "flow",
        "rate",
    ]
    assert near_miss("开工率", "完工率") and not near_miss("开工率", "开工率")


def test_clause_cues_speak_for_their_clause_only():
    text = (
        "政府工作报告\n——2025年1月20日\n各位代表：\n一、2024年工作回顾\n"
        "为今年稳产增产打下基础，新建高标准农田300万亩。谋划储备2025年省级重点项目1200个。\n"
        "二、2025年工作安排\n今年发展的主要预期目标是：地区生产总值增长5.5%左右，单位地区生产总值"
        "能耗降低完成国家下达目标，城镇调查失业率5.5%左右。确保完成规划目标任务，粮食产量稳定在"
        "700亿斤以上。赤字率从去年的3%提高到4%。今年要在2024年水平的基础上压缩20%。\n"
    )
    t = extract_targets(load_text(text, name="x.txt"))
    assert list(zip(t["value"], t["kind"], strict=True)) == [
        (300.0, "result"),  # 今年 in a review speaks of what the review leads to
        (1200.0, "result"),  # and so does a year from the report's on
        (5.5, "target"),
        (5.5, "target"),  # a target met in another clause says nothing of this one
        (700.0, "target"),
        (3.0, "target"),  # 从去年的: a starting point
        (4.0, "target"),
        (20.0, "target"),  # 在2024年水平的基础上: a base, not a date
    ]


def test_a_part_joining_outlook_and_plan_keeps_this_years_targets():
    text = (
        "政府工作报告\n——2026年1月20日\n各位代表：\n一、2025年工作回顾\n增长5%。\n"
        "二、“十五五”时期主要目标和2026年工作安排\n到2030年研发投入强度达到3%。"
        "2026年发展的主要预期目标是：地区生产总值增长5%左右。单位能耗下降13%。\n"
    )
    t = extract_targets(load_text(text, name="x.txt"))
    assert t["period"].tolist() == ["2025", "2026-2030", "2026", "2026-2030"]


def test_a_total_without_a_verb_is_not_paired_with_what_is_built():
    text = (
        "一、2024年工作回顾\n全省智能化煤矿268座，完成营造林400万亩。\n"
        "二、2025年工作安排\n新建智能化煤矿130座，营造林400万亩。\n"
    )
    pairs = pair_results_targets(extract_targets(load_text(text, name="x.txt")))
    assert pairs["indicator"].tolist() == ["营造林"]
