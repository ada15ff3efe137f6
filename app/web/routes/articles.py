"""Storing articles in the archive, reading one back, and deleting one with all that came
from it. Storing is its own act: ``POST /v1/quotes`` stores nothing."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from spacy.language import Language
from starlette.concurrency import run_in_threadpool

from app.archive import store
from app.archive.ingest import Prepared, analyse_new, store_all
from app.core.normalise import InvalidText
from app.core.settings import Settings
from app.service.articles import ArticleToStore, article_from
from app.service.extract import Failed
from app.service.limits import AnalysisFailed, PayloadTooLarge, check_batch_size, check_text_size
from app.service.observability import count_results
from app.web.archive_schemas import (
    ArticleIn,
    ArticlesIn,
    IngestBatchResult,
    IngestResult,
    StoredArticle,
)
from app.web.deps import (
    ArchiveDep,
    GateDep,
    NlpDep,
    SettingsDep,
    no_query,
    require_api_key,
)
from app.web.errors import UnsupportedType, error
from app.web.schemas import ErrorResponse

NDJSON = "application/x-ndjson"
router = APIRouter(prefix="/v1/articles", tags=["archive"],
                   dependencies=[Depends(require_api_key), Depends(no_query)])
ERRORS = {status: {"model": ErrorResponse}
          for status in (401, 403, 404, 408, 413, 415, 422, 503, 504)}
INGEST_BODY = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": {"oneOf": [
        {"$ref": "#/components/schemas/ArticleIn"},
        {"$ref": "#/components/schemas/ArticlesIn"}]}},
    NDJSON: {"schema": {"type": "string", "description": "One ArticleIn per line."}}}}}
ArticleId = Annotated[str, Path(min_length=1, max_length=200)]


@router.post("", response_model=IngestResult | IngestBatchResult, responses=ERRORS,
             response_model_exclude_unset=True,
             openapi_extra=INGEST_BODY,
             summary="Analyse and store one article, or a batch (JSON or NDJSON)",
             description=(
                 "Stores the article under your `id` with its analysis, and returns it. The "
                 "same content again changes nothing (`unchanged`, not analysed again); new "
                 "content replaces the old (`updated`), and what changed is kept in the "
                 "article's `history`. A batch (`{\"articles\": [...]}` or one article per "
                 "NDJSON line) answers a line per article, an error line for one that cannot "
                 "be stored, and goes on."))
async def ingest(request: Request, nlp: NlpDep, gate: GateDep, settings: SettingsDep,
                 archive: ArchiveDep) -> Any:
    single, parsed = await _articles(request, settings)
    articles = [item for item in parsed if not isinstance(item, str)]
    check_batch_size(len(articles), settings)
    outcomes = await gate.run(_analysed, nlp, archive, articles, settings, single)
    ready = [outcome for outcome in outcomes if not isinstance(outcome, str)]
    stored = await run_in_threadpool(store_all, archive, [a for a, _ in ready],
                                     [p for _, p in ready])
    count_results([view for status, view in stored if status != "unchanged"])
    if single:
        status, view = stored[0]
        return {"status": status, "article": view}
    lines, views, outcome_of = [], iter(stored), iter(outcomes)
    for number, item in enumerate(parsed, start=1):
        outcome = item if isinstance(item, str) else next(outcome_of)
        if isinstance(outcome, str):
            lines.append({"line": number, "status": "error", "error": outcome,
                          **({} if isinstance(item, str) else {"id": item.id})})
        else:
            status, view = next(views)
            lines.append({"line": number, "id": view["id"], "status": status,
                          "quotes": len(view["quotes"]), "version": view["version"]})
    return {"results": lines}


def _analysed(nlp: Language, archive: store.Archive, articles: list[ArticleIn],
              settings: Settings, single: bool) -> list[tuple[ArticleToStore, Prepared] | str]:
    """Each article ready to store with its analysis, or why it cannot be stored (raised, for
    a request of one article)."""
    outcomes: list[ArticleToStore | str] = []
    for given in articles:
        article = article_from(given)
        try:
            check_text_size(article.text, settings)
        except (PayloadTooLarge, InvalidText) as err:
            if single:
                raise
            outcomes.append(getattr(err, "message", str(err)))
            continue
        outcomes.append(article)
    ready = [a for a in outcomes if not isinstance(a, str)]
    analysed = iter(zip(ready, analyse_new(nlp, archive, ready, settings.batch_size),
                        strict=True))
    return [a if isinstance(a, str) else _stored_or_why(next(analysed), single)
            for a in outcomes]


def _stored_or_why(ready: tuple[ArticleToStore, Prepared], single: bool
                   ) -> tuple[ArticleToStore, Prepared] | str:
    """An article whose analysis failed is not stored: why (raised, for one article)."""
    analysis = ready[1][0]
    if not isinstance(analysis, Failed):
        return ready
    if single:
        raise AnalysisFailed(analysis.message)
    return analysis.message


async def _articles(request: Request, settings: Settings) -> tuple[bool, list[ArticleIn | str]]:
    """Whether the body is one article, and its articles (an NDJSON line that is none: why)."""
    media_type = request.headers.get("content-type", "application/json").split(";")[0]
    media_type = media_type.strip().lower()
    body = await request.body()
    if media_type == NDJSON:
        items: list[ArticleIn | str] = []
        for number, line in enumerate(body.splitlines(), start=1):
            if line.strip():
                try:
                    items.append(ArticleIn.model_validate_json(line))
                except ValidationError as err:
                    items.append(f"line {number}: {_problems(err)}")
        return False, items
    if media_type != "application/json":
        raise UnsupportedType(media_type)
    try:
        data = json.loads(body)
        if isinstance(data, dict) and "articles" in data:
            return False, list(ArticlesIn.model_validate_json(body).articles)
        return True, [ArticleIn.model_validate_json(body)]
    except ValidationError as err:
        raise RequestValidationError(err.errors()) from None
    except ValueError:
        raise InvalidText("the body is not valid JSON") from None


def _problems(err: ValidationError) -> str:
    return "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'line'}: {e['msg']}"
                     for e in err.errors())


@router.get("/{article_id:path}", response_model=StoredArticle, responses=ERRORS,
            summary="A stored article: its text, metadata, analysis and history")
def get_article(article_id: ArticleId, archive: ArchiveDep) -> Any:
    found = archive.get(article_id)
    if found is None:
        return error(404, f"no article {article_id!r} in the archive")
    return found


@router.delete("/{article_id:path}", status_code=204,
               responses=ERRORS,
               summary="Delete an article and all that came from it (corrections, takedowns)")
def delete_article(article_id: ArticleId, archive: ArchiveDep) -> Response:
    if not archive.delete(article_id):
        return error(404, f"no article {article_id!r} in the archive")
    return Response(status_code=204)
