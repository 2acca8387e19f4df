"""Statistics that match the wording: paired tests, a count model, Monte Carlo error and
multiple comparisons.

The book's comparisons rest on percentile bootstraps over paragraphs
(:func:`workreport.themes.theme_rates`, :func:`workreport.context.compare_rates`,
:func:`workreport.themes.review_vs_plan`). This module adds what a careful reader asks of them:

- :func:`mcnemar` and :func:`theme_order`: the order of the themes from a hand coding, each
  pair of themes compared on the same lines by an exact (binomial) McNemar test;
- :func:`nb2_fit` and :func:`nb_rate_ratio`: a model-based interval beside the bootstrap, a
  negative binomial (NB2) regression of each paragraph's matches with ``log(words)`` as offset
  and one indicator for the second report (or part), fitted by Fisher scoring in numpy;
- :func:`quantile_mc_error`, :func:`ratio_draws` and :func:`wording`: the Monte Carlo error
  of a bootstrap bound, and a rule that calls a bound within two such errors of the null
  "borderline";
- :func:`holm` and :func:`benjamini_hochberg`: adjusted p-values for families of comparisons
  (the 17 subthemes), used by :func:`compare_reports` and :func:`plan_vs_review`;
- :func:`inference_tables`: the tables above for a report and its national counterpart.

Every function is pure (fixed seeds for the draws) and works on any report the package loads.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from pathlib import Path
from statistics import NormalDist
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from .constants import THEMES
from .context import (
    compare_rates,
    counterpart,
    default_corpus_dir,
    rate_ratio_draws,
    report_year,
    year_from_name,
)
from .themes import load_lexicon, paragraph_counts, review_vs_plan
from .validation import coding_by_paragraph, load_paragraph_coding

if TYPE_CHECKING:
    from .pipeline import Analysis
    from .report import Report

__all__ = [
    "DRAWS",
    "NBFit",
    "benjamini_hochberg",
    "binomial_two_sided_p",
    "coded_units",
    "compare_reports",
    "draws_for",
    "holm",
    "inference_tables",
    "mcnemar",
    "nb2_fit",
    "nb_rate_ratio",
    "plan_vs_review",
    "quantile_mc_error",
    "ratio_draws",
    "theme_order",
    "wording",
]

DRAWS = 50_000
"""Bootstrap draws for the large-sample bounds of :func:`compare_reports` and
:func:`inference_tables`: the Monte Carlo error of a bound falls as one over the square root
of the draws, so it is 5 times smaller than at the book's 2,000 draws (the tables report it,
:func:`quantile_mc_error`)."""


# --- 1. paired binary codes: McNemar --------------------------------------------------------


def binomial_two_sided_p(k: int, n: int) -> float:
    """Two-sided exact p-value of ``k`` successes in ``n`` trials with probability 1/2: twice
    the smaller tail, at most 1 (1 when ``n`` is 0).

    Examples
    --------
    >>> round(binomial_two_sided_p(3, 19), 5)
    0.00443
    >>> binomial_two_sided_p(2, 4), binomial_two_sided_p(0, 0)
    (1.0, 1.0)
    """
    if n < 0 or not 0 <= k <= n:
        raise ValueError(f"need 0 <= k <= n, not k={k}, n={n}")
    if n == 0:
        return 1.0
    small = min(k, n - k)
    tail = sum(math.comb(n, i) for i in range(small + 1)) / 2**n
    return min(1.0, 2 * tail)


def mcnemar(a: npt.ArrayLike, b: npt.ArrayLike) -> dict[str, float]:
    """Exact (binomial) McNemar test on paired binary codes ``a`` and ``b`` (one pair per
    unit, e.g. a coded line: about energy? about poverty?).

    Returns ``b`` (units with ``a`` only), ``c`` (``b`` only), ``n`` (units) and ``p_value``,
    the two-sided exact p-value of ``b`` among the ``b + c`` discordant units under equal
    chances (:func:`binomial_two_sided_p`); concordant units carry no information.

    Examples
    --------
    >>> mcnemar([1, 1, 1, 0, 0], [0, 0, 1, 1, 0])
    {'b': 2, 'c': 1, 'n': 5, 'p_value': 1.0}
    """
    x, y = np.asarray(a), np.asarray(b)
    if x.shape != y.shape or x.ndim != 1:
        raise ValueError(f"a and b must be 1-d and of one length, not {x.shape} and {y.shape}")
    bad = ~np.isin(x, (0, 1)) | ~np.isin(y, (0, 1))
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        raise ValueError(f"codes must be 0/1 or booleans; unit {first} is not")
    x, y = x.astype(bool), y.astype(bool)
    b_only, c_only = int((x & ~y).sum()), int((~x & y).sum())
    return {
        "b": b_only,
        "c": c_only,
        "n": len(x),
        "p_value": binomial_two_sided_p(b_only, b_only + c_only),
    }


def coded_units(
    coding: pd.DataFrame,
    *,
    report: Report | None = None,
    unit: str = "line",
    themes: Iterable[str] = THEMES,
) -> pd.DataFrame:
    """The units a hand coding judged, with their codes: by raw line (``unit="line"``, the unit
    the coder coded; columns ``unit`` and one per theme), or by paragraph of ``report``
    (``unit="paragraph"``, :func:`workreport.validation.coding_by_paragraph`; a raw line split
    into several paragraphs then counts once per paragraph).

    Examples
    --------
    >>> c = pd.DataFrame({"raw_line": [1, 2], "energy": [2, 0], "poverty": [0, 1],
    ...                   "ecology": [0, 0]})
    >>> coded_units(c).values.tolist()
    [[1, 2, 0, 0], [2, 0, 1, 0]]
    """
    themes = list(themes)
    if unit == "line":
        out = coding[["raw_line", *themes]].rename(columns={"raw_line": "unit"})
    elif unit == "paragraph":
        if report is None:
            raise ValueError('unit="paragraph" needs the report the coding is of (report=)')
        by_par = coding_by_paragraph(report, coding, themes=themes)
        out = by_par[["paragraph_id", *themes]].rename(columns={"paragraph_id": "unit"})
    else:
        raise ValueError(f'unit must be "line" or "paragraph", not {unit!r}')
    return out.reset_index(drop=True)


def theme_order(
    codes: pd.DataFrame, *, thresholds: Iterable[int] = (1, 2), themes: Iterable[str] = THEMES
) -> pd.DataFrame:
    """The order of the themes by how many coded units are about each, with an exact McNemar
    test for every pair of themes on the same units.

    ``codes``: one row per unit and one 0/1/2 column per theme (:func:`coded_units`). A unit is
    *about* a theme when its code is at least the threshold (1: at least in part; 2: mainly).
    One row per threshold and pair, the more often coded theme first: ``threshold``,
    ``theme_a``, ``theme_b``, ``units``, ``a_coded``, ``b_coded``, ``a_only``, ``b_only`` (the
    discordant units), ``p_value`` (exact McNemar), ``p_holm`` (Holm over the pairs of that
    threshold) and ``order`` (``"a > b"`` when the Holm-adjusted p is below 0.05, else
    ``"a ~ b"``: the coding does not tell the two apart).

    Examples
    --------
    >>> codes = pd.DataFrame({"energy": [1] * 8 + [0] * 4, "poverty": [0] * 10 + [1] * 2})
    >>> t = theme_order(codes, thresholds=[1], themes=["energy", "poverty"])
    >>> t[["theme_a", "a_only", "b_only", "order"]].values.tolist()
    [['energy', 8, 2, 'energy ~ poverty']]
    """
    themes = list(themes)
    rows = []
    for threshold in thresholds:
        about = {t: codes[t].to_numpy() >= threshold for t in themes}
        coded = {t: int(about[t].sum()) for t in themes}
        ranked = sorted(themes, key=lambda t: (-coded[t], themes.index(t)))
        block: list[dict[str, Any]] = []
        for i, ta in enumerate(ranked):
            for tb in ranked[i + 1 :]:
                test = mcnemar(about[ta], about[tb])
                block.append(
                    {
                        "threshold": int(threshold),
                        "theme_a": ta,
                        "theme_b": tb,
                        "units": len(codes),
                        "a_coded": coded[ta],
                        "b_coded": coded[tb],
                        "a_only": test["b"],
                        "b_only": test["c"],
                        "p_value": test["p_value"],
                    }
                )
        adjusted = holm([float(r["p_value"]) for r in block])
        for r, p in zip(block, adjusted, strict=True):
            sign = ">" if p < 0.05 else "~"
            r.update(p_holm=float(p), order=f"{r['theme_a']} {sign} {r['theme_b']}")
        rows.extend(block)
    columns = [
        "threshold",
        "theme_a",
        "theme_b",
        "units",
        "a_coded",
        "b_coded",
        "a_only",
        "b_only",
        "p_value",
        "p_holm",
        "order",
    ]
    return pd.DataFrame(rows, columns=columns)


# --- 2. a count model: negative binomial NB2 with an offset ----------------------------------

_ALPHA_RANGE = (1e-8, 1e4)
"""The dispersion ``alpha`` is searched in this range; the low end is the Poisson model."""


@dataclass(frozen=True)
class NBFit:
    """A fitted NB2 model: ``params`` (coefficients of the design's columns), ``alpha`` (the
    dispersion: variance ``mu + alpha * mu**2``), ``llf`` (maximised log-likelihood) and
    ``cov`` (covariance of ``params`` given ``alpha``, from the Fisher information, as R's
    ``MASS::glm.nb`` reports it)."""

    params: np.ndarray
    alpha: float
    llf: float
    cov: np.ndarray


def _log_rising(y: np.ndarray, alpha: float) -> np.ndarray:
    """``log Γ(y + 1/α) − log Γ(1/α) − y log(1/α)`` for whole ``y``: ``Σ_{k<y} log(1 + αk)``,
    exact and stable as ``α → 0``."""
    top = int(y.max()) if len(y) else 0
    table = np.concatenate([[0.0], np.cumsum(np.log1p(alpha * np.arange(top)))])
    return table[y]


def _log_factorial(y: np.ndarray) -> np.ndarray:
    """``log(y!)`` for whole ``y``."""
    top = int(y.max()) if len(y) else 0
    return np.concatenate([[0.0], np.cumsum(np.log(np.arange(1, top + 1)))])[y]


def _nb_llf(y: np.ndarray, mu: np.ndarray, alpha: float) -> float:
    """The NB2 log-likelihood of counts ``y`` with means ``mu`` and dispersion ``alpha``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ymu = np.where(y > 0, y * np.log(mu), 0.0)
    terms = _log_rising(y, alpha) - _log_factorial(y) + ymu - (y + 1 / alpha) * np.log1p(alpha * mu)
    return float(terms.sum())


