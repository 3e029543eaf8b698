"""The GraphQL types of community health: scopes, the KPI report, KPI targets, definitions and history.

Every figure is defined in graph_api/kpis/health.py (the descriptions below are its
docstrings); the resolvers that build these types are in api/health.py.
"""

from __future__ import annotations

import dataclasses
import enum
import inspect
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.scalars import JSON

from graph_api.api.context import Info
from graph_api.api.events import Event
from graph_api.api.permissions import ORGANISER
from graph_api.api.types import Member, Passion, Site, Team
from graph_api.kpis import health as h
from graph_api.kpis.history import Snapshot
from graph_api.kpis.targets import KPIS, Kpi, StoredTarget

if TYPE_CHECKING:
    from graph_api.api.effects import AimedRun

#: Members a report lists by name (isolated members, members with passions but no group).
MEMBER_LIST_MAX = 50
#: Passions with at least this many in-scope members and no group are listed.
MIN_PASSION_MEMBERS = 5
BROKERS_TOP = 10


async def _members(info: Info, ids: Sequence[str]) -> list[Member]:
    found = await info.context.loaders.member.load_many(list(ids[:MEMBER_LIST_MAX]))
    return [Member.from_model(member) for member in found if member is not None]


# Scopes ----------------------------------------------------------------------------------------


@strawberry.enum(description="Which members a report is about.")
class HealthScopeKind(enum.Enum):
    COMMUNITY = "community"
    TEAM = "team"
    SITE = "site"
    PASSION = "passion"


@strawberry.input(description="Every member (COMMUNITY, no id), a team's or a site's (its id), or a passion's (its slug).")
class HealthScopeInput:
    kind: HealthScopeKind
    id: strawberry.ID | None = None


@strawberry.type(description="Which members a report is about: the community, a team, a site or a passion (slug).")
class HealthScope:
    kind: HealthScopeKind
    id: strawberry.ID | None

    @classmethod
    def from_scope(cls, scope: h.Scope) -> HealthScope:
        return cls(kind=HealthScopeKind(scope.kind), id=None if scope.id is None else strawberry.ID(scope.id))


# The report ------------------------------------------------------------------------------------


def _doc(value: Any) -> str:
    return inspect.cleandoc(value.__doc__ or "")


#: The conventions every figure shares (ties, scope, unknown teams, dates), from kpis/health.py.
CONVENTIONS = _doc(h).partition("Conventions shared by every figure\n----------------------------------")[2].strip()


def _members_field() -> Any:
    return strawberry.field(description="In-scope members of the group; null when suppressed.")


def _suppressed_field() -> Any:
    return strawberry.field(
        default=False,
        description="True when the group has too few members for this viewer to see its figures (then null).",
    )


def _reason_field() -> Any:
    return strawberry.field(default=None, description="Why the figures are not shown, in plain words; null when they are.")


def suppression_reason(minimum: int) -> str:
    return (
        f"Fewer than {minimum} members: figures about so few people are shown to organisers only, "
        "so that no one can be singled out."
    )


def _internal_field() -> Any:
    return strawberry.field(description="Counted ties with both ends in the group.")


def _external_field() -> Any:
    return strawberry.field(description="Counted ties with one end in the group and the other in another group.")


def _ei_field() -> Any:
    return strawberry.field(description="(external - internal) / (external + internal); null without ties.")


@strawberry.type(description=_doc(h.SiloIndex))
class TeamSilo:
    key: strawberry.ID = strawberry.field(description="The team's store id.")
    members: int | None = _members_field()
    internal: int | None = _internal_field()
    external: int | None = _external_field()
    ei: float | None = _ei_field()
    suppressed: bool = _suppressed_field()
    suppressed_reason: str | None = _reason_field()

    @strawberry.field
    async def team(self, info: Info) -> Team | None:
        team = await info.context.loaders.team.load(str(self.key))
        return Team.from_model(team) if team else None

    @strawberry.field(description="The team's name.")
    async def name(self, info: Info) -> str | None:
        team = await info.context.loaders.team.load(str(self.key))
        return team.name if team else None


