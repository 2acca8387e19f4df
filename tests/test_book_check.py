"""The chapter checker finds each kind of planted falsehood, and nothing in a clean chapter."""

from __future__ import annotations

from types import SimpleNamespace

import nbformat
import pandas as pd
import pytest

from workreport.book.chapter import PROJECT_ONLY_TAG
from workreport.book.check import check_notebook, drop_project_only, glued_values


def report(text="河南省政府工作报告。2024年全省生产总值增长5%。2025年目标5.5%左右。", n=3):
    return SimpleNamespace(
        name="2025年河南省政府工作报告.docx",
        title="",
        text=text,
        speaker_office="省长",
        paragraphs=pd.DataFrame({"paragraph_id": range(1, n + 1)}),
    )


def glue_output(key, value):
    return nbformat.v4.new_output(
        "display_data",
        data={"application/papermill.record/text/plain": repr(value)},
        metadata={"scrapbook": {"name": key, "mime_prefix": "application/papermill.record/"}},
    )


def notebook(markdown, glued=None, tags=None):
    code = nbformat.v4.new_code_cell("pass")
    code.outputs = [glue_output(k, v) for k, v in (glued or {}).items()]
    md = nbformat.v4.new_markdown_cell(markdown)
    if tags:
        md.metadata["tags"] = tags
    nb = nbformat.v4.new_notebook()
    nb.cells = [code, md]
    return nb


def rules(nb, **kw):
    return sorted(check_notebook(nb, report(), **kw)["rule"])


def test_a_clean_chapter_passes():
    nb = notebook(
        "In {glue:text}`year` the ratio was {glue:text}`ratio` ({glue:text}`ci`), "
        "{glue:text}`words` 1 (¶2). See {cite:t}`li2019`, 1998.",
        {"year": "2025", "ratio": "1.4", "ci": "1.1–1.9", "words": "above"},
    )
    assert rules(nb, allowed_years=[1998]) == []


@pytest.mark.parametrize(
    ("markdown", "glued", "rule"),
    [
        ("Coal in {glue:text}`nowhere`.", {}, "missing-glue"),
        ("In 2016 the province cut coal.", {}, "template-year"),
        ("Shanxi cut coal.", {}, "foreign-place"),
        ("{glue:text}`who` cut coal.", {"who": "山西"}, "foreign-place"),
        ("As ¶7 says.", {}, "missing-paragraph"),
        ("As {glue:text}`p` says.", {"p": "¶9"}, "missing-paragraph"),
        ("The ratio is 2.1 (1.3–3.0): the data do not rank the two.", {}, "contradiction"),
        ("The ratio, 0.9 (0.6–1.4), is above 1.", {}, "contradiction"),
        ("The ratio, 1.2 (1.05–1.4), is below 1.", {}, "contradiction"),
        ("It has 1 subtheme(s).", {}, "artefact"),
        ("It has 0 and 0 of these.", {}, "artefact"),
        ("The value is {glue:text}`v`.", {"v": "nan"}, "artefact"),
    ],
)
def test_each_planted_defect_is_found(markdown, glued, rule):
    assert rule in rules(notebook(markdown, glued))


def test_the_reports_own_place_and_years_pass():
    nb = notebook("河南 (Henan) in 2024 and 2025: ¶1–¶3.")
    assert rules(nb) == []


def test_project_only_cells_are_dropped_before_the_check():
    nb = notebook("Shanxi in 2016, ¶26.", tags=[PROJECT_ONLY_TAG])
    assert "foreign-place" in rules(nb)
    assert rules(drop_project_only(nb)) == []


def test_glue_of_another_page_is_resolved():
    nb = notebook("{glue:text}`../notebooks/05_context.ipynb::n:s` reports.")
    assert rules(nb) == ["missing-glue"]
    assert rules(nb, others={"05_context": {"n": "57"}}) == []


def test_glued_values_reads_strings_and_figures():
    nb = notebook("", {"a": "x"})
    fig = nbformat.v4.new_output(
        "display_data",
        data={"image/png": "iVBOR", "text/plain": "<Figure>"},
        metadata={"scrapbook": {"name": "f", "mime_prefix": ""}},
    )
    nb.cells[0].outputs.append(fig)
    assert glued_values(nb) == {"a": "x", "f": ""}


def test_a_chapter_that_compares_places_is_checked_in_its_typed_prose_only():
    nb = notebook("Ranked: {glue:text}`list`.", {"list": "山西, 陕西"})
    assert "foreign-place" in rules(nb)
    nb.metadata["workreport"] = {"compares_places": True}
    assert rules(nb) == []
    nb.cells[1].source += " Shanxi leads."
    assert rules(nb) == ["foreign-place"]