def _beta_given_alpha(
    y: np.ndarray, x: np.ndarray, offset: np.ndarray, alpha: float, start: np.ndarray
) -> tuple[np.ndarray, float, np.ndarray]:
    """Coefficients maximising the NB2 likelihood for a fixed ``alpha`` (Newton's method with
    step halving; the observed information is positive definite for NB2 with a log link):
    ``(beta, llf, Fisher information)``."""
    constant = float((_log_rising(y, alpha) - _log_factorial(y)).sum())
    r = 1 / alpha

    def llf_of(mu: np.ndarray) -> float:
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            ymu = np.where(y > 0, y * np.log(mu), 0.0)
            return constant + float((ymu - (y + r) * np.log1p(alpha * mu)).sum())

    beta = start.copy()
    mu = np.exp(offset + x @ beta)
    llf = llf_of(mu)
    for _ in range(100):
        denom = 1 + alpha * mu
        score = x.T @ ((y - mu) / denom)
        observed = x.T @ (x * (mu * (1 + alpha * y) / denom**2)[:, None])
        step = np.linalg.solve(observed, score)
        for _ in range(60):
            new = beta + step
            with np.errstate(over="ignore"):  # an overshoot: the step is halved
                new_mu = np.exp(offset + x @ new)
            new_llf = llf_of(new_mu)
            if new_llf >= llf - 1e-12:
                break
            step = step / 2
        beta, mu, llf = new, new_mu, new_llf
        if np.max(np.abs(step)) < 1e-10:
            break
    w = mu / (1 + alpha * mu)
    return beta, llf, x.T @ (x * w[:, None])


