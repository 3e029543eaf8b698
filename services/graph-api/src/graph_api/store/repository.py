"""The community graph's read and write operations, over either database adapter.

Every method validates its input before sending any Cypher, and every write is one
statement, so a refused call leaves the graph exactly as it was.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from graph_api.domain import rules
from graph_api.domain.model import Bond, Member, Passion, PassionLink, Site, Skill, Team
from graph_api.errors import BadInputError, ConflictError, NotFoundError
from graph_api.store import queries
from graph_api.store.queries import bonds as bond_queries
from graph_api.store.queries import organiser as organiser_queries
from graph_api.store.accounts import AccountStore
from graph_api.store.batch_reads import BatchReads
from graph_api.store.bonds import BondStore
from graph_api.store.consent import ConsentStore
from graph_api.store.followups import FollowUpStore
from graph_api.store.browse import BrowseStore
from graph_api.store.driver import GraphDriver, Record
from graph_api.store.effects import EffectStore
from graph_api.store.events import EventStore
from graph_api.store.calendar import CalendarStore
from graph_api.store.imports import ImportStore
from graph_api.store.kpis import KpiStore
from graph_api.store.members import MemberPages
from graph_api.store.order_keys import NAME_ORDER, member_order, name_order
from graph_api.store.metrics import MetricsStore
from graph_api.store.outbox import OutboxStore
from graph_api.store.proposals import ProposalStore
from graph_api.store.scim import ScimStore
from graph_api.store.search import SearchStore
from graph_api.store.snapshot import SnapshotStore
from graph_api.store.views import GraphViews
from graph_api.store.webhooks import WebhookStore
from graph_api.store.identity_providers import IdentityProviderStore

MAX_PASSIONS = 30
MAX_SKILLS = 30


def new_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex}"




def _team(row: Record) -> Team:
    return Team.from_record({**row["node"], "parentId": row.get("parentId")})


class GraphRepository:
    """The one way to the database: the core graph's operations here, and each feature's
    statements behind its own store (``repository.events.…``), all over one driver."""

    def __init__(self, driver: GraphDriver) -> None:
        self.driver = driver
        self.member_pages = MemberPages(driver)
        self.search = SearchStore(driver)
        self.browse = BrowseStore(driver)
        self.bonds = BondStore(driver)
        self.events = EventStore(driver)
        self.calendar = CalendarStore(driver)
        self.proposals = ProposalStore(driver)
        self.views = GraphViews(driver)
        self.snapshot = SnapshotStore(driver)
        self.consent = ConsentStore(driver)
        self.accounts = AccountStore(driver)
        self.kpis = KpiStore(driver)
        self.effects = EffectStore(driver)
        self.imports = ImportStore(driver)
        self.batch_reads = BatchReads(driver)
        self.outbox = OutboxStore(driver)
        self.webhooks = WebhookStore(driver)
        self.followups = FollowUpStore(driver)
        self.metrics = MetricsStore(driver)
        self.scim = ScimStore(driver)
        self.identity_providers = IdentityProviderStore(driver)

    # The whole graph ---------------------------------------------------------

    async def warm_up(self) -> None:
        """Take what the store keeps in memory for members' pages (the order keys' sample, the
        passions' holder counts) before the first page asks for it: taken by that page, it
        sorts every member for the pages of the meantime (0.3 s each at a million)."""
        await self.member_pages.windows.refresh_quietly()

    async def is_empty(self) -> bool:
        rows = await self.driver.read(queries.COUNT_NODES)
        return rows[0]["count"] == 0

    async def count(self, statements: queries.NodeStatements) -> int:
        return int((await self.driver.read(statements.count))[0]["count"])

    # Members -----------------------------------------------------------------

    async def create_member(
        self,
        *,
        handle: str,
        name: str,
        email: str | None = None,
        headline: str | None = None,
        vision: str | None = None,
        joined_at: str | None = None,
        opt_out: bool = False,
        member_id: str | None = None,
    ) -> Member:
        params = {
            "id": rules.check_id(member_id) if member_id else new_id("member"),
            "handle": rules.check_handle(handle),
            "name": rules.clean_name(name),
            "email": rules.check_email(email) if email else None,
            "headline": rules.clean_text(headline, field="headline", max_length=rules.HEADLINE_MAX, required=False),
            "vision": rules.clean_text(vision, field="vision", max_length=rules.VISION_MAX, required=False),
            "joinedAt": rules.check_timestamp(joined_at, field="joinedAt") if joined_at else rules.utc_now(),
            "optOut": bool(opt_out),
        }
        params.update(member_order(params["name"], params["joinedAt"]))
        if await self.member_by_handle(params["handle"]) is not None:
            raise ConflictError(f"the handle {params['handle']!r} is already taken", field="handle")
        rows = await self.driver.write(queries.CREATE_MEMBER, params)
        return Member.from_record(rows[0]["node"])

    async def member(self, member_id: str) -> Member | None:
        rows = await self.driver.read(queries.MEMBER.get_by_id, {"id": member_id})
        return Member.from_record(rows[0]["node"]) if rows else None

    async def member_by_handle(self, handle: str) -> Member | None:
        rows = await self.driver.read(queries.GET_MEMBER_BY_HANDLE, {"handle": handle.strip().lower()})
        return Member.from_record(rows[0]["node"]) if rows else None

    async def require_member(self, member_id: str) -> Member:
        found = await self.member(member_id)
        if found is None:
            raise NotFoundError(f"no member has the id {member_id!r}", field="memberId")
        return found

    async def update_member(self, member_id: str, **changes: Any) -> Member:
        """Change any of name, handle, email, headline, vision, optOut; unknown keys are refused."""
        clean: dict[str, Any] = {}
        for key, value in changes.items():
            if key == "name":
                clean[key] = rules.clean_name(value)
            elif key == "handle":
                clean[key] = rules.check_handle(value)
                other = await self.member_by_handle(clean[key])
                if other is not None and other.id != member_id:
                    raise ConflictError(f"the handle {clean[key]!r} is already taken", field="handle")
            elif key == "email":
                clean[key] = rules.check_email(value) if value else None
            elif key == "headline":
                clean[key] = rules.clean_text(value, field=key, max_length=rules.HEADLINE_MAX, required=False)
            elif key == "vision":
                clean[key] = rules.clean_text(value, field=key, max_length=rules.VISION_MAX, required=False)
            elif key == "optOut":
                if not isinstance(value, bool):
                    raise BadInputError("optOut must be true or false", field="optOut")
                clean[key] = value
            else:
                raise BadInputError(f"a member has no editable field {key!r}", field=key)
        if "name" in clean:
            clean[NAME_ORDER] = name_order(clean["name"])
        rows = await self.driver.write(queries.MEMBER.update, {"id": member_id, "changes": clean})
        if not rows:
            raise NotFoundError(f"no member has the id {member_id!r}", field="memberId")
        return Member.from_record(rows[0]["node"])

    # Passions ----------------------------------------------------------------

    async def passion(self, passion_id: str) -> Passion | None:
        rows = await self.driver.read(queries.PASSION.get_by_id, {"id": passion_id})
        return Passion.from_record(rows[0]["node"]) if rows else None

    async def passion_by_slug(self, slug_or_name: str) -> Passion | None:
        rows = await self.driver.read(queries.GET_PASSION_BY_SLUG, {"slug": rules.slugify(slug_or_name)})
        return Passion.from_record(rows[0]["node"]) if rows else None

    async def replace_member_passions(self, member_id: str, choices: Sequence[tuple[str, int]]) -> None:
        """Make the member's passions exactly `choices` (name, intensity), in one statement."""
        if len(choices) > MAX_PASSIONS:
            raise BadInputError(f"a member can hold at most {MAX_PASSIONS} passions", field="passions")
        items: dict[str, dict[str, Any]] = {}
        for name, intensity in choices:
            clean_name, slug = rules.clean_slug_name(name, field="passion")
            if slug in items:
                raise BadInputError(f"the passion {clean_name!r} is listed twice", field="passions")
            items[slug] = {"slug": slug, "id": new_id("passion"), "name": clean_name,
                           "intensity": rules.check_intensity(intensity)}
        params = {"memberId": member_id, "slugs": list(items), "passions": list(items.values()), "since": rules.today()}
        if not await self.driver.write(queries.REPLACE_MEMBER_PASSIONS, params):
            raise NotFoundError(f"no member has the id {member_id!r}", field="memberId")

    async def member_passions(self, member_id: str) -> list[PassionLink]:
        rows = await self.driver.read(queries.MEMBER_PASSIONS, {"memberId": member_id})
        return [PassionLink(member_id, Passion.from_record(r["passion"]), r["intensity"], r["since"]) for r in rows]

    # Teams and sites ---------------------------------------------------------

    async def create_team(self, name: str, *, parent_id: str | None = None, team_id: str | None = None) -> Team:
        params = {"id": rules.check_id(team_id) if team_id else new_id("team"), "name": rules.clean_name(name)}
        if parent_id is None:
            rows = await self.driver.write(queries.CREATE_TEAM, params)
        else:
            rows = await self.driver.write(queries.CREATE_TEAM_UNDER, {**params, "parentId": parent_id})
            if not rows:
                raise NotFoundError(f"no team has the id {parent_id!r}", field="parentId")
        return _team(rows[0])

    async def team(self, team_id: str) -> Team | None:
        rows = await self.driver.read(queries.TEAM.get_by_id, {"id": team_id})
        if not rows:
            return None
        parent = await self.driver.read(queries.TEAM_PARENT, {"id": team_id})
        return Team.from_record({**rows[0]["node"], "parentId": parent[0]["parentId"] if parent else None})

    async def rename_team(self, team_id: str, name: str) -> Team:
        rows = await self.driver.write(queries.TEAM.update, {"id": team_id, "changes": {"name": rules.clean_name(name)}})
        if not rows:
            raise NotFoundError(f"no team has the id {team_id!r}", field="teamId")
        return await self.team(team_id) or Team.from_record(rows[0]["node"])

    async def set_team_parent(self, team_id: str, parent_id: str | None) -> Team:
        if parent_id is None:
            rows = await self.driver.write(queries.CLEAR_TEAM_PARENT, {"id": team_id})
            if not rows:
                raise NotFoundError(f"no team has the id {team_id!r}", field="teamId")
            return _team(rows[0])
        if parent_id == team_id:
            raise BadInputError("a team cannot be its own parent unit", field="parentId")
        cycle = await self.driver.read(queries.TEAM_HAS_DESCENDANT, {"parentId": parent_id, "id": team_id})
        if cycle and cycle[0]["count"]:
            raise BadInputError("that parent unit is already inside this team: it would make a cycle", field="parentId")
        rows = await self.driver.write(queries.SET_TEAM_PARENT, {"id": team_id, "parentId": parent_id})
        if not rows:
            missing = team_id if await self.team(team_id) is None else parent_id
            raise NotFoundError(f"no team has the id {missing!r}", field="teamId" if missing == team_id else "parentId")
        return _team(rows[0])

    async def delete_team(self, team_id: str) -> None:
        if not await self.driver.write(queries.TEAM.delete, {"id": team_id}):
            raise NotFoundError(f"no team has the id {team_id!r}", field="teamId")

    async def create_site(self, name: str, *, city: str | None = None, site_id: str | None = None) -> Site:
        params = {
            "id": rules.check_id(site_id) if site_id else new_id("site"),
            "name": rules.clean_name(name),
            "city": rules.clean_text(city, field="city", max_length=rules.CITY_MAX, required=False),
        }
        rows = await self.driver.write(queries.CREATE_SITE, params)
        return Site.from_record(rows[0]["node"])

    async def site(self, site_id: str) -> Site | None:
        rows = await self.driver.read(queries.SITE.get_by_id, {"id": site_id})
        return Site.from_record(rows[0]["node"]) if rows else None

    async def update_site(self, site_id: str, *, name: str | None = None, city: str | None = None) -> Site:
        changes: dict[str, Any] = {}
        if name is not None:
            changes["name"] = rules.clean_name(name)
        if city is not None:
            changes["city"] = rules.clean_text(city, field="city", max_length=rules.CITY_MAX, required=False)
        rows = await self.driver.write(queries.SITE.update, {"id": site_id, "changes": changes})
        if not rows:
            raise NotFoundError(f"no site has the id {site_id!r}", field="siteId")
        return Site.from_record(rows[0]["node"])

    async def delete_site(self, site_id: str) -> None:
        if not await self.driver.write(queries.SITE.delete, {"id": site_id}):
            raise NotFoundError(f"no site has the id {site_id!r}", field="siteId")

    async def assign_team(self, member_id: str, team_id: str) -> None:
        if not await self.driver.write(queries.ASSIGN_MEMBER_TEAM, {"memberId": member_id, "teamId": team_id}):
            await self._raise_missing(member=member_id, team=team_id)

    async def unassign_team(self, member_id: str) -> None:
        await self.driver.write(queries.UNASSIGN_MEMBER_TEAM, {"memberId": member_id})

    async def member_team(self, member_id: str) -> Team | None:
        rows = await self.driver.read(queries.MEMBER_TEAM, {"memberId": member_id})
        return _team(rows[0]) if rows else None

    async def assign_site(self, member_id: str, site_id: str) -> None:
        if not await self.driver.write(queries.ASSIGN_MEMBER_SITE, {"memberId": member_id, "siteId": site_id}):
            await self._raise_missing(member=member_id, site=site_id)

    async def unassign_site(self, member_id: str) -> None:
        await self.driver.write(queries.UNASSIGN_MEMBER_SITE, {"memberId": member_id})

    async def member_site(self, member_id: str) -> Site | None:
        rows = await self.driver.read(queries.MEMBER_SITE, {"memberId": member_id})
        return Site.from_record(rows[0]["node"]) if rows else None

    # Skills --------------------------------------------------------------------

    async def replace_member_skills(self, member_id: str, seeks: Sequence[str], offers: Sequence[str]) -> None:
        """Make the member's skills sought and offered exactly these lists, in one statement."""

        def items(names: Sequence[str], field: str) -> dict[str, dict[str, str]]:
            if len(names) > MAX_SKILLS:
                raise BadInputError(f"list at most {MAX_SKILLS} skills", field=field)
            found: dict[str, dict[str, str]] = {}
            for raw in names:
                name, slug = rules.clean_slug_name(raw, field=field)
                found[slug] = {"slug": slug, "id": new_id("skill"), "name": name}
            return found

        sought, offered = items(seeks, "seeks"), items(offers, "offers")
        both = sorted(set(sought) & set(offered))
        if both:
            raise BadInputError(f"a skill cannot be both sought and offered: {', '.join(both)}", field="offers")
        params = {
            "memberId": member_id,
            "seekSlugs": list(sought),
            "offerSlugs": list(offered),
            "seeks": list(sought.values()),
            "offers": list(offered.values()),
        }
        if not await self.driver.write(queries.REPLACE_MEMBER_SKILLS, params):
            raise NotFoundError(f"no member has the id {member_id!r}", field="memberId")

    async def member_seeks(self, member_id: str) -> list[Skill]:
        return [Skill.from_record(r["node"]) for r in await self.driver.read(queries.MEMBER_SEEKS, {"memberId": member_id})]

    async def member_offers(self, member_id: str) -> list[Skill]:
        return [Skill.from_record(r["node"]) for r in await self.driver.read(queries.MEMBER_OFFERS, {"memberId": member_id})]

    # Helpers -----------------------------------------------------------------

    async def _raise_missing(self, **ids: str) -> None:
        """Name the first id of a failed write that does not exist."""
        lookups = {"member": self.member, "other": self.member, "team": self.team, "site": self.site}
        for role, value in ids.items():
            if await lookups[role](value) is None:
                field = {"member": "memberId", "other": "otherMemberId", "team": "teamId", "site": "siteId"}[role]
                raise NotFoundError(f"no {'member' if role == 'other' else role} has the id {value!r}", field=field)
        raise NotFoundError("the write matched nothing")

    async def existing_member_ids(self, ids: Sequence[str]) -> set[str]:
        return {row["id"] for row in await self.driver.read(queries.FIND_MEMBER_IDS, {"ids": list(ids)})}

    # Organiser tools and members' own bonds (api/organiser.py, api/bonds.py) ----

    async def create_placed_member(
        self,
        *,
        handle: str,
        name: str,
        email: str | None = None,
        headline: str | None = None,
        vision: str | None = None,
        team_id: str | None = None,
        site_id: str | None = None,
    ) -> Member:
        """A new member, already in the team and at the site given, written in one statement."""
        params = {
            "id": new_id("member"),
            "handle": rules.check_handle(handle),
            "name": rules.clean_name(name),
            "email": rules.check_email(email) if email else None,
            "headline": rules.clean_text(headline, field="headline", max_length=rules.HEADLINE_MAX, required=False),
            "vision": rules.clean_text(vision, field="vision", max_length=rules.VISION_MAX, required=False),
            "joinedAt": rules.utc_now(),
            "teamIds": [] if team_id is None else [team_id],
            "siteIds": [] if site_id is None else [site_id],
        }
        params.update(member_order(params["name"], params["joinedAt"]))
        rows = await self.driver.write(organiser_queries.CREATE_PLACED_MEMBER, params)
        if not rows:
            if await self.member_by_handle(params["handle"]) is not None:
                raise ConflictError(f"the handle {params['handle']!r} is already taken", field="handle")
            await self._raise_missing(**{k: v for k, v in (("team", team_id), ("site", site_id)) if v is not None})
        return Member.from_record(rows[0]["node"])

    async def delete_member_and_sessions(self, member_id: str) -> None:
        if not await self.driver.write(organiser_queries.DELETE_MEMBER_AND_SESSIONS, {"id": member_id}):
            raise NotFoundError(f"no member has the id {member_id!r}", field="memberId")

    async def set_member_role(self, member_id: str, role: str) -> Member:
        """Make a member an organiser or a member; the last organiser stays one (ConflictError)."""
        if role not in ("member", "organiser"):
            raise BadInputError(f"role {role!r} is not member or organiser", field="role")
        rows = await self.driver.write(organiser_queries.SET_MEMBER_ROLE, {"id": member_id, "role": role})
        if not rows:
            member = await self.require_member(member_id)
            raise ConflictError(
                f"@{member.handle} is the only organiser: make another member an organiser first, "
                "so the community keeps one",
                field="role",
            )
        return Member.from_record(rows[0]["node"])

    async def merge_passions(self, from_ref: str, into_ref: str) -> Passion:
        """Move every member from one passion to another (slug, name or id each), then delete the first."""
        source = await self._find_passion(from_ref, field="from")
        target = await self._find_passion(into_ref, field="into")
        if source.id == target.id:
            raise BadInputError(f"from and into are the same passion, {source.slug!r}", field="into")
        rows = await self.driver.write(organiser_queries.MERGE_PASSIONS, {"fromId": source.id, "intoId": target.id})
        if not rows:
            raise NotFoundError("one of the two passions was deleted meanwhile", field="from")
        return Passion.from_record(rows[0]["node"])

    async def _find_passion(self, ref: str, *, field: str) -> Passion:
        text = rules.clean_text(ref, field=field, max_length=rules.NAME_MAX)
        found = await self.passion(text) or await self.passion_by_slug(text)
        if found is None:
            raise NotFoundError(f"no passion has the id or slug {text!r}", field=field)
        return found

    async def record_bond_request(self, member_id: str, other_id: str, kind: str) -> tuple[bool, Bond]:
        """Ask `other_id` for a bond, or confirm theirs: (confirmed, the bond as it is or would be)."""
        if member_id == other_id:
            raise BadInputError("a member cannot have a bond with themselves", field="otherMemberId")
        params = {
            "me": member_id,
            "other": other_id,
            "kind": rules.check_bond_kind(kind),
            "since": rules.today(),
            "source": "member",
            "strength": 0.5,
        }
        rows = await self.driver.write(bond_queries.RECORD_BOND_REQUEST, params)
        if not rows:
            await self._raise_missing(member=member_id, other=other_id)
        row = rows[0]
        return bool(row["confirmed"]), Bond(member_id, other_id, kind, row["strength"], row["since"], row["source"])

    async def remove_bond_or_request(self, member_id: str, other_id: str, kind: str) -> None:
        """Remove the bond of this kind with `other_id`, or the request either of them made."""
        params = {"me": member_id, "other": other_id, "kind": rules.check_bond_kind(kind)}
        rows = await self.driver.write(bond_queries.REMOVE_BOND_OR_REQUEST, params)
        if not rows:
            await self._raise_missing(member=member_id, other=other_id)
        if not rows[0]["removed"]:
            raise NotFoundError(f"there is no {kind} bond or bond request with that member", field="otherMemberId")
