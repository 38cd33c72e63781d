#!/usr/bin/env bash
# Install everything the tests need into .venv (and Debian's chromium for the browser
# test), then run the test suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install --quiet --upgrade pip
.venv/bin/pip install --quiet -e ".[dev]"
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || echo "warning: could not install chromium; browser tests will be skipped" >&2
  else
    echo "warning: chromium is not installed (sudo apt-get install chromium); browser tests will be skipped" >&2
  fi
fi
.venv/bin/ruff check --no-cache .
.venv/bin/mypy
exec .venv/bin/pytest "$@"
