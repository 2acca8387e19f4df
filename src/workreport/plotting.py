"""Figures with Chinese labels: a real CJK font from a pinned package, English glosses.

:func:`use_cjk_font` registers Noto Sans CJK SC, shipped by the ``mplfonts`` package (SIL Open
Font License), with matplotlib, without modifying the installed matplotlib. Every plotting
function returns its ``Figure`` and draws only what its tidy input table holds, so the
numbers behind each figure can be shown next to it.
"""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import font_manager

__all__ = [
    "THEME_COLORS",
    "THEME_LABELS",
    "cjk_font_path",
    "cooccurrence_network",
    "firmness_bars",
    "hbar",
    "label",
    "results_vs_targets",
    "theme_heatmap",
    "theme_positions_plot",
    "use_cjk_font",
]

THEME_COLORS = {"energy": "#c0392b", "poverty": "#2874a6", "ecology": "#239b56"}
THEME_LABELS = {
    "energy": "Energy transition",
    "poverty": "Poverty alleviation",
    "ecology": "Ecology",
}
FONT_FILE = "NotoSansCJKsc-Regular.otf"


def cjk_font_path() -> Path:
    """Path of Noto Sans CJK SC as shipped by the ``mplfonts`` package."""
    import mplfonts

    path = Path(mplfonts.__file__).parent / "fonts" / FONT_FILE
    if not path.exists():
        raise FileNotFoundError(f"{path}: CJK font missing from the mplfonts package")
    return path


@cache
def use_cjk_font() -> str:
    """Register the CJK font and make it matplotlib's default; return the family name.

    Also fixes the figure style used throughout the book (size, resolution, no metadata
    that changes between runs).
    """
    path = cjk_font_path()
    font_manager.fontManager.addfont(str(path))
    name = font_manager.FontProperties(fname=str(path)).get_name()
    mpl.rcParams.update(
        {
            "font.family": "sans-serif",
            "font.sans-serif": [name, "DejaVu Sans"],
            "axes.unicode_minus": False,
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "figure.figsize": (8, 4.5),
            "axes.spines.top": False,
            "axes.spines.right": False,
            "svg.hashsalt": "workreport",
        }
    )
    return name


def label(term: str, gloss: str | None, *, width: int = 22) -> str:
    """A Chinese term with its English gloss: ``煤炭 (coal)``, wrapped if long.

    Examples
    --------
    >>> label("煤炭", "coal")
    '煤炭 (coal)'
    >>> label("煤炭", None)
    '煤炭'
    """
    if not gloss:
        return term
    text = f"{term} ({gloss})"
    return text if len(text) <= width else f"{term}\n({gloss})"


def theme_heatmap(
    table: pd.DataFrame,
    *,
    row_labels: dict,
    value: str = "per_1000",
    column: str = "theme",
    ax=None,
) -> plt.Figure:
    """Heatmap of theme attention (rows: units such as sections, columns: themes).

    ``table`` is tidy (``unit``, ``theme``, ``value``); ``row_labels`` maps unit to label.
    ``column`` names the column whose values become the heatmap's columns (``"subtheme"``
    for subthemes): the three themes come first in their usual order, other labels follow
    alphabetically.
    """
    use_cjk_font()
    wide = table.pivot(index="unit", columns=column, values=value)
    known = [t for t in THEME_COLORS if t in wide.columns]
    wide = wide[known + sorted(c for c in wide.columns if c not in known)]
    if ax is None:
        fig, ax = plt.subplots(figsize=(8.5, 0.42 * len(wide) + 1.6))
    else:
        fig = ax.figure
    im = ax.imshow(wide.to_numpy(), cmap="Greys", aspect="auto")
    ax.set_xticks(
        range(wide.shape[1]),
        [THEME_LABELS.get(t, t).replace("_", " ").replace(" ", "\n", 1) for t in wide.columns],
        rotation=0 if wide.shape[1] <= 3 else 30,
        ha="center" if wide.shape[1] <= 3 else "right",
    )
    ax.set_yticks(range(len(wide)), [row_labels[u] for u in wide.index])
    top = np.nanmax(wide.to_numpy()) if wide.size else 0
    for (i, j), v in np.ndenumerate(wide.to_numpy()):
        ax.text(
            j,
            i,
            f"{v:.1f}",
            ha="center",
            va="center",
            color="white" if v > 0.6 * top else "black",
            fontsize=8,
        )
    fig.colorbar(im, ax=ax, label="matches per 1,000 words")
    ax.spines[:].set_visible(False)
    fig.tight_layout()
    return fig


