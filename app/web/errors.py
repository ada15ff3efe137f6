"""Errors as JSON ``{"detail": …}`` with the status that fits, or, on a page's path (a person at
a browser), as an HTML page with the same status and words."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from app.core.normalise import InvalidText
from app.service.limits import AnalysisFailed, PayloadTooLarge, Saturated, TimedOut
from app.web.rendering import error_page, is_page


class UnsupportedType(Exception):
    def __init__(self, content_type: str) -> None:
        self.content_type = content_type


def error(status: int, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(status_code=status, content={"detail": detail}, headers=headers)


def answer(request: Request, status: int, detail: str,
           headers: dict[str, str] | None = None) -> Response:
    """The error as JSON for the API, as a page for a browser on a page's path."""
    if is_page(request.url.path):
        return error_page(request, status, detail[:1].upper() + detail[1:], headers)
    return error(status, detail, headers)


async def too_large(request: Request, exc: PayloadTooLarge) -> Response:
    return answer(request, 413, exc.message)


async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
    problems = "; ".join(
        f"{'.'.join(str(p) for p in err.get('loc', ()))}: {err.get('msg', 'invalid')}"
        for err in exc.errors())
    return answer(request, 422, f"invalid request: {problems}")


async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
    if exc.status_code == 400:  # FastAPI could not parse the body (bad JSON, not UTF-8)
        return answer(request, 422, f"invalid request: {exc.detail}: send UTF-8 JSON")
    if exc.status_code == 405:  # every method of the path, not just one route's
        return answer(request, 405, "method not allowed",
                      {"Allow": ", ".join(_methods_of(request))})
    if exc.status_code == 404 and is_page(request.url.path):
        return answer(request, 404, "there is no such page here")
    return answer(request, exc.status_code, str(exc.detail), getattr(exc, "headers", None))


def _methods_of(request: Request) -> list[str]:
    """The methods the routes of this path answer (a path may have one route per concern:
    ``POST /v1/quotes`` analyses, ``GET /v1/quotes`` searches the archive)."""
    methods: set[str] = set()
    for route in request.app.routes:
        if route.matches(request.scope)[0] != Match.NONE:
            methods |= set(getattr(route, "methods", None) or ())
    return sorted(methods)


async def invalid_text(request: Request, exc: InvalidText) -> Response:
    return answer(request, 422, str(exc))


async def saturated(request: Request, exc: Saturated) -> JSONResponse:
    gate, settings = request.app.state.gate, request.app.state.settings
    return error(503, f"busy: {gate.slots} analyses running and {gate.queue} waiting on this "
                      "worker (QUOTETRACE_MAX_CONCURRENT, QUOTETRACE_MAX_QUEUE); retry shortly",
                 {"Retry-After": str(settings.retry_after_s)})


async def timed_out(request: Request, exc: TimedOut) -> JSONResponse:
    return error(504, f"analysis took longer than {request.app.state.gate.timeout_s:g} s "
                      "(QUOTETRACE_REQUEST_TIMEOUT_S); send a shorter text")


async def analysis_failed(request: Request, exc: AnalysisFailed) -> Response:
    return answer(request, 500, f"{exc.message}; the service goes on serving (a fault of ours: "
                                "please report it with the request id)")


async def server_error(request: Request, exc: Exception) -> Response:
    """Anything else that went wrong: a fault of ours, answered in the client's format (the
    traceback goes to the log, never to the client)."""
    return answer(request, 500, f"internal error ({type(exc).__name__}); the service goes on "
                                "serving (a fault of ours: please report it with the request "
                                "id)")


async def unsupported_type(request: Request, exc: UnsupportedType) -> JSONResponse:
    return error(415, f"unsupported Content-Type {exc.content_type!r}; send application/json, "
                      "text/plain or text/html")


def add_error_handlers(app: FastAPI) -> None:
    for kind, handler in ((PayloadTooLarge, too_large), (RequestValidationError, invalid_request),
                          (StarletteHTTPException, http_error), (InvalidText, invalid_text),
                          (Saturated, saturated), (TimedOut, timed_out),
                          (UnsupportedType, unsupported_type),
                          (AnalysisFailed, analysis_failed), (Exception, server_error)):
        app.add_exception_handler(kind, handler)
