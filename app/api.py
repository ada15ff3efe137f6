"""The HTTP API: thin routes over ``app.service``."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse

from app.pipeline import get_pipeline
from app.schemas import (
    BatchRequest,
    BatchResponse,
    ErrorResponse,
    QuoteRequest,
    QuoteResponse,
)
from app.service import InvalidText, check_text, extract, extract_many, options_from
from app.settings import get_settings

state = {"ready": False}
NDJSON = "application/x-ndjson"


@asynccontextmanager
async def lifespan(app: FastAPI):
    get_pipeline()
    state["ready"] = True
    yield


app = FastAPI(
    title="quotetrace",
    version="0.1.0",
    summary="Quotes in news articles, each with its speaker, cue and context sentence.",
    lifespan=lifespan,
)


class PayloadTooLarge(Exception):
    def __init__(self, what: str, size: int, limit: int, setting: str) -> None:
        self.message = f"{what} is {size}; the limit is {limit} ({setting})"


@app.exception_handler(PayloadTooLarge)
async def too_large(request: Request, exc: PayloadTooLarge) -> JSONResponse:
    return JSONResponse(status_code=413, content={"detail": exc.message})


@app.exception_handler(RequestValidationError)
async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
    problems = "; ".join(
        f"{'.'.join(str(p) for p in err.get('loc', ()))}: {err.get('msg', 'invalid')}"
        for err in exc.errors())
    return JSONResponse(status_code=422, content={"detail": f"invalid request: {problems}"})


@app.exception_handler(InvalidText)
async def invalid_text(request: Request, exc: InvalidText) -> JSONResponse:
    return JSONResponse(status_code=422, content={"detail": str(exc)})


def check_text_size(text: str) -> None:
    check_text(text)
    limit = get_settings().max_text_chars
    if len(text) > limit:
        raise PayloadTooLarge("text length in characters", len(text), limit,
                              "QUOTETRACE_MAX_TEXT_CHARS")


class BodySizeLimit:
    """ASGI middleware: refuse a body whose declared length cannot fit the limits, before
    reading it (the streaming endpoint checks each line instead)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope["path"] != "/v1/quotes/stream":
            settings = get_settings()
            limit = 4 * settings.max_text_chars + 4096
            if scope["path"] == "/v1/quotes/batch":
                limit *= settings.max_batch_size
            length = dict(scope["headers"]).get(b"content-length", b"")
            if length.isdigit() and int(length) > limit:
                message = PayloadTooLarge("request body in bytes", int(length), limit,
                                          "QUOTETRACE_MAX_TEXT_CHARS").message
                await JSONResponse(status_code=413, content={"detail": message})(
                    scope, receive, send)
                return
        await self.app(scope, receive, send)


app.add_middleware(BodySizeLimit)


@app.get("/healthz", summary="The process is alive")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/readyz", summary="The NLP pipeline is loaded",
         responses={503: {"model": ErrorResponse}})
def readyz() -> JSONResponse:
    if not state["ready"]:
        return JSONResponse(status_code=503, content={"detail": "pipeline still loading"})
    return JSONResponse({"status": "ready"})


ERRORS = {413: {"model": ErrorResponse}, 422: {"model": ErrorResponse}}


@app.post("/v1/quotes", response_model=QuoteResponse, responses=ERRORS,
          summary="Quotes, speakers and context sentences of one article")
def quotes(request: QuoteRequest) -> dict:
    check_text_size(request.text)
    return extract(get_pipeline(), request.text,
                   options_from(request.options.include_scare_quotes))


@app.post("/v1/quotes/batch", response_model=BatchResponse, responses=ERRORS,
          summary="Many articles in one request, processed in nlp.pipe batches")
def quotes_batch(request: BatchRequest) -> dict:
    settings = get_settings()
    if len(request.articles) > settings.max_batch_size:
        raise PayloadTooLarge("number of articles", len(request.articles),
                              settings.max_batch_size, "QUOTETRACE_MAX_BATCH_SIZE")
    for article in request.articles:
        check_text_size(article.text)
    items = ((a.text, a.id) for a in request.articles)
    options = options_from(request.options.include_scare_quotes)
    results = extract_many(get_pipeline(), items, options, batch_size=settings.batch_size)
    return {"results": [{"id": article_id, **result} for result, article_id in results]}


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
    if not isinstance(text, str) or len(text) > get_settings().max_text_chars:
        return f"line {number}: 'text' must be a string of at most " \
               f"{get_settings().max_text_chars} characters"
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
          response_class=StreamingResponse,
          responses={200: {"content": {NDJSON: {}},
                           "description": "One line per input line, in order: "
                                          "{id, quotes, speakers} or {line, error}."}},
          openapi_extra={"requestBody": {"required": True, "content": {NDJSON: {"schema": {
              "type": "string",
              "description": 'One {"id": ..., "text": ...} object per line.'}}}}})
async def quotes_stream(request: Request,
                        include_scare_quotes: bool = Query(False)) -> StreamingResponse:
    """Articles are read, analysed in ``nlp.pipe`` batches and written back as they go, so a
    client can send thousands without either side holding them all in memory."""
    settings = get_settings()
    limit = 4 * settings.max_text_chars + 4096
    options = options_from(include_scare_quotes)

    def analyse(batch: list[tuple[str, str]]) -> list[bytes]:
        return [json.dumps({"id": article_id, **result}, ensure_ascii=False).encode() + b"\n"
                for result, article_id in extract_many(get_pipeline(), batch, options,
                                                       batch_size=settings.batch_size)]

    async def results() -> AsyncIterator[bytes]:
        batch: list[tuple[str, str]] = []
        number = 0
        async for line in _ndjson_lines(request, limit):
            number += 1
            if line is not None and not line.strip():
                continue
            parsed = _parse_article(line, number, limit)
            if isinstance(parsed, str):
                for out in await run_in_threadpool(analyse, batch):
                    yield out
                batch = []
                yield json.dumps({"line": number, "error": parsed}).encode() + b"\n"
                continue
            batch.append(parsed)
            if len(batch) >= settings.batch_size:
                for out in await run_in_threadpool(analyse, batch):
                    yield out
                batch = []
        for out in await run_in_threadpool(analyse, batch):
            yield out

    return DuplexStreamingResponse(results(), media_type=NDJSON)
