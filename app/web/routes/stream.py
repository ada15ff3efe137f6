"""NDJSON in, NDJSON out: feeds of any length, analysed in ``nlp.pipe`` batches as they come."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse

from app.service.extract import InvalidText, check_text, options_from
from app.service.observability import count_results
from app.web.deps import (
    LEARNED_QUERY,
    TYPES_QUERY,
    GateDep,
    NlpDep,
    SettingsDep,
    require_api_key,
)
from app.web.middleware import STREAM_PATH, max_body_bytes
from app.web.routes.quotes import analyse_batch
from app.web.schemas import ErrorResponse

NDJSON = "application/x-ndjson"
router = APIRouter(tags=["quotes"], dependencies=[Depends(require_api_key)])


async def _ndjson_lines(request: Request, limit: int) -> AsyncIterator[bytes | None]:
    """Lines of a streamed body; None stands for a line longer than ``limit`` bytes."""
    buffer, skipping = b"", False
    async for chunk in request.stream():
        buffer += chunk
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            if skipping:
                skipping = False
                continue
            yield line if len(line) <= limit else None
        if len(buffer) > limit:
            buffer, skipping = b"", True
            yield None
    if buffer and not skipping:
        yield buffer if len(buffer) <= limit else None


def _parse_article(line: bytes | None, number: int, limit: int, max_chars: int
                   ) -> tuple[str, str] | str:
    """(text, id) of one NDJSON line, or an error message."""
    if line is None:
        return f"line {number}: longer than the limit of {limit} bytes"
    try:
        record = json.loads(line)
        text, article_id = record["text"], record["id"]
    except (ValueError, KeyError, TypeError):
        return f"line {number}: needs a JSON object with 'id' and 'text'"
    if not isinstance(text, str) or len(text) > max_chars:
        return f"line {number}: 'text' must be a string of at most {max_chars} characters"
    try:
        check_text(text)
    except InvalidText as err:
        return f"line {number}: {err}"
    return text, str(article_id)


class DuplexStreamingResponse(StreamingResponse):
    """A streaming response whose generator reads the request body while it writes.

    Starlette's StreamingResponse listens for a client disconnect by reading ``receive``, which
    would eat the body messages the generator is still reading; this one only streams (a client
    that goes away ends the stream when sending fails).
    """

    async def __call__(self, scope, receive, send) -> None:
        await self.stream_response(send)


@router.post(STREAM_PATH, summary="NDJSON in, NDJSON out, for feeds of any length",
             response_class=StreamingResponse,
             responses={200: {"content": {NDJSON: {}},
                              "description": "One line per input line, in order: "
                                             "{id, quotes, speakers} or {line, error}."},
                        401: {"model": ErrorResponse}, 422: {"model": ErrorResponse}},
             openapi_extra={"requestBody": {"required": True, "content": {NDJSON: {"schema": {
                 "type": "string", "minLength": 1,
                 "description": 'One {"id": ..., "text": ...} object per line.'}}}}})
async def quotes_stream(request: Request, nlp: NlpDep, gate: GateDep, settings: SettingsDep,
                        include_scare_quotes: bool = Query(False),
                        types: str | None = TYPES_QUERY,
                        learned_reports: bool = LEARNED_QUERY) -> StreamingResponse:
    """Articles are read, analysed in ``nlp.pipe`` batches and written back as they go, so a
    client can send thousands without either side holding them all in memory."""
    limit = max_body_bytes(settings)
    options = options_from(include_scare_quotes, types, learned_reports)
    length = request.headers.get("content-length")
    if length == "0" or (length is None and "transfer-encoding" not in request.headers):
        raise InvalidText("send NDJSON lines in the body")

    async def analyse(batch: list[tuple[str, str]]) -> list[bytes]:
        if not batch:
            return []
        results = await gate.run(analyse_batch, nlp, batch, options, settings.batch_size,
                                 wait=True)
        count_results(results)
        return [json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in results]

    async def results() -> AsyncIterator[bytes]:
        batch: list[tuple[str, str]] = []
        number = 0
        async for line in _ndjson_lines(request, limit):
            number += 1
            if line is not None and not line.strip():
                continue
            parsed = _parse_article(line, number, limit, settings.max_text_chars)
            if isinstance(parsed, str):
                for out in await analyse(batch):
                    yield out
                batch = []
                yield json.dumps({"line": number, "error": parsed}).encode() + b"\n"
                continue
            batch.append(parsed)
            if len(batch) >= settings.batch_size:
                for out in await analyse(batch):
                    yield out
                batch = []
        for out in await analyse(batch):
            yield out

    return DuplexStreamingResponse(results(), media_type=NDJSON)
