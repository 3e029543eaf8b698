"""The node types of the community graph as GraphQL sees them.

Privacy lives here: e-mail, skills sought, bond details and the opt-out flag resolve to
null for anyone but the member themselves and organisers.
"""

from __future__ import annotations

import enum
from datetime import date
from collections.abc import Iterable, Sequence
from typing import Annotated, Any


import strawberry
from strawberry import relay

from graph_api.api.context import Info
from graph_api.api.pagination import PAGE_DEFAULT, Connection
from graph_api.api.read_ahead import soon
from graph_api.domain import model
from graph_api.store.browse import SkillVisibility


async def _members_where(info: Info, first: int, after: str | None, **filters: Any) -> Connection[Member]:
    # Imported here: the members module builds on these types.
    from graph_api.api.members import MemberFilter, MemberOrder, members_connection

    return await members_connection(info, MemberFilter(**filters), MemberOrder.NAME, first, after)


def _visible_private(info: Info, member_id: str) -> bool:
    viewer = info.context.viewer
    return viewer is not None and viewer.sees_private_fields_of(member_id)


def skill_visibility(info: Info) -> SkillVisibility:
    """Which skills the viewer may know of (store.browse.SkillVisibility): organisers every
    skill; others only those someone offers or they seek, since a skill nobody offers exists
    only because someone seeks it."""
    viewer = info.context.viewer
    return SkillVisibility(
        everyone=viewer is not None and viewer.is_organiser, member_id=viewer.member_id if viewer else None
    )


async def visible_skills(info: Info, ids: Sequence[str]) -> list[model.Skill | None]:
    """The skills of these ids, None for those unknown or that the viewer may not know of."""
    visibility = skill_visibility(info)
    if visibility.everyone or not ids:
        return list(await info.context.loaders.skill.load_many(list(ids)))
    return await info.context.repository.browse.visible_skills(ids=ids, visibility=visibility)


