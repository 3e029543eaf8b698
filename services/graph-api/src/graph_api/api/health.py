"""Community health: the KPI report of a scope, targets on its KPIs, and their history.

Organisers, and integrators whose API token has the read scope, read them; organisers set
targets and take snapshots. A team, site or passion with fewer members than
KINDRED_KPI_MIN_GROUP shows no figures to anyone but organisers: its report and history are
refused (TOO_FEW_MEMBERS, saying why), its row in a larger report is marked `suppressed`. The GraphQL types are in api/health_types.py; the graph is read
by the KPI store (``repository.kpis``, store/kpis.py), the figures computed by graph_api.kpis.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Annotated

import strawberry

from graph_api.api.context import Info
from graph_api.api.events import events_by_id
from graph_api.api.health_types import (
    BROKERS_TOP,
    MIN_PASSION_MEMBERS,
    CommunityHealth,
    HealthScopeInput,
    HealthScopeKind,
    KpiDefinition,
    KpiName,
    KpiPoint,
    KpiSnapshot,
    KpiTarget,
)
from graph_api.api.ids import plain_id
from graph_api.api.permissions import ORGANISER, ORGANISER_OR_READER
from graph_api.domain import rules
from graph_api.errors import BadInputError, NotFoundError, TooFewMembersError
from graph_api.kpis import health as h
from graph_api.kpis.targets import KPIS, check_target
from graph_api.store.repository import new_id

#: The longest history one call returns, in days.
HISTORY_DAYS_MAX = 3700


def _today() -> date:
    return datetime.now(timezone.utc).date()


async def resolve_scope(info: Info, scope: HealthScopeInput | None) -> h.Scope:
    """The scope asked for, checked: a team, site or passion must exist."""
    if scope is None or scope.kind is HealthScopeKind.COMMUNITY:
        if scope is not None and scope.id is not None:
            raise BadInputError("the COMMUNITY scope takes no id", field="scope.id")
        return h.Scope.community()
    if not scope.id:
        raise BadInputError(f"a {scope.kind.name} scope needs an id", field="scope.id")
    loaders = info.context.loaders
    if scope.kind is HealthScopeKind.TEAM:
        team_id = plain_id(scope.id, "Team", field="scope.id")
        if await loaders.team.load(team_id) is None:
            raise NotFoundError(f"no team has the id {team_id!r}", field="scope.id")
        return h.Scope.team(team_id)
    if scope.kind is HealthScopeKind.SITE:
        site_id = plain_id(scope.id, "Site", field="scope.id")
        if await loaders.site.load(site_id) is None:
            raise NotFoundError(f"no site has the id {site_id!r}", field="scope.id")
        return h.Scope.site(site_id)
    slug = rules.slugify(str(scope.id))
    if not slug or await loaders.passion_by_slug.load(slug) is None:
        raise NotFoundError(f"no passion has the slug {str(scope.id)!r}", field="scope.id")
    return h.Scope.passion(slug)


def min_group(info: Info) -> int | None:
    """The fewest members a breakdown needs for this viewer to see its figures; None: every
    breakdown (organisers)."""
    viewer = info.context.viewer
    if viewer is not None and viewer.is_organiser:
        return None
    return info.context.settings.kpi_min_group


def _refuse_small_scope(scope: h.Scope, members: int | None, minimum: int | None) -> None:
    if minimum is None or members is None or scope.kind == "community" or members >= minimum:
        return
    raise TooFewMembersError(
        f"this {scope.kind} has fewer than {minimum} members: its figures are shown to organisers only, "
        "so that no one in it can be singled out",
        field="scope",
    )


@strawberry.type
class HealthQueries:
    @strawberry.field(
        description=(
            "The community health report of a scope (default: the whole community) on asOf (default: today, "
            "UTC): silos, modularity, cross-team ties, purpose coverage, isolation, brokers, needs, trust, "
            "engagement, event conversion and proposal conversion (accepted intros and groups that met). Reads the whole graph: seconds at 100,000 members."
        ),
        permission_classes=ORGANISER_OR_READER,
    )
    async def community_health(
        self, info: Info, as_of: date | None = None, scope: HealthScopeInput | None = None
    ) -> CommunityHealth:
        resolved = await resolve_scope(info, scope)
        report = await info.context.repository.kpis.health_report(
            scope=resolved, as_of=as_of or _today(), min_passion_members=MIN_PASSION_MEMBERS, brokers_top=BROKERS_TOP,
            followup_days=info.context.settings.followup_days,
        )
        minimum = min_group(info)
        _refuse_small_scope(resolved, report.members, minimum)
        events = await events_by_id(info, [e.event for e in report.events]) if report.events else {}
        return CommunityHealth.from_report(report, events, min_group=minimum)

    @strawberry.field(
        description="Every scalar KPI (KpiName) with its name and description for people, better direction and range.",
        permission_classes=ORGANISER_OR_READER,
    )
    def kpi_definitions(self) -> list[KpiDefinition]:
        return [KpiDefinition.from_kpi(kpi) for kpi in KPIS.values()]

    @strawberry.field(
        description="KPI targets of a scope (default: every target), each with where it stands on asOf (default today).",
        permission_classes=ORGANISER_OR_READER,
    )
    async def kpi_targets(
        self, info: Info, scope: HealthScopeInput | None = None, as_of: date | None = None
    ) -> list[KpiTarget]:
        kpis = info.context.repository.kpis
        targets = await kpis.targets(scope=None if scope is None else await resolve_scope(info, scope))
        if not targets:
            return []
        day = as_of or _today()
        reports = await kpis.health_reports(scopes=[t.scope for t in targets], as_of=day,
                                            followup_days=info.context.settings.followup_days)
        minimum = min_group(info)
        built = [KpiTarget.build(t, t.kpi.value(reports[t.scope]), day) for t in targets]
        return [
            target.without_figures(minimum)
            if minimum is not None and t.scope.kind != "community" and reports[t.scope].members < minimum
            else target
            for t, target in zip(targets, built)
        ]

    @strawberry.field(
        description=f"One KPI of a scope (default: the community) by day, from the snapshots taken from `from` "
        f"to `to` (at most {HISTORY_DAYS_MAX} days), oldest first.",
        permission_classes=ORGANISER_OR_READER,
    )
    async def community_health_history(
        self,
        info: Info,
        kpi: KpiName,  # type: ignore[valid-type]
        from_: Annotated[date, strawberry.argument(name="from")],
        to: date,
        scope: HealthScopeInput | None = None,
    ) -> list[KpiPoint]:
        if from_ > to:
            raise BadInputError("from must not be after to", field="from")
        if (to - from_).days > HISTORY_DAYS_MAX:
            raise BadInputError(f"ask for at most {HISTORY_DAYS_MAX} days at a time", field="to")
        resolved = await resolve_scope(info, scope)
        minimum = min_group(info)
        if minimum is not None:
            _refuse_small_scope(resolved, await info.context.repository.kpis.scope_members(scope=resolved), minimum)
        series = await info.context.repository.kpis.history(
            kpi=KPIS[kpi.value], scope=resolved, start=from_, end=to
        )
        return [KpiPoint(at=at, value=value) for at, value in series]


@strawberry.type
class HealthMutations:
    @strawberry.mutation(
        description=(
            "Set a target on a KPI of a scope (default: the community): where it should be by a date (today or "
            "later). Its value now is kept as the baseline progress is measured from."
        ),
        permission_classes=ORGANISER,
    )
    async def set_kpi_target(
        self,
        info: Info,
        kpi: KpiName,  # type: ignore[valid-type]
        target: float,
        by: date,
        scope: HealthScopeInput | None = None,
    ) -> KpiTarget:
        definition = KPIS[kpi.value]
        today = _today()
        value = check_target(definition, target, by, today)
        resolved = await resolve_scope(info, scope)
        kpis = info.context.repository.kpis
        baseline = definition.value(
            await kpis.health_report(scope=resolved, as_of=today, followup_days=info.context.settings.followup_days)
        )
        stored = await kpis.create_target(target_id=new_id("kpitarget"), kpi=definition, scope=resolved,
                                          target=value, by=by, baseline=baseline, today=today)
        return KpiTarget.build(stored, baseline, today)

    @strawberry.mutation(description="Remove a KPI target.", permission_classes=ORGANISER)
    async def remove_kpi_target(self, info: Info, id: strawberry.ID) -> bool:
        if not await info.context.repository.kpis.remove_target(target_id=str(id)):
            raise NotFoundError(f"no KPI target has the id {str(id)!r}", field="id")
        return True

    @strawberry.mutation(
        description=(
            "Store today's (or `at`'s, not in the future) KPIs of the community, of the scope given and of every "
            "scope a target is set on: one snapshot per scope and day, replacing that day's. A daily cron runs "
            "`python -m graph_api snapshot-kpis` for the same."
        ),
        permission_classes=ORGANISER,
    )
    async def snapshot_community_health(
        self, info: Info, scope: HealthScopeInput | None = None, at: date | None = None
    ) -> list[KpiSnapshot]:
        today = _today()
        day = at or today
        if day > today:
            raise BadInputError(f"at ({day.isoformat()}) is in the future", field="at")
        resolved = await resolve_scope(info, scope)
        snapshots = await info.context.repository.kpis.take_snapshots(scopes=[resolved], at=day)
        return [KpiSnapshot.from_snapshot(s) for s in snapshots]
