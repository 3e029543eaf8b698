"""One recommender run: load the community from graph-api, solve, store the proposals as a draft.

The HTTP service (``propose``) and the batch command both call :func:`run`. The same graph and
the same parameters (seed included) give the same groupings: the snapshot is put in key order
before any algorithm sees it, and the algorithms are deterministic for a seed. (Event seating
is the exception when repeated meetings above the proven lower bound remain: its search then
runs until ``time_limit``, and how far it gets depends on the machine's speed.)
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import math
import numbers
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from recommender.aims import AimedTarget, AimRefused, PairBonus, TieGraph, aim_figures, choose_targets
from recommender.algorithms import events, intros, purpose, skills
from recommender.algorithms._apart import holds_apart_pair
from recommender.graph_client import GraphApiError, GraphClient, to_community
from recommender.model import Community, Grouping, ProposalKind, ProposalSet, Quality, Reason

Stage = Literal["loading", "solving", "storing"]
#: Told (stage, done, total) as a run goes: members loaded of all (total None until the first
#: page tells it), then solving 0/1 -> 1/1, then storing 0/1 -> 1/1.
ProgressCallback = Callable[[Stage, int, int | None], None]

KINDS: tuple[str, ...] = get_args(ProposalKind)
ALGORITHM_VERSIONS: dict[str, str] = {
    "purpose": purpose.ALGORITHM_VERSION,
    "intros": intros.ALGORITHM_VERSION,
    "events": events.ALGORITHM_VERSION,
    "skills": skills.ALGORITHM_VERSION,
}

# graph-api's limits on storeProposalSet (graph_api/domain/proposal_rules.py): a set over them is
# refused whole. Copied, as this service talks to graph-api only over GraphQL;
# tests/test_proposal_limits.py fails when the copies differ.
GROUP_SIZE_MIN = 2
GROUP_SIZE_MAX = 50
ROUND_MAX = 1000
REASON_TEXT_MAX = 2000
REASON_JSON_MAX = 4000
SET_JSON_MAX = 20_000
GRAPHQL_INT_MAX = 2**31 - 1
#: graph-api's limit on a set's aimedTargetIds (storeProposalSet).
AIMS_MAX = 5
AIM_WEIGHT_DEFAULT = 0.5
_ID = r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,79}$"


class BadParameters(ValueError):
    """The parameters cannot make a run; nothing was stored. ``code``: BAD_USER_INPUT, or NOT_FOUND
    for a KPI target that does not exist."""

    def __init__(self, message: str, *, field: str | None = None, code: str = "BAD_USER_INPUT") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


class RunParameters(BaseModel):
    """Everything a run may be given; each kind uses the fields of KIND_FIELDS (plus seed, block_days)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    seed: int = Field(default=0, ge=0, le=GRAPHQL_INT_MAX)
    #: Days a declined pair stays blocked; None: the service's RECOMMENDER_BLOCK_DAYS.
    block_days: int | None = Field(default=None, ge=0, le=3650)
    # purpose
    min_size: int = Field(default=4, ge=GROUP_SIZE_MIN, le=GROUP_SIZE_MAX)
    max_size: int = Field(default=8, ge=GROUP_SIZE_MIN, le=GROUP_SIZE_MAX)
    max_groups_per_member: int = Field(default=1, ge=1, le=8)
    cohesion_weight: float = Field(default=0.5, ge=0, le=100, allow_inf_nan=False)
    bridging_weight: float = Field(default=0.5, ge=0, le=100, allow_inf_nan=False)
    focus_passions: tuple[str, ...] | None = None
    # intros
    round_index: int = Field(default=0, ge=0, le=ROUND_MAX)
    # skills
    max_seekers_per_offerer: int = Field(default=3, ge=1, le=50)
    # events
    event_id: str | None = Field(default=None, pattern=_ID)
    attendees: tuple[str, ...] | None = None
    table_size: int = Field(default=4, ge=GROUP_SIZE_MIN, le=GROUP_SIZE_MAX)
    rounds: int = Field(default=3, ge=1, le=1000)
    time_limit: float = Field(default=50.0, gt=0, le=3600, allow_inf_nan=False)
    # purpose and intros: runs aimed at KPI targets (recommender/aims)
    aims: tuple[str, ...] | None = None
    #: How much the aimed KPIs weigh against purpose (0..1); None: AIM_WEIGHT_DEFAULT.
    aim_weight: float | None = Field(default=None, ge=0, le=1, allow_inf_nan=False)

    @field_validator("aims")
    @classmethod
    def _target_ids(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        if value is None:
            return None
        ids = tuple(dict.fromkeys(str(item).strip() for item in value))
        if not ids:
            raise ValueError("give one or more KPI target ids")
        if len(ids) > AIMS_MAX:
            raise ValueError(f"aim a run at {AIMS_MAX} KPI targets at most, not {len(ids)}")
        bad = [item for item in ids if not re.match(_ID, item)]
        if bad:
            raise ValueError(f"{bad[0]!r} is not a KPI target id")
        return ids

    @field_validator("focus_passions")
    @classmethod
    def _slugs(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        if value is None:
            return None
        slugs = tuple(sorted({re.sub(r"[^a-z0-9]+", "-", item.lower()).strip("-") for item in value}))
        if not slugs or "" in slugs:
            raise ValueError("give one or more passion slugs, none empty")
        return slugs


KIND_FIELDS: dict[str, frozenset[str]] = {
    "purpose": frozenset(
        {"min_size", "max_size", "max_groups_per_member", "cohesion_weight", "bridging_weight", "focus_passions",
         "aims", "aim_weight"}
    ),
    "intros": frozenset({"round_index", "aims", "aim_weight"}),
    "skills": frozenset({"max_seekers_per_offerer"}),
    "events": frozenset({"event_id", "attendees", "table_size", "rounds", "time_limit"}),
}
COMMON_FIELDS = frozenset({"seed", "block_days"})


def parse_parameters(kind: str, values: Mapping[str, Any]) -> RunParameters:
    """Validated parameters for ``kind``; values left out (or None) take their defaults.

    Raises BadParameters for an unknown kind, a value out of range, or a parameter the kind does
    not use (so a mistyped or misplaced option is never silently ignored).
    """
    if kind not in KINDS:
        raise BadParameters(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}", field="kind")
    given = {key: value for key, value in values.items() if value is not None}
    try:
        parameters = RunParameters(**given)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "parameters"
        message = first["msg"] if first["type"] != "extra_forbidden" else "is not a parameter of any kind"
        raise BadParameters(f"{where}: {message}", field=str(first["loc"][0]) if first["loc"] else None) from error
    misplaced = sorted(set(given) - KIND_FIELDS[kind] - COMMON_FIELDS)
    if misplaced:
        raise BadParameters(f"{kind} runs do not use {', '.join(misplaced)}", field=misplaced[0])
    if parameters.min_size > parameters.max_size:
        raise BadParameters(
            f"min_size ({parameters.min_size}) must not exceed max_size ({parameters.max_size})", field="min_size"
        )
    if parameters.aim_weight is not None and not parameters.aims:
        raise BadParameters("aim_weight weighs the aimed KPI targets: give the targets too (aims)", field="aim_weight")
    if kind == "events" and parameters.event_id is None and parameters.attendees is None:
        raise BadParameters("an events run needs the event's id, or its attendees", field="event_id")
    return parameters


@dataclass(frozen=True, slots=True)
class StoredRun:
    """What a run did. ``proposal_set_id`` is None when there was nothing to propose (nothing stored)."""

    proposal_set_id: str | None
    kind: str
    algorithm_version: str
    quality: Quality
    groupings: int
    #: Members in the snapshot the run worked on.
    members: int
    notes: tuple[str, ...]


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _plain(value: Any) -> Any:
    """JSON-safe: camelCase keys, tuples as lists, floats rounded, NaN and infinities as null."""
    if isinstance(value, Mapping):
        return {_camel(str(key)): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        return [_plain(item) for item in items]
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        return round(number, 6) if math.isfinite(number) else None
    return str(value)


def _size(value: Any) -> int:
    return len(json.dumps(value, separators=(",", ":"), ensure_ascii=False))


def _fit_lists(data: dict[str, Any], limit: int) -> dict[str, Any]:
    """Replace the longest lists by their lengths until the JSON fits graph-api's limit."""
    while _size(data) > limit:
        lists = [key for key, value in data.items() if isinstance(value, list)]
        if not lists:
            break
        longest = max(lists, key=lambda key: _size(data[key]))
        data[longest] = len(data[longest])
    return data


def quality_json(quality: Quality) -> dict[str, Any]:
    """Quality as stored with the set: camelCase figures, algorithm-specific ones under ``extra``."""
    return _plain(
        {
            "cohesion": quality.cohesion,
            "bridging_teams": quality.bridging_teams,
            "bridging_sites": quality.bridging_sites,
            "novelty": quality.novelty,
            "coverage": quality.coverage,
            "size_violations": quality.size_violations,
            "repeated_pairs": quality.repeated_pairs,
            "silo_index_before": quality.silo_index_before,
            "silo_index_after": quality.silo_index_after,
            "extra": dict(sorted(quality.extra.items())),
            **({"aims": [dict(row) for row in quality.aims]} if quality.aims else {}),
        }
    )


def reason_json(reason: Reason) -> dict[str, Any]:
    """A grouping's reason as stored: sharedPassions [{slug, intensities}], teams, sites, pairs, skill.

    Team and site lists of a very large group are cut (``teamCount`` / ``siteCount`` keep the
    real numbers) so the reason stays within graph-api's limit.
    """
    data: dict[str, Any] = {
        "sharedPassions": [{"slug": slug, "intensities": list(values)} for slug, values in reason.shared_passions],
        "teams": list(reason.teams),
        "sites": list(reason.sites),
        "newPairs": reason.new_pairs,
        "totalPairs": reason.total_pairs,
        "skill": reason.skill,
    }
    if reason.outsiders:
        data["outsiders"] = list(reason.outsiders)
    if _size(data) > REASON_JSON_MAX:
        data["teamCount"], data["siteCount"] = len(reason.teams), len(reason.sites)
        while _size(data) > REASON_JSON_MAX and (data["teams"] or data["sites"]):
            longer = "teams" if len(data["teams"]) >= len(data["sites"]) else "sites"
            data[longer] = data[longer][:-1]
    return data


def reason_text(reason: Reason) -> str:
    text = " ".join(reason.text.split())
    return text if len(text) <= REASON_TEXT_MAX else text[: REASON_TEXT_MAX - 1] + "…"


def grouping_input(grouping: Grouping) -> dict[str, Any]:
    return {
        "members": list(grouping.members),
        "round": grouping.round,
        "table": grouping.table,
        "reason": reason_json(grouping.reason),
        "reasonText": reason_text(grouping.reason),
    }


def proposal_set_input(
    proposal: ProposalSet, parameters: RunParameters, extra_parameters: Mapping[str, Any]
) -> dict[str, Any]:
    """The storeProposalSet input for a solved set."""
    stored_parameters = _fit_lists(_plain({**proposal.parameters, **extra_parameters}), SET_JSON_MAX)
    aimed = {"aimedTargetIds": list(parameters.aims)} if parameters.aims else {}
    return {
        **aimed,
        "kind": proposal.kind.upper(),
        "parameters": stored_parameters,
        "algorithmVersion": proposal.algorithm_version,
        "quality": quality_json(proposal.quality),
        "seed": parameters.seed,
        "eventId": parameters.event_id if proposal.kind == "events" else None,
        "groupings": [grouping_input(grouping) for grouping in proposal.groupings],
    }


def solve(
    kind: str, community: Community, parameters: RunParameters, attendees: list[str], aim: PairBonus | None = None
) -> ProposalSet:
    """Call the kind's algorithm (aimed by ``aim`` when given); parameters it refuses raise BadParameters."""
    p = parameters
    aimed: dict[str, Any] = {}
    if aim is not None:
        aimed = {"aim": aim, "aim_weight": p.aim_weight if p.aim_weight is not None else AIM_WEIGHT_DEFAULT}
    try:
        if kind == "purpose":
            return purpose.propose_purpose_groups(
                community,
                min_size=p.min_size,
                max_size=p.max_size,
                max_groups_per_member=p.max_groups_per_member,
                cohesion_weight=p.cohesion_weight,
                bridging_weight=p.bridging_weight,
                focus_passions=frozenset(p.focus_passions) if p.focus_passions is not None else None,
                seed=p.seed,
                **aimed,
            )
        if kind == "intros":
            return intros.propose_intros(community, round_index=p.round_index, seed=p.seed, **aimed)
        if kind == "skills":
            return skills.propose_skill_matches(
                community, max_seekers_per_offerer=p.max_seekers_per_offerer, seed=p.seed
            )
        return events.propose_event_rounds(
            community, attendees, table_size=p.table_size, rounds=p.rounds, seed=p.seed, time_limit=p.time_limit
        )
    except ValueError as error:
        raise BadParameters(str(error)) from error


async def _aimed_targets(client: GraphClient, parameters: RunParameters) -> tuple[AimedTarget, ...]:
    """The targets the run is aimed at, read from graph-api; BadParameters for an unknown one or a
    KPI the recommender cannot aim at."""
    if not parameters.aims:
        return ()
    targets, definitions = await client.kpi_targets()
    try:
        return choose_targets(parameters.aims, targets, definitions)
    except AimRefused as error:
        raise BadParameters(error.message, field="aims", code=error.code) from error


async def _attendees(client: GraphClient, parameters: RunParameters) -> list[str]:
    if parameters.attendees is not None:
        return list(parameters.attendees)
    event_id = str(parameters.event_id)
    try:
        found = await client.event_attendees(event_id)
    except GraphApiError as error:
        if error.code == "GRAPHQL_VALIDATION_FAILED" and "'event'" in error.message:
            raise BadParameters(
                "this graph-api has no event(id) query yet: give the attendees' member keys instead",
                field="attendees",
            ) from error
        if error.code in ("NOT_FOUND", "BAD_USER_INPUT"):
            raise BadParameters(f"event {event_id!r}: {error.message}", field="event_id") from error
        raise
    if found is None:
        raise BadParameters(f"graph-api has no event with the id {event_id!r}", field="event_id")
    return found


def _check_proposed(proposal: ProposalSet, community: Community) -> None:
    """Defence in depth: only snapshot members (never an opted-out one) may be stored, and no
    grouping may hold a pair kept apart."""
    keys = {member.id for member in community.members if not member.opt_out}
    strangers = sorted({key for grouping in proposal.groupings for key in grouping.members} - keys)
    if strangers:
        raise RuntimeError(f"the {proposal.kind} algorithm proposed members outside the snapshot: {strangers[:5]}")
    together = [g for g in proposal.groupings if holds_apart_pair(g.members, community.apart_pairs)]
    if together:
        raise RuntimeError(f"the {proposal.kind} algorithm put together a pair kept apart: {together[0].members}")


async def run(
    kind: str,
    parameters: RunParameters | Mapping[str, Any],
    client: GraphClient,
    progress: ProgressCallback | None = None,
    *,
    block_days: int = 90,
) -> StoredRun:
    """Load, solve and store one proposal set as a draft (see the module doc).

    ``block_days`` is the default of ``parameters.block_days``. Raises BadParameters,
    GraphApiError or GraphApiUnavailable; none of them leaves anything stored.
    """
    values = parameters.model_dump(exclude_unset=True) if isinstance(parameters, RunParameters) else parameters
    parameters = parse_parameters(kind, values)

    def report(stage: Stage, done: int, total: int | None) -> None:
        if progress is not None:
            progress(stage, done, total)

    days = parameters.block_days if parameters.block_days is not None else block_days
    report("loading", 0, None)
    # An unknown event fails before the (long) snapshot read.
    wanted = await _attendees(client, parameters) if kind == "events" else []
    targets = await _aimed_targets(client, parameters)
    snapshot = await client.snapshot(on_page=lambda done, total: report("loading", done, total))
    names = await client.names()
    community = to_community(snapshot, await client.context(days), names, kind=kind)
    # The aimed KPIs are over every member the snapshot holds, whichever kinds they want.
    graph = TieGraph.of(snapshot.members, snapshot.bond_kinds) if targets else None
    aim = PairBonus(targets, graph) if graph is not None else None
    extra: dict[str, Any] = {"block_days": days, "snapshot_members": len(community.members)}
    notes: list[str] = []
    attendees: list[str] = []
    if kind == "events":
        keys = {member.id for member in community.members}
        attendees = [key for key in wanted if key in keys]
        skipped = len(set(wanted) - keys)
        if skipped:
            extra["skipped_attendees"] = skipped
            notes.append(
                f"{skipped} attendee{' is' if skipped == 1 else 's are'} not in the community snapshot "
                "(opted out of recommendations, paused them, turned event seating off, or unknown) and not seated"
            )
        if parameters.event_id is not None:
            extra["event_id"] = parameters.event_id

    report("solving", 0, 1)
    proposal = await asyncio.to_thread(solve, kind, community, parameters, attendees, aim)
    report("solving", 1, 1)
    _check_proposed(proposal, community)
    notes.extend(str(note) for note in proposal.parameters.get("notes", ()) or ())
    if graph is not None:
        figures, aim_notes = aim_figures(targets, graph, [g.members for g in proposal.groupings], names)
        proposal = dataclasses.replace(proposal, quality=dataclasses.replace(proposal.quality, aims=figures))
        extra["aims"] = [target.id for target in targets]
        notes.extend(aim_notes)
    outcome = {
        "kind": kind,
        "algorithm_version": proposal.algorithm_version,
        "quality": proposal.quality,
        "groupings": len(proposal.groupings),
        "members": len(community.members),
    }
    if not proposal.groupings:
        notes.append("nothing to propose: no proposal set was stored")
        return StoredRun(proposal_set_id=None, notes=tuple(notes), **outcome)
    report("storing", 0, 1)
    stored = await client.store_proposal_set(proposal_set_input(proposal, parameters, extra))
    report("storing", 1, 1)
    return StoredRun(proposal_set_id=str(stored["id"]), notes=tuple(notes), **outcome)
