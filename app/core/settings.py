"""Service settings, read from the environment (prefix ``QUOTETRACE_``; lists as JSON)."""

from __future__ import annotations

from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="QUOTETRACE_")

    max_text_chars: int = 200_000
    """Longest article accepted, in characters (413 above it). 200,000 characters (some 33,000
    words, a long report) take about 10 s on one core, well inside the time limit."""
    max_batch_size: int = 256
    """Most articles accepted in one batch request (413 above it)."""
    max_batch_bytes: int = 16_000_000
    """Largest batch request body, in bytes once decoded (413 above it)."""
    batch_size: int = 4
    """Documents per ``nlp.pipe`` batch in a worker. 4 is as fast as 16 over HTTP and keeps a
    batch request's peak memory some 80 MB lower (spaCy holds a whole batch's activations)."""
    request_timeout_s: float = 60.0
    """Longest an analysis may take before the request gets a 504; the analysis is stopped
    then, and the worker serves the next request."""
    queue_timeout_s: float = 30.0
    """Longest a request waits for an analysis slot before it gets a 503 with Retry-After."""
    body_timeout_s: float = 30.0
    """Longest a client may pause while sending a body before it gets a 408."""
    header_timeout_s: float = 10.0
    """Longest a request's headers may take to arrive before the connection is closed."""
    max_concurrent: int = 1
    """Analyses one worker runs at once (the NLP is CPU-bound: add workers, not threads)."""
    max_queue: int = 8
    """Requests that may wait for a slot; more get 503 with Retry-After instead of queueing."""
    retry_after_s: int = 2
    """What the Retry-After header of a 503 says."""
    api_keys: list[str] = []
    """Keys accepted in X-API-Key; empty (the default) means no key is needed."""
    read_only_keys: list[str] = []
    """Keys that may analyse and read the archive but not store or delete articles (with keys
    set, the others in ``api_keys`` may)."""
    archive: bool = True
    """Serve the archive (store, search, speakers, verify); false: the stateless API only."""
    ui: bool = True
    """Serve the journalist's pages at ``/`` (false: the API only)."""
    data_dir: str = "quotetrace-data"
    """Where the embedded archive keeps its SQLite file."""
    database_url: str | None = None
    """The archive's database (``postgresql://…``); unset: SQLite in ``data_dir``."""
    cors_origins: list[str] = []
    """Origins allowed to call the API from a browser; empty means no CORS headers."""
    debug_logging: bool = False
    """Log debug details locally; never on in production (still never logs article text)."""


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
