"""What a speaker mention is, and who it can stand for at all.

A mention is typed once (``MentionKind``): a name, a person's pronoun, a group's pronoun, a
relative pronoun, an indefinite one, a role noun, a body that speaks as one, a writing, or a
thing. The hard constraints are named predicates over an entity and a mention kind, asked
before anyone is chosen: "he" is a person, "the group" an organisation or a person's (her
campaign), and nothing is ever a place the text puts things in or a thing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from spacy.tokens import Span, Token

from app.core.lexicon import Lexicon
from app.nlp.document import QuoteDoc
from app.nlp.gender import PRONOUN_GENDER, PersonWords, honorific_gender
from app.nlp.names import NamedEntity
from app.nlp.people import PLACE_LABELS, is_person, is_where
from app.nlp.syntax import is_age, relative_antecedent

# "another said", "one wrote", "someone shouted": somebody the article does not name
INDEFINITE_PRONOUNS = frozenset({"another", "one", "someone", "somebody", "anyone", "anybody",
                                 "others", "some", "many", "several", "few", "each", "all"})
# a person who says "I", "you", "me": whoever the text has talking
SPEAKING_PRONOUNS = frozenset({"i", "me", "you", "myself"})


class MentionKind(StrEnum):
    NAME = "name"  # "Stoltenberg", a transcript turn's label, a proper noun
    PERSON_PRONOUN = "person_pronoun"  # he, she, I
    GROUP_PRONOUN = "group_pronoun"  # it, they, we
    RELATIVE = "relative"  # "who" in "Cruz, who said"
    INDEFINITE = "indefinite"  # "another", "someone"
    ROLE = "role"  # a noun for a person: "the senator", "a spokesman", "the 46-year-old"
    BODY = "body"  # an organisation by its kind: "the group", "the campaign", "the newspaper"
    WRITING = "writing"  # "the statement", "the report"
    THING = "thing"  # a common noun that is none of these: "the use", "the center"


@dataclass(frozen=True)
class Mention:
    """A speaker mention: its words, its head and what kind of mention it is."""

    span: Span
    head: Token
    kind: MentionKind

    @property
    def lemma(self) -> str:
        return self.head.lemma_.lower()


def mention_kind(d: QuoteDoc, head: Token, person_words: PersonWords) -> MentionKind:
    """The kind of the mention whose head is ``head``."""
    if head.i in d.turn_labels or d.names.name_at(head) is not None or head.pos_ == "PROPN":
        return MentionKind.NAME
    if head.pos_ == "PRON":
        if relative_antecedent(head) is not None:
            return MentionKind.RELATIVE
        if head.lower_ in INDEFINITE_PRONOUNS:
            return MentionKind.INDEFINITE
        if head.lower_ in PRONOUN_GENDER or head.lower_ in SPEAKING_PRONOUNS:
            return MentionKind.PERSON_PRONOUN
        return MentionKind.GROUP_PRONOUN
    lemma, lexicon = head.lemma_.lower(), d.lexicon
    if lemma in lexicon.document_nouns or lemma in lexicon.speech_nouns:
        return MentionKind.WRITING
    if lemma in lexicon.body_nouns or lemma in lexicon.publication_nouns:
        return MentionKind.BODY
    if (lemma in lexicon.role_nouns or lemma in person_words.nouns
            or person_words.noun_gender(lemma) is not None or is_age(d, head)):
        return MentionKind.ROLE
    return MentionKind.THING


# -- hard constraints: who a mention can stand for at all ---------------------------------------
Constraint = Callable[[NamedEntity, "EntityKind"], bool]


@dataclass(frozen=True)
class EntityKind:
    """What the article shows an entity to be, read once per document."""

    person: bool
    where: bool  # a place the text puts things in ("in France")
    outlet: bool


def entity_kind(d: QuoteDoc, entity: NamedEntity, person_words: PersonWords) -> EntityKind:
    lexicon: Lexicon = d.lexicon
    person = is_person(entity, person_words, lexicon)
    outlet = (not person and bool(entity.key) and entity.key[-1] in lexicon.outlet_words
              and entity.label not in PLACE_LABELS)
    return EntityKind(person, is_where(entity), outlet)


def never_a_speaker(entity: NamedEntity, kind: EntityKind) -> bool:
    """A place the text puts things in ("in France"). (A name found only on headlines and tag
    lines is no entity at all: ``app.nlp.names``.)"""
    return kind.where


def a_person(entity: NamedEntity, kind: EntityKind) -> bool:
    return kind.person


def a_body(entity: NamedEntity, kind: EntityKind) -> bool:
    """An organisation, an outlet or a people ("the Democrats") by its label, never a place."""
    return entity.label in ("ORG", "NORP") or kind.outlet


def an_author(entity: NamedEntity, kind: EntityKind) -> bool:
    """Who writes: a person or a body."""
    return kind.person or a_body(entity, kind)


def anyone_named(entity: NamedEntity, kind: EntityKind) -> bool:
    return True


CONSTRAINTS: dict[MentionKind, Constraint | None] = {
    MentionKind.NAME: anyone_named,
    MentionKind.PERSON_PRONOUN: a_person,
    MentionKind.GROUP_PRONOUN: anyone_named,  # "it" and "they" can be a campaign's person
    MentionKind.RELATIVE: anyone_named,
    MentionKind.INDEFINITE: a_person,  # "one" is nobody named, unless a rule finds a name
    MentionKind.ROLE: a_person,  # or what the article called so: ``may_be``
    MentionKind.BODY: an_author,  # "her campaign said": the campaign speaks for her
    MentionKind.WRITING: an_author,
    MentionKind.THING: a_person,  # a thing is nobody, but a person a rule finds it stands for
}


def may_be(mention: Mention, entity: NamedEntity, kind: EntityKind,
           described: Callable[[], set[str]] = set) -> bool:
    """Whether an entity of this kind can stand behind the mention at all; a role noun also
    stands for whatever the article itself called by that noun (``described``: the words it
    described the entity with; "NatWest's corporate parent, the Royal Bank of Scotland")."""
    constraint = CONSTRAINTS[mention.kind]
    if constraint is None or never_a_speaker(entity, kind):
        return False
    allowed = constraint(entity, kind) or (mention.kind is MentionKind.ROLE
                                           and mention.lemma in described())
    return allowed and agrees_with_honorific(mention.head, entity)


def agrees_with_honorific(head: Token, entity: NamedEntity) -> bool:
    """He never stands for someone the article calls Mrs. or Ms., nor she for a Mr."""
    wanted = pronoun_gender(head)
    known = honorific_gender(entity) if wanted is not None else None
    return known is None or known == wanted


def pronoun_gender(head: Token) -> str | None:
    return PRONOUN_GENDER.get(head.lower_) if head.pos_ == "PRON" else None
