# Every target that needs Python or npm tools builds them itself: a fresh clone needs only
# Python 3.11+, Node and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_BIN := .tools/node_modules/.bin
NODE_STAMP := .tools/node_modules/.installed
PORT ?= 8080
HOST ?= 127.0.0.1
# Every hand-maintained contract: CircuitHub's, the data-quality API's, the admin API's.
SPECS := openapi.yaml $(wildcard mockserver/apis/*/openapi.yaml mockserver/engine/control/openapi.yaml)

.PHONY: help venv serve test lint typecheck spec-check pytest contract bench bench-large bench-scale bench-fixtures bench-contract fixtures screenshots clean

help:
	@echo "make serve           run the mock on the default dataset (PORT=$(PORT))"
	@echo "make test            lint, type-check, spec checks and every test"
	@echo "make contract        the contract suite against the in-process mock"
	@echo "make bench           mock vs Prism throughput and latency"
	@echo "make bench-fixtures  fixture generation speed and memory"
	@echo "make bench-contract  time of the full contract profile"
	@echo "make bench-large     the large preset: start, memory, search, list cost"
	@echo "make bench-scale     throughput of memory, --data-dir and Redis with 1, 2, 4 processes"
	@echo "make screenshots     regenerate docs/screenshots with the browser tests"

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

venv: $(STAMP)

$(NODE_STAMP): .tools/package.json .tools/package-lock.json
	cd .tools && npm ci --no-audit --no-fund --loglevel=error
	touch $@

serve: $(STAMP)
	$(BIN)/circuithub-mock serve --host $(HOST) --port $(PORT) $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check mockserver tests bench
	$(BIN)/ruff format --check mockserver tests bench
	$(BIN)/lint-imports
	$(BIN)/deptry .

typecheck: $(STAMP)
	$(BIN)/mypy

spec-check: $(STAMP) $(NODE_STAMP)
	for spec in $(SPECS); do \
		$(BIN)/openapi-spec-validator $$spec && \
		$(NODE_BIN)/spectral lint $$spec --fail-severity=warn || exit 1; \
	done

CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Debian's Chromium for tests/browser: Playwright drives it and never downloads a browser.
$(CHROMIUM):
	$(SUDO) apt-get update -q
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q chromium chromium-driver

REDIS_STAMP := .tools/.redis-server

# Debian's redis-server for tests/state; each test run starts its own on a free port.
$(REDIS_STAMP):
	command -v redis-server >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq redis-server; }
	mkdir -p $(dir $@) && touch $@

pytest: $(STAMP) $(CHROMIUM) $(REDIS_STAMP)
	$(BIN)/pytest -q -n 2 tests
	$(BIN)/pytest -q -n 2 -p mockserver.contract.hooks mockserver/contract/suites/suite_*.py
	$(BIN)/pytest -q -n 2 -p mockserver.contract.hooks mockserver/contract/suites/suite_*.py --api dataquality

test: lint typecheck spec-check pytest

contract: $(STAMP)
	$(BIN)/circuithub-mock contract
	$(BIN)/circuithub-mock contract --api dataquality

fixtures: $(STAMP)
	$(BIN)/circuithub-mock fixtures generate --preset docs --seed 1 -o mockserver/apis/circuithub/data/docs-world.json
	$(BIN)/circuithub-mock fixtures generate --api dataquality --preset docs --seed 1 -o mockserver/apis/dataquality/data/docs-world.json

bench: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m bench.bench_server

bench-scale: $(STAMP) $(NODE_STAMP) $(REDIS_STAMP)
	$(BIN)/python -m bench.bench_scale

bench-large: $(STAMP)
	$(BIN)/python -m bench.bench_large

bench-fixtures: $(STAMP)
	$(BIN)/python -m bench.bench_fixtures

bench-contract: $(STAMP)
	$(BIN)/python -m bench.bench_contract

screenshots: $(STAMP) $(CHROMIUM)
	SCREENSHOT_DIR=docs/screenshots $(BIN)/pytest -q tests/browser

clean:
	rm -rf $(VENV) .tools/node_modules .mypy_cache .ruff_cache
