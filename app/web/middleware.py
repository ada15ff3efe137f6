"""ASGI middleware of the API that guards the body before anything reads it.

``RequireKey`` answers 401 to a request without a known key before a byte of its body is read.
``BodyLimit`` reads the body itself, counting bytes as they arrive whatever the framing
(``Content-Length`` or chunked), decoding gzip within the same limit, and answers 413 at the
limit, 415 for an encoding it cannot read and 408 when the client stalls; what it has read it
hands on as one body. The stream endpoint's body is decoded and timed the same way but not
held: its lines are checked one by one.
"""

from __future__ import annotations

import asyncio
import zlib
from collections.abc import Awaitable, Callable
from http.cookies import CookieError, SimpleCookie
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse

from app.core.settings import Settings
from app.service.limits import PayloadTooLarge
from app.web.errors import answer, error
from app.web.rendering import is_page

STREAM_PATH = "/v1/quotes/stream"
BATCH_PATHS = frozenset({"/v1/quotes/batch", "/v1/articles"})
ARCHIVE_WRITES = "/v1/articles"
OPEN_PATHS = frozenset({"/healthz", "/readyz", "/docs", "/docs/oauth2-redirect", "/redoc",
                        "/openapi.json", "/login", "/logout"})
OPEN_PREFIXES = ("/static-offline-docs/", "/static/")
MAY_WRITE = "may_write"  # request state: whether the request's key may store and delete
KEY_COOKIE = "quotetrace_key"  # the pages keep the key here, never in a URL
PAGE_WRITES = frozenset({"/save"})
# the pages' scripts and styles are the app's own files; nothing inline, nothing from elsewhere
PAGE_HEADERS = [
    (b"content-security-policy", b"default-src 'self'; script-src 'self'; style-src 'self'; "
                                 b"img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                                 b"form-action 'self'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY")]
# the most bytes one character can take in a body: a JSON escape of an astral character
# (`\ud83d\ude00`) is 12 bytes
BYTES_PER_CHAR = 12

Receive = Callable[[], Awaitable[dict]]


def max_body_bytes(settings: Settings) -> int:
    """The most bytes one article can take in a body: its text, escaped, plus JSON around it."""
    return BYTES_PER_CHAR * settings.max_text_chars + 4096


def needs_key(path: str) -> bool:
    return path not in OPEN_PATHS and not path.startswith(OPEN_PREFIXES)


def writes_archive(scope) -> bool:
    path = scope["path"]
    return scope["method"] not in ("GET", "HEAD") and (path.startswith(ARCHIVE_WRITES)
                                                       or path in PAGE_WRITES)


def _cookie_key(headers: dict[bytes, bytes]) -> str:
    cookies = SimpleCookie()
    try:
        cookies.load(headers.get(b"cookie", b"").decode("latin-1"))
    except CookieError:
        return ""
    return cookies[KEY_COOKIE].value if KEY_COOKIE in cookies else ""


class RequireKey:
    """401 before the body is read, for every path but health and docs, when keys are set;
    403 for a read-only key that would store or delete articles (a key listed both as
    read-only and as a full key is read-only: the narrower grant wins)."""

    def __init__(self, app, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope, receive, send) -> None:
        keys, read_only = self.settings.api_keys, self.settings.read_only_keys
        if scope["type"] == "http" and (keys or read_only) and needs_key(scope["path"]):
            headers = dict(scope["headers"])
            given = headers.get(b"x-api-key", b"").decode("latin-1")
            page = is_page(scope["path"])
            if page and not given:
                given = _cookie_key(headers)
            if given not in keys and given not in read_only:
                if page:  # a person at a browser: ask for the key
                    target = "/login?next=" + quote(scope["path"], safe="/")
                    await RedirectResponse(target, status_code=303)(scope, receive, send)
                else:
                    await error(401, "missing or unknown X-API-Key")(scope, receive, send)
                return
            may_write = given in keys and given not in read_only
            if not may_write and writes_archive(scope):
                await answer(Request(scope), 403,
                             "this key may read the archive, not change it")(
                    scope, receive, send)
                return
            scope.setdefault("state", {})[MAY_WRITE] = may_write  # what the pages offer
        await self.app(scope, receive, send)


class PageHeaders:
    """A Content-Security-Policy and its companions on every page (not on the API docs, whose
    Swagger UI runs inline scripts)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or not is_page(scope["path"]):
            await self.app(scope, receive, send)
            return

        async def with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *PAGE_HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)


class BodyProblem(Exception):
    def __init__(self, status: int, detail: str) -> None:
        self.status, self.detail = status, detail


class ClientGone(Exception):
    """The client closed the connection before its body was all sent."""


class BodyReader:
    """The body's bytes, decoded, chunk by chunk, each chunk within ``timeout_s``. A gzip body
    is inflated at most ``limit`` bytes at a time, so a small body cannot inflate past the
    limit in memory."""

    def __init__(self, receive: Receive, encoding: str, timeout_s: float) -> None:
        if encoding not in ("", "identity", "gzip", "x-gzip"):
            raise BodyProblem(415, f"unsupported Content-Encoding {encoding!r}; send the body "
                                   "as it is or gzip-compressed")
        self.receive = receive
        self.timeout_s = timeout_s
        self.inflate = zlib.decompressobj(16 + zlib.MAX_WBITS) if "gzip" in encoding else None
        self.received_all = False

    @property
    def done(self) -> bool:
        return self.received_all and not (self.inflate and self.inflate.unconsumed_tail)

    async def chunk(self, limit: int) -> bytes:
        """The next decoded chunk (b"" at the end), at most ``limit`` + 1 bytes when inflated."""
        if self.inflate is not None and self.inflate.unconsumed_tail:
            return self._inflated(b"", limit)
        try:
            message = await asyncio.wait_for(self.receive(), self.timeout_s)
        except TimeoutError:
            raise BodyProblem(408, f"no body bytes for {self.timeout_s:g} s "
                                   "(QUOTETRACE_BODY_TIMEOUT_S)") from None
        if message["type"] == "http.disconnect":
            raise ClientGone()
        self.received_all = not message.get("more_body", False)
        data = message.get("body", b"")
        return data if self.inflate is None else self._inflated(data, limit)

    def _inflated(self, data: bytes, limit: int) -> bytes:
        assert self.inflate is not None
        try:
            out = self.inflate.decompress(self.inflate.unconsumed_tail + data, max(1, limit + 1))
            if self.done:
                out += self.inflate.flush()
        except zlib.error:
            raise BodyProblem(422, "the body is not valid gzip") from None
        if self.done and not self.inflate.eof:
            raise BodyProblem(422, "the gzip body ends too soon")
        return out


def body_limit(path: str, settings: Settings) -> int:
    return settings.max_batch_bytes if path in BATCH_PATHS else max_body_bytes(settings)


class BodyLimit:
    """Read and bound the body before the app sees it (see the module docstring)."""

    def __init__(self, app, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        encoding = headers.get(b"content-encoding", b"").decode("latin-1").strip().lower()
        try:
            reader = BodyReader(receive, encoding, self.settings.body_timeout_s)
            if scope["path"] == STREAM_PATH:
                await self.app(scope, self._streamed(reader, scope, receive,
                                                     max_body_bytes(self.settings)), send)
                return
            limit = body_limit(scope["path"], self.settings)
            length = headers.get(b"content-length", b"")
            if not encoding and length.isdigit() and int(length) > limit:
                raise PayloadTooLarge("request body in bytes", int(length), limit,
                                      "QUOTETRACE_MAX_TEXT_CHARS")
            body = await self._read(reader, limit)
        except PayloadTooLarge as err:
            await error(413, err.message)(scope, receive, send)
            return
        except BodyProblem as err:
            await error(err.status, err.detail)(scope, receive, send)
            return
        except ClientGone:
            scope.setdefault("state", {})["client_gone"] = True
            return
        await self.app(scope, _replay(body, receive), send)

    @staticmethod
    async def _read(reader: BodyReader, limit: int) -> bytes:
        parts, size = [], 0
        while not reader.done:
            data = await reader.chunk(limit - size)
            size += len(data)
            if size > limit:
                raise PayloadTooLarge("request body in bytes (decoded)", size, limit,
                                      "QUOTETRACE_MAX_TEXT_CHARS")
            parts.append(data)
        return b"".join(parts)

    @staticmethod
    def _streamed(reader: BodyReader, scope, original: Receive, line_limit: int) -> Receive:
        """A ``receive`` for the stream endpoint: decoded chunks, each within the timeout; a
        client that leaves ends the body."""

        async def receive() -> dict:
            if reader.done:  # after the body: what the connection says (a disconnect)
                return await original()
            try:
                data = await reader.chunk(line_limit)
            except ClientGone:
                scope.setdefault("state", {})["client_gone"] = True
                return {"type": "http.disconnect"}
            return {"type": "http.request", "body": data, "more_body": not reader.done}

        return receive


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that gives the body read once, then waits on the connection."""
    sent = False

    async def replay() -> dict:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
