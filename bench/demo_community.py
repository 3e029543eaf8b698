"""The demo generator's community (graph_api.demo.generator.DemoCommunity) as a recommender Community.

Used by bench/recommender.py.

Passions and skills are keyed by slug; bonds of any kind become one undirected pair.
"""

from __future__ import annotations

from typing import Any

from recommender.model import Community, MemberSnapshot, pair

__all__ = ["community_from_demo"]


def community_from_demo(demo: Any) -> Community:
    """``demo``: a ``DemoCommunity`` (only its row lists are read; graph_api need not be importable)."""
    passion_slug = {p["id"]: p["slug"] for p in demo.passions}
    skill_slug = {s["id"]: s["slug"] for s in demo.skills}
    team = {r["member"]: r["team"] for r in demo.member_teams}
    site = {r["member"]: r["site"] for r in demo.member_sites}
    passions: dict[str, dict[str, int]] = {}
    for link in demo.passion_links:
        passions.setdefault(link["member"], {})[passion_slug[link["passion"]]] = int(link["intensity"])
    seeks: dict[str, set[str]] = {}
    for r in demo.seeks:
        seeks.setdefault(r["member"], set()).add(skill_slug[r["skill"]])
    offers: dict[str, set[str]] = {}
    for r in demo.offers:
        offers.setdefault(r["member"], set()).add(skill_slug[r["skill"]])
    members = tuple(
        MemberSnapshot(
            id=m["id"],
            team=team.get(m["id"]),
            site=site.get(m["id"]),
            passions=passions.get(m["id"], {}),
            seeks=frozenset(seeks.get(m["id"], ())),
            offers=frozenset(offers.get(m["id"], ())),
        )
        for m in demo.members
    )
    bonds = frozenset(pair(b["a"], b["b"]) for b in demo.bonds if b["a"] != b["b"])
    return Community(members=members, bonds=bonds)
