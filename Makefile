# coopatlas: `make demo` and `make test` set everything up themselves on a fresh Debian machine.
# Versions come from constraints.txt (pip freeze of the venv the tests last passed in), so a
# fresh machine installs what was tested; regenerate it with `make constraints`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest bench venv clean constraints browser

CONSTRAINTS := constraints.txt

$(STAMP): pyproject.toml $(CONSTRAINTS)
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "coopatlas needs Python 3.11+"'
	@if ! $(PYTHON) -m venv --help >/dev/null 2>&1 || ! $(PYTHON) -c 'import ensurepip' 2>/dev/null; then \
		echo "installing python3-venv with apt"; apt-get update -qq && apt-get install -y -qq python3-venv; fi
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c $(CONSTRAINTS) -e '.[dev,cluster]'
	@echo "building the HS suggestion index once (about 10 s), so a cold hs suggest answers at once"
	$(BIN)/python -c 'from coopatlas.match.hs import hs_index; hs_index()'
	touch $(STAMP)

# Browser assets the web application serves itself (htmx), from the npm registry at set-up,
# never committed and never loaded from a CDN at run time.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "installing npm with apt"; apt-get update -qq && apt-get install -y -qq npm; }
	npm ci --no-audit --no-fund --silent
	touch $@

# The briefing's PDF and browser tests use Debian's Chromium (never a downloaded browser);
# pdftoppm (poppler-utils) turns PDF pages into PNG for the tests.
browser:
	@if [ ! -x /usr/bin/chromium ] || ! command -v pdftoppm >/dev/null; then \
		echo "installing chromium and poppler-utils with apt"; \
		apt-get update -qq && apt-get install -y -qq chromium poppler-utils; fi

venv: $(STAMP) node_modules/.installed

demo: $(STAMP) browser node_modules/.installed
	$(BIN)/coopatlas demo --out demo-out

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP) browser node_modules/.installed
	COOPATLAS_REQUIRE_PG=1 scripts/with-postgres.sh $(BIN)/python -m pytest -n 2 -q

test: lint typecheck pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/intake_speed.py
	$(BIN)/python benchmarks/intake_add_corpus.py --standin --runs 1
	$(BIN)/python benchmarks/plan_bench.py --pulp 300
	$(BIN)/python benchmarks/cli_startup.py

# pin what this venv runs: every installed distribution except coopatlas itself
constraints:
	$(BIN)/python -m pip freeze --exclude-editable | grep -vi '^coopatlas' > $(CONSTRAINTS)

clean:
	rm -rf $(VENV) node_modules demo-out synth-out test-artefacts .mypy_cache .ruff_cache .pytest_cache
