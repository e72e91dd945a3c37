# `make` builds the edition (creating .venv on first use); `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CLI := $(VENV)/bin/tei-edition
STAMP := $(VENV)/.installed-stamp
MASTER := edition/lawson-2021-most-intransigent.xml
INPUTS := $(MASTER) $(wildcard edition/*.json edition/*.lock edition/source/*.txt) \
          $(wildcard src/tei_edition/*.py src/tei_edition/*/*.py src/tei_edition/data/*/* src/tei_edition/data/*/*/*)

.PHONY: all build package test typecheck test-toolkit test-edition test-cache bench bench-scale clean distclean venv system-packages webtools check cli-reference

all: build package

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	$(PY) tools/setup_cache.py
	touch $@

venv: $(STAMP)

# Rebuild only when an input changed; the build itself is all-or-nothing. The package's bytecode
# is written first: where PYTHONDONTWRITEBYTECODE is set (or the checkout is read-only to the
# user) every process would otherwise compile from source the 30 (validate) to 85 (build) modules it
# imports, each time (validate: 0.16 s instead of 0.14).
build/manifest.json: $(STAMP) $(INPUTS)
	$(PY) -m compileall -q src/tei_edition
	$(CLI) build

build: build/manifest.json

# The deposit package (a BagIt bag of the finished build), made after the build: all-or-nothing too.
build/dist/bagit.txt: build/manifest.json
	$(CLI) package

package: build/dist/bagit.txt

# Debian packages the tests use: Chromium (browser tests, and Ace's browser for the EPUB),
# poppler-utils (pdftotext, PDF layout tests), a Java runtime (the Nu Html Checker), epubcheck
# (the EPUB), setpriv (util-linux: the permission tests as root). Installed when missing (needs
# root, as in CI).
system-packages:
	@test -x /usr/bin/chromium -a -x /usr/bin/pdftotext -a -x /usr/bin/java -a -f /usr/share/java/epubcheck.jar \
	  -a -x /usr/bin/setpriv || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils default-jre-headless epubcheck util-linux; }

# Checkers for the tests (vnu-jar, axe-core, pdfjs-dist, Ace by DAISY) from the npm registry into
# .cache/npm (not in git).
webtools:
	@.ci/webtools >/dev/null

# Reference files for the tests, cached outside the repository (cheap when already there).
test-cache: $(STAMP)
	@$(PY) tools/setup_cache.py >/dev/null

# Static types, strict on the package and the scripts in tools/ (mypy; settings in pyproject.toml's [tool.mypy]).
typecheck: $(STAMP)
	$(PY) -m mypy

# The suite in TEST_WORKERS processes (pytest-xdist), each test file in one of them: its
# module-scoped fixtures (a build, a server, a browser page) made once.
TEST_WORKERS ?= 2
PYTEST := $(PY) -m pytest -q -n $(TEST_WORKERS) --dist loadfile

test: typecheck build system-packages webtools test-cache
	$(PYTEST)

# One half of the suite: the toolkit on small fixtures, or the real edition (its master and build).
test-toolkit test-edition: test-%: build system-packages webtools test-cache
	$(PYTEST) tests/$*

# Stage medians of the real build, the TEI Consortium's route if present ($$TEI_STYLESHEETS, Saxon,
# fop), and the build at scale (the body repeated k = 1, 4, 16 times; bench-scale adds k = 64).
bench: $(STAMP)
	$(PY) tools/bench.py

bench-scale: $(STAMP)
	BENCH_SCALE=64 $(PY) tools/bench.py

check: $(STAMP)
	$(CLI) validate

# The README's command reference, rewritten from the click commands (a test fails when it drifts).
cli-reference: $(STAMP)
	$(PY) tools/cli_reference.py

clean:
	rm -rf build .pytest_cache

distclean: clean
	rm -rf $(VENV)
