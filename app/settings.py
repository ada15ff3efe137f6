"""Service settings, read from the environment (prefix ``QUOTETRACE_``)."""

from __future__ import annotations

from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="QUOTETRACE_")

    max_text_chars: int = 1_000_000
    """Longest article accepted, in characters (413 above it)."""
    max_batch_size: int = 256
    """Most articles accepted in one batch request."""
    batch_size: int = 16
    """Documents per ``nlp.pipe`` batch."""
    log_level: str = "INFO"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