def nb2_fit(
    counts: npt.ArrayLike, design: npt.ArrayLike, *, offset: npt.ArrayLike | None = None
) -> NBFit:
    """Maximum-likelihood negative binomial (NB2) regression with a log link.

    ``counts`` (whole numbers ≥ 0), ``design`` (units × coefficients, an intercept column
    included by the caller) and ``offset`` (added to the linear predictor, e.g.
    ``log(words)``). ``alpha`` is found by maximising the profile likelihood over ``log
    alpha`` (a grid, then golden-section search) in 1e-8…1e4; for each ``alpha`` the
    coefficients come from Fisher scoring. At ``alpha`` = 1e-8 the model is Poisson.

    Examples
    --------
    >>> fit = nb2_fit([1, 1, 2, 2], np.ones((4, 1)), offset=np.log([10, 10, 20, 20]))
    >>> round(float(np.exp(fit.params[0])), 4), fit.alpha < 1e-6  # counts no more variable
    (0.1, True)
    >>> fit = nb2_fit([0, 2, 4, 9], np.ones((4, 1)), offset=np.log([10, 10, 20, 20]))
    >>> round(float(np.exp(fit.params[0])), 4), round(fit.alpha, 3)  # overdispersed
    (0.2352, 0.207)

    (statsmodels 0.15's ``NegativeBinomial(..., loglike_method="nb2")`` gives 0.2352 and
    0.207 on these counts.)
    """
    y = np.asarray(counts)
    if y.ndim != 1 or (len(y) and (np.any(y < 0) or np.any(y != np.round(y)))):
        raise ValueError("counts must be a 1-d array of whole numbers >= 0")
    y = y.astype(int)
    x = np.asarray(design, dtype=float)
    if x.ndim != 2 or len(x) != len(y):
        raise ValueError(f"design must be units × coefficients for {len(y)} units, not {x.shape}")
    off = np.zeros(len(y)) if offset is None else np.asarray(offset, dtype=float)
    if off.shape != y.shape or not np.all(np.isfinite(off)):
        raise ValueError("offset must be finite and have one value per unit")
    if y.sum() == 0:
        raise ValueError("no counts: the model is not estimable")
    start = np.zeros(x.shape[1])
    start[0] = math.log(y.sum() / np.exp(off).sum()) if x.shape[1] else 0.0
    cache: dict[float, tuple[np.ndarray, float, np.ndarray]] = {}
    last = [start]

    def profile(log_alpha: float) -> float:
        if log_alpha not in cache:
            cache[log_alpha] = _beta_given_alpha(y, x, off, math.exp(log_alpha), last[0])
            last[0] = cache[log_alpha][0]
        return cache[log_alpha][1]

    lo, hi = (math.log(v) for v in _ALPHA_RANGE)
    grid = np.linspace(lo, hi, 21)
    values = [profile(float(g)) for g in grid]
    best = int(np.argmax(values))
    a, b = float(grid[max(best - 1, 0)]), float(grid[min(best + 1, len(grid) - 1)])
    ratio = (math.sqrt(5) - 1) / 2
    c, d = b - ratio * (b - a), a + ratio * (b - a)
    for _ in range(32):
        if profile(c) >= profile(d):
            b, d = d, c
            c = b - ratio * (b - a)
        else:
            a, c = c, d
            d = a + ratio * (b - a)
    candidates = [float(grid[best]), c, d]
    log_alpha = max(candidates, key=profile)
    beta, llf, info = cache[log_alpha]
    return NBFit(params=beta, alpha=math.exp(log_alpha), llf=llf, cov=np.linalg.inv(info))


