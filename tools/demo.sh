#!/usr/bin/env bash
# The main job (README): set up, then run `dynroute demo` on the embedded demo data. Extra arguments go to it.
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/setup.sh
exec dynroute demo "$@"
