"""Who gets quoted: the archive's quotes counted by outlet or by month — the people quoted and
their gender as the articles say it, anonymous sources, the speakers and organisations quoted
most — as JSON or CSV."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query

from app.archive.sources import SourcesQuery, sources
from app.web.archive_schemas import SourcesOut
from app.web.deps import (
    ArchiveDep,
    SinceQuery,
    UntilQuery,
    moment,
    only_query,
    require_api_key,
)
from app.web.exports import download, source_rows
from app.web.schemas import ErrorResponse, QuoteTypeName

router = APIRouter(tags=["archive"], dependencies=[Depends(require_api_key)])
ERRORS = {status: {"model": ErrorResponse} for status in (401, 422)}
CSV = {200: {"description": "The counts (json), or a row per group (csv)", "content": {
    "text/csv": {"schema": {"type": "string"}}}}}
@router.get("/v1/sources", response_model=SourcesOut, responses={**ERRORS, **CSV},
            dependencies=[Depends(only_query("by", "outlet", "since", "until", "type",
                                             "format"))],
            summary="Who gets quoted, by outlet or by month: people and their gender, "
                    "anonymous sources, top speakers and organisations")
def source_counts(
        archive: ArchiveDep,
        by: Annotated[Literal["outlet", "month"], Query(description=(
            "Group by outlet, or by month of publication."))] = "outlet",
        outlet: Annotated[str | None, Query(max_length=200)] = None,
        since: SinceQuery = None,
        until: UntilQuery = None,
        type: Annotated[list[QuoteTypeName] | None, Query(description="Quote types (repeat "
                                                                      "for several).")] = None,
        format: Annotated[Literal["json", "csv"], Query()] = "json") -> Any:
    query = SourcesQuery(by=by, outlet=outlet, since=moment(since),
                         until=moment(until, next_day=True), types=tuple(type or ()))
    with archive.database.read() as session:
        counted = sources(session, archive.database.dialect, query)
    if format == "json":
        return counted
    return download(source_rows(counted), "sources.csv")
