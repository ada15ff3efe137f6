"""Dependencies the routes share: the settings and gate of the app, the pipeline, the API key
check, and the request parsed from a JSON or a text/plain body."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from spacy.language import Language

from app.core.options import QUOTE_TYPE_NAMES, Options
from app.core.settings import Settings
from app.nlp.pipeline import get_pipeline
from app.service.extract import InvalidText, check_text, options_from, quote_types
from app.service.limits import AnalysisGate
from app.web.errors import PayloadTooLarge, Unauthorised
from app.web.schemas import LEARNED_REPORTS_DOC, QUOTE_TYPES_DOC, QuoteRequest
from app.web.schemas import Options as RequestOptions


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_gate(request: Request) -> AnalysisGate:
    return request.app.state.gate


def get_nlp() -> Language:
    return get_pipeline()


SettingsDep = Annotated[Settings, Depends(get_settings)]
GateDep = Annotated[AnalysisGate, Depends(get_gate)]
NlpDep = Annotated[Language, Depends(get_nlp)]


async def require_api_key(request: Request) -> None:
    """Async although it awaits nothing: FastAPI would run a plain function in a thread pool,
    a thread hop on every request."""
    keys = request.app.state.settings.api_keys
    if keys and request.headers.get("x-api-key") not in keys:
        raise Unauthorised()


def check_text_size(text: str, settings: Settings) -> None:
    check_text(text)
    if len(text) > settings.max_text_chars:
        raise PayloadTooLarge("text length in characters", len(text), settings.max_text_chars,
                              "QUOTETRACE_MAX_TEXT_CHARS")


TYPE_NAME = f"({'|'.join(QUOTE_TYPE_NAMES)})"
TYPES_QUERY = Query(None, pattern=f"^{TYPE_NAME}(,{TYPE_NAME})*$",
                    description="A comma list of the quote types to return (default: all; "
                                "JSON bodies use `options.types`). " + QUOTE_TYPES_DOC)
LEARNED_QUERY = Query(True, description="The option of the same name (JSON bodies use "
                                         "`options.learned_reports`). " + LEARNED_REPORTS_DOC)
SCARE_QUERY = Query(False, description="For text/plain bodies: the option of the same name.")


async def quote_request(request: Request, include_scare_quotes: bool = SCARE_QUERY,
                        types: str | None = TYPES_QUERY,
                        learned_reports: bool = LEARNED_QUERY) -> QuoteRequest:
    """The request from a JSON body, or from a text/plain body with its charset."""
    content_type = request.headers.get("content-type", "application/json").lower()
    body = await request.body()
    if content_type.startswith("text/plain"):
        charset = "utf-8"
        for part in content_type.split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key == "charset" and value:
                charset = value.strip('"')
        try:
            text = body.decode(charset)
        except LookupError:
            raise InvalidText(f"unknown charset {charset!r}") from None
        except UnicodeDecodeError as err:
            raise InvalidText(f"body is not valid {charset} at byte {err.start}") from None
        return QuoteRequest(text=text, options={
            "include_scare_quotes": include_scare_quotes,
            "types": sorted(t.value for t in quote_types(types)) if types else None,
            "learned_reports": learned_reports})
    if not content_type.startswith("application/json"):
        raise InvalidText("send application/json or text/plain")
    try:
        return QuoteRequest.model_validate_json(body)
    except ValidationError as err:
        raise RequestValidationError(err.errors()) from None


def attribution_options(options: RequestOptions) -> Options:
    """The attribution options a JSON body's ``options`` ask for."""
    return options_from(options.include_scare_quotes, options.types, options.learned_reports)
