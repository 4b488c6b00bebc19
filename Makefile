# The README's two commands are `make run` and `make test`; .ci/run calls `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 5000
# The key `make run` signs sessions with, made once (instance/ is git-ignored).
SECRET_FILE := instance/secret_key
# Where tests/test_browser.py looks for Debian's Chromium.
CHROMIUM := /usr/bin/chromium
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
## `flask run` refuses the public default secret key, so the first run makes a random one in
## instance/secret_key (readable by you alone) and every run serves with it: sessions outlive a
## restart, and debug mode (with its in-browser console) stays off. VERIFY_SECRET_KEY wins if set.
run: $(STAMP) $(SECRET_FILE)
	$(BIN)/flask --app verify migrate
	$(BIN)/flask --app verify demo
	@VERIFY_SECRET_KEY="$${VERIFY_SECRET_KEY:-$$(cat $(SECRET_FILE))}" \
		$(BIN)/flask --app verify run --host $(HOST) --port $(PORT)

$(SECRET_FILE):
	@mkdir -p $(@D)
	@umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_hex(32))" > $@
	@echo "Made a secret key for this desk in $@."

## Set up (venv, packages, Chromium where it can), lint, type-check and run every test.
test: $(STAMP) browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

## Debian's Chromium for the browser tests (Playwright's own browser download cannot work here),
## installed only where that can work: as root with apt-get, or in CI (CI set; sudo if not root).
## Elsewhere the browser tests skip and say how to enable them; in CI they fail without it.
browser:
	@if [ -x $(CHROMIUM) ]; then :; \
	elif [ -n "$$CI" ] || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }; then \
		sudo=; [ "$$(id -u)" = 0 ] || sudo=sudo; \
		$$sudo apt-get update -qq && \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else \
		echo "No $(CHROMIUM) and not root with apt-get: the browser tests will be skipped."; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

## Speed figures: the desk (import, placement), article ingestion (extract, store, confirm), stance,
## the two embedding backends.
bench: $(STAMP)
	$(BIN)/python bench/desk_bench.py
	$(BIN)/python bench/ingest_bench.py
	$(BIN)/python bench/stance_bench.py
	$(BIN)/python bench/embed_bench.py
	$(BIN)/python bench/placement_bench.py --statements 100000
	$(BIN)/python bench/start_bench.py --statements 100000

clean:
	rm -rf $(VENV) instance .pytest_cache .mypy_cache .ruff_cache
