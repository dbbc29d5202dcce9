#!/usr/bin/env bash
# Installs everything the tests need into .venv from requirements/test.txt (once per lock, scripts/install.sh)
# and runs the whole suite: ruff, mypy (strict on dispatch/ and storage/), then pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh requirements/test.txt
export OMP_THREAD_LIMIT=1
.venv/bin/ruff check .
.venv/bin/mypy dispatch storage scheduler reports bot handlers
.venv/bin/python -m pytest -q -n auto --dist loadfile "$@"  # a file's tests on one worker, in order
