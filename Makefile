# Pipeline tracker — the two commands are `make run` and `make test`.
# Every target installs what it needs first, idempotently, so a fresh Debian machine with only
# rustup, cargo, node/npm and apt is enough.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := run

TOOLCHAIN        := 1.95.0
CARGO_LEPTOS_VER := 0.3.10
# The wasm-bindgen CLI must be exactly the crate version in Cargo.lock.
WASM_BINDGEN_VER  = $(shell awk '/^name = "wasm-bindgen"$$/{getline; gsub(/"/,"",$$3); print $$3}' Cargo.lock)
CARGO_BIN        := $(HOME)/.cargo/bin
NODE_BIN         := $(CURDIR)/end2end/node_modules/.bin
export PATH      := $(NODE_BIN):$(CARGO_BIN):$(PATH)
SUDO             := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

ADDR             ?= 127.0.0.1:3000
DATABASE_URL     ?= sqlite://data/tracker.db?mode=rwc
export LEPTOS_SITE_ROOT   := target/site
export LEPTOS_SITE_PKG_DIR := pkg
export LEPTOS_OUTPUT_NAME := tracker
export LEPTOS_SITE_ADDR   := $(ADDR)
export LEPTOS_ENV         := PROD
SERVER           := target/release/server

# Demo data is loaded into the default SQLite database, once; on PostgreSQL only with DEMO=1.
ifeq ($(findstring sqlite:,$(DATABASE_URL)),sqlite:)
DEMO ?= 1
else
DEMO ?= 0
endif
DEMO_FLAG := $(if $(filter 1,$(DEMO)),--demo,)

.PHONY: run test tools rust-tools node-tools browser build build-release fmt lint test-rust test-sqlite \
        test-postgres test-e2e wasm-check clean seed-scale bench load fuzz

## make run: install what is missing, build (release), migrate, load demo data once, serve
run: tools build-release
	@mkdir -p data
	@echo "==> serving on http://$(ADDR)  (database: $(DATABASE_URL))"
	DATABASE_URL='$(DATABASE_URL)' $(SERVER) serve --addr $(ADDR) $(DEMO_FLAG)

## make test: format, lints, Rust tests on SQLite and PostgreSQL, wasm dependency check, Playwright
test: tools fmt lint test-rust wasm-check test-e2e
	@echo "==> make test: all checks passed"

tools: rust-tools node-tools

rust-tools:
	@rustup toolchain list | grep -q '^$(TOOLCHAIN)' || rustup toolchain install $(TOOLCHAIN) --profile minimal -c rustfmt,clippy
	@rustup component list --toolchain $(TOOLCHAIN) --installed | grep -q rustfmt || rustup component add --toolchain $(TOOLCHAIN) rustfmt clippy
	@rustup target list --toolchain $(TOOLCHAIN) --installed | grep -q wasm32-unknown-unknown || rustup target add --toolchain $(TOOLCHAIN) wasm32-unknown-unknown
	@if [ "$$(cargo leptos --version 2>/dev/null)" != "cargo-leptos $(CARGO_LEPTOS_VER)" ]; then \
	  echo "==> installing cargo-leptos $(CARGO_LEPTOS_VER) (about 17 minutes on 2 cores, once)"; \
	  cargo install cargo-leptos --version $(CARGO_LEPTOS_VER) --locked --features no_downloads; fi
	@[ -f Cargo.lock ] || cargo generate-lockfile
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VER)" ]; then \
	  echo "==> installing wasm-bindgen-cli $(WASM_BINDGEN_VER) (matches Cargo.lock)"; \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VER); fi

node-tools: end2end/node_modules/.installed

end2end/node_modules/.installed: end2end/package.json end2end/package-lock.json
	cd end2end && npm ci --no-audit --no-fund
	@touch $@

