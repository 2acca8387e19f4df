"""Quantitative commitments: every numeric result and target of a report as a tidy table.

A *quantity* is an Arabic-digit number with a unit of measure (``4.5%``, ``2325万吨``,
``46.46万人``, ``1900个``) or a range (``6.5%-7%``). Dates, years, ordinals, names and
codes (``2017年``, ``1月14日``, ``5G``, ``T800``, ``PM2.5``, “13710”, ``第十二届``,
``2号线``, ``10兆瓦级``), durations (``连续54个月``) and the gaps of comparisons
(``低于预期1.5个百分点``, which become the ``reference_value`` of the result they qualify)
are not quantities. Numbers in Chinese characters are not extracted (a stated limitation).

Each quantity gets its clause's indicator (the noun phrase measured), verb, hedge
(``qualifier``), kind (result or target) and the period it refers to, from the report's
structure: results in a review part refer to that part's year; targets in a plan part to
its year; expectations quoted in the review (``好于下降7%的预期``) are targets of the review
year.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import NamedTuple

import numpy as np
import pandas as pd

from .errors import ReportFormatError

__all__ = [
    "COLUMNS",
    "extract_targets",
    "find_quantities",
    "firmness",
    "pair_results_targets",
    "parse_unit",
]

COLUMNS = [
    "period",
    "kind",
    "theme",
    "indicator",
    "verb",
    "value",
    "value_low",
    "value_high",
    "unit",
    "value_base",
    "base_unit",
    "qualifier",
    "firmness",
    "reference_value",
    "paragraph_id",
    "start",
    "end",
    "text",
]

_MEASURES = (
    "个百分点|百分点|%|‰|倍|平方公里|平方米|公里|千米|千瓦时|千瓦|兆瓦|公斤|千克|吨|立方米|"
    "元|美元|人次|人|名|户|套|辆|亩|公顷|个月|个|家|件|项|所|座|条|处|台|只|场|间|张|床|"
    "篇|批|棵|株|头|口|次|天"
)
_QUANTITY = re.compile(
    rf"(?<![\d.A-Za-z])(?P<num>\d+(?:\.\d+)?)(?:%?(?P<sep>[-－—–~～至])(?P<num2>\d+(?:\.\d+)?))?"
    rf"(?P<unit>(?:万亿|亿|万|千|百)?(?:{_MEASURES})|万亿|亿|万)(?![A-Za-z\d])"
)
_MULTIPLIER = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3, "百": 1e2}
_RELATIVE = {"%", "‰", "个百分点", "百分点", "倍"}
_CLAUSE = re.compile(r"[，；。：！？,;:!?\n]")
_SUFFIX_QUALIFIERS = ("左右", "以上", "以内", "以下", "之内", "上下")
_PREFIX_QUALIFIERS = ("力争", "确保", "超过", "不低于", "不少于", "不超过", "约", "近", "大约")
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
_POST_VERBS = ("有序退出", "退出", "摘帽", "脱贫", "搬迁", "实现", "完成", "达到", "通过")
_FILLERS = re.compile(
    r"^(?:主要预期指标是|约束性指标是|预计|其中|全省|全年|今年|我省|力争|确保|累计|包括|"
    r"一是|二是|三是|四是|五是|六是|七是|八是|九是|十是|要|再|并|和|及|对|为|将)+"
)
_GAP = re.compile(r"(低于|高于|好于|超过|超出|快于|慢于)预期$|比.{0,8}(提高|降低|增加|减少|加快)$")
_PLANNING = re.compile(r"^[^，；。]{0,6}(谋划|规划|计划)")
_NAME_AFTER = re.compile(r"^(级|号|型|届|期|代|次会议|批次)")
_DURATION_BEFORE = re.compile(r"(连续|长达|用|近|前|后|历时)$")


FIRMNESS = ("guarantee", "aspiration", "floor", "ceiling", "approximate", "plain")


def firmness(qualifier: str) -> str:
    """How firm a figure is, from its hedge words.

    确保 makes a figure a guarantee and 力争 an aspiration whatever else is attached;
    otherwise the bound word decides.

    ``guarantee`` (确保), ``floor`` (以上, 不低于, 不少于, 超过), ``ceiling`` (以内, 以下,
    之内, 不超过), ``approximate`` (左右, 约, 近, 上下), ``aspiration`` (力争), ``plain``
    (no hedge word).

    Examples
    --------
    >>> [firmness(q) for q in ("确保", "力争+以上", "左右", "以上", "")]
    ['guarantee', 'aspiration', 'approximate', 'floor', 'plain']
    """
    words = set(qualifier.split("+")) if qualifier else set()
    for level, cues in (
        ("guarantee", {"确保"}),
        ("aspiration", {"力争"}),
        ("floor", {"以上", "不低于", "不少于", "超过"}),
        ("ceiling", {"以内", "以下", "之内", "不超过"}),
        ("approximate", {"左右", "约", "近", "上下", "大约"}),
    ):
        if words & cues:
            return level
    return "plain"


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


def _excluded(text: str, m: re.Match) -> bool:
    before, after = text[max(0, m.start() - 4) : m.start()], text[m.end() : m.end() + 4]
    if before.endswith("“") and after.startswith("”"):
        return True  # a name in quotes: “20条”
    if before.endswith("第"):
        return True
    if _NAME_AFTER.match(after):
        return True
    return m.group("unit") == "个月" and bool(_DURATION_BEFORE.search(before))


def find_quantities(text: str) -> list[re.Match]:
    """The quantities in a text (see the module docstring for what counts).

    Examples
    --------
    >>> t = "——2017年1月14日，增长4.5%左右，5G、T800、PM2.5、“20条”、6.5%-7%、10万贫困人口"
    >>> [m.group() for m in find_quantities(t)]
    ['4.5%', '6.5%-7%', '10万']
    """
    return [m for m in _QUANTITY.finditer(text) if not _excluded(text, m)]


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


def _strip_verbs(s: str) -> tuple[str, str]:
    """Remove trailing verbs and hedge words from ``s``; return it and the last verb.

    Examples
    --------
    >>> _strip_verbs("农村贫困人口实现脱贫")
    ('农村贫困人口', '脱贫')
    >>> _strip_verbs("地区生产总值增长")
    ('地区生产总值', '增长')
    """
    m = _TAIL_RE.search(s)
    if not m:
        return s, ""
    verbs = _VERB_RE.findall(m.group())
    return s[: m.start()], verbs[-1] if verbs else ""


_CONNECTOR = re.compile(r"^(?:左右|以上|以内|以下|之内|上下)?[、和及与]?")
_PAREN = re.compile(r"（[^）]*）|\([^)]*\)")
_TAIL_FILLERS = re.compile(r"(?:好于|低于|高于|预期|的|为|是|分别|要)+$")
_JUNK = re.compile(r"^(?:的|预期|的预期)*$")


def _indicator_and_verb(pre: str, post: str) -> tuple[str, str]:
    """The indicator (noun phrase) and verb of a quantity from its clause.

    ``pre`` is the clause text before the quantity (from the previous quantity of the same
    clause on), ``post`` the clause text after it.
    """
    ends_in_connector = pre.endswith(("、", "和", "及", "与"))
    core, verb = _strip_verbs(_CONNECTOR.sub("", pre, count=1))
    core = _TAIL_FILLERS.sub("", _FILLERS.sub("", core))
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
    core = _TAIL_FILLERS.sub("", core)
    junk = _JUNK.search(core) or _QUANTITY.search(core)
    return ("" if junk else core[-24:]), verb


def _qualifier(pre: str, after: str) -> str:
    found = [q for q in _PREFIX_QUALIFIERS if q in pre]
    found.sort(key=pre.rfind)
    found = found[:1] if found else []
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
    if re.search(r"人口|人|劳动力|职工|农民|居民|群众", head):
        return "人"
    if "户" in head:
        return "户"
    return ""


def _as_float(s: str | None) -> float:
    return float(s) if s else np.nan


def _period_of_span(text: str, year: int | None) -> str | None:
    m = re.search(r"到((?:19|20)\d{2})年", text)
    if m and year and int(m.group(1)) > year:
        return f"{year}-{m.group(1)}"
    return None


class _Para(NamedTuple):
    paragraph_id: int
    part: int
    role: str
    text: str
    start: int
    part_label: str
    part_year: int | None


def extract_targets(report, *, matches: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every numeric result and target of a report, one row per quantity (columns
    :data:`COLUMNS`).

    ``matches`` (from :func:`workreport.themes.match_terms`) assigns each quantity the theme of
    the lexicon term nearest to it in its clause; without it, ``theme`` is ``"none"``.
    Raises ``ValueError`` naming the report when it holds no quantity at all.
    """
    rows: list[dict] = []
    years = report.paragraphs.set_index("paragraph_id")
    cols = ["paragraph_id", "part", "role", "text", "start", "part_label", "part_year"]
    table = report.paragraphs[cols].astype(object).where(report.paragraphs[cols].notna(), None)
    for row in zip(*(table[c].tolist() for c in cols), strict=True):
        p = _Para(*row)
        if p.part == 0 or p.role == "part-heading":
            continue
        text = p.text
        prev_indicator = ""
        prev_end = 0
        found = find_quantities(text)
        marks = [c.start() for c in _CLAUSE.finditer(text)] if found else []
        for i, m in enumerate(found):
            left, right = _clause_bounds(marks, len(text), m.start())
            stop = min(right, found[i + 1].start()) if i + 1 < len(found) else right
            pre, post = text[max(left, prev_end) : m.start()], text[m.end() : stop]
            prev_end = m.end()
            after_unit = text[m.end() : m.end() + 6]
            if m.group("unit") in ("个百分点", "百分点") and _GAP.search(pre) and rows:
                last = rows[-1]
                if last["paragraph_id"] == p.paragraph_id and not np.isnan(last["value"]):
                    gap = float(m.group("num"))
                    sign = 1 if re.search(r"低于|慢于", pre) else -1
                    if re.search(r"好于|高于|超过|超出|快于", pre):
                        sign = -1
                    if "预期" in pre:
                        last["reference_value"] = round(last["value"] + sign * gap, 6)
                continue
            indicator, verb = _indicator_and_verb(pre, post)
            if len(indicator) < 2 and prev_indicator:
                indicator = prev_indicator
            prev_indicator = indicator or prev_indicator
            label = p.part_label
            year = None if p.part_year is None else int(p.part_year)
            if year is None:
                year = report.year if label != "review" else (report.year or 1) - 1
            is_review = label == "review"
            expectation = "预期" in text[left : m.start()][-6:] or after_unit.lstrip(
                "%"
            ).startswith("的预期")
            planning = bool(_PLANNING.match(after_unit + post[len(after_unit) :]))
            kind = "target" if (not is_review or expectation or planning) else "result"
            period = _period_of_span(text[left:right], year) or (str(year) if year else "")
            unit = m.group("unit")
            mult, base = parse_unit(unit)
            value = _as_float(m.group("num")) if not m.group("num2") else np.nan
            low = _as_float(m.group("num")) if m.group("num2") else np.nan
            high = _as_float(m.group("num2"))
            shown = value if not np.isnan(value) else high
            rows.append(
                {
                    "period": period,
                    "kind": kind,
                    "theme": "none",
                    "indicator": indicator,
                    "verb": verb,
                    "value": value,
                    "value_low": low,
                    "value_high": high,
                    "unit": unit,
                    "value_base": np.nan if unit in _RELATIVE else round(shown * mult, 6),
                    "base_unit": ""
                    if unit in _RELATIVE
                    else (base or _implied_base(post) or _implied_base(indicator[-6:])),
                    "qualifier": (q := _qualifier(text[left : m.start()], after_unit)),
                    "firmness": firmness(q),
                    "reference_value": np.nan,
                    "paragraph_id": int(p.paragraph_id),
                    "start": int(p.start + m.start()),
                    "end": int(p.start + m.end()),
                    "text": text[left:right],
                    "_clause": (int(p.start + left), int(p.start + right)),
                }
            )
    del years
    if not rows:
        raise ReportFormatError(report.name, "no quantitative result or target found")
    out = pd.DataFrame(rows)
    if matches is not None and len(matches):
        out["theme"] = _themes_near(matches, out["_clause"].tolist(), out["start"].to_numpy())
    return out.drop(columns="_clause")[COLUMNS]


