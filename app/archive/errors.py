"""What the archive refuses to answer as asked: the client's mistake, never a server error."""

from __future__ import annotations


class BadQuery(ValueError):
    """A search the archive cannot answer as asked (the web layer answers 422)."""
