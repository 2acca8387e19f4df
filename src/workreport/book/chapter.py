"""What every chapter of the book does the same way: open a report, glue values and claims,
quote paragraphs, and say nothing about a report that its data do not support.

A chapter notebook starts with::

    ch = chapter.open_chapter(REPORT_PATH, name="02_poverty")
    a, report, targets = ch.analysis, ch.report, ch.targets

and gets the analysis, the targets with their part labels, the report's own years
(``ch.review_year``, ``ch.plan_year``, ``ch.label("result")`` …), where it comes from
(``ch.place``: 山西 / Shanxi, or the national government) and the chapter's choices about the
report (``ch.config``: headline patterns, instrument lists, term lists), read from
``data/chapters/<name>.toml`` so that another report needs another data file, not code.

Claims in the prose are glued with :meth:`Chapter.claim`: on the book's report a claim the
data no longer support stops the notebook (:class:`StaleClaim`), and with it the book build
and the tests; on another report the neutral wording is glued instead. Prose that only
describes the book's report sits in cells tagged ``project-report-only``, which
``python -m workreport book`` removes when it builds the book for another report.
"""

from __future__ import annotations

import html
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from IPython.display import Markdown

    from ..report import Report

__all__ = [
    "PROJECT_ONLY_TAG",
    "Chapter",
    "Place",
    "StaleClaim",
    "claim",
    "glue_text",
    "load_chapter_config",
    "open_chapter",
    "place_of",
    "quote",
    "quote_sentence",
    "setup",
    "show_figure",
]

#: The cell tag of prose and outputs that describe only the book's own report; the book
#: built for another report (``python -m workreport book``) leaves these cells out.
PROJECT_ONLY_TAG = "project-report-only"


