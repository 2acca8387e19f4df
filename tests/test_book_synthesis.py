"""The synthesis chapter's assembly (workreport.book.synthesis): the same glue keys on every
report, claims that hold on the book's report, counts that add up, and wording chosen by the
numbers."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

import workreport as wr
from workreport import context
from workreport.book import chapter
from workreport.book import synthesis as syn
from workreport.resources import data_dir

ROOT = Path(__file__).resolve().parents[1]
SYNTHETIC = ROOT / "tests" / "data" / "synthetic_report.txt"


def _sections(ch: chapter.Chapter) -> list:
    report, quotes = ch.report, ch.config.get("quotes", {})
    targets = syn.with_sentences(ch.targets, report.sentences)
    nat_year, nat_path = syn.nearest_national(context.report_year(ch.analysis, ch.path.name))
    b = wr.analyse(nat_path)
    label = (ch.label("result"), ch.label("target"))
    pairs = syn.result_pairs(targets)
    dashboard = syn.dashboard_findings(
        pairs,
        sub_annual=ch.config.get("sub_annual", ""),
        result_label=label[0],
        target_label=label[1],
    )
    nat_pairs = context.compare_targets(
        ch.analysis.targets, b.targets, year=ch.plan_year or nat_year, national_year=nat_year
    )
    firmness = syn.firmness_findings(
        targets, b, short="x", national_label="y", plan_year=ch.plan_year
    )
    given = ch.is_project_report
    annotations = data_dir() / "annotations"
    return [
        syn.attention_findings(
            report,
            ch.analysis,
            b,
            short="x",
            nat_year=nat_year,
            review_year=ch.review_year,
            plan_year=ch.plan_year,
        ),
        syn.pairwise_findings(report, ch.analysis, draws=500),
        syn.section_findings(report, ch.analysis),
        syn.shift_findings(report, ch.analysis),
        syn.expectation_findings(targets, pairs, review_year=ch.review_year, result_label=label[0]),
        dashboard,
        syn.headline_findings(
            targets,
            nat_pairs,
            ch.config.get("headlines", []),
            result_label=label[0],
            target_label=label[1],
        ),
        syn.gdp_findings(nat_pairs, dashboard.data.get("nxt"), review_year=ch.review_year),
        firmness,
        syn.quote_findings(
            report, targets, firmness.data["binding"], quotes, review_year=ch.review_year
        ),
        syn.accuracy_findings(
            report, ch.analysis, annotations / "targets_gold.csv" if given else None
        ),
        syn.validity_findings(
            report, ch.analysis, annotations / "paragraph_themes.csv" if given else None
        ),
    ]


@pytest.fixture(scope="module")
def both():
    out = {}
    for name, path in (("book", None), ("synthetic", SYNTHETIC)):
        ch = chapter.open_chapter(path, name="04_synthesis", display=False)
        out[name] = _sections(ch)
    return out


def test_every_glue_key_and_claim_on_every_report(both):
    keys = {
        name: [(sorted(f.values), list(f.claims)) for f in found] for name, found in both.items()
    }
    assert keys["book"] == keys["synthetic"]
    for found in both.values():
        for f in found:
            assert all(isinstance(v, str) and v for v in f.values.values())
            assert not [v for v in f.values.values() if re.search(r"\bnan\b|\(s\)", v)]


def test_claims_hold_on_the_book_report(both):
    stale = [k for f in both["book"] for k, (holds, *_) in f.claims.items() if not holds]
    assert not stale


def test_without_annotations_nothing_is_measured(both):
    accuracy, validity = both["synthetic"][-2:]
    assert set(accuracy.values.values()) == {"not measured"} and not accuracy.tables
    assert set(validity.values.values()) == {"not measured"} and not validity.tables


def test_dashboard_counts_add_up(both):
    for found in both.values():
        g = found[5].values
        n = int(g["synthesis_n_pairs"])
        parts = int(g["synthesis_n_raised"]) + int(g["synthesis_n_kept"])
        parts += int(g["synthesis_n_no_change"])
        assert parts + int(g["synthesis_n_lowered"]) == n
        assert len(found[5].tables["dashboard"]) == n


def test_firmness_rows_count_the_plan_targets(both):
    firmness = both["book"][8]
    table = firmness.tables["firmness"]
    themes, total = table.iloc[:-2], table.iloc[-2]
    assert themes["Targets"].sum() == total["Targets"]
    assert int(firmness.values["synthesis_n_binding"]) == len(firmness.tables["binding"])


def test_with_sentences_puts_each_quantity_in_its_sentence(real_analysis):
    targets = syn.with_sentences(real_analysis.targets, real_analysis.report.sentences)
    s = real_analysis.report.sentences.set_index("sentence_id")
    starts = s.loc[targets["sentence_id"], "start"].to_numpy()
    assert (starts <= targets["start"].to_numpy()).all()
    assert (
        targets["paragraph_id"].to_numpy() == s.loc[targets["sentence_id"], "paragraph_id"]
    ).all()


def test_nearest_national_prefers_the_same_year_then_the_earlier(tmp_path):
    for y in (2015, 2017, 2020):
        (tmp_path / f"national-{y}.txt").write_text("x", encoding="utf-8")
    assert syn.nearest_national(2017, tmp_path)[0] == 2017
    assert syn.nearest_national(2016, tmp_path)[0] == 2015  # a tie: the earlier
    assert syn.nearest_national(2019, tmp_path)[0] == 2020
    assert syn.nearest_national(None, tmp_path)[0] == 2020


@pytest.mark.parametrize(
    ("result", "target", "qualifier", "direction", "said"),
    [
        (-3.0, -7.0, "", "down", "above (a smaller fall)"),
        (-8.0, -7.0, "", "down", "below (a larger fall)"),
        (3.5, 3.0, "以内", "", "above the ceiling"),
        (6.0, 6.0, "", "up", "equal"),
    ],
)
def test_versus_expectation(result, target, qualifier, direction, said):
    assert syn.versus_expectation(result, target, qualifier=qualifier, direction=direction) == said


def test_first_sentence_of_an_empty_pattern_is_none(real_report):
    assert syn.first_sentence(real_report.sentences, "") is None
    hit = syn.first_sentence(real_report.sentences, "煤炭")
    assert hit is not None and "煤炭" in hit["text"]
    assert isinstance(syn.result_pairs(pd.DataFrame()), pd.DataFrame)


def test_dependence_counts_the_genre_rows_a_claim_fails_in():
    """A claim that fails under some of the genre list's instruments says how many."""
    from types import SimpleNamespace

    row = dict(holds_in=20, rows=24, genre_rows=4, fails_under="genre;both-2017")
    fragile = SimpleNamespace(**row, holds_everywhere=False, holds_genre=False, genre_holds_in=3)
    said = syn._dependence(fragile)
    assert said.endswith("fails under the genre list in 1 of its 4") and "20 of 24" in said
    firm = SimpleNamespace(**row, holds_everywhere=False, holds_genre=True, genre_holds_in=4)
    assert syn._dependence(firm) == "holds under the genre list; fails under genre, both-2017"


