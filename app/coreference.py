"""Coreference for speaker mentions, run only where a mention needs it.

coreferee on a whole article costs three to four times the parse itself, yet only a few
pronouns and role nouns per article are speakers. coreferee never links an anaphor to anything
more than five sentences back, so ``WindowedCoreference`` runs it on the mention's sentence and
the five before it, and follows a pronoun antecedent into its own window the way a document-wide
chain would. ``DocumentCoreference`` reads chains that coreferee put on the whole document.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import Protocol

from spacy.tokens import Doc, Token

LOOKBACK_SENTENCES = 5  # coreferee's maximum_anaphora_sentence_referential_distance
MAX_HOPS = 3


class Coreference(Protocol):
    def resolve(self, token: Token) -> list[Token]:
        """The most specific mention(s) a token refers to, or [] when unknown."""

    def chain_tokens(self, token: Token) -> list[Token]:
        """Every token heading a mention in a chain the token belongs to."""


class NoCoreference:
    def resolve(self, token: Token) -> list[Token]:
        return []

    def chain_tokens(self, token: Token) -> list[Token]:
        return []


class DocumentCoreference:
    """Chains coreferee computed on the whole document (coreferee in the pipeline)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc

    def resolve(self, token: Token) -> list[Token]:
        chains = self.doc._.coref_chains
        return list(chains.resolve(token) or []) if chains is not None else []

    def chain_tokens(self, token: Token) -> list[Token]:
        return [self.doc[i] for chain in token._.coref_chains or [] for mention in chain
                for i in mention.token_indexes]


class WindowedCoreference:
    """coreferee run on the sentences a mention can refer back to, per mention, cached."""

    def __init__(self, doc: Doc, annotate: Callable[[Doc], Doc]) -> None:
        self.doc = doc
        self.annotate = annotate
        self._sentence_starts = [s.start for s in doc.sents]
        self._windows: dict[tuple[int, int], Doc] = {}

    def _window(self, token: Token) -> tuple[int, Doc]:
        k = max(0, bisect.bisect_right(self._sentence_starts, token.i) - 1)
        start = self._sentence_starts[max(0, k - LOOKBACK_SENTENCES)]
        end = token.sent.end
        key = (start, end)
        if key not in self._windows:
            self._windows[key] = self.annotate(self.doc[start:end].as_doc())
        return start, self._windows[key]

    def resolve(self, token: Token) -> list[Token]:
        for _ in range(MAX_HOPS):
            start, window = self._window(token)
            chains = window._.coref_chains
            found = chains.resolve(window[token.i - start]) if chains is not None else None
            if not found:
                return []
            resolved = [self.doc[t.i + start] for t in found]
            if not all(t.pos_ == "PRON" for t in resolved) or resolved[0].i >= token.i:
                return resolved
            token = resolved[0]  # a pronoun antecedent: follow it back into its own window
        return []

    def chain_tokens(self, token: Token) -> list[Token]:
        start, window = self._window(token)
        local = window[token.i - start]
        return [self.doc[i + start] for chain in local._.coref_chains or [] for mention in chain
                for i in mention.token_indexes]

