"""Structured request logs and Prometheus metrics. Neither ever holds article text or quotes:
a log line has the request id, method, path, status, duration and body size only."""

from __future__ import annotations

import json
import logging
import re
import time
import uuid

from prometheus_client import Counter, Histogram

logger = logging.getLogger("quotetrace.access")
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

REQUESTS = Counter("quotetrace_requests_total", "HTTP requests", ["method", "path", "status"])
ERRORS = Counter("quotetrace_errors_total", "HTTP responses with status >= 400", ["status"])
LATENCY = Histogram("quotetrace_request_seconds", "HTTP request latency", ["path"],
                    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60))
TEXTS = Counter("quotetrace_texts_analysed_total", "Articles analysed")
QUOTES = Counter("quotetrace_quotes_found_total", "Quotes returned")
KNOWN_PATHS = {"/v1/quotes", "/v1/quotes/batch", "/v1/quotes/stream", "/healthz", "/readyz",
               "/metrics", "/docs", "/redoc", "/openapi.json"}


class BodyCounter:
    """Wraps an ASGI ``receive`` and counts the body bytes that pass through it."""

    def __init__(self, receive) -> None:
        self.receive = receive
        self.bytes = 0
        self.disconnected = False

    async def __call__(self):
        message = await self.receive()
        self.bytes += len(message.get("body", b""))
        self.disconnected = self.disconnected or message["type"] == "http.disconnect"
        return message


def configure_logging(debug: bool) -> None:
    logging.basicConfig(level=logging.DEBUG if debug else logging.INFO, format="%(message)s")


def count_results(results: list[dict]) -> None:
    TEXTS.inc(len(results))
    QUOTES.inc(sum(len(r.get("quotes", ())) for r in results))  # none for a failed one


class RequestLog:
    """ASGI middleware: a request id (taken from X-Request-ID when sane), one JSON log line
    and the metrics for every HTTP request."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        given = headers.get(b"x-request-id", b"").decode("latin-1")
        request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex
        started = time.perf_counter()
        status: dict[str, int | None] = {"code": None}
        received = BodyCounter(receive)

        async def send_with_id(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                message["headers"] = [*message.get("headers", []),
                                      (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, received, send_with_id)
        finally:
            if status["code"] is None:  # no answer: the client left (499, as nginx logs it)
                gone = received.disconnected or scope.get("state", {}).get("client_gone")
                status["code"] = 499 if gone else 500
            seconds = time.perf_counter() - started
            path = _path_label(scope)
            REQUESTS.labels(scope["method"], path, str(status["code"])).inc()
            LATENCY.labels(path).observe(seconds)
            if status["code"] >= 400:
                ERRORS.labels(str(status["code"])).inc()
            logger.info(json.dumps({
                "event": "request", "request_id": request_id, "method": scope["method"],
                "path": path, "status": status["code"], "ms": round(1000 * seconds, 1),
                "bytes_in": received.bytes}))


def _path_label(scope) -> str:
    """The route's template (``/v1/articles/{article_id}``: never an id from the path), a known
    path, or "other"."""
    template = getattr(scope.get("route"), "path", None)
    if isinstance(template, str):
        return template
    return scope["path"] if scope["path"] in KNOWN_PATHS else "other"
