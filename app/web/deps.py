"""Dependencies the routes share: the settings and gate of the app, the pipeline, the API key
check, and the request parsed from a JSON or a text/plain body."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, HTTPException, Path, Query, Request, Security
from fastapi.exceptions import RequestValidationError
from fastapi.security import APIKeyHeader
from pydantic import ValidationError
from spacy.language import Language
from starlette.concurrency import run_in_threadpool

from app.archive.models import MAX_ID
from app.archive.search import CURSOR
from app.archive.store import Archive
from app.core.normalise import InvalidText
from app.core.options import QUOTE_TYPE_NAMES, Options, options_from, quote_types
from app.core.settings import Settings
from app.nlp.pipeline import get_pipeline
from app.service.limits import AnalysisGate
from app.web.errors import UnsupportedType
from app.web.rendering import CSRF_COOKIE, CSRF_FIELD
from app.web.schemas import LEARNED_REPORTS_DOC, QUOTE_TYPES_DOC, QuoteRequest
from app.web.schemas import Options as RequestOptions

ISO_DATE = r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$"
DATE_OR_TIME = {"anyOf": [{"type": "string", "format": "date"},
                          {"type": "string", "format": "date-time"}]}
SinceQuery = Annotated[str | None, Query(pattern=ISO_DATE, json_schema_extra=DATE_OR_TIME,
                                         description="Published on or after this date or ISO "
                                                     "time.")]
UntilQuery = Annotated[str | None, Query(pattern=ISO_DATE, json_schema_extra=DATE_OR_TIME,
                                         description="Published on or before this date, or "
                                                     "before this ISO time.")]
CursorQuery = Annotated[str | None, Query(pattern=f"^{CURSOR.pattern}$", description=(
    "`next_cursor` of the page before."))]
ArchiveId = Annotated[int, Path(ge=1, le=MAX_ID,
                                 description="An archive quote's or speaker's id.")]


# async although they await nothing: FastAPI runs a plain function in a thread pool, a thread
# hop on every request
async def app_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_gate(request: Request) -> AnalysisGate:
    return request.app.state.gate


async def get_nlp() -> Language:
    return get_pipeline()


SettingsDep = Annotated[Settings, Depends(app_settings)]
GateDep = Annotated[AnalysisGate, Depends(get_gate)]
NlpDep = Annotated[Language, Depends(get_nlp)]


API_KEY = APIKeyHeader(name="X-API-Key", auto_error=False, scheme_name="ApiKey",
                       description="One of QUOTETRACE_API_KEYS, when the service has keys.")


async def require_api_key(key: str | None = Security(API_KEY)) -> None:
    """Declares the key in the OpenAPI schema; ``RequireKey`` checks it, before a request's
    body is read. Async although it awaits nothing: FastAPI would run a plain function in a
    thread pool, a thread hop on every request."""


def moment(value: str | None, next_day: bool = False) -> datetime | None:
    """An ISO date as the start of that day (for ``until``, of the next: the day is included),
    or an ISO time; a time without a zone is UTC."""
    if value is None:
        return None
    try:
        found = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidText(f"{value!r} is not a date (YYYY-MM-DD) or an ISO time") from None
    if len(value) == 10 and next_day:
        try:
            found += timedelta(days=1)
        except OverflowError:  # 9999-12-31: the day after cannot be counted
            raise InvalidText(f"{value!r} is past the last day the archive can count") from None
    return found if found.tzinfo else found.replace(tzinfo=UTC)


TYPE_NAME = f"({'|'.join(QUOTE_TYPE_NAMES)})"
TYPES_QUERY = Query(None, pattern=f"^{TYPE_NAME}(,{TYPE_NAME})*$",
                    description="A comma list of the quote types to return (default: all; "
                                "JSON bodies use `options.types`). " + QUOTE_TYPES_DOC)
LEARNED_QUERY = Query(True, description="The option of the same name (JSON bodies use "
                                         "`options.learned_reports`). " + LEARNED_REPORTS_DOC)
SCARE_QUERY = Query(False, description="For text/plain bodies: the option of the same name.")


QUERY_OPTIONS = ("include_scare_quotes", "types", "learned_reports")
TEXT_TYPES = ("text/plain", "text/html")


REPEATABLE = frozenset({"type"})  # list parameters: ?type=direct&type=partial


def check_query(request: Request, allowed: tuple[str, ...]) -> None:
    """A query parameter the route does not read, or one value given twice, is an error, not
    silently ignored."""
    unknown = sorted(set(request.query_params) - set(allowed))
    if unknown:
        raise InvalidText(f"unknown query parameter(s) {', '.join(map(repr, unknown))}"
                          + (f"; this route reads {', '.join(allowed)}" if allowed else ""))
    twice = sorted(name for name in set(request.query_params) - REPEATABLE
                   if len(request.query_params.getlist(name)) > 1)
    if twice:
        raise InvalidText(f"query parameter(s) {', '.join(map(repr, twice))} given more than "
                          "once; give each once")


async def no_query(request: Request) -> None:
    check_query(request, ())


async def quote_request(request: Request, include_scare_quotes: bool = SCARE_QUERY,
                        types: str | None = TYPES_QUERY,
                        learned_reports: bool = LEARNED_QUERY) -> QuoteRequest:
    """The request from a JSON body, or from a text/plain or text/html body with its charset
    and options in the query."""
    header = request.headers.get("content-type", "application/json")
    media_type, *params = (part.strip() for part in header.split(";"))
    media_type = media_type.lower()
    body = await request.body()
    if media_type in TEXT_TYPES:
        check_query(request, QUERY_OPTIONS)
        text = _decoded(body, params)
        options = {"include_scare_quotes": include_scare_quotes,
                   "types": sorted(t.value for t in quote_types(types)) if types else None,
                   "learned_reports": learned_reports}
        if media_type == "text/html":
            return QuoteRequest(html=text, options=options)
        return QuoteRequest(text=text, options=options)
    if media_type != "application/json":
        raise UnsupportedType(media_type)
    check_query(request, QUERY_OPTIONS)
    try:
        asked = QuoteRequest.model_validate_json(body)
    except ValidationError as err:
        raise RequestValidationError(err.errors()) from None
    # beside a JSON body, query options count where the body's 'options' say nothing
    from_query = {"include_scare_quotes": include_scare_quotes, "learned_reports": learned_reports,
                  "types": sorted(t.value for t in quote_types(types)) if types else None}
    unset = {name: value for name, value in from_query.items()
             if name in request.query_params and name not in asked.options.model_fields_set}
    if unset:
        asked.options = asked.options.model_copy(update=unset)
    return asked


def _decoded(body: bytes, params: list[str]) -> str:
    charset = "utf-8"
    for part in params:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value:
            charset = value.strip().strip('"')
    try:
        return body.decode(charset)
    except LookupError:
        raise InvalidText(f"unknown charset {charset!r}") from None
    except UnicodeDecodeError as err:
        raise InvalidText(f"body is not valid {charset} at byte {err.start}") from None


def attribution_options(options: RequestOptions) -> Options:
    """The attribution options a JSON body's ``options`` ask for."""
    return options_from(options.include_scare_quotes, options.types, options.learned_reports)


async def get_archive(request: Request) -> Archive:
    """The app's archive, opened on first use (in a thread: it may migrate the schema)."""
    return await run_in_threadpool(request.app.state.archive.get)


ArchiveDep = Annotated[Archive, Depends(get_archive)]


def only_query(*names: str) -> Callable[[Request], Awaitable[None]]:
    """A dependency refusing query parameters other than ``names`` (422, not ignored)."""

    async def check(request: Request) -> None:
        check_query(request, names)

    return check


async def same_site_form(request: Request) -> None:
    """A page's form must come from this site: a browser's Origin (or Referer) header, when it
    sends one, names this host, and the form carries the token of the browser's cookie
    (another site can make a browser post a form, but cannot read the token to put in it)."""
    sent = request.headers.get("origin") or request.headers.get("referer")
    if sent and urlsplit(sent).netloc != request.headers.get("host", ""):
        raise HTTPException(403, "this form was sent from another site; reload the page here "
                                 "and send it again")
    cookie = request.cookies.get(CSRF_COOKIE)
    form = await request.form()
    if not cookie or form.get(CSRF_FIELD) != cookie:
        raise HTTPException(403, "this form has expired or did not come from this site; reload "
                                 "the page and send it again")
