"""Download links for calendar files (Event.calendarUrl, Proposal.calendarUrl): see calendar.links."""

from __future__ import annotations

from graph_api.api.context import Info
from graph_api.calendar import links


def calendar_link(info: Info, kind: links.Kind, key: str) -> str | None:
    """A signed link to the file for the signed-in member; None for an API token."""
    viewer = info.context.viewer
    if viewer is None or viewer.member_id is None:
        return None
    return links.link(info.context.settings, member_id=viewer.member_id, session_id=viewer.credential_id, kind=kind, key=key)
