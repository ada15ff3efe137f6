"""The archive suite runs on SQLite and on PostgreSQL. PostgreSQL: the server at
``QUOTETRACE_TEST_DATABASE_URL``, else a throwaway one started here when PostgreSQL is
installed; without either the PostgreSQL runs are skipped, unless ``QUOTETRACE_REQUIRE_POSTGRES``
is set (as ``.ci/run`` sets it), when they fail."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from throwaway_postgres import binaries, postgres_server

from app.archive.database import Database
from app.archive.store import Archive

_databases = itertools.count()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    given = os.environ.get("QUOTETRACE_TEST_DATABASE_URL")
    if given:
        yield given
        return
    if binaries() is None:
        message = "PostgreSQL is not installed (apt-get install -y postgresql)"
        if os.environ.get("QUOTETRACE_REQUIRE_POSTGRES"):
            pytest.fail(message)
        pytest.skip(message)
    with postgres_server() as url:
        yield url


def fresh_postgres_database(server_url: str) -> str:
    """A new empty database on the server, for one test."""
    name = f"archive_test_{os.getpid()}_{next(_databases)}"
    engine = create_engine(server_url.replace("postgresql://", "postgresql+psycopg://"),
                           isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return server_url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'archive.sqlite3'}"
    return fresh_postgres_database(request.getfixturevalue("postgres_url"))


@pytest.fixture
def archive(database_url) -> Iterator[Archive]:
    database = Database(database_url)
    yield Archive(database)
    database.close()


def analysis(*quotes: tuple[str, str, str | None], titles: dict[str, list[str]] | None = None,
             label: str = "PERSON") -> dict:
    """An analysis as the pipeline returns it, written by hand: quotes as ``(text, type,
    speaker name)``; each distinct name one speaker of the article."""
    names = list(dict.fromkeys(name for _, _, name in quotes if name))
    speakers = [{"id": f"s{n}", "name": name, "label": label,
                 "titles": (titles or {}).get(name, []), "mentions": [], "quote_ids": []}
                for n, name in enumerate(names, start=1)]
    by_name = {s["name"]: s for s in speakers}
    found, offset = [], 0
    for n, (words, kind, name) in enumerate(quotes, start=1):
        quote_id = f"q{n}"
        speaker = by_name.get(name)
        if speaker is not None:
            speaker["quote_ids"].append(quote_id)
        found.append({
            "id": quote_id, "text": words, "start": offset, "end": offset + len(words),
            "type": kind, "group": quote_id,
            "speaker": None if speaker is None else {
                "id": speaker["id"], "name": name, "resolved_by": "explicit",
                "mention": {"text": name, "start": 0, "end": len(name)}},
            "cue": {"text": "said", "start": 0, "end": 4},
            "sentence": {"text": words, "start": offset, "end": offset + len(words)},
            "confidence": 0.9, "rule": {"kind": None, "cue": [], "speaker": []}})
        offset += len(words) + 1
    return {"quotes": found, "speakers": speakers}
