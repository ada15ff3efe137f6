"""The archive's quotes: search (a page at a time, or all of it as CSV or JSONL), one quote's
occurrences across outlets, and verify ("did X say this, and where first?")."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query

from app.archive import search as archive_search
from app.archive.errors import BadQuery
from app.archive.store import Archive
from app.web.archive_schemas import OccurrencesOut, SearchOut, VerifyIn, VerifyOut
from app.web.deps import (
    ArchiveDep,
    ArchiveId,
    CursorQuery,
    SinceQuery,
    UntilQuery,
    moment,
    no_query,
    only_query,
    require_api_key,
)
from app.web.errors import error
from app.web.exports import csv_row, download
from app.web.schemas import ErrorResponse, QuoteTypeName

EXPORTS = {200: {"description": "A page (json), or every match (csv, jsonl)", "content": {
    "text/csv": {"schema": {"type": "string"}},
    "application/x-ndjson": {"schema": {"type": "string"}}}}}
router = APIRouter(tags=["archive"], dependencies=[Depends(require_api_key)])
ERRORS = {status: {"model": ErrorResponse} for status in (401, 404, 422)}
SEARCH_PARAMS = ("q", "speaker", "outlet", "since", "until", "type", "gender", "anonymous",
                 "affiliation", "limit", "cursor", "format")
EXPORT_PAGE = 500
CSV_FIELDS = ("quote_id", "text", "type", "speaker_id", "speaker", "mention", "cue", "sentence",
              "confidence", "article_id", "title", "url", "outlet", "published_at", "start", "end")
@router.get("/v1/quotes", response_model=SearchOut, responses={**ERRORS, **EXPORTS},
            dependencies=[Depends(only_query(*SEARCH_PARAMS))],
            summary="Search archived quotes by words, speaker, outlet, dates and type")
def search_quotes(
        archive: ArchiveDep,
        q: Annotated[str | None, Query(max_length=500, description=(
            'Words that must all be in the quote, and "phrases" in order; ranked best '
            "first (without q: newest first)."))] = None,
        speaker: Annotated[str | None, Query(max_length=300, description=(
            "An archive speaker id, or a name: \"Clinton\" means every Clinton, "
            "\"Hillary Clinton\" one of them."))] = None,
        outlet: Annotated[str | None, Query(max_length=200)] = None,
        since: SinceQuery = None,
        until: UntilQuery = None,
        type: Annotated[list[QuoteTypeName] | None, Query(description="Quote types (repeat "
                                                                      "for several).")] = None,
        gender: Annotated[Literal["female", "male", "unknown"] | None, Query(description=(
            "The speaker's gender as the article says it (unknown: a named speaker the "
            "article does not gender)."))] = None,
        anonymous: Annotated[bool | None, Query(description=(
            "Only the quotes whose speaker nobody names (true), or none of them (false)."))
        ] = None,
        affiliation: Annotated[str | None, Query(max_length=300, description=(
            "The organisation the article ties the speaker to."))] = None,
        limit: Annotated[int, Query(ge=1, le=200)] = 20,
        cursor: CursorQuery = None,
        format: Annotated[Literal["json", "csv", "jsonl"], Query(description=(
            "json: a page; csv or jsonl: every match, for export."))] = "json") -> Any:
    query = archive_search.QuoteQuery(q=q, speaker=speaker, outlet=outlet, since=moment(since),
                                      until=moment(until, next_day=True),
                                      types=tuple(type or ()), limit=limit, cursor=cursor,
                                      gender=gender, anonymous=anonymous,
                                      affiliation=affiliation)
    try:
        page = _page(archive, query)
    except BadQuery as err:
        return error(422, str(err))
    if format == "json":
        return page
    lines = _export(archive, replace(query, limit=EXPORT_PAGE, cursor=None), format)
    return download(lines, f"quotes.{format}")


def _page(archive: Archive, query: archive_search.QuoteQuery) -> dict[str, Any]:
    with archive.database.read() as session:
        return archive_search.search(session, archive.database.dialect, query)


def _export(archive: Archive, query: archive_search.QuoteQuery, format: str) -> Iterator[str]:
    """Every match, a page at a time, as CSV rows or JSON lines."""
    if format == "csv":
        yield csv_row(CSV_FIELDS)
    while True:
        page = _page(archive, query)
        for found in page["quotes"]:
            if format == "jsonl":
                yield json.dumps(found, default=str, ensure_ascii=False) + "\n"
            else:
                speaker, article = found["speaker"] or {}, found["article"]
                yield csv_row((found["quote_id"], found["text"], found["type"],
                                speaker.get("id"), speaker.get("name"), speaker.get("mention"),
                                found["cue"], found["sentence"], found["confidence"],
                                article["id"], article["title"], article["url"],
                                article["outlet"], article["published_at"], found["start"],
                                found["end"]))
        if page["next_cursor"] is None:
            return
        query = replace(query, cursor=page["next_cursor"])


@router.get("/v1/quotes/{quote_id}/occurrences", response_model=OccurrencesOut,
            responses=ERRORS, dependencies=[Depends(no_query)],
            summary="One quote across outlets: first appearance, every occurrence, and how "
                    "each version's wording differs")
def quote_occurrences(quote_id: ArchiveId, archive: ArchiveDep) -> Any:
    with archive.database.read() as session:
        found = archive_search.occurrences(session, quote_id)
    if found is None:
        return error(404, f"no quote {quote_id} in the archive")
    return found


@router.post("/v1/verify", response_model=VerifyOut, responses=ERRORS,
             dependencies=[Depends(no_query)],
             summary="Did this speaker say this, and where first? The closest archived "
                     "quotes, whom the archive attributes them to, and what differs")
def verify(request: VerifyIn, archive: ArchiveDep) -> Any:
    with archive.database.read() as session:
        return archive_search.verify(session, request.quote, request.speaker)
