"""A pytest plugin (its hooks imported by tests/conftest.py): the logs of a test run, kept and checked for
secrets.

Every server a test starts writes its lines where an operator's would go, as JSON through
graph-api's own logging set-up: the servers in this process (ServedApp, LiveServer) each to
test-output/logs/<name>-<port>.jsonl, everything this process logs (the workers the tests run in
it too) to test-output/logs/pytest.jsonl, and the servers and commands run as child processes
to a file of their own there (`child_log`).

The shared helpers tell `remember` every password, token and secret they create or receive
(tests/api/conftest.py's GraphQLClient reads them out of every variable and answer). At the end
of the session every log file is searched for each of them; a find fails the run, naming the file
and the kind of secret, never the secret.
"""

from __future__ import annotations

import logging
import re
import shutil
import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import pytest

from graph_api.logs import configure_logging, log_formatter

LOG_DIR = Path(__file__).resolve().parents[1] / "test-output" / "logs"
#: Shorter values (a handle, a word) would match by chance; no secret of ours is this short.
MIN_LENGTH = 8
#: GraphQL keys (in variables and answers) whose string values are secrets, and what each is.
SECRET_KEYS = {
    "password": "password",
    "currentPassword": "password",
    "newPassword": "password",
    "accessToken": "access token",
    "refreshToken": "refresh token",
    "secret": "webhook secret",
}
#: Keys named `token` are secrets of the kind of their operation.
TOKEN_KINDS = {
    "createApiToken": "API token",
    "inviteMember": "invitation token",
    "renewInvitation": "invitation token",
    "acceptInvite": "invitation token",
    "createPasswordResetLink": "password reset token",
    "resetPassword": "password reset token",
}
_TOKEN_IN_TEXT = re.compile(r"[?&]token=([^&\s\"'<>#]+)")
_FEED_TOKEN = re.compile(r"/calendar/([^/?\s\"]+)\.ics")
_TOKENISH = re.compile(r"[A-Za-z0-9._~+/=%-]{" + str(MIN_LENGTH) + ",}")

_secrets: dict[str, str] = {}
_lock = threading.Lock()


def remember(kind: str, value: object) -> None:
    """Note a secret the tests created or received: no log line may ever hold it."""
    if not isinstance(value, str) or len(value) < MIN_LENGTH:
        return
    with _lock:
        _secrets.setdefault(value, kind)
        if (encoded := quote(value, safe="")) != value:
            _secrets.setdefault(encoded, kind)


def remember_links(kind: str, text: object) -> None:
    """The tokens in the links of `text` (`?token=` in unsubscribe, invitation and calendar
    download links; the token in a calendar subscription's path)."""
    if not isinstance(text, str):
        return
    for token in _TOKEN_IN_TEXT.findall(text):
        remember(kind, unquote(token))
    for token in _FEED_TOKEN.findall(text):
        remember("calendar feed token", unquote(token))


def remember_in(payload: object, operation: str = "") -> None:
    """Every secret in a GraphQL request's variables or in its answer."""
    if isinstance(payload, Mapping):
        for key, value in payload.items():
            top = operation or (key if isinstance(key, str) else "")
            if key in SECRET_KEYS:
                remember(SECRET_KEYS[key], value)
            elif key == "token":
                remember(TOKEN_KINDS.get(top, f"token of {top}"), value)
            elif key in ("link", "calendarUrl", "startCalendarFeed"):
                remember_links("link token", value)
            remember_in(value, top)
    elif isinstance(payload, list):
        for item in payload:
            remember_in(item, operation)


def secrets() -> dict[str, str]:
    with _lock:
        return dict(_secrets)


def leaks(text: str, watched: Mapping[str, str]) -> set[str]:
    """The kinds of the `watched` secrets that occur in `text`.

    Token-like secrets are found through their first characters (one pass over the text);
    the few others (passwords with spaces) by plain search.
    """
    found: set[str] = set()
    by_prefix: dict[str, list[str]] = defaultdict(list)
    for value, kind in watched.items():
        if _TOKENISH.fullmatch(value):
            by_prefix[value[:MIN_LENGTH]].append(value)
        elif value in text:
            found.add(kind)
    if not by_prefix:
        return found
    for match in _TOKENISH.finditer(text):
        run = match.group()
        for start in range(len(run) - MIN_LENGTH + 1):
            for value in by_prefix.get(run[start : start + MIN_LENGTH], ()):
                if run.startswith(value, start):
                    found.add(watched[value])
    return found


def leaks_in_files(files: Iterable[Path], watched: Mapping[str, str]) -> dict[Path, set[str]]:
    report: dict[Path, set[str]] = {}
    for path in files:
        kinds = leaks(path.read_text(errors="replace"), watched)
        if kinds:
            report[path] = kinds
    return report


def log_files() -> list[Path]:
    return sorted(path for path in LOG_DIR.glob("*") if path.is_file())


def _file_handler(path: Path) -> logging.FileHandler:
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(log_formatter("json"))
    return handler


def server_log(name: str, thread: threading.Thread) -> tuple[Path, logging.Handler]:
    """A file for what `thread` (a server's) logs, and its handler (on the root logger until removed)."""
    path = LOG_DIR / f"{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}.jsonl"
    handler = _file_handler(path)
    handler.addFilter(lambda record: record.thread == thread.ident)
    logging.getLogger().addHandler(handler)
    return path, handler


def child_log(name: str) -> Path:
    """A file for a child process's output (a server or a command the tests run)."""
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    with _lock:
        serial = len(list(LOG_DIR.glob(f"{name}-*.log"))) + 1
        path = LOG_DIR / f"{name}-{serial}.log"
        path.touch()
    return path


def pytest_configure(config: pytest.Config) -> None:
    shutil.rmtree(LOG_DIR, ignore_errors=True)
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    # graph-api's own set-up (structlog, the bridge, uvicorn's loggers), writing nowhere but the files.
    configure_logging("info", "json", handler=logging.NullHandler())
    logging.getLogger().addHandler(_file_handler(LOG_DIR / "pytest.jsonl"))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    for handler in logging.getLogger().handlers:
        handler.flush()
    report = leaks_in_files(log_files(), secrets())
    if not report:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    lines = [f"{path.relative_to(LOG_DIR.parent.parent)}: {', '.join(sorted(kinds))}" for path, kinds in report.items()]
    message = "secrets the tests used were found in the logs:\n  " + "\n  ".join(lines)
    if reporter is not None:
        reporter.write_sep("=", "secrets in the logs", red=True)
        reporter.write_line(message)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED


def remember_response(body: Any, variables: Mapping[str, Any] | None, token: str | None) -> None:
    """What GraphQLClient sent and got: its variables, its answer and its bearer token."""
    remember("access or API token", token)
    remember_in(dict(variables or {}), "variables")
    remember_in(body.get("data") if isinstance(body, Mapping) else None)
