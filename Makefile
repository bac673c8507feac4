# Code Register: `make run` and `make test` do every set-up step on a fresh Debian/Ubuntu machine.
# Each step installs only what is missing, so a second run goes straight to the work.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := run

CARGO ?= cargo
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CLI := target/release/code-register
APP := target/release/code-register-desktop
UI_STAMP := ui/node_modules/.installed

# The core needs a C compiler for the bundled SQLite; the desktop needs WebKitGTK and friends.
CORE_PACKAGES := build-essential pkg-config ca-certificates
DESKTOP_PACKAGES := libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev libssl-dev \
	file xdg-utils

.PHONY: run run-cli test test-interop deps deps-core deps-desktop deps-ui deps-e2e deps-test check-rust check-node ui \
	build build-cli fmt-check clippy test-rust test-ui test-e2e bindings bench bench-desktop deb clean

# Installs the Debian packages named in $(1) that are not installed yet.
define apt_install
	@missing=""; for p in $(1); do dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  $(SUDO) apt-get update -qq; \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

check-rust:
	@command -v $(CARGO) >/dev/null || { echo "Rust is needed: install it with rustup (https://rustup.rs), then run make again." >&2; exit 1; }
	@if command -v rustup >/dev/null; then \
	  rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt; \
	  rustup component list --installed | grep -q '^clippy' || rustup component add clippy; \
	fi

# Vite 7 needs Node 20.19 or later. Debian 12's and Ubuntu 24.04's own nodejs (18) is older, so
# installing it would not help: say what is needed instead.
check-node:
	@command -v node >/dev/null && command -v npm >/dev/null || \
	  { echo "Node.js 20.19 or later (with npm) is needed for the UI build; install it (https://nodejs.org) and run make again." >&2; exit 1; }
	@node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' || \
	  { echo "Node.js 20.19 or later is needed for the UI build (found $$(node --version)); install a newer Node.js and run make again." >&2; exit 1; }

deps-core: check-rust
	$(call apt_install,$(CORE_PACKAGES))

deps-desktop: deps-core
	$(call apt_install,$(DESKTOP_PACKAGES))

deps-ui: check-node
	@if [ ! -f $(UI_STAMP) ] || [ ui/package-lock.json -nt $(UI_STAMP) ]; then \
	  cd ui && npm ci --no-audit --no-fund && touch node_modules/.installed; fi

deps-e2e: deps-desktop
	bash tests/e2e/setup.sh

# What the Rust tests read our files with, none of it written here: poppler and qpdf for the
# PDFs; python icalendar and ical (.venv) and ical.js (tests/ics/node_modules) for the .ics.
TEST_PACKAGES := poppler-utils qpdf python3-venv
VENV := .venv
PEERS_STAMP := $(VENV)/.ics-requirements
deps-test: deps-core check-node
	$(call apt_install,$(TEST_PACKAGES))
	@[ -x $(VENV)/bin/python ] || python3 -m venv $(VENV)
	@cmp -s tests/ics/requirements.txt $(PEERS_STAMP) 2>/dev/null || { \
	  $(VENV)/bin/python -m pip install -q --disable-pip-version-check -r tests/ics/requirements.txt && \
	  cp tests/ics/requirements.txt $(PEERS_STAMP); }
	@if [ ! -f tests/ics/node_modules/.installed ] || [ tests/ics/package-lock.json -nt tests/ics/node_modules/.installed ]; then \
	  cd tests/ics && npm ci --no-audit --no-fund && touch node_modules/.installed; fi

deps: deps-desktop deps-ui

# The UI bundle the app embeds, rebuilt only when a source of it changed: an unchanged bundle
# also leaves the desktop binary alone, so a second `make run` opens the window in seconds.
UI_DIST := ui/dist/index.html
UI_SOURCES := $(shell find ui/src -type f) ui/index.html ui/package.json ui/package-lock.json ui/vite.config.ts \
	ui/svelte.config.js ui/tsconfig.json

ui: $(UI_DIST)

$(UI_DIST): $(UI_SOURCES) | deps-ui
	cd ui && npm run build

build-cli: deps-core
	$(CARGO) build --release --bin code-register

build: deps ui
	$(CARGO) build --release --workspace --bins

# The window, on the user's register (--db PATH, else $CODE_REGISTER_DB, else the platform default).
run: build
	$(APP)

# The command line only: a demo register where the user has none, then what is coming and what is late.
run-cli: build-cli
	@$(CLI) meetings --limit 1 >/dev/null 2>&1 || { $(CLI) init && $(CLI) demo --meetings 2000; }
	@echo; echo "Coming meetings:"; $(CLI) meetings --from "$$(date +%F)" --asc --limit 15
	@echo; echo "Overdue actions:"; $(CLI) actions --overdue --limit 15

fmt-check: deps-core
	$(CARGO) fmt --all -- --check

clippy: deps ui
	$(CARGO) clippy --workspace --all-targets -- -D warnings

test-rust: deps deps-test ui
	$(CARGO) test --workspace --all-targets

test-ui: deps-ui
	cd ui && npm run check && npm test

# The real app binary in a real window: Xvfb, tauri-driver, WebKitWebDriver.
test-e2e: deps-e2e ui
	$(CARGO) build --workspace --bins
	CODE_REGISTER_APP=$(CURDIR)/target/debug/code-register-desktop bash tests/e2e/run.sh

test: fmt-check test-ui clippy test-rust test-e2e

# Tests against data of other projects kept beside the repository (never copied into it):
# CORPUS is that folder, by default ../shared. .ci/run runs it after `make test`.
CORPUS ?= $(abspath $(CURDIR)/../shared)
test-interop: deps-core deps-test
	CODE_REGISTER_CORPUS=$(CORPUS) $(CARGO) test --test interop --test ics_corpus -- --ignored --test-threads 1

# Rewrites ui/src/lib/bindings from the Rust types (tests/bindings.rs checks them).
bindings: deps-core
	UPDATE_BINDINGS=1 $(CARGO) test --test bindings

# The speed figures of README: a release build on a register of 100,000 demo meetings.
bench: build-cli
	$(CLI) bench --meetings 100000

# The desktop's figures of README: launch, search while typing, scrolling, memory, the Monitoring
# chart drawn, on the seed register and on 100,000 demo meetings (release build, real window
# under Xvfb). The demo register is made again by a newer CLI: it grows with the features.
BENCH_DIR := target/bench
bench-desktop: build deps-e2e
	mkdir -p $(BENCH_DIR)
	[ -f $(BENCH_DIR)/seed.sqlite3 ] || $(CLI) --db $(BENCH_DIR)/seed.sqlite3 import-json fixtures/seed-meetings.json
	[ $(BENCH_DIR)/100k.sqlite3 -nt $(CLI) ] || { rm -f $(BENCH_DIR)/100k.sqlite3*; \
	  $(CLI) --db $(BENCH_DIR)/100k.sqlite3 demo --meetings 100000; }
	CODE_REGISTER_APP=$(CURDIR)/$(APP) bash tests/e2e/run.sh --script benches/desktop.py \
	  $(CURDIR)/$(BENCH_DIR)/seed.sqlite3 $(CURDIR)/$(BENCH_DIR)/100k.sqlite3

# An installable .deb of the desktop app (Tauri CLI from npm).
deb: deps
	ui/node_modules/.bin/tauri build --bundles deb

clean:
	$(CARGO) clean
	rm -rf ui/dist ui/node_modules .venv
