"""A real uvicorn server on 127.0.0.1, in a thread, for what only a socket can show (a
module of its own, not a conftest: tests/conftest.py is imported as ``conftest``)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import uvicorn

from app.core.settings import Settings
from app.web.main import create_app
from app.web.server import with_header_timeout

LIVE = Settings(max_text_chars=2000, body_timeout_s=0.5, request_timeout_s=60)


class LiveServer:
    def __init__(self, settings: Settings, header_timeout_s: float) -> None:
        config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=0,
                                log_level="warning", access_log=False,
                                http=with_header_timeout(header_timeout_s))
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            assert time.monotonic() < deadline, "the test server did not start"
            time.sleep(0.05)
        self.port = self.server.servers[0].sockets[0].getsockname()[1]

    def connect(self) -> socket.socket:
        return socket.create_connection(("127.0.0.1", self.port), timeout=10)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def live_server() -> Iterator[LiveServer]:
    server = LiveServer(LIVE, header_timeout_s=0.5)
    yield server
    server.stop()


def status_of(response: bytes) -> int:
    """The status code of a raw HTTP response."""
    return int(response.split(b" ", 2)[1])


def read_response(sock: socket.socket, timeout: float = 10) -> bytes:
    """What the server sends until it closes or pauses (a whole small response)."""
    sock.settimeout(timeout)
    data = b""
    try:
        while chunk := sock.recv(65536):
            data += chunk
            if b"\r\n\r\n" in data:
                head, _, body = data.partition(b"\r\n\r\n")
                length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                               if line.lower().startswith(b"content-length:")), None)
                if length is not None and len(body) >= length:
                    break
    except (TimeoutError, ConnectionResetError):
        pass
    return data
