"""A report in context: beside the national report of the same year, and against the series.

The national government work reports (``data/raw/national/``, 1954–2025) give every headline
number of a provincial report a baseline. Everything here uses the package's own rules, so
that both sides are measured alike: the same lexicons and matching rule, rates per 1,000
word tokens of the report's body with a paragraph bootstrap
(:func:`workreport.themes.theme_rates`), Chen & Chen's environmental-governance index both
ways, the targets table, and weighted log-odds for distinctive words.

- :func:`national_series` runs the whole pipeline on every report of a folder (in parallel,
  in a fixed order) and returns one row per file; a file that cannot be read gets a row too,
  with ``status`` ``failed`` and the reason, so that nothing is dropped silently.
- :func:`compare_rates`, :func:`compare_targets`, :func:`targets_profile` and
  :func:`distinctive_words` set two analysed reports side by side.
- :func:`percentile_rank`, :func:`series_percentiles` and :func:`by_decade` place one value
  in the series.
- :func:`context_tables` returns the chapter's derived tables by file name.

The chapter's figures are drawn by :mod:`workreport.book.figures`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from .constants import FIRMNESS, SUBTHEME_LABELS, THEME_LABELS_ZH, THEMES
from .corpus import list_reports, run_corpus
from .errors import ReportFormatError
from .evaluate import same_indicator
from .pipeline import Analysis, analyse
from .resources import data_dir, default_report_path
from .tables import empty_table
from .targets import bigram_similarity
from .themes import distinctive_terms, load_lexicon, paragraph_counts, theme_rates

__all__ = [
    "BINDING",
    "SERIES_COLUMNS",
    "SUBTHEME_LABELS",
    "TARGET_PAIR_COLUMNS",
    "by_decade",
    "comparable_units",
    "compare_rates",
    "compare_targets",
    "context_tables",
    "counterpart",
    "default_corpus_dir",
    "distinctive_words",
    "measure_report",
    "national_series",
    "normalise_indicator",
    "one_to_one",
    "percentile_rank",
    "rate_ratio_draws",
    "report_year",
    "series_percentiles",
    "targets_profile",
    "year_from_name",
]

INDEX_LABELS = {
    "env_index": "环境治理指数，按词 (env. index, words)",
    "env_index_substring": "环境治理指数，按字串 (env. index, substrings)",
}

BINDING = ("binding", "expected", "unlabelled")
"""The labels a target can carry, 约束性 (binding), 预期性 (expected) or neither."""

_COUNTS = ["quantities", "results", "targets"]
SERIES_COLUMNS = [
    "year",
    "file",
    "status",
    "error",
    "words",
    "body_words",
    "paragraphs",
    *[f"{t}_{c}" for t in THEMES for c in ("matches", "per_1000", "ci_low", "ci_high")],
    "env_index",
    "env_index_substring",
    *_COUNTS,
    *[f"targets_{f}" for f in FIRMNESS],
    *[f"targets_{b}" for b in BINDING],
    "targets_error",  # always "" (extraction no longer fails); kept: the published table's column
]
"""Columns of :func:`national_series` (and of :func:`measure_report`'s rows)."""

_INT_COLUMNS = [
    "year",
    "words",
    "body_words",
    "paragraphs",
    *[f"{t}_matches" for t in THEMES],
    *_COUNTS,
    *[f"targets_{f}" for f in FIRMNESS],
    *[f"targets_{b}" for b in BINDING],
]
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


def default_corpus_dir() -> Path:
    """The national reports shipped with the project (``data/raw/national``)."""
    return data_dir() / "raw" / "national"


def year_from_name(name: str) -> int | None:
    """The year a file name gives, when it holds exactly one (``national-2017.txt``).

    Examples
    --------
    >>> year_from_name("national-2017.txt"), year_from_name("report.txt")
    (2017, None)
    >>> year_from_name("plan-2016-2020.txt") is None
    True
    """
    years = set(_YEAR.findall(Path(name).name))
    return int(years.pop()) if len(years) == 1 else None


def report_year(a: Analysis, name: str = "") -> int | None:
    """The year of a report: from its own date line, else from its file name."""
    return a.report.year if a.report.year is not None else year_from_name(name or a.report.name)


# --- one report, one row ----------------------------------------------------------------------


def measure_report(
    a: Analysis, *, file: str, year: int | None, draws: int = 2000, seed: int = 2017
) -> dict:
    """The headline measures of one analysed report, as one row of :func:`national_series`.

    ``words`` counts every word token (punctuation excluded), the denominator of the
    environmental-governance index; ``body_words`` and ``paragraphs`` count those of the
    body (parts 1, 2, …), the denominator and the resampled units of the theme rates
    (:func:`workreport.themes.theme_rates`, ``draws`` bootstrap draws, fixed ``seed``). Target
    counts are over every row of kind ``target``, by firmness and by binding label.
    """
    rates = theme_rates(
        a.report, a.tokens, a.matches, themes=list(THEMES), draws=draws, seed=seed
    ).set_index("theme")
    row: dict = {
        "year": year,
        "file": file,
        "status": "ok",
        "error": "",
        "words": int((~a.tokens["is_punct"]).sum()),
        "body_words": int(rates["words"].iloc[0]),
        "paragraphs": int(rates["paragraphs"].iloc[0]),
    }
    for t in THEMES:
        row[f"{t}_matches"] = int(rates["matches"].loc[t])
        for c in ("per_1000", "ci_low", "ci_high"):
            row[f"{t}_{c}"] = float(rates[c].loc[t])
    row["env_index"] = float(a.env_index)
    row["env_index_substring"] = float(a.env_index_substring)
    profile = targets_profile(a.targets)
    row.update({k: int(v) for k, v in profile.items()})
    row["targets_error"] = ""  # (see SERIES_COLUMNS)
    return row


def targets_profile(targets: pd.DataFrame) -> pd.Series:
    """How many quantities, results and targets a targets table holds, and the targets by
    firmness (:data:`workreport.constants.FIRMNESS`) and by label (:data:`BINDING`).

    Examples
    --------
    >>> t = pd.DataFrame({"kind": ["result", "target", "target"],
    ...                   "firmness": ["plain", "guarantee", "plain"],
    ...                   "binding": ["", "binding", ""]})
    >>> p = targets_profile(t)
    >>> p[["quantities", "results", "targets", "targets_guarantee", "targets_unlabelled"]].tolist()
    [3, 1, 2, 1, 1]
    """
    tg = targets[targets["kind"] == "target"]
    out = {
        "quantities": len(targets),
        "results": int((targets["kind"] == "result").sum()),
        "targets": len(tg),
    }
    for f in FIRMNESS:
        out[f"targets_{f}"] = int((tg["firmness"] == f).sum())
    label = tg["binding"].fillna("").replace("", "unlabelled")
    for b in BINDING:
        out[f"targets_{b}"] = int((label == b).sum())
    return pd.Series(out, dtype="int64")


def _series_row(path: Path) -> pd.DataFrame:
    """One row of the series for one file (run in a worker process)."""
    a = analyse(path)
    return pd.DataFrame([measure_report(a, file=path.name, year=report_year(a, path.name))])


def _problem(error: str, path: str) -> str:
    """A failure message without the file's path (the row names the file).

    >>> _problem("data/x.txt: no recognisable report structure", "data/x.txt")
    'no recognisable report structure'
    """
    prefix = f"{path}: "
    return error[len(prefix) :] if error.startswith(prefix) else error


def national_series(corpus_dir: str | Path | None = None, *, jobs: int = 2) -> pd.DataFrame:
    """Run the whole pipeline on every report (``*.txt``) of a folder: one row per file.

    Columns :data:`SERIES_COLUMNS`. ``file`` is the path inside the folder. A file the
    package cannot read keeps its row, with ``status`` ``failed``, ``error`` saying why and
    ``year`` from its name, so that nothing is dropped silently and the series gains rows as
    the loader improves. Files are processed by ``jobs`` worker processes
    (:func:`workreport.corpus.run_corpus`); rows are sorted by year and file, so the table does
    not depend on the number of jobs. Nothing is cached.

    Raises :class:`~workreport.errors.ReportFormatError` when the folder holds no report.
    """
    folder = Path(corpus_dir) if corpus_dir is not None else default_corpus_dir()
    paths = list_reports(folder) if folder.is_dir() else []
    if not paths:
        raise ReportFormatError(folder, "no report files (*.txt) in this folder")
    rows = []
    for res in run_corpus(_series_row, paths, jobs=jobs, progress=False):
        rel = Path(res.path).relative_to(folder).as_posix()
        if res.table is not None:
            rows.append({**res.table.iloc[0].to_dict(), "file": rel})
        else:
            rows.append(
                {
                    "year": year_from_name(rel),
                    "file": rel,
                    "status": "failed",
                    "error": _problem(res.error, res.path),
                }
            )
    out = pd.DataFrame(rows).reindex(columns=SERIES_COLUMNS)
    for c in _INT_COLUMNS:
        out[c] = out[c].astype("Float64").round().astype("Int64")
    for c in ("error", "targets_error"):
        out[c] = out[c].fillna("").astype(str)
    out = out.sort_values(["year", "file"], na_position="last", kind="stable")
    return out.reset_index(drop=True)


def counterpart(series: pd.DataFrame, year: int | None) -> pd.Series:
    """The report of the series to compare a report of ``year`` with: the loaded report of
    the same year, else the loaded report of the nearest year (the earlier one on a tie).

    Raises ``ValueError`` when the series has no loaded report.

    Examples
    --------
    >>> s = pd.DataFrame({"year": [2016, 2017, 2019], "file": ["a", "b", "c"],
    ...                   "status": ["ok", "failed", "ok"]})
    >>> counterpart(s, 2017)["file"], counterpart(s, 2019)["file"]
    ('a', 'c')
    """
    ok = series[(series["status"] == "ok") & series["year"].notna()]
    if ok.empty:
        raise ValueError("the series holds no loaded report")
    if year is None:
        return ok.iloc[-1]
    gap = (ok["year"].astype(int) - int(year)).abs()
    order = np.lexsort((ok["year"].astype(int).to_numpy(), gap.to_numpy()))
    return ok.iloc[int(order[0])]


# --- one value in the series ------------------------------------------------------------------


def percentile_rank(value: float, values: Iterable[float]) -> float:
    """Where ``value`` stands among ``values``: the percentage of them below it, counting
    equal ones half (the mid-rank percentile). NaN values are ignored; NaN if none is left.

    Examples
    --------
    >>> percentile_rank(3, [1, 2, 3, 4])
    62.5
    >>> percentile_rank(9, [1, 2]), percentile_rank(0, [1, 2])
    (100.0, 0.0)
    """
    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    if len(v) == 0 or np.isnan(value):
        return float("nan")
    return float(100 * ((v < value).sum() + 0.5 * (v == value).sum()) / len(v))


SERIES_MEASURES = {
    **{f"{t}_per_1000": THEME_LABELS_ZH[t] for t in THEMES},
    **INDEX_LABELS,
}
"""The measures placed in the series, with their labels."""


def series_percentiles(series: pd.DataFrame, values: dict[str, float]) -> pd.DataFrame:
    """For each measure of ``values`` (a column of the series: ``energy_per_1000``,
    ``env_index``…), the value, its percentile among the loaded reports of the series
    (:func:`percentile_rank`), how many are below it, and the series' minimum, median and
    maximum with the years of the extremes."""
    ok = series[series["status"] == "ok"]
    rows = []
    for measure, value in values.items():
        col = ok[measure].astype(float)
        years = dict(zip(ok.index, ok["year"], strict=True))
        rows.append(
            {
                "measure": measure,
                "value": float(value),
                "percentile": percentile_rank(value, col),
                "reports_below": int((col < value).sum()),
                "reports": int(col.notna().sum()),
                "national_min": float(col.min()),
                "min_year": int(years[col.idxmin()]) if col.notna().any() else None,
                "national_median": float(col.median()),
                "national_max": float(col.max()),
                "max_year": int(years[col.idxmax()]) if col.notna().any() else None,
            }
        )
    return pd.DataFrame(rows)


def by_decade(series: pd.DataFrame, measures: list[str]) -> pd.DataFrame:
    """The mean of each measure over the loaded reports of each decade (``1950s``…), with
    the number of reports; one row per decade, in order."""
    ok = series[(series["status"] == "ok") & series["year"].notna()].copy()
    ok["decade"] = [f"{int(y) // 10 * 10}s" for y in ok["year"]]
    out = ok[measures].astype(float).groupby(ok["decade"]).mean()
    out.insert(0, "reports", ok.groupby("decade").size())
    return out


# --- two reports side by side -----------------------------------------------------------------


def _boot_rates(n: np.ndarray, m: np.ndarray, draws: int, rng: np.random.Generator) -> np.ndarray:
    """``draws`` × names bootstrap rates (per 1,000 words), paragraphs resampled."""
    if len(n) == 0:
        return np.full((draws, m.shape[1]), np.nan)
    w = rng.multinomial(len(n), np.full(len(n), 1 / len(n)), size=draws).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return 1000 * (w @ m) / (w @ n)[:, None]


def rate_ratio_draws(
    a: Analysis,
    b: Analysis,
    names: list[str],
    *,
    matches: tuple[pd.DataFrame, pd.DataFrame] | None = None,
    draws: int = 2000,
    seed: int = 2017,
) -> np.ndarray:
    """The bootstrap draws of the rate ratio ``a`` / ``b`` (matches per 1,000 body words) of
    each of ``names``, behind :func:`compare_rates`' intervals: ``draws`` × ``len(names)``,
    each report's body paragraphs resampled independently (two child streams of ``seed``);
    infinite or undefined ratios are NaN. ``matches``: the two reports' matches with their
    ``theme`` column naming what is compared (by default their own matches, by theme)."""
    ma, mb = (a.matches, b.matches) if matches is None else matches
    rng_a, rng_b = (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(2))
    ra = _boot_rates(*paragraph_counts(a.report, a.tokens, ma, names)[1:], draws, rng_a)
    rb = _boot_rates(*paragraph_counts(b.report, b.tokens, mb, names)[1:], draws, rng_b)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = ra / rb
    ratio[~np.isfinite(ratio)] = np.nan
    return ratio


def _percentile_intervals(draws: np.ndarray, level: float = 0.95) -> list[tuple[float, float]]:
    """The percentile interval of each column of ``draws`` (NaN draws left out; NaN ends for a
    column without a finite draw)."""
    tail = 100 * (1 - level) / 2
    out = []
    for i in range(draws.shape[1]):
        r = draws[:, i]
        r = r[np.isfinite(r)]
        out.append(tuple(np.percentile(r, [tail, 100 - tail])) if len(r) else (np.nan, np.nan))
    return out


def compare_rates(
    a: Analysis,
    b: Analysis,
    *,
    lexicon: pd.DataFrame | None = None,
    draws: int = 2000,
    seed: int = 2017,
) -> pd.DataFrame:
    """Attention to each theme and subtheme in report ``a`` beside report ``b`` (the
    national one), and the environmental-governance index of both, both ways.

    One row per theme, per subtheme (in lexicon order) and per index (``level`` ``theme``,
    ``subtheme`` or ``index``). For themes and subthemes ``value`` is the matches per 1,000
    word tokens of the body with a 95% paragraph-bootstrap interval
    (:func:`workreport.themes.theme_rates`, ``draws`` draws, fixed ``seed``), and ``ratio``
    is ``a``'s rate over ``b``'s, its interval from resampling each report's paragraphs
    independently. For the index, ``value`` is the percentage of all word tokens
    (``Analysis.env_index``, ``Analysis.env_index_substring``), without interval.
    Columns: ``level``, ``theme``, ``name``, ``label``, ``measure``, then ``report_`` and
    ``national_`` ``matches``, ``words``, ``value``, ``ci_low``, ``ci_high``, then ``ratio``,
    ``ratio_ci_low``, ``ratio_ci_high``.
    """
    lex = load_lexicon() if lexicon is None else lexicon
    subthemes = list(dict.fromkeys(lex["subtheme"]))
    theme_of = dict(zip(lex["subtheme"], lex["theme"], strict=True))
    theme_names = [t for t in THEMES if t in set(lex["theme"])] + sorted(
        set(lex["theme"]) - set(THEMES)
    )

    def as_subtheme(m: pd.DataFrame) -> pd.DataFrame:
        return m.assign(theme=m["subtheme"]) if len(m) else m

    rows = []
    for level, names, relabel in (
        ("theme", theme_names, lambda m: m),
        ("subtheme", subthemes, as_subtheme),
    ):
        ma, mb = relabel(a.matches), relabel(b.matches)
        ra = theme_rates(a.report, a.tokens, ma, themes=names, draws=draws, seed=seed)
        rb = theme_rates(b.report, b.tokens, mb, themes=names, draws=draws, seed=seed)
        ra, rb = ra.set_index("theme"), rb.set_index("theme")
        ratio_ci = _percentile_intervals(
            rate_ratio_draws(a, b, names, matches=(ma, mb), draws=draws, seed=seed)
        )
        for name, (lo, hi) in zip(names, ratio_ci, strict=True):
            x, y = ra.loc[name], rb.loc[name]
            ratio = x["per_1000"] / y["per_1000"] if y["per_1000"] else np.nan
            rows.append(
                {
                    "level": level,
                    "theme": name if level == "theme" else theme_of[name],
                    "name": name,
                    "label": (THEME_LABELS_ZH if level == "theme" else SUBTHEME_LABELS).get(
                        name, name
                    ),
                    "measure": "matches per 1,000 words",
                    **_side("report", x),
                    **_side("national", y),
                    "ratio": ratio,
                    "ratio_ci_low": lo if not np.isnan(ratio) else np.nan,
                    "ratio_ci_high": hi if not np.isnan(ratio) else np.nan,
                }
            )
    for name in ("env_index", "env_index_substring"):
        va, vb = float(getattr(a, name)), float(getattr(b, name))
        rows.append(
            {
                "level": "index",
                "theme": "ecology",
                "name": name,
                "label": INDEX_LABELS[name],
                "measure": "% of words",
                **_index_side("report", a, name),
                **_index_side("national", b, name),
                "ratio": va / vb if vb else np.nan,
                "ratio_ci_low": np.nan,
                "ratio_ci_high": np.nan,
            }
        )
    return pd.DataFrame(rows)


def _side(prefix: str, r: pd.Series) -> dict:
    return {
        f"{prefix}_matches": int(r["matches"]),
        f"{prefix}_words": int(r["words"]),
        f"{prefix}_value": float(r["per_1000"]),
        f"{prefix}_ci_low": float(r["ci_low"]),
        f"{prefix}_ci_high": float(r["ci_high"]),
    }


def _index_side(prefix: str, a: Analysis, name: str) -> dict:
    words = int((~a.tokens["is_punct"]).sum())
    value = float(getattr(a, name))
    return {
        f"{prefix}_matches": round(value * words / 100),
        f"{prefix}_words": words,
        f"{prefix}_value": value,
        f"{prefix}_ci_low": np.nan,
        f"{prefix}_ci_high": np.nan,
    }


_SCOPE = re.compile(r"(?:国内|地区|全省|全国)(?=生产总值)")
_LEADING = re.compile(r"^(?:全国|全省|全市|我国|我省|本省|单位|万元|每万元)+")


def normalise_indicator(indicator: str) -> str:
    """An indicator's name without the words that only say whose it is or per what unit, so
    that a province's and the centre's names of one statistic compare equal: ``国内生产总值``
    (the nation's GDP) and ``地区生产总值`` (a region's) become ``生产总值``; a leading
    ``全国``, ``全省``, ``单位`` or ``万元`` (per unit, per 10,000 yuan) is dropped.

    Examples
    --------
    >>> normalise_indicator("万元地区生产总值能耗"), normalise_indicator("单位国内生产总值能耗")
    ('生产总值能耗', '生产总值能耗')
    >>> normalise_indicator("城镇新增就业")
    '城镇新增就业'
    """
    s = _LEADING.sub("", str(indicator or "").strip())
    return _SCOPE.sub("", s)


def _relative(row: dict) -> bool:
    """Whether a target's unit is relative (%, 百分点…): it then has no ``value_base``."""
    return bool(pd.isna(row["value_base"]))


def comparable_units(r: dict, s: dict) -> bool:
    """Whether two targets' figures (rows with ``unit``, ``base_unit``, ``value_base``) can be
    compared: units of the same kind, both relative (%, 百分点…) and written alike, or both
    absolute with the same counted noun (``万人`` and ``万`` of people agree).

    >>> pct = {"value_base": float("nan"), "unit": "%", "base_unit": ""}
    >>> wan = {"value_base": 1e4, "unit": "万", "base_unit": "人"}
    >>> wanren = {"value_base": 4e5, "unit": "万人", "base_unit": "人"}
    >>> comparable_units(pct, pct), comparable_units(pct, wan), comparable_units(wan, wanren)
    (True, False, True)
    """
    if _relative(r) or _relative(s):
        return _relative(r) and _relative(s) and r["unit"] == s["unit"]
    return bool(r["base_unit"]) and r["base_unit"] == s["base_unit"]


TARGET_PAIR_COLUMNS = [
    "indicator",
    "national_indicator",
    "similarity",
    "unit",
    "report_value",
    "report_value_low",
    "report_value_high",
    "report_qualifier",
    "report_firmness",
    "report_binding",
    "report_direction",
    "report_paragraph",
    "national_unit",
    "national_value",
    "national_value_low",
    "national_value_high",
    "national_qualifier",
    "national_firmness",
    "national_binding",
    "national_direction",
    "national_paragraph",
    "report_share_pct",
]
"""The columns of :func:`compare_targets`."""

# the types of its columns that do not hold text (those of an empty table)
_TARGET_PAIR_TYPES = {
    c: np.int64 if c.endswith("paragraph") else float
    for c in TARGET_PAIR_COLUMNS
    if c.endswith(("paragraph", "value", "value_low", "value_high", "similarity", "pct"))
}


def one_to_one(candidates: Iterable[tuple[float, int, int]]) -> list[tuple[int, int, float]]:
    """Pairs ``(i, j, similarity)`` taken greedily from scored candidates ``(similarity, i,
    j)``: the most similar first (ties: the lower ``i``, then the lower ``j``), each ``i`` and
    each ``j`` in one pair at most.

    Examples
    --------
    >>> one_to_one([(0.5, 0, 0), (0.9, 0, 1), (0.8, 1, 1), (0.4, 1, 0)])
    [(0, 1, 0.9), (1, 0, 0.4)]
    """
    used_i: set[int] = set()
    used_j: set[int] = set()
    pairs = []
    for sim, i, j in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if i in used_i or j in used_j:
            continue
        used_i.add(i)
        used_j.add(j)
        pairs.append((i, j, sim))
    return pairs


def compare_targets(
    report_targets: pd.DataFrame,
    national_targets: pd.DataFrame,
    *,
    year: int,
    national_year: int | None = None,
    min_length: int = 3,
) -> pd.DataFrame:
    """Targets that a report and the national report set for the same indicator.

    The targets (rows of kind ``target``) for ``year`` of each side (``national_year``,
    default the same) are paired one to one: two targets pair when their units are of the
    same kind (:func:`comparable_units`) and their indicators, once normalised
    (:func:`normalise_indicator`) and at least ``min_length`` characters long, name the same
    thing by :func:`workreport.evaluate.same_indicator`; the most similar pairs (character
    bigrams) are taken first. ``report_share_pct`` is the report's figure as a percentage of
    the national one, for absolute quantities (people, tonnes…) only. Columns
    :data:`TARGET_PAIR_COLUMNS`, in the report's order.
    """
    ny = year if national_year is None else national_year

    def select(t: pd.DataFrame, y: int) -> pd.DataFrame:
        t = t[(t["kind"] == "target") & (t["period"].astype(str) == str(y))]
        return t.assign(norm=t["indicator"].map(normalise_indicator)).reset_index(drop=True)

    r = select(report_targets, year).to_dict("records")
    s = select(national_targets, ny).to_dict("records")
    candidates = []
    for i, x in enumerate(r):
        if len(x["norm"]) < min_length:
            continue
        for j, y in enumerate(s):
            if len(y["norm"]) < min_length or not comparable_units(x, y):
                continue
            if same_indicator(x["norm"], y["norm"]) or same_indicator(y["norm"], x["norm"]):
                candidates.append((bigram_similarity(x["norm"], y["norm"]), i, j))
    pairs = one_to_one(candidates)
    fields = ("value", "value_low", "value_high", "qualifier", "firmness", "binding", "direction")
    rows = []
    for i, j, sim in sorted(pairs):
        x, y = r[i], s[j]
        share = np.nan
        if not _relative(x) and not _relative(y) and y["value_base"]:
            share = 100 * x["value_base"] / y["value_base"]
        rows.append(
            {
                "indicator": x["indicator"],
                "national_indicator": y["indicator"],
                "similarity": round(sim, 4),
                "unit": x["unit"],
                **{f"report_{k}": x[k] for k in fields},
                "report_paragraph": int(x["paragraph_id"]),
                "national_unit": y["unit"],
                **{f"national_{k}": y[k] for k in fields},
                "national_paragraph": int(y["paragraph_id"]),
                "report_share_pct": share,
            }
        )
    if not rows:
        return empty_table(TARGET_PAIR_COLUMNS, _TARGET_PAIR_TYPES)
    return pd.DataFrame(rows, columns=TARGET_PAIR_COLUMNS)


def distinctive_words(
    a: Analysis,
    b: Analysis,
    *,
    prior: float = 500.0,
    min_count: int = 3,
    top: int | None = 20,
) -> pd.DataFrame:
    """The words that most distinguish report ``a`` from report ``b``, either way.

    Weighted log-odds with an informative Dirichlet prior (Monroe et al. 2008,
    :func:`workreport.themes.distinctive_terms`) on the two token tables put together, with
    ``a``'s tokens as the group. Columns ``word``, ``distinctive_of`` (``report`` when
    ``z`` > 0, else ``national``), ``report_count``, ``national_count``, ``delta``, ``z``;
    the report's words first (largest ``z`` first), then the national report's (most
    negative first). ``top`` words each way (every word seen ``min_count`` times if None).
    """
    tokens = pd.concat([a.tokens, b.tokens], ignore_index=True)
    group = pd.Series(np.arange(len(tokens)) < len(a.tokens), index=tokens.index)
    d = distinctive_terms(tokens, group, prior=prior, min_count=min_count, top=top)
    d = d.rename(columns={"count_in": "report_count", "count_out": "national_count"})
    side = np.where(d["z"] > 0, "report", np.where(d["z"] < 0, "national", ""))
    d.insert(1, "distinctive_of", side)
    d["abs_z"] = d["z"].abs()
    d["side"] = d["distinctive_of"].map({"report": 0, "national": 1, "": 2})
    d = d.sort_values(["side", "abs_z", "word"], ascending=[True, False, True], kind="stable")
    return d.drop(columns=["abs_z", "side"]).reset_index(drop=True)


# --- the chapter's derived tables ---------------------------------------------------------------


def context_tables(
    report_path: str | Path | None = None,
    corpus_dir: str | Path | None = None,
    *,
    jobs: int = 2,
    analysis: Analysis | None = None,
) -> dict[str, pd.DataFrame]:
    """The chapter's derived tables, by file name (computed in memory, nothing written):
    ``national_series.csv`` (:func:`national_series`), ``shanxi_vs_national_themes.csv``
    (:func:`compare_rates`), ``shanxi_vs_national_targets.csv`` (:func:`compare_targets`)
    and ``distinctive_words.csv`` (:func:`distinctive_words`, every word seen 3 times or
    more). The report (default: the project's) is compared with the national report of its
    year (see :func:`counterpart`). ``analysis``: the report's analysis when the caller has it
    already (it is not computed again)."""
    path = Path(report_path) if report_path else default_report_path()
    folder = Path(corpus_dir) if corpus_dir is not None else default_corpus_dir()
    a = analysis if analysis is not None else analyse(path)
    series = national_series(folder, jobs=jobs)
    year = report_year(a, path.name)
    ref = counterpart(series, year)
    b = analyse(folder / ref["file"])
    return {
        "national_series.csv": series,
        "shanxi_vs_national_themes.csv": compare_rates(a, b),
        "shanxi_vs_national_targets.csv": compare_targets(
            a.targets,
            b.targets,
            year=year if year is not None else int(ref["year"]),
            national_year=int(ref["year"]),
        ),
        "distinctive_words.csv": distinctive_words(a, b, top=None),
    }
