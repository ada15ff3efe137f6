"""What an article shows of its people and organisations: who is a person, a place or a family,
what the text describes each with, which roles a role mention of them could use, and which nouns
bring somebody in with an indefinite article. Read by salience, the speaker's hard constraints
and its features alike."""

from __future__ import annotations

from spacy.tokens import Span, Token

from app.core.lexicon import Lexicon
from app.nlp.gender import PersonWords, honorific_gender
from app.nlp.names import NamedEntity
from app.nlp.syntax import SUBJECT_DEPS

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "NORP"})


def is_person(entity: NamedEntity, person_words: PersonWords, lexicon: Lexicon) -> bool:
    """A person, as far as the article shows: labelled one, given a title or an honorific,
    described by a noun for a person ("Nefzi, a board member", "pollster Whit Ayres"), or
    with a name that is not a place's and starts with a first name only men or only women
    bear ("Carly Fiorina" labelled an organisation; not "America"); never a name that ends
    like an organisation's or a building's ("Fox News", "Trump Tower"), nor a place the text
    puts things in ("in France"), nor a name only ever in the plural ("the Clintons")."""
    if (not entity.key or entity.key[-1] in lexicon.body_words or is_where(entity)
            or is_family(entity)):
        return False
    if (entity.label == "PERSON" or honorific_gender(entity) is not None
            or any(described_as_person(span, person_words.nouns) for span in entity.spans)):
        return True
    if entity.label in PLACE_LABELS:
        return False  # "U.S. chief": a title word near a place names nobody
    return bool(entity.titles) or person_words.first_name_gender(entity) is not None


def is_family(entity: NamedEntity) -> bool:
    """A one-word name only ever in the plural: a family or a group ("the Clintons"), no he
    or she (not "Whit Ayres", whose surname the tagger may take for a plural)."""
    return len(entity.key) == 1 and all(span.root.tag_ == "NNPS" for span in entity.spans)


LOCATIVE = frozenset({"in", "across", "throughout", "within"})


def is_where(entity: NamedEntity) -> bool:
    """A place the text puts things in ("in France"), whatever nouns describe it ("France,
    our oldest ally")."""
    return entity.label in PLACE_LABELS and any(
        span.root.dep_ == "pobj" and span.root.head.lower_ in LOCATIVE for span in entity.spans)


def described_as_person(name: Span, nouns: frozenset[str]) -> bool:
    """A noun for a person in apposition to a name, or right before it."""
    return bool(descriptions(name) & nouns)


def descriptions(name: Span) -> set[str]:
    """The nouns (lemmas) the text describes a name with: an apposition (``Nefzi, a board
    member``, ``the spokesman, John Kirby``), the words right before it (``retired
    neurosurgeon Ben Carson``), what it is said to be (``Carson is a neurosurgeon``)."""
    return {t.lemma_.lower() for t in describing_nouns(name)}


def describing_nouns(name: Span) -> list[Token]:
    """The nouns the text describes a name with (see ``descriptions``), with the nouns
    compounded with them ("campaign" of "campaign manager")."""
    root, doc = name.root, name.doc
    described = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        described.append(root.head)
    if root.dep_ in SUBJECT_DEPS and root.head.lemma_ == "be":
        described += [c for c in root.head.children if c.dep_ == "attr"]
    before = name.start - 1
    while before >= 0 and doc[before].pos_ in ("NOUN", "ADJ", "PROPN", "NUM"):
        described.append(doc[before])
        before -= 1
    nouns = [t for t in described if t.pos_ == "NOUN"]
    return nouns + [c for t in described for c in t.children
                    if c.dep_ == "compound" and c.pos_ == "NOUN"]


def role_words(entity: NamedEntity, lexicon: Lexicon) -> set[str]:
    """Every noun a role mention of this person could use: its descriptions, and its titles'
    words with what their abbreviations stand for ("Sen." → "senator")."""
    words = set().union(*(descriptions(span) for span in entity.spans))
    for title in entity.titles:
        for word in title.lower().split():
            words.add(word.strip(","))
            words.update(lexicon.title_forms.get(word, ()))
    return words


INDEFINITE = frozenset({"a", "an", "another", "one"})


def introduces(noun: Token) -> bool:
    """A noun with an indefinite article: "a group of parents", "an organizer"."""
    return noun.pos_ == "NOUN" and any(
        c.lower_ in INDEFINITE and c.dep_ == "det" for c in noun.children)
