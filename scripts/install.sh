#!/usr/bin/env bash
# Installs the bot into .venv from a lock file: bash scripts/install.sh requirements/run.txt (or test.txt).
# Once per lock: a stamp in .venv holds the hash of the lock and of pyproject.toml, and while it matches
# this does nothing (no apt-get, no pip). The Debian packages (OCR, LibreOffice) come with the first install.
# The locks pin every package with its hashes; regenerate them after changing pyproject.toml with
#   pip install uv
#   uv pip compile pyproject.toml --extra test --universal --python-version 3.11 --generate-hashes -o requirements/test.txt
#   uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes -c requirements/test.txt -o requirements/run.txt
set -euo pipefail
cd "$(dirname "$0")/.."
lock="${1:?usage: scripts/install.sh requirements/run.txt|requirements/test.txt}"
stamp=".venv/.installed-$(basename "$lock" .txt)"
want="$(cat "$lock" pyproject.toml | sha256sum | cut -d' ' -f1)"
if [ -x .venv/bin/python ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
bash scripts/setup-system.sh
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --require-hashes -r "$lock"
.venv/bin/pip install -q --no-deps -e .   # the project itself; its dependencies are all in the lock
.venv/bin/pip check
echo "$want" > "$stamp"
