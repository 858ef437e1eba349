#!/usr/bin/env bash
# A real LSP client drives `transaudit lsp`: Neovim's built-in client,
# headless (tests/lsp/init.lua says what it checks). Installs Debian's
# neovim when it is missing; needs target/release/transaudit built.
set -euo pipefail
cd "$(dirname "$0")/../.."

bin=${TRANSAUDIT_BIN:-$PWD/target/release/transaudit}
[ -x "$bin" ] || { echo "build first: cargo build --release ($bin missing)"; exit 2; }
if ! command -v nvim >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq neovim) >/dev/null
fi
nvim --version | head -n 1

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp tests/lsp/article.md "$work/article.md"
# A repository root, so config discovery stops there.
mkdir "$work/.git"

set +e
TRANSAUDIT_BIN=$bin LSP_FILE=$work/article.md LSP_RESULT=$work/result.txt \
  timeout 120 nvim --headless --clean -u tests/lsp/init.lua >"$work/nvim.log" 2>&1
status=$?
set -e
if [ -f "$work/result.txt" ]; then
  cat "$work/result.txt"
else
  echo "Neovim wrote no result (exit $status):"
  cat "$work/nvim.log"
fi
if [ "$status" -ne 0 ] || ! tail -n 1 "$work/result.txt" | grep -qx PASS; then
  echo "the Neovim LSP test failed (exit $status)"
  exit 1
fi
echo "nvim: 1 passed, 0 failed"
