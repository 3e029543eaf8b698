"""What each mail says: read from the graph when it is sent (the member's address and choices as
they are then), written as a plain-text and an HTML part, with links back to the web app and,
for a member, a one-click unsubscribe from that kind of mail (List-Unsubscribe, RFC 8058)."""

from __future__ import annotations

import dataclasses
import hashlib
import html
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses, parseaddr
from urllib.parse import quote

from graph_api.calendar import ics
from graph_api.domain.events import Event
from graph_api.domain.mail import INVITATION, MailChoices, OutboxMail
from graph_api.notifications import unsubscribe
from graph_api.settings import Settings
from graph_api.store.followups import FollowUpStore
from graph_api.store.outbox import OutboxStore

#: What each kind of mail is called where a member turns it off.
KIND_NAMES = {
    "proposals": "new proposals",
    "tables": "your tables at events",
    "reminders": "event reminders",
    "followups": "“did you meet?” follow-ups",
}
_PROPOSAL_WORDS = {
    "purpose": "A purpose group",
    "intros": "An introduction",
    "skills": "A skills pairing",
}


@dataclass(frozen=True, slots=True)
class Dropped:
    """The mail is no longer to be sent, and why (in the outbox's last error)."""

    why: str


@dataclass(frozen=True, slots=True)
class Letter:
    subject: str
    greeting: str
    paragraphs: tuple[str, ...]
    #: The main link: its words and address.
    action: tuple[str, str]
    #: The event the mail is about, attached as a calendar file with the member's tables in it.
    event: tuple[Event, tuple[ics.SeatLine, ...]] | None = None


def message_id(mail_id: str, mail_from: str) -> str:
    """The same for every attempt at one outbox record: a resend after a crash is recognisable."""
    domain = parseaddr(mail_from)[1].rpartition("@")[2] or "kindred.invalid"
    return f"<{hashlib.sha256(mail_id.encode()).hexdigest()[:32]}@{domain}>"


def spoken_time(stamp: str) -> str:
    """2026-12-07T18:00:00Z -> Monday 7 December 2026 at 18:00 (UTC)."""
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return f"{moment:%A} {moment.day} {moment:%B %Y} at {moment:%H:%M} (UTC)"


def _names(names: list[str]) -> str:
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


async def compose(mail: OutboxMail, store: OutboxStore, settings: Settings, *, now: str) -> EmailMessage | Dropped:
    public = settings.public_url
    if mail.kind == INVITATION:
        return await _invitation(mail, store, settings, now=now)
    member = await store.member(mail.member_id or "")
    if member is None:
        return Dropped("the member is gone")
    if not (member.get("email") or "").strip():
        return Dropped("the member has no e-mail address")
    if not MailChoices.from_stored(member.get("mailOff")).wants(mail.kind):
        return Dropped("the member turned this kind of mail off")
    write = LETTERS.get(mail.kind)
    if write is None:
        return Dropped(f"no mail is written for {mail.kind!r} yet")
    letter = await write(mail, store, public)
    if isinstance(letter, Dropped):
        return letter
    greeting = f"Hello {member.get('name') or member.get('handle')},"
    letter = dataclasses.replace(letter, greeting=greeting)
    token = unsubscribe.sign(settings.signing_secret(), str(mail.member_id), mail.kind)
    choices = f"{public}/#/member/{quote(str(member['handle']), safe='')}"
    return _message(
        mail,
        settings,
        to=str(member["email"]).strip(),
        letter=letter,
        unsubscribe_url=unsubscribe.link(public, token),
        footer=(
            f"You get this mail because {KIND_NAMES[mail.kind]} are on in your mail choices.",
            ("Change your mail choices", choices),
        ),
    )


async def _invitation(mail: OutboxMail, store: OutboxStore, settings: Settings, *, now: str) -> EmailMessage | Dropped:
    invite = await store.invitation(mail.invite_id or "", now=now)
    if invite is None:
        return Dropped("the invitation was accepted, revoked or has expired")
    if not mail.token:
        return Dropped("the invitation's link is no longer kept")
    link = f"{settings.public_url}/#/accept-invite?token={quote(mail.token, safe='')}"
    by = f"{invite['invitedBy']} invites" if invite.get("invitedBy") else "You are invited"
    letter = Letter(
        subject="You are invited to join Kindred",
        greeting=f"Hello {invite.get('name') or ''},".replace(" ,", ","),
        paragraphs=(
            f"{by} you to join your community on Kindred, where people meet through what they care about.",
            f"The link works once, until {spoken_time(str(invite['expiresAt']))}. "
            "If you did not expect this mail, you can ignore it.",
        ),
        action=("Accept the invitation", link),
    )
    return _message(mail, settings, to=str(invite["email"]), letter=letter, unsubscribe_url=None, footer=None)


async def _digest(mail: OutboxMail, store: OutboxStore, public: str) -> Letter | Dropped:
    rows = await store.digest(set_id=mail.set_id or "", member_id=mail.member_id or "")
    if not rows:
        return Dropped("the member is no longer in these proposals")
    if mail.kind == "tables":
        event_id = str(rows[0].get("eventId") or "")
        event = (await store.events([event_id])).get(event_id) if event_id else None
        where = f" at {event['name']}" if event else ""
        seats = tuple(
            f"Round {row['round']}, table {row['table']}: with {_names(row['others']) or 'people you will meet there'}."
            for row in rows
        )
        target = f"{public}/#/events/{quote(event_id, safe='')}/plan" if event else f"{public}/#/events"
        seat_lines = tuple(ics.SeatLine(int(row["round"]), int(row["table"]), tuple(row["others"])) for row in rows)
        return Letter(
            f"Your tables{where}", "", (f"The table plan{where} is out. Where you sit:", *seats), ("See the table plan", target),
            event=(Event.from_record(event), seat_lines) if event else None,
        )
    lines = tuple(
        f"{_PROPOSAL_WORDS.get(str(row['kind']), 'A proposal')} with {_names(row['others'])}. {row.get('reason') or ''}".strip()
        for row in rows
    )
    count = "a new proposal" if len(rows) == 1 else f"{len(rows)} new proposals"
    return Letter(
        f"You have {count}",
        "",
        (f"You have {count}. Say yes to meet, or no thanks; nobody is told why.", *lines),
        ("See your proposals", f"{public}/#/proposals"),
    )


