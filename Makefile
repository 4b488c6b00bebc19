# The README's two commands are `make run` and `make test`; .ci/run calls `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 5000
export HF_HUB_OFFLINE := 1

.PHONY: run test lint typecheck bench browser clean

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# torch first and pinned: pip then takes the CPU build, not CUDA wheels.
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

## Set up, migrate a SQLite file in instance/, load the demo dispatches, serve on 127.0.0.1:5000.
run: $(STAMP)
	$(BIN)/flask --app verify migrate
	$(BIN)/flask --app verify demo
	$(BIN)/flask --app verify run --host $(HOST) --port $(PORT)

## Set up (venv, packages, Chromium for the browser test), lint, type-check and run every test.
test: $(STAMP) browser
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

## Debian's Chromium for the browser test (Playwright's own browser download cannot work here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

## Speed figures: the desk (import, placement), article ingestion (extract, store, confirm), stance.
bench: $(STAMP)
	$(BIN)/python bench/desk_bench.py
	$(BIN)/python bench/ingest_bench.py
	$(BIN)/python bench/stance_bench.py

clean:
	rm -rf $(VENV) instance .pytest_cache .mypy_cache .ruff_cache
