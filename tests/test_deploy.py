"""What can be checked here of the deployment (no Docker engine on these machines): the compose files, the image.

Both compose files parse, run the bot and PostgreSQL with health checks, start the bot only once PostgreSQL is
healthy and `dondoc migrate` has finished, and run the same commands the reliability tests run (relproc.dondoc);
the image installs from the lock; the systemd units run the same two commands.
"""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]


def _relproc() -> Any:
    spec = importlib.util.spec_from_file_location("relproc_for_deploy", REPO / "tests" / "reliability" / "relproc.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _compose(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((REPO / name).read_text(encoding="utf-8"))
    return data["services"]  # type: ignore[no-any-return]


def test_the_commands_are_the_entry_point_the_tests_run() -> None:
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    relproc = _relproc()
    assert scripts == {relproc.DONDOC: "bot.cli:main"}
    assert Path(relproc.dondoc("run")[0]).name == "dondoc" and relproc.dondoc("run")[1:] == ["run"]
    dockerfile = (REPO / "Dockerfile").read_text(encoding="utf-8")
    assert 'CMD ["dondoc", "run"]' in dockerfile
    assert "pip install --require-hashes -r /tmp/run.txt" in dockerfile and "requirements/run.txt" in dockerfile


@pytest.mark.parametrize("name", ["compose.yaml", "compose.webhook.yaml"])
def test_compose_runs_the_bot_after_a_healthy_postgres_and_a_migration(name: str) -> None:
    services = _compose(name)
    postgres = services["postgres"]
    assert postgres["image"].startswith("postgres:")
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    assert services["migrate"]["command"] == ["dondoc", "migrate"] and services["migrate"]["build"] == "."
    bots = [s for key, s in services.items() if key.startswith("bot")]
    assert bots, "no bot service"
    for bot in bots:
        assert bot["command"] == ["dondoc", "run"] and bot["image"] == services["migrate"]["image"]
        assert bot["build"] == "."
        assert bot["depends_on"] == {"postgres": {"condition": "service_healthy"},
                                     "migrate": {"condition": "service_completed_successfully"}}
        env = bot["environment"]
        assert env["DONDOC_DATABASE_URL"].startswith("postgresql+psycopg://") and "@postgres/" in env["DONDOC_DATABASE_URL"]
        assert env["DONDOC_TOKEN"].startswith("${DONDOC_TOKEN:?"), "the token comes from .env, never the file"
    assert len({bot["environment"]["DONDOC_INSTANCE_ID"] for bot in bots}) == len(bots)


def test_the_webhook_variant_has_two_healthy_instances_behind_the_proxy() -> None:
    services = _compose("compose.webhook.yaml")
    bots = {key: s for key, s in services.items() if key.startswith("bot")}
    assert len(bots) == 2
    for bot in bots.values():
        assert "/healthz" in " ".join(bot["healthcheck"]["test"])
        assert bot["environment"]["DONDOC_WEBHOOK_URL"].startswith("${")
        assert bot["environment"]["DONDOC_WEBHOOK_SECRET"].startswith("${")
    proxy = services["proxy"]
    assert proxy["depends_on"] == {key: {"condition": "service_healthy"} for key in bots}
    nginx = (REPO / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    upstream = re.search(r"upstream dondoc \{(.*?)\}", nginx, flags=re.DOTALL)
    assert upstream is not None
    assert sorted(re.findall(r"server (\w+):8443", upstream.group(1))) == sorted(bots)
    assert "location = /tg" in nginx


@pytest.mark.parametrize("unit", ["dondoc.service", "dondoc@.service"])
def test_the_systemd_units_migrate_then_run(unit: str) -> None:
    lines = (REPO / "deploy" / unit).read_text(encoding="utf-8").splitlines()
    assert "ExecStartPre=/opt/dondoc/.venv/bin/dondoc migrate" in lines
    assert "ExecStart=/opt/dondoc/.venv/bin/dondoc run" in lines
    assert "EnvironmentFile=/etc/dondoc.env" in lines and not any(line.startswith("Environment=DONDOC_TOKEN")
                                                                  for line in lines)
