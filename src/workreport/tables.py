"""Reading the project's hand-made tables (lexicons, codings, change logs) with clear errors."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd

from .errors import ReportFormatError

__all__ = ["TEXT", "empty_table", "read_text_table", "text_array"]

TEXT = cast(pd.StringDtype, pd.Series(["", ""]).dtype)
"""The type pandas gives a column of strings (``str``), resolved once: naming it in each call
(``dtype="str"``) costs more than building a short column."""


def text_array(values: Sequence[str] | np.ndarray) -> pd.api.extensions.ExtensionArray:
    """A column of strings of the type pandas would infer for it (:data:`TEXT`), built
    without inference.

    >>> text_array(["煤炭", "脱贫"]).dtype == pd.Series(["煤炭", "脱贫"]).dtype
    True
    """
    return pd.array(values, dtype=TEXT)


def empty_table(columns: Iterable[str], types: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """A table of no rows with these ``columns``, each of its type in ``types`` or else text
    (:data:`TEXT`): the same columns and types as the table would have with rows.

    >>> t = empty_table(["term", "count"], {"count": "int64"})
    >>> len(t), t.dtypes.astype(str).tolist()
    (0, ['str', 'int64'])
    """
    types = types or {}
    return pd.DataFrame({c: pd.Series(dtype=types.get(c, TEXT)) for c in columns})


def read_text_table(
    path: str | Path, *, columns: Iterable[str], what: str, strip: bool = False
) -> pd.DataFrame:
    """A CSV file read as text (every field a string, empty fields ``""``), with the given
    ``columns`` required.

    ``what`` names the table in errors: a file that cannot be read or parsed, or lacks a
    column, raises :class:`~workreport.errors.ReportFormatError` naming the file
    (``"cannot read the lexicon (…)"``, ``"lexicon lacks column(s) …"``). With ``strip``, only
    the required columns are kept, white space stripped.

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = p.write_text("term,theme\\n 煤炭 ,energy\\n", encoding="utf-8")
    >>> read_text_table(p, columns=["term"], what="lexicon", strip=True).values.tolist()
    [['煤炭']]
    >>> read_text_table(p, columns=["gloss"], what="lexicon")
    Traceback (most recent call last):
    ...
    workreport.errors.ReportFormatError: ...t.csv: lexicon lacks column(s) gloss
    """
    p = Path(path)
    columns = list(columns)
    try:
        df = pd.read_csv(p, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise ReportFormatError(p, f"cannot read the {what} ({exc})") from None
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ReportFormatError(p, f"{what} lacks column(s) {', '.join(missing)}")
    if strip:
        df = df[columns].apply(lambda s: s.str.strip())
    return df
