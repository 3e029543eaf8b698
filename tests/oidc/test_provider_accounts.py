"""From a provider's claims to a new member's handle, name, e-mail and teams (accounts/oidc/accounts.py),
and the refusal codes the sign-in page says in words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph_api.accounts.oidc.accounts import email_of, groups_of, handles_for, name_of
from graph_api.accounts.oidc.refusals import REASONS, SignInRefused
from graph_api.domain import rules

WORDS = Path(__file__).resolve().parents[2] / "frontend" / "src" / "sign-in-providers-model.js"


def test_every_refusal_has_words_on_the_sign_in_page() -> None:
    said = set(re.findall(r"^  ([A-Z_]+): ", WORDS.read_text(), flags=re.MULTILINE))
    assert said == set(REASONS)


def test_handles_come_from_the_preferred_username_or_the_address_and_fit_the_rules() -> None:
    assert handles_for({"preferred_username": "Grace.Hopper@corp"}, "g@example.org")[:2] == ["grace.hopper", "grace.hopper-2"]
    assert handles_for({}, "Zoë O'Neil@example.org")[0] == "zo-o-neil"
    assert handles_for({}, "x@example.org")[0] == "x-member"
    for handle in handles_for({"preferred_username": "é" * 80}, "a" * 64 + "@example.org"):
        assert rules.HANDLE_PATTERN.fullmatch(handle), handle


def test_the_name_is_the_name_claim_else_given_and_family_else_the_address() -> None:
    assert name_of({"name": "  Grace   Hopper "}, "g@example.org") == "Grace Hopper"
    assert name_of({"given_name": "Grace", "family_name": "Hopper"}, "g@example.org") == "Grace Hopper"
    assert name_of({}, "grace@example.org") == "grace"


@pytest.mark.parametrize(
    ("claims", "code"),
    [({}, "EMAIL_MISSING"), ({"email": "not an address"}, "EMAIL_MISSING"),
     ({"email": "g@example.org", "email_verified": False}, "EMAIL_UNVERIFIED")],
)
def test_an_e_mail_address_must_be_given_and_not_said_unverified(claims: dict, code: str) -> None:
    with pytest.raises(SignInRefused) as refused:
        email_of(claims)
    assert refused.value.code == code


def test_groups_are_read_from_the_configured_claim_as_a_list_or_a_string() -> None:
    assert groups_of({"groups": ["Design", " Ops ", 7, ""]}, "groups") == ["design", "ops"]
    assert groups_of({"roles": "Design"}, "roles") == ["design"]
    assert groups_of({"groups": ["Design"]}, None) == []
