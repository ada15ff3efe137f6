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
# coreferee's cost grows faster than the length of what it reads, so merged windows are capped.
MAX_SEGMENT_SENTENCES = 12


class Coreference(Protocol):
    def prepare(self, tokens: list[Token]) -> None:
        """Learn up front which mentions will be resolved (lets work be shared)."""
    def resolve(self, token: Token) -> list[Token]:
        """The most specific mention(s) a token refers to, or [] when unknown."""

    def chain_tokens(self, token: Token) -> list[Token]:
        """Every token heading a mention in a chain the token belongs to."""


class NoCoreference:
    def prepare(self, tokens: list[Token]) -> None:
        pass

    def resolve(self, token: Token) -> list[Token]:
        return []

    def chain_tokens(self, token: Token) -> list[Token]:
        return []


class DocumentCoreference:
    """Chains coreferee computed on the whole document (coreferee in the pipeline)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc

    def prepare(self, tokens: list[Token]) -> None:
        pass

    def resolve(self, token: Token) -> list[Token]:
        chains = self.doc._.coref_chains
        return list(chains.resolve(token) or []) if chains is not None else []

    def chain_tokens(self, token: Token) -> list[Token]:
        return [self.doc[i] for chain in token._.coref_chains or [] for mention in chain
                for i in mention.token_indexes]


class WindowedCoreference:
    """coreferee run on the sentences speaker mentions can refer back to.

    ``prepare`` takes every mention that will be resolved, so that overlapping look-back windows
    merge into segments of at most ``MAX_SEGMENT_SENTENCES``: work stays linear in the text
    length, and far below coreferee on the whole document when speaker pronouns are few. A
    mention outside the prepared segments (an antecedent being followed back) gets a window of
    its own.
    """

    def __init__(self, doc: Doc, annotate: Callable[[Doc], Doc]) -> None:
        self.doc = doc
        self.annotate = annotate
        sentences = list(doc.sents)
        self._sentence_starts = [s.start for s in sentences]
        self._sentence_ends = [s.end for s in sentences]
        self._segments: list[tuple[int, int, Doc]] = []  # (first, last sentence, window)
        self._segment_lasts: list[int] = []  # last sentences of the prepared segments

    def _sentence_of(self, token: Token) -> int:
        return max(0, bisect.bisect_right(self._sentence_starts, token.i) - 1)

    def prepare(self, tokens: list[Token]) -> None:
        """Analyse, in as few merged segments as possible, the windows of these mentions."""
        ranges = sorted({(max(0, k - LOOKBACK_SENTENCES), k)
                         for k in map(self._sentence_of, tokens)})
        merged: list[list[int]] = []
        for first, last in ranges:
            if (merged and first <= merged[-1][1] + 1
                    and last - merged[-1][0] < MAX_SEGMENT_SENTENCES):
                merged[-1][1] = max(merged[-1][1], last)
            else:
                merged.append([first, last])
        for first, last in merged:
            self._add_segment(first, last)
        self._segment_lasts = [last for _, last, _ in self._segments]

    def _add_segment(self, first: int, last: int) -> tuple[int, int, Doc]:
        span = self.doc[self._sentence_starts[first]:self._sentence_ends[last]]
        segment = (first, last, self.annotate(span.as_doc()))
        self._segments.append(segment)
        return segment

    def _window(self, token: Token) -> tuple[int, Doc]:
        k = self._sentence_of(token)
        # prepared segments are in text order and do not nest: the first one ending at or after
        # k is the only prepared candidate; windows added later are few and checked one by one
        at = bisect.bisect_left(self._segment_lasts, k)
        candidates = self._segments[at:at + 1] + self._segments[len(self._segment_lasts):]
        for first, last, window in candidates:
            if first <= max(0, k - LOOKBACK_SENTENCES) and k <= last:
                return self._sentence_starts[first], window
        first, _, window = self._add_segment(max(0, k - LOOKBACK_SENTENCES), k)
        return self._sentence_starts[first], window

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
