"""The GraphQL schema: each feature module contributes its queries and mutations."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry.types import ExecutionContext
from strawberry.tools import merge_types

from graph_api.api.accounts import AccountMutations, AccountQueries
from graph_api.api.bonds import BondMutations, BondQueries
from graph_api.api.calendar import CalendarMutations, CalendarQueries
from graph_api.api.consent import ConsentMutations
from graph_api.api.followups import FollowUpMutations, FollowUpQueries
from graph_api.api.browse import BrowseQueries
from graph_api.api.errors import KindredErrors
from graph_api.api.events import EventMutations, EventQueries
from graph_api.api.health import HealthMutations, HealthQueries
from graph_api.api.imports import ImportMutations
from graph_api.api.introspection import IntrospectionGate
from graph_api.api.caching import parse_cache, validation_cache
from graph_api.api.limits import QueryLimits, introspection_depth_rule, token_limiter
from graph_api.api.mail import MailMutations
from graph_api.api.members import MemberMutations, MemberQueries
from graph_api.api.graph_views import GraphViewQueries
from graph_api.api.node import NodeQueries
from graph_api.api.search import SearchQueries
from graph_api.api.organiser import OrganiserMutations
from graph_api.api.proposals import ProposalMutations, ProposalQueries
from graph_api.api.provisioning import ProvisioningMutations, ProvisioningQueries
from graph_api.api.snapshot import SnapshotQueries
from graph_api.api.types import Member, Passion, Site, Skill, Team
from graph_api.api.webhooks import WebhookMutations, WebhookQueries
from graph_api.api.identity_providers import IdentityProviderMutations, IdentityProviderQueries
from graph_api.errors import KindredError
from graph_api.metrics.operations import OperationMetrics

Query = merge_types("Query", (AccountQueries, MemberQueries, BrowseQueries, NodeQueries, BondQueries, SnapshotQueries, ProposalQueries, SearchQueries, GraphViewQueries, HealthQueries, EventQueries, CalendarQueries, WebhookQueries, FollowUpQueries, ProvisioningQueries,
    IdentityProviderQueries))
Mutation = merge_types("Mutation", (AccountMutations, MemberMutations, OrganiserMutations, BondMutations, ImportMutations, ProposalMutations, HealthMutations, EventMutations, MailMutations, CalendarMutations, ConsentMutations, WebhookMutations, FollowUpMutations, ProvisioningMutations,
    IdentityProviderMutations))



class KindredSchema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        """Refusals (bad input, limits, permissions) are answers, not faults: they are not logged.
        Anything else is logged as Strawberry does; KindredErrors masks it and logs its id."""
        unexpected = [error for error in errors if _is_fault(error)]
        if unexpected:
            super().process_errors(unexpected, execution_context)


def _is_fault(error: GraphQLError) -> bool:
    original = error.original_error
    if original is None or isinstance(original, KindredError):
        return False
    return not (isinstance(original, GraphQLError) and original.original_error is None)


schema = KindredSchema(
    query=Query,
    mutation=Mutation,
    types=[Member, Passion, Team, Site, Skill],
    # Order matters: the token limit sets the parser's options before the cached parse; the gate
    # and the limits refuse before validation; only what they let through is validated (cached).
    extensions=[
        OperationMetrics,  # first: it times the whole operation and reads the errors as presented
        token_limiter,
        parse_cache,
        IntrospectionGate,
        QueryLimits,
        introspection_depth_rule,
        validation_cache,
        KindredErrors,
    ],
)
