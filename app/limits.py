"""Bounded work per worker: at most N analyses at once, each with a time limit.

An analysis that runs past its limit cannot be interrupted inside spaCy, so the request gets
its answer (a 504) at once while the thread finishes in the background; its slot stays taken
until then, so a worker never runs more than ``max_concurrent`` analyses.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


class Saturated(Exception):
    """Every analysis slot of this worker is busy."""


class TimedOut(Exception):
    """An analysis took longer than the limit."""


class AnalysisGate:
    def __init__(self, slots: int, timeout_s: float) -> None:
        self.slots = slots
        self.timeout_s = timeout_s
        self.busy = 0
        self._lock = threading.Lock()
        self._executor = ThreadPoolExecutor(max_workers=slots, thread_name_prefix="analysis")

    def _take(self) -> bool:
        with self._lock:
            if self.busy >= self.slots:
                return False
            self.busy += 1
            return True

    def _free(self, _future: object = None) -> None:
        with self._lock:
            self.busy -= 1

    async def run(self, func: Callable[..., T], *args: object, wait: bool = False) -> T:
        """Run ``func(*args)`` in an analysis thread; raise Saturated or TimedOut."""
        while not self._take():
            if not wait:
                raise Saturated()
            await asyncio.sleep(0.05)
        future = asyncio.get_running_loop().run_in_executor(self._executor, func, *args)
        future.add_done_callback(self._free)
        try:
            return await asyncio.wait_for(asyncio.shield(future), timeout=self.timeout_s)
        except TimeoutError:
            raise TimedOut() from None
