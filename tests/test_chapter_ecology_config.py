"""The ecology chapter's data files (data/chapters/03_ecology.toml for the first page,
03b_ecology_commitments.toml for the second) are usable as the notebooks read them: their
patterns compile with the groups the notebooks take from them, the lexicon terms they name are
terms of the theme lexicon, and their lists have the fields the notebooks use."""

from __future__ import annotations

import re

import pytest

from workreport.book.chapter import load_chapter_config
from workreport.themes import load_lexicon

CONFIG = load_chapter_config("03_ecology")
PAGE2 = load_chapter_config("03b_ecology_commitments")


def test_the_files_exist_and_have_their_sections():
    assert {"subthemes", "index_metaphors", "false_positives", "network"} <= set(CONFIG)
    assert {"institutions", "binding", "figures"} <= set(PAGE2)


def test_subtheme_orders_name_ecology_subthemes():
    lex = load_lexicon()
    ecology = set(lex.loc[lex["theme"] == "ecology", "subtheme"])
    assert set(CONFIG["subthemes"]) <= ecology
    assert set(CONFIG["network"]["order"]) <= ecology


@pytest.mark.parametrize("inst", PAGE2["institutions"], ids=lambda i: i["name"])
def test_institutions_have_a_pattern_and_lexicon_terms(inst):
    assert {"name", "zh", "pattern", "terms"} <= set(inst)
    re.compile(inst["pattern"])
    terms = set(load_lexicon()["term"])
    missing = [t for t in inst["terms"] if t not in terms]
    assert not missing, f"{inst['name']}: not lexicon terms: {missing}"
    # the usual Chinese name is found by the institution's own pattern
    assert re.search(inst["pattern"], inst["zh"]), inst["zh"]


@pytest.mark.parametrize(
    ("key", "group", "example"),
    [
        ("review_met", "items", "约束性指标中，甲、乙，丙等指标均完成年度任务。"),
        ("review_missed", "item", "丁比例未完成年度任务，其中"),
        ("cities_met", "names", "其中，大同、吕梁、忻州三市完成年度任务"),
        ("cities_met", "names", "其中，大同、吕梁两市完成年度任务"),
        ("cities_missed", "names", "阳泉、长治八市未完成年度任务"),
        ("area", "area", "环境质量方面，包括甲比例"),
    ],
)
def test_binding_patterns_capture_their_group(key, group, example):
    m = re.search(PAGE2["binding"][key], example)
    assert m is not None and m.group(group)


@pytest.mark.parametrize(
    ("text", "is_cue"),
    [
        ("约束性指标是：资源节约方面", True),
        ("约束性指标为：", True),
        ("约束性指标：", True),
        ("约束性指标既是转型的标尺", False),
        ("约束性指标中，", False),
    ],
)
def test_the_plan_cue_opens_a_list_only(text, is_cue):
    assert bool(re.search(PAGE2["binding"]["plan_cue"], text)) is is_cue


def test_no_figure_wording_and_areas():
    assert re.fullmatch(PAGE2["binding"]["no_figure"], "完成国家下达任务")
    assert PAGE2["binding"]["environment_area"] in PAGE2["binding"]["areas"]


def test_false_positive_notes_are_keyed_by_paragraph_number():
    assert all(k.isdigit() and v for k, v in CONFIG["false_positives"].items())


def test_metaphors_hold_an_environment_word():
    from workreport.themes import load_env_terms

    words = list(load_env_terms()["term"])
    for m in CONFIG["index_metaphors"]:
        assert any(w in m["zh"] for w in words), m["zh"]
        assert m["en"]
