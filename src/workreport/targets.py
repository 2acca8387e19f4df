"""Quantitative commitments: every numeric result and target of a report as a tidy table.

A *quantity* is a number with a unit of measure (``4.5%``, ``2325万吨``, ``46.46万人``,
``1900个``, ``5700多亿元``) or a range (``6.5%-7%``), written in Arabic digits or in Chinese
numerals (``百分之七十七点五``, ``三千万人``, ``两亿元``, ``二十多个``; converted with
``cn2an``). Full-width digits (``８．７％``) are folded to half-width by the loader before
extraction. Dates, years, ordinals, names and codes (``2017年``, ``1月14日``, ``5G``,
``T800``, ``PM2.5``, “13710”, ``第十二届``, ``2号线``, ``10兆瓦级``, ``十三五``), durations
(``连续54个月``) and the gaps of comparisons (``低于预期1.5个百分点``, which become the
``reference_value`` of the result they qualify) are not quantities.

Each quantity gets its clause's indicator (the noun phrase measured), verb and direction,
hedge (``qualifier``) and firmness, whether the report labels it binding (约束性) or expected
(预期性), whether it is an estimate (预计), its kind (result or target) and the period it
refers to, from the report's structure: results in a review part refer to that part's year
(or to the five years a five-year review covers); targets in a plan part to its year; spans
named in the clause (``到2020年``, "十三五"时期, ``五年来``, ``年均``) override them; and
expectations quoted in the review (``好于下降7%的预期``) are targets of the review year.
``分别`` ("respectively") distributes the indicators of a list over the values that follow.

Every step looks at a bounded window around each quantity (at most :data:`PRE_WINDOW`
characters before it and :data:`POST_WINDOW` after it), so the time and memory of the
extraction grow linearly with the length of the report, whatever its text.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from functools import lru_cache
from operator import attrgetter
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, cast

import numpy as np
import pandas as pd

from .constants import FIRMNESS, HEDGE_LEVELS, PREFIX_HEDGES, SUFFIX_HEDGES, YEAR
from .errors import ReportFormatError
from .tables import empty_table, text_array

if TYPE_CHECKING:
    from .report import Report

__all__ = [
    "CHARS_PER_QUANTITY",
    "COLUMNS",
    "FIGURE_COLUMNS",
    "FREE_QUANTITIES",
    "PAIR_COLUMNS",
    "POST_WINDOW",
    "PRE_WINDOW",
    "TEXT_CONTEXT",
    "Quantity",
    "bigram_similarity",
    "extract_targets",
    "find_quantities",
    "firmness",
    "near_miss",
    "pair_results_targets",
    "parse_unit",
    "plan_period",
    "quantity_kind",
]


@dataclass(slots=True)
class _Row:
    """One row of :func:`extract_targets`: one quantity (its fields are :data:`COLUMNS`)."""

    period: str
    kind: str
    theme: str
    indicator: str
    verb: str
    direction: str
    value: float
    value_low: float
    value_high: float
    unit: str
    value_base: float
    base_unit: str
    qualifier: str
    firmness: str
    binding: str
    estimate: bool
    numeral: str
    reference_value: float
    paragraph_id: int
    start: int
    end: int
    text: str
    text_start: int
    text_end: int


COLUMNS = [f.name for f in fields(_Row)]
"""The columns of :func:`extract_targets`, in order."""

FIGURE_COLUMNS = ["value", "value_low", "value_high", "unit", "qualifier"]
"""The columns of :data:`COLUMNS` that give a figure as the report writes it: the value (or a
range's ends), its unit and its hedge; the tables that quote a target's figure show these."""

CHARS_PER_QUANTITY = 32
"""At most one quantity per this many characters of a report on average, or
:data:`FREE_QUANTITIES` whatever its length, are extracted; a report with more raises
:class:`~workreport.errors.ReportFormatError` (each row costs about 2 KB of memory; the
national reports have one quantity per 150 characters or more)."""
FREE_QUANTITIES = 20_000
"""Quantities extracted whatever the length of the report."""
TEXT_CONTEXT = 100
"""Characters of its clause kept on each side of a quantity in the ``text`` column (the
longest clause of a quantity in the national reports has 93 characters, so real clauses are
kept whole; a list of thousands of quantities joined by ``、`` is not repeated on every row)."""

PRE_WINDOW = 64
"""Characters of a clause before a quantity that are read for its indicator and hedges."""
POST_WINDOW = 32
"""Characters of a clause after a quantity that are read for its counted noun and verb."""

_MEASURES = (
    "个百分点|百分点|%|‰|倍|平方公里|平方米|公里|千米|千瓦时|千瓦|兆瓦|公斤|千克|吨|斤|立方米|"
    "元|美元|人次|人|名|户|套|辆|亩|公顷|个月|个|家|件|项|所|座|条|处|台|只|场|间|张|床|"
    "篇|批|棵|株|头|口|次|天|门"
)
_UNIT = rf"(?:万亿|亿|万|千|百)?(?:{_MEASURES})|万亿|亿|万"
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
"""A number in Arabic digits, with or without thousands separators (``27,203,000``)."""
_QUANTITY = re.compile(
    rf"(?=\d)(?<![\d.A-Za-z])(?P<num>{_NUMBER})"  # the lookahead lets re skip to digits
    rf"(?:%?(?P<sep>[-－—–~～至])(?P<num2>{_NUMBER}))?"
    # (a digit may follow a counted unit, 6.1万户14.2万名, but not a bare magnitude: 1万2)
    rf"(?P<approx>多|余)?(?P<unit>{_UNIT})(?![A-Za-z])(?<![万亿千百](?=\d))"
)
_ZH_DIGITS = "〇零一二两三四五六七八九"
_ZH_SET = f"{_ZH_DIGITS}十百千万亿点"
# a percentage in words (百分之七十七点五), or a run of two or more numerals that starts with a
# digit or 十 (single numerals are skipped by the pattern itself: they are everywhere, 一是,
# 进一步); possessive, so a long run is read once
_ZH_RUN = re.compile(
    rf"百分之(?P<prun>[{_ZH_SET}]++)|(?P<run>[{_ZH_DIGITS}十](?=[{_ZH_SET}])[{_ZH_SET}]*+)"
)
_MAGNITUDES = frozenset("十百千万亿")
_ZH_TAIL = re.compile(rf"(?P<approx>多|余)?(?P<unit>{_UNIT})")
_MEASURE_ONLY = re.compile(rf"(?:{_MEASURES})")
_MULTIPLIER = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3, "百": 1e2}
_RELATIVE = {"%", "‰", "个百分点", "百分点", "倍"}
_CLAUSE = re.compile(r"[，；。：！？,;:!?\n]")
_SENTENCE_END = re.compile(r"[。！？\n]")
_SUFFIX_QUALIFIERS = SUFFIX_HEDGES
_PREFIX_QUALIFIERS = PREFIX_HEDGES
_VERBS = sorted(
    [
        "增长",
        "上涨",
        "下降",
        "提高到",
        "提高",
        "降低",
        "降到",
        "减少",
        "增加",
        "退出",
        "关闭退出",
        "淘汰",
        "压减",
        "化解",
        "完成",
        "新增",
        "新建",
        "控制在",
        "稳定在",
        "保持在",
        "达到",
        "达",
        "突破",
        "改造",
        "开工改造",
        "搬迁",
        "脱贫",
        "摘帽",
        "安置",
        "转移",
        "实施",
        "整合",
        "建设",
        "推进",
        "治理",
        "实现",
        "累计",
        "推动",
        "抓好",
        "进行",
        "通过",
    ],
    key=len,
    reverse=True,
)
_DOWN_VERBS = frozenset({"下降", "降低", "降到", "减少", "压减"})
_UP_VERBS = frozenset({"增长", "上涨", "提高", "提高到", "增加", "新增", "突破"})
_POST_VERBS = ("有序退出", "退出", "摘帽", "脱贫", "搬迁", "实现", "完成", "达到", "通过")
_FILLERS = re.compile(
    r"^(?:主要预期指标是|约束性指标是|预计|其中|全省|全国|全年|今年|我省|力争|确保|累计|包括|"
    r"一是|二是|三是|四是|五是|六是|七是|八是|九是|十是|要|再|并|和|及|对|为|将)+"
)
# a gap to an expectation: below it (低于预期) or above it
_BELOW, _ABOVE = "低于|慢于", "好于|高于|超过|超出|快于"
_GAP = re.compile(rf"(?:{_BELOW}|{_ABOVE})预期$|比.{{0,8}}(?:提高|降低|增加|减少|加快)$")
_PLANNING = re.compile(r"^[^，；。]{0,6}(谋划|规划|计划)")
_NAME_AFTER = re.compile(r"^(级|号|型|届|期|代|次会议|批次)")
_DURATION_BEFORE = re.compile(r"(连续|长达|用|近|前|后|历时)$")
_ESTIMATE = re.compile(r"预计")
_PEOPLE = re.compile(r"人口|人|劳动力|职工|农民|居民|群众")
_FIVE_YEAR_TITLE = re.compile(r"五年|十[一二三四五]五")
_BINDING_CUE = re.compile(
    r"(约束性指标|预期性指标|主要预期指标|主要预期目标|预期目标)(?:是|为|：|:)"
)
_FIVE_YEAR_PLAN = re.compile(r"十([一二三四五六七八九]?)五”?(?:规划|时期|期间|计划|末)")
_MULTI_YEAR = re.compile(r"五年来|过去五年|五年间|五年累计|五年共|年均|平均每年|每年平均")
_TO_YEAR = re.compile(rf"到({YEAR})年")
_YEAR_REF = re.compile(rf"比({YEAR})年|({YEAR})年(?!代)|去年|上年")
_CUMULATIVE = re.compile(r"累计|共|新增|新建|五年")
# what a text says about whether its figures are done or to be done. Sentence cues speak for
# every figure after them in their sentence: a count or an estimate (初步统计, 预计), the list of
# expected targets (主要预期目标, 目标是), this year (今年), striving (力争). Clause cues speak for
# the figures after them in their clause only, and outrank the sentence's: last year (去年), the
# past tense (增长了, 已), a target met (实现预期目标), the future (将), a year named.
_SENTENCE_RESULT = re.compile(r"初步统计|初步核算|据统计|预计|过去一年|过去五年")
_SENTENCE_TARGET = re.compile(
    r"主要预期目标|预期目标|主要目标|目标是|目标为|目标任务是|今年|本年度|力争(?!了)"
)
# (the lookahead lets the pattern skip quickly to the characters that can start a match;
# 去年 after 比, 较 … is a base of comparison)
_CLAUSE_RESULT = re.compile(
    r"(?=[去已实完达增下提减突超新累降好])(?:去年(?<![比较由与从于]去年)|已(?=[经达完实建超突])|"
    r"(?:实现|完成|达到|增长|下降|提高|减少|突破|超过|新增|累计|降低)了|"
    r"(?:实现|完成|达到|超过|好于)[^，；。]{0,8}目标)"  # a target met is a result
)
_CLAUSE_TARGET = re.compile(r"将(?=比|由|达到|实现|增长|提高|超过|突破|下降|减少)")
# a figure that a target or an expectation is of (好于下降7%的预期, 翻两番的目标)
_OF_TARGET = re.compile(r"^[%％]?(?:左右|以上|以内)?的(?:预期|目标|任务)")
# a year named (not a base of comparison, 比2020年, 在1988年水平的基础上, nor a modifier,
# 面向2030年的)
_DATED = re.compile(rf"(?=[到12])(?<![比较与同])(?:到)?({YEAR})年(?![代度的]|水平|基础)")


@lru_cache(maxsize=1024)
def firmness(qualifier: str) -> str:
    """How firm a figure is, from its hedge words.

    确保 makes a figure a guarantee and 力争 an aspiration whatever else is attached;
    otherwise the bound word decides.

    ``guarantee`` (确保), ``floor`` (以上, 不低于, 不少于, 超过, 突破, 多, 余), ``ceiling``
    (以内, 以下, 之内, 不超过), ``approximate`` (左右, 约, 近, 上下, 大约), ``aspiration``
    (力争), ``plain`` (no hedge word). Whether the report calls a target binding (约束性) is a
    separate dimension (the ``binding`` column of :func:`extract_targets`).

    Examples
    --------
    >>> [firmness(q) for q in ("确保", "力争+以上", "左右", "以上", "多", "")]
    ['guarantee', 'aspiration', 'approximate', 'floor', 'floor', 'plain']
    """
    words = set(qualifier.split("+")) if qualifier else set()
    levels = {HEDGE_LEVELS[w] for w in words if w in HEDGE_LEVELS}
    return next((level for level in FIRMNESS if level in levels), "plain")


@lru_cache(maxsize=1024)
def parse_unit(unit: str) -> tuple[float, str]:
    """Split a unit as written into its multiplier and base unit.

    Examples
    --------
    >>> parse_unit("万吨"), parse_unit("亿公斤"), parse_unit("%"), parse_unit("万")
    ((10000.0, '吨'), (100000000.0, '公斤'), (1.0, '%'), (10000.0, ''))
    """
    for prefix, mult in _MULTIPLIER.items():
        if unit.startswith(prefix) and unit not in ("百分点",):
            return mult, unit[len(prefix) :]
    return 1.0, unit


def plan_period(ordinal: int) -> tuple[int, int]:
    """The years of the n-th five-year plan (第n个五年计划/规划).

    The first ran 1953–1957 and the second 1958–1962; after three years of readjustment
    the third began in 1966, and every later one follows on.

    Examples
    --------
    >>> plan_period(1), plan_period(11), plan_period(13), plan_period(14)
    ((1953, 1957), (2006, 2010), (2016, 2020), (2021, 2025))
    """
    if ordinal < 1:
        raise ValueError(f"not a five-year plan number: {ordinal}")
    first = {1: 1953, 2: 1958}.get(ordinal, 1966 + 5 * (ordinal - 3))
    return first, first + 4


class Quantity(NamedTuple):
    """A quantity found in a text (see :func:`find_quantities`)."""

    start: int
    end: int
    value: float
    value_high: float
    unit: str
    approx: str
    numeral: str
    text: str

    @property
    def is_range(self) -> bool:
        """Whether the quantity is a range (``6.5%-7%``)."""
        return not math.isnan(self.value_high)


@lru_cache(maxsize=4096)
def _zh_value(run: str) -> float | None:
    """The value of a run of Chinese numerals, or ``None`` when it is not a number.

    Examples
    --------
    >>> _zh_value("一千一百"), _zh_value("七十七点五"), _zh_value("两千"), _zh_value("十三五")
    (1100.0, 77.5, 2000.0, None)
    """
    import cn2an  # here, not at import time: it costs a fifth of a second and is rarely needed

    try:
        value = cn2an.cn2an(run.replace("两", "二").replace("〇", "零"), "strict")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return float(value)


def _excluded(text: str, start: int, end: int, unit: str) -> bool:
    """Whether the number at ``text[start:end]`` is a name, an ordinal or a duration, judged
    from the four characters on each side (within its line).

    >>> [_excluded(t, 1, 4, "条") for t in ("“20条”", "第20条", "“20条\\n”")]
    [True, True, False]
    """
    before, after = text[max(0, start - 4) : start], text[end : end + 4]
    if "\n" in before:
        before = before[before.rfind("\n") + 1 :]
    if "\n" in after:
        after = after[: after.find("\n")]
    if before.endswith("“") and after.startswith("”"):
        return True  # a name in quotes: “20条”
    if before.endswith("第"):
        return True
    if _NAME_AFTER.match(after):
        return True
    return unit == "个月" and bool(_DURATION_BEFORE.search(before))


def _arabic(text: str) -> list[Quantity]:
    out = []
    for m in _QUANTITY.finditer(text):
        unit = m.group("unit")
        if _excluded(text, m.start(), m.end(), unit):
            continue
        two = m.group("num2") is not None
        out.append(
            Quantity(
                m.start(),
                m.end(),
                float(m.group("num").replace(",", "")),
                float(m.group("num2").replace(",", "")) if two else np.nan,
                unit,
                m.group("approx") or "",
                "arabic",
                m.group(),
            )
        )
    return out


_DOUBLING = re.compile(r"(?<=翻)([一两二三四])番")
_SMALL = {"一": 1.0, "两": 2.0, "二": 2.0, "三": 3.0, "四": 4.0}


def _chinese(text: str) -> list[Quantity]:
    # 翻两番: "double twice", a count of doublings (unit 番)
    out = [
        Quantity(m.start(), m.end(), _SMALL[m.group(1)], np.nan, "番", "", "chinese", m.group())
        for m in _DOUBLING.finditer(text)
    ]
    for m in _ZH_RUN.finditer(text):
        end = m.end()
        if m.group("prun"):
            run, value, unit, approx = m.group("prun"), _zh_value(m.group("prun")), "%", ""
        else:
            run = m.group("run")
            if _MAGNITUDES.isdisjoint(run):
                continue  # 一一, 三五: no magnitude, not a written-out number
            magnitude = ""
            for mag in ("万亿", "亿", "万"):
                if run.endswith(mag) and len(run) > len(mag):
                    run, magnitude = run[: -len(mag)], mag
                    break
            tail = _ZH_TAIL.match(text, end)
            approx = (tail.group("approx") or "") if tail else ""
            measure = _MEASURE_ONLY.match(text, end + len(approx))
            if measure:
                unit = magnitude + measure.group()
                end += len(approx) + measure.end() - measure.start()
            elif magnitude:
                unit = magnitude
                end += len(approx)
            else:
                continue
            value = _zh_value(run)
        if value is None or _excluded(text, m.start(), end, unit):
            continue
        out.append(
            Quantity(m.start(), end, value, np.nan, unit, approx, "chinese", text[m.start() : end])
        )
    return out


def find_quantities(text: str) -> list[Quantity]:
    """The quantities in a text, in order (see the module docstring for what counts).

    A line break separates: the quantities of a whole report (paragraphs joined by ``"\\n"``)
    are those of its paragraphs, each read in its own paragraph.

    Examples
    --------
    >>> t = "——2017年1月14日，增长4.5%左右，5G、T800、PM2.5、“20条”、6.5%-7%、10万贫困人口"
    >>> [q.text for q in find_quantities(t)]
    ['4.5%', '6.5%-7%', '10万']
    >>> [(q.value, q.unit, q.approx) for q in find_quantities("三千万人，5700多亿元")]
    [(3000.0, '万人', ''), (5700.0, '亿元', '多')]
    >>> [(q.value, q.unit) for q in find_quantities("达到百分之七十七点五")]
    [(77.5, '%')]
    >>> [[q.text for q in find_quantities(t)] for t in ("连续\\n5个月", "第\\n5个")]
    [['5个月'], ['5个']]
    """
    found = _arabic(text)
    taken = [(q.start, q.end) for q in found]
    starts = [a for a, _ in taken]
    for q in _chinese(text):
        i = bisect_right(starts, q.start)
        if (i and taken[i - 1][1] > q.start) or (i < len(taken) and taken[i][0] < q.end):
            continue
        found.append(q)
    return sorted(found)


def _clause_bounds(marks: list[int], length: int, pos: int) -> tuple[int, int]:
    """The clause around ``pos``: from after the last clause mark before it to the next one.

    ``marks`` are the sorted offsets of the text's clause punctuation.

    Examples
    --------
    >>> t = "甲，乙增长5%；丙"
    >>> _clause_bounds([m.start() for m in _CLAUSE.finditer(t)], len(t), 4)
    (2, 7)
    """
    i = bisect_left(marks, pos)
    left = marks[i - 1] + 1 if i else 0
    right = marks[i] if i < len(marks) else length
    return left, right


_TAIL_WORDS = (*_PREFIX_QUALIFIERS, "的", "要", "有序", "实施", "有")
_VERB_RE = re.compile("|".join(map(re.escape, _VERBS)))
_TAIL_RE = re.compile(
    "(?:" + "|".join(map(re.escape, sorted({*_TAIL_WORDS, *_VERBS}, key=len, reverse=True))) + ")+$"
)
_TAIL_ENDINGS = frozenset(w[-1] for w in (*_TAIL_WORDS, *_VERBS))


def _strip_verbs(s: str) -> tuple[str, str]:
    """Remove trailing verbs and hedge words from ``s``; return it and the last verb.

    Examples
    --------
    >>> _strip_verbs("农村贫困人口实现脱贫")
    ('农村贫困人口', '脱贫')
    >>> _strip_verbs("地区生产总值增长")
    ('地区生产总值', '增长')
    """
    if s[-1:] not in _TAIL_ENDINGS:
        return s, ""  # (quick) no word of _TAIL_RE ends the string: no match
    m = _TAIL_RE.search(s)
    if not m:
        return s, ""
    verbs = _VERB_RE.findall(m.group())
    return s[: m.start()], verbs[-1] if verbs else ""


_CONNECTOR = re.compile(r"^(?:左右|以上|以内|以下|之内|上下)?[、和及与]?")
_PAREN = re.compile(r"（[^（）]{0,40}）|\([^()]{0,40}\)")
_TAIL_FILLERS = re.compile(
    r"(?:好于|低于|高于|预期|的|为|是|分别|要|平均每年|每年平均|年均|"
    r"比(?:上年|去年|前一年|五年前|十年前|(?:19|20)\d{2}年(?:末|底)?))+$"
)


def _tail_fillers_removed(s: str) -> str:
    """``s`` without the fillers at its end (``_TAIL_FILLERS``).

    >>> _tail_fillers_removed("地区生产总值比上年"), _tail_fillers_removed("投资")
    ('地区生产总值', '投资')
    """
    return _TAIL_FILLERS.sub("", s)


_LEAD_FILLERS = re.compile(r"^(?:去年|上年|今年|全年|(?:19|20)\d{2}年(?:末|底)?)+")


def _is_junk(core: str) -> bool:
    """Whether an indicator candidate holds nothing but 的 and 预期.

    Examples
    --------
    >>> _is_junk("的预期"), _is_junk(""), _is_junk("投资的预期"), _is_junk("预的期")
    (True, True, False, False)
    """
    # 的 and 预期 share no character, so removing every 预期 and then every 的 removes what
    # the pattern 的|预期 removes
    return not core.replace("预期", "").replace("的", "")


def _indicator_and_verb(pre: str, post: str) -> tuple[str, str]:
    """The indicator (noun phrase) and verb of a quantity from its clause.

    ``pre`` is the clause text before the quantity (from the previous quantity of the same
    clause on, at most :data:`PRE_WINDOW` characters), ``post`` the clause text after it (at
    most :data:`POST_WINDOW` characters).

    Examples
    --------
    >>> _indicator_and_verb("全省地区生产总值增长", "左右")
    ('地区生产总值', '增长')
    >>> _indicator_and_verb("", "贫困人口实现脱贫")
    ('贫困人口', '脱贫')
    """
    ends_in_connector = pre.endswith(("、", "和", "及", "与"))
    core, verb = _strip_verbs(_CONNECTOR.sub("", pre, count=1))
    core = _tail_fillers_removed(_FILLERS.sub("", core))
    core, verb = _strip_verbs(core) if not verb else (core, verb)
    lead = _VERB_RE.match(core)
    if lead:
        core, verb = core[lead.end() :], verb or lead.group()
    core = _FILLERS.sub("", core)
    if len(core) < 2 or ends_in_connector:
        post = _PAREN.sub("", _CONNECTOR.sub("", post, count=1))
        after = re.split(r"[、和及与]", post, maxsplit=1)[0]
        for v in _POST_VERBS:
            cut = after.find(v)
            if cut > 0:
                verb = v  # the verb that governs the counted object
                after = after[:cut]
                break
        core = _strip_verbs(after)[0]
    core = _LEAD_FILLERS.sub("", _tail_fillers_removed(core)).lstrip("、，；：）)和及与")
    junk = _is_junk(core) or _QUANTITY.search(core)
    return ("" if junk else core[-24:]), verb


_UP_NOUNS = re.compile(r"新增|增加|增长|涨幅|增幅|增速|增长率|提高")
_DOWN_NOUNS = re.compile(r"减少|下降|降幅|降低|减排")


def _direction(verb: str, indicator: str = "") -> str:
    """``up`` or ``down`` for a change, ``level`` for a level, count or total.

    The verb decides (增长 up, 下降 down); with a level verb (控制在, 达到) or none, a change
    named in the indicator does (涨幅 and 新增 are rises held to or reaching a figure).

    Examples
    --------
    >>> [_direction(v) for v in ("增长", "下降", "控制在", "完成")]
    ['up', 'down', 'level', 'level']
    >>> _direction("控制在", "居民消费价格涨幅"), _direction("", "城镇新增就业")
    ('up', 'up')
    """
    if verb in _DOWN_VERBS:
        return "down"
    if verb in _UP_VERBS:
        return "up"
    if _DOWN_NOUNS.search(indicator):
        return "down"
    if _UP_NOUNS.search(indicator):
        return "up"
    return "level"


def _qualifier(pre: str, after: str, approx: str = "") -> str:
    found = [q for q in _PREFIX_QUALIFIERS if q in pre]
    found.sort(key=pre.rfind)
    found = found[:1] if found else []
    if approx:
        found.append(approx)
    for q in _SUFFIX_QUALIFIERS:
        if after.startswith(q):
            found.append(q)
            break
    return "+".join(found)


def _implied_base(post: str) -> str:
    """The counted noun of a bare ``万``/``亿`` (``10万贫困人口`` counts people).

    Examples
    --------
    >>> _implied_base("贫困人口实现脱贫"), _implied_base("农户"), _implied_base("资金")
    ('人', '户', '')
    """
    head = post[:6]
    if _PEOPLE.search(head):
        return "人"
    if "户" in head:
        return "户"
    return ""


_PERIOD_MODIFIER = re.compile(
    r"(?:第?[一二三四]季度|前三季度|上半年|下半年|全年|\d{1,2}月(?:份|末|底)?)$"
)


def _distribute(items_text: str, k: int) -> list[str] | None:
    """The indicators of a ``分别`` list: ``k`` names for the ``k`` values that follow.

    The list before 分别 is split at 、和及与; a shared noun written once (``城镇和农村居民
    收入``, ``地区生产总值一季度、上半年``) is given to every item; ``城乡`` names two
    (城镇, 农村). ``None`` when the list does not hold ``k`` items.

    Examples
    --------
    >>> _distribute("城镇和农村居民人均可支配收入", 2)
    ['城镇居民人均可支配收入', '农村居民人均可支配收入']
    >>> _distribute("城乡居民人均可支配收入", 2)
    ['城镇居民人均可支配收入', '农村居民人均可支配收入']
    >>> _distribute("地区生产总值一季度、上半年、全年", 3)
    ['地区生产总值一季度', '地区生产总值上半年', '地区生产总值全年']
    >>> _distribute("地区生产总值一季度、全年", 2)
    ['地区生产总值一季度', '地区生产总值全年']
    >>> _distribute("投资", 2) is None
    True
    """
    items = [i for i in re.split(r"[、和及与]", items_text) if i]
    if len(items) == 1 and items[0].startswith("城乡") and k == 2:
        rest = items[0][2:]
        return ["城镇" + rest, "农村" + rest]
    if len(items) != k or k < 2:
        return None
    short = [len(i) for i in items[1:-1]]
    first, last = items[0], items[-1]
    if len(last) > len(first) + 2 and all(n <= len(first) for n in short):
        noun = last[len(first) :]
        return [i + noun for i in items[:-1]] + [last]
    period = _PERIOD_MODIFIER.search(first)
    if period and period.start() >= 2:  # 地区生产总值一季度、上半年、全年: the noun comes first
        noun = first[: period.start()]
        return [first] + [noun + i for i in items[1:]]
    if len(first) > len(items[1]) + 2 and all(len(i) <= len(items[1]) + 1 for i in items[1:]):
        noun = first[: len(first) - len(items[1])]
        return [first] + [noun + i for i in items[1:]]
    return items


def _five_year_span(text: str) -> str | None:
    """The span of a five-year plan named in ``text`` ("十三五"时期 → ``2016-2020``).

    Examples
    --------
    >>> _five_year_span("“十三五”时期年均增长6.5%"), _five_year_span("增长6.5%")
    ('2016-2020', None)
    """
    m = _FIVE_YEAR_PLAN.search(text)
    if not m:
        return None
    n = 10 + ("一二三四五六七八九".index(m.group(1)) + 1 if m.group(1) else 0)
    a, b = plan_period(n)
    return f"{a}-{b}"


class _ClauseCues(NamedTuple):
    """What a clause says about periods, read once per clause."""

    plan_span: str | None
    to_year: int | None
    multi_year: bool
    cumulative: bool


def _clause_cues(clause: str) -> _ClauseCues:
    """Read a clause's period cues (see :func:`_period`).

    Examples
    --------
    >>> _clause_cues("到2020年累计完成造林1000万亩")
    _ClauseCues(plan_span=None, to_year=2020, multi_year=False, cumulative=True)
    """
    m = _TO_YEAR.search(clause)
    return _ClauseCues(
        _five_year_span(clause),
        int(m.group(1)) if m else None,
        bool(_MULTI_YEAR.search(clause)),
        bool(_CUMULATIVE.search(clause)),
    )


def _period(
    clause: str | _ClauseCues,
    before: str,
    year: int | None,
    *,
    label: str,
    five_year: bool,
    report_year: int | None,
) -> str:
    """The period a quantity refers to, from its clause and its part's year.

    ``before`` is the clause text just before the quantity; ``label`` the part's label;
    ``five_year`` says the part reviews the five years ending in ``year``. In order: a
    five-year plan named in the clause ("十三五"时期); a span to a later year (``到2020年``); a
    year named just before the quantity (``2007年的24.66万亿元``; ``比2002年增长`` gives the
    years since; 去年 is the year before the report, 上年 the year before ``year``); in a
    five-year review, cumulative and average figures (累计, 年均, 五年…) the five years and
    levels the last year; elsewhere an average or a five-year figure the five years.

    Examples
    --------
    >>> _period("国内生产总值年均增长7.1%", "国内生产总值年均增长", 2017, label="review",
    ...         five_year=True, report_year=2018)
    '2013-2017'
    >>> _period("比2002年增长65.5%", "比2002年增长", 2007, label="review", five_year=True,
    ...         report_year=2008)
    '2003-2007'
    >>> _period("发电装机容量达到2.5亿千瓦", "发电装机容量达到", 1997, label="review",
    ...         five_year=True, report_year=1998)
    '1997'
    """
    cues = clause if isinstance(clause, _ClauseCues) else _clause_cues(clause)
    if cues.plan_span:
        return cues.plan_span
    if cues.to_year and year and cues.to_year > year:
        return f"{year}-{cues.to_year}"
    if year is None:
        return ""
    named = None
    for m in _YEAR_REF.finditer(before):
        named = m
    if named is not None:
        base, plain = named.group(1), named.group(2)
        if base and int(base) < year:
            return f"{int(base) + 1}-{year}"
        if plain and int(plain) <= year:
            return plain
        if plain and int(plain) > year:
            return f"{year}-{plain}"
        if named.group() == "去年" and report_year:
            return str(report_year - 1)
        if named.group() == "上年":
            return str(year - 1)
    if five_year:
        cumulative = cues.multi_year or cues.cumulative
        return f"{year - 4}-{year}" if cumulative else str(year)
    if cues.multi_year:
        return f"{year - 4}-{year}" if label == "review" else f"{year}-{year + 4}"
    return str(year)


# the types of the numeric columns of :func:`extract_targets` (the others hold text)
_NUMERIC = {
    **dict.fromkeys(("value", "value_low", "value_high", "value_base", "reference_value"), float),
    "estimate": bool,
    **dict.fromkeys(("paragraph_id", "start", "end", "text_start", "text_end"), np.int64),
}


def _between(positions: list[int], start: int, end: int) -> list[int]:
    """The sorted ``positions`` in ``[start, end)``, counted from ``start``.

    >>> _between([1, 4, 6, 9], 4, 9)
    [0, 2]
    """
    return [
        p - start for p in positions[bisect_left(positions, start) : bisect_left(positions, end)]
    ]


class _Cues(NamedTuple):
    """What the extractor reads of a text at once (positions in it, sorted): clause marks,
    sentence ends, estimate cues (预计), where targets are labelled binding or expected, and
    the cues that tell a result from a target (:func:`_kind_cues`)."""

    marks: list[int]
    ends: list[int]
    estimates: list[int]
    binding: list[tuple[int, str]]
    kinds: list[tuple[int, str, str]]  # (position, result or target, clause or sentence)

    @classmethod
    def of(cls, text: str, *, report_year: int | None = None) -> _Cues:
        binding = [
            (m.start(), "binding" if m.group(1) == "约束性指标" else "expected")
            for m in _BINDING_CUE.finditer(text)
        ]
        marks, ends, estimates = (
            [m.start() for m in p.finditer(text)] for p in (_CLAUSE, _SENTENCE_END, _ESTIMATE)
        )
        return cls(marks, ends, estimates, binding, _kind_cues(text, report_year))

    def within(self, start: int, end: int) -> _Cues:
        """The cues in ``[start, end)``, counted from ``start``."""

        def rows(cues: list[Any]) -> list[Any]:  # (position, …) tuples
            found = cues[bisect_left(cues, (start,)) : bisect_left(cues, (end,))]
            return [(c[0] - start, *c[1:]) for c in found]

        return _Cues(
            _between(self.marks, start, end),
            _between(self.ends, start, end),
            _between(self.estimates, start, end),
            rows(self.binding),
            rows(self.kinds),
        )


def _kind_cues(text: str, report_year: int | None) -> list[tuple[int, str, str]]:
    """Where a text says its figures are results or targets: sorted ``(position, kind,
    scope)``, ``kind`` ``result`` or ``target``, ``scope`` ``sentence`` or ``clause`` (see the
    cue patterns). A year named is a clause cue: before the report's year a result, from it
    on a target.

    >>> [c[1:] for c in _kind_cues("初步统计，2024年增长5%；今年力争增长6%", 2025)]
    [('result', 'sentence'), ('result', 'clause'), ('target', 'sentence'), ('target', 'sentence')]
    >>> _kind_cues("已实现预期目标", 2025)
    [(0, 'result', 'clause'), (1, 'result', 'clause')]
    """
    clause_results = list(_CLAUSE_RESULT.finditer(text))
    out = [
        (m.start(), kind, scope)
        for found, kind, scope in (
            (_SENTENCE_RESULT.finditer(text), "result", "sentence"),
            (_SENTENCE_TARGET.finditer(text), "target", "sentence"),
            (clause_results, "result", "clause"),
            (_CLAUSE_TARGET.finditer(text), "target", "clause"),
        )
        for m in found
    ]
    if report_year:
        out += [
            (m.start(), "result" if int(m.group(1)) < report_year else "target", "clause")
            for m in _DATED.finditer(text)
        ]
    # a target cue inside a target met (实现预期目标) says nothing of its own
    met = [m.span() for m in clause_results if m.group().endswith("目标")]
    starts = [a for a, _ in met]
    out = [
        c
        for c in out
        if c[1] == "result" or (i := bisect_right(starts, c[0]) - 1) < 0 or c[0] >= met[i][1]
    ]
    return sorted(out)


class _Paragraph(NamedTuple):
    """A paragraph as the extractor reads it: its text, where it starts in the report, its
    id, its cues, and what its part says about periods and kinds."""

    text: str
    offset: int
    pid: int
    cues: _Cues
    label: str
    year: int | None
    five_year: bool
    report_year: int | None
    span: str  # an outlook part's years (十五五 → 2026-2030, 今后五年), else ""


def _paragraphs_with_quantities(
    report: Report, found: list[Quantity]
) -> Iterator[tuple[_Paragraph, list[Quantity]]]:
    """The paragraphs of the report's parts that hold quantities (headings of parts and the
    text before the first part are left out), each with its quantities."""
    para = report.paragraphs
    p_starts = para["start"].tolist()
    by_para: dict[int, list[Quantity]] = {}
    for q in found:
        by_para.setdefault(bisect_right(p_starts, q.start) - 1, []).append(q)
    ids, parts, roles, texts = (para[c].tolist() for c in ("paragraph_id", "part", "role", "text"))
    labels, years, titles = (para[c].tolist() for c in ("part_label", "part_year", "part_title"))
    report_year = report.year  # once per report, not once per quantity
    cues = _Cues.of(report.text, report_year=report_year)  # (no cue crosses a line break)
    by_place = _labels_by_position({p: x for p, x in zip(parts, labels, strict=True) if p > 0})
    for k, quantities in by_para.items():
        if parts[k] == 0 or roles[k] == "part-heading":
            continue
        offset, label = p_starts[k], by_place.get(parts[k], labels[k])
        year = None if years[k] is pd.NA else int(years[k])  # (an Int64 column's list)
        if year is None:
            year = report_year if label != "review" else (report_year or 1) - 1
        title = titles[k] if isinstance(titles[k], str) else ""
        paragraph = _Paragraph(
            texts[k],
            offset,
            int(ids[k]),
            cues.within(offset, offset + len(texts[k])),
            label,
            year,
            label == "review" and bool(_FIVE_YEAR_TITLE.search(title)),
            report_year,
            _outlook_span(title, report_year) if label == "outlook" else "",
        )
        yield paragraph, quantities


def _labels_by_position(labels_of: dict[int, str]) -> dict[int, str]:
    """What parts whose title says nothing of their kind (label ``other``) do by their place,
    as the genre orders them (last year's work, then this year's, then the government's own):
    the first part reviews when a plan part follows it (``一、一年接着一年干，新福建建设持续取得
    新进展新成效``); in a report none of whose titles says review or plan, the first part reviews
    and the other parts plan.

    ``labels_of`` maps each part's number to its label, in the report's order.

    >>> _labels_by_position({1: "other", 2: "plan", 3: "other"})
    {1: 'review'}
    >>> _labels_by_position({1: "other", 2: "other", 3: "government"})
    {1: 'review', 2: 'plan'}
    """
    numbers, labels = [int(n) for n in labels_of], list(labels_of.values())
    if len(labels) < 2 or labels[0] != "other" or "review" in labels:
        return {}
    if any(x in ("plan", "outlook") for x in labels[1:]):
        return {numbers[0]: "review"}
    return {numbers[0]: "review"} | {
        n: "plan" for n, x in zip(numbers[1:], labels[1:], strict=True) if x == "other"
    }


def _outlook_span(title: str, report_year: int | None) -> str:
    """The years an outlook part speaks about: the five-year plan its title names, else the
    five years from the report's year (今后五年).

    >>> _outlook_span("“十五五”时期经济社会发展的主要目标", 2026)
    '2026-2030'
    >>> _outlook_span("今后五年的工作", 2023)
    '2023-2027'
    """
    return _five_year_span(title) or (f"{report_year}-{report_year + 4}" if report_year else "")


def _this_year(p: _Paragraph, sentence: int, qs: int) -> bool:
    """Whether the sentence before a quantity (its last :data:`PRE_WINDOW` characters at
    most) speaks of this year (今年, the report's year): in a part that joins the five-year
    outlook and this year's plan, such a figure is this year's, not the plan period's."""
    before = p.text[max(sentence, qs - PRE_WINDOW) : qs]
    return "今年" in before or (p.report_year is not None and f"{p.report_year}年" in before)


_LOOK_BACK = 8
"""Cues looked at before a quantity, at the most (a bound on the work per quantity)."""


def _kind(qs: int, clause: int, sentence: int, p: _Paragraph) -> str:
    """Whether the quantity at ``qs`` of paragraph ``p`` is a result or a target, from the
    cues before it (:func:`_kind_cues`): the nearest clause cue in its clause (which begins at
    ``clause``), else the nearest sentence cue in its sentence (which begins at
    ``sentence``), else the part's label (a review's figures are results, a plan's or an
    outlook's targets). 预计 in a plan or an outlook forecasts, and 今年 or a year from the
    report's on in a review speaks of the plans the review leads to: neither is a cue there.

    >>> text = "初步统计，全省地区生产总值增长5%，今年力争增长6%。增长7%，已完成8%"
    >>> p = _Paragraph(text, 0, 1, _Cues.of(text, report_year=2025), "plan", 2025, False, 2025, "")
    >>> spans = (("5%", 18, 0), ("6%", 19, 0), ("7%", 27, 27), ("8%", 31, 27))
    >>> [_kind(text.find(v), c, s, p) for v, c, s in spans]
    ['result', 'target', 'target', 'result']
    """
    kinds = p.cues.kinds
    i = bisect_left(kinds, (qs,)) - 1
    found = {"clause": "", "sentence": ""}
    for pos, kind, scope in kinds[max(0, i - _LOOK_BACK + 1) : i + 1][::-1]:
        if pos < sentence:
            break
        if found[scope] or (scope == "clause" and pos < clause):
            continue
        if p.label in ("plan", "outlook") and kind == "result" and p.text.startswith("预计", pos):
            continue
        if p.label == "review" and kind == "target":
            continue
        found[scope] = kind
    kind = found["clause"] or found["sentence"]
    if kind:
        return kind
    return "result" if p.label == "review" else "target"


def extract_targets(report: Report, *, matches: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every numeric result and target of a report, one row per quantity (columns
    :data:`COLUMNS`).

    ``direction`` is ``up``/``down``/``level`` from the verb (``""`` if none); ``binding`` is
    ``binding`` or ``expected`` where the report labels a list of targets 约束性 or 预期性
    (``主要预期目标是：…``), else ``""``; ``estimate`` is true for figures the report gives as
    estimates (预计, to the end of the sentence); ``numeral`` is ``arabic`` or ``chinese``.

    ``matches`` (from :func:`workreport.themes.match_terms`) assigns each quantity the theme of
    the lexicon term nearest to it in its clause; without it, ``theme`` is ``"none"``. A report
    without any quantity gives an empty table with the same columns; one with more than one
    quantity per :data:`CHARS_PER_QUANTITY` characters (and more than
    :data:`FREE_QUANTITIES`) raises :class:`~workreport.errors.ReportFormatError`.

    ``start`` and ``end`` are the quantity's offsets in ``report.text``; ``text`` is its clause,
    at most :data:`TEXT_CONTEXT` characters of it on each side of the quantity, and
    ``text_start``, ``text_end`` are its offsets (``report.text[text_start:text_end] ==
    text``): the table grows linearly with the report, whatever its clauses.
    """
    # every quantity of the report in one pass over its text (no quantity crosses a line
    # break), then paragraph by paragraph
    found_all = find_quantities(report.text)
    n_chars = len(report.text)
    if len(found_all) > max(FREE_QUANTITIES, n_chars // CHARS_PER_QUANTITY):
        raise ReportFormatError(
            report.name,
            f"too many quantities ({len(found_all):,} in {n_chars:,} characters; at most one "
            f"per {CHARS_PER_QUANTITY} characters, or {FREE_QUANTITIES:,}, are extracted)",
        )
    rows: list[_Row] = []
    clauses: list[tuple[int, int]] = []
    for paragraph, found in _paragraphs_with_quantities(report, found_all):
        _read_paragraph(paragraph, found, rows, clauses)
    if not rows:
        return empty_table(COLUMNS, _NUMERIC)  # (well formed: the columns and their types)
    return _targets_table(rows, clauses, matches)


def _read_paragraph(
    p: _Paragraph, found: list[Quantity], rows: list[_Row], clauses: list[tuple[int, int]]
) -> None:
    """Append a row to ``rows`` for each quantity of a paragraph (``found``, in order), and
    its clause (in the report's offsets) to ``clauses``; a gap that qualifies the quantity
    before it (``低于预期1.5个百分点``) sets that row's ``reference_value`` instead."""
    text, offset, marks = p.text, p.offset, p.cues.marks
    q_starts = [x.start - offset for x in found]
    clause_of: dict[tuple[int, int], tuple[str, _ClauseCues]] = {}  # each clause read once
    respectively: dict[tuple[int, int], list[str] | None] = {}
    prev_indicator, prev_end, prev_sentence = "", 0, -1
    for i, q in enumerate(found):
        qs, qe = q.start - offset, q.end - offset  # q's offsets are the report's
        left, right = _clause_bounds(marks, len(text), qs)
        key = (left, right)
        if key not in clause_of:
            clause_of[key] = (text[left:right], _clause_cues(text[left:right]))
        stop = min(right, q_starts[i + 1]) if i + 1 < len(found) else right
        if stop == qe and i + 2 <= len(found):  # 6.1万户14.2万名: what follows the next one
            after = found[i + 1].end - offset
            stop = min(right, q_starts[i + 2]) if i + 2 < len(found) else right
            post = text[after : min(stop, after + POST_WINDOW)]
        else:
            post = text[qe : min(stop, qe + POST_WINDOW)]
        pre = text[max(left, prev_end, qs - PRE_WINDOW) : qs]
        prev_end = qe
        if q.unit in ("个百分点", "百分点") and _GAP.search(pre) and rows:
            _set_reference(rows[-1], p.pid, pre, q.value)
            continue
        near = text[max(left, qs - PRE_WINDOW) : qs]
        indicator, verb = _indicator_and_verb(pre, post)
        if "分别" in near:
            cut = text.find("分别", left, right)
            if key not in respectively:
                after = bisect_left(q_starts, right) - bisect_right(q_starts, cut)
                respectively[key] = _respectively(text[left:cut], after)
            names = respectively[key]
            nth = bisect_left(q_starts, qs) - bisect_right(q_starts, cut)
            if names is not None and 0 <= nth < len(names):
                indicator = names[nth][-24:]
                if not verb:
                    v = _VERB_RE.search(text[cut:qs])
                    verb = v.group() if v else verb
        sentence = bisect_left(p.cues.ends, qs)  # (its index among the paragraph's)
        if len(indicator) < 2 and prev_indicator and sentence == prev_sentence:
            indicator = prev_indicator  # 增长5%和6%: the indicator of the sentence's last one
        prev_indicator = indicator or (prev_indicator if sentence == prev_sentence else "")
        prev_sentence = sentence
        rows.append(_row(p, q, key, clause_of[key][1], near, post, indicator, verb))
        clauses.append((offset + left, offset + right))


def _set_reference(last: _Row, pid: int, pre: str, gap: float) -> None:
    """A gap to an expectation (``好于预期0.5个百分点``) after a value of the same paragraph
    gives that value's ``reference_value``."""
    if last.paragraph_id == pid and not math.isnan(last.value):
        sign = 1 if re.search(_BELOW, pre) and not re.search(_ABOVE, pre) else -1
        if "预期" in pre:
            last.reference_value = round(last.value + sign * gap, 6)


def _respectively(head: str, k: int) -> list[str] | None:
    """The indicators of a ``分别`` list (``head``: its clause before 分别) for the ``k``
    values that follow it."""
    return _distribute(_strip_verbs(_TAIL_FILLERS.sub("", _FILLERS.sub("", head)))[0], k)


def _row(
    p: _Paragraph,
    q: Quantity,
    bounds: tuple[int, int],
    cues: _ClauseCues,
    near: str,
    post: str,
    indicator: str,
    verb: str,
) -> _Row:
    """The row of quantity ``q`` of paragraph ``p``: ``bounds`` are its clause's offsets in the
    paragraph and ``cues`` what the clause says of periods, ``near`` the
    clause text before it (at most :data:`PRE_WINDOW` characters), ``post`` the text after
    it up to the next quantity (at most :data:`POST_WINDOW`)."""
    qs, qe = q.start - p.offset, q.end - p.offset
    after_unit = p.text[qe : qe + 6]
    expectation = "预期" in near[-6:] or bool(_OF_TARGET.match(p.text[qe : qe + 8]))
    planning = bool(_PLANNING.match(after_unit + post[len(after_unit) :]))
    mult, base = parse_unit(q.unit)
    is_range = not math.isnan(q.value_high)
    shown = q.value_high if is_range else q.value
    ends, estimates, binding = p.cues.ends, p.cues.estimates, p.cues.binding
    e = bisect_left(ends, qs)
    sentence_start = ends[e - 1] + 1 if e else 0
    j = bisect_left(estimates, qs)
    b = bisect_left(binding, (qs,))
    qualifier = _qualifier(near, after_unit, q.approx)
    relative = q.unit in _RELATIVE
    window = (max(bounds[0], qs - TEXT_CONTEXT), min(bounds[1], qe + TEXT_CONTEXT))
    period = _period(
        cues, near, p.year, label=p.label, five_year=p.five_year, report_year=p.report_year
    )
    if p.span and period == str(p.year) and not _this_year(p, sentence_start, qs):
        period = p.span  # an outlook's figure, with no year of its own
    return _Row(
        period=period,
        kind="target" if (expectation or planning) else _kind(qs, bounds[0], sentence_start, p),
        theme="none",  # set from the matches, if any (_targets_table)
        indicator=indicator,
        verb=verb,
        direction=_direction(verb, indicator),
        value=np.nan if is_range else q.value,
        value_low=q.value if is_range else np.nan,
        value_high=q.value_high,
        unit=q.unit,
        value_base=np.nan if relative else round(shown * mult, 6),
        base_unit=""
        if relative
        else (base or _implied_base(post) or _implied_base(indicator[-6:])),
        qualifier=qualifier,
        firmness=firmness(qualifier),
        binding=binding[b - 1][1] if b else "",
        estimate=bool(j and estimates[j - 1] >= sentence_start),
        numeral=q.numeral,
        reference_value=np.nan,  # set by a gap that follows (_set_reference)
        paragraph_id=p.pid,
        start=q.start,
        end=q.end,
        text=p.text[window[0] : window[1]],
        text_start=p.offset + window[0],
        text_end=p.offset + window[1],
    )


def _targets_table(
    rows: list[_Row], clauses: list[tuple[int, int]], matches: pd.DataFrame | None
) -> pd.DataFrame:
    """The table of the rows, each with the theme of the match nearest to it in its clause
    (``matches``, if given); every column is built with its type, so nothing is inferred."""
    out = dict(
        zip(COLUMNS, map(list, zip(*map(attrgetter(*COLUMNS), rows), strict=True)), strict=True)
    )
    if matches is not None and len(matches):
        out["theme"] = _themes_near(matches, clauses, np.asarray(out["start"], dtype=np.int64))
    return pd.DataFrame(
        copy=False,
        data={
            c: np.asarray(v, dtype=_NUMERIC[c]) if c in _NUMERIC else text_array(v)
            for c, v in out.items()
        },
    )


def _themes_near(
    matches: pd.DataFrame, clauses: list[tuple[int, int]], pos: np.ndarray
) -> list[str]:
    """For each clause, the theme of the match inside it nearest to ``pos`` (or "none").

    A match is inside a clause when it starts at or after the clause's start and ends at or
    before its end; of two equally near matches the earlier wins. Each quantity costs a
    binary search and a few steps, whatever the number of matches in its clause.
    """
    order = np.argsort(matches["start"].to_numpy(), kind="stable")
    sorted_starts = matches["start"].to_numpy()[order]
    lefts = np.array([c[0] for c in clauses], dtype=np.int64)
    rights = np.array([c[1] for c in clauses], dtype=np.int64)
    los, his = np.searchsorted(sorted_starts, lefts), np.searchsorted(sorted_starts, rights)
    mids = np.searchsorted(sorted_starts, np.asarray(pos, dtype=np.int64), side="right")
    # the loop below reads single elements: Python lists, not arrays
    starts = sorted_starts.tolist()
    ends = matches["end"].to_numpy()[order].tolist()
    theme = matches["theme"].to_numpy()[order].tolist()
    out = []
    for lo, hi, mid, right, p in zip(
        los.tolist(),
        his.tolist(),
        mids.tolist(),
        rights.tolist(),
        np.asarray(pos).tolist(),
        strict=True,
    ):
        mid = min(max(mid, lo), hi)
        best, best_d = -1, None
        # the nearest inside match at or before p, scanning back past any that overrun
        i = mid - 1
        while i >= lo and ends[i] > right:
            i -= 1
        if i >= lo:
            best, best_d = i, abs(starts[i] - p)
        j = mid
        while j < hi and ends[j] > right:
            j += 1
        if j < hi and (best_d is None or abs(starts[j] - p) < best_d):
            best = j
        out.append("none" if best < 0 else str(theme[best]))
    return out


def _bigrams(s: str) -> set[str]:
    return {s[i : i + 2] for i in range(len(s) - 1)} or {s}


def bigram_similarity(a: str, b: str) -> float:
    """The Jaccard similarity of two strings' sets of character bigrams (a string of one
    character, or none, is its own bigram): 1 for equal strings, 0 for strings that share
    no bigram.

    >>> bigram_similarity("煤炭产能", "煤炭产能"), bigram_similarity("钢铁产能", "煤炭产能")
    (1.0, 0.2)
    """
    x, y = _bigrams(a), _bigrams(b)
    return len(x & y) / len(x | y)


class _TargetRow(Protocol):
    """A row of the targets table as ``DataFrame.itertuples`` yields it (the fields that
    :func:`pair_results_targets` reads; pandas-stubs types every field as any scalar)."""

    period: str
    indicator: str
    verb: str
    direction: str
    value: float
    unit: str
    value_base: float
    base_unit: str
    qualifier: str
    binding: str
    estimate: bool
    reference_value: float
    paragraph_id: int
    start: int
    text: str
    text_start: int


def _compatible(a: _TargetRow, b: _TargetRow) -> bool:
    """Whether two quantities can be a result and a target of one indicator: the same unit
    (or base unit), the same kind of quantity (:func:`quantity_kind`: a stock is not set
    against a flow), and indicators that are not near misses of each other
    (:func:`near_miss`)."""
    if near_miss(str(a.indicator), str(b.indicator)):
        return False
    kinds = {quantity_kind(str(x.verb), str(x.unit), _said_before(x)) for x in (a, b)}
    if len(kinds - {""}) > 1:
        return False
    if a.unit in _RELATIVE or b.unit in _RELATIVE:
        return a.unit == b.unit
    return a.unit == b.unit or (bool(a.base_unit) and a.base_unit == b.base_unit)


_FLOW_VERBS = re.compile(
    r"新建|新增|新开工|开工|建成|新改建|改建|改造|完成|实施|退出|压减|淘汰|减少|化解|培育|引进|"
    r"安置|搬迁|造林|营造|治理|新培育|新认定|打造|建设|投入|发放"
)
_WHOLE = re.compile(r"全[省市区国州盟县]|总数|总量|保有量|规模")
_RATE_CHANGE = re.compile(r"增长|下降|提高|降低|减少|增加|上涨|上升|回落|扩大|缩小")
_STOCK_VERBS = re.compile(r"达到|达|累计|稳定在|保持在|总量|保有|超过|突破|提高到|增加到|控制在")


def _said_before(row: _TargetRow) -> str:
    """The text of a quantity's clause before it (what :func:`quantity_kind` reads)."""
    return str(row.text)[: int(row.start) - int(row.text_start)]


def quantity_kind(verb: str, unit: str, before: str = "") -> str:
    """What a quantity is: a ``rate`` level (a percentage reached, or stated without a verb:
    失业率5.5%, 控制在3%以内) or ``rate change`` (增长5%), a ``stock`` (a level reached, 达到,
    累计, or, without a verb, the whole's total: 全省智能化煤矿268座, 5G基站总数, the clause
    ``before`` it saying so), a ``flow``
    (what is done in the period: 新建, 完成, 退出), or ``""`` when nothing says which
    (营造林400万亩).

    >>> quantity_kind("达到", "座"), quantity_kind("", "座", "全省智能化煤矿")
    ('stock', 'stock')
    >>> quantity_kind("新建", "座"), quantity_kind("", "万亩", "营造林")
    ('flow', '')
    >>> quantity_kind("增长", "%"), quantity_kind("", "%"), quantity_kind("提高到", "%")
    ('rate change', 'rate', 'rate')
    """
    if unit in _RELATIVE:
        changes = _RATE_CHANGE.search(verb) and not verb.endswith(("到", "至"))
        return "rate change" if changes else "rate"
    if _STOCK_VERBS.search(verb) or (not verb and _WHOLE.search(before)):
        return "stock"
    if _FLOW_VERBS.search(verb):
        return "flow"
    return ""


def near_miss(a: str, b: str) -> bool:
    """Whether two indicators differ in one character, at the same place, after their first
    two (开工率/完工率, 进口总额/出口总额): alike in their characters, different in what they
    measure. A different first word (全面实施…/深入实施…) is how the text puts it, not what
    it measures.

    >>> near_miss("开工率", "完工率"), near_miss("货物进口总额", "货物出口总额")
    (True, True)
    >>> near_miss("全面实施精准扶贫八大工程", "深入实施精准扶贫八大工程")
    False
    >>> near_miss("地区生产总值", "全省地区生产总值"), near_miss("粮食产量", "粮食产量")
    (False, False)
    """
    if len(a) != len(b) or a == b:
        return False
    differ = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return len(differ) == 1 and (len(a) <= 4 or differ[0] >= 2)


def _in_unit_of(r: _TargetRow, t: _TargetRow) -> float:
    """The target's value expressed in the result's unit (``万`` vs ``万人`` …)."""
    if t.unit == r.unit or np.isnan(t.value_base) or np.isnan(r.value_base):
        return t.value
    return t.value_base / (r.value_base / r.value) if r.value else t.value


def _signed(value: float, direction: str, unit: str = "%") -> float:
    """A rate of change as a signed number: a fall (``down``) is negative. Amounts (``压减
    5000万吨``: the size of a cut) keep their sign whatever the verb, so that a cut is
    compared with a cut.

    Examples
    --------
    >>> _signed(5.2, "down"), _signed(4.5, "up"), _signed(3.0, ""), _signed(5000, "down", "万吨")
    (-5.2, 4.5, 3.0, 5000)
    """
    return -value if direction == "down" and unit in _RELATIVE else value


_SUB_ANNUAL = re.compile(r"季度|上半年|下半年|前三季度|[一二三四]月份?|月末")
_MAX_RATIO = 10.0
"""Units agree but one figure is more than this many times the other: not the same
indicator (a road rebuilt, 6,700 km, against a network target, 200,000 km)."""


def _plausible(result: float, target: float, unit: str) -> bool:
    """Whether two amounts in one unit can be a result and a target of one indicator.

    Examples
    --------
    >>> _plausible(6700, 200000, "公里"), _plausible(2325, 2000, "万吨"), _plausible(0.5, 7, "%")
    (False, True, True)
    """
    if unit in _RELATIVE or not result or not target or math.isnan(result) or math.isnan(target):
        return True
    ratio = abs(target / result)
    return 1 / _MAX_RATIO <= ratio <= _MAX_RATIO


def _single_year(period: str) -> int | None:
    """The year of a one-year period (``"2016"``), ``None`` for spans and blanks."""
    return int(period) if len(period) == 4 and period.isdigit() else None


# the types of the pair table's columns that do not hold text (those of an empty table)
_PAIR_TYPES = {
    **dict.fromkeys(("result", "target", "result_signed", "target_signed", "change"), float),
    "result_estimate": bool,
    **dict.fromkeys(("result_paragraph", "target_paragraph"), np.int64),
}

PAIR_COLUMNS = [
    "pair",
    "indicator",
    "unit",
    "direction",
    "result_period",
    "result",
    "result_qualifier",
    "result_estimate",
    "target_period",
    "target",
    "target_indicator",
    "target_qualifier",
    "target_binding",
    "result_paragraph",
    "target_paragraph",
    "result_signed",
    "target_signed",
    "change",
]
"""The columns of :func:`pair_results_targets`, in order."""


def pair_results_targets(
    targets: pd.DataFrame, *, min_similarity: float = 0.35, min_own_similarity: float = 0.3
) -> pd.DataFrame:
    """Pair results with targets of the same indicator (columns :data:`PAIR_COLUMNS`).

    Two kinds of pair: ``result→next target`` (each one-year result of the review with the
    most similar target of the following year) and ``result→own target`` (a result with the
    target of the same year it is reported against: an explicit expectation later in the same
    paragraph, or the ``reference_value`` implied by a stated gap). Indicator and verb are
    compared together by character-bigram Jaccard similarity (at least ``min_similarity``; for
    an expectation in the result's own paragraph, the indicators alone, at least
    ``min_own_similarity``);
    units must agree (``万`` of people and ``万人`` do), and multi-year figures (five-year
    totals, averages over a plan period) are never paired with one-year targets. Target values
    are given in the result's unit.

    ``result_signed`` and ``target_signed`` carry the direction (a fall, ``下降5.2%``, is
    −5.2); ``change`` is ``target_signed − result_signed``: for a result against its own target,
    a positive change means the result fell short of a rise (or fell less than expected) …
    read it with the indicator: revenue that fell 5.2% against an expected fall of 7% gives
    −1.8, a result better than planned.
    """
    rows = []
    res = targets[targets["kind"] == "result"]
    tgt = targets[targets["kind"] == "target"]
    tgt_rows = list(cast("Iterable[_TargetRow]", tgt.itertuples()))
    by_paragraph: dict[int, list[_TargetRow]] = {}
    by_period: dict[str, list[_TargetRow]] = {}
    for t in tgt_rows:
        by_paragraph.setdefault(int(t.paragraph_id), []).append(t)
        by_period.setdefault(str(t.period), []).append(t)
    for r in cast("Iterable[_TargetRow]", res.itertuples()):
        ry = _single_year(str(r.period))
        if ry is None or _SUB_ANNUAL.search(str(r.indicator)):
            continue  # multi-year and sub-annual figures are not set against annual targets
        key = f"{r.indicator}{r.verb}"
        own = [
            t
            for t in by_paragraph.get(int(r.paragraph_id), [])
            if t.period == r.period and t.start > r.start and _compatible(r, t)
        ]
        if not np.isnan(r.reference_value):
            rows.append(_pair(r, "result→own target", r.reference_value, r, "implied"))
        elif own and bigram_similarity(own[0].indicator, r.indicator) >= min_own_similarity:
            o = own[0]
            rows.append(_pair(r, "result→own target", _in_unit_of(r, o), o, o.qualifier))
        nxt = [
            t
            for t in by_period.get(str(ry + 1), [])
            if _compatible(r, t) and _plausible(r.value, _in_unit_of(r, t), str(r.unit))
        ]
        if nxt and r.indicator:
            sims = [bigram_similarity(key, f"{t.indicator}{t.verb}") for t in nxt]
            best = int(np.argmax(sims))
            if sims[best] >= min_similarity:
                t = nxt[best]
                rows.append(_pair(r, "result→next target", _in_unit_of(r, t), t, t.qualifier))
    if not rows:
        return empty_table(PAIR_COLUMNS, _PAIR_TYPES)
    out = pd.DataFrame(rows, columns=PAIR_COLUMNS)
    out["change"] = (out["target_signed"] - out["result_signed"]).astype(float).round(6)
    return out


def _pair(r: _TargetRow, kind: str, target: float, t: _TargetRow, qualifier: str) -> dict:
    """One pair; ``t`` is the target row (``r`` itself for an implied target; an own target
    has the result's period and paragraph)."""
    implied = t is r
    t_direction = r.direction if implied or not t.direction else t.direction
    return {
        "pair": kind,
        "indicator": r.indicator,
        "unit": r.unit,
        "direction": r.direction,
        "result_period": r.period,
        "result": r.value,
        "result_qualifier": r.qualifier,
        "result_estimate": bool(r.estimate),
        "target_period": t.period,
        "target": target,
        "target_indicator": r.indicator if implied else t.indicator,
        "target_qualifier": qualifier,
        "target_binding": "" if implied else t.binding,
        "result_paragraph": int(r.paragraph_id),
        "target_paragraph": int(t.paragraph_id),
        "result_signed": _signed(r.value, r.direction, r.unit),
        "target_signed": _signed(target, t_direction, r.unit),
    }
