#!/usr/bin/env bash
# The docs site, built and checked without Quarto: nbdev's processing of the notebooks, nbconvert to HTML with the
# course's sidebar (nbs/sidebar.yml) into _docs/, the API reference check (a report here; tools/test.sh runs it with --strict), and the browser
# check of every page in Debian's chromium (screenshots in _docs/screenshots/), and the gating explorer (15_explore)
# run in JupyterLab in the same browser, its widget checked (tools/check_lab.py). Installs chromium (apt) and the
# Python packages it needs (into .venv) when missing. Wherever Quarto is installed, `nbdev_docs` builds the
# Quarto site from the same notebooks and sidebar.
# Usage: bash tools/docs.sh [--no-check]     (assumes .venv made by tools/setup.sh; VENV=DIR to use another one)
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PY="$VENV/bin/python"
CHECK=1; if [ "${1:-}" = "--no-check" ]; then CHECK=0; fi
start=$(date +%s)
[ -x "$PY" ] || { echo "docs: no $PY: run bash tools/setup.sh first"; exit 1; }

# what the build and the check need, installed only when missing (settings.ini dev_requirements lists them too)
if ! "$PY" -c "import nbconvert, jupyter_server_mathjax, playwright" 2>/dev/null; then
  echo "docs: installing nbconvert, jupyter-server-mathjax and playwright into $VENV"
  "$PY" -m pip install -q nbconvert jupyter-server-mathjax playwright 2>&1 | grep -v -E "^(WARNING: Location|  )" || true
fi
if [ "$CHECK" = 1 ] && ! command -v chromium >/dev/null; then
  echo "docs: installing Debian's chromium (apt) for the browser check"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium >/dev/null
fi

export PATH="$VENV/bin:$PATH"
"$PY" tools/build_docs.py
"$PY" tools/check_api_docs.py
rc=0
if [ "$CHECK" = 1 ]; then
  "$PY" tools/check_docs.py || rc=$?
  "$PY" tools/check_lab.py || rc=$?   # the gating explorer live in JupyterLab (after check_docs, which empties screenshots/)
fi
echo "docs took $(( $(date +%s) - start )) s"
exit $rc