def _chi2_1_sf(stat: float) -> float:
    """Upper tail of the chi-squared distribution with one degree of freedom."""
    return math.erfc(math.sqrt(max(stat, 0.0) / 2))


def _profile_bound(
    y: np.ndarray, g: np.ndarray, off: np.ndarray, *, floor: float, anchor: float, step: float
) -> float:
    """Where the profile log-likelihood of the group coefficient falls to ``floor``, searched
    from ``anchor`` (where it is above ``floor``) in the direction of ``step``: doubling steps
    to bracket it, then the Illinois (regula falsi) method. ``±inf`` when it stays above
    ``floor`` for 2**6 times the first step."""
    ones = np.ones((len(y), 1))

    def excess(coef: float) -> float:
        return nb2_fit(y, ones, offset=off + coef * g).llf - floor

    a, fa = anchor, excess(anchor)
    for _ in range(7):
        b, fb = a + step, excess(a + step)
        if fb < 0:
            break
        a, fa, step = b, fb, 2 * step
    else:
        return math.copysign(math.inf, step)
    for _ in range(100):
        c = b - fb * (b - a) / (fb - fa)
        fc = excess(c)
        if abs(fc) < 1e-9 or abs(c - b) < 1e-9:
            return c
        if fc * fb < 0:
            a, fa = b, fb
        else:
            fa /= 2
        b, fb = c, fc
    return b


def nb_rate_ratio(
    counts: npt.ArrayLike,
    words: npt.ArrayLike,
    group: npt.ArrayLike,
    *,
    level: float = 0.95,
) -> dict[str, float]:
    """The rate ratio of the units with ``group`` true over the others, from an NB2 model of
    each unit's ``counts`` with offset ``log(words)`` and one indicator for the group.

    Units with no words are left out (they hold no matches). Returns ``ratio`` (``exp`` of the
    indicator's coefficient), ``ci_low``/``ci_high`` (Wald interval on the log scale, at
    ``level``), ``profile_low``/``profile_high`` (profile-likelihood interval: the ratios
    the likelihood-ratio test does not reject, the intercept and ``alpha`` re-fitted at each),
    ``p_value`` (likelihood-ratio test of ratio 1 against the model without the indicator),
    ``p_wald``, ``alpha`` and ``units``. When one side has no match the ratio is 0 or
    infinite: ratio and Wald interval are NaN, the profile interval runs from 0 or to
    infinity, and the likelihood-ratio p-value is still given (the side without matches then
    fits perfectly, contributing 0 to the log-likelihood). NaN throughout when neither side
    has a match.

    Examples
    --------
    >>> r = nb_rate_ratio([1, 3, 2, 2, 6, 4], [100] * 6, [0, 0, 0, 1, 1, 1])
    >>> round(r["ratio"], 6)  # the ratio of the rates when every unit has the same length
    2.0
    >>> r["profile_low"] < 1 < 2 < r["profile_high"], round(r["p_value"], 3)
    (True, 0.153)
    """
    y = np.asarray(counts)
    n = np.asarray(words, dtype=float)
    g = np.asarray(group).astype(bool)
    if not (y.shape == n.shape == g.shape) or y.ndim != 1:
        raise ValueError("counts, words and group must be 1-d and of one length")
    keep = n > 0
    if np.any(y[~keep] > 0):
        raise ValueError("a unit with no words has counts")
    y, n, g = y[keep].astype(int), n[keep], g[keep]
    names = ("ratio", "ci_low", "ci_high", "profile_low", "profile_high", "p_value", "p_wald")
    out = dict.fromkeys((*names, "alpha"), np.nan)
    out["units"] = float(len(y))
    if y.sum() == 0 or g.all() or not g.any():
        return out
    off = np.log(n)
    gf = g.astype(float)
    null = nb2_fit(y, np.ones((len(y), 1)), offset=off)
    drop = NormalDist().inv_cdf(0.5 + level / 2) ** 2 / 2  # chi-squared(1) quantile / 2
    ya, yb = y[g].sum(), y[~g].sum()
    if ya == 0 or yb == 0:  # the indicator's coefficient is infinite; the other side alone
        side = ~g if ya == 0 else g
        sup = nb2_fit(y[side], np.ones((side.sum(), 1)), offset=off[side]).llf
        toward = -1.0 if ya == 0 else 1.0  # where the coefficient's estimate lies
        anchor = 0.0
        for _ in range(40):  # far enough out that the profile is within the drop of its sup
            if nb2_fit(y, np.ones((len(y), 1)), offset=off + anchor * gf).llf > sup - drop:
                break
            anchor += toward * 2
        bound = _profile_bound(y, gf, off, floor=sup - drop, anchor=anchor, step=-toward)
        low, high = (0.0, math.exp(bound)) if ya == 0 else (math.exp(bound), math.inf)
        out.update(profile_low=low, profile_high=high, p_value=_chi2_1_sf(2 * (sup - null.llf)))
        return out
    fit = nb2_fit(y, np.column_stack([np.ones(len(y)), gf]), offset=off)
    z = NormalDist().inv_cdf(0.5 + level / 2)
    coef, se = float(fit.params[1]), math.sqrt(float(fit.cov[1, 1]))
    floor = fit.llf - drop
    out.update(
        ratio=math.exp(coef),
        ci_low=math.exp(coef - z * se),
        ci_high=math.exp(coef + z * se),
        profile_low=math.exp(_profile_bound(y, gf, off, floor=floor, anchor=coef, step=-se)),
        profile_high=math.exp(_profile_bound(y, gf, off, floor=floor, anchor=coef, step=se)),
        p_value=_chi2_1_sf(2 * (fit.llf - null.llf)),
        p_wald=_chi2_1_sf((coef / se) ** 2),
        alpha=fit.alpha,
    )
    return out


