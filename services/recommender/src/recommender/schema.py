"""The recommender's GraphQL API: `propose` runs the recommender on demand and stores a draft set.

The caller sends a graph-api bearer token (an organiser's session token or an API token with
the read and write scopes); the recommender reads and writes graph-api with that very token, so
who may propose is decided by graph-api alone. Every error carries `extensions.code`:
graph-api's own codes pass through, bad parameters are BAD_USER_INPUT, a missing token is
UNAUTHENTICATED, an unreachable graph-api is GRAPH_API_UNAVAILABLE (DATABASE_UNAVAILABLE when graph-api says its database is down), and anything unexpected is
masked as INTERNAL_SERVER_ERROR with an error id that is also logged.
"""

from __future__ import annotations

from collections.abc import Iterator
import enum
import logging
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import strawberry
from graphql.error import GraphQLError
from starlette.requests import Request
from strawberry.extensions import SchemaExtension
from strawberry.scalars import JSON
from strawberry.types import Info as StrawberryInfo

from recommender import runs
from recommender.graph_client import GraphApiError, GraphApiUnavailable, GraphClient
from recommender.metrics import observed_run
from recommender.logs import current_request_id
from recommender.model import Quality as QualityModel
from recommender.settings import Settings

log = logging.getLogger("recommender.errors")


@dataclass
class Context:
    request: Request
    settings: Settings
    #: One connection pool to graph-api for the whole service.
    http: httpx.AsyncClient

    def bearer_token(self) -> str:
        scheme, _, token = self.request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise ServiceError(
                "UNAUTHENTICATED",
                "send a graph-api token in the Authorization header (Bearer <organiser session token or API token>)",
            )
        return token.strip()


Info = StrawberryInfo[Context, None]


class ServiceError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@strawberry.enum(description="What to propose.")
class ProposalKind(enum.Enum):
    PURPOSE = "purpose"
    INTROS = "intros"
    EVENTS = "events"
    SKILLS = "skills"


@strawberry.input(description="Run parameters; each kind takes only its own (others are refused), left out = default.")
class ProposeInput:
    seed: int | None = strawberry.field(default=None, description="0 to 2^31-1 (default 0): same seed, same result.")
    block_days: int | None = strawberry.field(
        default=None, description="Days a declined pair stays blocked (default RECOMMENDER_BLOCK_DAYS)."
    )
    min_size: int | None = strawberry.field(default=None, description="PURPOSE: smallest group (default 4).")
    max_size: int | None = strawberry.field(default=None, description="PURPOSE: largest group (default 8).")
    max_groups_per_member: int | None = strawberry.field(default=None, description="PURPOSE: default 1.")
    cohesion_weight: float | None = strawberry.field(default=None, description="PURPOSE: default 0.5.")
    bridging_weight: float | None = strawberry.field(default=None, description="PURPOSE: default 0.5.")
    focus_passions: list[str] | None = strawberry.field(default=None, description="PURPOSE: only these passion slugs.")
    round_index: int | None = strawberry.field(default=None, description="INTROS: the round (default 0).")
    max_seekers_per_offerer: int | None = strawberry.field(default=None, description="SKILLS: default 3.")
    event_id: strawberry.ID | None = strawberry.field(
        default=None, description="EVENTS: the event; its attendees come from graph-api's event(id)."
    )
    attendees: list[strawberry.ID] | None = strawberry.field(
        default=None, description="EVENTS: the attendees' member keys (instead of, or overriding, the event's)."
    )
    table_size: int | None = strawberry.field(default=None, description="EVENTS: seats per table (default 4).")
    rounds: int | None = strawberry.field(default=None, description="EVENTS: default 3.")
    time_limit: float | None = strawberry.field(default=None, description="EVENTS: seconds of search (default 50).")
    aims: list[strawberry.ID] | None = strawberry.field(
        default=None,
        description=(
            "PURPOSE and INTROS: aim the run at these KPI targets (graph-api's kpiTargets ids, at most 5). Targets on "
            "SILO_INDEX_TEAMS, SILO_INDEX_SITES, CROSS_TEAM_BOND_SHARE, ISOLATED_SHARE and TEAM_BOUND_SHARE can be "
            "aimed at; the set's quality then reports each one's current and predicted value (quality.aims)."
        ),
    )
    aim_weight: float | None = strawberry.field(
        default=None,
        description="PURPOSE and INTROS, with aims: how much the aimed KPIs weigh against purpose, 0 to 1 (default 0.5).",
    )


