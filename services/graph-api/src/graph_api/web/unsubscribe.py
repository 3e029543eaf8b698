"""/mail/unsubscribe: the one-click unsubscribe link of every mail to a member.

GET shows a page that asks to confirm (link checkers and mail scanners open links: a GET
changes nothing); POST turns that kind of mail off for that member: mail programs send it by
themselves (RFC 8058, `List-Unsubscribe=One-Click` with the List-Unsubscribe-Post header), and
the page's button sends the same. The signed token in the address is the only credential.
"""

from __future__ import annotations

import html
import logging

from starlette.requests import Request
from starlette.responses import HTMLResponse

from graph_api.errors import DatabaseUnavailableError
from graph_api.notifications import unsubscribe
from graph_api.notifications.compose import KIND_NAMES
from graph_api.settings import Settings

log = logging.getLogger(__name__)


def _page(title: str, *paragraphs: str, form: str = "", status: int = 200) -> HTMLResponse:
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return HTMLResponse(
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)} · Kindred</title></head>"
        f"<body><main><h1>{html.escape(title)}</h1>{body}{form}</main></body></html>",
        status_code=status,
        headers={"cache-control": "no-store", "referrer-policy": "no-referrer"},
    )


def _not_valid() -> HTMLResponse:
    return _page(
        "This link does not work",
        "It may have been cut when the mail was copied. Open the whole link from the mail, or sign in to "
        "Kindred and change your mail choices on your profile page.",
        status=400,
    )


def _what(kind: str) -> str:
    return html.escape(KIND_NAMES[kind])


async def unsubscribe_page(request: Request) -> HTMLResponse:
    settings: Settings = request.app.state.settings
    token = request.query_params.get("token", "")
    found = unsubscribe.verify(settings.signing_secret(), token)
    if found is None:
        return _not_valid()
    action = html.escape(f"{unsubscribe.PATH}?token={token}", quote=True)
    form = (
        f'<form method="post" action="{action}">'
        '<input type="hidden" name="List-Unsubscribe" value="One-Click">'
        f"<button type=\"submit\">Stop mails about {_what(found.kind)}</button></form>"
    )
    return _page(
        "Stop these mails?",
        f"You will no longer get mails about {_what(found.kind)}. Other mails from Kindred stay as they are.",
        form=form,
    )


async def unsubscribe_now(request: Request) -> HTMLResponse:
    settings: Settings = request.app.state.settings
    found = unsubscribe.verify(settings.signing_secret(), request.query_params.get("token", ""))
    if found is None:
        return _not_valid()
    try:
        await request.app.state.store.repository.outbox.set_choices(found.member_id, on=[], off=[found.kind])
    except DatabaseUnavailableError:
        return _page("Please try again in a moment", "Kindred cannot record your choice right now.", status=503)
    # A member who is gone gets the same answer: they will get no more mails either way.
    return _page(
        "Done",
        f"You will no longer get mails about {_what(found.kind)}.",
        "Changed your mind? Sign in to Kindred: your mail choices are on your profile page.",
    )
