"""What a published proposal set changed: the pure computation (no database).

The members a set proposed fall in two groups, by their answers on ``as_of``:

* **accepted**: accepted at least one proposal of the set (a member who accepted one and
  declined another took up at least one introduction, so counts here);
* **others**: proposed and accepted none (declined, or did not answer; an answer given
  after ``as_of`` is not known yet on ``as_of``).

Ties follow graph_api/kpis/health.py: the bonds of one pair are one tie, dated by its
earliest bond's ``since`` (a bond without ``since`` is old); self bonds and bonds naming an
unknown member are ignored. A tie is **new** when its date is on or after the publish
date and inside the window, so a pair that had any bond before publishing never counts.

Windows, each starting on the publish day: **so far** (to ``as_of``), and the **30** and
**90** days from the publish day (the publish day and the 29 or 89 after it). A window that
has not ended on ``as_of`` has no figures (``over`` False), never figures made up.

Per group and window: ``members``, new ties and new cross-team ties per member (each new
tie counts once for each of its ends in the group, so a tie between two accepted members
counts twice: the mean number of new ties a member of the group made), and for each aimed
KPI target, the KPI over the group's members within the target's scope, computed on the
graph as it was the day before publishing (ties dated before the publish day) and on the
window's last day (ties dated up to then). Only tie-based KPIs can be computed over any set
of members; the others say so in words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from graph_api.kpis.health import Scope
from graph_api.kpis.targets import KPIS

__all__ = [
    "MIN_GROUP",
    "WINDOW_DAYS",
    "Aim",
    "Answer",
    "Community",
    "Effect",
    "GroupFigures",
    "KpiChange",
    "Window",
    "compute_effect",
    "group_of_answers",
    "tie_dates",
]

#: Fewer members than this in either group: the comparison says nothing, and says so.
MIN_GROUP = 10
#: The windows after publishing, in days ("so far" comes first).
WINDOW_DAYS = (30, 90)

#: KPIs that can be computed over any set of members from the ties alone.
MEASURABLE = ("SILO_INDEX_TEAMS", "SILO_INDEX_SITES", "CROSS_TEAM_BOND_SHARE", "ISOLATED_SHARE", "TEAM_BOUND_SHARE")
NOT_MEASURABLE = "Not measurable per group: this figure does not come from ties between people alone."


@dataclass(frozen=True, slots=True)
class Community:
    """Every member's team, site and passions, and every bond (parallel lists)."""

    team: Mapping[str, str | None]
    site: Mapping[str, str | None]
    passions: Mapping[str, frozenset[str]]
    bond_a: Sequence[str]
    bond_b: Sequence[str]
    bond_since: Sequence[str | None]


@dataclass(frozen=True, slots=True)
class Answer:
    member: str
    response: str
    responded_at: str | None


@dataclass(frozen=True, slots=True)
class Aim:
    """An aimed KPI target, with the recommender's prediction when the set carries one."""

    target_id: str
    kpi: str
    scope: Scope
    target: float
    predicted: float | None = None


@dataclass(frozen=True, slots=True)
class KpiChange:
    target_id: str
    kpi: str
    measurable: bool
    #: Members of the group within the target's scope: whom the figures are about.
    members: int
    before: float | None
    after: float | None
    change: float | None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class GroupFigures:
    members: int
    new_ties: int
    new_cross_team_ties: int
    new_ties_per_member: float | None
    new_cross_team_ties_per_member: float | None
    kpis: tuple[KpiChange, ...]


@dataclass(frozen=True, slots=True)
class Window:
    #: None: "so far"; else 30 or 90.
    days: int | None
    starts_on: date
    ends_on: date
    over: bool
    accepted: GroupFigures | None
    others: GroupFigures | None


@dataclass(frozen=True, slots=True)
class Effect:
    published_on: date
    as_of: date
    accepted: int
    others: int
    #: The plain sentence when either group is too small to conclude anything; else None.
    too_few: str | None
    windows: tuple[Window, ...]
    aims: tuple[Aim, ...]


def tie_dates(community: Community) -> dict[tuple[str, str], date | None]:
    """Each tie (pair, smaller id first) with its earliest bond's date; None: an undated, old bond."""
    known = community.team.keys()
    ties: dict[tuple[str, str], date | None] = {}
    for a, b, since in zip(community.bond_a, community.bond_b, community.bond_since):
        if a == b or a not in known or b not in known:
            continue
        pair = (a, b) if a < b else (b, a)
        day = _day(since)
        if pair not in ties:
            ties[pair] = day
        else:
            old = ties[pair]
            ties[pair] = None if old is None or day is None else min(old, day)
    return ties


def group_of_answers(answers: Sequence[Answer], as_of: date) -> tuple[set[str], set[str]]:
    """(accepted, others): see the module docstring."""
    proposed: set[str] = set()
    accepted: set[str] = set()
    for answer in answers:
        proposed.add(answer.member)
        known = answer.responded_at is not None and _day(answer.responded_at) is not None \
            and _day(answer.responded_at) <= as_of  # type: ignore[operator]
        if answer.response == "accepted" and known:
            accepted.add(answer.member)
    return accepted, proposed - accepted


