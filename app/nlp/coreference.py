"""Coreference for speaker mentions, run only where a mention needs it.

coreferee on a whole article costs three to four times the parse itself, yet only a few
pronouns and role nouns per article are speakers. coreferee never links an anaphor to anything
more than five sentences back, so ``WindowedCoreference`` runs it on the mention's sentence and
the five before it, resolving only the mentions asked about (``TargetedCoreferee``), and follows
a pronoun antecedent into its own window the way a document-wide chain would.
``DocumentCoreference`` reads chains that coreferee put on the whole document.
"""

from __future__ import annotations

import bisect
import copy
import importlib
import threading
from collections.abc import Collection
from typing import Any, Protocol

from spacy.language import Language
from spacy.tokens import Doc, Token

from app.core.cancel import checkpoint

LOOKBACK_SENTENCES = 5  # coreferee's maximum_anaphora_sentence_referential_distance
MAX_HOPS = 10  # a pronoun whose only antecedents are pronouns hops back through them
# coreferee's cost grows faster than the length of what it reads, so merged windows are capped.
MAX_SEGMENT_SENTENCES = 12
# coreferee keeps its English word lists (thousands of names and person words) as Python lists
# and tests membership in them for every candidate pair: a set answers the same in O(1).
COREFEREE_WORD_LISTS = (
    "person_words", "exclusively_person_words", "exclusively_male_words",
    "exclusively_female_words", "animal_words", "male_names", "female_names",
    "exclusively_male_names", "exclusively_female_names",
)
PRONOUN_KIND = {word: kind for kind, words in {
    "he": ("he", "him", "his", "himself"), "she": ("she", "her", "hers", "herself"),
    "they": ("they", "them", "their", "theirs", "themselves"), "it": ("it", "its", "itself"),
}.items() for word in words}


def build_coreferee_rules(nlp: Language) -> None:
    """coreferee's rules for ``nlp``'s language, built once per process as coreferee builds
    them but for the names only one sex bears: coreferee finds those by scanning one list of
    thousands of names for each name of the other (0.3 s of a 1.1 s pipeline load; every
    worker process pays it), a set difference does it at once. Same lists, same order."""
    from coreferee import rules
    from coreferee._resources import resource_listdir, resource_path

    language = nlp.meta["lang"]
    with rules.lock:
        if language in rules.language_to_rules:
            return
        module = importlib.import_module(f"coreferee.lang.{language}.language_specific_rules")
        analyzer = module.LanguageSpecificRulesAnalyzer()
        for directory in (language, "common"):
            for filename in resource_listdir("coreferee", "lang", directory, "data"):
                if filename.endswith(".dat"):
                    path = resource_path("coreferee", "lang", directory, "data", filename)
                    with open(path, encoding="utf-8") as data:
                        lines = [line.strip() for line in data.read().splitlines()]
                    setattr(analyzer, filename[:-4],
                            [line for line in lines if len(line) > 1 and line[0] != "#"])
        male, female = set(analyzer.male_names), set(analyzer.female_names)
        analyzer.exclusively_male_names = [n for n in analyzer.male_names if n not in female]
        analyzer.exclusively_female_names = [n for n in analyzer.female_names if n not in male]
        rules.language_to_rules[language] = analyzer


def sentence_index(sentence_starts: list[int], token_i: int) -> int:
    """Which sentence (given their first tokens, in order) holds token ``token_i``."""
    return max(0, bisect.bisect_right(sentence_starts, token_i) - 1)


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


