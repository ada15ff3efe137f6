"""Articles as a client sends them (text or an HTML page) analysed together, each with its own
result or its own error: what the API's routes, the pages and the stream share."""

from __future__ import annotations

from typing import NamedTuple

from spacy.language import Language

from app.core.options import Options
from app.core.settings import Settings
from app.service.extract import Failed, extract_each
from app.service.limits import AnalysisFailed, check_text_size
from app.service.pages import main_text


class SentArticle(NamedTuple):
    """One article as sent: its id (None: the client gave none), its text or its HTML page."""

    id: str | None
    text: str | None
    html: str | None


def analyse_batch(nlp: Language, articles: list[SentArticle], options: Options,
                  batch_size: int, settings: Settings) -> list[dict]:
    """Each article's result (with its id, when it has one); an HTML page's main text is taken
    first, and comes back as ``text``, which the offsets index."""
    pages: dict[int, str] = {}
    for n, article in enumerate(articles):
        if article.html is not None:
            pages[n] = main_text(article.html).text
            check_text_size(pages[n], settings)
    items = [(pages.get(n, article.text), n) for n, article in enumerate(articles)]
    results = []
    for result, n in extract_each(items, options, batch_size, nlp):
        article_id = articles[n].id
        with_id = {"id": article_id} if article_id is not None else {}
        if isinstance(result, Failed):  # that article's error, not the batch's
            results.append({**with_id, "error": result.message})
            continue
        results.append({**with_id, **result, **({"text": pages[n]} if n in pages else {})})
    return results


def analyse_one(nlp: Language, article: SentArticle, options: Options,
                settings: Settings) -> dict:
    """One article's result (``analyse_batch``); ``AnalysisFailed`` if its analysis raised."""
    (result,) = analyse_batch(nlp, [article], options, 1, settings)
    if "error" in result:
        raise AnalysisFailed(result["error"])
    return result