@strawberry.type(description=_doc(h.SiloIndex))
class SiteSilo:
    key: strawberry.ID = strawberry.field(description="The site's store id.")
    members: int | None = _members_field()
    internal: int | None = _internal_field()
    external: int | None = _external_field()
    ei: float | None = _ei_field()
    suppressed: bool = _suppressed_field()
    suppressed_reason: str | None = _reason_field()

    @strawberry.field
    async def site(self, info: Info) -> Site | None:
        site = await info.context.loaders.site.load(str(self.key))
        return Site.from_model(site) if site else None

    @strawberry.field(description="The site's name.")
    async def name(self, info: Info) -> str | None:
        site = await info.context.loaders.site.load(str(self.key))
        return site.name if site else None


def _whole_internal() -> Any:
    return strawberry.field(description="In-scope ties (both ends with a known group) inside one group.")


def _whole_external() -> Any:
    return strawberry.field(description="In-scope ties (both ends with a known group) between two groups.")


def _whole_ei() -> Any:
    return strawberry.field(description="Community-wide E-I: (external - internal) / (external + internal); null without ties.")


@strawberry.type(description=_doc(h.SiloReport))
class TeamSiloReport:
    internal: int = _whole_internal()
    external: int = _whole_external()
    ei: float | None = _whole_ei()
    teams: list[TeamSilo] = strawberry.field(description="One per team with an in-scope member, most siloed first.")


@strawberry.type(description=_doc(h.SiloReport))
class SiteSiloReport:
    internal: int = _whole_internal()
    external: int = _whole_external()
    ei: float | None = _whole_ei()
    sites: list[SiteSilo] = strawberry.field(description="One per site with an in-scope member, most siloed first.")


@strawberry.type(description=_doc(h.Modularity))
class Modularity:
    members: int = strawberry.field(description="Nodes: the in-scope members.")
    ties: int = strawberry.field(description="Edges: ties with both ends in scope.")
    by_team: float | None = strawberry.field(description="Q partitioned by team (high: ties follow the org chart).")
    by_site: float | None = strawberry.field(description="Q partitioned by site.")
    by_purpose: float | None = strawberry.field(
        description="Q partitioned by purpose community (rising: purpose communities turn into real ties)."
    )


@strawberry.type(description=_doc(h.CrossSilo))
class CrossSilo:
    ties: int = strawberry.field(description="In-scope ties whose two ends have a known team.")
    cross_team: int = strawberry.field(description="Of those, ties whose ends are in different teams.")
    share: float | None = strawberry.field(description="crossTeam / ties.")
    ties_30d: int = strawberry.field(description="Such ties made (first bond's since) in the 30 days before asOf.")
    cross_team_30d: int
    share_30d: float | None = strawberry.field(description="crossTeam30d / ties30d.")
    ties_90d: int = strawberry.field(description="Such ties made in the 90 days before asOf.")
    cross_team_90d: int
    share_90d: float | None = strawberry.field(description="crossTeam90d / ties90d.")


@strawberry.type(description=_doc(h.PassionWithoutGroup))
class PassionWithoutGroup:
    slug: str
    members: int = strawberry.field(description="In-scope members passionate about it.")

    @strawberry.field
    async def passion(self, info: Info) -> Passion | None:
        passion = await info.context.loaders.passion_by_slug.load(self.slug)
        return Passion.from_model(passion) if passion else None


@strawberry.type(description=_doc(h.PurposeCoverage))
class PurposeCoverage:
    members: int = strawberry.field(description="In-scope members.")
    in_group: int = strawberry.field(description="In-scope members in at least one accepted purpose group.")
    share: float | None = strawberry.field(description="inGroup / members.")
    passions_no_group: int = strawberry.field(
        description="In-scope members with at least one passion and in no accepted group."
    )
    passions_without_group: list[PassionWithoutGroup] = strawberry.field(
        description=f"Passions with at least {MIN_PASSION_MEMBERS} in-scope members and no accepted group formed "
        "around them, most members first."
    )
    no_group_keys: strawberry.Private[tuple[str, ...]]

    @strawberry.field(
        description=f"The first {MEMBER_LIST_MAX} of the members counted in passionsNoGroup, by id."
    )
    async def members_with_passions_no_group(self, info: Info) -> list[Member]:
        return await _members(info, self.no_group_keys)


