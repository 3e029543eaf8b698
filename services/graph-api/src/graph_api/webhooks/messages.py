"""What a delivery says, written when it is sent from the facts the change stored (what
happened, to what, when) and the graph as it is then.

Privacy: a delivery names no member and carries no member's id. It says what kind of thing
happened, to which set or event (its name and day), and counts: how many proposals and members
a set has, how many of a group accepted so far, how many people a member recorded meeting. An
organiser reads all of that in the app already; a chat channel that receives it learns no one's
name, answer or whereabouts. The JSON format adds the set's, proposal's or event's id (for a
tool to link back), never a member's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

import orjson

from graph_api.domain.webhooks import WebhookDelivery
from graph_api.settings import Settings
from graph_api.store.webhooks import WebhookStore

#: A set's kind, as people say it, for one and for several proposals.
_KIND_WORDS = {
    "purpose": ("purpose group proposal", "purpose group proposals"),
    "intros": ("introduction", "introductions"),
    "skills": ("skills pairing", "skills pairings"),
    "events": ("table", "tables"),
}

#: What a member's group of a proposal is called ("of their purpose group").
_GROUP_WORDS = {"purpose": "purpose group", "intros": "introduction", "skills": "skills pairing", "events": "table"}


@dataclass(frozen=True, slots=True)
class Message:
    text: str
    data: dict[str, Any]


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _article(word: str) -> str:
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word


def spoken_day(stamp: str | None, settings: Settings) -> str | None:
    """2026-12-07T18:00:00Z -> Monday 7 December 2026 (in the community's time zone)."""
    if not stamp:
        return None
    try:
        moment = datetime.fromisoformat(str(stamp).replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    moment = moment.astimezone(ZoneInfo(settings.time_zone) if settings.time_zone else timezone.utc)
    return f"{moment:%A} {moment.day} {moment:%B %Y}"


async def _event(store: WebhookStore, event_id: str | None, settings: Settings) -> tuple[str, dict[str, Any] | None]:
    """How a sentence names the event (“Spring picnic” on Monday 7 December 2026), and its data."""
    facts = await store.event_facts(event_id) if event_id else None
    if facts is None:
        return "an event", ({"id": event_id} if event_id else None)
    day = spoken_day(facts.get("startsAt"), settings)
    words = f"“{facts['name']}”" + (f" on {day}" if day else "")
    return words, {"id": event_id, "name": facts["name"], "startsAt": facts.get("startsAt")}


async def describe(delivery: WebhookDelivery, store: WebhookStore, settings: Settings) -> Message:
    if delivery.event in ("proposal_published", "event_plan_published"):
        return await _published(delivery, store, settings)
    if delivery.event == "proposal_answered":
        return await _answered(delivery, store)
    if delivery.event == "met_recorded":
        return await _met(delivery, store, settings)
    return Message("Something happened in the community.", {})


async def _published(delivery: WebhookDelivery, store: WebhookStore, settings: Settings) -> Message:
    facts = await store.set_facts(delivery.set_id) if delivery.set_id else None
    if delivery.event == "event_plan_published":
        where, event = await _event(store, delivery.event_id or (facts or {}).get("eventId"), settings)
        if facts is None:
            return Message(f"The table plan of {where} was published.", {"event": event})
        rounds = int(facts.get("lastRound") or 0) + 1
        tables = int(facts["proposals"])
        spread = f" over {rounds} rounds" if rounds > 1 else ""
        text = (f"The table plan of {where} was published: {_count(tables, 'table', 'tables')}{spread} "
                f"for {_count(int(facts['members']), 'member', 'members')}.")
        data = {"proposalSet": {"id": delivery.set_id, "tables": tables, "rounds": rounds, "members": int(facts["members"])},
                "event": event}
        return Message(text, data)
    if facts is None:
        return Message("New proposals were published.", {"proposalSet": {"id": delivery.set_id}})
    one, many = _KIND_WORDS.get(str(facts["kind"]), ("proposal", "proposals"))
    proposals, members = int(facts["proposals"]), int(facts["members"])
    text = f"New proposals were published: {_count(proposals, one, many)} for {_count(members, 'member', 'members')}."
    data = {"proposalSet": {"id": delivery.set_id, "kind": facts["kind"], "proposals": proposals, "members": members}}
    return Message(text, data)


async def _answered(delivery: WebhookDelivery, store: WebhookStore) -> Message:
    facts = await store.proposal_facts(delivery.proposal_id) if delivery.proposal_id else None
    verb = "accepted" if delivery.answer == "accepted" else "declined"
    if facts is None:
        return Message(f"A member {verb} a proposal.", {"proposal": {"id": delivery.proposal_id, "answer": delivery.answer}})
    one, _ = _KIND_WORDS.get(str(facts["kind"]), ("proposal", "proposals"))
    answers = [str(a) for a in facts.get("answers") or []]
    accepted, declined = answers.count("accepted"), answers.count("declined")
    text = f"A member {verb} {_article(one)} ({accepted} of {len(answers)} accepted so far)."
    data = {"proposal": {"id": delivery.proposal_id, "kind": facts["kind"], "answer": delivery.answer,
                         "accepted": accepted, "declined": declined, "waiting": len(answers) - accepted - declined}}
    return Message(text, data)


async def _met(delivery: WebhookDelivery, store: WebhookStore, settings: Settings) -> Message:
    people = delivery.people or 1
    if delivery.proposal_id:  # the "did you meet?" follow-up of an introduction or a purpose group
        facts = await store.proposal_facts(delivery.proposal_id)
        group = _GROUP_WORDS.get(str((facts or {}).get("kind")), "proposal")
        text = f"A member said they met {_count(people, 'person', 'people')} of their {group}."
        return Message(text, {"proposal": {"id": delivery.proposal_id, "kind": (facts or {}).get("kind")}, "people": people})
    where, event = await _event(store, delivery.event_id, settings)
    text = f"A member recorded meeting {_count(people, 'person', 'people')} at {where}."
    return Message(text, {"event": event, "people": people})


def json_body(delivery: WebhookDelivery, message: Message) -> bytes:
    return orjson.dumps({
        "id": delivery.id,
        "event": delivery.event,
        "occurredAt": delivery.occurred_at,
        "text": message.text,
        "data": message.data,
    })


def chat_body(message: Message) -> bytes:
    """Slack, Microsoft Teams (incoming webhook), Mattermost, Rocket.Chat and Discord-compatible
    bridges all read `text`."""
    return orjson.dumps({"text": message.text})


async def body(delivery: WebhookDelivery, format: str, store: WebhookStore, settings: Settings) -> bytes:
    message = await describe(delivery, store, settings)
    return chat_body(message) if format == "chat" else json_body(delivery, message)
