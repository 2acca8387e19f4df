"""The chapter helpers: tables, claims, interval wording, configuration, years."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from workreport.book import tables as chapter
from workreport.book.chapter import StaleClaim, claim, load_chapter_config, open_chapter
from workreport.book.tables import markdown_table
from workreport.book.words import fmt_number, interval_words


@pytest.mark.parametrize(
    ("value", "text"),
    [(0, "0"), (1500.0, "1,500"), (2.50, "2.5"), (-1.8, "-1.8"), (math.nan, "–"), (True, "yes")],
)
def test_fmt_number(value, text):
    assert fmt_number(value) == text


def test_markdown_table_escapes_and_aligns():
    df = pd.DataFrame({"a": ["x|y", "甲\n乙"], "b": [1000, 2.25]})
    lines = markdown_table(df, headers={"a": "Text"}).splitlines()
    assert lines[0] == "| Text | b |"
    assert lines[1] == "|:--|--:|"
    assert lines[2] == "| x\\|y | 1,000 |"
    assert lines[3] == "| 甲 乙 | 2.25 |"


def test_table_is_a_numbered_myst_table():
    out = chapter.table(pd.DataFrame({"a": [1]}), caption="A  caption", name="tbl-a")
    text = out.data
    assert text.startswith("```{table} A caption\n:name: tbl-a\n")
    assert text.rstrip().endswith("```")
    empty = chapter.table(pd.DataFrame({"a": []}), caption="c", name="tbl-b").data
    assert "no rows" in empty
    with pytest.raises(ValueError, match="table name"):
        chapter.table(pd.DataFrame({"a": [1]}), caption="c", name="bad name")


def test_claim_refuses_what_the_data_do_not_support():
    assert claim("k", True, "holds") == "holds"
    with pytest.raises(StaleClaim, match="k2: the data no longer support"):
        claim("k2", False, "stale")


@pytest.mark.parametrize(
    ("low", "high", "words"),
    [(1.01, 2, "above"), (0.2, 0.99, "below"), (0.5, 1.5, "not distinguishable from")],
)
def test_interval_words(low, high, words):
    assert interval_words(low, high) == words


def test_load_chapter_config(tmp_path):
    p = tmp_path / "c.toml"
    p.write_text('[headlines]\npeople = "贫困人口.*脱贫"\n', encoding="utf-8")
    assert load_chapter_config("x", p) == {"headlines": {"people": "贫困人口.*脱贫"}}
    assert load_chapter_config("x", tmp_path / "missing.toml") == {}


def test_open_chapter_on_the_project_report_and_another(synthetic_path):
    ch = open_chapter(None, name="02_poverty", display=False)
    assert ch.is_project_report and ch.other_report_note() is None
    assert (ch.review_year, ch.plan_year) == (2016, 2017)
    assert ch.label("result") == "2016 result" and ch.label("target") == "2017 target"
    assert "part_label" in ch.targets
    other = open_chapter(synthetic_path, name="02_poverty", display=False)
    assert not other.is_project_report
    assert other.report.name in other.other_report_note().data
    assert (other.review_year, other.plan_year) == (2017, 2018)
    assert repr(other).startswith("<Chapter 02_poverty:")


def test_chapter_claim_is_strict_only_on_the_project_report():
    from pathlib import Path

    from workreport.book.chapter import Chapter

    own = Chapter("x", Path("x"), None, pd.DataFrame(), True)
    other = Chapter("x", Path("x"), None, pd.DataFrame(), False)
    assert own.claim("k", True, "holds", otherwise="n") == "holds"
    with pytest.raises(StaleClaim):
        own.claim("k", False, "stale", otherwise="neutral")
    assert other.claim("k", False, "stale", otherwise="neutral") == "neutral"
    assert other.claim("k", True, "holds", otherwise="neutral") == "holds"


def test_setup_makes_inline_figures_sharp_without_changing_their_repr():
    """In a kernel, chapter.setup() makes inline and glued figures PNG at FIGURE_DPI, while
    the figure's repr (compared by nbval) keeps its 100-dpi size; show_figure glues the figure
    for the book and displays it, so Jupyter shows it too (a displayed image, not only a
    papermill record)."""
    import base64

    import nbformat
    from nbclient import NotebookClient

    from workreport.book.figures import FIGURE_DPI

    nb = nbformat.v4.new_notebook()
    code = (
        "from workreport.book import chapter\n"
        "chapter.setup()\n"
        "import matplotlib.pyplot as plt\n"
        "fig, ax = plt.subplots(figsize=(4, 2))\n"
        "ax.plot([0, 1])\n"
        "chapter.show_figure('f', fig)"
    )
    nb.cells = [nbformat.v4.new_code_cell(code)]
    NotebookClient(nb, kernel_name="python3", timeout=120).execute()
    (out,) = nb.cells[0].outputs
    assert out["metadata"]["scrapbook"]["name"] == "f"  # glued: the book can place it
    png = base64.b64decode(out["data"]["image/png"])
    width = int.from_bytes(png[16:20], "big")
    # bbox_inches="tight" trims the margins: close to, never above, 4 inches at FIGURE_DPI
    assert 0.8 * 4 * FIGURE_DPI <= width <= 4 * FIGURE_DPI
    assert out["data"]["text/plain"] == ("<Figure size 400x200 with 1 Axes>")


@pytest.mark.parametrize(
    ("name", "text", "office", "expected"),
    [
        ("2025年山西省政府工作报告.docx", "", "省长", "山西"),
        ("shanxi-2017-government-work-report.seg.txt", "", "", "山西"),
        ("shaanxi-2025.txt", "", "", "陕西"),
        ("report.txt", "河南 河南 河南 山西", "", "河南"),
        ("report.txt", "河南", "", ""),
        ("2017.txt", "", "国务院总理", "全国"),
        ("national-2025.txt", "各位代表：现在，我代表国务院，向大会报告政府工作。", "", "全国"),
        ("report.txt", "香港 香港 香港 台湾 台湾 台湾", "", ""),
    ],
)
def test_place_of_reads_the_report_not_a_template(name, text, office, expected):
    from types import SimpleNamespace

    from workreport.book.chapter import place_of

    report = SimpleNamespace(name=name, title="", text=text, speaker_office=office)
    assert place_of(report).zh == expected
