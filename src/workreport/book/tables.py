"""Numbered, captioned tables: the book's one table renderer.

:func:`table` shows a DataFrame as a MyST ``{table}`` directive: numbered, captioned,
referenced from the prose with ``{numref}``, human headers, numbers formatted by
:func:`workreport.book.words.fmt_number` and right-aligned, text escaped for Markdown and HTML.
Wide tables scroll inside the text column rather than overflow it (the ``wr-table`` class,
styled in ``book/_static``).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import pandas as pd

from .words import fmt_number

if TYPE_CHECKING:
    from IPython.display import Markdown

__all__ = ["markdown_table", "table"]


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
