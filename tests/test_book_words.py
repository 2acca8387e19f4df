"""The prose's formatting of numbers, intervals, lists and counts (workreport.book.words)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from workreport.book.words import (
    and_list,
    contains,
    count_words,
    fixed,
    fmt_number,
    interval,
    interval_words,
    paragraph_refs,
    with_interval,
)

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@given(finite, finite, finite)
def test_with_interval_shows_the_formatted_numbers(v, a, b):
    low, high = sorted((a, b))
    text = with_interval(v, low, high)
    assert text.startswith(fmt_number(v))
    assert text.endswith(f"({interval(low, high)})")


@pytest.mark.parametrize("missing", [None, math.nan, pd.NA])
def test_missing_values_are_said_as_such(missing):
    assert fmt_number(missing) == "–"
    assert interval(missing, 2) == "not estimable"
    assert interval_words(missing, 2) == "not estimable against"  # re-exported from rates
    assert with_interval(missing, 1, 2) == "–"


@given(st.lists(st.text(alphabet="abc", min_size=1), max_size=6))
def test_and_list_keeps_every_item_once_in_order(items):
    text = and_list(items)
    if not items:
        assert text == "none"
        return
    pos = 0
    for item in items:
        pos = text.index(item, pos) + len(item)
    assert text.count(" and ") == (len(items) > 1) + sum(" and " in i for i in items)


@given(st.integers(min_value=0, max_value=10**7))
def test_count_words_never_says_a_template_plural(n):
    text = count_words(n, "subtheme")
    assert "(s)" not in text
    assert text.endswith("subtheme" if n == 1 else "subthemes")
    assert not text.startswith("0 ")


def test_paragraph_refs_and_contains():
    assert paragraph_refs([5, 2, 5]) == "¶2 ¶5"
    s = pd.Series(["甲乙", "丙"], index=[3, 7])
    assert contains(s, "乙|丁").to_dict() == {3: True, 7: False}
    assert not contains(s, "").any()
    assert contains(pd.Series([], dtype=str), "x").empty


def test_findings_glue_values_and_claims_through_the_chapter():
    from workreport.book.words import Findings

    calls = []

    class Chapter:
        def claim(self, key, holds, text, *, otherwise):
            calls.append((key, holds, text, otherwise))
            return text if holds else otherwise

    f = Findings(
        tables={"t": pd.DataFrame({"a": [1]})},
        values={"k": "1"},
        claims={"c": (True, "yes", "no"), "d": (False, "more", "fewer")},
    )
    assert f.glue(Chapter()) is f
    assert calls == [("c", True, "yes", "no"), ("d", False, "more", "fewer")]
    assert f["t"].equals(pd.DataFrame({"a": [1]}))
    assert f.text("d", is_project_report=False) == "fewer"
    assert f.text("d") == "more"  # the book's report: Chapter.claim stops on a stale claim


def test_findings_without_claims_glue_without_a_chapter_and_with_claims_need_one():
    from workreport.book.words import Findings, publish

    assert Findings(values={"k": "1"}).glue() is not None
    with pytest.raises(ValueError, match="glued through a chapter"):
        publish(None, Findings(values={"k": "1"}), Findings(claims={"c": (True, "yes", "no")}))


@given(finite, st.integers(min_value=0, max_value=4))
def test_fixed_keeps_its_decimals_and_its_value(x, digits):
    text = fixed(x, digits)
    assert len(text.partition(".")[2]) == digits
    assert math.isclose(float(text), x, abs_tol=10**-digits)


@pytest.mark.parametrize("missing", [None, float("nan"), float("inf")])
def test_fixed_says_a_missing_value(missing):
    assert fixed(missing) == "n/a"
