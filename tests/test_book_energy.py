"""The energy chapter's tables and glued values (workreport.book.energy)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from workreport.book import chapter, energy
from workreport.book.words import interval_words
from workreport.validation import load_paragraph_coding

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "01_energy.ipynb"


def findings(ch, coding=None):
    """Every section of the chapter, in the notebook's order."""
    v = energy.view(ch)
    q = energy.quantities(v)
    return [
        energy.intro(v),
        energy.subthemes(v),
        energy.false_positives(v, coding),
        energy.where(v),
        q,
        energy.capacity(v, q),
        energy.review_plan(v),
        energy.balance(v),
        energy.new_energy(v),
        energy.agenda(v),
        energy.transformation(v),
        energy.distinctive(v),
    ]


def glued(fs, *, is_project_report):
    out = {}
    for f in fs:
        out |= {k: f.text(k, is_project_report=is_project_report) for k in [*f.values, *f.claims]}
    return out


def markdown_keys(path, *, project_only):
    nb = json.loads(path.read_text(encoding="utf-8"))
    keys = set()
    for c in nb["cells"]:
        tags = c.get("metadata", {}).get("tags", [])
        if c["cell_type"] == "markdown" and (project_only or chapter.PROJECT_ONLY_TAG not in tags):
            keys |= set(re.findall(r"\{glue:text\}`([^`:]+)", "".join(c["source"])))
    return keys


@pytest.fixture(scope="module")
def real_chapter():
    return chapter.open_chapter(None, name="01_energy", display=False)


@pytest.fixture(scope="module")
def synthetic_chapter(synthetic_path):
    return chapter.open_chapter(synthetic_path, name="01_energy", display=False)


@pytest.fixture(scope="module")
def real_findings(real_chapter):
    return findings(real_chapter, load_paragraph_coding())


def test_every_claim_of_the_prose_holds_on_the_books_report(real_findings):
    stale = [k for f in real_findings for k, (holds, *_) in f.claims.items() if not holds]
    assert not stale


def test_every_key_the_prose_glues_is_computed_on_any_report(real_findings, synthetic_chapter):
    for fs, project in ((real_findings, True), (findings(synthetic_chapter), False)):
        keys = set(glued(fs, is_project_report=project))
        assert markdown_keys(NOTEBOOK, project_only=True) <= keys


def test_values_are_plain_text_without_template_artefacts(synthetic_chapter, no_numbers_path):
    other = chapter.open_chapter(no_numbers_path, name="01_energy", display=False)
    for ch in (synthetic_chapter, other):
        for key, text in glued(findings(ch), is_project_report=False).items():
            assert isinstance(text, str), key
            assert "(s)" not in text and "nan" not in text.split() and "None" not in text, key
            assert not re.search(r"\b0 and 0\b|\bthe no\b", text), (key, text)
            assert "山西" not in text and "Shanxi" not in text, (key, text)


def test_comparative_words_agree_with_their_intervals(real_findings):
    values = glued(real_findings, is_project_report=True)
    ratios = {
        f["ratios"]["part"].iloc[i]: f["ratios"].iloc[i]
        for f in real_findings
        if "ratios" in f.tables
        for i in range(3)
    }
    review = ratios["review"]
    assert values["energy_coal_per_new_review_words"] == interval_words(
        review["ci_low"], review["ci_high"]
    )
    assert values["energy_balance_shift_words"] == interval_words(
        ratios["plan / review"]["ci_low"], ratios["plan / review"]["ci_high"]
    )
    reading = values["energy_review_coal_cuts_reading"]
    words = values["energy_review_coal_cuts_words"]
    assert ("do not rank" in reading) == (words == "not distinguishable from")


def test_the_safety_rule_agrees_with_the_hand_coding(real_chapter):
    """Every paragraph the work-safety clause rule flags is coded as not about energy."""
    coding = load_paragraph_coding()
    f = energy.false_positives(energy.view(real_chapter), coding)
    flagged = f["flagged"]
    reason = real_chapter.config["false_positives"]["safety_reason"]
    safety = set(flagged.loc[flagged["why"] == reason, "paragraph_id"])
    notes = set(f["false"].loc[f["false"]["Hand coder's note"] != "–", "Paragraph"])
    assert safety and {f"¶{p}" for p in safety} <= notes


def test_a_passing_safety_word_in_another_clause_flags_nothing():
    text = "淘汰落后产能，提升安全生产水平。"
    assert energy.clause(text, 2, 6) == "淘汰落后产能"
    assert "安全" in energy.clause(text, 8, 12)


def _targets(periods):
    n = len(periods)
    return pd.DataFrame(
        {
            "theme": ["energy"] * n,
            "kind": ["target"] * n,
            "period": periods,
            "indicator": [f"能耗{i}" for i in range(n)],
            "verb": ["下降"] * n,
            "direction": ["down"] * n,
            "value": [3.0] * n,
            "unit": ["%"] * n,
            "binding": ["binding"] * n,
            "qualifier": [""] * n,
            "paragraph_id": list(range(n)),
            "part_label": ["plan"] * n,
        }
    )


def test_a_goal_for_a_later_year_is_no_target_of_the_plan_year():
    ch = SimpleNamespace(targets=_targets(["2025", "2030", "2021-2025"]), plan_year=2025, config={})
    v = energy.EnergyView(ch, pd.DataFrame(), pd.DataFrame(), {}, {})
    f = energy.quantities(v)
    assert list(f["binding"]["period"]) == ["2025"]
    assert f.values["energy_binding"].startswith("one is binding")
    assert "2030" in f.values["energy_later"] and "2021-2025" in f.values["energy_later"]
