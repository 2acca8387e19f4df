"""Quantitative results and targets: expectations computed by hand from short excerpts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from workreport import ReportFormatError, extract_targets, load_text, pair_results_targets
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
    ],
)
def test_find_quantities(text, found):
    assert [m.group() for m in find_quantities(text)] == found


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


def test_no_quantity_raises(no_numbers_path):
    from workreport import load_report

    with pytest.raises(ReportFormatError, match="no quantitative result or target found") as info:
        extract_targets(load_report(no_numbers_path))
    assert "no_numbers.txt" in str(info.value)


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
    assert got.values.tolist() == [
        ["result→own target", "地区生产总值", 4.5, 6.0, "2016", 1.5],
        ["result→next target", "地区生产总值", 4.5, 6.5, "2017", 2.0],
        ["result→own target", "一般公共预算收入", 5.2, 7.0, "2016", pytest.approx(1.8)],
    ]


def test_pair_units_must_agree():
    t = mini("完成造林150万亩。", "完成造林20%。")
    assert pair_results_targets(t).empty
