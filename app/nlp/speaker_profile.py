"""Who a speaker is, as the article itself says it: their gender, from its own words only; whether
nobody named speaks (an anonymous source, a group, a writing) and how the article describes
them; and the organisation it ties them to.

Gender rests on what the article says of the speaker: the pronouns of their own quotes ("…,"
she said), honorifics (Mr., Mrs., Ms.) and gendered nouns it describes them with
("spokeswoman", "congressman", "mother"); where it says none of these, on the he/she/his/her
salience gives them with no close runner-up. Never on a first name, a list of names or anything
outside the article. No evidence, or evidence both ways, gives no gender (then both sides are
listed).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from app.core.results import Evidence, TextSpan
from app.core.salience import CLOSE
from app.nlp.document import QuoteDoc
from app.nlp.gender import FEMALE, HONORIFICS, MALE, PRONOUN_GENDER, PersonWords
from app.nlp.mentions import MentionKind, mention_kind
from app.nlp.names import NamedEntity
from app.nlp.people import describing_nouns
from app.nlp.salience import Salience, Way
from app.nlp.salience_mentions import UnnamedPerson

GENDERS = {MALE: "male", FEMALE: "female"}
MAX_EVIDENCE = 12  # pieces listed, at most: enough to see why, not every "he" of a profile
AFFILIATION_PREPOSITIONS = frozenset({"for", "of", "at", "with", "from"})
AFFILIATION_LABELS = frozenset({"ORG", "NORP"})
MAX_DESCRIPTION_TOKENS = 30
LOOKBACK = 3  # sentences back a he or she of somebody unnamed looks for its noun
KIND_OF_UNNAMED = {MentionKind.WRITING: "writing", MentionKind.BODY: "organisation",
                   MentionKind.GROUP_PRONOUN: "group", MentionKind.THING: "thing"}


@dataclass(frozen=True)
class Profile:
    """A named speaker: gender (None: the article does not say, or says both), the evidence,
    and the organisation the article ties them to."""

    gender: str | None
    evidence: tuple[Evidence, ...]
    affiliation: TextSpan | None


@dataclass(frozen=True)
class Unnamed:
    """A speaker nobody names: what kind of speaker (a person, a group, an organisation, a
    writing, a thing), the words that describe them, their organisation, and the gender the
    article gives them."""

    kind: str
    description: TextSpan | None
    affiliation: TextSpan | None
    gender: str | None
    evidence: tuple[Evidence, ...]


class Profiles:
    """The profiles of one document's speakers."""

    def __init__(self, d: QuoteDoc, person_words: PersonWords,
                 salience: Callable[[], Salience]) -> None:
        self.d = d
        self.person_words = person_words
        self.salience = salience

    # -- named --------------------------------------------------------------------------------
    def of_entity(self, entity: NamedEntity, mentions: Iterable[Span]) -> Profile:
        """``mentions``: the speaker mentions of the quotes given to the entity."""
        stated = [*self._pronouns(mentions), *self._honorifics(entity),
                  *self._gendered_nouns(entity)]
        gender, evidence = _judged(stated or list(self._salient_pronouns(entity)))
        return Profile(gender, evidence, self._affiliation_of_entity(entity))

    def _salient_pronouns(self, entity: NamedEntity) -> Iterator[Evidence]:
        """He/she/his/her outside quotes that salience gives the entity, clearly."""
        salience = self.salience()
        for i, ranked in salience.ranked.items():
            if ranked.way is not Way.PRONOUN or not ranked.ranking:
                continue
            (key, top), rest = ranked.ranking[0], ranked.ranking[1:]
            if (isinstance(key, int) and self.d.names.entities[key] is entity
                    and not any(score >= CLOSE * top for _, score in rest)):
                yield from self._pronouns([self.d.doc[i:i + 1]])

    def _pronouns(self, mentions: Iterable[Span]) -> Iterator[Evidence]:
        for mention in mentions:
            gender = PRONOUN_GENDER.get(mention.text.lower()) if len(mention) == 1 else None
            if gender is not None and mention.root.pos_ == "PRON":
                yield _evidence(mention, gender, "pronoun")

    def _honorifics(self, entity: NamedEntity) -> Iterator[Evidence]:
        for span in entity.spans:
            before = span.doc[span.start - 1] if span.start > 0 else None
            if before is not None and before.lower_ in HONORIFICS:
                yield _evidence(span.doc[before.i:before.i + 1], HONORIFICS[before.lower_],
                                "honorific")

    def _gendered_nouns(self, entity: NamedEntity) -> Iterator[Evidence]:
        for span in entity.spans:
            for noun in describing_nouns(span):  # nouns only, as _noun_gender asks
                yield from self._noun_gender(noun)

    def _affiliation_of_entity(self, entity: NamedEntity) -> TextSpan | None:
        """The first organisation the article ties the entity to: named in a title or a
        description before the name ("NATO Secretary-General Jens Stoltenberg"), or in an
        apposition's phrase ("Ruth Alder, a spokeswoman for Pfizer", "Jeff Weaver, Sanders's
        campaign manager")."""
        for span in entity.spans:
            before = span.start - 1
            while before >= 0 and span.doc[before].pos_ in ("NOUN", "ADJ", "PROPN", "PUNCT"):
                found = self._organisation_at(span.doc[before], entity)
                if found is not None:
                    return found
                before -= 1
            for noun in describing_nouns(span):
                found = self._affiliation_of_noun(noun, entity)
                if found is not None:
                    return found
        return None

    # -- nobody named -------------------------------------------------------------------------
    def of_unnamed(self, mention: Span) -> Unnamed:
        """A speaker mention no entity stands for: anonymous, unless it is a capitalised word
        the recogniser did not take for a name ("Trump" tagged a noun), which names somebody."""
        head = mention.root
        kind = mention_kind(self.d, head, self.person_words)
        if kind is MentionKind.THING and head.text[:1].isupper() and not head.is_sent_start:
            return Unnamed("named", None, None, None, ())
        introduced = self._unnamed_person(head)
        noun = self.d.doc[introduced.at] if introduced is not None else head
        if noun.pos_ == "PRON" and kind is MentionKind.PERSON_PRONOUN:
            noun = self._noun_before(head, self._may_be_the_person) or noun
        elif noun.pos_ == "PRON" and kind is MentionKind.GROUP_PRONOUN:
            noun = self._noun_before(head, _agrees_in_number) or noun
        described = _description(self.d, noun) if noun.pos_ in ("NOUN", "PROPN", "NUM") else None
        plural = noun.tag_ in ("NNS", "NNPS")
        gender, evidence = _judged([*self._pronouns([mention]), *self._noun_gender(noun)])
        return Unnamed("group" if plural else KIND_OF_UNNAMED.get(kind, "person"), described,
                       self._affiliation_of_noun(noun, None), gender, evidence)

    def _unnamed_person(self, head: Token) -> UnnamedPerson | None:
        """The somebody-without-a-name salience gave a pronoun ("A doctor … she said")."""
        ranked = self.salience().ranked.get(head.i)
        if ranked is None or not ranked.ranking:
            return None
        key = ranked.ranking[0][0]
        return key if isinstance(key, UnnamedPerson) else None

    def _noun_before(self, pronoun: Token, fits: Callable[[Token, Token], bool]
                     ) -> Token | None:
        """For a pronoun nobody named stands behind: the last noun before it, within a few
        sentences and outside quotes, that it ``fits`` ("the woman … she said", "a sign
        reading … it said")."""
        first = self.d.sentence_starts[max(0, self.d.sentence_index(pronoun) - LOOKBACK)]
        return next((token for token in reversed(self.d.doc[first:pronoun.i])
                     if token.pos_ == "NOUN" and self.d.quote_of[token.i] == -1
                     and fits(token, pronoun)), None)

    def _may_be_the_person(self, noun: Token, pronoun: Token) -> bool:
        """A singular noun for a person whose gender does not rule out the pronoun's."""
        return (noun.tag_ == "NN"
                and mention_kind(self.d, noun, self.person_words) is MentionKind.ROLE
                and self.person_words.noun_gender(noun.lemma_.lower())
                in (None, PRONOUN_GENDER.get(pronoun.lower_)))

    def _noun_gender(self, noun: Token) -> Iterator[Evidence]:
        gender = self.person_words.noun_gender(noun.lemma_.lower())
        if gender is not None and noun.pos_ == "NOUN":
            yield _evidence(noun.doc[noun.i:noun.i + 1], gender, "role_noun")

    # -- organisations ------------------------------------------------------------------------
    def _affiliation_of_noun(self, noun: Token, entity: NamedEntity | None) -> TextSpan | None:
        """An organisation in a noun's phrase: "a spokeswoman for Pfizer", "Sanders's campaign
        manager" (the campaign of a named person), "a NATO official"."""
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in AFFILIATION_PREPOSITIONS:
                for argument in child.children:
                    if argument.dep_ == "pobj" and (found := self._organisation_at(
                            argument, entity, any_name=True)) is not None:
                        return found
            if child.dep_ == "poss" and (name := self.d.names.name_at(child)) is not None:
                body = next((c for c in noun.children if c.dep_ == "compound"
                             and c.lemma_.lower() in self.d.lexicon.body_nouns), None)
                end = body.i + 1 if body is not None else name.end
                return self.d.span(self.d.doc[name.start:end])
            if child.dep_ == "compound" and (found := self._organisation_at(child, entity)):
                return found
        return None

    def _organisation_at(self, token: Token, entity: NamedEntity | None,
                         any_name: bool = False) -> TextSpan | None:
        """The organisation whose name holds the token (not the speaker's own); with
        ``any_name``, whoever it is: the one a role works for ("a spokeswoman for Pfizer",
        "for Bernie Sanders", "the mayor of Chicago"), whatever the recogniser labelled it."""
        name = self.d.names.name_at(token)
        found = self.d.names.entity_for(name) if name is not None else None
        if found is None or found is entity or not (any_name
                                                    or found.label in AFFILIATION_LABELS):
            return None
        return self.d.span(name)