# --- 3. Monte Carlo error of a bootstrap bound ------------------------------------------------


def quantile_mc_error(draws: npt.ArrayLike, q: float, *, level: float = 0.95) -> float:
    """The Monte Carlo standard error of the ``q`` quantile of bootstrap ``draws``, by the
    binomial order-statistic method: the number of draws below the true quantile is
    Binomial(N, q), so the order statistics ``N q ± z sqrt(N q (1 − q))`` bracket it with
    probability ``level``; their distance over ``2 z`` is the standard error. Non-finite
    draws are dropped (as the book's intervals drop them). NaN with fewer than 2 draws.

    Examples
    --------
    >>> x = np.random.default_rng(0).normal(size=200_000)  # theory: sqrt(pi / 2 / N)
    >>> round(quantile_mc_error(x, 0.5), 4), round(math.sqrt(math.pi / 2 / 200_000), 4)
    (0.0029, 0.0028)
    """
    if not 0 < q < 1:
        raise ValueError(f"q must be between 0 and 1, not {q}")
    x = np.sort(np.asarray(draws, dtype=float).ravel())
    x = x[np.isfinite(x)]
    size = len(x)
    if size < 2:
        return float("nan")
    z = NormalDist().inv_cdf(0.5 + level / 2)
    half = z * math.sqrt(size * q * (1 - q))
    j = min(max(math.floor(size * q - half), 0), size - 1)
    k = min(max(math.ceil(size * q + half), 0), size - 1)
    return float((x[k] - x[j]) / (2 * z))


def wording(
    low: float,
    high: float,
    *,
    null: float = 1.0,
    mc_error: float | tuple[float, float],
    tolerance: float = 2.0,
) -> str:
    """How to word an interval against a ``null`` value (1 for a ratio).

    ``"borderline"`` when a bound is within ``tolerance`` Monte Carlo errors of the null (the
    bound could fall on either side with another seed; ``mc_error`` is one error for both
    bounds or a ``(low, high)`` pair); else ``"above"`` or ``"below"`` when the whole interval
    is on one side of it, ``"cannot be told apart"`` when it holds the null, and ``"not
    estimable"`` when a bound is NaN.

    Examples
    --------
    >>> wording(1.01, 8.4, mc_error=0.02)
    'borderline'
    >>> wording(1.2, 8.4, mc_error=0.02), wording(0.2, 11.0, mc_error=0.02)
    ('above', 'cannot be told apart')
    """
    err_low, err_high = mc_error if isinstance(mc_error, tuple) else (mc_error, mc_error)
    if any(math.isnan(v) for v in (low, high, err_low, err_high)):
        return "not estimable"
    if abs(low - null) <= tolerance * err_low or abs(high - null) <= tolerance * err_high:
        return "borderline"
    if low > null:
        return "above"
    if high < null:
        return "below"
    return "cannot be told apart"


