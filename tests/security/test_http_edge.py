"""Attacks on graph-api's HTTP edge, over real HTTP: oversized and streamed bodies, anonymous
uploads, malformed requests of every kind, a database outage during the token check, and the
security headers and production switches. Each refusal has its code and an HTTP 4xx/503, never 500."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import socket
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import jwt
import pytest

from graph_api.accounts.service import JWT_AUDIENCE
from graph_api.app import create_app
from graph_api.store import GraphStore
from graph_api.web.body_limit import MULTIPART_ALLOWANCE
from graph_api.store.falkordb_driver import FalkorDBDriver
from graph_api.store.repository import GraphRepository
from tests.api.conftest import GraphQLClient
from tests.conftest import DEFAULT_PASSWORD_COST, JWT_SECRET, LiveServer, ServedApp, TestDatabase
from tests.security.conftest import assert_cheap

ROOT = Path(__file__).resolve().parents[2]
IMPORT = "mutation($file: Upload!, $format: ImportFormat!) { importMembers(file: $file, format: $format) { created } }"
HEADLINE = "mutation($h: String) { updateMyProfile(input: {headline: $h}) { headline } }"
BOUNDARY = "kindred-edge-test"


# --- helpers -----------------------------------------------------------------------------------


def code_of(response: httpx.Response) -> str:
    return response.json()["errors"][0]["extensions"]["code"]


async def raw_exchange(url: str, head: str, body: bytes = b"") -> tuple[int, dict[str, str], bytes]:
    """Send a request head and (part of) a body on a plain socket; read one response."""
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    try:
        writer.write(head.encode("latin-1") + body)
        await writer.drain()
        status_line = await asyncio.wait_for(reader.readline(), timeout=30)
        headers: dict[str, str] = {}
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        content = await reader.readexactly(int(headers.get("content-length", "0")))
        return int(status_line.split()[1]), headers, content
    finally:
        writer.close()


def post_head(
    url: str, content_type: str, *, length: int | None = None, token: str | None = None, chunked: bool = False
) -> str:
    lines = [f"POST /graphql HTTP/1.1", f"Host: {urlsplit(url).netloc}", f"Content-Type: {content_type}"]
    if length is not None:
        lines.append(f"Content-Length: {length}")
    if chunked:
        lines.append("Transfer-Encoding: chunked")
    if token:
        lines.append(f"Authorization: Bearer {token}")
    return "\r\n".join(lines) + "\r\n\r\n"


def multipart_body(operations: Any, files_map: Any, file_bytes: bytes = b"handle,name\n") -> bytes:
    def part(name: str, value: bytes, filename: str | None = None) -> bytes:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        return f"--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\n\r\n".encode() + value + b"\r\n"

    return (
        part("operations", json.dumps(operations).encode())
        + part("map", json.dumps(files_map).encode())
        + part("0", file_bytes, "members.csv")
        + f"--{BOUNDARY}--\r\n".encode()
    )


MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"
IMPORT_OPERATIONS = {"query": IMPORT, "variables": {"file": None, "format": "CSV"}}
IMPORT_MAP = {"0": ["variables.file"]}


async def upload(client: GraphQLClient, content: bytes, fmt: str = "CSV") -> httpx.Response:
    operations = {"query": IMPORT, "variables": {"file": None, "format": fmt}}
    return await client.http.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps(IMPORT_MAP)},
        files={"0": ("members.csv", content, "text/plain")},
        headers={"Authorization": f"Bearer {client.token}"} if client.token else {},
    )


def open_temp_files() -> int:
    """Files under the temp folder this process holds open (the served app runs in it)."""
    temp = tempfile.gettempdir()
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):
            count += os.readlink(f"/proc/self/fd/{fd}").startswith(temp)
    return count


@contextlib.contextmanager
def serving(app_or_settings: Any) -> Iterator[str]:
    with LiveServer(app_or_settings) if not isinstance(app_or_settings, ServedApp) else app_or_settings as server:
        yield server.url


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # closed when the probe is: nothing listens there


# --- body-size limits ------------------------------------------------------------------------------


async def test_a_json_body_declared_larger_than_the_limit_is_refused_before_it_is_read(
    http: httpx.AsyncClient, live_server: LiveServer
) -> None:
    # 50 MB announced, 1 KB sent: the answer comes without waiting for the rest.
    head = post_head(live_server.url, "application/json", length=50_000_000)
    status, _, body = await raw_exchange(live_server.url, head, b"{" + b" " * 1023)
    assert status == 413
    assert json.loads(body)["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


async def test_a_json_body_one_byte_over_the_limit_is_refused(http: httpx.AsyncClient, nothing_written: Any) -> None:
    limit = 1_000_000
    prefix = b'{"query": "{ __typename }", "variables": {"pad": "'
    body = prefix + b"x" * (limit - len(prefix) - 3) + b'"}}'
    assert len(body) == limit
    async with nothing_written():
        accepted = await http.post("/graphql", content=body, headers={"content-type": "application/json"})
        refused = await http.post("/graphql", content=body + b" ", headers={"content-type": "application/json"})
    assert accepted.status_code == 200 and accepted.json()["data"] == {"__typename": "Query"}
    assert refused.status_code == 413 and code_of(refused) == "PAYLOAD_TOO_LARGE"
    assert "1,000,000 bytes" in refused.json()["errors"][0]["message"]


async def test_a_streamed_chunked_body_is_refused_once_it_passes_the_limit(
    http: httpx.AsyncClient, live_server: LiveServer
) -> None:
    def framed(data: bytes) -> bytes:
        return f"{len(data):x}\r\n".encode() + data + b"\r\n"

    async def attack() -> tuple[int, dict[str, str], bytes]:
        # 16 chunks of 64 KiB pass 1,000,000 bytes; no Content-Length tells the server in advance.
        head = post_head(live_server.url, "application/json", chunked=True)
        body = framed(b'{"query":"{ __typename }","x":"') + framed(b" " * 65_536) * 16
        return await raw_exchange(live_server.url, head, body)

    status, _, body = await attack()
    assert status == 413
    assert json.loads(body)["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    await assert_cheap(http, attack, ratio=200)


# --- uploads ----------------------------------------------------------------------------------------


async def test_an_anonymous_upload_is_refused_before_its_body_is_read(
    http: httpx.AsyncClient, live_server: LiveServer
) -> None:
    before = open_temp_files()
    head = post_head(live_server.url, MULTIPART, length=500_000_000)
    first_kilobyte = multipart_body(IMPORT_OPERATIONS, IMPORT_MAP)[:1024]
    status, headers, body = await raw_exchange(live_server.url, head, first_kilobyte)
    assert status == 401
    assert headers["www-authenticate"] == "Bearer"
    assert json.loads(body)["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert open_temp_files() == before


async def test_an_upload_with_an_invalid_token_is_refused_before_its_body_is_read(
    http: httpx.AsyncClient, live_server: LiveServer
) -> None:
    head = post_head(live_server.url, MULTIPART, length=500_000_000, token="not-a-token")
    status, _, body = await raw_exchange(live_server.url, head, b"--" + BOUNDARY.encode())
    assert status == 401
    assert json.loads(body)["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_member_upload_declared_larger_than_the_upload_limit_is_refused(
    member: GraphQLClient, live_server: LiveServer
) -> None:
    head = post_head(live_server.url, MULTIPART, length=6_000_000, token=member.token)
    status, _, body = await raw_exchange(live_server.url, head, b"--" + BOUNDARY.encode())
    assert status == 413
    assert json.loads(body)["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


async def test_a_streamed_upload_past_the_upload_limit_is_refused_and_its_temp_file_closed(
    organiser: GraphQLClient, live_server: LiveServer
) -> None:
    before = open_temp_files()
    # Just past the limit, so the server has read every byte it was sent when it answers.
    envelope = len(multipart_body(IMPORT_OPERATIONS, IMPORT_MAP, b""))
    whole = multipart_body(IMPORT_OPERATIONS, IMPORT_MAP, b"x" * (5_000_000 + MULTIPART_ALLOWANCE + 1_000 - envelope))
    chunks = [whole[i : i + 65_536] for i in range(0, len(whole), 65_536)]
    framed = b"".join(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n" for chunk in chunks) + b"0\r\n\r\n"
    head = post_head(live_server.url, MULTIPART, chunked=True, token=organiser.token)
    status, _, body = await raw_exchange(live_server.url, head, framed)
    assert status == 413
    assert json.loads(body)["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    assert open_temp_files() <= before


async def test_a_file_over_the_import_limit_inside_the_upload_allowance_is_bad_input(
    organiser: GraphQLClient, nothing_written: Any
) -> None:
    async with nothing_written():
        response = await upload(organiser, b"x" * 5_000_001)
    assert response.status_code == 200
    error = response.json()["errors"][0]
    request_id = response.headers["x-request-id"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "file", "requestId": request_id}
    assert "5,000,000 bytes" in error["message"]


async def test_an_upload_of_the_full_import_limit_passes_the_body_limit(organiser: GraphQLClient) -> None:
    # 5,000,000 bytes of a file that is not JSON: it reaches the importer, which explains.
    response = await upload(organiser, b"x" * 5_000_000, "JSON")
    assert response.status_code == 200
    assert code_of(response) == "BAD_USER_INPUT"


async def test_the_temporary_files_of_an_upload_are_closed_after_the_reply(organiser: GraphQLClient) -> None:
    before = open_temp_files()
    response = await upload(organiser, b"x" * 2_000_000, "JSON")  # over 1 MB: spooled to a temp file
    assert code_of(response) == "BAD_USER_INPUT"
    for _ in range(100):  # the file is closed just after the reply is sent
        if open_temp_files() <= before:
            break
        await asyncio.sleep(0.02)
    assert open_temp_files() <= before


@pytest.mark.parametrize(
    ("operations", "files_map", "code"),
    [
        ("a string", IMPORT_MAP, "BAD_REQUEST"),
        ([IMPORT_OPERATIONS, IMPORT_OPERATIONS], IMPORT_MAP, "BATCHING_NOT_SUPPORTED"),
        (IMPORT_OPERATIONS, ["variables.file"], "BAD_REQUEST"),
        (IMPORT_OPERATIONS, {"0": ["variables.nowhere.file"]}, "BAD_REQUEST"),
        (IMPORT_OPERATIONS, {"7": ["variables.file"]}, "BAD_REQUEST"),
        ({"query": IMPORT, "variables": None}, IMPORT_MAP, "BAD_REQUEST"),
        ({"query": IMPORT + "\u0000", "variables": {"file": None, "format": "CSV"}}, IMPORT_MAP, "BAD_USER_INPUT"),
    ],
)
async def test_a_malformed_multipart_upload_is_refused_with_its_code(
    organiser: GraphQLClient, nothing_written: Any, operations: Any, files_map: Any, code: str
) -> None:
    async with nothing_written():
        response = await organiser.http.post(
            "/graphql",
            content=multipart_body(operations, files_map),
            headers={"content-type": MULTIPART, "authorization": f"Bearer {organiser.token}"},
        )
    assert response.status_code == 400, response.text
    assert code_of(response) == code


async def test_an_upload_sent_as_a_plain_string_variable_is_bad_input(organiser: GraphQLClient) -> None:
    response = await organiser.http.post(
        "/graphql",
        json={"query": IMPORT, "variables": {"file": "members.csv", "format": "CSV"}},
        headers={"authorization": f"Bearer {organiser.token}"},
    )
    assert response.status_code == 200
    assert code_of(response) == "BAD_USER_INPUT"


# --- a database outage during the token check --------------------------------------------------------


@pytest.fixture
def dead_database_url(falkordb_database: TestDatabase) -> Iterator[str]:
    """graph-api whose store points at a port where nothing listens."""
    driver = FalkorDBDriver("127.0.0.1", closed_port(), password=None, graph_name="kindred_test", timeout=2)
    store = GraphStore(driver=driver, repository=GraphRepository(driver))
    app = create_app(falkordb_database.settings(), store=store)
    with serving(ServedApp(app, "graph-api without a database")) as url:
        yield url


def member_access_token() -> str:
    """A well-signed access token: checking it needs the database (does its session still exist?)."""
    now = int(time.time())
    claims = {"sub": "member-1", "sid": "session-1", "aud": JWT_AUDIENCE, "iat": now, "exp": now + 600}
    return jwt.encode(claims, JWT_SECRET, algorithm="HS256")


@pytest.mark.parametrize("token", ["kt.token.secret", "member access token"])
async def test_a_database_outage_during_the_token_check_answers_database_unavailable(
    dead_database_url: str, token: str
) -> None:
    token = member_access_token() if token == "member access token" else token
    async with httpx.AsyncClient(base_url=dead_database_url, timeout=30) as client:
        response = await client.post(
            "/graphql", json={"query": "{ viewer { handle } }"}, headers={"authorization": f"Bearer {token}"}
        )
    assert response.status_code == 503
    assert code_of(response) == "DATABASE_UNAVAILABLE"
    assert response.json()["errors"][0]["message"] == "the database is unavailable right now: try again shortly"
    assert response.headers["retry-after"]


async def test_a_database_outage_during_the_upload_gate_answers_database_unavailable(dead_database_url: str) -> None:
    head = post_head(dead_database_url, MULTIPART, length=5_000, token="kt.token.secret")
    status, _, body = await raw_exchange(dead_database_url, head, b"--" + BOUNDARY.encode())
    assert status == 503
    assert json.loads(body)["errors"][0]["extensions"]["code"] == "DATABASE_UNAVAILABLE"


# --- malformed requests -------------------------------------------------------------------------------


async def test_a_body_that_is_not_utf8_is_refused(http: httpx.AsyncClient) -> None:
    body = b'{"query": "{ __typename }", "variables": {"h": "\xff\xfe"}}'
    response = await http.post("/graphql", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert code_of(response) == "INVALID_ENCODING"


@pytest.mark.parametrize(
    "body",
    ['"{ __typename }"', "42", "null", "true", "{}", '{"query": 7}', '{"query": "{ __typename }", "variables": [1]}'],
)
async def test_a_json_body_that_is_not_one_operation_object_is_refused(http: httpx.AsyncClient, body: str) -> None:
    response = await http.post("/graphql", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert code_of(response) == "BAD_REQUEST"


@pytest.mark.parametrize("body", ["{ not json", "", '{"query": "{ __typename }"', "\ufeff{}"])
async def test_a_json_content_type_with_a_body_that_is_not_json_is_refused(http: httpx.AsyncClient, body: str) -> None:
    response = await http.post("/graphql", content=body.encode(), headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert code_of(response) == ("BAD_REQUEST" if body == "" else "INVALID_JSON")


@pytest.mark.parametrize("depth", [1_000, 5_000])
async def test_json_nested_deeply_is_refused_cheaply(http: httpx.AsyncClient, nothing_written: Any, depth: int) -> None:
    nested = "[" * depth + "]" * depth
    body = json.dumps({"query": HEADLINE, "variables": {"h": "NESTED"}}).replace('"NESTED"', nested)

    async def attack() -> httpx.Response:
        return await http.post("/graphql", content=body, headers={"content-type": "application/json"})

    async with nothing_written():
        response = await attack()
    assert response.status_code == 400
    assert code_of(response) == "JSON_TOO_DEEP"
    await assert_cheap(http, attack, ratio=50)


async def test_a_nul_character_in_the_query_is_refused(http: httpx.AsyncClient) -> None:
    response = await http.post("/graphql", json={"query": "{ __typename \u0000 }"})
    assert response.status_code == 400
    assert code_of(response) == "BAD_USER_INPUT"


async def test_a_nul_character_in_a_variable_is_refused_before_execution(
    member: GraphQLClient, nothing_written: Any
) -> None:
    async with nothing_written():
        response = await member.http.post(
            "/graphql",
            json={"query": HEADLINE, "variables": {"h": "Engine\u0000poet"}},
            headers={"authorization": f"Bearer {member.token}"},
        )
    assert response.status_code == 400
    assert code_of(response) == "BAD_USER_INPUT"
    # Nothing of the database's error text or of the statement's parameter names.
    assert response.json()["errors"][0]["message"] == "text may not contain the NUL character (U+0000)"


@pytest.mark.parametrize(
    "variables",
    [{"input": {"filter": {"name": "a\u0000"}}}, {"deep": [[["x\u0000"]]]}, {"key\u0000": "value"}],
)
async def test_a_nul_character_anywhere_in_the_variables_is_refused(http: httpx.AsyncClient, variables: dict) -> None:
    response = await http.post("/graphql", json={"query": "{ __typename }", "variables": variables})
    assert response.status_code == 400
    assert code_of(response) == "BAD_USER_INPUT"


async def test_a_nul_character_in_get_variables_is_refused(http: httpx.AsyncClient) -> None:
    params = {"query": "query($h: String) { __typename }", "variables": json.dumps({"h": "a\u0000b"})}
    response = await http.get("/graphql", params=params, headers={"accept": "application/json"})
    assert response.status_code == 400
    assert code_of(response) == "BAD_USER_INPUT"


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "application/graphql", "application/xml", None]
)
async def test_a_wrong_content_type_is_refused(http: httpx.AsyncClient, content_type: str | None) -> None:
    headers = {"content-type": content_type} if content_type else {}
    response = await http.post("/graphql", content=b'{"query": "{ __typename }"}', headers=headers)
    assert response.status_code == 415
    assert code_of(response) == "UNSUPPORTED_MEDIA_TYPE"


async def test_a_mutation_sent_with_get_is_refused(member: GraphQLClient, nothing_written: Any) -> None:
    params = {"query": 'mutation { updateMyProfile(input: {headline: "by GET"}) { headline } }'}
    async with nothing_written():
        response = await member.http.get(
            "/graphql", params=params, headers={"accept": "application/json", "authorization": f"Bearer {member.token}"}
        )
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert code_of(response) == "METHOD_NOT_ALLOWED"


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
async def test_a_method_other_than_get_or_post_is_refused(http: httpx.AsyncClient, method: str) -> None:
    response = await http.request(method, "/graphql", json={"query": "{ __typename }"})
    assert response.status_code == 405
    assert code_of(response) == "METHOD_NOT_ALLOWED"


async def test_a_batch_of_operations_is_refused(member: GraphQLClient, nothing_written: Any) -> None:
    batch = [{"query": HEADLINE, "variables": {"h": f"batched {i}"}} for i in range(3)]
    async with nothing_written():
        response = await member.http.post("/graphql", json=batch, headers={"authorization": f"Bearer {member.token}"})
    assert response.status_code == 400
    assert code_of(response) == "BATCHING_NOT_SUPPORTED"


async def test_a_get_without_a_query_is_refused(http: httpx.AsyncClient) -> None:
    response = await http.get("/graphql", headers={"accept": "application/json"})
    assert response.status_code == 400
    assert code_of(response) == "BAD_REQUEST"


@pytest.mark.parametrize("operation_name", ["Missing", 7])
async def test_an_operation_name_the_document_lacks_is_refused(http: httpx.AsyncClient, operation_name: object) -> None:
    body = {"query": "query A { __typename } query B { __typename }", "operationName": operation_name}
    response = await http.post("/graphql", json=body)
    assert response.status_code == 400
    assert code_of(response) == "BAD_REQUEST"


async def test_get_variables_that_are_not_json_are_refused(http: httpx.AsyncClient) -> None:
    params = {"query": "{ __typename }", "variables": "{nope"}
    response = await http.get("/graphql", params=params, headers={"accept": "application/json"})
    assert response.status_code == 400
    assert code_of(response) == "BAD_REQUEST"


# --- security headers and production mode ---------------------------------------------------------------


def policy(response: httpx.Response) -> dict[str, str]:
    directives = (part.strip().split(" ", 1) for part in response.headers["content-security-policy"].split(";"))
    return {name: value for name, value in directives}


def assert_security_headers(response: httpx.Response) -> None:
    csp = policy(response)
    assert csp["default-src"] == "'self'" and csp["script-src"] == "'self'"
    assert csp["object-src"] == "'none'" and csp["frame-ancestors"] == "'none'"
    assert csp["base-uri"] == "'self'" and csp["form-action"] == "'self'"
    assert csp["img-src"] == "'self' data:" and csp["style-src"] == "'self'"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["x-frame-options"] == "DENY"
    assert "camera=()" in response.headers["permissions-policy"]


@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("POST", "/graphql", {"json": {"query": "{ __typename }"}}),
        ("POST", "/graphql", {"content": b"nope", "headers": {"content-type": "text/plain"}}),
        ("GET", "/healthz", {}),
        ("GET", "/readyz", {}),
        ("GET", "/config.js", {}),
        ("GET", "/no-such-page", {}),
    ],
)
async def test_every_response_carries_the_security_headers(
    http: httpx.AsyncClient, method: str, path: str, kwargs: dict
) -> None:
    response = await http.request(method, path, **kwargs)
    assert_security_headers(response)
    assert "strict-transport-security" not in response.headers  # the public address is http


async def test_a_refused_oversized_body_carries_the_security_headers(http: httpx.AsyncClient) -> None:
    response = await http.post("/graphql", content=b"x" * 1_000_001, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert_security_headers(response)


async def test_the_policy_lets_the_app_reach_the_recommender_and_https_adds_hsts(
    falkordb_database: TestDatabase
) -> None:
    settings = falkordb_database.settings(
        KINDRED_RECOMMENDER_URL="https://recommender.example.org:8443/graphql",
        KINDRED_PUBLIC_URL="https://kindred.example.org",
    )
    with serving(settings) as url:
        async with httpx.AsyncClient(base_url=url) as client:
            response = await client.get("/healthz")
    assert policy(response)["connect-src"] == "'self' https://recommender.example.org:8443"
    assert response.headers["strict-transport-security"].startswith("max-age=")


async def test_graphiql_outside_production_has_its_own_looser_policy(http: httpx.AsyncClient) -> None:
    response = await http.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200 and "graphiql" in response.text.lower()
    csp = policy(response)
    assert "https://unpkg.com" in csp["script-src"] and "'sha256-" in csp["script-src"]
    assert "'unsafe-inline'" not in csp["script-src"]
    assert csp["frame-ancestors"] == "'none'" and csp["object-src"] == "'none'"
    assert response.headers["x-frame-options"] == "DENY"


async def test_graphiql_is_off_in_production(falkordb_database: TestDatabase) -> None:
    with serving(falkordb_database.settings(KINDRED_PRODUCTION=True, **DEFAULT_PASSWORD_COST)) as url:
        async with httpx.AsyncClient(base_url=url) as client:
            page = await client.get("/graphql", headers={"accept": "text/html"})
            query = await client.post("/graphql", json={"query": "{ __typename }"})
    assert page.status_code == 404
    assert "graphiql" not in page.text.lower()
    assert code_of(page) == "NOT_FOUND"
    assert query.json() == {"data": {"__typename": "Query"}}


async def test_an_answer_above_the_response_cap_is_replaced_by_a_refusal(
    falkordb_database: TestDatabase
) -> None:
    # The schema's types with their fields, twice: about 140 KB, above a 100 KB cap.
    types = "__schema { types { name description fields { name description args { name description } } } }"
    introspection = f"{{ a: {types} b: {types} }}"
    with serving(falkordb_database.settings(KINDRED_MAX_RESPONSE_BYTES=100_000)) as url:
        async with httpx.AsyncClient(base_url=url) as client:
            small = await client.post("/graphql", json={"query": "{ __typename }"})
            large = await client.post("/graphql", json={"query": introspection})
    assert small.json() == {"data": {"__typename": "Query"}}
    assert len(large.content) < 1000
    assert large.json()["data"] is None
    assert code_of(large) == "RESPONSE_TOO_LARGE"


def test_the_web_app_page_has_no_inline_script() -> None:
    for page in [ROOT / "frontend" / "index.html", ROOT / "frontend" / "dist" / "index.html"]:
        if not page.is_file():
            continue
        html = page.read_text()
        scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.DOTALL)
        assert scripts and all("src=" in attributes and not body.strip() for attributes, body in scripts), page
        assert not re.search(r"\son[a-z]+=", html), f"{page} has an inline event handler"
        assert "<style" not in html and "style=" not in html, f"{page} has an inline style"


# --- nginx -------------------------------------------------------------------------------------------------


NGINX = (ROOT / "infra" / "nginx.conf").read_text()


def test_nginx_accepts_a_body_above_the_import_limit() -> None:
    size = re.search(r"client_max_body_size\s+(\d+)([km]?)\s*;", NGINX)
    assert size, "nginx.conf sets no client_max_body_size"
    number, unit = int(size.group(1)), size.group(2)
    limit = number * {"": 1, "k": 1024, "m": 1024 * 1024}[unit]
    assert limit > 5_000_000 + 64 * 1024  # the import limit plus the multipart envelope


@pytest.mark.parametrize(
    "name",
    [
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "X-Frame-Options",
        "Permissions-Policy",
        "Strict-Transport-Security",
    ],
)
def test_nginx_sends_the_security_headers(name: str) -> None:
    assert re.search(rf"add_header\s+{name}\s+\S.*\balways\s*;", NGINX), f"nginx.conf does not add {name}"
