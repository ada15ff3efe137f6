"""NDJSON in, NDJSON out: feeds of any length, analysed in ``nlp.pipe`` batches as they come."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse
from spacy.language import Language
from starlette.requests import ClientDisconnect

from app.core.normalise import InvalidText, check_text
from app.core.options import Options, options_from
from app.core.settings import Settings
from app.service.analyse import SentArticle, analyse_batch
from app.service.limits import AnalysisGate, PayloadTooLarge, Saturated, TimedOut
from app.service.observability import count_results
from app.web.deps import (
    LEARNED_QUERY,
    QUERY_OPTIONS,
    TYPES_QUERY,
    GateDep,
    NlpDep,
    SettingsDep,
    check_query,
    require_api_key,
)
from app.web.middleware import STREAM_PATH, BodyProblem, max_body_bytes
from app.web.schemas import ErrorResponse

NDJSON = "application/x-ndjson"
router = APIRouter(tags=["quotes"], dependencies=[Depends(require_api_key)])


async def _ndjson_lines(request: Request, limit: int) -> AsyncIterator[bytes | None]:
    """Lines of a streamed body, one for every line sent; None stands for a line longer than
    ``limit`` bytes (the rest of it is passed over, however many chunks it takes)."""
    buffer, skipping = b"", False
    async for chunk in request.stream():
        if skipping:  # the rest of an over-long line, already answered
            if b"\n" not in chunk:
                continue
            chunk, skipping = chunk.split(b"\n", 1)[1], False
        buffer += chunk
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            yield line if len(line) <= limit else None
        if len(buffer) > limit:
            buffer, skipping = b"", True
            yield None
    if buffer:
        yield buffer if len(buffer) <= limit else None


def _parse_article(line: bytes | None, number: int, limit: int, max_chars: int
                   ) -> SentArticle | str:
    """The article of one NDJSON line, or an error message."""
    if line is None:
        return f"line {number}: longer than the limit of {limit} bytes"
    try:
        record = json.loads(line)
        article_id = record["id"]
        text, html = record.get("text"), record.get("html")
    except (ValueError, KeyError, TypeError, AttributeError):
        return f"line {number}: needs a JSON object with 'id' and 'text'"
    given = text if html is None else html
    if (text is None) == (html is None) or not isinstance(given, str):
        return f"line {number}: needs a string 'text' or 'html', one of them"
    if text is not None and len(text) > max_chars:
        return f"line {number}: 'text' must be a string of at most {max_chars} characters"
    try:
        check_text(given)
    except InvalidText as err:
        return f"line {number}: {err}"
    return SentArticle(str(article_id), text, html)


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
             responses={200: {"content": {NDJSON: {"schema": {"type": "string"}}},
                              "description": "One line per input line, in order: "
                                             "{id, quotes, speakers} or {line, error}."},
                        **{status: {"model": ErrorResponse}
                           for status in (401, 408, 413, 415, 422, 503)}},
             openapi_extra={"requestBody": {"required": True, "content": {NDJSON: {"schema": {
                 "type": "string", "minLength": 1,
                 "description": 'One {"id": ..., "text": ...} object per line.'}}}}})
async def quotes_stream(request: Request, nlp: NlpDep, gate: GateDep, settings: SettingsDep,
                        include_scare_quotes: bool = Query(False),
                        types: str | None = TYPES_QUERY,
                        learned_reports: bool = LEARNED_QUERY) -> StreamingResponse:
    """Articles are read, analysed in ``nlp.pipe`` batches and written back as they go, so a
    client can send thousands without either side holding them all in memory."""
    check_query(request, QUERY_OPTIONS)
    options = options_from(include_scare_quotes, types, learned_reports)
    length = request.headers.get("content-length")
    if length == "0" or (length is None and "transfer-encoding" not in request.headers):
        raise InvalidText("send NDJSON lines in the body")
    if not gate.admits():
        raise Saturated()  # 503 before the stream starts, as for one article
    return DuplexStreamingResponse(_answers(request, Stream(nlp, gate, settings, options)),
                                   media_type=NDJSON)


@dataclass(frozen=True)
class Stream:
    """What one stream's analyses run with."""

    nlp: Language
    gate: AnalysisGate
    settings: Settings
    options: Options


def _line(record: dict) -> bytes:
    return json.dumps(record, ensure_ascii=False).encode() + b"\n"


async def _answers(request: Request, stream: Stream) -> AsyncIterator[bytes]:
    """One line for every article line, in batches, as the body comes in."""
    limit = max_body_bytes(stream.settings)
    batch: list[tuple[int, SentArticle | str]] = []
    number = 0
    try:
        async for raw in _ndjson_lines(request, limit):
            number += 1
            if raw is not None and not raw.strip():
                continue
            batch.append((number, _parse_article(raw, number, limit,
                                                 stream.settings.max_text_chars)))
            if len(batch) >= stream.settings.batch_size:
                async for out in _analysed(request, stream, batch):
                    yield out
                batch = []
    except ClientDisconnect:
        return  # the client left while sending: nothing more to do
    except BodyProblem as err:  # a stalled or broken body: say so after what was read
        async for out in _analysed(request, stream, batch):
            yield out
        yield _line({"line": number + 1, "error": err.detail})
        return
    async for out in _analysed(request, stream, batch):
        yield out


async def _analysed(request: Request, stream: Stream, batch: list[tuple[int, SentArticle | str]]
                    ) -> AsyncIterator[bytes]:
    """The lines of a batch, in order: each article's result, or its error (a bad line; an
    analysis over the time limit or without a slot in time: the stream goes on with the next
    batch). Nothing is analysed for a client that has left."""
    articles = [a for _, a in batch if not isinstance(a, str)]
    if articles and await request.is_disconnected():
        return
    results: list[dict] = []
    failure = None
    if articles:
        try:
            results = await stream.gate.run(analyse_batch, stream.nlp, articles, stream.options,
                                            stream.settings.batch_size, stream.settings,
                                            wait=True)
            count_results(results)
        except (TimedOut, Saturated, PayloadTooLarge) as err:
            failure = _reason(err, stream.gate.timeout_s)
    answers = iter(results)
    for n, item in batch:
        if isinstance(item, str):
            yield _line({"line": n, "error": item})
        elif failure is not None:
            yield _line({"line": n, "id": item[0], "error": failure})
        else:
            answer = next(answers)  # a failed analysis: its error, with the line, like the rest
            yield _line({"line": n, **answer} if "error" in answer else answer)


def _reason(err: Exception, timeout_s: float) -> str:
    if isinstance(err, TimedOut):
        return (f"not analysed: the batch took longer than {timeout_s:g} s "
                "(QUOTETRACE_REQUEST_TIMEOUT_S)")
    if isinstance(err, PayloadTooLarge):
        return f"not analysed: {err.message}"
    return "not analysed: the worker stayed busy (QUOTETRACE_QUEUE_TIMEOUT_S); send it again"
