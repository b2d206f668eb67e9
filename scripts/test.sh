#!/usr/bin/env bash
# Installs what the whole test suite needs and runs it: from Debian, Chromium for the
# browser tests (Playwright drives the system browser; it downloads none) and
# LibreOffice Writer with its Python bridge (the Word copy with tracked changes is
# opened, converted and accepted by LibreOffice); then this package with its test
# extras, then pytest. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
/usr/bin/python3 -c "import uno" >/dev/null 2>&1 || missing+=(python3-uno)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi
python -m pip install -e ".[test]"
python -m pytest "$@"
