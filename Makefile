# Day-to-day commands. `make install` once, then any of the others.
# The README's two set-up commands do the same from a fresh clone.
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install lint typecheck test-fast test test-browser demo app wheel

install:            ## the project, its test tools and the linters, into .venv
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"

lint:               ## ruff (pyflakes, bugbear, import order) and mypy, zero findings expected
	$(BIN)/ruff check .
	$(BIN)/mypy

test-fast:          ## unit tests: no server, no browser (about a minute)
	$(BIN)/pytest -q tests/unit

test:               ## everything CI runs: unit, integration (a real embedded server) and browser tests
	bash scripts/test.sh -q

test-browser:       ## the real-browser tests alone (Debian chromium)
	$(BIN)/pytest -q tests/browser

demo:               ## build the demo graph into the embedded store
	$(BIN)/claimgraph build

app:                ## the explorer on http://127.0.0.1:8501
	$(BIN)/claimgraph app

wheel:              ## the wheel, in dist/
	$(BIN)/pip wheel --no-deps -w dist .
