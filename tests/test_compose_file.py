"""docker-compose.yml is a valid Compose file and wires the production stack as intended.

The schema is the official Compose Specification JSON schema, vendored at
infra/compose-spec.schema.json (where it came from: infra/README.md).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
COMPOSE_FILE = REPO_ROOT / "docker-compose.yml"
SCHEMA_FILE = REPO_ROOT / "infra" / "compose-spec.schema.json"
NGINX_CONF = REPO_ROOT / "infra" / "nginx.conf"


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    # The schema declares draft-07 (spelled in a way jsonschema does not look up).
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def _environment(service: dict) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):  # the ["KEY=value", ...] form
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {key: "" if value is None else str(value) for key, value in env.items()}


def _referenced_paths(compose: dict) -> list[tuple[str, Path]]:
    """(what, path) for every local file or directory the compose file needs to exist."""
    found: list[tuple[str, Path]] = []
    for name, service in compose["services"].items():
        build = service.get("build")
        if build is not None:
            if isinstance(build, str):
                build = {"context": build}
            context = REPO_ROOT / build.get("context", ".")
            found.append((f"{name}: build context", context))
            found.append((f"{name}: Dockerfile", context / build.get("dockerfile", "Dockerfile")))
        env_files = service.get("env_file") or []
        for env_file in [env_files] if isinstance(env_files, str) else env_files:
            path = env_file if isinstance(env_file, str) else env_file["path"]
            if isinstance(env_file, str) or env_file.get("required", True):
                found.append((f"{name}: env_file", REPO_ROOT / path))
        for volume in service.get("volumes") or []:
            if isinstance(volume, str):
                source = volume.split(":", 1)[0]
                if source.startswith((".", "/", "~")):
                    found.append((f"{name}: bind mount", REPO_ROOT / source))
            elif volume.get("type") == "bind" and not volume.get("bind", {}).get("create_host_path", False):
                # A source marked create_host_path is an output (e.g. a build) compose creates.
                found.append((f"{name}: bind mount", REPO_ROOT / volume["source"]))
    for kind in ("configs", "secrets"):
        for name, item in (compose.get(kind) or {}).items():
            if "file" in item:
                found.append((f"{kind}.{name}", REPO_ROOT / item["file"]))
    return found


def test_compose_file_matches_the_compose_specification_schema(compose, validator):
    errors = sorted(validator.iter_errors(compose), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(
        f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}" for e in errors
    )


def test_schema_rejects_an_unknown_service_key(compose, validator):
    broken = {**compose, "services": {**compose["services"], "typo": {"imagee": "nginx:1.27-alpine"}}}
    assert not validator.is_valid(broken)


def test_neo4j_image_is_neo4j_5(compose):
    image = compose["services"]["neo4j"]["image"]
    assert re.fullmatch(r"neo4j:5\.\d+(\.\d+)?(-(community|enterprise))?", image), image


def test_graph_api_has_a_healthcheck(compose):
    healthcheck = compose["services"]["graph-api"].get("healthcheck") or {}
    assert healthcheck.get("test") and not healthcheck.get("disable", False), healthcheck
    assert "/readyz" in " ".join(healthcheck["test"] if isinstance(healthcheck["test"], list) else [healthcheck["test"]])


def test_graph_api_graph_url_is_a_bolt_or_neo4j_url(compose):
    graph_url = _environment(compose["services"]["graph-api"]).get("GRAPH_URL", "")
    assert graph_url.startswith(("bolt://", "neo4j://")), graph_url


def test_graph_api_waits_for_a_healthy_neo4j(compose):
    depends_on = compose["services"]["graph-api"].get("depends_on") or {}
    assert isinstance(depends_on, dict), depends_on
    assert depends_on.get("neo4j", {}).get("condition") == "service_healthy", depends_on


def test_every_file_the_compose_file_references_exists(compose):
    paths = _referenced_paths(compose)
    assert any(what.endswith("Dockerfile") for what, _ in paths), "no Dockerfile found in the compose file"
    missing = [f"{what}: {path.relative_to(REPO_ROOT)}" for what, path in paths if not path.exists()]
    assert not missing, "missing files referenced by docker-compose.yml:\n" + "\n".join(missing)


def test_nginx_proxies_the_api_paths_to_graph_api():
    conf = NGINX_CONF.read_text(encoding="utf-8")
    assert re.search(r"server\s+graph-api:8000\s*;", conf), "nginx has no graph-api:8000 upstream"
    for path in ("/graphql", "/healthz", "/readyz"):
        block = re.search(r"location\s+(?:=\s+)?" + re.escape(path) + r"\s*\{([^}]*)\}", conf)
        assert block and "proxy_pass" in block.group(1), f"{path} is not proxied"


def test_nginx_proxies_the_recommender_and_the_web_apps_configuration():
    conf = NGINX_CONF.read_text(encoding="utf-8")
    assert re.search(r"server\s+recommender:8001\s*;", conf), "nginx has no recommender:8001 upstream"
    recommender = re.search(r"location\s+=\s+/recommender/graphql\s*\{([^}]*)\}", conf)
    assert recommender and "proxy_pass http://recommender/graphql;" in recommender.group(1)
    config = re.search(r"location\s+=\s+/config\.js\s*\{([^}]*)\}", conf)
    assert config and "proxy_pass http://graph_api;" in config.group(1)


def test_the_web_app_reaches_the_recommender_through_nginx(compose):
    assert compose["services"]["graph-api"]["environment"]["KINDRED_RECOMMENDER_URL"] == "/recommender/graphql"


def _run_command(service: dict) -> str:
    """What a scheduled service runs each day (infra/every-day.sh's second argument)."""
    return " ".join(service["command"][1:])


def test_the_daily_runs_are_scheduled_by_a_loop_in_their_own_containers(compose):
    services = compose["services"]
    runs = {name: service for name, service in services.items() if "every-day.sh" in " ".join(service.get("entrypoint") or [])}
    assert "graph_api snapshot-kpis" in _run_command(runs["kpi-snapshot"])
    assert "recommender batch --kind purpose" in _run_command(runs["recommender-daily"])
    assert "graph_api backup " in _run_command(runs["backup"])
    for name, service in runs.items():
        assert re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", service["command"][0]), name
        assert service["depends_on"]["graph-api"]["condition"] == "service_healthy", name


def test_the_daily_loop_runs_its_command_at_the_time_and_goes_on_after_a_failure(tmp_path):
    import os
    import signal
    import subprocess
    import time
    from datetime import datetime, timedelta, timezone

    at = (datetime.now(timezone.utc) + timedelta(seconds=2)).strftime("%H:%M:%S")
    ran = tmp_path / "ran"
    loop = subprocess.Popen(
        ["sh", str(REPO_ROOT / "infra" / "every-day.sh"), at, f"touch {ran} && exit 3"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 10
        while not ran.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert ran.exists(), "the command did not run at its time"
        time.sleep(0.3)
        assert loop.poll() is None, "the loop ended after a failed run"
    finally:
        os.killpg(loop.pid, signal.SIGKILL)  # the loop and its sleep
        _, errors = loop.communicate(timeout=10)
    assert "the run failed (exit 3)" in errors


def test_backups_are_kept_thirty_days_in_the_volume_graph_api_owns(compose):
    backup = compose["services"]["backup"]
    assert "graph-api-data:/app/data" in backup["volumes"]
    assert "-mtime +30 -delete" in _run_command(backup)


def test_the_mailer_runs_the_outbox_worker(compose):
    assert compose["services"]["mailer"]["command"][-1] == "send-mail"


def test_every_service_has_cpu_and_memory_limits(compose):
    for name, service in compose["services"].items():
        limits = (service.get("deploy") or {}).get("resources", {}).get("limits", {})
        assert {"cpus", "memory"} <= limits.keys(), name
