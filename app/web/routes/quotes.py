"""One article, or a batch of them, analysed within the worker's gate."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from spacy.language import Language

from app.core.options import Options
from app.core.settings import Settings
from app.service.extract import Failed, extract_each
from app.service.observability import count_results
from app.service.pages import main_text
from app.web.deps import (
    GateDep,
    NlpDep,
    SettingsDep,
    attribution_options,
    check_text_size,
    no_query,
    quote_request,
    require_api_key,
)
from app.web.errors import AnalysisFailed, PayloadTooLarge
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
    result = await gate.run(analyse_one, nlp, (None, request.text, request.html),
                            attribution_options(request.options), settings)
    count_results([result])
    return result


@router.post("/batch", response_model=BatchResponse, response_model_exclude_unset=True,
             responses=ERRORS, dependencies=[Depends(no_query)],
             summary="Many articles in one request, processed in nlp.pipe batches")
async def quotes_batch(request: BatchRequest, nlp: NlpDep, gate: GateDep,
                       settings: SettingsDep) -> dict:
    if len(request.articles) > settings.max_batch_size:
        raise PayloadTooLarge("number of articles", len(request.articles),
                              settings.max_batch_size, "QUOTETRACE_MAX_BATCH_SIZE")
    for article in request.articles:
        if article.text is not None:
            check_text_size(article.text, settings)
    articles = [(a.id, a.text, a.html) for a in request.articles]
    results = await gate.run(analyse_batch, nlp, articles, attribution_options(request.options),
                             settings.batch_size, settings)
    count_results(results)
    return {"results": results}


Article = tuple[str | None, str | None, str | None]  # id (None: no id), text, html


def analyse_batch(nlp: Language, articles: list[Article], options: Options, batch_size: int,
                  settings: Settings) -> list[dict]:
    """Each article's result (with its id, when it has one); an HTML page's main text is taken
    first, and comes back as ``text``, which the offsets index."""
    pages: dict[int, str] = {}
    for n, (_, _, html) in enumerate(articles):
        if html is not None:
            pages[n] = main_text(html).text
            check_text_size(pages[n], settings)
    items = [(pages.get(n, text), n) for n, (_, text, _) in enumerate(articles)]
    results = []
    for result, n in extract_each(items, options, batch_size, nlp):
        article_id = articles[n][0]
        with_id = {"id": article_id} if article_id is not None else {}
        if isinstance(result, Failed):  # that article's error, not the batch's
            results.append({**with_id, "error": result.message})
            continue
        results.append({**with_id, **result, **({"text": pages[n]} if n in pages else {})})
    return results


def analyse_one(nlp: Language, article: Article, options: Options, settings: Settings) -> dict:
    """One article's result (``analyse_batch``); ``AnalysisFailed`` if its analysis raised."""
    (result,) = analyse_batch(nlp, [article], options, 1, settings)
    if "error" in result:
        raise AnalysisFailed(result["error"])
    return result