def theme_positions_plot(positions: pd.DataFrame, boundaries: pd.DataFrame) -> plt.Figure:
    """Each theme match as a tick along the document (0 = start, 1 = end).

    ``boundaries`` has ``position`` and ``label`` columns (e.g. part and section starts).
    """
    use_cjk_font()
    themes = [t for t in THEME_COLORS if t in set(positions["theme"])]
    fig, ax = plt.subplots(figsize=(9, 0.6 * len(themes) + 1.6))
    for i, t in enumerate(themes):
        x = positions.loc[positions["theme"] == t, "position"]
        ax.vlines(x, i - 0.35, i + 0.35, color=THEME_COLORS[t], linewidth=0.8)
    for pos, text in zip(boundaries["position"], boundaries["label"], strict=True):
        ax.axvline(pos, color="0.6", linestyle=":", linewidth=0.8)
        ax.text(
            pos,
            len(themes) - 0.45,
            text,
            fontsize=7,
            rotation=90,
            va="bottom",
            ha="right",
            color="0.35",
        )
    ax.set_yticks(range(len(themes)), [THEME_LABELS[t] for t in themes])
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.6, len(themes) + 0.9)
    ax.set_xlabel("position in the report (share of characters)")
    fig.tight_layout()
    return fig


def results_vs_targets(pairs: pd.DataFrame, *, labels: dict) -> plt.Figure:
    """2016 result against 2017 target for each paired indicator, as ratio target / result.

    ``pairs`` has ``indicator``, ``result``, ``target``, ``unit``; one panel row each.
    """
    use_cjk_font()
    p = pairs.reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(8, 0.5 * len(p) + 1.5))
    y = np.arange(len(p))[::-1]
    ax.barh(y + 0.18, p["result"], height=0.34, color="0.65", label="2016 result")
    ax.barh(y - 0.18, p["target"], height=0.34, color="#34495e", label="2017 target")
    for yi, r, t, u in zip(y, p["result"], p["target"], p["unit"], strict=True):
        ax.text(r, yi + 0.18, f" {r:,g}{u}", va="center", fontsize=7)
        ax.text(t, yi - 0.18, f" {t:,g}{u}", va="center", fontsize=7)
    ax.set_yticks(y, [labels.get(i, i) for i in p["indicator"]])
    ax.set_xscale("log")
    ax.set_xlabel("value (log scale; units differ by row)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=2, frameon=False)
    fig.tight_layout()
    return fig


def firmness_bars(counts: pd.DataFrame, *, order: list[str]) -> plt.Figure:
    """Stacked horizontal bars: share of each firmness level per theme (``theme``,
    ``firmness``, ``n``); the three themes first, in their usual order, then any others."""
    use_cjk_font()
    wide = counts.pivot(index="theme", columns="firmness", values="n").fillna(0)
    wide = wide.reindex(columns=[o for o in order if o in wide.columns])
    known = [t for t in THEME_COLORS if t in wide.index]
    wide = wide.reindex(known + sorted(t for t in wide.index if t not in known))
    share = wide.div(wide.sum(axis=1), axis=0)
    fig, ax = plt.subplots(figsize=(8, 0.6 * len(share) + 1.6))
    left = np.zeros(len(share))
    cmap = plt.get_cmap("RdYlBu", len(order))
    for _j, col in enumerate(share.columns):
        vals = share[col].to_numpy()
        ax.barh(range(len(share)), vals, left=left, color=cmap(order.index(col)), label=col)
        for i, (v, n) in enumerate(zip(vals, wide[col], strict=True)):
            if v > 0.06:
                ax.text(left[i] + v / 2, i, f"{int(n)}", ha="center", va="center", fontsize=8)
        left += vals
    ax.set_yticks(range(len(share)), [THEME_LABELS.get(t, t) for t in share.index])
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of the theme's quantified figures")
    ax.legend(
        ncol=len(share.columns),
        loc="upper center",
        bbox_to_anchor=(0.5, -0.25),
        frameon=False,
        fontsize=8,
    )
    fig.tight_layout()
    return fig


def cooccurrence_network(
    pairs: pd.DataFrame, nodes: pd.DataFrame, *, min_sentences: int = 2
) -> plt.Figure:
    """A circular network of terms linked when they share sentences.

    ``pairs``: ``a``, ``b``, ``sentences``; ``nodes``: ``term``, ``theme``, ``label``,
    ``count``. Edges below ``min_sentences`` are not drawn; nodes are grouped by theme.
    """
    use_cjk_font()
    edges = pairs[pairs["sentences"] >= min_sentences]
    used = set(edges["a"]) | set(edges["b"])
    order = {t: i for i, t in enumerate(THEME_COLORS)}
    n = nodes[nodes["term"].isin(used)].copy()
    n["o"] = n["theme"].map(order)
    n = n.sort_values(["o", "term"]).reset_index(drop=True)
    angles = 2 * math.pi * np.arange(len(n)) / max(len(n), 1)
    xy = {t: (math.cos(a), math.sin(a)) for t, a in zip(n["term"], angles, strict=True)}
    fig, ax = plt.subplots(figsize=(8, 8))
    top = edges["sentences"].max() if len(edges) else 1
    for a, b, w in zip(edges["a"], edges["b"], edges["sentences"], strict=True):
        (x1, y1), (x2, y2) = xy[a], xy[b]
        ax.plot(
            [x1, x2],
            [y1, y2],
            color="0.5",
            alpha=0.25 + 0.6 * w / top,
            linewidth=0.5 + 3 * w / top,
            zorder=1,
        )
    sizes = 30 + 400 * n["count"] / n["count"].max() if len(n) else []
    ax.scatter(
        [xy[t][0] for t in n["term"]],
        [xy[t][1] for t in n["term"]],
        s=sizes,
        c=[THEME_COLORS.get(t, "0.3") for t in n["theme"]],
        zorder=2,
    )
    for t, lab in zip(n["term"], n["label"], strict=True):
        x, y = xy[t]
        angle = math.degrees(math.atan2(y, x))
        # labels run along the radius, so that neighbouring labels do not overlap
        ax.text(
            1.08 * x,
            1.08 * y,
            lab.replace("\n", " "),
            fontsize=7,
            ha="left" if x >= 0 else "right",
            va="center",
            rotation=angle if x >= 0 else angle - 180,
            rotation_mode="anchor",
        )
    for theme, color in THEME_COLORS.items():
        ax.scatter([], [], c=color, label=THEME_LABELS[theme])
    ax.legend(loc="lower left", frameon=False, bbox_to_anchor=(-0.05, -0.05))
    ax.set_xlim(-1.9, 1.9)
    ax.set_ylim(-1.9, 1.9)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.tight_layout()
    return fig


def hbar(values: pd.Series, *, xlabel: str, color: str = "#5d6d7e") -> plt.Figure:
    """Horizontal bars of a labelled Series (index: labels, top to bottom), values printed."""
    use_cjk_font()
    fig, ax = plt.subplots(figsize=(8, 0.42 * len(values) + 1.2))
    y = np.arange(len(values))[::-1]
    ax.barh(y, values.to_numpy(), color=color)
    for yi, v in zip(y, values.to_numpy(), strict=True):
        ax.text(v, yi, f" {v:,.0f}", va="center", fontsize=8)
    ax.set_yticks(y, list(values.index), fontsize=8)
    ax.set_xlabel(xlabel)
    fig.tight_layout()
    return fig
