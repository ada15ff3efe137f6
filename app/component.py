"""The ``quotetrace`` spaCy component: fills ``doc._.quotes`` and ``doc._.speakers``."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from app.attribution import Options, attribute_quotes
from app.lexicon import load_lexicon
from app.results import Attributions


def register_extensions() -> None:
    for name in ("quotes", "speakers"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


class QuoteTrace:
    """Runs quote finding and attribution on each parsed document."""

    def __init__(self, include_scare_quotes: bool, max_scare_words: int) -> None:
        register_extensions()
        self.options = Options(include_scare_quotes=include_scare_quotes,
                               max_scare_words=max_scare_words)
        self.lexicon = load_lexicon()

    def __call__(self, doc: Doc) -> Doc:
        result = self.analyse(doc, self.options)
        doc._.quotes = result.quotes
        doc._.speakers = result.speakers
        return doc

    def analyse(self, doc: Doc, options: Options) -> Attributions:
        """Attribution with other options on an already parsed document (cheap: no NLP)."""
        return attribute_quotes(doc, self.lexicon, options)


@Language.factory(
    "quotetrace",
    default_config={"include_scare_quotes": False, "max_scare_words": 4},
    requires=["token.dep", "token.lemma", "doc.ents", "doc.sents"],
    assigns=["doc._.quotes", "doc._.speakers"],
)
def make_quotetrace(nlp: Language, name: str, include_scare_quotes: bool,
                    max_scare_words: int) -> QuoteTrace:
    return QuoteTrace(include_scare_quotes, max_scare_words)
