"""Who "he", "she", "the senator" and "the statement" are, by salience (``app.core.salience``):
the article is read in order; every name outside quotation marks adds to its entity's salience
by what it is in its sentence, and every mention that points back (he/she/his/her, a definite
role, body or writing) goes to the most salient entity it can stand for, in one of a few named
ways (``Way``), and adds to it in turn. A quote's speaker mention then reads the ranking at its
place.

What the article teaches about its people is an explicit step between two readings: the first
reading ranks with what honorifics, first names and nouns say; the pronouns and roles it gave
each person then tell that person's gender and what they are called ("one voter … She asked"
is a woman; "the Vermont senator" is a senator), and the second reading ranks with that.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from spacy.tokens import Token

from app.core.salience import AGAINST_HINT, SalienceTracker
from app.nlp.document import QuoteDoc
from app.nlp.gender import FEMALE, MALE, PRONOUN_GENDER, PersonWords, honorific_gender
from app.nlp.names import NamedEntity
from app.nlp.people import PLACE_LABELS, introduces, is_person, role_words
from app.nlp.salience_mentions import Key, MentionReader, UnnamedPerson, roles
from app.nlp.syntax import is_age

MAIN_PEOPLE = 2  # the people named most: who "the nominee" can be when they lead


def fit(entity: NamedEntity, pronoun: str, person_words: PersonWords) -> float:
    """How well a person fits he or she: not at all against an honorific, little against a
    first name."""
    wanted = PRONOUN_GENDER[pronoun]
    if honorific_gender(entity) not in (None, wanted):
        return 0.0
    return AGAINST_HINT if person_words.first_name_gender(entity) not in (None, wanted) else 1.0




class Way(StrEnum):
    """How a mention that points back is ranked: each way is a rule of its own."""

    PRONOUN = "pronoun"  # he or she: among the people who fit
    OUTLET = "outlet"  # "the newspaper": among the outlets named
    BODY = "body"  # "the group": among the organisations that are no outlet
    WRITING = "writing"  # "the statement": among bodies, outlets and people described
    DESCRIBED = "described"  # "the neurosurgeon": people described so, or brought in so unnamed
    INTRODUCED = "introduced"  # "the organizer" after "an organizer": nobody named
    SUBJECT_BEFORE = "subject_before"  # "Cuban … the investor": the person just named as subject
    PUBLIC_LEADER = "public_leader"  # "the nominee": the article's main person, when leading
    AGE_LEADER = "age_leader"  # "the 46-year-old": whoever leads


@dataclass(frozen=True)
class Knowledge:
    """What ranking reads of each referent: how well it fits he and she, and the role words
    each named person was described with."""

    fits: dict[str, dict[Key, float]]
    described: dict[int, frozenset[str]]


@dataclass(frozen=True)
class Ranked:
    """The ranking at a mention that points back: how, and who, most salient first."""

    way: Way
    ranking: list[tuple[Key, float]] = field(default_factory=list)


def _named_first(key: Key) -> tuple[int, int]:
    """Of two equally salient referents, a named one first (in the order of the entities),
    then somebody unnamed, in the order the text brings them in."""
    return (1, key.at) if isinstance(key, UnnamedPerson) else (0, key)


class Salience:
    """The salience ranking at every mention that points back, outside quotation marks: he and
    she among the people the document names and those it brings in without a name ("a doctor
    said …": a pronoun that goes to one of them is somebody the article does not name); a
    definite role among the people described with it; a body ("the group") among the
    organisations; a writing ("the statement") among people and organisations."""

    def __init__(self, d: QuoteDoc, person_words: PersonWords) -> None:
        self.d = d
        self.person_words = person_words
        self.entities = d.names.entities
        self.people = [n for n, e in enumerate(self.entities)
                       if is_person(e, person_words, d.lexicon)]
        self.mentions = MentionReader(d, person_words, self.people).read()
        self._main = set(sorted(self.people, key=lambda n: -len(self.entities[n].spans))
                         [:MAIN_PEOPLE])
        self._unnamed_nouns = {m.referent.noun for m in self.mentions
                               if isinstance(m.referent, UnnamedPerson)}
        self._outlets = {n for n, e in enumerate(self.entities)
                         if e.key and e.key[-1] in d.lexicon.outlet_words
                         and e.label not in PLACE_LABELS and n not in self.people}
        self._bodies = {n for n, e in enumerate(self.entities)
                        if e.label == "ORG" and n not in self.people} - self._outlets
        self._subject_of = self._subjects()
        first = self._first_knowledge()
        self.ranked = self._walk(self._learned(first, self._walk(first)))
        self.rankings: dict[int, list[tuple[NamedEntity | None, float]]] = {
            i: [(self._entity(key), score) for key, score in r.ranking]
            for i, r in self.ranked.items()}

    def _entity(self, key: Key) -> NamedEntity | None:
        return self.entities[key] if isinstance(key, int) else None

    def _first_knowledge(self) -> Knowledge:
        """What honorifics, first names and nouns say, before the article is read."""
        fits: dict[str, dict[Key, float]] = {
            gender: {n: fit(self.entities[n], gender, self.person_words) for n in self.people}
            for gender in ("he", "she")}
        for m in self.mentions:
            if isinstance(m.referent, UnnamedPerson):
                gender = self.person_words.noun_gender(m.referent.noun)
                fits["he"][m.referent] = 0.0 if gender == FEMALE else 1.0
                fits["she"][m.referent] = 0.0 if gender == MALE else 1.0
        described = {n: frozenset(role_words(self.entities[n], self.d.lexicon))
                     for n in self.people}
        return Knowledge(fits, described)

    def _learned(self, knowledge: Knowledge, ranked: dict[int, Ranked]) -> Knowledge:
        """What the first reading teaches: the first he or she given to somebody whose gender
        nothing showed tells it ("one voter … She asked … He started" is not the voter; for
        somebody unnamed it is all we know, for a named person a hint, as the pronoun may
        have gone to the wrong one); a definite role given to a described person is a word
        for them from then on ("the Vermont senator" … "the senator"), and for nobody else."""
        fits = {gender: dict(table) for gender, table in knowledge.fits.items()}
        described = {n: set(words) for n, words in knowledge.described.items()}
        taught: set[Key] = set()
        given: set[str] = set()  # a role goes to the first person it is given to
        for i in sorted(ranked):
            r = ranked[i]
            if not r.ranking:
                continue
            chosen, token = r.ranking[0][0], self.d.doc[i]
            if r.way is Way.PRONOUN and chosen not in taught:
                taught.add(chosen)
                same, other = ("he", "she") if PRONOUN_GENDER[token.lower_] == MALE else (
                    "she", "he")
                if knowledge.fits[other].get(chosen) == knowledge.fits[same].get(chosen) == 1.0:
                    unnamed = isinstance(chosen, UnnamedPerson)
                    fits[other][chosen] = 0.0 if unnamed else AGAINST_HINT
            elif (r.way is not Way.PRONOUN and isinstance(chosen, int) and chosen in described
                  and token.lemma_.lower() not in given):
                given.add(token.lemma_.lower())
                described[chosen].add(token.lemma_.lower())
        return Knowledge(fits, {n: frozenset(words) for n, words in described.items()})

    def _walk(self, knowledge: Knowledge) -> dict[int, Ranked]:
        """One reading of the article: the ranking at each mention that points back."""
        tracker = SalienceTracker(tie_break=_named_first)
        ranked: dict[int, Ranked] = {}
        for m in self.mentions:
            tracker.advance(self.d.sentence_index(m.token))
            if m.referent is not None:
                tracker.add(m.referent, m.roles)
                continue
            r = ranked[m.token.i] = self._rank(tracker, m.token, knowledge)
            if r.ranking:
                tracker.add(r.ranking[0][0], m.roles)
        return ranked

    def _rank(self, tracker: SalienceTracker, token: Token, knowledge: Knowledge) -> Ranked:
        """The candidates for a mention that points back, most salient first."""
        lemma, lexicon = token.lemma_.lower(), self.d.lexicon
        if token.pos_ == "PRON":
            fits = knowledge.fits["he" if PRONOUN_GENDER[token.lower_] == MALE else "she"]
            return Ranked(Way.PRONOUN, tracker.ranking(lambda n: fits.get(n, 0.0)))
        if lemma in lexicon.publication_nouns:  # an outlet named, else any organisation
            outlets = tracker.ranking(lambda n: float(n in self._outlets))
            if outlets:
                return Ranked(Way.OUTLET, outlets)
            return Ranked(Way.BODY, tracker.ranking(lambda n: float(n in self._bodies)))
        if lemma in lexicon.body_nouns:
            return Ranked(Way.BODY, tracker.ranking(lambda n: float(n in self._bodies)))
        if lemma in lexicon.document_nouns:  # by whoever the text is about here
            return Ranked(Way.WRITING, tracker.ranking(lambda n: float(
                n in self._bodies or n in self._outlets or n in knowledge.described)))
        return self._rank_role(tracker, token, knowledge)

    def _rank_role(self, tracker: SalienceTracker, token: Token, knowledge: Knowledge
                   ) -> Ranked:
        """Who a definite role noun can be: the people the text described with it or brought
        in with it unnamed; nobody named when it brought somebody in so before ("an
        organizer" … "the organizer"); else the person named as the subject here or just
        before ("Cuban … the investor took questions"); else, for a public role, the
        article's main person when they lead the salience of people here ("the nominee");
        for an age, the person who leads ("the 46-year-old")."""
        lemma = token.lemma_.lower()
        ranking = tracker.ranking(lambda n: float(
            lemma in knowledge.described.get(n, ()) if isinstance(n, int) else n.noun == lemma))
        if ranking:
            return Ranked(Way.DESCRIBED, ranking)
        if lemma in self._unnamed_nouns or self.introduced(token):
            return Ranked(Way.INTRODUCED)
        if (subject := self._subject_before(token)) is not None:
            return Ranked(Way.SUBJECT_BEFORE, tracker.ranking(lambda n: float(n == subject)))
        leader = tracker.ranking(lambda n: float(n in knowledge.described))[:1]
        if is_age(self.d, token):
            return Ranked(Way.AGE_LEADER, leader)
        if lemma in self.d.lexicon.public_roles:
            return Ranked(Way.PUBLIC_LEADER, [p for p in leader if p[0] in self._main])
        return Ranked(Way.DESCRIBED)

    def introduced(self, token: Token) -> bool:
        """The noun came before with an indefinite article: "greeted by an organizer" … "the
        organizer told them" is that one."""
        return self._first_indefinite.get(token.lemma_.lower(), token.i) < token.i

    @cached_property
    def _first_indefinite(self) -> dict[str, int]:
        """Each noun, and where an indefinite article first brought it in."""
        first: dict[str, int] = {}
        for token in self.d.doc:
            if introduces(token):
                first.setdefault(token.lemma_.lower(), token.i)
        return first

    def _subjects(self) -> dict[int, int]:
        """Each sentence, and the first person its main clause is about by name."""
        found: dict[int, int] = {}
        people = set(self.people)
        for m in self.mentions:
            if m.referent in people and "subject" in m.roles:
                found.setdefault(self.d.sentence_index(m.token), m.referent)
        return found

    def _subject_before(self, token: Token) -> int | None:
        """For "the" and a role noun that is what its own clause is about and says nothing
        more of the person (no clause of its own, unlike "the designer, who works for …"):
        the person the sentence is about, or the one before it ("Mark Cuban is sizing up the
        field. … the investor took questions"): news names a person and then goes on with a
        description of them."""
        if (not any(c.lower_ == "the" and c.dep_ == "det" for c in token.children)
                or "subject" not in roles(self.d, token)
                or any(c.dep_ in ("relcl", "acl") for c in token.children)):
            return None
        sentence = self.d.sentence_index(token)
        return self._subject_of.get(sentence, self._subject_of.get(sentence - 1))

    def ranking(self, mention: Token) -> list[tuple[NamedEntity | None, float]]:
        """The people a he/she or a definite role can stand for at its place, most salient
        first (None: somebody the article brought in without a name)."""
        return self.rankings.get(mention.i, [])

    def way(self, mention: Token) -> Way | None:
        """How the mention was ranked (None: it points back to nobody, or is no mention)."""
        r = self.ranked.get(mention.i)
        return r.way if r is not None else None
