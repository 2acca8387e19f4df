"""Claims that survive the instrument: the book's comparative claims under other word lists,
both counting rules and with metaphors taken out of every text.

A word list built by reading a report finds that report's vocabulary best, so every
comparison of the report with another text measured with it leans towards the report. Here
each comparative claim of the book is recomputed with word lists that do not rest on the
report (:data:`CLAIM_LISTS`, :func:`claim_lists`), counting terms as whole words or as plain
substrings (:data:`RULES`), and with the metaphors the book lists (政治生态, 金融生态 …)
taken out of every text alike (:data:`TREATMENTS`):

- ``ratio_national``: the report's rate of each theme over the national report of its year
  (:func:`workreport.context.compare_rates`, paragraph bootstrap);
- ``rank_national``: how many of the national reports have a lower rate
  (:func:`workreport.context.series_percentiles`);
- ``theme_order``: the order of the three themes in the report;
- ``plan_review``: each theme's rate in the plan over the review
  (:func:`workreport.themes.review_vs_plan`);
- ``env_ratio`` and ``env_rank``: Chen & Chen's environmental-governance index against the
  national report of the year and among the national reports (its word list is Chen &
  Chen's, ``chen2018``, under every theme list).

:func:`claims_sensitivity` returns one row per claim × theme × list × rule × treatment with
``holds``: whether the claim as the book states it (its reading with the book's list, whole
words, metaphors kept) holds under that row's instrument. :func:`claims_summary` says, per
claim, whether it holds under every instrument. :func:`variant_counts` gives each lexicon
variant's counts in a few reports (the effect of the era terms).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .constants import THEMES
from .context import compare_rates, counterpart, series_percentiles
from .pipeline import Analysis
from .rates import interval_words
from .themes import (
    VARIANTS,
    env_governance_index,
    load_env_terms,
    load_lexicon,
    load_provenance,
    match_terms,
    outside_spans,
    paragraph_counts,
    review_vs_plan,
    substring_matches,
)
from .tokens import tokenize

__all__ = [
    "CLAIM_LISTS",
    "GUIDELINE_METAPHORS",
    "RULES",
    "SENSITIVITY_COLUMNS",
    "TREATMENTS",
    "claim_lists",
    "claims_sensitivity",
    "claims_summary",
    "count_matches",
    "document",
    "env_index",
    "theme_rates_per_1000",
    "variant_counts",
]

#: The word lists every claim is recomputed with (:func:`claim_lists`).
CLAIM_LISTS = ("book", "national", "genre", "both-2017", "central-literature", "book+era")
#: The counting rules, terms as whole words (tokens, the book's rule) or as plain substrings.
RULES = ("words", "substrings")
#: The metaphors the book lists kept in every text, or taken out of every text.
TREATMENTS = ("kept", "removed")
#: Metaphors the post-2020 coding guidelines name besides the book's list
#: (``data/annotations/paragraph_themes_guidelines_2025.md``, "Metaphors and names").
GUIDELINE_METAPHORS = ("创新生态", "开放创新生态", "数字生态", "市场生态")
ENV_LIST = "chen2018"
_VALUES = ("value", "ci_low", "ci_high")
#: The columns of :func:`claims_sensitivity`'s table.
SENSITIVITY_COLUMNS = [
    "claim",
    "theme",
    "list",
    "rule",
    "metaphors",
    "terms",
    "value",
    "ci_low",
    "ci_high",
    "reports_below",
    "reports",
    "reading",
    "statement",
    "holds",
]


def document(
    report_or_analysis: Analysis | object, *, userdict: str | None = "default"
) -> Analysis:
    """An :class:`~workreport.pipeline.Analysis` of a loaded report for counting only: its
    tokens, the book's matches and Chen & Chen's, and no quantities (an empty targets table).
    An Analysis is returned as it is."""
    if isinstance(report_or_analysis, Analysis):
        return report_or_analysis
    from .report import Report

    if not isinstance(report_or_analysis, Report):
        raise TypeError("document() takes a Report or an Analysis")
    tokens = tokenize(report_or_analysis, userdict=userdict)
    env = load_env_terms()
    return Analysis(
        report_or_analysis,
        tokens,
        match_terms(tokens, load_lexicon(), userdict=userdict),
        match_terms(tokens, env, userdict=userdict),
        pd.DataFrame(),
        tuple(env["term"].tolist()),
    )


def count_matches(
    a: Analysis, lexicon: pd.DataFrame, *, rule: str = "words", masked: Iterable[str] = ()
) -> pd.DataFrame:
    """The matches of ``lexicon`` in an analysed report under a counting rule: ``words``
    (:func:`~workreport.themes.match_terms`) or ``substrings``
    (:func:`~workreport.themes.substring_matches`); nothing counted inside the ``masked``
    phrases."""
    masked = tuple(masked)
    if rule == "words":
        return outside_spans(match_terms(a.tokens, lexicon), a.report.text, masked)
    if rule == "substrings":
        return substring_matches(a.report, lexicon, masked=masked)
    raise ValueError(f"rule must be one of {list(RULES)}, not {rule!r}")


def env_index(a: Analysis, *, rule: str = "words", masked: Iterable[str] = ()) -> float:
    """Chen & Chen's index (per cent of word tokens) under a counting rule, nothing counted
    inside the ``masked`` phrases; with nothing masked, ``a.env_index`` (words) or
    ``a.env_index_substring`` (substrings)."""
    masked = tuple(masked)
    if rule == "words":
        return env_governance_index(a.tokens, outside_spans(a.env_matches, a.report.text, masked))
    if rule == "substrings":
        terms = pd.DataFrame({"term": list(a.env_terms or load_env_terms()["term"])})
        hits = substring_matches(a.report, terms, masked=masked)
        return env_governance_index(a.tokens, hits)
    raise ValueError(f"rule must be one of {list(RULES)}, not {rule!r}")


def theme_rates_per_1000(a: Analysis, matches: pd.DataFrame) -> dict[str, float]:
    """Each theme's matches per 1,000 word tokens of the body (the rate of
    :func:`workreport.themes.theme_rates`, without its interval)."""
    _, n, m = paragraph_counts(a.report, a.tokens, matches, list(THEMES))
    words = n.sum()
    return {
        t: float(1000 * m[:, i].sum() / words) if words else np.nan for i, t in enumerate(THEMES)
    }


def claim_lists(
    report: Analysis, counterpart_report: Analysis, national: Iterable[Analysis]
) -> dict[str, pd.DataFrame]:
    """The word lists of :data:`CLAIM_LISTS`, each a lexicon (``theme, subtheme, term, gloss,
    source``):

    - ``book``: the book's list (:func:`~workreport.themes.load_lexicon`);
    - ``national``: its terms that occur as words in at least one of the ``national`` reports;
    - ``genre``: the genre list (``variant="genre"``, built without the report);
    - ``both-2017``: the book's terms that occur as words both in ``report`` and in
      ``counterpart_report`` (the national report of its year);
    - ``central-literature``: the book's terms from a central plan or document or from the
      literature (``source_class``);
    - ``book+era``: the book's list with the era terms.
    """
    book = load_lexicon()
    in_national: set[str] = set()
    for a in national:
        in_national |= set(match_terms(a.tokens, book)["term"])
    both = set(match_terms(report.tokens, book)["term"]) & set(
        match_terms(counterpart_report.tokens, book)["term"]
    )
    prov = load_provenance().set_index("term")["source_class"].str.split(";")
    official = {t for t, c in prov.items() if {"central", "literature"} & set(c)}
    return {
        "book": book,
        "national": book[book["term"].isin(in_national)].reset_index(drop=True),
        "genre": load_lexicon(variant="genre"),
        "both-2017": book[book["term"].isin(both)].reset_index(drop=True),
        "central-literature": book[book["term"].isin(official)].reset_index(drop=True),
        "book+era": load_lexicon(variant="book+era"),
    }


def _direction(value: float) -> str:
    return "higher" if value > 1 else ("lower" if value < 1 else "equal")


Row = dict[str, Any]


def _row(claim: str, theme: str, lst: str, rule: str, treat: str, terms: int, **values: Any) -> Row:
    return {
        "claim": claim,
        "theme": theme,
        "list": lst,
        "rule": rule,
        "metaphors": treat,
        "terms": terms,
        "value": np.nan,
        "ci_low": np.nan,
        "ci_high": np.nan,
        "reports_below": None,
        "reports": None,
        "order": "",
        **values,
    }


def _ranks(
    values: dict[str, float], national: Sequence[dict[str, float]]
) -> dict[str, tuple[int, int]]:
    """For each measure, (reports below the value, reports) among the national values."""
    series = pd.DataFrame(national).assign(status="ok", year=0)
    table = series_percentiles(series, values)
    below = dict(zip(table["measure"], table["reports_below"], strict=True))
    total = dict(zip(table["measure"], table["reports"], strict=True))
    return {k: (int(below[k]), int(total[k])) for k in values}


def claims_sensitivity(
    report: Analysis,
    national: Sequence[tuple[str, int | None, Analysis]],
    *,
    metaphors: Iterable[str],
    lists: dict[str, pd.DataFrame] | None = None,
    draws: int = 2000,
    seed: int = 2017,
) -> pd.DataFrame:
    """Every comparative claim of the book under each word list, counting rule and treatment
    of metaphors (see the module's description).

    ``report``: the analysed report; ``national``: ``(file name, year, analysis)`` of each
    national report (:func:`document` makes one from a loaded report); the counterpart is the
    one of the report's year (:func:`workreport.context.counterpart`). ``metaphors``: the
    phrases taken out of every text in the ``removed`` rows. ``lists``: the word lists by
    name (default :func:`claim_lists`). Intervals use ``draws`` bootstrap draws and ``seed``,
    as the book does.

    One row per claim × theme × list × rule × treatment (columns
    :data:`SENSITIVITY_COLUMNS`): ``terms`` (the list's terms of the theme), ``value`` (the
    ratio, the rate of the report, or the index), ``ci_low``/``ci_high`` (95% paragraph
    bootstrap, ratios only), ``reports_below``/``reports`` (ranks), ``reading`` (what the
    row says: ``higher; above 1``, a count of reports below, an order of themes),
    ``statement`` (the claim as the book states it: the reading with the book's list, whole
    words and metaphors kept) and ``holds`` (the row's reading supports the statement: the
    same direction and the same interval verdict, at least as many reports below, the same
    order).
    """
    masked_phrases = tuple(metaphors)
    national = list(national)
    if not national:
        raise ValueError("no national report to compare with")
    year = report.report.year
    series = pd.DataFrame(
        {"year": [y for _, y, _ in national], "file": [n for n, _, _ in national], "status": "ok"}
    )
    twin_name = str(counterpart(series, year)["file"])
    twin_year = next(y for n, y, _ in national if n == twin_name)
    twin = next(a for n, _, a in national if n == twin_name)
    if lists is None:
        lists = claim_lists(report, twin, (a for _, _, a in national))
    rows: list[Row] = []
    for rule in RULES:
        for treat in TREATMENTS:
            masked = masked_phrases if treat == "removed" else ()
            for name, lex in lists.items():
                counting = _Counting(name, rule, treat, masked)
                rows += _list_rows(report, twin, national, lex, counting, draws, seed)
            rows += _env_rows(report, twin, national, rule, treat, masked)
    for row in rows:
        row["reading"] = _reading(row)
    return _judged(rows, national_year=twin_year)


@dataclasses.dataclass(frozen=True)
class _Counting:
    """One instrument: a word list, a counting rule, a treatment of metaphors."""

    name: str
    rule: str
    treat: str
    masked: tuple[str, ...]


def _list_rows(
    report: Analysis,
    twin: Analysis,
    national: Sequence[tuple[str, int | None, Analysis]],
    lex: pd.DataFrame,
    c: _Counting,
    draws: int,
    seed: int,
) -> list[Row]:
    size = lex.groupby("theme").size()
    terms = {t: int(size.get(t, 0)) for t in THEMES}
    ma = count_matches(report, lex, rule=c.rule, masked=c.masked)
    mb = count_matches(twin, lex, rule=c.rule, masked=c.masked)
    ar, br = dataclasses.replace(report, matches=ma), dataclasses.replace(twin, matches=mb)
    cr = compare_rates(ar, br, lexicon=lex, draws=draws, seed=seed)
    cr = cr[cr["level"] == "theme"]
    by_theme = {str(r["name"]): r for r in cr.to_dict("records")}
    own = {f"{t}_per_1000": float(by_theme[t]["report_value"]) for t in THEMES}
    others = []
    for _, _, a in national:
        rates = theme_rates_per_1000(a, count_matches(a, lex, rule=c.rule, masked=c.masked))
        others.append({f"{t}_per_1000": v for t, v in rates.items()})
    ranks = _ranks(own, others)
    shift = review_vs_plan(
        report.report, report.tokens, ma, themes=list(THEMES), draws=draws, seed=seed
    )
    by_part = {str(r["theme"]): r for r in shift.to_dict("records")}
    rows = []
    for t in THEMES:
        key = (c.name, c.rule, c.treat, terms[t])
        x, y = by_theme[t], by_part[t]
        rows.append(
            _row(
                "ratio_national",
                t,
                *key,
                value=float(x["ratio"]),
                ci_low=float(x["ratio_ci_low"]),
                ci_high=float(x["ratio_ci_high"]),
            )
        )
        below, n = ranks[f"{t}_per_1000"]
        rate = own[f"{t}_per_1000"]
        rows.append(_row("rank_national", t, *key, value=rate, reports_below=below, reports=n))
        rows.append(
            _row(
                "plan_review",
                t,
                *key,
                value=float(y["rate_ratio"]),
                ci_low=float(y["ci_low"]),
                ci_high=float(y["ci_high"]),
            )
        )
    order = " > ".join(sorted(THEMES, key=lambda t: -own[f"{t}_per_1000"]))
    rows.append(
        _row("theme_order", "all", c.name, c.rule, c.treat, sum(terms.values()), order=order)
    )
    return rows


def _env_rows(
    report: Analysis,
    twin: Analysis,
    national: Sequence[tuple[str, int | None, Analysis]],
    rule: str,
    treat: str,
    masked: tuple[str, ...],
) -> list[Row]:
    n_terms = len(report.env_terms) or len(load_env_terms())
    own = env_index(report, rule=rule, masked=masked)
    other = env_index(twin, rule=rule, masked=masked)
    others = [{"env": env_index(a, rule=rule, masked=masked)} for _, _, a in national]
    below, n = _ranks({"env": own}, others)["env"]
    key = ("ecology", ENV_LIST, rule, treat, n_terms)
    return [
        _row("env_ratio", *key, value=own / other if other else np.nan),
        _row("env_rank", *key, value=own, reports_below=below, reports=n),
    ]


def _reading(r: Row) -> str:
    """What one row says, in the words its claim is judged by."""
    if r["claim"] == "theme_order":
        return str(r["order"])
    if r["claim"] in ("rank_national", "env_rank"):
        return f"{r['reports_below']} of {r['reports']}"
    if np.isnan(r["value"]):
        return "not estimable"
    if r["claim"] == "env_ratio":
        return _direction(r["value"])
    return f"{_direction(r['value'])}; {interval_words(r['ci_low'], r['ci_high'])} 1"


def _judged(rows: list[Row], *, national_year: int | None) -> pd.DataFrame:
    """Add the book's statement of each claim and whether each row holds it."""
    base = {
        (r["claim"], r["theme"]): r
        for r in rows
        if r["rule"] == "words" and r["metaphors"] == "kept" and r["list"] in ("book", ENV_LIST)
    }
    for r in rows:
        b = base[(r["claim"], r["theme"])]
        r["statement"] = _statement(b, national_year)
        if r["claim"] in ("rank_national", "env_rank"):
            r["holds"] = r["reports_below"] >= b["reports_below"]
        else:
            r["holds"] = r["reading"] == b["reading"]
    out = pd.DataFrame(rows)
    for c in ("reports_below", "reports"):
        out[c] = out[c].astype("Int64")
    return out[SENSITIVITY_COLUMNS]


def _statement(b: Row, national_year: int | None) -> str:
    """The claim as the book states it, from its reading with the book's instrument."""
    claim, theme, reading = b["claim"], b["theme"], b["reading"]
    if claim == "theme_order":
        return f"order of the themes in the report: {reading}"
    if claim == "rank_national":
        return f"the report's {theme} rate is higher than in {reading} national reports"
    if claim == "env_rank":
        return f"the report's index is higher than in {reading} national reports"
    if claim == "env_ratio":
        return f"the report's index is {reading} than in the national report of {national_year}"
    if reading == "not estimable":
        pair = f"national report of {national_year}" if claim == "ratio_national" else "review"
        return f"the report's {theme} rate against the {pair} is not estimable"
    direction, verdict = reading.split("; ")
    if claim == "ratio_national":
        return (
            f"the report's {theme} rate is {direction} than the national report of "
            f"{national_year}'s; the interval is {verdict}"
        )
    return f"the plan's {theme} rate is {direction} than the review's; the interval is {verdict}"


def claims_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Per claim and theme of :func:`claims_sensitivity`'s table: the statement, how many
    rows (instruments) hold it, and ``holds_everywhere``, ``holds_genre`` (under the genre
    list, both rules and treatments: the check the issue asks of every claim of the intro),
    ``genre_rows`` and ``genre_holds_in`` (how many of those rows there are and hold it),
    ``fails_under`` (the lists under which some row fails, ``;``-separated)."""
    rows = []
    for (claim, theme), g in table.groupby(["claim", "theme"], sort=False):
        genre = g[g["list"].isin(["genre", ENV_LIST])]
        rows.append(
            {
                "claim": claim,
                "theme": theme,
                "statement": g["statement"].iloc[0],
                "rows": len(g),
                "holds_in": int(g["holds"].sum()),
                "holds_everywhere": bool(g["holds"].all()),
                "holds_genre": bool(genre["holds"].all()),
                "genre_rows": len(genre),
                "genre_holds_in": int(genre["holds"].sum()),
                "fails_under": ";".join(dict.fromkeys(g.loc[~g["holds"], "list"])),
            }
        )
    return pd.DataFrame(rows)


def variant_counts(
    reports: Sequence[tuple[str, Analysis]], *, variants: Iterable[str] = VARIANTS
) -> pd.DataFrame:
    """Each lexicon variant's count of each theme in each report (whole words): ``report``,
    ``variant``, ``theme``, ``terms`` (the variant's terms of the theme), ``matches`` and
    ``per_1000`` (per 1,000 word tokens of the body), and ``added`` (the matches of terms
    not in the book's list)."""
    book = set(load_lexicon()["term"])
    rows = []
    for name, a in reports:
        for variant in variants:
            lex = load_lexicon(variant=variant)
            m = match_terms(a.tokens, lex)
            rates = theme_rates_per_1000(a, m)
            size = lex.groupby("theme").size()
            for t in THEMES:
                mt = m[m["theme"] == t]
                rows.append(
                    {
                        "report": name,
                        "variant": variant,
                        "theme": t,
                        "terms": int(size.get(t, 0)),
                        "matches": len(mt),
                        "per_1000": rates[t],
                        "added": int((~mt["term"].isin(book)).sum()),
                    }
                )
    return pd.DataFrame(rows)