def test_out_of_sample_findings_from_the_table():
    from workreport.validation import held_out_summary

    path = data_dir() / "derived" / "lexicon_validity_out_of_sample.csv"
    f = syn.out_of_sample_findings(path)
    table = pd.read_csv(path)
    s = held_out_summary(table).set_index(["lexicon", "rule", "role"])

    def cells(*key):
        return f"{int(s.loc[key, 'both_at_floor'])} of {int(s.loc[key, 'cells'])}"

    assert f.values["synthesis_oos_cells"] == cells("book", "any", "split")
    assert f.values["synthesis_oos_test_before"] == cells("book", "any", "test")
    assert f.values["synthesis_oos_earlier_before"] == cells("book", "any", "earlier-test")
    assert f.values["synthesis_oos_after_test"] == cells(*syn.REVISED, "test")
    tests = table.loc[table["role"] == "test", "report"].unique()
    assert f.values["synthesis_oos_test_reports"].count("'s report of") == len(tests)
    summary = f.tables["out_of_sample_summary"]
    assert len(summary) == len(s.reset_index()[["lexicon", "rule"]].drop_duplicates())
    # the book's table: the book's list before any revision, held-out halves only
    assert set(f.tables["out_of_sample"]["Report"]) == set(
        table.loc[table["role"] == "split", "report"]
    )
    missing = syn.out_of_sample_findings(None)
    assert set(missing.values.values()) == {"not measured"} and not missing.tables