@strawberry.type(description="A person in the community.")
class Member(relay.Node):
    member_id: relay.NodeID[str]
    handle: str
    name: str
    headline: str = strawberry.field(description="One line about the member.")
    vision: str = strawberry.field(description="What this person wants to achieve, in their words.")
    joined_at: str = strawberry.field(description="When they joined, ISO-8601 UTC.")
    role: str = strawberry.field(description="member or organiser.")
    private: strawberry.Private[model.Member]

    @classmethod
    def from_model(cls, member: model.Member) -> Member:
        return cls(
            member_id=member.id,
            handle=member.handle,
            name=member.name,
            headline=member.headline,
            vision=member.vision,
            joined_at=member.joinedAt,
            role=member.role,
            private=member,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> Sequence[Member | None]:
        found = await info.context.loaders.member.load_many(list(node_ids))
        return [cls.from_model(m) if m else None for m in found]

    @strawberry.field(description="The plain store id (also accepted wherever an id is asked for).")
    def key(self) -> str:
        return self.member_id

    @strawberry.field(
        description="Whether the organisation's identity provider manages this member: their name, e-mail and team change there."
    )
    def managed_by_provider(self) -> bool:
        return bool(self.private.scimManaged)

    @strawberry.field(description="Visible to the member and organisers only; null for others.")
    def email(self, info: Info) -> str | None:
        return self.private.email if _visible_private(info, self.member_id) else None

    @strawberry.field(description="Whether they opted out of recommendations; the member and organisers only.")
    def recommendation_opt_out(self, info: Info) -> bool | None:
        return self.private.optOut if _visible_private(info, self.member_id) else None

    # Consent (api/consent.py): the pause and kinds like the opt-out; the list its owner's only.
    @strawberry.field(
        description="While proposals are paused, the day they start again; the member and organisers only."
    )
    def recommendation_paused_until(self, info: Info) -> date | None:
        from graph_api.api.consent import paused_until

        return paused_until(self.private) if _visible_private(info, self.member_id) else None

    @strawberry.field(
        description=(
            "Whether proposals are paused because three “did you meet?” questions are unanswered (until the "
            "member answers one or resumes); the member and organisers only."
        )
    )
    def proposals_paused_for_follow_ups(self, info: Info) -> bool | None:
        from graph_api.api.followups import paused_for_follow_ups

        return paused_for_follow_ups(self.private) if _visible_private(info, self.member_id) else None

    @strawberry.field(description="The kinds of proposal the member wants; the member and organisers only.")
    def proposal_kinds(
        self, info: Info
    ) -> list[Annotated["ProposalKind", strawberry.lazy("graph_api.api.proposals")]] | None:
        from graph_api.api.consent import proposal_kinds

        return proposal_kinds(self.private) if _visible_private(info, self.member_id) else None

    @strawberry.field(
        description="The people this member asked never to be proposed with: the member themselves only (null for anyone else)."
    )
    async def no_intro_list(self, info: Info) -> list[Member] | None:
        from graph_api.api.consent import no_intro_list

        viewer = info.context.viewer
        if viewer is None or not viewer.is_member(self.member_id):
            return None
        return await no_intro_list(info, self.member_id)

    @strawberry.field(
        description="Whether this member is on the signed-in member's own \"don't introduce me to\" list; null for API tokens."
    )
    async def on_my_no_intro_list(self, info: Info) -> bool | None:
        from graph_api.api.consent import on_my_no_intro_list

        return await on_my_no_intro_list(info, self.member_id)

    # Read ahead for a page of members (api.read_ahead): then these answer without awaiting.
    @strawberry.field(description="Passions, strongest first.")
    def passions(self, info: Info) -> list[MemberPassion]:
        return soon(info.context.loaders.passions_of.load(self.member_id), _member_passions)

    @strawberry.field
    def team(self, info: Info) -> Team | None:
        return soon(info.context.loaders.team_of.load(self.member_id), _team)

    @strawberry.field
    def site(self, info: Info) -> Site | None:
        return soon(info.context.loaders.site_of.load(self.member_id), _site)

    @strawberry.field(description="How many bonds this member has (any kind).")
    def bond_count(self, info: Info) -> int:
        return soon(info.context.loaders.bond_count_of.load(self.member_id), int)

    @strawberry.field(description="Bond details: the member and organisers only; null for others.")
    async def bonds(self, info: Info) -> list[Bond] | None:
        if not _visible_private(info, self.member_id):
            return None
        return [Bond.from_model(b) for b in await info.context.loaders.bonds_of.load(self.member_id)]

    @strawberry.field(description="Skills this member seeks: the member and organisers only; null for others.")
    async def seeks(self, info: Info) -> list[Skill] | None:
        if not _visible_private(info, self.member_id):
            return None
        return [Skill.from_model(s) for s in await info.context.loaders.seeks_of.load(self.member_id)]

    @strawberry.field(description="Skills this member offers to others.")
    async def offers(self, info: Info) -> list[Skill]:
        return [Skill.from_model(s) for s in await info.context.loaders.offers_of.load(self.member_id)]

    @strawberry.field(description="Purpose communities this member belongs to.")
    async def communities(
        self, info: Info
    ) -> list[Annotated["PurposeCommunity", strawberry.lazy("graph_api.api.proposals")]]:
        # Imported here: the proposals module builds on these types.
        from graph_api.api.proposals import communities_of_member

        return await communities_of_member(info, self.member_id)

    @strawberry.field(description="Which mails this member gets: the member themselves only; null for others.")
    async def mail_choices(self, info: Info) -> Annotated["MailChoices", strawberry.lazy("graph_api.api.mail")] | None:
        from graph_api.api.mail import mail_choices_of

        return await mail_choices_of(info, self.member_id)


@strawberry.type(description="A member's passion and how strongly they hold it (1 to 5).")
class MemberPassion:
    passion: Passion
    intensity: int
    since: str

    @classmethod
    def from_model(cls, link: model.PassionLink) -> MemberPassion:
        return cls(passion=Passion.from_model(link.passion), intensity=link.intensity, since=link.since)


@strawberry.type(description="A shared interest or cause; names normalise to one slug.")
class Passion(relay.Node):
    passion_id: relay.NodeID[str]
    slug: str
    name: str
    description: str

    @classmethod
    def from_model(cls, passion: model.Passion) -> Passion:
        return cls(passion_id=passion.id, slug=passion.slug, name=passion.name, description=passion.description)

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> Sequence[Passion | None]:
        found = await info.context.loaders.passion.load_many(list(node_ids))
        return [cls.from_model(p) if p else None for p in found]

    @strawberry.field
    def key(self) -> str:
        return self.passion_id

    @strawberry.field(description="Members who hold this passion, by name.")
    async def members(self, info: Info, first: int = PAGE_DEFAULT, after: str | None = None) -> Connection[Member]:
        return await _members_where(info, first, after, passions=[self.slug])

    @strawberry.field(description="How many members hold this passion.")
    async def member_count(self, info: Info) -> int:
        # Counted apart from the reach: teams and sites cost a visit to every member.
        return await info.context.loaders.passion_member_count.load(self.passion_id)

    @strawberry.field(description="How many distinct teams its members come from.")
    async def team_count(self, info: Info) -> int:
        return (await info.context.loaders.passion_reach.load(self.passion_id)).teams

    @strawberry.field(description="How many distinct sites its members come from.")
    async def site_count(self, info: Info) -> int:
        return (await info.context.loaders.passion_reach.load(self.passion_id)).sites


@strawberry.type(description="A team (a bond structure); teams may sit inside a parent unit.")
class Team(relay.Node):
    team_id: relay.NodeID[str]
    name: str
    parent_key: strawberry.Private[str | None]

    @classmethod
    def from_model(cls, team: model.Team) -> Team:
        return cls(team_id=team.id, name=team.name, parent_key=team.parentId)

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False) -> Sequence[Team | None]:
        found = await info.context.loaders.team.load_many(list(node_ids))
        return [cls.from_model(t) if t else None for t in found]

    @strawberry.field
    def key(self) -> str:
        return self.team_id

    @strawberry.field(description="The unit this team belongs to, if any.")
    async def parent(self, info: Info) -> Team | None:
        if self.parent_key is None:
            return None
        parent = await info.context.loaders.team.load(self.parent_key)
        return Team.from_model(parent) if parent else None

    @strawberry.field
    async def member_count(self, info: Info) -> int:
        return await info.context.loaders.team_member_count.load(self.team_id)

    @strawberry.field(description="Members of this team, by name.")
    async def members(self, info: Info, first: int = PAGE_DEFAULT, after: str | None = None) -> Connection[Member]:
        return await _members_where(info, first, after, team=strawberry.ID(self.team_id))


