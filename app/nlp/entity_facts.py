"""What an article shows of each of its entities, read once per document and only as far as
a question asks: what each is (``app.nlp.mentions.EntityKind``), where it is named outside
quotation marks and where as a subject, where it speaks, which people it names most, the
pronouns the article gives each, and what it describes each with."""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Sequence
from functools import cached_property

from spacy.tokens import Token

from app.nlp.document import QuoteDoc
from app.nlp.gender import PersonWords
from app.nlp.mentions import EntityKind, entity_kind, pronoun_gender
from app.nlp.people import role_words
from app.nlp.salience import Salience
from app.nlp.syntax import SUBJECT_DEPS

NEAR_SENTENCES = 8  # entities named this many sentences back are candidates
MAIN_PEOPLE = 2  # the people named most often are candidates wherever the mention is


class DocumentFacts:
    """What the article shows of each of its entities: what each is (read at once: the hard
    constraints ask it of every proposal); where each is named outside quotation marks and
    where as a subject, where it speaks, the people named most and the pronouns the article
    gives each (read when the learned scorer first asks)."""

    def __init__(self, d: QuoteDoc, person_words: PersonWords,
                 salience: Callable[[], Salience], named_cue_at: Sequence[int]) -> None:
        self.d = d
        self.person_words = person_words
        self.entities = d.names.entities
        self.index = {id(e): n for n, e in enumerate(self.entities)}
        self.kinds: list[EntityKind] = [entity_kind(d, e, person_words) for e in self.entities]
        self._salience = salience
        self._named_cue_at = named_cue_at
        self._described: dict[int, set[str]] = {}  # read on first need
    @cached_property
    def salience(self) -> Salience:
        return self._salience()

    @cached_property
    def tokens(self) -> list[list[int]]:
        """Where each entity is named outside quotation marks, in text order: as salience
        reads the article (its names, and a surname the recogniser left out)."""
        found: list[list[int]] = [[] for _ in self.entities]
        for mentioned in self.salience.mentions:
            if isinstance(mentioned.referent, int):
                found[mentioned.referent].append(mentioned.token.i)
        return found

    @cached_property
    def subject_sentences(self) -> list[set[int]]:
        """The sentences in which each entity is named as a subject."""
        doc = self.d.doc
        return [{self.d.sentence_index(doc[i]) for i in tokens if doc[i].dep_ in SUBJECT_DEPS}
                for tokens in self.tokens]

    @cached_property
    def main(self) -> frozenset[int]:
        """The people named most often."""
        people = sorted((n for n, k in enumerate(self.kinds) if k.person),
                        key=lambda n: -len(self.tokens[n]))
        return frozenset(people[:MAIN_PEOPLE])

    @cached_property
    def speaking_at(self) -> list[tuple[int, int]]:
        """(token, entity) of each cue subject that is a name, in text order."""
        return sorted(self._speaking(self._named_cue_at))

    @cached_property
    def pronouns(self) -> dict[int, Counter]:
        return self._pronouns_given(self.salience)

    def _speaking(self, named_cue_at: Sequence[int]) -> list[tuple[int, int]]:
        """(token, entity) of each cue subject that is a name."""
        found = []
        for i in named_cue_at:
            name = self.d.names.name_at(self.d.doc[i])
            entity = self.d.names.entity_for(name) if name is not None else None
            if entity is not None:
                found.append((i, self.index[id(entity)]))
        return found

    def _pronouns_given(self, salience: Salience) -> dict[int, Counter]:
        """The genders of the he/she pronouns (outside quotes) salience gave each entity: the
        article's own word for them."""
        given: dict[int, Counter] = {}
        for i, ranking in salience.rankings.items():
            gender = pronoun_gender(self.d.doc[i])
            if gender is not None and ranking and ranking[0][0] is not None:
                n = self.index.get(id(ranking[0][0]))
                if n is not None:
                    given.setdefault(n, Counter())[(i, gender)] += 1
        return given

    @cached_property
    def paragraph_starts(self) -> list[int]:
        return [0] + [n + 1 for n, ch in enumerate(self.d.text) if ch == "\n"]

    def paragraph(self, token: Token) -> int:
        return bisect.bisect_right(self.paragraph_starts, token.idx) - 1

    def described(self, n: int) -> set[str]:
        """The role words the article used for entity ``n`` (its descriptions and titles)."""
        if n not in self._described:
            self._described[n] = role_words(self.entities[n], self.d.lexicon)
        return self._described[n]

    def last_before(self, n: int, token_i: int) -> int:
        """The token of entity ``n``'s last mention outside quotes before ``token_i``; -1."""
        tokens = self.tokens[n]
        k = bisect.bisect_left(tokens, token_i)
        return tokens[k - 1] if k else -1

    def near(self, head: Token) -> list[int]:
        """Entities named outside quotes within NEAR_SENTENCES before the mention or in its
        sentence, nearest first."""
        d = self.d
        first = d.sentence_starts[max(0, d.sentence_index(head) - NEAR_SENTENCES)]
        end = head.sent.end
        found = []
        for n, tokens in enumerate(self.tokens):
            k = bisect.bisect_left(tokens, end)
            if k and tokens[k - 1] >= first:
                found.append((-self.last_before(n, head.i), n))
        return [n for _, n in sorted(found)]


