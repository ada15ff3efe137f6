"""The archive's speakers: one person across articles, with aliases, titles and quotes."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from app.archive import search as archive_search
from app.archive import speakers
from app.archive.errors import BadQuery
from app.web.archive_schemas import SearchOut, SpeakerDetail, SpeakersOut
from app.web.deps import ArchiveDep, ArchiveId, CursorQuery, only_query, require_api_key
from app.web.errors import error
from app.web.schemas import ErrorResponse

router = APIRouter(prefix="/v1/speakers", tags=["archive"],
                   dependencies=[Depends(require_api_key)])
ERRORS = {status: {"model": ErrorResponse} for status in (401, 404, 422)}


@router.get("", response_model=SpeakersOut, responses=ERRORS,
            dependencies=[Depends(only_query("q", "limit"))],
            summary="Speakers one of whose names holds q, most quoted first")
def list_speakers(archive: ArchiveDep,
                  q: Annotated[str | None, Query(max_length=300)] = None,
                  limit: Annotated[int, Query(ge=1, le=200)] = 20) -> Any:
    with archive.database.read() as session:
        return {"speakers": speakers.matching_speakers(session, q, limit)}


@router.get("/{speaker_id}", response_model=SpeakerDetail, responses=ERRORS,
            dependencies=[Depends(only_query())],
            summary="A speaker: aliases, titles, quote count, first and last quoted, quotes "
                    "per month, and who is quoted with them")
def get_speaker(speaker_id: ArchiveId, archive: ArchiveDep) -> Any:
    with archive.database.read() as session:
        found = speakers.speaker_detail(session, speaker_id)
    if found is None:
        return error(404, f"no speaker {speaker_id} in the archive")
    return found


@router.get("/{speaker_id}/quotes", response_model=SearchOut, responses=ERRORS,
            dependencies=[Depends(only_query("limit", "cursor"))],
            summary="A speaker's quotes, newest first")
def speaker_quotes(speaker_id: ArchiveId, archive: ArchiveDep,
                   limit: Annotated[int, Query(ge=1, le=200)] = 20,
                   cursor: CursorQuery = None) -> Any:
    with archive.database.read() as session:
        if speakers.speaker_summary(session, [speaker_id]) == []:
            return error(404, f"no speaker {speaker_id} in the archive")
        try:
            return archive_search.search(session, archive.database.dialect,
                                         archive_search.QuoteQuery(speaker=str(speaker_id),
                                                                   limit=limit, cursor=cursor))
        except BadQuery as err:
            return error(422, str(err))