def _agrees_in_number(noun: Token, pronoun: Token) -> bool:
    """"They" for a plural noun, "it" and "that" for a singular one; a subject or an object."""
    plural = pronoun.lower_ in ("they", "them", "we")
    return noun.tag_ == ("NNS" if plural else "NN") and noun.dep_ in ("nsubj", "dobj", "pobj")


def _evidence(words: Span, gender: str, kind: str) -> Evidence:
    return Evidence(words.text, words.start_char, words.end_char, GENDERS[gender], kind)


def _judged(pieces: list[Evidence]) -> tuple[str | None, tuple[Evidence, ...]]:
    """The gender all the evidence agrees on (None: none, or both), and the evidence: every
    piece when it conflicts, else the first ones."""
    unique = sorted({(e.start, e.end, e.kind): e for e in pieces}.values(), key=lambda e: e.start)
    said = {e.says for e in unique}
    if len(said) != 1:
        # both sides, each in full up to the cap: what the conflict rests on
        return None, tuple([e for e in unique if e.says == "female"][:MAX_EVIDENCE // 2]
                           + [e for e in unique if e.says == "male"][:MAX_EVIDENCE // 2])
    return said.pop(), tuple(unique[:MAX_EVIDENCE])


def _description(d: QuoteDoc, noun: Token) -> TextSpan | None:
    """The words that describe somebody nobody names: the noun's phrase with what follows it
    ("a senior administration official who spoke on condition of anonymity"), outside quotes,
    within its sentence, without a trailing comma."""
    tokens = [t for t in noun.subtree if d.quote_of[t.i] == -1 and t.sent == noun.sent]
    if not tokens:
        return None
    first, last = tokens[0].i, tokens[-1].i
    last = min(last, first + MAX_DESCRIPTION_TOKENS - 1)
    while last > first and (d.doc[last].is_punct or d.doc[last].is_space):
        last -= 1
    while first < last and d.doc[first].is_punct:
        first += 1
    return d.span(d.doc[first:last + 1])
