"""Sending over SMTP (the standard library's smtplib, in a thread): one connection reused for a
batch, and every failure sorted into "try again later" or "will never work"."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from graph_api.settings import Settings


class TemporaryFailure(Exception):
    """The server could not take the mail now (down, busy, a 4xx answer): retry later."""


class PermanentFailure(Exception):
    """The server refused the mail for good (a 5xx answer about this mail): do not retry."""


def _failure(error: Exception) -> Exception:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        if codes and all(500 <= code < 600 for code in codes):
            return PermanentFailure(f"the server refused the address ({codes[0]})")
        return TemporaryFailure(f"the server refused the address for now ({codes[0] if codes else '?'})")
    if isinstance(error, smtplib.SMTPAuthenticationError):
        # A wrong password is ours to fix: the mail waits for it.
        return TemporaryFailure(f"the server refused our credentials ({error.smtp_code}): check KINDRED_SMTP_USER and _PASSWORD")
    if isinstance(error, smtplib.SMTPResponseException):
        detail = error.smtp_error.decode(errors="replace") if isinstance(error.smtp_error, bytes) else str(error.smtp_error)
        text = f"{error.smtp_code} {detail}"[:300]
        if 500 <= error.smtp_code < 600 and not isinstance(error, smtplib.SMTPConnectError):
            return PermanentFailure(f"the server refused the mail: {text}")
        return TemporaryFailure(f"the server answered: {text}")
    return TemporaryFailure(f"the mail server could not be reached: {type(error).__name__}: {error}"[:300])


class SmtpConnection:
    """A connection opened on the first send and reused until closed (or broken)."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._smtp: smtplib.SMTP | None = None

    def _open(self) -> smtplib.SMTP:
        s = self._settings
        host, timeout = s.smtp_host or "localhost", s.smtp_timeout_seconds
        smtp: smtplib.SMTP
        if s.smtp_tls == "tls":
            smtp = smtplib.SMTP_SSL(host, s.smtp_port, timeout=timeout, context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(host, s.smtp_port, timeout=timeout)
        try:
            if s.smtp_tls == "starttls":
                smtp.starttls(context=ssl.create_default_context())
            if s.smtp_user:
                password = s.smtp_password.get_secret_value() if s.smtp_password else ""
                smtp.login(s.smtp_user, password)
        except BaseException:
            smtp.close()
            raise
        return smtp

    def send(self, message: EmailMessage) -> None:
        """Hand one message to the server; raises TemporaryFailure or PermanentFailure."""
        try:
            if self._smtp is None:
                self._smtp = self._open()
            self._smtp.send_message(message)
        except (smtplib.SMTPException, OSError) as error:
            if not isinstance(error, (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, smtplib.SMTPSenderRefused)):
                self.close()  # the connection may be in any state: start afresh
            raise _failure(error) from None

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                smtp.close()
