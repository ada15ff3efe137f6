"""The HTTP API: thin routes over ``app.service.extract``, limits from ``app.core.settings``."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, PlainTextResponse, StreamingResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.core.options import Options
from app.core.settings import get_settings
from app.nlp.pipeline import get_pipeline
from app.service.extract import (
    InvalidText,
    check_text,
    extract,
    extract_many,
    options_from,
    quote_types,
)
from app.service.limits import (
    AnalysisGate,
    ReturnMemoryAfterLargeBodies,
    Saturated,
    TimedOut,
    return_free_memory,
)
from app.service.observability import RequestLog, configure_logging, count_results
from app.web.schemas import (
    LEARNED_REPORTS_DOC,
    QUOTE_TYPES_DOC,
    BatchRequest,
    BatchResponse,
    ErrorResponse,
    QuoteRequest,
    QuoteResponse,
)
from app.web.schemas import Options as RequestOptions

NDJSON = "application/x-ndjson"
settings = get_settings()
configure_logging(settings.debug_logging)
gate = AnalysisGate(settings.max_concurrent, settings.max_queue, settings.request_timeout_s,
                    when_idle=return_free_memory)
state = {"ready": False}


@asynccontextmanager
async def lifespan(app: FastAPI):
    get_pipeline()
    state["ready"] = True
    yield


app = FastAPI(
    title="quotetrace",
    version="0.1.0",
    summary="Quotes in news articles, each with its speaker, cue and context sentence.",
    description=(
        "Every quote of an article with its speaker, cue and context sentence. Quote types — "
        + QUOTE_TYPES_DOC + " Offsets index the text exactly as sent. When keys are "
        "configured, send one in `X-API-Key`."),
    lifespan=lifespan,
)


def openapi_schema() -> dict:
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


app.openapi = openapi_schema


class PayloadTooLarge(Exception):
    def __init__(self, what: str, size: int, limit: int, setting: str) -> None:
        self.message = f"{what} is {size}; the limit is {limit} ({setting})"


class Unauthorised(Exception):
    pass


def error(status: int, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(status_code=status, content={"detail": detail}, headers=headers)


@app.exception_handler(PayloadTooLarge)
async def too_large(request: Request, exc: PayloadTooLarge) -> JSONResponse:
    return error(413, exc.message)


@app.exception_handler(RequestValidationError)
async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
    problems = "; ".join(
        f"{'.'.join(str(p) for p in err.get('loc', ()))}: {err.get('msg', 'invalid')}"
        for err in exc.errors())
    return error(422, f"invalid request: {problems}")


@app.exception_handler(StarletteHTTPException)
async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    if exc.status_code == 400:  # FastAPI could not parse the body (bad JSON, not UTF-8)
        return error(422, f"invalid request: {exc.detail}: send UTF-8 JSON")
    return error(exc.status_code, str(exc.detail), getattr(exc, "headers", None))


@app.exception_handler(InvalidText)
async def invalid_text(request: Request, exc: InvalidText) -> JSONResponse:
    return error(422, str(exc))


@app.exception_handler(Saturated)
async def saturated(request: Request, exc: Saturated) -> JSONResponse:
    return error(503, f"busy: {gate.slots} analyses running and {gate.queue} waiting on this "
                      "worker (QUOTETRACE_MAX_CONCURRENT, QUOTETRACE_MAX_QUEUE); retry shortly",
                 {"Retry-After": str(settings.retry_after_s)})


@app.exception_handler(TimedOut)
async def timed_out(request: Request, exc: TimedOut) -> JSONResponse:
    return error(504, f"analysis took longer than {gate.timeout_s:g} s "
                      "(QUOTETRACE_REQUEST_TIMEOUT_S); send a shorter text")


@app.exception_handler(Unauthorised)
async def unauthorised(request: Request, exc: Unauthorised) -> JSONResponse:
    return error(401, "missing or unknown X-API-Key")


def max_body_bytes() -> int:
    """The most bytes one article can take in a body: UTF-8 text plus JSON around it."""
    return 4 * settings.max_text_chars + 4096


class BodySizeLimit:
    """ASGI middleware: refuse a body whose declared length cannot fit the limits, before
    reading it (the streaming endpoint checks each line instead)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope["path"] != "/v1/quotes/stream":
            limit = max_body_bytes()
            if scope["path"] == "/v1/quotes/batch":
                limit *= settings.max_batch_size
            length = dict(scope["headers"]).get(b"content-length", b"")
            if length.isdigit() and int(length) > limit:
                message = PayloadTooLarge("request body in bytes", int(length), limit,
                                          "QUOTETRACE_MAX_TEXT_CHARS").message
                await error(413, message)(scope, receive, send)
                return
        await self.app(scope, receive, send)