def _themes_near(matches: pd.DataFrame, clauses: list[tuple[int, int]], pos) -> list[str]:
    """For each clause, the theme of the match inside it nearest to ``pos`` (or "none")."""
    order = np.argsort(matches["start"].to_numpy(), kind="stable")
    starts = matches["start"].to_numpy()[order]
    ends = matches["end"].to_numpy()[order]
    theme = matches["theme"].to_numpy()[order]
    lefts = np.array([c[0] for c in clauses], dtype=np.int64)
    rights = np.array([c[1] for c in clauses], dtype=np.int64)
    los, his = np.searchsorted(starts, lefts), np.searchsorted(starts, rights)
    out = []
    for lo, hi, right, p in zip(los.tolist(), his.tolist(), rights.tolist(), pos, strict=True):
        inside = [i for i in range(lo, hi) if ends[i] <= right]
        if not inside:
            out.append("none")
        else:
            out.append(str(theme[min(inside, key=lambda i: abs(starts[i] - p))]))
    return out


def _bigrams(s: str) -> set[str]:
    return {s[i : i + 2] for i in range(len(s) - 1)} or {s}


def _similarity(a: str, b: str) -> float:
    x, y = _bigrams(a), _bigrams(b)
    return len(x & y) / len(x | y) if x | y else 0.0


