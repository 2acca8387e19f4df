"""The definitions the whole package shares, written once: the themes (names, order, colours,
labels), the year pattern and the hedge words of quantified commitments.

Every other module imports these; nothing here depends on another module of the package.

Examples
--------
>>> THEMES
('energy', 'poverty', 'ecology')
>>> import re; re.findall(YEAR, "2017年和1998年，但不是3017年")
['2017', '1998']
>>> HEDGE_LEVELS["确保"], HEDGE_LEVELS["左右"]
('guarantee', 'approximate')
"""

from __future__ import annotations

__all__ = [
    "FIRMNESS",
    "HEDGE_LEVELS",
    "PREFIX_HEDGES",
    "SUBTHEME_LABELS",
    "SUFFIX_HEDGES",
    "THEMES",
    "THEME_COLORS",
    "THEME_LABELS",
    "THEME_LABELS_ZH",
    "YEAR",
    "theme_rank",
]

THEMES = ("energy", "poverty", "ecology")
"""The book's three themes, in the order the book presents them."""


def theme_rank(theme: str) -> int:
    """Where a theme comes in the book's order: the three themes in :data:`THEMES` order,
    then any other (a custom grouping) after them.

    >>> sorted(["ecology", "coal", "energy"], key=theme_rank)
    ['energy', 'ecology', 'coal']
    """
    return THEMES.index(theme) if theme in THEMES else len(THEMES)


THEME_COLORS = {"energy": "#c0392b", "poverty": "#2874a6", "ecology": "#239b56"}
"""One colour per theme, used by every figure."""

THEME_LABELS = {
    "energy": "Energy transition",
    "poverty": "Poverty alleviation",
    "ecology": "Ecology",
}
"""English labels of the themes."""

THEME_LABELS_ZH = {
    "energy": "能源转型 (energy transition)",
    "poverty": "扶贫脱贫 (poverty alleviation)",
    "ecology": "生态环境 (ecology)",
}
"""Chinese labels with English glosses for the three themes."""

SUBTHEME_LABELS = {
    "capacity_cuts": "去产能 (capacity cuts)",
    "coal_industry_upgrading": "煤炭产业升级 (coal industry & upgrading)",
    "new_clean_energy": "新能源和清洁能源 (new & clean energy)",
    "power_reform": "电力体制改革 (power reform)",
    "efficiency_carbon": "节能降碳 (efficiency & carbon)",
    "targeted_poverty": "精准扶贫 (targeted poverty alleviation)",
    "relocation": "易地扶贫搬迁 (relocation)",
    "rural_income_skills": "农民增收和技能 (rural income & skills)",
    "social_assistance": "社会救助 (social assistance)",
    "poor_areas": "贫困地区 (poor areas)",
    "air": "大气 (air)",
    "water": "水 (water)",
    "soil": "土壤和固废 (soil & waste)",
    "afforestation_land": "造林和国土 (forests & land)",
    "river_lake_governance": "河湖治理 (rivers & lakes)",
    "emission_reduction": "减排和污染 (emissions & pollution)",
    "compensation_institutions": "生态环保综合和制度 (general environmental terms & institutions)",
}
"""Chinese labels with English glosses for the lexicon's subthemes (others show their id)."""

YEAR = r"(?:19|20)\d{2}"
"""A year of the reports' era in Arabic digits (a regular expression, no group)."""

PREFIX_HEDGES = ("力争", "确保", "超过", "突破", "不低于", "不少于", "不超过", "约", "近", "大约")
"""Hedge words written before a figure (力争增长7%)."""

SUFFIX_HEDGES = ("左右", "以上", "以内", "以下", "之内", "上下")
"""Hedge words written after a figure (增长7%左右); 多 and 余 stand inside it (5700多亿元)."""

FIRMNESS = ("guarantee", "aspiration", "floor", "ceiling", "approximate", "plain")
"""The levels of firmness of a figure, firmest first (``plain``: no hedge word)."""

HEDGE_LEVELS = {
    "确保": "guarantee",
    "力争": "aspiration",
    **dict.fromkeys(("以上", "不低于", "不少于", "超过", "突破", "多", "余"), "floor"),
    **dict.fromkeys(("以内", "以下", "之内", "不超过"), "ceiling"),
    **dict.fromkeys(("左右", "约", "近", "上下", "大约"), "approximate"),
}
"""Each hedge word's level of firmness (see :func:`workreport.targets.firmness`)."""
