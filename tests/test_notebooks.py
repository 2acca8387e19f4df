"""The notebooks: deterministic, and runnable on another report through their parameters cell.

nbval (``make nbval``) compares text outputs with the committed ones; here every notebook is
executed afresh and compared whole, images and glued values included, and each is run on the
synthetic report in ``tests/data/`` by replacing its cell tagged ``parameters``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SYNTHETIC = ROOT / "tests" / "data" / "synthetic_report.txt"
sys.path.insert(0, str(ROOT / "tests"))

from execute_notebooks import execute  # noqa: E402

pytestmark = pytest.mark.slow


def _outputs(nb) -> list:
    """Every code cell's outputs, without what Jupyter itself varies (execution counts)."""
    out = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        cleaned = []
        for o in cell.get("outputs", []):
            o = dict(o)
            o.pop("execution_count", None)
            cleaned.append(o)
        out.append(json.loads(json.dumps(cleaned, sort_keys=True)))
    return out


def test_there_are_six_notebooks():
    names = [p.stem[:2] for p in NOTEBOOKS]
    assert names == ["00", "01", "02", "03", "04", "05"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_execution_reproduces_committed_outputs(path, tmp_path):
    committed = nbformat.read(path, as_version=4)
    fresh = nbformat.read(execute(path, out=tmp_path / path.name), as_version=4)
    assert _outputs(fresh) == _outputs(committed), (
        f"{path.name}: executing again changes its outputs; run `make execute` and check why"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_on_another_report(path, tmp_path):
    out = execute(path, out=tmp_path / path.name, report=SYNTHETIC)
    nb = nbformat.read(out, as_version=4)
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert "synthetic_report.txt" in params[0].source
    errors = [
        o
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.get("output_type") == "error" or o.get("name") == "stderr"
    ]
    assert not errors
    # the analysis really ran on the other report: its outputs differ from the committed ones
    assert _outputs(nb) != _outputs(nbformat.read(path, as_version=4))
