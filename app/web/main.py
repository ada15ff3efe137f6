"""The app factory: ``create_app(settings)`` builds the API with its own settings, gate and
routers, so a test can build one in-process; ``quotetrace serve`` runs it with uvicorn."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi
from fastapi_offline import FastAPIOffline
from starlette.middleware.gzip import GZipMiddleware
from starlette.staticfiles import StaticFiles

from app.archive.database import database_url
from app.archive.store import LazyArchive
from app.core.settings import Settings, get_settings
from app.nlp.pipeline import get_pipeline
from app.service.limits import AnalysisGate, ReturnMemoryAfterLargeBodies, return_free_memory
from app.service.observability import RequestLog, configure_logging
from app.web.archive_schemas import ArticleIn, ArticlesIn
from app.web.errors import add_error_handlers
from app.web.middleware import STREAM_PATH, BodyLimit, PageHeaders, RequireKey
from app.web.routes import (
    articles,
    health,
    pages,
    quotes,
    search,
    sources,
    sources_page,
    speakers,
    stream,
)
from app.web.schemas import QUOTE_TYPES_DOC, QuoteRequest

STATIC = Path(__file__).resolve().parent / "static"
DESCRIPTION = (
    "Every quote of an article with its speaker, cue and context sentence. Quote types — "
    + QUOTE_TYPES_DOC + " Offsets index the text exactly as sent. Each quote says which rules "
    "chose its kind, cue and speaker (`rule`). When keys are configured, send one in "
    "`X-API-Key`.")


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    get_pipeline()
    app.state.ready = True
    yield
    if getattr(app.state, "archive", None) is not None:
        app.state.archive.close()


def create_app(settings: Settings | None = None) -> FastAPI:
    """The API, with ``settings`` (default: from the environment, read once per process)."""
    settings = settings or get_settings()
    configure_logging(settings.debug_logging)
    # the docs pages load Swagger UI and ReDoc from the app itself, not from a CDN: a
    # newsroom's closed network shows them too
    app = FastAPIOffline(title="quotetrace", version="0.1.0",
                         summary="Quotes in news articles, each with its speaker, cue and "
                                 "context sentence.",
                         description=DESCRIPTION, lifespan=lifespan)
    app.state.settings = settings
    app.state.ready = False
    app.state.gate = AnalysisGate(settings.max_concurrent, settings.max_queue,
                                  settings.request_timeout_s, when_idle=return_free_memory,
                                  queue_timeout_s=settings.queue_timeout_s)
    for router in (health.router, quotes.router, stream.router):
        app.include_router(router)
    if settings.archive:
        app.state.archive = LazyArchive(lambda: database_url(settings))
        for router in (articles.router, search.router, speakers.router, sources.router):
            app.include_router(router)
    if settings.ui:
        app.include_router(pages.router)
        if settings.archive:
            app.include_router(sources_page.router)
        app.mount("/static", StaticFiles(directory=STATIC), name="static")
    add_error_handlers(app)
    # outermost last: the log sees everything; CORS answers preflights; the key is checked
    # before the body is read, and the body is bounded before anything parses it
    app.add_middleware(BodyLimit, settings=settings)
    app.add_middleware(ReturnMemoryAfterLargeBodies)
    app.add_middleware(RequireKey, settings=settings)
    app.add_middleware(CompressLarge)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins,
                           allow_methods=["GET", "HEAD", "POST"], allow_headers=["*"],
                           expose_headers=["X-Request-ID", "Retry-After"])
    app.add_middleware(PageHeaders)
    app.add_middleware(HeadAsGet)
    app.add_middleware(RequestLog)
    app.openapi = lambda: openapi_schema(app)  # type: ignore[method-assign]
    return app


class CompressLarge:
    """gzip for responses of 1 kB or more to clients that accept it; not for the NDJSON stream,
    whose lines must leave as soon as they are written."""

    def __init__(self, app) -> None:
        self.app = app
        self.gzip = GZipMiddleware(app, minimum_size=1024)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope["path"] != STREAM_PATH:
            await self.gzip(scope, receive, send)
        else:
            await self.app(scope, receive, send)


class HeadAsGet:
    """``HEAD`` wherever ``GET`` is: the GET's status and headers, without its body."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: dict) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


def openapi_schema(app: FastAPI) -> dict[str, Any]:
    """FastAPI's schema, plus the bodies the routes parse themselves (so that /v1/quotes can
    take text/plain too, and /v1/articles NDJSON)."""
    if app.openapi_schema is None:
        schema = get_openapi(title=app.title, version=app.version, summary=app.summary,
                             description=app.description, routes=app.routes)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for model in (QuoteRequest, ArticleIn, ArticlesIn):
            body = model.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(body.pop("$defs", {}))
            components[model.__name__] = body
        app.openapi_schema = schema
    return app.openapi_schema
