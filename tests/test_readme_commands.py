"""The README's command table names every command the bot has, by all its names."""

from __future__ import annotations

import re
from pathlib import Path

from handlers import texts

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_lists_every_command_and_alias() -> None:
    table = README.read_text(encoding="utf-8").split("## Lệnh (commands)", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"`/([a-z]+)", table))
    for command in texts.COMMANDS:
        assert {command.name, *command.aliases} <= named, command.name
