"""Posting a page's form as a browser on the site does: with the token its cookie holds."""

from __future__ import annotations

from fastapi.testclient import TestClient

from app.web.rendering import CSRF_COOKIE, CSRF_FIELD


def post_form(client: TestClient, path: str, data: dict | None = None, **kwargs):
    if CSRF_COOKIE not in client.cookies:
        client.get("/login")  # any page sets the token's cookie
    return client.post(path, data={**(data or {}), CSRF_FIELD: client.cookies[CSRF_COOKIE]},
                       **kwargs)
