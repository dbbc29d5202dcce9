#!/usr/bin/env bash
# Installs everything the tests need into .venv and runs the whole suite:
# ruff, mypy (strict on dispatch/ and storage/), then pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-system.sh
python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e '.[test]'
export OMP_THREAD_LIMIT=1
.venv/bin/ruff check .
.venv/bin/mypy dispatch storage scheduler reports bot handlers
.venv/bin/python -m pytest -q "$@"