@strawberry.type(description="An aimed KPI target: its value now and if every proposal were accepted and formed its ties.")
class AimFigure:
    target_id: strawberry.ID
    kpi: str = strawberry.field(description="graph-api's KpiName.")
    label: str = strawberry.field(description="The KPI's name for people.")
    scope_kind: str = strawberry.field(description="community, team, site or passion.")
    scope_id: str | None
    scope_name: str = strawberry.field(description="The scope's name for people.")
    current: float | None
    predicted: float | None
    target: float
    by: str = strawberry.field(description="The day the target should be met (YYYY-MM-DD).")
    higher_is_better: bool
    unit: str = strawberry.field(description="share (0 to 1, a percentage) or index.")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> AimFigure:
        return cls(
            target_id=strawberry.ID(row["targetId"]), kpi=row["kpi"], label=row["label"], scope_kind=row["scopeKind"],
            scope_id=row["scopeId"], scope_name=row["scopeName"], current=row["current"], predicted=row["predicted"],
            target=row["target"], by=row["by"], higher_is_better=row["higherIsBetter"], unit=row["unit"],
        )


@strawberry.type(description="How good the recommender judged a proposal set (recommender.model.Quality).")
class ProposalQuality:
    cohesion: float
    bridging_teams: float
    bridging_sites: float
    novelty: float
    coverage: float
    size_violations: int
    repeated_pairs: int
    silo_index_before: float
    silo_index_after: float
    extra: JSON = strawberry.field(description="The algorithm's own figures.")
    aims: list[AimFigure] = strawberry.field(description="The KPI targets the run was aimed at; empty when none.")

    @classmethod
    def from_model(cls, quality: QualityModel) -> ProposalQuality:
        figures = runs.quality_json(quality)
        return cls(
            cohesion=figures["cohesion"] or 0.0,
            bridging_teams=figures["bridgingTeams"] or 0.0,
            bridging_sites=figures["bridgingSites"] or 0.0,
            novelty=figures["novelty"] or 0.0,
            coverage=figures["coverage"] or 0.0,
            size_violations=quality.size_violations,
            repeated_pairs=quality.repeated_pairs,
            silo_index_before=figures["siloIndexBefore"] or 0.0,
            silo_index_after=figures["siloIndexAfter"] or 0.0,
            extra=figures["extra"],
            aims=[AimFigure.from_row(row) for row in figures.get("aims", [])],
        )


@strawberry.type(description="A stored draft proposal set: organisers review and publish it in graph-api.")
class ProposeResult:
    proposal_set_id: strawberry.ID | None = strawberry.field(
        description="graph-api's ProposalSet id; null when there was nothing to propose (nothing stored)."
    )
    kind: ProposalKind
    algorithm_version: str
    quality: ProposalQuality
    grouping_count: int = strawberry.field(description="How many groupings the set holds.")
    member_count: int = strawberry.field(description="Members in the snapshot the run worked on.")
    notes: list[str]


@strawberry.type(description="An algorithm and its version.")
class Algorithm:
    kind: ProposalKind
    version: str


@strawberry.type
class Query:
    @strawberry.field(description="The algorithms this service runs.")
    def algorithms(self) -> list[Algorithm]:
        versions = runs.ALGORITHM_VERSIONS.items()
        return [Algorithm(kind=ProposalKind(kind), version=version) for kind, version in versions]


