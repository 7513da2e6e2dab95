# The book's two commands: `make book` builds _build/html, `make test` runs every test.
# Each sets itself up: a virtual environment in .venv with the pinned requirements.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
BOOK_STAMP := $(VENV)/.book-requirements
TEST_STAMP := $(VENV)/.test-requirements
NODE_STAMP := node_modules/.installed
JB := $(BIN)/jupyter-book build . --builder html -W -n --keep-going
OFFLINE := scripts/offline

.PHONY: book test suite check fuzz outputs bench browser-deps java-deps clean

$(BOOK_STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(TEST_STAMP): $(BOOK_STAMP) requirements-test.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

# axe-core for the accessibility audit and vnu-jar (the Nu HTML Checker) for the HTML check, at the exact versions
# package-lock.json records. --ignore-scripts: vnu-jar's postinstall would download a Java runtime from GitHub
# when java is missing; the check runs on the system's Java instead (java-deps).
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; \
	  else echo "The accessibility audit and the HTML check need npm: on Debian/Ubuntu run 'sudo apt-get install npm'"; exit 1; fi; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# The build renders the notebooks' stored outputs (no kernel; strict nbval in `make test` checks they are current,
# `make outputs` re-stores them). Sphinx does not see a change to the extension, its directives' data files or its
# static files as a change to a page, so such a change forces a clean build (about 10 s).
book: $(BOOK_STAMP)
	@h=$$(find code chapters -type f \( -name '*.py' -o -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.yml' -o -name '*.json' \) | sort | xargs cat | sha256sum | cut -c1-16); \
	if [ "$$(cat _build/.package-hash 2>/dev/null)" != "$$h" ]; then \
	  echo "package changed: clean build"; rm -rf _build; mkdir -p _build; echo $$h > _build/.package-hash; fi
	$(OFFLINE) $(JB)

# Unit, property and widget tests; strict nbval over every chapter; the browser test of the built book; the
# JupyterLab test. nbval runs the chapters only: each student notebook's code cell is its chapter's with the same
# stored outputs, or a panel cell joining two chapter cells (tests/site/test_students.py asserts it), and the
# JupyterLab test runs every student notebook.
# The Binder check installs requirements.txt into a fresh environment, so it needs the package registry;
# everything else runs with the network switched off (scripts/offline), on two workers (--dist loadscope with
# the scopes tests/conftest.py gives: a notebook's cells, which share a kernel, stay on one worker, as do a
# module's tests; the browser tests that share nothing go one by one to whichever worker is free). The Binder
# check waits on the network and on pip for most of its time, so it runs alongside; its log follows.
TEST_LOG := _build/test-logs
# Workers for the offline run. Two fit this 2-core machine: three were measured slower (487 s against 482 s).
WORKERS ?= 2
test: book $(TEST_STAMP) $(NODE_STAMP) browser-deps java-deps
	@$(MAKE) --no-print-directory suite

# The test runs alone, without the set-up (make bench times this).
suite:
	@mkdir -p $(TEST_LOG)
	@$(BIN)/python -m pytest -q -m binder tests > $(TEST_LOG)/binder.log 2>&1 & binder=$$!; \
	$(OFFLINE) $(BIN)/python -m pytest -q -rfE -n $(WORKERS) --dist loadscope --junitxml=$(TEST_LOG)/offline.xml -m "not binder" --nbval tests chapters; offline=$$?; \
	wait $$binder; status=$$?; echo "== Binder check (pytest -m binder) =="; cat $(TEST_LOG)/binder.log; \
	[ $$offline -eq 0 ] && [ $$status -eq 0 ]

# The loop to run while working (about a minute once .venv exists): lint, types, and the unit, property and
# chapter-text tests on two workers, the property tests drawing 20 examples each (profile `quick` in
# tests/conftest.py) rather than the test command's 100. No build, no browser, no Binder install: `make test`
# is the full gate.
CHECK_MARKERS := not browser and not binder and not site and not build and not static
check: $(TEST_STAMP)
	$(BIN)/ruff check code scripts benchmarks tests
	$(BIN)/mypy code/scheming_companion
	HYPOTHESIS_PROFILE=quick $(BIN)/python -m pytest -q -n 2 -m "$(CHECK_MARKERS)" tests

# The property tests with fresh randomness, ROUNDS times with seeds 1..ROUNDS (the test command draws one fixed
# set of examples). A failure prints its seed and a blob to reproduce it.
ROUNDS ?= 20
fuzz: $(TEST_STAMP)
	@failed=""; for i in $$(seq 1 $(ROUNDS)); do \
	  echo "fuzz round $$i of $(ROUNDS)"; \
	  HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q -p no:cacheprovider -m "not binder and not browser" \
	    --hypothesis-seed=$$i $$(grep -rl --include="test_*.py" "from hypothesis" tests) || failed="$$failed $$i"; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzz: rounds with failures:$$failed"; exit 1; fi; echo "fuzz: $(ROUNDS) rounds clean"

# Re-execute the chapters on a fresh kernel and store their outputs (what strict nbval compares).
outputs: $(BOOK_STAMP)
	$(BIN)/python scripts/store_outputs.py
	$(BIN)/python scripts/make_student_notebooks.py

# Prints the table and writes it under benchmarks/latest/ (ignored); RECORD=1 also updates the tracked
# benchmarks/results.md, results.json and the README's table.
bench: $(TEST_STAMP) $(NODE_STAMP) browser-deps
	$(BIN)/python benchmarks/run.py $(if $(RECORD),--record)

browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "The browser test needs Chromium: on Debian/Ubuntu run 'sudo apt-get install chromium'"; exit 1; fi; }

# Java for the Nu HTML Checker (tests/site/test_html_valid.py runs node_modules/vnu-jar on it).
java-deps:
	@command -v java >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	  else echo "The HTML check needs Java: on Debian/Ubuntu run 'sudo apt-get install default-jre-headless'"; exit 1; fi; }

clean:
	rm -rf _build node_modules
