"""One article, or a batch of them, analysed within the worker's gate."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from spacy.language import Language

from app.core.options import Options
from app.service.extract import extract, extract_many
from app.service.observability import count_results
from app.web.deps import (
    GateDep,
    NlpDep,
    SettingsDep,
    attribution_options,
    check_text_size,
    quote_request,
    require_api_key,
)
from app.web.errors import PayloadTooLarge
from app.web.schemas import BatchRequest, BatchResponse, ErrorResponse, QuoteRequest, QuoteResponse

router = APIRouter(prefix="/v1/quotes", tags=["quotes"], dependencies=[Depends(require_api_key)])
ERRORS = {status: {"model": ErrorResponse} for status in (401, 413, 422, 503, 504)}
QUOTE_BODY = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": {"$ref": "#/components/schemas/QuoteRequest"}},
    "text/plain": {"schema": {"type": "string"}}}}}


@router.post("", response_model=QuoteResponse, responses=ERRORS, openapi_extra=QUOTE_BODY,
             summary="Quotes, speakers and context sentences of one article")
async def quotes(request: Annotated[QuoteRequest, Depends(quote_request)], nlp: NlpDep,
                 gate: GateDep, settings: SettingsDep) -> dict:
    check_text_size(request.text, settings)
    result = await gate.run(extract, nlp, request.text, attribution_options(request.options))
    count_results([result])
    return result


@router.post("/batch", response_model=BatchResponse, responses=ERRORS,
             summary="Many articles in one request, processed in nlp.pipe batches")
async def quotes_batch(request: BatchRequest, nlp: NlpDep, gate: GateDep,
                       settings: SettingsDep) -> dict:
    if len(request.articles) > settings.max_batch_size:
        raise PayloadTooLarge("number of articles", len(request.articles),
                              settings.max_batch_size, "QUOTETRACE_MAX_BATCH_SIZE")
    for article in request.articles:
        check_text_size(article.text, settings)
    items = [(a.text, a.id) for a in request.articles]
    results = await gate.run(analyse_batch, nlp, items, attribution_options(request.options),
                             settings.batch_size)
    count_results(results)
    return {"results": results}


def analyse_batch(nlp: Language, items: list[tuple[str, str]], options: Options,
                  batch_size: int) -> list[dict]:
    return [{"id": article_id, **result} for result, article_id in
            extract_many(nlp, items, options, batch_size=batch_size)]
