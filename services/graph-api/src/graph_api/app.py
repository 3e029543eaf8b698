"""The Starlette application: GraphQL at /graphql, liveness at /healthz, readiness at /readyz,
the web app's run-time configuration at /config.js and the built web app at /, behind the HTTP
edge's middleware (graph_api.web)."""

from __future__ import annotations

import contextlib
import gc
import json
import logging
import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import orjson
from cross_web import HTTPException
from starlette.applications import Starlette
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLRequestData

from graph_api.accounts.service import AccountService
from graph_api.api.context import Context, Loaders
from graph_api.api.schema import schema
from graph_api.notifications import unsubscribe
from graph_api.metrics import multiprocess
from graph_api.metrics.endpoint import metrics
from graph_api.calendar.routes import ROUTES as calendar_routes
from graph_api.accounts.oidc.routes import ROUTES as oidc_routes
from graph_api.errors import DatabaseUnavailableError, StoreQueryError, UnauthenticatedError
from graph_api.scim.app import ScimApp
from graph_api.logs import RequestLog, current_request_id
from graph_api.settings import Settings, get_settings
from graph_api.store import GraphStore, open_store
from graph_api.web.bearer import bearer_token
from graph_api.web.body_limit import BodyLimit
from graph_api.web.content_policy import graphiql_policy
from graph_api.web.multipart import operation_of
from graph_api.web.operation_checks import check_operation
from graph_api.web.refusal import Refusal, batching_not_supported, database_unavailable, internal_error
from graph_api.web.request_checks import RequestChecks
from graph_api.web.security_headers import SecurityHeaders
from graph_api.web.unsubscribe import unsubscribe_now, unsubscribe_page
from graph_api.web.upload_gate import VIEWER_KEY, UploadGate
from graph_api.web.view_errors import refusal_for

log = logging.getLogger(__name__)

# The built web app (frontend/dist in the repository); served at / only when it has been built.
FRONTEND_DIST = Path(os.environ.get("KINDRED_FRONTEND_DIST") or Path(__file__).resolve().parents[4] / "frontend" / "dist")
API_PATHS = ("/graphql", "/healthz", "/readyz", "/config.js", "/mail/", "/metrics")


class SinglePageApp(StaticFiles):
    """Static files with index.html for unknown non-API paths, so deep links reach the app."""

    async def get_response(self, path: str, scope: Scope) -> Any:
        try:
            return await super().get_response(path, scope)
        except StarletteHTTPException as error:
            request_path = scope["path"]
            if error.status_code != 404 or request_path.startswith(API_PATHS) or request_path.startswith("/assets/"):
                raise
            return await super().get_response("index.html", scope)


def response_too_large(size: int, limit: int) -> dict[str, object]:
    return {
        "message": f"the answer would be {size / 1e6:.1f} MB, above the limit of {limit / 1e6:.1f} MB: "
        "ask for fewer items or fewer fields",
        "extensions": {"code": "RESPONSE_TOO_LARGE", "limit": limit, "requestId": current_request_id()},
    }


class KindredGraphQL(GraphQL[Context, None]):
    def __init__(self, store_of: Any, *, production: bool, max_response_bytes: int) -> None:
        # Multipart is needed for imports; tokens travel in the Authorization header, which a
        # cross-site form cannot set, so accepting multipart does not open a CSRF hole.
        super().__init__(schema, graphql_ide=None if production else "graphiql", multipart_uploads_enabled=True)
        self._store_of = store_of
        self._max_response_bytes = max_response_bytes
        self._ide_policy = "" if production else graphiql_policy(self.graphql_ide_html)

    def encode_json(self, data: object) -> bytes:
        # orjson: ten times faster than json.dumps on big answers (a 5,000-member graph view).
        encoded = orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS)
        if len(encoded) > self._max_response_bytes:
            # The cost limit keeps answers far below this; the cap bounds what still slips through.
            return orjson.dumps({"data": None, "errors": [response_too_large(len(encoded), self._max_response_bytes)]})
        return encoded

    def decode_json(self, data: str | bytes) -> object:
        # orjson refuses invalid UTF-8 and nesting past 1,024 levels as a JSONDecodeError (a 400).
        return orjson.loads(data)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope=scope, receive=receive)
        try:
            try:
                response = await self.run(request)
            except Refusal as refusal:
                response = refusal.response()
            except (HTTPException, StarletteHTTPException) as error:
                response = refusal_for(error).response()
            await response(scope, receive, send)
        finally:
            await request.close()  # an upload's temporary files are closed (and deleted) at once

    async def render_graphql_ide(self, request: Request) -> Response:
        return HTMLResponse(self.graphql_ide_html, headers={"content-security-policy": self._ide_policy})

    async def parse_http_body(self, request: Any) -> GraphQLRequestData | list[GraphQLRequestData]:
        # JSON bodies were checked by RequestChecks; this covers what only the view parses (GET, uploads).
        data = await super().parse_http_body(request)
        if isinstance(data, list):
            raise batching_not_supported()
        check_operation(data.query, data.variables, data.operation_name, data.extensions)
        return data

    async def parse_multipart(self, request: Any) -> dict[str, Any]:
        try:
            form = await request.get_form_data()
        except ValueError:
            raise Refusal(400, "BAD_REQUEST", "the multipart body could not be read") from None
        return operation_of(form.form, form.files, self.parse_json)

    async def get_context(self, request: Request, response: Any) -> Context:  # type: ignore[override]
        store: GraphStore = self._store_of(request)
        accounts: AccountService = request.app.state.accounts
        viewer, auth_error = request.scope.get(VIEWER_KEY), None  # the upload gate may have checked already
        token = bearer_token(request.headers.get("authorization"))
        if viewer is None and token is not None:
            try:
                viewer = await accounts.authenticate(token)
            except UnauthenticatedError as error:
                auth_error = error
            except DatabaseUnavailableError:
                raise database_unavailable() from None
            except StoreQueryError as error:
                error_id = uuid.uuid4().hex[:16]
                log.error("internal error %s checking a token: %s", error_id, error)
                raise internal_error(error_id) from None
        return Context(
            request=request,
            response=response,
            settings=request.app.state.settings,
            repository=store.repository,
            accounts=accounts,
            viewer=viewer,
            loaders=Loaders(store.repository),
            auth_error=auth_error,
        )


