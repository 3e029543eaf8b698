"""Seed the demo community into an empty graph (the embedded run does it at start).

Two demo accounts can sign in at once: the organiser `organiser` and the first generated
member, both with the demo password (KINDRED_DEMO_PASSWORD).
"""

from __future__ import annotations

import logging

from graph_api.accounts.service import AccountService
from graph_api.demo.generator import generate_community
from graph_api.demo.loader import load_community
from graph_api.settings import Settings
from graph_api.store.repository import GraphRepository

log = logging.getLogger(__name__)

DEMO_ORGANISER = "organiser"


async def seed_if_empty(repository: GraphRepository, settings: Settings, *, progress: bool = False) -> str | None:
    """Load a generated community unless the graph holds data; returns the demo member's handle."""
    if not await repository.is_empty():
        return None
    log.info("the graph is empty: seeding a demo community of %d members (seed %d)", settings.seed_members, settings.seed)
    community = generate_community(settings.seed_members, settings.seed)
    await load_community(repository.driver, community, progress=progress)
    accounts = AccountService(repository, settings)
    password = settings.demo_password.get_secret_value()
    organiser = await repository.create_member(
        handle=DEMO_ORGANISER, name="Demo Organiser", email="organiser@example.org", headline="Community organiser"
    )
    await accounts.set_password(organiser.id, password, role="organiser")
    first = community.members[0]
    await accounts.set_password(first["id"], password)
    return str(first["handle"])


def announce_demo_accounts(demo_member: str | None) -> None:
    """Log how to sign in to a freshly seeded demo (nothing when the graph already held data)."""
    if demo_member:
        log.info(
            "demo accounts: sign in as %r (organiser) or %r (member), password from KINDRED_DEMO_PASSWORD",
            DEMO_ORGANISER,
            demo_member,
        )
