"""Tokenizer adjustments. A guard: spaCy's tokenizer is quadratic in the length of a run without
white space (a 1 MB line of letters, 200,000 quote marks in a row), so such runs are cut into
fixed-size tokens before the ordinary tokenizer sees the rest. And quotation marks glued to the
next word (`me,”Clinton said`, common in scraped copy) are split off, or the closing mark, the
name and the comma become one token. And a name with a typographic apostrophe ("D’Souza") shows
the tagger and the recogniser what the straight one shows ("D'Souza"), the form they were
trained on. The text, and so every offset, stays as sent.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex
from spacy.vocab import Vocab

# punctuation glued between a word and a quotation mark, and the mark glued to the next word
GLUED_QUOTE_MARKS = (r'(?<=\w)[,.!?:;](?=[“”"]\w)', r'(?<=[,.!?:;])[“”"](?=\w)')
LONG_RUN = re.compile(r"\S{200,}")
CHUNK = 50
# the apostrophe after a name's first letter or two ("D’Souza", "O’Malley", "De’Andre"); not a
# clitic's ("’s", "n’t": straightening those too moved reported speech on dev, cross-validated
# end-to-end F1 0.631 -> 0.630) nor a quotation mark's
APOSTROPHE_IN_NAME = re.compile(r"^([A-Z][a-z]?)[\u2019\u2018](?=[A-Z])")


def split_glued_quote_marks(nlp: Language) -> None:
    """Add the GLUED_QUOTE_MARKS infixes to ``nlp``'s tokenizer."""
    infixes = [*nlp.Defaults.infixes, *GLUED_QUOTE_MARKS]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


@Language.component("straight_apostrophes")
def straight_apostrophes(doc: Doc) -> Doc:
    """Give every name with a typographic apostrophe the features (norm, shape, prefix, suffix:
    what the small model's embedding reads) of its straight form: spaCy's small model tags
    "D’Souza" a common noun and misses "Dinesh D’Souza", and finds "Dinesh D'Souza". The
    words' text is untouched."""
    for token in doc:
        straight = APOSTROPHE_IN_NAME.sub(r"\1'", token.text)
        if straight != token.text:
            _take_features(doc.vocab, token.text, straight)
    return doc


def _take_features(vocab: Vocab, word: str, model: str) -> None:
    lexeme, features = vocab[word], vocab[model]
    lexeme.norm_, lexeme.shape_ = features.norm_, features.shape_
    lexeme.prefix_, lexeme.suffix_ = features.prefix_, features.suffix_


class LongRunSafeTokenizer:
    """Wraps a spaCy tokenizer; texts without long runs go straight through to it."""

    def __init__(self, tokenizer) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        runs = list(LONG_RUN.finditer(text))
        if not runs:
            return self.tokenizer(text)
        words: list[str] = []
        spaces: list[bool] = []
        last = 0
        for run in runs:
            self._add(self.tokenizer(text[last:run.start()]), words, spaces)
            for pos in range(run.start(), run.end(), CHUNK):
                words.append(text[pos:min(pos + CHUNK, run.end())])
                spaces.append(False)
            last = run.end()
        self._add(self.tokenizer(text[last:]), words, spaces)
        return Doc(self.tokenizer.vocab, words=words, spaces=spaces)

    @staticmethod
    def _add(doc: Doc, words: list[str], spaces: list[bool]) -> None:
        for token in doc:
            words.append(token.text)
            spaces.append(bool(token.whitespace_))

    def to_bytes(self, **kwargs) -> bytes:
        return self.tokenizer.to_bytes(**kwargs)

    def from_bytes(self, data: bytes, **kwargs) -> LongRunSafeTokenizer:
        self.tokenizer.from_bytes(data, **kwargs)
        return self

    def to_disk(self, path, **kwargs) -> None:
        self.tokenizer.to_disk(path, **kwargs)

    def from_disk(self, path, **kwargs) -> LongRunSafeTokenizer:
        self.tokenizer.from_disk(path, **kwargs)
        return self
