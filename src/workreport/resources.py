"""Where the data files live: the package's own, and the project's.

Two kinds of data:

* **Package data** — the theme lexicon, Chen & Chen's environmental word list, the jieba user
  dictionary and the stop words (:data:`PACKAGE_DATA`) — ship inside the package
  (``workreport/data/``) and are read with ``importlib.resources``, so an installed package
  needs nothing else. :func:`lexicon_path` gives a file's path.
* **Project data** — the report this project analyses, the hand annotations, the derived
  tables — live in the repository's ``data/`` folder (:func:`data_dir`) and are not part of
  the package. They are found from ``$WORKREPORT_DATA`` when it is set, else in the
  ``workreport`` project (a folder with the project's ``pyproject.toml`` and a ``data/``
  folder) that holds the package (an editable install) or the working directory. A package
  installed without its repository raises :class:`~workreport.errors.ReportFormatError`
  with a one-line message instead.

>>> sorted(PACKAGE_DATA)  # doctest: +NORMALIZE_WHITESPACE
['env_governance.csv', 'general_terms.csv', 'places.csv', 'radicals.csv', 'stopwords.txt',
 'themes.csv', 'userdict.txt']
>>> lexicon_path("themes.csv").name
'themes.csv'
"""

from __future__ import annotations

import atexit
import os
import re
from contextlib import ExitStack
from functools import cache
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path

from .errors import ReportFormatError

__all__ = [
    "PACKAGE_DATA",
    "REPORT_NAME",
    "data_dir",
    "default_report_path",
    "is_project",
    "lexicon_path",
    "package_data",
]

#: The data files shipped inside the package (``workreport/data/``).
PACKAGE_DATA = (
    "themes.csv",
    "env_governance.csv",
    "userdict.txt",
    "stopwords.txt",
    "radicals.csv",
    "places.csv",
    "general_terms.csv",
)

#: The file name of the report this project analyses, in the project's ``data/raw/``.
REPORT_NAME = "shanxi-2017-government-work-report.seg.txt"

_PROJECT_NAME = re.compile(r'^name\s*=\s*"workreport"\s*$', re.MULTILINE)

# package data extracted to temporary files (only when the package is imported from a zip)
_extracted = ExitStack()
atexit.register(_extracted.close)


def package_data(name: str) -> Traversable:
    """A data file shipped inside the package, as an ``importlib.resources`` resource.

    >>> package_data("stopwords.txt").read_text(encoding="utf-8").startswith("#")
    True
    """
    return files("workreport") / "data" / name


@cache
def lexicon_path(name: str) -> Path:
    """The path of a data file shipped with the package (``themes.csv``, ``userdict.txt`` …).

    The name is kept from when the files lived in the repository's ``data/lexicons/``.
    Raises ``FileNotFoundError`` naming the file when it is not part of the package.

    >>> lexicon_path("userdict.txt").is_file()
    True
    >>> lexicon_path("nothing.csv")
    Traceback (most recent call last):
    ...
    FileNotFoundError: nothing.csv: not a data file of the workreport package (...)
    """
    resource = package_data(name)
    if name not in PACKAGE_DATA:
        raise FileNotFoundError(
            f"{name}: not a data file of the workreport package "
            f"(it ships {', '.join(PACKAGE_DATA)})"
        )
    if not resource.is_file():
        raise FileNotFoundError(
            f"{name}: missing from the installed workreport package ({resource}); "
            "reinstall the package"
        )
    if isinstance(resource, Path):
        return resource
    return _extracted.enter_context(as_file(resource))  # pragma: no cover - zip imports only


def is_project(folder: Path) -> bool:
    """Whether ``folder`` is the root of the workreport project (pyproject.toml + data/)."""
    pyproject = folder / "pyproject.toml"
    if not (pyproject.is_file() and (folder / "data").is_dir()):
        return False
    try:
        return bool(_PROJECT_NAME.search(pyproject.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError):
        return False


@cache
def data_dir() -> Path:
    """The project's ``data/`` folder (the raw report, annotations and derived tables).

    ``$WORKREPORT_DATA`` when set; else the ``data/`` folder of the workreport project that
    holds this package (an editable install) or the working directory. The result is cached
    for the session. Raises :class:`~workreport.errors.ReportFormatError` when there is none
    (the package was installed without its repository).
    """
    env = os.environ.get("WORKREPORT_DATA")
    if env:
        folder = Path(env)
        if not folder.is_dir():
            raise ReportFormatError(env, "WORKREPORT_DATA is not a folder")
        return folder
    here = Path(__file__).resolve().parent
    for start in (here, Path.cwd().resolve()):
        for folder in (start, *start.parents):
            if is_project(folder):
                return folder / "data"
    raise ReportFormatError(
        None,
        "the workreport project's data/ folder was not found (the package is installed "
        "without its repository): give a report file, or set WORKREPORT_DATA to the "
        "repository's data/ folder",
    )


def default_report_path() -> Path:
    """The report this project analyses (Shanxi, 2017), as received.

    It lives in the repository, not in the package: see :func:`data_dir` for how it is found
    and the error raised when it is not.
    """
    return data_dir() / "raw" / REPORT_NAME
