"""What a published proposal set changed (``ProposalSet.effect``) and the runs aimed at a KPI
target (``KpiTarget.aimedRuns``): organisers only.

Why organisers only: the comparison is between people who accepted and people who did not,
so with small groups a figure is one person's choice and its consequences; organisers
already see every answer to a set they published. Members and API tokens (even with the
read scope) are refused (FORBIDDEN). The figures are defined in graph_api/effects/compute.py;
the graph is read by the effect store (``repository.effects``).
"""

from __future__ import annotations

import asyncio
import enum
import math
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING, Annotated, Any
from weakref import WeakKeyDictionary

import strawberry

from graph_api.api.context import Info
from graph_api.api.health_types import HealthScope, KpiName
from graph_api.domain import proposals as domain
from graph_api.effects import compute as fx
from graph_api.effects.wording import summary
from graph_api.errors import BadInputError
from graph_api.kpis.health import Scope
from graph_api.kpis.targets import KPIS, StoredTarget

if TYPE_CHECKING:
    from graph_api.api.proposals import ProposalKind

#: Runs a target lists at most (``first``), the most recently published first.
AIMED_RUNS_MAX = 20
AIMED_RUNS_DEFAULT = 5

_Graph = tuple[fx.Community, dict[tuple[str, str], date | None]]
_communities: WeakKeyDictionary[Any, asyncio.Task[_Graph]] = WeakKeyDictionary()


def _today() -> date:
    return datetime.now(timezone.utc).date()


def check_as_of(as_of: date | None) -> date:
    today = _today()
    day = as_of or today
    if day > today:
        raise BadInputError(f"asOf ({day.isoformat()}) is in the future: give today or an earlier day", field="asOf")
    return day


async def _read_graph(info: Info) -> _Graph:
    community = await info.context.repository.effects.community()
    return community, await asyncio.to_thread(fx.tie_dates, community)


async def _community(info: Info) -> _Graph:
    """The graph as the effect reads it, and its dated ties: once per request however many sets ask."""
    key = info.context.loaders
    task = _communities.get(key)
    if task is None:
        task = asyncio.ensure_future(_read_graph(info))
        _communities[key] = task
    return await task


async def scope_name(info: Info, scope: Scope) -> str:
    """The scope in words: "the whole community", "the Finance team", "the Lyon site", "people passionate about Jazz"."""
    loaders = info.context.loaders
    if scope.kind == "team":
        team = await loaders.team.load(str(scope.id))
        return f"the {team.name} team" if team else "a team that no longer exists"
    if scope.kind == "site":
        site = await loaders.site.load(str(scope.id))
        return f"the {site.name} site" if site else "a site that no longer exists"
    if scope.kind == "passion":
        passion = await loaders.passion_by_slug.load(str(scope.id))
        return f"people passionate about {passion.name}" if passion else "a passion that no longer exists"
    return "the whole community"


@strawberry.enum(description="Which stretch of time after publishing a comparison covers.")
class EffectWindowKind(enum.Enum):
    SO_FAR = strawberry.enum_value("so_far", description="From the publish day to asOf.")
    DAYS_30 = strawberry.enum_value("30", description="The 30 days from the publish day.")
    DAYS_90 = strawberry.enum_value("90", description="The 90 days from the publish day.")


@strawberry.type(description="An aimed KPI target as the set's run saw it.")
class EffectAim:
    target_id: strawberry.ID
    kpi: KpiName  # type: ignore[valid-type]
    label: str = strawberry.field(description="The KPI's short name for people.")
    scope: HealthScope
    scope_name: str = strawberry.field(description='The scope in words, e.g. "the Finance team".')
    target: float
    predicted: float | None = strawberry.field(
        description="The KPI's value the recommender predicted if every proposal were accepted (quality's aims); "
        "null when the set carries no prediction."
    )
    measurable: bool = strawberry.field(description="Whether the KPI can be computed over a group of members.")


@strawberry.type(description="An aimed KPI computed over one group's members within the target's scope.")
class EffectKpiChange:
    target_id: strawberry.ID
    kpi: KpiName  # type: ignore[valid-type]
    label: str
    measurable: bool
    members: int = strawberry.field(description="The group's members within the target's scope: whom it is about.")
    before: float | None = strawberry.field(description="On the graph of the day before publishing.")
    after: float | None = strawberry.field(description="On the graph of the window's last day.")
    change: float | None = strawberry.field(description="after - before; null when either is undefined.")
    note: str | None = strawberry.field(description="Why there is no figure, in plain words; null when there is.")


@strawberry.type(description="One group's figures in one window.")
class EffectGroup:
    members: int = strawberry.field(description="The members behind every figure of the group.")
    new_ties: int = strawberry.field(
        description="New ties (first bond on or after the publish day, inside the window), once per end in the group."
    )
    new_cross_team_ties: int
    new_ties_per_member: float | None
    new_cross_team_ties_per_member: float | None
    kpis: list[EffectKpiChange]


@strawberry.type(description="The comparison over one stretch of time after publishing.")
class EffectWindow:
    kind: EffectWindowKind
    days: int | None = strawberry.field(description="30 or 90; null for so far.")
    starts_on: date
    ends_on: date = strawberry.field(description="Its last day (asOf for so far).")
    over: bool = strawberry.field(description="False: not over on asOf, so no figures (null groups).")
    accepted: EffectGroup | None = strawberry.field(description="Members who accepted at least one proposal of the set.")
    others: EffectGroup | None = strawberry.field(description="Members proposed who declined or did not answer.")