def _run_parameters(parameters: ProposeInput | None) -> dict[str, Any]:
    if parameters is None:
        return {}
    values = {name: getattr(parameters, name) for name in runs.RunParameters.model_fields}
    for name in ("focus_passions", "attendees", "aims"):
        if values[name] is not None:
            values[name] = tuple(str(item) for item in values[name])
    if values["event_id"] is not None:
        values["event_id"] = str(values["event_id"])
    return values


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description=(
            "Run the recommender now on the whole community and store the result in graph-api as a draft "
            "proposal set (publish it there). Needs a token that may read the snapshot and store proposals."
        )
    )
    async def propose(self, info: Info, kind: ProposalKind, parameters: ProposeInput | None = None) -> ProposeResult:
        context = info.context
        token = context.bearer_token()
        values = _run_parameters(parameters)
        runs.parse_parameters(kind.value, values)  # refuse bad parameters before reading anything
        settings = context.settings
        client = GraphClient(
            settings.graph_api_url,
            token,
            timeout=settings.timeout_seconds,
            store_timeout=settings.store_timeout_seconds,
            connect_timeout=settings.connect_timeout_seconds,
            page_size=settings.page_size,
            http=context.http,
        )
        with observed_run(kind.value):
            stored = await runs.run(kind.value, values, client, block_days=settings.block_days)
        return ProposeResult(
            proposal_set_id=strawberry.ID(stored.proposal_set_id) if stored.proposal_set_id else None,
            kind=kind,
            algorithm_version=stored.algorithm_version,
            quality=ProposalQuality.from_model(stored.quality),
            grouping_count=stored.groupings,
            member_count=stored.members,
            notes=list(stored.notes),
        )


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


class RecommenderErrors(SchemaExtension):
    """Gives every error an `extensions.code`; masks unexpected ones (see the module doc), through
    Strawberry's public `on_operation` hook, as graph-api's KindredErrors does.

    Usage: ``strawberry.Schema(..., extensions=[RecommenderErrors])`` (last, so it sees every error).
    """

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            result.errors = [self._present(error) for error in result.errors]

    def _present(self, error: GraphQLError) -> GraphQLError:
        original = error.original_error
        if isinstance(original, runs.BadParameters):
            extensions: dict[str, Any] = {"code": original.code}
            if original.field:
                extensions["field"] = _camel(original.field)
            return self._with(error, original.message, extensions)
        if isinstance(original, GraphApiError):
            extensions = {"code": original.code}
            if original.field:
                extensions["field"] = original.field
            return self._with(error, f"graph-api: {original.message}", extensions)
        if isinstance(original, GraphApiUnavailable):
            return self._with(error, original.message, {"code": original.code})
        if isinstance(original, ServiceError):
            return self._with(error, original.message, {"code": original.code})
        if original is None or (isinstance(original, GraphQLError) and original.original_error is None):
            # Refused before execution (validation) or while coercing a value.
            code = "GRAPHQL_VALIDATION_FAILED" if error.path is None else "BAD_USER_INPUT"
            return self._with(error, error.message, {**(error.extensions or {}), "code": code})
        error_id = uuid.uuid4().hex[:16]
        log.error("internal error %s at %s", error_id, error.path, exc_info=original)
        extensions = {"code": "INTERNAL_SERVER_ERROR", "errorId": error_id}
        return self._with(error, f"internal error (id {error_id}); it has been logged", extensions)

    @staticmethod
    def _with(error: GraphQLError, message: str, extensions: dict[str, Any]) -> GraphQLError:
        if request_id := current_request_id():
            extensions = {**extensions, "requestId": request_id}
        return GraphQLError(
            message=message,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            original_error=None,
            extensions=extensions,
        )


schema = strawberry.Schema(query=Query, mutation=Mutation, extensions=[RecommenderErrors])
