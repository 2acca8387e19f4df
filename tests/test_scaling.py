"""The whole pipeline on hostile and growing inputs: bounded time, linear growth.

Random and adversarial lines are built from the project report's own vocabulary and
punctuation (hypothesis); every one must be analysed within a time limit. A report repeated
to larger sizes must take time and memory roughly in proportion (a quadratic step would
multiply them by the square of the growth).
"""

from __future__ import annotations

import time
import tracemalloc

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workreport import analyse, default_report_path, load_text, segment

_TEXT = default_report_path().read_text(encoding="utf-8")
_WORDS = sorted({w for w in _TEXT.split() if w.strip()})[:4000]
_PIECES = st.one_of(
    st.sampled_from(_WORDS),
    st.sampled_from(
        [*list("，。、；：！？（）“”——%"), "一、", "（一）", "\n", "增长", "5%", "万吨"]
    ),
    st.from_regex(r"\d{1,6}(\.\d{1,2})?(%|万人|亿元|个)?", fullmatch=True),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
@given(st.lists(_PIECES, min_size=1, max_size=400), st.integers(min_value=1, max_value=50))
def test_random_report_like_text_is_analysed_quickly(pieces, repeat):
    text = "".join(pieces) * repeat
    start = time.perf_counter()
    try:
        a = analyse(load_text(text, name="fuzz"))
    except Exception as exc:  # only the package's own, documented error is allowed
        from workreport import ReportFormatError

        assert isinstance(exc, ReportFormatError), repr(exc)
        return
    assert time.perf_counter() - start < 15
    assert list(a.targets.columns)  # well-formed tables, possibly empty


def _measure(text: str) -> tuple[float, int]:
    tracemalloc.start()
    start = time.perf_counter()
    analyse(load_text(text, name="scaled"))
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return elapsed, peak


def test_time_and_memory_grow_linearly():
    """Four times the text: well under 4² times the time and memory (asserted loosely)."""
    body = "\n".join(line for line in _TEXT.splitlines()[5:] if line.strip())
    small = "各位代表：\n" + body + "\n"
    big = "各位代表：\n" + "\n".join([body] * 4) + "\n"
    segment("预热")  # load the segmenter before timing
    _measure(small)
    t_small, m_small = min(_measure(small) for _ in range(2))
    t_big, m_big = _measure(big)
    assert t_big < 8 * t_small, (t_small, t_big)
    assert m_big < 8 * m_small, (m_small, m_big)


@pytest.mark.parametrize(
    "line",
    [
        "增长5%\n" + "的预期（甲）" * 32 + "乙。",  # exponential backtracking before
        "的" * 20000 + "甲5%。",
        "增长" + "1%、" * 20000,
        "煤炭1%、" * 10000,
        "——甲。" * 30000,
        "增长5%" + "（" * 300000,
    ],
    ids=["nested", "many-de", "many-quantities", "many-themes", "bullets", "parens"],
)
def test_the_issue_s_hostile_lines_are_fast(line):
    start = time.perf_counter()
    analyse(load_text("一、2016年工作回顾\n" + line + "\n", name="hostile"))
    assert time.perf_counter() - start < 30
