"""The pure parts of mail: unsubscribe tokens, the retry schedule, message ids, spoken times and
how SMTP failures are sorted (no database, no server)."""

from __future__ import annotations

import smtplib
from datetime import timedelta

import pytest

from graph_api.notifications import unsubscribe
from graph_api.notifications.compose import message_id, spoken_time
from graph_api.notifications.smtp import PermanentFailure, TemporaryFailure, _failure
from graph_api.notifications.worker import retry_delay
from graph_api.settings import Settings

SECRET = "a-signing-secret-for-the-tests"


def test_an_unsubscribe_token_names_its_member_and_kind() -> None:
    token = unsubscribe.sign(SECRET, "member-1", "reminders")
    assert unsubscribe.verify(SECRET, token) == unsubscribe.Unsubscribe("member-1", "reminders")
    assert "member-1" not in token and "reminders" not in token


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # another signature
        lambda t: unsubscribe.sign(SECRET, "member-1", "proposals").split(".")[0] + "." + t.split(".")[1],
        lambda t: t.replace(".", ""),
        lambda t: "",
        lambda t: t + "." + "x" * 500,
    ],
    ids=["signature", "payload", "no-dot", "empty", "too-long"],
)
def test_a_changed_unsubscribe_token_is_refused(tamper) -> None:
    assert unsubscribe.verify(SECRET, tamper(unsubscribe.sign(SECRET, "member-1", "reminders"))) is None


def test_an_unsubscribe_token_of_another_server_is_refused() -> None:
    assert unsubscribe.verify(SECRET, unsubscribe.sign("another-secret", "member-1", "reminders")) is None


def test_invitations_have_no_unsubscribe_token() -> None:
    assert unsubscribe.verify(SECRET, unsubscribe.sign(SECRET, "member-1", "invitation")) is None


def test_retries_wait_twice_as_long_each_time_up_to_the_cap() -> None:
    settings = Settings(KINDRED_MAIL_RETRY_BASE_SECONDS=60, KINDRED_MAIL_RETRY_MAX_SECONDS=600)
    waits = [retry_delay(settings, attempts) for attempts in range(1, 7)]
    assert waits == [timedelta(seconds=s) for s in (60, 120, 240, 480, 600, 600)]


def test_every_attempt_at_one_mail_has_the_same_message_id() -> None:
    first = message_id("mail-1", "Kindred <kindred@example.org>")
    assert first == message_id("mail-1", "Kindred <kindred@example.org>")
    assert first != message_id("mail-2", "Kindred <kindred@example.org>")
    assert first.startswith("<") and first.endswith("@example.org>")


def test_times_in_mails_are_spoken_words() -> None:
    assert spoken_time("2026-12-07T18:05:00Z") == "Monday 7 December 2026 at 18:05 (UTC)"


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (smtplib.SMTPDataError(451, b"busy"), TemporaryFailure),
        (smtplib.SMTPDataError(554, b"spam"), PermanentFailure),
        (smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"no such user")}), PermanentFailure),
        (smtplib.SMTPRecipientsRefused({"a@example.org": (450, b"greylisted")}), TemporaryFailure),
        (smtplib.SMTPAuthenticationError(535, b"bad password"), TemporaryFailure),
        (smtplib.SMTPConnectError(554, b"go away"), TemporaryFailure),
        (ConnectionRefusedError(111, "refused"), TemporaryFailure),
        (smtplib.SMTPServerDisconnected("gone"), TemporaryFailure),
    ],
    ids=["4xx", "5xx", "unknown-address", "greylisted", "credentials", "connect", "down", "disconnected"],
)
def test_smtp_failures_are_sorted_into_retry_later_or_never(error: Exception, kind: type) -> None:
    assert isinstance(_failure(error), kind)


def test_mail_is_off_without_an_smtp_host() -> None:
    assert not Settings().mail_enabled
    assert Settings(KINDRED_SMTP_HOST="smtp.example.org").mail_enabled