@strawberry.type(description=_doc(h.Isolation))
class Isolation:
    members: int = strawberry.field(description="In-scope members.")
    isolated: int = strawberry.field(description="In-scope members with no tie at all.")
    isolated_share: float | None = strawberry.field(description="isolated / members.")
    with_team: int = strawberry.field(description="In-scope members with a known team.")
    team_bound: int = strawberry.field(
        description="In-scope members with a known team and no tie to a member of another team (isolated included)."
    )
    team_bound_share: float | None = strawberry.field(description="teamBound / withTeam.")
    isolated_keys: strawberry.Private[tuple[str, ...]]

    @strawberry.field(description=f"The first {MEMBER_LIST_MAX} isolated members, by id.")
    async def isolated_members(self, info: Info) -> list[Member]:
        return await _members(info, self.isolated_keys)


@strawberry.type(description=_doc(h.Broker))
class Broker:
    teams_bridged: int = strawberry.field(description="Distinct teams, other than their own, among their tie partners.")
    cross_team_ties: int = strawberry.field(description="Their ties to members of other teams.")
    ties: int = strawberry.field(description="All their ties.")
    member_key: strawberry.Private[str]
    team_key: strawberry.Private[str]

    @strawberry.field
    async def member(self, info: Info) -> Member | None:
        member = await info.context.loaders.member.load(self.member_key)
        return Member.from_model(member) if member else None

    @strawberry.field(description="The broker's own team.")
    async def team(self, info: Info) -> Team | None:
        team = await info.context.loaders.team.load(self.team_key)
        return Team.from_model(team) if team else None


@strawberry.type(description=_doc(h.NeedsMet))
class NeedsMet:
    needs: int = strawberry.field(description="Distinct (in-scope member, skill sought) pairs.")
    offered: int = strawberry.field(description="Needs for which another member offers the skill.")
    offered_share: float | None = strawberry.field(description="offered / needs.")
    matched: int = strawberry.field(description="Needs with an accepted skill match.")
    matched_share: float | None = strawberry.field(description="matched / needs.")


@strawberry.type(description=_doc(h.Trust))
class Trust:
    bonds: int = strawberry.field(description="In-scope bonds, per pair and kind.")
    confirmed: int = strawberry.field(description="Bonds confirmed by both members.")
    confirmed_share: float | None = strawberry.field(description="confirmed / bonds.")
    mentor: int = strawberry.field(description="Bonds of kind mentor.")
    mentor_share: float | None = strawberry.field(description="mentor / bonds.")


@strawberry.type(description=_doc(h.AcceptanceRate))
class AcceptanceRate:
    kind: str = strawberry.field(description='A proposal kind, or "*" for every kind.')
    accepted: int
    declined: int
    pending: int
    rate: float | None = strawberry.field(description="accepted / (accepted + declined); null when none was answered.")


@strawberry.type(description=_doc(h.Engagement))
class Engagement:
    proposals: list[AcceptanceRate] = strawberry.field(description='Every kind ("*") first, then one per kind.')
    members: int = strawberry.field(description="In-scope members.")
    active: int = strawberry.field(description="In-scope members active in the 90 days before asOf.")
    active_share: float | None = strawberry.field(description="active / members.")


@strawberry.type(description=_doc(h.ProposalConversion))
class ProposalConversion:
    kind: str = strawberry.field(description='"intros", "purpose", or "*" for both.')
    accepted: int = strawberry.field(description="Accepted proposals whose members have been asked “did you meet?”.")
    answered: int = strawberry.field(description="Of those, proposals at least one member answered.")
    met: int = strawberry.field(description="Of those, proposals at least one member said they met.")
    rate: float | None = strawberry.field(description="met / accepted; null when none was accepted.")


