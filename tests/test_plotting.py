"""Figures with Chinese labels: a real CJK font, no missing-glyph warnings."""

from __future__ import annotations

import io
import warnings

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from workreport.plotting import (
    cjk_font_path,
    cooccurrence_network,
    firmness_bars,
    hbar,
    label,
    results_vs_targets,
    theme_heatmap,
    theme_positions_plot,
    use_cjk_font,
)

CHINESE = "煤炭去产能 脱贫攻坚 生态文明 河长制 “三去一降一补” ——（一）"


def _save(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("term", "gloss", "width", "expected"),
    [
        ("煤炭", "coal", 22, "煤炭 (coal)"),
        ("煤炭", None, 22, "煤炭"),
        ("煤炭", "", 22, "煤炭"),
        ("去产能", "capacity cutting", 22, "去产能 (capacity cutting)"),
        ("去产能", "capacity cutting", 10, "去产能\n(capacity cutting)"),
        (
            "易地扶贫搬迁",
            "poverty relocation programme",
            22,
            "易地扶贫搬迁\n(poverty relocation programme)",
        ),
    ],
)
def test_label(term, gloss, width, expected):
    assert label(term, gloss, width=width) == expected


def test_font_file_and_registration():
    assert cjk_font_path().name == "NotoSansCJKsc-Regular.otf"
    name = use_cjk_font()
    assert name == use_cjk_font()  # cached, idempotent
    assert mpl.rcParams["font.sans-serif"][0] == name
    assert "Noto Sans CJK" in name


def test_chinese_text_draws_without_warnings():
    use_cjk_font()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig, ax = plt.subplots()
        ax.set_title(CHINESE)
        ax.set_xlabel("地区生产总值增长6.5%-7%")
        ax.text(0.5, 0.5, "各位代表：", ha="center")
        ax.plot([0, 1], [-1, 1])  # a minus sign on the axis
        data = _save(fig)
    assert data.startswith(b"\x89PNG")


def test_missing_glyphs_are_detected():
    # the check above can fail: without the CJK font matplotlib warns about missing glyphs
    use_cjk_font()
    with mpl.rc_context({"font.family": "DejaVu Sans", "font.sans-serif": ["DejaVu Sans"]}):
        fig, ax = plt.subplots()
        ax.set_title("煤炭")
        with pytest.warns(UserWarning, match="missing from font"):
            _save(fig)


def test_plotting_functions_draw_without_warnings():
    use_cjk_font()
    heat = pd.DataFrame(
        {
            "unit": [1, 1, 1, 2, 2, 2],
            "theme": ["energy", "poverty", "ecology"] * 2,
            "per_1000": [10.0, 2.0, 5.0, 0.0, 8.0, 1.0],
        }
    )
    positions = pd.DataFrame(
        {"theme": ["energy", "ecology", "poverty"], "position": [0.1, 0.5, 0.9]}
    )
    bounds = pd.DataFrame({"position": [0.0, 0.4], "label": ["一、回顾", "二、安排"]})
    pairs = pd.DataFrame(
        {
            "indicator": ["地区生产总值", "造林"],
            "result": [4.5, 150.0],
            "target": [6.5, 200.0],
            "unit": ["%", "万亩"],
        }
    )
    counts = pd.DataFrame(
        {
            "theme": ["energy", "energy", "poverty"],
            "firmness": ["plain", "guarantee", "floor"],
            "n": [3, 1, 2],
        }
    )
    co_pairs = pd.DataFrame({"a": ["煤炭", "煤炭"], "b": ["去产能", "生态"], "sentences": [3, 2]})
    nodes = pd.DataFrame(
        {
            "term": ["煤炭", "去产能", "生态"],
            "theme": ["energy", "energy", "ecology"],
            "label": ["煤炭 (coal)", "去产能", "生态"],
            "count": [5, 3, 2],
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figs = [
            theme_heatmap(heat, row_labels={1: "（一）三去一降一补", 2: "（二）生态文明"}),
            theme_positions_plot(positions, bounds),
            results_vs_targets(pairs, labels={"造林": label("造林", "afforestation")}),
            firmness_bars(counts, order=["guarantee", "floor", "plain"]),
            cooccurrence_network(co_pairs, nodes),
            hbar(pd.Series([3.0, 1.0], index=["煤炭", "脱贫"]), xlabel="次数"),
        ]
        for fig in figs:
            assert _save(fig).startswith(b"\x89PNG")


def test_heatmap_only_draws_its_table():
    heat = pd.DataFrame({"unit": [1, 1], "theme": ["ecology", "energy"], "per_1000": [1.0, 2.0]})
    fig = theme_heatmap(heat, row_labels={1: "甲"})
    ax = fig.axes[0]
    # themes in their usual order: energy before ecology
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Energy\ntransition", "Ecology"]
    assert sorted(t.get_text() for t in ax.texts) == ["1.0", "2.0"]
    plt.close(fig)
