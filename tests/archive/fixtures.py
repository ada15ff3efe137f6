"""The archive suite runs on SQLite and on PostgreSQL. PostgreSQL: the server at
``QUOTETRACE_TEST_DATABASE_URL``, else a throwaway one started here when PostgreSQL is
installed; without either the PostgreSQL runs are skipped, unless ``QUOTETRACE_REQUIRE_POSTGRES``
is set (as ``.ci/run`` sets it), when they fail."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator

import pytest
from archive.throwaway_postgres import binaries, postgres_server
from sqlalchemy import create_engine, text

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
