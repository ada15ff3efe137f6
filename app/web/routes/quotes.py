"""One article, or a batch of them, analysed within the worker's gate."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from app.service.analyse import SentArticle, analyse_batch, analyse_one
from app.service.limits import check_batch_size, check_text_size
from app.service.observability import count_results
from app.web.deps import (
    GateDep,
    NlpDep,
    SettingsDep,
    attribution_options,
    no_query,
    quote_request,
    require_api_key,
)
from app.web.schemas import BatchRequest, BatchResponse, ErrorResponse, QuoteRequest, QuoteResponse

router = APIRouter(prefix="/v1/quotes", tags=["quotes"], dependencies=[Depends(require_api_key)])
ERRORS = {status: {"model": ErrorResponse}
          for status in (401, 408, 413, 415, 422, 500, 503, 504)}
QUOTE_BODY = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": {"$ref": "#/components/schemas/QuoteRequest"}},
    "text/plain": {"schema": {"type": "string"}},
    "text/html": {"schema": {"type": "string"}}}}}


@router.post("", response_model=QuoteResponse, response_model_exclude_unset=True,
             responses=ERRORS, openapi_extra=QUOTE_BODY,
             summary="Quotes, speakers and context sentences of one article")
async def quotes(request: Annotated[QuoteRequest, Depends(quote_request)], nlp: NlpDep,
                 gate: GateDep, settings: SettingsDep) -> dict:
    if request.text is not None:
        check_text_size(request.text, settings)
    result = await gate.run(analyse_one, nlp, SentArticle(None, request.text, request.html),
                            attribution_options(request.options), settings)
    count_results([result])
    return result


@router.post("/batch", response_model=BatchResponse, response_model_exclude_unset=True,
             responses=ERRORS, dependencies=[Depends(no_query)],
             summary="Many articles in one request, processed in nlp.pipe batches")
async def quotes_batch(request: BatchRequest, nlp: NlpDep, gate: GateDep,
                       settings: SettingsDep) -> dict:
    check_batch_size(len(request.articles), settings)
    for article in request.articles:
        if article.text is not None:
            check_text_size(article.text, settings)
    articles = [SentArticle(a.id, a.text, a.html) for a in request.articles]
    results = await gate.run(analyse_batch, nlp, articles, attribution_options(request.options),
                             settings.batch_size, settings)
    count_results(results)
    return {"results": results}
