"""The store, plus the single-item writes only tests use to seed a graph and read it back.

The API writes through `GraphRepository`'s batch and organiser methods (one statement per
change: `replace_member_passions`, `replace_member_skills`, `record_bond_request`, ...);
these smaller writes — one passion, skill or bond at a time — exist so tests can build a
community quickly and check what a write left behind. The `repository` fixture
(tests/conftest.py) is a `SeedingRepository`.

The statements below are linted as Neo4j Cypher with the store's own
(tests/cypher_catalog.py).
"""

from __future__ import annotations

from typing import Any, Final

from graph_api.domain import rules
from graph_api.domain.model import Bond, Member, Passion, PassionLink, Site, Skill, Team
from graph_api.errors import BadInputError, ConflictError, NotFoundError
from graph_api.store import queries
from graph_api.store.repository import GraphRepository, new_id

PAGE_MAX = 1000


def _page(skip: int, limit: int) -> dict[str, int]:
    if skip < 0:
        raise BadInputError(f"skip must not be negative, not {skip}", field="skip")
    if not 1 <= limit <= PAGE_MAX:
        raise BadInputError(f"limit must be from 1 to {PAGE_MAX}, not {limit}", field="limit")
    return {"skip": skip, "limit": limit}

TEAM_MEMBERS: Final = (
    "MATCH (m:Member)-[:MEMBER_OF]->(:Team {id: $id}) RETURN properties(m) AS node ORDER BY m.name, m.id"
)

# Passions --------------------------------------------------------------------

MERGE_PASSION: Final = (
    "MERGE (p:Passion {slug: $slug}) "
    "ON CREATE SET p.id = $id, p.name = $name, p.description = $description "
    "RETURN properties(p) AS node"
)
SET_MEMBER_PASSION: Final = (
    "MATCH (m:Member {id: $memberId}) "
    "MERGE (p:Passion {slug: $slug}) "
    "ON CREATE SET p.id = $passionId, p.name = $name, p.description = '' "
    "MERGE (m)-[r:PASSIONATE_ABOUT]->(p) "
    "ON CREATE SET r.since = $since "
    "SET r.intensity = $intensity "
    "RETURN properties(p) AS passion, r.intensity AS intensity, r.since AS since"
)
REMOVE_MEMBER_PASSION: Final = (
    "MATCH (:Member {id: $memberId})-[r:PASSIONATE_ABOUT]->(:Passion {slug: $slug}) "
    "DELETE r RETURN count(r) AS removed"
)

# Skills: needs and offers --------------------------------------------------------

MERGE_SKILL: Final = (
    "MERGE (s:Skill {slug: $slug}) ON CREATE SET s.id = $id, s.name = $name RETURN properties(s) AS node"
)
GET_SKILL_BY_SLUG: Final = "MATCH (n:Skill {slug: $slug}) RETURN properties(n) AS node"
ADD_MEMBER_SEEKS: Final = (
    "MATCH (m:Member {id: $memberId}) "
    "MERGE (s:Skill {slug: $slug}) ON CREATE SET s.id = $skillId, s.name = $name "
    "MERGE (m)-[:SEEKS]->(s) RETURN properties(s) AS node"
)
ADD_MEMBER_OFFERS: Final = (
    "MATCH (m:Member {id: $memberId}) "
    "MERGE (s:Skill {slug: $slug}) ON CREATE SET s.id = $skillId, s.name = $name "
    "MERGE (m)-[:OFFERS]->(s) RETURN properties(s) AS node"
)
REMOVE_MEMBER_SEEKS: Final = (
    "MATCH (:Member {id: $memberId})-[r:SEEKS]->(:Skill {slug: $slug}) DELETE r RETURN count(r) AS removed"
)
REMOVE_MEMBER_OFFERS: Final = (
    "MATCH (:Member {id: $memberId})-[r:OFFERS]->(:Skill {slug: $slug}) DELETE r RETURN count(r) AS removed"
)

# Bonds: stored once per pair and kind, from the smaller id to the larger, read undirected.

