#!/usr/bin/env bash
# Set-up for the end-to-end suite on a fresh Debian/Ubuntu machine; each step runs only when its
# result is missing, so a second run does nothing. Installs: Xvfb, WebKitWebDriver, xdotool and
# xwd (apt; xdotool types into the native GTK file dialogs, which WebDriver cannot reach, and xwd
# takes screenshots of the whole screen, dialogs included), tauri-driver (cargo), and .venv at the
# repository root with tests/e2e/requirements.txt (pip).
# Building the app itself needs the Tauri build packages as well (see the Makefile).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
requirements=$repo/tests/e2e/requirements.txt
venv=$repo/.venv
tauri_driver_version=2.1.0
sudo=""
[[ $(id -u) == 0 ]] || sudo=sudo

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }

# 1. System packages.
missing=()
for p in xvfb webkit2gtk-driver xdotool x11-apps; do installed "$p" || missing+=("$p"); done
# Debian's and Ubuntu's own python3 need python3-venv for `python3 -m venv` (a pyenv or python.org
# Python has it built in).
if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
  installed python3-venv || missing+=(python3-venv)
fi
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# 2. tauri-driver (the WebDriver proxy that launches Tauri apps), into ~/.cargo/bin.
export PATH=$HOME/.cargo/bin:$PATH
if ! command -v tauri-driver >/dev/null; then
  if ! command -v cargo >/dev/null; then
    echo "setup: cargo is needed for tauri-driver: install Rust (https://rustup.rs)" >&2
    exit 1
  fi
  echo "setup: cargo install tauri-driver $tauri_driver_version (about a minute)"
  cargo install tauri-driver --version "$tauri_driver_version" --locked
fi

# 3. The Python environment for pytest.
if [[ ! -x $venv/bin/python ]]; then
  echo "setup: creating $venv"
  python3 -m venv "$venv"
fi
stamp=$venv/.e2e-requirements
if ! cmp -s "$requirements" "$stamp" 2>/dev/null; then
  echo "setup: pip install -r tests/e2e/requirements.txt"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$requirements"
  cp "$requirements" "$stamp"
fi

echo "setup: ready ($(command -v Xvfb), $(command -v WebKitWebDriver), $(command -v xdotool), $(command -v tauri-driver), $venv)"