@strawberry.type(description=_doc(h.EventConversion))
class EventConversion:
    key: strawberry.ID = strawberry.field(description="The event's store id.")
    starts_at: str
    attendees: int = strawberry.field(description="In-scope attendees.")
    new_ties: int = strawberry.field(description="New ties of the event with at least one end in scope.")
    cross_team_new_ties: int = strawberry.field(description="New ties whose ends are in different known teams.")
    new_ties_per_attendee: float | None = strawberry.field(
        description="The mean number of new ties of an in-scope attendee."
    )
    found: strawberry.Private[Event | None]

    @strawberry.field(description="The event; null once deleted.")
    def event(self) -> Event | None:
        return self.found


@strawberry.type(description=_doc(h.HealthReport) + "\n\n" + CONVENTIONS)
class CommunityHealth:
    as_of: date = strawberry.field(description="The day the report's windows end on.")
    scope: HealthScope = strawberry.field(description="Which members the report is about.")
    members: int = strawberry.field(description="In-scope members.")
    ties: int = strawberry.field(
        description="In-scope ties (the bonds of a pair collapsed into one tie; at least one end in scope)."
    )
    bonds: int = strawberry.field(description="In-scope bonds (pair and kind).")
    ignored_bonds: int = strawberry.field(description="Bonds naming an unknown member or one member twice.")
    silo_by_team: TeamSiloReport = strawberry.field(description="Krackhardt's E-I index by team: whole scope and per team.")
    silo_by_site: SiteSiloReport = strawberry.field(description="Krackhardt's E-I index by site: whole scope and per site.")
    modularity: Modularity = strawberry.field(description="Newman modularity of the tie graph by team, site and purpose.")
    cross_silo: CrossSilo = strawberry.field(description="Share of ties that link different teams, all and recent.")
    purpose: PurposeCoverage = strawberry.field(description="How far purpose groups reach the members.")
    isolation: Isolation = strawberry.field(description="Members cut off, or kept inside their team.")
    brokers: list[Broker] = strawberry.field(description=f"The top {BROKERS_TOP} brokers (see Broker).")
    needs: NeedsMet = strawberry.field(description="Whether the skills members seek are within reach.")
    trust: Trust = strawberry.field(description="Confirmed and mentoring bonds.")
    engagement: Engagement = strawberry.field(description="Answers to proposals and recent activity.")
    events: list[EventConversion] = strawberry.field(
        description="One per event with an in-scope attendee, latest first."
    )
    proposal_conversion: list[ProposalConversion] = strawberry.field(
        description="Accepted intros and purpose groups whose members met: both kinds (\"*\") first, then intros and purpose."
    )
    report: JSON = strawberry.field(description="The whole report as JSON (ids, not objects), as computed.")

    @classmethod
    def from_report(
        cls, report: h.HealthReport, events: dict[str, Event], *, min_group: int | None = None
    ) -> CommunityHealth:
        """`min_group`: groups with fewer in-scope members show no figures (None: every group shows them)."""

        def silo(s: h.SiloReport) -> dict[str, Any]:
            return {"internal": s.internal, "external": s.external, "ei": s.ei}

        def small(members: int) -> bool:
            return min_group is not None and members < min_group

        def group(g: h.SiloIndex) -> dict[str, Any]:
            if small(g.members):
                return {"key": strawberry.ID(g.group), "members": None, "internal": None, "external": None,
                        "ei": None, "suppressed": True, "suppressed_reason": suppression_reason(min_group or 0)}
            return {"key": strawberry.ID(g.group), "members": g.members, "internal": g.internal,
                    "external": g.external, "ei": g.ei}

        p, i = report.purpose, report.isolation
        return cls(
            as_of=report.as_of,
            scope=HealthScope.from_scope(report.scope),
            members=report.members,
            ties=report.ties,
            bonds=report.bonds,
            ignored_bonds=report.ignored_bonds,
            silo_by_team=TeamSiloReport(**silo(report.silo_by_team),
                                        teams=[TeamSilo(**group(g)) for g in report.silo_by_team.groups]),
            silo_by_site=SiteSiloReport(**silo(report.silo_by_site),
                                        sites=[SiteSilo(**group(g)) for g in report.silo_by_site.groups]),
            modularity=Modularity(**_fields(report.modularity)),
            cross_silo=CrossSilo(**_fields(report.cross_silo)),
            purpose=PurposeCoverage(
                members=p.members, in_group=p.in_group, share=p.share, passions_no_group=p.passions_no_group,
                passions_without_group=[PassionWithoutGroup(slug=x.slug, members=x.members)
                                        for x in p.passions_without_group if not small(x.members)],
                no_group_keys=p.passions_no_group_ids,
            ),
            isolation=Isolation(
                members=i.members, isolated=i.isolated, isolated_share=i.isolated_share, with_team=i.with_team,
                team_bound=i.team_bound, team_bound_share=i.team_bound_share, isolated_keys=i.isolated_ids,
            ),
            brokers=[
                Broker(teams_bridged=b.teams_bridged, cross_team_ties=b.cross_team_ties, ties=b.ties,
                       member_key=b.member, team_key=b.team)
                for b in report.brokers
            ],
            needs=NeedsMet(**_fields(report.needs)),
            trust=Trust(**_fields(report.trust)),
            engagement=Engagement(
                proposals=[AcceptanceRate(**_fields(r)) for r in report.engagement.proposals],
                members=report.engagement.members,
                active=report.engagement.active,
                active_share=report.engagement.active_share,
            ),
            events=[
                EventConversion(
                    key=strawberry.ID(e.event), starts_at=e.starts_at, attendees=e.attendees, new_ties=e.new_ties,
                    cross_team_new_ties=e.cross_team_new_ties, new_ties_per_attendee=e.new_ties_per_attendee,
                    found=events.get(e.event),
                )
                for e in report.events
            ],
            proposal_conversion=[ProposalConversion(**_fields(c)) for c in report.conversion],
            report=_without_small_groups(report.to_dict(), min_group),
        )


