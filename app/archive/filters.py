"""The filters a search and the sources report share: an outlet, a date range and quote types,
over the occurrences."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Select

from app.archive.models import Occurrence


def where_published(stmt: Select, outlet: str | None, since: datetime | None,
                    until: datetime | None, types: Sequence[str]) -> Select:
    """Occurrences in that outlet, published from ``since`` up to ``until`` (exclusive), of
    those types; a filter left as None or empty is no filter."""
    if outlet is not None:
        stmt = stmt.where(Occurrence.outlet == outlet)
    if since is not None:
        stmt = stmt.where(Occurrence.published_at >= since)
    if until is not None:
        stmt = stmt.where(Occurrence.published_at < until)
    if types:
        stmt = stmt.where(Occurrence.type.in_(types))
    return stmt
