"""The shape of a log line: one JSON object with fixed leading fields (or a readable line for
development), the same in graph-api and the recommender, chosen by the settings."""

from __future__ import annotations

import json
import logging
import sys

import pytest
from pydantic import ValidationError

import graph_api.logs as api_logs
import recommender.logs as recommender_logs
from graph_api.settings import Settings
from recommender.settings import Settings as RecommenderSettings


def record(message: str = "Started x", exc_info: object = None) -> logging.LogRecord:
    """A standard library's record, as uvicorn would write one."""
    return logging.LogRecord("uvicorn.error", logging.INFO, "server.py", 1, message, (), exc_info)  # type: ignore[arg-type]


@pytest.mark.parametrize(("module", "service"), [(api_logs, "graph-api"), (recommender_logs, "recommender")])
def test_a_library_line_is_one_json_object_with_the_request_id(module: object, service: str) -> None:
    with module.bind_request_id("req-1"):  # type: ignore[attr-defined]
        line = module.log_formatter("json").format(record())  # type: ignore[attr-defined]
    assert "\n" not in line
    parsed = json.loads(line)
    assert list(parsed)[:6] == ["time", "level", "service", "logger", "event", "request_id"]
    assert parsed | {"time": ""} == {
        "time": "", "level": "info", "service": service, "logger": "uvicorn.error", "event": "Started x", "request_id": "req-1",
    }


def test_a_traceback_is_one_string_without_local_variables() -> None:
    def fail(password: str) -> None:
        raise ValueError("bad value")

    secret = "-".join(("a", "local", "that", "must", "not", "show"))  # not in the source a traceback quotes
    try:
        fail(secret)
    except ValueError:
        line = api_logs.log_formatter("json").format(record("failed", exc_info=sys.exc_info()))
    parsed = json.loads(line)
    assert "ValueError: bad value" in parsed["exception"] and secret not in line


def test_the_console_format_is_a_readable_line_starting_with_the_time() -> None:
    with api_logs.bind_request_id("req-2"):
        line = api_logs.log_formatter("console").format(record())
    assert line[:4].isdigit() and "[info" in line and "Started x" in line and "request_id=req-2" in line
    with pytest.raises(json.JSONDecodeError):
        json.loads(line)


@pytest.mark.parametrize("value", ["abc", "a" * 128, "trace:1.2_3-x", "", "a" * 129, "a b", "a/b", "é", "a\nb"])
def test_both_services_take_the_same_request_ids(value: str) -> None:
    assert api_logs.sane_request_id(value) == recommender_logs.sane_request_id(value)
    assert (api_logs.sane_request_id(value) == value) == (0 < len(value) <= 128 and value.isascii() and all(
        c.isalnum() or c in "._:-" for c in value))


def test_the_format_and_level_are_settings() -> None:
    assert Settings(KINDRED_LOG_FORMAT="console", KINDRED_LOG_LEVEL="DEBUG").log_format == "console"
    assert Settings().log_format == "json" and Settings().log_level == "info"
    with pytest.raises(ValidationError):
        Settings(KINDRED_LOG_FORMAT="xml")
    with pytest.raises(ValidationError):
        Settings(KINDRED_LOG_LEVEL="loud")


def test_the_recommender_follows_kindred_log_format_unless_told_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KINDRED_LOG_FORMAT", "console")
    assert RecommenderSettings().log_format == "console"
    monkeypatch.setenv("RECOMMENDER_LOG_FORMAT", "json")
    assert RecommenderSettings().log_format == "json"


def test_a_console_traceback_shows_no_local_variables_either() -> None:
    def fail(password: str) -> None:
        raise ValueError("bad value")

    secret = "-".join(("another", "local", "never", "shown"))
    try:
        fail(secret)
    except ValueError:
        line = api_logs.log_formatter("console").format(record("failed", exc_info=sys.exc_info()))
    assert "ValueError: bad value" in line and secret not in line


def test_uvicorns_coloured_copy_of_a_message_is_left_out() -> None:
    colourful = record("Uvicorn running")
    colourful.color_message = "Uvicorn running \x1b[1m"
    assert "color_message" not in api_logs.log_formatter("json").format(colourful)
