"""Helpers the book's notebooks share: display settings, English glosses, labels.

Translations are hand-made (``data/annotations/translations/*.csv``, columns ``zh,en``);
a Chinese string without one is shown without a gloss, so the notebooks run unchanged on
another report.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any

import pandas as pd

from .plotting import FIGURE_DPI, use_cjk_font
from .resources import data_dir
from .themes import load_lexicon

if TYPE_CHECKING:
    from .report import Report

__all__ = [
    "block_labels",
    "english_quantity",
    "glossed",
    "glue_text",
    "section_labels",
    "setup",
    "term_labels",
    "translate",
    "translations",
]


def setup() -> None:
    """Display settings for the notebooks: inline figures, CJK font, aligned Chinese.

    Inline figures (and glued ones) are PNG at :data:`workreport.plotting.FIGURE_DPI` dots
    per inch, sharp on high-density screens and in the PDF. PNG rather than SVG: an SVG is
    text that nbval would compare, and it embeds ids that change between runs.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with the book's environment
        get_ipython = None
    shell = get_ipython() if get_ipython else None
    if shell is not None:
        # glue() stores a figure's image only with the inline backend, whatever MPLBACKEND says
        shell.run_line_magic("matplotlib", "inline")
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        # the figure keeps its own dpi (so its repr is unchanged); only the PNG is denser
        set_matplotlib_formats("png", dpi=FIGURE_DPI)
    use_cjk_font()
    pd.set_option("display.unicode.east_asian_width", True)
    pd.set_option("display.max_colwidth", 80)
    pd.set_option("display.max_rows", 80)
    pd.set_option("display.width", 160)
    pd.set_option("display.precision", 3)


@cache
def translations() -> dict[str, str]:
    """All hand-made translations, Chinese → English."""
    out: dict[str, str] = {}
    folder = data_dir() / "annotations" / "translations"
    for path in sorted(folder.glob("*.csv")):
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        for zh, en in zip(df["zh"], df["en"], strict=True):
            if zh in out and out[zh] != en:
                raise ValueError(f"{path}: conflicting translation for {zh!r}")
            out[zh] = en
    return out


def translate(zh: str) -> str:
    """The English translation of a Chinese string, or ``""`` when there is none."""
    return translations().get(zh, "")


def glossed(df: pd.DataFrame, column: str, *, name: str | None = None) -> pd.DataFrame:
    """Add an English column next to a Chinese one (``"…"`` where untranslated)."""
    out = df.copy()
    pos = list(out.columns).index(column) + 1
    out.insert(pos, name or f"{column} (English)", [translate(z) or "…" for z in out[column]])
    return out


def block_labels(report: Report, *, english: bool = True) -> dict[str, str]:
    """Labels of the blocks of :func:`workreport.themes.theme_by_unit` (``unit="block"``):
    ``2.11 大力推进生态文明建设`` for a section, ``1 2016年工作回顾`` for a part outside its
    sections (``(opening)`` when the part has sections), each with its English gloss."""
    from .themes import block_of

    out = {}
    sections = report.sections.set_index(["part", "section"])["title"]
    with_sections = set(report.sections["part"])
    parts = report.parts.set_index("part")["title"]
    for block in block_of(report).cat.categories:
        part, _, sec = block.partition(".")
        if sec:
            title = sections[(int(part), int(sec))]
            text = f"{block} {title}"
        else:
            title = parts[int(part)]
            text = f"{block} {title}" + (" (opening)" if int(part) in with_sections else "")
        en = translate(title) if english else ""
        out[block] = f"{text}\n{en}" if en else text
    return out


def section_labels(report: Report, *, english: bool = True) -> dict[tuple[int, int], str]:
    """Labels ``2.11 大力推进生态文明建设 (Push ahead with …)`` for each section."""
    out: dict[tuple[int, int], str] = {}
    for part, section, title in report.sections[["part", "section", "title"]].itertuples(False):
        en = translate(title) if english else ""
        text = f"{part}.{section} {title}"
        out[(part, section)] = f"{text}\n{en}" if en else text
    return out


@cache
def _lexicon_glosses() -> dict[str, str]:
    lex = load_lexicon()
    return dict(zip(lex["term"], lex["gloss"], strict=True))


def term_labels(terms: Iterable[str]) -> dict[str, str]:
    """``term → "term (gloss)"`` from the theme lexicon."""
    g = _lexicon_glosses()
    return {t: f"{t} ({g[t]})" if t in g else t for t in terms}


_BASE_EN = {
    "吨": "tonnes",
    "公斤": "kg",
    "人": "people",
    "户": "households",
    "亩": "mu",
    "千瓦": "kW",
    "元": "yuan",
    "个": "",
}


def english_quantity(value: float, unit: str, *, base_unit: str | None = None) -> str:
    """A figure as written, with its size in plain English where the unit allows.

    ``base_unit`` names the counted noun when the unit is a bare ``万`` (``57万`` people).

    Examples
    --------
    >>> english_quantity(2325, "万吨")
    '2325万吨 (23.25 million tonnes)'
    >>> english_quantity(66, "万人")
    '66万人 (660,000 people)'
    >>> english_quantity(57, "万", base_unit="人")
    '57万 (570,000 people)'
    >>> english_quantity(5.5, "%")
    '5.5%'
    """
    from .targets import parse_unit

    mult, base = parse_unit(unit)
    base = base or (base_unit or "")
    written = f"{value:g}{unit}"
    if mult == 1 or base not in _BASE_EN:
        return written
    size = value * mult
    amount = f"{size / 1e6:,.4g} million" if size >= 1e6 else f"{size:,.0f}"
    noun = _BASE_EN[base]
    return f"{written} ({amount} {noun})".replace(" )", ")")


def glue_text(name: str, value: Any, fmt: str = "{}") -> str:
    """Glue a formatted plain string (never a numpy scalar) for use in other pages."""
    from myst_nb import glue

    if hasattr(value, "item"):
        value = value.item()
    text = fmt.format(value)
    glue(name, text, display=False)
    return text
