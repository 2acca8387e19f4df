"""The section page on comparisons with the centre: its tables and glued values."""

from __future__ import annotations

import pandas as pd
import pytest

from workreport.book import centre_page, chapter
from workreport.constants import THEMES


def test_pct_and_share_of():
    assert centre_page.pct(8.0172) == "8%"
    assert centre_page.pct(None) == "–"
    shares = pd.DataFrame(
        {
            "indicator": ["煤炭产能", ""],
            "result_indicator": ["煤炭产能", "贫困人口实施易地扶贫"],
            "target_share_pct": [13.33, float("nan")],
            "result_share_pct": [8.02, 4.17],
            "target": ["2000万吨", ""],
            "national_target": ["1.5亿吨", ""],
            "result": ["2325万吨", "10万"],
            "national_result": ["2.9亿吨", "240万"],
        }
    )
    coal = centre_page.share_of(shares, "煤炭")
    assert (coal["target_share"], coal["result_share"]) == ("13.3%", "8%")
    moved = centre_page.share_of(shares, "易地扶贫")
    assert (moved["target_share"], moved["result_share"]) == ("–", "4.2%")
    assert centre_page.share_of(shares, "钢铁")["target"] == "–"
    assert centre_page.share_of(shares, "")["result_share"] == "–"


def test_ratio_figure_draws_finite_intervals_and_placeholder_otherwise():
    ratios = pd.DataFrame(
        {
            "theme": ["energy", "poverty"],
            "estimate": ["bootstrap, full text"] * 2,
            "ratio": [2.0, float("nan")],
            "low": [1.1, 0.0],
            "high": [4.0, float("inf")],
        }
    )
    fig = centre_page.ratio_figure(ratios)
    ax = fig.axes[0]
    lo, hi = ax.get_xlim()
    assert lo < 1 < 4 < hi and len(ax.get_yticklabels()) == 1
    empty = centre_page.ratio_figure(ratios.iloc[1:])
    assert not empty.axes[0].axison


@pytest.fixture(scope="module")
def project_page():
    ch = chapter.open_chapter(None, name="05b_centre", display=False)
    tabs = centre_page.compute(ch, draws=300, mc_draws=1000)
    return ch, tabs, centre_page.page(ch, tabs)


@pytest.mark.slow
def test_page_on_the_project_report(project_page):
    ch, tabs, p = project_page
    v = p.values
    assert all(k.startswith("centre_") for k in v)
    assert all(isinstance(x, str) for x in v.values())
    # values agree with the tables they come from, not with typed numbers
    counts = tabs["centre_target_counts.csv"].set_index("who")
    assert v["centre_targets_report_commitments"] == str(counts.loc["report", "commitment"])
    core = tabs["centre_core_rates.csv"]
    same = core[core["national"] == tabs["national_files"]["same"].iloc[0]].set_index("theme")
    for t in THEMES:
        low, high = same.loc[t, "ratio_ci_low"], same.loc[t, "ratio_ci_high"]
        words = v[f"centre_{t}_full_words"]
        assert (words == "above") == (low > 1) and (words == "below") == (high < 1)
    assert v["centre_year"] == str(ch.year)
    assert not bool(tabs["national_files"]["national"].iloc[0])
    assert set(p.ratios["theme"]) <= set(THEMES)
    assert len(p.tables["targets"]) == 12 and not p.tables["order"].empty
    for name, df in p.tables.items():  # every column shown under a reader's header
        assert list(df.columns) == [centre_page.HEADERS[name][c] for c in centre_page.HEADERS[name]]


@pytest.mark.slow
def test_page_on_a_national_report_is_not_compared_with_itself():
    from workreport.resources import data_dir

    path = data_dir() / "raw" / "national" / "national-2017.txt"
    ch = chapter.open_chapter(path, name="05b_centre", display=False)
    tabs = centre_page.compute(ch, draws=200, mc_draws=500)
    p = centre_page.page(ch, tabs)
    assert bool(tabs["national_files"]["national"].iloc[0])
    assert tabs["national_files"]["same"].iloc[0] != path.name
    assert p.values["centre_report"] == "全国 (national)"
    assert "itself a national one" in p.values["centre_scope"]
    assert tabs["centre_shares.csv"].empty
    assert p.tables["order"].empty  # no hand coding of that report
    assert p.values["centre_mcnemar_energy_poverty"].startswith("not tested")


def test_quote_paragraph_from_the_data_file():
    ch = chapter.open_chapter(None, name="05b_centre", display=False)
    pid = ch.config["stretch_paragraph"]
    quoted = centre_page.quote_paragraph(ch, "stretch_paragraph").data
    text = ch.report.paragraphs.set_index("paragraph_id").loc[pid, "text"]
    assert quoted.startswith(f"> {text[:20]}") and f"(¶{pid})" in quoted
    assert "*" in quoted.split("\n>\n")[-1]  # the hand translation beneath
    assert centre_page.quote_paragraph(ch, "no_such_key") is None
    ch.config = {"stretch_paragraph": 10**6}
    assert centre_page.quote_paragraph(ch, "stretch_paragraph") is None
