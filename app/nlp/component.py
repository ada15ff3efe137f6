"""The ``quotetrace`` spaCy component: fills ``doc._.quotes`` and ``doc._.speakers``.

Both hold plain JSON-ready dicts, the same records the API returns, so documents can be
serialised (``nlp.pipe(n_process=…)``, ``DocBin``) with their results.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from app.core.lexicon import load_lexicon
from app.core.results import Attributions
from app.nlp.attribution import Options, attribute_quotes
from app.nlp.coreference import (
    Coreference,
    DocumentCoreference,
    NoCoreference,
    TargetedCoreferee,
    WindowedCoreference,
)
from app.nlp.parsing import is_piece, register_piece_flag
from app.nlp.reported_model import ReportModel, load_report_model

COREFERENCE_MODES = ("window", "document", "none")


def register_extensions() -> None:
    for name in ("quotes", "speakers"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


class QuoteTrace:
    """Runs quote finding and attribution on each parsed document.

    ``coreference``: "window" runs coreferee only on the sentences around speaker mentions that
    need it (the default, several times faster); "document" reads chains from a ``coreferee``
    component earlier in the pipeline; "none" resolves pronouns by recency alone.
    """

    def __init__(self, nlp: Language, coreference: str, include_scare_quotes: bool,
                 max_scare_words: int, learned_reports: bool = True) -> None:
        if coreference not in COREFERENCE_MODES:
            raise ValueError(f"coreference must be one of {COREFERENCE_MODES}, not {coreference!r}")
        register_extensions()
        register_piece_flag()
        self.mode = coreference
        self.coreferee = (TargetedCoreferee(nlp.create_pipe("coreferee"))
                          if coreference == "window" else None)
        self.options = Options(include_scare_quotes=include_scare_quotes,
                               max_scare_words=max_scare_words)
        self.lexicon = load_lexicon()
        self.report_model: ReportModel | None = load_report_model() if learned_reports else None

    def __call__(self, doc: Doc) -> Doc:
        if is_piece(doc):  # a piece of a long text (app.nlp.parsing): wait for the joined document
            return doc
        result = self.analyse(doc, self.options).to_dict()
        doc._.quotes = result["quotes"]
        doc._.speakers = result["speakers"]
        return doc

    def coreference_for(self, doc: Doc) -> Coreference:
        if self.coreferee is not None:
            return WindowedCoreference(doc, self.coreferee)
        if self.mode == "document":
            return DocumentCoreference(doc)
        return NoCoreference()

    def analyse(self, doc: Doc, options: Options) -> Attributions:
        """Attribution with other options on an already parsed document (cheap: no parsing)."""
        return attribute_quotes(doc, self.lexicon, options, self.coreference_for(doc),
                                self.report_model)


@Language.factory(
    "quotetrace",
    default_config={"coreference": "window", "include_scare_quotes": False,
                    "max_scare_words": 4, "learned_reports": True},
    requires=["token.dep", "token.lemma", "doc.ents", "doc.sents"],
    assigns=["doc._.quotes", "doc._.speakers"],
)
def make_quotetrace(nlp: Language, name: str, coreference: str, include_scare_quotes: bool,
                    max_scare_words: int, learned_reports: bool) -> QuoteTrace:
    return QuoteTrace(nlp, coreference, include_scare_quotes, max_scare_words, learned_reports)
