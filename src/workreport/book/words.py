"""Numbers, intervals, lists and counts as the book's prose writes them.

Every function returns a plain string, so a value glued into the prose reads the same in every
chapter; :func:`~workreport.rates.interval_words` (an analysis rule, importable from here too)
chooses the wording of a comparison from its interval, so the prose never says "above" of an
interval that includes the null value. :class:`Findings`
carries what a chapter's module computes for its prose (tables, values, claims) to the
notebook, which glues it in one call.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..rates import interval_words as interval_words  # re-exported for the chapters
from ..rates import is_missing

__all__ = [
    "Findings",
    "and_list",
    "contains",
    "count_words",
    "english_quantity",
    "fixed",
    "fmt_number",
    "interval",
    "paragraph_refs",
    "publish",
    "with_interval",
]


def fmt_number(value: Any, *, digits: int = 2) -> str:
    """A number as a reader expects it: thousands separators, no trailing zeros, ``–`` for
    a missing value.

    Examples
    --------
    >>> [fmt_number(x) for x in (1234567, 3.0, 0.12345, float("nan"), None, "甲")]
    ['1,234,567', '3', '0.12', '–', '–', '甲']
    >>> fmt_number(46.46, digits=1)
    '46.5'
    """
    if isinstance(value, bool):
        return "yes" if value else "no"
    if is_missing(value):
        return "–"
    try:
        x = float(value)
    except (TypeError, ValueError):
        return str(value)
    if x.is_integer():
        return f"{int(x):,}"
    return f"{x:,.{digits}f}".rstrip("0").rstrip(".")


def interval(low: Any, high: Any, *, digits: int = 2) -> str:
    """An interval as the prose shows it.

    Examples
    --------
    >>> interval(0.061, 2.78), interval(0.8, float("inf")), interval(None, 2)
    ('0.06–2.78', 'from 0.8, with no upper bound', 'not estimable')
    """
    if is_missing(low) or is_missing(high):
        return "not estimable"
    if math.isinf(float(high)):
        return f"from {fmt_number(low, digits=digits)}, with no upper bound"
    return f"{fmt_number(low, digits=digits)}–{fmt_number(high, digits=digits)}"


def with_interval(value: Any, low: Any, high: Any, *, digits: int = 2) -> str:
    """A value with its interval in brackets; the value alone when the interval is missing.

    Examples
    --------
    >>> with_interval(1.5, 1.01, 2.2), with_interval(1.5, None, None), with_interval(None, 1, 2)
    ('1.5 (1.01–2.2)', '1.5', '–')
    """
    if is_missing(value):
        return "–"
    if is_missing(low) or is_missing(high):
        return fmt_number(value, digits=digits)
    return f"{fmt_number(value, digits=digits)} ({interval(low, high, digits=digits)})"


def and_list(items: Iterable[Any], *, empty: str = "none") -> str:
    """``a, b and c``; ``empty`` for no items.

    Examples
    --------
    >>> and_list([]), and_list(["a"]), and_list(["a", "b"]), and_list("abc")
    ('none', 'a', 'a and b', 'a, b and c')
    """
    items = [str(i) for i in items]
    if not items:
        return empty
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def count_words(n: int, noun: str, *, plural: str | None = None) -> str:
    """A count with its noun in the right number: ``one paragraph``, ``3 paragraphs``,
    ``no paragraphs``.

    Examples
    --------
    >>> count_words(0, "target"), count_words(1, "target"), count_words(1200, "target")
    ('no targets', 'one target', '1,200 targets')
    >>> count_words(2, "subtheme"), count_words(2, "city", plural="cities")
    ('2 subthemes', '2 cities')
    """
    many = plural or f"{noun}s"
    if n == 0:
        return f"no {many}"
    return f"one {noun}" if n == 1 else f"{fmt_number(n)} {many}"


def paragraph_refs(paragraph_ids: Iterable[Any]) -> str:
    """Paragraph references ``¶3 ¶12`` (sorted, each once); ``–`` for none.

    Examples
    --------
    >>> paragraph_refs([12, 3, 3.0]), paragraph_refs([])
    ('¶3 ¶12', '–')
    """
    return " ".join(f"¶{p}" for p in sorted({int(p) for p in paragraph_ids})) or "–"


def contains(texts: pd.Series, pattern: str) -> pd.Series:
    """Which texts a regular expression finds something in. An empty pattern finds nothing
    (a chapter's data file leaves a pattern empty to switch a finding off).

    Examples
    --------
    >>> s = pd.Series(["煤炭去产能", "生态"])
    >>> contains(s, "煤").tolist(), contains(s, "").tolist()
    ([True, False], [False, False])
    """
    if not pattern:
        return pd.Series(False, index=texts.index, dtype=bool)
    rx = re.compile(pattern)
    return pd.Series([bool(rx.search(str(t))) for t in texts], index=texts.index, dtype=bool)


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
    from ..targets import parse_unit

    mult, base = parse_unit(unit)
    base = base or (base_unit or "")
    written = f"{value:g}{unit}"
    if mult == 1 or base not in _BASE_EN:
        return written
    size = value * mult
    amount = f"{size / 1e6:,.4g} million" if size >= 1e6 else f"{size:,.0f}"
    noun = _BASE_EN[base]
    return f"{written} ({amount} {noun})".replace(" )", ")")


@dataclass
class Findings:
    """What a chapter's module computes for one passage of the prose: tidy ``tables`` (by
    name, columns named for the reader), ``values`` to glue as they are (key → text),
    ``claims`` (key → ``(holds, text, otherwise)``) that
    :meth:`workreport.book.chapter.Chapter.claim` glues, so that on the book's report a claim
    the data no longer support stops the notebook, and ``data`` a figure or a later passage
    needs (anything, glued nowhere).

    :meth:`glue` glues values and claims and returns the findings, so a notebook writes
    ``f = energy.subthemes(ch).glue(ch)`` and shows ``f["subthemes"]``; :func:`publish` glues
    several.

    Examples
    --------
    >>> f = Findings(values={"n": "3"}, claims={"c": (False, "many", "few")})
    >>> f.text("n"), f.text("c", is_project_report=False)
    ('3', 'few')
    """

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)
    claims: dict[str, tuple[bool, str, str]] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    def text(self, key: str, *, is_project_report: bool = True) -> str:
        """The text glued under ``key``: a value, or a claim's wording (its ``otherwise``
        where it does not hold on another report)."""
        if key in self.values:
            return self.values[key]
        holds, text, otherwise = self.claims[key]
        return text if holds or is_project_report else otherwise

    def glue(self, ch: Any = None) -> Findings:
        """Glue every value (:func:`~workreport.book.chapter.glue_text`) and every claim
        (``ch.claim``; findings without claims need no chapter) for the prose; return the
        findings."""
        from .chapter import glue_text

        if self.claims and ch is None:
            raise ValueError("findings with claims are glued through a chapter: glue(ch)")
        for key, value in self.values.items():
            glue_text(key, value)
        for key, (holds, text, otherwise) in self.claims.items():
            ch.claim(key, holds, text, otherwise=otherwise)
        return self


def publish(ch: Any, *found: Findings) -> None:
    """Glue every value and claim of each of ``found`` for the prose, in order
    (:meth:`Findings.glue`)."""
    for f in found:
        f.glue(ch)


def fixed(value: Any, digits: int = 2, *, missing: str = "n/a") -> str:
    """A number with exactly ``digits`` decimals (``0.60``, not ``0.6``: figures that are
    compared side by side keep one precision); ``missing`` for a missing or infinite value.

    Examples
    --------
    >>> fixed(0.6), fixed(11.44, 1), fixed(float("nan")), fixed(None, missing="–")
    ('0.60', '11.4', 'n/a', '–')
    """
    if is_missing(value) or math.isinf(float(value)):
        return missing
    return f"{float(value):.{digits}f}"
