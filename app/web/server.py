"""Running the app with uvicorn, with a time limit on request headers.

uvicorn closes idle keep-alive connections but waits for ever on a request whose headers never
end. ``HeaderTimeoutProtocol`` closes a connection whose request headers are not complete
within ``QUOTETRACE_HEADER_TIMEOUT_S`` of its first byte (or of the connection); a stalled
body is ``BodyLimit``'s (408).
"""

from __future__ import annotations

import asyncio

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from app.core.settings import get_settings


class HeaderTimeoutProtocol(HttpToolsProtocol):
    header_timeout_s = 10.0
    header_timer: asyncio.TimerHandle | None = None

    def _arm(self) -> None:
        self._disarm()
        self.header_timer = self.loop.call_later(self.header_timeout_s, self._headers_too_slow)

    def _disarm(self) -> None:
        if self.header_timer is not None:
            self.header_timer.cancel()
            self.header_timer = None

    def _headers_too_slow(self) -> None:
        if not self.transport.is_closing():
            self.transport.close()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._arm()

    def on_headers_complete(self) -> None:
        self._disarm()
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)


def with_header_timeout(seconds: float) -> type[HeaderTimeoutProtocol]:
    return type("HeaderTimeoutProtocol", (HeaderTimeoutProtocol,), {"header_timeout_s": seconds})


def serve(host: str, port: int, workers: int) -> None:
    """The API on ``host:port`` in ``workers`` processes, each building its own app."""
    # access_log off: app.service.observability logs one JSON line a request (never article text)
    uvicorn.run("app.web.main:create_app", factory=True, host=host, port=port, workers=workers,
                access_log=False, http="app.web.server:ConfiguredProtocol")


# the protocol `serve` runs, with the header timeout of the settings (read where it is imported,
# in each worker process)
ConfiguredProtocol = with_header_timeout(get_settings().header_timeout_s)
