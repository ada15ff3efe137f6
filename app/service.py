"""What the API and the CLI share: run the pipeline on texts and turn results into JSON data."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from enum import Enum
from typing import Any, TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from app.attribution import Options
from app.results import Attributions

T = TypeVar("T")


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def to_payload(result: Attributions) -> dict[str, Any]:
    """The JSON-ready form of one document's quotes and speakers."""
    return _plain(dataclasses.asdict(result))


def attributions_of(nlp: Language, doc: Doc, options: Options) -> Attributions:
    """The document's attributions under ``options`` (re-run cheaply if they differ from the
    component's own configuration)."""
    component = nlp.get_pipe("quotetrace")
    if options == component.options:
        return Attributions(doc._.quotes, doc._.speakers)
    return component.analyse(doc, options)


def extract(nlp: Language, text: str, options: Options | None = None) -> dict[str, Any]:
    """Quotes and speakers of one text."""
    return to_payload(attributions_of(nlp, nlp(text), options or Options()))


def extract_many(nlp: Language, items: Iterable[tuple[str, T]], options: Options | None = None,
                 batch_size: int = 16) -> Iterator[tuple[dict[str, Any], T]]:
    """Quotes and speakers of many ``(text, context)`` pairs, streamed in order through
    ``nlp.pipe`` batches; the context (an article id, say) comes back with each result."""
    options = options or Options()
    for doc, context in nlp.pipe(items, batch_size=batch_size, as_tuples=True):
        yield to_payload(attributions_of(nlp, doc, options)), context