async def _reminder(mail: OutboxMail, store: OutboxStore, public: str) -> Letter | Dropped:
    event = (await store.events([mail.event_id or ""])).get(mail.event_id or "")
    if event is None:
        return Dropped("the event is gone")
    place = f" at {event['place']}" if event.get("place") else ""
    return Letter(
        f"Reminder: {event['name']}",
        "",
        (f"{event['name']} starts {spoken_time(str(event['startsAt']))}{place}. See you there!",),
        ("See the event", f"{public}/#/events/{quote(str(event['id']), safe='')}"),
        event=(Event.from_record(event), ()),
    )


#: The words of the pause three unanswered follow-ups cause (the web app says the same).
FOLLOWUP_PAUSE_NOTICE = (
    "We paused new proposals because three “did you meet?” questions are unanswered. "
    "Answer one or resume now."
)


def spoken_day(stamp: str) -> str:
    """2026-12-07T18:00:00Z -> Monday 7 December."""
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return f"{moment:%A} {moment.day} {moment:%B}"


async def _followup(mail: OutboxMail, store: OutboxStore, public: str) -> Letter | Dropped:
    """“Did you meet?” about one intro or purpose group the member accepted (domain/followups.py)."""
    found = await FollowUpStore(store.driver).mail_content(member_id=mail.member_id or "", proposal_id=mail.proposal_id or "")
    if found is None:
        return Dropped("the member answered already, or no longer accepts the proposal")
    others = _names(sorted(found["others"]))
    when = spoken_day(str(found["acceptedAt"]))
    if found["kind"] == "intros":
        subject = f"Did you meet {others}?"
        asked = f"On {when} you accepted an introduction to {others}. Did you meet?"
    else:
        group = f"the purpose group “{found['groupName']}”" if found.get("groupName") else "a purpose group"
        subject = f"Did you meet your group {found['groupName']}?" if found.get("groupName") else "Did your group meet?"
        asked = f"On {when} you joined {group} with {others}. Did you meet any of them?"
    paragraphs = (asked, "One click tells us, and helps your community see which introductions and groups work.")
    if found.get("paused"):
        paragraphs = (*paragraphs, FOLLOWUP_PAUSE_NOTICE)
    link = f"{public}/#/proposals?followup={quote(mail.proposal_id or '', safe='')}"
    return Letter(subject, "", paragraphs, ("Tell us whether you met", link))


#: What each kind of mail to a member says, given the mail, the store and the web app's address.
LETTERS: dict[str, Callable[[OutboxMail, OutboxStore, str], Awaitable[Letter | Dropped]]] = {
    "proposals": _digest,
    "tables": _digest,
    "reminders": _reminder,
    "followups": _followup,
}


def _message(
    mail: OutboxMail,
    settings: Settings,
    *,
    to: str,
    letter: Letter,
    unsubscribe_url: str | None,
    footer: tuple[str, tuple[str, str]] | None,
) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = letter.subject
    message["From"] = settings.mail_from
    message["To"] = to
    message["Date"] = format_datetime(datetime.fromisoformat(mail.created_at.replace("Z", "+00:00")))
    message["Message-ID"] = message_id(mail.id, settings.mail_from)
    message["Auto-Submitted"] = "auto-generated"
    if unsubscribe_url:
        message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    words, url = letter.action
    text = [letter.greeting, "", *(p for paragraph in letter.paragraphs for p in (paragraph, "")), f"{words}: {url}"]
    if footer:
        note, (choice_words, choice_url) = footer
        text += ["", "--", note, f"{choice_words}: {choice_url}", f"Stop these mails: {unsubscribe_url}"]
    message.set_content("\n".join(text) + "\n")
    message.add_alternative(_html(letter, footer, unsubscribe_url), subtype="html")
    if letter.event is not None:
        event, seats = letter.event
        message.add_attachment(
            ics.event_calendar(event, settings=settings, seats=seats),
            maintype="text", subtype="calendar", params={"method": "PUBLISH"}, filename=ics.filename(event.name),
        )
    return message


def _html(letter: Letter, footer: tuple[str, tuple[str, str]] | None, unsubscribe_url: str | None) -> str:
    e = html.escape
    words, url = letter.action
    body = [f"<p>{e(letter.greeting)}</p>", *(f"<p>{e(p)}</p>" for p in letter.paragraphs)]
    body.append(f'<p><a href="{e(url)}">{e(words)}</a></p>')
    if footer:
        note, (choice_words, choice_url) = footer
        body.append(
            f'<hr><p style="font-size:0.9em;color:#555">{e(note)} <a href="{e(choice_url)}">{e(choice_words)}</a>'
            f' · <a href="{e(unsubscribe_url or "")}">Stop these mails</a></p>'
        )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{e(letter.subject)}</title></head><body>{''.join(body)}</body></html>\n"
    )


def recipients(message: EmailMessage) -> list[str]:
    return [address for _, address in getaddresses(message.get_all("To", []))]


__all__ = ["Dropped", "compose", "message_id", "recipients", "spoken_time", "KIND_NAMES"]
