# Code Register: `make run` and `make test` do every set-up step on a fresh Debian/Ubuntu machine.
# Each step installs only what is missing, so a second run goes straight to the work.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := run

CARGO ?= cargo
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BIN := target/release/code-register

# What the core needs to build: a C compiler for the bundled SQLite.
CORE_PACKAGES := build-essential pkg-config ca-certificates

.PHONY: run test deps-core check-rust build fmt-check clippy test-rust bench clean

# Installs the Debian packages named in $(1) that are not installed yet.
define apt_install
	@missing=""; for p in $(1); do dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  $(SUDO) apt-get update -qq; \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

deps-core: check-rust
	$(call apt_install,$(CORE_PACKAGES))

check-rust:
	@command -v $(CARGO) >/dev/null || { echo "Rust is needed: install it with rustup (https://rustup.rs), then run make again." >&2; exit 1; }
	@rustup component list --installed 2>/dev/null | grep -q rustfmt || rustup component add rustfmt clippy 2>/dev/null || true

build: deps-core
	$(CARGO) build --release --bin code-register

# Until the desktop lands: a demo register where the user has none, then what is coming and what is late.
run: build
	@$(BIN) meetings --limit 1 >/dev/null 2>&1 || { $(BIN) init && $(BIN) demo --meetings 2000; }
	@echo; echo "Coming meetings:"; $(BIN) meetings --from "$$(date +%F)" --asc --limit 15
	@echo; echo "Overdue actions:"; $(BIN) actions --overdue --limit 15

fmt-check: deps-core
	$(CARGO) fmt --all -- --check

clippy: deps-core
	$(CARGO) clippy --all-targets -- -D warnings

test-rust: deps-core
	$(CARGO) test --all-targets

test: fmt-check clippy test-rust

# The speed figures of README: a release build on a register of 100,000 demo meetings.
bench: build
	$(BIN) bench --meetings 100000

clean:
	$(CARGO) clean
