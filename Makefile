# Two commands do all set-up on a fresh machine: `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Chromium for the browser tests; a system build, since Playwright cannot download its own here.
CHROMIUM ?= /usr/bin/chromium
export CHROMIUM
# Silence Material 9.8's end-of-life banner so build output stays readable.
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: install serve build zensical lint format typecheck test test-fast browser test-tools vnu bench clean

# pip installs uv (pinned in constraints.txt), and uv installs the pinned set: the same
# packages and versions pip would, about three times faster on a fresh clone. Compiled
# to bytecode at install, since PYTHONDONTWRITEBYTECODE keeps Python from caching it later.
$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python --compile-bytecode -c constraints.txt -e '.[dev]'
	@touch $@

install: $(STAMP)

## The site on http://127.0.0.1:8000 with live reload.
serve: install
	# Served at the root, so instant navigation (which needs the origin of site_url) works locally.
	SITE_URL=http://127.0.0.1:8000/ $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

## The site in site/, failing on any warning.
build: install
	$(BIN)/mkdocs build --strict

## The site in site/ built by Zensical (no hooks run: the Markdown extension expands the
## markers), then the data files the MkDocs hook would publish written beside it.
zensical: install
	# --clean: Zensical caches pages by their Markdown, so a changed tree or catalogue
	# would not show up on pages whose text did not change.
	$(BIN)/zensical build --clean -f mkdocs.yml
	$(BIN)/python -m decision_tree.markdown_ext publish site

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m decision_tree check
	$(BIN)/python -m decision_tree paths --check

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: install
	$(BIN)/mypy

## Makes sure a Chromium is there for the browser tests (installs Debian's when it can).
browser:
	@sh scripts/ensure-chromium.sh "$(CHROMIUM)"

## The test tools pinned in tests/tools/ (npm): the Nu HTML Checker for
## tests/built_site/test_html_valid.py (npm package vnu-jar; its install script would download
## a JDK: skipped) with Java to run it, and axe-core for the browser tests' accessibility checks.
JAVA ?= java
export JAVA
VNU_NPM := tests/tools/node_modules/.installed
$(VNU_NPM): tests/tools/package.json tests/tools/package-lock.json
	@sh scripts/ensure-html-checker.sh
	cd tests/tools && npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

test-tools: $(VNU_NPM)
	@sh scripts/ensure-html-checker.sh

# The target's old name, from when the HTML checker was the only tool in tests/tools/.
vnu: test-tools

# The checks before pytest run side by side (each is one process on one core), each one's
# output printed whole when it ends; the first failure stops the rest.
CHECKS = $(MAKE) --no-print-directory --jobs=3 --output-sync=target

## Everything: lint, types, strict build, unit and browser tests.
test:
	@$(CHECKS) lint typecheck build browser test-tools
	$(BIN)/pytest -n 2 --dist worksteal

## Everything but the browser tests.
test-fast:
	@$(CHECKS) lint typecheck build test-tools
	$(BIN)/pytest -m "not browser"

## Benchmarks (several minutes; not part of `make test`): rewrites bench/RESULTS.md.
BENCH_NPM := bench/node_modules/.installed
$(BENCH_NPM): bench/package.json bench/package-lock.json
	cd bench && npm ci --no-audit --no-fund
	@touch $@

bench: install browser $(BENCH_NPM)
	$(BIN)/python bench/run.py

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache .hypothesis
