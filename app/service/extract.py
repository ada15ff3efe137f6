"""What the API and the CLI share: run the pipeline on texts and turn results into JSON data."""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from typing import Any, TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from app.core.cancel import Cancelled
from app.core.normalise import Normalised, check_text, map_back, normalise
from app.core.options import Options
from app.nlp.parsing import parse_texts
from app.nlp.pipeline import get_pipeline

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
                 batch_size: int = 16) -> Iterator[tuple[dict[str, Any], T]]:
    """Quotes and speakers of many ``(text, context)`` pairs, streamed in order through
    ``nlp.pipe`` batches (``parse_texts``); the context (an article id, say) comes back with
    each result. Callers check each text first (``check_text``)."""
    options = options or Options()
    pending: deque[Normalised] = deque()  # parse_texts answers in order: pair them up again

    def inputs() -> Iterator[tuple[str, T]]:
        for text, context in items:
            pending.append(normalise(text))
            yield pending[-1].text, context

    with nlp.memory_zone():
        for doc, context in parse_texts(nlp, inputs(), batch_size):
            yield map_back(attributions_of(nlp, doc, options), pending.popleft()), context


@dataclass(frozen=True)
class Failed:
    """An article whose analysis raised: the kind of error, never the text."""

    reason: str

    @property
    def message(self) -> str:
        """What every interface says of it."""
        return f"analysis failed ({self.reason})"


def extract_articles(items: Iterable[tuple[str, T]], options: Options | None = None,
                     batch_size: int = 16, processes: int = 1
                     ) -> Iterator[tuple[dict[str, Any] | Failed, T]]:
    """Quotes and speakers of many articles, in order, with the process's pipeline: each a
    result or ``Failed``, so one article whose analysis raises is reported, not the end of the
    run. With ``processes`` > 1, chunks of ``batch_size`` articles go to worker processes
    forked once the pipeline is loaded, a few chunks ahead; a worker that dies ends the run
    with an error. (spaCy's own ``n_process`` hangs when a worker raises on a long text: the
    other workers block sending to the closed parent.)"""
    get_pipeline()  # before the fork: the workers share it
    remaining = iter(items)
    chunks = iter(lambda: list(islice(remaining, batch_size)), [])
    if processes == 1:
        for chunk in chunks:
            yield from extract_each(chunk, options, batch_size)
        return
    with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork")) as pool:
        ahead: deque[Future] = deque()
        for chunk in chunks:
            ahead.append(pool.submit(extract_each, chunk, options, batch_size))
            if len(ahead) > 2 * processes:
                yield from ahead.popleft().result()
        while ahead:
            yield from ahead.popleft().result()


def extract_each(chunk: list[tuple[str, T]], options: Options | None = None,
                 batch_size: int = 16, nlp: Language | None = None
                 ) -> list[tuple[dict[str, Any] | Failed, T]]:
    """A few articles through ``extract_many`` (with the process's pipeline unless given); if
    one of them raises, each again on its own, so only that one comes back ``Failed``. A
    cancelled analysis (over its time limit) is raised, not retried."""
    nlp = nlp or get_pipeline()
    try:
        return list(extract_many(nlp, chunk, options, batch_size))
    except Cancelled:
        raise
    except Exception:  # noqa: BLE001 (one article failed: keep the others)
        return [_extract_or_fail(nlp, text, context, options) for text, context in chunk]


def _extract_or_fail(nlp: Language, text: str, context: T, options: Options | None
                     ) -> tuple[dict[str, Any] | Failed, T]:
    try:
        return extract(nlp, text, options), context
    except Cancelled:
        raise
    except Exception as error:  # noqa: BLE001 (reported by the caller, the run goes on)
        return Failed(type(error).__name__), context