@strawberry.type(description="A place people work from (a bond structure).")
class Site(relay.Node):
    site_id: relay.NodeID[str]
    name: str
    city: str

    @classmethod
    def from_model(cls, site: model.Site) -> Site:
        return cls(site_id=site.id, name=site.name, city=site.city)

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False) -> Sequence[Site | None]:
        found = await info.context.loaders.site.load_many(list(node_ids))
        return [cls.from_model(s) if s else None for s in found]

    @strawberry.field
    def key(self) -> str:
        return self.site_id

    @strawberry.field
    async def member_count(self, info: Info) -> int:
        return await info.context.loaders.site_member_count.load(self.site_id)

    @strawberry.field(description="Members based at this site, by name.")
    async def members(self, info: Info, first: int = PAGE_DEFAULT, after: str | None = None) -> Connection[Member]:
        return await _members_where(info, first, after, site=strawberry.ID(self.site_id))


@strawberry.type(description="A skill members seek or offer.")
class Skill(relay.Node):
    skill_id: relay.NodeID[str]
    slug: str
    name: str

    @classmethod
    def from_model(cls, skill: model.Skill) -> Skill:
        return cls(skill_id=skill.id, slug=skill.slug, name=skill.name)

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False) -> Sequence[Skill | None]:
        found = await visible_skills(info, list(node_ids))
        return [cls.from_model(s) if s else None for s in found]

    @strawberry.field
    def key(self) -> str:
        return self.skill_id

    @strawberry.field(description="Members who offer this skill, by name.")
    async def offered_by(self, info: Info, first: int = PAGE_DEFAULT, after: str | None = None) -> Connection[Member]:
        return await _members_where(info, first, after, offers=self.slug)

    @strawberry.field(description="Members who seek this skill: organisers only; null for others.")
    async def sought_by(
        self, info: Info, first: int = PAGE_DEFAULT, after: str | None = None
    ) -> Connection[Member] | None:
        viewer = info.context.viewer
        if viewer is None or not viewer.is_organiser:
            return None
        return await _members_where(info, first, after, seeks=self.slug)


@strawberry.enum(description="What kind of bond links two members.")
class BondKind(enum.Enum):
    COLLEAGUE = "colleague"
    MET = "met"
    MENTOR = "mentor"
    COLLABORATED = "collaborated"
    FRIEND = "friend"


@strawberry.type(description="A bond between two members, read from one of them.")
class Bond:
    kind: BondKind
    strength: float
    since: str
    source: str
    other_key: strawberry.Private[str]

    @classmethod
    def from_model(cls, bond: model.Bond) -> Bond:
        return cls(kind=BondKind(bond.kind), strength=bond.strength, since=bond.since, source=bond.source, other_key=bond.otherId)

    @strawberry.field(description="The other member of the bond.")
    async def other(self, info: Info) -> Member | None:
        member = await info.context.loaders.member.load(self.other_key)
        return Member.from_model(member) if member else None


__all__ = ["Bond", "BondKind", "Member", "MemberPassion", "Passion", "Site", "Skill", "Team"]


def _member_passions(links: list[model.PassionLink]) -> list[MemberPassion]:
    return [MemberPassion.from_model(link) for link in links]


def _team(team: model.Team | None) -> Team | None:
    return Team.from_model(team) if team else None


def _site(site: model.Site | None) -> Site | None:
    return Site.from_model(site) if site else None
