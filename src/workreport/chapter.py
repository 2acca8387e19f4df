"""What every chapter of the book does the same way: open a report, show numbered tables,
quote paragraphs, and state claims only while the data support them.

A chapter notebook starts with::

    ch = chapter.open_chapter(REPORT_PATH, name="02_poverty")
    a, report, targets = ch.analysis, ch.report, ch.targets

and gets the analysis, the targets with their part labels, the report's own years
(``ch.review_year``, ``ch.plan_year``, ``ch.label("result")`` …) and the chapter's choices
about the report (``ch.config``: headline patterns, instrument lists, term lists), read from
``data/chapters/<name>.toml`` so that another report needs another data file, not code.

Tables are shown with :func:`table`, which writes a MyST ``{table}`` directive: the table is
numbered, captioned and can be referenced with ``{numref}``; headers are human and numbers are
formatted. Claims in the prose are glued with :func:`claim`, which refuses (raises
:class:`StaleClaim`) when the data no longer support the wording, so a stale sentence stops
the notebook and fails the book's tests instead of being published.
"""

from __future__ import annotations

import html
import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from IPython.display import Markdown

    from .report import Report

__all__ = [
    "Chapter",
    "StaleClaim",
    "claim",
    "fmt_number",
    "interval_words",
    "load_chapter_config",
    "markdown_table",
    "open_chapter",
    "quote",
    "table",
]


class StaleClaim(AssertionError):
    """A sentence of the book that the data no longer support."""


def fmt_number(value: Any, *, digits: int = 2) -> str:
    """A number as a reader expects it: thousands separators, no trailing zeros, ``–`` for
    a missing value.

    Examples
    --------
    >>> [fmt_number(x) for x in (1234567, 3.0, 0.12345, float("nan"), None, "甲")]
    ['1,234,567', '3', '0.12', '–', '–', '甲']
    >>> fmt_number(46.46, digits=1)
    '46.5'
    """
    if value is None or value is pd.NA:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int) or (hasattr(value, "is_integer") and _is_int(value)):
        return f"{int(value):,}"
    try:
        x = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(x):
        return "–"
    return f"{x:,.{digits}f}".rstrip("0").rstrip(".")


def _is_int(value: Any) -> bool:
    try:
        return not math.isnan(float(value)) and float(value).is_integer()
    except (TypeError, ValueError):
        return False


def _cell(value: Any, digits: int) -> str:
    text = value if isinstance(value, str) else fmt_number(value, digits=digits)
    return html.escape(text, quote=False).replace("|", "\\|").replace("\n", " ")


def markdown_table(
    df: pd.DataFrame,
    *,
    headers: dict[str, str] | None = None,
    index: bool = False,
    digits: int = 2,
    align: dict[str, str] | None = None,
) -> str:
    """A DataFrame as a Markdown pipe table: human headers, formatted numbers, numbers
    right-aligned, no 0…n index unless asked for.

    Examples
    --------
    >>> df = pd.DataFrame({"term": ["煤炭"], "n": [1234], "share": [0.5]})
    >>> print(markdown_table(df, headers={"term": "Term", "n": "Matches"}))
    | Term | Matches | share |
    |:--|--:|--:|
    | 煤炭 | 1,234 | 0.5 |
    """
    headers = headers or {}
    align = align or {}
    if index:
        df = df.reset_index()
    cols = list(df.columns)
    numeric = {c: pd.api.types.is_numeric_dtype(df[c]) for c in cols}
    head = "| " + " | ".join(_cell(headers.get(c, str(c)), digits) for c in cols) + " |"
    rule = "|" + "|".join(
        {"left": ":--", "right": "--:", "center": ":-:"}[
            align.get(c, "right" if numeric[c] else "left")
        ]
        for c in cols
    )
    rule += "|"
    body = [
        "| " + " | ".join(_cell(v, digits) for v in row) + " |"
        for row in df.itertuples(index=False, name=None)
    ]
    return "\n".join([head, rule, *body])


