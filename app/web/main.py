"""The app factory: ``create_app(settings)`` builds the API with its own settings, gate and
routers, so a test can build one in-process; ``quotetrace serve`` runs it with uvicorn."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi

from app.core.settings import Settings, get_settings
from app.nlp.pipeline import get_pipeline
from app.service.limits import AnalysisGate, ReturnMemoryAfterLargeBodies, return_free_memory
from app.service.observability import RequestLog, configure_logging
from app.web.errors import add_error_handlers
from app.web.middleware import BodySizeLimit
from app.web.routes import health, quotes, stream
from app.web.schemas import QUOTE_TYPES_DOC, QuoteRequest

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


def create_app(settings: Settings | None = None) -> FastAPI:
    """The API, with ``settings`` (default: from the environment, read once per process)."""
    settings = settings or get_settings()
    configure_logging(settings.debug_logging)
    app = FastAPI(title="quotetrace", version="0.1.0",
                  summary="Quotes in news articles, each with its speaker, cue and context "
                          "sentence.",
                  description=DESCRIPTION, lifespan=lifespan)
    app.state.settings = settings
    app.state.ready = False
    app.state.gate = AnalysisGate(settings.max_concurrent, settings.max_queue,
                                  settings.request_timeout_s, when_idle=return_free_memory)
    for router in (health.router, quotes.router, stream.router):
        app.include_router(router)
    add_error_handlers(app)
    app.add_middleware(BodySizeLimit, settings=settings)
    app.add_middleware(ReturnMemoryAfterLargeBodies)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins,
                           allow_methods=["GET", "POST"], allow_headers=["*"])
    app.add_middleware(RequestLog)
    app.openapi = lambda: openapi_schema(app)  # type: ignore[method-assign]
    return app


def openapi_schema(app: FastAPI) -> dict[str, Any]:
    """FastAPI's schema, plus the JSON body of /v1/quotes, which the route parses itself so that
    it can take text/plain too."""
    if app.openapi_schema is None:
        schema = get_openapi(title=app.title, version=app.version, summary=app.summary,
                             description=app.description, routes=app.routes)
        body = QuoteRequest.model_json_schema(ref_template="#/components/schemas/{model}")
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.update(body.pop("$defs", {}))
        components["QuoteRequest"] = body
        app.openapi_schema = schema
    return app.openapi_schema
