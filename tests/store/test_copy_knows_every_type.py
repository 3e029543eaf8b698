"""Copies and backups know every label and relationship type a statement names: one they did not
know would make `copy` and `backup` refuse the whole store (tests/store/test_copy.py seeds one of
each to check the round trip; this catches a new type before that seed is extended)."""

from __future__ import annotations

import re

from graph_api.store.queries import copying
from tests.cypher_catalog import all_statements

_RELATIONSHIP = re.compile(r"\[\w*:([A-Z_|]+)")
_LABEL = re.compile(r"\(\w*:([A-Z][A-Za-z]+)")


def _named(pattern: re.Pattern[str]) -> set[str]:
    return {name for statement in all_statements().values() for found in pattern.findall(statement) for name in found.split("|")}


def test_every_relationship_type_a_statement_names_is_copied() -> None:
    assert _named(_RELATIONSHIP) - set(copying.RELATIONSHIP_TYPES) == set()


def test_every_label_a_statement_names_is_copied() -> None:
    assert _named(_LABEL) - set(copying.NODE_KEYS) == set()
