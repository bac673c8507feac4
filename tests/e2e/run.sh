#!/usr/bin/env bash
# Runs the end-to-end suite against the real app: a private Xvfb display, tauri-driver on a free
# port, then pytest. Extra arguments go to pytest (e.g. `tests/e2e/run.sh -k reopen -x`);
# `run.sh --script FILE [ARGS]` runs a Python script in the same set-up instead (benches/).
# The app is $CODE_REGISTER_APP, by default target/debug/code-register-desktop.
# Set-up once per machine: tests/e2e/setup.sh.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"
here=tests/e2e

app=${CODE_REGISTER_APP:-$repo/target/debug/code-register-desktop}
if [[ ! -f $app || ! -x $app ]]; then
  echo "run.sh: the app binary $app is missing: build it first, or set CODE_REGISTER_APP" >&2
  exit 2
fi
export CODE_REGISTER_APP=$(cd "$(dirname "$app")" && pwd)/$(basename "$app")

python=$repo/.venv/bin/python
[[ -x $python ]] || { echo "run.sh: $python is missing: run tests/e2e/setup.sh first" >&2; exit 2; }
driver=$(command -v tauri-driver || echo "$HOME/.cargo/bin/tauri-driver")
[[ -x $driver ]] || { echo "run.sh: tauri-driver is missing: run tests/e2e/setup.sh first" >&2; exit 2; }
command -v Xvfb >/dev/null || { echo "run.sh: Xvfb is missing: run tests/e2e/setup.sh first" >&2; exit 2; }

mkdir -p "$here/logs"
rm -rf "$here/screenshots"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/code-register-e2e.XXXXXX")
xvfb_pid="" driver_pid=""

cleanup() {
  # tauri-driver runs in its own process group with WebKitWebDriver and any app it started.
  [[ -n $driver_pid ]] && kill -TERM -- "-$driver_pid" 2>/dev/null && wait "$driver_pid" 2>/dev/null
  [[ -n $xvfb_pid ]] && kill -TERM "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null
  rm -rf "$scratch"
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
  "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A free X display: no lock file and no socket; Xvfb refuses a taken one, then the next is tried.
for n in $(seq 90 189); do
  [[ -e /tmp/.X$n-lock || -e /tmp/.X11-unix/X$n ]] && continue
  Xvfb ":$n" -screen 0 1400x900x24 -nolisten tcp >"$here/logs/xvfb.log" 2>&1 &
  xvfb_pid=$!
  for _ in $(seq 100); do
    [[ -S /tmp/.X11-unix/X$n ]] && break
    kill -0 "$xvfb_pid" 2>/dev/null || break
    sleep 0.05
  done
  if [[ -S /tmp/.X11-unix/X$n ]] && kill -0 "$xvfb_pid" 2>/dev/null; then
    export DISPLAY=":$n"
    break
  fi
  wait "$xvfb_pid" 2>/dev/null || true
  xvfb_pid=""
done
[[ -n $xvfb_pid ]] || { echo "run.sh: could not start Xvfb (see $here/logs/xvfb.log)" >&2; exit 2; }

port=$(free_port)
native_port=$(free_port)
while [[ $native_port == "$port" ]]; do native_port=$(free_port); done
# The suite's apps keep their data (WebKit storage, settings) away from the user's own.
export XDG_DATA_HOME=$scratch/data XDG_CONFIG_HOME=$scratch/config XDG_CACHE_HOME=$scratch/cache
unset CODE_REGISTER_DB
setsid "$driver" --port "$port" --native-port "$native_port" >"$here/logs/tauri-driver.log" 2>&1 &
driver_pid=$!
for _ in $(seq 200); do
  port_open "$port" && break
  kill -0 "$driver_pid" 2>/dev/null || break
  sleep 0.05
done
port_open "$port" || { echo "run.sh: tauri-driver did not start (see $here/logs/tauri-driver.log)" >&2; exit 2; }
export TAURI_DRIVER_URL=http://127.0.0.1:$port

echo "e2e: app $CODE_REGISTER_APP, DISPLAY=$DISPLAY, tauri-driver $TAURI_DRIVER_URL (logs in $here/logs)"
status=0
if [[ ${1:-} == --script ]]; then
  # A script of its own in the same set-up (the desktop benchmark): `run.sh --script FILE [ARGS]`.
  shift
  PYTHONPATH=$repo/$here "$python" "$@" || status=$?
else
  "$python" -m pytest "$here" -v "$@" || status=$?
fi
exit "$status"
