"""A member's mail choices: which kinds of mail they get (viewer.mailChoices, setMyMailChoices)."""

from __future__ import annotations

import strawberry

from graph_api.api.context import Info
from graph_api.api.permissions import MEMBER
from graph_api.domain.mail import MailChoices as Choices
from graph_api.errors import BadInputError, NotFoundError

#: GraphQL field name -> stored kind.
_KINDS = {"proposals": "proposals", "tables": "tables", "reminders": "reminders", "follow_ups": "followups"}


@strawberry.type(description="Which mails a member gets. Each kind is on unless they turned it off.")
class MailChoices:
    mail_on: bool = strawberry.field(
        description="Whether this community sends mail at all (its organisers set up a mail server)."
    )
    proposals: bool = strawberry.field(description="A mail when new proposals for them are published.")
    tables: bool = strawberry.field(description="A mail when the table plan of an event they attend is published.")
    reminders: bool = strawberry.field(description="A reminder shortly before an event they attend (a day, unless the community set another time).")
    follow_ups: bool = strawberry.field(description="A mail asking whether they met, some days after they accepted an intro or a purpose group.")

    @classmethod
    def of(cls, choices: Choices, *, mail_on: bool) -> MailChoices:
        wanted = {name: choices.wants(kind) for name, kind in _KINDS.items()}
        return cls(mail_on=mail_on, **wanted)


@strawberry.input(description="Turn kinds of mail on (true) or off (false); kinds left out stay as they are.")
class MailChoicesInput:
    proposals: bool | None = None
    tables: bool | None = None
    reminders: bool | None = None
    follow_ups: bool | None = None


async def mail_choices_of(info: Info, member_id: str) -> MailChoices | None:
    """The member's own choices; null for anyone else (organisers too)."""
    viewer = info.context.viewer
    if viewer is None or viewer.member_id != member_id:
        return None
    choices = await info.context.repository.outbox.choices(member_id)
    return MailChoices.of(choices, mail_on=info.context.settings.mail_enabled) if choices else None


@strawberry.type
class MailMutations:
    @strawberry.mutation(
        description="Turn kinds of mail on or off for yourself (members only).", permission_classes=MEMBER
    )
    async def set_my_mail_choices(self, info: Info, input: MailChoicesInput) -> MailChoices:
        member_id = info.context.require_member_id()
        given = {kind: getattr(input, name) for name, kind in _KINDS.items() if getattr(input, name) is not None}
        if not given:
            raise BadInputError("say which mails to turn on or off: proposals, tables, reminders or followUps", field="input")
        on = [kind for kind, wanted in given.items() if wanted]
        off = [kind for kind, wanted in given.items() if not wanted]
        choices = await info.context.repository.outbox.set_choices(member_id, on=on, off=off)
        if choices is None:
            raise NotFoundError("your account no longer exists", field="input")
        return MailChoices.of(choices, mail_on=info.context.settings.mail_enabled)
