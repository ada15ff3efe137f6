"""What a caller may ask of one analysis, defined once for the API, the CLI and the component."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.core.normalise import InvalidText
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


def quote_types(names: Iterable[str] | str | None) -> frozenset[QuoteType]:
    """Quote types from names (a list, or a comma list as in a query string or on a command
    line); None or nothing means all of them."""
    if isinstance(names, str):
        names = [n for n in (part.strip() for part in names.split(",")) if n]
    if not names:
        return ALL_TYPES
    known = {t.value for t in QuoteType}
    unknown = sorted(set(names) - known)
    if unknown:
        raise InvalidText(f"unknown quote type(s) {', '.join(unknown)}; "
                          f"choose from {', '.join(sorted(known))}")
    return frozenset(QuoteType(n) for n in names)


def options_from(include_scare_quotes: bool, types: Iterable[str] | str | None = None,
                 learned_reports: bool = True) -> Options:
    """Attribution options from what a request or a command line asked for."""
    return Options(include_scare_quotes=include_scare_quotes, types=quote_types(types),
                   learned_reports=learned_reports)