@strawberry.type(
    description=(
        "What a published set changed: members who accepted at least one of its proposals against members it "
        "proposed who declined or did not answer, so far and 30 and 90 days after publishing. A comparison of "
        "people who chose to accept, not a controlled experiment. Ties made before publishing never count."
    )
)
class ProposalSetEffect:
    published_on: date
    as_of: date
    accepted: int = strawberry.field(description="Members who accepted at least one proposal (by asOf).")
    others: int = strawberry.field(description="Members proposed who accepted none (declined or no answer).")
    comparable: bool = strawberry.field(description=f"Both groups have at least {fx.MIN_GROUP} members.")
    too_few: str | None = strawberry.field(description="The plain sentence when either group is too small; else null.")
    summary: str = strawberry.field(description="The longest finished comparison in one or two sentences.")
    windows: list[EffectWindow]
    aims: list[EffectAim]


def _aims(found: domain.ProposalSet, targets: list[StoredTarget]) -> list[fx.Aim]:
    predicted: dict[str, float] = {}
    quality = found.quality if isinstance(found.quality, dict) else {}
    for row in quality.get("aims") or []:
        value = row.get("predicted") if isinstance(row, dict) else None
        if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
            predicted[str(row.get("targetId"))] = float(value)
    by_id = {t.id: t for t in targets}
    return [
        fx.Aim(t.id, t.kpi.name, t.scope, t.target, predicted.get(t.id))
        for target_id in found.aimed_target_ids
        if (t := by_id.get(target_id)) is not None
    ]


def _published_on(found: domain.ProposalSet) -> date | None:
    if found.status != "published" or not found.published_at:
        return None
    return date.fromisoformat(found.published_at[:10])


async def compute(info: Info, found: domain.ProposalSet, as_of: date) -> fx.Effect | None:
    """The effect of a set on ``as_of`` (checked); None for a draft."""
    published_on = _published_on(found)
    if published_on is None:
        return None
    if as_of < published_on:
        raise BadInputError("asOf is before the set was published: give the publish day or a later one", field="asOf")
    repository = info.context.repository
    targets = await repository.kpis.targets(scope=None) if found.aimed_target_ids else []
    (community, ties), answers = await asyncio.gather(_community(info), repository.effects.answers(set_id=found.id))
    return await asyncio.to_thread(fx.compute_effect, community, answers, _aims(found, targets),
                                   published_on=published_on, as_of=as_of, ties=ties)


def _label(kpi: str) -> str:
    return KPIS[kpi].label


def _group(group: fx.GroupFigures | None) -> EffectGroup | None:
    if group is None:
        return None
    return EffectGroup(
        members=group.members, new_ties=group.new_ties, new_cross_team_ties=group.new_cross_team_ties,
        new_ties_per_member=group.new_ties_per_member,
        new_cross_team_ties_per_member=group.new_cross_team_ties_per_member,
        kpis=[
            EffectKpiChange(target_id=strawberry.ID(k.target_id), kpi=KpiName[k.kpi], label=_label(k.kpi),
                            measurable=k.measurable, members=k.members, before=k.before, after=k.after,
                            change=k.change, note=k.note)
            for k in group.kpis
        ],
    )


def _kind(days: int | None) -> EffectWindowKind:
    return EffectWindowKind.SO_FAR if days is None else EffectWindowKind(str(days))


async def to_graphql(info: Info, effect: fx.Effect) -> ProposalSetEffect:
    aims = [
        EffectAim(target_id=strawberry.ID(a.target_id), kpi=KpiName[a.kpi], label=_label(a.kpi),
                  scope=HealthScope.from_scope(a.scope), scope_name=await scope_name(info, a.scope),
                  target=a.target, predicted=a.predicted, measurable=a.kpi in fx.MEASURABLE)
        for a in effect.aims
    ]
    return ProposalSetEffect(
        published_on=effect.published_on, as_of=effect.as_of, accepted=effect.accepted, others=effect.others,
        comparable=effect.too_few is None, too_few=effect.too_few, summary=summary(effect),
        windows=[
            EffectWindow(kind=_kind(w.days), days=w.days, starts_on=w.starts_on, ends_on=w.ends_on, over=w.over,
                         accepted=_group(w.accepted), others=_group(w.others))
            for w in effect.windows
        ],
        aims=aims,
    )


async def set_effect(info: Info, found: domain.ProposalSet, as_of: date | None) -> ProposalSetEffect | None:
    effect = await compute(info, found, check_as_of(as_of))
    return None if effect is None else await to_graphql(info, effect)


@strawberry.type(description="A published proposal set aimed at a KPI target, and what it changed.")
class AimedRun:
    set_id: strawberry.ID = strawberry.field(description="The proposal set (proposalSet(id)).")
    kind: Annotated[ProposalKind, strawberry.lazy("graph_api.api.proposals")]
    published_on: date
    members: int = strawberry.field(description="Members it proposed (accepted + others).")
    summary: str = strawberry.field(description="What it changed, in one or two sentences.")
    effect: ProposalSetEffect


async def aimed_runs(info: Info, target_id: str, first: int, as_of: date | None) -> list[AimedRun]:
    if not 1 <= first <= AIMED_RUNS_MAX:
        raise BadInputError(f"first must be from 1 to {AIMED_RUNS_MAX}, not {first}", field="first")
    day = check_as_of(as_of)
    from graph_api.api.proposals import ProposalKind  # the proposals module imports this one

    found = await info.context.repository.effects.sets_aimed_at(target_id=target_id, limit=first)
    runs = []
    for proposal_set in found:
        published_on = _published_on(proposal_set)
        if published_on is None or published_on > day:
            continue
        effect = await compute(info, proposal_set, day)
        assert effect is not None
        shown = await to_graphql(info, effect)
        runs.append(AimedRun(set_id=strawberry.ID(proposal_set.id), kind=ProposalKind(proposal_set.kind),
                             published_on=published_on, members=effect.accepted + effect.others,
                             summary=shown.summary, effect=shown))
    return runs