def _without_small_groups(report: dict[str, Any], min_group: int | None) -> dict[str, Any]:
    """The JSON report with the figures of groups below `min_group` members taken out, as in the typed fields."""
    if min_group is None:
        return report
    for key in ("silo_by_team", "silo_by_site"):
        report[key]["groups"] = [
            group if group["members"] >= min_group else {"group": group["group"], "suppressed": True}
            for group in report[key]["groups"]
        ]
    purpose = report["purpose"]
    purpose["passions_without_group"] = [
        passion for passion in purpose["passions_without_group"] if passion["members"] >= min_group
    ]
    return report


def _fields(value: Any) -> dict[str, Any]:
    """A report dataclass's fields by name (they are flat numbers here)."""
    return {name: getattr(value, name) for name in value.__dataclass_fields__}


# Targets and history --------------------------------------------------------------------------

KpiName = strawberry.enum(
    enum.Enum(  # type: ignore[misc]
        "KpiName",
        {name: strawberry.enum_value(name, description=kpi.description) for name, kpi in KPIS.items()},
    ),
    description="A scalar KPI of the community health report.",
)


@strawberry.type(
    description=(
        "Where a KPI of one scope should be by a date, and how it stands. progress = (current - baseline) / "
        "(target - baseline); met: the current value is at the target or beyond, in the better direction; onTrack: "
        "met, or at least where a straight line from the baseline (when the target was set) to the target (at "
        "`by`) stands today. Null when the value is undefined (a share of nothing)."
    )
)
class KpiTarget:
    id: strawberry.ID
    kpi: KpiName  # type: ignore[valid-type]
    scope: HealthScope
    target: float
    by: date
    created_at: str
    higher_is_better: bool
    baseline: float | None = strawberry.field(description="The KPI's value when the target was set.")
    baseline_at: date
    current: float | None = strawberry.field(description="The KPI's value now (on asOf).")
    expected: float | None = strawberry.field(description="Where the straight line from baseline to target is today.")
    progress: float | None
    met: bool | None
    on_track: bool | None
    suppressed: bool = _suppressed_field()
    suppressed_reason: str | None = _reason_field()

    @strawberry.field(
        description=(
            "The published proposal sets aimed at this target, most recently published first (at most `first`, "
            "1 to 20), each with what it changed on asOf (default today). Organisers only."
        ),
        permission_classes=ORGANISER,
    )
    async def aimed_runs(
        self, info: Info, first: int = 5, as_of: date | None = None
    ) -> list[Annotated[AimedRun, strawberry.lazy("graph_api.api.effects")]] | None:
        from graph_api.api.effects import aimed_runs  # it imports this module

        return await aimed_runs(info, str(self.id), first, as_of)

    @classmethod
    def build(cls, stored: StoredTarget, current: float | None, today: date) -> KpiTarget:
        status = stored.status(current, today)
        return cls(
            id=strawberry.ID(stored.id), kpi=KpiName[stored.kpi.name], scope=HealthScope.from_scope(stored.scope),
            target=stored.target, by=stored.by, created_at=stored.created_at,
            higher_is_better=stored.kpi.higher_is_better, baseline=stored.baseline, baseline_at=stored.baseline_at,
            current=status.current, expected=status.expected, progress=status.progress, met=status.met,
            on_track=status.on_track,
        )

    def without_figures(self, min_group: int) -> KpiTarget:
        """The target of a scope too small for the viewer: what was aimed at, none of the scope's values."""
        return dataclasses.replace(
            self, baseline=None, current=None, expected=None, progress=None, met=None, on_track=None,
            suppressed=True, suppressed_reason=suppression_reason(min_group),
        )