def table(
    df: pd.DataFrame,
    *,
    caption: str,
    name: str,
    headers: dict[str, str] | None = None,
    index: bool = False,
    digits: int = 2,
    align: dict[str, str] | None = None,
) -> Markdown:
    """Display a DataFrame as a numbered, captioned table (a MyST ``{table}`` directive,
    referenced in the prose as ``{numref}`name```).

    Returns an ``IPython.display.Markdown`` object (the book renders it as MyST; the
    project sets ``nb_render_markdown_format: myst``). ``headers`` maps columns to the words a
    reader sees; numbers get thousands separators and at most ``digits`` decimals.
    """
    from IPython.display import Markdown

    if not name.replace("-", "").replace("_", "").isalnum():
        raise ValueError(f"table name must be letters, digits, '-' or '_': {name!r}")
    body = markdown_table(df, headers=headers, index=index, digits=digits, align=align)
    if df.empty:
        body = "| (no rows for this report) |\n|:--|"
    caption = " ".join(caption.split())
    return Markdown(f"```{{table}} {caption}\n:name: {name}\n:class: wr-table\n\n{body}\n```")


def claim(key: str, holds: bool, text: str) -> str:
    """Glue ``text`` under ``key`` for the prose, but only while ``holds`` is true.

    Prose that makes a qualitative claim (``higher than``, ``includes 1``, ``the firmest``)
    glues the wording from here, with the test that makes it true; when a change of data or
    method makes the test fail, :class:`StaleClaim` stops the notebook, and with it the book
    build and the tests.

    Examples
    --------
    >>> claim("x", 3 > 2, "three exceeds two")
    'three exceeds two'
    >>> claim("x", 3 < 2, "three is less than two")
    Traceback (most recent call last):
    ...
    workreport.chapter.StaleClaim: x: the data no longer support "three is less than two"
    """
    if not holds:
        raise StaleClaim(f'{key}: the data no longer support "{text}"')
    _glue(key, text)
    return text


def interval_words(low: float, high: float, *, null: float = 1.0) -> str:
    """How to word a comparison from its interval: ``above``/``below`` the null value when the
    interval excludes it, ``not distinguishable from`` it otherwise.

    Examples
    --------
    >>> interval_words(1.2, 2.5), interval_words(0.4, 0.9), interval_words(0.8, 1.6)
    ('above', 'below', 'not distinguishable from')
    >>> interval_words(float("nan"), 2.0)
    'not estimable against'
    """
    if any(isinstance(x, float) and math.isnan(x) for x in (low, high)):
        return "not estimable against"
    if low > null:
        return "above"
    if high < null:
        return "below"
    return "not distinguishable from"


def _glue(key: str, value: str) -> None:
    try:
        from myst_nb import glue
    except ImportError:  # pragma: no cover - outside the book's environment
        return
    glue(key, value, display=False)


def quote(
    report: Report, paragraph_id: int, *, english: str = "", sentence: int | None = None
) -> Markdown:
    """Display a paragraph (or its ``sentence``-th sentence) of the report as a block quote
    with its ``¶`` reference and, when given, an English gloss beneath."""
    from IPython.display import Markdown

    if sentence is None:
        rows = report.paragraphs.loc[report.paragraphs["paragraph_id"] == paragraph_id, "text"]
    else:
        s = report.sentences
        rows = s.loc[(s["paragraph_id"] == paragraph_id) & (s["n"] == sentence), "text"]
    if rows.empty:
        raise KeyError(f"{report.name}: no paragraph {paragraph_id} sentence {sentence}")
    text = html.escape(str(rows.iloc[0]), quote=False)
    out = f"> {text} (¶{paragraph_id})"
    if english:
        out += f"\n>\n> *{html.escape(english, quote=False)}*"
    return Markdown(out)


