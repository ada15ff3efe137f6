"""Bounded work per worker: N analyses at once, a short bounded queue, and a time limit.

The NLP is CPU-bound and holds the GIL, so one analysis at a time per worker process is the
fastest; a few more requests may wait their turn, and beyond that a request is refused at once
(503) instead of queueing without bound. An analysis that runs past its limit cannot be
interrupted inside spaCy, so the request gets its answer (a 504) at once while the thread
finishes in the background; its slot stays taken until then.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from app.core.cancel import Cancel
from app.core.normalise import check_text
from app.core.settings import Settings
from app.service.observability import BodyCounter

T = TypeVar("T")


class Saturated(Exception):
    """Every analysis slot of this worker is busy."""


class TimedOut(Exception):
    """An analysis took longer than the limit."""


class PayloadTooLarge(Exception):
    """A text, body or batch over its limit; the message names the limit and its setting."""

    def __init__(self, what: str, size: int, limit: int, setting: str) -> None:
        self.message = f"{what} is {size}; the limit is {limit} ({setting})"


class AnalysisFailed(Exception):
    """The analysis of an article raised: our fault, not the client's; the worker goes on."""

    def __init__(self, message: str) -> None:
        self.message = message


def check_text_size(text: str, settings: Settings) -> None:
    """Text the pipeline can take (``InvalidText`` if not) within the character limit."""
    check_text(text)
    if len(text) > settings.max_text_chars:
        raise PayloadTooLarge("text length in characters", len(text), settings.max_text_chars,
                              "QUOTETRACE_MAX_TEXT_CHARS")


def check_batch_size(count: int, settings: Settings) -> None:
    """At most ``max_batch_size`` articles in one request."""
    if count > settings.max_batch_size:
        raise PayloadTooLarge("number of articles", count, settings.max_batch_size,
                              "QUOTETRACE_MAX_BATCH_SIZE")


def _libc_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):
        return None


_MALLOC_TRIM = _libc_trim()


def return_free_memory() -> None:
    """Hand memory that Python and spaCy freed back to the system: glibc keeps it otherwise,
    and a worker's RSS would stay at its largest request (a no-op without glibc)."""
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


class AnalysisGate:
    """``slots`` analyses at once, at most ``queue`` requests waiting for one (first come, first
    served: a freed slot goes straight to the oldest waiter) and none for longer than
    ``queue_timeout_s``, and ``timeout_s`` per analysis: past it the analysis is cancelled
    (``app.core.cancel``), so its slot is free again within one step of the work.
    ``when_idle`` runs once the worker has had nothing to do for ``idle_delay_s`` (not after
    every analysis: handing memory back costs the next request its page faults)."""

    def __init__(self, slots: int, queue: int, timeout_s: float,
                 when_idle: Callable[[], object] | None = None, idle_delay_s: float = 1.0,
                 queue_timeout_s: float = 30.0) -> None:
        self.slots = slots
        self.queue_timeout_s = queue_timeout_s
        self.when_idle = when_idle
        self.idle_delay_s = idle_delay_s
        self._started = 0  # analyses started so far: tells a later idle check what happened
        self.queue = queue
        self.timeout_s = timeout_s
        self.busy = 0
        self._waiters: deque[asyncio.Future[None]] = deque()
        self._lock = threading.Lock()
        self._executor = ThreadPoolExecutor(max_workers=max(1, slots),
                                            thread_name_prefix="analysis")

    @property
    def waiting(self) -> int:
        return len(self._waiters)

    def _take(self) -> bool:
        with self._lock:
            if self.busy >= self.slots:
                return False
            self.busy += 1
            return True

    def _free(self, future: asyncio.Future | None = None) -> None:
        if future is not None and not future.cancelled():
            future.exception()  # a cancelled analysis ends in Cancelled: nobody waits for it
        with self._lock:
            while self._waiters:
                waiter = self._waiters.popleft()
                if not waiter.done():
                    waiter.set_result(None)  # the slot passes to it: busy stays the same
                    return
            self.busy -= 1
            idle = self.busy == 0
        if idle and self.when_idle is not None:
            asyncio.get_running_loop().call_later(self.idle_delay_s, self._if_still_idle,
                                                  self._started)

    def _if_still_idle(self, started: int) -> None:
        if self.when_idle is not None and self.busy == 0 and self._started == started:
            self.when_idle()

    def admits(self) -> bool:
        """Whether a request now would get a slot or a place in the queue."""
        return self.busy < self.slots or self.waiting < self.queue

    async def _wait_for_slot(self, unbounded: bool) -> None:
        if self._take():
            return
        if not unbounded and self.waiting >= self.queue:
            raise Saturated()
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            await asyncio.wait_for(waiter, self.queue_timeout_s)
        except TimeoutError:
            if waiter in self._waiters:
                self._waiters.remove(waiter)
            raise Saturated() from None
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self._free()  # handed a slot just as the client went away: pass it on
            elif waiter in self._waiters:
                self._waiters.remove(waiter)
            raise

    async def run(self, func: Callable[..., T], *args: object, wait: bool = False) -> T:
        """Run ``func(*args)`` in an analysis thread once a slot is free; raise Saturated when
        the queue is full (``wait=True``: queue past its size, for streams already admitted) or
        the wait for a slot is over ``queue_timeout_s``, and TimedOut past the time limit. A
        timed-out analysis, or one whose caller went away, is cancelled."""
        await self._wait_for_slot(unbounded=wait)
        self._started += 1
        cancel = Cancel()
        future = asyncio.get_running_loop().run_in_executor(self._executor, cancel.run, func,
                                                            *args)
        future.add_done_callback(self._free)
        try:
            return await asyncio.wait_for(asyncio.shield(future), timeout=self.timeout_s)
        except TimeoutError:
            cancel.cancel()
            raise TimedOut() from None
        except asyncio.CancelledError:
            cancel.cancel()
            raise


class ReturnMemoryAfterLargeBodies:
    """ASGI middleware: after a request with a large body (a huge article, a big batch, or one
    refused as too large), hand the freed memory back to the system."""

    LARGE = 256 * 1024

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        received = BodyCounter(receive)
        try:
            await self.app(scope, received, send)
        finally:
            if received.bytes > self.LARGE:
                return_free_memory()
