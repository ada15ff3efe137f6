"""ASGI middleware of the API that needs the settings: body limits before the body is read."""

from __future__ import annotations

from app.core.settings import Settings
from app.web.errors import PayloadTooLarge, error

STREAM_PATH = "/v1/quotes/stream"
BATCH_PATH = "/v1/quotes/batch"


def max_body_bytes(settings: Settings) -> int:
    """The most bytes one article can take in a body: UTF-8 text plus JSON around it."""
    return 4 * settings.max_text_chars + 4096


class BodySizeLimit:
    """Refuse a body whose declared length cannot fit the limits, before reading it (the
    streaming endpoint checks each line instead)."""

    def __init__(self, app, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope["path"] != STREAM_PATH:
            limit = max_body_bytes(self.settings)
            if scope["path"] == BATCH_PATH:
                limit *= self.settings.max_batch_size
            length = dict(scope["headers"]).get(b"content-length", b"")
            if length.isdigit() and int(length) > limit:
                message = PayloadTooLarge("request body in bytes", int(length), limit,
                                          "QUOTETRACE_MAX_TEXT_CHARS").message
                await error(413, message)(scope, receive, send)
                return
        await self.app(scope, receive, send)