def draws_for(mc_error: float, draws: int, *, target: float) -> int:
    """The draws needed to bring a Monte Carlo error of ``mc_error`` at ``draws`` draws down to
    ``target`` (the error falls as one over the square root of the draws), rounded up to a
    thousand.

    >>> draws_for(0.02, 2000, target=0.005)
    32000
    """
    if target <= 0 or draws <= 0:
        raise ValueError("target and draws must be positive")
    need = draws * (mc_error / target) ** 2
    return int(max(1000, math.ceil(need / 1000) * 1000))


def _relabelled(matches: pd.DataFrame, level: str) -> pd.DataFrame:
    """Matches grouped by theme (``level="theme"``) or by subtheme (its ``theme`` column set to
    the subtheme)."""
    if level == "theme":
        return matches
    if level == "subtheme":
        return matches.assign(theme=matches["subtheme"]) if len(matches) else matches
    raise ValueError(f'level must be "theme" or "subtheme", not {level!r}')


def _names(level: str, lexicon: pd.DataFrame | None) -> list[str]:
    lex = load_lexicon() if lexicon is None else lexicon
    if level == "subtheme":
        return list(dict.fromkeys(lex["subtheme"]))
    return [t for t in THEMES if t in set(lex["theme"])] + sorted(set(lex["theme"]) - set(THEMES))


def ratio_draws(
    a: Analysis,
    b: Analysis,
    *,
    level: str = "theme",
    lexicon: pd.DataFrame | None = None,
    draws: int = 2000,
    seed: int = 2017,
) -> pd.DataFrame:
    """The bootstrap draws of the rate ratio ``a`` / ``b`` behind
    :func:`workreport.context.compare_rates`' interval
    (:func:`workreport.context.rate_ratio_draws`: each report's body paragraphs resampled
    independently, so its 2.5 and 97.5 percentiles are that interval) as a table: one column
    per theme or subtheme (``level``), one row per draw; infinite or undefined draws are NaN."""
    names = _names(level, lexicon)
    matches = (_relabelled(a.matches, level), _relabelled(b.matches, level))
    ratio = rate_ratio_draws(a, b, names, matches=matches, draws=draws, seed=seed)
    return pd.DataFrame(ratio, columns=names)


# --- 4. multiple comparisons ------------------------------------------------------------------


def _pvalues(pvalues: Iterable[float]) -> np.ndarray:
    p = np.asarray(list(pvalues), dtype=float)
    if np.any((p < 0) | (p > 1)):
        raise ValueError("p-values must lie between 0 and 1")
    return p


def _adjust(pvalues: Iterable[float], *, step_down: bool) -> np.ndarray:
    """Adjusted p-values by the rank of each among the non-NaN ones (sorted ascending, rank
    ``i`` from 0, ``m`` of them): Holm's step-down (``step_down``: the running maximum of
    ``(m - i) p``) or Benjamini–Hochberg's step-up (the running minimum, from the largest, of
    ``m p / (i + 1)``), capped at 1. NaN p-values stay NaN."""
    p = _pvalues(pvalues)
    out = np.full(len(p), np.nan)
    ok = np.flatnonzero(~np.isnan(p))
    m = len(ok)
    order = ok[np.argsort(p[ok], kind="stable")]
    rank = np.arange(m)
    if step_down:
        out[order] = np.maximum.accumulate(np.minimum(1.0, (m - rank) * p[order]))
    else:
        bound = np.minimum(1.0, m * p[order] / (rank + 1))
        out[order] = np.minimum.accumulate(bound[::-1])[::-1]
    return out


def holm(pvalues: Iterable[float]) -> np.ndarray:
    """Holm's step-down adjusted p-values (family-wise error). NaN p-values stay NaN and do not
    count in the family.

    Examples
    --------
    >>> holm([0.01, 0.04, 0.03]).tolist()
    [0.03, 0.06, 0.06]
    """
    return _adjust(pvalues, step_down=True)


