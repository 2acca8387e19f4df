"""The whole pipeline on one report: load → tokens → theme matches → quantities."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from .constants import theme_rank
from .errors import ReportFormatError
from .report import Report, check_path, load_report
from .targets import extract_targets
from .themes import (
    env_governance_index,
    load_env_terms,
    load_lexicon,
    match_terms,
    substring_counts,
    theme_by_unit,
    theme_summary,
)
from .tokens import tokenize_with_vocabulary

__all__ = ["Analysis", "analyse", "themes_table"]


@dataclass(eq=False, repr=False)
class Analysis:
    """Everything the package computes for one report, as tidy tables.

    It prints as one line saying what it holds (never the tables) and compares by identity,
    since tables have no single truth value.

    >>> from workreport import load_text
    >>> text = "一、2016年工作回顾\\n推进煤炭去产能，全年增长4.5%左右。\\n"
    >>> a = analyse(load_text(text, name="mini"))
    >>> a
    <Analysis of 'mini': 2 paragraphs, 15 tokens, 2 theme matches, 0 env. matches, 1 target>
    >>> a == analyse(a.report), a == a
    (False, True)
    """

    report: Report
    tokens: pd.DataFrame
    matches: pd.DataFrame
    env_matches: pd.DataFrame
    targets: pd.DataFrame
    env_terms: tuple[str, ...] = ()

    def __repr__(self) -> str:
        targets = f"{len(self.targets)} target{'' if len(self.targets) == 1 else 's'}"
        return (
            f"<Analysis of {self.report.name!r}: {len(self.report.paragraphs)} paragraphs, "
            f"{len(self.tokens)} tokens, {len(self.matches)} theme matches, "
            f"{len(self.env_matches)} env. matches, {targets}>"
        )

    @property
    def env_index(self) -> float:
        """Chen & Chen's (2018) environmental-governance index (percent of word tokens),
        counting their terms as whole words (tokens), as every measure in this package does."""
        return env_governance_index(self.tokens, self.env_matches)

    @property
    def env_index_substring(self) -> float:
        """The same index with the terms counted as plain substrings (longest first), the
        rule closest to Chen & Chen's (2018) own counts."""
        terms = self.env_terms or tuple(_lexicons(None, None)[1]["term"])
        hits = int(substring_counts(self.report.text, terms)["count"].sum())
        n_words = int((~self.tokens["is_punct"]).sum())
        return 100 * hits / n_words if n_words else 0.0


@cache
def _lexicons(lexicon: str | None, env_terms: str | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    return load_lexicon(lexicon), load_env_terms(env_terms)


def analyse(
    source: str | Path | Report,
    *,
    lexicon: str | None = None,
    env_terms: str | None = None,
    userdict: str | None = "default",
    engine: str | None = None,
) -> Analysis:
    """Run the pipeline on a report file (or an already loaded :class:`~workreport.report.Report`).

    ``engine`` chooses the segmenter: ``"jieba"``, ``"rjieba"`` or ``None`` (the
    ``WORKREPORT_ENGINE`` environment variable, else the fastest installed); both give the same
    tokens (see :func:`workreport.tokens.resolve_engine`).

    A report without any quantity gets an empty ``targets`` table; one with more quantities
    than :func:`~workreport.targets.extract_targets` reads raises
    :class:`~workreport.errors.ReportFormatError`.
    """
    if isinstance(source, Report):
        report = source
    else:
        report = load_report(check_path(source, "analyse(source)"))
    lex, env = _lexicons(lexicon, env_terms)
    tokens, vocabulary = tokenize_with_vocabulary(report, userdict=userdict, engine=engine)
    matches = match_terms(tokens, lex, userdict=userdict, vocabulary=vocabulary)
    env_matches = match_terms(tokens, env, userdict=userdict, vocabulary=vocabulary)
    try:
        targets = extract_targets(report, matches=matches)
    except ReportFormatError as exc:  # too many quantities: name the file as given
        where = report.name if isinstance(source, Report) else source
        raise ReportFormatError(where, exc.problem) from None
    terms = tuple(env["term"].tolist())
    return Analysis(report, tokens, matches, env_matches, targets, terms)


def themes_table(a: Analysis) -> pd.DataFrame:
    """One row per theme × part (and the whole report) with counts, shares and the index.

    Columns: ``theme``, ``part``, ``part_label``, ``part_year``, ``matches``, ``tokens``,
    ``share`` (matches per 100 word tokens), ``paragraph_share`` (whole report only: % of body
    paragraphs mentioning the theme), ``env_index`` and ``env_index_substring`` (the whole
    report's environmental-governance index, terms counted as tokens or as substrings).
    """
    by_part = theme_by_unit(a.report, a.tokens, a.matches, unit="part")
    parts = a.report.parts.set_index("part")
    by_part["part_label"] = by_part["part"].map(parts["label"])
    by_part["part_year"] = by_part["part"].map(parts["year"]).astype("Int64")
    by_part = by_part[by_part["part"] > 0]
    whole = theme_summary(a.report, a.tokens, a.matches)
    n_words = int((~a.tokens["is_punct"]).sum())
    whole = whole.assign(
        part="all",
        part_label="report",
        part_year=pd.array([pd.NA] * len(whole), dtype="Int64"),
        tokens=n_words,
    )
    out = pd.concat([by_part.assign(part=by_part["part"].astype(str)), whole], ignore_index=True)
    out["env_index"] = round(a.env_index, 4)
    out["env_index_substring"] = round(a.env_index_substring, 4)
    out["share"] = out["share"].round(4)
    out["paragraph_share"] = out["paragraph_share"].round(2)
    cols = [
        "theme",
        "part",
        "part_label",
        "part_year",
        "matches",
        "tokens",
        "share",
        "paragraph_share",
        "env_index",
        "env_index_substring",
    ]
    out = out[cols].sort_values(
        ["theme", "part"],
        key=lambda s: s.map(theme_rank) if s.name == "theme" else s,
        kind="stable",
    )
    return out.reset_index(drop=True)
