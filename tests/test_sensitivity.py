"""Claims under other word lists, counting rules and with metaphors taken out
(``workreport.sensitivity``), and the helpers in ``workreport.themes`` it counts with."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from workreport import load_text
from workreport.constants import THEMES
from workreport.pipeline import analyse
from workreport.resources import data_dir
from workreport.sensitivity import (
    CLAIM_LISTS,
    RULES,
    SENSITIVITY_COLUMNS,
    TREATMENTS,
    claims_sensitivity,
    claims_summary,
    count_matches,
    document,
    env_index,
    theme_rates_per_1000,
    variant_counts,
)
from workreport.themes import (
    GENRE_MIN_REPORTS,
    PRESENCE_EXCLUDED,
    load_lexicon,
    load_provenance,
    masked_text,
    outside_spans,
    review_vs_plan,
    substring_counts,
    substring_matches,
)

DERIVED = data_dir() / "derived"

TEXT = (
    "一、2016年工作回顾\n"
    "推进煤炭去产能，发展光伏，保护生态环境。\n"
    "加强政治生态建设，推进精准扶贫。\n"
    "二、2017年工作安排\n"
    "推进煤炭清洁利用，治理大气污染，保护生态。\n"
)


@pytest.fixture(scope="module")
def small():
    return analyse(load_text(TEXT, name="small"))


def test_substring_matches_agree_with_substring_counts(real_analysis):
    a = real_analysis
    lex = load_lexicon()
    m = substring_matches(a.report, lex)
    counts = substring_counts(a.report.text, lex["term"]).set_index("term")["count"]
    assert m.groupby("term").size().reindex(counts.index, fill_value=0).tolist() == counts.tolist()
    # every match is where it says, in the paragraph it names
    para = a.report.paragraphs.set_index("paragraph_id")
    for row in m.sample(30, random_state=1).itertuples():
        assert a.report.text[row.start : row.end] == row.term
        assert para.loc[row.paragraph_id, "start"] <= row.start < para.loc[row.paragraph_id, "end"]
    assert set(m.columns) >= {"paragraph_id", "start", "end", "term", "theme", "subtheme"}


def test_masking_metaphors(small):
    a = small
    assert masked_text("政治生态与生态", ["政治生态"]) == "□□□□与生态"
    assert masked_text("x", []) == "x"
    eco = pd.DataFrame({"theme": "ecology", "subtheme": "s", "term": ["生态", "生态环境"]})
    words = count_matches(a, eco)
    kept = count_matches(a, eco, rule="substrings")
    gone = count_matches(a, eco, rule="substrings", masked=["政治生态"])
    assert len(kept) - len(gone) == 1
    assert not any(a.report.text[s - 2 : s] == "政治" for s in gone["start"])
    assert len(words) == 2  # 生态环境 (¶2), 生态 (¶5); 政治生态 is one word (a guard entry)
    assert outside_spans(words, a.report.text, ["利用"]).equals(words)
    assert outside_spans(words, a.report.text, ["生态环境"])["term"].tolist() == ["生态"]
    with pytest.raises(ValueError, match="rule must be one of"):
        count_matches(a, eco, rule="letters")


def test_env_index_rules_agree_with_the_analysis(real_analysis):
    a = real_analysis
    assert env_index(a) == pytest.approx(a.env_index)
    assert env_index(a, rule="substrings") == pytest.approx(a.env_index_substring)
    # taking the metaphors out can only lower the index
    for rule in RULES:
        assert env_index(a, rule=rule, masked=["政治生态", "绿色通道"]) <= env_index(a, rule=rule)


def test_theme_rates_per_1000_are_the_book_rates(real_analysis):
    a = real_analysis
    from workreport.themes import theme_rates

    ref = theme_rates(a.report, a.tokens, a.matches, draws=10).set_index("theme")["per_1000"]
    got = theme_rates_per_1000(a, a.matches)
    assert got == pytest.approx(ref.reindex(THEMES).to_dict())


def test_document_builds_an_analysis(small):
    d = document(small.report)
    assert d.matches.equals(small.matches) and d.env_matches.equals(small.env_matches)
    assert d.targets.empty and document(small) is small
    with pytest.raises(TypeError, match="takes a Report or an Analysis"):
        document("text")


def _small_claims(a):
    twin = analyse(load_text(TEXT.replace("光伏", "工业").replace("精准扶贫", "改革"), name="n"))
    other = analyse(load_text(TEXT.replace("煤炭", "工业"), name="m"))
    national = [("n-2016.txt", 2016, twin), ("m-2015.txt", 2015, other)]
    lists = {"book": load_lexicon(), "genre": load_lexicon(variant="genre")}
    return claims_sensitivity(a, national, metaphors=["政治生态"], lists=lists, draws=50)


def test_claims_on_a_small_text(small):
    t = _small_claims(small)
    assert list(t.columns) == SENSITIVITY_COLUMNS
    per_instrument = 3 * 3 + 1  # ratio, rank, plan/review per theme, and the order
    assert len(t) == len(RULES) * len(TREATMENTS) * (2 * per_instrument + 2)
    base = t[(t["list"] == "book") & (t["rule"] == "words") & (t["metaphors"] == "kept")]
    assert base["holds"].all()  # the book's own reading states the claim
    # ranks: of the two national texts
    ranks = t[t["claim"] == "rank_national"]
    assert (ranks["reports"] == 2).all()
    assert ranks["reports_below"].between(0, 2).all()
    # a rank claim holds when at least as many reports are below
    for r in ranks.itertuples():
        b = base[(base["claim"] == "rank_national") & (base["theme"] == r.theme)].iloc[0]
        assert r.holds == (r.reports_below >= b["reports_below"])
    order = t[t["claim"] == "theme_order"]
    assert order["reading"].str.count(" > ").eq(2).all()
    assert (order["holds"] == (order["reading"] == order["statement"].str.split(": ").str[1])).all()
    env = t[t["claim"].str.startswith("env_")]
    assert set(env["list"]) == {"chen2018"} and len(env) == 2 * len(RULES) * len(TREATMENTS)
    summary = claims_summary(t)
    assert set(summary["claim"]) == set(t["claim"])
    assert (summary["holds_in"] <= summary["rows"]).all()
    assert (summary["genre_holds_in"] <= summary["genre_rows"]).all()
    assert (summary["holds_genre"] == (summary["genre_holds_in"] == summary["genre_rows"])).all()
    with pytest.raises(ValueError, match="no national report"):
        claims_sensitivity(small, [], metaphors=[])


@pytest.fixture(scope="module")
def committed():
    ints = {"reports_below": "Int64", "reports": "Int64"}
    return pd.read_csv(DERIVED / "claims_sensitivity.csv", dtype=ints)


def test_committed_table_covers_every_instrument(committed):
    t = committed
    assert list(t.columns) == SENSITIVITY_COLUMNS
    lists = set(t.loc[~t["claim"].str.startswith("env_"), "list"])
    assert lists == set(CLAIM_LISTS)
    assert set(t["rule"]) == set(RULES) and set(t["metaphors"]) == set(TREATMENTS)
    for claim in ("ratio_national", "rank_national", "plan_review"):
        for theme in THEMES:
            g = t[(t["claim"] == claim) & (t["theme"] == theme)]
            assert len(g) == len(CLAIM_LISTS) * len(RULES) * len(TREATMENTS), (claim, theme)
    assert set(t["claim"]) == {
        "ratio_national",
        "rank_national",
        "plan_review",
        "theme_order",
        "env_ratio",
        "env_rank",
    }
    assert t["holds"].dtype == bool


def test_book_rows_are_the_books_numbers(committed, real_analysis):
    """The base of every claim (the book's list, whole words, metaphors kept) is what the
    book's own tables say: the ratios of shanxi_vs_national_themes.csv, the ranks among the
    loaded reports of national_series.csv, review_vs_plan on the report."""
    t = committed
    base = t[(t["rule"] == "words") & (t["metaphors"] == "kept")]
    vs = pd.read_csv(DERIVED / "shanxi_vs_national_themes.csv").query("level == 'theme'")
    vs = vs.set_index("name")
    series = pd.read_csv(DERIVED / "national_series.csv").query("status == 'ok'")
    shift = review_vs_plan(real_analysis.report, real_analysis.tokens, real_analysis.matches)
    shift = shift.set_index("theme")
    for theme in THEMES:
        b = base[(base["list"] == "book") & (base["theme"] == theme)].set_index("claim")
        ratio = b.loc["ratio_national"]
        for col, ref in (
            ("value", "ratio"),
            ("ci_low", "ratio_ci_low"),
            ("ci_high", "ratio_ci_high"),
        ):
            assert float(ratio[col]) == pytest.approx(vs.loc[theme, ref], rel=1e-5), theme
        rank = b.loc["rank_national"]
        rates = series[f"{theme}_per_1000"]
        assert float(rank["value"]) == pytest.approx(vs.loc[theme, "report_value"], rel=1e-5)
        assert int(rank["reports"]) == len(rates)
        assert int(rank["reports_below"]) == int((rates < float(rank["value"]) - 1e-9).sum())
        pr = b.loc["plan_review"]
        assert float(pr["value"]) == pytest.approx(shift.loc[theme, "rate_ratio"], rel=1e-5)
        assert float(pr["ci_low"]) == pytest.approx(shift.loc[theme, "ci_low"], rel=1e-5)
    env = base[base["claim"] == "env_rank"].iloc[0]
    assert float(env["value"]) == pytest.approx(real_analysis.env_index, rel=1e-5)
    assert int(env["reports_below"]) == int((series["env_index"] < float(env["value"])).sum())


def test_holds_is_the_reading_against_the_statement(committed):
    for r in committed.itertuples():
        if r.claim in ("rank_national", "env_rank"):
            k = int(r.statement.split("higher than in ")[1].split(" of ")[0])
            assert r.holds == (int(r.reports_below) >= k), r
        elif r.claim == "theme_order":
            assert r.holds == r.statement.endswith(r.reading), r
        else:
            # the statement words the base reading: its direction and interval verdict
            words = r.reading.split("; ")
            same = all(w in r.statement for w in words) and not (
                len(words) == 2
                and words[1] == "not distinguishable from 1"
                and "is above 1" in r.statement
            )
            assert r.holds == same, r


def test_variant_counts(real_analysis):
    v = variant_counts([("r", real_analysis)])
    book = v[v["variant"] == "book"].set_index("theme")
    counts = real_analysis.matches.groupby("theme").size()
    assert book["matches"].to_dict() == counts.to_dict()
    assert (book["added"] == 0).all()
    era = v[v["variant"] == "book+era"].set_index("theme")
    assert (era["matches"] >= 0).all() and (era["terms"] > book["terms"]).all()
    committed = pd.read_csv(DERIVED / "lexicon_variants.csv")
    ours = committed[committed["report"] == real_analysis.report.name]
    assert ours[["variant", "theme", "matches", "added"]].values.tolist() == (
        v[["variant", "theme", "matches", "added"]].values.tolist()
    )


def test_removing_metaphors_never_adds_matches(real_analysis):
    a = real_analysis
    lex = load_lexicon()
    for rule in RULES:
        kept = count_matches(a, lex, rule=rule)
        gone = count_matches(a, lex, rule=rule, masked=["政治生态", "金融生态", "绿色通道"])
        assert len(gone) <= len(kept)
        assert set(map(tuple, gone[["start", "end"]].values)) <= set(
            map(tuple, kept[["start", "end"]].values)
        )
    assert np.isfinite(env_index(dataclasses.replace(a), rule="words"))


def test_methods_section_states_what_the_table_holds(committed):
    """Each statement of the Methods section "Claims and the choice of word list", checked
    against the committed table."""
    import re

    from workreport.sensitivity import GUIDELINE_METAPHORS

    methods = (data_dir().parent / "book" / "methods.md").read_text(encoding="utf-8")
    section = methods.split("## Claims and the choice of word list", 1)[1].split("\n## ", 1)[0]
    text = " ".join(section.split())
    assert "data/derived/claims_sensitivity.csv" in text
    for name in CLAIM_LISTS:
        assert f"`{name}`" in text, name
    assert "、" not in text and all(m in text for m in GUIDELINE_METAPHORS)
    t = committed
    summary = claims_summary(t).set_index(["claim", "theme"])
    n = len(CLAIM_LISTS) * len(RULES) * len(TREATMENTS)
    assert f"{n} instruments" in text and f"{len(RULES) * len(TREATMENTS)} for the index" in text

    def rows(claim, theme):
        return t[(t["claim"] == claim) & (t["theme"] == theme)]

    # hold under every instrument
    for theme in THEMES:
        assert summary.loc[("plan_review", theme), "holds_everywhere"]
        assert rows("plan_review", theme)["reading"].eq("lower; not distinguishable from 1").all()
    for claim in ("env_ratio", "env_rank"):
        assert summary.loc[(claim, "ecology"), "holds_everywhere"]
    orders = rows("theme_order", "all")["reading"]
    assert orders.str.endswith("> poverty").all()
    # energy
    rank = rows("rank_national", "energy")
    failing = rank[~rank["holds"]]
    assert set(zip(failing["list"], failing["rule"], strict=True)) == {("both-2017", "substrings")}
    assert (rank["reports_below"] == rank["reports"]).sum() == len(rank) - len(failing)
    ratio = rows("ratio_national", "energy")
    assert ratio["reading"].str.startswith("higher").all()
    above = ratio[ratio["reading"] == "higher; above 1"]
    assert set(zip(above["list"], above["rule"], strict=True)) == {
        ("book", "words"),
        ("book+era", "words"),
    }
    # poverty
    ratio = rows("ratio_national", "poverty")
    assert set(ratio.loc[~ratio["holds"], "list"]) == {"central-literature"}
    assert ratio.loc[~ratio["holds"], "reading"].str.startswith("lower").all()
    rank = rows("rank_national", "poverty")
    base = int(
        rank.loc[(rank["list"] == "book") & (rank["rule"] == "words"), "reports_below"].iloc[0]
    )
    assert base == int(rank["reports"].iloc[0]) - 2
    genre = rank[rank["list"] == "genre"].set_index(["rule", "metaphors"])["reports_below"]
    assert (genre.loc["words"] == base - 3).all() and (genre.loc["substrings"] == base).all()
    assert (rank.loc[rank["list"] == "central-literature", "reports_below"] < base - 2).all()
    era = rank[rank["list"] == "book+era"]["reports_below"]
    assert (era == base - 1).all()
    assert set(rank.loc[~rank["holds"], "list"]) == {"genre", "central-literature", "book+era"}
    # ecology
    r = rows("ratio_national", "ecology")
    assert set(r.loc[~r["holds"], "list"]) == {"both-2017", "central-literature"}
    assert r.loc[~r["holds"], "reading"].str.startswith("lower").all()
    r = rows("rank_national", "ecology")
    above = (r["reports"] - r["reports_below"]).groupby(r["list"]).agg(set)
    assert above["both-2017"] == {1} and above["central-literature"] == {3, 4}
    genre_fails = r[(r["list"] == "genre") & ~r["holds"]]
    assert set(zip(genre_fails["rule"], genre_fails["metaphors"], strict=True)) == {
        ("words", "removed")
    } and above["genre"] == {0, 1}
    assert set(r.loc[~r["holds"], "list"]) == {"both-2017", "central-literature", "genre"}
    prov = load_provenance().set_index("term")
    assert prov.loc["垃圾", "lists"] == "book" and prov.loc["垃圾", "national_reports"] == 4
    assert GENRE_MIN_REPORTS == 5 and "national-1983.txt" in PRESENCE_EXCLUDED
    # the order of the themes
    book = orders[(t["list"] == "book").reindex(orders.index)]
    genre = orders[(t["list"] == "genre").reindex(orders.index)]
    assert set(book) == {"ecology > energy > poverty"} and set(genre) == {
        "energy > ecology > poverty"
    }
    assert re.search(
        r"ecology ahead of energy with the book's list, energy ahead of ecology with the genre",
        text,
    )
