"""What every resolver receives: the viewer, the repository, the DataLoaders."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from starlette.requests import Request
from strawberry.dataloader import DataLoader
from strawberry.types import Info as StrawberryInfo

from graph_api.accounts.service import AccountService
from graph_api.accounts.viewer import Viewer
from graph_api.errors import ForbiddenError, UnauthenticatedError
from graph_api.domain.events import TablePlan
from graph_api.domain.model import Bond, Member, Passion, PassionLink, Site, Skill, Team
from graph_api.domain.proposals import ProposalEntry
from graph_api.metrics.loaders import measured
from graph_api.settings import Settings
from graph_api.store.browse import PassionReach
from graph_api.store.repository import GraphRepository


class Loaders:
    """One set per request, so a page of members costs one round trip per kind of detail
    (each a batch read of `repository.batch_reads`). Each loader is made when first used:
    most requests use two or three of them."""

    def __init__(self, repository: GraphRepository) -> None:
        self._reads = repository.batch_reads
        self._events = repository.events

    @cached_property
    def member(self) -> DataLoader[str, Member | None]:
        return DataLoader(measured("member", self._reads.members))

    @cached_property
    def member_by_handle(self) -> DataLoader[str, Member | None]:
        return DataLoader(measured("member_by_handle", self._reads.members_by_handle))

    @cached_property
    def passions_of(self) -> DataLoader[str, list[PassionLink]]:
        return DataLoader(measured("passions_of", self._reads.passions_of))

    @cached_property
    def team_of(self) -> DataLoader[str, Team | None]:
        return DataLoader(measured("team_of", self._reads.team_of))

    @cached_property
    def site_of(self) -> DataLoader[str, Site | None]:
        return DataLoader(measured("site_of", self._reads.site_of))

    @cached_property
    def bond_count_of(self) -> DataLoader[str, int]:
        return DataLoader(measured("bond_count_of", self._reads.bond_count_of))

    @cached_property
    def bonds_of(self) -> DataLoader[str, list[Bond]]:
        return DataLoader(measured("bonds_of", self._reads.bonds_of))

    @cached_property
    def seeks_of(self) -> DataLoader[str, list[Skill]]:
        return DataLoader(measured("seeks_of", self._reads.seeks_of))

    @cached_property
    def offers_of(self) -> DataLoader[str, list[Skill]]:
        return DataLoader(measured("offers_of", self._reads.offers_of))

    @cached_property
    def passion(self) -> DataLoader[str, Passion | None]:
        return DataLoader(measured("passion", self._reads.passions))

    @cached_property
    def passion_by_slug(self) -> DataLoader[str, Passion | None]:
        return DataLoader(measured("passion_by_slug", self._reads.passions_by_slug))

    @cached_property
    def passion_reach(self) -> DataLoader[str, PassionReach]:
        return DataLoader(measured("passion_reach", self._reads.passion_reach))

    @cached_property
    def team(self) -> DataLoader[str, Team | None]:
        return DataLoader(measured("team", self._reads.teams))

    @cached_property
    def site(self) -> DataLoader[str, Site | None]:
        return DataLoader(measured("site", self._reads.sites))

    @cached_property
    def skill(self) -> DataLoader[str, Skill | None]:
        return DataLoader(measured("skill", self._reads.skills))

    @cached_property
    def passion_member_count(self) -> DataLoader[str, int]:
        return DataLoader(measured("passion_member_count", self._reads.passion_member_counts))

    @cached_property
    def team_member_count(self) -> DataLoader[str, int]:
        return DataLoader(measured("team_member_count", self._reads.team_member_counts))

    @cached_property
    def site_member_count(self) -> DataLoader[str, int]:
        return DataLoader(measured("site_member_count", self._reads.site_member_counts))

    @cached_property
    def communities_of(self) -> DataLoader[str, list[ProposalEntry]]:
        return DataLoader(measured("communities_of", self._reads.communities_of))

    @cached_property
    def table_plan(self) -> DataLoader[str, TablePlan | None]:
        """An event's table plan, read once per request however many fields use it (the plan and your seats)."""

        async def table_plans(event_ids: list[str]) -> list[TablePlan | None]:
            return [await self._events.table_plan(event_id=event_id) for event_id in event_ids]

        return DataLoader(measured("table_plan", table_plans))


@dataclass
class Context:
    request: Request
    response: Any
    settings: Settings
    repository: GraphRepository
    accounts: AccountService
    viewer: Viewer | None
    loaders: Loaders
    #: Why the request's token was refused, if it was (the request then runs as anonymous).
    auth_error: UnauthenticatedError | None = None

    def require_viewer(self) -> Viewer:
        if self.viewer is None:
            raise UnauthenticatedError("sign in first: this needs a member session or an API token")
        return self.viewer

    @property
    def member_id(self) -> str | None:
        """The signed-in member's id; None for a visitor or an API token."""
        return self.viewer.member_id if self.viewer is not None else None

    def require_member_id(self) -> str:
        viewer = self.require_viewer()
        if viewer.member_id is None:
            raise ForbiddenError("only a signed-in member can do this, not an API token")
        return viewer.member_id


Info = StrawberryInfo[Context, None]
