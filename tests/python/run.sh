#!/usr/bin/env bash
# Real-client tests of the Python package (issue 12): a fresh venv,
# `pip install .` (maturin builds the pyo3 extension of python/), then pytest
# on tests/python: the module, the `transaudit` command from the same
# install, the datatrove filter in a local pipeline and the Spark job of
# examples/spark/ in local[2] mode. Installs what it needs (CI runs as root).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

if ! command -v java >/dev/null 2>&1; then
  echo "no java: installing a headless JRE for Spark"
  apt-get update -qq && apt-get install -y -qq default-jre-headless >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
pip=("$work/venv/bin/pip" install --quiet --disable-pip-version-check)

# Share the main crate's target directory: the dependencies already built
# by `cargo build --release` are reused instead of rebuilt.
start=$(date +%s)
CARGO_TARGET_DIR="$root/target" "${pip[@]}" "$root"
echo "pip install . (build + install): $(( $(date +%s) - start )) s"

start=$(date +%s)
# datatrove's filters and JSONL reader import regex and orjson (extras it
# does not install by default).
"${pip[@]}" pytest datatrove regex orjson pyspark
echo "pip install pytest datatrove regex orjson pyspark: $(( $(date +%s) - start )) s"

if [ -d "$root/../shared/corpus/seeds" ]; then
  echo "transaudit corpus (the installed command) on the seeds and the clean articles:"
  "$work/venv/bin/python" "$root/tests/python/corpus_eval.py" "$work/venv/bin/transaudit" "$root/../shared"
fi

cd "$work"
PYSPARK_PYTHON="$work/venv/bin/python" "$work/venv/bin/python" -m pytest -q -p no:cacheprovider "$root/tests/python"
