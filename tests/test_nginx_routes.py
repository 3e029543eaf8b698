"""nginx (infra/nginx.conf) hands every path graph-api answers to graph-api, and keeps the
internal ones to itself: a route added to the app without a location in nginx would answer in
development and be the web app's index.html in production."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from starlette.routing import Mount, Route

from graph_api.app import create_app
from graph_api.settings import Settings

NGINX_CONF = Path(__file__).resolve().parents[1] / "infra" / "nginx.conf"
#: Answered by nginx itself: the web app's files and the single-page fallback.
STATIC_LOCATIONS = {"/", "/assets/"}
#: Never passed on: metrics are for Prometheus on the inside network.
KEPT_INSIDE = {"/metrics"}


def _locations() -> list[tuple[str, str, str]]:
    """(modifier, pattern, body) of every location block."""
    conf = NGINX_CONF.read_text(encoding="utf-8")
    return [
        (modifier or "", pattern, body)
        for modifier, pattern, body in re.findall(r"location\s+(=|\^~|~\*?)?\s*(\S+)\s*\{([^}]*)\}", conf)
    ]


def _location_for(path: str) -> tuple[str, str, str] | None:
    """The block nginx picks for `path`: exact, then the longest prefix (^~ stops there), then regexes."""
    locations = _locations()
    for modifier, pattern, body in locations:
        if modifier == "=" and pattern == path:
            return modifier, pattern, body
    prefixes = [loc for loc in locations if loc[0] in ("", "^~") and path.startswith(loc[1])]
    longest = max(prefixes, key=lambda loc: len(loc[1]), default=None)
    if longest is not None and longest[0] == "^~":
        return longest
    for modifier, pattern, body in locations:
        if modifier.startswith("~") and re.search(pattern, path, re.IGNORECASE if modifier == "~*" else 0):
            return modifier, pattern, body
    return longest


def _sample_paths() -> list[str]:
    app = create_app(Settings(_env_file=None))  # routes only: the lifespan (and a store) never runs
    paths: list[str] = []
    for route in app.routes:
        if isinstance(route, Route):
            paths.append(re.sub(r"\{[^}]+\}", "x1", route.path))
        elif isinstance(route, Mount) and route.path:
            paths.append(route.path + "/x1")
    return paths


@pytest.mark.parametrize("path", _sample_paths())
def test_nginx_passes_every_graph_api_path_to_graph_api(path: str) -> None:
    location = _location_for(path)
    assert location is not None, f"no nginx location for {path}"
    modifier, pattern, body = location
    if path in KEPT_INSIDE or path.startswith(tuple(p + "/" for p in KEPT_INSIDE)):
        assert "return 404" in body, f"{path} must stay inside"
    else:
        assert pattern not in STATIC_LOCATIONS and "proxy_pass http://graph_api" in body, (
            f"{path} reaches nginx's location {modifier} {pattern}, not graph-api"
        )


def test_nginx_hands_on_the_callers_request_id_or_its_own() -> None:
    conf = NGINX_CONF.read_text(encoding="utf-8")
    mapping = re.search(r"map\s+\$http_x_request_id\s+\$(\w+)\s*\{([^}]*)\}", conf)
    assert mapping, "no map from the caller's X-Request-ID"
    assert re.search(r'""\s+\$request_id;', mapping.group(2)), "no id of nginx's own when the caller sent none"
    assert f"proxy_set_header X-Request-ID ${mapping.group(1)};" in conf
