"""The glossary's lexicon sections reproduce the theme lexicon: same terms, same subthemes."""

from __future__ import annotations

import re
from pathlib import Path

from workreport.themes import load_lexicon

GLOSSARY = Path(__file__).resolve().parents[1] / "book" / "glossary.md"
SECTIONS = {"Energy transition": "energy", "Poverty alleviation": "poverty", "Ecology": "ecology"}


def _glossary_rows() -> dict[str, str]:
    rows: dict[str, str] = {}
    theme = None
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            theme = SECTIONS.get(line[3:].strip())
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if theme and len(cells) == 4 and cells[0] not in ("Chinese", "---"):
            rows[cells[0]] = cells[3]
    return rows


def test_glossary_reproduces_the_lexicon():
    lex = load_lexicon()
    rows = _glossary_rows()
    expected = {
        t: f"{th} ({sub.replace('_', ' ')})"
        for t, th, sub in zip(lex["term"], lex["theme"], lex["subtheme"], strict=True)
    }
    assert sorted(set(rows) - set(expected)) == [], "glossary terms not in the lexicon"
    assert sorted(set(expected) - set(rows)) == [], "lexicon terms missing from the glossary"
    wrong = {t: (rows[t], expected[t]) for t in expected if rows[t] != expected[t]}
    assert wrong == {}


def test_glossary_cells_have_pinyin_and_english():
    text = GLOSSARY.read_text(encoding="utf-8")
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and re.match(r"^[\u4e00-\u9fff]", cells[0]):
            assert cells[1] and cells[2], line
