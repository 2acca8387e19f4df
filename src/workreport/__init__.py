"""workreport: read Chinese government work reports as data.

Load and clean a report with an anomaly log (:func:`~workreport.report.load_report`),
segment it (:func:`~workreport.tokens.tokenize`), measure themes (:mod:`workreport.themes`)
and extract quantitative commitments (:func:`~workreport.targets.extract_targets`). Every
result is a tidy pandas DataFrame.

>>> import workreport
>>> r = workreport.load_text("一、2016年工作回顾\\n全年增长4.5%左右。\\n", name="mini")
>>> r.parts["label"].tolist()
['review']
"""

# the one place the version is written: pyproject.toml reads it from here
__version__ = "0.1.0"

from typing import TYPE_CHECKING

from .errors import ReportFormatError

# The heavy modules (pandas, jieba) are imported when first used (PEP 562), so that
# ``python -m workreport`` answers Ctrl-C from its first moment with its own one-line message.
_LAZY = {
    "Analysis": "pipeline",
    "analyse": "pipeline",
    "themes_table": "pipeline",
    "Report": "report",
    "load_bytes": "report",
    "load_report": "report",
    "load_text": "report",
    "default_report_path": "resources",
    "extract_targets": "targets",
    "pair_results_targets": "targets",
    "segment": "tokens",
    "tokenize": "tokens",
}

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from .pipeline import Analysis, analyse, themes_table
    from .report import Report, load_bytes, load_report, load_text
    from .resources import default_report_path
    from .targets import extract_targets, pair_results_targets
    from .tokens import segment, tokenize


def __getattr__(name: str) -> object:
    """Import a public name's module the first time the name is used."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'workreport' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])


__all__ = [
    "Analysis",
    "Report",
    "ReportFormatError",
    "analyse",
    "default_report_path",
    "extract_targets",
    "load_bytes",
    "load_report",
    "load_text",
    "pair_results_targets",
    "segment",
    "themes_table",
    "tokenize",
]
