"""The recommender's HTTP service: GraphQL at /graphql, liveness at /healthz, readiness at /readyz,
Prometheus metrics at /metrics (recommender/metrics.py).

Ready means graph-api answers GraphQL: without it the service can neither read nor store.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from strawberry.asgi import GraphQL

from recommender.graph_client import GraphApiUnavailable, GraphClient
from recommender.metrics import metrics
from recommender.logs import HEADER, RequestLog
from recommender.schema import Context, schema
from recommender.settings import Settings


class RecommenderGraphQL(GraphQL[Context, None]):
    def __init__(self) -> None:
        super().__init__(schema, graphql_ide="graphiql")

    async def get_context(self, request: Request, response: Any) -> Context:  # type: ignore[override]
        return Context(request=request, settings=request.app.state.settings, http=request.app.state.http)


async def healthz(_: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> JSONResponse:
    settings: Settings = request.app.state.settings
    client = GraphClient(
        settings.graph_api_url,
        None,
        timeout=settings.connect_timeout_seconds,
        connect_timeout=settings.connect_timeout_seconds,
        http=request.app.state.http,
    )
    try:
        await client.ping()
    except GraphApiUnavailable as error:
        return JSONResponse({"status": "unavailable", "detail": error.message}, status_code=503)
    return JSONResponse({"status": "ready", "graphApi": settings.graph_api_url})


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with httpx.AsyncClient() as http:
            app.state.http = http
            yield

    routes = [
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Route("/metrics", metrics, methods=["GET"]),
        Route("/graphql", RecommenderGraphQL(), methods=["GET", "POST"]),
    ]
    # The web app calls `propose` from the browser with the user's own bearer token (no
    # cookies), so allowing its origin exposes nothing a script there could not already ask.
    middleware = [
        Middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["authorization", "content-type", HEADER],
            expose_headers=[HEADER],
            max_age=600,
        )
    ]
    # The request id outermost, so refusals (CORS's too) and errors carry it.
    logged = [Middleware(RequestLog), *(middleware if settings.cors_origins else [])]
    app = Starlette(routes=routes, lifespan=lifespan, middleware=logged)
    app.state.settings = settings
    return app