def benjamini_hochberg(pvalues: Iterable[float]) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (false discovery rate). NaN p-values stay NaN and
    do not count in the family.

    Examples
    --------
    >>> benjamini_hochberg([0.01, 0.04, 0.03]).tolist()
    [0.03, 0.04, 0.04]
    """
    return _adjust(pvalues, step_down=False)


def _nb_columns(counts: np.ndarray, words: np.ndarray, group: np.ndarray) -> dict[str, Any]:
    """The NB2 columns of a comparison table; ``nb_wording`` words the profile interval
    (:func:`wording`; a model interval has no Monte Carlo error)."""
    r = nb_rate_ratio(counts, words, group)
    return {
        "nb_ratio": r["ratio"],
        "nb_low": r["ci_low"],
        "nb_high": r["ci_high"],
        "nb_profile_low": r["profile_low"],
        "nb_profile_high": r["profile_high"],
        "nb_wording": wording(r["profile_low"], r["profile_high"], mc_error=0.0),
        "p_value": r["p_value"],
        "p_wald": r["p_wald"],
        "alpha": r["alpha"],
    }


def _adjusted(df: pd.DataFrame) -> pd.DataFrame:
    """``p_holm`` and ``p_bh`` within each ``level`` (themes and subthemes are two families),
    placed after ``alpha``."""
    df = df.copy()
    df["p_holm"] = np.nan
    df["p_bh"] = np.nan
    for _, idx in df.groupby("level", sort=False).groups.items():
        df.loc[idx, "p_holm"] = holm(df.loc[idx, "p_value"])
        df.loc[idx, "p_bh"] = benjamini_hochberg(df.loc[idx, "p_value"])
    cols = [c for c in df.columns if c not in ("p_holm", "p_bh")]
    at = cols.index("alpha") + 1
    return df[[*cols[:at], "p_holm", "p_bh", *cols[at:]]]


def compare_reports(
    a: Analysis,
    b: Analysis,
    *,
    lexicon: pd.DataFrame | None = None,
    draws: int = 2000,
    seed: int = 2017,
    mc_draws: int = DRAWS,
) -> pd.DataFrame:
    """Each theme and subtheme of report ``a`` against report ``b``: the NB2 rate ratio
    (:func:`nb_rate_ratio`, ``a``'s body paragraphs against ``b``'s) beside the paragraph
    bootstrap of :func:`workreport.context.compare_rates` (``draws`` draws, ``seed``), with
    the Monte Carlo error of the bootstrap bounds (at ``draws`` and at ``mc_draws``), raw and
    adjusted p-values.

    One row per theme and subtheme: ``level``, ``theme``, ``name``, ``a_matches``,
    ``b_matches``, ``nb_ratio``, ``nb_low``, ``nb_high`` (Wald 95%), ``nb_profile_low``,
    ``nb_profile_high`` (profile likelihood 95%), ``nb_wording`` (:func:`wording` of the
    profile interval), ``p_value`` (likelihood ratio), ``p_wald``, ``alpha``, ``p_holm``,
    ``p_bh`` (adjusted within the themes and within the subthemes), ``boot_ratio``,
    ``boot_low``, ``boot_high``, ``boot_low_mc``, ``boot_high_mc`` (Monte Carlo errors of
    the bounds at ``draws``), ``boot_wording`` (:func:`wording`), then ``mc_draws``,
    ``mc_low``, ``mc_high``, ``mc_low_mc``, ``mc_high_mc`` and ``mc_wording``: the same
    bootstrap with ``mc_draws``.
    """
    boot = compare_rates(a, b, lexicon=lexicon, draws=draws, seed=seed)
    boot_rows = boot[boot["level"].isin(["theme", "subtheme"])].set_index(["level", "name"])
    by_name: dict[Hashable, dict[Hashable, Any]] = boot_rows.to_dict("index")
    rows = []
    for level in ("theme", "subtheme"):
        names = _names(level, lexicon)
        sides = []
        for x in (a, b):
            m = _relabelled(x.matches, level)
            sides.append(paragraph_counts(x.report, x.tokens, m, names)[1:])
        (na, ma), (nb, mb) = sides
        words = np.concatenate([na, nb])
        group = np.concatenate([np.ones(len(na), bool), np.zeros(len(nb), bool)])
        small = ratio_draws(a, b, level=level, lexicon=lexicon, draws=draws, seed=seed)
        large = ratio_draws(a, b, level=level, lexicon=lexicon, draws=mc_draws, seed=seed)
        for i, name in enumerate(names):
            bt = by_name[(level, name)]
            errs = [quantile_mc_error(d[name], q) for d in (small, large) for q in (0.025, 0.975)]
            big = large[name].dropna()
            big_low, big_high = (
                (float(v) for v in np.percentile(big, [2.5, 97.5])) if len(big) else (np.nan,) * 2
            )
            if np.isnan(bt["ratio"]):
                big_low = big_high = np.nan
            rows.append(
                {
                    "level": level,
                    "theme": bt["theme"],
                    "name": name,
                    "a_matches": int(ma[:, i].sum()),
                    "b_matches": int(mb[:, i].sum()),
                    **_nb_columns(np.concatenate([ma[:, i], mb[:, i]]), words, group),
                    "boot_ratio": float(bt["ratio"]),
                    "boot_low": float(bt["ratio_ci_low"]),
                    "boot_high": float(bt["ratio_ci_high"]),
                    "boot_low_mc": errs[0],
                    "boot_high_mc": errs[1],
                    "boot_wording": wording(
                        float(bt["ratio_ci_low"]),
                        float(bt["ratio_ci_high"]),
                        mc_error=(errs[0], errs[1]),
                    ),
                    "mc_draws": mc_draws,
                    "mc_low": big_low,
                    "mc_high": big_high,
                    "mc_low_mc": errs[2],
                    "mc_high_mc": errs[3],
                    "mc_wording": wording(big_low, big_high, mc_error=(errs[2], errs[3])),
                }
            )
    return _adjusted(pd.DataFrame(rows))


def plan_vs_review(
    a: Analysis,
    *,
    lexicon: pd.DataFrame | None = None,
    draws: int = 2000,
    seed: int = 2017,
) -> pd.DataFrame:
    """Each theme and subtheme in the plan part(s) of report ``a`` against its review part: the
    NB2 rate ratio plan / review (:func:`nb_rate_ratio` on the paragraphs of the two parts)
    beside the paragraph bootstrap of :func:`workreport.themes.review_vs_plan`, with raw and
    adjusted p-values.

    One row per theme and subtheme: ``level``, ``theme``, ``name``, ``plan_matches``,
    ``review_matches``, ``nb_ratio``, ``nb_low``, ``nb_high``, ``nb_profile_low``,
    ``nb_profile_high``, ``nb_wording``, ``p_value``, ``p_wald``,
    ``alpha``, ``p_holm``, ``p_bh`` (within themes and within subthemes), ``boot_ratio``,
    ``boot_low``, ``boot_high``. A report without a review or a plan part gives NaN ratios.
    """
    lex = load_lexicon() if lexicon is None else lexicon
    theme_of = dict(zip(lex["subtheme"], lex["theme"], strict=True))
    rows = []
    for level in ("theme", "subtheme"):
        names = _names(level, lexicon)
        m = _relabelled(a.matches, level)
        labels, n, counts = paragraph_counts(a.report, a.tokens, m, names)
        keep = np.isin(labels, ("plan", "review"))
        plan = labels[keep] == "plan"
        boot = review_vs_plan(a.report, a.tokens, m, themes=names, draws=draws, seed=seed)
        by_name: dict[Hashable, dict[Hashable, Any]] = boot.set_index("theme").to_dict("index")
        for i, name in enumerate(names):
            rows.append(
                {
                    "level": level,
                    "theme": name if level == "theme" else theme_of[name],
                    "name": name,
                    "plan_matches": int(counts[keep][plan, i].sum()),
                    "review_matches": int(counts[keep][~plan, i].sum()),
                    **_nb_columns(counts[keep][:, i], n[keep], plan),
                    "boot_ratio": float(by_name[name]["rate_ratio"]),
                    "boot_low": float(by_name[name]["ci_low"]),
                    "boot_high": float(by_name[name]["ci_high"]),
                }
            )
    return _adjusted(pd.DataFrame(rows))


# --- 5. the tables ----------------------------------------------------------------------------


def _national_counterpart(a: Analysis, name: str) -> Path:
    """The national report of ``a``'s year (else the nearest year) among the shipped ones."""
    from .corpus import list_reports

    files = list_reports(default_corpus_dir())
    series = pd.DataFrame(
        {
            "file": [f.name for f in files],
            "year": [year_from_name(f.name) for f in files],
            "status": "ok",
        }
    )
    return default_corpus_dir() / str(counterpart(series, report_year(a, name))["file"])


