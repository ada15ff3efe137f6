"""What a caller may ask of one analysis, defined once for the API, the CLI and the component."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.results import QuoteType

ALL_TYPES = frozenset(QuoteType)
QUOTE_TYPE_NAMES = tuple(t.value for t in QuoteType)


@dataclass(frozen=True)
class Options:
    """What a caller may ask for per request."""

    include_scare_quotes: bool = False
    max_scare_words: int = 4
    types: frozenset[QuoteType] = ALL_TYPES
    learned_reports: bool = True  # reported speech from the learned pass too
