"""Pages drawn on the server: the templates, the context every page shares, and the error page
a browser gets for any error on a page's path (an API client gets JSON: ``app.web.errors``)."""

from __future__ import annotations

import re
import secrets
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from app.core.options import QUOTE_TYPE_NAMES

NOT_PAGES = ("/v1/", "/metrics", "/healthz", "/readyz", "/docs", "/redoc", "/openapi.json",
             "/static-offline-docs/")
CSRF_COOKIE = "quotetrace_csrf"
CSRF_FIELD = "csrf"
CSRF_BYTES = 32
CSRF_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")  # what token_urlsafe(CSRF_BYTES) makes
TEMPLATES = Jinja2Templates(directory=Path(__file__).resolve().parent / "templates")
def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    settings = request.app.state.settings
    token, new = csrf_token(request)
    response = TEMPLATES.TemplateResponse(request, template, status_code=status, context={
        "archive": settings.archive, "needs_key": bool(settings.api_keys
                                                       or settings.read_only_keys),
        "quote_types": QUOTE_TYPE_NAMES, "csrf": token, **context})
    if new:
        response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict",
                            secure=request.url.scheme == "https")
    return response


def csrf_token(request: Request) -> tuple[str, bool]:
    """The browser's form token (double-submit: a cookie, and the same value in each form),
    and whether it is new."""
    given = request.cookies.get(CSRF_COOKIE, "")
    if CSRF_SHAPE.fullmatch(given):
        return given, False
    return secrets.token_urlsafe(CSRF_BYTES), True


def not_found(request: Request, what: str) -> HTMLResponse:
    return page(request, "error.html", 404, heading="Not found",
                message=f"There is no {what} in the archive.")


ERROR_HEADINGS = {401: "Key needed", 403: "Not allowed", 404: "Not found",
                  405: "Not allowed", 413: "Too large", 415: "Not a page", 422: "Not understood",
                  500: "Something went wrong", 503: "Busy", 504: "Too slow"}


def error_page(request: Request, status: int, message: str,
               headers: dict[str, str] | None = None) -> HTMLResponse:
    """The page a browser gets for an error on a page's path."""
    response = page(request, "error.html", status,
                    heading=ERROR_HEADINGS.get(status, "Something went wrong"), message=message)
    response.headers.update(headers or {})
    return response


def is_page(path: str) -> bool:
    """A path of the journalist's pages (everything that is not the API, its docs or health)."""
    return not path.startswith(NOT_PAGES)
