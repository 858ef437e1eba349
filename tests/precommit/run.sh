#!/usr/bin/env bash
# Proves the hooks of .pre-commit-hooks.yaml with the real pre-commit
# (installed from PyPI into a throw-away virtualenv): in a throw-away git
# repository whose .pre-commit-config.yaml points at a snapshot of this
# repository, a commit of an article with residue is blocked, a clean one
# passes, and files that are not articles are not linted.
#
#   tests/precommit/run.sh            # the `transaudit-system` hook, with the
#                                     # freshly built target/release/transaudit
#   TRANSAUDIT_PRECOMMIT_RUST=1 tests/precommit/run.sh
#                                     # also the `transaudit` hook (language:
#                                     # rust): pre-commit builds it with cargo
#
# .ci/run calls it after `cargo build --release`.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

say() { printf '  precommit: %s\n' "$*"; }
fail() { printf '  precommit: FAIL: %s\n' "$*" >&2; exit 1; }

target="${CARGO_TARGET_DIR:-$root/target}"
[ -x "$target/release/transaudit" ] || cargo build --release --quiet

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

say "installing pre-commit into a throw-away virtualenv"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check pre-commit
"$work/venv/bin/pre-commit" --version
export PRE_COMMIT_HOME="$work/cache"
# The hooks run in a bare environment: only PATH says where transaudit is.
base_path="$work/venv/bin:$PATH"
export PATH="$target/release:$base_path"

# A snapshot of this repository as a hook repository: the working tree's
# files (committed or not, ignored ones excluded), committed once.
say "snapshotting the hook repository"
hooks="$work/hooks"
mkdir -p "$hooks"
if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git -C "$root" ls-files -z --cached --others --exclude-standard \
    | (cd "$root" && xargs -0 cp --parents -t "$hooks" 2>/dev/null || true)
else
  tar -C "$root" --exclude=./target -cf - . | tar -C "$hooks" -xf -
fi
[ -f "$hooks/.pre-commit-hooks.yaml" ] || fail "no .pre-commit-hooks.yaml at the repository root"
git -C "$hooks" init -q
git -C "$hooks" add -A
git -C "$hooks" -c user.name=ci -c user.email=ci@example.invalid commit -q -m snapshot
rev=$(git -C "$hooks" rev-parse HEAD)

# prove HOOK_ID: a throw-away article repository using that hook.
prove() {
  local hook=$1
  local repo="$work/articles-$hook"
  say "hook \`$hook\`"
  git init -q "$repo"
  cd "$repo"
  git config user.name ci
  git config user.email ci@example.invalid
  cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: $hook
YAML
  pre-commit install >/dev/null

  # A clean article passes.
  printf '# Budget\n\nLe conseil municipal a voté le budget mardi soir.\n\nLa séance a duré trois heures.\n' > clean.md
  git add .pre-commit-config.yaml clean.md
  git commit -q -m "clean article" > "$work/clean.log" 2>&1 \
    || { cat "$work/clean.log"; fail "$hook: a clean article was blocked"; }
  say "  clean article committed"

  # An article with scraped residue is blocked, with the finding shown.
  printf 'Le conseil municipal a voté le budget mardi soir.\n\nLeave a Reply\n' > residue.txt
  git add residue.txt
  if git commit -q -m "residue" > "$work/residue.log" 2>&1; then
    cat "$work/residue.log"
    fail "$hook: a commit with residue went through"
  fi
  grep -q 'boilerplate/' "$work/residue.log" \
    || { cat "$work/residue.log"; fail "$hook: the blocked commit does not show the finding"; }
  [ "$(git rev-list --count HEAD)" -eq 1 ] || fail "$hook: the residue commit exists"
  say "  article with residue blocked:"
  grep -m1 'boilerplate/' "$work/residue.log" | sed 's/^/      /'

  # Files that are not articles are not passed to transaudit.
  git reset -q
  rm residue.txt
  printf '// Leave a Reply\nfn main() {}\n' > main.rs
  git add main.rs
  git commit -q -m "code" > "$work/code.log" 2>&1 \
    || { cat "$work/code.log"; fail "$hook: a non-article file was linted"; }
  say "  non-article file not linted"

  # Fixing the article lets it through.
  printf 'Le conseil municipal a voté le budget mardi soir.\n' > residue.txt
  git add residue.txt
  git commit -q -m "fixed" > "$work/fixed.log" 2>&1 \
    || { cat "$work/fixed.log"; fail "$hook: the fixed article was blocked"; }
  say "  fixed article committed"
  cd "$root"
}

prove transaudit-system
if [ "${TRANSAUDIT_PRECOMMIT_RUST:-0}" = 1 ]; then
  # pre-commit runs `cargo install --path .` in its own CARGO_HOME and a
  # build directory of its own. Never point it at target/: the build
  # script's output would then name the throw-away clone, deleted after.
  unset CARGO_TARGET_DIR
  # Without the fresh binary on PATH: the hook must run the one it built.
  export PATH="$base_path"
  if command -v transaudit >/dev/null; then
    say "note: a transaudit is installed on PATH; pre-commit's own build comes first"
  fi
  prove transaudit
fi
say "ok"
