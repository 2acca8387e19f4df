"""The ecology chapter's tables (workreport.book.ecology): each checked against an
independent count on a small planted report, and on the wording it chooses from the data."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from workreport.book import ecology
from workreport.book.chapter import load_chapter_config
from workreport.book.words import interval_words
from workreport.pipeline import analyse
from workreport.report import load_text
from workreport.targets import pair_results_targets
from workreport.themes import load_lexicon

PLANTED = (
    "政府工作报告\n\n"
    "　　各位代表：\n\n"
    "　　一、2024年工作回顾\n\n"
    "　　约束性指标中，单位生产总值能耗降低，主要污染物排放减少等指标均完成年度任务。"
    "优良天数比例未完成年度任务，其中，甲城、乙城两市完成，丙城、丁城、戊城三市未完成。\n\n"
    "　　加强大气污染防治，推进煤炭清洁利用和节能减排。完成造林100万亩。\n\n"
    "　　二、2025年工作安排\n\n"
    "　　约束性指标是：资源节约方面，单位生产总值能耗下降3%。"
    "环境质量方面，细颗粒物浓度，完成国家下达任务。\n\n"
    "　　全面推行河长制，探索生态保护补偿。坚决整治政治生态。完成造林100万亩。\n"
)
PAGE2 = load_chapter_config("03b_ecology_commitments")


@pytest.fixture(scope="module")
def planted():
    return analyse(load_text(PLANTED, name="planted.txt"))


def test_index_rules_agree_with_the_analysis(planted):
    df, values = ecology.index_rules(planted)
    assert df["Environment words found"].iloc[0] == len(planted.env_matches)
    assert values["ecology_env_index"] == f"{planted.env_index:.2f}%"
    assert df["Index (% of words)"].tolist() == [planted.env_index, planted.env_index_substring]


def test_index_terms_show_only_words_found(planted):
    df, values = ecology.index_terms(planted)
    assert (df["Substrings"] > 0).all()
    assert df["Whole words"].sum() == len(planted.env_matches)
    for term in values["ecology_env_never"].split("、"):
        assert term not in planted.report.text


def test_metaphor_hits_are_counted_inside_the_compound_only(planted):
    metaphors = [{"zh": "政治生态", "en": "political climate"}, {"zh": "金融生态", "en": "x"}]
    values = ecology.index_metaphors(planted, metaphors)
    # 生态 occurs once inside 政治生态; 金融生态 never occurs
    assert values["ecology_env_metaphor_sub"] == "1"
    assert values["ecology_env_metaphor_sub_list"] == "政治生态 ×1, political climate"
    assert ecology.index_metaphors(planted, [])["ecology_env_metaphor_token_list"] == "none"


def test_index_by_part_words_the_ratio_by_its_interval(real_analysis):
    df, values = ecology.index_by_part(real_analysis, review="R", plan="P")
    assert list(df.columns)[1:3] == [
        "R: index, % (environment words)",
        "P: index, % (environment words)",
    ]
    for suffix in ("", "_sub"):
        low, high = (float(x) for x in values[f"ecology_env_ci{suffix}"].split("–"))
        assert values[f"ecology_env_cmp{suffix}"] == interval_words(low, high)


def test_subtheme_table_says_what_the_largest_subtheme_is(planted):
    eco = planted.matches[planted.matches["theme"] == "ecology"]
    largest = eco["subtheme"].value_counts().sort_index().idxmax()
    terms = set(eco.loc[eco["subtheme"] == largest, "term"])
    _, none = ecology.subtheme_table(planted, [], [])
    assert "none names an institution" in none["ecology_sub_largest"]
    _, everyone = ecology.subtheme_table(planted, [], terms)
    assert "all of them name an institution" in everyone["ecology_sub_largest"]
    assert "(s)" not in everyone["ecology_sub_apart_n"]


def test_subtheme_table_keeps_the_data_files_order(planted):
    df, values = ecology.subtheme_table(planted, ["water", "air"], [])
    assert df["Subtheme"].tolist()[:2] == ["水 (water)", "大气 (air)"]
    lex = load_lexicon()
    n = lex.loc[lex["theme"] == "ecology", "subtheme"].nunique()
    assert values["ecology_lexicon_subthemes"] == f"{n} subthemes"


def _units(rates: dict[str, int]) -> pd.DataFrame:
    return pd.DataFrame(
        {"block": list(rates), "subtheme": "air", "matches": list(rates.values()), "tokens": 100}
    )


@pytest.mark.parametrize(
    ("rates", "words"),
    [
        ({"1": 8, "2": 2, "3": 0}, "Ecology is concentrated in one block"),
        ({"1": 3, "2": 2}, "Ecology is spread over several blocks"),
        ({"1": 3, "2": 0}, "Ecology is in one block only"),
        ({"1": 0}, "No block holds ecology terms"),
    ],
)
def test_block_values_word_the_concentration_from_the_rates(rates, words):
    values = ecology.block_values(_units(rates), {}, sum(rates.values()), set())
    assert values["ecology_concentrated"] == words
    assert values["ecology_blocks_without"] == str(sum(v == 0 for v in rates.values()))


def test_block_values_note_the_binding_block():
    values = ecology.block_values(_units({"1": 8, "2": 2}), {}, 10, {"2"})
    assert "binding indicators" in values["ecology_second_note"]


def test_strongest_links_word_ties():
    nodes = pd.DataFrame(
        {"term": ["00 air", "01 soil", "02 coal"], "label": ["air", "soil", "coal"]}
    )
    tie = pd.DataFrame(
        {"a": ["00 air", "00 air"], "b": ["01 soil", "02 coal"], "sentences": [2, 2]}
    )
    values = ecology.strongest_values(tie, nodes, 5)
    assert values["ecology_network_strongest"] == "air – soil and air – coal (2 sentences each)"
    assert values["ecology_network_strongest_said"].startswith("The strongest links are air")
    one = ecology.strongest_values(tie.head(1), nodes, 1)
    assert (
        one["ecology_network_strongest_said"] == "The strongest link is air – soil (2 sentences)."
    )
    none = ecology.strongest_values(tie.iloc[:0], nodes, 0)
    assert none["ecology_network_strongest_said"] == "No link involves an ecology subtheme."


def test_network_data_keeps_ecology_links(planted):
    pairs, nodes = ecology.network_data(planted.matches, ["air"])
    theme = nodes.set_index("term")["theme"]
    assert ((pairs["a"].map(theme) == "ecology") | (pairs["b"].map(theme) == "ecology")).all()
    assert "大气 (air)" in set(nodes["label"])
    assert nodes["term"].iloc[0] == "00 air"


def test_energy_sentences_hold_both_themes(planted):
    df, values = ecology.energy_sentences(planted)
    assert (df["Ecology terms"] != "").all() and (df["Energy terms"] != "").all()
    assert values["ecology_energy_sentences"] in {"one sentence", f"{len(df)} sentences"}


def test_term_groups_share_their_sentences(real_analysis):
    df, values = ecology.term_groups(real_analysis)
    assert (df["Shared sentences"] >= 2).all()
    assert values["ecology_term_groups"] == str(len(df))


def test_institutions_found_by_pattern_and_by_lexicon(planted):
    df, values = ecology.institution_table(planted, PAGE2["institutions"])
    found = df[df["Paragraphs (sentences)"] != "–"]["Institution"].tolist()
    assert found == ["river chief system", "ecological compensation"]
    assert values["ecology_institutions_found"] == "2"
    assert values["ecology_institutions_all_plan"].startswith("the sentence is in the plan part")
    assert values["ecology_institution_sentences"] == "one sentence"
    said = values["ecology_institutions_said"]
    assert said.startswith("2 of the 8 institutions appear, in one sentence, in ¶")
    assert "(s)" not in said and "no institutions" not in said


def test_institutions_none_found(synthetic_analysis):
    none = [{"name": "x", "zh": "某某制", "pattern": "某某制", "terms": []}]
    _, values = ecology.institution_table(synthetic_analysis, none)
    assert (
        values["ecology_institutions_said"] == "No institution of the chapter's list (1) is named."
    )


def test_binding_lists_read_clause_by_clause(planted):
    df, values = ecology.binding_table(
        planted, planted.targets, PAGE2["binding"], review="2024 review", plan="2025 plan"
    )
    review = df[df["Part"] == "2024 review"]
    assert review["What the report says"].tolist() == [
        "met its annual target",
        "met its annual target",
        "missed its annual target",
    ]
    assert values["ecology_binding_review"] == (
        "In the review, 2 clauses of binding indicators met their annual targets and 1 did not."
    )
    plan = df[df["Part"] == "2025 plan"]
    assert plan["Area"].tolist() == ["resource saving", "environmental quality"]
    assert "down 3%" in plan["What the report says"].iloc[0]
    assert values["ecology_binding_env"].endswith("none of them carries a number.")


def test_the_missed_target_names_its_cities(planted):
    row, values = ecology.missed_binding(planted, planted.targets, PAGE2["binding"])
    assert row is not None and "未完成" in row["text"]
    assert values["ecology_missed_cities"].startswith("2 cities met the missed target")
    assert "and 3 did not" in values["ecology_missed_cities"]


def test_a_report_without_binding_lists_says_so(synthetic_analysis):
    df, values = ecology.binding_table(
        synthetic_analysis, synthetic_analysis.targets, PAGE2["binding"], review="r", plan="p"
    )
    assert df.empty
    assert values["ecology_binding_review"].startswith("The review reports no")
    row, said = ecology.missed_binding(synthetic_analysis, synthetic_analysis.targets, {})
    assert row is None and said["ecology_missed_cities"] == ""


def test_figure_table_pairs_the_afforestation_figures(planted):
    pairs = pair_results_targets(planted.targets)
    df, values = ecology.figure_table(
        planted.targets, pairs, afforestation="造林", review="r", plan="p"
    )
    e = planted.targets[planted.targets["theme"] == "ecology"]
    assert len(df) == len(e) and values["ecology_n_figures"] == str(len(e))
    if values["ecology_afforest"].startswith("none"):
        assert not re.search("造林", " ".join(e["indicator"]))
    else:
        assert "the same figure again" in values["ecology_afforest"]


def test_validity_without_a_coding_says_so(planted):
    values = ecology.validity_values(planted, None, {})
    assert "no hand coding" in values["ecology_validity_said"]
    assert values["ecology_precision_note"] == ""


def test_validity_with_the_coding_lists_the_false_positives(real_analysis):
    from workreport.validation import load_paragraph_coding

    values = ecology.validity_values(real_analysis, load_paragraph_coding(), {"1": "x"})
    said = values["ecology_false_pos_said"]
    n = int(re.search(r"flags (\d+) paragraphs", said).group(1))
    assert said.count("¶") == n
    low, high = (
        float(x)
        for x in re.search(
            r"precision is [\d.]+ \(([\d.]+)–([\d.]+)\)", values["ecology_validity_said"]
        ).groups()
    )
    assert low <= float(values["ecology_precision_note"].split()[-1].rstrip(")")) <= high


def test_reform_plan_systems_counts_what_the_report_names():
    from types import SimpleNamespace

    from workreport.book.ecology import reform_plan_systems

    report = SimpleNamespace(
        sentences=pd.DataFrame(
            {
                "sentence_id": [1, 2],
                "paragraph_id": [3, 5],
                "n": [1, 1],
                "text": ["全面推行河长制。", "探索生态补偿机制。"],
                "start": [0, 10],
            }
        ),
        paragraphs=pd.DataFrame({"paragraph_id": [3, 5], "part_label": ["plan", "plan"]}),
    )
    systems = [
        {"name": "governance", "zh": "环境治理体系", "pattern": "河长制"},
        {"name": "compensation", "zh": "生态补偿制度", "pattern": "生态(?:保护)?补偿"},
        {"name": "market", "zh": "市场体系", "pattern": "排污权"},
    ]
    df, values = reform_plan_systems(SimpleNamespace(report=report), systems)
    assert values["ecology_plan_systems_named"] == "2 of the 3"
    assert values["ecology_plan_systems_absent"] == "市场体系 (market)"
    assert df["Paragraphs (sentences)"].tolist() == ["¶3 (1)", "¶5 (1)", "not named"]
