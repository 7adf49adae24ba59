# Two commands for a new machine: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CHROMIUM := /usr/bin/chromium
HUGO := /usr/bin/hugo
BENCH_VENV := .bench-venv
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: site test test-fast check zip serve bench fidelity bytecode lint format clean

## site: create .venv, install the pinned dependencies, build site/ from seeds/ and content/
site: $(VENV)/.installed bytecode node_modules/.installed
	$(PY) build.py build

# pytest keeps each test module as it rewrote its asserts, in tests/__pycache__/ (git-ignored),
# unless writing bytecode is off (PYTHONDONTWRITEBYTECODE, as `bytecode` below says): then each of
# the two workers rewrites all the test modules again at every run, 1.6 s of its start.
PYTEST := PYTHONDONTWRITEBYTECODE= $(PY) -m pytest

## test: install what the tests need (Python packages, Debian's chromium), lint, run the suite
test: $(VENV)/.installed-dev bytecode node_modules/.installed $(CHROMIUM)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PYTEST) -n 2

## test-fast: lint and every test but the browser and slow ones (about 40 s on 2 idle cores); no chromium needed
test-fast: $(VENV)/.installed-dev bytecode node_modules/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PYTEST) -n 2 -m "not browser and not slow"

## check: validate the built site (links, anchors, HTML, nothing from another host); CI runs it
check: site
	$(PY) build.py check

## zip: the site as dossier.zip, to unzip anywhere and read from disk, search included
zip: $(VENV)/.installed bytecode node_modules/.installed
	$(PY) build.py zip

## serve: build, serve on http://127.0.0.1:8000/, rebuild and reload open pages on every change
serve: $(VENV)/.installed bytecode node_modules/.installed
	$(PY) build.py serve

## bench: full builds, save to served and search on 1,000 and 10,000 synthetic documents, beside MkDocs,
## Pelican and Hugo + Pagefind; writes BENCHMARKS.md. Smaller: BENCH_SIZES=300 BENCH_PEERS=pelican,hugo BENCH_PARTS=builds
bench: $(VENV)/.installed-dev node_modules/.installed $(CHROMIUM) $(BENCH_VENV)/.installed $(HUGO)
	$(PY) -m bench

## fidelity: Dossier beside trafilatura alone on the real pages and Telegram exports of tests/data/real/
## (titles, dates, outlets, body tokens; posts, code, polls, senders), written to FIDELITY.md
fidelity: $(VENV)/.installed-dev bytecode
	$(PY) -m bench.fidelity

# The peers the benchmark compares with live in an environment of their own, never in Dossier's.
$(BENCH_VENV)/.installed: bench/requirements.txt
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --quiet --disable-pip-version-check --requirement bench/requirements.txt
	touch $@

# Debian's Hugo, for the Hugo + Pagefind peer.
$(HUGO):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq hugo

lint: $(VENV)/.installed-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(VENV)/.installed-dev
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

$(VENV)/.installed: requirements.txt requirements-models.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --requirement requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --requirement requirements-models.txt
	touch $@

# Dossier's own modules compiled to bytecode, as pip compiles an installed package's. Where a run
# may not write it (PYTHONDONTWRITEBYTECODE, set in many containers and on these machines), each
# build would compile every module from source again: 0.13 s of a 1,000-document build's 2.6 s.
# Run every time: compileall checks each module against its source itself, in 0.05 s.
bytecode: $(VENV)/.installed
	$(PY) -m compileall -q dossier

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --requirement requirements-dev.txt
	touch $@

# Browser libraries from npm, exactly as package-lock.json pins them.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Debian's chromium: the browser tests never download one of their own.
$(CHROMIUM):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-dejavu-core fonts-noto-color-emoji

clean:
	rm -rf $(VENV) $(BENCH_VENV) node_modules site .site.* dossier.zip
