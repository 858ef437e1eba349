#!/usr/bin/env bash
# Real clients against `transaudit server` (issue 11 §1-2), each on a fresh
# server bound to a free loopback port:
#   (a) language_tool_python in remote-server mode (nothing downloaded);
#   (b) the web page in headless Chromium (Debian's package) driven by
#       playwright-core;
#   (c) slow and oversized clients (raw sockets): 408, closed, 413;
#   (d) a bounded loopback load test (aiohttp): all answered, RSS flat.
# Installs what it needs (a venv, `apt-get install chromium`, npm
# playwright-core) into a temporary folder.
#   tests/server/run.sh [--screenshot PATH]
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
work=$(mktemp -d)
screenshot="$work/server-page.png"
[ "${1:-}" = "--screenshot" ] && screenshot="$root/$2"
bin="$root/target/release/transaudit"
[ -x "$bin" ] || cargo build --release

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

# start_server: runs the server on a free port; sets $url and $pid.
start_server() {
  local log="$work/server-$RANDOM.log"
  "$bin" server --port 0 "$@" >"$log" 2>&1 &
  pid=$!
  pids+=("$pid")
  for _ in $(seq 100); do grep -q "listening on" "$log" && break; sleep 0.1; done
  url=$(grep -o 'http://[0-9.]*:[0-9]*/' "$log" | head -n 1)
  [ -n "$url" ] || { cat "$log"; echo "server did not start"; exit 1; }
}

echo "--- (a) language_tool_python, remote-server mode"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check language_tool_python aiohttp
start_server
mkdir -p "$work/ltp"
LTP_PATH="$work/ltp" "$work/venv/bin/python" tests/server/lt_client.py "$url"

echo "--- (b) the web page in headless Chromium"
if ! command -v chromium >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null
fi
(cd "$work" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund playwright-core >/dev/null)
NODE_PATH="$work/node_modules" node tests/server/page.js "$url" "$screenshot" "$work/chromium-profile"

echo "--- (c) slow and oversized clients"
start_server --timeout 2
python3 tests/server/slow.py 127.0.0.1 "$(echo "$url" | sed -E 's#.*:([0-9]+)/#\1#')"

echo "--- (d) load: concurrent requests on loopback"
start_server --workers 2
"$work/venv/bin/python" tests/server/load.py "$url" "$pid" "${LOAD_CONCURRENCY:-400}" "${LOAD_ROUNDS:-5}"
echo "server: 4 passed, 0 failed"
