"""The package as a user gets it: built, installed into a fresh environment, run elsewhere.

The first tests build the sdist and, from it, the wheel (what ``pip install .`` does) without
network or build isolation, install the wheel without dependencies into a new virtual
environment that sees the project's installed dependencies through a ``.pth`` file (so nothing
is downloaded), and run the command line and the API from a folder outside the repository.
The others check the metadata: every package the code imports is declared, and the
version, the citation file and the changelog agree.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tomllib
import zipfile
from importlib.metadata import PackageNotFoundError, packages_distributions
from importlib.metadata import version as installed_version
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement

import workreport
from workreport.resources import PACKAGE_DATA, REPORT_NAME

PROJECT = Path(__file__).resolve().parents[1]
SRC = PROJECT / "src" / "workreport"
PYPROJECT = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
REPORT = PROJECT / "data" / "raw" / REPORT_NAME
TIMEOUT = 300


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_name(requirement: str) -> str:
    return _canonical(re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement).group())


def _run(args, *, cwd, env=None, check=True) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT,
        check=False,
    )
    if check and done.returncode != 0:
        pytest.fail(
            f"{' '.join(map(str, args))} exited {done.returncode}\n"
            f"stdout:\n{done.stdout[-3000:]}\nstderr:\n{done.stderr[-3000:]}"
        )
    return done


# --- metadata --------------------------------------------------------------------------------


def _third_party_imports() -> dict[str, set[str]]:
    """Top-level modules imported anywhere in the package (lazy imports too) → files."""
    found: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top != "workreport":
                    found.setdefault(top, set()).add(path.name)
    return found


# declared although no module of the package imports them, and why
IMPORTED_BY_A_DEPENDENCY = {
    # trafilatura imports lxml.html.clean, which lxml 6 moved into a package of its own that
    # trafilatura's metadata does not name (its lxml[html_clean] extra no longer exists)
    "lxml-html-clean": "trafilatura",
}
# Run as a program, not imported: `python -m workreport book` calls the jupyter-book command
# of the environment it runs in (workreport.book.build)
RUN_AS_A_PROGRAM = {"jupyter-book"}


def test_every_import_is_a_declared_dependency():
    project = PYPROJECT["project"]
    required = {_requirement_name(r) for r in project["dependencies"]}
    extras = {
        _requirement_name(r) for reqs in project["optional-dependencies"].values() for r in reqs
    }
    dists = packages_distributions()
    imported: dict[str, set[str]] = {}
    for module, files in _third_party_imports().items():
        assert module in dists, f"{module} (imported in {sorted(files)}) is not installed"
        for dist in dists[module]:
            imported.setdefault(_canonical(dist), set()).update(files)
    undeclared = {d: sorted(f) for d, f in imported.items() if d not in required | extras}
    assert undeclared == {}, "imported but not in [project] dependencies"
    assert (
        sorted(
            (required | extras) - set(imported) - set(IMPORTED_BY_A_DEPENDENCY) - RUN_AS_A_PROGRAM
        )
        == []
    ), "declared but never imported"


def test_one_version_everywhere():
    version = workreport.__version__
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)
    # pyproject.toml reads the version from workreport.__version__ (one source)
    assert "version" not in PYPROJECT["project"]
    assert "version" in PYPROJECT["project"]["dynamic"]
    assert PYPROJECT["tool"]["hatch"]["version"]["path"] == "src/workreport/__init__.py"
    written = re.findall(r"^__version__ = .*$", (SRC / "__init__.py").read_text(), re.MULTILINE)
    assert written == [f'__version__ = "{version}"']
    # the changelog's latest release, the citation file and the package agree
    changelog = (PROJECT / "CHANGELOG.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?$", changelog, re.M)
    assert headings[0] == ("Unreleased", "")
    release, date = headings[1]
    assert release == version
    cff = yaml.safe_load((PROJECT / "CITATION.cff").read_text(encoding="utf-8"))
    assert str(cff["version"]) == version
    assert str(cff["date-released"]) == date
    assert str(cff["preferred-citation"]["version"]) == version
    # so do the citations the README suggests
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    cited = re.findall(r"\(version ([^)]+)\)", readme)
    assert cited and set(cited) == {version}


def test_citation_file():
    cff = yaml.safe_load((PROJECT / "CITATION.cff").read_text(encoding="utf-8"))
    # the keys CFF 1.2.0 requires, and the ones this project promises
    assert cff["cff-version"] == "1.2.0"
    for key in ("message", "title", "authors", "version", "date-released", "license"):
        assert cff[key], key
    assert cff["license"] == PYPROJECT["project"]["license"] == "MIT"
    assert cff["type"] == "software"
    assert len(cff["abstract"]) > 200 and len(cff["keywords"]) >= 5
    assert all(a.get("name") or a.get("family-names") for a in cff["authors"])
    book = cff["preferred-citation"]
    assert book["type"] in {"book", "software"}
    assert book["title"] and book["authors"] and book["year"] == cff["date-released"].year
    assert book["license"] == "CC-BY-4.0"


def test_licence_files():
    project = PYPROJECT["project"]
    assert project["license"] == "MIT"
    for pattern in project["license-files"]:
        assert list(PROJECT.glob(pattern)), pattern
    assert "MIT License" in (PROJECT / "LICENSE").read_text(encoding="utf-8")
    content = (PROJECT / "LICENSE-CONTENT.md").read_text(encoding="utf-8")
    assert "Creative Commons Attribution 4.0 International" in content
    assert "CC-BY-4.0" in content


# --- build, install, run (slow: 15-40 s) --------------------------------------------------------


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """The sdist and the wheel built from it, from a copy of the project's build inputs."""
    tree = tmp_path_factory.mktemp("tree")
    project = PYPROJECT["project"]
    sdist = PYPROJECT["tool"]["hatch"]["build"]["targets"]["sdist"]["include"]
    for name in ("pyproject.toml", project["readme"], *project["license-files"], *sdist):
        if (PROJECT / name).is_file():
            shutil.copy2(PROJECT / name, tree / name)
    shutil.copytree(
        PROJECT / "src",
        tree / "src",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc"),
    )
    out = tmp_path_factory.mktemp("dist")
    # no isolated build environment: the build backend comes from this environment (offline),
    # which must therefore satisfy [build-system] requires (requirements.txt pins the backend)
    for requirement in map(Requirement, PYPROJECT["build-system"]["requires"]):
        try:
            installed = installed_version(requirement.name)
        except PackageNotFoundError:
            pytest.fail(f"{requirement.name} is not installed; the build needs {requirement}")
        if not requirement.specifier.contains(installed):
            pytest.fail(
                f"{requirement.name} {installed} is installed; the build needs {requirement}"
            )
    _run([sys.executable, "-m", "build", "--no-isolation", "--outdir", out, tree], cwd=tree)
    return out


