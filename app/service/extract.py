"""What the API and the CLI share: run the pipeline on texts and turn results into JSON data."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from app.core.normalise import Normalised, check_text, map_back, normalise
from app.core.options import Options
from app.nlp.parsing import parse_texts

T = TypeVar("T")


def attributions_of(nlp: Language, doc: Doc, options: Options) -> dict[str, Any]:
    """The document's quotes and speakers under ``options`` as JSON-ready data (re-run
    cheaply, without parsing again, if the options differ from the component's own)."""
    component = nlp.get_pipe("quotetrace")
    if options == component.options:
        return {"quotes": doc._.quotes, "speakers": doc._.speakers}
    return component.analyse(doc, options).to_dict()


def extract(nlp: Language, text: str, options: Options | None = None) -> dict[str, Any]:
    """Quotes and speakers of one text (a long one parsed in pieces: ``parse_texts``). The
    strings spaCy learns from it are dropped after it (a memory zone), so a long-running service
    does not grow with every new word. Line endings and invisible characters are evened out
    first (``app.core.normalise``); offsets index the text as sent."""
    check_text(text)
    normalised = normalise(text)
    with nlp.memory_zone():
        # one piece at a time, so a cancelled analysis stops within one piece
        ((doc, _),) = parse_texts(nlp, [(normalised.text, None)], batch_size=1)
        return map_back(attributions_of(nlp, doc, options or Options()), normalised)


def extract_many(nlp: Language, items: Iterable[tuple[str, T]], options: Options | None = None,
                 batch_size: int = 16, processes: int = 1) -> Iterator[tuple[dict[str, Any], T]]:
    """Quotes and speakers of many ``(text, context)`` pairs, streamed in order through
    ``nlp.pipe`` batches (``parse_texts``, in ``processes`` worker processes); the context (an
    article id, say) comes back with each result. Callers check each text first (``check_text``)."""
    options = options or Options()
    pending: deque[Normalised] = deque()  # parse_texts answers in order: pair them up again

    def inputs() -> Iterator[tuple[str, T]]:
        for text, context in items:
            pending.append(normalise(text))
            yield pending[-1].text, context

    with nlp.memory_zone():
        for doc, context in parse_texts(nlp, inputs(), batch_size, processes):
            yield map_back(attributions_of(nlp, doc, options), pending.popleft()), context
