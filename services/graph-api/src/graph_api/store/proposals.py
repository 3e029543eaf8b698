"""Proposal sets, their groupings and members' answers; purpose communities."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Any

from graph_api.domain import consent, rules
from graph_api.domain.proposal_rules import named
from graph_api.domain.proposals import (
    Answer,
    Proposal,
    ProposalEntry,
    ProposalSet,
    ProposalSetDraft,
    PurposeCommunity,
)
from graph_api.errors import BadInputError, ConflictError, NotFoundError
from graph_api.store.consent import ConsentStore
from graph_api.store.driver import GraphDriver, Record
from graph_api.store.queries import proposals as q
from graph_api.store.ids import new_id
from graph_api.store.outbox import new_mail_id
from graph_api.store.webhooks import new_delivery_prefix


def _parse_json(text: str | None) -> Any:
    return json.loads(text) if text else {}


def proposal_set_from_record(node: Record) -> ProposalSet:
    return ProposalSet(
        id=node["id"],
        kind=node["kind"],
        status=node["status"],
        parameters=_parse_json(node.get("parameters")),
        algorithm_version=node["algorithmVersion"],
        quality=_parse_json(node.get("quality")),
        seed=node.get("seed"),
        event_id=node.get("eventId"),
        created_at=node["createdAt"],
        published_at=node.get("publishedAt"),
        aimed_target_ids=tuple(node.get("aimedTargetIds") or ()),
    )


def entry_from_row(row: Record) -> ProposalEntry:
    """The proposal and the community of a row with the columns of queries.proposals._COLUMNS."""
    proposal = None
    if row.get("proposal"):
        node = row["proposal"]
        answers = tuple(
            Answer(member_id=answer["id"], response=answer["response"], responded_at=answer.get("respondedAt"))
            for answer in sorted(row.get("participants") or [], key=lambda a: a["id"])
        )
        proposal = Proposal(
            id=node["id"],
            kind=node["kind"],
            round=node.get("round"),
            table=node.get("table"),
            reason_text=node["reasonText"],
            reason=_parse_json(node.get("reason")),
            answers=answers,
        )
    community = None
    if row.get("community"):
        node = row["community"]
        community = PurposeCommunity(
            id=node["id"],
            name=node["name"],
            created_at=node["createdAt"],
            member_ids=tuple(sorted(row.get("communityMembers") or [])),
        )
    return ProposalEntry(proposal=proposal, community=community)


class ProposalStore:
    def __init__(self, driver: GraphDriver) -> None:
        self._driver = driver

    async def _total(self, statement: str, params: dict[str, Any] | None = None) -> int:
        return int((await self._driver.read(statement, params))[0]["total"])

    # Sets ---------------------------------------------------------------------------------

    async def store_set(self, *, draft: ProposalSetDraft) -> ProposalSet:
        """Store a checked set as a draft in one write; refused (nothing stored) when a member
        is unknown or opted out."""
        member_ids = sorted({m for grouping in draft.groupings for m in grouping["members"]})
        states = await self._check_members(member_ids)
        await self._check_consent(states, draft)
        await self._check_targets(list(draft.aimed_target_ids))
        params: dict[str, Any] = {
            "id": draft.id,
            "kind": draft.kind,
            "algorithmVersion": draft.algorithm_version,
            "parameters": draft.parameters,
            "quality": draft.quality,
            "seed": draft.seed,
            "eventId": draft.event_id,
            "now": rules.utc_now(),
            "groupings": draft.groupings,
            "memberIds": member_ids,
            "aimedTargetIds": list(draft.aimed_target_ids),
        }
        rows = await self._driver.write(q.STORE_PROPOSAL_SET, params)
        if not rows:
            raise ConflictError(
                "a member was deleted or opted out, or an aimed target removed, meanwhile: nothing was stored",
                field="groupings",
            )
        return proposal_set_from_record(rows[0]["node"])

    async def _check_targets(self, target_ids: list[str]) -> None:
        """Every aimed KPI target exists, or nothing is stored."""
        if not target_ids:
            return
        rows = await self._driver.read(q.EXISTING_TARGETS, {"ids": target_ids})
        unknown = set(target_ids) - {row["id"] for row in rows}
        if unknown:
            raise NotFoundError(f"no KPI target has these ids: {named(unknown)}", field="aimedTargetIds")

    async def _check_members(self, member_ids: list[str]) -> list[Record]:
        """Every member exists and none opted out, or nothing is stored."""
        rows = await self._driver.read(q.MEMBER_STATES, {"ids": member_ids})
        unknown = set(member_ids) - {row["id"] for row in rows}
        if unknown:
            raise NotFoundError(f"no member has these ids: {named(unknown)}", field="groupings")
        opted_out = {f"@{row['handle']} ({row['id']})" for row in rows if row["optOut"]}
        if opted_out:
            raise BadInputError(
                f"these members opted out of recommendations and cannot be proposed: {named(opted_out)}",
                field="groupings",
            )
        return rows

    async def _check_consent(self, rows: list[Record], draft: ProposalSetDraft) -> None:
        """No member paused or not wanting this kind, and no grouping holding a pair one of whom
        asked not to be introduced to the other (domain/consent.py), or nothing is stored."""
        today = datetime.now(timezone.utc).date()
        paused = {f"@{row['handle']} ({row['id']})" for row in rows if consent.is_paused(row["pausedUntil"], today)}
        if paused:
            raise BadInputError(f"these members paused proposals: {named(paused)}", field="groupings")
        unwanted = {
            f"@{row['handle']} ({row['id']})"
            for row in rows
            if draft.kind not in consent.wanted_kinds(row["proposalKinds"])
        }
        if unwanted:
            raise BadInputError(
                f"these members do not want {draft.kind} proposals: {named(unwanted)}", field="groupings"
            )
        apart = await ConsentStore(self._driver).no_intro_among([row["id"] for row in rows])
        for index, grouping in enumerate(draft.groupings):
            members = set(grouping["members"])
            if any(a in members and b in members for a, b in apart):
                raise BadInputError(
                    f"grouping {index + 1} puts together two members one of whom asked never to be proposed "
                    "with the other (recommendationContext's apartPairs)",
                    field="groupings",
                )

    async def set_by_id(self, *, set_id: str) -> ProposalSet | None:
        rows = await self._driver.read(q.PROPOSAL_SET_BY_ID, {"id": set_id})
        return proposal_set_from_record(rows[0]["node"]) if rows else None

    async def set_member_count(self, *, set_id: str) -> int:
        rows = await self._driver.read(q.PROPOSAL_SET_MEMBER_COUNT, {"id": set_id})
        return int(rows[0]["members"]) if rows else 0

    async def publish(self, *, set_id: str, mail: bool = False, now: str | None = None) -> ProposalSet:
        """Publish a draft set; with `mail`, each of its members' digest is queued in the same write,
        as are the webhook deliveries of the endpoints that want to hear of it. `now` (default the
        clock) is the publish time, which starts the set's effect windows."""
        params = {"id": set_id, "now": now or rules.utc_now(), "mailIdPrefix": new_mail_id() if mail else None,
                  "hookIdPrefix": new_delivery_prefix()}
        rows = await self._driver.write(q.PUBLISH_PROPOSAL_SET, params)
        if rows:
            return proposal_set_from_record(rows[0]["node"])
        existing = await self.set_by_id(set_id=set_id)
        if existing is None:
            raise NotFoundError(f"no proposal set has the id {set_id!r}", field="id")
        raise ConflictError("this proposal set is already published", field="id")

    async def remove_draft_proposal(self, *, proposal_id: str) -> str:
        """Take a whole group out of a draft set; returns the set's id."""
        rows = await self._driver.write(q.REMOVE_DRAFT_PROPOSAL, {"id": proposal_id})
        if not rows:
            await self._refuse_draft_edit(proposal_id)
        return str(rows[0]["setId"])

    async def remove_draft_member(self, *, proposal_id: str, member_id: str) -> str:
        """Take one member out of a group of a draft set (two must stay); returns the set's id."""
        rows = await self._driver.write(q.REMOVE_DRAFT_MEMBER, {"id": proposal_id, "memberId": member_id})
        if rows:
            return str(rows[0]["setId"])
        await self._refuse_draft_edit(proposal_id)
        found = await self._driver.read(q.PROPOSAL_MEMBERS, {"id": proposal_id})
        keys = {row["id"] for row in found}
        if member_id not in keys:
            raise NotFoundError("that member is not in this group", field="memberId")
        raise BadInputError("a group keeps at least two members: remove the whole group instead", field="memberId")

    async def _refuse_draft_edit(self, proposal_id: str) -> None:
        rows = await self._driver.read(q.PROPOSAL_SET_STATUS, {"id": proposal_id})
        if not rows:
            raise NotFoundError(f"no proposal has the id {proposal_id!r}", field="id")
        if rows[0]["status"] != "draft":
            raise ConflictError("this proposal's set is published: it can no longer be edited", field="id")

    async def sets_page(
        self,
        *,
        kind: str | None,
        status: str | None,
        event_ids: list[str] | None,
        after: tuple[str, str] | None,
        limit: int,
    ) -> list[ProposalSet]:
        """Newest first, after (createdAt, id) of the last set seen; `event_ids`: the forms an event's id may be stored in."""
        after_key, after_id = after or (None, None)
        params = {"kind": kind, "status": status, "eventIds": event_ids,
                  "afterKey": after_key, "afterId": after_id, "limit": limit}
        return [proposal_set_from_record(row["node"]) for row in await self._driver.read(q.PROPOSAL_SETS_PAGE, params)]

    async def sets_count(self, *, kind: str | None, status: str | None, event_ids: list[str] | None) -> int:
        return await self._total(q.PROPOSAL_SETS_COUNT, {"kind": kind, "status": status, "eventIds": event_ids})

    async def set_proposals_page(self, *, set_id: str, after_id: str | None, limit: int) -> list[ProposalEntry]:
        """A set's proposals in the order the recommender gave them, after the proposal id given."""
        params = {"setId": set_id, "afterId": after_id, "limit": limit}
        return [entry_from_row(row) for row in await self._driver.read(q.SET_PROPOSALS_PAGE, params)]

    async def set_proposals_count(self, *, set_id: str) -> int:
        return await self._total(q.SET_PROPOSALS_COUNT, {"setId": set_id})

    # Members and their proposals ------------------------------------------------------------

    async def my_proposals(
        self, *, member_id: str, response: str | None, limit: int, kinds: Sequence[str] | None = None
    ) -> list[ProposalEntry]:
        """Published proposals that include the member, newest first (of `kinds` only, when given)."""
        params = {"memberId": member_id, "response": response, "limit": limit, "kinds": list(kinds) if kinds is not None else None}
        return [entry_from_row(row) for row in await self._driver.read(q.MY_PROPOSALS, params)]

    async def my_proposal(self, *, member_id: str, proposal_id: str) -> ProposalEntry | None:
        rows = await self._driver.read(q.MY_PROPOSAL, {"memberId": member_id, "id": proposal_id})
        return entry_from_row(rows[0]) if rows else None

    async def respond(
        self, *, member_id: str, proposal_id: str, accept: bool, community_name: str, now: str | None = None
    ) -> None:
        """Record the answer and its consequences in one write; `community_name` names the
        community a first acceptance of a purpose group creates. The answer's time
        (`IN_PROPOSAL.respondedAt`, `now`, default the clock) starts the "did you meet?" wait."""
        params = {
            "memberId": member_id,
            "id": proposal_id,
            "accept": accept,
            "response": "accepted" if accept else "declined",
            "now": now or rules.utc_now(),
            "communityId": new_id("community"),
            "communityName": community_name,
            "hookIdPrefix": new_delivery_prefix(),
        }
        if not await self._driver.write(q.RESPOND_TO_PROPOSAL, params):
            raise NotFoundError(f"you have no published proposal with the id {proposal_id!r}", field="id")

    # Purpose communities ----------------------------------------------------------------------

    async def communities_page(self, *, after: tuple[str, str] | None, limit: int) -> list[ProposalEntry]:
        """Communities someone belongs to, newest first, after (createdAt, id) of the last one seen."""
        after_key, after_id = after or (None, None)
        params = {"afterKey": after_key, "afterId": after_id, "limit": limit}
        return [entry_from_row(row) for row in await self._driver.read(q.COMMUNITIES_PAGE, params)]

    async def communities_count(self) -> int:
        return await self._total(q.COMMUNITIES_COUNT)

    async def communities_by_id(self, *, ids: Sequence[str]) -> dict[str, ProposalEntry]:
        rows = await self._driver.read(q.COMMUNITIES_BY_ID, {"ids": list(ids)})
        return {row["id"]: entry_from_row(row) for row in rows}