def compute_effect(
    community: Community, answers: Sequence[Answer], aims: Sequence[Aim], *, published_on: date, as_of: date,
    ties: Mapping[tuple[str, str], date | None] | None = None,
) -> Effect:
    """``ties``: ``tie_dates(community)`` when the caller has it already (several sets, one graph)."""
    if as_of < published_on:
        raise ValueError("as_of is before the publish date")
    accepted, others = group_of_answers(answers, as_of)
    accepted &= community.team.keys()
    others &= community.team.keys()
    if ties is None:
        ties = tie_dates(community)
    spans: list[tuple[int | None, date]] = [(None, as_of)]
    spans += [(days, published_on + timedelta(days=days - 1)) for days in WINDOW_DAYS]
    windows = []
    for days, ends_on in spans:
        over = ends_on <= as_of
        figures = (
            (_group(accepted, community, ties, aims, published_on, ends_on),
             _group(others, community, ties, aims, published_on, ends_on))
            if over else (None, None)
        )
        windows.append(Window(days, published_on, ends_on, over, *figures))
    return Effect(
        published_on=published_on, as_of=as_of, accepted=len(accepted), others=len(others),
        too_few=too_few_sentence(len(accepted), len(others)), windows=tuple(windows), aims=tuple(aims),
    )


def too_few_sentence(accepted: int, others: int) -> str | None:
    if accepted >= MIN_GROUP and others >= MIN_GROUP:
        return None
    return f"Too few people in one group to conclude anything: {accepted} accepted, {others} did not."


def _day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(str(text)[:10])
    except ValueError:
        return None


def _is_new(day: date | None, start: date, end: date) -> bool:
    return day is not None and start <= day <= end


def _cross(a: str, b: str, by: Mapping[str, str | None]) -> bool | None:
    """True: different known groups; False: the same; None: an end without one."""
    ga, gb = by.get(a), by.get(b)
    if ga is None or gb is None:
        return None
    return ga != gb


def _group(
    members: set[str], community: Community, ties: Mapping[tuple[str, str], date | None], aims: Sequence[Aim],
    start: date, end: date,
) -> GroupFigures:
    new = cross = 0
    for (a, b), day in ties.items():
        if not _is_new(day, start, end):
            continue
        ends = (a in members) + (b in members)
        new += ends
        if _cross(a, b, community.team):
            cross += ends
    n = len(members)
    kpis = tuple(_kpi_change(aim, members, community, ties, start, end) for aim in aims)
    return GroupFigures(n, new, cross, _ratio(new, n), _ratio(cross, n), kpis)


def in_scope(scope: Scope, member: str, community: Community) -> bool:
    if scope.kind == "community":
        return True
    if scope.kind == "team":
        return community.team.get(member) == scope.id
    if scope.kind == "site":
        return community.site.get(member) == scope.id
    return scope.id in community.passions.get(member, frozenset())


def _kpi_change(
    aim: Aim, members: set[str], community: Community, ties: Mapping[tuple[str, str], date | None],
    start: date, end: date,
) -> KpiChange:
    chosen = {m for m in members if in_scope(aim.scope, m, community)}
    if aim.kpi not in MEASURABLE:
        return KpiChange(aim.target_id, aim.kpi, False, len(chosen), None, None, None, NOT_MEASURABLE)
    before = [pair for pair, day in ties.items() if day is None or day < start]
    after = [pair for pair, day in ties.items() if day is None or day <= end]
    value_before = tie_kpi(aim.kpi, chosen, before, community)
    value_after = tie_kpi(aim.kpi, chosen, after, community)
    change = None if value_before is None or value_after is None else value_after - value_before
    return KpiChange(aim.target_id, aim.kpi, True, len(chosen), value_before, value_after, change)


def tie_kpi(kpi: str, members: set[str], ties: Sequence[tuple[str, str]], community: Community) -> float | None:
    """A tie-based KPI (see kpis/targets.py) over the member set ``members`` and the ``ties`` given."""
    if kpi in ("ISOLATED_SHARE", "TEAM_BOUND_SHARE"):
        tied: set[str] = set()
        crossing: set[str] = set()
        for a, b in ties:
            tied.update((a, b))
            if _cross(a, b, community.team):
                crossing.update((a, b))
        if kpi == "ISOLATED_SHARE":
            return _ratio(len(members - tied), len(members))
        with_team = {m for m in members if community.team.get(m) is not None}
        return _ratio(len(with_team - crossing), len(with_team))
    by = community.site if kpi == "SILO_INDEX_SITES" else community.team
    internal = external = 0
    for a, b in ties:
        if a not in members and b not in members:
            continue
        crossed = _cross(a, b, by)
        if crossed is None:
            continue
        external += crossed
        internal += not crossed
    if kpi == "CROSS_TEAM_BOND_SHARE":
        return _ratio(external, internal + external)
    return _ratio(external - internal, internal + external)


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


assert set(MEASURABLE) <= set(KPIS)
