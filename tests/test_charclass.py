"""Tests for workreport.charclass: class bits of a whole text, and matches tried at places."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workreport import charclass

_TABLE = charclass.table("，。\n", charclass.DECIMAL, "一二三十")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("一，2", [4, 1, 2]),
        ("三\n٣", [4, 1, 2]),  # an Arabic-Indic digit is a decimal digit, as re's \d reads it
        ("\U0001d7d9\U00020000", [2, 0]),  # outside the BMP: a digit, and an ideograph
        ("\uffff", [0]),
    ],
)
def test_flags(text, expected):
    assert charclass.flags(text, _TABLE, decimal=2).tolist() == expected


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=30))
def test_flags_agree_with_membership_and_re(text):
    f = charclass.flags(text, _TABLE, decimal=2)
    for c, bits in zip(text, f.tolist(), strict=True):
        assert bits == (
            (1 if c in "，。\n" else 0)
            | (2 if re.fullmatch(r"\d", c) else 0)
            | (4 if c in "一二三十" else 0)
        )


def test_table_rejects_too_many_classes_and_astral_characters():
    with pytest.raises(ValueError, match="at most 8"):
        charclass.table(*"abcdefghi")
    with pytest.raises(ValueError, match="Basic Multilingual Plane"):
        charclass.table("\U00020000")


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet="ab\n", max_size=20), st.sampled_from(["ab", "a+b", "(?<!b)ab", "a\n?b"]))
def test_matches_at_every_start_is_finditer(text, pattern):
    p = re.compile(pattern)
    found = charclass.matches_at(p, text, range(len(text)))
    assert [m.span() for m in found] == [m.span() for m in p.finditer(text)]


def test_positions():
    assert charclass.positions(np.array([False, True, True])) == [1, 2]


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(st.booleans(), max_size=20))
def test_run_starts(values):
    expected = [i for i, v in enumerate(values) if v and (i == 0 or not values[i - 1])]
    assert charclass.run_starts(np.array(values, dtype=bool)) == expected


def test_code_points():
    assert charclass.code_points("甲\U0001d7d9").tolist() == [0x7532, 0x1D7D9]
