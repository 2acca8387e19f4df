"""The poverty chapter's tables and glued values (workreport.book.poverty)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from workreport.book import chapter, poverty
from workreport.book.chapter import load_chapter_config
from workreport.book.words import interval_words

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "02_poverty.ipynb"


def findings(ch):
    """Every section of the chapter, in the notebook's order."""
    v = poverty.view(ch)
    return [
        poverty.intro(v),
        poverty.quantities(v),
        poverty.headlines(v),
        poverty.where(v),
        poverty.subthemes(v),
        poverty.instruments(v),
        poverty.commitments(v),
        poverty.campaign(v),
    ]


def glued(fs, *, is_project_report):
    out = {}
    for f in fs:
        out |= {k: f.text(k, is_project_report=is_project_report) for k in [*f.values, *f.claims]}
    return out


def markdown_keys(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    return {
        k
        for c in nb["cells"]
        if c["cell_type"] == "markdown"
        for k in re.findall(r"\{glue:text\}`([^`:]+)", "".join(c["source"]))
    }


@pytest.fixture(scope="module")
def real_chapter():
    return chapter.open_chapter(None, name="02_poverty", display=False)


@pytest.fixture(scope="module")
def real_findings(real_chapter):
    return findings(real_chapter)


@pytest.fixture(scope="module")
def other_chapters(synthetic_path, tmp_path_factory):
    from conftest import NO_NUMBERS

    empty = tmp_path_factory.mktemp("reports") / "no_numbers.txt"
    empty.write_text(NO_NUMBERS, encoding="utf-8")
    return [
        chapter.open_chapter(p, name="02_poverty", display=False) for p in (synthetic_path, empty)
    ]


def test_every_claim_of_the_prose_holds_on_the_books_report(real_findings):
    stale = [k for f in real_findings for k, (holds, *_) in f.claims.items() if not holds]
    assert not stale


def test_every_key_the_prose_glues_is_computed_on_any_report(real_findings, other_chapters):
    wanted = markdown_keys(NOTEBOOK)
    assert wanted <= set(glued(real_findings, is_project_report=True))
    for ch in other_chapters:
        assert wanted <= set(glued(findings(ch), is_project_report=False))


def test_values_are_plain_text_without_template_artefacts(other_chapters):
    for ch in other_chapters:
        for key, text in glued(findings(ch), is_project_report=False).items():
            assert isinstance(text, str), key
            assert "(s)" not in text and "nan" not in text.split() and "None" not in text, key
            assert not re.search(r"\b0 of (its|the report's) 0\b|\b0 and 0\b", text), (key, text)
            assert "山西" not in text and "Shanxi" not in text, (key, text)


def test_the_instruments_come_from_a_named_external_source():
    cfg = load_chapter_config("02_poverty")
    assert "十三五" in cfg["instrument_source"]["title"]
    assert all(i.get("chapter") and i.get("pattern") for i in cfg["instruments"])
    assert len({i["name"] for i in cfg["instruments"]}) == len(cfg["instruments"])


def test_absent_instruments_are_those_never_named(real_findings):
    f = next(f for f in real_findings if "instruments" in f.tables)
    table = f["instruments"]
    absent = table.loc[table["Sentences"] == 0, "Instrument"]
    n_found = int((table["Sentences"] > 0).sum())
    assert f.values["poverty_instruments_found"] == f"{n_found} of the {len(table)}"
    assert all(name in f.values["poverty_instruments_absent"] for name in absent)
    assert n_found < len(table), "an external list that a report names in full is suspicious"


def test_the_rate_ratio_is_worded_by_its_interval(real_findings, other_chapters):
    for fs in (real_findings, *(findings(ch) for ch in other_chapters)):
        f = next(f for f in fs if "poverty_ci" in f.values)
        ci = f.values["poverty_ci"]
        words = f.values["poverty_rate_ratio_words"]
        if "–" in ci:
            low, high = (float(x) for x in ci.split("–"))
            assert words == interval_words(low, high)
        reading = f.values["poverty_rate_ratio_reading"]
        assert ("do not tell" in reading) == (words == "not distinguishable from")


def _targets(rows):
    cols = ["period", "kind", "indicator", "verb", "part_label"]
    t = pd.DataFrame(rows, columns=cols)
    n = len(t)
    for c in ("value_low", "value_high", "reference_value", "end", "text_start", "text_end"):
        t[c] = 0.0
    t["numeral"], t["text"] = "arabic", ""
    return t.assign(
        theme="poverty",
        direction="up",
        value=[10.0 * (i + 1) for i in range(n)],
        value_base=[1e5 * (i + 1) for i in range(n)],
        base_unit="人",
        unit="万人",
        qualifier="",
        firmness="plain",
        binding="",
        estimate=False,
        paragraph_id=list(range(n)),
        start=list(range(n)),
        sentence_id=list(range(n)),
    )


def test_a_goal_for_a_later_year_is_no_headline_target():
    rows = [
        ["2024", "result", "贫困人口", "脱贫", "review"],
        ["2030", "target", "贫困人口", "脱贫", "plan"],
    ]
    ch = SimpleNamespace(
        targets=None,
        plan_year=2025,
        year_of=lambda part: {"review": 2024, "plan": 2025}[part],
        label=lambda kind: kind,
        config=load_chapter_config("02_poverty"),
    )
    v = poverty.PovertyView(ch, pd.DataFrame(), _targets(rows))
    f = poverty.headlines(v)
    assert f.values["poverty_people_result"] == "100,000"
    assert f.values["poverty_people_target"] == "not stated"