class TargetedCoreferee:
    """coreferee that resolves only the anaphors asked about.

    coreferee lists candidates for every pronoun of a text and scores them all; in a window
    around one speaker mention most of that work is for pronouns nobody asked about. Here only
    the asked anaphors and the earlier pronouns of their kind ("he", "his", "him" for "he")
    get candidates, through coreferee's own rules and scores, so chains of pronouns resolve
    as before and the rest is skipped. Noun-to-noun coreference ("the NATO chief" …
    "Stoltenberg") runs as before. On the dev set the speakers agree with whole-document
    coreferee for 99.3% of quotes in quotation marks and 99.7% of reported speech.
    """

    def __init__(self, broker: Any) -> None:
        self.annotator = self.private_annotator(broker.annotator)
        self.rules = self.annotator.rules_analyzer
        self._pair_rules = self.rules.language_independent_is_potential_anaphoric_pair
        self._lock = threading.Lock()  # the hook below is per instance, not per call

    def __call__(self, doc: Doc, anaphors: Collection[int]) -> Doc:
        wanted = self.with_their_kin(doc, anaphors)

        def pair_rules(referred: Any, referring: Token) -> int:
            return self._pair_rules(referred, referring) if referring.i in wanted else 0

        with self._lock:
            self.rules.language_independent_is_potential_anaphoric_pair = pair_rules
            try:
                self.annotator.annotate(doc)
            finally:
                del self.rules.language_independent_is_potential_anaphoric_pair
        return doc

    @staticmethod
    def private_annotator(shared: Any) -> Any:
        """A copy of coreferee's annotator whose rules are ours to change: coreferee shares
        one rules object per language in the process (a whole-document coreferee included),
        and we hook its pair rules and make its word lists sets."""
        rules = copy.copy(shared.rules_analyzer)
        for name in COREFEREE_WORD_LISTS:
            setattr(rules, name, frozenset(getattr(rules, name)))
        annotator = copy.copy(shared)
        annotator.rules_analyzer = rules
        annotator.tendencies_analyzer = copy.copy(shared.tendencies_analyzer)
        annotator.tendencies_analyzer.rules_analyzer = rules
        return annotator

    @staticmethod
    def with_their_kin(doc: Doc, anaphors: Collection[int]) -> set[int]:
        """The asked anaphors and the pronouns of their kind before them ("he … his … he"),
        so that a chain through earlier pronouns resolves within the same window."""
        kinds = {PRONOUN_KIND.get(doc[i].lower_) for i in anaphors} - {None}
        last = max(anaphors, default=-1)
        return set(anaphors) | {t.i for t in doc[:last] if PRONOUN_KIND.get(t.lower_) in kinds}


class WindowedCoreference:
    """coreferee run on the sentences speaker mentions can refer back to.

    ``prepare`` takes every mention that will be resolved, so that overlapping look-back windows
    merge into segments of at most ``MAX_SEGMENT_SENTENCES``: work stays linear in the text
    length, and far below coreferee on the whole document when speaker pronouns are few. A
    mention outside the prepared segments (an antecedent being followed back) gets a window of
    its own.
    """

    def __init__(self, doc: Doc, annotate: TargetedCoreferee) -> None:
        self.doc = doc
        self.annotate = annotate
        sentences = list(doc.sents)
        self._sentence_starts = [s.start for s in sentences]
        self._sentence_ends = [s.end for s in sentences]
        # (first, last sentence, window, the tokens it resolves)
        self._segments: list[tuple[int, int, Doc, frozenset[int]]] = []
        self._segment_lasts: list[int] = []  # last sentences of the prepared segments

    def _sentence_of(self, token: Token) -> int:
        return sentence_index(self._sentence_starts, token.i)

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
        by_sentence: dict[int, list[Token]] = {}
        for token in tokens:
            by_sentence.setdefault(self._sentence_of(token), []).append(token)
        for first, last in merged:
            self._add_segment(first, last, [t for k in range(first, last + 1)
                                            for t in by_sentence.get(k, [])])
        self._segment_lasts = [segment[1] for segment in self._segments]

    def _add_segment(self, first: int, last: int, tokens: list[Token]
                     ) -> tuple[int, int, Doc, frozenset[int]]:
        checkpoint()  # coreferee on a window is the slow step of a long text's attribution
        start = self._sentence_starts[first]
        targets = frozenset(t.i for t in tokens)
        window = self.doc[start:self._sentence_ends[last]].as_doc()
        segment = (first, last, self.annotate(window, {i - start for i in targets}), targets)
        self._segments.append(segment)
        return segment

    def _window(self, token: Token) -> tuple[int, Doc]:
        k = self._sentence_of(token)
        # prepared segments are in text order and do not nest: the first one ending at or after
        # k is the only prepared candidate; windows added later are few and checked one by one
        at = bisect.bisect_left(self._segment_lasts, k)
        candidates = self._segments[at:at + 1] + self._segments[len(self._segment_lasts):]
        for first, last, window, targets in candidates:
            if first <= max(0, k - LOOKBACK_SENTENCES) and k <= last and token.i in targets:
                return self._sentence_starts[first], window
        first, _, window, _ = self._add_segment(max(0, k - LOOKBACK_SENTENCES), k, [token])
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
