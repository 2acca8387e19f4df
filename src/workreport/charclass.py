"""Character classes of a whole text at once, as an array of bit flags.

A regular expression that starts with a character that is common in Chinese text (``一``,
``十``, a digit) is tried at every such character, one by one. Where a pattern can only match
at a few places, it is faster to find those places for the whole text with one array lookup
and to try the pattern there only (``pattern.match(text, pos)``, which sees the text before
``pos`` for its lookbehinds). :func:`flags` gives, for every character of a text, the bits of
the classes it belongs to; :func:`table` builds the lookup table from the classes.

Example: where a run of Chinese numerals can start (``一``, ``二``, … before another numeral):

>>> t = table("一二三", "十百")
>>> f = flags("第一百二十名", t)
>>> f.tolist()
[0, 1, 2, 1, 2, 0]
>>> positions(((f[:-1] & 1) != 0) & (f[1:] != 0))
[1, 3]
>>> [m.group() for m in matches_at(re.compile("[一二三][十百]"), "第一百二十名", [1, 3])]
['一百', '二十']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import numpy as np

__all__ = ["DECIMAL", "code_points", "flags", "matches_at", "positions", "run_starts", "table"]

_BMP = 0x10000
DECIMAL = "\\d"
"""The class of decimal digits as ``re`` reads ``\\d`` in a text pattern (Unicode category Nd,
``str.isdecimal``), in every plane."""


def table(*classes: str) -> np.ndarray:
    """A lookup table over the Basic Multilingual Plane: bit ``k`` is set for the characters
    of ``classes[k]`` (a string of characters, or :data:`DECIMAL`). At most 8 classes.

    >>> t = table("ab", DECIMAL)
    >>> int(t[ord("a")]), int(t[ord("7")]), int(t[ord("٣")]), int(t[ord("c")])
    (1, 2, 2, 0)
    """
    if len(classes) > 8:
        raise ValueError("at most 8 character classes")
    out = np.zeros(_BMP, dtype=np.uint8)
    for k, chars in enumerate(classes):
        if chars == DECIMAL:
            bmp = np.arange(_BMP, dtype=np.uint32).tobytes().decode("utf-32-le", "surrogatepass")
            at = [m.start() for m in re.finditer(r"\d", bmp)]
        else:
            at = [ord(c) for c in chars if ord(c) < _BMP]
            if len(at) != len(chars):
                raise ValueError("table() takes characters of the Basic Multilingual Plane")
        out[at] |= 1 << k
    return out


def flags(text: str, lookup: np.ndarray, *, decimal: int = 0) -> np.ndarray:
    """The class bits of every character of ``text`` (an array as long as the text).

    Characters outside the Basic Multilingual Plane belong to no class, except that a
    decimal digit there gets the bit ``decimal`` (the bit of :data:`DECIMAL` in the table,
    e.g. ``2`` for its second class; ``0``: none).

    >>> flags("a\U0001d7d9b", table("ab", DECIMAL), decimal=2).tolist()
    [1, 2, 1]
    """
    code = code_points(text)
    if not len(code) or int(code.max()) < _BMP:
        return lookup[code]
    out = lookup[np.minimum(code, _BMP - 1)]  # U+FFFF is a non-character: in no class
    for i in np.flatnonzero(code >= _BMP).tolist():
        out[i] = decimal if text[i].isdecimal() else 0
    return out


def code_points(text: str) -> np.ndarray:
    """The characters of ``text`` as an array of code points.

    >>> code_points("a甲").tolist()
    [97, 30002]
    """
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def run_starts(mask: np.ndarray) -> list[int]:
    """Where each run of true values in ``mask`` begins.

    >>> run_starts(np.array([True, True, False, True, False, True, True]))
    [0, 3, 5]
    """
    mask = np.asarray(mask, dtype=bool)
    first = mask.copy()
    first[1:] &= ~mask[:-1]
    return np.flatnonzero(first).tolist()


def positions(mask: np.ndarray) -> list[int]:
    """The positions where ``mask`` is true (or non-zero), as a list of ints.

    >>> positions(np.array([0, 3, 0, 1]))
    [1, 3]
    """
    return np.flatnonzero(mask).tolist()


def matches_at(pattern: re.Pattern, text: str, starts: Iterable[int]) -> Iterator[re.Match]:
    """The matches of ``pattern`` in ``text`` that ``pattern.finditer(text)`` finds, trying
    the pattern only at ``starts`` (sorted), which must hold every place a match can start.

    Like ``finditer``, the search goes on from the end of each match. The pattern must not
    match the empty string.

    >>> [m.span() for m in matches_at(re.compile("aa"), "aaaa", [0, 1, 2])]
    [(0, 2), (2, 4)]
    """
    end = 0
    for p in starts:
        if p >= end:
            m = pattern.match(text, p)
            if m is not None:
                end = m.end()
                yield m