def load_chapter_config(name: str, path: str | Path | None = None) -> dict[str, Any]:
    """A chapter's choices about its report, from ``data/chapters/<name>.toml`` (or ``path``).

    The file holds what is a choice about one report, not analysis logic: headline patterns,
    instrument lists, term lists. A missing file is an empty configuration.
    """
    if path is None:
        from .resources import data_dir

        path = data_dir() / "chapters" / f"{name}.toml"
    p = Path(path)
    if not p.exists():
        return {}
    with p.open("rb") as f:
        return tomllib.load(f)


@dataclass(eq=False, repr=False)
class Chapter:
    """A chapter's view of its report (see :func:`open_chapter`)."""

    name: str
    path: Path
    analysis: Any
    targets: pd.DataFrame
    is_project_report: bool
    config: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"<Chapter {self.name}: {self.report.name}, {len(self.targets)} quantities>"

    @property
    def report(self) -> Report:
        """The loaded report."""
        return self.analysis.report

    def year_of(self, label: str) -> int | None:
        """The year of the first part with this label (``review``, ``plan``), from its title,
        else from the report's date (the plan is the report's year, the review the year
        before), else ``None``."""
        parts = self.report.parts
        years = parts.loc[(parts["label"] == label) & parts["year"].notna(), "year"]
        if len(years):
            return int(years.iloc[0])
        y = self.report.year
        if y is None:
            return None
        return y - 1 if label == "review" else y

    @property
    def review_year(self) -> int | None:
        """The year the review part reports on."""
        return self.year_of("review")

    @property
    def plan_year(self) -> int | None:
        """The year the plan part plans for."""
        return self.year_of("plan")

    def label(self, kind: str) -> str:
        """A legend label from the report's own years: ``"2016 result"``, ``"2017 target"``.

        Examples
        --------
        >>> ch = Chapter("x", Path("x"), None, pd.DataFrame(), True)
        >>> ch.year_of = lambda label: {"review": 1997, "plan": 1998}[label]
        >>> ch.label("result"), ch.label("target")
        ('1997 result', '1998 target')
        """
        year = self.review_year if kind == "result" else self.plan_year
        return f"{year} {kind}" if year else kind

    def claim(self, key: str, holds: bool, text: str, *, otherwise: str) -> str:
        """:func:`claim` on the project's report (stale wording stops the notebook); on
        another report, glue ``text`` where it holds and the neutral ``otherwise`` where not,
        since the prose describes the project's report.

        Examples
        --------
        >>> ch = Chapter("x", Path("x"), None, pd.DataFrame(), False)
        >>> ch.claim("k", False, "energy leads", otherwise="see the table")
        'see the table'
        """
        if self.is_project_report or holds:
            return claim(key, holds, text)
        _glue(key, otherwise)
        return otherwise

    def other_report_note(self) -> Markdown | None:
        """A visible note when the chapter runs on another report than the project's: the
        prose describes the Shanxi 2017 report; tables and figures are recomputed."""
        from IPython.display import Markdown

        if self.is_project_report:
            return None
        return Markdown(
            "```{note}\nThis copy of the chapter was run on **"
            + html.escape(self.report.name, quote=False)
            + "**. The prose describes the Shanxi 2017 report the book is about; the tables "
            "and figures below are recomputed for this report, and sentences glued from "
            "its numbers may not fit it.\n```"
        )


def open_chapter(
    report_path: str | Path | None,
    *,
    name: str,
    config: str | Path | None = None,
    display: bool = True,
) -> Chapter:
    """Set up a chapter notebook: display settings (unless ``display`` is false), the
    analysis of the report (``report_path``; ``None`` is the project's report), its targets
    with part labels, and the chapter's configuration (:func:`load_chapter_config`)."""
    from . import book
    from .pipeline import analyse
    from .resources import default_report_path

    if display:
        book.setup()
    default = default_report_path()
    path = Path(report_path) if report_path else default
    a = analyse(path)
    targets = a.targets.merge(
        a.report.paragraphs[["paragraph_id", "part_label"]], on="paragraph_id", how="left"
    )
    return Chapter(
        name=name,
        path=path,
        analysis=a,
        targets=targets,
        is_project_report=path.resolve() == default.resolve(),
        config=load_chapter_config(name, config),
    )
