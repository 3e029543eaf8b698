"""The GraphQL schema: each feature module contributes its queries and mutations."""

from __future__ import annotations

import strawberry
from strawberry.tools import merge_types

from graph_api.api.accounts import AccountMutations, AccountQueries
from graph_api.api.bonds import BondMutations, BondQueries
from graph_api.api.browse import BrowseQueries
from graph_api.api.errors import KindredErrors
from graph_api.api.events import EventMutations, EventQueries
from graph_api.api.health import HealthMutations, HealthQueries
from graph_api.api.imports import ImportMutations
from graph_api.api.limits import limit_extensions
from graph_api.api.members import MemberMutations, MemberQueries
from graph_api.api.graph_views import GraphViewQueries
from graph_api.api.node import NodeQueries
from graph_api.api.search import SearchQueries
from graph_api.api.organiser import OrganiserMutations
from graph_api.api.proposals import ProposalMutations, ProposalQueries
from graph_api.api.snapshot import SnapshotQueries
from graph_api.api.types import Member, Passion, Site, Skill, Team

Query = merge_types("Query", (AccountQueries, MemberQueries, BrowseQueries, NodeQueries, BondQueries, SnapshotQueries, ProposalQueries, SearchQueries, GraphViewQueries, HealthQueries, EventQueries))
Mutation = merge_types("Mutation", (AccountMutations, MemberMutations, OrganiserMutations, BondMutations, ImportMutations, ProposalMutations, HealthMutations, EventMutations))

schema = strawberry.Schema(
    query=Query,
    mutation=Mutation,
    types=[Member, Passion, Team, Site, Skill],
    extensions=[*limit_extensions(), KindredErrors],
)
