"""Figures with Chinese labels: a real CJK font from a pinned package, English glosses.

:func:`use_cjk_font` registers Noto Sans CJK SC, shipped by the ``mplfonts`` package (SIL Open
Font License), with matplotlib, without modifying the installed matplotlib. Every plotting
function returns its ``Figure`` and draws only what its tidy input table holds, so the
numbers behind each figure can be shown next to it.

Figures are laid out with matplotlib's constrained layout (no clipped or colliding labels),
keep their legends outside the data (below the axes) and are saved at :data:`FIGURE_DPI`
dots per inch; :func:`workreport.book.chapter.setup` makes the notebooks' inline figures
use the same resolution.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter
from matplotlib.transforms import offset_copy

from ..constants import SUBTHEME_LABELS, THEME_COLORS, THEME_LABELS_ZH, THEMES, theme_rank

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = [
    "FIGURE_DPI",
    "change_dotplot",
    "cjk_font_path",
    "cooccurrence_network",
    "distinctive_figure",
    "firmness_bars",
    "grouped_bars",
    "hbar",
    "label",
    "percent_change",
    "placeholder",
    "rate_ratio_plot",
    "rates_dotplot",
    "results_vs_targets",
    "series_figure",
    "strongest_links",
    "theme_heatmap",
    "theme_positions_plot",
    "use_cjk_font",
]

FONT_FILE = "NotoSansCJKsc-Regular.otf"
#: The resolution of saved and inline figures, in dots per inch, sharp on high-density
#: screens and in print. ``figure.dpi`` stays at 100 so that a figure's size in pixels as printed
#: by its ``repr`` (``<Figure size 800x450 …>``) does not depend on it.
FIGURE_DPI = 200
#: Smallest font size used for text in the figures (points).
MIN_FONT = 8


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
            "savefig.dpi": FIGURE_DPI,
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


def _theme_label(name: str) -> str:
    """A theme's or subtheme's label, Chinese with its English gloss, from
    :mod:`workreport.constants` (the one naming of the themes); any other name as it is,
    with spaces for underscores.

    Examples
    --------
    >>> _theme_label("poverty"), _theme_label("air"), _theme_label("no_theme")
    ('扶贫脱贫 (poverty alleviation)', '大气 (air)', 'no theme')
    """
    return THEME_LABELS_ZH.get(name) or SUBTHEME_LABELS.get(name) or name.replace("_", " ")


def _legend_below(ax: Any, **kwargs: Any) -> None:
    """A legend centred under the axes, just below the x-axis label, at any figure height.

    The gap is measured in points from what is drawn under the axes (tick labels, axis
    label), so the legend never covers the data and never floats far below it; a later
    ``tight_layout`` makes room for it.
    """
    fig = ax.figure
    fig.draw_without_rendering()
    under = ax.get_window_extent().y0 - ax.get_tightbbox().y0  # pixels below the axes
    gap = under * 72 / fig.dpi + 4
    kwargs.setdefault("frameon", False)
    return ax.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, 0),
        bbox_transform=offset_copy(ax.transAxes, fig=fig, y=-gap, units="points"),
        **kwargs,
    )


def _spread(
    positions: Iterable[float], *, gap: float, lo: float = 0.0, hi: float = 1.0
) -> list[float]:
    """Move sorted label positions apart so that neighbours are at least ``gap`` apart,
    keeping them within ``[lo, hi]`` as far as the number of labels allows.

    Examples
    --------
    >>> [round(x, 2) for x in _spread([0.1, 0.11, 0.5], gap=0.05)]
    [0.1, 0.15, 0.5]
    >>> [round(x, 2) for x in _spread([0.97, 0.98, 0.99], gap=0.05)]
    [0.9, 0.95, 1.0]
    """
    out: list[float] = []
    for x in positions:
        out.append(max(x, out[-1] + gap) if out else max(x, lo))
    over = (out[-1] - hi) if out else 0.0
    if over > 0:  # pushed past the right end: shift back from the right, keeping the gaps
        for i in range(len(out) - 1, -1, -1):
            limit = hi if i == len(out) - 1 else out[i + 1] - gap
            out[i] = min(out[i], limit)
    return out


def theme_heatmap(
    table: pd.DataFrame,
    *,
    row_labels: dict,
    value: str = "per_1000",
    column: str = "theme",
    ax: Any = None,
) -> plt.Figure:
    """Heatmap of theme attention (rows: units such as sections, columns: themes).

    ``table`` is tidy (``unit``, ``theme``, ``value``); ``row_labels`` maps unit to label.
    ``column`` names the column whose values become the heatmap's columns (``"subtheme"``
    for subthemes): the three themes come first in their usual order, other labels follow
    alphabetically. With more than three columns their labels are slanted, one line each,
    so that neighbouring labels do not collide.
    """
    use_cjk_font()
    wide = table.pivot(index="unit", columns=column, values=value)
    known = [t for t in THEME_COLORS if t in wide.columns]
    wide = wide[known + sorted(c for c in wide.columns if c not in known)]
    if ax is None:
        # constrained layout: tight_layout cannot fit the labels of a heat map of few rows
        fig, ax = plt.subplots(
            figsize=(8.5, max(3.2, 0.42 * len(wide) + 1.6)), layout="constrained"
        )
    else:
        fig = ax.figure
    im = ax.imshow(wide.to_numpy(), cmap="Greys", aspect="auto")
    names = [_theme_label(t) for t in wide.columns]
    if wide.shape[1] <= 3:
        ax.set_xticks(range(wide.shape[1]), [n.replace(" (", "\n(", 1) for n in names])
    else:
        ax.set_xticks(range(wide.shape[1]), names, rotation=40, ha="right", rotation_mode="anchor")
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
            fontsize=MIN_FONT,
        )
    fig.colorbar(im, ax=ax, label="matches per 1,000 words", shrink=min(1.0, 6 / max(len(wide), 1)))
    ax.spines[:].set_visible(False)
    if fig.get_layout_engine() is None:
        fig.tight_layout()
    return fig


def theme_positions_plot(positions: pd.DataFrame, boundaries: pd.DataFrame) -> plt.Figure:
    """Each theme match as a tick along the document (0 = start, 1 = end).

    ``boundaries`` has ``position`` and ``label`` columns (e.g. part and section starts).
    Labels of boundaries that lie close together are moved apart (the dotted line stays at
    the true position).
    """
    use_cjk_font()
    themes = [t for t in THEME_COLORS if t in set(positions["theme"])]
    fig, ax = plt.subplots(figsize=(9, 0.6 * len(themes) + 1.6))
    for i, t in enumerate(themes):
        ticks = positions.loc[positions["theme"] == t, "position"]
        ax.vlines(ticks, i - 0.35, i + 0.35, color=THEME_COLORS[t], linewidth=0.8)
    bounds = boundaries.sort_values("position", kind="stable")
    for pos in bounds["position"]:
        ax.axvline(pos, color="0.6", linestyle=":", linewidth=0.8)
    # a rotated label is about one line high wide: 1.3 × the font size, in axis units
    gap = 1.3 * MIN_FONT / 72 / (0.85 * fig.get_figwidth())
    spread = _spread(list(bounds["position"]), gap=gap)
    for x, text in zip(spread, bounds["label"], strict=True):
        ax.text(
            x,
            len(themes) - 0.45,
            text,
            fontsize=MIN_FONT,
            rotation=90,
            va="bottom",
            ha="right",
            color="0.35",
        )
    ax.set_yticks(range(len(themes)), [_theme_label(t) for t in themes])
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.6, len(themes) + 0.9)
    ax.set_xlabel("position in the report (share of characters)")
    fig.tight_layout()
    return fig


def results_vs_targets(pairs: pd.DataFrame, *, labels: dict) -> plt.Figure:
    """2016 result against 2017 target for each paired indicator, as ratio target / result.

    ``pairs`` has ``indicator``, ``result``, ``target``, ``unit``; one panel row each.
    The value axis is logarithmic because the rows have different units; prefer
    :func:`change_dotplot`, which puts every row on one scale (percentage change).
    """
    use_cjk_font()
    p = pairs.reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(8, 0.5 * len(p) + 1.5))
    y = np.arange(len(p))[::-1]
    ax.barh(y + 0.18, p["result"], height=0.34, color="0.65", label="2016 result")
    ax.barh(y - 0.18, p["target"], height=0.34, color="#34495e", label="2017 target")
    for yi, r, t, u in zip(y, p["result"], p["target"], p["unit"], strict=True):
        ax.text(r, yi + 0.18, f" {r:,g}{u}", va="center", fontsize=MIN_FONT)
        ax.text(t, yi - 0.18, f" {t:,g}{u}", va="center", fontsize=MIN_FONT)
    ax.set_yticks(y, [labels.get(i, i) for i in p["indicator"]])
    ax.set_xscale("log")
    ax.set_xlabel("value (log scale; units differ by row)")
    _legend_below(ax, ncol=2)
    fig.tight_layout()
    return fig


def percent_change(result: ArrayLike, target: ArrayLike) -> float | np.ndarray:
    """Change from ``result`` to ``target`` in per cent of the result (NaN when the result
    is 0 or missing).

    Examples
    --------
    >>> round(percent_change(2325, 2000), 2)
    -13.98
    >>> round(percent_change(4.5, 5.5), 2)
    22.22
    >>> percent_change([10, -4], [15, -2]).round(1).tolist()
    [50.0, 50.0]
    >>> import math
    >>> math.isnan(percent_change(0, 5))
    True
    """
    r = np.asarray(result, dtype=float)
    t = np.asarray(target, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        out = np.where((r != 0) & np.isfinite(r), 100 * (t - r) / np.abs(r), np.nan)
    return out.item() if out.ndim == 0 else out


_RATE_UNITS = ("%", "‰", "个百分点", "百分点")


def change_dotplot(
    pairs: pd.DataFrame,
    *,
    labels: dict | None = None,
    result_label: str = "result",
    target_label: str = "target",
) -> plt.Figure:
    """Dot plot of the change from each result to its target, in per cent of the result.

    ``pairs`` has ``indicator``, ``result``, ``target`` and ``unit`` (one row each, drawn top
    to bottom). Every row shares one axis, whatever its unit; the values as written are
    printed beside each dot (``2,325万吨 → 2,000万吨``). For rates (unit ``%``) the change in
    percentage points is printed too, since a rate's relative change is easily misread.
    Rows whose result is 0 or missing have no relative change: they are marked ``n/a``.
    """
    use_cjk_font()
    p = pairs.reset_index(drop=True)
    labels = labels or {}
    change = np.atleast_1d(percent_change(p["result"], p["target"]))
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(p) + 1.4))
    y = np.arange(len(p))[::-1]
    colors = np.where(change >= 0, "#34495e", "#c0392b")
    ok = np.isfinite(change)
    ax.hlines(y[ok], 0, change[ok], color=colors[ok], linewidth=1.5)
    ax.scatter(change[ok], y[ok], color=colors[ok], s=36, zorder=3)
    ax.axvline(0, color="0.5", linewidth=0.8)
    finite = change[ok]
    span = max(float(np.abs(finite).max()) if len(finite) else 1.0, 1.0)
    ax.set_xlim(
        min(-0.1 * span, finite.min(initial=0) * 1.1), max(finite.max(initial=0), 0) + 0.7 * span
    )
    for yi, c, r, t, u in zip(y, change, p["result"], p["target"], p["unit"], strict=True):
        u = "" if pd.isna(u) else str(u).strip()
        text = f"{r:,g}{u} → {t:,g}{u}"
        if u in _RATE_UNITS and np.isfinite(r) and np.isfinite(t):
            text += f" ({t - r:+.1f} points)"
        x = c if np.isfinite(c) else 0.0
        note = f"{c:+.0f}%  {text}" if np.isfinite(c) else f"n/a  {text}"
        ax.annotate(
            note,
            (max(x, 0), yi),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
            fontsize=MIN_FONT,
        )
    ax.set_yticks(y, [labels.get(i, i) for i in p["indicator"]])
    ax.set_xlabel(f"{target_label} compared with {result_label} (% change)")
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    fig.tight_layout()
    return fig


def grouped_bars(
    table: pd.DataFrame,
    *,
    xlabel: str,
    colors: list | None = None,
    low: pd.DataFrame | None = None,
    high: pd.DataFrame | None = None,
) -> plt.Figure:
    """Horizontal grouped bars: one group per row of ``table`` (its index gives the labels,
    top to bottom), one bar per column (the legend, below the axes, names the columns).

    ``low`` and ``high`` (same shape as ``table``), when given, are the ends of each bar's
    confidence interval, drawn as error bars.
    """
    use_cjk_font()
    n_rows, n_cols = table.shape
    colors = colors or [plt.get_cmap("tab10")(j) for j in range(n_cols)]
    fig, ax = plt.subplots(figsize=(8, 0.32 * n_rows * n_cols + 1.6))
    height = 0.8 / max(n_cols, 1)
    y = np.arange(n_rows)[::-1]
    for j, col in enumerate(table.columns):
        yj = y + 0.4 - height * (j + 0.5)
        vals = table[col].to_numpy(dtype=float)
        err = None
        if low is not None and high is not None:
            lo = low[col].to_numpy(dtype=float)
            hi = high[col].to_numpy(dtype=float)
            err = np.vstack([vals - lo, hi - vals])
        ax.barh(
            yj,
            vals,
            height=height * 0.92,
            color=colors[j],
            label=str(col),
            xerr=err,
            error_kw={"elinewidth": 1, "capsize": 3, "ecolor": "0.2"},
        )
    ax.set_yticks(y, [str(i) for i in table.index])
    ax.tick_params(axis="y", length=0)
    ax.set_xlabel(xlabel)
    _legend_below(ax, ncol=min(n_cols, 4))
    fig.tight_layout()
    return fig


def rate_ratio_plot(table: pd.DataFrame, *, labels: dict | None = None) -> plt.Figure:
    """Rate ratio plan / review for each row, with its 95% confidence interval as error bars.

    ``table`` is the output of :func:`workreport.themes.review_vs_plan` (``theme``,
    ``rate_ratio``, ``ci_low``, ``ci_high``); ``labels`` maps a theme to its label (default:
    the English theme names). Ratios are drawn on a logarithmic axis, where 2 and 1/2 are
    the same distance from 1; rows without a ratio are left out.
    """
    use_cjk_font()
    t = table.dropna(subset=["rate_ratio"]).reset_index(drop=True)
    labels = labels or {}
    fig, ax = plt.subplots(figsize=(8, 0.55 * len(t) + 1.4))
    y = np.arange(len(t))[::-1]
    ratio = t["rate_ratio"].to_numpy(dtype=float)
    err = np.vstack([ratio - t["ci_low"].to_numpy(float), t["ci_high"].to_numpy(float) - ratio])
    colors = [THEME_COLORS.get(th, "0.3") for th in t["theme"]]
    for yi, r, e0, e1, c in zip(y, ratio, err[0], err[1], colors, strict=True):
        ax.errorbar(r, yi, xerr=[[e0], [e1]], fmt="o", color=c, capsize=4, markersize=6)
    ax.axvline(1, color="0.5", linewidth=0.8, linestyle="--")
    ax.set_xscale("log")
    # plain numbers (0.2, 0.5, 1, 2, 5), not powers of ten
    ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:g}"))
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_yticks(y, [labels.get(th, _theme_label(th)) for th in t["theme"]])
    ax.set_ylim(-0.7, len(t) - 0.3)
    ax.set_xlabel("attention in the plan ÷ attention in the review (95% CI, log scale)")
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
                ax.text(
                    left[i] + v / 2, i, f"{int(n)}", ha="center", va="center", fontsize=MIN_FONT
                )
        left += vals
    ax.set_yticks(range(len(share)), [_theme_label(t) for t in share.index])
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of the theme's quantified figures")
    _legend_below(ax, ncol=min(len(share.columns), 6), fontsize=MIN_FONT)
    fig.tight_layout()
    return fig


def strongest_links(pairs: pd.DataFrame, top: int) -> pd.DataFrame:
    """At most ``top`` links, the strongest (most shared sentences) first, without splitting
    a tie: links as strong as the first one left out are left out too, so the cut never
    depends on the order of equal links. When the strongest links alone are more than
    ``top``, they are all kept.

    Examples
    --------
    >>> p = pd.DataFrame({"a": list("wxyz"), "b": list("bcde"), "sentences": [5, 3, 3, 1]})
    >>> strongest_links(p, 3)["a"].tolist()
    ['w', 'x', 'y']
    >>> strongest_links(p, 2)["a"].tolist()
    ['w']
    >>> len(strongest_links(p, 10))
    4
    """
    if top < 1:
        raise ValueError(f"top must be at least 1, not {top}")
    ranked = pairs.sort_values(["sentences", "a", "b"], ascending=[False, True, True])
    if len(ranked) <= top:
        return ranked
    weights = ranked["sentences"]
    cut = weights.iloc[top]  # the strongest link left out
    kept = ranked[weights > cut]
    return kept if len(kept) else ranked[weights == weights.iloc[0]]


def cooccurrence_network(
    pairs: pd.DataFrame,
    nodes: pd.DataFrame,
    *,
    min_sentences: int = 2,
    top: int | None = None,
) -> plt.Figure:
    """A circular network of terms linked when they share sentences.

    ``pairs``: ``a``, ``b``, ``sentences``; ``nodes``: ``term``, ``theme``, ``label``,
    ``count``. Edges below ``min_sentences`` are not drawn; with ``top``, only the (at most)
    ``top`` strongest of the rest are (see :func:`strongest_links`), each labelled with its
    number of shared sentences. Only terms with a drawn link appear, grouped by theme, each
    labelled.
    """
    use_cjk_font()
    edges = pairs[pairs["sentences"] >= min_sentences]
    if top is not None:
        edges = strongest_links(edges, top)
    used = set(edges["a"]) | set(edges["b"])
    n = nodes[nodes["term"].isin(used)].copy()
    n["o"] = n["theme"].map(theme_rank)
    n = n.sort_values(["o", "term"]).reset_index(drop=True)
    angles = 2 * math.pi * np.arange(len(n)) / max(len(n), 1)
    xy = {t: (math.cos(a), math.sin(a)) for t, a in zip(n["term"], angles, strict=True)}
    fig, ax = plt.subplots(figsize=(8, 8))
    strongest = edges["sentences"].max() if len(edges) else 1
    for a, b, w in zip(edges["a"], edges["b"], edges["sentences"], strict=True):
        (x1, y1), (x2, y2) = xy[a], xy[b]
        ax.plot(
            [x1, x2],
            [y1, y2],
            color="0.5",
            alpha=0.25 + 0.6 * w / strongest,
            linewidth=0.5 + 3 * w / strongest,
            zorder=1,
        )
        if top is not None:
            ax.text(
                (x1 + x2) / 2,
                (y1 + y2) / 2,
                str(int(w)),
                fontsize=MIN_FONT,
                ha="center",
                va="center",
                color="0.25",
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
                zorder=2,
            )
    sizes = 30 + 400 * n["count"] / n["count"].max() if len(n) else []
    ax.scatter(
        [xy[t][0] for t in n["term"]],
        [xy[t][1] for t in n["term"]],
        s=sizes,
        c=[THEME_COLORS.get(t, "0.3") for t in n["theme"]],
        zorder=3,
    )
    for t, lab in zip(n["term"], n["label"], strict=True):
        x, y = xy[t]
        angle = math.degrees(math.atan2(y, x))
        # labels run along the radius, so that neighbouring labels do not overlap
        ax.text(
            1.08 * x,
            1.08 * y,
            lab.replace("\n", " "),
            fontsize=MIN_FONT,
            ha="left" if x >= 0 else "right",
            va="center",
            rotation=angle if x >= 0 else angle - 180,
            rotation_mode="anchor",
        )
    present = [t for t in THEME_COLORS if t in set(n["theme"])] or list(THEME_COLORS)
    for theme in present:
        ax.scatter([], [], c=THEME_COLORS[theme], label=_theme_label(theme))
    ax.set_xlim(-1.9, 1.9)
    ax.set_ylim(-1.9, 1.9)
    ax.set_aspect("equal")
    ax.axis("off")
    _legend_below(ax, ncol=len(present))  # under the labels, however far they reach
    fig.tight_layout()
    return fig


def hbar(
    values: pd.Series,
    *,
    xlabel: str,
    color: str = "#5d6d7e",
    low: pd.Series | None = None,
    high: pd.Series | None = None,
) -> plt.Figure:
    """Horizontal bars of a labelled Series (index: labels, top to bottom), values printed.

    ``low`` and ``high`` (indexed like ``values``), when given, are the ends of each value's
    confidence interval, drawn as error bars; the value is then printed past the interval.
    """
    use_cjk_font()
    fig, ax = plt.subplots(figsize=(8, 0.42 * len(values) + 1.2))
    y = np.arange(len(values))[::-1]
    vals = values.to_numpy(dtype=float)
    err = None
    ends = vals
    if low is not None and high is not None:
        lo = low.reindex(values.index).to_numpy(dtype=float)
        hi = high.reindex(values.index).to_numpy(dtype=float)
        err = np.vstack([vals - lo, hi - vals])
        ends = np.fmax(vals, hi)
    ax.barh(
        y, vals, color=color, xerr=err, error_kw={"elinewidth": 1, "capsize": 3, "ecolor": "0.2"}
    )
    for yi, v, end in zip(y, vals, ends, strict=True):
        ax.text(end, yi, f" {v:,.0f}", va="center", fontsize=MIN_FONT)
    ax.set_yticks(y, list(values.index), fontsize=MIN_FONT)
    ax.set_xlabel(xlabel)
    fig.tight_layout()
    return fig


def placeholder(message: str) -> plt.Figure:
    """A small figure that says why there is nothing to draw (a chapter run on a report
    without the data for one of its figures still has a figure to glue)."""
    fig, ax = plt.subplots(figsize=(6, 1.2))
    ax.axis("off")
    ax.text(0.5, 0.5, message, ha="center", va="center", wrap=True)
    return fig


def _broken_at_gaps(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``x`` and ``y`` with a NaN point inserted wherever ``x`` (years, sorted) skips a
    value, so that a line drawn through them is broken over the missing years.

    Examples
    --------
    >>> x, y = _broken_at_gaps(np.array([1960, 1964, 1965]), np.array([1.0, 2.0, 3.0]))
    >>> x.tolist(), np.isnan(y).tolist()
    ([1960.0, 1962.0, 1964.0, 1965.0], [False, True, False, False])
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    gaps = np.flatnonzero(np.diff(x) > 1) + 1
    return (
        np.insert(x, gaps, (x[gaps - 1] + x[gaps]) / 2),
        np.insert(y, gaps, np.nan),
    )


def series_figure(
    series: pd.DataFrame,
    marks: dict[str, float],
    *,
    mark_year: int,
    mark_label: str = "this report",
    mark_intervals: dict[str, tuple[float, float]] | None = None,
) -> plt.Figure:
    """The national series, one panel per theme and one for the environmental-governance
    index (both ways), with one report's values (``marks``, by column of the series) drawn as
    black markers at ``mark_year``, with their intervals (``mark_intervals``, same keys) where
    given. Points are the loaded reports, joined only between consecutive years (the line
    breaks over years without a report); the theme rates have their 95% paragraph-bootstrap
    intervals. Each panel's value axis starts at 0 and ends just above the largest value or
    interval drawn in it."""
    use_cjk_font()
    intervals = mark_intervals or {}
    ok = series[(series["status"] == "ok") & series["year"].notna()].sort_values("year")
    x = ok["year"].astype(int).to_numpy()
    fig, axes = plt.subplots(2, 2, figsize=(10, 7), sharex=True)

    def mark(ax: Any, key: str, marker: str, lab: str) -> float:
        value = float(marks[key])
        lo, hi = intervals.get(key, (np.nan, np.nan))
        err = None if np.isnan(lo) or np.isnan(hi) else [[value - lo], [hi - value]]
        ax.errorbar(
            mark_year,
            value,
            yerr=err,
            fmt=marker,
            color="black",
            markersize=11,
            capsize=3,
            elinewidth=1,
            label=lab,
            zorder=4,
        )
        return float(np.nanmax([value, hi]))

    for ax, t in zip(axes.flat, THEMES, strict=False):
        key = f"{t}_per_1000"
        y = ok[key].to_numpy(float)
        low, high = ok[f"{t}_ci_low"].to_numpy(float), ok[f"{t}_ci_high"].to_numpy(float)
        c = THEME_COLORS[t]
        ax.errorbar(
            x,
            y,
            yerr=np.vstack([y - low, high - y]),
            fmt="none",
            ecolor=c,
            alpha=0.3,
            linewidth=0.8,
        )
        ax.plot(*_broken_at_gaps(x, y), "-", color=c, linewidth=0.8)
        ax.plot(x, y, "o", color=c, markersize=3.5, label="全国 (national)")
        top = float(np.nanmax(high, initial=0.0))
        if key in marks:
            top = max(top, mark(ax, key, "*", mark_label))
        ax.set_title(THEME_LABELS_ZH[t], fontsize=10)
        ax.set_ylabel("每千词匹配数\n(matches per 1,000 words)", fontsize=MIN_FONT + 1)
        ax.set_ylim(0, 1.05 * top if top > 0 else 1)
    ax = axes.flat[3]
    top = 0.0
    for col, style, marker, lab in (
        ("env_index_substring", "o", "*", "按字串 (substrings)"),
        ("env_index", "s", "P", "按词 (words)"),
    ):
        y = ok[col].to_numpy(float)
        ax.plot(*_broken_at_gaps(x, y), "-" if style == "o" else "--", color="0.35", linewidth=0.8)
        ax.plot(x, y, style, color="0.35", markersize=3, label=f"全国 (national) {lab}")
        top = max(top, float(np.nanmax(y, initial=0.0)))
        if col in marks:
            top = max(top, mark(ax, col, marker, f"{mark_label} {lab}"))
    ax.set_title("环境治理指数 (environmental-governance index)", fontsize=10)
    ax.set_ylabel("占词数 % (% of words)", fontsize=MIN_FONT + 1)
    ax.set_ylim(0, 1.05 * top if top > 0 else 1)
    for ax in axes[1]:
        ax.set_xlabel("年份 (year)")
    for ax in (axes.flat[0], axes.flat[3]):
        ax.legend(fontsize=MIN_FONT, loc="upper left", frameon=False)
    fig.tight_layout()
    return fig


def rates_dotplot(
    table: pd.DataFrame,
    *,
    report_label: str = "山西 2017 (Shanxi)",
    national_label: str = "全国 2017 (national)",
) -> plt.Figure:
    """A dot plot of two reports' rates per 1,000 words, one row per line of ``table`` (the
    output of :func:`workreport.context.compare_rates`, rows of one level), grouped by
    theme, each with its 95% interval: the report filled, the national report open."""
    use_cjk_font()
    t = table.assign(o=table["theme"].map(theme_rank)).sort_values("o", kind="stable")
    fig, ax = plt.subplots(figsize=(8, 0.42 * len(t) + 1.6))
    y = np.arange(len(t))[::-1].astype(float)
    for side, dy, face, lab in (
        ("report", 0.15, None, report_label),
        ("national", -0.15, "white", national_label),
    ):
        for yi, (_, r) in zip(y, t.iterrows(), strict=True):
            c = THEME_COLORS.get(r["theme"], "0.3")
            ax.plot(
                [r[f"{side}_ci_low"], r[f"{side}_ci_high"]],
                [yi + dy] * 2,
                color=c,
                linewidth=1.2,
                alpha=0.8,
            )
            ax.plot(
                r[f"{side}_value"],
                yi + dy,
                "o" if side == "report" else "s",
                color=c,
                markerfacecolor=face or c,
                markersize=6,
            )
        ax.plot(
            [],
            [],
            "o" if side == "report" else "s",
            color="0.3",
            markerfacecolor=face or "0.3",
            label=lab,
        )
    ax.set_yticks(y, list(t["label"]), fontsize=MIN_FONT + 1)
    ax.set_ylim(-0.7, len(t) - 0.3)
    top = np.nanmax(t[["report_ci_high", "national_ci_high"]].to_numpy(float)) if len(t) else 1
    ax.set_xlim(-0.02 * top, 1.03 * top)  # zeros stay visible on the axis
    ax.set_xlabel("每千词匹配数 (matches per 1,000 words, 95% paragraph-bootstrap interval)")
    ax.grid(axis="x", color="0.9")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False)
    fig.tight_layout()
    return fig


def distinctive_figure(
    words: pd.DataFrame,
    *,
    glosses: dict[str, str] | None = None,
    top: int = 15,
    report_label: str = "山西 (Shanxi)",
    national_label: str = "全国 (national)",
) -> plt.Figure:
    """The ``top`` most distinctive words of each report (the output of
    :func:`workreport.context.distinctive_words`): bars of ``z``, the report's to the right,
    the national report's to the left, each labelled with the word, its English gloss where
    ``glosses`` has one, and its counts in both reports."""
    use_cjk_font()
    glosses = glosses or {}
    mine = words[words["distinctive_of"] == "report"].head(top)
    theirs = words[words["distinctive_of"] == "national"].head(top)
    t = pd.concat([mine, theirs.iloc[::-1]], ignore_index=True)
    fig, ax = plt.subplots(figsize=(9, 0.3 * len(t) + 1.5))
    y = np.arange(len(t))[::-1]
    colors = np.where(t["z"] > 0, "#b9770e", "#5d6d7e")
    ax.barh(y, t["z"], color=colors, height=0.7)
    lim = float(t["z"].abs().max()) * 1.05 if len(t) else 1.0
    for yi, word, z, n_in, n_out in zip(
        y, t["word"], t["z"], t["report_count"], t["national_count"], strict=True
    ):
        gloss = glosses.get(str(word), "")
        text = f"{word} ({gloss})" if gloss else str(word)
        text += f"  {n_in}:{n_out}"
        # the label sits beside the zero line on the side the bar leaves free
        ha, x = ("right", -0.02 * lim) if z > 0 else ("left", 0.02 * lim)
        ax.text(x, yi, text, va="center", ha=ha, fontsize=MIN_FONT)
    ax.set_xlim(-lim, lim)
    ax.axvline(0, color="0.4", linewidth=0.8)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.set_xlabel(f"z (加权对数优势比 weighted log-odds): ← {national_label} | {report_label} →")
    fig.tight_layout()
    return fig