MERGE_BOND: Final = (
    "MATCH (a:Member {id: $a}) MATCH (b:Member {id: $b}) "
    "MERGE (a)-[r:BOND {kind: $kind}]->(b) "
    "ON CREATE SET r.since = $since, r.source = $source "
    "SET r.strength = $strength "
    "RETURN r.kind AS kind, r.strength AS strength, r.since AS since, r.source AS source"
)
REMOVE_BOND: Final = (
    "MATCH (:Member {id: $a})-[r:BOND {kind: $kind}]->(:Member {id: $b}) DELETE r RETURN count(r) AS removed"
)
MEMBER_BONDS: Final = (
    "MATCH (:Member {id: $memberId})-[r:BOND]-(other:Member) "
    "RETURN other.id AS otherId, r.kind AS kind, r.strength AS strength, r.since AS since, r.source AS source "
    "ORDER BY otherId, kind"
)


class SeedingRepository(GraphRepository):
    """`GraphRepository` with the one-at-a-time writes and reads tests seed and check with."""

    # Members -----------------------------------------------------------------

    async def delete_member(self, member_id: str) -> None:
        if not await self.driver.write(queries.MEMBER.delete, {"id": member_id}):
            raise NotFoundError(f"no member has the id {member_id!r}", field="memberId")

    # Passions ----------------------------------------------------------------

    async def ensure_passion(self, name: str, description: str | None = None) -> Passion:
        """The passion whose slug `name` normalises to, created if it is new."""
        clean_name, slug = rules.clean_slug_name(name)
        params = {
            "slug": slug,
            "id": new_id("passion"),
            "name": clean_name,
            "description": rules.clean_text(
                description, field="description", max_length=rules.DESCRIPTION_MAX, required=False
            ),
        }
        rows = await self.driver.write(MERGE_PASSION, params)
        return Passion.from_record(rows[0]["node"])

    async def update_passion(self, passion_id: str, *, name: str | None = None, description: str | None = None) -> Passion:
        changes: dict[str, Any] = {}
        if name is not None:
            changes["name"], changes["slug"] = rules.clean_slug_name(name)
            other = await self.passion_by_slug(changes["slug"])
            if other is not None and other.id != passion_id:
                raise ConflictError(f"the passion {other.name!r} already has the slug {other.slug!r}", field="name")
        if description is not None:
            changes["description"] = rules.clean_text(
                description, field="description", max_length=rules.DESCRIPTION_MAX, required=False
            )
        rows = await self.driver.write(queries.PASSION.update, {"id": passion_id, "changes": changes})
        if not rows:
            raise NotFoundError(f"no passion has the id {passion_id!r}", field="passionId")
        return Passion.from_record(rows[0]["node"])

    async def delete_passion(self, passion_id: str) -> None:
        if not await self.driver.write(queries.PASSION.delete, {"id": passion_id}):
            raise NotFoundError(f"no passion has the id {passion_id!r}", field="passionId")

    async def set_member_passion(self, member_id: str, passion: str, intensity: int, since: str | None = None) -> PassionLink:
        name, slug = rules.clean_slug_name(passion, field="passion")
        params = {
            "memberId": member_id,
            "slug": slug,
            "passionId": new_id("passion"),
            "name": name,
            "intensity": rules.check_intensity(intensity),
            "since": rules.check_date(since, field="since") if since else rules.today(),
        }
        rows = await self.driver.write(SET_MEMBER_PASSION, params)
        if not rows:
            raise NotFoundError(f"no member has the id {member_id!r}", field="memberId")
        row = rows[0]
        return PassionLink(member_id, Passion.from_record(row["passion"]), row["intensity"], row["since"])

    async def remove_member_passion(self, member_id: str, passion: str) -> bool:
        rows = await self.driver.write(REMOVE_MEMBER_PASSION, {"memberId": member_id, "slug": rules.slugify(passion)})
        return bool(rows and rows[0]["removed"])

    # Skills --------------------------------------------------------------------

    async def ensure_skill(self, name: str) -> Skill:
        clean_name, slug = rules.clean_slug_name(name, field="skill")
        rows = await self.driver.write(MERGE_SKILL, {"slug": slug, "id": new_id("skill"), "name": clean_name})
        return Skill.from_record(rows[0]["node"])

    async def skill_by_slug(self, slug_or_name: str) -> Skill | None:
        rows = await self.driver.read(GET_SKILL_BY_SLUG, {"slug": rules.slugify(slug_or_name)})
        return Skill.from_record(rows[0]["node"]) if rows else None

    async def delete_skill(self, skill_id: str) -> None:
        if not await self.driver.write(queries.SKILL.delete, {"id": skill_id}):
            raise NotFoundError(f"no skill has the id {skill_id!r}", field="skillId")

    async def add_seeks(self, member_id: str, skill: str) -> Skill:
        return await self._link_skill(ADD_MEMBER_SEEKS, member_id, skill)

    async def add_offers(self, member_id: str, skill: str) -> Skill:
        return await self._link_skill(ADD_MEMBER_OFFERS, member_id, skill)

    async def _link_skill(self, statement: str, member_id: str, skill: str) -> Skill:
        name, slug = rules.clean_slug_name(skill, field="skill")
        params = {"memberId": member_id, "slug": slug, "skillId": new_id("skill"), "name": name}
        rows = await self.driver.write(statement, params)
        if not rows:
            raise NotFoundError(f"no member has the id {member_id!r}", field="memberId")
        return Skill.from_record(rows[0]["node"])

    async def remove_seeks(self, member_id: str, skill: str) -> bool:
        rows = await self.driver.write(REMOVE_MEMBER_SEEKS, {"memberId": member_id, "slug": rules.slugify(skill)})
        return bool(rows and rows[0]["removed"])

    async def remove_offers(self, member_id: str, skill: str) -> bool:
        rows = await self.driver.write(REMOVE_MEMBER_OFFERS, {"memberId": member_id, "slug": rules.slugify(skill)})
        return bool(rows and rows[0]["removed"])

    # Bonds -------------------------------------------------------------------

    async def record_bond(
        self,
        member_id: str,
        other_id: str,
        kind: str,
        *,
        strength: float = 0.5,
        since: str | None = None,
        source: str = "member",
    ) -> Bond:
        """Create or update the one bond of this kind between two members."""
        if member_id == other_id:
            raise BadInputError("a member cannot have a bond with themselves", field="otherMemberId")
        params = {
            "a": min(member_id, other_id),
            "b": max(member_id, other_id),
            "kind": rules.check_bond_kind(kind),
            "strength": rules.check_strength(strength),
            "since": rules.check_date(since, field="since") if since else rules.today(),
            "source": rules.clean_text(source, field="source", max_length=rules.SOURCE_MAX),
        }
        rows = await self.driver.write(MERGE_BOND, params)
        if not rows:
            await self._raise_missing(member=member_id, other=other_id)
        row = rows[0]
        return Bond(member_id, other_id, row["kind"], row["strength"], row["since"], row["source"])

    async def remove_bond(self, member_id: str, other_id: str, kind: str) -> bool:
        params = {"a": min(member_id, other_id), "b": max(member_id, other_id), "kind": rules.check_bond_kind(kind)}
        rows = await self.driver.write(REMOVE_BOND, params)
        return bool(rows and rows[0]["removed"])

    async def member_bonds(self, member_id: str) -> list[Bond]:
        rows = await self.driver.read(MEMBER_BONDS, {"memberId": member_id})
        return [Bond(member_id, r["otherId"], r["kind"], r["strength"], r["since"], r["source"]) for r in rows]

    # Lists and reads the API makes through its own stores -------------------------

    async def members(self, *, skip: int = 0, limit: int = 20) -> list[Member]:
        rows = await self.driver.read(queries.MEMBER.list_page, _page(skip, limit))
        return [Member.from_record(row["node"]) for row in rows]

    async def passions(self, *, skip: int = 0, limit: int = 20) -> list[Passion]:
        rows = await self.driver.read(queries.PASSION.list_page, _page(skip, limit))
        return [Passion.from_record(row["node"]) for row in rows]

    async def teams(self, *, skip: int = 0, limit: int = 20) -> list[Team]:
        rows = await self.driver.read(queries.TEAM.list_page, _page(skip, limit))
        return [Team.from_record(row["node"]) for row in rows]

    async def sites(self, *, skip: int = 0, limit: int = 20) -> list[Site]:
        rows = await self.driver.read(queries.SITE.list_page, _page(skip, limit))
        return [Site.from_record(row["node"]) for row in rows]

    async def team_members(self, team_id: str) -> list[Member]:
        return [Member.from_record(r["node"]) for r in await self.driver.read(TEAM_MEMBERS, {"id": team_id})]

    async def skill(self, skill_id: str) -> Skill | None:
        rows = await self.driver.read(queries.SKILL.get_by_id, {"id": skill_id})
        return Skill.from_record(rows[0]["node"]) if rows else None