async def healthz(_: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> JSONResponse:
    store: GraphStore = request.app.state.store
    try:
        await store.driver.ping()
    except DatabaseUnavailableError as error:
        return JSONResponse({"status": "unavailable", "detail": error.message}, status_code=503)
    return JSONResponse({"status": "ready", "engine": store.driver.engine})


async def frontend_config(request: Request) -> Response:
    """The web app's run-time configuration, loaded by index.html before the bundle."""
    settings: Settings = request.app.state.settings
    config = {"recommenderUrl": settings.recommender_url}
    body = f"window.KINDRED_CONFIG = {json.dumps(config)};\n"
    return Response(body, media_type="text/javascript", headers={"cache-control": "no-store"})


def create_app(settings: Settings | None = None, *, store: GraphStore | None = None) -> Starlette:
    """Build the app; with `store` given the caller owns it, otherwise the app opens and closes one."""
    settings = settings or get_settings()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if store is not None:
            app.state.store = store
            app.state.accounts = AccountService(store.repository, settings)
            yield
            return
        opened = await open_store(settings)
        app.state.store = opened
        app.state.accounts = AccountService(opened.repository, settings)
        try:
            if settings.runs_own_database and settings.seed_members:
                from graph_api.demo.seeding import seed_if_empty  # the generator loads only when needed

                demo_member = await seed_if_empty(opened.repository, settings)
                if demo_member:
                    log.info(
                        "demo accounts: sign in as %r (organiser) or %r (member), password from KINDRED_DEMO_PASSWORD",
                        "organiser",
                        demo_member,
                    )
            await opened.repository.warm_up()
            # What start-up built (modules, the schema, the store) lives as long as the process:
            # out of the collector's way, a full collection no longer walks its 180,000 objects,
            # a pause of about 90 ms that every request in flight on this worker waited through.
            gc.freeze()
            yield
        finally:
            await opened.close()
            multiprocess.mark_this_process_dead()

    graphql = KindredGraphQL(
        lambda request: request.app.state.store,
        production=settings.production,
        max_response_bytes=settings.max_response_bytes,
    )
    routes = [
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Route("/metrics", metrics, methods=["GET"]),
        Route("/config.js", frontend_config),
        Route("/graphql", graphql, methods=["GET", "POST"]),
        Route(unsubscribe.PATH, unsubscribe_page, methods=["GET"]),
        Route(unsubscribe.PATH, unsubscribe_now, methods=["POST"]),
        *calendar_routes,  # /events/<id>.ics, /proposals/<id>.ics, /calendar/<token>.ics
        Mount("/scim", app=ScimApp()),  # SCIM 2.0 provisioning at /scim/v2
        *oidc_routes,  # /oidc/<provider id>/start, /oidc/callback
    ]
    if (FRONTEND_DIST / "index.html").is_file():
        routes.append(Mount("/", app=SinglePageApp(directory=FRONTEND_DIST, html=True), name="frontend"))
    # Outermost first: headers on every answer, then the request id and the access line, then
    # uploads only with a valid credential, then the body-size limit, then the shape of a GraphQL request.
    middleware = [
        Middleware(SecurityHeaders, settings=settings),
        Middleware(RequestLog),
        Middleware(UploadGate),
        Middleware(BodyLimit, settings=settings),
        Middleware(RequestChecks),
    ]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.settings = settings
    return app
