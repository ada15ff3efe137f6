"""The archive's database: SQLite in ``QUOTETRACE_DATA_DIR`` by default (one file, WAL,
nothing to install), PostgreSQL through ``QUOTETRACE_DATABASE_URL``. Migrations run when the
archive opens; writes to the archive go one at a time."""

from __future__ import annotations

import fcntl
import logging
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

from app.core.settings import Settings

SQLITE_FILE = "archive.sqlite3"
# any number, the same in every worker: PostgreSQL's lock for migrations and for writes
MIGRATION_LOCK, WRITE_LOCK = 7_150_001, 7_150_002


def database_url(settings: Settings) -> str:
    """The configured URL, or the SQLite file in the data folder (made when missing)."""
    if settings.database_url:
        return settings.database_url
    folder = Path(settings.data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / SQLITE_FILE}"


def make_engine(url: str) -> Engine:
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    # SQLite: its own BEGIN, so that a write transaction can take the lock first (IMMEDIATE)
    engine = create_engine(url, connect_args={"timeout": 60, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # secure_delete: what a delete frees is overwritten with zeros, not left in the file
        for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=NORMAL",
                       "busy_timeout=60000", "secure_delete=ON"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:
        connection.exec_driver_sql(connection.info.pop("begin", "BEGIN"))

    return engine


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location",
                           str(resources.files("app.archive").joinpath("migrations")))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (by default the newest); several workers opening one
    PostgreSQL archive at once take turns."""
    config = alembic_config()
    logging.getLogger("alembic").setLevel(logging.WARNING)  # not a line per migration step
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            # the write lock before reading the version: two processes opening a new archive
            # at once take turns instead of deadlocking
            connection.info["begin"] = "BEGIN IMMEDIATE"
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
            connection.commit()
        try:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            connection.commit()
        finally:
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_unlock(:key)"),
                                   {"key": MIGRATION_LOCK})
                connection.commit()


def opening_alone(engine: Engine) -> AbstractContextManager[object]:
    """For a SQLite file, one process at a time past this point (a lock file beside it): a new
    file's first connections switch it to WAL, which fails at once rather than waiting when
    another process is doing the same, and two processes must not both migrate it (batch
    workers and server workers open one archive at the same moment)."""
    path = engine.url.database
    if engine.dialect.name != "sqlite" or not path or path == ":memory:":
        return nullcontext()
    return _file_lock(Path(f"{path}.lock"))


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    with path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


class Database:
    """An engine with sessions: ``read()`` for queries, ``write()`` for one transaction that
    changes the archive. Writes are serialised (SQLite's IMMEDIATE lock, a PostgreSQL advisory
    lock), so two workers storing articles that share a new speaker or quote cannot both
    create it; writes are short (the analysis happens before), so taking turns costs little."""

    def __init__(self, url: str, migrate: bool = True) -> None:
        self.engine = make_engine(url)
        self.dialect = self.engine.dialect.name
        if migrate:
            with opening_alone(self.engine):
                upgrade(self.engine)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.sessions() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        with self.engine.connect() as connection:
            if self.dialect == "sqlite":
                connection.info["begin"] = "BEGIN IMMEDIATE"  # the write lock, at once
            with connection.begin():
                if self.dialect == "postgresql":
                    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                                       {"key": WRITE_LOCK})
                with Session(bind=connection, expire_on_commit=False) as session:
                    yield session
                    session.flush()

    def checkpoint(self) -> None:
        """SQLite: copy the write-ahead log into the file and empty it, so that nothing it
        held of a deleted article stays on disk (it holds whole pages until then)."""
        if self.dialect == "sqlite":
            with self.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        self.checkpoint()
        self.engine.dispose()
