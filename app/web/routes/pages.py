"""The journalist's pages, served by the same app: analyse an article, search the archive, one
speaker, one quote across outlets with the verify form. Server-rendered (Jinja2, every value
escaped) with a little JavaScript; the pages call the service and the archive directly."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from app.archive import search as archive_search
from app.archive import speakers as archive_speakers
from app.archive.errors import BadQuery
from app.archive.ingest import store_all
from app.archive.models import MAX_ID
from app.core.normalise import InvalidText
from app.core.options import QUOTE_TYPE_NAMES, Options
from app.service.analyse import SentArticle, analyse_one
from app.service.articles import ArticleToStore, article_id_problem
from app.service.limits import AnalysisFailed, PayloadTooLarge, check_text_size
from app.web.deps import (
    ArchiveId,
    GateDep,
    NlpDep,
    SettingsDep,
    get_archive,
    moment,
    same_site_form,
)
from app.web.middleware import KEY_COOKIE, MAY_WRITE
from app.web.rendering import not_found, page
from app.web.views import highlighted, month_chart, speaker_styles, wording_diff

VERDICTS = {"attributed_to_speaker": "Yes: the archive attributes these words to that speaker.",
            "attributed_to_others": "The archive has these words, attributed to someone else.",
            "found": "The archive has these words.",
            "not_found": "The archive has nothing close to these words."}
router = APIRouter(include_in_schema=False)


def may_write(request: Request) -> bool:
    """Whether the request's key may store articles (no keys set: anyone may)."""
    return getattr(request.state, MAY_WRITE, True)


def article_context(text: str, analysis: dict[str, Any], title: str | None = None,
                    meta: str | None = None, can_save: bool = False) -> dict[str, Any]:
    styles = speaker_styles(analysis["speakers"])
    return {"title": title, "meta": meta, "text": text, "styles": styles,
            "speakers": analysis["speakers"], "can_save": can_save,
            "html": highlighted(text, analysis["quotes"], styles),
            "suggested_id": "article-" + datetime.now(UTC).strftime("%Y%m%d-%H%M%S"),
            "data": {"quotes": analysis["quotes"], "speakers": analysis["speakers"]}}


@router.get("/", response_class=HTMLResponse)
async def analyse_form(request: Request) -> HTMLResponse:
    return page(request, "analyse.html", page="analyse")


@router.post("/analyse", response_class=HTMLResponse, dependencies=[Depends(same_site_form)])
async def analyse(request: Request, nlp: NlpDep, gate: GateDep, settings: SettingsDep,
                  text: Annotated[str, Form()] = "",
                  file: Annotated[UploadFile | None, Form()] = None) -> HTMLResponse:
    html = None
    if file is not None and file.filename:
        try:
            content = (await file.read()).decode("utf-8-sig")
        except UnicodeDecodeError:
            return page(request, "analyse.html", 422, page="analyse",
                        error="The file is not UTF-8 text.")
        if file.filename.lower().endswith((".html", ".htm")) or file.content_type == "text/html":
            html, text = content, ""
        else:
            text = content
    if not text.strip() and html is None:
        return page(request, "analyse.html", 422, page="analyse",
                    error="Paste an article or choose a file.")
    try:
        if html is None:
            check_text_size(text, settings)
        result = await gate.run(analyse_one, nlp, SentArticle(None, text or None, html), Options(),
                                settings)
    except (InvalidText, PayloadTooLarge) as err:
        return page(request, "analyse.html", 422, page="analyse", text=text,
                    error=getattr(err, "message", str(err)))
    except AnalysisFailed as err:
        return page(request, "analyse.html", 500, page="analyse", text=text,
                    error=f"Sorry: {err.message}. It is our fault; please report it.")
    analysed = result.get("text", text)
    return page(request, "analyse.html", page="analyse", text=analysed,
                result=article_context(analysed, result, can_save=may_write(request)))


@router.post("/save", dependencies=[Depends(same_site_form)])
async def save(request: Request, nlp: NlpDep, gate: GateDep, settings: SettingsDep,
               id: Annotated[str, Form(min_length=1, max_length=200)],
               text: Annotated[str, Form()], outlet: Annotated[str, Form()] = "",
               published_at: Annotated[str, Form()] = "") -> Response:
    if not settings.archive:
        return not_found(request, "archive")
    if "\x00" in text + id + outlet:
        return page(request, "error.html", 422, heading="Not saved",
                    message="The text holds a NUL character (U+0000), which cannot be stored.")
    if (problem := article_id_problem(id.strip())) is not None:
        return page(request, "error.html", 422, heading="Not saved",
                    message=problem[0].upper() + problem[1:] + ".")
    archive = await get_archive(request)
    when = None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", published_at):
        when = datetime.fromisoformat(published_at).replace(tzinfo=UTC)
    article = ArticleToStore(id=id.strip(), text=text, outlet=outlet.strip() or None,
                        published_at=when)
    check_text_size(text, settings)
    result = await gate.run(analyse_one, nlp, SentArticle(None, text, None), Options(), settings)
    await run_in_threadpool(store_all, archive, [article], [(result, None)])
    return RedirectResponse(f"/articles/{quote(article.id, safe='')}", status_code=303)


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
def stored_article(request: Request, article_id: str) -> HTMLResponse:
    stored = request.app.state.archive.get().get(article_id)
    if stored is None:
        return not_found(request, f"article {article_id!r}")
    meta = " · ".join(str(v) for v in (stored["outlet"], stored["published_at"] and
                                       stored["published_at"].strftime("%Y-%m-%d")) if v)
    return page(request, "article.html", article_id=article_id,
                result=article_context(stored["text"], stored, stored["title"] or article_id,
                                       meta))


