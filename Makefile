# Two commands do everything on a fresh machine with Python 3.11 and make:
#   make book   - create .venv, install the pinned requirements, regenerate data, build the book
#   make test   - same bootstrap, then every check (lint, unit tests, derived data, nbval,
#                 notebook hygiene, strict book build, browser check, PDF)
#   make check  - the developers' fast loop: lint (ruff, ruff format, mypy) and the unit tests
#                 without the slow ones (under two minutes)
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed-stamp
export PYTHONHASHSEED := 0
export PYDEVD_DISABLE_FILE_VALIDATION := 1
export JUPYTER_PLATFORM_DIRS := 1
# the book and nbval run notebooks in the project's kernel, whatever else is installed
export JUPYTER_PATH := $(CURDIR)/$(VENV)/share/jupyter
export TQDM_DISABLE := 1
CHROMIUM ?= /usr/bin/chromium
BOOKFLAGS := -W -n --keep-going

.PHONY: help install data check-data lint format unit unit-fast check nbval nbcheck book book-only browser pdf \
	pdf-test test bench lock execute clean

help:
	@echo "make book   build the book (bootstraps .venv)"
	@echo "make test   run every check"
	@echo "make check  lint and the unit tests without the slow ones (the fast loop)"
	@echo "make data   regenerate data/derived/"
	@echo "make pdf    write _build/pdf/book.pdf"
	@echo "make bench  run the benchmark (BENCHFLAGS=--book also times the book and make test)"
	@echo "make execute  re-execute every notebook in place (after changing code or data)"
	@echo "make lock   re-resolve requirements.in into the pinned requirements.txt"

$(STAMP): requirements.txt pyproject.toml
	@test -n "$(PYTHON)" || { echo "error: python3.11 not found"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m ipykernel install --sys-prefix --name python3 > /dev/null
	@touch $(STAMP)

install: $(STAMP)

data: $(STAMP)
	$(PY) -m workreport build-data --out data/derived

check-data: $(STAMP)
	@echo "== derived data is up to date with the code"
	@tmp=$$(mktemp -d) && $(PY) -m workreport build-data --out $$tmp > /dev/null && \
	  if diff -r -q $$tmp data/derived --exclude=README.md; then rm -rf $$tmp; \
	  else echo "error: data/derived/ is stale; run 'make data' and commit it"; rm -rf $$tmp; exit 1; fi

lint: $(STAMP)
	@echo "== ruff (lint and format check, notebooks included), mypy (the package)"
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy src/workreport

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# every unit test, slow ones included: 740 s at load 1.0-1.1 on 2 cores (945 s before #25; 2026-12-07)
unit: $(STAMP)
	@echo "== pytest: package"
	$(PY) -m pytest -q -p no:cacheprovider --doctest-modules src tests --ignore=tests/browser

# without the tests marked slow (README: when a test is slow): make check 91-93 s at load 1.0-1.2
# on 2 cores, 88 s of it pytest (2026-12-07)
unit-fast: $(STAMP)
	@echo "== pytest: package, without the slow tests"
	$(PY) -m pytest -q -p no:cacheprovider --doctest-modules src tests --ignore=tests/browser \
	  -m "not slow"

check: lint unit-fast
	@echo "== fast checks passed (make test runs everything)"

nbval: $(STAMP)
	@echo "== pytest --nbval (strict) on every notebook"
	$(PY) -m pytest -q -p no:cacheprovider --nbval --nbval-current-env \
	  --nbval-sanitize-with tests/nbval_sanitize.cfg notebooks

nbcheck: $(STAMP)
	@echo "== committed notebooks: executed in order, no paths, noise or warnings"
	$(PY) tests/check_notebooks.py notebooks

execute: $(STAMP)
	$(PY) tests/execute_notebooks.py notebooks

# BOOK_REPOSITORY=owner/name (the GitHub Actions build passes its own): build with the
# repository's source, issue and Binder buttons (.ci/publish_config.py); unset: no buttons.
book-only: $(STAMP)
	$(if $(BOOK_REPOSITORY),$(PY) .ci/publish_config.py $(BOOK_REPOSITORY) _build/publish/_config.yml)
	$(BIN)/jupyter-book build . $(BOOKFLAGS) $(if $(BOOK_REPOSITORY),--config _build/publish/_config.yml)

book: data book-only

browser: $(STAMP)
	@echo "== real-browser check of the built book"
	@test -x $(CHROMIUM) || { echo "error: $(CHROMIUM) missing; install Debian's chromium (apt-get install chromium)"; exit 1; }
	$(PY) -m pytest -q -p no:cacheprovider tests/browser/test_book.py

pdf: $(STAMP)
	@test -x $(CHROMIUM) || { echo "error: $(CHROMIUM) missing; install Debian's chromium (apt-get install chromium)"; exit 1; }
	@test -n "$$(fc-list 'WenQuanYi Micro Hei')" || { echo "error: font WenQuanYi Micro Hei missing; install Debian's fonts-wqy-microhei (the PDF's Chinese text needs it)"; exit 1; }
	$(if $(BOOK_REPOSITORY),$(PY) .ci/publish_config.py $(BOOK_REPOSITORY) _build/publish/_config.yml)
	$(BIN)/jupyter-book build . --builder singlehtml $(BOOKFLAGS) --path-output _build/single \
	  $(if $(BOOK_REPOSITORY),--config _build/publish/_config.yml) > /dev/null
	$(PY) tests/browser/print_pdf.py _build/single/_build/singlehtml/index.html _build/pdf/book.pdf

pdf-test: pdf
	$(PY) -m pytest -q -p no:cacheprovider tests/browser/test_pdf.py

test: lint unit check-data nbval nbcheck book-only browser pdf-test
	@echo "== all checks passed"

bench: $(STAMP)
	$(PY) benchmarks/run.py $(BENCHFLAGS)

lock:
	rm -rf /tmp/workreport-lock && $(PYTHON) -m venv /tmp/workreport-lock
	/tmp/workreport-lock/bin/pip install --quiet --upgrade pip
	/tmp/workreport-lock/bin/pip install --quiet -r requirements.in
	{ echo "# Lock-style pins: every package, transitive ones included, for Python 3.11."; \
	  echo "# Regenerate: make lock  (fresh venv, installs requirements.in, then pip freeze)."; \
	  /tmp/workreport-lock/bin/pip freeze | grep -v '^-e'; echo "-e ."; } > requirements.txt

clean:
	rm -rf _build .jupyter_cache
