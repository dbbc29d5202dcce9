#!/usr/bin/env bash
# Installs the bot into .venv (and the OCR packages it uses for scans and photos) and starts it.
# The token comes from the environment: export DONDOC_TOKEN='123456789:AA...' (ask @BotFather).
# SQLite (data/dondoc.sqlite3) is the default; set DONDOC_DATABASE_URL for PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-system.sh
python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e .
export OMP_THREAD_LIMIT="${OMP_THREAD_LIMIT:-1}"
exec .venv/bin/dondoc run "$@"
