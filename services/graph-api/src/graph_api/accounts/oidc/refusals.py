"""Why a sign-in through a provider was refused: a code the sign-in page reads from its address
and says in plain words (frontend/src/sign-in-providers-model.js), and what the log says."""

from __future__ import annotations

from typing import Final

#: code -> the words the log keeps (the page has its own, for people).
REASONS: Final = {
    "UNKNOWN_PROVIDER": "no identity provider has that id",
    "PROVIDER_UNREACHABLE": "the provider did not answer, or answered what is not OpenID Connect",
    "PROVIDER_REFUSED": "the provider refused the sign-in or the exchange of its code",
    "SIGN_IN_EXPIRED": "the sign-in was not started in this browser, or took too long",
    "ID_TOKEN_INVALID": "the ID token failed verification (signature, issuer, audience, nonce or expiry)",
    "EMAIL_MISSING": "the provider gave no e-mail address",
    "EMAIL_UNVERIFIED": "the provider says the e-mail address is not verified",
    "DOMAIN_NOT_ALLOWED": "the e-mail address's domain is not allowed for this provider",
    "ACCOUNT_EXISTS": "a member with this e-mail address exists and is not linked to this identity",
    "NO_HANDLE": "no free handle could be made for the new member",
}


class SignInRefused(Exception):
    def __init__(self, code: str, detail: str = "") -> None:
        assert code in REASONS, code
        super().__init__(f"{code}: {REASONS[code]}{f' ({detail})' if detail else ''}")
        self.code = code
