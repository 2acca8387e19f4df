"""Figures with Chinese labels: a real CJK font, no missing-glyph warnings."""

from __future__ import annotations

import io
import itertools
import math
import warnings

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.collections import PathCollection
from matplotlib.container import ErrorbarContainer

from workreport.book.figures import (
    FIGURE_DPI,
    change_dotplot,
    cjk_font_path,
    cooccurrence_network,
    firmness_bars,
    grouped_bars,
    hbar,
    label,
    percent_change,
    rate_ratio_plot,
    results_vs_targets,
    strongest_links,
    theme_heatmap,
    theme_positions_plot,
    use_cjk_font,
)
from workreport.constants import THEME_LABELS_ZH

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
    # themes in their usual order, energy before ecology, named as constants name them
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "能源转型\n(energy transition)",
        "生态环境\n(ecology)",
    ]
    assert sorted(t.get_text() for t in ax.texts) == ["1.0", "2.0"]
    plt.close(fig)


# --- layout: legends outside the data, labels that do not collide --------------------


def _boxes_overlap(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def _legend_is_below(fig) -> None:
    """The legend lies wholly under the axes and its tick and axis labels, close to them."""
    fig.draw_without_rendering()
    ax = fig.axes[0]
    legend = ax.get_legend()
    assert legend is not None
    lbox = legend.get_window_extent()
    legend.set_visible(False)
    under = ax.get_tightbbox()  # axes, ticks and labels, without the legend
    legend.set_visible(True)
    assert lbox.y1 <= under.y0 + 1, "the legend overlaps the axes or their labels"
    assert under.y0 - lbox.y1 < 0.25 * fig.dpi, "the legend floats far below the axes"
    plt.close(fig)


PAIRS = pd.DataFrame(
    {
        "indicator": ["地区生产总值", "造林", "煤炭产能"],
        "result": [4.5, 150.0, 2325.0],
        "target": [6.5, 200.0, 2000.0],
        "unit": ["%", "万亩", "万吨"],
    }
)


@pytest.mark.parametrize("rows", [1, 3, 14])
def test_results_vs_targets_legend_below_at_any_height(rows):
    pairs = pd.concat([PAIRS] * 5, ignore_index=True).head(rows)
    _legend_is_below(results_vs_targets(pairs, labels={}))


def test_firmness_and_grouped_bars_legend_below():
    counts = pd.DataFrame(
        {"theme": ["energy", "poverty"], "firmness": ["plain", "guarantee"], "n": [3, 2]}
    )
    _legend_is_below(firmness_bars(counts, order=["guarantee", "plain"]))
    table = pd.DataFrame({"review (2016)": [12.7, 1.4], "plan (2017)": [3.8, 2.1]})
    _legend_is_below(grouped_bars(table.set_axis(["capacity cuts", "power reform"]), xlabel="x"))


def test_many_heatmap_columns_do_not_collide():
    names = ["air", "emissions_&_pollution", "forests_&_land", "institutions", "rivers_&_lakes"]
    heat = pd.DataFrame({"unit": [1] * 5, "subtheme": names, "per_1000": [1.0, 2.0, 3.0, 4.0, 5.0]})
    fig = theme_heatmap(heat, row_labels={1: "甲"}, column="subtheme")
    fig.draw_without_rendering()
    boxes = [t.get_window_extent() for t in fig.axes[0].get_xticklabels()]
    assert len(boxes) == 5
    assert not any(_boxes_overlap(a, b) for a, b in itertools.pairwise(boxes))
    plt.close(fig)


def test_close_boundary_labels_are_spread():
    positions = pd.DataFrame({"theme": ["energy"], "position": [0.5]})
    bounds = pd.DataFrame(
        {"position": [0.10, 0.101, 0.102, 0.6, 0.995, 0.999], "label": list("abcdef")}
    )
    fig = theme_positions_plot(positions, bounds)
    fig.draw_without_rendering()
    ax = fig.axes[0]
    texts = sorted(ax.texts, key=lambda t: t.get_position()[0])
    boxes = [t.get_window_extent() for t in texts]
    assert not any(_boxes_overlap(a, b) for a, b in itertools.pairwise(boxes))
    assert all(0 <= t.get_position()[0] <= 1 for t in texts)
    # the dotted lines stay at the true positions
    lines = sorted(line.get_xdata()[0] for line in ax.lines)
    assert lines == pytest.approx(sorted(bounds["position"]))
    plt.close(fig)


# --- percentage change instead of a log axis with mixed units -------------------------


SIZES = st.one_of(
    st.just(0.0),
    st.floats(min_value=1e-6, max_value=1e9),
    st.floats(min_value=-1e9, max_value=-1e-6),
)


@given(SIZES, SIZES)
def test_percent_change_definition(result, target):
    got = percent_change(result, target)
    if result == 0:
        assert math.isnan(got)
    else:
        assert got == pytest.approx(100 * (target - result) / abs(result), rel=1e-9, abs=1e-9)


def test_percent_change_vectorised_and_missing():
    got = percent_change(pd.Series([10.0, 0.0, np.nan]), pd.Series([12.0, 5.0, 1.0]))
    assert got[0] == pytest.approx(20.0)
    assert np.isnan(got[1:]).all()


def test_change_dotplot_draws_each_change():
    pairs = pd.concat(
        [
            PAIRS,
            pd.DataFrame({"indicator": ["新"], "result": [0.0], "target": [3.0], "unit": ["个"]}),
        ],
        ignore_index=True,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = change_dotplot(pairs, labels={"造林": "造林 (afforestation)"})
        png = _save(fig)
    assert png.startswith(b"\x89PNG")
    ax = fig.axes[0]
    (dots,) = [c for c in ax.collections if isinstance(c, PathCollection)]
    xs = sorted(dots.get_offsets()[:, 0])
    expected = sorted(percent_change(PAIRS["result"], PAIRS["target"]))
    assert xs == pytest.approx(expected)
    notes = [t.get_text() for t in ax.texts]
    assert any("4.5% → 6.5%" in n and "+2.0 points" in n for n in notes)  # a rate
    assert any(n.startswith("n/a") for n in notes)  # result 0: no relative change
    assert ax.get_xscale() == "linear"
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[1] == "造林 (afforestation)"


# --- confidence intervals as error bars ---------------------------------------------


def test_rate_ratio_plot_error_bars_span_the_interval():
    table = pd.DataFrame(
        {
            "theme": ["energy", "poverty", "ecology"],
            "rate_ratio": [0.5, 2.0, np.nan],
            "ci_low": [0.3, 1.2, np.nan],
            "ci_high": [0.8, 3.1, np.nan],
        }
    )
    fig = rate_ratio_plot(table)
    ax = fig.axes[0]
    spans = []
    for container in ax.containers:
        assert isinstance(container, ErrorbarContainer)
        segments = container.lines[2][0].get_segments()
        spans.append(tuple(round(float(x), 6) for x in segments[0][:, 0]))
    assert sorted(spans) == [(0.3, 0.8), (1.2, 3.1)]  # the row without a ratio is left out
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        THEME_LABELS_ZH["energy"],
        THEME_LABELS_ZH["poverty"],
    ]
    plt.close(fig)


def test_hbar_and_grouped_bars_take_intervals():
    values = pd.Series([3.0, 1.0], index=["煤炭", "脱贫"])
    fig = hbar(
        values,
        xlabel="n",
        low=pd.Series([2.0, 0.5], index=values.index),
        high=pd.Series([4.5, 1.5], index=values.index),
    )
    ax = fig.axes[0]
    (errors,) = [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
    segments = errors.lines[2][0].get_segments()
    assert sorted(tuple(s[:, 0]) for s in segments) == [(0.5, 1.5), (2.0, 4.5)]
    # the printed value sits past the interval's end
    assert sorted(t.get_position()[0] for t in ax.texts) == [1.5, 4.5]
    plt.close(fig)
    table = pd.DataFrame({"a": [2.0, 3.0], "b": [1.0, 4.0]}, index=["x", "y"])
    fig = grouped_bars(table, xlabel="n", low=table - 0.5, high=table + 1)
    errors = [c for c in fig.axes[0].containers if isinstance(c, ErrorbarContainer)]
    assert len(errors) == 2
    plt.close(fig)
    fig = hbar(values, xlabel="n")  # without intervals, as before
    assert not [c for c in fig.axes[0].containers if isinstance(c, ErrorbarContainer)]
    plt.close(fig)


# --- co-occurrence network: the strongest links only ---------------------------------


@pytest.mark.parametrize(
    ("weights", "top", "kept"),
    [
        ([5, 3, 3, 1], 1, [5]),
        ([5, 3, 3, 1], 2, [5]),  # a tie is never split: both 3s go
        ([5, 3, 3, 1], 3, [5, 3, 3]),
        ([5, 3, 3, 1], 9, [5, 3, 3, 1]),
        ([2, 2, 2], 1, [2, 2, 2]),  # the strongest links alone are too many: all kept
        ([4, 2, 2, 2, 2, 1], 3, [4]),
    ],
)
def test_strongest_links(weights, top, kept):
    pairs = pd.DataFrame(
        {"a": [f"a{i}" for i in range(len(weights))], "b": "b", "sentences": weights}
    )
    assert strongest_links(pairs, top)["sentences"].tolist() == kept


def test_strongest_links_rejects_nonsense():
    with pytest.raises(ValueError, match="at least 1"):
        strongest_links(pd.DataFrame({"a": [], "b": [], "sentences": []}), 0)


def test_network_top_draws_only_the_strongest_links_and_their_terms():
    terms = ["煤炭", "去产能", "生态", "脱贫", "河长制"]
    pairs = pd.DataFrame(
        {
            "a": ["煤炭", "煤炭", "生态", "脱贫"],
            "b": ["去产能", "生态", "河长制", "河长制"],
            "sentences": [6, 4, 2, 1],
        }
    )
    nodes = pd.DataFrame(
        {
            "term": terms,
            "theme": ["energy", "energy", "ecology", "poverty", "ecology"],
            "label": terms,
            "count": [9, 5, 4, 3, 2],
        }
    )
    fig = cooccurrence_network(pairs, nodes, min_sentences=1, top=2)
    ax = fig.axes[0]
    assert len(ax.lines) == 2
    texts = {t.get_text() for t in ax.texts}
    assert {"煤炭", "去产能", "生态"} <= texts  # every drawn term is labelled
    assert not {"脱贫", "河长制"} & texts  # terms without a drawn link are left out
    assert {"6", "4"} <= texts  # each link labelled with its shared sentences
    plt.close(fig)
    # without top: every link at or above min_sentences, as before
    fig = cooccurrence_network(pairs, nodes, min_sentences=2)
    assert len(fig.axes[0].lines) == 3
    plt.close(fig)


def test_saved_figures_are_sharp():
    use_cjk_font()
    assert FIGURE_DPI >= 200
    assert mpl.rcParams["savefig.dpi"] == FIGURE_DPI
    fig, ax = plt.subplots(figsize=(4, 2))
    ax.plot([0, 1])
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    width = int.from_bytes(buf.getvalue()[16:20], "big")
    assert width == 4 * FIGURE_DPI