def inference_tables(
    report_path: str | Path | None = None,
    national_path: str | Path | None = None,
    *,
    analysis: Analysis | None = None,
    national: Analysis | None = None,
    coding_path: str | Path | None = None,
    draws: int = 2000,
    seed: int = 2017,
    mc_draws: int = DRAWS,
) -> dict[str, pd.DataFrame]:
    """The inference tables by file name (computed in memory, nothing written).

    - ``inference_theme_order.csv``: :func:`theme_order` on the hand coding by raw line
      (``coding_path``; by default the project's coding, used only with the project's
      report; another report without a coding gets the table's columns and no row);
    - ``inference_rates.csv``: :func:`compare_reports`, the report against the national report
      (``national_path``; default: the shipped national report of its year, else the nearest);
    - ``inference_plan_review.csv``: :func:`plan_vs_review` of the report.

    ``analysis`` and ``national``: the analyses of the report and of the national report when
    the caller has them already (they are not computed again).
    """
    from .pipeline import analyse
    from .resources import default_report_path

    path = Path(report_path) if report_path else default_report_path()
    a = analysis if analysis is not None else analyse(path)
    if national is not None:
        b = national
    else:
        other = Path(national_path) if national_path else _national_counterpart(a, path.name)
        b = analyse(other)
    if coding_path is not None or report_path is None:
        coding = load_paragraph_coding(coding_path)
        order = theme_order(coded_units(coding))
    else:
        order = theme_order(pd.DataFrame({t: pd.Series(dtype=int) for t in THEMES}))
        order = order.iloc[0:0]
    return {
        "inference_theme_order.csv": order,
        "inference_rates.csv": compare_reports(a, b, draws=draws, seed=seed, mc_draws=mc_draws),
        "inference_plan_review.csv": plan_vs_review(a, draws=draws, seed=seed),
    }
