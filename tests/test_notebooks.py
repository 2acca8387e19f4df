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


def test_every_notebook_is_in_the_table_of_contents():
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    names = [p.stem for p in NOTEBOOKS]
    assert names[:2] == ["00_anatomy", "01_energy"] and "04_synthesis" in names
    for name in names:
        assert f"notebooks/{name}\n" in toc, name


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


NATIONAL = ROOT / "data" / "raw" / "national" / "national-2024.txt"
SHANXI_LABELS = ("2016 result", "2017 target", "2016 results", "2017 targets")


def _output_texts(nb) -> list[str]:
    texts = []
    for c in nb.cells:
        if c.cell_type != "code":
            continue
        for o in c.get("outputs", []):
            data = o.get("data", {})
            for key in ("text/plain", "text/markdown", "text/html"):
                if key in data:
                    value = data[key]
                    texts.append(value if isinstance(value, str) else "".join(value))
            if "text" in o:
                texts.append(o["text"] if isinstance(o["text"], str) else "".join(o["text"]))
    return texts


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_on_a_national_report_with_its_own_years(path, tmp_path):
    """Every chapter run on the national report of 2024 (a review of 2023, a plan for 2024):
    no error, no table or figure labelled with the Shanxi report's years, no empty figure, and
    the note that the prose describes the Shanxi report."""
    if not NATIONAL.exists():
        pytest.skip("national corpus not present")
    out = execute(path, out=tmp_path / path.name, report=NATIONAL)
    nb = nbformat.read(out, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error" or o.get("name") == "stderr"]
    texts = _output_texts(nb)
    for label in SHANXI_LABELS:
        assert not [t for t in texts if label in t], f"{label!r} in the outputs"
    assert any("national-2024.txt" in t for t in texts), "no note naming the other report"
    import base64

    for o in outputs:
        png = o.get("data", {}).get("image/png")
        if png:
            assert len(base64.b64decode(png)) > 3000, "a figure that is (nearly) empty"
