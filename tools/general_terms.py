"""Choose the general terms on the development data and write ``general_terms.csv``.

A general term flags a paragraph for its theme only beside another match of the theme (rule
``specific`` of ``workreport.validation.FLAG_RULES``). The terms are those whose paragraph
precision on the development data of the last revision — the whole Shanxi 2017 coding and
every out-of-sample coding but the test reports, never a test report — is below
``GENERAL_BAR`` (``workreport.validation.development_term_precision``, ``general_terms``)::

    python tools/general_terms.py           # rewrites src/workreport/data/general_terms.csv
    python tools/general_terms.py --check   # exit 1 if the file is not what the rule gives

``tests/test_validation.py`` checks the same.
"""

from __future__ import annotations

import sys
from pathlib import Path

from file_tool import write_or_check  # a sibling in tools/

from workreport.resources import package_data
from workreport.validation import development_term_precision, general_terms


def table_text() -> str:
    """The file's text: the general terms with the development counts behind each."""
    general = general_terms(development_term_precision())
    general = general.assign(precision=general["precision"].round(4))
    return general.to_csv(index=False, lineterminator="\n")


def _terms(text: str) -> str:
    return f"{text.count(chr(10)) - 1} terms"


def main() -> int:
    path = Path(str(package_data("general_terms.csv")))
    return write_or_check(path, table_text, doc=__doc__ or "", summary=_terms)


if __name__ == "__main__":
    sys.exit(main())