app.add_middleware(BodySizeLimit)
app.add_middleware(ReturnMemoryAfterLargeBodies)
if settings.cors_origins:
    app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins,
                       allow_methods=["GET", "POST"], allow_headers=["*"])
app.add_middleware(RequestLog)


async def require_api_key(request: Request) -> None:
    """Async although it awaits nothing: FastAPI would run a plain function in a thread pool,
    a thread hop on every request."""
    keys = get_settings().api_keys
    if keys and request.headers.get("x-api-key") not in keys:
        raise Unauthorised()


def check_text_size(text: str) -> None:
    check_text(text)
    limit = get_settings().max_text_chars
    if len(text) > limit:
        raise PayloadTooLarge("text length in characters", len(text), limit,
                              "QUOTETRACE_MAX_TEXT_CHARS")


TYPE_NAME = "(direct|partial|indirect|mixed)"
TYPES_QUERY = Query(None, pattern=f"^{TYPE_NAME}(,{TYPE_NAME})*$",
                    description="A comma list of the quote types to return (default: all; "
                                "JSON bodies use `options.types`). " + QUOTE_TYPES_DOC)


LEARNED_QUERY = Query(True, description="The option of the same name (JSON bodies use "
                                         "`options.learned_reports`). " + LEARNED_REPORTS_DOC)


async def quote_request(request: Request,
                        include_scare_quotes: bool = Query(
                            False, description="For text/plain bodies: the option of the same "
                                               "name."),
                        types: str | None = TYPES_QUERY,
                        learned_reports: bool = LEARNED_QUERY) -> QuoteRequest:
    """The request from a JSON body, or from a text/plain body with its charset."""
    content_type = request.headers.get("content-type", "application/json").lower()
    body = await request.body()
    if content_type.startswith("text/plain"):
        charset = "utf-8"
        for part in content_type.split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key == "charset" and value:
                charset = value.strip('"')
        try:
            text = body.decode(charset)
        except LookupError:
            raise InvalidText(f"unknown charset {charset!r}") from None
        except UnicodeDecodeError as err:
            raise InvalidText(f"body is not valid {charset} at byte {err.start}") from None
        return QuoteRequest(text=text, options={
            "include_scare_quotes": include_scare_quotes,
            "types": sorted(t.value for t in quote_types(types)) if types else None,
            "learned_reports": learned_reports})
    if not content_type.startswith("application/json"):
        raise InvalidText("send application/json or text/plain")
    try:
        return QuoteRequest.model_validate_json(body)
    except ValidationError as err:
        raise RequestValidationError(err.errors()) from None


ERRORS = {status: {"model": ErrorResponse} for status in (401, 413, 422, 503, 504)}
QUOTE_BODY = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": {"$ref": "#/components/schemas/QuoteRequest"}},
    "text/plain": {"schema": {"type": "string"}}}}}


@app.get("/healthz", summary="The process is alive")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/readyz", summary="The NLP pipeline is loaded",
         responses={503: {"model": ErrorResponse}})
def readyz() -> JSONResponse:
    if not state["ready"]:
        return error(503, "pipeline still loading")
    return JSONResponse({"status": "ready"})


@app.get("/metrics", summary="Prometheus metrics of this worker",
         response_class=PlainTextResponse)
def metrics() -> PlainTextResponse:
    return PlainTextResponse(generate_latest(), media_type=CONTENT_TYPE_LATEST)


@app.post("/v1/quotes", response_model=QuoteResponse, responses=ERRORS,
          dependencies=[Depends(require_api_key)], openapi_extra=QUOTE_BODY,
          summary="Quotes, speakers and context sentences of one article")
async def quotes(request: Annotated[QuoteRequest, Depends(quote_request)]) -> dict:
    check_text_size(request.text)
    result = await gate.run(extract, get_pipeline(), request.text,
                            attribution_options(request.options))
    count_results([result])
    return result


@app.post("/v1/quotes/batch", response_model=BatchResponse, responses=ERRORS,
          dependencies=[Depends(require_api_key)],
          summary="Many articles in one request, processed in nlp.pipe batches")
