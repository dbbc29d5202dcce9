#!/usr/bin/env bash
# Starts the bot; the first run (and the first after the lock changes) installs it into .venv from
# requirements/run.txt with the OCR packages it uses for scans and photos (scripts/install.sh).
# The token comes from the environment: export DONDOC_TOKEN='123456789:AA...' (ask @BotFather).
# SQLite (data/dondoc.sqlite3) is the default; set DONDOC_DATABASE_URL for PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh requirements/run.txt
export OMP_THREAD_LIMIT="${OMP_THREAD_LIMIT:-1}"
exec .venv/bin/dondoc run "$@"
