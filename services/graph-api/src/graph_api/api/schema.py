"""The GraphQL schema."""

from __future__ import annotations

import strawberry

from graph_api.api.context import Info
from graph_api.domain import model


@strawberry.type(description="A passion a member holds, with how strongly.")
class MemberPassion:
    slug: str
    name: str
    intensity: int


@strawberry.type(description="A person in the community.")
class Member:
    id: strawberry.ID
    handle: str
    name: str
    headline: str
    vision: str
    joined_at: str

    @classmethod
    def from_model(cls, member: model.Member) -> Member:
        return cls(
            id=strawberry.ID(member.id),
            handle=member.handle,
            name=member.name,
            headline=member.headline,
            vision=member.vision,
            joined_at=member.joinedAt,
        )

    @strawberry.field(description="The member's passions, strongest first.")
    async def passions(self, info: Info) -> list[MemberPassion]:
        links = await info.context.repository.member_passions(self.id)
        return [MemberPassion(slug=l.passion.slug, name=l.passion.name, intensity=l.intensity) for l in links]


@strawberry.type
class Query:
    @strawberry.field(description="Members ordered by name.")
    async def members(self, info: Info, first: int = 20) -> list[Member]:
        return [Member.from_model(m) for m in await info.context.repository.members(limit=first)]


schema = strawberry.Schema(query=Query)
