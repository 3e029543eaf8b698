"""What every resolver receives: the viewer, the repository, the DataLoaders."""

from __future__ import annotations

from dataclasses import InitVar, dataclass, field
from typing import Any

from starlette.requests import Request
from strawberry.dataloader import DataLoader
from strawberry.types import Info as StrawberryInfo

from graph_api.accounts.service import AccountService
from graph_api.accounts.viewer import Viewer
from graph_api.errors import ForbiddenError, UnauthenticatedError
from graph_api.domain.model import Bond, Member, Passion, PassionLink, Site, Skill, Team
from graph_api.domain.proposals import ProposalEntry
from graph_api.settings import Settings
from graph_api.store.browse import PassionReach
from graph_api.store.repository import GraphRepository


@dataclass
class Loaders:
    """One set per request, so a page of members costs one round trip per kind of detail
    (each a batch read of `repository.batch_reads`)."""

    repository: InitVar[GraphRepository]
    member: DataLoader[str, Member | None] = field(init=False)
    member_by_handle: DataLoader[str, Member | None] = field(init=False)
    passions_of: DataLoader[str, list[PassionLink]] = field(init=False)
    team_of: DataLoader[str, Team | None] = field(init=False)
    site_of: DataLoader[str, Site | None] = field(init=False)
    bond_count_of: DataLoader[str, int] = field(init=False)
    bonds_of: DataLoader[str, list[Bond]] = field(init=False)
    seeks_of: DataLoader[str, list[Skill]] = field(init=False)
    offers_of: DataLoader[str, list[Skill]] = field(init=False)
    passion: DataLoader[str, Passion | None] = field(init=False)
    passion_by_slug: DataLoader[str, Passion | None] = field(init=False)
    passion_reach: DataLoader[str, PassionReach] = field(init=False)
    team: DataLoader[str, Team | None] = field(init=False)
    site: DataLoader[str, Site | None] = field(init=False)
    skill: DataLoader[str, Skill | None] = field(init=False)
    team_member_count: DataLoader[str, int] = field(init=False)
    site_member_count: DataLoader[str, int] = field(init=False)
    communities_of: DataLoader[str, list[ProposalEntry]] = field(init=False)

    def __post_init__(self, repository: GraphRepository) -> None:
        r = repository.batch_reads
        self.member = DataLoader(r.members)
        self.member_by_handle = DataLoader(r.members_by_handle)
        self.passions_of = DataLoader(r.passions_of)
        self.team_of = DataLoader(r.team_of)
        self.site_of = DataLoader(r.site_of)
        self.bond_count_of = DataLoader(r.bond_count_of)
        self.bonds_of = DataLoader(r.bonds_of)
        self.seeks_of = DataLoader(r.seeks_of)
        self.offers_of = DataLoader(r.offers_of)
        self.passion = DataLoader(r.passions)
        self.passion_by_slug = DataLoader(r.passions_by_slug)
        self.passion_reach = DataLoader(r.passion_reach)
        self.team = DataLoader(r.teams)
        self.site = DataLoader(r.sites)
        self.skill = DataLoader(r.skills)
        self.team_member_count = DataLoader(r.team_member_counts)
        self.site_member_count = DataLoader(r.site_member_counts)
        self.communities_of = DataLoader(r.communities_of)


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

    def require_member_id(self) -> str:
        viewer = self.require_viewer()
        if viewer.member_id is None:
            raise ForbiddenError("only a signed-in member can do this, not an API token")
        return viewer.member_id


Info = StrawberryInfo[Context, None]
