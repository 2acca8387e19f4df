"""Paragraph-level statistics of theme matches that the chapters share and
:mod:`workreport.themes` does not already compute.

:func:`workreport.themes.theme_rates` gives a theme's (or subtheme's) rate per 1,000 words with
a paragraph-bootstrap interval, in the whole body or in one part;
:func:`workreport.themes.review_vs_plan` the rate ratio plan / review of each theme. What is
here compares two *groups of matches within one part*: how many matches of one group there
are per match of another (the coal side per new-energy match, coal-industry terms per
capacity-cut term) and whether that balance changes between the review and the plan. Theme
words cluster in paragraphs, so the intervals come from resampling the part's body paragraphs
(a percentile bootstrap with a fixed seed), never from counting words as independent.

A resample without a denominator match gives an infinite ratio, so an interval's upper end
may be infinite; a resample with neither gives no ratio and is left out.
:func:`interval_words` words a comparison from its interval, so that no sentence says "above"
of an interval that includes the null value.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from .report import Report

__all__ = [
    "RATIO_COLUMNS",
    "bootstrap_ratio",
    "group_counts",
    "interval_words",
    "is_missing",
    "part_ratios",
    "percentile_interval",
]

RATIO_COLUMNS = [
    "part",
    "paragraphs",
    "numerator",
    "denominator",
    "ratio",
    "ci_low",
    "ci_high",
]
"""The columns of :func:`part_ratios`."""


def is_missing(value: Any) -> bool:
    """Whether ``value`` is missing: ``None``, ``pd.NA`` or NaN (a value that is not a number
    at all is not missing).

    Examples
    --------
    >>> is_missing(None), is_missing(float("nan")), is_missing(0.0), is_missing("x")
    (True, True, False, False)
    """
    if value is None or value is pd.NA:
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return False


def interval_words(low: Any, high: Any, *, null: float = 1.0) -> str:
    """How to word a comparison from its interval: ``above``/``below`` the null value when the
    interval excludes it, ``not distinguishable from`` it otherwise.

    Examples
    --------
    >>> interval_words(1.2, 2.5), interval_words(0.4, 0.9), interval_words(0.8, 1.6)
    ('above', 'below', 'not distinguishable from')
    >>> interval_words(float("nan"), 2.0)
    'not estimable against'
    """
    if is_missing(low) or is_missing(high):
        return "not estimable against"
    if float(low) > null:
        return "above"
    if float(high) < null:
        return "below"
    return "not distinguishable from"


def group_counts(
    report: Report,
    matches: pd.DataFrame,
    values: Iterable[str],
    *,
    column: str = "subtheme",
    part_label: str | None = None,
) -> pd.Series:
    """Matches per body paragraph (parts 1, 2, …, or only those of parts labelled
    ``part_label``) whose ``column`` is one of ``values``; indexed by ``paragraph_id``, zero
    where a paragraph has none."""
    para = report.paragraphs
    body = para[para["part"] > 0]
    if part_label is not None:
        body = body[body["part_label"] == part_label]
    pids = body["paragraph_id"].to_numpy()
    hit = matches[matches[column].isin(list(values))] if len(matches) else matches
    counts = hit.groupby("paragraph_id").size() if len(hit) else pd.Series(dtype=float)
    return counts.reindex(pids, fill_value=0).astype(float).rename_axis("paragraph_id")


def bootstrap_ratio(
    numerator: np.ndarray, denominator: np.ndarray, *, draws: int = 2000, seed: int = 2017
) -> np.ndarray:
    """``draws`` bootstrap values of ``sum(numerator) / sum(denominator)``, the units (one
    entry of each array per paragraph) resampled with replacement; ``inf`` where a resample
    has no denominator, ``nan`` where it has neither. No units: all ``nan``.

    Examples
    --------
    >>> r = bootstrap_ratio(np.array([2.0, 0, 2]), np.array([1.0, 1, 0]), draws=500)
    >>> r.shape, bool(np.all((r >= 0) | np.isnan(r)))
    ((500,), True)
    >>> bool(np.isnan(bootstrap_ratio(np.array([]), np.array([]), draws=3)).all())
    True
    """
    num, den = np.asarray(numerator, dtype=float), np.asarray(denominator, dtype=float)
    if len(num) == 0:
        return np.full(draws, np.nan)
    rng = np.random.default_rng(seed)
    w = rng.multinomial(len(num), np.full(len(num), 1 / len(num)), size=draws)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (w @ num) / (w @ den)


def percentile_interval(draws: np.ndarray, *, level: float = 0.95) -> tuple[float, float]:
    """The percentile interval of bootstrap ``draws`` (``nan`` draws left out, infinite ones
    kept), each end a value actually drawn; ``(nan, nan)`` when nothing is left.

    Examples
    --------
    >>> percentile_interval(np.arange(1, 101.0))
    (3.0, 98.0)
    >>> percentile_interval(np.array([1.0, np.inf, np.nan]), level=0.5)
    (1.0, inf)
    >>> percentile_interval(np.array([np.nan]))
    (nan, nan)
    """
    d = np.asarray(draws, dtype=float)
    d = d[~np.isnan(d)]
    if len(d) == 0:
        return (float("nan"), float("nan"))
    tail = 100 * (1 - level) / 2
    low = float(np.percentile(d, tail, method="lower"))
    high = float(np.percentile(d, 100 - tail, method="higher"))
    return low, high


def part_ratios(
    report: Report,
    matches: pd.DataFrame,
    *,
    numerator: Iterable[str],
    denominator: Iterable[str],
    parts: tuple[str, str] = ("review", "plan"),
    column: str = "subtheme",
    draws: int = 2000,
    seed: int = 2017,
    level: float = 0.95,
) -> pd.DataFrame:
    """Matches of the ``numerator`` group per match of the ``denominator`` group (groups: lists
    of values of ``column``, e.g. subthemes) within each of two ``parts``, and the change of
    that ratio from the first part to the second.

    One row per part (``part`` is its label) and a last row ``"<second> / <first>"``: the
    second part's ratio over the first's, its interval from the two parts' independent
    resamples divided draw by draw. Each part is resampled by paragraph with the same
    ``seed``. A ratio without a denominator match (or, for the change, without matches on
    both sides) is ``nan``. Columns: :data:`RATIO_COLUMNS` (``numerator`` and ``denominator``
    are match counts; the change row has none).
    """
    num_values, den_values = list(numerator), list(denominator)
    rows, boots, points = [], [], []
    for part in parts:
        num = group_counts(report, matches, num_values, column=column, part_label=part)
        den = group_counts(report, matches, den_values, column=column, part_label=part)
        n, d = float(num.sum()), float(den.sum())
        point = n / d if d else float("nan")
        boot = (
            bootstrap_ratio(num.to_numpy(), den.to_numpy(), draws=draws, seed=seed)
            if d
            else np.full(draws, np.nan)
        )
        low, high = percentile_interval(boot, level=level) if d else (np.nan, np.nan)
        rows.append([part, len(num), int(n), int(d), point, low, high])
        boots.append(boot)
        points.append(point)
    change = points[1] / points[0] if points[0] and np.isfinite(points[0]) else float("nan")
    if np.isfinite(change):
        with np.errstate(divide="ignore", invalid="ignore"):
            low, high = percentile_interval(boots[1] / boots[0], level=level)
    else:
        change, low, high = float("nan"), float("nan"), float("nan")
    rows.append([f"{parts[1]} / {parts[0]}", np.nan, np.nan, np.nan, change, low, high])
    out = pd.DataFrame(rows, columns=RATIO_COLUMNS)
    for col in ("paragraphs", "numerator", "denominator"):
        out[col] = out[col].astype("Int64")
    return out