async def quotes_batch(request: BatchRequest) -> dict:
    if len(request.articles) > settings.max_batch_size:
        raise PayloadTooLarge("number of articles", len(request.articles),
                              settings.max_batch_size, "QUOTETRACE_MAX_BATCH_SIZE")
    for article in request.articles:
        check_text_size(article.text)
    items = [(a.text, a.id) for a in request.articles]
    results = await gate.run(analyse_batch, items, attribution_options(request.options))
    count_results(results)
    return {"results": results}


def attribution_options(options: RequestOptions) -> Options:
    """The attribution options a JSON body's ``options`` ask for."""
    return options_from(options.include_scare_quotes, options.types, options.learned_reports)


def analyse_batch(items: list[tuple[str, str]], options: Options) -> list[dict]:
    return [{"id": article_id, **result} for result, article_id in
            extract_many(get_pipeline(), items, options, batch_size=settings.batch_size)]


async def _ndjson_lines(request: Request, limit: int) -> AsyncIterator[bytes | None]:
    """Lines of a streamed body; None stands for a line longer than ``limit`` bytes."""
    buffer, skipping = b"", False
    async for chunk in request.stream():
        buffer += chunk
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            if skipping:
                skipping = False
                continue
            yield line if len(line) <= limit else None
        if len(buffer) > limit:
            buffer, skipping = b"", True
            yield None
    if buffer and not skipping:
        yield buffer if len(buffer) <= limit else None


def _parse_article(line: bytes | None, number: int, limit: int) -> tuple[str, str] | str:
    """(text, id) of one NDJSON line, or an error message."""
    if line is None:
        return f"line {number}: longer than the limit of {limit} bytes"
    try:
        record = json.loads(line)
        text, article_id = record["text"], record["id"]
    except (ValueError, KeyError, TypeError):
        return f"line {number}: needs a JSON object with 'id' and 'text'"
    if not isinstance(text, str) or len(text) > settings.max_text_chars:
        return f"line {number}: 'text' must be a string of at most " \
               f"{settings.max_text_chars} characters"
    try:
        check_text(text)
    except InvalidText as err:
        return f"line {number}: {err}"
    return text, str(article_id)


class DuplexStreamingResponse(StreamingResponse):
    """A streaming response whose generator reads the request body while it writes.

    Starlette's StreamingResponse listens for a client disconnect by reading ``receive``, which
    would eat the body messages the generator is still reading; this one only streams (a client
    that goes away ends the stream when sending fails).
    """

    async def __call__(self, scope, receive, send) -> None:
        await self.stream_response(send)


@app.post("/v1/quotes/stream", summary="NDJSON in, NDJSON out, for feeds of any length",
          response_class=StreamingResponse, dependencies=[Depends(require_api_key)],
          responses={200: {"content": {NDJSON: {}},
                           "description": "One line per input line, in order: "
                                          "{id, quotes, speakers} or {line, error}."},
                     401: {"model": ErrorResponse}, 422: {"model": ErrorResponse}},
          openapi_extra={"requestBody": {"required": True, "content": {NDJSON: {"schema": {
              "type": "string", "minLength": 1,
              "description": 'One {"id": ..., "text": ...} object per line.'}}}}})
async def quotes_stream(request: Request, include_scare_quotes: bool = Query(False),
                        types: str | None = TYPES_QUERY,
                        learned_reports: bool = LEARNED_QUERY) -> StreamingResponse:
    """Articles are read, analysed in ``nlp.pipe`` batches and written back as they go, so a
    client can send thousands without either side holding them all in memory."""
    limit = max_body_bytes()
    options = options_from(include_scare_quotes, types, learned_reports)
    length = request.headers.get("content-length")
    if length == "0" or (length is None and "transfer-encoding" not in request.headers):
        raise InvalidText("send NDJSON lines in the body")

    async def analyse(batch: list[tuple[str, str]]) -> list[bytes]:
        if not batch:
            return []
        results = await gate.run(analyse_batch, batch, options, wait=True)
        count_results(results)
        return [json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in results]

    async def results() -> AsyncIterator[bytes]:
        batch: list[tuple[str, str]] = []
        number = 0
        async for line in _ndjson_lines(request, limit):
            number += 1
            if line is not None and not line.strip():
                continue
            parsed = _parse_article(line, number, limit)
            if isinstance(parsed, str):
                for out in await analyse(batch):
                    yield out
                batch = []
                yield json.dumps({"line": number, "error": parsed}).encode() + b"\n"
                continue
            batch.append(parsed)
            if len(batch) >= settings.batch_size:
                for out in await analyse(batch):
                    yield out
                batch = []
        for out in await analyse(batch):
            yield out

    return DuplexStreamingResponse(results(), media_type=NDJSON)
