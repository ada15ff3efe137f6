"""The HTTP API: thin routes over ``app.service``."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from app import attribution
from app.pipeline import get_pipeline
from app.schemas import ErrorResponse, QuoteRequest, QuoteResponse
from app.service import extract
from app.settings import get_settings

logger = logging.getLogger("quotetrace")
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
    lifespan=lifespan,
)


class PayloadTooLarge(Exception):
    def __init__(self, size: int, limit: int) -> None:
        self.size, self.limit = size, limit


@app.exception_handler(PayloadTooLarge)
async def too_large(request: Request, exc: PayloadTooLarge) -> JSONResponse:
    return JSONResponse(status_code=413, content={
        "detail": f"text is {exc.size} characters; the limit is {exc.limit} "
                  "(QUOTETRACE_MAX_TEXT_CHARS)"})


@app.exception_handler(RequestValidationError)
async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
    problems = "; ".join(
        f"{'.'.join(str(p) for p in err.get('loc', ()))}: {err.get('msg', 'invalid')}"
        for err in exc.errors())
    return JSONResponse(status_code=422, content={"detail": f"invalid request: {problems}"})


@app.middleware("http")
async def refuse_huge_bodies(request: Request, call_next):
    """Refuse a body that cannot fit the text limit before reading it."""
    limit = get_settings().max_text_chars
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > 4 * limit + 4096:
        return await too_large(request, PayloadTooLarge(int(length), limit))
    return await call_next(request)


@app.get("/healthz", summary="The process is alive")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/readyz", summary="The NLP pipeline is loaded",
         responses={503: {"model": ErrorResponse}})
def readyz() -> JSONResponse:
    if not state["ready"]:
        return JSONResponse(status_code=503, content={"detail": "pipeline still loading"})
    return JSONResponse({"status": "ready"})


@app.post("/v1/quotes", response_model=QuoteResponse,
          responses={413: {"model": ErrorResponse}, 422: {"model": ErrorResponse}},
          summary="Quotes, speakers and context sentences of one article")
def quotes(request: QuoteRequest) -> dict:
    limit = get_settings().max_text_chars
    if len(request.text) > limit:
        raise PayloadTooLarge(len(request.text), limit)
    options = attribution.Options(include_scare_quotes=request.options.include_scare_quotes)
    return extract(get_pipeline(), request.text, options)