@pytest.fixture(scope="module")
def wheel(dist) -> Path:
    (path,) = dist.glob("workreport-*.whl")
    return path


@pytest.fixture(scope="module")
def venv(tmp_path_factory, wheel) -> Path:
    """A new virtual environment with the wheel installed; the python executable."""
    root = tmp_path_factory.mktemp("venv")
    _run([sys.executable, "-m", "venv", "--without-pip", root], cwd=root)
    python = root / "bin" / "python"
    site = _run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], cwd=root
    ).stdout.strip()
    # the dependencies, already installed in this environment, without downloading them;
    # plain path lines: the editable install's own .pth file there is not processed
    ours = dict.fromkeys([sysconfig.get_path("purelib"), sysconfig.get_path("platlib")])
    Path(site, "_workreport_dependencies.pth").write_text("\n".join(ours) + "\n")
    pip = [sys.executable, "-m", "pip", "--python", python, "--disable-pip-version-check"]
    _run([*pip, "install", "--quiet", "--no-deps", "--no-index", wheel], cwd=root)
    return python


@pytest.fixture(scope="module")
def elsewhere(tmp_path_factory) -> Path:
    """A working directory outside the repository."""
    return tmp_path_factory.mktemp("elsewhere")


def _clean_env() -> dict[str, str]:
    env = dict(os.environ)
    for name in ("PYTHONPATH", "PYTHONHOME", "WORKREPORT_DATA", "VIRTUAL_ENV"):
        env.pop(name, None)
    env["PYTHONNOUSERSITE"] = "1"
    env["MPLBACKEND"] = "Agg"
    return env


def _site_packages(python: Path) -> Path:
    return Path(python).parents[1] / "lib"


@pytest.mark.slow
def test_wheel_holds_the_package_and_its_data(wheel):
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        dist_info = next(n.split("/")[0] for n in names if n.endswith(".dist-info/METADATA"))
        metadata = z.read(f"{dist_info}/METADATA").decode("utf-8")
    modules = {f"workreport/{p.relative_to(SRC).as_posix()}" for p in SRC.rglob("*.py")}
    data = {f"workreport/data/{name}" for name in (*PACKAGE_DATA, "README.md")}
    assert modules | data | {"workreport/py.typed"} <= names
    assert f"{dist_info}/licenses/LICENSE" in names
    # nothing else: no tests, no repository data, no stray top-level package
    assert {n.split("/")[0] for n in names} == {"workreport", dist_info}
    assert {n for n in names if n.startswith("workreport/")} - modules - data == {
        "workreport/py.typed"
    }
    assert f"Version: {workreport.__version__}\n" in metadata
    assert "License-Expression: MIT\n" in metadata
    requires = {
        _requirement_name(line.split(":", 1)[1].strip())
        for line in metadata.splitlines()
        if line.startswith("Requires-Dist:") and "extra ==" not in line
    }
    assert requires == {_requirement_name(r) for r in PYPROJECT["project"]["dependencies"]}


