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

import argparse
import sys
from pathlib import Path

from workreport.resources import package_data
from workreport.validation import development_term_precision, general_terms


def table_text() -> str:
    """The file's text: the general terms with the development counts behind each."""
    general = general_terms(development_term_precision())
    general = general.assign(precision=general["precision"].round(4))
    return general.to_csv(index=False, lineterminator="\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check; exit 1 if stale")
    args = parser.parse_args()
    path = Path(str(package_data("general_terms.csv")))
    text = table_text()
    if args.check:
        stale = not path.exists() or text != path.read_text(encoding="utf-8")
        print(f"{path.name}: {'stale' if stale else 'up to date'}")
        return int(stale)
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path} ({text.count(chr(10)) - 1} terms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