WHO_FILTERS = {"gender": ("female", "male", "unknown"), "anonymous": ("true", "false")}


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: str = "", speaker: str = "", outlet: str = "",
                since: str = "", until: str = "", cursor: str = "",
                type: Annotated[list[str] | None, Query()] = None, gender: str = "",
                anonymous: str = "", affiliation: str = "") -> HTMLResponse:
    form = {"q": q, "speaker": speaker, "outlet": outlet, "since": since, "until": until}
    # who gets quoted (links from the sources page): kept as they came, and said above
    who = {"type": [t for t in type or () if t in QUOTE_TYPE_NAMES],
           "gender": gender if gender in WHO_FILTERS["gender"] else "",
           "anonymous": anonymous if anonymous in WHO_FILTERS["anonymous"] else "",
           "affiliation": affiliation}
    if not any(form.values()) and not any(who.values()):
        return page(request, "search.html", page="search", form=form, who=who, results=None)
    archive = request.app.state.archive.get()
    try:
        query = archive_search.QuoteQuery(
            q=q or None, speaker=speaker or None, outlet=outlet or None,
            since=moment(since or None), until=moment(until or None, next_day=True),
            cursor=cursor or None, types=tuple(who["type"]), gender=who["gender"] or None,
            anonymous={"true": True, "false": False}.get(who["anonymous"]),
            affiliation=affiliation or None)
        with archive.database.read() as session:
            results = archive_search.search(session, archive.database.dialect, query)
    except (ValueError, OverflowError) as err:  # a bad date, cursor or speaker id
        return page(request, "search.html", 422, page="search", form=form, who=who,
                    results=None, error=str(err))
    next_url = request.url.include_query_params(cursor=results["next_cursor"] or "")
    return page(request, "search.html", page="search", form=form, who=who, results=results,
                next_url=str(next_url.path) + "?" + next_url.query)


@router.get("/speakers/{speaker_id}", response_class=HTMLResponse)
def speaker_page(request: Request, speaker_id: ArchiveId,
                 cursor: Annotated[str, Query(max_length=200)] = "") -> HTMLResponse:
    archive = request.app.state.archive.get()
    with archive.database.read() as session:
        found = archive_speakers.speaker_detail(session, speaker_id)
        if found is None:
            return not_found(request, f"speaker {speaker_id}")
        try:
            quotes = archive_search.search(session, archive.database.dialect,
                                           archive_search.QuoteQuery(speaker=str(speaker_id),
                                                                     cursor=cursor or None))
        except BadQuery:
            quotes = {"quotes": [], "next_cursor": None}
    return page(request, "speaker.html", speaker=found, quotes=quotes,
                chart=month_chart(found["quotes_by_month"]))


@router.get("/quotes/{quote_id}", response_class=HTMLResponse)
def quote_page(request: Request, quote_id: ArchiveId) -> HTMLResponse:
    return _quote(request, quote_id)


@router.post("/verify", response_class=HTMLResponse, dependencies=[Depends(same_site_form)])
def verify_form(request: Request, back: Annotated[int, Form(ge=1, le=MAX_ID)],
                quote: Annotated[str, Form(min_length=1, max_length=5000)],
                speaker: Annotated[str, Form(max_length=300)] = "") -> HTMLResponse:
    archive = request.app.state.archive.get()
    with archive.database.read() as session:
        verdict = archive_search.verify(session, quote, speaker or None)
    for match in verdict["matches"]:
        match["diff"] = wording_diff(match["text"], quote)
    return _quote(request, back, asked={"quote": quote, "speaker": speaker}, verdict=verdict,
                  verdict_text=VERDICTS[verdict["verdict"]])


def _quote(request: Request, quote_id: int, **extra: Any) -> HTMLResponse:
    archive = request.app.state.archive.get()
    with archive.database.read() as session:
        found = archive_search.occurrences(session, quote_id)
    if found is None:
        return not_found(request, f"quote {quote_id}")
    rows = [{"found": o, "diff": wording_diff(found["text"], o["text"])}
            for o in found["occurrences"]]
    return page(request, "quote.html", quote=found, rows=rows, **extra)


@router.get("/login", response_class=HTMLResponse)
async def login_form(request: Request, next: str = "/") -> HTMLResponse:
    return page(request, "login.html", next_path=_local(next))


@router.post("/login", dependencies=[Depends(same_site_form)])
async def login(request: Request, key: Annotated[str, Form(max_length=500)],
                next: Annotated[str, Form()] = "/") -> Response:
    settings = request.app.state.settings
    if key not in settings.api_keys and key not in settings.read_only_keys:
        return page(request, "login.html", 401, next_path=_local(next),
                    error="That key is not one of this service's keys.")
    response = RedirectResponse(_local(next), status_code=303)
    response.set_cookie(KEY_COOKIE, key, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https")
    return response


@router.post("/logout", dependencies=[Depends(same_site_form)])
async def logout() -> Response:
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(KEY_COOKIE)
    return response


def _local(path: str) -> str:
    """A path on this site (never a redirect elsewhere)."""
    return path if path.startswith("/") and not path.startswith("//") else "/"

