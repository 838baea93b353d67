#!/usr/bin/env bash
# Create .venv (if missing) and install dynroute with its pinned dev dependencies (settings.ini).
# Sourced by tools/test.sh and tools/demo.sh; safe to run again (it reinstalls only when settings.ini changed).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $($PY --version)"
  $PY -m venv .venv
fi
stamp=.venv/.dynroute-installed
want=$(sha256sum settings.ini setup.py | sha256sum | cut -c1-16)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "setup: installing dynroute and its pinned dependencies into .venv (a few minutes the first time)"
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
  .venv/bin/python -m pip install -q -e ".[dev]" 2>&1 | grep -v -E "^(WARNING: Location|  )" || true
  .venv/bin/python -c "import dynroute, torch, fastai, nbdev" || { echo "setup: install failed"; exit 1; }
  echo "$want" > "$stamp"
fi
export PATH="$PWD/.venv/bin:$PATH"
