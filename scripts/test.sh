#!/usr/bin/env bash
# Installs what the whole test suite needs and runs it: Debian's Chromium for the
# browser tests (Playwright drives the system browser; it downloads none), then
# this package with its test extras, then pytest. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium
fi
python -m pip install -e ".[test]"
python -m pytest "$@"