browser:
	@if ! command -v chromium >/dev/null; then \
	  echo "==> installing Debian's chromium (browser tests)"; \
	  $(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends chromium fonts-dejavu-core fonts-noto-cjk; fi

build-release:
	cargo leptos build --release

fmt:
	cargo fmt --all -- --check

lint:
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p app --lib --target wasm32-unknown-unknown --no-default-features --features hydrate -- -D warnings

test-rust: test-sqlite test-postgres

test-sqlite:
	@echo "==> Rust tests (unit tests and database tests on SQLite)"
	cargo test --workspace -- --skip postgres

test-postgres:
	@if [ -z "$${TEST_POSTGRES_URL:-}" ]; then \
	  echo "==> SKIPPED: the PostgreSQL database tests (TEST_POSTGRES_URL is not set; .ci/run sets it)"; \
	else \
	  if ! command -v pg_dump >/dev/null || ! command -v pg_restore >/dev/null; then \
	    echo "==> installing Debian's postgresql-client (pg_dump and pg_restore: the backup test)"; \
	    $(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends postgresql-client; fi; \
	  echo "==> Rust database tests on PostgreSQL ($${TEST_POSTGRES_URL})"; \
	  cargo test --workspace postgres; \
	fi

wasm-check:
	@echo "==> checking that the wasm build pulls in no sea-orm or sqlx"
	@if cargo tree -p app --target wasm32-unknown-unknown --no-default-features --features hydrate -e normal \
	     | grep -Eq '(^|[^a-z_-])(sea-orm|sea-query|sqlx)'; then \
	  echo "FAIL: sea-orm/sqlx found in the wasm dependency tree"; exit 1; fi
	@echo "    ok: no sea-orm, sea-query or sqlx in the wasm build"

E2E_DB := target/e2e/tracker.db
test-e2e: browser node-tools build-release
	@echo "==> Playwright (release server on a fresh demo database, headless Chromium)"
	@mkdir -p target/e2e && rm -f $(E2E_DB) $(E2E_DB)-wal $(E2E_DB)-shm
	cd end2end && E2E_DATABASE_URL='sqlite://../$(E2E_DB)?mode=rwc' npx playwright test

seed-scale: build-release
	DATABASE_URL='$(DATABASE_URL)' $(SERVER) seed scale --ventures $${VENTURES:-1000}

## make bench: scale data sets on SQLite and PostgreSQL driven over loopback by wrk, plus
## front-end weight and Lighthouse; prints the tables and writes bench/results.md (not part of
## make test). Knobs: BENCH_SETS, BENCH_DURATION, BENCH_RUNS, BENCH_CONNECTIONS, TEST_POSTGRES_URL.
BENCH_NODE := bench/node_modules/.installed
bench: tools browser build-release $(BENCH_NODE)
	@if ! command -v wrk >/dev/null; then \
	  echo "==> installing Debian's wrk (the load generator)"; \
	  $(SUDO) apt-get update && $(SUDO) apt-get install -y wrk; fi
	BENCH_SKIP_BUILD=1 python3 bench/bench.py

## make load: 100 concurrent clients for 60 s, reads mixed with writes, on SQLite and PostgreSQL;
## zero errors and every acknowledged write found afterwards, or it fails (bench/load.md).
## Knobs: LOAD_SETS, LOAD_CLIENTS, LOAD_DURATION, TEST_POSTGRES_URL.
load: tools build-release
	BENCH_SKIP_BUILD=1 python3 bench/load.py

## make fuzz: schemathesis (pinned in bench/fuzz-requirements.txt) against the running server's
## OpenAPI document with a token of each role: no 5xx, every response as documented; bounded to
## well under 10 minutes (FUZZ_SECONDS per role). On PostgreSQL when TEST_POSTGRES_URL is set.
FUZZ_VENV := target/fuzz-venv
fuzz: tools build-release $(FUZZ_VENV)/.installed
	BENCH_SKIP_BUILD=1 python3 bench/fuzz.py

$(FUZZ_VENV)/.installed: bench/fuzz-requirements.txt
	@python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || { echo "==> installing Debian's python3-venv"; \
	  $(SUDO) apt-get update && $(SUDO) apt-get install -y python3-venv; }
	python3 -m venv $(FUZZ_VENV)
	$(FUZZ_VENV)/bin/pip install --quiet --disable-pip-version-check -r bench/fuzz-requirements.txt
	@touch $@

$(BENCH_NODE): bench/package.json bench/package-lock.json
	cd bench && npm ci --no-audit --no-fund
	@touch $@

clean:
	cargo clean
	rm -rf end2end/node_modules end2end/test-results end2end/playwright-report
