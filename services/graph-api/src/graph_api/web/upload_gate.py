"""Multipart uploads only from a valid credential: the token is checked before one byte of the
body is read, so an anonymous caller can neither fill /tmp nor make the server parse anything."""

from __future__ import annotations

import logging
import uuid

from starlette.types import ASGIApp, Receive, Scope, Send

from graph_api.errors import DatabaseUnavailableError, StoreQueryError, UnauthenticatedError
from graph_api.web.bearer import bearer_token
from graph_api.web.refusal import Refusal, database_unavailable, internal_error
from graph_api.web.scope import header, is_multipart

# Where the gate leaves the authenticated viewer, so the GraphQL context need not ask again.
VIEWER_KEY = "kindred.viewer"
_CHALLENGE = {"www-authenticate": "Bearer"}
log = logging.getLogger(__name__)


class UploadGate:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_multipart(scope):
            await self.app(scope, receive, send)
            return
        try:
            scope[VIEWER_KEY] = await self._viewer(scope)
        except Refusal as refusal:
            await refusal.response()(scope, receive, send)
            return
        await self.app(scope, receive, send)

    @staticmethod
    async def _viewer(scope: Scope) -> object:
        token = bearer_token(header(scope, "authorization"))
        if token is None:
            raise Refusal(401, "UNAUTHENTICATED", "sign in first: uploads need a session or an API token", _CHALLENGE)
        try:
            return await scope["app"].state.accounts.authenticate(token)
        except UnauthenticatedError as error:
            raise Refusal(401, "UNAUTHENTICATED", error.message, _CHALLENGE) from None
        except DatabaseUnavailableError:
            raise database_unavailable() from None
        except StoreQueryError as error:
            error_id = uuid.uuid4().hex[:16]
            log.error("internal error %s checking an upload's token: %s", error_id, error)
            raise internal_error(error_id) from None
