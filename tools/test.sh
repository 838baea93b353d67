#!/usr/bin/env bash
# The test command (README): set up, check that notebooks, package and README agree, run every notebook's tests.
# Usage: bash tools/test.sh [--flags "slow cifar"] [nbdev_test path glob]
# Prints a closing line "N passed, N failed" and exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
source tools/setup.sh
set +e   # from here on, count failures instead of stopping at the first
FLAGS=""; if [ "${1:-}" = "--flags" ]; then FLAGS="$2"; shift 2; fi
NBPATH="${1:-}"
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}   # nbdev_test runs one notebook per core
passed=0; failed=0; start=$(date +%s)

check() {  # check NAME CMD...: one pass/fail line per check
  local name=$1; shift
  if out=$("$@" 2>&1); then passed=$((passed+1)); echo "ok: $name"
  else failed=$((failed+1)); echo "FAILED: $name"; echo "$out" | tail -n 20; fi
}
sync_check() {
  nbdev_clean >/dev/null 2>&1 && nbdev_export >/dev/null 2>&1 || { echo "nbdev_clean/nbdev_export failed"; return 1; }
  local dirty; dirty=$(git status --porcelain -- nbs dynroute)
  if [ -n "$dirty" ]; then echo "nbdev_clean/nbdev_export changed files (commit the cleaned notebooks and exported modules):"; echo "$dirty"; return 1; fi
}
if git rev-parse --git-dir >/dev/null 2>&1; then
  check "notebooks clean and package exported (nbdev_clean, nbdev_export leave git clean)" sync_check
fi
check "notebooks keep imports in their own cells (python tools/lint_nbs.py)" .venv/bin/python tools/lint_nbs.py
check "README.md is current (python tools/make_readme.py)" .venv/bin/python tools/make_readme.py --check
if [ -z "$NBPATH" ]; then   # the whole site, so only on a whole run
  check "docs site builds and every page passes the browser check (bash tools/docs.sh)" bash tools/docs.sh
  check "every exported function and class has a docstring and a show_doc (python tools/check_api_docs.py --strict)" .venv/bin/python tools/check_api_docs.py --strict
fi

log=$(mktemp)
nbdev_test --do_print --timing ${FLAGS:+--flags "$FLAGS"} ${NBPATH:+--path "$NBPATH"} >"$log" 2>&1; rc=$?
cat "$log"
if grep -q "No files were eligible" "$log"; then
  failed=$((failed+1)); echo "FAILED: nbdev_test found no notebooks"
else
  n=$(grep -c "^- Completed" "$log" || true)
  nf=$(awk '/nbdev Tests Failed On The Following Notebooks/{f=1;next} f&&/^\t/{c++} END{print c+0}' "$log")
  if [ "$rc" -ne 0 ] && [ "$nf" -eq 0 ]; then nf=1; fi   # crashed before naming a notebook
  passed=$((passed + n - nf)); failed=$((failed + nf))
fi
rm -f "$log"
echo "tests took $(( $(date +%s) - start )) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
