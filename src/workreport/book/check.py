"""Check an executed chapter against the report it ran on: nothing false, nothing missing.

A chapter run on a report the book was not written about must not say anything that only
fits the book's own report. :func:`check_notebook` reads an executed notebook (after the cells
tagged :data:`workreport.book.chapter.PROJECT_ONLY_TAG` were dropped, as the book built for
another report drops them) and returns one row per problem, by these rules:

``missing-glue``
    a ``{glue…}`` role in the prose names a key that no cell glued.
``template-year``
    a year typed in the prose (not glued, not in a citation role or inline code; a decade such
    as "the 2010s" is not a year) that the report's text does not contain and that is not in
    ``allowed_years``. Glued years are computed, so trusted.
``foreign-place``
    a province (Chinese or English name, ``src/workreport/data/places.csv``; not Hong Kong,
    Macau or Taiwan, which no government work report of this genre comes from) in the
    prose or a glued value that is not the report's own place and that its text never names
    (only the typed prose of a chapter whose notebook metadata sets
    ``workreport.compares_places``: it names other places by design).
``missing-paragraph``
    a ``¶n`` reference (typed, glued or in an output) to a paragraph the report does not have.
``contradiction``
    a sentence that words a ratio as indistinguishable from 1 ("cannot be told apart", "not
    distinguishable", "do not rank") next to a single interval that excludes 1, or as "above 1" /
    "below 1" next to an interval that does not lie above / below 1.
``artefact``
    template wording in the prose (inline code aside): ``word(s)``, ``0 and 0``, ``nan``,
    ``None``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pandas as pd

from .chapter import PROJECT_ONLY_TAG, _places, place_of

if TYPE_CHECKING:
    from ..report import Report

__all__ = [
    "PROBLEM_COLUMNS",
    "check_notebook",
    "drop_project_only",
    "glued_values",
    "rendered_prose",
]

#: The columns of :func:`check_notebook`'s table: the rule broken, where, and what was found.
PROBLEM_COLUMNS = ["rule", "where", "detail"]

_GLUE_ROLE = re.compile(r"\{glue(?::(?:text|md|figure|math))?\}`([^`]+)`")
_GLUE_DIRECTIVE = re.compile(r"```\{glue(?::(?:figure|math|md))?\}\s+([^\s`]+)")
_CITE = re.compile(r"\{cite(?::\w+)?\}`[^`]*`|\{(?:numref|ref|doc|download|term)\}`[^`]*`")
_URL = re.compile(r"https?://\S+|\]\([^)]*\)")
_YEAR = re.compile(r"(?<![\d.¶])(19[4-9]\d|20[0-4]\d)(?![\d%s])")  # "2010s" is a decade
_CODE = re.compile(r"``?[^`]+``?")  # inline code: names and literals, not prose
_PARA = re.compile(r"¶\s*(\d+)")
_NUM = r"(-?\d[\d,]*(?:\.\d+)?)"
_INTERVAL = re.compile(_NUM + r"\s*(?:–|—|-|to)\s*" + _NUM)
_NEUTRAL = re.compile(
    r"cannot be told apart|not distinguishable|indistinguishable|do(?:es)? not rank", re.I
)
_ABOVE_ONE = re.compile(r"\babove 1\b")
_BELOW_ONE = re.compile(r"\bbelow 1\b")
_ARTEFACTS = (
    re.compile(r"[a-z]\(s\)"),
    re.compile(r"\b0 and 0\b"),
    re.compile(r"\bnan\b"),
    re.compile(r"\bNone\b"),
)


def drop_project_only(nb: Any) -> Any:
    """The notebook without its cells tagged ``project-report-only`` (in place; returned)."""
    nb.cells = [
        c for c in nb.cells if PROJECT_ONLY_TAG not in c.get("metadata", {}).get("tags", [])
    ]
    return nb


def _plain(value: str) -> str:
    try:
        out = ast.literal_eval(value)
    except (ValueError, SyntaxError):
        return value
    return out if isinstance(out, str) else value


def glued_values(nb: Any) -> dict[str, str]:
    """Every key glued by the notebook's outputs, with its plain-text value (``""`` for a
    figure)."""
    out: dict[str, str] = {}
    for cell in nb.cells:
        for o in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            meta = o.get("metadata", {}).get("scrapbook")
            if not meta:
                continue
            data = o.get("data", {})
            prefix = meta.get("mime_prefix", "")
            text = data.get(f"{prefix}text/plain", "")
            is_figure = f"{prefix}image/png" in data
            out[meta["name"]] = "" if is_figure else _plain(str(text))
    return out


def _markdown_outputs(nb: Any) -> list[str]:
    texts = []
    for cell in nb.cells:
        for o in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            if o.get("metadata", {}).get("scrapbook"):
                continue
            md = o.get("data", {}).get("text/markdown")
            if md:
                texts.append(md if isinstance(md, str) else "".join(md))
    return texts


def rendered_prose(nb: Any, glued: dict[str, str] | None = None) -> list[str]:
    """Each markdown cell's text as a reader sees it: glue roles replaced by their values,
    citation and cross-reference roles and link targets removed."""
    glued = glued_values(nb) if glued is None else glued
    out = []
    for cell in nb.cells:
        if cell.get("cell_type") != "markdown":
            continue
        text = _GLUE_ROLE.sub(lambda m: glued.get(_key(m.group(1))[1], ""), cell.source)
        out.append(_CODE.sub(" ", _URL.sub("", _CITE.sub("", text))))
    return out


def _typed_prose(nb: Any) -> list[str]:
    return [
        _CODE.sub(" ", _URL.sub("", _CITE.sub("", _GLUE_ROLE.sub(" ", c.source))))
        for c in nb.cells
        if c.get("cell_type") == "markdown"
    ]


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.;。；])\s+|\n\s*\n", text) if s.strip()]


def _number(s: str) -> float:
    return float(s.replace(",", ""))


def _contradiction(sentence: str) -> str:
    if "ratio" not in sentence.lower():
        return ""
    intervals = [(_number(a), _number(b)) for a, b in _INTERVAL.findall(sentence)]
    intervals = [(lo, hi) for lo, hi in intervals if lo <= hi]
    if len(intervals) != 1:
        return ""
    lo, hi = intervals[0]
    if _NEUTRAL.search(sentence) and not lo <= 1 <= hi:
        return f"neutral wording beside {lo:g}–{hi:g}, which excludes 1"
    if _ABOVE_ONE.search(sentence) and not lo > 1:
        return f"'above 1' beside {lo:g}–{hi:g}"
    if _BELOW_ONE.search(sentence) and not hi < 1:
        return f"'below 1' beside {lo:g}–{hi:g}"
    return ""


def _key(role: str) -> tuple[str, str]:
    """``(notebook, key)`` of a glue role's target: ``path::key:fmt`` names another notebook's
    key (notebook = the path's file stem), ``key:fmt`` this one's (notebook ``""``)."""
    path, _, rest = role.rpartition("::")
    key = rest.split(":")[0]
    return (path.rsplit("/", 1)[-1].removesuffix(".ipynb") if path else ""), key


def check_notebook(
    nb: Any,
    report: Report,
    *,
    allowed_years: Iterable[int] = (),
    where: str = "",
    others: dict[str, dict[str, str]] | None = None,
) -> pd.DataFrame:
    """The problems of an executed chapter ``nb`` run on ``report`` (rules in the module's
    docstring), one row each (columns :data:`PROBLEM_COLUMNS`); empty when there are none.

    ``others`` maps another notebook's file stem to its :func:`glued_values`, for glue roles
    that name a key of another page (``../notebooks/05_context.ipynb::key``)."""
    glued = glued_values(nb)
    others = others or {}
    prose = rendered_prose(nb, glued)
    typed = _typed_prose(nb)
    outputs = _markdown_outputs(nb)
    rows: list[tuple[str, str, str]] = []
    for cell in nb.cells:
        if cell.get("cell_type") != "markdown":
            continue
        for role in _GLUE_ROLE.findall(cell.source) + _GLUE_DIRECTIVE.findall(cell.source):
            page, key = _key(role)
            if key not in (others.get(page, {}) if page else glued):
                rows.append(("missing-glue", where, role))
    allowed = {int(y) for y in allowed_years}
    for text in typed:
        for y in sorted(set(_YEAR.findall(text))):
            if int(y) not in allowed and y not in report.text:
                rows.append(("template-year", where, y))
    own = place_of(report)
    everything = prose + outputs + [v for v in glued.values() if v]
    # a chapter that sets its report among other places (notebook metadata
    # ``workreport.compares_places``) names them in its tables and glued lists by design; its
    # typed prose is still checked
    compares = bool(nb.metadata.get("workreport", {}).get("compares_places"))
    for p in _places():
        # provinces only: Hong Kong, Macau and Taiwan are named in descriptions of the national
        # report's sections, and give no government work report a chapter could mistake
        if p.level != "province" or p.zh == "台湾" or p.zh == own.zh or p.zh in report.text:
            continue
        en = re.compile(rf"\b{re.escape(p.en)}\b")
        for text in typed if compares else everything:
            if p.zh in text or en.search(text):
                rows.append(("foreign-place", where, f"{p.zh} ({p.en})"))
                break
    ids = set(report.paragraphs["paragraph_id"].astype(int))
    for text in everything:
        for n in _PARA.findall(text):
            if int(n) not in ids:
                rows.append(("missing-paragraph", where, f"¶{n}"))
    for text in prose:
        for sentence in _sentences(text):
            why = _contradiction(sentence)
            if why:
                rows.append(("contradiction", where, f"{why}: {sentence.strip()[:160]}"))
            for rx in _ARTEFACTS:
                m = rx.search(sentence)
                if m:
                    rows.append(("artefact", where, f"{m.group(0)!r} in: {sentence.strip()[:120]}"))
    return pd.DataFrame(rows, columns=PROBLEM_COLUMNS).drop_duplicates(ignore_index=True)