def _compatible(a, b) -> bool:
    if a.unit in _RELATIVE or b.unit in _RELATIVE:
        return a.unit == b.unit
    return a.unit == b.unit or (bool(a.base_unit) and a.base_unit == b.base_unit)


def _in_unit_of(r, t) -> float:
    """The target's value expressed in the result's unit (``万`` vs ``万人`` …)."""
    if t.unit == r.unit or np.isnan(t.value_base) or np.isnan(r.value_base):
        return t.value
    return t.value_base / (r.value_base / r.value) if r.value else t.value


def pair_results_targets(targets: pd.DataFrame, *, min_similarity: float = 0.35) -> pd.DataFrame:
    """Pair results with targets of the same indicator.

    Two kinds of pair: ``result→next target`` (each result of the review year with the
    most similar target of the following year) and ``result→own target`` (a result with the
    target of the same year it is reported against: an explicit expectation later in the same
    paragraph, or the ``reference_value`` implied by a stated gap). Indicator and verb are
    compared together by character-bigram Jaccard similarity (at least ``min_similarity``);
    units must agree (``万`` of people and ``万人`` do). Target values are given in the
    result's unit.
    """
    rows = []
    res = targets[targets["kind"] == "result"]
    tgt = targets[targets["kind"] == "target"]
    for r in res.itertuples():
        try:
            ry = int(str(r.period)[:4])
        except ValueError:
            continue
        key = f"{r.indicator}{r.verb}"
        own = [
            t
            for t in tgt.itertuples()
            if t.paragraph_id == r.paragraph_id
            and t.period == r.period
            and t.start > r.start
            and _compatible(r, t)
        ]
        if not np.isnan(r.reference_value):
            rows.append(_pair(r, "result→own target", r.reference_value, r.indicator, "implied"))
        elif own and _similarity(own[0].indicator, r.indicator) >= 0.3:
            o = own[0]
            rows.append(_pair(r, "result→own target", _in_unit_of(r, o), o.indicator, o.qualifier))
        nxt = [t for t in tgt.itertuples() if t.period == str(ry + 1) and _compatible(r, t)]
        if nxt and r.indicator:
            sims = [_similarity(key, f"{t.indicator}{t.verb}") for t in nxt]
            best = int(np.argmax(sims))
            if sims[best] >= min_similarity:
                t = nxt[best]
                rows.append(
                    _pair(
                        r,
                        "result→next target",
                        _in_unit_of(r, t),
                        t.indicator,
                        t.qualifier,
                        period=t.period,
                        target_paragraph=int(t.paragraph_id),
                    )
                )
    cols = [
        "pair",
        "indicator",
        "unit",
        "result_period",
        "result",
        "result_qualifier",
        "target_period",
        "target",
        "target_indicator",
        "target_qualifier",
        "result_paragraph",
        "target_paragraph",
        "change",
    ]
    out = pd.DataFrame(rows, columns=cols)
    out["change"] = out["target"] - out["result"]
    return out


def _pair(
    r,
    kind: str,
    target: float,
    indicator: str,
    qualifier: str,
    *,
    period: str | None = None,
    target_paragraph: int | None = None,
) -> dict:
    return {
        "pair": kind,
        "indicator": r.indicator,
        "unit": r.unit,
        "result_period": r.period,
        "result": r.value,
        "result_qualifier": r.qualifier,
        "target_period": period or r.period,
        "target": target,
        "target_indicator": indicator,
        "target_qualifier": qualifier,
        "result_paragraph": int(r.paragraph_id),
        "target_paragraph": target_paragraph or int(r.paragraph_id),
    }
