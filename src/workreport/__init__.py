"""workreport: read Chinese government work reports as data.

Load and clean a report with an anomaly log (:func:`load_report`), segment it
(:func:`tokenize`), measure themes (:mod:`workreport.themes`) and extract quantitative
commitments (:func:`extract_targets`). Every result is a tidy pandas DataFrame.

>>> import workreport
>>> r = workreport.load_text("一、2016年工作回顾\\n全年增长4.5%左右。\\n", name="mini")
>>> r.parts["label"].tolist()
['review']
"""

# the one place the version is written: pyproject.toml reads it from here
__version__ = "0.1.0"

from .errors import ReportFormatError
from .pipeline import Analysis, analyse, themes_table
from .report import Report, load_bytes, load_report, load_text
from .resources import default_report_path
from .targets import extract_targets, pair_results_targets
from .tokens import segment, tokenize

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