class StaleClaim(AssertionError):
    """A sentence of the book that the data no longer support."""


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
    workreport.book.chapter.StaleClaim: x: the data no longer support "three is less than two"
    """
    if not holds:
        raise StaleClaim(f'{key}: the data no longer support "{text}"')
    _glue(key, text)
    return text


def _glue(key: str, value: str) -> None:
    try:
        from myst_nb import glue
    except ImportError:  # pragma: no cover - outside the book's environment
        return
    glue(key, value, display=False)


def glue_text(key: str, value: Any, fmt: str = "{}") -> str:
    """Glue a formatted plain string (never a numpy scalar) under ``key`` for the prose,
    showing nothing; returns the string."""
    if hasattr(value, "item"):
        value = value.item()
    text = fmt.format(value)
    _glue(key, text)
    return text


def show_figure(key: str, fig: Any) -> None:
    """Glue a figure for its captioned ``{glue:figure}`` and display it in the notebook, so a
    reader of the executed notebook in Jupyter sees it too (the book hides the cell's own
    output through the cell's ``remove-output`` tag and shows the figure where the prose puts
    it); then close it."""
    import matplotlib.pyplot as plt

    try:
        from myst_nb import glue
    except ImportError:  # pragma: no cover - outside the book's environment
        plt.close(fig)
        return
    glue(key, fig, display=True)
    plt.close(fig)


def setup() -> None:
    """Display settings for the notebooks: inline figures, CJK font, aligned Chinese.

    Inline figures (and glued ones) are PNG at :data:`workreport.book.figures.FIGURE_DPI`
    dots per inch, sharp on high-density screens and in the PDF. PNG rather than SVG: an SVG
    is text that nbval would compare, and it embeds ids that change between runs.
    """
    from .figures import FIGURE_DPI, use_cjk_font

    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with the book's environment
        get_ipython = None
    shell = get_ipython() if get_ipython else None
    if shell is not None:
        # glue() stores a figure's image only with the inline backend, whatever MPLBACKEND says
        shell.run_line_magic("matplotlib", "inline")
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        # the figure keeps its own dpi (so its repr is unchanged); only the PNG is denser
        set_matplotlib_formats("png", dpi=FIGURE_DPI)
    use_cjk_font()
    pd.set_option("display.unicode.east_asian_width", True)
    pd.set_option("display.max_colwidth", 80)
    pd.set_option("display.max_rows", 80)
    pd.set_option("display.width", 160)
    pd.set_option("display.precision", 3)


@dataclass(frozen=True)
class Place:
    """Where a report comes from: ``zh`` (山西), ``en`` (Shanxi), ``level`` (``province``,
    ``sar`` or ``national``); empty strings when it cannot be told."""

    zh: str = ""
    en: str = ""
    level: str = ""

    @property
    def label(self) -> str:
        """``山西 (Shanxi)``, ``全国 (national)``, or ``this report`` when unknown."""
        return f"{self.zh} ({self.en})" if self.zh else "this report"


@cache
def _places() -> tuple[Place, ...]:
    from ..resources import package_data

    df = pd.read_csv(str(package_data("places.csv")), dtype=str)
    return tuple(
        Place(z, e, lv) for z, e, lv in zip(df["short"], df["en"], df["level"], strict=True)
    )


def place_of(report: Report) -> Place:
    """Where a report comes from, by a fixed order of evidence: a premier (总理) speaking, or
    an opening that reports for the State Council (我代表国务院) or to the National People's
    Congress (全国人民代表大会), is the national government; else the first place named in the
    report's title; else in its file name (Chinese, or English as a whole word: ``shanxi`` is
    not ``shaanxi``); else the province the report's text names most often (at least three
    times; Hong Kong, Macau and Taiwan give no government work reports of this genre). Names
    are the province-level units of ``src/workreport/data/places.csv``."""
    places = _places()
    regional = [p for p in places if p.level != "national"]
    opening = report.text[:1000]
    if "总理" in report.speaker_office or re.search(r"代表国务院|全国人民代表大会", opening):
        return next(p for p in places if p.level == "national")
    for text in (report.title, report.name):
        hits = [(text.find(p.zh), i) for i, p in enumerate(regional) if p.zh in text]
        if hits:
            return regional[min(hits)[1]]
    words = re.sub(r"[^a-z]+", " ", report.name.lower()).split()
    for p in regional:
        if p.en.lower().replace(" ", "") in words:
            return p
    counts = [
        (report.text.count(p.zh) if p.level == "province" and p.zh != "台湾" else 0, -i)
        for i, p in enumerate(regional)
    ]
    n, i = max(counts)
    return regional[-i] if n >= 3 else Place()


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


def quote_sentence(
    report: Report, sentence_id: int | None, *, english: str = "", missing: str = ""
) -> Markdown:
    """Display one sentence of the report (by ``sentence_id`` of ``report.sentences``) as a
    block quote with its ``¶`` and English gloss; ``missing`` (in italics) when there is no
    such sentence."""
    from IPython.display import Markdown

    s = report.sentences
    row = s[s["sentence_id"] == sentence_id] if sentence_id is not None else s.iloc[:0]
    if row.empty:
        return Markdown(f"*{html.escape(missing, quote=False)}*" if missing else "")
    r = row.iloc[0]
    return quote(report, int(r["paragraph_id"]), sentence=int(r["n"]), english=english)


def load_chapter_config(name: str, path: str | Path | None = None) -> dict[str, Any]:
    """A chapter's choices about its report, from ``data/chapters/<name>.toml`` (or ``path``).

    The file holds what is a choice about one report, not analysis logic: headline patterns,
    instrument lists, term lists. A missing file is an empty configuration.
    """
    if path is None:
        from ..resources import data_dir

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
    def place(self) -> Place:
        """Where the report comes from (:func:`place_of`)."""
        return place_of(self.report)

    @property
    def year(self) -> int | None:
        """The report's year (the year it was delivered)."""
        return self.report.year

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
        """A visible note when the chapter runs on another report than the project's: every
        number is recomputed for it, and the prose that describes only the book's report is
        left out of a book built for it."""
        from IPython.display import Markdown

        if self.is_project_report:
            return None
        return Markdown(
            "```{note}\nThis copy of the chapter was run on **"
            + html.escape(self.report.name, quote=False)
            + "**. Every number, table and figure is computed from this report; passages "
            "that describe only the report the book was written about are left out of "
            "a book built for it (`python -m workreport book`).\n```"
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
    from ..pipeline import analyse
    from ..resources import default_report_path

    if display:
        setup()
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
