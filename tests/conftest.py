"""Shared fixtures: the project's real report, the synthetic report and their analyses, the
segmentation engines, and the derived data built in full.

Loading, analysing and building are done once per session; tests must not modify these
objects (or the folders of ``derived_builds``).
"""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")
os.environ.setdefault("MPLBACKEND", "Agg")

import workreport
from workreport.pipeline import analyse
from workreport.tokens import ENGINES, installed_engines, resolve_engine

DATA = Path(__file__).parent / "data"
SYNTHETIC = DATA / "synthetic_report.txt"
PROJECT = Path(__file__).resolve().parents[1]


def unsegment(text: str) -> str:
    """Join the word-segmented tokens of every line, keeping line terminators.

    This is how the official (unsegmented) text of a segmented report looks.
    """
    out = []
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        out.append("".join(body.split()) + line[len(body) :])
    return "".join(out)


@pytest.fixture(params=ENGINES)
def engine(request) -> str:
    """Each segmentation engine in turn (``jieba``, ``rjieba``): a test that takes this
    fixture runs once under each (an engine that is not installed is skipped)."""
    if request.param not in installed_engines():
        pytest.skip(f"{request.param} is not installed")
    return request.param


@pytest.fixture(scope="session")
def real_path() -> Path:
    return workreport.default_report_path()


@pytest.fixture(scope="session")
def real_report(real_path):
    return workreport.load_report(real_path)


@pytest.fixture(scope="session")
def real_analysis(real_report):
    return analyse(real_report)


@pytest.fixture(scope="session")
def national_2017():
    """The State Council's 2017 report analysed (the national counterpart of the real
    report), shared by the context, centre and inference tests."""
    return analyse(PROJECT / "data" / "raw" / "national" / "national-2017.txt")


@pytest.fixture(scope="session")
def derived_builds(tmp_path_factory) -> dict:
    """The derived data built in full twice in this process, once through the API
    (``build_derived``) and once through the command line (``build-data --out``), under the
    engine in effect; about 40 s each, so only tests marked ``slow`` take it (the determinism
    and up-to-date checks of ``tests/test_derived.py``, the engine equality of
    ``tests/test_tokens.py``).

    Returns ``{"api": folder, "cli": folder, "written": paths, "engine": name}``.
    """
    from workreport.cli import main
    from workreport.derived import build_derived

    api = tmp_path_factory.mktemp("derived_api")
    cli = tmp_path_factory.mktemp("derived_cli")
    engine = resolve_engine()
    written = build_derived(api)
    assert main(["build-data", "--out", str(cli)]) == 0
    return {"api": api, "cli": cli, "written": written, "engine": engine}


@pytest.fixture(scope="session")
def synthetic_path() -> Path:
    return SYNTHETIC


@pytest.fixture(scope="session")
def synthetic_report():
    return workreport.load_report(SYNTHETIC)


@pytest.fixture(scope="session")
def synthetic_analysis(synthetic_report):
    return analyse(synthetic_report)


NO_NUMBERS = (
    "政府工作报告\n\n"
    "　　一、过去一年工作回顾\n\n"
    "　　我们坚持稳中求进，推进煤炭去产能，打好脱贫攻坚战，加强生态环境保护。\n\n"
    "　　二、今年工作安排\n\n"
    "　　（一）推动能源革命。深化煤炭清洁高效利用，发展光伏发电。\n\n"
    "　　三、加强政府自身建设\n\n"
    "　　建设人民满意的政府。\n"
)


@pytest.fixture
def no_numbers_path(tmp_path) -> Path:
    """A report with structure and themes but no quantity at all."""
    p = tmp_path / "no_numbers.txt"
    p.write_text(NO_NUMBERS, encoding="utf-8")
    return p
