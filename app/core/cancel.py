"""Stopping an analysis that nobody waits for any more (its request timed out, its client left).

The worker thread that runs an analysis holds a ``Cancel``; the long loops of the NLP layer
(the texts and pieces through the parser, the coreference windows) call ``checkpoint()``
between steps, which raises ``Cancelled`` once the analysis is cancelled, so the thread and
its slot are free within one step.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
_current = threading.local()


class Cancelled(Exception):
    """The analysis was cancelled before it finished."""


class Cancel:
    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def run(self, func: Callable[..., T], *args: object) -> T:
        """``func(*args)`` in this thread, with ``checkpoint()`` answering to this cancel."""
        _current.cancel = self
        try:
            self.checkpoint()
            return func(*args)
        finally:
            _current.cancel = None

    def checkpoint(self) -> None:
        if self._event.is_set():
            raise Cancelled()


def checkpoint() -> None:
    """Raise ``Cancelled`` if the analysis this thread runs was cancelled (else nothing)."""
    cancel = getattr(_current, "cancel", None)
    if cancel is not None:
        cancel.checkpoint()
