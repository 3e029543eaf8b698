"""The /scim/v2 endpoint: scim2-server's ASGI application, behind Kindred's provisioning tokens.

The token is checked first (one read), before the body is read or anything is parsed; a body
larger than `limits.BODY_MAX` is refused from its Content-Length, or as soon as it passes the
limit. Every error, expected or not, is answered as a SCIM error.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from scim2_models import (
    AuthenticationScheme,
    Bulk,
    Context,
    ChangePassword,
    EnterpriseUser,
    ETag,
    External,
    Filter,
    Group,
    InvalidValueException,
    Patch,
    PayloadTooLargeException,
    Reference,
    Resource,
    ResourceType,
    ResponseParameters,
    SCIMException,
    ScimProvider,
    ServiceProviderConfig,
    Sort,
    UnauthorizedException,
    User,
)
from scim2_server.applications.base import BaseApplication
from scim2_server.service import ScimService
from scim2_server.applications.asgi import ASGIApplication, Receive, Scope, Send
from scim2_server.handler import AsyncScimHandler
from scim2_server.requests import ScimRequest
from scim2_server.responses import ScimResponse
from starlette.datastructures import Headers

from graph_api.errors import DatabaseUnavailableError, KindredError
from graph_api.scim import limits, tokens
from graph_api.scim.storage import KindredScimStorage
from graph_api.store.repository import GraphRepository

BEARER = AuthenticationScheme(
    type=AuthenticationScheme.Type.oauthbearertoken,
    name="Provisioning token",
    description="A provisioning token an organiser made on Kindred's organiser page, sent as a bearer token.",
    spec_uri=Reference[External]("https://datatracker.ietf.org/doc/html/rfc6750"),
    primary=True,
)


def provider() -> ScimProvider:
    return ScimProvider(
        models=[User, EnterpriseUser, Group],
        resource_types=[ResourceType.from_resource(User[EnterpriseUser]), ResourceType.from_resource(Group)],
        config=ServiceProviderConfig(
            patch=Patch(supported=True),
            bulk=Bulk(supported=False, max_operations=0, max_payload_size=0),
            filter=Filter(supported=True, max_results=limits.PAGE_MAX),
            change_password=ChangePassword(supported=False),
            sort=Sort(supported=False),
            etag=ETag(supported=True),
            authentication_schemes=[BEARER],
        ),
    )


class KindredScimService(ScimService):
    """scim2-server's service, except that PATCH always answers 200 with the resource: Okta
    reads the patched user from the answer, and RFC 7644 §3.5.2 allows either."""

    def patch_response(
        self, base_url: str, resource: Resource[Any], response_parameters: ResponseParameters[Any]
    ) -> ScimResponse:
        published = self.publish(base_url, resource)
        return self.resource_response(published, Context.RESOURCE_REPLACEMENT_RESPONSE, response_parameters)


class ScimApp(ASGIApplication):
    """Mounted at /scim: the store comes from the Kindred app's state at the first request."""

    def __init__(self) -> None:
        scim_provider = provider()
        BaseApplication.__init__(self, scim_provider, KindredScimService(scim_provider))
        self._repository: GraphRepository | None = None

    def _bind(self, scope: Scope) -> GraphRepository:
        repository: GraphRepository = scope["app"].state.store.repository
        if repository is not self._repository:
            user_model = self.provider.model_for("User")
            group_model = self.provider.model_for("Group")
            self.storage = KindredScimStorage(repository, user_model, group_model)  # type: ignore[arg-type]
            self.handler = AsyncScimHandler(self.service, self.storage)
            self._repository = repository
        return repository

    async def _authorised(self, scope: Scope, request: ScimRequest) -> bool:
        repository = self._bind(scope)
        try:
            if not self.needs_auth(request):
                return True
        except Exception:  # an unknown path: the token still comes first
            pass
        return await tokens.valid(repository, Headers(scope=scope).get("authorization"))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        head = ScimRequest(
            method=scope["method"],
            base_url=self.get_base_url(scope),
            path=self.split_path(self.get_path(scope)),
            headers=[(name.decode("latin-1"), value.decode("latin-1")) for name, value in scope["headers"]],
        )
        try:
            if not await self._authorised(scope, head):
                raise UnauthorizedException(detail="send a provisioning token: Authorization: Bearer ks....")
            declared = Headers(scope=scope).get("content-length", "")
            if declared.strip().isdigit() and int(declared) > limits.BODY_MAX:
                raise PayloadTooLargeException(detail=f"the body is larger than {limits.BODY_MAX} bytes")
            request = await self._read(scope, receive)
        except Exception as error:  # noqa: BLE001 - every refusal is a SCIM error, never a 500 page
            await self.send_response(self.finalize_response(head, self.handle_exception(head, error)), send)
            return
        await self.send_response(await self.serve(request), send)

    async def _read(self, scope: Scope, receive: Receive) -> ScimRequest:
        query = scope["query_string"].decode("latin-1")
        if len(query) > limits.QUERY_MAX:
            raise _UriTooLong(detail=f"the query string is longer than {limits.QUERY_MAX} characters")
        body = bytearray()
        more = True
        while more:
            message = await receive()
            body += message.get("body", b"")
            if len(body) > limits.BODY_MAX:
                raise PayloadTooLargeException(detail=f"the body is larger than {limits.BODY_MAX} bytes")
            more = message.get("more_body", False)
        return ScimRequest(
            method=scope["method"],
            base_url=self.get_base_url(scope),
            path=self.split_path(self.get_path(scope)),
            query=dict(parse_qsl(query, keep_blank_values=True)),
            headers=[(name.decode("latin-1"), value.decode("latin-1")) for name, value in scope["headers"]],
            body=bytes(body),
        )

    async def dispatch_request(self, request: ScimRequest) -> ScimResponse:
        # The token was checked before the body was read.
        return await self.handler.handle(request)

    def handle_exception(self, request: ScimRequest, exception: Exception) -> ScimResponse:
        if isinstance(exception, KindredError):
            return self.service.error_response(_as_scim(exception))
        return super().handle_exception(request, exception)


class _UriTooLong(SCIMException):
    status = 414
    _default_detail = "the address is too long"


class _Unavailable(SCIMException):
    status = 503
    _default_detail = "the database is unavailable: try again soon"


def _as_scim(error: KindredError) -> SCIMException:
    """A Kindred error from below the storage (a rule of the store, an outage) as a SCIM error."""
    if isinstance(error, DatabaseUnavailableError):
        return _Unavailable()
    return InvalidValueException(detail=str(error))
