"""Who "he" and "she" are, by salience (``app.core.salience``): the article is read once, in
order; every name outside quotation marks adds to its person's salience by what it is in its
sentence, and every he/she/his/her outside quotation marks goes to the most salient person it
can stand for (a person, not of the other gender) and adds to them in turn. A quote's speaker
pronoun then reads the ranking at its place: the winner, and the runner-up when it came close.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from app.core.lexicon import Lexicon
from app.core.salience import AGAINST_HINT, SalienceTracker
from app.nlp.document import QuoteDoc
from app.nlp.gender import MALE, PRONOUN_GENDER, PersonWords, honorific_gender
from app.nlp.names import NamedEntity
from app.nlp.syntax import SUBJECT_DEPS, is_cue_verb

NOT_HEAD_DEPS = frozenset({"poss", "compound", "nmod"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "NORP"})


def roles(d: QuoteDoc, token: Token) -> list[str]:
    """What the mention headed by ``token`` is in its sentence, by the weights' names."""
    found = []
    dep, head = token.dep_, token.head
    if dep in ("appos", "conj") and head.dep_ in SUBJECT_DEPS:
        dep, head = head.dep_, head.head  # "the spokesman, John Kirby, said", "X and Y said"
    if dep in SUBJECT_DEPS:
        found.append("subject")
        if is_cue_verb(d, head):
            found.append("speaker")
    elif dep == "attr" and any(c.dep_ == "expl" for c in head.children):
        found.append("existential")
    elif dep == "dobj":
        found.append("object")
    elif dep in ("dative", "pobj"):
        found.append("indirect")
    if dep not in NOT_HEAD_DEPS and not (dep == "pobj" and head.head.pos_ in ("NOUN", "PROPN")):
        found.append("head")
    if not _in_adverbial_phrase(token):
        found.append("non_adverbial")
    return found


def _in_adverbial_phrase(token: Token) -> bool:
    """Inside a prepositional phrase that hangs on a verb: "In Trump's view, …"."""
    current = token
    for _ in range(4):
        if current.dep_ == "prep" and current.head.pos_ in ("VERB", "AUX"):
            return True
        if current.head == current:
            return False
        current = current.head
    return False


def is_person(entity: NamedEntity, person_words: PersonWords, lexicon: Lexicon) -> bool:
    """A person, as far as the article shows: labelled one, given a title or an honorific,
    described by a noun for a person ("Nefzi, a board member", "pollster Whit Ayres"), or
    with a name that is not a place's and starts with a first name only men or only women
    bear ("Carly Fiorina" labelled an organisation; not "America"); never a name that ends
    like an organisation's or a building's ("Fox News", "Trump Tower")."""
    if entity.key[-1] in lexicon.body_words:
        return False
    if (entity.label == "PERSON" or honorific_gender(entity) is not None
            or any(described_as_person(span, person_words.nouns) for span in entity.spans)):
        return True
    if entity.label in PLACE_LABELS:
        return False  # "U.S. chief": a title word near a place names nobody
    return bool(entity.titles) or person_words.first_name_gender(entity) is not None


def described_as_person(name: Span, nouns: frozenset[str]) -> bool:
    """A noun for a person in apposition to a name, or right before it."""
    root = name.root
    described = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        described.append(root.head)
    if name.start > 0 and name.doc[name.start - 1].pos_ == "NOUN":
        described.append(name.doc[name.start - 1])
    return any(t.pos_ == "NOUN" and t.lemma_.lower() in nouns for t in described)


def fit(entity: NamedEntity, pronoun: str, person_words: PersonWords) -> float:
    """How well a person fits he or she: not at all against an honorific, little against a
    first name."""
    wanted = PRONOUN_GENDER[pronoun]
    if honorific_gender(entity) not in (None, wanted):
        return 0.0
    return AGAINST_HINT if person_words.first_name_gender(entity) not in (None, wanted) else 1.0


class Salience:
    """The salience ranking at every he/she of one document outside quotation marks."""

    def __init__(self, d: QuoteDoc, person_words: PersonWords) -> None:
        self.d = d
        self.person_words = person_words
        self.entities = d.names.entities
        self.rankings: dict[int, list[tuple[NamedEntity, float]]] = {}
        people = [n for n, e in enumerate(self.entities)
                  if is_person(e, person_words, d.lexicon)]
        fits = {gender: {n: fit(self.entities[n], gender, person_words) for n in people}
                for gender in ("he", "she")}
        tracker = SalienceTracker()
        for token, entity in self._mentions():
            tracker.advance(d.sentence_index(token))
            if entity is not None:
                tracker.add(entity, roles(d, token))
                continue
            fits_here = fits["he" if PRONOUN_GENDER[token.lower_] == MALE else "she"]
            ranking = tracker.ranking(lambda n, fits_here=fits_here: fits_here.get(n, 0.0))
            self.rankings[token.i] = [(self.entities[n], s) for n, s in ranking]
            if ranking:
                tracker.add(ranking[0][0], roles(d, token))

    def _mentions(self) -> list[tuple[Token, int | None]]:
        """Name heads (with their entity) and he/she pronouns (with None) outside quotation
        marks, in text order. A proper noun the entity recogniser left out that is the last
        word of one person's name counts as a mention of them ("Wolfe spoke first")."""
        d = self.d
        found: list[tuple[Token, int | None]] = [
            (span.root, n) for n, entity in enumerate(self.entities) for span in entity.spans
            if d.quote_of[span.start] == -1]
        surnames: dict[str, list[int]] = {}
        for n, entity in enumerate(self.entities):
            if entity.label == "PERSON":
                surnames.setdefault(entity.key[-1], []).append(n)
        for token in d.doc:
            if d.quote_of[token.i] != -1:
                continue
            if token.lower_ in PRONOUN_GENDER and token.pos_ == "PRON":
                found.append((token, None))
            elif (token.pos_ == "PROPN" and d.names.name_at(token) is None
                  and len(owners := surnames.get(token.lower_, [])) == 1):
                found.append((token, owners[0]))
        return sorted(found, key=lambda pair: pair[0].i)

    def ranking(self, pronoun: Token) -> list[tuple[NamedEntity, float]]:
        """The people a he/she can stand for at its place, most salient first."""
        return self.rankings.get(pronoun.i, [])
