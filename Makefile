# Rapport: one command to serve, one to test. Both install what is missing first.
#   make serve   set up, build, and serve the app with the sample on http://127.0.0.1:8080
#   make test    set up and run every test: native, in-browser (wasm-bindgen-test), end-to-end
SHELL := /bin/bash
.ONESHELL:
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export CHROMEDRIVER ?= /usr/bin/chromedriver
export WASM_BINDGEN_TEST_TIMEOUT ?= 180

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
TRUNK_VERSION := 0.21
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ { getline; gsub(/"/, "", $$3); print $$3 }' Cargo.lock)

.PHONY: setup serve build test test-native test-wasm test-e2e lint bench screenshots fuzz generate-sample clean

setup: ## Install whatever is missing (idempotent)
	rustup target add wasm32-unknown-unknown >/dev/null
	if ! trunk --version 2>/dev/null | grep -q "trunk $(TRUNK_VERSION)\."; then
	  echo "Installing trunk $(TRUNK_VERSION) (about 10 minutes)…"
	  cargo install trunk --version '~$(TRUNK_VERSION)' --locked
	fi
	if ! wasm-bindgen --version 2>/dev/null | grep -q " $(WASM_BINDGEN_VERSION)"; then
	  echo "Installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION)…"
	  cargo install wasm-bindgen-cli --version '=$(WASM_BINDGEN_VERSION)' --force
	fi
	if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ]; then
	  npm ci --no-audit --no-fund
	fi
	if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
	  $(SUDO) apt-get update
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends chromium chromium-driver
	fi

build: setup ## Release build into dist/
	trunk build --release

serve: build ## Serve the app with the sample data on http://127.0.0.1:8080
	mkdir -p screenshots # trunk's watcher must find every path it is told to ignore
	trunk serve --release

test: setup ## Every test; each runner prints its own summary
	status=0
	$(MAKE) --no-print-directory lint || status=1
	$(MAKE) --no-print-directory test-native || status=1
	$(MAKE) --no-print-directory test-wasm || status=1
	$(MAKE) --no-print-directory test-e2e || status=1
	if [ $$status -ne 0 ]; then echo "make test: FAILED"; else echo "make test: all suites passed"; fi
	exit $$status

test-native: ## Engine, chart, route and CLI tests (native)
	cargo test --workspace --all-targets

test-wasm: ## Component tests in headless Chromium
	cargo test --target wasm32-unknown-unknown --test web

test-e2e: ## End-to-end specs on the release build, with their own static server
	trunk build --release
	node --test --test-concurrency=1 tests/e2e/

lint: ## Formatting, clippy (native and wasm32), and the purity of engine and chart
	cargo fmt --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --workspace --lib --bins -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --test web -- -D warnings
	if grep -rnE --exclude=main.rs '\b(leptos|web_sys|wasm_bindgen|gloo|js_sys)\b' crates/engine/src crates/import/src src/chart; then
	  echo "crates/engine, crates/import (its library) and src/chart must not use web crates"; exit 1
	fi

bench: build ## Performance figures (native engine and headless Chromium); RUNS=3 SIZES=10k,100k,1m
	node tools/bench.mjs

screenshots: build ## PNGs of every view into screenshots/, in light and dark mode
	node tools/screenshots.mjs overview,diagram,trends,account,drivers,settings
	SCHEME=dark node tools/screenshots.mjs overview,diagram,trends,account,drivers,settings

FUZZ_SECONDS ?= 3600
fuzz: ## Fuzz reading, validation and scoring, then plan import (cargo-fuzz; RUSTC_BOOTSTRAP lets stable build it)
	cargo fuzz --version >/dev/null 2>&1 || cargo install cargo-fuzz --locked
	mkdir -p fuzz/corpus-run fuzz/corpus-plans-run
	RUSTC_BOOTSTRAP=1 cargo fuzz run load_and_score fuzz/corpus-run fuzz/corpus/load -- \
	  -max_total_time=$(FUZZ_SECONDS) -dict=fuzz/json.dict -max_len=20000 -print_final_stats=1
	RUSTC_BOOTSTRAP=1 cargo fuzz run plan_import fuzz/corpus-plans-run fuzz/corpus/plans -- \
	  -max_total_time=$(FUZZ_SECONDS) -dict=fuzz/json.dict -max_len=20000 -print_final_stats=1

generate-sample: ## Regenerate public/data/sample.json and its scored wire form sample.rpw
	cargo run --release --bin rapport-cli -- generate --accounts 60 --waves 4 --seed 2026 -o public/data/sample.json
	cargo run --release --bin rapport-cli -- wire public/data/sample.json public/data/sample.rpw

clean:
	cargo clean
	rm -rf dist screenshots