@strawberry.enum(description="How a KPI's values read.")
class KpiUnit(enum.Enum):
    SHARE = strawberry.enum_value("share", description="A fraction from 0 to 1, best shown as a percentage.")
    INDEX = strawberry.enum_value("index", description="A number between low and high, shown as it is.")


@strawberry.type(
    description=(
        "What a KPI is and how to read it: its name for people, a plain-words description, the exact "
        "definition, which direction is better and the range of its values (targets must lie in it)."
    )
)
class KpiDefinition:
    name: KpiName  # type: ignore[valid-type]
    label: str = strawberry.field(description='A short name for people, e.g. "Cross-team ties".')
    description: str = strawberry.field(description="What it measures, in plain words.")
    definition: str = strawberry.field(
        description="The exact definition in the report's terms (the same as KpiName's value description)."
    )
    unit: KpiUnit
    higher_is_better: bool
    low: float = strawberry.field(description="The lowest value it can take.")
    high: float = strawberry.field(description="The highest value it can take.")

    @classmethod
    def from_kpi(cls, kpi: Kpi) -> KpiDefinition:
        return cls(
            name=KpiName[kpi.name], label=kpi.label, description=kpi.plain, definition=kpi.description,
            unit=KpiUnit(kpi.unit), higher_is_better=kpi.higher_is_better, low=kpi.low, high=kpi.high,
        )


@strawberry.type(description="The value of a KPI on one day, from that day's snapshot (null: undefined that day).")
class KpiPoint:
    at: date
    value: float | None


@strawberry.type(description="Every scalar KPI of one scope on one day.")
class KpiSnapshot:
    at: date
    scope: HealthScope
    values: JSON = strawberry.field(description="KPI name -> value (null: undefined).")

    @classmethod
    def from_snapshot(cls, snapshot: Snapshot) -> KpiSnapshot:
        return cls(at=snapshot.at, scope=HealthScope.from_scope(snapshot.scope), values=snapshot.values)
