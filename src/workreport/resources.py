"""Where the project's data files live (lexicons, dictionary, stop words, raw report).

The package finds the project's ``data/`` folder by walking up from its own location (an
editable install from the repository) or from ``$WORKREPORT_DATA`` when that is set.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

__all__ = ["data_dir", "default_report_path", "lexicon_path"]


@cache
def data_dir() -> Path:
    """The project's ``data/`` folder."""
    env = os.environ.get("WORKREPORT_DATA")
    if env:
        return Path(env)
    for parent in Path(__file__).resolve().parents:
        if (parent / "data" / "lexicons").is_dir():
            return parent / "data"
    raise FileNotFoundError(
        "cannot find the project's data/ folder; set WORKREPORT_DATA to its path"
    )


def lexicon_path(name: str) -> Path:
    """Path of a file in ``data/lexicons/`` (``themes.csv``, ``userdict.txt`` …)."""
    return data_dir() / "lexicons" / name


def default_report_path() -> Path:
    """The report this project analyses (Shanxi, 2017), as received."""
    return data_dir() / "raw" / "shanxi-2017-government-work-report.seg.txt"
