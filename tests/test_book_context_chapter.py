"""The context chapter's assembly (workreport.book.context_chapter): the same glue keys on
every report, wording chosen by the numbers it describes, and tables that hold them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from workreport import context
from workreport.book import chapter
from workreport.book import context_chapter as cc
from workreport.book.words import Findings
from workreport.constants import THEMES

ROOT = Path(__file__).resolve().parents[1]
NATIONAL = ROOT / "data" / "raw" / "national"
SYNTHETIC = ROOT / "tests" / "data" / "synthetic_report.txt"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("national")
    for year in (2016, 2017):
        shutil.copy(NATIONAL / f"national-{year}.txt", folder)
    return folder


def _sections(cx: cc.Context, tracked, indicators) -> list[Findings]:
    rates = context.compare_rates(cx.analysis, cx.national, draws=200)
    themes = cc.theme_findings(cx, rates)
    index = cc.index_findings(cx, rates)
    return [
        cc.reports_findings(cx),
        themes,
        cc.subtheme_findings(cx, rates),
        index,
        cc.targets_findings(cx),
        cc.word_findings(cx, tracked),
        cc.series_findings(cx, themes.data["by_theme"], index.data["index"]),
        cc.decades_findings(cx.series),
        cc.pair_findings(cx, indicators),
    ]


@pytest.fixture(scope="module")
def both(corpus):
    """The chapter's findings on the book's report and on the synthetic one."""
    out = {}
    for name, path in (("book", None), ("synthetic", SYNTHETIC)):
        ch = chapter.open_chapter(path, name="05_context", display=False)
        cx = cc.open_context(ch, corpus, jobs=1)
        config = ch.config
        out[name] = (cx, _sections(cx, config["words"], config["indicators"]))
    return out


def test_every_glue_key_and_claim_on_every_report(both):
    keys = {
        name: [(sorted(f.values), list(f.claims)) for f in found]
        for name, (_, found) in both.items()
    }
    assert keys["book"] == keys["synthetic"]
    for _, found in both.values():
        for f in found:
            assert all(isinstance(v, str) and v for v in f.values.values())
            assert not [v for v in f.values.values() if re.search(r"\bnan\b|\(s\)", v)]


def test_claims_hold_on_the_book_report(both):
    _, found = both["book"]
    stale = [k for f in found for k, (holds, *_) in f.claims.items() if not holds]
    assert not stale


def test_theme_wording_follows_the_intervals(both):
    for _, found in both.values():
        themes = found[1]
        by_theme = themes.data["by_theme"]
        said = themes.values["context_apart_words"]
        for t in THEMES:
            lo, hi = by_theme.loc[t, ["ratio_ci_low", "ratio_ci_high"]]
            name = cc.theme_name(t)
            side = "above" if lo > 1 else "below" if hi < 1 else None
            if side:
                assert re.search(f"lies {side} 1 for [^;]*{name}", said), (name, said)
            else:
                assert name in said.split(";")[-1] or "no theme" in said, (name, said)
            assert themes.values[f"context_rate_{t}"] == f"{by_theme.loc[t, 'report_value']:.1f}"
        assert len(themes.tables["themes"]) == len(THEMES)


def test_hedge_words_are_counted_not_assumed():
    def analysis(firmness):
        t = pd.DataFrame({"kind": "target", "firmness": firmness, "binding": [""] * len(firmness)})
        return SimpleNamespace(targets=t)

    cx = SimpleNamespace(
        analysis=analysis(["floor"] * 18 + ["guarantee"]),
        national=analysis(["floor", "aspiration", "guarantee"]),
        short="甲 (A)",
        national_label="全国 2017 (national)",
    )
    said = cc.targets_findings(cx).values["context_hedge_words"]
    assert "less often than the national report (1 against 2 targets)" in said
    assert "sets floors (以上 and the like) more often than it (18 against 1)" in said


def test_compare_counts_agrees_with_the_counts():
    for n, m in ((3, 1), (1, 3), (2, 2)):
        said = cc.compare_counts(n, m)
        assert ("more" in said) == (n > m) and ("less" in said) == (n < m)


def test_pair_findings_without_a_growth_pair_says_so():
    empty = pd.DataFrame(columns=["kind", "period", "indicator"])
    cx = SimpleNamespace(
        analysis=SimpleNamespace(targets=empty),
        national=SimpleNamespace(targets=empty),
        year=2025,
        nat_year=2025,
        short="this report",
    )
    found = cc.pair_findings(cx, [{"key": "gdp", "pattern": "生产总值", "what": "report"}])
    assert found.values["context_pair_gdp"] == "n/a"
    assert found.values["context_n_pairs"] == "0"
    ((holds, _, otherwise),) = found.claims.values()
    assert not holds and otherwise.startswith("No growth target")