@pytest.mark.slow
def test_sdist_holds_the_package_data(dist):
    (sdist,) = dist.glob("workreport-*.tar.gz")
    with tarfile.open(sdist) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    assert {f"src/workreport/data/{name}" for name in PACKAGE_DATA} <= names
    assert {"pyproject.toml", "LICENSE", "README.md", "src/workreport/py.typed"} <= names
    assert {"LICENSE-CONTENT.md", "CITATION.cff", "CHANGELOG.md"} <= names
    # the package and its documents only: no tests, notebooks or repository data
    assert {n.split("/")[0] for n in names} == {
        "src",
        "pyproject.toml",
        "PKG-INFO",
        "README.md",
        "LICENSE",
        "LICENSE-CONTENT.md",
        "CHANGELOG.md",
        "CITATION.cff",
    }


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [["inspect", REPORT, "--json"], ["themes", REPORT, "--csv"]],
    ids=["inspect", "themes"],
)
def test_cli_from_another_folder(venv, elsewhere, args):
    installed = _run([venv, "-m", "workreport", *args], cwd=elsewhere, env=_clean_env())
    assert installed.stderr == ""
    # the same output as the package in the repository (an editable install)
    repository = _run([sys.executable, "-m", "workreport", *args], cwd=PROJECT)
    assert installed.stdout == repository.stdout
    if args[0] == "inspect":
        summary = json.loads(installed.stdout)
        assert summary["name"] == str(REPORT) and summary["word_tokens"] > 5000
    else:
        assert installed.stdout.startswith("theme,part,")


@pytest.mark.slow
def test_console_script_from_another_folder(venv, elsewhere):
    done = _run([venv.parent / "workreport", "inspect", REPORT], cwd=elsewhere, env=_clean_env())
    assert done.stdout.startswith(f"file:       {REPORT}\n")


@pytest.mark.slow
def test_api_from_another_folder(venv, elsewhere, real_analysis):
    script = (
        "import json, workreport\n"
        "from workreport.resources import lexicon_path\n"
        "a = workreport.analyse(__import__('sys').argv[1])\n"
        "print(json.dumps({'file': workreport.__file__, 'version': workreport.__version__,\n"
        "    'userdict': str(lexicon_path('userdict.txt')), 'repr': repr(a),\n"
        "    'tokens': len(a.tokens), 'matches': len(a.matches)}))\n"
    )
    out = json.loads(_run([venv, "-c", script, REPORT], cwd=elsewhere, env=_clean_env()).stdout)
    site = _site_packages(venv)
    # the installed package was imported, with its own data files, not the repository's
    assert Path(out["file"]).is_relative_to(site), out["file"]
    assert Path(out["userdict"]).is_relative_to(site), out["userdict"]
    assert out["version"] == workreport.__version__
    assert out["repr"] == repr(real_analysis)
    assert (out["tokens"], out["matches"]) == (
        len(real_analysis.tokens),
        len(real_analysis.matches),
    )


@pytest.mark.slow
def test_no_repository_no_default_report(venv, elsewhere):
    script = (
        "import workreport\n"
        "try:\n"
        "    workreport.default_report_path()\n"
        "except workreport.ReportFormatError as exc:\n"
        "    print(exc)\n"
    )
    out = _run([venv, "-c", script], cwd=elsewhere, env=_clean_env()).stdout
    assert "data/ folder was not found" in out and "WORKREPORT_DATA" in out
    assert out.count("\n") == 1


@pytest.mark.slow
def test_build_data_without_repository_is_one_line(venv, elsewhere):
    done = _run(
        [venv, "-m", "workreport", "build-data", "--out", elsewhere / "out"],
        cwd=elsewhere,
        env=_clean_env(),
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("workreport: error: ") and done.stderr.count("\n") == 1


@pytest.mark.slow
def test_installed_package_inside_the_repository(venv):
    # a non-editable install run from inside the repository still finds the project's report
    script = (
        "import workreport; print(workreport.__file__); print(workreport.default_report_path())"
    )
    for cwd in (PROJECT, PROJECT / "notebooks"):
        file, report = _run([venv, "-c", script], cwd=cwd, env=_clean_env()).stdout.split("\n")[:2]
        assert Path(file).is_relative_to(_site_packages(venv))
        assert Path(report) == REPORT
