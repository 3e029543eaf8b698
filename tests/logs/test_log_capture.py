"""The run-wide secret check (tests/log_capture.py): what it collects and what it finds."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from tests import log_capture

TOKEN = "kt.apitoken-7.Zm9vYmFyYmF6cXV4cXV1eA"
PASSWORD = "four words of passphrase"


def test_a_secret_is_found_inside_a_json_line_and_named_by_its_kind() -> None:
    line = f'{{"event":"request","path":"/x?t={TOKEN}","request_id":"abc"}}\n{{"event":"{PASSWORD}"}}\n'
    assert log_capture.leaks(line, {TOKEN: "API token", PASSWORD: "password"}) == {"API token", "password"}


def test_a_secret_not_in_the_text_is_not_reported() -> None:
    assert log_capture.leaks('{"event":"request","path":"/graphql"}', {TOKEN: "API token", PASSWORD: "password"}) == set()


def test_an_answer_hands_over_its_tokens_and_links() -> None:
    answer = {
        "createApiToken": {"token": "kt.a.first-api-token-secret"},
        "inviteMember": {"token": "invite-token-secret", "link": "http://x/#/accept-invite?token=link-only-secret"},
        "signIn": {"accessToken": "access.token.secret", "refreshToken": "refresh-token-secret"},
        "startCalendarFeed": "/calendar/feed-token-secret.ics",
    }
    log_capture.remember_in(answer)
    known = log_capture.secrets()
    assert known["kt.a.first-api-token-secret"] == "API token"
    assert known["invite-token-secret"] == "invitation token"
    assert known["link-only-secret"] == "link token"
    assert known["access.token.secret"] == "access token" and known["refresh-token-secret"] == "refresh token"
    assert known["feed-token-secret"] == "calendar feed token"


def test_the_percent_encoded_form_of_a_secret_is_watched_too(tmp_path: Path) -> None:
    secret = "a/b+c=d secret-with-odd-characters"
    log_capture.remember("password", secret)
    log = tmp_path / "server.jsonl"
    log.write_text(f'{{"path":"/mail/unsubscribe?token={quote(secret, safe="")}"}}\n')
    assert log_capture.leaks_in_files([log], log_capture.secrets()) == {log: {"password"}}
