"""The Starlette application: GraphQL at /graphql, liveness at /healthz, readiness at /readyz,
the web app's run-time configuration at /config.js and the built web app at /."""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.exceptions import HTTPException
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Scope
from strawberry.asgi import GraphQL

from graph_api.accounts.service import AccountService
from graph_api.api.context import Context, Loaders
from graph_api.api.schema import schema
from graph_api.errors import DatabaseUnavailableError, UnauthenticatedError
from graph_api.store.batch_reads import BatchReads
from graph_api.settings import Settings, get_settings
from graph_api.store import GraphStore, open_store

log = logging.getLogger(__name__)

# The built web app (frontend/dist in the repository); served at / only when it has been built.
FRONTEND_DIST = Path(os.environ.get("KINDRED_FRONTEND_DIST") or Path(__file__).resolve().parents[4] / "frontend" / "dist")
API_PATHS = ("/graphql", "/healthz", "/readyz", "/config.js")


class SinglePageApp(StaticFiles):
    """Static files with index.html for unknown non-API paths, so deep links reach the app."""

    async def get_response(self, path: str, scope: Scope) -> Any:
        try:
            return await super().get_response(path, scope)
        except HTTPException as error:
            request_path = scope["path"]
            if error.status_code != 404 or request_path.startswith(API_PATHS) or request_path.startswith("/assets/"):
                raise
            return await super().get_response("index.html", scope)


class KindredGraphQL(GraphQL[Context, None]):
    def __init__(self, store_of: Any) -> None:
        # Multipart is needed for imports; tokens travel in the Authorization header, which a
        # cross-site form cannot set, so accepting multipart does not open a CSRF hole.
        super().__init__(schema, graphql_ide="graphiql", multipart_uploads_enabled=True)
        self._store_of = store_of

    def encode_json(self, data: object) -> bytes:
        # orjson: ten times faster than json.dumps on big answers (a 5,000-member graph view).
        return orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS)

    async def get_context(self, request: Request, response: Any) -> Context:  # type: ignore[override]
        store: GraphStore = self._store_of(request)
        accounts: AccountService = request.app.state.accounts
        viewer, auth_error = None, None
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            try:
                viewer = await accounts.authenticate(token.strip())
            except UnauthenticatedError as error:
                auth_error = error
        return Context(
            request=request,
            response=response,
            settings=request.app.state.settings,
            repository=store.repository,
            accounts=accounts,
            viewer=viewer,
            loaders=Loaders(BatchReads(store.driver)),
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
            if settings.store_kind == "embedded" and settings.seed_members:
                from graph_api.demo.seeding import seed_if_empty  # the generator loads only when needed

                demo_member = await seed_if_empty(opened.repository, settings)
                if demo_member:
                    log.info(
                        "demo accounts: sign in as %r (organiser) or %r (member), password from KINDRED_DEMO_PASSWORD",
                        "organiser",
                        demo_member,
                    )
            yield
        finally:
            await opened.close()

    graphql = KindredGraphQL(lambda request: request.app.state.store)
    routes = [
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Route("/config.js", frontend_config),
        Route("/graphql", graphql, methods=["GET", "POST"]),
    ]
    if (FRONTEND_DIST / "index.html").is_file():
        routes.append(Mount("/", app=SinglePageApp(directory=FRONTEND_DIST, html=True), name="frontend"))
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.settings = settings
    return app
